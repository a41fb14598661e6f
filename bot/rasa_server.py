"""Start the Rasa server: the one way it runs here (``make run``, the tests, the container).

``python -m bot.rasa_server run --enable-api ...`` takes Rasa's own ``rasa run`` options.
It stops with a clear message when the installed Rasa is not the pinned version, installs
the project's patches of Rasa (:mod:`bot.rasa_ext.patches`, each one logged) and then hands
over to Rasa's command line.

No secret is on the command line, where ``ps`` would show it to every local user: the API
token comes from the environment (``RASA_TOKEN``) and is handed to ``rasa run`` in-process.
"""

from __future__ import annotations

import logging
import os
import sys

from bot.startup import prepare_process


def with_secrets(args: list[str], env: dict[str, str] | None = None) -> list[str]:
    """``args`` with the API token from the environment, for ``run`` only: as Rasa's
    ``--auth-token`` and as the secret of its JWT option (``Authorization: Bearer``)."""
    env = dict(os.environ) if env is None else env
    token = env.get("RASA_TOKEN")
    if args[:1] != ["run"] or not token or any(a.startswith("--auth-token") for a in args):
        return args
    # the token itself (for `?token=`, kept for tools such as curl) and, as the key of
    # Rasa's JWT option, signed headers: what the web app and the CLI send
    return [*args, f"--auth-token={token}", f"--jwt-secret={token}", "--jwt-method=HS256"]


def main(argv: list[str] | None = None) -> int:
    """Check Rasa, patch it explicitly, and run ``rasa <argv>``."""
    prepare_process()  # private files, no personal data in the logs
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

    sys.argv = ["rasa", *with_secrets(args)]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
