"""What every action reads from the conversation: language, time, the latest message.

Action modules import these from here and never from each other.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker

from bot.cases.booking import MeetingRecord
from bot.chat_input import ADDRESS_KEY
from bot.i18n import normalise_language
from bot.rules.answers import explicit_yes_no, parse_yes_no
from bot.rules.form_exit import payload_intent
from bot.rules.profile import ALL_ANSWER_SLOTS
from bot.rules.timefmt import when

HELSINKI = ZoneInfo("Europe/Helsinki")


class Clock:
    """The action server's clock; tests replace :data:`CLOCK` to fix the time everywhere."""

    def now(self) -> datetime:
        """The current moment, in UTC."""
        return datetime.now(timezone.utc)


CLOCK = Clock()


def now_utc() -> datetime:
    """The current moment (from :data:`CLOCK`)."""
    return CLOCK.now()


def today() -> date:
    """Today in Finland (from :data:`CLOCK`)."""
    return now_utc().astimezone(HELSINKI).date()


def language_of(tracker: Tracker) -> str:
    """The conversation language (sv or fi)."""
    return normalise_language(tracker.get_slot("language"))


def latest_text(tracker: Tracker) -> str:
    """What the person last sent: a button's payload, or typed text."""
    return str((tracker.latest_message or {}).get("text") or "")


def is_payload(text: str) -> bool:
    """A button's payload ("/intent{...}"), never text the person typed."""
    return payload_intent(text) is not None


def typed_text(tracker: Tracker) -> str | None:
    """The latest message if the person typed it, None for a button."""
    text = latest_text(tracker)
    return None if is_payload(text) else text


def yes_no_answer(
    value: Any, tracker: Tracker, more: Callable[[str], bool | None] | None = None
) -> bool | None:
    """The person's yes or no to a yes/no question, only when the words bear it out.

    ``value`` is what the slot mappings took: True/False from the affirm/deny intent, or the
    typed text. A button is explicit; typed text must say yes or no (``more`` may know more
    ways to say it, e.g. "varaa se" to "shall I book this time?").
    """
    text = typed_text(tracker)
    if value in (True, False):
        answer = explicit_yes_no(value, text if text is not None else "/")
        if answer is not None or text is None:
            return answer
    if text is None:
        return None
    answer = more(text) if more is not None else None
    return parse_yes_no(text) if answer is None else answer


def intent_of(tracker: Tracker) -> tuple[str | None, float]:
    """The latest message's intent (a retrieval intent with its key) and confidence."""
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    name = intent.get("name")
    selector = (message.get("response_selector") or {}).get(str(name)) or {}
    key = ((selector.get("response") or {}).get("intent_response_key")) if selector else None
    return (str(key) if key else (str(name) if name else None)), float(
        intent.get("confidence") or 0.0
    )


def entity(tracker: Tracker, name: str) -> Any:
    """The value of entity ``name`` in the latest message (a button payload's entities)."""
    return next(
        (
            e.get("value")
            for e in (tracker.latest_message or {}).get("entities", [])
            if e.get("entity") == name
        ),
        None,
    )


def entity_names(tracker: Tracker) -> frozenset[str]:
    """The names of the entities in the latest message."""
    return frozenset(
        str(e.get("entity")) for e in (tracker.latest_message or {}).get("entities", [])
    )


def answers_of(tracker: Tracker) -> dict[str, Any]:
    """The mapping answers currently held in the conversation's slots."""
    return {s: tracker.get_slot(s) for s in ALL_ANSWER_SLOTS if tracker.get_slot(s) is not None}


CHANNEL_PHRASES = {
    "visit": {"sv": "besök på kontoret, {address}", "fi": "tapaaminen toimistolla, {address}"},
    "phone": {"sv": "coachen ringer dig", "fi": "valmentaja soittaa sinulle"},
    "video": {"sv": "videomöte: {video}", "fi": "videotapaaminen: {video}"},
}


def meeting_text(meeting: MeetingRecord, language: str, site_url: str) -> dict[str, str]:
    """The pieces of a confirmation: when, with whom, where or how, the .ics link."""
    coach = meeting.coach
    channel = meeting.channel or "visit"
    where = CHANNEL_PHRASES[channel][language].format(
        address=coach.address if coach else "", video=(coach.video_url if coach else "") or ""
    )
    return {
        "when": when(meeting.start_at, language) if meeting.start_at else "",
        "coach": coach.name if coach else "",
        "where": where,
        "reference": meeting.reference,
        "ics": f"{site_url}/ics/{meeting.token}.ics",
    }


def previous_bot_action(events: list[dict[str, Any]]) -> str | None:
    """The last action the bot ran before the latest user message (action_listen ignored)."""
    seen_user = False
    for event in reversed(events):
        if event.get("event") == "user":
            if seen_user:
                return None
            seen_user = True
            continue
        if seen_user and event.get("event") == "action":
            name = event.get("name")
            if name not in ("action_listen", None):
                return str(name)
    return None


def address_of(tracker: Tracker) -> str | None:
    """The keyed hash of the address the latest message came from (the web app's chat
    proxy sets it; a message from elsewhere has none)."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    value = metadata.get(ADDRESS_KEY) if isinstance(metadata, dict) else None
    return value if isinstance(value, str) and len(value) == 16 else None
