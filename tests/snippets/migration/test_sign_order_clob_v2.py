"""py-clob-client-v2 signs a CLOB V2 order offline (market look-ups replayed)."""

from __future__ import annotations

import time

import pytest
from eth_account.signers.local import LocalAccount

from .code.sign_order_clob_v2 import sign_limit_order
from .conftest import TOKEN
from .eip712 import EXCHANGE, recover, v2_message

ZERO32 = "0x" + "0" * 64


@pytest.mark.vcr
def test_v2_signs_with_domain_version_2(account: LocalAccount, key: str) -> None:
    before = time.time_ns() // 1_000_000
    order = sign_limit_order(key, TOKEN, price=0.55, size=10)
    assert order.maker == order.signer == account.address
    assert order.tokenId == TOKEN
    assert (order.makerAmount, order.takerAmount) == ("5500000", "10000000")
    assert int(order.signatureType) == 0  # EOA
    assert order.metadata == order.builder == ZERO32
    assert before <= int(order.timestamp) <= time.time_ns() // 1_000_000  # milliseconds
    assert order.expiration == "0"  # sent in the body but not signed
    message = v2_message(**vars(order))
    assert recover(message, order.signature, "2", EXCHANGE["2"]) == account.address
    assert recover(message, order.signature, "3", EXCHANGE["3"]) != account.address
