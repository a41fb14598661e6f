"""End to end over the REST webhook: languages, bad input, restart, the NLU on unseen text."""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from bot.nlu.langid import Lexicon, detect
from bot.nlu.training_data import read_examples
from tests.e2e.servers import Stack, post_json, say, tracker

pytestmark = pytest.mark.e2e
HOLDOUT = Path(__file__).resolve().parent.parent / "nlu"
LEXICON = Lexicon.from_examples((e.text, e.language) for e in read_examples())


def _texts(messages: list[dict[str, object]]) -> str:
    return " ".join(str(m.get("text", "")) for m in messages)


def _language_of_reply(messages: list[dict[str, object]]) -> str | None:
    return detect(_texts(messages), LEXICON).language


def _sender() -> str:
    return "e2e-" + uuid.uuid4().hex


def test_swedish_then_finnish_then_back(stack: Stack) -> None:
    sender = _sender()
    reply = say(stack, sender, "hej")
    assert "chattbot" in _texts(reply) and _language_of_reply(reply) == "sv"
    assert reply[0]["buttons"][0]["payload"] == "/start_mapping"

    # one message in the other language is not yet a switch; a run of two is
    reply = say(stack, sender, "moi")
    assert _language_of_reply(reply) == "sv"
    reply = say(stack, sender, "moi, mitä sä osaat tehdä")
    assert _language_of_reply(reply) == "fi"

    reply = say(stack, sender, "kan vi ta det på svenska")
    assert "svenska" in _texts(reply) and _language_of_reply(reply) == "sv"
    assert tracker(stack, sender)["slots"]["language"] == "sv"

    reply = say(stack, sender, "vad kan du hjälpa mig med")
    assert _language_of_reply(reply) == "sv"

    reply = say(stack, sender, "voitko puhua suomea")
    assert _language_of_reply(reply) == "fi"
    assert tracker(stack, sender)["slots"]["language"] == "fi"


def test_page_language_from_metadata(stack: Stack) -> None:
    sender = _sender()
    reply = say(stack, sender, "1987", lang="fi")
    assert _language_of_reply(reply) == "fi"
    assert tracker(stack, sender)["slots"]["language"] == "fi"


def test_unknown_language_is_asked_with_two_buttons(stack: Stack) -> None:
    sender = _sender()
    reply = say(stack, sender, "👍")
    buttons = [b for m in reply for b in m.get("buttons", [])]
    assert [b["title"] for b in buttons] == ["Svenska", "Suomi"]
    reply = say(stack, sender, buttons[1]["payload"])
    assert _language_of_reply(reply) == "fi"
    assert tracker(stack, sender)["slots"]["language"] == "fi"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "a" * 5000,
        "LONG",
        "🙂🙂🙂",
        "👍",
        "moi jag vill hakea koulutusta please",
        "<script>alert(1)</script>",
    ],
    ids=["empty", "whitespace", "5000-a", "5000-words", "emoji", "thumb", "mixed", "html"],
)
@pytest.mark.parametrize("language", ["sv", "fi"])
def test_bad_input_gets_a_polite_reply_in_the_current_language(
    stack: Stack, text: str, language: str
) -> None:
    sender = _sender()
    say(stack, sender, "hej" if language == "sv" else "moi")
    if text == "LONG":  # 5,000 characters of real words in the conversation's language
        text = "jag behöver hjälp med jobb " if language == "sv" else "tarviin apua töihin "
        text = (text * 300)[:5000]
    status, body = post_json(
        f"{stack.rasa_url}/webhooks/rest/webhook", {"sender": sender, "message": text}
    )
    assert status == 200
    assert isinstance(body, list) and body, "the bot must never stay silent"
    assert _language_of_reply(body) == language, body
    assert "Traceback" not in _texts(body)


def test_conversation_survives_a_rasa_restart(stack: Stack) -> None:
    sender = _sender()
    say(stack, sender, "moikka")
    stack.stop("rasa")
    stack.start_rasa()
    assert tracker(stack, sender)["slots"]["language"] == "fi"
    reply = say(stack, sender, "1987")  # no language evidence: the stored language holds
    assert _language_of_reply(reply) == "fi"


def test_nlu_on_unseen_messages(stack: Stack) -> None:
    """Held-out messages written apart from the training data: macro F1 >= 0.9 per language."""
    for language in ("sv", "fi"):
        examples = read_examples([HOLDOUT / f"{language}_holdout.yml"])
        tp: Counter[str] = Counter()
        fp: Counter[str] = Counter()
        fn: Counter[str] = Counter()
        errors = defaultdict(list)
        for e in examples:
            status, parsed = post_json(
                f"{stack.rasa_url}/model/parse?token={stack.token}", {"text": e.text}
            )
            assert status == 200
            predicted = parsed["intent"]["name"]
            if predicted == e.intent:
                tp[e.intent] += 1
            else:
                fp[predicted] += 1
                fn[e.intent] += 1
                errors[e.intent].append((e.text, predicted))
        f1s = []
        for intent in {e.intent for e in examples}:
            precision = tp[intent] / ((tp[intent] + fp[intent]) or 1)
            recall = tp[intent] / ((tp[intent] + fn[intent]) or 1)
            f1s.append(2 * precision * recall / ((precision + recall) or 1))
        macro = sum(f1s) / len(f1s)
        assert macro >= 0.90, (language, macro, dict(errors))
