"""Reading what the person would receive: the one-time codes in the outbox."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.cases.db import session_scope
from bot.cases.models import PersonMessage


def code_sent_to(recipient: str, url: str | None = None) -> str | None:
    """The six digits of the newest one-time code written to ``recipient``'s outbox."""
    with session_scope(url) as session:
        body = (
            session.execute(
                select(PersonMessage.body)
                .where(PersonMessage.recipient == recipient, PersonMessage.kind == "code")
                .order_by(PersonMessage.id.desc())
            )
            .scalars()
            .first()
        )
    found = re.search(r"\b(\d{6})\b", body or "")
    return found.group(1) if found else None
