"""Mapping summaries: drafts while the form runs, the confirmed summary at the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases import work_queue
from bot.cases.db import session_scope
from bot.cases.models import Case, MappingSummary, utcnow
from bot.cases.repository import case_in

DRAFT = "draft"
CONFIRMED = "confirmed"


@dataclass(frozen=True)
class SummaryRecord:
    """A read-only view of a stored mapping summary."""

    public_id: str
    case_public_id: str
    status: str
    language: str
    data: dict[str, Any]
    own_words: dict[str, str]
    eligibility: str | None
    eligibility_reasons: list[str]
    service_path: str | None
    path_reasons: list[str]
    customer_groups: list[str]
    needs: list[str]
    text_sv: str | None
    text_fi: str | None


@dataclass(frozen=True)
class ConfirmedSummary:
    """What a confirmed summary holds besides the answers (computed by bot.rules)."""

    data: dict[str, Any]
    own_words: dict[str, str]
    eligibility: str
    eligibility_reasons: list[str]
    service_path: str
    path_reasons: list[str]
    customer_groups: list[str]
    needs: list[str]
    text_sv: str
    text_fi: str


def _record(row: MappingSummary, case: Case) -> SummaryRecord:
    return SummaryRecord(
        row.public_id,
        case.public_id,
        row.status,
        row.language,
        dict(row.data or {}),
        dict(row.own_words or {}),
        row.eligibility,
        list(row.eligibility_reasons or []),
        row.service_path,
        list(row.path_reasons or []),
        list(row.customer_groups or []),
        list(row.needs or []),
        row.text_sv,
        row.text_fi,
    )


def _case(session: Any, conversation_id: str, language: str) -> Case:
    return case_in(session, conversation_id, language)


def _draft(session: Any, case: Case) -> MappingSummary | None:
    return (
        session.execute(
            select(MappingSummary)
            .where(MappingSummary.case_id == case.id, MappingSummary.status == DRAFT)
            .order_by(MappingSummary.id.desc())
        )
        .scalars()
        .first()
    )


def save_draft(
    conversation_id: str, language: str, answers: dict[str, Any], url: str | None = None
) -> None:
    """Store the answers given so far (one draft per case, replaced on every save)."""
    with session_scope(url) as session:
        case = _case(session, conversation_id, language)
        draft = _draft(session, case)
        if draft is None:
            session.add(
                MappingSummary(case_id=case.id, status=DRAFT, language=language, data=answers)
            )
        else:
            draft.data = answers
            draft.language = language


def load_draft(conversation_id: str, url: str | None = None) -> dict[str, Any] | None:
    """The answers of an unfinished mapping of this conversation, if there is one."""
    with session_scope(url) as session:
        case = session.execute(
            select(Case).where(Case.conversation_id == conversation_id)
        ).scalar_one_or_none()
        if case is None:
            return None
        draft = _draft(session, case)
        return dict(draft.data) if draft is not None else None


def discard_draft(conversation_id: str, url: str | None = None) -> None:
    """Delete the unfinished mapping of this conversation (consent withdrawn)."""
    with session_scope(url) as session:
        case = session.execute(
            select(Case).where(Case.conversation_id == conversation_id)
        ).scalar_one_or_none()
        if case is not None:
            draft = _draft(session, case)
            if draft is not None:
                session.delete(draft)


def confirm_summary(
    conversation_id: str, language: str, summary: ConfirmedSummary, url: str | None = None
) -> SummaryRecord:
    """Save the confirmed summary in one transaction, replacing the draft.

    Nothing is half-written: the case, the summary and the removal of the draft commit
    together or not at all.
    """
    with session_scope(url) as session:
        case = _case(session, conversation_id, language)
        draft = _draft(session, case)
        row = draft or MappingSummary(case_id=case.id)
        row.status = CONFIRMED
        row.language = language
        row.data = summary.data
        row.own_words = summary.own_words
        row.eligibility = summary.eligibility
        row.eligibility_reasons = summary.eligibility_reasons
        row.service_path = summary.service_path
        row.path_reasons = summary.path_reasons
        row.customer_groups = summary.customer_groups
        row.needs = summary.needs
        row.text_sv = summary.text_sv
        row.text_fi = summary.text_fi
        row.confirmed_at = utcnow()
        if draft is None:
            session.add(row)
        case.status = "mapped"
        session.flush()
        work_queue.mapping_confirmed(session, case)
        return _record(row, case)


def latest_confirmed(session: Session, case_id: int) -> MappingSummary | None:
    """The case's newest confirmed summary row (inside the caller's transaction)."""
    return (
        session.execute(
            select(MappingSummary)
            .where(MappingSummary.case_id == case_id, MappingSummary.status == CONFIRMED)
            .order_by(MappingSummary.id.desc())
        )
        .scalars()
        .first()
    )


def latest_summary(conversation_id: str, url: str | None = None) -> SummaryRecord | None:
    """The newest confirmed summary of a conversation's case."""
    with session_scope(url) as session:
        case = session.execute(
            select(Case).where(Case.conversation_id == conversation_id)
        ).scalar_one_or_none()
        if case is None:
            return None
        row = latest_confirmed(session, case.id)
        return _record(row, case) if row else None
