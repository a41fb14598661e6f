"""The one owner of stored conversations on the Rasa side: erasure, retention, and what a
turn left behind (its language, whether it erased the conversation).

Every deletion of a conversation's events happens here, in the Rasa process, with the
conversation's lock held, so that no turn writes events back half-way:

* a turn that ran ``action_erase_conversation`` sets the slot ``erase_requested``; the
  tracker store then deletes the conversation's events instead of saving the turn
  (:meth:`bot.rasa_ext.tracker_store.StrictSQLTrackerStore.save`; Rasa holds the lock for
  the whole turn). The same happens on every channel: REST, socket.io, the HTTP API;
* the chat's "delete" button, the staff CLI (``python -m bot.privacy erase``) and the
  retention purge call the token-protected routes of the REST channel below, which take
  the lock first.

The portal's inbox of unsure messages and its fallback rate, and the staff export, read
stored conversations through the same routes (``bot/cases/tracker_events.py`` on the
tracker store's engine): the web app and the CLI never open the tracker database.

The channels read :data:`OUTCOMES` after a turn: the conversation's language (every reply
carries it as ``lang``) and whether the turn erased the conversation.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import logging
import os
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from rasa.core.tracker_store import SQLTrackerStore
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import func, select

from bot.cases import tracker_events
from bot.cases.privacy import ERASE_SLOT

log = logging.getLogger(__name__)

__all__ = ["ERASE_SLOT", "OUTCOMES", "TurnOutcome", "add_routes", "erase", "move", "purge"]
TOKEN_ENV = "RASA_TOKEN"
PURGE_BATCH = 500


@dataclass(frozen=True)
class TurnOutcome:
    """What a saved turn left: the conversation's language and whether it was erased."""

    language: str | None
    erased: bool = False


class TurnOutcomes:
    """The outcome of each conversation's latest turn, until its channel takes it.

    Bounded: a turn whose channel never asks (Rasa's HTTP API) is forgotten eventually.
    """

    def __init__(self, limit: int = 10_000) -> None:
        """Keep at most ``limit`` outcomes."""
        self._items: OrderedDict[str, TurnOutcome] = OrderedDict()
        self._limit = limit

    def record(self, sender: str, outcome: TurnOutcome) -> None:
        """Note the outcome of ``sender``'s latest turn."""
        self._items.pop(sender, None)
        self._items[sender] = outcome
        while len(self._items) > self._limit:
            self._items.popitem(last=False)

    def take(self, sender: str) -> TurnOutcome | None:
        """The outcome of ``sender``'s latest turn, once."""
        return self._items.pop(sender, None)


OUTCOMES = TurnOutcomes()


def sql_store(store: Any) -> SQLTrackerStore | None:
    """The SQL tracker store inside Rasa's wrappers (fail-safe, awaitable), if any."""
    for _ in range(4):
        if isinstance(store, SQLTrackerStore):
            return store
        store = getattr(store, "_tracker_store", None) or getattr(store, "tracker_store", None)
    return None


def required_store(agent: Any) -> SQLTrackerStore:
    """The agent's SQL tracker store; stored conversations are handled only there."""
    store = sql_store(agent.tracker_store)
    if store is None:
        raise RuntimeError("stored conversations need the SQL tracker store (endpoints.yml)")
    return store


def delete_events(store: SQLTrackerStore, sender_id: str) -> int:
    """Delete every stored event of ``sender_id`` (the caller holds its lock); rows deleted."""
    with store.session_scope() as session:
        removed = (
            session.query(store.SQLEvent)
            .filter(store.SQLEvent.sender_id == sender_id)
            .delete(synchronize_session=False)
        )
        session.commit()
    return int(removed or 0)


def idle_senders(store: SQLTrackerStore, cutoff: datetime) -> list[str]:
    """Conversations with no event newer than ``cutoff``."""
    event = store.SQLEvent
    query = (
        select(event.sender_id)
        .group_by(event.sender_id)
        .having(func.max(event.timestamp) < cutoff.timestamp())
    )
    with store.session_scope() as session:
        return [str(row[0]) for row in session.execute(query)]


async def erase(agent: Any, sender_id: str) -> int:
    """Erase one conversation's events, under its lock; rows deleted."""
    store = required_store(agent)
    async with agent.lock_store.lock(sender_id):
        return await asyncio.to_thread(delete_events, store, sender_id)


def rename_events(store: SQLTrackerStore, old: str, new: str) -> int:
    """Give ``old``'s events the sender id ``new`` (the caller holds both locks)."""
    with store.session_scope() as session:
        moved = (
            session.query(store.SQLEvent)
            .filter(store.SQLEvent.sender_id == old)
            .update({store.SQLEvent.sender_id: new}, synchronize_session=False)
        )
        session.commit()
    return int(moved or 0)


async def move(agent: Any, old: str, new: str) -> int:
    """Move a conversation to a new id, under both ids' locks; events moved."""
    store = required_store(agent)
    first, second = sorted((old, new))
    async with agent.lock_store.lock(first), agent.lock_store.lock(second):
        return await asyncio.to_thread(rename_events, store, old, new)


async def purge(agent: Any, senders: list[str], cutoff: datetime | None) -> tuple[int, int]:
    """Erase ``senders`` and every conversation idle since ``cutoff``: (conversations, rows)."""
    store = required_store(agent)
    wanted = list(dict.fromkeys(senders))
    if cutoff is not None:
        idle = await asyncio.to_thread(idle_senders, store, cutoff)
        wanted += [s for s in idle if s not in set(wanted)]
    rows = 0
    for sender in wanted:
        rows += await erase(agent, sender)
    return len(wanted), rows


def _store(request: Request) -> SQLTrackerStore:
    return required_store(request.app.ctx.agent)


def authorised(request: Request) -> bool:
    """Whether the request carries the Rasa token in its Authorization header."""
    token = os.environ.get(TOKEN_ENV, "")
    header = request.headers.get("Authorization", "")
    given = header[7:] if header.startswith("Bearer ") else ""
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


def token_required(handler: Any) -> Any:
    """Refuse a request without the Rasa token in its Authorization header (HTTP 401)."""

    @functools.wraps(handler)
    async def guarded(request: Request, *args: Any, **kwargs: Any) -> HTTPResponse:
        if not authorised(request):
            return response.json({"error": "unauthorised"}, status=401)
        return await handler(request, *args, **kwargs)

    return guarded


def add_routes(blueprint: Blueprint, valid_sender: Any) -> None:
    """The erasure and retention routes, on the REST channel's blueprint.

    ``DELETE /webhooks/rest/conversations/<id>`` erases one conversation;
    ``POST /webhooks/rest/conversations/<id>/move`` with ``{"to": "<new id>"}`` gives its
    events a new id (a chat session from before conversation ids, bot/cases/chat_sessions.py);
    ``GET .../<id>/export`` (what was said), ``POST .../inbox`` with ``{"limit", "exclude"}``
    (messages the bot was unsure of), ``GET .../stats?since=<ISO time>`` (fallback rate);
    ``POST /webhooks/rest/conversations/purge`` with ``{"senders": [...], "idle_before":
    "<ISO time>"}`` erases those and every conversation idle since then. Both need
    ``Authorization: Bearer <RASA_TOKEN>``.
    """

    @blueprint.route("/conversations/<sender_id:str>", methods=["DELETE"])
    @token_required
    async def erase_one(request: Request, sender_id: str) -> HTTPResponse:
        if not valid_sender(sender_id):
            return response.json({"error": "bad_sender"}, status=400)
        rows = await erase(request.app.ctx.agent, sender_id)
        log.info("conversation erased on request (%d events)", rows)
        return response.json({"conversations": 1, "events": rows})

    @blueprint.route("/conversations/<sender_id:str>/move", methods=["POST"])
    @token_required
    async def move_one(request: Request, sender_id: str) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else {}
        new = body.get("to")
        if not valid_sender(sender_id) or not valid_sender(new) or new == sender_id:
            return response.json({"error": "bad_sender"}, status=400)
        rows = await move(request.app.ctx.agent, sender_id, str(new))
        return response.json({"events": rows})

    @blueprint.route("/conversations/<sender_id:str>/export", methods=["GET"])
    @token_required
    async def export_one(request: Request, sender_id: str) -> HTTPResponse:
        if not valid_sender(sender_id):
            return response.json({"error": "bad_sender"}, status=400)
        store = _store(request)
        said = await asyncio.to_thread(tracker_events.export_conversation, store.engine, sender_id)
        return response.json(said)

    @blueprint.route("/conversations/inbox", methods=["POST"])
    @token_required
    async def inbox(request: Request) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else {}
        exclude = {str(k) for k in body.get("exclude") or [] if isinstance(k, str)}
        limit = min(max(int(body.get("limit") or 100), 1), 500)
        found = await asyncio.to_thread(
            tracker_events.inbox, _store(request).engine, limit, exclude
        )
        return response.json([m.to_dict() for m in found])

    @blueprint.route("/conversations/stats", methods=["GET"])
    @token_required
    async def stats(request: Request) -> HTTPResponse:
        try:
            since = datetime.fromisoformat(str(request.args.get("since")))
        except ValueError:
            return response.json({"error": "bad_time"}, status=400)
        if since.tzinfo is None:
            since = since.replace(tzinfo=timezone.utc)
        engine = _store(request).engine
        fallbacks, messages = await asyncio.to_thread(tracker_events.fallback_rate, engine, since)
        return response.json({"fallbacks": fallbacks, "messages": messages})

    @blueprint.route("/conversations/purge", methods=["POST"])
    @token_required
    async def purge_many(request: Request) -> HTTPResponse:
        body = request.json if isinstance(request.json, dict) else {}
        senders = body.get("senders") or []
        before = body.get("idle_before")
        if not isinstance(senders, list) or not all(
            isinstance(s, str) and valid_sender(s) for s in senders
        ):
            return response.json({"error": "bad_sender"}, status=400)
        cutoff = None
        if before is not None:
            try:
                cutoff = datetime.fromisoformat(str(before))
            except ValueError:
                return response.json({"error": "bad_time"}, status=400)
            if cutoff.tzinfo is None:
                cutoff = cutoff.replace(tzinfo=timezone.utc)
        conversations, rows = await purge(request.app.ctx.agent, senders, cutoff)
        log.info("retention: %d conversation(s) erased (%d events)", conversations, rows)
        return response.json({"conversations": conversations, "events": rows})
