"""The live chat's upkeep: chats whose coach went away, requests nobody took or that
waited far too long, and erasure and retention of chats with their messages. Run by the
web app's live chat job (bot/portal/live_flow.py) and the privacy module; each change is
one conditional UPDATE, so several instances do it once.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from bot.cases.db import session_scope
from bot.cases.models import Case, LiveChat, LiveMessage
from bot.rules import live_chat
from bot.rules.timefmt import as_utc

OPEN = ("waiting", "active")


def lost_chats(now: datetime, timeout: timedelta, url: str | None = None) -> list[int]:
    """Active chats whose coach has not been seen for ``timeout`` (browser closed)."""
    with session_scope(url) as session:
        rows = session.execute(
            select(LiveChat.id, LiveChat.coach_seen_at).where(LiveChat.status == "active")
        ).all()
        return [i for i, seen in rows if live_chat.coach_gone(as_utc(seen), now, timeout)]


def expire_waiting(now: datetime, older_than: timedelta, url: str | None = None) -> int:
    """Waiting chats asked for longer ago than ``older_than``: the person has gone (they
    never wait that long for an answer); they leave the queue, which stays honest."""
    with session_scope(url) as session:
        done = session.execute(
            update(LiveChat)
            .where(LiveChat.status == "waiting", LiveChat.requested_at < now - older_than)
            .values(status="left", end_reason="expired", ended_at=now)
        )
        return int(done.rowcount or 0)


# requests nobody took ---------------------------------------------------------------------


def notify_unanswered(now: datetime, minutes: float, url: str | None = None) -> list[int]:
    """Waiting chats older than ``minutes`` that no coach took: once each, the team's
    coaches in the chat's language are told by e-mail (a link only) and the request is put
    in the team's work queue. The ids of the chats handled now."""
    from bot.cases import work_queue
    from bot.cases.repository import case_in

    handled = []
    cutoff = now - timedelta(minutes=minutes)
    with session_scope(url) as session:
        ids = session.execute(
            select(LiveChat.id).where(
                LiveChat.status == "waiting",
                LiveChat.notified_at.is_(None),
                LiveChat.requested_at <= cutoff,
            )
        ).scalars()
        for chat_id in list(ids):
            won = session.execute(
                update(LiveChat)
                .where(LiveChat.id == chat_id, LiveChat.notified_at.is_(None))
                .values(notified_at=now)
            )
            if won.rowcount != 1:
                continue
            chat = session.get(LiveChat, chat_id)
            assert chat is not None
            if chat.case_id is None:
                chat.case_id = case_in(session, chat.conversation_id, chat.language).id
            case = session.get(Case, chat.case_id)
            assert case is not None
            work_queue.live_unanswered(session, case, chat.id, chat.team, chat.language)
            handled.append(chat_id)
    return handled


def delete_chats(
    session: Session, conversation_ids: Collection[str], case_ids: Collection[int]
) -> int:
    """Erasure and retention: these conversations' live chats and their messages."""
    chats = select(LiveChat.id).where(
        or_(
            LiveChat.conversation_id.in_(list(conversation_ids)),
            LiveChat.case_id.in_(list(case_ids)),
        )
    )
    return _delete(session, list(session.execute(chats).scalars()))


def purge_chats(session: Session, cutoff: datetime) -> int:
    """Retention: closed live chats requested before ``cutoff``."""
    old = select(LiveChat.id).where(LiveChat.requested_at < cutoff, LiveChat.status.not_in(OPEN))
    return _delete(session, list(session.execute(old).scalars()))


def _delete(session: Session, ids: list[int]) -> int:
    if not ids:
        return 0
    session.execute(delete(LiveMessage).where(LiveMessage.chat_id.in_(ids)))
    return int(session.execute(delete(LiveChat).where(LiveChat.id.in_(ids))).rowcount or 0)


def forget_conversation(conversation_id: str, url: str | None = None) -> int:
    """The person deleted the conversation in the widget: its live chats go with it."""
    with session_scope(url) as session:
        return delete_chats(session, [conversation_id], [])
