"""Parse free-text answers to the mapping questions, in Swedish or Finnish (pure functions).

Each parser takes what the person typed and returns a normalised value (codes from
:mod:`bot.rules.vocabulary`) or raises :class:`AnswerError` with a reason code that the form
turns into one clear message in the person's language. The words are data, one file per
question under ``bot/rules/data/`` (read and compiled once, at import); the matching they
share (stems, phrases, clauses, negation) is :mod:`bot.rules.lexicon`, so the parsers only
say how the mentions combine. The background (situation, benefit, education, occupation,
facts) lives in :mod:`bot.rules.answer_background`, what the service should fit (fields,
help, work ability, contact channel) and the free-text checks in
:mod:`bot.rules.answer_needs`, age and duration in :mod:`bot.rules.answer_time`,
languages in :mod:`bot.rules.answer_languages`, yes/no in :mod:`bot.rules.yes_no`; all of
them are imported from here.
"""

from __future__ import annotations

from bot.rules.answer_background import (
    EducationAnswer,
    fact_label,
    facts_in,
    parse_benefit,
    parse_education,
    parse_education_detail,
    parse_occupation,
    parse_situation,
)
from bot.rules.answer_languages import (
    language_codes_in,
    parse_native_language,
    parse_other_languages,
    parse_service_language,
)
from bot.rules.answer_needs import (
    MAX_FREE_TEXT,
    Choices,
    WorkAbilityAnswer,
    field_codes_in,
    own_words,
    parse_channel,
    parse_fields,
    parse_fields_detail,
    parse_help,
    parse_help_detail,
    parse_work_ability,
    parse_work_ability_detail,
    parse_work_ability_effect,
)
from bot.rules.answer_time import (
    MAX_AGE,
    MIN_AGE,
    AgeAnswer,
    age_from_birth_year,
    age_group_for,
    duration_bucket,
    duration_with_situation,
    parse_age,
    parse_duration_months,
)
from bot.rules.lexicon import AnswerError
from bot.rules.vocabulary import DOMESTIC_LANGUAGES
from bot.rules.vocabulary import FACTS as FACT_LABELS
from bot.rules.yes_no import explicit_yes_no, is_bare_yes_no, parse_yes_no

__all__ = [
    "DOMESTIC_LANGUAGES",
    "FACT_LABELS",
    "MAX_AGE",
    "MAX_FREE_TEXT",
    "MIN_AGE",
    "AgeAnswer",
    "AnswerError",
    "Choices",
    "EducationAnswer",
    "WorkAbilityAnswer",
    "age_from_birth_year",
    "age_group_for",
    "duration_bucket",
    "duration_with_situation",
    "explicit_yes_no",
    "fact_label",
    "facts_in",
    "field_codes_in",
    "is_bare_yes_no",
    "language_codes_in",
    "own_words",
    "parse_age",
    "parse_benefit",
    "parse_channel",
    "parse_duration_months",
    "parse_education",
    "parse_education_detail",
    "parse_fields",
    "parse_fields_detail",
    "parse_help",
    "parse_help_detail",
    "parse_native_language",
    "parse_occupation",
    "parse_other_languages",
    "parse_service_language",
    "parse_situation",
    "parse_work_ability",
    "parse_work_ability_detail",
    "parse_work_ability_effect",
    "parse_yes_no",
]
