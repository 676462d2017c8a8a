"""metrics: prometheus-client when installed, the same numbers in a dict either way."""

from __future__ import annotations

import importlib
import sys

import pytest
from prometheus_client import generate_latest

from .code import metrics as module
from .code.metrics import METRICS, BotMetrics


def test_every_metric_is_exported_and_mirrored() -> None:
    m = BotMetrics()
    m.count("rate_limited")
    m.count("reconnects", label="market")
    m.set("bucket_level", 47.5, label="post_order")
    m.observe("order_latency_seconds", 0.02)
    text = generate_latest(m.registry).decode()
    assert "polymarket_bot_rate_limited_total 1.0" in text
    assert 'polymarket_bot_reconnects_total{channel="market"} 1.0' in text
    assert 'polymarket_bot_bucket_level{bucket="post_order"} 47.5' in text
    assert "polymarket_bot_order_latency_seconds_count 1.0" in text
    assert m.snapshot() == {
        "rate_limited": 1.0, "reconnects{market}": 1.0, "bucket_level{post_order}": 47.5,
        "order_latency_seconds_count": 1.0, "order_latency_seconds_sum": 0.02,
    }  # fmt: skip
    assert all(f"polymarket_bot_{name}" in text for name in METRICS)


def test_without_prometheus_client_the_bot_still_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "prometheus_client", None)
    try:
        plain = importlib.reload(module)
        m = plain.BotMetrics()
        m.count("holds")
        m.set("open_orders", 2)
        m.observe("order_latency_seconds", 0.5)
        assert m.registry is None
        assert m.snapshot()["holds"] == 1.0 and m.snapshot()["open_orders"] == 2.0
    finally:
        monkeypatch.delitem(sys.modules, "prometheus_client")
        importlib.reload(module)
