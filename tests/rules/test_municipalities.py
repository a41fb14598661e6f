"""Recognising home municipalities in Swedish and Finnish, inflected and misspelt."""

from __future__ import annotations

import pytest

from bot.rules.municipalities import by_code, load, match_municipality


def test_the_list_is_complete() -> None:
    municipalities = load()
    assert len(municipalities) == 308
    assert len({m.code for m in municipalities}) == 308
    assert sum(m.bilingual for m in municipalities) == 49


@pytest.mark.parametrize(
    ("text", "finnish_name"),
    [
        ("Borgå", "Porvoo"),
        ("borga", "Porvoo"),
        ("Porvoo", "Porvoo"),
        ("asun Porvoossa", "Porvoo"),
        ("jag bor i Lovisa", "Loviisa"),
        ("loviisassa", "Loviisa"),
        ("Sibbo", "Sipoo"),
        ("sipoosta", "Sipoo"),
        ("Helsingissä", "Helsinki"),
        ("i Helsingfors", "Helsinki"),
        ("Vasa", "Vaasa"),
        ("vaasassa", "Vaasa"),
        ("vantaalla", "Vantaa"),
        ("Turussa", "Turku"),
        ("Tampereella", "Tampere"),
        ("Lahdessa", "Lahti"),
        ("Kirkkonummella", "Kirkkonummi"),
        ("Pornaisissa", "Pornainen"),
        ("Hangossa", "Hanko"),
        ("Jyväskylässä", "Jyväskylä"),
        ("Jakobstad", "Pietarsaari"),
        ("korsholm", "Mustasaari"),
        ("Koski", "Koski Tl"),
        ("Pedersöre", "Pedersören kunta"),
        ("Mörskom", "Myrskylä"),
        ("Lappträsk", "Lapinjärvi"),
    ],
)
def test_match(text: str, finnish_name: str) -> None:
    match = match_municipality(text)
    assert match.municipality is not None, text
    assert match.municipality.fi == finnish_name


@pytest.mark.parametrize(
    ("text", "suggested"),
    [("Porvo", "Porvoo"), ("Borgo", "Porvoo"), ("Helsinkki", "Helsinki"), ("Lovisaa", None)],
)
def test_typos_are_suggested(text: str, suggested: str | None) -> None:
    match = match_municipality(text)
    if suggested is None:
        assert match.municipality is not None
    else:
        assert match.municipality is None
        assert suggested in [m.fi for m in match.suggestions]


@pytest.mark.parametrize("text", ["blabla", "1987", "", "jag vet inte"])
def test_unknown(text: str) -> None:
    match = match_municipality(text)
    assert match.municipality is None and match.suggestions == ()


def test_names_by_language() -> None:
    borga = by_code("638")
    assert borga is not None
    assert (borga.name("sv"), borga.name("fi")) == ("Borgå", "Porvoo")
    kuopio = match_municipality("Kuopio").municipality
    assert kuopio is not None and kuopio.name("sv") == "Kuopio"


@pytest.mark.parametrize(
    "text",
    ["jatketaan huomenna, pitää lähteä", "mun pitää lähtee nyt", "lähdin jo"],
)
def test_leaving_is_no_place(text: str) -> None:
    # "lähteä" (to leave) folds to "lahtea", which read as Lahti's partitive
    assert match_municipality(text).municipality is None


def test_lahti_itself_still_matches() -> None:
    for text in ("Lahti", "asun Lahdessa", "Lahdesta"):
        found = match_municipality(text).municipality
        assert found is not None and found.fi == "Lahti", text
