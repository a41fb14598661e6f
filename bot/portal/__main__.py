"""``python -m bot.portal serve [--port N]``: run the web app."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from bot.config import load_settings
from bot.portal import serve as server
from bot.portal.app import create_app
from bot.startup import prepare_process


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the chosen command."""
    prepare_process()  # private files, no personal data in the logs
    parser = argparse.ArgumentParser(prog="python -m bot.portal")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the web app")
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--host", default=None)
    create = sub.add_parser("create-user", help="create a portal account")
    create.add_argument("--username", required=True)
    create.add_argument("--role", required=True, choices=("coach", "staff", "admin"))
    create.add_argument("--name", default=None, help="display name")
    create.add_argument("--coach", default=None, help="the coach's full name (role coach)")
    create.add_argument("--language", default="sv", choices=("sv", "fi"))
    create.add_argument(
        "--password-env",
        default=None,
        help="read the password from this environment variable instead of prompting",
    )
    reset = sub.add_parser("set-password", help="a new password; the account's sessions end")
    reset.add_argument("--username", required=True)
    reset.add_argument("--password-env", default=None)
    sub.add_parser("logout-all", help="end every portal session (e.g. after a leak)")
    args = parser.parse_args(argv)
    if args.command == "create-user":
        return create_user(args)
    if args.command == "set-password":
        return set_password(args)
    if args.command == "logout-all":
        from bot.cases import users

        print(f"Ended {users.end_all_sessions(load_settings().database_url)} portal sessions.")
        return 0
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.command == "serve":
        settings = load_settings()
        asyncio.run(
            server.serve(
                create_app(settings),
                args.host or settings.web_host,
                settings.web_port if args.port is None else args.port,
                header_timeout=settings.header_timeout,
                ready=lambda port: print(f"web app on port {port}", flush=True),
            )
        )
    return 0


def _password(args: argparse.Namespace) -> str | None:
    """The password from an environment variable, or prompted twice (None if they differ)."""
    import getpass
    import os

    if args.password_env:
        return os.environ.get(args.password_env, "")
    password = getpass.getpass("Password (at least 12 characters): ")
    if getpass.getpass("Again: ") != password:
        print("The passwords differ.", file=sys.stderr)
        return None
    return password


def set_password(args: argparse.Namespace) -> int:
    """A new password for an account; its portal sessions end."""
    from bot.cases import users

    password = _password(args)
    if password is None:
        return 1
    try:
        found = users.set_password(args.username, password, load_settings().database_url)
    except ValueError as error:
        print(f"Not changed: {error}", file=sys.stderr)
        return 1
    if not found:
        print(f"There is no account {args.username!r}.", file=sys.stderr)
        return 1
    print(f"New password for {args.username}; their sessions have ended.")
    return 0


def create_user(args: argparse.Namespace) -> int:
    """Create an account; the password is prompted (twice) or read from an env variable."""
    from bot.cases import booking, users

    settings = load_settings()
    password = _password(args)
    if password is None:
        return 1
    coach_id = None
    if args.role == "coach":
        match = [c for c in booking.coaches(settings.database_url) if c.name == args.coach]
        if not match:
            print("A coach account needs --coach with an existing coach's name.", file=sys.stderr)
            return 1
        coach_id = match[0].id
    try:
        user = users.create_user(
            args.username,
            password,
            args.role,
            args.name,
            coach_id,
            args.language,
            settings.database_url,
        )
    except ValueError as error:
        print(f"Not created: {error}", file=sys.stderr)
        return 1
    print(f"Created {user.role} {user.username}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
