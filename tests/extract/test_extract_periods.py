"""征求意见 periods (inspector.extract.periods): start, end, calendar days and the reason for a short period."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.extract import article_published, extract_comment_period, extract_page_and_facts

REF = date(2026, 11, 26)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("现将《黄冈市养犬管理办法（征求意见稿）》向社会公开征求意见。征求意见时间为2026年10月1日至2026年10月20日。",
         None, ("2026-10-01", "2026-10-20", 20)),
        ("征求意见时间：自2026年10月1日起至10月31日止。", None, ("2026-10-01", "2026-10-31", 31)),
        ("征求意见时间：2026-09-01至2026-09-30。", None, ("2026-09-01", "2026-09-30", 30)),
        ("征求意见时间为２０２６年１０月１日—２０２６年１０月２０日。", None, ("2026-10-01", "2026-10-20", 20)),
        ("征求意见时间为2026年12月20日至1月10日。", None, ("2026-12-20", "2027-01-10", 22)),
        ("欢迎社会各界提出意见建议，截止日期为2026年10月20日。", date(2026, 10, 1), ("2026-10-01", "2026-10-20", 20)),
        ("意见反馈截止时间：2026年11月30日17:00。", date(2026, 11, 1), ("2026-11-01", "2026-11-30", 30)),
        ("公众可于2026年10月30日前通过电子邮件反馈意见。", date(2026, 10, 10), ("2026-10-10", "2026-10-30", 21)),
        ("请于2026年10月30日前将意见反馈至市司法局。", None, (None, "2026-10-30", None)),
        ("欢迎提出意见。征求意见期限为15天。", date(2026, 10, 1), ("2026-10-01", "2026-10-15", 15)),
        ("征求意见期限为10个工作日。", date(2026, 10, 1), ("2026-10-01", None, None)),
    ],
)
def test_stated_periods(text: str, published: date | None, expected: tuple[str | None, str | None, int | None]) -> None:
    period = extract_comment_period(text, reference_date=REF, published=published)
    assert period is not None
    assert (period.start, period.end, period.days) == expected


def test_no_period_in_other_texts() -> None:
    assert extract_comment_period("本办法自2027年1月1日起施行，有效期至2031年12月31日。", reference_date=REF) is None
    assert extract_comment_period("黄冈市召开全市森林防火工作会议。", reference_date=REF) is None


@pytest.mark.parametrize(
    "text",
    [
        "欢迎社会各界提出意见建议。截止日期为2026年10月20日。",  # the deadline sentence does not speak of comments
        "根据干部任用条例，现将拟任人选予以公示。公示时间为2026年11月20日至2026年11月26日。公示期间，如有意见反馈，"
        "请于2026年11月26日前通过来信来电方式向县委组织部反映。",
        "公示期为2026年11月20日至2026年11月26日，对公示对象有意见的，可向县纪委反映。",
    ],
    ids=["neighbour-sentence", "appointment-notice", "publicity-period"],
)
def test_only_a_sentence_about_comments_states_a_period(text: str) -> None:
    assert extract_comment_period(text, reference_date=REF, published=date(2026, 11, 20)) is None


def test_a_publication_date_after_the_reference_date_is_no_start() -> None:
    text = "为广泛听取意见，现公开征求社会公众意见。公众可在2026年12月20日前通过电子邮件反馈意见。"
    period = extract_comment_period(text, reference_date=REF, published=date(2026, 12, 10))
    assert period is not None and (period.start, period.end, period.days) == (None, "2026-12-20", None)


def test_reason_for_a_short_period() -> None:
    text = ("现将《黄冈市城区停车管理办法（征求意见稿）》公开征求意见。因该办法需在年底前出台实施，时间紧迫，"
            "本次征求意见期限缩短为15日。征求意见时间：2026年10月1日至2026年10月15日。")
    period = extract_comment_period(text, reference_date=REF)
    assert period is not None and period.days == 15
    assert period.reason == "因该办法需在年底前出台实施，时间紧迫，本次征求意见期限缩短为15日。"


def test_short_period_without_a_reason_and_a_far_off_word_is_no_reason() -> None:
    text = ("现将《黄冈市突发事件应急预案管理办法（征求意见稿）》公开征求意见。征求意见时间为2026年10月1日至2026年10月20日。"
            "联系电话：0713-1234567。附件：征求意见稿。第一条 为规范应急预案管理。第二条 本办法适用于本市。"
            "第三条 各级政府应当建立健全应急预案体系。第四条 发生紧急情况时应当立即启动应急预案，尽快处置。")
    period = extract_comment_period(text, reference_date=REF)
    assert period is not None and (period.days, period.reason) == (20, "")


def test_a_reason_drawn_as_a_consequence_about_the_period() -> None:
    text = ("关于《演示县停车管理办法》公开征求意见的通知。征求意见时间为2026年11月1日至11月20日。"
            "根据上级要求，该办法须于2026年12月1日前报送审议，故征求意见时间为20天。")
    period = extract_comment_period(text, reference_date=REF, published=date(2026, 11, 1))
    assert period is not None and period.days == 20
    assert period.reason == "根据上级要求，该办法须于2026年12月1日前报送审议，故征求意见时间为20天。"
    plain = "关于《演示县停车管理办法》公开征求意见的通知。征求意见时间为2026年11月1日至11月20日。故请各单位认真研究。"
    found = extract_comment_period(plain, reference_date=REF)
    assert found is not None and found.reason == ""


def test_a_long_period_has_no_reason() -> None:
    text = "因工作需要时间紧迫。征求意见时间为2026年9月1日至2026年10月31日。"
    period = extract_comment_period(text, reference_date=REF)
    assert period is not None and (period.days, period.reason) == (61, "")


def test_publication_date_of_an_article() -> None:
    assert article_published("正文", "2026-10-09 10:30", "http://a.test/x.html") == date(2026, 10, 9)
    assert article_published("发布时间：2026-10-08 09:00 来源：市司法局", None, "http://a.test/x.html") == date(2026, 10, 8)
    assert article_published("正文", None, "http://a.test/art/2026/10/7/art_1_2.html") == date(2026, 10, 7)
    assert article_published("正文", None, "http://a.test/x.html") is None


ARTICLE = """<html><head><meta charset="utf-8"><meta name="PubDate" content="2026-11-02 09:00">
<title>关于《黄冈市城市绿化条例（征求意见稿）》公开征求意见的公告</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/hdjl/">互动交流</a></div>
<h1>关于《黄冈市城市绿化条例（征求意见稿）》公开征求意见的公告</h1>
<p>为提高立法质量，现将《黄冈市城市绿化条例（征求意见稿）》全文公布，征求社会各界意见。</p>
<p>意见反馈截止日期为2026年11月21日。</p></body></html>"""


def test_the_spider_facts_carry_the_period_of_an_article() -> None:
    _, extra = extract_page_and_facts("http://www.huanggang.gov.cn.test/hdjl/yjzj/202611/t20261102_1.shtml", ARTICLE,
                                      reference_date=REF)
    assert extra["comment_period"] == {"start": "2026-11-02", "end": "2026-11-21", "days": 20, "reason": ""}
    assert "list" not in extra


def test_a_period_quoted_in_a_list_row_is_not_the_pages() -> None:
    rows = "".join(f'<li><a href="/yjzj/{i}.html">关于第{i}号文件征求意见的公告（征求意见时间为2026年10月{i}日至2026年10月2{i}日）</a>'
                   f"<span>2026-10-0{i}</span></li>" for i in range(1, 4))
    html = f"<html><body><h2>意见征集</h2><ul>{rows}</ul></body></html>"
    _, extra = extract_page_and_facts("http://www.huanggang.gov.cn.test/hdjl/yjzj/", html, reference_date=REF)
    assert "list" in extra and "comment_period" not in extra


APPOINTMENT = """<html><head><meta charset="utf-8"><title>关于张三等同志任前公示_演示县人民政府</title></head><body>
<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/zqyj/">征求意见</a><a href="/hdjl/">互动交流</a></div>
<h1>关于张三等同志任前公示</h1><p>发布日期：2026-11-20</p>
<p>根据干部任用条例，现将拟任人选予以公示。公示时间为2026年11月20日至2026年11月26日。公示期间，如有意见反馈，
请通过来信来电方式向县委组织部反映。</p></body></html>"""


@pytest.mark.parametrize(
    "html",
    [
        APPOINTMENT,
        # the page speaks of 征求意见 only in its navigation and body, not in its title or heading
        ARTICLE.replace("关于《黄冈市城市绿化条例（征求意见稿）》公开征求意见的公告", "关于黄冈市城市绿化工作的通知"),
    ],
    ids=["appointment-notice", "title-without-consultation"],
)
def test_only_a_consultation_article_carries_a_period(html: str) -> None:
    _, extra = extract_page_and_facts("http://www.demo.test/zwgk/tzgg/202611/t20261120_1.shtml", html,
                                      reference_date=REF)
    assert "comment_period" not in extra


def test_the_heading_alone_makes_a_consultation_article() -> None:
    html = ARTICLE.replace("<title>关于《黄冈市城市绿化条例（征求意见稿）》公开征求意见的公告</title>", "<title>黄冈市人民政府</title>")
    _, extra = extract_page_and_facts("http://www.huanggang.gov.cn.test/hdjl/yjzj/202611/t20261102_1.shtml", html,
                                      reference_date=REF)
    assert extra["comment_period"]["end"] == "2026-11-21"
