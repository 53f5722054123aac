from __future__ import annotations

from pathlib import Path

import pytest

from inspector.extract import classify_body, decode_body, extract_page, redirected_to_homepage

REALPAGES = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "realpages"

COLUMNS = "首页 政务公开 政策文件 政策解读 通知公告 人事信息 规划计划 财政资金 政务服务 互动交流 领导信箱 在线访谈 专题专栏".split()
CHROME_NAV = "".join(f'<li><a href="/c{i}/">{name}{i}</a></li>' for i, name in enumerate(COLUMNS * 6))
CHROME_FOOTER = (
    "<div class='footer'>主办：黄冈市人民政府办公室 承办：黄冈市政务服务和大数据管理局 地址：黄冈市黄州区东门路 电话：0713-8356789"
    " 网站标识码：4211000001 鄂ICP备05002000号-1 鄂公网安备 42110202000123号</div>"
)


def with_chrome(title: str, main: str) -> str:
    return f"<html><head><title>{title}</title></head><body><ul class='nav'>{CHROME_NAV}</ul>{main}{CHROME_FOOTER}</body></html>"


RUISHU = """<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta id="9DhefwqGPrzGxEp9hPaoag" content="_hbm1vAIbO0qRPpXmE8Xx8Azz9Yqsq5tkC1EEfzXU3qZ" r='m'>
<script type="text/javascript" r='m'>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=50913;$_ts.cd="qhzbrrAlcGLarqAlqqEArqWlrq3";</script>
<script type="text/javascript" charset="utf-8" src="/4QbVtADbnLVI/c.FxJzG50F.dfe1675.js" r='m'></script>
</head><body></body></html>"""

JSL = """<html><body><script>document.cookie=('_')+('_')+('j')+('s')+('l')+('_')+('c')+('l')+('e')+('a')+('r')
+('a')+('n')+('c')+('e')+('_')+('s')+('=')+(-~[]+'')+'; max-age=3600; path=/';
location.href=location.pathname+location.search</script></body></html>"""

SAFEDOG = """<html><head><title>网站防火墙</title></head><body><div class="main">
<h3>您的请求带有不合法参数，已被网站管理员设置拦截！</h3><p>可能原因：您提交的内容包含危险的攻击请求</p>
<p>如何解决：1）检查提交内容；2）如网站托管，请联系空间提供商；3）普通网站访客，请联系网站管理员</p>
<img src="http://404.safedog.cn/images/safedogsite/head.png"></div></body></html>"""

CHUANGYU = """<html><head><title>安全拦截</title></head><body><p>当前访问疑似黑客攻击，已被创宇盾拦截。</p>
<p>拦截时间：2026-11-20 10:00:00</p><p>如果您是网站管理员，请登录创宇盾查看详情</p></body></html>"""

ENABLE_JS = """<html><head><title></title><script>var a=1;/* challenge */</script></head>
<body><noscript>请开启JavaScript并刷新该页。</noscript></body></html>"""

CAPTCHA = """<html><head><title>访问验证</title></head><body><div id="slider">
<p>请完成下方滑动验证后继续访问</p><div class="track"></div></div></body></html>"""

WAF_CASES = [
    ("ruishu 412", 412, RUISHU),
    ("ruishu 200", 200, RUISHU),
    ("ruishu 202", 202, RUISHU),
    ("412 with any body", 412, "<html><body>Precondition Failed</body></html>"),
    ("412 with empty body", 412, ""),
    ("jsl cookie challenge 521", 521, JSL),
    ("jsl cookie challenge 200", 200, JSL),
    ("safedog block 200", 200, SAFEDOG),
    ("safedog block 403", 403, SAFEDOG),
    ("chuangyu block", 200, CHUANGYU),
    ("enable javascript", 200, ENABLE_JS),
    ("captcha interstitial", 200, CAPTCHA),
    ("empty 202 with a script", 202, "<html><head><script src='/x.js'></script></head><body></body></html>"),
]


@pytest.mark.parametrize(("status", "text"), [(c[1], c[2]) for c in WAF_CASES], ids=[c[0] for c in WAF_CASES])
def test_waf(status: int, text: str) -> None:
    assert classify_body(status, {"Content-Type": "text/html"}, text) == "waf"


def test_waf_by_header_on_a_403() -> None:
    assert classify_body(403, {"Server": "Safedog/4.0"}, "<html><body>Forbidden</body></html>") == "waf"
    assert classify_body(403, {"Server": "nginx"}, "<html><body>Forbidden</body></html>") is None


SOFT_404_CASES = [
    ("title 404", "404 - 黄冈市人民政府", "<p>返回首页</p>"),
    ("title 404 Not Found", "404 Not Found", "<h1>Not Found</h1><hr><center>nginx</center>"),
    ("title phrase", "页面不存在_黄冈市人民政府", "<p>请检查网址</p>"),
    ("message block in full chrome", "黄冈市人民政府",
     "<div class='err'><h2>抱歉，您访问的页面不存在！</h2><p>可能原因：网址有错误；网页已删除或移动。</p></div>"),
    ("hanweb deleted article", "黄冈市人民政府", "<div class='content'><p>该信息不存在或已删除</p></div>"),
    ("找不到该页面", "提示", "<div><b>找不到该页面</b></div>"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("title", "main"), [(c[1], c[2]) for c in SOFT_404_CASES], ids=[c[0] for c in SOFT_404_CASES]
)
def test_soft_404(title: str, main: str) -> None:
    assert classify_body(200, {"Content-Type": "text/html; charset=utf-8"}, with_chrome(title, main)) == "soft_404"


def test_soft_404_small_page_and_status_none() -> None:
    assert classify_body(None, None, "<html><body>您访问的页面不存在</body></html>") == "soft_404"


def test_soft_404_by_error_path_after_redirect() -> None:
    page = with_chrome("黄冈市人民政府", "<p>请返回首页</p>")
    assert classify_body(200, None, page, url="http://www.hg.gov.cn.test/404.html") == "soft_404"
    assert classify_body(200, None, page, url="http://www.hg.gov.cn.test/error/") == "soft_404"
    assert classify_body(200, None, page, url="http://www.hg.gov.cn.test/xxgk/") is None


ARTICLE_404 = with_chrome(
    "关于404家企业获得技术改造补贴的公示_黄冈市人民政府",
    "<div class='article'><h1>关于404家企业获得技术改造补贴的公示</h1>"
    "<p>发布时间：2026-11-02</p>"
    "<p>根据《黄冈市技术改造专项资金管理办法》，经企业申报、县市区初审、专家评审，全市共有404家企业符合补贴条件，"
    "现予以公示。公示期间如有异议，请以书面形式向市经信局反映。</p>"
    "<p>今年以来，市政府网站开展自查，共清理404个无效链接，部分页面不存在问题已整改，并对访问“页面不存在”的情况进行了通报。"
    "各县市区要进一步加强网站内容保障，确保信息发布及时准确。</p>"
    "<p>部分页面不存在问题已整改。</p>"
    "<p>HTTP 状态码 404 表示请求的资源不存在，网站运维人员应定期检查。</p></div>",
)


def test_normal_article_mentioning_404_is_not_soft_404() -> None:
    assert classify_body(200, {"Content-Type": "text/html"}, ARTICLE_404) is None
    assert extract_page("http://www.hg.gov.cn.test/art/2026/11/2/art_1_2.html", ARTICLE_404).soft_404 is False


def test_normal_page_with_noscript_hint_is_not_waf() -> None:
    page = with_chrome("黄冈市人民政府", "<noscript>请开启JavaScript以获得最佳浏览效果</noscript><p>欢迎访问</p>")
    assert classify_body(200, None, page) is None


def test_404_status_is_not_soft_and_non_html_is_skipped() -> None:
    assert classify_body(404, None, "<title>404</title>页面不存在") is None  # a real 404: broken, the caller's call
    assert classify_body(200, {"content-type": "application/pdf"}, "页面不存在") is None
    assert classify_body(200, {"Content-Type": "application/pdf"}, RUISHU) is None
    assert classify_body(412, {"Content-Type": "application/json"}, "{}") == "waf"


@pytest.mark.parametrize("name", sorted(p.name for p in REALPAGES.glob("*.html")))
def test_real_pages_are_neither(name: str) -> None:
    text, _ = decode_body((REALPAGES / name).read_bytes(), "text/html")
    assert classify_body(200, {"Content-Type": "text/html"}, text) is None


def test_extract_page_flags() -> None:
    assert extract_page("http://www.hg.gov.cn.test/x/", RUISHU).waf_challenge is True
    assert extract_page("http://www.hg.gov.cn.test/x/", with_chrome("404", "")).soft_404 is True


@pytest.mark.parametrize(
    ("requested", "final", "expected"),
    [
        ("http://www.hg.gov.cn.test/xxgk/old/", "http://www.hg.gov.cn.test/", True),
        ("http://www.hg.gov.cn.test/xxgk/old/", "http://www.hg.gov.cn.test/index.html", True),
        ("http://www.hg.gov.cn.test/", "http://www.hg.gov.cn.test/index.shtml", False),
        ("http://www.hg.gov.cn.test/xxgk/old/", "http://www.hg.gov.cn.test/xxgk/new/", False),
        ("http://www.hg.gov.cn.test/xxgk/", "http://www.hg.gov.cn.test:8123/", False),  # another port
    ],
)
def test_redirected_to_homepage(requested: str, final: str, expected: bool) -> None:
    assert redirected_to_homepage(requested, final, "http://www.hg.gov.cn.test/") is expected


def test_normal_pages_with_challenge_like_scripts_are_not_waf() -> None:
    cookie_switch = "<script>function big(){document.cookie='font=big';location.reload();}</script><p>欢迎访问</p>"
    assert classify_body(200, None, with_chrome("黄冈市人民政府", cookie_switch)) is None
    protected = "<script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;</script><p>欢迎访问</p>"
    assert classify_body(200, None, with_chrome("黄冈市人民政府", protected)) is None
    assert classify_body(200, None, f"<html><body>{protected}</body></html>") == "waf"


def test_hidden_hints_and_template_branches_are_not_a_soft_404() -> None:
    """A 信箱 page filled by a script keeps its "not found" text hidden or in a v-else branch: not a missing page."""
    nav = "".join(f'<li><a href="/c{i}/">栏目{i}</a></li>' for i in range(12))
    head = "<html><head><title>县长信箱_演示县人民政府</title></head><body>"
    hidden = f'{head}<ul>{nav}</ul><div id="app"></div><div class="tip" style="display:none">内容不存在</div></body></html>'
    branch = (f'{head}<ul>{nav}</ul><div id="app"><div v-if="list.length">…</div>'
              '<div class="empty" v-else>信息不存在或已删除</div></div></body></html>')
    shown = f'{head}<ul>{nav}</ul><div class="main"><p>信息不存在或已删除</p></div></body></html>'
    url, home = "http://www.demo.test/xzxx/index.html", "http://www.demo.test/"
    assert classify_body(200, {"Content-Type": "text/html"}, hidden, url=url, homepage=home) is None
    assert classify_body(200, {"Content-Type": "text/html"}, branch, url=url, homepage=home) is None
    assert classify_body(200, {"Content-Type": "text/html"}, shown, url=url, homepage=home) == "soft_404"
