"""Case repository and migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

from sqlalchemy import inspect

from bot.cases import db
from bot.cases.migrate import downgrade, upgrade
from bot.cases.repository import find_case, get_or_open_case


def test_open_case_is_idempotent_and_updates_language(db_url: str) -> None:
    conversation = f"conv-{uuid.uuid4()}"
    first = get_or_open_case(conversation, "sv", url=db_url)
    again = get_or_open_case(conversation, "fi", url=db_url)
    assert first.id == again.id
    assert again.language == "fi"
    assert len(first.public_id) == 36
    found = find_case(conversation, url=db_url)
    assert found is not None and found.language == "fi"


def test_unknown_conversation_has_no_case(db_url: str) -> None:
    assert find_case("nobody-" + uuid.uuid4().hex, url=db_url) is None


def test_migrations_go_down_and_up(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    assert "cases" in inspect(db.get_engine(url)).get_table_names()
    downgrade(url, "base")
    db.dispose_all()
    assert "cases" not in inspect(db.get_engine(url)).get_table_names()
    upgrade(url)
    db.dispose_all()
    assert "cases" in inspect(db.get_engine(url)).get_table_names()


def test_the_migrations_build_exactly_the_models(db_url: str) -> None:
    """A table, column or index in the models that no migration creates (or the other way
    round) fails here: the schema comes from Alembic only, never from create_all()."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.cases.models import Base

    with db.get_engine(db_url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    # Rasa's own table (and its index) lives in the tracker database; the end-to-end tests
    # give one schema to both, so it may be here
    diff = [d for d in diff if _table_of(d) != "events"]
    if db_url.startswith("sqlite"):
        diff = _without_unnamed_twins(diff)
    assert diff == [], diff


def _fk_key(fk: object) -> tuple[object, ...]:
    columns = tuple(c.name for c in fk.columns)  # type: ignore[attr-defined]
    target = tuple(e.target_fullname for e in fk.elements)  # type: ignore[attr-defined]
    return (fk.table.name, columns, target)  # type: ignore[attr-defined]


def _without_unnamed_twins(diff: list) -> list:  # type: ignore[type-arg]
    """SQLite adds a column with a foreign key only as a column constraint, whose name its
    reflection does not return (migration 0009): the same key unnamed in the database and
    named in the models is no difference."""
    removed = {_fk_key(d[1]) for d in diff if d[0] == "remove_fk" and d[1].name is None}
    added = {_fk_key(d[1]) for d in diff if d[0] == "add_fk"}
    twins = removed & added
    return [d for d in diff if not (d[0] in ("remove_fk", "add_fk") and _fk_key(d[1]) in twins)]


def _table_of(difference: tuple) -> str | None:  # type: ignore[type-arg]
    """The table an Alembic difference is about (a table, or an index of one)."""
    thing = difference[1]
    table = getattr(thing, "table", None)
    return str(getattr(table if table is not None else thing, "name", None))
