"""Coaches as staff edit them in the portal: the list with hours and absences, and one
change at a time (languages, groups, active, a working-hours block, an absence)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from sqlalchemy import delete, select

from bot.cases.db import session_scope
from bot.cases.models import Coach, CoachAbsence, CoachHours


@dataclass(frozen=True)
class CoachChange:
    """What one save of a coach's form changes."""

    languages: list[str]
    groups: list[str]
    active: bool
    add_hours: tuple[int, time, time] | None = None  # weekday, start, end
    add_absence: tuple[date, date, str | None] | None = None  # first day, last day, reason
    remove_hours: list[int] = field(default_factory=list)
    remove_absences: list[int] = field(default_factory=list)


def coach_rows(url: str | None = None) -> list[dict[str, Any]]:
    """Every coach with hours and absences (three queries, whatever the number of coaches)."""
    with session_scope(url) as session:
        coaches = session.execute(select(Coach).order_by(Coach.name)).scalars().all()
        hours: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for h in session.execute(
            select(CoachHours).order_by(CoachHours.weekday, CoachHours.start_time)
        ).scalars():
            hours[h.coach_id].append((h.id, h.weekday, h.start_time, h.end_time))
        absences: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
        for a in session.execute(select(CoachAbsence).order_by(CoachAbsence.first_day)).scalars():
            absences[a.coach_id].append((a.id, a.first_day, a.last_day, a.reason or ""))
        return [
            {
                "id": c.id,
                "name": c.name,
                "languages": list(c.languages or []),
                "groups": list(c.groups or []),
                "office": c.office,
                "municipality": c.municipality,
                "channels": list(c.channels or []),
                "active": c.active,
                "hours": hours[c.id],
                "absences": absences[c.id],
            }
            for c in coaches
        ]


def apply_change(coach_id: int, change: CoachChange, url: str | None = None) -> bool:
    """Apply ``change`` in one transaction; False when there is no such coach."""
    with session_scope(url) as session:
        coach = session.get(Coach, coach_id)
        if coach is None:
            return False
        coach.languages = change.languages
        coach.groups = change.groups
        coach.active = change.active
        if change.add_hours is not None:
            weekday, start, end = change.add_hours
            session.add(
                CoachHours(coach_id=coach_id, weekday=weekday, start_time=start, end_time=end)
            )
        if change.add_absence is not None:
            first, last, reason = change.add_absence
            session.add(
                CoachAbsence(coach_id=coach_id, first_day=first, last_day=last, reason=reason)
            )
        if change.remove_hours:
            session.execute(
                delete(CoachHours).where(
                    CoachHours.id.in_(change.remove_hours), CoachHours.coach_id == coach_id
                )
            )
        if change.remove_absences:
            session.execute(
                delete(CoachAbsence).where(
                    CoachAbsence.id.in_(change.remove_absences),
                    CoachAbsence.coach_id == coach_id,
                )
            )
    return True
