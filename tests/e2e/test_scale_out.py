"""Two Rasa servers, two action servers, one PostgreSQL tracker store, a Redis lock store,
and the web app spreading messages over both Rasa servers.

200 messages in 20 conversations at once, every conversation's messages alternately on the
two Rasa servers: the shared tracker store must lose nothing and keep the order. Then two
messages of one conversation reach both servers at the same moment: the Redis lock store
must let one turn finish before the other starts.
"""

from __future__ import annotations

import itertools
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import redis

from tests.e2e.servers import Stack, conversation_of, make_stack, post_json, tracker
from tests.e2e.test_mapping import SWEDISH

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
CONVERSATIONS = 20
PER_CONVERSATION = 10


@dataclass
class Pair:
    a: Stack
    b: Stack
    prefix: str


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory, postgres_url: str) -> Iterator[Pair]:
    from bot.demo import load_demo_data

    redis.Redis(host="127.0.0.1", port=6379, socket_timeout=5).ping()
    load_demo_data(postgres_url)
    workdir = tmp_path_factory.mktemp("scale")
    prefix = f"scale{uuid.uuid4().hex[:8]}"
    shared = {
        "VAR_DIR": str(workdir / "var"),  # one set of secrets: the same API token for both
        "LOCK_STORE": "redis",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "REDIS_KEY_PREFIX": prefix,
    }
    a = make_stack(workdir / "a", postgres_url, postgres_url, **shared)
    b = make_stack(workdir / "b", postgres_url, postgres_url, **shared)
    a.env["RASA_URLS"] = f"{a.rasa_url},{b.rasa_url}"
    try:
        for stack in (a, b):
            stack.start_actions()
        for stack in (a, b):
            stack.start_rasa()
        a.start_web()
    except Exception:
        for stack in (a, b):
            stack.stop_all()
            print(stack.logs()[-3000:])
        raise
    yield Pair(a, b, prefix)
    for stack in (a, b):
        stack.stop_all()


def _check_conversation(stack: Stack, sender: str, sent: list[str]) -> None:
    events = tracker(stack, sender)["events"]
    said = [e["text"] for e in events if e["event"] == "user" and e["text"] in sent]
    assert said == sent, f"{sender}: lost or reordered: {said}"
    kinds = [e["event"] for e in events if e["event"] in ("user", "bot")]
    for first, second in itertools.pairwise(kinds):
        assert not (first == second == "user"), f"{sender}: two turns ran at once"


def test_two_rasa_servers_share_conversations(pair: Pair) -> None:
    servers = [pair.a.rasa_url, pair.b.rasa_url]
    script = [message for message, _ in SWEDISH[:PER_CONVERSATION]]
    senders = [f"scale-{i}-{uuid.uuid4().hex[:8]}" for i in range(CONVERSATIONS)]
    failures: list[Any] = []
    sent = [0]
    lock = threading.Lock()

    def conversation(c: int) -> None:
        # each message goes to the other server than the one before, right after the answer
        for i, message in enumerate(script):
            status, body = post_json(
                f"{servers[(c + i) % 2]}/webhooks/rest/webhook",
                {"sender": senders[c], "message": message},
                timeout=300,
            )
            with lock:
                sent[0] += 1
            if status != 200 or not body:
                failures.append((c, i, status, body))

    started = time.monotonic()
    threads = [threading.Thread(target=conversation, args=(c,)) for c in range(CONVERSATIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    elapsed = time.monotonic() - started
    assert sent[0] == CONVERSATIONS * PER_CONVERSATION == 200
    assert not failures, failures
    for c, sender in enumerate(senders):
        # either server shows the same, complete conversation
        _check_conversation(pair.a if c % 2 else pair.b, sender, script)
        state = tracker(pair.a, sender)
        assert state["slots"]["mapping_consent"] is True
        assert state["slots"]["requested_slot"] == "occupation", state["slots"]["requested_slot"]
    print(f"200 messages in 20 conversations over two Rasa servers in {elapsed:.1f} s")


def test_same_conversation_on_both_servers_at_once_is_serialised(pair: Pair) -> None:
    """Two messages of one conversation reach the two servers at the same moment: the
    Redis lock store lets one turn finish before the other starts (which one goes first is
    not defined: they were sent at the same time)."""
    servers = [pair.a.rasa_url, pair.b.rasa_url]
    senders = [f"twin-{i}-{uuid.uuid4().hex[:8]}" for i in range(CONVERSATIONS)]
    for sender in senders:
        post_json(f"{servers[0]}/webhooks/rest/webhook", {"sender": sender, "message": "hej"})
    results: list[Any] = []
    barrier = threading.Barrier(2 * CONVERSATIONS)

    def send(sender: str, server: int, text: str) -> None:
        barrier.wait()
        results.append(
            post_json(
                f"{servers[server]}/webhooks/rest/webhook",
                {"sender": sender, "message": text},
                timeout=300,
            )
        )

    threads = [
        threading.Thread(target=send, args=(sender, server, text))
        for sender in senders
        for server, text in ((0, "vad kan du hjälpa mig med"), (1, "vem får se mina svar"))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert len(results) == 2 * CONVERSATIONS
    assert all(status == 200 and body for status, body in results), results
    for sender in senders:
        events = tracker(pair.b, sender)["events"]
        said = [e["text"] for e in events if e["event"] == "user"]
        assert sorted(said[-2:]) == ["vad kan du hjälpa mig med", "vem får se mina svar"]
        kinds = [e["event"] for e in events if e["event"] in ("user", "bot")]
        for first, second in itertools.pairwise(kinds):
            assert not (first == second == "user"), f"{sender}: two turns ran at once"


def test_web_app_spreads_one_conversation_over_both(pair: Pair) -> None:
    web = pair.a.web_url
    status, body = post_json(f"{web}/api/chat/session", {})
    assert status == 201
    session = body["session"]
    script = [message for message, _ in SWEDISH[:6]]
    for message in script:
        status, body = post_json(
            f"{web}/api/chat/message", {"session": session, "message": message, "lang": "sv"}
        )
        assert status == 200 and body["messages"], body
    conversation = conversation_of(pair.a, session)
    _check_conversation(pair.b, conversation, script)
    # one server down: the web app goes on with the other
    pair.b.stop("rasa")
    try:
        for message in ("grunddagpenning", "svenska"):
            status, body = post_json(
                f"{web}/api/chat/message", {"session": session, "message": message, "lang": "sv"}
            )
            assert status == 200 and body["messages"], body
        assert tracker(pair.a, conversation)["slots"]["native_language"] == "sv"
    finally:
        pair.b.start_rasa()
