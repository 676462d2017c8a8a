"""Placing and cancelling with polymarket-client: real signing, the CLOB replayed."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from eth_account import Account
from polymarket import RequestRejectedError, UserInputError

from snippets.placing_orders import orders as P
from snippets.placing_orders.batches import MAX_BATCH, BatchInterrupted
from tests.snippets.placing_orders.support import (
    ADDRESS,
    CONDITION,
    NOW_S,
    TOKEN,
    polymarket_secure_client,
)

ORDER_ID = "0x" + "5e" * 32
pytestmark = pytest.mark.usefixtures("frozen_orders")


def test_gtd_expiration_adds_the_security_minute() -> None:
    assert P.gtd_expiration(90, now=1000.7) == 1000 + 60 + 90


@pytest.mark.vcr
def test_gtc_and_gtd() -> None:
    with polymarket_secure_client() as client:
        gtc = P.place_gtc(client, TOKEN, D("0.50"), D("10"), "BUY")
        gtd = P.place_gtd(client, TOKEN, D("0.50"), D("10"), "BUY", 3600, now=NOW_S)
        signed = client.create_limit_order(token_id=TOKEN, price=D("0.5"), size=D("10"), side="BUY")
    assert gtc.ok and gtc.status == "live" and gtc.order_id == ORDER_ID
    assert gtd.ok and gtd.status == "live"
    # 10 shares at 0.50: the maker gives 5 pUSD and takes 10 shares (6-decimal units)
    assert (signed.maker_amount, signed.taker_amount) == (5_000_000, 10_000_000)
    assert signed.maker == signed.signer == ADDRESS and signed.signature_type == 0
    recovered = _recover(client, signed)
    assert recovered == ADDRESS


def _recover(client, signed) -> str:  # type: ignore[no-untyped-def]
    """Recover the signer from the EIP-712 order signature the SDK produced."""
    from polymarket._internal.actions.orders.typed_data import build_order_typed_data
    from polymarket._internal.actions.orders.types import UnsignedOrder

    unsigned = UnsignedOrder(
        chain_id=137,
        builder=signed.builder,
        exchange_address="0xE111180000d2663C0091e4f400237545B87B996B",
        expiration=signed.expiration,
        maker=signed.maker,
        maker_amount=signed.maker_amount,
        metadata=signed.metadata,
        order_type=signed.order_type,
        salt=signed.salt,
        side=signed.side,
        signature_type=signed.signature_type,
        signer=signed.signer,
        taker_amount=signed.taker_amount,
        timestamp=signed.timestamp,
        token_id=signed.token_id,
    )
    from eth_account.messages import encode_typed_data

    message = encode_typed_data(full_message=build_order_typed_data(unsigned))
    return Account.recover_message(message, signature=signed.signature)


def test_gtd_shorter_than_the_sdk_minimum_is_refused() -> None:
    """polymarket-client wants expiration >= now + 180 s (limit.py), stricter than the docs."""
    from polymarket._internal.actions.orders.limit import validate_limit_order_params

    with pytest.raises(UserInputError, match="at least 180 seconds"):
        validate_limit_order_params(
            token_id=TOKEN,
            price=D("0.5"),
            size=D("10"),
            side="BUY",
            expiration=P.gtd_expiration(60, now=NOW_S),
        )


@pytest.mark.vcr
def test_post_only() -> None:
    with polymarket_secure_client() as client:
        reply = P.place_post_only(client, TOKEN, D("0.51"), D("10"), "BUY")
        with pytest.raises(UserInputError, match="only supported for GTC and GTD"):
            signed = client.create_market_order(
                token_id=TOKEN, side="BUY", amount=D("5"), max_price=D("0.53")
            )
            client.post_order(type(signed)(**{**_fields(signed), "post_only": True}))
    assert reply.ok and reply.status == "live"


def _fields(signed) -> dict:  # type: ignore[no-untyped-def]
    return {name: getattr(signed, name) for name in signed.__dataclass_fields__}


@pytest.mark.vcr
def test_market_orders() -> None:
    with polymarket_secure_client() as client:
        buy = P.buy_for_pusd(client, TOKEN, D("5"), D("0.53"))
        sell = P.sell_shares(client, TOKEN, D("10"), D("0.50"))
    # BUY: 5 pUSD at up to 0.53 -> at least 9.4339 shares; the reply names the trade
    assert buy.ok and buy.status == "matched"
    assert (buy.making_amount, buy.taking_amount) == (D("5"), D("9.4339"))
    assert buy.trade_ids == ("5b0c3a8e-0000-4000-8000-00000000f111",)
    assert buy.transactions_hashes == ()  # settlement is asynchronous: follow the trade
    assert sell.ok and (sell.making_amount, sell.taking_amount) == (D("10"), D("5.1"))


@pytest.mark.vcr
def test_batch() -> None:
    quotes = [P.Quote(TOKEN, D(p), D("5"), "BUY") for p in ("0.47", "0.48", "0.49")]
    with polymarket_secure_client() as client:
        results = P.place_batch(client, quotes)
    assert [r.ok for r in results] == [True, True, False]
    assert results[2].code == "not_enough_balance"  # refused inside the 200, not raised


@pytest.mark.vcr
def test_batch_keeps_what_was_accepted() -> None:
    """16 quotes go out as 15 + 1; the second POST /orders fails with a 500. The 15 accepted
    replies are kept, and the one order not known to be placed is handed back, signed."""
    quotes = [P.Quote(TOKEN, D(30 + i) / 100, D("5"), "BUY") for i in range(16)]
    with polymarket_secure_client() as client, pytest.raises(BatchInterrupted) as stopped:
        P.place_batch(client, quotes)
    done, pending = stopped.value.done, stopped.value.pending
    assert [r.order_id for r in done] == [f"0x{0xC0 + i:064x}" for i in range(15)]
    assert len(pending) == 1 and pending[0].maker_amount == 2_250_000  # 5 shares at 0.45
    assert isinstance(stopped.value.__cause__, RequestRejectedError)
    assert stopped.value.__cause__.status == 500


def test_batch_is_split_at_fifteen() -> None:
    class Stub:
        def __init__(self) -> None:
            self.sizes: list[int] = []

        def create_limit_order(self, **kwargs: object) -> object:
            return kwargs

        def post_orders(self, signed: list) -> list:
            self.sizes.append(len(signed))
            return signed

    stub = Stub()
    out = P.place_batch(stub, [P.Quote(TOKEN, D("0.5"), D("5"), "BUY")] * 32)  # type: ignore[arg-type]
    assert stub.sizes == [15, 15, 2] and len(out) == 32


@pytest.mark.vcr
def test_cancels() -> None:
    a, b = "0x" + "a1" * 32, "0x" + "a2" * 32
    with polymarket_secure_client() as client:
        one = P.cancel_one(client, ORDER_ID)
        many = P.cancel_many(client, [a, b])
        market = P.cancel_market(client, CONDITION)
        everything = P.cancel_everything(client)
    assert one.canceled == (ORDER_ID,)
    assert many.canceled == (a,) and many.not_canceled == {b: "order can't be found"}
    assert market.canceled == (a, b)
    assert set(everything.canceled) == {ORDER_ID, a, b}


def test_any_fresh_key_signs() -> None:
    """A key made by Account.create() signs orders the same way; no network is needed."""
    from eth_account.messages import encode_typed_data
    from polymarket._internal.actions.orders.orders import create_unsigned_order
    from polymarket._internal.actions.orders.typed_data import build_order_typed_data
    from polymarket._internal.actions.orders.types import OrderDraft

    fresh = Account.create()
    draft = OrderDraft(
        chain_id=137,
        exchange_address="0xE111180000d2663C0091e4f400237545B87B996B",
        expiration=0,
        funder_address=fresh.address,
        offered_amount=5_000_000,
        order_type="GTC",
        side="BUY",
        signer=fresh.address,
        requested_amount=10_000_000,
        asset_id=TOKEN,
    )
    unsigned = create_unsigned_order(draft, wallet=fresh.address, wallet_type="EOA")
    message = encode_typed_data(full_message=build_order_typed_data(unsigned))
    signature = fresh.sign_message(message).signature
    assert Account.recover_message(message, signature=signature) == fresh.address


def test_max_batch_is_defined_once_and_matches_the_sdk_and_the_rate_limits() -> None:
    from polymarket._internal.actions.orders.post import _MAX_BATCH

    from snippets.placing_orders import orders_clob_v2
    from snippets.rate_limiting.limits import TRADING

    assert MAX_BATCH == _MAX_BATCH == TRADING["post_orders"].max_items == 15
    assert not hasattr(P, "MAX_BATCH") and not hasattr(orders_clob_v2, "MAX_BATCH")
