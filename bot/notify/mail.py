"""E-mail through SMTP (aiosmtplib): the settings, and one message as the coach gets it.

Configured by the environment: ``SMTP_HOST`` (empty: no e-mail is sent and the outbox
keeps the messages), ``SMTP_PORT`` (587), ``SMTP_SECURITY`` (``starttls``, ``tls`` or
``none``), ``SMTP_USERNAME`` / ``SMTP_PASSWORD`` (optional), ``SMTP_FROM``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import make_msgid
from functools import lru_cache
from pathlib import Path

import aiosmtplib
import yaml

TEXTS = Path(__file__).with_name("texts.yml")


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send."""

    host: str
    port: int = 587
    security: str = "starttls"  # starttls / tls / none
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    sender: str = "jobbcoach@localhost"
    timeout: float = 20.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SmtpSettings | None:
        """The settings, or None when ``SMTP_HOST`` is not set (e-mail is off)."""
        env = dict(os.environ) if env is None else env
        host = env.get("SMTP_HOST", "").strip()
        if not host:
            return None
        security = env.get("SMTP_SECURITY", "starttls").strip().lower()
        if security not in ("starttls", "tls", "none"):
            raise ValueError("SMTP_SECURITY must be starttls, tls or none")
        return cls(
            host=host,
            port=int(env.get("SMTP_PORT") or (465 if security == "tls" else 587)),
            security=security,
            username=env.get("SMTP_USERNAME") or None,
            password=env.get("SMTP_PASSWORD") or None,
            sender=env.get("SMTP_FROM") or f"jobbcoach@{host}",
        )


@lru_cache(maxsize=1)
def _texts() -> dict[str, dict[str, dict[str, str]]]:
    return dict(yaml.safe_load(TEXTS.read_text(encoding="utf-8")))


def kinds() -> frozenset[str]:
    """The kinds of message there are texts for."""
    return frozenset(_texts())


def plain(sender: str, recipient: str, subject: str, language: str, body: str) -> EmailMessage:
    """A plain-text UTF-8 e-mail with its headers."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message["Content-Language"] = language
    message.set_content(body)
    return message


def compose(kind: str, language: str, link: str, recipient: str, sender: str) -> EmailMessage:
    """The e-mail of ``kind`` in ``language`` (plain text, UTF-8)."""
    text = _texts()[kind].get(language) or _texts()[kind]["sv"]
    return plain(sender, recipient, text["subject"], language, text["body"].format(link=link))


async def send(message: EmailMessage, settings: SmtpSettings) -> None:
    """Deliver one message; raises aiosmtplib's errors (the outbox retries)."""
    await aiosmtplib.send(
        message,
        hostname=settings.host,
        port=settings.port,
        username=settings.username,
        password=settings.password,
        use_tls=settings.security == "tls",
        start_tls=True if settings.security == "starttls" else False,
        timeout=settings.timeout,
    )
