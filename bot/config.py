"""All configuration, read from environment variables in one place.

Every setting has a safe default for a developer machine: SQLite files under ``var/``,
servers on localhost, secrets generated once into ``var/secrets.json``.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

# The project whose data, domain and models the commands work on (the portal's training
# job points a copy here in tests).
PROJECT_ROOT = Path(os.environ.get("PROJECT_DIR") or Path(__file__).resolve().parent.parent)


def _var_dir() -> Path:
    path = Path(os.environ.get("VAR_DIR", PROJECT_ROOT / "var"))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def private_files() -> None:
    """Every file this process creates is its user's alone, and so is var/.

    Called first by every entry point (bot.cli, bot.rasa_server, bot.action_server,
    bot.portal, bot.privacy, bot.catalog): the umask makes databases, secrets, logs and
    models 0600 (folders 0700) as they are created, and what an earlier version left
    readable in var/ (0644 databases) is closed once.
    """
    os.umask(0o077)
    var = _var_dir()
    for path in (var, *var.rglob("*")):
        try:
            if path.is_symlink() or path.stat().st_uid != os.getuid():
                continue
            mode = path.stat().st_mode & 0o777
            if mode & 0o077:
                path.chmod(mode & 0o700)
        except OSError:
            continue  # a file that went away, or one we may not change: left as it is


def _secret(name: str) -> str:
    """Return secret ``name`` from the environment, else from var/secrets.json (created once)."""
    env = os.environ.get(name)
    if env:
        return env
    store = _var_dir() / "secrets.json"
    data: dict[str, str] = {}
    if store.exists():
        data = json.loads(store.read_text(encoding="utf-8"))
    if name not in data:
        data[name] = secrets.token_urlsafe(32)
        tmp = store.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2), encoding="utf-8")
        tmp.chmod(0o600)
        tmp.replace(store)
    return data[name]


def _sqlite_url(filename: str) -> str:
    return f"sqlite:///{_var_dir() / filename}"


@dataclass(frozen=True)
class Settings:
    """Runtime settings. Build with :func:`load_settings`."""

    database_url: str
    tracker_db_url: str
    rasa_url: str
    rasa_urls: tuple[str, ...]
    action_server_url: str
    rasa_port: int
    actions_port: int
    web_port: int
    web_host: str
    header_timeout: float
    outbox_interval: float
    public_base_url: str
    model_dir: Path
    lock_store: str
    redis_url: str
    redis_key_prefix: str
    service_phone: str
    service_phone_hours: str
    privacy_url: str
    service_area: frozenset[str]
    service_rules: str
    portal_idle_minutes: int
    embed_origins: frozenset[str]
    accessibility_email: str
    retention_days: int
    retention_in_app: bool
    chat_limits: dict[str, tuple[int, float]]
    trusted_proxy_hops: int
    live: LiveSettings
    rasa_token: str = field(repr=False)
    action_token: str = field(repr=False)
    socketio_jwt_key: str = field(repr=False)
    portal_secret: str = field(repr=False)
    # HMAC key that turns a chat session secret into its conversation id (chat_sessions.py);
    # every web-app instance needs the same one, and it must not change (ids would too)
    conversation_key: str = field(repr=False)


@dataclass(frozen=True)
class LiveSettings:
    """Live chat with a human egencoach (LIVE_* environment variables)."""

    # the chat's opening hours where data/coaches/teams.yml names none for the team
    hours: str
    max_wait_minutes: float  # a longer wait: the bot offers a slot or a callback instead
    minutes_per_chat: float  # for the rough wait the person is told
    presence_idle_seconds: float  # a coach's live page unseen this long: not available
    coach_timeout_seconds: float  # a coach unseen this long mid-chat: the bot takes over
    notify_minutes: float  # a request nobody took this long: the team is told by e-mail
    fanout: str  # "memory" (one web-app instance) or "redis" (several)
    job_interval_seconds: float  # between two rounds of the live chat job


def _live_settings(phone_hours: str) -> LiveSettings:
    fanout = os.environ.get("LIVE_FANOUT", "memory")
    if fanout not in ("memory", "redis"):
        raise ValueError(f"LIVE_FANOUT must be memory or redis, not {fanout!r}")
    return LiveSettings(
        hours=os.environ.get("LIVE_CHAT_HOURS") or phone_hours,
        max_wait_minutes=float(os.environ.get("LIVE_MAX_WAIT_MINUTES", "15")),
        minutes_per_chat=float(os.environ.get("LIVE_MINUTES_PER_CHAT", "8")),
        presence_idle_seconds=float(os.environ.get("LIVE_PRESENCE_IDLE_SECONDS", "120")),
        coach_timeout_seconds=float(os.environ.get("LIVE_COACH_TIMEOUT_SECONDS", "90")),
        notify_minutes=float(os.environ.get("LIVE_NOTIFY_MINUTES", "5")),
        fanout=fanout,
        job_interval_seconds=float(os.environ.get("LIVE_JOB_INTERVAL", "10")),
    )


def _rules(name: str) -> str:
    from bot.rules.eligibility import RULE_SETS

    if name not in RULE_SETS:
        raise ValueError(f"SERVICE_RULES must be one of {', '.join(RULE_SETS)}, not {name!r}")
    return name


def _limit(text: str) -> tuple[int, float]:
    burst, per_minute = text.split(",")
    return int(burst), float(per_minute)


def case_database_url() -> str:
    """The case database's URL alone (``DATABASE_URL``, else var/cases.db), without reading
    any secret: what a database call without an explicit URL uses."""
    return os.environ.get("DATABASE_URL") or _sqlite_url("cases.db")


def load_settings() -> Settings:
    """Read settings from the environment (with defaults for a developer machine)."""
    database_url = case_database_url()
    # SQLite locks the whole file on write: keep Rasa's events in a file of their own.
    # On a server database both live in one database, in separate tables.
    default_tracker = (
        _sqlite_url("tracker.db") if database_url.startswith("sqlite") else database_url
    )
    rasa_port = int(os.environ.get("RASA_PORT", "5005"))
    actions_port = int(os.environ.get("ACTIONS_PORT", "5055"))
    web_port = int(os.environ.get("WEB_PORT", "8080"))
    return Settings(
        database_url=database_url,
        tracker_db_url=os.environ.get("TRACKER_DB_URL") or default_tracker,
        rasa_url=os.environ.get("RASA_URL", f"http://127.0.0.1:{rasa_port}"),
        # several Rasa servers sharing the tracker store and a Redis lock store: the chat
        # proxy spreads messages over them (round robin, skipping one that is down)
        rasa_urls=tuple(
            u.strip().rstrip("/")
            for u in (
                os.environ.get("RASA_URLS")
                or os.environ.get("RASA_URL", f"http://127.0.0.1:{rasa_port}")
            ).split(",")
            if u.strip()
        ),
        action_server_url=os.environ.get(
            "ACTION_SERVER_URL", f"http://127.0.0.1:{actions_port}/webhook"
        ),
        rasa_port=rasa_port,
        actions_port=actions_port,
        web_port=web_port,
        web_host=os.environ.get("WEB_HOST", "127.0.0.1"),
        # seconds a client may take to send a request's line and headers (slow-header
        # clients would otherwise hold connections for ever)
        header_timeout=float(os.environ.get("WEB_HEADER_TIMEOUT", "10")),
        public_base_url=os.environ.get("PUBLIC_BASE_URL", f"http://localhost:{web_port}"),
        model_dir=Path(os.environ.get("MODEL_DIR", PROJECT_ROOT / "models")),
        lock_store=os.environ.get("LOCK_STORE", "memory"),
        redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        redis_key_prefix=os.environ.get("REDIS_KEY_PREFIX", "jobbcoach"),
        service_phone=os.environ.get("SERVICE_PHONE", "019 123 4567"),
        # when the service phone answers, e.g. "mon-thu 9-15, fri 9-12" (Finnish holidays
        # are always closed): the bot says when the line opens when it is closed
        service_phone_hours=os.environ.get("SERVICE_PHONE_HOURS", "mon-fri 9-15"),
        privacy_url=os.environ.get("PRIVACY_URL", "/privacy"),
        # Municipality codes the employment area serves (default: the Porvoo employment area
        # since 2025: Askola, Lapinjärvi, Loviisa, Myrskylä, Pukkila, Porvoo; Sipoo belongs to
        # the Kerava-Sipoo area; the experiment's area also had Sipoo: add 753).
        service_area=frozenset(
            c.strip()
            for c in os.environ.get("SERVICE_AREA", "018,407,434,504,616,638").split(",")
            if c.strip()
        ),
        # who is served: "employment_area" (the law since 1.1.2025: everyone who lives in
        # the area) or "experiment" (the municipal experiment's customer groups)
        service_rules=_rules(os.environ.get("SERVICE_RULES", "employment_area")),
        portal_idle_minutes=int(os.environ.get("PORTAL_IDLE_MINUTES", "30")),
        # chat proxy rate limits, "burst,per_minute": messages per session, requests per IP,
        # new sessions per IP
        chat_limits={
            "session": _limit(os.environ.get("CHAT_SESSION_LIMIT", "10,30")),
            "ip": _limit(os.environ.get("CHAT_IP_LIMIT", "60,240")),
            "new_session": _limit(os.environ.get("CHAT_NEW_SESSION_LIMIT", "10,20")),
        },
        # reverse proxies in front of the web app that append to X-Forwarded-For
        trusted_proxy_hops=int(os.environ.get("TRUSTED_PROXY_HOPS", "0")),
        live=_live_settings(os.environ.get("SERVICE_PHONE_HOURS", "mon-fri 9-15")),
        # conversations and cases untouched this long are deleted (0: never)
        retention_days=int(os.environ.get("RETENTION_DAYS", "180")),
        # the web app runs the purge itself once a day (off where a CronJob does it)
        # seconds between two rounds of the e-mail outbox sender (SMTP_* in bot/notify/mail.py)
        outbox_interval=float(os.environ.get("OUTBOX_INTERVAL", "10")),
        retention_in_app=os.environ.get("RETENTION_IN_APP", "true").lower()
        not in ("0", "false", "no"),
        accessibility_email=os.environ.get("ACCESSIBILITY_EMAIL", "saavutettavuus@example.invalid"),
        # the city's sites that may embed the chat widget (e.g. https://www.borga.fi),
        # comma-separated: CORS for the chat API, and where Rasa Webchat may connect from
        embed_origins=frozenset(
            o.strip().rstrip("/")
            for o in os.environ.get("EMBED_ORIGINS", "").split(",")
            if o.strip()
        ),
        rasa_token=_secret("RASA_TOKEN"),
        action_token=_secret("ACTION_TOKEN"),
        socketio_jwt_key=_secret("SOCKETIO_JWT_KEY"),
        portal_secret=_secret("PORTAL_SECRET"),
        conversation_key=_secret("CONVERSATION_KEY"),
    )
