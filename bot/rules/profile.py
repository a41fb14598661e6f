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
    "work_ability_effect",
    "contact_channel",
    "service_language",
)
OPTIONAL_QUESTIONS = frozenset(
    {"other_languages", "work_ability", "work_ability_effect", "situation_duration"}
)
# Slots that hold details beside the question's own slot.
DETAIL_SLOTS: dict[str, tuple[str, ...]] = {
    "age_group": ("birth_year",),
    "situation": ("situation_duration", "duration_months"),
    "situation_duration": ("duration_months",),
    "education": ("education_unfinished",),
    "work_ability": ("work_ability_effect",),
}
# The person's own words per question ({question: text}) and the facts they volunteered.
ANSWER_TEXTS = "answer_texts"
FACTS = "facts"
ALL_ANSWER_SLOTS: tuple[str, ...] = (
    "mapping_consent",
    *QUESTIONS,
    *dict.fromkeys(s for d in DETAIL_SLOTS.values() for s in d if s not in QUESTIONS),
    ANSWER_TEXTS,
    FACTS,
)
# Older drafts kept the free text in one slot per question.
_OLD_TEXT_SLOTS = {
    "occupation_text": "occupation",
    "fields_text": "desired_fields",
    "help_text": "help_wanted",
    "work_ability_text": "work_ability",
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
    education_unfinished: str | None = None
    occupation: str | None = None
    desired_fields: list[str] = field(default_factory=list)
    help_wanted: list[str] = field(default_factory=list)
    work_ability: str | None = None
    work_ability_effect: bool | None = None
    contact_channel: str | None = None
    service_language: str | None = None
    answer_texts: dict[str, str] = field(default_factory=dict)
    facts: list[str] = field(default_factory=list)

    @classmethod
    def from_slots(cls, slots: dict[str, Any]) -> MappingProfile:
        """Build from Rasa slot values (unknown keys ignored, lists normalised)."""
        birth_year = slots.get("birth_year")
        months = slots.get("duration_months")
        other = slots.get("other_languages")
        texts = {k: str(v) for k, v in dict(slots.get(ANSWER_TEXTS) or {}).items() if v}
        for old, question in _OLD_TEXT_SLOTS.items():
            if slots.get(old) and question not in texts:
                texts[question] = str(slots[old])
        effect = slots.get("work_ability_effect")
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
            education_unfinished=slots.get("education_unfinished"),
            occupation=slots.get("occupation"),
            desired_fields=[str(x) for x in _list(slots.get("desired_fields"))],
            help_wanted=[str(x) for x in _list(slots.get("help_wanted"))],
            work_ability=slots.get("work_ability"),
            work_ability_effect=effect if isinstance(effect, bool) else None,
            contact_channel=slots.get("contact_channel"),
            service_language=slots.get("service_language"),
            answer_texts=texts,
            facts=[str(x) for x in _list(slots.get(FACTS))],
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly dictionary (stored as the summary's structured data)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MappingProfile:
        """Inverse of :meth:`to_dict` (unknown keys ignored)."""
        return cls.from_slots(data)

    def own_words(self) -> dict[str, str]:
        """Every typed answer exactly as the person wrote it, in the order of the questions."""
        return {q: self.answer_texts[q] for q in QUESTIONS if self.answer_texts.get(q)}

    def own_words_of(self, question: str) -> str | None:
        """The person's own words for one question, if they typed the answer."""
        return self.answer_texts.get(question) or None
