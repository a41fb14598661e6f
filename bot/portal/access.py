"""Who may see what in the portal: a coach their team's queue and cases, staff everything.

A coach's team is their office (data/coaches/teams.yml); they see the work queue of that
team in the languages they serve in, and a case when it is theirs (a meeting with them,
or they are its own egencoach) or waits in their team's queue in one of their languages.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from aiohttp import web

from bot.cases import portal, work_queue
from bot.portal.auth import current_user
from bot.portal.keys import SETTINGS

# Plain-text answers of the portal's errors, in Swedish and Finnish (never English).
NOT_FOUND = "Sidan finns inte. / Sivua ei löydy."
NO_COACH = (
    "Kontot är inte kopplat till någon coach. Kontakta personalen. / "
    "Tiliä ei ole liitetty valmentajaan. Ota yhteyttä henkilöstöön."
)
NOT_YOUR_CASE = "Inte ditt ärende. / Ei sinun asiakkuutesi."


@dataclass(frozen=True)
class Scope:
    """What a portal user may see of the queue: None means every team / language."""

    teams: frozenset[str] | None
    languages: frozenset[str] | None
    coach_id: int | None


async def scope_of(request: web.Request) -> Scope:
    """The viewer's team and languages (a coach), or everything (staff)."""
    user = current_user(request)
    if user.is_staff:
        return Scope(None, None, user.coach_id)
    if user.coach_id is None:
        raise web.HTTPForbidden(text=NO_COACH)
    db = str(request.app[SETTINGS].database_url)
    team = await asyncio.to_thread(work_queue.team_of_coach, user.coach_id, db)
    languages = await asyncio.to_thread(portal.coach_languages, user.coach_id, db)
    return Scope(frozenset({team} if team else ()), languages, user.coach_id)


def may_see_case(scope: Scope, view: portal.CaseView) -> bool:
    """A coach sees a case of theirs (a meeting, their own case) or one waiting in their
    team's queue in a language they serve in; staff see every case."""
    if scope.teams is None:
        return True
    if scope.coach_id is not None and (
        scope.coach_id in view.coach_ids or scope.coach_id == view.own_coach_id
    ):
        return True
    return any(
        team in scope.teams and (scope.languages is None or language in scope.languages)
        for team, language, _ in view.queue
    )
