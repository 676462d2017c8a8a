"""The bot's decisions one by one, against the local CLOB through py-clob-client-v2: what it
quotes, when it will not, how it halts, what shutdown reports. The server's records decide."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest

from ..code.local_clob.app import NEG_RISK_TOKEN, TOKEN, V3_TOKEN
from ..code.market_versions.exchanges import MarketVersionError
from .code.bot import MarketSpec
from .code.quotes import QuoteConfig
from .code.sessions import _books_settled
from .conftest import Rig


async def started(rig: Rig, **config):
    bot = rig.bot(**config)
    await bot.start()
    await _books_settled(bot, rig.clob, list(bot.markets))
    return bot


async def test_quotes_both_sides_signed_for_each_market_exchange(rig: Rig) -> None:
    markets = (MarketSpec(TOKEN), MarketSpec(NEG_RISK_TOKEN), MarketSpec(V3_TOKEN, "v2"))
    bot = await started(rig, markets=markets)
    await bot.step()
    mine = rig.mine()
    assert sorted((o["asset_id"][:6], o["side"], o["price"]) for o in mine) == sorted(
        [(t[:6], s, p) for t in (TOKEN, V3_TOKEN) for s, p in (("BUY", "0.48"), ("SELL", "0.52"))]
        + [(NEG_RISK_TOKEN[:6], "BUY", "0.498"), (NEG_RISK_TOKEN[:6], "SELL", "0.502")]
    )
    routes = {t[:6]: (m.route.exchange, m.route.domain_version) for t, m in bot.markets.items()}
    assert routes[V3_TOKEN[:6]][1] == "3" and routes[NEG_RISK_TOKEN[:6]][1] == "2"
    published = {h for _, _, h, _ in rig.clob.records.published}
    assert all(i.book_hash in published and i.state == "live" for i in bot.intents)
    await _books_settled(bot, rig.clob, list(bot.markets))  # its own quotes now in its books
    await bot.step()  # nothing moved: nothing re-posted
    assert len(rig.clob.records.orders) == 6
    report = await bot.shutdown()
    assert len(report.canceled) == 6 and report.not_canceled == {} and not rig.mine()
    assert report.drift == 0 and report.pusd_units == rig.clob.balances(rig.account.address)["pusd"]
    assert bot.metrics.snapshot()["orders{placed}"] == 6


async def test_a_fill_reaches_the_ledger_and_the_quote_is_renewed(rig: Rig) -> None:
    bot = await started(rig)
    await bot.step()
    bid = next(o for o in rig.mine() if o["side"] == "BUY")
    await asyncio.to_thread(rig.taker._post, TOKEN, "SELL", Decimal(bid["price"]), Decimal(10))
    rig.clob.advance(1)
    await _books_settled(bot, rig.clob, [TOKEN])
    await bot.step()
    report = await bot.shutdown()
    assert report.positions[TOKEN] == 10
    assert report.pusd_units == rig.clob.balances(rig.account.address)["pusd"] == 95_200_000


async def test_restart_cancels_orders_left_by_a_previous_run(rig: Rig) -> None:
    old = rig.adapter.sign(TOKEN, _route(), "BUY", Decimal("0.3"), Decimal(5))
    rig.adapter.client.post_order(old[0])
    assert len(rig.mine()) == 1
    bot = await started(rig)
    await bot.step()
    assert old[1] not in {o["id"] for o in rig.mine()} and len(rig.mine()) == 2
    await bot.shutdown()


def _route():
    from ..code.market_versions.exchanges import route_for

    return route_for("v1", False)


async def test_no_quote_without_a_live_subscription_or_a_verified_book(rig: Rig) -> None:
    bot = await started(rig)
    await bot.step()
    assert len(rig.mine()) == 2
    bot.market_down.clear()
    rig.clob.faults.ws_abrupt_close(channel="market")
    await asyncio.wait_for(bot.market_down.wait(), 5)
    await bot.step()  # blind: the quotes are pulled, nothing placed
    assert rig.mine() == [] and bot.markets[TOKEN].unfresh_since is not None
    await _books_settled(bot, rig.clob, [TOKEN])
    book = bot.market_stream.books[TOKEN]
    book.hash, book.hash_checked = "0" * 40, False  # a diverged book: verify_now resyncs it
    assert bot.fresh(book) == "book hash not verified"
    await bot.shutdown()


async def test_credentials_refused_halts_quoting(rig: Rig) -> None:
    bot = await started(rig)
    rig.clob.faults.fail("/order", 401, {"error": "Unauthorized/Invalid api key"}, "POST", None)
    await bot.step()
    assert bot.halted.startswith("credentials")
    rig.clob.clear_faults()
    await bot.step()
    assert rig.mine() == []
    await bot.shutdown()


async def test_loss_limit_and_cancel_only_stop_new_quotes(rig: Rig) -> None:
    bot = await started(rig, quote=QuoteConfig(max_loss=Decimal(-1)))
    await bot.step()
    assert bot.halted == "loss limit" and rig.mine() == []
    await bot.shutdown()
    bot = await started(rig)
    rig.clob.set_mode("cancel_only")
    await bot.step()
    assert bot.paused_until > rig.clob.clock.now() and rig.mine() == []
    rig.clob.set_mode("normal")
    await bot.shutdown()


async def test_a_quote_the_market_refuses_is_never_signed(rig: Rig) -> None:
    bot = await started(rig, quote=QuoteConfig(size=Decimal(2)))  # min_order_size is 5
    await bot.step()
    assert bot.intents == [] and rig.clob.records.orders == {}
    await bot.shutdown()


async def test_an_order_signed_for_the_wrong_exchange_is_caught_before_posting(rig: Rig) -> None:
    rig.clob.faults.mutate("/book", "retype", "neg_risk", to=True, times=1)  # metadata lies
    bot = await started(rig)
    assert bot.markets[TOKEN].route.exchange.lower().startswith("0xe2222")
    await bot.step()
    assert bot.intents == [] and rig.clob.records.orders == {}  # signing check refused both
    await bot.shutdown()


async def test_a_v2_position_id_declared_v1_is_refused(rig: Rig) -> None:
    bot = rig.bot(markets=(MarketSpec(V3_TOKEN, "v1"),))
    with pytest.raises(MarketVersionError):
        await bot.start()


async def test_shutdown_lists_what_it_could_not_cancel(rig: Rig) -> None:
    bot = await started(rig)
    await bot.step()
    live = {o["id"] for o in rig.mine()}
    rig.clob.faults.fail("/cancel-all", 400, {"error": "boom"}, times=None)
    rig.clob.faults.fail("/data/order/", 500, times=None)  # fills cannot be read back either
    report = await bot.shutdown()
    assert set(report.not_canceled) == live
    assert set(report.not_canceled.values()) == {"still open after cancel-all"}
    rig.clob.clear_faults()
    rig.adapter.cancel_all()


async def test_errors_on_reads_are_classified_not_raised(rig: Rig) -> None:
    bot = await started(rig)
    await bot.step()
    rig.clob.faults.fail("/data/orders", 500, times=None)
    rig.clob.faults.fail("/balance-allowance", 500, times=None)
    rig.clob.faults.fail("/orders", 500, method="DELETE", times=None)
    bot.need_resync = True
    await bot.step()
    assert bot.need_resync  # still unknown: nothing new is placed
    assert await bot.reconcile() is None
    await bot._cancel([i.order_id for i in bot.intents], "test")
    assert all(i.state == "live" for i in bot.intents)
    rig.clob.clear_faults()
    await bot.step()  # the re-sync now succeeds: both quotes are still open
    assert not bot.need_resync and all(i.state == "live" for i in bot.intents)
    report = await bot.shutdown()
    assert len(report.canceled) == 2


async def test_a_broken_heartbeat_chain_is_restarted_and_orders_resynced(rig: Rig) -> None:
    bot = await started(rig)
    await bot.step()
    rig.clob.advance(11)  # no beat for longer than the timeout: the exchange cancels
    assert rig.mine() == []
    rig.clob.faults.fail("/v1/heartbeats", 400, {"error": "Invalid Heartbeat ID"}, times=2)
    await bot.step()  # the id is refused, the restart too: open orders re-read, nothing placed
    assert not bot.need_resync and bot.last_beat_ok < rig.clob.clock.now() - 10
    assert rig.mine() == []
    rig.clob.advance(1)
    await bot.step()  # "" starts a new chain, open orders are read, then quotes
    paths = [r.path for r in rig.clob.records.requests]
    assert paths.index("/data/orders", paths.index("/v1/heartbeats") + 1) < len(paths)
    assert len(rig.mine()) == 2
    await bot.shutdown()


async def test_react_to_books_requotes_without_waiting_for_a_step(rig: Rig) -> None:
    bot = await started(rig, react_to_books=True)
    await bot.step()
    before = {o["id"] for o in rig.mine()}
    await asyncio.to_thread(rig.taker._post, TOKEN, "BUY", Decimal("0.49"), Decimal(5))
    for _ in range(100):  # event-driven: wait on the bot's book events, no sleep
        bot.book_changed.clear()
        if {o["id"] for o in rig.mine()} - before:
            break
        await asyncio.wait_for(bot.book_changed.wait(), 5)
    assert {o["id"] for o in rig.mine()} - before
    await bot.shutdown()


async def test_an_unknown_outcome_is_resolved_with_the_same_signed_order(rig: Rig) -> None:
    bot = await started(rig, reconcile_every=0.0)
    rig.clob.faults.drop_before("/order", method="POST", times=None)  # the server never sees it
    await bot.step()
    assert {i.state for i in bot.intents} == {"unknown"} and rig.mine() == []
    ids = {i.order_id for i in bot.intents}
    rig.clob.clear_faults()
    await bot.step()  # the same two signed orders, posted again: now accepted once each
    assert {o["id"] for o in rig.mine()} == ids and all(i.state == "live" for i in bot.intents)
    assert bot.metrics.snapshot()["balance_drift"] == 0.0  # reconciled every step
    rig.clob.faults.drop_before("/order", method="POST", times=None)
    bot.intents[0].state = "unknown"  # as if its reply had been lost: shutdown still settles it
    rig.adapter.cancel([bot.intents[0].order_id])
    rig.clob.clear_faults()
    report = await bot.shutdown()
    assert report.not_canceled == {} and not rig.mine()


async def test_no_quote_before_the_first_accepted_heartbeat(rig: Rig) -> None:
    bot = await started(rig)
    rig.clob.faults.drop_before("/v1/heartbeats", times=1)
    await bot.step()
    assert bot.last_beat_ok is None and bot.intents == []
    await bot.step()
    assert len(rig.mine()) == 2
    await bot.shutdown()


async def test_dry_run_requotes_on_paper(rig: Rig) -> None:
    bot = await started(rig, dry_run=True)
    await bot.step()
    first = [(i.side, i.price, i.state) for i in bot.intents]
    await asyncio.to_thread(rig.taker._post, TOKEN, "BUY", Decimal("0.46"), Decimal(5))
    await _books_settled(bot, rig.clob, [TOKEN])
    await bot.step()  # best bid 0.46: mid 0.505, so the ask moves up a tick, the bid stays
    assert first == [("BUY", Decimal("0.48"), "dry"), ("SELL", Decimal("0.52"), "dry")]
    assert [(i.side, i.price, i.state) for i in bot.intents] == [
        ("BUY", Decimal("0.48"), "dry"), ("SELL", Decimal("0.52"), "done"),
        ("SELL", Decimal("0.53"), "dry"),
    ]  # fmt: skip
    mine = {r.path for r in rig.clob.records.requests if r.signer == rig.account.address}
    assert "/balance-allowance" in mine and "/order" not in mine and "/v1/heartbeats" not in mine
    assert (await bot.shutdown()).drift is None


async def test_run_stops_when_told_and_waits_only_so_long_for_books(rig: Rig) -> None:
    stop = asyncio.Event()
    stop.set()
    bot = rig.bot(ready_timeout=0.0)
    assert await bot.wait_ready(0.0) is False  # no stream yet: never fresh
    report = await bot.run(stop)
    assert report.intents == 0 and bot.stopping


async def test_errors_the_sdk_does_not_know_are_classified_as_local(rig: Rig) -> None:
    bot = rig.bot()
    decision = bot._decide(KeyError("tick_size"), "pricing")
    assert (decision.rule, decision.failure.sent) == ("client_validation", False)


async def test_shutdown_when_the_server_cannot_even_list_orders(rig: Rig) -> None:
    bot = await started(rig)
    await bot.step()
    rig.clob.faults.fail("/cancel-all", 400, {"error": "boom"}, times=None)
    rig.clob.faults.fail("/data/orders", 500, times=None)
    report = await bot.shutdown()
    assert list(report.not_canceled) == ["?"]
    rig.clob.clear_faults()
    rig.adapter.cancel_all()


async def test_a_429_holds_the_next_signed_call_until_retry_after(rig: Rig) -> None:
    bot = await started(rig)
    rig.clob.faults.storm(times=None, retry_after=1, path="/order")  # until cleared
    await bot.step()
    assert bot.metrics.snapshot()["rate_limited"] >= 1
    limited = [r for r in rig.clob.records.requests if r.status == 429]
    rig.clob.clear_faults()
    await bot.step()
    assert bot.metrics.snapshot()["holds"] >= 1
    later = [r for r in rig.clob.records.requests if r.time > limited[-1].time and r.api_key]
    # the server saw nothing signed from the bot inside the Retry-After window
    assert later and min(r.time for r in later) >= limited[-1].time + 1.0
    assert not any(r.in_retry_after for r in rig.clob.records.requests)
    await bot.shutdown()
