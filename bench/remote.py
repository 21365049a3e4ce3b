"""policykg in front of a SPARQL server: the remote-store mode against `oxigraph serve` and
Virtuoso 7, started on loopback as the tests start them (tests/store/servers.py).

For each engine, with the real build plus a synthetic graph (bench/generate.py) loaded
through policykg itself (`policykg build` and `policykg load` with POLICYKG_STORE set to the
engine's URL, i.e. SPARQL updates):
- the load's wall time;
- the 2-hop query at 4 clients (ApacheBench) on the engine directly and through
  `policykg serve` (whose `/sparql` forwards to the engine), and the one-client latency;
- the drafter's analyses computed afresh over the engine (bench/suite.py's drafter_costs).

Run alone: .venv/bin/python bench/remote.py [--size 100k] [--seconds 8]
`make bench` runs it as part of bench/suite.py. An engine that is not installed is
reported as such, not measured.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import generate  # noqa: E402
import pytest  # noqa: E402  (the servers' starters report a missing engine as a skip)
import suite  # noqa: E402

from tests.store import servers  # noqa: E402

ENGINES: dict[str, Callable[[Path], AbstractContextManager[str]]] = {
    "oxigraph serve": servers.oxigraph,
    "Virtuoso 7": servers.virtuoso,
}


def measure_engine(
    name: str, start: Callable[[Path], AbstractContextManager[str]], files: list[Path],
    work: Path, seconds: float,
) -> dict[str, Any]:  # fmt: skip
    folder = work / name.replace(" ", "-")
    shutil.rmtree(folder, ignore_errors=True)  # a kept workspace (`--work`) is reused
    folder.mkdir()
    try:
        with start(folder) as url:
            return _measure(url, files, seconds)
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        return {"unavailable": str(exc)}


def _measure(url: str, files: list[Path], seconds: float) -> dict[str, Any]:
    env = {"POLICYKG_STORE": url}
    result: dict[str, Any] = {}
    print(f"remote engine at {url}: build, load, /sparql, analyses", file=sys.stderr, flush=True)
    started = time.perf_counter()
    suite.run([suite.POLICYKG, "build"], env)
    result["build_s"] = time.perf_counter() - started
    result["load_s"] = suite.run([suite.POLICYKG, "load", *map(str, files)], env)
    engine_query = url + "?query=" + quote(suite.TWO_HOP)
    result["engine_latency_ms"] = suite.latency(engine_query)
    result["engine_ab"] = suite.ab(engine_query, 200_000, seconds)
    query = "/sparql?query=" + quote(suite.TWO_HOP)
    serve_env = env | {"POLICYKG_PORT": "{port}"}
    with suite.server([suite.POLICYKG, "serve"], serve_env, query) as (base, _, first):
        result["app_first_answer_s"] = first
        result["app_latency_ms"] = suite.latency(base + query)
        result["app_ab"] = suite.ab(base + query, 200_000, seconds)
    [result["drafter"]] = suite.drafter_costs([url])
    return result


def remote_engines(files: list[Path], work: Path, seconds: float) -> dict[str, Any]:
    """Every engine of ENGINES measured in turn on the same files."""
    return {
        name: measure_engine(name, start, files, work, seconds) for name, start in ENGINES.items()
    }


def render(figures: dict[str, Any], label: str, embedded: dict[str, float]) -> Iterator[str]:
    """Markdown tables of the figures, beside the embedded store's analyses (`embedded`)."""
    yield f"## Remote engines (policykg in front of a SPARQL server), real data + {label}"
    yield ""
    yield "Loaded through policykg (`build`, then `load` of the synthetic N-Quads: SPARQL updates"
    yield "of 50,000 triples). Requests/s at 4 clients; latency of one client, ms."
    yield ""
    yield "| engine | build s | load s | engine req/s | via policykg req/s | ratio | engine ms | via policykg ms | first answer s |"
    yield "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for name, f in figures.items():
        if "unavailable" in f:
            yield f"| {name} | not installed here: {f['unavailable']} ||||||||"
            continue
        engine, app = f["engine_ab"].get("rps", 0.0), f["app_ab"].get("rps", 0.0)
        ratio = f"{app / engine:.2f}×" if engine else ""
        yield (
            f"| {name} | {f['build_s']:.1f} | {f['load_s']:.1f} | {engine:,.0f} | {app:,.0f} | "
            f"{ratio} | {f['engine_latency_ms']:.2f} | {f['app_latency_ms']:.2f} | "
            f"{f['app_first_answer_s']:.2f} |"
        )
    yield ""
    names = [n for n, f in figures.items() if "unavailable" not in f]
    if not names:
        return
    yield "The drafter's analyses computed afresh (seconds, median of 3):"
    yield ""
    yield "| analysis | embedded (on disk) | " + " | ".join(names) + " |"
    yield "|---|---:|" + "---:|" * len(names)
    for analysis, seconds in embedded.items():
        cells = " | ".join(
            f"{figures[n]['drafter'].get(analysis, float('nan')):.3f}" for n in names
        )
        yield f"| {analysis} | {seconds:.3f} | {cells} |"
    yield ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policykg-bench-remote-") as tmp:
        work = Path(tmp)
        real = work / "real"
        suite.run([suite.POLICYKG, "build"], {"POLICYKG_STORE": str(real)})
        synthetic = work / "synthetic.nq"
        generate.generate(suite.size_value(args.size), synthetic)
        suite.run([suite.POLICYKG, "load", str(synthetic)], {"POLICYKG_STORE": str(real)})
        embedded = suite.drafter_costs(real)
        figures = remote_engines([synthetic], work, args.seconds)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    print("\n".join(render(figures, args.size, embedded)))


if __name__ == "__main__":
    main()
