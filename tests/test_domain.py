"""domain.yml: every response in both languages, buttons that carry payloads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOMAIN: dict[str, Any] = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES: dict[str, list[dict[str, Any]]] = DOMAIN["responses"]
INTENTS = set(DOMAIN["intents"])
# Entities in payloads are written with doubled braces in domain.yml, because Rasa runs
# slot interpolation over buttons ({{...}} comes out as {...}).
PAYLOAD = re.compile(r"^/(\w+)(\{\{.*\}\})?$")


def _language_of(variation: dict[str, Any]) -> str | None:
    for condition in variation.get("condition") or []:
        if condition.get("type") == "slot" and condition.get("name") == "language":
            return str(condition.get("value"))
    return None


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_response_has_a_swedish_and_a_finnish_variation(name: str) -> None:
    languages = [_language_of(v) for v in RESPONSES[name]]
    assert "sv" in languages, f"{name} has no Swedish variation"
    assert "fi" in languages, f"{name} has no Finnish variation"
    assert set(languages) <= {"sv", "fi", None}
    # at most one unconditioned (bilingual) variation, used while the language is unknown
    assert languages.count(None) <= 1


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_the_two_languages_are_not_the_same_text(name: str) -> None:
    by_lang = {_language_of(v): v.get("text", "") for v in RESPONSES[name]}
    assert by_lang["sv"] != by_lang["fi"]


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_buttons_carry_intent_payloads(name: str) -> None:
    for variation in RESPONSES[name]:
        for button in variation.get("buttons") or []:
            match = PAYLOAD.match(button["payload"])
            assert match, f"{name}: payload {button['payload']!r} is not /intent{{...}}"
            assert match.group(1) in INTENTS, f"{name}: unknown intent {match.group(1)}"


def test_matching_variations_have_the_same_buttons_count() -> None:
    """Swedish and Finnish users get the same choices."""
    for name, variations in RESPONSES.items():
        counts = {_language_of(v): len(v.get("buttons") or []) for v in variations}
        assert counts["sv"] == counts["fi"], name
