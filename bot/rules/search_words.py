"""The words a training search is read by, and the matching over folded text (pure).

Pattern tables for the hard filters (language, online, format, kind, free of charge), the
field words the mapping's parser does not know, and month names; :func:`time_window` reads a
start-date window ("i vår", "syksyllä", "i januari"), :func:`fields_in` and :func:`kinds_in`
the fields and catalog kinds named. Topics and customer groups are in
:mod:`bot.rules.search_topics`, negations in :mod:`bot.rules.search_negation`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from bot.rules.answers import field_codes_in
from bot.text import fold


def _has(text: str, patterns: tuple[str, ...]) -> bool:
    return any(re.search(p, text) for p in patterns)


_LANGUAGE_PATTERNS = {
    "sv": (
        r"\bpa svenska\b",
        r"\bsvenskspr",
        r"\bruotsiksi\b",
        r"\bruotsinkiel",
        r"\bruotsiks\b",
        r"\bin swedish\b",
        r"\bpa svensk\b",
    ),
    "fi": (
        r"\bpa finska\b",
        r"\bfinskspr",
        r"\bsuomeksi\b",
        r"\bsuomenkiel",
        r"\bsuomeks\b",
        r"\bin finnish\b",
    ),
    "en": (
        r"\bpa engelska\b",
        r"\bengelskspr",
        r"\benglanniksi\b",
        r"\benglanninkiel",
        r"\bin english\b",
    ),
}
_ONLINE = (
    r"\bverko",
    r"\bverkkokurs",
    r"\bverkko-opi",
    r"\bverkko opi",
    r"\bnetis",
    r"\bnetti",
    r"\betana\b",
    r"\betakurs",
    r"\betaopisk",
    r"\betaopetu",
    r"\bonline",
    r"\bpa natet\b",
    r"\bdistans",
    r"\bwebbkurs",
    r"\bwebbinar",
    r"\bwebinaar",
    r"\bpa distans\b",
    r"\bhemifran\b",
    r"\bkotoa\b",
    r"\bkotoo\b",
    r"\bnatkurs",
    r"\bnatet\b",
)
_FORMATS = {
    "evening": (r"\bkvall", r"\biltaisin\b", r"\bilta", r"\bevening\b"),
    "part_time": (
        r"\bdeltid",
        r"\bosa-aika",
        r"\bosa aika",
        r"\bosaaika",
        r"\bpart-time\b",
        r"\bpart time\b",
    ),
    "full_time": (r"\bheltid", r"\bkokopaiv", r"\bfull-time\b", r"\bfull time\b"),
}
_KINDS = {
    "apprenticeship": (r"\blaroavtal", r"\boppisopim", r"\blarling"),
    "vocational_qualification": (
        r"\bexamen\b",
        r"\byrkesexam",
        r"\btutkinto",
        r"\bperustutkin",
        r"\bammattitutkin",
    ),
    "short_course": (
        r"\bkort kurs",
        r"\bkorta kurser",
        r"\bkort utbildning",
        r"\blyhytkurs",
        r"\blyhyt kurssi",
        r"\blyhyita kursseja",
        r"\blyhyen kurssin",
    ),
    "workshop": (r"\bverkstad", r"\bverkstader", r"\btyopaja", r"\bpaja"),
    "labour_market_training": (r"\barbetskraftsutb", r"\btyovoimakoul"),
    "integration_training": (r"\bintegrationsutb", r"\bkotoutumiskoul", r"\bkotoutumis"),
}
_FREE = (
    r"\bgratis\b",
    r"\bavgiftsfri",
    r"\bkostnadsfri",
    r"\butan avgift",
    r"\bilmai",
    r"\bilma(s|n)(ia|et|ta|en)\b",
    r"\bmaksuton",
    r"\bmaksuttom",
    r"\bilman maksu",
    r"\bfree\b",
)


# Field words the mapping's parser does not know, and words it reads too eagerly in a search
# ("palveluja" is not the service field, "stadens verkstäder" not cleaning or industry).
_EXTRA_FIELDS: dict[str, str] = {
    "04": r"^(myyj|saljare|kundservice|merkonom|lonerakn|palkanlask|sihteer|sekreterare)",
    "05": r"^laborant",
    "06": r"^(excel|microsoft|koodar|koodaa|ohjelmoi)",
    "07": r"^(bil(ar|en|mek|verk|repar)|automek|elektri|elmont|hitsaa|hitsari|snickar|putki"
    r"|rormok|cnc|koneistaj|mekaanik|maalar|malare)",
    "08": r"^(metsur|viher|gronomr)",
    "09": r"^(socionom|sosionom|ensiapu)",
    "10": r"^(lagr|trukin|kuormaauto|linjaauto|pakettiauto|ajokort|korkort|lokalvard"
    r"|toimitilahuol|keittio|kafe|tarjoil|servitor|servering|turvatark|vakt|kampaa"
    r"|hygien|arbetarskydd|tyoturvall|tulityo|kok$|koket$|koki(ksi|na|lle)$"
    r"|stad(ning|are|jobb))",
}
_NOT_A_FIELD = re.compile(
    r"^(palvelu\w*|service|vardag\w*|stad|staden|stadens|stan|verkstad\w*|verkstader\w*"
    r"|paja\w*|tyopaja\w*|sahkopost\w*|naturligt\w*|ohjaamo\w*|kannyk\w*|mobil\w*)$"
)

# month stems (folded) -> month number
_MONTHS = {
    "januari": 1,
    "tammikuu": 1,
    "februari": 2,
    "helmikuu": 2,
    "mars": 3,
    "maaliskuu": 3,
    "april": 4,
    "huhtikuu": 4,
    "maj": 5,
    "toukokuu": 5,
    "juni": 6,
    "kesakuu": 6,
    "juli": 7,
    "heinakuu": 7,
    "augusti": 8,
    "elokuu": 8,
    "september": 9,
    "syyskuu": 9,
    "oktober": 10,
    "lokakuu": 10,
    "november": 11,
    "marraskuu": 11,
    "december": 12,
    "joulukuu": 12,
}


def _month_window(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def time_window(text: str, today: date) -> tuple[date | None, date | None]:
    """Start-date window named in the text: "i vår", "syksyllä", "i januari", "snart"."""
    t = fold(text)
    year = today.year
    spring = _has(
        t,
        (
            r"\bi var\b",
            r"\bpa varen\b",
            r"\bvaren\b",
            r"\bkevaalla\b",
            r"\bkevaan\b",
            r"\bkevat",
            r"\bspring\b",
            r"\bvarterminen\b",
        ),
    )
    autumn = _has(
        t,
        (
            r"\bi host\b",
            r"\bpa hosten\b",
            r"\bhosten\b",
            r"\bsyksylla\b",
            r"\bsyksyn\b",
            r"\bsyksy",
            r"\bautumn\b",
            r"\bhostterminen\b",
        ),
    )
    if spring:
        start_year = year + 1 if today.month > 4 else year
        first, last = _month_window(start_year, 1, 5)
        return max(first, today), last
    if autumn:
        start_year = year if today.month <= 9 else year + 1
        first, last = _month_window(start_year, 8, 12)
        return max(first, today), last
    if _has(t, (r"\bnasta manad", r"\bensi kuussa\b", r"\bensi kuun\b")):
        nxt = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return _month_window(nxt.year, nxt.month, nxt.month)
    if _has(
        t,
        (
            r"\bsnart\b",
            r"\bpian\b",
            r"\bheti\b",
            r"\bgenast\b",
            r"\bsoon\b",
            r"\bpikaisesti\b",
            r"\bsa fort\b",
        ),
    ):
        return today, today + timedelta(days=60)
    if _has(t, (r"\bnasta ar\b", r"\bensi vuonna\b", r"\bensi vuoden\b")):
        return date(year + 1, 1, 1), date(year + 1, 12, 31)
    for word in t.split():
        for stem, month in _MONTHS.items():
            core = stem[:-1] if stem.endswith("kuu") else stem
            if word.startswith(core) and len(word) <= len(stem) + 5:
                start_year = year if month >= today.month else year + 1
                return _month_window(start_year, month, month)
    return None, None


# --- what is named ---------------------------------------------------------------------------


def fields_in(text: str) -> frozenset[str]:
    """ISCED-F broad fields named in a search text: the mapping's field words, plus search words.

    Word by word, so that only :func:`split_negations` decides what is refused (the mapping's
    parser reads a whole answer and has its own idea of negation).
    """
    tokens = [t for t in re.split(r"[^\w]+", fold(text).replace("-", " ")) if t]
    found: set[str] = set()
    for token in tokens:
        if _NOT_A_FIELD.match(token):
            continue
        found.update(c for c in field_codes_in(token) if re.fullmatch(r"\d\d", c))
        found.update(code for code, pattern in _EXTRA_FIELDS.items() if re.match(pattern, token))
    return frozenset(found)


def _compounds(text: str) -> str:
    """Join the hyphenated compounds whose halves mean something else ("kuorma-auto")."""
    return re.sub(r"\b(kuorma|linja|paketti)-auto", r"\1auto", text)


def kinds_in(text: str) -> frozenset[str]:
    """Catalog kinds named in the text."""
    t = fold(text)
    return frozenset(k for k, pats in _KINDS.items() if _has(t, pats))


_PLACE_PREPOSITIONS = frozenset({"i", "till", "fran", "pa", "kring", "runt"})


def _place_words(text: str) -> str:
    """The text for municipality matching: "inga" (none) is Ingå only after "i", "till" ..."""
    words = text.split()
    return " ".join(
        w for i, w in enumerate(words) if w != "inga" or (i and words[i - 1] in _PLACE_PREPOSITIONS)
    )
