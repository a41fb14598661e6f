"""Who the employment services serve, and why (pure rules). Two rule sets:

* ``employment_area`` (the default, the law since 1.1.2025): the TE offices were abolished
  and the municipal employment area serves every job seeker who lives in it; a person from
  elsewhere is served by the employment area of their home municipality.
* ``experiment`` (the municipal experiment 2021–2024, kommunförsöket / kuntakokeilu): the
  municipality served, in its service area, unemployed job seekers on labour-market
  subsidy or basic daily allowance from FPA/Kela, everyone under 30, and job seekers whose
  native language is not Finnish, Swedish or Sami; others were served by the TE office.

SERVICE_RULES and SERVICE_AREA (bot/config.py) choose the rule set and the municipalities.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.rules.profile import MappingProfile
from bot.rules.vocabulary import DOMESTIC_LANGUAGES

ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not_eligible"
CHECK = "check"
EMPLOYMENT_AREA = "employment_area"
EXPERIMENT = "experiment"
RULE_SETS = (EMPLOYMENT_AREA, EXPERIMENT)

KELA_BENEFITS = frozenset(
    {"general_support", "labour_market_subsidy", "basic_allowance", "kela_unspecified"}
)

REASONS: dict[str, dict[str, str]] = {
    "lives_in_area": {
        "sv": "bor inom sysselsättningsområdet",
        "fi": "asuu työllisyysalueella",
    },
    "kela_benefit": {
        "sv": "får allmänt stöd (tidigare arbetsmarknadsstöd eller grunddagpenning) från FPA",
        "fi": "saa Kelan yleistukea (aiemmin työmarkkinatuki tai peruspäiväraha)",
    },
    "under_30": {"sv": "är under 30 år", "fi": "on alle 30-vuotias"},
    "turns_30_this_year": {
        "sv": "fyller 30 i år: coachen kontrollerar åldern",
        "fi": "täyttää tänä vuonna 30: valmentaja tarkistaa iän",
    },
    "foreign_native_language": {
        "sv": "har ett annat modersmål än finska, svenska eller samiska",
        "fi": "äidinkieli on muu kuin suomi, ruotsi tai saame",
    },
    "outside_area": {
        "sv": "bor utanför sysselsättningsområdet",
        "fi": "asuu työllisyysalueen ulkopuolella",
    },
    "earnings_related": {
        "sv": "får inkomstrelaterad dagpenning och är över 30 år",
        "fi": "saa ansiosidonnaista päivärahaa ja on yli 30-vuotias",
    },
    "benefit_unknown": {
        "sv": "stödet är oklart: coachen kontrollerar",
        "fi": "tuki on epäselvä: valmentaja tarkistaa",
    },
    "no_qualifying_group": {
        "sv": "hör inte till försökets kundgrupper",
        "fi": "ei kuulu kokeilun asiakasryhmiin",
    },
    "municipality_unknown": {
        "sv": "hemkommunen är inte känd",
        "fi": "kotikunta ei ole tiedossa",
    },
}


@dataclass(frozen=True)
class Eligibility:
    """The outcome and its reasons (codes of :data:`REASONS`)."""

    status: str
    reasons: tuple[str, ...]

    def explain(self, language: str) -> list[str]:
        """The reasons in ``language``."""
        return [REASONS[r][language] for r in self.reasons]


def age_this_year(profile: MappingProfile, today: date) -> int | None:
    """The age the person reaches this calendar year, when the birth year is known."""
    return today.year - profile.birth_year if profile.birth_year else None


def is_under_30(profile: MappingProfile, today: date) -> bool | None:
    """True/False when certain; None when the person turns 30 this year."""
    age = age_this_year(profile, today)
    if age is not None:
        if age < 30:
            return True
        if age == 30:
            return None
        return False
    if profile.age_group in ("under_25", "25_29"):
        return True
    if profile.age_group in ("30_54", "55_plus"):
        return False
    return False


def assess_eligibility(
    profile: MappingProfile,
    today: date,
    service_area: frozenset[str],
    rules: str = EMPLOYMENT_AREA,
) -> Eligibility:
    """Decide whether these services serve the person, with the reasons (``rules``: see the
    module docstring)."""
    if profile.municipality is None:
        return Eligibility(CHECK, ("municipality_unknown",))
    if profile.municipality not in service_area:
        return Eligibility(NOT_ELIGIBLE, ("outside_area",))
    if rules == EMPLOYMENT_AREA:
        return Eligibility(ELIGIBLE, ("lives_in_area",))

    reasons: list[str] = []
    if profile.benefit in KELA_BENEFITS:
        reasons.append("kela_benefit")
    under_30 = is_under_30(profile, today)
    if under_30:
        reasons.append("under_30")
    native = profile.native_language
    if native and native not in DOMESTIC_LANGUAGES:
        reasons.append("foreign_native_language")
    if reasons:
        return Eligibility(ELIGIBLE, tuple(reasons))
    if under_30 is None:
        return Eligibility(CHECK, ("turns_30_this_year",))
    if profile.benefit == "earnings_related":
        return Eligibility(NOT_ELIGIBLE, ("earnings_related",))
    if profile.benefit in (None, "unknown"):
        return Eligibility(CHECK, ("benefit_unknown",))
    return Eligibility(NOT_ELIGIBLE, ("no_qualifying_group",))
