"""Which slots to offer: coaches from the database, slot rules from bot.rules.slots."""

from __future__ import annotations

from datetime import datetime

from bot.cases import booking
from bot.cases.booking import CoachInfo
from bot.rules.slots import HELSINKI, Slot, SlotRequest, best_slots, eligible_coaches, free_slots

HORIZON_DAYS = 28


def offer_slots(
    request: SlotRequest, now: datetime, days: int = HORIZON_DAYS, url: str | None = None
) -> tuple[list[Slot], dict[int, CoachInfo]]:
    """All free slots that fit the request, best first, and the coaches behind them."""
    all_coaches = {c.id: c for c in booking.coaches(url)}
    fitting = eligible_coaches([c.profile() for c in all_coaches.values()], request)
    if not fitting:
        return [], all_coaches
    first_day = now.astimezone(HELSINKI).date()
    schedules = booking.schedules([c.coach_id for c in fitting], first_day, days, url)
    slots: list[Slot] = []
    for coach in fitting:
        slots += free_slots(schedules[coach.coach_id], first_day, days, now)
    profiles = {c.coach_id: c for c in fitting}
    return best_slots(slots, profiles, request), all_coaches
