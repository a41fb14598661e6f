"""A coach's availability for live chats: available, busy or away, fresh only while
their live page is open, gone when their portal session ends."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update

from bot.cases.db import session_scope
from bot.cases.models import CoachPresence, utcnow
from bot.rules import live_chat
from bot.rules.timefmt import as_utc

OPEN = ("waiting", "active")


def set_presence(
    user_id: int, status: str, now: datetime | None = None, url: str | None = None
) -> None:
    """Set a coach's availability (available / busy / away)."""
    if status not in live_chat.PRESENCE:
        raise ValueError(f"unknown availability {status!r}")
    with session_scope(url) as session:
        row = session.get(CoachPresence, user_id)
        if row is None:
            session.add(CoachPresence(user_id=user_id, status=status, seen_at=now or utcnow()))
        else:
            row.status, row.seen_at = status, now or utcnow()


def presence_seen(user_id: int, now: datetime | None = None, url: str | None = None) -> None:
    """The coach's live page is open: keep their availability fresh."""
    with session_scope(url) as session:
        session.execute(
            update(CoachPresence)
            .where(CoachPresence.user_id == user_id)
            .values(seen_at=now or utcnow())
        )


def presence_of(user_id: int, idle: timedelta, url: str | None = None) -> str:
    """A coach's availability as others see it: "away" once it went stale."""
    with session_scope(url) as session:
        row = session.get(CoachPresence, user_id)
        if row is None:
            return "away"
        if row.status != "away" and utcnow() - as_utc(row.seen_at) > idle:
            return "away"
        return row.status


def clear_presence(user_id: int, url: str | None = None) -> None:
    """The coach's portal session ended: not available any more."""
    with session_scope(url) as session:
        session.execute(delete(CoachPresence).where(CoachPresence.user_id == user_id))
