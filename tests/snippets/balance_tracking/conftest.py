"""scripts/record_chain.py records and replays test_balance_tracker.py in a scratch folder,
named by BALANCE_TRACKING_CASSETTES; without it the committed cassettes are used."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest, vcr_cassette_dir: str) -> str:
    """The scratch folder while recording test_balance_tracker.py, else the usual one."""
    scratch = os.environ.get("BALANCE_TRACKING_CASSETTES")
    if scratch and Path(request.node.path).stem == "test_balance_tracker":
        return scratch
    return vcr_cassette_dir


@pytest.hookimpl(trylast=True)
def pytest_recording_configure(config: pytest.Config, vcr) -> None:  # type: ignore[no-untyped-def]
    """While scripts/record_chain.py records, write plain vcrpy YAML into its scratch folder;
    the script then stamps `local-node` provenance, trims headers and scans for secrets.
    (trylast: runs after tests/conftest.py, whose SafePersister expects serialised cassettes.)"""
    if os.environ.get("BALANCE_TRACKING_CASSETTES"):
        from vcr.persisters.filesystem import FilesystemPersister

        vcr.register_persister(FilesystemPersister)
