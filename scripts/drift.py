"""Does the API still answer in the shape the cassettes, the SDKs and the snippets expect?

    python3 scripts/drift.py                                  # production, public GETs
    POLY_ADDRESS=… POLY_API_KEY=… POLY_API_SECRET=… POLY_PASSPHRASE=… python3 scripts/drift.py
    python3 scripts/drift.py --clob http://127.0.0.1:8080 --gamma "" --token ID --condition 0x…
    python3 scripts/drift.py issue --drift drift.json --matrix-before old.json

For every public GET the committed cassettes hold (order book, tick size, market lookups, …),
the same request goes to the given base URL and the fresh JSON's shape is compared with the
recorded one: fields new, missing, renamed (missing + new of the same type in one object) or
retyped, and the status code. Each changed field is also checked against polymarket-client's
pydantic models (its own response parser runs on the fresh body) and against the dict keys
py-clob-client-v2 reads, and the report names the snippet files that read that field.
Changed values alone (ids, prices, timestamps) are not drift.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import importlib
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.cassette_format import load  # noqa: E402

CASSETTES = ROOT / "cassettes"
SNIPPETS = ROOT / "snippets"
PRODUCTION = {
    "clob.polymarket.com": "https://clob.polymarket.com",
    "gamma-api.polymarket.com": "https://gamma-api.polymarket.com",
}
#: Public, read-only endpoints (no credentials, no side effect): the drift check sends only these.
PUBLIC = frozenset(
    {
        "GET /book",
        "GET /midpoint",
        "GET /tick-size",
        "GET /neg-risk",
        "GET /fee-rate",
        "GET /time",
        "GET /version",
        "GET /markets-by-token/{id}",
        "GET /clob-markets/{id}",
        "GET /markets/{id}",
        "GET /events",
        "GET /events/slug/{id}",
    }
)
#: Read-only endpoints that need L2 credentials: probed only when the reader's are set.
AUTHENTICATED = frozenset({"GET /balance-allowance", "GET /data/trades"})
#: Environment variables holding read-only L2 credentials (repository secrets in the workflow).
CREDENTIALS = ("POLY_ADDRESS", "POLY_API_KEY", "POLY_API_SECRET", "POLY_PASSPHRASE")
#: polymarket-client's own parser for each endpoint's body ("module:attr[.attr]").
PARSERS = {
    "GET /book": "polymarket._internal.actions.clob:parse_order_book",
    "GET /midpoint": "polymarket._internal.actions.clob:parse_midpoint",
    "GET /tick-size": "polymarket._internal.actions.orders.market_data:_parse_tick_size",
    "GET /neg-risk": "polymarket._internal.actions.orders.market_data:_parse_neg_risk",
    "GET /markets-by-token/{id}": (
        "polymarket._internal.actions.orders.market_data:_parse_condition_by_token"
    ),
    "GET /clob-markets/{id}": "polymarket._internal.actions.orders.market_data:_parse_market_info",
    "gamma GET /markets/{id}": "polymarket.models:Market.parse_response",
    "gamma GET /events/slug/{id}": "polymarket.models:Event.parse_response",
}
ID_SEGMENT = re.compile(r"^(0x[0-9a-fA-F]+|\d{3,}|[a-z0-9]+(-[a-z0-9]+){2,})$")
PER_ENDPOINT = 3  # distinct recorded requests re-sent per endpoint


# --- JSON shape ------------------------------------------------------------------------------


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def shape(value: Any, path: str = "$") -> dict[str, str]:
    """Every path in a JSON value with its type; list items merge under `path[]`.

    `{"bids": [{"price": "0.5"}]}` -> `{"$": "object", "$.bids": "array", "$.bids[]": "object",
    "$.bids[].price": "string"}`. Types of merged items join with `|` (e.g. `null|string`)."""
    out: dict[str, set[str]] = {}

    def walk(v: Any, p: str) -> None:
        out.setdefault(p, set()).add(json_type(v))
        if isinstance(v, dict):
            for k, item in v.items():
                walk(item, f"{p}.{k}")
        elif isinstance(v, list):
            for item in v:
                walk(item, f"{p}[]")

    walk(value, path)
    return {p: "|".join(sorted(t)) for p, t in out.items()}


@dataclass(frozen=True)
class Change:
    kind: str  # new | missing | renamed | retyped | status
    path: str
    before: str = ""
    after: str = ""

    @property
    def field(self) -> str:
        """The last key of the path (for a rename, the old name)."""
        return re.split(r"[.\[\]]+", self.path.rstrip("[]"))[-1]

    def __str__(self) -> str:
        if self.kind == "status":
            return f"status {self.before} → {self.after}"
        if self.kind == "renamed":
            return f"renamed `{self.path}` → `{self.after}`"
        if self.kind == "retyped":
            return f"retyped `{self.path}`: {self.before} → {self.after}"
        return f"{self.kind} `{self.path}` ({self.before or self.after})"


def _parent(path: str) -> str:
    return re.sub(r"(\.[^.\[\]]+|\[\])$", "", path)


def _covered(path: str, other: dict[str, str]) -> bool:
    """Whether `path` can be compared with `other`: False under an array that is empty there
    (an empty book side is a value, not a shape) or under a field that is null there."""
    i = path.find("[]")
    while i >= 0:
        if path[: i + 2] not in other:
            return False
        i = path.find("[]", i + 2)
    p = _parent(path)
    while p and p != "$":
        if other.get(p) == "null":
            return False
        p = _parent(p)
    return True


def _types(t: str) -> set[str]:
    return set(t.split("|")) - {"null"}


def compare(
    before: dict[str, str], after: dict[str, str], optional: frozenset[str] = frozenset()
) -> list[Change]:
    """Shape changes from `before` to `after`; null never counts as a type of its own. Paths in
    `optional` (seen in some recordings only) are never reported missing."""
    gone = [p for p in before if p not in after and p not in optional and _covered(p, after)]
    added = [p for p in after if p not in before and _covered(p, before)]
    # Only the topmost of a removed or added subtree is reported.
    gone = [p for p in gone if _parent(p) not in gone]
    added = [p for p in added if _parent(p) not in added]
    changes: list[Change] = []
    for p in list(gone):
        twin = next(
            (
                a
                for a in added
                if _parent(a) == _parent(p)
                and (after[a] == before[p] or _types(after[a]) & _types(before[p]))
            ),
            None,
        )
        if twin is not None:
            changes.append(Change("renamed", p, before[p], twin))
            gone.remove(p)
            added.remove(twin)
    changes += [Change("missing", p, before[p]) for p in gone]
    changes += [Change("new", p, "", after[p]) for p in added]
    for p in before.keys() & after.keys():
        b, a = _types(before[p]), _types(after[p])
        if b and a and not (b & a):
            changes.append(Change("retyped", p, before[p], after[p]))
    return sorted(changes, key=lambda c: (c.path, c.kind))


def body_json(body: Any) -> Any:
    if isinstance(body, dict):
        body = body.get("string")
    if isinstance(body, bytes):
        body = body.decode("utf-8", errors="replace")
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


def merged(bodies: list[Any]) -> tuple[dict[str, str], frozenset[str]]:
    """The shape of several recorded bodies of one endpoint: every path with all its types,
    and the paths that only some of them have (optional fields)."""
    shapes = [shape(b) for b in bodies]
    every = set.intersection(*(set(s) for s in shapes)) if shapes else set()
    types: dict[str, set[str]] = {}
    for sh in shapes:
        for path, t in sh.items():
            types.setdefault(path, set()).update(t.split("|"))
    union = {p: "|".join(sorted(t)) for p, t in types.items()}
    return union, frozenset(union.keys() - every)


def compare_responses(before: dict[str, Any], after: dict[str, Any]) -> list[Change]:
    """Shape changes between two vcrpy response dicts (status code included)."""
    changes: list[Change] = []
    sb, sa = before["status"]["code"], after["status"]["code"]
    if sb != sa:
        changes.append(Change("status", "$", str(sb), str(sa)))
    jb, ja = body_json(before.get("body")), body_json(after.get("body"))
    if jb is not None and ja is not None and sb == sa:
        changes += compare(shape(jb), shape(ja))
    return changes


# --- who reads a field -----------------------------------------------------------------------


def _keys_read(tree: ast.AST) -> Iterator[tuple[str, int]]:
    """Keys a module reads: `x["k"]`, `x.get("k")`, attribute names, and strings in a literal
    tuple, list or set (a loop over field names)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
            if isinstance(node.slice.value, str):
                yield node.slice.value, node.lineno
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"get", "pop", "setdefault"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value, node.lineno
        elif isinstance(node, ast.Attribute):
            yield node.attr, node.lineno
        elif isinstance(node, ast.Tuple | ast.List | ast.Set):  # ("tick_size", "neg_risk")
            for item in node.elts:
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    yield item.value, node.lineno


def readers(files: Iterable[Path], base: Path) -> dict[str, list[str]]:
    """key -> ["path:line", ...] for every file."""
    out: dict[str, list[str]] = {}
    for f in sorted(files):
        tree = ast.parse(f.read_text(encoding="utf-8"))
        for key, line in _keys_read(tree):
            out.setdefault(key, []).append(f"{f.relative_to(base).as_posix()}:{line}")
    return out


@cache
def snippet_readers(root: Path = SNIPPETS) -> dict[str, list[str]]:
    """Who reads each key among the snippets; the local CLOB is left out (it is the server that
    writes these fields, not a client that reads them)."""
    files = (f for f in root.rglob("*.py") if "local_clob" not in f.relative_to(root).parts)
    return readers(files, root.parent)


@cache
def clob_v2_readers() -> dict[str, list[str]]:
    """The dict keys py-clob-client-v2 itself reads (subscripts and .get only, no attributes)."""
    try:
        import py_clob_client_v2
    except ImportError:
        return {}
    pkg = Path(py_clob_client_v2.__file__).parent
    out: dict[str, list[str]] = {}
    for f in sorted(pkg.rglob("*.py")):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            key = None
            if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
                key = node.slice.value
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "get"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                key = node.args[0].value
            if isinstance(key, str):
                where = f"py_clob_client_v2/{f.relative_to(pkg).as_posix()}:{node.lineno}"
                out.setdefault(key, []).append(where)
    return out


def name_variants(name: str) -> set[str]:
    """A JSON key and its snake_case / camelCase twins (pydantic attributes are snake_case)."""
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)
    return {name, snake, camel}


def who_reads(name: str, table: dict[str, list[str]]) -> list[str]:
    return sorted({w for v in name_variants(name) for w in table.get(v, [])})


# --- polymarket-client's models --------------------------------------------------------------


def _resolve(spec: str) -> Callable[[object], object] | None:
    module, _, attr = spec.partition(":")
    try:
        obj: Any = importlib.import_module(module)
        for part in attr.split("."):
            obj = getattr(obj, part)
    except (ImportError, AttributeError):
        return None
    return obj


def model_problems(endpoint: str, body: Any) -> list[str]:
    """Run polymarket-client's parser for `endpoint` on `body`; the fields it rejects."""
    spec = PARSERS.get(endpoint)
    if spec is None:
        return []
    parse = _resolve(spec)
    if parse is None:
        return [f"polymarket-client has no parser {spec} (the SDK changed)"]
    try:
        parse(body)
    except Exception as error:
        return _validation_lines(error, spec)
    return []


def _validation_lines(error: BaseException, spec: str) -> list[str]:
    seen: BaseException | None = error
    while seen is not None:
        errors = getattr(seen, "errors", None)
        if callable(errors) and type(seen).__name__ == "ValidationError":
            out = []
            for e in errors():
                loc = ".".join(str(x) for x in e.get("loc", ()))
                out.append(f"`{loc}`: {e.get('msg')} ({spec.rsplit(':', 1)[1]})")
            return out
        seen = seen.__cause__ or seen.__context__
    return [f"{type(error).__name__}: {error} ({spec.rsplit(':', 1)[1]})"]


# --- the check -------------------------------------------------------------------------------


def endpoint_of(method: str, uri: str) -> tuple[str, str]:
    """("clob.polymarket.com", "GET /markets-by-token/{id}") for a recorded request."""
    u = urlsplit(uri)
    segments = [("{id}" if ID_SEGMENT.match(s) else s) for s in u.path.split("/")]
    return u.netloc, f"{method} {'/'.join(segments) or '/'}"


def parser_key(host: str, endpoint: str) -> str:
    return f"gamma {endpoint}" if host.startswith("gamma") else endpoint


@dataclass
class Probe:
    """One recorded request to re-send, and its recorded response."""

    host: str
    endpoint: str
    uri: str
    response: dict[str, Any]
    cassettes: list[str] = field(default_factory=list)


@cache
def _recorded(cassettes: Path) -> tuple[tuple[str, list[dict[str, Any]]], ...]:
    """(path relative to the project, interactions) of every cassette, read once."""
    return tuple(
        (path.relative_to(cassettes.parent).as_posix(), load(path)["interactions"])
        for path in sorted(cassettes.rglob("*.yaml"))
    )


def probes(
    cassettes: Path = CASSETTES, per_endpoint: int = PER_ENDPOINT, authenticated: bool = False
) -> list[Probe]:
    """Distinct public GETs recorded in the cassettes, a few per endpoint (and the read-only
    authenticated ones when `authenticated`)."""
    allowed = PUBLIC | AUTHENTICATED if authenticated else PUBLIC
    found: dict[str, Probe] = {}
    for rel, interactions in _recorded(cassettes):
        for interaction in interactions:
            req = interaction["request"]
            host, endpoint = endpoint_of(req["method"], req["uri"])
            if host not in PRODUCTION or endpoint not in allowed:
                continue
            if req["uri"] in found:
                found[req["uri"]].cassettes.append(rel)
                continue
            if sum(p.endpoint == endpoint and p.host == host for p in found.values()) >= (
                per_endpoint
            ):
                continue
            found[req["uri"]] = Probe(host, endpoint, req["uri"], interaction["response"], [rel])
    return list(found.values())


@dataclass
class Finding:
    endpoint: str
    uri: str
    change: str
    field: str
    sdk: list[str]
    snippets: list[str]
    cassettes: list[str]


def credentials(env: Mapping[str, str] = os.environ) -> dict[str, str] | None:
    """Read-only L2 credentials from the environment, or None unless all four are set."""
    values = {name: env.get(name, "") for name in CREDENTIALS}
    return values if all(values.values()) else None


def l2_headers(creds: dict[str, str], method: str, path: str, now: int) -> dict[str, str]:
    """The L2 headers py-clob-client-v2 sends (HMAC-SHA256 of timestamp, method and path)."""
    from py_clob_client_v2.signing.hmac import build_hmac_signature

    return {
        "POLY_ADDRESS": creds["POLY_ADDRESS"],
        "POLY_SIGNATURE": build_hmac_signature(creds["POLY_API_SECRET"], now, method, path),
        "POLY_TIMESTAMP": str(now),
        "POLY_API_KEY": creds["POLY_API_KEY"],
        "POLY_PASSPHRASE": creds["POLY_PASSPHRASE"],
    }


def _fetch(url: str, headers: dict[str, str], timeout: float) -> dict[str, Any]:
    import httpx

    r = httpx.get(url, timeout=timeout, headers={"Accept": "application/json", **headers})
    return {"status": {"code": r.status_code}, "body": {"string": r.text}}


def _family(cassettes: Path, host: str, endpoint: str) -> list[Any]:
    """Every recorded JSON body of a 200 answer to `endpoint` on `host`."""
    bodies = []
    for _, interactions in _recorded(cassettes):
        for i in interactions:
            if endpoint_of(i["request"]["method"], i["request"]["uri"]) == (host, endpoint):
                body = body_json(i["response"].get("body"))
                if i["response"]["status"]["code"] == 200 and body is not None:
                    bodies.append(body)
    return bodies


def compare_family(bodies: list[Any], fresh: dict[str, Any]) -> list[Change]:
    """A fresh answer against all recorded 200 bodies of its endpoint: a field is missing only
    if every recording has it, new only if none has it."""
    if fresh["status"]["code"] != 200:
        return [Change("status", "$", "200", str(fresh["status"]["code"]))]
    body = body_json(fresh.get("body"))
    if body is None:
        return []
    before, optional = merged(bodies)
    return compare(before, shape(body), optional)


TOKEN_PATHS = ("/markets-by-token/",)
CONDITION_PATHS = ("/clob-markets/", "/markets/")


def retarget(uri: str, ids: Mapping[str, str]) -> str:
    """The recorded request with its token id and condition id replaced (for a server that
    knows other markets, e.g. a local CLOB): `ids` may hold "token" and "condition"."""
    u = urlsplit(uri)
    path, query = u.path, u.query
    if "token" in ids:
        query = re.sub(r"(?<![^&])token_id=[^&]*", f"token_id={ids['token']}", query)
        for prefix in TOKEN_PATHS:
            if path.startswith(prefix):
                path = prefix + ids["token"]
    if "condition" in ids:
        for prefix in CONDITION_PATHS:
            if path.startswith(prefix) and path[len(prefix) :].startswith("0x"):
                path = prefix + ids["condition"]
    return path + (f"?{query}" if query else "")


def check(
    bases: dict[str, str],
    cassettes: Path = CASSETTES,
    creds: dict[str, str] | None = None,
    clock: Callable[[], float] = time.time,
    timeout: float = 15.0,
    ids: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Re-send each probe to `bases[host]` and report every shape change, field by field.
    With `creds`, the read-only authenticated GETs are signed and compared too. A host missing
    from `bases` is skipped; `ids` retargets the requests (`retarget`)."""
    snippets = snippet_readers()
    v2 = clob_v2_readers()
    out: list[Finding] = []
    sent: set[str] = set()
    for probe in probes(cassettes, authenticated=creds is not None):
        if not bases.get(probe.host):
            continue
        u = urlsplit(retarget(probe.uri, ids or {}))
        url = bases[probe.host].rstrip("/") + u.path + (f"?{u.query}" if u.query else "")
        if url in sent:  # retargeted probes of one endpoint collapse into one request
            continue
        sent.add(url)
        family = _family(cassettes, probe.host, probe.endpoint) if ids else []
        headers = {}
        if probe.endpoint in AUTHENTICATED and creds:
            headers = l2_headers(creds, "GET", u.path, int(clock()))
        fresh = _fetch(url, headers, timeout)
        if family:  # another market: compare with every recorded 200 of this endpoint
            changes = compare_family(family, fresh)
        else:
            changes = compare_responses(probe.response, fresh)
        body = body_json(fresh.get("body"))
        models = (
            model_problems(parser_key(probe.host, probe.endpoint), body)
            if fresh["status"]["code"] == 200
            else []
        )
        for c in changes:
            name = c.field if c.kind != "status" else ""
            sdk = [f"py-clob-client-v2 reads `{name}` at {w}" for w in who_reads(name, v2)[:3]]
            sdk += [f"polymarket-client: {m}" for m in models if name and name in m]
            out.append(
                Finding(
                    f"{probe.host} {probe.endpoint}",
                    probe.uri,
                    str(c),
                    name,
                    sdk,
                    who_reads(name, snippets) if name else [],
                    probe.cassettes,
                )
            )
        # A model may reject a body whose shape matches the cassette (e.g. a stricter SDK).
        named = {f.field for f in out if f.uri == probe.uri}
        for m in models:
            if not any(n and n in m for n in named):
                out.append(
                    Finding(
                        f"{probe.host} {probe.endpoint}",
                        probe.uri,
                        "polymarket-client rejects the fresh body",
                        "",
                        [f"polymarket-client: {m}"],
                        [],
                        probe.cassettes,
                    )
                )
    return out


def report(findings: list[Finding], target: str) -> str:
    """The Markdown report: one section per endpoint, one line per changed field."""
    if not findings:
        return f"No drift: every recorded public response from {target} has the recorded shape.\n"
    lines = [f"# API drift against {target}", "", f"{len(findings)} change(s).", ""]
    by_endpoint: dict[str, list[Finding]] = {}
    for f in findings:
        by_endpoint.setdefault(f.endpoint, []).append(f)
    for endpoint, items in by_endpoint.items():
        lines += [f"## {endpoint}", ""]
        for f in items:
            lines.append(f"- {f.change} (request `{f.uri}`)")
            for s in f.sdk:
                lines.append(f"    - {s}")
            if f.snippets:
                lines.append(f"    - read by snippets: {', '.join(f'`{s}`' for s in f.snippets)}")
            elif f.field:
                lines.append("    - no snippet reads this field")
            lines.append(f"    - cassettes: {', '.join(f'`{c}`' for c in f.cassettes[:5])}")
        lines.append("")
    return "\n".join(lines)


# --- the weekly issue ------------------------------------------------------------------------


def matrix_changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Per folder and SDK release, a status that differs from the committed matrix."""
    out = []
    for slug, per_sdk in after.get("results", {}).items():
        for sdk, per_version in per_sdk.items():
            for version, r in per_version.items():
                old = before.get("results", {}).get(slug, {}).get(sdk, {}).get(version)
                was = old["status"] if old else "not measured"
                if was != r["status"]:
                    why = f": {r['error']}" if r.get("error") else ""
                    out.append(f"`{slug}` on {sdk} {version}: {was} → {r['status']}{why}")
    return out


TITLE_PREFIX = "Weekly check: "


def issue(
    drift: list[dict[str, Any]],
    target: str,
    matrix: list[str],
    open_titles: Iterable[str] = (),
) -> tuple[bool, str, str]:
    """(open an issue?, title, body) for the weekly run. Opens only when something changed and
    no open issue has the same title (the title names what changed, so a drift that persists is
    reported once)."""
    if not drift and not matrix:
        return False, "", ""
    parts = []
    if drift:
        endpoints = sorted({d["endpoint"].split(" ", 1)[1] for d in drift})
        parts.append(f"API drift on {', '.join(endpoints)}")
    if matrix:
        parts.append(f"SDK matrix: {len(matrix)} change(s)")
    title = TITLE_PREFIX + "; ".join(parts)
    body = report([Finding(**d) for d in drift], target) if drift else ""
    if matrix:
        body += "\n## SDK compatibility matrix\n\n" + "\n".join(f"- {m}" for m in matrix) + "\n"
    body += (
        "\nFound by the weekly workflow (`scripts/compat_matrix.py`, `scripts/drift.py`). "
        "Check the pages and snippets named above, then re-record with `scripts/rerecord.py`.\n"
    )
    return title not in set(open_titles), title, body


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["issue"]:
        p = argparse.ArgumentParser(prog="drift.py issue")
        p.add_argument("--drift", type=Path, help="findings JSON from a drift run")
        p.add_argument("--matrix-before", type=Path, help="the committed compat.json")
        p.add_argument("--matrix-after", type=Path, help="the freshly measured compat.json")
        p.add_argument("--open-titles", type=Path, help="titles of open issues, one a line")
        p.add_argument("--out", type=Path, required=True, help="where the issue body goes")
        a = p.parse_args(argv[1:])
        titles = a.open_titles.read_text().splitlines() if a.open_titles else []
        drift = json.loads(a.drift.read_text()) if a.drift and a.drift.exists() else {}
        before = json.loads(a.matrix_before.read_text()) if a.matrix_before else {}
        after = json.loads(a.matrix_after.read_text()) if a.matrix_after else {}
        should, title, body = issue(
            drift.get("findings", []),
            drift.get("target", "?"),
            matrix_changes(before, after),
            titles,
        )
        a.out.write_text(body)
        print(f"open={'true' if should else 'false'}\ntitle={title}")
        return 0
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clob", default=PRODUCTION["clob.polymarket.com"])
    p.add_argument("--gamma", default=PRODUCTION["gamma-api.polymarket.com"])
    p.add_argument("--token", help="send this token id instead of the recorded ones")
    p.add_argument("--condition", help="send this condition id instead of the recorded ones")
    p.add_argument("--json", type=Path, help="also write the findings as JSON")
    p.add_argument("--report", type=Path, help="write the Markdown report here")
    a = p.parse_args(argv)
    bases = {"clob.polymarket.com": a.clob, "gamma-api.polymarket.com": a.gamma}
    creds = credentials()
    print(
        f"authenticated GETs: {'signed with POLY_* from the environment' if creds else 'skipped'}"
    )
    import httpx

    try:
        ids = {k: v for k, v in (("token", a.token), ("condition", a.condition)) if v}
        findings = check(bases, creds=creds, ids=ids)
    except httpx.HTTPError as error:  # unreachable is not drift: fail loudly instead
        print(f"drift check could not reach {a.clob}: {error!r}", file=sys.stderr)
        return 2
    text = report(findings, a.clob)
    if a.report:
        a.report.write_text(text)
    if a.json:
        payload = {"target": a.clob, "findings": [dataclasses.asdict(f) for f in findings]}
        a.json.write_text(json.dumps(payload, indent=2))
    print(text)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
