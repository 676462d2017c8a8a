"""Cassettes for the CLOB view on "Balance tracking": GET /balance-allowance (and /update).

No public recording of GET /balance-allowance exists, V1 or V2 (shared/recorded/PROVENANCE.md,
second-pass summary; error-bodies.md "Not found"). Every body here is therefore docs-derived:
the shape is the one polymarket-client 0.14.0 parses (`models/clob/account.py`,
BalanceAllowance: `balance` and an `allowances` map of spender -> amount, both base-unit
strings or ints), the values are chosen for the tests. The JSON-RPC cassettes of the same page
are recorded from a local node by scripts/record_chain.py instead.
"""

from __future__ import annotations

from typing import Any

from scripts.cassette_builder import Cassette, Interaction, docs
from snippets.balance_tracking.diagnosis import EXCHANGE_V2, EXCHANGE_V3, NEG_RISK_EXCHANGE_V2
from tests.snippets.balance_tracking.clob_support import API_KEY, POSITION, TOKEN

CHECKED = "2026-11-28"
CLOB = "https://clob.polymarket.com"
MAX = str(2**256 - 1)
SCHEMA = (
    "polymarket-client 0.14.0 polymarket/models/clob/account.py (BalanceAllowance); "
    "asset types: polymarket/_internal/actions/account.py (COLLATERAL, CONDITIONAL, "
    "CONDITIONAL-V2) and https://docs.polymarket.com/protocol-v2-migration"
)
NO_CAPTURE = "No public recording of this endpoint exists; values chosen for the test."

API_KEYS = Interaction(
    "GET",
    f"{CLOB}/auth/api-keys",
    {"apiKeys": [API_KEY]},
    docs(
        "https://docs.polymarket.com/api-reference/auth/get-api-keys; polymarket-client 0.14.0 "
        "_internal/actions/auth.py (parse_api_keys_response reads apiKeys)",
        CHECKED,
        "SecureClient.create(credentials=...) checks the key is listed; it is the test's fake id.",
    ),
)


def balance(query: str, amount: int, allowances: dict[str, str], note: str = "") -> Interaction:
    body: dict[str, Any] = {"balance": str(amount), "allowances": allowances}
    return Interaction(
        "GET", f"{CLOB}/balance-allowance?{query}", body, docs(SCHEMA, CHECKED, note or NO_CAPTURE)
    )


EVERY_EXCHANGE = {EXCHANGE_V2: MAX, NEG_RISK_EXCHANGE_V2: MAX, EXCHANGE_V3: MAX}
COLLATERAL = "asset_type=COLLATERAL&signature_type=0"
CONDITIONAL = f"asset_type=CONDITIONAL&signature_type=0&token_id={TOKEN}"
CONDITIONAL_V2 = f"asset_type=CONDITIONAL-V2&signature_type=0&token_id={POSITION}"
UPDATE = Interaction(
    "GET",
    f"{CLOB}/balance-allowance/update?{COLLATERAL}",
    "",
    docs(
        "py-clob-client-v2 1.2.1 client.py (update_balance_allowance: GET, same params); "
        "polymarket-client 0.14.0 _internal/actions/orders/place.py ('side-effect endpoint; "
        "body is not consumed')",
        CHECKED,
        "Empty body assumed: neither SDK reads it and no capture exists.",
    ),
)

PC = "balance_tracking/test_clob_view"
V2 = "balance_tracking/test_clob_view_clob_v2"
CASSETTES = [
    Cassette(
        f"{PC}/test_collateral_view.yaml",
        [API_KEYS, balance(COLLATERAL, 250_000_000, EVERY_EXCHANGE)],
    ),
    Cassette(
        f"{PC}/test_async_collateral_view.yaml",
        [API_KEYS, balance(COLLATERAL, 250_000_000, EVERY_EXCHANGE)],
    ),
    Cassette(
        f"{PC}/test_conditional_view_and_unsettled_fill.yaml",
        [API_KEYS, balance(CONDITIONAL, 40_000_000, {EXCHANGE_V2: MAX})],
    ),
    Cassette(
        f"{PC}/test_conditional_v2_view.yaml",
        [API_KEYS, balance(CONDITIONAL_V2, 12_500_000, {EXCHANGE_V3: "0"})],
    ),
    Cassette(f"{V2}/test_collateral_view.yaml", [balance(COLLATERAL, 250_000_000, EVERY_EXCHANGE)]),
    Cassette(
        f"{V2}/test_conditional_v2_view.yaml",
        [balance(CONDITIONAL_V2, 12_500_000, {EXCHANGE_V3: "0"})],
    ),
    Cassette(
        f"{V2}/test_refresh_fixes_a_clob_behind_the_chain.yaml",
        [
            balance(COLLATERAL, 0, EVERY_EXCHANGE, "Cached before a deposit; " + NO_CAPTURE),
            UPDATE,
            balance(COLLATERAL, 250_000_000, EVERY_EXCHANGE, "After the update; " + NO_CAPTURE),
        ],
    ),
]
