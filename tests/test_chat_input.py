"""The one input check and error catalogue of the chat proxy and both Rasa channels."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.chat_input import ERRORS, LANGUAGES, Checked, check_message, error_message

ROOT = Path(__file__).resolve().parent.parent
USERS = [
    ROOT / "bot" / "portal" / "chat.py",
    ROOT / "bot" / "rasa_ext" / "channel.py",
    ROOT / "bot" / "rasa_ext" / "socketio_channel.py",
]


@pytest.mark.parametrize(
    ("text", "metadata", "sender", "expected"),
    [
        ("hej", {"lang": "sv"}, "c" + "a" * 47, Checked("hej", {"lang": "sv"}, "c" + "a" * 47)),
        ("  moi\x00\x1b  ", None, "s1", Checked("moi", None, "s1")),
        ("a\tb\nc", None, "s1", Checked("a\tb\nc", None, "s1")),
        ("e\u0301", None, "s1", Checked("é", None, "s1")),  # NFC
        ("hej", ["not", "a", "dict"], "s1", Checked("hej", None, "s1")),
        ("hej", None, "", "bad_sender"),
        ("hej", None, "a b", "bad_sender"),
        ("hej", None, None, "bad_sender"),
        ("hej", None, "x" * 129, "bad_sender"),
        (None, None, "s1", "bad_message"),
        (12, None, "s1", "bad_message"),
        ({"a": 1}, None, "s1", "bad_message"),
        ("x" * 11, None, "s1", "too_long"),
        ("x" * 10, None, "s1", Checked("x" * 10, None, "s1")),
    ],
)
def test_check_message(text: Any, metadata: Any, sender: Any, expected: Any) -> None:
    assert check_message(text, metadata, 10, sender) == expected


def test_the_proxy_needs_no_sender() -> None:
    assert check_message("hej", None, 10, need_sender=False) == Checked("hej", None, "")


@pytest.mark.parametrize("code", sorted(ERRORS))
def test_every_refusal_says_it_in_both_languages(code: str) -> None:
    status, texts = error_message(code, limit=1000, phone="019 123 456")
    assert 400 <= status < 600
    assert set(texts) == set(LANGUAGES)
    for text in texts.values():
        assert text.strip() and "{" not in text
    assert texts["sv"] != texts["fi"]


def test_the_limit_and_the_phone_are_filled_in() -> None:
    _, too_long = error_message("too_long", limit=1000)
    assert "1000" in too_long["sv"] and "1000" in too_long["fi"]
    _, unavailable = error_message("unavailable", phone="019 123 456")
    assert "019 123 456" in unavailable["sv"] and "019 123 456" in unavailable["fi"]


@pytest.mark.parametrize("path", USERS, ids=lambda p: p.name)
def test_every_code_used_is_in_the_catalogue(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    used = set(
        re.findall(r'(?:error_response\(request, |error\(|_refuse\([a-z]+, )"([a-z_]+)"', source)
    )
    assert used, f"{path.name}: no refusal found (has the pattern changed?)"
    assert used <= set(ERRORS), f"{path.name}: codes without a text: {used - set(ERRORS)}"
    assert "ERRORS" not in source.replace("chat_input", ""), f"{path.name} has its own catalogue"
