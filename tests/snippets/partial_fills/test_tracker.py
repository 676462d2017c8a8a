"""The SDK-free tracker fed with user-channel events: genuine frames where they exist."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

from .code.tracker import FillTracker

FRAMES = Path(__file__).parent / "frames"  # copies of genuine frames, see frames/PROVENANCE.md


def _frame(name: str) -> dict:
    return json.loads((FRAMES / name).read_text())


def test_fok_killed_on_the_user_channel() -> None:
    """GENUINE, ANONYMISED V2 frames (nautilus #3987; 2026-08-08): the kill reason rides in
    the status after CANCELED_, and size_matched is an empty string."""
    for name in ("ws_user_order_fok_killed.json", "ws_user_order_fok_buy_pusd_size.json"):
        event = _frame(name)
        tracker = FillTracker(event["id"])
        tracker.on_order(event)
        assert tracker.status == "CANCELED" and tracker.final
        assert (
            tracker.reason
            == "order couldn't be fully filled. FOK orders are fully filled or killed."
        )
        assert tracker.size_matched == D(0) and tracker.unfilled == tracker.original_size


def test_trade_events_until_confirmed() -> None:
    """GENUINE V1 trade frame (2024-09-10), MATCHED, taker side; later statuses replayed by
    changing only `status`, as the user channel re-sends the trade on every change."""
    trade = _frame("user_trade2.json")
    tracker = FillTracker(trade["taker_order_id"])
    tracker.on_order(
        {
            "id": tracker.order_id,
            "status": "MATCHED",
            "original_size": "5",
            "size_matched": "5",
            "associate_trades": [trade["id"]],
        }
    )
    tracker.on_trade(trade)
    assert not tracker.final and tracker.size_with("MATCHED") == D(5)
    for status in ("MINED", "CONFIRMED"):
        tracker.on_trade(trade | {"status": status})
    assert tracker.final and tracker.settled == D(5)


def test_maker_side_and_foreign_messages() -> None:
    trade = _frame("user_trade2.json")
    maker_id = trade["maker_orders"][0]["order_id"]
    tracker = FillTracker(maker_id)
    tracker.on_order({"id": "0xsomeone-else", "status": "LIVE"})  # ignored
    tracker.on_trade({"id": "t", "taker_order_id": "0xother", "maker_orders": []})  # ignored
    tracker.on_order(
        {"id": maker_id, "status": "ORDER_STATUS_LIVE", "original_size": "10", "size_matched": "0"}
    )
    tracker.on_trade(trade)
    assert tracker.status == "LIVE" and not tracker.order_done
    assert tracker.fills[trade["id"]].size == D(5)  # the maker's matched_amount


def test_genuine_cancel_frame() -> None:
    """GENUINE V1 `order` CANCELLATION frame (2024-09-09)."""
    event = _frame("order_cancel.json")
    tracker = FillTracker(event["id"])
    tracker.on_order(event)
    assert tracker.status == "CANCELED" and tracker.reason == "" and tracker.order_done
