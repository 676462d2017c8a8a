"""py-clob-client-v2: GET /neg-risk, then an order signed for the Neg Risk CTF Exchange."""

from __future__ import annotations

import pytest

from snippets.market_versions import exchanges as ex
from snippets.market_versions.choose_id_clob_v2 import order_message
from snippets.neg_risk.lookup_clob_v2 import is_neg_risk, neg_risk_order

#: The neg-risk YES token of the genuine recorded V2 book (Thabris clob_books.json, 2026-08-22).
NR_TOKEN = "57748138085022719760345772310040703848567377822400132842014290209986511882046"


@pytest.mark.vcr
def test_neg_risk_lookup_and_order(clob_client) -> None:
    order = neg_risk_order(clob_client, NR_TOKEN, 0.015, 10, "BUY")
    assert is_neg_risk(clob_client, NR_TOKEN) is True  # cached: no second request
    signer = clob_client.get_address()
    message = order_message(order)
    neg = ex.route_for("v1", neg_risk=True)
    assert ex.recover_order_signer(message, order.signature, neg) == signer
    assert ex.recover_order_signer(message, order.signature, ex.route_for("v1", False)) != signer
    assert (order.makerAmount, order.takerAmount) == ("150000", "10000000")
