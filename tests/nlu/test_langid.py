"""Language identification of chat messages: table cases and the held-out sets."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.nlu.langid import Lexicon, detect
from bot.nlu.training_data import read_examples
from bot.text import fold, words

HOLDOUT = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.from_examples((e.text, e.language) for e in read_examples())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hej", "sv"),
        ("hejsan!", "sv"),
        ("tjena", "sv"),
        ("moi", "fi"),
        ("moikka", "fi"),
        ("tack", "sv"),
        ("kiitos", "fi"),
        ("joo", "fi"),
        ("nej tack", "sv"),
        ("ei kiitos", "fi"),
        ("kan vi ta det på svenska", "sv"),
        ("puhutaanko suomea", "fi"),
        ("jag ar arbetslos sen i mars", "sv"),
        ("mä oon työtön", "fi"),
        ("ma oon tyoton", "fi"),
        ("haluisin varata ajan", "fi"),
        ("finns det nån utbildning i borga", "sv"),
        ("onks mitään koulutuksia verkossa", "fi"),
        ("can you speak english please", "other"),
        ("Я живу в Порвоо", "other"),
        ("أريد عملا", "other"),
        ("1987", None),
        ("👍", None),
        ("   ", None),
        ("", None),
    ],
)
def test_detect_table(lexicon: Lexicon, text: str, expected: str | None) -> None:
    assert detect(text, lexicon).language == expected


def test_fold_and_words() -> None:
    assert fold("Työtön Borgå") == "tyoton borga"
    assert words("Hej! Jag är 34 år :)") == ["hej", "jag", "ar", "ar"]


def test_lexicon_round_trip(lexicon: Lexicon) -> None:
    again = Lexicon.from_dict(lexicon.to_dict())
    assert again.score(["moi", "hej"]) == lexicon.score(["moi", "hej"])


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_held_out_messages_are_identified(lexicon: Lexicon, language: str) -> None:
    """At least 97 % of unseen messages in each language get the right language."""
    examples = read_examples([HOLDOUT / f"{language}_holdout.yml"])
    results = Counter(detect(e.text, lexicon).language for e in examples)
    accuracy = results[language] / len(examples)
    assert len(examples) >= 200
    assert accuracy >= 0.97, results


def test_mixed_messages_are_flagged(lexicon: Lexicon) -> None:
    assert detect("moi jag vill hakea koulutusta please", lexicon).mixed
    assert not detect("haluisin hakea koulutusta", lexicon).mixed
    assert not detect("jag vill söka utbildning", lexicon).mixed
