"""Every dynamic label exists in Swedish and Finnish."""

from __future__ import annotations

import pytest

from bot.i18n import INTENT_LABELS, normalise_language


@pytest.mark.parametrize("intent", sorted(INTENT_LABELS))
def test_labels_in_both_languages(intent: str) -> None:
    labels = INTENT_LABELS[intent]
    assert set(labels) == {"sv", "fi"}
    assert all(labels.values()) and labels["sv"] != labels["fi"]


@pytest.mark.parametrize(
    ("value", "expected"), [("sv", "sv"), ("fi", "fi"), ("FI", "fi"), (None, "sv"), ("en", "sv")]
)
def test_normalise_language(value: object, expected: str) -> None:
    assert normalise_language(value) == expected


@pytest.mark.parametrize("key", sorted(__import__("bot.portal.texts", fromlist=["TEXTS"]).TEXTS))
def test_portal_texts_in_both_languages(key: str) -> None:
    from bot.portal.texts import TEXTS

    assert TEXTS[key]["sv"] and TEXTS[key]["fi"]
