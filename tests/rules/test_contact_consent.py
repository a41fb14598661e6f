"""Details typed at the consent question count as the yes, and are kept (table-tested)."""

from __future__ import annotations

import pytest

from bot.rules.contact import GivenDetails, details_given


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("040 765 4321", GivenDetails(None, "phone:+358407654321")),
        ("Mikael 040 765 4321", GivenDetails("Mikael", "phone:+358407654321")),
        ("mikael, 0407654321", GivenDetails("Mikael", "phone:+358407654321")),
        ("anna.nyman@example.fi", GivenDetails(None, "email:anna.nyman@example.fi")),
        ("Mikael", GivenDetails("Mikael", None)),
        ("Anna-Liisa", GivenDetails("Anna-Liisa", None)),
        ("jag heter Maria", None),  # more than a name: asked again, never taken for a yes
        # not details: an unclear answer is never consent
        ("kanske", None),
        ("mikael", None),  # a lone name without a capital could be any word
        ("vet inte", None),
        ("Ja", None),
        ("Nej", None),
        ("en tiedä", None),
        ("", None),
        ("12", None),
    ],
)
def test_details_given(text: str, expected: GivenDetails | None) -> None:
    assert details_given(text) == expected
