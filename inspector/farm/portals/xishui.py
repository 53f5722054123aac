"""浠水县人民政府 (county portal): the clean one, TRS-like with plain paging links.

Its footer is written by `document.write(...)` in an inline script, so the 网站标识码, ICP and 公网安备
numbers and the mark/找错 links exist only inside JavaScript strings (all correct: the footer rules must
pass). Link forms used here: `<select onchange="window.open(this.value)">` with `<option value="http://…">`
and `window.location.href = "…"` in an inline script (the 政务公开 redirect page).
No broken links, no footer and no column defects are seeded on this site. Benign: a pinned (置顶) old item on top of
the fresh 浠水要闻 list; the 应急预案 column is linked only by "更多>>" (found by its slug yjya or its ColumnName),
the 政务新媒体 and 六保 pages only by images (alt text).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from inspector.farm import disclosure as dc
from inspector.farm.portals import media
from inspector.farm.base import Article, Column, Ctx, Fault, FileEntry, Reply, Request, html_reply
from inspector.farm.markup import BEIAN_HOST, CONAC_HOST, MIIT_HOST, Meta, conac_id, document, esc, jiucuo_url
from inspector.farm.portals.common import TrsPortal, list_items, pager_links

logger = logging.getLogger(__name__)

HOST = "www.xishui.gov.cn.test"
REDIRECT = "/zwgk/index.html"  # 政务公开: a script sends the browser to the platform
PLATFORM = "/zfxxgk/index.html"
FDZDGKNR = "/zfxxgk/fdzdgknr/index.html"
GUIDE = "/zfxxgk/zfxxgkzn/index.html"
SYSTEM = "/zfxxgk/zfxxgkzd/index.html"
FUNCTIONS = "/zfxxgk/fdzdgknr/jgzn/index.html"
HDJL, LETTERS = "/hdjl/index.html", "/hdjl/xzxx/list.html"  # 互动交流, 县长信箱; messages /hdjl/xzxx/detail_N.html
XMT, SEARCH = "/zwxmt/index.html", "/search/index.html"

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

    def disclosure_columns(self) -> tuple[Column, ...]:
        t, seed, r = self.today, self.seed, self.region
        sub = "/zfxxgk/fdzdgknr/"
        specs = (
            (f"{sub}gfxwj/", "规范性文件", dc.normative(self.name, r, t, seed, "浠政")),
            (f"{sub}yjya/", "应急预案", dc.emergency_plans(r, t, seed)),
            (f"{sub}qzqd/", "权责清单", dc.power_list(self.name, t)),
            (f"{sub}zdjc/", "重大行政决策事项目录", dc.decisions(r, t, seed)),
            (f"{sub}yjzj/", "征求意见", dc.consultations(r, t, seed)),
            (f"{sub}jcgkml/", "基层政务公开标准目录", dc.grassroots(r, t, seed)),
            ("/zfxxgk/zfxxgknb/", "政府信息公开年报", dc.annual_reports(self.name, t)),
            ("/ztzl/lwlb/", "“六稳六保”专题", dc.liubao(r, t)),
        )
        return tuple(Column(key, name, "notice", 3_500_000 + 10_000 * n, 0, 10, entries=items)
                     for n, (key, name, items) in enumerate(specs))

    def messages(self) -> tuple[dc.Message, ...]:
        return dc.messages(self.region, self.today, self.seed, unit="浠水县人民政府办公室")

    def singles(self) -> dict[str, Callable[[Ctx], str]]:
        return {REDIRECT: self.redirect_page, PLATFORM: self.platform, FDZDGKNR: self.fdzdgknr, GUIDE: self.guide,
                SYSTEM: self.system, FUNCTIONS: self.functions, HDJL: self.hdjl, LETTERS: self.letters, XMT: self.xmt}

    def fixed_pages(self) -> int:
        return 1 + len(self.singles()) + len(self.messages())  # homepage, single pages, messages

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
        singles = self.singles()
        if path in singles:
            return html_reply(singles[path](ctx))
        if path.startswith("/hdjl/xzxx/detail_") and path.endswith(".html"):
            number = path.removeprefix("/hdjl/xzxx/detail_").removesuffix(".html")
            message = next((m for m in self.messages() if str(m.number) == number), None)
            return html_reply(self.letter(message, ctx)) if message is not None else None
        if path == SEARCH:
            return html_reply(self.search(req.query.get("searchword", ""), ctx))
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
            f'<a href="{REDIRECT}">政务公开</a><a href="{PLATFORM}">政府信息公开</a>'
            f'<a href="{ZCWJ.key}index.html">政策文件</a><a href="{HDJL}">互动交流</a></div>'
        )
        search = (f'<form class="search" action="{SEARCH}" method="get" target="_blank">'
                  '<input type="text" name="searchword" value="" placeholder="站内搜索"><input type="submit" value="搜索"></form>')
        body = (f'<div class="top"><img src="/images/logo.png" alt="{self.name}">{search}</div>{nav}\n{main}\n'
                f"{self.footer(ctx)}")
        return document(title, meta, body)

    # -- pages ----------------------------------------------------------------------------------
    def home(self, ctx: Ctx) -> str:
        blocks = "".join(
            f'<div class="block"><h2><a href="{col.key}index.html">{col.name}</a></h2>'
            f"<ul>{list_items(self.page_items(col, 0)[:count], self.article_path)}</ul></div>\n"
            for col, count in ((XSYW, 6), (TZGG, 5), (ZCWJ, 3), (ZCJD, 3))
        )
        options = "".join(f'<option value="{ctx.url(h, "/")}">{n}</option>' for h, n in SITES)
        banners = ('<div class="banner"><a href="/ztzl/lwlb/index.html"><img src="/images/logo.png" alt="“六稳六保”专题"></a>'
                   f'<a href="{XMT}"><img src="/images/logo.png" alt="政务新媒体矩阵"></a></div>')
        main = (
            f'<div class="main">{blocks}{banners}<div class="sites">'
            f'<select onchange="window.open(this.value)"><option value="">—— 县市区及省市网站 ——</option>{options}'
            "</select></div></div>"
        )
        return self.page(self.name, main, ctx, self.meta("首页", "首页"))

    def redirect_page(self, ctx: Ctx) -> str:
        body = (f'<p>正在进入政府信息公开专栏……</p>\n<script type="text/javascript">\n'
                f'window.location.href = "{PLATFORM}";\n</script>')
        return document(f"政务公开_{self.name}", self.meta("政务公开", "跳转"), body)

    def statutory_items(self) -> list[tuple[str, str]]:
        """(href, text) of the sub-columns of 法定主动公开内容 (应急预案 is not among them: only "更多>>")."""
        sub = "/zfxxgk/fdzdgknr/"
        return [(f"{ZCWJ.key}index.html", "政策文件"), (f"{ZCJD.key}index.html", "政策解读"),
                (f"{sub}gfxwj/index.html", "规范性文件库"), (FUNCTIONS, "机构职能"), (f"{sub}qzqd/index.html", "权责清单"),
                (f"{sub}zdjc/index.html", "重大行政决策事项目录"), (f"{sub}yjzj/index.html", "征求意见"),
                (f"{sub}jcgkml/index.html", "基层政务公开标准目录")]

    def platform(self, ctx: Ctx) -> str:
        sections = ((GUIDE, "政府信息公开指南"), (SYSTEM, "政府信息公开制度"), (FDZDGKNR, "法定主动公开内容"),
                    ("/zfxxgk/zfxxgknb/index.html", "政府信息公开年度报告"))
        links = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in sections)
        items = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in self.statutory_items())
        block = ('<div class="block"><img src="/images/logo.png" alt=""><a class="more" '
                 'href="/zfxxgk/fdzdgknr/yjya/index.html">更多&gt;&gt;</a></div>')
        main = (f'<div class="main"><h1>浠水县人民政府信息公开</h1><ul class="sections">{links}</ul>'
                f'<div class="tree"><ul>{items}</ul></div>{block}</div>')
        return self.page(f"政府信息公开_{self.name}", main, ctx, self.meta("政府信息公开", "栏目首页"))

    def fdzdgknr(self, ctx: Ctx) -> str:
        links = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in self.statutory_items())
        more = '<p><a href="/zfxxgk/fdzdgknr/yjya/index.html">更多&gt;&gt;</a></p>'
        return self.page(f"法定主动公开内容_{self.name}",
                         f'<div class="main"><h1>法定主动公开内容</h1><ul>{links}</ul>{more}</div>',
                         ctx, self.meta("法定主动公开内容", "栏目首页"))

    def single(self, title: str, column: str, inner: str, ctx: Ctx, up: tuple[str, str] = (PLATFORM, "政府信息公开")
               ) -> str:
        crumb = f'<div class="crumb"><a href="/">首页</a> &gt; <a href="{up[0]}">{up[1]}</a> &gt; {column}</div>'
        return self.page(f"{title}_{self.name}", f'<div class="main">{crumb}<h1>{title}</h1>{inner}</div>', ctx,
                         self.meta(column, "单篇"))

    def guide(self, ctx: Ctx) -> str:
        text = dc.guide_text(self.name, "0713-4222345") + self.body_text(2, "guide")
        return self.single("浠水县人民政府信息公开指南", "政府信息公开指南", text, ctx)

    def system(self, ctx: Ctx) -> str:
        return self.single("浠水县政府信息公开制度", "政府信息公开制度", dc.system_text(self.name), ctx)

    def functions(self, ctx: Ctx) -> str:
        inner = dc.functions_text("浠水县人民政府办公室", "0713-4222345", "浠水县清泉镇（示例）")
        return self.single("机构职能", "机构职能", inner, ctx)

    def hdjl(self, ctx: Ctx) -> str:
        inner = (f'<ul><li><a href="{LETTERS}">县长信箱</a></li>'
                 '<li><a href="/zfxxgk/fdzdgknr/yjzj/index.html">意见征集</a></li></ul>')
        return self.single("互动交流", "互动交流", inner, ctx, ("/", "首页"))

    def letters(self, ctx: Ctx) -> str:
        rows = dc.message_rows(self.messages(), lambda m: f"detail_{m.number}.html")
        main = (f'<div class="main"><div class="crumb"><a href="/">首页</a> &gt; <a href="{HDJL}">互动交流</a> &gt; 县长信箱'
                f'</div><table class="list">{dc.MESSAGE_HEAD}{rows}</table></div>')
        return self.page(f"县长信箱_{self.name}", main, ctx, self.meta("县长信箱", "列表"))

    def letter(self, message: dc.Message, ctx: Ctx) -> str:
        return self.single(message.title, "县长信箱", dc.message_body(message, self.region), ctx, (LETTERS, "县长信箱"))

    def xmt(self, ctx: Ctx) -> str:
        matrix = dc.new_media(media.matrix(self.host), images_only=True)  # QR codes only: names in the alt text
        main = f'<div class="main"><div class="crumb"><a href="/">首页</a> &gt; 政务新媒体</div>{matrix}</div>'
        return self.page(f"政务新媒体_{self.name}", main, ctx, self.meta("政务新媒体", "单篇"))

    def search(self, word: str, ctx: Ctx) -> str:
        hits = self.page_items(XSYW, 0)[:5]
        main = (f'<div class="main"><h1>站内搜索</h1><p>关键词：{esc(word)}　共找到{len(hits)}条结果</p>'
                f"<ul>{list_items(hits, self.article_path)}</ul></div>")
        return self.page(f"站内搜索_{self.name}", main, ctx, self.meta("站内搜索", "搜索"))

    def pager(self, col: Column, page: int) -> str:
        total = self.n_pages(col)
        if total <= 1:
            return ""
        parts = pager_links(page, total, lambda n: self.list_path(col, n)[len(col.key):])
        return '<div class="pager">' + " ".join(parts) + "</div>"

    def pinned(self) -> Article:
        """The pinned row of the 浠水要闻 list: its oldest article (weeks or months old), still 置顶."""
        return self.article(XSYW, self.n_articles(XSYW) - 1)

    def list_page(self, col: Column, page: int, ctx: Ctx) -> str:
        rows = list_items(self.page_items(col, page), self.article_path)
        if col is XSYW and page == 0:
            old = self.pinned()
            rows = (f'<li class="top"><span class="zd">[置顶]</span><a href="{self.article_path(old)}" target="_blank">'
                    f"{esc(old.title)}</a><span>{old.when:%Y-%m-%d}</span></li>") + rows
        main = (f'<div class="main"><div class="crumb"><a href="/">首页</a> &gt; {col.name}</div>'
                f'<ul class="list">{rows}</ul>{self.pager(col, page)}</div>')
        return self.page(f"{col.name}_{self.name}", main, ctx, self.meta(col.name, "列表"))

    def article_page(self, art: Article, ctx: Ctx) -> str:
        col = art.column
        text = self.body_text(4, col.key, art.index, "body") + self.entry_text(art)
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
        old = self.pinned()
        return [
            Fault(self.host, rule, self.host, "/", "footer-script", detail, expect="pass")
            for rule in ("footer-site-code", "footer-icp", "footer-police-record", "footer-conac-mark",
                         "footer-error-report")
        ] + [
            Fault(self.host, "column-update", self.host, "/", "pinned-old-item",
                  f"浠水要闻列表首页第一行是置顶的旧文章（{old.when:%Y-%m-%d}），其后各行均为近期文章："
                  "最近更新日期应取最大日期，不得取第一行，栏目未超期（应判通过）", expect="pass"),
        ]
