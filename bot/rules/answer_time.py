"""Answers that count time: a birth year or an age, and how long a situation has lasted.

Pure functions of the text and today's date. The words are data: bot/rules/data/age.yml and
bot/rules/data/durations.yml (read once, at import); the matching is bot/rules/lexicon.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.rules import lexicon as lx
from bot.rules.lexicon import AnswerError, Hit, Lexicon, Text, read

MIN_AGE, MAX_AGE = 15, 80
_BORN = Lexicon({"born": lx.load("age")["born"]})
_FOUR_DIGITS = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_NUMBER = re.compile(r"(?<!\w)([-'´`’‘]?)(\d{1,3})(?!\d)")


@dataclass(frozen=True)
class AgeAnswer:
    """A birth year (when given), the age group and the age it was computed from."""

    birth_year: int | None
    age_group: str
    age: int | None = None


def age_group_for(age: int) -> str:
    """The age group code of an age in years."""
    if age < 25:
        return "under_25"
    if age < 30:
        return "25_29"
    if age < 55:
        return "30_54"
    return "55_plus"


def age_from_birth_year(year: int, today: date) -> int:
    """The age of someone born in ``year``, one rule for every spelling of the year.

    The birthday is not asked, so it is assumed not to have passed yet this year:
    ``today.year - year - 1`` ("1996", "-96" and "född 96" all give 29 in 2026).
    """
    return today.year - year - 1


def _year_of(two_digits: int, today: date) -> int:
    year = 2000 + two_digits
    return year if year <= today.year - MIN_AGE else year - 100


def parse_age(text: str, today: date) -> AgeAnswer:
    """Parse "1987", "född -92", "96 syntynyt", "'96", "jag är 34", "olen 52v", "30 v".

    A four-digit number is a birth year. A two-digit number is a birth year when a mark is
    before it ("-96"), it starts with 0 ("05"), it is over :data:`MAX_AGE`, or a birth word
    (data/age.yml) is in the message; otherwise it is an age.

    Raises:
        AnswerError: ``age_not_understood`` or ``age_out_of_range``.
    """
    four = _FOUR_DIGITS.search(text)
    if four:
        year = int(four.group(1))
    else:
        number = _NUMBER.search(text)
        if number is None:
            raise AnswerError("age_not_understood")
        mark, digits = number.groups()
        value = int(digits)
        is_year = len(digits) == 2 and (
            bool(mark) or digits.startswith("0") or value > MAX_AGE or bool(_BORN.find(read(text)))
        )
        if not is_year:
            if not MIN_AGE <= value <= MAX_AGE:
                raise AnswerError("age_out_of_range", age=value)
            return AgeAnswer(None, age_group_for(value), value)
        year = _year_of(value, today)
    age = age_from_birth_year(year, today)
    if not MIN_AGE <= age <= MAX_AGE:
        raise AnswerError("age_out_of_range", year=year)
    return AgeAnswer(year, age_group_for(age), age)


_DUR = lx.load("durations")
_UNIT_MONTHS = {name: float(unit["months"]) for name, unit in _DUR["units"].items()}
_DURATION = Lexicon(
    {
        **{f"number {value}": words for value, words in _DUR["numbers"].items()},
        **{f"unit {name}": unit["words"] for name, unit in _DUR["units"].items()},
        **{f"alone {name}": unit["alone"] for name, unit in _DUR["units"].items()},
        **{f"month {m}": words for m, words in _DUR["months"].items()},
        **{f"season {m}": words for m, words in _DUR["seasons"].items()},
        **{key: _DUR[key] for key in ("plus_half", "almost", "over", "end_of", "last_year")},
        **{key: _DUR[key] for key in ("new_year", "anniversary", "now")},
    }
)
# words between a number and its unit, or an "almost" word and its amount
_DURATION_REACH = 2
_NOT_THE_SITUATION = Lexicon({"other time": _DUR["not_the_situation"]})
_YEAR = re.compile(r"(19|20)\d\d")


def duration_bucket(months: float) -> str:
    """The duration code for a number of months (12 or more is long-term)."""
    if months < 3:
        return "under_3m"
    if months < 12:
        return "3_12m"
    return "over_12m"


def _items(t: Text) -> dict[int, Hit]:
    """The duration words by position, digits included (as "number <value>")."""
    items = {h.start: h for h in _DURATION.find(t)}
    for i in range(len(t.tokens)):
        value = t.number(i)
        if value is not None and i not in items:
            items[i] = Hit(f"number {value:g}", i, i + 1, t.tokens[i].word)
    return items


def _before(t: Text, items: dict[int, Hit], start: int) -> Hit | None:
    """The duration word just before word ``start`` in its clause (at most two words between)."""
    close = [
        h
        for h in items.values()
        if h.end <= start and start - h.end <= _DURATION_REACH and t.same_clause(h.start, start)
    ]
    return max(close, key=lambda h: h.end, default=None)


def _amounts(t: Text, items: dict[int, Hit], today: date) -> list[float]:
    amounts: list[float] = []
    for hit in sorted(items.values(), key=lambda h: h.start):
        kind, _, name = hit.code.partition(" ")
        if kind not in ("unit", "alone"):
            continue
        first = hit
        count: float | None = 1.0 if kind == "alone" else None
        prior = _before(t, items, hit.start)
        if prior is not None and prior.code == "plus_half":
            number = _before(t, items, prior.start)
            if number is not None and number.code.startswith("number "):
                count, first = float(number.code.split()[1]) + 0.5, number
        elif prior is not None and prior.code.startswith("number "):
            count, first = float(prior.code.split()[1]) * (count or 1.0), prior
        following = items.get(hit.end)
        if count is None or (following is not None and _YEAR.fullmatch(following.entry)):
            continue  # "vuoden 2023 alusta" is a time, not an amount
        months = count * _UNIT_MONTHS[name]
        step = _UNIT_MONTHS["week"] if name == "week" else 1.0
        modifier = _before(t, items, first.start)
        if modifier is not None and modifier.code == "almost":
            months = max(months - step, 0.0)
        elif modifier is not None and modifier.code == "over":
            months += step
        amounts.append(months - _until_anniversary(t, items, hit, today))
    return amounts


def _until_anniversary(t: Text, items: dict[int, Hit], amount: Hit, today: date) -> float:
    """Months until the month named with "blir" / "tulee" ("he blir två år i mars": 3)."""
    in_sentence = [h for h in items.values() if t.same_sentence(h.start, amount.start)]
    month = next((h for h in in_sentence if h.code.startswith("month ")), None)
    if month is None or not any(h.code == "anniversary" for h in in_sentence):
        return 0.0
    return float((int(month.code.split()[1]) - today.month) % 12)


def _since(t: Text, items: dict[int, Hit], today: date) -> float | None:
    """Months since the first time named ("sedan mars", "syyskuun lopusta", "vuodesta 2022")."""
    ordered = sorted(items.values(), key=lambda h: h.start)
    for hit in ordered:
        kind, _, value = hit.code.partition(" ")
        if kind == "number" and _YEAR.fullmatch(hit.entry):
            if not any(h.code.partition(" ")[0] in ("month", "season") for h in ordered):
                return _months_between(int(hit.entry), 1, None, today)
        if kind not in ("month", "season", "new_year"):
            continue
        month = int(value) if value else 1
        near = [h for h in ordered if t.same_sentence(h.start, hit.start) and h is not hit]
        day = None
        if kind == "month":
            prior = items.get(hit.start - 1)
            if prior is not None and prior.code.startswith("number "):
                number = float(prior.code.split()[1])
                if number.is_integer() and 1 <= number <= 31:
                    day = int(number)
            if any(h.code == "end_of" and abs(h.start - hit.start) <= 2 for h in near):
                month += 1
        year = next(
            (
                int(h.entry)
                for h in near
                if _YEAR.fullmatch(h.entry) and abs(h.start - hit.start) <= 3
            ),
            None,
        )
        if year is None:
            year = today.year if month <= today.month else today.year - 1
            if any(h.code == "last_year" for h in near):
                year = min(year, today.year - 1)
        return _months_between(year, month, day, today)
    return None


def _months_between(year: int, month: int, day: int | None, today: date) -> float:
    if month > 12:
        year, month = year + 1, month - 12
    months = float((today.year - year) * 12 + today.month - month)
    if day is not None:
        months += (today.day - day) / 30
    if months < 0:
        raise AnswerError("duration_in_future")
    return months


def parse_duration_months(text: str, today: date) -> float:
    """How many months: "sedan mars", "2 år", "vajaa vuosi", "syyskuun lopusta", "vuodesta 2022".

    Raises:
        AnswerError: ``duration_not_understood`` or ``duration_in_future``.
    """
    t = read(text)
    items = _items(t)
    amounts = _amounts(t, items, today)
    if amounts:
        return max(amounts[-1], 0.0)
    since = _since(t, items, today)
    if since is not None:
        return since
    if any(h.code == "now" for h in items.values()):
        return 0.0
    raise AnswerError("duration_not_understood")


def duration_with_situation(text: str, today: date) -> float | None:
    """The months of a duration said together with the situation ("arbetslös sen oktober"),
    or None when the message gives none, or speaks of time at work or in school."""
    t = read(text)
    if _NOT_THE_SITUATION.find(t):
        return None
    items = _items(t)
    try:
        amounts = _amounts(t, items, today)
        if amounts:
            return max(amounts[-1], 0.0)
        return _since(t, items, today)
    except AnswerError:
        return None
