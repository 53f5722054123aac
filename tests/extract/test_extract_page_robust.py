from __future__ import annotations

import pytest

from inspector.extract import decode_body, extract_page
from inspector.model import FooterMarks

URL = "http://www.huanggang.gov.cn.test:8123/xxgk/"

JUNK_CASES = [
    ("empty", ""),
    ("whitespace", "  \n\t "),
    ("text only", "网站标识码：4211000001"),
    ("fragment", "<li><a href='a.html'>甲</a></li>"),
    ("xml declaration", '<?xml version="1.0" encoding="gb2312"?><html><body><a href="a.html">甲</a></body></html>'),
    ("jsp", '<%@ page contentType="text/html;charset=GBK" %><%-- x --%><html><body><a href="a.html">甲</a></body></html>'),
    ("jsp include in head", '<html><head><jsp:include page="/WEB-INF/h.jsp" /><title>标题</title></head><body></body></html>'),
    ("script before head", "<html><script>(function(){})()</script><head><title>标题</title></head><body>正文</body></html>"),
    ("NUL and control chars", "<html><body>a\x00b\x0bc<a href='x\x00.html'>x</a></body></html>"),
    ("unclosed everything", "<html><body><div><table><tr><td><a href='a.html'>甲"),
    ("only a comment", "<!-- nothing -->"),
    ("broken attribute quoting", "<a href=\"a.html>甲</a><a href='b.html\">乙</a>"),
    ("lone surrogate-free odd unicode", "<p>\ufeff\u200b网站标识码：\u30004211000001</p>"),
]


@pytest.mark.parametrize("html", [c[1] for c in JUNK_CASES], ids=[c[0] for c in JUNK_CASES])
def test_extract_page_never_raises(html: str) -> None:
    facts = extract_page(URL, html)
    assert facts.url == URL
    assert isinstance(facts.footer, FooterMarks)


def test_jsp_wrapped_page_keeps_title_and_links() -> None:
    html = """<%--
      Created by IntelliJ IDEA.
      Date: 2020/8/10 0010
    --%>
    <%@ page contentType="text/html;charset=UTF-8" language="java" %>
    <html lang="en"><script id="allow-copy_script">(function agent(){ let x = 1 })()</script><head>
    <meta name="SiteIDCode" content="4211000001"><title>黄冈市人民政府</title>
    <jsp:include page="/WEB-INF/views/include/head4.jsp" /></head>
    <body><a href="zcwj/">政策文件</a><p>2020-11-26</p></body></html>"""
    facts = extract_page(URL, html)
    assert facts.title == "黄冈市人民政府"
    assert facts.meta == {"SiteIDCode": "4211000001"}
    assert [(link.url, link.text) for link in facts.links] == [(f"{URL}zcwj/", "政策文件")]
    assert facts.dates == ("2020-11-26",)  # not 2020-08-10 from the JSP comment


def test_xhtml_with_xml_declaration_in_gb2312_bytes() -> None:
    html = '<?xml version="1.0" encoding="gb2312"?>\n<html><head><title>朱镕基</title></head><body>王堃</body></html>'
    text, encoding = decode_body(html.encode("gbk"))
    assert encoding == "gb18030"
    facts = extract_page(URL, text, encoding)
    assert facts.title == "朱镕基" and facts.encoding == "gb18030"


def test_ideographic_space_after_label() -> None:
    assert extract_page(URL, "<p>网站标识码：\u30004211000001</p>").footer.site_code == "4211000001"


def test_deeply_nested_unclosed_tags_do_not_lose_the_footer() -> None:
    # 600 levels: beyond libxml2's default 256-level limit, which would silently drop the rest of the page
    html = "<html><body>" + "<div><font>" * 300 + "</body>"
    html += "<p>网站标识码：4211000001</p><a href='/x/'>x</a></html>"
    facts = extract_page(URL, html)
    assert facts.footer.site_code == "4211000001"
    assert [link.url for link in facts.links] == ["http://www.huanggang.gov.cn.test:8123/x/"]
