"""SQL tracker store used by the Rasa server (configured in endpoints.yml).

Rasa wraps every tracker store in ``FailSafeTrackerStore``, which on a database error
returns no tracker (the conversation silently starts over) and saves into a fallback
in-memory store (the turn is silently lost on restart, and invisible to the other
instances). This store opts out of that wrapper: a database fault fails the turn, and the
guarded REST channel (bot/rasa_ext/channel.py) answers HTTP 503 with a message in both
languages. Nothing is half-written: Rasa saves a turn's events in one transaction at its end.

A turn that erased the conversation (slot ``erase_requested``, set by
``action_erase_conversation``) is not saved: the store deletes the conversation's events
instead, inside the turn's lock, on whichever channel the turn came (see
:mod:`bot.rasa_ext.conversations`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event

from bot.rasa_ext.conversations import ERASE_SLOT, OUTCOMES, TurnOutcome, delete_events

logger = logging.getLogger(__name__)


class StrictSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store, configured from one database URL.

    ``url`` in endpoints.yml is a full SQLAlchemy URL (``sqlite:///var/tracker.db`` or
    ``postgresql://...``). On SQLite the file is put in WAL mode with a busy timeout so
    that concurrent conversations queue for the write lock instead of failing.
    """

    def __init__(self, domain: Domain | None = None, host: str | None = None, **kwargs: Any):
        """Connect to ``host`` (a full database URL)."""
        if not host or "://" not in host:
            raise ValueError("StrictSQLTrackerStore needs `url:` with a full database URL")
        super().__init__(domain=domain, host=host, **kwargs)
        # Replace Rasa's engine: test pooled connections before use (after a database
        # restart the first turn works instead of failing on a dead connection), and keep
        # statement values (what people wrote) out of error messages and logs.
        engine: sa.engine.Engine = self.engine  # type: ignore[has-type]
        url = engine.url
        engine.dispose()
        options: dict[str, Any] = {"pool_pre_ping": True, "hide_parameters": True}
        if url.get_backend_name() != "sqlite":
            options.update(pool_recycle=1800, pool_size=5, max_overflow=10)
        self.engine = sa.create_engine(url, **options)
        if url.get_backend_name() == "sqlite":
            # WAL and a busy timeout: concurrent conversations queue for the write lock
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Save the turn, or erase the conversation if the turn asked for it."""
        language = tracker.get_slot("language")
        language = language if isinstance(language, str) else None
        if tracker.get_slot(ERASE_SLOT):
            removed = await asyncio.to_thread(delete_events, self, tracker.sender_id)
            for other in tracker.get_slot("erase_also") or []:
                # the person's earlier conversations (taken over on a later visit)
                if isinstance(other, str) and other != tracker.sender_id:
                    removed += await asyncio.to_thread(delete_events, self, other)
            logger.info("conversation erased at its user's request (%d events)", removed)
            OUTCOMES.record(tracker.sender_id, TurnOutcome(language, erased=True))
            return
        await super().save(tracker)
        OUTCOMES.record(tracker.sender_id, TurnOutcome(language))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def wrap_create_tracker_store(original: Any) -> Any:
    """``Agent._create_tracker_store`` without Rasa's fail-safe wrapper for the strict store,
    which must fail loudly (installed by :mod:`bot.rasa_ext.patches`)."""

    def _create_tracker_store(store: TrackerStore | None, domain: Domain) -> TrackerStore:
        if isinstance(store, StrictSQLTrackerStore):
            store.domain = domain
            return store
        return original(store, domain)

    return staticmethod(_create_tracker_store)
