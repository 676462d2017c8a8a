"""Seeded sessions against the local CLOB with both SDKs: every invariant, judged from the
server's records, holds under random faults; and the judge catches a bot that breaks one."""

from __future__ import annotations

import copy

import pytest

from .code.bot import QuotingBot
from .code.sessions import FAULTS, INVARIANTS, SessionRunner

SDKS = ("polymarket-client", "py-clob-client-v2")


def covering_seeds(runner: SessionRunner) -> list[int]:
    """Seeds from 0 up, each kept when it draws a fault no kept seed drew, until every fault is
    drawn (a schedule is a function of its seed). The soak (`scripts/run.py soak`) runs 500
    consecutive seeds per SDK."""
    seeds: list[int] = []
    drawn: set[str] = set()
    for seed in range(500):
        faults = {fault for _, fault in runner.plan(seed)[2] if fault}
        if faults - drawn:
            seeds.append(seed)
            drawn |= faults
        if drawn == set(FAULTS):
            return seeds
    raise AssertionError(f"no seed below 500 draws {set(FAULTS) - drawn}")


@pytest.mark.slow
@pytest.mark.parametrize("sdk", SDKS)
async def test_seeded_sessions_drawing_every_fault_hold_every_invariant(sdk: str) -> None:
    runner = SessionRunner(sdk)
    seeds = covering_seeds(runner)
    try:
        results = [await runner.run(seed) for seed in seeds]
    finally:
        await runner.close()
    assert {r.seed: r.details for r in results if r.failed()} == {}
    assert all(set(r.invariants) == set(INVARIANTS) for r in results)
    drawn = {fault for r in results for _, fault in r.schedule if fault}
    assert drawn == set(FAULTS)  # every fault was injected at least once
    assert sum(r.orders for r in results) > 3 * len(seeds)
    assert sum(r.fills for r in results) > len(seeds)  # the counterparty took the quotes
    assert sum(r.rate_limited for r in results) > 0  # storms and a second client bit
    assert sum(r.lookups for r in results) > 0


def test_the_schedule_is_a_function_of_the_seed() -> None:
    a, b = SessionRunner("py-clob-client-v2"), SessionRunner("py-clob-client-v2")
    assert a.plan(11)[1:] == b.plan(11)[1:]
    assert a.plan(11)[1:] != a.plan(12)[1:]
    with pytest.raises(ValueError, match="unknown SDK"):
        SessionRunner("py-clob-client")


def _seed_with(runner: SessionRunner, fault: str, action: str | None = None) -> int:
    return next(
        s for s in range(500)
        if any(f == fault and action in (None, a) for a, f in runner.plan(s)[2])
    )  # fmt: skip


class NoResync(QuotingBot):
    """Forgets to read open orders after the heartbeat chain broke."""

    async def _resync(self) -> None:
        self.need_resync = False


class WrongStamp(QuotingBot):
    """Prices from one book and stamps another state on the intent."""

    async def _place(self, market, book, side, price, size) -> None:
        wrong = copy.copy(book)  # the bot's own book stays right (the stream keeps applying to it)
        wrong.timestamp += 1  # a state the server never published
        await super()._place(market, wrong, side, price, size)


class KeepsQuotes(QuotingBot):
    """Shuts down without cancelling and without reading fills back."""

    async def shutdown(self):
        self.config = type(self.config)(**{**self.config.__dict__, "dry_run": True})
        return await super().shutdown()


@pytest.mark.parametrize(
    ("broken", "fault", "invariant"),
    [
        (NoResync, "long_outage", INVARIANTS[6]),
        (WrongStamp, None, INVARIANTS[1]),
        (KeepsQuotes, None, INVARIANTS[2]),
    ],
)
async def test_the_judge_catches_a_broken_bot(broken, fault, invariant) -> None:
    runner = SessionRunner("py-clob-client-v2", bot_class=broken)
    seed = _seed_with(runner, fault) if fault else 0
    try:
        result = await runner.run(seed)
    finally:
        await runner.close()
    assert invariant in result.failed(), result.details


def test_run_many_and_a_tampered_record_fails_every_check(monkeypatch) -> None:
    """The judge reads only the records: doctor them after a real session and every invariant
    must fail (a made-up record, clearly: this tests the judge, not the bot)."""
    from ..code.local_clob.records import RequestRecord, Subscription
    from .code import sessions

    seen = {}
    real = sessions._judge

    def judge(result, clob, bot, key, address, allowed_429, short):
        real(result, clob, bot, key, address, allowed_429, short)
        assert not result.failed(), result.details
        rec = clob.records
        t = clob.clock.now()
        rec.requests.append(RequestRecord("GET", "/book", "", t, ("POLY_API_KEY",), address))
        rec.requests.append(RequestRecord("POST", "/order", "", t, (), address, status=429))
        rec.requests.append(RequestRecord("POST", "/v1/heartbeats", "", t + 99, (), address,
                                          status=200))  # fmt: skip
        for conn in rec.connections:
            conn.credentials_sent = True
            conn.subscriptions = [Subscription("nothing", 0.0)]
        result.report.pusd_units += 1
        real(result, clob, bot, key, address, False, [(t + 50, t + 55)])
        seen["failed"] = result.failed()

    monkeypatch.setattr(sessions, "_judge", judge)
    results = sessions.run_many("py-clob-client-v2", range(1), steps=2)
    assert len(results) == 1
    assert set(seen["failed"]) >= set(INVARIANTS[1:2] + INVARIANTS[3:7])


async def test_books_settled_gives_up_after_its_timeout() -> None:
    from ..code.local_clob.app import TOKEN, LocalClob
    from ..code.websocket.market_stream import StreamConfig
    from .code.bot import BotConfig, MarketSpec
    from .code.sessions import _books_settled, session_markets

    async with LocalClob(markets=session_markets()) as clob:

        class Idle:  # no SDK needed: the bot never gets past its streams
            fetch_book = None

        config = BotConfig((MarketSpec(TOKEN),), market_stream=StreamConfig(url=clob.ws_market_url))
        bot = QuotingBot(Idle(), config)  # type: ignore[arg-type]
        from ..code.websocket.market_stream import MarketStream

        bot.market_stream = MarketStream([TOKEN], None, config=config.market_stream)  # type: ignore[arg-type]
        await _books_settled(bot, clob, [TOKEN], timeout=0.0)  # not connected: returns at once
        assert not bot.market_stream.connected
