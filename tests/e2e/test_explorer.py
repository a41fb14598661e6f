"""The conversation explorer: every question of every form, probed with what people type.

Driven through the real Rasa and action servers. For each form and each question it can
reach, in Swedish and in Finnish, the explorer walks a conversation to that question once,
then copies the conversation (Rasa's tracker events API) for every probe: each exit phrase,
a request for a human, another intent's button, an off-topic question, a two-part message
and an empty message. After each probe it asserts:

* an exit, a human or another intent's button: the form is left, or a leave question is
  asked, at once; anything else: the person is never stuck (by the second time the same
  probe is sent, the form was left or moved on: no question is asked a third time);
* no bot message is sent more than twice in a row;
* no internal value, code, slot name or unfilled placeholder appears in a reply;
* every reply is in the conversation's language.

The coverage (states and probes) is written to tests/artifacts/explorer.json.
"""

from __future__ import annotations

import json
import re
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.nlu.langid import Lexicon, detect
from bot.nlu.training_data import read_examples
from tests.e2e.servers import Stack, say, tracker

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
LEXICON = Lexicon.from_examples((e.text, e.language) for e in read_examples())

# The answers that walk each form to its questions, in order.
PATHS: dict[str, dict[str, Any]] = {  # a path, or several (identify_form)
    "sv": {
        "mapping_form": [
            "/start_mapping",
            "ja",
            "1968",
            "Borgå",
            "arbetslös",
            "sedan mars",
            "arbetsmarknadsstöd",
            "svenska",
            "finska bra",
            "yrkesexamen",
            "lagerarbetare",
            "logistik",
            "söka jobb",
            "axlarna är lite slitna men annars ok",
            "ja",
            "telefon",
            "svenska",
        ],
        "booking_form": [
            '/book_meeting{"booking_mode": "short"}',
            "telefon",
            "förmiddag",
            "den första",
            "ja",
            "ja",
            "Maria",
        ],
        # two paths: with the booking reference, and without it (a one-time code)
        "identify_form": [
            ["när är min tid", "ja", "K7F3QX"],
            ["när är min tid", "ja men jag har ingen bokningskod", "040 123 4567"],
        ],
        "callback_form": ["/request_callback", "ja", "Maria"],
    },
    "fi": {
        "mapping_form": [
            "/start_mapping",
            "joo",
            "1968",
            "Porvoo",
            "työtön",
            "maaliskuusta",
            "työmarkkinatuki",
            "suomi",
            "ruotsi hyvin",
            "ammattikoulu",
            "varastotyöntekijä",
            "logistiikka",
            "työnhaku",
            "selkä vähän jumissa joskus",
            "kyllä",
            "puhelin",
            "suomi",
        ],
        "booking_form": [
            '/book_meeting{"booking_mode": "short"}',
            "puhelin",
            "aamupäivä",
            "ensimmäinen",
            "kyllä",
            "kyllä",
            "Ville",
        ],
        "identify_form": [
            ["milloin mun aika on", "joo", "K7F3QX"],
            ["milloin mun aika on", "joo mut tunnus puuttuu", "040 123 4567"],
        ],
        "callback_form": ["/request_callback", "joo", "Ville"],
    },
}
# What each probe is, and whether it must leave (or ask to leave) at once.
PROBES: dict[str, list[tuple[str, str, bool]]] = {
    "sv": [
        ("exit", "avbryt", True),
        ("exit", "strunt samma", True),
        ("exit", "nej, jag avbryter", True),
        ("human", "kan jag prata med en människa", True),
        ("button", "/search_training", True),
        ("off_topic", "vad blir vädret i morgon?", False),
        ("two_part", "jag vill boka en tid och undrar hur FPA betalar", False),
        ("empty", "", False),
    ],
    "fi": [
        ("exit", "lopeta", True),
        ("exit", "antaa olla", True),
        ("exit", "en halua", True),
        ("human", "voinko puhua ihmisen kanssa", True),
        ("button", "/search_training", True),
        ("off_topic", "millainen sää huomenna on?", False),
        ("two_part", "haluan varata ajan ja kysyä milloin kela maksaa", False),
        ("empty", "", False),
    ],
}
# Questions answered with yes or no: there a plain "no" ("en halua", "ei kiitos") is an
# answer, not a wish to stop (a stop word such as "avbryt" still stops).
YES_NO = {
    "mapping_consent",
    "work_ability_effect",
    "booking_confirm",
    "contact_consent",
    "has_booking",
}
# Codes and names that must never reach a person.
INTERNAL = re.compile(
    r"\b(unknown|unanswered|under_25|25_29|30_54|55_plus|general_support|labour_market_subsidy|basic_allowance|"
    r"earnings_related|kela_unspecified|laid_off|part_time|requested_slot|mapping_form|"
    r"booking_form|identify_form|callback_form|utter_\w+|action_\w+|form_\w+|"
    r"has_booking|lookup_reference|contact_consent|None|null|True|False)\b|\{[a-z_]+\}"
)


def fork(stack: Stack, source: str) -> str:
    """A copy of conversation ``source`` under a new id (Rasa's replace-events route)."""
    events = tracker(stack, source)["events"]
    target = f"explore-{uuid.uuid4().hex[:12]}"
    request = urllib.request.Request(
        f"{stack.rasa_url}/conversations/{target}/tracker/events?token={stack.token}",
        data=json.dumps(events).encode(),
        headers={"Content-Type": "application/json"},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
    return target


def bot_texts(events: list[dict[str, Any]]) -> list[str]:
    return [str(e.get("text") or "") for e in events if e.get("event") == "bot"]


def check_replies(replies: list[dict[str, Any]], language: str, where: str) -> None:
    for reply in replies:
        text = str(reply.get("text") or "")
        titles = " ".join(str(b.get("title")) for b in reply.get("buttons") or [])
        found = INTERNAL.search(f"{text} {titles}")
        assert found is None, f"{where}: internal value {found.group(0)!r} in {text!r}"
    texts = " ".join(str(r.get("text") or "") for r in replies)
    if texts.strip():
        detected = detect(texts, LEXICON).language
        assert detected in (language, None), f"{where}: reply not in {language}: {texts!r}"


def no_triple_repeat(stack: Stack, sender: str, where: str) -> None:
    texts = bot_texts(tracker(stack, sender)["events"])
    for a, b, c in zip(texts, texts[1:], texts[2:], strict=False):
        assert not (a == b == c and a), f"{where}: the same message three times: {a!r}"


def reached(stack: Stack, language: str, form: str) -> Iterator[tuple[str, str]]:
    """Walk the form's path; yield (question, conversation id) at every question reached."""
    paths = PATHS[language][form]
    seen: set[str] = set()
    for path in paths if isinstance(paths[0], list) else [paths]:
        sender = f"walk-{language}-{form}-{uuid.uuid4().hex[:8]}"
        say(stack, sender, "hej" if language == "sv" else "moi", lang=language)
        for answer in path:
            replies = say(stack, sender, answer, lang=language)
            check_replies(replies, language, f"{form} path {answer!r}")
            state = tracker(stack, sender)
            slot = state["slots"].get("requested_slot")
            loop = (state.get("active_loop") or {}).get("name")
            if loop == form and slot and slot not in seen:
                seen.add(slot)
                yield slot, sender


@pytest.fixture(scope="module")
def coverage() -> Iterator[dict[str, Any]]:
    report: dict[str, Any] = {"states": [], "probes": 0, "turns": 0}
    yield report
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report["n_states"] = len(report["states"])
    (ARTIFACTS / "explorer.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(
        f"\nexplorer: {report['n_states']} states, {report['probes']} probes, "
        f"{report['turns']} probe turns"
    )


@pytest.mark.parametrize("language", ["sv", "fi"])
@pytest.mark.parametrize("form", ["mapping_form", "booking_form", "identify_form", "callback_form"])
def test_every_question_of_every_form_can_be_left(
    stack: Stack, coverage: dict[str, Any], language: str, form: str
) -> None:
    expected = set(DOMAIN["forms"][form]["required_slots"])
    states = 0
    for slot, sender in reached(stack, language, form):
        states += 1
        coverage["states"].append(f"{language}:{form}:{slot}")
        for kind, text, leaves in PROBES[language]:
            where = f"{language} {form}.{slot} {kind} {text!r}"
            copy = fork(stack, sender)
            first = say(stack, copy, text, lang=language)
            check_replies(first, language, where)
            coverage["probes"] += 1
            coverage["turns"] += 1
            state = tracker(stack, copy)
            loop = (state.get("active_loop") or {}).get("name")
            requested = state["slots"].get("requested_slot")
            if leaves and not (slot in YES_NO and text == "en halua"):
                assert loop != form or requested == "form_leave_confirm", (where, first)
            else:
                if loop == form and requested == slot:
                    second = say(stack, copy, text, lang=language)
                    check_replies(second, language, where + " (again)")
                    coverage["turns"] += 1
                    state = tracker(stack, copy)
                    loop = (state.get("active_loop") or {}).get("name")
                    requested = state["slots"].get("requested_slot")
                    # by now the same question must not come a third time
                    assert not (loop == form and requested == slot), (where, second)
            no_triple_repeat(stack, copy, where)
    # every question of the form was reached and probed
    assert states == len(expected), (language, form, states)
