"""The codes the mapping stores, and their labels in Swedish and Finnish.

One table per question. Buttons, the summary, the portal and the training catalog all use
these codes, so a Swedish and a Finnish answer end up as the same value.
"""

from __future__ import annotations

from bot.rules.lexicon import load as _load_data

Labels = dict[str, dict[str, str]]

AGE_GROUPS: Labels = {
    "under_25": {"sv": "under 25 år", "fi": "alle 25-vuotias"},
    "25_29": {"sv": "25–29 år", "fi": "25–29-vuotias"},
    "30_54": {"sv": "30–54 år", "fi": "30–54-vuotias"},
    "55_plus": {"sv": "55 år eller äldre", "fi": "55-vuotias tai vanhempi"},
}

SITUATIONS: Labels = {
    "unemployed": {"sv": "arbetslös", "fi": "työtön"},
    "laid_off": {"sv": "permitterad", "fi": "lomautettu"},
    "dismissed": {"sv": "uppsagd", "fi": "irtisanottu"},
    "resigned": {"sv": "egen uppsägning", "fi": "irtisanoutunut itse"},
    "part_time": {"sv": "jobbar deltid", "fi": "osa-aikatyössä"},
    "student": {"sv": "studerar eller blir snart klar", "fi": "opiskelee tai valmistuu pian"},
    "other": {"sv": "annat", "fi": "muu"},
}

DURATIONS: Labels = {
    "under_3m": {"sv": "under 3 månader", "fi": "alle 3 kuukautta"},
    "3_12m": {"sv": "3 månader–1 år", "fi": "3 kuukautta–1 vuosi"},
    "over_12m": {"sv": "ett år eller mer", "fi": "vuoden tai kauemmin"},
}

BENEFITS: Labels = {
    "general_support": {"sv": "allmänt stöd (FPA)", "fi": "yleistuki (Kela)"},
    # replaced by the general support on 1.5.2026; kept for cases recorded before
    "labour_market_subsidy": {"sv": "arbetsmarknadsstöd", "fi": "työmarkkinatuki"},
    "basic_allowance": {"sv": "grunddagpenning", "fi": "peruspäiväraha"},
    "earnings_related": {
        "sv": "inkomstrelaterad dagpenning",
        "fi": "ansiosidonnainen päiväraha",
    },
    "kela_unspecified": {
        "sv": "stöd från FPA (oklart vilket)",
        "fi": "Kelan tuki (ei tiedossa, mikä)",
    },
    "none": {"sv": "inget stöd", "fi": "ei tukea"},
    "unknown": {"sv": "vet inte", "fi": "ei tiedossa"},
}

LANGUAGE_NAMES: Labels = {
    "fi": {"sv": "finska", "fi": "suomi"},
    "sv": {"sv": "svenska", "fi": "ruotsi"},
    "se": {"sv": "samiska", "fi": "saame"},
    "en": {"sv": "engelska", "fi": "englanti"},
    "ru": {"sv": "ryska", "fi": "venäjä"},
    "et": {"sv": "estniska", "fi": "viro"},
    "ar": {"sv": "arabiska", "fi": "arabia"},
    "so": {"sv": "somaliska", "fi": "somali"},
    "fa": {"sv": "persiska", "fi": "persia"},
    "ku": {"sv": "kurdiska", "fi": "kurdi"},
    "uk": {"sv": "ukrainska", "fi": "ukraina"},
    "zh": {"sv": "kinesiska", "fi": "kiina"},
    "th": {"sv": "thailändska", "fi": "thai"},
    "vi": {"sv": "vietnamesiska", "fi": "vietnam"},
    "sq": {"sv": "albanska", "fi": "albania"},
    "tr": {"sv": "turkiska", "fi": "turkki"},
    "de": {"sv": "tyska", "fi": "saksa"},
    "fr": {"sv": "franska", "fi": "ranska"},
    "es": {"sv": "spanska", "fi": "espanja"},
    "pl": {"sv": "polska", "fi": "puola"},
    "pt": {"sv": "portugisiska", "fi": "portugali"},
    "ro": {"sv": "rumänska", "fi": "romania"},
    "bg": {"sv": "bulgariska", "fi": "bulgaria"},
    "hu": {"sv": "ungerska", "fi": "unkari"},
    "it": {"sv": "italienska", "fi": "italia"},
    "no": {"sv": "norska", "fi": "norja"},
    "da": {"sv": "danska", "fi": "tanska"},
    "ne": {"sv": "nepalesiska", "fi": "nepali"},
    "hi": {"sv": "hindi", "fi": "hindi"},
    "bn": {"sv": "bengali", "fi": "bengali"},
    "ur": {"sv": "urdu", "fi": "urdu"},
    "ta": {"sv": "tamil", "fi": "tamili"},
    "tl": {"sv": "tagalog", "fi": "tagalog"},
    "ti": {"sv": "tigrinja", "fi": "tigrinja"},
    "am": {"sv": "amhariska", "fi": "amhara"},
    "ps": {"sv": "pashto", "fi": "pašto"},
    "lv": {"sv": "lettiska", "fi": "latvia"},
    "lt": {"sv": "litauiska", "fi": "liettua"},
    "sr": {"sv": "serbiska", "fi": "serbia"},
    "hr": {"sv": "kroatiska", "fi": "kroatia"},
    "bs": {"sv": "bosniska", "fi": "bosnia"},
    "sw": {"sv": "swahili", "fi": "swahili"},
    "ja": {"sv": "japanska", "fi": "japani"},
    "ko": {"sv": "koreanska", "fi": "korea"},
    "other": {"sv": "annat språk", "fi": "muu kieli"},
}

# Native languages that do not make a person a customer of the immigrant service path.
DOMESTIC_LANGUAGES = frozenset({"fi", "sv", "se"})

LEVELS: Labels = {
    "native": {"sv": "modersmål", "fi": "äidinkieli"},
    "fluent": {"sv": "flytande", "fi": "sujuva"},
    "good": {"sv": "bra", "fi": "hyvä"},
    "basic": {"sv": "grundkunskaper", "fi": "alkeet"},
}

EDUCATION: Labels = {
    "none": {"sv": "ingen avslutad utbildning", "fi": "ei tutkintoa"},
    "basic": {"sv": "grundskola", "fi": "peruskoulu"},
    "upper_secondary": {"sv": "gymnasium", "fi": "lukio"},
    "vocational": {"sv": "yrkesexamen", "fi": "ammatillinen tutkinto"},
    "higher": {"sv": "högskoleexamen", "fi": "korkeakoulututkinto"},
    "foreign": {"sv": "examen från utlandet", "fi": "ulkomainen tutkinto"},
}

# ISCO-08 major groups.
# ISCO major groups, named as the kind of work one person did (the coach reads "Senaste
# arbete: service- och försäljningsarbete", not a plural group of people).
OCCUPATION_GROUPS: Labels = {
    "1": {"sv": "chefsarbete", "fi": "johtotehtävät"},
    "2": {"sv": "specialistarbete", "fi": "erityisasiantuntijan työ"},
    "3": {"sv": "expertarbete", "fi": "asiantuntijatyö"},
    "4": {"sv": "kontors- och kundtjänstarbete", "fi": "toimisto- ja asiakaspalvelutyö"},
    "5": {"sv": "service-, omsorgs- och försäljningsarbete", "fi": "palvelu- ja myyntityö"},
    "6": {"sv": "jord-, skogsbruks- och fiskearbete", "fi": "maa-, metsä- ja kalatalouden työ"},
    "7": {
        "sv": "byggnads-, reparations- och tillverkningsarbete",
        "fi": "rakennus-, korjaus- ja valmistustyö",
    },
    "8": {"sv": "process- och transportarbete", "fi": "prosessi- ja kuljetustyö"},
    "9": {
        "sv": "annat arbete, till exempel städning eller lager",
        "fi": "muu työ, esimerkiksi siivous tai varastotyö",
    },
    "0": {"sv": "militärt arbete", "fi": "sotilastyö"},
    "none": {"sv": "ingen arbetserfarenhet", "fi": "ei työkokemusta"},
    "unknown": {"sv": "arbete med egna ord", "fi": "työ omin sanoin"},
}

# ISCED-F 2013 broad fields (also used by the training catalog).
FIELDS: Labels = {
    "01": {"sv": "pedagogik och barn", "fi": "kasvatus ja lapset"},
    "02": {"sv": "konst, kultur och språk", "fi": "taide, kulttuuri ja kielet"},
    "03": {"sv": "samhälle och media", "fi": "yhteiskunta ja media"},
    "04": {"sv": "handel, kontor och juridik", "fi": "kauppa, hallinto ja juridiikka"},
    "05": {"sv": "naturvetenskap", "fi": "luonnontieteet"},
    "06": {"sv": "IT och data", "fi": "IT-ala"},
    "07": {"sv": "teknik, industri och bygg", "fi": "tekniikka, teollisuus ja rakentaminen"},
    "08": {"sv": "jord- och skogsbruk", "fi": "maa- ja metsätalous"},
    "09": {"sv": "vård och omsorg", "fi": "sosiaali- ja terveysala"},
    "10": {
        "sv": "service, restaurang, transport och städning",
        "fi": "palvelut, ravintola, kuljetus ja siivous",
    },
    "any": {"sv": "vilket område som helst", "fi": "mikä tahansa ala"},
}

HELP_TOPICS: Labels = {
    "job_search": {"sv": "söka jobb", "fi": "työnhaku"},
    "training": {"sv": "utbildning", "fi": "koulutus"},
    "career_change": {"sv": "byta bransch", "fi": "alanvaihto"},
    "entrepreneurship": {"sv": "starta eget företag", "fi": "yrittäjyys"},
    "wellbeing": {"sv": "vardag och välmående", "fi": "arki ja hyvinvointi"},
}

WORK_ABILITY: Labels = {
    "none": {"sv": "inga begränsningar", "fi": "ei rajoitteita"},
    "mild": {
        "sv": "lindrig begränsning (påverkar kanske inte arbetet)",
        "fi": "lievä rajoite (ei ehkä vaikuta työhön)",
    },
    "limited": {"sv": "begränsad arbetsförmåga", "fi": "rajoittunut työkyky"},
    "skipped": {"sv": "vill inte svara", "fi": "ei halunnut vastata"},
}

# Facts a person volunteers in any answer (truck licence, notice period ...): the labels the
# coach reads, from the same file as the words that find them (data/facts.yml).
FACTS: Labels = {
    code: {"sv": str(fact["sv"]), "fi": str(fact["fi"])}
    for code, fact in _load_data("facts")["facts"].items()
}

CHANNELS: Labels = {
    "visit": {"sv": "besök på kontoret", "fi": "tapaaminen toimistolla"},
    "phone": {"sv": "telefon", "fi": "puhelin"},
    "video": {"sv": "video", "fi": "video"},
}

SERVICE_LANGUAGES: Labels = {
    "sv": {"sv": "svenska", "fi": "ruotsi"},
    "fi": {"sv": "finska", "fi": "suomi"},
}

SKIPPED = "skipped"
UNANSWERED = "unanswered"

SPECIAL: Labels = {
    SKIPPED: {"sv": "hoppade över frågan", "fi": "ohitettu"},
    UNANSWERED: {"sv": "inget svar (en coach frågar)", "fi": "ei vastausta (valmentaja kysyy)"},
}


def label(table: Labels, code: str | None, language: str) -> str:
    """The label of ``code`` in ``language``; special values and unknown codes handled."""
    if code is None:
        return "–"
    if code in SPECIAL:
        return SPECIAL[code][language]
    entry = table.get(code)
    # never an internal code in front of a person or a coach
    return entry[language] if entry else "–"


# The questions as they are named in the summary and on the "which answer?" buttons.
QUESTION_LABELS: Labels = {
    "age_group": {"sv": "Ålder", "fi": "Ikä"},
    "municipality": {"sv": "Hemkommun", "fi": "Kotikunta"},
    "situation": {"sv": "Situation", "fi": "Tilanne"},
    "situation_duration": {"sv": "Hur länge", "fi": "Kuinka kauan"},
    "benefit": {"sv": "Stöd", "fi": "Tuki"},
    "native_language": {"sv": "Modersmål", "fi": "Äidinkieli"},
    "other_languages": {"sv": "Andra språk", "fi": "Muut kielet"},
    "education": {"sv": "Utbildning", "fi": "Koulutus"},
    "occupation": {"sv": "Senaste arbete", "fi": "Viimeisin työ"},
    "desired_fields": {"sv": "Önskat område", "fi": "Toivottu ala"},
    "help_wanted": {"sv": "Vill ha hjälp med", "fi": "Avun tarve"},
    "work_ability": {"sv": "Arbetsförmåga", "fi": "Työkyky"},
    "work_ability_effect": {"sv": "Påverkar arbetet", "fi": "Vaikuttaa työhön"},
    "contact_channel": {"sv": "Kontaktsätt", "fi": "Yhteydenpito"},
    "service_language": {"sv": "Servicespråk", "fi": "Asiointikieli"},
}
