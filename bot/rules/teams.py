"""Which team serves a person, and which team a coach is in (pure; data/coaches/teams.yml).

A team is an office of the employment area, named by its municipality code. The city
lists in data/coaches/teams.yml which home municipalities each team serves.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot import safe_yaml

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Teams:
    """The teams and the home municipalities each serves."""

    default: str
    serves: dict[str, frozenset[str]]
    # the live chat's opening hours per team ("mon-fri 9-15"); a team without its own
    # uses LIVE_CHAT_HOURS
    live_hours: dict[str, str] = field(default_factory=dict)

    def hours_of(self, team: str, fallback: str) -> str:
        """The live chat's opening hours of ``team``."""
        return self.live_hours.get(team, fallback)

    def of_home(self, municipality: str | None) -> str:
        """The team for a person living in ``municipality`` (the default when unknown)."""
        for team, homes in self.serves.items():
            if municipality and municipality in homes:
                return team
        return self.default

    def of_office(self, municipality: str) -> str:
        """The team of a coach whose office is in ``municipality``."""
        if municipality in self.serves:
            return municipality
        return self.of_home(municipality)


def parse(data: object) -> Teams:
    """Teams from the YAML's data.

    Raises:
        ValueError: a file without ``default`` and ``teams``, or a default that is no team.
    """
    if not isinstance(data, dict) or not isinstance(data.get("teams"), dict):
        raise ValueError("teams.yml needs `default` and `teams`")
    serves = {str(t): frozenset(str(m) for m in homes) for t, homes in data["teams"].items()}
    default = str(data.get("default", ""))
    if default not in serves:
        raise ValueError(f"teams.yml: the default team {default!r} is not among the teams")
    hours = data.get("live_hours") or {}
    if not isinstance(hours, dict):
        raise ValueError("teams.yml: `live_hours` maps a team to its opening hours")
    unknown = set(map(str, hours)) - set(serves)
    if unknown:
        raise ValueError(f"teams.yml: live_hours for unknown teams {sorted(unknown)}")
    return Teams(default, serves, {str(t): str(h) for t, h in hours.items()})


def teams_file() -> Path:
    """data/coaches/teams.yml, or the file ``TEAMS_FILE`` names."""
    default = Path(__file__).resolve().parents[2] / "data" / "coaches" / "teams.yml"
    return Path(os.environ.get("TEAMS_FILE") or default)


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Teams:
    return parse(safe_yaml.load(Path(path).read_text(encoding="utf-8")))


# When the file is missing or broken: one team for everyone, so the queue still works
# (every coach sees every item in their languages) and a person's mapping is still saved.
ONE_TEAM = Teams("all", {})


def load() -> Teams:
    """The city's teams (read again when the file changes)."""
    path = teams_file()
    try:
        return _load(str(path), path.stat().st_mtime)
    except (OSError, ValueError) as exc:
        log.error("%s cannot be read (%s): one team for everyone until it is fixed", path, exc)
        return ONE_TEAM
