"""Shared limits for one process of a fleet, and the counters to watch.

    shared = fleet_limits("redis://10.0.0.5/0", signer="0xSigner", ip="203.0.113.7", processes=3)
    limits = TradingRateLimits.conservative(shared=shared)  # from snippets/rate_limiting/
    LOG.info("rate limits: %s", health(shared))  # e.g. once a minute

Copy with: redis_limits.py, local_fallback.py
"""

from __future__ import annotations

from dataclasses import asdict

from .redis_limits import FailClosed, FallBackLocal, SharedLimits


# --8<-- [start:fleet]
def fleet_limits(
    url: str,
    *,
    signer: str,
    ip: str,
    processes: int,
    fall_back: bool = True,
    timeout: float = 0.25,
    lost_windows: str = "full",
) -> SharedLimits:
    """The signer's buckets and the IP's windows in Redis, for one of `processes` processes.
    `ip` names the public address the requests leave from (what Cloudflare counts).

    While Redis cannot be reached, each process decides alone on `1 / processes` of every
    limit (all of them together stay within it), or, with `fall_back=False`, waits up to 1 s
    and then refuses with `SharedLimitsUnavailable`. A wrong URL or password fails here.
    `lost_windows="empty"` restarts the IP windows empty after Redis lost its state, instead
    of closed for one window length (10 minutes for the sustained windows).
    """
    if processes < 1:
        raise ValueError(f"processes must be >= 1, got {processes!r}")
    policy = FallBackLocal(share=1 / processes) if fall_back else FailClosed(wait=1.0)
    return SharedLimits.connect(
        url, signer=signer, ip=ip, policy=policy, timeout=timeout, lost_windows=lost_windows
    )


def health(shared: SharedLimits) -> dict[str, int]:
    """The counters to log or export: losses of state, failures, outages, local decisions,
    script reloads and fail-closed refusals since start."""
    return asdict(shared.stats)


# --8<-- [end:fleet]
