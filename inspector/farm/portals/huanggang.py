"""黄冈市人民政府 (city portal), TRS WCM style.

Columns are directories (`/xxgk/zcwj/index.shtml`), articles are relative links with the date in the path
(`./202611/t20261120_1234567.shtml`), and paging is a `createPageHTML(n, k, "index", "shtml")` call: the
pages `index_1.shtml` ... exist but no `<a>` points at them. Link forms used here: plain `<a>`,
`javascript:void(0)` + `onclick="window.open(...)"`, `<iframe src>`, `<meta http-equiv="refresh">`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from urllib.parse import quote

from inspector.farm import disclosure as dc
from inspector.farm.portals import media
from inspector.farm.base import Article, Column, Ctx, Fault, FileEntry, Reply, Request, html_reply, redirect
from inspector.farm.content import fmt_date, rng
from inspector.farm.markup import CREATE_PAGE_HTML_JS, Meta, conac_mark, document, esc, icp_link, jiucuo_link, police_link
from inspector.farm.portals.common import TrsPortal
from inspector.model import Level

logger = logging.getLogger(__name__)

HOST = "www.huanggang.gov.cn.test"
NXDOMAIN_HOST = "www.old-dept.huanggang.gov.cn.test"
WAF_HOST = "zwfw.hubei.gov.cn.test"
HUBEI_HOST = "www.hubei.gov.cn.test"
GOV_HOST = "www.gov.cn.test"

# Fixed pages (each counted once) and the faults' paths.
HOME = "/"
ZWGK_REDIRECT = "/zwgk/index.shtml"
XXGK = "/xxgk/index.shtml"
XXGKZN = "/xxgk/xxgkzn/index.shtml"
XXGKZD = "/xxgk/xxgkzd/index.shtml"
FDZDGKNR = "/xxgk/fdzdgknr/index.shtml"
XXGKNB = "/xxgk/xxgknb/index.shtml"
HDJL = "/hdjl/index.shtml"
ZT = "/zt/index.shtml"
ZT_ZWXMT = "/zt/zwxmt/index.shtml"
IFRAME = "/include/zwfw.shtml"
JGZN = "/xxgk/fdzdgknr/jgzn/index.shtml"  # 机构职能 (a single page)
ZWZX = "/hdjl/zwzx/list.jsp"  # 政务咨询: the published messages (留言时间, 答复时间)
ZWZX_DETAIL = "/hdjl/zwzx/detail.jsp"  # ?id=N
SEARCH = "/search/search.jsp"
FAULT_500 = "/hdjl/ldxx/list.jsp"
FAULT_SLOW = "/xxgk/ysqgk/index.jsp"
LOOP_A = "/zt/2025/a.shtml"
LOOP_B = "/zt/2025/b.shtml"
PINNED_DAYS = 72  # the pinned notice is dated this many days before the reference day (2026-09-15 by default)
PINNED_ID = 999999  # a deleted, still pinned notice: its article answers 404
LARGE_SIZE = 5 * 1024 * 1024
TRAP_TITLE = "市应急管理局开展应急预案演练"  # a news title with a column keyword: not the 应急预案 column
# 征求意见 notices: (days before today, period in days, reason stated); the 20-day one has no reason (a defect),
# the 15-day one states why it is short (benign)
NOTICES = (*dc.STANDARD_NOTICES, dc.Notice(38, 20), dc.Notice(73, 15, reason=True))

ZWYW = Column("/zwdt/zwyw/", "政务要闻", "news", 1_100_000, 25, 5, gap_hours=20, date_style="iso")
TZGG = Column("/zwgk/tzgg/", "通知公告", "notice", 1_200_000, 25, 5, gap_hours=40, offset_hours=5,
              date_style="slash")
ZCWJ = Column("/xxgk/zcwj/", "政策文件", "policy", 1_300_000, 25, 5, gap_hours=90, offset_hours=20,
              date_style="cn", attachments=5)
ZCJD = Column("/xxgk/zcjd/", "政策解读", "interpretation", 1_400_000, 8, 8, gap_hours=150, offset_hours=30,
              date_style="bracket")

_ATTACHMENT_EXTS = ("doc", "docx", "xls", "wps", "ofd")
_REPORT_COUNT = 5


class Huanggang(TrsPortal):
    host = HOST
    name = "黄冈市人民政府"
    region = "黄冈市"
    level = Level.CITY
    site_code = "4211000001"
    columns = (ZWYW, TZGG, ZCWJ, ZCJD)
    page_ext = "shtml"
    retitle = {(ZWYW.key, 1): TRAP_TITLE}

    # -- the required disclosure columns ----------------------------------------------------------
    def disclosure_columns(self) -> tuple[Column, ...]:
        t, seed = self.today, self.seed
        return (
            Column("/xxgk/fdzdgknr/gfxwj/", "规范性文件", "policy", 1_600_000, 0, 20,
                   entries=dc.normative(self.name, self.region, t, seed, "黄政")),
            Column("/xxgk/fdzdgknr/yjya/", "应急预案", "notice", 1_610_000, 0, 20,
                   entries=dc.emergency_plans(self.region, t, seed)),
            Column("/xxgk/fdzdgknr/qzqd/", "权责清单", "notice", 1_620_000, 0, 20, entries=dc.power_list(self.name, t)),
            Column("/xxgk/fdzdgknr/zdjc/", "重大行政决策事项目录", "notice", 1_630_000, 0, 20,
                   entries=dc.decisions(self.region, t, seed)),
            Column("/xxgk/fdzdgknr/zqyj/", "征求意见", "notice", 1_640_000, 0, 20,
                   entries=dc.consultations(self.region, t, seed, NOTICES)),
            Column("/zt/lwlb/", "“六稳六保”专题", "news", 1_650_000, 0, 20, entries=dc.liubao(self.region, t)),
            Column("/zfgb/", "政府公报", "policy", 1_660_000, 0, 20, entries=dc.gazette(self.name, t)),
        )

    def dcol(self, key: str) -> Column:
        col = self.column(key)
        assert col is not None, key
        return col

    def notice(self, period: int) -> Article:
        """The 征求意见 notice open for `period` days."""
        col = self.dcol("/xxgk/fdzdgknr/zqyj/")
        days = sorted(n.days for n in NOTICES)
        index = days.index(next(n.days for n in NOTICES if n.period == period))
        return self.article(col, index)

    def messages(self) -> tuple[dc.Message, ...]:
        return dc.messages(self.region, self.today, self.seed, unit="黄冈市人民政府办公室", pending=2)

    # -- dated fixed paths ----------------------------------------------------------------------
    @property
    def pinned_day(self) -> date:
        return self.today - timedelta(days=PINNED_DAYS)

    @property
    def fault_404(self) -> str:
        """The pinned notice's article (deleted: 404)."""
        return f"{TZGG.key}{self.pinned_day:%Y%m}/t{self.pinned_day:%Y%m%d}_{PINNED_ID}.shtml"

    @property
    def large_zip_day(self) -> date:
        """The statistics data package: 15 March of this year (of last year before that day)."""
        day = date(self.today.year, 3, 15)
        return day if day <= self.today else date(self.today.year - 1, 3, 15)

    @property
    def large_zip(self) -> str:
        day = self.large_zip_day
        return f"/xxgk/xxgknb/{day:%Y%m}/P0{day:%Y%m%d}600000000001.zip"

    # -- URLs -----------------------------------------------------------------------------------
    def attachment_name(self, art: Article) -> tuple[str, str, str]:
        """(decoded file name, href as written, link text) of the attachment of a 政策文件 article."""
        ext = _ATTACHMENT_EXTS[art.index % len(_ATTACHMENT_EXTS)]
        if art.index == 1:
            name = f"附件：重点任务分工表.{ext}"
            return name, name, name  # raw Chinese in the href
        if art.index == 2:
            name = f"附件2：项目资金分配表.{ext}"
            return name, quote(name), name  # percent-encoded
        name = f"P0{art.when:%Y%m%d}{art.id}1.{ext}"
        return name, name, f"附件{art.index + 1}.{ext}"

    def broken_attachment_path(self) -> str:
        art = self.article(ZCWJ, 0)
        return f"{ZCWJ.key}{art.when:%Y%m}/P0{art.when:%Y%m%d}{art.id}2.pdf"

    def report_files(self) -> list[tuple[str, str, str, str]]:
        """(decoded path, href relative to /xxgk/xxgknb/, title, date) of the annual reports: the five years before
        today's (each published in January of the next year; one not yet published on `today` is left out).
        The second is linked by its raw Chinese name, the third percent-encoded."""
        out = []
        for year in range(self.today.year - _REPORT_COUNT, self.today.year):
            day = date(year + 1, 1, 20 + year % 7)
            if day > self.today:
                continue
            title = f"黄冈市人民政府{year}年政府信息公开工作年度报告"
            folder = f"{year + 1}01"
            out.append((title, folder, f"{day:%Y-%m-%d}"))
        files = []
        for n, (title, folder, day) in enumerate(sorted(out, reverse=True)):
            if n == 1:
                name, href = f"{title}.pdf", f"./{folder}/{title}.pdf"
            elif n == 2:
                name, href = f"{title}.pdf", f"./{folder}/{quote(title)}.pdf"
            else:
                year = int(title.removeprefix("黄冈市人民政府")[:4])
                name = f"P0{year + 1}0120{rng(year, 'nb').randrange(10**11, 10**12)}.pdf"
                href = f"./{folder}/{name}"
            files.append((f"/xxgk/xxgknb/{folder}/{name}", href, title, day))
        return files

    def build_files(self) -> list[FileEntry]:
        files = []
        for art in self.attached(ZCWJ):
            name, _, _ = self.attachment_name(art)
            files.append(FileEntry(f"{ZCWJ.key}{art.when:%Y%m}/{name}", art.title))
        files += [FileEntry(path, title) for path, _, title, _ in self.report_files()]
        files.append(FileEntry(self.large_zip, f"黄冈市{self.large_zip_day.year - 1}年统计数据汇编", size=LARGE_SIZE))
        return files

    def fixed_pages(self) -> int:
        return len(self.fixed()) + len(self.messages())

    def fixed(self) -> dict[str, Callable[[Ctx], str]]:
        """Path → page builder of the pages that are neither lists nor articles."""
        return {
            HOME: self.home, ZWGK_REDIRECT: self.zwgk_redirect, XXGK: self.xxgk, XXGKZN: self.xxgkzn,
            XXGKZD: self.xxgkzd, FDZDGKNR: self.fdzdgknr, XXGKNB: self.xxgknb, HDJL: self.hdjl, ZT: self.zt,
            ZT_ZWXMT: self.zt_zwxmt, IFRAME: self.iframe, JGZN: self.jgzn, ZWZX: self.zwzx,
        }

    # -- routing --------------------------------------------------------------------------------
    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        path = req.path
        pages = self.fixed()
        if path in pages:
            return html_reply(pages[path](ctx))
        if path == ZWZX_DETAIL:
            message = next((m for m in self.messages() if str(m.number) == req.query.get("id")), None)
            return html_reply(self.message_page(message, ctx)) if message is not None else None
        if path == SEARCH:
            return html_reply(self.search(req.query.get("searchword", ""), ctx))
        if path == "/index.shtml":
            return redirect("/", 301)
        if path == FAULT_500:
            return html_reply(_TOMCAT_500, 500)
        if path == FAULT_SLOW:
            return Reply(body=self.page("依申请公开", "<p>依申请公开在线申请平台</p>", ctx).encode(), slow=True)
        if path == LOOP_A:
            return redirect(LOOP_B)
        if path == LOOP_B:
            return redirect(LOOP_A)
        reply = self.route_columns(path, ctx)
        if reply is not None:
            return reply
        if self.column(path) is not None:  # a column directory (never a list or article path)
            return redirect(f"{path}index.shtml", 301)
        return None

    # -- page furniture -------------------------------------------------------------------------
    def header(self) -> str:
        return (
            '<div class="top"><img src="/images/logo.png" alt="黄冈市人民政府">'
            f'<form action="{SEARCH}" method="get" target="_blank"><input type="text" name="searchword" placeholder="请输入关键词">'
            '<button type="submit">搜索</button></form></div>\n'
            '<div class="nav"><ul><li><a href="/">首页</a></li>'
            '<li><a href="/zwdt/zwyw/index.shtml">政务动态</a></li>'
            '<li><a href="/zwgk/index.shtml">政务公开</a></li>'
            '<li><a href="/xxgk/index.shtml">政府信息公开</a></li>'
            '<li><a href="/hdjl/index.shtml">互动交流</a></li>'
            '<li><a href="/zt/index.shtml">专题专栏</a></li></ul></div>\n'
        )

    def footer(self, ctx: Ctx) -> str:
        home = ctx.url(self.host, "/")
        return (
            '<div class="footer">\n'
            '<p>主办单位：黄冈市人民政府办公室　承办单位：黄冈市政务服务和大数据管理局</p>\n'
            f'<p>网站标识码：{self.site_code}　{icp_link(ctx, "鄂ICP备05002000号-1")}　'
            f'{police_link(ctx, "鄂公网安备 42110202000123号", "42110202000123")}</p>\n'
            '<p>联系电话：0713-8626110　地址：黄冈市黄州区东门路1号　邮编：438000</p>\n'
            f'<p class="marks">{conac_mark(ctx, self.host)}　{jiucuo_link(ctx, self.site_code, home)}</p>\n'
            '</div>'
        )

    def page(self, title: str, main: str, ctx: Ctx, meta: Meta | None = None, head_extra: str = "") -> str:
        meta = meta or self.meta()
        body = f'{self.header()}<div class="main">\n{main}\n</div>\n{self.footer(ctx)}'
        return document(f"{title}_{self.name}" if title != self.name else title, meta, body, head_extra=head_extra)

    def rows(self, col: Column, arts: list[Article], prefix: str) -> str:
        return "\n".join(
            f'<li><a href="{prefix}{self.article_rel(a)[2:]}" target="_blank" title="{esc(a.title)}">'
            f"{esc(a.title)}</a><span>{fmt_date(a.when, col.date_style)}</span></li>"
            for a in arts
        )

    # -- pages ----------------------------------------------------------------------------------
    def home(self, ctx: Ctx) -> str:
        block = []
        for col, count in ((ZWYW, 5), (TZGG, 5), (ZCWJ, 5)):
            prefix = "." + col.key
            block.append(
                f'<div class="block"><h2>{col.name}</h2><a class="more" href="{prefix}index.shtml">更多&gt;&gt;</a>'
                f'<ul>\n{self.rows(col, self.page_items(col, 0)[:count], prefix)}\n</ul></div>'
            )
        zfgb = self.dcol("/zfgb/")
        block.append(
            f'<div class="block"><h2><a href="./zfgb/index.shtml">政府公报</a></h2>'
            f'<ul>\n{self.rows(zfgb, self.page_items(zfgb, 0)[:3], "./zfgb/")}\n</ul></div>'
        )
        counties = "".join(
            f'<a href="{ctx.url(h, "/")}" target="_blank">{n}</a> '
            for h, n in (("www.hazf.gov.cn.test", "红安县"), ("www.macheng.gov.cn.test", "麻城市"),
                         ("www.qichun.gov.cn.test", "蕲春县"), ("www.xishui.gov.cn.test", "浠水县"))
        )
        main = (
            "\n".join(block)
            + '\n<div class="block"><a href="./xxgk/zcjd/index.shtml">政策解读</a> '
            '<a href="./xxgk/xxgknb/index.shtml">政府信息公开年报</a></div>'
            '\n<div class="banner"><a href="./zt/lwlb/index.shtml"><img src="/images/logo.png" alt="“六稳六保”专题"></a>'
            ' <a href="./xxgk/fdzdgknr/zqyj/index.shtml">征求意见</a>'
            f' <a href="{ZWZX}">政务咨询</a> <a href="./zt/zwxmt/index.shtml">政务新媒体</a></div>'
            '\n<div class="zwfw"><h2>政务服务</h2>'
            f'<iframe src="{IFRAME}" width="100%" height="120" frameborder="0" scrolling="no"></iframe>'
            f'<a href="javascript:void(0)" onclick="window.open(\'{ctx.url(HUBEI_HOST, "/")}\')">湖北省人民政府门户网站</a> '
            f'<a href="{ctx.url(WAF_HOST, "/")}" target="_blank">湖北政务服务网</a></div>'
            f'\n<div class="counties"><h3>县市区</h3>{counties}</div>'
            '\n<div class="links"><h3>友情链接</h3>'
            f'<a href="{ctx.url(GOV_HOST, "/")}" target="_blank">中国政府网</a> '
            f'<a href="{ctx.url(HUBEI_HOST, "/")}" target="_blank">湖北省人民政府</a> '
            f'<a href="{ctx.url(NXDOMAIN_HOST, "/")}" target="_blank">黄冈市民族宗教事务局（原）</a></div>'
        )
        return self.page(self.name, main, ctx, self.meta("首页", "首页"))

    def zwgk_redirect(self, ctx: Ctx) -> str:
        return document(
            "政务公开", self.meta("政务公开", "跳转"), "<p>页面跳转中……</p>",
            head_extra=f'<meta http-equiv="refresh" content="0;url={XXGK}">\n',
        )

    def xxgk(self, ctx: Ctx) -> str:
        """The 政府信息公开 platform: its four sections, then the sub-columns of 法定主动公开内容."""
        sections = (
            ("./xxgkzn/index.shtml", "政府信息公开指南"), ("./xxgkzd/index.shtml", "政府信息公开制度"),
            ("./fdzdgknr/index.shtml", "法定主动公开内容"), ("./xxgknb/index.shtml", "政府信息公开年报"),
        )
        main = (
            '<h1>黄冈市人民政府信息公开</h1><ul class="sections">'
            + "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in sections)
            + "</ul><h2>法定主动公开内容</h2><ul>"
            + self.statutory_links("./fdzdgknr/", "./")
            + f'<li><a href="./ysqgk/index.jsp">依申请公开</a></li>'
            f'<li><a href="{ctx.url(HUBEI_HOST, "/xxgk/")}" target="_blank">湖北省政府信息公开专栏</a></li></ul>'
        )
        return self.page("政府信息公开", main, ctx, self.meta("政府信息公开", "栏目首页"))

    def statutory_links(self, sub: str, up: str) -> str:
        """The sub-columns of 法定主动公开内容 as `<li>` links (`sub` = the fdzdgknr folder, `up` = /xxgk/)."""
        items = (
            (f"{sub}gfxwj/index.shtml", "规范性文件库"), (f"{up}zcwj/index.shtml", "政策文件"),
            (f"{up}zcjd/index.shtml", "政策解读"), (f"{sub}jgzn/index.shtml", "机构职能"),
            (f"{sub}qzqd/index.shtml", "权责清单"), (f"{sub}zdjc/index.shtml", "重大行政决策事项目录"),
            (f"{sub}zqyj/index.shtml", "征求意见"), (f"{sub}yjya/index.shtml", "应急预案"),
        )
        return "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in items)

    def text_page(self, title: str, column: str, ctx: Ctx, text: str = "") -> str:
        text = text or self.body_text(5, title)
        crumb = f'<div class="crumb"><a href="/">首页</a> &gt; <a href="/xxgk/index.shtml">政府信息公开</a> &gt; {column}</div>'
        return self.page(title, f"{crumb}<h1>{title}</h1>{text}", ctx, self.meta(column, "单篇"))

    def xxgkzn(self, ctx: Ctx) -> str:
        return self.text_page("黄冈市人民政府信息公开指南", "政府信息公开指南", ctx,
                              dc.guide_text(self.name, "0713-8626110") + self.body_text(2, "guide"))

    def xxgkzd(self, ctx: Ctx) -> str:
        return self.text_page("黄冈市政府信息公开制度", "政府信息公开制度", ctx,
                              dc.system_text(self.name) + self.body_text(2, "system"))

    def jgzn(self, ctx: Ctx) -> str:
        return self.text_page("黄冈市人民政府办公室机构职能", "机构职能", ctx,
                              dc.functions_text("黄冈市人民政府办公室", "0713-8626110", "黄冈市黄州区东门路1号"))

    def fdzdgknr(self, ctx: Ctx) -> str:
        main = (
            '<div class="crumb"><a href="/">首页</a> &gt; <a href="../index.shtml">政府信息公开</a> &gt; 法定主动公开内容</div>'
            f'<ul>{self.statutory_links("./", "../")}'
            '<li><a href="/zwgk/tzgg/index.shtml">通知公告</a></li><li><a href="../xxgknb/index.shtml">年报</a></li></ul>'
        )
        return self.page("法定主动公开内容", main, ctx, self.meta("法定主动公开内容", "栏目首页"))

    def xxgknb(self, ctx: Ctx) -> str:
        rows = "\n".join(
            f'<li><a href="{href}" target="_blank">{title}</a><span>{day}</span></li>'
            for _, href, title, day in self.report_files()
        )
        rows += (f'\n<li><a href="./{self.large_zip.split("/")[-2]}/{self.large_zip.rsplit("/", 1)[-1]}">'
                 f"黄冈市{self.large_zip_day.year - 1}年统计数据汇编（数据包）</a><span>{self.large_zip_day:%Y-%m-%d}</span></li>")
        main = (
            '<div class="crumb"><a href="/">首页</a> &gt; <a href="../index.shtml">政府信息公开</a> &gt; 政府信息公开年报</div>'
            f'<ul class="list">\n{rows}\n</ul>'
        )
        return self.page("政府信息公开年报", main, ctx, self.meta("政府信息公开年报", "列表"))

    def hdjl(self, ctx: Ctx) -> str:
        main = (
            "<h1>互动交流</h1><ul>"
            f'<li><a href="{ZWZX}">政务咨询</a></li>'
            '<li><a href="./ldxx/list.jsp">市长信箱</a></li>'
            '<li><a href="/xxgk/fdzdgknr/zqyj/index.shtml">意见征集</a></li>'
            '<li><a href="/xxgk/xxgkzn/index.shtml">依申请公开指南</a></li></ul>'
        )
        return self.page("互动交流", main, ctx, self.meta("互动交流", "栏目首页"))

    def zwzx(self, ctx: Ctx) -> str:
        rows = dc.message_rows(self.messages(), lambda m: f"detail.jsp?id={m.number}")
        main = ('<div class="crumb"><a href="/">首页</a> &gt; <a href="/hdjl/index.shtml">互动交流</a> &gt; 政务咨询</div>'
                f'<table class="list">{dc.MESSAGE_HEAD}{rows}</table>')
        return self.page("政务咨询", main, ctx, self.meta("政务咨询", "列表"))

    def message_page(self, message: dc.Message, ctx: Ctx) -> str:
        main = ('<div class="crumb"><a href="/">首页</a> &gt; <a href="/hdjl/index.shtml">互动交流</a> &gt; '
                f'<a href="{ZWZX}">政务咨询</a></div><h1>{esc(message.title)}</h1>{dc.message_body(message, self.region)}')
        return self.page(message.title, main, ctx, self.meta("政务咨询", "留言"))

    def search(self, word: str, ctx: Ctx) -> str:
        hits = self.page_items(ZWYW, 0)[:5]
        rows = self.rows(ZWYW, hits, ZWYW.key)
        main = f'<h1>站内搜索</h1><p>关键词：{esc(word)}　共找到{len(hits)}条结果</p><ul class="list">{rows}</ul>'
        return self.page("站内搜索", main, ctx, self.meta("站内搜索", "搜索"))

    def zt(self, ctx: Ctx) -> str:
        main = (
            "<h1>专题专栏</h1><ul>"
            '<li><a href="./lwlb/index.shtml">“六稳六保”专题</a></li>'
            '<li><a href="./zwxmt/index.shtml">政务新媒体</a></li>'
            '<li><a href="./2025/a.shtml">2025年优化营商环境专题</a></li></ul>'
        )
        return self.page("专题专栏", main, ctx, self.meta("专题专栏", "栏目首页"))

    def zt_zwxmt(self, ctx: Ctx) -> str:
        return self.page("政务新媒体", dc.new_media(media.matrix(self.host)), ctx, self.meta("政务新媒体", "专题"))

    def iframe(self, ctx: Ctx) -> str:
        body = (
            '<ul class="zwfw"><li><a href="/xxgk/xxgkzn/index.shtml" target="_top">办事指南</a></li>'
            f'<li><a href="{ctx.url(HUBEI_HOST, "/")}" target="_blank">湖北省人民政府</a></li></ul>'
        )
        return document("政务服务", None, body)

    def list_page(self, col: Column, page: int, ctx: Ctx) -> str:
        rows = self.rows(col, self.page_items(col, page), "./")
        if col is TZGG and page == 0:
            day = self.pinned_day
            pinned = (f'<li class="top"><a href="./{day:%Y%m}/t{day:%Y%m%d}_{PINNED_ID}.shtml" target="_blank">[置顶] '
                      f"关于{day.year}年国庆节假期值班安排的通知</a><span>{day:%Y/%m/%d}</span></li>")
            rows = pinned + "\n" + rows
        main = (
            f'<div class="crumb"><a href="/">首页</a> &gt; {col.name}</div>\n<ul class="list">\n{rows}\n</ul>\n'
            f'<div class="page">{CREATE_PAGE_HTML_JS}\n<script type="text/javascript">'
            f'createPageHTML({self.n_pages(col)}, {page}, "index", "shtml");</script></div>'
        )
        return self.page(col.name, main, ctx, self.meta(col.name, "列表"))

    def article_page(self, art: Article, ctx: Ctx) -> str:
        col = art.column
        text = self.body_text(4, col.key, art.index, "body") + self.entry_text(art)
        files = ""
        if col is ZCWJ and art.index < col.attachments:
            _, href, label = self.attachment_name(art)
            files = f'<div class="fj">附件：<a href="./{href}">{esc(label)}</a>'
            if art.index == 0:
                broken = self.broken_attachment_path().rsplit("/", 1)[-1]
                files += f' <a href="./{broken}">附件2.pdf</a>'
            files += "</div>"
        main = (
            f'<div class="crumb"><a href="/">首页</a> &gt; <a href="../index.shtml">{col.name}</a></div>'
            f"<h1>{esc(art.title)}</h1>"
            f'<div class="info">发布时间：{art.when:%Y-%m-%d %H:%M}　来源：黄冈市人民政府办公室</div>'
            f'<div class="content">{text}{files}</div>'
        )
        return self.page(art.title, main, ctx, self.meta(col.name, "文章", art))

    # -- faults ---------------------------------------------------------------------------------
    def faults(self) -> list[Fault]:
        h = self.host
        zcwj0 = self.article_path(self.article(ZCWJ, 0))
        return [
            Fault(h, "broken-links-homepage", NXDOMAIN_HOST, "/", "nxdomain",
                  "友情链接指向已撤销机构的域名（机构改革后域名不再解析，NXDOMAIN）", HOME),
            Fault(h, "broken-links-other", h, self.fault_404, "http-404",
                  "通知公告列表首页置顶条目指向已删除的文章（HTTP 404）", TZGG.key + "index.shtml"),
            Fault(h, "broken-links-other", h, FAULT_500, "http-500", "互动交流页的市长信箱链接返回 HTTP 500", HDJL),
            Fault(h, "broken-links-other", h, FAULT_SLOW, "timeout",
                  "政府信息公开页的依申请公开链接在 slow_seconds 秒后才响应（超时）", XXGK),
            Fault(h, "broken-links-other", h, LOOP_A, "redirect-loop",
                  "专题专栏页的专题链接 /zt/2025/a.shtml 与 b.shtml 互相重定向（循环）", ZT),
            Fault(h, "broken-links-other", h, self.broken_attachment_path(), "attachment-404",
                  "政策文件文章的附件链接（.pdf）返回 HTTP 404", zcwj0),
            Fault(h, "broken-links-homepage", WAF_HOST, "/", "waf",
                  "首页“湖北政务服务网”链接返回 HTTP 412 瑞数式 JavaScript 挑战页（应判无法判定）", HOME,
                  expect="inconclusive"),
            Fault(h, "broken-links-other", HUBEI_HOST, "/xxgk/", "rate-limit",
                  "政府信息公开页的省级链接首次请求返回 429（Retry-After: 1），10 秒内重试返回 200（应判通过）",
                  XXGK, expect="pass"),
            Fault(h, "broken-links-other", h, self.large_zip, "large-attachment",
                  f"年报页的 {LARGE_SIZE} 字节数据包附件（流式输出，支持 Range；不应整包下载，应判通过）",
                  XXGKNB, expect="pass"),
            *self.column_faults(),
        ]

    def column_faults(self) -> list[Fault]:
        h = self.host
        short = self.notice(20)
        reasoned = self.notice(15)
        zqyj = self.dcol("/xxgk/fdzdgknr/zqyj/")
        pending = next(m for m in self.messages() if m.answered is None)
        return [
            Fault(h, "consultation-period", h, self.article_path(short), "consultation-short",
                  f"征求意见栏目（{zqyj.key}index.shtml）中的公告“{short.title}”写明的征求意见时间只有20天"
                  f"（{dc.cn_date(short.when.date())}起），且未说明期限少于30日的理由"),
            Fault(h, "consultation-period", h, self.article_path(reasoned), "consultation-short-reason",
                  f"征求意见公告“{reasoned.title}”的征求意见时间为15天，但公告中说明了缩短期限的理由（时间紧急），应判通过",
                  expect="pass"),
            Fault(h, "interaction-response", h, "/", "message-pending-recent",
                  f"政务咨询列表（{ZWZX}）中有一条{pending.asked:%Y-%m-%d}（检查日前2天）的留言尚未答复，"
                  "未超过3个月，其余留言均已在一周内答复：应判通过", expect="pass"),
        ]


_TOMCAT_500 = """<!doctype html><html lang="en"><head><title>HTTP Status 500 – Internal Server Error</title></head>
<body><h1>HTTP Status 500 – Internal Server Error</h1><hr class="line" /><p><b>Type</b> Exception Report</p>
<p><b>Message</b> java.lang.NullPointerException</p><hr class="line" /><h3>Apache Tomcat/8.5.51</h3></body></html>"""
