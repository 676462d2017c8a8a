"""Suite-wide set-up: vcrpy replay with the network blocked, cassettes under `cassettes/`.

Replay is the default (`--record-mode=none`). To re-record against the live API:
`python3 scripts/run.py test --record-mode=once tests/snippets/<slug>/test_<what>.py`
(delete the old cassette first). Cassettes built from public recordings are rebuilt with
`python3 scripts/build_cassettes.py`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import reader_kit, vcr_policy


def _share_tls_contexts() -> None:
    """Each new httpx client loads certifi's CA bundle again (about 30 ms; the SDKs make a client
    per object, so hundreds per run). The suite reuses one context per setting instead: the same
    kind of context, and no test opens TLS anyway (replay or 127.0.0.1)."""
    import functools

    from httpx._transports import default

    real = default.create_ssl_context
    shared = functools.lru_cache(maxsize=None)(real)

    def create(verify: object = True, cert: object = None, trust_env: bool = True):
        if isinstance(verify, bool) and cert is None:
            return shared(verify=verify, cert=None, trust_env=trust_env)
        return real(verify=verify, cert=cert, trust_env=trust_env)

    default.create_ssl_context = create


_share_tls_contexts()


def pytest_recording_configure(config: pytest.Config, vcr) -> None:
    vcr.register_matcher("json_body", vcr_policy.body_matches)
    vcr.register_persister(vcr_policy.SafePersister)


@pytest.fixture(scope="module")
def vcr_cassette_dir(request: pytest.FixtureRequest) -> str:
    return str(vcr_policy.cassette_dir_for(Path(request.node.path)))


@pytest.fixture(scope="session")
def vcr_config() -> dict:
    return vcr_policy.vcr_config()


@pytest.fixture(autouse=True)
def _cassette_must_exist(request: pytest.FixtureRequest, record_mode: str) -> None:
    """In replay mode a missing cassette fails with how to make it, never with a network call."""
    for path in reader_kit.missing_cassettes(request, record_mode):
        message = vcr_policy.missing_cassette_message(path, request.node.nodeid)
        pytest.fail(message, pytrace=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--built-site",
        metavar="DIR",
        help="check this already built site (from `mkdocs build --strict`) instead of building one",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that reads the built site is a `site` check: `scripts/run.py build` runs them."""
    for item in items:
        if "built_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.site)


@pytest.fixture(scope="session")
def built_site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> Path:
    """The site, built once per run exactly as CI builds it (`mkdocs build --strict`), or the
    one `--built-site DIR` names (`scripts/run.py build` builds it, then checks it).

    Under xdist every worker asks for it; the first builds it under a file lock in the run's
    shared temporary folder and the others reuse that build, so the site tests can spread over
    all workers without building the site twice.
    """
    import fcntl

    given = request.config.getoption("--built-site")
    if given:
        site = Path(given).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"--built-site {given}: no index.html there; build the site first")
        return site
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent  # the folder all workers of this run share
    out = shared / "site"
    with (shared / "site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        failure = shared / "site.failed"
        if failure.exists():
            pytest.fail(failure.read_text(), pytrace=False)
        if not (out / "index.html").exists():
            _build_site(out, failure)
    return out


def _build_site(out: Path, failure: Path) -> None:
    import os
    import subprocess
    import sys

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    partial = out.with_name(out.name + ".partial")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(partial)],
        cwd=vcr_policy.ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if proc.returncode != 0:
        message = f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}"
        failure.write_text(message)
        pytest.fail(message, pytrace=False)
    partial.rename(out)  # only a whole build is ever seen by the other workers
