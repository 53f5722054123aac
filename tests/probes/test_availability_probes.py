"""Homepage probes against a real loopback server: each answer becomes the right probe outcome."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from inspector.probes.availability import probe_homepages, self_check
from inspector.probes.dns import parse_dns_spec

LOOPBACK = parse_dns_spec(None, allowed_networks=("127.0.0.0/8", "::1/128"))

ANSWERS = {
    "/ok": (200, {}, "<html><head><title>某县人民政府</title></head><body>" + "政务公开 " * 200 + "</body></html>"),
    "/limited": (429, {"Retry-After": "30"}, "too many requests"),
    "/busy": (503, {"Retry-After": "30"}, "busy"),
    "/down": (503, {}, "service unavailable"),
    "/waf": (412, {}, "<html><script>var $_ts=window['$_ts'];</script></html>"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        status, headers, body = ANSWERS[self.path]
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_probe_outcomes(server: str) -> None:
    refused = f"http://127.0.0.1:{_closed_port()}/"
    targets = [(1, server + "/ok"), (2, server + "/limited"), (3, server + "/busy"), (4, server + "/down"),
               (5, server + "/waf"), (6, refused)]
    probes = asyncio.run(probe_homepages(targets, LOOPBACK, attempts=2, interval=0.05, timeout=5))
    by_site: dict[int, set[tuple[bool, str]]] = {}
    for p in probes:
        by_site.setdefault(p.site_id or 0, set()).add((p.ok, p.outcome))
        assert p.at and p.kind == "homepage"
    assert len(probes) == 12
    assert by_site[1] == {(True, "ok")}
    assert by_site[2] == {(False, "rate_limited")}  # never counted as a failed visit
    assert by_site[3] == {(False, "rate_limited")}
    assert by_site[4] == {(False, "broken")}
    assert by_site[5] == {(False, "waf")}
    assert by_site[6] == {(False, "broken")}
    assert {p.error for p in probes if p.site_id == 6} == {"refused"}


def test_self_check_needs_one_reachable_reference(server: str) -> None:
    refused = f"http://127.0.0.1:{_closed_port()}/"
    assert asyncio.run(self_check([refused, server + "/ok"], LOOPBACK)).ok
    failed = asyncio.run(self_check([refused], LOOPBACK))
    assert not failed.ok and "refused" in failed.error


def test_allowed_networks_fence_blocks_other_addresses() -> None:
    fenced = parse_dns_spec(None, allowed_networks=("127.0.0.0/8",))
    probes = asyncio.run(probe_homepages([(1, "http://[::1]:9/")], fenced, attempts=1, timeout=2))
    assert not probes[0].ok and "blocked" in probes[0].error
