"""Orders and trades missed in a gap, recovered by REST with polymarket-client: the real
`AsyncSecureClient` against served HTTP on 127.0.0.1 (account_server.py), the user channel on
the loopback fault server."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from ..conftest import (
    ADDRESS,
    API_KEY,
    API_PASSPHRASE,
    API_SECRET,
    THROWAWAY_KEY,
)
from .account_server import AccountServer
from .code.user_recovery import SdkLookups
from .code.user_stream import UserStream
from .conftest import USER_FRAMES, FaultServer, abort, hold, send, until
from .test_user_stream import CREDS, TRADE, config


@pytest.fixture
def account() -> Iterator[AccountServer]:
    yield from AccountServer(API_KEY).serve()


async def secure_client(url: str) -> Any:
    from polymarket import AsyncSecureClient
    from polymarket.environments import PRODUCTION, _create_environment
    from polymarket.models.clob import ApiKeyCreds

    config = dataclasses.replace(PRODUCTION._config, clob_url=url)
    creds = ApiKeyCreds.model_validate(
        {"apiKey": API_KEY, "secret": API_SECRET, "passphrase": API_PASSPHRASE}
    )
    return await AsyncSecureClient.create(
        private_key=THROWAWAY_KEY,
        wallet=ADDRESS,
        credentials=creds,
        environment=_create_environment(name="loopback", config=config),
    )


#: The recorded trade as GET /data/trades lists it (schema-derived shape, recorded values). The
#: recording is V1; V2 added `side` to each maker order (the maker sold to this BUY taker).
TRADE_REST = {
    k: v for k, v in TRADE.items() if k not in ("event_type", "type", "timestamp", "trade_owner")
} | {"maker_orders": [m | {"side": "SELL"} for m in TRADE["maker_orders"]]}
OID = TRADE["taker_order_id"]
#: Its taker order as GET /data/order/{id} answers (schema-derived shape, recorded values).
ORDER_REST = {
    "id": OID,
    "status": "MATCHED",
    "owner": TRADE["owner"],
    "maker_address": TRADE["maker_address"],
    "market": TRADE["market"],
    "asset_id": TRADE["asset_id"],
    "side": "BUY",
    "original_size": "5",
    "size_matched": "5",
    "price": "0.52",
    "outcome": "Yes",
    "expiration": "0",
    "order_type": "GTC",
    "associate_trades": [TRADE["id"]],
    "created_at": int(TRADE["match_time"]) - 60,
}
PLACEMENT = {  # the user-channel event for that order resting (schema-derived, recorded values)
    k: ORDER_REST[k] for k in ("id", "owner", "market", "asset_id", "side", "price", "outcome")
} | {
    "event_type": "order",
    "type": "PLACEMENT",
    "status": "LIVE",
    "original_size": "5",
    "size_matched": "0",
    "timestamp": str((int(TRADE["match_time"]) - 60) * 1000),
}


async def recovers_the_gap(
    fault_server: FaultServer, account: AccountServer, lookups: Any
) -> list[tuple[str, dict[str, list[str]]]]:
    """The case both SDKs run: returns the account requests made (API-key lookups left out)."""
    # Connection 1 shows the order resting, then drops. Meanwhile it fills and settles.
    # Connection 2 is silent: only REST can tell the stream what happened.
    fault_server.scripts = [[send(json.dumps(PLACEMENT)), abort], [hold]]
    account.orders[OID] = ORDER_REST
    account.open_orders = [RESTING]  # placed during the gap: the stream never saw it
    account.trades = [TRADE_REST | {"status": "CONFIRMED"}]
    last_frame_s = LAST_FRAME_S  # the clock when the last frame arrived
    seen: list[Mapping[str, Any]] = []
    stream = UserStream(
        CREDS,
        [TRADE["market"]],
        on_event=seen.append,
        lookups=lookups,
        config=config(fault_server),
        clock=lambda: float(last_frame_s),
    )
    async with stream:
        await until(lambda: stream.recovered == 3)
    assert stream.orders[OID]["status"] == "MATCHED" and stream.orders[OID]["recovered"]
    assert stream.orders[RESTING["id"]]["status"] == "LIVE"
    assert stream.trades[TRADE["id"]]["status"] == "CONFIRMED"
    assert stream.unsettled_trades() == []
    assert [e["event_type"] for e in seen] == ["order", "order", "order", "trade"]
    return [(path, q) for path, q in account.requests if path != "/auth/api-keys"]


LAST_FRAME_S = int(TRADE["match_time"]) - 30
#: Another order of the same account, resting (schema-derived, the recorded values).
RESTING = ORDER_REST | {
    "id": "0x" + "5b" * 32,
    "status": "LIVE",
    "size_matched": "0",
    "associate_trades": [],
}


async def test_orders_and_trades_missed_in_a_gap_are_recovered_by_rest(
    fault_server: FaultServer, account: AccountServer
) -> None:
    client = await secure_client(account.url)
    requests = await recovers_the_gap(fault_server, account, SdkLookups(client))
    await client.close()
    assert requests == [
        ("/data/orders", {"market": [TRADE["market"]]}),
        (f"/data/order/{OID}", {}),
        ("/data/trades", {"market": [TRADE["market"]], "after": [str(LAST_FRAME_S - 1)]}),
    ]


async def test_a_failed_recovery_is_retried_at_the_next_connect(fault_server: FaultServer) -> None:
    class Flaky:
        calls = 0

        async def open_orders(self, markets: Any) -> list[Any]:
            Flaky.calls += 1
            if Flaky.calls == 1:
                raise ConnectionError("REST down")
            return []

        async def order(self, order_id: str) -> None:
            return None

        async def trades_since(self, after_s: int, markets: Any) -> list[Any]:
            return [TRADE_REST]

    # The stream saw the trade (MATCHED) before the gap; REST says the same: nothing missed.
    fault_server.scripts = [
        [send(json.dumps(PLACEMENT)), send(USER_FRAMES[0]), abort],
        [abort],
        [hold],
    ]
    stream = UserStream(CREDS, lookups=Flaky(), config=config(fault_server))
    async with stream:
        await until(lambda: Flaky.calls == 2 and stream._gap_since is None)
    assert stream.stats.resync_failures == 1 and stream.recovered == 0
    assert "recovered" not in stream.trades[TRADE["id"]] and OID in stream.orders
    quiet = UserStream(CREDS, config=config(fault_server))  # no lookups: nothing to recover
    await quiet._recover(0.0)
    assert quiet.recovered == 0
