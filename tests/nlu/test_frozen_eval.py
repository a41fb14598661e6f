"""The floor on the frozen held-out sets: make test fails under macro-F1 0.93 in either
language (the targets, 0.97 and the recall of the meeting intents, are in make eval)."""

from __future__ import annotations

import pytest

from bot.nlu.evaluation import FLOOR, Parser, label_of, latest_model, read_frozen, score


@pytest.fixture(scope="module")
def parser() -> Parser:
    model = latest_model()
    if model is None:
        pytest.fail("no trained model: make test trains one first")
    return Parser(model)


@pytest.mark.parametrize("language", ["sv", "fi"])
async def test_frozen_sets_stay_above_the_floor(parser: Parser, language: str) -> None:
    messages = [m for m in read_frozen(language) if m.language == language and len(m.intents) == 1]
    assert len(messages) >= 400
    rows = []
    for m in messages:
        rows.append((m.text, m.intent, label_of(await parser.parse(m.text, language))))
    scores = score(rows)
    assert scores.macro_f1 >= FLOOR, (scores.macro_f1, scores.errors[:20])
