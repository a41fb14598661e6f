"""The one input check and the one error catalogue of every way a chat message arrives.

The web app's chat proxy (bot/portal/chat.py), Rasa's REST channel and its socket.io
channel (bot/rasa_ext/) check a message with :func:`check_message` and answer a refusal
with :func:`error_message` (texts in bot/chat_errors.yml, in both languages). Pure: no web
framework here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

LANGUAGES = ("sv", "fi")
# A conversation id the channels accept (the proxy's and the socket.io channel's ids are
# HMACs; integrators may use their own).
SENDER = re.compile(r"^[A-Za-z0-9_\-.:@]{1,128}$")
# the key of the sending address's keyed hash in a message's metadata: set by the web app's
# chat proxy only (other channels drop it), read by the booking limits (booking_hold)
ADDRESS_KEY = "jobbcoach_addr"
# C0/C1 control characters except tab and newline; bidi overrides are kept (Arabic,
# Hebrew and Persian speakers write right-to-left text) but isolated by the widget.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ErrorText:
    """One refusal: the HTTP status and the text per language (with placeholders)."""

    status: int
    texts: dict[str, str]


def _load() -> dict[str, ErrorText]:
    data = yaml.safe_load(Path(__file__).with_name("chat_errors.yml").read_text("utf-8"))
    return {
        code: ErrorText(int(entry["status"]), {lang: str(entry[lang]) for lang in LANGUAGES})
        for code, entry in data.items()
    }


ERRORS = _load()


def error_message(code: str, *, limit: int = 0, phone: str = "") -> tuple[int, dict[str, str]]:
    """The status and the texts ({"sv": ..., "fi": ...}) for refusal ``code``."""
    entry = ERRORS[code]
    return entry.status, {
        lang: text.format(limit=limit, phone=phone) for lang, text in entry.texts.items()
    }


def clean_text(text: str) -> str:
    """NFC-normalised text without control characters (tab and newline stay)."""
    return CONTROL.sub("", unicodedata.normalize("NFC", text)).strip()


@dataclass(frozen=True)
class Checked:
    """A message that passed the check: the cleaned text, the metadata (a dict or None) and
    the conversation id ("" when the check did not need one)."""

    text: str
    metadata: dict[str, Any] | None
    sender: str = ""


def check_message(
    text: Any, metadata: Any, limit: int, sender: Any = None, need_sender: bool = True
) -> Checked | str:
    """The cleaned message, or the code of the refusal.

    ``sender`` must be a conversation id (:data:`SENDER`) unless ``need_sender`` is False
    (the proxy identifies the person by their session instead); ``text`` a string of at
    most ``limit`` characters; ``metadata`` is kept only when it is a JSON object.
    """
    if need_sender and (not isinstance(sender, str) or not SENDER.match(sender)):
        return "bad_sender"
    if not isinstance(text, str):
        return "bad_message"
    if len(text) > limit:
        return "too_long"
    kept = metadata if isinstance(metadata, dict) else None
    return Checked(clean_text(text), kept, sender if isinstance(sender, str) else "")
