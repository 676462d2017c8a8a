"""The same gap-recovery case with py-clob-client-v2's `ClobClient` against served HTTP."""

from __future__ import annotations

from ..conftest import clob_v2_client
from .account_server import AccountServer
from .code.user_recovery_clob_v2 import ClobLookups
from .conftest import FaultServer
from .test_user_recovery import LAST_FRAME_S, OID, TRADE, account, recovers_the_gap

__all__ = ["account"]  # the fixture, shared


async def test_orders_and_trades_missed_in_a_gap_are_recovered_by_rest(
    fault_server: FaultServer, account: AccountServer
) -> None:
    lookups = ClobLookups(clob_v2_client(host=account.url))
    requests = await recovers_the_gap(fault_server, account, lookups)
    cursor = {"next_cursor": ["MA=="]}  # py-clob-client-v2 pages from the first cursor
    assert requests == [
        ("/data/orders", {"market": [TRADE["market"]]} | cursor),
        (f"/data/order/{OID}", {}),
        ("/data/trades", {"market": [TRADE["market"]], "after": [str(LAST_FRAME_S - 1)]} | cursor),
    ]
