"""What a message inside a form means: stop, human, callback, another request, a question."""

from __future__ import annotations

import pytest
import yaml

from bot.rules import form_exit
from bot.rules.form_exit import (
    DATA,
    LEXICON,
    FormProfile,
    Move,
    Turn,
    decide,
    exit_kind,
    payload_intent,
)

MAPPING = FormProfile(
    "mapping_form",
    in_form=frozenset({"skip_question", "correct_answer", "pause_mapping"}),
    ask_before_leaving=True,
)
IDENTIFY = FormProfile(
    "identify_form",
    own_intents=frozenset({"cancel_meeting", "reschedule_meeting", "ask_meeting_status"}),
)
BOOKING = FormProfile(
    "booking_form", own_intents=frozenset({"book_meeting"}), in_form=frozenset({"show_more"})
)
CALLBACK = FormProfile("callback_form", own_intents=frozenset({"ask_human", "request_callback"}))


def turn(
    form: FormProfile,
    text: str,
    intent: str | None = "inform",
    confidence: float = 0.9,
    **kw: object,
) -> Turn:
    return Turn(form=form, slot="x", text=text, intent=intent, confidence=confidence, **kw)  # type: ignore[arg-type]


# The exit words of the bug report, in both languages, at every kind of form.
EXITS = [
    ("avbryt", Move.STOP),
    ("sluta", Move.STOP),
    ("strunt samma", Move.STOP),
    ("lopeta", Move.STOP),
    ("peru", Move.STOP),
    ("antaa olla", Move.STOP),
    ("nej, jag avbryter", Move.STOP),
    ("en halua", Move.STOP),
    ("Avbryt!", Move.STOP),
    ("lopetetaan tää", Move.STOP),
    ("ah unohda", Move.STOP),
    ("glöm det", Move.STOP),
    ("glom det", Move.STOP),
    ("jag vill börja om från början", Move.RESTART),
    ("aloitetaan alusta", Move.RESTART),
    ("kan jag prata med en människa", Move.HUMAN),
    ("miten tavoitan elävän ihmisen", Move.HUMAN),
    ("onko siellä ketään chatissa?", Move.HUMAN),
    ("soittakaa minulle", Move.CALLBACK),
    ("kan ni ringa mig", Move.CALLBACK),
]


@pytest.mark.parametrize("text, move", EXITS)
@pytest.mark.parametrize("form", [MAPPING, IDENTIFY, BOOKING], ids=lambda f: f.name)
def test_exit_words_leave_every_form(text: str, move: Move, form: FormProfile) -> None:
    # even when the classifier calls it inform and the slot parser would take it as text
    assert decide(turn(form, text, answers=True)).move is move


@pytest.mark.parametrize(
    "text",
    [
        "en halua kertoa",  # skipping a question, not stopping
        "jag vill inte svara på det",
        "när slutar kursen?",  # a question, not "sluta"
        "peruskoulu",  # not "peru"
        "personlig assistent",  # not "person"
        "jobbade som handläggare på FPA i tio år",  # a job, not a request
        "olin asiakaspalvelija kaupassa viimeksi",
        "lopettaa tupakoinnin ja sitten jotain muuta pitkää tekstiä tähän perään vielä",
        "1968",
        "Borgå",
    ],
)
def test_words_that_only_look_like_an_exit(text: str) -> None:
    assert exit_kind(text) is None


def test_a_human_in_the_callback_form_is_the_callback_itself() -> None:
    assert decide(turn(CALLBACK, "soittakaa minulle")).move is Move.ANSWER
    assert decide(turn(CALLBACK, "/ask_human", "ask_human", 1.0)).move is Move.ANSWER


@pytest.mark.parametrize(
    "form, text, intent, move",
    [
        # a button of another intent leaves at once, in every form
        (IDENTIFY, "/start_mapping", "start_mapping", Move.REQUEST),
        (IDENTIFY, "/help", "help", Move.QUESTION),
        (BOOKING, "/search_training", "search_training", Move.REQUEST),
        (MAPPING, "/book_meeting", "book_meeting", Move.REQUEST),
        (BOOKING, "/book_meeting", "book_meeting", Move.ANSWER),
        (IDENTIFY, "/cancel_meeting", "cancel_meeting", Move.ANSWER),
        (BOOKING, "/show_more", "show_more", Move.QUESTION),
        (MAPPING, "/ask_human", "ask_human", Move.HUMAN),
        (MAPPING, "/stop", "stop", Move.STOP),
        # a stale yes/no button is never a typed value
        (IDENTIFY, "/affirm", "affirm", Move.ANSWER),
        (MAPPING, '/inform{"municipality": "638"}', "inform", Move.ANSWER),
    ],
)
def test_buttons(form: FormProfile, text: str, intent: str, move: Move) -> None:
    assert decide(turn(form, text, intent, 1.0)).move is move


def test_typed_requests_leave_short_forms_and_ask_in_the_mapping() -> None:
    assert (
        decide(turn(IDENTIFY, "jag vill börja kartläggningen", "start_mapping", 0.9)).move
        is Move.REQUEST
    )
    assert decide(turn(MAPPING, "jag vill boka en tid", "book_meeting", 0.9)).move is Move.ASK_LEAVE
    # not sure enough: an answer
    assert decide(turn(MAPPING, "boka", "book_meeting", 0.5)).move is Move.ANSWER
    # the text is an answer to the question: an answer, whatever the intent
    assert decide(turn(MAPPING, "Borgå", "book_meeting", 0.9, answers=True)).move is Move.ANSWER


def test_a_question_that_also_names_an_answer_is_a_question() -> None:
    ask = turn(
        MAPPING, "hur söker man dagpenning från fpa?", "faq/which_benefit", 0.8, answers=True
    )
    assert decide(ask).move is Move.QUESTION
    # a word or two before the question word ("wait, what is ...?")
    for text, intent in [
        ("vänta, vad är grunddagpenning egentligen?", "faq/which_benefit"),
        ("hetkinen, mikä on ansiosidonnainen?", "faq/which_benefit"),
        ("okej men hur länge får man dagpenning?", "faq/benefit_duration"),
    ]:
        assert decide(turn(MAPPING, text, intent, 0.8, answers=True)).move is Move.QUESTION, text
    # ... but an answer that only mentions a question word later stays an answer
    for text in ("grunddagpenning men vet inte vad den heter", "jag vet inte vad det heter?"):
        assert decide(turn(MAPPING, text, "inform", 0.8, answers=True)).move is Move.ANSWER, text
    # an unsure answer with a question mark is still an answer
    unsure = turn(MAPPING, "arbetsmarknadsstöd?", "inform", 0.8, answers=True)
    assert decide(unsure).move is Move.ANSWER


def test_questions_at_the_prompt_are_answered() -> None:
    assert decide(turn(IDENTIFY, "vad är en bokningskod?", "help", 0.8)).move is Move.QUESTION
    assert (
        decide(turn(MAPPING, "varför frågar du det", "explain_question", 0.9)).move is Move.QUESTION
    )
    assert decide(turn(MAPPING, "mika toi unknown on?", "nlu_fallback", 0.3)).move is Move.QUESTION
    assert (
        decide(turn(MAPPING, "paljonko saan rahaa", "faq/benefit_amount", 0.8)).move
        is Move.QUESTION
    )
    # yes/no questions: "?" does not make an answer a question
    assert decide(turn(MAPPING, "ja?", "affirm", 0.9, yes_no=True)).move is Move.ANSWER


def test_a_plain_no_at_a_yes_no_question_is_an_answer() -> None:
    for text in ("ei kiitos", "en halua", "jag vill inte", "nej tack inte nu"):
        assert decide(turn(MAPPING, text, "deny", 0.9, yes_no=True)).move is Move.ANSWER
    # a stop word still stops ("nej, jag avbryter")
    assert decide(turn(BOOKING, "nej, jag avbryter", "deny", 0.9, yes_no=True)).move is Move.STOP


def test_a_bare_no_stops_a_short_form_but_not_the_mapping() -> None:
    assert decide(turn(IDENTIFY, "nej", "deny", 0.95)).move is Move.STOP
    assert decide(turn(IDENTIFY, "jag har ingen bokningskod", "deny", 0.8)).move is Move.ANSWER
    assert decide(turn(MAPPING, "nej", "deny", 0.95)).move is Move.ANSWER
    assert decide(turn(BOOKING, "nej", "deny", 0.95, yes_no=True)).move is Move.ANSWER


def test_human_and_callback_intents_leave_when_sure() -> None:
    assert decide(turn(BOOKING, "voinko puhua jollekulle", "ask_human", 0.8)).move is Move.HUMAN
    assert (
        decide(turn(BOOKING, "haluun et joku soittaa", "request_callback", 0.8)).move
        is Move.CALLBACK
    )
    assert decide(turn(BOOKING, "hmm", "ask_human", 0.4)).move is Move.ANSWER


def test_payload_intent() -> None:
    assert payload_intent('/inform{"x": 1}') == "inform"
    assert payload_intent("/faq/waiting_period") == "faq/waiting_period"
    assert payload_intent("hej") is None


def test_every_lexicon_entry_is_reachable() -> None:
    """Each word and phrase of the data file, typed alone, gives its own move."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    expected = {
        ("stop", "words"): Move.STOP,
        ("stop", "phrases"): Move.STOP,
        ("stop", "alone"): Move.STOP,
        ("restart", "phrases"): Move.RESTART,
        ("human", "words"): Move.HUMAN,
        ("human", "phrases"): Move.HUMAN,
        ("callback", "phrases"): Move.CALLBACK,
    }
    assert all(form_exit.says_no_code(p) for p in data["no_code"]["phrases"])
    unreachable = []
    for (section, key), move in expected.items():
        entries = data[section][key]
        assert len(entries) == len(set(entries)), f"duplicates in {section}.{key}"
        for entry in entries:
            found = exit_kind(str(entry))
            if found is None or found[0] is not move:
                unreachable.append((section, key, entry, found))
    assert unreachable == []


def test_lexicon_is_compiled_once() -> None:
    assert form_exit.LEXICON is LEXICON
    assert "avbryt" in LEXICON.stop_words


@pytest.mark.parametrize(
    "text",
    [
        "joo mut tunnus puuttuu",
        "Kyllä, mutta tunnus puuttuu",
        "ja men jag har ingen bokningskod",
        "ja, koden saknas",
        "on mut en muista koodia",
    ],
)
def test_a_booking_without_its_code(text: str) -> None:
    assert form_exit.says_no_code(text)
