"""The records a bot is judged by: credentials per request, subscriptions over time."""

from __future__ import annotations

from .code.app import TOKEN, LocalClob
from .code.records import ConnectionRecord, Records, Subscription
from .conftest import Trader


def test_subscription_windows() -> None:
    records = Records()
    conn = ConnectionRecord(1, "market", opened=10.0, closed=20.0)
    conn.subscriptions.append(Subscription(TOKEN, start=11.0, end=15.0))
    records.connections.append(conn)
    assert records.subscribed(TOKEN, at=12.0)
    assert not records.subscribed(TOKEN, at=16.0)  # unsubscribed
    assert not records.subscribed(TOKEN, at=25.0)  # closed
    assert not records.subscribed("other", at=12.0)
    user = ConnectionRecord(2, "user", opened=0.0)
    user.subscriptions.append(Subscription(TOKEN, start=0.0))
    records.connections.append(user)
    assert not records.subscribed(TOKEN, at=30.0)  # a user subscription is not a market one


def test_which_requests_carried_credentials(clob: LocalClob, trader: Trader) -> None:
    trader.v2.get_order_book(TOKEN)
    trader.v2.get_open_orders()
    public, private = clob.records.requests
    assert (public.path, public.credentials, public.signer) == ("/book", (), "")
    assert private.credentials == (
        "POLY_ADDRESS", "POLY_SIGNATURE", "POLY_TIMESTAMP", "POLY_API_KEY", "POLY_PASSPHRASE",
    )  # fmt: skip
    assert private.api_key == trader.key.key and private.status == 200
    rejected = trader.send("POST", "/order", {"order": "junk"})
    assert rejected.status_code == 400
    assert clob.records.requests[-1].body == '{"order":"junk"}'  # kept, accepted or not
    assert clob.records.published[0][2] == "361aa3d419936e4bea8cbe2a1127f1e4f3fbdc2a"
    assert not clob.records.in_retry_after and not clob.records.rate_limited
