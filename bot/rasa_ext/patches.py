"""Every change this project makes to Rasa's own code, in one place, for Rasa 3.6.21 only.

Rasa has extension points for most of what the bot needs (the tracker store, lock store,
NLG and channel classes named in endpoints.yml and credentials.yml). Where it has none, a
method is replaced here, and only when :func:`install` is called by the entry point that
starts the Rasa server (:mod:`bot.rasa_server`). Importing a module never patches Rasa.

Each patch names the Rasa method it replaces and the signature it was written against;
:func:`install` refuses to run on another Rasa version or when a signature has changed, and
logs each patch it applies. tests/rasa_ext/test_patches.py checks the signatures.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import rasa
import rasa.server
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.processor import MessageProcessor

from bot.rasa_ext import action_response, model_loading, resilience, tracker_store

log = logging.getLogger(__name__)

RASA_VERSION = "3.6.21"


class UnsupportedRasa(RuntimeError):
    """The installed Rasa is not the one these patches were written for."""


@dataclass(frozen=True)
class Patch:
    """One replaced Rasa method: where it is, the signature it had, and why it changes."""

    owner: Any  # a class, or a module for a module-level function
    attribute: str
    signature: str
    replace: Callable[[Any], Any]  # the original (as stored on the class) -> the replacement
    why: str

    @property
    def name(self) -> str:
        """``Class.method``."""
        return f"{self.owner.__name__}.{self.attribute}"


PATCHES: tuple[Patch, ...] = (
    Patch(
        Agent,
        "_create_tracker_store",
        "(store: 'Optional[TrackerStore]', domain: 'Domain') -> 'TrackerStore'",
        lambda original: tracker_store.wrap_create_tracker_store(original.__func__),
        "a database fault fails the turn instead of a silent in-memory fallback",
    ),
    Patch(
        RemoteAction,
        "run",
        "(self, output_channel: 'OutputChannel', nlg: 'NaturalLanguageGenerator', "
        "tracker: 'DialogueStateTracker', domain: 'Domain') -> "
        "List[rasa.shared.core.events.Event]",
        resilience.wrap_remote_run,
        "notes an action server fault for the running turn",
    ),
    Patch(
        MessageProcessor,
        "_run_action",
        "(self, action: rasa.core.actions.action.Action, "
        "tracker: rasa.shared.core.trackers.DialogueStateTracker, "
        "output_channel: rasa.core.channels.channel.OutputChannel, "
        "nlg: rasa.core.nlg.generator.NaturalLanguageGenerator, "
        "prediction: rasa.core.policies.policy.PolicyPrediction) -> bool",
        resilience.wrap_run_action,
        "a turn whose custom action failed is undone and the person is told so",
    ),
    Patch(
        RemoteAction,
        "_validate_action_result",
        "(self, result: Dict[str, Any]) -> bool",
        lambda _original: action_response.validate_action_result,
        "the action response schema is checked once, not on every call",
    ),
    Patch(
        rasa.server,
        "create_app",
        "(agent: Optional[ForwardRef('Agent')] = None, "
        "cors_origins: Union[str, List[str], NoneType] = '*', "
        "auth_token: Optional[str] = None, response_timeout: int = 3600, "
        "jwt_secret: Optional[str] = None, jwt_private_key: Optional[str] = None, "
        "jwt_method: str = 'HS256', endpoints: Optional[rasa.core.utils.AvailableEndpoints] "
        "= None) -> sanic.app.Sanic",
        model_loading.wrap_create_app,
        "PUT /model loads only model files from the bot's model folder",
    ),
)

# Rasa's own methods as they were before any patch (for the signature tests).
ORIGINALS: dict[str, Any] = {p.name: p.owner.__dict__[p.attribute] for p in PATCHES}
_installed: list[str] = []


def signature_of(patch: Patch) -> str:
    """The signature of Rasa's original method, as text."""
    original = ORIGINALS[patch.name]
    function = original.__func__ if isinstance(original, staticmethod) else original
    return str(inspect.signature(function))


def check_rasa() -> None:
    """Refuse another Rasa version, or a Rasa whose patched methods have changed."""
    if rasa.__version__ != RASA_VERSION:
        raise UnsupportedRasa(
            f"This bot runs on Rasa {RASA_VERSION}, but Rasa {rasa.__version__} is installed. "
            "Install the pinned versions with `make install` (constraints.txt), or port "
            "bot/rasa_ext/patches.py to the new Rasa first."
        )
    changed = [p.name for p in PATCHES if signature_of(p) != p.signature]
    if changed:
        raise UnsupportedRasa(
            "Rasa's " + ", ".join(changed) + " changed its signature: port "
            "bot/rasa_ext/patches.py before running this bot."
        )


def install() -> list[str]:
    """Check the Rasa version and apply every patch once; the names of the patches."""
    if _installed:
        return list(_installed)
    check_rasa()
    for patch in PATCHES:
        setattr(patch.owner, patch.attribute, patch.replace(ORIGINALS[patch.name]))
        log.info("patched Rasa %s: %s", patch.name, patch.why)
        _installed.append(patch.name)
    return list(_installed)
