"""What a person asks for in a training search, in Swedish or Finnish (pure).

"på svenska", "verkossa", "i Vasa", "inom vården", "hoitoalalta", "som börjar i vår",
"kvällskurs", "oppisopimus", "gratis" ... become a :class:`SearchFilters`; so do the words
people type about the work itself ("truckförare", "lager", "autoala", "työkokeilu"), the
groups they name ("osatyökykyisille", "för invandrare") and what they do not want
("ei mua kiinnosta mikään yrittäjyys", "inte vården", "utan företagande").

Hard filters (what an offer must be) and exclusions (what it must not be) decide which offers
are shown; topics and groups are soft: they rank the offers that match them first.

Before any mapping and with nothing typed, the search asks first (:func:`next_question`):
which field, then where. The questions' buttons carry the answer in the payload
(``/search_training{"search_answer": "fields:09"}``, read by :func:`apply_answer`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from typing import Any

from bot.rules.answers import field_codes_in
from bot.rules.municipalities import match_municipality_strict
from bot.text import fold

_SETS = (
    "languages",
    "fields",
    "formats",
    "kinds",
    "topics",
    "groups",
    "excluded_fields",
    "excluded_kinds",
    "excluded_topics",
)
_BOOLS = ("free_only", "in_person")
# Filters the bot may suggest dropping when nothing matches. Exclusions are never suggested:
# the person said they do not want those. Topics and groups only rank, they filter nothing.
DROPPABLE = (
    "languages",
    "municipality",
    "online",
    "in_person",
    "fields",
    "starts_from",
    "formats",
    "kinds",
    "free_only",
)


@dataclass(frozen=True)
class SearchFilters:
    """What a search asks for; empty values mean "any"."""

    languages: frozenset[str] = frozenset()
    municipality: str | None = None
    online: bool | None = None
    fields: frozenset[str] = frozenset()  # ISCED-F broad codes ("09")
    starts_from: date | None = None
    starts_until: date | None = None
    formats: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    free_only: bool = False
    in_person: bool = False  # "inte på nätet", "ei verkossa"
    topics: frozenset[str] = frozenset()  # soft: codes of TOPICS ("truck", "work_trial")
    groups: frozenset[str] = frozenset()  # soft: customer groups named ("partial_work_ability")
    excluded_fields: frozenset[str] = frozenset()
    excluded_kinds: frozenset[str] = frozenset()
    excluded_topics: frozenset[str] = frozenset()

    def active(self) -> list[str]:
        """Names of the filters that say something."""
        out = []
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in (None, False, frozenset()):
                out.append(f.name)
        if "starts_until" in out and "starts_from" in out:
            out.remove("starts_until")
        return out

    def droppable(self) -> list[str]:
        """The active filters the bot may suggest dropping (see :data:`DROPPABLE`)."""
        return [name for name in self.active() if name in DROPPABLE]

    def says_something(self) -> bool:
        """Anything to search with: exclusions alone say only what the person does not want."""
        return any(not name.startswith("excluded_") for name in self.active())

    def says_where(self) -> bool:
        """A place, online or in person."""
        return bool(self.municipality or self.online or self.in_person)

    def without(self, name: str) -> SearchFilters:
        """The same filters with one dropped (``starts_from`` drops the whole time window)."""
        if name in ("starts_from", "starts_until"):
            return replace(self, starts_from=None, starts_until=None)
        default: Any = {f.name: f.default for f in fields(self)}[name]
        changes: dict[str, Any] = {name: default}
        return replace(self, **changes)

    def merged(self, newer: SearchFilters) -> SearchFilters:
        """Follow-up filters on top of earlier ones.

        The newer value wins per filter; exclusions and groups add up. Asking for something
        again lifts its exclusion, and excluding it drops it from what is asked for.
        """
        changes: dict[str, Any] = {}
        for name in newer.active():
            changes[name] = getattr(newer, name)
            if name == "starts_from":
                changes["starts_until"] = newer.starts_until
        if newer.online and "municipality" not in changes:
            changes["municipality"] = None
        if newer.online:
            changes["in_person"] = False
        if newer.in_person:
            changes["online"] = None
        if newer.municipality and "online" not in changes:
            changes["online"] = None
        merged = replace(self, **changes)
        wanted = {
            "fields": "excluded_fields",
            "kinds": "excluded_kinds",
            "topics": "excluded_topics",
        }
        final: dict[str, Any] = {"groups": self.groups | newer.groups}
        for positive, negative in wanted.items():
            asked: frozenset[str] = getattr(newer, positive)
            refused: frozenset[str] = getattr(newer, negative)
            final[negative] = (getattr(self, negative) - asked) | refused
            final[positive] = getattr(merged, positive) - refused
        return replace(merged, **final)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form (kept in a slot between turns)."""
        out: dict[str, Any] = {}
        for name in self.active():
            value = getattr(self, name)
            if isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, date):
                value = value.isoformat()
            out[name] = value
        if self.starts_until:
            out["starts_until"] = self.starts_until.isoformat()
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> SearchFilters:
        """Inverse of :meth:`to_dict` (unknown keys ignored)."""
        data = data if isinstance(data, dict) else {}
        values: dict[str, Any] = {k: frozenset(data.get(k) or ()) for k in _SETS}
        values.update({k: bool(data.get(k)) for k in _BOOLS})

        def _d(key: str) -> date | None:
            return date.fromisoformat(data[key]) if data.get(key) else None

        return cls(
            municipality=data.get("municipality"),
            online=data.get("online"),
            starts_from=_d("starts_from"),
            starts_until=_d("starts_until"),
            **values,
        )


def _has(text: str, patterns: tuple[str, ...]) -> bool:
    return any(re.search(p, text) for p in patterns)


_LANGUAGE_PATTERNS = {
    "sv": (
        r"\bpa svenska\b",
        r"\bsvenskspr",
        r"\bruotsiksi\b",
        r"\bruotsinkiel",
        r"\bruotsiks\b",
        r"\bin swedish\b",
        r"\bpa svensk\b",
    ),
    "fi": (
        r"\bpa finska\b",
        r"\bfinskspr",
        r"\bsuomeksi\b",
        r"\bsuomenkiel",
        r"\bsuomeks\b",
        r"\bin finnish\b",
    ),
    "en": (
        r"\bpa engelska\b",
        r"\bengelskspr",
        r"\benglanniksi\b",
        r"\benglanninkiel",
        r"\bin english\b",
    ),
}
_ONLINE = (
    r"\bverko",
    r"\bverkkokurs",
    r"\bverkko-opi",
    r"\bverkko opi",
    r"\bnetis",
    r"\bnetti",
    r"\betana\b",
    r"\betakurs",
    r"\betaopisk",
    r"\betaopetu",
    r"\bonline",
    r"\bpa natet\b",
    r"\bdistans",
    r"\bwebbkurs",
    r"\bwebbinar",
    r"\bwebinaar",
    r"\bpa distans\b",
    r"\bhemifran\b",
    r"\bkotoa\b",
    r"\bkotoo\b",
    r"\bnatkurs",
    r"\bnatet\b",
)
_FORMATS = {
    "evening": (r"\bkvall", r"\biltaisin\b", r"\bilta", r"\bevening\b"),
    "part_time": (
        r"\bdeltid",
        r"\bosa-aika",
        r"\bosa aika",
        r"\bosaaika",
        r"\bpart-time\b",
        r"\bpart time\b",
    ),
    "full_time": (r"\bheltid", r"\bkokopaiv", r"\bfull-time\b", r"\bfull time\b"),
}
_KINDS = {
    "apprenticeship": (r"\blaroavtal", r"\boppisopim", r"\blarling"),
    "vocational_qualification": (
        r"\bexamen\b",
        r"\byrkesexam",
        r"\btutkinto",
        r"\bperustutkin",
        r"\bammattitutkin",
    ),
    "short_course": (
        r"\bkort kurs",
        r"\bkorta kurser",
        r"\bkort utbildning",
        r"\blyhytkurs",
        r"\blyhyt kurssi",
        r"\blyhyita kursseja",
        r"\blyhyen kurssin",
    ),
    "workshop": (r"\bverkstad", r"\bverkstader", r"\btyopaja", r"\bpaja"),
    "labour_market_training": (r"\barbetskraftsutb", r"\btyovoimakoul"),
    "integration_training": (r"\bintegrationsutb", r"\bkotoutumiskoul", r"\bkotoutumis"),
}
_FREE = (
    r"\bgratis\b",
    r"\bavgiftsfri",
    r"\bkostnadsfri",
    r"\butan avgift",
    r"\bilmai",
    r"\bilma(s|n)(ia|et|ta|en)\b",
    r"\bmaksuton",
    r"\bmaksuttom",
    r"\bilman maksu",
    r"\bfree\b",
)


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

# words people type about themselves -> customer groups (bot.rules.service_paths.GROUPS)
GROUP_PATTERNS: dict[str, tuple[str, ...]] = {
    "youth": (
        r"\bunga\b",
        r"\bung\b",
        r"\bungdom",
        r"\bunder 30\b",
        r"\bunder trettio",
        r"\bnuori",
        r"\bnuorille\b",
        r"\bnuorten\b",
        r"\bnuoria\b",
        r"\balle ?30",
        r"\balle kolmekymp",
    ),
    "immigrant": (
        r"\binvandrar",
        r"\binflyttad",
        r"\bimmigrant",
        r"\bmaahanmuut",
        r"\bmaahan muutt",
        r"\bmamu",
        r"\bulkomaalai",
        r"\butlanning",
        r"\bflykting",
        r"\bpakolai",
    ),
    "long_term_unemployed": (
        r"\blangtidsarbetslo",
        r"\bpitkaaikaistyot",
        r"\bpitka ?-?aikais ?tyot",
        r"\bpitkaan tyot",
        r"\barbetslos (lange|lang tid|lank|lenge)",
    ),
    "partial_work_ability": (
        r"\bosa ?-?tyoky",
        r"\bosatyo",
        r"\bpartiellt arbetsfor",
        r"\bdelvis arbetsfor",
        r"\bnedsatt arbetsform",
        r"\bbegransad arbetsform",
        r"\bsamre arbetsform",
        r"\balentunut tyoky",
        r"\bheikentynyt tyoky",
        r"\brajoittunut tyoky",
        r"\btyokyky (on )?(alentunut|heikko|heikentynyt|rajoittunut)",
        r"\bfunktionsnedsat",
        r"\bfunktionshind",
        r"\bvammais",
    ),
    "laid_off": (r"\bpermitter", r"\blomautet", r"\blomautu", r"\blomautettu"),
    "career_change": (
        r"\bbyta bransch",
        r"\bbyta yrke",
        r"\bomskol",
        r"\balanvaiht",
        r"\bvaihtaa alaa",
        r"\bvaihtais(in)? alaa",
        r"\buudelleenkoulut",
        r"\bnytt yrke",
        r"\buus ammatti",
        r"\buuden ammatin",
    ),
}

# Field words the mapping's parser does not know, and words it reads too eagerly in a search
# ("palveluja" is not the service field, "stadens verkstäder" not cleaning or industry).
_EXTRA_FIELDS: dict[str, str] = {
    "04": r"^(myyj|saljare|kundservice|merkonom|lonerakn|palkanlask|sihteer|sekreterare)",
    "05": r"^laborant",
    "06": r"^(excel|microsoft|koodar|koodaa|ohjelmoi)",
    "07": r"^(bil(ar|en|mek|verk|repar)|automek|elektri|elmont|hitsaa|hitsari|snickar|putki"
    r"|rormok|cnc|koneistaj|mekaanik|maalar|malare)",
    "08": r"^(metsur|viher|gronomr)",
    "09": r"^(socionom|sosionom|ensiapu)",
    "10": r"^(lagr|trukin|kuormaauto|linjaauto|pakettiauto|ajokort|korkort|lokalvard"
    r"|toimitilahuol|keittio|kafe|tarjoil|servitor|servering|turvatark|vakt|kampaa"
    r"|hygien|arbetarskydd|tyoturvall|tulityo|kok$|koket$|koki(ksi|na|lle)$"
    r"|stad(ning|are|jobb))",
}
_NOT_A_FIELD = re.compile(
    r"^(palvelu\w*|service|vardag\w*|stad|staden|stadens|stan|verkstad\w*|verkstader\w*"
    r"|paja\w*|tyopaja\w*|sahkopost\w*|naturligt\w*|ohjaamo\w*|kannyk\w*|mobil\w*)$"
)

# month stems (folded) -> month number
_MONTHS = {
    "januari": 1,
    "tammikuu": 1,
    "februari": 2,
    "helmikuu": 2,
    "mars": 3,
    "maaliskuu": 3,
    "april": 4,
    "huhtikuu": 4,
    "maj": 5,
    "toukokuu": 5,
    "juni": 6,
    "kesakuu": 6,
    "juli": 7,
    "heinakuu": 7,
    "augusti": 8,
    "elokuu": 8,
    "september": 9,
    "syyskuu": 9,
    "oktober": 10,
    "lokakuu": 10,
    "november": 11,
    "marraskuu": 11,
    "december": 12,
    "joulukuu": 12,
}


def _month_window(year: int, first: int, last: int) -> tuple[date, date]:
    return date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])


def time_window(text: str, today: date) -> tuple[date | None, date | None]:
    """Start-date window named in the text: "i vår", "syksyllä", "i januari", "snart"."""
    t = fold(text)
    year = today.year
    spring = _has(
        t,
        (
            r"\bi var\b",
            r"\bpa varen\b",
            r"\bvaren\b",
            r"\bkevaalla\b",
            r"\bkevaan\b",
            r"\bkevat",
            r"\bspring\b",
            r"\bvarterminen\b",
        ),
    )
    autumn = _has(
        t,
        (
            r"\bi host\b",
            r"\bpa hosten\b",
            r"\bhosten\b",
            r"\bsyksylla\b",
            r"\bsyksyn\b",
            r"\bsyksy",
            r"\bautumn\b",
            r"\bhostterminen\b",
        ),
    )
    if spring:
        start_year = year + 1 if today.month > 4 else year
        first, last = _month_window(start_year, 1, 5)
        return max(first, today), last
    if autumn:
        start_year = year if today.month <= 9 else year + 1
        first, last = _month_window(start_year, 8, 12)
        return max(first, today), last
    if _has(t, (r"\bnasta manad", r"\bensi kuussa\b", r"\bensi kuun\b")):
        nxt = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        return _month_window(nxt.year, nxt.month, nxt.month)
    if _has(
        t,
        (
            r"\bsnart\b",
            r"\bpian\b",
            r"\bheti\b",
            r"\bgenast\b",
            r"\bsoon\b",
            r"\bpikaisesti\b",
            r"\bsa fort\b",
        ),
    ):
        return today, today + timedelta(days=60)
    if _has(t, (r"\bnasta ar\b", r"\bensi vuonna\b", r"\bensi vuoden\b")):
        return date(year + 1, 1, 1), date(year + 1, 12, 31)
    for word in t.split():
        for stem, month in _MONTHS.items():
            core = stem[:-1] if stem.endswith("kuu") else stem
            if word.startswith(core) and len(word) <= len(stem) + 5:
                start_year = year if month >= today.month else year + 1
                return _month_window(start_year, month, month)
    return None, None


# --- what is negated ------------------------------------------------------------------------

# Words that negate what follows them in their clause (folded). "en"/"et" only before a
# Finnish verb or a Finnish case ending ("en halua", "mut en hoitoalalle"): in Swedish
# "en" is the article.
_NEGATIONS = frozenset(
    {
        "inte",
        "int",
        "ej",
        "icke",
        "inga",
        "ingen",
        "inget",
        "ingenting",
        "utom",
        "forutom",
        "aldrig",
        "ei",
        "emme",
        "ette",
        "eivat",
        "ilman",
        "paitsi",
        "eika",
        "enka",
        "utan",
    }
)
_FI_NEGATION_VERB = re.compile(
    r"^(halu|tahdo|oo$|ole|tykk|pida|pysty|jaksa|voi|kaipaa|etsi|tarvi|hae|kiinnost|aio"
    r"|viitsi|lahde|mene)"
)
_FI_CASE = re.compile(r"^\w{3,}(sta|lle|lla|ssa|aa)$")
_SWEDISH_LOOKS_FINNISH = frozenset({"forsta", "nasta", "sista", "basta", "kassa", "massa", "alla"})
# "vet inte", "spelar ingen roll", "ei väliä": no wish is negated
_NO_NEGATION_BEFORE = frozenset({"vet", "vete", "spelar", "gor", "kvittar"})
_NO_NEGATION_AFTER = frozenset({"tieda", "tii", "tiia", "valia", "aning", "hajua", "roll"})
# "finns det inga ...?", "har ni inget ...", "ei oo mitään ...?": a question, not a refusal
_ASKING_BEFORE = frozenset({"det", "ni", "finns"})
_ASKING_AFTER = frozenset({"oo", "ole", "ois", "olis", "olisi", "loydy", "loytyis", "loytyisi"})
# A liking verb next to the negation negates the whole clause, also what comes before it:
# "yrittäjyys ei kiinnosta", "vård intresserar mig inte", "hoitoala ei oo mun juttu".
_LIKING = re.compile(
    r"^(kiinnost|huvit|intresser|lockar|passar|kay$|sovi|sopi|juttu|grej|gillar|tykkaa|tykkaisin)"
)
_LIKING_WINDOW = 3
# Clause breaks: "men", "mutta", "mut", "vaan"; "eikä", "enkä" break and negate.
_BREAKS = frozenset({"men", "mutta", "mut", "vaan"})
_BREAK_AND_NEGATE = frozenset({"eika", "enka"})
# "har varit lagerarbetare", "oon ollu kokkina": what someone did, not what they want
_PAST = frozenset(
    {
        ("har", "varit"),
        ("har", "jobbat"),
        ("har", "arbetat"),
        ("ha", "vari"),
        ("olen", "ollut"),
        ("oon", "ollu"),
        ("oon", "ollut"),
        ("olen", "tehnyt"),
        ("oon", "tehny"),
        ("oon", "tehnyt"),
    }
)
_PAST_WORDS = frozenset({"jobbade", "arbetade", "olin", "tein", "tyoskentelin"})
_PAST_ENDS = frozenset(
    {"vill", "haluan", "haluisin", "haluaisin", "haluun", "skulle", "sku", "toivon", "nu", "nyt"}
)
_TOKEN = re.compile(r"[^\W_]+(?:-[^\W_]+)*-?|[.,;!?]")


@dataclass(frozen=True)
class Parts:
    """A message split into what the person wants, what they refuse, and past work."""

    wanted: str
    refused: str
    past: str = ""


def _negates(words: list[str], i: int, question: bool) -> bool:
    """Whether ``words[i]`` negates what follows it in its clause."""
    word = words[i]
    before = words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if word in ("en", "et"):
        if not after or after in _SWEDISH_LOOKS_FINNISH:
            return False
        return bool(_FI_NEGATION_VERB.match(after) or _FI_CASE.match(after))
    if word not in _NEGATIONS:
        return False
    if before in _NO_NEGATION_BEFORE or after in _NO_NEGATION_AFTER:
        return False
    if word in ("inga", "ingen", "inget") and before in _ASKING_BEFORE:
        return False
    return not (word == "ei" and question and after in _ASKING_AFTER)


def _clauses(text: str) -> list[tuple[list[str], bool]]:
    """The clauses of folded text: their words, and whether a "?" ends them.

    Punctuation and "men", "mutta", "mut", "vaan" end a clause; "eikä", "enkä" end one and
    start a negated one; "utan" after a negation ends one ("inte vård utan IT").
    """
    text = re.sub(r"(\w):(\w)", r"\1 \2", text)  # "it:stä"
    rough: list[tuple[list[str], bool]] = []
    current: list[str] = []
    for token in _TOKEN.findall(text):
        if token in ".,;!?":
            if current:
                rough.append((current, token == "?"))
            current = []
        elif token in _BREAKS or token in _BREAK_AND_NEGATE:
            if current:
                rough.append((current, False))
            current = [token] if token in _BREAK_AND_NEGATE else []
        else:
            current.append(token)
    if current:
        rough.append((current, False))
    out: list[tuple[list[str], bool]] = []
    for words, question in rough:
        start = 0
        negated = False
        for i, word in enumerate(words):
            if word == "utan" and negated:
                out.append((words[start:i], question))
                start, negated = i + 1, False
            elif _negates(words, i, question):
                negated = True
        out.append((words[start:], question))
    return [(w, q) for w, q in out if w]


def split_negations(text: str) -> Parts:
    """What the person wants, what they refuse and what they did before (folded text).

    Clause by clause: after a negation word ("inte", "inget", "utan", "utom", "ei", "en halua",
    "ilman", "paitsi", "eikä") the rest of the clause is refused; with a liking verb next to
    the negation ("ei mua kiinnosta mikään yrittäjyys", "vård intresserar mig inte") the whole
    clause is. "men", "mutta", "vaan" and "utan" after a negation start a new clause
    ("inte vård utan IT"). "vet inte", "ei väliä", "spelar ingen roll" and questions like
    "finns det inga ...?" refuse nothing. Past work ("har varit lagerarbetare") is neither.
    """
    wanted: list[str] = []
    refused: list[str] = []
    past: list[str] = []
    for words, question in _clauses(fold(text)):
        cue = next((i for i in range(len(words)) if _negates(words, i, question)), None)
        if cue is not None:
            near = words[max(0, cue - _LIKING_WINDOW) : cue + _LIKING_WINDOW + 1]
            if any(_LIKING.match(w) for w in near):
                refused.extend(words)
                continue
            refused.extend(words[cue + 1 :])
            words = words[:cue]
        in_past = False
        for j, word in enumerate(words):
            nxt = words[j + 1] if j + 1 < len(words) else ""
            if word in _PAST_WORDS or (word, nxt) in _PAST:
                in_past = True
            elif in_past and word in _PAST_ENDS:
                in_past = False
            (past if in_past else wanted).append(word)
    return Parts(" ".join(wanted), " ".join(refused), " ".join(past))


# --- what is named ---------------------------------------------------------------------------


def fields_in(text: str) -> frozenset[str]:
    """ISCED-F broad fields named in a search text: the mapping's field words, plus search words.

    Word by word, so that only :func:`split_negations` decides what is refused (the mapping's
    parser reads a whole answer and has its own idea of negation).
    """
    tokens = [t for t in re.split(r"[^\w]+", fold(text).replace("-", " ")) if t]
    found: set[str] = set()
    for token in tokens:
        if _NOT_A_FIELD.match(token):
            continue
        found.update(c for c in field_codes_in(token) if re.fullmatch(r"\d\d", c))
        found.update(code for code, pattern in _EXTRA_FIELDS.items() if re.match(pattern, token))
    return frozenset(found)


def _compounds(text: str) -> str:
    """Join the hyphenated compounds whose halves mean something else ("kuorma-auto")."""
    return re.sub(r"\b(kuorma|linja|paketti)-auto", r"\1auto", text)


def topics_in(text: str) -> frozenset[str]:
    """Codes of :data:`TOPICS` named in the text."""
    t = fold(text)
    return frozenset(code for code, topic in TOPICS.items() if _has(t, topic.typed))


def kinds_in(text: str) -> frozenset[str]:
    """Catalog kinds named in the text."""
    t = fold(text)
    return frozenset(k for k, pats in _KINDS.items() if _has(t, pats))


def groups_in(text: str) -> frozenset[str]:
    """Customer groups the text names ("osatyökykyisille", "för invandrare")."""
    t = fold(text)
    return frozenset(g for g, pats in GROUP_PATTERNS.items() if _has(t, pats))


def offer_topics(title_sv: str, title_fi: str) -> frozenset[str]:
    """The topics an offer is about, from its titles."""
    t = fold(f"{title_sv} | {title_fi}")
    return frozenset(code for code, rx in TOPIC_TITLES.items() if rx.search(t))


_PLACE_PREPOSITIONS = frozenset({"i", "till", "fran", "pa", "kring", "runt"})


def _place_words(text: str) -> str:
    """The text for municipality matching: "inga" (none) is Ingå only after "i", "till" ..."""
    words = text.split()
    return " ".join(
        w for i, w in enumerate(words) if w != "inga" or (i and words[i - 1] in _PLACE_PREPOSITIONS)
    )


def parse_filters(text: str, today: date) -> SearchFilters:
    """The filters, topics, groups and exclusions named in a message."""
    t = _compounds(fold(text))
    parts = split_negations(t)
    wanted = parts.wanted
    languages = frozenset(k for k, pats in _LANGUAGE_PATTERNS.items() if _has(wanted, pats))
    online = True if _has(wanted, _ONLINE) else None
    municipality = None
    if not online:
        places = _place_words(wanted)
        found = match_municipality_strict(places)
        if found is None:  # spoken Finnish drops the ending: "porvoos", "helsingis"
            spoken = re.sub(r"\b(\w{3,}[aeiouy])s\b", r"\1ssa", places)
            found = match_municipality_strict(spoken) if spoken != places else None
        municipality = found.code if found else None
    topics = topics_in(wanted)
    kinds = kinds_in(wanted).union(*(TOPICS[c].kinds for c in topics))
    start, until = time_window(wanted, today)
    wanted_fields = fields_in(wanted)
    refused = parts.refused
    refused_topics = topics_in(refused) - topics
    return SearchFilters(
        languages=languages,
        municipality=municipality,
        online=online,
        fields=wanted_fields,
        starts_from=start,
        starts_until=until,
        formats=frozenset(k for k, pats in _FORMATS.items() if _has(wanted, pats)),
        kinds=kinds,
        free_only=_has(t, _FREE),
        in_person=bool(refused) and not online and _has(refused, _ONLINE),
        topics=topics,
        groups=groups_in(wanted),
        excluded_fields=fields_in(refused) - wanted_fields if refused else frozenset(),
        excluded_kinds=kinds_in(refused) - kinds,
        excluded_topics=refused_topics,
    )


# --- asking first when there is nothing to go on -------------------------------------------

FIELD_QUESTION = "field"
PLACE_QUESTION = "place"
QUESTIONS = (FIELD_QUESTION, PLACE_QUESTION)
QUESTION_RESPONSES = {
    FIELD_QUESTION: "utter_search_ask_field",
    PLACE_QUESTION: "utter_search_ask_place",
}


def next_question(filters: SearchFilters, asked: tuple[str, ...], knows_person: bool) -> str | None:
    """The question to ask before listing offers, or None to list them now.

    Only when there is nothing to go on (no mapping, nothing named): first which field,
    then, if the answer did not say where, where. Never the same question twice, and never
    more than these two: an answer that says nothing ("vet inte") counts as "anything".
    """
    if knows_person:
        return None
    if not asked:
        return None if filters.says_something() else FIELD_QUESTION
    if asked == (FIELD_QUESTION,) and not filters.says_where():
        return PLACE_QUESTION
    return None


def apply_answer(filters: SearchFilters, answer: str) -> SearchFilters:
    """A button's answer to a question, as in ``"fields:09"``, ``"place:online"``.

    ``fields:<code>``, ``kinds:<kind>``, ``topics:<code>``, ``place:online``,
    ``place:<municipality code>`` and ``<...>:any`` (no preference). Unknown answers change
    nothing.
    """
    key, _, value = str(answer).partition(":")
    value = value.strip()
    if not value or value == "any":
        return filters
    newer: SearchFilters | None = None
    if key == "fields" and re.fullmatch(r"\d{2}", value):
        newer = SearchFilters(fields=frozenset({value}))
    elif key == "kinds" and value in _KINDS:
        newer = SearchFilters(kinds=frozenset({value}))
    elif key == "topics" and value in TOPICS:
        topic = TOPICS[value]
        newer = SearchFilters(topics=frozenset({value}), kinds=topic.kinds)
    elif key == "place" and value == "online":
        newer = SearchFilters(online=True)
    elif key == "place" and re.fullmatch(r"\d{3}", value):
        newer = SearchFilters(municipality=value)
    return filters.merged(newer) if newer else filters


@dataclass(frozen=True)
class SearchState:
    """The search kept between turns: its filters and the questions already asked.

    Stored in the ``search_filters`` slot as the filters' dictionary plus ``"asked"``.
    """

    filters: SearchFilters = field(default_factory=SearchFilters)
    asked: tuple[str, ...] = ()

    def to_slot(self) -> dict[str, Any]:
        """The slot value."""
        out = self.filters.to_dict()
        if self.asked:
            out["asked"] = list(self.asked)
        return out

    @classmethod
    def from_slot(cls, value: Any) -> SearchState:
        """Inverse of :meth:`to_slot` (a missing or broken slot is an empty search)."""
        data = value if isinstance(value, dict) else {}
        asked = tuple(q for q in (data.get("asked") or ()) if q in QUESTIONS)
        try:
            filters = SearchFilters.from_dict(data)
        except (TypeError, ValueError):
            filters = SearchFilters()
        return cls(filters, asked)


@dataclass(frozen=True)
class SearchRequest:
    """Filters plus paging, as kept between turns."""

    filters: SearchFilters = field(default_factory=SearchFilters)
    page: int = 0
