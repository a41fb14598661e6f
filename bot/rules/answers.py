"""Parse free-text answers to the mapping questions, in Swedish or Finnish (pure functions).

Each parser takes what the person typed and returns a normalised value (codes from
:mod:`bot.rules.vocabulary`) or raises :class:`AnswerError` with a reason code that the form
turns into one clear message in the person's language. People write in spoken Finnish and
Finland-Swedish, drop å/ä/ö and make typos, so matching is on folded word stems.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.nlu.langid import fold
from bot.rules.vocabulary import DOMESTIC_LANGUAGES  # noqa: F401  (re-exported for callers)

MAX_FREE_TEXT = 500


class AnswerError(ValueError):
    """The answer could not be used; ``reason`` names the message to show."""

    def __init__(self, reason: str, **details: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.details = details


def _norm(text: str) -> str:
    """Folded, single-spaced text with punctuation turned into spaces (keeps digits, -)."""
    folded = fold(text)
    folded = re.sub(r"(\d)[.,](\d)", r"\1d\2", folded)  # keep 1,5 / 1.5 as one token
    folded = re.sub(r"[^\w\s\-+]", " ", folded)
    return " ".join(folded.split())


def _tokens(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", _norm(text))


def _has_stem(tokens: list[str], stems: tuple[str, ...]) -> bool:
    return any(t.startswith(s) for t in tokens for s in stems)


def _has_phrase(normalised: str, phrases: tuple[str, ...]) -> bool:
    padded = f" {normalised} "
    return any(f" {p} " in padded for p in phrases)


# --- yes / no ---------------------------------------------------------------------------

_YES = (
    "ja",
    "jo",
    "joo",
    "juu",
    "jep",
    "jees",
    "kylla",
    "yes",
    "ok",
    "okej",
    "okei",
    "garna",
    "visst",
    "absolut",
    "sure",
    "selva",
    "sopii",
    "kay",
    "jaa",
    "japp",
    "tottakai",
    "saa",
)
_NO = (
    "nej",
    "nae",
    "naa",
    "nope",
    "ei",
    "en",
    "no",
    "inte",
    "ala",
    "nej tack",
    "ei kiitos",
    "int",
    "eika",
    "ingalunda",
)


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when the text is neither (or both)."""
    normalised = _norm(text)
    tokens = normalised.split()
    if not tokens:
        return None
    yes = any(t in _YES for t in tokens[:3])
    no = any(t in _NO for t in tokens[:3]) or _has_phrase(normalised, ("ei kiitos", "nej tack"))
    if yes == no:
        return None
    return yes


def is_bare_yes_no(text: str) -> bool:
    """True when the whole answer is just yes or no ("ja", "joo", "nej", "ok")."""
    tokens = _norm(text).split()
    return 0 < len(tokens) <= 2 and all(
        t in _YES or t in _NO or t == "tack" or t == "kiitos" for t in tokens
    )


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
    if len(_norm(stripped).split()) <= 1:
        return None
    return bool(value)


# --- age --------------------------------------------------------------------------------

MIN_AGE, MAX_AGE = 15, 80


@dataclass(frozen=True)
class AgeAnswer:
    """A birth year (when given) and the age group."""

    birth_year: int | None
    age_group: str


def age_group_for(age: int) -> str:
    """The age group code of an age in years."""
    if age < 25:
        return "under_25"
    if age < 30:
        return "25_29"
    if age < 55:
        return "30_54"
    return "55_plus"


def parse_age(text: str, today: date) -> AgeAnswer:
    """Parse "1987", "född -92", "jag är 34", "olen 52v", "syntynyt 1999".

    Raises:
        AnswerError: ``age_not_understood`` or ``age_out_of_range``.
    """
    normalised = _norm(text)
    four = re.search(r"(?<!\d)(1[0-9]{3}|2[0-9]{3})(?!\d)", normalised)
    if four:
        year = int(four.group(1))
        age = today.year - year
        if not MIN_AGE <= age <= MAX_AGE:
            raise AnswerError("age_out_of_range", year=year)
        return AgeAnswer(year, age_group_for(age - 1 if age == 30 else age))
    two = re.search(r"(?:^|\s)[-'´`](\d{2})(?!\d)", " " + normalised.replace("'", " '"))
    if two:
        yy = int(two.group(1))
        year = 2000 + yy if 2000 + yy <= today.year - MIN_AGE else 1900 + yy
        age = today.year - year
        if not MIN_AGE <= age <= MAX_AGE:
            raise AnswerError("age_out_of_range", year=year)
        return AgeAnswer(year, age_group_for(age))
    number = re.search(r"(?<!\d)(\d{1,3})(?!\d)", normalised)
    if number:
        age = int(number.group(1))
        if not MIN_AGE <= age <= MAX_AGE:
            raise AnswerError("age_out_of_range", age=age)
        return AgeAnswer(None, age_group_for(age))
    raise AnswerError("age_not_understood")


# --- duration ---------------------------------------------------------------------------

_NUMBER_WORDS = {
    # Swedish
    "en": 1,
    "ett": 1,
    "tva": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "atta": 8,
    "nio": 9,
    "tio": 10,
    "elva": 11,
    "tolv": 12,
    # Finnish (with spoken forms)
    "yksi": 1,
    "yks": 1,
    "yhden": 1,
    "kaksi": 2,
    "kaks": 2,
    "kahden": 2,
    "kolme": 3,
    "kolmen": 3,
    "nelja": 4,
    "neljan": 4,
    "viisi": 5,
    "viis": 5,
    "viiden": 5,
    "kuusi": 6,
    "kuus": 6,
    "kuuden": 6,
    "seitseman": 7,
    "kahdeksan": 8,
    "yhdeksan": 9,
    "kymmenen": 10,
}
_MONTHS = {
    # stem -> month number; Swedish and Finnish, folded
    "januar": 1,
    "tammi": 1,
    "februar": 2,
    "helmi": 2,
    "mars": 3,
    "maalis": 3,
    "april": 4,
    "huhti": 4,
    "maj": 5,
    "touko": 5,
    "juni": 6,
    "kesa": 6,
    "juli": 7,
    "heina": 7,
    "august": 8,
    "elo": 8,
    "september": 9,
    "syys": 9,
    "oktober": 10,
    "loka": 10,
    "november": 11,
    "marras": 11,
    "december": 12,
    "joulu": 12,
}


def _unit_of(token: str) -> str | None:
    """week / month / year for a unit word ("veckor", "kk", "vuotta", "år"), else None."""
    if token.startswith(("veck", "viik")) or token in ("vko", "vk", "w"):
        return "week"
    if token.startswith(("manad", "kuukau", "kuuka")) or token in (
        "m",
        "man",
        "mnd",
        "kk",
        "kuu",
        "kuun",
    ):
        return "month"
    if token.startswith(("vuo", "halvar", "arig")) or token in (
        "ar",
        "aret",
        "aren",
        "v",
        "y",
        "yr",
        "years",
        "year",
    ):
        return "year"
    return None


def duration_bucket(months: float) -> str:
    """The duration code for a number of months (12 or more is long-term)."""
    if months < 3:
        return "under_3m"
    if months < 12:
        return "3_12m"
    return "over_12m"


def parse_duration_months(text: str, today: date) -> float:
    """How many months: "sedan mars", "2 år", "puoli vuotta", "syyskuusta", "vuodesta 2022".

    Raises:
        AnswerError: ``duration_not_understood`` or ``duration_in_future``.
    """
    normalised = _norm(text)
    tokens = normalised.split()
    year = re.search(r"(?<!\d)(20[0-9]{2}|19[0-9]{2})(?!\d)", normalised)
    month_token = next(
        (
            m
            for t in tokens
            for stem, m in _MONTHS.items()
            if t.startswith(stem)
            and len(t) >= 3
            and not (stem in ("elo", "maj") and len(t) > len(stem) + 6)
        ),
        None,
    )
    if year:
        y = int(year.group(1))
        m = month_token or 1
        months = (today.year - y) * 12 + (today.month - m)
        if months < 0:
            raise AnswerError("duration_in_future")
        return float(months)
    if month_token and not re.search(r"\d", normalised):
        months = (today.month - month_token) % 12
        return float(months)
    half = _has_stem(tokens, ("halv", "puol"))
    amount_match = re.search(r"(\d+(?:d\d+)?)", normalised)
    amount: float | None = float(amount_match.group(1).replace("d", ".")) if amount_match else None
    worded = amount is None
    if amount is None:
        amount = next((float(_NUMBER_WORDS[t]) for t in tokens if t in _NUMBER_WORDS), None)
    unit = None
    for t in tokens:
        bare = re.sub(r"\d", "", t).strip("d") if re.search(r"\d", t) else t
        if not bare:
            continue
        found = _unit_of(bare)
        if found == "week" or (found and unit is None):
            unit = found
    if half and unit in (None, "year") and (amount is None or (worded and amount == 1)):
        return 6.0
    if half and amount is not None and unit == "year":
        amount += 0.5
    if amount is None and unit is not None:
        amount = 1.0
    if amount is None:
        if _has_phrase(normalised, ("just", "juuri", "nyss", "nyt", "nu", "idag", "tanaan")):
            return 0.0
        raise AnswerError("duration_not_understood")
    if unit == "week":
        return amount / 4.345
    if unit == "year":
        return amount * 12
    if unit == "month":
        return amount
    raise AnswerError("duration_not_understood")


# --- keyword tables -------------------------------------------------------------------------

_SITUATION_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("laid_off", ("permitt", "lomaut", "lomautu")),
    (
        "part_time",
        ("deltid", "osa-aik", "osaaik", "timanst", "keikka", "keikkat", "nollatun", "tuntity"),
    ),
    (
        "student",
        (
            "studer",
            "student",
            "studie",
            "opiskel",
            "valmistu",
            "utexam",
            "skolan",
            "gymnasi",
            "lukio",
            "amis",
            "koulussa",
            "examen",
        ),
    ),
    ("unemployed", ("arbetslo", "tyoton", "tyotto", "tyottom", "tyoto")),
    (
        "other",
        (
            "annat",
            "muu",
            "foraldraled",
            "vanhempain",
            "sjuk",
            "sairaus",
            "hemma",
            "kotona",
            "pension",
            "elake",
            "ovrigt",
        ),
    ),
)
_SITUATION_PHRASES = {
    "unemployed": (
        "utan jobb",
        "utan arbete",
        "ilman toita",
        "ei toita",
        "inget jobb",
        "ei tyota",
        "ingen jobb",
        "har inte jobb",
        "ei oo toita",
        "ei ole toita",
        "ei oo tyota",
        "ei ole tyota",
        "ei oo duunia",
        "har int jobb",
    ),
}


def parse_situation(text: str) -> str:
    """unemployed / laid_off / part_time / student / other."""
    normalised = _norm(text)
    tokens = normalised.split()
    for code, stems in _SITUATION_STEMS:
        if _has_stem(tokens, stems):
            return code
        if _has_phrase(normalised, _SITUATION_PHRASES.get(code, ())):
            return code
    raise AnswerError("situation_not_understood")


_BENEFIT_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "earnings_related",
        (
            "inkomstrel",
            "ansiosid",
            "ansiopaiv",
            "a-kassa",
            "akassa",
            "kassan",
            "kassa",
            "tyottomyyskas",
            "arbetsloshetskas",
            "liito",
            "liitosta",
            "liitolta",
            "fackf",
            "ansio",
        ),
    ),
    (
        "labour_market_subsidy",
        ("arbetsmarknadsst", "arbetsmarknadstod", "tyomarkkinat", "tmt", "arbetsmarkn"),
    ),
    ("basic_allowance", ("grunddag", "peruspaiv", "perusp")),
    ("unknown", ("vet", "tieda", "tiia", "tiedossa", "osaker", "aning", "epavarm")),
    ("none", ("inget", "ingenting", "inga", "ingen", "mitaan", "tukea", "ei", "nej", "nada")),
    ("kela_unspecified", ("fpa", "kela", "kelalta", "kelasta")),
)


def parse_benefit(text: str) -> str:
    """The benefit code; "från FPA"/"Kelasta" alone gives ``kela_unspecified``."""
    normalised = _norm(text)
    tokens = normalised.split()
    if _has_phrase(
        normalised,
        (
            "vet inte",
            "vet ej",
            "en tieda",
            "en tiia",
            "ei tietoa",
            "ingen aning",
            "en ma tieda",
            "vet int",
        ),
    ):
        return "unknown"
    for code, stems in _BENEFIT_STEMS:
        if code == "none":
            if _has_phrase(
                normalised,
                (
                    "inget stod",
                    "inga stod",
                    "ei mitaan",
                    "ei tukea",
                    "ingenting",
                    "inget",
                    "ei",
                    "nej",
                    "ei mitaan tukea",
                    "ei oo",
                    "ei ole",
                    "far inget",
                    "inget alls",
                ),
            ):
                return "none"
            continue
        if _has_stem(tokens, stems):
            return code
    raise AnswerError("benefit_not_understood")


# Language name stems, folded, longest first where they overlap.
_LANGUAGE_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("sv", ("svensk", "ruotsi", "ruotsa", "swedish", "svenska", "ruotsin")),
    ("fi", ("finsk", "suomi", "suome", "finnish", "suomea", "finska")),
    ("se", ("samisk", "saame", "saamen", "sami")),
    ("en", ("engelsk", "englan", "english", "enkku", "englannin")),
    ("ru", ("rysk", "venaj", "venäj", "russian", "ryssk")),
    ("et", ("estnisk", "viro", "eesti", "estonian", "vironk")),
    ("ar", ("arabisk", "arabi", "arabic")),
    ("so", ("somal",)),
    ("fa", ("persisk", "persia", "farsi", "dari", "persian")),
    ("ku", ("kurd", "sorani", "kurmanj")),
    ("uk", ("ukrain",)),
    ("zh", ("kines", "kiina", "mandarin", "chinese", "kantones")),
    ("th", ("thai",)),
    ("vi", ("vietnam",)),
    ("sq", ("alban",)),
    ("tr", ("turkisk", "turkki", "turkish")),
    ("de", ("tysk", "saksa", "german", "deutsch")),
    ("fr", ("fransk", "ranska", "french")),
    ("es", ("spansk", "espanj", "spanish")),
    ("pl", ("polsk", "puola", "polish")),
    ("pt", ("portugis", "portugal", "portugu")),
    ("ro", ("rumansk", "romania", "romanian")),
    ("bg", ("bulgar",)),
    ("hu", ("ungersk", "unkari", "hungar")),
    ("it", ("italiensk", "italia", "italian")),
    ("no", ("norsk", "norja", "norweg")),
    ("da", ("dansk", "tanska", "danish")),
    ("ne", ("nepal",)),
    ("hi", ("hindi",)),
    ("bn", ("bengal", "bangla")),
    ("ur", ("urdu",)),
    ("ta", ("tamil",)),
    ("tl", ("tagalog", "filipino")),
    ("ti", ("tigrin", "tigrinj")),
    ("am", ("amhar",)),
    ("ps", ("pashto", "pasto", "pastu")),
    ("lv", ("lettisk", "latvia")),
    ("lt", ("litauisk", "liettua")),
    ("sr", ("serbisk", "serbia")),
    ("hr", ("kroatisk", "kroatia")),
    ("bs", ("bosnisk", "bosnia")),
    ("sw", ("swahil",)),
    ("ja", ("japansk", "japani", "japanese")),
    ("ko", ("koreansk", "korea")),
)
_LEVEL_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("native", ("modersm", "aidinkie", "native", "hemsprak", "kotikie")),
    (
        "fluent",
        (
            "flytande",
            "sujuv",
            "utmark",
            "erinomai",
            "fluent",
            "perfekt",
            "taydelli",
            "c1",
            "c2",
            "mycket bra",
            "todella hyvin",
            "tosi hyvin",
        ),
    ),
    (
        "basic",
        (
            "lite",
            "grund",
            "alke",
            "vahan",
            "vahasen",
            "nyborj",
            "heikko",
            "svag",
            "daligt",
            "huono",
            "huonosti",
            "a1",
            "a2",
            "basic",
            "vahan",
            "lite grann",
            "nagot",
            "jonkin",
            "bitti",
        ),
    ),
    (
        "good",
        (
            "bra",
            "hyva",
            "hyvin",
            "ganska",
            "aika",
            "kohtalai",
            "ok",
            "okej",
            "good",
            "b1",
            "b2",
            "hyvä",
            "kelvoll",
            "nojaa",
            "sujuu",
        ),
    ),
)


def language_codes_in(text: str) -> list[str]:
    """Every language named in the text, in order of appearance, without repeats."""
    found: list[tuple[int, str]] = []
    tokens = _norm(text).split()
    for position, token in enumerate(tokens):
        for code, stems in _LANGUAGE_STEMS:
            if any(token.startswith(s) for s in stems):
                found.append((position, code))
                break
    out: list[str] = []
    for _, code in sorted(found):
        if code not in out:
            out.append(code)
    return out


def parse_native_language(text: str) -> str:
    """The (first) native language named, as an ISO 639-1 code; "other" when unknown."""
    codes = language_codes_in(text)
    if codes:
        return codes[0]
    tokens = _tokens(text)
    if not tokens or is_bare_yes_no(text):
        raise AnswerError("language_not_understood")
    if len(tokens) <= 3 and all(t.isalpha() for t in tokens):
        return "other"
    raise AnswerError("language_not_understood")


def _level_of(part: str) -> str:
    tokens = _norm(part).split()
    normalised = " ".join(tokens)
    for level, stems in _LEVEL_STEMS:
        if any(" " in s and f" {s} " in f" {normalised} " for s in stems):
            return level
        if _has_stem(tokens, tuple(s for s in stems if " " not in s)):
            return level
    return "good"


def parse_other_languages(text: str) -> list[dict[str, str]]:
    """Other languages with level: "finska bra, engelska lite" -> [{fi: good}, {en: basic}].

    Each language takes the level words that follow it (up to the next language); "inga",
    "ei muita", "nej" give an empty list.

    Raises:
        AnswerError: ``languages_not_understood``.
    """
    tokens = _norm(text).split()
    positions: list[tuple[int, str]] = []
    for i, token in enumerate(tokens):
        for code, stems in _LANGUAGE_STEMS:
            if any(token.startswith(s) for s in stems):
                if code not in [c for _, c in positions]:
                    positions.append((i, code))
                break
    result: list[dict[str, str]] = []
    for n, (i, code) in enumerate(positions):
        end = positions[n + 1][0] if n + 1 < len(positions) else len(tokens)
        after = tokens[i + 1 : end]
        before = tokens[positions[n - 1][0] + 1 if n else 0 : i] if not after else []
        result.append({"language": code, "level": _level_of(" ".join(after or before))})
    if result:
        return result
    normalised = " ".join(tokens)
    if parse_yes_no(text) is False or _has_phrase(
        normalised,
        (
            "inga",
            "inga andra",
            "ei muita",
            "ei mitaan",
            "ingen",
            "inget",
            "bara det",
            "vain se",
            "ei muuta",
            "inga fler",
            "ei",
        ),
    ):
        return []
    raise AnswerError("languages_not_understood")


_EDUCATION_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "higher",
        (
            "hogskol",
            "universit",
            "yrkeshog",
            "amk",
            "ammattikorkea",
            "yliopist",
            "korkeakoul",
            "kandidat",
            "kandi",
            "master",
            "tradenom",
            "ingenjor",
            "insinoo",
            "sjukskotare",
            "sairaanhoitaja",
            "bachelor",
            "maisteri",
            "diplomi",
            "tohtori",
            "doktor",
            "fil kand",
            "ktm",
            "dipl",
            "magister",
            "lic",
            "yamk",
            "hogre",
        ),
    ),
    (
        "vocational",
        (
            "yrkesexam",
            "yrkesskol",
            "yrkesinst",
            "yrkesutb",
            "amis",
            "ammattikoul",
            "ammatilli",
            "ammattitutk",
            "perustutk",
            "merkonom",
            "lahihoitaj",
            "narvard",
            "datanom",
            "artesaan",
            "sahkoasent",
            "elektriker",
            "kokki",
            "kock",
            "yrkes",
            "ammatti",
            "oppisopim",
            "laroavtal",
            "lahari",
            "kosmetolog",
            "parturi",
            "frisor",
            "logistiikka",
            "logistik",
            "yrkesakadem",
            "prakticum",
            "careeria",
            "vamia",
        ),
    ),
    (
        "upper_secondary",
        (
            "gymnasi",
            "lukio",
            "ylioppil",
            "studentexam",
            "student",
            "abitur",
            "studenten",
            "lukion",
            "gymnasium",
        ),
    ),
    (
        "basic",
        (
            "grundskol",
            "peruskoul",
            "ysiluok",
            "folkskol",
            "kansakoul",
            "grundskola",
            "mellanstad",
            "ala-aste",
            "yla-aste",
            "yläaste",
            "hogstadi",
            "ysi",
        ),
    ),
    ("foreign", ("utomland", "ulkomai", "hemland", "kotimaas", "kotimaassa", "abroad")),
    ("none", ("ingen", "ei koulut", "inget", "ei tutkin", "ei ole", "ei oo", "avbrot", "keskeyt")),
)


def parse_education(text: str) -> str:
    """The highest education named (higher > vocational > upper secondary > basic).

    Raises:
        AnswerError: ``education_not_understood``.
    """
    normalised = _norm(text)
    tokens = normalised.split()
    if re.search(r"\byo\b|\bylioppilas", normalised) and not _has_stem(
        tokens, _EDUCATION_STEMS[0][1] + _EDUCATION_STEMS[1][1]
    ):
        return "upper_secondary"
    for code, stems in _EDUCATION_STEMS:
        phrase_stems = tuple(s for s in stems if " " in s)
        if _has_stem(tokens, tuple(s for s in stems if " " not in s)) or any(
            f" {s}" in f" {normalised}" for s in phrase_stems
        ):
            if code == "foreign" and any(
                _has_stem(tokens, st) for c, st in _EDUCATION_STEMS if c != "foreign"
            ):
                continue
            return code
    raise AnswerError("education_not_understood")


# occupation stem -> ISCO-08 major group
_OCCUPATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1",
        (
            "chef",
            "johtaj",
            "esimie",
            "esihenk",
            "manager",
            "forman",
            "vd",
            "toimitusjoht",
            "foretagsled",
            "yrittaja",
            "foretagar",
        ),
    ),
    (
        "2",
        (
            "programmer",
            "ohjelmoi",
            "koodar",
            "utveckla",
            "kehittaja",
            "developer",
            "larare",
            "opettaj",
            "lakare",
            "laakari",
            "sjukskot",
            "sairaanhoit",
            "ingenjor",
            "insinoo",
            "jurist",
            "juristi",
            "ekonom",
            "psykolog",
            "arkitekt",
            "forskare",
            "tutkija",
            "socionom",
            "sosionom",
            "kuraattori",
            "kurator",
            "journalist",
            "toimittaja",
            "analyytikko",
            "analytiker",
            "designer",
            "suunnittelija",
        ),
    ),
    (
        "3",
        (
            "it-tuki",
            "it-support",
            "tekniker",
            "teknikko",
            "bokfor",
            "kirjanpit",
            "laborant",
            "laboratorio",
            "sairaankuljet",
            "ambulans",
            "assistent",
            "assistentti",
            "fysioterap",
            "tradenom",
            "myyntiedust",
            "inkopare",
            "ostaja",
        ),
    ),
    (
        "4",
        (
            "kontor",
            "toimisto",
            "sekreter",
            "sihteer",
            "kundtjanst",
            "asiakaspalv",
            "kundservice",
            "receptionist",
            "vastaanot",
            "kundbetj",
            "reskontr",
            "palkanlask",
            "lonehand",
            "postityo",
            "callcenter",
            "puhelinmyy",
            "telefonforsalj",
        ),
    ),
    (
        "5",
        (
            "kassa",
            "kassoj",
            "myyja",
            "myyj",
            "forsalj",
            "butik",
            "kauppa",
            "kaupas",
            "kock",
            "kokki",
            "servitor",
            "tarjoilij",
            "baarimik",
            "bartend",
            "narvard",
            "lahihoitaj",
            "hoitaja",
            "barnskot",
            "lastenhoit",
            "barnvakt",
            "personlig assist",
            "henkilokohtainen avust",
            "vardbitr",
            "hoiva",
            "frisor",
            "parturi",
            "kampaaj",
            "kosmetolog",
            "vakt",
            "vartij",
            "sakerhet",
            "turvallisuus",
            "restaurang",
            "ravintola",
            "kahvila",
            "cafe",
            "hemvard",
            "kotihoit",
            "vanhustyo",
            "aldreomsorg",
            "omsorg",
            "hoitoala",
            "vard",
        ),
    ),
    (
        "6",
        (
            "bonde",
            "maanviljel",
            "jordbruk",
            "maatalo",
            "skogsarb",
            "metsatyo",
            "metsuri",
            "fiskare",
            "kalastaj",
            "tradgard",
            "puutarh",
            "lantbruk",
        ),
    ),
    (
        "7",
        (
            "snickar",
            "puusepp",
            "kirves",
            "elektrik",
            "sahkomie",
            "sahkoasent",
            "byggare",
            "rakennus",
            "rakentaj",
            "murar",
            "muurari",
            "svetsar",
            "hitsaaj",
            "mekanik",
            "mekaanik",
            "asentaja",
            "montor",
            "maalari",
            "malare",
            "putkimie",
            "rormokar",
            "bagare",
            "leipuri",
            "slaktar",
            "teurast",
            "verkstad",
            "korjaa",
            "plåtslag",
            "peltiseppa",
            "levyseppa",
            "skräddar",
            "ompelij",
            "sömmersk",
        ),
    ),
    (
        "8",
        (
            "chauffor",
            "kuljettaj",
            "bussfor",
            "lastbil",
            "rekka",
            "taxi",
            "taksi",
            "truck",
            "trukki",
            "fabrik",
            "tehdas",
            "tehtaa",
            "operator",
            "koneenhoit",
            "prosess",
            "maskinskot",
            "kokoonpan",
            "montering",
            "linja-auto",
            "ajoi",
            "korjasin",
        ),
    ),
    (
        "9",
        (
            "lager",
            "varasto",
            "stadar",
            "stad",
            "siivo",
            "diskar",
            "tiskaaj",
            "tiskari",
            "postbud",
            "lahetti",
            "jakaja",
            "tidningsbud",
            "lehdenjak",
            "hantlang",
            "apumie",
            "apulainen",
            "plock",
            "keraily",
            "keräily",
            "lastaaj",
            "flyttgubb",
            "muuttomie",
            "kiinteistonhoit",
            "fastighetssk",
            "vaktmast",
            "talkkari",
            "kiinteistö",
        ),
    ),
    ("0", ("militar", "sotilas", "armeij", "puolustusvo")),
)
_NO_EXPERIENCE = (
    "ingen arbetserfarenhet",
    "ei tyokokemusta",
    "aldrig jobbat",
    "en ole ollut",
    "ei oo ollu",
    "ei ole ollut",
    "inte jobbat",
    "har inte jobbat",
    "ei kokemusta",
    "ingen erfarenhet",
    "ei mitaan",
    "inget",
    "ingenting",
    "en oo ollu toissa",
    "en ole ollut toissa",
    "aldrig haft jobb",
)


def parse_occupation(text: str) -> str:
    """The ISCO-08 major group of the latest occupation; "unknown" if not recognised.

    Raises:
        AnswerError: ``occupation_yes_no`` for a bare yes/no, ``too_long`` over 500 chars,
        ``empty`` when there is nothing to keep.
    """
    _check_free_text(text)
    normalised = _norm(text)
    if _has_phrase(normalised, _NO_EXPERIENCE) or normalised in ("ei", "nej", "ingen"):
        return "none"
    if is_bare_yes_no(text):
        raise AnswerError("occupation_yes_no")
    tokens = normalised.split()
    for group, stems in _OCCUPATIONS:
        single = tuple(s for s in stems if " " not in s)
        phrases = tuple(s for s in stems if " " in s)
        if _has_stem(tokens, single) or any(p in normalised for p in phrases):
            return group
    return "unknown"


_FIELD_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "09",
        (
            "vard",
            "hoito",
            "hoiva",
            "hoitaj",
            "terveys",
            "sosiaali",
            "sjuk",
            "aldre",
            "vanhus",
            "omsorg",
            "lahihoit",
            "narvard",
            "sairaanh",
            "apotek",
            "farmac",
            "social",
            "hyvinvoin",
            "terveyden",
            "sote",
        ),
    ),
    (
        "01",
        (
            "barn",
            "lapsi",
            "lasten",
            "paivakot",
            "daghem",
            "pedagog",
            "opetus",
            "opettaj",
            "larare",
            "koulunkay",
            "skolgang",
            "varhaiskasv",
            "smabarn",
            "kasvatus",
        ),
    ),
    (
        "06",
        (
            "it",
            "data",
            "ohjelm",
            "koodaus",
            "koodi",
            "tietotek",
            "digital",
            "digi",
            "programmer",
            "webb",
            "verkkos",
            "tietokone",
            "dator",
            "mjukvar",
            "ohjelmisto",
            "softa",
            "cyber",
            "kyber",
            "tekoaly",
        ),
    ),
    (
        "07",
        (
            "bygg",
            "rakennus",
            "rakent",
            "el",
            "sahko",
            "teknik",
            "tekniik",
            "metall",
            "industri",
            "teollis",
            "mekan",
            "kone",
            "auto",
            "fordon",
            "ajoneuv",
            "verkstad",
            "konepaja",
            "hitsau",
            "svets",
            "plåt",
            "lvi",
            "vvs",
            "kiinteisto",
            "fastighet",
            "snickeri",
            "puusepp",
            "energi",
            "kemi",
            "process",
        ),
    ),
    (
        "10",
        (
            "restaurang",
            "ravintol",
            "kock",
            "kokki",
            "hotell",
            "turism",
            "matkail",
            "stad",
            "siivo",
            "transport",
            "kuljetus",
            "kuljettaj",
            "logist",
            "lager",
            "varasto",
            "sakerhet",
            "turvall",
            "vartij",
            "frisor",
            "parturi",
            "kauneus",
            "skonhet",
            "kahvila",
            "cafe",
            "catering",
            "chauffor",
            "rekka",
            "lastbil",
            "buss",
            "taxi",
            "taksi",
            "truck",
            "trukki",
            "service",
            "palvelu",
        ),
    ),
    (
        "04",
        (
            "handel",
            "kauppa",
            "kaupan",
            "myynti",
            "forsalj",
            "kontor",
            "toimisto",
            "ekonomi",
            "talous",
            "juridik",
            "laki",
            "administr",
            "hallinto",
            "markkin",
            "marknad",
            "kundtjanst",
            "asiakaspalv",
            "butik",
            "kassa",
            "bokfor",
            "kirjanpit",
            "hr",
            "henkilosto",
            "personal",
            "inkop",
            "hankin",
            "bank",
            "pankki",
            "forsakr",
            "vakuut",
        ),
    ),
    (
        "08",
        (
            "jordbruk",
            "maatalo",
            "skog",
            "metsa",
            "tradgard",
            "puutarh",
            "djur",
            "elain",
            "fiske",
            "kalastus",
            "lantbruk",
            "maanvilj",
            "hevos",
            "hast",
            "natur",
        ),
    ),
    (
        "02",
        (
            "konst",
            "taide",
            "musik",
            "musiik",
            "design",
            "kultur",
            "kulttuur",
            "sprak",
            "kieli",
            "kaannos",
            "oversatt",
            "grafisk",
            "graafi",
            "foto",
            "valokuv",
            "hantverk",
            "kasityo",
            "teater",
            "teatteri",
        ),
    ),
    (
        "03",
        (
            "media",
            "journalis",
            "toimitta",
            "psykolog",
            "samhall",
            "yhteiskun",
            "ekonomisk forskning",
            "viestin",
            "kommunikat",
        ),
    ),
    (
        "05",
        (
            "biolog",
            "kemist",
            "fysik",
            "fysiikk",
            "matemat",
            "luonnont",
            "naturvet",
            "laborator",
            "miljo",
            "ymparist",
        ),
    ),
)
_ANY_FIELD = (
    "vad som helst",
    "mika tahansa",
    "mika vaan",
    "mita vaan",
    "ei valia",
    "spelar ingen roll",
    "allt mojligt",
    "vilket som helst",
    "kaikki kay",
    "anything",
    "egal",
    "samma",
    "ihan sama",
    "vad som",
)


def parse_fields(text: str) -> list[str]:
    """ISCED-F broad field codes named in the text, in order; ["any"] for "anything".

    Raises:
        AnswerError: ``fields_yes_no`` for a bare yes/no, ``too_long`` over 500 characters.
    """
    _check_free_text(text)
    normalised = _norm(text)
    if _has_phrase(normalised, _ANY_FIELD):
        return ["any"]
    if is_bare_yes_no(text):
        raise AnswerError("fields_yes_no")
    tokens = re.split(r"[\s\-]+", normalised)
    found: list[str] = []
    for token in tokens:
        for code, stems in _FIELD_STEMS:
            short = tuple(s for s in stems if len(s) <= 2)
            longer = tuple(s for s in stems if len(s) > 2 and " " not in s)
            if token in short or any(token.startswith(s) for s in longer):
                if code not in found:
                    found.append(code)
                break
    for code, stems in _FIELD_STEMS:
        for phrase in (s for s in stems if " " in s):
            if phrase in normalised and code not in found:
                found.append(code)
    return found


_HELP_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "career_change",
        (
            "byta bransch",
            "byta yrke",
            "ny bransch",
            "nytt yrke",
            "omskol",
            "alanvaiht",
            "vaihtaa alaa",
            "vaihtaa alan",
            "uusi ala",
            "uudelle alalle",
            "uuteen ammattiin",
            "alan vaihto",
            "karriarbyte",
            "branschbyte",
            "uudelleenkoulut",
            "vaihtaa ammatt",
        ),
    ),
    (
        "entrepreneurship",
        (
            "eget",
            "egen firma",
            "foretag",
            "firma",
            "yritt",
            "yritys",
            "toiminim",
            "starta eget",
            "oma yritys",
            "entrepren",
        ),
    ),
    (
        "training",
        (
            "utbild",
            "koulut",
            "kurs",
            "studera",
            "opisk",
            "skola",
            "koulu",
            "examen",
            "tutkint",
            "larokontrakt",
            "oppisopim",
        ),
    ),
    (
        "job_search",
        (
            "jobb",
            "tyo",
            "tyopaik",
            "arbete",
            "sok",
            "haku",
            "hake",
            "cv",
            "ansok",
            "hakemus",
            "intervju",
            "haastat",
            "tyonhaku",
            "jobbsok",
            "duuni",
            "duunia",
            "toita",
            "tyota",
        ),
    ),
    (
        "wellbeing",
        (
            "vardag",
            "arki",
            "arjen",
            "jaksa",
            "ma bra",
            "hyvinvoin",
            "mielenter",
            "halsa",
            "terveys",
            "boende",
            "asumi",
            "ekonomi",
            "raha",
            "pengar",
            "velka",
            "skuld",
            "orka",
            "ork",
            "stress",
            "yksinai",
            "ensam",
            "motivaat",
            "motivation",
            "rutiin",
            "rutin",
            "psyk",
            "mieli",
            "mental",
        ),
    ),
)


def parse_help(text: str) -> list[str]:
    """What the person wants help with; several topics allowed.

    Raises:
        AnswerError: ``help_not_understood``.
    """
    normalised = _norm(text)
    tokens = normalised.split()
    found: list[str] = []
    for code, stems in _HELP_STEMS:
        single = tuple(s for s in stems if " " not in s)
        phrases = tuple(s for s in stems if " " in s)
        hit = _has_stem(tokens, single) or any(p in normalised for p in phrases)
        if (
            code == "job_search"
            and "career_change" in found
            and not _has_stem(
                tokens, ("sok", "haku", "cv", "ansok", "hakemus", "intervju", "tyonhaku")
            )
        ):
            hit = False
        if hit and code not in found:
            found.append(code)
    if not found:
        raise AnswerError("help_not_understood")
    return found


_NO_LIMITS = (
    "inga",
    "ingen",
    "inget",
    "ei",
    "ei ole",
    "ei oo",
    "nej",
    "inga begransningar",
    "ei rajoitteita",
    "ei mitaan",
    "frisk",
    "terve",
    "fullt arbetsfor",
    "tayd tyokykyinen",
    "kaikki hyvin",
    "allt bra",
    "inte",
    "ei rajoituksia",
    "inga problem",
    "ei ongelmia",
)
_SKIP = (
    "hoppa over",
    "vill inte svara",
    "en halua vastata",
    "ohita",
    "skippaa",
    "skip",
    "pass",
    "vill inte",
    "en halua",
    "ei kuulu",
    "nasta fraga",
    "seuraava",
)


def parse_work_ability(text: str) -> str:
    """none / limited / skipped (the person's own words are kept separately).

    Raises:
        AnswerError: ``too_long`` over 500 characters.
    """
    _check_free_text(text)
    normalised = _norm(text)
    if _has_phrase(normalised, _SKIP):
        return "skipped"
    if _has_phrase(normalised, _NO_LIMITS) and not _has_stem(
        normalised.split(), ("men", "mutta", "paitsi", "utom", "rygg", "selka", "masenn")
    ):
        return "none"
    return "limited"


_CHANNEL_STEMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "video",
        (
            "video",
            "teams",
            "zoom",
            "eta",
            "distans",
            "natet",
            "verkko",
            "online",
            "webb",
            "skype",
            "etana",
            "etatap",
        ),
    ),
    ("phone", ("telefon", "ring", "puhel", "soitt", "soita", "phone", "puhelimit", "luuri")),
    (
        "visit",
        (
            "besok",
            "traff",
            "plats",
            "paikan",
            "kaynt",
            "toimist",
            "kasvok",
            "kontor",
            "ansikte",
            "naama",
            "live",
            "kay",
            "kayda",
            "personlig",
            "paikalla",
            "tapaam",
            "mote",
            "visit",
        ),
    ),
)


def parse_channel(text: str) -> str:
    """visit / phone / video."""
    tokens = _norm(text).split()
    for code, stems in _CHANNEL_STEMS:
        if _has_stem(tokens, stems):
            return code
    raise AnswerError("channel_not_understood")


def parse_service_language(text: str, current: str) -> str:
    """sv / fi; "samma"/"sama"/"det här" keep the current chat language."""
    codes = [c for c in language_codes_in(text) if c in ("sv", "fi")]
    if len(codes) == 1:
        return codes[0]
    normalised = _norm(text)
    if _has_phrase(
        normalised,
        (
            "samma",
            "sama",
            "det har",
            "tama",
            "tata",
            "samma sprak",
            "sama kieli",
            "ihan sama",
            "spelar ingen roll",
            "ei valia",
        ),
    ):
        return current
    if parse_yes_no(text) is True:
        return current
    raise AnswerError("service_language_not_understood")


def _check_free_text(text: str) -> None:
    stripped = text.strip()
    if not stripped or not any(ch.isalnum() for ch in stripped):
        raise AnswerError("empty")
    if len(stripped) > MAX_FREE_TEXT:
        raise AnswerError("too_long", limit=MAX_FREE_TEXT)


def own_words(text: str) -> str:
    """The person's own words as stored for the coach: trimmed, one line, capped."""
    return " ".join(text.split())[:MAX_FREE_TEXT]


def field_codes_in(text: str) -> list[str]:
    """ISCED-F broad field codes named in a text (no errors: empty when none)."""
    try:
        return parse_fields(text)
    except AnswerError:
        return []
