"""Token buckets for the chat proxy's rate limits (pure: the caller passes the time)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Limit:
    """``burst`` requests at once, then ``per_minute`` on average."""

    burst: int
    per_minute: float

    @property
    def rate(self) -> float:
        """Tokens per second."""
        return self.per_minute / 60.0


@dataclass
class Bucket:
    """One key's tokens and when they were last counted."""

    tokens: float
    updated: float


@dataclass
class RateLimiter:
    """Buckets per key; idle keys are forgotten so memory stays bounded."""

    limit: Limit
    max_keys: int = 100_000
    buckets: dict[str, Bucket] = field(default_factory=dict)

    def take(self, key: str, now: float) -> float:
        """Take one token: 0.0 when allowed, else the seconds until one is free."""
        bucket = self.buckets.get(key)
        if bucket is None:
            if len(self.buckets) >= self.max_keys:
                self.prune(now)
            bucket = self.buckets[key] = Bucket(float(self.limit.burst), now)
        elapsed = max(0.0, now - bucket.updated)
        bucket.tokens = min(float(self.limit.burst), bucket.tokens + elapsed * self.limit.rate)
        bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.limit.rate

    def prune(self, now: float) -> None:
        """Drop buckets that have refilled completely (their keys are idle)."""
        full_after = self.limit.burst / self.limit.rate
        self.buckets = {k: b for k, b in self.buckets.items() if now - b.updated < full_after}
        if len(self.buckets) >= self.max_keys:  # still full: forget the oldest half
            keep = sorted(self.buckets.items(), key=lambda kv: kv[1].updated)
            self.buckets = dict(keep[len(keep) // 2 :])
