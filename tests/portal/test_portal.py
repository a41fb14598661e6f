"""Every portal route and permission, with the aiohttp test client."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
import yaml
from aiohttp import FormData
from aiohttp.test_utils import TestClient
from sqlalchemy import update

from bot.cases import users
from bot.cases.db import session_scope
from bot.cases.models import PortalSession
from bot.config import load_settings
from tests.portal.conftest import PASSWORD, World, login


async def test_login_required_everywhere(client: TestClient) -> None:
    for path in (
        "/portal/",
        "/portal/catalog",
        "/portal/coaches",
        "/portal/stats",
        "/portal/nlu/intents",
        "/portal/nlu/inbox",
        "/portal/nlu/train",
    ):
        response = await client.get(path, allow_redirects=False)
        assert response.status == 302 and response.headers["Location"].startswith(
            "/portal/login"
        ), path


async def test_login_sets_a_strict_http_only_cookie(client: TestClient) -> None:
    response = await client.post(
        "/portal/login",
        data={"username": "coach_a", "password": PASSWORD},
        allow_redirects=False,
    )
    assert response.status == 302
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/portal" in cookie
    assert "Secure" not in cookie  # plain http in the test; Secure behind https


async def test_secure_cookie_behind_https(client: TestClient) -> None:
    response = await client.post(
        "/portal/login",
        data={"username": "coach_a", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
        allow_redirects=False,
    )
    assert "Secure" in response.headers["Set-Cookie"]


async def test_wrong_password_and_open_redirect(client: TestClient) -> None:
    response = await client.post(
        "/portal/login", data={"username": "coach_a", "password": "wrong password!"}
    )
    assert response.status == 401
    assert "Fel användarnamn eller lösenord" in await response.text()
    response = await client.post(
        "/portal/login",
        data={"username": "coach_a", "password": PASSWORD, "next": "https://evil.example/"},
        allow_redirects=False,
    )
    assert response.headers["Location"] == "/portal/"


async def _try(client: TestClient, username: str, password: str, **headers: str) -> int:
    response = await client.post(
        "/portal/login",
        data={"username": username, "password": password},
        headers=headers,
        allow_redirects=False,
    )
    return response.status


async def test_failed_logins_are_slowed_down_not_locked(client: TestClient) -> None:
    statuses = [await _try(client, "staff1", "not the password") for _ in range(7)]
    # five free tries, then the next must wait (1 s, then 2 s ...): 429 with Retry-After
    assert statuses[:5] == [401] * 5 and 429 in statuses[5:]
    response = await client.post(
        "/portal/login", data={"username": "staff1", "password": PASSWORD}, allow_redirects=False
    )
    assert response.status == 429 and int(response.headers["Retry-After"]) >= 1
    # another account from the same address is not slowed down
    assert await _try(client, "coach_a", PASSWORD) == 302


async def test_a_forged_forwarded_for_does_not_escape_the_delay(client: TestClient) -> None:
    # no trusted proxy is configured: X-Forwarded-For is the client's own words
    statuses = [
        await _try(client, "staff1", "wrong", **{"X-Forwarded-For": f"10.0.0.{i}"})
        for i in range(8)
    ]
    assert 429 in statuses


async def test_no_one_can_lock_a_coach_out(world: World) -> None:
    from bot.cases import users

    for _ in range(20):
        assert users.authenticate("staff1", "not the password", url=world.url) is None
    assert users.authenticate("staff1", PASSWORD, url=world.url) is not None


async def test_coach_sees_own_case_and_gets_403_for_others(
    client: TestClient, world: World
) -> None:
    await login(client, "coach_a")
    own = await client.get(f"/portal/meetings/{world.meeting_a}", allow_redirects=False)
    assert own.status == 302 and world.case_a in own.headers["Location"]
    page = await client.get(f"/portal/cases/{world.case_a}")
    assert page.status == 200
    assert "Hemkommun: Borgå" in await page.text()
    assert (await client.get(f"/portal/cases/{world.case_b}")).status == 403
    assert (await client.get(f"/portal/meetings/{world.meeting_b}")).status == 403
    assert (await client.get(f"/portal/cases/{world.case_b}/print")).status == 403
    assert (await client.get("/portal/cases/no-such-case")).status == 404


async def test_summary_in_the_language_the_coach_chooses(client: TestClient, world: World) -> None:
    await login(client, "coach_a")
    fi = await (await client.get(f"/portal/cases/{world.case_a}?lang=fi")).text()
    assert "Kotikunta: Porvoo" in fi and '<html lang="fi">' in fi
    printable = await (await client.get(f"/portal/cases/{world.case_a}/print")).text()
    assert "print.css" in printable and "Hemkommun: Borgå" in printable


async def test_user_text_is_always_escaped(client: TestClient, world: World) -> None:
    await login(client, "staff1")
    for case in (world.case_a, world.case_b):
        html = await (await client.get(f"/portal/cases/{case}")).text()
        assert "<script>alert" not in html and "<img src=x" not in html
    html_a = await (await client.get(f"/portal/cases/{world.case_a}")).text()
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html_a


async def test_csrf_is_required_for_every_post(client: TestClient, world: World) -> None:
    csrf = await login(client, "coach_a")
    url = f"/portal/cases/{world.case_a}/notes"
    assert (await client.post(url, data={"text": "hej"})).status == 403
    assert (await client.post(url, data={"text": "hej", "csrf_token": "wrong"})).status == 403
    ok = await client.post(url, data={"text": "Bra möte <b>", "csrf_token": csrf})
    assert ok.status == 200
    html = await ok.text()
    assert "Bra möte &lt;b&gt;" in html


async def test_outcome_and_callbacks(client: TestClient, world: World) -> None:
    from bot.cases.models import Meeting

    with session_scope(world.url) as session:  # an outcome is recorded once the meeting began
        started = datetime.now(timezone.utc) - timedelta(minutes=5)
        session.execute(
            update(Meeting).where(Meeting.id == world.meeting_a).values(start_at=started)
        )
    csrf = await login(client, "coach_a")
    response = await client.post(
        f"/portal/cases/{world.case_a}/outcome",
        data={"meeting_id": str(world.meeting_a), "outcome": "met", "csrf_token": csrf},
    )
    assert response.status == 200 and "genomförd" in await response.text()
    bad = await client.post(
        f"/portal/cases/{world.case_a}/outcome",
        data={"meeting_id": str(world.meeting_b), "outcome": "met", "csrf_token": csrf},
    )
    assert bad.status == 400
    dashboard = await (await client.get("/portal/")).text()
    assert "Ali" in dashboard
    await client.post(f"/portal/callbacks/{world.callback}/done", data={"csrf_token": csrf})
    assert "Ali" not in await (await client.get("/portal/")).text()


async def test_coaches_cannot_reach_staff_pages(client: TestClient) -> None:
    await login(client, "coach_a")
    for path in (
        "/portal/catalog",
        "/portal/coaches",
        "/portal/stats",
        "/portal/nlu/intents",
        "/portal/nlu/responses",
        "/portal/nlu/inbox",
        "/portal/nlu/train",
        "/portal/nlu/conversations",
    ):
        assert (await client.get(path)).status == 403, path


async def test_logout_ends_the_session(client: TestClient) -> None:
    csrf = await login(client, "coach_a")
    response = await client.post("/portal/logout", data={"csrf_token": csrf}, allow_redirects=False)
    assert response.status == 302
    assert (await client.get("/portal/", allow_redirects=False)).status == 302


async def test_idle_sessions_expire(client: TestClient, world: World) -> None:
    await login(client, "coach_a")
    with session_scope(world.url) as session:
        session.execute(
            update(PortalSession).values(
                last_seen=datetime.now(timezone.utc) - timedelta(minutes=31)
            )
        )
    assert (await client.get("/portal/", allow_redirects=False)).status == 302


async def test_a_session_ends_after_a_working_day_however_active(
    client: TestClient, world: World
) -> None:
    await login(client, "coach_a")
    assert (await client.get("/portal/", allow_redirects=False)).status == 200
    with session_scope(world.url) as session:
        session.execute(
            update(PortalSession).values(
                created_at=datetime.now(timezone.utc) - timedelta(hours=10, minutes=1),
                last_seen=datetime.now(timezone.utc),
            )
        )
    assert (await client.get("/portal/", allow_redirects=False)).status == 302


async def test_a_new_password_ends_the_accounts_sessions(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.portal.__main__ import main as portal_cli

    monkeypatch.setattr("bot.portal.__main__.prepare_process", lambda: None)
    await login(client, "coach_a")
    assert (await client.get("/portal/", allow_redirects=False)).status == 200
    monkeypatch.setenv("NEW_PW", "an entirely new passphrase")
    assert portal_cli(["set-password", "--username", "coach_a", "--password-env", "NEW_PW"]) == 0
    assert (await client.get("/portal/", allow_redirects=False)).status == 302
    assert portal_cli(["set-password", "--username", "nobody", "--password-env", "NEW_PW"]) == 1
    monkeypatch.setenv("SHORT_PW", "short")
    assert portal_cli(["set-password", "--username", "coach_a", "--password-env", "SHORT_PW"]) == 1
    assert users.authenticate("coach_a", "an entirely new passphrase", world.url) is not None
    assert users.authenticate("coach_a", PASSWORD, world.url) is None


async def test_an_id_too_long_for_the_database_is_not_found(client: TestClient) -> None:
    """The probe got HTTP 500 from a meeting id larger than the database's integers."""
    huge = "9" * 23
    await login(client, "coach_a")
    for path in (f"/portal/meetings/{huge}", "/portal/meetings/abc", "/portal/meetings/0"):
        assert (await client.get(path, allow_redirects=False)).status == 404, path
    csrf = await login(client, "staff1")
    for path in (f"/portal/coaches/{huge}", f"/portal/callbacks/{huge}/done"):
        response = await client.post(path, data={"csrf_token": csrf}, allow_redirects=False)
        assert response.status == 404, path


async def test_logout_all_ends_every_session(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.portal.__main__ import main as portal_cli

    monkeypatch.setattr("bot.portal.__main__.prepare_process", lambda: None)
    await login(client, "staff1")
    assert portal_cli(["logout-all"]) == 0
    assert (await client.get("/portal/", allow_redirects=False)).status == 302


async def test_catalog_list_search_create_edit_retire_import(client: TestClient) -> None:
    csrf = await login(client, "staff1")
    page = await (await client.get("/portal/catalog?q=lähihoitaja")).text()
    assert "Närvårdare" in page
    new = {
        "csrf_token": csrf,
        "external_id": "staff-test-1",
        "provider": "careeria",
        "title_sv": "Testkurs",
        "title_fi": "Testikurssi",
        "isced": "041",
        "languages": "sv,fi",
        "municipality": "638",
        "format": "evening",
        "kind": "short_course",
        "target_groups": "all",
        "start_date": "2027-03-01",
        "end_date": "2027-04-01",
        "application_deadline": "2027-02-01",
        "price_eur": "0",
        "url": "https://www.careeria.fi/",
        "free": "true",
    }
    bad = await client.post("/portal/catalog/new", data={**new, "isced": "9"})
    assert bad.status == 400 and "isced" in await bad.text()
    created = await client.post("/portal/catalog/new", data=new)
    assert created.status == 200 and "Testkurs" in await created.text()
    edit = await (await client.get("/portal/catalog/staff-test-1")).text()
    assert 'value="Testikurssi"' in edit
    await client.post("/portal/catalog/staff-test-1", data={**new, "title_sv": "Ny testkurs"})
    assert "Ny testkurs" in await (await client.get("/portal/catalog?q=staff-test")).text()
    await client.post(
        "/portal/catalog/staff-test-1/status", data={"action": "retire", "csrf_token": csrf}
    )
    assert "retired" in await (await client.get("/portal/catalog?q=staff-test")).text()
    form = FormData()
    form.add_field("csrf_token", csrf)
    body = yaml.safe_dump({"offers": [{**new, "external_id": "upload-1", "isced": "x"}]})
    form.add_field("file", io.BytesIO(body.encode()), filename="offers.yml")
    imported = await client.post("/portal/catalog/import", data=form)
    text = await imported.text()
    assert imported.status == 200 and "row 1 (upload-1)" in text and "isced" in text


async def test_coach_hours_and_absences(client: TestClient, world: World) -> None:
    csrf = await login(client, "staff1")
    response = await client.post(
        f"/portal/coaches/{world.coach_a}",
        data={
            "csrf_token": csrf,
            "languages": "sv,fi",
            "groups": "youth,immigrant",
            "active": "true",
            "weekday": "5",
            "start": "10:00",
            "end": "12:00",
            "absence_from": "2027-01-10",
            "absence_to": "2027-01-12",
            "absence_reason": "kurs",
        },
    )
    page = await response.text()
    assert "Sat 10:00–12:00" in page and "2027-01-10–2027-01-12 kurs" in page
    bad = await client.post(
        f"/portal/coaches/{world.coach_a}", data={"csrf_token": csrf, "languages": "de"}
    )
    assert "at least one language" in await bad.text()


async def test_statistics(client: TestClient) -> None:
    await login(client, "staff1")
    page = await (await client.get("/portal/stats?lang=fi")).text()
    assert "Alkukartoituksia viikossa" in page and "<svg" in page and "youth" in page


async def test_intents_examples_side_by_side_and_editing(client: TestClient, world: World) -> None:
    csrf = await login(client, "staff1")
    page = await (await client.get("/portal/nlu/intents")).text()
    assert "greet" in page and "search_training" in page
    url = "/portal/nlu/intents/greet"
    added = await client.post(
        url,
        data={"csrf_token": csrf, "language": "fi", "action": "add", "text": "moikkelis koikkelis"},
    )
    assert "Tallennettu" in await added.text() or "Sparat" in await added.text()
    finnish = (world.root / "data" / "nlu" / "fi" / "smalltalk.yml").read_text("utf-8")
    assert "    - moikkelis koikkelis\n" in finnish
    duplicate = await client.post(
        url,
        data={"csrf_token": csrf, "language": "sv", "action": "add", "text": "moikkelis koikkelis"},
    )
    assert "already used" in await duplicate.text()
    await client.post(
        url,
        data={
            "csrf_token": csrf,
            "language": "fi",
            "action": "replace",
            "old": "moikkelis koikkelis",
            "text": "moikkuli moi teille",
        },
    )
    finnish = (world.root / "data/nlu/fi/smalltalk.yml").read_text("utf-8")
    assert "    - moikkuli moi teille\n" in finnish and "moikkelis koikkelis" not in finnish
    await client.post(
        url,
        data={
            "csrf_token": csrf,
            "language": "fi",
            "action": "remove",
            "old": "moikkuli moi teille",
        },
    )
    assert "moikkuli" not in (world.root / "data/nlu/fi/smalltalk.yml").read_text("utf-8")


async def test_responses_keep_placeholders(client: TestClient, world: World) -> None:
    csrf = await login(client, "staff1")
    url = "/portal/nlu/responses/utter_ask_human_offer"
    page = await (await client.get("/portal/nlu/responses")).text()
    assert "utter_human_offer" in page
    broken = await client.post(
        "/portal/nlu/responses/utter_human_offer", data={"csrf_token": csrf, "sv": "Ring oss!"}
    )
    assert "placeholders" in await broken.text()
    ok = await client.post(
        "/portal/nlu/responses/utter_thank",
        data={"csrf_token": csrf, "sv": "Varsågod, hör av dig!"},
    )
    assert ok.status == 200
    assert "Varsågod, hör av dig!" in (world.root / "domain.yml").read_text("utf-8")
    assert url  # the name is only used in the assertion message


async def test_rules_and_stories_editing_is_validated(client: TestClient, world: World) -> None:
    csrf = await login(client, "staff1")
    page = await client.get("/portal/nlu/conversations?file=core.yml&dir=rules")
    assert page.status == 200 and "rule: greet" in await page.text()
    before = (world.root / "data/rules/core.yml").read_text("utf-8")
    bad = await client.post(
        "/portal/nlu/conversations",
        data={
            "csrf_token": csrf,
            "path": "data/rules/core.yml",
            "content": "rules: [this is: not valid",
        },
    )
    assert bad.status == 400
    assert (world.root / "data/rules/core.yml").read_text("utf-8") == before
    good = before.replace("- rule: thanks", "- rule: thanks a lot")
    ok = await client.post(
        "/portal/nlu/conversations",
        data={"csrf_token": csrf, "path": "data/rules/core.yml", "content": good},
    )
    assert ok.status == 200
    assert "rule: thanks a lot" in (world.root / "data/rules/core.yml").read_text("utf-8")


@pytest.fixture
async def tracker_with_unsure_messages(
    world: World, monkeypatch: pytest.MonkeyPatch, aiohttp_server: Any
) -> str:
    """A tracker database with three user messages, and a local server in Rasa's place
    that answers the REST channel's inbox and stats routes with the real reading code
    (bot/cases/tracker_events.py) on that database."""
    import json
    import os

    from aiohttp import web
    from sqlalchemy import create_engine, text

    from bot.cases import tracker_events

    url = os.environ["TRACKER_DB_URL"]
    engine = create_engine(url, future=True)
    with engine.begin() as conn:
        conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, "
                "sender_id VARCHAR(255), "
                "type_name VARCHAR(255), timestamp FLOAT, intent_name VARCHAR(255), "
                "action_name VARCHAR(255), data TEXT)"
            )
        )
        for i, (message, intent, confidence) in enumerate(
            [
                ("voisko joku soittaa mulle huomenna", "nlu_fallback", 1.0),
                ("var ligger kontoret", "help", 0.3),
                ("jag heter Maria Virtanen, maila maria@example.fi", "help", 0.2),
                ("hej", "greet", 0.99),
            ]
        ):
            ranking = [
                {"name": intent, "confidence": confidence},
                {"name": "ask_human", "confidence": 0.2},
            ]
            data = {
                "event": "user",
                "text": message,
                "parse_data": {
                    "intent": {"name": intent, "confidence": confidence},
                    "intent_ranking": ranking,
                    "language_detection": {"language": "fi" if i == 0 else "sv"},
                },
            }
            conn.execute(
                text(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) "
                    "VALUES (:s, 'user', :t, :d)"
                ),
                {"s": f"u{i}", "t": 1_760_000_000 + i, "d": json.dumps(data)},
            )
    token = load_settings().rasa_token

    async def inbox(request: web.Request) -> web.Response:
        assert request.headers["Authorization"] == f"Bearer {token}"
        body = await request.json()
        found = tracker_events.inbox(engine, int(body["limit"]), set(body["exclude"]))
        return web.json_response([m.to_dict() for m in found])

    rasa = web.Application()
    rasa.router.add_post("/webhooks/rest/conversations/inbox", inbox)
    server = await aiohttp_server(rasa)
    monkeypatch.setenv("RASA_URL", str(server.make_url("")))
    return url


def key_of(page: str, message: str) -> str:
    """The inbox key of the list item that shows ``message``."""
    item = page.split(f"<q>{message}</q>", 1)[1]
    return item.split('name="key" value="', 1)[1].split('"', 1)[0]


async def test_inbox_assign_and_dismiss(
    tracker_with_unsure_messages: str, client: TestClient, world: World
) -> None:
    csrf = await login(client, "staff1")
    page = await (await client.get("/portal/nlu/inbox")).text()
    assert "voisko joku soittaa mulle huomenna" in page and "var ligger kontoret" in page
    assert "<q>hej</q>" not in page  # confident messages are not in the inbox
    key = key_of(page, "voisko joku soittaa mulle huomenna")
    await client.post(
        "/portal/nlu/inbox",
        data={
            "csrf_token": csrf,
            "key": key,
            "action": "assign",
            "intent": "ask_human",
            "language": "fi",
            "text": "voisko joku soittaa mulle huomenna",
        },
    )
    finnish = (world.root / "data/nlu/fi/meetings.yml").read_text("utf-8")
    assert "    - voisko joku soittaa mulle huomenna\n" in finnish
    page = await (await client.get("/portal/nlu/inbox")).text()
    assert "voisko joku soittaa mulle huomenna" not in page
    key = key_of(page, "var ligger kontoret")
    await client.post(
        "/portal/nlu/inbox", data={"csrf_token": csrf, "key": key, "action": "dismiss"}
    )
    assert "var ligger kontoret" not in await (await client.get("/portal/nlu/inbox")).text()


async def test_no_personal_data_leaves_a_conversation_for_the_inbox_or_the_training_data(
    tracker_with_unsure_messages: str, client: TestClient, world: World
) -> None:
    # the probe copied a message with a full name and an e-mail into meetings.yml, where it
    # stayed after the person erased their data
    csrf = await login(client, "staff1")
    page = await (await client.get("/portal/nlu/inbox")).text()
    assert "Maria" not in page and "maria@example.fi" not in page
    assert "jag heter &lt;name&gt; &lt;name&gt;, maila &lt;e-mail&gt;" in page
    key = key_of(page, "jag heter &lt;name&gt; &lt;name&gt;, maila &lt;e-mail&gt;")
    await client.post(
        "/portal/nlu/inbox",
        data={
            "csrf_token": csrf,
            "key": key,
            "action": "assign",
            "intent": "ask_human",
            "language": "sv",
            # even when the form's text was edited back to the original
            "text": "jag heter Maria Virtanen, maila maria@example.fi",
        },
    )
    swedish = (world.root / "data/nlu/sv/meetings.yml").read_text("utf-8")
    assert "Maria" not in swedish and "maria@example.fi" not in swedish
    assert "jag heter <name> <name>, maila <e-mail>" in swedish


async def test_failed_validation_shows_errors_and_changes_nothing(
    client: TestClient, world: World
) -> None:
    from bot.portal.keys import JOBS

    csrf = await login(client, "staff1")
    (world.root / "data/rules/broken.yml").write_text(
        'version: "3.1"\nrules:\n  - rule: uses an unknown action\n    steps:\n'
        "      - intent: greet\n      - action: utter_does_not_exist\n",
        encoding="utf-8",
    )
    models_before = sorted(p.name for p in (world.root).rglob("*.tar.gz"))
    response = await client.post(
        "/portal/nlu/train", data={"csrf_token": csrf}, allow_redirects=False
    )
    assert response.status == 302
    jobs = client.server.app[JOBS]
    await jobs.wait()
    job = jobs.current()
    assert job is not None and job.steps["validate"] == "failed"
    assert job.steps["train"] == "waiting" and job.steps["load"] == "waiting"
    page = await (await client.get("/portal/nlu/train")).text()
    assert "validate" in page and "failed" in page and "utter_does_not_exist" in page
    assert sorted(p.name for p in (world.root).rglob("*.tar.gz")) == models_before


async def test_factual_answers_by_date_checked(client: TestClient, world: World) -> None:
    domain = world.root / "domain.yml"
    text = domain.read_text("utf-8")
    # one answer checked long ago: it comes first and is due
    old = "utter_faq/waiting_period:\n    - condition: [{type: slot, name: language, value: sv}]"
    assert old in text
    start = text.index("utter_faq/waiting_period:")
    end = text.index("\n  utter_faq/", start + 10)
    domain.write_text(
        text[:start]
        + text[start:end].replace('checked: "2026-12-02"', 'checked: "2025-01-15"')
        + text[end:],
        "utf-8",
    )
    csrf = await login(client, "staff1")
    page = await (await client.get("/portal/nlu/answers")).text()
    assert page.index("waiting_period") < page.index("which_benefit")
    assert "2025-01-15" in page and "Ska granskas: 1" in page
    done = await client.post(
        "/portal/nlu/answers/utter_faq/waiting_period",
        data={"csrf_token": csrf, "sources": "https://www.kela.fi/omavastuuaika"},
        allow_redirects=False,
    )
    assert done.status == 302
    await done.release()
    after = domain.read_text("utf-8")
    block = after[after.index("utter_faq/waiting_period:") :][:3000]
    assert "2025-01-15" not in block and "https://www.kela.fi/omavastuuaika" in block
    bad = await client.post(
        "/portal/nlu/answers/utter_faq/waiting_period",
        data={"csrf_token": csrf, "sources": "http://example.org"},
    )
    assert "https://" in await bad.text()
    # the text of an answer is edited on the responses page like any other response
    edited = await client.post(
        "/portal/nlu/responses/utter_faq/waiting_period",
        data={"csrf_token": csrf, "fi": "Omavastuuaika on seitsemän päivää."},
    )
    assert edited.status == 200
    await edited.release()
    assert "Omavastuuaika on seitsemän päivää." in domain.read_text("utf-8")


async def test_a_faq_key_has_its_own_examples_page(client: TestClient) -> None:
    await login(client, "staff1")
    page = await client.get("/portal/nlu/intents/faq/waiting_period")
    assert page.status == 200
    assert "faq/waiting_period" in await page.text()
    listing = await (await client.get("/portal/nlu/intents")).text()
    assert "faq/waiting_period" in listing


async def test_coaches_cannot_reach_the_answers_page(client: TestClient) -> None:
    await login(client, "coach_a")
    assert (await client.get("/portal/nlu/answers")).status == 403


@pytest.mark.parametrize(
    "path", ["/portal/nlu/responses", "/portal/nlu/inbox", "/portal/coaches", "/portal/nlu/answers"]
)
async def test_a_crafted_error_in_a_link_is_not_shown(client: TestClient, path: str) -> None:
    await login(client, "staff1")
    crafted = "Kontot är spärrat, ring 0401234567"
    page = await client.get(path, params={"error": crafted, "sig": "0" * 32})
    assert page.status == 200
    assert "spärrat" not in await page.text()
