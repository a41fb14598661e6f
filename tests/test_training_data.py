"""Training data: required intents, counts per language, no duplicates, held-out sets apart."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot.nlu.training_data import NLU_DIR, read_examples

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_INTENTS = """greet goodbye thank affirm deny choose_language start_mapping inform
search_training book_meeting cancel_meeting reschedule_meeting ask_meeting_status ask_human
ask_eligibility ask_privacy delete_my_data explain_question pause_mapping
bot_challenge help out_of_scope""".split()
MIN_EXAMPLES = 25
LEGACY = {"ask_benefits": "faq"}
EXAMPLES = read_examples()
DOMAIN_INTENTS = set(yaml.safe_load((ROOT / "domain.yml").read_text("utf-8"))["intents"])


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@pytest.mark.parametrize("language", ["sv", "fi"])
@pytest.mark.parametrize("intent", REQUIRED_INTENTS)
def test_each_required_intent_has_enough_examples(intent: str, language: str) -> None:
    count = sum(1 for e in EXAMPLES if e.intent == intent and e.language == language)
    assert count >= MIN_EXAMPLES, f"{intent}/{language}: {count} examples"


def test_files_are_one_per_topic_per_language() -> None:
    for path in NLU_DIR.rglob("*.yml"):
        assert path.parent.name in ("sv", "fi"), path
    for example in EXAMPLES:
        assert example.language == example.path.parent.name, example


def test_every_intent_in_the_data_is_in_the_domain() -> None:
    # a retrieval intent's examples carry their key (faq/karens); the domain lists "faq"
    assert {e.intent.split("/", 1)[0] for e in EXAMPLES} <= DOMAIN_INTENTS
    assert set(REQUIRED_INTENTS) <= DOMAIN_INTENTS


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_no_example_appears_twice(language: str) -> None:
    seen: dict[str, list[str]] = defaultdict(list)
    for e in EXAMPLES:
        if e.language == language:
            seen[_norm(e.text)].append(e.intent)
    duplicates = {text: intents for text, intents in seen.items() if len(intents) > 1}
    assert not duplicates


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_held_out_examples_are_not_in_the_training_data(language: str) -> None:
    training = {_norm(e.text) for e in EXAMPLES}
    holdout = read_examples([ROOT / "tests" / "nlu" / f"{language}_holdout.yml"])
    assert holdout
    assert not [e.text for e in holdout if _norm(e.text) in training]
    # the old sets are frozen: their ask_benefits is today's retrieval intent faq
    assert {LEGACY.get(e.intent, e.intent) for e in holdout} <= DOMAIN_INTENTS


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_the_frozen_evaluation_sets_are_never_trained_on(language: str) -> None:
    """Compared folded and without punctuation, so a copy with other capitals or a missing
    question mark counts too. Set phrases of up to three words ("Hej då", "Kiitos paljon",
    "Ihminen") are in any training data and do not count."""
    from bot.nlu.evaluation import read_frozen
    from bot.text import fold

    def key(text: str) -> str:
        return " ".join(re.findall(r"\w+", fold(text)))

    training = {key(e.text) for e in EXAMPLES}
    frozen = read_frozen(language)
    assert len(frozen) >= 690
    copied = [m.text for m in frozen if len(key(m.text).split()) > 3 and key(m.text) in training]
    assert not copied


def test_choose_language_examples_annotate_the_language() -> None:
    for e in EXAMPLES:
        if e.intent == "choose_language" and e.raw != e.text:
            assert '"entity": "language"' in e.raw, e.raw
            assert '"value": "sv"' in e.raw or '"value": "fi"' in e.raw, e.raw


def test_no_text_has_two_intents_across_languages() -> None:
    """Rasa refuses the same example under two intents, whatever its language."""
    intents: dict[str, set[str]] = defaultdict(set)
    for e in EXAMPLES:
        intents[_norm(e.text)].add(e.intent)
    assert not {text: i for text, i in intents.items() if len(i) > 1}
