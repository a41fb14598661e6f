"""Personal data out of a message before it reaches the staff inbox or the training data."""

from __future__ import annotations

import pytest

from bot.rules.personal_data import mask


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            "jag heter Maria Virtanen, ring 040 123 4567 eller maria@example.fi",
            "jag heter <name> <name>, ring <phone> eller <e-mail>",
        ),
        ("Hei, olen Mikko ja asun Porvoossa", "Hei, olen <name> ja asun Porvoossa"),
        ("Kan Anna ringa mig?", "Kan <name> ringa mig?"),
        ("voinko siirtää ajan PV6-M8H?", "voinko siirtää ajan <reference>?"),
        ("mun hetu on 131052-308T", "mun hetu on <code>"),
        ("+358 44 987 6543 tai 09 123 4567", "<phone> tai <phone>"),
        # what is not personal stays
        ("Jag bor i Borgå och får stöd från FPA", "Jag bor i Borgå och får stöd från FPA"),
        ("asun Helsingissä ja Loviisassa", "asun Helsingissä ja Loviisassa"),
        ("Onko Careerialla kursseja? Entä Ohjaamo?", "Onko Careerialla kursseja? Entä Ohjaamo?"),
        ("miten tavoitan elävän ihmisen", "miten tavoitan elävän ihmisen"),
        ("född 1985, arbetslös sen mars", "född 1985, arbetslös sen mars"),
        ("Vill du ha IT jobb?", "Vill du ha IT jobb?"),
    ],
)
def test_mask(text: str, masked: str) -> None:
    assert mask(text) == masked
