"""The migration map py-clob-client (V1) -> py-clob-client-v2 -> polymarket-client, checked.

Every cell names a real callable or type and the parameters the page shows; `problems()` resolves
each one against the installed packages (`inspect.signature`), so a row naming a method or a
parameter that does not exist fails `tests/snippets/migration/test_map.py`. `absent` lists
parameters that must NOT exist (the V1 order fields that V2 removed), so the "what changed" claims
are checked too.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from importlib.metadata import version

from scripts.tables.method_signatures import resolve


@dataclass(frozen=True)
class Ref:
    """`ref` is "module:Qual.name"; `params` must be parameters of it, `absent` must not,
    `required` must have no default."""

    ref: str
    params: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    required: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        name = self.ref.partition(":")[2].removesuffix(".__init__")
        return f"`{name}({', '.join(self.params)})`" if self.params else f"`{name}`"


@dataclass(frozen=True)
class Row:
    task: str
    v1: Ref | None
    v2: Ref | None
    unified: Ref | None
    note: str = ""


V1 = "py_clob_client.client:ClobClient."
V1T = "py_clob_client.clob_types:"
V2 = "py_clob_client_v2:ClobClient."
V2T = "py_clob_client_v2:"
PC = "polymarket:SecureClient."
PP = "polymarket:PublicClient."
ORDER_V1 = ("token_id", "price", "size", "side", "fee_rate_bps", "nonce", "expiration", "taker")
ORDER_V2 = ("token_id", "price", "size", "side", "expiration", "builder_code", "metadata")
GONE = ("fee_rate_bps", "nonce", "taker")

ROWS: list[Row] = [
    Row(
        "Client with a key",
        Ref(V1 + "__init__", ("host", "chain_id", "key", "creds", "signature_type", "funder")),
        Ref(V2 + "__init__", ("host", "chain_id", "key", "creds", "signature_type", "funder")),
        Ref("polymarket:SecureClient.create", ("private_key", "wallet", "credentials")),
        "Python keeps `chain_id` in V2 (the `chainId` → `chain` rename is TypeScript only). "
        "polymarket-client validates or derives the credentials and resolves the wallet in "
        "`create` (network calls).",
    ),
    Row(
        "Read-only client",
        Ref(V1 + "__init__", ("host",)),
        Ref(V2 + "__init__", ("host", "chain_id"), required=("host", "chain_id")),
        Ref("polymarket:PublicClient", ("environment",)),
        "V2 makes `chain_id` required.",
    ),
    Row(
        "API credentials",
        Ref(V1 + "create_or_derive_api_creds", ("nonce",)),
        Ref(V2 + "create_or_derive_api_key", ("nonce",)),
        Ref("polymarket:SecureClient.create", ("credentials", "nonce")),
        'Renamed in V2. The L1 auth domain (`ClobAuthDomain`, version "1") did not change.',
    ),
    Row(
        "Credentials type",
        Ref(V1T + "ApiCreds", ("api_key", "api_secret", "api_passphrase")),
        Ref(V2T + "ApiCreds", ("api_key", "api_secret", "api_passphrase")),
        Ref("polymarket:ApiKeyCreds", ("apiKey", "secret", "passphrase")),
        "polymarket-client stores the key as `.key` and redacts all three in `repr`.",
    ),
    Row(
        "Limit order arguments",
        Ref(V1T + "OrderArgs", ORDER_V1),
        Ref(V2T + "OrderArgs", (*ORDER_V2, "position_id"), absent=GONE),
        Ref(PC + "create_limit_order", ("asset_id", "price", "size", "side", "expiration")),
        "`fee_rate_bps`, `nonce`, `taker` are gone; `builder_code`, `metadata` are new; V2 "
        "signs a millisecond `timestamp` itself.",
    ),
    Row(
        "Market order arguments",
        Ref(V1T + "MarketOrderArgs", ("token_id", "amount", "side", "price", "fee_rate_bps")),
        Ref(V2T + "MarketOrderArgs", ("token_id", "amount", "side", "price"), absent=GONE),
        Ref(PC + "create_market_order", ("asset_id", "side", "amount", "shares", "max_price")),
        "polymarket-client splits BUY (`amount` to spend) from SELL (`shares`) and defaults "
        "market orders to FAK, the SDKs before it to FOK.",
    ),
    Row(
        "Tick size and neg-risk options",
        Ref(V1T + "PartialCreateOrderOptions", ("tick_size", "neg_risk")),
        Ref(V2T + "PartialCreateOrderOptions", ("tick_size", "neg_risk", "version")),
        None,
        "polymarket-client reads both from `GET /clob-markets/{condition_id}` and caches them "
        "for 10 minutes; there is no option to pass them.",
    ),
    Row(
        "Sign an order (no posting)",
        Ref(V1 + "create_order", ("order_args", "options")),
        Ref(V2 + "create_order", ("order_args", "options")),
        Ref(PC + "create_limit_order"),
        "",
    ),
    Row(
        "Post a signed order",
        Ref(V1 + "post_order", ("order", "orderType", "post_only")),
        Ref(V2 + "post_order", ("order", "order_type", "post_only", "defer_exec")),
        Ref(PC + "post_order", ("signed_order",)),
        "`orderType` became `order_type`. In polymarket-client the order type (GTC/GTD) is "
        "decided when the order is created.",
    ),
    Row(
        "Sign and post",
        Ref(V1 + "create_and_post_order", ("order_args", "options")),
        Ref(V2 + "create_and_post_order", ("order_args", "options", "order_type", "post_only")),
        Ref(PC + "place_limit_order", ("asset_id", "price", "size", "side", "post_only")),
        "",
    ),
    Row(
        "Post a batch",
        Ref(V1 + "post_orders", ("args",)),
        Ref(V2 + "post_orders", ("args", "post_only", "defer_exec")),
        Ref(PC + "post_orders", ("signed_orders",)),
        "",
    ),
    Row(
        "Cancel one order",
        Ref(V1 + "cancel", ("order_id",)),
        Ref(V2 + "cancel_order", ("payload",)),
        Ref(PC + "cancel_order", ("order_id",)),
        "V2 takes `OrderPayload(orderID=...)`, not a string.",
    ),
    Row(
        "Cancel several",
        Ref(V1 + "cancel_orders", ("order_ids",)),
        Ref(V2 + "cancel_orders", ("order_hashes",)),
        Ref(PC + "cancel_orders", ("order_ids",)),
        "",
    ),
    Row(
        "Cancel everything", Ref(V1 + "cancel_all"), Ref(V2 + "cancel_all"), Ref(PC + "cancel_all")
    ),
    Row(
        "Cancel one market",
        Ref(V1 + "cancel_market_orders", ("market", "asset_id")),
        Ref(V2 + "cancel_market_orders", ("payload",)),
        Ref(PC + "cancel_market_orders", ("market", "asset_id")),
        "V2 takes `OrderMarketCancelParams(market=..., asset_id=...)`.",
    ),
    Row(
        "Open orders",
        Ref(V1 + "get_orders", ("params",)),
        Ref(V2 + "get_open_orders", ("params", "only_first_page")),
        Ref(PC + "list_open_orders", ("market", "asset_id")),
        "polymarket-client returns a paginator of `OpenOrder` models.",
    ),
    Row(
        "One order",
        Ref(V1 + "get_order", ("order_id",)),
        Ref(V2 + "get_order", ("order_id",)),
        Ref(PC + "get_order", ("order_id",)),
    ),
    Row(
        "Your trades",
        Ref(V1 + "get_trades", ("params",)),
        Ref(V2 + "get_trades", ("params", "only_first_page")),
        Ref(PC + "list_account_trades", ("market", "asset_id")),
    ),
    Row(
        "Orders from before the V2 cutover",
        None,
        Ref(V2 + "get_pre_migration_orders"),
        None,
        "Read-only; resting V1 orders did not migrate.",
    ),
    Row(
        "Order book",
        Ref(V1 + "get_order_book", ("token_id",)),
        Ref(V2 + "get_order_book", ("token_id",)),
        Ref(PP + "get_order_book", ("asset_id",)),
        "polymarket-client returns an `OrderBook` model with `Decimal` prices.",
    ),
    Row(
        "Midpoint",
        Ref(V1 + "get_midpoint", ("token_id",)),
        Ref(V2 + "get_midpoint", ("token_id",)),
        Ref(PP + "get_midpoint", ("asset_id",)),
    ),
    Row(
        "Balance and allowance",
        Ref(V1 + "get_balance_allowance", ("params",)),
        Ref(V2 + "get_balance_allowance", ("params",)),
        Ref(PC + "get_balance_allowance", ("asset_type", "asset_id")),
        "Collateral is pUSD since V2.",
    ),
    Row(
        "Refresh the cached balance",
        Ref(V1 + "update_balance_allowance", ("params",)),
        Ref(V2 + "update_balance_allowance", ("params",)),
        None,
        "polymarket-client 0.14.0 has no method for `GET /balance-allowance/update`.",
    ),
    Row(
        "Heartbeat",
        Ref(V1 + "post_heartbeat", ("heartbeat_id",)),
        Ref(V2 + "post_heartbeat", ("heartbeat_id",)),
        Ref(PC + "send_order_heartbeat", ("heartbeat_id",)),
    ),
    Row(
        "Order types",
        Ref(V1T + "OrderType"),
        Ref(V2T + "OrderType"),
        Ref("polymarket:OrderType"),
        "String constants in both ClobClients, a `Literal` in polymarket-client.",
    ),
]

COLUMNS = {"v1": "py-clob-client", "v2": "py-clob-client-v2", "unified": "polymarket-client"}


def _parameters(obj: object) -> dict[str, inspect.Parameter]:
    if isinstance(obj, classmethod | staticmethod):
        obj = obj.__func__
    return dict(inspect.signature(obj).parameters)  # type: ignore[arg-type]


def ref_problems(ref: Ref) -> list[str]:
    try:
        obj = resolve(ref.ref)
    except (AttributeError, ImportError) as exc:
        return [f"{ref.ref}: does not exist in the installed package ({exc})"]
    params = _parameters(obj) if ref.params or ref.absent or ref.required else {}
    out = [f"{ref.ref}: has no parameter {p!r}" for p in ref.params if p not in params]
    out += [
        f"{ref.ref}: parameter {p!r} is not required"
        for p in ref.required
        if p not in params or params[p].default is not inspect.Parameter.empty
    ]
    out += [f"{ref.ref}: still has parameter {p!r}" for p in ref.absent if p in params]
    return out


def problems(rows: list[Row] | None = None) -> list[str]:
    """Every cell of the map, checked against the installed packages (empty = all true)."""
    found: list[str] = []
    for row in rows if rows is not None else ROWS:
        for ref in (row.v1, row.v2, row.unified):
            if ref is not None:
                found += [f"{row.task}: {p}" for p in ref_problems(ref)]
    return found


def migration_map() -> str:
    """The map as a Markdown table; fails the build when a cell is wrong."""
    wrong = problems()
    if wrong:
        raise ValueError("migration map does not match the installed SDKs:\n" + "\n".join(wrong))
    head = [f"{name} {version(name)}" for name in COLUMNS.values()]
    lines = ["| task | " + " | ".join(head) + " | note |", "|---|---|---|---|---|"]
    for row in ROWS:
        cells = [ref.label if ref else "—" for ref in (row.v1, row.v2, row.unified)]
        lines.append(f"| {row.task} | " + " | ".join(cells) + f" | {row.note} |")
    return "\n".join(lines)
