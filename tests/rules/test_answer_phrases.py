"""Answers written in character by native speakers (tests/rules/phrases/{sv,fi}/*.yml).

Every answer of every file is one test: the parsers must give exactly what the writer
expects a careful coach to record (the codes are defined in /work/briefs/phrase_brief.md).
An expectation that is clearly wrong by those definitions is not edited in the writer's
file: it is listed in EXPECTED_WRONG with the reason and the value the test checks instead.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.rules import answers
from bot.rules.municipalities import match_municipality

PHRASES = Path(__file__).with_name("phrases")
TODAY = date(2026, 12, 2)

# test id -> (why the writer's expectation is wrong, the fields the test checks instead)
EXPECTED_WRONG: dict[str, tuple[str, dict[str, Any]]] = {}

# test id -> why a parser outside bot/rules/answers.py gets it wrong (a strict xfail)
OUTSIDE_ANSWERS: dict[str, str] = {
    "sv/p2#02-municipality": (
        '"hfors" (Helsingfors abbreviated) is matched by bot/rules/municipalities.py, which '
        "knows no abbreviations and suggests Högfors"
    ),
}


def _cases() -> list[Any]:
    cases = []
    for path in sorted(PHRASES.glob("*/*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for n, answer in enumerate(data["answers"], 1):
            case_id = f"{path.parent.name}/{path.stem}#{n:02d}-{answer['question']}"
            marks = []
            if case_id in OUTSIDE_ANSWERS:
                marks.append(pytest.mark.xfail(strict=True, reason=OUTSIDE_ANSWERS[case_id]))
            answer = {**answer, **EXPECTED_WRONG.get(case_id, ("", {}))[1]}
            context = {"language": data["language"], "today": data.get("today", TODAY)}
            cases.append(pytest.param(answer, context, id=case_id, marks=marks))
    return cases


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _check_answer(answer: dict[str, Any], language: str, today: date) -> None:
    question, text, expect = answer["question"], answer["text"], answer["expect"]
    if question == "age":
        parsed = answers.parse_age(text, today)
        if "birth_year" in expect:
            assert parsed.birth_year == expect["birth_year"]
        else:
            assert (parsed.birth_year, parsed.age) == (None, expect["age"])
    elif question == "municipality":
        found = match_municipality(text).municipality
        assert found is not None and found.name("sv") == expect
    elif question == "situation":
        assert answers.parse_situation(text) == expect
    elif question == "duration":
        months = answers.parse_duration_months(text, today)
        assert months == pytest.approx(expect["months"], abs=0.5)
        assert answers.duration_bucket(months) == answers.duration_bucket(expect["months"])
    elif question == "benefit":
        assert answers.parse_benefit(text) == expect
    elif question == "native_language":
        assert answers.parse_native_language(text) == expect
    elif question == "other_languages":
        assert answers.parse_other_languages(text) == expect
    elif question == "education":
        detail = answers.parse_education_detail(text)
        assert (detail.code, detail.unfinished) == (expect, answer.get("unfinished"))
    elif question == "occupation":
        assert answers.parse_occupation(text) == str(expect)
    elif question == "desired_fields":
        fields = answers.parse_fields_detail(text)
        assert list(fields.codes) == [str(c) for c in _as_list(expect)]
        assert set(fields.excluded) == {str(c) for c in answer.get("not", [])}
    elif question == "help_wanted":
        assert set(answers.parse_help(text)) == set(_as_list(expect))
    elif question == "work_ability":
        ability = answers.parse_work_ability_detail(text)
        assert ability.code == expect
        if answer.get("details") is False:
            assert ability.details is None
        elif expect in ("limited", "mild"):
            assert ability.details == answers.own_words(text)
    elif question == "contact_channel":
        assert answers.parse_channel(text) == expect
    elif question == "service_language":
        assert answers.parse_service_language(text, language) == expect
    else:
        raise AssertionError(f"unknown question {question!r}")


@pytest.mark.parametrize(("answer", "context"), _cases())
def test_phrase(answer: dict[str, Any], context: dict[str, Any]) -> None:
    _check_answer(answer, context["language"], context["today"])
    expected_facts = set(answer.get("facts") or ())
    if answer["question"] == "education" and answer.get("unfinished"):
        # the unfinished level is the education answer's own field; the fact repeats it
        expected_facts.add("unfinished_degree")
    assert set(answers.facts_in(answer["text"])) == expected_facts


def test_every_fact_of_the_phrases_has_labels() -> None:
    used = {
        fact
        for path in PHRASES.glob("*/*.yml")
        for answer in yaml.safe_load(path.read_text(encoding="utf-8"))["answers"]
        for fact in answer.get("facts") or ()
    }
    assert used <= set(answers.FACT_LABELS)
    assert all(set(labels) == {"sv", "fi"} for labels in answers.FACT_LABELS.values())


def test_expected_wrong_and_outside_name_real_phrases() -> None:
    ids = {param.id for param in _cases()}
    assert set(EXPECTED_WRONG) <= ids
    assert set(OUTSIDE_ANSWERS) <= ids
