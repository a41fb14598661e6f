"""Shared fixtures: migrated databases on SQLite and PostgreSQL, settings, helpers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.cases import db
from bot.cases.migrate import upgrade

ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session", autouse=True)
def _isolated_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep tests away from the developer's var/ (secrets, SQLite files)."""
    var = tmp_path_factory.mktemp("var")
    old = os.environ.get("VAR_DIR")
    os.environ["VAR_DIR"] = str(var)
    os.environ.pop("DATABASE_URL", None)
    yield
    if old is None:
        os.environ.pop("VAR_DIR", None)
    else:
        os.environ["VAR_DIR"] = old


def _pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in POSTGRES_URL else "?"
    return f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated schema in the PostgreSQL test database (dropped afterwards)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL, future=True)
    try:
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # pragma: no cover - environment problem, not a test result
        pytest.fail(f"PostgreSQL at {POSTGRES_URL} is required for the database tests: {exc}")
    url = _pg_schema_url(schema)
    upgrade(url)
    yield url
    db.dispose_all()
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A migrated SQLite database file."""
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'cases.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run a database test once on SQLite and once on PostgreSQL."""
    name = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(name))


# The end-to-end modules with the longest stacks of their own (faults and restarts, two
# instances, a third-party widget, the explorer): one worker runs these, the other the
# modules that share the session's stack, so both start at once and end near together.
OWN_STACKS = frozenset(
    {
        "test_faults.py",
        "test_scale_out.py",
        "test_webchat_browser.py",
        "test_explorer.py",
        "test_live_chat.py",
        "test_later_visit_browser.py",
    }
)
# Unit tests that take minutes (the frozen held-out sets through the trained model): first
# among the unit tests, so no worker is left with them at the end.
SLOW_UNIT_TESTS = frozenset({"test_frozen_eval.py"})


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``make test``'s two workers (pytest-xdist, ``--dist loadgroup``) the end-to-end
    tests run in two groups, one per worker, each in order and sharing its running stacks,
    and start first; the unit tests fill both workers after them. Run alone, nothing
    changes but the order."""
    e2e = [item for item in items if item.get_closest_marker("e2e")]
    if not e2e:
        return
    for item in e2e:
        group = "e2e-own-stacks" if item.path.name in OWN_STACKS else "e2e-shared-stack"
        item.add_marker(pytest.mark.xdist_group(group))
    others = [item for item in items if not item.get_closest_marker("e2e")]
    slow = [item for item in others if item.path.name in SLOW_UNIT_TESTS]
    rest = [item for item in others if item.path.name not in SLOW_UNIT_TESTS]
    items[:] = [*e2e, *slow, *rest]
