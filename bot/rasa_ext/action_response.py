"""Validate the action server's answers with a JSON-schema validator built once.

Rasa 3.6 checks every action server response with ``jsonschema.validate``, which first
checks the (large) events schema itself, on every call: about half of a form turn's time in
a profile of this bot (``check_schema`` 8.2 s of 20 s for 124 messages). The schema never
changes, so it is checked once here and the compiled validator is reused (installed by
:mod:`bot.rasa_ext.patches`). Responses are
validated exactly as before, and errors carry the same message.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

# Rasa's own method, kept for comparison in the tests
RASA_VALIDATE = RemoteAction._validate_action_result


@cache
def _validator() -> Any:
    spec = RemoteAction.action_response_format_spec()
    cls = validator_for(spec)
    cls.check_schema(spec)
    return cls(spec)


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """What ``RemoteAction._validate_action_result`` does, without re-checking the schema."""
    error = best_match(_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response "
        "from the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


__all__ = ["ValidationError", "validate_action_result"]
