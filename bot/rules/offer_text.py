"""Training offers as cards and sentences, in Swedish and Finnish (pure)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.rules import municipalities
from bot.rules.ranking import Scored
from bot.rules.search_filters import TOPICS, SearchFilters
from bot.rules.vocabulary import FIELDS, LANGUAGE_NAMES, label

# who an offer is only for ("Den här är bara för ...", "Tämä on vain ...")
TARGET_PHRASES = {
    "under_30": {"sv": "unga under 30", "fi": "alle 30-vuotiaille"},
    "immigrants": {"sv": "personer som har flyttat till Finland", "fi": "maahanmuuttajille"},
    "long_term_unemployed": {"sv": "långtidsarbetslösa", "fi": "pitkäaikaistyöttömille"},
    "laid_off": {"sv": "permitterade", "fi": "lomautetuille"},
    "career_change": {"sv": "personer som byter bransch", "fi": "alanvaihtajille"},
}
# the person's group, when an offer is meant for it ("den är gjord för dig som ...")
GROUP_PHRASES = {
    "youth": {"sv": "som är under 30", "fi": "alle 30-vuotiaille"},
    "immigrant": {"sv": "som har flyttat till Finland", "fi": "Suomeen muuttaneille"},
    "long_term_unemployed": {
        "sv": "som har varit arbetslös länge",
        "fi": "pitkään työttömänä olleille",
    },
    "partial_work_ability": {
        "sv": "som har nedsatt arbetsförmåga",
        "fi": "osatyökykyisille",
    },
    "laid_off": {"sv": "som är permitterad", "fi": "lomautetuille"},
    "career_change": {"sv": "som vill byta bransch", "fi": "alaa vaihtaville"},
}
KIND_NAMES = {
    "vocational_qualification": {"sv": "en yrkesexamen", "fi": "ammatillinen tutkinto"},
    "labour_market_training": {"sv": "en arbetskraftsutbildning", "fi": "työvoimakoulutus"},
    "apprenticeship": {"sv": "en utbildning med läroavtal", "fi": "oppisopimuskoulutus"},
    "short_course": {"sv": "en kort kurs", "fi": "lyhytkurssi"},
    "workshop": {"sv": "en verkstad", "fi": "työpaja"},
    "integration_training": {"sv": "en integrationsutbildning", "fi": "kotoutumiskoulutus"},
}
# One reason each, as the rest of a sentence that starts "den ..." / "se ...".
REASON_PHRASES = {
    "topic": {
        "sv": "handlar om det du frågade efter ({topic})",
        "fi": "liittyy siihen, mitä kysyit ({topic})",
    },
    "field": {
        "sv": "är inom området du önskade ({field})",
        "fi": "on alalla, jota toivoit ({field})",
    },
    "language": {"sv": "är på {language}", "fi": "on {language}"},
    "municipality": {"sv": "ordnas i din hemkommun", "fi": "järjestetään kotikunnassasi"},
    "online": {
        "sv": "går på nätet, så du kan studera hemifrån",
        "fi": "on verkossa, joten voit opiskella kotona",
    },
    "nearby": {"sv": "ordnas nära dig", "fi": "järjestetään lähellä sinua"},
    "group": {"sv": "är gjord för dig {group}", "fi": "on tarkoitettu {group}"},
    "wish": {
        "sv": "är {kind}, som passar det du vill ha hjälp med",
        "fi": "on {kind}, joka sopii siihen, missä haluat apua",
    },
}
# The same line when a coach reads it about a client (the portal's case page).
PERSON = "person"
COACH = "coach"
COACH_REASON_PHRASES = {
    **REASON_PHRASES,
    "topic": {
        "sv": "handlar om det kunden frågade efter ({topic})",
        "fi": "liittyy siihen, mitä asiakas kysyi ({topic})",
    },
    "field": {
        "sv": "är inom området som kunden önskar ({field})",
        "fi": "on alalla, jota asiakas toivoi ({field})",
    },
    "municipality": {
        "sv": "ordnas i kundens hemkommun",
        "fi": "järjestetään asiakkaan kotikunnassa",
    },
    "online": {
        "sv": "går på nätet, så kunden kan studera hemifrån",
        "fi": "on verkossa, joten asiakas voi opiskella kotoa",
    },
    "nearby": {"sv": "ordnas nära kunden", "fi": "järjestetään lähellä asiakasta"},
    "group": {"sv": "är gjord för den {group}", "fi": "on tarkoitettu {group}"},
    "wish": {
        "sv": "är {kind}, som passar det kunden vill ha hjälp med",
        "fi": "on {kind}, joka sopii siihen, missä asiakas haluaa apua",
    },
}
COACH_GROUP_PHRASES = {
    "youth": {"sv": "som är under 30", "fi": "alle 30-vuotiaille"},
    "immigrant": {"sv": "som har flyttat till Finland", "fi": "Suomeen muuttaneille"},
    "long_term_unemployed": {
        "sv": "som har varit arbetslös länge",
        "fi": "pitkään työttömänä olleille",
    },
    "partial_work_ability": {
        "sv": "som har nedsatt arbetsförmåga",
        "fi": "osatyökykyisille",
    },
    "laid_off": {"sv": "som är permitterad", "fi": "lomautetuille"},
    "career_change": {"sv": "som vill byta bransch", "fi": "alaa vaihtaville"},
}
COACH_BECAUSE = {"sv": "Passar kunden: den", "fi": "Sopii asiakkaalle, koska se"}
# The line names at most three reasons, the ones that matter most to the person first.
REASON_ORDER = ("topic", "field", "group", "municipality", "online", "nearby", "language", "wish")
MAX_REASONS = 3
FI_ADVERB = {"fi": "suomeksi", "sv": "ruotsiksi", "en": "englanniksi"}
SV_NAME = {"fi": "finska", "sv": "svenska", "en": "engelska"}
WORDS = {
    "because": {"sv": "Därför passar den dig: den", "fi": "Sopii sinulle, koska se"},
    "open_to_all": {"sv": "Den är öppen för alla.", "fi": "Se on avoin kaikille."},
    "only_for": {"sv": "Den här är bara för {groups}.", "fi": "Tämä on vain {groups}."},
    "and": {"sv": " och ", "fi": " ja "},
    "or": {"sv": " eller ", "fi": " tai "},
    "apply_by": {"sv": "Ansök senast", "fi": "Hae viimeistään"},
    "continuous": {"sv": "Löpande antagning", "fi": "Jatkuva haku"},
    "online": {"sv": "på nätet", "fi": "verkossa"},
    "in_person": {"sv": "på plats", "fi": "lähiopetuksena"},
    "free": {"sv": "avgiftsfri", "fi": "maksuton"},
    "price": {"sv": "avgift {price} €", "fi": "maksu {price} €"},
    "read_more": {"sv": "Läs mer och ansök", "fi": "Lue lisää ja hae"},
    "except": {"sv": "utom {what}", "fi": "paitsi {what}"},
}
FILTER_NAMES = {
    "languages": {"sv": "språket", "fi": "kieli"},
    "municipality": {"sv": "orten", "fi": "paikkakunta"},
    "online": {"sv": "bara på nätet", "fi": "vain verkossa"},
    "in_person": {"sv": "bara på plats", "fi": "vain lähiopetus"},
    "fields": {"sv": "området", "fi": "ala"},
    "starts_from": {"sv": "starttid", "fi": "alkamisaika"},
    "formats": {"sv": "studieformen", "fi": "opiskelumuoto"},
    "kinds": {"sv": "utbildningstyp", "fi": "koulutuksen tyyppi"},
    "free_only": {"sv": "bara avgiftsfria", "fi": "vain maksuttomat"},
}
KIND_LABELS = {
    "vocational_qualification": {"sv": "yrkesexamen", "fi": "ammatillinen tutkinto"},
    "labour_market_training": {"sv": "arbetskraftsutbildning", "fi": "työvoimakoulutus"},
    "apprenticeship": {"sv": "läroavtal", "fi": "oppisopimus"},
    "short_course": {"sv": "korta kurser", "fi": "lyhytkurssit"},
    "workshop": {"sv": "verkstäder", "fi": "työpajat"},
    "integration_training": {"sv": "integrationsutbildning", "fi": "kotoutumiskoulutus"},
}


def _join(parts: list[str], language: str, word: str = "and") -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + WORDS[word][language] + parts[-1]


def local_date(value: date | None) -> str:
    """A date the Finnish way: 13.12.2026."""
    return f"{value.day}.{value.month}.{value.year}" if value else "–"


def place(offer: Any, language: str) -> str:
    """Where the offer is held."""
    if offer.online or offer.municipality is None:
        return WORDS["online"][language]
    m = municipalities.by_code(offer.municipality)
    return m.name(language) if m else offer.municipality


def languages_text(codes: tuple[str, ...], language: str) -> str:
    """Instruction languages as words ("svenska och finska" / "suomi ja ruotsi")."""
    names = [label(LANGUAGE_NAMES, c, language) for c in codes]
    joiner = " och " if language == "sv" else " ja "
    return joiner.join(names) if len(names) <= 2 else ", ".join(names[:-1]) + joiner + names[-1]


def _reason(
    scored: Scored, reason: str, language: str, chat_language: str, reader: str = PERSON
) -> str | None:
    offer = scored.offer
    phrases = COACH_REASON_PHRASES if reader == COACH else REASON_PHRASES
    phrase = phrases[reason][language]
    if reason == "topic":
        labels = [TOPICS[t].label[language] for t in scored.topics if t in TOPICS]
        return phrase.format(topic=_join(labels, language)) if labels else None
    if reason == "field":
        return phrase.format(field=label(FIELDS, offer.isced[:2], language))
    if reason == "language":
        taught = [c for c in offer.languages if c in ("sv", "fi", "en")]
        if not taught:
            return None
        preferred = chat_language if chat_language in taught else taught[0]
        name = SV_NAME[preferred] if language == "sv" else FI_ADVERB[preferred]
        return phrase.format(language=name)
    if reason == "group":
        groups = COACH_GROUP_PHRASES if reader == COACH else GROUP_PHRASES
        group = groups.get(scored.group or "")
        return phrase.format(group=group[language]) if group else None
    if reason == "wish":
        kind = KIND_NAMES.get(offer.kind)
        return phrase.format(kind=kind[language]) if kind else None
    return phrase


def why(
    scored: Scored, language: str, chat_language: str | None = None, reader: str = PERSON
) -> str:
    """One sentence on why the offer fits the person, or who it is for when it does not.

    "Därför passar den dig: den är på svenska och ordnas i din hemkommun." /
    "Siksi se sopii sinulle: se on ruotsiksi ja järjestetään kotikunnassasi."
    An offer only for groups the person is not in: "Den här är bara för unga under 30."
    With ``reader="coach"`` the line speaks about the client ("Passar klienten: ...").
    """
    if not scored.fits:
        names = [TARGET_PHRASES[t][language] for t in scored.only_for if t in TARGET_PHRASES]
        return WORDS["only_for"][language].format(groups=_join(names, language, "or"))
    chat = chat_language or language
    reasons = sorted(scored.reasons, key=REASON_ORDER.index)
    if "topic" in reasons:  # what they asked about says more than its broad field
        reasons = [r for r in reasons if r != "field"]
    parts = [p for r in reasons if (p := _reason(scored, r, language, chat, reader))]
    parts = parts[:MAX_REASONS]
    if not parts:
        return WORDS["open_to_all"][language]
    because = COACH_BECAUSE if reader == COACH else WORDS["because"]
    return f"{because[language]} {_join(parts, language)}."


def card(
    scored: Scored, groups: tuple[str, ...], language: str, reader: str = PERSON
) -> dict[str, Any]:
    """A structured card (for the web widget, or with ``reader="coach"`` for the portal's
    case page) with a plain-text rendering.

    ``groups`` is no longer read: the scored offer carries the person's matching group. It
    stays so that callers written before (bot/portal/views_portal.py) keep working.
    """
    offer: Any = scored.offer  # an OfferView: titles, provider names, dates, link
    title = offer.title_sv if language == "sv" else offer.title_fi
    provider = (
        (offer.provider_name_sv or offer.provider_name)
        if language == "sv"
        else (offer.provider_name)
    )
    dates = f"{local_date(offer.start_date)}–{local_date(offer.end_date)}"
    deadline = (
        f"{WORDS['apply_by'][language]} {local_date(offer.application_deadline)}"
        if offer.application_deadline
        else WORDS["continuous"][language]
    )
    cost = (
        WORDS["free"][language]
        if offer.free
        else WORDS["price"][language].format(price=offer.price_eur)
    )
    reason = why(scored, language, reader=reader)
    data = {
        "type": "offer_card",
        "id": offer.external_id,
        "lang": language,
        "title": title,
        "provider": provider,
        "dates": dates,
        "deadline": deadline,
        "language": languages_text(offer.languages, language),
        "place": place(offer, language),
        "cost": cost,
        "why": reason,
        "fits": scored.fits,
        "url": offer.url,
        "link_text": WORDS["read_more"][language],
    }
    lines = [
        f"{title}",
        f"{provider} · {data['place']} · {data['language']}",
        f"{dates} · {deadline} · {cost}",
        reason,
    ]
    if offer.url:
        lines.append(f"{data['link_text']}: {offer.url}")
    data["text"] = "\n".join(lines)
    return data


def filter_name(name: str, language: str) -> str:
    """How a filter is called when the bot suggests dropping it."""
    return FILTER_NAMES.get(name, FILTER_NAMES["fields"])[language]


def describe_filters(filters: SearchFilters, language: str) -> str:
    """The active filters in words, for "nothing found with ..." messages."""
    parts: list[str] = []
    if filters.languages:
        parts.append(
            " / ".join(
                (f"på {SV_NAME[c]}" if language == "sv" else FI_ADVERB[c])
                for c in sorted(filters.languages)
            )
        )
    if filters.municipality:
        m = municipalities.by_code(filters.municipality)
        parts.append(m.name(language) if m else filters.municipality)
    if filters.online:
        parts.append(WORDS["online"][language])
    if filters.in_person:
        parts.append(WORDS["in_person"][language])
    if filters.fields:
        parts.append(", ".join(label(FIELDS, f, language) for f in sorted(filters.fields)))
    if filters.kinds:
        parts.append(
            ", ".join(KIND_LABELS[k][language] for k in sorted(filters.kinds) if k in KIND_LABELS)
        )
    if filters.starts_from:
        parts.append(f"{local_date(filters.starts_from)}–{local_date(filters.starts_until)}")
    if filters.free_only:
        parts.append(WORDS["free"][language])
    refused = [
        *(label(FIELDS, f, language) for f in sorted(filters.excluded_fields)),
        *(KIND_LABELS[k][language] for k in sorted(filters.excluded_kinds) if k in KIND_LABELS),
        *(TOPICS[t].label[language] for t in sorted(filters.excluded_topics) if t in TOPICS),
    ]
    if refused:
        parts.append(WORDS["except"][language].format(what=_join(refused, language)))
    return ", ".join(parts)
