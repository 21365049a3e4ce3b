"""Front workers: forked from the zygote's copy, they answer `GET /sparql` on the server's
own listening socket (the HTTP side is api/sparql_front.py); the zygote's watchdog forks
them, replaces any that dies or retires, and kills one whose query runs past the timeout.

What is here is what the zygote (kg.publish.query_pool) and a front worker share: the
configuration (`Front`), what a worker is given (`FrontContext`: the sockets, the copy, its
slot in a page shared with the watchdog), and the watchdog itself (`Watchdog`). It is a
module of its own so that the pool reads as the pool; it imports nothing from the web
layer (the worker's loop comes in `Front.serve`).
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import socket
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Store as OxStore

from kg.formats.results import Limits

_LOG = logging.getLogger("policykg.query")


@dataclass(frozen=True)
class Front:
    """Forked workers that accept connections on the server's listening socket and answer
    `GET /sparql` themselves (api/sparql_front.py), with no hop through the server process.

    `serve(context)` is the worker's loop (it never returns normally) and `timed_out(elapsed,
    timeout)` the bytes sent on a connection whose query the watchdog stopped; both are
    module-level functions, so that they reach the zygote (a spawned process) by name, and
    kg imports nothing from the web layer. `options` is given to `serve` (the settings).
    """

    serve: Callable[[FrontContext], None]
    timed_out: Callable[[float, float], bytes]
    options: Any = None
    workers: int = 2


#: A front worker's slot in the watchdog's shared page: when its query started
#: (time.monotonic(), 0.0 when idle), the connection's descriptor, and how many
#: connections it holds (so that the workers share them out evenly).
_SLOT = struct.Struct("=dqq")
#: The server's page holding its write epoch (see QueryPool: its low 32 bits are compared).
EPOCH = struct.Struct("=Q")


@dataclass
class FrontContext:
    """What a front worker is given, in its own process: the server's listening socket, the
    socket to hand connections back to the server on, the store copy, and its watchdog slot."""

    listener: socket.socket
    handoff: socket.socket
    store: OxStore
    limits: Limits
    options: Any
    epoch: int
    epoch_page: mmap.mmap
    slots: mmap.mmap
    index: int
    #: Where a worker passes its connections on when it retires (`retire`).
    outbox: socket.socket | None = None
    #: Connections passed on by the worker this one replaces, each with what had been read
    #: of it and not yet answered.
    adopted: list[tuple[socket.socket, bytes]] = field(default_factory=list)

    def current(self) -> bool:
        """Whether the store is unchanged since this copy was made (else every request is
        handed to the server, whose pool answers from the new content)."""
        return (EPOCH.unpack_from(self.epoch_page, 0)[0] & 0xFFFFFFFF) == self.epoch

    def started(self, fd: int) -> None:
        """A query on connection `fd` starts: the watchdog times it from now."""
        _SLOT.pack_into(self.slots, self.index * _SLOT.size, time.monotonic(), fd, self._held)

    def finished(self) -> None:
        _SLOT.pack_into(self.slots, self.index * _SLOT.size, 0.0, -1, self._held)

    _held = 0

    def holding(self, connections: int) -> None:
        """This worker now holds `connections` connections."""
        self._held = connections
        offset = self.index * _SLOT.size
        started, fd, _ = _SLOT.unpack_from(self.slots, offset)
        _SLOT.pack_into(self.slots, offset, started, fd, connections)

    def fewest(self) -> bool:
        """Whether no other front worker holds fewer connections than this one (the one
        to accept the next: otherwise whichever woke first could take them all)."""
        counts = [
            _SLOT.unpack_from(self.slots, i * _SLOT.size)[2]
            for i in range(len(self.slots) // _SLOT.size)
        ]
        return counts[self.index] <= min(counts)

    def retire(self, connections: list[tuple[socket.socket, bytes]]) -> bool:
        """Pass the worker's connections (with what was read of each and not yet answered) to
        the zygote, which forks a fresh worker that keeps them; the caller then exits. Why:
        reading the copy writes to it (pyoxigraph's in-memory store counts references in
        the quads it visits), so a long-lived worker slowly turns the pages it shares with
        the zygote into its own; a fresh fork shares them all again. False when the zygote
        cannot be told (the caller keeps serving)."""
        if self.outbox is None:
            return False
        tag = _RETIRING.pack(self.index, os.getpid())
        try:
            for sock, buffer in connections:
                socket.send_fds(self.outbox, [b"C" + tag + buffer], [sock.fileno()])
            self.outbox.send(b"E" + tag)
        except OSError:
            return False
        return True


#: A retiring worker's messages: "C" (a connection, with what was read of it) or "E" (it is
#: leaving), then its slot and pid (a message from a worker already replaced is not mistaken
#: for one from its successor).
_RETIRING = struct.Struct("=BI")
#: The largest message a retiring front worker sends per connection: a tag, its slot and pid,
#: what was read of the connection (a head the reader has not answered yet: at most
#: api/sparql_front.py's MAX_HEAD plus one read).
_ADOPT_MESSAGE = 256 * 1024


class Watchdog:
    """(In the zygote.) Forks the front workers and replaces any that dies; one whose query
    has run past the timeout is killed (pyoxigraph cannot cancel a query), its client gets
    `timed_out`'s answer on a copy of the connection taken from the worker first (Linux
    `pidfd_getfd`; where it is refused the connection is reset), and a fork replaces it.
    A worker that retires (`FrontContext.retire`) sends its connections to `inbox` first:
    its replacement is forked holding them."""

    def __init__(
        self,
        front: Front,
        fds: list[int],
        epoch: int,
        store: OxStore,
        limits: Limits,
        timeout: float,
        closed_in_children: tuple[Any, ...],
    ) -> None:
        self.front = front
        self.listener = socket.socket(fileno=fds[0])
        self.handoff = socket.socket(fileno=fds[1])
        self.epoch_page = mmap.mmap(fds[2], EPOCH.size)
        os.close(fds[2])
        self.epoch = epoch
        self.store = store
        self.limits = limits
        self.timeout = timeout
        #: How often the slots are read: the timeout is enforced within this much.
        self.tick = min(0.05, max(timeout / 4, 0.005))
        self.slots = mmap.mmap(-1, _SLOT.size * front.workers)  # MAP_SHARED with the forks
        self.pids: list[int] = [0] * front.workers
        self._closed_in_children = closed_in_children
        # A datagram pair: each message (a connection and its bytes, or "leaving") whole.
        self.inbox, self.outbox = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.inbox.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _ADOPT_MESSAGE * 4)
        self.outbox.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _ADOPT_MESSAGE * 4)
        self.inbox.setblocking(False)
        #: Connections passed on by a retiring worker, by its slot, until it is replaced.
        self.pending: dict[int, list[tuple[int, bytes]]] = {}
        #: The slots whose worker said it is leaving.
        self.leaving: set[int] = set()

    def start(self, children: set[int]) -> None:
        for index in range(len(self.pids)):
            self._fork(index, children)

    def close(self) -> None:
        """(In a pool worker forked later) the front's sockets are not its business."""
        self.listener.close()
        self.handoff.close()
        self.inbox.close()
        self.outbox.close()
        for connections in self.pending.values():
            for fd, _ in connections:
                os.close(fd)
        self.pending.clear()

    def stop(self, children: set[int]) -> None:
        """Kill the front workers and let go of the server's sockets."""
        import signal

        for pid in self.pids:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            children.discard(pid)
        self.close()

    def _fork(self, index: int, children: set[int]) -> None:
        """Start the front worker of slot `index`, holding the connections its predecessor
        passed on (if it retired)."""
        _SLOT.pack_into(self.slots, index * _SLOT.size, 0.0, -1, 0)
        adopted = self.pending.pop(index, [])
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                for sock in self._closed_in_children:
                    sock.close()
                self.inbox.close()
                for connections in self.pending.values():  # another slot's
                    for fd, _ in connections:
                        os.close(fd)
                die_with_parent()
                context = FrontContext(
                    self.listener, self.handoff, self.store, self.limits, self.front.options,
                    self.epoch, self.epoch_page, self.slots, index, self.outbox,
                    [(socket.socket(fileno=fd), data) for fd, data in adopted],
                )  # fmt: skip
                self.front.serve(context)
                code = 0
            finally:
                os._exit(code)
        for fd, _ in adopted:
            os.close(fd)
        self.pids[index] = pid
        children.add(pid)

    def _collect(self) -> None:
        """Read what retiring workers sent: their connections, then that they are leaving."""
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self.inbox, _ADOPT_MESSAGE, 1)
            except OSError:  # nothing more to read (BlockingIOError), or the socket is gone
                return
            if len(data) < 1 + _RETIRING.size:
                for fd in fds:
                    os.close(fd)
                continue
            index, pid = _RETIRING.unpack_from(data, 1)
            if index >= len(self.pids) or self.pids[index] != pid:  # not a worker of ours
                for fd in fds:
                    os.close(fd)
                continue
            if data[:1] == b"C" and fds:
                self.pending.setdefault(index, []).append((fds[0], data[1 + _RETIRING.size :]))
                for fd in fds[1:]:
                    os.close(fd)
            elif data[:1] == b"E":
                self.leaving.add(index)
            else:
                for fd in fds:
                    os.close(fd)

    def check(self, children: set[int]) -> None:
        """Kill the workers over time, replace those that died or retired."""
        import signal

        self._collect()
        for index in sorted(self.leaving):
            self._replace_retired(index, children)
        now = time.monotonic()
        for index, pid in enumerate(self.pids):
            started, fd, _ = _SLOT.unpack_from(self.slots, index * _SLOT.size)
            if started and now - started > self.timeout:
                copy = _take_fd(pid, fd)
                if _SLOT.unpack_from(self.slots, index * _SLOT.size)[0] != started:
                    if copy is not None:  # it finished meanwhile: nothing to stop
                        os.close(copy)
                    continue
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                children.discard(pid)
                self._fork(index, children)  # first: ready when the client tries again
                if copy is not None:
                    _send_and_close(copy, self.front.timed_out(now - started, self.timeout))
                _LOG.warning("a front query ran past %g s: its worker was killed", self.timeout)
                continue
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 0
            if done:
                self._collect()  # it may have retired since the messages were read
                if index in self.leaving:
                    self._replace_retired(index, children, reaped=True)
                    continue
                children.discard(pid)
                _LOG.error("a front worker died (status %d); starting another", status)
                self._fork(index, children)

    def _replace_retired(self, index: int, children: set[int], reaped: bool = False) -> None:
        """Fork the successor of the worker in slot `index`, which said it is leaving."""
        pid = self.pids[index]
        self.leaving.discard(index)
        self._fork(index, children)  # first: its connections are waiting
        if not reaped:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)  # it exits right after saying so
        children.discard(pid)


def _take_fd(pid: int, fd: int) -> int | None:
    """A copy of descriptor `fd` of process `pid` (Linux ≥ 5.6 `pidfd_getfd`), or None."""
    if fd < 0:
        return None
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pidfd = libc.syscall(434, pid, 0)  # pidfd_open
        if pidfd < 0:
            return None
        try:
            copy = libc.syscall(438, pidfd, fd, 0)  # pidfd_getfd
        finally:
            os.close(pidfd)
        return int(copy) if copy >= 0 else None
    except (OSError, AttributeError):
        return None


def _send_and_close(fd: int, data: bytes) -> None:
    """Best effort: the client may be gone."""
    with contextlib.suppress(OSError), socket.socket(fileno=fd) as sock:
        sock.settimeout(1.0)
        sock.sendall(data)
        sock.shutdown(socket.SHUT_RDWR)


def die_with_parent() -> None:
    """(Linux) a forked worker is killed by the kernel when its zygote dies."""
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
