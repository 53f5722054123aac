"""Column checks (inspector/checks/columns.py): text normalisation, column discovery on a whole portal, list reading,
column states, the veto lines and the plan/law checks at their edges, and the params of their rule files."""

from __future__ import annotations

import dataclasses
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from rule_case_loader import artifacts_from_json

from inspector.checks import columns as col
from inspector.checks.columns import (
    AnnualReportParams,
    ColumnParams,
    ColumnState,
    ColumnType,
    ColumnUpdateParams,
    ConsultationParams,
    MessageParams,
    NormativeReviewParams,
    ReplyRecencyParams,
    annual_report_deadline,
    column_segment,
    column_states,
    column_update,
    consultation_period,
    find_column,
    interaction_reply_recency,
    interaction_response,
    is_article_url,
    normalize,
    normative_review_quarterly,
    required_column,
    url_date,
)
from inspector.engine import evaluate
from inspector.errors import ParamError, RuleError
from inspector.model import SiteArtifacts, Status
from inspector.rules import Rule, default_rules_dir, load_rule, load_rules

H = "http://www.demo.test/"
P = H + "zfxxgk/"
FD = P + "fdzdgknr/"
AS_OF = date(2026, 9, 30)
COLUMN_CHECK = "inspector.checks.columns:required_column"


def ago(days: int) -> str:
    return (AS_OF - timedelta(days=days)).isoformat()


def item(title: str, url: str, when: str | None, pinned: bool = False) -> dict[str, Any]:
    return {"title": title, "url": url, "date": when, "date_from": "row" if when else "none", "pinned": pinned}


def listing(items: list[dict[str, Any]], *, blank: bool = False, pager: tuple[str, ...] = (),
            total: int | None = None, pages: int | None = None) -> dict[str, Any]:
    return {"items": items, "total": total, "pages": pages, "blank": blank, "pager": list(pager)}


def build(pages: list[dict[str, Any]], links: list[tuple[str, str, str]], **top: Any) -> SiteArtifacts:
    """A site from (source, target, text) links; every target without a page of its own gets an OK page."""
    have = {p["url"] for p in pages}
    pages = [{"url": H, "depth": 0, "facts": {"meta": {}}}] + [p for p in pages if p["url"] != H] \
        if H not in have else list(pages)
    for _source, target, _text in links:
        if target not in {p["url"] for p in pages}:
            pages.append({"url": target, "depth": 1, "facts": {"meta": {}}})
    return artifacts_from_json({**top, "pages": pages,
                                "links": [{"source": s, "target": t, "text": x} for s, t, x in links]})


def column_page(url: str, name: str | None, items: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    meta = {"ColumnName": name} if name else {}
    return {"url": url, "depth": 1, "facts": {"meta": meta, "list": listing(items, **kw)}}


def column_rules() -> dict[str, Rule]:
    return {r.id: r for r in load_rules() if r.check == COLUMN_CHECK}


def rule(rule_id: str) -> Rule:
    return load_rule(default_rules_dir() / f"{rule_id}.toml")


# --- text and URLs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("raw", "want"), [
    ("政府信息公开指南", "政府信息公开指南"),
    ("政府信息公開指南", "政府信息公开指南"),
    ("  政府 信息\u3000公开\n指南 >> ", "政府信息公开指南"),
    ("“六保”专题", "六保专题"),
    ("ＸＸＧＫ　１２３", "xxgk123"),
    ("規範性文件", "规范性文件"),
    ("權責清單", "权责清单"),
    ("機構職能", "机构职能"),
    ("基層政務公開標準目錄", "基层政务公开标准目录"),
    ("互動交流・政務諮詢", "互动交流政务咨询"),
    ("突發公共事件應急預案", "突发公共事件应急预案"),
    ("重大行政決策事項目錄", "重大行政决策事项目录"),
    ("徵求意見", "征求意见"),
    ("政策解讀", "政策解读"),
    ("政務新媒體", "政务新媒体"),
    ("專題專欄", "专题专栏"),
    ("政府信息公開年報", "政府信息公开年报"),
])
def test_normalize(raw: str, want: str) -> None:
    assert normalize(raw) == want


def test_traditional_table_is_consistent() -> None:
    sources, targets = col._T2S_PAIRS[0::2], col._T2S_PAIRS[1::2]
    assert len(sources) == len(set(sources)) > 500
    assert all(s != t for s, t in zip(sources, targets, strict=True))
    assert not set(sources) & set(targets), "a simplified character must never be converted again"
    for kept in "覆乾著隻":  # valid simplified characters with another meaning stay as they are
        assert normalize(kept) == kept


@pytest.mark.parametrize(("url", "segment"), [
    ("http://a.test/zfxxgk/fdzdgknr/index.shtml", "fdzdgknr"),
    ("http://a.test/zwgk/tzgg/", "tzgg"),
    ("http://a.test/zwgk/tzgg/index_3.shtml", "tzgg"),
    ("http://a.test/xxgknb.html", "xxgknb"),
    ("http://a.test/", ""),
    ("http://a.test/col/col13617/index.html", "col13617"),
])
def test_column_segment(url: str, segment: str) -> None:
    assert column_segment(url) == segment


@pytest.mark.parametrize(("url", "article"), [
    ("http://a.test/zwgk/tzgg/202611/t20261120_123.html", True),
    ("http://a.test/art/2026/11/20/art_13617_456789.html", True),
    ("http://a.test/xwzx/202011/abc.shtml", True),
    ("http://a.test/xxgk/2018-06/22/content_5.htm", True),
    ("http://a.test/zwgk/public/6636765/1416680.html", True),
    ("http://a.test/news/show.asp?id=812", True),
    ("http://a.test/zwgk/tzgg/", False),
    ("http://a.test/col/col13617/index.html", False),
    ("http://a.test/zwgk/public/column/6636765?type=4&catId=7035689&action=list", False),
    ("http://a.test/news/list.asp?id=3", False),
])
def test_article_shaped_urls(url: str, article: bool) -> None:
    assert is_article_url(url) is article


def test_url_date() -> None:
    assert url_date("http://a.test/x/202011/t20201126_1.shtml") == date(2020, 11, 26)
    assert url_date("http://a.test/art/2020/11/6/art_1_2.html") == date(2020, 11, 6)
    assert url_date("http://a.test/x/2018-06/22/content_1.htm") == date(2018, 6, 22)
    assert url_date("http://a.test/x/t20201131_1.html") is None
    assert url_date("http://a.test/zwgk/tzgg/") is None


# --- discovery on a whole portal --------------------------------------------------------------------------

#: rule id → (page linking it, column URL, link text): a county portal that has every required column.
PORTAL: dict[str, tuple[str, str, str]] = {
    "column-xxgk-platform": (H, P, "政府信息公开"),
    "column-xxgk-guide": (P, P + "xxgkzn/", "政府信息公开指南"),
    "column-xxgk-system": (P, P + "xxgkzd/", "政府信息公开制度"),
    "column-xxgk-statutory": (P, FD, "法定主动公开内容"),
    "column-xxgk-annual-report": (P, P + "xxgknb/", "政府信息公开年报"),
    "column-grassroots-standards": (P, P + "bzml/", "基层政务公开标准目录"),
    "column-normative-docs": (FD, FD + "gfxwj/", "规范性文件"),
    "column-major-decisions": (FD, FD + "zdjc/", "重大行政决策"),
    "column-emergency-plans": (FD, FD + "yjya/", "应急预案"),
    "column-power-list": (FD, FD + "qzqd/", "权责清单"),
    "column-functions": (FD, FD + "jgzn/", "机构职能"),
    "column-liubao": (H, H + "ztzl/lbzt/", "“六稳”“六保”专题"),
    "column-gazette": (H, H + "zfgb/", "政府公报"),
    "column-consultation": (H, H + "hdjl/yjzj/", "意见征集"),
    "column-policy-interpretation": (H, H + "zcjd/", "政策解读"),
    "column-interaction": (H, H + "hdjl/xzxx/", "县长信箱"),
    "column-new-media": (H, H + "zwxmt/", "政务新媒体"),
    "column-site-search": (H, H + "search/", "搜索"),
}
#: ordinary links every portal has, including traps: article titles mentioning the columns' keywords
NOISE: list[tuple[str, str, str]] = [
    (H, H + "xwzx/", "新闻中心"),
    (H, H + "xwzx/202609/t20260925_1.html", "县应急管理局召开应急预案修订会"),
    (H, H + "art/2026/9/24/art_1_2.html", "政策解读"),
    (H, H + "xwzx/gzdt/", "县政府召开政府信息公开工作领导小组会议暨2026年政务公开工作推进会"),
    (H, H + "wsxf/", "网上信访"),
    (H, H + "jjjb/", "纪检举报"),
]


def portal(level: str = "county", drop: frozenset[str] = frozenset()) -> SiteArtifacts:
    links = [value for key, value in PORTAL.items() if key not in drop] + NOISE
    pages = [{"url": P, "depth": 1, "facts": {"meta": {"ColumnName": "政府信息公开"}}}]
    return build(pages, links, site={"level": level})


def statuses(site: SiteArtifacts, rules: dict[str, Rule]) -> dict[str, Status]:
    found = evaluate(list(rules.values()), site, run_id=1)
    assert len(found) == len(rules)
    return {f.rule_id: f.status for f in found}


def test_catalogue_has_every_required_column() -> None:
    assert set(column_rules()) == set(PORTAL)


@pytest.mark.parametrize("level", ["city", "county", "department", "township"])
def test_full_portal_passes_every_column_rule(level: str) -> None:
    rules = column_rules()
    got = statuses(portal(level), rules)
    for rule_id, status in got.items():
        want = Status.PASS if rules[rule_id].applies(portal(level).site) else Status.NOT_APPLICABLE
        assert status is want, (rule_id, status)


@pytest.mark.parametrize("missing", sorted(set(PORTAL) - {"column-xxgk-platform", "column-xxgk-statutory"}))
def test_a_missing_column_fails_only_its_own_rule(missing: str) -> None:
    rules = column_rules()
    level = "city" if missing == "column-gazette" else "county"
    got = statuses(portal(level, frozenset({missing})), rules)
    # a search form and a consultation channel may be offered without a text link: never a plain "missing"
    want_missing = Status.INCONCLUSIVE if missing in ("column-site-search", "column-interaction") else Status.FAIL
    assert got.pop(missing) is want_missing
    assert {s for s in got.values()} <= {Status.PASS, Status.NOT_APPLICABLE}, got


def test_missing_platform_fails_once_and_its_sections_are_not_applicable() -> None:
    rules = column_rules()
    got = statuses(portal(drop=frozenset({"column-xxgk-platform"})), rules)
    assert got["column-xxgk-platform"] is Status.FAIL
    for section in ("column-xxgk-guide", "column-xxgk-system", "column-xxgk-statutory", "column-xxgk-annual-report"):
        assert got[section] is Status.NOT_APPLICABLE


def test_evidence_records_the_matching_link() -> None:
    [result] = required_column(portal(), rule("column-xxgk-guide").params)
    assert result.status is Status.PASS
    [ev] = result.evidence
    assert (ev.url, ev.referrer, ev.text) == (P + "xxgkzn/", P, "政府信息公开指南")
    assert "链接文字“政府信息公开指南”" in ev.detail and f"链接所在页面：{P}" in ev.detail
    assert result.subject == H


def test_find_column_lists_matches_best_first() -> None:
    site = build([], [(H, H + "zwgk/yjya/", "更多"), (H, H + "c/", "应急预案"), (H, H + "d/", "县应急预案")])
    got = find_column(site, rule("column-emergency-plans").params)
    assert [m.url for m in got] == [H + "c/", H + "d/", H + "zwgk/yjya/"]
    assert got[0].text == "应急预案" and got[0].source == H and "链接文字" in got[0].how
    assert "网址栏目目录“yjya”" in got[2].how


def params(**kw: Any) -> ColumnParams:
    return ColumnParams(**{"name": "应急预案", "keywords": ("应急预案",), "slugs": ("yjya",), **kw})


@pytest.mark.parametrize(("text", "target", "found"), [
    ("应急预案", H + "zwgk/yjgl/", True),
    ("應急預案", H + "zwgk/yjgl/", True),
    ("应急预案", H + "zwgk/yjgl/202609/t20260901_5.html", False),  # article-shaped URL
    ("应急预案", H + "art/2026/9/1/art_5_6.html", False),
    ("关于印发演示县突发公共事件总体应急预案的通知", H + "zwgk/yjgl/", False),  # long text: an article title
    ("应急管理", H + "zwgk/yjgl/", False),
    ("更多>>", H + "zwgk/yjya/", True),  # the slug
])
def test_link_text_and_article_traps(text: str, target: str, found: bool) -> None:
    [result] = required_column(build([], [(H, target, text)]), params())
    assert (result.status is Status.PASS) is found, result.message


def test_a_row_of_a_dated_list_is_an_article_not_the_column() -> None:
    target = H + "zwgk/c5/"
    home = {"url": H, "depth": 0, "facts": {"meta": {}, "list": listing([item("应急预案", target, ago(3))])}}
    [result] = required_column(build([home], [(H, target, "应急预案")]), params())
    assert result.status is Status.FAIL
    [result] = required_column(build([{"url": H, "depth": 0, "facts": {"meta": {}}}], [(H, target, "应急预案")]), params())
    assert result.status is Status.PASS  # the same link outside a dated row is taken at its word


def test_exclude_words_and_columnname_of_an_article_page() -> None:
    site = build([{"url": H + "a/", "depth": 1, "facts": {"meta": {"ColumnName": "应急预案", "ArticleTitle": "某某通知"}}}],
                 [(H, H + "b/", "应急预案演练"), (H, H + "a/", "查看")])
    [result] = required_column(site, params(exclude=("演练",)))
    assert result.status is Status.FAIL  # excluded text; an article's ColumnName does not make it the column
    site = build([{"url": H + "a/", "depth": 1, "facts": {"meta": {"ColumnName": "應急預案"}}}], [(H, H + "a/", "查看")])
    [result] = required_column(site, params())
    assert result.status is Status.PASS and "ColumnName" in result.message


def test_page_title_matches_when_nothing_else_does() -> None:
    site = build([{"url": H + "c1/", "depth": 1, "title": "应急预案_演示县人民政府", "facts": {"meta": {}}},
                  {"url": H + "c2/", "depth": 1, "title": "演示县人民政府-应急预案", "facts": {"meta": {}}}],
                 [(H, H + "c1/", "查看")])
    [result] = required_column(site, params())
    assert result.status is Status.PASS and "栏目页标题" in result.message


def test_depth_limits_the_search() -> None:
    chain = [(H, H + "l1/", "栏目"), (H + "l1/", H + "l2/", "子栏目"), (H + "l2/", H + "l3/", "应急预案")]
    assert required_column(build([], chain), params(depth=3))[0].status is Status.PASS
    assert required_column(build([], chain), params(depth=2))[0].status is Status.FAIL


def test_within_searches_below_the_parent_column() -> None:
    guide = rule("column-xxgk-guide").params
    assert guide.parent is not None and guide.parent.name == "政府信息公开"
    # the platform at level 2 below the homepage, the guide 2 levels below the platform (4 below the homepage)
    chain = [(H, H + "zwgk/", "政务"), (H + "zwgk/", P, "政府信息公开"), (P, P + "gkml/", "公开目录"),
             (P + "gkml/", P + "gkml/zn/", "政府信息公开指南")]
    [result] = required_column(build([], chain), guide)
    assert result.status is Status.PASS
    [result] = required_column(build([], chain[:-1] + [(P + "gkml/", P + "gkml/zn/", "查看")]), guide)
    assert result.status is Status.FAIL and "“政府信息公开”栏目页" in result.message


def test_unreadable_pages_in_scope_make_a_missing_column_inconclusive() -> None:
    waf = {"url": H + "zwgk/", "depth": 1, "outcome": "waf", "http_status": 412, "detail": "http 412 challenge"}
    unparsed = {"url": H + "big/", "depth": 1, "outcome": "ok", "facts": {}}
    external = {"url": "http://other.test/", "depth": 1, "outcome": "waf", "detail": "http 412 challenge"}
    broken = {"url": H + "gone/", "depth": 1, "outcome": "broken", "http_status": 404, "detail": "http 404"}
    links = [(H, H + "zwgk/", "政务公开"), (H, H + "big/", "大页面"), (H, "http://other.test/", "友情链接"),
             (H, H + "gone/", "旧栏目")]
    [result] = required_column(build([waf, unparsed, external, broken], links), params())
    assert result.status is Status.INCONCLUSIVE
    assert "2个页面无法读取" in result.message  # the same-site WAF page and the unparsed one; not the others
    [result] = required_column(build([external, broken], links[2:]), params())
    assert result.status is Status.FAIL


def test_crawler_traps_left_unparsed_are_not_unknown() -> None:
    traps = [H + "search/?q=1", H + "list.html?print=1", H + "rili/2026.html"]
    pages = [{"url": t, "depth": 1, "outcome": "ok", "facts": {}} for t in traps]
    [result] = required_column(build(pages, [(H, t, "链接") for t in traps]), params())
    assert result.status is Status.FAIL, result.message


def test_a_challenge_page_behind_the_link_is_inconclusive() -> None:
    page = {"url": H + "yjya/", "depth": 1, "facts": {"meta": {}, "waf_challenge": True}}
    [result] = required_column(build([page], [(H, H + "yjya/", "应急预案")]), params())
    assert result.status is Status.INCONCLUSIVE and "防火墙" in result.message


def test_self_check_failure_is_inconclusive() -> None:
    site = artifacts_from_json({"pages": [{"url": H, "depth": 0, "facts": {"meta": {}}}],
                                "run_probes": [{"ok": False, "error": "timeout"}]})
    [result] = required_column(site, params())
    assert result.status is Status.INCONCLUSIVE and "自检" in result.message


# --- column states ----------------------------------------------------------------------------------------


def update_params(**kw: Any) -> ColumnUpdateParams:
    return dataclasses.replace(rule("column-update").params, **kw)


def states_of(pages: list[dict[str, Any]], links: list[tuple[str, str, str]], **kw: Any) -> dict[str, ColumnState]:
    site = build(pages, links, **{k: v for k, v in kw.items() if k in ("site", "as_of")})
    params = kw.get("params") or update_params()
    return {s.url: s for s in column_states(site, params)}


def test_column_state_fields_are_the_bulletin_contract() -> None:
    assert [f.name for f in dataclasses.fields(ColumnState)] == [
        "name", "url", "kind", "kind_label", "latest", "days_since", "window_days", "items", "status", "note"]


def test_latest_date_is_the_maximum_including_pinned_items() -> None:
    url = H + "tzgg/"
    rows = [item("置顶旧文", url + "1.html", "2019-01-01", pinned=True), item("新", url + "2.html", ago(181)),
            item("更新", url + "3.html", ago(200))]
    got = states_of([column_page(url, None, rows)], [(H, url, "通知公告")])[url]
    assert (got.kind, got.kind_label, got.window_days) == ("notice", "通知公告", 180)
    assert got.latest == date.fromisoformat(ago(181)) and got.days_since == 181 and got.items == 3
    assert got.status == "stale" and got.note == f"最近更新{ago(181)}，距今181天，超过180天"
    pinned_new = states_of([column_page(url, None, [item("置顶", url + "1.html", ago(3), pinned=True),
                                                    item("旧", url + "2.html", ago(400))])], [(H, url, "通知公告")])[url]
    assert pinned_new.status == "fresh" and pinned_new.days_since == 3


def test_union_of_pager_pages_and_data_answers() -> None:
    col_url = H + "col/col9/index.html"
    pages = [
        column_page(col_url, "工作动态", [item("a", H + "a.html", ago(30))], pager=(H + "col/col9/index_1.html",)),
        column_page(H + "col/col9/index_1.html", "工作动态", [item("b", H + "b.html", ago(60))]),
        {"url": H + "module/web/jpage/dataproxy.jsp?startrecord=1", "depth": 1,
         "facts": {"list_of": col_url, "list": listing([item("c", H + "art/2026/9/29/art_9_1.html", ago(1)),
                                                        item("a", H + "a.html", ago(30))])}},
    ]
    got = states_of(pages, [(H, col_url, "工作动态"), (col_url, H + "col/col9/index_1.html", "2")])
    assert list(got) == [col_url], "the pager page and the data answer are part of the column, not columns"
    state = got[col_url]
    assert (state.items, state.days_since, state.status) == (3, 1, "fresh")


def test_blank_unreadable_and_undated_columns() -> None:
    pages = [
        column_page(H + "k1/", "通知公告", [], blank=True),
        column_page(H + "k2/", "政策文件", []),  # a list without items that does not say it is empty
        {"url": H + "k3/", "depth": 1, "outcome": "waf", "http_status": 412, "detail": "http 412 challenge"},
        {"url": H + "k4/", "depth": 1, "facts": {"meta": {}}},  # parsed, no list (e.g. loaded by a script)
        column_page(H + "k5/", "工作动态", [item("无日期", H + "x.html", None)]),
        column_page(H + "k6/", "部门动态", [item("将来", H + "y.html", "2026-12-01")]),
        {"url": H + "k7/", "depth": 1, "outcome": "broken", "http_status": 404, "detail": "http 404"},
    ]
    links = [(H, H + f"k{i}/", text) for i, text in
             enumerate(["通知公告", "政策文件", "工作动态", "图片新闻", "工作动态", "部门动态", "人事任免"], 1)]
    got = states_of(pages, links)
    assert got[H + "k1/"].status == "blank"
    for n in (2, 3, 4, 5, 6, 7):
        assert got[H + f"k{n}/"].status == "unreadable", n
    assert "防火墙" in got[H + "k3/"].note
    assert "未识别到信息列表" in got[H + "k4/"].note
    assert "无可用日期" in got[H + "k5/"].note
    assert "晚于检查基准日" in got[H + "k6/"].note and got[H + "k6/"].latest is None
    assert "页面不存在" in got[H + "k7/"].note


def test_untyped_exempt_and_names() -> None:
    pages = [column_page(H + "a/", "领导之窗", [item("x", H + "x.html", ago(5))]),
             column_page(H + "b/", None, [item("y", H + "y.html", ago(500))]),
             column_page(H + "c/", "抗疫专题", [item("z", H + "z.html", ago(900))]),
             {**column_page(H + "d/", None, [item("w", H + "w.html", ago(2))]), "title": "人事任免_演示县人民政府"}]
    links = [(H, H + "a/", "更多"), (H, H + "b/", "更多>>"), (H, H + "b/", "部门動態"), (H, H + "c/", "专题"),
             (H, H + "d/", "查看")]
    got = states_of(pages, links)
    assert (got[H + "a/"].name, got[H + "a/"].status, got[H + "a/"].kind) == ("领导之窗", "untyped", "")
    assert (got[H + "b/"].name, got[H + "b/"].kind, got[H + "b/"].status) == ("部门動態", "news", "stale")
    assert got[H + "c/"].status == "untyped" and "豁免" in got[H + "c/"].note
    assert (got[H + "d/"].name, got[H + "d/"].kind) == ("人事任免", "personnel")


def test_type_by_longest_keyword_and_by_slug() -> None:
    pages = [column_page(H + "p1/", "规范性文件公告", [item("x", H + "x.html", ago(5))]),
             column_page(H + "tzgg/", None, [item("y", H + "y.html", ago(5))])]
    got = states_of(pages, [(H, H + "p1/", "进入"), (H, H + "tzgg/", "更多")])
    assert got[H + "p1/"].kind == "policy"  # 规范性文件 (5) beats 公告 (2)
    assert got[H + "tzgg/"].kind == "notice"


def test_overrides_by_host_and_by_site_code() -> None:
    pages = [column_page(H + "a/", "工作简报", [item("x", H + "x.html", ago(20))]),
             column_page(H + "b/", "通知公告", [item("y", H + "y.html", ago(20))])]
    links = [(H, H + "a/", "工作简报"), (H, H + "b/", "通知公告")]
    by_host = update_params(overrides={"www.demo.test": {"工作简报": "news", "通知公告": "exempt"}})
    got = states_of(pages, links, params=by_host)
    assert (got[H + "a/"].kind, got[H + "a/"].status) == ("news", "stale")
    assert (got[H + "b/"].kind, got[H + "b/"].status) == ("", "untyped")
    by_code = update_params(overrides={"4211990001": {H + "a/": "exempt"}})
    got = states_of(pages, links, params=by_code, site={"site_code": "4211990001"})
    assert got[H + "a/"].status == "untyped" and "豁免" in got[H + "a/"].note
    assert states_of(pages, links, params=by_code)[H + "a/"].status == "untyped"  # untyped anyway: 工作简报


def test_states_are_empty_when_the_homepage_is_unusable() -> None:
    site = artifacts_from_json({"pages": [{"url": H, "depth": 0, "outcome": "waf", "detail": "http 412 challenge"}]})
    assert column_states(site, update_params()) == ()


# --- veto lines -------------------------------------------------------------------------------------------


def stale_site(news: int, notices: int, others: int = 0, unreadable: int = 0, news_age: int = 15,
               notice_age: int = 181) -> SiteArtifacts:
    pages: list[dict[str, Any]] = []
    links: list[tuple[str, str, str]] = []
    for i in range(news):
        pages.append(column_page(H + f"n{i}/", f"动态{i}", [item("x", H + f"n{i}.html", ago(news_age))]))
        links.append((H, H + f"n{i}/", f"动态{i}"))
    for i in range(notices):
        pages.append(column_page(H + f"t{i}/", f"通知{i}", [item("x", H + f"t{i}.html", ago(notice_age))]))
        links.append((H, H + f"t{i}/", f"通知{i}"))
    for i in range(others):
        pages.append(column_page(H + f"r{i}/", f"人事{i}", [item("x", H + f"r{i}.html", ago(366))]))
        links.append((H, H + f"r{i}/", f"人事{i}"))
    for i in range(unreadable):
        pages.append({"url": H + f"u{i}/", "depth": 1, "outcome": "waf", "detail": "http 412 challenge"})
        links.append((H, H + f"u{i}/", f"动态{i}"))
    return build(pages, links)


@pytest.mark.parametrize(("news", "notices", "others", "unreadable", "want"), [
    (4, 0, 0, 0, Status.PASS),
    (5, 0, 0, 0, Status.FAIL),
    (2, 3, 0, 0, Status.FAIL),
    (2, 2, 5, 0, Status.PASS),  # 9 stale in all
    (2, 2, 6, 0, Status.FAIL),  # 10 stale in all
    (3, 1, 0, 1, Status.INCONCLUSIVE),
    (0, 0, 9, 1, Status.INCONCLUSIVE),
    (3, 0, 0, 1, Status.PASS),
])
def test_column_update_veto_lines(news: int, notices: int, others: int, unreadable: int, want: Status) -> None:
    [result] = column_update(stale_site(news, notices, others, unreadable), update_params())
    assert result.status is want, result.message


@pytest.mark.parametrize(("news", "notices", "news_age", "notice_age", "want"), [
    (5, 0, 14, 0, Status.PASS), (5, 0, 15, 0, Status.FAIL),
    (0, 5, 0, 180, Status.PASS), (0, 5, 0, 181, Status.FAIL),
    (3, 2, 15, 180, Status.PASS), (3, 2, 14, 181, Status.PASS), (3, 2, 15, 181, Status.FAIL),
])
def test_column_update_window_edges(news: int, notices: int, news_age: int, notice_age: int, want: Status) -> None:
    [result] = column_update(stale_site(news, notices, news_age=news_age, notice_age=notice_age), update_params())
    assert result.status is want, result.message


def test_thresholds_come_from_the_params() -> None:
    site = stale_site(3, 0)
    assert column_update(site, update_params())[0].status is Status.PASS
    assert column_update(site, update_params(combined_threshold=3))[0].status is Status.FAIL
    narrow = update_params(types={**update_params().types, "news": ColumnType("动态要闻", ("动态",), 30)})
    assert column_update(stale_site(5, 0), narrow)[0].status is Status.PASS


def test_column_blank_threshold_from_its_rule() -> None:
    blank_rule = rule("column-blank")
    assert blank_rule.params.update == rule("column-update").params
    pages = [column_page(H + f"b{i}/", f"栏目{i}", [], blank=True) for i in range(5)]
    links = [(H, H + f"b{i}/", f"栏目{i}") for i in range(5)]
    [result] = blank_rule.run(build(pages, links))
    assert result.status is Status.FAIL and len(result.evidence) == 5
    [result] = blank_rule.run(build(pages[:4], links[:4]))
    assert result.status is Status.PASS


# --- plan and law checks at their edges -------------------------------------------------------------------


def report_site(published: str | None, as_of: str, level: str = "county", title: str = "演示县2025年政府信息公开工作年度报告"
                ) -> SiteArtifacts:
    nb = P + "xxgknb/"
    return build([column_page(nb, "政府信息公开年报", [item(title, nb + "r.html", published)])],
                 [(H, P, "政府信息公开"), (P, nb, "政府信息公开年报")], as_of=as_of, site={"level": level})


@pytest.mark.parametrize(("level", "as_of", "published", "want"), [
    ("county", "2026-03-31", "2026-03-31", Status.NOT_APPLICABLE),
    ("county", "2026-04-01", "2026-03-31", Status.PASS),
    ("county", "2026-04-01", None, Status.INCONCLUSIVE),
    ("county", "2026-09-30", "2026-04-01", Status.FAIL),
    ("township", "2026-09-30", "2026-03-20", Status.PASS),
    ("department", "2026-01-31", "2026-01-31", Status.NOT_APPLICABLE),
    ("department", "2026-02-01", "2026-01-31", Status.PASS),
    ("department", "2026-02-01", "2026-02-01", Status.FAIL),
    ("city", "2027-01-05", "2026-03-01", Status.NOT_APPLICABLE),  # the 2026 report is not due yet
])
def test_annual_report_deadlines(level: str, as_of: str, published: str | None, want: Status) -> None:
    [result] = annual_report_deadline(report_site(published, as_of, level), rule("annual-report-deadline").params)
    assert result.status is want, result.message


def test_annual_report_found_outside_its_column_needs_the_topic() -> None:
    params = rule("annual-report-deadline").params
    listing_page = column_page(H + "tzgg/", "通知公告", [item("演示县2025年政府信息公开工作年度报告", H + "r.html", "2026-03-10"),
                                                      item("演示县2025年统计年报", H + "s.html", "2026-02-01")])
    site = build([listing_page], [(H, H + "tzgg/", "通知公告")], as_of="2026-09-30")
    [result] = annual_report_deadline(site, params)
    assert result.status is Status.PASS and "2026-03-10" in result.message  # found although no 年报 column
    assert isinstance(params, AnnualReportParams) and params.resolved is not None


def test_a_dated_sighting_of_the_report_wins() -> None:
    report = H + "nb/2025.html"
    title = "演示县2025年政府信息公开工作年度报告"
    pages = [column_page(H + "tzgg/", "通知公告", [item(title, report, "2026-03-02")])]
    links = [(H, H + "tzgg/", "通知公告"), (H, report, title)]  # the same report linked without a date
    [result] = annual_report_deadline(build(pages, links, as_of="2026-09-30"), rule("annual-report-deadline").params)
    assert result.status is Status.PASS and "2026-03-02" in result.message


def notice_site(*periods: dict[str, Any]) -> SiteArtifacts:
    pages = [{"url": H + f"yj/{i}.html", "depth": 1, "title": f"征求意见{i}",
              "facts": {"meta": {}, "comment_period": cp}} for i, cp in enumerate(periods)]
    return build(pages, [(H, p["url"], p["title"]) for p in pages])


@pytest.mark.parametrize(("period", "want"), [
    ({"start": "2026-09-01", "end": "2026-09-30", "days": None, "reason": ""}, Status.PASS),
    ({"start": "2026-09-01", "end": "2026-09-29", "days": 30, "reason": ""}, Status.FAIL),  # the dates decide
    ({"start": None, "end": None, "days": 20, "reason": ""}, Status.FAIL),
    ({"start": None, "end": None, "days": None, "reason": ""}, Status.NOT_APPLICABLE),
    ({"start": "2026-09-01", "end": "2026-09-20", "days": 20, "reason": "  "}, Status.FAIL),
    ({"start": "2026-09-01", "end": "2026-09-20", "days": 20, "reason": "因情况紧急缩短期限。"}, Status.PASS),
    ({"start": "2025-09-01", "end": "2025-09-20", "days": 20, "reason": ""}, Status.NOT_APPLICABLE),  # > 365 days ago
    ({"start": "2026-09-20", "end": "2026-09-01", "days": None, "reason": ""}, Status.NOT_APPLICABLE),  # unreadable
])
def test_consultation_period(period: dict[str, Any], want: Status) -> None:
    results = consultation_period(notice_site(period), ConsultationParams())
    assert {r.status for r in results} == {want}, [r.message for r in results]


def test_one_failure_per_short_notice() -> None:
    short = {"start": "2026-09-01", "end": "2026-09-15", "days": 15, "reason": ""}
    results = consultation_period(notice_site(short, short, {**short, "reason": "紧急"}), ConsultationParams())
    assert [r.status for r in results] == [Status.FAIL, Status.FAIL]
    assert [r.subject for r in results] == [H + "yj/0.html", H + "yj/1.html"]


def review_site(items: list[dict[str, Any]], as_of: str) -> SiteArtifacts:
    ba = H + "basc/"
    return build([column_page(ba, "规范性文件备案审查", items)], [(H, ba, "备案审查")], as_of=as_of)


def review(items: list[dict[str, Any]], as_of: str, grace: int = 0) -> tuple[Status, int]:
    params = dataclasses.replace(rule("normative-review-quarterly").params, grace_days=grace)
    [result] = normative_review_quarterly(review_site(items, as_of), params)
    return result.status, result.count


Q1 = item("2026年第一季度规范性文件备案审查结果", H + "q1.html", "2026-03-20")
Q2 = item("2026年第二季度规范性文件备案审查结果", H + "q2.html", "2026-06-20")
Q3 = item("备案审查结果公告", H + "q3.html", "2026-08-20")


@pytest.mark.parametrize(("items", "as_of", "grace", "want"), [
    ([Q1], "2026-03-31", 0, (Status.NOT_APPLICABLE, 1)),  # Q1 not over yet
    ([], "2026-04-01", 0, (Status.FAIL, 1)),
    ([Q1], "2026-04-01", 0, (Status.PASS, 1)),
    ([Q1], "2026-07-01", 0, (Status.FAIL, 1)),
    ([Q1], "2026-07-01", 30, (Status.PASS, 1)),  # Q2 within its grace period
    ([Q1, Q2], "2026-09-30", 0, (Status.PASS, 1)),
    ([Q1, Q2, Q3], "2026-10-01", 0, (Status.PASS, 1)),
    ([Q2, Q3], "2026-10-01", 0, (Status.FAIL, 1)),
    ([], "2026-12-31", 0, (Status.FAIL, 3)),
    ([item("2025年第二季度备案审查结果", H + "old.html", "2026-01-05")], "2026-04-02", 0, (Status.FAIL, 1)),
])
def test_quarterly_review_counts_completed_quarters_only(items: list[dict[str, Any]], as_of: str, grace: int,
                                                         want: tuple[Status, int]) -> None:
    assert review(items, as_of, grace) == want


def test_review_items_outside_the_column_count_by_title() -> None:
    params = rule("normative-review-quarterly").params
    assert isinstance(params, NormativeReviewParams) and params.column.name == "规范性文件备案审查"
    page = column_page(H + "tzgg/", "通知公告", [item("关于2026年第一季度规范性文件备案审查情况的通报", H + "a.html", "2026-04-03"),
                                              item("关于2026年第二季度规范性文件备案审查情况的通报", H + "b.html", "2026-07-03")])
    site = build([page], [(H, H + "tzgg/", "通知公告")], as_of="2026-09-30")
    [result] = normative_review_quarterly(site, params)
    assert result.status is Status.PASS, result.message


def message_site(*rows: tuple[str | None, str | None, str]) -> SiteArtifacts:
    messages = [{"title": f"留言{i}", "url": H + f"ly/{i}.html", "asked": a, "answered": b, "status": s}
                for i, (a, b, s) in enumerate(rows)]
    page = {"url": H + "ly/", "depth": 1, "facts": {"meta": {}, "messages": messages}}
    page2 = {"url": H + "ly/index_1.html", "depth": 1, "facts": {"meta": {}, "messages": messages[:1]}}  # repeated row
    return build([page, page2], [(H, H + "ly/", "县长信箱"), (H + "ly/", H + "ly/index_1.html", "2")])


@pytest.mark.parametrize(("rows", "late", "want"), [
    ([(ago(90), None, "pending")], False, Status.PASS),
    ([(ago(91), None, "pending")], False, Status.FAIL),
    ([(ago(91), None, "answered")], False, Status.PASS),  # answered, date not shown
    ([(ago(200), ago(50), "answered")], False, Status.PASS),
    ([(ago(200), ago(50), "answered")], True, Status.FAIL),
    ([(ago(200), ago(110), "answered")], True, Status.PASS),  # answered within 90 days
    ([(ago(366), None, "pending")], False, Status.PASS),  # outside the year
    ([(ago(365), None, "pending")], False, Status.FAIL),
    ([(None, None, "pending")], False, Status.PASS),
])
def test_interaction_response(rows: list[tuple[str | None, str | None, str]], late: bool, want: Status) -> None:
    [result] = interaction_response(message_site(*rows), MessageParams(count_late_answers=late))
    assert result.status is want, result.message


def test_repeated_messages_are_counted_once() -> None:
    [result] = interaction_response(message_site((ago(120), None, "pending"), (ago(5), None, "")), MessageParams())
    assert result.status is Status.FAIL and "1条留言超过90天未答复" in result.message and len(result.evidence) == 1


@pytest.mark.parametrize(("rows", "want"), [
    ([(ago(70), ago(60), "answered")], Status.PASS),
    ([(ago(70), ago(61), "answered")], Status.FAIL),
    ([(ago(70), ago(61), "answered"), (ago(9), "2026-10-05", "answered")], Status.FAIL),  # a future reply is ignored
    ([(ago(70), None, "answered")], Status.INCONCLUSIVE),
    ([(ago(3), None, "pending")], Status.FAIL),
])
def test_reply_recency(rows: list[tuple[str | None, str | None, str]], want: Status) -> None:
    [result] = interaction_reply_recency(message_site(*rows), ReplyRecencyParams())
    assert result.status is want, result.message


# --- params and rule files --------------------------------------------------------------------------------


def test_params_validation() -> None:
    with pytest.raises(ParamError):
        ColumnParams(name="x", keywords=())
    with pytest.raises(ParamError):
        ColumnParams(name="x", keywords=("x",), depth=0)
    with pytest.raises(ParamError):
        ColumnParams(name="x", keywords=("x",), url_patterns=("(",))
    with pytest.raises(ParamError):
        ColumnUpdateParams(types={"news": ColumnType("动态", ("动态",), 14)}, combined_kinds=("notice",))
    with pytest.raises(ParamError):
        ColumnUpdateParams(types={"news": ColumnType("动态", ("动态",), 14)}, combined_kinds=("news",),
                           overrides={"www.a.test": {"栏目": "weekly"}})
    with pytest.raises(ParamError):
        ColumnType("动态", ("动态",), 0)
    with pytest.raises(ParamError):
        AnnualReportParams(government_deadline="02-30")


def copy_rules(tmp_path: Path, *ids: str) -> Path:
    for rule_id in ids:
        shutil.copy(default_rules_dir() / f"{rule_id}.toml", tmp_path / f"{rule_id}.toml")
    return tmp_path


def test_within_uses_the_parent_rule_next_to_it(tmp_path: Path) -> None:
    folder = copy_rules(tmp_path, "column-xxgk-platform", "column-xxgk-guide")
    parent = folder / "column-xxgk-platform.toml"
    parent.write_text(parent.read_text(encoding="utf-8").replace(
        'keywords = ["政府信息公开"', 'keywords = ["公开专区", "政府信息公开"'), encoding="utf-8")
    guide = load_rule(folder / "column-xxgk-guide.toml")
    assert guide.params.parent is not None and guide.params.parent.keywords[0] == "公开专区"
    assert rule("column-xxgk-guide").params.parent.keywords[0] == "政府信息公开"  # the bundled one is untouched


@pytest.mark.parametrize(("old", "new", "key", "words"), [
    ('within   = "column-xxgk-platform"', 'within   = "column-nowhere"', "params.within", "no rule file"),
    ('within   = "column-xxgk-platform"', 'within   = "column-xxgk-guide"', "params.within", "circular"),
    ('within   = "column-xxgk-platform"', 'within   = "Column Platform"', "params.within", "rule id"),
    ('within   = "column-xxgk-platform"', 'within   = "consultation-period"', "params.within", "ColumnParams"),
])
def test_bad_within(tmp_path: Path, old: str, new: str, key: str, words: str) -> None:
    folder = copy_rules(tmp_path, "column-xxgk-platform", "column-xxgk-guide", "consultation-period")
    path = folder / "column-xxgk-guide.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rule(path)
    assert f"key '{key}'" in str(info.value) and words in str(info.value)


@pytest.mark.parametrize(("old", "new", "key", "words"), [
    ("window_days = 14\n", "window_days = 14\nweekly = true\n", "params.types.news.weekly", "unknown key"),
    ("window_days = 14\n", "window_days = 0\n", "params.types.news.window_days", "≥ 1"),
    ("window_days = 14\n", 'window_days = "14"\n', "params.types.news.window_days", "integer"),
    ("[params.overrides]\n", '[params.overrides]\n"www.a.test" = {"县长信箱" = "weekly"}\n',
     "params.overrides.www.a.test.县长信箱", "must be a type"),
    ("[params.overrides]\n", '[params.overrides]\n"www.a.test" = "exempt"\n', "params.overrides.www.a.test", "table"),
])
def test_bad_nested_params(tmp_path: Path, old: str, new: str, key: str, words: str) -> None:
    path = copy_rules(tmp_path, "column-update") / "column-update.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rule(path)
    assert f"key '{key}'" in str(info.value) and words in str(info.value), str(info.value)


def test_overrides_load_from_the_rule_file(tmp_path: Path) -> None:
    path = copy_rules(tmp_path, "column-update") / "column-update.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "[params.overrides]\n", '[params.overrides]\n"4211990001" = {"县长信箱" = "exempt", "工作简报" = "news"}\n'),
        encoding="utf-8")
    params = load_rule(path).params
    assert params.overrides == {"4211990001": {"县长信箱": "exempt", "工作简报": "news"}}
    assert list(params.types) == ["news", "notice", "policy", "personnel", "plan"]
    assert params.types["notice"] == ColumnType("通知公告", ("通知公告", "通知", "公告", "公示", "通告"), 180,
                                                ("tzgg", "gsgg", "tzgs", "gggs"))


def test_rule_files_cite_the_plan_tasks() -> None:
    tasks = {"column-liubao": "第10项", "column-normative-docs": "第6项", "column-gazette": "第26项",
             "column-major-decisions": "第3项", "column-consultation": "第3项", "column-policy-interpretation": "第11项",
             "column-emergency-plans": "第17项", "column-power-list": "第1项", "column-functions": "第2项",
             "column-grassroots-standards": "第5项", "column-new-media": "第24项", "normative-review-quarterly": "第7项",
             "consultation-period": "第3项", "column-xxgk-platform": "第21项"}
    for rule_id, task in tasks.items():
        assert f"2020年黄冈市政务公开工作实施方案》{task}" in rule(rule_id).reference, rule_id


# --- when the tool cannot tell, it never vetoes -------------------------------------------------------------
# (regressions from the review of issue 4: homepages, article pages, archives and sub-sites, cut-off lists,
# messages without status, consultation channels off-site, annual report titles, consultation notices)


def homepage(items: list[dict[str, Any]] | None = None, **facts: Any) -> dict[str, Any]:
    return {"url": H, "depth": 0, "facts": {"meta": {}, "dates": [], **({"list": listing(items)} if items else {}),
                                            **facts}}


def row(title: str, url: str, when: str, date_from: str = "row", pinned: bool = False) -> dict[str, Any]:
    return {"title": title, "url": url, "date": when, "date_from": date_from, "pinned": pinned}


def homepage_result(pages: list[dict[str, Any]], links: list[tuple[str, str, str]],
                    how: dict[str, str] | None = None) -> Any:
    site = build(pages, links)
    if how:  # links found in <iframe>/<frame>
        site = dataclasses.replace(site, links=tuple(dataclasses.replace(l, how=how.get(l.target, l.how))
                                                     for l in site.links))
    [result] = rule("homepage-update").run(site)
    return result


def test_homepage_with_an_undated_list_beside_stale_rows_is_not_stale() -> None:
    stale = homepage([row("旧闻", H + "a/1.html", ago(20))])
    assert homepage_result([stale], []).status is Status.FAIL
    stale["facts"]["list"]["undated_rows"] = 2  # fewer than 3 title rows: no doubt
    assert homepage_result([stale], []).status is Status.FAIL
    stale["facts"]["list"]["undated_rows"] = 5
    result = homepage_result([stale], [])
    assert result.status is Status.INCONCLUSIVE and "另有5条信息的列表未能识别日期" in result.message
    fresh = homepage([row("新闻", H + "a/2.html", ago(3))])
    fresh["facts"]["list"]["undated_rows"] = 5
    assert homepage_result([fresh], []).status is Status.PASS


def test_homepage_fails_only_on_its_own_stale_rows() -> None:
    stale = homepage([row("旧闻", H + "a/1.html", ago(20))])
    assert homepage_result([stale], []).status is Status.FAIL
    # an old URL date in a footer link (网站声明 t20170912_) or a banner proves nothing about staleness
    links = [(H, H + "wzsm/201709/t20170912_1.html", "网站声明"), (H, H + "ztzl/202105/t20210510_1.html", "学党史")]
    result = homepage_result([homepage()], links)
    assert result.status is Status.INCONCLUSIVE and "不能证明首页未更新" in result.message
    # but a fresh URL date proves freshness
    assert homepage_result([homepage()], [(H, H + "xwzx/202609/t20260925_1.html", "会议")]).status is Status.PASS


def test_homepage_iframe_is_part_of_the_homepage() -> None:
    frame = {"url": H + "xwzx/homelist.html", "depth": 1,
             "facts": {"meta": {}, "list": listing([row("县政府召开常务会议", H + "xwzx/1.html", ago(3))])}}
    links = [(H, H + "xwzx/homelist.html", ""), (H, H + "old/201709/t20170912_1.html", "网站声明")]
    result = homepage_result([homepage(), frame], links, how={H + "xwzx/homelist.html": "iframe"})
    assert result.status is Status.PASS and "内嵌框架" in result.message
    # stale rows on the homepage, but the framed news block could not be read: cannot tell
    waf = {"url": H + "xwzx/homelist.html", "depth": 1, "outcome": "waf", "detail": "http 412 challenge"}
    result = homepage_result([homepage([row("旧闻", H + "a/1.html", ago(30))]), waf], links[:1],
                             how={H + "xwzx/homelist.html": "iframe"})
    assert result.status is Status.INCONCLUSIVE and "框架页面无法读取" in result.message


def test_homepage_implied_years_prove_freshness_never_staleness() -> None:
    fresh = homepage([row("会议", H + "a/1.html", ago(2), IMPLIED), row("专题", H + "zt/", "2021-07-01")])
    assert homepage_result([fresh], []).status is Status.PASS
    stale = homepage([row("会议", H + "a/1.html", "2021-09-20", IMPLIED), row("专题", H + "zt/", "2021-07-01")])
    result = homepage_result([stale], [])
    assert result.status is Status.INCONCLUSIVE and "未标年份" in result.message
    pinned = homepage([row("置顶", H + "a/1.html", ago(40), pinned=True)])
    assert homepage_result([pinned], []).status is Status.INCONCLUSIVE


def test_navigation_homepage_passes_on_fresh_level2_pages_but_never_fails_on_them() -> None:
    old = listing([row("通知", H + "b/1.html", ago(60))])
    level2 = {"url": H + "zwgk/", "depth": 1, "facts": {"meta": {}, "list": old}}
    result = homepage_result([homepage(), level2], [(H, H + "zwgk/", "政务公开")])
    assert result.status is Status.INCONCLUSIVE and "脚本加载" in result.message
    level2["facts"]["list"] = listing([row("通知", H + "b/1.html", ago(5))])
    assert homepage_result([homepage(), level2], [(H, H + "zwgk/", "政务公开")]).status is Status.PASS


IMPLIED = col.IMPLIED_YEAR
RELATED = [row("相关阅读", H + "html/news/50.html", ago(300))]


@pytest.mark.parametrize("page", [
    {"url": H + "html/news/1.html", "facts": {"meta": {"ColumnName": "通知公告", "ArticleTitle": "某通知"}}},
    {"url": H + "html/news/2.html", "facts": {"meta": {"ColumnName": "通知公告", "PubDate": "2026-09-01 09:00"}}},
    {"url": H + "html/news/3.html",
     "facts": {"meta": {"ColumnName": "通知公告"},
               "comment_period": {"start": None, "end": None, "days": 30, "reason": ""}}},
    {"url": H + "tzgg/202609/t20260901_4.html", "facts": {"meta": {"ColumnName": "通知公告"}}},
], ids=["ArticleTitle", "PubDate", "comment_period", "article-url"])
def test_article_pages_are_never_columns(page: dict[str, Any]) -> None:
    page = {**page, "depth": 1}
    page["facts"] = {**page["facts"], "list": listing(RELATED)}
    got = states_of([page], [(H, page["url"], "通知公告")])
    assert got == {}, got
    # nor do they name a required column by their ColumnName
    params = ColumnParams(name="通知公告", keywords=("通知公告",))
    [result] = required_column(build([page], [(H, page["url"], "查看")]), params)
    assert result.status is Status.FAIL


def test_a_dated_row_of_a_list_is_an_article_not_a_column() -> None:
    target = H + "html/news/100.html"
    pages = [homepage([row("县第1次常务会议研究部署秋季工作", target, ago(3))]),
             {"url": target, "depth": 1, "facts": {"meta": {"ColumnName": "通知公告"}, "list": listing(RELATED)}}]
    assert states_of(pages, [(H, target, "县第1次常务会议研究部署秋季工作")]) == {}
    assert set(states_of(pages[1:], [(H, target, "通知公告")])) == {target}  # the same page as a nav target is a column


def nested(parent_text: str, parent: str, child: str, when: str, meta: dict[str, str] | None = None
           ) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    pages = [{"url": parent, "depth": 1, "facts": {"meta": {}}},
             {"url": child, "depth": 2,
              "facts": {"meta": meta or {}, "list": listing([row("x", child + "1.html", when)])}}]
    return pages, [(H, parent, parent_text), (parent, child, "工作动态")]


@pytest.mark.parametrize(("parent_text", "parent", "meta", "why"), [
    ("专题专栏", H + "a1/", None, "位于“专题专栏”之下"),
    ("脱贫攻坚", H + "a2/", {"ColumnName": "首页>专题专栏>脱贫攻坚>工作动态"}, "含“专题”"),
    ("脱贫攻坚", H + "ztzl/tpgj/", None, "“/ztzl/”"),
    ("县教育局", H + "bmxxgk/jyj/", None, "“/bmxxgk/”"),
    ("往期回顾", H + "a3/", None, "含“往期”"),
])
def test_topics_archives_and_subsites_are_exempt_before_typing(parent_text: str, parent: str,
                                                               meta: dict[str, str] | None, why: str) -> None:
    child = parent + "gzdt/"
    pages, links = nested(parent_text, parent, child, ago(400), meta)
    state = states_of(pages, links)[child]
    assert (state.kind, state.status) == ("", "untyped") and "豁免" in state.note and why in state.note, state.note
    # a per-site override still wins
    forced = update_params(overrides={"www.demo.test": {child: "news"}})
    assert states_of(pages, links, params=forced)[child].status == "stale"


def test_topic_exemption_says_the_topic_itself_is_checked_elsewhere() -> None:
    pages = [column_page(H + "ztzl/lwlb/", "“六稳六保”专题", [item("x", H + "x.html", ago(400))])]
    state = states_of(pages, [(H, H + "ztzl/lwlb/", "“六稳六保”专题")])[H + "ztzl/lwlb/"]
    assert state.status == "untyped" and "专题是否开设由栏目检查项另行检查" in state.note
    # the presence rule is not exempted: the 六保 topic under ztzl is found
    [result] = required_column(build(pages, [(H, H + "ztzl/lwlb/", "“六稳六保”专题")]), rule("column-liubao").params)
    assert result.status is Status.PASS


def subsite_site(n: int) -> SiteArtifacts:
    pages: list[dict[str, Any]] = [{"url": H + "dept/", "depth": 1, "facts": {"meta": {}}}]
    links: list[tuple[str, str, str]] = [(H, H + "dept/", "部门信息公开")]
    for i in range(n):
        d = H + f"dept/d{i}/"
        pages += [{"url": d, "depth": 2, "facts": {"meta": {}}},
                  column_page(d + "gzdt/", None, [item("x", d + "gzdt/1.html", ago(30))])]
        links += [(H + "dept/", d, f"县第{i}局"), (d, d + "gzdt/", "工作动态")]
    return build(pages, links)


def test_subsite_columns_are_not_first_level_but_count_in_the_total() -> None:
    [result] = column_update(subsite_site(6), update_params())
    assert result.status is Status.PASS and "不计入第（1）款" in result.message, result.message
    [result] = column_update(subsite_site(10), update_params())
    assert result.status is Status.FAIL and "超期未更新的栏目共10个" in result.message
    states = column_states(subsite_site(1), update_params())
    assert [s.status for s in states] == ["stale"] and "不属于一级栏目" in states[0].note


def cut_off(items: list[dict[str, Any]], **kw: Any) -> ColumnState:
    url = H + "tzgg/"
    return states_of([column_page(url, "通知公告", items, **kw)], [(H, url, "通知公告")])[url]


def test_a_dated_list_beside_a_larger_undated_one_is_never_stale() -> None:
    old = [row("a", H + "1.html", ago(300)), row("b", H + "2.html", ago(400))]
    assert cut_off(old).status == "stale"
    url = H + "tzgg/"
    page = column_page(url, "通知公告", old)
    page["facts"]["list"]["competing_undated"] = True
    state = states_of([page], [(H, url, "通知公告")])[url]
    assert state.status == "unreadable" and "日期无法识别的列表" in state.note
    fresh = column_page(url, "通知公告", [row("a", H + "1.html", ago(3))])
    fresh["facts"]["list"]["competing_undated"] = True  # may still prove freshness
    assert states_of([fresh], [(H, url, "通知公告")])[url].status == "fresh"


def test_lists_cut_off_or_all_pinned_are_not_stale() -> None:
    old = [row("a", H + "1.html", ago(300), pinned=True), row("b", H + "2.html", ago(400), pinned=True)]
    state = cut_off(old)
    assert state.status == "unreadable" and "置顶" in state.note
    unsorted = [row("a", H + "1.html", ago(400)), row("b", H + "2.html", ago(300))]
    state = cut_off(unsorted, total=56, pages=3)
    assert state.status == "unreadable" and "共56条、共3页" in state.note and "从新到旧" in state.note
    assert cut_off(unsorted).status == "stale"  # all of it was read
    assert cut_off(unsorted[::-1], total=56, pages=3).status == "stale"  # newest first: page 1 holds the newest
    implied = [row("a", H + "1.html", ago(300), IMPLIED), row("b", H + "2.html", ago(400))]
    state = cut_off(implied)
    assert state.status == "unreadable" and "未标年份" in state.note
    assert cut_off([row("a", H + "1.html", ago(3), IMPLIED)]).status == "fresh"


def test_messages_without_status_are_not_unanswered() -> None:
    def run(rows: list[tuple[str | None, str | None, str]]) -> tuple[Status, Status]:
        site = message_site(*rows)
        return (interaction_response(site, MessageParams())[0].status,
                interaction_reply_recency(site, ReplyRecencyParams())[0].status)

    assert run([(ago(200), None, ""), (ago(150), None, "")]) == (Status.PASS, Status.INCONCLUSIVE)
    # an empty 答复时间 in a list that shows answer dates for other rows is explicit
    assert run([(ago(200), None, ""), (ago(20), ago(18), "")]) == (Status.FAIL, Status.PASS)
    assert run([(ago(200), None, "pending")]) == (Status.FAIL, Status.FAIL)


def test_extractor_judged_statuses_are_trusted_and_invalid_messages_skipped() -> None:
    def run(*rows: tuple[str | None, str | None, str, str]) -> tuple[Status, str]:
        site = message_site(*[(a, b, s) for a, b, s, _t in rows])
        for page in site.pages:  # facts carrying status_text were judged by the extractor
            for raw, (_a, _b, _s, text) in zip(page.facts.get("messages") or [], rows, strict=False):
                raw["status_text"] = text
        result = interaction_response(site, MessageParams())[0]
        return result.status, result.message

    answered = (ago(20), ago(18), "answered", "已回复")
    # 已转办 with an empty answer cell: unknown, never pending (the extractor said so)
    status, message = run((ago(200), None, "", "已转办"), answered)
    assert status is Status.PASS and "1条列表中未标注答复时间或办理状态" in message
    # the same row without status wording in older facts (no status_text): an empty 答复时间 among answered rows
    assert interaction_response(message_site((ago(200), None, ""), (ago(20), ago(18), "")),
                                MessageParams())[0].status is Status.FAIL
    # 不予受理 / 无效 / 重复留言: not a valid message, not counted at all
    status, message = run((ago(200), None, "invalid", "不予受理"), answered)
    assert status is Status.PASS and "公开留言1条" in message
    assert run((ago(200), None, "pending", ""), answered)[0] is Status.FAIL
    site = message_site((ago(200), None, "invalid"))
    assert interaction_reply_recency(site, ReplyRecencyParams())[0].status is Status.NOT_APPLICABLE


@pytest.mark.parametrize("name", ["网上信访", "投诉举报", "在线访谈", "调查征集"])
def test_message_lists_of_excluded_columns_are_skipped(name: str) -> None:
    messages = [{"title": "x", "url": H + "m/1.html", "asked": ago(200), "answered": None, "status": "pending"}]
    page = {"url": H + "m/", "depth": 1, "title": f"{name}_演示县人民政府", "facts": {"meta": {}, "messages": messages}}
    site = build([page], [(H, H + "m/", name)])
    [result] = interaction_response(site, MessageParams())
    assert result.status is Status.NOT_APPLICABLE and name in result.message
    [result] = interaction_reply_recency(site, ReplyRecencyParams())
    assert result.status is Status.NOT_APPLICABLE


@pytest.mark.parametrize(("target", "status", "detail", "want"), [
    (H + "hdjl/", 404, "http 404", Status.FAIL),
    (H + "hdjl/", 403, "http 403", Status.INCONCLUSIVE),
    (H + "hdjl/", 502, "http 502", Status.INCONCLUSIVE),
    (H + "hdjl/", None, "timeout", Status.INCONCLUSIVE),
    ("http://liuyan.people.com.test/list", 404, "http 404", Status.INCONCLUSIVE),  # another host's platform
])
def test_a_channel_link_that_failed_is_missing_only_when_clearly_gone(target: str, status: int | None, detail: str,
                                                                     want: Status) -> None:
    page = {"url": target, "depth": 1, "outcome": "broken", "http_status": status, "detail": detail}
    [result] = rule("column-interaction").run(build([page], [(H, target, "领导留言板")]))
    assert result.status is want, result.message


@pytest.mark.parametrize("text", ["领导留言板", "书记信箱", "镇长信箱", "我要写信", "网络问政", "公众参与", "政民互动"])
def test_consultation_channel_wordings(text: str) -> None:
    [result] = rule("column-interaction").run(build([], [(H, "http://www.hbzwfw.gov.cn.test/wyzx.do", text)]))
    assert result.status is Status.PASS, result.message


@pytest.mark.parametrize(("title", "years"), [
    ("演示县人民政府二〇二五年政府信息公开工作年度报告", {2025}),
    ("二○二五年度报告", {2025}),
    ("２０２５年度", {2025}),
    ("演示县2024年政府信息公开年度报告", {2024}),
    ("第20251号", set()),
])
def test_title_years(title: str, years: set[int]) -> None:
    assert col._title_years(title) == years


@pytest.mark.parametrize("title", ["演示县人民政府2025年政府信息公开年度工作报告", "演示县2025年度政府信息公开工作报告",
                                   "演示县人民政府二〇二五年政府信息公开工作年度报告", "演示县2025年政府信息公开工作年报"])
def test_annual_report_titles_match_loosely(title: str) -> None:
    site = report_site("2026-03-20", "2026-09-30", title=title)
    [result] = annual_report_deadline(site, rule("annual-report-deadline").params)
    assert result.status is Status.PASS, result.message


def test_annual_report_not_recognised_is_inconclusive_unless_the_column_moved_on() -> None:
    params = rule("annual-report-deadline").params
    nb = P + "xxgknb/"

    def run(items: list[dict[str, Any]]) -> Any:
        site = build([column_page(nb, "政府信息公开年报", items)], [(H, P, "政府信息公开"), (P, nb, "政府信息公开年报")],
                     as_of="2026-09-30")
        return annual_report_deadline(site, params)[0]

    odd = item("演示县政务公开工作情况（二〇二五）", nb + "3.html", "2026-03-10")
    result = run([odd])
    assert result.status is Status.INCONCLUSIVE and "演示县政务公开工作情况（二〇二五）" in result.message
    result = run([item("情况说明", nb + "4.html", "2026-06-01"), odd])
    assert result.status is Status.FAIL and "期限后已发布" in result.message
    assert run([]).status is Status.INCONCLUSIVE


def test_consultation_notices_must_say_so() -> None:
    short = {"start": "2026-09-01", "end": "2026-09-15", "days": 15, "reason": ""}
    page = {"url": H + "gs/1.html", "depth": 1, "title": "关于张三等同志任前公示", "facts": {"meta": {}, "comment_period": short}}
    [result] = consultation_period(build([page], [(H, H + "gs/1.html", "任前公示")]), ConsultationParams())
    assert result.status is Status.NOT_APPLICABLE and "不是征求意见通知" in result.message
    [result] = consultation_period(build([page], [(H, H + "gs/1.html", "关于停车办法公开征求意见的公告")]),
                                   ConsultationParams())
    assert result.status is Status.FAIL  # the link text names it a notice


def test_new_column_update_params_are_validated() -> None:
    with pytest.raises(ParamError) as info:
        update_params(exempt_url_patterns=("(",))
    assert info.value.field == "exempt_url_patterns[0]"
    with pytest.raises(ParamError):
        update_params(subsite_name_patterns=("[",))
    with pytest.raises(ParamError):
        AnnualReportParams(title_keywords=(), title_word_groups=())
