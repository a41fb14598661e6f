"""Messages that are plainly an answer, whatever the intent classifier thinks.

A phone number, an e-mail address, a booking reference or a year typed on its own is an
answer to the question just asked. The intent classifier sometimes reads "040 765 4321" as
"call me" (ask_human), which a form would then refuse; these shapes are recognised by rule
and classified as ``inform`` with full confidence.
"""

from __future__ import annotations

import re

from bot.rules.contact import ContactError, parse_phone

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[A-Za-z]{2,24}$")
REFERENCE = re.compile(r"^[A-Za-z0-9]{3}[- ]?[A-Za-z0-9]{3}$")
YEAR = re.compile(r"^(?:19[2-9]\d|20[0-2]\d|-?'?\d{2})$")


def bare_answer(text: str) -> str | None:
    """The kind of answer (phone, email, reference, year) the whole message is, if any."""
    value = text.strip().strip(".!")
    if not value or len(value) > 254:
        return None
    if EMAIL.match(value):
        return "email"
    if any(c.isdigit() for c in value) and re.fullmatch(r"[+\d\s\-().]{6,20}", value):
        try:
            parse_phone(value)
        except ContactError:
            pass
        else:
            return "phone"
    if YEAR.match(value):
        return "year"
    if (
        REFERENCE.match(value)
        and any(c.isdigit() for c in value)
        and any(c.isalpha() for c in value)
    ):
        return "reference"
    return None
