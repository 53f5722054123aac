"""红安县人民政府 (county portal), Hanweb (大汉) style.

Column pages `/col/col13617/index.html` hold no article links: a script POSTs to
`/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15` and the answer is XML whose
`<record>` elements carry CDATA HTML rows. Articles are `/art/YYYY/MM/DD/art_COL_ID.html`. The homepage
has plain links to the columns and to the newest articles (要闻 blocks), so a crawler reaches pages.
Seeded here: no 党政机关 mark, a link to a host that refuses connections, a soft 404, an off-site 404; no 六保
topic, and six 动态/公告 columns not updated for weeks or months (column-update: the site is 不合格).
Benign: every list (the required columns' too) is only in the data proxy's answers, never in the column page.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from urllib.parse import quote

from inspector.farm import disclosure as dc
from inspector.farm.portals import media
from inspector.farm.base import Article, Column, Ctx, Fault, FileEntry, Reply, Request, html_reply
from inspector.farm.content import fmt_date
from inspector.farm.markup import Meta, document, esc, icp_link, jiucuo_link, police_link
from inspector.farm.portals.common import GovPortal, list_items

logger = logging.getLogger(__name__)

HOST = "www.hazf.gov.cn.test"
REFUSED_HOST = "zwfw.hazf.gov.cn.test"
GOV_HOST = "www.gov.cn.test"
HUBEI_HOST = "www.hubei.gov.cn.test"
CITY_HOST = "www.huanggang.gov.cn.test"
DATAPROXY = "/module/web/jpage/dataproxy.jsp"
GROUP = 45  # records per dataproxy group (3 pages of 15)
SOFT_404 = "/col/col13700/index.html"
OFFSITE_404 = "/zhengce/content/2016-10/12/content_5117971.htm"
MESSAGE = "/module/idea/que_content.jsp"  # ?id=N: one message of the 县长信箱
SEARCH = "/jrobot/search.do"
TRAP_TITLE = "红安县召开“六稳”“六保”工作推进会"  # a news title with the 六保 keyword: not a 六保 topic

_COL = re.compile(r"^/col/col(?P<col>\d+)/index\.html$")
_ART = re.compile(r"^/art/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/art_(?P<col>\d+)_(?P<id>\d+)\.html$")

YW = Column("13617", "政务动态", "news", 400_000, 40, 15, gap_hours=18)
TZGG = Column("13618", "通知公告", "notice", 420_000, 25, 15, gap_hours=50, offset_hours=3)
ZCWJ = Column("13619", "政策文件", "policy", 440_000, 20, 15, gap_hours=110, offset_hours=10, attachments=4)
ZCJD = Column("13621", "政策解读", "interpretation", 460_000, 10, 15, gap_hours=200, offset_hours=30)

# Static columns (one page each): id -> name
XXGK, ZN, NB, ZD, FDZDGKNR, JGZN, HDJL, XZXX, ZWXMT = (
    "13620", "13622", "13623", "13624", "13625", "13626", "13627", "13640", "13650")
_STATIC = {XXGK: "政府信息公开", ZN: "政府信息公开指南", NB: "政府信息公开年报", ZD: "政府信息公开制度",
           FDZDGKNR: "法定主动公开内容", JGZN: "机构职能", HDJL: "互动交流", XZXX: "县长信箱", ZWXMT: "政务新媒体"}
# jpage list columns of the required disclosure: id -> name
GFXWJ, YJYA, QZQD, ZDJC, ZQYJ, JCGK = "13630", "13631", "13632", "13633", "13634", "13635"
# columns not updated for a long time: (id, name, kind, days since the newest item)
STALE = (("13641", "部门动态", "news", 22), ("13642", "乡镇动态", "news", 31), ("13643", "招商动态", "news", 47),
         ("13644", "项目建设动态", "news", 65), ("13645", "公示公告", "notice", 214), ("13646", "招标公告", "notice", 260))
_ATTACHMENT_EXTS = ("pdf", "docx", "zip", "xls")


class Hongan(GovPortal):
    host = HOST
    name = "红安县人民政府"
    region = "红安县"
    site_code = "4211220001"
    columns = (YW, TZGG, ZCWJ, ZCJD)
    retitle = {(YW.key, 2): TRAP_TITLE}

    def disclosure_columns(self) -> tuple[Column, ...]:
        t, seed, r = self.today, self.seed, self.region
        required = (
            Column(GFXWJ, "规范性文件", "policy", 470_000, 0, 15, entries=dc.normative(self.name, r, t, seed, "红政")),
            Column(YJYA, "应急预案", "notice", 475_000, 0, 15, entries=dc.emergency_plans(r, t, seed)),
            Column(QZQD, "权责清单", "notice", 480_000, 0, 15, entries=dc.power_list(self.name, t)),
            Column(ZDJC, "重大行政决策事项目录", "notice", 485_000, 0, 15, entries=dc.decisions(r, t, seed)),
            Column(ZQYJ, "征求意见", "notice", 490_000, 0, 15, entries=dc.consultations(r, t, seed)),
            Column(JCGK, "基层政务公开标准目录", "notice", 495_000, 0, 15, entries=dc.grassroots(r, t, seed)),
        )
        stale = tuple(Column(key, name, kind, 500_000 + 5_000 * n, 0, 15, entries=dc.stale(r, kind, t, seed, days))
                      for n, (key, name, kind, days) in enumerate(STALE))
        return required + stale

    def messages(self) -> tuple[dc.Message, ...]:
        return dc.messages(self.region, self.today, self.seed, unit="红安县人民政府办公室")

    def page_count(self) -> int:
        # homepage + static columns + messages + one column page per list column + articles + attachments;
        # the dataproxy XML answers are not pages.
        articles = sum(self.n_articles(c) for c in self.columns)
        fixed = 1 + len(_STATIC) + len(self.messages())
        return fixed + len(self.columns) + articles + self.attachment_count()

    # -- URLs -----------------------------------------------------------------------------------
    @staticmethod
    def col_path(col_id: str) -> str:
        return f"/col/col{col_id}/index.html"

    @staticmethod
    def article_path(art: Article) -> str:
        return f"/art/{art.when:%Y/%m/%d}/art_{art.column.key}_{art.id}.html"

    def attachment(self, art: Article) -> tuple[str, str, str]:
        """(decoded path, href, link text) of a 政策文件 article's attachment."""
        ext = _ATTACHMENT_EXTS[art.index % len(_ATTACHMENT_EXTS)]
        if ext == "zip":
            name = f"{self.region}项目申报材料汇编.zip"
            path = f"/module/upload/{art.when:%Y%m}/{name}"
            return path, f"/module/upload/{art.when:%Y%m}/{quote(name)}", name
        path = f"/picture/0/{art.when:%y%m%d%H%M}{art.id}.{ext}"
        return path, path, f"附件.{ext}"

    def reports(self) -> list[tuple[str, str, date]]:
        """(path, title, publication day) of the annual reports of the three years before today's (18 January of
        the next year; not yet published ones left out)."""
        out = []
        for year in range(self.today.year - 1, self.today.year - 4, -1):
            day = date(year + 1, 1, 18)
            if day <= self.today:
                out.append((f"/picture/-1/nb{year}{self.site_code}.pdf", f"红安县人民政府{year}年政府信息公开工作年度报告", day))
        return out

    def build_files(self) -> list[FileEntry]:
        files = [FileEntry(self.attachment(a)[0], a.title) for a in self.attached(ZCWJ)]
        return files + [FileEntry(path, title) for path, title, _ in self.reports()]

    def assets(self) -> dict[str, tuple[str, bytes]]:
        out = dict(super().assets())
        out["/module/jslib/jquery/jquery.js"] = ("application/javascript; charset=utf-8", b"/* jQuery stub */\n")
        return out

    # -- routing --------------------------------------------------------------------------------
    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        path = req.path
        if path in ("/", "/index.html"):
            return html_reply(self.home(ctx))
        if path == DATAPROXY:
            return self.dataproxy(req)
        if path == SOFT_404:
            return html_reply(_SOFT_404)
        if path == MESSAGE:
            message = next((m for m in self.messages() if str(m.number) == req.query.get("id")), None)
            return html_reply(self.message_page(message, ctx)) if message is not None else None
        if path == SEARCH:
            return html_reply(self.search(req.query.get("q", ""), ctx))
        match = _COL.match(path)
        if match:
            col_id = match["col"]
            if col_id in _STATIC:
                return html_reply(self.static_column(col_id, ctx))
            col = self.column(col_id)
            return html_reply(self.column_page(col, ctx)) if col is not None else None
        match = _ART.match(path)
        if match:
            col = self.column(match["col"])
            art = self.locate(col, int(match["id"])) if col is not None else None
            if art is not None and self.article_path(art) == path:
                return html_reply(self.article_page(art, ctx))
        return None

    def dataproxy(self, req: Request) -> Reply:
        """The jpage data proxy: XML with CDATA rows for records startrecord..endrecord (1-based)."""
        params = {**req.query, **req.form}
        col = self.column(params.get("columnid", ""))
        try:
            start = max(1, int(params.get("startrecord", "1")))
            end = int(params.get("endrecord", str(start + GROUP - 1)))
            per_page = max(1, int(params.get("perpage", "15")))
        except ValueError:
            return Reply(status=400, body=b"bad request", content_type="text/plain; charset=utf-8")
        records: list[str] = []
        total = 0
        if col is not None:
            total = self.n_articles(col)
            for i in range(start - 1, min(end, total)):
                art = self.article(col, i)
                records.append(
                    f'<record><![CDATA[\n<li><a href="{self.article_path(art)}" target="_blank" '
                    f'title="{esc(art.title)}">{esc(art.title)}</a><span>{fmt_date(art.when, col.date_style)}'
                    "</span></li>\n]]></record>"
                )
        pages = -(-total // per_page)
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n'
            f"<totalrecord>{total}</totalrecord>\n<totalpage>{pages}</totalpage>\n"
            f"<recordset>\n" + "\n".join(records) + "\n</recordset>\n</datastore>\n"
        )
        return Reply(body=xml.encode("utf-8"), content_type="text/xml; charset=UTF-8")

    # -- page furniture -------------------------------------------------------------------------
    def nav(self) -> str:
        items = [("/", "首页"), (self.col_path(YW.key), "政务动态"), (self.col_path(TZGG.key), "通知公告"),
                 (self.col_path(XXGK), "政府信息公开"), (self.col_path(ZCWJ.key), "政策文件"),
                 (self.col_path(ZCJD.key), "政策解读"), (self.col_path(HDJL), "互动交流")]
        return '<div class="nav">' + "".join(f'<a href="{h}">{t}</a>' for h, t in items) + "</div>"

    def search_form(self) -> str:
        return (f'<form action="{SEARCH}" method="get" target="_blank" name="searchform">'
                '<input type="text" name="q" size="20" value=""><input type="hidden" name="webid" value="2">'
                '<input type="submit" value="搜索"></form>')

    def footer(self, ctx: Ctx) -> str:
        return (
            '<div id="footer"><table width="100%"><tr><td align="center">\n'
            "<p>主办：红安县人民政府办公室　承办：红安县政务服务和大数据管理局　联系电话：0713-5242016</p>\n"
            f"<p>网站标识码：{self.site_code}　{icp_link(ctx, '鄂ICP备05002004号-1')}　"
            f"{police_link(ctx, '鄂公网安备 42112202000045号', '42112202000045')}</p>\n"
            f"<p>{jiucuo_link(ctx, self.site_code, ctx.url(self.host, '/'))}</p>\n"
            "</td></tr></table></div>"
        )

    def page(self, title: str, main: str, ctx: Ctx, meta: Meta, head_extra: str = "") -> str:
        body = (f'<div class="head"><img src="/images/logo.png" alt="{self.name}">{self.search_form()}</div>{self.nav()}\n'
                f'<div class="main">{main}</div>\n{self.footer(ctx)}')
        return document(title, meta, body, head_extra=head_extra,
                        charset_tag='<meta http-equiv="Content-Type" content="text/html; charset=utf-8">')

    # -- pages ----------------------------------------------------------------------------------
    def home(self, ctx: Ctx) -> str:
        blocks = "".join(
            f'<div class="block"><h2><a href="{self.col_path(col.key)}">{col.name}</a></h2>'
            f"<ul>{list_items(self.page_items(col, 0)[:count], self.article_path, 'iso')}</ul></div>\n"
            for col, count in ((YW, 6), (TZGG, 3), (ZCWJ, 4))
        )
        tabs = "".join(f'<a href="{self.col_path(key)}">{name}</a> ' for key, name, _, _ in STALE)
        main = (
            f'<div class="yw"><h2>要闻</h2></div>\n{blocks}'
            f'<div class="tabs"><h2>动态与公告</h2>{tabs}</div>\n'
            f'<div class="hd"><a href="{self.col_path(XZXX)}">县长信箱</a> <a href="{self.col_path(ZQYJ)}">征求意见</a> '
            f'<a href="{self.col_path(ZWXMT)}">政务新媒体</a></div>\n'
            f'<div class="fw"><a href="{ctx.url(REFUSED_HOST, "/")}" target="_blank">红安县政务服务网</a></div>\n'
            '<div class="links">友情链接：'
            f'<a href="{ctx.url(GOV_HOST, "/")}">中国政府网</a> <a href="{ctx.url(HUBEI_HOST, "/")}">湖北省人民政府</a> '
            f'<a href="{ctx.url(CITY_HOST, "/")}">黄冈市人民政府</a></div>'
        )
        return self.page(self.name, main, ctx, self.meta("首页", "首页"))

    def column_page(self, col: Column, ctx: Ctx) -> str:
        params = (
            f"col=1&appid=1&webid=2&path=%2F&columnid={col.key}&sourceContentType=1&unitid=52145"
            f"&webname={quote(self.name)}&permissiontype=0"
        )
        script = (
            f'<div id="{col.key}" class="list"></div>\n'
            '<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>\n'
            '<script type="text/javascript">\n'
            f'var jpageParams = "{params}";\n'
            "$(document).ready(function () {\n"
            "  $.ajax({\n"
            '    type: "POST",\n'
            f'    url: "{DATAPROXY}?startrecord=1&endrecord={GROUP}&perpage={col.per_page}",\n'
            "    data: jpageParams,\n"
            '    dataType: "xml",\n'
            "    success: function (xml) {\n"
            f'      $(xml).find("record").each(function () {{ $("#{col.key}").append($(this).text()); }});\n'
            "    }\n"
            "  });\n"
            "});\n"
            "</script>"
        )
        main = f'<div class="crumb"><a href="/">首页</a> &gt; {col.name}</div>\n{script}'
        return self.page(f"{col.name}_{self.name}", main, ctx, self.meta(col.name, "列表"))

    def statutory(self) -> list[tuple[str, str]]:
        """(href, text) of the sub-columns of 法定主动公开内容."""
        return [(self.col_path(GFXWJ), "规范性文件"), (self.col_path(ZCWJ.key), "政策文件"),
                (self.col_path(ZCJD.key), "政策解读"), (self.col_path(JGZN), "机构职能"),
                (self.col_path(QZQD), "权责清单"), (self.col_path(ZDJC), "重大行政决策事项目录"),
                (self.col_path(ZQYJ), "征求意见"), (self.col_path(YJYA), "应急预案"),
                (self.col_path(JCGK), "基层政务公开标准目录")]

    def static_column(self, col_id: str, ctx: Ctx) -> str:
        title = _STATIC[col_id]
        if col_id == XXGK:
            items = [(self.col_path(ZN), "信息公开指南"), (self.col_path(ZD), "政府信息公开制度"),
                     (self.col_path(FDZDGKNR), "法定主动公开内容"), (self.col_path(NB), "政府信息公开年报"),
                     *self.statutory(), (SOFT_404, "领导信息")]
            inner = "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in items) + "</ul>"
        elif col_id == FDZDGKNR:
            inner = "<ul>" + "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in self.statutory()) + "</ul>"
        elif col_id == NB:
            inner = "<ul>" + "".join(
                f'<li><a href="{p}" target="_blank">{t}</a><span>{day:%Y-%m-%d}</span></li>'
                for p, t, day in self.reports()
            ) + "</ul>"
        elif col_id == ZN:
            inner = dc.guide_text(self.name, "0713-5242016") + self.body_text(2, col_id)
        elif col_id == ZD:
            inner = dc.system_text(self.name) + self.body_text(2, col_id)
        elif col_id == JGZN:
            inner = dc.functions_text("红安县人民政府办公室", "0713-5242016", "红安县城关镇陵园大道（示例）")
        elif col_id == HDJL:
            inner = (f'<ul><li><a href="{self.col_path(XZXX)}">县长信箱</a></li>'
                     f'<li><a href="{self.col_path(ZQYJ)}">意见征集</a></li></ul>')
        elif col_id == XZXX:
            rows = dc.message_rows(self.messages(), lambda m: f"{MESSAGE}?id={m.number}")
            inner = f'<table class="list">{dc.MESSAGE_HEAD}{rows}</table>'
        elif col_id == ZWXMT:
            inner = dc.new_media(media.matrix(self.host))
            title = ""
        else:
            inner = self.body_text(4, col_id)
        name = _STATIC[col_id]
        heading = f"<h1>{title}</h1>" if title else ""
        main = f'<div class="crumb"><a href="/">首页</a> &gt; {name}</div>{heading}{inner}'
        return self.page(f"{name}_{self.name}", main, ctx, self.meta(name, "栏目首页"))

    def message_page(self, message: dc.Message, ctx: Ctx) -> str:
        main = (f'<div class="crumb"><a href="/">首页</a> &gt; <a href="{self.col_path(XZXX)}">县长信箱</a></div>'
                f"<h1>{esc(message.title)}</h1>{dc.message_body(message, self.region)}")
        return self.page(f"{message.title}_{self.name}", main, ctx, self.meta("县长信箱", "留言"))

    def search(self, word: str, ctx: Ctx) -> str:
        hits = self.page_items(YW, 0)[:5]
        main = (f"<h1>站内搜索</h1><p>关键词：{esc(word)}　共找到{len(hits)}条结果</p>"
                f"<ul>{list_items(hits, self.article_path, 'iso')}</ul>")
        return self.page(f"站内搜索_{self.name}", main, ctx, self.meta("站内搜索", "搜索"))

    def article_page(self, art: Article, ctx: Ctx) -> str:
        col = art.column
        text = self.body_text(4, col.key, art.index, "body") + self.entry_text(art)
        extra = ""
        if col is ZCWJ and art.index < col.attachments:
            _, href, label = self.attachment(art)
            extra = f'<p class="fj">附件：<a href="{href}">{esc(label)}</a></p>'
        if col is YW and art.index == 0:
            extra = (f'<p>相关链接：<a href="{ctx.url(GOV_HOST, OFFSITE_404)}" target="_blank">'
                     "国务院关于加快推进“互联网+政务服务”工作的指导意见</a></p>")
        main = (
            f'<div class="crumb"><a href="/">首页</a> &gt; <a href="{self.col_path(col.key)}">{col.name}</a></div>'
            f"<h1>{esc(art.title)}</h1><div class=\"info\">发布日期：{art.when:%Y-%m-%d}　来源：红安县人民政府办公室</div>"
            f'<div class="content">{text}{extra}</div>'
        )
        return self.page(f"{art.title}_{self.name}", main, ctx, self.meta(col.name, "文章", art))

    # -- faults ---------------------------------------------------------------------------------
    def faults(self) -> list[Fault]:
        h = self.host
        return [
            Fault(h, "footer-conac-mark", h, "/", "footer-missing", "页脚没有党政机关网站标识（开办标识）"),
            Fault(h, "broken-links-homepage", REFUSED_HOST, "/", "refused",
                  "首页“红安县政务服务网”链接的域名解析到 127.0.0.2，该地址无服务（连接被拒绝）", "/"),
            Fault(h, "broken-links-other", h, SOFT_404, "soft-404",
                  "政府信息公开页的“领导信息”链接返回 HTTP 200 但内容为“页面不存在”（软 404）", self.col_path(XXGK)),
            Fault(h, "broken-links-other", GOV_HOST, OFFSITE_404, "http-404",
                  "首页要闻第一篇文章中的站外链接返回 HTTP 404", self.article_path(self.article(YW, 0))),
            *self.column_faults(),
        ]

    def column_faults(self) -> list[Fault]:
        h = self.host
        stale = "、".join(f"{name}（{self.col_path(key)}，最近更新距检查日{days}天）" for key, name, _, days in STALE)
        return [
            Fault(h, "column-liubao", h, "/", "column-missing",
                  "县级门户网站没有“六稳六保”专题（首页、导航、专题及信息公开页均无该栏目）；"
                  f"首页要闻中的新闻标题“{TRAP_TITLE}”不是专题栏目"),
            Fault(h, "column-update", h, "/", "column-stale",
                  f"动态要闻类栏目超过2周未更新、通知公告类栏目超过6个月未更新，合计6个：{stale}（单项否决）"),
            Fault(h, "column-blank", h, "/", "jpage-only-list",
                  "大汉（Hanweb）栏目页本身不含列表行，条目只在 /module/web/jpage/dataproxy.jsp 的 POST 应答中："
                  "规范性文件、征求意见等栏目须经数据接口读取，不得判为空白栏目（应判通过）", expect="pass"),
        ]


_SOFT_404 = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>页面不存在</title></head>
<body><div class="err"><h1>页面不存在</h1><p>抱歉，您访问的页面不存在或已被删除！</p>
<p><a href="/">返回首页</a></p></div></body></html>"""
