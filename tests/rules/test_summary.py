"""Summaries read back to the person and stored for the coach, in both languages."""

from __future__ import annotations

from datetime import date

from bot.rules.profile import QUESTIONS, MappingProfile
from bot.rules.summary import answers_text, assess, coach_text

TODAY = date(2026, 11, 25)
PROFILE = MappingProfile(
    age_group="30_54",
    birth_year=1987,
    municipality="638",
    situation="unemployed",
    situation_duration="over_12m",
    duration_months=14,
    benefit="labour_market_subsidy",
    native_language="ar",
    other_languages=[{"language": "fi", "level": "basic"}],
    education="vocational",
    occupation="5",
    desired_fields=["09"],
    answer_texts={"occupation": "jobbade som kock i fem år", "desired_fields": "vården"},
    help_wanted=["job_search", "training"],
    work_ability="skipped",
    contact_channel="visit",
    service_language="sv",
)


def test_answers_in_swedish() -> None:
    text = answers_text(PROFILE, "sv", QUESTIONS)
    assert "• Ålder: 30–54 år (född 1987)" in text
    assert "• Hemkommun: Borgå" in text
    assert "• Stöd: arbetsmarknadsstöd" in text
    assert "• Andra språk: finska (grundkunskaper)" in text
    assert "”jobbade som kock i fem år”" in text
    assert "• Arbetsförmåga: hoppade över frågan" in text


def test_answers_in_finnish() -> None:
    text = answers_text(PROFILE, "fi", QUESTIONS)
    assert "• Ikä: 30–54-vuotias (syntynyt 1987)" in text
    assert "• Kotikunta: Porvoo" in text
    assert "• Tuki: työmarkkinatuki" in text
    assert "• Äidinkieli: arabia" in text


def test_coach_text_has_assessment_in_both_languages() -> None:
    assessment = assess(PROFILE, TODAY, frozenset({"638"}))
    sv = coach_text(PROFILE, assessment, "sv", QUESTIONS)
    fi = coach_text(PROFILE, assessment, "fi", QUESTIONS)
    assert "Betjänas här: ja (bor inom sysselsättningsområdet)" in sv
    assert "Integration" in sv and "språkutbildning" in sv
    assert "Palvellaan täällä: kyllä (asuu työllisyysalueella)" in fi
    experiment = coach_text(
        PROFILE, assess(PROFILE, TODAY, frozenset({"638"}), "experiment"), "sv", QUESTIONS
    )
    assert "Betjänas här: ja (får allmänt stöd" in experiment
    assert "Kotoutuminen" in fi and "kielikoulutus" in fi
    # the person's own words appear untranslated in both
    assert "jobbade som kock i fem år" in sv and "jobbade som kock i fem år" in fi


def test_unanswered_questions_are_left_out() -> None:
    text = answers_text(MappingProfile(age_group="under_25"), "sv", QUESTIONS)
    assert text == "• Ålder: under 25 år"


def test_every_group_says_which_answers_put_the_person_there() -> None:
    profile = MappingProfile(
        age_group="30_54",
        birth_year=1970,
        municipality="638",
        situation="unemployed",
        situation_duration="3_12m",
        duration_months=2,
        work_ability="limited",
        work_ability_effect=True,
        answer_texts={"work_ability": "axlarna är lite slitna"},
    )
    assessment = assess(profile, TODAY, frozenset({"638"}))
    sv = coach_text(profile, assessment, "sv", QUESTIONS)
    assert "partiellt arbetsför (svar på frågan om ”Arbetsförmåga”: begränsad arbetsförmåga:" in sv
    assert "”axlarna är lite slitna”" in sv
    # two months out of work is not long-term unemployment
    assert "långtidsarbetslös" not in sv


def test_a_mild_mention_of_health_is_not_a_work_ability_path() -> None:
    profile = MappingProfile(
        age_group="30_54",
        municipality="638",
        situation="unemployed",
        situation_duration="under_3m",
        work_ability="mild",
        work_ability_effect=False,
    )
    assessment = assess(profile, TODAY, frozenset({"638"}))
    assert "partial_work_ability" not in assessment.path.groups
    assert assessment.path.path != "work_ability"


def test_dismissed_is_its_own_situation_and_path() -> None:
    profile = MappingProfile(
        age_group="30_54", municipality="638", situation="dismissed", situation_duration="under_3m"
    )
    assessment = assess(profile, TODAY, frozenset({"638"}))
    assert "dismissed" in assessment.path.groups
    assert assessment.path.path == "skills_update"
    assert "change_security" in assessment.needs
    assert "long_term_unemployed" not in assessment.path.groups


def test_facts_and_unfinished_studies_reach_the_coach() -> None:
    profile = MappingProfile(
        education="basic",
        education_unfinished="vocational",
        facts=["truck_licence"],
        answer_texts={"education": "peruskoulu. amis jäi kesken"},
    )
    assessment = assess(profile, TODAY, frozenset({"638"}))
    fi = coach_text(profile, assessment, "fi", QUESTIONS)
    assert "peruskoulu (ammatillinen tutkinto, kesken jäänyt)" in fi
    assert "”peruskoulu. amis jäi kesken”" in fi
    assert "trukkikortti" in fi.lower()


def test_no_internal_code_in_any_summary() -> None:
    profile = MappingProfile(occupation="8", benefit="unknown", situation="other")
    text = answers_text(profile, "fi", QUESTIONS) + answers_text(profile, "sv", QUESTIONS)
    for code in ("unknown", " 8", "other", "occupation"):
        assert code not in text
