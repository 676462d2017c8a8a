"""The bot's py-clob-client-v2 side: every SDK call it makes, through the other folders' code.

    adapter = ClobV2Adapter.connect(private_key, host="https://clob.polymarket.com")
    bot = QuotingBot(adapter, config)                                  # bot.py
    adapter.sign(token_id, route, "BUY", Decimal("0.48"), Decimal(10))  # (signed, order id)

Pacing and header re-sync: rate_limiting/header_sync_clob_v2.py (an httpx hook on the SDK's
client). Exactly once: error_handling's submit_once with its order-id lookup. Heartbeats:
placing_orders/heartbeats_clob_v2.py. Fills: partial_fills. Balances: clob_view_clob_v2.py.
Copy with: bot.py
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from py_clob_client_v2 import (
    ClobClient,
    OpenOrderParams,
    OrderArgs,
    OrderType,
    PartialCreateOrderOptions,
)

from ..balance_tracking.clob_view_clob_v2 import clob_view
from ..error_handling.classify import Decision
from ..error_handling.errors_clob_v2 import decide
from ..error_handling.order_hash import order_id
from ..error_handling.retry import RetryPolicy, submit_once
from ..error_handling.safe_submit_clob_v2 import find_order, wire_order
from ..market_versions.choose_id_clob_v2 import order_message
from ..market_versions.exchanges import MarketVersionError, OrderRoute, recover_order_signer
from ..partial_fills.partial_fills_clob_v2 import poll_once
from ..placing_orders.heartbeats_clob_v2 import Heartbeat
from ..production_checklist.cancel_all_clob_v2 import cancel_all
from ..rate_limiting.header_sync_clob_v2 import PacedClobClient, install_hook
from ..rate_limiting.trading_limits import TradingRateLimits
from ..websocket.book_source_clob_v2 import book_fetcher
from ..websocket.user_stream import ApiCredentials


class ClobV2Adapter:
    sdk = "py-clob-client-v2"

    def __init__(self, client: ClobClient, limits: TradingRateLimits) -> None:
        self.client, self.limits = client, limits
        self.paced = PacedClobClient(client, limits)
        self.heartbeat = Heartbeat(client)
        self.signer = client.get_address()
        creds = client.creds
        self.credentials = ApiCredentials(creds.api_key, creds.api_secret, creds.api_passphrase)
        self.fetch_book = book_fetcher(client)
        self.remove_hook: Callable[[], None] = install_hook(limits)  # call when done

    @classmethod
    def connect(
        cls,
        private_key: str,
        *,
        host: str = "https://clob.polymarket.com",
        limits: TradingRateLimits | None = None,
    ) -> ClobV2Adapter:
        """Credentials: create or derive them with the key (L1)."""
        client = ClobClient(host, chain_id=137, key=private_key)
        client.set_api_creds(client.create_or_derive_api_key())
        return cls(client, limits or TradingRateLimits.conservative())

    def sign(
        self, token_id: str, route: OrderRoute, side: str, price: Decimal, size: Decimal
    ) -> tuple[Any, str]:
        """Sign once for the market's exchange (position_id= selects Exchange V3), check it."""
        ids = {"position_id": token_id} if route.version == "v2" else {"token_id": token_id}
        args = OrderArgs(price=float(price), size=float(size), side=side, **ids)
        signed = self.client.create_order(args, PartialCreateOrderOptions(version=2))
        if recover_order_signer(order_message(signed), signed.signature, route) != signed.signer:
            raise MarketVersionError(f"not signed for {route.exchange} (v{route.domain_version})")
        return signed, order_id(wire_order(signed), route.exchange)

    def submit(self, signed: Any, oid: str, policy: RetryPolicy, sleep: Any) -> dict[str, Any]:
        reply = submit_once(
            post=lambda: self.paced.post_order(signed, OrderType.GTC, post_only=True),
            lookup=lambda: find_order(self.client, oid),
            decide=decide, policy=policy, sleep=sleep, order_id=oid, paced=True,
        )  # fmt: skip
        return {"id": oid, "status": str(reply.get("status", ""))}

    def cancel(self, order_ids: Sequence[str]) -> tuple[tuple[str, ...], dict[str, str]]:
        canceled: list[str] = []
        missed: dict[str, str] = {}
        for reply in self.paced.cancel_orders(order_ids):
            canceled += reply.get("canceled") or []
            missed.update(reply.get("not_canceled") or {})
        return tuple(canceled), missed

    def cancel_all(self) -> tuple[tuple[str, ...], dict[str, str]]:
        return cancel_all(self.paced)  # type: ignore[arg-type]  # paced: same cancel_all()

    def open_orders(self) -> list[dict[str, Any]]:
        return self.client.get_open_orders(OpenOrderParams())

    def poll(self, tracker: Any) -> None:
        poll_once(self.client, tracker)

    def beat(self) -> str:
        return self.heartbeat.beat()

    def reset_heartbeat(self) -> None:
        self.heartbeat.heartbeat_id = ""

    def pusd(self) -> Decimal:
        return clob_view(self.client).balance

    def shares(self, token_id: str, route: OrderRoute) -> Decimal:
        return clob_view(self.client, route.balance_asset_type, token_id).balance

    def decide(self, error: Exception) -> Decision:
        return decide(error)
