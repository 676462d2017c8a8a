"""Tables for the "Order constraints" page, generated from the snippet's data and from the very
cases the tests run (tests/snippets/order_constraints/cases.py)."""

from __future__ import annotations

from snippets.order_constraints import order_constraints as oc

SDKS = {
    "both": "both refuse",
    "pc": "polymarket-client refuses; py-clob-client-v2 signs",
    "server": "both sign; the CLOB rejects",
    "rounds": "both silently cut it",
    "none": "nobody stops it",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def tick_table() -> str:
    """Tick sizes, their price bounds and decimals (TICK_RULES, checked against both SDKs)."""
    rows = [
        "| tick | price range | price decimals | share decimals | pUSD-leg decimals | "
        "on the docs page |",
        "|---|---|---|---|---|---|",
    ]
    for tick, r in oc.TICK_RULES.items():
        rows.append(
            f"| `{tick}` | {r.min_price} – {r.max_price} | {r.price_decimals} | "
            f"{oc.SIZE_DECIMALS} | {r.amount_decimals} | {'yes' if r.documented else 'no'} |"
        )
    return "\n".join(rows)


def bad_inputs_table() -> str:
    """Every bad input the tests feed the module, with the message it really produces and
    what the two SDKs do with the same input (asserted by the tests)."""
    from tests.snippets.order_constraints.cases import CASES

    rows = [
        "| # | bad input | `OrderRejected` message (actual output) | the SDKs | note |",
        "|---|---|---|---|---|",
    ]
    for i, case in enumerate(CASES, 1):
        rows.append(
            f"| {i} | {_cell(case.name)} | `{_cell(case.message())}` | {SDKS[case.sdks]} | "
            f"{_cell(case.note)} |"
        )
    return "\n".join(rows)
