"""Hostile and odd input through the web app's chat proxy and Rasa's webhook.

Never an HTTP 500, never a stack trace, always either an answer in the conversation's
language or a clear JSON error with a message in both languages.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from bot.nlu.langid import Lexicon, detect
from bot.nlu.training_data import read_examples
from tests.e2e.servers import Stack, conversation_of, post_json, tracker

pytestmark = pytest.mark.e2e

# (name, message text): each sent as the second message of a Swedish conversation
TEXTS: list[tuple[str, str]] = [
    ("empty", ""),
    ("spaces", "     "),
    ("newlines and tabs", "\n\n\t\n"),
    ("control characters", "\x00\x01\x02hej\x07\x1b[31m"),
    ("only NUL", "\x00\x00\x00"),
    ("zero-width", "\u200b\u200c\u200d\ufeff"),
    ("right-to-left override", "\u202ehej jag vill boka tid\u202c"),
    ("Arabic", "مرحبا، أبحث عن عمل في بورفو"),
    ("Hebrew", "שלום אני מחפש עבודה"),
    ("Russian", "Здравствуйте, ищу работу"),
    ("emoji only", "😀😀🙏🏽👩‍👩‍👧"),
    ("emoji in a sentence", "hej 😀 jag vill boka en tid 📅"),
    ("decomposed umlauts", "ja\u0308g vill bo\u0308rja"),
    ("lone surrogate", "\ud800 hej"),
    ("one long word", "a" * 999),
    ("SQL drop", "'; DROP TABLE meetings; --"),
    ("SQL or", "' OR '1'='1"),
    ("SQL delete", "Robert'); DELETE FROM cases;--"),
    ("script tag", "<script>alert(1)</script>"),
    ("img onerror", "<img src=x onerror=alert(1)>"),
    ("javascript link", '<a href="javascript:alert(1)">klicka</a>'),
    ("jinja template", "{{7*7}} {% for x in y %}"),
    ("python format", "{service_phone} {0} {__class__}"),
    ("printf", "%s %d %n %x"),
    ("log4j", "${jndi:ldap://example.invalid/a}"),
    ("payload with SQL entity", '/inform{"municipality": "\' OR 1=1"}'),
    ("payload with a forged slot", '/book_meeting{"booking_slot": "999|2020-01-01T00:00"}'),
    ("payload with malformed JSON", '/inform{"municipality": '),
    ("unknown intent payload", "/no_such_intent"),
    ("bare slash", "/"),
    ("restart payload", "/restart"),
    ("session start payload", "/session_start"),
    ("path traversal", "../../../../etc/passwd"),
    ("markdown link", "[klicka här](javascript:alert(1))"),
]

# (name, raw body or JSON object, expected statuses) sent as they are
RAW_PROXY: list[tuple[str, Any, set[int]]] = [
    ("not JSON", b"hej hej", {400}),
    ("JSON array", [1, 2], {400}),
    ("JSON string", "hej", {400}),
    ("JSON null", None, {400}),
    ("deep nesting", b"[" * 5000 + b"]" * 5000, {400, 413}),
    ("message is a number", {"message": 123, "lang": "sv"}, {400}),
    ("message is null", {"message": None, "lang": "sv"}, {400}),
    ("message is an object", {"message": {"a": 1}, "lang": "sv"}, {400}),
    ("missing session", {"message": "hej", "lang": "sv"}, {403}),
    ("unknown session", {"session": "A" * 32, "message": "hej", "lang": "sv"}, {403}),
    (
        "session with odd characters",
        {"session": "../<script>", "message": "hej", "lang": "sv"},
        {403},
    ),
    ("very long session", {"session": "x" * 10_000, "message": "hej", "lang": "sv"}, {403, 413}),
    ("unknown language", {"message": "hej", "lang": "en"}, {400}),
    ("100 kB message", {"message": "a" * 100_000, "lang": "sv"}, {413}),
    ("1,001 characters", {"message": "a" * 1001, "lang": "sv"}, {422}),
]
RAW_WEBHOOK: list[tuple[str, Any, set[int]]] = [
    ("not JSON", b"hej hej", {400}),
    ("JSON array", [1, 2], {400}),
    ("JSON null", None, {400}),
    ("missing sender", {"message": "hej"}, {400}),
    ("empty sender", {"sender": "", "message": "hej"}, {400}),
    ("sender is a number", {"sender": 7, "message": "hej"}, {400}),
    ("sender with odd characters", {"sender": "../<script>", "message": "hej"}, {400}),
    ("very long sender", {"sender": "x" * 10_000, "message": "hej"}, {400}),
    ("message is a number", {"sender": "S", "message": 123}, {400}),
    ("message missing", {"sender": "S"}, {400}),
    ("metadata of the wrong type", {"sender": "S", "message": "hej", "metadata": "sv"}, {200}),
    ("100 kB message", {"sender": "S", "message": "a" * 100_000}, {422}),
]


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.from_examples((e.text, e.language) for e in read_examples())


def _check_error(status: int, body: Any) -> None:
    assert status != 500
    assert "Traceback" not in json.dumps(body)
    assert isinstance(body, dict) and body.get("error"), body
    assert body["message"]["sv"] and body["message"]["fi"]


def _check_answer(messages: list[dict[str, Any]], lexicon: Lexicon) -> None:
    texts = " ".join(str(m.get("text") or "") for m in messages)
    assert texts.strip(), "no answer"
    assert "Traceback" not in texts
    # a message in a third language is first answered in that language (issue 13); the
    # conversation's own language (Swedish) always follows
    last = str(messages[-1].get("text") or "")
    assert detect(last, lexicon).language == "sv", texts


def _proxy_session(stack: Stack) -> str:
    status, body = post_json(f"{stack.web_url}/api/chat/session", {})
    assert status == 201
    session = str(body["session"])
    status, body = post_json(
        f"{stack.web_url}/api/chat/message", {"session": session, "message": "hej", "lang": "sv"}
    )
    assert status == 200
    return session


@pytest.mark.parametrize(("name", "message"), TEXTS, ids=[t[0] for t in TEXTS])
def test_odd_text_through_the_proxy(
    stack: Stack, lexicon: Lexicon, name: str, message: str
) -> None:
    session = _proxy_session(stack)
    payload = json.dumps({"session": session, "message": message, "lang": "sv"})
    status, body = post_json(f"{stack.web_url}/api/chat/message", payload.encode())
    if status == 200:
        _check_answer(body["messages"], lexicon)
        if name != "restart payload":  # /restart forgets everything, the language too
            assert tracker(stack, conversation_of(stack, session))["slots"]["language"] == "sv"
    else:
        _check_error(status, body)


@pytest.mark.parametrize(("name", "message"), TEXTS, ids=[t[0] for t in TEXTS])
def test_odd_text_through_the_webhook(
    stack: Stack, lexicon: Lexicon, name: str, message: str
) -> None:
    sender = f"odd-{uuid.uuid4().hex}"
    post_json(f"{stack.rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": "hej"})
    payload = json.dumps({"sender": sender, "message": message})
    status, body = post_json(f"{stack.rasa_url}/webhooks/rest/webhook", payload.encode())
    if status == 200:
        _check_answer(body, lexicon)
    else:
        _check_error(status, body)


def _raw(body: Any) -> bytes:
    return body if isinstance(body, bytes) else json.dumps(body).encode()


@pytest.mark.parametrize(("name", "body", "statuses"), RAW_PROXY, ids=[r[0] for r in RAW_PROXY])
def test_malformed_requests_to_the_proxy(
    stack: Stack, name: str, body: Any, statuses: set[int]
) -> None:
    if isinstance(body, dict) and "session" not in body and name != "missing session":
        body = {**body, "session": _proxy_session(stack)}
    status, answer = post_json(f"{stack.web_url}/api/chat/message", _raw(body))
    assert status in statuses, (status, answer)
    _check_error(status, answer)


@pytest.mark.parametrize(("name", "body", "statuses"), RAW_WEBHOOK, ids=[r[0] for r in RAW_WEBHOOK])
def test_malformed_requests_to_the_webhook(
    stack: Stack, lexicon: Lexicon, name: str, body: Any, statuses: set[int]
) -> None:
    if isinstance(body, dict) and body.get("sender") == "S":
        body = {**body, "sender": f"raw-{uuid.uuid4().hex}"}
    status, answer = post_json(f"{stack.rasa_url}/webhooks/rest/webhook", _raw(body))
    assert status in statuses, (status, answer)
    if status == 200:
        assert answer, "no answer"
    else:
        _check_error(status, answer)
