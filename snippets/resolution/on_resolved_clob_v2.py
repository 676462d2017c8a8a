"""On `market_resolved`: stop quoting, cancel what rests, and say what redeeming will pay.

Copy with: payout.py
Requires: pip install py-clob-client-v2
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from py_clob_client_v2 import ClobClient, OrderMarketCancelParams

from .payout import ResolutionReport, from_market_resolved, resolution_report


# --8<-- [start:handler]
@dataclass
class ResolutionGuard:
    client: ClobClient
    quoting: set[str]  # condition ids this bot is quoting
    balances: dict[str, Decimal] = field(default_factory=dict)  # asset id -> shares held

    def on_market_resolved(self, message: Mapping[str, Any]) -> ResolutionReport:
        market = from_market_resolved(message)  # the raw market-channel frame
        self.quoting.discard(market.condition_id)  # 1. the quoting loop must skip it now
        # 2. cancel everything still resting in this market (1 + n cancel-bucket tokens)
        result = self.client.cancel_market_orders(
            OrderMarketCancelParams(market=market.condition_id)
        )
        # 3. what redeeming will pay
        return resolution_report(
            market, result.get("canceled") or (), result.get("not_canceled") or {}, self.balances
        )


# --8<-- [end:handler]
