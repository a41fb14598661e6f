"""How a meeting-time wish is read from a message: words, tokens, days, clock times, places.

The words are data (bot/rules/data/slot_wish.yml), loaded once at import. The message is cut
into folded tokens; the readers here find the days (dates, days of the month, weekdays, weeks,
ranges and bounds), the time of day and clock time, the place and the channel. Local
(Europe/Helsinki) calendar days. :mod:`bot.rules.slot_wish` puts them together in a
``SlotWish`` and re-exports the public names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.rules.municipalities import match_municipality, match_municipality_strict
from bot.text import fold

DATA = Path(__file__).with_name("data") / "slot_wish.yml"
OPEN_RANGE_DAYS = 21  # "efter den 10" / "maanantaista alkaen": this many days from the bound
PAST_TOLERANCE_DAYS = 31  # "5.1" more than this behind today means next year's 5.1
MAX_TEXT = 500

TimeOfDay = Literal["morning", "afternoon"]
Channel = Literal["visit", "phone", "video"]
CHANNELS: tuple[Channel, ...] = ("visit", "phone", "video")


def _pattern(entries: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for entry in sorted(entries, key=len, reverse=True):
        core = re.escape(entry.strip("*"))
        core = (r"\S*" if entry.startswith("*") else "") + core
        parts.append(core + (r"\S*" if entry.endswith("*") else ""))
    if not parts:
        return re.compile(r"(?!)")  # an empty list matches nothing
    return re.compile(r"(?<!\S)(?:" + "|".join(parts) + r")(?!\S)")


_DATA: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))  # once, at import
_PHRASES = {name: _pattern(entries) for name, entries in _DATA["phrases"].items()}
_MONTHS = [_pattern(names) for names in _DATA["months"]]
_DAY_WORD = _pattern(_DATA["day_word"])
_OFFICE = _pattern(_DATA["office_words"])
_NUMBERS: dict[str, list[str]] = _DATA["numbers"]
_SET = {
    key: frozenset(_DATA[key])
    for key in (
        "clock clock_after half before after after_post before_post inclusive range_join "
        "range_and range_marker negation negation_filler place_markers"
    ).split()
}
_TOKEN = re.compile(r"\d{1,2}[.:/]\d{1,2}(?:[./]\d{2,4})?\.?|\d+\.?|-|[^\W\d_]+")
_DATE = re.compile(r"(\d{1,2})[./](\d{1,2})(?:[./](\d{2,4}))?\.?")
_CLOCK = re.compile(r"(\d{1,2})[.:](\d{2})\.?")
_NUMBER = re.compile(r"(\d{1,2})\.?")


def _is_date(t: str) -> bool:
    m = _DATE.fullmatch(t)
    return m is not None and 1 <= int(m[1]) <= 31 and 1 <= int(m[2]) <= 12


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", str(text)[:MAX_TEXT]).replace("–", "-").replace("—", "-")
    return _TOKEN.findall(fold(text))


def _spans(pattern: re.Pattern[str], toks: Sequence[str]) -> list[tuple[int, int]]:
    joined = " ".join(toks)
    return [
        (joined[: m.start()].count(" "), joined[: m.end()].count(" ") + 1)
        for m in pattern.finditer(joined)
    ]


def _at(toks: Sequence[str], i: int) -> str:
    return toks[i] if 0 <= i < len(toks) else ""


def _run(first: date, last: date) -> list[date]:
    first, last = min(first, last), max(first, last)
    return [first + timedelta(days=k) for k in range((last - first).days + 1)]


def _infer(today: date, day: int, month: int, year: int | None = None) -> date | None:
    """The date of "7.12": this year's, or next year's when this year's is long past."""
    try:
        if year is not None:
            return date(year + 2000 if year < 100 else year, month, day)
        moment = date(today.year, month, day)
        if moment < today - timedelta(days=PAST_TOLERANCE_DAYS):
            moment = date(today.year + 1, month, day)
        return moment
    except ValueError:
        return None


def _day_of_month(today: date, day: int) -> date | None:
    """This month's day for "den 10", or next month's when this month's has passed."""
    month, year = today.month, today.year
    if day < today.day:
        month, year = (1, year + 1) if month == 12 else (month + 1, year)
    return _infer(today, day, month, year)


def _month(word: str) -> int:
    return next((n for n, pattern in enumerate(_MONTHS, 1) if pattern.fullmatch(word)), 0)


def _hour(n: int) -> int | None:
    """Office hours: "kl 2" / "kahdelta" is 14.00."""
    if 1 <= n <= 6:
        return n + 12
    return n if 7 <= n <= 23 else None


def _word_hour(toks: Sequence[str], i: int) -> tuple[int, bool] | None:
    """An hour written as a word, and whether it is a clock time by itself ("kymmeneltä")."""
    t, prev, nxt = toks[i], _at(toks, i - 1), _at(toks, i + 1)
    marked = prev in _SET["clock"] or prev in _SET["half"]
    for n in range(12, 0, -1):
        if t.startswith(_NUMBERS["fi_at"][n - 1]) or t == _NUMBERS["sv"][n - 1] + "tiden":
            return n, True
    for key in ("sv", "fi", "fi_of", "fi_part"):
        if t in _NUMBERS[key]:
            return _NUMBERS[key].index(t) + 1, marked or nxt in _SET["clock_after"]
    return None


def _clocks(toks: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """(start, end, hour, minute) of every clock time: "kl 10", "13.30", "vid tio"."""
    out = []
    for i, t in enumerate(toks):
        prev, nxt = _at(toks, i - 1), _at(toks, i + 2 if _at(toks, i + 1) == "-" else i + 1)
        marked = prev in _SET["clock"] or nxt in _SET["clock_after"]
        bounded = _at(toks, i - 1 - (prev in _SET["clock"])) in _SET["before"] | _SET["after"]
        bounded = bounded or nxt in _SET["after_post"] | _SET["before_post"]
        hour, minute = None, 0
        if (m := _CLOCK.fullmatch(t)) and (":" in t or marked or not _is_date(t)):
            hour, minute = _hour(int(m[1])), int(m[2])
        elif (m := _NUMBER.fullmatch(t)) and (marked or bounded):
            day = prev == "den" or _DAY_WORD.fullmatch(_at(toks, i + 1)) or _month(nxt)
            hour = None if day else _hour(int(m[1]))
        elif (word := _word_hour(toks, i)) and (word[1] or bounded):
            hour = _hour(word[0])
        if hour is not None and minute < 60:
            if prev in _SET["half"]:  # "halv tio", "puoli kymmenen": 9.30
                hour, minute = hour - 1, 30
            out.append((i - (prev in _SET["clock"] | _SET["half"]), i + 1, hour, minute))
    return out


def _bound(toks: Sequence[str], start: int, end: int) -> tuple[str | None, bool]:
    """Whether toks[start:end] is bounded ("before" / "after"), and if the bound day counts.

    The bound day counts for "från", "till", "alkaen", "asti"; not for "efter", "ennen".
    """
    before, after = _at(toks, start - 1), _at(toks, end)
    if before in ("den", "pa", "kl", "klo"):
        before = _at(toks, start - 2)
    for side in ("before", "after"):
        if before in _SET[side]:
            return side, before in _SET["inclusive"]
        if after in _SET[side + "_post"]:
            return side, after in _SET["inclusive"]
    return None, False


def _time(
    toks: Sequence[str], spans: dict[str, list[tuple[int, int]]]
) -> tuple[TimeOfDay | None, int | None, int | None]:
    """The time of day and the clock time; a bound ("före tolv") only gives the time of day."""
    other = {"morning": "afternoon", "afternoon": "morning"}
    parts = {
        other[name] if _negated(toks, start) else name
        for name in ("morning", "afternoon")
        for start, _ in spans[name]
    }
    hour = minute = None
    for start, end, h, m in _clocks(toks):
        side, _ = _bound(toks, start, end)
        if side == "before" and (h, m) <= (12, 0):  # "före tolv", "ennen kahtatoista"
            parts.add("morning")
        elif side == "after" and h >= 12:  # "efter tolv", "kahdentoista jälkeen"
            parts.add("afternoon")
        elif side is None and hour is None:
            hour, minute = h, m
        spans["clock"].append((start, end))
    part: TimeOfDay | None = None
    if len(parts) == 1:  # both said: either suits
        part = "morning" if "morning" in parts else "afternoon"
    return part, hour, minute


def _negated(toks: Sequence[str], i: int) -> bool:
    """Denied: "inte på fredag", "ei puhelimessa", "en pääse maanantaina"."""
    prev, before = _at(toks, i - 1), _at(toks, i - 2)
    filler = prev in _SET["negation_filler"]
    return prev in _SET["negation"] or (filler and before in _SET["negation"] | {"en"})


def _weekday(toks: Sequence[str], i: int, clock_at: set[int]) -> int | None:
    t = toks[i]
    for wd, stems in enumerate(_DATA["weekdays"]):
        if any(t.startswith(stem) for stem in stems) or t == _DATA["weekday_short"][wd]:
            return wd
    if i + 1 in clock_at or _is_date(_at(toks, i + 1)):  # "ti klo 10", "ma 7.12."
        return next((wd for wd, ab in enumerate(_DATA["weekday_abbreviations"]) if t in ab), None)
    return None


_Atom = tuple[int, int, list[date]]  # a token span and the days it names


def _atoms(toks: Sequence[str], today: date, spans: dict[str, Any]) -> tuple[list[_Atom], ...]:
    """Dates, days of the month and weekdays named, and the weekdays said not to suit."""
    taken = {i for s, e in spans["clock"] for i in range(s, e)}
    weeks = ("this_week", "next_week", "week_after_next")
    week = next((offset for offset, name in enumerate(weeks) if spans[name]), None)
    monday = today - timedelta(days=today.weekday())
    atoms: list[_Atom] = []
    excluded: list[_Atom] = []
    for i, t in enumerate(toks):
        start = i - (_at(toks, i - 1) == "den")
        if i in taken:
            continue
        if m := _DATE.fullmatch(t):
            day = _infer(today, int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
            atoms += [(start, i + 1, [day])] if day else []
        elif m := _NUMBER.fullmatch(t):
            j = i + 1 + (_at(toks, i + 1) == "e")  # "den 7:e december"
            day_word = bool(_DAY_WORD.fullmatch(_at(toks, i + 1)))
            if _month(_at(toks, j)) and (day := _infer(today, int(m[1]), _month(toks[j]))):
                atoms.append((start, j + 1, [day]))
            elif (start < i or day_word) and (day := _day_of_month(today, int(m[1]))):
                atoms.append((start, i + 1 + day_word, [day]))
        elif (wd := _weekday(toks, i, {s for s, _ in spans["clock"]})) is not None:
            if _is_date(_at(toks, i + 1)):
                continue  # "måndag 7.12": the date says it
            if week is None:
                day = today + timedelta(days=(wd - today.weekday() - 1) % 7 + 1)
            else:
                day = monday + timedelta(days=7 * week + wd)
            (excluded if _negated(toks, i) else atoms).append((i, i + 1, [day]))
    for name, offset in (("today", 0), ("tomorrow", 1), ("day_after_tomorrow", 2)):
        atoms += [(s, e, [today + timedelta(days=offset)]) for s, e in spans[name]]
    if not atoms and week is not None:  # "nästa vecka": Monday to Friday
        first = monday + timedelta(days=7 * week)
        days = [d for d in _run(first, first + timedelta(days=4)) if d >= today]
        atoms.append((-1, -1, days or _run(today, first + timedelta(days=6))))
    return sorted(atoms, key=lambda a: a[0]), excluded


def _days(toks: Sequence[str], today: date, spans: dict[str, Any]) -> tuple[date, ...] | None:
    atoms, excluded = _atoms(toks, today, spans)
    spans["dates"] = [(s, e) for s, e, _ in atoms + excluded]
    marked = any(t in _SET["range_marker"] for t in toks)
    days: set[date] = set()
    i = 0
    while i < len(atoms):
        start, end, found = atoms[i]
        between = toks[end : atoms[i + 1][0]] if i + 1 < len(atoms) else []
        word = between[0] if len(between) == 1 else ""
        if word in _SET["range_join"] or (marked and word in _SET["range_and"]):
            days.update(_run(found[0], atoms[i + 1][2][0]))  # "7.12-9.12", "mellan 7.12 och 9.12"
            i += 2
            continue
        lone, word = _NUMBER.fullmatch(_at(toks, start - 2)), _at(toks, start - 1)
        if lone and (word in _SET["range_join"] or word in _SET["range_and"]):
            first = _infer(today, int(lone[1]), found[0].month, found[0].year)
            ranged = marked or word in _SET["range_join"]  # "7.-9.12." but "7 och 9 dec"
            if first is not None and first <= found[0]:
                found = _run(first, found[0]) if ranged else [first, found[0]]
        side, inclusive = _bound(toks, start, end)
        if side == "after" and len(found) == 1:
            first = found[0] + timedelta(days=0 if inclusive else 1)
            found = _run(first, first + timedelta(days=OPEN_RANGE_DAYS - 1))
        elif side == "before" and len(found) == 1:
            found = _run(today, found[0] - timedelta(days=0 if inclusive else 1))
        days.update(found)
        i += 1
    if excluded and not days:  # "inte på fredag": the coming days but that one
        days = set(_run(today, today + timedelta(days=OPEN_RANGE_DAYS - 1)))
    days -= {d for _, _, found in excluded for d in found}
    return tuple(sorted(days)) if days else None


def _channel(toks: Sequence[str], spans: dict[str, list[tuple[int, int]]]) -> Channel | None:
    """The first channel named and not denied ("ei puhelimessa vaan toimistolla")."""
    found = [
        (start, name) for name in CHANNELS for start, _ in spans[name] if not _negated(toks, start)
    ]
    return min(found)[1] if found else None


def _municipality(toks: Sequence[str], covered: set[int]) -> str | None:
    """A place after "i" / "på" or next to an office word; else a name by itself."""
    for i, t in enumerate(toks):
        if i in covered or not t.isalpha():
            continue
        if _at(toks, i - 1) in _SET["place_markers"] or _OFFICE.fullmatch(_at(toks, i + 1)):
            match = match_municipality(t)
            if match.municipality is not None:
                return match.municipality.code
            if len(match.suggestions) == 1 and len(t) >= 5:
                return match.suggestions[0].code  # "i borgo", "lovissan toimistolla"
        elif (strict := match_municipality_strict(t)) is not None:
            return strict.code
    return None
