"""Is this token neg-risk? And a neg-risk order with polymarket-client.

Requires: pip install polymarket-client
"""

from __future__ import annotations

from polymarket import PublicClient, SecureClient, SignedOrder


# --8<-- [start:lookup]
def is_neg_risk(client: PublicClient | SecureClient, token_id: str) -> bool:
    """Every order book (GET /book) carries the market's neg_risk flag."""
    return client.get_order_book(token_id=token_id).neg_risk


def neg_risk_order(
    client: SecureClient, token_id: str, price: str, size: str, side: str
) -> SignedOrder:
    """Nothing extra to set: before signing, the SDK resolves the token's market
    (GET /markets-by-token/{id}, then GET /clob-markets/{condition_id}) and, when its `nr`
    flag is true, signs for the Neg Risk CTF Exchange instead of the CTF Exchange."""
    return client.create_limit_order(token_id=token_id, price=price, size=size, side=side)


# --8<-- [end:lookup]
