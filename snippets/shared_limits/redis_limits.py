"""Per-signer buckets and per-IP windows shared by every process of a fleet, kept in Redis.

    limits = SharedLimits.connect("redis://10.0.0.5:6379/0", signer="0xYourSigner", ip="bot-1")
    orders = limits.bucket("order", capacity=48, refill_per_second=32.0)
    if orders.try_acquire():  # one EVALSHA; the Redis server's clock decides

`RedisTokenBucket` and `RedisSlidingWindow` keep the contract of the in-process `TokenBucket`
and `RateLimiter` (costs, negative cancel balance, `sync()` from headers, `wait_if_needed`), so
`TradingRateLimits(shared=limits)` uses them in place of its own. Every decision is one Lua
script run atomically on the server with the server's clock. A lost state (restart, failover,
flush) is detected and never starts a bucket full; an unreachable Redis meets a stated policy.

Copy with: local_fallback.py
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.exceptions import AuthenticationError, NoScriptError
from redis.retry import Retry

from .local_fallback import LocalBucket, LocalWindow

LOG = logging.getLogger("shared_limits")
US = 1_000_000  # the script counts in microseconds of the server's clock
NEVER = 1e300  # "no limit" for a reservation's longest wait

# --8<-- [start:lua]
#: One decision over one or more layers (a bucket and/or windows), atomic, timed by the server.
#: KEYS[1] is the epoch key: the server time from which this Redis knows its state; a missing
#: epoch means the state was lost (restart, failover, flush) or never existed. Then a missing
#: bucket counts as EMPTY at the epoch and a missing window as FULL until one window after it.
#: ARGV: op, x, y, then per layer: kind ("b"/"w"), limit, span (us per token / window), units,
#: and a flag: a bucket's negative balance allowed, a window's "a lost window is empty".
#: Op "server" compares the server's run id with the one the fleet last saw: another server
#: (restarted from disk, or a promoted replica) may hold an old copy of the state, so the
#: fleet's keys are dropped and a new epoch starts.
LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local op, x, y = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local function fmt(v) return string.format('%.17g', v) end
local epoch, lost = nil, 0
if op == 'server' then  -- KEYS[2]: the run id this fleet last saw; KEYS[3..]: its state keys
  local seen = redis.call('GET', KEYS[2])
  redis.call('SET', KEYS[2], ARGV[2])
  if seen and seen ~= ARGV[2] then  -- another server now (a restart from disk, a failover)
    for i = 3, #KEYS do redis.call('DEL', KEYS[i]) end
    redis.call('SET', KEYS[1], fmt(now))
    lost = 1
  end
  return {1, 0, now, lost, ''}
end
local function since()
  if not epoch then
    epoch = tonumber(redis.call('GET', KEYS[1]))
    if not epoch then
      epoch, lost = now, 1
      redis.call('SET', KEYS[1], fmt(now))
    end
  end
  return epoch
end
local layers, wait = {}, -1e300
for i = 2, #KEYS do
  local a = 3 + (i - 2) * 5
  local l = {key = KEYS[i], kind = ARGV[a + 1], limit = tonumber(ARGV[a + 2]),
             span = tonumber(ARGV[a + 3]), units = tonumber(ARGV[a + 4]), neg = ARGV[a + 5] == '1'}
  if l.kind == 'b' then
    l.full = l.limit * l.span
    l.zero = math.max(tonumber(redis.call('GET', l.key)) or since(), now - l.full)
    l.wait = l.zero + l.units * l.span - now
  else
    local leave = tonumber(redis.call('LINDEX', l.key, l.limit - l.units))
    if leave then
      l.wait = leave - now
    else  -- fewer entries than that, or no list at all: settled only if it matters (below)
      l.wait, l.unsure = -l.span, true
    end
  end
  layers[#layers + 1] = l
  if l.wait > wait then wait = l.wait end
end
local first = layers[1]
local function reply(ok, w, zero)  -- the wait in whole microseconds, rounded up
  local level = ''
  if zero and first.kind == 'b' then level = fmt((now - zero) / first.span) end
  return {ok, math.ceil(math.max(w, 0)), now, lost, level}
end
local function save(l, zero)
  redis.call('SET', l.key, fmt(zero), 'PX', math.floor((zero + l.full - now) / 1000) + 1)
end
local function push(l, leave, count)
  local v, len = fmt(leave), 0
  while count > 0 do
    local batch = {}
    for i = 1, math.min(count, 1000) do batch[i] = v end
    len = redis.call('LPUSH', l.key, unpack(batch))
    count = count - #batch
  end
  if len > l.limit + 100 then redis.call('LTRIM', l.key, 0, l.limit - 1) end  -- now and then
  redis.call('PEXPIRE', l.key, math.floor((leave - now) / 1000) + 1)
  return len
end
local function lost(l)  -- no list, and the state may have been lost: full till epoch + window
  l.unsure = false
  l.wait = since() + l.span - now
  if l.wait > wait then wait = l.wait end
end
if op == 'peek' then
  for _, l in ipairs(layers) do
    if l.unsure and not l.neg and now < since() + l.span and redis.call('EXISTS', l.key) == 0 then
      lost(l)
    end
  end
  return reply(wait <= 0 and 1 or 0, wait, first.zero)
end
if op == 'take' or op == 'reserve' then
  while true do
    local at = now
    if wait > 0 then
      if op == 'take' or wait > x then return reply(0, wait) end
      at = now + wait
    end
    local pushed, again = {}, false
    for _, l in ipairs(layers) do
      if l.kind == 'w' then
        l.created = push(l, at + l.span, l.units) == l.units
        pushed[#pushed + 1] = l
        if l.unsure and l.created and not l.neg and now < since() + l.span then
          for _, p in ipairs(pushed) do  -- undo this script's pushes, then decide again
            if p.created then redis.call('DEL', p.key) else redis.call('LPOP', p.key, p.units) end
          end
          lost(l)
          again = true
          break
        end
      end
    end
    if not again then
      for _, l in ipairs(layers) do
        if l.kind == 'b' then save(l, math.max(l.zero, at - l.full) + l.units * l.span) end
      end
      return reply(1, wait)
    end
  end
end
if op == 'resume' and first.kind == 'w' then
  push(first, now + x, first.limit)
  return reply(1, 0)
end
local zero = first.zero
if op == 'refund' then
  zero = math.max(zero - x * first.span, now - first.full)
elseif op == 'debit' then
  zero = zero + x * first.span
  if not first.neg and zero > now then zero = now end
elseif op == 'sync' then
  if x then
    if not first.neg and x < 0 then x = 0 end
    zero = math.max(zero, now - x * first.span)
  end
  if y then zero = math.max(zero, now + math.max(y, 0) - first.units * first.span) end
elseif op == 'resume' then
  zero = math.max(zero, now + x)
else
  return redis.error_reply('unknown op ' .. op)
end
save(first, zero)
return reply(1, 0, zero)
"""
# --8<-- [end:lua]


class SharedLimitsError(Exception):
    """Base of this module's errors."""


class SharedLimitsConfigError(SharedLimitsError):
    """Raised at start: the Redis URL is wrong, unreachable, or refused the credentials."""


class SharedLimitsUnavailable(SharedLimitsError):
    """Fail-closed policy: Redis stayed unreachable for the whole wait; nothing was admitted."""


class SharedLimitTimeout(TimeoutError):
    """`wait_if_needed(timeout=...)` could not be admitted in time; nothing was recorded."""


# --8<-- [start:policy]
@dataclass(frozen=True)
class FailClosed:
    """Keep asking Redis for up to `wait` seconds, then raise `SharedLimitsUnavailable`."""

    wait: float = 1.0
    retry_every: float = 0.05


@dataclass(frozen=True)
class FallBackLocal:
    """Decide locally at `share` of every limit (1 / the number of processes sharing it) and ask
    Redis again every `probe_every` seconds. Local buckets start empty, local windows full."""

    share: float
    probe_every: float = 0.5

    def __post_init__(self) -> None:
        if not 0 < self.share <= 1:
            raise ValueError(f"share must be in (0, 1], got {self.share!r}")


# --8<-- [end:policy]


@dataclass(frozen=True)
class Decision:
    """One answer of the script: `wait` seconds (0.0 when admitted now; the reserved delay for
    a reservation), `at_us` the server time of the decision, `level` a bucket's tokens."""

    admitted: bool
    wait: float
    at_us: int
    level: float | None = None
    local: bool = False  # decided by the local fallback, not by Redis


@dataclass
class Stats:
    """What happened, for logs and metrics: read `limits.stats`."""

    state_losses: int = 0  # decisions that found Redis had lost the state
    failures: int = 0  # calls that could not reach Redis
    outages: int = 0  # times Redis went from reachable to unreachable
    local_decisions: int = 0  # decisions made by the local fallback
    script_reloads: int = 0  # NOSCRIPT answers (a restarted or flushed server)
    unavailable: int = 0  # fail-closed refusals raised


def _redact(client: Any) -> str:
    kw = client.connection_pool.connection_kwargs
    where = kw.get("path") or f"{kw.get('host', 'localhost')}:{kw.get('port', 6379)}"
    return f"{where}/{kw.get('db', 0)}"


def _client_options(timeout: float) -> dict[str, Any]:
    """Fail fast: `timeout` seconds, no hidden retries (the policy decides what happens)."""
    return {
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "retry": Retry(NoBackoff(), 0),
    }


class _Engine:
    """What the sync and asyncio engines share: keys, policy, counters, logs."""

    def __init__(
        self,
        client: Any,
        *,
        signer: str,
        ip: str = "default",
        prefix: str = "polyrl",
        policy: FailClosed | FallBackLocal | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Any] = time.sleep,
        lost_windows: str = "full",
    ) -> None:
        if lost_windows not in ("full", "empty"):
            raise ValueError(f"lost_windows must be 'full' or 'empty', got {lost_windows!r}")
        # "full" never over-admits; "empty" lets the fleet trade at once after a loss, at the
        # risk of one window's worth of extra requests (Cloudflare delays them, not rejects)
        self.lost_windows = int(lost_windows == "empty")
        self.client, self.signer, self.ip, self.prefix = client, signer.lower(), ip, prefix
        self.policy = policy if policy is not None else FailClosed()
        self.stats = Stats()
        self.epoch_key = f"{prefix}:epoch"
        self.run_key = f"{prefix}:run:{self.signer}:{ip}"  # the server run id last seen
        self.keys: set[str] = set()  # the state keys of the buckets and windows built here
        self._clock, self._sleep = clock, sleep
        self._sha = hashlib.sha1(LUA.encode()).hexdigest()
        self._down_since: float | None = None
        self._next_probe = -math.inf
        self._lock = threading.Lock()  # stats, outage state and the local fallbacks

    def _config_error(self, error: Exception) -> SharedLimitsConfigError:
        where = _redact(self.client)
        if isinstance(error, AuthenticationError):
            return SharedLimitsConfigError(f"Redis at {where} refused the credentials: {error}")
        return SharedLimitsConfigError(f"cannot reach Redis at {where}: {error}")

    def _skip(self) -> bool:
        """Under FallBackLocal, do not ask Redis again before the next probe."""
        return (
            isinstance(self.policy, FallBackLocal)
            and self._down_since is not None
            and self._clock() < self._next_probe
        )

    def _failed(self, error: Exception, deadline: float | None) -> float | None:
        """Count and log a failure; the retry deadline, or None to fall back now."""
        now, policy = self._clock(), self.policy
        with self._lock:
            self.stats.failures += 1
            first = self._down_since is None
            if first:
                self._down_since = now
                self.stats.outages += 1
        if first:
            LOG.warning("Redis unreachable (%s): policy %s", error, policy)
        if isinstance(policy, FallBackLocal):
            self._next_probe = now + policy.probe_every
            return None
        deadline = now + policy.wait if deadline is None else deadline
        if now >= deadline:
            with self._lock:
                self.stats.unavailable += 1
            LOG.error("Redis unreachable for %.3fs: refusing (fail closed)", policy.wait)
            raise SharedLimitsUnavailable(
                f"Redis at {_redact(self.client)} unreachable for {policy.wait}s ({error}); "
                "nothing admitted"
            ) from error
        return deadline

    def _retry_in(self, deadline: float) -> float:
        return min(self.policy.retry_every, deadline - self._clock())  # type: ignore[union-attr]

    def _reached(self, reply: Any) -> Any:
        lost = int(reply[3])
        with self._lock:
            down, self._down_since = self._down_since, None
            self.stats.state_losses += lost
        if down is not None:
            LOG.warning("Redis reachable again after %.3fs", self._clock() - down)
        if lost:
            LOG.warning(
                "Redis had lost the shared rate-limit state (restart, failover or flush): "
                "buckets restart empty, windows full for one window length"
            )
        return reply

    def _server_call(self, info: bytes | str) -> list[object]:
        """The EVAL that compares this server's run id (from `INFO server`) with the last."""
        text = info.decode() if isinstance(info, bytes) else info
        run_id = next(line[7:] for line in text.splitlines() if line.startswith("run_id:"))
        with self._lock:
            keys = [self.epoch_key, self.run_key, *sorted(self.keys)]
        return ["EVAL", LUA, len(keys), *keys, "server", run_id.strip(), ""]

    def _reloaded(self) -> None:
        with self._lock:
            self.stats.script_reloads += 1


# --8<-- [start:engine]
class SharedLimits(_Engine):
    """One Redis connection pool, one signer, one IP; builds the shared buckets and windows.

    `connect()` checks the server at once (a wrong URL or refused password raises
    `SharedLimitsConfigError` here, not at the first order) and loads the script.
    """

    def __init__(self, client: redis.Redis, **kwargs: Any) -> None:
        super().__init__(client, **kwargs)
        options = client.connection_pool.connection_kwargs
        if options.get("redis_connect_func") is None:  # check the server on each new connection
            options["redis_connect_func"] = self._connected
        self.check()

    def _connected(self, connection: Any) -> None:
        """Each new connection, before its first command: is this the server the fleet last
        saw? If not (restarted from disk, a promoted replica), the state it brought back may be
        old: drop it. One INFO and one EVAL per connection, none per decision."""
        connection.on_connect()
        connection.send_command("INFO", "server")
        connection.send_command(*self._server_call(connection.read_response()))
        self._reached(connection.read_response())

    @classmethod
    def connect(cls, url: str, *, signer: str, timeout: float = 0.5, **kwargs: Any) -> SharedLimits:
        """A client for `url` that fails fast (`timeout` seconds, no hidden retries)."""
        try:
            client = redis.Redis.from_url(url, **_client_options(timeout))
        except ValueError as error:
            raise SharedLimitsConfigError(f"not a Redis URL: {error}") from None
        return cls(client, signer=signer, **kwargs)

    def check(self) -> None:
        """Reach the server, authenticate and load the script, or say clearly what is wrong."""
        try:
            self.client.ping()
            self._sha = self.client.script_load(LUA)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            raise self._config_error(error) from None

    def bucket(
        self, name: str, capacity: int, refill_per_second: float, negative_balance: bool = False
    ) -> RedisTokenBucket:
        """The signer's bucket `name` (e.g. "order", "cancel")."""
        return RedisTokenBucket(self, name, capacity, refill_per_second, negative_balance)

    def window(self, name: str, max_calls: int, window_seconds: float) -> RedisSlidingWindow:
        """The IP's sliding window `name` (e.g. "post_order:burst")."""
        return RedisSlidingWindow(self, name, max_calls, window_seconds)

    def _eval(self, keys: Sequence[str], args: Sequence[object]) -> Any:
        try:
            return self.client.evalsha(self._sha, len(keys), *keys, *args)
        except NoScriptError:  # a restarted or flushed server forgot the script: load it again
            self._reloaded()
            self._sha = self.client.script_load(LUA)
            return self.client.evalsha(self._sha, len(keys), *keys, *args)

    def call(self, keys: Sequence[str], args: Sequence[object]) -> Any | None:
        """Run the script once; None when Redis is down and the policy falls back."""
        if self._skip():
            return None
        deadline = None
        while True:
            try:
                return self._reached(self._eval(keys, args))
            except (redis.ConnectionError, redis.TimeoutError) as error:
                deadline = self._failed(error, deadline)
                if deadline is None:
                    return None
                self._sleep(self._retry_in(deadline))


# --8<-- [end:engine]


class _Fifo:
    """A lock that serves waiting threads in arrival order (first come, first served)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiters: list[threading.Lock] = []

    def __enter__(self) -> None:
        me = threading.Lock()
        me.acquire()
        with self._lock:
            self._waiters.append(me)
            first = len(self._waiters) == 1
        if not first:
            me.acquire()  # released by the one ahead of us

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._waiters.pop(0)
            if self._waiters:
                self._waiters[0].release()


class _Layer:
    """One shared limit: its key, its script arguments, its local fallback."""

    _limits: _Engine
    key: str
    _local: LocalBucket | LocalWindow | None

    def _spec(self, units: int) -> tuple[object, ...]:
        raise NotImplementedError

    def _new_local(self, share: float, now: float) -> LocalBucket | LocalWindow:
        raise NotImplementedError

    def _limit(self) -> int:
        raise NotImplementedError

    def _resume_call(self) -> tuple[list[str], list[object]] | None:
        raise NotImplementedError

    def _check(self, cost: int) -> int:
        if isinstance(cost, bool) or not isinstance(cost, int) or cost < 1:
            raise ValueError(f"cost must be a positive integer, got {cost!r}")
        if cost > self._limit():
            raise ValueError(f"cost {cost} exceeds the limit {self._limit()} of {self!r}: split it")
        return cost

    def _admin(self, op: str, x: object = "", y: object = "", units: int = 1) -> tuple[list, list]:
        return [self._limits.epoch_key, self.key], _args(op, x, y, [(self, units)])


Parts = list[tuple[_Layer, int]]


def _args(op: str, x: object, y: object, parts: Iterable[tuple[_Layer, int]]) -> list[object]:
    args: list[object] = [op, x, y]
    for layer, units in parts:
        args.extend(layer._spec(units))
    return args


def _keys(limits: _Engine, parts: Parts) -> list[str]:
    return [limits.epoch_key, *(layer.key for layer, _ in parts)]


def _parsed(parts: Parts, reply: Any) -> Decision:
    for layer, _ in parts:
        layer._local = None  # Redis answered: the local share is over
    level = float(reply[4]) if reply[4] else None
    return Decision(reply[0] == 1, reply[1] / US, reply[2], level)


def _decide_locally(limits: _Engine, op: str, parts: Parts, x: object) -> Decision:
    """Redis is down under `FallBackLocal`: decide on this process's share alone."""
    policy = limits.policy
    assert isinstance(policy, FallBackLocal)
    with limits._lock:
        now = limits._clock()
        limits.stats.local_decisions += 1
        for layer, _ in parts:
            if layer._local is None:
                layer._local = layer._new_local(policy.share, now)
        wait = max(layer._local.wait(units, now) for layer, units in parts)  # type: ignore[union-attr]
        if op == "peek" or wait > (float(x) / US if op == "reserve" else 0):  # type: ignore[arg-type]
            return Decision(op == "peek" and wait <= 0, wait, 0, local=True)
        for layer, units in parts:
            layer._local.record(units, now + max(wait, 0.0))  # type: ignore[union-attr]
        return Decision(True, max(wait, 0.0), 0, local=True)


class _Ops(_Layer):
    """The blocking operations every shared limit has (`TokenBucket` / `RateLimiter` contract)."""

    _limits: SharedLimits
    _fifo: _Fifo

    def decide(self, cost: int = 1, op: str = "take", max_wait: float = 0.0) -> Decision:
        """One decision: "take" (now or never), "reserve" (a slot within `max_wait` s), "peek"."""
        return _decide(self._limits, op, [(self, self._check(cost))], max_wait * US)

    def try_acquire(self, cost: int = 1) -> bool:
        """Check and take in one atomic step: True if `cost` was taken now."""
        return self.decide(cost).admitted

    def can_proceed(self, cost: int = 1) -> bool:
        """Would `cost` be admitted now? Records nothing."""
        return self.decide(cost, "peek").wait <= 0

    def wait_time(self, cost: int = 1) -> float:
        """Seconds until `cost` could be admitted if nobody else came first (0.0 if now)."""
        return max(0.0, self.decide(cost, "peek").wait)

    def wait_if_needed(self, cost: int = 1, timeout: float | None = None) -> float:
        """Reserve the first slot for `cost` (FIFO: in the order reservations reach Redis), sleep
        until it, return the seconds waited. With `timeout`, raise `SharedLimitTimeout` at once,
        recording nothing, if that slot is further away."""
        with self._fifo:
            decision = self.decide(cost, "reserve", NEVER if timeout is None else timeout)
        if not decision.admitted:
            raise SharedLimitTimeout(
                f"{self!r}: cost {cost} needs {decision.wait:.3f}s > {timeout}s"
            )
        if decision.wait > 0:
            self._limits._sleep(decision.wait)
        return decision.wait


def _decide(
    limits: SharedLimits, op: str, parts: Parts, x: object = "", y: object = ""
) -> Decision:
    """Ask Redis (one round trip) or, while it is down under `FallBackLocal`, the local layers."""
    for layer, _ in parts:
        resume = layer._resume_call() if layer._local is not None else None
        if resume is not None and limits.call(*resume) is None:
            return _decide_locally(limits, op, parts, x)
    reply = limits.call(_keys(limits, parts), _args(op, x, y, parts))
    if reply is None:
        return _decide_locally(limits, op, parts, x)
    return _parsed(parts, reply)


class _BucketLayer(_Layer):
    """A signer's token bucket on one Redis key (the `TokenBucket` arithmetic, in the script)."""

    def __init__(
        self,
        limits: Any,
        name: str,
        capacity: int,
        refill_per_second: float,
        negative_balance: bool = False,
    ) -> None:
        self._limits, self.name = limits, name
        self.key = f"{limits.prefix}:signer:{limits.signer}:{name}"
        with limits._lock:
            limits.keys.add(self.key)
        self.capacity, self.refill_per_second = capacity, float(refill_per_second)
        self.negative_balance = negative_balance
        self._local = None
        self._fifo = _Fifo()

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}({self.key!r}, {self.capacity}, {self.refill_per_second:g}/s)"

    def _limit(self) -> int:
        return self.capacity

    def _spec(self, units: int) -> tuple[object, ...]:
        return ("b", self.capacity, US / self.refill_per_second, units, int(self.negative_balance))

    def _new_local(self, share: float, now: float) -> LocalBucket:
        capacity = max(1, math.floor(self.capacity * share))
        return LocalBucket(capacity, self.refill_per_second * share, now)

    def _resume_call(self) -> tuple[list[str], list[object]]:
        """Back on Redis: hold the shared bucket empty until every process has probed again."""
        return self._admin("resume", self._limits.policy.probe_every * US)  # type: ignore[union-attr]

    def _sync_args(
        self, remaining: float | None, ready_in: float | None, cost: int
    ) -> tuple[list, list]:
        x = "" if remaining is None else remaining
        return self._admin("sync", x, "" if ready_in is None else ready_in * US, cost)

    @staticmethod
    def _not_recorded(op: str, key: str) -> None:
        LOG.warning("Redis down: %s on %s not recorded (the local share stays)", op, key)


class _WindowLayer(_Layer):
    """An IP's exact sliding window on one Redis list of leave times (newest first)."""

    def __init__(self, limits: Any, name: str, max_calls: int, window_seconds: float) -> None:
        self._limits, self.name = limits, name
        self.key = f"{limits.prefix}:ip:{limits.ip}:{name}"
        with limits._lock:
            limits.keys.add(self.key)
        self.max_calls, self.window_seconds = max_calls, float(window_seconds)
        self._local = None
        self._fifo = _Fifo()

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}({self.key!r}, {self.max_calls} per {self.window_seconds:g}s)"

    def _limit(self) -> int:
        return self.max_calls

    def _spec(self, units: int) -> tuple[object, ...]:
        return ("w", self.max_calls, self.window_seconds * US, units, self._limits.lost_windows)

    def _new_local(self, share: float, now: float) -> LocalWindow:
        return LocalWindow(max(1, math.floor(self.max_calls * share)), self.window_seconds, now)

    def _resume_call(self) -> tuple[list[str], list[object]] | None:
        """Back on Redis: if this process admitted anything locally, hold the shared window full
        until those units (and every other process's) have left it."""
        assert isinstance(self._local, LocalWindow)
        if not self._local.admitted:
            return None
        hold = (self.window_seconds + self._limits.policy.probe_every) * US  # type: ignore[union-attr]
        return self._admin("resume", hold)


# --8<-- [start:bucket]
class RedisTokenBucket(_BucketLayer, _Ops):
    """The `TokenBucket` contract on one Redis key per signer and bucket, shared by a fleet."""

    def try_acquire_with(self, cost: int, windows: Sequence[RedisSlidingWindow]) -> bool:
        """Take `cost` tokens and one unit of every window in ONE atomic script, or nothing."""
        parts: Parts = [(self, self._check(cost)), *((w, 1) for w in windows)]
        return _decide(self._limits, "take", parts).admitted

    def level(self) -> float:
        """Tokens available now (negative while a cancel debt is being repaid)."""
        level = self.decide(1, "peek").level
        return level if level is not None else 0.0

    def _update(self, op: str, keys: list[str], args: list[object]) -> None:
        if self._limits.call(keys, args) is None:
            self._not_recorded(op, self.key)

    def refund(self, cost: int) -> None:
        """Give back tokens taken for a request that was never sent."""
        self._update("refund", *self._admin("refund", self._check(cost)))

    def debit(self, tokens: int) -> None:
        """Charge `tokens` after the fact; floors at zero unless `negative_balance`."""
        if tokens < 0:
            raise ValueError(f"tokens to debit must be >= 0, got {tokens}")
        self._update("debit", *self._admin("debit", tokens))

    def sync(
        self, *, remaining: float | None = None, ready_in: float | None = None, cost: int = 1
    ) -> None:
        """Lower the SHARED level to the server's view (never raise it), for every process."""
        self._update("sync", *self._sync_args(remaining, ready_in, cost))

    def resize(self, capacity: int, refill_per_second: float) -> None:
        """Adopt another tier's capacity and rate, keeping at most the current level."""
        level = self.level()
        self.capacity, self.refill_per_second = capacity, float(refill_per_second)
        self.sync(remaining=min(level, capacity))


# --8<-- [end:bucket]


class RedisSlidingWindow(_WindowLayer, _Ops):
    """The `RateLimiter` contract (exact sliding window) on one Redis list per IP and window."""
