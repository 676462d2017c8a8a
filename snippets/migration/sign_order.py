"""AFTER, step 2: sign the same limit order with polymarket-client, the recommended SDK.

Requires: pip install polymarket-client
"""

from __future__ import annotations

from polymarket import ApiKeyCreds, SecureClient
from polymarket.models.clob.orders import SignedOrder


# --8<-- [start:sign]
def sign_limit_order(
    private_key: str, wallet: str, credentials: ApiKeyCreds, token_id: str, price: str, size: str
) -> SignedOrder:
    """Build and sign (not post) a BUY order. Tick size and neg-risk come from the market."""
    client = SecureClient.create(private_key=private_key, wallet=wallet, credentials=credentials)
    try:
        return client.create_limit_order(token_id=token_id, price=price, size=size, side="BUY")
    finally:
        client.close()


# --8<-- [end:sign]
