"""What the server saw, kept so a test judges a bot by the exchange's records, not the bot's.

    rec = clob.records
    [r.path for r in rec.requests if r.credentials]      # which calls carried L2 headers
    rec.subscribed(asset_id, at=t)                         # a live market subscription at t?
    rec.orders[order_id].posts                            # 2 = the same signed order came twice
    rec.in_retry_after                                    # requests sent inside a Retry-After
    [r.body for r in rec.requests if r.path == "/order"]  # every order posted, accepted or not
    rec.published_hashes                                  # every book hash the server published

Times are the server clock (seconds). Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RequestRecord:
    method: str
    path: str
    query: str
    time: float
    credentials: tuple[str, ...]  # POLY_* header names it carried (L1 or L2)
    signer: str = ""  # POLY_ADDRESS, when sent
    api_key: str = ""  # POLY_API_KEY, when sent
    status: int = 0
    in_retry_after: bool = False  # sent while its signer was inside a Retry-After window
    body: str = ""  # the request body as sent (orders carry `owner`, the API key id)


@dataclass
class Subscription:
    asset_or_market: str
    start: float
    end: float | None = None


@dataclass
class ConnectionRecord:
    id: int
    channel: str  # "market" | "user"
    opened: float
    closed: float | None = None
    api_key: str = ""  # user channel: the key it authenticated with
    credentials_sent: bool = False  # an `auth` object arrived on this connection
    subscriptions: list[Subscription] = field(default_factory=list)
    close_code: int | None = None

    def live(self, name: str, at: float) -> bool:
        if self.opened > at or (self.closed is not None and self.closed < at):
            return False
        return any(
            s.asset_or_market == name and s.start <= at and (s.end is None or s.end >= at)
            for s in self.subscriptions
        )


@dataclass
class OrderRecord:
    id: str
    owner: str
    signer: str
    asset_id: str
    side: str
    price: str
    size: str
    order_type: str
    accepted_at: float
    posts: int = 1  # how many times this signed order (same hash) was posted


@dataclass
class RetryWindow:
    signer: str
    start: float
    end: float


@dataclass
class Records:
    requests: list[RequestRecord] = field(default_factory=list)
    connections: list[ConnectionRecord] = field(default_factory=list)
    orders: dict[str, OrderRecord] = field(default_factory=dict)
    retry_windows: list[RetryWindow] = field(default_factory=list)
    published: list[tuple[str, str, str, str]] = field(default_factory=list)  # asset, ts, hash, via

    @property
    def published_hashes(self) -> set[str]:
        return {h for _, _, h, _ in self.published}

    @property
    def in_retry_after(self) -> list[RequestRecord]:
        return [r for r in self.requests if r.in_retry_after]

    @property
    def rate_limited(self) -> list[RequestRecord]:
        return [r for r in self.requests if r.status == 429]

    def inside_retry_window(self, signer: str, at: float) -> bool:
        return any(w.signer == signer.lower() and w.start <= at < w.end for w in self.retry_windows)

    def subscribed(self, asset_id: str, at: float) -> bool:
        """Was some market-channel connection subscribed to `asset_id` at time `at`?"""
        return any(c.channel == "market" and c.live(asset_id, at) for c in self.connections)
