"""The conversation-language decision, one row per rule."""

from __future__ import annotations

import pytest

from bot.nlu.langid import Detection
from bot.nlu.language_choice import (
    LanguageContext,
    decide_language,
    requested_language,
    switch_request,
)

SV = Detection("sv", 0.999, known=2)
FI = Detection("fi", 0.999, known=2)
WEAK_FI = Detection("fi", 0.7)
OTHER = Detection("other", 0.99)
NONE = Detection(None, 0.0)


@pytest.mark.parametrize(
    ("ctx", "expected", "reason"),
    [
        # (a) the page's language when nothing is set yet
        (LanguageContext(None, FI, metadata_lang="sv"), "sv", "page language"),
        (LanguageContext(None, NONE, metadata_lang="fi-FI"), "fi", "page language"),
        (LanguageContext(None, FI, metadata_lang="en"), "fi", "detected"),
        # (b) detection when there is no metadata
        (LanguageContext(None, SV), "sv", "detected"),
        (LanguageContext(None, FI), "fi", "detected"),
        # (c) nothing to go on: ask
        (LanguageContext(None, NONE), None, "undetermined"),
        (LanguageContext(None, WEAK_FI), None, "undetermined"),
        (LanguageContext(None, OTHER), None, "undetermined"),
        # explicit request wins over everything
        (
            LanguageContext("fi", FI, intent="choose_language", requested="sv", metadata_lang="fi"),
            "sv",
            "requested",
        ),
        (LanguageContext("sv", SV, intent="choose_language", requested="fi"), "fi", "requested"),
        # "can we switch language?" without naming one toggles
        (LanguageContext("sv", SV, requested="toggle"), "fi", "toggle"),
        # the classifier's choose_language alone is no request (a language named in passing)
        (LanguageContext("sv", SV, intent="choose_language"), None, "keep"),
        # ...but "svenska" as the answer to a language question is not a request
        (
            LanguageContext(
                "fi",
                SV,
                intent="choose_language",
                requested="sv",
                active_form="mapping_form",
                requested_slot="native_language",
            ),
            None,
            "keep",
        ),
        # the page language changed (widget moved to the other language's page)
        (
            LanguageContext("sv", SV, metadata_lang="fi", previous_metadata_lang="sv"),
            "fi",
            "page language changed",
        ),
        # sticky: the same page language again changes nothing
        (
            LanguageContext(
                "sv", FI, metadata_lang="sv", previous_metadata_lang="sv", previous_detected="fi"
            ),
            "fi",
            "user writes the other language",
        ),
        # a run of two messages in the other language switches ("moi", then "voinko varata")
        (
            LanguageContext("sv", FI, n_words=1, previous_detected="fi"),
            "fi",
            "user writes the other language",
        ),
        # ...one message alone does not
        (LanguageContext("sv", FI, n_words=3), None, "keep: one message in the other language"),
        # ...unless it is the person's very first message (the language was the page's)
        (
            LanguageContext("sv", FI, n_words=3, first_typed=True),
            "fi",
            "user writes the other language",
        ),
        # weak evidence never switches
        (LanguageContext("sv", WEAK_FI, n_words=1), None, "keep"),
        # short answers inside a form never switch ("Porvoo", "joo")
        (
            LanguageContext(
                "sv", FI, active_form="mapping_form", n_words=1, previous_detected="fi"
            ),
            None,
            "keep",
        ),
        # two real sentences in the other language inside a form do
        (
            LanguageContext(
                "sv", FI, active_form="mapping_form", n_words=6, previous_detected="fi"
            ),
            "fi",
            "user writes the other language in a form",
        ),
        # a confident guess without a single known chat word does not switch ("aaaa...")
        (LanguageContext("sv", Detection("fi", 0.99, known=0), n_words=1), None, "keep"),
        # a message mixing both languages keeps the current one
        (
            LanguageContext("sv", Detection("fi", 0.99, mixed=True), n_words=6),
            None,
            "mixed languages",
        ),
        # a third language never changes the language
        (LanguageContext("sv", OTHER, n_words=5), None, "keep"),
        (LanguageContext("fi", NONE), None, "keep"),
    ],
)
def test_decide_language(ctx: LanguageContext, expected: str | None, reason: str) -> None:
    decision = decide_language(ctx)
    assert (decision.language, decision.reason) == (expected, reason)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kan vi ta det på svenska", "sv"),
        ("pa finska tack", "fi"),
        ("puhutaanko suomea", "fi"),
        ("voitko vastata ruotsiksi", "sv"),
        ("ruotsiks", "sv"),
        ("suomeks kiitos", "fi"),
        ("in Swedish please", "sv"),
        ("kan vi byta språk", None),
        ("svenska eller finska?", None),
    ],
)
def test_requested_language(text: str, expected: str | None) -> None:
    assert requested_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kan vi ta det på svenska", "sv"),
        ("Kan vi ta det på svenska?", "sv"),
        ("pa finska tack", "fi"),
        ("puhutaanko suomea", "fi"),
        ("voitko vastata ruotsiksi", "sv"),
        ("ruotsiks", "sv"),
        ("suomeks kiitos", "fi"),
        ("på svenska", "sv"),
        ("svenska tack", "sv"),
        ("jatketaan ruotsiksi", "sv"),
        ("voidaanko puhua suomea?", "fi"),
        ("jag vill hellre skriva på finska", "fi"),
        ("kan vi byta språk", "toggle"),
        ("vaihda kieltä", "toggle"),
        # "I don't understand Swedish" asks for the other language
        ("jag förstår inte svenska så bra", "fi"),
        ("en ymmärrä ruotsia", "fi"),
        ("jag förstår inte finska", "sv"),
        # a language named inside another request is not a request to switch
        ("jag vill bara språkkurs. svenska eller finska", None),
        ("jag vill ha en kurs i finska", None),
        ("finns det kurser på svenska i Borgå", None),
        ("onko ruotsinkielisiä koulutuksia", None),
        ("mun äidinkieli on suomi", None),
        ("svenska eller finska?", None),
    ],
)
def test_switch_request(text: str, expected: str | None) -> None:
    assert switch_request(text) == expected


def test_a_sure_classifier_and_a_short_message_count_as_a_request() -> None:
    assert switch_request("saako ruotsia", "choose_language", 0.95) == "sv"
    assert switch_request("saako ruotsia", "choose_language", 0.5) is None
