"""Twisted name resolver for the spider: dnspython (or getaddrinfo), A + AAAA, timeout, allowed-networks guard.

Installed through ``TWISTED_DNS_RESOLVER = "spiders.resolver.DnspythonResolver"``. With ``INSPECTOR_DNS`` set
("127.0.0.1:5353") names go to that server through dnspython; otherwise the system resolver answers (getaddrinfo
in a thread: /etc/hosts applies, IPv6-capable like scrapy.resolver.CachingHostnameResolver, but with a timeout).
``INSPECTOR_ALLOWED_NETWORKS`` (CIDR list) makes any address outside those networks, IP literals included, fail
resolution as "blocked".

Twisted only learns "no addresses" from a resolver, which surfaces as CannotResolveHostError. The reason
(NXDOMAIN, timeout, blocked...) is kept in `last_failure(host)` so the spider can record it.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from scrapy.resolver import HostResolution
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostnameResolver, IHostResolution, IResolutionReceiver
from zope.interface import implementer

from inspector.probes.dns import DnsConfig, DnsError, parse_dns_spec, resolve_host

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

_FAILURES: OrderedDict[str, DnsError] = OrderedDict()
_FAILURES_MAX = 10000


def last_failure(host: str) -> DnsError | None:
    """Why the last resolution of `host` in this process gave no address (None if it did not fail)."""
    return _FAILURES.get(host.strip("[]").rstrip(".").lower())


def _remember_failure(host: str, error: DnsError | None) -> None:
    key = host.strip("[]").rstrip(".").lower()
    if error is None:
        _FAILURES.pop(key, None)
        return
    _FAILURES[key] = error
    _FAILURES.move_to_end(key)
    while len(_FAILURES) > _FAILURES_MAX:
        _FAILURES.popitem(last=False)


def config_from_settings(settings: Any) -> DnsConfig:
    """DnsConfig from Scrapy settings: INSPECTOR_DNS, INSPECTOR_ALLOWED_NETWORKS, DNS_TIMEOUT."""
    return parse_dns_spec(
        settings.get("INSPECTOR_DNS") or None,
        allowed_networks=settings.getlist("INSPECTOR_ALLOWED_NETWORKS"),
        timeout=settings.getfloat("DNS_TIMEOUT", 5.0),
    )


@implementer(IHostnameResolver)
class DnspythonResolver:
    """IHostnameResolver over inspector.probes.dns.resolve_host, with a small positive cache for the system path."""

    def __init__(self, reactor: Any, config: DnsConfig, rdtypes: Sequence[str] = ("A", "AAAA"), cache_ttl: float = 300.0,
                 prefer_ipv4: bool = True):
        self.reactor = reactor
        self.prefer_ipv4 = prefer_ipv4
        self.config = config
        self.rdtypes = tuple(rdtypes)
        self.cache_ttl = cache_ttl
        self._cache: dict[str, tuple[float, list[str]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> DnspythonResolver:
        s = crawler.settings
        config = config_from_settings(s)
        rdtypes = [t.upper() for t in s.getlist("INSPECTOR_DNS_RDTYPES", ["A", "AAAA"])]
        prefer_ipv4 = s.getbool("INSPECTOR_PREFER_IPV4", True)
        logger.info("resolver: %s rdtypes=%s prefer_ipv4=%s", config.describe(), "/".join(rdtypes), prefer_ipv4)
        return cls(reactor, config, rdtypes, prefer_ipv4=prefer_ipv4)

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    async def lookup(self, host: str) -> list[str]:
        """Addresses for `host`, or raise DnsError (and remember why)."""
        if self.config.system:  # dnspython caches by TTL itself; getaddrinfo does not
            hit = self._cache.get(host)
            if hit and hit[0] > time.monotonic():
                return hit[1]
        try:
            addresses = await resolve_host(host, self.config, self.rdtypes)
        except DnsError as exc:
            _remember_failure(host, exc)
            logger.debug("resolve %s failed: %s", host, exc)
            raise
        _remember_failure(host, None)
        if self.prefer_ipv4:
            # Crawl over IPv4 whenever the host has it: the connection race otherwise picks a family at random,
            # and a site whose IPv6 side differs would be judged on whichever answered first. The IPv6 side is
            # measured on its own by the IPv6 probes; AAAA-only hosts are still crawled over IPv6.
            addresses = [a for a in addresses if ":" not in a] or addresses
        if self.config.system:
            self._cache[host] = (time.monotonic() + self.cache_ttl, addresses)
        return addresses

    def resolveHostName(  # noqa: N802 - Twisted interface
        self,
        resolutionReceiver: IResolutionReceiver,  # noqa: N803
        hostName: str,  # noqa: N803
        portNumber: int = 0,  # noqa: N803
        addressTypes: Sequence[type] | None = None,  # noqa: N803
        transportSemantics: str = "TCP",  # noqa: N803
    ) -> IHostResolution:
        resolution = HostResolution(hostName)
        resolutionReceiver.resolutionBegan(resolution)

        def done(result: Any) -> None:
            if isinstance(result, list):
                for ip in result:
                    family = IPv6Address if ":" in ip else IPv4Address
                    if addressTypes is None or family in addressTypes:
                        resolutionReceiver.addressResolved(family("TCP", ip, portNumber))
            elif not result.check(DnsError):  # a bug, not a DNS answer: make it visible
                logger.error("resolver error for %s: %s", hostName, result.getErrorMessage())
            resolutionReceiver.resolutionComplete()

        deferred_from_coro(self.lookup(hostName)).addBoth(done)
        return resolution
