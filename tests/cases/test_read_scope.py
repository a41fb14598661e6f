"""read_scope: a read-only transaction that never commits and, on SQLite, takes no write
lock, so the live chat's streams do not queue behind (or block) writes."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import select

from bot.cases.db import read_scope, session_scope
from bot.cases.models import Case


def test_a_write_goes_on_while_a_read_is_open(db_url: str) -> None:
    conversation = f"read-{uuid.uuid4().hex}"
    wrote = threading.Event()

    def write() -> None:
        with session_scope(db_url) as session:
            session.add(Case(conversation_id=conversation, language="sv"))
        wrote.set()

    with read_scope(db_url) as session:
        session.execute(select(Case.id)).first()  # the read transaction is open now
        writer = threading.Thread(target=write)
        writer.start()
        # with BEGIN IMMEDIATE for reads the writer would wait for this block to end
        assert wrote.wait(10), "the write waited for the read"
        writer.join()
    with read_scope(db_url) as session:
        assert session.execute(select(Case.id).where(Case.conversation_id == conversation)).first()


def test_nothing_written_in_a_read_scope_is_kept(db_url: str) -> None:
    conversation = f"read-{uuid.uuid4().hex}"
    with read_scope(db_url) as session:
        session.add(Case(conversation_id=conversation, language="sv"))
        session.flush()
    with read_scope(db_url) as session:
        found = session.execute(select(Case.id).where(Case.conversation_id == conversation))
        assert found.first() is None


@pytest.mark.parametrize("url", ["sqlite:////nonexistent-dir/x.db"])
def test_a_fault_is_storage_unavailable(url: str) -> None:
    from bot.cases.db import StorageUnavailable

    with pytest.raises(StorageUnavailable), read_scope(url) as session:
        session.execute(select(Case.id)).first()
