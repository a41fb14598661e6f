"""SQL tracker store used by the Rasa server (configured in endpoints.yml)."""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy import event

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
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            self.engine.dispose()  # reconnect with the pragmas


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
