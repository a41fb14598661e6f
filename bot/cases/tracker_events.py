"""Reading Rasa's tracker store (table ``events``) for the NLU inbox, statistics and export.

Run inside the Rasa process only, on the tracker store's own engine: the web app and the
CLI ask for these through the REST channel's token-protected routes
(bot/rasa_ext/conversations.py) and never open the tracker database. Read only.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from bot.rules.personal_data import mask

LOW_CONFIDENCE = 0.6


@dataclass(frozen=True)
class InboxMessage:
    """A user message the bot was unsure about."""

    key: str
    sender_id: str
    when: datetime
    text: str
    intent: str | None
    confidence: float
    language: str | None

    def to_dict(self) -> dict[str, Any]:
        """As JSON (the Rasa route's answer)."""
        return {
            "key": self.key,
            "sender_id": self.sender_id,
            "when": self.when.isoformat(),
            "text": self.text,
            "intent": self.intent,
            "confidence": self.confidence,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> InboxMessage:
        """From :meth:`to_dict`."""
        return cls(
            str(data["key"]),
            str(data["sender_id"]),
            datetime.fromisoformat(str(data["when"])),
            str(data["text"]),
            data.get("intent"),
            float(data.get("confidence") or 0.0),
            data.get("language"),
        )


def _key(sender: str, timestamp: float, message: str) -> str:
    return hashlib.sha256(f"{sender}|{timestamp}|{message}".encode()).hexdigest()[:32]


def _has_events(engine: Engine) -> bool:
    return "events" in inspect(engine).get_table_names()


def inbox(engine: Engine, limit: int = 200, exclude: set[str] | None = None) -> list[InboxMessage]:
    """Newest user messages that got nlu_fallback or a confidence below 0.6."""
    if not _has_events(engine):
        return []
    exclude = exclude or set()
    out: list[InboxMessage] = []
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT sender_id, timestamp, data FROM events WHERE type_name = 'user' "
                "ORDER BY id DESC LIMIT :scan"
            ),
            {"scan": limit * 20},
        )
        for sender, timestamp, data in rows:
            try:
                event: dict[str, Any] = json.loads(data or "{}")
            except ValueError:
                continue
            message = str(event.get("text") or "")
            if not message.strip() or message.startswith("/"):
                continue
            if (event.get("metadata") or {}).get("replayed") is True:
                continue
            parse = event.get("parse_data") or {}
            intent = (parse.get("intent") or {}).get("name")
            confidence = float((parse.get("intent") or {}).get("confidence") or 0.0)
            ranking = parse.get("intent_ranking") or []
            if intent == "nlu_fallback" and len(ranking) > 1:
                intent = ranking[1].get("name")
                confidence = float(ranking[1].get("confidence") or 0.0)
            elif confidence >= LOW_CONFIDENCE:
                continue
            key = _key(sender, float(timestamp or 0), message)
            if key in exclude:
                continue
            detection = parse.get("language_detection") or {}
            out.append(
                InboxMessage(
                    key,
                    sender,
                    datetime.fromtimestamp(float(timestamp or 0), timezone.utc),
                    mask(message)[:500],  # staff see what was asked, not who asked
                    intent,
                    confidence,
                    detection.get("language"),
                )
            )
            if len(out) >= limit:
                break
    return out


def fallback_rate(engine: Engine, since: datetime) -> tuple[int, int]:
    """(messages not understood, user messages) since ``since``."""
    if not _has_events(engine):
        return 0, 0
    with engine.connect() as conn:
        users = conn.execute(
            text("SELECT COUNT(*) FROM events WHERE type_name = 'user' AND timestamp >= :t"),
            {"t": since.timestamp()},
        ).scalar_one()
        fallbacks = conn.execute(
            text(
                "SELECT COUNT(*) FROM events WHERE type_name = 'action' AND timestamp >= :t "
                "AND action_name IN ('action_fallback', 'action_default_fallback')"
            ),
            {"t": since.timestamp()},
        ).scalar_one()
    return int(fallbacks), int(users)


def export_conversation(engine: Engine, sender_id: str) -> list[dict[str, Any]]:
    """What was said in one conversation (every session): time, who, text."""
    if not _has_events(engine):
        return []
    out: list[dict[str, Any]] = []
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT timestamp, type_name, data FROM events WHERE sender_id = :s "
                "AND type_name IN ('user', 'bot') ORDER BY id"
            ),
            {"s": sender_id},
        )
        for timestamp, type_name, data in rows:
            try:
                event: dict[str, Any] = json.loads(data or "{}")
            except ValueError:
                continue
            if (event.get("metadata") or {}).get("replayed") is True:
                continue  # handed on when a form was left: the person said it once
            out.append(
                {
                    "time": datetime.fromtimestamp(float(timestamp), timezone.utc).isoformat(),
                    "from": "person" if type_name == "user" else "bot",
                    "text": event.get("text"),
                }
            )
    return out
