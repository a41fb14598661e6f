"""Undoing a turn whose custom action failed; the channel's text cleaning."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.chat_input import clean_text
from bot.rasa_ext.channel import sender_hash
from bot.rasa_ext.resilience import restoring_events

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def _tracker(domain: Domain, events: list[object]) -> DialogueStateTracker:
    return DialogueStateTracker.from_events("t", events, slots=domain.slots)  # type: ignore[arg-type]


def test_a_failed_form_turn_is_undone(domain: Domain) -> None:
    before = [
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        UserUttered("jag vill börja kartläggningen"),
        SlotSet("language", "sv"),
        ActionExecuted("mapping_form"),
        ActiveLoop("mapping_form"),
        SlotSet("mapping_consent", True),
        SlotSet("requested_slot", "municipality"),
        ActionExecuted("action_listen"),
    ]
    failed_turn = [
        UserUttered("Borgå"),
        SlotSet("municipality", "Borgå"),  # extracted, never validated
        ActionExecuted("mapping_form"),  # its validation call failed
    ]
    tracker = _tracker(domain, before + failed_turn)
    restore = restoring_events(tracker, domain)
    assert SlotSet("municipality", None) in restore
    for event in restore:
        tracker.update(event, domain)
    assert tracker.get_slot("municipality") is None
    assert tracker.get_slot("language") == "sv"  # earlier turns untouched
    assert tracker.get_slot("requested_slot") == "municipality"
    assert tracker.active_loop_name == "mapping_form"


def test_a_form_deactivated_in_the_failed_turn_is_active_again(domain: Domain) -> None:
    events = [
        ActionExecuted("action_listen"),
        UserUttered("hej"),
        ActionExecuted("booking_form"),
        ActiveLoop("booking_form"),
        ActionExecuted("action_listen"),
        UserUttered("040 123 4567"),
        ActionExecuted("booking_form"),
        ActiveLoop(None),
    ]
    tracker = _tracker(domain, events)
    assert ActiveLoop("booking_form") in restoring_events(tracker, domain)


def test_nothing_to_undo_without_a_message(domain: Domain) -> None:
    tracker = _tracker(domain, [ActionExecuted("action_session_start"), SessionStarted()])
    assert restoring_events(tracker, domain) == []


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("hej\x00\x07", "hej"),
        ("\x1b[31mröd\x1b[0m", "[31mröd[0m"),
        ("rad 1\nrad 2\tslut", "rad 1\nrad 2\tslut"),
        ("ja\u0308g", "jäg"),  # NFC
        ("  hej  ", "hej"),
        ("\u202ehej\u202c", "\u202ehej\u202c"),  # bidi controls are text, kept
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_sender_hash_is_stable_and_not_the_id() -> None:
    assert sender_hash("abc") == sender_hash("abc") != sender_hash("abd")
    assert "abc" not in sender_hash("abc") and len(sender_hash("abc")) == 10
