"""武穴市人民政府 (county portal): dual-stack, but over IPv6 (requests that arrive on ::1) its homepage is a
stale placeholder ("本网站IPv6版正在建设中") instead of the portal's homepage; every other page is the same on
both. The name servers of its zone (ns1/ns2.wuxue.gov.cn.test) have A records only.
Seeded: ipv6-consistency and ipv6-nameservers; annual-report-deadline (its report on the previous year was published
on 12 May, after the 31 March deadline).
"""

from __future__ import annotations

import logging
from datetime import date

from inspector.farm.base import Column, Ctx, Fault, Reply, Request, html_reply
from inspector.farm.markup import document
from inspector.farm.portals.small import Single, SmallPortal

logger = logging.getLogger(__name__)

HOST = "www.wuxue.gov.cn.test"

WXYW = Column("/xwzx/wxyw/", "武穴要闻", "news", 6_600_000, 12, 10, gap_hours=28)
TZGG = Column("/xwzx/tzgg/", "通知公告", "notice", 6_700_000, 8, 10, gap_hours=64, offset_hours=3, date_style="slash")
ZCWJ = Column("/zwgk/zcwj/", "政策文件", "policy", 6_800_000, 6, 10, gap_hours=160, offset_hours=9, date_style="cn",
              attachments=2)
ZCJD = Column("/zwgk/zcjd/", "政策解读", "interpretation", 6_900_000, 4, 10, gap_hours=230, offset_hours=25)


class Wuxue(SmallPortal):
    host = HOST
    name = "武穴市人民政府"
    region = "武穴市"
    site_code = "4211820001"
    columns = (WXYW, TZGG, ZCWJ, ZCJD)
    singles = (Single("/zwgk/xxgkzn/index.html", "政府信息公开指南"),)
    sponsor = "武穴市人民政府办公室"
    undertaker = "武穴市融媒体中心"
    phone = "0713-6212345"
    address = "武穴市刊江大道（示例）"
    icp = "鄂ICP备05002009号-1"
    police = "42118202000067"
    ns_aaaa = False
    xxgk = "/zwgk/"
    abbr = "武政"
    short = "武穴"
    late_report = True

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        if req.family == 6 and req.path in ("/", "/index.html"):
            return html_reply(self.ipv6_placeholder())
        return super().route(req, ctx)

    def ipv6_placeholder(self) -> str:
        """The page the IPv6 side still serves at "/": left over from an IPv6 pilot, never updated."""
        links = "".join(f'<li><a href="{self.list_path(c, 0)}">{c.name}</a></li>' for c in self.columns[:3])
        body = (
            f'<div class="v6"><h1>{self.name}门户网站（IPv6版）</h1>'
            "<p>本网站IPv6版正在建设中，敬请期待。</p>"
            f"<ul>{links}</ul><p>技术支持：武穴市信息中心</p></div>"
        )
        return document(f"{self.name}（IPv6版）", None, body)

    def faults(self) -> list[Fault]:
        h = self.host
        deadline = date(self.today.year, 3, 31)
        late = date(self.today.year, 5, 12)
        report: list[Fault] = []
        if self.today > deadline:  # before the deadline the rule does not apply yet
            year = self.today.year - 1
            state = (f"迟至{late.year}年5月12日才发布" if late <= self.today
                     else f"截至检查日（{self.today:%Y-%m-%d}）仍未发布")
            report.append(Fault(h, "annual-report-deadline", h, "/", "annual-report-late",
                                f"政府信息公开年报栏目（{self.xxgk}xxgknb/index.html）中《{self.name}{year}年政府信息公开工作"
                                f"年度报告》{state}，超过条例第四十九条规定的3月31日期限"))
        return report + [
            Fault(h, "ipv6-consistency", h, "/", "ipv6-content-differs",
                  "经 IPv6 访问首页得到的是过期的“本网站IPv6版正在建设中”占位页，与 IPv4 首页内容明显不一致"),
            Fault(h, "ipv6-nameservers", h, "/", "ipv6-ns-no-aaaa",
                  "域名所在区 wuxue.gov.cn.test 的权威域名服务器 ns1/ns2.wuxue.gov.cn.test 只有 A 记录，没有 AAAA 记录"),
        ]
