"""浠水县人民政府 (county portal): the clean one, TRS-like with plain paging links.

Its footer is written by `document.write(...)` in an inline script, so the 网站标识码, ICP and 公网安备
numbers and the mark/找错 links exist only inside JavaScript strings (all correct: the footer rules must
pass). Link forms used here: `<select onchange="window.open(this.value)">` with `<option value="http://…">`
and `window.location.href = "…"` in an inline script (the 政府信息公开 redirect page).
No broken links and no footer defects are seeded on this site.
"""

from __future__ import annotations

import logging

from inspector.farm.base import Article, Column, Ctx, Fault, FileEntry, Reply, Request, html_reply
from inspector.farm.markup import BEIAN_HOST, CONAC_HOST, MIIT_HOST, Meta, conac_id, document, esc, jiucuo_url
from inspector.farm.portals.common import TrsPortal, list_items, pager_links

logger = logging.getLogger(__name__)

HOST = "www.xishui.gov.cn.test"
REDIRECT = "/zfxxgk/index.html"
FDZDGKNR = "/zfxxgk/fdzdgknr/index.html"
GUIDE = "/zfxxgk/zfxxgkzn/index.html"

XSYW = Column("/xwzx/xsyw/", "浠水要闻", "news", 3_100_000, 40, 10, gap_hours=21)
TZGG = Column("/xwzx/tzgg/", "通知公告", "notice", 3_200_000, 25, 10, gap_hours=50, offset_hours=3, date_style="slash")
ZCWJ = Column("/zfxxgk/fdzdgknr/zcwj/", "政策文件", "policy", 3_300_000, 20, 10, gap_hours=115, offset_hours=9,
              attachments=3)
ZCJD = Column("/zfxxgk/fdzdgknr/zcjd/", "政策解读", "interpretation", 3_400_000, 10, 10, gap_hours=170,
              offset_hours=20, date_style="cn")
SITES = (
    ("www.huanggang.gov.cn.test", "黄冈市人民政府"), ("www.hazf.gov.cn.test", "红安县人民政府"),
    ("www.macheng.gov.cn.test", "麻城市人民政府"), ("www.qichun.gov.cn.test", "蕲春县人民政府"),
    ("www.hubei.gov.cn.test", "湖北省人民政府"),
)
_EXTS = ("pdf", "docx", "xls")


class Xishui(TrsPortal):
    host = HOST
    name = "浠水县人民政府"
    region = "浠水县"
    site_code = "4211250001"
    columns = (XSYW, TZGG, ZCWJ, ZCJD)
    page_ext = "html"
    meta_site_code = False  # no SiteIDCode meta: the code must be found in the scripted footer

    def fixed_pages(self) -> int:
        return 4  # homepage, redirect page, 法定主动公开内容, 指南

    def attachment(self, art: Article) -> tuple[str, str]:
        """(path, link text); the first one has a raw Chinese file name."""
        ext = _EXTS[art.index % len(_EXTS)]
        if art.index == 0:
            name = f"浠水县{art.when:%Y}年重点项目清单.{ext}"
            return f"{ZCWJ.key}{art.when:%Y%m}/{name}", name
        return f"{ZCWJ.key}{art.when:%Y%m}/W0{art.when:%Y%m%d}{art.id}.{ext}", f"附件.{ext}"

    def build_files(self) -> list[FileEntry]:
        return [FileEntry(self.attachment(a)[0], a.title) for a in self.attached(ZCWJ)]

    # -- routing --------------------------------------------------------------------------------
    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        path = req.path
        if path in ("/", "/index.html"):
            return html_reply(self.home(ctx))
        if path == REDIRECT:
            return html_reply(self.redirect_page())
        if path == FDZDGKNR:
            return html_reply(self.fdzdgknr(ctx))
        if path == GUIDE:
            return html_reply(self.guide(ctx))
        return self.route_columns(path, ctx)

    # -- page furniture -------------------------------------------------------------------------
    def footer(self, ctx: Ctx) -> str:
        mark = ctx.url(CONAC_HOST, f"/sitename?method=show&id={conac_id(self.host)}")
        image = ctx.url(CONAC_HOST, "/images/red.png")
        jiucuo = jiucuo_url(ctx, self.site_code, ctx.url(self.host, "/"))
        police = ctx.url(BEIAN_HOST, "/portal/registerSystemInfo?recordcode=42112502000031")
        lines = [
            "<p>主办单位：浠水县人民政府办公室　承办单位：浠水县融媒体中心　联系电话：0713-4222345</p>",
            f'<p>网站标识码：{self.site_code}　<a href="{ctx.url(MIIT_HOST, "/")}" target="_blank">鄂ICP备05002002号-1</a>　'
            f'<a href="{police}" target="_blank">鄂公网安备 42112502000031号</a></p>',
            f'<p><a href="{mark}" target="_blank"><img src="{image}" alt="党政机关"></a>　'
            f'<a href="{jiucuo}" target="_blank">我为政府网站找错</a></p>',
        ]
        writes = "\n".join(f"document.write('{line}');" for line in lines)
        return f'<div class="footer">\n<script type="text/javascript">\n{writes}\n</script>\n</div>'

    def page(self, title: str, main: str, ctx: Ctx, meta: Meta) -> str:
        nav = (
            '<div class="nav"><a href="/">首页</a>'
            f'<a href="{XSYW.key}index.html">浠水要闻</a><a href="{TZGG.key}index.html">通知公告</a>'
            f'<a href="{REDIRECT}">政府信息公开</a><a href="{ZCWJ.key}index.html">政策文件</a></div>'
        )
        body = f'<div class="top"><img src="/images/logo.png" alt="{self.name}"></div>{nav}\n{main}\n{self.footer(ctx)}'
        return document(title, meta, body)

    # -- pages ----------------------------------------------------------------------------------
    def home(self, ctx: Ctx) -> str:
        blocks = "".join(
            f'<div class="block"><h2><a href="{col.key}index.html">{col.name}</a></h2>'
            f"<ul>{list_items(self.page_items(col, 0)[:count], self.article_path)}</ul></div>\n"
            for col, count in ((XSYW, 6), (TZGG, 5), (ZCWJ, 3), (ZCJD, 3))
        )
        options = "".join(f'<option value="{ctx.url(h, "/")}">{n}</option>' for h, n in SITES)
        main = (
            f'<div class="main">{blocks}<div class="sites">'
            f'<select onchange="window.open(this.value)"><option value="">—— 县市区及省市网站 ——</option>{options}'
            "</select></div></div>"
        )
        return self.page(self.name, main, ctx, self.meta("首页", "首页"))

    def redirect_page(self) -> str:
        body = (f'<p>正在进入政府信息公开专栏……</p>\n<script type="text/javascript">\n'
                f'window.location.href = "{FDZDGKNR}";\n</script>')
        return document(f"政府信息公开_{self.name}", self.meta("政府信息公开", "跳转"), body)

    def fdzdgknr(self, ctx: Ctx) -> str:
        items = [(f"{ZCWJ.key}index.html", "政策文件"), (f"{ZCJD.key}index.html", "政策解读"), (GUIDE, "政府信息公开指南")]
        links = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in items)
        return self.page(f"法定主动公开内容_{self.name}", f'<div class="main"><h1>法定主动公开内容</h1><ul>{links}</ul></div>',
                         ctx, self.meta("法定主动公开内容", "栏目首页"))

    def guide(self, ctx: Ctx) -> str:
        text = self.body_text(4, "guide")
        return self.page(f"政府信息公开指南_{self.name}", f'<div class="main"><h1>浠水县人民政府信息公开指南</h1>{text}</div>',
                         ctx, self.meta("政府信息公开指南", "单篇"))

    def pager(self, col: Column, page: int) -> str:
        total = self.n_pages(col)
        if total <= 1:
            return ""
        parts = pager_links(page, total, lambda n: self.list_path(col, n)[len(col.key):])
        return '<div class="pager">' + " ".join(parts) + "</div>"

    def list_page(self, col: Column, page: int, ctx: Ctx) -> str:
        rows = list_items(self.page_items(col, page), self.article_path)
        main = (f'<div class="main"><div class="crumb"><a href="/">首页</a> &gt; {col.name}</div>'
                f'<ul class="list">{rows}</ul>{self.pager(col, page)}</div>')
        return self.page(f"{col.name}_{self.name}", main, ctx, self.meta(col.name, "列表"))

    def article_page(self, art: Article, ctx: Ctx) -> str:
        col = art.column
        text = self.body_text(4, col.key, art.index, "body")
        if col is ZCWJ and art.index < col.attachments:
            path, label = self.attachment(art)
            text += f'<p>附件：<a href="{path}">{esc(label)}</a></p>'
        main = (f'<div class="main"><div class="crumb"><a href="/">首页</a> &gt; <a href="{col.key}index.html">'
                f"{col.name}</a></div><h1>{esc(art.title)}</h1>"
                f'<div class="info">发布时间：{art.when:%Y-%m-%d %H:%M}</div>{text}</div>')
        return self.page(f"{art.title}_{self.name}", main, ctx, self.meta(col.name, "文章", art))

    # -- benign traps ---------------------------------------------------------------------------
    def faults(self) -> list[Fault]:
        detail = "页脚由内联脚本 document.write(...) 写出，标识仅存在于 JavaScript 字符串中（内容完整，应判通过）"
        return [
            Fault(self.host, rule, self.host, "/", "footer-script", detail, expect="pass")
            for rule in ("footer-site-code", "footer-icp", "footer-police-record", "footer-conac-mark",
                         "footer-error-report")
        ]
