"""What a training search is about beyond its filters: topics and customer groups (pure).

:data:`TOPICS` are the jobs and kinds of service people name ("truckförare", "työkokeilu"),
with patterns on the typed message and on the offers' titles; :data:`GROUP_PATTERNS` the
customer groups people name about themselves ("osatyökykyisille", "för invandrare"). Both are
soft: they rank the offers that match them first.

This module holds the topics; the customer groups are in :mod:`bot.rules.search_groups` and
re-exported here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.rules.search_groups import GROUP_PATTERNS as GROUP_PATTERNS  # re-exported
from bot.rules.search_groups import groups_in as groups_in
from bot.rules.search_words import _has
from bot.text import fold


@dataclass(frozen=True)
class Topic:
    """Something people search for that is finer than a field: a job, a kind of service.

    ``typed`` are patterns on the folded message, ``title`` patterns on the offer's folded
    Swedish and Finnish titles; ``kinds`` are catalog kinds the words also ask for (a work
    trial is always held in a workshop).
    """

    label: dict[str, str]
    typed: tuple[str, ...]
    title: tuple[str, ...]
    kinds: frozenset[str] = frozenset()


TOPICS: dict[str, Topic] = {
    "entrepreneurship": Topic(
        {"sv": "företagande", "fi": "yrittäjyys"},
        (
            r"yrittaj",
            r"\byrittajy",
            r"\boma(a|n)? yrity",
            r"\bomaa firmaa\b",
            r"\bperusta(a|is)? (oma(n|a)? )?yrity",
            r"\byrityksen perust",
            r"\bliiketoimint",
            r"\bforetagar",
            r"\bforetagand",
            r"\bstarta eget",
            r"\beget foretag",
            r"\bstarta (ett |nytt |eget |en )*(foretag|firma)",
            r"\begen firma",
            r"\bsmaforetag",
            r"\baffarsplan",
        ),
        (r"yrittaj", r"\boma yritys", r"foretag", r"affarsplan", r"liiketoimint", r"starta eget"),
    ),
    "truck": Topic(
        {"sv": "truck", "fi": "trukki"},
        (r"\btruc?k", r"\btrukk", r"\btrukin", r"\btrukkikor"),
        (r"truck", r"trukki"),
    ),
    "warehouse": Topic(
        {"sv": "lager och logistik", "fi": "varasto ja logistiikka"},
        (r"\blager", r"\blagr", r"\bvarasto", r"\blogisti", r"\bterminaal?i", r"\bterminal"),
        (r"lager", r"varasto", r"logisti"),
    ),
    "driving": Topic(
        {"sv": "att köra bil, buss eller lastbil", "fi": "kuljettajan työ"},
        (
            r"\blastbil",
            r"\bkuorma ?-?auto",
            r"\bkuormaauto",
            r"\brekka",
            r"\bbusschauff",
            r"\bbussforare",
            r"\blinja ?-?auto",
            r"\bchauff",
            r"\bkuljettaj",
            r"\bkorkort",
            r"\bajokort",
            r"\btaxi",
            r"\btaksi",
        ),
        (r"chauff", r"kuljettaj", r"korkort", r"ajokort"),
    ),
    "vehicles": Topic(
        {"sv": "bilar och fordon", "fi": "autot ja ajoneuvot"},
        (
            r"\bauto ?-?ala",
            r"\bautohomm",
            r"\bautomek",
            r"\bautokorj",
            r"\bautoasent",
            r"\bautojen\b",
            r"\bautoja\b",
            r"\bautot\b",
            r"\bbil ?mek",
            r"\bbilverk",
            r"\bbilrepar",
            r"\bbilbransch",
            r"\bbilar\b",
            r"\bfordon",
            r"\bajoneuv",
        ),
        (r"bilmek", r"automek", r"fordon", r"ajoneuv"),
    ),
    "kitchen": Topic(
        {"sv": "kök och restaurang", "fi": "keittiö ja ravintola"},
        (
            r"\bkock",
            r"\bkokki",
            r"\bkok(et)?\b",
            r"\bkoki(ksi|na|lle)\b",
            r"\bkeittio",
            r"\bravintol",
            r"\brestaurang",
            r"\bkahvila",
            r"\bkafe",
            r"\bcafe",
            r"\bcatering",
            r"\bservering",
            r"\bservitor",
            r"\btarjoil",
        ),
        (
            r"kock",
            r"kokki",
            r"keittio",
            r"\bkok\b",
            r"restaurang",
            r"ravintol",
            r"kafe",
            r"kahvila",
        ),
    ),
    "cleaning": Topic(
        {"sv": "städning", "fi": "siivous"},
        (r"\bstad(ning|are|ar\b|bransch|jobb)", r"\bsiivo", r"\blokalvard", r"\btoimitilahuol"),
        (r"lokalvard", r"toimitilahuol", r"siivo", r"stadning"),
    ),
    "nursing": Topic(
        {"sv": "vårdarbete", "fi": "hoitotyö"},
        (
            r"\bnarvard",
            r"\blahihoit",
            r"\bsjukskot",
            r"\bsairaanhoit",
            r"\bvardbitr",
            r"\bhoitaja",
            r"\bhoiva",
            r"\baldreomsorg",
            r"\bvanhust",
        ),
        (r"narvard", r"lahihoit", r"sjukskot", r"sairaanhoit"),
    ),
    "childcare": Topic(
        {"sv": "barn och skola", "fi": "lapset ja koulu"},
        (
            r"\bbarnskot",
            r"\blastenhoit",
            r"\bdaghem",
            r"\bpaivakot",
            r"\bvarhaiskasv",
            r"\bsmabarn",
            r"\bkoulunkaynninohj",
            r"\bskolgangshandl",
            r"\bskolassistent",
        ),
        (r"barnskot", r"lastenhoit", r"skolgangshandl", r"koulunkaynn"),
    ),
    "electricity": Topic(
        {"sv": "el", "fi": "sähkö"},
        (r"\belektri", r"\belmont", r"\belbransch", r"\beltekn", r"\bel\b", r"\bsahko(?!post)"),
        (r"\belmont", r"\bel\b", r"elektr", r"sahko"),
    ),
    "welding": Topic(
        {"sv": "svetsning", "fi": "hitsaus"},
        (r"\bsvets", r"\bhitsa"),
        (r"svets", r"hitsa"),
    ),
    "construction": Topic(
        {"sv": "bygg", "fi": "rakentaminen"},
        (
            r"\bbygg",
            r"\brakennu",
            r"\brakentaj",
            r"\brakentam",
            r"\btalonrak",
            r"\bhusbygg",
            r"\bsnickar",
            r"\bkirvesm",
            r"\bpuusepp",
        ),
        (r"bygg", r"rakentaj"),
    ),
    "property": Topic(
        {"sv": "fastighetsskötsel", "fi": "kiinteistönhoito"},
        (r"\bfastighet", r"\bkiinteisto", r"\bhuoltomie", r"\bvahtimest", r"\bgardskarl"),
        (r"fastighet", r"kiinteisto"),
    ),
    "green": Topic(
        {"sv": "skog och grönområden", "fi": "metsä ja viheralueet"},
        (
            r"\bgronomr",
            r"\btradgard",
            r"\bviher",
            r"\bpuutarh",
            r"\bskog",
            r"\bmetsa",
            r"\bmetsur",
        ),
        (r"gronomr", r"viher", r"skog", r"metsur"),
    ),
    "programming": Topic(
        {"sv": "programmering", "fi": "ohjelmointi"},
        (
            r"\bprogramm",
            r"\bohjelmoi",
            r"\bohjelmisto",
            r"\bkoodaus",
            r"\bkoodaa",
            r"\bkoodar",
            r"\bkoodi",
            r"\bmjukvar",
            r"\bsoftwar",
            r"\bweb ?-?kehit",
            r"\bwebbutveck",
        ),
        (r"programm", r"ohjelmoin", r"ohjelmisto"),
    ),
    "office_software": Topic(
        {"sv": "datorprogram för kontoret", "fi": "toimisto-ohjelmat"},
        (r"\bexcel", r"\bmicrosoft", r"\boffice\b", r"\bkalkylblad", r"\btaulukkolask"),
        (r"excel", r"microsoft"),
    ),
    "digital_skills": Topic(
        {"sv": "dator och mobil i vardagen", "fi": "tietokone ja kännykkä arjessa"},
        (
            r"\bdatorkunskap",
            r"\bdatakurs",
            r"\bdigitaidot",
            r"\bdigituki",
            r"\bdigistod",
            r"\btietokoneen kaytt",
            r"\btietokonekurs",
            r"\bkannyk",
            r"\bkanny",
            r"\bmobil",
            r"\bdator",
        ),
        (r"digituki", r"digistod", r"dator", r"tietokone"),
    ),
    "bookkeeping": Topic(
        {"sv": "bokföring och löner", "fi": "kirjanpito ja palkat"},
        (r"\bbokfor", r"\bkirjanpi", r"\blonerakn", r"\bpalkanlask", r"\btilitoim", r"\bredovis"),
        (r"bokfor", r"kirjanpi", r"lonerakn", r"palkanlask"),
    ),
    "sales": Topic(
        {"sv": "försäljning och kundservice", "fi": "myynti ja asiakaspalvelu"},
        (
            r"\bforsalj",
            r"\bsaljare",
            r"\bmyyj",
            r"\bmyynti",
            r"\bmyymal",
            r"\bkundservice",
            r"\bkundtjanst",
            r"\basiakaspalv",
            r"\bbutik",
            r"\bkassa",
            r"\bkaupan ?-?ala",
            r"\bkauppa ?-?ala",
        ),
        (r"forsalj", r"myyja", r"myynti", r"kundservice", r"asiakaspalv", r"butik"),
    ),
    "security": Topic(
        {"sv": "säkerhet och bevakning", "fi": "turvallisuus ja vartiointi"},
        (
            r"\bvakt",
            r"\bordningsvakt",
            r"\bvartij",
            r"\bvartioi",
            r"\bjarjestyksenval",
            r"\bsakerhetskontr",
            r"\bturvatark",
            r"\bsecurity",
        ),
        (r"sakerhetskontr", r"turvatark"),
    ),
    "hair_beauty": Topic(
        {"sv": "frisör och skönhet", "fi": "hius- ja kauneudenhoito"},
        (r"\bfrisor", r"\bparturi", r"\bkampaa", r"\bkosmetolog", r"\bskonhet", r"\bkauneu"),
        (r"frisor", r"parturi"),
    ),
    "language_course": Topic(
        {"sv": "språkkurser", "fi": "kielikurssit"},
        (
            r"\b(finska|svenska|engelska)(kurs|n\b)",
            r"\bkurs(er)? i (finska|svenska|engelska)",
            r"\b(lara mig|lasa|plugga|studera) (finska|svenska|engelska)",
            r"\bmin (finska|svenska)\b",
            r"\b(suomen|ruotsin|englannin) ?(kielen )?(kurs|opiskel|opetus|taito)",
            r"\b(suomen|ruotsin) kiel",
            r"\bkielikurs",
            r"\bkieli ?-?kurs",
            r"\bsprakkurs",
            r"andrasprak",
            r"toisena kielena",
            r"\b(opiskella|oppia|opiskelen|opetella) (suomea|ruotsia|englantia|suomen|ruotsin)",
            r"\bsuomea\b",
            r"\bruotsia\b",
            r"\bsuomee\b",
            r"\bruotsii\b",
        ),
        (
            r"(?<!pa )\bfinska\b",
            r"(?<!pa )\bsvenska\b",
            r"\bsuomi\b",
            r"\bsuomea\b",
            r"\bruotsi\b",
            r"\bruotsia\b",
            r"kotoutumis",
            r"integrations",
            r"andrasprak",
        ),
    ),
    "cards": Topic(
        {"sv": "kort och intyg för jobbet", "fi": "työelämän kortit"},
        (
            r"\bhygien",
            r"\barbetarskydd",
            r"\barbetssakerhetskort",
            r"\btyoturvallisuuskor",
            r"\btyoturvakor",
            r"\btulityo",
            r"\bheta arbeten",
            r"\bforsta hjalp",
            r"\bensiapu",
            r"\bea ?1\b",
            r"\bfhj\b",
        ),
        (
            r"hygien",
            r"arbetarskydd",
            r"tyoturvallisuuskort",
            r"tulityo",
            r"heta arbeten",
            r"ensiapu",
        ),
    ),
    "work_trial": Topic(
        {"sv": "arbetsprövning", "fi": "työkokeilu"},
        (
            r"\btyo ?-?kokeil",
            r"\btyokoke",
            r"\barbets ?-?prov",
            r"\bprova pa (ett |en |nytt |nagot |nat |nan |na )*(jobb|arbete|yrke)",
            r"\bkokeilla (tyota|toita|jotain tyota)",
            r"\bkokeilemaan (tyota|toita)",
        ),
        (r"tyokokeil", r"arbetsprov"),
        frozenset({"workshop"}),
    ),
    "rehabilitative_work": Topic(
        {"sv": "arbetsverksamhet i rehabiliteringssyfte", "fi": "kuntouttava työtoiminta"},
        (r"\bkuntouttav", r"\barbetsverksamhet", r"\brehabiliter"),
        (r"kuntouttav", r"rehabiliter"),
        frozenset({"workshop"}),
    ),
    "work_coaching": Topic(
        {"sv": "arbetsträning och coachning", "fi": "työvalmennus"},
        (r"\btyovalmenn", r"\barbetstran", r"\bjobbcoach", r"\bvalmennu"),
        (r"tyovalmennu", r"arbetstran", r"valmennus", r"coachning"),
    ),
    "youth_guidance": Topic(
        {"sv": "Navigatorn", "fi": "Ohjaamo"},
        (r"\bohjaamo", r"\bnavigatorn?\b"),
        (r"ohjaamo", r"navigatorn"),
    ),
}
TOPIC_TITLES = {code: re.compile("|".join(t.title)) for code, t in TOPICS.items()}


def topics_in(text: str) -> frozenset[str]:
    """Codes of :data:`TOPICS` named in the text."""
    t = fold(text)
    return frozenset(code for code, topic in TOPICS.items() if _has(t, topic.typed))


def offer_topics(title_sv: str, title_fi: str) -> frozenset[str]:
    """The topics an offer is about, from its titles."""
    t = fold(f"{title_sv} | {title_fi}")
    return frozenset(code for code, rx in TOPIC_TITLES.items() if rx.search(t))
