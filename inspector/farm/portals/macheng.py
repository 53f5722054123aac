"""麻城市人民政府 (county-level city), a hand-built ASP site served in GBK.

Pages are GB18030/GBK bytes, declare only `<meta charset=gb2312>` (no charset in the HTTP header) and use
characters outside GB2312 (镕 喆 堃), so decoding as GB2312 fails. Lists are `/news/list.asp?id=3` with
`&page=N` links, articles `/news/show.asp?id=812`. The homepage uses `<base href>` and relative links.
Seeded here: no 网站标识码 (nor the 找错 entry, which needs it), one link answering HTTP 500, and a 政府信息公开
platform without its 法定主动公开内容 section (the sub-columns are listed on the platform page itself; a news title
mentions 法定主动公开内容 but is no column). Benign: the GBK 新闻动态 list dates its rows `[11-20]` (year implied).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from inspector.farm import disclosure as dc
from inspector.farm.portals import media
from inspector.farm.base import Article, Column, Ctx, Fault, FileEntry, Reply, Request, html_reply
from inspector.farm.content import fmt_date
from inspector.farm.markup import Meta, conac_mark, document, esc, icp_link, police_link
from inspector.farm.portals.common import GovPortal, list_items, pager_links

logger = logging.getLogger(__name__)

HOST = "www.macheng.gov.cn.test"
ENCODING = "gb18030"
CHARSET_TAG = "<meta charset=gb2312>"
LEADERS = "市委书记：王镕　市长：刘堃　常务副市长：陈喆"  # 镕 喆 堃 are GBK-only characters
FAULT_500_ID = 99999
ID_BASE = 800
EXTRA_BASE = 9_000_000  # ids of the disclosure columns' articles: EXTRA_BASE + 1000 * k + index
EXTRA_STRIDE = 1000
PLATFORM = "/xxgk/index.asp"
GUIDE, SYSTEM, FUNCTIONS = "/xxgk/zn.asp", "/xxgk/zd.asp", "/xxgk/jgzn.asp"
HDJL, LETTERS, LETTER = "/hdjl/index.asp", "/hdjl/list.asp", "/hdjl/show.asp"  # 互动交流, 市长信箱, one message
XMT, SEARCH = "/news/xmt.asp", "/search.asp"
TRAP_TITLE = "麻城市部署法定主动公开内容标准化工作"  # a news title with the section's name: not the section

NEWS = Column("3", "新闻动态", "news", 0, 40, 10, gap_hours=22, date_style="bracket")
NOTICE = Column("5", "通知公告", "notice", 1, 25, 10, gap_hours=60, offset_hours=4, date_style="cn")
OPEN = Column("7", "政务公开", "policy", 2, 20, 10, gap_hours=100, offset_hours=12, date_style="cn", attachments=4)
DEPT = Column("9", "部门动态", "news", 3, 15, 15, gap_hours=70, offset_hours=6, date_style="short")
_EXTS = ("doc", "pdf", "xls", "docx")
BASE = (NEWS, NOTICE, OPEN, DEPT)  # the CMS table whose article ids interleave


class Macheng(GovPortal):
    """Article ids interleave the columns (one CMS table): id = 800 + 4 * (n - 1 - i) + column slot."""

    host = HOST
    name = "麻城市人民政府"
    region = "麻城市"
    site_code = "4211810001"  # in the registry; the site itself never shows it
    columns = BASE
    meta_site_code = False
    retitle = {(NEWS.key, 1): TRAP_TITLE}

    def disclosure_columns(self) -> tuple[Column, ...]:
        t, seed, r = self.today, self.seed, self.region
        specs = (
            ("11", "规范性文件", dc.normative(self.name, r, t, seed, "麻政"), "cn"),
            ("12", "政策解读", dc.interpretations(r, t, seed), "iso"),
            ("13", "应急预案", dc.emergency_plans(r, t, seed), "iso"),
            ("14", "权责清单", dc.power_list(self.name, t), "iso"),
            ("15", "重大行政决策事项目录", dc.decisions(r, t, seed), "iso"),
            ("16", "征求意见", dc.consultations(r, t, seed), "iso"),
            ("17", "基层政务公开标准目录", dc.grassroots(r, t, seed), "iso"),
            ("18", "“六稳六保”专题", dc.liubao(r, t), "cn"),
            ("21", "政府信息公开年报", dc.annual_reports(self.name, t), "iso"),
        )
        return tuple(Column(key, name, "notice", EXTRA_BASE + EXTRA_STRIDE * n, 0, 20, date_style=style, entries=items)
                     for n, (key, name, items, style) in enumerate(specs))

    def messages(self) -> tuple[dc.Message, ...]:
        return dc.messages(self.region, self.today, self.seed, unit="麻城市人民政府办公室")

    def article(self, col: Column, index: int) -> Article:
        art = super().article(col, index)
        if col.entries:
            return art
        return replace(art, id=ID_BASE + len(BASE) * (self.n_articles(col) - 1 - index) + col.id_base)

    def locate_id(self, article_id: int) -> Article | None:
        if article_id >= EXTRA_BASE:
            col = next((c for c in self.columns if c.entries and 0 <= article_id - c.id_base < EXTRA_STRIDE), None)
            return self.locate(col, article_id) if col is not None else None
        offset = article_id - ID_BASE
        if offset < 0:
            return None
        slot, rank = offset % len(BASE), offset // len(BASE)
        col = BASE[slot]
        index = self.n_articles(col) - 1 - rank
        return self.article(col, index) if 0 <= index < self.n_articles(col) else None

    def fixed_pages(self) -> int:
        # homepage, 领导之窗, platform, 指南, 制度, 机构职能, 互动交流, 市长信箱, 政务新媒体; the messages
        return 9 + len(self.messages())

    @staticmethod
    def list_path(col: Column, page: int) -> str:
        return f"/news/list.asp?id={col.key}" + (f"&page={page + 1}" if page > 0 else "")

    def attachment(self, art: Article) -> str:
        return f"/uploadfiles/{art.when:%Y%m}/{art.when:%Y%m%d%H%M}{art.id}.{_EXTS[art.index % len(_EXTS)]}"

    def build_files(self) -> list[FileEntry]:
        return [FileEntry(self.attachment(a), a.title) for a in self.attached(OPEN)]

    # -- routing --------------------------------------------------------------------------------
    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        path = req.path
        if path in ("/", "/index.asp"):
            return self.reply(self.home(ctx))
        if path == "/news/ldzc.asp":
            return self.reply(self.leaders(ctx))
        pages = {PLATFORM: self.platform, GUIDE: self.guide, SYSTEM: self.system, FUNCTIONS: self.functions,
                 HDJL: self.hdjl, LETTERS: self.letters, XMT: self.xmt}
        if path in pages:
            return self.reply(pages[path](ctx))
        if path == LETTER:
            message = next((m for m in self.messages() if str(m.number) == req.query.get("id")), None)
            return self.reply(self.letter(message, ctx)) if message is not None else None
        if path == SEARCH:
            return self.reply(self.search(req.query.get("keyword", ""), ctx))
        if path == "/news/list.asp":
            col = self.column(req.query.get("id", ""))
            page = _int(req.query.get("page", "1"))
            if col is not None and page is not None and 1 <= page <= self.n_pages(col):
                return self.reply(self.list_page(col, page - 1, ctx))
            return None
        if path == "/news/show.asp":
            article_id = _int(req.query.get("id", ""))
            if article_id == FAULT_500_ID:
                return Reply(status=500, body=_ASP_500.encode(ENCODING), content_type="text/html")
            art = self.locate_id(article_id) if article_id is not None else None
            return self.reply(self.article_page(art, ctx)) if art is not None else None
        return None

    @staticmethod
    def reply(text: str) -> Reply:
        return html_reply(text, encoding=ENCODING, header_charset=False)

    # -- page furniture -------------------------------------------------------------------------
    def footer(self, ctx: Ctx) -> str:
        return (
            '<table class="foot" width="980" align="center"><tr><td>\n'
            "版权所有：麻城市人民政府　主办单位：麻城市人民政府办公室　联系电话：0713-2922345<br>\n"
            f"{icp_link(ctx, '鄂ICP备05002003号')}　"
            f"{police_link(ctx, '鄂公网安备 42118102000067号', '42118102000067')}<br>\n"
            f"{conac_mark(ctx, self.host)}\n</td></tr></table>"
        )

    def page(self, title: str, main: str, ctx: Ctx, meta: Meta, head_extra: str = "") -> str:
        nav = "".join(f'<a href="/news/list.asp?id={c.key}">{c.name}</a> ' for c in BASE)
        search = (f'<form name="search" action="{SEARCH}" method="get"><input type="text" name="keyword" size="16">'
                  '<input type="submit" value="搜 索"></form>')
        body = (f'<table width="980" align="center"><tr><td><img src="/images/logo.png" alt="{self.name}"></td>'
                f'<td align="right">{search}</td></tr>'
                f'<tr><td class="nav" colspan="2"><a href="/">网站首页</a> {nav}<a href="{PLATFORM}">政府信息公开</a> '
                f'<a href="{HDJL}">互动交流</a> <a href="/news/ldzc.asp">领导之窗</a></td></tr></table>\n'
                f"{main}\n{self.footer(ctx)}")
        return document(title, meta, body, charset_tag=CHARSET_TAG, head_extra=head_extra,
                        doctype='<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">')

    # -- pages ----------------------------------------------------------------------------------
    def home(self, ctx: Ctx) -> str:
        blocks = []
        for col in BASE:
            rows = list_items(self.page_items(col, 0)[:5], lambda a: f"show.asp?id={a.id}")
            blocks.append(f'<div class="block"><h2><a href="list.asp?id={col.key}">{col.name}</a></h2>'
                          f'<ul>{rows}</ul><a href="list.asp?id={col.key}">更多</a></div>')
        extra = (f'<div class="zt"><a href="list.asp?id=18">“六稳六保”专题</a> <a href="{LETTERS}">市长信箱</a> '
                 f'<a href="list.asp?id=16">征求意见</a> <a href="xmt.asp">政务新媒体</a></div>')
        main = (f'<div class="ld"><a href="ldzc.asp">领导之窗</a>：{LEADERS}</div>\n' + "\n".join(blocks) + extra)
        base = f'<base href="{ctx.url(self.host, "/news/")}">\n'
        return self.page(self.name, main, ctx, self.meta("首页", "首页"), head_extra=base)

    def leaders(self, ctx: Ctx) -> str:
        text = self.body_text(2, "ldzc")
        return self.page(f"领导之窗-{self.name}", f"<h1>领导之窗</h1><p>{LEADERS}</p>{text}", ctx,
                         self.meta("领导之窗", "单篇"))

    def simple(self, title: str, column: str, inner: str, ctx: Ctx, up: tuple[str, str] = (PLATFORM, "政府信息公开")
               ) -> str:
        crumb = f'<div class="crumb">当前位置：<a href="/">首页</a> &gt;&gt; <a href="{up[0]}">{up[1]}</a> &gt;&gt; {column}</div>'
        return self.page(f"{title}-{self.name}", f"{crumb}<h1>{title}</h1>{inner}", ctx, self.meta(column, "单篇"))

    def platform(self, ctx: Ctx) -> str:
        """The 政府信息公开 platform: 指南, 制度, 年报 — and no 法定主动公开内容 section (the seeded defect)."""
        sections = ((GUIDE, "信息公开指南"), (SYSTEM, "政府信息公开制度"), ("/news/list.asp?id=21", "政府信息公开年度报告"))
        columns = (("/news/list.asp?id=11", "规范性文件"), ("/news/list.asp?id=7", "政务公开"),
                   ("/news/list.asp?id=12", "政策解读"), (FUNCTIONS, "机构职能"), ("/news/list.asp?id=14", "权责清单"),
                   ("/news/list.asp?id=15", "重大行政决策事项目录"), ("/news/list.asp?id=16", "征求意见"),
                   ("/news/list.asp?id=13", "应急预案"), ("/news/list.asp?id=17", "基层政务公开标准目录"))
        links = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in sections)
        more = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in columns)
        main = (f'<div class="crumb">当前位置：<a href="/">首页</a> &gt;&gt; 政府信息公开</div><h1>政府信息公开</h1>'
                f'<ul class="sections">{links}</ul><h2>栏目导航</h2><ul>{more}</ul>')
        return self.page(f"政府信息公开-{self.name}", main, ctx, self.meta("政府信息公开", "栏目首页"))

    def guide(self, ctx: Ctx) -> str:
        return self.simple("麻城市人民政府信息公开指南", "政府信息公开指南", dc.guide_text(self.name, "0713-2922345"), ctx)

    def system(self, ctx: Ctx) -> str:
        return self.simple("麻城市政府信息公开制度", "政府信息公开制度", dc.system_text(self.name), ctx)

    def functions(self, ctx: Ctx) -> str:
        inner = dc.functions_text("麻城市人民政府办公室", "0713-2922345", "麻城市龟山路（示例）")
        return self.simple("机构职能", "机构职能", inner, ctx)

    def hdjl(self, ctx: Ctx) -> str:
        inner = (f'<ul><li><a href="{LETTERS}">市长信箱</a></li><li><a href="/news/list.asp?id=16">征求意见</a></li></ul>')
        return self.simple("互动交流", "互动交流", inner, ctx, ("/", "网站首页"))

    def letters(self, ctx: Ctx) -> str:
        rows = dc.message_rows(self.messages(), lambda m: f"show.asp?id={m.number}")
        crumb = f'<div class="crumb">当前位置：<a href="/">首页</a> &gt;&gt; <a href="{HDJL}">互动交流</a> &gt;&gt; 市长信箱</div>'
        main = f'{crumb}<table class="list">{dc.MESSAGE_HEAD}{rows}</table>'
        return self.page(f"市长信箱-{self.name}", main, ctx, self.meta("市长信箱", "列表"))

    def letter(self, message: dc.Message, ctx: Ctx) -> str:
        return self.simple(message.title, "市长信箱", dc.message_body(message, self.region), ctx, (LETTERS, "市长信箱"))

    def xmt(self, ctx: Ctx) -> str:
        crumb = '<div class="crumb">当前位置：<a href="/">首页</a> &gt;&gt; 政务新媒体</div>'
        return self.page(f"政务新媒体-{self.name}", crumb + dc.new_media(media.matrix(self.host)), ctx,
                         self.meta("政务新媒体", "单篇"))

    def search(self, word: str, ctx: Ctx) -> str:
        hits = self.page_items(NEWS, 0)[:5]
        rows = list_items(hits, lambda a: f"/news/show.asp?id={a.id}")
        return self.page(f"站内搜索-{self.name}", f"<h1>站内搜索</h1><p>关键词：{esc(word)}　共找到{len(hits)}条结果</p>"
                         f"<ul>{rows}</ul>", ctx, self.meta("站内搜索", "搜索"))

    def pager(self, col: Column, page: int) -> str:
        total = self.n_pages(col)
        if total <= 1:
            return "共1页"
        parts = [f'<a href="{self.list_path(col, 0)}">首页</a>']
        if page > 0:
            parts.append(f'<a href="{self.list_path(col, page - 1)}">上一页</a>')
        parts += pager_links(page, total, lambda n: self.list_path(col, n), reach=5, current="b")
        parts.append(f'<a href="{self.list_path(col, total - 1)}">尾页</a>')
        return " ".join(parts) + f" 共{total}页"

    def list_page(self, col: Column, page: int, ctx: Ctx) -> str:
        rows = "".join(
            f'<tr><td><a href="show.asp?id={a.id}" target="_blank">{esc(a.title)}</a></td>'
            f"<td>{fmt_date(a.when, col.date_style)}</td></tr>"
            for a in self.page_items(col, page)
        )
        side = ""
        if col is NEWS and page == 0:
            side = f'<div class="side">热点推荐：<a href="show.asp?id={FAULT_500_ID}">刘堃市长在全市经济工作会议上的讲话</a></div>'
        main = (f'<div class="crumb">当前位置：<a href="/">首页</a> &gt;&gt; {col.name}</div>{side}'
                f'<table class="list">{rows}</table><div class="pager">{self.pager(col, page)}</div>')
        return self.page(f"{col.name}-{self.name}", main, ctx, self.meta(col.name, "列表"))

    def article_page(self, art: Article, ctx: Ctx) -> str:
        col = art.column
        text = self.body_text(3, col.key, art.index, "body") + self.entry_text(art)
        if art.index % 3 == 0:
            text += "<p>（审核：陈喆　编辑：王镕）</p>"
        if col is OPEN and art.index < col.attachments:
            text += f'<p>附件：<a href="{self.attachment(art)}">点击下载</a></p>'
        main = (f'<div class="crumb">当前位置：<a href="/">首页</a> &gt;&gt; <a href="list.asp?id={col.key}">'
                f"{col.name}</a></div><h1>{esc(art.title)}</h1>"
                f'<div class="info">发布时间：{art.when:%Y-%m-%d %H:%M}　作者：麻城市人民政府办公室</div>{text}')
        return self.page(f"{art.title}-{self.name}", main, ctx, self.meta(col.name, "文章", art))

    # -- faults ---------------------------------------------------------------------------------
    def faults(self) -> list[Fault]:
        h = self.host
        return [
            Fault(h, "footer-site-code", h, "/", "footer-missing", "页脚与 meta 均无网站标识码"),
            Fault(h, "footer-error-report", h, "/", "footer-missing", "没有“我为政府网站找错”入口（无标识码无法接入）"),
            Fault(h, "broken-links-other", h, f"/news/show.asp?id={FAULT_500_ID}", "http-500",
                  "新闻动态列表首页的“热点推荐”链接返回 HTTP 500（ASP 数据库错误）", self.list_path(NEWS, 0)),
            Fault(h, "column-xxgk-statutory", h, "/", "column-missing",
                  f"政府信息公开专栏（{PLATFORM}）只有指南、制度和年报，没有“法定主动公开内容”栏目（规范性文件等子栏目直接列在"
                  f"专栏页上）；新闻动态中的“{TRAP_TITLE}”是新闻标题，不是该栏目"),
            Fault(h, "column-update", h, "/", "gbk-bracket-dates",
                  "GBK 编码（声明 gb2312）的新闻动态列表页日期写作“[11-20]”（年份省略，按检查日所在年份推断），"
                  "各栏目均在更新期限内：应判通过", expect="pass"),
        ]


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None


_ASP_500 = """<html><head><title>500 - 内部服务器错误</title></head><body>
<font face="宋体" size=2><p>Microsoft OLE DB Provider for ODBC Drivers</font> <font face="宋体" size=2>错误 '80004005'</font>
<p><font face="宋体" size=2>[Microsoft][ODBC Microsoft Access Driver] 常见错误 不能打开注册表关键字。</font>
<p><font face="宋体" size=2>/news/show.asp</font><font face="宋体" size=2>，行 12</font></body></html>"""
