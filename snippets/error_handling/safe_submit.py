"""Post a signed order exactly once with polymarket-client, reconciling after a timeout.

Copy with: classify.py, errors.py, order_hash.py, retry.py
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from polymarket import RequestRejectedError, SecureClient, UnexpectedResponseError
from polymarket.models.clob.orders import SignedOrder

from .errors import decide
from .order_hash import EXCHANGE_V2, order_id
from .retry import RetryPolicy, submit_once


def wire_order(signed: SignedOrder) -> dict[str, Any]:
    """The fields of a signed order as they are hashed (names of the POST /order body)."""
    return {
        "salt": signed.salt,
        "maker": signed.maker,
        "signer": signed.signer,
        "tokenId": signed.token_id,
        "makerAmount": signed.maker_amount,
        "takerAmount": signed.taker_amount,
        "side": signed.side,
        "signatureType": signed.signature_type,
        "timestamp": signed.timestamp,
        "metadata": signed.metadata,
        "builder": signed.builder,
    }


def find_order(client: SecureClient, oid: str) -> Any | None:
    """The exchange's record of order `oid`, or None when it does not return one."""
    try:
        return client.get_order(order_id=oid)
    except (RequestRejectedError, UnexpectedResponseError):
        return None


def place_exactly_once(
    client: SecureClient,
    signed: SignedOrder,
    exchange: str = EXCHANGE_V2,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Post `signed`; on an ambiguous failure look its id up before posting the same order."""
    oid = order_id(wire_order(signed), exchange)
    return submit_once(
        post=lambda: client.post_order(signed),
        lookup=lambda: find_order(client, oid),
        decide=decide,
        policy=policy or RetryPolicy(),
        sleep=sleep,
    )
