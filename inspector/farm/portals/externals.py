"""Hosts outside the registry that the portals link to: national and provincial sites, the conac mark,
the 找错 entry, the ICP and police record lookups, and the hostile ones (a WAF, a rate limiter)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import ClassVar

from inspector.farm.base import Ctx, HostApp, Reply, Request, html_reply
from inspector.farm.content import stable_hex
from inspector.farm.files import png
from inspector.farm.markup import CONAC_HOST, CONAC_SCRIPT_HOST, JIUCUO_HOST, MIIT_HOST, BEIAN_HOST, document, esc

logger = logging.getLogger(__name__)

GOV_HOST = "www.gov.cn.test"
HUBEI_HOST = "www.hubei.gov.cn.test"
WAF_HOST = "zwfw.hubei.gov.cn.test"
RATE_LIMITED_PATH = "/xxgk/"


def _simple(title: str, text: str) -> str:
    return document(title, None, f"<h1>{esc(title)}</h1><p>{esc(text)}</p>")


class _Static(HostApp):
    """A host of a few fixed pages, path -> (title, text); anything else is a 404."""

    pages: ClassVar[Mapping[str, tuple[str, str]]] = {}

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        page = self.pages.get(req.path)
        return html_reply(_simple(*page)) if page is not None else None


class GovCn(_Static):
    """中国政府网: the homepage works; everything else is a 404 (old policy links)."""

    host = GOV_HOST
    pages = dict.fromkeys(("/", "/index.htm"), ("中国政府网", "中华人民共和国中央人民政府门户网站"))


class Hubei(_Static):
    """湖北省人民政府: the homepage works; /xxgk/ is rate limited (429 first, 200 on a quick retry)."""

    host = HUBEI_HOST
    pages = {"/": ("湖北省人民政府门户网站", "湖北省人民政府")}

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        if req.path == RATE_LIMITED_PATH:
            page = _simple("湖北省政府信息公开专栏", "政府信息公开")
            return Reply(body=page.encode("utf-8"), rate_limited=True)
        return super().route(req, ctx)


class Waf(HostApp):
    """湖北政务服务网 behind a 瑞数-style WAF: every request gets HTTP 412 and a JavaScript challenge."""

    host = WAF_HOST
    robots = None

    def respond(self, req: Request, ctx: Ctx) -> Reply:
        token = stable_hex("waf", self.seed, req.path, length=24)
        body = (
            '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
            f'<meta id="9DhefwqGPrzGxEp9hPaoag" content="{token}" r="m">'
            '<script type="text/javascript" r="m">$_ts=window[\'$_ts\'];if(!$_ts)$_ts=window[\'$_ts\']={};'
            f'$_ts.nsd=46238;$_ts.cd="qnkgrrAlEqGc{token}rqqmcG";</script>'
            '<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVIc/d.FxJzG50F.dfe1675.js" r="m"></script>'
            "</head><body></body></html>"
        )
        cookie = f"NfBCSins2OywO=60{token.lower()}; path=/; HttpOnly"
        return Reply(status=412, body=body.encode("utf-8"), headers=(("Set-Cookie", cookie),))


class Conac(HostApp):
    """bszs.conac.cn: the 党政机关 mark's target page and its image."""

    host = CONAC_HOST

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        if req.path == "/images/red.png":
            return Reply(body=png(), content_type="image/png")
        if req.path == "/sitename" and req.query.get("method") == "show":
            ident = req.query.get("id", "")
            return html_reply(_simple("党政机关网站标识", f"网站标识编号 {ident}：该网站为党政机关网站。"))
        return None


class ConacScript(HostApp):
    """dcs.conac.cn: the conac script that writes the mark (an image link to bszs.conac.cn)."""

    host = CONAC_SCRIPT_HOST

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        if req.path.startswith("/js/") and req.path.endswith(".js"):
            ident = stable_hex("conac-script", req.path)
            href = ctx.url(CONAC_HOST, f"/sitename?method=show&id={ident}")
            img = ctx.url(CONAC_HOST, "/images/red.png")
            js = (f"document.getElementById('_ideConac').innerHTML = '<a href=\"{href}\" target=\"_blank\">"
                  f"<img src=\"{img}\" alt=\"党政机关\"></a>';\n")
            return Reply(body=js.encode("utf-8"), content_type="application/javascript; charset=utf-8")
        return None


class Jiucuo(HostApp):
    """zfwzgl.www.gov.cn: the national 我为政府网站找错 page."""

    host = JIUCUO_HOST

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        if req.path == "/exposure/jiucuo.html":
            code = req.query.get("site_code", "")
            return html_reply(_simple("我为政府网站找错", f"网站标识码：{code}。请填写您发现的问题。"))
        return None


class Miit(_Static):
    """beian.miit.gov.cn: the ICP filing lookup."""

    host = MIIT_HOST
    pages = {"/": ("ICP/IP地址/域名信息备案管理系统", "工业和信息化部")}


class Beian(HostApp):
    """www.beian.gov.cn: the public-security record lookup."""

    host = BEIAN_HOST

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        if req.path == "/portal/registerSystemInfo":
            return html_reply(_simple("全国互联网安全管理服务平台", f"备案号：{req.query.get('recordcode', '')}"))
        return None


EXTERNALS: tuple[type[HostApp], ...] = (GovCn, Hubei, Waf, Conac, ConacScript, Jiucuo, Miit, Beian)
