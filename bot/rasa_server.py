"""Start the Rasa server: the one way it runs here (``make run``, the tests, the container).

``python -m bot.rasa_server run --enable-api ...`` takes Rasa's own ``rasa run`` options.
It stops with a clear message when the installed Rasa is not the pinned version, installs
the project's patches of Rasa (:mod:`bot.rasa_ext.patches`, each one logged) and then hands
over to Rasa's command line.
"""

from __future__ import annotations

import logging
import sys


def main(argv: list[str] | None = None) -> int:
    """Check Rasa, patch it explicitly, and run ``rasa <argv>``."""
    args = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from bot.rasa_ext import patches

    try:
        applied = patches.install()
    except patches.UnsupportedRasa as exc:
        print(f"bot.rasa_server: {exc}", file=sys.stderr)
        return 2
    logging.getLogger(__name__).info("Rasa %s with %d patches", patches.RASA_VERSION, len(applied))
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *args]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
