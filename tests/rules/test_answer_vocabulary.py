"""Every entry of the parsers' data files is used: alone (in a short message), it gives its code.

An entry that another entry hides, or that a parser never reads (as the "no benefit" words
once were), fails here with the file, the list and the entry in the test id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from bot.rules import answers
from bot.rules.corrections import find_correction, question_named_in
from bot.rules.lexicon import DATA, load
from bot.text import fold

TODAY = date(2026, 12, 2)
NOT = "inte"  # a negation cue, for the lists that count only when negated


def sample(entry: str) -> str:
    """A message made of the entry: stems and suffixes as bare words, "*" as a filler word."""
    words = []
    for chunk in entry.split():
        if chunk == "*":
            words.append("xx")
        elif chunk.startswith("*"):
            words.append("xx" + chunk.strip("*"))
        else:
            words.append(chunk.rstrip("*"))
    return " ".join(words)


Check = Callable[[str], Any]


def _entries() -> Iterator[Any]:
    """(file, list, entry, check, expected) for every entry of every parser's data file."""

    def cases(name: str, key: str, items: Any, check: Check, expected: Any) -> Iterator[Any]:
        for entry in items or ():
            text = sample(str(entry))
            yield pytest.param(text, check, expected, id=f"{name}:{key}:{entry}")

    for rule in load("situations")["rules"]:
        negated = bool(rule.get("negated"))
        yield from cases(
            "situations",
            rule["code"],
            rule["words"],
            (lambda t, n=negated: answers.parse_situation(f"{NOT} {t}" if n else t)),
            rule["code"],
        )

    ben = load("benefits")
    for code, words in ben["specific"].items():
        yield from cases("benefits", code, words, answers.parse_benefit, code)
    yield from cases(
        "benefits",
        "ended",
        ben["ended"],
        lambda t: answers.parse_benefit(f"ansiosidonnainen {t}, nyt työmarkkinatuki"),
        "general_support",
    )
    yield from cases("benefits", "none", ben["none"], answers.parse_benefit, "none")
    yield from cases(
        "benefits",
        "none_negated",
        ben["none_negated"],
        lambda t: answers.parse_benefit(f"{NOT} {t}"),
        "none",
    )
    yield from cases("benefits", "kela", ben["kela"], answers.parse_benefit, "kela_unspecified")
    yield from cases("benefits", "unknown", ben["unknown"], answers.parse_benefit, "unknown")
    yield from cases(
        "benefits",
        "unknown_negated",
        ben["unknown_negated"],
        lambda t: answers.parse_benefit(f"{NOT} {t}"),
        "unknown",
    )

    lang = load("languages")
    for code, words in lang["languages"].items():
        yield from cases("languages", code, words, answers.parse_native_language, code)
    for level, words in lang["levels"].items():
        yield from cases(
            "languages",
            level,
            words,
            lambda t: answers.parse_other_languages(f"engelska {t}"),
            [{"language": "en", "level": level}],
        )
    yield from cases(
        "languages",
        "same",
        lang["same"],
        lambda t: [
            x["level"] for x in answers.parse_other_languages(f"finska flytande, tyska {t}")
        ],
        ["fluent", "fluent"],
    )
    yield from cases("languages", "none", lang["none"], answers.parse_other_languages, [])
    yield from cases(
        "languages",
        "service_same",
        lang["service_same"],
        lambda t: (
            answers.parse_service_language(t, "sv"),
            answers.parse_service_language(t, "fi"),
        ),
        ("sv", "fi"),
    )

    yes_no = load("yes_no")
    yield from cases("yes_no", "yes", yes_no["yes"], answers.parse_yes_no, True)
    yield from cases("yes_no", "no", yes_no["no"], answers.parse_yes_no, False)
    yield from cases("yes_no", "no_phrases", yes_no["no_phrases"], answers.parse_yes_no, False)
    yield from cases(
        "yes_no", "polite", yes_no["polite"], lambda t: answers.is_bare_yes_no(f"ja {t}"), True
    )

    yield from cases(
        "age",
        "born",
        load("age")["born"],
        lambda t: answers.parse_age(f"{t} 75", TODAY).birth_year,
        1975,
    )

    dur = load("durations")

    def months(text: str) -> float:
        return round(answers.parse_duration_months(text, TODAY), 2)

    for value, words in dur["numbers"].items():
        yield from cases(
            "durations", f"numbers {value}", words, lambda t: months(f"{t} kuukautta"), float(value)
        )
    for name, unit in dur["units"].items():
        size = float(unit["months"])
        yield from cases(
            "durations",
            f"{name} words",
            unit["words"],
            lambda t: months(f"3 {t}"),
            round(3 * size, 2),
        )
        yield from cases("durations", f"{name} alone", unit["alone"], months, round(size, 2))
    yield from cases(
        "durations", "plus_half", dur["plus_half"], lambda t: months(f"2 {t} kuukautta"), 2.5
    )
    yield from cases("durations", "almost", dur["almost"], lambda t: months(f"{t} 3 kuukautta"), 2)
    yield from cases("durations", "over", dur["over"], lambda t: months(f"{t} 3 kuukautta"), 4)
    for month, words in dur["months"].items():
        yield from cases(
            "durations",
            f"month {month}",
            words,
            lambda t: months(f"sedan {t}"),
            (12 - int(month)) % 12,
        )
    for month, words in dur["seasons"].items():
        yield from cases("durations", f"season {month}", words, months, (12 - int(month)) % 12)
    yield from cases("durations", "end_of", dur["end_of"], lambda t: months(f"{t} september"), 2)
    yield from cases(
        "durations", "last_year", dur["last_year"], lambda t: months(f"sedan mars {t}"), 21
    )
    yield from cases("durations", "new_year", dur["new_year"], lambda t: months(f"sedan {t}"), 11)
    yield from cases(
        "durations",
        "anniversary",
        dur["anniversary"],
        lambda t: months(f"det {t} två år i mars"),
        21,
    )
    yield from cases("durations", "now", dur["now"], months, 0)

    edu = load("education")
    for code, words in edu["levels"].items():
        yield from cases("education", code, words, answers.parse_education, code)
    yield from cases(
        "education",
        "degree_words",
        edu["degree_words"],
        lambda t: answers.parse_education(f"{NOT} {t}"),
        "none",
    )
    yield from cases("education", "none", edu["none"], answers.parse_education, "none")
    yield from cases(
        "education",
        "none_negated",
        edu["none_negated"],
        lambda t: answers.parse_education(f"{NOT} {t}"),
        "none",
    )
    yield from cases(
        "education",
        "foreign",
        edu["foreign"],
        lambda t: answers.parse_education(f"universitet i {t}"),
        "foreign",
    )
    yield from cases(
        "education",
        "unfinished",
        edu["unfinished"],
        lambda t: answers.parse_education_detail(f"gymnasiet {t}"),
        answers.EducationAnswer("basic", "upper_secondary"),
    )

    occ = load("occupations")
    for group, words in occ["groups"].items():
        if group:
            yield from cases("occupations", group, words, answers.parse_occupation, group)
    yield from cases("occupations", "none", occ["none"], answers.parse_occupation, "none")
    yield from cases(
        "occupations", "work", occ["work"], lambda t: answers.parse_occupation(f"{NOT} {t}"), "none"
    )

    fields = load("fields")
    for code, words in fields["fields"].items():
        if code:
            yield from cases("fields", code, words, answers.parse_fields, [code])
    yield from cases("fields", "any", fields["any"], answers.parse_fields, ["any"])

    for code, words in load("help")["topics"].items():
        yield from cases("help", code, words, answers.parse_help, [code])

    channels = load("channels")
    for code, words in channels["channels"].items():
        yield from cases("channels", code, words, answers.parse_channel, code)
    yield from cases(
        "channels",
        "prefer",
        channels["prefer"],
        lambda t: answers.parse_channel(f"telefon, {t} video"),
        "video",
    )

    work = load("work_ability")
    ability = answers.parse_work_ability
    for key, check, expected in (
        ("skip", ability, "skipped"),
        ("answer", lambda t: ability(f"{NOT} {t}"), "skipped"),
        ("tell", lambda t: ability(f"{NOT} {t}"), "skipped"),
        ("admit", lambda t: ability(f"{t}, men vill inte svara"), "limited"),
        ("limit", ability, "limited"),
        ("ability", lambda t: ability(f"{NOT} {t}"), "limited"),
        ("condition", ability, "limited"),
        ("condition", lambda t: ability(f"{t} lite"), "mild"),
        ("condition", lambda t: ability(f"{NOT} {t}"), "none"),
        ("mild", lambda t: ability(f"rygg {t}"), "mild"),
        ("resolved", lambda t: ability(f"rygg {t}"), "none"),
        ("none", ability, "none"),
        ("none_negated", lambda t: ability(f"{NOT} {t}"), "none"),
        ("effect", answers.parse_work_ability_effect, True),
        ("effect", lambda t: answers.parse_work_ability_effect(f"{NOT} {t}"), False),
        ("effect_yes", answers.parse_work_ability_effect, True),
        ("effect_no", answers.parse_work_ability_effect, False),
        ("effect_unknown", answers.parse_work_ability_effect, None),
    ):
        yield from cases("work_ability", key, work[key], check, expected)

    facts = load("facts")
    for code, fact in facts["facts"].items():
        yield from cases("facts", code, fact.get("words"), answers.facts_in, (code,))
    yield from cases(
        "facts",
        "hypothetical before",
        facts["hypothetical"]["before"],
        lambda t: answers.facts_in(f"{t} truckkort"),
        (),
    )
    yield from cases(
        "facts",
        "hypothetical after",
        facts["hypothetical"]["after"],
        lambda t: answers.facts_in(f"truckkort {t}"),
        (),
    )

    grammar = load("grammar")
    fields_of = answers.parse_fields_detail
    yield from cases(
        "grammar",
        "negation",
        grammar["negation"],
        lambda t: fields_of(f"{t} vård").excluded,
        ("09",),
    )
    yield from cases(
        "grammar",
        "conditions",
        grammar["conditions"],
        lambda t: fields_of(f"{t} vård inte").codes,
        ("09",),
    )
    yield from cases(
        "grammar", "breaks", grammar["breaks"], lambda t: fields_of(f"vård {t} inte").codes, ("09",)
    )
    yield from cases(
        "grammar",
        "conjunctions",
        grammar["conjunctions"],
        lambda t: fields_of(f"inte vård {t} barn").excluded,
        ("09", "01"),
    )

    corrections = load("corrections")
    for question, entry in corrections["questions"].items():
        for key in ("names", "cues"):
            yield from cases(
                "corrections", f"{question} {key}", entry.get(key), question_named_in, question
            )

    def corrected(text: str) -> tuple[str, str] | None:
        found = find_correction(text, "occupation")
        return None if found is None else (found.question, found.value_text)

    yield from cases(
        "corrections",
        "markers",
        corrections["markers"],
        lambda t: corrected(f"{t}, jag bor i Borgå"),
        ("municipality", "Borgå"),
    )
    yield from cases(
        "corrections",
        "contrast",
        corrections["contrast"],
        lambda t: corrected(f"förresten bor jag i Sibbo {t} jag bor i Borgå"),
        ("municipality", "Borgå"),
    )
    yield from cases(
        "corrections",
        "denial",
        corrections["denial"],
        lambda t: corrected(f"syntymävuosi on 1971 {t} 1917"),
        ("age_group", "1971"),
    )
    yield from cases(
        "corrections",
        "fillers",
        corrections["fillers"],
        lambda t: corrected(f"syntymävuosi {t} 1971"),
        ("age_group", "1971"),
    )


@pytest.mark.parametrize(("text", "check", "expected"), list(_entries()))
def test_entry_alone_gives_its_code(text: str, check: Check, expected: Any) -> None:
    assert check(text) == expected


# The data files of the answer parsers and of bot/rules/corrections.py.
ANSWER_FILES = frozenset(
    "age benefits channels corrections durations education facts fields grammar help languages "
    "occupations situations work_ability yes_no".split()
)


def test_every_answer_data_file_is_checked() -> None:
    checked = {param.id.split(":")[0] for param in _entries()}
    assert checked == ANSWER_FILES
    assert ANSWER_FILES <= {path.stem for path in DATA.glob("*.yml")}


def _listed(node: Any) -> Iterator[Any]:
    """Every item of every list in a data file (the entries; labels are not in lists)."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _listed(value)
    elif isinstance(node, list):
        for item in node:
            yield from _listed(item) if isinstance(item, dict | list) else [item]


@pytest.mark.parametrize("name", sorted(ANSWER_FILES))
def test_entries_are_folded_text(name: str) -> None:
    for entry in _listed(load(name)):
        assert isinstance(entry, str), f"{entry!r} must be quoted text"
        assert entry == fold(entry), f"{entry!r} must be folded: {fold(entry)!r}"
