"""Following orders to the end with polymarket-client: genuine V1 order records (2026-01-20),
docs-derived trade progressions."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from ..conftest import polymarket_secure_client
from .code.partial_fills import follow

PARTIAL = "0x8b416d01048aea99086ea6c1e4510cad2d0bb881a0def312b9b81b7ac732ad8e"
FULL = "0x300b6f4a853408b38846aee01695d25ff0da109a1072fea577f067fbb67bb80f"


@pytest.mark.vcr
def test_fak_partial_fill_settles() -> None:
    sleeps: list[float] = []
    with polymarket_secure_client() as client:
        tracker = follow(client, PARTIAL, interval_s=2.0, sleep=sleeps.append)
    assert tracker.final and tracker.status == "MATCHED" and tracker.order_type == "FAK"
    # FAK BUY 10 @ 0.47: 5 matched, the other 5 were killed, and the 5 settled
    assert (tracker.original_size, tracker.size_matched, tracker.unfilled) == (D(10), D(5), D(5))
    assert tracker.settled == D(5) and tracker.failed == D(0)
    assert sleeps == [2.0, 2.0]  # three polls: MATCHED, MINED, CONFIRMED


@pytest.mark.vcr
def test_matched_but_failed_to_settle() -> None:
    with polymarket_secure_client() as client:
        tracker = follow(client, FULL, sleep=lambda s: None)
    assert tracker.final and tracker.size_matched == D(5)
    assert tracker.settled == D(0) and tracker.failed == D(5)  # matched, never moved


def test_gives_up_after_max_polls() -> None:
    class Stub:
        def get_order(self, *, order_id: str):  # type: ignore[no-untyped-def]
            from polymarket.models.clob.account import OpenOrder

            return OpenOrder.model_validate(
                {
                    "id": order_id,
                    "status": "LIVE",
                    "owner": "REDACTED",
                    "maker_address": "0x" + "11" * 20,
                    "market": "0x" + "22" * 32,
                    "asset_id": "1",
                    "side": "BUY",
                    "original_size": "5",
                    "size_matched": "0",
                    "price": "0.5",
                    "outcome": "Yes",
                    "expiration": "0",
                    "order_type": "GTC",
                    "associate_trades": [],
                    "created_at": 1795824000,
                }
            )

    sleeps: list[float] = []
    tracker = follow(Stub(), "0x01", interval_s=1.0, max_polls=3, sleep=sleeps.append)  # type: ignore[arg-type]
    assert not tracker.final and tracker.status == "LIVE" and sleeps == [1.0, 1.0]


def test_final_trades_are_not_fetched_again() -> None:
    from .code.partial_fills import poll_once
    from .code.tracker import Fill, FillTracker

    tracker = FillTracker("0x01")
    tracker.trade_ids.add("t1")
    tracker.fills["t1"] = Fill("t1", D(5), "CONFIRMED")

    class Client:
        def get_order(self, *, order_id: str):  # type: ignore[no-untyped-def]
            from polymarket.models.clob.account import OpenOrder

            return OpenOrder.model_validate(_record(order_id, ["t1"]))

        def list_account_trades(self, **kwargs: object):  # type: ignore[no-untyped-def]
            raise AssertionError("a final trade must not be fetched again")

    assert poll_once(Client(), tracker).final  # type: ignore[arg-type]


def _record(order_id: str, trades: list[str]) -> dict:
    return {
        "id": order_id,
        "status": "MATCHED",
        "owner": "REDACTED",
        "maker_address": "0x" + "11" * 20,
        "market": "0x" + "22" * 32,
        "asset_id": "1",
        "side": "BUY",
        "original_size": "5",
        "size_matched": "5",
        "price": "0.5",
        "outcome": "Yes",
        "expiration": "0",
        "order_type": "GTC",
        "associate_trades": trades,
        "created_at": 1795824000,
    }
