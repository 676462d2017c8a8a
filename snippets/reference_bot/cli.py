"""The bot's command line: quote one or more markets, or only say what it would do.

    export POLY_PRIVATE_KEY=0x...                     # never on the command line
    python -m reference_bot.cli --sdk py-clob-client-v2 --market 9798...070 --dry-run
    python -m reference_bot.cli --market 7199...080:v2 --size 10 --max-loss 5 --metrics-port 9108

`--market TOKEN[:VERSION]`: VERSION is Gamma's `version` ("v1" CTF, the default; "v2" Protocol
V2). `--clob-url` points both SDKs at another CLOB (the local CLOB in tests). Ctrl-C or SIGTERM
stops quoting and cancels everything; the last line is the shutdown report as JSON.
No py-clob-client-v2 twin: one command line serves both SDKs (`--sdk`).
Copy with: bot.py, adapter.py, adapter_clob_v2.py, logs.py, metrics.py, quotes.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
from decimal import Decimal
from typing import Any

from ..local_clob.sdk_env import local_environment
from ..websocket.market_stream import MARKET_URL, StreamConfig
from ..websocket.user_stream import USER_URL
from .bot import BotConfig, BotReport, MarketSpec, QuotingBot
from .logs import configure
from .metrics import BotMetrics
from .quotes import QuoteConfig

try:
    from prometheus_client import start_http_server
except ImportError:  # optional: --metrics-port then says it needs prometheus-client
    start_http_server = None


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="reference_bot", description=__doc__.splitlines()[0])
    p.add_argument("--sdk", choices=("polymarket-client", "py-clob-client-v2"),
                   default="polymarket-client")  # fmt: skip
    p.add_argument("--market", action="append", required=True, help="TOKEN[:v1|v2]")
    p.add_argument("--clob-url", default=None, help="default: production")
    p.add_argument("--dry-run", action="store_true", help="sign and log; send no order")
    p.add_argument("--size", type=Decimal, default=QuoteConfig.size)
    p.add_argument("--half-spread-ticks", type=int, default=QuoteConfig.half_spread_ticks)
    p.add_argument("--max-position", type=Decimal, default=QuoteConfig.max_position)
    p.add_argument("--max-loss", type=Decimal, default=QuoteConfig.max_loss)
    p.add_argument("--interval", type=float, default=1.0, help="seconds between steps")
    p.add_argument("--steps", type=int, default=None, help="stop after this many steps")
    p.add_argument("--metrics-port", type=int, default=None, help="serve /metrics here")
    p.add_argument("--metrics-addr", default="127.0.0.1", help="0.0.0.0 to let others scrape")
    p.add_argument("--log-level", default="INFO")
    return p.parse_args(argv)


def specs(markets: list[str]) -> tuple[MarketSpec, ...]:
    out = []
    for text in markets:
        token, _, version = text.partition(":")
        out.append(MarketSpec(token, version or "v1"))
    return tuple(out)


def connect(args: argparse.Namespace, private_key: str) -> Any:
    """The adapter for `--sdk`: credentials are derived from the key (L1) on the way."""
    if args.sdk == "polymarket-client":
        from polymarket.environments import PRODUCTION

        from .adapter import PolymarketAdapter

        env = local_environment(args.clob_url) if args.clob_url else PRODUCTION
        return PolymarketAdapter.connect(
            private_key, wallet=os.environ.get("POLY_WALLET"), environment=env
        )
    from .adapter_clob_v2 import ClobV2Adapter

    return ClobV2Adapter.connect(private_key, host=args.clob_url or "https://clob.polymarket.com")


def config(args: argparse.Namespace) -> BotConfig:
    ws = "ws" + args.clob_url.removeprefix("http") + "/ws/" if args.clob_url else None
    quote = QuoteConfig(args.size, args.half_spread_ticks, args.max_position, args.max_loss)
    return BotConfig(
        markets=specs(args.market), quote=quote, dry_run=args.dry_run,
        step_interval=args.interval,
        market_stream=StreamConfig(url=ws + "market" if ws else MARKET_URL),
        user_stream=StreamConfig(url=ws + "user" if ws else USER_URL),
    )  # fmt: skip


async def run(
    args: argparse.Namespace, stop: asyncio.Event | None = None, metrics: BotMetrics | None = None
) -> BotReport:
    private_key = os.environ.get("POLY_PRIVATE_KEY", "")
    if not private_key:
        raise SystemExit("set POLY_PRIVATE_KEY (the key is never read from the command line)")
    metrics = metrics or BotMetrics()
    if args.metrics_port is not None:
        if start_http_server is None:
            raise SystemExit(
                "--metrics-port needs prometheus-client: pip install prometheus-client"
            )
        server, _ = start_http_server(
            args.metrics_port, args.metrics_addr, registry=metrics.registry
        )
        metrics.server = server  # type: ignore[attr-defined]  # the caller may shut it down
    adapter = await asyncio.to_thread(connect, args, private_key)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        return await QuotingBot(adapter, config(args), metrics=metrics).run(stop, args.steps)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


def main(argv: list[str] | None = None) -> BotReport:
    args = parse(argv)
    configure(args.log_level)
    report = asyncio.run(run(args))
    print(json.dumps({
        "canceled": len(report.canceled), "not_canceled": report.not_canceled,
        "pusd_units": report.pusd_units, "drift": str(report.drift), "intents": report.intents,
    }))  # fmt: skip
    return report


if __name__ == "__main__":
    main()
