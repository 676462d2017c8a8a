"""Following orders to the end with py-clob-client-v2: genuine V1 order records (2026-01-20),
docs-derived trade progressions."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from ..conftest import clob_v2_client
from .code.partial_fills_clob_v2 import follow

PARTIAL = "0x8b416d01048aea99086ea6c1e4510cad2d0bb881a0def312b9b81b7ac732ad8e"
FULL = "0x300b6f4a853408b38846aee01695d25ff0da109a1072fea577f067fbb67bb80f"


@pytest.mark.vcr
def test_fak_partial_fill_settles() -> None:
    tracker = follow(clob_v2_client(), PARTIAL, sleep=lambda s: None)
    assert tracker.final and tracker.status == "MATCHED"
    assert (tracker.size_matched, tracker.unfilled, tracker.settled) == (D(5), D(5), D(5))


@pytest.mark.vcr
def test_matched_but_failed_to_settle() -> None:
    tracker = follow(clob_v2_client(), FULL, sleep=lambda s: None)
    assert tracker.final and (tracker.settled, tracker.failed) == (D(0), D(5))


def test_gives_up_after_max_polls() -> None:
    class Stub:
        def get_order(self, order_id: str) -> None:
            return None  # py-clob-client#217: get_order can return nothing for a filled order

    tracker = follow(Stub(), "0x01", max_polls=2, sleep=lambda s: None)  # type: ignore[arg-type]
    assert not tracker.final and tracker.status == "UNKNOWN"


def test_final_trades_are_not_fetched_again() -> None:
    from .code.partial_fills_clob_v2 import poll_once
    from .code.tracker import Fill, FillTracker

    tracker = FillTracker("0x01")
    tracker.fills["t1"] = Fill("t1", D(5), "FAILED")

    class Client:
        def get_order(self, order_id: str) -> dict:
            return {
                "id": order_id,
                "status": "MATCHED",
                "original_size": "5",
                "size_matched": "5",
                "associate_trades": ["t1"],
            }

        def get_trades(self, *args: object, **kwargs: object) -> list:
            raise AssertionError("a final trade must not be fetched again")

    assert poll_once(Client(), tracker).failed == D(5)  # type: ignore[arg-type]
