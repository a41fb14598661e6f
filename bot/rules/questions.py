"""The kartläggning's questions as one table: question -> parser, codes and detail slots.

Every question is validated the same way (actions/mapping.py): a stored value or a button's
code is accepted as it is; typed text is parsed by the question's parser into a code plus
details, and the person's own words are kept for the coach. The per-question special cases
are visible here, in the parsers' adapters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.rules import answers, municipalities
from bot.rules.answers import AnswerError
from bot.rules.vocabulary import (
    AGE_GROUPS,
    BENEFITS,
    CHANNELS,
    DURATIONS,
    EDUCATION,
    FIELDS,
    HELP_TOPICS,
    LANGUAGE_NAMES,
    OCCUPATION_GROUPS,
    SERVICE_LANGUAGES,
    SITUATIONS,
    SKIPPED,
    SPECIAL,
    WORK_ABILITY,
)


@dataclass(frozen=True)
class Context:
    """What a parser may need besides the text."""

    today: date
    language: str
    native_language: str | None = None


@dataclass(frozen=True)
class Parsed:
    """A parsed answer.

    Attributes:
        value: the code (or list of codes) for the question's slot.
        details: values of the question's detail slots (birth year, months ...).
        recognised: a code was found in the words; False when the answer is kept only as
            the person's own words (an occupation no table knows).
        keep_words: keep the typed words for the coach (False: the person said they do not
            want to give details).
    """

    value: Any
    details: Mapping[str, Any] = field(default_factory=dict)
    recognised: bool = True
    keep_words: bool = True


Parser = Callable[[str, Context], Parsed]
# Situations with no "how long?" question.
NO_DURATION = frozenset({"student", "other"})


@dataclass(frozen=True)
class Question:
    """One question of the kartläggning."""

    slot: str
    codes: frozenset[str]
    parse: Parser
    multi: bool = False
    optional: bool = False
    details: tuple[str, ...] = ()

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is already a valid stored answer (a code, or codes)."""
        if isinstance(value, str) and value in SPECIAL:
            return True
        if isinstance(value, bool):
            return self.slot in YES_NO
        if self.multi:
            items = value if isinstance(value, list) else [value]
            if self.slot == "other_languages":
                return isinstance(value, list) and all(
                    isinstance(x, dict) and x.get("language") in LANGUAGE_NAMES for x in value
                )
            return all(isinstance(x, str) and x in self.codes for x in items)
        return isinstance(value, str) and value in self.codes

    def stored(self, value: Any) -> Any:
        """A button's or stored code as the slot keeps it (lists for multi questions)."""
        if self.multi and isinstance(value, str) and value not in SPECIAL:
            return [] if value == "none" else [value]
        return value


def _age(text: str, ctx: Context) -> Parsed:
    parsed = answers.parse_age(text, ctx.today)
    return Parsed(parsed.age_group, {"birth_year": parsed.birth_year})


def _municipality(text: str, ctx: Context) -> Parsed:
    match = municipalities.match_municipality(text)
    if match.municipality is not None:
        return Parsed(match.municipality.code)
    if match.suggestions:
        raise AnswerError("municipality_suggest", suggestions=match.suggestions)
    raise AnswerError("municipality_unknown")


def _situation(text: str, ctx: Context) -> Parsed:
    situation = answers.parse_situation(text)
    months = None
    if situation not in NO_DURATION:
        months = answers.duration_with_situation(text, ctx.today)
    if months is None:
        return Parsed(situation)
    # "arbetslös sen oktober": the duration question is answered too
    details = {"situation_duration": answers.duration_bucket(months)}
    return Parsed(situation, {**details, "duration_months": round(months, 1)})


def _duration(text: str, ctx: Context) -> Parsed:
    months = answers.parse_duration_months(text, ctx.today)
    return Parsed(answers.duration_bucket(months), {"duration_months": round(months, 1)})


def _benefit(text: str, ctx: Context) -> Parsed:
    return Parsed(answers.parse_benefit(text))


def _native(text: str, ctx: Context) -> Parsed:
    code = answers.parse_native_language(text)
    return Parsed(code, recognised=code != "other")


def _other_languages(text: str, ctx: Context) -> Parsed:
    found = answers.parse_other_languages(text)
    return Parsed([x for x in found if x["language"] != ctx.native_language])


def _education(text: str, ctx: Context) -> Parsed:
    detail = answers.parse_education_detail(text)
    return Parsed(detail.code, {"education_unfinished": detail.unfinished})


def _occupation(text: str, ctx: Context) -> Parsed:
    code = answers.parse_occupation(text)
    return Parsed(code, recognised=code != "unknown")


def _fields(text: str, ctx: Context) -> Parsed:
    codes = answers.parse_fields(text)
    return Parsed(codes, recognised=bool(codes))


def _help(text: str, ctx: Context) -> Parsed:
    return Parsed(answers.parse_help(text))


def _work_ability(text: str, ctx: Context) -> Parsed:
    # "I have a limitation but won't say more": a limitation, and no words kept for the coach
    detail = answers.parse_work_ability_detail(text)
    return Parsed(detail.code, keep_words=detail.details is not None)


def _channel(text: str, ctx: Context) -> Parsed:
    return Parsed(answers.parse_channel(text))


def _service_language(text: str, ctx: Context) -> Parsed:
    return Parsed(answers.parse_service_language(text, ctx.language))


def _work_ability_effect(text: str, ctx: Context) -> Parsed:
    effect = answers.parse_work_ability_effect(text)
    if effect is None:
        raise AnswerError("work_ability_effect_not_understood")
    return Parsed(effect)


def _municipality_codes() -> frozenset[str]:
    return frozenset(m.code for m in municipalities.load())


QUESTIONS: dict[str, Question] = {
    q.slot: q
    for q in (
        Question("age_group", frozenset(AGE_GROUPS), _age, details=("birth_year",)),
        Question("municipality", _municipality_codes(), _municipality),
        Question(
            "situation",
            frozenset(SITUATIONS),
            _situation,
            details=("situation_duration", "duration_months"),
        ),
        Question(
            "situation_duration",
            frozenset(DURATIONS),
            _duration,
            optional=True,
            details=("duration_months",),
        ),
        Question("benefit", frozenset(BENEFITS), _benefit),
        Question("native_language", frozenset(LANGUAGE_NAMES), _native),
        Question(
            "other_languages",
            frozenset(LANGUAGE_NAMES),
            _other_languages,
            multi=True,
            optional=True,
        ),
        Question("education", frozenset(EDUCATION), _education, details=("education_unfinished",)),
        Question("occupation", frozenset(OCCUPATION_GROUPS), _occupation),
        Question("desired_fields", frozenset(FIELDS), _fields, multi=True),
        Question("help_wanted", frozenset(HELP_TOPICS), _help, multi=True),
        Question("work_ability", frozenset(WORK_ABILITY), _work_ability, optional=True),
        Question("work_ability_effect", frozenset(), _work_ability_effect, optional=True),
        Question("contact_channel", frozenset(CHANNELS), _channel),
        Question("service_language", frozenset(SERVICE_LANGUAGES), _service_language),
    )
}
YES_NO = frozenset({"work_ability_effect"})
SKIPPABLE = frozenset(q.slot for q in QUESTIONS.values() if q.optional)
# Questions whose answers tell them apart by the value alone ("Lovisa", "1985", "arbetslös"):
# asked "which answer do you want to change?", a person often types the new value.
BY_VALUE = ("municipality", "age_group", "situation")


def parse(slot: str, text: str, ctx: Context) -> Parsed:
    """Parse typed ``text`` as the answer to ``slot``.

    Raises:
        AnswerError: with the reason the form turns into one clear message.
    """
    return QUESTIONS[slot].parse(text, ctx)


def answers_question(slot: str, text: str, ctx: Context) -> bool:
    """Whether ``text`` is a recognised answer to ``slot`` (not only kept as free text)."""
    if slot not in QUESTIONS:
        return False
    try:
        parsed = parse(slot, text, ctx)
    except AnswerError:
        return False
    return parsed.recognised and parsed.value != SKIPPED


def question_of_value(text: str, ctx: Context) -> str | None:
    """The one question of :data:`BY_VALUE` that ``text`` answers, else None."""
    found = [slot for slot in BY_VALUE if answers_question(slot, text, ctx)]
    return found[0] if len(found) == 1 else None
