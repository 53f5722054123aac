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


@pytest.mark.parametrize(("text", "status"), [("已回复", "answered"), ("未回复", "pending"), ("待答复", "pending"),
                                              ("已 办 结", "answered"), ("受理中", "pending"), ("查看", "")])
def test_status_words(text: str, status: str) -> None:
    assert status_of(text) == status


def test_the_spider_facts_carry_messages_and_list() -> None:
    _, extra = extract_page_and_facts(URL, TABLE, reference_date=REF)
    assert [m["status"] for m in extra["messages"]] == ["answered", "pending", "answered"]
    assert [i["date"] for i in extra["list"]["items"]] == ["2026-11-12", "2026-07-01", "2026-06-28"]
