"""Chat sessions issued by the proxy: only sessions issued here may talk to the bot.

A session has two names. The *secret* is what the widget holds (in ``sessionStorage``) and
sends with each message; only its SHA-256 is stored. The *conversation id* is what Rasa,
the case database, the portal, logs and exports see: an HMAC of the secret with the server
key ``CONVERSATION_KEY``, which cannot be turned back into the secret, so seeing a
conversation id (in the inbox, an export, the tracker database) does not let anyone read
or continue the chat.

Sessions issued before conversation ids existed used the secret itself as the Rasa sender
id (``conversation_id`` is NULL in their row). They keep working: on their next request
the proxy moves the conversation to its derived id (:func:`pending_move`, then
:func:`finish_move`), and from then on the secret is nowhere but in the widget.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update

from bot.cases.db import session_scope
from bot.cases.models import Case, ChatSession, utcnow

SESSION_BYTES = 24  # 192 random bits


def session_hash(session_id: str) -> str:
    """What is stored of a session secret."""
    return hashlib.sha256(session_id.encode()).hexdigest()


def conversation_id(secret: str, key: str) -> str:
    """The conversation id of a session secret: an HMAC, not reversible without the key."""
    digest = hmac.new(key.encode(), secret.encode(), hashlib.sha256).hexdigest()
    return f"c{digest[:47]}"


@dataclass(frozen=True)
class Opened:
    """A valid session: its conversation id, and the old id to move it from, if any."""

    conversation_id: str
    legacy_id: str | None = None


def issue(key: str, url: str | None = None) -> str:
    """A new random session secret (URL-safe, 192 bits); only its hash is stored."""
    secret = secrets.token_urlsafe(SESSION_BYTES)
    with session_scope(url) as session:
        session.add(
            ChatSession(
                session_hash=session_hash(secret), conversation_id=conversation_id(secret, key)
            )
        )
    return secret


def open_session(secret: str, key: str, url: str | None = None) -> Opened | None:
    """The session of ``secret`` if this app issued it and it was not deleted (refreshes
    ``last_seen``); None otherwise."""
    if not secret or len(secret) > 64:
        return None
    with session_scope(url) as session:
        row = session.execute(
            select(ChatSession).where(ChatSession.session_hash == session_hash(secret))
        ).scalar_one_or_none()
        if row is None or row.deleted:
            return None
        row.last_seen = utcnow()
        if row.conversation_id is None:  # issued before conversation ids: still the secret
            return Opened(conversation_id(secret, key), legacy_id=secret)
        return Opened(row.conversation_id)


def finish_move(secret: str, key: str, url: str | None = None) -> None:
    """After Rasa moved an old session's events: its case and row take the derived id."""
    new = conversation_id(secret, key)
    with session_scope(url) as session:
        session.execute(
            update(Case).where(Case.conversation_id == secret).values(conversation_id=new)
        )
        session.execute(
            update(ChatSession)
            .where(ChatSession.session_hash == session_hash(secret))
            .values(conversation_id=new)
        )


def is_valid(secret: str, url: str | None = None) -> bool:
    """True when this app issued the session and it was not deleted."""
    return open_session(secret, "", url) is not None


def forget(secret: str, url: str | None = None) -> bool:
    """Mark a session deleted (the person deleted the conversation)."""
    with session_scope(url) as session:
        row = session.execute(
            select(ChatSession).where(ChatSession.session_hash == session_hash(secret))
        ).scalar_one_or_none()
        if row is None:
            return False
        row.deleted = True
        return True
