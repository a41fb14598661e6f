"""What every process of the service does first (each ``python -m bot.…`` entry point)."""

from __future__ import annotations

from bot import log_privacy
from bot.config import private_files


def prepare_process() -> None:
    """Files the process writes are its user's alone (0600 in a 0700 var/), and no log line
    carries a phone number, an e-mail address or a payload's arguments."""
    private_files()
    log_privacy.install()
