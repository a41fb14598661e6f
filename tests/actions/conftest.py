"""Action tests use a migrated SQLite case database."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def case_db(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    return sqlite_url
