"""BalanceTracker through real web3 (sync and async), replaying JSON-RPC recorded from anvil.

The cassettes come from scripts/record_chain.py (see chain_state.py for the chain). Failures
of an RPC are simulated in-process by a provider that raises, in front of the recorded node.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from decimal import Decimal
from typing import Any

import pytest
from eth_abi import encode
from web3 import AsyncWeb3, Web3
from web3.exceptions import BadFunctionCallOutput
from web3.providers import AsyncBaseProvider, BaseProvider

from . import code
from .chain_state import (
    EMPTY,
    EXTRA_BLOCKS,
    FUNDED,
    LAGGING_URL,
    MAIN_URL,
    MAX,
    MOVER,
    NO_APPROVAL,
    UNWRAPPED,
    WRONG_CHAIN_URL,
    set_pusd,
)
from .code.balance_tracker import (
    HISTORY_SIZE,
    AsyncBalanceTracker,
    BalanceReadError,
    BalanceTracker,
    WrongChainError,
    checksummed,
    decode_words,
    redact,
)
from .code.diagnosis import (
    EXCHANGE_V2,
    EXCHANGE_V3,
    EXCHANGES,
    NEG_RISK_EXCHANGE_V2,
    Outcome,
    units,
)

BLOCK = 1 + EXTRA_BLOCKS  # Multicall3's deployment mined block 1, then EXTRA_BLOCKS more


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class Switchable(BaseProvider):
    """A recorded node behind a switch: `down = True` makes it fail like a dead RPC."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.inner = Web3.HTTPProvider(url, cache_allowed_requests=True)
        self.endpoint_uri, self.down = url, False

    def make_request(self, method: Any, params: Any) -> Any:
        if self.down:
            raise ConnectionError(f"{self.endpoint_uri} refused the connection")
        return self.inner.make_request(method, params)


class Down(BaseProvider):
    def make_request(self, method: Any, params: Any) -> Any:
        raise ConnectionError("primary RPC is down")


class AsyncDown(AsyncBaseProvider):
    async def make_request(self, method: Any, params: Any) -> Any:
        raise ConnectionError("primary RPC is down")


def rpc_methods(cassette: Any) -> list[str]:
    return [json.loads(r.body)["method"] for r in cassette.requests]


@pytest.mark.vcr
def test_one_round_trip_reads_every_balance_at_one_block(vcr: Any) -> None:
    tracker = BalanceTracker.from_urls([MAIN_URL], FUNDED.address, clock=Clock(1000.0))
    assert tracker.update("startup") == Decimal("1234.567890")
    reading = tracker.latest
    assert reading is not None
    assert (reading.usdce, reading.usdc, reading.pol) == (0, 0, Decimal(5))
    assert reading.allowances == dict.fromkeys(EXCHANGES.values(), units(MAX))
    assert (reading.block_number, reading.reason, reading.read_at) == (BLOCK, "startup", 1000.0)
    assert reading.endpoint == MAIN_URL
    # one eth_call for everything; eth_chainId is asked once and then cached
    assert rpc_methods(vcr) == ["eth_chainId", "eth_chainId", "eth_call"]


@pytest.mark.vcr
def test_reconcile_ok_and_surplus_from_the_chain() -> None:
    tracker = BalanceTracker.from_urls([MAIN_URL], FUNDED.address, clock=Clock())
    tracker.update()
    ok = tracker.reconcile("1234.56", "0.01", spender=EXCHANGE_V2)
    assert (ok.outcome, ok.within_tolerance, ok.source) == (Outcome.OK, True, "chain")
    assert ok.difference == Decimal("0.00789") and ok.block_number == BLOCK
    surplus = tracker.reconcile(1000, 1)
    assert surplus.outcome is Outcome.SURPLUS and not surplus.within_tolerance
    assert surplus.difference == Decimal("234.567890")


@pytest.mark.vcr
def test_unwrapped_usdce_and_usdc_are_their_own_outcome() -> None:
    tracker = BalanceTracker.from_urls([MAIN_URL], UNWRAPPED.address, clock=Clock())
    assert tracker.update() == Decimal("10")
    assert (tracker.latest.usdce, tracker.latest.usdc) == (Decimal(500), Decimal("25.5"))
    result = tracker.reconcile(400, 0)
    assert result.outcome is Outcome.NOT_WRAPPED
    assert result.actual == 10 and result.difference == -390
    assert "wrap(" in result.fix and "CollateralOnramp" in result.fix
    assert tracker.reconcile(600, 0).outcome is Outcome.INSUFFICIENT


@pytest.mark.vcr
def test_missing_approval_names_the_exchange() -> None:
    tracker = BalanceTracker.from_urls([MAIN_URL], NO_APPROVAL.address, clock=Clock())
    tracker.update("before neg-risk order")
    assert tracker.reconcile(200, 0, spender=EXCHANGE_V2).outcome is Outcome.OK
    for spender in (NEG_RISK_EXCHANGE_V2, EXCHANGE_V3):
        result = tracker.reconcile(200, 0, spender=spender)
        assert result.outcome is Outcome.MISSING_APPROVAL
        assert spender in result.detail and "approve()" in result.fix


@pytest.mark.vcr
def test_empty_wallet_is_insufficient() -> None:
    tracker = BalanceTracker.from_urls([MAIN_URL], EMPTY.address, clock=Clock())
    assert tracker.update() == 0
    assert tracker.latest.pol == 0
    assert tracker.reconcile(1, 0).outcome is Outcome.INSUFFICIENT


@pytest.mark.vcr
def test_wrong_chain_id_is_refused_and_nothing_recorded() -> None:
    tracker = BalanceTracker.from_urls([WRONG_CHAIN_URL, MAIN_URL], FUNDED.address)
    with pytest.raises(WrongChainError, match="serves chain 1, not 137"):
        tracker.update()
    assert not tracker.history


@pytest.mark.vcr
def test_retries_then_falls_back_to_the_next_rpc(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=code.__name__)
    sleeps: list[float] = []
    fallback = BalanceTracker.from_urls([MAIN_URL], FUNDED.address)._endpoints[0]
    tracker = BalanceTracker([Web3(Down()), fallback], FUNDED.address, sleep=sleeps.append)
    assert tracker.update("fallback") == Decimal("1234.56789")
    assert sleeps == [0.25, 0.5]  # three tries on the primary, exponential backoff
    assert tracker.latest.endpoint == MAIN_URL
    # every failed try and the fallback leave a trace, with structured fields
    failed = [r for r in caplog.records if r.getMessage().startswith("balance read failed")]
    assert [(r.endpoint, r.attempt) for r in failed] == [("Down", 0), ("Down", 1), ("Down", 2)]
    assert all("primary RPC is down" in r.error for r in failed)
    (used,) = [r for r in caplog.records if r.levelno == logging.INFO]
    assert (used.endpoint, used.fallback, used.attempt) == (MAIN_URL, 1, 0)


@pytest.mark.vcr
def test_when_every_rpc_fails_the_old_reading_turns_stale() -> None:
    clock, provider = Clock(1000.0), Switchable(MAIN_URL)
    tracker = BalanceTracker([Web3(provider)], FUNDED.address, clock=clock, sleep=lambda s: None)
    tracker.update("first")
    provider.down = True
    clock.now += 31
    with pytest.raises(BalanceReadError, match="refused the connection") as info:
        tracker.update("second")
    assert len(info.value.errors) == 3 and len(tracker.history) == 1
    stale = tracker.reconcile("1234.56789", 0)
    assert stale.outcome is Outcome.STALE_READING and not stale.within_tolerance
    assert stale.difference == 0  # the number matches, but it is 31 s old: not fresh


@pytest.mark.vcr
def test_a_lagging_fallback_is_never_taken_as_fresh() -> None:
    primary = Switchable(MAIN_URL)
    lagging = BalanceTracker.from_urls([LAGGING_URL], FUNDED.address)._endpoints[0]
    tracker = BalanceTracker(
        [Web3(primary), lagging], FUNDED.address, retries=0, sleep=lambda s: None
    )
    tracker.update()
    primary.down = True
    with pytest.raises(BalanceReadError, match=f"lags at block 1 < {BLOCK}"):
        tracker.update()
    assert [r.block_number for r in tracker.history] == [BLOCK]


@pytest.mark.vcr
async def test_async_tracker_reads_the_same_chain(vcr: Any) -> None:
    tracker = AsyncBalanceTracker.from_urls([MAIN_URL], UNWRAPPED.address, clock=Clock())
    assert await tracker.update("async") == Decimal("10")
    assert tracker.latest.block_number == BLOCK and tracker.latest.usdce == 500
    assert tracker.reconcile(400, 0).outcome is Outcome.NOT_WRAPPED
    assert rpc_methods(vcr).count("eth_call") == 1
    await tracker.aclose()


@pytest.mark.vcr
async def test_async_retries_then_falls_back() -> None:
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    fallback = AsyncBalanceTracker.from_urls([MAIN_URL], FUNDED.address)._endpoints[0]
    tracker = AsyncBalanceTracker(
        [AsyncWeb3(AsyncDown()), fallback], FUNDED.address, sleep=sleep, retries=1
    )
    assert await tracker.update() == Decimal("1234.56789")
    assert sleeps == [0.25] and tracker.latest.endpoint == MAIN_URL
    await fallback.provider.disconnect()


@pytest.mark.vcr
async def test_async_wrong_chain_and_lag_are_refused() -> None:
    wrong = AsyncBalanceTracker.from_urls([WRONG_CHAIN_URL], FUNDED.address)
    with pytest.raises(WrongChainError):
        await wrong.update()
    await wrong.aclose()
    tracker = AsyncBalanceTracker.from_urls([MAIN_URL], FUNDED.address)
    await tracker.update()
    await tracker.aclose()
    tracker._endpoints = AsyncBalanceTracker.from_urls([LAGGING_URL], FUNDED.address)._endpoints
    with pytest.raises(BalanceReadError, match="lags at block 1"):
        await tracker.update()
    await tracker.aclose()
    assert not wrong.history and len(tracker.history) == 1


@pytest.mark.vcr
def test_history_keeps_reason_and_block_of_each_reading() -> None:
    """Runs last: it mines a block on the recorded chain."""
    tracker = BalanceTracker.from_urls([MAIN_URL], MOVER.address, clock=Clock())
    assert tracker.update("startup") == 100
    set_pusd(MAIN_URL, MOVER.address, 75_250_000)  # a fill spent 24.75 pUSD
    assert tracker.update("after fill") == Decimal("75.25")
    assert [(r.reason, r.block_number) for r in tracker.history] == [
        ("startup", BLOCK),
        ("after fill", BLOCK + 1),
    ]


# ---- bad input: clear errors, no network, nothing recorded ----


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("0x1234", "is not an address"),
        (FUNDED.address.lower(), "is not checksummed"),
        (12345, "is not an address"),
    ],
)
def test_bad_funder_addresses_are_refused(address: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        BalanceTracker.from_urls([MAIN_URL], address)
    assert checksummed(FUNDED.address) == FUNDED.address


def test_bad_arguments_are_refused_before_any_call() -> None:
    tracker = BalanceTracker.from_urls([MAIN_URL], FUNDED.address)
    with pytest.raises(ValueError, match="tolerance must be >= 0"):
        tracker.reconcile(10, -1)
    with pytest.raises(LookupError, match="call update"):
        tracker.reconcile(10, 0)
    with pytest.raises(ValueError, match="not checksummed"):
        tracker.reconcile(10, 0, spender=EXCHANGE_V2.lower())
    with pytest.raises(ValueError, match="at least one RPC"):
        BalanceTracker([], FUNDED.address)
    assert not tracker.history


def test_undecodable_answers_are_rpc_errors() -> None:
    with pytest.raises(BadFunctionCallOutput, match="no Multicall3"):
        decode_words(b"", "x")
    short = encode(["(bool,bytes)[]"], [[(True, b"")]])
    with pytest.raises(BadFunctionCallOutput, match="answered no data"):
        decode_words(short, "x")
    good = encode(["(bool,bytes)[]"], [[(True, (7).to_bytes(32, "big"))]])
    assert decode_words(good, "x") == [7]


def test_options_trim_the_call_list() -> None:
    tracker = BalanceTracker.from_urls(
        [MAIN_URL], FUNDED.address, usdce=False, usdc=False, pol=False
    )
    assert len(tracker._calls()) == 1 + len(EXCHANGES) + 1  # pUSD, allowances, block


# ---- history: bounded, and an update compares with the latest reading only ----


def _answer(block: int, pusd: int = 100_000_000) -> bytes:
    """aggregate3's encoded answer for the default call list (3 tokens, 3 allowances, POL)."""
    words = [pusd, 0, 0, *[MAX] * len(EXCHANGES), 0, block]
    return encode(["(bool,bytes)[]"], [[(True, w.to_bytes(32, "big")) for w in words]])


class NoScan(deque):  # type: ignore[type-arg]
    """A history that fails the test if anything iterates over all of it."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        raise AssertionError("an update scanned the whole history")


def test_history_is_bounded_and_never_scanned() -> None:
    tracker = BalanceTracker.from_urls([MAIN_URL], FUNDED.address, clock=Clock(), history_size=3)
    assert tracker.history.maxlen == 3
    tracker.history = NoScan(maxlen=3)
    for block in range(1, 6):
        tracker._record(tracker._reading(_answer(block), "node", f"r{block}"), 0, 0)
    assert [tracker.history[i].block_number for i in range(3)] == [3, 4, 5]
    assert tracker._reading(_answer(4), "node", None) == "node: lags at block 4 < 5"
    assert tracker.latest.reason == "r5"


def test_history_has_a_default_bound() -> None:
    tracker = BalanceTracker.from_urls([MAIN_URL], FUNDED.address, clock=Clock())
    assert tracker.history.maxlen == HISTORY_SIZE == 1_000
    head = _answer(0)[:-32]  # the block number is the answer's last word
    for block in range(HISTORY_SIZE + 5):
        tracker._record(tracker._reading(head + block.to_bytes(32, "big"), "node", None), 0, 0)
    assert len(tracker.history) == HISTORY_SIZE and tracker.history[0].block_number == 5
    with pytest.raises(ValueError, match="history_size"):
        BalanceTracker.from_urls([MAIN_URL], FUNDED.address, history_size=0)


class KeyedDown(BaseProvider):
    """A hosted RPC whose URL carries an API key, down; its error names the full URL."""

    endpoint_uri = "https://user:pw@rpc.example.com/v2/SECRETKEY?apikey=QUERYKEY"

    def make_request(self, method: Any, params: Any) -> Any:
        raise ConnectionError(f"Max retries exceeded with url: {self.endpoint_uri} (/v2/SECRETKEY)")


def test_logs_and_errors_never_show_an_rpc_key(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=code.__name__)
    tracker = BalanceTracker([Web3(KeyedDown())], FUNDED.address, retries=1, sleep=lambda s: None)
    with pytest.raises(BalanceReadError) as failed:
        tracker.update()
    shown = str(failed.value) + "".join(str(r.__dict__) for r in caplog.records)
    for secret in ("SECRETKEY", "QUERYKEY", "user:pw", "/v2/"):
        assert secret not in shown
    assert "https://rpc.example.com" in shown and len(caplog.records) == 3
    assert redact("Down: boom", "Down") == "Down: boom"
