"""A live human in the conversation (issue 16), with real servers and a real browser.

The person asks for a human in the widget; a coach who speaks their language, logged into
the portal, sees the request appear without reloading, takes it, they write both ways, the
coach hands back; the bot offers the next meeting, which goes to that coach; a reload shows
the whole exchange; axe-core finds nothing during the chat. In Swedish and in Finnish.
Then, over HTTP: no coach available (nothing promised), two coaches taking at once, a coach
whose browser closed, two web-app instances with Redis, and a restart mid-chat.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import threading
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.cases import booking, live, presence, users
from bot.cases.db import session_scope
from bot.cases.migrate import upgrade
from bot.cases.models import Coach, LiveChat
from bot.demo import load_demo_data
from tests.e2e.browser import ARTIFACTS, browser_page
from tests.e2e.servers import (
    Stack,
    conversation_of,
    make_stack,
    post_json,
    sent_code,
    web_app,
)
from tests.e2e.test_widget_browser import axe_violations, bot_count, open_chat, wait_for_reply

pytestmark = [pytest.mark.e2e]
PASSWORD = "live chat password 2026"


@dataclass(frozen=True)
class Coaches:
    """Portal accounts of two Borgå coaches: one serving in Swedish, one in Finnish only."""

    sv: str
    fi: str
    sv_name: str
    fi_name: str
    sv_coach_id: int
    fi_coach_id: int


@pytest.fixture(scope="module")
def live_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("live")
    database_url = f"sqlite:///{workdir / 'cases.db'}"
    upgrade(database_url)
    load_demo_data(database_url)
    stack = make_stack(
        workdir,
        database_url,
        f"sqlite:///{workdir / 'tracker.db'}",
        LIVE_CHAT_HOURS="mon-sun 0-23.59",  # open whenever the tests run (holidays aside)
        LIVE_COACH_TIMEOUT_SECONDS="6",
        LIVE_JOB_INTERVAL="1",
        LIVE_NOTIFY_MINUTES="600",
        LIVE_FANOUT="redis",
        REDIS_KEY_PREFIX=f"livetest-{uuid.uuid4().hex[:8]}",
    )
    stack.start()
    yield stack
    stack.stop_all()


@pytest.fixture(scope="module")
def coaches(live_stack: Stack) -> Coaches:
    url = live_stack.database_url
    with session_scope(url) as session:
        borga = list(
            session.execute(
                select(Coach).where(Coach.municipality == "638", Coach.active.is_(True))
            ).scalars()
        )
        sv = next(c for c in borga if "sv" in c.languages)
        fi = next(c for c in borga if c.languages == ["fi"])
        found = (sv.id, sv.name, fi.id, fi.name)
    users.create_user("live_sv", PASSWORD, "coach", found[1], found[0], "sv", url)
    users.create_user("live_fi", PASSWORD, "coach", found[3], found[2], "fi", url)
    return Coaches("live_sv", "live_fi", found[1], found[3], found[0], found[2])


@pytest.fixture(autouse=True)
def _no_open_chats(live_stack: Stack) -> Iterator[None]:
    """Each test starts with an empty live queue and nobody available."""
    yield
    with session_scope(live_stack.database_url) as session:
        for chat in session.execute(
            select(LiveChat).where(LiveChat.status.in_(live.OPEN))
        ).scalars():
            chat.status, chat.end_reason = "ended", "ended"
    for user in ("live_sv", "live_fi"):
        found = users.authenticate(user, PASSWORD, live_stack.database_url)
        if found is not None:
            presence.clear_presence(found.id, live_stack.database_url)


def _holiday_today() -> bool:
    from datetime import datetime

    from bot.rules.slots import HELSINKI, finnish_holidays

    today = datetime.now(HELSINKI).date()
    return today in finnish_holidays(today.year)


@pytest.fixture
def chat_open() -> None:
    """A test that queues someone needs the chat open: it is closed on public holidays."""
    if _holiday_today():
        pytest.skip("a Finnish public holiday: the live chat is closed today")


# --- HTTP helpers: a person through the web app, a coach through the portal -----------------


class Person:
    """A person using the chat API the widget uses."""

    def __init__(self, base: str, lang: str) -> None:
        self.base, self.lang = base, lang
        status, body = post_json(f"{base}/api/chat/session", {})
        assert status == 201, body
        self.session = body["session"]

    def say(self, text: str) -> dict[str, Any]:
        status, body = post_json(
            f"{self.base}/api/chat/message",
            {"session": self.session, "message": text, "lang": self.lang},
        )
        assert status == 200, body
        return dict(body)

    def history(self) -> dict[str, Any]:
        status, body = post_json(
            f"{self.base}/api/chat/history", {"session": self.session, "lang": self.lang}
        )
        assert status == 200, body
        return dict(body)

    def stream(
        self,
        after: int,
        seconds: float,
        base: str | None = None,
        into: list[dict[str, Any]] | None = None,
    ) -> list[dict[str, Any]]:
        """Read the live stream for at most ``seconds`` (or until it ends), each line
        into ``into`` as it arrives."""
        request = urllib.request.Request(
            f"{base or self.base}/api/chat/live/stream",
            data=json.dumps({"session": self.session, "after": after, "lang": self.lang}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        lines: list[dict[str, Any]] = [] if into is None else into
        deadline = time.monotonic() + seconds
        try:
            with urllib.request.urlopen(request, timeout=seconds) as response:
                while time.monotonic() < deadline:
                    raw = response.readline()
                    if not raw:
                        break
                    lines.append(json.loads(raw))
        except TimeoutError:  # nothing more within ``seconds``
            pass
        return lines


class Portal:
    """A coach's browser-less portal session (cookies and the CSRF token)."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "next": ""})
        self.opener.open(f"{base}/portal/login", form.encode(), timeout=30).read()
        page = self.get("/portal/live")
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert found, page[:500]
        self.csrf = found.group(1)

    def get(self, path: str) -> str:
        with self.opener.open(f"{self.base}{path}", timeout=30) as response:
            return str(response.read().decode())

    def keep_open(self, path: str, seconds: float) -> threading.Thread:
        """Hold a server-sent event stream open in the background, as an open page does
        (the coach's chat page: it also tells the server the coach is still there)."""

        def read() -> None:
            try:
                with self.opener.open(f"{self.base}{path}", timeout=seconds) as response:
                    deadline = time.monotonic() + seconds
                    while time.monotonic() < deadline and response.readline():
                        pass
            except (TimeoutError, OSError):
                pass

        thread = threading.Thread(target=read, daemon=True)
        thread.start()
        return thread

    def post(self, path: str, **fields: str) -> tuple[int, str]:
        data = urllib.parse.urlencode({"csrf_token": self.csrf, **fields}).encode()
        try:
            with self.opener.open(f"{self.base}{path}", data, timeout=60) as response:
                return response.status, response.geturl()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode(errors="replace")


def _chat_of(stack: Stack, person: Person) -> live.ChatInfo:
    chat = live.open_chat_of(conversation_of(stack, person.session), stack.database_url)
    assert chat is not None
    return chat


def _queue_for_live(stack: Stack, coach: Portal, person: Person, ask: str) -> live.ChatInfo:
    assert coach.post("/portal/live/presence", status="available")[0] == 200
    reply = person.say(ask)
    assert any((m.get("custom") or {}).get("live") == "waiting" for m in reply["messages"]), reply
    return _chat_of(stack, person)


# --- the browser: both languages ------------------------------------------------------------

TEXTS = {
    "sv": {
        "human": "Prata med en människa",
        "queued": "nummer 1 i kön",
        "joined": "har anslutit till chatten",
        "take": "Ta chatten",
        "person": "hej, jag undrar hur det går med min ansökan",
        "coach": "Hej! Jag heter {name} och hjälper dig gärna. <b>Vad</b> gäller det?",
        "handback": "Lämna tillbaka till chattboten",
        "resumed": "Vill du boka ett möte med",
        "left": "har lämnat chatten",
        "book": ["Boka ett möte", "Boka ett kort första möte", "telefon", "spelar ingen roll"],
        "confirm": ["ja", "ja", "Sanna", "040 1234567"],
    },
    "fi": {
        "human": "Puhu ihmisen kanssa",
        "queued": "jonossa sijalla 1",
        "joined": "on liittynyt keskusteluun",
        "take": "Ota keskustelu",
        "person": "moi, mites mun hakemuksen kanssa menee",
        "coach": "Hei! Olen {name} ja autan mielelläni. <b>Mistä</b> on kyse?",
        "handback": "Palauta chatbotille",
        "resumed": "Haluatko varata ajan samalle valmentajalle",
        "left": "on poistunut keskustelusta",
        "book": ["Varaa aika", "Varaa lyhyt ensitapaaminen", "puhelin", "ihan sama"],
        "confirm": ["kyllä", "kyllä", "Mikko", "0401234567"],
    },
}


def _login(page: Any, base: str, username: str, lang: str) -> None:
    page.goto(f"{base}/portal/login?lang={lang}")
    page.locator("#username").fill(username)
    page.locator("#password").fill(PASSWORD)
    page.locator("form.stack button[type=submit]").click()
    page.wait_for_url(f"{base}/portal/**")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["sv", "fi"])
@pytest.mark.usefixtures("chat_open")
def test_a_coach_takes_the_chat_they_write_both_ways_and_the_bot_books_with_that_coach(
    live_stack: Stack, coaches: Coaches, lang: str
) -> None:
    words = TEXTS[lang]
    username = coaches.sv if lang == "sv" else coaches.fi
    name = coaches.sv_name if lang == "sv" else coaches.fi_name
    base = live_stack.web_url
    # axe-core is injected as a script: the page's CSP would refuse it
    with browser_page(viewport={"width": 1280, "height": 900}, bypass_csp=True) as person:
        coach = person.context.browser.new_context().new_page()
        coach.set_default_timeout(20_000)
        _login(coach, base, username, lang)
        coach.goto(f"{base}/portal/live?lang={lang}")
        coach.locator("#presence").select_option("available")
        coach.locator("#presence").locator("xpath=..").locator("button").click()
        coach.wait_for_url(f"{base}/portal/live**")
        assert coach.locator("#live-queue button").count() == 0
        # the person asks for a human with the header button
        open_chat(person, f"{base}/{lang}")
        before = bot_count(person)
        person.get_by_role("button", name=words["human"]).click()
        reply = wait_for_reply(person, before)
        assert words["queued"] in reply, reply
        assert "direkt" not in reply and "heti nyt" not in reply
        # the request appears on the coach's page without a reload
        take = coach.get_by_role("button", name=words["take"])
        take.wait_for(timeout=20_000)
        take.click()
        coach.wait_for_url(re.compile(r".*/portal/live/\d+.*"))
        person.locator(".jc-system", has_text=words["joined"]).wait_for(timeout=20_000)
        assert name in person.locator(".jc-live").inner_text()
        # the person writes; the coach sees it come in
        person.get_by_role("textbox").fill(words["person"])
        person.keyboard.press("Enter")
        coach.locator("#live-log li.from-person", has_text=words["person"]).wait_for()
        # the coach writes (HTML stays text in the widget)
        said = words["coach"].format(name=name)
        coach.locator("#live-text").fill(said)
        coach.locator("#live-send button").click()
        message = person.locator(".jc-coach", has_text=said)
        message.wait_for(timeout=20_000)
        assert name in message.inner_text()
        assert person.locator(".jc-coach b").count() == 0
        violations = axe_violations(person)
        assert violations == [], violations
        person.screenshot(path=str(ARTIFACTS / f"widget-live-{lang}.png"))
        coach.screenshot(path=str(ARTIFACTS / f"portal-live-{lang}.png"), full_page=True)
        # the coach hands back: the bot says so and offers a meeting with this coach
        before = bot_count(person)
        coach.get_by_role("button", name=words["handback"]).click()
        person.locator(".jc-system", has_text=words["left"]).wait_for(timeout=20_000)
        resumed = wait_for_reply(person, before)
        assert words["resumed"] in resumed and name in resumed, resumed
        # a reload shows the whole exchange, the coach's message as the coach's
        person.reload()
        person.locator(".jc-coach", has_text=said).wait_for(timeout=20_000)
        assert person.locator(".jc-system", has_text=words["joined"]).count() == 1
        assert person.locator(".jc-user", has_text=words["person"]).count() == 1
        # the person books: the first time offered is with the coach of the chat
        chat = live.latest_chat_of(
            conversation_of(live_stack, _session_of(person)), live_stack.database_url
        )
        assert chat is not None and chat.status == "ended"
        offered = booking_offer(person, words["book"])
        assert name.split()[0] in offered, offered
        finish_booking(person, words["confirm"])
        # held until the code sent to the number comes back
        finish_booking(person, [sent_code(live_stack, "+358401234567")], pick=False)
        meetings = booking.meetings_of_conversation(
            conversation_of(live_stack, _session_of(person)), url=live_stack.database_url
        )
        assert len(meetings) == 1 and meetings[0].coach is not None
        assert meetings[0].coach.name == name  # the meeting is with the coach of the chat
        assert not meetings[0].held  # confirmed with the code


def finish_booking(page: Any, replies: list[str], pick: bool = True) -> None:
    """Take the first time offered (``pick``) and answer the booking's last questions."""
    if pick:
        before = bot_count(page)
        page.locator(".jc-msg.jc-bot").last.locator(".jc-choice", has_text=" · ").first.click()
        wait_for_reply(page, before)
    for reply in replies:
        before = bot_count(page)
        page.get_by_role("textbox").fill(reply)
        page.keyboard.press("Enter")
        wait_for_reply(page, before)


def _session_of(page: Any) -> str:
    saved = page.evaluate("() => sessionStorage.getItem('jobbcoach.session')")
    return str(json.loads(saved)["session"])


def booking_offer(page: Any, steps: list[str]) -> str:
    """Walk the short booking by clicking and typing; the first time offered (its label
    names the coach: "tis 8.12 9.00 · Sofia · Borgå")."""
    first, short, channel, anytime = steps
    before = bot_count(page)
    page.locator(".jc-choice:not([disabled])", has_text=first).last.click()
    text = wait_for_reply(page, before)
    for step in (short, channel, anytime):
        if page.locator(".jc-msg.jc-bot").last.locator(".jc-choice", has_text=" · ").count():
            break
        before = bot_count(page)
        buttons = page.locator(".jc-choice:not([disabled])", has_text=re.compile(step, re.I))
        if buttons.count():
            buttons.last.click()
        else:
            page.get_by_role("textbox").fill(step)
            page.keyboard.press("Enter")
        text = wait_for_reply(page, before)
    slot = page.locator(".jc-msg.jc-bot").last.locator(".jc-choice", has_text=" · ").first
    assert slot.count(), text
    return str(slot.inner_text())


# --- over HTTP -------------------------------------------------------------------------------


def test_no_coach_available_promises_nobody_now(live_stack: Stack, coaches: Coaches) -> None:
    # a coach who was available logs out: not available any more
    coach = Portal(live_stack.web_url, coaches.sv)
    assert coach.post("/portal/live/presence", status="available")[0] == 200
    assert coach.post("/portal/logout")[0] == 200
    person = Person(live_stack.web_url, "sv")
    person.say("hej")
    reply = person.say("jag vill prata med en människa")
    text = " ".join(m.get("text", "") for m in reply["messages"])
    assert "Ingen egencoach är ledig för chatt just nu" in text, text
    assert "i kön" not in text and "direkt" not in text
    assert "Ring upp mig" in json.dumps(reply, ensure_ascii=False)  # a callback instead
    assert (
        live.open_chat_of(conversation_of(live_stack, person.session), live_stack.database_url)
        is None
    )


@pytest.mark.usefixtures("chat_open")
def test_two_coaches_take_at_once_one_wins_the_other_is_told(
    live_stack: Stack, coaches: Coaches
) -> None:
    base = live_stack.web_url
    first = Portal(base, coaches.sv)
    with session_scope(live_stack.database_url) as session:
        sv_too = next(
            c.id
            for c in session.execute(select(Coach).where(Coach.municipality == "638")).scalars()
            if "sv" in c.languages and c.id != coaches.sv_coach_id
        )
    username = f"live_sv2_{uuid.uuid4().hex[:4]}"
    users.create_user(username, PASSWORD, "coach", "Andra", sv_too, "sv", live_stack.database_url)
    second = Portal(base, username)
    person = Person(base, "sv")
    person.say("hej")
    chat = _queue_for_live(live_stack, first, person, "/ask_human")
    results: dict[str, tuple[int, str]] = {}
    barrier = threading.Barrier(2)

    def take(name: str, portal: Portal) -> None:
        barrier.wait()
        results[name] = portal.post(f"/portal/live/{chat.id}/take")

    threads = [threading.Thread(target=take, args=p) for p in (("a", first), ("b", second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    landed = sorted(url for _, url in results.values())
    assert any(re.search(rf"/portal/live/{chat.id}\?", u) for u in landed), results
    assert any("m=taken" in u for u in landed), results
    loser = first if "m=taken" in results["a"][1] else second
    assert "En annan coach hann ta chatten" in loser.get("/portal/live?m=taken")
    # the loser cannot reach the chat or write in it
    assert loser.post(f"/portal/live/{chat.id}/send", text="hallå")[0] == 403
    with pytest.raises(urllib.error.HTTPError) as refused:
        loser.get(f"/portal/live/{chat.id}")
    assert refused.value.code == 403


@pytest.mark.usefixtures("chat_open")
def test_a_coach_whose_browser_closed_hands_the_person_back_to_the_bot(
    live_stack: Stack, coaches: Coaches
) -> None:
    coach = Portal(live_stack.web_url, coaches.fi)
    person = Person(live_stack.web_url, "fi")
    person.say("moi")
    chat = _queue_for_live(live_stack, coach, person, "haluun puhua ihmisen kanssa")
    assert coach.post(f"/portal/live/{chat.id}/take")[0] == 200
    person.say("onks siellä ketään?")  # the coach never opens the chat page: no heartbeat
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        ended = live.get_chat(chat.id, live_stack.database_url)
        if ended is not None and ended.status == "ended":
            break
        time.sleep(0.5)
    assert ended is not None and ended.end_reason == "lost"
    # the bot's word reaches the conversation just after the chat is marked ended (the web
    # app resumes the bot, then the bot answers the lost-coach event)
    deadline = time.monotonic() + 20
    while True:
        texts = [m.get("text", "") for m in person.history()["messages"]]
        if any("yhteys omavalmentajaan katkesi" in t for t in texts):
            break
        assert time.monotonic() < deadline, texts
        time.sleep(0.5)
    assert "onks siellä ketään?" in texts  # nothing the person wrote is lost
    # and the bot answers again
    reply = person.say("soittakaa mulle")
    assert reply["messages"], reply


@pytest.mark.usefixtures("chat_open")
def test_two_instances_with_redis_and_a_restart_mid_chat(
    live_stack: Stack, coaches: Coaches, tmp_path: Path
) -> None:
    with web_app(tmp_path, **live_stack.env) as other:
        coach = Portal(other, coaches.sv)  # the coach on instance B
        person = Person(live_stack.web_url, "sv")  # the person on instance A
        person.say("hej")
        chat = _queue_for_live(live_stack, coach, person, "/ask_human")
        assert coach.post(f"/portal/live/{chat.id}/take")[0] == 200
        coach.keep_open(f"/portal/live/{chat.id}/events", 40)  # the chat page is open on B
        after = live.last_message_id(chat.id, live_stack.database_url)
        got: list[dict[str, Any]] = []
        failed: list[BaseException] = []

        def read() -> None:
            try:
                person.stream(after, 8, into=got)
            except BaseException as exc:  # shown by the assertion below
                failed.append(exc)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        time.sleep(1.0)
        sent_at = time.monotonic()
        assert coach.post(f"/portal/live/{chat.id}/send", text="Hej från instans B")[0] == 200
        while time.monotonic() - sent_at < 5 and not any(
            g.get("text") == "Hej från instans B" for g in got
        ):
            time.sleep(0.05)
        delay = time.monotonic() - sent_at
        # Redis pub/sub woke the stream on A at once (its own poll is every 15 s)
        assert not failed, failed
        assert any(g.get("text") == "Hej från instans B" for g in got), got
        assert delay < 5, delay
        reader.join(10)
        last = max(g["id"] for g in got if g.get("type") == "message")
        # instance A restarts while the coach writes twice; the widget reconnects from its
        # last id and gets both, once each
        live_stack.stop("web")
        coach.post(f"/portal/live/{chat.id}/send", text="Första medan A startar om")
        coach.post(f"/portal/live/{chat.id}/send", text="Andra medan A startar om")
        live_stack.start_web()
        again = person.stream(last, 3)
        texts = [g.get("text") for g in again if g.get("type") == "message"]
        assert texts == ["Första medan A startar om", "Andra medan A startar om"], again
        # the same from instance B
        texts_b = [
            g.get("text") for g in person.stream(last, 3, base=other) if g.get("type") == "message"
        ]
        assert texts_b == texts
        assert coach.post(f"/portal/live/{chat.id}/end", reason="ended")[0] == 200


@pytest.mark.usefixtures("chat_open")
def test_the_coach_books_a_time_for_the_person_from_the_chat(
    live_stack: Stack, coaches: Coaches
) -> None:
    coach = Portal(live_stack.web_url, coaches.fi)
    person = Person(live_stack.web_url, "fi")
    person.say("moi")
    chat = _queue_for_live(live_stack, coach, person, "/ask_human")
    assert coach.post(f"/portal/live/{chat.id}/take")[0] == 200
    page = coach.get(f"/portal/live/{chat.id}?lang=fi")
    slot = re.search(r'<option value="([^"]+\|[^"]+)">', page)
    assert slot, page[-2000:]
    status, landed = coach.post(f"/portal/live/{chat.id}/book", slot=slot.group(1), channel="phone")
    assert status == 200 and "m=taken" not in landed
    meetings = booking.meetings_of_conversation(
        conversation_of(live_stack, person.session), url=live_stack.database_url
    )
    assert len(meetings) == 1 and meetings[0].coach is not None
    assert meetings[0].coach.id == coaches.fi_coach_id and meetings[0].booked_by == "coach"
    told = [g for g in person.stream(0, 2) if g.get("from") == "coach"]
    assert told and meetings[0].reference in told[-1]["text"]
    assert "Varasin sinulle ajan" in told[-1]["text"] and "soitan sinulle" in told[-1]["text"]
    # the same time again: taken, and the coach is told so
    status, landed = coach.post(f"/portal/live/{chat.id}/book", slot=slot.group(1), channel="phone")
    assert "m=taken" in landed
    assert "Aikaa ei voitu varata" in coach.get(landed.replace(live_stack.web_url, ""))
    coach.post(f"/portal/live/{chat.id}/end", reason="ended")
