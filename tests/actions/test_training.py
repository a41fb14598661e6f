"""The training search action on the sample catalog (today fixed to 2026-11-25)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.mapping
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
    monkeypatch.setattr(actions.mapping, "today", lambda: TODAY)
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


async def run(action_: Any, t: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = await action_.run(dispatcher, t, {})
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
        assert c["why"].startswith("Passar dig:") and "vård och omsorg" in c["why"]
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
    assert all(c["why"].startswith("Sopii sinulle") for c in found)


async def test_expired_offers_are_never_shown() -> None:
    shown: set[str] = set()
    t = tracker("visa alla utbildningar")
    messages, events = await run(ActionSearchTraining(), t)
    shown |= {c["id"] for c in cards(messages)}
    slots = {e["name"]: e["value"] for e in events}
    for _ in range(30):
        more = make_tracker(slots={"language": "sv", **slots})
        messages, events = await run(ActionShowMore(), more)
        if not cards(messages):
            break
        shown |= {c["id"] for c in cards(messages)}
        slots.update({e["name"]: e["value"] for e in events})
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
    assert "toivomallasi alalla" in top["why"]


async def test_show_more_without_a_list() -> None:
    messages, events = await run(ActionShowMore(), make_tracker(slots={"language": "fi"}))
    assert [m["response"] for m in messages] == ["utter_nothing_to_show"] and events == []
