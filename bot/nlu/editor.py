"""Edit the training data, responses, rules and stories in place (for the staff portal).

Files are changed with ruamel.yaml's round-trip mode, so comments, order and the block
style of examples survive and a git diff shows only what staff changed. Every write is
checked first: examples may not be empty or duplicated, responses keep both languages,
rule and story files must parse as Rasa training data.
"""

from __future__ import annotations

import io
import re
import threading
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from bot import safe_yaml
from bot.config import PROJECT_ROOT
from bot.nlu.training_data import plain_text

LANGUAGES = ("sv", "fi")
MIN_EXAMPLES = 25
# A retrieval key (faq/karens) answers one narrow question: fewer examples do.
MIN_KEY_EXAMPLES = 10
FAQ_PREFIX = "utter_faq/"
# Facts about benefits and services change with the law: check each answer twice a year.
REVIEW_AFTER_DAYS = 183
_lock = threading.Lock()
# path -> ((inode, mtime, size), parsed content): see ProjectFiles._read
_READ_CACHE: dict[Path, tuple[tuple[int, int, int], Any]] = {}
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class EditError(ValueError):
    """A change that would make the data invalid; the message says why."""


def _yaml() -> YAML:
    y = YAML()
    y.preserve_quotes = True  # type: ignore[assignment]
    y.width = 4096  # type: ignore[assignment]
    y.indent(mapping=2, sequence=4, offset=2)
    return y


@dataclass
class IntentView:
    """An intent's examples per language, for side-by-side editing."""

    name: str
    examples: dict[str, list[str]]

    def count(self, language: str) -> int:
        """How many examples in ``language``."""
        return len(self.examples.get(language, []))

    def missing(self) -> list[str]:
        """Languages with fewer than the minimum of examples."""
        least = MIN_KEY_EXAMPLES if "/" in self.name else MIN_EXAMPLES
        return [lang for lang in LANGUAGES if self.count(lang) < least]


@dataclass
class FaqAnswer:
    """A factual answer with the date it was last checked against its sources."""

    name: str
    texts: dict[str, str]
    checked: str
    sources: list[str]
    personal_variants: int = 0

    def due(self, today: str, max_age_days: int = REVIEW_AFTER_DAYS) -> bool:
        """Whether the answer should be checked again (never checked, or too long ago)."""
        from datetime import date

        if not self.checked:
            return True
        age = date.fromisoformat(today) - date.fromisoformat(self.checked)
        return age.days > max_age_days


class ProjectFiles:
    """The editable files of one project directory."""

    def __init__(self, root: Path = PROJECT_ROOT) -> None:
        """Point at a project (tests use a copy)."""
        self.root = root
        self.nlu_dir = root / "data" / "nlu"
        self.domain_path = root / "domain.yml"
        self._styles: dict[Path, tuple[int, int]] = {}

    # --- NLU examples ---------------------------------------------------------------------

    def _nlu_files(self, language: str) -> list[Path]:
        return sorted((self.nlu_dir / language).glob("*.yml"))

    def _load(self, path: Path) -> Any:
        from ruamel.yaml.util import load_yaml_guess_indent

        text = path.read_text(encoding="utf-8")
        _, indent, offset = load_yaml_guess_indent(text)
        self._styles[path] = (indent or 2, offset or 0)
        return _yaml().load(text)

    @staticmethod
    def _read(path: Path) -> Any:
        """The file's content for reading only (pages list every intent and response on
        every view): parsed with the fast safe loader, once per version of the file.
        Changes go through :meth:`_load`, which keeps comments and layout."""
        stat = path.stat()
        key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        cached = _READ_CACHE.get(path)
        if cached is not None and cached[0] == key:
            return cached[1]
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
        _READ_CACHE[path] = (key, data)
        return data

    def _dump(self, path: Path, data: Any) -> None:
        buffer = io.StringIO()
        yaml = _yaml()
        indent, offset = self._styles.get(path, (2, 0))
        # keep the file's own list style: "- intent:" flush, or "  - greet" indented
        yaml.indent(mapping=2, sequence=max(indent, offset + 2), offset=offset)
        yaml.dump(data, buffer)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(buffer.getvalue(), encoding="utf-8")
        tmp.replace(path)

    @staticmethod
    def _lines(block: str) -> list[str]:
        return [
            line.strip()[2:] for line in str(block).splitlines() if line.strip().startswith("- ")
        ]

    def intents(self) -> list[IntentView]:
        """Every intent of the domain with its examples in both languages."""
        names = list(self._read(self.domain_path).get("intents") or [])
        examples: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for language in LANGUAGES:
            for path in self._nlu_files(language):
                for item in self._read(path).get("nlu") or []:
                    if "intent" in item:
                        examples[item["intent"]][language] += self._lines(item.get("examples", ""))
        for name in examples:
            if name not in names:
                names.append(name)
        # a retrieval intent (faq) is edited key by key (faq/karens)
        names = [n for n in names if not any(k.startswith(f"{n}/") for k in examples)]
        return [IntentView(n, {lang: list(examples[n][lang]) for lang in LANGUAGES}) for n in names]

    def _all_texts(self) -> dict[str, str]:
        seen: dict[str, str] = {}
        for view in self.intents():
            for language in LANGUAGES:
                for example in view.examples[language]:
                    seen[_norm(plain_text(example))] = view.name
        return seen

    def _block(self, intent: str, language: str) -> tuple[Path, Any, Any] | None:
        for path in self._nlu_files(language):
            data = self._load(path)
            for item in data.get("nlu") or []:
                if item.get("intent") == intent:
                    return path, data, item
        return None

    def add_example(self, intent: str, language: str, example: str) -> Path:
        """Append an example to the intent's block in the language's files.

        A new intent block goes to data/nlu/<language>/staff.yml.
        """
        example = _clean(example)
        with _lock:
            owner = self._all_texts().get(_norm(plain_text(example)))
            if owner is not None:
                raise EditError(f"the example is already used for the intent {owner!r}")
            found = self._block(intent, language)
            if found is None:
                path = self.nlu_dir / language / "staff.yml"
                data = self._load(path) if path.exists() else None
                if data is None:
                    data = _yaml().load('version: "3.1"\nnlu: []\n')
                data["nlu"].append(
                    {
                        "intent": intent,
                        "metadata": {"language": language},
                        "examples": LiteralScalarString(f"- {example}\n"),
                    }
                )
                self._dump(path, data)
                return path
            path, data, item = found
            lines = [*self._lines(item.get("examples", "")), example]
            item["examples"] = LiteralScalarString("".join(f"- {line}\n" for line in lines))
            self._dump(path, data)
            return path

    def remove_example(self, intent: str, language: str, example: str) -> bool:
        """Remove one example; False if it was not there."""
        with _lock:
            found = self._block(intent, language)
            if found is None:
                return False
            path, data, item = found
            lines = self._lines(item.get("examples", ""))
            if example not in lines:
                return False
            lines.remove(example)
            item["examples"] = LiteralScalarString("".join(f"- {line}\n" for line in lines))
            self._dump(path, data)
            return True

    def replace_example(self, intent: str, language: str, old: str, new: str) -> None:
        """Change one example (checked like a new one)."""
        new = _clean(new)
        with _lock:
            owner = self._all_texts().get(_norm(plain_text(new)))
            if owner is not None and _norm(plain_text(new)) != _norm(plain_text(old)):
                raise EditError(f"the example is already used for the intent {owner!r}")
            found = self._block(intent, language)
            if found is None:
                raise EditError("no such intent in that language")
            path, data, item = found
            lines = self._lines(item.get("examples", ""))
            if old not in lines:
                raise EditError("the example to change was not found")
            lines[lines.index(old)] = new
            item["examples"] = LiteralScalarString("".join(f"- {line}\n" for line in lines))
            self._dump(path, data)

    # --- responses ----------------------------------------------------------------------

    def responses(self) -> dict[str, dict[str, str]]:
        """Every response's Swedish and Finnish text."""
        out: dict[str, dict[str, str]] = {}
        for name, variations in (self._read(self.domain_path).get("responses") or {}).items():
            texts: dict[str, str] = {}
            for variation in variations:
                lang = _language_of(variation)
                if lang:
                    texts[lang] = str(variation.get("text", ""))
            out[name] = texts
        return out

    def set_response(self, name: str, texts: dict[str, str]) -> None:
        """Change the Swedish and/or Finnish text of a response (both must stay non-empty)."""
        with _lock:
            domain = self._load(self.domain_path)
            variations = (domain.get("responses") or {}).get(name)
            if variations is None:
                raise EditError(f"no response {name!r}")
            for variation in variations:
                lang = _language_of(variation)
                if lang in texts:
                    value = texts[lang].strip()
                    if not value:
                        raise EditError(f"the {lang} text may not be empty")
                    if len(value) > 2000:
                        raise EditError("a response may have at most 2000 characters")
                    _check_placeholders(str(variation.get("text", "")), value)
                    variation["text"] = value
            self._dump(self.domain_path, domain)

    def faq_answers(self) -> list[FaqAnswer]:
        """The answers of the retrieval intents (``utter_faq/...``), least recently checked
        first: the date and source live in each variation's ``metadata``."""
        out: list[FaqAnswer] = []
        for name, variations in (self._read(self.domain_path).get("responses") or {}).items():
            if not str(name).startswith(FAQ_PREFIX):
                continue
            texts: dict[str, str] = {}
            meta: dict[str, Any] = {}
            personal = 0
            for variation in variations:
                lang = _language_of(variation)
                if lang and len(variation.get("condition") or []) == 1:
                    texts[lang] = str(variation.get("text", ""))
                elif lang:
                    personal += 1
                meta = meta or dict(variation.get("metadata") or {})
            out.append(
                FaqAnswer(
                    name=str(name),
                    texts=texts,
                    checked=str(meta.get("checked") or ""),
                    sources=[str(u) for u in meta.get("sources") or []],
                    personal_variants=personal,
                )
            )
        return sorted(out, key=lambda a: (a.checked or "0000", a.name))

    def mark_checked(self, name: str, checked: str, sources: list[str] | None = None) -> None:
        """Record that staff checked the answer ``name`` against its sources on ``checked``
        (YYYY-MM-DD); every variation carries the same metadata."""
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", checked):
            raise EditError("the date must be written YYYY-MM-DD")
        if sources is not None and not all(u.startswith("https://") for u in sources):
            raise EditError("a source must be an https:// address")
        with _lock:
            domain = self._load(self.domain_path)
            variations = (domain.get("responses") or {}).get(name)
            if variations is None or not name.startswith(FAQ_PREFIX):
                raise EditError(f"no answer {name!r}")
            for variation in variations:
                meta = variation.get("metadata")
                if meta is None:
                    variation["metadata"] = meta = {}
                meta["checked"] = checked
                if sources:
                    meta["sources"] = list(sources)
            self._dump(self.domain_path, domain)

    # --- rules and stories ----------------------------------------------------------------

    def conversation_files(self) -> list[Path]:
        """The rule and story files."""
        return sorted((self.root / "data" / "rules").glob("*.yml")) + sorted(
            (self.root / "data" / "stories").glob("*.yml")
        )

    def save_conversation_file(self, path: Path, content: str) -> None:
        """Replace a rule or story file after checking Rasa can read it."""
        if path not in self.conversation_files():
            raise EditError("not a rule or story file")
        _validate_story_yaml(content, self.domain_path)
        with _lock:
            tmp = path.with_suffix(".tmp")
            tmp.write_text(content if content.endswith("\n") else content + "\n", encoding="utf-8")
            tmp.replace(path)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def _clean(example: str) -> str:
    example = " ".join(example.split())
    if not example:
        raise EditError("the example is empty")
    if len(example) > 300:
        raise EditError("an example may have at most 300 characters")
    if example.startswith(("#", "- ")) or "\n" in example:
        raise EditError("an example may not start with '#' or '- '")
    return example


def _language_of(variation: Any) -> str | None:
    for condition in variation.get("condition") or []:
        if condition.get("name") == "language":
            return str(condition.get("value"))
    return None


_PLACEHOLDER = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def _check_placeholders(old: str, new: str) -> None:
    missing = set(_PLACEHOLDER.findall(old)) - set(_PLACEHOLDER.findall(new))
    unknown = set(_PLACEHOLDER.findall(new)) - set(_PLACEHOLDER.findall(old))
    if missing or unknown:
        raise EditError(
            "keep the placeholders as they are: "
            + ", ".join("{" + p + "}" for p in sorted(missing | unknown))
        )


def _validate_story_yaml(content: str, domain_path: Path) -> None:
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.exceptions import YamlException

    try:
        safe_yaml.check(content)
    except safe_yaml.YamlRefused as exc:
        raise EditError(str(exc)) from None
    try:
        reader = YAMLStoryReader(Domain.load(str(domain_path)))
        steps = reader.read_from_string(content)
    except (YamlException, ValueError, KeyError, TypeError) as exc:
        raise EditError(f"Rasa cannot read the file: {exc}") from None
    if not steps:
        raise EditError("the file has no rules or stories")
