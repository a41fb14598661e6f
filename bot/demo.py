"""Demo data for `make run`: loaded only into an empty database."""

from __future__ import annotations

from bot.catalog.importer import import_text
from bot.config import PROJECT_ROOT

CATALOG = PROJECT_ROOT / "data" / "catalog"
COACHES = PROJECT_ROOT / "data" / "coaches" / "coaches.yml"


def load_demo_data(url: str | None = None) -> list[str]:
    """Load the sample catalog when there is none; return what was done, one line each."""
    from datetime import datetime

    import yaml

    from bot.cases import booking, catalog
    from bot.rules.slots import HELSINKI

    done: list[str] = []
    if not catalog.provider_slugs(url):
        for name in ("providers.yml", "offers.yml"):
            report = import_text((CATALOG / name).read_text(encoding="utf-8"), "yaml", url)
            done.append(f"sample catalog {name}: " + report.lines()[0])
    if not booking.coaches(url):
        data = yaml.safe_load(COACHES.read_text(encoding="utf-8"))
        count = booking.load_coaches(data, datetime.now(HELSINKI).date(), url)
        done.append(f"{count} sample coaches with four weeks of availability")
    done += load_demo_users(url)
    return done


def portal_language(service_languages: tuple[str, ...] | list[str]) -> str:
    """A coach's portal language: the first of their service languages that the portal
    speaks (Finnish-only -> fi, Swedish-only -> sv, both -> the first listed)."""
    return next((code for code in service_languages if code in ("sv", "fi")), "sv")


def load_demo_users(url: str | None = None) -> list[str]:
    """Demo accounts (admin, staff, one per coach) with random passwords, written once to
    var/demo-credentials.txt (readable by the owner only)."""
    import secrets

    from bot.cases import booking, users
    from bot.config import _var_dir

    if users.user_count(url):
        return []
    lines = []
    accounts: list[tuple[str, str, str, int | None, str]] = [
        ("admin", "admin", "Admin", None, "sv"),
        ("personal", "staff", "Personal", None, "sv"),
    ]
    for coach in booking.coaches(url):
        first = coach.name.split()[0].lower()
        first = first.replace("ä", "a").replace("ö", "o").replace("å", "a")
        if any(first == taken for taken, *_ in accounts):  # two coaches with one first name
            first = f"{first}{coach.id}"
        accounts.append((first, "coach", coach.name, coach.id, portal_language(coach.languages)))
    for username, role, name, coach_id, language in accounts:
        password = secrets.token_urlsafe(12)
        users.create_user(username, password, role, name, coach_id, language, url)
        lines.append(f"{role:6} {username:10} {password}")
    path = _var_dir() / "demo-credentials.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    path.chmod(0o600)
    return [f"{len(lines)} demo portal accounts (credentials in {path})"]
