"""Real loopback servers for the crawl tests: a small fault-seeded website and a tiny DNS responder.

Both run in daemon threads of the test process; the crawler child process reaches them over 127.0.0.1.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

import dns.flags
import dns.message
import dns.rcode
import dns.rdatatype
import dns.rrset

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "crawl" / "site"
BIG_SIZE = 64 * 1024 * 1024  # the "large attachment": far more than a link check may download
CHUNK = 64 * 1024

WAF_412 = (
    "<html><head><meta charset='utf-8'><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=12345;"
    "$_ts.cd='qqqq';</script><script src='/abc/challenge.js'></script></head><body></body></html>"
)
WAF_200 = (
    "<html><head><meta charset='utf-8'><title>安全验证</title><script>var __jsl_clearance='1';"
    "document.cookie='__jsl_clearance=1';location.reload();</script></head><body>请开启JavaScript并刷新页面</body></html>"
)
SOFT_404 = (
    "<html><head><meta charset='utf-8'><title>提示信息</title></head><body><div class='msg'>"
    "抱歉，您访问的页面不存在！</div><a href='/'>返回首页</a></body></html>"
)


@dataclass
class ServerStats:
    hits: Counter[str] = field(default_factory=Counter)
    times: dict[str, list[float]] = field(default_factory=dict)  # monotonic time of every hit, per path
    bytes_sent: Counter[str] = field(default_factory=Counter)
    ranges: list[tuple[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class FaultHandler(BaseHTTPRequestHandler):
    """Static files of tests/fixtures/crawl/site (placeholders filled in) plus fault routes."""

    server: FaultServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else Nagle + delayed ACK add ~40 ms to every keep-alive response

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keep test output quiet
        return

    # -- helpers ---------------------------------------------------------------------------------------------
    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        self._count(len(body))

    def _count(self, n: int) -> None:
        with self.server.stats.lock:
            self.server.stats.bytes_sent[self.path_only] += n

    def _redirect(self, location: str, status: int = 302) -> None:
        self._send(status, b"", headers={"Location": location})

    def _stream(self, ctype: str, extra: dict[str, str] | None = None) -> None:
        """BIG_SIZE bytes, ignoring any Range header (as many old servers do), until the client hangs up."""
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(BIG_SIZE))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        chunk = b"\0" * CHUNK
        sent = 0
        try:
            while sent < BIG_SIZE:
                self.wfile.write(chunk)
                sent += CHUNK
                self._count(CHUNK)
        except OSError:
            self.close_connection = True

    # -- routes ----------------------------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802
        parts = urlsplit(self.path)
        self.path_only = unquote(parts.path)
        path, query = self.path_only, parts.query
        stats = self.server.stats
        with stats.lock:
            stats.hits[path] += 1
            stats.times.setdefault(path, []).append(time.monotonic())
            hits = stats.hits[path]
            if self.headers.get("Range"):
                stats.ranges.append((path, self.headers["Range"]))
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            self._send(code, f"<html><body><h1>{code}</h1></body></html>".encode())
        elif path == "/slow":
            time.sleep(self.server.slow_seconds)
            self._send(200, b"<html><body>slow</body></html>")
        elif path == "/waf412":
            self._send(412, WAF_412.encode())
        elif path == "/waf200":
            self._send(200, WAF_200.encode())
        elif path == "/soft404.html":
            self._send(200, SOFT_404.encode())
        elif path == "/gone.html":
            self._redirect("/")
        elif path == "/moved":
            self._redirect("/d1.html", 301)
        elif path == "/loop/a":
            self._redirect("/loop/b")
        elif path == "/loop/b":
            self._redirect("/loop/a")
        elif path.startswith("/chain/"):
            n = int(path.rsplit("/", 1)[1])
            self._redirect(f"/chain/{n + 1}")
        elif path == "/rl-once":
            if hits == 1:
                self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
            else:
                self._send(200, b"<html><head><title>ok after 429</title></head><body>ok</body></html>")
        elif path == "/rl-forever":
            self._send(429, b"slow down", "text/plain", {"Retry-After": "1"})
        elif path == "/busy503":
            self._send(503, b"busy", "text/plain", {"Retry-After": "1"})
        elif path == "/files/big.zip":
            self._stream("application/zip")
        elif path == "/download":
            self._stream("application/octet-stream",
                         {"Content-Disposition": 'attachment; filename="report.docx"'})
        elif path == "/ok.html":
            self._send(200, b"<html><head><title>external ok</title></head><body>ok</body></html>")
        else:
            self._static(path)

    def _static(self, path: str) -> None:
        rel = path.split(";", 1)[0].lstrip("/")
        target = (FIXTURES / rel) if rel else FIXTURES / "index.html"
        if target.is_dir():
            target = target / "index.html"
        try:
            target.resolve().relative_to(FIXTURES.resolve())
        except ValueError:
            target = FIXTURES / "nonexistent"
        if not target.is_file():
            self._send(404, b"<html><head><title>404 Not Found</title></head><body>nginx</body></html>")
            return
        body = target.read_bytes()
        for key, value in self.server.replacements.items():
            body = body.replace(key.encode(), value.encode())
        if target.suffix == ".pdf":
            ctype = "application/pdf"
        elif target.name == "gbk.html":
            ctype = "text/html"  # the charset is only in the <meta>, as on many old sites
        else:
            ctype = "text/html; charset=utf-8"
        self._send(200, body, ctype)


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, slow_seconds: float = 4.0, host: str = "127.0.0.1") -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        super().__init__((host, 0), FaultHandler)
        self.stats = ServerStats()
        self.slow_seconds = slow_seconds
        self.replacements: dict[str, str] = {}

    @property
    def port(self) -> int:
        return self.server_address[1]

    def handle_error(self, request: object, client_address: object) -> None:
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return  # the crawler hung up on purpose (stopped download, timeout)
        super().handle_error(request, client_address)  # type: ignore[arg-type]


S = TypeVar("S", bound=ThreadingHTTPServer)


@contextmanager
def serving(server: S) -> Iterator[S]:
    """Serve `server` from a daemon thread for the duration of the block, then shut it down and close it."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def fault_server(slow_seconds: float = 4.0, host: str = "127.0.0.1") -> Any:
    return serving(FaultServer(slow_seconds, host))


def closed_port() -> int:
    """A loopback port with nothing listening (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class DnsResponder:
    """UDP DNS on 127.0.0.1:<port>. zone: name → {"A": [...], "AAAA": [...]}; unknown names → NXDOMAIN;
    names in `blackhole` are never answered."""

    def __init__(self, zone: dict[str, dict[str, list[str]]], blackhole: set[str] | None = None) -> None:
        self.zone = {k.lower().rstrip("."): v for k, v in zone.items()}
        self.blackhole = {b.lower().rstrip(".") for b in (blackhole or set())}
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.queries: Counter[tuple[str, str]] = Counter()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def port(self) -> int:
        return self.sock.getsockname()[1]

    @property
    def spec(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                data, addr = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                query = dns.message.from_wire(data)
            except Exception:  # noqa: BLE001 - garbage in, nothing out
                continue
            question = query.question[0]
            name = question.name.to_text().lower().rstrip(".")
            rdtype = dns.rdatatype.to_text(question.rdtype)
            self.queries[(name, rdtype)] += 1
            if name in self.blackhole:
                continue
            reply = dns.message.make_response(query)
            reply.flags |= dns.flags.AA
            records = self.zone.get(name)
            if records is None:
                reply.set_rcode(dns.rcode.NXDOMAIN)
            else:
                addresses = records.get(rdtype, [])
                if addresses:
                    reply.answer.append(dns.rrset.from_text(question.name, 60, "IN", rdtype, *addresses))
            self.sock.sendto(reply.to_wire(), addr)

    def __enter__(self) -> DnsResponder:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()
