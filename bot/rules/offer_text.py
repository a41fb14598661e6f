"""Training offers as cards and sentences, in Swedish and Finnish (pure)."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.rules import municipalities
from bot.rules.ranking import GROUP_TO_TARGET, Scored
from bot.rules.search_filters import SearchFilters
from bot.rules.vocabulary import FIELDS, LANGUAGE_NAMES, label

TARGET_PHRASES = {
    "under_30": {"sv": "för unga under 30", "fi": "alle 30-vuotiaille"},
    "immigrants": {"sv": "för invandrare", "fi": "maahanmuuttajille"},
    "long_term_unemployed": {"sv": "för långtidsarbetslösa", "fi": "pitkäaikaistyöttömille"},
    "laid_off": {"sv": "för permitterade", "fi": "lomautetuille"},
    "career_change": {"sv": "för dig som byter bransch", "fi": "alanvaihtajille"},
}
REASON_PHRASES = {
    "field": {"sv": "inom området du önskar ({field})", "fi": "toivomallasi alalla ({field})"},
    "municipality": {"sv": "i din hemkommun", "fi": "kotikunnassasi"},
    "online": {"sv": "på nätet, du kan studera hemifrån", "fi": "verkossa, voit opiskella kotoa"},
    "nearby": {"sv": "nära dig", "fi": "lähellä sinua"},
    "wish": {"sv": "passar det du vill ha hjälp med", "fi": "sopii siihen, missä haluat apua"},
}
FI_ADVERB = {"fi": "suomeksi", "sv": "ruotsiksi", "en": "englanniksi"}
SV_NAME = {"fi": "finska", "sv": "svenska", "en": "engelska"}
WORDS = {
    "fits": {"sv": "Passar dig", "fi": "Sopii sinulle"},
    "open_to_all": {"sv": "Öppen för alla", "fi": "Avoin kaikille"},
    "apply_by": {"sv": "Ansök senast", "fi": "Hae viimeistään"},
    "continuous": {"sv": "Löpande antagning", "fi": "Jatkuva haku"},
    "online": {"sv": "på nätet", "fi": "verkossa"},
    "free": {"sv": "avgiftsfri", "fi": "maksuton"},
    "price": {"sv": "avgift {price} €", "fi": "maksu {price} €"},
    "read_more": {"sv": "Läs mer och ansök", "fi": "Lue lisää ja hae"},
}
FILTER_NAMES = {
    "languages": {"sv": "språket", "fi": "kieli"},
    "municipality": {"sv": "orten", "fi": "paikkakunta"},
    "online": {"sv": "bara på nätet", "fi": "vain verkossa"},
    "fields": {"sv": "området", "fi": "ala"},
    "starts_from": {"sv": "när den börjar", "fi": "alkamisaika"},
    "formats": {"sv": "studieformen", "fi": "opiskelumuoto"},
    "kinds": {"sv": "typen av utbildning", "fi": "koulutuksen tyyppi"},
    "free_only": {"sv": "bara avgiftsfria", "fi": "vain maksuttomat"},
}


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


def why(scored: Scored, groups: tuple[str, ...], language: str, chat_language: str) -> str:
    """One line on why the offer fits."""
    offer = scored.offer
    parts: list[str] = []
    for reason in scored.reasons:
        if reason == "group":
            targets = [GROUP_TO_TARGET[g] for g in groups if g in GROUP_TO_TARGET]
            target = next((t for t in targets if t in offer.target_groups), None)
            if target:
                parts.append(TARGET_PHRASES[target][language])
        elif reason == "language":
            taught = [c for c in offer.languages if c in ("sv", "fi", "en")]
            preferred = chat_language if chat_language in taught else taught[0]
            parts.append(f"på {SV_NAME[preferred]}" if language == "sv" else FI_ADVERB[preferred])
        elif reason == "field":
            field = label(FIELDS, offer.isced[:2], language)
            parts.append(REASON_PHRASES["field"][language].format(field=field))
        else:
            parts.append(REASON_PHRASES[reason][language])
    if not parts:
        return WORDS["open_to_all"][language] + "."
    joiner = " och " if language == "sv" else " ja "
    text = ", ".join(parts[:-1]) + joiner + parts[-1] if len(parts) > 1 else parts[0]
    return f"{WORDS['fits'][language]}: {text}."


def card(scored: Scored, groups: tuple[str, ...], language: str) -> dict[str, Any]:
    """A structured card (for the web widget) with a plain-text rendering."""
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
    reason = why(scored, groups, language, language)
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
    if filters.fields:
        parts.append(", ".join(label(FIELDS, f, language) for f in sorted(filters.fields)))
    if filters.starts_from:
        parts.append(f"{local_date(filters.starts_from)}–{local_date(filters.starts_until)}")
    if filters.free_only:
        parts.append(WORDS["free"][language])
    return ", ".join(parts)
