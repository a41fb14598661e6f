"""A whole kartläggning over the REST webhook in Swedish and in Finnish, on SQLite and
PostgreSQL, and a paused one that survives a restart of the Rasa server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from bot.cases.mappings import latest_summary, load_draft
from tests.e2e.servers import Stack, make_stack, say, tracker

pytestmark = pytest.mark.e2e

NOT_UNDERSTOOD = ("förstod inte", "ymmärtänyt", "förstod jag inte", "verkar inte stämma")

SWEDISH = [
    ("jag vill börja kartläggningen", "spara dina svar"),
    ("ja", "född"),
    ("1990", "kommun"),
    ("Borgå", "situation"),
    ("arbetslös", "Hur länge"),
    ("ungefär ett år", "stöd"),
    ("grunddagpenning", "modersmål"),
    ("svenska", "andra språk"),
    ("finska bra", "utbildning"),
    ("gymnasiet", "jobbade"),
    ("lagerarbetare på ett logistikföretag", "område"),
    ("logistik eller lager", "hjälp med"),
    ("söka jobb", "arbetsförmåga"),
    ("hoppa över", "träffa din egencoach"),
    ("telefon", "språk"),
    ("svenska", "Stämmer det här?"),
    ("ja", "sparad"),
]
FINNISH = [
    ("aloitetaan alkukartoitus", "tallentaa vastauksesi"),
    ("kyllä", "syntynyt"),
    ("olen 27", "kunnassa"),
    ("Porvoossa", "tilannettasi"),
    ("lomautettu", "Kuinka kauan"),
    ("puoli vuotta", "tukea"),
    ("ansiosidonnainen", "äidinkielesi"),
    ("suomi", "muita kieliä"),
    ("ruotsi vähän, englanti hyvin", "koulutuksesi"),
    ("ammattikoulu", "työtä teit"),
    ("kokki ravintolassa", "alalla"),
    ("ravintola-ala", "apua"),
    ("haluun vaihtaa alaa", "työkykyäsi"),
    ("ei", "tavata omavalmentajasi"),
    ("videolla", "kielellä"),
    ("suomeksi", "Pitääkö tämä paikkansa?"),
    ("kyllä", "tallennettu"),
]


def _text(messages: list[dict[str, object]]) -> str:
    return " ".join(str(m.get("text", "")) for m in messages)


def complete_mapping(stack: Stack, sender: str, script: list[tuple[str, str]]) -> None:
    for message, expected in script:
        reply = _text(say(stack, sender, message))
        assert not any(p in reply for p in NOT_UNDERSTOOD), (message, reply)
        assert expected.lower() in reply.lower(), (message, expected, reply)


@pytest.fixture(scope="module")
def pg_stack(tmp_path_factory: pytest.TempPathFactory, postgres_url: str) -> Iterator[Stack]:
    from bot.demo import load_demo_data

    load_demo_data(postgres_url)
    stack = make_stack(tmp_path_factory.mktemp("pgstack"), postgres_url, postgres_url)
    stack.start("actions", "rasa")
    yield stack
    stack.stop_all()


@pytest.mark.parametrize(("language", "script"), [("sv", SWEDISH), ("fi", FINNISH)])
def test_whole_mapping_on_sqlite(
    stack: Stack, language: str, script: list[tuple[str, str]]
) -> None:
    sender = f"map-{language}-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, script)
    stored = latest_summary(sender, url=stack.database_url)
    assert stored is not None and stored.status == "confirmed"
    assert stored.language == language
    assert "Hemkommun: Borgå" in (stored.text_sv or "")
    assert "Kotikunta: Porvoo" in (stored.text_fi or "")
    if language == "sv":
        assert stored.own_words["occupation"] == "lagerarbetare på ett logistikföretag"
        assert stored.data["work_ability"] == "skipped"
        assert stored.eligibility == "eligible" and stored.service_path == "work_ability"
    else:
        assert stored.own_words["occupation"] == "kokki ravintolassa"
        assert stored.data["other_languages"] == [
            {"language": "sv", "level": "basic"},
            {"language": "en", "level": "good"},
        ]
        assert stored.eligibility == "eligible" and stored.customer_groups[:1] == ["youth"]


@pytest.mark.postgres
@pytest.mark.parametrize(("language", "script"), [("sv", SWEDISH), ("fi", FINNISH)])
def test_whole_mapping_on_postgresql(
    pg_stack: Stack, language: str, script: list[tuple[str, str]]
) -> None:
    sender = f"pg-{language}-{uuid.uuid4().hex}"
    complete_mapping(pg_stack, sender, script)
    stored = latest_summary(sender, url=pg_stack.database_url)
    assert stored is not None and stored.text_sv and stored.text_fi


def test_pause_restart_and_resume(stack: Stack) -> None:
    sender = f"pause-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, SWEDISH[:4])  # consent, age, municipality answered
    reply = _text(say(stack, sender, "jag måste sluta nu, vi fortsätter senare"))
    assert "pausar" in reply
    draft = load_draft(sender, url=stack.database_url)
    assert draft is not None and draft["municipality"] == "638"

    stack.stop("rasa")
    stack.start_rasa()
    # a later visit: a new session starts, and the bot offers to go on
    reply = _text(say(stack, sender, "/session_start"))
    assert "påbörjad kartläggning" in reply
    assert tracker(stack, sender)["slots"]["municipality"] is None  # nothing carried over
    reply = _text(say(stack, sender, "/start_mapping"))
    assert "fortsätter där du slutade" in reply
    assert "situation" in reply  # the next unanswered question, not the first one
    assert tracker(stack, sender)["slots"]["age_group"] == "30_54"


def test_no_consent_stores_nothing(stack: Stack) -> None:
    sender = f"noconsent-{uuid.uuid4().hex}"
    say(stack, sender, "moi")
    reply = _text(say(stack, sender, "/start_mapping"))
    assert "tallentaa" in reply
    reply = _text(say(stack, sender, "ei"))
    assert "en tallenna mitään" in reply
    assert load_draft(sender, url=stack.database_url) is None
    assert latest_summary(sender, url=stack.database_url) is None


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("1800", "verkar inte stämma"),
        ("2030", "verkar inte stämma"),
        ("abc", "förstod inte åldern"),
        ("I was born in nineteen ninety", "bara svenska och finska"),
    ],
)
def test_bad_answers_keep_earlier_answers(stack: Stack, message: str, expected: str) -> None:
    sender = f"bad-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, SWEDISH[:2])
    reply = _text(say(stack, sender, message))
    assert expected in reply and "född" in reply  # one message, then the question again
    assert tracker(stack, sender)["slots"]["mapping_consent"] is True


@pytest.mark.parametrize(
    ("language", "script", "steps"),
    [
        # the button, then the answer named in words, then the new value
        (
            "sv",
            SWEDISH,
            [
                ("/correct_answer", "Vilket svar"),
                ("hemkommun", "kommun"),
                ("Lovisa", "Stämmer det här?"),
                ("ja spara", "sparad"),
            ],
        ),
        # typed, then the new value straight away
        (
            "fi",
            FINNISH,
            [
                ("haluun muuttaa yhtä vastausta", "Mitä vastausta"),
                ("Loviisa", "Pitääkö tämä paikkansa?"),
                ("kyllä", "tallennettu"),
            ],
        ),
    ],
)
def test_change_an_answer_at_the_summary(
    stack: Stack, language: str, script: list[tuple[str, str]], steps: list[tuple[str, str]]
) -> None:
    sender = f"change-{language}-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, script[:-1])
    complete_mapping(stack, sender, steps)
    stored = latest_summary(sender, url=stack.database_url)
    assert stored is not None and stored.status == "confirmed"
    assert stored.data["municipality"] == "434"
    assert stored.data["age_group"] == {"sv": "30_54", "fi": "25_29"}[language]  # unchanged


@pytest.mark.parametrize(
    ("language", "script", "answer", "next_question"),
    [
        ("sv", SWEDISH, "arbetslös sedan oktober", "stöd"),
        ("fi", FINNISH, "oon ollu työtön puol vuotta", "tukea"),
    ],
)
def test_duration_said_with_the_situation_is_not_asked(
    stack: Stack, language: str, script: list[tuple[str, str]], answer: str, next_question: str
) -> None:
    sender = f"dur-{language}-{uuid.uuid4().hex}"
    complete_mapping(stack, sender, [*script[:4], (answer, next_question)])
    slots = tracker(stack, sender)["slots"]
    assert slots["situation_duration"] in ("under_3m", "3_12m")
    assert slots["requested_slot"] == "benefit"
