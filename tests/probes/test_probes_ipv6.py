"""IPv6 gatherer against real loopback sockets: HTTP servers on ::1 and 127.0.0.1, the farm's DNS responder."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import socketserver
import ssl
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from inspector.farm.nameserver import DnsResponder
from inspector.farm.sites import Addresses
from inspector.model import LinkRecord
from inspector.probes.dns import DnsConfig, parse_dns_spec
from inspector.probes.http import make_client
from inspector.probes.ipv6 import (
    LinkTarget,
    _fetch,
    discover_links,
    ipv6_self_check,
    link_levels,
    probe_dns,
    probe_homepage,
    probe_links,
    probe_site_links,
    probe_sites,
    same_site,
    spread,
    stub_target,
    usable_ipv6,
)

FENCE = ("127.0.0.0/8", "::1/128")
BIG = 50 * 1024 * 1024
GBK_PAGE = (
    '<html><head><meta charset="gb2312"><title>黄冈</title></head>'
    "<body><p>朱镕基  视察\n\n  喆 堃</p></body></html>"
).encode("gb18030")

ZONE = {
    "site.test": Addresses(("127.0.0.1",), ("::1",), ns=("ns1.site.test", "ns2.site.test")),
    "www.site.test": Addresses(("127.0.0.1",), ("::1",)),
    "ns1.site.test": Addresses(("127.0.0.1",), ("::1",)),
    "ns2.site.test": Addresses(("127.0.0.1",), ()),
    "v4only.test": Addresses(("127.0.0.1",), (), ns=("ns.v4only.test",)),
    "ns.v4only.test": Addresses(("127.0.0.1",), ()),
    "v6only.test": Addresses((), ("::1",)),
}


@dataclass
class Seen:
    """What the servers saw: (family, port, path, Host header, monotonic time) per request."""

    requests: list[tuple[int, int, str, str, float]] = field(default_factory=list)
    big_sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    cold: set[str] = field(default_factory=set)  # /cold/ paths served once already (a warm cache)

    def paths(self, family: int, path: str) -> list[tuple[int, int, str, str, float]]:
        return [r for r in self.requests if r[0] == family and r[2] == path]


def _page(title: str, body: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:  # noqa: N802
        fam, port, seen = self.server.family_tag, self.server.server_address[1], self.server.seen
        with seen.lock:
            seen.requests.append((fam, port, self.path, self.headers.get("Host", ""), time.monotonic()))
        path = self.path
        if path == "/":
            word = "IPv6" if fam == 6 else "IPv4"
            self._send(200, _page("某县人民政府", f"<p>{word}   首页\n 政务公开 </p>" + "<p>政务服务 信息公开</p>" * 20))
        elif path == "/gbk":
            self._send(200, GBK_PAGE, ctype="text/html")
        elif path == "/links/ok":
            self._send(200, _page("通知", "<p>关于开展检查的通知</p>" * 30))
        elif path == "/v6-502":
            if fam == 6:
                self._send(502, b"bad gateway")
            else:
                self._send(200, _page("文章", "<p>正文内容</p>" * 30))
        elif path == "/broken":
            self._send(404, b"not found")
        elif path == "/slow":
            time.sleep(2.0)
            self._send(200, _page("慢", "<p>slow</p>"))
        elif path == "/waf":
            self._send(412, b"<html><script>var $_ts=window['$_ts'];</script></html>")
        elif path == "/limited":
            self._send(429, b"too many", headers={"Retry-After": "30"})
        elif path == "/to-v4only":
            self._send(302, b"", headers={"Location": f"http://v4only.test:{port}/links/ok"})
        elif path == "/big":
            self._big()
        elif path == "/home":
            links = ('<a href="/l2/a.html">甲</a><a href="/l2/b.html">乙</a><a href="/files/doc.pdf">附件</a>'
                     f'<a href="http://v4only.test:{port}/x">外链</a><a href="mailto:a@b.test">邮件</a>')
            self._send(200, _page("首页", links))
        elif path == "/l2/a.html":
            self._send(200, _page("甲", '<a href="/l3/c.html">丙</a><a href="/l2/b.html">乙</a><a href="/home">首页</a>'))
        elif path == "/l2/b.html":
            self._send(200, _page("乙", '<a href="/l3/d.html">丁</a>'))
        elif path.startswith("/cold/"):  # the first request of each path is slow (a cold cache), later ones fast
            with seen.lock:
                first = path not in seen.cold
                seen.cold.add(path)
            if first:
                time.sleep(2.0)
            self._send(200, _page("文章", "<p>正文内容</p>" * 30))
        elif path == "/stub-meta" and fam == 6:  # the IPv6 entry page is a redirect stub
            self._send(200, b'<html><head><meta http-equiv="refresh" content="0;url=/"></head><body></body></html>')
        elif path == "/stub-js" and fam == 6:
            self._send(200, b'<html><head><script>window.location.href="/";</script></head><body></body></html>')
        elif path == "/stub-broken" and fam == 6:
            self._send(200, b'<html><head><meta http-equiv="refresh" content="0;url=/broken"></head></html>')
        elif path.startswith("/stub-"):  # IPv4: the portal itself
            self._send(200, _page("某县人民政府", "<p>IPv4 首页 政务公开</p>" + "<p>政务服务 信息公开</p>" * 20))
        else:
            self._send(404, b"not found")

    def _send(self, status: int, body: bytes, *, ctype: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _big(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(BIG))
        self.end_headers()
        chunk = b"%PDF" + b"0" * (64 * 1024 - 4)
        try:
            for _ in range(BIG // len(chunk)):
                self.wfile.write(chunk)
                with self.server.seen.lock:
                    self.server.seen.big_sent += len(chunk)
        except OSError:
            pass  # the client hung up, as it should

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, seen: Seen) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.family_tag = 6 if ":" in host else 4
        self.seen = seen
        super().__init__((host, port), _Handler)

    def server_bind(self) -> None:  # no getfqdn(): no reverse lookup of the bind address
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "localhost", self.server_address[1]


def _start(server: _Server) -> _Server:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _dual_stack(seen: Seen) -> tuple[_Server, _Server]:
    """Servers on ::1 and 127.0.0.1 sharing one port (a URL with a host name and port reaches either)."""
    for _ in range(20):
        v6 = _Server("::1", 0, seen)
        try:
            v4 = _Server("127.0.0.1", v6.server_address[1], seen)
        except OSError:
            v6.server_close()
            continue
        return _start(v6), _start(v4)
    raise RuntimeError("no port free on both ::1 and 127.0.0.1")


def _v4_only(seen: Seen) -> _Server:
    """A server on 127.0.0.1 whose port nothing uses on ::1: connecting over IPv6 is refused."""
    for _ in range(20):
        v4 = _Server("127.0.0.1", 0, seen)
        with socket.socket(socket.AF_INET6) as probe:
            if probe.connect_ex(("::1", v4.server_address[1])) != 0:
                return _start(v4)
        v4.server_close()
    raise RuntimeError("no port free on ::1")


class CountingZone(dict):  # type: ignore[type-arg]
    """The responder's zone, counting how often each name is asked for (one lookup per query)."""

    def __init__(self, zone: dict[str, Addresses]) -> None:
        super().__init__(zone)
        self.asked: Counter[str] = Counter()

    def get(self, name, default=None):  # type: ignore[no-untyped-def,override]
        self.asked[name] += 1
        return super().get(name, default)


def _tls_server(seen: Seen, sni: list[str], folder: Path) -> _Server:
    """HTTPS on ::1 only, certificate for www.site.test, recording the SNI names of the handshakes."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "www.site.test")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("www.site.test")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    context.sni_callback = lambda _sock, server_name, _ctx: sni.append(server_name)  # type: ignore[assignment,misc]
    for _ in range(20):
        server = _Server("::1", 0, seen)
        with socket.socket(socket.AF_INET) as probe:
            if probe.connect_ex(("127.0.0.1", server.server_address[1])) != 0:  # IPv4 must be refused
                server.socket = context.wrap_socket(server.socket, server_side=True)
                return _start(server)
        server.server_close()
    raise RuntimeError("no port free on 127.0.0.1")


@dataclass
class Net:
    config: DnsConfig
    port: int  # dual-stack port
    v4port: int  # IPv4-only port (IPv6 refused)
    tls_port: int  # https on ::1 only
    seen: Seen
    sni: list[str]
    dns_port: int
    zone: CountingZone


@pytest.fixture(scope="module")
def net(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Net]:
    seen, sni = Seen(), []
    v6, v4 = _dual_stack(seen)
    v4only = _v4_only(seen)
    tls = _tls_server(seen, sni, tmp_path_factory.mktemp("tls"))
    responder = DnsResponder(ZONE, "127.0.0.1", 0)
    responder.zone = zone = CountingZone(responder.zone)
    responder.start()
    config = parse_dns_spec(f"127.0.0.1:{responder.port}", allowed_networks=FENCE)
    try:
        yield Net(config, v6.server_address[1], v4only.server_address[1], tls.server_address[1], seen, sni,
                  responder.port, zone)
    finally:
        for server in (v6, v4, v4only, tls):
            server.shutdown()
            server.server_close()
        responder.stop()


@pytest.fixture()
def silent_dns() -> Iterator[int]:
    """A UDP port that receives queries and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    try:
        yield sock.getsockname()[1]
    finally:
        sock.close()


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


# --- usable addresses ----------------------------------------------------------------------------------------------


def test_usable_ipv6_is_global_unicast_or_inside_the_fence() -> None:
    assert usable_ipv6("2400:3200::1", ())
    assert usable_ipv6("240e:ff:e020::1", ("::1/128",))  # global stays usable with a fence
    for bad in ("fd00::1", "fe80::1", "::ffff:8.8.8.8", "2001:db8::1", "ff0e::1", "64:ff9b::808:808", "::1",
                "127.0.0.1", "8.8.8.8", "not-an-ip", ""):
        assert not usable_ipv6(bad, ()), bad
    assert usable_ipv6("::1", FENCE)
    assert not usable_ipv6("::ffff:127.0.0.1", FENCE)  # v4-mapped is IPv4 in disguise
    assert not usable_ipv6("fd00::1", ("::1/128",))


# --- self-check ----------------------------------------------------------------------------------------------------


def test_self_check_ok_over_ipv6(net: Net) -> None:
    before = len(net.seen.paths(6, "/links/ok"))
    refused = f"http://www.site.test:{net.v4port}/links/ok"
    good = f"http://www.site.test:{net.port}/links/ok"
    record = run(ipv6_self_check([refused, good], net.config, timeout=3))
    assert record.kind == "ipv6-self-check" and record.site_id is None and record.ok
    assert record.target == f"{refused} {good}"
    results = {r["url"]: r for r in record.data["results"]}
    assert results[good] == {"url": good, "ok": True, "address": "::1", "error": ""}
    assert results[refused]["ok"] is False and results[refused]["error"] == "refused"
    assert record.error == f"{refused}: refused"
    assert len(net.seen.paths(6, "/links/ok")) == before + 1


def test_self_check_fails_without_aaaa_or_when_refused(net: Net) -> None:
    no_aaaa = f"http://v4only.test:{net.port}/links/ok"
    refused = f"http://www.site.test:{net.v4port}/links/ok"
    v4_before = len(net.seen.paths(4, "/links/ok"))
    record = run(ipv6_self_check([no_aaaa, refused], net.config, timeout=3))
    assert not record.ok and record.outcome == "broken"
    assert [r["error"] for r in record.data["results"]] == ["dns: noanswer", "refused"]
    assert all(r["address"] == "" for r in record.data["results"])
    assert "dns: noanswer" in record.error and "refused" in record.error
    assert len(net.seen.paths(4, "/links/ok")) == v4_before  # never fell back to IPv4


# --- DNS -----------------------------------------------------------------------------------------------------------


def test_dns_dual_stack_with_zone_and_nameservers(net: Net) -> None:
    record = run(probe_dns(7, "www.site.test", net.config))
    assert record.kind == "ipv6-dns" and record.site_id == 7 and record.target == "www.site.test"
    assert record.ok and record.error == ""
    d = record.data
    assert (d["a"], d["a_error"], d["aaaa"], d["aaaa_error"], d["aaaa_usable"]) == (
        ["127.0.0.1"], "", ["::1"], "", ["::1"])
    assert isinstance(d["a_ms"], float) and isinstance(d["aaaa_ms"], float) and d["a_ms"] >= 0
    assert d["zone"] == "site.test" and d["ns_error"] == ""
    assert d["nameservers"] == [
        {"name": "ns1.site.test", "aaaa": ["::1"], "error": ""},
        {"name": "ns2.site.test", "aaaa": [], "error": "noanswer"},
    ]


def test_dns_timings_come_from_real_queries(net: Net) -> None:
    run(probe_dns(1, "ns1.site.test", net.config))  # warm every cache there is
    before = net.zone.asked["ns1.site.test"]
    record = run(probe_dns(1, "ns1.site.test", net.config))
    assert net.zone.asked["ns1.site.test"] - before >= 2  # A and AAAA asked again: a_ms/aaaa_ms are query times
    assert record.data["a_ms"] is not None and record.data["aaaa_ms"] is not None


def test_dns_noanswer_nxdomain_and_aaaa_only_kept_apart(net: Net) -> None:
    v4 = run(probe_dns(1, "v4only.test", net.config)).data
    assert not run(probe_dns(1, "v4only.test", net.config)).ok
    assert (v4["a"], v4["aaaa"], v4["aaaa_error"], v4["zone"]) == (["127.0.0.1"], [], "noanswer", "v4only.test")
    assert v4["nameservers"] == [{"name": "ns.v4only.test", "aaaa": [], "error": "noanswer"}]
    assert isinstance(v4["aaaa_ms"], float)  # a negative answer is an answer: timed

    missing = run(probe_dns(2, "nope.site.test", net.config))
    assert not missing.ok and missing.error == "nxdomain"
    assert (missing.data["a_error"], missing.data["aaaa_error"]) == ("nxdomain", "nxdomain")

    v6 = run(probe_dns(3, "V6ONLY.test.", net.config))
    assert v6.ok and v6.data["host"] == "v6only.test"
    assert (v6.data["a"], v6.data["a_error"], v6.data["aaaa_usable"]) == ([], "noanswer", ["::1"])
    assert v6.data["ns_error"] == "noanswer"  # no apex above it in the zone


def test_dns_timeout_is_not_nxdomain(net: Net, silent_dns: int) -> None:
    config = parse_dns_spec(f"127.0.0.1:{silent_dns}", allowed_networks=FENCE, timeout=0.6)
    started = time.monotonic()
    record = run(probe_dns(4, "www.site.test", config, timeout=0.6))
    assert time.monotonic() - started < 4
    d = record.data
    assert not record.ok and record.error == "timeout"
    assert (d["a_error"], d["aaaa_error"], d["ns_error"]) == ("timeout", "timeout", "timeout")
    assert d["a_ms"] is None and d["aaaa_ms"] is None and d["zone"] == ""


def test_dns_fence_marks_outside_addresses_blocked(net: Net) -> None:
    config = parse_dns_spec(f"127.0.0.1:{net.dns_port}", allowed_networks=("127.0.0.0/8",))
    record = run(probe_dns(5, "www.site.test", config))
    assert record.data["aaaa"] == ["::1"] and record.data["aaaa_error"] == "blocked"
    assert record.data["aaaa_usable"] == [] and not record.ok and record.error == "blocked"
    assert record.data["a_error"] == ""


def test_dns_ip_literal_and_localhost_need_no_lookup(net: Net) -> None:
    record = run(probe_dns(6, "http://[::1]:8080/", net.config))
    assert record.ok and record.data["aaaa"] == ["::1"] and record.data["a_error"] == "noanswer"
    system = parse_dns_spec(None, allowed_networks=FENCE)  # getaddrinfo path; localhost never reaches a server
    local = run(probe_dns(6, "localhost", system))
    assert local.ok and local.data["a"] == ["127.0.0.1"] and local.data["aaaa_usable"] == ["::1"]
    assert isinstance(local.data["a_ms"], float) and local.data["zone"] == ""


# --- homepage ------------------------------------------------------------------------------------------------------


def test_homepage_per_family_with_timings_and_text(net: Net) -> None:
    url = f"http://www.site.test:{net.port}/"
    dns_record = run(probe_dns(1, "www.site.test", net.config))
    before6, before4 = len(net.seen.paths(6, "/")), len(net.seen.paths(4, "/"))
    records = run(probe_homepage(1, url, dns_record, net.config, attempts=2, interval=0.3, timeout=3))
    assert [(r.kind, r.data["attempt"]) for r in records] == [
        ("ipv6-homepage", 0), ("ipv4-homepage", 0), ("ipv6-homepage", 1), ("ipv4-homepage", 1)]
    for r in records:
        assert r.ok and r.outcome == "ok" and r.http_status == 200 and r.target == url and r.site_id == 1
        assert r.data["family"] == (6 if r.kind == "ipv6-homepage" else 4)
        assert r.data["address"] == ("::1" if r.data["family"] == 6 else "127.0.0.1")
        assert r.data["final_url"] == url
        assert 0 < r.data["connect_ms"] <= r.data["ttfb_ms"] <= r.elapsed_ms + 0.1
    texts = [r.data.get("text") for r in records]
    assert texts[2] is None and texts[3] is None  # only the first ok record of each family keeps it
    assert texts[0].startswith("IPv6 首页 政务公开") and "IPv4" not in texts[0]
    assert texts[1].startswith("IPv4 首页 政务公开") and "\n" not in texts[1] and "  " not in texts[1]
    v6_seen = net.seen.paths(6, "/")[before6:]
    assert len(v6_seen) == 2 and len(net.seen.paths(4, "/")) - before4 == 2
    assert {r[3] for r in v6_seen} == {f"www.site.test:{net.port}"}  # Host header keeps the name
    assert v6_seen[1][4] - v6_seen[0][4] >= 0.25  # attempts `interval` apart


def test_pinned_address_is_really_used(net: Net) -> None:
    """v4only.test has no AAAA, yet pinned to ::1 the request arrives on the ::1 socket with its own Host."""
    async def go() -> int:
        async with make_client(net.config, timeout=3, pin={"v4only.test": "::1"}) as client:
            return (await client.get(f"http://v4only.test:{net.port}/links/ok")).status_code

    before = len(net.seen.paths(6, "/links/ok"))
    assert run(go()) == 200
    assert net.seen.paths(6, "/links/ok")[before:][0][3] == f"v4only.test:{net.port}"


def test_https_pinned_to_ipv6_keeps_sni_and_host(net: Net) -> None:
    url = f"https://www.site.test:{net.tls_port}/links/ok"
    dns_record = run(probe_dns(1, "www.site.test", net.config))
    net.sni.clear()
    v6, v4 = run(probe_homepage(1, url, dns_record, net.config, attempts=1, interval=0, timeout=3))
    assert v6.ok and v6.http_status == 200 and v6.data["address"] == "::1" and v6.data["connect_ms"] > 0
    assert net.sni == ["www.site.test"]  # TLS SNI carries the host name, not the pinned address
    assert net.seen.paths(6, "/links/ok")[-1][3] == f"www.site.test:{net.tls_port}"
    assert (v4.ok, v4.error) == (False, "refused")  # nothing listens on 127.0.0.1 for this port


def test_pinned_address_outside_the_fence_is_blocked(net: Net) -> None:
    config = parse_dns_spec(f"127.0.0.1:{net.dns_port}", allowed_networks=("127.0.0.0/8",))

    async def go() -> str:
        async with make_client(config, timeout=2, pin={"www.site.test": "::1"}) as client:
            try:
                await client.get(f"http://www.site.test:{net.port}/")
            except Exception as exc:  # noqa: BLE001
                return str(exc)
        return "fetched"

    assert run(go()).startswith("dns: blocked")


def test_homepage_refused_over_ipv6_and_gbk_text(net: Net) -> None:
    dns_record = run(probe_dns(1, "www.site.test", net.config))
    refused = run(probe_homepage(1, f"http://www.site.test:{net.v4port}/gbk", dns_record, net.config,
                                 attempts=1, interval=0, timeout=3))
    v6, v4 = refused
    assert (v6.kind, v6.ok, v6.error, v6.outcome, v6.http_status) == ("ipv6-homepage", False, "refused", "broken", None)
    assert v6.data["ttfb_ms"] is None and "text" not in v6.data and v6.data["final_url"] == ""
    assert v4.ok and v4.data["text"] == "朱镕基 视察 喆 堃"  # GBK-only characters decoded, whitespace collapsed


def test_homepage_502_waf_and_rate_limit(net: Net) -> None:
    dns_record = run(probe_dns(1, "www.site.test", net.config))

    def probe(path: str) -> list:  # type: ignore[type-arg]
        return run(probe_homepage(1, f"http://www.site.test:{net.port}{path}", dns_record, net.config,
                                  attempts=1, interval=0, timeout=3))

    v6, v4 = probe("/v6-502")
    assert (v6.ok, v6.http_status, v6.error, v6.outcome) == (False, 502, "http 502", "broken")
    assert v4.ok and v4.data["text"]
    assert {(r.outcome, r.error) for r in probe("/waf")} == {("waf", "waf challenge")}
    assert {r.outcome for r in probe("/limited")} == {"rate_limited"}


def test_homepage_without_usable_addresses_probes_nothing(net: Net) -> None:
    dns_record = run(probe_dns(1, "nope.site.test", net.config))
    assert run(probe_homepage(1, "http://nope.site.test/", dns_record, net.config, attempts=3, interval=0)) == []


def test_probe_sites_runs_dns_then_homepages(net: Net) -> None:
    done: list[int] = []
    targets = [(1, f"http://www.site.test:{net.port}/"), (2, f"http://v4only.test:{net.port}/")]
    records = run(probe_sites(targets, net.config, attempts=2, interval=0.05, timeout=3, progress=done.append))
    assert sorted(done) == [1, 2]
    kinds = [(r.site_id, r.kind) for r in records]
    assert kinds == [(1, "ipv6-dns"), (1, "ipv6-homepage"), (1, "ipv4-homepage"), (1, "ipv6-homepage"),
                     (1, "ipv4-homepage"), (2, "ipv6-dns"), (2, "ipv4-homepage"), (2, "ipv4-homepage")]
    assert all(r.ok for r in records if r.site_id == 1)
    assert records[5].data["aaaa_error"] == "noanswer" and records[6].ok


# --- link levels (pure) --------------------------------------------------------------------------------------------

HOME = "http://www.site.test/"


def _link(source: str, target: str, *, home: bool = False) -> LinkRecord:
    return LinkRecord(1, source, target, "", "a", "page", home)


def test_link_levels_distinct_ordered_capped() -> None:
    index = "http://www.site.test/index.html"
    a, b = "http://www.site.test/a.html", "http://www.site.test/b.html"
    links = [
        _link(HOME, a, home=True),
        _link(HOME, HOME, home=True),  # the homepage itself
        _link(HOME, "mailto:x@site.test", home=True),
        _link(index, b, home=True),  # homepage seen under its redirected URL
        _link(HOME, a, home=True),  # duplicate
        _link(HOME, "http://other.gov.cn/x", home=True),
        _link(HOME, "HTTP://File.Site.test/f.pdf#top", home=True),
        _link(HOME, index, home=True),  # an alias of the homepage
        _link(a, "http://www.site.test/c.html"),
        _link(a, b),  # level 2 already
        _link(a, HOME),
        _link(a, "http://www.site.test/d.html"),
        _link(b, "http://www.site.test/c.html"),
        _link(b, "http://notsite.test/e.html"),
        _link("http://www.site.test/z.html", "http://www.site.test/zz.html"),  # not from a level-2 page
        _link("http://www.site.test/c.html", "http://www.site.test/deep.html"),  # level 4
    ]
    targets, plan = link_levels(HOME, links, cap2=3, cap3=2)
    assert plan == {"level2_found": 4, "level2_probed": 3, "level3_found": 3, "level3_probed": 2, "cap2": 3,
                    "cap3": 2, "sampled": True}
    assert targets == [
        LinkTarget(2, a, HOME, True),
        LinkTarget(2, b, index, True),
        LinkTarget(2, "http://other.gov.cn/x", HOME, False),
        LinkTarget(3, "http://www.site.test/c.html", a, True),
        LinkTarget(3, "http://www.site.test/d.html", a, True),
    ]
    everything, plan = link_levels(HOME, links, cap2=10, cap3=10)
    assert [t.url for t in everything if t.level == 2][-1] == "http://file.site.test/f.pdf"
    assert [t.url for t in everything if t.level == 3][-1] == "http://notsite.test/e.html"
    assert plan["level2_probed"] == 4 and plan["level3_probed"] == 3 and plan["sampled"] is False
    assert link_levels(HOME, [], cap2=5, cap3=5) == ([], {"level2_found": 0, "level2_probed": 0, "level3_found": 0,
                                                         "level3_probed": 0, "cap2": 5, "cap3": 5, "sampled": False})


def test_same_site() -> None:
    assert same_site(HOME, "http://www.site.test/x")
    assert same_site(HOME, "https://site.test/x")
    assert same_site(HOME, "http://file.site.test/a.pdf")
    assert not same_site(HOME, "http://notsite.test/")
    assert not same_site(HOME, "http://site.test.evil.cn/")
    assert same_site("http://hm.gov.cn.test/", "http://file.hm.gov.cn.test/x.doc")


# --- link probes ---------------------------------------------------------------------------------------------------


def test_link_probes_classify_ipv6_failures(net: Net) -> None:
    p, q = net.port, net.v4port
    urls = {
        "ok": f"http://www.site.test:{p}/links/ok",
        "no_aaaa": f"http://v4only.test:{p}/links/ok",
        "refused": f"http://www.site.test:{q}/links/ok",
        "502": f"http://www.site.test:{p}/v6-502",
        "slow": f"http://www.site.test:{p}/slow",
        "broken": f"http://www.site.test:{p}/broken",
        "waf": f"http://www.site.test:{p}/waf",
        "hop": f"http://www.site.test:{p}/to-v4only",
        "big": f"http://www.site.test:{p}/big",
        "v6only": f"http://v6only.test:{p}/links/ok",
    }
    targets = [LinkTarget(2 if i % 2 else 3, url, HOME, "www." in url) for i, url in enumerate(urls.values())]
    waf_v4_before = len(net.seen.paths(4, "/waf"))
    started = time.monotonic()
    records = run(probe_links(9, targets, net.config, timeout=0.8))
    assert time.monotonic() - started < 6
    assert [r.target for r in records] == list(urls.values())
    got = dict(zip(urls, records))
    for r, t in zip(records, targets):
        assert r.kind == "ipv6-link" and r.site_id == 9 and r.at
        assert (r.data["level"], r.data["source"], r.data["same_site"]) == (t.level, HOME, t.same_site)

    def row(name: str) -> tuple:  # type: ignore[type-arg]
        r = got[name]
        return r.ok, r.error, r.outcome, r.data["ipv4_ok"], r.data["ipv4_error"]

    assert row("ok") == (True, "", "ok", None, "") and got["ok"].data["address"] == "::1"
    assert row("v6only") == (True, "", "ok", None, "")
    assert row("no_aaaa") == (False, "dns: noanswer", "broken", True, "")
    assert got["no_aaaa"].data["address"] == ""
    assert row("refused") == (False, "refused", "broken", True, "")
    assert (got["refused"].data["ipv6_first_error"], got["refused"].data["ipv6_retry_error"]) == ("refused", "refused")
    assert "ipv6_retry_error" not in got["broken"].data and "ipv6_retry_error" not in got["ok"].data
    assert row("502") == (False, "http 502", "broken", True, "") and got["502"].http_status == 502
    assert got["502"].data["address"] == "::1"
    assert row("slow") == (False, "read timeout", "broken", False, "read timeout")  # connected, no answer in time
    assert row("broken") == (False, "http 404", "broken", False, "http 404")  # a broken link, not an IPv6 one
    assert row("waf") == (False, "waf challenge", "waf", None, "")
    assert len(net.seen.paths(4, "/waf")) == waf_v4_before  # undecidable: no IPv4 retry
    assert row("hop") == (False, "dns: noanswer", "broken", True, "")  # the redirect hop has no AAAA
    assert row("big") == (True, "", "ok", None, "")
    assert net.seen.big_sent < BIG // 4  # the attachment was not downloaded


def test_link_probes_rest_between_requests_to_one_host(net: Net) -> None:
    """A real run is polite: one host slot rests `delay` seconds after each request; other hosts don't wait."""
    same = [LinkTarget(2, f"http://www.site.test:{net.port}/links/ok", HOME, True)] * 3
    started = time.monotonic()
    records = run(probe_links(1, same, net.config, timeout=2, per_host=1, delay=0.3))
    assert all(r.ok for r in records)
    assert time.monotonic() - started >= 0.85  # three requests, one at a time, 0.3 s rest after each
    started = time.monotonic()
    run(probe_links(1, same, net.config, timeout=2, per_host=1))
    assert time.monotonic() - started < 0.85


def test_probe_site_links_adds_the_plan_record(net: Net) -> None:
    home = f"http://www.site.test:{net.port}/"
    links = [_link(home, f"http://www.site.test:{net.port}/links/ok", home=True),
             _link(home, f"http://v4only.test:{net.port}/links/ok", home=True)]
    records = run(probe_site_links(3, home, links, net.config, cap2=1, cap3=5, timeout=2))
    assert [r.kind for r in records] == ["ipv6-link-plan", "ipv6-link"]
    plan = records[0]
    assert (plan.ok, plan.target, plan.site_id) == (True, home, 3)
    assert plan.data == {"level2_found": 2, "level2_probed": 1, "level3_found": 0, "level3_probed": 0, "cap2": 1,
                         "cap3": 5, "sampled": True}


def test_discover_links_feeds_link_levels(net: Net) -> None:
    home = f"http://www.site.test:{net.port}/home"
    records = run(discover_links(home, net.config, cap2=10, cap3=10, timeout=3))
    assert {r.site_id for r in records} == {0}
    assert all(r.on_homepage == (r.source == home) for r in records)
    targets, plan = link_levels(home, records, cap2=10, cap3=10)
    base = f"http://www.site.test:{net.port}"
    assert [t.url for t in targets if t.level == 2] == [
        f"{base}/l2/a.html", f"{base}/l2/b.html", f"{base}/files/doc.pdf", f"http://v4only.test:{net.port}/x"]
    assert [(t.url, t.source) for t in targets if t.level == 3] == [
        (f"{base}/l3/c.html", f"{base}/l2/a.html"), (f"{base}/l3/d.html", f"{base}/l2/b.html")]
    assert plan["level2_found"] == 4 and plan["level3_found"] == 2
    kinds = {r.target: r.kind for r in records}
    assert kinds[f"{base}/files/doc.pdf"] == "attachment" and kinds[f"http://v4only.test:{net.port}/x"] == "external"
    fetched = {r[2] for r in net.seen.requests}
    assert "/files/doc.pdf" not in fetched and "/x" not in fetched and "/l3/c.html" not in fetched
    capped = run(discover_links(home, net.config, cap2=1, cap3=10, timeout=3))
    assert [t.url for t in link_levels(home, capped, cap2=10, cap3=10)[0] if t.level == 3] == [f"{base}/l3/c.html"]


def test_discover_links_unreadable_homepage_gives_nothing(net: Net) -> None:
    assert run(discover_links(f"http://nope.site.test:{net.port}/", net.config, cap2=5, cap3=5, timeout=2)) == []


# --- review fixes: retries, timeouts, unusable addresses, stubs, sampling -----------------------------------------


def test_ipv6_failure_is_retried_after_ipv4_worked(net: Net) -> None:
    """A cold cache: the first request of a page is slower than the timeout whatever the family. IPv6 goes first and
    times out after connecting (read timeout); IPv4 then finds the page warm; the IPv6 retry loads it: no failure."""
    urls = [f"http://www.site.test:{net.port}/cold/{i}.html" for i in range(3)]
    records = run(probe_links(1, [LinkTarget(3, u, HOME, True) for u in urls], net.config, timeout=0.8))
    for r in records:
        assert r.ok and r.outcome == "ok" and r.error == "", (r.error, r.data)
        assert r.data["ipv6_first_error"] == "read timeout" and r.data["ipv6_retry_error"] == ""
        assert r.data["ipv4_ok"] is True and r.data["address"] == "::1"
        path = urlsplit(r.target).path
        assert [fam for fam, *_rest in net.seen.requests if _rest[1] == path] == [6, 4, 6]


def test_repeatable_ipv6_failure_records_both_attempts(net: Net) -> None:
    before6, before4 = len(net.seen.paths(6, "/v6-502")), len(net.seen.paths(4, "/v6-502"))
    [r] = run(probe_links(1, [LinkTarget(2, f"http://www.site.test:{net.port}/v6-502", HOME, True)], net.config,
                          timeout=2))
    assert (r.ok, r.error, r.http_status, r.data["ipv4_ok"]) == (False, "http 502", 502, True)
    assert (r.data["ipv6_first_error"], r.data["ipv6_retry_error"]) == ("http 502", "http 502")
    assert len(net.seen.paths(6, "/v6-502")) - before6 == 2 and len(net.seen.paths(4, "/v6-502")) - before4 == 1


def test_read_timeout_and_connect_timeout_are_told_apart(net: Net) -> None:
    """A server that accepts and never answers gives "read timeout"; a listener whose queue is full (SYNs dropped)
    gives "timeout" (the connection was never made)."""
    async def fetch(url: str) -> str:
        async with make_client(net.config, timeout=0.6, rdtypes=("AAAA",)) as client:
            return (await _fetch(client, url, limit=1024, timeout=0.6)).error

    assert run(fetch(f"http://www.site.test:{net.port}/slow")) == "read timeout"
    full = socket.socket(socket.AF_INET6)
    full.bind(("::1", 0))
    full.listen(0)
    fillers = []
    try:
        port = full.getsockname()[1]
        for _ in range(4):  # fill the accept queue: the kernel drops later SYNs
            filler = socket.socket(socket.AF_INET6)
            filler.setblocking(False)
            filler.connect_ex(("::1", port))
            fillers.append(filler)
        time.sleep(0.2)
        assert run(fetch(f"http://www.site.test:{port}/")) == "timeout"
    finally:
        for filler in fillers:
            filler.close()
        full.close()


def test_connection_to_an_unusable_address_is_no_ipv6_support(net: Net) -> None:
    """Without the demo fence ::1 is not a usable address (like a NAT64 address from a DNS64 resolver): a link
    reached on it is not an IPv6 success, and the self-check does not count such a reference."""
    unfenced = parse_dns_spec(f"127.0.0.1:{net.dns_port}")
    url = f"http://www.site.test:{net.port}/links/ok"
    [r] = run(probe_links(1, [LinkTarget(2, url, HOME, True)], unfenced, timeout=2))
    assert (r.ok, r.error, r.outcome, r.data["unusable"], r.data["address"]) == (
        False, "dns: unusable", "broken", ["::1"], "::1")
    assert r.data["ipv4_ok"] is True and r.data["ipv6_retry_error"] == "dns: unusable"

    record = run(ipv6_self_check([url, f"http://[::1]:{net.port}/links/ok"], unfenced, timeout=2))
    assert not record.ok
    assert [(x["ok"], x["address"], x["error"]) for x in record.data["results"]] == [
        (False, "::1", "dns: unusable"), (False, "::1", "dns: unusable")]
    assert run(ipv6_self_check([url], net.config, timeout=2)).ok  # the demo fence makes ::1 count


@pytest.mark.parametrize("path", ["/stub-meta", "/stub-js"])
def test_homepage_redirect_stub_is_followed_one_hop_over_the_same_family(net: Net, path: str) -> None:
    url = f"http://www.site.test:{net.port}{path}"
    dns_record = run(probe_dns(1, "www.site.test", net.config))
    before6, before4 = len(net.seen.paths(6, "/")), len(net.seen.paths(4, "/"))
    v6, v4 = run(probe_homepage(1, url, dns_record, net.config, attempts=1, interval=0, timeout=3))
    assert v6.ok and v6.data["redirect_stub"] == url and "stub_error" not in v6.data
    assert v6.data["final_url"] == f"http://www.site.test:{net.port}/"
    assert v6.data["text"].startswith("IPv6 首页 政务公开")  # the page the stub sends to, fetched over IPv6
    assert len(net.seen.paths(6, "/")) - before6 == 1 and len(net.seen.paths(4, "/")) == before4
    assert v4.ok and "redirect_stub" not in v4.data and v4.data["text"].startswith("IPv4 首页")


def test_homepage_stub_whose_target_fails_keeps_the_stub(net: Net) -> None:
    url = f"http://www.site.test:{net.port}/stub-broken"
    dns_record = run(probe_dns(1, "www.site.test", net.config))
    v6, _v4 = run(probe_homepage(1, url, dns_record, net.config, attempts=1, interval=0, timeout=3))
    assert v6.ok and v6.data["redirect_stub"] == url and v6.data["stub_error"] == "http 404"
    assert v6.data["text"] == "" and v6.data["final_url"] == url


def test_stub_target_only_for_short_redirecting_pages() -> None:
    refresh = b'<html><head><meta http-equiv="refresh" content="0;url=/index.html"></head><body></body></html>'
    assert stub_target(HOME, refresh, "text/html", "") == "http://www.site.test/index.html"
    assert stub_target(HOME, refresh, "text/html", "政务公开" * 100) is None  # a real page with a refresh tag
    self_refresh = b'<html><head><meta http-equiv="refresh" content="300"></head><body>x</body></html>'
    assert stub_target(HOME, self_refresh, "text/html", "x") is None  # reloads itself: no stub
    assert stub_target(HOME, b"<html><body><a href='/a'>a</a></body></html>", "text/html", "a") is None


def test_link_levels_sample_evenly_over_the_page() -> None:
    links = [_link(HOME, f"http://www.site.test/{i}.html", home=True) for i in range(10)]
    links += [_link("http://www.site.test/0.html", f"http://www.site.test/deep/{i}.html") for i in range(7)]
    targets, plan = link_levels(HOME, links, cap2=4, cap3=3)
    assert [t.url for t in targets if t.level == 2] == [f"http://www.site.test/{i}.html" for i in (0, 2, 5, 7)]
    assert [t.url for t in targets if t.level == 3] == [f"http://www.site.test/deep/{i}.html" for i in (0, 2, 4)]
    assert plan["sampled"] is True and (plan["level2_probed"], plan["level3_probed"]) == (4, 3)
    assert spread(list(range(5)), 5) == [0, 1, 2, 3, 4] and spread(list(range(5)), 0) == []
    assert spread(list(range(1000)), 3) == [0, 333, 666]
