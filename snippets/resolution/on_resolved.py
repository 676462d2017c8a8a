"""On `market_resolved`: stop quoting, cancel what rests, and say what redeeming will pay.

Copy with: payout.py
Requires: pip install polymarket-client
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from polymarket import SecureClient
from polymarket.streams import MarketResolvedPayload

from .payout import ResolutionReport, ResolvedMarket, resolution_report


# --8<-- [start:handler]
@dataclass
class ResolutionGuard:
    client: SecureClient
    quoting: set[str]  # condition ids this bot is quoting
    balances: dict[str, Decimal] = field(default_factory=dict)  # asset id -> shares held

    def on_market_resolved(self, event: MarketResolvedPayload) -> ResolutionReport:
        market = ResolvedMarket(
            condition_id=event.condition_id,
            asset_ids=tuple(event.asset_ids or ()),
            winning_asset_id=event.winning_asset_id,
        )
        self.quoting.discard(market.condition_id)  # 1. the quoting loop must skip it now
        # 2. cancel everything still resting in this market (1 + n cancel-bucket tokens)
        result = self.client.cancel_market_orders(market=market.condition_id)
        # 3. what redeeming will pay
        return resolution_report(market, result.canceled, result.not_canceled, self.balances)


# --8<-- [end:handler]
