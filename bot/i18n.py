"""Texts that actions build at run time (button labels and the like), in sv and fi.

Whole bot messages live in domain.yml as responses, where staff can edit them; this module
holds only the short labels that actions combine dynamically. ``tests/test_i18n.py`` checks
that every entry has both languages.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("sv", "fi")
DEFAULT_LANGUAGE = "sv"

INTENT_LABELS: dict[str, dict[str, str]] = {
    "start_mapping": {"sv": "Börja kartläggningen", "fi": "Aloita alkukartoitus"},
    "search_training": {"sv": "Sök utbildning", "fi": "Etsi koulutusta"},
    "book_meeting": {"sv": "Boka tid hos en egencoach", "fi": "Varaa aika omavalmentajalle"},
    "cancel_meeting": {"sv": "Avboka en tid", "fi": "Peru aika"},
    "reschedule_meeting": {"sv": "Flytta en tid", "fi": "Siirrä aika"},
    "ask_meeting_status": {"sv": "Min bokade tid", "fi": "Näytä aikani"},
    "ask_human": {"sv": "Prata med en människa", "fi": "Puhu ihmisen kanssa"},
    "request_callback": {"sv": "Be om att bli uppringd", "fi": "Pyydä soittoa"},
    "ask_eligibility": {"sv": "Vem får service?", "fi": "Kuka saa palvelua?"},
    "ask_privacy": {"sv": "Dataskydd", "fi": "Tietosuoja"},
    "delete_my_data": {"sv": "Radera mina uppgifter", "fi": "Poista tietoni"},
    "pause_mapping": {"sv": "Fortsätt senare", "fi": "Jatka myöhemmin"},
    "help": {"sv": "Vad kan du göra?", "fi": "Mitä osaat?"},
    "bot_challenge": {"sv": "Är du en robot?", "fi": "Oletko botti?"},
    "choose_language": {"sv": "Byt språk", "fi": "Vaihda kieltä"},
}

# Buttons that actions add after the choices they build (so the choices come first).
BUTTON_LABELS: dict[str, dict[str, str]] = {
    "more_slots": {"sv": "Fler lediga tider", "fi": "Lisää vapaita aikoja"},
}

# Intents worth suggesting after a message the bot did not understand.
SUGGESTABLE_INTENTS = tuple(INTENT_LABELS)


def normalise_language(value: object) -> str:
    """Return "sv" or "fi" for a slot value, defaulting to Swedish (guaranteed service)."""
    if isinstance(value, str) and value[:2].lower() in LANGUAGES:
        return value[:2].lower()
    return DEFAULT_LANGUAGE


def button_label(name: str, language: str) -> str:
    """The label of an action's own button (:data:`BUTTON_LABELS`) in ``language``."""
    return BUTTON_LABELS[name][normalise_language(language)]


def intent_label(intent: str, language: str) -> str:
    """The button label of an intent in ``language``."""
    return INTENT_LABELS[intent][normalise_language(language)]


OTHER_LANGUAGES_FILE = Path(__file__).resolve().parent / "other_languages.yml"
OTHER_LANGUAGE_DEFAULT = "en"


@cache
def _other_languages() -> dict[str, str]:
    data = yaml.safe_load(OTHER_LANGUAGES_FILE.read_text(encoding="utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


def other_language_text(code: str | None, phone: str) -> tuple[str, str]:
    """The answer to a message in a third language, in that language if we have it (else
    English), and the code of the language it is written in."""
    texts = _other_languages()
    language = code if code in texts else OTHER_LANGUAGE_DEFAULT
    return texts[language].replace("{phone}", phone), language
