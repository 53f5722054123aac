"""Small TRS-style portals: the IPv6 sites of the demo (教育局, 人社局, 黄梅, 武穴, 团风) and the benchmark mirrors.

URLs as on the TRS portals (`<dir>index.html`, `<dir>index_N.html`, `<dir>YYYYMM/tYYYYMMDD_ID.html`), plain
`<a>` links everywhere, a pager of plain links, a few single text pages, and the footer the way 黄冈 writes
it: 网站标识码, ICP, 公网安备, the 党政机关 mark and the 我为政府网站找错 entry, all correct. No link is broken:
whatever a site does wrong is about IPv6 (or a seeded column defect), and lives in its own module.

A registry site (`xxgk` set) also has the required disclosure for its level: the 政府信息公开 platform
`<xxgk>index.html` with 指南, 制度, 法定主动公开内容 and 年报, the sub-columns `<xxgk>fdzdgknr/<slug>/`, for
governments the 六保 专题 `/ztzl/lwlb/` and the 政务新媒体 page, a 互动交流 page with a 信箱 list of messages
(留言时间, 答复时间), and a search form. The mirrors have none of it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar

from inspector.farm import disclosure as dc
from inspector.farm.portals import media
from inspector.farm.base import Article, Column, Ctx, FileEntry, Reply, Request, html_reply
from inspector.farm.markup import Meta, conac_mark, document, esc, icp_link, jiucuo_link, police_link
from inspector.farm.portals.common import TrsPortal, list_items, pager_links
from inspector.model import Level

logger = logging.getLogger(__name__)

FRIENDS = (("www.gov.cn.test", "中国政府网"), ("www.hubei.gov.cn.test", "湖北省人民政府"),
           ("www.huanggang.gov.cn.test", "黄冈市人民政府"))
_EXTS = ("pdf", "docx", "xls", "ofd")
HDJL = "/hdjl/index.html"
XMT = "/zwxmt/index.html"
SEARCH = "/search/index.html"
LWLB = "/ztzl/lwlb/"


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
    # the required disclosure ("" = none: the benchmark mirrors)
    xxgk: str = ""  # folder of the 政府信息公开 platform ("/zwgk/", "/xxgk/")
    abbr: str = ""  # 文号 prefix of its 规范性文件 (鄂政 → 鄂政规〔2026〕3号)
    mailbox: tuple[str, str] = ("xzxx", "县长信箱")  # folder under /hdjl/ and name of the message list
    short: str = ""  # the short name of its new-media accounts (黄梅发布)
    report_column: bool = True  # the 年报 is a column of articles `<xxgk>xxgknb/` (else a single page of its own)
    late_report: bool = False  # the latest annual report is published after the legal deadline (a defect)
    unanswered: int | None = None  # a message asked that many days ago is still unanswered (a defect)

    # -- the required disclosure ----------------------------------------------------------------
    @property
    def government(self) -> bool:
        return self.level in (Level.CITY, Level.COUNTY)

    def sub(self, slug: str) -> str:
        """The folder of a sub-column of 法定主动公开内容."""
        return f"{self.xxgk}fdzdgknr/{slug}/"

    def disclosure_columns(self) -> tuple[Column, ...]:
        if not self.xxgk:
            return ()
        t, seed, r = self.today, self.seed, self.region
        specs: list[tuple[str, str, tuple]] = [(self.sub("gfxwj"), "规范性文件", dc.normative(self.name, r, t, seed, self.abbr))]
        if not any(c.kind == "interpretation" for c in type(self).columns):
            specs.append((self.sub("zcjd"), "政策解读", dc.interpretations(r, t, seed)))
        specs.append((self.sub("qzqd"), "权责清单", dc.power_list(self.name, t)))
        specs.append((self.sub("zqyj"), "征求意见", dc.consultations(r, t, seed)))
        if self.government:
            specs += [(self.sub("yjya"), "应急预案", dc.emergency_plans(r, t, seed)),
                      (self.sub("zdjc"), "重大行政决策事项目录", dc.decisions(r, t, seed))]
        if self.level is Level.COUNTY:
            specs.append((self.sub("jcgk"), "基层政务公开标准目录", dc.grassroots(r, t, seed)))
        if self.report_column:
            reports = dc.annual_reports(self.name, t, department=not self.government, late=self.late_report)
            specs.append((f"{self.xxgk}xxgknb/", "政府信息公开年报", reports))
        if self.government:
            specs.append((LWLB, "“六稳六保”专题", dc.liubao(r, t)))
        return tuple(Column(key, name, "notice", 8_000_000 + 10_000 * n, 0, 20, entries=items)
                     for n, (key, name, items) in enumerate(specs))

    def disclosure_singles(self) -> tuple[Single, ...]:
        if not self.xxgk:
            return ()
        x = self.xxgk
        out = [Single(f"{x}index.html", "政府信息公开"), Single(f"{x}xxgkzd/index.html", "政府信息公开制度", f"{x}index.html"),
               Single(f"{x}fdzdgknr/index.html", "法定主动公开内容", f"{x}index.html")]
        if not any(s.title == "机构职能" for s in self.singles):
            out.append(Single(self.sub("jgzn") + "index.html", "机构职能", f"{x}index.html"))
        out += [Single(HDJL, "互动交流"), Single(self.letters_path, self.mailbox[1], HDJL)]
        if self.government:
            out.append(Single(XMT, "政务新媒体"))
        return tuple(out)

    @cached_property
    def all_singles(self) -> tuple[Single, ...]:
        return (*self.singles, *self.disclosure_singles())

    @property
    def letters_path(self) -> str:
        return f"/hdjl/{self.mailbox[0]}/list.html"

    def letter_path(self, message: dc.Message) -> str:
        return f"/hdjl/{self.mailbox[0]}/detail_{message.number}.html"

    def messages(self) -> tuple[dc.Message, ...]:
        if not self.xxgk:
            return ()
        return dc.messages(self.region, self.today, self.seed, unit=self.sponsor, unanswered=self.unanswered)

    def platform_sections(self) -> list[tuple[str, str]]:
        x = self.xxgk
        guide = next((s.path for s in self.singles if s.title == "政府信息公开指南"), "")
        reports = f"{x}xxgknb/index.html"
        return [(guide, "政府信息公开指南"), (f"{x}xxgkzd/index.html", "政府信息公开制度"),
                (f"{x}fdzdgknr/index.html", "法定主动公开内容"), (reports, "政府信息公开年报")]

    def statutory_items(self) -> list[tuple[str, str]]:
        """(href, text) of the sub-columns of 法定主动公开内容: the generated policy columns, then the fixed ones."""
        out = [(self.list_path(c, 0), c.name) for c in type(self).columns if c.kind in ("policy", "interpretation")]
        functions = next(s.path for s in self.all_singles if s.title == "机构职能")
        for col in self.columns:
            if col.entries and col.key.startswith(f"{self.xxgk}fdzdgknr/"):
                out.append((self.list_path(col, 0), col.name))
        out.append((functions, "机构职能"))
        return out

    # -- pages and files ------------------------------------------------------------------------
    def fixed_pages(self) -> int:
        return 1 + len(self.all_singles) + len(self.messages())

    def single(self, path: str) -> Single | None:
        return next((s for s in self.all_singles if s.path == path), None)

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
        if self.xxgk:
            message = next((m for m in self.messages() if self.letter_path(m) == path), None)
            if message is not None:
                return html_reply(self.letter_page(message, ctx))
            if path == SEARCH:
                return html_reply(self.search(req.query.get("searchword", ""), ctx))
        return self.route_columns(path, ctx)

    # -- page furniture -------------------------------------------------------------------------
    def nav(self) -> str:
        items = [("/", "首页")] + [(self.list_path(c, 0), c.name) for c in type(self).columns]
        items += [(s.path, s.title) for s in self.all_singles if not s.parent]
        return '<div class="nav">' + "".join(f'<a href="{h}">{t}</a>' for h, t in items) + "</div>"

    def search_form(self) -> str:
        if not self.xxgk:
            return ""
        return (f'<form class="search" action="{SEARCH}" method="get" target="_blank">'
                '<input type="text" name="searchword" placeholder="请输入关键字"><input type="submit" value="搜索"></form>')

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
        body = (f'<div class="top"><img src="/images/logo.png" alt="{self.name}">{self.search_form()}</div>{self.nav()}\n'
                f'<div class="main">{main}</div>\n{self.footer(ctx)}')
        return document(title if title == self.name else f"{title}_{self.name}", meta, body)

    # -- pages ----------------------------------------------------------------------------------
    def home_blocks(self) -> str:
        base = type(self).columns
        rows = self.home_rows or (5,) * len(base)
        return "".join(
            f'<div class="block"><h2><a href="{self.list_path(col, 0)}">{col.name}</a></h2>'
            + (f"<ul>{list_items(self.page_items(col, 0)[:count], self.article_path)}</ul>" if count else "")
            + "</div>\n"
            for col, count in zip(base, rows, strict=True)
        )

    def home_links(self) -> str:
        """The homepage's entries to the 六保 专题, the 信箱 and the 征求意见 column (registry sites)."""
        if not self.xxgk:
            return ""
        links = [(self.letters_path, self.mailbox[1]), (self.sub("zqyj") + "index.html", "征求意见")]
        if self.government:
            links.insert(0, (f"{LWLB}index.html", "“六稳六保”专题"))
        return '<div class="zt">' + " ".join(f'<a href="{h}">{t}</a>' for h, t in links) + "</div>\n"

    def home(self, ctx: Ctx) -> str:
        friends = "".join(f'<a href="{ctx.url(h, "/")}" target="_blank">{n}</a> ' for h, n in self.friends)
        main = f'{self.home_blocks()}{self.home_links()}<div class="links"><h3>相关链接</h3>{friends}</div>'
        return self.page(self.name, main, ctx, self.meta("首页", "首页"))

    def single_body(self, single: Single, ctx: Ctx) -> str:
        x = self.xxgk
        if x and single.path == f"{x}index.html":
            sections = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in self.platform_sections())
            items = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in self.statutory_items())
            return f'<ul class="sections">{sections}</ul><h2>法定主动公开内容</h2><ul>{items}</ul>'
        if x and single.path == f"{x}fdzdgknr/index.html":
            return "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in self.statutory_items()) + "</ul>"
        if x and single.path == self.letters_path:
            rows = dc.message_rows(self.messages(), self.letter_path)
            return f'<table class="list">{dc.MESSAGE_HEAD}{rows}</table>'
        if x and single.path == XMT:
            return dc.new_media(media.matrix(self.host))
        children = [s for s in self.all_singles if s.parent == single.path]
        links = "".join(f'<li><a href="{s.path}">{s.title}</a></li>' for s in children)
        if x and single.path == HDJL:
            links += f'<li><a href="{self.sub("zqyj")}index.html">意见征集</a></li>'
        text = {"政府信息公开指南": dc.guide_text(self.name, self.phone), "政府信息公开制度": dc.system_text(self.name),
                "机构职能": dc.functions_text(self.sponsor, self.phone, self.address)}.get(single.title, "") if x else ""
        return (f"<ul>{links}</ul>" if links else "") + text + self.body_text(3, single.path)

    def single_page(self, single: Single, ctx: Ctx) -> str:
        main = (f'<div class="crumb"><a href="/">首页</a> &gt; {single.title}</div><h1>{single.title}</h1>'
                f"{self.single_body(single, ctx)}")
        kind = "列表" if single.path == self.letters_path else "单篇"
        return self.page(single.title, main, ctx, self.meta(single.title, kind))

    def letter_page(self, message: dc.Message, ctx: Ctx) -> str:
        name = self.mailbox[1]
        main = (f'<div class="crumb"><a href="/">首页</a> &gt; <a href="{HDJL}">互动交流</a> &gt; '
                f'<a href="{self.letters_path}">{name}</a></div><h1>{esc(message.title)}</h1>'
                f"{dc.message_body(message, self.region)}")
        return self.page(message.title, main, ctx, self.meta(name, "留言"))

    def search(self, word: str, ctx: Ctx) -> str:
        col = type(self).columns[0]
        hits = self.page_items(col, 0)[:5]
        main = (f"<h1>站内搜索</h1><p>关键词：{esc(word)}　共找到{len(hits)}条结果</p>"
                f"<ul>{list_items(hits, self.article_path)}</ul>")
        return self.page("站内搜索", main, ctx, self.meta("站内搜索", "搜索"))

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
        text = self.body_text(3, col.key, art.index, "body") + self.entry_text(art)
        if art.index < col.attachments:
            path, label = self.attachment(art)
            text += f'<p class="fj">附件：<a href="{esc(self.attachment_href(path, ctx))}">{esc(label)}</a></p>'
        main = (f'<div class="crumb"><a href="/">首页</a> &gt; <a href="{self.list_path(col, 0)}">{col.name}</a></div>'
                f"<h1>{esc(art.title)}</h1>"
                f'<div class="info">发布时间：{art.when:%Y-%m-%d %H:%M}　来源：{self.sponsor}</div>{text}')
        return self.page(art.title, main, ctx, self.meta(col.name, "文章", art))
