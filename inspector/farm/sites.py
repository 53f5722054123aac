"""The farm as a whole: its registry sites, every virtual host, the DNS zone and the seeded faults.

`build_farm(seed, scale)` is pure and instant: it creates a few small objects; pages are generated when
asked for (`Farm.respond`). See inspector/farm/__init__.py for the public API.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from inspector.farm.base import Ctx, Fault, FarmSite, HostApp, Portal, Reply, Request, html_reply, not_found_page
from inspector.farm.portals import EXTERNALS, PORTALS
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
    """A deterministic set of government-like sites plus the ground truth of what is wrong with them."""

    def __init__(self, seed: int = 2020, scale: int = 1) -> None:
        if not 1 <= scale <= MAX_SCALE:
            raise ValueError(f"scale must be between 1 and {MAX_SCALE}")
        self.seed = seed
        self.scale = scale
        self.portals: tuple[Portal, ...] = tuple(cls(seed, scale) for cls in PORTALS)
        externals = tuple(cls(seed, scale) for cls in EXTERNALS)
        self.apps: dict[str, HostApp] = {app.host: app for app in (*self.portals, *externals)}
        down = FarmSite(DOWN_HOST, "英山县人民政府", Level.COUNTY, "4211240001", "英山县", 0, down=True)
        self.sites: list[FarmSite] = [p.site() for p in self.portals] + [down]

    def page_count(self) -> int:
        """HTML pages + attachments served for the registry sites (faults and assets not included)."""
        return sum(site.pages for site in self.sites)

    def zone(self) -> dict[str, Addresses]:
        """Every name the farm's DNS knows (lower case, no trailing dot)."""
        names = {host: Addresses((LIVE_V4,), (LIVE_V6,)) for host in self.apps}
        names[REFUSED_HOST] = Addresses((REFUSED_V4,), ())
        names[DOWN_HOST] = Addresses((DOWN_V4,), ())
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
        return out

    def site(self, host: str) -> FarmSite | None:
        return next((s for s in self.sites if s.host == host), None)


def build_farm(seed: int = 2020, scale: int = 1) -> Farm:
    """The demo farm for a seed; `scale` multiplies the articles per column (200 gives 100,000+ pages)."""
    return Farm(seed, scale)
