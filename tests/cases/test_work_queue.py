"""The team work queue in the case database, on SQLite and PostgreSQL (issue 16, part 3):
a confirmed mapping without a meeting and a callback request wait for a coach of the
person's team; a booking moves them on and gives the case its own egencoach."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cases import booking, mappings, portal, work_queue
from bot.cases.booking import ContactDetails
from bot.cases.db import session_scope
from bot.cases.models import Case, Coach, Notification, WorkItem
from bot.rules import teams
from bot.rules.slots import HELSINKI, Slot
from tests.booking.test_booking_repository import make_coach
from tests.cases.test_mappings import SUMMARY

CONTACT = ContactDetails(name="Maria", phone="+358401234567", email=None, consent=True)


def _monday_9(weeks_ahead: int = 1) -> datetime:
    today = datetime.now(HELSINKI).date()
    monday = today + timedelta(days=7 * weeks_ahead - today.weekday())
    return datetime.combine(monday, time(9), HELSINKI)


def _summary(**data: str) -> mappings.ConfirmedSummary:
    return dataclasses.replace(SUMMARY, data={**SUMMARY.data, **data})


@dataclasses.dataclass(frozen=True)
class Item:
    id: int
    kind: str
    team: str
    status: str
    age_band: str | None
    status_by: int | None


def _items(url: str, public_id: str) -> list[Item]:
    with session_scope(url) as session:
        found = session.execute(
            select(WorkItem)
            .join(Case, WorkItem.case_id == Case.id)
            .where(Case.public_id == public_id)
        ).scalars()
        return [Item(i.id, i.kind, i.team, i.status, i.age_band, i.status_by) for i in found]


def _only(url: str, public_id: str) -> tuple[str, str, str, str | None]:
    rows = [(i.kind, i.team, i.status, i.age_band) for i in _items(url, public_id)]
    assert len(rows) == 1, rows
    return rows[0]


def test_a_mapping_without_a_meeting_waits_for_the_persons_team(db_url: str) -> None:
    for home, team in (("638", "638"), ("434", "434"), ("407", "434"), ("091", "638")):
        conversation = f"q-{uuid.uuid4()}"
        record = mappings.confirm_summary(conversation, "sv", _summary(municipality=home), db_url)
        assert _only(db_url, record.case_public_id) == ("mapping", team, "new", "under_25")


def test_confirming_again_keeps_one_item(db_url: str) -> None:
    conversation = f"q-{uuid.uuid4()}"
    mappings.confirm_summary(conversation, "fi", _summary(municipality="638"), db_url)
    record = mappings.confirm_summary(conversation, "fi", _summary(municipality="434"), db_url)
    assert _only(db_url, record.case_public_id)[:3] == ("mapping", "434", "new")


def test_booking_moves_the_item_on_and_gives_the_case_its_own_coach(db_url: str) -> None:
    coach = make_coach(db_url)
    conversation = f"q-{uuid.uuid4()}"
    record = mappings.confirm_summary(conversation, "sv", _summary(), db_url)
    meeting = booking.book(
        Slot(_monday_9(), coach), "visit", "sv", CONTACT, conversation_id=conversation, url=db_url
    )
    kind, _, status, _ = _only(db_url, record.case_public_id)
    assert (kind, status) == ("mapping", "booked")
    assert [i.status_by for i in _items(db_url, record.case_public_id)] == [None]  # the bot
    view = portal.case_view(record.case_public_id, db_url)
    assert view is not None and view.own_coach_id == coach
    # a cancellation puts the mapping back in the queue
    booking.cancel(meeting.reference, db_url)
    assert _only(db_url, record.case_public_id)[2] == "new"


def test_a_mapping_confirmed_after_booking_does_not_wait(db_url: str) -> None:
    coach = make_coach(db_url)
    conversation = f"q-{uuid.uuid4()}"
    booking.book(
        Slot(_monday_9(2), coach), "visit", "sv", CONTACT, conversation_id=conversation, url=db_url
    )
    record = mappings.confirm_summary(conversation, "sv", _summary(), db_url)
    assert _items(db_url, record.case_public_id) == []


def test_a_callback_request_goes_to_its_team_and_closing_it_closes_the_item(db_url: str) -> None:
    conversation = f"q-{uuid.uuid4()}"
    record = mappings.confirm_summary(conversation, "fi", _summary(municipality="434"), db_url)
    callback = booking.request_callback("fi", CONTACT, conversation_id=conversation, url=db_url)
    kinds = sorted((i.kind, i.team, i.status) for i in _items(db_url, record.case_public_id))
    assert kinds == [("callback", "434", "new"), ("mapping", "434", "new")]
    # the Borgå team does not see it, nor close it; the Lovisa team does
    assert callback.id not in {m.id for m in portal.open_callbacks(None, db_url, {"638"})}
    assert callback.id in {m.id for m in portal.open_callbacks({"fi"}, db_url, {"434"})}
    assert not portal.close_callback(callback.id, None, db_url, {"638"})
    assert portal.close_callback(callback.id, {"fi"}, db_url, {"434"})
    kinds = sorted((i.kind, i.status) for i in _items(db_url, record.case_public_id))
    assert kinds == [("callback", "closed"), ("mapping", "new")]


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        ("new", "contacted", True),
        ("new", "closed", True),
        ("contacted", "booked", True),
        ("contacted", "closed", True),
        ("contacted", "new", True),
        ("booked", "closed", True),
        ("closed", "new", False),
        ("booked", "new", False),
        ("new", "new", False),
        ("closed", "contacted", False),
    ],
)
def test_moves(current: str, new: str, allowed: bool) -> None:
    assert work_queue.can_move(current, new) is allowed


def test_a_move_keeps_who_and_only_within_the_team_and_languages(db_url: str) -> None:
    conversation = f"q-{uuid.uuid4()}"
    record = mappings.confirm_summary(conversation, "sv", _summary(municipality="638"), db_url)
    (item,) = _items(db_url, record.case_public_id)
    assert work_queue.move(item.id, "contacted", 1, {"434"}, None, db_url) == "not_found"
    assert work_queue.move(item.id, "contacted", 1, {"638"}, {"fi"}, db_url) == "not_found"
    assert work_queue.move(item.id, "new", 1, {"638"}, {"sv"}, db_url) == "not_allowed"
    assert work_queue.move(item.id, "contacted", None, {"638"}, {"sv"}, db_url) is None  # type: ignore[arg-type]
    (after,) = _items(db_url, record.case_public_id)
    assert after.status == "contacted"


def test_two_coaches_moving_one_item_at_once_do_not_overwrite_each_other(db_url: str) -> None:
    """Coach A closes, coach B marks contacted, both from "new": exactly one move lands."""
    from concurrent.futures import ThreadPoolExecutor

    def move_to(item_id: int, target: str) -> str | None:
        return work_queue.move(item_id, target, None, None, None, db_url)  # type: ignore[arg-type]

    for _ in range(5):
        record = mappings.confirm_summary(f"q-{uuid.uuid4()}", "sv", _summary(), db_url)
        (item,) = _items(db_url, record.case_public_id)
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(move_to, (item.id, item.id), ("closed", "contacted")))
        (after,) = _items(db_url, record.case_public_id)
        landed = ["closed", "contacted"][results.index(None)] if None in results else None
        assert results.count(None) >= 1 and after.status == landed
        if results.count(None) == 2:  # one after the other: contacted -> closed is allowed
            assert after.status == "closed"


def test_the_queue_filters(db_url: str) -> None:
    tag = uuid.uuid4().hex[:6]
    made = {}
    for name, lang, data, groups in (
        ("young-sv-borga", "sv", {"municipality": "638", "age_group": "under_25"}, ["youth"]),
        ("older-fi-askola", "fi", {"municipality": "018", "age_group": "55_plus"}, ["laid_off"]),
    ):
        summary = dataclasses.replace(_summary(**data), customer_groups=groups)
        made[name] = mappings.confirm_summary(f"q-{tag}-{name}", lang, summary, db_url)

    def ids(**where: object) -> set[str]:
        rows = work_queue.rows(work_queue.QueueFilter(**where), db_url)  # type: ignore[arg-type]
        return {r.case_public_id for r in rows} & {m.case_public_id for m in made.values()}

    both = {m.case_public_id for m in made.values()}
    assert ids(teams={"638"}) == both
    assert ids(teams={"434"}) == set()
    assert ids(languages={"fi"}) == {made["older-fi-askola"].case_public_id}
    assert ids(municipality="638") == {made["young-sv-borga"].case_public_id}
    assert ids(customer_group="laid_off") == {made["older-fi-askola"].case_public_id}
    assert ids(age_band="under_25") == {made["young-sv-borga"].case_public_id}
    assert ids(statuses=("closed",)) == set()
    row = next(
        r
        for r in work_queue.rows(work_queue.QueueFilter(), db_url)
        if r.case_public_id == made["young-sv-borga"].case_public_id
    )
    assert row.has_summary and row.kind == "mapping" and row.customer_groups == ("youth",)


def test_assigning_a_coach_writes_a_notification_that_names_no_one(db_url: str) -> None:
    coach = make_coach(db_url)
    with session_scope(db_url) as session:
        row = session.get(Coach, coach)
        assert row is not None
        row.email = f"{uuid.uuid4().hex[:8]}@coach.example"
        address = row.email
    record = mappings.confirm_summary(f"q-{uuid.uuid4()}", "sv", _summary(), db_url)
    assert work_queue.assign(record.case_public_id, coach, db_url)
    assert work_queue.assign(record.case_public_id, coach, db_url)
    with session_scope(db_url) as session:
        sent = (
            session.execute(select(Notification).where(Notification.recipient == address))
            .scalars()
            .all()
        )
        assert [(n.kind, n.link) for n in sent] == [
            ("case_assigned", f"/portal/cases/{record.case_public_id}")
        ]
    view = portal.case_view(record.case_public_id, db_url)
    assert view is not None and view.own_coach_id == coach
    assert not work_queue.assign("no-such-case", coach, db_url)
    assert not work_queue.assign(record.case_public_id, 999_999, db_url)


def test_a_case_is_found_by_reference_phone_or_email(db_url: str) -> None:
    coach = make_coach(db_url)
    conversation = f"q-{uuid.uuid4()}"
    phone = "+35840" + str(uuid.uuid4().int)[:7]
    email = f"{uuid.uuid4().hex[:8]}@example.fi"
    contact = ContactDetails(name="Maria", phone=phone, email=email, consent=True)
    meeting = booking.book(
        Slot(_monday_9(3), coach),
        "visit",
        "sv",
        contact,
        conversation_id=conversation,
        url=db_url,
    )
    case = portal.case_of_meeting(meeting.id, db_url)
    national = "0" + phone[4:6] + " " + phone[6:]
    for text in (
        meeting.reference,
        meeting.reference.lower().replace("-", ""),
        national,
        phone,
        email.upper(),
    ):
        assert work_queue.find_cases(text, db_url) == [case], text
    assert work_queue.find_cases("", db_url) == []
    assert work_queue.find_cases("040 000 0000", db_url) == []


@pytest.mark.parametrize(
    ("home", "team"),
    [
        ("638", "638"),
        ("018", "638"),
        ("434", "434"),
        ("407", "434"),
        (None, "638"),
        ("091", "638"),
        ("753", "753"),
    ],
)
def test_the_team_of_a_home(home: str | None, team: str) -> None:
    assert teams.load().of_home(home) == team


def test_the_team_of_an_office() -> None:
    loaded = teams.load()
    assert loaded.of_office("434") == "434"
    assert loaded.of_office("018") == "638"  # an office outside the list: the team of home


@pytest.mark.parametrize(
    "data", [None, {"default": "638"}, {"teams": {"638": ["638"]}, "default": "999"}, []]
)
def test_a_broken_teams_file_is_refused(data: object) -> None:
    with pytest.raises(ValueError):
        teams.parse(data)


def test_erasure_takes_the_persons_queue_items_with_it(db_url: str) -> None:
    from bot.cases import privacy

    conversation = f"q-{uuid.uuid4()}"
    record = mappings.confirm_summary(conversation, "sv", _summary(), db_url)
    booking.request_callback("sv", CONTACT, conversation_id=conversation, url=db_url)
    ids = [i.id for i in _items(db_url, record.case_public_id)]
    assert len(ids) == 2
    privacy.erase_person(privacy.find_person(conversation_id=conversation, url=db_url), db_url)
    with session_scope(db_url) as session:
        assert session.execute(select(WorkItem).where(WorkItem.id.in_(ids))).all() == []
    rows = work_queue.rows(work_queue.QueueFilter(), db_url)
    assert record.case_public_id not in {r.case_public_id for r in rows}


def test_what_waited_before_the_queue_existed_gets_its_items(tmp_path: Path) -> None:
    """Migration 0009 puts open callback requests and confirmed mappings without a meeting
    made before it into the queue: else, after the upgrade, no coach would see them."""
    from sqlalchemy import create_engine, text

    from bot.cases import db
    from bot.cases.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0008")
    engine = create_engine(url)
    now = "2026-12-01 10:00:00"
    with engine.begin() as conn:
        for case_id, home in ((1, "434"), (2, "638")):
            conn.execute(
                text(
                    "INSERT INTO cases (id, public_id, conversation_id, language, status, "
                    "created_at, updated_at) VALUES (:i, :p, :c, 'sv', 'mapped', :n, :n)"
                ),
                {"i": case_id, "p": f"case-{case_id}", "c": f"conv-{case_id}", "n": now},
            )
            conn.execute(
                text(
                    "INSERT INTO mapping_summaries (public_id, case_id, status, language, data, "
                    "own_words, eligibility_reasons, path_reasons, customer_groups, needs, "
                    "created_at, updated_at) VALUES (:p, :i, 'confirmed', 'sv', :d, '{}', '[]', "
                    "'[]', '[\"youth\"]', '[]', :n, :n)"
                ),
                {
                    "p": f"s-{case_id}",
                    "i": case_id,
                    "n": now,
                    "d": '{"municipality": "' + home + '", "age_group": "under_25"}',
                },
            )
        conn.execute(
            text(
                "INSERT INTO meetings (reference, token, case_id, status, language, "
                "short_first_meeting, contact_consent, created_at, updated_at, booked_by, "
                "sequence) VALUES ('AAA-BBB', 't1', 1, 'callback_requested', 'sv', 0, 1, :n, "
                ":n, 'person', 0)"
            ),
            {"n": now},
        )
    engine.dispose()
    upgrade(url)
    with session_scope(url) as session:
        items = sorted(
            (i.case_id, i.kind, i.team, i.status, i.age_band, tuple(i.customer_groups))
            for i in session.execute(select(WorkItem)).scalars()
        )
        # nothing lost on the way (a batch rebuild of "cases" on SQLite deleted the summaries
        # and unlinked the meetings through their foreign keys)
        kept = session.execute(text("SELECT count(*) FROM mapping_summaries")).scalar_one()
        linked = session.execute(text("SELECT case_id FROM meetings")).scalar_one()
    db.dispose_all()
    assert (kept, linked) == (2, 1)
    assert items == [
        (1, "callback", "434", "new", "under_25", ("youth",)),
        (1, "mapping", "434", "new", "under_25", ("youth",)),
        (2, "mapping", "638", "new", "under_25", ("youth",)),
    ]


def test_a_missing_teams_file_means_one_team_not_a_failed_mapping(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEAMS_FILE", str(tmp_path / "gone.yml"))
    assert teams.load() == teams.ONE_TEAM
    record = mappings.confirm_summary(f"q-{uuid.uuid4()}", "sv", _summary(), db_url)
    assert _only(db_url, record.case_public_id)[:3] == ("mapping", "all", "new")
    assert teams.load().of_office("434") == "all"  # every coach is in that one team
