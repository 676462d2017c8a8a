"""The error cases replayed by test_errors*.py: (case id, SDK call, expected rule).

Bodies, statuses and provenance live in the committed cassettes
(cassettes/error_handling/test_errors*/test_replay[<id>].yaml, built by
scripts/cassette_specs/error_handling.py, which checks it agrees with this list).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..conftest import SAFE_LOADER

ROOT = Path(__file__).resolve().parents[3]


def load(path: Path) -> dict[str, Any]:
    """A committed cassette, read as plain vcrpy YAML."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    if not isinstance(data, dict) or "interactions" not in data:
        raise ValueError(f"{path}: not a vcrpy cassette")
    return data


class Case(NamedTuple):
    id: str
    trigger: str
    rule: str


CASES: list[Case] = [
    Case("balance_v1", "order", "balance_allowance"),
    Case("balance_v2_long", "order", "balance_allowance"),
    Case("balance_v2_matched", "order", "balance_allowance"),
    Case("amounts_5_decimals", "order", "invalid_amounts"),
    Case("amounts_4_decimals", "order", "invalid_amounts"),
    Case("amounts_market_buy", "order", "invalid_amounts"),
    Case("amounts_taker_mismatch", "order", "invalid_amounts"),
    Case("below_min_size", "order", "below_min_size"),
    Case("fok_not_filled", "order", "fok_not_filled"),
    Case("post_only_crosses", "order", "post_only_crosses"),
    Case("order_version_mismatch", "order", "order_version_mismatch"),
    Case("deposit_wallet_required", "order", "deposit_wallet_required"),
    Case("signer_not_api_key", "order", "signer_not_api_key"),
    Case("invalid_signature", "order", "invalid_signature"),
    Case("could_not_run", "order", "server_error"),
    Case("service_not_ready", "order", "restarting"),
    Case("cloudflare_block", "order", "cloudflare_block"),
    Case("rate_limited", "order", "rate_limited"),
    Case("post_only_mode", "order", "post_only_mode"),
    Case("cancel_only", "order", "cancel_only"),
    Case("trading_disabled", "order", "trading_disabled"),
    Case("market_not_ready", "order", "market_not_ready"),
    Case("fak_no_match", "order", "fok_not_filled"),
    Case("no_orderbook", "book", "no_orderbook"),
    Case("unauthorized", "balance", "unauthorized"),
    Case("heartbeat_stale", "heartbeat", "heartbeat_id"),
    Case("api_key_exists", "api_key", "create_api_key_exists"),
    Case("empty_405", "open_orders", "wrong_endpoint"),
]


def failing_reply(module: str, case: Case) -> dict[str, Any]:
    """The replayed error reply of a case: the last interaction whose status is not 2xx, else
    the last one (a refusal inside a 200)."""
    name = f"test_replay[{case.id}].yaml"
    if module == "test_errors" and case.trigger == "api_key":
        name = "test_existing_api_key_is_derived_instead.yaml"
    data = load(ROOT / "cassettes" / "error_handling" / module / name)
    replies = [i["response"] for i in data["interactions"]]
    failing = [r for r in replies if r["status"]["code"] >= 300] or replies[-1:]
    response = failing[-1]
    return {
        "status": response["status"]["code"],
        "body": response["body"]["string"],
        "headers": response["headers"],
    }
