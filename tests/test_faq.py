"""The factual answers: every key answered in both languages, with its sources and the date
checked, and no answer that presents the TE office as today's service."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.nlu.editor import MIN_KEY_EXAMPLES
from bot.nlu.training_data import read_examples

ROOT = Path(__file__).resolve().parent.parent
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = DOMAIN["responses"]
ANSWERS = {
    name[len("utter_") :]: v for name, v in RESPONSES.items() if name.startswith("utter_faq/")
}
EXAMPLES = [e for e in read_examples() if e.intent.startswith("faq/")]
KEYS = sorted({e.intent for e in EXAMPLES})
TE_OFFICE = re.compile(r"\bTE-(byrå|toimisto|tjänst|palvel)", re.IGNORECASE)
# Words that place a TE office in the past (or in the experiment's rules).
PAST = re.compile(
    r"1\.1\.2025|lades ned|lakkautettiin|stängdes|försök|kokeilu|tidigare|aiemmin", re.IGNORECASE
)


def _language(variation: dict[str, Any]) -> str | None:
    return next(
        (c["value"] for c in variation.get("condition") or [] if c.get("name") == "language"),
        None,
    )


def test_at_least_forty_answers() -> None:
    assert len(ANSWERS) >= 40


def test_every_key_with_examples_has_an_answer_and_every_answer_has_examples() -> None:
    assert set(KEYS) == set(ANSWERS)


@pytest.mark.parametrize("key", KEYS)
def test_every_key_has_examples_in_both_languages(key: str) -> None:
    counts = Counter(e.language for e in EXAMPLES if e.intent == key)
    assert counts["sv"] >= MIN_KEY_EXAMPLES and counts["fi"] >= MIN_KEY_EXAMPLES, counts


@pytest.mark.parametrize("key", sorted(ANSWERS))
def test_every_answer_has_both_languages_sources_and_a_date(key: str) -> None:
    variations = ANSWERS[key]
    assert {_language(v) for v in variations} == {"sv", "fi"}
    for variation in variations:
        meta = variation.get("metadata") or {}
        checked = date.fromisoformat(str(meta.get("checked")))
        assert checked <= date.today()
        assert meta.get("sources") and all(s.startswith("https://") for s in meta["sources"])
        text = variation["text"]
        assert "https://" in text, f"{key}: no link to the authority's page"
        assert len(text.split()) <= 90, f"{key}: {len(text.split())} words is too long"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_no_response_presents_the_te_office_as_todays_service(name: str) -> None:
    for variation in RESPONSES[name]:
        text = str(variation.get("text") or "")
        experiment = any(
            c.get("name") == "service_rules" and c.get("value") == "experiment"
            for c in variation.get("condition") or []
        )
        if TE_OFFICE.search(text) and not experiment:
            assert PAST.search(text), f"{name}: {text[:120]}"


def test_personal_variants_exist_for_the_benefit_questions() -> None:
    for key in ("faq/which_benefit", "faq/benefit_amount", "faq/payment_dates"):
        benefits = {
            c["value"]
            for v in ANSWERS[key]
            for c in v.get("condition") or []
            if c.get("name") == "benefit"
        }
        assert {"earnings_related", "general_support"} <= benefits, key
