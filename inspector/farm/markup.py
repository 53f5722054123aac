"""HTML pieces shared by the farm's portals: <head> with the standard meta tags, footers, footer marks."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from inspector.farm import content
from inspector.farm.base import Ctx

logger = logging.getLogger(__name__)

CONAC_HOST = "bszs.conac.cn.test"
CONAC_SCRIPT_HOST = "dcs.conac.cn.test"
JIUCUO_HOST = "zfwzgl.www.gov.cn.test"
MIIT_HOST = "beian.miit.gov.cn.test"
BEIAN_HOST = "www.beian.gov.cn.test"


def esc(text: str) -> str:
    return escape(text, quote=True)


@dataclass(frozen=True, slots=True)
class Meta:
    """The standard government-site meta tags of one page (None = tag left out)."""

    site_name: str
    site_domain: str
    site_code: str | None
    column_name: str | None = None
    column_type: str | None = None
    article_title: str | None = None
    pub_date: str | None = None
    source: str | None = None

    def tags(self) -> str:
        pairs = [
            ("SiteName", self.site_name), ("SiteDomain", self.site_domain), ("SiteIDCode", self.site_code),
            ("ColumnName", self.column_name), ("ColumnType", self.column_type),
            ("ArticleTitle", self.article_title), ("PubDate", self.pub_date), ("ContentSource", self.source),
        ]
        return "\n".join(f'<meta name="{k}" content="{esc(v)}">' for k, v in pairs if v is not None)


def document(title: str, meta: Meta | None, body: str, *, charset_tag: str = '<meta charset="utf-8">',
             head_extra: str = "", doctype: str = "<!DOCTYPE html>") -> str:
    """A complete page. `charset_tag` is written verbatim (e.g. `<meta charset=gb2312>`)."""
    tags = meta.tags() if meta is not None else ""
    return (
        f"{doctype}\n<html lang=\"zh-CN\">\n<head>\n{charset_tag}\n<title>{esc(title)}</title>\n{tags}\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="stylesheet" href="/css/style.css">\n{head_extra}</head>\n<body>\n{body}\n</body>\n</html>\n'
    )


def conac_id(host: str) -> str:
    """The 32-hex id the conac registry gives a site (stable per host)."""
    return content.stable_hex("conac", host)


def conac_mark(ctx: Ctx, host: str) -> str:
    """The 党政机关 mark as an image link to bszs.conac.cn."""
    href = ctx.url(CONAC_HOST, f"/sitename?method=show&id={conac_id(host)}")
    src = ctx.url(CONAC_HOST, "/images/red.png")
    return (f'<a href="{esc(href)}" target="_blank" title="党政机关"><img src="{src}" '
            'width="36" height="42" alt="党政机关"></a>')


def conac_script(ctx: Ctx, host: str) -> str:
    """The 党政机关 mark inserted by a conac script (the script writes the image link)."""
    src = ctx.url(CONAC_SCRIPT_HOST, f"/js/17/000/0000/40637543/CA{conac_id(host)[:26]}.js")
    return f'<span id="_ideConac"></span><script type="text/javascript" src="{src}"></script>'


def jiucuo_url(ctx: Ctx, site_code: str, home: str) -> str:
    return ctx.url(JIUCUO_HOST, f"/exposure/jiucuo.html?site_code={site_code}&url={quote(home, safe='')}")


def jiucuo_link(ctx: Ctx, site_code: str, home: str) -> str:
    """The 我为政府网站找错 entry."""
    return f'<a href="{esc(jiucuo_url(ctx, site_code, home))}" target="_blank">我为政府网站找错</a>'


def icp_link(ctx: Ctx, icp: str) -> str:
    return f'<a href="{ctx.url(MIIT_HOST, "/")}" target="_blank">{esc(icp)}</a>'


def police_link(ctx: Ctx, record: str, number: str) -> str:
    href = ctx.url(BEIAN_HOST, f"/portal/registerSystemInfo?recordcode={number}")
    return f'<a href="{esc(href)}" target="_blank">{esc(record)}</a>'


CREATE_PAGE_HTML_JS = r"""<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex==0) document.write("<span>首页</span> ");
  else document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">首页</a> ");
  if(nCurrIndex>1) document.write("<a href=\""+_sPageName+"_" + (nCurrIndex-1) + "."+_sPageExt+"\">上一页</a> ");
  else if(nCurrIndex==1) document.write("<a href=\""+_sPageName+"."+_sPageExt+"\">上一页</a> ");
  if(nCurrIndex<_nPageCount-1) document.write("<a href=\""+_sPageName+"_" + (nCurrIndex+1) + "."+_sPageExt+"\">下一页</a> ");
  document.write("<a href=\""+_sPageName+"_" + (_nPageCount-1) + "."+_sPageExt+"\">尾页</a>");
  document.write(" 共" + _nPageCount + "页");
}
</script>"""
