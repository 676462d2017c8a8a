"""Fixtures for the order tests: pinned salt and signing clock (see support.py)."""

from tests.snippets.placing_orders.support import frozen_orders  # noqa: F401
