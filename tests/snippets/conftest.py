"""The snippet tests' shared fixtures and constants, kept once in scripts/reader_kit.py: a copied
folder ships that file as its `tests/snippets/conftest.py`, so tests import these names
relatively (`from ..conftest import TOKEN`) and run the same here and in a reader's project.

The suite-wide vcrpy set-up (tests/conftest.py) stays the suite's own; the kit's equivalent
hooks are not imported here."""

from scripts.reader_kit import (  # noqa: F401
    ADDRESS,
    API_KEY,
    API_PASSPHRASE,
    API_SECRET,
    CONDITION,
    NOW_S,
    SAFE_LOADER,
    SALT,
    THROWAWAY_KEY,
    TOKEN,
    ZERO_UUID,
    FakeClock,
    account,
    clob_client,
    clob_v2_client,
    freeze,
    frozen_orders,
    polymarket_secure_client,
    secure_client,
)
