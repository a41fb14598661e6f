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
    occupation_text="jobbade som kock i fem år",
    desired_fields=["09"],
    fields_text="vården",
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
    assert "• Andra språk: finska (grunder)" in text
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
    assert "Kund i försöket: ja (får arbetsmarknadsstöd" in sv
    assert "Integration" in sv and "språkutbildning" in sv
    assert "Kokeilun asiakas: kyllä (saa Kelan työmarkkinatukea" in fi
    assert "Kotoutuminen" in fi and "kielikoulutus" in fi
    # the person's own words appear untranslated in both
    assert "jobbade som kock i fem år" in sv and "jobbade som kock i fem år" in fi


def test_unanswered_questions_are_left_out() -> None:
    text = answers_text(MappingProfile(age_group="under_25"), "sv", QUESTIONS)
    assert text == "• Ålder: under 25 år"
