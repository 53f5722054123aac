from __future__ import annotations

from datetime import date

import pytest

from inspector.extract import extract_page, extract_page_and_facts, find_dates, parse_date
from inspector.extract.dates import implied_date, scan_dates

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
    # 年月 with the day but no 日, full-width digits
    ("2026年11月26", [D(2026, 11, 26)]),
    ("发布时间：2026年11月5 10:30", [D(2026, 11, 5)]),
    ("２０２６年１１月２６", [D(2026, 11, 26)]),
    ("２０２６年１１月２６日", [D(2026, 11, 26)]),
    ("２０２６／１１／２６", [D(2026, 11, 26)]),
    # never a date: 文号, counts after a month, phone numbers, versions, bare month-days in running text
    ("鄂政发〔2026〕12号", []),
    ("黄政办发〔2026〕11-20号", []),
    ("截至2026年3月10余家企业", []),
    ("2026年3月5万元", []),
    ("2026年11月30个工作日", []),
    ("2026年1月300", []),
    ("2026年第12号", []),
    ("2026年11月2.5", []),
    ("电话：13907131234", []),
    ("0713-11-26", []),
    ("v2.11.26", []),
    ("11-26", []),
    ("11/26", []),
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
      <p>发布时间：2020-11-26 10:30</p><ul><li><a href="a.html">黄冈市召开全市森林防火会议</a>[11-20]</li>
      <li><a href="b.html">黄冈市部署冬季安全生产工作</a>2020/11/26</li></ul></body></html>"""
    facts = extract_page("http://www.hg.gov.cn.test/art/2020/11/24/art_1_2.html", html)
    # [11-20] takes its year from the full date in the list's own rows (2020/11/26), as the list does
    assert facts.dates == ("2020-11-26", "2020-11-20", "2020-11-25", "2020-11-24")


def test_page_dates_reference_date_for_year_less_list() -> None:
    html = "<ul><li><a href='a.html'>甲</a>[12-30]</li><li><a href='b.html'>乙</a>[01-04]</li></ul>"
    facts = extract_page("http://www.hg.gov.cn.test/tzgg/", html, reference_date=D(2021, 1, 10))
    assert facts.dates == ("2020-12-30", "2021-01-04")


def test_page_dates_an_unrelated_full_date_never_gives_the_year() -> None:
    """A 2017 date in a sidebar / footer is no year for [10-12]: the reference year is (never the future)."""
    html = "<p>2017-10-14 要闻</p><ul><li>[10-12] 甲</li><li>[12-01] 乙</li></ul>"
    facts = extract_page("http://www.hg.gov.cn.test/zwyw/", html, reference_date=D(2026, 11, 26))
    assert facts.dates == ("2017-10-14", "2026-10-12", "2025-12-01")


def test_page_dates_and_list_items_agree_on_implied_years() -> None:
    rows = "".join(f"<li><a href='/a/{i}.html'>演示县第{i}条政务动态信息标题</a><span>[11-{20 - i:02d}]</span></li>"
                   for i in range(4))
    html = f"<ul class='list'>{rows}</ul><div class='side'><p>党史学习教育专题 2021-03-01</p></div>" \
           "<div class='footer'>本站于2019年12月1日改版</div>"
    _, extra = extract_page_and_facts("http://www.hg.gov.cn.test/zwyw/", html, reference_date=D(2026, 11, 26))
    facts = extract_page("http://www.hg.gov.cn.test/zwyw/", html, reference_date=D(2026, 11, 26))
    items = [(i["date"], i["date_from"]) for i in extra["list"]["items"]]
    assert items == [(f"2026-11-{20 - i:02d}", "row-implied-year") for i in range(4)]
    assert [d for d in facts.dates if d.startswith("2026")] == [d for d, _ in items]


def test_dates_in_scripts_and_jsp_comments_are_not_page_dates() -> None:
    html = """<%--
      Date: 2020/8/10 0010
    --%><html><body><script>var d = "2019-01-01";</script><p>2020-08-05</p></body></html>"""
    assert extract_page("http://www.hg.gov.cn.test/", html).dates == ("2020-08-05",)


def test_bare_month_days_only_as_whole_tokens_and_only_on_request() -> None:
    assert scan_dates("11-26") == []
    found = scan_dates("11-26", bare_month_day=True)
    assert [(f.year, f.month, f.day) for f in found] == [(None, 11, 26)]
    found = scan_dates("第11-26条 0713-11-26 11-26号 1-5 13-01 02-30 2026-11-26", bare_month_day=True)
    assert [(f.year, f.month, f.day) for f in found] == [(2026, 11, 26)]
    both = scan_dates("[11-20] 2026-11-19 11/18", bare_month_day=True)
    assert [(f.year, f.month, f.day) for f in both] == [(None, 11, 20), (2026, 11, 19), (None, 11, 18)]  # page order


@pytest.mark.parametrize(
    ("month", "day", "anchor", "expected"),
    [
        (11, 20, None, D(2026, 11, 20)),
        (12, 28, None, D(2025, 12, 28)),  # never after the reference date
        (11, 20, D(2021, 3, 1), D(2020, 11, 20)),  # nearest the list's own full date
        (1, 5, D(2025, 12, 30), D(2026, 1, 5)),  # across the new year, still nearest the anchor
        (12, 20, D(2026, 11, 25), D(2025, 12, 20)),  # nearest would be 2026-12-20, after the reference date
        (2, 29, None, D(2024, 2, 29)),
    ],
)
def test_implied_date(month: int, day: int, anchor: date | None, expected: date) -> None:
    assert implied_date(month, day, not_after=D(2026, 11, 26), anchor=anchor) == expected


@pytest.mark.parametrize(("text", "want"), [
    ("11月20日", (None, 11, 20)), ("20 2026.11", (2026, 11, 20)), ("20 2026-11", (2026, 11, 20)),
    ("2026-11 20", (2026, 11, 20)), ("2026年11月 20", (2026, 11, 20)), ("发布 05 2026/11", (2026, 11, 5)),
    ("10:20", None), ("26.11.20", None), ("2026-11 10:20", None), ("32 2026-11", None), ("11月32日", None),
    ("2026年11月20日", (2026, 11, 20)), ("2026-11 12次", None)])
def test_list_row_forms_read_only_on_request(text: str, want: tuple[int | None, int, int] | None) -> None:
    found = scan_dates(text, bare_month_day=True)
    assert ([(f.year, f.month, f.day) for f in found][:1] or [None])[0] == want
    if want is not None and "年" not in text:
        assert scan_dates(text) == []  # running text: never
