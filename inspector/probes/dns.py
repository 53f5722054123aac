"""Host-name resolution shared by the spider (Twisted resolver) and the httpx probes.

Two modes, chosen by `DnsConfig.nameservers`:

- named servers (``--dns 127.0.0.1:5353``, ``223.5.5.5``): dnspython's async resolver, no /etc/hosts, TTL-aware
  cache shared by every lookup in the process;
- system (no servers): ``getaddrinfo`` in a worker thread, so /etc/hosts and the host's resolver apply.

Both resolve A and AAAA, accept IP literals, enforce a timeout, and apply the allowed-networks guard: when
`allowed_networks` is set, a name that resolves to *any* address outside those networks (or an IP literal
outside them) fails with ``DnsError(kind="blocked")``. The demo and the tests set it to loopback so they can never
send a packet off the machine.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import dns.asyncresolver
import dns.exception
import dns.nameserver
import dns.resolver

logger = logging.getLogger(__name__)

DnsKind = str  # "nxdomain" | "noanswer" | "timeout" | "servfail" | "blocked"

_LOOPBACK = {"A": "127.0.0.1", "AAAA": "::1"}


@dataclass(frozen=True)
class DnsConfig:
    """Where and how to resolve host names."""

    nameservers: tuple[str, ...] = ()  # IP addresses; empty = system resolver (getaddrinfo)
    port: int = 53
    timeout: float = 5.0  # total budget for one host name
    allowed_networks: tuple[str, ...] = ()  # CIDRs; empty = anything goes

    @property
    def system(self) -> bool:
        return not self.nameservers

    def describe(self) -> str:
        servers = ",".join(f"[{s}]" if ":" in s else s for s in self.nameservers)
        where = f"{servers}:{self.port}" if self.nameservers else "system"
        guard = f" allowed={','.join(self.allowed_networks)}" if self.allowed_networks else ""
        return f"dns={where} timeout={self.timeout:g}s{guard}"


class DnsError(Exception):
    """Resolution gave nothing usable. `kind` is one of nxdomain, noanswer, timeout, servfail, blocked."""

    def __init__(self, kind: DnsKind, host: str, detail: str = "") -> None:
        self.kind = kind
        self.host = host
        self.detail = detail
        super().__init__(f"{kind}: {host}" + (f" ({detail})" if detail else ""))

    @property
    def reason(self) -> str:
        """Short English reason as stored in PageRecord.detail, e.g. "dns: NXDOMAIN"."""
        label = "NXDOMAIN" if self.kind == "nxdomain" else self.kind
        return f"dns: {label}" + (f" ({self.detail})" if self.detail else "")


def _split_server(item: str) -> tuple[str, int | None]:
    """"127.0.0.1:5353" → ("127.0.0.1", 5353); "[::1]:53" → ("::1", 53); "::1" / "223.5.5.5" → (ip, None)."""
    item = item.strip()
    if item.startswith("["):
        host, _, rest = item[1:].partition("]")
        port = int(rest[1:]) if rest.startswith(":") and rest[1:] else None
        return host, port
    if item.count(":") == 1:
        host, _, port_text = item.partition(":")
        return host, int(port_text)
    return item, None


def parse_dns_spec(
    spec: str | None, *, allowed_networks: Iterable[str] = (), timeout: float | None = None
) -> DnsConfig:
    """Parse a ``--dns`` value: "127.0.0.1:5353", "[::1]:53", "223.5.5.5,119.29.29.29", "" / "system" / None.

    Nameservers must be IP addresses (a resolver for the resolver is not supported). All servers share one port.
    Raises ValueError on a malformed spec or network.
    """
    networks = tuple(str(ipaddress.ip_network(n.strip(), strict=False)) for n in allowed_networks if n.strip())
    extra = {} if timeout is None else {"timeout": float(timeout)}
    if spec is None or not spec.strip() or spec.strip().lower() == "system":
        return DnsConfig(allowed_networks=networks, **extra)
    servers: list[str] = []
    ports: set[int] = set()
    for item in spec.split(","):
        if not item.strip():
            continue
        host, port = _split_server(item)
        try:
            servers.append(str(ipaddress.ip_address(host)))
        except ValueError as exc:
            raise ValueError(f"DNS server must be an IP address, got {item!r}") from exc
        if port is not None:
            if not 0 < port < 65536:
                raise ValueError(f"bad DNS port in {item!r}")
            ports.add(port)
    if len(ports) > 1:
        raise ValueError(f"all DNS servers must share one port, got {sorted(ports)}")
    return DnsConfig(nameservers=tuple(servers), port=ports.pop() if ports else 53, allowed_networks=networks, **extra)


@lru_cache(maxsize=64)
def _networks(allowed: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(n, strict=False) for n in allowed)


def address_allowed(address: str, allowed_networks: Sequence[str]) -> bool:
    """True when `address` lies in one of `allowed_networks` (or no networks are configured)."""
    if not allowed_networks:
        return True
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return any(ip.version == net.version and ip in net for net in _networks(tuple(allowed_networks)))


def _check_allowed(host: str, addresses: list[str], config: DnsConfig) -> list[str]:
    outside = [a for a in addresses if not address_allowed(a, config.allowed_networks)]
    if outside:
        raise DnsError("blocked", host, f"{', '.join(outside)} not in allowed networks {','.join(config.allowed_networks)}")
    return addresses


_resolver_lock = threading.Lock()
_resolvers: dict[tuple[tuple[str, ...], int, float], dns.asyncresolver.Resolver] = {}


def _resolver_for(config: DnsConfig) -> dns.asyncresolver.Resolver:
    """One dnspython resolver (and so one TTL-aware cache, negative answers included) per configuration."""
    key = (config.nameservers, config.port, config.timeout)
    with _resolver_lock:
        res = _resolvers.get(key)
        if res is None:
            res = dns.asyncresolver.Resolver(configure=False)
            res.nameservers = [dns.nameserver.Do53Nameserver(s, config.port) for s in config.nameservers]
            res.timeout = min(config.timeout, max(config.timeout / 3, 0.3))  # per attempt: room for retries
            res.lifetime = config.timeout
            res.cache = dns.resolver.LRUCache(50000)
            _resolvers[key] = res
    return res


def _literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def _normalise_host(host: str) -> str:
    host = host.strip().strip("[]").rstrip(".").lower()
    if "%" in host:  # scoped IPv6 literal (fe80::1%eth0): scope is irrelevant to the guard
        host = host.split("%", 1)[0]
    return host


async def _resolve_dnspython(host: str, config: DnsConfig, rdtypes: Sequence[str]) -> list[str]:
    res = _resolver_for(config)

    async def one(rdtype: str) -> list[str] | BaseException:
        try:
            answer = await res.resolve(host, rdtype, search=False)
        except (dns.resolver.NXDOMAIN, dns.resolver.NoAnswer, dns.resolver.NoNameservers, dns.exception.Timeout) as exc:
            return exc
        except dns.exception.DNSException as exc:  # YXDOMAIN, bad name...
            return exc
        return [rr.address for rr in answer]

    results = await asyncio.gather(*(one(t) for t in rdtypes))
    addresses = [a for r in results if isinstance(r, list) for a in r]
    if addresses:
        return addresses
    errors = [r for r in results if isinstance(r, BaseException)]
    if any(isinstance(e, dns.resolver.NXDOMAIN) for e in errors):
        raise DnsError("nxdomain", host)
    if any(isinstance(e, dns.exception.Timeout) for e in errors):
        raise DnsError("timeout", host, f"{config.timeout:g}s")
    if any(isinstance(e, dns.resolver.NoNameservers) for e in errors):
        raise DnsError("servfail", host)
    if errors and not all(isinstance(e, dns.resolver.NoAnswer) for e in errors):
        raise DnsError("servfail", host, type(errors[0]).__name__)
    raise DnsError("noanswer", host, "/".join(rdtypes))


_GAI_KIND = {
    socket.EAI_NONAME: "nxdomain",
    socket.EAI_AGAIN: "timeout",
    socket.EAI_FAIL: "servfail",
}
for _name, _kind in (("EAI_NODATA", "noanswer"), ("EAI_ADDRFAMILY", "noanswer")):
    if hasattr(socket, _name):
        _GAI_KIND[getattr(socket, _name)] = _kind


async def _resolve_system(host: str, config: DnsConfig, rdtypes: Sequence[str]) -> list[str]:
    loop = asyncio.get_running_loop()
    wanted = {"A": socket.AF_INET, "AAAA": socket.AF_INET6}
    families = [wanted[t] for t in rdtypes if t in wanted]
    family = families[0] if len(families) == 1 else socket.AF_UNSPEC
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, None, family=family, type=socket.SOCK_STREAM), timeout=config.timeout
        )
    except TimeoutError as exc:
        raise DnsError("timeout", host, f"{config.timeout:g}s") from exc
    except socket.gaierror as exc:
        raise DnsError(_GAI_KIND.get(exc.errno, "servfail"), host, "" if exc.errno in _GAI_KIND else str(exc)) from exc
    except OSError as exc:  # e.g. UnicodeError subclasses for bad labels
        raise DnsError("servfail", host, str(exc)) from exc
    by_family: dict[int, list[str]] = {}
    for fam, _type, _proto, _canon, sockaddr in infos:
        addr = str(sockaddr[0]).split("%", 1)[0]
        if fam in families and addr not in by_family.setdefault(fam, []):
            by_family[fam].append(addr)
    addresses = [a for fam in families for a in by_family.get(fam, [])]
    if not addresses:
        raise DnsError("noanswer", host, "/".join(rdtypes))
    return addresses


async def resolve_host(host: str, config: DnsConfig, rdtypes: Sequence[str] = ("A", "AAAA")) -> list[str]:
    """Addresses of `host` (A first, then AAAA, in `rdtypes` order). Raises DnsError when nothing usable.

    IP literals come back as themselves (if their family is wanted); "localhost" is loopback (RFC 6761) even
    with a named server that does not know it. The allowed-networks guard applies to every address returned.
    """
    name = _normalise_host(host)
    if not name:
        raise DnsError("nxdomain", host, "empty host name")
    ip = _literal(name)
    if ip is not None:
        if ("AAAA" if ip.version == 6 else "A") not in rdtypes:
            raise DnsError("noanswer", name, f"IPv{ip.version} literal, wanted {'/'.join(rdtypes)}")
        return _check_allowed(name, [str(ip)], config)
    if name == "localhost" or name.endswith(".localhost"):
        return _check_allowed(name, [_LOOPBACK[t] for t in rdtypes if t in _LOOPBACK], config)
    if config.system:
        addresses = await _resolve_system(name, config, rdtypes)
    else:
        addresses = await _resolve_dnspython(name, config, rdtypes)
    return _check_allowed(name, addresses, config)


def resolve_host_sync(host: str, config: DnsConfig, rdtypes: Sequence[str] = ("A", "AAAA")) -> list[str]:
    """Blocking wrapper around resolve_host (runs its own event loop, in a thread if one is already running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(resolve_host(host, config, rdtypes))
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["value"] = asyncio.run(resolve_host(host, config, rdtypes))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=work, name="resolve_host_sync", daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box["value"]  # type: ignore[return-value]


__all__ = [
    "DnsConfig",
    "DnsError",
    "address_allowed",
    "parse_dns_spec",
    "resolve_host",
    "resolve_host_sync",
]
