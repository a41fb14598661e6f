"""Scoring of the held-out sets (pure)."""

from __future__ import annotations

import pytest

from bot.nlu.evaluation import label_of, labels_of, macro_f1, read_frozen, score


def test_macro_f1_and_recall() -> None:
    f1, recall = macro_f1(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert recall == {"a": 0.5, "b": 1.0}
    assert f1 == pytest.approx((2 / 3 + 0.8) / 2)


def test_faq_keys_count_as_faq_for_intents_and_separately_for_keys() -> None:
    s = score(
        [
            ("x", "faq/karens", "faq/karens"),
            ("y", "faq/amount", "faq/karens"),
            ("z", "book_meeting", "faq/karens"),
        ]
    )
    assert s.recall == {"book_meeting": 0.0, "faq": 1.0}
    assert s.faq_key_accuracy == 0.5
    assert s.errors == [("z", "book_meeting", "faq/karens")]


def test_labels_of_a_parse() -> None:
    faq = {
        "intent": {"name": "faq"},
        "response_selector": {"faq": {"response": {"intent_response_key": "faq/karens"}}},
    }
    assert label_of(faq) == "faq/karens"
    two = {
        "intent": {"name": "two_requests"},
        "requests": [{"label": "book_meeting"}, {"label": "faq/karens"}],
    }
    assert label_of(two) == "book_meeting"
    assert labels_of(two) == ("book_meeting", "faq/karens")
    assert labels_of({"intent": {"name": "greet"}}) == ("greet",)


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_the_frozen_sets_are_read_whole(language: str) -> None:
    messages = read_frozen(language)
    assert len(messages) >= 690
    assert {m.writer for m in messages} == {"w1", "w2", "w3", "w4", "w5", "w6"}
    assert sum(len(m.intents) == 2 for m in messages) >= 30
    assert sum(m.language != language for m in messages) >= 18
