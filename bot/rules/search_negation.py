"""What a training search message refuses, and what it only tells about past work (pure).

:func:`split_negations` splits folded text, clause by clause, into what the person wants,
what they refuse ("inte vården", "ei mua kiinnosta mikään yrittäjyys", "utan företagande")
and what they did before ("har varit lagerarbetare").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.text import fold

# Words that negate what follows them in their clause (folded). "en"/"et" only before a
# Finnish verb or a Finnish case ending ("en halua", "mut en hoitoalalle"): in Swedish
# "en" is the article.
_NEGATIONS = frozenset(
    {
        "inte",
        "int",
        "ej",
        "icke",
        "inga",
        "ingen",
        "inget",
        "ingenting",
        "utom",
        "forutom",
        "aldrig",
        "ei",
        "emme",
        "ette",
        "eivat",
        "ilman",
        "paitsi",
        "eika",
        "enka",
        "utan",
    }
)
_FI_NEGATION_VERB = re.compile(
    r"^(halu|tahdo|oo$|ole|tykk|pida|pysty|jaksa|voi|kaipaa|etsi|tarvi|hae|kiinnost|aio"
    r"|viitsi|lahde|mene)"
)
_FI_CASE = re.compile(r"^\w{3,}(sta|lle|lla|ssa|aa)$")
_SWEDISH_LOOKS_FINNISH = frozenset({"forsta", "nasta", "sista", "basta", "kassa", "massa", "alla"})
# "vet inte", "spelar ingen roll", "ei väliä": no wish is negated
_NO_NEGATION_BEFORE = frozenset({"vet", "vete", "spelar", "gor", "kvittar"})
_NO_NEGATION_AFTER = frozenset({"tieda", "tii", "tiia", "valia", "aning", "hajua", "roll"})
# "finns det inga ...?", "har ni inget ...", "ei oo mitään ...?": a question, not a refusal
_ASKING_BEFORE = frozenset({"det", "ni", "finns"})
_ASKING_AFTER = frozenset({"oo", "ole", "ois", "olis", "olisi", "loydy", "loytyis", "loytyisi"})
# A liking verb next to the negation negates the whole clause, also what comes before it:
# "yrittäjyys ei kiinnosta", "vård intresserar mig inte", "hoitoala ei oo mun juttu".
_LIKING = re.compile(
    r"^(kiinnost|huvit|intresser|lockar|passar|kay$|sovi|sopi|juttu|grej|gillar|tykkaa|tykkaisin)"
)
_LIKING_WINDOW = 3
# Clause breaks: "men", "mutta", "mut", "vaan"; "eikä", "enkä" break and negate.
_BREAKS = frozenset({"men", "mutta", "mut", "vaan"})
_BREAK_AND_NEGATE = frozenset({"eika", "enka"})
# "har varit lagerarbetare", "oon ollu kokkina": what someone did, not what they want
_PAST = frozenset(
    {
        ("har", "varit"),
        ("har", "jobbat"),
        ("har", "arbetat"),
        ("ha", "vari"),
        ("olen", "ollut"),
        ("oon", "ollu"),
        ("oon", "ollut"),
        ("olen", "tehnyt"),
        ("oon", "tehny"),
        ("oon", "tehnyt"),
    }
)
_PAST_WORDS = frozenset({"jobbade", "arbetade", "olin", "tein", "tyoskentelin"})
_PAST_ENDS = frozenset(
    {"vill", "haluan", "haluisin", "haluaisin", "haluun", "skulle", "sku", "toivon", "nu", "nyt"}
)
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*-?|[.,;!?]")


@dataclass(frozen=True)
class Parts:
    """A message split into what the person wants, what they refuse, and past work."""

    wanted: str
    refused: str
    past: str = ""


def _negates(words: list[str], i: int, question: bool) -> bool:
    """Whether ``words[i]`` negates what follows it in its clause."""
    word = words[i]
    before = words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if word in ("en", "et"):
        if not after or after in _SWEDISH_LOOKS_FINNISH:
            return False
        return bool(_FI_NEGATION_VERB.match(after) or _FI_CASE.match(after))
    if word not in _NEGATIONS:
        return False
    if before in _NO_NEGATION_BEFORE or after in _NO_NEGATION_AFTER:
        return False
    if word in ("inga", "ingen", "inget") and before in _ASKING_BEFORE:
        return False
    return not (word == "ei" and question and after in _ASKING_AFTER)


def _clauses(text: str) -> list[tuple[list[str], bool]]:
    """The clauses of folded text: their words, and whether a "?" ends them.

    Punctuation and "men", "mutta", "mut", "vaan" end a clause; "eikä", "enkä" end one and
    start a negated one; "utan" after a negation ends one ("inte vård utan IT").
    """
    text = re.sub(r"(\w):(\w)", r"\1 \2", text)  # "it:stä"
    rough: list[tuple[list[str], bool]] = []
    current: list[str] = []
    for token in _TOKEN.findall(text):
        if token in ".,;!?":
            if current:
                rough.append((current, token == "?"))
            current = []
        elif token in _BREAKS or token in _BREAK_AND_NEGATE:
            if current:
                rough.append((current, False))
            current = [token] if token in _BREAK_AND_NEGATE else []
        else:
            current.append(token)
    if current:
        rough.append((current, False))
    out: list[tuple[list[str], bool]] = []
    for words, question in rough:
        start = 0
        negated = False
        for i, word in enumerate(words):
            if word == "utan" and negated:
                out.append((words[start:i], question))
                start, negated = i + 1, False
            elif _negates(words, i, question):
                negated = True
        out.append((words[start:], question))
    return [(w, q) for w, q in out if w]


def split_negations(text: str) -> Parts:
    """What the person wants, what they refuse and what they did before (folded text).

    Clause by clause: after a negation word ("inte", "inget", "utan", "utom", "ei", "en halua",
    "ilman", "paitsi", "eikä") the rest of the clause is refused; with a liking verb next to
    the negation ("ei mua kiinnosta mikään yrittäjyys", "vård intresserar mig inte") the whole
    clause is. "men", "mutta", "vaan" and "utan" after a negation start a new clause
    ("inte vård utan IT"). "vet inte", "ei väliä", "spelar ingen roll" and questions like
    "finns det inga ...?" refuse nothing. Past work ("har varit lagerarbetare") is neither.
    """
    wanted: list[str] = []
    refused: list[str] = []
    past: list[str] = []
    for words, question in _clauses(fold(text)):
        cue = next((i for i in range(len(words)) if _negates(words, i, question)), None)
        if cue is not None:
            near = words[max(0, cue - _LIKING_WINDOW) : cue + _LIKING_WINDOW + 1]
            if any(_LIKING.match(w) for w in near):
                refused.extend(words)
                continue
            refused.extend(words[cue + 1 :])
            words = words[:cue]
        in_past = False
        for j, word in enumerate(words):
            nxt = words[j + 1] if j + 1 < len(words) else ""
            if word in _PAST_WORDS or (word, nxt) in _PAST:
                in_past = True
            elif in_past and word in _PAST_ENDS:
                in_past = False
            (past if in_past else wanted).append(word)
    return Parts(" ".join(wanted), " ".join(refused), " ".join(past))
