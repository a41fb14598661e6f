"""The mapping profile: the normalised answers of one kartläggning."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# The mapping form's questions in the order they are asked (slot names).
QUESTIONS: tuple[str, ...] = (
    "age_group",
    "municipality",
    "situation",
    "situation_duration",
    "benefit",
    "native_language",
    "other_languages",
    "education",
    "occupation",
    "desired_fields",
    "help_wanted",
    "work_ability",
    "contact_channel",
    "service_language",
)
OPTIONAL_QUESTIONS = frozenset({"other_languages", "work_ability", "situation_duration"})
# Slots that hold details beside the question's own slot.
DETAIL_SLOTS: dict[str, tuple[str, ...]] = {
    "age_group": ("birth_year",),
    "situation_duration": ("duration_months",),
    "occupation": ("occupation_text",),
    "desired_fields": ("fields_text",),
    "help_wanted": ("help_text",),
    "work_ability": ("work_ability_text",),
}


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


@dataclass(frozen=True)
class MappingProfile:
    """Everything the mapping collected, as codes plus the person's own words."""

    age_group: str | None = None
    birth_year: int | None = None
    municipality: str | None = None
    situation: str | None = None
    situation_duration: str | None = None
    duration_months: float | None = None
    benefit: str | None = None
    native_language: str | None = None
    other_languages: list[dict[str, str]] = field(default_factory=list)
    education: str | None = None
    occupation: str | None = None
    occupation_text: str | None = None
    desired_fields: list[str] = field(default_factory=list)
    fields_text: str | None = None
    help_wanted: list[str] = field(default_factory=list)
    help_text: str | None = None
    work_ability: str | None = None
    work_ability_text: str | None = None
    contact_channel: str | None = None
    service_language: str | None = None

    @classmethod
    def from_slots(cls, slots: dict[str, Any]) -> MappingProfile:
        """Build from Rasa slot values (unknown keys ignored, lists normalised)."""
        birth_year = slots.get("birth_year")
        months = slots.get("duration_months")
        other = slots.get("other_languages")
        return cls(
            age_group=slots.get("age_group"),
            birth_year=int(birth_year) if isinstance(birth_year, int | float) else None,
            municipality=slots.get("municipality"),
            situation=slots.get("situation"),
            situation_duration=slots.get("situation_duration"),
            duration_months=float(months) if isinstance(months, int | float) else None,
            benefit=slots.get("benefit"),
            native_language=slots.get("native_language"),
            other_languages=[x for x in _list(other) if isinstance(x, dict)],
            education=slots.get("education"),
            occupation=slots.get("occupation"),
            occupation_text=slots.get("occupation_text"),
            desired_fields=[str(x) for x in _list(slots.get("desired_fields"))],
            fields_text=slots.get("fields_text"),
            help_wanted=[str(x) for x in _list(slots.get("help_wanted"))],
            help_text=slots.get("help_text"),
            work_ability=slots.get("work_ability"),
            work_ability_text=slots.get("work_ability_text"),
            contact_channel=slots.get("contact_channel"),
            service_language=slots.get("service_language"),
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dictionary (stored as the summary's structured data)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MappingProfile:
        """Inverse of :meth:`to_dict` (unknown keys ignored)."""
        return cls.from_slots(data)

    def own_words(self) -> dict[str, str]:
        """The free-text answers exactly as the person wrote them."""
        words = {
            "occupation": self.occupation_text,
            "desired_fields": self.fields_text,
            "help_wanted": self.help_text,
            "work_ability": self.work_ability_text,
        }
        return {k: v for k, v in words.items() if v}
