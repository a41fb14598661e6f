"""Issue 13 through the real servers: specific answers, in the middle of the mapping too,
greeting plus request, two requests in one message, and a third language."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.servers import Stack, say, tracker

pytestmark = pytest.mark.e2e


def text_of(messages: list[dict[str, Any]]) -> str:
    return " ".join(str(m.get("text", "")) for m in messages)


def new(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("vad är karens egentligen", "självrisktid"),
        ("får jag karens om jag missar ett möte", "sju dagars karens"),
        ("hur räknas jämkad dagpenning ut", "hälften"),
        ("mikä on kuntakokeilu?", "2021"),
        ("miten ilmoittaudun työnhakijaksi", "Työmarkkinatori"),
        ("kuka on minun omavalmentajani", "omavalmentaja"),
    ],
)
def test_a_specific_question_gets_its_own_answer(stack: Stack, text: str, expected: str) -> None:
    sender = new("faq")
    reply = text_of(say(stack, sender, text))
    assert expected.lower() in reply.lower(), reply


def test_the_letter_about_moved_services_is_answered_not_explained(stack: Stack) -> None:
    sender = new("letter")
    reply = text_of(
        say(
            stack,
            sender,
            "Sain kirjeen että minut on siirretty kunnan työllisyyspalveluihin. "
            "Mitä tämä tarkoittaa?",
        )
    )
    assert "ei yleensä tarvitse tehdä mitään" in reply, reply


def test_a_question_in_the_middle_of_the_mapping_then_the_same_question_again(
    stack: Stack,
) -> None:
    sender = new("faq-mid")
    say(stack, sender, "hej")
    say(stack, sender, "jag vill börja kartläggningen")
    say(stack, sender, "ja")  # consent
    before = tracker(stack, sender)["slots"].get("requested_slot")
    reply = text_of(say(stack, sender, "hur lång är självrisktiden egentligen?"))
    assert "självrisktid" in reply.lower() or "7" in reply, reply
    state = tracker(stack, sender)
    assert (state.get("active_loop") or {}).get("name") == "mapping_form"
    assert state["slots"].get("requested_slot") == before


def test_greeting_plus_request_handles_the_request(stack: Stack) -> None:
    sender = new("greet-req")
    say(stack, sender, "Hei! Mulla on aika ensi viikolla, voiko sitä siirtää?")
    state = tracker(stack, sender)
    assert (state.get("active_loop") or {}).get("name") in {"identify_form", "booking_form"}


def test_two_requests_are_both_handled(stack: Stack) -> None:
    sender = new("two")
    reply = say(stack, sender, "jag vill boka en tid och undrar när FPA betalar ut pengarna")
    assert "FPA betalar" in text_of(reply)  # the question first
    actions = [e.get("name") for e in tracker(stack, sender)["events"] if e["event"] == "action"]
    assert "action_two_requests" in actions
    assert actions.index("action_start_booking") > actions.index("action_two_requests")


def test_two_things_to_start_ask_which_first(stack: Stack) -> None:
    sender = new("two-fi")
    say(stack, sender, "moi")
    reply = say(stack, sender, "peru mun torstain aika ja soittakaa mulle sen jälkeen")
    titles = [b["title"] for m in reply for b in m.get("buttons", [])]
    assert "Kumpi hoidetaan ensin?" in text_of(reply), text_of(reply)
    assert titles == ["Peru aika", "Pyydä soittoa"]


def test_a_message_in_english_is_answered_in_english(stack: Stack) -> None:
    sender = new("en")
    reply = text_of(say(stack, sender, "Hello, I do not speak Finnish, can I get an interpreter?"))
    assert "interpreter" in reply and "Finnish and Swedish" in reply, reply
