"""Recognise a home municipality in Swedish or Finnish, with typo suggestions (pure).

The list (data/municipalities.yml, all municipalities with their Finnish and Swedish names)
is loaded once; matching handles inflected Finnish forms ("Porvoossa", "Helsingissä",
"Vantaalla"), dropped å/ä/ö ("Borga") and small typos, which are suggested back.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.text import fold

DATA = Path(__file__).resolve().parent / "municipalities.yml"

# Finnish case endings, folded, longest first ("Porvoossa", "Loviisasta", "Vantaalla").
_ENDINGS = (
    "ssa",
    "sta",
    "lla",
    "lta",
    "lle",
    "seen",
    "een",
    "iin",
    "aan",
    "hin",
    "na",
    "ta",
    "n",
    "a",
)
# Consonant gradation (weak -> strong) in the stems of place names: Helsingissä, Lahdessa.
_GRADATION = (
    ("ng", "nk"),
    ("d", "t"),
    ("mm", "mp"),
    ("ll", "lt"),
    ("nn", "nt"),
    ("rr", "rt"),
    ("v", "p"),
)


@dataclass(frozen=True)
class Municipality:
    """One municipality with its official names."""

    code: str
    fi: str
    sv: str | None
    region: str
    bilingual: bool

    def name(self, language: str) -> str:
        """The name in ``language`` (Swedish name when it exists, else the Finnish one)."""
        return self.sv if language == "sv" and self.sv else self.fi


@dataclass(frozen=True)
class MunicipalityMatch:
    """A certain match, or suggestions for a likely typo (or neither)."""

    municipality: Municipality | None
    suggestions: tuple[Municipality, ...] = ()


@functools.lru_cache(maxsize=4)
def load(path: Path = DATA) -> tuple[Municipality, ...]:
    """All municipalities from the YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return tuple(
        Municipality(
            str(m["code"]), m["fi"], m.get("sv"), m.get("region", ""), bool(m.get("bilingual"))
        )
        for m in data["municipalities"]
    )


# What people type for names whose official form has a suffix.
ALIASES = {"koski": "Koski Tl", "pedersore": "Pedersören kunta", "pedersoren": "Pedersören kunta"}


@functools.lru_cache(maxsize=4)
def _index(path: Path = DATA) -> dict[str, Municipality]:
    index: dict[str, Municipality] = {}
    for m in load(path):
        for name in (m.fi, m.sv):
            if name:
                index[fold(name)] = m
    for alias, official in ALIASES.items():
        target = index.get(fold(official))
        if target is not None:
            index.setdefault(alias, target)
    return index


def by_code(code: str, path: Path = DATA) -> Municipality | None:
    """The municipality with the Statistics Finland ``code``."""
    return next((m for m in load(path) if m.code == code), None)


def _candidates(word: str) -> list[str]:
    """Base forms a (possibly inflected) Finnish place name may come from."""
    out = [word]
    for ending in _ENDINGS:
        if not word.endswith(ending) or len(word) - len(ending) < 3:
            continue
        stem = word[: -len(ending)]
        bases = {stem}
        if len(stem) >= 2 and stem[-1] == stem[-2]:
            bases.add(stem[:-1])  # Tampereella -> tamperee -> tampere
        if stem.endswith("e"):
            bases.add(stem[:-1] + "i")  # Pietarsaaressa -> pietarsaare -> pietarsaari
        if stem.endswith("isi"):
            bases.add(stem[:-3] + "inen")  # Pornaisissa -> pornaisi -> pornainen
        if len(stem) >= 4:
            bases.add(stem[:-1] + "k" + stem[-1])  # Turussa -> turu -> turku
        for base in list(bases):
            for weak, strong in _GRADATION:
                i = base.rfind(weak)
                if i >= len(base) - 5 and i > 0:
                    bases.add(base[:i] + strong + base[i + len(weak) :])
        out.extend(sorted(bases))
    return out


# Everyday Finnish words that read as an inflected place name once å/ä/ö are folded
# ("pitää lähteä", I have to leave: "lahtea" as Lahti's partitive).
_VERBS_LIKE_PLACES = frozenset({"lahtea", "lahtee", "lahdetaan", "lahdin", "lahdet", "lahtenyt"})


def match_municipality(text: str, path: Path = DATA) -> MunicipalityMatch:
    """Find the municipality named in ``text``.

    Tries every word and pair of words, in base and inflected forms; without a certain
    match, offers up to three close spellings as suggestions.
    """
    index = _index(path)
    words = [w for w in fold(text).replace("-", " ").split() if w]
    words = ["".join(ch for ch in w if ch.isalpha()) for w in words]
    words = [w for w in words if w]
    phrases = [" ".join(words[i : i + 2]) for i in range(len(words) - 1)] + words
    for phrase in phrases:
        if phrase in index:
            return MunicipalityMatch(index[phrase])
    for word in words:
        if word in _VERBS_LIKE_PLACES:
            continue
        for candidate in _candidates(word):
            if candidate in index:
                return MunicipalityMatch(index[candidate])
    names = list(index)
    suggestions: list[Municipality] = []
    for word in sorted(words, key=len, reverse=True):
        if len(word) < 4:
            continue
        for close in difflib.get_close_matches(word, names, n=3, cutoff=0.78):
            m = index[close]
            if m not in suggestions:
                suggestions.append(m)
    return MunicipalityMatch(None, tuple(suggestions[:3]))


# Place names that are also everyday words ("kemi" is chemistry in Swedish, "aura" a plough).
_ORDINARY_WORDS = frozenset({"kemi", "aura", "salo", "virrat", "hamina", "lieto", "rusko", "ii"})


def match_municipality_strict(text: str, path: Path = DATA) -> Municipality | None:
    """A municipality named in free text (a search), without fuzzy guessing."""
    index = _index(path)
    words = ["".join(ch for ch in w if ch.isalpha()) for w in fold(text).replace("-", " ").split()]
    words = [w for w in words if len(w) >= 4 and w not in _ORDINARY_WORDS]
    for i in range(len(words) - 1):
        pair = f"{words[i]} {words[i + 1]}"
        if pair in index:
            return index[pair]
    for word in words:
        if word in index:
            return index[word]
        for candidate in _candidates(word):
            if candidate in index and candidate not in _ORDINARY_WORDS:
                return index[candidate]
    return None
