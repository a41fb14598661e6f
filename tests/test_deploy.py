"""The deployment files agree with the code: classes exist, settings are read, files exist."""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
CONFIG = (ROOT / "bot" / "config.py").read_text(encoding="utf-8")
RASA_ENV_NAMES = {  # filled into endpoints by bot.cli.rasa_env / the charts
    "TRACKER_DB_URL",
    "ACTION_SERVER_URL",
    "ACTION_TOKEN",
    "REDIS_HOST",
    "REDIS_PORT",
    "REDIS_DB",
    "REDIS_PASSWORD",
    "REDIS_KEY_PREFIX",
    "RASA_TOKEN",
    "SANIC_REQUEST_MAX_SIZE",
}


def _values(name: str) -> dict[str, Any]:
    return dict(yaml.safe_load((DEPLOY / "values" / name).read_text(encoding="utf-8")))


def _class(path: str) -> Any:
    module, _, name = path.rpartition(".")
    return getattr(importlib.import_module(module), name)


def test_rasa_values_name_real_classes() -> None:
    values = _values("rasa.yaml")
    endpoints = values["applicationSettings"]["endpoints"]
    assert _class(endpoints["trackerStore"]["type"]).__name__ == "StrictSQLTrackerStore"
    assert _class(endpoints["lockStore"]["type"]).__name__ == "AtomicRedisLockStore"
    channels = values["applicationSettings"]["credentials"]["additionalChannelCredentials"]
    assert [_class(c).__name__ for c in channels] == ["GuardedRestInput", "GuardedSocketIOInput"]
    # the same channel as the one the single-machine setup uses
    assert list(yaml.safe_load((ROOT / "credentials.yml").read_text())) == list(channels)
    headers = endpoints["additionalEndpoints"]["action_endpoint"]["headers"]
    assert headers["Authorization"] == "Bearer ${ACTION_TOKEN}"


@pytest.mark.parametrize("name", ["rasa.yaml", "rasa-action-server.yaml"])
def test_every_env_var_is_read_somewhere(name: str) -> None:
    for item in _values(name).get("extraEnv", []):
        var = item["name"]
        assert var in RASA_ENV_NAMES or f'"{var}"' in CONFIG, f"{name}: {var} is not used"


def test_webapp_chart_env_vars_are_settings() -> None:
    template = (DEPLOY / "webapp" / "templates" / "_env.tpl").read_text(encoding="utf-8")
    names = re.findall(r"name: ([A-Z_]+),", template)
    assert len(names) >= 10
    for var in names:
        assert var in RASA_ENV_NAMES or f'"{var}"' in CONFIG, var
    values = yaml.safe_load((DEPLOY / "webapp" / "values.yaml").read_text(encoding="utf-8"))
    used = set(re.findall(r"\.Values\.([A-Za-z]+)", template))
    assert used <= set(values), used - set(values)


def test_dockerfile_copies_what_exists() -> None:
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            for source in line.split()[1:-1]:
                assert (ROOT / source).exists(), source


def test_action_server_command_exists() -> None:
    command = _values("rasa-action-server.yaml")["command"]
    assert command[:3] == ["python", "-m", "bot.action_server"]
    importlib.import_module("bot.action_server")
