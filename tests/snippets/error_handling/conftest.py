"""Fixtures for the error tests: pinned salt and signing clock, and a local CLOB stand-in."""

from tests.snippets.placing_orders.support import frozen_orders  # noqa: F401
