"""Teams from data/coaches/teams.yml: who serves whom, and each team's live chat hours."""

from __future__ import annotations

import pytest

from bot.rules import teams

DATA = {
    "default": "638",
    "teams": {"638": ["638", "018"], "434": ["434", "407"]},
    "live_hours": {"434": "mon-thu 9-15, fri 9-12"},
}


def test_homes_and_offices() -> None:
    found = teams.parse(DATA)
    assert found.of_home("018") == "638"
    assert found.of_home("407") == "434"
    assert found.of_home(None) == "638" and found.of_home("091") == "638"
    assert found.of_office("434") == "434"


def test_live_hours_per_team_and_the_fallback() -> None:
    found = teams.parse(DATA)
    assert found.hours_of("434", "mon-fri 9-15") == "mon-thu 9-15, fri 9-12"
    assert found.hours_of("638", "mon-fri 9-15") == "mon-fri 9-15"


@pytest.mark.parametrize(
    "data",
    [
        {"teams": {"638": ["638"]}},  # no default
        {"default": "999", "teams": {"638": ["638"]}},  # default is no team
        {"default": "638", "teams": {"638": ["638"]}, "live_hours": ["mon-fri 9-15"]},
        {"default": "638", "teams": {"638": ["638"]}, "live_hours": {"434": "mon 9-10"}},
    ],
)
def test_a_broken_file_is_refused(data: object) -> None:
    with pytest.raises(ValueError):
        teams.parse(data)


def test_the_city_file_reads() -> None:
    city = teams.load()
    assert city is not teams.ONE_TEAM and city.default in city.serves
