"""Retrieval keys folded into their intent, in the shape Rasa's ResponseSelector writes."""

from __future__ import annotations

import pytest

from bot.nlu.retrieval import fold_ranking, selector_output


def test_keys_sum_into_their_intent_and_keep_their_order() -> None:
    folded = fold_ranking([("faq/karens", 0.4), ("book_meeting", 0.35), ("faq/amount", 0.25)])
    assert folded.intents == [("faq", pytest.approx(0.65)), ("book_meeting", 0.35)]
    assert folded.keys == {"faq": [("faq/karens", 0.4), ("faq/amount", 0.25)]}


def test_many_small_keys_can_outweigh_one_intent() -> None:
    folded = fold_ranking([("greet", 0.3), ("faq/a", 0.25), ("faq/b", 0.25), ("faq/c", 0.2)])
    assert folded.intents[0] == ("faq", pytest.approx(0.7))


def test_no_retrieval_labels_gives_no_keys() -> None:
    assert fold_ranking([("greet", 0.9), ("thank", 0.1)]).keys == {}


def test_selector_output_is_what_action_retrieve_response_reads() -> None:
    out = selector_output(["faq"], {"faq": [("faq/karens", 0.3), ("faq/amount", 0.1)]})
    assert out["all_retrieval_intents"] == ["faq"]
    response = out["faq"]["response"]
    assert response["intent_response_key"] == "faq/karens"
    assert response["utter_action"] == "utter_faq/karens"
    assert response["confidence"] == pytest.approx(0.75)
    assert [r["intent_response_key"] for r in out["faq"]["ranking"]] == ["faq/karens", "faq/amount"]
