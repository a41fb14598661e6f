"""Chat sessions issued by the proxy: only sessions issued here may talk to the bot."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from bot.cases.db import session_scope
from bot.cases.models import ChatSession, utcnow

SESSION_BYTES = 24  # 192 random bits


def session_hash(session_id: str) -> str:
    """What is stored of a session id."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def issue(url: str | None = None) -> str:
    """A new random session id (URL-safe, 192 bits); only its hash is stored."""
    session_id = secrets.token_urlsafe(SESSION_BYTES)
    with session_scope(url) as session:
        session.add(ChatSession(session_hash=session_hash(session_id)))
    return session_id


def is_valid(session_id: str, url: str | None = None) -> bool:
    """True when this app issued the session and it was not deleted; refreshes last_seen."""
    if not session_id or len(session_id) > 64:
        return False
    with session_scope(url) as session:
        row = session.execute(
            select(ChatSession).where(ChatSession.session_hash == session_hash(session_id))
        ).scalar_one_or_none()
        if row is None or row.deleted:
            return False
        row.last_seen = utcnow()
        return True


def forget(session_id: str, url: str | None = None) -> bool:
    """Mark a session deleted (the person deleted the conversation)."""
    with session_scope(url) as session:
        row = session.execute(
            select(ChatSession).where(ChatSession.session_hash == session_hash(session_id))
        ).scalar_one_or_none()
        if row is None:
            return False
        row.deleted = True
        return True
