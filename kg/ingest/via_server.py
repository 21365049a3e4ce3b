"""Ingesting files through a running server's `POST /api/documents`, with the bearer token.

While `policykg serve` holds an on-disk store, no other process can write to it (RocksDB
locks it); `policykg ingest` then sends each file to that server, which reads, extracts and
writes it exactly as for any API client. A refusal of the token (401/403) stops the run at
once with the server's own words: every other file would be refused the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from kg.errors import Forbidden, StoreError, Unauthorized
from kg.ingest.files import FileOutcome, GivenMeta
from kg.ingest.pipeline import IngestResult
from kg.locale import mark


def ingest_through(
    base_url: str,
    token: str,
    paths: list[Path],
    fmt: str | None = None,
    on_done: Callable[[FileOutcome], None] | None = None,
    timeout: float = 300.0,
    given: GivenMeta | None = None,
) -> list[FileOutcome]:
    """POST each file; one outcome per file. Raises Unauthorized/Forbidden when the server
    refuses the token, StoreError when it cannot be reached."""
    outcomes = []
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    with httpx.Client(base_url=base_url, headers=headers, timeout=timeout) as client:
        for path in paths:
            outcome = _post(client, path, fmt, given)
            outcomes.append(outcome)
            if on_done is not None:
                on_done(outcome)
    return outcomes


def _post(
    client: httpx.Client, path: Path, fmt: str | None, given: GivenMeta | None = None
) -> FileOutcome:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileOutcome(path, error=f"{path}: cannot be read: {exc.strerror or exc}")
    params = {"name": path.name} | ({"format": fmt} if fmt else {})
    if given is not None:  # the document's date and the question it answers (--date, --answers)
        params |= {k: v for k, v in (("date", given.date), ("answers", given.answers)) if v}
    try:
        response = client.post("/api/documents", params=params, content=data)
    except httpx.HTTPError as exc:
        raise StoreError(
            mark("The server at {base_url} cannot be reached: {exc}"),
            base_url=client.base_url,
            exc=exc,
        ) from exc
    if response.status_code in (200, 201):
        extraction = response.json()
        return FileOutcome(
            path,
            result=IngestResult(
                id=str(extraction.get("id", path.name)),
                iri=str(extraction.get("iri", "")),
                created=response.status_code == 201,
                extraction=extraction,
            ),
        )
    message = _message(response)
    if response.status_code == 401:
        raise Unauthorized(
            mark(
                "The server at {base_url} refused the token ({reason}): set POLICYKG_TOKEN to the token the server was started with."
            ),
            base_url=client.base_url,
            reason=message,
        )
    if response.status_code == 403:
        raise Forbidden(
            mark(
                "The server at {base_url} refuses writes ({reason}). Restart it with a token, e.g. `POLICYKG_TOKEN=… make run`, and give the same POLICYKG_TOKEN here; or stop it and ingest directly into the store."
            ),
            base_url=client.base_url,
            reason=message,
        )
    return FileOutcome(path, error=f"{path}: {message}")


def _message(response: httpx.Response) -> str:
    """The server's error message (JSON `message`), else the status line."""
    try:
        body = response.json()
        if isinstance(body, dict) and body.get("message"):
            return str(body["message"])
    except ValueError:
        pass
    return f"HTTP {response.status_code} {response.reason_phrase}"
