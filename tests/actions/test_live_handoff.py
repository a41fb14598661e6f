"""A human now, or honestly not now: the handoff actions against the case database."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, select

from actions.handoff import ActionLiveResumed, ActionOfferHuman, ActionStartCallback
from bot.cases import live, presence, users
from bot.cases.db import session_scope
from bot.cases.models import Coach, CoachPresence, LiveChat, LiveMessage, User
from tests.actions.helpers import make_tracker
from tests.actions.test_booking import NOW, intent_tracker, run
from tests.actions.test_booking import coaches as coaches  # the fixture: demo coaches, NOW


@pytest.fixture(autouse=True)
def no_live(case_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIVE_CHAT_HOURS", "mon-fri 9-15")  # NOW is Wednesday 10.00
    with session_scope(case_db) as session:
        session.execute(delete(LiveMessage))
        session.execute(delete(LiveChat))
        session.execute(delete(CoachPresence))


def available_coach(url: str, language: str = "sv") -> tuple[int, str]:
    with session_scope(url) as session:
        coach = next(
            c
            for c in session.execute(
                select(Coach).where(Coach.municipality == "638", Coach.active.is_(True))
            ).scalars()
            if language in c.languages
        )
        coach_id, name = coach.id, coach.name
    found = users.authenticate(f"live-{coach_id}", "a long password 123", url)
    user = found or users.create_user(
        f"live-{coach_id}", "a long password 123", "coach", name, coach_id, url=url
    )
    presence.set_presence(user.id, "available", NOW, url)
    return user.id, name


def human(language: str = "sv", sender: str = "live-person") -> Any:
    tracker = intent_tracker("ask_human", language=language)
    tracker.sender_id = sender
    return tracker


async def test_with_a_coach_available_the_person_joins_the_queue(case_db: str) -> None:
    available_coach(case_db)
    messages, _ = await run(ActionOfferHuman(), human())
    [message] = messages
    assert message["response"] == "utter_live_queued"
    assert (message["place"], message["wait"]) == (1, 1)
    assert message["custom"] == {"live": "waiting"}  # the widget opens its stream
    chat = live.open_chat_of("live-person", case_db)
    assert chat is not None and chat.status == "waiting" and chat.team == "638"


async def test_no_coach_in_the_language_offers_a_slot_and_says_why(case_db: str) -> None:
    available_coach(case_db, "sv")
    with session_scope(case_db) as session:  # the Swedish-only coach serves no Finnish
        for coach in session.execute(select(Coach)).scalars():
            if "fi" in coach.languages:
                user = session.execute(
                    select(User).where(User.coach_id == coach.id)
                ).scalar_one_or_none()
                if user is not None:
                    session.execute(delete(CoachPresence).where(CoachPresence.user_id == user.id))
    messages, _ = await run(ActionOfferHuman(), human("fi", "live-fi"))
    [message] = messages
    assert message["response"] == "utter_human_offer"
    assert "Chattiin ei ole juuri nyt vapaata omavalmentajaa" in message["live_line"]
    assert live.open_chat_of("live-fi", case_db) is None


async def test_closed_says_when_the_chat_opens(
    case_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIVE_CHAT_HOURS", "mon-fri 12-15")
    available_coach(case_db)
    messages, _ = await run(ActionOfferHuman(), human())
    [message] = messages
    assert message["response"] == "utter_human_offer"
    assert message["live_line"] == (
        " Du kan chatta med en egencoach vardagar kl. 12–15. Chatten öppnar nästa gång i dag"
        " kl. 12.00."
    )


async def test_a_callback_instead_gives_up_the_place(case_db: str) -> None:
    available_coach(case_db)
    await run(ActionOfferHuman(), human())
    assert live.open_chat_of("live-person", case_db) is not None
    await run(ActionStartCallback(), make_tracker(sender_id="live-person"))
    assert live.open_chat_of("live-person", case_db) is None


@pytest.mark.parametrize(
    ("intent", "response"),
    [("EXTERNAL_live_ended", "utter_live_ended"), ("EXTERNAL_live_lost", "utter_live_lost")],
)
async def test_the_bot_carries_on_after_the_chat(case_db: str, intent: str, response: str) -> None:
    user, name = available_coach(case_db)
    await run(ActionOfferHuman(), human())
    chat = live.open_chat_of("live-person", case_db)
    assert chat is not None and live.take(chat.id, user, name, case_db) is not None
    live.end(chat.id, "lost" if "lost" in intent else "handback", None, case_db)
    tracker = intent_tracker(intent)
    tracker.sender_id = "live-person"
    messages, slots = await run(ActionLiveResumed(), tracker)
    assert messages[0]["response"] == response
    if response == "utter_live_ended":
        assert messages[0]["coach"] == name
        # the meeting the bot offers next is with this coach: their times come first
        with session_scope(case_db) as session:
            taken_by = session.get(User, user)
            assert taken_by is not None
            assert slots == {"preferred_coach_id": taken_by.coach_id}
