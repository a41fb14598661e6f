"""Word lists as data and the matching every answer parser shares (pure).

The vocabulary of the answer parsers lives in YAML files under ``data/`` (read once, at
import). An entry is folded text (lower case, å/ä -> a, ö -> o) in a small pattern syntax:

* ``word``: that word exactly; ``word*``: every word starting with it ("permitt*");
  ``*word``: every word ending with it, for compounds ("*kuski": rekkakuski, trukkikuski);
* several words are a phrase inside one clause ("sa upp mig"); a lone ``*`` is any one word
  ("sais * loppuun"); hyphens and digits split words the same way in entries and in text
  ("osa-aik*" matches "osa-aikatyössä", "c-kort" matches "C-kort" and "c kort").

:func:`read` splits a message into words with their clause and sentence; a
:class:`Lexicon` finds the mentions of its codes (leftmost, longest entry first, so
"irtisanoud*" wins over "irtisano*" and "dom sa upp mig" over "sa upp mig"); :func:`negated`
tells which mentions a negation cue of ``data/grammar.yml`` denies. :class:`AnswerError` is
the error every answer parser raises.
"""

from __future__ import annotations

import functools
import heapq
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.text import fold

DATA = Path(__file__).with_name("data")

# Words between a negation cue and the mention it negates: after the cue / before it.
NEGATION_REACH_FORWARD = 4
NEGATION_REACH_BACK = 3

_PIECE = re.compile(r"\d+(?:[.,]\d+)?|[^\W\d_]+|\S")
_SENTENCE_END = frozenset(".!?;…")
_CLAUSE_END = frozenset(',:()[]{}/"–—|«»“”')


class AnswerError(ValueError):
    """An answer could not be used; ``reason`` names the message the form shows."""

    def __init__(self, reason: str, **details: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The data file ``data/<name>.yml`` as a dict (read once)."""
    data = yaml.safe_load((DATA / f"{name}.yml").read_text(encoding="utf-8"))
    return dict(data or {})


@dataclass(frozen=True)
class Token:
    """One word of a message: folded, as typed, where it is, and its clause and sentence."""

    word: str
    raw: str
    start: int
    end: int
    clause: int
    sentence: int


@dataclass(frozen=True)
class Text:
    """A message split into words."""

    source: str
    tokens: tuple[Token, ...]

    @property
    def words(self) -> list[str]:
        """The folded words."""
        return [t.word for t in self.tokens]

    def number(self, i: int) -> float | None:
        """The value of word ``i`` when it is a number ("3", "1,5"), else None."""
        word = self.tokens[i].word
        return float(word) if word[0].isdigit() else None

    def same_clause(self, i: int, j: int) -> bool:
        """Whether words ``i`` and ``j`` are in one clause."""
        return self.tokens[i].clause == self.tokens[j].clause

    def same_sentence(self, i: int, j: int) -> bool:
        """Whether words ``i`` and ``j`` are in one sentence."""
        return self.tokens[i].sentence == self.tokens[j].sentence

    def after(self, i: int) -> str:
        """The message as typed from word ``i`` on."""
        return self.source[self.tokens[i].start :].strip() if i < len(self.tokens) else ""


@dataclass(frozen=True)
class Hit:
    """A mention of ``code`` at words ``start`` to ``end`` (exclusive)."""

    code: str
    start: int
    end: int
    entry: str


@dataclass(frozen=True)
class _Part:
    kind: str  # "=" exact, "^" starts with, "$" ends with, "?" any word
    text: str

    def matches(self, word: str) -> bool:
        if self.kind == "=":
            return word == self.text
        if self.kind == "^":
            return word.startswith(self.text)
        if self.kind == "$":
            return word.endswith(self.text)
        return True


def _pieces(text: str) -> list[str]:
    return [p.replace(",", ".") for p in _PIECE.findall(text) if p[0].isalnum()]


def pattern_parts(entry: str) -> tuple[_Part, ...]:
    """An entry of a data file as the word patterns it stands for."""
    parts: list[_Part] = []
    for chunk in fold(str(entry)).split():
        if chunk == "*":
            parts.append(_Part("?", ""))
            continue
        pieces = _pieces(chunk.strip("*"))
        for n, piece in enumerate(pieces):
            kind = "="
            if chunk.endswith("*") and n == len(pieces) - 1:
                kind = "^"
            elif chunk.startswith("*") and n == 0:
                kind = "$"
            parts.append(_Part(kind, piece))
    return tuple(parts)


def read(text: str) -> Text:
    """Split ``text`` into folded words, with clause and sentence numbers."""
    source = unicodedata.normalize("NFC", text)
    breaks = _GRAMMAR_BREAKS
    tokens: list[Token] = []
    clause = sentence = 0
    last = 0
    for match in _PIECE.finditer(source):
        piece = match.group()
        if "\n" in source[last : match.start()]:
            clause, sentence = clause + 1, sentence + 1
        last = match.end()
        if piece in _SENTENCE_END:
            clause, sentence = clause + 1, sentence + 1
        elif piece in _CLAUSE_END:
            clause += 1
        elif piece[0].isalnum():
            word = fold(piece).replace(",", ".")
            if word in breaks:
                clause += 1
            tokens.append(Token(word, piece, match.start(), match.end(), clause, sentence))
    return Text(source, tuple(tokens))


class Lexicon:
    """The entries of some codes, compiled once; finds their mentions in a text.

    Args:
        entries: code -> entries (see the module docstring). The code "" marks words that
            only stop a shorter entry from matching inside them ("vardag*" is not "vård").
    """

    def __init__(self, entries: Mapping[str, Iterable[str]]) -> None:
        compiled: list[tuple[tuple[_Part, ...], str, str]] = []
        for code, items in entries.items():
            for entry in items:
                if not isinstance(entry, str):  # YAML reads bare yes/no/on as booleans
                    raise TypeError(f"entry {entry!r} of {code!r} must be quoted text")
                parts = pattern_parts(entry)
                if parts:
                    compiled.append((parts, str(code), str(entry)))
        # longest first: more words, then more letters, then exact before prefix
        compiled.sort(
            key=lambda p: (
                -sum(part.kind != "?" for part in p[0]),
                -sum(len(part.text) for part in p[0]),
                -sum(part.kind == "=" for part in p[0]),
            )
        )
        self._patterns = tuple(compiled)
        # candidates by the first word: exact words, first letters of stems, the rest
        self._by_word: dict[str, list[int]] = {}
        self._by_letter: dict[str, list[int]] = {}
        self._anywhere: list[int] = []
        for n, (parts, _, _) in enumerate(compiled):
            first = parts[0]
            if first.kind == "=":
                self._by_word.setdefault(first.text, []).append(n)
            elif first.kind == "^":
                self._by_letter.setdefault(first.text[:1], []).append(n)
            else:
                self._anywhere.append(n)

    def _match(self, text: Text, i: int) -> Hit | None:
        tokens = text.tokens
        word = tokens[i].word
        candidates = heapq.merge(
            self._by_word.get(word, ()), self._by_letter.get(word[:1], ()), self._anywhere
        )
        for n in candidates:
            parts, code, entry = self._patterns[n]
            end = i + len(parts)
            if end > len(tokens) or tokens[end - 1].clause != tokens[i].clause:
                continue
            if all(part.matches(tokens[i + k].word) for k, part in enumerate(parts)):
                return Hit(code, i, end, entry)
        return None

    def find(self, text: Text) -> list[Hit]:
        """Every mention, left to right, without overlaps; the code "" is left out."""
        hits: list[Hit] = []
        i = 0
        while i < len(text.tokens):
            hit = self._match(text, i)
            if hit is None:
                i += 1
                continue
            if hit.code:
                hits.append(hit)
            i = hit.end
        return hits

    def codes(self, text: Text) -> list[str]:
        """The codes mentioned, in order of first mention."""
        return list(dict.fromkeys(h.code for h in self.find(text)))


_GRAMMAR = load("grammar")
_GRAMMAR_BREAKS = frozenset(fold(w) for w in _GRAMMAR["breaks"])
_NEGATION = Lexicon({"not": _GRAMMAR["negation"]})
_CONDITIONS = Lexicon({"if": _GRAMMAR["conditions"]})
_CONJUNCTIONS = frozenset(fold(w) for w in _GRAMMAR["conjunctions"])


def negated(text: Text, hits: Sequence[Hit], shield: Sequence[Hit] = ()) -> set[Hit]:
    """The ``hits`` a negation cue denies (see ``data/grammar.yml``).

    Args:
        text: the message.
        hits: the mentions a cue may negate.
        shield: other mentions; a cue inside a phrase of two or more words of ``hits`` or
            ``shield`` belongs to that phrase ("ei väliä", "inte så bra", "inte klar") and
            negates nothing.

    Returns:
        The negated mentions.
    """
    phrases = [h for h in (*hits, *shield) if h.end - h.start > 1]
    conditions = _CONDITIONS.find(text)
    out: set[Hit] = set()
    for cue in _NEGATION.find(text):
        at = cue.start
        if any(p.start <= at < p.end for p in phrases):
            continue
        if any(c.start < at and text.same_clause(c.start, at) for c in conditions):
            continue
        ahead = [
            h
            for h in hits
            if h.start > at
            and text.same_clause(h.start, at)
            and h.start - at - 1 <= NEGATION_REACH_FORWARD
        ]
        if ahead:
            first = min(ahead, key=lambda h: h.start)
            out.add(first)
            _coordinated(text, hits, first, out)
            continue
        behind = [
            h
            for h in hits
            if h.end <= at and text.same_clause(h.start, at) and at - h.end <= NEGATION_REACH_BACK
        ]
        if behind:
            out.add(max(behind, key=lambda h: h.end))
    return out


def _coordinated(text: Text, hits: Sequence[Hit], first: Hit, out: set[Hit]) -> None:
    """Add the mentions joined to ``first`` by conjunctions only ("kontor eller vård")."""
    previous = first
    for hit in sorted((h for h in hits if h.start >= first.end), key=lambda h: h.start):
        between = text.words[previous.end : hit.start]
        if not text.same_clause(hit.start, first.start) or not all(
            w in _CONJUNCTIONS for w in between
        ):
            return
        out.add(hit)
        previous = hit


def nearest(text: Text, anchor: Hit, candidates: Sequence[Hit]) -> Hit | None:
    """The candidate closest to ``anchor`` in its clause, else in its sentence.

    Returns:
        The closest candidate (the earlier one on a tie), or None when the sentence has none.
    """
    for scope in (text.same_clause, text.same_sentence):
        near = [c for c in candidates if scope(c.start, anchor.start)]
        if near:
            return min(near, key=lambda c: (_gap(anchor, c), c.start > anchor.start))
    return None


def _gap(a: Hit, b: Hit) -> int:
    return b.start - a.end if b.start >= a.end else a.start - b.end
