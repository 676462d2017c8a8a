"""The asyncio twin of `redis_limits.py`: the same script, keys, policies and counters.

    limits = await AsyncSharedLimits.connect("redis://10.0.0.5:6379/0", signer="0xYourSigner")
    orders = limits.bucket("order", capacity=48, refill_per_second=32.0)
    if await orders.try_acquire():  # one EVALSHA, awaited

Every method of `RedisTokenBucket` / `RedisSlidingWindow` is a coroutine here. FIFO inside the
event loop (an `asyncio.Lock` serves waiters in order); across processes, in the order the
reservations reach Redis.

Copy with: redis_limits.py, local_fallback.py
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError, NoScriptError, TimeoutError

from .redis_limits import (
    LUA,
    NEVER,
    US,
    Decision,
    Parts,
    SharedLimitsConfigError,
    SharedLimitTimeout,
    _args,
    _BucketLayer,
    _client_options,
    _decide_locally,
    _Engine,
    _keys,
    _Layer,
    _parsed,
    _WindowLayer,
)


class AsyncSharedLimits(_Engine):
    """`SharedLimits` for one event loop: build it with `await AsyncSharedLimits.connect(...)`."""

    _sleep: Callable[[float], Awaitable[Any]]

    def __init__(self, client: aioredis.Redis, **kwargs: Any) -> None:
        kwargs.setdefault("sleep", asyncio.sleep)
        super().__init__(client, **kwargs)
        options = client.connection_pool.connection_kwargs
        if options.get("redis_connect_func") is None:  # check the server on each new connection
            options["redis_connect_func"] = self._connected

    async def _connected(self, connection: Any) -> None:
        """Each new connection: the same server as before? (see `SharedLimits._connected`)"""
        await connection.on_connect()
        await connection.send_command("INFO", "server")
        await connection.send_command(*self._server_call(await connection.read_response()))
        self._reached(await connection.read_response())

    @classmethod
    async def connect(
        cls, url: str, *, signer: str, timeout: float = 0.5, **kwargs: Any
    ) -> AsyncSharedLimits:
        """Connect, authenticate and load the script now, or raise `SharedLimitsConfigError`."""
        try:
            client = aioredis.Redis.from_url(url, **_client_options(timeout))
        except ValueError as error:
            raise SharedLimitsConfigError(f"not a Redis URL: {error}") from None
        limits = cls(client, signer=signer, **kwargs)
        try:
            await client.ping()
            limits._sha = await client.script_load(LUA)
        except (ConnectionError, TimeoutError) as error:
            await client.aclose()
            raise limits._config_error(error) from None
        return limits

    def bucket(
        self, name: str, capacity: int, refill_per_second: float, negative_balance: bool = False
    ) -> AsyncRedisTokenBucket:
        return AsyncRedisTokenBucket(self, name, capacity, refill_per_second, negative_balance)

    def window(self, name: str, max_calls: int, window_seconds: float) -> AsyncRedisSlidingWindow:
        return AsyncRedisSlidingWindow(self, name, max_calls, window_seconds)

    async def _eval(self, keys: Sequence[str], args: Sequence[object]) -> Any:
        try:
            return await self.client.evalsha(self._sha, len(keys), *keys, *args)
        except NoScriptError:
            self._reloaded()
            self._sha = await self.client.script_load(LUA)
            return await self.client.evalsha(self._sha, len(keys), *keys, *args)

    async def call(self, keys: Sequence[str], args: Sequence[object]) -> Any | None:
        """Run the script once; None when Redis is down and the policy falls back."""
        if self._skip():
            return None
        deadline = None
        while True:
            try:
                return self._reached(await self._eval(keys, args))
            except (ConnectionError, TimeoutError) as error:
                deadline = self._failed(error, deadline)
                if deadline is None:
                    return None
                await self._sleep(self._retry_in(deadline))

    async def aclose(self) -> None:
        await self.client.aclose()


async def _decide(
    limits: AsyncSharedLimits, op: str, parts: Parts, x: object = "", y: object = ""
) -> Decision:
    for layer, _ in parts:
        resume = layer._resume_call() if layer._local is not None else None
        if resume is not None and await limits.call(*resume) is None:
            return _decide_locally(limits, op, parts, x)
    reply = await limits.call(_keys(limits, parts), _args(op, x, y, parts))
    if reply is None:
        return _decide_locally(limits, op, parts, x)
    return _parsed(parts, reply)


class _AsyncOps(_Layer):
    _limits: AsyncSharedLimits
    _queue: asyncio.Lock | None = None

    async def decide(self, cost: int = 1, op: str = "take", max_wait: float = 0.0) -> Decision:
        """One decision: "take" (now or never), "reserve" (a slot within `max_wait` s), "peek"."""
        return await _decide(self._limits, op, [(self, self._check(cost))], max_wait * US)

    async def try_acquire(self, cost: int = 1) -> bool:
        return (await self.decide(cost)).admitted

    async def can_proceed(self, cost: int = 1) -> bool:
        return (await self.decide(cost, "peek")).wait <= 0

    async def wait_time(self, cost: int = 1) -> float:
        return max(0.0, (await self.decide(cost, "peek")).wait)

    async def wait_if_needed(self, cost: int = 1, timeout: float | None = None) -> float:
        """Reserve the first slot for `cost` in one round trip, then sleep until it."""
        if self._queue is None:
            self._queue = asyncio.Lock()  # FIFO: waiters are woken in arrival order
        async with self._queue:
            decision = await self.decide(cost, "reserve", NEVER if timeout is None else timeout)
        if not decision.admitted:
            raise SharedLimitTimeout(f"{self!r}: cost {cost} needs {decision.wait:.3f}s")
        if decision.wait > 0:
            await self._limits._sleep(decision.wait)
        return decision.wait


class AsyncRedisTokenBucket(_BucketLayer, _AsyncOps):
    """`RedisTokenBucket` with awaited methods."""

    async def try_acquire_with(self, cost: int, windows: Sequence[AsyncRedisSlidingWindow]) -> bool:
        parts: Parts = [(self, self._check(cost)), *((w, 1) for w in windows)]
        return (await _decide(self._limits, "take", parts)).admitted

    async def level(self) -> float:
        level = (await self.decide(1, "peek")).level
        return level if level is not None else 0.0

    async def _update(self, op: str, keys: list[str], args: list[object]) -> None:
        if await self._limits.call(keys, args) is None:
            self._not_recorded(op, self.key)

    async def refund(self, cost: int) -> None:
        await self._update("refund", *self._admin("refund", self._check(cost)))

    async def debit(self, tokens: int) -> None:
        if tokens < 0:
            raise ValueError(f"tokens to debit must be >= 0, got {tokens}")
        await self._update("debit", *self._admin("debit", tokens))

    async def sync(
        self, *, remaining: float | None = None, ready_in: float | None = None, cost: int = 1
    ) -> None:
        await self._update("sync", *self._sync_args(remaining, ready_in, cost))

    async def resize(self, capacity: int, refill_per_second: float) -> None:
        level = await self.level()
        self.capacity, self.refill_per_second = capacity, float(refill_per_second)
        await self.sync(remaining=min(level, capacity))


class AsyncRedisSlidingWindow(_WindowLayer, _AsyncOps):
    """`RedisSlidingWindow` with awaited methods."""
