{{- define "jobbcoach-web.env" -}}
- {name: DATABASE_URL, valueFrom: {secretKeyRef: {name: {{ .Values.secretName }}, key: database-url}}}
- {name: TRACKER_DB_URL, valueFrom: {secretKeyRef: {name: {{ .Values.secretName }}, key: database-url}}}
- {name: RASA_TOKEN, valueFrom: {secretKeyRef: {name: {{ .Values.secretName }}, key: rasa-token}}}
- {name: ACTION_TOKEN, valueFrom: {secretKeyRef: {name: {{ .Values.secretName }}, key: action-token}}}
- {name: PORTAL_SECRET, valueFrom: {secretKeyRef: {name: {{ .Values.secretName }}, key: portal-secret}}}
- {name: CONVERSATION_KEY, valueFrom: {secretKeyRef: {name: {{ .Values.secretName }}, key: conversation-key}}}
- {name: RASA_URLS, value: {{ .Values.rasaUrls | quote }}}
- {name: PUBLIC_BASE_URL, value: {{ .Values.publicBaseUrl | quote }}}
- {name: EMBED_ORIGINS, value: {{ .Values.embedOrigins | quote }}}
- {name: SERVICE_PHONE, value: {{ .Values.servicePhone | quote }}}
- {name: SERVICE_AREA, value: {{ .Values.serviceArea | quote }}}
- {name: ACCESSIBILITY_EMAIL, value: {{ .Values.accessibilityEmail | quote }}}
- {name: RETENTION_DAYS, value: {{ .Values.retentionDays | quote }}}
- {name: RETENTION_IN_APP, value: "false"}   # the CronJob purges
- {name: TRUSTED_PROXY_HOPS, value: {{ .Values.trustedProxyHops | quote }}}
{{- end -}}
