"""Coming back on another day, in Chromium, with a real local SMTP server (issue 17).

A person books a meeting giving their e-mail, starts the kartläggning and stops halfway,
and closes the browser. Another day, in a new browser context, they ask about their time
without the booking reference: the one-time code arrives by e-mail (read from the local
SMTP server), they type it, see their meeting, and the kartläggning continues at the
question where it stopped. The coach has one case, not two. In Swedish and in Finnish.
"""

from __future__ import annotations

import email
import email.policy
import re
import time
import uuid
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from bot.cases.db import session_scope
from bot.cases.migrate import upgrade
from bot.cases.models import Case, Meeting
from bot.demo import load_demo_data
from tests.e2e.browser import ARTIFACTS, browser_page
from tests.e2e.servers import Stack, free_port, make_stack
from tests.e2e.test_widget_browser import bot_count, open_chat, wait_for_reply

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


class Inbox:
    """What the local SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 OK"


@pytest.fixture(scope="module")
def mail_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    workdir = tmp_path_factory.mktemp("later")
    database_url = f"sqlite:///{workdir / 'cases.db'}"
    upgrade(database_url)
    load_demo_data(database_url)
    stack = make_stack(
        workdir,
        database_url,
        f"sqlite:///{workdir / 'tracker.db'}",
        SMTP_HOST="127.0.0.1",
        SMTP_PORT=str(port),
        SMTP_SECURITY="none",
        SMTP_FROM="jobbcoach@stad.example",
        OUTBOX_INTERVAL="0.5",
    )
    stack.start()
    try:
        yield stack, inbox
    finally:
        stack.stop_all()
        controller.stop()


WORDS = {
    "sv": {
        "book": "jag vill boka en tid",
        "short": "Boka ett kort första möte",
        "channel": "telefon",
        "when": "spelar ingen roll",
        "after_slot": ["ja", "ja", "Sanna"],
        "held": "sex siffror",
        "start": "kan vi göra kartläggningen nu?",
        "consent": "ja",
        "answers": ["-88"],
        "pause": "jag måste gå, vi fortsätter en annan dag",
        "asked": "när är min tid?",
        "no_code": "Ja, men jag har ingen kod",
        "code_asked": "sexsiffriga",
        "status": "Din tid",
        "continue": "jag vill fortsätta kartläggningen",
        "continued": "Vi fortsätter där du slutade",
        "next": "kommun",
    },
    "fi": {
        "book": "haluun varata ajan",
        "short": "Varaa lyhyt ensitapaaminen",
        "channel": "puhelin",
        "when": "ihan sama",
        "after_slot": ["kyllä", "kyllä", "Mikko"],
        "held": "kuusinumero",
        "start": "voidaanko tehdä se alkukartoitus nyt",
        "consent": "joo",
        "answers": ["-88"],
        "pause": "jatketaan huomenna, pitää lähteä",
        "asked": "milloin mun aika on?",
        "no_code": "Kyllä, mutta tunnus puuttuu",
        "code_asked": "kuusinumeroinen",
        "status": "Aikasi",
        "continue": "haluun jatkaa alkukartoitusta",
        "continued": "Jatketaan siitä, mihin jäit",
        "next": "kunnassa",
    },
}


def _type(page: Any, text: str) -> str:
    before = bot_count(page)
    page.get_by_role("textbox").fill(text)
    page.keyboard.press("Enter")
    return wait_for_reply(page, before)


def _click(page: Any, title: str) -> str:
    before = bot_count(page)
    page.locator(".jc-choice:not([disabled])", has_text=title).last.click()
    return wait_for_reply(page, before)


def _code_from(inbox: Inbox, address: str, after: int = 0, seconds: float = 30) -> str:
    """The code in the first message with one to ``address`` after the first ``after``."""
    deadline = time.monotonic() + seconds
    subjects = "kod|koodi|bekräfta|vahvista"
    while time.monotonic() < deadline:
        for message in inbox.messages[after:]:
            if message["To"] == address and re.search(subjects, message["Subject"].lower()):
                found = re.search(r"\b(\d{6})\b", message.get_body().get_content())
                if found:
                    return found.group(1)
        time.sleep(0.2)
    raise AssertionError(f"no code arrived ({len(inbox.messages)} messages)")


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_map_halfway_close_come_back_with_a_code_and_go_on(
    mail_stack: tuple[Stack, Inbox], lang: str
) -> None:
    stack, inbox = mail_stack
    words = WORDS[lang]
    address = f"person-{uuid.uuid4().hex[:6]}@example.fi"
    with browser_page(viewport={"width": 1000, "height": 900}) as page:
        open_chat(page, f"{stack.web_url}/{lang}")
        _type(page, words["book"])
        _click(page, words["short"])
        _type(page, words["channel"])
        _type(page, words["when"])
        before = bot_count(page)
        page.locator(".jc-msg.jc-bot").last.locator(".jc-choice", has_text=" · ").first.click()
        wait_for_reply(page, before)
        for reply in words["after_slot"]:
            _type(page, reply)
        sent_before = len(inbox.messages)
        held = _type(page, address)
        assert words["held"] in held, held
        # the booking is confirmed with the code sent to that address
        booked = _type(page, _code_from(inbox, address, sent_before))
        assert re.search(r"[A-Z0-9]{3}-[A-Z0-9]{3}", booked), booked
        _type(page, words["start"])
        _type(page, words["consent"])
        for answer in words["answers"]:
            _type(page, answer)
        _type(page, words["pause"])
    # the booking's confirmation arrived by e-mail, with the calendar entry
    assert _arrived(inbox, address)
    # another day, another browser: nothing restored without identification
    with browser_page(viewport={"width": 1000, "height": 900}) as page:
        open_chat(page, f"{stack.web_url}/{lang}")
        assert page.locator(".jc-msg.jc-user").count() == 0
        _type(page, words["asked"])
        _click(page, words["no_code"])
        sent_before = len(inbox.messages)
        reply = _type(page, address)
        assert words["code_asked"] in reply, reply
        code = _code_from(inbox, address, sent_before)
        reply = _type(page, code)
        assert words["status"] in reply, reply
        reply = _type(page, words["continue"])
        assert words["continued"] in reply and words["next"] in reply, reply
        page.screenshot(path=str(ARTIFACTS / f"widget-later-visit-{lang}.png"))
    # the coach has one case for this person, with the meeting and the paused mapping
    with session_scope(stack.database_url) as session:
        cases = session.execute(
            select(func.count(func.distinct(Case.id)))
            .join(Meeting, Meeting.case_id == Case.id)
            .where(Meeting.contact_email == address)
        ).scalar_one()
    assert cases == 1


def _arrived(inbox: Inbox, address: str, seconds: float = 15) -> bool:
    """The confirmation with its calendar entry reached ``address``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(
            m["To"] == address and any(p.get_content_type() == "text/calendar" for p in m.walk())
            for m in inbox.messages
        ):
            return True
        time.sleep(0.2)
    return False
