"""A local CLOB per test and traders that talk to it through the real SDKs (or raw httpx with
the SDK's own L2 headers, to send what the SDKs refuse to build)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from eth_account import Account
from polymarket import ApiKeyCreds, SecureClient
from py_clob_client_v2 import ApiCreds, ClobClient, OrderArgs, PartialCreateOrderOptions
from py_clob_client_v2.clob_types import RequestArgs
from py_clob_client_v2.headers.headers import create_level_2_headers
from py_clob_client_v2.order_utils.exchange_order_builder_v2 import ExchangeOrderBuilderV2
from py_clob_client_v2.order_utils.model.order_data_v2 import OrderDataV2, order_to_json_v2
from py_clob_client_v2.order_utils.model.side import Side
from py_clob_client_v2.signer import Signer

from .code.app import V3_TOKEN, LocalClob
from .code.sdk_env import local_environment
from .code.signing import EXCHANGE_V2


class Trader:
    """One funded signer with an API key on `clob`."""

    def __init__(self, clob: LocalClob, pusd: float = 100, positions: dict | None = None):
        self.clob = clob
        self.account = Account.create()
        self.address = self.account.address
        clob.fund(self.address, pusd=pusd, positions=positions)
        self.key = clob.add_api_key(self.address)
        self.creds = ApiCreds(self.key.key, self.key.secret, self.key.passphrase)
        self.v2 = ClobClient(
            clob.url, chain_id=137, key=self.account.key.to_0x_hex(), creds=self.creds
        )
        self.http = httpx.Client(base_url=clob.url, timeout=10)

    def polymarket(self) -> SecureClient:
        creds = ApiKeyCreds(
            key=self.key.key, secret=self.key.secret, passphrase=self.key.passphrase
        )
        return SecureClient.create(
            private_key=self.account.key.to_0x_hex(),
            wallet=self.address,
            credentials=creds,
            environment=local_environment(self.clob.url),
        )

    def order(self, token: str, price: float, size: float, side: str = "BUY", **kw: Any):
        ids = {"position_id": token} if token == V3_TOKEN else {"token_id": token}
        args = OrderArgs(price=price, size=size, side=side, **ids, **kw)
        return self.v2.create_order(args, PartialCreateOrderOptions(version=2))

    def raw_order(
        self,
        token: str,
        maker_amount: int,
        taker_amount: int,
        side: str = "BUY",
        *,
        exchange: str = EXCHANGE_V2,
        version: str = "2",
        expiration: int = 0,
    ):
        """An order with exactly these amounts, signed by py-clob-client-v2's own builder for
        `exchange` and domain `version` (what a buggy or hostile client could send)."""
        builder = ExchangeOrderBuilderV2(
            exchange, 137, Signer(self.account.key.to_0x_hex(), 137), domain_version=version
        )
        data = OrderDataV2(
            maker=self.address,
            tokenId=token,
            makerAmount=str(maker_amount),
            takerAmount=str(taker_amount),
            side=Side.BUY if side == "BUY" else Side.SELL,
            expiration=str(expiration),
        )
        return builder.build_signed_order(data)

    def body(self, order: Any, order_type: str = "GTC", post_only: bool = False) -> dict:
        return order_to_json_v2(order, self.key.key, order_type, post_only, False)

    def send(self, method: str, path: str, body: Any = None, raw: str | None = None, **kw):
        """A request with the SDK's L2 headers; `raw` is sent verbatim instead of `body`."""
        text = (
            raw
            if raw is not None
            else (json.dumps(body, separators=(",", ":")) if body is not None else None)
        )
        args = RequestArgs(method, path, body, text)
        headers = create_level_2_headers(
            Signer(self.account.key.to_0x_hex(), 137), self.creds, args
        )
        return self.http.request(method, path, content=text, headers=headers, **kw)

    def close(self) -> None:
        self.http.close()


@pytest.fixture
def clob() -> Iterator[LocalClob]:
    with LocalClob(seed=7) as server:
        yield server


@pytest.fixture
def trader(clob: LocalClob) -> Iterator[Trader]:
    t = Trader(clob, pusd=100)
    yield t
    t.close()


@pytest.fixture
def other(clob: LocalClob) -> Iterator[Trader]:
    t = Trader(clob, pusd=100)
    yield t
    t.close()
