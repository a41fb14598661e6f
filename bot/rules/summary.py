"""Readable mapping summaries in Swedish and Finnish (pure functions).

The chat shows the answers for confirmation; the case database stores a fuller text in
both languages (answers, eligibility, service path, needs) for the coach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.rules import municipalities
from bot.rules.eligibility import ELIGIBLE, NOT_ELIGIBLE, Eligibility, assess_eligibility
from bot.rules.profile import MappingProfile
from bot.rules.service_paths import (
    GROUPS,
    NEEDS,
    PATH_REASONS,
    PATHS,
    ServicePath,
    needs_profile,
    recommend_path,
)
from bot.rules.vocabulary import (
    AGE_GROUPS,
    BENEFITS,
    CHANNELS,
    DURATIONS,
    EDUCATION,
    FIELDS,
    HELP_TOPICS,
    LANGUAGE_NAMES,
    LEVELS,
    OCCUPATION_GROUPS,
    QUESTION_LABELS,
    SERVICE_LANGUAGES,
    SITUATIONS,
    SPECIAL,
    WORK_ABILITY,
    label,
)

HEADINGS = {
    "title": {"sv": "Kartläggning", "fi": "Alkukartoitus"},
    "assessment": {"sv": "Bedömning", "fi": "Arvio"},
    "eligibility": {"sv": "Kund i försöket", "fi": "Kokeilun asiakas"},
    "groups": {"sv": "Kundgrupper", "fi": "Asiakasryhmät"},
    "path": {"sv": "Rekommenderad servicestig", "fi": "Suositeltu palvelupolku"},
    "needs": {"sv": "Behov", "fi": "Tarpeet"},
    "own_words": {"sv": "Med egna ord", "fi": "Omin sanoin"},
    "born": {"sv": "född", "fi": "syntynyt"},
}
ELIGIBILITY_LABELS = {
    ELIGIBLE: {"sv": "ja", "fi": "kyllä"},
    NOT_ELIGIBLE: {
        "sv": "nej, TE-byrån eller hemkommunen betjänar",
        "fi": "ei, TE-toimisto tai kotikunta palvelee",
    },
    "check": {"sv": "oklart, coachen kontrollerar", "fi": "epäselvä, valmentaja tarkistaa"},
}


@dataclass(frozen=True)
class Assessment:
    """Everything the rules conclude from a profile."""

    eligibility: Eligibility
    path: ServicePath
    needs: tuple[str, ...]


def assess(profile: MappingProfile, today: date, service_area: frozenset[str]) -> Assessment:
    """Run every rule on a profile."""
    return Assessment(
        assess_eligibility(profile, today, service_area),
        recommend_path(profile, today),
        needs_profile(profile, today),
    )


def _list_label(table: dict[str, dict[str, str]], codes: list[str], language: str) -> str:
    if not codes:
        return "–"
    return ", ".join(label(table, c, language) for c in codes)


def answer_text(profile: MappingProfile, question: str, language: str) -> str:
    """One answer as the person would want to read it back."""
    value = getattr(profile, question, None)
    if isinstance(value, str) and value in SPECIAL:
        return SPECIAL[value][language]
    if question == "age_group":
        text = label(AGE_GROUPS, profile.age_group, language)
        if profile.birth_year:
            text += f" ({HEADINGS['born'][language]} {profile.birth_year})"
        return text
    if question == "municipality":
        m = municipalities.by_code(profile.municipality) if profile.municipality else None
        return m.name(language) if m else (profile.municipality or "–")
    if question == "other_languages":
        if not profile.other_languages:
            return {"sv": "inga", "fi": "ei muita"}[language]
        return ", ".join(
            f"{label(LANGUAGE_NAMES, x.get('language'), language)} "
            f"({label(LEVELS, x.get('level'), language)})"
            for x in profile.other_languages
        )
    if question == "occupation":
        text = label(OCCUPATION_GROUPS, profile.occupation, language)
        return f"{text}: ”{profile.occupation_text}”" if profile.occupation_text else text
    if question == "desired_fields":
        text = _list_label(FIELDS, profile.desired_fields, language)
        if profile.fields_text and not profile.desired_fields:
            return f"”{profile.fields_text}”"
        return f"{text}: ”{profile.fields_text}”" if profile.fields_text else text
    if question == "help_wanted":
        return _list_label(HELP_TOPICS, profile.help_wanted, language)
    if question == "work_ability":
        text = label(WORK_ABILITY, profile.work_ability, language)
        if profile.work_ability == "limited" and profile.work_ability_text:
            return f"{text}: ”{profile.work_ability_text}”"
        return text
    tables = {
        "situation": SITUATIONS,
        "situation_duration": DURATIONS,
        "benefit": BENEFITS,
        "native_language": LANGUAGE_NAMES,
        "education": EDUCATION,
        "contact_channel": CHANNELS,
        "service_language": SERVICE_LANGUAGES,
    }
    return label(tables[question], value if isinstance(value, str) else None, language)


def answers_text(profile: MappingProfile, language: str, questions: tuple[str, ...]) -> str:
    """The answers, one line each, for the confirmation in the chat."""
    lines = []
    for question in questions:
        if getattr(profile, question, None) in (None, [], ""):
            continue
        lines.append(
            f"• {QUESTION_LABELS[question][language]}: {answer_text(profile, question, language)}"
        )
    return "\n".join(lines)


def coach_text(
    profile: MappingProfile, assessment: Assessment, language: str, questions: tuple[str, ...]
) -> str:
    """The full summary a coach reads: answers, then the assessment with its reasons."""
    h = HEADINGS
    eligibility = assessment.eligibility
    path = assessment.path
    lines = [h["title"][language], answers_text(profile, language, questions), ""]
    lines.append(f"{h['assessment'][language]}:")
    reasons = "; ".join(eligibility.explain(language))
    lines.append(
        f"• {h['eligibility'][language]}: {ELIGIBILITY_LABELS[eligibility.status][language]}"
        + (f" ({reasons})" if reasons else "")
    )
    if path.groups:
        lines.append(
            f"• {h['groups'][language]}: " + ", ".join(GROUPS[g][language] for g in path.groups)
        )
    lines.append(
        f"• {h['path'][language]}: {PATHS[path.path][language]} ("
        + "; ".join(PATH_REASONS[r][language] for r in path.reasons)
        + ")"
    )
    if assessment.needs:
        lines.append(
            f"• {h['needs'][language]}: " + ", ".join(NEEDS[n][language] for n in assessment.needs)
        )
    return "\n".join(lines)
