"""A local CLOB, a funded signer and the bot wired to it through py-clob-client-v2 (cheap to
create; the polymarket-client side runs in the seeded sessions)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from eth_account import Account

from ..code.local_clob.app import NEG_RISK_TOKEN, TOKEN, V3_TOKEN, LocalClob
from ..code.rate_limiting.trading_limits import TradingRateLimits
from ..code.websocket.market_stream import StreamConfig
from .code.adapter_clob_v2 import ClobV2Adapter
from .code.bot import BotConfig, MarketSpec, QuotingBot
from .code.quotes import QuoteConfig
from .code.sessions import _Taker, _yield, session_markets


@dataclass
class Rig:
    clob: LocalClob
    account: Any
    adapter: ClobV2Adapter
    taker: _Taker

    def bot(self, markets: tuple[MarketSpec, ...] = (), **config: Any) -> QuotingBot:
        cfg = BotConfig(
            markets=tuple(markets) or (MarketSpec(TOKEN),),
            market_stream=StreamConfig(url=self.clob.ws_market_url),
            user_stream=StreamConfig(url=self.clob.ws_user_url),
            **config,
        )
        return QuotingBot(
            self.adapter, cfg, clock=self.clob.clock.now, sleep=self.clob.advance,
            stream_sleep=_yield, seed=1,
        )  # fmt: skip

    def mine(self) -> list[dict]:
        return [
            o for o in self.clob.open_orders() if o["owner"] == self.adapter.credentials.api_key
        ]


@pytest.fixture
async def rig() -> AsyncIterator[Rig]:
    clob = LocalClob(seed=3, markets=session_markets())
    clob.start()
    account = Account.create()
    clob.fund(
        account.address, pusd=100, positions={t: 50 for t in (TOKEN, NEG_RISK_TOKEN, V3_TOKEN)}
    )
    taker = Account.create()
    clob.fund(
        taker.address, pusd=1000, positions={t: 500 for t in (TOKEN, NEG_RISK_TOKEN, V3_TOKEN)}
    )
    limits = TradingRateLimits.conservative(clock=clob.clock.now, sleep=clob.advance)
    adapter = ClobV2Adapter.connect(account.key.to_0x_hex(), host=clob.url, limits=limits)
    try:
        yield Rig(clob, account, adapter, _Taker(clob, taker))
    finally:
        adapter.remove_hook()
        clob.stop()


SMALL = QuoteConfig(size=Decimal(10))
