"""Meeting-time wishes in Swedish and Finnish, typed the way people type them.

Every row is a message and the wish it carries, written as a short spec:
"7.12" a day, "7.12-11.12" the days from one to the other, "7.12,9.12" both days,
"morning" / "afternoon", "@10.00" a clock time, "visit" / "phone" / "video", "#638" a
municipality code, "any" for any time, "-" for no wish at all. Dates without a year are
in 2026. Unless a test says otherwise, today is Wednesday 2.12.2026.
"""

from __future__ import annotations

import random
import string
from datetime import date, datetime, time, timedelta, timezone

import pytest

from bot.rules import slot_wish
from bot.rules.slot_wish import SlotWish, filter_slots, nearest_days, parse_slot_wish
from bot.rules.slots import HELSINKI, CoachSchedule, Slot, WorkingHours, free_slots
from bot.text import fold

TODAY = date(2026, 12, 2)  # a Wednesday


def _day(text: str) -> date:
    parts = [int(p) for p in text.split(".")]
    return date(parts[2] if len(parts) > 2 else 2026, parts[1], parts[0])


def wish(spec: str) -> SlotWish:
    """The SlotWish a spec like "7.12-11.12 afternoon @10.00 visit #638 any" stands for."""
    fields: dict[str, object] = {}
    for part in spec.split():
        if part == "-":
            continue
        if part in ("morning", "afternoon"):
            fields["time_of_day"] = part
        elif part in ("visit", "phone", "video"):
            fields["channel"] = part
        elif part == "any":
            fields["any_time"] = True
        elif part.startswith("#"):
            fields["municipality"] = part[1:]
        elif part.startswith("@"):
            hour, minute = part[1:].split(".")
            fields["hour"], fields["minute"] = int(hour), int(minute)
        else:
            days: set[date] = set()
            for item in part.split(","):
                first, _, last = item.partition("-")
                start, end = _day(first), _day(last or first)
                days.update(start + timedelta(days=k) for k in range((end - start).days + 1))
            fields["days"] = tuple(sorted(days))
    return SlotWish(**fields)  # type: ignore[arg-type]


SWEDISH = [
    ("måndag 7.12", "7.12"),
    ("mandag 7.12 kl 10", "7.12 @10.00"),
    ("på måndag", "7.12"),
    ("måndag", "7.12"),
    ("helst måndag nästa vecka", "7.12"),
    ("onsdag nästa vecka", "9.12"),
    ("nästa vecka onsdag", "9.12"),
    ("onsdag", "9.12"),  # today is a Wednesday: the next one
    ("fredag", "4.12"),
    ("fredag nästa vecka på förmiddagen", "11.12 morning"),
    ("nån gång nästa vecka på eftermiddan", "7.12-11.12 afternoon"),
    ("nasta vecka", "7.12-11.12"),
    ("nästa veckan nån gång", "7.12-11.12"),
    ("i morgon", "3.12"),
    ("imorgon förmiddag", "3.12 morning"),
    ("imorron efter lunch", "3.12 afternoon"),
    ("i övermorgon kl 13", "4.12 @13.00"),
    ("idag om det går", "2.12"),
    ("i dag på eftermiddagen", "2.12 afternoon"),
    ("den här veckan", "2.12-4.12"),
    ("nu i veckan helst", "2.12-4.12"),
    ("torsdag den här veckan", "3.12"),
    ("efter den 10", "11.12-31.12"),
    ("från den 14 december", "14.12-3.1.2027"),
    ("före den 10", "2.12-9.12"),
    ("mellan 7 och 9 december", "7.12-9.12"),
    ("mellan 7.12 och 9.12", "7.12-9.12"),
    ("7-9.12", "7.12-9.12"),
    ("7 och 9 december", "7.12,9.12"),
    ("den 7 dec", "7.12"),
    ("7 december kl 9", "7.12 @9.00"),
    ("15.12 el 16.12", "15.12,16.12"),
    ("tisdag eller onsdag", "8.12,9.12"),
    ("tisdg eller onsdg", "8.12,9.12"),
    ("måndag eller tisdag nästa vecka fm", "7.12,8.12 morning"),
    ("på förmiddagen", "morning"),
    ("formiddag", "morning"),
    ("eftermidag", "afternoon"),
    ("hellre eftermiddagar", "afternoon"),
    ("efter lunch", "afternoon"),
    ("före lunch", "morning"),
    ("tidigt på morgonen", "morning"),
    ("inte på eftermiddagen", "morning"),
    ("jag jobbar på förmiddagarna", "afternoon"),
    ("kl 10", "@10.00"),
    ("kl. 13.30", "@13.30"),
    ("klockan 14", "@14.00"),
    ("vid tio", "@10.00"),
    ("vid tiotiden på onsdag", "9.12 @10.00"),
    ("10-tiden på tisdag", "8.12 @10.00"),
    ("halv tio på fredag", "4.12 @9.30"),
    ("kl 2 på eftermiddagen", "afternoon @14.00"),
    ("efter tolv", "afternoon"),
    ("före 12", "morning"),
    ("på kontoret i Borgå", "visit #638"),
    ("i borga på torsdag", "3.12 #638"),
    ("helst i lovisa", "#434"),
    ("i borgo", "#638"),  # a typo with one close name
    ("per telefon", "phone"),
    ("ring mig hellre", "phone"),
    ("kan ni ringa på tisdag", "8.12 phone"),
    ("via video", "video"),
    ("på teams", "video"),
    ("jag kommer till kontoret", "visit"),
    ("ett besök på kontoret i Vasa nästa vecka", "7.12-11.12 visit #905"),
    ("inte per telefon, hellre kontoret i Lovisa", "visit #434"),
    ("när som helst", "any"),
    ("spelar ingen roll", "any"),
    ("he spelar int na roll", "any"),
    ("vilken dag som helst nästa vecka", "7.12-11.12 any"),
    ("nästa vecka men inte på fredag", "7.12-10.12"),
    ("mandag formiddag", "7.12 morning"),
    ("tisdagseftermiddag", "8.12 afternoon"),
    ("torsda kl 9", "3.12 @9.00"),
    ("ons 9.12 kl 10.30", "9.12 @10.30"),
    ("på fre", "4.12"),
    ("om två veckor", "14.12-18.12"),
    ("den 10:e", "10.12"),
    ("Kan vi ses på kontoret i Borgå på måndag fm?", "7.12 morning visit #638"),
    ("telefon torsdag 14.00", "3.12 @14.00 phone"),
    ("i morgon bitti", "3.12 morning"),
    ("19.1", "19.1.2027"),
    ("passar bra på tisdag kl 9 i sibbo", "8.12 @9.00 #753"),
    ("kan jag komma in till kontoret i esbo", "visit #049"),
    ("tack", "-"),
    ("jag vet inte", "-"),
    ("jag bor i stan", "-"),
    ("ok", "-"),
]

FINNISH = [
    ("maanantaina", "7.12"),
    ("maanantaina aamupäiväl", "7.12 morning"),
    ("tiistaina kymmeneltä", "8.12 @10.00"),
    ("ens viikol", "7.12-11.12"),
    ("ensi viikolla", "7.12-11.12"),
    ("ensi viikon keskiviikkona", "9.12"),
    ("keskiviikona", "9.12"),
    ("perjantaina", "4.12"),
    ("perjantaina ensi viikolla", "11.12"),
    ("huomenna", "3.12"),
    ("huomena aamulla", "3.12 morning"),
    ("huomisaamuna", "3.12 morning"),
    ("ylihuomenna iltapäivällä", "4.12 afternoon"),
    ("tänään", "2.12"),
    ("tänää iltapäiväl", "2.12 afternoon"),
    ("tällä viikolla", "2.12-4.12"),
    ("viel tällä viikolla jos mahdollista", "2.12-4.12"),
    ("torstaina tällä viikolla", "3.12"),
    ("10. päivän jälkeen", "11.12-31.12"),
    ("14. päivästä alkaen", "14.12-3.1.2027"),
    ("ennen 10. päivää", "2.12-9.12"),
    ("10. päivään asti", "2.12-10.12"),
    ("7.-9.12.", "7.12-9.12"),
    ("7.12. ja 9.12. välillä", "7.12-9.12"),
    ("7.12", "7.12"),
    ("maanantaina 7.12.", "7.12"),
    ("ma 7.12. klo 10", "7.12 @10.00"),
    ("7. joulukuuta", "7.12"),
    ("15.12. tai 16.12.", "15.12,16.12"),
    ("maanantaina tai tiistaina", "7.12,8.12"),
    ("maanantana", "7.12"),
    ("perjantina klo 9", "4.12 @9.00"),
    ("aamupäivällä", "morning"),
    ("iltapäivällä", "afternoon"),
    ("iltpäivällä", "afternoon"),
    ("aamulla", "morning"),
    ("en pääse aamulla", "afternoon"),
    ("mä oon töissä iltapäivisin", "morning"),
    ("ennen kahtatoista", "morning"),
    ("lounaan jälkeen", "afternoon"),
    ("klo 10", "@10.00"),
    ("klo 13.30", "@13.30"),
    ("kello 9", "@9.00"),
    ("kymmeneltä", "@10.00"),
    ("yhdeksältä", "@9.00"),
    ("kahdelta", "@14.00"),
    ("puoli kymmenen", "@9.30"),
    ("kymmenen aikaan", "@10.00"),
    ("klo 10 maissa", "@10.00"),
    ("kahdentoista jälkeen", "afternoon"),
    ("12 jälkeen", "afternoon"),
    ("Porvoossa", "#638"),
    ("porvoon toimistolla", "visit #638"),
    ("Lovisan toimistolla", "visit #434"),
    ("loviisan toimistolla ensi viikolla", "7.12-11.12 visit #434"),
    ("helsingissä", "#091"),
    ("vaasassa", "#905"),
    ("puhelimessa", "phone"),
    ("puhelimitse", "phone"),
    ("soittakaa", "phone"),
    ("soitto käy", "phone"),
    ("videolla", "video"),
    ("teamsissa", "video"),
    ("käynti toimistolla", "visit"),
    ("tulen käymään toimistolla", "visit"),
    ("paikan päällä", "visit"),
    ("ei puhelimessa vaan porvoon toimistolla", "visit #638"),
    ("ihan sama", "any"),
    ("mikä vaan", "any"),
    ("milloin vaan", "any"),
    ("ei oo väliä", "any"),
    ("ihan mikä vaan päivä", "any"),
    ("ensi viikolla mutta ei perjantaina", "7.12-10.12"),
    ("tiistaiaamuna", "8.12 morning"),
    ("maanantai-iltapäivänä", "7.12 afternoon"),
    ("to klo 14", "3.12 @14.00"),
    ("kahden viikon päästä", "14.12-18.12"),
    ("ensi maanantaina klo 9", "7.12 @9.00"),
    ("sopisiko keskiviikko ens viikol aamupäivällä", "9.12 morning"),
    ("voisitteko soittaa huomenna kymmeneltä", "3.12 @10.00 phone"),
    ("toimistolla porvoossa torstaina iltapäivällä", "3.12 afternoon visit #638"),
    ("mielellään aamupäivä, ensi viikolla", "7.12-11.12 morning"),
    ("perjantai", "4.12"),
    ("maanantaiks", "7.12"),
    ("19.1.", "19.1.2027"),
    ("vois olla torstai klo 12.30", "3.12 @12.30"),
    ("sopiiko ti 8.12 klo 9.45", "8.12 @9.45"),
    ("mulle käy parhaiten aamupäivisin", "morning"),
    ("voiko tulla sipoon toimistolle", "visit #753"),
    ("huomenna yhdeltätoista", "3.12 @11.00"),
    ("soittakaa mulle iltapäivällä", "afternoon phone"),
    ("kiitos", "-"),
    ("en tiedä", "-"),
    ("moi", "-"),
]


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_vocabulary_file_is_complete_and_folded() -> None:
    data = slot_wish._DATA
    assert len(data["weekdays"]) == len(data["weekday_short"]) == 7
    assert len(data["weekday_abbreviations"]) == 7
    assert len(data["months"]) == 12
    assert all(len(words) == 12 for words in data["numbers"].values())
    assert all(data["phrases"].values())
    for entry in _strings(data):
        assert entry == fold(entry), f"{entry!r} must be written folded: {fold(entry)!r}"


def test_the_tables_are_large_enough() -> None:
    assert len(SWEDISH) >= 60
    assert len(FINNISH) >= 60


@pytest.mark.parametrize(("text", "spec"), SWEDISH)
def test_swedish_wishes(text: str, spec: str) -> None:
    assert parse_slot_wish(text, TODAY) == wish(spec)


@pytest.mark.parametrize(("text", "spec"), FINNISH)
def test_finnish_wishes(text: str, spec: str) -> None:
    assert parse_slot_wish(text, TODAY) == wish(spec)


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("nästa vecka", "4.1.2027-8.1.2027"),
        ("ensi viikolla", "4.1.2027-8.1.2027"),
        ("måndag", "4.1.2027"),
        ("tisdag", "29.12"),
        ("perjantaina", "1.1.2027"),  # New Year's Day: no slots, but it is what was said
        ("5.1", "5.1.2027"),
        ("20.12", "20.12"),  # just passed: this year's, not next year's
        ("efter den 2", "3.1.2027-23.1.2027"),
        ("mellan 30.12 och 8.1", "30.12-8.1.2027"),
        ("30.12.-8.1.", "30.12-8.1.2027"),
        ("tällä viikolla", "28.12-1.1.2027"),
        ("7.1.2027 klo 9", "7.1.2027 @9.00"),
    ],
)
def test_across_the_year_end(text: str, spec: str) -> None:
    assert parse_slot_wish(text, date(2026, 12, 28)) == wish(spec)  # a Monday


def test_this_week_on_a_weekend_is_what_is_left_of_it() -> None:
    assert parse_slot_wish("den här veckan", date(2026, 12, 5)) == wish("5.12-6.12")
    assert parse_slot_wish("ensi viikolla", date(2026, 12, 5)) == wish("7.12-11.12")


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ("helst inte på måndag", date(2026, 12, 7)),
        ("mä en pääse maanantaina", date(2026, 12, 7)),
        ("ei käy perjantaina", date(2026, 12, 4)),
        ("olen töissä maanantaina", date(2026, 12, 7)),
    ],
)
def test_a_day_that_does_not_suit_leaves_the_coming_weeks(text: str, excluded: date) -> None:
    days = parse_slot_wish(text, TODAY).days
    assert days is not None
    assert excluded not in days
    assert days[0] == TODAY and len(days) == slot_wish.OPEN_RANGE_DAYS - 1


def test_only_today_is_today() -> None:
    assert parse_slot_wish("idag", TODAY).days == (TODAY,)
    assert parse_slot_wish("tänään", TODAY).days == (TODAY,)
    assert parse_slot_wish("keskiviikkona", TODAY).days == (date(2026, 12, 9),)


def test_empty() -> None:
    assert SlotWish().empty
    assert parse_slot_wish("hej hej", TODAY).empty
    assert not parse_slot_wish("kl 10", TODAY).empty
    assert not parse_slot_wish("ihan sama", TODAY).empty


@pytest.mark.parametrize(
    "text",
    ["", " ", "???", "kl", "klo 99.99", "32.13", "den 32", "31.2", "0.0", "-" * 50],
)
def test_odd_text_gives_no_wish_and_no_error(text: str) -> None:
    assert parse_slot_wish(text, TODAY).days is None


def test_never_raises() -> None:
    alphabet = string.ascii_letters + string.digits + "åäöÅÄÖ .:-/,?!–" + "\n\t\u200b😀"
    rng = random.Random(20261202)
    vocabulary = "kl klo den efter ennen jälkeen mellan ja och - 7 12 7.12 10. päivä i på".split()
    for _ in range(3000):
        if rng.random() < 0.5:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        else:
            text = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 8)))
        today = date(2026, 1, 1) + timedelta(days=rng.randint(0, 730))
        # the parser itself, without the guard in parse_slot_wish
        slot_wish._parse(text, today)
    assert parse_slot_wish(None, TODAY).empty  # type: ignore[arg-type]
    assert parse_slot_wish("7." * 5000 + " kl 10", TODAY).hour is None  # cut at MAX_TEXT


WORKDAYS = tuple(WorkingHours(d, time(9, 0), time(16, 0)) for d in range(5))
LONG_AGO = datetime(2020, 1, 1, tzinfo=timezone.utc)


def _slots(first: date, days: int, coach: int = 1) -> list[Slot]:
    return free_slots(CoachSchedule(coach, WORKDAYS), first, days, LONG_AGO)


def _local(slots: list[Slot]) -> list[str]:
    return [s.local().strftime("%d.%m %H:%M") for s in slots]


def test_filter_by_day_and_time_of_day_keeps_the_order() -> None:
    slots = list(reversed(_slots(date(2026, 12, 7), 2)))
    morning = filter_slots(slots, parse_slot_wish("tisdag fm", TODAY))
    assert _local(morning) == ["08.12 11:15", "08.12 10:30", "08.12 09:45", "08.12 09:00"]
    afternoon = filter_slots(slots, parse_slot_wish("maanantaina iltapäivällä", TODAY))
    assert {s.local().date() for s in afternoon} == {date(2026, 12, 7)}
    assert all(s.local().hour >= 12 for s in afternoon) and afternoon


def test_a_wished_hour_takes_slots_within_an_hour_of_it() -> None:
    slots = _slots(date(2026, 12, 7), 1)  # 9.00, 9.45, 10.30, 11.15, 12.00 ...
    assert _local(filter_slots(slots, parse_slot_wish("måndag kl 10", TODAY))) == [
        "07.12 09:00",
        "07.12 09:45",
        "07.12 10:30",
    ]
    assert _local(filter_slots(slots, parse_slot_wish("klo 13.30", TODAY))) == [
        "07.12 12:45",
        "07.12 13:30",
        "07.12 14:15",
    ]


def test_no_wish_and_any_time_keep_everything() -> None:
    slots = _slots(date(2026, 12, 7), 3)
    assert filter_slots(slots, SlotWish()) == slots
    assert filter_slots(slots, parse_slot_wish("när som helst", TODAY)) == slots
    assert filter_slots(slots, parse_slot_wish("på kontoret i Borgå", TODAY)) == slots


def test_the_wished_hour_is_on_the_clock_across_the_change_from_summer_time() -> None:
    # Summer time ends on Sunday 25.10.2026: 9.00 is 06.00 UTC before and 07.00 UTC after.
    slots = _slots(date(2026, 10, 22), 6)
    wish_ = parse_slot_wish("torsdag eller måndag kl 9", date(2026, 10, 21))
    nine = [s for s in filter_slots(slots, wish_) if s.local().strftime("%H:%M") == "09:00"]
    assert [s.start.hour for s in nine] == [6, 7]
    assert [s.local().date() for s in nine] == [date(2026, 10, 22), date(2026, 10, 26)]
    assert parse_slot_wish("ensi viikolla", date(2026, 10, 21)) == wish("26.10-30.10")


def test_nearest_days_when_nothing_fits() -> None:
    slots = _slots(date(2026, 12, 8), 1) + _slots(date(2026, 12, 11), 1)  # Tue and Fri
    wish_ = parse_slot_wish("torstaina ensi viikolla aamupäivällä", TODAY)
    assert wish_.days == (date(2026, 12, 10),)
    assert filter_slots(slots, wish_) == []
    nearest = nearest_days(slots, wish_)
    assert _local(nearest) == ["11.12 09:00", "11.12 09:45", "11.12 10:30"]
    assert len(nearest_days(slots, wish_, n=10)) == 10
    assert nearest_days(slots, wish_, n=0) == []


def test_nearest_days_prefer_the_day_then_the_time() -> None:
    slots = _slots(date(2026, 12, 9), 1) + _slots(date(2026, 12, 7), 1)
    wish_ = parse_slot_wish("onsdag kl 15", date(2026, 12, 1))  # Wednesday 2.12 has none
    assert _local(nearest_days(slots, wish_, 2)) == ["07.12 15:00", "07.12 14:15"]


def test_nearest_days_without_days_orders_by_the_hour() -> None:
    slots = _slots(date(2026, 12, 7), 1)
    assert _local(nearest_days(slots, parse_slot_wish("kl 12", TODAY), 2)) == [
        "07.12 12:00",
        "07.12 11:15",
    ]
    assert nearest_days(slots, SlotWish()) == slots[:3]


def test_slots_are_local_days() -> None:
    # 00.30 local on 8.12 is still 7.12 in UTC: the wish is about the local day
    late = Slot(datetime(2026, 12, 7, 22, 30, tzinfo=timezone.utc), 1)
    assert late.local().date() == date(2026, 12, 8)
    assert filter_slots([late], wish("8.12")) == [late]
    assert late.start.astimezone(HELSINKI).hour == 0
