"""No phone number, e-mail address or payload argument in any log line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.log_privacy import redact

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('Parsed /inform{"note": "ring 0449876543"} here', "Parsed /inform{…} here"),
        ('/request_callback{"contact": "anna@example.fi"}', "/request_callback{…}"),
        ("call +358 40 123 4567", "call <phone>"),
        ("or 040-1234567, or 044 987 6543.", "or <phone>, or <phone>."),
        ("abroad 0046701234567", "abroad <phone>"),
        ("mail anna.lindqvist+x@porvoo.fi now", "mail <e-mail> now"),
        # what the logs need stays
        ("port 5005 on 127.0.0.1:5055", "port 5005 on 127.0.0.1:5055"),
        ("checked 2026-12-03 14:43:08", "checked 2026-12-03 14:43:08"),
        ("model 20261203-134715-raw-copper.tar.gz", "model 20261203-134715-raw-copper.tar.gz"),
        ("conversation c0123456789abcdef0123", "conversation c0123456789abcdef0123"),
        ("took 1234567 ms, 3 rows", "took 1234567 ms, 3 rows"),
        ("booking reference PRV-4KQ7", "booking reference PRV-4KQ7"),
    ],
)
def test_redact(line: str, expected: str) -> None:
    assert redact(line) == expected


def test_every_logger_and_every_warning_is_cleaned(tmp_path: Path) -> None:
    # in a process of its own: installing changes the process's logging for good
    script = """
import logging, sys, warnings
from bot.startup import prepare_process
logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(name)s %(message)s")
prepare_process()
logging.getLogger("rasa.core.processor").warning("Parsed %s", '/inform{"note": "0449876543"}')
logging.getLogger("sanic.root").info("from anna@example.fi")
warnings.warn("Invalid entity specification: ring 040 123 4567")
"""
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"VAR_DIR": str(tmp_path / "var"), "PATH": "/usr/bin:/bin"},
    )
    logged = out.stdout + out.stderr
    assert "rasa.core.processor Parsed /inform{…}" in logged
    assert "<e-mail>" in logged and "<phone>" in logged
    for secret in ("0449876543", "anna@example.fi", "040 123 4567"):
        assert secret not in logged
