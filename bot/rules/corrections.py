"""Which earlier answer does the person want to change? ("jag vill ändra min utbildning")"""

from __future__ import annotations

from bot.nlu.langid import fold

# (question, stems) in priority order: "modersmål" before "språk", "servicespråk" first.
_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("service_language", ("servicespr", "asiointikie", "palvelukie")),
    ("native_language", ("modersm", "aidinkie")),
    ("other_languages", ("sprak", "kieli", "kiel", "kielitai", "sprakkunsk")),
    (
        "age_group",
        (
            "alder",
            "ika",
            "ikaa",
            "ian",
            "fodelsear",
            "fodd",
            "syntymav",
            "synty",
            "vuosi",
            "arta",
            "artal",
        ),
    ),
    (
        "municipality",
        (
            "kommun",
            "kunta",
            "kunnan",
            "kotikun",
            "hemkommun",
            "bostadsort",
            "asuinpaik",
            "bor",
            "asun",
            "paikkakun",
        ),
    ),
    ("situation_duration", ("hur lang", "kuinka kau", "kauanko", "hur lange", "tid")),
    ("situation", ("situation", "tilanne", "tilant", "tilanteen")),
    ("benefit", ("stod", "tuki", "tuen", "tukea", "etuus", "ersattn", "dagpenn", "paivarah")),
    ("education", ("utbildn", "koulutu", "examen", "tutkin", "skola", "koulu")),
    (
        "occupation",
        (
            "yrke",
            "ammatt",
            "senaste jobb",
            "arbetserf",
            "tyokokem",
            "viimeisin",
            "jobb",
            "tyo",
            "arbete",
        ),
    ),
    ("desired_fields", ("omrade", "bransch", "ala", "alan", "alaa", "onskat", "toivottu")),
    ("help_wanted", ("hjalp", "apu", "apua", "avun")),
    ("work_ability", ("arbetsform", "tyokyk", "halsa", "terveys", "begrans", "rajoit")),
    (
        "contact_channel",
        ("kontakt", "yhteyd", "kanal", "telefon", "puhelin", "video", "besok", "kaynti", "traff"),
    ),
)


def question_named_in(text: str) -> str | None:
    """The question (slot name) the text refers to, or None."""
    folded = fold(text)
    tokens = folded.split()
    for question, stems in _STEMS:
        for stem in stems:
            if " " in stem:
                if stem in folded:
                    return question
            elif any(t.startswith(stem) for t in tokens):
                if stem in ("ala", "alan", "alaa", "tid", "bor", "ika") and not any(
                    t == stem or (t.startswith(stem) and len(t) <= len(stem) + 2) for t in tokens
                ):
                    continue
                return question
    return None
