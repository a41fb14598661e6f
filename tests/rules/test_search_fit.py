"""Who an offer is for, why it fits (sv + fi), and the questions before a search.

The native speakers' case: "Navigatorn: personlig coachning för unga under 30" was ranked
first for a person aged 30–54, in the chat and on the coach's case page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.catalog.schema import TARGET_GROUPS, OfferRow, parse_offer
from bot.rules.offer_text import why
from bot.rules.profile import MappingProfile
from bot.rules.ranking import (
    OPEN_TARGETS,
    RESTRICTED_TARGETS,
    OfferIndex,
    Scored,
    SearchProfile,
    only_for,
    profile_from_mapping,
    rank,
    rank_indexed,
    score,
)
from bot.rules.search_filters import (
    FIELD_QUESTION,
    PLACE_QUESTION,
    SearchFilters,
    apply_answer,
    next_question,
    parse_filters,
)

TODAY = date(2026, 11, 25)
ROOT = Path(__file__).resolve().parents[2]
AREA = frozenset({"638", "434", "753", "018", "504", "616", "407", "585"})
NAVIGATOR = "porvoo-workshops-ohjaamo-2027"


def sample_offers() -> list[OfferRow]:
    catalog = ROOT / "data" / "catalog"
    providers = {
        p["id"] for p in yaml.safe_load((catalog / "providers.yml").read_text())["providers"]
    }
    rows = yaml.safe_load((catalog / "offers.yml").read_text("utf-8"))["offers"]
    return [parse_offer(row, i, providers) for i, row in enumerate(rows)]


OFFERS = sample_offers()

# The person of the complaint: 30–54, Borgå, wants the care field and everyday support.
MIDDLE_AGED = {
    "age_group": "30_54",
    "municipality": "638",
    "situation": "unemployed",
    "desired_fields": ["09"],
    "help_wanted": ["wellbeing"],
    "native_language": "sv",
    "service_language": "sv",
}


def profile_of(answers: dict[str, Any], language: str = "sv") -> SearchProfile:
    return profile_from_mapping(MappingProfile.from_slots(answers), TODAY, language, AREA)


def test_navigatorn_has_the_best_score_but_is_not_for_a_person_aged_30_to_54() -> None:
    profile = profile_of(MIDDLE_AGED)
    assert profile.groups == ()
    ranked = rank(OFFERS, profile, SearchFilters(), TODAY)
    best_score = max(ranked, key=lambda s: s.score)
    assert best_score.offer.external_id == NAVIGATOR  # what once put it first
    navigator = next(i for i, s in enumerate(ranked) if s.offer.external_id == NAVIGATOR)
    assert all(s.fits for s in ranked[:navigator])
    assert not ranked[navigator].fits and ranked[navigator].only_for == ("under_30",)
    assert navigator > 40  # after every offer the person can take
    assert why(ranked[navigator], "sv") == "Den här är bara för unga under 30."
    assert why(ranked[navigator], "fi") == "Tämä on vain alle 30-vuotiaille."


def test_the_coach_page_profile_without_groups_does_not_put_it_first_either() -> None:
    """bot/portal/views_portal.py builds a profile without customer groups."""
    portal = SearchProfile(
        language="sv",
        study_languages=("sv",),
        fields=("09",),
        municipality="638",
        help_wanted=("wellbeing",),
    )
    ranked = rank(OFFERS, portal, SearchFilters(), TODAY)
    top3 = [s.offer.external_id for s in ranked[:3]]
    assert NAVIGATOR not in top3 and all(s.fits for s in ranked[:3])
    fast, _ = rank_indexed(OfferIndex(OFFERS), portal, SearchFilters(), TODAY, 0, 3)
    assert [s.offer.external_id for s in fast] == top3


def test_navigatorn_for_a_young_person() -> None:
    young = profile_of({**MIDDLE_AGED, "age_group": "under_25"})
    assert young.groups == ("youth",)
    ranked = rank(OFFERS, young, SearchFilters(), TODAY)
    assert ranked[0].offer.external_id == NAVIGATOR
    assert why(ranked[0], "sv") == (
        "Därför passar den dig: den är inom området du önskade (vård och omsorg), "
        "är gjord för dig som är under 30 och ordnas i din hemkommun."
    )
    assert why(ranked[0], "fi") == (
        "Sopii sinulle, koska se on alalla, jota toivoit (sosiaali- ja terveysala), "
        "on tarkoitettu alle 30-vuotiaille ja järjestetään kotikunnassasi."
    )


PEOPLE: dict[str, dict[str, Any]] = {
    "30-54": MIDDLE_AGED,
    "55+": {**MIDDLE_AGED, "age_group": "55_plus", "desired_fields": ["10"]},
    "born 1996": {**MIDDLE_AGED, "age_group": "30_54", "birth_year": 1996},  # turns 30
    "under 25": {**MIDDLE_AGED, "age_group": "under_25", "help_wanted": ["training"]},
    "immigrant": {**MIDDLE_AGED, "native_language": "ar", "service_language": "fi"},
    "long-term": {**MIDDLE_AGED, "situation_duration": "over_12m"},
    "partial": {**MIDDLE_AGED, "work_ability": "limited", "desired_fields": ["any"]},
    "laid off": {**MIDDLE_AGED, "situation": "laid_off", "desired_fields": ["07"]},
    "no mapping": {},
}


@pytest.mark.parametrize("who", sorted(PEOPLE))
@pytest.mark.parametrize(
    "text", ["", "verkstad", "työkokeilu osatyökykyisille", "kurser för invandrare", "på svenska"]
)
def test_offers_the_person_can_take_always_come_first(who: str, text: str) -> None:
    profile = profile_of(PEOPLE[who]) if PEOPLE[who] else SearchProfile(service_area=AREA)
    filters = parse_filters(text, TODAY)
    ranked = rank(OFFERS, profile, filters, TODAY)
    fits = [s.fits for s in ranked]
    assert fits == sorted(fits, reverse=True)
    groups = {*profile.groups, *filters.groups}
    targets = {
        {"youth": "under_30", "immigrant": "immigrants", "laid_off": "laid_off"}.get(g, g)
        for g in groups
    } | (
        {"long_term_unemployed"}
        if groups & {"long_term_unemployed", "partial_work_ability"}
        else set()
    )
    for s in ranked:
        if s.fits:
            assert not only_for(s.offer) or targets & set(s.offer.target_groups)
        else:
            assert s.only_for and not targets & set(s.only_for)
            assert why(s, "sv").startswith("Den här är bara för")
            assert why(s, "fi").startswith("Tämä on vain")
    fast, total = rank_indexed(OfferIndex(OFFERS), profile, filters, TODAY)
    assert total == len(ranked)
    assert [s.offer.external_id for s in fast] == [s.offer.external_id for s in ranked]


@pytest.mark.parametrize(
    ("answers", "groups"),
    [
        (MIDDLE_AGED, ()),
        ({**MIDDLE_AGED, "age_group": "25_29"}, ("youth",)),
        ({**MIDDLE_AGED, "birth_year": 1996}, ("youth",)),  # turns 30 this year: coach checks
        ({**MIDDLE_AGED, "birth_year": 1990}, ()),
        ({**MIDDLE_AGED, "native_language": "so"}, ("immigrant",)),
        ({**MIDDLE_AGED, "situation_duration": "over_12m"}, ("long_term_unemployed",)),
        ({**MIDDLE_AGED, "work_ability": "limited"}, ("partial_work_ability",)),
        ({**MIDDLE_AGED, "situation": "laid_off"}, ("laid_off",)),
        ({**MIDDLE_AGED, "help_wanted": ["career_change"]}, ("career_change",)),
    ],
)
def test_the_mapping_gives_the_groups(answers: dict[str, Any], groups: tuple[str, ...]) -> None:
    assert profile_of(answers).groups == groups


def test_profile_from_mapping() -> None:
    profile = profile_of(
        {
            **MIDDLE_AGED,
            "native_language": "ru",
            "service_language": "fi",
            "other_languages": [
                {"language": "sv", "level": "basic"},
                {"language": "en", "level": "fluent"},
            ],
            "desired_fields": ["any", "06"],
        },
        language="sv",
    )
    assert profile.language == "fi"
    assert profile.study_languages == ("fi", "en")
    assert profile.fields == ("06",)
    assert profile.knows_person()
    assert not SearchProfile(language="fi", service_area=AREA).knows_person()


def test_every_catalog_target_group_is_open_or_restricted() -> None:
    assert OPEN_TARGETS | RESTRICTED_TARGETS == TARGET_GROUPS
    assert not OPEN_TARGETS & RESTRICTED_TARGETS


@dataclass(frozen=True)
class Off:
    external_id: str = "x"
    title_sv: str = "Kurs"
    title_fi: str = "Kurssi"
    isced: str = "041"
    languages: tuple[str, ...] = ("fi",)
    municipality: str | None = "905"
    online: bool = False
    format: str = "full_time"
    start_date: date | None = date(2028, 1, 1)
    end_date: date | None = date(2028, 6, 1)
    application_deadline: date | None = None
    target_groups: tuple[str, ...] = ("all",)
    kind: str = "labour_market_training"
    free: bool = True
    price_eur: int = 0
    provider_name: str = "Careeria"
    provider_name_sv: str | None = None
    url: str | None = None


NOBODY = SearchProfile(language="sv")


@pytest.mark.parametrize(
    ("targets", "groups", "typed", "fits", "limited_to"),
    [
        (("all",), (), (), True, ()),
        (("under_30",), (), (), False, ("under_30",)),
        (("under_30",), ("youth",), (), True, ()),
        (("under_30",), (), ("youth",), True, ()),  # "nuorille" typed in the chat
        (
            ("immigrants", "long_term_unemployed"),
            (),
            (),
            False,
            ("immigrants", "long_term_unemployed"),
        ),
        (("immigrants", "long_term_unemployed"), ("immigrant",), (), True, ()),
        (("long_term_unemployed",), ("partial_work_ability",), (), True, ()),
        (("long_term_unemployed",), (), ("partial_work_ability",), True, ()),
        (("laid_off",), (), (), False, ("laid_off",)),
        (("laid_off",), ("laid_off",), (), True, ()),
        (("laid_off", "career_change"), (), (), True, ()),  # anyone may change careers
        (("under_30", "career_change"), (), (), True, ()),
        (("immigrants",), ("youth", "laid_off"), (), False, ("immigrants",)),
    ],
)
def test_who_can_take_an_offer(
    targets: tuple[str, ...],
    groups: tuple[str, ...],
    typed: tuple[str, ...],
    fits: bool,
    limited_to: tuple[str, ...],
) -> None:
    scored = score(
        Off(target_groups=targets),
        SearchProfile(language="sv", groups=groups),
        SearchFilters(groups=frozenset(typed)),
        TODAY,
    )
    assert (scored.fits, scored.only_for) == (fits, limited_to)


def _scored(offer: Off, profile: SearchProfile = NOBODY, text: str = "") -> Scored:
    return score(offer, profile, parse_filters(text, TODAY), TODAY)


HOME = SearchProfile(language="sv", municipality="638", service_area=AREA, fields=("10",))


@pytest.mark.parametrize(
    ("scored", "sv", "fi"),
    [
        (
            _scored(Off(languages=("sv",))),
            "Därför passar den dig: den är på svenska.",
            "Sopii sinulle, koska se on ruotsiksi.",
        ),
        (
            _scored(Off(languages=("en",))),
            "Den är öppen för alla.",
            "Se on avoin kaikille.",
        ),
        (
            _scored(Off(languages=("en",), municipality=None, online=True)),
            "Därför passar den dig: den går på nätet, så du kan studera hemifrån.",
            "Sopii sinulle, koska se on verkossa, joten voit opiskella kotona.",
        ),
        (
            _scored(Off(isced="104", languages=("en",), municipality="638"), HOME),
            "Därför passar den dig: den är inom området du önskade (service, restaurang, "
            "transport och städning) och ordnas i din hemkommun.",
            "Sopii sinulle, koska se on alalla, jota toivoit (palvelut, ravintola, "
            "kuljetus ja siivous) ja järjestetään kotikunnassasi.",
        ),
        (
            # what they asked about says more than its field; at most three reasons
            _scored(
                Off(title_sv="Truckkort", isced="104", languages=("sv", "fi"), municipality="434"),
                HOME,
                "truckkort",
            ),
            "Därför passar den dig: den handlar om det du frågade efter (truck), ordnas nära "
            "dig och är på svenska.",
            "Sopii sinulle, koska se liittyy siihen, mitä kysyit (trukki), järjestetään "
            "lähellä sinua ja on suomeksi.",
        ),
        (
            _scored(
                Off(
                    target_groups=("long_term_unemployed",), title_fi="Työkokeilu", kind="workshop"
                ),
                NOBODY,
                "työkokeilu osatyökykyisille",
            ),
            "Därför passar den dig: den handlar om det du frågade efter (arbetsprövning) och "
            "är gjord för dig som har nedsatt arbetsförmåga.",
            "Sopii sinulle, koska se liittyy siihen, mitä kysyit (työkokeilu) ja on "
            "tarkoitettu osatyökykyisille.",
        ),
        (
            _scored(
                Off(target_groups=("immigrants",), languages=("en",)),
                SearchProfile(language="sv", groups=("immigrant",)),
            ),
            "Därför passar den dig: den är gjord för dig som har flyttat till Finland.",
            "Sopii sinulle, koska se on tarkoitettu Suomeen muuttaneille.",
        ),
        (
            _scored(
                Off(kind="short_course", languages=("en",)),
                SearchProfile(language="sv", help_wanted=("job_search",)),
            ),
            "Därför passar den dig: den är en kort kurs, som passar det du vill ha hjälp med.",
            "Sopii sinulle, koska se on lyhytkurssi, joka sopii siihen, missä haluat apua.",
        ),
        (
            _scored(Off(target_groups=("under_30",), languages=("sv",))),
            "Den här är bara för unga under 30.",
            "Tämä on vain alle 30-vuotiaille.",
        ),
        (
            _scored(Off(target_groups=("immigrants", "long_term_unemployed"))),
            "Den här är bara för personer som har flyttat till Finland eller långtidsarbetslösa.",
            "Tämä on vain maahanmuuttajille tai pitkäaikaistyöttömille.",
        ),
    ],
)
def test_why_it_fits(scored: Scored, sv: str, fi: str) -> None:
    assert why(scored, "sv") == sv
    assert why(scored, "fi") == fi


def test_the_chat_language_picks_the_language_named() -> None:
    scored = _scored(Off(languages=("fi", "sv")))
    assert why(scored, "sv") == "Därför passar den dig: den är på svenska."
    assert why(scored, "sv", chat_language="fi") == "Därför passar den dig: den är på finska."
    assert why(scored, "fi") == "Sopii sinulle, koska se on suomeksi."


# --- the questions before a search with nothing to go on ------------------------------------


@pytest.mark.parametrize(
    ("filters", "asked", "knows_person", "question"),
    [
        (SearchFilters(), (), False, FIELD_QUESTION),
        (SearchFilters(), (), True, None),  # the mapping is something to go on
        (SearchFilters(fields=frozenset({"09"})), (), False, None),  # typed words are too
        (SearchFilters(topics=frozenset({"truck"})), (), False, None),
        (SearchFilters(groups=frozenset({"youth"})), (), False, None),
        (SearchFilters(languages=frozenset({"sv"})), (), False, None),
        (SearchFilters(online=True), (), False, None),
        # only what they refuse is not enough to go on
        (SearchFilters(excluded_topics=frozenset({"entrepreneurship"})), (), False, FIELD_QUESTION),
        # after the field: where, unless the answer already said
        (SearchFilters(fields=frozenset({"09"})), (FIELD_QUESTION,), False, PLACE_QUESTION),
        (SearchFilters(), (FIELD_QUESTION,), False, PLACE_QUESTION),  # "vad som helst"
        (SearchFilters(online=True), (FIELD_QUESTION,), False, None),
        (SearchFilters(municipality="434"), (FIELD_QUESTION,), False, None),
        (SearchFilters(in_person=True), (FIELD_QUESTION,), False, None),
        # never more than two, never the same twice
        (SearchFilters(), (FIELD_QUESTION, PLACE_QUESTION), False, None),
        (SearchFilters(), (PLACE_QUESTION,), False, None),
    ],
)
def test_next_question(
    filters: SearchFilters, asked: tuple[str, ...], knows_person: bool, question: str | None
) -> None:
    assert next_question(filters, asked, knows_person) == question


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("fields:09", {"fields": ["09"]}),
        ("fields:any", {}),
        ("kinds:workshop", {"kinds": ["workshop"]}),
        ("topics:work_trial", {"kinds": ["workshop"], "topics": ["work_trial"]}),
        ("place:online", {"online": True}),
        ("place:638", {"municipality": "638"}),
        ("place:any", {}),
        ("fields:hacker", {}),
        ("kinds:nope", {}),
        ("place:../../etc", {}),
        ("", {}),
    ],
)
def test_apply_answer(answer: str, expected: dict[str, object]) -> None:
    assert apply_answer(SearchFilters(), answer).to_dict() == expected


def test_an_answer_keeps_what_was_refused() -> None:
    refused = parse_filters("ei mua kiinnosta mikään yrittäjyys", TODAY)
    answered = apply_answer(apply_answer(refused, "fields:04"), "place:online")
    assert answered.to_dict() == {
        "online": True,
        "fields": ["04"],
        "excluded_topics": ["entrepreneurship"],
    }
    ranked = rank(OFFERS, NOBODY, answered, TODAY)
    assert ranked and not any("entrepreneurship" in s.topics for s in ranked)
    titles = {s.offer.title_fi for s in ranked}
    assert not any("yrit" in t.lower() or "liiketoiminta" in t.lower() for t in titles)
