"""Score the NLU on the frozen held-out sets (tests/nlu/eval/) and the older ones.

Pure scoring (:func:`score`) plus the reading and parsing around it; used by ``make eval``
(bench/nlu_eval.py) and by the floor test in ``make test`` (tests/nlu/test_frozen_eval.py).
Messages are parsed as in production: through the whole NLU pipeline with a conversation
whose language is the page's language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.config import PROJECT_ROOT

EVAL_DIR = PROJECT_ROOT / "tests" / "nlu" / "eval"
LANGUAGES = ("sv", "fi")
# Intents whose miss fails the person (a human, every meeting question): recall target 0.98.
CRITICAL = (
    "ask_human",
    "book_meeting",
    "ask_meeting_status",
    "cancel_meeting",
    "reschedule_meeting",
)
# make test fails under this macro-F1 in either language.
FLOOR = 0.93


@dataclass(frozen=True)
class EvalMessage:
    """One held-out message: its text, the request(s) it makes in order, its language."""

    text: str
    intents: tuple[str, ...]
    language: str
    writer: str

    @property
    def intent(self) -> str:
        """The first request (the one the single-intent scores use)."""
        return self.intents[0]


def top(label: str) -> str:
    """``faq/karens`` -> ``faq``."""
    return label.split("/", 1)[0]


def read_frozen(language: str, directory: Path = EVAL_DIR) -> list[EvalMessage]:
    """Every message of the frozen sets written in ``language`` (the page's language)."""
    out: list[EvalMessage] = []
    for path in sorted((directory / language).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("messages") or []:
            intents = tuple(item.get("intents") or [item["intent"]])
            out.append(
                EvalMessage(
                    str(item["text"]),
                    intents,
                    str(item.get("language") or language),
                    str(data.get("writer") or path.stem),
                )
            )
    return out


@dataclass
class Scores:
    """Intent scores of one set."""

    n: int
    macro_f1: float
    accuracy: float
    recall: dict[str, float]
    support: dict[str, int]
    faq_key_accuracy: float | None
    errors: list[tuple[str, str, str]] = field(default_factory=list)


def macro_f1(gold: list[str], predicted: list[str]) -> tuple[float, dict[str, float]]:
    """Macro-averaged F1 over the gold labels, and each gold label's recall."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, predicted, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    f1s, recall = [], {}
    for label in sorted(set(gold)):
        precision = tp[label] / ((tp[label] + fp[label]) or 1)
        recall[label] = tp[label] / ((tp[label] + fn[label]) or 1)
        f1s.append(2 * precision * recall[label] / ((precision + recall[label]) or 1))
    return (sum(f1s) / len(f1s) if f1s else 0.0), recall


def score(pairs: Iterable[tuple[str, str, str]]) -> Scores:
    """Score ``(text, gold label, predicted label)`` triples; labels may carry a FAQ key.

    Intent scores compare top-level intents (``faq/karens`` counts as ``faq``); the FAQ key
    accuracy is over the messages whose gold intent is a FAQ key and which were read as
    ``faq``.
    """
    rows = list(pairs)
    gold = [top(g) for _, g, _ in rows]
    pred = [top(p) for _, _, p in rows]
    f1, recall = macro_f1(gold, pred)
    keys = [(g, p) for _, g, p in rows if "/" in g and top(p) == top(g)]
    return Scores(
        n=len(rows),
        macro_f1=f1,
        accuracy=sum(g == p for g, p in zip(gold, pred, strict=True)) / (len(rows) or 1),
        recall=recall,
        support=dict(Counter(gold)),
        faq_key_accuracy=(sum(g == p for g, p in keys) / len(keys)) if keys else None,
        errors=[(t, g, p) for t, g, p in rows if top(g) != top(p)],
    )


def label_of(parsed: dict[str, Any]) -> str:
    """The predicted label of a parse result, with the FAQ key when there is one."""
    name = str((parsed.get("intent") or {}).get("name"))
    requests = parsed.get("requests") or []
    if name == "two_requests" and requests:
        return str(requests[0]["label"])  # the first of the two, as the scores count it
    selector = (parsed.get("response_selector") or {}).get(name) or {}
    key = (selector.get("response") or {}).get("intent_response_key")
    return str(key) if key else name


class Parser:
    """The trained model's NLU, as the Rasa server runs it for a conversation."""

    def __init__(self, model_path: str) -> None:
        """Load the model (Rasa imports are deferred: this module is imported by tests)."""
        from rasa.core.agent import Agent

        self.agent = Agent.load(model_path)

    async def parse(self, text: str, page_language: str) -> dict[str, Any]:
        """Parse ``text`` in a new conversation whose language is ``page_language``."""
        from rasa.core.channels.channel import UserMessage
        from rasa.shared.core.events import SlotSet
        from rasa.shared.core.trackers import DialogueStateTracker

        processor = self.agent.processor
        assert processor is not None
        tracker = DialogueStateTracker.from_events(
            "eval", [SlotSet("language", page_language)], processor.domain.slots
        )
        message = UserMessage(text, metadata={"lang": page_language}, sender_id="eval")
        return await processor.parse_message(message, tracker)


def labels_of(parsed: dict[str, Any]) -> tuple[str, ...]:
    """All requests the parse found, in order (two for a two-request message)."""
    requests = parsed.get("requests") or []
    if (parsed.get("intent") or {}).get("name") == "two_requests" and requests:
        return tuple(str(r["label"]) for r in requests)
    return (label_of(parsed),)


def latest_model(directory: Path = PROJECT_ROOT / "models") -> str | None:
    """The newest trained model, or None."""
    models = sorted(directory.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return str(models[-1]) if models else None
