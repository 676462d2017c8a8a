"""Order ids and signers as the SDKs produce them; the L1 ClobAuth signer."""

from __future__ import annotations

import pytest
from eth_account import Account
from polymarket._internal.l1_auth import sign_api_key_auth

from .code.app import TOKEN
from .code.signing import (
    EXCHANGE_V2,
    EXCHANGE_V3,
    NEG_RISK_EXCHANGE_V2,
    clob_auth_signer,
    exchange_for,
    order_hash,
    recover,
)
from .conftest import Trader


def test_exchange_per_market_kind() -> None:
    assert exchange_for(market_version="v1", neg_risk=False) == (EXCHANGE_V2, "2")
    assert exchange_for(market_version="v1", neg_risk=True) == (NEG_RISK_EXCHANGE_V2, "2")
    assert exchange_for(market_version="v2", neg_risk=True) == (EXCHANGE_V3, "3")


def test_order_id_is_the_sdks_hash_and_recovers_the_signer(trader: Trader) -> None:
    from py_clob_client_v2.order_utils.exchange_order_builder_v2 import ExchangeOrderBuilderV2
    from py_clob_client_v2.order_utils.model.order_data_v2 import OrderV2

    signed = trader.order(TOKEN, 0.3, 5)
    body = trader.body(signed)["order"]
    fields = {k: getattr(signed, k) for k in OrderV2.__dataclass_fields__}
    builder = ExchangeOrderBuilderV2(EXCHANGE_V2, 137, None)
    sdk_id = builder.build_order_hash(builder.build_order_typed_data(OrderV2(**fields)))
    assert order_hash(body, EXCHANGE_V2, "2") == sdk_id
    assert recover(sdk_id, body["signature"]) == trader.address
    assert recover(sdk_id, "0xdead") is None
    with pytest.raises(ValueError, match="32 bytes"):
        order_hash(dict(body, metadata="0x12"), EXCHANGE_V2, "2")
    with pytest.raises(ValueError, match="cannot hash"):
        order_hash(dict(body, maker="0xnot-an-address"), EXCHANGE_V2, "2")


def test_clob_auth_signer() -> None:
    account = Account.create()
    sig = sign_api_key_auth(account, chain_id=137, timestamp=1_795_824_000, nonce=3)
    assert clob_auth_signer(account.address, "1795824000", 3, sig.signature) == account.address
    assert clob_auth_signer(account.address, "1795824001", 3, sig.signature) != account.address
    assert clob_auth_signer("not an address", "1", 0, sig.signature) is None
