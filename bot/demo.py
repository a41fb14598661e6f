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
    return done
