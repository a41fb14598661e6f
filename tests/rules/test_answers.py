"""Parsing free-text answers in Swedish and Finnish: one row per case."""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules import answers
from bot.rules.answers import AnswerError

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "year", "group"),
    [
        ("1987", 1987, "30_54"),
        ("född -92", 1992, "30_54"),
        ("syntynyt 1999", 1999, "25_29"),
        ("jag är 34", None, "30_54"),
        ("olen 52v", None, "30_54"),
        ("olen 22 vuotias", None, "under_25"),
        ("2004", 2004, "under_25"),
        ("-05", 2005, "under_25"),
        ("1996", 1996, "25_29"),  # turns 30 this year: still grouped as 29
        ("1970", 1970, "55_plus"),
        ("mä oon syntyny 1988", 1988, "30_54"),
    ],
)
def test_parse_age(text: str, year: int | None, group: str) -> None:
    parsed = answers.parse_age(text, TODAY)
    assert (parsed.birth_year, parsed.age_group) == (year, group)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1800", "age_out_of_range"),
        ("2030", "age_out_of_range"),
        ("abc", "age_not_understood"),
        ("ja", "age_not_understood"),
        ("jag är 7", "age_out_of_range"),
        ("", "age_not_understood"),
    ],
)
def test_parse_age_errors(text: str, reason: str) -> None:
    with pytest.raises(AnswerError) as info:
        answers.parse_age(text, TODAY)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("sedan mars", 8),
        ("syyskuusta", 2),
        ("2 år", 24),
        ("kaksi vuotta", 24),
        ("puoli vuotta", 6),
        ("ett halvår", 6),
        ("6 mån", 6),
        ("3 kk", 3),
        ("vuodesta 2022", 58),
        ("sen 2025", 22),
        ("typ tre veckor", 0.7),
        ("1,5 vuotta", 18),
        ("ollu työttömänä 2 vuotta", 24),
        ("just nu", 0),
    ],
)
def test_parse_duration(text: str, months: float) -> None:
    assert answers.parse_duration_months(text, TODAY) == pytest.approx(months, abs=0.1)


@pytest.mark.parametrize(
    ("months", "bucket"),
    [
        (0, "under_3m"),
        (2.9, "under_3m"),
        (3, "3_12m"),
        (11.9, "3_12m"),
        (12, "over_12m"),
        (40, "over_12m"),
    ],
)
def test_duration_bucket(months: float, bucket: str) -> None:
    assert answers.duration_bucket(months) == bucket


@pytest.mark.parametrize("text", ["vet inte", "blabla", "ja"])
def test_duration_not_understood(text: str) -> None:
    with pytest.raises(AnswerError):
        answers.parse_duration_months(text, TODAY)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("arbetslös", "unemployed"),
        ("jag ar arbetslos sen i vintras", "unemployed"),
        ("työtön", "unemployed"),
        ("mul ei oo töitä", "unemployed"),
        ("permitterad", "laid_off"),
        ("lomautettu syyskuusta", "laid_off"),
        ("jobbar deltid på K-market", "part_time"),
        ("osa-aikatyössä", "part_time"),
        ("opiskelen vielä", "student"),
        ("valmistun keväällä", "student"),
        ("föräldraledig", "other"),
    ],
)
def test_parse_situation(text: str, code: str) -> None:
    assert answers.parse_situation(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("arbetsmarknadsstöd", "labour_market_subsidy"),
        ("tyomarkkinatuki", "labour_market_subsidy"),
        ("grunddagpenning", "basic_allowance"),
        ("peruspäiväraha", "basic_allowance"),
        ("inkomstrelaterad från kassan", "earnings_related"),
        ("ansiosidonnainen", "earnings_related"),
        ("saan liitolta", "earnings_related"),
        ("en vet inte", "unknown"),
        ("en tiiä", "unknown"),
        ("ei mitään tukea", "none"),
        ("inget", "none"),
        ("något från FPA", "kela_unspecified"),
        ("kelasta jotain", "kela_unspecified"),
    ],
)
def test_parse_benefit(text: str, code: str) -> None:
    assert answers.parse_benefit(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("svenska", "sv"),
        ("suomi", "fi"),
        ("äidinkieli arabia", "ar"),
        ("ryska", "ru"),
        ("venäjä", "ru"),
        ("viro", "et"),
        ("somali", "so"),
        ("dari", "fa"),
        ("ukrainan kieli", "uk"),
        ("tigrinja", "ti"),
        ("wolof", "other"),
    ],
)
def test_parse_native_language(text: str, code: str) -> None:
    assert answers.parse_native_language(text) == code


def test_parse_native_language_rejects_yes() -> None:
    with pytest.raises(AnswerError):
        answers.parse_native_language("ja")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("finska bra, engelska lite", [("fi", "good"), ("en", "basic")]),
        ("suomi alkeet ja englanti sujuvasti", [("fi", "basic"), ("en", "fluent")]),
        ("ruotsi hyvin", [("sv", "good")]),
        ("engelska flytande", [("en", "fluent")]),
        ("inga andra", []),
        ("ei muita", []),
        ("nej", []),
    ],
)
def test_parse_other_languages(text: str, expected: list[tuple[str, str]]) -> None:
    parsed = answers.parse_other_languages(text)
    assert [(x["language"], x["level"]) for x in parsed] == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("gymnasiet", "upper_secondary"),
        ("yo", "upper_secondary"),
        ("lukio", "upper_secondary"),
        ("amis", "vocational"),
        ("merkonomi", "vocational"),
        ("lähihoitaja", "vocational"),
        ("tradenom från Novia", "higher"),
        ("yo + amk", "higher"),
        ("grundskola", "basic"),
        ("peruskoulu", "basic"),
        ("ei koulutusta", "none"),
        ("universitet i hemlandet", "higher"),
        ("utbildning från hemlandet", "foreign"),
    ],
)
def test_parse_education(text: str, code: str) -> None:
    assert answers.parse_education(text) == code


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("jobbade 10 år som lagerarbetare", "9"),
        ("olin lähihoitajana", "5"),
        ("kassa på K-market", "5"),
        ("snickare", "7"),
        ("rekkakuski", "8"),
        ("ohjelmoija", "2"),
        ("siivooja", "9"),
        ("kock på restaurang", "5"),
        ("ei työkokemusta", "none"),
        ("har inte jobbat", "none"),
        ("astronaut", "unknown"),
    ],
)
def test_parse_occupation(text: str, group: str) -> None:
    assert answers.parse_occupation(text) == group


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ja", "occupation_yes_no"),
        ("joo", "occupation_yes_no"),
        ("x" * 2000, "too_long"),
        ("🙂", "empty"),
    ],
)
def test_parse_occupation_errors(text: str, reason: str) -> None:
    with pytest.raises(AnswerError) as info:
        answers.parse_occupation(text)
    assert info.value.reason == reason


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("vården", ["09"]),
        ("hoitoalalle", ["09"]),
        ("IT-alalla", ["06"]),
        ("nåt med barn", ["01"]),
        ("rakennus", ["07"]),
        ("logistiikka tai varasto", ["10"]),
        ("restaurang eller vård", ["10", "09"]),
        ("vad som helst", ["any"]),
        ("mikä vaan käy", ["any"]),
        ("något roligt", []),
    ],
)
def test_parse_fields(text: str, codes: list[str]) -> None:
    assert answers.parse_fields(text) == codes


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("hjälp att söka jobb", ["job_search"]),
        ("koulutusta", ["training"]),
        ("byta bransch", ["career_change"]),
        ("haluun vaihtaa alaa", ["career_change"]),
        ("starta eget", ["entrepreneurship"]),
        ("jaksaminen", ["wellbeing"]),
        ("jobb och utbildning", ["training", "job_search"]),
    ],
)
def test_parse_help(text: str, codes: list[str]) -> None:
    assert answers.parse_help(text) == codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("inga begränsningar", "none"),
        ("ei", "none"),
        ("dålig rygg", "limited"),
        ("mulla on masennus", "limited"),
        ("vill inte svara", "skipped"),
        ("ohita", "skipped"),
        ("ei ole, mutta selkä vaivaa välillä", "limited"),
    ],
)
def test_parse_work_ability(text: str, code: str) -> None:
    assert answers.parse_work_ability(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("telefon", "phone"),
        ("soittakaa", "phone"),
        ("videolla", "video"),
        ("teams", "video"),
        ("käyn mieluiten paikan päällä", "visit"),
        ("besök", "visit"),
    ],
)
def test_parse_channel(text: str, code: str) -> None:
    assert answers.parse_channel(text) == code


@pytest.mark.parametrize(
    ("text", "current", "code"),
    [
        ("svenska", "fi", "sv"),
        ("suomeksi", "sv", "fi"),
        ("samma", "fi", "fi"),
        ("ihan sama", "sv", "sv"),
        ("ja", "sv", "sv"),
    ],
)
def test_parse_service_language(text: str, current: str, code: str) -> None:
    assert answers.parse_service_language(text, current) == code


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ja", True),
        ("joo", True),
        ("kyllä", True),
        ("ok", True),
        ("nej tack", False),
        ("ei kiitos", False),
        ("ei", False),
        ("kanske", None),
    ],
)
def test_parse_yes_no(text: str, value: bool | None) -> None:
    assert answers.parse_yes_no(text) is value


@pytest.mark.parametrize(
    ("value", "text", "expected"),
    [
        (True, "/affirm", True),
        (False, "/deny", False),
        (True, "ja", True),
        (True, "kyllä", True),
        (True, "kylla", True),
        (False, "nej", False),
        (False, "ei kiitos", False),
        (True, "nej", False),  # the word wins over a misread intent
        (True, "Maria", None),  # a name is not consent
        (True, "Anna", None),
        (False, "Zacharias", None),
        (True, "det går bra", True),  # longer text keeps the intent's reading
        (True, "käyhän se", True),
        (None, "ja", None),  # no yes/no intent, no answer
        (True, "", None),
    ],
)
def test_explicit_yes_no(value: object, text: str, expected: bool | None) -> None:
    assert answers.explicit_yes_no(value, text) is expected
