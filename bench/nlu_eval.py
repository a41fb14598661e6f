"""NLU cross-validation with per-language macro F1, for choosing the pipeline.

``python -m bench.nlu_eval [--folds 5] [--variants a,b]`` trains one NLU model per fold and
variant (configs in bench/nlu_configs/), predicts the held-out fold and reports intent
macro-F1 and accuracy per language, plus training time. Results go to bench/out/.

Rasa's own ``rasa test nlu --cross-validation`` reports one number for all data; we need
one per language, so the folds are made here (stratified by intent and language).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from bot.nlu import evaluation
from bot.nlu.training_data import Example, read_examples

HERE = Path(__file__).resolve().parent
CONFIGS = HERE / "nlu_configs"
OUT = HERE / "out"


def stratified_folds(examples: list[Example], k: int, seed: int = 7) -> list[list[Example]]:
    """Split so every (intent, language) group is spread evenly over ``k`` folds."""
    groups: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for e in examples:
        groups[(e.intent, e.language)].append(e)
    folds: list[list[Example]] = [[] for _ in range(k)]
    rng = random.Random(seed)
    offset = 0
    for key in sorted(groups):
        items = groups[key][:]
        rng.shuffle(items)
        for i, e in enumerate(items):
            folds[(i + offset) % k].append(e)
        offset += len(items)
    return folds


def write_nlu(examples: list[Example], directory: Path) -> None:
    """Write examples as Rasa YAML, one file per language, with language metadata."""
    directory.mkdir(parents=True, exist_ok=True)
    by_lang: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for e in examples:
        by_lang[e.language][e.intent].append(e.raw)
    for lang, intents in by_lang.items():
        lines = ['version: "3.1"', "nlu:"]
        for intent, raws in sorted(intents.items()):
            lines += [
                f"- intent: {intent}",
                "  metadata:",
                f"    language: {lang}",
                "  examples: |",
            ]
            lines += [f"    - {raw}" for raw in raws]
        (directory / f"{lang}.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    """Macro-averaged F1 over the gold labels (bot/nlu/evaluation.py)."""
    return evaluation.macro_f1(gold, predicted)[0]


async def _predict(model: str, texts: list[str]) -> list[str]:
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    out = []
    for text in texts:
        parsed = await agent.parse_message(text)
        out.append(parsed["intent"]["name"])
    return out


def run_variant(name: str, folds: list[list[Example]], workdir: Path) -> dict[str, object]:
    """Cross-validate one config; return per-language scores and mean training time."""
    from rasa.model_training import train_nlu

    config = CONFIGS / f"{name}.yml"
    gold: dict[str, list[str]] = defaultdict(list)
    pred: dict[str, list[str]] = defaultdict(list)
    errors: Counter[tuple[str, str, str]] = Counter()
    times = []
    for i, test in enumerate(folds):
        train = [e for j, f in enumerate(folds) if j != i for e in f]
        data_dir = workdir / name / f"fold{i}" / "data"
        write_nlu(train, data_dir)
        started = time.perf_counter()
        model = train_nlu(
            config=str(config),
            nlu_data=str(data_dir),
            output=str(workdir / name / f"fold{i}"),
            fixed_model_name="nlu",
        )
        times.append(time.perf_counter() - started)
        predicted = asyncio.run(_predict(str(model), [e.text for e in test]))
        for e, p in zip(test, predicted, strict=True):
            gold[e.language].append(e.intent)
            pred[e.language].append(p)
            if p != e.intent:
                errors[(e.language, e.intent, p)] += 1
        print(f"  {name} fold {i + 1}/{len(folds)} trained in {times[-1]:.0f}s", flush=True)
    result: dict[str, object] = {"variant": name, "train_seconds": sum(times) / len(times)}
    for lang in sorted(gold):
        result[f"{lang}_macro_f1"] = macro_f1(gold[lang], pred[lang])
        result[f"{lang}_accuracy"] = sum(
            g == p for g, p in zip(gold[lang], pred[lang], strict=True)
        ) / len(gold[lang])
    result["top_errors"] = [
        f"{lang}: {g} -> {p} ({n})" for (lang, g, p), n in errors.most_common(12)
    ]
    return result


def main() -> None:
    """Parse arguments, run the variants, write a markdown table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument(
        "--variants", default=",".join(sorted(p.stem for p in CONFIGS.glob("*.yml")))
    )
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    examples = read_examples()
    folds = stratified_folds(examples, args.folds)
    workdir = Path(tempfile.mkdtemp(prefix="nlu_eval_"))
    results = []
    try:
        for name in args.variants.split(","):
            print(f"variant {name}", flush=True)
            results.append(run_variant(name, folds, workdir))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    OUT.mkdir(exist_ok=True)
    lines = [
        f"{args.folds}-fold cross-validation, {len(examples)} examples "
        f"({Counter(e.language for e in examples)['sv']} sv, "
        f"{Counter(e.language for e in examples)['fi']} fi)",
        "",
        "| variant | sv macro-F1 | fi macro-F1 | sv acc | fi acc | train s/fold |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['variant']} | {r['sv_macro_f1']:.3f} | {r['fi_macro_f1']:.3f} | "
            f"{r['sv_accuracy']:.3f} | {r['fi_accuracy']:.3f} | {r['train_seconds']:.0f} |"
        )
    report = "\n".join(lines)
    print(report)
    (OUT / "nlu_eval.md").write_text(report + "\n", encoding="utf-8")
    (OUT / "nlu_eval.json").write_text(json.dumps(results, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
