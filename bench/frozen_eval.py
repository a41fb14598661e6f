"""Score the trained model on the frozen held-out sets and the older held-out sets.

``python -m bench.frozen_eval [--model PATH]`` parses every message as production does (the
page language known) and prints, per language: intent macro-F1 and accuracy on the new
frozen sets (tests/nlu/eval/, single requests), FAQ key accuracy, recall of the intents
whose miss fails the person, two-request messages with both requests found, third-language
messages recognised, and macro-F1 on the old held-out sets (tests/nlu/*_holdout.yml).
``make eval`` runs it beside the cross-validation (bench/nlu_eval.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
from pathlib import Path
from typing import Any

from bot.nlu.evaluation import (
    CRITICAL,
    LANGUAGES,
    Parser,
    labels_of,
    latest_model,
    read_frozen,
    score,
    top,
)
from bot.nlu.training_data import read_examples

HERE = Path(__file__).resolve().parent
HOLDOUT = HERE.parent / "tests" / "nlu"
OUT = HERE / "out"
# The old held-out sets are frozen too: their ask_benefits is today's faq.
LEGACY = {"ask_benefits": "faq"}


async def evaluate(model: str) -> dict[str, Any]:
    """All scores, per language."""
    parser = Parser(model)
    result: dict[str, Any] = {}
    for lang in LANGUAGES:
        frozen = read_frozen(lang)
        single, two, third = [], [], []
        for m in frozen:
            parsed = await parser.parse(m.text, lang)
            labels = labels_of(parsed)
            if m.language != lang:
                third.append((parsed.get("intent") or {}).get("name") == "other_language")
            elif len(m.intents) > 1:
                found = [top(x) for x in labels]
                two.append(found[:2] == [top(x) for x in m.intents[:2]])
            else:
                single.append((m.text, m.intent, labels[0]))
        s = score(single)
        old = []
        for e in read_examples([HOLDOUT / f"{lang}_holdout.yml"]):
            parsed = await parser.parse(e.text, lang)
            old.append((e.text, LEGACY.get(e.intent, e.intent), labels_of(parsed)[0]))
        o = score(old)
        result[lang] = {
            "frozen_n": s.n,
            "frozen_macro_f1": s.macro_f1,
            "frozen_accuracy": s.accuracy,
            "faq_key_accuracy": s.faq_key_accuracy,
            "critical_recall": {k: s.recall.get(k) for k in CRITICAL},
            "low_recall": {k: round(v, 3) for k, v in sorted(s.recall.items()) if v < 0.9},
            "two_requests": f"{sum(two)}/{len(two)}",
            "third_language": f"{sum(third)}/{len(third)}",
            "old_holdout_n": o.n,
            "old_holdout_macro_f1": o.macro_f1,
            "errors": [f"{g} -> {p}: {t}" for t, g, p in s.errors[:40]],
        }
    return result


def report(result: dict[str, Any]) -> str:
    """A markdown table, languages side by side."""
    rows = [
        ("frozen sets: messages", "frozen_n", "{}"),
        ("frozen sets: intent macro-F1", "frozen_macro_f1", "{:.3f}"),
        ("frozen sets: accuracy", "frozen_accuracy", "{:.3f}"),
        ("frozen sets: FAQ key accuracy", "faq_key_accuracy", "{:.3f}"),
        ("two requests: both found", "two_requests", "{}"),
        ("third language: recognised", "third_language", "{}"),
        ("old held-out sets: macro-F1", "old_holdout_macro_f1", "{:.3f}"),
    ]
    lines = ["| | sv | fi |", "|---|---|---|"]
    for title, key, fmt in rows:
        cells = [
            fmt.format(result[lang][key]) if result[lang][key] is not None else "–"
            for lang in LANGUAGES
        ]
        lines.append(f"| {title} | {' | '.join(cells)} |")
    for intent in CRITICAL:
        cells = [f"{result[lang]['critical_recall'][intent]:.3f}" for lang in LANGUAGES]
        lines.append(f"| recall {intent} | {' | '.join(cells)} |")
    gap = abs(result["sv"]["frozen_macro_f1"] - result["fi"]["frozen_macro_f1"])
    lines.append(f"\nsv–fi gap on the frozen sets: {gap:.3f}")
    for lang in LANGUAGES:
        lines.append(f"\n{lang} intents under 0.9 recall: {result[lang]['low_recall']}")
    return "\n".join(lines)


def main() -> None:
    """Parse arguments, evaluate, print and write bench/out/frozen_eval.{md,json}."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    model = args.model or latest_model()
    if model is None:
        raise SystemExit("no trained model: run make train first")
    result = asyncio.run(evaluate(model))
    text = report(result)
    print(text)
    OUT.mkdir(exist_ok=True)
    (OUT / "frozen_eval.md").write_text(text + "\n", encoding="utf-8")
    (OUT / "frozen_eval.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()
