"""A throwaway key per test (`account` comes from tests/snippets/conftest.py): no funds,
nothing to leak."""

from __future__ import annotations

import pytest
from eth_account.signers.local import LocalAccount

#: The docs' example market (see scripts/cassette_specs/migration.py).
TOKEN = "71321045679252212594626385532706912750332728571942532289631379312455583992563"


@pytest.fixture
def key(account: LocalAccount) -> str:
    return account.key.hex()
