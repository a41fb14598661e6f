"""Two requests in one message: where to cut, and when the two parts really are two.

Pure functions over the vocabulary in bot/nlu/data/two_requests.yml; the classifier that
reads each part is passed in, so the rules are table-tested without a model
(tests/nlu/test_two_requests.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.text import fold

DATA = Path(__file__).resolve().parent / "data" / "two_requests.yml"
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@dataclass(frozen=True)
class Vocabulary:
    """The joining words and thresholds."""

    joiners: tuple[str, ...]
    min_words: int
    min_confidence: float
    requests: frozenset[str]


@cache
def vocabulary(path: Path = DATA) -> Vocabulary:
    """Read the data file once."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    joiners = sorted({str(j) for j in data["joiners"]}, key=lambda j: -len(j))
    return Vocabulary(
        tuple(joiners),
        int(data["min_words"]),
        float(data["min_confidence"]),
        frozenset(data["requests"]),
    )


@dataclass(frozen=True)
class Request:
    """One of the requests: its text, label (``faq/<key>`` or an intent) and confidence."""

    text: str
    label: str
    confidence: float

    @property
    def intent(self) -> str:
        """The top-level intent (``faq`` for ``faq/karens``)."""
        return self.label.split("/", 1)[0]

    def as_dict(self) -> dict[str, Any]:
        """JSON form, for the parse data."""
        return {"text": self.text, "label": self.label, "confidence": self.confidence}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def cuts(text: str, vocab: Vocabulary | None = None) -> list[tuple[str, str]]:
    """The ways to cut ``text`` into two parts, at sentence ends first, then at a joining
    word (the word itself dropped). Each part has at least ``min_words`` words."""
    vocab = vocab or vocabulary()
    out: list[tuple[str, str]] = []
    for match in _SENTENCE_END.finditer(text):
        out.append((text[: match.start()], text[match.end() :]))
    folded = fold(text)
    for joiner in vocab.joiners:
        pattern = r"[\s,;]+" + r"\s+".join(map(re.escape, joiner.split())) + r"[\s,;]+"
        for match in re.finditer(pattern, folded):
            out.append((text[: match.start()], text[match.end() :]))
    seen: set[tuple[str, str]] = set()
    result = []
    for first, second in out:
        first, second = first.strip(" ,;"), second.strip(" ,;")
        if len(_words(first)) < vocab.min_words or len(_words(second)) < vocab.min_words:
            continue
        if (first, second) not in seen:
            seen.add((first, second))
            result.append((first, second))
    return result


def split_requests(
    text: str,
    classify: Callable[[str], tuple[str, float]],
    vocab: Vocabulary | None = None,
) -> list[Request]:
    """The two requests ``text`` makes, in order, or ``[]`` when it makes one.

    ``classify`` returns the label (``faq/<key>`` or an intent) and confidence of a text.
    Two parts count when both are confident requests and they differ: a different intent,
    or two different FAQ keys. The first cut that gives two is taken.
    """
    vocab = vocab or vocabulary()
    for first, second in cuts(text, vocab):
        a = Request(first, *classify(first))
        b = Request(second, *classify(second))
        if a.intent not in vocab.requests or b.intent not in vocab.requests:
            continue
        if min(a.confidence, b.confidence) < vocab.min_confidence or a.label == b.label:
            continue
        return [a, b]
    return []
