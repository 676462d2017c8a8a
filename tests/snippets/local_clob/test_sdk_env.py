"""The polymarket-client environment helper points only the CLOB URLs at the server."""

from __future__ import annotations

from polymarket import PublicClient
from polymarket.environments import PRODUCTION

from .code.app import TOKEN, LocalClob
from .code.sdk_env import local_environment


def test_only_the_clob_urls_change() -> None:
    env = local_environment("http://127.0.0.1:1234")
    config, prod = env._config, PRODUCTION._config
    assert (config.clob_url, config.clob_market_ws_url, config.clob_user_ws_url) == (
        "http://127.0.0.1:1234", "ws://127.0.0.1:1234/ws/market", "ws://127.0.0.1:1234/ws/user",
    )  # fmt: skip
    assert config.standard_exchange == prod.standard_exchange and env.name == "local-clob"


def test_a_public_client_reads_the_local_book(clob: LocalClob) -> None:
    with PublicClient(environment=local_environment(clob.url)) as client:
        assert client.get_order_book(token_id=TOKEN).asset_id == TOKEN
