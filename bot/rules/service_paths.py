"""Customer groups, the recommended service path and the needs profile (pure rules).

Service paths of the municipal employment experiment:

* ``integration``: immigrants: integration and language training, international recruitment;
* ``work_ability``: long-term unemployed and partially able to work: low-threshold services;
* ``youth``: young people: everyday skills, competence, the Ohjaamo/Navigator network;
* ``skills_update``: laid-off people and career changers: short training, entrepreneurship;
* ``job_search``: everyone else: job-search coaching.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.rules.eligibility import is_under_30
from bot.rules.profile import MappingProfile
from bot.rules.vocabulary import DOMESTIC_LANGUAGES

GROUPS: dict[str, dict[str, str]] = {
    "immigrant": {"sv": "invandrare", "fi": "maahanmuuttaja"},
    "youth": {"sv": "ung under 30", "fi": "alle 30-vuotias nuori"},
    "long_term_unemployed": {"sv": "långtidsarbetslös", "fi": "pitkäaikaistyötön"},
    "partial_work_ability": {"sv": "partiellt arbetsför", "fi": "osatyökykyinen"},
    "laid_off": {"sv": "permitterad", "fi": "lomautettu"},
    "dismissed": {"sv": "uppsagd", "fi": "irtisanottu"},
    "career_change": {"sv": "vill byta bransch", "fi": "haluaa vaihtaa alaa"},
}
# The answers that put a person in each group (shown to the coach beside the group).
GROUP_EVIDENCE: dict[str, tuple[str, ...]] = {
    "immigrant": ("native_language",),
    "youth": ("age_group",),
    "long_term_unemployed": ("situation", "situation_duration"),
    "partial_work_ability": ("work_ability", "work_ability_effect"),
    "laid_off": ("situation",),
    "dismissed": ("situation",),
    "career_change": ("situation", "help_wanted"),
}

PATHS: dict[str, dict[str, str]] = {
    "integration": {
        "sv": "Integration: språkutbildning och integrationsutbildning, internationell rekrytering",
        "fi": "Kotoutuminen: kielikoulutus ja kotoutumiskoulutus, kansainvälinen rekrytointi",
    },
    "work_ability": {
        "sv": "Arbetsförmåga: lågtröskeltjänster och stöd för arbetsförmågan",
        "fi": "Työkyky: matalan kynnyksen palvelut ja työkyvyn tuki",
    },
    "youth": {
        "sv": "Unga: vardagsfärdigheter, kompetens och Navigatorn",
        "fi": "Nuoret: arjen taidot, osaaminen ja Ohjaamo",
    },
    "skills_update": {
        "sv": "Ny kompetens: kort utbildning för det som saknas, företagande",
        "fi": "Osaamisen päivitys: lyhyt koulutus puuttuvaan osaamiseen, yrittäjyys",
    },
    "job_search": {
        "sv": "Jobbsökning: coachning i att söka jobb",
        "fi": "Työnhaku: työnhakuvalmennus",
    },
}

PATH_REASONS: dict[str, dict[str, str]] = {
    "weak_domestic_language": {
        "sv": "behöver stärka finskan eller svenskan",
        "fi": "tarvitsee vahvempaa suomen tai ruotsin kielen taitoa",
    },
    "limited_work_ability": {
        "sv": "har berättat om begränsad arbetsförmåga",
        "fi": "kertoi rajoittuneesta työkyvystä",
    },
    "young": {"sv": "är under 30 år", "fi": "on alle 30-vuotias"},
    "long_term": {
        "sv": "har varit arbetslös ett år eller mer",
        "fi": "on ollut työttömänä vuoden tai kauemmin",
    },
    "laid_off": {"sv": "är permitterad", "fi": "on lomautettu"},
    "dismissed": {
        "sv": "har blivit uppsagd eller sagt upp sig och söker en ny riktning",
        "fi": "on irtisanottu tai irtisanoutunut ja hakee uutta suuntaa",
    },
    "wants_change": {
        "sv": "vill byta bransch eller starta eget",
        "fi": "haluaa vaihtaa alaa tai ryhtyä yrittäjäksi",
    },
    "default": {"sv": "söker jobb", "fi": "hakee töitä"},
}

NEEDS: dict[str, dict[str, str]] = {
    "language_training": {
        "sv": "språkutbildning i finska eller svenska",
        "fi": "suomen tai ruotsin kielen koulutus",
    },
    "first_qualification": {
        "sv": "en första yrkesexamen",
        "fi": "ensimmäinen ammatillinen tutkinto",
    },
    "degree_recognition": {
        "sv": "erkännande av utländsk examen",
        "fi": "ulkomaisen tutkinnon tunnustaminen",
    },
    "job_search_support": {"sv": "stöd i jobbsökningen", "fi": "tuki työnhakuun"},
    "training": {"sv": "utbildning", "fi": "koulutus"},
    "career_guidance": {
        "sv": "karriärvägledning för byte av bransch",
        "fi": "uraohjaus alanvaihtoon",
    },
    "entrepreneurship_advice": {"sv": "rådgivning om att starta eget", "fi": "yrittäjyysneuvonta"},
    "change_security": {
        "sv": "omställningsskydd: utbildning och stöd efter en uppsägning av ekonomiska skäl",
        "fi": "muutosturva: koulutusta ja tukea tuotannollisista syistä irtisanotulle",
    },
    "work_ability_assessment": {
        "sv": "bedömning av och stöd för arbetsförmågan",
        "fi": "työkyvyn arviointi ja tuki",
    },
    "everyday_support": {
        "sv": "stöd för vardagen och välmåendet",
        "fi": "tuki arkeen ja hyvinvointiin",
    },
}


@dataclass(frozen=True)
class ServicePath:
    """The recommended path, why, and every customer group the person belongs to."""

    path: str
    reasons: tuple[str, ...]
    groups: tuple[str, ...]


def has_good_domestic_language(profile: MappingProfile) -> bool:
    """Finnish or Swedish as native language, or at a good or fluent level."""
    if profile.native_language in DOMESTIC_LANGUAGES - {"se"}:
        return True
    return any(
        item.get("language") in ("fi", "sv") and item.get("level") in ("native", "fluent", "good")
        for item in profile.other_languages
    )


def customer_groups(profile: MappingProfile, today: date) -> tuple[str, ...]:
    """Every customer group of the experiment the person belongs to."""
    groups: list[str] = []
    if profile.native_language and profile.native_language not in DOMESTIC_LANGUAGES:
        groups.append("immigrant")
    if is_under_30(profile, today) is not False:  # under 30, or turning 30 this year
        groups.append("youth")
    # long-term unemployment needs the duration to say so
    if profile.situation_duration == "over_12m" and profile.situation in (
        "unemployed",
        "laid_off",
        "dismissed",
        "resigned",
    ):
        groups.append("long_term_unemployed")
    # a mild mention of health is not a limitation; only "limited" (or a yes to "does it
    # affect the work you can take?") is
    if profile.work_ability == "limited":
        groups.append("partial_work_ability")
    if profile.situation == "laid_off":
        groups.append("laid_off")
    if profile.situation == "dismissed":
        groups.append("dismissed")
    if "career_change" in profile.help_wanted or profile.situation == "resigned":
        groups.append("career_change")
    return tuple(groups)


def recommend_path(profile: MappingProfile, today: date) -> ServicePath:
    """The one service path to start with, in priority order, with the reasons."""
    groups = customer_groups(profile, today)
    if "immigrant" in groups and not has_good_domestic_language(profile):
        return ServicePath("integration", ("weak_domestic_language",), groups)
    if "partial_work_ability" in groups:
        return ServicePath("work_ability", ("limited_work_ability",), groups)
    if "youth" in groups:
        return ServicePath("youth", ("young",), groups)
    if "long_term_unemployed" in groups:
        return ServicePath("work_ability", ("long_term",), groups)
    if "dismissed" in groups or profile.situation == "resigned":
        return ServicePath("skills_update", ("dismissed",), groups)
    if "laid_off" in groups:
        return ServicePath("skills_update", ("laid_off",), groups)
    if "career_change" in groups or "entrepreneurship" in profile.help_wanted:
        return ServicePath("skills_update", ("wants_change",), groups)
    return ServicePath("job_search", ("default",), groups)


def needs_profile(profile: MappingProfile, today: date) -> tuple[str, ...]:
    """A short list of needs for the coach (codes of :data:`NEEDS`)."""
    needs: list[str] = []
    groups = customer_groups(profile, today)
    if "immigrant" in groups and not has_good_domestic_language(profile):
        needs.append("language_training")
    if profile.education == "foreign":
        needs.append("degree_recognition")
    if profile.education in ("none", "basic") and "youth" in groups:
        needs.append("first_qualification")
    if "job_search" in profile.help_wanted:
        needs.append("job_search_support")
    if "training" in profile.help_wanted and "first_qualification" not in needs:
        needs.append("training")
    if profile.situation == "dismissed":
        needs.append("change_security")
    if "career_change" in profile.help_wanted or profile.situation in ("dismissed", "resigned"):
        needs.append("career_guidance")
    if "entrepreneurship" in profile.help_wanted:
        needs.append("entrepreneurship_advice")
    if profile.work_ability == "limited" or "long_term_unemployed" in groups:
        needs.append("work_ability_assessment")
    if "wellbeing" in profile.help_wanted:
        needs.append("everyday_support")
    return tuple(needs)
