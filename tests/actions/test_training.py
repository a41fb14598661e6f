"""The training search action on the sample catalog (today fixed to 2026-11-25)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.training
from actions.training import ActionSearchTraining, ActionShowMore
from bot.catalog.importer import import_text
from bot.catalog.search import CACHE
from tests.actions.helpers import action, make_tracker, user

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def catalog(case_db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions.training, "today", lambda: TODAY)
    for name in ("providers.yml", "offers.yml"):
        import_text((ROOT / "data" / "catalog" / name).read_text("utf-8"), "yaml", case_db)
    CACHE.clear()


def tracker(
    text: str,
    slots: dict[str, Any] | None = None,
    after_search: bool = False,
    entities: list[dict[str, Any]] | None = None,
    language: str = "sv",
) -> Any:
    events = [user("search_training", text)]
    if after_search:
        events = [
            user("search_training", "kurser"),
            action("action_search_training"),
            action("action_listen"),
            user("search_training", text),
        ]
    return make_tracker(
        slots={"language": language, **(slots or {})},
        events=events,
        latest_message={
            "intent": {"name": "search_training"},
            "entities": entities or [],
            "text": text,
        },
    )


# the part of the domain the action reads: whether the questions' responses exist
DOMAIN: dict[str, Any] = {
    "responses": {"utter_search_ask_field": [{}], "utter_search_ask_place": [{}]}
}


async def run(
    action_: Any, t: Any, domain: dict[str, Any] = DOMAIN
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action_.run(dispatcher, t, domain)
    return dispatcher.messages, events


def cards(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [m["custom"] for m in messages if m.get("custom", {}).get("type") == "offer_card"]


async def test_search_with_own_filters_in_swedish() -> None:
    messages, events = await run(ActionSearchTraining(), tracker("kurser inom vården på svenska"))
    found = cards(messages)
    assert messages[0]["response"] == "utter_search_intro"
    assert 1 <= len(found) <= 3
    for c in found:
        assert "svenska" in c["language"] and c["lang"] == "sv"
        assert c["why"].startswith("Därför passar den dig: den är inom området du önskade")
        assert "(vård och omsorg)" in c["why"] and c["fits"] is True
        assert c["url"].startswith("https://")
    assert {
        "event": "slot",
        "name": "search_filters",
        "timestamp": None,
        "value": {"languages": ["sv"], "fields": ["09"]},
    } in events


async def test_search_in_finnish_online() -> None:
    messages, _ = await run(ActionSearchTraining(), tracker("onks mitään verkossa", language="fi"))
    found = cards(messages)
    assert found and all(c["place"] == "verkossa" for c in found)
    assert all(c["why"].startswith("Sopii sinulle, koska se on verkossa") for c in found)


async def every_card(
    first: str, slots: dict[str, Any] | None = None, language: str = "sv"
) -> list[dict[str, Any]]:
    """All cards of a search, page by page; "any" answers to its questions."""
    state = dict(slots or {})
    messages, events = await run(ActionSearchTraining(), tracker(first, state, language=language))
    state.update({e["name"]: e["value"] for e in events})
    for answer in ("fields:any", "place:any"):
        if cards(messages) or not messages[0]["response"].startswith("utter_search_ask"):
            break
        messages, events = await run(
            ActionSearchTraining(), button(f"search_answer:{answer}", state, language)
        )
        state.update({e["name"]: e["value"] for e in events})
    shown = cards(messages)
    for _ in range(40):
        more = make_tracker(slots={"language": language, **state})
        messages, events = await run(ActionShowMore(), more)
        if not cards(messages):
            break
        shown += cards(messages)
        state.update({e["name"]: e["value"] for e in events})
    return shown


def button(entity_value: str, slots: dict[str, Any], language: str = "sv") -> Any:
    """A click on a button whose payload carries one entity ("search_answer:fields:09")."""
    name, _, value = entity_value.partition(":")
    payload = f'/search_training{{"{name}": "{value}"}}'
    return tracker(
        payload,
        slots,
        after_search=True,
        entities=[{"entity": name, "value": value}],
        language=language,
    )


async def test_expired_offers_are_never_shown() -> None:
    shown = {c["id"] for c in await every_card("visa alla utbildningar")}
    assert len(shown) == 72  # 76 sample offers, 4 with a passed deadline
    assert "careeria-hitsaaja-2027-1" not in shown


async def test_follow_up_adds_a_filter() -> None:
    first = {"search_filters": {"fields": ["09"]}, "search_page": 0, "show_more_target": "training"}
    messages, events = await run(
        ActionSearchTraining(), tracker("finns det något på svenska?", first, after_search=True)
    )
    filters = next(e["value"] for e in events if e["name"] == "search_filters")
    assert filters == {"fields": ["09"], "languages": ["sv"]}
    assert all("svenska" in c["language"] for c in cards(messages))


async def test_no_match_says_which_filter_to_drop() -> None:
    messages, _ = await run(
        ActionSearchTraining(), tracker("läroavtal inom IT i Myrskylä på engelska")
    )
    assert not cards(messages)
    [message] = messages
    assert message["response"] == "utter_search_none_drop"
    assert set(message["drop"].split(",")) <= {"municipality", "kinds", "languages", "fields"}
    assert message["count"] > 0 and "”" not in message["filter_name"][:1]


async def test_dropping_a_filter_by_button() -> None:
    slots = {"search_filters": {"municipality": "504", "fields": ["06"]}}
    messages, events = await run(
        ActionSearchTraining(),
        tracker(
            "/search_training", slots, entities=[{"entity": "drop_filter", "value": "municipality"}]
        ),
    )
    assert cards(messages)
    assert next(e["value"] for e in events if e["name"] == "search_filters") == {"fields": ["06"]}


async def test_the_mapping_profile_ranks_the_offers() -> None:
    profile = {
        "mapping_consent": True,
        "municipality": "638",
        "desired_fields": ["10"],
        "native_language": "ar",
        "service_language": "fi",
        "age_group": "under_25",
        "help_wanted": ["training"],
        "other_languages": [{"language": "fi", "level": "good"}],
    }
    messages, _ = await run(
        ActionSearchTraining(), tracker("näytä koulutuksia", profile, language="fi")
    )
    top = cards(messages)[0]
    assert "on alalla, jota toivoit (palvelut, ravintola, kuljetus ja siivous)" in top["why"]


async def test_show_more_without_a_list() -> None:
    messages, events = await run(ActionShowMore(), make_tracker(slots={"language": "fi"}))
    assert [m["response"] for m in messages] == ["utter_nothing_to_show"] and events == []


# --- nothing to go on: ask first -------------------------------------------------------------


def slot(events: list[dict[str, Any]], name: str) -> Any:
    return next(e["value"] for e in events if e["name"] == name)


@pytest.mark.parametrize(
    ("language", "first"), [("sv", "visa utbildningar"), ("fi", "näytä koulutuksia")]
)
async def test_before_a_mapping_it_asks_the_field_then_the_place(language: str, first: str) -> None:
    messages, events = await run(ActionSearchTraining(), tracker(first, language=language))
    assert [m["response"] for m in messages] == ["utter_search_ask_field"]
    assert events == [
        {
            "event": "slot",
            "timestamp": None,
            "name": "search_filters",
            "value": {"asked": ["field"]},
        },
        {"event": "slot", "timestamp": None, "name": "search_page", "value": 0},
        {"event": "slot", "timestamp": None, "name": "show_more_target", "value": None},
    ]
    state = {"search_filters": slot(events, "search_filters")}
    messages, events = await run(
        ActionSearchTraining(), button("search_answer:fields:06", state, language)
    )
    assert [m["response"] for m in messages] == ["utter_search_ask_place"]
    assert slot(events, "search_filters") == {"fields": ["06"], "asked": ["field", "place"]}
    state = {"search_filters": slot(events, "search_filters")}
    messages, events = await run(
        ActionSearchTraining(), button("search_answer:place:online", state, language)
    )
    found = cards(messages)
    assert messages[0]["response"] == "utter_search_intro" and found
    assert all(c["place"] == ("på nätet" if language == "sv" else "verkossa") for c in found)
    assert slot(events, "search_filters") == {
        "online": True,
        "fields": ["06"],
        "asked": ["field", "place"],
    }
    assert slot(events, "show_more_target") == "training"


async def test_a_typed_answer_to_the_question_counts() -> None:
    _, events = await run(ActionSearchTraining(), tracker("jag söker en utbildning"))
    state = {"search_filters": slot(events, "search_filters")}
    messages, events = await run(
        ActionSearchTraining(), tracker("nåt med bilar, i Vasa", state, after_search=True)
    )
    # the answer said where too: no second question
    assert messages[0]["response"] == "utter_search_intro"
    assert cards(messages)[0]["id"] == "yrkesakademin-bilmekaniker-2027-8"
    assert slot(events, "search_filters")["municipality"] == "905"


async def test_an_answer_that_says_nothing_is_no_preference() -> None:
    _, events = await run(ActionSearchTraining(), tracker("en tiedä", language="fi"))
    state = {"search_filters": slot(events, "search_filters")}
    messages, events = await run(
        ActionSearchTraining(), tracker("en tiiä", state, after_search=True, language="fi")
    )
    assert [m["response"] for m in messages] == ["utter_search_ask_place"]
    state = {"search_filters": slot(events, "search_filters")}
    messages, _ = await run(
        ActionSearchTraining(), tracker("ihan sama", state, after_search=True, language="fi")
    )
    assert messages[0]["response"] == "utter_search_intro" and cards(messages)


async def test_without_the_question_in_the_domain_it_lists_at_once() -> None:
    messages, _ = await run(ActionSearchTraining(), tracker("visa utbildningar"), domain={})
    assert messages[0]["response"] == "utter_search_intro" and cards(messages)


async def test_with_a_mapping_it_does_not_ask() -> None:
    mapping = {"mapping_consent": True, "municipality": "638", "age_group": "30_54"}
    messages, _ = await run(ActionSearchTraining(), tracker("visa utbildningar", mapping))
    assert messages[0]["response"] == "utter_search_intro"


async def test_show_more_after_a_question_has_nothing_to_show() -> None:
    _, events = await run(ActionSearchTraining(), tracker("visa utbildningar"))
    state = {e["name"]: e["value"] for e in events}
    messages, _ = await run(ActionShowMore(), make_tracker(slots={"language": "sv", **state}))
    assert [m["response"] for m in messages] == ["utter_nothing_to_show"]


# --- the words people type -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "top"),
    [
        (
            "sv",
            "jag vill bli truckförare",
            {"careeria-truckkort-lovisa-2027-3", "careeria-trukkikortti-2027-1"},
        ),
        (
            "fi",
            "trukkikortti",
            {"careeria-truckkort-lovisa-2027-3", "careeria-trukkikortti-2027-1"},
        ),
        ("sv", "lager", {"careeria-logistiikka-2027-2", "keuda-logistiikka-kuljetus-2027"}),
        ("fi", "autoala kiinnostais", {"yrkesakademin-bilmekaniker-2027-8"}),
        (
            "fi",
            "työkokeilu osatyökykyisille",
            {"porvoo-workshops-tyokokeilu-2027", "sotek-tyokokeilu-osatyokykyisille-2027"},
        ),
        (
            "sv",
            "it-kurs på nätet",
            {"novia-programmering-oppna-yh-2027", "careeria-microsoft365-verkko-2027"},
        ),
    ],
)
async def test_typed_words_rank_and_filter(language: str, text: str, top: set[str]) -> None:
    messages, _ = await run(ActionSearchTraining(), tracker(text, language=language))
    found = cards(messages)
    assert {c["id"] for c in found[: len(top)]} == top
    assert all(c["fits"] for c in found[: len(top)])


async def test_work_trial_for_the_partially_able_says_why() -> None:
    messages, _ = await run(
        ActionSearchTraining(), tracker("työkokeilu osatyökykyisille", language="fi")
    )
    top = cards(messages)[0]
    assert top["title"].startswith("Työkokeilu")
    assert top["why"].startswith("Sopii sinulle, koska se liittyy siihen, mitä kysyit (työkokeilu)")
    assert "osatyökykyisille" in top["why"]


async def test_refused_entrepreneurship_is_never_shown_before_a_mapping() -> None:
    shown = await every_card("ei mua kiinnosta mikään yrittäjyys", language="fi")
    assert len(shown) > 40
    assert not [c["title"] for c in shown if "yrit" in c["title"].lower()]
    assert not any(c["id"].startswith("posintra-") for c in shown)


async def test_refused_entrepreneurship_is_never_shown_with_a_mapping() -> None:
    mapping = {
        "mapping_consent": True,
        "municipality": "638",
        "age_group": "30_54",
        "help_wanted": ["entrepreneurship", "career_change"],
        "desired_fields": ["04"],
    }
    messages, _ = await run(ActionSearchTraining(), tracker("inget med företagande tack", mapping))
    assert messages[0]["response"] == "utter_search_intro"
    assert "(utom företagande)" in str(messages[0].get("filters_text"))
    shown = await every_card("inget med företagande tack", mapping)
    assert shown and not any(c["id"].startswith("posintra-") for c in shown)


# --- the Navigatorn case ----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["sv", "fi"])
async def test_navigatorn_comes_after_every_offer_a_30_to_54_year_old_can_take(
    language: str,
) -> None:
    mapping = {
        "mapping_consent": True,
        "age_group": "30_54",
        "municipality": "638",
        "situation": "unemployed",
        "desired_fields": ["09"],
        "help_wanted": ["wellbeing"],
        "native_language": "sv",
        "service_language": language,
    }
    shown = await every_card("visa utbildningar", mapping, language)
    ids = [c["id"] for c in shown]
    at = ids.index("porvoo-workshops-ohjaamo-2027")
    assert at > 3 and all(c["fits"] for c in shown[:at])
    navigator = shown[at]
    assert navigator["fits"] is False
    assert navigator["why"] == (
        "Den här är bara för unga under 30."
        if language == "sv"
        else "Tämä on vain alle 30-vuotiaille."
    )
    assert navigator["why"] in navigator["text"]
