"""Why "not enough balance / allowance": one reconcile outcome per cause, each with its fix.

SDK-free and pure: it judges readings, it reads nothing. Addresses are from
docs.polymarket.com/resources/contracts and /concepts/pusd, and the SDKs' own config
(polymarket `environments.py`, py-clob-client-v2 `config.py`), read 2026-11-28.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

# --8<-- [start:addresses]
PUSD = "0xC011a7E12a19f7B1f670d46F03B03f3342E82DFB"  # collateral since CLOB V2 (2026-04-28)
USDC_E = "0x2791Bca1f2de4661ED88A30C99A7a9449Aa84174"  # bridged USDC: V1 collateral, wraps
NATIVE_USDC = "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359"  # Circle USDC: swap to USDC.e first
COLLATERAL_ONRAMP = "0x93070a847efEf7F70739046A929D47a521F5B8ee"  # wrap(USDC.e) -> pUSD
EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B"  # CTF markets
NEG_RISK_EXCHANGE_V2 = "0xe2222d279d744050d28e00520010520000310F59"  # neg-risk CTF markets
EXCHANGE_V3 = "0xe3333700cA9d93003F00f0F71f8515005F6c00Aa"  # Protocol V2 positions
# --8<-- [end:addresses]
DECIMALS = 6  # pUSD, USDC.e, USDC and outcome shares alike
EXCHANGES: dict[str, str] = {
    "Exchange V2": EXCHANGE_V2,
    "Neg Risk Exchange V2": NEG_RISK_EXCHANGE_V2,
    "Exchange V3": EXCHANGE_V3,
}


# --8<-- [start:outcomes]
class Outcome(StrEnum):
    OK = "ok"
    SURPLUS = "surplus"
    NOT_WRAPPED = "not_wrapped"
    MISSING_APPROVAL = "missing_approval"
    CLOB_BEHIND = "clob_behind"
    UNSETTLED_FILL = "unsettled_fill"
    INSUFFICIENT = "insufficient"
    STALE_READING = "stale_reading"


#: (cause, fix) per outcome; the page's table is generated from this.
FIXES: dict[Outcome, tuple[str, str]] = {
    Outcome.OK: ("Balance within tolerance of what you expected.", "Nothing to do."),
    Outcome.SURPLUS: (
        "More pUSD than expected: a deposit, a redemption or a fill your ledger has not booked.",
        "Book the difference in your ledger before you size the next order.",
    ),
    Outcome.NOT_WRAPPED: (
        "The money is there, but as USDC.e or native USDC, not pUSD. Orders only spend pUSD.",
        "USDC.e: approve the CollateralOnramp (not pUSD), then call its "
        "wrap(USDC.e, to, amount). Native USDC: swap it to USDC.e first, then wrap.",
    ),
    Outcome.MISSING_APPROVAL: (
        "Enough pUSD, but the exchange that will settle the order may not spend it.",
        "approve() pUSD for that exchange (Exchange V2, the neg-risk exchange, or Exchange V3 "
        "for Protocol V2 positions); for sells, setApprovalForAll on the outcome tokens.",
    ),
    Outcome.CLOB_BEHIND: (
        "The chain is right, but the CLOB's cached balance or allowance is older.",
        "Call GET /balance-allowance/update for that asset, then read /balance-allowance again.",
    ),
    Outcome.UNSETTLED_FILL: (
        "Selling shares you just bought: the buy matched but has not settled on chain yet.",
        "Wait until the trade is MINED or CONFIRMED, refresh the CONDITIONAL balance, then sell.",
    ),
    Outcome.INSUFFICIENT: (
        "Not enough funds anywhere the tracker looked.",
        "Deposit (the Bridge API credits pUSD), or shrink the order.",
    ),
    Outcome.STALE_READING: (
        "The latest reading is older than max_age (or every RPC failed since).",
        "Call update() again; never size an order from a stale reading.",
    ),
}
# --8<-- [end:outcomes]


def to_decimal(value: Decimal | int | float | str, what: str = "amount") -> Decimal:
    """Decimal from user input; floats go through str() so 0.1 stays 0.1."""
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except ArithmeticError as exc:
        raise ValueError(f"{what} {value!r} is not a number") from exc
    if not number.is_finite():
        raise ValueError(f"{what} {value!r} is not finite")
    return number


def units(raw: int | str) -> Decimal:
    """6-decimal base units (as the chain and the CLOB send them) to a Decimal amount."""
    return Decimal(int(raw)).scaleb(-DECIMALS)


@dataclass(frozen=True)
class Reading:
    """One on-chain reading, all values from the same block."""

    pusd: Decimal
    usdce: Decimal | None
    usdc: Decimal | None
    pol: Decimal | None
    allowances: Mapping[str, Decimal]  # pUSD allowance by exchange address
    block_number: int
    read_at: float  # the tracker's clock, seconds
    reason: str | None
    endpoint: str


@dataclass(frozen=True)
class ClobView:
    """What the CLOB believes (GET /balance-allowance), in whole units."""

    asset_type: str  # COLLATERAL, CONDITIONAL or CONDITIONAL-V2
    asset_id: str | None
    balance: Decimal
    allowances: Mapping[str, Decimal] = field(default_factory=dict)

    def allowance_for(self, spender: str) -> Decimal:
        for key, value in self.allowances.items():
            if key.lower() == spender.lower():
                return value
        return Decimal(0)


@dataclass(frozen=True)
class Reconciliation:
    expected: Decimal
    actual: Decimal
    difference: Decimal  # actual - expected
    tolerance: Decimal
    within_tolerance: bool
    source: str  # "chain" or "clob": whose number `actual` is
    outcome: Outcome
    detail: str
    block_number: int | None = None

    @property
    def fix(self) -> str:
        return FIXES[self.outcome][1]


# --8<-- [start:diagnose]
def diagnose(
    reading: Reading | None,
    expected: Decimal | int | float | str,
    tolerance: Decimal | int | float | str,
    *,
    now: float,
    max_age: float,
    clob: ClobView | None = None,
    spender: str | None = None,
    unsettled: Decimal | int | str = 0,
) -> Reconciliation:
    """Compare `expected` with the chain (and the CLOB, when given) and name the cause."""
    exp, tol = to_decimal(expected, "expected"), to_decimal(tolerance, "tolerance")
    if tol < 0:
        raise ValueError(f"tolerance must be >= 0, got {tol}")
    if clob is not None and clob.asset_type != "COLLATERAL":
        return _shares(exp, tol, clob, spender, to_decimal(unsettled, "unsettled"))
    if reading is None:
        raise LookupError("no reading yet: call update() first")

    def result(actual: Decimal, source: str, outcome: Outcome, detail: str) -> Reconciliation:
        diff = actual - exp
        within = abs(diff) <= tol and outcome is not Outcome.STALE_READING
        return Reconciliation(
            exp, actual, diff, tol, within, source, outcome, detail, reading.block_number
        )

    age = now - reading.read_at
    if age > max_age:
        return result(reading.pusd, "chain", Outcome.STALE_READING, f"reading is {age:.1f} s old")
    if reading.pusd < exp - tol:
        wrappable = (reading.usdce or 0) + (reading.usdc or 0)
        if reading.pusd + wrappable >= exp - tol:
            detail = f"USDC.e {reading.usdce}, native USDC {reading.usdc} not wrapped into pUSD"
            return result(reading.pusd, "chain", Outcome.NOT_WRAPPED, detail)
        return result(reading.pusd, "chain", Outcome.INSUFFICIENT, "pUSD short on chain")
    if spender is not None:
        if spender not in reading.allowances:
            raise ValueError(f"{spender} is not an exchange this tracker reads allowances for")
        if reading.allowances[spender] < exp:
            detail = f"pUSD allowance for {spender} is {reading.allowances[spender]}"
            return result(reading.pusd, "chain", Outcome.MISSING_APPROVAL, detail)
    if clob is not None:
        if clob.balance < exp - tol:
            return result(clob.balance, "clob", Outcome.CLOB_BEHIND, "CLOB balance is behind")
        if spender is not None and clob.allowance_for(spender) < exp:
            detail = f"CLOB still sees allowance {clob.allowance_for(spender)} for {spender}"
            return result(clob.balance, "clob", Outcome.CLOB_BEHIND, detail)
    if reading.pusd > exp + tol:
        return result(reading.pusd, "chain", Outcome.SURPLUS, "more pUSD than expected")
    return result(reading.pusd, "chain", Outcome.OK, "within tolerance")


def _shares(
    exp: Decimal, tol: Decimal, clob: ClobView, spender: str | None, unsettled: Decimal
) -> Reconciliation:
    """Outcome tokens: only the CLOB view knows them here (asset CONDITIONAL/-V2)."""
    actual, diff = clob.balance, clob.balance - exp
    if actual < exp - tol and actual + unsettled >= exp - tol:
        outcome, detail = Outcome.UNSETTLED_FILL, f"{unsettled} shares bought but not settled"
    elif actual < exp - tol:
        outcome, detail = Outcome.INSUFFICIENT, "fewer shares than expected"
    elif spender is not None and clob.allowance_for(spender) == 0:
        outcome, detail = Outcome.MISSING_APPROVAL, f"outcome tokens not approved for {spender}"
    elif actual > exp + tol:
        outcome, detail = Outcome.SURPLUS, "more shares than expected"
    else:
        outcome, detail = Outcome.OK, "within tolerance"
    return Reconciliation(exp, actual, diff, tol, abs(diff) <= tol, "clob", outcome, detail)


# --8<-- [end:diagnose]
