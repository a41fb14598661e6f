"""Eligibility for the municipal experiment and the service path: one row per rule."""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules.eligibility import assess_eligibility, is_under_30
from bot.rules.profile import MappingProfile
from bot.rules.service_paths import customer_groups, needs_profile, recommend_path

TODAY = date(2026, 11, 25)
AREA = frozenset({"638", "434", "753"})  # Borgå, Lovisa, Sibbo


def P(**kw: object) -> MappingProfile:
    base = {
        "municipality": "638",
        "native_language": "fi",
        "age_group": "30_54",
        "birth_year": 1980,
        "benefit": "earnings_related",
    }
    base.update(kw)
    return MappingProfile.from_slots(base)


@pytest.mark.parametrize(
    ("profile", "status", "reasons"),
    [
        # each qualifying group on its own
        (P(benefit="labour_market_subsidy"), "eligible", ("kela_benefit",)),
        (P(benefit="basic_allowance"), "eligible", ("kela_benefit",)),
        (P(benefit="kela_unspecified"), "eligible", ("kela_benefit",)),
        (P(birth_year=2000, age_group="25_29"), "eligible", ("under_30",)),
        (P(birth_year=None, age_group="under_25"), "eligible", ("under_30",)),
        (P(native_language="ar"), "eligible", ("foreign_native_language",)),
        (P(native_language="sv"), "not_eligible", ("earnings_related",)),
        (P(native_language="se"), "not_eligible", ("earnings_related",)),
        # several at once
        (
            P(benefit="labour_market_subsidy", birth_year=2001, native_language="so"),
            "eligible",
            ("kela_benefit", "under_30", "foreign_native_language"),
        ),
        # TE office customers
        (P(), "not_eligible", ("earnings_related",)),
        (P(benefit="none"), "not_eligible", ("no_qualifying_group",)),
        # outside the service area
        (P(municipality="091", benefit="labour_market_subsidy"), "not_eligible", ("outside_area",)),
        # edge cases
        (P(birth_year=1996, age_group="25_29"), "check", ("turns_30_this_year",)),
        (P(birth_year=1996, benefit="basic_allowance"), "eligible", ("kela_benefit",)),
        (P(benefit="unknown"), "check", ("benefit_unknown",)),
        (P(benefit=None), "check", ("benefit_unknown",)),
        (P(municipality=None), "check", ("municipality_unknown",)),
        (P(birth_year=None, age_group="30_54", benefit="unknown"), "check", ("benefit_unknown",)),
    ],
)
def test_eligibility(profile: MappingProfile, status: str, reasons: tuple[str, ...]) -> None:
    result = assess_eligibility(profile, TODAY, AREA, rules="experiment")
    assert (result.status, result.reasons) == (status, reasons)
    assert all(result.explain("sv")) and all(result.explain("fi"))


@pytest.mark.parametrize(
    ("birth_year", "group", "expected"),
    [
        (1997, None, True),
        (1996, None, None),
        (1995, None, False),
        (None, "25_29", True),
        (None, "55_plus", False),
        (None, None, False),
    ],
)
def test_is_under_30(birth_year: int | None, group: str | None, expected: bool | None) -> None:
    profile = MappingProfile(birth_year=birth_year, age_group=group)
    assert is_under_30(profile, TODAY) is expected


@pytest.mark.parametrize(
    ("profile", "path", "reasons"),
    [
        (
            P(native_language="ar", other_languages=[{"language": "fi", "level": "basic"}]),
            "integration",
            ("weak_domestic_language",),
        ),
        (
            P(native_language="ar", other_languages=[{"language": "fi", "level": "good"}]),
            "job_search",
            ("default",),
        ),
        (P(work_ability="limited"), "work_ability", ("limited_work_ability",)),
        (P(birth_year=2003), "youth", ("young",)),
        (P(situation="unemployed", situation_duration="over_12m"), "work_ability", ("long_term",)),
        (P(situation="laid_off"), "skills_update", ("laid_off",)),
        (P(help_wanted=["career_change"]), "skills_update", ("wants_change",)),
        (P(help_wanted=["entrepreneurship"]), "skills_update", ("wants_change",)),
        (P(), "job_search", ("default",)),
        # priority: an immigrant under 30 without Finnish/Swedish starts with integration
        (P(native_language="ru", birth_year=2002), "integration", ("weak_domestic_language",)),
        # partial work ability before youth
        (P(birth_year=2002, work_ability="limited"), "work_ability", ("limited_work_ability",)),
    ],
)
def test_service_path(profile: MappingProfile, path: str, reasons: tuple[str, ...]) -> None:
    result = recommend_path(profile, TODAY)
    assert (result.path, result.reasons) == (path, reasons)


def test_groups_and_needs() -> None:
    profile = P(
        native_language="ar",
        birth_year=2001,
        education="foreign",
        situation="unemployed",
        situation_duration="over_12m",
        help_wanted=["job_search", "training", "wellbeing"],
        work_ability="limited",
    )
    assert customer_groups(profile, TODAY) == (
        "immigrant",
        "youth",
        "long_term_unemployed",
        "partial_work_ability",
    )
    assert needs_profile(profile, TODAY) == (
        "language_training",
        "degree_recognition",
        "job_search_support",
        "training",
        "work_ability_assessment",
        "everyday_support",
    )


@pytest.mark.parametrize(
    ("profile", "status", "reasons"),
    [
        # since 2025 the employment area serves everyone who lives in it
        (P(), "eligible", ("lives_in_area",)),
        (P(native_language="sv", benefit="earnings_related"), "eligible", ("lives_in_area",)),
        (P(benefit=None), "eligible", ("lives_in_area",)),
        (P(municipality="091"), "not_eligible", ("outside_area",)),
        (P(municipality=None), "check", ("municipality_unknown",)),
    ],
)
def test_employment_area_rules(
    profile: MappingProfile, status: str, reasons: tuple[str, ...]
) -> None:
    result = assess_eligibility(profile, TODAY, AREA)
    assert (result.status, result.reasons) == (status, reasons)


def test_the_rule_set_is_checked_at_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.config import load_settings

    monkeypatch.setenv("SERVICE_RULES", "kommunförsök")
    with pytest.raises(ValueError, match="SERVICE_RULES"):
        load_settings()
