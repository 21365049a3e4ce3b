"""Page load of a 5,000-node network view in Chromium: server generation plus drawing.

Run: .venv/bin/python bench/network_page.py [nodes] [--whole] [--json]. It builds an in-memory store holding a
synthetic regime (offences, each defined by a provision of one instrument, on one topic) of
about `nodes` nodes, serves the real app on loopback, opens
/graph?view=regime&jurisdiction=FR&limit=5000 in Debian's headless Chromium and times the
HTTP answer (first and last byte, from the browser's own timing) and the moment graph.js
reports the drawing ready (#graph[data-state=ready]). By default the view is drawn as the
server serves it (more than POLICYKG_VIEW_CLUSTER_ABOVE nodes: as clusters, remembered until
the store changes, so the warm loads are answered from memory); with --whole, clustering off
(every node drawn, each load computed afresh, as before clusters).
`make bench` runs it (bench/suite.py, `--json`: the figures on the last line) for the row
"5,000-node view interactive in headless Chromium".
"""

from __future__ import annotations

import gc
import json
import os
import shutil
import socket
import sys
import threading
import time
from typing import Any

import uvicorn
from playwright.sync_api import sync_playwright
from pyoxigraph import Literal, NamedNode, Triple

from api.app import create_app
from kg.build.pipeline import build
from kg.config import Settings
from kg.ns import DCTERMS, ELI, ID, PKG, RDF, RDFS, TOPIC, XSD
from kg.store import open_store, replace_graph


def synthetic_regime(offences: int) -> list[Triple]:
    """`offences` offences with one provision each: 2 nodes per offence plus the hubs."""
    act = NamedNode(ID + "act/fr/bench-code")
    fr = NamedNode(ID + "jurisdiction/FR")
    topic = NamedNode(TOPIC + "purchase-sex-minor")
    triples = [Triple(act, NamedNode(RDF + "type"), NamedNode(PKG + "LegalInstrument")),
               Triple(act, NamedNode(PKG + "jurisdiction"), fr)]  # fmt: skip
    day = Literal("2002-03-05", datatype=NamedNode(XSD + "date"))
    for n in range(offences):
        provision = NamedNode(f"{ID}act/fr/bench-code/article/{n}")
        offence = NamedNode(f"{ID}offence/fr/bench-{n}")
        triples += [
            Triple(provision, NamedNode(RDF + "type"), NamedNode(PKG + "Provision")),
            Triple(provision, NamedNode(ELI + "is_part_of"), act),
            Triple(provision, NamedNode(PKG + "jurisdiction"), fr),
            Triple(offence, NamedNode(RDF + "type"), NamedNode(PKG + "Offence")),
            Triple(
                offence, NamedNode(RDFS + "label"), Literal(f"Bench offence {n}", language="en")
            ),
            Triple(offence, NamedNode(PKG + "jurisdiction"), fr),
            Triple(offence, NamedNode(PKG + "topic"), topic),
            Triple(offence, NamedNode(PKG + "definedBy"), provision),
            Triple(offence, NamedNode(PKG + "validFrom"), day),
            Triple(offence, NamedNode(DCTERMS + "source"), NamedNode("https://example.org/bench")),
        ]
    return triples


def serve_in_thread(settings: Any, store: Any) -> tuple[int, uvicorn.Server]:
    """The application on a free loopback port in a thread of this process: its port and
    server (`server.should_exit = True` stops it)."""
    # `policykg serve` freezes what start-up left (api/app.py); the app is given a store here,
    # so the build this process ran is frozen the same way.
    gc.collect()
    gc.freeze()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings, store=store), port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    return port, server


def chromium() -> str | None:
    """Debian's Chromium on PATH, if installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def measure(nodes: int = 5000, whole: bool = False) -> list[dict[str, Any]]:
    """Three page loads (cold, warm, warm) of the view: the browser's first and last byte,
    the server's CPU, the moment graph.js reports the drawing ready, what was drawn."""
    executable = chromium()
    if executable is None:
        raise SystemExit("no Chromium on PATH (Debian package chromium)")
    settings = Settings(store="memory", view_cluster_above=0 if whole else 2000)
    store = open_store(settings)
    build(store, settings)
    replace_graph(
        store, NamedNode("https://w3id.org/policykg/graph/bench"), synthetic_regime(nodes // 2)
    )
    port, server = serve_in_thread(settings, store)
    url = f"http://127.0.0.1:{port}/graph?view=regime&jurisdiction=FR&limit=5000"
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
    loads: list[dict[str, Any]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=flags)
        page = browser.new_page()
        for attempt in ("cold", "warm", "warm"):
            start, cpu = time.perf_counter(), time.process_time()
            response = page.goto(url, wait_until="domcontentloaded", timeout=300_000)
            if response is None:
                raise SystemExit("no response")
            served = time.process_time() - cpu  # this process: the server's CPU time
            # The browser's own timing (ms from the request's start): the first byte is the
            # server's answer, the last the transfer of the page with its JSON block.
            timing = response.request.timing
            page.wait_for_selector("#graph[data-state=ready]", timeout=300_000)
            loads.append(
                {
                    "attempt": attempt,
                    "status": response.status,
                    "first_byte_s": (timing["responseStart"] - timing["requestStart"]) / 1000,
                    "last_byte_s": timing["responseEnd"] / 1000,
                    "server_cpu_s": served,
                    "interactive_s": time.perf_counter() - start,
                    "drawn": int(page.get_attribute("#graph", "data-drawn") or 0),
                    "clusters": int(page.get_attribute("#graph", "data-clusters") or 0),
                }
            )
        browser.close()
    server.should_exit = True
    return loads


def main() -> None:
    numbers = [a for a in sys.argv[1:] if a.isdigit()]
    loads = measure(int(numbers[0]) if numbers else 5000, whole="--whole" in sys.argv[1:])
    for load in loads:
        print(
            f"{load['attempt']}: HTTP {load['status']}: first byte after"
            f" {load['first_byte_s']:.2f} s, last after {load['last_byte_s']:.2f} s (server CPU"
            f" {load['server_cpu_s']:.2f} s); {load['drawn']} nodes drawn"
            f" ({load['clusters']} clusters) after {load['interactive_s']:.2f} s"
        )
    if "--json" in sys.argv[1:]:  # for bench/suite.py: the figures on the last line
        print(json.dumps(loads))


if __name__ == "__main__":
    main()
