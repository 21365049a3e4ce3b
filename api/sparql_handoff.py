"""The server's side of the front workers (api/sparql_front.py): one listening socket shared
with them, and the connections they hand back fed to uvicorn.

`policykg serve` binds the listening socket itself (`FrontDoor.bind`) so that the query
pool can give it to the front workers, and runs uvicorn on no socket of its own
(`FrontServer`). The server process accepts connections itself while no front worker is
answering from a current copy of the store (at start-up while the copy loads, after a
write until the new copy is ready, or if the copy failed): it checks `pool.front_active()`
every `_CHECK` seconds. While they answer, it still takes a connection that none of them
has taken after `_GRACE` seconds: every front worker may be inside a long query (up to the
timeout), and a page or another query must not wait for that. Connections that a front
worker hands over (a descriptor and the bytes it had read, over a Unix socket) become
uvicorn connections exactly as if uvicorn had accepted them: uvicorn's own protocol is
made for them and given the bytes first, so the application answers the request unchanged.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from typing import Any

import uvicorn

from api.sparql_front import FrontOptions, serve, timed_out
from kg.config import Settings
from kg.publish.front_workers import Front
from kg.publish.query_pool import QueryPool

#: How often the server checks whether the front workers are answering (seconds).
_CHECK = 0.1
#: While they answer, how long a new connection may wait for one of them before the server
#: takes it (seconds; a front worker holding connections may let one wait 0.05 s).
_GRACE = 0.1
#: Largest hand-off message: a head of MAX_HEAD and one read after it, with room to spare.
_LARGEST = 256 * 1024
_LOG = logging.getLogger("policykg")


class FrontDoor:
    """The listening socket and the hand-off socket pair (server end, workers' end)."""

    def __init__(self, listener: socket.socket) -> None:
        self.listener = listener
        self.listener.setblocking(False)
        self.ours, self.theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        for end in (self.ours, self.theirs):
            end.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _LARGEST)
            end.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, _LARGEST)
        self.ours.setblocking(False)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._accepting = False
        self._watching = False  # the front workers answer: watching for neglected connections
        self._timer: asyncio.TimerHandle | None = None
        self._late_timer: asyncio.TimerHandle | None = None
        self._server: uvicorn.Server | None = None
        self._pool: QueryPool | None = None

    @classmethod
    def bind(cls, host: str, port: int, backlog: int = 2048) -> FrontDoor:
        """Listen on host:port (uvicorn's defaults: address reuse, a backlog of 2048)."""
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        return cls(socket.create_server((host, port), family=family, backlog=backlog))

    @property
    def fds(self) -> tuple[int, int]:
        """What the pool sends each zygote: the listening socket and the workers' end."""
        return self.listener.fileno(), self.theirs.fileno()

    @staticmethod
    def front(settings: Settings, keep_alive: float) -> Front:
        """The front workers' configuration for the pool."""
        options = FrontOptions(
            settings,
            keep_alive,
            send_timeout=max(settings.query_timeout, 5),
            recycle_bytes=int(settings.front_recycle_mb * 1024 * 1024),
        )
        return Front(serve, timed_out, options, settings.sparql_front_workers)

    def open(self, server: uvicorn.Server, pool: QueryPool) -> None:
        """(In the server's loop, once uvicorn has started.) Receive handed connections,
        and accept while the front workers are not answering."""
        self._loop = asyncio.get_running_loop()
        self._server, self._pool = server, pool
        self._loop.add_reader(self.ours.fileno(), self._receive)
        self._check()

    def close(self) -> None:
        loop = self._loop
        if loop is None:
            return
        if self._timer is not None:
            self._timer.cancel()
        if self._late_timer is not None:
            self._late_timer.cancel()
        loop.remove_reader(self.ours.fileno())
        loop.remove_reader(self.listener.fileno())
        self._accepting = self._watching = False
        self._loop = None
        # The sockets stay open until the process exits: the pool, closed after this,
        # names them by descriptor number, which must not be reused meanwhile.

    # -- internals

    def _check(self) -> None:
        """Accept here exactly when no front worker answers from a current copy."""
        loop = self._loop
        if loop is None or self._pool is None:
            return
        try:
            wanted = not self._pool.front_active()
        except Exception:  # whatever went wrong there, the server must keep accepting
            _LOG.exception("cannot tell whether the front workers answer; accepting here")
            wanted = True
        if wanted and not self._accepting:
            self._cancel_late()
            loop.add_reader(self.listener.fileno(), self._accept)  # replaces a watcher
            self._watching = False
        elif self._accepting and not wanted:
            loop.remove_reader(self.listener.fileno())
            # the pool's workers that read the disk meanwhile become forks of the copy
            loop.run_in_executor(None, self._pool.settle)
        self._accepting = wanted
        if not wanted and not self._watching and self._late_timer is None:
            loop.add_reader(self.listener.fileno(), self._neglected)
            self._watching = True
        self._timer = loop.call_later(_CHECK, self._check)

    def _neglected(self) -> None:
        """A connection is waiting while the front workers answer: look again after
        `_GRACE` (not reading the socket meanwhile, so this costs one wake-up per grace
        period at most), and take whatever is still waiting then."""
        assert self._loop is not None
        self._loop.remove_reader(self.listener.fileno())
        self._watching = False
        self._late_timer = self._loop.call_later(_GRACE, self._take_neglected)

    def _take_neglected(self) -> None:
        self._late_timer = None
        if self._loop is None or self._accepting:
            return
        self._accept()  # only what no front worker took in the grace period
        self._loop.add_reader(self.listener.fileno(), self._neglected)
        self._watching = True

    def _cancel_late(self) -> None:
        if self._late_timer is not None:
            self._late_timer.cancel()
            self._late_timer = None

    def _accept(self) -> None:
        for _ in range(64):  # a burst of connections in one wake-up
            try:
                sock, _ = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return  # none left (or a front worker took it)
            except OSError as exc:  # out of descriptors, …: uvicorn would log it too
                _LOG.error("accept failed: %r", exc)
                return
            self._connect(sock, b"")

    def _receive(self) -> None:
        while True:
            try:
                data, fds, _, _ = socket.recv_fds(self.ours, _LARGEST, 4)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                _LOG.error("receiving a connection from a front worker failed: %r", exc)
                return
            if not fds:
                continue
            for extra in fds[1:]:
                socket.close(extra)
            self._connect(socket.socket(fileno=fds[0]), data)

    def _connect(self, sock: socket.socket, data: bytes) -> None:
        """Make the connection uvicorn's, as if it had accepted it, `data` read first."""
        assert self._loop is not None and self._server is not None
        sock.setblocking(False)
        server = self._server
        config = server.config
        loop = self._loop

        def protocol() -> asyncio.Protocol:
            made: asyncio.Protocol = config.http_protocol_class(  # type: ignore[call-arg]
                config=config,
                server_state=server.server_state,
                app_state=server.lifespan.state,
                _loop=loop,
            )
            return _replaying(made, data) if data else made

        task = loop.create_task(loop.connect_accepted_socket(protocol, sock))
        task.add_done_callback(_log_failure)


def _replaying(protocol: asyncio.Protocol, data: bytes) -> asyncio.Protocol:
    """`protocol`, given `data` as received right after it is connected."""
    made = protocol.connection_made

    def connection_made(transport: Any) -> None:
        made(transport)
        protocol.data_received(data)

    protocol.connection_made = connection_made  # type: ignore[method-assign]
    return protocol


def _log_failure(task: asyncio.Task[Any]) -> None:
    if not task.cancelled() and task.exception() is not None:
        _LOG.error("a connection could not be served: %r", task.exception())


class FrontServer(uvicorn.Server):
    """uvicorn on the door's socket: started with none of its own, it receives the
    connections the door accepts or is handed."""

    def __init__(self, config: uvicorn.Config, door: FrontDoor, pool: QueryPool) -> None:
        super().__init__(config)
        self.door = door
        self.pool = pool

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=[])
        self.door.open(self, self.pool)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.door.close()
        await super().shutdown(sockets)
