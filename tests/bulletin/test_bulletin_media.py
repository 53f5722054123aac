"""The bulletin's 政务新媒体 parts: hand-built accounts, findings scored by the real scoring → workbook → openpyxl."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bulletin_data import (
    ACCOUNT_FINDINGS,
    ACCOUNT_RULES,
    ACCOUNT_VERDICTS,
    ACCOUNTS,
    CAPTCHA,
    COOKIE,
    MEDIA_GAP,
    MEDIA_NAME,
    MEDIA_POSTS,
    MEDIA_UPDATE,
    MEDIA_ZOMBIE,
    account_finding,
    bulletin_input,
    media_input,
)
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from pandas.testing import assert_frame_equal

from inspector.bulletin import AccountInfo, RuleInfo, write_bulletin
from inspector.bulletin.frames import (
    LOWER_BOUND_FORMAT,
    MEDIA_PLATFORM_SCHEMA,
    MEDIA_SCHEMA,
    MEDIA_SUMMARY_SCHEMA,
    account_conclusions,
    account_problems,
    media_accounts,
    media_platform_totals,
    media_platforms,
    media_summary,
    pass_rate,
    run_notes,
)
from inspector.bulletin.sheets import MEDIA, SHEETS, SUMMARY, BarChartSpec, BlockSpec, SheetSpec
from inspector.model import SiteVerdict, Status, Verdict

GENERATED = datetime(2026, 11, 21, 10, 30, 5)
SHEET = "政务新媒体"
HEADER = ["序号", "账号名称", "平台", "主办单位", "所属网站", "最近更新", "距今天数", "本季度发文数", "最长间隔(天)",
          "数据源状态", "得分", "结论", "问题", "备注"]
PLATFORM_CAPTION = "各平台检查情况（合格率＝合格数÷（合格数＋不合格数），无法判定的账号不计入）"
PLATFORM_HEADER = ["平台", "检查数", "合格数", "不合格数", "无法判定数", "合格率"]
SUMMARY_CAPTION = "政务新媒体检查情况（单独统计，不计入上方网站合计）"
SUMMARY_HEADER = ["账号数", "合格数", "不合格数", "无法判定数", "合格率"]
RED, YELLOW = "FFC7CE", "FFEB9C"
DASH = "—"
PASS, FAIL, UNKNOWN = "合格", "不合格", "无法判定"
LOWER_POSTS = "发文数为下限（数据源未覆盖季度初或部分文章无发布日期）"
LOWER_GAP = "最长间隔为下限（数据源未覆盖季度初）"
FORMULA_NAME = '=HYPERLINK("http://evil.test/","点我")'


@pytest.fixture(scope="module")
def book_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bulletin(media_input(), tmp_path_factory.mktemp("media") / "b.xlsx", generated_at=GENERATED)


@pytest.fixture(scope="module")
def book(book_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(book_path)


@pytest.fixture(scope="module")
def ws(book: openpyxl.Workbook) -> Worksheet:
    return book[SHEET]


@pytest.fixture(scope="module")
def plain_book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    """The same run without accounts."""
    path = write_bulletin(bulletin_input(), tmp_path_factory.mktemp("plain") / "b.xlsx", generated_at=GENERATED)
    return openpyxl.load_workbook(path)


def _rgb(cell: Cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.fgColor.rgb)[-6:]


def _row(ws: Worksheet, row: int, width: int = len(HEADER)) -> list[object]:
    return [ws.cell(row=row, column=c).value for c in range(1, width + 1)]


def _find(ws: Worksheet, text: str) -> int:
    rows = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == text]
    assert len(rows) == 1, (text, rows)
    return rows[0]


def _notes(book: openpyxl.Workbook) -> dict[object, object]:
    notes = book["说明"]
    return {notes.cell(row=r, column=1).value: notes.cell(row=r, column=2).value for r in range(2, notes.max_row + 1)}


def _expected_conclusions() -> dict[int, str]:
    """What the sheet must say, worked out here from the inputs: the verdict, 无法判定 without findings."""
    with_findings = {f.account_id for f in ACCOUNT_FINDINGS}
    return {
        a.account_id: ACCOUNT_VERDICTS[a.account_id].verdict.value if a.account_id in with_findings else UNKNOWN
        for a in ACCOUNTS
    }


# --- placement --------------------------------------------------------------------------------------------


def test_sheet_follows_the_website_sheets_and_precedes_the_catalogue(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["总体情况", "问题明细", "断链明细", SHEET, "新媒体问题明细", "检查项目", "说明"]
    names = [s.name for s in SHEETS]
    assert names.index(SHEET) == names.index("栏目更新") + 1
    assert names.index("检查项目") == names.index(SHEET) + 2  # after 新媒体问题明细
    assert book.properties.title == "2026Q4 政府网站和政务新媒体检查情况通报"


def test_no_accounts_no_sheet_and_an_unchanged_summary(plain_book: openpyxl.Workbook) -> None:
    assert SHEET not in plain_book.sheetnames
    assert plain_book.properties.title == "2026Q4 政府网站检查情况通报"
    ws = plain_book["总体情况"]
    assert ws.max_row == 1 + 3 + 1 + 5  # sites, spacer, website totals: no account block
    assert ws.column_dimensions["A"].width == pytest.approx(6)
    assert ws._charts == []
    notes = _notes(plain_book)
    assert "政务新媒体" not in notes and "政务新媒体合格率" not in notes
    assert not MEDIA.wanted(bulletin_input())


def test_header_style_freeze_filter_print(ws: Worksheet) -> None:
    assert _row(ws, 1) == HEADER
    assert all(c.font.bold and _rgb(c) == "DDEBF7" for c in ws[1][: len(HEADER)])
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == f"A1:N{1 + len(ACCOUNTS)}"  # the account table only, not the platform table
    assert ws.page_setup.orientation == "landscape"
    assert int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.print_title_rows in ("1:1", "$1:$1")
    for letter in "ABCDEFGHIJKLMN":
        assert 6 <= ws.column_dimensions[letter].width <= 50, letter


# --- the account rows ---------------------------------------------------------------------------------------


def test_account_rows(ws: Worksheet) -> None:
    rows = [_row(ws, r) for r in range(2, 2 + len(ACCOUNTS))]
    assert [row[0] for row in rows] == list(range(1, 9))
    assert [(row[1], row[2]) for row in rows] == [(a.name, a.platform) for a in ACCOUNTS]  # registry order
    assert rows[0] == [
        1, "示例市发布", "微信公众号", "示例市人民政府办公室", "示例市人民政府", datetime(2026, 11, 18, 10, 30), 2, 24, 9,
        "正常", 100, PASS, None, None,
    ]
    assert rows[2] == [
        3, "示例县融媒", "抖音", "示例县融媒体中心", "示例县人民政府", datetime(2026, 10, 30, 9, 0), 21, 4, 21, "正常", None, FAIL,
        "【单项否决】最近更新为2026-10-30，已21天未更新\n【扣分】本季度发文4篇，少于8篇\n【扣分】本季度最长21天未更新，超过15天",
        None,
    ]
    assert rows[3][4] is None  # an account without a site
    assert rows[4] == [
        5, "示例市教育局", "微博", "示例市教育局", "示例市教育局", None, None, None, None, "验证码或防火墙拦截", None, UNKNOWN,
        "【无法判定】" + CAPTCHA, "数据源详情：http 200 captcha page",
    ]
    assert rows[5][9:] == ["登录失效（Cookie过期）", None, UNKNOWN, "【无法判定】" + COOKIE, "数据源详情：http 403 cookie expired"]
    assert rows[6][5:] == [
        datetime(2026, 11, 20, 0, 5), 0, 12, 10, "正常", 100, PASS,
        "【无法判定】本季度至少发文12篇（数据源未覆盖季度初），无法判定是否达标", f"{LOWER_POSTS}\n{LOWER_GAP}",
    ]
    assert rows[7][5:] == [None, None, None, None, "无自动数据源", None, UNKNOWN, "【无法判定】无检查结果，需人工核查",
                           "数据源详情：no source"]


def test_problems_are_ordered_by_severity_with_marks(ws: Worksheet) -> None:
    zombie = ws.cell(row=5, column=13).value
    assert zombie.split("\n") == [
        "【单项否决】最近更新为2026-07-23，已120天未更新",
        "【扣分】本季度发文0篇，少于8篇",
        "【扣分】本季度最长50天未更新，超过15天",
        "【提示】已120天未更新，属僵尸号，应关停或整合",
    ]
    assert ws.cell(row=3, column=13).value == "【扣分】账号名称“示例市发布”未体现主办单位"  # a 合格 account's deduction
    assert ws.cell(row=5, column=13).alignment.wrap_text


def test_latest_is_a_real_beijing_time_and_figures_are_numbers(ws: Worksheet) -> None:
    assert ws["F2"].data_type == "d" and ws["F2"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert ws["F2"].value.tzinfo is None
    assert ws["F3"].value == datetime(2026, 11, 19, 9, 0)  # 01:00 UTC is 09:00 Beijing time
    assert ws["F6"].value is None and ws["G6"].value is None  # unknown: empty, never 0
    for letter in "GHI":
        assert isinstance(ws[f"{letter}2"].value, int) and ws[f"{letter}2"].number_format == "0", letter
    assert ws["H5"].value == 0 and ws["H5"].data_type == "n"  # a real zero (the 僵尸号 posted nothing)


def test_lower_bounds_read_at_least_and_stay_numbers(ws: Worksheet) -> None:
    posts, gap = ws["H8"], ws["I8"]
    assert (posts.value, gap.value) == (12, 10)
    assert posts.data_type == "n" and gap.data_type == "n"
    assert posts.number_format == LOWER_BOUND_FORMAT == '"≥"0' and gap.number_format == LOWER_BOUND_FORMAT
    assert ws["H7"].number_format == "0" and ws["I2"].number_format == "0"


def test_row_fills(ws: Worksheet) -> None:
    fills = [{_rgb(c) for c in ws[r][: len(HEADER)]} for r in range(2, 2 + len(ACCOUNTS))]
    assert fills == [{None}, {None}, {RED}, {RED}, {YELLOW}, {YELLOW}, {None}, {YELLOW}]


def test_conclusions_and_problems_agree_with_verdicts_and_findings(ws: Worksheet) -> None:
    expected = _expected_conclusions()
    assert [ws.cell(row=r, column=12).value for r in range(2, 10)] == [expected[a.account_id] for a in ACCOUNTS]
    for row, account in enumerate(ACCOUNTS, start=2):
        reported = [f for f in ACCOUNT_FINDINGS if f.account_id == account.account_id and f.status in
                    (Status.FAIL, Status.INCONCLUSIVE)]
        lines = (ws.cell(row=row, column=13).value or "").split("\n") if reported else []
        # every failed or inconclusive finding is there, once (repeated wording is shown once)
        assert sorted(line.split("】", 1)[1] for line in lines) == sorted({f.message for f in reported}), account.name
        failed = {f.message for f in reported if f.status is Status.FAIL}
        assert sum(not line.startswith("【无法判定】") for line in lines) == len(failed), account.name
    # a source that could not be read never makes an account 不合格
    for row, account in enumerate(ACCOUNTS, start=2):
        if not account.healthy:
            assert ws.cell(row=row, column=12).value == UNKNOWN, account.name


def test_formula_looking_text_stays_text(tmp_path: Path) -> None:
    accounts = (replace(ACCOUNTS[0], name=FORMULA_NAME, owner="@SUM(A1:A2)"),)
    data = media_input(accounts=accounts)
    ws = openpyxl.load_workbook(write_bulletin(data, tmp_path / "f.xlsx"))[SHEET]
    for cell in (ws["B2"], ws["D2"]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert (ws["B2"].value, ws["D2"].value) == (FORMULA_NAME, "@SUM(A1:A2)")


# --- the per-platform table and its chart ---------------------------------------------------------------------

WANTED_PLATFORMS = [
    ["微信公众号", 3, 2, 1, 0, pytest.approx(2 / 3)],
    ["微博", 2, 1, 0, 1, 1],
    ["抖音", 2, 0, 1, 1, 0],
    ["今日头条", 1, 0, 0, 1, DASH],  # nothing judged: no rate, never 0%
]


def test_platform_table(ws: Worksheet) -> None:
    caption = _find(ws, PLATFORM_CAPTION)
    assert caption >= 2 + len(ACCOUNTS) + 2  # under the account table, two empty rows between
    assert ws.cell(row=caption, column=1).font.bold
    header = caption + 1
    assert _row(ws, header, 7) == [*PLATFORM_HEADER, None]
    assert [_row(ws, r, 6) for r in range(header + 1, header + 5)] == WANTED_PLATFORMS
    assert ws.cell(row=header + 5, column=1).value is None  # one empty row before 合计
    totals = header + 6
    assert _row(ws, totals, 6) == ["合计", 8, 3, 2, 3, 0.6]
    assert all(c.font.bold and _rgb(c) == "F2F2F2" for c in ws[totals][:6])
    assert ws.cell(row=totals, column=6).number_format == "0.0%"
    assert ws.cell(row=header + 1, column=6).number_format == "0.0%"
    assert ws.max_row == totals


def test_platform_table_agrees_with_the_verdicts(ws: Worksheet) -> None:
    """Worked out again from account_verdicts / account_findings, not from the sheet's own rows."""
    expected = _expected_conclusions()
    header = _find(ws, PLATFORM_CAPTION) + 1
    shown = {ws.cell(row=r, column=1).value: _row(ws, r, 6)[1:5] for r in range(header + 1, header + 5)}
    for platform, counts in shown.items():
        mine = [expected[a.account_id] for a in ACCOUNTS if a.platform == platform]
        assert counts == [len(mine), mine.count(PASS), mine.count(FAIL), mine.count(UNKNOWN)], platform
    assert list(shown) == list(dict.fromkeys(a.platform for a in ACCOUNTS))  # first appearance in the registry


def test_platform_chart(ws: Worksheet) -> None:
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "barChart" and chart.type == "bar" and chart.grouping == "stacked"
    assert chart.overlap == 100
    header = _find(ws, PLATFORM_CAPTION) + 1
    first, last = header + 1, header + 4  # the platforms only: the 合计 row is no bar
    quoted = f"'{SHEET}'"
    assert [s.val.numRef.f for s in chart.series] == [f"{quoted}!${c}${first}:${c}${last}" for c in "CDE"]
    assert [s.tx.strRef.f.replace("$", "") for s in chart.series] == [f"{quoted}!{c}{header}" for c in "CDE"]
    assert {(s.cat.numRef or s.cat.strRef).f for s in chart.series} == {f"{quoted}!$A${first}:$A${last}"}
    assert [s.graphicalProperties.solidFill.srgbClr for s in chart.series] == ["70AD47", "E06666", "FFC000"]
    assert chart.y_axis.majorUnit == 1 and chart.y_axis.numFmt.formatCode == "0"
    anchor = chart.anchor._from
    assert (anchor.col, anchor.row) == (len(PLATFORM_HEADER) + 1, header - 2)  # 0-based: right of the table
    title = "".join(run.t for para in chart.title.tx.rich.p for run in (para.r or []))
    assert title == "各平台政务新媒体检查结论（个）"


# --- 总体情况 -------------------------------------------------------------------------------------------------


def test_summary_account_block(book: openpyxl.Workbook) -> None:
    ws = book["总体情况"]
    caption = _find(ws, SUMMARY_CAPTION)
    assert caption == 1 + 3 + 1 + 5 + 3  # under the website totals, two empty rows between
    assert ws.cell(row=caption, column=1).font.bold
    assert _row(ws, caption + 1, 6) == [*SUMMARY_HEADER, None]
    assert _row(ws, caption + 2, 6) == [8, 3, 2, 3, 0.6, None]
    assert ws.cell(row=caption + 2, column=5).number_format == "0.0%"
    assert ws.max_row == caption + 2


def test_website_rows_and_totals_are_unchanged_by_accounts(
    book: openpyxl.Workbook, plain_book: openpyxl.Workbook
) -> None:
    with_accounts, without = book["总体情况"], plain_book["总体情况"]
    assert without.max_row == 10
    for r in range(1, 11):
        assert _row(with_accounts, r, 13) == _row(without, r, 13), r
    totals = [(with_accounts.cell(row=r, column=2).value, with_accounts.cell(row=r, column=3).value)
              for r in range(6, 11)]
    assert totals == [("检查网站数", 3), ("合格数", 1), ("不合格数", 1), ("无法判定数", 1), ("合格率", 0.5)]
    assert with_accounts.auto_filter.ref == without.auto_filter.ref == "A1:M4"


def test_notes_explain_accounts_and_the_rate(book: openpyxl.Workbook) -> None:
    notes = _notes(book)
    assert "无法判定" in notes["政务新媒体"] and "不判为不合格" in notes["政务新媒体"]
    assert "合格数÷（合格数＋不合格数）" in notes["政务新媒体合格率"]
    assert "不计入网站" in notes["政务新媒体合格率"]


def test_no_judged_account_at_all(tmp_path: Path) -> None:
    """Every source broken: everything 无法判定, every rate —, no bar anywhere but 无法判定 ones."""
    accounts = ACCOUNTS[4:6]
    data = media_input(accounts=accounts, account_findings=tuple(f for f in ACCOUNT_FINDINGS if f.account_id in
                                                                 (105, 106)))
    book = openpyxl.load_workbook(write_bulletin(data, tmp_path / "b.xlsx"))
    ws = book[SHEET]
    assert [ws.cell(row=r, column=12).value for r in (2, 3)] == [UNKNOWN, UNKNOWN]
    header = _find(ws, PLATFORM_CAPTION) + 1
    assert [_row(ws, r, 6) for r in (header + 1, header + 2, header + 4)] == [
        ["微博", 1, 0, 0, 1, DASH], ["今日头条", 1, 0, 0, 1, DASH], ["合计", 2, 0, 0, 2, DASH],
    ]
    summary = book["总体情况"]
    caption = _find(summary, SUMMARY_CAPTION)
    assert _row(summary, caption + 2, 5) == [2, 0, 0, 2, DASH]


# --- frames ----------------------------------------------------------------------------------------------------


def test_frames_have_their_schema_also_when_empty() -> None:
    for frame, schema in (
        (media_accounts((), {}), MEDIA_SCHEMA),
        (media_platforms((), {}), MEDIA_PLATFORM_SCHEMA),
        (media_summary((), {}), MEDIA_SUMMARY_SCHEMA),
    ):
        assert list(frame.columns) == list(schema)
        assert frame.empty
    assert list(MEDIA.frame_columns) == list(MEDIA_SCHEMA)


def test_media_platforms_frame() -> None:
    got = media_platforms(ACCOUNTS, ACCOUNT_VERDICTS, ACCOUNT_FINDINGS)
    want = pd.DataFrame(
        {
            "platform": pd.Series(["微信公众号", "微博", "抖音", "今日头条"], dtype="str"),
            "checked": pd.Series([3, 2, 2, 1], dtype="int64"),
            "passed": pd.Series([2, 1, 0, 0], dtype="int64"),
            "failed": pd.Series([1, 0, 1, 0], dtype="int64"),
            "inconclusive": pd.Series([0, 1, 1, 1], dtype="int64"),
            "rate": pd.Series([2 / 3, 1.0, 0.0, DASH], dtype="object"),
        }
    )
    assert_frame_equal(got, want)
    assert media_platform_totals(got) == {
        "platform": "合计", "checked": 8, "passed": 3, "failed": 2, "inconclusive": 3, "rate": 0.6,
    }


def test_pass_rate() -> None:
    assert pass_rate(3, 1) == 0.75
    assert pass_rate(0, 2) == 0.0
    assert pass_rate(0, 0) == DASH


def test_account_conclusions_never_pass_without_findings(caplog: pytest.LogCaptureFixture) -> None:
    # a verdict of 合格 that no finding supports is not shown as 合格
    verdicts = dict(ACCOUNT_VERDICTS) | {108: SiteVerdict(108, 100.0, Verdict.PASS, (), 0, 0)}
    assert account_conclusions(ACCOUNTS, verdicts, ACCOUNT_FINDINGS)[108] is Verdict.INCONCLUSIVE
    # findings but no verdict: 无法判定, logged
    without = {k: v for k, v in ACCOUNT_VERDICTS.items() if k != 103}
    with caplog.at_level(logging.WARNING, logger="inspector.bulletin.frames"):
        assert account_conclusions(ACCOUNTS, without, ACCOUNT_FINDINGS)[103] is Verdict.INCONCLUSIVE
    assert "has no verdict" in caplog.text


def test_unknown_accounts_findings_are_logged_not_shown(caplog: pytest.LogCaptureFixture) -> None:
    stray = account_finding(999, MEDIA_UPDATE, Status.FAIL, "最近更新为2026-01-01")
    with caplog.at_level(logging.WARNING, logger="inspector.bulletin.frames"):
        frame = media_accounts(ACCOUNTS, ACCOUNT_VERDICTS, (*ACCOUNT_FINDINGS, stray), ACCOUNT_RULES)
    assert "[999]" in caplog.text
    assert not frame["problems"].str.contains("2026-01-01").any()
    assert len(frame) == len(ACCOUNTS)


def test_account_problems_order_marks_and_repeats() -> None:
    findings = (
        account_finding(103, MEDIA_ZOMBIE, Status.FAIL, "僵尸号"),
        account_finding(103, MEDIA_NAME, Status.INCONCLUSIVE, "名称无法核对"),
        account_finding(103, MEDIA_POSTS, Status.FAIL, "发文少"),
        account_finding(103, MEDIA_UPDATE, Status.INCONCLUSIVE, "数据源限流"),
        account_finding(103, MEDIA_GAP, Status.FAIL, "间隔长"),
        account_finding(103, MEDIA_GAP, Status.FAIL, "间隔长"),  # a repeat is shown once
        account_finding(103, MEDIA_NAME, Status.PASS, "名称相符"),  # passes are not problems
        account_finding(103, MEDIA_UPDATE, Status.NOT_APPLICABLE, "不适用"),
    )
    # failures first (by severity), then what could not be judged
    assert account_problems(findings, ACCOUNT_RULES).split("\n") == [
        "【扣分】发文少", "【扣分】间隔长", "【提示】僵尸号", "【无法判定】数据源限流", "【无法判定】名称无法核对",
    ]


def test_one_unreadable_source_is_one_line_naming_what_it_leaves_open() -> None:
    reason = "数据源状态：验证码或防火墙拦截（返回验证码或验证页面（HTTP 200））"
    findings = (
        account_finding(103, MEDIA_UPDATE, Status.INCONCLUSIVE, f"{reason}，无法判定是否更新"),
        account_finding(103, MEDIA_GAP, Status.INCONCLUSIVE, f"{reason}，无法判定最长更新间隔"),
        account_finding(103, MEDIA_POSTS, Status.INCONCLUSIVE, f"{reason}，未能读取文章，无法检查文章中的链接"),
        account_finding(103, MEDIA_ZOMBIE, Status.INCONCLUSIVE, "另一原因，无法判定是否为僵尸号"),
        account_finding(103, MEDIA_NAME, Status.FAIL, "名称不规范"),
    )
    assert account_problems(findings, ACCOUNT_RULES).split("\n") == [
        "【扣分】名称不规范",
        f"【无法判定】{reason}；无法判定：是否更新、文章中的链接、最长更新间隔",  # catalogue order
        "【无法判定】另一原因，无法判定是否为僵尸号",
    ]
    # without the catalogue the findings' own severities decide; an empty message falls back to the rule title
    posts = account_finding(103, MEDIA_POSTS, Status.FAIL, "")
    assert account_problems((posts,)) == f"【扣分】{MEDIA_POSTS.title}"


def test_lower_bound_notes_only_with_a_figure() -> None:
    account = AccountInfo(1, "甲", "微博", "甲单位", posts_lower_bound=True, gap_lower_bound=True, healthy=True,
                          health="正常")
    frame = media_accounts((account,), {}, ())
    assert frame.loc[0, "note"] == ""  # no figure, nothing to qualify
    assert frame.loc[0, "posts"] is pd.NA and frame.loc[0, "verdict"] == UNKNOWN
    figured = replace(account, posts_in_quarter=3, longest_gap=20, health_detail="rss20 feed, 3 posts")
    frame = media_accounts((figured,), {}, ())
    assert frame.loc[0, "note"] == f"{LOWER_POSTS}\n{LOWER_GAP}"  # a healthy source's detail is not repeated
    assert frame.loc[0, ["posts_format", "gap_format"]].tolist() == [LOWER_BOUND_FORMAT] * 2
    assert media_accounts((replace(account, health=""),), {}, ()).loc[0, "health"] == DASH


def test_run_notes_lines() -> None:
    run = media_input().run
    without = run_notes(run, GENERATED)
    with_accounts = run_notes(run, GENERATED, accounts=True)
    assert len(with_accounts) == len(without) + 2
    assert with_accounts["item"].tolist()[-2:] == ["政务新媒体", "政务新媒体合格率"]


# --- the machinery's extensions ------------------------------------------------------------------------------


def _build(_data: object, _now: object) -> pd.DataFrame:
    return pd.DataFrame({"a": [1], "f": [""]})


def test_cell_formats_must_name_hidden_columns() -> None:
    with pytest.raises(ValueError, match="cell_formats"):
        SheetSpec(name="x", build=_build, columns={"a": "甲"}, cell_formats={"b": "f"})
    with pytest.raises(ValueError, match="not shown"):
        SheetSpec(name="x", build=_build, columns={"a": "甲", "f": "格式"}, cell_formats={"a": "f"})
    spec = BlockSpec(caption="x", build=_build, columns={"a": "甲"}, cell_formats={"a": "f"}, link_targets={"a": "u"})
    assert spec.frame_columns == ("a", "u", "f")


def test_chart_colours_match_the_series() -> None:
    with pytest.raises(ValueError, match="colour"):
        BarChartSpec(title="t", categories="a", series=("b", "c"), colors=("FF0000",))
    assert SUMMARY.blocks[0].skip_when_empty  # no accounts: no block


def test_catalogue_counts_accounts_for_account_rules(book: openpyxl.Workbook, plain_book: openpyxl.Workbook) -> None:
    ws = book["检查项目"]
    rows = {ws.cell(row=r, column=1).value: _row(ws, r, 9) for r in range(2, ws.max_row + 1)}
    # three accounts of one site (101, 102, 107) count three times: accounts are counted, not sites
    assert rows["media-update"][5:] == [3, 2, 2, 0]
    assert rows["media-name"][5:] == [6, 1, 0, 0]
    assert rows["media-zombie"][5:] == [4, 1, 0, 0]
    plain = plain_book["检查项目"]
    for r in range(2, plain.max_row + 1):  # the website rules' counts are those of the run without accounts
        assert rows[plain.cell(row=r, column=1).value] == _row(plain, r, 9)



def test_account_problem_details_trace_every_problem_to_its_rule(book: openpyxl.Workbook) -> None:
    sheet = book["新媒体问题明细"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0] == ["序号", "账号名称", "平台", "主办单位", "检查项", "规则编号", "判定", "性质", "扣分", "问题描述",
                       "问题地址", "来源文章", "依据"]
    reported = [f for f in ACCOUNT_FINDINGS if f.status in (Status.FAIL, Status.INCONCLUSIVE)]
    assert len(rows) - 1 == len(reported)
    by_id = {a.account_id: a for a in ACCOUNTS}
    shown = sorted((r[1], r[2], r[5], r[6], r[9]) for r in rows[1:])
    assert shown == sorted((by_id[f.account_id].name, by_id[f.account_id].platform, f.rule_id, f.status.label, f.message)
                           for f in reported)
    order = [next(i for i, a in enumerate(ACCOUNTS) if (a.name, a.platform) == (r[1], r[2])) for r in rows[1:]]
    assert order == sorted(order)  # registry order
    first_account = [r for r in rows[1:] if (r[1], r[2]) == (rows[1][1], rows[1][2])]
    assert [r[6] for r in first_account] == sorted((r[6] for r in first_account), key=["不通过", "无法判定"].index)


def test_unregistered_portal_accounts_are_listed_under_the_accounts(tmp_path: Path) -> None:
    from inspector.model import Evidence, Finding, Severity

    rule = RuleInfo("media-portal-unregistered", "门户网站政务新媒体页面所列账号均已登记", "页面所列账号未登记",
                    Severity.NOTICE, 0.0, "国办发〔2018〕123号", "inspector.checks.media:media_portal_unregistered")
    site_id = bulletin_input().sites[0][0]
    page = "http://www.demo.test/zwxmt/"
    extra = Finding(1, site_id, rule.id, rule.failure_title, Status.FAIL, Severity.NOTICE, 0.0,
                    "页面列出的微信公众号账号“示例市场监管”未在账号登记表中登记", page,
                    (Evidence(url=page, text="示例市场监管（微信公众号）", detail="微信公众号"),))
    data = replace(media_input(), findings=(*media_input().findings, extra), rules=(*media_input().rules, rule))
    book = openpyxl.load_workbook(write_bulletin(data, tmp_path / "b.xlsx", generated_at=GENERATED))
    rows = [[c.value for c in r] for r in book[SHEET].iter_rows()]
    caption = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("门户网站政务新媒体页面列出"))
    assert rows[caption + 1][:4] == ["网站名称", "页面列出的账号", "平台", "政务新媒体页面"]
    assert rows[caption + 2][1:4] == ["示例市场监管（微信公众号）", "微信公众号", page]
    # without such a finding the block is not written
    assert not any(r[0] and str(r[0]).startswith("门户网站政务新媒体页面列出")
                   for r in openpyxl.load_workbook(write_bulletin(media_input(), tmp_path / "c.xlsx",
                                                                  generated_at=GENERATED))[SHEET].iter_rows(values_only=True))


def test_only_pinned_posts_make_the_latest_date_a_note() -> None:
    from inspector.bulletin.frames import MEDIA_LATEST_UNCERTAIN, _account_note

    pinned = AccountInfo(1, "甲发布", "微博", "甲单位", healthy=True, latest=datetime(2026, 5, 1, 10, 0),
                         latest_uncertain=True)
    assert MEDIA_LATEST_UNCERTAIN in _account_note(pinned)
    assert MEDIA_LATEST_UNCERTAIN not in _account_note(replace(pinned, latest_uncertain=False))
