"""The chat proxy between the widget and Rasa, with a local server playing Rasa's REST API.

The end-to-end tests (tests/e2e/test_widget_browser.py) run the same paths against the
real Rasa and action servers; these cover the refusals and edge cases quickly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import create_engine, text

from bot.cases import chat_sessions
from bot.cases.migrate import upgrade
from bot.config import load_settings
from bot.portal.app import create_app
from bot.portal.chat import MAX_BODY, MAX_MESSAGE
from tests.e2e.servers import free_port

XSS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script>",
    '<a href="javascript:alert(1)">klicka</a>',
    "javascript:alert(document.cookie)",
]


@dataclass
class FakeRasa:
    """Records what the proxy sends; answers like Rasa's REST channel would."""

    received: list[dict[str, Any]] = field(default_factory=list)
    reply: list[dict[str, Any]] = field(default_factory=list)
    events: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    token_seen: list[str] = field(default_factory=list)
    erased_turn: bool = False
    erased: list[tuple[str, str]] = field(default_factory=list)  # (sender, Authorization)
    moved: list[tuple[str, str]] = field(default_factory=list)

    def app(self) -> web.Application:
        async def webhook(request: web.Request) -> web.Response:
            self.received.append(await request.json())
            headers = {"X-Conversation-Erased": "true"} if self.erased_turn else None
            return web.json_response(self.reply, headers=headers)

        async def erase(request: web.Request) -> web.Response:
            sender = request.match_info["sender"]
            self.erased.append((sender, request.headers.get("Authorization", "")))
            return web.json_response({"conversations": 1, "events": 3})

        async def move(request: web.Request) -> web.Response:
            self.moved.append((request.match_info["sender"], (await request.json())["to"]))
            return web.json_response({"events": 5})

        async def tracker(request: web.Request) -> web.Response:
            self.token_seen.append(request.headers.get("Authorization", ""))
            assert "token" not in request.query  # never in a URL
            sender = request.match_info["sender"]
            return web.json_response({"sender_id": sender, "events": self.events.get(sender, [])})

        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", webhook)
        app.router.add_get("/conversations/{sender}/tracker", tracker)
        app.router.add_delete("/webhooks/rest/conversations/{sender}", erase)
        app.router.add_post("/webhooks/rest/conversations/{sender}/move", move)
        return app


@pytest.fixture
async def rasa(aiohttp_server: Any) -> tuple[FakeRasa, TestServer]:
    fake = FakeRasa()
    server = await aiohttp_server(fake.app())
    return fake, server


@pytest.fixture
def urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    sqlite_url = f"sqlite:///{tmp_path / 'cases.db'}"
    upgrade(sqlite_url)
    tracker_url = f"sqlite:///{tmp_path / 'tracker.db'}"
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("TRACKER_DB_URL", tracker_url)
    monkeypatch.setenv("EMBED_ORIGINS", "https://www.borga.fi, https://www.porvoo.fi/")
    monkeypatch.setenv("CHAT_NEW_SESSION_LIMIT", "100,100")
    return sqlite_url, tracker_url


@pytest.fixture
async def client(
    aiohttp_client: Any,
    rasa: tuple[FakeRasa, TestServer],
    urls: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> TestClient:
    monkeypatch.setenv("RASA_URL", str(rasa[1].make_url("")))
    return await aiohttp_client(create_app(load_settings()))


def conversation_of(session: str) -> str:
    return chat_sessions.conversation_id(session, load_settings().conversation_key)


async def new_session(client: TestClient) -> str:
    response = await client.post("/api/chat/session")
    assert response.status == 201
    body = await response.json()
    assert body["max_length"] == MAX_MESSAGE
    assert "www.kela.fi" in body["allowed_hosts"]
    assert body["own_origin"] == load_settings().public_base_url.rstrip("/")
    return str(body["session"])


async def test_session_ids_are_random_and_long(client: TestClient) -> None:
    ids = {await new_session(client) for _ in range(20)}
    assert len(ids) == 20
    # token_urlsafe(24) -> 32 characters of 6 bits = 192 bits, well above the 128 required
    assert all(len(i) == 32 for i in ids)


async def test_session_hash_is_stored_not_the_id(client: TestClient, urls: tuple[str, str]) -> None:
    session = await new_session(client)
    engine = create_engine(urls[0])
    with engine.connect() as conn:
        stored = [r[0] for r in conn.execute(text("SELECT session_hash FROM chat_sessions"))]
    engine.dispose()
    assert session not in stored and len(stored) == 1


async def test_message_goes_to_rasa_with_page_language(
    client: TestClient, rasa: tuple[FakeRasa, TestServer]
) -> None:
    fake, _ = rasa
    fake.reply = [
        {
            "recipient_id": "x",
            "text": "Hej! Vad vill du göra?",
            "buttons": [{"title": "Boka tid", "payload": "/book_meeting"}],
            "lang": "sv",
        },
        {"recipient_id": "x", "text": "Moi! Mitä haluaisit tehdä tänään?", "lang": "fi"},
        {"recipient_id": "x", "text": "Hej!"},
    ]
    session = await new_session(client)
    response = await client.post(
        "/api/chat/message", json={"session": session, "message": "hej", "lang": "sv"}
    )
    assert response.status == 200
    # Rasa sees the conversation id, never the session secret
    conversation = conversation_of(session)
    assert conversation != session
    [received] = fake.received
    assert received["sender"] == conversation and received["message"] == "hej"
    metadata = received["metadata"]
    assert metadata["lang"] == "sv"
    # the address only as a keyed hash: the action server limits bookings per address by it
    assert re.fullmatch(r"[0-9a-f]{16}", metadata["jobbcoach_addr"])
    assert "127.0.0.1" not in str(received)
    messages = (await response.json())["messages"]
    assert messages[0] == {
        "from": "bot",
        "text": "Hej! Vad vill du göra?",
        "buttons": [{"title": "Boka tid", "payload": "/book_meeting"}],
        "lang": "sv",
    }
    assert messages[1]["lang"] == "fi"  # each message carries the language Rasa gave it
    assert messages[2]["lang"] == "sv"  # none given: the page language


async def test_offer_card_is_passed_as_data(
    client: TestClient, rasa: tuple[FakeRasa, TestServer]
) -> None:
    fake, _ = rasa
    card = {"type": "offer_card", "title": XSS[0], "url": "javascript:alert(1)", "lang": "fi"}
    fake.reply = [{"recipient_id": "x", "custom": card}]
    session = await new_session(client)
    response = await client.post(
        "/api/chat/message", json={"session": session, "message": "kursseja", "lang": "fi"}
    )
    assert (await response.json())["messages"] == [{"from": "bot", "custom": card, "lang": "fi"}]
    assert response.content_type == "application/json"


@pytest.mark.parametrize("hostile", XSS)
async def test_hostile_text_travels_as_json_string_both_ways(
    client: TestClient, rasa: tuple[FakeRasa, TestServer], hostile: str
) -> None:
    fake, _ = rasa
    fake.reply = [{"recipient_id": "x", "text": hostile}]
    session = await new_session(client)
    response = await client.post(
        "/api/chat/message", json={"session": session, "message": hostile, "lang": "sv"}
    )
    assert response.status == 200
    assert fake.received[-1]["message"] == hostile
    assert (await response.json())["messages"][0]["text"] == hostile
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"message": "hej", "lang": "sv"}, 403, "unknown_session"),
        ({"session": "x" * 32, "message": "hej", "lang": "sv"}, 403, "unknown_session"),
        ({"session": "", "message": "hej", "lang": "sv"}, 403, "unknown_session"),
        ({"session": 12345, "message": "hej", "lang": "sv"}, 403, "unknown_session"),
        ({"session": "S", "lang": "sv"}, 400, "bad_message"),
        ({"session": "S", "message": ["hej"], "lang": "sv"}, 400, "bad_message"),
        ({"session": "S", "message": "hej", "lang": "en"}, 400, "bad_request"),
        ({"session": "S", "message": "hej", "lang": "sv", "hidden": "yes"}, 400, "bad_request"),
        ({"session": "S", "message": "a" * (MAX_MESSAGE + 1), "lang": "sv"}, 422, "too_long"),
    ],
)
async def test_refusals_are_clear_json(
    client: TestClient,
    rasa: tuple[FakeRasa, TestServer],
    body: dict[str, Any],
    status: int,
    error: str,
) -> None:
    session = await new_session(client)
    body = {k: (session if v == "S" else v) for k, v in body.items()}
    response = await client.post("/api/chat/message", json=body)
    assert response.status == status
    data = await response.json()
    assert data["error"] == error
    assert data["message"]["sv"] and data["message"]["fi"]
    assert rasa[0].received == []  # nothing reached the bot


async def test_message_at_the_limit_is_accepted(client: TestClient) -> None:
    session = await new_session(client)
    response = await client.post(
        "/api/chat/message", json={"session": session, "message": "ä" * MAX_MESSAGE, "lang": "fi"}
    )
    assert response.status == 200


@pytest.mark.parametrize("raw", [b"{not json", b"[1, 2]", b"\xff\xfe", b"", b'"hej"', b"null"])
async def test_malformed_bodies(client: TestClient, raw: bytes) -> None:
    response = await client.post(
        "/api/chat/message", data=raw, headers={"Content-Type": "application/json"}
    )
    assert response.status == 400
    assert (await response.json())["error"] in {"bad_json", "bad_request"}


async def test_oversized_body_is_refused(client: TestClient) -> None:
    session = await new_session(client)
    body = json.dumps({"session": session, "message": "x", "pad": "p" * MAX_BODY}).encode()
    response = await client.post(
        "/api/chat/message", data=body, headers={"Content-Type": "application/json"}
    )
    assert response.status == 413
    assert (await response.json())["error"] == "too_large"


async def test_oversized_chunked_body_is_refused(client: TestClient) -> None:
    async def chunks() -> Any:
        for _ in range(20):
            yield b"x" * 1024

    response = await client.post(
        "/api/chat/message", data=chunks(), headers={"Content-Type": "application/json"}
    )
    assert response.status == 413


async def test_rasa_down_gives_503_with_phone_number(
    aiohttp_client: Any, urls: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}")
    client = await aiohttp_client(create_app(load_settings()))
    session = await new_session(client)
    response = await client.post(
        "/api/chat/message", json={"session": session, "message": "hej", "lang": "sv"}
    )
    assert response.status == 503
    data = await response.json()
    assert data["error"] == "unavailable"
    assert "019 123 4567" in data["message"]["sv"] and "019 123 4567" in data["message"]["fi"]


async def test_history_restores_the_conversation(
    client: TestClient, rasa: tuple[FakeRasa, TestServer]
) -> None:
    fake, _ = rasa
    session = await new_session(client)
    fake.events[conversation_of(session)] = [
        {"event": "action", "name": "action_session_start"},
        {"event": "user", "text": "hej", "metadata": {"lang": "sv", "hidden": True}},
        {"event": "bot", "text": "Hej!"},
        {"event": "user", "text": '/choose_language{"language": "fi"}'},
        {"event": "slot", "name": "language", "value": "fi"},
        {
            "event": "bot",
            "text": "Moi! Mitä haluaisit tehdä?",
            "data": {"buttons": [{"title": "Varaa aika", "payload": "/book_meeting"}]},
        },
        {"event": "user", "text": "/book_meeting"},
        {"event": "user", "text": "haluisin varata ajan"},
        {"event": "bot", "text": None, "data": {"custom": {"type": "offer_card", "title": "K"}}},
    ]
    response = await client.post("/api/chat/history", json={"session": session, "lang": "sv"})
    assert response.status == 200
    messages = (await response.json())["messages"]
    # the language switch payload is not shown; a clicked button shows its title; each
    # message has the conversation's language then (the page language before it was set)
    assert [m["from"] for m in messages] == ["bot", "bot", "user", "user", "bot"]
    assert messages[0] == {"from": "bot", "text": "Hej!", "lang": "sv"}
    assert messages[1]["buttons"][0]["payload"] == "/book_meeting"
    assert messages[1]["lang"] == "fi"
    assert messages[2] == {"from": "user", "text": "Varaa aika", "lang": "fi"}
    assert messages[3] == {"from": "user", "text": "haluisin varata ajan", "lang": "fi"}
    assert messages[4]["custom"]["type"] == "offer_card"
    # a short-lived JWT signed with the API token, in a header; the token stays server-side
    (header,) = fake.token_seen
    claims = jwt.decode(header.removeprefix("Bearer "), load_settings().rasa_token, ["HS256"])
    assert claims["user"]["role"] == "admin" and claims["exp"] - claims["iat"] <= 60


async def test_history_of_unknown_session(client: TestClient) -> None:
    response = await client.post("/api/chat/history", json={"session": "nope"})
    assert response.status == 403
    assert (await client.post("/api/chat/history", json={})).status == 403
    # never in a URL, where access logs keep it
    assert (await client.get("/api/chat/history", params={"session": "x"})).status == 405


async def test_delete_asks_rasa_to_erase_and_ends_the_session(
    client: TestClient, rasa: tuple[FakeRasa, TestServer], urls: tuple[str, str]
) -> None:
    fake, _ = rasa
    session = await new_session(client)
    other = await new_session(client)
    response = await client.post("/api/chat/delete", json={"session": session})
    assert response.status == 200 and (await response.json()) == {"deleted": True}
    # Rasa erases the events (under the conversation's lock), with the token in a header
    assert fake.erased == [(conversation_of(session), f"Bearer {load_settings().rasa_token}")]
    # the deleted session can no longer talk to the bot
    after = await client.post(
        "/api/chat/message", json={"session": session, "message": "hej", "lang": "sv"}
    )
    assert after.status == 403
    assert not chat_sessions.is_valid(session, urls[0])
    assert chat_sessions.is_valid(other, urls[0])


async def test_a_turn_that_erased_the_conversation_ends_the_session(
    client: TestClient, rasa: tuple[FakeRasa, TestServer], urls: tuple[str, str]
) -> None:
    fake, _ = rasa
    fake.erased_turn = True
    fake.reply = [{"recipient_id": "x", "text": "Klart. Jag har raderat dina svar.", "lang": "sv"}]
    session = await new_session(client)
    response = await client.post(
        "/api/chat/message", json={"session": session, "message": "ja", "lang": "sv"}
    )
    body = await response.json()
    assert body["erased"] is True
    assert body["messages"] == [
        {"from": "bot", "text": "Klart. Jag har raderat dina svar.", "lang": "sv"}
    ]
    assert not chat_sessions.is_valid(session, urls[0])


async def test_embedding_sites_get_cors_others_do_not(client: TestClient) -> None:
    preflight = await client.options(
        "/api/chat/message",
        headers={"Origin": "https://www.porvoo.fi", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://www.porvoo.fi"
    assert "Access-Control-Allow-Credentials" not in preflight.headers
    response = await client.post("/api/chat/session", headers={"Origin": "https://www.borga.fi"})
    assert response.headers["Access-Control-Allow-Origin"] == "https://www.borga.fi"
    evil = await client.post("/api/chat/session", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in evil.headers
    portal = await client.get("/portal/login", headers={"Origin": "https://www.borga.fi"})
    assert "Access-Control-Allow-Origin" not in portal.headers


async def test_the_live_stream_answers_an_embedding_site_with_cors(
    client: TestClient, urls: tuple[str, str]
) -> None:
    # a streamed answer sends its headers before the handler returns: CORS must be there
    from bot.cases.db import session_scope
    from bot.cases.models import LiveChat

    session = await new_session(client)
    with session_scope(urls[0]) as db:
        db.add(
            LiveChat(
                conversation_id=conversation_of(session), team="638", language="sv", status="ended"
            )
        )
    response = await client.post(
        "/api/chat/live/stream",
        json={"session": session, "after": 0, "lang": "sv"},
        headers={"Origin": "https://www.borga.fi"},
    )
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("application/x-ndjson")
    assert response.headers["Access-Control-Allow-Origin"] == "https://www.borga.fi"
    lines = [json.loads(line) for line in (await response.text()).splitlines() if line]
    assert lines[0]["type"] == "status" and lines[0]["status"] == "ended"
    # an absurd position is a clear error, not a crash in the middle of a stream
    huge = await client.post(
        "/api/chat/live/stream", json={"session": session, "after": 10**30, "lang": "sv"}
    )
    assert huge.status == 400


@pytest.mark.parametrize(("path", "lang"), [("/sv", "sv"), ("/fi", "fi")])
async def test_city_page_embeds_the_widget_with_one_tag(
    client: TestClient, path: str, lang: str
) -> None:
    body = await (await client.get(path)).text()
    assert f'<html lang="{lang}">' in body
    assert body.count("<script") == 1 and '<script src="/widget.js" defer></script>' in body


async def test_widget_is_self_contained(client: TestClient) -> None:
    response = await client.get("/widget.js")
    assert response.status == 200
    assert response.content_type == "text/javascript"
    source = await response.text()
    assert "innerHTML" not in source and "insertAdjacentHTML" not in source
    assert "eval(" not in source and "document.write" not in source
    assert re.findall(r"https?://([\w.-]+)", source) == []  # nothing loaded from elsewhere
    assert "import(" not in source
    css = await (await client.get("/static/widget.css")).text()
    assert "@import" not in css and "url(" not in css


@pytest.mark.parametrize(
    ("path", "lang", "words"),
    [
        ("/sv/tillganglighet", "sv", ["WCAG 2.1", "Ge respons", "Tillstånds- och tillsynsverket"]),
        (
            "/fi/saavutettavuus",
            "fi",
            ["WCAG 2.1", "Anna palautetta", "Lupa- ja valvontavirastolle"],
        ),
    ],
)
async def test_accessibility_statement(
    client: TestClient, path: str, lang: str, words: list[str]
) -> None:
    body = await (await client.get(path)).text()
    assert f'<html lang="{lang}">' in body
    for word in words:
        assert word in body, word


async def test_rate_limits_answer_429_with_retry_after(
    aiohttp_client: Any,
    rasa: tuple[FakeRasa, TestServer],
    urls: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RASA_URL", str(rasa[1].make_url("")))
    monkeypatch.setenv("CHAT_SESSION_LIMIT", "3,6")
    monkeypatch.setenv("CHAT_IP_LIMIT", "6,6")
    monkeypatch.setenv("CHAT_NEW_SESSION_LIMIT", "2,1")
    client = await aiohttp_client(create_app(load_settings()))
    one, two = await new_session(client), await new_session(client)
    third = await client.post("/api/chat/session")
    assert third.status == 429
    assert int(third.headers["Retry-After"]) >= 1
    body = await third.json()
    assert body["error"] == "rate_limited" and "Vänta" in body["message"]["sv"]

    async def say(session: str) -> int:
        response = await client.post(
            "/api/chat/message", json={"session": session, "message": "hej", "lang": "sv"}
        )
        return response.status

    # per session: a burst of 3, then refused ...
    assert [await say(one) for _ in range(4)] == [200, 200, 200, 429]
    # ... while another session of the same address still gets through, until the
    # address's own limit (6 requests, refused ones included) is used up
    assert [await say(two) for _ in range(2)] == [200, 200]
    assert await say(two) == 429
    assert len(rasa[0].received) == 5


async def test_forwarded_address_only_behind_trusted_proxies(
    aiohttp_client: Any, urls: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHAT_NEW_SESSION_LIMIT", "1,1")
    monkeypatch.setenv("TRUSTED_PROXY_HOPS", "1")
    client = await aiohttp_client(create_app(load_settings()))
    for address in ("198.51.100.1", "198.51.100.2"):  # two people behind the city's proxy
        response = await client.post(
            "/api/chat/session", headers={"X-Forwarded-For": f"203.0.113.9, {address}"}
        )
        assert response.status == 201
    again = await client.post(
        "/api/chat/session", headers={"X-Forwarded-For": "10.0.0.1, 198.51.100.1"}
    )
    assert again.status == 429  # what the client wrote before the proxy's entry is ignored


async def test_a_conversation_id_cannot_read_or_continue_the_chat(
    client: TestClient, rasa: tuple[FakeRasa, TestServer]
) -> None:
    fake, _ = rasa
    session = await new_session(client)
    await client.post(
        "/api/chat/message", json={"session": session, "message": "hej", "lang": "sv"}
    )
    conversation = fake.received[-1]["sender"]  # what the tracker store and the portal show
    fake.events[conversation] = [{"event": "user", "text": "hej"}]
    for path, body in [
        ("/api/chat/message", {"session": conversation, "message": "hej", "lang": "sv"}),
        ("/api/chat/history", {"session": conversation, "lang": "sv"}),
        ("/api/chat/delete", {"session": conversation}),
    ]:
        response = await client.post(path, json=body)
        assert response.status == 403, path
        assert (await response.json())["error"] == "unknown_session"
    assert len(fake.received) == 1 and fake.erased == []


async def test_a_session_from_before_conversation_ids_moves_once(
    client: TestClient, rasa: tuple[FakeRasa, TestServer], urls: tuple[str, str]
) -> None:
    fake, _ = rasa
    old = "legacy-secret-used-as-the-sender-id"
    engine = create_engine(urls[0])
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO chat_sessions (session_hash, created_at, last_seen, deleted) "
                "VALUES (:h, '2026-11-30 10:00:00', '2026-11-30 10:00:00', false)"
            ),
            {"h": chat_sessions.session_hash(old)},
        )
        conn.execute(
            text(
                "INSERT INTO cases (public_id, conversation_id, language, status, created_at, "
                "updated_at) VALUES ('K-LEGACY', :c, 'sv', 'open', '2026-11-30 10:00:00', "
                "'2026-11-30 10:00:00')"
            ),
            {"c": old},
        )
    for _ in range(2):
        response = await client.post(
            "/api/chat/message", json={"session": old, "message": "hej", "lang": "sv"}
        )
        assert response.status == 200
    new = conversation_of(old)
    assert fake.moved == [(old, new)]  # the events, under both locks, once
    assert [m["sender"] for m in fake.received] == [new, new]
    with engine.connect() as conn:
        case = conn.execute(
            text("SELECT conversation_id FROM cases WHERE public_id = 'K-LEGACY'")
        ).scalar_one()
        stored = conn.execute(text("SELECT conversation_id FROM chat_sessions")).scalar_one()
    engine.dispose()
    assert case == new and stored == new
