"""Erasing one conversation's events from Rasa's tracker store (right to erasure)."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore

from bot.cases.privacy import ERASED_TYPE

__all__ = ["ERASED_TYPE", "erase_tracker", "sql_store"]


def sql_store(store: Any) -> SQLTrackerStore | None:
    """The SQL tracker store inside Rasa's wrappers (fail-safe, awaitable), if any."""
    for _ in range(4):
        if isinstance(store, SQLTrackerStore):
            return store
        store = getattr(store, "_tracker_store", None) or getattr(store, "tracker_store", None)
    return None


def _delete(store: SQLTrackerStore, sender_id: str) -> int:
    with store.session_scope() as session:
        removed = (
            session.query(store.SQLEvent)
            .filter(store.SQLEvent.sender_id == sender_id)
            .delete(synchronize_session=False)
        )
        session.commit()
    return int(removed or 0)


async def erase_tracker(store: Any, sender_id: str) -> int:
    """Delete every stored event of ``sender_id``; the number of rows deleted."""
    sql = sql_store(store)
    if sql is None:
        raise RuntimeError("conversation erasure needs the SQL tracker store")
    return await asyncio.to_thread(_delete, sql, sender_id)
