"""Every benchmark side by side in one run, written to docs/benchmarks.md (`make bench`).

Run: .venv/bin/python bench/suite.py [--sizes 100k,1M] [--seconds 10] [--out docs/benchmarks.md]

`--only sparql` measures the `/sparql` rows alone (servers, `oxigraph serve`, raw pyoxigraph)
and prints them as JSON without writing the page; `--work DIR` keeps the built and loaded
stores in DIR and reuses them in the next run (a re-run then takes a minute).

For each size, a synthetic regime graph (bench/generate.py) is added to the real build and
the same measurements are taken, one after the other on the same machine, for:
- `policykg load` against pyoxigraph's own `bulk_load` of the same files;
- `policykg serve` on that store: time to the first `/sparql` answer, memory (the server
  and its query workers), `/sparql` throughput and latency on a 2-hop query at 4 clients
  (ApacheBench, keep-alive), against `oxigraph serve` (in memory, and `--location` for
  start-up) and against the same query run in-process by raw pyoxigraph (and rdflib's
  Memory store at the smallest size);
- the drafter's analyses (gaps, brief, network views) on the real data alone and with the
  synthetic triples added, each computed afresh (no cache);
- the 5,000-node view (generated, and loaded in headless Chromium by bench/network_page.py
  when Chromium is installed), `policykg ingest` of 200 small documents, `policykg build`;
- at the first size, policykg in front of `oxigraph serve` and Virtuoso (bench/remote.py;
  `--no-remote` skips it).
Servers listen on loopback only; every loop is bounded in requests and time.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import generate  # noqa: E402

BIN = Path(sys.executable).parent
POLICYKG = str(BIN / "policykg")
OXIGRAPH = str(BIN / "oxigraph") if (BIN / "oxigraph").exists() else shutil.which("oxigraph")
TWO_HOP = (
    "PREFIX pkg: <https://w3id.org/policykg/ontology#> "
    "SELECT ?offence ?sanction ?basis WHERE { "
    "?offence pkg:jurisdiction <https://w3id.org/policykg/id/jurisdiction/FR> ; "
    "pkg:hasSanction ?sanction . ?sanction pkg:legalBasis ?basis }"
)
JSON_RESULTS = "application/sparql-results+json"
Rows = list[tuple[str, ...]]


def size_value(text: str) -> int:
    return int(float(text.lower().replace("k", "e3").replace("m", "e6")))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run(args: list[str], env: dict[str, str] | None = None, timeout: float = 1800) -> float:
    """Run a command to completion; its wall time in seconds."""
    started = time.perf_counter()
    done = subprocess.run(
        args, env=os.environ | (env or {}), capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed: {done.stderr[-2000:]}")
    return time.perf_counter() - started


def cpu_seconds(who: int) -> float:
    """User + system CPU seconds of this process (RUSAGE_SELF) or of its waited-for
    children (RUSAGE_CHILDREN), all threads included."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _tree_kb(pid: int, file: str, field: str, children: bool = True) -> int:
    """The sum of one /proc/<pid>/<file> field (kB) over a process and all its descendants
    (a process gone meanwhile is skipped); `children=False`: the process alone."""
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            text = Path(f"/proc/{current}/{file}").read_text()
            total += int(re.search(rf"(?m)^{field}:\s+(\d+)", text).group(1))  # type: ignore[union-attr]
            for task in Path(f"/proc/{current}/task").iterdir() if children else ():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, AttributeError):
            continue
    return total


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    return _tree_kb(pid, "status", "VmRSS") / 1024


def pss_mb(pid: int) -> float:
    """Proportional memory of a process and all its descendants, in MB: pages shared between
    them (a forked worker's copy-on-write store) are counted once in the sum, not per process."""
    return _tree_kb(pid, "smaps_rollup", "Pss") / 1024


@contextmanager
def server(args: list[str], env: dict[str, str], probe: str) -> Iterator[tuple[str, int, float]]:
    """Start a server; yield (base URL, pid, seconds to the first good answer of `probe`)."""
    port = free_port()
    command = [a.replace("{port}", str(port)) for a in args]
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        env=os.environ | {k: v.replace("{port}", str(port)) for k, v in env.items()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    first = None
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            answer = httpx.get(base + probe, timeout=5, headers={"Accept": JSON_RESULTS})
            if answer.status_code == 200:
                first = time.perf_counter() - started
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            raise RuntimeError(f"{command} exited with {process.returncode}")
        time.sleep(0.02)
    try:
        if first is None:
            raise RuntimeError(f"{command} never answered {probe}")
        yield base, process.pid, first
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def copy_ready(base: str, started: float, limit: float = 120) -> float | None:
    """Seconds from `started` until policykg's front workers answer (its in-memory copy
    loaded), as its /healthz tells, or None if they do not within `limit`."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        sparql = httpx.get(base + "/healthz", timeout=30).json()["sparql"]
        if sparql == {"copy": "ready", "front": True}:
            return time.perf_counter() - started
        if sparql["copy"] in ("off", "failed"):
            return None
        time.sleep(0.1)
    return None


def ab(url: str, requests: int, seconds: float) -> dict[str, float]:
    """ApacheBench at 4 clients, keep-alive: requests/s and the median latency (ms)."""
    if shutil.which("ab") is None:
        return {}
    out = subprocess.run(
        ["ab", "-k", "-q", "-c", "4", "-n", str(requests), "-t", str(seconds),
         "-H", f"Accept: {JSON_RESULTS}", url],
        capture_output=True, text=True, timeout=seconds + 120,
    ).stdout  # fmt: skip
    rate = re.search(r"Requests per second:\s+([\d.]+)", out)
    p50 = re.search(r"\n\s+50%\s+(\d+)", out)
    failed = re.search(r"Failed requests:\s+(\d+)", out)
    non2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
    return {
        "rps": float(rate.group(1)) if rate else 0.0,
        "p50_ms": float(p50.group(1)) if p50 else float("nan"),
        "failed": float(failed.group(1)) if failed else 0.0,
        "non2xx": float(non2xx.group(1)) if non2xx else 0.0,
    }


def latency(url: str, n: int = 300) -> float:
    """Median latency in ms of one client, keep-alive (finer than ab's whole milliseconds).

    The client is the standard library's `http.client`, which adds ~0.1 ms of its own per
    request; httpx added ~0.6 ms on this machine (measured against a raw socket), which the
    target "p50 ≤ raw pyoxigraph + 1 ms" would have charged to the server."""
    import http.client

    parts = urlsplit(url)
    target = f"{parts.path}?{parts.query}"
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=60)

    def once() -> None:
        connection.request("GET", target, headers={"Accept": JSON_RESULTS})
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")

    try:
        for _ in range(20):
            once()
        return median_time(once, n) * 1000
    finally:
        connection.close()


def median_time(call: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def raw_pyoxigraph_ms(nquads: list[Path], on_disk: Path | None = None) -> float:
    """The 2-hop query plus JSON serialisation in-process: the floor for /sparql."""
    import pyoxigraph as ox

    from kg.ns import PREFIXES

    if on_disk is not None:
        store = ox.Store.read_only(str(on_disk))
    else:
        store = ox.Store()
        for path in nquads:
            store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)

    def once() -> None:
        result = store.query(TWO_HOP, use_default_graph_as_union=True, prefixes=PREFIXES)
        result.serialize(format=ox.QueryResultsFormat.JSON)  # type: ignore[union-attr]

    for _ in range(20):
        once()
    return median_time(once, 300) * 1000


def rdflib_ms(nquads: list[Path]) -> float:
    from rdflib import Dataset

    dataset = Dataset(default_union=True)
    for path in nquads:
        dataset.parse(path, format="nquads")
    return median_time(lambda: list(dataset.query(TWO_HOP)), 20) * 1000


def oxigraph_memory(nquads: list[Path]) -> Iterator[tuple[str, int, float]]:
    assert OXIGRAPH is not None
    return server(
        [OXIGRAPH, "serve", "--bind", "127.0.0.1:{port}", "--union-default-graph"],
        {},
        "/query?query=" + quote("ASK {}"),
    )


#: The analyses' own answers (remembered until the next write): forgotten before each
#: measurement. What every analysis reads and keeps until a write (the vocabulary, the
#: monitoring texts and links) is kept, as between two requests; `--cold` forgets it too.
ANSWER_CACHES = (
    "kg.analysis.cache._ANSWERS",
    "kg.analysis.analytics._GRAPHS",
    "kg.analysis.recommendations._TABLE",  # read once per analysis, not once per state
    "kg.store.resources._REMEMBERED",  # a remote store's resources, read afresh too
)
COLD = False
#: Seconds a server is left to settle after its first answer before /sparql is measured
#: (policykg serve answers from the disk until its in-memory copy is loaded, docs/store.md).
SETTLE = 10.0


def forget() -> None:
    """Forget the remembered analyses (with `COLD`, everything remembered until a write)."""
    from kg.store.memo import Memo

    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if not name.startswith(("kg.", "api.")):
            continue
        for attribute, value in list(vars(module).items()):
            if isinstance(value, Memo) and (COLD or f"{name}.{attribute}" in ANSWER_CACHES):
                value.clear()


#: Rounds of the drafter's analyses: each round computes every analysis once on each store.
#: Nine: with five, one analysis of twelve missed its ratio in two runs of three, a
#: different one each time, by a few tens of milliseconds (the machine is shared).
DRAFTER_ROUNDS = 9


def drafter_costs(locations: list[Path | str]) -> list[dict[str, float]]:
    """Seconds for each analysis computed afresh (caches cleared) on each store of
    `locations` (directories, or a SPARQL server's URL), the median of DRAFTER_ROUNDS
    rounds. The stores alternate within a round, so that a change of the machine's load
    between two measurements (it is shared) is not read as the cost of the store's size."""
    from kg.analysis.brief import brief
    from kg.analysis.gaps import gaps
    from kg.config import Settings
    from kg.publish import network
    from kg.store import open_store

    stores = [open_store(Settings(store=str(location)), read_only=True) for location in locations]
    for store in stores:
        network.regime(store, "FR")  # imports (pyvis…) are not the analyses' cost
    analyses: dict[str, Callable[[Any], Any]] = {
        "/api/gaps FR→UK": lambda store: gaps(store, "FR", "UK"),
        "/api/brief (question 14232)": lambda store: brief(store, "an-17-14232"),
        "/graph regime FR": lambda store: network.regime(store, "FR"),
        "/graph alignment": lambda store: network.alignment(store),
        "/graph document 14232": lambda store: network.document(store, "an-17-14232"),
        "/graph neighbourhood FR (depth 2)": lambda store: network.neighbourhood(
            store, network.JURISDICTION + "FR", 2
        ),
    }
    times: dict[tuple[int, str], list[float]] = defaultdict(list)
    for _ in range(DRAFTER_ROUNDS):
        for name, analysis in analyses.items():
            for index, store in enumerate(stores):
                forget()
                started = time.perf_counter()
                analysis(store)
                times[(index, name)].append(time.perf_counter() - started)
    for store in stores:
        store.close()
    return [
        {name: statistics.median(times[(index, name)]) for name in analyses}
        for index in range(len(stores))
    ]


def view_5000(location: Path) -> dict[str, float]:
    """A 5,000-node view: the regimes of as many synthetic jurisdictions as it takes, then
    what the server does for its page (graph, annotation from the store, cap, layered layout
    as the regime view has, vis data): as served by default (more than
    POLICYKG_VIEW_CLUSTER_ABOVE nodes: clusters, `seconds`) and drawn whole (clustering off,
    `whole_seconds`)."""
    from pyoxigraph import NamedNode

    from kg.config import Settings
    from kg.publish import network
    from kg.store import open_store

    store = open_store(Settings(store=str(location)), read_only=True)
    codes: list[str] = []
    while True:  # enough jurisdictions for 5,000 nodes
        codes.append(f"Z{len(codes):03d}")
        triples = [
            t
            for c in codes
            for t in network.construct(
                store, "regime", jurisdiction=NamedNode(network.JURISDICTION + c)
            )
        ]
        if network.graph_from_triples(triples).number_of_nodes() >= 5000 or len(codes) > 80:
            break

    def build(above: int) -> network.View:
        triples = [
            t
            for c in codes
            for t in network.construct(
                store, "regime", jurisdiction=NamedNode(network.JURISDICTION + c)
            )
        ]
        return network._finish(
            store,
            "regime",
            "bench",
            network.graph_from_triples(triples),
            5000,
            layers=lambda _g: network.by_kind(network.REGIME_LAYERS),
            clustering=network.Clustering(above),
        )

    served = build(Settings().view_cluster_above)
    whole = build(0)
    seconds = median_time(lambda: build(Settings().view_cluster_above), 3)
    whole_seconds = median_time(lambda: build(0), 3)
    store.close()
    return {
        "nodes": float(len(whole.nodes)),
        "seconds": seconds,
        "drawn": float(len(served.nodes)),
        "clusters": float(served.clusters),
        "whole_seconds": whole_seconds,
    }


def ingest_rate(real: Path) -> dict[str, Any]:
    """`policykg ingest` of 200 small documents (both cores), timed by bench/ingest.py in a
    fresh process, as the command runs it: documents/s, wall and CPU seconds."""
    done = subprocess.run(
        [sys.executable, str(HERE / "ingest.py"), str(real), "--documents", "200"],
        capture_output=True, text=True, timeout=1800, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


def view_page() -> dict[str, Any]:
    """The 5,000-node view loaded in headless Chromium by bench/network_page.py, in a fresh
    process: as served (clusters) and drawn whole; {} without Chromium or Playwright."""
    if not (shutil.which("chromium") or shutil.which("chromium-browser")):
        return {}  # network_page.py looks for it the same way
    found: dict[str, Any] = {}
    for name, extra in (("served", []), ("whole", ["--whole"])):
        done = subprocess.run(
            [sys.executable, str(HERE / "network_page.py"), "5000", "--json", *extra],
            capture_output=True, text=True, timeout=1800, check=True,
        )  # fmt: skip
        found[name] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def machine() -> str:
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))  # type: ignore[union-attr]
    load = os.getloadavg()
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory / 1024 / 1024:.0f} GB, "
        f"Linux {platform.release()}, Python {platform.python_version()}; "
        f"load average at the start {load[0]:.1f} (other work shared the machine)"
    )


def main() -> None:
    global COLD, SETTLE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1M")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures")
    parser.add_argument(
        "--cold", action="store_true", help="analyses measured as after a write (nothing kept)"
    )
    parser.add_argument(
        "--no-remote",
        dest="remote",
        action="store_false",
        help="skip policykg in front of oxigraph serve and Virtuoso (bench/remote.py)",
    )
    parser.add_argument(
        "--only",
        choices=["sparql"],
        default=None,
        help="only the /sparql measurements, printed (docs/benchmarks.md is not written)",
    )
    parser.add_argument(
        "--settle",
        type=float,
        default=SETTLE,
        help="seconds after a server's first answer before its /sparql is measured",
    )
    parser.add_argument(
        "--work", type=Path, default=None, help="keep the stores here and reuse them next time"
    )
    args = parser.parse_args()
    COLD = args.cold
    SETTLE = args.settle
    import pyoxigraph

    figures: dict[str, Any] = {
        "date": date.today().isoformat(),
        "machine": machine(),
        "pyoxigraph": pyoxigraph.__version__,
        "sizes": {},
        "settle_s": args.settle,
    }
    # A kept workspace is reused by `--only` runs; a full run measures the build and load too.
    reuse = args.work is not None and args.only is not None
    with workspace(args.work) as work:
        real = work / "real"
        real_nq = work / "real.nq"
        if not (reuse and real_nq.exists()):
            figures["build_s"] = run([POLICYKG, "build"], {"POLICYKG_STORE": str(real)})
            run(
                [POLICYKG, "export", str(real_nq), "--format", "nq"],
                {"POLICYKG_STORE": str(real)},
            )
        figures["real_quads"] = sum(1 for _ in real_nq.open("rb"))
        if args.only is None:
            figures["ingest"] = ingest_rate(real)
            figures["ingest_docs_per_s"] = figures["ingest"]["docs_per_s"]
            figures["view_page"] = view_page()
        for label in args.sizes.split(","):
            figures["sizes"][label] = measure(
                label, work, real, real_nq, args.seconds, args.only, reuse=reuse
            )
            print(json.dumps({label: figures["sizes"][label]}, default=str), flush=True)
        if args.remote and args.only is None:  # policykg in front of oxigraph serve, Virtuoso
            import remote

            first = args.sizes.split(",")[0]
            synthetic = work / f"synthetic-{first}.nq"
            figures["remote"] = {
                "size": first,
                "engines": remote.remote_engines([synthetic], work, args.seconds),
            }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))
    if args.only is None:
        args.out.write_text(
            with_kept_sections(render(figures, " ".join(sys.argv[1:])), args.out),
            encoding="utf-8",
        )
        print(f"wrote {args.out}")
    else:
        print(render_sparql(figures))


@contextmanager
def workspace(keep: Path | None) -> Iterator[Path]:
    """The directory the stores are built in: `keep` (created, kept), else a temporary one."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="policykg-bench-") as tmp:
        yield Path(tmp)


def measure(
    label: str,
    work: Path,
    real: Path,
    real_nq: Path,
    seconds: float,
    only: str | None = None,
    reuse: bool = False,
) -> dict[str, Any]:
    import pyoxigraph as ox

    synthetic = work / f"synthetic-{label}.nq"
    combined = work / f"combined-{label}"
    files = [real_nq, synthetic]
    result: dict[str, Any] = {}
    if reuse and synthetic.exists() and (combined / "CURRENT").exists():
        result["synthetic_quads"] = sum(1 for _ in synthetic.open("rb"))
    else:
        shutil.rmtree(combined, ignore_errors=True)  # `policykg load` adds to a store
        result["synthetic_quads"] = generate.generate(size_value(label), synthetic)
        raw_dir = work / f"raw-{label}"
        cpu = cpu_seconds(resource.RUSAGE_SELF)  # every thread of this process (RocksDB's too)
        started = time.perf_counter()
        raw = ox.Store(str(raw_dir))
        for path in files:
            raw.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        raw.flush()
        del raw
        result["bulk_load_s"] = time.perf_counter() - started
        result["bulk_load_cpu_s"] = cpu_seconds(resource.RUSAGE_SELF) - cpu
        cpu = cpu_seconds(resource.RUSAGE_CHILDREN)
        result["policykg_load_s"] = run(
            [POLICYKG, "load", *map(str, files)], {"POLICYKG_STORE": str(combined)}
        )
        result["policykg_load_cpu_s"] = cpu_seconds(resource.RUSAGE_CHILDREN) - cpu
        shutil.rmtree(raw_dir)

    result.update(measure_sparql(label, files, combined, seconds, full=only is None))
    if only is None:
        result["drafter_real"], result["drafter"] = drafter_costs([real, combined])
        result["view_5000"] = view_5000(combined)
    return result


def measure_sparql(
    label: str, files: list[Path], combined: Path, seconds: float, full: bool = True
) -> dict[str, Any]:
    """The /sparql rows: policykg serve on disk and in memory, `oxigraph serve`, raw pyoxigraph."""
    result: dict[str, Any] = {"load_average": os.getloadavg()[0], "settle_s": SETTLE}
    query = "/sparql?query=" + quote(TWO_HOP)
    env = {"POLICYKG_STORE": str(combined), "POLICYKG_PORT": "{port}"}
    with server([POLICYKG, "serve"], env, query) as (base, pid, first):
        result["app_first_answer_s"] = first
        result["app_copy_ready_s"] = copy_ready(base, time.perf_counter() - first)
        time.sleep(SETTLE)
        result["app_latency_ms"] = latency(base + query)
        result["app_ab"] = ab(base + query, 200_000, seconds)
        result["app_rss_mb"] = rss_mb(pid)
        result["app_pss_mb"] = pss_mb(pid)
        result["app_main_pss_mb"] = _tree_kb(pid, "smaps_rollup", "Pss", children=False) / 1024
    memory_env = {
        "POLICYKG_STORE": "memory",
        "POLICYKG_LOAD": os.pathsep.join(map(str, files)),
        "POLICYKG_PORT": "{port}",
    }
    with server([POLICYKG, "serve"], memory_env, query) as (base, pid, first):
        result["memory_first_answer_s"] = first
        result["memory_copy_ready_s"] = copy_ready(base, time.perf_counter() - first)
        time.sleep(SETTLE)
        result["memory_latency_ms"] = latency(base + query)
        result["memory_ab"] = ab(base + query, 200_000, seconds)
        result["memory_rss_mb"] = rss_mb(pid)
        result["memory_pss_mb"] = pss_mb(pid)
    assert OXIGRAPH is not None
    with server(
        [OXIGRAPH, "serve", "--location", str(combined), "--bind", "127.0.0.1:{port}",
         "--union-default-graph"], {}, "/query?query=" + quote(TWO_HOP),
    ) as (_, _, first):  # fmt: skip
        result["oxigraph_location_first_answer_s"] = first
    with oxigraph_memory(files) as (base, pid, _):
        for path in files:
            httpx.post(
                base + "/store",
                content=path.read_bytes(),
                headers={"Content-Type": "application/n-quads"},
                timeout=1800,
            ).raise_for_status()
        ox_query = "/query?query=" + quote(TWO_HOP)
        result["oxigraph_latency_ms"] = latency(base + ox_query)
        result["oxigraph_ab"] = ab(base + ox_query, 200_000, seconds)
        result["oxigraph_rss_mb"] = rss_mb(pid)
        result["oxigraph_pss_mb"] = pss_mb(pid)
    result["raw_pyoxigraph_ms"] = raw_pyoxigraph_ms(files)
    result["raw_pyoxigraph_disk_ms"] = raw_pyoxigraph_ms(files, on_disk=combined)
    if full and size_value(label) <= 200_000:
        result["rdflib_ms"] = rdflib_ms(files)
    result["load_average_end"] = os.getloadavg()[0]
    return result


def render_sparql(f: dict[str, Any]) -> str:
    """The /sparql figures of an `--only sparql` run, one line per size."""
    lines = [f"machine: {f['machine']}"]
    for label, s in f["sizes"].items():
        app, mem, ox = s["app_ab"], s["memory_ab"], s["oxigraph_ab"]
        lines.append(
            f"{label}: load {s['load_average']:.1f}-{s['load_average_end']:.1f}; "
            f"on disk {app.get('rps', 0):,.0f} req/s (c4), p50 {s['app_latency_ms']:.2f} ms, "
            f"{s['app_rss_mb']:.0f} MB RSS / {s['app_pss_mb']:.0f} MB PSS, "
            f"first answer {s['app_first_answer_s']:.2f} s; "
            f"memory {mem.get('rps', 0):,.0f} req/s, p50 {s['memory_latency_ms']:.2f} ms, "
            f"{s['memory_rss_mb']:.0f} MB RSS / {s['memory_pss_mb']:.0f} MB PSS; "
            f"oxigraph serve {ox.get('rps', 0):,.0f} req/s, p50 {s['oxigraph_latency_ms']:.2f} ms, "
            f"{s['oxigraph_rss_mb']:.0f} MB RSS / {s['oxigraph_pss_mb']:.0f} MB PSS; raw pyoxigraph {s['raw_pyoxigraph_ms']:.2f} ms "
            f"(disk {s['raw_pyoxigraph_disk_ms']:.2f}); failed or non-2xx "
            f"{app.get('failed', 0) + app.get('non2xx', 0):.0f}"
        )
    return "\n".join(lines)


#: The line after which docs/benchmarks.md holds hand-written sections (measurements made
#: with other scripts: bench/network_page.py, bench/ingest.py…) that a new run keeps.
KEPT = "<!-- Sections below are written by hand; make bench keeps them. -->"


def with_kept_sections(generated: str, out: Path) -> str:
    """The generated tables, then whatever the current file holds below KEPT."""
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    kept = old[old.index(KEPT) :] if KEPT in old else KEPT + "\n"
    return generated.rstrip("\n") + "\n\n" + kept


def render(f: dict[str, Any], command: str) -> str:
    """docs/benchmarks.md from the figures."""
    lines = [
        "# Benchmarks",
        "",
        f"Measured {f['date']} by `make bench` (`.venv/bin/python bench/suite.py {command}`), "
        "every row of a table in the same run, one measurement after the other.",
        "",
        f"Machine: {f['machine']}. pyoxigraph {f['pyoxigraph']}; load generator ApacheBench "
        "(`ab -k -c 4`, keep-alive, 4 concurrent clients) on the same machine, loopback only; "
        "latencies (p50) from one keep-alive client, Python's `http.client` (~0.1 ms of its "
        "own per request; the runs before 2026-12-03's fifth round used httpx, ~0.6 ms).",
        "",
        f"Data: the real build ({f['real_quads']:,} quads) plus a synthetic regime graph of "
        "the given size (bench/generate.py: hundreds of jurisdictions, each with instruments, "
        "provisions, offences on the shared topics, dated sanctions, duties, plans, bodies, "
        "statistics and documents citing provisions). The 2-hop query: France's offences, "
        "their sanctions and each sanction's legal basis. `/sparql` is measured "
        f"{f.get('settle_s', SETTLE):g} s after policykg's front workers answer from its "
        "in-memory copy (it answers from the disk while the copy loads; the row 'copy "
        "loaded' says when that was).",
        "",
        "## /sparql and start-up",
        "",
        "| size | what | policykg | peer | ratio | target | met |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for label, s in f["sizes"].items():
        app, ox = s.get("app_ab", {}), s.get("oxigraph_ab", {})
        ratio = app.get("rps", 0) / ox["rps"] if ox.get("rps") else float("nan")
        lines.append(
            f"| {label} | 2-hop requests/s at 4 clients | {app.get('rps', 0):,.0f} | "
            f"`oxigraph serve` (memory) {ox.get('rps', 0):,.0f} | {ratio:.2f}× | ≥ 0.8× | "
            f"{'yes' if ratio >= 0.8 else 'no'} |"
        )
        floor = s["raw_pyoxigraph_ms"]
        lines.append(
            f"| {label} | 2-hop p50, one client (ms) | {s['app_latency_ms']:.2f} | "
            f"raw pyoxigraph {floor:.2f} (on disk {s['raw_pyoxigraph_disk_ms']:.2f}); "
            f"`oxigraph serve` {s['oxigraph_latency_ms']:.2f} | +{s['app_latency_ms'] - floor:.2f} ms | "
            f"≤ raw + 1 ms | {'yes' if s['app_latency_ms'] <= floor + 1 else 'no'} |"
        )
        lines.append(
            f"| {label} | first answer after start (s) | {s['app_first_answer_s']:.2f} | "
            f"`oxigraph serve --location` {s['oxigraph_location_first_answer_s']:.2f} | | ≤ 1 s | "
            f"{'yes' if s['app_first_answer_s'] <= 1 else 'no'} |"
        )
        ready = s.get("app_copy_ready_s")
        lines.append(
            f"| {label} | copy loaded, front workers answering, after start (s) | "
            f"{'not within 120 s' if ready is None else f'{ready:.1f}'} | | | | |"
        )
        if "app_pss_mb" in s and "oxigraph_pss_mb" in s:  # forked workers share pages
            mem = s["app_pss_mb"] / s["oxigraph_pss_mb"]
            lines.append(
                f"| {label} | memory serving (MB, all processes, PSS: shared pages counted "
                f"once; RSS in brackets) | {s['app_pss_mb']:.0f} ({s['app_rss_mb']:.0f}) | "
                f"`oxigraph serve` (memory) {s['oxigraph_pss_mb']:.0f} "
                f"({s['oxigraph_rss_mb']:.0f}) | {mem:.2f}× | ≤ 1.5× (set for 1M) | "
                f"{'yes' if mem <= 1.5 else 'no'} |"
            )
            if "app_main_pss_mb" in s:
                lines.append(
                    f"| {label} | of which the server process (Python, FastAPI, uvicorn, the "
                    f"application; MB PSS) | {s['app_main_pss_mb']:.0f} | | | | |"
                )
        else:
            mem = s["app_rss_mb"] / s["oxigraph_rss_mb"]
            lines.append(
                f"| {label} | memory serving (MB, all processes) | {s['app_rss_mb']:.0f} | "
                f"`oxigraph serve` (memory) {s['oxigraph_rss_mb']:.0f} | {mem:.2f}× | ≤ 1.5× | "
                f"{'yes' if mem <= 1.5 else 'no'} |"
            )
        load = s["policykg_load_s"] / s["bulk_load_s"]
        lines.append(
            f"| {label} | `policykg load` (s) | {s['policykg_load_s']:.1f} | pyoxigraph "
            f"`bulk_load` {s['bulk_load_s']:.1f} | {load:.2f}× | ≤ 1.5× (set for 1M) | "
            f"{'yes' if load <= 1.5 else 'no'} |"
        )
        if "policykg_load_cpu_s" in s:
            load = s["policykg_load_cpu_s"] / s["bulk_load_cpu_s"]
            lines.append(
                f"| {label} | `policykg load`, CPU (s, all threads) | "
                f"{s['policykg_load_cpu_s']:.1f} | pyoxigraph `bulk_load` "
                f"{s['bulk_load_cpu_s']:.1f} | {load:.2f}× | | |"
            )
        mem_ab = s.get("memory_ab", {})
        mem_ratio = mem_ab.get("rps", 0) / ox["rps"] if ox.get("rps") else float("nan")
        lines.append(
            f"| {label} | the same with `POLICYKG_STORE=memory` (the server's store and one "
            f"copy shared by the workers): requests/s, p50 ms, first answer s, MB (PSS) | "
            f"{mem_ab.get('rps', 0):,.0f}, {s['memory_latency_ms']:.2f}, "
            f"{s['memory_first_answer_s']:.1f}, "
            f"{s.get('memory_pss_mb', s['memory_rss_mb']):.0f} | | {mem_ratio:.2f}× | | |"
        )
        if "rdflib_ms" in s:
            lines.append(
                f"| {label} | 2-hop in rdflib's Memory store (ms) | | {s['rdflib_ms']:.1f} | | | |"
            )
        errors = app.get("failed", 0) + app.get("non2xx", 0)
        lines.append(f"| {label} | failed or non-2xx answers under load | {errors:.0f} | | | 0 | |")
    lines += [
        "",
        "## The drafter's analyses: real data alone, then with the synthetic triples added",
        "",
        "Each computed afresh (the analyses' remembered answers forgotten first; the vocabulary "
        f"read once per write kept, as between two requests), median of {DRAFTER_ROUNDS} "
        "rounds in which the real store and the enlarged one alternate, seconds.",
        "",
        "| analysis | size | real data | with the synthetic triples | ratio | target ≤ 1.5× |",
        "|---|---|---:|---:|---:|---|",
    ]
    for label, size in f["sizes"].items():
        for name, base in size["drafter_real"].items():
            value = size["drafter"][name]
            ratio = value / base if base else float("nan")
            lines.append(
                f"| {name} | +{label} | {base:.3f} | {value:.3f} | {ratio:.2f}× "
                f"| {'yes' if ratio <= 1.5 else 'no'} |"
            )
    lines += [
        "",
        "## Views, ingestion, build",
        "",
        "| what | measured | target | met |",
        "|---|---:|---|---|",
    ]
    for label, s in f["sizes"].items():
        v = s["view_5000"]
        lines.append(
            f"| {v['nodes']:,.0f}-node view generated: synthetic regimes (store +{label}), as "
            f"served: {v.get('clusters', 0):,.0f} clusters, {v.get('drawn', v['nodes']):,.0f} "
            f"nodes drawn | {v['seconds']:.2f} s | ≤ 0.5 s | "
            f"{'yes' if v['seconds'] <= 0.5 else 'no'} |"
        )
        if "whole_seconds" in v:
            lines.append(
                f"| the same drawn whole (POLICYKG_VIEW_CLUSTER_ABOVE=0) | "
                f"{v['whole_seconds']:.2f} s | | |"
            )
    for name, how in (("served", "as served"), ("whole", "drawn whole")):
        loads = f.get("view_page", {}).get(name)
        if not loads:
            continue
        cold, warm = loads[0], loads[1:]
        best = min(load["interactive_s"] for load in warm)
        target = "≤ 2 s" if name == "served" else ""
        met = ("yes" if cold["interactive_s"] <= 2 else "no") if target else ""
        clusters = cold["clusters"]
        drawn = (
            f"{clusters} clusters, {cold['drawn'] - clusters:,} nodes"
            if clusters
            else (f"{cold['drawn']:,} nodes")
        )
        lines.append(
            f"| 5,000-node view interactive in headless Chromium, {how} ({drawn} drawn), "
            f"first load (warm: {best:.2f} s; the server's first byte "
            f"{cold['first_byte_s']:.2f} s) | {cold['interactive_s']:.2f} s | {target} | {met} |"
        )
    rate, ingest = f["ingest_docs_per_s"], f.get("ingest", {})
    cpu = (
        f" ({ingest['seconds']:.2f} s wall; CPU {ingest['cpu_s']:.2f} s in the process, "
        f"{ingest['children_cpu_s']:.2f} s in its readers)"
        if ingest
        else ""
    )
    lines.append(
        f"| `policykg ingest`, 200 small documents, 2 workers{cpu} | {rate:.0f} documents/s | "
        f"≥ 100/s | {'yes' if rate >= 100 else 'no'} |"
    )
    lines.append(
        f"| `policykg build` of the real data | {f['build_s']:.1f} s | ≤ 10 s | "
        f"{'yes' if f['build_s'] <= 10 else 'no'} |"
    )
    lines += ["", "Figures not reached are discussed in docs/store.md.", ""]
    if "remote" in f:
        import remote

        size = f["remote"]["size"]
        embedded = f["sizes"][size]["drafter"]
        lines += [*remote.render(f["remote"]["engines"], size, embedded), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
