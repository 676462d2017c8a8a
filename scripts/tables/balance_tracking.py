"""Tables for the balance-tracking and collateral pages, generated from the snippets' data."""

from __future__ import annotations

from snippets.balance_tracking import diagnosis as d


def fixes_table() -> str:
    """Every reconcile() outcome with its cause and its fix (diagnosis.FIXES)."""
    rows = [f"| `Outcome.{o.name}` | {cause} | {fix} |" for o, (cause, fix) in d.FIXES.items()]
    return "\n".join(["| outcome | cause | fix |", "|---|---|---|", *rows])


TOKENS = [
    (
        "pUSD",
        d.PUSD,
        "collateral of CLOB V2 (since 2026-04-28); 6 decimals; what orders spend",
        "SDK config (py-clob-client-v2 `config.py` `collateral`, polymarket-client "
        "`environments.py` `collateral_token`); docs.polymarket.com/concepts/pusd",
    ),
    (
        "USDC.e (bridged USDC)",
        d.USDC_E,
        "collateral of CLOB V1; the only asset `CollateralOnramp.wrap` takes",
        "docs.polymarket.com/developers/CTF/deployment-resources (legacy page); /concepts/pusd",
    ),
    (
        "USDC (native, Circle)",
        d.NATIVE_USDC,
        "not collateral; swap to USDC.e before wrapping",
        "third-party only (docs.rs px-exchange-polymarket `swap.rs`); not on a Polymarket page",
    ),
    (
        "CollateralOnramp",
        d.COLLATERAL_ONRAMP,
        "`wrap(USDC.e, to, amount)` mints pUSD",
        "docs.polymarket.com/concepts/pusd (code sample `ONRAMP`)",
    ),
]


def tokens_table() -> str:
    """The three dollar tokens and the onramp, with where each address was checked."""
    rows = [f"| {n} | `{a}` | {what} | {src} |" for n, a, what, src in TOKENS]
    return "\n".join(["| token | address (Polygon) | role | source |", "|---|---|---|---|", *rows])


def exchanges_table() -> str:
    """The spenders whose pUSD allowance the tracker reads."""
    rows = [f"| {name} | `{address}` |" for name, address in d.EXCHANGES.items()]
    return "\n".join(["| exchange | address |", "|---|---|", *rows])
