"""The web app and the staff command speak only HTTP to Rasa: they never open the tracker
database (every read and deletion of stored conversations is a route of the Rasa server,
bot/rasa_ext/conversations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB_AND_CLI = [*sorted((ROOT / "bot" / "portal").rglob("*.py")), ROOT / "bot" / "privacy.py"]
FORBIDDEN = (
    "tracker_db_url",
    "TRACKER_DB_URL",
    "FROM events",
    "tracker_events.inbox",
    "tracker_events.fallback_rate",
    "tracker_events.export_conversation",
    "SQLTrackerStore",
)


@pytest.mark.parametrize("path", WEB_AND_CLI, ids=lambda p: str(p.relative_to(ROOT)))
def test_web_app_and_cli_never_open_the_tracker_database(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    found = [word for word in FORBIDDEN if word in source]
    assert not found, f"{path.relative_to(ROOT)} reaches the tracker store directly: {found}"
