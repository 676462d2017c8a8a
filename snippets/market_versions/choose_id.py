"""Pick the id and exchange for an outcome with polymarket-client, then sign and self-check.

Copy with: exchanges.py
Requires: pip install polymarket-client
"""

from __future__ import annotations

from polymarket import PublicClient, SecureClient, SignedOrder
from polymarket.models.gamma.market import Market

from .exchanges import (
    MarketVersionError,
    OrderRoute,
    looks_like_position_id,
    recover_order_signer,
    route_for,
)


# --8<-- [start:choose]
def outcome_asset_id(market: Market, outcome: str) -> tuple[str, OrderRoute]:
    """The id an order for `outcome` ("yes"/"no") must carry, and the route it signs for."""
    if market.version is None:
        raise MarketVersionError(f"market {market.id} has no version: refetch it from Gamma")
    version = market.version.value  # "v1" (CTF) or "v2" (Protocol V2)
    side = market.outcomes.yes if outcome.lower() == "yes" else market.outcomes.no
    asset_id = side.position_id if version == "v2" else side.token_id
    if asset_id is None or looks_like_position_id(str(asset_id)) != (version == "v2"):
        raise MarketVersionError(f"market {market.id} ({version}) has no usable {outcome} id")
    return str(asset_id), route_for(version, bool(market.state.neg_risk))


def fetch_outcome(client: PublicClient, market_id: str, outcome: str) -> tuple[str, OrderRoute]:
    """Read the market from Gamma and choose its trading id by `version`."""
    return outcome_asset_id(client.get_market(id=market_id), outcome)


# --8<-- [end:choose]


# --8<-- [start:sign]
def order_message(order: SignedOrder) -> dict[str, object]:
    """The EIP-712 message fields of a signed order, as the exchange hashes them."""
    return {
        "salt": order.salt,
        "maker": order.maker,
        "signer": order.signer,
        "tokenId": int(order.token_id),
        "makerAmount": order.maker_amount,
        "takerAmount": order.taker_amount,
        "side": 0 if order.side == "BUY" else 1,
        "signatureType": order.signature_type,
        "timestamp": order.timestamp,
        "metadata": order.metadata,
        "builder": order.builder,
    }


def sign_checked(
    client: SecureClient, market: Market, outcome: str, price: str, size: str, side: str
) -> SignedOrder:
    """Build and sign a limit order, then prove it was signed for the market's exchange."""
    asset_id, route = outcome_asset_id(market, outcome)
    order = client.create_limit_order(asset_id=asset_id, price=price, size=size, side=side)
    if order.signature_type != 0:  # deposit-wallet (1271) signatures wrap the EIP-712 one
        return order
    if recover_order_signer(order_message(order), order.signature, route) != client.signer:
        raise MarketVersionError(
            f"order was not signed for {route.exchange} (v{route.domain_version})"
        )
    return order


# --8<-- [end:sign]
