"""Text helpers every layer shares: folding and word splitting (pure, no dependencies).

People type Swedish and Finnish without å/ä/ö as often as with them, so rules compare
folded text: lower case, diacritics dropped (ä->a, ö->o, å->a).
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "õ": "o"})


def fold(text: str) -> str:
    """Lower-case and drop the diacritics people often leave out (ä->a, ö->o, å->a)."""
    return text.lower().translate(_FOLD)


def words(text: str) -> list[str]:
    """The letter-only tokens of ``text``, folded."""
    return [fold(w) for w in _WORD.findall(unicodedata.normalize("NFC", text))]
