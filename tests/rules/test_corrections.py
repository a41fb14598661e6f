"""Which answer does the person want to change?"""

from __future__ import annotations

import pytest

from bot.rules.corrections import Correction, find_correction, question_named_in


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


@pytest.mark.parametrize(
    ("text", "open_question", "question", "value"),
    [
        # Swedish, with and without å/ä/ö
        (
            "förresten, jag skrev fel, jag är född 1968",
            "occupation",
            "age_group",
            "jag är född 1968",
        ),
        (
            "forresten, jag skrev fel, jag ar fodd 1968",
            "occupation",
            "age_group",
            "jag ar fodd 1968",
        ),
        ("jag sa Sibbo men jag bor faktiskt i Borgå", "situation", "municipality", "Borgå"),
        ("jag sa Sibbo men jag bor faktiskt i Borga", "situation", "municipality", "Borga"),
        ("hemkommun ska vara Borgå", None, "municipality", "Borgå"),
        ("hemkommun ska vara Borgå", "education", "municipality", "Borgå"),
        ("rättelse: jag är född 1971", "benefit", "age_group", "jag är född 1971"),
        ("rattelse, jag ar fodd 1971", "benefit", "age_group", "jag ar fodd 1971"),
        ("nej vänta, jag bor i Lovisa", "education", "municipality", "Lovisa"),
        ("egentligen bor jag i Sibbo", "help_wanted", "municipality", "Sibbo"),
        ("faktiskt bor jag i Helsingfors", "age_group", "municipality", "Helsingfors"),
        ("jag menar att jag är född 1985", "municipality", "age_group", "jag är född 1985"),
        ("ändra kommun till Borgå", "situation", "municipality", "Borgå"),
        (
            "jag skrev fel utbildning, det ska vara yrkesexamen",
            "occupation",
            "education",
            "yrkesexamen",
        ),
        ("förresten är mitt modersmål arabiska", "education", "native_language", "arabiska"),
        ("förresten bor jag i Sibbo men jag bor i Borgå nu", "occupation", "municipality", "Borgå"),
        ("egentligen är jag född -92", "work_ability", "age_group", "jag född -92"),
        # Finnish, with and without ä/ö
        ("hetkinen, mä asun itseasiassa sipoossa", "occupation", "municipality", "sipoossa"),
        ("hetkinen, ma asun itseasiassa sipoossa", "occupation", "municipality", "sipoossa"),
        ("syntymävuosi on 1971 eikä 1917", "education", "age_group", "1971"),
        ("syntymavuosi on 1971 eika 1917", None, "age_group", "1971"),
        ("itse asiassa asun Porvoossa", "situation", "municipality", "Porvoossa"),
        ("kirjoitin väärin, olen syntynyt 1980", "benefit", "age_group", "olen syntynyt 1980"),
        ("kirjotin vaarin, oon syntyny 1980", "benefit", "age_group", "oon syntyny 1980"),
        ("tarkoitin että asun Loviisassa", "education", "municipality", "Loviisassa"),
        ("sori, mä asun siis Helsingissä", "occupation", "municipality", "Helsingissä"),
        ("korjaus: kotikunta on Sipoo", None, "municipality", "Sipoo"),
        ("kotikunta on Porvoo eikä Sipoo", "education", "municipality", "Porvoo"),
        ("sanoin Sipoo mutta asun oikeastaan Porvoossa", "situation", "municipality", "Porvoossa"),
        ("oikeastaan olen syntynyt -85", "native_language", "age_group", "olen syntynyt -85"),
        ("itseasiassa mun äidinkieli on venäjä", "education", "native_language", "venäjä"),
        ("ei kun, koulutus on ammattikoulu", "occupation", "education", "ammattikoulu"),
    ],
)
def test_find_correction(text: str, open_question: str | None, question: str, value: str) -> None:
    assert find_correction(text, open_question) == Correction(question, value)


@pytest.mark.parametrize(
    ("text", "open_question"),
    [
        ("jag bor i Borgå", "municipality"),  # a plain answer to the open question
        ("jag bor i Borga", "municipality"),
        ("förresten bor jag i Borgå", "municipality"),
        ("hetkinen mä asun itseasiassa sipoossa", "municipality"),
        ("asun Porvoossa", "municipality"),
        ("lagerarbetare", "occupation"),
        ("varastotyöntekijä", "occupation"),
        ("jag är född 1968", "age_group"),
        ("jag bor i Borgå", "occupation"),  # no marker: not taken as a correction
        ("jag är född 1968", "occupation"),
        ("jag skrev fel", "situation"),  # no question, no value
        ("förresten, jag skrev fel", "occupation"),
        ("hetkinen", "occupation"),
        ("jag vill ändra min utbildning", "occupation"),  # no value: "which answer?" instead
        ("förresten har jag truckkort", "occupation"),
        ("jag jobbade på kommunen", "occupation"),
    ],
)
def test_no_correction(text: str, open_question: str | None) -> None:
    assert find_correction(text, open_question) is None


def test_an_answer_to_the_open_question_that_names_another_is_no_correction() -> None:
    assert find_correction("yrkesexamen, truckkort har jag också", "education") is None
    assert find_correction("ammattikoulu, töissä olin varastolla", "education") is None
    # with a marker it is one
    found = find_correction("förresten, jag är född 1967", "education")
    assert found is not None and found.question == "age_group"


@pytest.mark.parametrize(
    ("text", "open_question", "previous", "question"),
    [
        # a change of mind about the answer just given, naming no question
        ("nej förresten, helst nåt inom vård", "help_wanted", "desired_fields", "desired_fields"),
        ("nej forresten helst nat inom vard", "help_wanted", "desired_fields", "desired_fields"),
        ("jag ändrade mig, hellre butik", "help_wanted", "desired_fields", "desired_fields"),
        ("ei ku sittenki mielummin it-ala", "help_wanted", "desired_fields", "desired_fields"),
        ("ei kun sittenkin siivous", "help_wanted", "desired_fields", "desired_fields"),
        ("Muutin mieleni, rakennusala", "help_wanted", "desired_fields", "desired_fields"),
        ("förresten, jag har yrkesexamen", "occupation", "education", "education"),
        ("ai niin sori, itse asiassa lukio", "occupation", "education", "education"),
    ],
)
def test_change_of_mind_corrects_the_previous_answer(
    text: str, open_question: str, previous: str, question: str
) -> None:
    found = find_correction(text, open_question, previous)
    assert found is not None and found.question == question


@pytest.mark.parametrize(
    ("text", "open_question", "previous"),
    [
        # no marker: an answer to the open question, not a change of mind
        ("helst nåt inom vård", "help_wanted", "desired_fields"),
        # the marker's words answer the open question
        ("itse asiassa tarvitsen apua cv:n kanssa", "help_wanted", "desired_fields"),
        ("förresten, hjälp med cv", "help_wanted", "desired_fields"),
        # the words do not parse as the previous answer
        ("förresten, vad betyder det?", "help_wanted", "desired_fields"),
    ],
)
def test_no_change_of_mind(text: str, open_question: str, previous: str) -> None:
    assert find_correction(text, open_question, previous) is None
