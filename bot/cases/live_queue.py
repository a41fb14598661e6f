"""The live queue as coaches see it: the waiting chats of their teams and languages (no
name, no contact detail), and a signature that changes whenever the queue does."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from bot.cases.db import read_scope
from bot.cases.models import LiveChat, MappingSummary
from bot.rules.timefmt import as_utc


@dataclass(frozen=True)
class QueueEntry:
    """A waiting chat as a coach's live queue shows it (no name, no contact details)."""

    id: int
    language: str
    municipality: str | None
    team: str
    requested_at: datetime
    has_summary: bool


def queue(
    team_set: Collection[str] | None, languages: Collection[str] | None, url: str | None = None
) -> list[QueueEntry]:
    """Waiting chats of these teams and languages (None: all), the longest waiting first."""
    with read_scope(url) as session:
        query = select(LiveChat).where(LiveChat.status == "waiting").order_by(LiveChat.id)
        if team_set is not None:
            query = query.where(LiveChat.team.in_(sorted(team_set)))
        if languages is not None:
            query = query.where(LiveChat.language.in_(sorted(languages)))
        out = []
        for chat in session.execute(query).scalars():
            summary = None
            if chat.case_id is not None:
                summary = session.execute(
                    select(MappingSummary.id).where(
                        MappingSummary.case_id == chat.case_id,
                        MappingSummary.status == "confirmed",
                    )
                ).first()
            out.append(
                QueueEntry(
                    chat.id,
                    chat.language,
                    chat.municipality,
                    chat.team,
                    as_utc(chat.requested_at),
                    summary is not None,
                )
            )
        return out


def queue_signature(url: str | None = None) -> tuple[int, int]:
    """How many chats wait and the newest one's id: changes whenever the queue does (a
    request from the action server, someone leaving), for the pages that watch it."""
    with read_scope(url) as session:
        count, newest = session.execute(
            select(func.count(LiveChat.id), func.max(LiveChat.id)).where(
                LiveChat.status == "waiting"
            )
        ).one()
        return int(count or 0), int(newest or 0)
