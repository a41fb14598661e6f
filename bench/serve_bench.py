"""Serving benchmark: this bot against a stock Rasa 3.6 ``rasa init`` assistant, side by side.

In one run, on one machine:

* training time from scratch (``rasa train --force``) of both;
* message latency p50/p95/p99 and messages per second through the REST webhook at 1, 10
  and 50 concurrent conversations; the levels alternate between the two assistants so
  that both see the same machine noise. This bot runs as in production (SQL tracker
  store and case database on PostgreSQL, the action server, every custom action) on a
  realistic mix: kartläggning in Swedish and Finnish, training searches with follow-ups,
  and bookings through the buttons. The stock assistant runs its own mood-bot stories;
  it has no custom actions and keeps conversations in memory;
* resident memory (RSS) of each Rasa server, and of the action server, after the load;
* booking throughput under contention: 50 threads booking the same 10 free slots at once
  on PostgreSQL and on SQLite (bookings per second; no slot booked twice).

Results go to bench/out/serve.json and .md; ``--readme`` also writes the table into the
README between the ``bench:serve`` markers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import aiohttp

from bot.cli import _rasa, newest_model, rasa_env
from bot.config import PROJECT_ROOT, load_settings

OUT = PROJECT_ROOT / "bench" / "out"
LEVELS = (1, 10, 50)
MESSAGES_PER_LEVEL = {1: 60, 10: 300, 50: 600}
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")

Step = str | Callable[[list[dict[str, Any]]], str]


# --- conversation scripts --------------------------------------------------------------


def button(match: Callable[[dict[str, str]], bool], fallback: str = "ja") -> Step:
    """The payload of the first button in the last reply that matches, else ``fallback``."""

    def pick(reply: list[dict[str, Any]]) -> str:
        for message in reply:
            for b in message.get("buttons") or []:
                if match(b):
                    return str(b["payload"])
        return fallback

    return pick


def ours() -> list[list[Step]]:
    """The mix for this bot: mapping, search, booking, in both languages."""
    from tests.e2e.test_mapping import FINNISH, SWEDISH

    mapping_sv = [m for m, _ in SWEDISH]
    mapping_fi = [m for m, _ in FINNISH]
    search_sv = ["hej", "jag söker en utbildning inom vården", "visa fler", "finns det på distans?"]
    search_fi = ["moi", "mitä koulutuksia on tarjolla porvoossa", "näytä lisää", "entä verkossa"]
    booking_sv: list[Step] = [
        "hej",
        "jag vill boka en tid",
        button(lambda b: "booking_mode" in b["payload"]),
        "telefon",
        button(lambda b: "any" in b["payload"]),
        button(lambda b: "booking_slot" in b["payload"]),
        "ja",
        "ja",
        "Maria",
        "040 123 4567",
    ]
    booking_fi: list[Step] = [
        "moi",
        "haluun varata ajan",
        button(lambda b: "booking_mode" in b["payload"], "kyllä"),
        "puhelimessa",
        button(lambda b: "any" in b["payload"], "kyllä"),
        button(lambda b: "booking_slot" in b["payload"], "kyllä"),
        "kyllä",
        "kyllä",
        "Mikko",
        "050 765 4321",
    ]
    return [mapping_sv, mapping_fi, search_sv, search_fi, booking_sv, booking_fi]


def stock() -> list[list[Step]]:
    """The mix for the stock assistant (its own intents)."""
    return [
        ["hello", "I am feeling very sad", "yes", "great", "bye"],
        ["hi there", "I am great", "are you a bot?", "goodbye"],
        ["hey", "not good", "no", "very sad", "bye bye"],
        ["good morning", "perfect, thanks", "am I talking to a human?", "see you later"],
    ]


# --- servers -----------------------------------------------------------------------------


@dataclass
class Server:
    """One running Rasa server (and what it runs with)."""

    name: str
    url: str
    procs: dict[str, subprocess.Popen[bytes]]

    def pid(self, proc: str = "rasa") -> int:
        return self.procs[proc].pid

    def stop(self) -> None:
        for proc in self.procs.values():
            proc.terminate()
        for proc in self.procs.values():
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def train_stock(workdir: Path, env: dict[str, str]) -> tuple[Path, float]:
    """The project ``rasa init`` creates (copied from Rasa's own template, as init does),
    then a timed ``rasa train --force``."""
    import rasa.cli

    project = workdir / "stock"
    shutil.copytree(Path(rasa.cli.__file__).parent / "initial_project", project)
    shutil.rmtree(project / "models", ignore_errors=True)
    started = time.monotonic()
    subprocess.run(
        _rasa("train", "--force", "--out", "models"),
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    return project, time.monotonic() - started


def train_ours(workdir: Path, env: dict[str, str]) -> tuple[Path, float]:
    """A timed full training of this bot (``--force``: nothing reused from the cache)."""
    out = workdir / "models"
    started = time.monotonic()
    subprocess.run(
        _rasa("train", "--force", "--out", str(out)),
        cwd=PROJECT_ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    seconds = time.monotonic() - started
    model = newest_model(out)
    assert model is not None
    return model, seconds


def wait_for(url: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: server exited")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(url)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_stock(project: Path, env: dict[str, str], log: Path) -> Server:
    port = free_port()
    proc = subprocess.Popen(
        _rasa("run", "--port", str(port), "--interface", "127.0.0.1", "--model", "models"),
        cwd=project,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/", proc)
    return Server("stock", url, {"rasa": proc})


def start_ours(model: Path, workdir: Path, schema_url: str) -> Server:
    """This bot as the tests run it: action server and Rasa with the given model."""
    from tests.e2e.servers import make_stack

    stack = make_stack(workdir / "ours", schema_url, schema_url)
    stack.start("actions")
    stack.start_rasa(model)
    return Server(
        "ours", stack.rasa_url, {"rasa": stack.procs["rasa"], "actions": stack.procs["actions"]}
    )


# --- load --------------------------------------------------------------------------------


async def converse(
    session: aiohttp.ClientSession,
    url: str,
    script: list[Step],
    latencies: list[float],
    budget: list[int],
    errors: list[str],
) -> None:
    sender = f"bench-{uuid.uuid4().hex}"
    reply: list[dict[str, Any]] = []
    for step in script:
        if budget[0] <= 0:
            return
        budget[0] -= 1
        text = step(reply) if callable(step) else step
        started = time.perf_counter()
        try:
            async with session.post(
                f"{url}/webhooks/rest/webhook",
                json={"sender": sender, "message": text},
                timeout=aiohttp.ClientTimeout(total=120),
            ) as response:
                body = await response.json(content_type=None)
                if response.status != 200 or not body:
                    errors.append(f"{response.status} on {text!r}")
        except Exception as exc:  # a benchmark counts failures instead of stopping
            errors.append(exc.__class__.__name__)
            body = []
        latencies.append(time.perf_counter() - started)
        reply = body if isinstance(body, list) else []


async def load(url: str, scripts: list[list[Step]], concurrency: int, total: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    budget = [total]
    rng = random.Random(concurrency)

    async def worker(session: aiohttp.ClientSession) -> None:
        while budget[0] > 0:
            await converse(session, url, rng.choice(scripts), latencies, budget, errors)

    connector = aiohttp.TCPConnector(limit=concurrency + 5)
    async with aiohttp.ClientSession(connector=connector) as session:
        # warm-up outside the measurement
        await converse(session, url, scripts[0][:2], [], [2], [])
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    return {
        "messages": len(latencies),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": statistics.fmean(latencies) * 1000,
        "msgs_per_s": len(latencies) / elapsed,
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
    }


# --- booking under contention ------------------------------------------------------------


def booking_contention(url: str, threads: int = 50, slots: int = 10) -> dict[str, Any]:
    """``threads`` people book from the same ``slots`` free times at once."""
    from bot.cases import booking
    from bot.cases.booking import ContactDetails, SlotTaken
    from bot.cases.migrate import upgrade
    from bot.demo import load_demo_data
    from bot.rules.slots import Slot, SlotRequest
    from bot.scheduling import offer_slots

    upgrade(url)
    load_demo_data(url)
    now = datetime.now(timezone.utc)
    free, _ = offer_slots(SlotRequest("sv"), now + timedelta(days=1), url=url)
    pool = [Slot(s.start, s.coach_id) for s in free[:slots]]
    booked: list[Slot] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def person(i: int) -> None:
        barrier.wait()
        for slot in random.Random(i).sample(pool, len(pool)):
            try:
                booking.book(
                    slot,
                    "phone",
                    "sv",
                    ContactDetails(name="Bench", phone="+358401234567", consent=True),
                    conversation_id=f"contention-{i}-{uuid.uuid4().hex}",
                    now=now,
                    url=url,
                )
            except SlotTaken:
                continue
            with lock:
                booked.append(slot)
            return

    workers = [threading.Thread(target=person, args=(i,)) for i in range(threads)]
    started = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - started
    return {
        "threads": threads,
        "slots": len(pool),
        "booked": len(booked),
        # a Slot compares by start time only: two coaches free at 10.00 are two slots here
        "double_booked": len(booked) - len({(s.start, s.coach_id) for s in booked}),
        "seconds": elapsed,
        "bookings_per_s": len(booked) / elapsed,
        "attempts_per_s": threads * len(pool) / elapsed,
    }


# --- run -----------------------------------------------------------------------------------


def run(
    levels: tuple[int, ...] = LEVELS, per_level: dict[int, int] | None = None
) -> dict[str, Any]:
    per_level = per_level or MESSAGES_PER_LEVEL
    from sqlalchemy import create_engine, text

    from bot.cases.migrate import upgrade
    from bot.demo import load_demo_data

    results: dict[str, Any] = {
        "when": datetime.now(timezone.utc).isoformat(),
        "cores": os.cpu_count(),
    }
    workdir = Path(tempfile.mkdtemp(prefix="serve-bench-"))
    env = rasa_env(load_settings())
    env.update(RASA_TELEMETRY_ENABLED="false", TQDM_DISABLE="1")
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    schema_url = f"{POSTGRES}{'&' if '?' in POSTGRES else '?'}options=-csearch_path%3D{schema}"
    servers: list[Server] = []
    try:
        print("training the stock assistant ...", flush=True)
        stock_project, stock_train = train_stock(workdir, env)
        print(f"  {stock_train:.0f} s\ntraining this bot (from scratch) ...", flush=True)
        our_model, our_train = train_ours(workdir, env)
        print(f"  {our_train:.0f} s", flush=True)
        results["training_s"] = {"ours": our_train, "stock": stock_train}

        upgrade(schema_url)
        load_demo_data(schema_url)
        stock_server = start_stock(stock_project, env, workdir / "stock-rasa.log")
        our_server = start_ours(our_model, workdir, schema_url)
        servers = [stock_server, our_server]
        results["rss_idle_mb"] = {
            "ours": rss_mb(our_server.pid()),
            "stock": rss_mb(stock_server.pid()),
            "ours_actions": rss_mb(our_server.pid("actions")),
        }
        results["levels"] = {}
        for level in levels:
            for server, scripts in ((our_server, ours()), (stock_server, stock())):
                print(f"{server.name}: {level} concurrent conversations ...", flush=True)
                measured = asyncio.run(load(server.url, scripts, level, per_level[level]))
                results["levels"].setdefault(str(level), {})[server.name] = measured
                print(
                    f"  p50 {measured['p50_ms']:.0f} ms  p95 {measured['p95_ms']:.0f} ms  "
                    f"p99 {measured['p99_ms']:.0f} ms  {measured['msgs_per_s']:.1f} msg/s  "
                    f"errors {measured['errors']}",
                    flush=True,
                )
        results["rss_after_mb"] = {
            "ours": rss_mb(our_server.pid()),
            "stock": rss_mb(stock_server.pid()),
            "ours_actions": rss_mb(our_server.pid("actions")),
        }
    finally:
        for server in servers:
            server.stop()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    results["booking_contention"] = contention_run(workdir)
    shutil.rmtree(workdir, ignore_errors=True)
    return results


def contention_run(workdir: Path) -> dict[str, Any]:
    """Booking under contention on PostgreSQL (own schema) and on SQLite."""
    from sqlalchemy import create_engine, text

    from bot.cases import db

    print("booking under contention ...", flush=True)
    contention: dict[str, Any] = {}
    admin = create_engine(POSTGRES)
    c_schema = f"bench_c_{uuid.uuid4().hex[:8]}"
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{c_schema}"'))
    try:
        c_url = f"{POSTGRES}{'&' if '?' in POSTGRES else '?'}options=-csearch_path%3D{c_schema}"
        contention["postgresql"] = booking_contention(c_url)
    finally:
        db.dispose_all()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{c_schema}" CASCADE'))
        admin.dispose()
    contention["sqlite"] = booking_contention(f"sqlite:///{workdir / 'contention.db'}")
    return contention


def table(results: dict[str, Any]) -> str:
    """The results as a Markdown table (what goes into the README)."""
    lines = [
        f"Measured {results['when'][:10]} on {results['cores']} cores, both assistants in the "
        "same run (levels alternating).",
        "",
        "| concurrent conversations | | p50 ms | p95 ms | p99 ms | msg/s | errors |",
        "|---|---|---|---|---|---|---|",
    ]
    for level, pair in results["levels"].items():
        for name in ("ours", "stock"):
            m = pair[name]
            label = "this bot" if name == "ours" else "stock `rasa init`"
            lines.append(
                f"| {level} | {label} | {m['p50_ms']:.0f} | {m['p95_ms']:.0f} | "
                f"{m['p99_ms']:.0f} | {m['msgs_per_s']:.1f} | {m['errors']} |"
            )
        ratio = pair["ours"]["p95_ms"] / pair["stock"]["p95_ms"]
        lines.append(f"| {level} | **p95 ratio** | | **{ratio:.2f}×** | | | |")
    t = results["training_s"]
    r = results["rss_after_mb"]
    lines += [
        "",
        "| | this bot | stock `rasa init` |",
        "|---|---|---|",
        f"| full training (`--force`) | {t['ours']:.0f} s | {t['stock']:.0f} s |",
        f"| Rasa server RSS after the load | {r['ours']:.0f} MB | {r['stock']:.0f} MB |",
        f"| action server RSS after the load | {r['ours_actions']:.0f} MB | (none) |",
        "",
        *(
            [f"Booking contention re-measured {results['contention_when'][:10]}.", ""]
            if "contention_when" in results
            else []
        ),
        "| booking under contention (50 people, 10 free slots) | booked | double-booked | "
        "bookings/s | attempts/s |",
        "|---|---|---|---|---|",
    ]
    for db_name, c in results["booking_contention"].items():
        lines.append(
            f"| {db_name} | {c['booked']} | {c['double_booked']} | "
            f"{c['bookings_per_s']:.0f} | {c['attempts_per_s']:.0f} |"
        )
    return "\n".join(lines) + "\n"


def write_readme(markdown: str) -> None:
    readme = PROJECT_ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:serve:start -->", "<!-- bench:serve:end -->"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        readme.write_text(f"{head}{start}\n{markdown}{end}{tail}", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--quick", action="store_true", help="fewer messages (a smoke run)")
    parser.add_argument(
        "--contention-only",
        action="store_true",
        help="re-measure only the booking contention, keeping the rest of bench/out/serve.json",
    )
    args = parser.parse_args(argv)
    per_level = {1: 10, 10: 40, 50: 100} if args.quick else None
    if args.contention_only:
        results = json.loads((OUT / "serve.json").read_text(encoding="utf-8"))
        workdir = Path(tempfile.mkdtemp(prefix="serve-bench-"))
        results["booking_contention"] = contention_run(workdir)
        results["contention_when"] = datetime.now(timezone.utc).isoformat()
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        results = run(per_level=per_level)
    OUT.mkdir(exist_ok=True)
    (OUT / "serve.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    markdown = table(results)
    (OUT / "serve.md").write_text(markdown, encoding="utf-8")
    print(markdown)
    if args.readme:
        write_readme(markdown)


if __name__ == "__main__":
    sys.exit(main())
