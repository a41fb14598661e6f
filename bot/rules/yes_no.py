"""Yes and no in Swedish and Finnish, as people type them (pure).

The words are data: bot/rules/data/yes_no.yml (read once, at import).
"""

from __future__ import annotations

from bot.rules import lexicon as lx
from bot.rules.lexicon import Lexicon, read

_YES_NO = lx.load("yes_no")
_YES = frozenset(_YES_NO["yes"])
_NO = frozenset(_YES_NO["no"])
_NO_PHRASES = Lexicon({"no": _YES_NO["no_phrases"]})
_POLITE = frozenset(_YES_NO["polite"])


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when the text is neither (or both)."""
    t = read(text)
    first = t.words[:3]
    if not first:
        return None
    yes = any(w in _YES for w in first)
    no = any(w in _NO for w in first) or bool(_NO_PHRASES.find(t))
    return None if yes == no else yes


def is_bare_yes_no(text: str) -> bool:
    """True when the whole answer is just yes or no ("ja", "joo", "nej", "ok")."""
    words = read(text).words
    return 0 < len(words) <= 2 and all(w in _YES or w in _NO or w in _POLITE for w in words)


def explicit_yes_no(value: object, text: str) -> bool | None:
    """The intent's yes/no (``value``) only when the words bear it out.

    A button payload ("/affirm") is explicit. A yes or no word decides. Longer free text
    keeps the intent's reading ("det går bra", "käyhän se"), but a single word that is
    neither yes nor no is no answer: a name typed at "may we keep your details?" once
    counted as consent because the classifier read "Maria" as affirm.
    """
    if value not in (True, False):
        return None
    stripped = text.strip()
    if stripped.startswith("/"):
        return bool(value)
    parsed = parse_yes_no(stripped)
    if parsed is not None:
        return parsed
    if len(read(stripped).words) <= 1:
        return None
    return bool(value)
