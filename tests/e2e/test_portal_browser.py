"""The portal in a real browser: a coach reads a summary, staff adds a Finnish example."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.browser import ARTIFACTS, browser_page
from tests.e2e.servers import web_app
from tests.portal.conftest import PASSWORD, World
from tests.portal.conftest import portal_template as portal_template  # the fixtures
from tests.portal.conftest import world as world

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


@pytest.fixture
def portal_url(world: World, tmp_path: Path) -> Iterator[str]:
    with web_app(
        tmp_path, DATABASE_URL=world.url, PROJECT_DIR=str(world.root), VAR_DIR=str(tmp_path / "var")
    ) as url:
        yield url


def _login(page: object, base: str, username: str) -> None:
    page.goto(f"{base}/portal/login")  # type: ignore[attr-defined]
    page.get_by_label("Användarnamn").fill(username)  # type: ignore[attr-defined]
    page.get_by_label("Lösenord").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Logga in").click()  # type: ignore[attr-defined]


def test_coach_logs_in_opens_a_meeting_and_reads_the_summary(portal_url: str, world: World) -> None:
    with browser_page() as page:
        _login(page, portal_url, "coach_a")
        page.wait_for_url(f"{portal_url}/portal/")
        page.goto(f"{portal_url}/portal/meetings/{world.meeting_a}")
        page.wait_for_url(f"**/portal/cases/{world.case_a}")
        summary = page.locator("pre.summary").inner_text()
        assert "Hemkommun: Borgå" in summary
        page.get_by_role("link", name="suomi").click()
        assert "Kotikunta: Porvoo" in page.locator("pre.summary").inner_text()
        # the person's own words are shown as text, never run as HTML
        assert "<script>alert('x')</script> kassa" in page.locator("dd").first.inner_text()
        page.screenshot(path=str(ARTIFACTS / "portal-coach-summary.png"), full_page=True)
        page.goto(f"{portal_url}/portal/cases/{world.case_b}")
        assert "Inte ditt ärende" in page.content()


def test_staff_adds_a_finnish_example(portal_url: str, world: World) -> None:
    with browser_page() as page:
        _login(page, portal_url, "staff1")
        page.wait_for_url(f"{portal_url}/portal/")
        page.goto(f"{portal_url}/portal/nlu/intents/search_training")
        finnish = page.locator("section[lang=fi]")
        finnish.get_by_role("textbox", name="Lägg till exempel", exact=True).fill(
            "löytyyks jotain iltakursseja porvoosta"
        )
        finnish.get_by_role("button", name="Lägg till exempel").click()
        page.wait_for_url("**saved=1")
        assert page.get_by_role("status").inner_text() == "Sparat."
        assert (
            finnish.locator(
                "input[name=text][value='löytyyks jotain iltakursseja porvoosta']"
            ).count()
            == 1
        )
        page.screenshot(path=str(ARTIFACTS / "portal-staff-example.png"), full_page=True)
    text = (world.root / "data" / "nlu" / "fi" / "training.yml").read_text("utf-8")
    assert "    - löytyyks jotain iltakursseja porvoosta\n" in text
