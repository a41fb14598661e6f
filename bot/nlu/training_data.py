"""Read the NLU training files (data/nlu/{sv,fi}/*.yml) without loading Rasa.

Used by tests (counts, duplicates, language identification), the evaluation script and the
staff portal. Rasa itself reads the same files through its own loader.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.config import PROJECT_ROOT

NLU_DIR = PROJECT_ROOT / "data" / "nlu"
_ANNOTATION = re.compile(r"\[([^\]]+)\](\{[^}]*\}|\([^)]*\))")


@dataclass(frozen=True)
class Example:
    """One training example: plain text (annotations removed), raw line, intent, language."""

    text: str
    raw: str
    intent: str
    language: str
    path: Path


def plain_text(annotated: str) -> str:
    """``kan vi ta det på [svenska]{"entity": ...}`` -> ``kan vi ta det på svenska``."""
    return _ANNOTATION.sub(lambda m: m.group(1), annotated)


def _examples_of(block: str) -> Iterator[str]:
    for line in block.splitlines():
        line = line.strip()
        if line.startswith("- "):
            yield line[2:].strip()


def read_file(path: Path, default_language: str | None = None) -> list[Example]:
    """All intent examples in one Rasa YAML NLU file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out: list[Example] = []
    for item in data.get("nlu") or []:
        if "intent" not in item:
            continue
        language = (item.get("metadata") or {}).get("language") or default_language or ""
        for raw in _examples_of(item.get("examples") or ""):
            out.append(Example(plain_text(raw), raw, item["intent"], language, path))
    return out


def read_examples(paths: Iterable[Path] | None = None) -> list[Example]:
    """Examples from ``paths`` (default: every file under data/nlu/)."""
    files = sorted(NLU_DIR.rglob("*.yml")) if paths is None else list(paths)
    out: list[Example] = []
    for path in files:
        default = path.parent.name if path.parent.name in ("sv", "fi") else None
        out.extend(read_file(path, default))
    return out
