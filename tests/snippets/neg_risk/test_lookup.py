"""polymarket-client: the genuine V2 neg-risk book says neg_risk, and the SDK's own look-up
(markets-by-token, then clob-markets `nr`) signs for the Neg Risk CTF Exchange."""

from __future__ import annotations

import pytest
from polymarket import PublicClient

from snippets.market_versions import exchanges as ex
from snippets.market_versions.choose_id import order_message
from snippets.neg_risk.lookup import is_neg_risk, neg_risk_order

#: The neg-risk YES token of the genuine recorded V2 book (Thabris clob_books.json, 2026-08-22).
NR_TOKEN = "57748138085022719760345772310040703848567377822400132842014290209986511882046"


@pytest.mark.vcr
def test_book_flag_and_sdk_exchange(secure_client) -> None:
    with PublicClient() as public:
        assert is_neg_risk(public, NR_TOKEN) is True  # genuine /book, captured 2026-08-22

    with secure_client() as client:
        order = neg_risk_order(client, NR_TOKEN, "0.015", "10", "BUY")
        message = order_message(order)
        neg = ex.route_for("v1", neg_risk=True)
        assert neg.exchange == ex.NEG_RISK_EXCHANGE_V2
        assert ex.recover_order_signer(message, order.signature, neg) == client.signer
        plain = ex.route_for("v1", neg_risk=False)
        assert ex.recover_order_signer(message, order.signature, plain) != client.signer
    # tick 0.001: 10 shares at 0.015 cost 0.15 pUSD (6-decimal base units)
    assert (order.maker_amount, order.taker_amount) == (150_000, 10_000_000)
