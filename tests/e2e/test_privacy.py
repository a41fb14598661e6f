"""Privacy in the running system: no personal data in any log, erasure by chat and by
staff, export, retention, and no personal slots carried into a new session."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import create_engine, text

from bot.cases import booking, privacy
from bot.cases.mappings import latest_summary
from bot.config import PROJECT_ROOT
from tests.e2e.servers import Stack, conversation_of, post_json, say, sent_code, tracker
from tests.e2e.test_mapping import complete_mapping

pytestmark = pytest.mark.e2e

NAME = "Zacharias"
PHONE_TYPED = "040 987 6543"
PHONE_FORMS = ("040 987 6543", "0409876543", "+358409876543", "409876543")
OCCUPATION = "fyrvaktare på Söderskär"
HEALTH = "jag har migrän och diabetes"

PERSONAL_SCRIPT = [
    ("jag vill börja kartläggningen", "spara dina svar"),
    ("ja", "född"),
    ("1988", "kommun"),
    ("Borgå", "situation"),
    ("arbetslös", "Hur länge"),
    ("ungefär ett år", "stöd"),
    ("grunddagpenning", "modersmål"),
    ("svenska", "andra språk"),
    ("finska bra", "utbildning"),
    ("gymnasiet", "jobbade"),
    (OCCUPATION, "område"),
    ("logistik eller lager", "hjälp med"),
    ("söka jobb", "arbetsförmåga"),
    (HEALTH, "träffa din egencoach"),
    ("telefon", "språk"),
    ("svenska", "Stämmer det här?"),
    ("ja", "sparad"),
]


def _text(messages: list[dict[str, object]]) -> str:
    return " ".join(str(m.get("text", "")) for m in messages)


def _buttons(messages: list[dict[str, object]]) -> list[dict[str, str]]:
    return [b for m in messages for b in m.get("buttons", [])]  # type: ignore[attr-defined]


def _book(stack: Stack, sender: str) -> str:
    reply = say(stack, sender, "/book_meeting")
    for _ in range(10):
        words = _text(reply)
        if "Bokningskod" in words:
            return words
        buttons = _buttons(reply)
        if "sex siffror" in words:  # held until the code sent to the number comes back
            reply = say(stack, sender, sent_code(stack, "+358409876543"))
        elif "Går det bra att vi sparar" in words:
            reply = say(stack, sender, "/affirm")
        elif "förnamn" in words:
            reply = say(stack, sender, NAME)
        elif "telefonnummer" in words.lower():
            reply = say(stack, sender, PHONE_TYPED)
        elif slots := [b for b in buttons if "booking_slot" in b["payload"]]:
            reply = say(stack, sender, slots[0]["payload"])
        elif buttons:
            yes = [b for b in buttons if b["title"].startswith(("Ja", "Spelar", "Telefon"))]
            reply = say(stack, sender, (yes or buttons)[0]["payload"])
        else:
            reply = say(stack, sender, "ja")
    raise AssertionError(_text(reply))  # pragma: no cover


def test_no_personal_data_in_any_log(stack: Stack) -> None:
    sender = f"pii-{uuid.uuid4().hex}"
    # payload-shaped input with an entity the domain does not know: Rasa warns about it
    say(stack, sender, '/inform{"note": "ring mig på 0449876543", "email": "maja@example.fi"}')
    complete_mapping(stack, sender, PERSONAL_SCRIPT)
    confirmation = _book(stack, sender)
    assert NAME in confirmation or "Bokningskod" in confirmation
    summary = latest_summary(sender, url=stack.database_url)
    assert summary is not None and summary.own_words.get("occupation") == OCCUPATION
    logs = stack.logs()
    assert len(logs) > 1000  # the servers did log
    secrets = (NAME, OCCUPATION, HEALTH, "migrän", "diabetes", *PHONE_FORMS)
    for secret in (*secrets, "0449876543", "maja@example.fi"):
        assert secret.lower() not in logs.lower(), f"{secret!r} found in a log"


def test_erase_by_chat(stack: Stack) -> None:
    # through the web app, as the widget does it
    status, body = post_json(f"{stack.web_url}/api/chat/session", {})
    session = body["session"]

    def chat(message: str) -> dict[str, object]:
        status, answer = post_json(
            f"{stack.web_url}/api/chat/message",
            {"session": session, "message": message, "lang": "sv"},
        )
        assert status == 200, answer
        return dict(answer)

    conversation = conversation_of(stack, session)  # what Rasa and the case database see
    complete_mapping(stack, conversation, PERSONAL_SCRIPT[:1])
    for message, _ in PERSONAL_SCRIPT[1:]:
        chat(message)
    _book(stack, conversation)
    assert booking.meetings_of_conversation(conversation, url=stack.database_url)
    answer = chat("radera mina uppgifter")
    assert "Vill du att jag raderar allt" in _text(answer["messages"])  # type: ignore[arg-type]
    answer = chat("ja")
    assert answer.get("erased") is True
    assert "avbokat" in _text(answer["messages"])  # type: ignore[arg-type]
    assert latest_summary(conversation, url=stack.database_url) is None
    assert booking.meetings_of_conversation(conversation, url=stack.database_url) == []
    assert (
        privacy.find_person(conversation_id=conversation, url=stack.database_url).case_ids == set()
    )
    engine = create_engine(stack.tracker_db_url)
    with engine.connect() as conn:
        left = conn.execute(
            text("SELECT COUNT(*) FROM events WHERE sender_id IN (:s, :c)"),
            {"s": session, "c": conversation},
        ).scalar_one()
    engine.dispose()
    assert left == 0
    # the session is finished: the widget starts a new one
    status, _ = post_json(
        f"{stack.web_url}/api/chat/message", {"session": session, "message": "hej", "lang": "sv"}
    )
    assert status == 403


def _privacy(stack: Stack, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.privacy", *args],
        cwd=PROJECT_ROOT,
        env=stack.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_export_and_erase_by_staff(stack: Stack) -> None:
    sender = f"staff-erase-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, PERSONAL_SCRIPT)
    confirmation = _book(stack, sender)
    reference = next(
        w.strip(".,")
        for w in confirmation.split()
        if w.count("-") == 1 and len(w.strip(".,")) == 7 and w.strip(".,").isupper()
    )

    exported = _privacy(stack, "export", "--reference", reference)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert data["cases"][0]["conversation_id"] == sender
    assert data["cases"][0]["mapping"][0]["own_words"]["occupation"] == OCCUPATION
    assert data["meetings"][0]["phone"] == "+358409876543"
    said = [m["text"] for m in data["conversations"][sender] if m["from"] == "person"]
    assert OCCUPATION in said and HEALTH in said

    erased = _privacy(stack, "erase", "--phone", PHONE_TYPED, "--yes")
    assert erased.returncode == 0, erased.stderr
    counts = json.loads(erased.stdout)
    assert counts["cases"] >= 1 and counts["meetings"] >= 1 and counts["events"] > 0
    assert booking.find_meeting(reference, url=stack.database_url) is None
    assert latest_summary(sender, url=stack.database_url) is None
    assert _privacy(stack, "export", "--reference", reference).returncode == 1  # nothing left
    assert tracker(stack, sender)["events"] in ([], None) or all(
        e["event"] != "user" for e in tracker(stack, sender)["events"]
    )


def test_retention_purges_old_conversations_and_cases(stack: Stack) -> None:
    old, fresh = f"old-{uuid.uuid4().hex}", f"fresh-{uuid.uuid4().hex}"
    for sender in (old, fresh):
        complete_mapping(stack, sender, PERSONAL_SCRIPT)
    # make one of them 200 days old: its case, summary and every event
    engine = create_engine(stack.database_url)
    past = privacy.utcnow() - timedelta(days=200)
    with engine.begin() as conn:
        case_id = conn.execute(
            text("SELECT id FROM cases WHERE conversation_id = :c"), {"c": old}
        ).scalar_one()
        conn.execute(
            text("UPDATE cases SET updated_at = :t WHERE id = :i"), {"t": past, "i": case_id}
        )
        conn.execute(
            text("UPDATE mapping_summaries SET updated_at = :t WHERE case_id = :i"),
            {"t": past, "i": case_id},
        )
    engine.dispose()
    tracker_engine = create_engine(stack.tracker_db_url)
    with tracker_engine.begin() as conn:
        conn.execute(
            text("UPDATE events SET timestamp = timestamp - :d WHERE sender_id = :s"),
            {"d": 200 * 86400, "s": old},
        )
    result = _privacy(stack, "purge", "--days", "180")
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stdout)
    assert counts["cases"] >= 1 and counts["events"] > 0
    assert latest_summary(old, url=stack.database_url) is None
    assert latest_summary(fresh, url=stack.database_url) is not None
    with tracker_engine.connect() as conn:
        left = {
            s: conn.execute(
                text("SELECT COUNT(*) FROM events WHERE sender_id = :s"), {"s": s}
            ).scalar_one()
            for s in (old, fresh)
        }
    tracker_engine.dispose()
    assert left[old] == 0 and left[fresh] > 0


def test_a_new_session_carries_no_personal_slots(stack: Stack) -> None:
    sender = f"expiry-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, PERSONAL_SCRIPT)
    _book(stack, sender)
    before = tracker(stack, sender)["slots"]
    assert before["municipality"] == "638"
    say(stack, sender, "/session_start")  # what an expired session does on the next message
    slots = tracker(stack, sender)["slots"]
    assert slots["language"] == "sv"
    personal = [
        name
        for name, value in slots.items()
        if value not in (None, False, 0, 0.0, [], "")
        and name
        not in {
            "language",
            "site_url",
            "service_phone",
            "service_rules",
            "service_hours_sv",
            "service_hours_fi",
            "session_started_metadata",
        }
    ]
    assert personal == [], personal
