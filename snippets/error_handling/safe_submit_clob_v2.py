"""Post a signed order exactly once with py-clob-client-v2, reconciling after a timeout.

Copy with: classify.py, errors_clob_v2.py, order_hash.py, retry.py

Keep `ClobClient(retry_on_error=False)` (the default) here: its built-in retry would re-post
once without looking the order up first. The order id is computed from the market's exchange:
pass the market's `neg_risk` flag (Exchange V3 is recognised from the position id). `client`
may be a `ClobClient` or the rate-limiting page's `PacedClobClient`; a client that waits out
429s itself says so with a true `holds_after_429` attribute and is not made to wait twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from py_clob_client_v2 import ClobClient, OrderType
from py_clob_client_v2.exceptions import PolyApiException
from py_clob_client_v2.order_utils.model.order_data_v2 import SignedOrderV2

from .errors_clob_v2 import decide
from .order_hash import POLYGON, exchange_for, order_id
from .retry import RetryPolicy, submit_once

log = logging.getLogger(__name__)


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
    """The exchange's record of order `oid`; None only when the exchange answers that it has
    none (404, or a 2xx that is not this order). Anything else (no response, 5xx, 429, 401)
    raises: it says nothing about the order."""
    try:
        found = client.get_order(oid)
    except PolyApiException as error:
        if error.status_code == 404:
            return None
        raise
    return found if isinstance(found, dict) and found.get("id") == oid else None


def place_exactly_once(
    client: ClobClient,
    signed: SignedOrderV2,
    order_type: str = OrderType.GTC,
    *,
    neg_risk: bool,
    chain_id: int = POLYGON,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Post `signed`; on an ambiguous failure look its id up before posting the same order."""
    exchange = exchange_for(signed.tokenId, neg_risk=neg_risk, chain_id=chain_id)
    oid = order_id(wire_order(signed), exchange, chain_id)
    reply = submit_once(
        post=lambda: client.post_order(signed, order_type),
        lookup=lambda: find_order(client, oid),
        decide=decide,
        policy=policy or RetryPolicy(),
        sleep=sleep,
        order_id=oid,
        paced=bool(getattr(client, "holds_after_429", False)),
    )
    returned = (reply.get("orderID") or reply.get("id")) if isinstance(reply, dict) else None
    if returned and returned != oid:
        log.error(
            "order id mismatch: computed %s, exchange returned %s",
            oid,
            returned,
            extra={"order_id": oid, "returned_id": returned, "exchange": exchange},
        )
    return reply
