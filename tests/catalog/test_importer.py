"""Importing the catalog: files, a local HTTP server playing a catalog API, bad rows,
timeouts, HTTP 500 and re-import; on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.cases.catalog import catalog_version, get_offer, open_offers, set_status
from bot.catalog.fetch import FetchError, FetchPolicy
from bot.catalog.importer import import_source, import_text
from bot.catalog.reader import SourceError

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "data" / "catalog"
FAST = FetchPolicy(total_timeout=0.5, connect_timeout=0.5, attempts=3, backoff=0.01)


def offer(eid: str, **changes: Any) -> dict[str, Any]:
    row = {
        "external_id": eid,
        "provider": "careeria",
        "title_sv": "Kurs",
        "title_fi": "Kurssi",
        "description_sv": "Beskrivning.",
        "description_fi": "Kuvaus.",
        "isced": "091",
        "languages": ["fi"],
        "municipality": "638",
        "online": False,
        "format": "full_time",
        "start_date": "2027-02-01",
        "end_date": "2027-05-31",
        "application_deadline": "2027-01-10",
        "target_groups": ["all"],
        "kind": "short_course",
        "free": True,
        "price_eur": 0,
        "url": "https://www.careeria.fi/",
    }
    row.update(changes)
    return row


def dump(offers: list[dict[str, Any]]) -> str:
    return yaml.safe_dump({"offers": offers}, allow_unicode=True)


@pytest.fixture
def catalog_db(db_url: str) -> str:
    """A database with the sample providers in it."""
    import_text((CATALOG / "providers.yml").read_text("utf-8"), "yaml", db_url)
    return db_url


def test_sample_catalog_is_valid_and_large_enough() -> None:
    data = yaml.safe_load((CATALOG / "offers.yml").read_text("utf-8"))
    assert len(data["offers"]) >= 60


def test_import_is_idempotent_and_updates_changed_rows(catalog_db: str) -> None:
    tag = uuid.uuid4().hex[:8]
    rows = [offer(f"t-{tag}-1"), offer(f"t-{tag}-2")]
    first = import_text(dump(rows), "yaml", catalog_db)
    assert (first.counts.inserted, first.counts.updated, first.errors) == (2, 0, [])
    version = catalog_version(catalog_db)
    again = import_text(dump(rows), "yaml", catalog_db)
    assert (again.counts.inserted, again.counts.updated, again.counts.unchanged) == (0, 0, 2)
    assert catalog_version(catalog_db) == version  # nothing changed: no new version
    rows[1]["title_fi"] = "Uusi nimi"
    changed = import_text(dump(rows), "yaml", catalog_db)
    assert (changed.counts.inserted, changed.counts.updated, changed.counts.unchanged) == (0, 1, 1)
    assert get_offer(f"t-{tag}-2", catalog_db).title_fi == "Uusi nimi"  # type: ignore[union-attr]
    assert catalog_version(catalog_db) == version + 1


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"isced": "91"}, "'isced' must be a 3-digit"),
        ({"languages": ["de"]}, "'languages' must be some of"),
        ({"format": "weekly"}, "'format' must be one of"),
        ({"kind": "party"}, "'kind' must be one of"),
        ({"provider": "nobody"}, "unknown provider 'nobody'"),
        ({"start_date": "1.2.2027"}, "'start_date' is not a date"),
        ({"end_date": "2027-01-01"}, "'end_date' is before 'start_date'"),
        ({"application_deadline": "2027-03-01"}, "'application_deadline' is after"),
        ({"title_fi": ""}, "'title_fi' is missing"),
        ({"url": "http://example.com"}, "'url' must start with https://"),
        ({"municipality": None}, "needs a 'municipality' unless it is online"),
        ({"free": True, "price_eur": 30}, "'price_eur' must be 0"),
        ({"target_groups": ["pets"]}, "unknown target group"),
    ],
)
def test_bad_rows_are_reported_with_number_and_reason(
    catalog_db: str, changes: dict[str, Any], reason: str
) -> None:
    tag = uuid.uuid4().hex[:8]
    rows = [offer(f"ok-{tag}"), offer(f"bad-{tag}", **changes), offer(f"ok2-{tag}")]
    report = import_text(dump(rows), "yaml", catalog_db)
    assert report.counts.inserted == 2
    [error] = report.errors
    assert error.row == 2 and error.external_id == f"bad-{tag}"
    assert reason in error.reason, error.reason
    assert f"row 2 (bad-{tag})" in str(error)


def test_duplicate_external_id_in_one_file(catalog_db: str) -> None:
    eid = f"dup-{uuid.uuid4().hex[:8]}"
    report = import_text(dump([offer(eid), offer(eid)]), "yaml", catalog_db)
    assert report.counts.inserted == 1
    assert [str(e) for e in report.errors] == [f"row 2 ({eid}): duplicate external_id (also row 1)"]


def test_csv_rows_are_numbered_by_line(catalog_db: str) -> None:
    tag = uuid.uuid4().hex[:8]
    header = (
        "external_id,provider,title_sv,title_fi,isced,languages,municipality,format,"
        "kind,target_groups,start_date,end_date,application_deadline\n"
    )
    good = (
        f"c-{tag},careeria,Kurs,Kurssi,041,fi|sv,638,evening,short_course,all,"
        "2027-02-01,2027-03-01,\n"
    )
    bad = (
        f"d-{tag},careeria,Kurs,Kurssi,041,fi,638,evening,short_course,all,2027-02-01,2027-01-01,\n"
    )
    report = import_text(header + good + bad, "csv", catalog_db)
    assert report.counts.inserted == 1
    assert [(e.row, e.external_id) for e in report.errors] == [(3, f"d-{tag}")]
    assert get_offer(f"c-{tag}", catalog_db).languages == ("fi", "sv")  # type: ignore[union-attr]


def test_not_a_catalog_at_all() -> None:
    with pytest.raises(SourceError):
        import_text("just: text", "yaml")
    with pytest.raises(SourceError):
        import_text("a,b\n1,2\n", "csv")


def test_expired_and_retired_offers_are_never_open(catalog_db: str) -> None:
    tag = uuid.uuid4().hex[:8]
    rows = [
        offer(f"past-{tag}", application_deadline="2026-11-01", start_date="2026-12-01"),
        offer(f"open-{tag}"),
        offer(f"rolling-{tag}", application_deadline=None),
        offer(f"retired-{tag}"),
    ]
    import_text(dump(rows), "yaml", catalog_db)
    assert set_status(f"retired-{tag}", "retired", catalog_db)
    ids = {o.external_id for o in open_offers(date(2026, 11, 25), catalog_db)}
    assert {f"open-{tag}", f"rolling-{tag}"} <= ids
    assert not {f"past-{tag}", f"retired-{tag}"} & ids


class CatalogAPI:
    """A local aiohttp server playing a provider's catalog API."""

    def __init__(self) -> None:
        self.calls = 0
        self.fail_first = 0
        self.status = 200
        self.delay = 0.0
        self.body = ""

    def app(self) -> web.Application:
        async def handler(request: web.Request) -> web.Response:
            self.calls += 1
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.calls <= self.fail_first:
                return web.Response(status=500, text="boom")
            return web.Response(status=self.status, text=self.body, content_type="application/yaml")

        async def in_two_writes(request: web.Request) -> web.StreamResponse:
            # a valid catalog sent in two writes, split at a row boundary
            data = self.body.encode()
            cut = data.index(b"\n- ", len(data) // 2)
            response = web.StreamResponse(headers={"Content-Type": "application/yaml"})
            response.content_length = len(data)
            await response.prepare(request)
            await response.write(data[:cut])
            await asyncio.sleep(0.05)
            await response.write(data[cut:])
            await response.write_eof()
            return response

        async def cut_off(request: web.Request) -> web.StreamResponse:
            # announces the whole catalog, sends the first part, then the connection drops
            data = self.body.encode()
            response = web.StreamResponse(headers={"Content-Type": "application/yaml"})
            response.content_length = len(data)
            await response.prepare(request)
            await response.write(data[: data.index(b"\n- ", len(data) // 2)])
            assert request.transport is not None
            request.transport.close()
            return response

        async def redirect(request: web.Request) -> web.Response:
            raise web.HTTPFound(request.query["to"])

        app = web.Application()
        app.router.add_get("/catalog.yaml", handler)
        app.router.add_get("/in-two-writes.yaml", in_two_writes)
        app.router.add_get("/cut-off.yaml", cut_off)
        app.router.add_get("/redirect", redirect)
        return app


@pytest.fixture
async def api() -> Any:
    fake = CatalogAPI()
    server = TestServer(fake.app())
    await server.start_server()
    yield fake, str(server.make_url("/catalog.yaml"))
    await server.close()


async def test_import_over_http(api: Any, catalog_db: str) -> None:
    fake, url = api
    fake.body = dump([offer(f"http-{uuid.uuid4().hex[:8]}")])
    report = await import_source(url, catalog_db, FAST)
    assert report.counts.inserted == 1 and fake.calls == 1


async def test_http_500_is_retried_with_backoff(api: Any, catalog_db: str) -> None:
    fake, url = api
    fake.fail_first = 2
    fake.body = dump([offer(f"retry-{uuid.uuid4().hex[:8]}")])
    report = await import_source(url, catalog_db, FAST)
    assert report.counts.inserted == 1 and fake.calls == 3


async def test_persistent_http_500_fails_clearly(api: Any, catalog_db: str) -> None:
    fake, url = api
    fake.fail_first = 99
    with pytest.raises(FetchError, match="after 3 attempts: HTTP 500"):
        await import_source(url, catalog_db, FAST)
    assert fake.calls == 3


async def test_timeout_fails_clearly(api: Any, catalog_db: str) -> None:
    fake, url = api
    fake.delay = 2.0
    with pytest.raises(FetchError, match="timed out"):
        await import_source(url, catalog_db, FAST)


async def test_http_404_is_not_retried(api: Any, catalog_db: str) -> None:
    fake, url = api
    fake.status = 404
    with pytest.raises(FetchError, match="HTTP 404"):
        await import_source(url, catalog_db, FAST)
    assert fake.calls == 1


def many_offers(n: int) -> str:
    tag = uuid.uuid4().hex[:8]
    return dump([offer(f"many-{tag}-{i}") for i in range(n)])


async def test_a_catalog_sent_in_two_writes_is_imported_whole(api: Any, catalog_db: str) -> None:
    fake, url = api
    fake.body = many_offers(200)
    report = await import_source(
        url.replace("catalog.yaml", "in-two-writes.yaml"), catalog_db, FAST
    )
    assert report.counts.inserted == 200


async def test_a_cut_off_catalog_fails_and_imports_nothing(api: Any, catalog_db: str) -> None:
    fake, url = api
    fake.body = many_offers(200)
    before = len(open_offers(date(2026, 11, 25), catalog_db))
    with pytest.raises(FetchError, match=r"cut off|broke off"):
        await import_source(url.replace("catalog.yaml", "cut-off.yaml"), catalog_db, FAST)
    assert len(open_offers(date(2026, 11, 25), catalog_db)) == before


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://127.0.0.1:9/catalog.yaml", "local or private"),
        ("http://localhost:9/catalog.yaml", "local or private"),
        ("http://10.1.2.3/catalog.yaml", "local or private"),
        ("http://169.254.169.254/latest/meta-data", "local or private"),
        ("file:///etc/passwd", "only http"),
    ],
)
async def test_redirects_only_to_public_http(
    api: Any, catalog_db: str, target: str, reason: str
) -> None:
    _, url = api
    redirecting = url.replace("catalog.yaml", f"redirect?to={target}")
    with pytest.raises(FetchError, match=reason):
        await import_source(redirecting, catalog_db, FAST)


async def test_a_redirect_to_a_private_address_when_configured(api: Any, catalog_db: str) -> None:
    fake, url = api
    fake.body = dump([offer(f"redir-{uuid.uuid4().hex[:8]}")])
    redirecting = url.replace("catalog.yaml", f"redirect?to={url}")
    policy = FetchPolicy(total_timeout=2, attempts=1, allow_private_redirects=True)
    report = await import_source(redirecting, catalog_db, policy)
    assert report.counts.inserted == 1


def test_only_http_is_fetched() -> None:
    from bot.catalog.fetch import fetch_text

    with pytest.raises(FetchError, match="only http"):
        asyncio.run(fetch_text("ftp://example.org/catalog.yaml", FAST))


def test_cli_exit_codes(tmp_path: Path, sqlite_url: str) -> None:
    from bot.catalog.__main__ import main

    import_text((CATALOG / "providers.yml").read_text("utf-8"), "yaml", sqlite_url)
    good = tmp_path / "good.yml"
    good.write_text(dump([offer(f"cli-{uuid.uuid4().hex[:8]}")]))
    bad = tmp_path / "bad.yml"
    bad.write_text(dump([offer(f"cli-{uuid.uuid4().hex[:8]}", isced="x")]))
    assert main(["import", str(good), "--database-url", sqlite_url]) == 0
    assert main(["import", str(bad), "--database-url", sqlite_url]) == 1
    assert main(["import", str(tmp_path / "missing.yml"), "--database-url", sqlite_url]) == 2
