"""Post a signed order exactly once with py-clob-client-v2, reconciling after a timeout.

Copy with: classify.py, errors_clob_v2.py, order_hash.py, retry.py

Keep `ClobClient(retry_on_error=False)` (the default) here: its built-in retry would re-post
once without looking the order up first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from py_clob_client_v2 import ClobClient, OrderType
from py_clob_client_v2.exceptions import PolyApiException
from py_clob_client_v2.order_utils.model.order_data_v2 import SignedOrderV2

from .errors_clob_v2 import decide
from .order_hash import EXCHANGE_V2, order_id
from .retry import RetryPolicy, submit_once


def wire_order(signed: SignedOrderV2) -> dict[str, Any]:
    """The fields of a signed order as they are hashed (names of the POST /order body)."""
    return {
        "salt": signed.salt,
        "maker": signed.maker,
        "signer": signed.signer,
        "tokenId": signed.tokenId,
        "makerAmount": signed.makerAmount,
        "takerAmount": signed.takerAmount,
        "side": int(signed.side),
        "signatureType": int(signed.signatureType),
        "timestamp": signed.timestamp,
        "metadata": signed.metadata,
        "builder": signed.builder,
    }


def find_order(client: ClobClient, oid: str) -> dict[str, Any] | None:
    """The exchange's record of order `oid`, or None when it does not return one."""
    try:
        found = client.get_order(oid)
    except PolyApiException:
        return None
    return found if isinstance(found, dict) and found.get("id") == oid else None


def place_exactly_once(
    client: ClobClient,
    signed: SignedOrderV2,
    order_type: str = OrderType.GTC,
    exchange: str = EXCHANGE_V2,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Post `signed`; on an ambiguous failure look its id up before posting the same order."""
    oid = order_id(wire_order(signed), exchange)
    return submit_once(
        post=lambda: client.post_order(signed, order_type),
        lookup=lambda: find_order(client, oid),
        decide=decide,
        policy=policy or RetryPolicy(),
        sleep=sleep,
    )
