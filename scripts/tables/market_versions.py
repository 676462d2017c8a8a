"""Tables for the market-versions and neg-risk pages, generated from the snippets' constants."""

from __future__ import annotations

from snippets.market_versions import exchanges as ex


def routes_table() -> str:
    """Which exchange, domain and balance asset type each kind of market signs for."""
    rows = []
    for version, neg_risk in (("v1", False), ("v1", True), ("v2", False), ("v2", True)):
        r = ex.route_for(version, neg_risk)  # type: ignore[arg-type]
        id_field = "`positionIds` (array)" if version == "v2" else "`clobTokenIds` (JSON text)"
        order_id = "`position_id=`" if version == "v2" else "`token_id=`"
        rows.append(
            f'| `"{version}"` | {"yes" if neg_risk else "no"} | {id_field} | {order_id} | '
            f'`{r.exchange}` | `"{r.domain_version}"` | `{r.balance_asset_type}` |'
        )
    head = (
        "| `version` | `negRisk` | outcome ids | py-clob-client-v2 `OrderArgs` | "
        "verifyingContract | domain version | balance `asset_type` |\n|---|---|---|---|---|---|---|"
    )
    return "\n".join([head, *rows])


CONTRACTS = [
    ("CTF Exchange (CLOB V2)", "EXCHANGE_V2", "orders for CTF markets"),
    ("Neg Risk CTF Exchange", "NEG_RISK_EXCHANGE_V2", "orders for neg-risk CTF markets"),
    ("Exchange V3", "EXCHANGE_V3", 'orders for Protocol V2 positions (domain "3")'),
    (
        "Neg Risk Adapter",
        "NEG_RISK_ADAPTER",
        "CLOB v1 adapter; relayer calls to it retired 2026-07-17 (changelog of 2026-07-14)",
    ),
    (
        "NegRiskCtfCollateralAdapter",
        "NEG_RISK_CTF_COLLATERAL_ADAPTER",
        '"the current Neg Risk Adapter" for all pUSD actions (changelog of 2026-07-14)',
    ),
    ("CtfCollateralAdapter", "CTF_COLLATERAL_ADAPTER", "pUSD-side CTF ops (redeem)"),
    ("Conditional Tokens (CTF)", "CONDITIONAL_TOKENS", "ERC-1155 ledger of CTF outcome tokens"),
    ("PositionManager", "POSITION_MANAGER", "ERC-1155 ledger of Protocol V2 positions"),
    ("Router", "PROTOCOL_V2_ROUTER", "Protocol V2 split, merge and redeem"),
    ("pUSD", "PUSD", "collateral (6 decimals)"),
]


def contracts_table() -> str:
    """Polygon addresses from `snippets/market_versions/exchanges.py` (checked against both SDKs
    by the tests)."""
    rows = [f"| {name} | `{getattr(ex, const)}` | {role} |" for name, const, role in CONTRACTS]
    return "\n".join(["| contract | address (Polygon, 137) | used for |", "|---|---|---|", *rows])
