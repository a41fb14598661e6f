"""What a message typed (or clicked) inside a form means for the form (pure rules).

Every form (kartläggning, booking, identify, callback) can be left at every question: a
stop or cancel in either language, a request for a human or a callback, a button of another
intent or a clear other request leave it, and a question asked at the prompt is answered
before the form asks again. :func:`decide` returns one :class:`Move` with its reason; the
action server carries it out (actions/form_guard.py).

The words are data: bot/rules/data/form_exit.yml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

import yaml

from bot.text import words

DATA = Path(__file__).with_name("data") / "form_exit.yml"

# A typed message is taken as another intent's request only when the classifier is this sure
# and the text is not an answer to the open question.
REQUEST_CONFIDENCE = 0.75
# In-form questions (help, why, FAQ ...) are answered from this confidence on.
QUESTION_CONFIDENCE = 0.6
# A human or a callback asked for in words the lexicon does not know.
HUMAN_CONFIDENCE = 0.6
# A bare "no" to a free-text question counts as a wish to stop from this confidence on.
DENY_CONFIDENCE = 0.7
MAX_DENY_WORDS = 3

# Intents answered inside any form; the form then asks its question again.
IN_FORM_QUESTIONS = frozenset(
    {
        "help",
        "explain_question",
        "ask_privacy",
        "ask_eligibility",
        "bot_challenge",
        "choose_language",
        "faq",
    }
)
# Intents that leave a form to do something else (asked first in the kartläggning).
LEAVING_INTENTS = frozenset(
    {
        "start_mapping",
        "search_training",
        "book_meeting",
        "cancel_meeting",
        "reschedule_meeting",
        "ask_meeting_status",
        "delete_my_data",
        "goodbye",
        "pause_mapping",
        "show_more",
        "correct_answer",
        "skip_question",
    }
)
_QUESTION_WORDS = frozenset(
    "hur vad varfor nar vem var vilken vilket vilka kan kommer far finns ar miten mita miksi "
    "milloin kuka missa mika mita voiko voinko saako saanko onko onks paljonko kuinka "
    "how what why when who where".split()
)


class Move(Enum):
    """What the form does with the message."""

    ANSWER = "answer"  # validate it as the answer to the open question
    QUESTION = "question"  # answer the question asked at the prompt, then ask again
    STOP = "stop"  # leave the form: the person wants to stop
    RESTART = "restart"  # leave the form and start over
    HUMAN = "human"  # leave the form: a person now
    CALLBACK = "callback"  # leave the form: call me back
    REQUEST = "request"  # leave the form and handle the message as another request
    ASK_LEAVE = "ask_leave"  # ask once whether to leave for the other request


LEAVES = frozenset({Move.STOP, Move.RESTART, Move.HUMAN, Move.CALLBACK, Move.REQUEST})


@dataclass(frozen=True)
class FormProfile:
    """How one form treats intents.

    Attributes:
        name: the form's name.
        own_intents: intents that mean "go on with this form" (book_meeting in the booking
            form, the meeting intents in identify_form, ask_human in the callback form).
        in_form: intents the form itself handles at the prompt (skip, correct, show more).
        leave_at_once: intents that leave without asking first (pause, goodbye).
        ask_before_leaving: ask once before leaving for a typed request (the kartläggning,
            where leaving pauses a longer piece of work).
    """

    name: str
    own_intents: frozenset[str] = frozenset()
    in_form: frozenset[str] = frozenset()
    leave_at_once: frozenset[str] = frozenset()
    ask_before_leaving: bool = False


@dataclass(frozen=True)
class Turn:
    """One message at one question of one form.

    Attributes:
        form: how the form treats intents.
        slot: the open question (the requested slot), or None.
        text: what the person sent: typed text, or a button's payload ("/intent{...}").
        intent: the intent the NLU (or the payload) gives.
        confidence: the intent's confidence (1.0 for a payload).
        entities: the entity names the message carries (a payload's entities).
        answers: the text parses as a valid answer to the open question.
        yes_no: the open question is a yes/no question (affirm/deny answer it).
        answer_entities: entity names that answer the open question (the slot's own entity).
    """

    form: FormProfile
    slot: str | None
    text: str
    intent: str | None
    confidence: float
    entities: frozenset[str] = frozenset()
    answers: bool = False
    yes_no: bool = False
    answer_entities: frozenset[str] = frozenset()

    @property
    def payload(self) -> bool:
        """A button's payload, not typed text."""
        return self.text.strip().startswith("/")


@dataclass(frozen=True)
class Decision:
    """A move and why (the reason names a rule; tests and logs use it)."""

    move: Move
    reason: str


@dataclass(frozen=True)
class Lexicon:
    """The compiled words of bot/rules/data/form_exit.yml."""

    short_message: int
    stop_words: frozenset[str]
    stop_phrases: tuple[str, ...]
    stop_alone: frozenset[str]
    restart_phrases: tuple[str, ...]
    human_words: frozenset[str]
    contact_verbs: frozenset[str]
    human_short: int
    human_phrases: tuple[str, ...]
    callback_phrases: tuple[str, ...]
    no_code_phrases: tuple[str, ...]
    filler: frozenset[str]

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Lexicon:
        """Compile the YAML structure (entries folded once here)."""

        def items(section: str, key: str) -> list[str]:
            return [" ".join(words(str(x))) for x in (data.get(section) or {}).get(key) or []]

        return cls(
            short_message=int(data.get("short_message", 8)),
            stop_words=frozenset(items("stop", "words")),
            stop_phrases=tuple(items("stop", "phrases")),
            stop_alone=frozenset(items("stop", "alone")),
            restart_phrases=tuple(items("restart", "phrases")),
            human_words=frozenset(items("human", "words")),
            contact_verbs=frozenset(items("human", "contact_verbs")),
            human_short=int(data.get("human_short", 3)),
            human_phrases=tuple(items("human", "phrases")),
            callback_phrases=tuple(items("callback", "phrases")),
            no_code_phrases=tuple(items("no_code", "phrases")),
            filler=frozenset(" ".join(words(str(x))) for x in data.get("filler") or []),
        )


def load_lexicon(path: Path = DATA) -> Lexicon:
    """Read and compile the exit words."""
    return Lexicon.from_data(yaml.safe_load(path.read_text(encoding="utf-8")) or {})


LEXICON = load_lexicon()


def _has_phrase(tokens: list[str], phrases: tuple[str, ...]) -> str | None:
    padded = f" {' '.join(tokens)} "
    return next((p for p in phrases if p and f" {p} " in padded), None)


def looks_like_question(text: str) -> bool:
    """A question mark, or a question word first ("hur söker man ...", "miten haen ...")."""
    tokens = words(text)
    return text.strip().endswith("?") or bool(tokens and tokens[0] in _QUESTION_WORDS)


# How far into a message ending in "?" a question word may come: "vänta, vad är
# grunddagpenning egentligen?", "hetkinen, mikä on ansiosidonnainen?", "okej men hur ..."
QUESTION_WORD_WITHIN = 3


def asks_first(text: str) -> bool:
    """The message asks something from its start: it starts with a question word ("hur",
    "miten", "varför" ...), or ends with "?" and has one among its first words (after
    "vänta", "hetkinen", "okej men" ...)."""
    tokens = words(text)
    if not tokens:
        return False
    if tokens[0] in _QUESTION_WORDS:
        return True
    return text.strip().endswith("?") and any(
        t in _QUESTION_WORDS for t in tokens[:QUESTION_WORD_WITHIN]
    )


def exit_kind(text: str, lexicon: Lexicon = LEXICON) -> tuple[Move, str] | None:
    """Whether typed text asks to stop, start over, reach a human or be called back."""
    tokens = words(text)
    if not tokens:
        return None
    callback = _has_phrase(tokens, lexicon.callback_phrases)
    if callback:
        return Move.CALLBACK, f"callback phrase {callback!r}"
    asks = len(tokens) <= lexicon.human_short or any(t in lexicon.contact_verbs for t in tokens)
    human = (next((t for t in tokens if t in lexicon.human_words), None) if asks else None) or (
        _has_phrase(tokens, lexicon.human_phrases)
    )
    if human:
        return Move.HUMAN, f"human word {human!r}"
    restart = _has_phrase(tokens, lexicon.restart_phrases)
    if restart:
        return Move.RESTART, f"restart phrase {restart!r}"
    meaningful = [t for t in tokens if t not in lexicon.filler]
    if " ".join(meaningful) in lexicon.stop_alone or " ".join(tokens) in lexicon.stop_alone:
        return Move.STOP, "stop phrase alone"
    if len(tokens) > lexicon.short_message or looks_like_question(text):
        return None
    word = next((t for t in tokens if t in lexicon.stop_words), None)
    if word:
        return Move.STOP, f"stop word {word!r}"
    phrase = _has_phrase(tokens, lexicon.stop_phrases)
    if phrase:
        return Move.STOP, f"stop phrase {phrase!r}"
    return None


def says_no_code(text: str, lexicon: Lexicon = LEXICON) -> bool:
    """ "I have a booking but not its code" ("jag har ingen bokningskod", "ei oo tunnusta")."""
    return _has_phrase(words(text), lexicon.no_code_phrases) is not None


_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z_][\w/]*)")


def payload_intent(text: str) -> str | None:
    """The intent of a button payload ("/book_meeting{...}" -> "book_meeting")."""
    match = _PAYLOAD.match(text.strip())
    return match.group("intent") if match else None


def _top(intent: str | None) -> str | None:
    """A retrieval intent's top level ("faq/waiting_period" -> "faq")."""
    return intent.split("/", 1)[0] if intent else None


def decide(turn: Turn, lexicon: Lexicon = LEXICON) -> Decision:
    """What the form does with ``turn`` (see :class:`Move`); every return names its rule."""
    intent = _top(turn.intent)
    form = turn.form
    if turn.payload:
        return _decide_payload(turn, intent)
    kind = exit_kind(turn.text, lexicon)
    if kind is not None and turn.yes_no and kind[1] == "stop phrase alone":
        # "ei kiitos", "en halua", "jag vill inte" at a yes/no question are a no
        return Decision(Move.ANSWER, "a plain no at a yes/no question")
    if kind is not None:
        move, reason = kind
        if move is Move.CALLBACK and "request_callback" in form.own_intents:
            return Decision(Move.ANSWER, "callback asked in the callback form")
        if move is Move.HUMAN and "ask_human" in form.own_intents:
            return Decision(Move.ANSWER, "human asked in the callback form")
        return Decision(move, reason)
    sure = turn.confidence
    if (
        asks_first(turn.text)
        and (intent in IN_FORM_QUESTIONS or intent in form.in_form)
        and sure >= QUESTION_CONFIDENCE
    ):
        # "hur söker man dagpenning från fpa?" names a benefit but asks about it
        return Decision(Move.QUESTION, f"a question ({intent}) that starts with a question word")
    if turn.answers:
        return Decision(Move.ANSWER, "the text answers the question")
    if intent in ("ask_human", "request_callback") and sure >= HUMAN_CONFIDENCE:
        if intent in form.own_intents:
            return Decision(Move.ANSWER, f"{intent} is this form's own")
        return Decision(Move.HUMAN if intent == "ask_human" else Move.CALLBACK, f"intent {intent}")
    if intent == "stop" and sure >= HUMAN_CONFIDENCE:
        return Decision(Move.STOP, "intent stop")
    if intent in form.own_intents:
        return Decision(Move.ANSWER, f"{intent} is this form's own")
    if intent in form.in_form and sure >= QUESTION_CONFIDENCE:
        return Decision(Move.QUESTION, f"{intent} is handled in the form")
    if intent in IN_FORM_QUESTIONS and sure >= QUESTION_CONFIDENCE:
        return Decision(Move.QUESTION, f"in-form question {intent}")
    if intent in form.leave_at_once and sure >= QUESTION_CONFIDENCE:
        return Decision(Move.REQUEST, f"{intent} leaves at once")
    if intent in LEAVING_INTENTS and sure >= REQUEST_CONFIDENCE:
        if form.ask_before_leaving:
            return Decision(Move.ASK_LEAVE, f"typed request {intent}")
        return Decision(Move.REQUEST, f"typed request {intent}")
    if (
        intent == "deny"
        and not turn.yes_no
        and sure >= DENY_CONFIDENCE
        and len(words(turn.text)) <= MAX_DENY_WORDS
        and not form.ask_before_leaving
    ):
        return Decision(Move.STOP, "a bare no to a free-text question")
    if looks_like_question(turn.text) and not turn.yes_no:
        return Decision(Move.QUESTION, "an unanswerable question at the prompt")
    return Decision(Move.ANSWER, "no other reading")


def _decide_payload(turn: Turn, intent: str | None) -> Decision:
    form = turn.form
    if intent in ("affirm", "deny"):
        if turn.yes_no:
            return Decision(Move.ANSWER, "a yes/no button at a yes/no question")
        return Decision(Move.ANSWER, "a stale yes/no button: not an answer here")
    if intent == "inform":
        return Decision(Move.ANSWER, "an answer button (its entities are the answer)")
    if intent == "stop":
        return Decision(Move.STOP, "stop button")
    if intent in form.own_intents:
        return Decision(Move.ANSWER, f"{intent} button is this form's own")
    if intent == "ask_human":
        return Decision(Move.HUMAN, "human button")
    if intent == "request_callback":
        return Decision(Move.CALLBACK, "callback button")
    if intent in form.in_form or intent in IN_FORM_QUESTIONS:
        return Decision(Move.QUESTION, f"{intent} button is handled in the form")
    return Decision(Move.REQUEST, f"button of another intent ({intent})")
