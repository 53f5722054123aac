"""Serving the farm: a name-based virtual-host HTTP server on 127.0.0.1 and ::1 (same port), a second one on
127.0.0.1 only (its own port, for the hosts that refuse IPv6 connections) and the DNS responder, all in
background daemon threads. Each request tells the host app the address family it arrived on (`Request.family`).

`run_farm(farm, ...)` starts both and returns a `FarmRunning`; it is a context manager (`with run_farm(f)
as running:` stops everything on exit) and can also be kept running: `running = run_farm(f)`, then
`running.wait()` (blocks until `running.stop()`, e.g. from a signal handler) and `running.stop()`.
"""

from __future__ import annotations

import errno
import logging
import socket
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, unquote_to_bytes, urlsplit

from inspector.farm import manifest as manifest_mod
from inspector.farm.base import Ctx, Reply, Request, not_found_page
from inspector.farm.files import LazyBody
from inspector.farm.nameserver import DnsResponder
from inspector.farm.sites import Farm
from inspector.media.accounts import Account
from inspector.model import Site

logger = logging.getLogger(__name__)

RATE_WINDOW = 10.0  # seconds: a retry within this window of a 429 succeeds
RETRY_AFTER = "1"
CHUNK = 64 * 1024
MAX_BODY = 1024 * 1024


class _App:
    """State shared by the request handlers of both listening sockets."""

    def __init__(self, farm: Farm, ctx: Ctx, slow_seconds: float) -> None:
        self.farm = farm
        self.ctx = ctx
        self.slow_seconds = slow_seconds
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._first_429: dict[str, float] = {}

    def throttled(self, key: str) -> bool:
        """True (answer 429) unless this URL got its 429 less than RATE_WINDOW seconds ago."""
        now = time.monotonic()
        with self._lock:
            first = self._first_429.get(key)
            if first is not None and now - first < RATE_WINDOW:
                return False
            self._first_429[key] = now
            return True


class _Server(ThreadingHTTPServer):
    address_family = socket.AF_INET
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    app: _App
    family = 4  # what the host apps are told (Request.family)
    ipv4_only = False  # the 127.0.0.1-only listener

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Hang up on open (keep-alive) connections so nothing is served after stop()."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse lookup we do not want.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        logger.debug("farm http: error serving %s", client_address, exc_info=True)


class _Server6(_Server):
    address_family = socket.AF_INET6
    family = 6


def _host_of(header: str) -> str:
    host = header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _decode_path(raw: str) -> str:
    data = unquote_to_bytes(raw)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _parse_range(header: str, size: int) -> tuple[int, int] | None | bool:
    """(start, end) half-open for a single satisfiable range; None if unsatisfiable; False to ignore."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        return False
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return False
    try:
        if first == "":
            length = int(last)
            if length <= 0:
                return None
            return max(0, size - length), size
        start = int(first)
        end = int(last) + 1 if last else size
    except ValueError:
        return False
    if start >= size or end <= start:
        return None
    return start, min(end, size)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go in separate writes: avoid the 40 ms delayed-ACK stall
    server_version = "FarmHTTPD/1.0"
    sys_version = ""
    timeout = 30  # idle keep-alive connections are dropped after this
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._handle()

    def do_HEAD(self) -> None:  # noqa: N802
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        self._handle()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        logger.debug("farm http %s %s", self.address_string(), format % args)

    def _read_body(self) -> bytes:
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY:
            self.close_connection = True
        return self.rfile.read(min(length, MAX_BODY)) if length > 0 else b""

    def _handle(self) -> None:
        app = self.server.app
        body = self._read_body()
        split = urlsplit(self.path)
        host = _host_of(self.headers.get("Host", "") or split.netloc)
        form: dict[str, str] = {}
        if self.command == "POST" and body:
            form = dict(parse_qsl(body.decode("latin-1"), keep_blank_values=True))
        req = Request(
            method=self.command, host=host, path=_decode_path(split.path or "/"),
            query=dict(parse_qsl(split.query, keep_blank_values=True)), form=form, raw_query=split.query,
            family=self.server.family,
        )
        try:
            if app.farm.serves(host, req.family, self.server.ipv4_only):
                reply = app.farm.respond(req, app.ctx)
            else:  # a virtual host this listener does not have: like any unknown host
                reply = Reply(status=404, body=not_found_page().encode(), content_type="text/html; charset=utf-8")
        except Exception:  # a generator bug must not kill the connection thread silently
            logger.exception("farm http: cannot build %s %s%s", self.command, host, self.path)
            reply = Reply(status=500, body=b"farm error", content_type="text/plain; charset=utf-8")
        if reply.slow and app.stopping.wait(app.slow_seconds):
            self.close_connection = True
            return
        if reply.rate_limited and app.throttled(f"{host}{self.path}"):
            reply = Reply(status=429, body="<html><body><h1>429 请求过于频繁</h1></body></html>".encode(),
                          headers=(("Retry-After", RETRY_AFTER),))
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        body = reply.body
        size = len(body) if isinstance(body, bytes) else body.size
        status, start, end = reply.status, 0, size
        headers = list(reply.headers)
        if reply.ranges:
            headers.append(("Accept-Ranges", "bytes"))
            wanted = self.headers.get("Range")
            if wanted and status == 200:
                span = _parse_range(wanted, size)
                if span is None:
                    status, start, end = 416, 0, 0
                    headers.append(("Content-Range", f"bytes */{size}"))
                elif span is not False:
                    assert isinstance(span, tuple)
                    status, (start, end) = 206, span
                    headers.append(("Content-Range", f"bytes {start}-{end - 1}/{size}"))
        self.send_response(status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(end - start))
        for name, value in headers:
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD" or end <= start:
            return
        try:
            if isinstance(body, LazyBody):
                for pos in range(start, end, CHUNK):
                    self.wfile.write(body.read(pos, min(pos + CHUNK, end)))
            else:
                self.wfile.write(body[start:end])
        except (BrokenPipeError, ConnectionResetError):
            logger.debug("farm http: client went away during %s", self.path)
            self.close_connection = True


def _bind_ipv4_only(port: int) -> tuple[_Server, socket.socket | None]:
    """Bind 127.0.0.1 on `port` (ephemeral if 0) and hold ::1 on the same port without listening, so that
    IPv6 connections to it are refused (and no other program can take it). The holder is None without ::1."""
    attempts = 1 if port else 8
    for _ in range(attempts):
        v4 = _Server(("127.0.0.1", port), _Handler)
        v4.ipv4_only = True
        actual = v4.server_address[1]
        holder = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        try:
            holder.bind(("::1", actual))
        except OSError as exc:
            holder.close()
            if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                logger.warning("farm http: no IPv6 loopback (%s); IPv4-only listener without a ::1 holder", exc)
                return v4, None
            v4.server_close()
            if port:
                raise
            logger.debug("farm http: ::1 port %d taken, retrying the IPv4-only listener", actual)
            continue
        return v4, holder
    raise OSError("farm http: could not hold ::1 on the IPv4-only listener's port")


def _bind(port: int) -> list[_Server]:
    """Bind 127.0.0.1 and ::1 on the same port (an ephemeral one if port is 0)."""
    attempts = 1 if port else 8
    for _ in range(attempts):
        v4 = _Server(("127.0.0.1", port), _Handler)
        actual = v4.server_address[1]
        try:
            v6 = _Server6(("::1", actual), _Handler)
        except OSError as exc:
            if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                logger.warning("farm http: no IPv6 loopback (%s); serving 127.0.0.1 only", exc)
                servers = [v4]
                break
            v4.server_close()
            if port:
                raise
            logger.debug("farm http: ::1 port %d taken, retrying", actual)
            continue
        servers = [v4, v6]
        break
    else:
        raise OSError("farm http: could not bind 127.0.0.1 and ::1 on a common port")
    return servers


class FarmRunning:
    """A started farm: HTTP on 127.0.0.1 and ::1 (`http_port`), HTTP on 127.0.0.1 only (`ipv4_only_port`, for
    the hosts in `farm.ipv4_only_hosts`), DNS on 127.0.0.1. Stop with `stop()` or `with`."""

    def __init__(self, farm: Farm, http_port: int = 0, dns_port: int = 0, slow_seconds: float = 30.0,
                 ipv4_only_port: int = 0) -> None:
        self.farm = farm
        self._wanted_http, self._wanted_dns, self._wanted_v4 = http_port, dns_port, ipv4_only_port
        self.slow_seconds = slow_seconds
        self.http_port = 0
        self.ipv4_only_port = 0
        self.dns_port = 0
        self._holder: socket.socket | None = None
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self._dns: DnsResponder | None = None
        self._app: _App | None = None
        self._stopped = threading.Event()

    # -- lifecycle ------------------------------------------------------------------------------
    def start(self) -> FarmRunning:
        """Bind and serve (idempotent)."""
        if self._servers:
            return self
        dns = DnsResponder(self.farm.zone(), "127.0.0.1", self._wanted_dns)
        try:
            servers = _bind(self._wanted_http)
        except OSError:
            dns.sock.close()
            raise
        try:
            v4_only, holder = _bind_ipv4_only(self._wanted_v4)
        except OSError:
            for server in servers:
                server.server_close()
            dns.sock.close()
            raise
        servers.append(v4_only)
        self._holder = holder
        self.http_port = servers[0].server_address[1]
        self.ipv4_only_port = v4_only.server_address[1]
        app = _App(self.farm, self.farm.ctx(self.http_port, self.ipv4_only_port), self.slow_seconds)
        for server in servers:
            server.app = app
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                                      name=f"farm-http-{server.server_address[0]}-{server.server_address[1]}",
                                      daemon=True)
            thread.start()
            self._threads.append(thread)
        self._servers, self._app, self._dns = servers, app, dns.start()
        self.dns_port = dns.port
        self._stopped.clear()
        logger.info("farm serving http port %d on %s, port %d on 127.0.0.1 only, dns %s, %d pages", self.http_port,
                    ", ".join(str(s.server_address[0]) for s in servers if not s.ipv4_only), self.ipv4_only_port,
                    self.dns_spec, self.farm.page_count())
        return self

    def stop(self) -> None:
        """Stop serving and release the ports (idempotent)."""
        if self._app is not None:
            self._app.stopping.set()
        for server in self._servers:
            server.shutdown()
            server.server_close()
            server.close_connections()
        for thread in self._threads:
            thread.join(timeout=2)
        if self._dns is not None:
            self._dns.stop()
        if self._holder is not None:
            self._holder.close()
        self._servers, self._threads, self._dns, self._holder = [], [], None, None
        self._stopped.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until `stop()` is called (True) or the timeout passes (False)."""
        return self._stopped.wait(timeout)

    def __enter__(self) -> FarmRunning:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- what clients need ----------------------------------------------------------------------
    @property
    def dns_spec(self) -> str:
        return f"127.0.0.1:{self.dns_port}"

    @property
    def ctx(self) -> Ctx:
        """The URL context of the running farm (the right port for every host)."""
        return self.farm.ctx(self.http_port, self.ipv4_only_port)

    def port_for(self, host: str) -> int:
        """The HTTP port `host` is served on."""
        return self.ctx.port_for(host)

    def url(self, host: str, path: str = "/") -> str:
        return self.ctx.url(host, path)

    def registry(self) -> list[Site]:
        return manifest_mod.registry(self.farm, self.http_port, self.ipv4_only_port)

    def accounts(self) -> list[Account]:
        """The demo's 政务新媒体 account registry, every 数据源 at this farm's ports."""
        return self.farm.accounts(self.http_port, self.ipv4_only_port)

    def manifest(self) -> dict[str, Any]:
        data = manifest_mod.manifest(self.farm, self.http_port, self.dns_spec, self.ipv4_only_port)
        data["slow_seconds"] = self.slow_seconds
        return data

    def write_manifest(self, path: str | Path) -> Path:
        return manifest_mod.write_manifest(self.manifest(), path)

    def write_registry_csv(self, path: str | Path) -> Path:
        return manifest_mod.write_registry_csv(self.registry(), path)

    def write_accounts_csv(self, path: str | Path) -> Path:
        return manifest_mod.write_accounts_csv(self.accounts(), path)


def run_farm(farm: Farm, http_port: int = 0, dns_port: int = 0, slow_seconds: float = 30.0,
             ipv4_only_port: int = 0) -> FarmRunning:
    """Start serving `farm` and return the running handle (also a context manager that stops it)."""
    return FarmRunning(farm, http_port, dns_port, slow_seconds, ipv4_only_port).start()
