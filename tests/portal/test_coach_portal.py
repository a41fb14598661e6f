"""What coaches see: the dashboard over the booking horizon, their language, callbacks in
the languages they serve in, the case page's texts and outcomes, and no internal codes."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta, timezone
from html.parser import HTMLParser
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from bot.cases import booking
from bot.cases.booking import ContactDetails, MeetingRecord
from bot.rules.slots import HELSINKI, Slot, SlotRequest
from bot.scheduling import HORIZON_DAYS, offer_slots
from tests.portal.conftest import World, login

SV_DAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
FI_DAYS = (
    "maanantai",
    "tiistai",
    "keskiviikko",
    "torstai",
    "perjantai",
    "lauantai",
    "sunnuntai",
)


def helsinki_today() -> date:
    return datetime.now(HELSINKI).date()


def book_on_or_after(
    world: World, coach_id: int, language: str, first_day: date, name: str
) -> MeetingRecord:
    """Book the coach's first free slot on ``first_day`` or the next day that has one."""
    now = datetime.now(timezone.utc)
    slots, _ = offer_slots(SlotRequest(language), now, url=world.url)
    slot = min(
        (s for s in slots if s.coach_id == coach_id and s.local().date() >= first_day),
        key=lambda s: s.start,
    )
    return booking.book(
        Slot(slot.start, coach_id),
        "phone",
        language,
        ContactDetails(name=name, phone="+358401239999", consent=True),
        conversation_id=f"portal-{uuid.uuid4()}",
        now=now,
        url=world.url,
    )


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


# --- 1. the dashboard over the booking horizon ---------------------------------------------


async def test_dashboard_shows_meetings_of_next_week_and_later_by_day(
    client: TestClient, world: World
) -> None:
    today = helsinki_today()
    later = book_on_or_after(world, world.coach_a, "sv", next_monday(today), "Nästa Vecka")
    last = book_on_or_after(
        world, world.coach_a, "sv", today + timedelta(days=HORIZON_DAYS - 7), "Sista Veckan"
    )
    assert later.start_at is not None and last.start_at is not None
    await login(client, "coach_a")
    html = await (await client.get("/portal/")).text()
    for meeting in (later, last):
        assert meeting.start_at is not None
        day = meeting.start_at.astimezone(HELSINKI).date()
        heading = f"{SV_DAYS[day.weekday()]} {day.day}.{day.month}"
        assert f">{heading}</h3>" in html or f">I morgon, {heading}</h3>" in html
        assert meeting.contact_name is not None and meeting.contact_name in html
        assert f'href="/portal/cases/{meeting.case_public_id}?lang=sv"' in html
    # today's heading comes first, then the days in order
    today_heading = f"I dag, {SV_DAYS[today.weekday()]} {today.day}.{today.month}</h3>"
    assert html.index(today_heading) < html.index("Nästa Vecka") < html.index("Sista Veckan")
    # and the link opens the case
    page = await client.get(f"/portal/cases/{later.case_public_id}")
    assert page.status == 200


async def test_dashboard_day_headings_in_finnish(client: TestClient, world: World) -> None:
    today = helsinki_today()
    later = book_on_or_after(world, world.coach_b, "fi", next_monday(today), "Ensi Viikko")
    assert later.start_at is not None
    await login(client, "coach_b")
    html = await (await client.get("/portal/")).text()
    day = later.start_at.astimezone(HELSINKI).date()
    assert f"{FI_DAYS[day.weekday()]} {day.day}.{day.month}.</h3>" in html
    assert f"Tänään, {FI_DAYS[today.weekday()]} {today.day}.{today.month}.</h3>" in html
    local = later.start_at.astimezone(HELSINKI)
    assert f"klo {local.hour}.{local.minute:02d}" in html


async def test_dashboard_stops_at_the_booking_horizon(client: TestClient, world: World) -> None:
    from bot.cases.db import session_scope
    from bot.cases.models import Meeting

    beyond = datetime.combine(
        helsinki_today() + timedelta(days=HORIZON_DAYS), datetime.min.time(), HELSINKI
    ) + timedelta(hours=10)
    with session_scope(world.url) as session:
        session.add(
            Meeting(
                reference="ZZZ-ZZZ",
                token=uuid.uuid4().hex,
                coach_id=world.coach_a,
                start_at=beyond.astimezone(timezone.utc),
                end_at=beyond.astimezone(timezone.utc) + timedelta(minutes=45),
                channel="visit",
                status="booked",
                language="sv",
                contact_name="Bortom Horisonten",
            )
        )
    await login(client, "coach_a")
    html = await (await client.get("/portal/")).text()
    assert "Bortom Horisonten" not in html
    assert "Maria" in html  # the fixture's own meeting is within the horizon


# --- 2. the demo coaches' portal language --------------------------------------------------


def demo_password(username: str) -> str:
    """The demo account's password from the credentials file the demo data wrote."""
    import os
    from pathlib import Path

    lines = (Path(os.environ["VAR_DIR"]) / "demo-credentials.txt").read_text("utf-8")
    for line in lines.splitlines():
        _, name, password = line.split()
        if name == username:
            return password
    raise AssertionError(f"no demo account {username}")


def test_demo_coaches_get_their_portal_language_from_their_service_languages(
    world: World,
) -> None:
    import yaml

    from bot.cases import users
    from bot.demo import COACHES

    expected = {
        c["name"]: next(code for code in c["languages"] if code in ("sv", "fi"))
        for c in yaml.safe_load(COACHES.read_text("utf-8"))["coaches"]
    }
    assert expected["Johanna Virtanen"] == "fi" and expected["Sofia Nyberg"] == "sv"
    assert expected["Anna Lindqvist"] == "sv" and expected["Aino Korhonen"] == "fi"
    for coach in booking.coaches(world.url):
        demo_accounts = [
            u for u in users.users_of_coach(coach.id, world.url) if u.username[:5] != "coach"
        ]
        assert [u.language for u in demo_accounts] == [expected[coach.name]], coach.name


async def test_finnish_demo_coach_reads_portal_and_summary_in_finnish(
    client: TestClient, world: World
) -> None:
    await login(client, "johanna", demo_password("johanna"))  # Johanna Virtanen: fi only
    dashboard = await (await client.get("/portal/")).text()
    assert '<html lang="fi">' in dashboard and "Omat tapaamiset" in dashboard
    case = await (await client.get(f"/portal/cases/{world.case_b}")).text()
    assert '<html lang="fi">' in case
    assert "Kotikunta: Porvoo" in case and "Hemkommun" not in case
    printable = await (await client.get(f"/portal/cases/{world.case_b}/print")).text()
    assert "Kotikunta: Porvoo" in printable and "Hemkommun" not in printable


def test_portal_language_rule() -> None:
    from bot.demo import portal_language

    assert portal_language(("fi",)) == "fi"
    assert portal_language(("sv",)) == "sv"
    assert portal_language(("sv", "fi", "en")) == "sv"
    assert portal_language(["fi", "sv"]) == "fi"
    assert portal_language(("en", "fi")) == "fi"


# --- 3. callback requests only in the languages a coach serves in --------------------------


def lovisa_callback(world: World, language: str, name: str) -> Any:
    """A callback request asked for in a chat by someone living in Lovisa (Sofia Nyberg's
    team; the world's own request is the Borgå team's)."""
    import dataclasses

    from bot.cases import mappings
    from tests.portal.conftest import _summary

    conversation = f"portal-{uuid.uuid4()}"
    summary = _summary("kassa")
    summary = dataclasses.replace(summary, data={**summary.data, "municipality": "434"})
    mappings.confirm_summary(conversation, language, summary, world.url)
    return booking.request_callback(
        language,
        ContactDetails(name=name, phone="+358401112224", consent=True),
        conversation_id=conversation,
        url=world.url,
    )


async def test_callbacks_are_listed_only_to_coaches_who_serve_in_their_language(
    client: TestClient, world: World
) -> None:
    from bot.cases import users
    from tests.portal.conftest import PASSWORD

    sofia = next(c for c in booking.coaches(world.url) if c.name == "Sofia Nyberg")
    assert sofia.languages == ("sv",)
    users.create_user("coach_sv", PASSWORD, "coach", sofia.name, sofia.id, "sv", world.url)
    swedish = lovisa_callback(world, "sv", "Greta")
    finnish_form = f'action="/portal/callbacks/{world.callback}/done"'
    swedish_form = f'action="/portal/callbacks/{swedish.id}/done"'
    await login(client, "coach_sv")  # Swedish only
    html = await (await client.get("/portal/")).text()
    assert swedish_form in html and "Greta" in html
    assert finnish_form not in html and "+358401112223" not in html  # Ali's, in Finnish
    await login(client, "coach_b")  # Johanna Virtanen: Finnish only
    html = await (await client.get("/portal/")).text()
    assert finnish_form in html and swedish_form not in html and "Greta" not in html
    await login(client, "coach_a")  # Anna Lindqvist: Swedish and Finnish, but the Borgå team
    html = await (await client.get("/portal/")).text()
    assert finnish_form in html and swedish_form not in html and "Greta" not in html
    await login(client, "staff1")
    html = await (await client.get("/portal/")).text()
    assert finnish_form in html and swedish_form in html


async def test_a_coach_may_close_only_callbacks_in_their_languages(
    client: TestClient, world: World
) -> None:
    from bot.cases import users
    from tests.portal.conftest import PASSWORD

    sofia = next(c for c in booking.coaches(world.url) if c.name == "Sofia Nyberg")
    users.create_user("coach_sv", PASSWORD, "coach", sofia.name, sofia.id, "sv", world.url)
    swedish = lovisa_callback(world, "sv", "Greta")
    csrf = await login(client, "coach_sv")
    refused = await client.post(
        f"/portal/callbacks/{world.callback}/done",
        data={"csrf_token": csrf},
        allow_redirects=False,
    )
    assert refused.status == 403
    assert "Not" not in await refused.text()  # the reason in Swedish and Finnish only
    ok = await client.post(
        f"/portal/callbacks/{swedish.id}/done", data={"csrf_token": csrf}, allow_redirects=False
    )
    assert ok.status == 302
    csrf = await login(client, "coach_b")  # Finnish only: not the Swedish one either
    refused = await client.post(
        f"/portal/callbacks/{swedish.id}/done", data={"csrf_token": csrf}, allow_redirects=False
    )
    assert refused.status == 403
    # the refused Finnish request is still open, for a coach who serves in Finnish
    html = await (await client.get("/portal/")).text()
    assert f'action="/portal/callbacks/{world.callback}/done"' in html
    missing = await client.post(
        "/portal/callbacks/999999/done", data={"csrf_token": csrf}, allow_redirects=False
    )
    assert missing.status == 404
    # a booked meeting is not a callback request
    not_callback = await client.post(
        f"/portal/callbacks/{world.meeting_b}/done",
        data={"csrf_token": csrf},
        allow_redirects=False,
    )
    assert not_callback.status == 404


def test_repository_closes_a_callback_only_in_the_given_languages(world: World) -> None:
    from bot.cases import portal

    assert [c.id for c in portal.open_callbacks({"sv"}, world.url)] == []
    assert [c.id for c in portal.open_callbacks({"fi"}, world.url)] == [world.callback]
    assert not portal.close_callback(world.callback, {"sv"}, world.url)
    assert portal.close_callback(world.callback, {"fi", "en"}, world.url)
    assert portal.open_callbacks(url=world.url) == []


# --- 4. texts on the case page -------------------------------------------------------------


def reference_of(world: World, meeting_id: int) -> str:
    from bot.cases import portal

    found = portal.meeting(meeting_id, world.url)
    assert found is not None
    return found[0].reference


async def test_case_is_named_by_its_booking_reference_never_by_its_id(
    client: TestClient, world: World
) -> None:
    reference = reference_of(world, world.meeting_b)
    await login(client, "coach_b")
    fi = await (await client.get(f"/portal/cases/{world.case_b}")).text()
    assert f"<h1>Asiakkuus {reference}</h1>" in fi
    sv = await (await client.get(f"/portal/cases/{world.case_b}?lang=sv")).text()
    assert f"<h1>Ärende {reference}</h1>" in sv
    printable = await (await client.get(f"/portal/cases/{world.case_b}/print")).text()
    assert f"Alkukartoitus · Asiakkuus {reference}</h1>" in printable
    for html in (fi, sv, printable):
        assert world.case_b[:8] not in html.replace(f"/portal/cases/{world.case_b}", "")
        assert "Asia " not in html


async def test_case_without_meetings_is_named_by_its_day(client: TestClient, world: World) -> None:
    from bot.cases import mappings
    from tests.portal.conftest import _summary

    conversation = f"portal-{uuid.uuid4()}"
    summary = mappings.confirm_summary(conversation, "fi", _summary("kokki"), world.url)
    today = helsinki_today()
    await login(client, "staff1")  # only staff reach a case without a meeting
    fi = await (await client.get(f"/portal/cases/{summary.case_public_id}?lang=fi")).text()
    assert f"<h1>Asiakas {today.day}.{today.month}.</h1>" in fi
    sv = await (await client.get(f"/portal/cases/{summary.case_public_id}?lang=sv")).text()
    assert f"<h1>Klient {today.day}.{today.month}</h1>" in sv


async def test_offers_on_the_case_page_speak_about_the_client(
    client: TestClient, world: World
) -> None:
    await login(client, "coach_a")
    sv = await (await client.get(f"/portal/cases/{world.case_a}?lang=sv")).text()
    assert "Passar kunden: den är inom området som kunden önskar (vård och omsorg)" in sv
    assert "kundens hemkommun" in sv
    assert "Passar den dig" not in sv and "du önskade" not in sv and "din hemkommun" not in sv
    fi = await (await client.get(f"/portal/cases/{world.case_a}?lang=fi")).text()
    assert (
        "Sopii asiakkaalle, koska se on alalla, jota asiakas toivoi (sosiaali- ja terveysala)" in fi
    )
    assert "asiakkaan kotikunnassa" in fi
    assert "sopii sinulle" not in fi and "jota toivoit" not in fi and "kotikunnassasi" not in fi


def test_why_an_offer_fits_for_the_person_and_for_the_coach() -> None:
    from types import SimpleNamespace

    from bot.rules.offer_text import COACH, why
    from bot.rules.ranking import Scored

    offer: Any = SimpleNamespace(
        languages=("sv", "fi"), isced="091", target_groups=("career_change",), kind="short_course"
    )
    every_reason = ("group", "field", "language", "municipality", "online", "nearby", "wish")
    scored = Scored(offer, 1.0, every_reason, group="career_change")
    assert why(scored, "sv") == (
        "Därför passar den dig: den är inom området du önskade (vård och omsorg), är gjord för "
        "dig som vill byta bransch och ordnas i din hemkommun."
    )
    assert why(scored, "sv", reader=COACH) == (
        "Passar kunden: den är inom området som kunden önskar (vård och omsorg), är gjord för "
        "den som vill byta bransch och ordnas i kundens hemkommun."
    )
    assert why(scored, "fi", reader=COACH) == (
        "Sopii asiakkaalle, koska se on alalla, jota asiakas toivoi (sosiaali- ja terveysala), on "
        "tarkoitettu alaa vaihtaville ja järjestetään asiakkaan kotikunnassa."
    )
    assert why(scored, "fi").startswith("Sopii sinulle, koska se")


def move_start(world: World, meeting_id: int, start: datetime) -> None:
    from sqlalchemy import update

    from bot.cases.db import session_scope
    from bot.cases.models import Meeting

    with session_scope(world.url) as session:
        session.execute(
            update(Meeting)
            .where(Meeting.id == meeting_id)
            .values(start_at=start, end_at=start + timedelta(minutes=45))
        )


def outcome_select(html: str, meeting_id: int) -> str | None:
    marker = f'<select id="outcome-{meeting_id}"'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("</select>", 1)[0]


async def test_no_outcome_before_the_meeting_has_started(client: TestClient, world: World) -> None:
    csrf = await login(client, "coach_a")
    html = await (await client.get(f"/portal/cases/{world.case_a}?lang=sv")).text()
    assert outcome_select(html, world.meeting_a) is None  # the fixture's meeting is ahead
    assert "Utfallet kan antecknas när mötet har börjat." in html
    fi = await (await client.get(f"/portal/cases/{world.case_a}?lang=fi")).text()
    assert "Lopputuloksen voi kirjata, kun tapaaminen on alkanut." in fi
    early = await client.post(
        f"/portal/cases/{world.case_a}/outcome",
        data={"meeting_id": str(world.meeting_a), "outcome": "met", "csrf_token": csrf},
    )
    assert early.status == 409
    assert "Utfallet kan antecknas först när mötet har börjat" in await early.text()
    from bot.cases import portal

    found = portal.meeting(world.meeting_a, world.url)
    assert found is not None and found[0].status == "booked"
    assert not portal.set_outcome(world.meeting_a, "met", url=world.url)  # the repository too


async def test_outcome_has_no_default_and_keeps_what_was_recorded(
    client: TestClient, world: World
) -> None:
    move_start(world, world.meeting_a, datetime.now(timezone.utc) - timedelta(minutes=10))
    csrf = await login(client, "coach_a")
    html = await (await client.get(f"/portal/cases/{world.case_a}?lang=sv")).text()
    select = outcome_select(html, world.meeting_a)
    assert select is not None and "required" in select
    assert '<option value="" selected disabled>Välj utfall</option>' in select
    assert select.count("selected") == 1  # only the empty choice
    assert ">uteblev</option>" in select and "kom inte" not in html
    empty = await client.post(
        f"/portal/cases/{world.case_a}/outcome",
        data={"meeting_id": str(world.meeting_a), "outcome": "", "csrf_token": csrf},
    )
    assert empty.status == 400
    recorded = await client.post(
        f"/portal/cases/{world.case_a}/outcome",
        data={"meeting_id": str(world.meeting_a), "outcome": "no_show", "csrf_token": csrf},
    )
    html = await recorded.text()
    assert recorded.status == 200 and " · uteblev · " in html
    select = outcome_select(html, world.meeting_a)
    assert select is not None and 'value=""' not in select
    assert '<option value="no_show" selected>uteblev</option>' in select
    fi = await (await client.get(f"/portal/cases/{world.case_a}?lang=fi")).text()
    assert " · jäi saapumatta · " in fi and "ei saapunut" not in fi
    assert '<option value="no_show" selected>jäi saapumatta</option>' in fi


# --- 5. no internal code, value or English word on any page a coach sees -------------------

FULL_PROFILE: dict[str, Any] = {
    # belongs to every customer group: immigrant, youth, long-term unemployed, partially
    # able to work, laid off, career change
    "age_group": "under_25",
    "birth_year": datetime.now(HELSINKI).year - 22,
    "municipality": "638",
    "situation": "laid_off",
    "situation_duration": "over_12m",
    "duration_months": 14,
    "benefit": "earnings_related",
    "native_language": "ar",
    "other_languages": [{"language": "fi", "level": "basic"}, {"language": "en", "level": "good"}],
    "education": "foreign",
    "occupation": "8",
    "occupation_text": "rekkakuski",
    "desired_fields": ["07", "09"],
    "fields_text": "rakennus tai hoiva",
    "help_wanted": ["career_change", "entrepreneurship", "wellbeing", "job_search", "training"],
    "help_text": "oma firma ehkä",
    "work_ability": "limited",
    "work_ability_text": "selkä kipeä",
    "contact_channel": "phone",
    "service_language": "fi",
}
UNKNOWNS_PROFILE: dict[str, Any] = {
    # the unknown, skipped and unanswered values
    "age_group": "30_54",
    "municipality": "434",
    "situation": "other",
    "situation_duration": "unanswered",
    "benefit": "unknown",
    "native_language": "fi",
    "education": "none",
    "occupation": "unknown",
    "occupation_text": "vähän kaikkea",
    "desired_fields": ["any"],
    "help_wanted": ["training"],
    "work_ability": "skipped",
    "contact_channel": "video",
    "service_language": "fi",
}


WORDS_TOO = {"video"}  # a code that is also the Swedish and the Finnish word


def internal_codes() -> set[str]:
    """Every code the mapping, the rules and the meetings store, as words to look for."""
    from bot.cases import portal
    from bot.rules import eligibility, service_paths, summary, vocabulary
    from bot.rules.profile import DETAIL_SLOTS, QUESTIONS

    codes: set[str] = set()
    for module in (vocabulary, service_paths, eligibility):
        for value in vars(module).values():
            if (
                isinstance(value, dict)
                and value
                and all(isinstance(v, dict) and "sv" in v for v in value.values())
            ):
                codes |= set(value)
    codes |= set(summary.ELIGIBILITY_LABELS) | set(QUESTIONS)
    codes |= {slot for slots in DETAIL_SLOTS.values() for slot in slots}
    codes |= set(portal.OUTCOMES) | {
        "booked",
        "cancelled",
        "done",
        "no_show",
        "callback_requested",
        "callback_done",
        "visit",
        "phone",
        "None",
        "null",
        "True",
        "False",
    }
    # Language codes, ISCO and ISCED digits are checked where the case holds them (as
    # two-letter words and numbers they also occur in ordinary text).
    return {c for c in codes if not c.isdigit() and len(c) > 2 and c not in WORDS_TOO}


class VisibleText(HTMLParser):
    """The text a person sees or hears: no tags, scripts or attribute values except the
    ones shown or read aloud."""

    SHOWN_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [v for k, v in attrs if k in self.SHOWN_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def leaked_codes(text: str, case_codes: set[str]) -> set[str]:
    """The internal codes that appear in the text as words of their own."""
    words = set(re.findall(r"\w+", text))
    found = (internal_codes() | {c for c in case_codes - WORDS_TOO if not c.isdigit()}) & words
    for number in (c for c in case_codes if c.isdigit()):
        # a number of its own: not part of a date, a time, a phone number or a reference
        if re.search(rf"(?<![\w.,+–-]){number}(?![\w.,:–-])", text):
            found.add(number)
    return found


def add_meeting(world: World, case_public_id: str, **values: Any) -> None:
    from sqlalchemy import select

    from bot.cases.db import session_scope
    from bot.cases.models import Case, Meeting

    with session_scope(world.url) as session:
        case = session.execute(select(Case).where(Case.public_id == case_public_id)).scalar_one()
        session.add(
            Meeting(
                reference=booking.new_reference(),
                token=uuid.uuid4().hex,
                case_id=case.id,
                coach_id=world.coach_b,
                language="fi",
                contact_name="Omar",
                contact_phone="+358401234500",
                **values,
            )
        )


def case_with_every_kind_of_value(world: World, answers: dict[str, Any]) -> tuple[str, set[str]]:
    """A confirmed mapping with a meeting of each status for coach_b; returns the case's
    public id and the codes it holds."""
    from bot.cases import mappings
    from bot.cases.mappings import ConfirmedSummary
    from bot.rules.profile import QUESTIONS, MappingProfile
    from bot.rules.summary import assess, stored_fields

    profile = MappingProfile.from_slots(answers)
    assessment = assess(profile, helsinki_today(), frozenset({"638", "434"}))
    conversation = f"portal-{uuid.uuid4()}"
    summary = mappings.confirm_summary(
        conversation,
        "fi",
        ConfirmedSummary(**stored_fields(profile, assessment, QUESTIONS)),
        world.url,
    )
    now = datetime.now(timezone.utc)
    slots, _ = offer_slots(SlotRequest("fi"), now, url=world.url)
    slot = min((s for s in slots if s.coach_id == world.coach_b), key=lambda s: s.start)
    booking.book(
        Slot(slot.start, world.coach_b),
        "phone",
        "fi",
        ContactDetails(name="Omar", phone="+358401234500", consent=True),
        conversation_id=conversation,
        now=now,
        url=world.url,
    )
    case = summary.case_public_id
    earlier = now - timedelta(minutes=20)  # started today, so it is on the dashboard too
    add_meeting(world, case, start_at=earlier, channel="visit", status="done", outcome="met")
    add_meeting(
        world,
        case,
        start_at=now - timedelta(days=7),
        channel="video",
        status="no_show",
        outcome="no_show",
    )
    add_meeting(world, case, start_at=now + timedelta(days=2), channel="phone", status="cancelled")
    add_meeting(world, case, status="callback_done")
    booking.request_callback(
        "fi",
        ContactDetails(name="Omar", phone="+358401234500", consent=True),
        conversation_id=conversation,
        url=world.url,
    )
    held: set[str] = {
        summary.eligibility or "",
        summary.service_path or "",
        *summary.eligibility_reasons,
        *summary.path_reasons,
        *summary.customer_groups,
        *summary.needs,
        *summary.own_words,
        "fi",
        "sv",
    }
    for key, value in summary.data.items():
        held.add(key)
        if key not in QUESTIONS:
            continue  # the person's own words and numbers, not codes
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                held |= {str(v) for v in item.values()}
            elif isinstance(item, str):
                held.add(item)
    return case, {c for c in held if c}


@pytest.mark.parametrize("answers", [FULL_PROFILE, UNKNOWNS_PROFILE], ids=["groups", "unknowns"])
async def test_no_internal_code_on_any_page_a_coach_sees(
    client: TestClient, world: World, answers: dict[str, Any]
) -> None:
    case, held = case_with_every_kind_of_value(world, answers)
    assert {"8", "partial_work_ability", "integration"} <= held or {"unknown", "skipped"} <= held
    csrf = await login(client, "coach_b")
    await client.post(
        f"/portal/cases/{case}/notes",
        data={"text": "Soitin, sovittiin käynti.", "csrf_token": csrf},
    )
    pages = {}
    for lang in ("fi", "sv"):
        pages[f"dashboard {lang}"] = f"/portal/?lang={lang}"
        pages[f"case {lang}"] = f"/portal/cases/{case}?lang={lang}"
        pages[f"print {lang}"] = f"/portal/cases/{case}/print?lang={lang}"
        pages[f"queue {lang}"] = f"/portal/queue?lang={lang}"
    for name, path in pages.items():
        response = await client.get(path)
        assert response.status == 200, name
        text = visible_text(await response.text())
        if name.startswith(("dashboard", "case")):
            assert "Omar" in text, name  # the case's meetings and the callback are here
        if name.startswith(("case", "print")):
            assert "Soitin, sovittiin käynti." in text, name
        assert not leaked_codes(text, held), (name, leaked_codes(text, held))


async def test_case_name_prefers_a_meeting_with_a_time_over_a_callback_request(
    client: TestClient, world: World
) -> None:
    case, _ = case_with_every_kind_of_value(world, UNKNOWNS_PROFILE)
    from bot.cases import portal

    view = portal.case_view(case, world.url)
    assert view is not None
    timed = [m for m in view.meetings if m.start_at and m.status != "cancelled"]
    callback = next(m for m in view.meetings if m.status == "callback_requested")
    assert view.meetings[-1] == callback  # the newest of the case's meetings
    await login(client, "coach_b")
    html = await (await client.get(f"/portal/cases/{case}")).text()
    assert f"<h1>Asiakkuus {timed[-1].reference}</h1>" in html


async def test_a_summary_missing_in_one_language_is_rebuilt_from_its_answers(
    client: TestClient, world: World
) -> None:
    from sqlalchemy import update

    from bot.cases.db import session_scope
    from bot.cases.models import MappingSummary

    case, held = case_with_every_kind_of_value(world, FULL_PROFILE)
    with session_scope(world.url) as session:
        session.execute(update(MappingSummary).values(text_fi=None))
    await login(client, "coach_b")
    html = await (await client.get(f"/portal/cases/{case}?lang=fi")).text()
    text = visible_text(html)
    assert "• Viimeisin työ: prosessi- ja kuljetustyö: ”rekkakuski”" in text
    assert "• Kotikunta: Porvoo" in text
    assert "None" not in text and not leaked_codes(text, held)


async def test_error_answers_a_coach_gets_are_in_swedish_and_finnish(
    client: TestClient, world: World
) -> None:
    csrf = await login(client, "coach_a")
    answers = {
        "other coach's case": await client.get(f"/portal/cases/{world.case_b}"),
        "other coach's meeting": await client.get(f"/portal/meetings/{world.meeting_b}"),
        "no such case": await client.get("/portal/cases/no-such-case"),
        "staff page": await client.get("/portal/catalog"),
        "form without token": await client.post(
            f"/portal/cases/{world.case_a}/notes", data={"text": "hej"}
        ),
        "bad outcome": await client.post(
            f"/portal/cases/{world.case_a}/outcome",
            data={"meeting_id": "x", "outcome": "met", "csrf_token": csrf},
        ),
    }
    english = re.compile(r"\b(not|your|found|only|staff|token|missing|wrong|unknown|or)\b", re.I)
    for name, response in answers.items():
        assert response.status in (400, 403, 404), name
        text = await response.text()
        assert " / " in text and not english.search(text), (name, text)
