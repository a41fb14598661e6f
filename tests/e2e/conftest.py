"""One running stack (Rasa + action server + web app on SQLite) shared by the e2e tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.cases.migrate import upgrade
from bot.demo import load_demo_data
from tests.e2e.servers import Stack, make_stack


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("stack")
    database_url = f"sqlite:///{workdir / 'cases.db'}"
    upgrade(database_url)
    load_demo_data(database_url)
    stack = make_stack(workdir, database_url, f"sqlite:///{workdir / 'tracker.db'}")
    stack.start()
    yield stack
    stack.stop_all()
