"""Login rate limiting (kept apart so the app keys can name its type)."""

from __future__ import annotations

import time
from collections import defaultdict, deque


class LoginLimiter:
    """At most ``limit`` login attempts per IP address in ``window`` seconds."""

    def __init__(self, limit: int = 10, window: float = 300.0) -> None:
        """Empty history."""
        self.limit = limit
        self.window = window
        self._attempts: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record an attempt; False when over the limit."""
        now = time.monotonic() if now is None else now
        attempts = self._attempts[key]
        while attempts and now - attempts[0] > self.window:
            attempts.popleft()
        if len(attempts) >= self.limit:
            return False
        attempts.append(now)
        return True
