"""Every entry point makes what it writes its user's alone (issue of the security probe:
0644 databases in a 0755 var/ let a local user read a session id)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_setup_db_writes_private_files_and_closes_old_ones(tmp_path: Path) -> None:
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    old = var / "left-by-an-old-version.db"
    old.write_text("x")
    old.chmod(0o644)
    env = {**os.environ, "VAR_DIR": str(var)}
    env.pop("DATABASE_URL", None)
    subprocess.run(
        [sys.executable, "-m", "bot.cli", "setup-db"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        preexec_fn=lambda: os.umask(0o022),  # a usual login umask
    )
    files = [p for p in var.rglob("*") if p.is_file()]
    assert {"cases.db", "secrets.json"} <= {p.name for p in files}
    assert var.stat().st_mode & 0o777 == 0o700
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in files} == {
        p.name: "0o600" for p in files
    }
