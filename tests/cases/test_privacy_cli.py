"""The staff privacy command when the Rasa server, which erases conversations, is down."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot import privacy as cli
from bot.cases.db import session_scope
from bot.cases.models import Case
from tests.e2e.servers import free_port


def test_erase_with_rasa_down_changes_nothing_and_says_what_to_do(
    db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    conversation = f"c{uuid.uuid4().hex}"
    with session_scope(db_url) as session:
        session.add(Case(conversation_id=conversation, language="sv"))
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("RASA_URL", f"http://127.0.0.1:{free_port()}")
    code = cli.main(["erase", "--conversation", conversation, "--yes"])
    assert code == 3
    err = capsys.readouterr().err
    assert "Rasa server cannot be reached" in err and "make run" in err
    with session_scope(db_url) as session:
        left = session.execute(select(Case).where(Case.conversation_id == conversation))
        assert left.scalar_one_or_none() is not None  # nothing erased
