"""``python -m bot.catalog import PATH_OR_URL [...]``: import training offers.

Exit code 0: everything imported; 1: some rows rejected (the valid ones were imported);
2: the source could not be read at all.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.catalog.fetch import FetchError
from bot.catalog.importer import import_source
from bot.catalog.reader import SourceError
from bot.startup import prepare_process


def main(argv: list[str] | None = None) -> int:
    """Run the command line."""
    prepare_process()  # private files, no personal data in the logs
    parser = argparse.ArgumentParser(prog="python -m bot.catalog")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import offers (and providers) from files or URLs")
    imp.add_argument("sources", nargs="+", help="YAML/CSV file paths or http(s) URLs")
    imp.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    worst = 0
    for source in args.sources:
        try:
            report = asyncio.run(import_source(source, args.database_url))
        except (FetchError, SourceError, OSError) as exc:
            print(f"{source}: {exc}", file=sys.stderr)
            worst = 2
            continue
        print(f"{source}:")
        for line in report.lines():
            print(line)
        if report.errors:
            worst = max(worst, 1)
    return worst


if __name__ == "__main__":
    sys.exit(main())
