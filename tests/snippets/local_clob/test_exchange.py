"""Every order check, matching rule and trade step of the exchange, through HTTP."""

from __future__ import annotations

import time

import pytest
from py_clob_client_v2 import MarketOrderArgs, OrderType

from .code.app import NEG_RISK_TOKEN, TOKEN, V3_TOKEN, LocalClob
from .code.clock import Clock
from .code.exchange import Exchange, load_seed
from .code.signing import EXCHANGE_V3, NEG_RISK_EXCHANGE_V2
from .conftest import Trader

M = 1_000_000


def post(trader: Trader, order, order_type: str = "GTC", post_only: bool = False, **extra):
    body = dict(trader.body(order, order_type, post_only), **extra)
    return trader.send("POST", "/order", body)


def error(reply) -> str:
    assert reply.status_code == 400, reply.text
    return reply.json()["error"]


def test_tick_price_range_and_minimum_size(trader: Trader) -> None:
    off = trader.raw_order(TOKEN, 3_050_000, 10 * M)  # price 0.305 on a 0.01 tick
    assert error(post(trader, off)).endswith("Price (0.305) breaks minimum tick size rule: 0.01")
    high = trader.raw_order(TOKEN, int(9.95 * M), 10 * M)
    assert "breaks minimum tick size rule" in error(post(trader, high))
    small = trader.raw_order(TOKEN, 600_000, 2 * M)
    assert error(post(trader, small)).endswith("Size (2) lower than the minimum: 5")


def test_amount_decimals(trader: Trader) -> None:
    limit = trader.raw_order(TOKEN, 1_234_567, 10 * M)
    assert error(post(trader, limit)) == (
        "invalid amounts, the buy orders maker amount supports a max accuracy of 4 decimals, "
        "taker amount a max of 2 decimals"
    )
    sell = trader.raw_order(TOKEN, 10_001_000, 5 * M, "SELL")
    assert "the sell orders maker amount supports a max accuracy of 2 decimals" in error(
        post(trader, sell)
    )
    # py-clob-client-v2 issue #99: maker 9.98, taker 10.13197 at tick 0.001, refused live.
    market = trader.raw_order(NEG_RISK_TOKEN, 9_980_000, 10_131_970, exchange=NEG_RISK_EXCHANGE_V2)
    assert error(post(trader, market, "FOK")) == (
        "invalid amounts, the market buy orders maker amount supports a max accuracy of 2 "
        "decimals, taker amount a max of 4 decimals"
    )
    tiny = trader.raw_order(TOKEN, 500_000, 1 * M)
    assert error(post(trader, tiny, "FOK")) == (
        "invalid amount for a marketable BUY order ($0.5), min size: $1"
    )


def test_gtd_must_be_three_minutes_ahead_and_expires_a_minute_early(
    clob: LocalClob, trader: Trader
) -> None:
    now = int(clob.clock.now())
    soon = trader.raw_order(TOKEN, 3 * M, 10 * M, expiration=now + 179)
    assert error(post(trader, soon, "GTD")) == "invalid expiration"
    later = trader.raw_order(TOKEN, 3 * M, 10 * M, expiration=now + 300)
    assert post(trader, later, "GTD").json()["status"] == "live"
    clob.advance(238)
    assert len(clob.open_orders()) == 1
    clob.advance(2)  # expiration - 60 s
    assert not clob.open_orders()


def test_post_only(trader: Trader) -> None:
    crossing = trader.order(TOKEN, 0.52, 5)
    assert error(post(trader, crossing, post_only=True)).endswith("crosses the book")
    resting = trader.order(TOKEN, 0.51, 5)
    assert post(trader, resting, post_only=True).json()["status"] == "live"
    fok = trader.order(TOKEN, 0.52, 5)
    assert "post-only" in error(post(trader, fok, "FOK", post_only=True))


def test_signature_must_match_the_markets_exchange_and_domain(trader: Trader) -> None:
    for token, exchange, version in (
        (NEG_RISK_TOKEN, NEG_RISK_EXCHANGE_V2, "3"),
        (NEG_RISK_TOKEN, EXCHANGE_V3, "2"),
        (V3_TOKEN, EXCHANGE_V3, "2"),
        (TOKEN, NEG_RISK_EXCHANGE_V2, "2"),
    ):
        wrong = trader.raw_order(token, 3 * M, 10 * M, exchange=exchange, version=version)
        assert error(post(trader, wrong)) == "invalid signature"
    right = trader.raw_order(V3_TOKEN, 3 * M, 10 * M, exchange=EXCHANGE_V3, version="3")
    assert post(trader, right).json()["success"] is True
    junk = dict(trader.body(trader.order(TOKEN, 0.3, 5)))
    junk["order"] = dict(junk["order"], signature="0x1234")
    assert error(trader.send("POST", "/order", junk)) == "invalid signature"


def test_owner_and_signer_must_be_the_api_keys(trader: Trader, other: Trader) -> None:
    assert "owner" in error(post(trader, trader.order(TOKEN, 0.3, 5), owner=other.key.key))
    theirs = other.body(other.order(TOKEN, 0.3, 5))
    theirs["owner"] = trader.key.key
    reply = trader.send("POST", "/order", theirs)
    assert error(reply) == "the order signer address has to be the address of the API KEY"


def test_v1_orders_unknown_tokens_and_junk(trader: Trader) -> None:
    v1_order = {"salt": 1, "nonce": "0", "feeRateBps": "0", "tokenId": TOKEN}
    v1 = {"order": v1_order, "owner": trader.key.key, "orderType": "GTC"}
    assert error(trader.send("POST", "/order", v1)) == "order_version_mismatch"
    body = trader.body(trader.order(TOKEN, 0.3, 5))
    unknown = dict(body, order=dict(body["order"], tokenId="123"))
    assert error(trader.send("POST", "/order", unknown)) == "Invalid token id"
    assert error(trader.send("POST", "/order", dict(body, orderType="IOC"))).startswith(
        "invalid order type"
    )
    for broken in (
        dict(body, order=dict(body["order"], side="HOLD")),
        dict(body, order=dict(body["order"], makerAmount="lots")),
        dict(body, order=dict(body["order"], makerAmount="0")),
        dict(body, order=dict(body["order"], makerAmount=True)),
        dict(body, order=dict(body["order"], makerAmount="1e999999999")),
        {"order": "x"},
        [],
    ):
        assert error(trader.send("POST", "/order", broken)) == "Invalid order payload"
    assert error(trader.send("POST", "/order", raw="{not json")) == "Invalid order payload"


def test_a_replayed_order_is_the_same_order(clob: LocalClob, trader: Trader) -> None:
    body = trader.body(trader.order(TOKEN, 0.3, 5))
    first = trader.send("POST", "/order", body).json()
    again = trader.send("POST", "/order", body).json()
    assert again == first
    assert clob.records.orders[first["orderID"]].posts == 2
    assert len(clob.open_orders()) == 1


def test_balance_and_allowance(clob: LocalClob, trader: Trader, other: Trader) -> None:
    big = trader.order(TOKEN, 0.3, 400)
    assert error(post(trader, big)) == (
        "not enough balance / allowance: the balance is not enough -> balance: 100000000, "
        "order amount: 120000000"
    )
    assert post(trader, trader.order(TOKEN, 0.3, 300)).json()["success"]
    more = trader.order(TOKEN, 0.3, 50)
    assert error(post(trader, more)) == (
        "not enough balance / allowance: the balance is not enough -> balance: 100000000, "
        "sum of matched orders: 90000000, order amount (inc. fees): 15000000"
    )
    sell = other.order(TOKEN, 0.6, 5, "SELL")
    assert "balance: 0, order amount: 5000000" in error(post(other, sell))


def test_fok_fak_and_market_orders(clob: LocalClob, trader: Trader) -> None:
    huge = trader.order(TOKEN, 0.52, 150)
    assert error(post(trader, huge, "FOK")) == (
        "order couldn't be fully filled. FOK orders are fully filled or killed."
    )
    nothing = trader.order(TOKEN, 0.3, 5)
    reply = post(trader, nothing, "FAK").json()
    assert reply["success"] is False and reply["errorMsg"].startswith("no orders found")
    partial = post(trader, trader.order(TOKEN, 0.53, 150), "FAK").json()
    assert partial["status"] == "matched" and partial["takingAmount"] == "75.22"  # 10.22 + 65
    assert not clob.open_orders()  # the rest of a FAK is cancelled
    market = trader.v2.create_market_order(MarketOrderArgs(token_id=TOKEN, amount=5, side="BUY"))
    spent = trader.v2.post_order(market, OrderType.FOK)
    assert spent["status"] == "matched" and spent["makingAmount"] == "4.995"  # 9.25 shares at 0.54
    whole = trader.v2.create_market_order(MarketOrderArgs(token_id=TOKEN, amount=2, side="BUY"))
    assert trader.v2.post_order(whole, OrderType.FAK)["status"] == "matched"
    sold = trader.v2.create_market_order(MarketOrderArgs(token_id=TOKEN, amount=10, side="SELL"))
    assert trader.v2.post_order(sold, OrderType.FOK)["takingAmount"] == "5.1"


def test_trading_modes(clob: LocalClob, trader: Trader) -> None:
    order = trader.order(TOKEN, 0.3, 5)
    clob.set_mode("disabled")
    assert post(trader, order).status_code == 503
    clob.set_mode("cancel_only")
    assert "cancel-only" in post(trader, order).json()["error"]
    assert trader.send("DELETE", "/cancel-all").status_code == 200
    clob.set_mode("restarting")
    assert (post(trader, order).status_code, post(trader, order).text) == (425, "service not ready")
    clob.set_mode("post_only")
    assert post(trader, order).json()["code"] == "post_only_mode"
    assert post(trader, order, post_only=True).json()["success"] is True
    clob.set_mode("normal")
    with pytest.raises(ValueError, match="unknown mode"):
        clob.set_mode("sleeping")


def test_trades_move_through_settlement_or_fail() -> None:
    with LocalClob(seed=3, settle="manual") as clob:
        buyer = Trader(clob, pusd=100)
        first = post(buyer, buyer.order(TOKEN, 0.52, 5)).json()
        trade_id = first["tradeIDs"][0]
        assert buyer.send("GET", "/data/trades").json()["data"][0]["status"] == "MATCHED"
        clob.settle_trade(trade_id, "MINED")
        clob.settle_trade(trade_id, "CONFIRMED")
        clob.settle_trade(trade_id, "FAILED")  # too late: a confirmed trade stays confirmed
        assert (
            buyer.send("GET", "/data/trades", params={"id": trade_id}).json()["data"][0]["status"]
            == "CONFIRMED"
        )
        clob.fail_next_trades(1)
        second = post(buyer, buyer.order(TOKEN, 0.52, 5)).json()["tradeIDs"][0]
        clob.settle_trade(second, "MINED")
        assert clob.balances(buyer.address)["pusd"] == 100 * M - 2_600_000  # the failed one undone
        filters = {
            "market": "0xaea50c46b138456d358138b2c1737f22cc692ac199e2cfa0c1e86e2babf9e37b",
            "asset_id": TOKEN,
            "after": "0",
            "before": "9999999999",
        }
        listed = buyer.send("GET", "/data/trades", params=filters)
        assert [t["status"] for t in listed.json()["data"]] == ["CONFIRMED", "FAILED"]
        buyer.close()


def test_exchange_without_a_server() -> None:
    ex = Exchange(Clock(start=1_795_824_000.0), seed=1)
    ex.seed_markets(load_seed())
    ex.change_tick_size(TOKEN, "0.001")
    assert ex.books[TOKEN].tick == ex.markets[ex.token_market[TOKEN]].tick
    assert ex.book_body(TOKEN)["tick_size"] == "0.001"
    assert time.time() > 0


def test_sells_reserve_shares_and_a_partial_fak_sell_cancels_the_rest(clob: LocalClob) -> None:
    seller = Trader(clob, pusd=0, positions={TOKEN: 100, NEG_RISK_TOKEN: 200})
    assert post(seller, seller.order(TOKEN, 0.6, 60, "SELL")).json()["success"]
    too_many = post(seller, seller.order(TOKEN, 0.6, 50, "SELL"))
    assert "sum of matched orders: 60000000" in error(too_many)
    # Bids at 0.51 (13943.4) and 0.5 ...: a FAK SELL down to 0.51 takes the first level only.
    sold = post(seller, seller.order(TOKEN, 0.51, 40, "SELL"), "FAK").json()
    assert sold["status"] == "matched" and sold["makingAmount"] == "40"
    # Neg-risk bids: 0.014 x 0.99 and 0.013 x 100; the other 99.01 of a FAK SELL are cancelled.
    partial = post(seller, seller.order(NEG_RISK_TOKEN, 0.013, 200, "SELL"), "FAK").json()
    assert partial["makingAmount"] == "100.99"
    assert not [o for o in clob.open_orders() if o["asset_id"] == NEG_RISK_TOKEN]
    seller.close()
