"""The patches of Rasa: explicit, versioned, and checked against Rasa's own signatures."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot import rasa_server
from bot.rasa_ext import patches


@pytest.mark.parametrize("patch", patches.PATCHES, ids=lambda p: p.name)
def test_rasa_method_has_the_signature_the_patch_was_written_for(
    patch: patches.Patch,
) -> None:
    assert patches.signature_of(patch) == patch.signature


def test_installed_rasa_is_the_pinned_one() -> None:
    patches.check_rasa()  # raises on another version or a changed signature


def test_another_rasa_version_stops_the_server_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(patches.rasa, "__version__", "3.7.0")
    monkeypatch.setattr(patches, "_installed", [])
    with pytest.raises(patches.UnsupportedRasa, match=r"Rasa 3\.7\.0 is installed"):
        patches.install()
    assert rasa_server.main(["--version"]) == 2
    assert "runs on Rasa 3.6.21, but Rasa 3.7.0" in capsys.readouterr().err


def test_a_changed_signature_stops_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    first = patches.PATCHES[0]
    changed = patches.Patch(first.owner, first.attribute, "(x)", first.replace, first.why)
    monkeypatch.setattr(patches, "PATCHES", (changed, *patches.PATCHES[1:]))
    with pytest.raises(patches.UnsupportedRasa, match="changed its signature"):
        patches.check_rasa()


IMPORT_EVERYTHING = """
import inspect
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.processor import MessageProcessor
before = {
    "store": Agent.__dict__["_create_tracker_store"],
    "run": RemoteAction.run,
    "run_action": MessageProcessor._run_action,
    "validate": RemoteAction._validate_action_result,
}
import bot.rasa_ext.channel, bot.rasa_ext.socketio_channel, bot.rasa_ext.tracker_store
import bot.rasa_ext.lock_store, bot.rasa_ext.nlg, bot.rasa_ext.resilience
import bot.rasa_ext.action_response, bot.rasa_ext.patches, bot.rasa_server
after = {
    "store": Agent.__dict__["_create_tracker_store"],
    "run": RemoteAction.run,
    "run_action": MessageProcessor._run_action,
    "validate": RemoteAction._validate_action_result,
}
assert before == after, "an import patched Rasa"
import bot.rasa_ext.patches as p
names = p.install()
assert RemoteAction.run is not before["run"]
assert MessageProcessor._run_action is not before["run_action"]
assert Agent.__dict__["_create_tracker_store"] is not before["store"]
print(",".join(names))
"""


def test_importing_patches_nothing_and_install_logs_each_patch() -> None:
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERYTHING], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().split(",") == [p.name for p in patches.PATCHES]


def test_the_server_entry_point_logs_each_patch() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.rasa_server", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for patch in patches.PATCHES:
        assert f"patched Rasa {patch.name}" in result.stderr


def test_no_secret_on_the_rasa_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.cli import _rasa_server_cmd, rasa_env
    from bot.config import load_settings
    from bot.rasa_server import with_secrets

    settings = load_settings()
    command = _rasa_server_cmd(settings, None)
    assert settings.rasa_token not in " ".join(command)  # `ps` shows the command line
    assert rasa_env(settings)["RASA_TOKEN"] == settings.rasa_token
    # the entry point hands the token to `rasa run` in-process
    args = with_secrets(command[3:], {"RASA_TOKEN": "t0k"})
    assert args[0] == "run" and "--auth-token=t0k" in args and "--jwt-secret=t0k" in args
    assert with_secrets(["train"], {"RASA_TOKEN": "t0k"}) == ["train"]
    assert with_secrets(["run"], {}) == ["run"]
