"""Messages that are plainly an answer (phone, e-mail, reference, year)."""

from __future__ import annotations

import pytest

from bot.rules.answer_shape import bare_answer


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("040 765 4321", "phone"),
        ("0407654321", "phone"),
        ("+358 40 765 4321", "phone"),
        ("040-7654321.", "phone"),
        ("(09) 123 4567", "phone"),
        ("maria.lindqvist@example.fi", "email"),
        (" MARIA@EXAMPLE.COM ", "email"),
        ("PV6-M8H", "reference"),
        ("pv6m8h", "reference"),
        ("1990", "year"),
        ("-92", "year"),
        ("92", "year"),
        # not plain answers: left to the classifier
        ("ring mig på 040 765 4321", None),
        ("mun numero on 040 765 4321", None),
        ("123", None),
        ("12 34", None),
        ("hej", None),
        ("", None),
        ("abc-def", None),
        ("2099", None),
        ("maria@", None),
    ],
)
def test_bare_answer(text: str, kind: str | None) -> None:
    assert bare_answer(text) == kind
