"""Training offers: a ranked, bilingual search that asks first when it has nothing to go on.

The search's state lives in the ``search_filters`` slot (bot.rules.search_filters.SearchState):
the filters so far and the questions already asked. With no mapping and nothing named in the
message the action asks which field (``utter_search_ask_field``), then where
(``utter_search_ask_place``); the buttons' payloads carry the answer
(``/search_training{"search_answer": "fields:09"}``), and a typed answer is read like any
follow-up. Then it lists the offers, three at a time.
"""

from __future__ import annotations

import logging

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.common import answers_of, entity, language_of, previous_bot_action, today, typed_text
from bot.cases import mappings
from bot.cases.db import StorageUnavailable
from bot.catalog.search import PAGE_SIZE, SearchResult, search
from bot.config import load_settings
from bot.rules.offer_text import card, describe_filters, filter_name
from bot.rules.profile import MappingProfile
from bot.rules.ranking import SearchProfile, profile_from_mapping
from bot.rules.search_filters import (
    DROPPABLE,
    QUESTION_RESPONSES,
    SearchFilters,
    SearchState,
    apply_answer,
    next_question,
    parse_filters,
)

log = logging.getLogger(__name__)
FILTERS = "search_filters"
PAGE = "search_page"
TARGET = "show_more_target"
ANSWER = "search_answer"  # entity of the questions' buttons
DROP = "drop_filter"  # entity of the "search without ..." button
SEARCH_ACTIONS = ("action_search_training", "action_show_more")


def search_profile(tracker: Tracker) -> SearchProfile:
    """The person's search profile from the mapping (slots, else the stored summary)."""
    settings = load_settings()
    language = language_of(tracker)
    answers = answers_of(tracker)
    if not answers.get("municipality"):
        try:
            stored = mappings.latest_summary(tracker.sender_id)
        except StorageUnavailable:
            stored = None
        if stored is not None:
            answers = stored.data
    if not answers:
        return SearchProfile(language=language, service_area=settings.service_area)
    return profile_from_mapping(
        MappingProfile.from_slots(answers), today(), language, settings.service_area
    )


def requested_state(tracker: Tracker) -> SearchState:
    """The search this message asks for: a button's answer or drop, a follow-up, or a new one."""
    state = SearchState.from_slot(tracker.get_slot(FILTERS))
    drop = entity(tracker, DROP)
    if drop:
        filters = state.filters
        for name in str(drop).split(","):
            if name in DROPPABLE:
                filters = filters.without(name)
        return SearchState(filters, state.asked)
    answer = entity(tracker, ANSWER)
    if answer:
        return SearchState(apply_answer(state.filters, str(answer)), state.asked)
    typed = typed_text(tracker)
    asked = parse_filters(typed, today()) if typed else SearchFilters()
    if previous_bot_action(tracker.events) in SEARCH_ACTIONS:
        return SearchState(state.filters.merged(asked), state.asked)
    return SearchState(asked)


def show_page(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    filters: SearchFilters,
    page: int,
    profile: SearchProfile | None = None,
) -> SearchResult | None:
    """Search and send one page of cards (or the no-match help). None on a database error."""
    language = language_of(tracker)
    profile = profile or search_profile(tracker)
    try:
        result = search(profile, filters, today(), page)
    except StorageUnavailable:
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
        dispatcher.utter_message(json_message=card(scored, profile.groups, language))
    more = (page + 1) * PAGE_SIZE < result.total
    dispatcher.utter_message(response="utter_search_more" if more else "utter_search_last_page")
    return result


class ActionSearchTraining(Action):
    """Search the catalog with the mapping and the message's own words, asking first if need be."""

    def name(self) -> str:
        """Rasa's name of the action."""
        return "action_search_training"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """A new search, an answer to its question, or a follow-up that refines it."""
        state = requested_state(tracker)
        profile = search_profile(tracker)
        question = next_question(state.filters, state.asked, profile.knows_person())
        if question and QUESTION_RESPONSES[question] not in (domain or {}).get("responses", {}):
            question = None  # a domain without the question lists at once, never silence
        if question:
            dispatcher.utter_message(response=QUESTION_RESPONSES[question])
            asked = SearchState(state.filters, (*state.asked, question))
            return [SlotSet(FILTERS, asked.to_slot()), SlotSet(PAGE, 0), SlotSet(TARGET, None)]
        result = show_page(dispatcher, tracker, state.filters, 0, profile)
        if result is None:
            return []
        return [SlotSet(FILTERS, state.to_slot()), SlotSet(PAGE, 0), SlotSet(TARGET, "training")]


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
        filters = SearchState.from_slot(tracker.get_slot(FILTERS)).filters
        result = show_page(dispatcher, tracker, filters, page)
        if result is None:
            return []
        return [SlotSet(PAGE, page)]
