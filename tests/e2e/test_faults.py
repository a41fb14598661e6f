"""Faults, each with a test: the action server down and back, a database down during a
booking, while saving a summary and under the tracker store, restarts of Rasa and of the
web app in the middle of a conversation, and 20 messages at once into one conversation.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.cases import booking
from bot.cases.mappings import latest_summary
from tests.e2e.servers import Stack, make_stack, post_json, say, sent_code, tracker
from tests.e2e.tcp_proxy import CuttableProxy
from tests.e2e.test_mapping import FINNISH, SWEDISH, complete_mapping

pytestmark = pytest.mark.e2e
PHONE = "019 123 4567"


def _text(messages: list[dict[str, Any]]) -> str:
    return " ".join(str(m.get("text", "")) for m in messages)


def _buttons(messages: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [b for m in messages for b in m.get("buttons", [])]


# --- the action server ---------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_action_server_down_then_back(stack: Stack, language: str) -> None:
    sender = f"actions-down-{language}-{uuid.uuid4().hex}"
    script = SWEDISH if language == "sv" else FINNISH
    complete_mapping(stack, sender, script[:3])  # consent and age given; municipality asked
    answer, next_prompt = script[3]
    stack.stop("actions")
    try:
        reply = _text(say(stack, sender, answer))
        assert PHONE in reply
        assert ("kan jag inte göra" if language == "sv" else "en pysty") in reply
        state = tracker(stack, sender)
        assert state["slots"]["municipality"] is None  # nothing unvalidated was kept
        assert state["active_loop"]["name"] == "mapping_form"
        assert state["slots"]["requested_slot"] == "municipality"
        # asking something else while it is down gets the same honest answer
        reply = _text(say(stack, sender, "vad kan du" if language == "sv" else "mitä osaat"))
        assert reply  # utter_help needs no action server; never silence
    finally:
        stack.start_actions()
    # back: the same message continues the same conversation
    reply = _text(say(stack, sender, answer))
    assert next_prompt.lower() in reply.lower(), reply
    assert tracker(stack, sender)["slots"]["municipality"] == "638"  # Borgå/Porvoo


def test_action_server_refuses_calls_without_the_token(stack: Stack) -> None:
    url = f"http://127.0.0.1:{stack.actions_port}"
    body = json.dumps({"next_action": "action_search_training", "tracker": {}}).encode()
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        request = urllib.request.Request(
            f"{url}/webhook",
            data=body,
            headers={"Content-Type": "application/json", **headers},
            method="POST",
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 401
    with pytest.raises(urllib.error.HTTPError) as listing:
        urllib.request.urlopen(f"{url}/actions", timeout=10)
    assert listing.value.code == 401
    with urllib.request.urlopen(f"{url}/health", timeout=10) as health:
        assert health.status == 200


# --- restarts ------------------------------------------------------------------------


def test_rasa_restarted_mid_form_continues(stack: Stack) -> None:
    sender = f"restart-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, SWEDISH[:5])  # in the middle of the form
    stack.stop("rasa")
    stack.start_rasa()
    complete_mapping(stack, sender, SWEDISH[5:8])
    assert tracker(stack, sender)["slots"]["benefit"] == "general_support"


def test_web_app_restarted_chat_session_continues(stack: Stack) -> None:
    status, body = post_json(f"{stack.web_url}/api/chat/session", {})
    assert status == 201
    session = body["session"]
    status, body = post_json(
        f"{stack.web_url}/api/chat/message",
        {"session": session, "message": "jag vill börja kartläggningen", "lang": "sv"},
    )
    assert status == 200 and "spara dina svar" in _text(body["messages"])
    stack.stop("web")
    stack.start_web()
    status, body = post_json(
        f"{stack.web_url}/api/chat/message", {"session": session, "message": "ja", "lang": "sv"}
    )
    assert status == 200, body
    assert "född" in _text(body["messages"])  # the same conversation, the next question


# --- 20 messages at once ---------------------------------------------------------------


def test_twenty_messages_at_once_are_processed_in_order(stack: Stack) -> None:
    sender = f"burst-{uuid.uuid4().hex}"
    say(stack, sender, "hej")
    messages = [f"vad kan du hjälpa mig med, fråga {i}" for i in range(20)]
    replies: dict[int, tuple[int, Any]] = {}

    def send(i: int) -> None:
        replies[i] = post_json(
            f"{stack.rasa_url}/webhooks/rest/webhook",
            {"sender": sender, "message": messages[i]},
            timeout=180,
        )

    threads = [threading.Thread(target=send, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
        time.sleep(0.02)  # they leave in this order, all before the first is answered
    for thread in threads:
        thread.join(200)
    assert sorted(replies) == list(range(20))
    assert all(status == 200 and body for status, body in replies.values()), replies
    events = tracker(stack, sender)["events"]
    said = [e["text"] for e in events if e["event"] == "user" and e["text"] in messages]
    assert said == messages  # none lost, none reordered
    # each message got its own answer before the next one was taken up
    kinds = [e["event"] for e in events if e["event"] in ("user", "bot")]
    first = kinds.index("user", 1)
    for a, b in zip(kinds[first:], kinds[first + 1 :], strict=False):
        assert not (a == "user" and b == "user"), "two messages processed at once"


# --- databases down (PostgreSQL behind a proxy the test can cut) -------------------------


@dataclass
class FaultStack:
    stack: Stack
    cases_db: CuttableProxy
    tracker_db: CuttableProxy
    direct_url: str


def _via(url: str, port: int) -> str:
    return url.replace("@127.0.0.1:5432/", f"@127.0.0.1:{port}/")


@pytest.fixture(scope="module")
def faults(tmp_path_factory: pytest.TempPathFactory, postgres_url: str) -> Iterator[FaultStack]:
    from bot.demo import load_demo_data

    load_demo_data(postgres_url)
    cases_db, tracker_db = CuttableProxy().start(), CuttableProxy().start()
    stack = make_stack(
        tmp_path_factory.mktemp("faults"),
        _via(postgres_url, cases_db.port),
        _via(postgres_url, tracker_db.port),
    )
    stack.start()
    yield FaultStack(stack, cases_db, tracker_db, postgres_url)
    stack.stop_all()
    cases_db.stop()
    tracker_db.stop()


@pytest.mark.postgres
def test_case_database_down_while_saving_the_summary(faults: FaultStack) -> None:
    stack, sender = faults.stack, f"savefail-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, FINNISH[:-1])  # up to "Pitääkö tämä paikkansa?"
    faults.cases_db.cut()
    try:
        reply = say(stack, sender, "kyllä")
        assert "tallennus ei onnistunut" in _text(reply)
        assert PHONE in _text(reply)
    finally:
        faults.cases_db.restore()
    assert latest_summary(sender, url=faults.direct_url) is None  # nothing half-written
    retry = next(b for b in _buttons(reply) if b["title"] == "Yritä uudelleen")
    reply = say(stack, sender, retry["payload"])
    assert "tallennettu" in _text(reply)
    stored = latest_summary(sender, url=faults.direct_url)
    assert stored is not None and stored.status == "confirmed"
    engine = create_engine(faults.direct_url)
    with engine.connect() as conn:
        count = conn.execute(
            text(
                "SELECT COUNT(*) FROM mapping_summaries s JOIN cases c ON c.id = s.case_id "
                "WHERE c.conversation_id = :c AND s.status = 'confirmed'"
            ),
            {"c": sender},
        ).scalar_one()
    engine.dispose()
    assert count == 1


@pytest.mark.postgres
def test_case_database_down_during_a_booking(faults: FaultStack) -> None:
    stack, sender = faults.stack, f"bookfail-{uuid.uuid4().hex}"
    say(stack, sender, "hej")
    reply = say(stack, sender, "jag vill boka en tid")
    short = next(b for b in _buttons(reply) if "booking_mode" in b["payload"])
    say(stack, sender, short["payload"])
    reply = say(stack, sender, "telefon")
    reply = say(stack, sender, _buttons(reply)[-1]["payload"])
    slot = next(b for b in _buttons(reply) if "booking_slot" in b["payload"])
    say(stack, sender, slot["payload"])
    assert "förnamn" in _text(say(stack, sender, "ja"))
    say(stack, sender, "ja")
    say(stack, sender, "Maria")
    faults.cases_db.cut()
    try:
        reply = say(stack, sender, "040 765 4321")
        assert "ingen tid är bokad" in _text(reply)
    finally:
        faults.cases_db.restore()
    assert booking.meetings_of_conversation(sender, url=faults.direct_url) == []
    retry = next(b for b in _buttons(reply) if b["title"] == "Försök igen")
    reply = say(stack, sender, retry["payload"])
    assert "Ska jag boka" in _text(reply), _text(reply)
    held = _text(say(stack, sender, "ja"))
    assert "sex siffror" in held, held
    code = sent_code(stack, "+358407654321", url=faults.direct_url)
    confirmation = _text(say(stack, sender, code))
    assert "Bokningskod" in confirmation, confirmation
    reference = re.search(r"\b([A-Z0-9]{3}-[A-Z0-9]{3})\b", confirmation)
    assert reference is not None
    meetings = booking.meetings_of_conversation(sender, url=faults.direct_url)
    assert [m.reference for m in meetings] == [reference.group(1)]


@pytest.mark.postgres
def test_tracker_store_down_fails_loudly_and_loses_nothing(faults: FaultStack) -> None:
    stack, sender = faults.stack, f"trackerfail-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, SWEDISH[:3])
    faults.tracker_db.cut()
    try:
        status, body = post_json(
            f"{stack.rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": "Borgå"}
        )
        assert status == 503
        assert body["error"] == "unavailable" and body["message"]["sv"] and body["message"]["fi"]
        # through the web app the person gets the readable message with the phone number
        status, session = post_json(f"{stack.web_url}/api/chat/session", {})
        assert status == 201
        status, body = post_json(
            f"{stack.web_url}/api/chat/message",
            {"session": session["session"], "message": "hej", "lang": "sv"},
        )
        assert status == 503 and PHONE in body["message"]["sv"]
    finally:
        faults.tracker_db.restore()
    # no silent in-memory fallback: the failed turn is not there, the form still waits
    state = tracker(stack, sender)
    assert state["slots"]["requested_slot"] == "municipality"
    assert "Borgå" not in [e.get("text") for e in state["events"] if e["event"] == "user"]
    reply = _text(say(stack, sender, "Borgå"))
    assert "situation" in reply
    assert "InMemoryTrackerStore" not in stack.logs()
