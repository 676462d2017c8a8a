"""Built cassettes are reproducible from their specs, and drift is caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import build_cassettes
from scripts.cassette_builder import RECORDED, Cassette, Interaction, docs


@pytest.mark.long  # rebuilds every cassette (seconds of YAML); `scripts/run.py long` runs it
@pytest.mark.skipif(
    not RECORDED.is_dir(),
    reason="the public recordings (shared/recorded) are not beside this checkout",
)
def test_committed_cassettes_match_their_specs() -> None:
    assert build_cassettes.main(["--check"]) == 0


def test_check_mode_reports_a_drifted_cassette(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    cassette = Cassette(
        "demo/test_x/test_y.yaml",
        [
            Interaction(
                "GET",
                "https://clob.polymarket.com/time",
                "1234567890",
                docs(
                    "https://docs.polymarket.com/api-reference/data/get-server-time.md",
                    "2026-11-28",
                ),
            )
        ],
    )
    monkeypatch.setattr("scripts.cassette_builder.CASSETTES", tmp_path)
    monkeypatch.setattr(build_cassettes, "specs", lambda slugs: [cassette])
    assert build_cassettes.main([]) == 0
    assert build_cassettes.main(["--check"]) == 0
    cassette.file.write_text(cassette.file.read_text().replace("1234567890", "1"))
    assert build_cassettes.main(["--check"]) == 1
    assert "demo/test_x/test_y.yaml" in capsys.readouterr().out


def test_a_spec_without_provenance_is_refused() -> None:
    cassette = Cassette("demo/t/u.yaml", [Interaction("GET", "https://x/time", "1", {})])
    with pytest.raises(ValueError, match="provenance kind None"):
        cassette.render()
