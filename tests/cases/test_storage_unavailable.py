"""A database fault leaves the repositories as one domain error, StorageUnavailable; a
broken constraint stays an IntegrityError for the repository to give its meaning."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.exc import IntegrityError

from bot.cases import mappings
from bot.cases.db import StorageUnavailable, session_scope
from bot.cases.models import Case
from tests.e2e.servers import free_port


def test_an_unreachable_database_is_storage_unavailable() -> None:
    url = f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/test?connect_timeout=2"
    with pytest.raises(StorageUnavailable) as raised:
        mappings.latest_summary("anyone", url=url)
    assert raised.value.__cause__ is not None  # the SQLAlchemy error is kept for the log


def test_a_broken_constraint_stays_an_integrity_error(db_url: str) -> None:
    conversation = f"c-{uuid.uuid4().hex}"
    with session_scope(db_url) as session:
        session.add(Case(conversation_id=conversation, language="sv"))
    with pytest.raises(IntegrityError), session_scope(db_url) as session:
        session.add(Case(conversation_id=conversation, language="fi"))
