"""No personal data in any log line, whichever library writes it (ours, Rasa's, Sanic's).

Rasa logs parts of messages in its own warnings (a typed ``/inform{"note": "… 0449876543"}``
reached the log in full). :func:`install` sets a log record factory, so every record of
every logger is cleaned when it is made, before any handler Rasa may install sees it, and
routes Python warnings (Rasa's ``raise_warning``) through logging so they are cleaned too.
:func:`redact` removes phone numbers, e-mail addresses and the arguments of an intent
payload; what is left still tells what happened.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# +358 40 123 4567, 00358401234567, 040-1234567, 09 123 4567: a + (or 00) or a 0 first,
# then 7 to 13 digits with spaces or hyphens between (dates, ports and ids do not start so)
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)\d|0)(?:[ \-]?\d){6,12}(?![\w])")
EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# /inform{"note": "..."}: the intent stays, its arguments go
PAYLOAD = re.compile(r"(/[A-Za-z_][\w/]*)\{.*?\}(?=\W|$)", re.S)
_installed = False


def redact(text: str) -> str:
    """The text without phone numbers, e-mail addresses and payload arguments."""
    text = PAYLOAD.sub(r"\1{…}", text)
    text = EMAIL.sub("<e-mail>", text)
    return PHONE.sub("<phone>", text)


def install() -> None:
    """Clean every log record from now on (idempotent)."""
    global _installed
    if _installed:
        return
    make = logging.getLogRecordFactory()

    def cleaned(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = make(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: keep the record as logging would
            return record
        clean = redact(message)
        if clean != message:
            record.msg, record.args = clean, ()
        return record

    logging.setLogRecordFactory(cleaned)
    logging.captureWarnings(True)
    _installed = True
