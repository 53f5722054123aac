"""Small TRS-style portals: the IPv6 sites of the demo (教育局, 人社局, 黄梅, 武穴, 团风) and the benchmark mirrors.

URLs as on the TRS portals (`<dir>index.html`, `<dir>index_N.html`, `<dir>YYYYMM/tYYYYMMDD_ID.html`), plain
`<a>` links everywhere, a pager of plain links, a few single text pages, and the footer the way 黄冈 writes
it: 网站标识码, ICP, 公网安备, the 党政机关 mark and the 我为政府网站找错 entry, all correct. No link is broken:
whatever a site does wrong is about IPv6 only, and lives in its own module.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import ClassVar

from inspector.farm.base import Article, Column, Ctx, FileEntry, Reply, Request, html_reply
from inspector.farm.markup import Meta, conac_mark, document, esc, icp_link, jiucuo_link, police_link
from inspector.farm.portals.common import TrsPortal, list_items, pager_links

logger = logging.getLogger(__name__)

FRIENDS = (("www.gov.cn.test", "中国政府网"), ("www.hubei.gov.cn.test", "湖北省人民政府"),
           ("www.huanggang.gov.cn.test", "黄冈市人民政府"))
_EXTS = ("pdf", "docx", "xls", "ofd")


@dataclass(frozen=True, slots=True)
class Single:
    """A single text page. One with a `parent` is linked from that page only; the others from the nav."""

    path: str
    title: str
    parent: str = ""


class SmallPortal(TrsPortal):
    """A small portal: homepage, columns of articles, single pages, attachments (optionally on another host)."""

    page_ext = "html"
    sponsor: str = ""  # 主办单位
    undertaker: str = ""  # 承办单位
    phone: str = ""
    address: str = ""
    icp: str = ""  # 鄂ICP备…号-1
    police: str = ""  # the 14-digit 公网安备 number
    home_rows: tuple[int, ...] = ()  # articles listed on the homepage per column (default 5 each)
    singles: ClassVar[tuple[Single, ...]] = ()
    friends: ClassVar[tuple[tuple[str, str], ...]] = FRIENDS
    file_host: str = ""  # attachments are served by this host ("" = the portal itself)

    # -- pages and files ------------------------------------------------------------------------
    def fixed_pages(self) -> int:
        return 1 + len(self.singles)

    def single(self, path: str) -> Single | None:
        return next((s for s in self.singles if s.path == path), None)

    def attachment(self, art: Article) -> tuple[str, str]:
        """(decoded path, link text) of an article's attachment."""
        ext = _EXTS[art.index % len(_EXTS)]
        return f"{art.column.key}{art.when:%Y%m}/P0{art.when:%Y%m%d}{art.id}.{ext}", f"{art.title}.{ext}"

    def attachment_href(self, path: str, ctx: Ctx) -> str:
        return ctx.url(self.file_host, path) if self.file_host else path

    def all_files(self) -> list[FileEntry]:
        """Every attachment the portal links to, wherever it is served."""
        return [FileEntry(self.attachment(a)[0], a.title) for col in self.columns for a in self.attached(col)]

    def build_files(self) -> list[FileEntry]:
        return [] if self.file_host else self.all_files()

    # -- routing --------------------------------------------------------------------------------
    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        path = req.path
        if path in ("/", "/index.html"):
            return html_reply(self.home(ctx))
        single = self.single(path)
        if single is not None:
            return html_reply(self.single_page(single, ctx))
        return self.route_columns(path, ctx)

    # -- page furniture -------------------------------------------------------------------------
    def nav(self) -> str:
        items = [("/", "首页")] + [(self.list_path(c, 0), c.name) for c in self.columns]
        items += [(s.path, s.title) for s in self.singles if not s.parent]
        return '<div class="nav">' + "".join(f'<a href="{h}">{t}</a>' for h, t in items) + "</div>"

    def footer(self, ctx: Ctx) -> str:
        return (
            '<div class="footer">\n'
            f"<p>主办单位：{self.sponsor}　承办单位：{self.undertaker}</p>\n"
            f"<p>网站标识码：{self.site_code}　{icp_link(ctx, self.icp)}　"
            f"{police_link(ctx, f'鄂公网安备 {self.police}号', self.police)}</p>\n"
            f"<p>联系电话：{self.phone}　地址：{self.address}</p>\n"
            f'<p class="marks">{conac_mark(ctx, self.host)}　'
            f"{jiucuo_link(ctx, self.site_code, ctx.url(self.host, '/'))}</p>\n"
            "</div>"
        )

    def page(self, title: str, main: str, ctx: Ctx, meta: Meta) -> str:
        body = (f'<div class="top"><img src="/images/logo.png" alt="{self.name}"></div>{self.nav()}\n'
                f'<div class="main">{main}</div>\n{self.footer(ctx)}')
        return document(title if title == self.name else f"{title}_{self.name}", meta, body)

    # -- pages ----------------------------------------------------------------------------------
    def home_blocks(self) -> str:
        rows = self.home_rows or (5,) * len(self.columns)
        return "".join(
            f'<div class="block"><h2><a href="{self.list_path(col, 0)}">{col.name}</a></h2>'
            + (f"<ul>{list_items(self.page_items(col, 0)[:count], self.article_path)}</ul>" if count else "")
            + "</div>\n"
            for col, count in zip(self.columns, rows, strict=True)
        )

    def home(self, ctx: Ctx) -> str:
        friends = "".join(f'<a href="{ctx.url(h, "/")}" target="_blank">{n}</a> ' for h, n in self.friends)
        main = f'{self.home_blocks()}<div class="links"><h3>相关链接</h3>{friends}</div>'
        return self.page(self.name, main, ctx, self.meta("首页", "首页"))

    def single_body(self, single: Single, ctx: Ctx) -> str:
        children = [s for s in self.singles if s.parent == single.path]
        links = "".join(f'<li><a href="{s.path}">{s.title}</a></li>' for s in children)
        return (f"<ul>{links}</ul>" if links else "") + self.body_text(3, single.path)

    def single_page(self, single: Single, ctx: Ctx) -> str:
        main = (f'<div class="crumb"><a href="/">首页</a> &gt; {single.title}</div><h1>{single.title}</h1>'
                f"{self.single_body(single, ctx)}")
        return self.page(single.title, main, ctx, self.meta(single.title, "单篇"))

    def pager(self, col: Column, page: int) -> str:
        total = self.n_pages(col)
        if total <= 1:
            return ""
        parts = pager_links(page, total, lambda n: self.list_path(col, n)[len(col.key):])
        return '<div class="pager">' + " ".join(parts) + "</div>"

    def list_page(self, col: Column, page: int, ctx: Ctx) -> str:
        rows = list_items(self.page_items(col, page), self.article_path)
        main = (f'<div class="crumb"><a href="/">首页</a> &gt; {col.name}</div>'
                f'<ul class="list">{rows}</ul>{self.pager(col, page)}')
        return self.page(col.name, main, ctx, self.meta(col.name, "列表"))

    def article_page(self, art: Article, ctx: Ctx) -> str:
        col = art.column
        text = self.body_text(3, col.key, art.index, "body")
        if art.index < col.attachments:
            path, label = self.attachment(art)
            text += f'<p class="fj">附件：<a href="{esc(self.attachment_href(path, ctx))}">{esc(label)}</a></p>'
        main = (f'<div class="crumb"><a href="/">首页</a> &gt; <a href="{self.list_path(col, 0)}">{col.name}</a></div>'
                f"<h1>{esc(art.title)}</h1>"
                f'<div class="info">发布时间：{art.when:%Y-%m-%d %H:%M}　来源：{self.sponsor}</div>{text}')
        return self.page(art.title, main, ctx, self.meta(col.name, "文章", art))
