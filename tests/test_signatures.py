"""The signature tables cannot go stale: a changed SDK signature fails here, with a diff."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import polymarket
import py_clob_client_v2
import pytest

from scripts.tables import method_signatures as ms

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "reference" / "method-signatures.md"


def test_installed_sdks_match_the_reviewed_snapshot() -> None:
    problems = ms.check()
    assert not problems, "\n".join(problems)


def test_snapshot_names_the_installed_versions() -> None:
    snap = ms.load_snapshot()
    assert snap["versions"] == ms.installed_versions()


# --- prove it: perturb the installed SDKs and watch the check fail ----------------------------


def test_a_changed_method_signature_fails_with_a_diff(monkeypatch: pytest.MonkeyPatch) -> None:
    def place_limit_order(self, *, token_id: str, price: float, size: float, side: str) -> None:
        """A future release that drops asset_id and post_only."""

    monkeypatch.setattr(polymarket.SecureClient, "place_limit_order", place_limit_order)
    problems = ms.check()
    report = "\n".join(problems)
    assert problems[0].startswith("SDK signatures differ from signatures.json")
    assert ms.UPDATE_COMMAND in problems[0]
    assert "~ polymarket:SecureClient.place_limit_order" in report
    assert "snapshot: (self, *, asset_id: str | None = None" in report
    assert "installed: (self, *, token_id: 'str', price: 'float'" in report
    # Only the perturbed call is reported, not the async twin or anything else.
    assert report.count("\n~ ") + report.startswith("~ ") == 1


def test_a_removed_method_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(py_clob_client_v2.ClobClient, "create_and_post_order")
    report = "\n".join(ms.check())
    assert "py_clob_client_v2:ClobClient.create_and_post_order" in report
    assert "MISSING in the installed SDK: py_clob_client_v2:ClobClient.create_and_post_order" in (
        report
    )


def test_a_changed_argument_type_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    @dataclasses.dataclass
    class OrderArgs:  # a release that drops position_id
        token_id: str
        price: float
        size: float
        side: str

    monkeypatch.setattr(py_clob_client_v2, "OrderArgs", OrderArgs)
    report = "\n".join(ms.check())
    assert "~ py_clob_client_v2:OrderArgs" in report
    assert "position_id" in report.split("installed:")[0]
    assert "position_id" not in report.split("installed:")[1]


def test_a_changed_enum_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    class OrderType:  # a release that renames FAK
        GTC = "GTC"
        FOK = "FOK"
        GTD = "GTD"
        IOC = "IOC"

    monkeypatch.setattr(py_clob_client_v2, "OrderType", OrderType)
    report = "\n".join(ms.check())
    assert "snapshot: constants GTC='GTC', FOK='FOK', GTD='GTD', FAK='FAK'" in report
    assert "installed: constants GTC='GTC', FOK='FOK', GTD='GTD', IOC='IOC'" in report


def test_update_refreshes_the_snapshot(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    snapshot = tmp_path / "signatures.json"
    ms.write_snapshot(snapshot)
    assert ms.check(snapshot) == []

    def cancel_all(self, *, market: str) -> None:
        """A release that changes cancel_all."""

    monkeypatch.setattr(polymarket.AsyncSecureClient, "cancel_all", cancel_all)
    assert "~ polymarket:AsyncSecureClient.cancel_all" in "\n".join(ms.check(snapshot))
    ms.write_snapshot(snapshot)  # what `--update` does, after review
    assert ms.check(snapshot) == []
    stored = json.loads(snapshot.read_text())["signatures"]
    assert stored["polymarket:AsyncSecureClient.cancel_all"] == "(self, *, market: 'str') -> 'None'"


def test_the_command_line(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    assert ms.main(["--check"]) == 0
    assert "signatures match the snapshot" in capsys.readouterr().out
    monkeypatch.delattr(polymarket.SecureClient, "cancel_all")
    assert ms.main([]) == 1
    assert "MISSING" in capsys.readouterr().out
    written: list[bool] = []
    monkeypatch.setattr(ms, "write_snapshot", lambda: written.append(True))
    assert ms.main(["--update"]) == 0
    assert written == [True]


# --- the page ---------------------------------------------------------------------------------


def test_every_async_twin_takes_the_same_parameters() -> None:
    sigs = ms.live()
    for entry in ms.POLYMARKET_CLIENT:
        if entry.twin:
            assert ms._twin_note(entry, sigs).startswith("same"), entry.ref


def test_tables_show_every_documented_name_without_module_paths() -> None:
    rendered = "\n".join(getattr(ms, group)() for group in ms.GROUPS)
    for entries in ms.SURFACES.values():
        for entry in entries:
            assert f"`{entry.ref.partition(':')[2]}`" in rendered, entry.ref
    assert "polymarket.models" not in rendered
    assert "py_clob_client_v2.clob_types" not in rendered
    assert "`OrderArgs` (= `OrderArgsV2`)" in rendered
    assert "| `SecureClient.cancel_all` | `()` | `CancelOrdersResponse` | same, `await` |" in (
        rendered
    )
    assert "| `ClobClient.get_order_book` | `(token_id: str)` | not annotated |" in rendered


def test_the_page_places_every_group() -> None:
    text = PAGE.read_text(encoding="utf-8")
    for group in ms.GROUPS:
        assert f"<!-- gen: method_signatures.{group} -->" in text
    assert ms.UPDATE_COMMAND in text
