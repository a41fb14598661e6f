"""Socket.io messages in the shapes Rasa Webchat 1.0.1 renders (it drops any other)."""

from __future__ import annotations

from bot.rasa_ext import socketio_channel


def test_messages_have_the_shapes_webchat_renders() -> None:
    listed = {"text": "Här är dina svar:\n• Ålder: 30–54\n• Hemkommun: Borgå\n\nStämmer det?"}
    assert socketio_channel.webchat_shape(listed) == {
        "text": "Här är dina svar:  \n• Ålder: 30–54  \n• Hemkommun: Borgå\n\nStämmer det?"
    }
    card = {
        "custom": {
            "type": "offer_card",
            "text": "Lagerlogistik\nCareeria · Borgå\nLäs mer: https://www.careeria.fi/x",
            "url": "https://www.careeria.fi/x",
            "link_text": "Läs mer",
        }
    }
    assert socketio_channel.webchat_shape(card) == {
        "text": "Lagerlogistik  \nCareeria · Borgå  \n[Läs mer](https://www.careeria.fi/x)"
    }
    buttons = {"text": "Ja?", "quick_replies": [{"title": "Ja", "payload": "/affirm"}], "x": 1}
    assert set(socketio_channel.webchat_shape(buttons)) == {"text", "quick_replies"}
