"""Does a login answer tell, by its time, whether a name exists? (issue of the security probe:
a locked real account answered in ~10 ms, an unknown name in ~183 ms.)

Times ``bot.cases.users.authenticate`` side by side, interleaved, on one database: a known
name with a wrong password, an unknown name, and a known name after 20 failures (there is
no lock-out any more). Reports medians and their ratio to the unknown name; all should be
close to 1.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bot.cases import users
from bot.cases.migrate import upgrade

ROUNDS = 30


def run(rounds: int = ROUNDS) -> dict[str, float]:
    """Median milliseconds per case and the ratios to an unknown name."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'login.db'}"
        upgrade(url)
        users.create_user("known", "the right password", "coach", "Known", None, "sv", url)
        users.create_user("hammered", "the right password", "coach", "H", None, "sv", url)
        for _ in range(20):
            users.authenticate("hammered", "wrong", url)
        cases = {
            "known, wrong password": ("known", "wrong password"),
            "unknown name": ("nobody-here", "wrong password"),
            "known, after 20 failures": ("hammered", "wrong password"),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(rounds):
            for name, (username, password) in cases.items():
                start = time.perf_counter()
                users.authenticate(username, password, url)
                times[name].append((time.perf_counter() - start) * 1000)
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["unknown name"]
    return {
        **{f"{name} (ms)": value for name, value in medians.items()},
        **{f"{name} / unknown": value / base for name, value in medians.items()},
    }


if __name__ == "__main__":
    for key, value in run().items():
        print(f"  {key:38} {value:8.2f}")
