"""A reload of the widget shows the conversation as it was shown: the bot's and the
person's messages, a live chat's coach messages as the coach's, and who joined or left."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.cases.live import MessageRow
from bot.portal.chat import replay
from bot.portal.chat_live import widget_item

EVENTS = [
    {"event": "slot", "name": "language", "value": "fi"},
    {"event": "user", "text": "/ask_human", "metadata": {}},
    {
        "event": "bot",
        "text": "Omavalmentaja liittyy keskusteluun heti, kun joku vapautuu.",
        "data": {
            "buttons": [{"title": "Soittakaa minulle mieluummin", "payload": "/request_callback"}]
        },
    },
    {"event": "pause"},
    {
        "event": "bot",
        "text": "Johanna Virtanen on liittynyt keskusteluun.",
        "metadata": {"jobbcoach_live": {"from": "system", "name": "Johanna Virtanen"}},
    },
    {"event": "user", "text": "moi, onks siel joku", "metadata": {}},
    {
        "event": "bot",
        "text": "<b>Hei!</b> Miten voin auttaa?",
        "metadata": {"jobbcoach_live": {"from": "coach", "name": "Johanna Virtanen"}},
    },
    {
        "event": "user",
        "text": "EXTERNAL: EXTERNAL_live_ended",
        "parse_data": {"intent": {"name": "EXTERNAL_live_ended"}},
    },
    {
        # a response's own variables are in its metadata too: a "coach" there is not one
        "event": "bot",
        "text": "Chatten med Johanna Virtanen är slut.",
        "metadata": {"coach": "Johanna Virtanen", "utter_action": "utter_live_ended"},
    },
]


def test_a_live_chat_replays_as_it_was_shown() -> None:
    shown = replay(EVENTS, "sv")
    assert [m["from"] for m in shown] == ["bot", "system", "user", "coach", "bot"]
    assert shown[1] == {
        "from": "system",
        "lang": "fi",
        "name": "Johanna Virtanen",
        "text": "Johanna Virtanen on liittynyt keskusteluun.",
    }
    assert shown[3]["name"] == "Johanna Virtanen"
    assert shown[3]["text"] == "<b>Hei!</b> Miten voin auttaa?"  # text; the widget never parses it


def test_stream_items() -> None:
    at = datetime(2026, 12, 3, 8, 0, tzinfo=timezone.utc)
    coach = widget_item(MessageRow(7, "coach", "Anna", "Hej!", None, at), "sv")
    assert coach == {
        "type": "message",
        "id": 7,
        "lang": "sv",
        "from": "coach",
        "name": "Anna",
        "text": "Hej!",
    }
    bot = widget_item(
        MessageRow(
            8,
            "bot",
            None,
            "Vill du boka?",
            {"buttons": [{"title": "Boka", "payload": "/book_meeting"}]},
            at,
        ),
        "sv",
    )
    assert bot["from"] == "bot" and bot["buttons"][0]["payload"] == "/book_meeting"
    assert (
        widget_item(MessageRow(9, "system", "Anna", "Anna har lämnat chatten.", None, at), "sv")[
            "from"
        ]
        == "system"
    )
