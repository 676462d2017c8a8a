"""The CLOB's view of a balance (GET /balance-allowance) through polymarket-client.

Asset types: COLLATERAL (pUSD), CONDITIONAL (a CTF token id), CONDITIONAL-V2 (a Protocol V2
position id). polymarket-client 0.14.0 has no public call for GET /balance-allowance/update: it
refreshes by itself after it approves an allowance when placing an order.

Copy with: diagnosis.py
"""

from __future__ import annotations

from polymarket import AsyncSecureClient, SecureClient
from polymarket.models.clob import AssetType, BalanceAllowance

from .diagnosis import ClobView, units


def _view(asset_type: AssetType, asset_id: str | None, raw: BalanceAllowance) -> ClobView:
    allowances = {spender: units(value) for spender, value in raw.allowances.items()}
    return ClobView(asset_type, asset_id, units(raw.balance), allowances)


# --8<-- [start:view]
def clob_view(
    client: SecureClient, asset_type: AssetType = "COLLATERAL", asset_id: str | None = None
) -> ClobView:
    """Balance and allowances as the CLOB has them cached, in whole units."""
    raw = client.get_balance_allowance(asset_type=asset_type, asset_id=asset_id)
    return _view(asset_type, asset_id, raw)


async def clob_view_async(
    client: AsyncSecureClient, asset_type: AssetType = "COLLATERAL", asset_id: str | None = None
) -> ClobView:
    raw = await client.get_balance_allowance(asset_type=asset_type, asset_id=asset_id)
    return _view(asset_type, asset_id, raw)


# --8<-- [end:view]
