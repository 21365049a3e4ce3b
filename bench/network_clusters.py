"""A 20,000-node network view in Chromium, drawn as server-side clusters: opens, clusters
with readable labels, a click opens one.

Run: .venv/bin/python bench/network_clusters.py [--store DIR] [--triples 200000]
     [--screenshot PNG] [--opened PNG]

Without --store it builds the real graph into an in-memory store and adds bench/generate.py's
synthetic regimes (`--triples`, default 200,000: about 190 jurisdictions); with --store it
opens that store read-only (e.g. one made with `policykg load real.nq synthetic.nq`). It serves
the real app on loopback with POLICYKG_VIEW_MAX_NODES=20000 and opens the depth-3
neighbourhood of the topic purchase-sex-minor (every synthetic jurisdiction's offences, their
sanctions, provisions, jurisdictions and all they hold: about 20,000 nodes at 200,000 triples)
in Debian's headless Chromium at 1400×1000, three times (cold, then warm), and prints: the
server's answer (first byte, browser timing), the time to `#graph[data-state=ready]`, the
clusters and nodes drawn, the smallest cluster label in screen pixels; then it clicks the
largest cluster and times the drawing of the answer.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
from network_page import serve_in_thread

from kg.config import Settings
from kg.ns import TOPIC
from kg.store import open_store
from kg.store.load import load

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEW = "/graph?view=neighbourhood&depth=3&limit=20000&iri=" + TOPIC + "purchase-sex-minor"

#: In the page: the clusters drawn, the smallest cluster label on screen (font size × scale),
#: and the id and screen position of the largest cluster.
MEASURE = """() => {
  const g = window.policykgGraph;
  const scale = g.network.getScale();
  const clusters = g.nodes.get({ filter: (n) => n.cluster });
  const frame = document.getElementById("graph");
  const largest = clusters.reduce((a, b) => (b.cluster > a.cluster ? b : a), clusters[0]);
  let at = null;
  if (largest) {
    g.network.focus(largest.id, { scale: Math.max(scale, 0.8), animation: false });
    at = g.network.canvasToDOM(g.network.getPositions([largest.id])[largest.id]);
  }
  return {
    clusters: clusters.length,
    drawn: g.nodes.length,
    label_px: Math.min(...clusters.map((n) => ((n.font && n.font.size) || g.fontSize) * scale)),
    width: frame.clientWidth,
    largest: largest ? { id: largest.id, label: largest.label, x: at.x, y: at.y } : null,
  };
}"""


def store_for(args: argparse.Namespace) -> tuple[Settings, object]:
    if args.store:
        settings = Settings(store=str(args.store), view_max_nodes=20000)
        return settings, open_store(settings, read_only=True)
    from kg.build.pipeline import build

    settings = Settings(store="memory", view_max_nodes=20000)
    store = open_store(settings)
    build(store, settings)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.nq"
        generate.generate(args.triples, path)
        load(store, [path])
    return settings, store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--triples", type=int, default=200_000)
    parser.add_argument("--screenshot", type=Path, default=None, help="at first sight")
    parser.add_argument("--opened", type=Path, default=None, help="after the click")
    args = parser.parse_args()
    settings, store = store_for(args)
    port, server = serve_in_thread(settings, store)
    url = f"http://127.0.0.1:{port}{VIEW}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for attempt in ("cold", "warm", "warm"):
            start, cpu = time.perf_counter(), time.process_time()
            response = page.goto(url, wait_until="domcontentloaded", timeout=300_000)
            if response is None:
                raise SystemExit("no response")
            timing = response.request.timing
            first_byte = (timing["responseStart"] - timing["requestStart"]) / 1000
            page.wait_for_selector("#graph[data-state=ready]", timeout=300_000)
            drawn = time.perf_counter() - start
            served = time.process_time() - cpu
            total = page.locator("#graph-summary").inner_text().split(" ", 1)[0]
            print(
                f"{attempt}: HTTP {response.status}, first byte after {first_byte:.2f} s"
                f" (server CPU {served:.2f} s), ready after {drawn:.2f} s;"
                f" clusters {page.get_attribute('#graph', 'data-clusters')},"
                f" drawn {page.get_attribute('#graph', 'data-drawn')} (summary: {total} nodes)"
            )
        if args.screenshot:
            page.screenshot(path=str(args.screenshot))
        seen = page.evaluate(MEASURE)
        print(
            f"clusters {seen['clusters']}, nodes drawn {seen['drawn']}, smallest cluster label"
            f" {seen['label_px']:.1f} px; clicking {seen['largest']['label']!r}"
        )
        box = page.locator("#graph canvas").bounding_box()
        start = time.perf_counter()
        page.mouse.click(box["x"] + seen["largest"]["x"], box["y"] + seen["largest"]["y"])
        page.wait_for_selector("#graph[data-state=loading]", timeout=10_000)
        page.wait_for_selector("#graph[data-state=ready]", timeout=300_000)
        print(
            f"opened after {time.perf_counter() - start:.2f} s: drawn"
            f" {page.get_attribute('#graph', 'data-drawn')}, clusters"
            f" {page.get_attribute('#graph', 'data-clusters')}, address {page.url[-40:]!r}"
        )
        if args.opened:
            page.screenshot(path=str(args.opened))
        browser.close()
    server.should_exit = True


if __name__ == "__main__":
    main()
