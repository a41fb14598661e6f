"""The service phone line's opening hours, in Europe/Helsinki time (pure functions).

Staff write the week as a short spec, "mon-thu 9-15, fri 9-12" (Swedish and Finnish day
names work too: "må-to 9-15, fre 9-12", "ma-to 9-15, pe 9-12"; a day may have several
periods: "mon-fri 9-11.30 13-15"). The line is closed on the days the offices are closed
(:func:`bot.rules.slots.finnish_holidays`) and on any extra closed days. Opening times are
local wall-clock times, so a period starts at 9.00 on the clock in summer and in winter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.rules.slots import HELSINKI, finnish_holidays
from bot.rules.timefmt import WEEKDAYS, when

Period = tuple[time, time]  # start (inclusive) and end (exclusive), local

# Day names in specs, Monday first: English, Swedish (with and without å/ö) and Finnish.
DAY_NAMES: tuple[tuple[str, ...], ...] = (
    ("mon", "monday", "må", "mån", "ma", "man", "maanantai"),
    ("tue", "tues", "tuesday", "ti", "tis", "tisdag", "tiistai"),
    ("wed", "wednesday", "on", "ons", "onsdag", "ke", "keskiviikko"),
    ("thu", "thur", "thurs", "thursday", "to", "tor", "tors", "torsdag", "torstai"),
    ("fri", "friday", "fr", "fre", "fredag", "pe", "perjantai"),
    ("sat", "saturday", "lö", "lör", "lo", "lor", "lördag", "lordag", "la", "lauantai"),
    ("sun", "sunday", "sö", "sön", "so", "son", "söndag", "sondag", "su", "sunnuntai"),
)
_DAY = {name: index for index, names in enumerate(DAY_NAMES) for name in names}
_CLOCK = re.compile(r"(\d{1,2})(?:[.:](\d{2}))?")
SEARCH_DAYS = 400  # next_opening looks this far ahead before it gives up

TODAY = {"sv": "i dag", "fi": "tänään"}
TOMORROW = {"sv": "i morgon", "fi": "huomenna"}
CLOCK_WORD = {"sv": "kl.", "fi": "klo"}


@dataclass(frozen=True)
class OpeningHours:
    """When the line is open.

    Attributes:
        week: seven tuples of periods, Monday first.
        closed: extra closed days; the Finnish holidays are always closed.
    """

    week: tuple[tuple[Period, ...], ...]
    closed: frozenset[date] = frozenset()

    def periods(self, day: date) -> tuple[Period, ...]:
        """The periods on ``day``: none on a holiday or a closed day."""
        if day in self.closed or day in finnish_holidays(day.year):
            return ()
        return self.week[day.weekday()]


def _clock(text: str, item: str) -> time:
    m = _CLOCK.fullmatch(text)
    if m is None or int(m[1]) > 23 or (m[2] is not None and int(m[2]) > 59):
        raise ValueError(f"opening hours: {text!r} in {item!r} is not a time like 9, 9.30 or 09:30")
    return time(int(m[1]), int(m[2] or 0))


def _days(text: str, item: str) -> list[int]:
    first, _, last = text.partition("-")
    try:
        start, end = _DAY[first], _DAY[last or first]
    except KeyError:
        raise ValueError(
            f"opening hours: {text!r} in {item!r} is not a day or days like mon, mon-thu"
        ) from None
    if end < start:
        raise ValueError(f"opening hours: {text!r} in {item!r} must run from Monday towards Sunday")
    return list(range(start, end + 1))


def parse_hours(spec: str, closed: frozenset[date] = frozenset()) -> OpeningHours:
    """Opening hours from a spec like "mon-thu 9-15, fri 9-12".

    Items are separated by commas or semicolons; each is a day or a day range and one or
    more periods "start-end" (9, 9.30 or 09:30; the end is not included). Days not named
    are closed.

    Args:
        spec: the week, as staff write it.
        closed: extra closed days besides the Finnish holidays.

    Raises:
        ValueError: with a message naming the part of ``spec`` that is wrong.
    """
    week: list[list[Period]] = [[] for _ in range(7)]
    normalised = re.sub(r"\s*[-–—]\s*", "-", spec.strip().lower())
    items = [item.strip() for item in re.split(r"[,;\n]", normalised) if item.strip()]
    if not items:
        raise ValueError('opening hours: the spec is empty; write e.g. "mon-thu 9-15, fri 9-12"')
    for item in items:
        days_text, _, periods_text = item.partition(" ")
        periods = [p for p in re.split(r"[\s&+/]+", periods_text) if p]
        if not periods:
            raise ValueError(f"opening hours: {item!r} has no times; write e.g. 'fri 9-12'")
        for period in periods:
            start_text, dash, end_text = period.partition("-")
            if not dash:
                raise ValueError(f"opening hours: {period!r} in {item!r} is not start-end")
            start, end = _clock(start_text, item), _clock(end_text, item)
            if end <= start:
                raise ValueError(f"opening hours: {period!r} in {item!r} ends before it starts")
            for day in _days(days_text, item):
                if any(start < e and s < end for s, e in week[day]):
                    raise ValueError(
                        f"opening hours: {period!r} in {item!r} overlaps another period "
                        f"on {DAY_NAMES[day][0]}"
                    )
                week[day].append((start, end))
    return OpeningHours(tuple(tuple(sorted(day)) for day in week), closed)


def _local(moment: datetime) -> datetime:
    """Aware moments in Helsinki time; a naive one is taken as Helsinki wall-clock time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=HELSINKI)
    return moment.astimezone(HELSINKI)


def is_open(hours: OpeningHours, now: datetime) -> bool:
    """Whether the line is open at ``now``."""
    local = _local(now)
    clock = local.time()
    return any(start <= clock < end for start, end in hours.periods(local.date()))


def next_opening(hours: OpeningHours, now: datetime) -> datetime:
    """The next moment the line is open, in Helsinki time: ``now`` itself when it is open.

    Skips weekends, holidays and closed days, across the year end and the changes to and
    from summer time (a 9.00 opening is 9.00 on the clock).

    Raises:
        ValueError: when the line never opens within :data:`SEARCH_DAYS` days.
    """
    local = _local(now)
    if is_open(hours, local):
        return local
    for offset in range(SEARCH_DAYS):
        day = local.date() + timedelta(days=offset)
        for start, _ in hours.periods(day):
            opening = datetime.combine(day, start, tzinfo=HELSINKI)
            if opening > local:
                return opening
    raise ValueError(f"opening hours: the line does not open within {SEARCH_DAYS} days")


def describe_next_opening(moment: datetime, now: datetime, language: str) -> str:
    """``moment`` in plain words, as seen from ``now``.

    Swedish: "i dag kl. 13.00", "i morgon torsdag kl. 9.00", "måndag 7.12 kl. 9.00";
    Finnish: "tänään klo 13.00", "huomenna torstaina klo 9.00", "maanantaina 7.12. klo 9.00".
    Any language other than "fi" is written in Swedish.
    """
    language = "fi" if language == "fi" else "sv"
    local, today = _local(moment), _local(now).date()
    clock = f"{CLOCK_WORD[language]} {local.hour}.{local.minute:02d}"
    if local.date() == today:
        return f"{TODAY[language]} {clock}"
    if local.date() == today + timedelta(days=1):
        return f"{TOMORROW[language]} {WEEKDAYS[language][local.weekday()]} {clock}"
    return when(local, language)


_DAY_SHORT = {
    "sv": ("mån", "tis", "ons", "tors", "fre", "lör", "sön"),
    "fi": ("ma", "ti", "ke", "to", "pe", "la", "su"),
}
_WEEKDAYS_WORD = {"sv": "vardagar", "fi": "arkisin"}


def _clock_text(moment: time) -> str:
    return f"{moment.hour}" if moment.minute == 0 else f"{moment.hour}.{moment.minute:02d}"


def describe_hours(hours: OpeningHours, language: str) -> str:
    """The week in plain words: "vardagar kl. 9–15" / "arkisin klo 9–15",
    "mån–tors kl. 9–15, fre kl. 9–12"."""
    clock = CLOCK_WORD[language]
    groups: list[tuple[int, int, tuple[Period, ...]]] = []
    for index, periods in enumerate(hours.week):
        if groups and groups[-1][2] == periods and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], index, periods)
        else:
            groups.append((index, index, periods))
    parts = []
    for first, last, periods in groups:
        if not periods:
            continue
        if (first, last) == (0, 4):
            days = _WEEKDAYS_WORD[language]
        elif first == last:
            days = _DAY_SHORT[language][first]
        else:
            days = f"{_DAY_SHORT[language][first]}–{_DAY_SHORT[language][last]}"
        times = ", ".join(f"{_clock_text(a)}–{_clock_text(b)}" for a, b in periods)
        parts.append(f"{days} {clock} {times}")
    return ", ".join(parts)
