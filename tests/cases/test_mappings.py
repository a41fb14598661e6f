"""Mapping drafts and confirmed summaries, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

from sqlalchemy import func, select

from bot.cases import db
from bot.cases.mappings import (
    ConfirmedSummary,
    confirm_summary,
    discard_draft,
    latest_summary,
    load_draft,
    save_draft,
)
from bot.cases.models import MappingSummary

SUMMARY = ConfirmedSummary(
    data={"age_group": "under_25", "municipality": "638"},
    own_words={"occupation": "kassa på K-market"},
    eligibility="eligible",
    eligibility_reasons=["under_30"],
    service_path="youth",
    path_reasons=["young"],
    customer_groups=["youth"],
    needs=["job_search_support"],
    text_sv="Kartläggning ...",
    text_fi="Alkukartoitus ...",
)


def _count(url: str) -> int:
    with db.session_scope(url) as session:
        return int(session.execute(select(func.count(MappingSummary.id))).scalar_one())


def test_draft_is_saved_replaced_and_loaded(db_url: str) -> None:
    conversation = f"c-{uuid.uuid4()}"
    assert load_draft(conversation, url=db_url) is None
    save_draft(conversation, "fi", {"mapping_consent": True, "age_group": "25_29"}, url=db_url)
    save_draft(conversation, "fi", {"mapping_consent": True, "age_group": "30_54"}, url=db_url)
    assert load_draft(conversation, url=db_url) == {"mapping_consent": True, "age_group": "30_54"}


def test_confirm_replaces_the_draft_in_one_transaction(db_url: str) -> None:
    conversation = f"c-{uuid.uuid4()}"
    before = _count(db_url)
    save_draft(conversation, "sv", {"mapping_consent": True}, url=db_url)
    record = confirm_summary(conversation, "sv", SUMMARY, url=db_url)
    assert _count(db_url) == before + 1
    assert load_draft(conversation, url=db_url) is None
    stored = latest_summary(conversation, url=db_url)
    assert stored is not None and stored.public_id == record.public_id
    assert stored.status == "confirmed"
    assert stored.own_words == {"occupation": "kassa på K-market"}
    assert stored.text_sv == "Kartläggning ..." and stored.text_fi == "Alkukartoitus ..."
    assert stored.eligibility == "eligible" and stored.customer_groups == ["youth"]


def test_discard_draft(db_url: str) -> None:
    conversation = f"c-{uuid.uuid4()}"
    save_draft(conversation, "sv", {"mapping_consent": True}, url=db_url)
    discard_draft(conversation, url=db_url)
    assert load_draft(conversation, url=db_url) is None
    discard_draft("never-seen-" + uuid.uuid4().hex, url=db_url)  # no error
