"""order_constraints.py: every bad input of cases.py is refused before any network call, and
the module agrees with both SDKs: what it accepts they build and sign (throwaway key), what it
refuses they refuse too, or sign into an order the CLOB is known to reject (see `sdks`)."""

from __future__ import annotations

import json
import types
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account
from polymarket import UserInputError
from polymarket._internal.actions.orders import limit as pc_limit
from polymarket._internal.actions.orders.context import (
    resolve_rounding_config,
    validate_price_on_tick_grid,
)
from polymarket._internal.actions.orders.market import (
    _compute_market_order_amounts,
    validate_market_order_params,
)
from polymarket._internal.actions.orders.post import _build_send_order_payload
from py_clob_client_v2 import MarketOrderArgs, OrderArgs, OrderType
from py_clob_client_v2.clob_types import CreateOrderOptions
from py_clob_client_v2.order_builder.builder import ROUNDING_CONFIG, OrderBuilder
from py_clob_client_v2.order_builder.helpers import round_normal
from py_clob_client_v2.signer import Signer
from py_clob_client_v2.utilities import price_valid

from snippets.order_constraints import order_constraints as oc
from tests.snippets.order_constraints.cases import CASES, NOW, Case

TOKEN = "97986244429993405301006613239860350847262749399039648046285499627250726259070"
KEY = Account.create().key.hex()  # a fresh throwaway key for every run; it never holds funds
BUILDER = OrderBuilder(Signer(KEY, 137))


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """polymarket-client checks GTD expirations against time.time() (limit.py)."""
    monkeypatch.setattr(pc_limit, "time", types.SimpleNamespace(time=lambda: float(NOW)))


# --- the bad inputs -------------------------------------------------------------------------


def test_there_are_at_least_twenty_distinct_bad_inputs() -> None:
    assert len(CASES) >= 20 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_bad_input_is_rejected_with_field_and_nearest_value(case: Case) -> None:
    with pytest.raises(oc.OrderRejected) as caught:
        case.call()()
    rejected = caught.value
    assert rejected.field == case.field
    assert str(rejected).startswith(f"{case.field}: ")
    assert (None if rejected.nearest is None else str(rejected.nearest)) == case.nearest
    if case.nearest is not None:
        assert str(rejected).endswith(f"nearest valid value: {case.nearest}")


def _as_float(value: Any) -> Any:
    """What a py-clob-client-v2 user passes: floats (a str that is not a number fails here)."""
    return float(value) if isinstance(value, str | D) else value


def pc_verdict(case: Case) -> str:
    """polymarket-client's own local checks (no network) on the same input."""
    a, tick = case.args, D(case.tick)
    try:
        resolve_rounding_config(tick)  # an unknown tick raises UnexpectedResponseError
        if case.kind == "limit":
            params = pc_limit.validate_limit_order_params(
                token_id=TOKEN,
                price=a["price"],
                size=a["size"],
                side=a["side"],
                expiration=a.get("expiration") if a.get("order_type") == "GTD" else None,
            )
            price = validate_price_on_tick_grid(params.price, tick, "price")
            if a.get("order_type", "GTC") == "GTC" and a.get("expiration"):
                # create_limit_order(expiration=...) makes a GTD order: nobody objects
                pc_limit.validate_limit_order_params(
                    token_id=TOKEN, price=price, size="10", side="BUY", expiration=a["expiration"]
                )
            return (
                "rounds"
                if pc_limit._compute_limit_order_amounts(
                    price=price, size=params.size, side=params.side, tick_size=tick
                )[1 if params.side == "BUY" else 0]
                != oc.to_units(D(str(a["size"])))
                else "accepts"
            )
        params = validate_market_order_params(
            token_id=TOKEN,
            side=a["side"],
            amount=a["amount"] if a["side"] == "BUY" else None,
            shares=a["amount"] if a["side"] == "SELL" else None,
            max_price=a["worst_price"] if a["side"] == "BUY" else None,
            min_price=a["worst_price"] if a["side"] == "SELL" else None,
            order_type=a.get("order_type", "FOK"),
        )
        price = validate_price_on_tick_grid(D(a["worst_price"]), tick, "worst_price")
        maker, _ = _compute_market_order_amounts(
            amount=params.amount or params.shares, price=price, side=a["side"], tick_size=tick
        )
        if a.get("post_only"):
            _build_send_order_payload(_pc_signed(a.get("order_type", "FOK")), owner_api_key="k")
        return "rounds" if maker != oc.to_units(D(a["amount"])) else "accepts"
    except (UserInputError, ValueError, TypeError, ArithmeticError) as error:
        return f"rejects: {error}"
    except Exception as error:  # UnexpectedResponseError for an unknown tick
        return f"rejects: {type(error).__name__}: {error}"


def _pc_signed(order_type: str):  # type: ignore[no-untyped-def]
    from polymarket.models.clob.orders import SignedOrder

    zero = "0x" + "00" * 32
    addr = Account.from_key(KEY).address
    return SignedOrder(
        builder=zero,
        expiration=0,
        maker=addr,
        maker_amount=5_000_000,
        metadata=zero,
        order_type=order_type,
        salt=1,
        side="BUY",
        signature="0x" + "11" * 65,
        signature_type=0,
        signer=addr,
        taker_amount=9_433_900,
        timestamp=NOW * 1000,
        token_id=TOKEN,
        post_only=True,
    )


def v2_verdict(case: Case) -> str:
    """py-clob-client-v2's create_order / create_market_order local path: its price check,
    its rounding, then the OrderBuilder signing with the throwaway key."""
    a = case.args
    try:
        rc = ROUNDING_CONFIG[case.tick]
        price = _as_float(a["price"] if case.kind == "limit" else a["worst_price"])
        if not price_valid(price, case.tick):
            return "rejects: invalid price"
        options = CreateOrderOptions(tick_size=case.tick, neg_risk=False)
        if case.kind == "limit":
            args = OrderArgs(
                token_id=TOKEN,
                price=round_normal(price, rc.price),
                size=_as_float(a["size"]),
                side=a["side"],
                expiration=a.get("expiration", 0),
            )
            signed = BUILDER.build_order(args, options)
            leg = signed.takerAmount if a["side"] == "BUY" else signed.makerAmount
            asked = oc.to_units(D(str(a["size"])))
        else:
            mo = MarketOrderArgs(
                token_id=TOKEN, amount=_as_float(a["amount"]), side=a["side"], price=price
            )
            signed = BUILDER.build_market_order(mo, options)
            if a.get("post_only"):
                from py_clob_client_v2 import ApiCreds, ClobClient

                creds = ApiCreds(api_key="k", api_secret="c2VjcmV0", api_passphrase="p")
                client = ClobClient("http://127.0.0.1:9", chain_id=137, key=KEY, creds=creds)
                client.post_order(signed, OrderType.FOK, post_only=True)
            leg, asked = signed.makerAmount, oc.to_units(D(a["amount"]))
        assert signed.signature.startswith("0x")
        return "rounds" if int(leg) != asked else "accepts"
    except Exception as error:  # ValueError, TypeError, KeyError, eth_abi's encoding errors
        return f"rejects: {type(error).__name__}: {error}"


EXPECTED = {
    "both": ("rejects", "rejects"),
    "pc": ("rejects", "accepts"),
    "server": ("accepts", "accepts"),
    "rounds": ("rounds", "rounds"),
    "none": ("accepts", "accepts"),
}


@pytest.mark.parametrize("case", [c for c in CASES if c.kind != "amounts"], ids=lambda c: c.name)
def test_what_the_sdks_do_with_the_same_input(case: Case) -> None:
    pc, v2 = pc_verdict(case), v2_verdict(case)
    want_pc, want_v2 = EXPECTED[case.sdks]
    assert pc.split(":")[0] == want_pc, pc
    assert v2.split(":")[0] in (want_v2, "rounds" if want_v2 == "accepts" else want_v2), v2


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "amounts"], ids=lambda c: c.name)
def test_amount_cases_quote_a_recorded_server_error(case: Case) -> None:
    assert case.sdks == "server" and "CLOB:" in case.note


# --- what the module accepts, both SDKs build ---------------------------------------------


def pc_sign(order: oc.CheckedOrder, tick: str) -> str:
    """Sign the module's order the way polymarket-client's `SecureClient._sign_order` does
    (OrderDraft -> create_unsigned_order -> build_order_typed_data -> eth_account); returns
    the address recovered from the signature."""
    from eth_account.messages import encode_typed_data
    from polymarket._internal.actions.orders.orders import create_unsigned_order
    from polymarket._internal.actions.orders.typed_data import build_order_typed_data
    from polymarket._internal.actions.orders.types import OrderDraft

    account = Account.from_key(KEY)
    draft = OrderDraft(
        chain_id=137,
        exchange_address="0xE111180000d2663C0091e4f400237545B87B996B",
        expiration=order.expiration,
        funder_address=account.address,
        offered_amount=order.maker_amount,
        order_type=order.order_type,
        side=order.side,
        signer=account.address,
        requested_amount=order.taker_amount,
        asset_id=TOKEN,
    )
    unsigned = create_unsigned_order(draft, wallet=account.address, wallet_type="EOA")
    typed = build_order_typed_data(unsigned)
    signature = account.sign_typed_data(full_message=typed).signature
    return Account.recover_message(encode_typed_data(full_message=typed), signature=signature)


GRID = {
    "0.1": ["0.1", "0.5", "0.9"],
    "0.01": ["0.01", "0.37", "0.99"],
    "0.005": ["0.005", "0.355", "0.995"],
    "0.0025": ["0.0025", "0.3725", "0.9975"],
    "0.001": ["0.001", "0.523", "0.999"],
    "0.0001": ["0.0001", "0.4321", "0.9999"],
}


@pytest.mark.parametrize("tick", list(GRID))
@pytest.mark.parametrize("side", ["BUY", "SELL"])
def test_accepted_limit_orders_sign_identically_in_both_sdks(tick: str, side: str) -> None:
    market = oc.Market(D(tick), D("5"))
    for price in GRID[tick]:
        for size in ("5", "10.5", "123.45", "19.69"):
            ours = oc.check_limit_order(market, side, price, size, now=NOW)
            pc = pc_limit._compute_limit_order_amounts(
                price=validate_price_on_tick_grid(D(price), D(tick), "price"),
                size=D(size),
                side=side,
                tick_size=D(tick),
            )
            args = OrderArgs(token_id=TOKEN, price=float(price), size=float(size), side=side)
            signed = BUILDER.build_order(args, CreateOrderOptions(tick_size=tick, neg_risk=False))
            v2 = (int(signed.makerAmount), int(signed.takerAmount))
            assert (ours.maker_amount, ours.taker_amount) == pc == v2, (price, size)
            oc.check_amounts("limit", side, *v2, tick)  # type: ignore[arg-type]
    assert pc_sign(ours, tick) == Account.from_key(KEY).address


def sdk_market_amounts(side: str, amount: str, price: str, tick: str) -> tuple[int, int]:
    """(maker, taker) as both SDKs build a market order; asserts that they agree."""
    pc = _compute_market_order_amounts(
        amount=D(amount), price=D(price), side=side, tick_size=D(tick)
    )
    mo = MarketOrderArgs(token_id=TOKEN, amount=float(amount), side=side, price=float(price))
    signed = BUILDER.build_market_order(mo, CreateOrderOptions(tick_size=tick, neg_risk=False))
    v2 = (int(signed.makerAmount), int(signed.takerAmount))
    assert pc == v2, (side, amount, price, tick)
    return v2


@pytest.mark.parametrize("tick", list(GRID))
@pytest.mark.parametrize("side", ["BUY", "SELL"])
def test_accepted_market_orders_match_both_sdks_where_the_sdks_are_right(
    tick: str, side: str
) -> None:
    """Where the SDKs' amounts are within the CLOB's precision, the module builds the same
    ones; where a BUY's shares carry 5 or 6 decimals, it rounds them down to 4 instead."""
    market = oc.Market(D(tick), D("5"))
    for price in GRID[tick]:
        for amount in ("1", "5", "12.34", "1000"):
            ours = oc.check_market_order(market, side, amount, price, "FAK")
            sdk = sdk_market_amounts(side, amount, price, tick)
            oc.check_amounts("market", side, ours.maker_amount, ours.taker_amount, tick)  # type: ignore[arg-type]
            if (ours.maker_amount, ours.taker_amount) == sdk:
                continue
            assert side == "BUY" and D(tick) in {D("0.001"), D("0.005"), D("0.0001"), D("0.0025")}
            assert ours.maker_amount == sdk[0] and 0 < sdk[1] - ours.taker_amount < 100
            with pytest.raises(
                oc.OrderRejected, match=r"taker amount .* the exchange accepts at most 4"
            ):
                oc.check_amounts("market", "BUY", *sdk, tick)
    assert pc_sign(ours, tick) == Account.from_key(KEY).address


def test_the_live_rejection_both_sdks_walk_into() -> None:
    """py-clob-client-v2 issue #99 (2026-07-04): a market BUY of 9.98 pUSD at 0.985, tick
    0.001, was refused: "... taker amount a max of 4 decimals". Both SDKs still build it."""
    sdk = sdk_market_amounts("BUY", "9.98", "0.985", "0.001")
    assert sdk == (9_980_000, 10_131_970)  # 10.13197 shares: 5 decimals
    with pytest.raises(oc.OrderRejected) as caught:
        oc.check_amounts("market", "BUY", *sdk, "0.001")
    assert caught.value.field == "taker_amount" and caught.value.nearest == D("10.1319")
    ours = oc.check_market_order(oc.Market(D("0.001"), D("5")), "BUY", "9.98", "0.985")
    assert (ours.maker_amount, ours.taker_amount) == (9_980_000, 10_131_900)
    assert ours.maker_amount / ours.taker_amount <= 0.98501  # still at the worst price, to 1e-5


def test_rounding_tables_equal_both_sdks() -> None:
    for tick, rule in oc.TICK_RULES.items():
        pc, v2 = resolve_rounding_config(tick), ROUNDING_CONFIG[str(tick)]
        assert (rule.price_decimals, rule.amount_decimals) == (pc.price, pc.amount)
        assert (rule.price_decimals, rule.amount_decimals) == (v2.price, v2.amount)
        assert pc.size == v2.size == oc.SIZE_DECIMALS
    assert set(ROUNDING_CONFIG) == {str(t) for t in oc.TICK_RULES}
    documented = {str(t) for t, r in oc.TICK_RULES.items() if r.documented}
    assert documented == {"0.1", "0.01", "0.001", "0.0001"}


# --- helpers --------------------------------------------------------------------------------


def test_snap_price_rounds_the_safe_way_per_side() -> None:
    rule = oc.rule_for("0.01")
    assert oc.snap_price(D("0.503"), rule) == D("0.50")
    assert oc.snap_price(D("0.503"), rule, "BUY") == D("0.50")
    assert oc.snap_price(D("0.503"), rule, "SELL") == D("0.51")
    assert oc.snap_price(D("0.995"), rule, "SELL") == D("0.99")  # clamped inside the bounds
    assert oc.snap_price(D("0.001"), rule, "BUY") == D("0.01")


def test_gtd_expiration_adds_the_security_minute() -> None:
    assert oc.gtd_expiration(3600, now=NOW + 0.9) == NOW + 60 + 3600
    assert oc.gtd_expiration(0) > NOW
    exp = oc.gtd_expiration(3600, now=NOW)
    ok = oc.check_limit_order(oc.Market(D("0.01"), D(5)), "BUY", "0.5", "10", "GTD", exp, now=NOW)
    assert ok.order_type == "GTD" and ok.expiration == exp
    assert oc.check_expiration("FOK", 0) == 0


def test_limit_call_with_a_market_type_points_to_gtc() -> None:
    with pytest.raises(oc.OrderRejected, match="FOK is a market order type") as caught:
        oc.check_limit_order(oc.Market(D("0.01"), D(5)), "BUY", "0.5", "10", "FOK")
    assert caught.value.nearest == "GTC"


def test_marketable_buy_at_or_over_a_dollar_passes() -> None:
    market = oc.Market(D("0.01"), D(5))
    ok = oc.check_limit_order(market, "BUY", "0.10", "10", best_ask=D("0.10"), now=NOW)
    assert ok.maker_amount == 1_000_000
    resting = oc.check_limit_order(market, "BUY", "0.10", "5", best_ask=D("0.11"), now=NOW)
    assert resting.maker_amount == 500_000  # below the ask: rests, no $1 rule


def test_market_from_a_recorded_book() -> None:
    body = {"tick_size": "0.001", "min_order_size": "5", "neg_risk": True}
    market = oc.Market.from_book(body)
    assert market == oc.Market(D("0.001"), D("5"), True) and market.rule.max_price == D("0.999")


def test_plain_and_to_decimal() -> None:
    assert oc.plain(D("4.330000")) == "4.33" and oc.plain(D("10")) == "10"
    assert oc.to_decimal("x", 0.1) == D("0.1") and oc.to_decimal("x", 3) == D(3)
    with pytest.raises(oc.OrderRejected, match="must be a number, got bool"):
        oc.to_decimal("x", True)


def test_check_amounts_accepts_what_the_sdks_sign() -> None:
    oc.check_amounts("market", "BUY", 5_000_000, 9_433_900, "0.01")
    oc.check_amounts("limit", "SELL", 19_690_000, 4_331_800, "0.01")
    with pytest.raises(oc.OrderRejected, match="taker amount 0 has"):
        oc.check_amounts("limit", "BUY", 5_000_000, 0, "0.01")


# --- tick_size_change ---------------------------------------------------------------------

EVENT = json.loads((Path(__file__).parent / "data" / "tick_size_change.json").read_text())


def test_finer_tick_keeps_every_resting_order() -> None:
    """The recorded event went 0.01 -> 0.001: every 0.01 price is on the finer grid."""
    event = EVENT["event"]
    assert (event["old_tick_size"], event["new_tick_size"]) == ("0.01", "0.001")
    resting = [oc.RestingOrder(f"o{p}", "BUY", D(p)) for p in ("0.01", "0.50", "0.99")]
    actions = oc.on_tick_size_change(resting, event["new_tick_size"])
    assert [a.action for a in actions] == ["keep"] * 3


def test_coarser_tick_replaces_off_grid_orders_the_safe_way() -> None:
    resting = [
        oc.RestingOrder("a", "SELL", D("0.995")),  # above the new 0.99 cap
        oc.RestingOrder("b", "BUY", D("0.503")),  # off grid: a BUY moves down
        oc.RestingOrder("c", "SELL", D("0.503")),  # off grid: a SELL moves up
        oc.RestingOrder("d", "BUY", D("0.42")),
    ]
    got = {a.order_id: (a.action, a.price) for a in oc.on_tick_size_change(resting, "0.01")}
    assert got == {
        "a": ("replace", D("0.99")),
        "b": ("replace", D("0.50")),
        "c": ("replace", D("0.51")),
        "d": ("keep", D("0.42")),
    }


def test_how_often_the_sdks_sign_a_market_buy_the_clob_refuses() -> None:
    """The figure on the page: of the test grid's 72 market BUYs (6 ticks x 3 prices x 4
    amounts), both SDKs sign 24 with more than 4 decimals of shares."""
    refused = total = 0
    for tick, prices in GRID.items():
        for price in prices:
            for amount in ("1", "5", "12.34", "1000"):
                total += 1
                try:
                    oc.check_amounts(
                        "market", "BUY", *sdk_market_amounts("BUY", amount, price, tick), tick
                    )  # type: ignore[arg-type]
                except oc.OrderRejected:
                    refused += 1
    assert (refused, total) == (24, 72)
