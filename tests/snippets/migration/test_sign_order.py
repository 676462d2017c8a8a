"""polymarket-client signs the same V2 order offline (credentials check and market replayed)."""

from __future__ import annotations

import pytest
from eth_account.signers.local import LocalAccount
from polymarket import ApiKeyCreds

from .code.sign_order import sign_limit_order
from .code.sign_order_clob_v2 import sign_limit_order as sign_limit_order_v2
from .conftest import TOKEN
from .eip712 import EXCHANGE, recover, v2_message

#: Throwaway credentials: the replayed GET /auth/api-keys lists this all-zero key id.
CREDS = ApiKeyCreds(
    apiKey="00000000-0000-0000-0000-000000000000",
    secret="dGhyb3dhd2F5LXRlc3Qtc2VjcmV0LW5vdC1yZWFsLTEyMzQ=",
    passphrase="throwaway",
)


def _message(order) -> dict:
    return v2_message(
        salt=order.salt,
        maker=order.maker,
        signer=order.signer,
        tokenId=order.token_id,
        makerAmount=order.maker_amount,
        takerAmount=order.taker_amount,
        side=order.side,
        signatureType=order.signature_type,
        timestamp=order.timestamp,
        metadata=order.metadata,
        builder=order.builder,
    )


@pytest.mark.vcr
def test_unified_signs_with_domain_version_2(account: LocalAccount, key: str) -> None:
    order = sign_limit_order(key, account.address, CREDS, TOKEN, price="0.55", size="10")
    assert order.maker == order.signer == account.address
    assert (order.maker_amount, order.taker_amount) == (5_500_000, 10_000_000)
    assert (order.side, order.order_type, order.signature_type) == ("BUY", "GTC", 0)
    assert recover(_message(order), order.signature, "2", EXCHANGE["2"]) == account.address


@pytest.mark.vcr
def test_unified_and_v2_sign_the_same_struct(account: LocalAccount, key: str) -> None:
    unified = sign_limit_order(key, account.address, CREDS, TOKEN, price="0.55", size="10")
    v2 = sign_limit_order_v2(key, TOKEN, price=0.55, size=10)
    # Same struct, amounts and signer; only the random salt and the clock differ.
    assert (str(unified.maker_amount), str(unified.taker_amount)) == (
        v2.makerAmount,
        v2.takerAmount,
    )
    assert (unified.metadata, unified.builder) == (v2.metadata, v2.builder)
    assert recover(_message(unified), unified.signature, "2", EXCHANGE["2"]) == account.address
