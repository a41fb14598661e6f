"""Which models ``PUT /model`` may load (issue 15: a local user with the token switched the
running server to a model of their own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.rasa_ext.model_loading import allowed_folders, refusal

MODELS = Path("/srv/bot/models")


@pytest.mark.parametrize(
    ("body", "refused"),
    [
        ({"model_file": "/srv/bot/models/20261203-nlu.tar.gz"}, False),
        ({"model_file": "/srv/bot/models/sub/x.tar.gz"}, False),
        ({"model_file": "/tmp/mine.tar.gz"}, True),
        ({"model_file": "/srv/bot/models/../../../tmp/mine.tar.gz"}, True),
        ({"model_file": "/srv/bot/models-evil/x.tar.gz"}, True),
        ({"model_file": "models/x.tar.gz"}, True),  # relative: resolved against the cwd
        ({"model_file": ["/srv/bot/models/x.tar.gz"]}, True),
        ({"model_server": {"url": "http://attacker.example/model"}}, True),
        ({"model_file": "/srv/bot/models/x.tar.gz", "remote_storage": "aws"}, True),
        ({}, False),  # Rasa itself says the path is missing
        ("not an object", False),  # Rasa itself answers a malformed body
    ],
)
def test_only_the_model_folder(body: object, refused: bool) -> None:
    assert (refusal(body, (MODELS,)) is not None) is refused


def test_a_path_through_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "m.tar.gz").write_bytes(b"")
    link = tmp_path / "a"
    link.symlink_to(models)  # could be re-pointed at /tmp/evil before Rasa opens the file
    folders = (models.resolve(),)
    assert refusal({"model_file": str(models / "m.tar.gz")}, folders) is None
    assert refusal({"model_file": str(link / "m.tar.gz")}, folders) is not None


def test_off_refuses_every_load() -> None:
    folders = allowed_folders({"MODEL_LOAD_FROM": "off"})
    assert folders is None
    assert refusal({"model_file": "/srv/bot/models/x.tar.gz"}, folders) is not None


def test_model_dir_and_further_folders(tmp_path: Path) -> None:
    folders = allowed_folders({"MODEL_DIR": str(tmp_path), "MODEL_LOAD_FROM": "/srv/pub, /opt/m"})
    assert folders == (tmp_path.resolve(), Path("/srv/pub"), Path("/opt/m"))
