"""`GET /sparql` answered by the query workers themselves, on the server's listening socket.

A small query takes ~0.3 ms in pyoxigraph; relayed by the server process (HTTP parsing in
uvicorn, the ASGI layer, a pipe to a worker and back) it took ~1.5 ms and half the CPU of a
request. So, when the store is read from an in-memory copy (kg.publish.query_pool's
zygote), that copy's forked "front" workers accept connections on the very socket the
server listens on and answer a `GET /sparql` in their own process: the request line and
headers read here, the same checks as the route (`PreparedQueries`: query_guard, the
SERVICE allow-list, updates refused, content negotiation), the query run on the copy with
the same row and byte caps, and the same headers as the route's answer (uvicorn's `date`
and `server`, the security headers, CORS when the request has an Origin).

Anything else is handed to the server unchanged: another path or method, a request this
reader does not take whole (a body, an odd header, a head over `MAX_HEAD`), a query the
checks refuse or that fails (so errors keep the application's format and language), and
every request once the store was written since the copy was made. The connection itself
goes to the server (its descriptor over a Unix socket, SCM_RIGHTS) with the bytes already
read (api/sparql_handoff.py feeds both to uvicorn), which keeps it from then on.

A query that runs past the timeout is stopped by the zygote's watchdog, which kills the
worker (its start time is in a page shared with the zygote), answers the client 503, and
forks a replacement. Linux only (fork, memfd, SCM_RIGHTS, pidfd_getfd); `policykg serve`
turns it on there unless POLICYKG_SPARQL_FRONT=0.
"""

from __future__ import annotations

import contextlib
import json
import re
import resource
import selectors
import socket
import time
from dataclasses import dataclass
from email.utils import formatdate

from api.sparql_fast import WITH_CORS, WITHOUT_CORS, PreparedQueries
from api.sparql_protocol import headers_for
from kg.config import Settings
from kg.formats.results import Answer
from kg.locale import error_text
from kg.publish.front_workers import FrontContext
from kg.publish.query_pool import answer_query, stopped_query

#: The longest request head (request line and headers) read here; a longer one goes to the
#: server, which applies its own limits.
MAX_HEAD = 64 * 1024
#: Read at most this much at a time (so a hand-off carries at most MAX_HEAD + this).
_CHUNK = 64 * 1024
_REQUEST_LINE = re.compile(rb"GET (/sparql(?:\?[!-~]*)?) HTTP/1\.([01])")
_TOKEN = re.compile(rb"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
#: Headers that mean the request is not a plain GET this reader may answer.
_NOT_OURS = {b"transfer-encoding", b"upgrade", b"expect"}
#: A worker holding more connections than another looks again at a waiting one after
#: this long, and takes it anyway once it has waited _WAIT_FOR_OTHERS (the other worker
#: may be in a long query).
_RECHECK = 0.005
_WAIT_FOR_OTHERS = 0.05


@dataclass(frozen=True)
class FrontOptions:
    """What a front worker needs besides the context: the checks' settings, how long an
    idle keep-alive connection is kept (as uvicorn's `timeout_keep_alive`), and how long a
    client may take to read an answer."""

    settings: Settings
    keep_alive: float = 5.0
    send_timeout: float = 30.0
    #: Bytes of its own memory a worker may take before it retires (0: never; see `Worn`).
    recycle_bytes: int = 0


@dataclass(frozen=True)
class Request:
    """A request head this reader can answer: `GET /sparql…` with no body."""

    query_string: bytes
    accept: str | None
    origin: bool
    keep_alive: bool
    http10: bool


def parse_head(head: bytes) -> Request | None:
    """The request, or None when the server must answer it (anything but a plain GET of
    /sparql with well-formed headers and no body). `head` ends before the blank line."""
    lines = head.split(b"\r\n")
    line = _REQUEST_LINE.fullmatch(lines[0])
    if line is None:
        return None
    target, minor = line.group(1), line.group(2)
    accept: str | None = None
    origin = False
    connection = b""
    for raw in lines[1:]:
        name, colon, value = raw.partition(b":")
        if not colon or not _TOKEN.fullmatch(name):
            return None  # also a folded line (starts with a space): not ours
        name = name.lower()
        value = value.strip(b" \t")
        if name == b"accept":
            accept = value.decode("latin-1")
        elif name == b"origin":
            origin = True
        elif name == b"connection":
            connection += b"," + value.lower()
        elif name in _NOT_OURS or (name == b"content-length" and value != b"0"):
            return None
    tokens = {t.strip() for t in connection.split(b",")}
    http10 = minor == b"0"
    keep_alive = b"keep-alive" in tokens if http10 else b"close" not in tokens
    _, _, query_string = target.partition(b"?")
    return Request(query_string, accept, origin, keep_alive, http10)


def response(request: Request, result: Answer) -> bytes:
    """The answer as the route sends it through uvicorn (same headers)."""
    lines = [b"HTTP/1.1 200 OK", b"date: " + _date(), b"server: uvicorn"]
    extra = WITH_CORS if request.origin else WITHOUT_CORS
    lines += [name + b": " + value for name, value in headers_for(result) + extra]
    if not request.keep_alive:
        lines.append(b"connection: close")
    elif request.http10:  # an HTTP/1.0 client (ApacheBench) keeps it only if told
        lines.append(b"connection: keep-alive")
    return b"\r\n".join(lines) + b"\r\n\r\n" + result.body


def timed_out(elapsed: float, timeout: float) -> bytes:
    """What the watchdog sends on a connection whose query it stopped (the route's 503,
    as JSON: the request is not at hand to choose the format or the language)."""
    error = stopped_query(elapsed, timeout)
    body = json.dumps({"error": "QueryTimeout", "message": error_text(error), "status": 503})
    data = body.encode()
    lines = [
        b"HTTP/1.1 503 Service Unavailable",
        b"date: " + _date(),
        b"server: uvicorn",
        b"content-type: application/json",
        b"content-length: " + str(len(data)).encode(),
        *(name + b": " + value for name, value in WITHOUT_CORS),
        b"connection: close",
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + data


_dated = (0, b"")


def _date() -> bytes:
    """The Date header's value, formatted once a second."""
    global _dated
    now = int(time.time())
    if _dated[0] != now:
        _dated = (now, formatdate(now, usegmt=True).encode())
    return _dated[1]


class _Connection:
    __slots__ = ("buffer", "last", "sock")

    def __init__(self, sock: socket.socket, read: bytes = b"") -> None:
        self.sock = sock
        self.buffer = bytearray(read)
        self.last = time.monotonic()


class Worn:
    """Whether this worker holds more than `limit` bytes of memory of its own.

    A forked worker shares the copy's pages with the zygote until it writes to one, and
    reading pyoxigraph's in-memory store writes (reference counts in each quad visited): a
    worker serving for a while ends up with its own copy of every page its queries reached
    (~160 MB per worker after 10 s of the benchmark's 2-hop query at 1M). So a worker past
    the limit retires: its connections go to a fresh fork (`FrontContext.retire`). The
    kernel's count of minor page faults (getrusage, ~1 µs) says when to look; the private
    pages are then counted exactly (/proc/self/smaps_rollup, ~1 ms), as faults also come
    from reading shared library code, which costs no memory of its own.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._page = resource.getpagesize()
        self._next = self._faults() + limit // self._page

    @staticmethod
    def _faults() -> int:
        return resource.getrusage(resource.RUSAGE_SELF).ru_minflt

    def __call__(self) -> bool:
        if self.limit <= 0 or self._faults() < self._next:
            return False
        private = _private_bytes()
        if private is None or private >= self.limit:
            return private is not None
        self._next = self._faults() + (self.limit - private) // self._page
        return False


def _private_bytes() -> int | None:
    """Pages of this process that no other process shares (clean or dirty), in bytes."""
    try:
        with open("/proc/self/smaps_rollup", "rb") as rollup:
            text = rollup.read()
    except OSError:
        return None
    total = 0
    for line in text.splitlines():
        if line.startswith((b"Private_Clean:", b"Private_Dirty:")):
            total += int(line.split()[1]) * 1024
    return total


def serve(context: FrontContext) -> None:
    """The front worker's loop (in a process forked by the zygote): accept connections on
    the shared listening socket, answer what it can, hand the rest over. One query at a
    time; several keep-alive connections are watched at once. Returns only once it has
    retired (`Worn`), its connections passed on."""
    options: FrontOptions = context.options
    prepared = PreparedQueries(options.settings)
    worn = Worn(options.recycle_bytes)
    listener = context.listener
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ, None)
    watching = True  # the listening socket
    held = 0
    for sock, read in context.adopted:  # the connections of the worker this one replaces
        selector.register(sock, selectors.EVENT_READ, _Connection(sock, read))
        held += 1
    context.holding(held)
    swept = time.monotonic()
    #: Since when a waiting connection has been left to a worker holding fewer (or None).
    deferred: float | None = None

    def close(sock: socket.socket) -> None:
        nonlocal held
        selector.unregister(sock)
        sock.close()
        held -= 1
        context.holding(held)

    while True:
        if not watching and time.monotonic() - (deferred or 0.0) >= _RECHECK:
            selector.register(listener, selectors.EVENT_READ, None)  # look again
            watching = True
        events = selector.select(timeout=1.0 if watching else _RECHECK)
        now = time.monotonic()
        if watching and deferred is not None and all(k.data is not None for k, _ in events):
            deferred = None  # nothing waits any more: another worker took it
        for key, _ in events:
            if key.data is None:
                if not context.fewest() and now - (deferred or now) < _WAIT_FOR_OTHERS:
                    # Another worker holds fewer connections: leave this one to it for a
                    # moment (the socket unwatched meanwhile: no busy loop).
                    selector.unregister(listener)
                    watching = False
                    deferred = deferred or now
                    continue
                deferred = None
                try:
                    sock, _ = listener.accept()
                except OSError:  # another process accepted it first
                    continue
                sock.settimeout(options.send_timeout)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                selector.register(sock, selectors.EVENT_READ, _Connection(sock))
                held += 1
                context.holding(held)
                continue
            connection: _Connection = key.data
            if not _read(connection) or not _answer(context, prepared, connection):
                close(connection.sock)
        if worn():
            held_now = [k.data for k in selector.get_map().values() if k.data is not None]
            if context.retire([(c.sock, bytes(c.buffer)) for c in held_now]):
                return  # the zygote has them; this process exits
        if now - swept > 1.0:  # idle keep-alive connections are closed, as uvicorn does
            swept = now
            for key in list(selector.get_map().values()):
                if key.data is not None and now - key.data.last > options.keep_alive:
                    close(key.data.sock)


def _read(connection: _Connection) -> bool:
    """Read what has come; False when the client closed the connection."""
    try:
        data = connection.sock.recv(_CHUNK)
    except (BlockingIOError, InterruptedError, TimeoutError):
        return True
    except OSError:
        return False
    connection.buffer += data
    connection.last = time.monotonic()
    return bool(data)


def _answer(context: FrontContext, prepared: PreparedQueries, connection: _Connection) -> bool:
    """Answer every complete request read; False when the connection is to be closed here
    (the client asked to, or it was handed to the server)."""
    buffer = connection.buffer
    while True:
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return len(buffer) <= MAX_HEAD or _hand_off(context, connection)
        request = parse_head(bytes(buffer[:end])) if end <= MAX_HEAD else None
        result = _result(context, prepared, request, connection.sock.fileno())
        if request is None or result is None:
            return _hand_off(context, connection)
        try:
            connection.sock.sendall(response(request, result))
        except OSError:
            return False
        del buffer[: end + 4]
        if not request.keep_alive:
            return False


def _result(
    context: FrontContext, prepared: PreparedQueries, request: Request | None, fd: int
) -> Answer | None:
    """The answer to send, or None when the server must answer (refused, failed, no type
    acceptable, or the store written since the copy was made)."""
    if request is None or not context.current():
        return None
    ready = prepared.get(request.query_string, request.accept)
    if ready is None:
        return None
    query, dataset, choice, _ = ready
    context.started(fd)
    try:
        reply = answer_query(context.store, query, dataset, choice, context.limits)
    finally:
        context.finished()
    if reply[0] != "ok" or reply[1].media_type is None:
        return None
    result: Answer = reply[1]
    return result


def _hand_off(context: FrontContext, connection: _Connection) -> bool:
    """Give the connection and what was read of it to the server; always False (closed
    here: the server holds its own copy of the descriptor)."""
    with contextlib.suppress(OSError):  # the server is stopping: the client sees it close
        socket.send_fds(context.handoff, [bytes(connection.buffer)], [connection.sock.fileno()])
    return False
