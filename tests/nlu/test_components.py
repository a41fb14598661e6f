"""The custom NLU components on their own: train a tiny model, store, load, process.

Each check builds the component as Rasa's graph does (``create``, ``train``, ``load``
with a real model storage), so it also catches a change in Rasa's component API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActiveLoop, SlotSet
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.components import (
    LanguageSelector,
    LemmaTokenizer,
    LinearIntentClassifier,
    RequestRouter,
)

EXAMPLES: dict[str, dict[str, list[str]]] = {
    "book_meeting": {
        "sv": ["jag vill boka en tid", "kan jag få träffa min coach", "boka möte med coachen"],
        "fi": ["haluun varata ajan", "voinko tavata valmentajan", "varaa tapaaminen"],
    },
    "ask_human": {
        "sv": ["jag vill prata med en människa", "kan jag få en riktig person"],
        "fi": ["haluun puhua ihmisen kanssa", "saisinko oikean ihmisen"],
    },
    "greet": {"sv": ["hej", "god morgon", "tjena"], "fi": ["moi", "hei", "huomenta"]},
    "inform": {"sv": ["Borgå", "arbetslös"], "fi": ["Porvoo", "työtön"]},
    "faq/karens": {
        "sv": ["vad är karens", "hur länge är karensen"],
        "fi": ["mikä on karenssi", "kuinka pitkä karenssi on"],
    },
}


def training_data() -> TrainingData:
    messages = []
    for label, by_language in EXAMPLES.items():
        intent, _, key = label.partition("/")
        for language, texts in by_language.items():
            for text in texts:
                data: dict[str, Any] = {
                    TEXT: text,
                    INTENT: intent,
                    "metadata": {"intent": {"language": language}},
                }
                if key:
                    data[INTENT_RESPONSE_KEY] = label
                messages.append(Message(data=data))
    return TrainingData(training_examples=messages)


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def context(name: str) -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), node_name=name)


def tracker(**slots: Any) -> DialogueStateTracker:
    domain = Domain.from_dict(
        {
            "slots": {
                n: {
                    "type": "any",
                    "influence_conversation": False,
                    "mappings": [{"type": "custom"}],
                }
                for n in slots
            }
        }
    )
    events = [SlotSet(n, v) for n, v in slots.items()]
    return DialogueStateTracker.from_events("t", events, slots=domain.slots)


# --- LemmaTokenizer ---------------------------------------------------------------------------


def test_tokenizer_caps_long_messages_and_keeps_words(storage: LocalModelStorage) -> None:
    config = {**LemmaTokenizer.get_default_config(), "lemmatizer": "none", "max_tokens": 5}
    tokenizer = LemmaTokenizer.create(config, storage, Resource("tok"), context("tok"))
    message = Message(data={TEXT: "en två tre fyra fem sex sju"})
    tokenizer.process([message])
    tokens = message.get("text_tokens")
    assert [t.text for t in tokens] == ["en", "två", "tre", "fyra", "fem"]


# --- LinearIntentClassifier -------------------------------------------------------------------


def trained_classifier(storage: LocalModelStorage) -> LinearIntentClassifier:
    config = {**LinearIntentClassifier.get_default_config(), "use_embeddings": False}
    resource = Resource("clf")
    classifier = LinearIntentClassifier.create(config, storage, resource, context("clf"))
    classifier.train(training_data())
    return LinearIntentClassifier.load(config, storage, resource, context("clf"))


def classify(classifier: LinearIntentClassifier, text: str) -> Message:
    message = Message(data={TEXT: text})
    classifier.process([message])
    return message


def test_classifier_trains_stores_and_loads(storage: LocalModelStorage) -> None:
    classifier = trained_classifier(storage)
    message = classify(classifier, "jag vill boka tid")
    assert message.get(INTENT)["name"] == "book_meeting"
    ranking = message.get("intent_ranking")
    assert ranking[0]["name"] == "book_meeting"
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0, abs=0.01)


def test_classifier_folds_a_faq_key_into_its_intent(storage: LocalModelStorage) -> None:
    message = classify(trained_classifier(storage), "mikä se karenssi on")
    assert message.get(INTENT)["name"] == "faq"
    selector = message.get("response_selector")
    assert selector["faq"]["response"]["intent_response_key"] == "faq/karens"


@pytest.mark.parametrize(("text", "intent"), [("", "nlu_fallback"), ("   ", "nlu_fallback")])
def test_classifier_empty_message_is_not_understood(
    storage: LocalModelStorage, text: str, intent: str
) -> None:
    assert classify(trained_classifier(storage), text).get(INTENT)["name"] == intent


def test_classifier_a_bare_answer_is_inform(storage: LocalModelStorage) -> None:
    # a phone number on its own answers the question asked, whatever it resembles
    message = classify(trained_classifier(storage), "040 123 4567")
    assert message.get(INTENT) == {"name": "inform", "confidence": 1.0}


def test_classifier_the_request_after_a_greeting_counts(storage: LocalModelStorage) -> None:
    message = classify(trained_classifier(storage), "Hej! Jag vill boka en tid")
    assert message.get(INTENT)["name"] == "book_meeting"


def test_classifier_without_a_model_leaves_messages_alone(storage: LocalModelStorage) -> None:
    config = LinearIntentClassifier.get_default_config()
    empty = LinearIntentClassifier.load(config, storage, Resource("none"), context("none"))
    message = Message(data={TEXT: "hej"})
    empty.process([message])
    assert message.get(INTENT) is None


# --- LanguageSelector -------------------------------------------------------------------------


def trained_selector(storage: LocalModelStorage) -> LanguageSelector:
    resource = Resource("lang")
    config = LanguageSelector.get_default_config()
    selector = LanguageSelector.create(config, storage, resource, context("lang"))
    selector.train(training_data())
    return LanguageSelector.load(config, storage, resource, context("lang"))


def select(selector: LanguageSelector, text: str, tracker_: Any, **metadata: Any) -> Message:
    message = Message(data={TEXT: text, INTENT: {"name": "greet", "confidence": 0.9}})
    if metadata:
        message.set("metadata", metadata)
    selector.process([message], tracker_)
    return message


def language_entity(message: Message) -> str | None:
    found = [e["value"] for e in message.get("entities", []) if e["entity"] == "language"]
    return found[0] if found else None


def test_selector_learns_and_detects(storage: LocalModelStorage) -> None:
    selector = trained_selector(storage)
    assert selector.lexicon.to_dict()  # the learned word counts were stored and loaded
    message = select(selector, "haluaisin varata ajan valmentajalle", None)
    assert message.get("language_detection")["language"] == "fi"


def test_selector_takes_the_page_language_first(storage: LocalModelStorage) -> None:
    message = select(trained_selector(storage), "hej", tracker(language=None), lang="sv")
    assert language_entity(message) == "sv"


def test_selector_asks_when_nothing_tells_the_language(storage: LocalModelStorage) -> None:
    message = select(trained_selector(storage), "ok", tracker(language=None))
    assert message.get(INTENT)["name"] == "choose_language"


def test_selector_emoji_only_is_not_understood(storage: LocalModelStorage) -> None:
    message = select(trained_selector(storage), "👍👍", tracker(language="sv"))
    assert message.get(INTENT)["name"] == "nlu_fallback"
    assert message.get("original_intent")["name"] == "greet"


def test_selector_leaves_a_button_payload_alone(storage: LocalModelStorage) -> None:
    message = select(trained_selector(storage), "/greet", tracker(language="sv"))
    assert message.get("language_detection") is None
    assert message.get(INTENT)["name"] == "greet"


# --- RequestRouter ----------------------------------------------------------------------------


def routed(text: str, tracker_: Any, **fields: Any) -> Message:
    router = RequestRouter.create({}, None, Resource("router"), context("router"))  # type: ignore[arg-type]
    message = Message(data={TEXT: text, INTENT: {"name": "book_meeting", "confidence": 0.8}})
    for key, value in fields.items():
        message.set(key, value)
    router.process([message], tracker_)
    return message


TWO = [{"intent": "book_meeting", "text": "a"}, {"intent": "faq", "text": "b"}]
ENGLISH = {"language": "other", "confidence": 0.97, "other": "en"}


def test_router_two_requests_outside_a_form() -> None:
    message = routed("jag vill boka och undrar om FPA", tracker(), requests=TWO)
    assert message.get(INTENT)["name"] == "two_requests"


def test_router_a_third_language_outside_a_form() -> None:
    message = routed("I would like to book a meeting", tracker(), language_detection=ENGLISH)
    assert message.get(INTENT)["name"] == "other_language"
    assert message.get("other_language")


def test_router_leaves_a_form_to_its_guard() -> None:
    in_form = tracker()
    in_form.update(ActiveLoop("mapping_form"))
    message = routed("I would like to book", in_form, language_detection=ENGLISH, requests=TWO)
    assert message.get(INTENT)["name"] == "book_meeting"


def test_router_short_foreign_words_are_not_routed() -> None:
    message = routed("ok thanks", tracker(), language_detection=ENGLISH)
    assert message.get(INTENT)["name"] == "book_meeting"
