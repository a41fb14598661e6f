"""Retrieval intents (``faq/<key>``) answered by the intent classifier itself.

Rasa's own ResponseSelector needs a second neural model on featurizers this pipeline does
not have. Here the linear classifier learns every ``faq/<key>`` as a label of its own, and
this module folds its ranking back into what Rasa expects: the intent ``faq`` with the
summed probability of its keys, and the chosen key in ``response_selector`` (the shape
``ActionRetrieveResponse`` reads, so ``utter_faq`` and the rules work as in Rasa's docs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SEPARATOR = "/"


@dataclass(frozen=True)
class Folded:
    """The intent ranking with retrieval keys folded into their intent, and each retrieval
    intent's own key ranking (best first)."""

    intents: list[tuple[str, float]]
    keys: dict[str, list[tuple[str, float]]]


def fold_ranking(ranking: list[tuple[str, float]]) -> Folded:
    """Sum the probabilities of ``intent/key`` labels into ``intent``; keep the keys' order.

    >>> fold_ranking([("faq/karens", 0.5), ("greet", 0.3), ("faq/amount", 0.2)]).intents
    [('faq', 0.7), ('greet', 0.3)]
    """
    totals: dict[str, float] = {}
    keys: dict[str, list[tuple[str, float]]] = {}
    for label, confidence in ranking:
        intent = label.split(SEPARATOR, 1)[0]
        totals[intent] = totals.get(intent, 0.0) + confidence
        if SEPARATOR in label:
            keys.setdefault(intent, []).append((label, confidence))
    intents = sorted(totals.items(), key=lambda item: -item[1])
    for intent in keys:
        keys[intent].sort(key=lambda item: -item[1])
    return Folded(intents, keys)


def selector_output(
    retrieval_intents: list[str], keys: dict[str, list[tuple[str, float]]]
) -> dict[str, Any]:
    """The ``response_selector`` property of a parsed message (as Rasa's ResponseSelector
    writes it: ``response`` with ``intent_response_key`` and ``utter_action``, ``ranking``)."""
    output: dict[str, Any] = {"all_retrieval_intents": sorted(retrieval_intents)}
    for intent, ranked in keys.items():
        if not ranked:
            continue
        total = sum(confidence for _, confidence in ranked) or 1.0
        best, confidence = ranked[0]
        output[intent] = {
            "response": {
                "responses": None,
                "confidence": confidence / total,
                "intent_response_key": best,
                "utter_action": f"utter_{best}",
            },
            "ranking": [
                {"confidence": c / total, "intent_response_key": k} for k, c in ranked[:10]
            ],
        }
    return output
