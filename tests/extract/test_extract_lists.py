"""The main list of a page (inspector.extract.lists): items, dates, pinned rows, totals, blank markers, pager URLs —
on small pages of every CMS shape, and on the saved real pages against their hand-made expectation files."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspector.extract import (
    decode_body,
    extract_list,
    extract_page,
    extract_page_and_facts,
    list_from_rows,
    parse_html,
)
from inspector.extract.links import document_base
from inspector.extract.lists import MAX_ITEMS, PAGER_EXPAND, anchors_of

REF = date(2026, 11, 26)
TRS = "http://www.huanggang.gov.cn.test/zwdt/zwyw/"
REALPAGES = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "realpages"
REAL = {
    "handan-xxgk-index.html": "http://hdzfxxgk.hd.gov.cn/",
    "handan-jinqixxgk-list.html": "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/",
    "handan-zfxxgkzn.html": "http://hdzfxxgk.hd.gov.cn/zfxxgkzn/",
    "yichun-zwyw-list.html": "http://www.yichun.gov.cn/xxgk/zwdt/zwyw/",
}

NAV = """<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/zwdt/">政务动态</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/zwfw/">政务服务</a></li></ul></div>"""
FOOTER = """<div class="footer"><ul><li><a href="/wzsm/201709/t20170912_1.html">网站声明</a></li>
<li><a href="/lxwm/201709/t20170912_2.html">联系我们</a></li><li><a href="/wzdt/">网站地图</a></li></ul>
<p>网站标识码：4211000001 鄂ICP备05002000号-1</p>
<select onchange="window.open(this.value)"><option value="">友情链接</option>
<option value="http://www.gov.cn/">中国政府网</option>
<option value="http://www.hubei.gov.cn/">湖北省人民政府</option></select></div>"""


def page(body: str, head: str = "") -> str:
    return f"<html><head><meta charset='utf-8'>{head}</head><body>{NAV}{body}{FOOTER}</body></html>"


def items(facts: Any) -> list[tuple[str, str, str | None, str]]:
    assert facts is not None
    return [(i.title, i.url, i.date, i.date_from) for i in facts.items]


# -- shapes ---------------------------------------------------------------------------------------------------
def test_li_rows_with_span_dates_and_the_menus_are_not_the_list() -> None:
    html = page("""<div class="list"><ul>
      <li><a href="./202611/t20261120_1001.shtml" title="黄冈市召开全市森林防火工作会议">黄冈市召开全市森林防火工作会议</a>
          <span>2026-11-20</span></li>
      <li><a href="./202611/t20261118_1002.shtml">市政府常务会议研究部署冬季安全生产</a><span>2026/11/18</span></li>
      <li><a href="./202611/t20261101_1003.shtml">全市政务公开工作推进会召开</a><span>2026年11月1日</span></li>
    </ul></div>""")
    facts = extract_list(html, TRS, reference_date=REF)
    assert items(facts) == [
        ("黄冈市召开全市森林防火工作会议", TRS + "202611/t20261120_1001.shtml", "2026-11-20", "row"),
        ("市政府常务会议研究部署冬季安全生产", TRS + "202611/t20261118_1002.shtml", "2026-11-18", "row"),
        ("全市政务公开工作推进会召开", TRS + "202611/t20261101_1003.shtml", "2026-11-01", "row"),
    ]
    assert facts is not None and facts.latest == "2026-11-20"
    assert (facts.total, facts.pages, facts.blank, facts.pager) == (None, None, False, ())


SIDE = "<div class='side'><h3>热点推荐</h3><ul>" + "".join(
    f'<li><a href="/rdtj/202605/t2026050{i}_{i}.html">全面推进第{i}项重点改革工作</a><span>2026-05-0{i}</span></li>'
    for i in range(1, 4)) + "</ul></div>"


@pytest.mark.parametrize("date_cell", ["<b>第{i}期</b>", "<em>{i:02d}</em><i>本月</i>"])
def test_a_dated_sidebar_beside_a_larger_undated_list_is_marked_competing(date_cell: str) -> None:
    rows = "".join(f'<li><a href="/gzdt/show.aspx?id={i}">关于做好第{i}项重点工作的通知</a>{date_cell.format(i=i)}</li>'
                   for i in range(8))
    facts = extract_list(page(f"<div class='list'><ul>{rows}</ul></div>{SIDE}"), TRS, reference_date=REF)
    assert facts is not None and [i.date for i in facts.items] == ["2026-05-01", "2026-05-02", "2026-05-03"]
    assert facts.competing_undated and facts.to_dict()["competing_undated"] is True
    # the sidebar alone, or beside a smaller / column-directory box: no mark (and no key in the facts)
    alone = extract_list(page(SIDE), TRS, reference_date=REF)
    assert alone is not None and not alone.competing_undated and "competing_undated" not in alone.to_dict()
    dirs = "".join(f'<li><a href="/ztzl/zt{i}/">演示县第{i}个专题专栏栏目名称</a></li>' for i in range(8))
    small = "".join(f'<li><a href="/gzdt/show.aspx?id={i}">关于做好第{i}项重点工作的通知</a></li>' for i in range(3))
    for other in (dirs, small):
        found = extract_list(page(f"<div class='list'><ul>{other}</ul></div>{SIDE}"), TRS, reference_date=REF)
        assert found is not None and not found.competing_undated


def test_table_rows_with_the_date_in_a_neighbouring_cell_and_a_header() -> None:
    html = page("""<table><tr><th>标题</th><th>发文字号</th><th>发布日期</th></tr>
      <tr><td><a href="/xxgk/zcwj/202610/t20261015_9.shtml">关于印发黄冈市稳就业若干措施的通知</a></td>
          <td>黄政发〔2026〕12号</td><td>2026-10-15</td></tr>
      <tr><td><a href="/xxgk/zcwj/202609/t20260930_8.shtml">关于做好2026年秋冬季森林防火工作的通知</a></td>
          <td>黄政办发〔2026〕30号</td><td>2026-09-30</td></tr></table>""")
    facts = extract_list(html, "http://www.huanggang.gov.cn.test/xxgk/zcwj/", reference_date=REF)
    assert [(t, d, src) for t, _, d, src in items(facts)] == [
        ("关于印发黄冈市稳就业若干措施的通知", "2026-10-15", "row"),
        ("关于做好2026年秋冬季森林防火工作的通知", "2026-09-30", "row"),  # the date in the title is not taken
    ]


def test_single_row_table_with_header_is_a_list_but_a_single_dated_link_is_not() -> None:
    table = """<table><tr><th>名称</th><th>发布日期</th></tr>
      <tr><td><a href="/a/t20260805_1.html">关于印发学校安全工作目标管理考核办法的通知</a></td><td>2026-08-05</td></tr></table>"""
    assert len(items(extract_list(page(table), TRS, reference_date=REF))) == 1
    article = page("""<div class="article"><h1>关于开展安全生产大检查的通知</h1><p>各县市区人民政府：……</p>
      <p>相关链接：<a href="/a/t20260801_2.html">关于印发安全生产大检查方案的通知</a> 2026-08-01</p></div>""")
    assert extract_list(article, TRS, reference_date=REF) is None


def test_year_less_dates_take_their_year_from_the_full_dates_of_the_rows_themselves() -> None:
    html = page("""<p class="update">更新时间：2019-12-30</p><ul class="list">
      <li><a href="show.asp?id=813">麻城市召开新春团拜会暨工作部署会</a>[01-05]</li>
      <li><a href="show.asp?id=812">麻城市召开冬季农田水利建设现场会</a>2025-12-30</li>
      <li><a href="show.asp?id=811">麻城市开展消防安全专项检查行动</a>[12-03]</li></ul>""")
    facts = extract_list(html, "http://www.macheng.gov.cn.test/news/list.asp?id=3", reference_date=REF)
    # nearest the rows' own full date (2025-12-30); the 2019 更新时间 outside the rows gives no year
    assert [(d, src) for _, _, d, src in items(facts)] == [
        ("2026-01-05", "row-implied-year"), ("2025-12-30", "row"), ("2025-12-03", "row-implied-year")]


@pytest.mark.parametrize(
    ("elsewhere", "rows_prefix"),
    [
        ("<div class='side'><h3>热点专题</h3><p><a href='/ztzl/dsxx/'>党史学习教育专题</a> 2021-03-01</p></div>", ""),
        ("<div class='footer2'>本站于2019年12月1日改版</div>", ""),
        ("", '<li class="top"><a href="/tzgg/p.html">[置顶]关于公布政务服务热线电话的公告</a><span>2023-05-06</span></li>'),
    ],
    ids=["sidebar-date", "footer-note", "pinned-old-row"],
)
def test_an_unrelated_or_pinned_full_date_never_gives_the_year(elsewhere: str, rows_prefix: str) -> None:
    rows = "".join(f'<li><a href="/tzgg/show.asp?id={i}">演示县通知公告第{i}条信息标题文字</a><span>[11-{20 - i:02d}]</span></li>'
                   for i in range(5))
    facts = extract_list(page(f"<ul class='list'>{rows_prefix}{rows}</ul>{elsewhere}"), TRS, reference_date=REF)
    assert facts is not None
    implied = [(i.date, i.date_from) for i in facts.items if not i.pinned]
    assert implied == [(f"2026-11-{20 - i:02d}", "row-implied-year") for i in range(5)]
    assert facts.latest == "2026-11-20"


@pytest.mark.parametrize("cell", ["11-{d:02d}", "11/{d:02d}", "2026年11月{d}", "２０２６年１１月{d}日", "2026年11月{d} 10:30"])
def test_more_row_date_forms(cell: str) -> None:
    rows = "".join(f'<li><a href="/tzgg/detail.html?id={i}">关于开展第{i}批次冬季安全检查的通知</a>'
                   f"<span>{cell.format(d=20 - i)}</span></li>"
                   for i in range(1, 5))
    facts = extract_list(page(f"<ul>{rows}</ul>"), TRS, reference_date=REF)
    assert facts is not None and [i.date for i in facts.items] == [f"2026-11-{20 - i}" for i in range(1, 5)]
    assert {i.date_from for i in facts.items} == {"row-implied-year" if "年" not in cell else "row"}


@pytest.mark.parametrize(("cell", "source"), [
    ("11月{d}日", "row-implied-year"), ("<b>{d}</b><p>2026.11</p>", "row"), ("<em>{d}</em><i>2026-11</i>", "row"),
    ('<span class="day">{d}</span><span>2026-11</span>', "row"), ("<p>2026-11</p><b>{d}</b>", "row"),
    ("<em>{d:02d}</em><i>2026/11</i>", "row")])
def test_split_day_boxes_and_chinese_month_days_are_row_dates(cell: str, source: str) -> None:
    rows = "".join(f'<li><a href="/tzgg/detail.html?id={i}">关于开展第{i}批次冬季安全检查的通知</a>'
                   f"<div class='date'>{cell.format(d=20 - i)}</div></li>" for i in range(1, 5))
    facts = extract_list(page(f"<ul>{rows}</ul>"), TRS, reference_date=REF)
    assert facts is not None and [i.date for i in facts.items] == [f"2026-11-{20 - i}" for i in range(1, 5)]
    assert {i.date_from for i in facts.items} == {source}


@pytest.mark.parametrize("cell", ["10:{d}", "26.11.{d}", "2026-11 10:{d}", "第{d}期"])
def test_a_time_or_a_two_digit_year_is_no_row_date_and_the_group_counts_as_undated(cell: str) -> None:
    news = "<ul class='news'>" + "".join(f'<li><a href="/xwzx/show.aspx?id={i}">演示县召开第{i}次会议部署冬季工作</a>'
                                         f"<span>{cell.format(d=20 - i)}</span></li>" for i in range(5)) + "</ul>"
    assert extract_list(page(news), TRS, reference_date=REF) is None
    old = "<ul class='zcwj'>" + "".join(f'<li><a href="/zcwj/202609/t2026090{i}_{i}.html">关于印发第{i}项管理办法的通知</a>'
                                        f"<span>2026-09-0{i}</span></li>" for i in range(1, 4)) + "</ul>"
    facts = extract_list(page(news + old), TRS, reference_date=REF)
    assert facts is not None and facts.latest == "2026-09-03"
    assert facts.undated_rows == 5 and facts.to_dict()["undated_rows"] == 5 and facts.competing_undated


def test_a_bare_month_day_is_read_only_as_a_whole_token_of_a_row() -> None:
    rows = "".join(f'<li><a href="/a/{i}.html">关于第{i}批次冬季安全检查的通知</a><span>第11-20条 电话0713-{i}1234567 v1.2</span></li>'
                   for i in range(1, 4))
    assert extract_list(page(f"<ul>{rows}</ul>"), TRS, reference_date=REF) is None


def test_year_less_dates_without_a_full_date_use_the_reference_year_never_the_future() -> None:
    html = page("""<ul class="list"><li><a href="show.asp?id=2">麻城市召开新春团拜会暨工作部署会</a>[01-05]</li>
      <li><a href="show.asp?id=1">麻城市开展年末安全生产大检查</a>[12-28]</li></ul>""")
    facts = extract_list(html, "http://www.macheng.gov.cn.test/news/list.asp?id=3", reference_date=date(2027, 1, 10))
    assert [d for _, _, d, _ in items(facts)] == ["2027-01-05", "2026-12-28"]  # [12-28] seen in January


def test_dates_only_in_the_item_urls() -> None:
    html = page("""<ul class="list">
      <li><a href="/art/2026/11/20/art_13617_400000.html">红安县召开森林防火工作推进会</a></li>
      <li><a href="/art/2026/11/19/art_13617_400001.html">红安县开展冬季征兵体检工作</a></li>
      <li><a href="./202611/t20261118_5.shtml">红安县部署秋冬季安全生产工作</a></li>
      <li><a href="/zwgk/public/6636765/1416680.html">蕲春县召开脱贫攻坚工作会议</a></li></ul>""")
    facts = extract_list(html, "http://www.hazf.gov.cn.test/col/col13617/index.html", reference_date=REF)
    assert [(d, src) for _, _, d, src in items(facts)] == [("2026-11-20", "url"), ("2026-11-19", "url"),
                                                           ("2026-11-18", "url"), (None, "none")]


def test_a_pair_of_links_with_url_dates_is_not_a_list() -> None:
    """上一篇/下一篇 or 相关链接 boxes of an article page."""
    html = page("""<div class="article"><h1>红安县召开森林防火工作推进会</h1><ul class="related">
      <li><a href="/col/col13617/index.html">政务动态栏目</a></li>
      <li><a href="http://www.gov.cn.test/zhengce/content/2016-10/12/content_5117971.htm">国务院关于加快推进政务服务工作的指导意见</a></li>
      </ul></div>""")
    assert extract_list(html, "http://www.hazf.gov.cn.test/art/2026/11/20/art_13617_400000.html",
                        reference_date=REF) is None


def test_a_one_item_column_is_a_list_but_a_one_item_box_on_an_article_is_not() -> None:
    row = ('<ul class="list"><li><a href="./202601/t20260120_1.shtml">黄冈市2025年政府信息公开工作年度报告</a>'
           "<span>2026-01-20</span></li></ul>")
    facts = extract_list(page(row), TRS, reference_date=REF)
    assert facts is not None and [i.date for i in facts.items] == ["2026-01-20"]
    article = page(row, head='<meta name="ArticleTitle" content="关于开展安全生产大检查的通知">')
    assert extract_list(article, TRS + "202611/t20261101_9.shtml", reference_date=REF) is None
    prose = page("<div class='content'><p>" + "各县市区人民政府，市政府各部门：为切实做好冬季安全生产工作，现就有关事项通知如下。" * 8
                 + "</p></div>" + row)
    assert extract_list(prose, TRS + "202611/t20261101_9.shtml", reference_date=REF) is None


def test_pinned_old_row_on_top_and_the_latest_is_the_maximum() -> None:
    html = page("""<ul class="news">
      <li class="top"><a href="./202001/t20200101_1.shtml">[置顶]黄冈市政府信息公开指南</a><span>2020-01-01</span></li>
      <li><a href="./202611/t20261125_2.shtml">黄冈市召开全市经济运行调度会</a><span>2026-11-25</span></li>
      <li><a href="./202611/t20261124_3.shtml">黄冈市部署冬春农田水利建设</a><span>2026-11-24</span></li></ul>""")
    facts = extract_list(html, TRS, reference_date=REF)
    assert facts is not None
    assert [(i.title, i.pinned) for i in facts.items] == [("黄冈市政府信息公开指南", True),
                                                          ("黄冈市召开全市经济运行调度会", False),
                                                          ("黄冈市部署冬春农田水利建设", False)]
    assert facts.latest == "2026-11-25"


def test_dt_dd_pairs_and_bare_links_with_spans() -> None:
    dl = page("""<dl class="list"><dt><a href="/a/1.html">浠水县召开乡村振兴工作推进会</a></dt><dd>2026-11-02</dd>
      <dt><a href="/a/2.html">浠水县开展秋冬季森林防火宣传</a></dt><dd>2026-10-28</dd></dl>""")
    assert [d for _, _, d, _ in items(extract_list(dl, TRS, reference_date=REF))] == ["2026-11-02", "2026-10-28"]
    bare = page("""<div class="list"><a href="/a/3.html">武穴市召开优化营商环境大会</a><span>2026-11-03</span><br>
      <a href="/a/4.html">武穴市部署冬季安全生产工作</a><span>2026-10-30</span><br></div>""")
    assert [d for _, _, d, _ in items(extract_list(bare, TRS, reference_date=REF))] == ["2026-11-03", "2026-10-30"]


def test_navigation_tabs_and_link_directories_are_not_lists() -> None:
    html = page("""<div class="tabs"><a href="/tzgg/">通知公告</a><a href="/zcwj/">政策文件</a><a href="/zcjd/">政策解读</a></div>
      <ul class="depts"><li><a href="/bm/jyj/">市教育局</a></li><li><a href="/bm/gaj/">市公安局</a></li>
      <li><a href="/bm/mzj/">市民政局</a></li><li><a href="/bm/czj/">市财政局</a></li></ul>""")
    assert extract_list(html, TRS, reference_date=REF) is None


def test_visible_block_beats_hidden_tab_panels_and_split_blocks_are_one_list() -> None:
    hidden_rows = "".join(f'<li><a href="/h/{i}.html">隐藏标签页里的第{i}条信息标题</a><span>2026-10-{i:02d}</span></li>'
                          for i in range(1, 10))
    visible_rows = "".join(f'<li><a href="/v/{i}.html">当前显示的第{i}条动态信息标题</a><span>2026-11-{i:02d}</span></li>'
                           for i in range(1, 4))
    html = page(f'<ul class="panel">{visible_rows}</ul><ul class="panel" style="display: none">{hidden_rows}</ul>')
    facts = extract_list(html, TRS, reference_date=REF)
    assert [u.rsplit("/", 1)[1] for _, u, _, _ in items(facts)] == ["1.html", "2.html", "3.html"]
    blocks = ["".join(f"<li><a href=/s/{b}{i}.html>分段列表第{b}段第{i}条信息</a><span>2026-11-{b}{i}</span></li>"
                      for i in range(1, 6)) for b in (1, 2)]
    split = page("<div class='list'>" + "".join(f'<ul class="l">{rows}</ul>' for rows in blocks) + "</div>")
    assert len(items(extract_list(split, TRS, reference_date=REF))) == 10


def test_truncated_title_is_completed_from_the_title_attribute() -> None:
    html = page("""<ul><li><a href="/a/1.html" title="黄冈市人民政府办公室关于印发黄冈市支持重点行业超低排放改造若干措施的通知">
      黄冈市人民政府办公室关于印发黄冈市支持...</a><span>2026-11-01</span></li>
      <li><a href="/a/2.html">关于开展2026年度政务公开第三方评估的通知</a><span>2026-10-01</span></li></ul>""")
    assert items(extract_list(html, TRS, reference_date=REF))[0][0] == \
        "黄冈市人民政府办公室关于印发黄冈市支持重点行业超低排放改造若干措施的通知"


def test_at_most_200_items() -> None:
    rows = "".join(f'<li><a href="/a/{i}.html">第{i}条政务动态信息标题</a><span>2026-11-01</span></li>'
                   for i in range(250))
    facts = extract_list(page(f"<ul>{rows}</ul>"), TRS, reference_date=REF)
    assert facts is not None and len(facts.items) == MAX_ITEMS == 200


# -- totals, blank markers ------------------------------------------------------------------------------------
ROWS = """<ul class="list"><li><a href="./202611/t20261120_1.shtml">黄冈市召开全市森林防火工作会议</a><span>2026-11-20</span></li>
<li><a href="./202611/t20261118_2.shtml">市政府常务会议研究部署冬季安全生产</a><span>2026-11-18</span></li></ul>"""


@pytest.mark.parametrize(
    ("bar", "total", "pages"),
    [
        ("<div class='page'>共56条 首页 上一页 下一页 尾页 共 5 页</div>", 56, 5),
        ("<div class='page'>共有 12 条记录，当前第1/3页</div>", 12, 3),
        ("<div class='page'>总记录数：7</div>", 7, None),
        ('<div class="page"><script>createPageHTML(56, 0, "index", "shtml");</script></div>', None, 56),
        ("<div class='page'>页次：1/9页</div>", None, 9),
    ],
)
def test_stated_totals_and_page_counts(bar: str, total: int | None, pages: int | None) -> None:
    facts = extract_list(page(ROWS + bar), TRS, reference_date=REF)
    assert facts is not None and (facts.total, facts.pages) == (total, pages)


def test_a_count_in_an_item_title_is_not_a_total() -> None:
    rows = ROWS.replace("黄冈市召开全市森林防火工作会议", "我市出台稳就业政策共12条措施")
    facts = extract_list(page(rows), TRS, reference_date=REF)
    assert facts is not None and facts.total is None


@pytest.mark.parametrize("marker", ["<div class='list'><p>暂无信息！</p></div>", "<td>暂无数据</td>",
                                    "<div class='list'></div><div class='page'>共0条 共1页</div>",
                                    "<span>对不起，没有记录</span>"])
def test_the_page_says_its_list_is_empty(marker: str) -> None:
    facts = extract_list(page(marker), TRS, reference_date=REF)
    assert facts is not None
    assert (facts.items, facts.blank) == ((), True)
    assert facts.to_dict()["items"] == [] and facts.to_dict()["blank"] is True


def test_a_blank_table_with_its_pager_says_so() -> None:
    html = page("""<div class="main">
      <div class="crumb"><a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 统计信息</div>
      <table class="list"><tr><th>索引号</th><th>标题</th><th>发布日期</th></tr>
      <tr><td colspan="3" class="empty">暂无信息</td></tr></table><div class="pager">共0条 首页 上一页 下一页 尾页</div></div>""")
    facts = extract_list(html, TRS, reference_date=REF)
    assert facts is not None and (facts.items, facts.blank) == ((), True)


BLANK_LIST = "<div class='main'><h2>通知公告</h2><ul id='list'></ul>{marker}<div id='pager'></div></div>"


@pytest.mark.parametrize(
    "body",
    [
        # hidden or never-shown markers (an empty-state template that a script shows when its data is empty)
        BLANK_LIST.format(marker="<div class='nodata' style='display:none'>暂无数据</div>"),
        BLANK_LIST.format(marker="<div class='nodata hide'>暂无数据</div>"),
        BLANK_LIST.format(marker="<p hidden>暂无数据</p>"),
        BLANK_LIST.format(marker="<template><p>暂无数据</p></template>"),
        BLANK_LIST.format(marker="<script>var empty = '<p>暂无数据</p>';</script>"),
        BLANK_LIST.format(marker="<noscript><p>暂无数据</p></noscript>"),
        # markers in the chrome: a sidebar widget, the header, the footer
        BLANK_LIST.format(marker="") + "<div class='side'><h3>我的收藏</h3><p>暂无内容</p></div>",
        BLANK_LIST.format(marker="") + "<aside><h3>网上调查</h3><p>暂无数据</p></aside>",
        BLANK_LIST.format(marker="") + "<div class='rightSidebar'><p>今日访问：共0条留言待处理</p></div>",
        "<footer><p>暂无记录</p></footer>",
        # a zero count that is not the list's own total
        BLANK_LIST.format(marker="<p>今日访问：共0条留言待处理</p>"),
        # a visible placeholder on a page whose list a script loads
        BLANK_LIST.format(marker="<p>暂无数据</p>")
        + "<script>$.getJSON('/api/list?col=1', function(d){ render(d); });</script>",
        BLANK_LIST.format(marker="<p>暂无数据</p>") + "<script>fetch('/api/list').then(r => r.json()).then(show);</script>",
        BLANK_LIST.format(marker="<p>加载中……暂无数据</p>")
        + '<script src="/module/jslib/jquery/jpage/jquery.jpage.js"></script>',
        BLANK_LIST.format(marker="<p>暂无数据</p>") + """<script type="text/javascript">
          $('#div13617').jpage({proxyUrl: '/module/web/jpage/dataproxy.jsp', perPage: 15});</script>""",
        BLANK_LIST.format(marker="<p>暂无数据</p>") + '<script type="text/html" id="tpl"><li>{{title}}</li></script>',
        BLANK_LIST.format(marker="<p v-if='rows.length == 0'>暂无数据</p>"),
        BLANK_LIST.format(marker="<p>暂无数据</p>") + '<iframe src="/list/frame.jsp?col=7"></iframe>',
        # rows the extractor could not read as a dated list, or further pages: the page is not empty
        BLANK_LIST.format(marker="<p>暂无数据</p>").replace("<ul id='list'></ul>", "<ul id='list'>"
            "<li><a href='/a/1.html'>关于开展冬季安全生产大检查的通知</a></li>"
            "<li><a href='/a/2.html'>关于做好元旦春节期间值班工作的通知</a></li></ul>"),
        BLANK_LIST.format(marker="<p>暂无数据</p>") + '<div class="page"><a href="index_1.shtml">下一页</a></div>',
        BLANK_LIST.format(marker="<p>暂无数据</p>") + '<div class="page">共56条</div>',
    ],
    ids=["display-none", "hide-class", "hidden-attr", "template", "script-string", "noscript", "sidebar-box",
         "aside", "sidebar-zero-count", "footer", "zero-count-not-a-pager", "ajax", "fetch", "jpage-script",
         "jpage-call", "client-template", "vue-binding", "iframe", "undated-rows", "further-pages", "stated-total"],
)
def test_no_blank_when_the_page_does_not_clearly_say_its_list_is_empty(body: str) -> None:
    assert extract_list(page(body), TRS, reference_date=REF) is None


def test_the_reviewers_js_rendered_columns_are_not_blank() -> None:
    html = """<html><head><title>通知公告_演示县人民政府</title></head><body>
<ul class="nav"><li><a href="/tzgg/index.html">通知公告</a></li><li><a href="/gzdt/index.html">工作动态</a></li></ul>
<div class="main"><h2>通知公告</h2><ul id="list"></ul>
<div class="nodata" style="display:none">暂无数据</div>
<div id="pager"></div></div>
<script>$.getJSON('/api/list?col=tzgg', function(d){ render(d); });</script>
</body></html>"""
    _, extra = extract_page_and_facts("http://www.demo.test/tzgg/index.html", html, reference_date=REF)
    assert "list" not in extra  # unknown, never blank


def test_no_list_and_no_marker_is_none_and_a_long_sentence_is_not_a_marker() -> None:
    assert extract_list(page("<div class='article'><p>正文。</p></div>"), TRS, reference_date=REF) is None
    prose = "<p>" + "根据统计，该项目暂无数据可供公开，下一步将按照有关规定及时补充完善并向社会公开相关情况。" + "</p>"
    assert extract_list(page(prose), TRS, reference_date=REF) is None


def test_items_win_over_a_blank_marker_elsewhere() -> None:
    facts = extract_list(page(ROWS + "<div class='side'><h3>网上调查</h3><p>暂无数据</p></div>"), TRS, reference_date=REF)
    assert facts is not None and facts.blank is False and len(facts.items) == 2


# -- pager ----------------------------------------------------------------------------------------------------
def test_create_page_html_names_a_few_further_pages() -> None:
    bar = '<div class="page"><script>createPageHTML(56, 0, "index", "shtml");</script></div>'
    facts = extract_list(page(ROWS + bar), TRS, reference_date=REF)
    assert facts is not None
    assert list(facts.pager) == [f"{TRS}index_{i}.shtml" for i in range(1, PAGER_EXPAND + 1)]
    on_page_3 = extract_list(page(ROWS + bar.replace("56, 0", "56, 2")), TRS + "index_2.shtml", reference_date=REF)
    assert on_page_3 is not None and on_page_3.pager[0] == TRS + "index_3.shtml"
    last = extract_list(page(ROWS + bar.replace("56, 0", "56, 55")), TRS + "index_55.shtml", reference_date=REF)
    assert last is not None and last.pager == ()


def test_query_string_pager_links_in_page_order() -> None:
    url = "http://www.macheng.gov.cn.test/news/list.asp?id=3"
    bar = """<div class="page"><a href="list.asp?id=3">首页</a> <a href="list.asp?id=3&page=3">3</a>
      <a href="list.asp?id=3&page=2">2</a> <a href="list.asp?id=3&page=2">下一页</a>
      <a href="list.asp?id=4&page=2">其他栏目第2页</a> <a href="list.asp?id=3&page=9">尾页</a></div>"""
    facts = extract_list(page(ROWS + bar), url, reference_date=REF)
    base = "http://www.macheng.gov.cn.test/news/list.asp?id=3&page="
    assert facts is not None and list(facts.pager) == [base + "2", base + "3", base + "9"]
    second = extract_list(page(ROWS + bar), base + "2", reference_date=REF)
    assert second is not None and list(second.pager) == [base + "3", base + "9"]


def test_next_link_of_another_shape_and_index_n_links() -> None:
    bar = """<div class="page"><a href="index_1.shtml">2</a><a href="index_2.shtml">3</a>
      <a href="/cms/list?col=7&amp;start=15">下一页</a></div>"""
    facts = extract_list(page(ROWS + bar), TRS, reference_date=REF)
    assert facts is not None
    assert list(facts.pager) == [TRS + "index_1.shtml", "http://www.huanggang.gov.cn.test/cms/list?col=7&start=15",
                                 TRS + "index_2.shtml"]


def test_a_more_link_is_not_a_further_page() -> None:
    bar = '<div class="more"><a href="/zwgk/tzgg/">&gt;&gt;</a> <a href="/zwgk/">更多&gt;&gt;</a></div>'
    facts = extract_list(page(ROWS + bar), "http://www.huanggang.gov.cn.test/", reference_date=REF)
    assert facts is not None and facts.pager == ()


# -- Hanweb data-proxy answers --------------------------------------------------------------------------------
def test_rows_of_a_data_proxy_answer() -> None:
    rows = """<li><a href="/art/2026/11/20/art_13617_400000.html" title="t">红安县召开森林防火工作推进会</a>
<span>2026-11-20</span></li>
<li><a href="/art/2026/11/19/art_13617_400001.html">第二条</a></li>"""
    facts = list_from_rows(rows, "http://www.hazf.gov.cn.test/col/col13617/index.html", reference_date=REF,
                           total=40, pages=3)
    assert facts is not None
    assert [(i.title, i.date, i.date_from) for i in facts.items] == [("红安县召开森林防火工作推进会", "2026-11-20", "row")]
    assert (facts.total, facts.pages, facts.blank, facts.pager) == (40, 3, False, ())
    empty = list_from_rows("", "http://www.hazf.gov.cn.test/col/col1/index.html", reference_date=REF, total=0)
    assert empty is not None and empty.blank is True and empty.items == ()
    assert list_from_rows("", "http://x.test/", reference_date=REF) is None


def test_table_rows_of_a_data_proxy_answer() -> None:
    rows = """<tr><td><a href="/art/2026/11/2/art_1_2.html">红安县政府常务会议纪要</a></td><td>2026-11-02</td></tr>"""
    facts = list_from_rows(rows, "http://www.hazf.gov.cn.test/col/col1/index.html", reference_date=REF, total=1)
    assert facts is not None and [i.date for i in facts.items] == ["2026-11-02"]


# -- the facts the spider stores ------------------------------------------------------------------------------
def test_extract_page_and_facts_adds_only_what_was_found() -> None:
    facts, extra = extract_page_and_facts(TRS, page(ROWS), reference_date=REF)
    assert facts.url == TRS and set(extra) == {"list"}
    assert extra["list"]["items"][0] == {"title": "黄冈市召开全市森林防火工作会议", "url": TRS + "202611/t20261120_1.shtml",
                                         "date": "2026-11-20", "date_from": "row", "pinned": False}
    _, none = extract_page_and_facts(TRS, page("<p>正文</p>"), reference_date=REF)
    assert none == {}
    assert extract_page(TRS, page(ROWS)) == facts  # same PageFacts as before


# -- real pages -----------------------------------------------------------------------------------------------
def load_real(name: str) -> tuple[str, dict[str, Any]]:
    text, _ = decode_body((REALPAGES / name).read_bytes(), "text/html")
    expect = json.loads((REALPAGES / name.replace(".html", ".expect.json")).read_text(encoding="utf-8"))
    assert expect["page"] == name and expect["url"] == REAL[name]
    return text, expect


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_page_list_matches_the_hand_made_expectation(name: str) -> None:
    text, expect = load_real(name)
    found = extract_list(text, REAL[name], reference_date=REF)
    assert (found.to_dict() if found is not None else None) == expect["list"]


@pytest.mark.parametrize("name", sorted(REAL))
def test_real_page_dates_match_the_hand_made_expectation(name: str) -> None:
    text, expect = load_real(name)
    assert list(extract_page(REAL[name], text, reference_date=REF).dates) == expect["page_dates"]


@pytest.mark.parametrize("name", ["handan-xxgk-index.html", "handan-zfxxgkzn.html"])
def test_expected_column_links_are_links_of_the_page(name: str) -> None:
    """The hand-made column list (for the column checks) names links the page really has."""
    text, expect = load_real(name)
    tree = parse_html(text)
    links = {(a.url, "".join(a.text.split())) for a in anchors_of(tree, document_base(tree, REAL[name])).values()}
    missing = [c for c in expect["columns"] if (c["url"], c["text"]) not in links]
    assert not missing
    assert len({(c["url"], c["text"]) for c in expect["columns"]}) == len(expect["columns"])


def test_extract_list_is_fast_on_the_largest_real_page() -> None:
    largest = max(REAL, key=lambda n: (REALPAGES / n).stat().st_size)
    text, _ = load_real(largest)
    tree = parse_html(text)
    timings = []
    for _ in range(7):
        started = time.perf_counter()
        extract_list(tree, REAL[largest], reference_date=REF)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.020, timings
