"""The page's py-clob-client-v2 bot against the local CLOB, judged from the server's records."""

from __future__ import annotations

from .code.app import NEG_RISK_TOKEN, TOKEN, LocalClob
from .code.offline_bot_clob_v2 import quote_take_cancel
from .conftest import Trader


def test_quote_take_cancel(clob: LocalClob, trader: Trader) -> None:
    report = quote_take_cancel(trader.v2, TOKEN)
    assert report.canceled == [report.quote_id] and len(report.trade_ids) == 1
    assert not clob.open_orders()
    assert clob.balances(trader.address) == {"pusd": 97_400_000, "positions": {TOKEN: 5_000_000}}


def test_a_neg_risk_market_too(clob: LocalClob, trader: Trader) -> None:
    report = quote_take_cancel(trader.v2, NEG_RISK_TOKEN)
    assert report.canceled == [report.quote_id] and not clob.open_orders()
