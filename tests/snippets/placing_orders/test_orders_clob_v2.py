"""Placing and cancelling with py-clob-client-v2: real signing, the CLOB replayed."""

from __future__ import annotations

import pytest
from eth_account import Account
from py_clob_client_v2 import OrderArgs, PartialCreateOrderOptions
from py_clob_client_v2.exceptions import PolyApiException

from snippets.placing_orders import orders_clob_v2 as V
from snippets.placing_orders.batches import BatchInterrupted
from tests.snippets.placing_orders.support import (
    ADDRESS,
    CONDITION,
    NOW_S,
    TOKEN,
    clob_v2_client,
)

ORDER_ID = "0x" + "5e" * 32
MARKET = V.Market(tick_size="0.01", neg_risk=False)
pytestmark = pytest.mark.usefixtures("frozen_orders")


def test_market_options_carry_tick_and_exchange() -> None:
    options = MARKET.options()
    assert (options.tick_size, options.neg_risk) == ("0.01", False)
    assert V.gtd_expiration(90, now=1000.2) == 1150


@pytest.mark.vcr
def test_gtc_and_gtd() -> None:
    client = clob_v2_client()
    gtc = V.place_gtc(client, MARKET, TOKEN, 0.50, 10, "BUY")
    gtd = V.place_gtd(client, MARKET, TOKEN, 0.50, 10, "BUY", 3600, now=NOW_S)
    assert gtc["success"] and gtc["status"] == "live" and gtc["orderID"] == ORDER_ID
    assert gtd["status"] == "live"


def test_signature_recovers_to_the_throwaway_key() -> None:
    client = clob_v2_client()
    options = PartialCreateOrderOptions(tick_size="0.01", neg_risk=False, version=2)
    client._ClobClient__tick_sizes[TOKEN] = "0.01"  # skip GET /tick-size: no network here
    signed = client.create_order(OrderArgs(token_id=TOKEN, price=0.5, size=10, side="BUY"), options)
    assert (signed.makerAmount, signed.takerAmount) == ("5000000", "10000000")
    from eth_account.messages import encode_typed_data
    from py_clob_client_v2.order_utils.exchange_order_builder_v2 import ExchangeOrderBuilderV2

    builder = ExchangeOrderBuilderV2("0xE111180000d2663C0091e4f400237545B87B996B", 137, None)
    typed = builder.build_order_typed_data(signed)
    recovered = Account.recover_message(
        encode_typed_data(full_message=typed), signature=signed.signature
    )
    assert recovered == ADDRESS


@pytest.mark.vcr
def test_post_only() -> None:
    client = clob_v2_client()
    reply = V.place_post_only(client, MARKET, TOKEN, 0.51, 10, "BUY")
    assert reply["status"] == "live"
    with pytest.raises(ValueError, match="post_only is not supported for FOK/FAK"):
        client.post_order(object(), "FOK", post_only=True)


@pytest.mark.vcr
def test_market_orders() -> None:
    client = clob_v2_client()
    buy = V.buy_for_pusd(client, MARKET, TOKEN, 5, 0.53)
    sell = V.sell_shares(client, MARKET, TOKEN, 10, 0.50)
    # the SDK polled GET /data/trades for the tradeIDs and filled in the settlement hash
    assert buy["tradeIDs"] == ["5b0c3a8e-0000-4000-8000-00000000f111"]
    assert buy["transactionsHashes"] == ["0x" + "7a" * 32]
    assert (buy["makingAmount"], buy["takingAmount"]) == ("5", "9.4339")
    assert sell["status"] == "matched" and sell["takingAmount"] == "5.1"


@pytest.mark.vcr
def test_batch() -> None:
    client = clob_v2_client()
    quotes = [V.Quote(TOKEN, p, 5, "BUY") for p in (0.47, 0.48, 0.49)]
    results = V.place_batch(client, MARKET, quotes)
    assert [r["success"] for r in results] == [True, True, False]
    assert results[2]["errorMsg"] == "not enough balance / allowance"


@pytest.mark.vcr
def test_batch_keeps_what_was_accepted() -> None:
    """16 quotes go out as 15 + 1; the second POST /orders fails with a 500. The 15 accepted
    replies are kept, and the one order not known to be placed is handed back, signed."""
    quotes = [V.Quote(TOKEN, (30 + i) / 100, 5, "BUY") for i in range(16)]
    with pytest.raises(BatchInterrupted) as stopped:
        V.place_batch(clob_v2_client(), MARKET, quotes)
    done, pending = stopped.value.done, stopped.value.pending
    assert [r["orderID"] for r in done] == [f"0x{0xC0 + i:064x}" for i in range(15)]
    assert len(pending) == 1 and pending[0].order.makerAmount == "2250000"  # 5 at 0.45
    assert isinstance(stopped.value.__cause__, PolyApiException)
    assert stopped.value.__cause__.status_code == 500


def test_batch_is_split_at_fifteen() -> None:
    class Stub:
        def __init__(self) -> None:
            self.sizes: list[int] = []

        def create_order(self, args: object, options: object) -> object:
            return args

        def post_orders(self, chunk: list) -> list:
            self.sizes.append(len(chunk))
            return chunk

    stub = Stub()
    out = V.place_batch(stub, MARKET, [V.Quote(TOKEN, 0.5, 5, "BUY")] * 16)  # type: ignore[arg-type]
    assert stub.sizes == [15, 1] and len(out) == 16


@pytest.mark.vcr
def test_cancels() -> None:
    a, b = "0x" + "a1" * 32, "0x" + "a2" * 32
    client = clob_v2_client()
    assert V.cancel_one(client, ORDER_ID)["canceled"] == [ORDER_ID]
    many = V.cancel_many(client, [a, b])
    assert many == {"not_canceled": {b: "order can't be found"}, "canceled": [a]}
    assert V.cancel_market(client, CONDITION)["canceled"] == [a, b]
    assert len(V.cancel_everything(client)["canceled"]) == 3
