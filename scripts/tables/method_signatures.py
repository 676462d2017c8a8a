"""Method and type signatures of the installed SDKs, read by introspection, and the snapshot check.

The "Method signatures" page is generated from `inspect.signature` at build time, so it always
shows the installed packages. `scripts/tables/data/signatures.json` is the reviewed snapshot of the
same strings: the suite (`tests/test_signatures.py`) fails with a diff when an SDK release changes
one, so nobody ships a page (or a snippet) written against the old call. After reviewing the diff
and the pages it touches, refresh the snapshot with one command:

    python -m scripts.tables.method_signatures --update     (and --check to print the diff)
"""

from __future__ import annotations

import argparse
import enum
import importlib
import inspect
import json
import re
import sys
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parent / "data" / "signatures.json"
UPDATE_COMMAND = "python -m scripts.tables.method_signatures --update"
DISTRIBUTIONS = {
    "polymarket": "polymarket-client",
    "py_clob_client_v2": "py-clob-client-v2",
    "py_clob_client": "py-clob-client",
}


@dataclass(frozen=True)
class Entry:
    """One documented callable or type: `ref` is "module:Qualified.name"."""

    group: str
    ref: str
    note: str = ""
    twin: str | None = None  # the async twin's ref (polymarket-client only)


def _pm(cls: str, names: str, group: str) -> list[Entry]:
    twin = {"PublicClient": "AsyncPublicClient", "SecureClient": "AsyncSecureClient"}[cls]
    return [
        Entry(group, f"polymarket:{cls}.{name}", twin=f"polymarket:{twin}.{name}")
        for name in names.split()
    ]


def _types(module: str, names: str) -> list[Entry]:
    return [Entry("types", f"{module}:{name}") for name in names.split()]


def _v2(names: str, group: str) -> list[Entry]:
    return [Entry(group, f"py_clob_client_v2:ClobClient.{name}") for name in names.split()]


GROUPS = {
    "credentials": "Clients and credentials",
    "trading": "Trading: create, post, cancel",
    "orders": "Order and trade queries",
    "market_data": "Market data",
    "balances": "Balances and allowances",
    "types": "Argument and result types",
}

#: The surface the guide relies on. A name missing from an installed SDK fails the suite.
POLYMARKET_CLIENT: list[Entry] = [
    Entry("credentials", "polymarket:PublicClient", twin="polymarket:AsyncPublicClient"),
    Entry(
        "credentials", "polymarket:SecureClient.create", twin="polymarket:AsyncSecureClient.create"
    ),
    *_pm("SecureClient", "fetch_api_keys delete_api_key end_authentication", "credentials"),
    *_pm(
        "SecureClient",
        "create_limit_order create_market_order place_limit_order place_market_order "
        "post_order post_orders cancel_order cancel_orders cancel_market_orders cancel_all "
        "send_order_heartbeat",
        "trading",
    ),
    *_pm(
        "SecureClient",
        "get_order list_open_orders list_account_trades get_order_scoring "
        "wait_for_order_fill_settlement",
        "orders",
    ),
    *_pm(
        "PublicClient",
        "get_market list_markets get_order_book get_order_books get_midpoint get_price "
        "get_spread get_last_trade_price list_price_history estimate_market_price",
        "market_data",
    ),
    *_pm(
        "SecureClient",
        "get_balance_allowance get_trading_approvals_state setup_trading_approvals",
        "balances",
    ),
    *_types(
        "polymarket",
        "ApiKeyCreds SignedOrder AcceptedOrder RejectedOrder OrderType MarketOrderType "
        "OrderSide AssetType OrderBook OpenOrder CancelOrdersResponse BalanceAllowance",
    ),
]

PY_CLOB_CLIENT_V2: list[Entry] = [
    Entry("credentials", "py_clob_client_v2:ClobClient"),
    *_v2(
        "create_api_key derive_api_key create_or_derive_api_key set_api_creds get_api_keys "
        "delete_api_key",
        "credentials",
    ),
    *_v2(
        "create_order create_market_order post_order post_orders create_and_post_order "
        "create_and_post_market_order cancel_order cancel_orders cancel_market_orders "
        "cancel_all post_heartbeat",
        "trading",
    ),
    *_v2(
        "get_order get_open_orders get_trades get_pre_migration_orders is_order_scoring", "orders"
    ),
    *_v2(
        "get_market get_clob_market_info get_order_book get_order_books get_midpoint get_price "
        "get_spread get_last_trade_price get_prices_history get_tick_size get_neg_risk "
        "calculate_market_price",
        "market_data",
    ),
    *_v2("get_balance_allowance update_balance_allowance", "balances"),
    *_types(
        "py_clob_client_v2",
        "ApiCreds OrderArgs MarketOrderArgs PartialCreateOrderOptions OrderType Side "
        "AssetType BalanceAllowanceParams OpenOrderParams TradeParams OrderPayload "
        "OrderMarketCancelParams BookParams PostOrdersV2Args",
    ),
]

SURFACES = {"polymarket-client": POLYMARKET_CLIENT, "py-clob-client-v2": PY_CLOB_CLIENT_V2}


# --- introspection ----------------------------------------------------------------------------


def resolve(ref: str) -> object:
    """Import "module:Qual.name" and return the object; AttributeError when it does not exist."""
    module, _, qualname = ref.partition(":")
    obj: object = importlib.import_module(module)
    for part in qualname.split("."):
        obj = inspect.getattr_static(obj, part) if inspect.isclass(obj) else getattr(obj, part)
    return obj


def _constants(cls: type) -> dict[str, object]:
    return {
        k: v
        for k, v in vars(cls).items()
        if not k.startswith("_") and isinstance(v, str | int) and not callable(v)
    }


def describe(obj: object) -> str:
    """The signature string the snapshot stores (kind prefix for things that are not calls)."""
    if isinstance(obj, classmethod | staticmethod):
        obj = obj.__func__
    if isinstance(obj, property):
        return f"property -> {inspect.signature(obj.fget).return_annotation}"  # type: ignore[arg-type]
    if inspect.isclass(obj) and issubclass(obj, enum.Enum):
        return "enum " + ", ".join(f"{m.name}={m.value!r}" for m in obj)
    if typing.get_origin(obj) is not None or not callable(obj):
        return f"alias {obj!r}".replace("typing.", "")
    if inspect.isclass(obj):
        sig = inspect.signature(obj)
        if not sig.parameters and _constants(obj):
            return "constants " + ", ".join(f"{k}={v!r}" for k, v in _constants(obj).items())
        return str(sig)
    return str(inspect.signature(obj))


def live(surfaces: dict[str, list[Entry]] | None = None) -> dict[str, str]:
    """Every documented ref (and async twin) mapped to its signature, from the installed SDKs."""
    out: dict[str, str] = {}
    for entries in (surfaces or SURFACES).values():
        for entry in entries:
            for ref in filter(None, (entry.ref, entry.twin)):
                try:
                    out[ref] = describe(resolve(ref))
                except (AttributeError, ImportError) as exc:
                    out[ref] = f"MISSING ({type(exc).__name__}: {exc})"
    return out


def installed_versions() -> dict[str, str]:
    return {dist: version(dist) for dist in DISTRIBUTIONS.values()}


def load_snapshot(path: Path = SNAPSHOT) -> dict[str, object]:
    return json.loads(path.read_text(encoding="utf-8"))


def write_snapshot(path: Path = SNAPSHOT) -> None:
    data = {"versions": installed_versions(), "signatures": live()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def diff(snapshot: dict[str, str], current: dict[str, str]) -> list[str]:
    """Human-readable differences between the reviewed snapshot and the installed SDKs."""
    lines: list[str] = []
    for ref in sorted(snapshot.keys() | current.keys()):
        old, new = snapshot.get(ref), current.get(ref)
        if old == new:
            continue
        if old is None:
            lines.append(f"+ {ref}: not in the snapshot; now {new}")
        elif new is None:
            lines.append(f"- {ref}: in the snapshot but no longer documented (was {old})")
        else:
            lines.append(f"~ {ref}\n    snapshot: {old}\n    installed: {new}")
    return lines


def check(path: Path = SNAPSHOT) -> list[str]:
    """Problems to report (empty = the installed SDKs match the reviewed snapshot)."""
    snap = load_snapshot(path)
    lines = diff(typing.cast(dict[str, str], snap["signatures"]), live())
    lines += [f"MISSING in the installed SDK: {r}" for r, s in live().items() if "MISSING" in s]
    if lines:
        versions = ", ".join(f"{k} {v}" for k, v in installed_versions().items())
        lines.insert(
            0,
            f"SDK signatures differ from {path.name} (snapshot of "
            f"{snap.get('versions')}; installed {versions}). Review every page and snippet "
            f"that uses these calls, then run: {UPDATE_COMMAND}",
        )
    return lines


# --- rendering --------------------------------------------------------------------------------

_DOTTED = re.compile(r"\b(?:[a-z_][a-z0-9_]*\.)+(?=[A-Za-z_])")


def short(text: str) -> str:
    """Drop module paths from annotations: `decimal.Decimal` -> `Decimal`."""
    return _DOTTED.sub("", text).replace("typing.", "")


def _split(sig: str) -> tuple[str, str]:
    params, arrow, ret = sig.partition(" -> ")
    params = re.sub(r"^\((?:self|cls),? ?", "(", params)
    return params, ret if arrow else ""


def _name(ref: str) -> str:
    return ref.partition(":")[2]


def _twin_note(entry: Entry, sigs: dict[str, str]) -> str:
    if entry.twin is None:
        return ""
    mine, twin = _split(sigs[entry.ref])[0], _split(sigs.get(entry.twin, ""))[0]
    if mine != twin:
        return "differs: see source"
    obj = resolve(entry.twin)
    if isinstance(obj, classmethod | staticmethod):
        obj = obj.__func__
    if inspect.iscoroutinefunction(obj):
        return "same, `await`"
    return "same, `async for`" if "Paginator" in sigs[entry.twin] else "same"


def _rows(entries: Iterable[Entry], sigs: dict[str, str], with_twin: bool) -> list[str]:
    rows: list[str] = []
    for entry in entries:
        sig = sigs[entry.ref]
        if sig.startswith(("alias ", "enum ", "constants ")):
            kind, _, rest = sig.partition(" ")
            params, ret = f"{kind}: {short(rest)}", ""
        else:
            params, ret = (short(s) for s in _split(sig))
        obj = resolve(entry.ref)
        name = f"`{_name(entry.ref)}`"
        if inspect.isclass(obj):
            ret = ""  # a constructor: the parameters are the fields
            if obj.__name__ != _name(entry.ref).rpartition(".")[2]:
                name += f" (= `{obj.__name__}`)"
        elif not ret:
            ret = "not annotated"
        cells = [name, f"`{params}`", f"`{ret}`" if ret and ret != "not annotated" else ret]
        if with_twin:
            cells.append(_twin_note(entry, sigs))
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def table(sdk: str, group: str, sigs: dict[str, str] | None = None) -> str:
    """One Markdown table: the documented calls of `sdk` in `group`, read from the installed SDK."""
    sigs = sigs if sigs is not None else live()
    entries = [e for e in SURFACES[sdk] if e.group == group]
    with_twin = sdk == "polymarket-client"
    head = ["name", "parameters", "returns"] + (["async twin"] if with_twin else [])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    return "\n".join(lines + _rows(entries, sigs, with_twin))


def _both(group: str) -> Callable[[], str]:
    def render() -> str:
        sigs = live()
        parts = []
        for sdk in SURFACES:
            parts += [
                f'=== "{sdk}"',
                "",
                *("    " + line for line in table(sdk, group, sigs).split("\n")),
                "",
            ]
        return "\n".join(parts)

    render.__doc__ = f"Content tabs (polymarket-client first) for the {GROUPS[group]} group."
    return render


credentials = _both("credentials")
trading = _both("trading")
orders = _both("orders")
market_data = _both("market_data")
balances = _both("balances")
types = _both("types")


def snapshot_versions() -> str:
    """A sentence naming the SDK versions the reviewed snapshot was taken from."""
    snap = typing.cast(dict[str, str], load_snapshot()["versions"])
    return (
        "The reviewed snapshot was taken from "
        + ", ".join(f"`{k}` {v}" for k, v in snap.items())
        + "."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--update", action="store_true", help="rewrite the snapshot (after review)")
    group.add_argument("--check", action="store_true", help="print the diff; exit 1 if any")
    args = parser.parse_args(argv)
    if args.update:
        write_snapshot()
        print(f"wrote {SNAPSHOT}")
        return 0
    problems = check()
    print("\n".join(problems) or "signatures match the snapshot")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
