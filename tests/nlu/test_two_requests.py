"""Two requests in one message: the cuts and when two parts count (table-tested)."""

from __future__ import annotations

import pytest

from bot.nlu.two_requests import cuts, split_requests

# A stand-in classifier for the table: each part's label decided by a word in it.
RULES = [
    ("boka", "book_meeting"),
    ("varata", "book_meeting"),
    ("varaa", "book_meeting"),
    ("peru", "cancel_meeting"),
    ("soittakaa", "request_callback"),
    ("ringer", "request_callback"),
    ("fpa", "faq/payment_dates"),
    ("paivaraha", "faq/payment_dates"),
    ("päiväraha", "faq/payment_dates"),
    ("karens", "faq/waiting_period"),
    ("tack", "thank"),
    ("tarkoittaa", "explain_question"),
    ("hej", "greet"),
    ("moi", "greet"),
]


def classify(text: str) -> tuple[str, float]:
    lowered = text.lower()
    for word, label in RULES:
        if word in lowered:
            return label, 0.9
    return "nlu_fallback", 0.2


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("jag vill boka en tid och undrar hur FPA betalar", ["book_meeting", "faq/payment_dates"]),
        (
            "Haluaisin varata ajan ja samalla kysyä, milloin päiväraha maksetaan",
            ["book_meeting", "faq/payment_dates"],
        ),
        ("peru se aika ja soittakaa mulle mielummin", ["cancel_meeting", "request_callback"]),
        ("Kan ni boka en tid? Och vad är karens?", ["book_meeting", "faq/waiting_period"]),
        ("varaa mulle aika ja kerro paljonko päiväraha on", ["book_meeting", "faq/payment_dates"]),
        # one request only
        ("jag vill boka en tid på måndag", []),
        ("boka en tid och boka en till", []),  # the same request twice
        ("hej hej och tack", []),  # greetings and thanks are not requests
        # "what does this mean?" points back at the first part: one question
        ("Sain kirjeen että FPA lopettaa. Mitä tämä tarkoittaa?", []),
        ("moi, mä haluisin varata ajan", []),  # greeting plus one request
        ("boka och", []),  # too short a part
        ("", []),
    ],
)
def test_two_requests(text: str, labels: list[str]) -> None:
    assert [r.label for r in split_requests(text, classify)] == labels


def test_cuts_come_at_sentence_ends_and_joining_words() -> None:
    assert ("Milloin minun aika on?", "saanko sinne tulkki") in cuts(
        "Milloin minun aika on? ja saanko sinne tulkki"
    )
    assert ("peru se aika", "soittakaa mulle") in cuts("peru se aika ja soittakaa mulle")
    assert cuts("kiitos") == []


def test_an_unsure_part_is_not_a_request() -> None:
    def unsure(text: str) -> tuple[str, float]:
        label, _ = classify(text)
        return label, 0.5

    assert split_requests("jag vill boka en tid och undrar hur FPA betalar", unsure) == []
