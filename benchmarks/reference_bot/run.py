"""Reference bot benchmark on loopback: tick-to-order latency per SDK (a book update received by
the bot -> its order POST arriving at the local CLOB), beside the SDK's bare place call and the
rate at which the rate limiter, not the bot, becomes the bottleneck.

    python3 scripts/run.py bench reference_bot

Writes scripts/tables/data/reference_bot_bench.json, which the page renders.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from eth_account import Account  # noqa: E402

from snippets.local_clob.app import TOKEN, LocalClob  # noqa: E402
from snippets.local_clob.sdk_env import local_environment  # noqa: E402
from snippets.rate_limiting.trading_limits import TradingRateLimits  # noqa: E402
from snippets.reference_bot.bot import BotConfig, MarketSpec, QuotingBot  # noqa: E402
from snippets.reference_bot.sessions import _Taker, session_markets  # noqa: E402
from snippets.websocket.market_stream import StreamConfig  # noqa: E402

OUT = ROOT / "scripts/tables/data/reference_bot_bench.json"


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class TimedBot(QuotingBot):
    """Notes when each book update reached the bot (wall clock, as the server records)."""

    events: list[float]

    async def _on_book(self, event) -> None:
        self.events.append(time.time())
        await super()._on_book(event)


def connect(sdk: str, clob: LocalClob, account, limits: TradingRateLimits):
    key = account.key.to_0x_hex()
    if sdk == "polymarket-client":
        from snippets.reference_bot.adapter import PolymarketAdapter

        return PolymarketAdapter.connect(
            key, wallet=account.address, environment=local_environment(clob.url), limits=limits
        )
    from snippets.reference_bot.adapter_clob_v2 import ClobV2Adapter

    return ClobV2Adapter.connect(key, host=clob.url, limits=limits)


def bare_place(sdk: str, adapter, rounds: int) -> list[float]:
    """The SDK's own one-call placement (sign + POST + reply), nothing of the bot around it."""
    times = []
    for k in range(rounds):
        price = Decimal("0.40") - Decimal("0.01") * (k % 5)
        start = time.perf_counter()
        if sdk == "polymarket-client":
            adapter.client.place_limit_order(token_id=TOKEN, price=price, size=5, side="BUY")
        else:
            from py_clob_client_v2 import OrderArgs, PartialCreateOrderOptions

            args = OrderArgs(token_id=TOKEN, price=float(price), size=5.0, side="BUY")
            adapter.client.create_and_post_order(args, PartialCreateOrderOptions(version=2))
        times.append(time.perf_counter() - start)
        if k % 5 == 4:
            adapter.client.cancel_all()
    return times


async def tick_to_order(sdk: str, rounds: int) -> dict:
    clob = LocalClob(seed=1, markets=session_markets())
    clob.start()
    try:
        account, other = Account.create(), Account.create()
        clob.fund(account.address, pusd=10_000, positions={TOKEN: 10_000})
        clob.fund(other.address, pusd=10_000, positions={TOKEN: 10_000})
        clob.set_tier(account.address, "elite")  # the server never limits: the bot's own pace
        limits = TradingRateLimits.exact("elite")
        adapter = await asyncio.to_thread(connect, sdk, clob, account, limits)
        taker = _Taker(clob, other)
        bare = await asyncio.to_thread(bare_place, sdk, adapter, rounds)
        config = BotConfig(
            markets=(MarketSpec(TOKEN),), react_to_books=True,
            market_stream=StreamConfig(url=clob.ws_market_url),
            user_stream=StreamConfig(url=clob.ws_user_url),
        )  # fmt: skip
        bot = TimedBot(adapter, config)
        bot.events = []
        stop = asyncio.Event()
        running = asyncio.create_task(bot.run(stop))  # steps (heartbeats) once a second
        while not any(i.state == "live" for i in bot.intents):
            await asyncio.sleep(0.05)
        signer = account.address.lower()
        latencies, cycles = [], []
        for k in range(rounds):
            await asyncio.sleep(0.05)  # a quiet book between ticks (benchmark, not a test)
            before = len(clob.records.requests)
            bot.events.clear()
            if k % 2 == 0:  # a bid inside the spread moves the mid up: the bot requotes
                await asyncio.to_thread(taker._post, TOKEN, "BUY", Decimal("0.47"), Decimal(5))
            else:  # and back
                await asyncio.to_thread(taker.client.cancel_all)
            for _ in range(200):
                posts = [
                    r for r in clob.records.requests[before:]
                    if r.signer.lower() == signer and r.method == "POST" and r.path == "/order"
                ]  # fmt: skip
                if len(posts) >= 2 and all(r.status for r in posts[:2]) and bot.events:
                    break
                await asyncio.sleep(0.01)
            else:
                continue
            tick = bot.events[0]
            latencies.append(posts[0].time - tick)
            cycles.append(posts[1].time - tick)
        stop.set()
        await running
        return {"tick_to_order": latencies, "requote": cycles, "bare": bare}
    finally:
        clob.stop()


def summary(values: list[float]) -> dict:
    ms = [v * 1000 for v in values]
    return {"n": len(ms), "p50_ms": round(pct(ms, 0.5), 2), "p99_ms": round(pct(ms, 0.99), 2),
            "mean_ms": round(statistics.fmean(ms), 2)}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    args = parser.parse_args(argv)
    limits = TradingRateLimits.conservative("standard")
    order_rate = limits.tier.order_rate * limits.headroom
    out: dict = {
        "measured": datetime.now(UTC).strftime("%Y-%m-%d"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_avg_1m_before": round(os.getloadavg()[0], 2),
        "rounds": args.rounds,
        "limiter": {"preset": "conservative", "tier": "standard",
                    "orders_per_s": order_rate, "burst": limits.bucket("post_order").capacity},
        "sdks": {},
    }  # fmt: skip
    for sdk in ("polymarket-client", "py-clob-client-v2"):
        raw = asyncio.run(tick_to_order(sdk, args.rounds))
        requote = summary(raw["requote"])
        bot_orders_per_s = round(2 / (requote["mean_ms"] / 1000), 1)  # two posts per requote
        out["sdks"][sdk] = {
            "tick_to_order": summary(raw["tick_to_order"]),
            "requote_both_sides": requote,
            "bare_place": summary(raw["bare"]),
            "bot_orders_per_s": bot_orders_per_s,
            "limiter_binds": bot_orders_per_s > order_rate,
        }
        print(sdk, json.dumps(out["sdks"][sdk]))
    out["load_avg_1m_after"] = round(os.getloadavg()[0], 2)
    OUT.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
