"""A bounded load test of a running policykg server, on loopback only.

Run by hand against `make run` (or `policykg serve`):
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --requests 400 --concurrency 8
It sends a fixed number of requests per endpoint (never open-ended), refuses any host that is
not a loopback address, and prints p50/p99 latency and requests per second per endpoint.
Results are recorded in docs/load.md.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import socket
import statistics
import time
from urllib.parse import urlparse

import httpx

ENDPOINTS = {
    "GET /healthz": ("GET", "/healthz", None),
    "GET /api/compare (FR, SE, UK)": (
        "GET",
        "/api/compare?topic=purchase-sex-minor&jurisdiction=FR&jurisdiction=SE&jurisdiction=UK",
        None,
    ),
    "POST /sparql (small SELECT)": (
        "POST",
        "/sparql",
        "SELECT ?code WHERE { ?j a pkg:Jurisdiction ; skos:notation ?code }",
    ),
    "POST /sparql (sanctions by jurisdiction, GROUP BY)": (
        "POST",
        "/sparql",
        "SELECT ?code (COUNT(?s) AS ?n) WHERE { ?o pkg:hasSanction ?s ; pkg:jurisdiction/skos:notation ?code } GROUP BY ?code",
    ),
}


def loopback_only(url: str) -> None:
    host = urlparse(url).hostname or ""
    address = ipaddress.ip_address(socket.gethostbyname(host))
    if not address.is_loopback:
        raise SystemExit(f"refusing to load {host} ({address}): loopback addresses only")


async def run(
    url: str, method: str, path: str, body: str | None, requests: int, concurrency: int
) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    queue: asyncio.Queue[int] = asyncio.Queue()
    for n in range(requests):
        queue.put_nowait(n)
    headers = {"Accept": "application/sparql-results+json"}
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while not queue.empty():
                queue.get_nowait()
                start = time.perf_counter()
                if method == "GET":
                    response = await client.get(path)
                else:
                    response = await client.post(path, data={"query": body or ""}, headers=headers)
                latencies.append(time.perf_counter() - start)
                errors += response.status_code >= 400

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--requests", type=int, default=400, help="per endpoint (max 5000)")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    loopback_only(args.url)
    requests = min(args.requests, 5000)
    print("| endpoint | requests | concurrency | p50 ms | p99 ms | req/s | errors |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, (method, path, body) in ENDPOINTS.items():
        asyncio.run(run(args.url, method, path, body, min(20, requests), 2))  # warm-up
        started = time.perf_counter()
        latencies, errors = asyncio.run(
            run(args.url, method, path, body, requests, args.concurrency)
        )
        elapsed = time.perf_counter() - started
        ordered = sorted(latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(
            f"| {name} | {requests} | {args.concurrency} | {statistics.median(ordered) * 1000:.1f} "
            f"| {p99 * 1000:.1f} | {requests / elapsed:.0f} | {errors} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
