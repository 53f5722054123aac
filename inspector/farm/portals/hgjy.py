"""黄冈市教育局 (department site): IPv4 only. Its name has an A record and no AAAA, so nothing can reach it
over IPv6; the farm serves it on the 127.0.0.1-only listener. Seeded: ipv6-aaaa (no AAAA record)."""

from __future__ import annotations

import logging

from inspector.farm.base import Column, Fault
from inspector.farm.portals.small import Single, SmallPortal
from inspector.model import Level

logger = logging.getLogger(__name__)

HOST = "www.hgjy.gov.cn.test"

JYDT = Column("/jydt/", "教育动态", "news", 5_100_000, 14, 10, gap_hours=40)
TZGG = Column("/tzgg/", "通知公告", "notice", 5_200_000, 8, 10, gap_hours=90, offset_hours=4, date_style="slash")
ZCWJ = Column("/zcwj/", "政策文件", "policy", 5_300_000, 6, 10, gap_hours=200, offset_hours=12, attachments=2)


class Hgjy(SmallPortal):
    host = HOST
    name = "黄冈市教育局"
    region = "黄冈市"
    level = Level.DEPARTMENT
    site_code = "4211000012"
    columns = (JYDT, TZGG, ZCWJ)
    singles = (Single("/xxgk/xxgkzn/index.html", "政府信息公开指南"), Single("/jgzn/index.html", "机构职能"))
    sponsor = "黄冈市教育局"
    undertaker = "黄冈市教育信息化中心"
    phone = "0713-8356012"
    address = "黄冈市黄州区八一路（示例）"
    icp = "鄂ICP备05002006号-1"
    police = "42110202000156"
    has_aaaa = False
    ipv6_listening = False
    xxgk = "/xxgk/"
    abbr = "黄教"
    mailbox = ("jzxx", "局长信箱")

    def faults(self) -> list[Fault]:
        return [Fault(self.host, "ipv6-aaaa", self.host, "/", "ipv6-no-aaaa",
                      "域名只有 A 记录（127.0.0.1），没有 AAAA 记录：网站不支持 IPv6 访问")]
