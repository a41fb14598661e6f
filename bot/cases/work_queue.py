"""The team work queue: nobody who finished a mapping or asked to be called falls through.

An item is opened in the same transaction as what it waits on: a confirmed mapping
(:func:`mapping_confirmed`, when the case has no upcoming meeting), a callback request
(:func:`callback_requested`). A booking marks the case's open items "booked" and gives the
case its own egencoach (:func:`meeting_booked`); a cancellation opens the mapping item
again (:func:`meeting_cancelled`). Coaches move items on (new -> contacted -> booked ->
closed) in the portal, with who and when kept.

A coach sees the items of their team (data/coaches/teams.yml: the person's home
municipality decides) in the languages they serve in; staff see every team.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from bot.cases.db import session_scope
from bot.cases.models import (
    Case,
    Coach,
    MappingSummary,
    Meeting,
    Notification,
    User,
    WorkItem,
    utcnow,
)
from bot.rules import teams

KINDS = ("mapping", "callback", "live")
STATUSES = ("new", "contacted", "booked", "closed")
OPEN = ("new", "contacted")
MAPPING = "mapping"
CALLBACK = "callback"
LIVE = "live"

# (from, to) moves a coach may make; "booked" is also set by the bot when the person books
MOVES = {
    ("new", "contacted"),
    ("new", "closed"),
    ("contacted", "booked"),
    ("contacted", "closed"),
    ("new", "booked"),
    ("booked", "closed"),
    ("contacted", "new"),
}


def can_move(current: str, new: str) -> bool:
    """Whether a coach may move an item from ``current`` to ``new``."""
    return (current, new) in MOVES


@dataclass(frozen=True)
class QueueRow:
    """One item as the queue page shows it (no names, no contact details)."""

    id: int
    kind: str
    case_public_id: str
    team: str
    language: str
    municipality: str | None
    customer_groups: tuple[str, ...]
    age_band: str | None
    status: str
    status_by: str | None
    status_at: datetime
    created_at: datetime
    has_summary: bool
    own_coach: str | None


@dataclass(frozen=True)
class QueueFilter:
    """What the queue page shows: None means any."""

    teams: Collection[str] | None = None
    languages: Collection[str] | None = None
    municipality: str | None = None
    customer_group: str | None = None
    age_band: str | None = None
    statuses: Collection[str] = OPEN
    kind: str | None = None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _profile(session: Session, case: Case) -> tuple[str | None, list[str], str | None]:
    """Home municipality, customer groups and age band from the case's newest summary."""
    from bot.cases.mappings import latest_confirmed  # mappings calls this module's hooks

    row = latest_confirmed(session, case.id)
    if row is None:
        return None, [], None
    data = row.data or {}
    home = data.get("municipality")
    age = data.get("age_group")
    return (
        str(home) if home else None,
        [str(g) for g in row.customer_groups or []],
        str(age) if age else None,
    )


def _open_item(session: Session, case: Case, kind: str, ref: str, meeting_id: int | None) -> None:
    existing = session.execute(
        select(WorkItem).where(WorkItem.case_id == case.id, WorkItem.ref == ref)
    ).scalar_one_or_none()
    home, groups, age = _profile(session, case)
    if existing is not None:
        existing.municipality, existing.customer_groups, existing.age_band = home, groups, age
        existing.team = teams.load().of_home(home)
        if existing.status not in OPEN:
            existing.status, existing.status_by, existing.status_at = "new", None, utcnow()
        return
    session.add(
        WorkItem(
            case_id=case.id,
            kind=kind,
            ref=ref,
            meeting_id=meeting_id,
            team=teams.load().of_home(home),
            language=case.language,
            municipality=home,
            customer_groups=groups,
            age_band=age,
            status="new",
        )
    )


def _has_upcoming_meeting(session: Session, case_id: int, now: datetime) -> bool:
    return (
        session.execute(
            select(Meeting.id).where(
                Meeting.case_id == case_id, Meeting.status == "booked", Meeting.start_at >= now
            )
        ).first()
        is not None
    )


# hooks, inside the transaction of what happened --------------------------------------------


def mapping_confirmed(session: Session, case: Case, now: datetime | None = None) -> None:
    """A confirmed mapping without an upcoming meeting waits in the team's queue."""
    session.flush()
    if not _has_upcoming_meeting(session, case.id, now or utcnow()):
        _open_item(session, case, MAPPING, MAPPING, None)


def callback_requested(session: Session, case: Case, meeting: Meeting) -> None:
    """A callback request goes to the team and language it belongs to; the team's coaches
    who serve in that language are told by e-mail."""
    session.flush()
    _open_item(session, case, CALLBACK, f"callback:{meeting.id}", meeting.id)
    item = session.execute(
        select(WorkItem).where(WorkItem.case_id == case.id, WorkItem.meeting_id == meeting.id)
    ).scalar_one()
    known = teams.load()
    for coach in session.execute(select(Coach).where(Coach.active.is_(True))).scalars():
        if case.language in (coach.languages or []) and known.of_office(coach.municipality) == (
            item.team
        ):
            _notify(session, coach, "callback", "/portal/queue?kind=callback")


def live_unanswered(session: Session, case: Case, chat_id: int, team: str, language: str) -> None:
    """A live request nobody took in time: the team's coaches in its language are told,
    and it waits in the team's work queue (the person may be gone by the time a coach
    looks: the chat's record says what they wrote)."""
    session.flush()
    ref = f"live:{chat_id}"
    _open_item(session, case, LIVE, ref, None)
    session.flush()
    item = session.execute(
        select(WorkItem).where(WorkItem.case_id == case.id, WorkItem.ref == ref)
    ).scalar_one()
    item.team, item.language = team, language  # where the chat was asked for, not the case
    known = teams.load()
    for coach in session.execute(select(Coach).where(Coach.active.is_(True))).scalars():
        if language in (coach.languages or []) and known.of_office(coach.municipality) == team:
            _notify(session, coach, LIVE, "/portal/live")


def meeting_booked(session: Session, case: Case, meeting: Meeting) -> None:
    """The person booked: open items are "booked" (by the bot); a first coach is their own."""
    for item in session.execute(
        select(WorkItem).where(WorkItem.case_id == case.id, WorkItem.status.in_(OPEN))
    ).scalars():
        if item.kind != CALLBACK:
            item.status, item.status_by, item.status_at = "booked", None, utcnow()
    if case.own_coach_id is None and meeting.coach_id is not None:
        case.own_coach_id = meeting.coach_id


def meeting_cancelled(session: Session, case: Case, now: datetime | None = None) -> None:
    """A cancelled meeting puts a confirmed mapping back in the queue (if nothing else is
    booked)."""
    item = session.execute(
        select(WorkItem).where(WorkItem.case_id == case.id, WorkItem.ref == MAPPING)
    ).scalar_one_or_none()
    if item is not None and item.status == "booked":
        if not _has_upcoming_meeting(session, case.id, now or utcnow()):
            item.status, item.status_by, item.status_at = "new", None, utcnow()


# the portal ----------------------------------------------------------------------------


def rows(where: QueueFilter, url: str | None = None) -> list[QueueRow]:
    """The items ``where`` selects, longest waiting first."""
    with session_scope(url) as session:
        query = (
            select(WorkItem, Case, User.display_name, Coach.name)
            .join(Case, WorkItem.case_id == Case.id)
            .outerjoin(User, WorkItem.status_by == User.id)
            .outerjoin(Coach, Case.own_coach_id == Coach.id)
            .where(WorkItem.status.in_(sorted(where.statuses)))
        )
        if where.teams is not None:
            query = query.where(WorkItem.team.in_(sorted(where.teams)))
        if where.languages is not None:
            query = query.where(WorkItem.language.in_(sorted(where.languages)))
        if where.municipality:
            query = query.where(WorkItem.municipality == where.municipality)
        if where.age_band:
            query = query.where(WorkItem.age_band == where.age_band)
        if where.kind:
            query = query.where(WorkItem.kind == where.kind)
        found = session.execute(query.order_by(WorkItem.created_at, WorkItem.id)).all()
        summaries = {
            case_id
            for (case_id,) in session.execute(
                select(MappingSummary.case_id).where(
                    MappingSummary.case_id.in_([c.id for _, c, _, _ in found]),
                    MappingSummary.status == "confirmed",
                )
            )
        }
        result = []
        for item, case, by, own in found:
            groups = tuple(item.customer_groups or ())
            if where.customer_group and where.customer_group not in groups:
                continue
            result.append(
                QueueRow(
                    item.id,
                    item.kind,
                    case.public_id,
                    item.team,
                    item.language,
                    item.municipality,
                    groups,
                    item.age_band,
                    item.status,
                    by,
                    _aware(item.status_at),
                    _aware(item.created_at),
                    case.id in summaries,
                    own,
                )
            )
        return result


def move(
    item_id: int,
    status: str,
    user_id: int,
    teams_allowed: Collection[str] | None,
    languages: Collection[str] | None,
    url: str | None = None,
    seen: str | None = None,
) -> str | None:
    """Move an item on; None when done, else why not ("not_found", "not_allowed").

    The move is a compare-and-set on the status the coach saw (``seen``, from the page, else
    the one read here): of two coaches moving one item at once, or a coach and the bot
    marking it booked, the second finds the status changed and gets "not_allowed" instead
    of overwriting the first.
    """
    with session_scope(url) as session:
        item = session.get(WorkItem, item_id)
        if item is None or not _visible(item, teams_allowed, languages):
            return "not_found"
        current = seen or item.status
        if current != item.status or not can_move(current, status):
            return "not_allowed"
        changed = session.execute(
            update(WorkItem)
            .where(WorkItem.id == item_id, WorkItem.status == current)
            .values(status=status, status_by=user_id, status_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if changed != 1:
            return "not_allowed"
        if item.kind == CALLBACK and status == "closed" and item.meeting_id is not None:
            meeting = session.get(Meeting, item.meeting_id)
            if meeting is not None and meeting.status == "callback_requested":
                meeting.status = "callback_done"
        return None


def _visible(
    item: WorkItem, teams_allowed: Collection[str] | None, languages: Collection[str] | None
) -> bool:
    return (teams_allowed is None or item.team in teams_allowed) and (
        languages is None or item.language in languages
    )


def assign(case_public_id: str, coach_id: int, url: str | None = None) -> bool:
    """Make ``coach_id`` the case's own egencoach; the coach is told by e-mail (a link only).

    False when the case or an active coach is not found."""
    with session_scope(url) as session:
        case = session.execute(
            select(Case).where(Case.public_id == case_public_id)
        ).scalar_one_or_none()
        coach = session.get(Coach, coach_id)
        if case is None or coach is None or not coach.active:
            return False
        if case.own_coach_id == coach_id:
            return True
        case.own_coach_id = coach_id
        _notify(session, coach, "case_assigned", f"/portal/cases/{case.public_id}")
        return True


def _notify(session: Session, coach: Coach, kind: str, path: str) -> None:
    """An e-mail to ``coach`` in their portal language, if they have an address."""
    if not coach.email:
        return
    user = (
        session.execute(select(User).where(User.coach_id == coach.id, User.active.is_(True)))
        .scalars()
        .first()
    )
    language = user.language if user else (coach.languages or ["sv"])[0]
    session.add(Notification(recipient=coach.email, language=language, kind=kind, link=path))


def team_of_coach(coach_id: int, url: str | None = None) -> str | None:
    """The team of a coach's office (None for an unknown coach)."""
    with session_scope(url) as session:
        coach = session.get(Coach, coach_id)
        return teams.load().of_office(coach.municipality) if coach else None


def counts(
    team_set: Collection[str] | None, languages: Collection[str] | None, url: str | None = None
) -> int:
    """How many open items the viewer has in their queue."""
    with session_scope(url) as session:
        query = select(func.count(WorkItem.id)).where(WorkItem.status.in_(OPEN))
        if team_set is not None:
            query = query.where(WorkItem.team.in_(sorted(team_set)))
        if languages is not None:
            query = query.where(WorkItem.language.in_(sorted(languages)))
        return int(session.execute(query).scalar_one())


def find_cases(text: str, url: str | None = None) -> list[str]:
    """Public ids of the cases whose meetings carry this booking reference, phone or e-mail
    (for a person who calls in); at most 20."""
    from bot.cases.booking import normalise_reference
    from bot.rules.contact import ContactError, parse_phone

    text = text.strip()[:200]
    if not text:
        return []
    conditions = [Meeting.reference == normalise_reference(text)]
    if "@" in text:
        conditions.append(func.lower(Meeting.contact_email) == text.lower())
    try:
        conditions.append(Meeting.contact_phone == parse_phone(text))
    except ContactError:
        pass
    with session_scope(url) as session:
        found = session.execute(
            select(Case.public_id)
            .join(Meeting, Meeting.case_id == Case.id)
            .where(or_(*conditions))
            .distinct()
            .limit(20)
        ).all()
        return [public_id for (public_id,) in found]
