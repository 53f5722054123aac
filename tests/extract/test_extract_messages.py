"""留言 / 咨询 lists (inspector.extract.messages): asked / answered dates and status from header tables and from
labelled rows; other pages have no messages."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.extract import extract_messages, extract_page_and_facts
from inspector.extract.messages import status_of

REF = date(2026, 11, 26)
URL = "http://www.huangmei.gov.cn.test/hdjl/zxts/"


def wrap(body: str) -> str:
    return f"""<html><head><meta charset="utf-8"><title>咨询投诉</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/hdjl/">互动交流</a><a href="/hdjl/wyly/">我要留言</a></div>
{body}<div class="footer">网站标识码：4211270001</div></body></html>"""


TABLE = wrap("""<table class="msg">
<tr><th>留言标题</th><th>留言时间</th><th>答复时间</th><th>状态</th></tr>
<tr><td><a href="show.jsp?id=31">关于城区道路积水问题的咨询</a></td><td>2026-11-10</td><td>2026-11-12</td><td>已回复</td></tr>
<tr><td><a href="show.jsp?id=30">关于农村低保申请条件的咨询</a></td><td>2026-07-01</td><td></td><td>未回复</td></tr>
<tr><td><a href="show.jsp?id=29">小区供暖问题</a></td><td>2026-06-20</td><td>2026-06-28</td><td>办结</td></tr>
</table>""")


def test_table_with_a_header_row() -> None:
    found = [m.to_dict() for m in extract_messages(TABLE, URL, reference_date=REF)]
    assert [m.pop("status_text") for m in found] == ["已回复", "未回复", "办结"]
    assert found == [
        {"title": "关于城区道路积水问题的咨询", "url": URL + "show.jsp?id=31", "asked": "2026-11-10",
         "answered": "2026-11-12", "status": "answered"},
        {"title": "关于农村低保申请条件的咨询", "url": URL + "show.jsp?id=30", "asked": "2026-07-01", "answered": None,
         "status": "pending"},
        {"title": "小区供暖问题", "url": URL + "show.jsp?id=29", "asked": "2026-06-20", "answered": "2026-06-28",
         "status": "answered"},
    ]


def test_table_with_dates_only_and_an_empty_answer_cell_is_pending() -> None:
    html = wrap("""<table><tr><td>主题</td><td>提问时间</td><td>回复时间</td></tr>
<tr><td><a href="/x/1.html">关于公积金提取的咨询</a></td><td>2026-08-01</td><td>2026-08-03</td></tr>
<tr><td><a href="/x/2.html">关于社保转移接续的咨询</a></td><td>2026-08-02</td><td>&nbsp;</td></tr></table>""")
    assert [(m.asked, m.answered, m.status) for m in extract_messages(html, URL, reference_date=REF)] == [
        ("2026-08-01", "2026-08-03", "answered"), ("2026-08-02", None, "pending")]


def test_rows_with_labelled_spans() -> None:
    html = wrap("""<ul class="letters">
<li><a href="/hdjl/1.html">建议增开城区公交线路</a><span>留言时间：2026-10-08</span><span>答复时间：2026-10-15</span></li>
<li><a href="/hdjl/2.html">反映小区噪音扰民问题</a><span>留言时间：2026-07-20</span><span>答复时间：</span>
    <span>状态：办理中</span></li>
<li><a href="/hdjl/3.html">咨询新生儿医保办理</a><span>留言时间：[11-20]</span><span>状态：已答复</span></li>
</ul>""")
    found = extract_messages(html, URL, reference_date=REF)
    assert [(m.title, m.asked, m.answered, m.status) for m in found] == [
        ("建议增开城区公交线路", "2026-10-08", "2026-10-15", "answered"),
        ("反映小区噪音扰民问题", "2026-07-20", None, "pending"),
        ("咨询新生儿医保办理", "2026-11-20", None, "answered"),
    ]
    assert found[0].url == "http://www.huangmei.gov.cn.test/hdjl/1.html"


def test_a_news_list_is_not_a_message_list() -> None:
    html = wrap("""<ul><li><a href="/a/1.html">县政府召开咨询委员会会议</a><span>2026-11-02</span></li>
<li><a href="/a/2.html">县领导接待群众来信来访</a><span>2026-11-01</span></li></ul>""")
    assert extract_messages(html, URL, reference_date=REF) == []
    no_answer_column = wrap("""<table><tr><th>标题</th><th>留言时间</th></tr>
<tr><td><a href="/a/3.html">关于路灯不亮的留言</a></td><td>2026-11-02</td></tr></table>""")
    assert extract_messages(no_answer_column, URL, reference_date=REF) == []


def test_a_message_detail_page_is_not_a_message_list() -> None:
    html = wrap("""<div class="main"><div class="crumb"><a href="/hdjl/xzxx/list.html">县长信箱</a> &gt; 信件详情</div>
<table class="msg"><tr><td>留言标题：关于医保异地报销的咨询</td><td>留言时间：2026-11-17 09:30</td></tr></table>
<p>您好，我想咨询一下医保异地报销方面的问题，请问具体怎么办理？</p>
<div class="reply"><p>答复单位：县医保局　答复时间：2026-11-20 10:00</p></div></div>
<div class="main"><div class="crumb"><a href="/hdjl/">互动交流</a></div></div>""")
    assert extract_messages(html, URL + "detail_1.html", reference_date=REF) == []


@pytest.mark.parametrize(
    ("text", "status"),
    [("已回复", "answered"), ("未回复", "pending"), ("待答复", "pending"), ("已 办 结", "answered"), ("受理中", "pending"),
     ("已办理", "answered"), ("已公开", "answered"), ("已受理并答复", "answered"), ("已处理", "answered"),
     ("处理中", "pending"), ("查看", ""), ("已评价", "answered"), ("待评价", "answered"), ("已完成", "answered"), ("已结案", "answered"),
     ("已受理", ""), ("已转办", ""), ("详见内页", ""), ("是", ""), ("否", ""), ("不予受理", "invalid"),
     ("无效留言", "invalid"), ("重复留言", "invalid")],
)
def test_status_words(text: str, status: str) -> None:
    assert status_of(text) == status


@pytest.mark.parametrize(("text", "status"), [("是", "answered"), ("否", "pending"), (" 是 ", "answered"),
                                              ("是否", ""), ("已回复", "answered"), ("评价", "")])
def test_yes_no_only_as_the_whole_value_of_a_status_column(text: str, status: str) -> None:
    assert status_of(text, yes_no=True) == status


def table(header: list[str], rows: list[list[str]], title: str = "县长信箱") -> str:
    head = "<tr>" + "".join(f"<td>{c}</td>" for c in header) + "</tr>"
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return wrap(f"<table>{head}{body}</table>").replace("<title>咨询投诉</title>", f"<title>{title}</title>")


def link(i: int) -> str:
    return f'<a href="/hdjl/detail.jsp?id={i}">关于第{i}号道路维修问题的咨询</a>'


@pytest.mark.parametrize(("status", "want"), [("已转办", ""), ("已受理", ""), ("转交相关部门", ""), ("", "pending"),
                                              ("-", "pending"), ("未回复", "pending"), ("待评价", "answered"),
                                              ("已结案", "answered"), ("不予受理", "invalid"), ("重复留言", "invalid")])
def test_an_empty_answer_cell_is_pending_only_without_status_wording(status: str, want: str) -> None:
    html = table(["标题", "留言时间", "回复时间", "状态"], [[link(1), "2026-07-01", "", status],
                                                      [link(2), "2026-10-01", "2026-10-05", "已回复"]])
    first = extract_messages(html, URL, reference_date=REF)[0]
    assert (first.status, first.answered) == (want, None)
    assert first.to_dict()["status_text"] == status.strip("-")


def test_labelled_rows_with_an_unknown_status_and_an_empty_answer_date_are_unknown() -> None:
    rows = "".join(f'<li>{link(i)}<span>留言时间：2026-0{i + 5}-01</span><span>答复时间：</span><span>状态：{w}</span></li>'
                   for i, w in enumerate(["已转办", "", "不予受理"]))
    found = extract_messages(wrap(f"<ul>{rows}</ul>"), URL, reference_date=REF)
    assert [(m.status, m.status_text) for m in found] == [("", "已转办"), ("pending", ""), ("invalid", "不予受理")]
    # 无效 in a title is no invalid mark: only the status wording counts
    titled = wrap("<ul>" + "".join(f'<li><a href="/ly/{i}.html">关于社保卡无效的咨询{i}</a><span>留言时间：2026-07-0{i + 1}'
                                   f"</span><span>答复时间：</span></li>" for i in range(2)) + "</ul>")
    assert [m.status for m in extract_messages(titled, URL, reference_date=REF)] == ["pending", "pending"]


def test_a_yes_no_reply_column() -> None:
    html = table(["标题", "留言时间", "是否回复"], [[link(1), "2026-03-10", "是"], [link(2), "2026-04-10", "否"],
                                                  [link(3), "2026-05-10", "是否"]])
    assert [m.status for m in extract_messages(html, URL, reference_date=REF)] == ["answered", "pending", ""]


def test_status_wording_outside_the_vocabulary_is_unknown_not_pending() -> None:
    words = ["已办理", "已公开", "已查阅", "已回复", "转交相关部门"]
    html = table(["信件标题", "来信时间", "办理状态"], [[link(i), f"2026-0{3 + i}-10", w] for i, w in enumerate(words)])
    assert [m.status for m in extract_messages(html, URL, reference_date=REF)] == \
        ["answered", "answered", "", "answered", ""]


@pytest.mark.parametrize("title", ["投诉举报", "网上信访", "纪检监察举报", "在线访谈", "调查征集", "网上调查"])
def test_channels_the_indicator_leaves_out_have_no_messages(title: str) -> None:
    html = table(["标题", "投诉时间", "办理状态"], [[link(i), f"2026-0{3 + i}-10", "办理中"] for i in range(3)], title=title)
    assert extract_messages(html, URL, reference_date=REF) == []
    heading = table(["标题", "留言时间", "办理状态"], [[link(i), f"2026-0{3 + i}-10", "办理中"] for i in range(3)],
                    title="互动交流").replace("<table>", f"<h2>{title}</h2><table>")
    assert extract_messages(heading, URL, reference_date=REF) == []
    _, extra = extract_page_and_facts(URL, html, reference_date=REF)
    assert "messages" not in extra


def test_a_consultation_channel_named_with_complaints_keeps_its_messages() -> None:
    html = table(["标题", "留言时间", "办理状态"], [[link(i), f"2026-0{3 + i}-10", "办理中"] for i in range(3)],
                 title="咨询投诉")
    assert [m.status for m in extract_messages(html, URL, reference_date=REF)] == ["pending"] * 3
    side = html.replace("<table>", "<div class='sidebar'><h3>在线访谈</h3></div><table>")
    assert len(extract_messages(side, URL, reference_date=REF)) == 3  # a sidebar heading names no channel


def test_an_answer_date_given_only_on_the_detail_page_is_unknown() -> None:
    rows = "".join(f'<li>{link(i)}<span>留言时间：2026-0{3 + i}-10</span><span>答复时间：详见内页</span></li>'
                   for i in range(1, 4))
    found = extract_messages(wrap(f"<ul>{rows}</ul>"), URL, reference_date=REF)
    assert [(m.asked, m.answered, m.status) for m in found] == [(f"2026-0{3 + i}-10", None, "") for i in range(1, 4)]
    empty = rows.replace("详见内页", "")
    assert {m.status for m in extract_messages(wrap(f"<ul>{empty}</ul>"), URL, reference_date=REF)} == {"pending"}


def test_the_spider_facts_carry_messages_and_list() -> None:
    _, extra = extract_page_and_facts(URL, TABLE, reference_date=REF)
    assert [m["status"] for m in extra["messages"]] == ["answered", "pending", "answered"]
    assert [i["date"] for i in extra["list"]["items"]] == ["2026-11-12", "2026-07-01", "2026-06-28"]


def test_on_an_interaction_hub_page_only_the_consultation_list_counts() -> None:
    head = "<tr><th>标题</th><th>留言时间</th><th>办理状态</th></tr>"
    letters = "".join(f"<tr><td>{link(i)}</td><td>2026-0{3 + i}-10</td><td>已回复</td></tr>" for i in range(2))
    petitions = "".join(f"<tr><td>{link(10 + i)}</td><td>2026-0{3 + i}-12</td><td>办理中</td></tr>" for i in range(4))
    box = '<div class="box"><div class="hd"><h3>{}</h3></div><div class="bd"><table>{}{}</table></div></div>'
    body = (box.format("县长信箱", head, letters) + box.format("网上信访", head, petitions) +
            '<div class="box"><h3>在线访谈</h3><ul><li><a href="/ft/1.html">县长做客在线访谈栏目</a></li></ul></div>')
    html = wrap(body).replace("<title>咨询投诉</title>", "<title>互动交流_演示县人民政府</title>")
    found = extract_messages(html, URL, reference_date=REF)
    assert [(m.url.rsplit("=", 1)[1], m.status) for m in found] == [("0", "answered"), ("1", "answered")]
