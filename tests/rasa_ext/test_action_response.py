"""The action server's answers are validated as strictly as Rasa does, with a validator
built once."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot.rasa_ext import action_response

GOOD: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {
        "events": [{"event": "slot", "name": "language", "value": "sv"}],
        "responses": [{"text": "Hej"}],
    },
    {"events": [{"event": "active_loop", "name": "mapping_form"}], "responses": []},
    {},
]
BAD: list[Any] = [
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": ["a string"]},
    {"events": [{"event": "slot", "name": 5}]},
    ["not", "an", "object"],
]


def _rasa_verdict(result: Any) -> bool:
    try:
        return bool(action_response.RASA_VALIDATE(RemoteAction("x", None), result))
    except ValidationError:
        return False


def _ours(result: Any) -> bool:
    try:
        return action_response.validate_action_result(RemoteAction("x", None), result)
    except ValidationError as error:
        assert "Failed to validate Action server response" in error.message
        return False


@pytest.mark.parametrize("result", GOOD + BAD)
def test_same_verdict_as_rasas_own_validation(result: Any) -> None:
    assert _ours(result) == _rasa_verdict(result)


@pytest.mark.parametrize("result", GOOD)
def test_good_responses_pass(result: Any) -> None:
    assert _ours(result) is True


@pytest.mark.parametrize("result", BAD)
def test_bad_responses_fail(result: Any) -> None:
    assert _ours(result) is False


def test_installed_on_rasa_by_the_patches() -> None:
    from bot.rasa_ext import patches

    patches.install()
    assert RemoteAction._validate_action_result is action_response.validate_action_result
