"""``python -m bot.portal serve [--port N]``: run the web app."""

from __future__ import annotations

import argparse
import logging
import sys

from aiohttp import web

from bot.config import load_settings
from bot.portal.app import create_app


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the chosen command."""
    parser = argparse.ArgumentParser(prog="python -m bot.portal")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the web app")
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--host", default=None)
    args = parser.parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
