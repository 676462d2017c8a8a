"""Pick the id and exchange for an outcome with py-clob-client-v2, then sign and self-check.

py-clob-client-v2 has no Gamma client, so the market is read with httpx.
Copy with: exchanges.py
Requires: pip install py-clob-client-v2 httpx
"""

from __future__ import annotations

from typing import Any

import httpx
from py_clob_client_v2 import ClobClient, OrderArgs, PartialCreateOrderOptions

from .exchanges import MarketVersionError, OrderRoute, recover_order_signer, trading_id

GAMMA = "https://gamma-api.polymarket.com"


# --8<-- [start:choose]
def fetch_gamma_market(market_id: str, http: httpx.Client | None = None) -> dict[str, Any]:
    """GET /markets/{id} from Gamma, as a plain dict."""
    client = http or httpx.Client(timeout=10)
    response = client.get(f"{GAMMA}/markets/{market_id}")
    response.raise_for_status()
    return response.json()


def order_args_for(
    market: dict[str, Any], outcome: str, price: float, size: float, side: str
) -> tuple[OrderArgs, PartialCreateOrderOptions, OrderRoute]:
    """OrderArgs with token_id= for CTF markets, position_id= for Protocol V2 markets."""
    asset_id, route = trading_id(market, outcome)
    if route.version == "v2":  # position_id selects Exchange V3 / domain "3"; neg_risk ignored
        args = OrderArgs(position_id=asset_id, price=price, size=size, side=side)
    else:
        args = OrderArgs(token_id=asset_id, price=price, size=size, side=side)
    options = PartialCreateOrderOptions(
        tick_size=str(market["orderPriceMinTickSize"]), neg_risk=bool(market.get("negRisk"))
    )
    return args, options, route


# --8<-- [end:choose]


# --8<-- [start:sign]
def order_message(order: Any) -> dict[str, object]:
    """The EIP-712 message fields of a py-clob-client-v2 SignedOrderV2."""
    return {
        "salt": int(order.salt),
        "maker": order.maker,
        "signer": order.signer,
        "tokenId": int(order.tokenId),
        "makerAmount": int(order.makerAmount),
        "takerAmount": int(order.takerAmount),
        "side": int(order.side),
        "signatureType": int(order.signatureType),
        "timestamp": int(order.timestamp),
        "metadata": order.metadata,
        "builder": order.builder,
    }


def sign_checked(
    client: ClobClient, market: dict[str, Any], outcome: str, price: float, size: float, side: str
) -> Any:
    """Build and sign a limit order, then prove it was signed for the market's exchange."""
    args, options, route = order_args_for(market, outcome, price, size, side)
    order = client.create_order(args, options)
    if int(order.signatureType) != 0:  # POLY_1271 signatures wrap the EIP-712 one
        return order
    if recover_order_signer(order_message(order), order.signature, route) != client.get_address():
        raise MarketVersionError(
            f"order was not signed for {route.exchange} (v{route.domain_version})"
        )
    return order


# --8<-- [end:sign]
