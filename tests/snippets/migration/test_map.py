"""Every cell of the migration map exists in the installed packages; a wrong cell fails."""

from __future__ import annotations

from pathlib import Path

import polymarket
import py_clob_client.client
import pytest

from scripts.tables import migration

PAGE = Path(__file__).resolve().parents[3] / "docs" / "migration" / "migrating.md"


def test_every_row_matches_the_installed_packages() -> None:
    problems = migration.problems()
    assert not problems, "\n".join(problems)


def test_v2_really_dropped_the_v1_order_fields() -> None:
    rows = {row.task: row for row in migration.ROWS}
    v2 = rows["Limit order arguments"].v2
    assert v2 is not None and set(v2.absent) == {"fee_rate_bps", "nonce", "taker"}
    v1 = rows["Limit order arguments"].v1
    assert v1 is not None and set(v2.absent) <= set(v1.params)


def test_a_row_naming_a_missing_method_fails() -> None:
    row = migration.Row(
        "imaginary",
        migration.Ref("py_clob_client.client:ClobClient.create_order_v3"),
        None,
        migration.Ref("polymarket:SecureClient.place_limit_order", ("token_id", "price_cents")),
    )
    problems = migration.problems([row])
    assert problems[0].startswith("imaginary: py_clob_client.client:ClobClient.create_order_v3")
    assert "does not exist in the installed package" in problems[0]
    assert problems[1] == (
        "imaginary: polymarket:SecureClient.place_limit_order: has no parameter 'price_cents'"
    )


def test_an_sdk_release_that_changes_a_mapped_call_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def cancel_order(self, order_id: str, *, reason: str) -> None:
        """A release that renames the keyword."""

    monkeypatch.delattr(py_clob_client.client.ClobClient, "cancel")
    monkeypatch.setattr(polymarket.SecureClient, "cancel_order", cancel_order)
    problems = "\n".join(migration.problems())
    assert "Cancel one order: py_clob_client.client:ClobClient.cancel: does not exist" in problems
    with pytest.raises(ValueError, match="migration map does not match"):
        migration.migration_map()


def test_absent_and_required_checks_fail_when_untrue() -> None:
    still_there = migration.Ref("py_clob_client.clob_types:OrderArgs", absent=("nonce",))
    optional = migration.Ref("py_clob_client.client:ClobClient.__init__", required=("chain_id",))
    assert migration.ref_problems(still_there) == [
        "py_clob_client.clob_types:OrderArgs: still has parameter 'nonce'"
    ]
    assert migration.ref_problems(optional) == [
        "py_clob_client.client:ClobClient.__init__: parameter 'chain_id' is not required"
    ]


@pytest.mark.pinned_versions
def test_the_map_renders_with_versions_and_is_on_the_page() -> None:
    table = migration.migration_map()
    assert table.startswith(
        "| task | py-clob-client 0.34.6 | py-clob-client-v2 1.2.1 | polymarket-client 0.14.0 |"
    )
    assert "| Cancel one order | `ClobClient.cancel(order_id)` | " in table
    assert "`ClobClient(host, chain_id, key, creds, signature_type, funder)`" in table
    assert len(table.splitlines()) == len(migration.ROWS) + 2
    assert "<!-- gen: migration.migration_map -->" in PAGE.read_text(encoding="utf-8")
