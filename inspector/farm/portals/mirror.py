"""Benchmark mirrors: many tiny dual-stack department sites (`www.m0001.gov.cn.test`, ...), each a homepage,
one column list and two articles, with correct footers and nothing wrong. `build_farm(mirrors=N)` adds N of
them to the registry (for timing DNS and homepage IPv6 probes over a thousand sites); the demo has none.
"""

from __future__ import annotations

import logging
from datetime import date

from inspector.farm import content
from inspector.farm.base import Column
from inspector.farm.portals.small import SmallPortal
from inspector.model import Level

logger = logging.getLogger(__name__)

MAX_MIRRORS = 99_999
GZDT = Column("/gzdt/", "工作动态", "news", 100, 2, 10, gap_hours=120)


def mirror_host(number: int) -> str:
    return f"www.m{number:04d}.gov.cn.test"


class Mirror(SmallPortal):
    """Mirror number `number` (1-based). Pages do not grow with the farm's scale."""

    level = Level.DEPARTMENT
    region = "黄冈市"
    columns = (GZDT,)
    undertaker = "黄冈市政务服务和大数据管理局"
    phone = "0713-8626110"
    address = "黄冈市黄州区（示例）"

    def __init__(self, seed: int, scale: int, number: int, today: date = content.DEFAULT_TODAY) -> None:
        if not 1 <= number <= MAX_MIRRORS:
            raise ValueError(f"mirror number must be between 1 and {MAX_MIRRORS}")
        super().__init__(seed, scale, today)
        self.number = number
        self.host = mirror_host(number)
        self.name = f"演示单位{number:04d}"
        self.sponsor = self.name
        self.site_code = f"42119{number:05d}"
        self.icp = f"鄂ICP备{20_000_000 + number}号-1"
        self.police = f"421102020{number:05d}"

    def n_articles(self, col: Column) -> int:
        return col.base_articles
