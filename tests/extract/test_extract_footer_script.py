"""Footers written by an external script (footer.js): footer_from_script, script_sources, merge_footer."""

from __future__ import annotations

import pytest

from inspector.extract import extract_page, footer_from_script, merge_footer, parse_html, script_sources
from inspector.model import FooterMarks

PAGE = "http://www.qichun.gov.cn.test:8123/"
FOOTER_JS = r"""/* 页脚公共文件 footer.js */
document.write('<div class="footer"><div class="w1200">');
document.write('<p>主办单位：蕲春县人民政府办公室　联系电话：0713-7223456</p>');
document.write('<p>网站标识码：4211260001　<a href="http://beian.miit.gov.cn.test/" target="_blank">鄂ICP备05002001号-1</a>　');
document.write('<a href="http://www.beian.gov.cn.test/portal/registerSystemInfo?recordcode=42112602000089">鄂公网安备 42112602000089号</a></p>');
document.write('<p><span id="_ideConac"></span><script type="text/javascript" src="http://dcs.conac.cn.test/js/17/CA1.js"><\/script>');
document.write('<a href="/jiucuo/index.html" target="_blank">我为政府网站找错</a></p></div></div>');
"""


def test_document_write_footer_file() -> None:
    marks = footer_from_script(FOOTER_JS, PAGE)
    assert marks == FooterMarks(
        site_code="4211260001",
        icp="鄂ICP备05002001号-1",
        police_record="鄂公网安备 42112602000089号",
        conac_mark="http://dcs.conac.cn.test/js/17/CA1.js",
        error_report_entry=PAGE + "jiucuo/index.html",  # relative to the page that includes the script
    )


def test_escaped_unescaped_and_concatenated_strings() -> None:
    js = (
        'var s = "<p>\\u7f51\\u7ad9\\u6807\\u8bc6\\u7801\\uff1a" + "4211000003</p>";\n'
        "document.getElementById('ft').innerHTML = s;\n"
        'document.write(unescape("%3Cp%3E%u9102ICP%u590705002003%u53F7%3C/p%3E"));\n'
    )
    marks = footer_from_script(js, PAGE)
    assert (marks.site_code, marks.icp) == ("4211000003", "鄂ICP备05002003号")


def test_template_literal_footer() -> None:
    js = "const year = 2026;\nfooter.innerHTML = `<p>版权所有 ${year}</p>\n<p>鄂公网安备 42112602000089号</p>`;\n"
    assert footer_from_script(js, PAGE).police_record == "鄂公网安备 42112602000089号"


def test_comments_and_code_are_not_marks() -> None:
    js = "// 网站标识码：4211000001 鄂ICP备05002000号\nfunction openUrl(u) { window.open(u); }\n"
    assert footer_from_script(js, PAGE) == FooterMarks()


@pytest.mark.parametrize("js", ["", "   \n", "var x = 1;", "document.write('<p>欢迎访问</p>');"])
def test_scripts_without_marks(js: str) -> None:
    assert footer_from_script(js, PAGE) == FooterMarks()


def test_script_sources_in_page_order() -> None:
    tree = parse_html(
        '<html><head><script src="/js/jquery.js"></script><script>var inline = 1;</script></head><body>'
        '<script type="text/javascript" src="js/footer.js?v=2"></script>'
        '<script src="//dcs.conac.cn/js/1.js"></script><img src="/logo.png"></body></html>'
    )
    assert script_sources(tree, PAGE + "zwgk/") == [
        PAGE + "js/jquery.js",
        PAGE + "zwgk/js/footer.js?v=2",
        "http://dcs.conac.cn/js/1.js",
    ]


def test_merge_keeps_page_values_and_fills_the_rest() -> None:
    html = "<html><body><p>鄂ICP备05002009号</p><script src='/js/foot.js'></script></body></html>"
    page = extract_page(PAGE, html).footer
    first = FooterMarks(icp="鄂ICP备05002001号", site_code="4211260001")
    second = FooterMarks(site_code="4211269999", police_record="鄂公网安备 42112602000089号")
    merged, sources = merge_footer(page, [(PAGE + "js/foot.js", first), (PAGE + "js/b.js", second)])
    assert merged == FooterMarks(site_code="4211260001", icp="鄂ICP备05002009号",
                                 police_record="鄂公网安备 42112602000089号")
    assert sources == {"site_code": PAGE + "js/foot.js", "icp": "page", "police_record": PAGE + "js/b.js"}


def test_merge_replaces_an_empty_label_but_not_a_missing_script_value() -> None:
    merged, sources = merge_footer(FooterMarks(site_code=""), [("u", FooterMarks(site_code="4211260001"))])
    assert (merged.site_code, sources) == ("4211260001", {"site_code": "u"})
    merged, sources = merge_footer(FooterMarks(site_code=""), [("u", FooterMarks())])
    assert (merged, sources) == (FooterMarks(site_code=""), {})
