"""How often someone may try a password: growing delays, never a lock-out.

Failed logins are counted per account and address. The first few cost nothing; after that
each attempt must wait a delay that doubles with every further failure (1 s, 2 s, 4 s ... at
most a minute), counted from the last failure. A right password clears the pair. An address
that fails across many accounts (password spraying) waits the same way, with more free
tries. No one can lock a coach out: a delay holds only for the address that failed, and a
wrong guess answers exactly as an unknown name does (bot.cases.users.authenticate).

The address is the client's (bot.portal.keys.client_ip: behind TRUSTED_PROXY_HOPS proxies,
read from X-Forwarded-For; without, the peer). The counts live in the web app's memory:
with several instances each counts its own, which still bounds a guesser.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TypeVar

FREE_PER_ACCOUNT = 5
FREE_PER_ADDRESS = 30
MAX_DELAY = 60.0
FORGET_AFTER = 3600.0
MAX_ENTRIES = 10_000
K = TypeVar("K", str, tuple[str, str])


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0


def delay_after(failures: int, free: int) -> float:
    """Seconds to wait after ``failures`` failed attempts when ``free`` cost nothing."""
    if failures < free:
        return 0.0
    return min(MAX_DELAY, 2.0 ** (failures - free))


class LoginLimiter:
    """Failed logins per (account, address) and per address, with doubling delays."""

    def __init__(self) -> None:
        """No failures yet."""
        self._pairs: dict[tuple[str, str], _Failures] = {}
        self._addresses: dict[str, _Failures] = {}

    def wait(self, account: str, address: str, now: float | None = None) -> float:
        """Seconds before ``address`` may try ``account`` again (0: now)."""
        now = time.monotonic() if now is None else now
        waits = [0.0]
        for entry, free in (
            (self._pairs.get((account.lower(), address)), FREE_PER_ACCOUNT),
            (self._addresses.get(address), FREE_PER_ADDRESS),
        ):
            if entry is not None and now - entry.last < FORGET_AFTER:
                waits.append(entry.last + delay_after(entry.count, free) - now)
        return max(waits)

    def failed(self, account: str, address: str, now: float | None = None) -> None:
        """Count a wrong password (or an unknown name) for the pair and the address."""
        now = time.monotonic() if now is None else now
        pair = (account.lower(), address)
        _count(self._pairs, pair, now)
        _count(self._addresses, address, now)

    def succeeded(self, account: str, address: str) -> None:
        """A right password: that pair starts afresh."""
        self._pairs.pop((account.lower(), address), None)


def _count(table: dict[K, _Failures], key: K, now: float) -> None:
    """One more failure for ``key``; the table stays under MAX_ENTRIES (old ones go first)."""
    if key not in table and len(table) >= MAX_ENTRIES:
        for old in [k for k, v in table.items() if now - v.last >= FORGET_AFTER]:
            del table[old]
        while len(table) >= MAX_ENTRIES:
            del table[next(iter(table))]
    entry = table.setdefault(key, _Failures())
    if now - entry.last >= FORGET_AFTER:
        entry.count = 0
    entry.count += 1
    entry.last = now
