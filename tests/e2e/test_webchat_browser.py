"""Rasa Webchat 1.0.1, as published on npm (node_modules/rasa-webchat), on a city page in
Chromium, talking to our socket.io channel: no token, no patch to the widget.

The page is served from another origin than Rasa's (the city's site, one of
EMBED_ORIGINS), as it would be on a city's website.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import PROJECT_ROOT
from tests.e2e.browser import ARTIFACTS, browser_page
from tests.e2e.servers import Stack, socket_conversation, user_texts

pytestmark = pytest.mark.e2e

BUNDLE = PROJECT_ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"

HINTS = {"sv": "Skriv ett meddelande …", "fi": "Kirjoita viesti …"}

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Stad</title></head>
<body><main><h1>Arbetskraftsservice</h1><div id="webchat"></div></main>
<script src="/webchat.js"></script>
<script>
WebChat.default({{
  selector: "#webchat",
  initPayload: "/greet",
  customData: {{ lang: "{lang}" }},
  socketUrl: "{rasa}",
  socketPath: "/socket.io/",
  embedded: true,
  title: "Jobbcoach",
  inputTextFieldHint: "{hint}",
  params: {{ storage: "session" }}
}}, null);
</script></body></html>
"""


@pytest.fixture(scope="module")
def city_page(stack: Stack) -> Iterator[str]:
    """A city page on ``stack.page_origin`` embedding Webchat's own bundle."""
    if not BUNDLE.exists():
        pytest.fail("node_modules/rasa-webchat is missing: run `npm ci` (make test does)")
    root = Path(stack.workdir / "city")
    root.mkdir(exist_ok=True)
    (root / "webchat.js").write_bytes(BUNDLE.read_bytes())
    for lang in ("sv", "fi"):
        (root / f"{lang}.html").write_text(
            PAGE.format(lang=lang, rasa=stack.rasa_url, hint=HINTS[lang]), encoding="utf-8"
        )
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", stack.page_port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stack.page_origin
    server.shutdown()
    server.server_close()


def bot_texts(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(".rw-response").all_inner_texts()]


def say(page: Any, message: str, wait_for: str) -> str:
    """Type a message as a person would; wait for a bot message containing ``wait_for``."""
    before = page.locator(".rw-response").count()
    field = page.locator(".rw-new-message")
    field.fill(message)
    field.press("Enter")
    page.wait_for_function(
        "([n, w]) => [...document.querySelectorAll('.rw-response')].slice(n)"
        ".some(e => e.innerText.toLowerCase().includes(w))",
        arg=[before, wait_for.lower()],
        timeout=45_000,
    )
    return "\n".join(bot_texts(page)[before:])


def session_of(page: Any) -> str:
    stored = page.evaluate("sessionStorage.getItem('chat_session')")
    return str(json.loads(stored)["session_id"])


SCRIPTS = {
    "sv": {
        "greeting": "hej",
        "offers": ("jag vill söka en utbildning inom logistik i borgå", "careeria"),
        "mapping": [
            ("jag vill börja kartläggningen", "spara"),
            ("ja", "född"),
            ("1985", "kommun"),
            ("Borgå", "situation"),
        ],
        "erase": [("radera mina uppgifter", "lämna"), ("ja", "raderar"), ("ja", "raderat")],
    },
    "fi": {
        "greeting": "moi",
        "offers": ("haluisin etsiä koulutusta logistiikasta porvoossa", "careeria"),
        "mapping": [
            ("haluun aloittaa alkukartoituksen", "tallentaa"),
            ("joo", "syntynyt"),
            ("1990", "kunnassa"),
            ("Porvoo", "tilannetta"),
        ],
        "erase": [("poista mun tiedot", "keskeyt"), ("joo", "poistan"), ("kyllä", "poistin")],
    },
}


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_webchat_from_npm_works_with_the_socketio_channel(
    stack: Stack, city_page: str, lang: str
) -> None:
    script: dict[str, Any] = SCRIPTS[lang]
    with browser_page(viewport={"width": 1000, "height": 900}) as page:
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        page.goto(f"{city_page}/{lang}.html")
        # the greeting: in the page's language (Webchat sends it as customData)
        try:
            page.wait_for_function(
                "() => [...document.querySelectorAll('.rw-response')]"
                ".some(e => e.innerText.trim())",
                timeout=45_000,
            )
        except Exception:
            raise AssertionError(f"no greeting; the widget logged {console}") from None
        page.wait_for_timeout(1500)  # the rest of the greeting
        first = " ".join(bot_texts(page)).lower()
        assert script["greeting"] in first, first
        # buttons (quick replies) are rendered
        assert page.locator(".rw-reply").count() > 0
        # a training-offer turn (custom JSON in Rasa) reaches the widget as text
        message, expected = script["offers"]
        say(page, message, expected)
        assert page.locator(".rw-response a[href^='https://']").count() > 0  # "Läs mer" links
        # the kartläggning, with answers the person must be able to erase
        for message, expected in script["mapping"]:
            say(page, message, expected)
        session = session_of(page)
        conversation = socket_conversation(stack, session)  # what the tracker store knows
        answers = {message for message, _ in script["mapping"][2:]}  # year and municipality
        assert answers <= user_texts(stack, conversation)
        page.screenshot(path=str(ARTIFACTS / f"webchat-{lang}.png"), full_page=True)
        for message, expected in script["erase"]:
            last = say(page, message, expected)
        assert expected in last.lower()
        assert user_texts(stack, conversation) == set()  # nothing the person wrote is left
        # Webchat got a new session id from the server and started afresh
        page.wait_for_function(
            "old => JSON.parse(sessionStorage.getItem('chat_session')).session_id !== old",
            arg=session,
        )
