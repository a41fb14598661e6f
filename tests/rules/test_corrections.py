"""Which answer does the person want to change?"""

from __future__ import annotations

import pytest

from bot.rules.corrections import question_named_in


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("jag vill ändra min utbildning", "education"),
        ("korjaa ikä", "age_group"),
        ("mä kirjotin väärin syntymävuoden", "age_group"),
        ("fel kommun, kan jag ändra", "municipality"),
        ("ändra svaret om modersmål", "native_language"),
        ("haluun muuttaa äidinkielen", "native_language"),
        ("ändra språk jag kan", "other_languages"),
        ("muuta asiointikieli", "service_language"),
        ("vaihda tuki", "benefit"),
        ("ändra yrket", "occupation"),
        ("korjaa toivottu ala", "desired_fields"),
        ("jag vill ändra kontaktsätt", "contact_channel"),
        ("ändra", None),
        ("korjaa", None),
    ],
)
def test_question_named_in(text: str, question: str | None) -> None:
    assert question_named_in(text) == question
