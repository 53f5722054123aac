"""团风县人民政府 (county portal): IPv6 only. Its name has an AAAA record (::1) and no A record, and the farm
answers it only on ::1. Benign: every IPv6 rule passes, and the spider must crawl it over IPv6."""

from __future__ import annotations

import logging

from inspector.farm.base import Column, Fault
from inspector.farm.portals.small import Single, SmallPortal

logger = logging.getLogger(__name__)

HOST = "www.tuanfeng.gov.cn.test"

TFYW = Column("/xwzx/tfyw/", "团风要闻", "news", 5_700_000, 12, 10, gap_hours=30)
TZGG = Column("/xwzx/tzgg/", "通知公告", "notice", 5_800_000, 8, 10, gap_hours=70, offset_hours=3, date_style="slash")
ZCWJ = Column("/zwgk/zcwj/", "政策文件", "policy", 5_900_000, 6, 10, gap_hours=180, offset_hours=15, attachments=2)


class Tuanfeng(SmallPortal):
    host = HOST
    name = "团风县人民政府"
    region = "团风县"
    site_code = "4211210001"
    columns = (TFYW, TZGG, ZCWJ)
    singles = (Single("/zwgk/xxgkzn/index.html", "政府信息公开指南"),)
    sponsor = "团风县人民政府办公室"
    undertaker = "团风县融媒体中心"
    phone = "0713-6222011"
    address = "团风县团风镇（示例）"
    icp = "鄂ICP备05002010号-1"
    police = "42112102000034"
    has_a = False
    xxgk = "/zwgk/"
    abbr = "团政"
    short = "团风"

    def faults(self) -> list[Fault]:
        return [Fault(self.host, "ipv6-aaaa", self.host, "/", "aaaa-only",
                      "域名只有 AAAA 记录（::1），没有 A 记录：IPv6 解析正常，应判通过；"
                      "爬虫须经 IPv6 抓取该站，其余检查照常进行", expect="pass")]
