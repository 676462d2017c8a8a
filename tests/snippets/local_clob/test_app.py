"""Both SDKs place, fill, cancel, page and heartbeat against the local CLOB over HTTP."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest
from polymarket import RequestRejectedError
from py_clob_client_v2 import BookParams, OrderArgs, OrderType, PostOrdersV2Args
from py_clob_client_v2.clob_types import (
    AssetType,
    BalanceAllowanceParams,
    OrderMarketCancelParams,
    OrderPayload,
)
from py_clob_client_v2.exceptions import PolyApiException

from .code.app import NEG_RISK_TOKEN, TOKEN, V3_TOKEN, LocalClob
from .code.signing import EXCHANGE_V2, EXCHANGE_V3, NEG_RISK_EXCHANGE_V2
from .conftest import Trader

CONDITION = "0xaea50c46b138456d358138b2c1737f22cc692ac199e2cfa0c1e86e2babf9e37b"
UNIT = 1_000_000


def test_v2_fill_between_clients_in_price_time_order(clob: LocalClob) -> None:
    buyer, seller = Trader(clob, pusd=100), Trader(clob, pusd=0, positions={TOKEN: 20})
    # The seeded ask at 0.52 holds 10.22 shares; the seller joins behind it.
    resting = seller.v2.create_and_post_order(
        OrderArgs(token_id=TOKEN, price=0.52, size=10, side="SELL")
    )
    assert resting["status"] == "live"
    taken = buyer.v2.post_order(buyer.order(TOKEN, 0.52, 15))
    assert taken["status"] == "matched" and taken["takingAmount"] == "15"
    trade = buyer.v2.get_trades()[0]
    assert [m["matched_amount"] for m in trade["maker_orders"]] == ["10.22", "4.78"]
    assert trade["maker_orders"][1]["order_id"] == resting["orderID"]
    assert trade["status"] == "CONFIRMED" and trade["transaction_hash"].startswith("0x")
    assert seller.v2.get_order(resting["orderID"])["size_matched"] == "4.78"
    assert seller.v2.get_trades()[0]["trader_side"] == "MAKER"
    assert clob.balances(buyer.address) == {"pusd": 92_200_000, "positions": {TOKEN: 15 * UNIT}}
    assert clob.balances(seller.address) == {
        "pusd": 2_485_600,
        "positions": {TOKEN: 20 * UNIT - 4_780_000},
    }
    params = BalanceAllowanceParams(asset_type=AssetType.COLLATERAL)
    assert buyer.v2.get_balance_allowance(params)["balance"] == "92200000"
    params = BalanceAllowanceParams(asset_type=AssetType.CONDITIONAL, token_id=TOKEN)
    assert seller.v2.get_balance_allowance(params)["balance"] == str(20 * UNIT - 4_780_000)
    assert buyer.v2.update_balance_allowance(params) == ""


def test_polymarket_client_places_fills_and_cancels(clob: LocalClob, trader: Trader) -> None:
    client = trader.polymarket()
    live = client.place_limit_order(token_id=TOKEN, price="0.3", size="10", side="BUY")
    assert live.status == "live"
    filled = client.place_limit_order(token_id=TOKEN, price="0.52", size="10", side="BUY")
    assert filled.status == "matched" and filled.taking_amount == Decimal(10)
    assert [o.id for o in client.list_open_orders().iter_items()] == [live.order_id]
    assert client.get_order(order_id=live.order_id).status == "LIVE"
    trades = list(client.list_account_trades().iter_items())
    assert trades[0].size == Decimal(10) and trades[0].status == "CONFIRMED"
    assert client.cancel_order(order_id=live.order_id).canceled == (live.order_id,)
    assert client.cancel_order(order_id=live.order_id).not_canceled == {
        live.order_id: "order can't be found"
    }
    assert not clob.open_orders()


@pytest.mark.parametrize(
    ("token", "exchange"),
    [(TOKEN, EXCHANGE_V2), (NEG_RISK_TOKEN, NEG_RISK_EXCHANGE_V2), (V3_TOKEN, EXCHANGE_V3)],
)
def test_each_market_signs_for_its_exchange(clob: LocalClob, trader: Trader, token, exchange):
    price = 0.011 if token == NEG_RISK_TOKEN else 0.3
    v2 = trader.v2.post_order(trader.order(token, price, 10))
    pm = trader.polymarket().place_limit_order(
        token_id=token, price=str(price), size="5", side="BUY"
    )
    assert v2["status"] == pm.status == "live"
    # The same order signed for another exchange does not verify on this market.
    clob.set_allowance(trader.address, exchange, 0)
    with pytest.raises(PolyApiException) as err:
        trader.v2.post_order(trader.order(token, price, 10))
    assert "the allowance is not enough" in err.value.error_msg["error"]


def test_cancels_one_many_all_and_market(clob: LocalClob, trader: Trader) -> None:
    ids = [trader.v2.post_order(trader.order(TOKEN, p, 5))["orderID"] for p in (0.3, 0.31, 0.32)]
    other_market = trader.v2.post_order(trader.order(NEG_RISK_TOKEN, 0.011, 5))["orderID"]
    assert trader.v2.cancel_order(OrderPayload(orderID=ids[0]))["canceled"] == [ids[0]]
    many = trader.v2.cancel_orders([ids[1], "0xunknown"])
    assert many == {"not_canceled": {"0xunknown": "order can't be found"}, "canceled": [ids[1]]}
    market = trader.v2.cancel_market_orders(OrderMarketCancelParams(market=CONDITION))
    assert market["canceled"] == [ids[2]]
    assert trader.v2.cancel_all()["canceled"] == [other_market]
    assert not clob.open_orders()


def test_open_orders_and_trades_page_with_cursors() -> None:
    with LocalClob(seed=1, page_size=2) as clob:
        trader = Trader(clob, pusd=100)
        ids = [trader.v2.post_order(trader.order(TOKEN, 0.3, 5))["orderID"] for _ in range(5)]
        assert [o["id"] for o in trader.v2.get_open_orders()] == ids
        pages = [r for r in clob.records.requests if r.path == "/data/orders"]
        assert [p.query.rsplit("=", 1)[-1] for p in pages] == ["MA%3D%3D", "Mg%3D%3D", "NA%3D%3D"]
        for _ in range(3):
            trader.v2.post_order(
                trader.order(
                    TOKEN,
                    0.52,
                    5,
                )
            )
        assert len(trader.v2.get_trades()) == 3
        first = trader.polymarket().list_open_orders().first_page()
        assert len(first.items) == 2 and first.next_cursor == "Mg=="
        trader.close()


def test_heartbeats_then_timeout_cancels_everything(clob: LocalClob, trader: Trader) -> None:
    pm = trader.polymarket()
    trader.v2.post_order(trader.order(TOKEN, 0.3, 5))
    first = pm.send_order_heartbeat().heartbeat_id
    second = trader.v2.post_heartbeat(first)["heartbeat_id"]
    # The recorded body says "error", not the "error_msg" polymarket-client 0.14.0 looks for,
    # so a stale id surfaces as a plain RequestRejectedError, as it would in production.
    with pytest.raises(RequestRejectedError, match="Invalid Heartbeat ID"):
        pm.send_order_heartbeat(heartbeat_id=first)
    with pytest.raises(PolyApiException) as err:
        trader.v2.post_heartbeat("")
    assert err.value.error_msg == {"error": "Invalid Heartbeat ID", "heartbeat_id": second}
    clob.advance(9.5)
    assert len(clob.open_orders()) == 1  # within the 10 s
    clob.advance(1)
    assert not clob.open_orders()
    assert trader.v2.post_heartbeat("")["heartbeat_id"]  # a new session starts from ""


def test_batch_of_at_most_fifteen(clob: LocalClob, trader: Trader) -> None:
    batch = [PostOrdersV2Args(trader.order(TOKEN, 0.3, 5), OrderType.GTC) for _ in range(2)]
    batch.append(PostOrdersV2Args(trader.order(TOKEN, 0.3, 5000), OrderType.GTC))
    replies = trader.v2.post_orders(batch)
    assert [r["success"] for r in replies] == [True, True, False]
    assert replies[2]["errorMsg"].startswith("not enough balance / allowance")
    too_many = [trader.body(trader.order(TOKEN, 0.3, 5)) for _ in range(16)]
    reply = trader.send("POST", "/orders", too_many)
    assert reply.status_code == 400
    assert reply.json() == {"error": "Too many orders in payload: 16, max allowed: 15"}
    assert trader.send("POST", "/orders", []).status_code == 400


def test_l1_create_derive_and_l2_failures(clob: LocalClob) -> None:
    from eth_account import Account
    from py_clob_client_v2 import ClobClient

    account = Account.create()
    client = ClobClient(clob.url, chain_id=137, key=account.key.to_0x_hex())
    created = client.create_api_key()
    assert client.derive_api_key() == created
    assert client.create_or_derive_api_key() == created  # create answers 400, then derive
    assert client.create_api_key(nonce=1).api_key != created.api_key
    client.set_api_creds(created)
    keys = client.get_api_keys()["apiKeys"]
    assert len(keys) == 2 and created.api_key in keys
    assert client.get_closed_only_mode() == {"closed_only": False}
    tier = client._get(
        f"{clob.url}/v1/user/rate-limit-tier",
        headers=client._l2_headers("GET", "/v1/user/rate-limit-tier"),
    )
    assert tier == {"tier": "standard"}
    assert client.delete_api_key() == "OK"
    with pytest.raises(PolyApiException) as err:
        client.get_api_keys()
    assert err.value.status_code == 401 and err.value.error_msg == {
        "error": "Unauthorized/Invalid api key"
    }
    stranger = ClobClient(clob.url, chain_id=137, key=Account.create().key.to_0x_hex())
    with pytest.raises(PolyApiException) as err:
        stranger.derive_api_key()
    assert err.value.error_msg == {"error": "Could not derive api key!"}
    bad = httpx.post(
        f"{clob.url}/auth/api-key",
        headers={
            "POLY_ADDRESS": account.address,
            "POLY_SIGNATURE": "0x00",
            "POLY_TIMESTAMP": "1",
            "POLY_NONCE": "x",
        },
    )
    assert bad.status_code == 401 and bad.json() == {"error": "Invalid L1 Request headers"}


def test_public_market_data(clob: LocalClob, trader: Trader) -> None:
    v2 = trader.v2
    book = v2.get_order_book(TOKEN)
    assert book["hash"] == "361aa3d419936e4bea8cbe2a1127f1e4f3fbdc2a"  # the recorded hash
    assert v2.get_order_book_hash(book) == book["hash"]
    assert v2.get_midpoint(TOKEN) == {"mid": "0.515"}  # as recorded
    assert v2.get_price(TOKEN, "BUY") == {"price": "0.51"}
    assert v2.get_price(TOKEN, "SELL") == {"price": "0.52"}
    assert v2.get_spread(TOKEN) == {"spread": "0.01"}
    assert v2.get_last_trade_price(TOKEN) == {"price": "0.510", "side": ""}
    assert v2.get_tick_size(TOKEN) == "0.01" and v2.get_neg_risk(NEG_RISK_TOKEN) is True
    assert v2.get_fee_rate_bps(TOKEN) == 0
    assert [b["asset_id"] for b in v2.get_order_books([BookParams(TOKEN)])] == [TOKEN]
    assert v2.get_market(CONDITION)["tokens"][0]["token_id"] == TOKEN
    assert v2.get_clob_market_info(CONDITION)["mts"] == 0.01
    assert v2.get_ok() == "OK" and v2.get_server_time() > 0 and v2.get_version() == 2
    empty = "32451921630090456873456341577959922216615950648263699114919301364806782946973"
    assert v2.get_price(empty, "BUY") == {"price": "0"}
    assert v2.get_midpoint(empty) == {"mid": "0.0005"}  # as recorded: (0 + 0.001) / 2
    assert v2.get_spread(empty) == {"spread": "0.001"}
    pm = trader.polymarket()
    assert pm.get_order_book(token_id=TOKEN).hash == book["hash"]


def test_time_that_passed_applies_when_the_server_is_next_read() -> None:
    """No request after the heartbeat stops: reading the open orders still applies the timeout."""
    with LocalClob(seed=2, start_time=1_795_824_000.0) as clob:
        bot = Trader(clob, pusd=100)
        bot.v2.post_order(bot.order(TOKEN, 0.3, 5))
        bot.v2.post_heartbeat("")
        clob.clock.advance(11)  # the clock alone, as wall time would pass
        assert clob.open_orders() == []
        bot.close()
