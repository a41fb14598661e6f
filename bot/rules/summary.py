"""Readable mapping summaries in Swedish and Finnish (pure functions).

The chat shows the answers for confirmation; the case database stores a fuller text in
both languages (answers, eligibility, service path, needs) for the coach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.rules import municipalities
from bot.rules.eligibility import (
    ELIGIBLE,
    EMPLOYMENT_AREA,
    NOT_ELIGIBLE,
    Eligibility,
    assess_eligibility,
)
from bot.rules.profile import MappingProfile
from bot.rules.service_paths import (
    GROUP_EVIDENCE,
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
    "eligibility": {"sv": "Betjänas här", "fi": "Palvellaan täällä"},
    "groups": {"sv": "Kundgrupper", "fi": "Asiakasryhmät"},
    "path": {"sv": "Rekommenderad servicestig", "fi": "Suositeltu palvelupolku"},
    "needs": {"sv": "Behov", "fi": "Tarpeet"},
    "own_words": {"sv": "Med egna ord", "fi": "Omin sanoin"},
    "born": {"sv": "född", "fi": "syntynyt"},
    "because": {"sv": "svar på frågan om", "fi": "vastaus kysymykseen"},
    "facts": {"sv": "Personen nämnde", "fi": "Henkilö mainitsi"},
    "unfinished": {"sv": "avbruten", "fi": "kesken jäänyt"},
}
ELIGIBILITY_LABELS = {
    ELIGIBLE: {"sv": "ja", "fi": "kyllä"},
    NOT_ELIGIBLE: {
        "sv": "nej, ett annat sysselsättningsområde betjänar",
        "fi": "ei, toinen työllisyysalue palvelee",
    },
    "check": {"sv": "oklart, coachen kontrollerar", "fi": "epäselvä, valmentaja tarkistaa"},
}


@dataclass(frozen=True)
class Assessment:
    """Everything the rules conclude from a profile."""

    eligibility: Eligibility
    path: ServicePath
    needs: tuple[str, ...]


def assess(
    profile: MappingProfile,
    today: date,
    service_area: frozenset[str],
    rules: str = EMPLOYMENT_AREA,
) -> Assessment:
    """Run every rule on a profile (``rules``: the employment area's since 2025, or the
    experiment's)."""
    return Assessment(
        assess_eligibility(profile, today, service_area, rules),
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
    words = profile.own_words_of(question)
    if words and _same_words(words, _plain_label(profile, question, language)):
        words = None  # "työnhaku" for "työnhaku": the label says it already
    if question == "occupation":
        if profile.occupation == "unknown" and words:
            return f"”{words}”"  # no group fits: the person's words are the answer
        text = label(OCCUPATION_GROUPS, profile.occupation, language)
        return f"{text}: ”{words}”" if words else text
    if question == "desired_fields":
        if words and not profile.desired_fields:
            return f"”{words}”"
        text = _list_label(FIELDS, profile.desired_fields, language)
        return f"{text}: ”{words}”" if words else text
    if question == "help_wanted":
        text = _list_label(HELP_TOPICS, profile.help_wanted, language)
        return f"{text}: ”{words}”" if words else text
    if question == "work_ability":
        text = label(WORK_ABILITY, profile.work_ability, language)
        return f"{text}: ”{words}”" if words and profile.work_ability != "none" else text
    if question == "work_ability_effect":
        if profile.work_ability_effect is None:
            return "–"
        return {True: {"sv": "ja", "fi": "kyllä"}, False: {"sv": "nej", "fi": "ei"}}[
            profile.work_ability_effect
        ][language]
    if question == "education":
        text = label(EDUCATION, profile.education, language)
        if profile.education_unfinished:
            unfinished = label(EDUCATION, profile.education_unfinished, language)
            text += f" ({unfinished}, {HEADINGS['unfinished'][language]})"
        return f"{text}: ”{words}”" if words else text
    if question == "situation_duration" and profile.duration_months is not None:
        months = profile.duration_months
        shown = f"{months:g}".replace(".", ",")
        unit = {"sv": "mån.", "fi": "kk"}[language]
        return f"{label(DURATIONS, profile.situation_duration, language)} (~{shown} {unit})"
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


def _plain_label(profile: MappingProfile, question: str, language: str) -> str:
    value = getattr(profile, question, None)
    tables = {
        "occupation": OCCUPATION_GROUPS,
        "desired_fields": FIELDS,
        "help_wanted": HELP_TOPICS,
        "work_ability": WORK_ABILITY,
        "education": EDUCATION,
    }
    if question not in tables:
        return ""
    codes = value if isinstance(value, list) else [value]
    return " ".join(label(tables[question], c, language) for c in codes if isinstance(c, str))


def _same_words(a: str, b: str) -> bool:
    from bot.text import words

    return bool(b) and words(a) == words(b)


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
        lines.append(f"• {h['groups'][language]}:")
        for group in path.groups:
            lines.append(
                f"  – {GROUPS[group][language]} ({group_reason(profile, group, language)})"
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
    if profile.facts:
        lines.append(
            f"• {h['facts'][language]}: "
            + ", ".join(fact_label(f, language) for f in profile.facts)
        )
    return "\n".join(lines)


def stored_fields(
    profile: MappingProfile, assessment: Assessment, questions: tuple[str, ...]
) -> dict[str, Any]:
    """What the case database keeps of a confirmed mapping (bot.cases.mappings.ConfirmedSummary)."""
    return {
        "data": profile.to_dict(),
        "own_words": profile.own_words(),
        "eligibility": assessment.eligibility.status,
        "eligibility_reasons": list(assessment.eligibility.reasons),
        "service_path": assessment.path.path,
        "path_reasons": list(assessment.path.reasons),
        "customer_groups": list(assessment.path.groups),
        "needs": list(assessment.needs),
        "text_sv": coach_text(profile, assessment, "sv", questions),
        "text_fi": coach_text(profile, assessment, "fi", questions),
    }


def group_reason(profile: MappingProfile, group: str, language: str) -> str:
    """Why the person is in ``group``: the answers that put them there, as they read."""
    parts = []
    for question in GROUP_EVIDENCE.get(group, ()):
        if getattr(profile, question, None) in (None, [], ""):
            continue
        parts.append(
            f"{HEADINGS['because'][language]} ”{QUESTION_LABELS[question][language]}”: "
            f"{answer_text(profile, question, language)}"
        )
    return "; ".join(parts)


def fact_label(fact: str, language: str) -> str:
    """A volunteered fact (truck licence, notice period ...) in ``language``."""
    from bot.rules.answers import fact_label as label_of

    return label_of(fact, language)


# What the person is told at the end of the mapping: the service line in plain words.
PERSON_PATHS: dict[str, dict[str, str]] = {
    "integration": {
        "sv": "språk och integration: finska eller svenska och det som hjälper dig in i "
        "arbetslivet i Finland",
        "fi": "kieli ja kotoutuminen eli ensin suomen tai ruotsin kieli ja se, mikä auttaa "
        "sinua pääsemään työelämään Suomessa",
    },
    "work_ability": {
        "sv": "stöd för arbetsförmågan: tjänster i en takt som passar dig och din hälsa",
        "fi": "työkyvyn tuki eli palveluja, jotka etenevät sinulle ja terveydellesi sopivaa tahtia",
    },
    "youth": {
        "sv": "tjänster för unga under 30, till exempel Navigatorn",
        "fi": "palvelut alle 30-vuotiaille, esimerkiksi Ohjaamo",
    },
    "skills_update": {
        "sv": "ny kompetens och omställning: korta utbildningar och stöd för att byta bransch",
        "fi": "osaamisen päivitys eli lyhyitä koulutuksia ja tukea alanvaihtoon",
    },
    "job_search": {
        "sv": "jobbsökning: hjälp att hitta och söka jobb",
        "fi": "työnhaku eli apua töiden löytämiseen ja hakemiseen",
    },
}
RESULT_RESPONSES = {
    ELIGIBLE: "utter_mapping_saved",
    "check": "utter_mapping_saved_check",
    NOT_ELIGIBLE: "utter_mapping_saved_elsewhere",
}


@dataclass(frozen=True)
class PersonResult:
    """The response that closes the mapping and its service line in plain words."""

    response: str
    path: str


def person_result(assessment: Assessment, language: str) -> PersonResult:
    """What the person is told after saving: who serves them and which service line.

    A person the rules place elsewhere is told where to go, never that a coach here reads
    the answers or offered a booking that contradicts it.
    """
    status = assessment.eligibility.status
    return PersonResult(
        RESULT_RESPONSES.get(status, "utter_mapping_saved_check"),
        PERSON_PATHS[assessment.path.path][language],
    )
