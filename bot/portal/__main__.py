"""``python -m bot.portal serve [--port N]``: run the web app."""

from __future__ import annotations

import argparse
import logging
import sys

from aiohttp import web

from bot.config import load_settings
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
    args = parser.parse_args(argv)
    if args.command == "create-user":
        return create_user(args)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    if args.command == "serve":
        settings = load_settings()
        web.run_app(
            create_app(settings),
            host=args.host or settings.web_host,
            port=args.port or settings.web_port,
            access_log=None,
            print=None,
        )
    return 0


def create_user(args: argparse.Namespace) -> int:
    """Create an account; the password is prompted (twice) or read from an env variable."""
    import getpass
    import os

    from bot.cases import booking, users

    settings = load_settings()
    if args.password_env:
        password = os.environ.get(args.password_env, "")
    else:
        password = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("Again: ") != password:
            print("The passwords differ.", file=sys.stderr)
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
