"""Tests of the balance_tracking folder. scripts/record_chain.py imports chain_state.py outside
pytest; importing the kit here gives it the `code` alias chain_state.py imports through."""

from .. import conftest  # noqa: F401
