"""Staff tools for the data protection duties (GDPR).

    python -m bot.privacy export --phone "040 123 4567"      > person.json
    python -m bot.privacy erase  --phone "040 123 4567"      (asks to confirm; --yes skips)
    python -m bot.privacy purge  [--days 180]                retention (RETENTION_DAYS)

A person is identified by any of --conversation, --phone, --email, --reference, --case;
everything linked to the same cases is included. Erasure removes the person's cases,
mapping summaries, coach notes, meetings and callback requests from the case database and
every conversation of theirs from Rasa's tracker store. Conversations are erased by the
Rasa server (its token-protected route takes each conversation's lock, so a turn running at
that moment cannot write it back): Rasa must be running; if it cannot be reached, nothing
is erased and the command says so.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import aiohttp

from bot.cases import privacy
from bot.cases.models import utcnow
from bot.config import Settings, load_settings
from bot.rasa_client import RasaClient, RasaUnavailable
from bot.rules.contact import ContactError, parse_phone
from bot.startup import prepare_process

log = logging.getLogger("bot.privacy")


@dataclass(frozen=True)
class Erased:
    """What an erasure removed."""

    removed: privacy.Removed
    conversations: int
    events: int


def find(args: argparse.Namespace, settings: Settings) -> privacy.Person:
    """The person the command-line identifiers point to."""
    phone = None
    if args.phone:
        try:
            phone = parse_phone(args.phone)
        except ContactError:
            raise SystemExit(f"not a Finnish phone number: {args.phone}") from None
    return privacy.find_person(
        conversation_id=args.conversation,
        phone=phone,
        email=args.email,
        reference=args.reference,
        case_public_id=args.case,
        url=settings.database_url,
    )


def export(person: privacy.Person, settings: Settings) -> dict[str, Any]:
    """The person's data: case database and conversations."""
    data = privacy.export_person(person, settings.database_url)

    async def conversations(rasa: RasaClient) -> dict[str, list[dict[str, Any]]]:
        return {c: await rasa.export(c) for c in sorted(person.conversation_ids)}

    data["conversations"] = with_rasa(settings, conversations)
    data["exported_at"] = utcnow().isoformat()
    return data


T = TypeVar("T")


def with_rasa(settings: Settings, call: Callable[[RasaClient], Awaitable[T]]) -> T:
    """Run ``call`` with a client of the Rasa servers (RASA_URLS)."""

    async def run() -> T:
        async with aiohttp.ClientSession() as session:
            return await call(RasaClient(session, settings.rasa_urls, settings.rasa_token))

    return asyncio.run(run())


def erase(person: privacy.Person, settings: Settings) -> Erased:
    """Remove the person's conversations (through Rasa), then their case data."""

    async def conversations(rasa: RasaClient) -> int:
        return sum([await rasa.erase(c) for c in sorted(person.conversation_ids)])

    events = with_rasa(settings, conversations)
    removed = privacy.erase_person(person, settings.database_url)
    return Erased(removed, len(person.conversation_ids), events)


def purge(days: int, settings: Settings) -> dict[str, int]:
    """Retention: delete what is older than ``days``."""
    cutoff = utcnow() - timedelta(days=days)
    removed, conversations = privacy.purge_older_than(cutoff, settings.database_url)
    erased, events = with_rasa(settings, lambda rasa: rasa.purge(sorted(conversations), cutoff))
    return {
        "cases": removed.cases,
        "summaries": removed.summaries,
        "meetings": removed.meetings,
        "notes": removed.notes,
        "chat_sessions": removed.chat_sessions,
        "portal_sessions": removed.portal_sessions,
        "conversations": erased,
        "events": events,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    prepare_process()  # private files, no personal data in the logs
    parser = argparse.ArgumentParser(
        prog="python -m bot.privacy", description=__doc__.split("\n\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("export", "erase"):
        cmd = sub.add_parser(name)
        cmd.add_argument("--conversation")
        cmd.add_argument("--phone")
        cmd.add_argument("--email")
        cmd.add_argument("--reference", help="booking reference, e.g. PV6-M8H")
        cmd.add_argument("--case", help="case id shown in the portal")
        if name == "erase":
            cmd.add_argument("--yes", action="store_true", help="do not ask to confirm")
    cmd = sub.add_parser("purge")
    cmd.add_argument("--days", type=int, default=None, help="default: RETENTION_DAYS")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    settings = load_settings()
    try:
        return _command(parser, args, settings)
    except RasaUnavailable as exc:
        print(
            f"the Rasa server cannot be reached ({exc}) at {', '.join(settings.rasa_urls)}: "
            "conversations are erased through it. Start it (make run) and run the command "
            "again (an erasure has changed nothing yet).",
            file=sys.stderr,
        )
        return 3


def _command(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:

    if args.command == "purge":
        days = args.days if args.days is not None else settings.retention_days
        if days <= 0:
            print("retention is off (RETENTION_DAYS=0)")
            return 0
        print(json.dumps(purge(days, settings), indent=2))
        return 0
    if not any((args.conversation, args.phone, args.email, args.reference, args.case)):
        parser.error("give at least one of --conversation, --phone, --email, --reference, --case")
    person = find(args, settings)
    if person.empty:
        print("nothing found for these details", file=sys.stderr)
        return 1
    if args.command == "export":
        json.dump(export(person, settings), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not args.yes:
        answer = input(
            f"Erase {len(person.case_ids)} case(s), {len(person.meeting_ids)} meeting(s) and "
            f"{len(person.conversation_ids)} conversation(s)? Type 'erase': "
        )
        if answer.strip() != "erase":
            print("nothing erased")
            return 1
    result = erase(person, settings)
    print(
        json.dumps(
            {
                "cases": result.removed.cases,
                "summaries": result.removed.summaries,
                "meetings": result.removed.meetings,
                "notes": result.removed.notes,
                "conversations": result.conversations,
                "events": result.events,
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
