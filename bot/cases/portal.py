"""Read and write what the coach and staff portal shows (one transaction per function)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.cases.booking import BOOKED, CALLBACK, MeetingRecord, _record
from bot.cases.db import session_scope
from bot.cases.mappings import CONFIRMED, SummaryRecord, latest_confirmed
from bot.cases.mappings import _record as summary_record
from bot.cases.models import (
    Case,
    CaseNote,
    Coach,
    InboxDecision,
    MappingSummary,
    Meeting,
    User,
    WorkItem,
    utcnow,
)
from bot.cases.work_queue import OPEN

CALLBACK_DONE = "callback_done"
OUTCOMES = {"met": "done", "no_show": "no_show", "referred": "done"}
# A meeting whose outcome may be recorded (or corrected), once it has started.
OUTCOME_STATUSES = (BOOKED, "done", "no_show")


@dataclass(frozen=True)
class NoteView:
    """A note with its author."""

    text: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class CaseView:
    """Everything the case page shows."""

    public_id: str
    conversation_id: str
    language: str
    status: str
    summary: SummaryRecord | None
    notes: list[NoteView]
    meetings: list[MeetingRecord]
    coach_ids: set[int]
    created_at: datetime
    outcomes: dict[int, str | None]
    own_coach_id: int | None = None
    own_coach: str | None = None
    # (team, language, status) of the case's open work-queue items
    queue: tuple[tuple[str, str, str], ...] = ()


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def meetings_between(
    start: datetime, end: datetime, coach_id: int | None = None, url: str | None = None
) -> list[MeetingRecord]:
    """Booked (and finished) meetings in [start, end), of one coach or all."""
    with session_scope(url) as session:
        query = (
            select(Meeting)
            .where(Meeting.start_at >= start, Meeting.start_at < end)
            .where(Meeting.status.notin_(("cancelled", "released")))
            .order_by(Meeting.start_at)
        )
        if coach_id is not None:
            query = query.where(Meeting.coach_id == coach_id)
        return [_record(m) for m in session.execute(query).scalars()]


def meeting(meeting_id: int, url: str | None = None) -> tuple[MeetingRecord, int | None] | None:
    """A meeting and the id of its coach."""
    with session_scope(url) as session:
        row = session.get(Meeting, meeting_id)
        return (_record(row), row.coach_id) if row else None


def case_of_meeting(meeting_id: int, url: str | None = None) -> str | None:
    """The public id of the meeting's case."""
    with session_scope(url) as session:
        row = session.get(Meeting, meeting_id)
        return row.case.public_id if row and row.case else None


def case_view(public_id: str, url: str | None = None) -> CaseView | None:
    """The case with its latest confirmed summary, notes and meetings."""
    with session_scope(url) as session:
        case = session.execute(select(Case).where(Case.public_id == public_id)).scalar_one_or_none()
        if case is None:
            return None
        summary_row = latest_confirmed(session, case.id)
        notes = [
            NoteView(n.text, author or "–", _utc(n.created_at))
            for n, author in session.execute(
                select(CaseNote, User.display_name)
                .join(User, CaseNote.author_id == User.id, isouter=True)
                .where(CaseNote.case_id == case.id)
                .order_by(CaseNote.created_at)
            )
        ]
        meeting_rows = (
            session.execute(
                select(Meeting)
                .where(Meeting.case_id == case.id)
                .order_by(Meeting.created_at, Meeting.id)
            )
            .scalars()
            .all()
        )
        meetings = [_record(m) for m in meeting_rows]
        coach_ids = {
            cid
            for (cid,) in session.execute(
                select(Meeting.coach_id).where(
                    Meeting.case_id == case.id, Meeting.status != "released"
                )
            )
            if cid is not None
        }
        own = session.get(Coach, case.own_coach_id) if case.own_coach_id else None
        queue = tuple(
            (i.team, i.language, i.status)
            for i in session.execute(
                select(WorkItem).where(WorkItem.case_id == case.id, WorkItem.status.in_(OPEN))
            ).scalars()
        )
        return CaseView(
            case.public_id,
            case.conversation_id,
            case.language,
            case.status,
            summary_record(summary_row, case) if summary_row else None,
            notes,
            meetings,
            coach_ids,
            _utc(case.created_at),
            {m.id: m.outcome for m in meeting_rows},
            case.own_coach_id,
            own.name if own is not None else None,
            queue,
        )


def add_note(public_id: str, author_id: int, text: str, url: str | None = None) -> bool:
    """Add a note to a case; False if there is no such case."""
    with session_scope(url) as session:
        case = session.execute(select(Case).where(Case.public_id == public_id)).scalar_one_or_none()
        if case is None:
            return False
        session.add(CaseNote(case_id=case.id, author_id=author_id, text=text.strip()[:5000]))
        return True


def outcome_recordable(meeting: MeetingRecord, now: datetime) -> bool:
    """Whether the meeting's outcome may be recorded now: only once it has started."""
    return (
        meeting.start_at is not None
        and meeting.start_at <= now
        and meeting.status in OUTCOME_STATUSES
    )


def set_outcome(
    meeting_id: int, outcome: str, now: datetime | None = None, url: str | None = None
) -> bool:
    """Record the outcome of a meeting: met, no-show or referred elsewhere.

    False (nothing changes) for an unknown meeting, a cancelled one or a callback request,
    and for a meeting that has not started yet.
    """
    if outcome not in OUTCOMES:
        raise ValueError("unknown outcome")
    now = now or utcnow()
    with session_scope(url) as session:
        row = session.get(Meeting, meeting_id)
        if row is None or not outcome_recordable(_record(row), now):
            return False
        row.status = OUTCOMES[outcome]
        row.outcome = outcome
        return True


def coach_languages(coach_id: int, url: str | None = None) -> frozenset[str]:
    """The languages a coach serves in (none for an unknown coach)."""
    with session_scope(url) as session:
        coach = session.get(Coach, coach_id)
        return frozenset(coach.languages or ()) if coach is not None else frozenset()


def open_callbacks(
    languages: Collection[str] | None = None,
    url: str | None = None,
    teams: Collection[str] | None = None,
) -> list[MeetingRecord]:
    """Callback requests nobody has handled yet, oldest first; with ``languages``, only
    the requests in one of them (a coach sees those in the languages they serve in), with
    ``teams`` only those of these teams (the person's home municipality decides)."""
    with session_scope(url) as session:
        query = (
            select(Meeting)
            .outerjoin(WorkItem, WorkItem.meeting_id == Meeting.id)
            .where(Meeting.status == CALLBACK)
        )
        if languages is not None:
            query = query.where(Meeting.language.in_(sorted(languages)))
        if teams is not None:  # a request without a queue item (no case) is for staff only
            query = query.where(WorkItem.team.in_(sorted(teams)))
        rows = session.execute(query.order_by(Meeting.created_at, Meeting.id)).scalars()
        return [_record(m) for m in rows]


def close_callback(
    meeting_id: int,
    languages: Collection[str] | None = None,
    url: str | None = None,
    teams: Collection[str] | None = None,
    user_id: int | None = None,
) -> bool:
    """Mark a callback request as handled (and its work-queue item closed, by ``user_id``);
    False if it is not an open request or (with ``languages`` / ``teams``) it is in a
    language or of a team not among them."""
    with session_scope(url) as session:
        row = session.get(Meeting, meeting_id)
        if row is None or row.status != CALLBACK:
            return False
        if languages is not None and row.language not in languages:
            return False
        item = session.execute(
            select(WorkItem).where(WorkItem.meeting_id == meeting_id)
        ).scalar_one_or_none()
        if teams is not None and (item is None or item.team not in teams):
            return False
        row.status = CALLBACK_DONE
        if item is not None:
            item.status, item.status_by, item.status_at = "closed", user_id, utcnow()
        return True


@dataclass(frozen=True)
class Stats:
    """Counts for the statistics page."""

    mappings_per_week: list[tuple[str, int]]
    customer_groups: Counter[str]
    service_paths: Counter[str]
    eligibility: Counter[str]
    bookings_per_week: list[tuple[str, int]]
    meeting_status: Counter[str]
    language_split: Counter[str]


def _week(moment: datetime) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def stats(weeks: int = 8, now: datetime | None = None, url: str | None = None) -> Stats:
    """The numbers of the last ``weeks`` weeks (and totals)."""
    now = now or utcnow()
    since = now - timedelta(weeks=weeks)
    week_keys = [_week(now - timedelta(weeks=i)) for i in reversed(range(weeks))]
    with session_scope(url) as session:
        summaries = (
            session.execute(select(MappingSummary).where(MappingSummary.status == CONFIRMED))
            .scalars()
            .all()
        )
        per_week = Counter(
            _week(_utc(s.confirmed_at))
            for s in summaries
            if s.confirmed_at and _utc(s.confirmed_at) >= since
        )
        groups: Counter[str] = Counter()
        paths: Counter[str] = Counter()
        eligibility: Counter[str] = Counter()
        for s in summaries:
            groups.update(s.customer_groups or [])
            if s.service_path:
                paths[s.service_path] += 1
            if s.eligibility:
                eligibility[s.eligibility] += 1
        meetings = session.execute(select(Meeting)).scalars().all()
        bookings = Counter(
            _week(_utc(m.created_at))
            for m in meetings
            if m.start_at is not None and _utc(m.created_at) >= since
        )
        status = Counter(m.status for m in meetings)
        languages = Counter(c.language for c in session.execute(select(Case)).scalars())
    return Stats(
        [(w, per_week.get(w, 0)) for w in week_keys],
        groups,
        paths,
        eligibility,
        [(w, bookings.get(w, 0)) for w in week_keys],
        status,
        languages,
    )


def decided_inbox_keys(url: str | None = None) -> set[str]:
    """The keys of inbox messages staff have assigned or dismissed."""
    with session_scope(url) as session:
        return set(session.execute(select(InboxDecision.message_key)).scalars())


def decide_inbox_message(
    url: str | None, key: str, decision: str, intent: str | None, user_id: int
) -> None:
    """Record staff's decision on an inbox message (the first decision stands)."""
    with session_scope(url) as session:
        known = session.execute(
            select(InboxDecision.id).where(InboxDecision.message_key == key)
        ).scalar_one_or_none()
        if known is None:
            session.add(
                InboxDecision(message_key=key, decision=decision, intent=intent, decided_by=user_id)
            )


@dataclass(frozen=True)
class OwnCase:
    """A case whose own egencoach the coach is, for the dashboard (no name or contact)."""

    public_id: str
    language: str
    status: str
    mapped: bool
    next_meeting: datetime | None
    meetings: list[MeetingRecord]  # in the order they were made (the case's name uses them)
    created_at: datetime


def cases_of_coach(coach_id: int, url: str | None = None) -> list[OwnCase]:
    """The coach's own cases, the next meeting first, then the newest."""
    now = utcnow()
    with session_scope(url) as session:
        found = []
        for case in session.execute(select(Case).where(Case.own_coach_id == coach_id)).scalars():
            upcoming = session.execute(
                select(Meeting.start_at)
                .where(
                    Meeting.case_id == case.id, Meeting.status == BOOKED, Meeting.start_at >= now
                )
                .order_by(Meeting.start_at)
            ).first()
            mapped = latest_confirmed(session, case.id) is not None
            meetings = session.execute(
                select(Meeting)
                .where(Meeting.case_id == case.id)
                .order_by(Meeting.created_at, Meeting.id)
            ).scalars()
            found.append(
                OwnCase(
                    case.public_id,
                    case.language,
                    case.status,
                    mapped,
                    _utc(upcoming[0]) if upcoming else None,
                    [_record(m) for m in meetings],
                    _utc(case.created_at),
                )
            )
        far = datetime.max.replace(tzinfo=timezone.utc)
        return sorted(found, key=lambda c: (c.next_meeting or far, c.public_id))
