"""Per-signer token buckets for orders and cancels, as the trading rate-limits page describes.

    limiter = SignerLimits(clock.now)
    verdict = limiter.take("0xsigner", "order", cost=1)
    verdict.allowed, verdict.headers   # {"Poly-RateLimit-Remaining": "59", ...}

Rules (docs.polymarket.com/api-reference/trading-rate-limits, read 2026-12-02): one order
bucket and one cancel bucket per signer address; continuous refill at the tier's rate up to its
burst; costs `POST /order` 1, `POST /orders` one per order, `DELETE /order` 1, `DELETE /orders`
one per id, cancel-all and cancel-market-orders 1 up front plus 1 per order cancelled afterwards
(may go negative on tiers that allow it); a 429 carries `Retry-After` (seconds until enough
tokens exist); warning mode lets the request through with `Poly-RateLimit-Warning: true`.
A batch is admitted only if the bucket covers all of it. Independent of snippets/rate_limiting
on purpose: the numbers are re-typed here from the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

#: tier: (order rate/s, order burst, cancel rate/s, cancel burst, negative cancel balance)
TIERS: dict[str, tuple[float, int, float, int, bool]] = {
    "standard": (40, 60, 80, 120, True),
    "copper": (60, 90, 120, 180, True),
    "bronze": (80, 120, 160, 240, True),
    "silver": (200, 300, 400, 600, True),
    "gold": (400, 600, 800, 1200, True),
    "platinum": (450, 675, 900, 1350, False),
    "diamond": (525, 787, 1050, 1575, False),
    "elite": (600, 900, 1200, 1800, False),
}


@dataclass
class Bucket:
    rate: float
    burst: int
    tokens: float
    stamp: float
    may_go_negative: bool = False

    def refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: float = 0.0


class SignerLimits:
    def __init__(self, now: Callable[[], float], *, warning_mode: bool = False) -> None:
        self.now = now
        self.warning_mode = warning_mode
        self.tiers: dict[str, str] = {}
        self.buckets: dict[tuple[str, str], Bucket] = {}

    def bucket(self, signer: str, kind: str) -> Bucket:
        key = (signer.lower(), kind)
        if key not in self.buckets:
            o_rate, o_burst, c_rate, c_burst, negative = TIERS[self.tier(signer)]
            rate, burst = (o_rate, o_burst) if kind == "order" else (c_rate, c_burst)
            self.buckets[key] = Bucket(
                rate, burst, burst, self.now(), kind == "cancel" and negative
            )
        bucket = self.buckets[key]
        bucket.refill(self.now())
        return bucket

    def tier(self, signer: str) -> str:
        return self.tiers.get(signer.lower(), "standard")

    def set_tier(self, signer: str, tier: str) -> None:
        if tier not in TIERS:
            raise ValueError(f"unknown tier {tier!r}; one of {sorted(TIERS)}")
        self.tiers[signer.lower()] = tier
        for kind in ("order", "cancel"):
            self.buckets.pop((signer.lower(), kind), None)

    def _headers(self, signer: str, bucket: Bucket, wait: float) -> dict[str, str]:
        return {
            "Poly-RateLimit-Remaining": str(math.floor(bucket.tokens)),
            "Poly-RateLimit-Reset": str(math.ceil(self.now() + wait)),
            "Poly-RateLimit-Tier": self.tier(signer),
        }

    def take(self, signer: str, kind: str, cost: int) -> Verdict:
        """Spend `cost` tokens if the bucket holds them; else a 429 verdict (or a warning)."""
        bucket = self.bucket(signer, kind)
        if bucket.tokens + 1e-9 >= cost:  # float refill: 0.025 s at 40/s is 0.99999... tokens
            bucket.tokens -= cost
            return Verdict(True, self._headers(signer, bucket, 0.0))
        wait = (cost - bucket.tokens) / bucket.rate
        headers = self._headers(signer, bucket, wait)
        if self.warning_mode:
            headers["Poly-RateLimit-Warning"] = "true"
            bucket.tokens -= cost  # GUESS: warning mode counts the request as if admitted
            return Verdict(True, headers)
        headers["Retry-After"] = str(max(1, math.ceil(wait)))
        return Verdict(False, headers, wait)

    def charge_after(self, signer: str, kind: str, cost: int) -> dict[str, str]:
        """The per-order part of cancel-all / cancel-market-orders, charged after the fact."""
        bucket = self.bucket(signer, kind)
        bucket.tokens -= cost
        if not bucket.may_go_negative:
            bucket.tokens = max(0.0, bucket.tokens)
        return self._headers(signer, bucket, 0.0)

    def spend(self, signer: str, kind: str, tokens: float) -> None:
        """What a second process on the same signer does: tokens gone, no request seen here."""
        self.bucket(signer, kind).tokens -= tokens
