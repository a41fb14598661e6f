"""Live chats with a human egencoach: the queue, the take, the messages, availability.

The database is the record: a chat's messages are rows in ``live_messages`` in order of
their id, so a widget or portal page that reconnects asks for what came after the last id
it has, and a restarted web-app instance loses nothing. Notifications between instances
(bot/portal/live_bus.py) only say "something changed".

A coach takes a waiting chat with one conditional UPDATE (``status = 'waiting'``), so of
two coaches taking at once exactly one gets it; the partial unique index
``uq_live_chats_open`` allows one open chat per conversation. The same pattern ends a chat
whose coach went away: whichever instance's job gets there first does it, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.cases.db import read_scope, session_scope
from bot.cases.models import (
    Case,
    Coach,
    CoachPresence,
    LiveChat,
    LiveMessage,
    User,
    utcnow,
)
from bot.config import LiveSettings
from bot.rules import live_chat, teams
from bot.rules.opening_hours import is_open, next_opening, parse_hours
from bot.rules.timefmt import as_utc

OPEN = ("waiting", "active")
SENDERS = ("person", "coach", "bot", "system")


@dataclass(frozen=True)
class ChatInfo:
    """A live chat as the widget, the portal and the bot need it."""

    id: int
    conversation_id: str
    case_public_id: str | None
    team: str
    language: str
    municipality: str | None
    status: str
    coach_user_id: int | None
    coach_name: str | None
    coach_id: int | None  # the coach record of the portal user who took it
    requested_at: datetime
    taken_at: datetime | None
    end_reason: str | None
    ended_at: datetime | None = None


@dataclass(frozen=True)
class MessageRow:
    """One message of a live chat."""

    id: int
    sender: str
    name: str | None
    text: str
    payload: dict[str, Any] | None
    created_at: datetime


@dataclass(frozen=True)
class Request:
    """The outcome of asking for a human: the offer, the chat (queued) and when it opens."""

    offer: live_chat.LiveOffer
    chat_id: int | None
    opens_at: datetime | None  # closed now: the next opening


def _info(session: Session, chat: LiveChat) -> ChatInfo:
    case_id = chat.case_id
    case = session.get(Case, case_id) if case_id else None
    public = case.public_id if case else None
    user = session.get(User, chat.coach_user_id) if chat.coach_user_id else None
    return ChatInfo(
        chat.id,
        chat.conversation_id,
        public,
        chat.team,
        chat.language,
        chat.municipality,
        chat.status,
        chat.coach_user_id,
        chat.coach_name,
        user.coach_id if user else None,
        as_utc(chat.requested_at),
        as_utc(chat.taken_at),
        chat.end_reason,
        as_utc(chat.ended_at),
    )


def _coaches_available(
    session: Session, team: str, language: str, now: datetime, idle: timedelta
) -> list[int]:
    """Portal users who are coaches of ``team`` serving in ``language``, available now."""
    known = teams.load()
    rows = session.execute(
        select(CoachPresence, User, Coach)
        .join(User, User.id == CoachPresence.user_id)
        .join(Coach, Coach.id == User.coach_id)
        .where(User.active.is_(True), Coach.active.is_(True))
    ).all()
    return [
        user.id
        for presence, user, coach in rows
        if live_chat.is_available(presence.status, as_utc(presence.seen_at), now, idle)
        and language in (coach.languages or [])
        and known.of_office(coach.municipality) == team
    ]


def _waiting_before(session: Session, chat: LiveChat) -> int:
    return int(
        session.execute(
            select(func.count(LiveChat.id)).where(
                LiveChat.status == "waiting",
                LiveChat.team == chat.team,
                LiveChat.language == chat.language,
                LiveChat.id < chat.id,
            )
        ).scalar_one()
    )


def team_hours(team: str, settings: LiveSettings) -> str:
    """The live chat's opening hours of ``team``."""
    return teams.load().hours_of(team, settings.hours)


def request_chat(
    conversation_id: str,
    language: str,
    municipality: str | None,
    settings: LiveSettings,
    now: datetime | None = None,
    url: str | None = None,
) -> Request:
    """Queue the conversation for a live chat when the team's chat can serve it now.

    A conversation already waiting keeps its place (asking again does not queue it twice).
    """
    now = now or utcnow()
    team = teams.load().of_home(municipality)
    hours = parse_hours(team_hours(team, settings))
    with session_scope(url) as session:
        existing = session.execute(
            select(LiveChat).where(
                LiveChat.conversation_id == conversation_id, LiveChat.status.in_(OPEN)
            )
        ).scalar_one_or_none()
        idle = timedelta(seconds=settings.presence_idle_seconds)
        coaches = len(_coaches_available(session, team, language, now, idle))
        if existing is not None:
            place = _waiting_before(session, existing) + 1
            wait = live_chat.wait_minutes(place, max(coaches, 1), settings.minutes_per_chat)
            return Request(live_chat.LiveOffer("queue", place, wait), existing.id, None)
        waiting = int(
            session.execute(
                select(func.count(LiveChat.id)).where(
                    LiveChat.status == "waiting",
                    LiveChat.team == team,
                    LiveChat.language == language,
                )
            ).scalar_one()
        )
        open_now = is_open(hours, now)
        offer = live_chat.decide(
            open_now=open_now,
            coaches=coaches,
            waiting=waiting,
            max_wait_minutes=settings.max_wait_minutes,
            minutes_per_chat=settings.minutes_per_chat,
        )
        if offer.outcome != "queue":
            opens = None if open_now else next_opening(hours, now)
            return Request(offer, None, opens)
        case = session.execute(
            select(Case).where(Case.conversation_id == conversation_id)
        ).scalar_one_or_none()
        chat = LiveChat(
            conversation_id=conversation_id,
            case_id=case.id if case else None,
            team=team,
            language=language,
            municipality=municipality,
            status="waiting",
            requested_at=now,
        )
        session.add(chat)
        session.flush()
        return Request(offer, chat.id, None)


def leave_queue(conversation_id: str, url: str | None = None) -> bool:
    """The person chose a callback or a meeting instead: their waiting chat is left."""
    with session_scope(url) as session:
        done = session.execute(
            update(LiveChat)
            .where(LiveChat.conversation_id == conversation_id, LiveChat.status == "waiting")
            .values(status="left", end_reason="left", ended_at=utcnow())
        )
        return bool(done.rowcount)


def open_chat_of(conversation_id: str, url: str | None = None) -> ChatInfo | None:
    """The conversation's waiting or active chat, if any."""
    with read_scope(url) as session:
        chat = session.execute(
            select(LiveChat).where(
                LiveChat.conversation_id == conversation_id, LiveChat.status.in_(OPEN)
            )
        ).scalar_one_or_none()
        return _info(session, chat) if chat else None


def latest_chat_of(conversation_id: str, url: str | None = None) -> ChatInfo | None:
    """The conversation's newest chat, open or not (a widget reconnecting after the end)."""
    with read_scope(url) as session:
        chat = (
            session.execute(
                select(LiveChat)
                .where(LiveChat.conversation_id == conversation_id)
                .order_by(LiveChat.id.desc())
            )
            .scalars()
            .first()
        )
        return _info(session, chat) if chat else None


def get_chat(chat_id: int, url: str | None = None) -> ChatInfo | None:
    """One chat by its id."""
    with read_scope(url) as session:
        chat = session.get(LiveChat, chat_id)
        return _info(session, chat) if chat else None


def place_of(chat_id: int, url: str | None = None) -> int:
    """The chat's place in its queue (1 = next), 0 when it is no longer waiting."""
    with read_scope(url) as session:
        chat = session.get(LiveChat, chat_id)
        if chat is None or chat.status != "waiting":
            return 0
        return _waiting_before(session, chat) + 1


def take(chat_id: int, user_id: int, coach_name: str, url: str | None = None) -> ChatInfo | None:
    """The coach takes the chat; None when another coach was first (or it is gone).

    The case (opened now if the person had none) gets this coach as its own egencoach when
    it has none, so the next meeting the person books goes to them.
    """
    now = utcnow()
    with session_scope(url) as session:
        won = session.execute(
            update(LiveChat)
            .where(LiveChat.id == chat_id, LiveChat.status == "waiting")
            .values(
                status="active",
                coach_user_id=user_id,
                coach_name=coach_name,
                taken_at=now,
                coach_seen_at=now,
            )
        )
        if won.rowcount != 1:
            return None
        chat = session.get(LiveChat, chat_id)
        assert chat is not None
        user = session.get(User, user_id)
        if chat.case_id is None:
            from bot.cases.repository import case_in

            chat.case_id = case_in(session, chat.conversation_id, chat.language).id
        case = session.get(Case, chat.case_id)
        if case is not None and case.own_coach_id is None and user and user.coach_id:
            case.own_coach_id = user.coach_id
        session.flush()
        return _info(session, chat)


def untake(chat_id: int, url: str | None = None) -> bool:
    """The take could not pause the bot: the chat waits in the queue again."""
    with session_scope(url) as session:
        done = session.execute(
            update(LiveChat)
            .where(LiveChat.id == chat_id, LiveChat.status == "active")
            .values(status="waiting", coach_user_id=None, coach_name=None, taken_at=None)
        )
        return bool(done.rowcount)


def post(
    chat_id: int,
    sender: str,
    text: str,
    name: str | None = None,
    payload: dict[str, Any] | None = None,
    url: str | None = None,
) -> int:
    """Store one message of the chat; its id (the stream's position)."""
    if sender not in SENDERS:
        raise ValueError(f"unknown sender {sender!r}")
    with session_scope(url) as session:
        row = LiveMessage(chat_id=chat_id, sender=sender, name=name, text=text, payload=payload)
        session.add(row)
        session.flush()
        return int(row.id)


def messages_after(chat_id: int, after: int, url: str | None = None) -> list[MessageRow]:
    """The chat's messages after id ``after``, in order."""
    with read_scope(url) as session:
        return _messages(session, chat_id, after)


def _messages(session: Session, chat_id: int, after: int) -> list[MessageRow]:
    rows = session.execute(
        select(LiveMessage)
        .where(LiveMessage.chat_id == chat_id, LiveMessage.id > after)
        .order_by(LiveMessage.id)
        .limit(500)
    ).scalars()
    return [
        MessageRow(r.id, r.sender, r.name, r.text, r.payload, as_utc(r.created_at)) for r in rows
    ]


def end(
    chat_id: int, reason: str, user_id: int | None = None, url: str | None = None
) -> ChatInfo | None:
    """End an active chat (``ended``, ``handback`` by its coach, ``lost`` by the job); None
    when it was not active (or not this coach's): ended once, whoever tries."""
    with session_scope(url) as session:
        query = update(LiveChat).where(LiveChat.id == chat_id, LiveChat.status == "active")
        if user_id is not None:
            query = query.where(LiveChat.coach_user_id == user_id)
        done = session.execute(query.values(status="ended", end_reason=reason, ended_at=utcnow()))
        if done.rowcount != 1:
            return None
        chat = session.get(LiveChat, chat_id)
        return _info(session, chat) if chat else None


@dataclass(frozen=True)
class StreamState:
    """What a stream reads on each wake, in one read: the chat, its place in the queue
    (waiting) and the messages after the stream's last id."""

    chat: ChatInfo
    place: int
    rows: list[MessageRow]


def stream_state(chat_id: int, after: int, url: str | None = None) -> StreamState | None:
    """The chat (None: gone), its place and the messages after ``after``, in one read."""
    with read_scope(url) as session:
        chat = session.get(LiveChat, chat_id)
        if chat is None:
            return None
        place = _waiting_before(session, chat) + 1 if chat.status == "waiting" else 0
        return StreamState(_info(session, chat), place, _messages(session, chat_id, after))


def last_message_id(chat_id: int, url: str | None = None) -> int:
    """The id of the chat's newest message (0: none yet)."""
    with read_scope(url) as session:
        found = session.execute(
            select(func.max(LiveMessage.id)).where(LiveMessage.chat_id == chat_id)
        ).scalar_one()
        return int(found or 0)


def coach_seen(
    chat_id: int, user_id: int, now: datetime | None = None, url: str | None = None
) -> None:
    """The coach's chat page is open (its stream is connected)."""
    with session_scope(url) as session:
        session.execute(
            update(LiveChat)
            .where(LiveChat.id == chat_id, LiveChat.coach_user_id == user_id)
            .values(coach_seen_at=now or utcnow())
        )
