"""Booking a meeting over the REST webhook: the meeting row and its .ics file."""

from __future__ import annotations

import re
import urllib.request
import uuid

import pytest

from bot.cases import booking
from tests.e2e.servers import Stack, say, sent_code

pytestmark = pytest.mark.e2e


def _text(messages: list[dict[str, object]]) -> str:
    return " ".join(str(m.get("text", "")) for m in messages)


def _buttons(messages: list[dict[str, object]]) -> list[dict[str, str]]:
    return [b for m in messages for b in m.get("buttons", [])]  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_book_a_meeting_and_download_the_calendar_file(stack: Stack, language: str) -> None:
    sender = f"book-{language}-{uuid.uuid4().hex}"
    say(stack, sender, "hej" if language == "sv" else "moi")
    reply = say(stack, sender, "jag vill boka en tid" if language == "sv" else "haluun varata ajan")
    short = next(b for b in _buttons(reply) if "booking_mode" in b["payload"])
    reply = say(stack, sender, short["payload"])
    assert "Video" in [b["title"] for b in _buttons(reply)]
    reply = say(stack, sender, "telefon" if language == "sv" else "puhelimessa")
    reply = say(stack, sender, _buttons(reply)[-1]["payload"])  # "spelar ingen roll"
    slots = [b for b in _buttons(reply) if "booking_slot" in b["payload"]]
    assert len(slots) == 3
    reply = say(stack, sender, slots[0]["payload"])
    assert ("Ska jag boka" if language == "sv" else "Varaanko") in _text(reply)
    reply = say(stack, sender, "ja" if language == "sv" else "kyllä")
    assert ("förnamn" if language == "sv" else "etunimesi") in _text(reply)
    # the first name typed at "may we keep them?": the details are the yes, and kept
    reply = say(stack, sender, "Maria")
    question = "telefonnummer" if language == "sv" else "Puhelinnumerosi"
    assert question in _text(reply), _text(reply)
    phone = f"040 {uuid.uuid4().int % 10**7:07d}"
    number = "+358" + phone[1:].replace(" ", "")
    reply = say(stack, sender, phone)
    # held until the code sent to that number comes back
    held = _text(reply)
    assert ("sex siffror" if language == "sv" else "kuusinumeroisen") in held, held
    assert number[-2:] in held and number[6:10] not in held  # the number only masked
    reply = say(stack, sender, sent_code(stack, number))
    confirmation = _text(reply)
    assert ("Bokningskod" if language == "sv" else "Varaustunnus") in confirmation
    assert (" kl. " if language == "sv" else " klo ") in confirmation
    reference = re.search(r"\b([A-Z0-9]{3}-[A-Z0-9]{3})\b", confirmation).group(1)  # type: ignore[union-attr]
    meeting = booking.find_meeting(reference, number, url=stack.database_url)
    assert meeting is not None and meeting.status == "booked" and meeting.channel == "phone"
    assert meeting.coach is not None and language in meeting.coach.languages
    assert meeting.conversation_id == sender
    ics = re.search(r"(http\S+\.ics)", confirmation).group(1)  # type: ignore[union-attr]
    path = ics.split("/ics/", 1)[1]
    with urllib.request.urlopen(f"{stack.web_url}/ics/{path}", timeout=10) as response:
        body = response.read().decode()
        assert response.headers["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body and reference in body

    # the same conversation asks for the status, then cancels
    reply = say(stack, sender, "när är min tid" if language == "sv" else "milloin mun aika on")
    assert reference in _text(reply)
    reply = say(stack, sender, "jag vill avboka" if language == "sv" else "haluun perua ajan")
    reply = say(stack, sender, "ja" if language == "sv" else "kyllä")
    assert booking.find_meeting(reference, number, url=stack.database_url).status == ("cancelled")
