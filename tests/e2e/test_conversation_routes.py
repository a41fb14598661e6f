"""The Rasa server's own routes for stored conversations (bot/rasa_ext/conversations.py),
which the web app and the staff command use instead of the tracker database."""

from __future__ import annotations

import asyncio
import urllib.error
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import aiohttp
import pytest

from bot.rasa_client import RasaClient
from tests.e2e.servers import Stack, say, tracker

pytestmark = pytest.mark.e2e


def _with_client(stack: Stack, call: Any) -> Any:
    async def run() -> Any:
        async with aiohttp.ClientSession() as session:
            return await call(RasaClient(session, stack.rasa_url, stack.token))

    return asyncio.run(run())


def test_inbox_stats_and_export_come_from_rasa(stack: Stack) -> None:
    sender = f"routes-{uuid.uuid4().hex}"
    say(stack, sender, "hej")
    # of a few odd messages, take the first the model is unsure of (below 0.6 or fallback)
    for unsure in ("mmh kanske typ", "öö no en tiä", "qwzx plörk", "?? hmm", "ok men asså"):
        say(stack, sender, unsure)
        event = [e for e in tracker(stack, sender)["events"] if e["event"] == "user"][-1]
        intent = event["parse_data"]["intent"]
        if intent["name"] == "nlu_fallback" or intent["confidence"] < 0.6:
            break
    else:
        pytest.fail("the model was sure of every odd message: choose odder ones")
    inbox = _with_client(stack, lambda rasa: rasa.inbox(200, set()))
    found = [m for m in inbox if m.text == unsure]
    assert found and found[0].sender_id == sender
    # a decided message is left out
    again = _with_client(stack, lambda rasa: rasa.inbox(200, {found[0].key}))
    assert not [m for m in again if m.text == unsure]
    since = datetime.now(timezone.utc) - timedelta(hours=1)
    fallbacks, messages = _with_client(stack, lambda rasa: rasa.fallback_rate(since))
    assert messages >= 2 and 0 <= fallbacks <= messages
    said = _with_client(stack, lambda rasa: rasa.export(sender))
    person = [m["text"] for m in said if m["from"] == "person"]
    assert person[0] == "hej" and person[-1] == unsure


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/webhooks/rest/conversations/x1/export"),
        ("DELETE", "/webhooks/rest/conversations/x1"),
        ("POST", "/webhooks/rest/conversations/x1/move"),
        ("POST", "/webhooks/rest/conversations/inbox"),
        ("GET", "/webhooks/rest/conversations/stats?since=2026-01-01T00:00:00"),
        ("POST", "/webhooks/rest/conversations/purge"),
    ],
)
@pytest.mark.parametrize("header", [None, "Bearer wrong", "TOKEN"])
def test_conversation_routes_need_the_token_in_a_header(
    stack: Stack, method: str, path: str, header: str | None
) -> None:
    headers = {"Content-Type": "application/json"}
    url = f"{stack.rasa_url}{path}"
    if header == "TOKEN":  # the right token, but in the URL: refused too
        url += ("&" if "?" in url else "?") + f"token={stack.token}"
    elif header:
        headers["Authorization"] = header
    request = urllib.request.Request(
        url, data=b"{}" if method == "POST" else None, headers=headers, method=method
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401
