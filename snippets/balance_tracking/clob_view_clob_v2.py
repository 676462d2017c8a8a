"""The CLOB's view of a balance (GET /balance-allowance) through py-clob-client-v2, and the
refresh (GET /balance-allowance/update) that fixes a cached balance behind the chain.

py-clob-client-v2 1.2.1's AssetType has COLLATERAL and CONDITIONAL only; it sends
str(asset_type), so the string "CONDITIONAL-V2" works for Protocol V2 positions.

Copy with: diagnosis.py
"""

from __future__ import annotations

from typing import Any

from py_clob_client_v2 import BalanceAllowanceParams, ClobClient

from .diagnosis import ClobView, units


def _view(asset_type: str, token_id: str | None, body: dict[str, Any]) -> ClobView:
    allowances = {k: units(v) for k, v in (body.get("allowances") or {}).items()}
    return ClobView(asset_type, token_id, units(body["balance"]), allowances)


# --8<-- [start:view]
def clob_view(
    client: ClobClient, asset_type: str = "COLLATERAL", token_id: str | None = None
) -> ClobView:
    """Balance and allowances as the CLOB has them cached, in whole units."""
    params = BalanceAllowanceParams(asset_type=asset_type, token_id=token_id)
    return _view(asset_type, token_id, client.get_balance_allowance(params))


def refresh_clob_view(
    client: ClobClient, asset_type: str = "COLLATERAL", token_id: str | None = None
) -> ClobView:
    """Ask the CLOB to re-read the chain, then read its view again (fix for CLOB_BEHIND)."""
    client.update_balance_allowance(BalanceAllowanceParams(asset_type, token_id))
    return clob_view(client, asset_type, token_id)


# --8<-- [end:view]
