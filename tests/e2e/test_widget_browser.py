"""The chat widget in Debian's Chromium, through the real web app, Rasa and action servers.

A whole Swedish and a whole Finnish conversation (mapping, then a booking) by clicking the
bot's buttons, the meeting checked in the database; axe-core on the open conversation;
a keyboard-only run; 320 px / 400 % zoom; hostile text in both directions; reload restore;
"delete my conversation"; only the open question's reply buttons live; the launcher's lang;
the widget's own texts follow the language the bot answers in. Screenshots go to
tests/artifacts/.
"""

from __future__ import annotations

import json
import re
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.cases import booking
from bot.cases.mappings import latest_summary
from tests.e2e.browser import ARTIFACTS, browser_page
from tests.e2e.servers import Stack, conversation_of, post_json, sent_code

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
XSS_WORDS = '<img src=x onerror="window.__xss=1">'
NOT_UNDERSTOOD = ("förstod inte", "ymmärtänyt", "förstod jag inte", "verkar inte stämma")


@dataclass(frozen=True)
class Step:
    """One user action and a phrase the bot's answer must contain."""

    action: str  # "click" a button by title, "first" slot button, or "type"
    value: str
    expect: str


def click(title: str, expect: str) -> Step:
    return Step("click", title, expect)


def typed(value: str, expect: str) -> Step:
    return Step("type", value, expect)


def first_choice(expect: str) -> Step:
    return Step("first", "", expect)


SWEDISH = [
    click("Börja kartläggningen", "spara dina svar"),
    click("Ja, spara mina svar", "född"),
    click("25–29", "kommun"),
    click("Borgå", "situation"),
    click("Arbetslös", "Hur länge"),
    click("Ett år eller mer", "stöd"),
    click("Allmänt stöd (FPA)", "modersmål"),
    click("Svenska", "andra språk"),
    typed("finska hyfsat", "utbildning"),
    click("Yrkesexamen", "jobbade"),
    typed(f"lagerarbetare {XSS_WORDS}", "område"),
    click("Service, restaurang, transport", "hjälp med"),
    click("Söka jobb", "arbetsförmåga"),
    click("Hoppa över", "träffa din egencoach"),
    click("Telefon", "språk"),
    click("Svenska", "Stämmer det här?"),
    click("Ja, spara", "sparad"),
    click("Boka tid hos en egencoach", ""),
]
FINNISH = [
    click("Aloita alkukartoitus", "tallentaa vastauksesi"),
    click("Kyllä, tallenna vastaukseni", "syntynyt"),
    click("Alle 25", "kunnassa"),
    click("Porvoo", "tilannettasi"),
    click("Lomautettu", "Kuinka kauan"),
    click("Alle 3 kuukautta", "tukea"),
    click("Ansiosidonnainen (kassa)", "äidinkielesi"),
    click("Suomi", "muita kieliä"),
    typed("englanti hyvin", "koulutuksesi"),
    click("Ammatillinen tutkinto", "työtä teit"),
    typed("kokki ravintolassa", "alalla"),
    click("Palvelut, ravintola, kuljetus", "apua"),
    click("Työnhaku", "työkykyäsi"),
    click("Ei", "tavata omavalmentajasi"),
    click("Puhelin", "kielellä"),
    click("Suomi", "Pitääkö tämä paikkansa?"),
    click("Kyllä, tallenna", "tallennettu"),
    click("Varaa aika omavalmentajalle", ""),
]


def open_chat(page: Any, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name=re.compile("Chatta med oss|Keskustele kanssamme")).click()
    wait_for_reply(page, 0)


def bot_count(page: Any) -> int:
    return int(page.locator(".jc-msg.jc-bot").count())


def wait_for_reply(page: Any, before: int) -> str:
    """Wait until the bot answered (more bot messages, typing indicator gone); its text."""
    page.wait_for_function(
        "n => document.querySelectorAll('.jc-msg.jc-bot').length > n"
        " && !document.querySelector('.jc-typing').textContent",
        arg=before,
        timeout=60_000,
    )
    texts = page.locator(".jc-msg.jc-bot").all_inner_texts()
    return "\n".join(texts[before:])


def do(page: Any, step: Step) -> str:
    before = bot_count(page)
    if step.action in ("click", "exact"):
        name = re.compile(f"^{re.escape(step.value)}$") if step.action == "exact" else step.value
        button = page.locator(".jc-choice:not([disabled])", has_text=name).last
        button.click()
    elif step.action == "first":
        page.locator(".jc-msg.jc-bot").last.locator(".jc-choice").first.click()
    else:
        page.get_by_role("textbox").fill(step.value)
        page.keyboard.press("Enter")
    reply = wait_for_reply(page, before)
    assert not any(p in reply for p in NOT_UNDERSTOOD), (step, reply)
    assert step.expect.lower() in reply.lower(), (step, reply)
    return reply


def run_steps(page: Any, steps: list[Step]) -> str:
    reply = ""
    for step in steps:
        reply = do(page, step)
    return reply


def book_until_confirmed(page: Any, language: str, stack: Stack) -> str:
    """Answer the booking questions by clicking: phone, any time, the first slot, yes; then
    the code sent to the phone."""
    sv = language == "sv"
    reply = page.locator(".jc-msg.jc-bot").last.inner_text()
    for _ in range(13):
        if ("Bokningskod" if sv else "Varaustunnus") in reply:
            return reply
        buttons = page.locator(".jc-msg.jc-bot").last.locator(".jc-choice").all_inner_texts()
        if ("sex siffror" if sv else "kuusinumero") in reply:
            reply = do(page, typed(sent_code(stack, "+358401234567"), ""))
        elif ("Går det bra att vi sparar" if sv else "Saammeko tallentaa") in reply:
            reply = do(page, Step("exact", "Ja" if sv else "Kyllä", ""))  # consent: the button
        elif ("förnamn" if sv else "etunimesi") in reply:
            reply = do(page, typed("Maria", ""))
        elif ("telefonnummer" if sv else "puhelinnumero") in reply.lower():
            reply = do(page, typed("040 123 4567", ""))
        elif slots := [b for b in buttons if " · " in b]:
            reply = do(page, click(slots[0], ""))
        else:
            wanted = (
                ["Spelar ingen roll", "Telefon", "Ja, boka", "Ja"]
                if sv
                else ["Ei väliä", "Puhelin", "Kyllä, varaa", "Kyllä"]
            )
            choice = next((w for w in wanted if w in buttons), None)
            if choice is None:
                raise AssertionError(f"unexpected booking question: {reply} {buttons}")
            reply = do(page, Step("exact", choice, ""))
    raise AssertionError(f"no confirmation after 13 steps: {reply}")


def session_id(page: Any) -> str:
    return str(json.loads(page.evaluate("sessionStorage.getItem('jobbcoach.session')"))["session"])


def axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag',"
        " values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.mark.parametrize(("language", "script"), [("sv", SWEDISH), ("fi", FINNISH)])
def test_whole_conversation_mapping_and_booking(
    stack: Stack, language: str, script: list[Step]
) -> None:
    sv = language == "sv"
    with browser_page(viewport={"width": 1280, "height": 900}) as page:
        open_chat(page, f"{stack.web_url}/{language}")
        assert page.locator(".jc-msg.jc-bot").first.get_attribute("lang") == language
        run_steps(page, script[:9])
        page.screenshot(path=str(ARTIFACTS / f"widget-{language}-mapping.png"))

        # a reload in the middle restores the conversation and goes on where it was
        shown_before = page.locator(".jc-msg").count()
        page.reload()
        page.wait_for_function(
            "n => document.querySelectorAll('.jc-msg').length >= n", arg=shown_before - 1
        )
        assert page.locator("#jc-panel").is_visible()
        run_steps(page, script[9:])
        reply = book_until_confirmed(page, language, stack)
        page.screenshot(path=str(ARTIFACTS / f"widget-{language}-booked.png"), full_page=True)

        sender = conversation_of(stack, session_id(page))
        summary = latest_summary(sender, url=stack.database_url)
        assert summary is not None and summary.status == "confirmed"
        assert summary.language == language
        if sv:
            # the hostile answer was stored and shown as text, never run
            assert XSS_WORDS in summary.own_words["occupation"]
            assert XSS_WORDS in page.locator(".jc-log").inner_text()
        assert page.evaluate("window.__xss") is None
        assert page.locator(".jc-root img, .jc-root script").count() == 0

        reference = re.search(r"\b([A-Z0-9]{3}-[A-Z0-9]{3})\b", reply)
        assert reference is not None, reply
        meeting = booking.find_meeting(reference.group(1), "+358401234567", url=stack.database_url)
        assert meeting is not None and meeting.status == "booked"
        assert meeting.conversation_id == sender and meeting.channel == "phone"
        assert meeting.coach is not None and language in meeting.coach.languages

        # the .ics link in the confirmation is a real, clickable link to this app
        link = page.locator(".jc-msg.jc-bot a[href$='.ics']").last
        href = link.get_attribute("href")
        assert href and "/ics/" in href
        path = href.split("/ics/", 1)[1]
        with urllib.request.urlopen(f"{stack.web_url}/ics/{path}", timeout=10) as response:
            assert reference.group(1) in response.read().decode()
        # every message carries its language
        langs = set(page.locator(".jc-msg").evaluate_all("ns => ns.map(n => n.lang)"))
        assert langs == {language}


def test_axe_finds_no_wcag_violations_with_an_open_conversation(stack: Stack) -> None:
    assert AXE.exists(), "run `make test` (npm ci installs axe-core)"
    for language in ("sv", "fi"):
        with browser_page(bypass_csp=True) as page:
            open_chat(page, f"{stack.web_url}/{language}")
            do(
                page,
                click("Börja kartläggningen" if language == "sv" else "Aloita alkukartoitus", ""),
            )
            do(page, typed("vad betyder det?" if language == "sv" else "mitä tää tarkottaa", ""))
            page.locator("#jc-input").fill("hej" if language == "sv" else "moi")
            assert axe_violations(page) == [], language
            page.screenshot(path=str(ARTIFACTS / f"widget-{language}-axe.png"))
    with browser_page(bypass_csp=True) as page:
        page.goto(f"{stack.web_url}/sv/tillganglighet")
        assert axe_violations(page) == []


def test_keyboard_only(stack: Stack) -> None:
    with browser_page() as page:
        page.goto(f"{stack.web_url}/fi")
        # Tab from the top: skip link, the language link, the two page links, then the chat
        for _ in range(8):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.className") == "jc-launcher":
                break
        assert page.evaluate("document.activeElement.className") == "jc-launcher"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none"  # focus is visible
        page.keyboard.press("Enter")
        wait_for_reply(page, 0)
        assert page.evaluate("document.activeElement.id") == "jc-input"

        # the greeting's buttons are just before the input: Shift+Tab reaches the last one
        page.keyboard.press("Shift+Tab")
        focused = page.evaluate("document.activeElement.textContent")
        assert page.evaluate("document.activeElement.className") == "jc-choice"
        assert focused == "Varaa aika omavalmentajalle"
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        assert page.evaluate("document.activeElement.textContent") == "Aloita alkukartoitus"
        before = bot_count(page)
        page.keyboard.press("Enter")
        assert "tallentaa" in wait_for_reply(page, before)
        # after a reply, focus is back in the message field
        assert page.evaluate("document.activeElement.id") == "jc-input"

        page.keyboard.type("ei kiitos")
        before = bot_count(page)
        page.keyboard.press("Enter")
        assert "en tallenna" in wait_for_reply(page, before)

        # "talk to a person" is in reach from the keyboard: Shift+Tab up to the header
        for _ in range(30):
            page.keyboard.press("Shift+Tab")
            if page.evaluate("document.activeElement.textContent") == "Puhu ihmisen kanssa":
                break
        assert page.evaluate("document.activeElement.textContent") == "Puhu ihmisen kanssa"
        before = bot_count(page)
        page.keyboard.press("Enter")
        assert wait_for_reply(page, before)
        page.screenshot(path=str(ARTIFACTS / "widget-fi-keyboard.png"))
        # Esc closes and returns focus to the launcher
        page.keyboard.press("Escape")
        assert page.locator("#jc-panel").is_hidden()
        assert page.evaluate("document.activeElement.className") == "jc-launcher"


@pytest.mark.parametrize(
    ("viewport", "name"),
    [({"width": 320, "height": 640}, "320px"), ({"width": 320, "height": 256}, "zoom400")],
)
def test_small_screens_and_400_percent_zoom(
    stack: Stack, viewport: dict[str, int], name: str
) -> None:
    # 1280x1024 at 400 % zoom is a 320x256 CSS-pixel viewport
    with browser_page(viewport=viewport) as page:
        open_chat(page, f"{stack.web_url}/sv")
        do(page, click("Sök utbildning", ""))
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= viewport["width"], "no horizontal scrolling"
        panel = page.locator("#jc-panel").bounding_box()
        assert panel is not None and panel["width"] <= viewport["width"]
        assert page.locator(".jc-log").bounding_box()["height"] >= 150  # type: ignore[index]
        for selector in ("#jc-input", ".jc-send", ".jc-human", ".jc-close"):
            target = page.locator(selector)
            target.scroll_into_view_if_needed()
            box = target.bounding_box()
            assert box is not None and box["x"] >= 0
            assert box["x"] + box["width"] <= viewport["width"] + 1, selector
        page.locator("#jc-input").fill("kurser i Borgå")
        before = bot_count(page)
        page.locator(".jc-send").click()
        wait_for_reply(page, before)
        page.screenshot(path=str(ARTIFACTS / f"widget-sv-{name}.png"), full_page=True)


def test_hostile_bot_output_is_rendered_as_text(stack: Stack) -> None:
    """What the widget does with bot text it did not expect (the bot never sends this)."""
    hostile = {
        "messages": [
            {"from": "bot", "lang": "sv", "text": '<img src=x onerror="window.__xss=1"> hej'},
            {"from": "bot", "lang": "sv", "text": "<script>window.__xss=2</script>"},
            {
                "from": "bot",
                "lang": "sv",
                "text": "javascript:window.__xss=3 och "
                "https://evil.example/x och https://www.kela.fi/tyottomat",
            },
            {
                "from": "bot",
                "lang": "sv",
                "buttons": [
                    {"title": "<b onmouseover=window.__xss=4>knapp</b>", "payload": "/help"}
                ],
            },
            {
                "from": "bot",
                "lang": "fi",
                "custom": {
                    "type": "offer_card",
                    "title": "<img src=x onerror=window.__xss=5>",
                    "provider": "Careeria",
                    "url": "javascript:window.__xss=6",
                    "why": "x",
                },
            },
        ]
    }
    with browser_page() as page:
        open_chat(page, f"{stack.web_url}/sv")
        page.route(
            "**/api/chat/message",
            lambda route: route.fulfill(json=hostile, status=200),
        )
        before = bot_count(page)
        page.locator("#jc-input").fill("<script>window.__xss=7</script>")
        page.keyboard.press("Enter")
        wait_for_reply(page, before)
        root = page.locator(".jc-root")
        assert root.locator("img, script, b").count() == 0
        links = page.locator(".jc-msg.jc-bot").evaluate_all(
            "(ms, n) => ms.slice(n).flatMap(m => [...m.querySelectorAll('a')].map(a => a.href))",
            before,
        )
        assert links == ["https://www.kela.fi/tyottomat"]
        root.locator(".jc-choice", has_text="knapp").hover()
        assert page.evaluate("window.__xss") is None
        assert "<script>window.__xss=7</script>" in page.locator(".jc-user").last.inner_text()
        assert '<img src=x onerror="window.__xss=1"> hej' in root.inner_text()


def test_retry_after_a_network_failure(stack: Stack) -> None:
    with browser_page() as page:
        open_chat(page, f"{stack.web_url}/fi")
        page.route("**/api/chat/message", lambda route: route.abort())
        page.locator("#jc-input").fill("haluun etsiä koulutusta")
        page.keyboard.press("Enter")
        alert = page.get_by_role("alert")
        alert.get_by_text("Chatbot ei vastaa juuri nyt.").wait_for()
        page.unroute("**/api/chat/message")
        before = bot_count(page)
        alert.get_by_role("button", name="Yritä uudelleen").click()
        reply = wait_for_reply(page, before)
        assert reply and page.locator(".jc-alert").inner_text() == ""
        # the message was shown once, not again on retry
        assert page.locator(".jc-user", has_text="haluun etsiä koulutusta").count() == 1


def test_language_switch_and_human_button(stack: Stack) -> None:
    with browser_page() as page:
        open_chat(page, f"{stack.web_url}/fi")
        before = bot_count(page)
        page.get_by_role("button", name="På svenska").click()
        reply = wait_for_reply(page, before)
        assert page.locator(".jc-msg.jc-bot").last.get_attribute("lang") == "sv", reply
        assert page.locator("#jc-panel").get_attribute("lang") == "sv"
        assert page.get_by_role("button", name="Prata med en människa").is_visible()
        before = bot_count(page)
        page.get_by_role("button", name="Prata med en människa").click()
        reply = wait_for_reply(page, before)
        assert re.search(r"egencoach|människa|ring", reply, re.I), reply


def test_delete_my_conversation(stack: Stack) -> None:
    with browser_page() as page:
        open_chat(page, f"{stack.web_url}/sv")
        do(page, typed("jag vill söka en utbildning", ""))
        secret = session_id(page)
        sender = conversation_of(stack, secret)
        engine = create_engine(stack.tracker_db_url)
        count = "SELECT COUNT(*) FROM events WHERE sender_id = :s"
        with engine.connect() as conn:
            assert conn.execute(text(count), {"s": sender}).scalar_one() > 0
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Radera samtalet").click()
        page.get_by_text("Samtalet är raderat.").wait_for()
        assert page.locator(".jc-msg").count() == 0
        assert page.evaluate("sessionStorage.getItem('jobbcoach.session')") is None
        with engine.connect() as conn:
            assert conn.execute(text(count), {"s": sender}).scalar_one() == 0
        engine.dispose()
        status, _ = post_json(f"{stack.web_url}/api/chat/history", {"session": secret})
        assert status == 403


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_end_on_a_shared_computer_forgets_the_chat_here_and_keeps_the_data(
    stack: Stack, lang: str
) -> None:
    words = {
        "sv": ("jag vill söka en utbildning", "Avsluta", "Samtalet är avslutat"),
        "fi": ("haluun etsiä koulutusta", "Lopeta", "Keskustelu on lopetettu"),
    }[lang]
    with browser_page() as page:
        open_chat(page, f"{stack.web_url}/{lang}")
        do(page, typed(words[0], ""))
        secret = session_id(page)
        page.get_by_role("button", name=words[1], exact=True).click()
        page.get_by_text(words[2]).wait_for()
        assert page.locator(".jc-msg").count() == 0
        assert page.evaluate("sessionStorage.getItem('jobbcoach.session')") is None
        # a reload (the next person at the library's computer) starts afresh
        page.reload()
        assert page.locator(".jc-msg").count() == 0
    # the city still has the conversation: ending is not erasing
    status, body = post_json(f"{stack.web_url}/api/chat/history", {"session": secret})
    assert status == 200 and body["messages"], body


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def live_choices(page: Any) -> list[list[Any]]:
    """[index among the shown messages, title] of every reply button that can be clicked."""
    return list(
        page.locator(".jc-msg").evaluate_all(
            "ms => ms.flatMap((m, i) => [...m.querySelectorAll('.jc-choice')]"
            ".filter(b => !b.disabled).map(b => [i, b.textContent]))"
        )
    )


def assert_only_open_question_is_live(page: Any) -> None:
    """Only the last message's buttons are live, and only if it is the bot's; every other
    group stays in the log, disabled and marked so for screen readers."""
    messages = page.locator(".jc-msg")
    last = messages.count() - 1
    last_is_bot = "jc-bot" in (messages.nth(last).get_attribute("class") or "")
    last_buttons = messages.nth(last).locator(".jc-choice").all_inner_texts()
    assert live_choices(page) == ([[last, t] for t in last_buttons] if last_is_bot else [])
    groups = page.locator(".jc-buttons").evaluate_all(
        "gs => gs.map(g => [g.getAttribute('aria-disabled'),"
        " [...g.querySelectorAll('button')].map(b => b.disabled)])"
    )
    retired = [g for g in groups if g[0] == "true"]
    assert all(all(disabled) for _, disabled in retired), groups
    assert len(retired) == len(groups) - (1 if last_is_bot and last_buttons else 0), groups


def test_answered_reply_buttons_are_disabled(stack: Stack) -> None:
    with browser_page() as page:
        open_chat(page, f"{stack.web_url}/sv")
        do(page, click("Börja kartläggningen", "spara dina svar"))
        assert_only_open_question_is_live(page)
        # a typed question: the bot explains and asks again; the first "Ja / Nej" is closed
        do(page, typed("vad betyder det?", "spara dina svar"))
        assert page.locator(".jc-choice", has_text="Ja, spara mina svar").count() == 2
        assert_only_open_question_is_live(page)
        do(page, click("Ja, spara mina svar", "född"))
        do(page, click("25–29", "kommun"))
        # the municipality typed, not clicked: "Borgå / Lovisa / Sibbo" is closed all the same
        do(page, typed("Borgå", "situation"))
        assert_only_open_question_is_live(page)
        assert page.locator(".jc-buttons[aria-disabled='true']").count() == 5
        assert page.locator(".jc-choice", has_text="Sibbo").is_disabled()

        # keyboard: from the message field back up to the header, only the open question's
        # buttons are in the tab order
        page.locator("#jc-input").focus()
        reached = []
        for _ in range(12):
            page.keyboard.press("Shift+Tab")
            if page.evaluate("document.activeElement.className") != "jc-choice":
                break
            reached.append(page.evaluate("document.activeElement.textContent"))
        assert reached == list(
            reversed(page.locator(".jc-msg").last.locator(".jc-choice").all_inner_texts())
        )

        # after a reload the restored history has the same rule
        shown_before = page.locator(".jc-msg").count()
        page.reload()
        page.wait_for_function(
            "n => document.querySelectorAll('.jc-msg').length >= n", arg=shown_before
        )
        assert_only_open_question_is_live(page)
        assert page.locator(".jc-choice:not([disabled])", has_text="Arbetslös").count() == 1
        do(page, click("Arbetslös", "Hur länge"))
        assert_only_open_question_is_live(page)

        # a restored history that ends with the person's answer has no live buttons at all
        answered = {
            "messages": [
                {
                    "from": "bot",
                    "lang": "sv",
                    "text": "I vilken kommun bor du?",
                    "buttons": [{"title": "Borgå", "payload": "/inform"}],
                },
                {"from": "user", "lang": "sv", "text": "Borgå"},
            ]
        }
        page.route("**/api/chat/history", lambda route: route.fulfill(json=answered))
        page.reload()
        page.locator(".jc-user", has_text="Borgå").wait_for()
        assert live_choices(page) == []
        assert page.locator(".jc-buttons").get_attribute("aria-disabled") == "true"


def test_launcher_carries_the_conversations_language(stack: Stack) -> None:
    with browser_page() as page:
        page.goto(f"{stack.web_url}/sv")
        launcher = page.locator(".jc-launcher")
        assert (launcher.inner_text(), launcher.get_attribute("lang")) == ("Chatta med oss", "sv")
    with browser_page() as page:
        page.goto(f"{stack.web_url}/fi")
        launcher = page.locator(".jc-launcher")
        assert launcher.get_attribute("lang") == "fi"
        launcher.click()
        wait_for_reply(page, 0)
        before = bot_count(page)
        page.get_by_role("button", name="På svenska").click()
        wait_for_reply(page, before)
        # on the Finnish page, the launcher is Swedish now and says so
        assert page.evaluate("document.documentElement.lang") == "fi"
        assert (launcher.inner_text(), launcher.get_attribute("lang")) == ("Chatta med oss", "sv")
        page.keyboard.press("Escape")
        focused = page.get_by_role("button", name="Chatta med oss")
        assert focused.evaluate("b => b === document.activeElement")


def widget_texts(page: Any) -> dict[str, Any]:
    """The widget's own texts and the languages they are marked with."""
    return dict(
        page.evaluate(
            """() => {
            const q = s => document.querySelector(s);
            return {
                launcher: [q('.jc-launcher').textContent, q('.jc-launcher').lang],
                panel: q('#jc-panel').lang,
                title: q('#jc-title').textContent,
                label: q('.jc-label').textContent,
                send: q('.jc-send').textContent,
                human: q('.jc-human').textContent,
                close: q('.jc-close').getAttribute('aria-label'),
                switch: [q('.jc-tool').textContent, q('.jc-tool').lang],
                counter: q('#jc-counter').textContent.replace(/^[0-9]+ /, ''),
                log: q('.jc-log').getAttribute('aria-label'),
                stored: JSON.parse(sessionStorage.getItem('jobbcoach.session') || '{}').lang,
            };
        }"""
        )
    )


SWEDISH_TEXTS = {
    "launcher": ["Chatta med oss", "sv"],
    "panel": "sv",
    "title": "Chatt: arbete och utbildning",
    "label": "Ditt meddelande",
    "send": "Skicka",
    "human": "Prata med en människa",
    "close": "Stäng chatten",
    "switch": ["Suomeksi", "fi"],
    "counter": "tecken kvar",
    "log": "Samtal",
    "stored": "sv",
}
FINNISH_TEXTS = {
    "launcher": ["Keskustele kanssamme", "fi"],
    "panel": "fi",
    "title": "Chat: työ ja koulutus",
    "label": "Viestisi",
    "send": "Lähetä",
    "human": "Puhu ihmisen kanssa",
    "close": "Sulje chat",
    "switch": ["På svenska", "sv"],
    "counter": "merkkiä jäljellä",
    "log": "Keskustelu",
    "stored": "fi",
}


def test_widget_texts_follow_the_language_the_bot_answers_in(stack: Stack) -> None:
    with browser_page() as page:
        open_chat(page, f"{stack.web_url}/fi")
        assert widget_texts(page) == FINNISH_TEXTS
        # the person asks in Swedish, the bot answers in Swedish: the widget follows
        reply = do(page, typed("kan vi ta det på svenska", "svenska"))
        assert page.locator(".jc-msg.jc-bot").last.get_attribute("lang") == "sv", reply
        assert widget_texts(page) == SWEDISH_TEXTS
        # an error is in the conversation's language too
        page.route("**/api/chat/message", lambda route: route.abort())
        page.locator("#jc-input").fill("jag vill söka en utbildning")
        page.keyboard.press("Enter")
        alert = page.get_by_role("alert")
        alert.get_by_text("Chattboten svarar inte just nu.").wait_for()
        assert alert.get_by_role("button", name="Försök igen").is_visible()
        page.unroute("**/api/chat/message")

        # a reload keeps the language
        page.reload()
        page.locator(".jc-msg").first.wait_for()
        assert widget_texts(page) == SWEDISH_TEXTS

        # the person writes Finnish inside a question, the bot stays in Swedish: so does
        # the widget (it follows the bot, not the person's text)
        do(page, typed("jag vill börja kartläggningen", "spara dina svar"))
        do(page, click("Ja, spara mina svar", "född"))
        do(page, click("25–29", "kommun"))
        do(page, typed("Porvoossa", "situation"))
        assert widget_texts(page) == SWEDISH_TEXTS

        # one message in the other language among the bot's reply is not a switch
        mixed = {
            "messages": [
                {"from": "bot", "lang": "sv", "text": "Vad beskriver din situation just nu?"},
                {"from": "bot", "lang": "fi", "text": "Porvoon kaupunki"},
            ]
        }
        page.route("**/api/chat/message", lambda route: route.fulfill(json=mixed))
        do(page, typed("vad menar du?", "situation"))
        page.unroute("**/api/chat/message")
        assert widget_texts(page) == SWEDISH_TEXTS

        # and back: the bot switches to Finnish when asked, so does the widget
        do(page, typed("puhutaanko suomea", "suomeksi"))
        assert widget_texts(page) == FINNISH_TEXTS
        page.reload()
        page.locator(".jc-msg").first.wait_for()
        assert widget_texts(page) == FINNISH_TEXTS
