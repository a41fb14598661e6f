"""YAML from outside the project is read only when small and without aliases (the alias bomb
of the security probe: a few hundred bytes that expand into gigabytes)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import safe_yaml
from bot.catalog.reader import SourceError, read_rows
from bot.nlu.editor import EditError, ProjectFiles

ROOT = Path(__file__).resolve().parent.parent


def bomb(levels: int, width: int = 9) -> str:
    """Anchors and aliases: ``width ** levels`` strings once loaded."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * width)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + f"\noffers:\n  - title_sv: *a{levels}\n"


def test_aliases_are_refused_before_anything_loads() -> None:
    text = bomb(9)  # 387 million strings if it were loaded
    assert len(text) < 600
    with pytest.raises(safe_yaml.YamlRefused, match="aliases"):
        safe_yaml.load(text)


def test_a_large_text_is_refused() -> None:
    with pytest.raises(safe_yaml.YamlRefused, match="too large"):
        safe_yaml.load("a: " + "x" * 100, max_bytes=50)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("offers: []\n", {"offers": []}), ("a: &x 1\n", {"a": 1}), ("- ö\n- ä\n", ["ö", "ä"])],
)
def test_plain_yaml_loads(text: str, expected: object) -> None:
    assert safe_yaml.load(text) == expected  # an anchor alone is harmless


def test_not_yaml_says_so() -> None:
    with pytest.raises(safe_yaml.YamlRefused, match="not valid YAML"):
        safe_yaml.load("a: [1, 2\n")


def test_the_catalog_reader_refuses_a_bomb_and_a_huge_file() -> None:
    with pytest.raises(SourceError, match="aliases"):
        read_rows(bomb(3), "yaml")  # would load as 729 strings without the check
    with pytest.raises(SourceError, match="too large"):
        read_rows("external_id\n" + "x\n" * (safe_yaml.MAX_BYTES // 2 + 1), "csv")


def test_the_rules_editor_refuses_a_bomb(tmp_path: Path) -> None:
    (tmp_path / "data" / "rules").mkdir(parents=True)
    target = tmp_path / "data" / "rules" / "core.yml"
    target.write_text('version: "3.1"\nrules: []\n', encoding="utf-8")
    (tmp_path / "domain.yml").write_text((ROOT / "domain.yml").read_text("utf-8"), "utf-8")
    files = ProjectFiles(tmp_path)
    text = 'version: "3.1"\nx: &a ["l", "l"]\ny: [*a, *a]\nrules: []\n'
    with pytest.raises(EditError, match="aliases"):
        files.save_conversation_file(target, text)
    assert target.read_text("utf-8") == 'version: "3.1"\nrules: []\n'


@pytest.mark.parametrize("text", ["a: !!python/name:os.system x\n", "a: !custom x\n"])
def test_tags_other_than_plain_yaml_are_refused(text: str) -> None:
    with pytest.raises(safe_yaml.YamlRefused, match="tags"):
        safe_yaml.load(text)


def test_the_rules_editor_refuses_a_python_tag(tmp_path: Path) -> None:
    # the probe got an HTTP 500 for this in the portal's rules editor
    (tmp_path / "data" / "rules").mkdir(parents=True)
    target = tmp_path / "data" / "rules" / "core.yml"
    target.write_text('version: "3.1"\nrules: []\n', encoding="utf-8")
    (tmp_path / "domain.yml").write_text((ROOT / "domain.yml").read_text("utf-8"), "utf-8")
    text = 'version: "3.1"\nrules:\n- rule: !!python/name:os.system x\n  steps: []\n'
    with pytest.raises(EditError, match="tags"):
        ProjectFiles(tmp_path).save_conversation_file(target, text)
