"""A page's folder, copied alone, passes its own tests: the zip a page offers is unpacked into an
empty temporary project and pytest runs there, with the field guide's tree out of reach."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts.docs_hooks import build_zip

#: The folders whose tests need nothing outside their zip. The others still import shared test
#: helpers (tests/snippets/placing_orders/support.py, scripts/vcr_policy.py, ...).
SELF_CONTAINED = [
    "connecting",
    "getting_started",
    "order_constraints",
    "neg_risk",
    "resolution",
    "market_versions",
]


@pytest.mark.slow
@pytest.mark.parametrize("slug", SELF_CONTAINED)
def test_a_copied_folder_passes_its_tests_alone(slug: str, tmp_path: Path) -> None:
    archive = build_zip(slug, tmp_path / f"{slug}.zip")
    project = tmp_path / "project"
    zipfile.ZipFile(archive).extractall(project)
    names = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    assert "conftest.py" in names and not any(n.startswith("scripts/") for n in names)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PYTEST", "COV"))}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout and "error" not in proc.stdout.splitlines()[-1]
