"""Engines and sessions for the case database.

Nothing here connects or creates tables at import time: :func:`get_engine` builds an
engine on first use and Alembic migrations (``python -m bot.cli setup-db``) create tables.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker


class StorageUnavailable(RuntimeError):
    """The case database cannot be used right now (down, locked, unreachable).

    The one error the repositories raise for a database fault: callers (actions, views)
    tell the person or staff that it is temporary, without knowing SQLAlchemy. A broken
    constraint (``IntegrityError``) is not a fault of the database and passes through, for
    the repository to turn into its own meaning (a slot already taken ...).
    """


_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_factories: dict[str, sessionmaker] = {}
_readers: dict[str, sessionmaker] = {}  # read-only sessions (read_scope)
READ_ONLY = "jobbcoach_read_only"  # execution option of the read-only sessions' engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers go on while one writer writes; busy_timeout makes writers queue
    # instead of failing at once, which is how SQLite serialises concurrent bookings.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def make_engine(url: str) -> Engine:
    """Create an engine for ``url`` with the settings this project relies on."""
    # hide_parameters: error messages (and so logs) never carry the values of a statement,
    # which may be a person's name, phone number or answers
    kwargs: dict[str, Any] = {"future": True, "pool_pre_ping": True, "hide_parameters": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
    else:
        kwargs.update(pool_size=5, max_overflow=10, pool_recycle=1800)
    engine = create_engine(url, **kwargs)
    if url.startswith("sqlite"):
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling defers BEGIN; take control so that
        # "BEGIN IMMEDIATE" really takes the write lock at the start of a transaction.
        event.listen(engine, "connect", _disable_pysqlite_begin)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    return engine


def _disable_pysqlite_begin(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None


def _sqlite_begin_immediate(conn: Any) -> None:
    # a read-only transaction (read_scope) takes no write lock: in WAL mode it reads a
    # snapshot while a writer writes, so the live chat's streams do not queue behind writes
    read_only = conn.get_execution_options().get(READ_ONLY)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")


def _resolve(url: str | None) -> str:
    """``url``, or the case database from the environment: only ``DATABASE_URL`` (or the
    var folder) is read, never the whole settings and their secrets file."""
    if url is not None:
        return url
    from bot.config import case_database_url

    return case_database_url()


def get_engine(url: str | None = None) -> Engine:
    """Return the process-wide engine for ``url`` (default: settings' DATABASE_URL)."""
    key = _resolve(url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = make_engine(key)
            _engines[key] = engine
            _factories[key] = sessionmaker(bind=engine, future=True, expire_on_commit=False)
            _readers[key] = sessionmaker(
                bind=engine.execution_options(**{READ_ONLY: True}),
                future=True,
                expire_on_commit=False,
            )
        return engine


def dispose_all() -> None:
    """Close every pooled connection (tests and shutdown)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
        _factories.clear()
        _readers.clear()


@contextmanager
def session_scope(url: str | None = None) -> Iterator[Session]:
    """One short transaction: commit on success, roll back on any error; a database fault
    comes out as :class:`StorageUnavailable`."""
    key = _resolve(url)
    get_engine(key)
    session: Session = _factories[key]()
    try:
        with session.begin():
            yield session
    except IntegrityError:
        raise
    except SQLAlchemyError as exc:
        raise StorageUnavailable(exc.__class__.__name__) from exc
    finally:
        session.close()


@contextmanager
def read_scope(url: str | None = None) -> Iterator[Session]:
    """A short read-only transaction (on SQLite without the write lock that
    :func:`session_scope` takes); never commits. For reads polled often (live chat
    streams); anything that writes uses :func:`session_scope`."""
    key = _resolve(url)
    get_engine(key)
    session: Session = _readers[key]()
    try:
        yield session  # the first query begins the transaction
    except SQLAlchemyError as exc:
        raise StorageUnavailable(exc.__class__.__name__) from exc
    finally:
        session.rollback()
        session.close()
