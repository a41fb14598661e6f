"""Contact details for a booking: first name, Finnish phone number or e-mail (pure)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}$")
_NAME = re.compile(r"^[^\W\d_]+(?:[ '\-][^\W\d_]+)?$")
_YES_NO = frozenset({"ja", "nej", "joo", "ei", "kyllä", "kylla", "ok", "okej", "yes", "no"})


class ContactError(ValueError):
    """Why the contact detail cannot be used (a reason code for the message)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Contact:
    """A normalised phone number (E.164) or e-mail address."""

    kind: str  # phone / email
    value: str


def parse_phone(text: str) -> str:
    """Finnish numbers: 040 123 4567, 040-1234567, +358 40 1234567, 00358401234567, 09 1234567.

    Returns the number in E.164 form (+358401234567).

    Raises:
        ContactError: ``phone_invalid``.
    """
    digits = re.sub(r"[\s\-().]", "", text.strip())
    if digits.startswith("00358"):
        digits = "+358" + digits[5:]
    if digits.startswith("+358"):
        national = digits[4:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise ContactError("phone_invalid")
    if not national.isdigit() or national.startswith("0") or not 6 <= len(national) <= 11:
        raise ContactError("phone_invalid")
    return "+358" + national


def parse_contact(text: str) -> Contact:
    """A phone number or an e-mail address, whichever the text is.

    Raises:
        ContactError: ``email_invalid``, ``phone_invalid`` or ``contact_missing``.
    """
    stripped = text.strip()
    if "@" in stripped:
        candidate = stripped.split()[-1] if " " in stripped else stripped
        candidate = candidate.strip(".,;<>")
        if not _EMAIL.match(candidate) or ".." in candidate:
            raise ContactError("email_invalid")
        return Contact("email", candidate.lower())
    number = re.search(r"(\+|00)?[\d][\d\s\-()]{5,}\d", stripped)
    if number:
        return Contact("phone", parse_phone(number.group(0)))
    raise ContactError("contact_missing")


@dataclass(frozen=True)
class FoundContact:
    """A phone number or e-mail found inside a longer message, and the words around it."""

    kind: str
    value: str
    rest: str


_PHONE_IN_TEXT = re.compile(r"(?:\+|00)?\d[\d\s\-()]{5,}\d")
_EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")


def find_contact(text: str) -> FoundContact | None:
    """A valid phone number or e-mail anywhere in ``text`` ("niko 0449876543")."""
    email = _EMAIL_IN_TEXT.search(text)
    if email and _EMAIL.match(email.group(0)) and ".." not in email.group(0):
        rest = (text[: email.start()] + " " + text[email.end() :]).strip(" ,.;:-")
        return FoundContact("email", email.group(0).lower(), " ".join(rest.split()))
    phone = _PHONE_IN_TEXT.search(text)
    if phone:
        try:
            number = parse_phone(phone.group(0))
        except ContactError:
            return None
        rest = (text[: phone.start()] + " " + text[phone.end() :]).strip(" ,.;:-")
        return FoundContact("phone", number, " ".join(rest.split()))
    return None


def parse_first_name(text: str) -> str:
    """A first name: letters (with one space, hyphen or apostrophe), at most 40 characters.

    Raises:
        ContactError: ``name_invalid``.
    """
    stripped = " ".join(text.strip().split())
    for prefix in ("jag heter ", "mitt namn är ", "mun nimi on ", "nimeni on ", "olen ", "jag är "):
        if stripped.lower().startswith(prefix):
            stripped = stripped[len(prefix) :]
    if not stripped or len(stripped) > 40 or not _NAME.match(stripped):
        raise ContactError("name_invalid")
    if stripped.lower() in _YES_NO:
        raise ContactError("name_invalid")
    return stripped[:1].upper() + stripped[1:]


@dataclass(frozen=True)
class GivenDetails:
    """Contact details typed where the bot asked whether it may keep them."""

    name: str | None
    contact: str | None  # "phone:+358..." or "email:..."


def details_given(text: str) -> GivenDetails | None:
    """The name and/or phone or e-mail a person typed at the consent question, or None.

    Asked "may we keep your first name and a phone number or e-mail for this meeting?",
    a person who types "040 765 4321" or "Mikael" answers with the details themselves: a
    clear affirmative act, so it counts as the yes, and the details are kept. A lone name
    counts only when written with a capital letter ("Mikael", not "kanske"), so that an
    unclear answer is never taken for consent.
    """
    found = find_contact(text)
    rest = found.rest if found is not None else text.strip()
    name = None
    if rest:
        try:
            name = parse_first_name(rest)
        except ContactError:
            name = None
    if found is not None:
        return GivenDetails(name, f"{found.kind}:{found.value}")
    if name is not None and rest[:1].isupper() and len(rest.split()) == 1:
        return GivenDetails(name, None)
    return None


# Booking references: six characters of an alphabet without 0/O and 1/I ("K7F-3QX").
_REFERENCE = re.compile(
    r"(?<![A-Za-z0-9])([A-HJ-NP-Za-hj-np-z2-9]{3})([-\s]?)([A-HJ-NP-Za-hj-np-z2-9]{3})(?![A-Za-z0-9])"
)


def find_reference(text: str, whole: bool = False) -> str | None:
    """A booking reference in ``text``, normalised ("utv p5n" -> "UTV-P5N").

    Inside a longer message a reference must contain a digit or be written with its dash
    ("UTV-P5N"), so that "jag har" is never read as one; with ``whole`` the text is just
    the answer to "what is the booking reference?" and six such letters are enough.
    """
    stripped = text.strip()
    for match in _REFERENCE.finditer(stripped):
        raw = (match.group(1) + match.group(3)).upper()
        exact = match.group(0) == stripped
        if (
            any(c.isdigit() for c in raw)
            or match.group(2) == "-"
            or (whole and exact and not match.group(2))
        ):
            return f"{raw[:3]}-{raw[3:]}"
    return None


def shown_contact(value: str) -> str:
    """A stored contact as the chat may show it back: enough to recognise it, not to read it
    ("+358401234567" -> "040 ••• ••67", "maria@example.fi" -> "m•••@example.fi")."""
    if "@" in value:
        local, _, domain = value.partition("@")
        return f"{local[:1]}•••@{domain}"
    digits = value[4:] if value.startswith("+358") else value.lstrip("+")
    national = "0" + digits if value.startswith("+358") else "+" + digits
    return f"{national[:3]} ••• ••{national[-2:]}"
