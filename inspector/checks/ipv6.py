"""IPv6 checks (standards.md §4): what the gathered IPv6 probes say, summarised once per site.

`summarize(site)` turns the stored probes (kinds ipv6-self-check, ipv6-dns, ipv6-homepage, ipv4-homepage,
ipv6-link-plan, ipv6-link) into an `Ipv6Summary`; the check functions judge that summary against their rule
parameters, and the bulletin's IPv6支持情况 sheet shows it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FailedLink:
    """A link that did not load over IPv6 (shown in the bulletin's failing-links block)."""

    level: int  # 2 or 3
    url: str
    source: str  # the page that links to it
    same_site: bool
    reason: str  # Chinese, e.g. 无AAAA记录, 连接被拒绝, 连接超时, HTTP 502
    ipv4_ok: bool | None  # the same URL over IPv4 at probe time (None = not tried)


@dataclass(frozen=True, slots=True)
class LinkRate:
    """IPv6 support of one link level (2 = linked from the homepage, 3 = linked from level-2 pages)."""

    level: int
    found: int  # distinct URLs at this level (before the cap)
    probed: int  # URLs fetched over IPv6
    ok: int  # of the decidable ones, loaded over IPv6
    decidable: int  # probed minus unknown (WAF, rate limited) minus excluded (broken over IPv4 too)
    same_site_ok: int
    same_site_decidable: int
    failed: tuple[FailedLink, ...]  # IPv6-specific failures, in probe order
    excluded: int  # failed over IPv6 and IPv4 alike: a broken link, not an IPv6 problem
    unknown: int  # WAF challenge or rate limited over IPv6

    @property
    def rate(self) -> float | None:
        return self.ok / self.decidable if self.decidable else None

    @property
    def same_site_rate(self) -> float | None:
        return self.same_site_ok / self.same_site_decidable if self.same_site_decidable else None


@dataclass(frozen=True, slots=True)
class Ipv6Summary:
    """Everything the run measured about one site's IPv6 support."""

    host: str
    measured: bool  # any IPv6 probe of this site is stored
    self_check_ok: bool | None  # the inspector's own IPv6 connectivity (None = not checked in this run)
    self_check_error: str  # Chinese reason when the self-check failed
    a: tuple[str, ...]
    a_error: str  # "" or nxdomain | noanswer | timeout | servfail | blocked
    aaaa: tuple[str, ...]
    aaaa_usable: tuple[str, ...]  # global unicast (or inside the fenced networks in demo/tests)
    aaaa_error: str
    v6_attempts: int  # homepage probes over IPv6 (every AAAA address, every attempt)
    v6_ok: int
    v4_attempts: int
    v4_ok: int
    v6_failures: tuple[str, ...]  # Chinese reasons with counts, e.g. ("连接被拒绝×10",)
    similarity: float | None  # IPv6 vs IPv4 homepage text similarity, 0..1 (None = not comparable)
    v6_ms: float | None  # median connect + first byte over IPv6
    v4_ms: float | None
    zone: str  # the zone apex found for the host ("" if unknown)
    nameservers: tuple[tuple[str, tuple[str, ...]], ...]  # (NS host name, its AAAA addresses)
    ns_error: str
    level2: LinkRate | None
    level3: LinkRate | None

    @property
    def v6_success_rate(self) -> float | None:
        return self.v6_ok / self.v6_attempts if self.v6_attempts else None

    @property
    def v4_success_rate(self) -> float | None:
        return self.v4_ok / self.v4_attempts if self.v4_attempts else None

    @property
    def latency_ratio(self) -> float | None:
        if self.v6_ms is None or self.v4_ms is None or self.v4_ms <= 0:
            return None
        return self.v6_ms / self.v4_ms
