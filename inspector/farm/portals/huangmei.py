"""黄梅县人民政府 (county portal) behind an "IPv6 gateway": dual-stack in DNS, and over IPv6 (requests that
arrive on ::1) the homepage, column lists and single pages load, but article pages answer HTTP 502 (the
gateway's backend for them speaks IPv4 only). Attachments and the annual reports live on
`file.hm.gov.cn.test`, which has an A record only (served on the 127.0.0.1-only listener).

So the links of the homepage (level 2: column lists, single pages, one headline article) mostly load over
IPv6, while the links of those pages (level 3: articles and report files) mostly do not.
Seeded: ipv6-level3-links; interaction-response (a message of the 县长信箱 asked about four months ago has never been
answered). Benign: ipv6-level2-links (one headline fails, the rate stays above 85%).
"""

from __future__ import annotations

import logging
from datetime import date

from inspector.farm import content
from inspector.farm import disclosure as dc
from inspector.farm.base import Column, Ctx, Fault, FileEntry, HostApp, Reply, Request, html_reply
from inspector.farm.markup import esc
from inspector.farm.portals.small import Single, SmallPortal

logger = logging.getLogger(__name__)

HOST = "www.hm.gov.cn.test"
FILE_HOST = "file.hm.gov.cn.test"
NB = "/zwgk/xxgknb/index.html"
XQ = "/zjhm/index.html"
UNANSWERED_DAYS = 118  # a message asked this many days before the reference day, never answered

HMYW = Column("/xwzx/hmyw/", "黄梅要闻", "news", 6_100_000, 12, 10, gap_hours=26)
TZGG = Column("/xwzx/tzgg/", "通知公告", "notice", 6_200_000, 8, 10, gap_hours=60, offset_hours=2, date_style="slash")
ZCWJ = Column("/zwgk/zcwj/", "政策文件", "policy", 6_300_000, 6, 10, gap_hours=150, offset_hours=8, attachments=3)
ZCJD = Column("/zwgk/zcjd/", "政策解读", "interpretation", 6_400_000, 4, 10, gap_hours=240, offset_hours=20,
              date_style="cn")
XZDT = Column("/xwzx/xzdt/", "乡镇动态", "news", 6_500_000, 6, 10, gap_hours=50, offset_hours=5)

BAD_GATEWAY = (
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)


class Huangmei(SmallPortal):
    host = HOST
    name = "黄梅县人民政府"
    region = "黄梅县"
    site_code = "4211270001"
    columns = (HMYW, TZGG, ZCWJ, ZCJD, XZDT)
    home_rows = (1, 0, 0, 0, 0)  # a headline; the other columns are tabs linking to their lists
    singles = (
        Single("/zwgk/xxgkzn/index.html", "政府信息公开指南"), Single(NB, "政府信息公开年报"),
        Single(XQ, "走进黄梅"), Single("/ldzc/index.html", "领导之窗"),
        Single("/zjhm/lsyg/index.html", "历史沿革", XQ), Single("/zjhm/zrdl/index.html", "自然地理", XQ),
        Single("/zjhm/xzqh/index.html", "行政区划", XQ),
    )
    sponsor = "黄梅县人民政府办公室"
    undertaker = "黄梅县政务服务和大数据管理局"
    phone = "0713-3322010"
    address = "黄梅县黄梅镇（示例）"
    icp = "鄂ICP备05002008号-1"
    police = "42112702000051"
    file_host = FILE_HOST
    xxgk = "/zwgk/"
    abbr = "梅政"
    short = "黄梅"
    report_column = False  # its 年报 is the single page NB, the reports on the file host
    unanswered = UNANSWERED_DAYS

    def reports(self) -> list[tuple[str, str, date]]:
        """(path on the file host, title, day) of the annual reports of the three years before today's (15 January
        of the next year; one not yet published on `today` is left out)."""
        out = []
        for year in range(self.today.year - 1, self.today.year - 4, -1):
            day = date(year + 1, 1, 15)
            if day <= self.today:
                out.append((f"/xxgk/nb/P0{year + 1}0115{self.site_code}{year}.pdf",
                            f"黄梅县人民政府{year}年政府信息公开工作年度报告", day))
        return out

    def all_files(self) -> list[FileEntry]:
        return super().all_files() + [FileEntry(path, title) for path, title, _ in self.reports()]

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        if req.family == 6 and self._article_re.match(req.path):
            return html_reply(BAD_GATEWAY, 502, headers=(("Via", "1.1 ipv6-gateway"),))
        return super().route(req, ctx)

    def single_body(self, single: Single, ctx: Ctx) -> str:
        if single.path != NB:
            return super().single_body(single, ctx)
        rows = "".join(
            f'<li><a href="{esc(ctx.url(FILE_HOST, path))}" target="_blank">{title}</a><span>{day:%Y-%m-%d}</span></li>'
            for path, title, day in self.reports()
        )
        return f'<ul class="list">{rows}</ul>'

    def faults(self) -> list[Fault]:
        h = self.host
        return [
            Fault(h, "ipv6-level3-links", h, "/", "ipv6-deep-v4-only",
                  "经 IPv6 访问时首页、栏目列表页和单页正常，文章页返回 HTTP 502（IPv6 网关后端仅支持 IPv4），"
                  "附件与年报放在仅有 A 记录的 file.hm.gov.cn.test 上：三级链接同站 IPv6 支持率远低于 85%"),
            Fault(h, "ipv6-level2-links", h, "/", "ipv6-deep-v4-only",
                  "首页头条文章经 IPv6 访问返回 HTTP 502，其余同站二级链接（栏目列表页、单页）正常："
                  "二级链接同站 IPv6 支持率不低于 85%，应判通过", expect="pass"),
            Fault(h, "interaction-response", h, "/", "message-unanswered",
                  f"县长信箱（{self.letters_path}）中{self.unanswered_message().asked:%Y-%m-%d}的留言"
                  f"（检查日前{UNANSWERED_DAYS}天，近一年内）至今未答复，超过3个月（单项否决：互动回应差）"),
        ]

    def unanswered_message(self) -> dc.Message:
        return next(m for m in self.messages() if m.answered is None)


class HuangmeiFiles(HostApp):
    """file.hm.gov.cn.test: 黄梅's attachment server, IPv4 only (A record, 127.0.0.1-only listener)."""

    host = FILE_HOST
    robots = None
    has_aaaa = False
    ipv6_listening = False

    def __init__(self, seed: int, scale: int, today: date = content.DEFAULT_TODAY) -> None:
        super().__init__(seed, scale, today)
        self.files = {entry.path: entry for entry in Huangmei(seed, scale, today).all_files()}

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        entry = self.files.get(req.path)
        return entry.reply() if entry is not None else None
