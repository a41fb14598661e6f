"""Training searches typed the way people type them: typos, no å/ä/ö, spoken Finnish.

One row per phrase: what :func:`parse_filters` makes of it (exactly), in Swedish and in
Finnish; then the rules under it (negation, topics, groups, fields) one table each.
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.rules.search_filters import (
    GROUP_PATTERNS,
    TOPICS,
    fields_in,
    groups_in,
    offer_topics,
    parse_filters,
    split_negations,
    topics_in,
)

TODAY = date(2026, 11, 25)

SWEDISH = [
    ("jag vill bli truckförare", {"fields": ["10"], "topics": ["truck"]}),
    ("nan kurs for truckkort?", {"fields": ["10"], "topics": ["truck"]}),
    ("jobb pa lagret, finns det utbildning", {"fields": ["10"], "topics": ["warehouse"]}),
    (
        "lagerjobb i borgå",
        {"municipality": "638", "fields": ["10"], "topics": ["warehouse"]},
    ),
    ("ja sku vilja jobba me bilar", {"fields": ["07"], "topics": ["vehicles"]}),
    ("it-kurs på nätet", {"online": True, "fields": ["06"]}),
    ("nån IT kurs på distans", {"online": True, "fields": ["06"]}),
    ("arbetsprövning", {"kinds": ["workshop"], "topics": ["work_trial"]}),
    (
        "arbetsprovning for partiellt arbetsföra",
        {"kinds": ["workshop"], "topics": ["work_trial"], "groups": ["partial_work_ability"]},
    ),
    ("jag vill prova på ett nytt jobb", {"kinds": ["workshop"], "topics": ["work_trial"]}),
    ("kurser för invandrare på svenska", {"languages": ["sv"], "groups": ["immigrant"]}),
    ("inte vård, nåt med IT", {"fields": ["06"], "excluded_fields": ["09"]}),
    ("vill int jobba inom vården", {"excluded_fields": ["09"]}),
    ("vård intresserar mig inte, men nåt med barn", {"fields": ["01"], "excluded_fields": ["09"]}),
    ("inget företagande tack", {"excluded_topics": ["entrepreneurship"]}),
    ("kurser utan företagande", {"excluded_topics": ["entrepreneurship"]}),
    ("starta eget företag", {"topics": ["entrepreneurship"]}),
    (
        "finns det nan verkstad for unga i lovisa",
        {"municipality": "434", "kinds": ["workshop"], "groups": ["youth"]},
    ),
    ("utbildningar på kvällstid i borga", {"municipality": "638", "formats": ["evening"]}),
    (
        "läroavtal inom bygg",
        {"fields": ["07"], "kinds": ["apprenticeship"], "topics": ["construction"]},
    ),
    ("kock utbildning på svenska", {"languages": ["sv"], "fields": ["10"], "topics": ["kitchen"]}),
    ("städjobb", {"fields": ["10"], "topics": ["cleaning"]}),
    ("vad som helst men inte pa natet", {"in_person": True}),
    (
        "gratis kurser i excel",
        {"fields": ["06"], "free_only": True, "topics": ["office_software"]},
    ),
    (
        "närvårdare med läroavtal",
        {"fields": ["09"], "kinds": ["apprenticeship"], "topics": ["nursing"]},
    ),
    (
        "jag e permitterad, finns det korta kurser",
        {"kinds": ["short_course"], "groups": ["laid_off"]},
    ),
    ("elektriker", {"fields": ["07"], "topics": ["electricity"]}),
    ("svetsare i vasa", {"municipality": "905", "fields": ["07"], "topics": ["welding"]}),
    # the place is refused, so it is no filter
    ("Nåt inom lager men inte i Helsingfors", {"fields": ["10"], "topics": ["warehouse"]}),
    # what someone did is not what they want
    (
        "jag har varit lagerarbetare i 15 år och ryggen håller int längre, finns det nån "
        "utbildning där jag kan sitta mer",
        {},
    ),
    ("vet int, nåt med datorer kanske", {"fields": ["06"], "topics": ["digital_skills"]}),
    (
        "programmering för nybörjare online",
        {"online": True, "fields": ["06"], "topics": ["programming"]},
    ),
    ("frisör", {"fields": ["10"], "topics": ["hair_beauty"]}),
    ("Hygienpass kurs", {"fields": ["10"], "topics": ["cards"]}),
    # a question, not a refusal; and "inga" is not Ingå
    ("finns det inga kurser i IT?", {"fields": ["06"]}),
    ("visa alla utbildningar", {}),
]

FINNISH = [
    ("haluisin trukkikortin", {"fields": ["10"], "topics": ["truck"]}),
    ("trukkikurssi porvoos", {"municipality": "638", "fields": ["10"], "topics": ["truck"]}),
    ("varastotöitä", {"fields": ["10"], "topics": ["warehouse"]}),
    ("varastohommii jossai lähellä", {"fields": ["10"], "topics": ["warehouse"]}),
    ("autoala kiinnostaa", {"fields": ["07"], "topics": ["vehicles"]}),
    (
        "autoalan koulutus ruotsiksi",
        {"languages": ["sv"], "fields": ["07"], "topics": ["vehicles"]},
    ),
    ("työkokeilu", {"kinds": ["workshop"], "topics": ["work_trial"]}),
    (
        "työkokeilu osatyökykyisille",
        {"kinds": ["workshop"], "topics": ["work_trial"], "groups": ["partial_work_ability"]},
    ),
    ("osatyökyisille jotain", {"groups": ["partial_work_ability"]}),
    ("haluun kokeilla töitä jossain pajalla", {"kinds": ["workshop"], "topics": ["work_trial"]}),
    ("ei mua kiinnosta mikään yrittäjyys", {"excluded_topics": ["entrepreneurship"]}),
    (
        "yrittäjyys ei kiinnosta, jotain it juttuja",
        {"fields": ["06"], "excluded_topics": ["entrepreneurship"]},
    ),
    ("en haluu hoitoalalle", {"excluded_fields": ["09"]}),
    ("mikä tahansa paitsi hoitoala", {"excluded_fields": ["09"]}),
    (
        "ei mitään myyntiä eikä asiakaspalvelua",
        {"excluded_fields": ["04"], "excluded_topics": ["sales"]},
    ),
    ("onks mitään verkossa", {"online": True}),
    ("verkkokursseja it-alalta", {"online": True, "fields": ["06"]}),
    ("ei etänä vaan lähiopetusta porvoossa", {"municipality": "638", "in_person": True}),
    (
        "oppisopimus rakennusalalle",
        {"fields": ["07"], "kinds": ["apprenticeship"], "topics": ["construction"]},
    ),
    ("lähihoitajaksi aikuisena", {"fields": ["09"], "topics": ["nursing"]}),
    ("kokiksi haluisin", {"fields": ["10"], "topics": ["kitchen"]}),
    ("siivoushommia", {"fields": ["10"], "topics": ["cleaning"]}),
    ("kuntouttava työtoiminta", {"kinds": ["workshop"], "topics": ["rehabilitative_work"]}),
    (
        "nuorten työpaja kotkassa",
        {"municipality": "285", "kinds": ["workshop"], "groups": ["youth"]},
    ),
    ("kursseja maahanmuuttajille suomeksi", {"languages": ["fi"], "groups": ["immigrant"]}),
    (
        "oon lomautettu, onks jotain lyhyitä kursseja",
        {"kinds": ["short_course"], "groups": ["laid_off"]},
    ),
    (
        "ilmasia kursseja excelistä",
        {"fields": ["06"], "free_only": True, "topics": ["office_software"]},
    ),
    ("kiinteistönhoitajaks", {"fields": ["07"], "topics": ["property"]}),
    (
        "jotain sähköalalta mut ei verkossa",
        {"fields": ["07"], "in_person": True, "topics": ["electricity"]},
    ),
    ("koodaus kiinnostais", {"fields": ["06"], "topics": ["programming"]}),
    ("suomen kielen kurssi", {"topics": ["language_course"]}),
    # a question, not a refusal
    ("ei oo mitään hoitoalan kursseja?", {"fields": ["09"]}),
    # what someone did is not what they want
    ("oon ollu kokkina 10v mut nyt haluisin jotain muuta", {}),
    ("turvatarkastajaksi", {"fields": ["10"], "topics": ["security"]}),
    ("kahvilaan töihin", {"fields": ["10"], "topics": ["kitchen"]}),
    ("näytä kaikki koulutukset", {}),
]


def test_enough_phrases_per_language() -> None:
    assert len(SWEDISH) >= 25 and len(FINNISH) >= 25


@pytest.mark.parametrize(("text", "expected"), SWEDISH)
def test_swedish_searches(text: str, expected: dict[str, object]) -> None:
    assert parse_filters(text, TODAY).to_dict() == expected


@pytest.mark.parametrize(("text", "expected"), FINNISH)
def test_finnish_searches(text: str, expected: dict[str, object]) -> None:
    assert parse_filters(text, TODAY).to_dict() == expected


@pytest.mark.parametrize(
    ("text", "wanted", "refused"),
    [
        # after the negation word, the rest of the clause is refused
        ("IT och inte vård", "it och", "vard"),
        ("jag är intresserad av IT och inte av vård", "jag ar intresserad av it och", "av vard"),
        ("vill int jobba inom vården", "vill", "jobba inom varden"),
        ("kurser utan företagande", "kurser", "foretagande"),
        ("vad som helst utom vård", "vad som helst", "vard"),
        ("kaikki muu paitsi hoitoala", "kaikki muu", "hoitoala"),
        ("jotain ilman yrittäjyyttä", "jotain", "yrittajyytta"),
        # a liking verb next to it refuses the whole clause, what comes before it too
        ("ei mua kiinnosta mikään yrittäjyys", "", "ei mua kiinnosta mikaan yrittajyys"),
        ("yrittäjyys ei kiinnosta", "", "yrittajyys ei kiinnosta"),
        ("vård intresserar mig inte", "", "vard intresserar mig inte"),
        ("hoitoala ei oo mun juttu", "", "hoitoala ei oo mun juttu"),
        ("företagande är inte min grej", "", "foretagande ar inte min grej"),
        # clauses: punctuation, "men", "mutta", "mut", "vaan", contrastive "utan"
        ("inte vård utan IT", "it", "vard"),
        ("vård intresserar mig inte, men IT", "it", "vard intresserar mig inte"),
        ("it-ala kiinnostaa mut ei hoitoala", "it-ala kiinnostaa", "hoitoala"),
        ("en halua hoitoalalle vaan it-alalle", "it-alalle", "halua hoitoalalle"),
        ("tykkään it:stä mutta en hoitoalasta", "tykkaan it sta", "hoitoalasta"),
        ("haluun it-alalle enkä hoitoalalle", "haluun it-alalle", "hoitoalalle"),
        ("it eikä hoitoala", "it", "hoitoala"),
        # "en" is Finnish "not" only before a verb or a case ending; in Swedish an article
        ("en kort kurs i excel", "en kort kurs i excel", ""),
        ("en lista på kurser", "en lista pa kurser", ""),
        ("en tiedä, ehkä it", "en tieda ehka it", ""),
        # not a refusal: "don't know", "doesn't matter", questions
        ("vet inte, kanske IT", "vet inte kanske it", ""),
        ("spelar ingen roll var", "spelar ingen roll var", ""),
        ("ei väliä missä", "ei valia missa", ""),
        ("finns det inga kurser i IT?", "finns det inga kurser i it", ""),
        ("har ni inget inom vården", "har ni inget inom varden", ""),
        ("ei oo mitään verkossa?", "ei oo mitaan verkossa", ""),
        ("eiks oo mitään verkossa", "eiks oo mitaan verkossa", ""),
        # without a question mark "ei oo" refuses
        ("ei oo verkossa", "", "oo verkossa"),
    ],
)
def test_what_is_refused(text: str, wanted: str, refused: str) -> None:
    parts = split_negations(text)
    assert (parts.wanted, parts.refused) == (wanted, refused)


@pytest.mark.parametrize(
    ("text", "past", "wanted"),
    [
        ("har varit lagerarbetare i 15 år", "har varit lagerarbetare i 15 ar", ""),
        (
            "jag har jobbat som kock men vill nu jobba med IT",
            "har jobbat som kock",
            "jag vill nu jobba med it",
        ),
        ("oon ollu kokkina, nyt haluisin it-alalle", "oon ollu kokkina", "nyt haluisin it-alalle"),
        (
            "olin varastossa ja nyt haluun hoitoalalle",
            "olin varastossa ja",
            "nyt haluun hoitoalalle",
        ),
    ],
)
def test_past_work_is_no_wish(text: str, past: str, wanted: str) -> None:
    parts = split_negations(text)
    assert (parts.past, parts.wanted) == (past, wanted)


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("vård", {"09"}),
        ("it", {"06"}),
        ("IT-kurser", {"06"}),
        ("truckförare", {"10"}),
        ("lagre", {"10"}),
        ("autoala", {"07"}),
        ("bilar", {"07"}),
        ("myyjäksi", {"04"}),
        ("kundservice", {"04"}),
        ("laborantti", {"05"}),
        ("excel", {"06"}),
        ("metsuriksi", {"08"}),
        ("socionom", {"09"}),
        ("hygienpass", {"10"}),
        ("kuorma auto", {"07"}),  # "auto" alone is cars: parse_filters joins "kuorma-auto" first
        # words that looked like a field but are not one in a search
        ("mitä palveluja teillä on", set()),
        ("vardagen", set()),
        ("stadens verkstäder", set()),
        ("sähköposti", set()),
        ("naturligtvis", set()),
        ("ohjaamo", set()),
    ],
)
def test_fields_in_a_search(text: str, fields: set[str]) -> None:
    assert fields_in(text) == fields


@pytest.mark.parametrize(
    ("text", "fields"),
    [("kuorma-autonkuljettajaksi", ["10"]), ("linja-auton kuljettaja", ["10"])],
)
def test_hyphenated_compounds(text: str, fields: list[str]) -> None:
    assert parse_filters(text, TODAY).to_dict()["fields"] == fields


# one typed example per topic, and titles it should (and should not) be found in
TOPIC_EXAMPLES = {
    "entrepreneurship": ("vill starta eget", "Oma yritys – yrittäjyyden perusteet"),
    "truck": ("trukkikortti", "Truckkort, kurs i Borgå"),
    "warehouse": ("lagerjobb", "Varasto ja logistiikka"),
    "driving": ("rekkakuski, C-ajokortti", "Lastbilschaufför, C-körkort"),
    "vehicles": ("bilmekaniker", "Automekaanikko, ajoneuvoalan perustutkinto"),
    "kitchen": ("kokiksi", "Kock, grundexamen"),
    "cleaning": ("städare", "Toimitilahuoltaja, työvoimakoulutus"),
    "nursing": ("närvårdare", "Lähihoitaja, aikuisten tutkinto"),
    "childcare": ("barnskötare", "Varhaiskasvatuksen lastenhoitaja"),
    "electricity": ("sähköasentaja", "Elmontör, grundexamen"),
    "welding": ("hitsaajaksi", "Svetsare, arbetskraftsutbildning"),
    "construction": ("bygg", "Talonrakentaja oppisopimuksella"),
    "property": ("kiinteistönhoitaja", "Fastighetsskötare med läroavtal"),
    "green": ("metsuri", "Skogsarbetare"),
    "programming": ("koodaus", "Grunderna i programmering"),
    "office_software": ("excel kurs", "Microsoft 365 i arbetslivet"),
    "digital_skills": ("datorkunskap", "Digituki: tietokone ja kännykkä"),
    "bookkeeping": ("bokföring", "Palkanlaskenta, verkkokurssi"),
    "sales": ("asiakaspalvelu", "Kundservice och försäljning"),
    "security": ("vartijaksi", "Lentoaseman turvatarkastaja"),
    "hair_beauty": ("parturi-kampaaja", "Frisör, grundexamen"),
    "language_course": ("finskakurs", "Suomi toisena kielenä"),
    "cards": ("hygieniapassi", "Hygienpass, kvällskurs"),
    "work_trial": ("työkokeiluun", "Arbetsprövning i stadens verkstäder"),
    "rehabilitative_work": ("kuntouttavaa työtoimintaa", "Arbetsverksamhet i rehabiliteringssyfte"),
    "work_coaching": ("työvalmennus", "Samarias kafé: arbetsträning i kök"),
    "youth_guidance": ("ohjaamo", "Navigatorn: personlig coachning"),
}


def test_every_topic_has_an_example() -> None:
    assert set(TOPIC_EXAMPLES) == set(TOPICS)
    for topic in TOPICS.values():
        assert topic.label["sv"] and topic.label["fi"]


@pytest.mark.parametrize(("code", "example"), sorted(TOPIC_EXAMPLES.items()))
def test_topic_words_and_titles(code: str, example: tuple[str, str]) -> None:
    typed, title = example
    assert code in topics_in(typed)
    assert code in offer_topics(title, "")


@pytest.mark.parametrize(
    ("title_sv", "title_fi", "not_about"),
    [
        # "på svenska" is the language of a course, not a language course
        (
            "Närvårdare, grundexamen på svenska",
            "Lähihoitaja, perustutkinto ruotsiksi",
            "language_course",
        ),
        ("Excel, fortsättningskurs på finska", "Excel, jatkokurssi", "language_course"),
        # automation is not cars
        ("Elmontör", "Sähköasentaja, sähkö- ja automaatioalan perustutkinto", "vehicles"),
        ("Lastbilschaufför", "Kuorma-autonkuljettaja", "vehicles"),
        ("Kundservice och försäljning", "Asiakaspalvelu ja myynti", "entrepreneurship"),
    ],
)
def test_titles_not_about(title_sv: str, title_fi: str, not_about: str) -> None:
    assert not_about not in offer_topics(title_sv, title_fi)


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("för unga", {"youth"}),
        ("alle 30-vuotiaille", {"youth"}),
        ("nuorten paja", {"youth"}),
        ("jag är invandrare", {"immigrant"}),
        ("maahanmuuttajille", {"immigrant"}),
        ("olen ollut pitkään työtön", {"long_term_unemployed"}),
        ("långtidsarbetslösa", {"long_term_unemployed"}),
        ("osatyökykyisille", {"partial_work_ability"}),
        ("osatyökyisille", {"partial_work_ability"}),
        ("jag har nedsatt arbetsförmåga", {"partial_work_ability"}),
        ("partiellt arbetsför", {"partial_work_ability"}),
        ("lomautettu", {"laid_off"}),
        ("ja e permitterad", {"laid_off"}),
        ("vill byta bransch", {"career_change"}),
        ("haluaisin vaihtaa alaa", {"career_change"}),
        ("kurser i Borgå", set()),
    ],
)
def test_groups_named(text: str, groups: set[str]) -> None:
    assert groups_in(text) == groups
    assert set(groups_in(text)) <= set(GROUP_PATTERNS)
