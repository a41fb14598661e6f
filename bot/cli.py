"""Command line: set up the database, train, run every server, chat, validate, test.

``make`` targets call these; each can be run directly with ``python -m bot.cli <command>``.
"""

from __future__ import annotations

import argparse
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from bot.config import PROJECT_ROOT, Settings, load_settings
from bot.startup import prepare_process
from bot.supervise import Supervisor

log = logging.getLogger("bot.cli")
VENV_BIN = Path(sys.executable).parent
KEEP_MODELS = 3


def rasa_env(settings: Settings) -> dict[str, str]:
    """Environment for the Rasa processes: fills the ${...} values of endpoints.yml."""
    env = dict(os.environ)
    redis_host, redis_port, redis_db = _redis_parts(settings.redis_url)
    env.update(
        ACTION_SERVER_URL=settings.action_server_url,
        ACTION_TOKEN=settings.action_token,
        RASA_TOKEN=settings.rasa_token,
        # the socket.io channel: browsers on these sites may connect (Rasa Webchat), and
        # its session ids become conversation ids with the same key as the web app's
        EMBED_ORIGINS=",".join(sorted(settings.embed_origins)),
        CONVERSATION_KEY=settings.conversation_key,
        SOCKETIO_JWT_KEY=settings.socketio_jwt_key,
        TRACKER_DB_URL=settings.tracker_db_url,
        LOCK_STORE_TYPE=(
            "bot.rasa_ext.lock_store.AtomicRedisLockStore"
            if settings.lock_store == "redis"
            else "in_memory"
        ),
        REDIS_HOST=redis_host,
        REDIS_PORT=redis_port,
        REDIS_DB=redis_db,
        REDIS_KEY_PREFIX=settings.redis_key_prefix,
        SANIC_HOST="127.0.0.1",
        # Rasa's HTTP server refuses bodies over 1 MB (the chat proxy allows 8 KB)
        SANIC_REQUEST_MAX_SIZE="1048576",
        PYTHONPATH=os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")])),
        TF_CPP_MIN_LOG_LEVEL="3",
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        RASA_TELEMETRY_ENABLED="false",
        TQDM_DISABLE="1",
        OMP_NUM_THREADS=env.get("OMP_NUM_THREADS", "1"),
    )
    return env


def _redis_parts(url: str) -> tuple[str, str, str]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    db = (parts.path or "/0").lstrip("/") or "0"
    return parts.hostname or "127.0.0.1", str(parts.port or 6379), db


def newest_model(model_dir: Path) -> Path | None:
    """The most recently trained model archive, if any."""
    models = sorted(model_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def _rasa(*args: str) -> list[str]:
    """A Rasa command line, through the one entry point that checks and patches Rasa."""
    return [sys.executable, "-m", "bot.rasa_server", *args]


def _run(cmd: Sequence[str], env: dict[str, str] | None = None) -> int:
    log.info("$ %s", " ".join(cmd))
    return subprocess.call(list(cmd), cwd=PROJECT_ROOT, env=env)


# --- commands ---------------------------------------------------------------------------


def cmd_setup_db(args: argparse.Namespace) -> int:
    """Apply migrations; load demo data when the database is empty (not with --no-demo)."""
    from bot.cases.migrate import upgrade
    from bot.demo import load_demo_data

    settings = load_settings()
    upgrade(settings.database_url)
    print(f"Database ready: {_safe_url(settings.database_url)}")
    if getattr(args, "no_demo", False):
        return 0
    for line in load_demo_data(settings.database_url):
        print(f"  loaded {line}")
    from bot.config import _var_dir

    credentials = _var_dir() / "demo-credentials.txt"
    if credentials.exists() and settings.database_url.startswith("sqlite"):
        print("Demo portal accounts (role, username, password) for http://localhost:8080/portal/:")
        print(credentials.read_text(encoding="utf-8").rstrip())
    return 0


def cmd_train(_: argparse.Namespace) -> int:
    """Train a model into models/ and keep the newest few."""
    settings = load_settings()
    settings.model_dir.mkdir(parents=True, exist_ok=True)
    env = rasa_env(settings)
    env["E5_THREADS"] = env.get("E5_THREADS", "2")  # training may use both cores
    code = _run(_rasa("train", "--out", str(settings.model_dir), "--num-threads", "2"), env=env)
    if code == 0:
        for old in sorted(settings.model_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)[
            :-KEEP_MODELS
        ]:
            old.unlink()
    return code


def cmd_validate(_: argparse.Namespace) -> int:
    """``rasa data validate``; any warning fails, except responses that actions send."""
    settings = load_settings()
    cmd = _rasa("data", "validate")
    log.info("$ %s", " ".join(cmd))
    proc = subprocess.run(
        cmd, cwd=PROJECT_ROOT, env=rasa_env(settings), capture_output=True, text=True
    )
    output = proc.stdout + proc.stderr
    problems = validation_problems(output, _responses_sent_by_actions())
    if proc.returncode != 0 or problems:
        print(re.sub(r"\x1b\[[0-9;]*m", "", output)[-3000:], file=sys.stderr)
        print("\nProblems:", file=sys.stderr)
        for line in problems or ["rasa data validate exited with an error (see above)"]:
            print(f"  - {line}", file=sys.stderr)
        print("Data validation failed.", file=sys.stderr)
        return 1
    print("Data validation passed.")
    return 0


_WARNING = re.compile(r"UserWarning: (.+)")
_UNUSED_UTTERANCE = re.compile(r"The utterance '(\w+)' is not used in any story or rule")
# Rasa 3.6 merges a retrieval intent from the NLU data into the domain a second time and
# then warns about its own duplicate (the domain must list it for stories to use it).
_RETRIEVAL_DUPLICATE = re.compile(
    r"duplicated intents have been found across multiple domain files: (\w+)$"
)
_UNTRAINED_INTENT = re.compile(r"The intent '(\w+)' is listed in the domain file, but is not found")
# Intents the NLU sets from a message's shape, never trained (bot.nlu.components.RequestRouter).
ROUTED_INTENTS = frozenset({"two_requests", "other_language"})
RETRIEVAL_INTENTS = frozenset({"faq"})


def validation_problems(output: str, sent_by_actions: set[str]) -> list[str]:
    """The warnings of ``rasa data validate`` that should fail the build.

    Rasa reports a response as unused when only a custom action or a form sends it; those
    are fine when the action code (or the form) really uses them. ``sent_by_actions`` holds
    exact names and prefixes ending in ``*`` (responses built with f-strings).
    """
    exact = {n for n in sent_by_actions if not n.endswith("*")}
    prefixes = tuple(n[:-1] for n in sent_by_actions if n.endswith("*"))
    problems = []
    for line in output.splitlines():
        match = _WARNING.search(line)
        if not match:
            continue
        message = match.group(1).strip()
        duplicate = _RETRIEVAL_DUPLICATE.search(message)
        if duplicate and duplicate.group(1) in RETRIEVAL_INTENTS:
            continue
        untrained = _UNTRAINED_INTENT.search(message)
        if untrained and (
            untrained.group(1) in ROUTED_INTENTS or untrained.group(1).startswith("EXTERNAL_")
        ):
            continue  # set by the NLU, or sent by the web app through Rasa's API
        unused = _UNUSED_UTTERANCE.search(message)
        if unused and (unused.group(1) in exact or unused.group(1).startswith(prefixes)):
            continue
        problems.append(message)
    return problems


def _responses_sent_by_actions() -> set[str]:
    """Responses named in actions/ and bot/rasa_ext/ (exact, or as f-string prefixes), plus
    form questions."""
    import yaml

    # utter_default is sent by Rasa's own action_default_fallback (core fallback).
    # utter_restart by its default action_restart (someone typing "/restart").
    names: set[str] = {"utter_default", "utter_restart"}
    import actions

    code_dirs = [
        Path(actions.__file__).resolve().parent,
        PROJECT_ROOT / "bot" / "rasa_ext",
        PROJECT_ROOT / "bot" / "rules",
    ]
    for path in (p for d in code_dirs for p in d.rglob("*.py")):
        code = path.read_text(encoding="utf-8")
        names.update(re.findall(r"[\"'](utter_\w+)[\"']", code))
        names.update(p + "*" for p in re.findall(r"f[\"'](utter_\w+)\{", code))
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    for form_name, form in (domain.get("forms") or {}).items():
        for slot in form.get("required_slots") or []:
            # Rasa asks with utter_ask_<form>_<slot> when there is one, else utter_ask_<slot>
            names.update((f"utter_ask_{slot}", f"utter_ask_{form_name}_{slot}"))
    return names


def cmd_test_stories(args: argparse.Namespace) -> int:
    """Run the test stories of both languages; any prediction error fails."""
    settings = load_settings()
    model = Path(args.model) if getattr(args, "model", None) else newest_model(settings.model_dir)
    if model is None:
        print("No trained model: run `make train` first.", file=sys.stderr)
        return 1
    out = PROJECT_ROOT / "results"
    return _run(
        _rasa(
            "test",
            "core",
            "--model",
            str(model),
            "--stories",
            "tests/test_stories",
            "--fail-on-prediction-errors",
            "--out",
            str(out),
        ),
        env=rasa_env(settings),
    )


def cmd_shell(_: argparse.Namespace) -> int:
    """Chat in the terminal; the action server runs in the background meanwhile."""
    settings = load_settings()
    env = rasa_env(settings)
    actions = subprocess.Popen(_action_server_cmd(settings), cwd=PROJECT_ROOT, env=env)
    try:
        wait_http(f"http://127.0.0.1:{settings.actions_port}/health", 60)
        return _run(_rasa("shell", "--endpoints", "endpoints.yml"), env=env)
    finally:
        actions.terminate()
        actions.wait(10)


def _action_server_cmd(settings: Settings) -> list[str]:
    return [sys.executable, "-m", "bot.action_server", "--port", str(settings.actions_port)]


def _rasa_server_cmd(settings: Settings, model: Path | None) -> list[str]:
    cmd = _rasa(
        "run",
        "--enable-api",  # the token: RASA_TOKEN in rasa_env, never on the command line
        "--interface",
        "127.0.0.1",
        "--port",
        str(settings.rasa_port),
        "--credentials",
        "credentials.yml",
        "--endpoints",
        "endpoints.yml",
    )
    cmd += ["--model", str(model or settings.model_dir)]
    return cmd


def wait_http(url: str, timeout: float) -> bool:
    """Poll ``url`` until it answers 200 or ``timeout`` seconds pass."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            pass
        time.sleep(0.3)
    return False


def cmd_run(_: argparse.Namespace) -> int:
    """Start Rasa, the action server and the web app, restart any that crashes; Ctrl-C
    stops all three."""
    settings = load_settings()
    env = rasa_env(settings)
    model = newest_model(settings.model_dir)
    if model is None:
        print("No trained model: run `make train` first.", file=sys.stderr)
        return 1
    (PROJECT_ROOT / "var" / "log").mkdir(parents=True, exist_ok=True)
    specs = {
        "actions": _action_server_cmd(settings),
        "rasa": _rasa_server_cmd(settings, model),
        "web": [sys.executable, "-m", "bot.portal", "serve", "--port", str(settings.web_port)],
    }
    supervisor = Supervisor(specs, PROJECT_ROOT, env)
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        if stopping:
            return
        stopping = True
        print("\nStopping ...", flush=True)
        supervisor.stop()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    supervisor.start()

    checks = {
        "actions": f"http://127.0.0.1:{settings.actions_port}/health",
        "rasa": f"http://127.0.0.1:{settings.rasa_port}/",
        "web": f"http://127.0.0.1:{settings.web_port}/health",
    }
    for name, url in checks.items():
        if not wait_http(url, 180):
            print(f"{name} did not start (see its output above).", file=sys.stderr)
            stop()
            return 1
    base = settings.public_base_url
    print(
        "\n".join(
            [
                "",
                "Everything runs:",
                f"  Web app and demo pages  {base}/        (chat page in Swedish: {base}/sv,"
                f" Finnish: {base}/fi)",
                f"  Rasa REST webhook       http://localhost:{settings.rasa_port}/webhooks/rest/webhook",
                f"  Action server           http://localhost:{settings.actions_port}/health",
                f"  Case database           {_safe_url(settings.database_url)}",
                "Try: curl -s localhost:5005/webhooks/rest/webhook "
                '-d \'{"sender":"a1","message":"hej"}\'',
                "Ctrl-C stops everything.",
                "",
            ]
        ),
        flush=True,
    )
    # a server that crashes is started again after a back-off; the others go on
    while not stopping:
        supervisor.check()
        time.sleep(0.5)
    return 0


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m bot.cli``."""
    prepare_process()  # private files, no personal data in the logs
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    parser = argparse.ArgumentParser(prog="python -m bot.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func in {
        "setup-db": cmd_setup_db,
        "train": cmd_train,
        "validate": cmd_validate,
        "test-stories": cmd_test_stories,
        "shell": cmd_shell,
        "run": cmd_run,
    }.items():
        command = sub.add_parser(name, help=func.__doc__)
        command.set_defaults(func=func)
        if name == "test-stories":
            command.add_argument("--model", default=None, help="model archive (default: newest)")
        if name == "setup-db":
            command.add_argument(
                "--no-demo", action="store_true", help="migrations only (production)"
            )
    args = parser.parse_args(argv)
    if shutil.which("rasa", path=str(VENV_BIN)) is None:
        print("Rasa is not installed in this environment: run `make install`.", file=sys.stderr)
        return 1
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
