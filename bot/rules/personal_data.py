"""Personal data out of a message before it leaves the conversation (the staff inbox, and the
training data an inbox message becomes). Pure.

Phone numbers, e-mail addresses, booking references, personal identity codes and names
become placeholders: a name is a capitalised word inside a sentence (Swedish and Finnish
capitalise little else there) that is not a place or an organisation the bot knows. The
message keeps its shape, so staff can still tell what the person wanted.
"""

from __future__ import annotations

import re

from bot.log_privacy import EMAIL, PHONE
from bot.rules.municipalities import load as load_municipalities
from bot.text import fold

# Finnish personal identity code (henkilötunnus / personbeteckning): 131052-308T
IDENTITY_CODE = re.compile(r"(?<!\w)\d{6}[-+A-FU-Y]\d{3}[0-9A-Y](?!\w)", re.I)
REFERENCE = re.compile(r"(?<!\w)[A-Z0-9]{3}-[A-Z0-9]{3,4}(?!\w)")
_WORD = re.compile(r"[^\W\d_][\w\-']*")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")
# Capitalised words that are not names of people: the bot's services and partners.
_KNOWN = frozenset(
    fold(w)
    for w in (
        "FPA Kela TE Jobbmarknaden Työmarkkinatori Careeria Prakticum Novia Posintra Ohjaamo "
        "Omnia Keuda Luovi Axxell Arcada Laurea Haaga-Helia Metropolia Sotek Samaria Varia "
        "Finland Suomi Sverige Ruotsi Helsingfors Åbo Tammerfors Uleåborg Vasa Kotka Kouvola "
        "Lahtis Lahti Tampere Turku Oulu Vaasa Espoo Esbo Vantaa Vanda Borgå Porvoo Lovisa "
        "Loviisa Sibbo Sipoo Jag Minä Mä Hej Moi Hei Ok Okej"
    ).split()
)


def _places() -> frozenset[str]:
    names: set[str] = set()
    for municipality in load_municipalities():
        for language in ("sv", "fi"):
            names.update(fold(part) for part in municipality.name(language).split())
    return frozenset(names)


_PLACES = _places() | _KNOWN
# Finnish inflects names (Porvoossa, Helsingissä, Careerialla): a word beginning with the stem
# of a place or an organisation the bot knows is one of them
_PLACE_STEMS = tuple(sorted({p[: max(4, len(p) - 2)] for p in _PLACES if len(p) >= 4}))


def _is_place(folded: str) -> bool:
    return folded in _PLACES or folded.startswith(_PLACE_STEMS)


def mask(text: str) -> str:
    """``text`` with personal data replaced by <phone>, <e-mail>, <code>, <reference>, <name>."""
    text = EMAIL.sub("<e-mail>", text)
    text = IDENTITY_CODE.sub("<code>", text)
    text = PHONE.sub("<phone>", text)
    text = REFERENCE.sub("<reference>", text)
    out: list[str] = []
    last = 0
    for match in _WORD.finditer(text):
        word = match.group(0)
        before = text[: match.start()]
        starts_sentence = not before.strip() or bool(_SENTENCE_END.search(before))
        folded = fold(word)
        if (
            word[0].isupper()
            and not starts_sentence
            and not word.isupper()  # FPA, TE, IT
            and not _is_place(folded)
            and not before.endswith("<")
        ):
            out.append(text[last : match.start()] + "<name>")
            last = match.end()
    out.append(text[last:])
    return "".join(out)
