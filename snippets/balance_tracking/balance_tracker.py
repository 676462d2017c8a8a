"""BalanceTracker: pUSD (plus USDC.e, native USDC, POL and the exchanges' pUSD allowances) in
one Multicall3 round trip, each reading stamped with its block; retries, a fallback RPC and a
chain-id check. `BalanceTracker` (web3 sync) and `AsyncBalanceTracker` (AsyncWeb3).

`history` keeps the last `history_size` readings (a bounded deque): a long-running bot does not
grow without bound, and each update compares with the latest reading only. Every retry and RPC
fallback is logged on this module's logger with structured fields (endpoint, attempt, error).

Copy with: diagnosis.py
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from eth_abi import decode, encode
from eth_utils import function_signature_to_4byte_selector as selector
from web3 import AsyncWeb3, Web3
from web3.exceptions import BadFunctionCallOutput, Web3Exception

from .diagnosis import (
    EXCHANGES,
    NATIVE_USDC,
    PUSD,
    USDC_E,
    ClobView,
    Reading,
    Reconciliation,
    diagnose,
    units,
)

log = logging.getLogger(__name__)
POLYGON = 137
#: Readings kept in `history`; the oldest fall off.
HISTORY_SIZE = 1_000
MULTICALL3 = "0xcA11bde05977b3631167028862bE2a173976CA11"  # same address on every chain
#: What a flaky RPC raises: requests' errors are OSErrors; web3's own errors; timeouts.
RETRYABLE: tuple[type[BaseException], ...] = (OSError, TimeoutError, Web3Exception)
_AGGREGATE3 = selector("aggregate3((address,bool,bytes)[])")
_BALANCE_OF = selector("balanceOf(address)")
_ALLOWANCE = selector("allowance(address,address)")
_ETH_BALANCE = selector("getEthBalance(address)")
_BLOCK_NUMBER = selector("getBlockNumber()")


class WrongChainError(ValueError):
    """The RPC answers for another chain: a configuration error, never retried."""


class BalanceReadError(RuntimeError):
    """Every endpoint failed (or lagged); no reading was recorded."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("no fresh reading from any RPC: " + "; ".join(errors))
        self.errors = errors
        log.error("no fresh balance reading from any RPC", extra={"errors": errors})


def checksummed(address: str, what: str = "address") -> str:
    """The address itself, if it is a valid EIP-55 checksummed address; else ValueError."""
    if not isinstance(address, str) or not Web3.is_address(address):
        raise ValueError(f"{what} {address!r} is not an address")
    good = Web3.to_checksum_address(address)
    if address != good:
        raise ValueError(f"{what} {address!r} is not checksummed (did you mean {good}?)")
    return address


def decode_words(raw: bytes, endpoint: str) -> list[int]:
    """aggregate3's (success, returnData)[] as one uint256 per call; no data is an error."""
    if not raw:
        raise BadFunctionCallOutput(f"{endpoint}: no Multicall3 at {MULTICALL3}")
    (results,) = decode(["(bool,bytes)[]"], raw)
    if any(len(data) != 32 for _, data in results):
        raise BadFunctionCallOutput(f"{endpoint}: a token answered no data; is this Polygon?")
    return [int.from_bytes(data, "big") for _, data in results]


class _Core:
    """Everything but the I/O: the calls, their decoding, history and reconcile()."""

    def __init__(
        self,
        endpoints: Sequence[Any],
        funder: str,
        *,
        usdce: bool = True,
        usdc: bool = True,
        pol: bool = True,
        chain_id: int = POLYGON,
        retries: int = 2,
        backoff: float = 0.25,
        max_age: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
        retry_on: tuple[type[BaseException], ...] = RETRYABLE,
        history_size: int = HISTORY_SIZE,
    ) -> None:
        if not endpoints:
            raise ValueError("give at least one RPC endpoint")
        if history_size < 1:
            raise ValueError(f"history_size must be at least 1, got {history_size}")
        self.funder = checksummed(funder, "funder")
        self.history: deque[Reading] = deque(maxlen=history_size)
        self._endpoints = list(endpoints)
        self._chain_ok: set[int] = set()
        self._tokens = {"pusd": PUSD} | ({"usdce": USDC_E} if usdce else {})
        self._tokens |= {"usdc": NATIVE_USDC} if usdc else {}
        self._pol, self._chain_id, self._retries, self._backoff = pol, chain_id, retries, backoff
        self._max_age, self._clock, self._retry_on = max_age, clock, retry_on

    @property
    def latest(self) -> Reading | None:
        return self.history[-1] if self.history else None

    def _calls(self) -> list[tuple[str, bool, bytes]]:
        me = encode(["address"], [self.funder])
        calls = [(token, False, _BALANCE_OF + me) for token in self._tokens.values()]
        calls += [
            (PUSD, False, _ALLOWANCE + encode(["address", "address"], [self.funder, spender]))
            for spender in EXCHANGES.values()
        ]
        calls += [(MULTICALL3, False, _ETH_BALANCE + me)] if self._pol else []
        return [*calls, (MULTICALL3, False, _BLOCK_NUMBER)]

    def _request(self) -> dict[str, Any]:
        data = _AGGREGATE3 + encode(["(address,bool,bytes)[]"], [self._calls()])
        return {"to": MULTICALL3, "data": "0x" + data.hex()}

    def _reading(self, raw: bytes, endpoint: str, reason: str | None) -> Reading | str:
        """Decode aggregate3's answer; a string says why it is not a fresh reading."""
        words = decode_words(raw, endpoint)
        block = words.pop()
        pol = Decimal(words.pop()).scaleb(-18) if self._pol else None
        n = len(self._tokens)
        amounts = dict(zip(self._tokens, map(units, words[:n]), strict=True))
        allowances = dict(zip(EXCHANGES.values(), map(units, words[n:]), strict=True))
        newest = self.history[-1].block_number if self.history else -1  # never a lagging one
        if block < newest:
            return f"{endpoint}: lags at block {block} < {newest}"
        return Reading(
            pusd=amounts["pusd"],
            usdce=amounts.get("usdce"),
            usdc=amounts.get("usdc"),
            pol=pol,
            allowances=allowances,
            block_number=block,
            read_at=self._clock(),
            reason=reason,
            endpoint=endpoint,
        )

    def _failed(self, endpoint: str, attempt: int, error: BaseException | str) -> str:
        """Log one failed read (a retry or a fallback follows); the text for BalanceReadError.
        RPC URLs often carry an API key in their path or query: only scheme and host remain."""
        text = redact(error if isinstance(error, str) else f"{endpoint}: {error!r}", endpoint)
        log.warning(
            "balance read failed: %s",
            text,
            extra={"endpoint": redact(endpoint, endpoint), "attempt": attempt, "error": text},
        )
        return text

    def _record(self, reading: Reading, index: int, attempt: int) -> Decimal:
        if index or attempt:
            endpoint = redact(reading.endpoint, reading.endpoint)
            log.info(
                "balance read from %s after %d failure(s) on the way",
                endpoint,
                index + attempt,
                extra={"endpoint": endpoint, "fallback": index, "attempt": attempt},
            )
        self.history.append(reading)
        return reading.pusd

    def _check_chain(self, index: int, chain_id: int, endpoint: str) -> None:
        if chain_id != self._chain_id:
            raise WrongChainError(f"{endpoint} serves chain {chain_id}, not {self._chain_id}")
        self._chain_ok.add(index)

    def reconcile(
        self,
        expected: Decimal | int | float | str,
        tolerance: Decimal | int | float | str = 0,
        *,
        clob: ClobView | None = None,
        spender: str | None = None,
        unsettled: Decimal | int | str = 0,
    ) -> Reconciliation:
        """Compare with the latest reading; see diagnosis.diagnose for the outcomes."""
        if spender is not None:
            spender = checksummed(spender, "spender")
        return diagnose(
            self.latest,
            expected,
            tolerance,
            now=self._clock(),
            max_age=self._max_age,
            clob=clob,
            spender=spender,
            unsettled=unsettled,
        )


def redact(text: str, endpoint: str) -> str:
    """`text` with `endpoint`'s credentials, path and query replaced by its scheme and host."""
    parts = urlsplit(endpoint)
    if not parts.scheme or not parts.hostname:
        return text  # a provider's class name, not a URL
    host = f"{parts.scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    text = text.replace(endpoint, host)
    for secret in (parts.path, parts.query, parts.username, parts.password):
        if secret and secret != "/":
            text = text.replace(secret, "…")
    return text


def _name(w3: Any) -> str:
    return str(getattr(w3.provider, "endpoint_uri", None) or type(w3.provider).__name__)


class BalanceTracker(_Core):
    """Sync tracker over one or more `Web3` endpoints (the first is primary)."""

    def __init__(
        self,
        endpoints: Sequence[Web3],
        funder: str,
        *,
        sleep: Callable[[float], None] = time.sleep,
        **options: Any,
    ) -> None:
        super().__init__(endpoints, funder, **options)
        self._sleep = sleep

    @classmethod
    def from_urls(
        cls, urls: Sequence[str], funder: str, timeout: float = 10.0, **options: Any
    ) -> BalanceTracker:
        """Cache eth_chainId per provider; no hidden retries (the tracker retries)."""
        return cls([_web3(url, timeout) for url in urls], funder, **options)

    def update(self, reason: str | None = None) -> Decimal:
        """Read everything in one eth_call; record and return the pUSD balance."""
        errors: list[str] = []
        for index, w3 in enumerate(self._endpoints):
            name = _name(w3)
            for attempt in range(self._retries + 1):
                if attempt:
                    self._sleep(self._backoff * 2 ** (attempt - 1))
                try:
                    if index not in self._chain_ok:
                        self._check_chain(index, w3.eth.chain_id, name)
                    reading = self._reading(w3.eth.call(self._request()), name, reason)
                except self._retry_on as exc:
                    errors.append(self._failed(name, attempt, exc))
                    continue
                if isinstance(reading, str):  # a lagging node: try the next one
                    errors.append(self._failed(name, attempt, reading))
                    break
                return self._record(reading, index, attempt)
        raise BalanceReadError(errors)


class AsyncBalanceTracker(_Core):
    """The same over `AsyncWeb3` endpoints."""

    def __init__(
        self,
        endpoints: Sequence[AsyncWeb3],
        funder: str,
        *,
        sleep: Callable[[float], Any] = asyncio.sleep,
        **options: Any,
    ) -> None:
        super().__init__(endpoints, funder, **options)
        self._sleep = sleep

    @classmethod
    def from_urls(
        cls, urls: Sequence[str], funder: str, timeout: float = 10.0, **options: Any
    ) -> AsyncBalanceTracker:
        return cls([_async_web3(url, timeout) for url in urls], funder, **options)

    async def aclose(self) -> None:
        """Close the providers' aiohttp sessions."""
        for w3 in self._endpoints:
            await w3.provider.disconnect()

    async def update(self, reason: str | None = None) -> Decimal:
        errors: list[str] = []
        for index, w3 in enumerate(self._endpoints):
            name = _name(w3)
            for attempt in range(self._retries + 1):
                if attempt:
                    await self._sleep(self._backoff * 2 ** (attempt - 1))
                try:
                    if index not in self._chain_ok:
                        self._check_chain(index, await w3.eth.chain_id, name)
                    raw = await w3.eth.call(self._request())
                    reading = self._reading(raw, name, reason)
                except self._retry_on as exc:
                    errors.append(self._failed(name, attempt, exc))
                    continue
                if isinstance(reading, str):
                    errors.append(self._failed(name, attempt, reading))
                    break
                return self._record(reading, index, attempt)
        raise BalanceReadError(errors)


def _web3(url: str, timeout: float) -> Web3:
    provider = Web3.HTTPProvider(
        url,
        request_kwargs={"timeout": timeout},
        cache_allowed_requests=True,
        exception_retry_configuration=None,
    )
    return Web3(provider)


def _async_web3(url: str, timeout: float) -> AsyncWeb3:
    provider = AsyncWeb3.AsyncHTTPProvider(
        url,
        request_kwargs={"timeout": timeout},
        cache_allowed_requests=True,
        exception_retry_configuration=None,
    )
    return AsyncWeb3(provider)
