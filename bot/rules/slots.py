"""Bookable 45-minute slots of coaches, in Europe/Helsinki time (pure functions).

Working hours are local wall-clock times; each slot is created in local time and then
converted to UTC, so the week when Finland changes to or from summer time still gives
09.00, 09.45 ... on the clock. Weekends (no working hours), Finnish public holidays,
absences and booked meetings are never offered.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.easter import easter

HELSINKI = ZoneInfo("Europe/Helsinki")
SLOT_MINUTES = 45
MIN_LEAD = timedelta(hours=2)
FIRST_PAGE = 3  # slots the bot offers at a time


def finnish_holidays(year: int) -> dict[date, str]:
    """Days the offices are closed: public holidays plus Midsummer Eve and Christmas Eve."""
    e = easter(year)
    midsummer_eve = next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4)
    all_saints = next(
        d for d in (date(year, 10, 31) + timedelta(days=i) for i in range(7)) if d.weekday() == 5
    )
    return {
        date(year, 1, 1): "Nyårsdagen / Uudenvuodenpäivä",
        date(year, 1, 6): "Trettondagen / Loppiainen",
        e - timedelta(days=2): "Långfredagen / Pitkäperjantai",
        e + timedelta(days=1): "Annandag påsk / Toinen pääsiäispäivä",
        date(year, 5, 1): "Första maj / Vappu",
        e + timedelta(days=39): "Kristi himmelsfärdsdag / Helatorstai",
        midsummer_eve: "Midsommarafton / Juhannusaatto",
        midsummer_eve + timedelta(days=1): "Midsommardagen / Juhannuspäivä",
        all_saints: "Alla helgons dag / Pyhäinpäivä",
        date(year, 12, 6): "Självständighetsdagen / Itsenäisyyspäivä",
        date(year, 12, 24): "Julafton / Jouluaatto",
        date(year, 12, 25): "Juldagen / Joulupäivä",
        date(year, 12, 26): "Annandag jul / Tapaninpäivä",
    }


@dataclass(frozen=True)
class WorkingHours:
    """One weekday's working time (0 = Monday), local wall-clock."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class CoachSchedule:
    """What slot finding needs of a coach."""

    coach_id: int
    hours: tuple[WorkingHours, ...]
    absences: tuple[tuple[date, date], ...] = ()  # inclusive date ranges
    busy: frozenset[datetime] = frozenset()  # UTC starts of booked meetings


@dataclass(frozen=True, order=True)
class Slot:
    """A bookable slot (UTC start)."""

    start: datetime
    coach_id: int = field(compare=False)

    @property
    def end(self) -> datetime:
        """The end of the 45-minute slot."""
        return self.start + timedelta(minutes=SLOT_MINUTES)

    def local(self) -> datetime:
        """The start in Europe/Helsinki."""
        return self.start.astimezone(HELSINKI)

    def key(self) -> str:
        """A stable key "<coach>|<UTC ISO start>" for buttons."""
        return f"{self.coach_id}|{self.start.astimezone(timezone.utc).isoformat()}"


def office_name(office: str, language: str) -> str:
    """The office's name in ``language``. A bilingual town's coach data name an office
    "Swedish / Finnish" ("Arbetskraftsservice Borgå / Työllisyyspalvelut Porvoo"); a slot
    button shows the person's half, not both three times over."""
    parts = [p.strip() for p in office.split(" / ")]
    if len(parts) == 2 and all(parts):
        return parts[0] if language == "sv" else parts[1]
    return office.strip()


def parse_key(key: str) -> tuple[int, datetime]:
    """Inverse of :meth:`Slot.key`.

    Raises:
        ValueError: for anything that is not a slot key.
    """
    coach, _, start = key.partition("|")
    moment = datetime.fromisoformat(start)
    if moment.tzinfo is None:
        raise ValueError("slot start must have a time zone")
    return int(coach), moment.astimezone(timezone.utc)


def _absent(day: date, absences: Iterable[tuple[date, date]]) -> bool:
    return any(first <= day <= last for first, last in absences)


def free_slots(schedule: CoachSchedule, first_day: date, days: int, now: datetime) -> list[Slot]:
    """All free slots of one coach from ``first_day`` for ``days`` days, after ``now``."""
    out: list[Slot] = []
    holidays: dict[date, str] = {}
    for year in {first_day.year, (first_day + timedelta(days=days)).year}:
        holidays.update(finnish_holidays(year))
    earliest = now.astimezone(timezone.utc) + MIN_LEAD
    by_weekday: dict[int, list[WorkingHours]] = {}
    for hours in schedule.hours:
        by_weekday.setdefault(hours.weekday, []).append(hours)
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        if day in holidays or _absent(day, schedule.absences):
            continue
        for hours in by_weekday.get(day.weekday(), []):
            local = datetime.combine(day, hours.start, tzinfo=HELSINKI)
            end = datetime.combine(day, hours.end, tzinfo=HELSINKI)
            while local + timedelta(minutes=SLOT_MINUTES) <= end:
                start = local.astimezone(timezone.utc)
                if start >= earliest and start not in schedule.busy:
                    out.append(Slot(start, schedule.coach_id))
                local = local + timedelta(minutes=SLOT_MINUTES)
    return out


@dataclass(frozen=True)
class CoachProfile:
    """What choosing a coach needs."""

    coach_id: int
    languages: frozenset[str]
    groups: frozenset[str]
    municipality: str | None
    channels: frozenset[str]


@dataclass(frozen=True)
class SlotRequest:
    """What the person wants."""

    language: str  # service language: a Swedish speaker always gets a Swedish-speaking coach
    channel: str | None = None
    time_of_day: str | None = None  # morning / afternoon / None
    groups: frozenset[str] = frozenset()
    municipality: str | None = None
    prefer_coach_id: int | None = None  # the person's own coach: their slots come first

    @property
    def visit(self) -> bool:
        """A meeting at an office: asked for, or likely (no channel chosen, place known)."""
        return self.channel == "visit" or (self.channel is None and self.municipality is not None)


def _in_municipality(coach: CoachProfile, request: SlotRequest) -> bool:
    return request.municipality is not None and coach.municipality == request.municipality


def _local_office(coach: CoachProfile, request: SlotRequest) -> bool:
    """The coach receives visitors at an office in the person's municipality."""
    return _in_municipality(coach, request) and "visit" in coach.channels


def eligible_coaches(coaches: Iterable[CoachProfile], request: SlotRequest) -> list[CoachProfile]:
    """Coaches who serve in the person's language and offer the channel."""
    return [
        c
        for c in coaches
        if request.language in c.languages
        and (request.channel is None or request.channel in c.channels)
    ]


def _fits_time(slot: Slot, time_of_day: str | None) -> bool:
    hour = slot.local().hour
    if time_of_day == "morning":
        return hour < 12
    if time_of_day == "afternoon":
        return hour >= 12
    return True


def best_slots(
    slots: Iterable[Slot],
    coaches: dict[int, CoachProfile],
    request: SlotRequest,
) -> list[Slot]:
    """Slots that fit the time of day, ordered best first.

    The person's own coach (``request.prefer_coach_id``) comes first of all. For a visit
    (see :attr:`SlotRequest.visit`) a coach with an office in the person's municipality
    comes next, then a specialist for their customer group; for phone and video the
    specialist comes first, then a coach in their municipality. Ties go to the earliest
    time. One slot per coach and day comes first, so the three offered are real
    alternatives.
    """

    def key(slot: Slot) -> tuple[int, int, int, datetime]:
        coach = coaches[slot.coach_id]
        own = 0 if request.prefer_coach_id == slot.coach_id else 1
        specialist = 0 if coach.groups & request.groups else 1
        if request.visit:
            return (own, 0 if _local_office(coach, request) else 1, specialist, slot.start)
        return (own, specialist, 0 if _in_municipality(coach, request) else 1, slot.start)

    fitting = sorted((s for s in slots if _fits_time(s, request.time_of_day)), key=key)
    seen: set[tuple[int, date]] = set()
    first: list[Slot] = []
    rest: list[Slot] = []
    for slot in fitting:
        day_key = (slot.coach_id, slot.local().date())
        (rest if day_key in seen else first).append(slot)
        seen.add(day_key)
    return first + rest


def local_office_first(
    slots: Iterable[Slot],
    coaches: dict[int, CoachProfile],
    request: SlotRequest,
    page: int = FIRST_PAGE,
) -> bool:
    """Whether any of the first ``page`` slots (as :func:`best_slots` ordered them) is with
    a coach in the person's municipality; for a visit, one who receives visitors there.

    The bot then says "på kontoret i Borgå"; when False and a municipality is known, it
    says there are no free times there and offers the others.
    """
    local = _local_office if request.visit else _in_municipality
    return request.municipality is not None and any(
        (coach := coaches.get(slot.coach_id)) is not None and local(coach, request)
        for slot in islice(slots, max(page, 0))
    )
