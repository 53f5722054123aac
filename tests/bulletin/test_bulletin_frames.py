from __future__ import annotations

import math
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pandas as pd
import pytest
from bulletin_data import FINDINGS, LINK_RULES, RULES, RUN, SITES, VERDICTS
from pandas.testing import assert_frame_equal

from inspector.bulletin import frames
from inspector.bulletin.frames import (
    LINK_SCHEMA,
    NO_COMPARISON,
    PROBLEM_SCHEMA,
    RULE_SCHEMA,
    SUMMARY_SCHEMA,
    link_details,
    problem_details,
    quarter_change,
    rule_catalogue,
    run_notes,
    site_summary,
    summary_totals,
)
from inspector.bulletin.inputs import PreviousResult
from inspector.model import Evidence, Finding, Severity, SiteVerdict, Status, Verdict


NO_PREVIOUS: dict[str, object] = {"prev_score": math.nan, "prev_verdict": "", "change": ""}


def _expected(schema: dict[str, str], rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=list(schema)).astype(schema)


def test_site_summary() -> None:
    got = site_summary(SITES, VERDICTS, FINDINGS)
    want = _expected(
        SUMMARY_SCHEMA,
        [
            dict(seq=1, site_name="示例市人民政府", site_code="4211000001", url="http://www.city.test/",
                 level="市级", score=100.0, verdict="合格", vetoes="", problems=1, inconclusive=0, **NO_PREVIOUS),
            dict(seq=2, site_name="示例县人民政府", site_code="4211220002", url="http://www.county.test/",
                 level="县级", score=math.nan, verdict="不合格", vetoes="首页无法访问；网站不可用", problems=2,
                 inconclusive=1, **NO_PREVIOUS),
            dict(seq=3, site_name="示例市教育局", site_code="4211000003", url="https://edu.city.test/",
                 level="部门", score=math.nan, verdict="无法判定", vetoes="", problems=0, inconclusive=1,
                 **NO_PREVIOUS),
        ],
    )
    assert_frame_equal(got, want)


def test_site_summary_site_without_verdict_is_inconclusive_and_counts_from_findings() -> None:
    verdicts = {k: v for k, v in VERDICTS.items() if k != 12}
    got = site_summary(SITES, verdicts, FINDINGS)
    row = got.iloc[1]
    assert row["verdict"] == Verdict.INCONCLUSIVE.value
    assert math.isnan(row["score"])
    assert (row["problems"], row["inconclusive"], row["vetoes"]) == (2, 1, "")


def test_summary_totals() -> None:
    got = summary_totals(site_summary(SITES, VERDICTS, FINDINGS))
    want = pd.DataFrame(
        {
            "item": pd.Series(["检查网站数", "合格数", "不合格数", "无法判定数", "合格率"], dtype="str"),
            "value": pd.Series([3, 1, 1, 1, 0.5], dtype="object"),
        }
    )
    assert_frame_equal(got, want)
    assert [type(v) for v in got["value"]] == [int, int, int, int, float]


def test_summary_totals_rate_is_empty_without_conclusions() -> None:
    only_unknown = {13: VERDICTS[13]}
    got = summary_totals(site_summary(SITES[2:], only_unknown))
    assert got["value"].tolist() == [1, 0, 0, 1, None]


def test_problem_details() -> None:
    got = problem_details(SITES, FINDINGS, RULES)
    want = _expected(
        PROBLEM_SCHEMA,
        [
            dict(seq=1, site_name="示例市人民政府", item="页脚展示网站标识码", rule_id="footer-site-code",
                 status="不通过", severity="提示", deduction=0.0, message=" =2+2 页脚未发现网站标识码",
                 url="", referrer="", reference="国办发〔2017〕47号"),
            dict(seq=2, site_name="示例县人民政府", item="首页可以访问", rule_id="site-reachable",
                 status="不通过", severity="单项否决", deduction=0.0, message="首页无法访问：http 503",
                 url="http://www.county.test/", referrer="", reference="国办秘函〔2019〕19号 单项否决 1"),
            dict(seq=3, site_name="示例县人民政府", item="首页链接可用", rule_id="links-homepage",
                 status="无法判定", severity="扣分", deduction=0.0,
                 message="首页无法访问：服务器错误（HTTP 503），无法检查首页链接",
                 url="http://www.county.test/", referrer="", reference="国办秘函〔2019〕19号 扣分指标 互动回应"),
            dict(seq=4, site_name="示例县人民政府", item="其他页面链接可用", rule_id="links-inner",
                 status="不通过", severity="扣分", deduction=2.0, message='=HYPERLINK("http://evil.test/","点我")',
                 url="http://www.county.test/a.html", referrer="http://www.county.test/list.html",
                 reference="国办秘函〔2019〕19号 扣分指标"),
            dict(seq=5, site_name="示例市教育局", item="首页链接可用", rule_id="links-homepage",
                 status="无法判定", severity="扣分", deduction=0.0, message="链接被防火墙拦截，无法判定",
                 url="https://edu.city.test/notice.html", referrer="https://edu.city.test/",
                 reference="国办秘函〔2019〕19号 扣分指标 互动回应"),
        ],
    )
    assert_frame_equal(got, want)


def test_problem_details_orders_by_site_then_rule_and_handles_unknown_site_and_rule() -> None:
    stray = Finding(
        run_id=1, site_id=99, rule_id="no-such-rule", rule_title="未知规则", status=Status.FAIL,
        severity=Severity.DEDUCT, deduction=1.0, message="m",
    )
    got = problem_details(SITES, (stray,) + tuple(reversed(FINDINGS)), RULES)
    assert got["rule_id"].tolist() == [
        "footer-site-code", "site-reachable", "links-homepage", "links-inner", "links-homepage", "no-such-rule",
    ]
    last = got.iloc[-1]
    assert (last["site_name"], last["item"], last["severity"], last["reference"]) == (
        "（未登记网站 99）", "未知规则", "扣分", "",
    )
    assert got["seq"].tolist() == [1, 2, 3, 4, 5, 6]


def test_link_details() -> None:
    got = link_details(SITES, FINDINGS, LINK_RULES, RULES)
    want = _expected(
        LINK_SCHEMA,
        [
            dict(seq=1, site_name="示例县人民政府", location="其他页面", link_text="+1",
                 link_url="http://www.county.test/a.html", page="http://www.county.test/list.html",
                 problem="页面不存在（HTTP 404）", http_status=404, status="不通过", technical="http 404"),
            dict(seq=2, site_name="示例县人民政府", location="其他页面", link_text="-2",
                 link_url="http://www.county.test/b.html", page="http://www.county.test/list.html",
                 problem="域名无法解析", http_status=pd.NA, status="不通过", technical="dns: NXDOMAIN"),
            dict(seq=3, site_name="示例县人民政府", location="其他页面", link_text="@SUM(A1:A2)",
                 link_url="=cmd|' /C calc'!A0", page="http://www.county.test/list.html",
                 problem="无法访问", http_status=pd.NA, status="不通过", technical="\t=1+1"),
            dict(seq=4, site_name="示例市教育局", location="首页", link_text="通知公告",
                 link_url="https://edu.city.test/notice.html", page="https://edu.city.test/",
                 problem="防火墙拦截（无法判定）", http_status=412, status="无法判定", technical="http 412 challenge"),
        ],
    )
    assert_frame_equal(got, want)


def test_link_details_leave_out_site_level_findings() -> None:
    """A link finding about no link (homepage down, self-check failed) stays in 问题明细 only."""
    home_down = Finding(
        run_id=1, site_id=11, rule_id="links-homepage", rule_title="首页链接可用", status=Status.INCONCLUSIVE,
        severity=Severity.DEDUCT, deduction=0.0, message="首页无法访问：连接被拒绝，无法检查首页链接",
        subject="http://www.city.test/",
    )
    self_check = replace(home_down, subject="", message="检查端网络自检失败，无法检查首页链接（连接超时）")
    assert len(link_details(SITES, (home_down, self_check), LINK_RULES)) == 0
    assert len(problem_details(SITES, (home_down, self_check), RULES)) == 2
    assert "首页无法访问：服务器错误（HTTP 503），无法检查首页链接" not in link_details(
        SITES, FINDINGS, LINK_RULES, RULES
    )["problem"].tolist()


@pytest.mark.parametrize(
    ("detail", "status", "url", "problem", "technical"),
    [
        ("dns: timeout (5s)", None, "http://a.test/x.html", "域名解析超时", "dns: timeout (5s)"),
        ("refused", None, "http://a.test/x.html", "连接被拒绝", "refused"),
        ("timeout", None, "http://a.test/x.html", "连接超时", "timeout"),
        ("http 500", 500, "http://a.test/x.html", "服务器错误（HTTP 500）", "http 500"),
        ("http 404", 404, "http://a.test/files/plan.pdf", "附件无法下载（HTTP 404）", "http 404"),
        ("http 200 page says not found", 200, "http://a.test/x.html", "软404（页面显示不存在）",
         "http 200 page says not found"),
        ("redirect loop: http://a.test/1 -> http://a.test/2 -> http://a.test/1", 302, "http://a.test/1", "重定向循环",
         "redirect loop: http://a.test/1 -> http://a.test/2 -> http://a.test/1"),
        ("http 429 after 2 retries", 429, "http://a.test/x.html", "限流（无法判定）", "http 429 after 2 retries"),
        # evidence written by older runs: "<outcome label> <detail>"
        ("无法访问 dns: NXDOMAIN", None, "http://a.test/x.html", "域名无法解析", "dns: NXDOMAIN"),
        ("防火墙拦截(无法判定) http 412 challenge", 412, "http://a.test/x.html", "防火墙拦截（无法判定）",
         "http 412 challenge"),
        ("软404(页面不存在) http 200 page says not found", 200, "http://a.test/x.html", "软404（页面显示不存在）",
         "http 200 page says not found"),
    ],
)
def test_link_details_problem_is_a_chinese_label_and_technical_keeps_the_detail(
    detail: str, status: int | None, url: str, problem: str, technical: str
) -> None:
    finding = Finding(
        run_id=1, site_id=11, rule_id="links-inner", rule_title="其他页面链接可用", status=Status.FAIL,
        severity=Severity.DEDUCT, deduction=0.1, message="m", subject=url,
        evidence=(Evidence(url=url, referrer="http://a.test/list.html", text="t", detail=detail, http_status=status),),
    )
    got = link_details(SITES, (finding,), LINK_RULES)
    assert got[["problem", "technical"]].values.tolist() == [[problem, technical]]


def test_link_location() -> None:
    assert frames.link_location("links-homepage") == "首页"
    assert frames.link_location("links-inner") == "其他页面"
    assert frames.link_location("homepage-links") == "其他页面"


def test_rule_catalogue_counts_sites_by_worst_status() -> None:
    extra_pass = Finding(  # site 12 also has a passing links-inner finding: still counted once, as fail
        run_id=1, site_id=12, rule_id="links-inner", rule_title="其他页面链接可用", status=Status.PASS,
        severity=Severity.DEDUCT, deduction=0.0, message="ok", subject="http://www.county.test/c.html",
    )
    got = rule_catalogue(RULES, FINDINGS + (extra_pass,))
    want = _expected(
        RULE_SCHEMA,
        [
            dict(rule_id="site-reachable", title="首页可以访问", severity="单项否决", points=0.0,
                 reference="国办秘函〔2019〕19号 单项否决 1", passed=2, failed=1, inconclusive=0, not_applicable=0, target="网站"),
            dict(rule_id="links-homepage", title="首页链接可用", severity="扣分", points=5.0,
                 reference="国办秘函〔2019〕19号 扣分指标 互动回应", passed=1, failed=0, inconclusive=2,
                 not_applicable=0, target="网站"),
            dict(rule_id="links-inner", title="其他页面链接可用", severity="扣分", points=5.0,
                 reference="国办秘函〔2019〕19号 扣分指标", passed=1, failed=1, inconclusive=0, not_applicable=0, target="网站"),
            dict(rule_id="footer-site-code", title="页脚展示网站标识码", severity="提示", points=0.0,
                 reference="国办发〔2017〕47号", passed=1, failed=1, inconclusive=0, not_applicable=1, target="网站"),
        ],
    )
    assert_frame_equal(got, want)


def test_run_notes() -> None:
    got = run_notes(RUN, datetime(2026, 11, 21, 10, 30, 5, 123))
    items = dict(zip(got["item"].tolist()[:9], got["content"].tolist()[:9], strict=True))
    assert items == {
        "检查批次": 7,
        "季度": "2026Q4",
        "季度起止": "2026-10-01 至 2026-12-31",
        "基准日期": date(2026, 11, 20),
        "开始时间（北京时间）": datetime(2026, 11, 20, 8, 0, 0),
        "结束时间（北京时间）": datetime(2026, 11, 20, 9, 30, 0),
        "生成时间（北京时间）": datetime(2026, 11, 21, 10, 30, 5),
        "对比批次": NO_COMPARISON,
        "运行说明": "检查端网络自检失败一次，已重试",
    }
    assert got.loc[got["item"] == "运行说明", "content"].tolist() == list(RUN.notes)
    assert "结论：合格" in got["item"].tolist()
    assert list(got.columns) == ["item", "content"]


def test_run_notes_without_notes_and_with_odd_quarter() -> None:
    from dataclasses import replace

    got = run_notes(replace(RUN, notes=(), quarter="第四季度", started_at="昨天"), datetime(2026, 11, 21))
    assert "季度起止" not in got["item"].tolist()
    assert got.loc[got["item"] == "开始时间（北京时间）", "content"].tolist() == ["昨天"]
    assert got.loc[got["item"] == "运行说明", "content"].tolist() == ["无"]


@pytest.mark.parametrize(
    ("build", "schema"),
    [
        (lambda: site_summary((), {}, ()), SUMMARY_SCHEMA),
        (lambda: problem_details((), (), ()), PROBLEM_SCHEMA),
        (lambda: link_details((), (), frozenset()), LINK_SCHEMA),
        (lambda: rule_catalogue((), ()), RULE_SCHEMA),
    ],
)
def test_empty_inputs_give_empty_frames_with_schema(build, schema) -> None:  # type: ignore[no-untyped-def]
    got = build()
    assert_frame_equal(got, _expected(schema, []))
    assert len(got) == 0


def test_frames_do_not_mutate_inputs() -> None:
    verdicts = dict(VERDICTS)
    sites, findings, rules = list(SITES), list(FINDINGS), list(RULES)
    site_summary(sites, verdicts, findings)
    problem_details(sites, findings, rules)
    link_details(sites, findings, LINK_RULES, rules)
    rule_catalogue(rules, findings)
    assert verdicts == VERDICTS
    assert (tuple(sites), tuple(findings), tuple(rules)) == (SITES, FINDINGS, RULES)


def test_summary_totals_does_not_mutate_summary() -> None:
    summary = site_summary(SITES, VERDICTS, FINDINGS)
    before = summary.copy()
    summary_totals(summary)
    assert_frame_equal(summary, before)


def test_run_notes_times_are_beijing_datetimes() -> None:
    from dataclasses import replace

    utc = replace(RUN, started_at="2026-11-26T07:50:17+00:00", finished_at="2026-11-26T23:59:59.5+00:00")
    generated = datetime(2026, 11, 26, 16, 0, 1, 999, tzinfo=timezone.utc)
    got = run_notes(utc, generated)
    times = {item: value for item, value in zip(got["item"], got["content"], strict=True) if "时间" in item}
    assert times == {
        "开始时间（北京时间）": datetime(2026, 11, 26, 15, 50, 17),
        "结束时间（北京时间）": datetime(2026, 11, 27, 7, 59, 59),
        "生成时间（北京时间）": datetime(2026, 11, 27, 0, 0, 1),
    }
    assert all(type(v) is datetime and v.tzinfo is None for v in times.values())
    other_zone = timezone(timedelta(hours=-5))
    got = run_notes(utc, datetime(2026, 11, 26, 3, 0, 0, tzinfo=other_zone))
    assert got.loc[got["item"] == "生成时间（北京时间）", "content"].tolist() == [datetime(2026, 11, 26, 16, 0, 0)]


def test_run_notes_unfinished_run_shows_no_end_time() -> None:
    from dataclasses import replace

    got = run_notes(replace(RUN, finished_at=""), datetime(2026, 11, 21))
    assert got.loc[got["item"] == "结束时间（北京时间）", "content"].tolist() == [""]


def test_item_is_one_name_per_rule_whatever_the_status() -> None:
    """检查项 is the rule's catalogue title for fail and inconclusive alike; the wording is in 问题描述."""
    fail = Finding(
        run_id=1, site_id=11, rule_id="links-homepage", rule_title="首页存在不可用链接", status=Status.FAIL,
        severity=Severity.DEDUCT, deduction=1.0, message="首页链接“a”（http://www.city.test/a）：页面不存在（HTTP 404）",
        subject="http://www.city.test/a",
    )
    unknown = replace(fail, rule_title="首页链接可用", status=Status.INCONCLUSIVE, deduction=0.0,
                      message="首页链接“b”（http://www.city.test/b）：防火墙拦截（无法判定）", subject="http://www.city.test/b")
    got = problem_details(SITES, (fail, unknown), RULES)
    assert got["item"].tolist() == ["首页链接可用", "首页链接可用"]
    assert got["status"].tolist() == ["不通过", "无法判定"]
    assert got["message"].tolist() == [fail.message, unknown.message]
    every = problem_details(SITES, FINDINGS, RULES)
    titles = {r.id: r.title for r in RULES}
    assert all(item == titles[rid] for item, rid in zip(every["item"], every["rule_id"], strict=True))


def test_evidence_matching_subject_gives_referrer() -> None:
    finding = Finding(
        run_id=1, site_id=11, rule_id="links-inner", rule_title="t", status=Status.FAIL,
        severity=Severity.DEDUCT, deduction=1.0, message="m", subject="http://www.city.test/b",
        evidence=(
            Evidence(url="http://www.city.test/a", referrer="http://www.city.test/ra"),
            Evidence(url="http://www.city.test/b", referrer="http://www.city.test/rb"),
        ),
    )
    got = problem_details(SITES, (finding,), RULES)
    assert (got.at[0, "url"], got.at[0, "referrer"]) == ("http://www.city.test/b", "http://www.city.test/rb")


def test_site_summary_compares_with_last_quarter() -> None:
    verdicts = {
        11: SiteVerdict(11, 92.5, Verdict.PASS, (), 2, 0),
        12: VERDICTS[12],
        13: VERDICTS[13],
    }
    previous = {
        11: PreviousResult(score=95.0, verdict=Verdict.PASS),
        13: PreviousResult(score=100.0, verdict=Verdict.FAIL, vetoes=("首页无法访问",)),
    }
    got = site_summary(SITES, verdicts, FINDINGS, previous)
    want = _expected(
        SUMMARY_SCHEMA,
        [
            dict(seq=1, site_name="示例市人民政府", site_code="4211000001", url="http://www.city.test/",
                 level="市级", score=92.5, verdict="合格", vetoes="", problems=2, inconclusive=0,
                 prev_score=95.0, prev_verdict="合格", change="得分下降2.5分"),
            dict(seq=2, site_name="示例县人民政府", site_code="4211220002", url="http://www.county.test/",
                 level="县级", score=math.nan, verdict="不合格", vetoes="首页无法访问；网站不可用", problems=2,
                 inconclusive=1, prev_score=math.nan, prev_verdict="", change="新纳入"),
            dict(seq=3, site_name="示例市教育局", site_code="4211000003", url="https://edu.city.test/",
                 level="部门", score=math.nan, verdict="无法判定", vetoes="", problems=0, inconclusive=1,
                 prev_score=math.nan, prev_verdict="不合格", change="无法比较（本季度无法判定）"),
        ],
    )
    assert_frame_equal(got, want)


def test_site_summary_with_comparison_run_but_no_match_is_all_new() -> None:
    got = site_summary(SITES, VERDICTS, FINDINGS, {})
    assert got["change"].tolist() == ["新纳入"] * 3
    assert got["prev_verdict"].tolist() == [""] * 3
    assert got["prev_score"].isna().all()


@pytest.mark.parametrize(
    ("current", "score", "previous", "change"),
    [
        (Verdict.FAIL, math.nan, PreviousResult(90.0, Verdict.PASS), "新增不合格"),
        (Verdict.PASS, 88.0, PreviousResult(100.0, Verdict.FAIL, ("首页无法访问",)), "整改合格"),
        (Verdict.FAIL, 50.0, PreviousResult(55.0, Verdict.FAIL), "持续不合格"),
        (Verdict.PASS, 97.5, PreviousResult(95.04, Verdict.PASS), "得分上升2.5分"),
        (Verdict.PASS, 95.0, PreviousResult(97.46, Verdict.PASS), "得分下降2.5分"),
        (Verdict.PASS, 100.0, PreviousResult(99.96, Verdict.PASS), "无变化"),
        (Verdict.PASS, 100.0, None, "新纳入"),
        (Verdict.INCONCLUSIVE, math.nan, PreviousResult(100.0, Verdict.PASS), "无法比较（本季度无法判定）"),
        (Verdict.PASS, 100.0, PreviousResult(100.0, Verdict.INCONCLUSIVE), "无法比较（上季度无法判定）"),
        (Verdict.FAIL, math.nan, PreviousResult(100.0, Verdict.INCONCLUSIVE), "无法比较（上季度无法判定）"),
    ],
)
def test_quarter_change(current: Verdict, score: float, previous: PreviousResult | None, change: str) -> None:
    assert quarter_change(current, score, previous) == change


def test_run_notes_names_the_comparison_run() -> None:
    got = run_notes(RUN, datetime(2026, 11, 21), (3, "2026Q3"))
    assert got.loc[got["item"] == "对比批次", "content"].tolist() == ["批次 3（2026Q3）"]
    assert "变化" in got["item"].tolist()
