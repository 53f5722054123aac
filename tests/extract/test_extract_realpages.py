"""Saved copies of real government pages (tests/fixtures/extract/realpages/README.md): real facts, real wrapping."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from inspector.extract import decode_body, extract_page, page_facts_to_dict, parse_html, visible_text
from inspector.model import ExtractedLink, PageFacts

REALPAGES = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "realpages"

URLS = {
    "handan-xxgk-index.html": "http://hdzfxxgk.hd.gov.cn/",  # its "saved from url" comment
    "handan-jinqixxgk-list.html": "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/",  # its breadcrumb / pager links
    "handan-zfxxgkzn.html": "http://hdzfxxgk.hd.gov.cn/zfxxgkzn/",  # inferred from its absolute links
    "yichun-zwyw-list.html": "http://www.yichun.gov.cn/xxgk/zwdt/zwyw/",  # its breadcrumb resolves to itself
}


def load(name: str) -> tuple[str, PageFacts]:
    text, encoding = decode_body((REALPAGES / name).read_bytes(), "text/html")
    return text, extract_page(URLS[name], text, encoding)


def link_set(facts: PageFacts) -> set[tuple[str, str, str]]:
    return {(link.url, link.text, link.how) for link in facts.links}


def hows(facts: PageFacts) -> Counter[str]:
    return Counter(link.how for link in facts.links)


HANDAN_FOOTER = {
    "site_code": "1304000009",
    "icp": "冀ICP备05029117号-1",
    "police_record": "冀公网安备 13042002000523号",
    "conac_mark": "http://bszs.conac.cn/sitename?method=show&id=0A87C46FEE4D331AE053022819ACDC8C",
}


@pytest.mark.parametrize("name", sorted(URLS))
def test_every_real_page_decodes_as_utf8_and_serialises(name: str) -> None:
    text, facts = load(name)
    assert facts.encoding == "utf-8"
    as_json = json.loads(json.dumps(page_facts_to_dict(facts), ensure_ascii=False))
    assert as_json["url"] == URLS[name]
    assert len(as_json["links"]) == len(facts.links) > 50
    assert facts.soft_404 is False and facts.waf_challenge is False


def test_handan_index_despite_jsp_wrapping() -> None:
    text, facts = load("handan-xxgk-index.html")
    assert text.lstrip().startswith("<%@ page")  # the wrapping is really there
    assert facts.title == "邯郸市政府信息公开"
    assert facts.meta["SiteIDCode"] == "1304000009"
    assert facts.meta["SiteName"] == "邯郸市人民政府"
    assert facts.meta["ColumnType"] == "信息公开，政策文件"
    assert facts.meta["Keywords"] == "邯郸市政府信息公开"  # written as name="keywords"
    footer = page_facts_to_dict(facts)["footer"]
    assert {k: footer[k] for k in HANDAN_FOOTER} == HANDAN_FOOTER
    # the 找错 entry is the <script id="_jiucuo_" src="images/jiucuo.js.下载"> of the saved page
    assert footer["error_report_entry"] == "http://hdzfxxgk.hd.gov.cn/images/jiucuo.js.%E4%B8%8B%E8%BD%BD"
    page_text = visible_text(parse_html(text))
    assert "contentType" not in page_text and "jsp:include" not in page_text and "allow_copy" not in page_text


def test_handan_index_links() -> None:
    _, facts = load("handan-xxgk-index.html")
    links = link_set(facts)
    assert ("http://hdzfxxgk.hd.gov.cn/zfxxgkzn/", "政府信息公开指南", "a") in links
    assert ("http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/", "近期信息公开", "a") in links
    assert ("http://hd.gov.cn/ztzl/wzjc", "政府网站建设管理专栏", "a") in links
    assert ("http://222.222.245.73:99/touch/qzqd/Index", "权责清单", "a") in links  # port kept
    assert (
        "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html",
        "邯郸市教育局关于印发《全市教育系统安全专项整治三年行动实施方案》的通知",
        "a",
    ) in links
    assert ("http://www.mod.gov.cn", "国防部", "select-option") in links
    assert hows(facts) == Counter({"a": 128, "select-option": 149, "form": 1})
    assert ("http://www.hd.gov.cn/was5/web/search", "本栏检索", "form") in links  # the site search box
    assert all(link.url.startswith("http") and "#" not in link.url for link in facts.links)


def test_handan_index_dates() -> None:
    _, facts = load("handan-xxgk-index.html")
    assert facts.dates[:3] == ("2020-08-02", "2020-07-31", "2020-07-29")
    assert max(facts.dates) == "2020-08-02"
    assert len(facts.dates) == 36


def test_handan_list_without_doctype() -> None:
    text, facts = load("handan-jinqixxgk-list.html")
    assert text.startswith("<%--")
    assert facts.dates == ("2020-08-05",)
    assert (
        "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html",
        "邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知",
        "a",
    ) in link_set(facts)
    assert {k: getattr(facts.footer, k) for k in HANDAN_FOOTER} == HANDAN_FOOTER


def test_handan_list_trs_count_page_pager_and_select_lists() -> None:
    _, facts = load("handan-jinqixxgk-list.html")
    pager = [link.url for link in facts.links if link.how == "createPageHTML"]
    # var countPage=56; var currentPage=0  →  index_1.html … index_55.html
    assert pager == [f"http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_{i}.html" for i in range(1, 56)]
    options = {(link.url, link.text) for link in facts.links if link.how == "select-option"}
    assert ("http://jyj.hd.gov.cn", "邯郸市教育局") in options
    assert ("http://zx.hd.gov.cn/", "市政协") in options
    assert not any(url.endswith(("/all", "/biaoti")) for url, _ in options)  # search <select> without a handler
    assert len(options) == 149


def test_handan_guide_page() -> None:
    _, facts = load("handan-zfxxgkzn.html")
    assert facts.title == "邯郸市人民政府-政府信息公开指南"
    assert facts.meta["ColumnName"] == "政府信息公开指南"
    assert facts.dates == ()
    assert hows(facts) == Counter({"a": 102, "form": 1})  # its site search box
    assert ("http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/?id=1780/2138", "市教育局", "a") in link_set(facts)
    assert not any(link.text == "政民互动" for link in facts.links)  # href="javascript:;"
    assert facts.footer.site_code == "1304000009"


def test_yichun_list_dates_and_pager() -> None:
    _, facts = load("yichun-zwyw-list.html")
    assert facts.title == "中国宜春_公开"
    assert facts.meta == {}
    assert facts.dates == ("2017-10-14", "2017-10-13", "2017-10-12", "2017-10-11", "2017-10-10")
    pager = [link.url for link in facts.links if link.how == "createPageHTML"]
    # createPageHTML(50, 0, "index", "html")
    assert pager == [f"http://www.yichun.gov.cn/xxgk/zwdt/zwyw/index_{i}.html" for i in range(1, 50)]
    assert ExtractedLink(
        url="http://www.yichun.gov.cn/xxgk/zwdt/zwyw/201710/t20171012_520782.html",
        text="我市与中国建筑“牵手”",
        how="a",
    ) in facts.links
    assert not any(link.url.startswith("mailto:") for link in facts.links)


def test_yichun_footer_without_site_code() -> None:
    _, facts = load("yichun-zwyw-list.html")
    assert facts.footer.site_code is None  # the page really has no 网站标识码
    assert facts.footer.icp == "赣ICP备06000141号"
    assert facts.footer.police_record == "赣公网安备 36090202000004号"
    # only inside document.write(unescape("%3C…src='http://dcs.conac.cn/…'…"))
    assert facts.footer.conac_mark == "http://dcs.conac.cn/js/15/232/0000/60470056/CA152320000604700560002.js"
    assert facts.footer.error_report_entry is None


def test_page_facts_to_dict_shape() -> None:
    _, facts = load("yichun-zwyw-list.html")
    full = page_facts_to_dict(facts)
    assert list(full) == ["url", "encoding", "title", "meta", "footer", "links", "dates", "soft_404", "waf_challenge"]
    assert list(full["footer"]) == ["site_code", "icp", "police_record", "conac_mark", "error_report_entry"]
    assert full["links"][0] == {"url": "http://www.yichun.gov.cn/", "text": "首页", "how": "a"}
    slim = page_facts_to_dict(facts, with_links=False)
    assert "links" not in slim and slim["dates"] == list(facts.dates)
