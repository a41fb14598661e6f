"""Training offers: a ranked, bilingual search with follow-ups and paging."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.exc import SQLAlchemyError

from actions.fallback import previous_bot_action
from actions.mapping import answers_of, language_of, today
from bot.cases import mappings
from bot.catalog.search import PAGE_SIZE, SearchResult, search
from bot.config import load_settings
from bot.rules.offer_text import card, describe_filters, filter_name
from bot.rules.profile import MappingProfile
from bot.rules.ranking import SearchProfile
from bot.rules.search_filters import SearchFilters, parse_filters
from bot.rules.service_paths import customer_groups

log = logging.getLogger(__name__)
FILTERS = "search_filters"
PAGE = "search_page"
TARGET = "show_more_target"
SEARCH_ACTIONS = ("action_search_training", "action_show_more")


def study_languages(profile: MappingProfile) -> tuple[str, ...]:
    """Languages the person can study in: service language, native, good or better."""
    out: list[str] = []
    for code in (profile.service_language, profile.native_language):
        if code in ("sv", "fi", "en") and code not in out:
            out.append(code)
    for item in profile.other_languages:
        code = item.get("language")
        if code in ("sv", "fi", "en") and item.get("level") in ("native", "fluent", "good"):
            if code not in out:
                out.append(code)
    return tuple(out)


def search_profile(tracker: Tracker) -> tuple[SearchProfile, tuple[str, ...]]:
    """The person's profile from the mapping (slots, else the stored summary)."""
    settings = load_settings()
    language = language_of(tracker)
    answers = answers_of(tracker)
    if not answers.get("municipality"):
        try:
            stored = mappings.latest_summary(tracker.sender_id)
        except SQLAlchemyError:
            stored = None
        if stored is not None:
            answers = stored.data
    if not answers:
        return SearchProfile(language=language, service_area=settings.service_area), ()
    profile = MappingProfile.from_slots(answers)
    groups = customer_groups(profile, today())
    return (
        SearchProfile(
            language=profile.service_language or language,
            study_languages=study_languages(profile),
            fields=tuple(f for f in profile.desired_fields if f != "any"),
            municipality=profile.municipality,
            service_area=settings.service_area,
            groups=groups,
            help_wanted=tuple(profile.help_wanted),
        ),
        groups,
    )


def _entity(tracker: Tracker, name: str) -> Any:
    return next(
        (
            e.get("value")
            for e in tracker.latest_message.get("entities", [])
            if e.get("entity") == name
        ),
        None,
    )


def show_page(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    filters: SearchFilters,
    page: int,
) -> SearchResult | None:
    """Search and send one page of cards (or the no-match help). None on a database error."""
    language = language_of(tracker)
    profile, groups = search_profile(tracker)
    try:
        result = search(profile, filters, today(), page)
    except SQLAlchemyError:
        log.warning("training search failed (database unavailable)")
        dispatcher.utter_message(response="utter_search_failed")
        return None
    described = describe_filters(filters, language)
    filters_text = f" ({described})" if described else ""
    if result.total == 0:
        if result.drop:
            names, count = result.drop
            joiner = "” och ”" if language == "sv" else "” ja ”"
            dispatcher.utter_message(
                response="utter_search_none_drop",
                filters_text=filters_text,
                filter_name=joiner.join(filter_name(n, language) for n in names),
                count=count,
                drop=",".join(names),
            )
        else:
            dispatcher.utter_message(response="utter_search_none")
        return result
    if not result.page:
        dispatcher.utter_message(response="utter_search_no_more")
        return result
    if page == 0:
        dispatcher.utter_message(
            response="utter_search_intro", count=result.total, filters_text=filters_text
        )
    for scored in result.page:
        dispatcher.utter_message(json_message=card(scored, groups, language))
    more = (page + 1) * PAGE_SIZE < result.total
    dispatcher.utter_message(response="utter_search_more" if more else "utter_search_last_page")
    return result


class ActionSearchTraining(Action):
    """Search the catalog with the mapping and the message's own filters."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_search_training"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """A new search, or a follow-up that adds filters to the previous one."""
        text = str(tracker.latest_message.get("text") or "")
        previous = SearchFilters.from_dict(tracker.get_slot(FILTERS))
        drop = _entity(tracker, "drop_filter")
        if drop:
            filters = previous
            for name in str(drop).split(","):
                if name in SearchFilters().__dataclass_fields__:
                    filters = filters.without(name)
        else:
            asked = SearchFilters() if text.startswith("/") else parse_filters(text, today())
            follow_up = previous_bot_action(tracker.events) in SEARCH_ACTIONS
            filters = previous.merged(asked) if follow_up else asked
        result = show_page(dispatcher, tracker, filters, 0)
        if result is None:
            return []
        return [SlotSet(FILTERS, filters.to_dict()), SlotSet(PAGE, 0), SlotSet(TARGET, "training")]


class ActionShowMore(Action):
    """ "Visa fler" / "näytä lisää": the next page of whatever was listed last."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_show_more"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Page on the last search."""
        target = tracker.get_slot(TARGET)
        if target == "slots" and tracker.active_loop.get("name") == "booking_form":
            # the booking form asks again, with the next page of free slots
            return [
                SlotSet("slot_page", int(tracker.get_slot("slot_page") or 0) + 1),
                SlotSet("booking_slot", None),
            ]
        if target != "training":
            dispatcher.utter_message(response="utter_nothing_to_show")
            return []
        page = int(tracker.get_slot(PAGE) or 0) + 1
        filters = SearchFilters.from_dict(tracker.get_slot(FILTERS))
        result = show_page(dispatcher, tracker, filters, page)
        if result is None:
            return []
        return [SlotSet(PAGE, page)]
