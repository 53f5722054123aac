from __future__ import annotations

from datetime import date

import pytest

from inspector.extract import extract_page, find_dates, parse_date

D = date

CASES: list[tuple[str, list[date]]] = [
    ("2020-11-26", [D(2020, 11, 26)]),
    ("2020/11/26", [D(2020, 11, 26)]),
    ("2020.11.26", [D(2020, 11, 26)]),
    ("2020-1-5", [D(2020, 1, 5)]),
    ("2020年11月26日", [D(2020, 11, 26)]),
    ("2020 年 1 月 6 日", [D(2020, 1, 6)]),
    ("[11-26]", [D(2019, 11, 26)]),  # year from reference_year=2019
    ("【11-26】", [D(2019, 11, 26)]),
    ("(03.08)", [D(2019, 3, 8)]),
    ("20-11-26", [D(2020, 11, 26)]),
    ("发布时间：2020-11-26 10:30", [D(2020, 11, 26)]),
    ("发布日期：2020-11-26 10:30:05 来源：市政府办", [D(2020, 11, 26)]),
    ("./202011/t20201126_1234567.shtml", [D(2020, 11, 26)]),
    ("/art/2020/11/26/art_13617_456789.html", [D(2020, 11, 26)]),
    ("http://www.gov.cn/guoqing/2018-06/22/content_5300522.htm", [D(2018, 6, 22)]),
    ("２０２０－１１－２６", [D(2020, 11, 26)]),  # full-width digits
    ("2020-11-26 ... 2019/01/02 ... 2021年3月4日", [D(2020, 11, 26), D(2019, 1, 2), D(2021, 3, 4)]),  # page order
    # rejected
    ("2020-02-30", []),
    ("2021-02-29", []),
    ("2020-13-01", []),
    ("2020-00-10", []),
    ("1800-01-01", []),
    ("索引号：000014348/2020-35428", []),
    ("电话：0713-8356789", []),
    ("版本 1.2.3", []),
    ("192.168.10.20", []),
    ("20201126", []),
    ("t2020112_1.html", []),
    ("2020年11月", []),
    ("共404条 第1/27页", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_find_dates(text: str, expected: list[date]) -> None:
    assert find_dates(text, reference_year=2019) == expected


def test_year_less_dates_need_a_reference_year() -> None:
    assert find_dates("[11-26] 标题") == []
    assert find_dates("[11-26] 标题", reference_year=2020) == [D(2020, 11, 26)]


def test_year_less_date_after_not_after_goes_to_previous_year() -> None:
    got = find_dates("[12-28] a [01-03] b", reference_year=2021, not_after=D(2021, 1, 5))
    assert got == [D(2020, 12, 28), D(2021, 1, 3)]


def test_dates_from_url_come_after_text() -> None:
    got = find_dates("2020-12-01", url="http://www.hg.gov.cn.test/art/2020/11/26/art_1_2.html")
    assert got == [D(2020, 12, 1), D(2020, 11, 26)]


def test_parse_date() -> None:
    assert parse_date("2020-11-26 10:30") == D(2020, 11, 26)
    assert parse_date("暂无") is None


def test_page_dates_text_then_pubdate_then_url_deduplicated() -> None:
    html = """<html><head><meta name="PubDate" content="2020-11-25 09:00"></head><body>
      <p>发布时间：2020-11-26 10:30</p><ul><li>[11-20] 旧闻</li><li>2020/11/26 重复</li></ul></body></html>"""
    facts = extract_page("http://www.hg.gov.cn.test/art/2020/11/24/art_1_2.html", html)
    assert facts.dates == ("2020-11-26", "2020-11-20", "2020-11-25", "2020-11-24")


def test_page_dates_reference_date_for_year_less_list() -> None:
    html = "<ul><li><a href='a.html'>甲</a>[12-30]</li><li><a href='b.html'>乙</a>[01-04]</li></ul>"
    facts = extract_page("http://www.hg.gov.cn.test/tzgg/", html, reference_date=D(2021, 1, 10))
    assert facts.dates == ("2020-12-30", "2021-01-04")


def test_page_dates_year_inferred_from_full_dates() -> None:
    html = "<p>2017-10-14 要闻</p><ul><li>[10-12] 甲</li></ul>"
    facts = extract_page("http://www.hg.gov.cn.test/zwyw/", html, reference_date=None)
    assert facts.dates == ("2017-10-14", "2017-10-12")


def test_dates_in_scripts_and_jsp_comments_are_not_page_dates() -> None:
    html = """<%--
      Date: 2020/8/10 0010
    --%><html><body><script>var d = "2019-01-01";</script><p>2020-08-05</p></body></html>"""
    assert extract_page("http://www.hg.gov.cn.test/", html).dates == ("2020-08-05",)
