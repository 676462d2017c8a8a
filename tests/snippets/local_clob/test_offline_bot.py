"""The page's polymarket-client bot against the local CLOB, judged from the server's records."""

from __future__ import annotations

from .code.app import TOKEN, LocalClob
from .code.offline_bot import quote_take_cancel
from .conftest import Trader


def test_quote_take_cancel(clob: LocalClob, trader: Trader) -> None:
    report = quote_take_cancel(trader.polymarket(), TOKEN)
    assert report.canceled == [report.quote_id] and len(report.trade_ids) == 1
    assert not clob.open_orders()
    assert clob.balances(trader.address)["positions"] == {TOKEN: 5_000_000}  # 5 shares bought
    assert [r.order_type for r in clob.records.orders.values()] == ["GTC", "GTC"]
