"""Live chats in the case database, on SQLite and PostgreSQL (issue 16, parts 1-3): who is
queued, the place in the queue, the atomic take, the messages in order, a coach gone, a
request nobody took, erasure."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, select

from bot.cases import live, live_queue, live_upkeep, presence, users
from bot.cases.db import session_scope
from bot.cases.models import (
    Case,
    Coach,
    CoachPresence,
    LiveChat,
    LiveMessage,
    Notification,
    User,
    WorkItem,
)
from bot.config import LiveSettings
from tests.booking.test_booking_repository import make_coach

# Thursday 3 December 2026, 10.00 in Finland: a working day
NOW = datetime(2026, 12, 3, 8, 0, tzinfo=timezone.utc)
SATURDAY = datetime(2026, 12, 5, 8, 0, tzinfo=timezone.utc)
SETTINGS = LiveSettings(
    hours="mon-fri 9-15",
    max_wait_minutes=15,
    minutes_per_chat=8,
    presence_idle_seconds=120,
    coach_timeout_seconds=90,
    notify_minutes=5,
    fanout="memory",
    job_interval_seconds=10,
)
BORGA = "638"  # the Borgå team (data/coaches/teams.yml)


@pytest.fixture
def url(db_url: str) -> Iterator[str]:
    """The database with no live chats or availability from an earlier test."""
    with session_scope(db_url) as session:
        session.execute(delete(LiveMessage))
        session.execute(delete(LiveChat))
        session.execute(delete(CoachPresence))
    yield db_url


def coach_user(url: str, languages: tuple[str, ...] = ("sv",), email: str | None = None) -> int:
    coach_id = make_coach(url, languages)
    if email:
        with session_scope(url) as session:
            coach = session.get(Coach, coach_id)
            assert coach is not None
            coach.email = email
    user = users.create_user(
        f"c{uuid.uuid4().hex[:8]}", "a long password 123", "coach", "Anna", coach_id, url=url
    )
    return user.id


def ask(url: str, language: str = "sv", now: datetime = NOW) -> live.Request:
    return live.request_chat(f"conv-{uuid.uuid4().hex}", language, BORGA, SETTINGS, now, url)


def test_an_available_coach_of_the_team_and_language_gets_the_person_queued(url: str) -> None:
    user = coach_user(url, ("sv",))
    presence.set_presence(user, "available", NOW, url)
    first = ask(url)
    assert first.offer.outcome == "queue" and first.offer.place == 1 and first.chat_id
    second = ask(url)
    assert (second.offer.place, second.offer.wait_minutes) == (2, 8)
    assert live.place_of(second.chat_id or 0, url) == 2
    # a Finnish-speaking person: no coach serves in Finnish
    assert ask(url, "fi").offer.outcome == "no_coach"


@pytest.mark.parametrize(
    ("status", "seen_ago", "outcome"),
    [
        ("available", timedelta(seconds=30), "queue"),
        ("available", timedelta(minutes=5), "no_coach"),  # the portal page closed long ago
        ("busy", timedelta(seconds=30), "no_coach"),
        ("away", timedelta(seconds=30), "no_coach"),
    ],
)
def test_availability(url: str, status: str, seen_ago: timedelta, outcome: str) -> None:
    user = coach_user(url)
    presence.set_presence(user, status, NOW - seen_ago, url)
    assert ask(url).offer.outcome == outcome


def test_closed_says_when_it_opens_and_queues_nobody(url: str) -> None:
    presence.set_presence(coach_user(url), "available", SATURDAY, url)
    closed = ask(url, now=SATURDAY)
    assert closed.offer.outcome == "closed" and closed.chat_id is None
    assert closed.opens_at is not None and closed.opens_at.astimezone(timezone.utc) == datetime(
        2026, 12, 7, 7, 0, tzinfo=timezone.utc
    )  # Monday 9.00 in Finland
    assert live_queue.queue(None, None, url) == []


def test_a_long_queue_is_full(url: str) -> None:
    presence.set_presence(coach_user(url), "available", NOW, url)
    outcomes = [ask(url).offer.outcome for _ in range(3)]
    assert outcomes == ["queue", "queue", "queue_full"]  # 16 minutes > 15


def test_asking_again_keeps_the_place(url: str) -> None:
    presence.set_presence(coach_user(url), "available", NOW, url)
    conversation = f"conv-{uuid.uuid4().hex}"
    first = live.request_chat(conversation, "sv", BORGA, SETTINGS, NOW, url)
    again = live.request_chat(conversation, "sv", BORGA, SETTINGS, NOW, url)
    assert again.chat_id == first.chat_id and again.offer.place == 1
    assert len(live_queue.queue(None, None, url)) == 1
    assert live.leave_queue(conversation, url)
    assert live_queue.queue(None, None, url) == [] and live.open_chat_of(conversation, url) is None


def test_the_queue_shows_a_coach_their_team_and_languages(url: str) -> None:
    presence.set_presence(coach_user(url, ("sv", "fi")), "available", NOW, url)
    ask(url, "sv")
    ask(url, "fi")
    assert {e.language for e in live_queue.queue({BORGA}, {"sv"}, url)} == {"sv"}
    assert len(live_queue.queue({BORGA}, {"sv", "fi"}, url)) == 2
    assert live_queue.queue({"434"}, {"sv", "fi"}, url) == []
    assert len(live_queue.queue(None, None, url)) == 2  # staff


def test_two_coaches_taking_at_once_one_wins(url: str) -> None:
    first, second = coach_user(url), coach_user(url)
    presence.set_presence(first, "available", NOW, url)
    chat_id = ask(url).chat_id
    assert chat_id is not None
    barrier = threading.Barrier(2)
    results: dict[int, live.ChatInfo | None] = {}

    def take(user: int) -> None:
        barrier.wait()
        results[user] = live.take(chat_id, user, f"coach {user}", url)

    threads = [threading.Thread(target=take, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [u for u, got in results.items() if got is not None]
    assert len(winners) == 1, results
    chat = live.get_chat(chat_id, url)
    assert chat is not None and chat.status == "active" and chat.coach_user_id == winners[0]
    # the case was opened and has the winner's coach as its own egencoach
    with session_scope(url) as session:
        case = session.execute(
            select(Case).where(Case.conversation_id == chat.conversation_id)
        ).scalar_one()
        winner = session.get(User, winners[0])
        assert winner is not None and case.own_coach_id == winner.coach_id
    assert live.take(chat_id, first, "late", url) is None  # taken: nobody takes it again


def test_messages_in_order_and_the_chat_ends_once(url: str) -> None:
    user = coach_user(url)
    presence.set_presence(user, "available", NOW, url)
    chat_id = ask(url).chat_id or 0
    assert live.take(chat_id, user, "Anna", url) is not None
    ids = [
        live.post(chat_id, "system", "Anna har anslutit till chatten.", "Anna", url=url),
        live.post(chat_id, "person", "hej, jag har en fråga", url=url),
        live.post(chat_id, "coach", "Hej! Vad undrar du?", "Anna", url=url),
    ]
    assert ids == sorted(ids)
    assert [m.sender for m in live.messages_after(chat_id, 0, url)] == ["system", "person", "coach"]
    assert [m.id for m in live.messages_after(chat_id, ids[0], url)] == ids[1:]
    assert live.last_message_id(chat_id, url) == ids[-1]
    with pytest.raises(ValueError):
        live.post(chat_id, "admin", "<b>hi</b>", url=url)
    other = coach_user(url)
    assert live.end(chat_id, "ended", other, url) is None  # not this coach's chat
    ended = live.end(chat_id, "handback", user, url)
    assert ended is not None and ended.end_reason == "handback"
    assert live.end(chat_id, "lost", None, url) is None  # ended once, whoever tries


def test_a_coach_who_went_away_is_found(url: str) -> None:
    user = coach_user(url)
    presence.set_presence(user, "available", NOW, url)
    chat_id = ask(url).chat_id or 0
    live.take(chat_id, user, "Anna", url)
    live.coach_seen(chat_id, user, NOW, url)
    timeout = timedelta(seconds=90)
    assert chat_id not in live_upkeep.lost_chats(NOW + timedelta(seconds=60), timeout, url)
    assert chat_id in live_upkeep.lost_chats(NOW + timedelta(seconds=91), timeout, url)


def test_a_request_nobody_took_is_told_to_the_team_once(url: str) -> None:
    user = coach_user(url, ("sv",), email=f"{uuid.uuid4().hex[:6]}@coach.example")
    presence.set_presence(user, "available", NOW, url)
    chat_id = ask(url).chat_id or 0
    assert live_upkeep.notify_unanswered(NOW + timedelta(minutes=4), 5, url) == []
    assert live_upkeep.notify_unanswered(NOW + timedelta(minutes=6), 5, url) == [chat_id]
    assert live_upkeep.notify_unanswered(NOW + timedelta(minutes=7), 5, url) == []  # once
    with session_scope(url) as session:
        chat = session.get(LiveChat, chat_id)
        assert chat is not None and chat.case_id is not None
        item = session.execute(
            select(WorkItem).where(WorkItem.case_id == chat.case_id)
        ).scalar_one()
        assert (item.kind, item.ref, item.status) == ("live", f"live:{chat_id}", "new")
        assert (item.team, item.language) == (BORGA, "sv")  # where the chat was asked for
        sent = session.execute(
            select(Notification).where(
                Notification.kind == "live", Notification.link == "/portal/live"
            )
        ).scalars()
        assert len(list(sent)) >= 1


def test_presence_goes_with_the_session(url: str) -> None:
    user = coach_user(url)
    presence.set_presence(user, "available", None, url)
    assert presence.presence_of(user, timedelta(seconds=120), url) == "available"
    presence.clear_presence(user, url)
    assert presence.presence_of(user, timedelta(seconds=120), url) == "away"
    with pytest.raises(ValueError):
        presence.set_presence(user, "online", None, url)


def test_erasure_takes_the_live_chats_and_their_messages(url: str) -> None:
    user = coach_user(url)
    presence.set_presence(user, "available", NOW, url)
    chat_id = ask(url).chat_id or 0
    chat = live.get_chat(chat_id, url)
    assert chat is not None
    live.post(chat_id, "person", "mitt telefonnummer är 0401234567", url=url)
    assert live_upkeep.forget_conversation(chat.conversation_id, url) == 1
    assert live.get_chat(chat_id, url) is None
    with session_scope(url) as session:
        left = session.execute(select(LiveMessage).where(LiveMessage.chat_id == chat_id))
        assert list(left.scalars()) == []


def test_a_request_waiting_far_too_long_leaves_the_queue(url: str) -> None:
    presence.set_presence(coach_user(url), "available", NOW, url)
    chat_id = ask(url).chat_id or 0
    assert live_upkeep.expire_waiting(NOW + timedelta(minutes=10), timedelta(minutes=30), url) == 0
    assert live_upkeep.expire_waiting(NOW + timedelta(minutes=31), timedelta(minutes=30), url) == 1
    chat = live.get_chat(chat_id, url)
    assert chat is not None and (chat.status, chat.end_reason) == ("left", "expired")


def test_a_take_that_could_not_pause_the_bot_goes_back_to_the_queue(url: str) -> None:
    user = coach_user(url)
    presence.set_presence(user, "available", NOW, url)
    chat_id = ask(url).chat_id or 0
    assert live.take(chat_id, user, "Anna", url) is not None
    assert live.untake(chat_id, url)
    chat = live.get_chat(chat_id, url)
    assert chat is not None and chat.status == "waiting" and chat.coach_user_id is None
    assert live.take(chat_id, user, "Anna", url) is not None  # and can be taken again
