"""Rasa's response generator, with one rule: no bot message three times in a row.

Configured in endpoints.yml (``nlg: type: bot.rasa_ext.nlg.RepeatGuardNLG``, Rasa's own
extension point for natural language generators). Every response, whether a rule utters it
or a custom action asks for it, is generated here. When the text about to be sent is the
same as the last two bot messages of the conversation, the person is going round in
circles: the response's ``<name>_again`` variant is sent instead if the domain has one,
otherwise ``utter_repeat_guard``, which offers a human and the other ways on.

Second rule: of the variations whose conditions hold, the most specific wins. Rasa picks
at random among all matching conditional variations, so an answer written for a person
whose benefit the bot knows (``language`` = fi and ``benefit`` = earnings_related) would
come only half the time beside the general Finnish one. Selection is Rasa 3.6's
``_random_response_for`` (checked by tests/rasa_ext/test_nlg.py against the installed
Rasa); the override narrows the choice and leaves channel filtering to Rasa.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

log = logging.getLogger(__name__)

FALLBACK = "utter_repeat_guard"
MAX_IN_A_ROW = 2


def last_bot_texts(tracker: DialogueStateTracker, count: int) -> list[str]:
    """The texts of the conversation's last ``count`` bot messages, newest first."""
    texts: list[str] = []
    for event in reversed(tracker.events):
        if isinstance(event, BotUttered):
            texts.append(str(event.text or ""))
            if len(texts) == count:
                break
    return texts


def most_specific(variations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The variations with the most conditions (all of them already hold)."""
    if not variations:
        return []
    most = max(len(v.get("condition") or []) for v in variations)
    return [v for v in variations if len(v.get("condition") or []) == most]


def repeats(text: str | None, previous: list[str]) -> bool:
    """Whether sending ``text`` would make it the third identical bot message in a row."""
    return bool(text) and len(previous) >= MAX_IN_A_ROW and all(t == text for t in previous)


class RepeatGuardNLG(TemplatedNaturalLanguageGenerator):
    """Templated responses that never repeat the same message a third time in a row."""

    def __init__(
        self, endpoint_config: EndpointConfig | None = None, domain: Domain | None = None
    ) -> None:
        """Build from the domain's responses (Rasa passes the endpoint config and domain)."""
        super().__init__((domain or Domain.empty()).responses)

    def _random_response_for(
        self, utter_action: str, output_channel: str, filled_slots: dict[str, Any]
    ) -> dict[str, Any] | None:
        """A random variation among the most specific ones that fit (see the module)."""
        if utter_action not in self.responses:
            return None
        suitable = ResponseVariationFilter(self.responses).responses_for_utter_action(
            utter_action, output_channel, filled_slots
        )
        best = most_specific(suitable)
        return dict(best[int(np.random.randint(len(best)))]) if best else None

    async def generate(
        self,
        utter_action: str,
        tracker: DialogueStateTracker,
        output_channel: str,
        **kwargs: Any,
    ) -> dict[str, Any] | None:
        """The response, or its variant when it would be said a third time in a row."""
        message = await super().generate(utter_action, tracker, output_channel, **kwargs)
        if message is None or not repeats(message.get("text"), last_bot_texts(tracker, 2)):
            return message
        for name in (f"{utter_action}_again", FALLBACK):
            if name in self.responses and name != utter_action:
                log.info("response %s would repeat a third time: %s instead", utter_action, name)
                other = await super().generate(name, tracker, output_channel, **kwargs)
                if other is not None and other.get("text") != message.get("text"):
                    return other
        return message
