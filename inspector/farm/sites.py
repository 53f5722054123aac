"""The farm as a whole: its registry sites, every virtual host, the DNS zone and the seeded faults.

`build_farm(seed, scale, mirrors)` is pure and instant: it creates a few small objects; pages are generated
when asked for (`Farm.respond`). See inspector/farm/__init__.py for the public API.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from inspector.farm.base import Ctx, Fault, FarmSite, HostApp, Portal, Reply, Request, html_reply, not_found_page
from inspector.farm.content import DEFAULT_TODAY
from inspector.farm.portals import CORE_PORTALS, EXTERNALS, IPV6_PORTALS, MAX_MIRRORS, Mirror
from inspector.farm.portals.media import registry_accounts
from inspector.media.accounts import Account
from inspector.model import Level

logger = logging.getLogger(__name__)

LIVE_V4 = "127.0.0.1"
LIVE_V6 = "::1"
DOWN_HOST = "www.yingshan.gov.cn.test"  # 英山: in DNS (A only), nothing listens at its address
DOWN_V4 = "127.0.0.3"
REFUSED_HOST = "zwfw.hazf.gov.cn.test"  # linked from 红安's homepage: A only, connection refused
REFUSED_V4 = "127.0.0.2"
NXDOMAIN_HOST = "www.old-dept.huanggang.gov.cn.test"  # linked from the city's homepage, never in DNS
MAX_SCALE = 2000  # article ids stay unique per site up to here (about a million pages)


@dataclass(frozen=True, slots=True)
class Addresses:
    """What the DNS responder answers for one name. A name with `ns` is a zone apex (it has SOA and NS)."""

    a: tuple[str, ...]
    aaaa: tuple[str, ...]
    ns: tuple[str, ...] = ()  # authoritative name servers of the zone at this name (host names)


class Farm:
    """A deterministic set of government-like sites plus the ground truth of what is wrong with them.

    Registry order (stable): 黄冈, 红安, 麻城, 蕲春, 浠水, 英山 (down), then the IPv6 sites 教育局, 人社局, 黄梅,
    武穴, 团风, then the benchmark mirrors (none unless `mirrors` > 0). Every date the sites show is relative to
    `today` (the reference day: an inspection of the farm should run with it as its --as-of).
    """

    def __init__(self, seed: int = 2020, scale: int = 1, mirrors: int = 0, today: date = DEFAULT_TODAY) -> None:
        if not 1 <= scale <= MAX_SCALE:
            raise ValueError(f"scale must be between 1 and {MAX_SCALE}")
        if not 0 <= mirrors <= MAX_MIRRORS:
            raise ValueError(f"mirrors must be between 0 and {MAX_MIRRORS}")
        self.seed = seed
        self.scale = scale
        self.mirrors = mirrors
        self.today = today
        core = tuple(cls(seed, scale, today) for cls in CORE_PORTALS)
        ipv6 = tuple(cls(seed, scale, today) for cls in IPV6_PORTALS)
        copies = tuple(Mirror(seed, scale, n, today) for n in range(1, mirrors + 1))
        self.portals: tuple[Portal, ...] = (*core, *ipv6, *copies)
        externals = tuple(cls(seed, scale, today) for cls in EXTERNALS)
        self.apps: dict[str, HostApp] = {app.host: app for app in (*self.portals, *externals)}
        down = FarmSite(DOWN_HOST, "英山县人民政府", Level.COUNTY, "4211240001", "英山县", 0, down=True)
        self.sites: list[FarmSite] = ([p.site() for p in core] + [down] + [p.site() for p in ipv6]
                                      + [p.site() for p in copies])
        # hosts served only by the 127.0.0.1-only listener (IPv6 connections refused), and hosts answered on ::1 only
        self.ipv4_only_hosts = frozenset(h for h, app in self.apps.items() if not app.ipv6_listening)
        self.ipv6_only_hosts = frozenset(h for h, app in self.apps.items() if not app.has_a)

    def page_count(self) -> int:
        """HTML pages + attachments served for the registry sites (faults and assets not included)."""
        return sum(site.pages for site in self.sites)

    def ctx(self, http_port: int, ipv4_only_port: int | None = None) -> Ctx:
        """Page-generation context: `http_port` for every host, `ipv4_only_port` for the IPv4-only listener's."""
        if ipv4_only_port is None or ipv4_only_port == http_port:
            return Ctx(http_port)
        return Ctx(http_port, {host: ipv4_only_port for host in sorted(self.ipv4_only_hosts)})

    def serves(self, host: str, family: int, ipv4_only_listener: bool) -> bool:
        """Whether a listener answers `host`: the 127.0.0.1-only one its IPv4-only hosts, the main one (127.0.0.1
        and ::1) the others, except that hosts without an A record are answered on ::1 only.
        Unknown hosts are "served" (the farm answers them 404)."""
        if host in self.ipv4_only_hosts:
            return ipv4_only_listener
        if ipv4_only_listener:
            return False
        return family == 6 or host not in self.ipv6_only_hosts

    def zone(self) -> dict[str, Addresses]:
        """Every name the farm's DNS knows (lower case, no trailing dot).

        Each registry site's zone apex (its host without "www.") has NS ns1/ns2.<apex>; the name servers have
        A and AAAA records, except those of a zone whose portal says `ns_aaaa = False` (A only).
        """
        names = {host: Addresses((LIVE_V4,) if app.has_a else (), (LIVE_V6,) if app.has_aaaa else ())
                 for host, app in self.apps.items()}
        names[REFUSED_HOST] = Addresses((REFUSED_V4,), ())
        names[DOWN_HOST] = Addresses((DOWN_V4,), ())
        for site in self.sites:
            app = self.apps.get(site.host)
            apex = site.host.removeprefix("www.")
            ns = (f"ns1.{apex}", f"ns2.{apex}")
            ns_aaaa = app.ns_aaaa if isinstance(app, Portal) else True
            for name, value in ((apex, Addresses((), (), ns)),
                                *((n, Addresses((LIVE_V4,), (LIVE_V6,) if ns_aaaa else ())) for n in ns)):
                if name in names:
                    raise ValueError(f"zone name {name} is defined twice")
                names[name] = value
        return names

    def respond(self, req: Request, ctx: Ctx) -> Reply:
        """Answer one request (pure; the server adds slowness, rate limiting and ranges)."""
        app = self.apps.get(req.host)
        if app is None:
            return html_reply(not_found_page(), 404)
        return app.respond(req, ctx)

    def faults(self) -> list[Fault]:
        """Every seeded defect and benign trap, site by site."""
        out: list[Fault] = []
        for portal in self.portals:
            out += portal.faults()
        # One run sees the site down for seconds, not the standard's week: 无法判定 (需持续监测), never a veto.
        out.append(Fault(DOWN_HOST, "site-availability", DOWN_HOST, "/", "site-down",
                         f"域名只解析到 {DOWN_V4}（仅 A 记录），该地址无服务：检查期间首页均无法打开（连接被拒绝）；"
                         "单次运行的探测不足以按“1周内失败≥5%”否决，应判无法判定并提示持续监测",
                         expect="inconclusive"))
        out.append(Fault(DOWN_HOST, "ipv6-aaaa", DOWN_HOST, "/", "ipv6-no-aaaa",
                         f"域名只有 A 记录（{DOWN_V4}），没有 AAAA 记录：网站不支持 IPv6 访问（无 AAAA 是 DNS 事实，"
                         "与网站能否打开无关）"))
        return out

    def accounts(self, http_port: int, ipv4_only_port: int | None = None) -> list[Account]:
        """The demo's 政务新媒体 account registry (inspector/farm/portals/media.py, DEMO_ACCOUNTS) for the farm
        served on these ports: every 数据源 at its real port (no placeholders), 所属网站 the site's 网站标识码."""
        return registry_accounts(self.ctx(http_port, ipv4_only_port), {s.host: s.site_code for s in self.sites})

    def site(self, host: str) -> FarmSite | None:
        return next((s for s in self.sites if s.host == host), None)


def build_farm(seed: int = 2020, scale: int = 1, mirrors: int = 0, today: date = DEFAULT_TODAY) -> Farm:
    """The demo farm for a seed; `scale` multiplies the articles per column (200 gives 100,000+ pages);
    `mirrors` adds that many tiny dual-stack department sites to the registry (benchmarks; the demo has none);
    `today` is the reference day every date on the sites is relative to (pass the inspection's --as-of)."""
    return Farm(seed, scale, mirrors, today)
