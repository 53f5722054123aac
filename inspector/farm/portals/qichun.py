"""蕲春县人民政府 (county portal), "portal public platform" style (as on hg.gov.cn's counties).

Lists are `/zwgk/public/column/6636765?type=4&catId=7035689&action=list` with `&page=2` paging, articles
`/zwgk/public/6636765/1416680.html`. Link forms used here: `<area href>` (an image map of towns) and
`href="javascript:openUrl('…')"`. The footer is written by an external script, `/js/footer.js`
(`document.write('…')` line by line), so its marks exist only in that file; the 党政机关 mark it writes is
itself inserted by a conac script.
Seeded here: an ICP number without the province abbreviation (in footer.js), an internal 404 on the homepage, and
six blank columns under 法定主动公开内容 (their lists say 暂无信息, 共0条).
Benign: the other footer marks, found only by reading footer.js (they must pass). The 权责清单 column is linked
only by a "更多" link: its name is in the column page's ColumnName meta (and the block heading), not in the link.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from inspector.farm import disclosure as dc
from inspector.farm.portals import media
from inspector.farm.base import Article, Column, Ctx, Fault, FileEntry, Reply, Request, html_reply
from inspector.farm.content import fmt_date
from inspector.farm.markup import Meta, conac_script, document, esc, icp_link, jiucuo_link, police_link
from inspector.farm.portals.common import GovPortal, list_items, pager_links

logger = logging.getLogger(__name__)

HOST = "www.qichun.gov.cn.test"
GOV_HOST = "www.gov.cn.test"
HUBEI_HOST = "www.hubei.gov.cn.test"
ORG = "6636765"
COLUMN_PATH = f"/zwgk/public/column/{ORG}"
STRIDE = 100_000
MISSING_CAT = "7035999"  # 领导之窗: linked from the homepage, never published
FOOTER_JS = "/js/footer.js"  # writes the footer of every page

NEWS = Column("7035688", "工作动态", "news", 1_400_000, 40, 10, gap_hours=20)
NOTICE = Column("7035689", "通知公告", "notice", 1_500_000, 25, 10, gap_hours=55, offset_hours=2, date_style="dot")
POLICY = Column("7035690", "政策文件", "policy", 1_600_000, 20, 10, gap_hours=120, offset_hours=15, attachments=4)
READ = Column("7035691", "政策解读", "interpretation", 1_700_000, 10, 10, gap_hours=180, offset_hours=40)
TOWNS = ("漕河镇", "赤东镇", "蕲州镇")
PLATFORM = "/xxgk/index.html"
GUIDE, SYSTEM, STATUTORY, FUNCTIONS = "/xxgk/xxgkzn.html", "/xxgk/xxgkzd.html", "/xxgk/fdzdgknr.html", "/xxgk/jgzn.html"
HDJL, LETTERS, LETTER = "/hdjl/index.html", "/hdjl/xzxx/list.html", "/hdjl/xzxx/show.html"  # ?id=N
XMT, SEARCH = "/zwxmt/index.html", "/search/index.html"
GFXWJ, YJYA, QZQD, ZDJC, ZQYJ, JCGK, LWLB, NB = (str(7035700 + n) for n in range(8))
BLANK = ("统计信息", "财政预决算", "政府采购", "重点项目", "行政执法", "审计信息")  # catIds 7035710…: 暂无信息
_EXTS = ("wps", "ofd", "pdf", "doc")
_ARTICLE = re.compile(rf"^/zwgk/public/{ORG}/(?P<id>\d+)\.html$")
_TOWN = re.compile(r"^/zjqc/xzjj/(?P<n>\d)\.html$")


class Qichun(GovPortal):
    host = HOST
    name = "蕲春县人民政府"
    region = "蕲春县"
    site_code = "4211260001"
    columns = (NEWS, NOTICE, POLICY, READ)

    def disclosure_columns(self) -> tuple[Column, ...]:
        t, seed, r = self.today, self.seed, self.region
        specs = (
            (GFXWJ, "规范性文件", dc.normative(self.name, r, t, seed, "蕲政")),
            (YJYA, "应急预案", dc.emergency_plans(r, t, seed)), (QZQD, "权责清单", dc.power_list(self.name, t)),
            (ZDJC, "重大行政决策事项目录", dc.decisions(r, t, seed)), (ZQYJ, "征求意见", dc.consultations(r, t, seed)),
            (JCGK, "基层政务公开标准目录", dc.grassroots(r, t, seed)), (LWLB, "“六稳六保”专题", dc.liubao(r, t)),
            (NB, "政府信息公开年报", dc.annual_reports(self.name, t)),
        )
        full = tuple(Column(cat, name, "notice", 1_800_000 + STRIDE * n, 0, 20, entries=items)
                     for n, (cat, name, items) in enumerate(specs))
        blank = tuple(Column(str(7035710 + n), name, "notice", 2_600_000 + STRIDE * n, 0, 20, blank=True)
                      for n, name in enumerate(BLANK))
        return full + blank

    def messages(self) -> tuple[dc.Message, ...]:
        return dc.messages(self.region, self.today, self.seed, unit="蕲春县人民政府办公室")

    def fixed_pages(self) -> int:
        # homepage, 政务公开 landing, the towns of the image map, the platform and its single pages, 互动交流,
        # 县长信箱, 政务新媒体, the messages
        return 2 + len(TOWNS) + len(self.singles()) + len(self.messages())

    def singles(self) -> dict[str, Callable[[Ctx], str]]:
        return {PLATFORM: self.platform, GUIDE: self.guide, SYSTEM: self.system, STATUTORY: self.statutory,
                FUNCTIONS: self.functions, HDJL: self.hdjl, LETTERS: self.letters, XMT: self.xmt}

    @staticmethod
    def list_path(cat: str, page: int = 0) -> str:
        return f"{COLUMN_PATH}?type=4&catId={cat}&action=list" + (f"&page={page + 1}" if page > 0 else "")

    @staticmethod
    def article_path(art: Article) -> str:
        return f"/zwgk/public/{ORG}/{art.id}.html"

    def attachment(self, art: Article) -> str:
        return f"/zwgk/public/upload/{art.when:%Y%m%d}/{art.id}_{art.index + 1}.{_EXTS[art.index % len(_EXTS)]}"

    def build_files(self) -> list[FileEntry]:
        return [FileEntry(self.attachment(a), a.title) for a in self.attached(POLICY)]

    # -- routing --------------------------------------------------------------------------------
    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        path = req.path
        if path == FOOTER_JS:
            return Reply(body=self.footer_js(ctx).encode("utf-8"), content_type="application/javascript; charset=utf-8")
        if path in ("/", "/index.html"):
            return html_reply(self.home(ctx))
        if path == "/zwgk/index.html":
            return html_reply(self.zwgk(ctx))
        singles = self.singles()
        if path in singles:
            return html_reply(singles[path](ctx))
        if path == LETTER:
            message = next((m for m in self.messages() if str(m.number) == req.query.get("id")), None)
            return html_reply(self.letter(message, ctx)) if message is not None else None
        if path == SEARCH:
            return html_reply(self.search(req.query.get("keywords", ""), ctx))
        if path == COLUMN_PATH:
            q = req.query
            col = self.column(q.get("catId", ""))
            if col is None or q.get("type") != "4" or q.get("action") != "list":
                return None
            page = q.get("page", "1")
            if page.isdigit() and 1 <= int(page) <= self.n_pages(col):
                return html_reply(self.list_page(col, int(page) - 1, ctx))
            return None
        match = _ARTICLE.match(path)
        if match:
            article_id = int(match["id"])
            col = next((c for c in self.columns if c.id_base <= article_id < c.id_base + STRIDE), None)
            art = self.locate(col, article_id) if col is not None else None
            return html_reply(self.article_page(art, ctx)) if art is not None else None
        match = _TOWN.match(path)
        if match and 1 <= int(match["n"]) <= len(TOWNS):
            return html_reply(self.town(int(match["n"]), ctx))
        return None

    # -- page furniture -------------------------------------------------------------------------
    def footer_lines(self, ctx: Ctx) -> list[str]:
        return [
            '<div class="footer"><div class="w1200">',
            "<p>主办单位：蕲春县人民政府办公室　联系电话：0713-7223456　地址：蕲春县漕河镇（示例）</p>",
            f"<p>网站标识码：{self.site_code}　{icp_link(ctx, 'ICP备05002001号')}　"
            f"{police_link(ctx, '鄂公网安备：42112602000089', '42112602000089')}</p>",
            f'<p class="marks">{conac_script(ctx, self.host)}　'
            f"{jiucuo_link(ctx, self.site_code, ctx.url(self.host, '/'))}</p>",
            "</div></div>",
        ]

    def footer_js(self, ctx: Ctx) -> str:
        """/js/footer.js: the footer, one document.write per line (`</` escaped, as inside a script it must be)."""
        lines = (line.replace("\\", "\\\\").replace("'", "\\'").replace("</", "<\\/")
                 for line in self.footer_lines(ctx))
        return "/* 蕲春县人民政府 页脚 */\n" + "".join(f"document.write('{line}');\n" for line in lines)

    def footer(self, ctx: Ctx) -> str:
        return f'<script type="text/javascript" src="{FOOTER_JS}"></script>'

    def page(self, title: str, main: str, ctx: Ctx, meta: Meta) -> str:
        nav = (
            '<div class="nav"><a href="/">首页</a><a href="/zwgk/index.html">政务公开</a>'
            f'<a href="{esc(self.list_path(NEWS.key))}">工作动态</a><a href="{esc(self.list_path(NOTICE.key))}">通知公告</a>'
            f'<a href="{PLATFORM}">政府信息公开</a><a href="{HDJL}">互动交流</a></div>'
        )
        search = (f'<div class="search"><form action="{SEARCH}" method="get" target="_blank">'
                  '<input type="text" name="keywords" placeholder="请输入搜索内容"><button type="submit">搜索</button></form></div>')
        body = (f'<div class="header"><img src="/images/logo.png" alt="{self.name}">{search}</div>{nav}\n{main}\n'
                f"{self.footer(ctx)}")
        return document(title, meta, body, head_extra='<script type="text/javascript" src="/js/common.js"></script>\n')

    # -- pages ----------------------------------------------------------------------------------
    def home(self, ctx: Ctx) -> str:
        blocks = "".join(
            f'<div class="block"><h2>{col.name}</h2><a class="more" href="{esc(self.list_path(col.key))}">更多</a>'
            f"<ul>{list_items(self.page_items(col, 0)[:count], self.article_path)}</ul></div>\n"
            for col, count in ((NEWS, 5), (NOTICE, 5), (POLICY, 4))
        )
        areas = "".join(
            f'<area shape="rect" coords="{i * 60},0,{i * 60 + 60},60" href="/zjqc/xzjj/{i + 1}.html" alt="{t}">'
            for i, t in enumerate(TOWNS)
        )
        main = (
            f'<div class="main">{blocks}'
            f'<div class="block"><a href="{esc(self.list_path(READ.key))}">政策解读</a> '
            f'<a href="{esc(self.list_path(MISSING_CAT))}">领导之窗</a></div>\n'
            f'<div class="block"><h2>专题专栏</h2><a href="{esc(self.list_path(LWLB))}">“六稳六保”专题</a> '
            f'<a href="{LETTERS}">县长信箱</a> <a href="{esc(self.list_path(ZQYJ))}">征求意见</a> '
            f'<a href="{XMT}">政务新媒体</a></div>\n'
            f'<div class="map"><h2>走进蕲春</h2><img src="/images/logo.png" usemap="#xzmap" alt="乡镇地图">'
            f'<map name="xzmap">{areas}</map></div>\n'
            '<div class="links">友情链接：'
            f"<a href=\"javascript:openUrl('{ctx.url(GOV_HOST, '/')}')\">中国政府网</a> "
            f"<a href=\"javascript:openUrl('{ctx.url(HUBEI_HOST, '/')}')\">湖北省人民政府</a></div></div>"
        )
        return self.page(self.name, main, ctx, self.meta("首页", "首页"))

    def zwgk(self, ctx: Ctx) -> str:
        items = "".join(f'<li><a href="{esc(self.list_path(c.key))}">{c.name}</a></li>' for c in type(self).columns)
        return self.page(f"政务公开_{self.name}", f'<div class="main"><h1>政务公开</h1><ul>{items}</ul></div>', ctx,
                         self.meta("政务公开", "栏目首页"))

    def single(self, title: str, column: str, inner: str, ctx: Ctx, up: tuple[str, str] = (PLATFORM, "政府信息公开")
               ) -> str:
        crumb = f'<div class="crumb"><a href="/">首页</a> &gt; <a href="{up[0]}">{up[1]}</a> &gt; {column}</div>'
        return self.page(f"{title}_{self.name}", f'<div class="main">{crumb}<h1>{title}</h1>{inner}</div>', ctx,
                         self.meta(column, "单篇"))

    def statutory_items(self) -> list[tuple[str, str]]:
        cols = [(GFXWJ, "规范性文件"), (POLICY.key, "政策文件"), (READ.key, "政策解读"), (ZDJC, "重大行政决策事项目录"),
                (ZQYJ, "征求意见"), (YJYA, "应急预案"), (JCGK, "基层政务公开标准目录")]
        blank = [(str(7035710 + n), name) for n, name in enumerate(BLANK)]
        return [(esc(self.list_path(cat)), name) for cat, name in cols] + [(FUNCTIONS, "机构职能")] + [
            (esc(self.list_path(cat)), name) for cat, name in blank]

    def platform(self, ctx: Ctx) -> str:
        sections = ((GUIDE, "政府信息公开指南"), (SYSTEM, "政府信息公开制度"), (STATUTORY, "法定主动公开内容"),
                    (esc(self.list_path(NB)), "政府信息公开年报"))
        links = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in sections)
        items = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in self.statutory_items())
        power = f'<div class="block"><h2>权责清单</h2><a class="more" href="{esc(self.list_path(QZQD))}">更多</a></div>'
        main = (f'<div class="main"><h1>蕲春县人民政府信息公开</h1><ul class="sections">{links}</ul>'
                f"<h2>法定主动公开内容</h2><ul>{items}</ul>{power}</div>")
        return self.page(f"政府信息公开_{self.name}", main, ctx, self.meta("政府信息公开", "栏目首页"))

    def statutory(self, ctx: Ctx) -> str:
        items = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in self.statutory_items())
        return self.single("法定主动公开内容", "法定主动公开内容", f"<ul>{items}</ul>", ctx)

    def guide(self, ctx: Ctx) -> str:
        return self.single("蕲春县人民政府信息公开指南", "政府信息公开指南", dc.guide_text(self.name, "0713-7223456"), ctx)

    def system(self, ctx: Ctx) -> str:
        return self.single("蕲春县政府信息公开制度", "政府信息公开制度", dc.system_text(self.name), ctx)

    def functions(self, ctx: Ctx) -> str:
        inner = dc.functions_text("蕲春县人民政府办公室", "0713-7223456", "蕲春县漕河镇（示例）")
        return self.single("机构职能", "机构职能", inner, ctx)

    def hdjl(self, ctx: Ctx) -> str:
        inner = f'<ul><li><a href="{LETTERS}">县长信箱</a></li><li><a href="{esc(self.list_path(ZQYJ))}">征求意见</a></li></ul>'
        return self.single("互动交流", "互动交流", inner, ctx, ("/", "首页"))

    def letters(self, ctx: Ctx) -> str:
        rows = dc.message_rows(self.messages(), lambda m: f"show.html?id={m.number}")
        main = (f'<div class="main"><div class="crumb"><a href="/">首页</a> &gt; <a href="{HDJL}">互动交流</a> &gt; 县长信箱'
                f'</div><table class="list">{dc.MESSAGE_HEAD}{rows}</table></div>')
        return self.page(f"县长信箱_{self.name}", main, ctx, self.meta("县长信箱", "列表"))

    def letter(self, message: dc.Message, ctx: Ctx) -> str:
        return self.single(message.title, "县长信箱", dc.message_body(message, self.region), ctx, (LETTERS, "县长信箱"))

    def xmt(self, ctx: Ctx) -> str:
        matrix = dc.new_media(media.matrix(self.host))
        main = f'<div class="main"><div class="crumb"><a href="/">首页</a> &gt; 政务新媒体</div>{matrix}</div>'
        return self.page(f"政务新媒体_{self.name}", main, ctx, self.meta("政务新媒体", "单篇"))

    def search(self, word: str, ctx: Ctx) -> str:
        hits = self.page_items(NEWS, 0)[:5]
        main = (f'<div class="main"><h1>站内搜索</h1><p>关键词：{esc(word)}　共找到{len(hits)}条结果</p>'
                f"<ul>{list_items(hits, self.article_path)}</ul></div>")
        return self.page(f"站内搜索_{self.name}", main, ctx, self.meta("站内搜索", "搜索"))

    def town(self, number: int, ctx: Ctx) -> str:
        name = TOWNS[number - 1]
        text = self.body_text(2, name)
        return self.page(f"{name}_{self.name}", f'<div class="main"><h1>{name}</h1>{text}</div>', ctx,
                         self.meta("走进蕲春", "单篇"))

    def pager(self, col: Column, page: int) -> str:
        total = self.n_pages(col)
        parts = pager_links(page, total, lambda n: esc(self.list_path(col.key, n)))
        return f'<div class="pager">共{self.n_articles(col)}条 {" ".join(parts)}</div>'

    def list_page(self, col: Column, page: int, ctx: Ctx) -> str:
        rows = "".join(
            f'<tr><td>{ORG}-{a.when:%Y}-{a.id % 10000:04d}</td><td><a href="{self.article_path(a)}" target="_blank">'
            f"{esc(a.title)}</a></td><td>{fmt_date(a.when, col.date_style)}</td></tr>"
            for a in self.page_items(col, page)
        ) or '<tr><td colspan="3" class="empty">暂无信息</td></tr>'
        main = (f'<div class="main"><div class="crumb"><a href="/">首页</a> &gt; <a href="/zwgk/index.html">政务公开</a>'
                f' &gt; {col.name}</div><table class="list"><tr><th>索引号</th><th>标题</th><th>发布日期</th></tr>'
                f"{rows}</table>{self.pager(col, page)}</div>")
        return self.page(f"{col.name}_{self.name}", main, ctx, self.meta(col.name, "列表"))

    def article_page(self, art: Article, ctx: Ctx) -> str:
        col = art.column
        text = self.body_text(4, col.key, art.index, "body") + self.entry_text(art)
        if col is POLICY and art.index < col.attachments:
            text += f'<p>附件：<a href="{self.attachment(art)}">{esc(art.title)}.{_EXTS[art.index % len(_EXTS)]}</a></p>'
        main = (
            f'<div class="main"><div class="crumb"><a href="/">首页</a> &gt; '
            f'<a href="{esc(self.list_path(col.key))}">{col.name}</a></div><h1>{esc(art.title)}</h1>'
            f'<table class="xxgk"><tr><td>索引号：{ORG}-{art.when:%Y}-{art.id % 10000:04d}</td>'
            f"<td>发布日期：{fmt_date(art.when, 'cn')}</td></tr></table>{text}</div>"
        )
        return self.page(f"{art.title}_{self.name}", main, ctx, self.meta(col.name, "文章", art))

    # -- faults ---------------------------------------------------------------------------------
    def faults(self) -> list[Fault]:
        h = self.host
        scripted = "页脚由外部脚本 /js/footer.js 以 document.write(...) 写出，首页 HTML 中没有该标识（内容完整，应判通过）"
        return [
            Fault(h, "footer-icp", h, "/", "footer-format",
                  "ICP 备案号缺少省份简称：ICP备05002001号（应为 鄂ICP备…），写在外部脚本 /js/footer.js 中"),
            Fault(h, "broken-links-homepage", h, self.list_path(MISSING_CAT), "http-404",
                  "首页“领导之窗”栏目链接返回 HTTP 404", "/"),
            Fault(h, "column-blank", h, "/", "column-blank",
                  f"法定主动公开内容下有{len(BLANK)}个空白栏目（{'、'.join(BLANK)}，catId 7035710—{7035709 + len(BLANK)}），"
                  "列表页显示“暂无信息”“共0条”（单项否决）"),
        ] + [
            Fault(h, rule, h, "/", "footer-script-file", scripted, expect="pass")
            for rule in ("footer-site-code", "footer-police-record", "footer-conac-mark", "footer-error-report")
        ]
