"""The bot's polymarket-client side: every SDK call it makes, through the other folders' code.

    adapter = PolymarketAdapter.connect(private_key, wallet=address)   # derives credentials
    bot = QuotingBot(adapter, config)                                  # bot.py
    adapter.sign(token_id, route, "BUY", Decimal("0.48"), Decimal(10))  # (signed, order id)

Pacing and header re-sync: rate_limiting/header_sync.py. Exactly once: error_handling's
submit_once with its order-id lookup. Heartbeats: placing_orders/heartbeats.py. Fills:
partial_fills. Balances: balance_tracking/clob_view.py. Books: websocket/book_source.py.
Copy with: bot.py
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from polymarket import ApiKeyCreds, AsyncPublicClient, SecureClient
from polymarket.environments import PRODUCTION, Environment

from ..balance_tracking.clob_view import clob_view
from ..error_handling.classify import Decision
from ..error_handling.errors import decide
from ..error_handling.order_hash import order_id
from ..error_handling.retry import RetryPolicy, submit_once
from ..error_handling.safe_submit import find_order, wire_order
from ..market_versions.choose_id import order_message
from ..market_versions.exchanges import MarketVersionError, OrderRoute, recover_order_signer
from ..partial_fills.partial_fills import poll_once
from ..placing_orders.heartbeats import Heartbeat
from ..production_checklist.cancel_all import cancel_all
from ..rate_limiting.header_sync import PacedSecureClient
from ..rate_limiting.trading_limits import TradingRateLimits
from ..websocket.book_source import book_fetcher
from ..websocket.user_stream import ApiCredentials


class PolymarketAdapter:
    sdk = "polymarket-client"

    def __init__(
        self, client: SecureClient, public: AsyncPublicClient, limits: TradingRateLimits
    ) -> None:
        self.client, self.limits = client, limits
        self.paced = PacedSecureClient(client, limits)
        self.heartbeat = Heartbeat(client)
        self.signer = str(client.signer)
        creds = client.credentials
        self.credentials = ApiCredentials(creds.key, creds.secret, creds.passphrase)
        self.fetch_book = book_fetcher(public)

    @classmethod
    def connect(
        cls,
        private_key: str,
        *,
        wallet: str | None = None,
        environment: Environment = PRODUCTION,
        credentials: ApiKeyCreds | None = None,
        limits: TradingRateLimits | None = None,
    ) -> PolymarketAdapter:
        """Credentials are derived (L1) unless given; every reply re-syncs `limits`."""
        limits = limits or TradingRateLimits.conservative()
        client = SecureClient.create(
            private_key=private_key, wallet=wallet, environment=environment,
            credentials=credentials, on_rate_limit_update=limits.on_rate_limit_update,
        )  # fmt: skip
        return cls(client, AsyncPublicClient(environment), limits)

    def sign(
        self, token_id: str, route: OrderRoute, side: str, price: Decimal, size: Decimal
    ) -> tuple[Any, str]:
        """Sign once (post-only: a quote never takes), prove the exchange and domain."""
        signed = self.client.create_limit_order(
            token_id=token_id,
            price=price,
            size=size,
            side=side,
            post_only=True,  # type: ignore[arg-type]
        )
        if recover_order_signer(order_message(signed), signed.signature, route) != signed.signer:
            raise MarketVersionError(f"not signed for {route.exchange} (v{route.domain_version})")
        return signed, order_id(wire_order(signed), route.exchange)

    def submit(self, signed: Any, oid: str, policy: RetryPolicy, sleep: Any) -> dict[str, Any]:
        reply = submit_once(
            post=lambda: self.paced.post_order(signed),
            lookup=lambda: find_order(self.client, oid),
            decide=decide, policy=policy, sleep=sleep, order_id=oid, paced=True,
        )  # fmt: skip
        return {"id": oid, "status": str(reply.status)}

    def cancel(self, order_ids: Sequence[str]) -> tuple[tuple[str, ...], dict[str, str]]:
        canceled: list[str] = []
        missed: dict[str, str] = {}
        for reply in self.paced.cancel_orders(order_ids):
            canceled += reply.canceled
            missed.update(reply.not_canceled)
        return tuple(canceled), missed

    def cancel_all(self) -> tuple[tuple[str, ...], dict[str, str]]:
        return cancel_all(self.paced)  # type: ignore[arg-type]  # paced: same cancel_all()

    def open_orders(self) -> list[dict[str, Any]]:
        return [o.model_dump(mode="json") for o in self.client.list_open_orders().iter_items()]

    def poll(self, tracker: Any) -> None:
        poll_once(self.client, tracker)

    def beat(self) -> str:
        return self.heartbeat.beat()

    def reset_heartbeat(self) -> None:
        self.heartbeat.heartbeat_id = ""

    def pusd(self) -> Decimal:
        return clob_view(self.client).balance

    def shares(self, token_id: str, route: OrderRoute) -> Decimal:
        kind = route.balance_asset_type
        return clob_view(self.client, kind, token_id).balance  # type: ignore[arg-type]

    def decide(self, error: Exception) -> Decision:
        return decide(error)
