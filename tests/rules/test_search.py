"""Search filters (both languages) and the explainable ranking: one row per rule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from bot.rules.offer_text import card, describe_filters, local_date
from bot.rules.ranking import OfferIndex, SearchProfile, filter_to_drop, passes, rank, score
from bot.rules.search_filters import SearchFilters, SearchState, parse_filters

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("på svenska", {"languages": ["sv"]}),
        ("finns det något på svenska?", {"languages": ["sv"]}),
        ("ruotsiksi", {"languages": ["sv"]}),
        ("suomenkielinen koulutus", {"languages": ["fi"]}),
        ("in English", {"languages": ["en"]}),
        ("verkossa", {"online": True}),
        ("entä verkossa?", {"online": True}),
        ("på distans", {"online": True}),
        ("i Vasa", {"municipality": "905"}),
        ("Porvoossa", {"municipality": "638"}),
        ("kurser i Lovisa", {"municipality": "434"}),
        ("inom vården", {"fields": ["09"]}),
        ("hoitoalalta", {"fields": ["09"]}),
        ("IT-kurser", {"fields": ["06"]}),
        ("som börjar i vår", {"starts_from": "2027-01-01", "starts_until": "2027-05-31"}),
        ("syksyllä alkava", {"starts_from": "2027-08-01", "starts_until": "2027-12-31"}),
        ("tammikuussa", {"starts_from": "2027-01-01", "starts_until": "2027-01-31"}),
        ("kvällskurs", {"formats": ["evening"]}),
        ("osa-aikainen", {"formats": ["part_time"]}),
        ("läroavtal", {"kinds": ["apprenticeship"]}),
        ("oppisopimus", {"kinds": ["apprenticeship"]}),
        ("gratis", {"free_only": True}),
        ("ilmainen", {"free_only": True}),
        (
            "finns det kurser inom vården på svenska i Borgå",
            {"languages": ["sv"], "fields": ["09"], "municipality": "638"},
        ),
        ("visa utbildningar", {}),
        ("näytä koulutukset", {}),
    ],
)
def test_parse_filters(text: str, expected: dict[str, object]) -> None:
    assert parse_filters(text, TODAY).to_dict() == expected


def test_follow_up_filters_are_added_on_top() -> None:
    first = parse_filters("kurser inom vården", TODAY)
    follow = first.merged(parse_filters("finns det något på svenska?", TODAY))
    assert follow.to_dict() == {"languages": ["sv"], "fields": ["09"]}
    online = follow.merged(parse_filters("entä verkossa?", TODAY))
    assert online.to_dict() == {"languages": ["sv"], "online": True, "fields": ["09"]}
    place = online.merged(parse_filters("i Lovisa då", TODAY))
    assert place.municipality == "434" and place.online is None
    assert SearchFilters.from_dict(place.to_dict()) == place


@pytest.mark.parametrize(
    ("first", "then", "expected"),
    [
        # exclusions add up over follow-ups
        (
            "inget företagande",
            "entä verkossa?",
            {"online": True, "excluded_topics": ["entrepreneurship"]},
        ),
        ("inte vård", "inte heller IT", {"excluded_fields": ["06", "09"]}),
        # asking for it again lifts the exclusion; refusing it drops it from the wish
        ("ei hoitoalaa", "no okei hoitoala sit kuitenkin", {"fields": ["09"]}),
        ("inom vården", "nej, inte vård ändå", {"excluded_fields": ["09"]}),
        # in person and online replace each other
        ("på nätet", "nej inte på nätet", {"in_person": True}),
        ("ei verkossa", "no verkossa sit", {"online": True}),
        # groups named add up
        ("för unga", "osatyökykyisille", {"groups": ["partial_work_ability", "youth"]}),
    ],
)
def test_follow_ups_with_exclusions(first: str, then: str, expected: dict[str, object]) -> None:
    merged = parse_filters(first, TODAY).merged(parse_filters(then, TODAY))
    assert merged.to_dict() == expected
    assert SearchFilters.from_dict(merged.to_dict()) == merged


@pytest.mark.parametrize(
    ("slot", "expected"),
    [
        (None, SearchState()),
        ("broken", SearchState()),
        ({"fields": ["09"]}, SearchState(SearchFilters(fields=frozenset({"09"})))),
        ({"asked": ["field", "bogus"]}, SearchState(asked=("field",))),
        (
            {"excluded_topics": ["entrepreneurship"], "asked": ["field", "place"]},
            SearchState(
                SearchFilters(excluded_topics=frozenset({"entrepreneurship"})), ("field", "place")
            ),
        ),
        ({"starts_from": "not a date"}, SearchState()),
    ],
)
def test_search_state_in_the_slot(slot: object, expected: SearchState) -> None:
    state = SearchState.from_slot(slot)
    assert state == expected
    assert SearchState.from_slot(state.to_slot()) == state


@dataclass(frozen=True)
class Off:
    external_id: str
    isced: str = "041"
    languages: tuple[str, ...] = ("fi",)
    municipality: str | None = "638"
    online: bool = False
    format: str = "full_time"
    start_date: date | None = date(2027, 2, 1)
    end_date: date | None = date(2027, 6, 1)
    application_deadline: date | None = date(2027, 1, 10)
    target_groups: tuple[str, ...] = ("all",)
    kind: str = "short_course"
    free: bool = True
    price_eur: int = 0
    title_sv: str = "Kurs"
    title_fi: str = "Kurssi"
    provider_name: str = "Careeria"
    provider_name_sv: str | None = None
    url: str | None = "https://www.careeria.fi/"


PROFILE = SearchProfile(
    language="sv",
    study_languages=("sv",),
    fields=("09",),
    municipality="638",
    service_area=frozenset({"638", "434"}),
    groups=("youth",),
    help_wanted=("training",),
)


@pytest.mark.parametrize(
    ("offer", "reasons", "points"),
    [
        # every offer here is open to all (+0.3) unless its target group says otherwise
        (Off("field", isced="091", languages=("en",), municipality="905"), ("field",), 3.3),
        (Off("lang", languages=("sv",), municipality="905"), ("language",), 2.3),
        (Off("home", municipality="638"), ("municipality",), 2.3),
        (Off("online", municipality=None, online=True), ("online",), 1.8),
        (Off("near", municipality="434"), ("nearby",), 1.3),
        (Off("group", municipality="905", target_groups=("under_30",)), ("group",), 2.0),
        # meant for a group the person is not in: no points for it, and it does not fit
        (Off("other", municipality="905", target_groups=("immigrants",)), (), 0.0),
        (Off("all", municipality="905"), (), 0.3),
        (Off("wish", municipality="905", kind="vocational_qualification"), ("wish",), 1.3),
        (Off("topic", municipality="905", title_sv="Truckkort"), ("topic",), 4.3),
    ],
)
def test_score_parts(offer: Off, reasons: tuple[str, ...], points: float) -> None:
    far_start = Off(offer.external_id, start_date=date(2028, 1, 1))  # no "starts soon" bonus
    scored = score(
        type(offer)(**{**offer.__dict__, "start_date": far_start.start_date}),
        PROFILE,
        SearchFilters(topics=frozenset({"truck"})),
        TODAY,
    )
    assert scored.reasons == reasons
    assert scored.score == pytest.approx(points)
    assert scored.fits is (offer.external_id != "other")


@pytest.mark.parametrize(
    ("offer", "filters", "ok"),
    [
        (Off("x", application_deadline=date(2026, 11, 24)), SearchFilters(), False),  # expired
        (Off("x", application_deadline=date(2026, 11, 25)), SearchFilters(), True),  # last day
        (Off("x", application_deadline=None), SearchFilters(), True),  # rolling intake
        (Off("x", languages=("fi",)), SearchFilters(languages=frozenset({"sv"})), False),
        (Off("x", languages=("fi", "sv")), SearchFilters(languages=frozenset({"sv"})), True),
        (Off("x", online=False), SearchFilters(online=True), False),
        (Off("x", municipality="434"), SearchFilters(municipality="638"), False),
        (Off("x", isced="091"), SearchFilters(fields=frozenset({"09"})), True),
        (
            Off("x", start_date=date(2027, 8, 1)),
            SearchFilters(starts_from=date(2027, 1, 1), starts_until=date(2027, 5, 31)),
            False,
        ),
        (Off("x", free=False, price_eur=40), SearchFilters(free_only=True), False),
        (Off("x", format="evening"), SearchFilters(formats=frozenset({"evening"})), True),
        # what the person refused
        (Off("x", isced="091"), SearchFilters(excluded_fields=frozenset({"09"})), False),
        (Off("x", isced="061"), SearchFilters(excluded_fields=frozenset({"09"})), True),
        (Off("x", kind="workshop"), SearchFilters(excluded_kinds=frozenset({"workshop"})), False),
        (
            Off("x", title_sv="Starta eget", title_fi="Oma yritys"),
            SearchFilters(excluded_topics=frozenset({"entrepreneurship"})),
            False,
        ),
        (
            Off("x", title_sv="Bokföring för småföretagare", title_fi="Kirjanpito pienyrittäjälle"),
            SearchFilters(excluded_topics=frozenset({"entrepreneurship"})),
            False,
        ),
        (
            Off("x", title_sv="Kundservice", title_fi="Asiakaspalvelu"),
            SearchFilters(excluded_topics=frozenset({"entrepreneurship"})),
            True,
        ),
        (Off("x", online=True, municipality=None), SearchFilters(in_person=True), False),
        (Off("x", online=False), SearchFilters(in_person=True), True),
        # topics and groups only rank
        (Off("x"), SearchFilters(topics=frozenset({"truck"})), True),
        (
            Off("x", target_groups=("under_30",)),
            SearchFilters(groups=frozenset({"immigrant"})),
            True,
        ),
    ],
)
def test_hard_filters(offer: Off, filters: SearchFilters, ok: bool) -> None:
    assert passes(offer, filters, TODAY) is ok


def test_rank_orders_by_score_then_start() -> None:
    offers = [
        Off("plain", municipality="905"),
        Off("best", isced="091", languages=("sv",), municipality="638"),
        Off(
            "early",
            municipality="905",
            start_date=date(2026, 12, 1),
            application_deadline=date(2026, 11, 30),
        ),
        Off("expired", isced="091", languages=("sv",), application_deadline=date(2026, 1, 1)),
    ]
    ranked = [s.offer.external_id for s in rank(offers, PROFILE, SearchFilters(), TODAY)]
    assert ranked == ["best", "early", "plain"]


def test_which_filter_to_drop() -> None:
    offers = [Off("a", municipality="434", languages=("sv",)), Off("b", municipality="434")]
    filters = SearchFilters(languages=frozenset({"sv"}), municipality="905")
    assert filter_to_drop(offers, filters, TODAY) == (("municipality",), 1)
    assert filter_to_drop(offers, SearchFilters(municipality="638"), TODAY) == (
        ("municipality",),
        2,
    )
    both = SearchFilters(languages=frozenset({"en"}), municipality="905")
    assert filter_to_drop(offers, both, TODAY) == (("languages", "municipality"), 2)
    assert filter_to_drop([], both, TODAY) is None
    # what the person refused is never suggested for dropping, nor are the soft topics
    refused = SearchFilters(excluded_fields=frozenset({"04"}), topics=frozenset({"truck"}))
    assert filter_to_drop(offers, refused, TODAY) is None
    place = SearchFilters(municipality="905", excluded_fields=frozenset({"04"}))
    assert filter_to_drop([*offers, Off("c", isced="061")], place, TODAY) == (("municipality",), 1)


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_card_in_both_languages(language: str) -> None:
    offer = Off(
        "c",
        isced="091",
        languages=("sv", "fi"),
        title_sv="Närvårdare",
        title_fi="Lähihoitaja",
        provider_name_sv="Careeria",
    )
    scored = score(offer, PROFILE, SearchFilters(), TODAY)
    data = card(scored, ("youth",), language)
    assert data["title"] == ("Närvårdare" if language == "sv" else "Lähihoitaja")
    assert data["place"] == ("Borgå" if language == "sv" else "Porvoo")
    assert data["dates"] == "1.2.2027–1.6.2027"
    assert data["fits"] is True
    if language == "sv":
        assert data["why"] == (
            "Därför passar den dig: den är inom området du önskade (vård och omsorg), "
            "ordnas i din hemkommun och är på svenska."
        )
        assert "Ansök senast 10.1.2027" in data["text"]
    else:
        assert data["why"] == (
            "Sopii sinulle, koska se on alalla, jota toivoit (sosiaali- ja terveysala), "
            "järjestetään kotikunnassasi ja on suomeksi."
        )
        assert "Hae viimeistään 10.1.2027" in data["text"]
    assert data["why"] in data["text"]


@pytest.mark.parametrize(
    ("filters", "sv", "fi"),
    [
        (
            SearchFilters(languages=frozenset({"sv"}), municipality="905"),
            "på svenska, Vasa",
            "ruotsiksi, Vaasa",
        ),
        (SearchFilters(in_person=True), "på plats", "lähiopetuksena"),
        (SearchFilters(kinds=frozenset({"workshop"})), "verkstäder", "työpajat"),
        (
            SearchFilters(online=True, excluded_topics=frozenset({"entrepreneurship"})),
            "på nätet, utom företagande",
            "verkossa, paitsi yrittäjyys",
        ),
        (
            SearchFilters(
                excluded_fields=frozenset({"09"}), excluded_kinds=frozenset({"workshop"})
            ),
            "utom vård och omsorg och verkstäder",
            "paitsi sosiaali- ja terveysala ja työpajat",
        ),
        # topics and groups only rank: they are not "filters" to describe
        (SearchFilters(topics=frozenset({"truck"}), groups=frozenset({"youth"})), "", ""),
    ],
)
def test_describe_filters(filters: SearchFilters, sv: str, fi: str) -> None:
    assert describe_filters(filters, "sv") == sv
    assert describe_filters(filters, "fi") == fi


def test_local_date() -> None:
    assert local_date(date(2026, 12, 3)) == "3.12.2026"


def test_vectorised_ranking_orders_exactly_like_the_reference() -> None:
    import random

    from bot.rules.ranking import rank_indexed

    titles = [
        ("Kurs", "Kurssi"),
        ("Truckkort", "Trukkikortti"),
        ("Starta eget", "Oma yritys"),
        ("Arbetsprövning", "Työkokeilu"),
        ("Lager och logistik", "Varasto ja logistiikka"),
    ]
    rng = random.Random(3)
    offers = [
        Off(
            f"o{i:03d}",
            isced=rng.choice(["091", "041", "061", "101"]),
            languages=tuple(rng.sample(["fi", "sv", "en"], rng.randint(1, 2))),
            municipality=rng.choice(["638", "434", "905", None]),
            online=rng.random() < 0.2,
            format=rng.choice(["full_time", "evening"]),
            start_date=date(2026, 12, 1)
            if rng.random() < 0.5
            else date(2027, rng.randint(1, 9), 1),
            application_deadline=rng.choice([None, date(2026, 11, 1), date(2026, 11, 30)]),
            target_groups=tuple(
                rng.sample(
                    ["all", "under_30", "immigrants", "long_term_unemployed", "career_change"],
                    rng.randint(1, 2),
                )
            ),
            kind=rng.choice(["short_course", "workshop", "vocational_qualification"]),
            free=rng.random() < 0.9,
            title_sv=(title := rng.choice(titles))[0],
            title_fi=title[1],
        )
        for i in range(300)
    ]
    index = OfferIndex(offers)
    for filters in [
        SearchFilters(),
        SearchFilters(languages=frozenset({"sv"})),
        SearchFilters(online=True),
        SearchFilters(municipality="638"),
        SearchFilters(fields=frozenset({"09", "04"}), free_only=True),
        SearchFilters(in_person=True, excluded_fields=frozenset({"09"})),
        SearchFilters(excluded_kinds=frozenset({"workshop"})),
        SearchFilters(excluded_topics=frozenset({"entrepreneurship"}), topics=frozenset({"truck"})),
        SearchFilters(
            topics=frozenset({"work_trial", "warehouse"}), groups=frozenset({"immigrant"})
        ),
    ]:
        for profile in (PROFILE, SearchProfile(language="fi"), NO_GROUPS):
            reference = rank(offers, profile, filters, TODAY)
            fast, total = rank_indexed(index, profile, filters, TODAY)
            assert total == len(reference)
            assert [s.offer.external_id for s in fast] == [s.offer.external_id for s in reference]
            assert [s.reasons for s in fast] == [s.reasons for s in reference]
            assert [s.fits for s in fast] == [s.fits for s in reference]
            # paging cuts the same order
            page, _ = rank_indexed(index, profile, filters, TODAY, 3, 6)
            assert [s.offer.external_id for s in page] == [
                s.offer.external_id for s in reference[3:6]
            ]


NO_GROUPS = SearchProfile(language="sv", fields=("09",), municipality="638")
