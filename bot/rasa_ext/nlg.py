"""Rasa's response generator, with one rule: no bot message three times in a row.

Configured in endpoints.yml (``nlg: type: bot.rasa_ext.nlg.RepeatGuardNLG``, Rasa's own
extension point for natural language generators). Every response, whether a rule utters it
or a custom action asks for it, is generated here. When the text about to be sent is the
same as the last two bot messages of the conversation, the person is going round in
circles: the response's ``<name>_again`` variant is sent instead if the domain has one,
otherwise ``utter_repeat_guard``, which offers a human and the other ways on.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.nlg import TemplatedNaturalLanguageGenerator
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
