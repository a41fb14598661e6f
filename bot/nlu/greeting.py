"""A greeting or thanks before the request: the request is what the message asks.

Pure over bot/nlu/data/greetings.yml; the classifier is passed in
(tests/nlu/test_greeting.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bot.text import fold

DATA = Path(__file__).resolve().parent / "data" / "greetings.yml"


@dataclass(frozen=True)
class Openings:
    """The opening words and thresholds."""

    pattern: re.Pattern[str]
    greeting_intents: frozenset[str]
    min_words: int
    min_confidence: float


@cache
def openings(path: Path = DATA) -> Openings:
    """Read the data file once."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    phrases = sorted({str(p) for p in data["openings"]}, key=lambda p: -len(p))
    alternatives = "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases)
    # one or more openings at the start, each followed by punctuation or a space
    pattern = re.compile(rf"^\s*(?:(?:{alternatives})\b[\s,.!:;-]*)+")
    return Openings(
        pattern,
        frozenset(data["greeting_intents"]),
        int(data["min_words"]),
        float(data["min_confidence"]),
    )


def rest_after_opening(text: str, table: Openings | None = None) -> str | None:
    """The message after its greeting or thanks, or None when nothing (enough) follows."""
    table = table or openings()
    match = table.pattern.match(fold(text))
    if not match:
        return None
    rest = text[match.end() :].strip()
    return rest if len(re.findall(r"\w+", rest)) >= table.min_words else None


def hides_request(
    top_intent: str, rest_intent: str, rest_confidence: float, table: Openings | None = None
) -> bool:
    """Whether a message read as ``top_intent`` (a greeting or thanks) is really the request
    its rest makes (read as ``rest_intent`` with ``rest_confidence``)."""
    table = table or openings()
    return (
        top_intent in table.greeting_intents
        and rest_intent.split("/", 1)[0] not in table.greeting_intents
        and rest_confidence >= table.min_confidence
    )
