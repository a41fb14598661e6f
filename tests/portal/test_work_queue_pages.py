"""The work queue, a case's own egencoach and case search in the portal (issue 16, part 3).

The world (tests/portal/conftest.py): coach_a is Anna Lindqvist (Borgå office, Swedish and
Finnish), coach_b Johanna Virtanen (Borgå office, Finnish only), staff1 is staff.
"""

from __future__ import annotations

import dataclasses
import re
import uuid

from aiohttp.test_utils import TestClient

from bot.cases import booking, mappings, portal
from bot.cases.booking import ContactDetails
from tests.portal.conftest import World, _summary, login


def _mapping(world: World, language: str, home: str, words: str = "lager") -> str:
    summary = dataclasses.replace(
        _summary(words), data={**_summary(words).data, "municipality": home}
    )
    record = mappings.confirm_summary(f"queue-{uuid.uuid4()}", language, summary, world.url)
    return record.case_public_id


def _csrf(html: str) -> str:
    return html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]


async def test_a_coach_sees_their_teams_queue_in_their_languages(
    client: TestClient, world: World
) -> None:
    borga_sv = _mapping(world, "sv", "638")
    borga_fi = _mapping(world, "fi", "018")  # Askola: the Borgå team
    lovisa_sv = _mapping(world, "sv", "434")
    await login(client, "coach_a")
    page = await (await client.get("/portal/queue?lang=sv")).text()
    assert borga_sv in page and borga_fi in page and lovisa_sv not in page
    assert "kartläggning utan möte" in page and "Askola" in page
    await login(client, "coach_b")
    page = await (await client.get("/portal/queue?lang=fi")).text()
    assert borga_fi in page and borga_sv not in page and lovisa_sv not in page
    await login(client, "staff1")
    page = await (await client.get("/portal/queue")).text()
    assert {borga_sv, borga_fi, lovisa_sv} <= set(re.findall(r"/portal/cases/([\w-]+)", page))
    page = await (await client.get("/portal/queue?team=434")).text()
    assert lovisa_sv in page and borga_sv not in page


async def test_the_queue_names_no_one(client: TestClient, world: World) -> None:
    conversation = f"queue-{uuid.uuid4()}"
    mappings.confirm_summary(conversation, "sv", _summary("lager"), world.url)
    booking.request_callback(
        "sv",
        ContactDetails(name="Zacharias", phone="+358405550001", consent=True),
        conversation_id=conversation,
        url=world.url,
    )
    await login(client, "coach_a")
    page = await (await client.get("/portal/queue?lang=sv")).text()
    assert "vill bli uppringd" in page
    assert "Zacharias" not in page and "405550001" not in page


async def test_a_coach_moves_an_item_and_the_queue_says_who_and_when(
    client: TestClient, world: World
) -> None:
    case = _mapping(world, "sv", "638")
    csrf = await login(client, "coach_a")
    page = await (await client.get("/portal/queue?lang=sv")).text()
    row = next(r for r in page.split("<tr>") if f"/portal/cases/{case}" in r)
    item = re.search(
        r'action="/portal/queue/(\d+)\?lang=sv"[^<]*<input[^>]*>\s*<input type="hidden" '
        r'name="status" value="contacted">\s*<input type="hidden" name="from" value="new">',
        row,
    )
    assert item is not None
    item_id = item.group(1)
    moved = await client.post(
        f"/portal/queue/{item_id}",
        data={"csrf_token": csrf, "status": "contacted"},
        allow_redirects=False,
    )
    assert moved.status == 303
    page = await (await client.get("/portal/queue?lang=sv&status=contacted")).text()
    assert case in page and "kontaktad" in page and "Anna Lindqvist" in page
    # a move that the state does not allow, and one without a CSRF token
    refused = await client.post(
        f"/portal/queue/{item_id}",
        data={"csrf_token": csrf, "status": "contacted"},
        allow_redirects=False,
    )
    assert refused.status == 303 and "error=" in refused.headers["Location"]
    # a page out of date: it still shows "new", another coach has moved the item meanwhile
    stale = await client.post(
        f"/portal/queue/{item_id}",
        data={"csrf_token": csrf, "status": "closed", "from": "new"},
        allow_redirects=False,
    )
    assert stale.status == 303 and "error=" in stale.headers["Location"]
    page = await (await client.get("/portal/queue?lang=sv&status=contacted")).text()
    assert case in page  # still contacted, not closed
    forged = await client.post(f"/portal/queue/{item_id}", data={"status": "closed"})
    assert forged.status == 403
    # another team's coach cannot move it
    lovisa = _mapping(world, "sv", "434")
    await login(client, "staff1")
    page = await (await client.get("/portal/queue?team=434")).text()
    lovisa_row = next(r for r in page.split("<tr>") if f"/portal/cases/{lovisa}" in r)
    other = re.search(r'action="/portal/queue/(\d+)\?lang=\w\w"', lovisa_row)
    assert other is not None
    csrf = await login(client, "coach_a")
    response = await client.post(
        f"/portal/queue/{other.group(1)}", data={"csrf_token": csrf, "status": "contacted"}
    )
    assert response.status == 404


async def test_a_case_waiting_in_the_queue_opens_for_the_team_and_can_be_taken(
    client: TestClient, world: World
) -> None:
    case = _mapping(world, "sv", "638")
    await login(client, "coach_b")  # Finnish only: not this case
    assert (await client.get(f"/portal/cases/{case}")).status == 403
    csrf = await login(client, "coach_a")
    page = await (await client.get(f"/portal/cases/{case}?lang=sv")).text()
    assert "Ingen egen coach ännu." in page and "Bli personens egen coach" in page
    taken = await client.post(
        f"/portal/cases/{case}/coach", data={"csrf_token": csrf}, allow_redirects=False
    )
    assert taken.status == 303
    page = await (await client.get(f"/portal/cases/{case}?lang=sv")).text()
    assert "Anna Lindqvist" in page and "Bli personens egen coach" not in page
    dashboard = await (await client.get("/portal/?lang=sv")).text()
    assert "Mina ärenden" in dashboard and case in dashboard
    # named as everywhere else: by a booking reference, else the day; never by its id
    assert case[:8] not in dashboard.replace(f"/portal/cases/{case}", "")
    assert "Klient " in dashboard


async def test_staff_give_a_case_to_a_coach(client: TestClient, world: World) -> None:
    case = _mapping(world, "fi", "638")
    csrf = await login(client, "staff1")
    page = await (await client.get(f"/portal/cases/{case}?lang=fi")).text()
    assert "Anna asiakkuus valmentajalle" in page
    response = await client.post(
        f"/portal/cases/{case}/coach",
        data={"csrf_token": csrf, "coach_id": str(world.coach_b)},
        allow_redirects=False,
    )
    assert response.status == 303
    await login(client, "coach_b")
    dashboard = await (await client.get("/portal/?lang=fi")).text()
    assert "Omat asiakkuudet" in dashboard and case in dashboard
    assert (await client.get(f"/portal/cases/{case}")).status == 200


async def test_a_person_who_calls_in_is_found_by_reference_phone_or_email(
    client: TestClient, world: World
) -> None:
    await login(client, "coach_a")
    found = portal.meeting(world.meeting_a, world.url)
    assert found is not None
    meeting = found[0]
    for text in (meeting.reference, "040 123 4567", "+358401234567"):
        page = await (await client.get("/portal/search", params={"q": text, "lang": "sv"})).text()
        assert f"/portal/cases/{world.case_a}" in page, text
        assert f"Ärende {meeting.reference}" in page
        # coach_a cannot open coach_b's case, so it is not listed
        assert f"/portal/cases/{world.case_b}" not in page, text
    page = await (await client.get("/portal/search?q=nobody%40example.fi&lang=sv")).text()
    assert "Inget ärende hittades" in page
