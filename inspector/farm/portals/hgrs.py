"""黄冈市人力资源和社会保障局 (department site): its name has A and AAAA (::1) records, but the site is
served only on the farm's 127.0.0.1-only listener, so every IPv6 connection is refused while IPv4 works.
Seeded: ipv6-homepage (homepage unreachable over IPv6)."""

from __future__ import annotations

import logging

from inspector.farm.base import Column, Fault
from inspector.farm.portals.small import Single, SmallPortal
from inspector.model import Level

logger = logging.getLogger(__name__)

HOST = "www.hgrs.gov.cn.test"

GZDT = Column("/gzdt/", "工作动态", "news", 5_400_000, 14, 10, gap_hours=36)
TZGG = Column("/tzgg/", "通知公告", "notice", 5_500_000, 10, 10, gap_hours=80, offset_hours=6, date_style="slash")
ZCFG = Column("/zcfg/", "政策法规", "policy", 5_600_000, 6, 10, gap_hours=220, offset_hours=10, date_style="cn",
              attachments=2)


class Hgrs(SmallPortal):
    host = HOST
    name = "黄冈市人力资源和社会保障局"
    region = "黄冈市"
    level = Level.DEPARTMENT
    site_code = "4211000015"
    columns = (GZDT, TZGG, ZCFG)
    singles = (Single("/xxgk/xxgkzn/index.html", "政府信息公开指南"), Single("/bszn/index.html", "办事指南"))
    sponsor = "黄冈市人力资源和社会保障局"
    undertaker = "黄冈市人力资源和社会保障信息中心"
    phone = "0713-8358123"
    address = "黄冈市黄州区七一路（示例）"
    icp = "鄂ICP备05002007号-1"
    police = "42110202000178"
    ipv6_listening = False
    xxgk = "/xxgk/"
    abbr = "黄人社"
    mailbox = ("jzxx", "局长信箱")

    def faults(self) -> list[Fault]:
        return [Fault(self.host, "ipv6-homepage", self.host, "/", "ipv6-refused",
                      "域名有 AAAA 记录（::1），但网站只在 IPv4 上提供服务：经 IPv6 访问首页连接被拒绝，"
                      "经 IPv4 访问正常")]
