"""IPv6 gatherer (issue 3): the inspector's own IPv6 connectivity, DNS facts, per-address homepage probes and
IPv6-only link probes. Every measurement becomes a ProbeRecord (kinds ipv6-self-check, ipv6-dns, ipv6-homepage,
ipv4-homepage, ipv6-link-plan, ipv6-link; see notes/ipv6-spec.md "Probe records"); nothing here judges.

How the family is forced: the httpx client of inspector.probes.http resolves host names itself, so a client made
with ``rdtypes=("AAAA",)`` can only ever connect to IPv6 addresses (redirect hops to other hosts included), and
``pin={host: address}`` sends the TCP connection of `host` to one given address while the URL, the Host header
and the TLS SNI keep the host name.

Timings of one request (from httpx's ``trace`` extension, all in milliseconds):
- ``connect_ms``: TCP connect (+ TLS handshake for https) of the first connection of the request;
- ``ttfb_ms``: from the start of the request to the first response's headers (connect included), i.e. the
  latency of the probed address itself (a redirect's later hops are not part of it);
- ``elapsed_ms``: the whole request, redirects and body included.

DNS with the system resolver (a DnsConfig that names no server): A/AAAA come from ``getaddrinfo`` (what the
probes will connect to; /etc/hosts applies); their timings then include whatever caching the host does (nscd,
systemd-resolved), so they are not query times. getaddrinfo cannot tell "no such name" from "no record of this
type" reliably, so a failed lookup is re-asked with dnspython configured from /etc/resolv.conf to classify it;
the zone apex and name servers also come from that dnspython resolver. Without a readable resolv.conf the
error kinds are getaddrinfo's best guess and ``ns_error`` is "unsupported". Names only in /etc/hosts have no zone.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import ipaddress
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import dns.asyncresolver
import dns.exception
import dns.name
import dns.nameserver
import dns.resolver
import httpx

from inspector.extract import decode_body, extract_links, extract_page, parse_html, visible_text
from inspector.extract.classify import SOFT_404, WAF, classify_tree
from inspector.extract.links import HOW_LOCATION_SCRIPT, HOW_META_REFRESH
from inspector.model import LinkRecord, Outcome, ProbeRecord
from inspector.probes.dns import DnsConfig, DnsError, address_allowed, resolve_host
from inspector.probes.http import READ_TIMEOUT, describe_error, describe_timeout, make_client
from spiders.outcome import host_key, is_attachment_url, is_html_type, is_http, link_kind, norm_url

logger = logging.getLogger(__name__)

#: Real dual-stack reference sites for the inspector's own IPv6 self-check (never used in the demo or tests).
DEFAULT_IPV6_SELF_CHECK_URLS = ("https://www.gov.cn/", "https://www.baidu.com/")

MAX_ADDRESSES = 4  # per family, per site
TEXT_LIMIT = 50_000  # characters of homepage text kept for the consistency check
PAGE_BODY_LIMIT = 2 * 1024 * 1024  # bytes read of a homepage / level-2 page
LINK_BODY_LIMIT = 64 * 1024  # bytes read of a probed link: enough to classify, never a whole attachment
MAX_NAMESERVERS = 8
FAMILY_RDTYPES: dict[int, tuple[str, ...]] = {6: ("AAAA",), 4: ("A",)}
# NAT64 prefixes: a DNS64 resolver synthesises such AAAA for IPv4-only names; they prove nothing about the site.
_SYNTHESIZED = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
UNUSABLE = "dns: unusable"  # the connection went to an IPv6 address that is not usable_ipv6 (NAT64, ULA, loopback)
STUB_TEXT_MAX = 200  # visible characters at most of a homepage that only redirects (meta refresh / location script)
STUB_HOWS = (HOW_META_REFRESH, HOW_LOCATION_SCRIPT)


def _stamp() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


# --- addresses ---------------------------------------------------------------------------------------------------


def usable_ipv6(address: str, allowed_networks: Sequence[str]) -> bool:
    """True for an IPv6 address a site can really be reached on: global unicast (not ULA, link-local,
    loopback, v4-mapped, documentation, multicast, NAT64-synthesised), or, when `allowed_networks` is set (the
    demo/test fence), any IPv6 address inside those networks."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0].strip().strip("[]"))
    except ValueError:
        return False
    if not isinstance(ip, ipaddress.IPv6Address) or ip.ipv4_mapped is not None:
        return False
    if allowed_networks and address_allowed(str(ip), allowed_networks):
        return True
    if ip.is_multicast or any(ip in net for net in _SYNTHESIZED):
        return False
    return ip.is_global


def _family(address: str) -> int | None:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).version
    except ValueError:
        return None


# --- one HTTP fetch ------------------------------------------------------------------------------------------------


class _Trace:
    """httpx ``trace`` extension: connect and first-byte times, and the address connected to."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.connects = 0
        self.connect_started: float | None = None
        self.connect_ms: float | None = None
        self.ttfb_ms: float | None = None
        self.address = ""
        self.addresses: list[str] = []  # every address a TCP connection was made to, in order
        self.connected = False  # some TCP connection was made (a timeout after it is a read timeout)

    async def __call__(self, name: str, info: Mapping[str, Any]) -> None:
        now = time.perf_counter()
        if name == "connection.connect_tcp.started":
            self.connects += 1
            if self.connects == 1:
                self.connect_started = now
        elif name in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            if name == "connection.connect_tcp.complete":
                self.connected = True
                address = _server_address(info.get("return_value"))
                self.address = address or self.address
                if address:
                    self.addresses.append(address)
            if self.connects == 1 and self.ttfb_ms is None and self.connect_started is not None:
                self.connect_ms = _ms(now - self.connect_started)
        elif name.endswith("receive_response_headers.complete") and self.ttfb_ms is None:
            self.ttfb_ms = _ms(now - self.started)


def _server_address(stream: Any) -> str:
    try:
        peer = stream.get_extra_info("server_addr") if stream is not None else None
    except Exception:  # noqa: BLE001 - an address we cannot read is just not recorded
        return ""
    if isinstance(peer, tuple) and peer:
        return str(peer[0]).split("%", 1)[0]
    return ""


@dataclass(slots=True)
class _Fetch:
    """What one GET came to, before classification."""

    url: str
    status: int | None = None
    headers: dict[str, str] = dataclasses.field(default_factory=dict)
    final_url: str = ""
    body: bytes = b""
    elapsed_ms: float = 0.0
    connect_ms: float | None = None
    ttfb_ms: float | None = None
    address: str = ""
    error: str = ""  # set when no response arrived
    redirect_loop: bool = False
    addresses: tuple[str, ...] = ()  # every address connected to (redirect hops included)


async def _read_limited(response: httpx.Response, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async with contextlib.aclosing(response.aiter_bytes()) as stream:
        async for chunk in stream:
            chunks.append(chunk)
            size += len(chunk)
            if size >= limit:
                break
    return b"".join(chunks)[:limit]


async def _fetch(client: httpx.AsyncClient, url: str, *, limit: int, timeout: float) -> _Fetch:
    """GET `url` (redirects followed), reading at most `limit` body bytes; never raises for network failures."""
    trace = _Trace()
    out = _Fetch(url)
    try:
        async with asyncio.timeout(timeout + 1.0):
            async with client.stream("GET", url, extensions={"trace": trace}) as response:
                out.status = response.status_code
                out.headers = {k.lower(): v for k, v in response.headers.items()}
                out.final_url = str(response.url)
                stream = response.extensions.get("network_stream")
                out.address = _server_address(stream) or trace.address
                out.body = await _read_limited(response, limit)
    except TimeoutError:  # our own guard: the whole request took too long
        out.error = READ_TIMEOUT if trace.connected else "timeout"
    except httpx.TooManyRedirects as exc:
        out.error, out.redirect_loop = describe_error(exc), True
    except httpx.TimeoutException as exc:
        out.error = describe_timeout(exc)
    except httpx.HTTPError as exc:
        out.error = describe_error(exc)
    except (httpx.InvalidURL, httpx.StreamError, OSError, ValueError) as exc:
        out.error = f"{type(exc).__name__}: {exc}"
    if out.error:
        out.status = None
        out.address = out.address or trace.address
    out.elapsed_ms = round((time.perf_counter() - trace.started) * 1000, 1)
    out.connect_ms, out.ttfb_ms = trace.connect_ms, trace.ttfb_ms
    out.addresses = tuple(dict.fromkeys([*trace.addresses, *([out.address] if out.address else [])]))
    return out


def _unusable(f: _Fetch, allowed_networks: Sequence[str]) -> list[str]:
    """The IPv6 addresses `f` connected to that are not usable_ipv6 (NAT64 from a DNS64 resolver, ULA, ...)."""
    return [a for a in f.addresses if _family(a) == 6 and not usable_ipv6(a, allowed_networks)]


@dataclass(frozen=True, slots=True)
class _Judged:
    ok: bool
    error: str
    outcome: str
    text: str  # visible text, whitespace-collapsed ("" unless asked for and the page is HTML)


def _judge(f: _Fetch, *, homepage: str, timeout: float, want_text: bool = False) -> _Judged:
    """The classification of inspector.probes.availability.fetch_probe, on a fetched response."""
    if f.status is None:
        outcome = Outcome.REDIRECT_LOOP if f.redirect_loop else Outcome.BROKEN
        return _Judged(False, f.error, outcome.value, "")
    decoded, _encoding = decode_body(f.body, f.headers.get("content-type"))
    tree = parse_html(decoded)
    text = visible_text(tree)
    flagged = classify_tree(f.status, f.headers, decoded, tree, text, url=f.final_url, homepage=homepage)
    kept = " ".join(text.split())[:TEXT_LIMIT] if want_text else ""
    if flagged == WAF:
        return _Judged(False, "waf challenge", Outcome.WAF.value, "")
    if f.status == 429 or (f.status == 503 and f.headers.get("retry-after")):
        return _Judged(False, f"http {f.status} rate limited", Outcome.RATE_LIMITED.value, "")
    if f.status >= 400:
        return _Judged(False, f"http {f.status}", Outcome.BROKEN.value, "")
    if f.elapsed_ms > timeout * 1000:
        return _Judged(False, "slower than the limit", Outcome.BROKEN.value, "")
    if flagged == SOFT_404:
        return _Judged(False, "soft 404", Outcome.SOFT_404.value, "")
    return _Judged(True, "", Outcome.OK.value, kept)


# --- self-check ----------------------------------------------------------------------------------------------------


async def ipv6_self_check(urls: Sequence[str], config: DnsConfig, *, timeout: float = 10.0) -> ProbeRecord:
    """Can the inspector itself reach dual-stack reference sites over IPv6? One run-level record.

    ok when at least one URL answered with a status below 400 over IPv6 only (AAAA-only resolution, the TCP
    connection made to an IPv6 address that is usable_ipv6 under `config.allowed_networks`: a loopback, ULA or
    NAT64 address proves nothing about the inspector's public IPv6 connectivity, except inside the demo/test
    fence). A reference reached on an unusable address fails with error "dns: unusable" and keeps the address.
    Without a passing self-check every IPv6 finding is inconclusive.
    """
    at = _stamp()
    urls = list(urls)
    if not urls:
        return ProbeRecord(None, "ipv6-self-check", "", False, None, None, "no reference URL", Outcome.BROKEN.value,
                           at, {"results": []})
    async with make_client(config, timeout=timeout, rdtypes=FAMILY_RDTYPES[6], keepalive=False) as client:
        fetches = await asyncio.gather(*(_fetch(client, u, limit=LINK_BODY_LIMIT, timeout=timeout) for u in urls))
    results: list[dict[str, Any]] = []
    for f in fetches:
        over_v6 = _family(f.address) == 6
        unusable = _unusable(f, config.allowed_networks)
        ok = f.status is not None and f.status < 400 and over_v6 and not unusable
        if ok:
            error = ""
        elif unusable:
            error = UNUSABLE
        elif f.status is None:
            error = f.error
        elif f.status >= 400:
            error = f"http {f.status}"
        else:
            error = "not over IPv6"
        address = unusable[0] if unusable else (f.address if over_v6 else "")
        results.append({"url": f.url, "ok": ok, "address": address, "error": error})
    ok = any(r["ok"] for r in results)
    if not ok:
        logger.warning("IPv6 self-check failed: none of %s answered over a usable IPv6 address (%s)", ", ".join(urls),
                       "; ".join(f"{r['url']}: {r['error']}" for r in results))
    errors = "; ".join(f"{r['url']}: {r['error']}" for r in results if not r["ok"])
    elapsed = min((f.elapsed_ms for f, r in zip(fetches, results) if r["ok"]), default=None)
    return ProbeRecord(None, "ipv6-self-check", " ".join(urls), ok, None, elapsed, errors,
                       (Outcome.OK if ok else Outcome.BROKEN).value, at, {"results": results})


# --- DNS -----------------------------------------------------------------------------------------------------------

_resolver_lock = threading.Lock()
_measuring: dict[tuple[tuple[str, ...], int, float], dns.asyncresolver.Resolver | None] = {}
_caching: dict[tuple[tuple[str, ...], int, float], dns.asyncresolver.Resolver | None] = {}


def _make_resolver(config: DnsConfig, timeout: float, *, cached: bool) -> dns.asyncresolver.Resolver | None:
    """A dnspython resolver for `config` (system: from /etc/resolv.conf; None when that cannot be read)."""
    if config.system:
        try:
            res = dns.asyncresolver.Resolver(configure=True)
        except (dns.resolver.NoResolverConfiguration, OSError) as exc:
            logger.info("no system resolver configuration for dnspython: %s", exc)
            return None
    else:
        res = dns.asyncresolver.Resolver(configure=False)
        res.nameservers = [dns.nameserver.Do53Nameserver(s, config.port) for s in config.nameservers]
    res.timeout = min(timeout, max(timeout / 3, 0.3))  # per attempt: room for retries
    res.lifetime = timeout
    res.cache = dns.resolver.LRUCache(20000) if cached else None
    return res


def _resolver(config: DnsConfig, timeout: float, *, cached: bool) -> dns.asyncresolver.Resolver | None:
    """Uncached resolvers time A/AAAA queries; the cached one serves zone and NS lookups (shared NS hosts)."""
    key = (config.nameservers, config.port, timeout)
    table = _caching if cached else _measuring
    with _resolver_lock:
        if key not in table:
            table[key] = _make_resolver(config, timeout, cached=cached)
        return table[key]


def _dns_kind(exc: BaseException) -> str:
    if isinstance(exc, dns.resolver.NXDOMAIN):
        return "nxdomain"
    if isinstance(exc, dns.resolver.NoAnswer):
        return "noanswer"
    if isinstance(exc, dns.exception.Timeout):
        return "timeout"
    return "servfail"  # NoNameservers (SERVFAIL / REFUSED from every server), malformed answers, ...


async def _query(res: dns.asyncresolver.Resolver, name: str, rdtype: str) -> tuple[list[str], str, float | None]:
    """(addresses, error kind, ms) of one query; ms is None when no answer arrived."""
    started = time.perf_counter()
    try:
        answer = await res.resolve(name, rdtype, search=False)
    except dns.exception.DNSException as exc:
        kind = _dns_kind(exc)
        return [], kind, None if kind in ("timeout", "servfail") else _ms(time.perf_counter() - started)
    return [rr.address for rr in answer], "", _ms(time.perf_counter() - started)


async def _query_system(
    name: str, rdtype: str, config: DnsConfig, timeout: float
) -> tuple[list[str], str, float | None]:
    """getaddrinfo for one family; a failure is re-classified by dnspython from resolv.conf when possible."""
    unfenced = dataclasses.replace(config, allowed_networks=(), timeout=timeout)
    started = time.perf_counter()
    try:
        addresses = await resolve_host(name, unfenced, (rdtype,))
    except DnsError as exc:
        elapsed = None if exc.kind in ("timeout", "servfail") else _ms(time.perf_counter() - started)
        kind = exc.kind
        res = _resolver(config, timeout, cached=False)
        if res is not None:
            found, dns_kind, _ms_dns = await _query(res, name, rdtype)
            if not found and dns_kind:
                kind = dns_kind
        return [], kind, elapsed
    return addresses, "", _ms(time.perf_counter() - started)


async def _zone_and_nameservers(
    name: str, config: DnsConfig, timeout: float
) -> tuple[str, list[dict[str, Any]], str]:
    res = _resolver(config, timeout, cached=True)
    if res is None:
        return "", [], "unsupported"
    try:
        zone_name = await dns.asyncresolver.zone_for_name(name, resolver=res, lifetime=timeout)
    except dns.resolver.NoRootSOA:
        return "", [], "noanswer"
    except dns.exception.DNSException as exc:
        return "", [], _dns_kind(exc)
    zone = zone_name.to_text(omit_final_dot=True).lower()
    if zone_name == dns.name.root:
        return "", [], "noanswer"
    try:
        answer = await res.resolve(zone_name, "NS", search=False)
    except dns.exception.DNSException as exc:
        return zone, [], _dns_kind(exc)
    names = sorted({rr.target.to_text(omit_final_dot=True).lower() for rr in answer})[:MAX_NAMESERVERS]

    async def one(ns: str) -> dict[str, Any]:
        found, kind, _elapsed = await _query(res, ns, "AAAA")
        return {"name": ns, "aaaa": found, "error": kind}

    return zone, list(await asyncio.gather(*(one(ns) for ns in names))), ""


def _host_of(host_or_url: str) -> str:
    text = host_or_url.strip()
    if "://" in text:
        text = urlsplit(text).hostname or ""
    return text.strip("[]").rstrip(".").lower()


async def probe_dns(site_id: int | None, host: str, config: DnsConfig, *, timeout: float = 5.0) -> ProbeRecord:
    """A and AAAA of `host` with query times, the zone apex and its name servers' AAAA: one ipv6-dns record.

    Errors are kept apart: nxdomain (no such name), noanswer (name exists, no record of the type), timeout,
    servfail, blocked (an address outside the allowed networks: listed, never contacted).
    """
    at = _stamp()
    name = _host_of(host)
    data: dict[str, Any] = {
        "host": name, "a": [], "a_error": "", "aaaa": [], "aaaa_error": "", "aaaa_usable": [], "a_ms": None,
        "aaaa_ms": None, "zone": "", "nameservers": [], "ns_error": "",
    }  # fmt: skip
    literal = _family(name)
    if not name:
        data.update(a_error="nxdomain", aaaa_error="nxdomain", ns_error="nxdomain")
    elif literal is not None:  # an IP address as host: the DNS has nothing to say
        key = "aaaa" if literal == 6 else "a"
        other = "a" if literal == 6 else "aaaa"
        data.update({key: [name], f"{other}_error": "noanswer", "ns_error": "noanswer"})
    elif name == "localhost" or name.endswith(".localhost"):  # RFC 6761: loopback, never asked of a DNS server
        unfenced = dataclasses.replace(config, nameservers=(), allowed_networks=())
        (a, a_error, a_ms), (aaaa, aaaa_error, aaaa_ms) = await asyncio.gather(
            *(_query_system(name, t, unfenced, timeout) for t in ("A", "AAAA")))
        data.update(a=a, a_error=a_error, a_ms=a_ms, aaaa=aaaa, aaaa_error=aaaa_error, aaaa_ms=aaaa_ms,
                    ns_error="noanswer")
    else:
        zone_task = asyncio.ensure_future(_zone_and_nameservers(name, config, timeout))
        if config.system:
            lookups = [_query_system(name, t, config, timeout) for t in ("A", "AAAA")]
        else:
            res = _resolver(config, timeout, cached=False)
            assert res is not None  # named servers always give a resolver
            lookups = [_query(res, name, t) for t in ("A", "AAAA")]
        (a, a_error, a_ms), (aaaa, aaaa_error, aaaa_ms) = await asyncio.gather(*lookups)
        zone, nameservers, ns_error = await zone_task
        data.update(a=a, a_error=a_error, a_ms=a_ms, aaaa=aaaa, aaaa_error=aaaa_error, aaaa_ms=aaaa_ms, zone=zone,
                    nameservers=nameservers, ns_error=ns_error)
    for key in ("a", "aaaa"):
        if config.allowed_networks and any(not address_allowed(x, config.allowed_networks) for x in data[key]):
            data[f"{key}_error"] = "blocked"
    data["aaaa_usable"] = [x for x in data["aaaa"] if usable_ipv6(x, config.allowed_networks)]
    ok = bool(data["aaaa_usable"])
    error = "" if ok else (data["aaaa_error"] or ("unusable" if data["aaaa"] else "noanswer"))
    elapsed = max((m for m in (data["a_ms"], data["aaaa_ms"]) if m is not None), default=None)
    logger.debug("ipv6-dns %s: a=%s aaaa=%s zone=%s", name, data["a"] or data["a_error"],
                 data["aaaa"] or data["aaaa_error"], data["zone"] or data["ns_error"])
    return ProbeRecord(site_id, "ipv6-dns", name, ok, None, elapsed, error, "", at, data)


def _failed_dns_record(site_id: int | None, host: str) -> ProbeRecord:
    """An ipv6-dns record for a probe that broke: servfail everywhere, so every IPv6 rule is inconclusive."""
    data: dict[str, Any] = {
        "host": host, "a": [], "a_error": "servfail", "aaaa": [], "aaaa_error": "servfail", "aaaa_usable": [],
        "a_ms": None, "aaaa_ms": None, "zone": "", "nameservers": [], "ns_error": "servfail",
    }  # fmt: skip
    return ProbeRecord(site_id, "ipv6-dns", host, False, None, None, "servfail", "", _stamp(), data)


# --- homepage per address ------------------------------------------------------------------------------------------


def _homepage_addresses(dns_record: ProbeRecord, config: DnsConfig) -> list[tuple[int, str]]:
    data = dns_record.data
    plan: list[tuple[int, str]] = []
    for family, addresses in ((6, data.get("aaaa_usable") or []), (4, data.get("a") or [])):
        inside = [x for x in addresses if address_allowed(x, config.allowed_networks)]
        if len(inside) < len(addresses):
            logger.warning("site %s: not probing %s (outside the allowed networks)", dns_record.site_id,
                           ", ".join(x for x in addresses if x not in inside))
        plan += [(family, x) for x in inside[:MAX_ADDRESSES]]
    return plan


def stub_target(page_url: str, body: bytes, content_type: str | None, text: str) -> str | None:
    """Where a redirect stub sends the browser, or None when the page is not a stub (pure).

    A stub is a short page (at most STUB_TEXT_MAX visible characters) whose only job is a meta refresh or a
    ``location`` script to another URL: its text is not the portal's, the page it sends to is.
    """
    if len(text) > STUB_TEXT_MAX:
        return None
    decoded, encoding = decode_body(body, content_type)
    try:
        links = extract_links(page_url, decoded, encoding=encoding)
    except Exception:  # noqa: BLE001 - an unparsable page is simply not a stub
        logger.debug("stub detection failed on %s", page_url, exc_info=True)
        return None
    here = _norm_or_self(page_url)
    for link in links:
        if link.how in STUB_HOWS and is_http(link.url) and _norm_or_self(link.url) != here:
            return link.url
    return None


def _norm_or_self(url: str) -> str:
    try:
        return norm_url(url)
    except ValueError:
        return url


async def _homepage_once(
    site_id: int | None, url: str, host: str, family: int, address: str, attempt: int, config: DnsConfig,
    timeout: float, want_text: bool,
) -> tuple[ProbeRecord, str]:
    """One homepage GET pinned to `address`. With `want_text`, a redirect stub (meta refresh / location script)
    is followed one hop with the same client (same family, same pin) and the final page's text is kept; the
    record then has data["redirect_stub"] = the stub's URL (and "stub_error" when the hop failed)."""
    at = _stamp()
    extra: dict[str, Any] = {}
    async with make_client(config, timeout=timeout, rdtypes=FAMILY_RDTYPES[family], pin={host: address},
                           keepalive=False) as client:
        f = await _fetch(client, url, limit=PAGE_BODY_LIMIT, timeout=timeout)
        judged = _judge(f, homepage=url, timeout=timeout, want_text=want_text)
        final_url, text = f.final_url, judged.text
        target = (stub_target(f.final_url or url, f.body, f.headers.get("content-type"), judged.text)
                  if want_text and judged.ok else None)
        if target is not None:
            hop = await _fetch(client, target, limit=PAGE_BODY_LIMIT, timeout=timeout)
            hop_judged = _judge(hop, homepage=url, timeout=timeout, want_text=True)
            extra["redirect_stub"] = f.final_url or url
            if hop_judged.ok:
                final_url, text = hop.final_url or target, hop_judged.text
            else:
                extra["stub_error"] = hop_judged.error or f"http {hop.status}"
            logger.debug("homepage %s over IPv%d is a redirect stub to %s (%s)", url, family, target,
                         extra.get("stub_error", "followed"))
    data = {"family": family, "address": address, "attempt": attempt, "connect_ms": f.connect_ms,
            "ttfb_ms": f.ttfb_ms, "final_url": final_url, **extra}
    record = ProbeRecord(site_id, f"ipv{family}-homepage", url, judged.ok, f.status, f.elapsed_ms, judged.error,
                         judged.outcome, at, data)
    return record, text


async def probe_homepage(
    site_id: int | None,
    url: str,
    dns_record: ProbeRecord,
    config: DnsConfig,
    *,
    attempts: int = 10,
    interval: float = 30.0,
    timeout: float = 15.0,
    semaphore: asyncio.Semaphore | None = None,
) -> list[ProbeRecord]:
    """`attempts` GETs of the homepage forced onto each usable AAAA (≤4) and each A (≤4) of `dns_record`.

    Attempts start `interval` seconds apart; within one attempt every address is probed at once over a fresh
    connection. Records come in attempt order, IPv6 addresses first. The visible text is kept only on the
    first ok record of each family. `semaphore` (optional) bounds the concurrent attempts of many sites.
    """
    host = _host_of(url)
    plan = _homepage_addresses(dns_record, config)
    if not plan:
        return []
    records: list[ProbeRecord] = []
    texted: set[int] = set()
    start = time.monotonic()
    for attempt in range(attempts):
        if attempt:
            await asyncio.sleep(max(0.0, start + attempt * interval - time.monotonic()))
        async with semaphore if semaphore is not None else contextlib.nullcontext():
            results = await asyncio.gather(*(
                _homepage_once(site_id, url, host, family, address, attempt, config, timeout, family not in texted)
                for family, address in plan
            ))
        for record, text in results:
            family = record.data["family"]
            if record.ok and family not in texted:
                record.data["text"] = text
                texted.add(family)
            records.append(record)
    return records


async def probe_sites(
    targets: Sequence[tuple[int, str]],
    config: DnsConfig,
    *,
    attempts: int = 10,
    interval: float = 30.0,
    timeout: float = 15.0,
    concurrency: int = 20,
    progress: Callable[[int], None] | None = None,
) -> list[ProbeRecord]:
    """DNS + per-address homepage probes of many sites at once: for each (site_id, url), its ipv6-dns record
    then its homepage records; sites in input order. At most `concurrency` DNS probes / homepage attempts run at
    the same time (waiting between attempts holds no slot, so N sites take about attempts × interval)."""
    semaphore = asyncio.Semaphore(max(1, concurrency))

    async def one(site_id: int, url: str) -> list[ProbeRecord]:
        host = _host_of(url)
        try:
            async with semaphore:
                dns_record = await probe_dns(site_id, host, config, timeout=config.timeout)
        except Exception:  # noqa: BLE001 - one site's bug must not sink the run; servfail = undecidable
            logger.exception("ipv6 dns probe of %s failed", url)
            dns_record = _failed_dns_record(site_id, host)
        try:
            homepage = await probe_homepage(site_id, url, dns_record, config, attempts=attempts, interval=interval,
                                            timeout=timeout, semaphore=semaphore)
        except Exception:  # noqa: BLE001
            logger.exception("ipv6 homepage probes of %s failed", url)
            homepage = []
        if progress is not None:
            progress(site_id)
        return [dns_record, *homepage]

    per_site = await asyncio.gather(*(one(site_id, url) for site_id, url in targets))
    return [record for records in per_site for record in records]


# --- link levels ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkTarget:
    """One URL to fetch over IPv6: level 2 (linked from the homepage) or 3 (linked from a level-2 page)."""

    level: int
    url: str
    source: str  # the referring page (first seen)
    same_site: bool


def same_site(site_url: str, url: str) -> bool:
    """host == site host, or the site's domain (site host without "www.") or a subdomain of it."""
    site_host = _host_of(site_url)
    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    base = site_host[4:] if site_host.startswith("www.") else site_host
    return bool(host) and (host == site_host or host == base or host.endswith("." + base))


def link_levels(
    site_url: str, links: Sequence[LinkRecord], *, cap2: int, cap3: int
) -> tuple[list[LinkTarget], dict[str, int]]:
    """Level-2 and level-3 URLs of a site from its LinkRecords (pure).

    Level 2: distinct http(s) targets of links found on the homepage, minus the homepage. Level 3: distinct
    http(s) targets of links whose source is a level-2 URL (every level-2 URL found, sampled or not), minus the
    homepage and level 2. First-appearance (page) order. A level with more URLs than its cap is sampled evenly
    over that order (`spread`), not cut after the first `cap` URLs, so a long homepage's later blocks (often
    other servers) are represented; the plan data then says "sampled": True. Level 2 comes first. The dict is
    the ipv6-link-plan data.
    """
    memo: dict[str, str] = {}

    def norm(url: str) -> str:
        if url not in memo:
            try:
                memo[url] = norm_url(url)
            except ValueError:
                memo[url] = url
        return memo[url]

    homes = {norm(site_url)} | {norm(link.source) for link in links if link.on_homepage}
    level2: dict[str, str] = {}
    for link in links:
        if link.on_homepage and is_http(link.target):
            target = norm(link.target)
            if target not in homes and target not in level2:
                level2[target] = norm(link.source)
    level3: dict[str, str] = {}
    for link in links:
        if not is_http(link.target):
            continue
        source = norm(link.source)
        if source in level2 and source not in homes:
            target = norm(link.target)
            if target not in homes and target not in level2 and target not in level3:
                level3[target] = source
    cap2, cap3 = max(0, cap2), max(0, cap3)
    chosen = [LinkTarget(2, url, src, same_site(site_url, url)) for url, src in spread(list(level2.items()), cap2)]
    chosen += [LinkTarget(3, url, src, same_site(site_url, url)) for url, src in spread(list(level3.items()), cap3)]
    plan: dict[str, Any] = {
        "level2_found": len(level2), "level2_probed": min(cap2, len(level2)), "level3_found": len(level3),
        "level3_probed": min(cap3, len(level3)), "cap2": cap2, "cap3": cap3,
        "sampled": len(level2) > cap2 or len(level3) > cap3,
    }  # fmt: skip
    return chosen, plan


def spread(items: Sequence[Any], cap: int) -> list[Any]:
    """At most `cap` of `items`, evenly spaced over them in their order (all of them when they fit): item
    ⌊i·n/cap⌋ for i = 0..cap-1, so the first item is always taken and the gaps differ by at most one."""
    n = len(items)
    if n <= cap:
        return list(items)
    if cap <= 0:
        return []
    return [items[i * n // cap] for i in range(cap)]


def link_plan_record(site_id: int | None, site_url: str, plan: Mapping[str, Any]) -> ProbeRecord:
    """The ipv6-link-plan record of a site (the dict returned by link_levels)."""
    return ProbeRecord(site_id, "ipv6-link-plan", site_url, True, None, None, "", "", _stamp(), dict(plan))


# --- link probes ---------------------------------------------------------------------------------------------------


async def probe_links(
    site_id: int | None,
    targets: Sequence[LinkTarget],
    config: DnsConfig,
    *,
    timeout: float = 15.0,
    concurrency: int = 8,
    per_host: int = 2,
    delay: float = 0.0,
) -> list[ProbeRecord]:
    """Fetch each target over IPv6 only (≤64 KB of body); a failure is retried once over IPv4 only.

    When IPv6 failed and the IPv4 retry worked, IPv6 is tried once more (a cold cache, a passing hiccup): only a
    second IPv6 failure is an IPv6-specific one. The record then carries the second IPv6 attempt's result and
    data["ipv6_first_error"] / data["ipv6_retry_error"] (the errors of both IPv6 attempts; "" = it worked).

    A fetch whose connection went to an IPv6 address that is not usable_ipv6 (a NAT64 address synthesised by a
    DNS64 resolver, a ULA, ...) is no IPv6 support: ok False, error "dns: unusable", data["unusable"] lists them.
    A timeout after the TCP connection was made is "read timeout", a connect timeout "timeout".

    Politeness: at most `per_host` requests to one host at a time, and each request's host slot is held `delay`
    seconds after it (the crawler's DOWNLOAD_DELAY on a real run; 0 on loopback).

    One ipv6-link record per target, in target order. ipv4_ok stays None when IPv4 was not tried (IPv6 worked,
    or IPv6 met a WAF / rate limit) or when the IPv4 answer was itself a WAF / rate limit (ipv4_error says so).
    """
    semaphore = asyncio.Semaphore(max(1, concurrency))
    host_slots: dict[str, asyncio.Semaphore] = {}

    def slot(url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        return host_slots.setdefault(host, asyncio.Semaphore(max(1, per_host)))

    async with (
        make_client(config, timeout=timeout, rdtypes=FAMILY_RDTYPES[6]) as v6,
        make_client(config, timeout=timeout, rdtypes=FAMILY_RDTYPES[4]) as v4,
    ):

        async def fetch(client: httpx.AsyncClient, url: str) -> _Fetch:
            async with slot(url):
                async with semaphore:
                    result = await _fetch(client, url, limit=LINK_BODY_LIMIT, timeout=timeout)
                if delay > 0:
                    await asyncio.sleep(delay)
                return result

        def judge6(f: _Fetch) -> tuple[_Judged, list[str]]:
            unusable = _unusable(f, config.allowed_networks)
            if unusable:
                return _Judged(False, UNUSABLE, Outcome.BROKEN.value, ""), unusable
            return _judge(f, homepage="", timeout=timeout), []

        async def one(target: LinkTarget) -> ProbeRecord:
            at = _stamp()
            f6 = await fetch(v6, target.url)
            judged, unusable = judge6(f6)
            ipv4_ok: bool | None = None
            ipv4_error = ""
            extra: dict[str, Any] = {}
            if not judged.ok and Outcome(judged.outcome).conclusive:
                j4 = _judge(await fetch(v4, target.url), homepage="", timeout=timeout)
                ipv4_error = j4.error
                ipv4_ok = j4.ok if Outcome(j4.outcome).conclusive else None
                if j4.ok:  # IPv4 works: is the IPv6 failure repeatable?
                    first_error = judged.error
                    f6 = await fetch(v6, target.url)
                    judged, unusable = judge6(f6)
                    extra = {"ipv6_first_error": first_error, "ipv6_retry_error": judged.error}
            data = {"level": target.level, "source": target.source, "same_site": target.same_site,
                    "address": f6.address if _family(f6.address) == 6 else "", "ipv4_ok": ipv4_ok,
                    "ipv4_error": ipv4_error, **extra}
            if unusable:
                data["unusable"] = unusable
            return ProbeRecord(site_id, "ipv6-link", target.url, judged.ok, f6.status, f6.elapsed_ms, judged.error,
                               judged.outcome, at, data)

        return list(await asyncio.gather(*(one(t) for t in targets)))


async def probe_site_links(
    site_id: int | None,
    site_url: str,
    links: Sequence[LinkRecord],
    config: DnsConfig,
    *,
    cap2: int,
    cap3: int,
    timeout: float = 15.0,
    concurrency: int = 8,
    per_host: int = 2,
    delay: float = 0.0,
) -> list[ProbeRecord]:
    """link_levels + probe_links for one site: its ipv6-link-plan record, then one ipv6-link record per URL."""
    targets, plan = link_levels(site_url, links, cap2=cap2, cap3=cap3)
    probes = await probe_links(site_id, targets, config, timeout=timeout, concurrency=concurrency, per_host=per_host,
                               delay=delay)
    return [link_plan_record(site_id, site_url, plan), *probes]


# --- link discovery for `inspector ipv6 URL` -----------------------------------------------------------------------


def _page_link_records(
    source: str, f: _Fetch, keys: set[tuple[str, int]], *, on_homepage: bool
) -> list[LinkRecord]:
    text, encoding = decode_body(f.body, f.headers.get("content-type"))
    facts = extract_page(f.final_url or f.url, text, encoding)
    out: list[LinkRecord] = []
    seen: set[tuple[str, str]] = set()
    for link in facts.links:
        if not is_http(link.url):
            continue
        try:
            target = norm_url(link.url)
        except ValueError:
            continue
        if (target, link.how) in seen:
            continue
        seen.add((target, link.how))
        out.append(LinkRecord(0, source, target, link.text[:500], link.how, link_kind(target, keys), on_homepage))
    return out


def _parseable(f: _Fetch) -> bool:
    return f.status is not None and f.status < 400 and is_html_type(f.headers.get("content-type", ""))


async def discover_links(
    url: str, config: DnsConfig, *, cap2: int = 500, cap3: int = 500, timeout: float = 15.0
) -> list[LinkRecord]:
    """The links the spider would record for levels 2 and 3 of one site, fetched over any family.

    Fetches the homepage and its same-site HTML level-2 pages (the first `cap2`, as the spider crawls the
    site's own pages only) and extracts their links with inspector.extract.extract_page. LinkRecords carry
    site_id 0; a level-2 page's links have the level-2 URL as source, so link_levels() finds level 3.
    `cap3` bounds nothing here (level-3 pages are probed, not parsed); it is accepted for symmetry.
    """
    del cap3
    home_url = norm_url(url)
    async with make_client(config, timeout=timeout) as client:
        home = await _fetch(client, home_url, limit=PAGE_BODY_LIMIT, timeout=timeout)
        if not _parseable(home):
            logger.warning("homepage %s not readable: %s", url, home.error or f"http {home.status}")
            return []
        keys = {host_key(home_url), host_key(home.final_url)}
        records = _page_link_records(home_url, home, keys, on_homepage=True)
        level2, _plan = link_levels(home_url, records, cap2=cap2, cap3=0)
        pages = [t.url for t in level2 if link_kind(t.url, keys) == "page" and not is_attachment_url(t.url)]
        semaphore = asyncio.Semaphore(4)

        async def one(page: str) -> list[LinkRecord]:
            async with semaphore:
                f = await _fetch(client, page, limit=PAGE_BODY_LIMIT, timeout=timeout)
            if not _parseable(f):
                logger.debug("level-2 page %s not parsed: %s", page, f.error or f.headers.get("content-type"))
                return []
            return _page_link_records(page, f, keys, on_homepage=False)

        for found in await asyncio.gather(*(one(p) for p in pages)):
            records.extend(found)
    return records


__all__ = [
    "DEFAULT_IPV6_SELF_CHECK_URLS",
    "LinkTarget",
    "discover_links",
    "ipv6_self_check",
    "link_levels",
    "link_plan_record",
    "probe_dns",
    "probe_homepage",
    "probe_links",
    "probe_site_links",
    "probe_sites",
    "same_site",
    "spread",
    "stub_target",
    "usable_ipv6",
]
