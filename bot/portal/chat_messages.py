"""The bot's messages as the widget shows them (the chat proxy and the live chat)."""

from __future__ import annotations

from typing import Any

LANGS = ("sv", "fi")


def bot_messages(raw: list[dict[str, Any]], language: str) -> list[dict[str, Any]]:
    """Rasa's messages as the widget wants them, each with its language.

    The REST channel gives each message the conversation's language (``lang``); the page
    language stands in only where a message has none.
    """
    out = []
    for message in raw:
        item: dict[str, Any] = {"from": "bot"}
        if isinstance(message.get("text"), str):
            item["text"] = message["text"]
        if isinstance(message.get("buttons"), list):
            item["buttons"] = [
                {"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))}
                for b in message["buttons"]
                if isinstance(b, dict)
            ]
        if isinstance(message.get("custom"), dict):
            item["custom"] = message["custom"]
        lang = message.get("lang")
        item["lang"] = lang if lang in LANGS else language
        out.append(item)
    return out
