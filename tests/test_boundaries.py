"""The web app and the staff command speak only HTTP to Rasa: they never open the tracker
database (every read and deletion of stored conversations is a route of the Rasa server,
bot/rasa_ext/conversations.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WEB_AND_CLI = [
    *sorted((ROOT / "bot" / "portal").rglob("*.py")),
    ROOT / "bot" / "privacy.py",
    ROOT / "bot" / "rasa_client.py",
]
FORBIDDEN = (
    "tracker_db_url",
    "TRACKER_DB_URL",
    "FROM events",
    "tracker_events.inbox",
    "tracker_events.fallback_rate",
    "tracker_events.export_conversation",
    "SQLTrackerStore",
)


@pytest.mark.parametrize("path", WEB_AND_CLI, ids=lambda p: str(p.relative_to(ROOT)))
def test_web_app_and_cli_never_open_the_tracker_database(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    found = [word for word in FORBIDDEN if word in source]
    assert not found, f"{path.relative_to(ROOT)} reaches the tracker store directly: {found}"


# Action modules hold one conversation each; what several share lives in these modules.
SHARED_ACTION_MODULES = {"common", "form_turns", "form_answers", "form_guard"}
SHARED_PREFIX = "shared_"
ACTION_MODULES = sorted(p for p in (ROOT / "actions").glob("*.py") if p.name != "__init__.py")


def _imported_action_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("actions."):
            found.add(str(node.module).split(".", 1)[1])
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".", 1)[1] for a in node.names if a.name.startswith("actions.")}
    return found


@pytest.mark.parametrize("path", ACTION_MODULES, ids=lambda p: p.name)
def test_action_modules_do_not_import_each_other(path: Path) -> None:
    other = {
        name
        for name in _imported_action_modules(path)
        if name not in SHARED_ACTION_MODULES and not name.startswith(SHARED_PREFIX)
    }
    assert not other, f"{path.name} imports the action modules {sorted(other)}"


SHARED_HELPERS = [
    p for p in ACTION_MODULES if p.stem in {"common", "form_turns"} or p.stem.startswith("shared_")
]


@pytest.mark.parametrize("path", SHARED_HELPERS, ids=lambda p: p.name)
def test_shared_action_modules_define_no_actions(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert "def name(self)" not in source, f"{path.name} is shared and defines an action"


def _unit(module: str) -> str:
    """The package (``bot.cases``) or top-level module (``bot.config``) of a module."""
    return ".".join(module.split(".")[:2])


def _package_imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in (ROOT / "bot").rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        names: list[str] = []
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.append(node.module)
            elif isinstance(node, ast.Import):
                names += [a.name for a in node.names]
        for name in names:
            if name.startswith("bot.") and _unit(name) != _unit(module):
                graph.setdefault(_unit(module), set()).add(_unit(name))
    return graph


def test_no_import_cycles_between_packages() -> None:
    graph = _package_imports()
    cycles = []
    for start, targets in graph.items():
        for first in targets:
            path, todo, seen = None, [(first, [start, first])], set()
            while todo and path is None:
                here, trail = todo.pop()
                if here == start:
                    path = trail
                elif here not in seen:
                    seen.add(here)
                    todo += [(nxt, [*trail, nxt]) for nxt in graph.get(here, ())]
            if path:
                cycles.append(" -> ".join(path))
    assert not cycles, f"import cycles between packages: {sorted(cycles)}"
