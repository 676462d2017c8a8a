"""py-clob-client-v2: token_id= vs position_id=, signed and checked against the domain."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from snippets.market_versions import exchanges as ex
from snippets.market_versions.choose_id_clob_v2 import (
    fetch_gamma_market,
    order_args_for,
    order_message,
    sign_checked,
)
from tests.snippets.market_versions.test_choose_id import RECORDED_V1
from tests.snippets.market_versions.test_exchanges import CTF_YES
from tests.snippets.market_versions.v2_market import V2_MARKET_ID, V2_YES


@pytest.mark.vcr
def test_v2_market_signs_for_exchange_v3(clob_client) -> None:
    market = fetch_gamma_market(V2_MARKET_ID)
    args, _options, route = order_args_for(market, "yes", 0.5, 10, "BUY")
    assert (args.position_id, args.token_id) == (V2_YES, None)
    assert route == ex.route_for("v2", False)

    order = sign_checked(clob_client, market | {"negRisk": True}, "yes", 0.5, 10, "BUY")
    # neg_risk=True was passed and ignored: position_id signs for Exchange V3, domain "3"
    message = order_message(order)
    signer = clob_client.get_address()
    assert ex.recover_order_signer(message, order.signature, ex.route_for("v2", True)) == signer
    assert ex.recover_order_signer(message, order.signature, ex.route_for("v1", True)) != signer
    assert (order.tokenId, order.makerAmount, order.takerAmount) == (V2_YES, "5000000", "10000000")


@pytest.mark.vcr
def test_v1_market_signs_for_exchange_v2(clob_client) -> None:
    market = RECORDED_V1 | {"version": "v1", "orderPriceMinTickSize": 0.01}
    args, options, route = order_args_for(market, "yes", 0.51, 5, "BUY")
    assert (args.token_id, args.position_id) == (CTF_YES, None)
    assert (options.tick_size, options.neg_risk) == ("0.01", False)

    order = sign_checked(clob_client, market, "yes", 0.51, 5, "BUY")
    signer = clob_client.get_address()
    assert ex.recover_order_signer(order_message(order), order.signature, route) == signer
    assert order.tokenId == CTF_YES


class _Stub:
    def __init__(self, order) -> None:
        self.order = order

    def create_order(self, *_: object):
        return self.order

    def get_address(self) -> str:
        return "0x0000000000000000000000000000000000000001"


def _order(signature_type: int, signature: str) -> SimpleNamespace:
    return SimpleNamespace(
        salt="1",
        maker="0x0000000000000000000000000000000000000001",
        signer="0x0000000000000000000000000000000000000001",
        tokenId=V2_YES,
        makerAmount="1",
        takerAmount="1",
        side=0,
        signatureType=signature_type,
        timestamp="1",
        metadata="0x" + "00" * 32,
        builder="0x" + "00" * 32,
        signature=signature,
    )


def test_wrong_domain_is_refused_and_1271_skips_the_check() -> None:
    from eth_account import Account

    from tests.snippets.market_versions.v2_market import V2_GAMMA_MARKET

    bad = _order(0, Account.create().unsafe_sign_hash(b"\x02" * 32).signature.to_0x_hex())
    with pytest.raises(ex.MarketVersionError, match="was not signed for 0xe3333700"):
        sign_checked(_Stub(bad), V2_GAMMA_MARKET, "yes", 0.5, 5, "BUY")  # type: ignore[arg-type]
    wrapped = _order(3, "0x")
    assert sign_checked(_Stub(wrapped), V2_GAMMA_MARKET, "yes", 0.5, 5, "BUY") is wrapped  # type: ignore[arg-type]
