from __future__ import annotations

import pytest

from inspector.extract import extract_links, extract_page
from inspector.model import ExtractedLink

PAGE = "http://www.huanggang.gov.cn.test:8123/xxgk/zcwj/index.shtml"
HOST = "http://www.huanggang.gov.cn.test:8123"


def links(html: str, url: str = PAGE) -> list[tuple[str, str, str]]:
    return [(link.url, link.how, link.text) for link in extract_links(url, html)]


CASES: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    (
        "plain relative href, port kept, fragment removed",
        '<a href="./202011/t20201126_1234567.shtml#top">关于印发通知</a>',
        [(f"{HOST}/xxgk/zcwj/202011/t20201126_1234567.shtml", "a", "关于印发通知")],
    ),
    (
        "root-relative and absolute",
        '<a href="/col/col13617/index.html">通知公告</a><a href="http://www.hubei.gov.cn.test/">湖北省人民政府</a>',
        [
            (f"{HOST}/col/col13617/index.html", "a", "通知公告"),
            ("http://www.hubei.gov.cn.test/", "a", "湖北省人民政府"),
        ],
    ),
    (
        "javascript:void(0) href with onclick window.open",
        """<a href="javascript:void(0)" onclick="window.open('http://www.hbzwfw.gov.cn.test/')">政务服务</a>""",
        [("http://www.hbzwfw.gov.cn.test/", "onclick", "政务服务")],
    ),
    (
        "onclick location.href on a non-link element",
        """<li onclick="location.href='/zwgk/tzgg/'">通知公告</li>""",
        [(f"{HOST}/zwgk/tzgg/", "onclick", "通知公告")],
    ),
    (
        "onclick custom function with a URL argument",
        """<span onclick="openUrl('/hdjl/zxts/index.html')">在线投诉</span>""",
        [(f"{HOST}/hdjl/zxts/index.html", "onclick", "在线投诉")],
    ),
    (
        "onclick without any URL gives nothing",
        """<div onclick="changeTab('tab2')">政策解读</div><a href="#" onclick="return false">x</a>""",
        [],
    ),
    (
        "javascript:openUrl('...')",
        """<a href="javascript:openUrl('../zcjd/index.shtml')">政策解读</a>""",
        [(f"{HOST}/xxgk/zcjd/index.shtml", "javascript-href", "政策解读")],
    ),
    (
        "javascript:window.open('...')",
        """<a href="javascript:window.open('http://www.gov.cn.test/','_blank')">中国政府网</a>""",
        [("http://www.gov.cn.test/", "javascript-href", "中国政府网")],
    ),
    (
        "area",
        '<map name="m"><area shape="rect" coords="0,0,10,10" href="/ztzl/" alt="专题专栏"></map>',
        [(f"{HOST}/ztzl/", "area", "专题专栏")],
    ),
    (
        "frame and iframe",
        '<frameset><frame src="top.html" name="top"></frameset>',
        [(f"{HOST}/xxgk/zcwj/top.html", "frame", "top")],
    ),
    (
        "iframe",
        '<iframe src="//www.huanggang.gov.cn.test:8123/xxgk/gkml.html" title="公开目录"></iframe>',
        [(f"{HOST}/xxgk/gkml.html", "iframe", "公开目录")],
    ),
    (
        "select with onchange: placeholder without value skipped",
        """<select onchange="window.open(this.value)">
             <option selected>县市区网站</option>
             <option value="http://www.hzq.gov.cn.test/">黄州区</option>
             <option value="/bm/fgw/">市发改委</option>
           </select>""",
        [("http://www.hzq.gov.cn.test/", "select-option", "黄州区"), (f"{HOST}/bm/fgw/", "select-option", "市发改委")],
    ),
    (
        "select without handler: only URL-looking values",
        """<select name="searchColumn"><option value="all">全部</option><option value="biaoti">名称</option>
           <option value="https://www.tfq.gov.cn.test/">团风县</option></select>""",
        [("https://www.tfq.gov.cn.test/", "select-option", "团风县")],
    ),
    (
        "meta refresh",
        """<meta http-equiv="refresh" content="0;url=/xxgk/index.shtml">""",
        [(f"{HOST}/xxgk/index.shtml", "meta-refresh", "")],
    ),
    (
        "meta refresh, quoted URL with spaces and upper case",
        """<meta http-equiv="Refresh" content="3; URL='http://www.hg.gov.cn.test/'">""",
        [("http://www.hg.gov.cn.test/", "meta-refresh", "")],
    ),
    (
        "location scripts: four forms, variables and concatenations ignored",
        """<script>
             window.location.href = "../xxgkzn/";
             if (x) { location.href='/a/b.html'; }
             window.location = "http://www.hg.gov.cn.test/zwgk/";
             location.replace("/c/index.shtml");
             window.top.location.href = sUrl;
             location.href = "list.jsp?page=" + n;
           </script>""",
        [
            (f"{HOST}/xxgk/xxgkzn/", "location-script", ""),
            (f"{HOST}/a/b.html", "location-script", ""),
            ("http://www.hg.gov.cn.test/zwgk/", "location-script", ""),
            (f"{HOST}/c/index.shtml", "location-script", ""),
        ],
    ),
    (
        "createPageHTML pager (definition not matched, call expanded)",
        """<script>function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){}</script>
           <script>createPageHTML(4, 0, "index", "shtml");</script>""",
        [
            (f"{HOST}/xxgk/zcwj/index_1.shtml", "createPageHTML", ""),
            (f"{HOST}/xxgk/zcwj/index_2.shtml", "createPageHTML", ""),
            (f"{HOST}/xxgk/zcwj/index_3.shtml", "createPageHTML", ""),
        ],
    ),
    (
        "createPageHTML on page 2 also links the first page",
        """<script>createPageHTML(3, 2, 'index', 'shtml')</script>""",
        [
            (f"{HOST}/xxgk/zcwj/index.shtml", "createPageHTML", ""),
            (f"{HOST}/xxgk/zcwj/index_1.shtml", "createPageHTML", ""),
            (f"{HOST}/xxgk/zcwj/index_2.shtml", "createPageHTML", ""),
        ],
    ),
    (
        "createPageHTML with a single page: no links",
        """<script>createPageHTML(1, 0, "index", "shtml");</script>""",
        [],
    ),
    (
        "dropped schemes",
        """<a href="mailto:webmaster@hg.gov.cn">信箱</a><a href="tel:0713-123">电话</a><a href="#">x</a>
           <a href="#top">顶部</a><a href="data:text/html,hi">d</a><a href="javascript:void(0);">空</a>
           <a href="ftp://ftp.hg.gov.cn.test/">ftp</a><a href="">empty</a><a>no href</a>""",
        [],
    ),
    (
        "raw Chinese attachment name is percent-encoded",
        '<a href="/xxgk/P020201126/附件1：申请表.doc">附件1</a>',
        [(f"{HOST}/xxgk/P020201126/%E9%99%84%E4%BB%B61%EF%BC%9A%E7%94%B3%E8%AF%B7%E8%A1%A8.doc", "a", "附件1")],
    ),
    (
        "already percent-encoded attachment name is kept as is",
        '<a href="/xxgk/%E9%99%84%E4%BB%B6.pdf">附件</a>',
        [(f"{HOST}/xxgk/%E9%99%84%E4%BB%B6.pdf", "a", "附件")],
    ),
    (
        "spaces and newlines inside href",
        '<a href="\n   ./P0201.wps\n">年报 附件</a>',
        [(f"{HOST}/xxgk/zcwj/P0201.wps", "a", "年报 附件")],
    ),
    (
        "image link text comes from alt, then title",
        '<a href="/a/"><img src="x.png" alt="党政机关"></a><a href="/b/"><img src="y.png" title="找错"></a>'
        '<a href="/c/"><img src="z.png"></a>',
        [(f"{HOST}/a/", "a", "党政机关"), (f"{HOST}/b/", "a", "找错"), (f"{HOST}/c/", "a", "")],
    ),
    (
        "duplicates collapse keeping the first text; different how stays",
        """<a href="/xxgk/">信息公开</a><a href="/xxgk/#x">更多>></a>
           <a href="/xxgk/" onclick="window.open('/xxgk/')">信息公开目录</a>""",
        [(f"{HOST}/xxgk/", "a", "信息公开"), (f"{HOST}/xxgk/", "onclick", "信息公开目录")],
    ),
    (
        "an empty first text is filled from a later duplicate",
        '<a href="/zwgk/"><img src="i.png"></a><a href="/zwgk/">政务公开</a>',
        [(f"{HOST}/zwgk/", "a", "政务公开")],
    ),
    (
        "text is whitespace-normalised",
        '<a href="/z/">  政务\n\t公开 &nbsp; 专栏 </a>',
        [(f"{HOST}/z/", "a", "政务 公开 专栏")],
    ),
]


@pytest.mark.parametrize(("html", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES])
def test_link_forms(html: str, expected: list[tuple[str, str, str]]) -> None:
    assert links(f"<html><head></head><body>{html}</body></html>") == expected


def test_base_href_takes_precedence() -> None:
    html = """<html><head><base href="http://www.hg.gov.cn.test:8080/root/"></head>
              <body><a href="sub/page.html">子页</a><a href="/abs.html">绝对</a></body></html>"""
    assert links(html) == [
        ("http://www.hg.gov.cn.test:8080/root/sub/page.html", "a", "子页"),
        ("http://www.hg.gov.cn.test:8080/abs.html", "a", "绝对"),
    ]


def test_relative_base_href_resolves_against_page() -> None:
    html = '<base href="/xxgk/"><a href="zcwj/">政策文件</a>'
    assert links(html) == [(f"{HOST}/xxgk/zcwj/", "a", "政策文件")]


def test_links_in_document_order_across_forms() -> None:
    html = """<html><head><meta http-equiv="refresh" content="5;url=/new/"></head><body>
      <a href="/a/">A</a><iframe src="/frame/"></iframe>
      <a href="javascript:openUrl('/b/')">B</a>
      <script>location.href = "/c/";</script></body></html>"""
    assert [(u.rsplit("/", 2)[-2], how) for u, how, _ in links(html)] == [
        ("new", "meta-refresh"),
        ("a", "a"),
        ("frame", "iframe"),
        ("b", "javascript-href"),
        ("c", "location-script"),
    ]


def test_accepts_a_parsed_tree_and_gives_extracted_links() -> None:
    import lxml.html

    tree = lxml.html.document_fromstring('<html><body><a href="x.html">X</a></body></html>')
    assert extract_links(PAGE, tree) == [ExtractedLink(url=f"{HOST}/xxgk/zcwj/x.html", text="X", how="a")]


def test_query_with_chinese_on_a_gbk_page() -> None:
    got = extract_links(PAGE, '<a href="/search?q=镕">搜</a>', encoding="gb18030")
    assert "镕".encode("gb18030") == b"\xe9F"
    assert got[0].url == f"{HOST}/search?q=%E9F"  # query encoded in the page's encoding, as a browser does


def test_bad_port_is_skipped_not_raised() -> None:
    assert links('<a href="http://www.hg.gov.cn.test:99999999/">x</a><a href="/ok/">ok</a>') == [
        (f"{HOST}/ok/", "a", "ok")
    ]


def test_pager_is_capped() -> None:
    got = links('<script>createPageHTML(5000, 0, "index", "html");</script>')
    assert len(got) == 999 and got[-1][0].endswith("/index_999.html")


def test_extract_page_carries_the_links() -> None:
    facts = extract_page(PAGE, '<a href="/a/">A</a><script>createPageHTML(2, 0, "index", "shtml");</script>')
    assert [(link.how, link.url) for link in facts.links] == [
        ("a", f"{HOST}/a/"),
        ("createPageHTML", f"{HOST}/xxgk/zcwj/index_1.shtml"),
    ]
