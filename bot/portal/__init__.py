"""The web app on port 8080: the chat proxy and widget, the city demo pages, the privacy
and accessibility statements, .ics files, and the coach and staff portal."""
