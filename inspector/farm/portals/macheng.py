"""麻城市人民政府 (county-level city), a hand-built ASP site served in GBK.

Pages are GB18030/GBK bytes, declare only `<meta charset=gb2312>` (no charset in the HTTP header) and use
characters outside GB2312 (镕 喆 堃), so decoding as GB2312 fails. Lists are `/news/list.asp?id=3` with
`&page=N` links, articles `/news/show.asp?id=812`. The homepage uses `<base href>` and relative links.
Seeded here: no 网站标识码 (nor the 找错 entry, which needs it), and one link answering HTTP 500.
"""

from __future__ import annotations

import logging
from dataclasses import replace

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

NEWS = Column("3", "新闻动态", "news", 0, 40, 10, gap_hours=22, date_style="bracket")
NOTICE = Column("5", "通知公告", "notice", 1, 25, 10, gap_hours=60, offset_hours=4, date_style="cn")
OPEN = Column("7", "政务公开", "policy", 2, 20, 10, gap_hours=100, offset_hours=12, date_style="cn", attachments=4)
DEPT = Column("9", "部门动态", "news", 3, 15, 15, gap_hours=70, offset_hours=6, date_style="short")
_EXTS = ("doc", "pdf", "xls", "docx")


class Macheng(GovPortal):
    """Article ids interleave the columns (one CMS table): id = 800 + 4 * (n - 1 - i) + column slot."""

    host = HOST
    name = "麻城市人民政府"
    region = "麻城市"
    site_code = "4211810001"  # in the registry; the site itself never shows it
    columns = (NEWS, NOTICE, OPEN, DEPT)
    meta_site_code = False

    def article(self, col: Column, index: int) -> Article:
        art = super().article(col, index)
        return replace(art, id=ID_BASE + len(self.columns) * (self.n_articles(col) - 1 - index) + col.id_base)

    def locate_id(self, article_id: int) -> Article | None:
        offset = article_id - ID_BASE
        if offset < 0:
            return None
        slot, rank = offset % len(self.columns), offset // len(self.columns)
        col = self.columns[slot]
        index = self.n_articles(col) - 1 - rank
        return self.article(col, index) if 0 <= index < self.n_articles(col) else None

    def fixed_pages(self) -> int:
        return 2  # homepage, 领导之窗

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
        nav = "".join(f'<a href="/news/list.asp?id={c.key}">{c.name}</a> ' for c in self.columns)
        body = (f'<table width="980" align="center"><tr><td><img src="/images/logo.png" alt="{self.name}"></td></tr>'
                f'<tr><td class="nav"><a href="/">网站首页</a> {nav}<a href="/news/ldzc.asp">领导之窗</a></td></tr></table>\n'
                f"{main}\n{self.footer(ctx)}")
        return document(title, meta, body, charset_tag=CHARSET_TAG, head_extra=head_extra,
                        doctype='<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">')

    # -- pages ----------------------------------------------------------------------------------
    def home(self, ctx: Ctx) -> str:
        blocks = []
        for col in self.columns:
            rows = list_items(self.page_items(col, 0)[:5], lambda a: f"show.asp?id={a.id}")
            blocks.append(f'<div class="block"><h2><a href="list.asp?id={col.key}">{col.name}</a></h2>'
                          f'<ul>{rows}</ul><a href="list.asp?id={col.key}">更多</a></div>')
        main = (f'<div class="ld"><a href="ldzc.asp">领导之窗</a>：{LEADERS}</div>\n' + "\n".join(blocks))
        base = f'<base href="{ctx.url(self.host, "/news/")}">\n'
        return self.page(self.name, main, ctx, self.meta("首页", "首页"), head_extra=base)

    def leaders(self, ctx: Ctx) -> str:
        text = self.body_text(2, "ldzc")
        return self.page(f"领导之窗-{self.name}", f"<h1>领导之窗</h1><p>{LEADERS}</p>{text}", ctx,
                         self.meta("领导之窗", "单篇"))

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
        text = self.body_text(3, col.key, art.index, "body")
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
