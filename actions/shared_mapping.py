"""What the kartläggning's actions share: slot names, the parsers' context, the draft.

Used by actions/mapping.py (the form) and actions/mapping_flow.py (around the form).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker

from actions.common import answers_of, language_of, today
from bot.cases import mappings
from bot.cases.db import StorageUnavailable
from bot.rules import questions

log = logging.getLogger(__name__)
FORM = "mapping_form"
CONSENT = "mapping_consent"
STATUS = "mapping_status"
WHICH_FIELD = "form_which_field"


def context(tracker: Tracker) -> questions.Context:
    """What the parsers need besides the text."""
    return questions.Context(today(), language_of(tracker), tracker.get_slot("native_language"))


def save_draft(tracker: Tracker, held: dict[str, Any] | None = None) -> None:
    """Keep the answers in the case database (only with consent); a fault is only logged."""
    held = answers_of(tracker) if held is None else held
    if held.get(CONSENT) is not True:
        return
    try:
        mappings.save_draft(tracker.sender_id, language_of(tracker), held)
    except StorageUnavailable:
        # the draft is a convenience; the answers are still in the conversation
        log.warning("mapping draft not saved (database unavailable)")
