"""What an operator watches, exported through prometheus-client when it is installed.

    metrics = BotMetrics()                      # a private registry; or BotMetrics(REGISTRY)
    metrics.count("rate_limited")               # a 429 seen
    metrics.snapshot()["rate_limited"]          # 1.0: the same numbers without prometheus
    start_http_server(9108, registry=metrics.registry)  # prometheus_client, for scraping

Without prometheus-client the bot runs the same and `snapshot()` still holds every value.
Standard library only, prometheus-client optional.
"""

from __future__ import annotations

from typing import Any

try:
    from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
except ImportError:  # optional: the numbers stay available through snapshot()
    CollectorRegistry = Counter = Gauge = Histogram = None  # type: ignore[assignment,misc]

#: name: (kind, help, label names). One row per metric on the page "A complete bot".
METRICS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "rate_limited": ("counter", "429 replies received", ()),
    "holds": ("counter", "times every signed request waited for a Retry-After", ()),
    "hold_seconds": ("counter", "seconds spent waiting out Retry-After", ()),
    "bucket_level": ("gauge", "tokens left in the local signer bucket", ("bucket",)),
    "reconnects": ("counter", "WebSocket sessions that ended", ("channel",)),
    "seconds_stale": ("gauge", "seconds since the book was last fresh and verified", ("asset",)),
    "hash_mismatches": ("gauge", "book hashes that did not match the server's", ()),
    "order_latency_seconds": ("histogram", "POST /order round trip, exactly-once included", ()),
    "orders": ("counter", "intents by outcome", ("outcome",)),
    "open_orders": ("gauge", "orders the bot believes are resting", ()),
    "balance_drift": ("gauge", "pUSD: the bot's ledger minus the CLOB's balance", ()),
}
_TYPES = {"counter": Counter, "gauge": Gauge, "histogram": Histogram}


class BotMetrics:
    """Counters, gauges and one latency histogram, mirrored in a plain dict."""

    def __init__(self, registry: Any = None, prefix: str = "polymarket_bot_") -> None:
        self.values: dict[str, float] = {}
        self.registry = registry
        self._prom: dict[str, Any] = {}
        if CollectorRegistry is None:
            return
        self.registry = registry if registry is not None else CollectorRegistry()
        for name, (kind, text, labels) in METRICS.items():
            self._prom[name] = _TYPES[kind](prefix + name, text, labels, registry=self.registry)

    @staticmethod
    def _key(name: str, label: str | None) -> str:
        return name if label is None else f"{name}{{{label}}}"

    def _metric(self, name: str, label: str | None) -> Any:
        metric = self._prom.get(name)
        if metric is None or label is None:
            return metric
        return metric.labels(label)

    def count(self, name: str, amount: float = 1.0, label: str | None = None) -> None:
        key = self._key(name, label)
        self.values[key] = self.values.get(key, 0.0) + amount
        metric = self._metric(name, label)
        if metric is not None:
            metric.inc(amount)

    def set(self, name: str, value: float, label: str | None = None) -> None:
        self.values[self._key(name, label)] = float(value)
        metric = self._metric(name, label)
        if metric is not None:
            metric.set(value)

    def observe(self, name: str, seconds: float) -> None:
        self.values[f"{name}_count"] = self.values.get(f"{name}_count", 0.0) + 1
        self.values[f"{name}_sum"] = self.values.get(f"{name}_sum", 0.0) + seconds
        metric = self._metric(name, None)
        if metric is not None:
            metric.observe(seconds)

    def snapshot(self) -> dict[str, float]:
        return dict(self.values)
