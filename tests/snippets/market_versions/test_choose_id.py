"""polymarket-client chooses the id by version, signs, and the signature proves the domain."""

from __future__ import annotations

import dataclasses
import json

import pytest
from polymarket import PublicClient
from polymarket.models.gamma.market import Market

from snippets.market_versions import exchanges as ex
from snippets.market_versions.choose_id import (
    fetch_outcome,
    order_message,
    outcome_asset_id,
    sign_checked,
)
from tests.snippets.market_versions.test_exchanges import CTF_YES
from tests.snippets.market_versions.v2_market import V2_GAMMA_MARKET, V2_MARKET_ID, V2_NO, V2_YES

RECORDED_V1 = {  # the genuine capture's ids (market 1812085, see the cassette provenance)
    "id": "1812085",
    "outcomes": '["Yes", "No"]',
    "clobTokenIds": json.dumps(
        [CTF_YES, "108268928354766371660560153450121076545199284531791348447523752861907448942629"]
    ),
    "negRisk": False,
    "conditionId": "0xd57eed0d44f5b8ca54925d8d6ff440b146b3e6e071da18136ee3ee572d34479e",
}


@pytest.mark.vcr
def test_v2_market_signs_for_exchange_v3(secure_client) -> None:
    with PublicClient() as public:
        asset_id, route = fetch_outcome(public, V2_MARKET_ID, "yes")
    assert (asset_id, route) == (V2_YES, ex.route_for("v2", False))

    market = Market.model_validate(V2_GAMMA_MARKET)
    with secure_client() as client:
        order = sign_checked(client, market, "yes", "0.50", "10", "BUY")
        # the signature recovers to our signer only under Exchange V3 / domain "3"
        message = order_message(order)
        assert ex.recover_order_signer(message, order.signature, route) == client.signer
        v1 = ex.route_for("v1", False)
        assert ex.recover_order_signer(message, order.signature, v1) != client.signer
    assert order.token_id == V2_YES
    assert (order.maker_amount, order.taker_amount) == (5_000_000, 10_000_000)


@pytest.mark.vcr
def test_v1_market_signs_for_exchange_v2(secure_client) -> None:
    # live Gamma sends version "v1" for CTF markets; this capture predates the field
    market = Market.model_validate(RECORDED_V1 | {"version": "v1"})
    assert outcome_asset_id(market, "yes") == (CTF_YES, ex.route_for("v1", False))
    with secure_client() as client:
        order = sign_checked(client, market, "yes", "0.51", "5", "BUY")
        message = order_message(order)
        assert ex.recover_order_signer(message, order.signature, ex.route_for("v1", False)) == (
            client.signer
        )
    assert order.token_id == CTF_YES


def test_pre_protocol_v2_capture_without_version_is_refused() -> None:
    with pytest.raises(ex.MarketVersionError, match="has no version: refetch it"):
        outcome_asset_id(Market.model_validate(RECORDED_V1), "yes")


def test_v2_market_without_position_ids_is_refused() -> None:
    market = Market.model_validate(RECORDED_V1 | {"version": "v2"})  # token ids only
    with pytest.raises(ex.MarketVersionError, match=r"\(v2\) has no usable no id"):
        outcome_asset_id(market, "no")


class _StubClient:
    """Returns a prepared order: lets the tests reach both outcomes of the self-check."""

    signer = "0x0000000000000000000000000000000000000001"

    def __init__(self, order) -> None:
        self.order = order

    def create_limit_order(self, **_: object):
        return self.order


def _signed(**changes):
    from polymarket import SignedOrder

    base = dict(
        builder="0x" + "00" * 32,
        expiration=0,
        maker=_StubClient.signer,
        maker_amount=1,
        metadata="0x" + "00" * 32,
        order_type="GTC",
        salt=1,
        side="SELL",
        signature="0x" + "11" * 65,
        signature_type=0,
        signer=_StubClient.signer,
        taker_amount=1,
        timestamp=1,
        token_id=V2_NO,
    )
    return SignedOrder(**(base | changes))


def test_order_signed_for_another_domain_is_refused() -> None:
    from eth_account import Account

    order = _signed(signature=Account.create().unsafe_sign_hash(b"\x01" * 32).signature.to_0x_hex())
    market = Market.model_validate(V2_GAMMA_MARKET)
    with pytest.raises(ex.MarketVersionError, match="was not signed for 0xe3333700"):
        sign_checked(_StubClient(order), market, "no", "0.5", "5", "SELL")  # type: ignore[arg-type]


def test_deposit_wallet_orders_skip_the_eoa_check() -> None:
    order = _signed(signature_type=3)
    market = Market.model_validate(V2_GAMMA_MARKET)
    assert sign_checked(_StubClient(order), market, "no", "0.5", "5", "SELL") is order  # type: ignore[arg-type]
    assert dataclasses.is_dataclass(order)
