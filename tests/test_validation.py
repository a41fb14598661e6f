"""Which warnings of `rasa data validate` fail the build (bot.cli.validation_problems)."""

from __future__ import annotations

import pytest

from bot.cli import validation_problems


def _warning(message: str) -> str:
    return f"/x/rasa/shared/utils/io.py:99: UserWarning: {message}"


@pytest.mark.parametrize(
    ("message", "fails"),
    [
        # sent by the web app through Rasa's API (a live chat ended): never trained
        ("The intent 'EXTERNAL_live_ended' is listed in the domain file, but is not found", False),
        # set by the NLU from the message's shape
        ("The intent 'two_requests' is listed in the domain file, but is not found", False),
        # a real intent without examples fails
        ("The intent 'ask_human' is listed in the domain file, but is not found", True),
        ("The utterance 'utter_live_queued' is not used in any story or rule.", False),
        ("The utterance 'utter_nobody_sends' is not used in any story or rule.", True),
    ],
)
def test_validation_problems(message: str, fails: bool) -> None:
    found = validation_problems(_warning(message), {"utter_live_queued"})
    assert bool(found) is fails, found
