"""Post a signed order exactly once with polymarket-client, reconciling after a timeout.

Copy with: classify.py, errors.py, order_hash.py, retry.py

The order id is computed before posting from the market's exchange: pass the market's
`neg_risk` flag (Exchange V3 is recognised from the position id). `client` may be a
`SecureClient` or anything with its `post_order` and `get_order`, such as the rate-limiting
page's `PacedSecureClient`; a client that waits out 429s itself says so with a true
`holds_after_429` attribute and is not made to wait twice.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from polymarket import RequestRejectedError, SecureClient, UnexpectedResponseError
from polymarket.models.clob.orders import SignedOrder

from .errors import decide
from .order_hash import POLYGON, exchange_for, order_id
from .retry import RetryPolicy, submit_once

log = logging.getLogger(__name__)


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
    """The exchange's record of order `oid`; None only when the exchange answers that it has
    none (404, or a 2xx that is not an order). Anything else (no response, 5xx, 429, 401)
    raises: it says nothing about the order."""
    try:
        return client.get_order(order_id=oid)
    except RequestRejectedError as error:
        if error.status == 404:
            return None
        raise
    except UnexpectedResponseError:
        return None


def place_exactly_once(
    client: SecureClient,
    signed: SignedOrder,
    *,
    neg_risk: bool,
    chain_id: int = POLYGON,
    policy: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Any:
    """Post `signed`; on an ambiguous failure look its id up before posting the same order."""
    exchange = exchange_for(signed.token_id, neg_risk=neg_risk, chain_id=chain_id)
    oid = order_id(wire_order(signed), exchange, chain_id)
    reply = submit_once(
        post=lambda: client.post_order(signed),
        lookup=lambda: find_order(client, oid),
        decide=decide,
        policy=policy or RetryPolicy(),
        sleep=sleep,
        order_id=oid,
        paced=bool(getattr(client, "holds_after_429", False)),
    )
    returned = getattr(reply, "order_id", None) or getattr(reply, "id", None)
    if returned and returned != oid:
        log.error(
            "order id mismatch: computed %s, exchange returned %s",
            oid,
            returned,
            extra={"order_id": oid, "returned_id": returned, "exchange": exchange},
        )
    return reply
