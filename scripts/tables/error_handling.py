"""Tables for the "Error handling" page, generated from the classifier's own data."""

from __future__ import annotations

from snippets.error_handling.classify import RULES
from tests.snippets.error_handling.cases import CASES


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def errors_table() -> str:
    """One row per classifier rule, in match order, with the cases that replay it."""
    cases: dict[str, list[str]] = {}
    for case in CASES:
        cases.setdefault(case.rule, []).append(case.id)
    rows = [
        "| # | rule | status | example body | action | why | replayed cases | source |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n, rule in enumerate(RULES, 1):
        statuses = ", ".join(map(str, rule.statuses)) or "any"
        if rule.name in ("network", "client_validation"):
            statuses = "none"
        replayed = ", ".join(f"`{c}`" for c in cases.get(rule.name, [])) or "(no body: unit test)"
        rows.append(
            f"| {n} | `{rule.name}` | {statuses} | `{_cell(rule.example)}` | "
            f"**{rule.action.value}** | {_cell(rule.why)} | {replayed} | {_cell(rule.source)} |"
        )
    return "\n".join(rows)
