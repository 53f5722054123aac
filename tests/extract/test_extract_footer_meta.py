from __future__ import annotations

import pytest

from inspector.extract import extract_footer, extract_meta, extract_page, meta_lookup, parse_html
from inspector.model import FooterMarks

PAGE = "http://www.huanggang.gov.cn.test:8123/"


def footer(body: str, url: str = PAGE) -> FooterMarks:
    return extract_page(url, f"<html><head><title>t</title></head><body>{body}</body></html>").footer


def test_plain_footer() -> None:
    marks = footer(
        """<div class="footer"><p>主办：黄冈市人民政府办公室</p>
        <p>网站标识码：4211000001　<a href="https://beian.miit.gov.cn/">鄂ICP备05002000号-1</a></p>
        <p><img src="ga.png"><a href="http://www.beian.gov.cn/">鄂公网安备 42110202000123号</a></p>
        <span id="_ideConac"><a href="https://bszs.conac.cn.test/sitename?method=show&id=1"><img src="red.png"></a></span>
        <a href="https://zfwzgl.www.gov.cn.test/exposure/jiucuo.html?site_code=4211000001">
           <img src="jiucuo.png" alt="我为政府网站找错"></a></div>"""
    )
    assert marks == FooterMarks(
        site_code="4211000001",
        icp="鄂ICP备05002000号-1",
        police_record="鄂公网安备 42110202000123号",
        conac_mark="https://bszs.conac.cn.test/sitename?method=show&id=1",
        error_report_entry="https://zfwzgl.www.gov.cn.test/exposure/jiucuo.html?site_code=4211000001",
    )


def test_empty_page_has_no_marks() -> None:
    assert footer("<p>欢迎访问</p>") == FooterMarks()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("网站标识码：4211000001", "4211000001"),
        ("网站标识码:4211000001", "4211000001"),
        ("网站标识码 1304000009 ", "1304000009"),
        ("网站识别码：bm55000001", "bm55000001"),
        ("网站标识码：421100001", "421100001"),  # wrong length: raw, checks judge it
        ("网站标识码：4211000001鄂ICP备05002000号", "4211000001"),
        ("网站标识码：4211000001ICP备05002000号", "4211000001"),
        ("<span>网站标识码：</span><span>4211000002</span>", "4211000002"),
        ("网站标识码：", ""),  # label without a token
        ("网站标识码：<b>暂无</b>", ""),
        ("本站 ICP备05002001号", None),
    ],
)
def test_site_code_token(text: str, expected: str | None) -> None:
    assert footer(f"<p>{text}</p>").site_code == expected


def test_last_site_code_label_wins() -> None:
    body = "<p>文章：网站标识码：1234567890 是什么</p><div class='footer'>网站标识码：4211000001</div>"
    assert footer(body).site_code == "4211000001"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("鄂ICP备05002000号-1", "鄂ICP备05002000号-1"),
        ("鄂ICP备05002000号", "鄂ICP备05002000号"),
        ("鄂ICP备05002000", "鄂ICP备05002000"),
        ("备案号：ICP备05002001号", "ICP备05002001号"),
        ("鄂ICP备 05002000号-2", "鄂ICP备 05002000号-2"),
        ("京ICP备2021003456号", "京ICP备2021003456号"),
        ("ICP备案：暂无", None),
    ],
)
def test_icp(text: str, expected: str | None) -> None:
    assert footer(f"<p>主办单位：某某局 {text}</p>").icp == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("鄂公网安备 42110202000123号", "鄂公网安备 42110202000123号"),
        ("京公网安备:11010202007633", "京公网安备:11010202007633"),
        ("冀公网安备13042002000523号", "冀公网安备13042002000523号"),
        ("无备案", None),
    ],
)
def test_police_record(text: str, expected: str | None) -> None:
    assert footer(f"<p>{text}</p>").police_record == expected


def test_footer_written_by_document_write_with_escapes() -> None:
    body = r"""<div id="ft"><script type="text/javascript">
      document.write("<p>\u7f51\u7ad9\u6807\u8bc6\u7801\uff1a4211000003 <a href=\"http://beian.miit.gov.cn\">鄂ICP备05002003号</a></p>");
      document.write('<p>鄂公网安备 ' + '42110202000456号</p>');
      document.write("<a href=\"https://zfwzgl.www.gov.cn.test/exposure/jiucuo.html?site_code=4211000003\">我为政府网站找错<\/a>");
    </script></div>"""
    marks = footer(body)
    assert marks.site_code == "4211000003"
    assert marks.icp == "鄂ICP备05002003号"
    assert marks.police_record == "鄂公网安备 42110202000456号"
    assert marks.error_report_entry == "https://zfwzgl.www.gov.cn.test/exposure/jiucuo.html?site_code=4211000003"


def test_visible_footer_beats_script_strings() -> None:
    body = """<script>var tpl = "网站标识码：9999999999";</script><p>网站标识码：4211000001</p>"""
    assert footer(body).site_code == "4211000001"


def test_conac_mark_inside_unescape_script() -> None:
    body = """<script type="text/javascript">document.write(unescape("%3Cspan id='_ideConac' %3E%3C/span%3E%3Cscript"""
    body += """ src='http://dcs.conac.cn.test/js/17/000/0000/60000001/CA170000000600000010001.js'"""
    body += """ type='text/javascript'%3E%3C/script%3E"));</script>"""
    assert footer(body).conac_mark == "http://dcs.conac.cn.test/js/17/000/0000/60000001/CA170000000600000010001.js"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<img src="https://dcs.conac.cn/image/red.png">', "https://dcs.conac.cn/image/red.png"),
        ('<script src="//dcs.conac.cn/js/1.js"></script>', "https://dcs.conac.cn/js/1.js"),
        ('<a href="http://notconac.cn/x"><img src="red.png"></a>', None),
        ('<a href="http://conac.cn.evil.test/x">党政机关</a>', None),
    ],
)
def test_conac_sources(body: str, expected: str | None) -> None:
    assert footer(body, url="https://www.hg.gov.cn.test/").conac_mark == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('<a href="/jc/">我为政府网站找错</a>', "http://www.huanggang.gov.cn.test:8123/jc/"),
        ('<a href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=4211000001"><img src="j.png"></a>',
         "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=4211000001"),
        ('<a href="/common/jiucuo/index.html"><img src="j.png"></a>',
         "http://www.huanggang.gov.cn.test:8123/common/jiucuo/index.html"),
        ('<script id="_jiucuo_" sitecode="4211000001" src="/images/jiucuo.js"></script>',
         "http://www.huanggang.gov.cn.test:8123/images/jiucuo.js"),
        ('<a href="/hdjl/">互动交流</a>', None),
    ],
)  # fmt: skip
def test_error_report_entry(body: str, expected: str | None) -> None:
    assert footer(body).error_report_entry == expected


def test_extract_footer_directly_without_precomputed_text_and_links() -> None:
    tree = parse_html('<p>网站标识码：4211000001</p><a href="http://bszs.conac.cn/x">标识</a>')
    marks = extract_footer(tree, base_url=PAGE)
    assert (marks.site_code, marks.conac_mark) == ("4211000001", "http://bszs.conac.cn/x")


def test_meta_canonical_names_and_first_value() -> None:
    tree = parse_html(
        """<html><head>
        <meta name="sitename" content="黄冈市人民政府">
        <meta name="SiteDomain" content="www.hg.gov.cn">
        <meta name="SITEIDCODE" content=" 4211000001 ">
        <meta name="ColumnName" content="">
        <meta name="ColumnName" content="通知公告">
        <meta name="ColumnType" content="通知公告">
        <meta name="ArticleTitle" content="关于  印发的通知">
        <meta name="PubDate" content="2020-11-26 10:30">
        <meta name="ContentSource" content="市政府办公室">
        <meta name="keywords" content="通知">
        <meta name="Description" content="描述">
        <meta name="Url" content="http://www.hg.gov.cn/art/2020/11/26/art_1_2.html">
        <meta name="Keywords" content="second">
        <meta name="X-Custom" content="kept as written">
        <meta http-equiv="X-UA-Compatible" content="IE=edge">
        <meta content="no name">
        </head><body></body></html>"""
    )
    meta = extract_meta(tree)
    assert meta == {
        "SiteName": "黄冈市人民政府",
        "SiteDomain": "www.hg.gov.cn",
        "SiteIDCode": "4211000001",
        "ColumnName": "通知公告",
        "ColumnType": "通知公告",
        "ArticleTitle": "关于 印发的通知",
        "PubDate": "2020-11-26 10:30",
        "ContentSource": "市政府办公室",
        "Keywords": "通知",
        "Description": "描述",
        "Url": "http://www.hg.gov.cn/art/2020/11/26/art_1_2.html",
        "X-Custom": "kept as written",
    }
    assert meta_lookup(meta, "pubdate") == "2020-11-26 10:30"
    assert meta_lookup(meta, "nothing") is None
