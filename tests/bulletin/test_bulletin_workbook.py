from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bulletin_data import FINDINGS, FORMULA_TEXTS, RULES, RUN, SITES, VERDICTS, bulletin_input
from openpyxl.worksheet.worksheet import Worksheet
from pandas.testing import assert_frame_equal

from inspector.bulletin import write_bulletin
from inspector.bulletin.frames import site_summary
from inspector.bulletin.sheets import SHEETS, SUMMARY, SheetSpec
from inspector.bulletin.workbook import display_width, is_link_target, looks_like_formula
from inspector.bulletin.inputs import PreviousResult
from inspector.model import Finding, Severity, Status, Verdict

SHEET_NAMES = ["总体情况", "问题明细", "断链明细", "检查项目", "说明"]
HEADERS = {
    "总体情况": ["序号", "网站名称", "网站标识码", "网址", "级别", "得分", "结论", "单项否决项", "问题数", "无法判定项数",
             "上季度得分", "上季度结论", "变化"],
    "问题明细": ["序号", "网站名称", "检查项", "规则编号", "判定", "性质", "扣分", "问题描述", "问题地址", "来源页面", "依据"],
    "断链明细": ["序号", "网站名称", "位置", "链接文字", "链接地址", "所在页面", "问题类型", "HTTP状态", "判定", "技术细节"],
    "检查项目": ["规则编号", "检查项", "性质", "分值", "依据", "通过", "不通过", "无法判定", "不适用", "检查对象"],
    "说明": ["项目", "内容"],
}
GENERATED = datetime(2026, 11, 21, 10, 30, 5)


@pytest.fixture(scope="module")
def book_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("bulletin") / "reports" / "bulletin-2026Q4.xlsx"
    return write_bulletin(bulletin_input(), target, generated_at=GENERATED)


@pytest.fixture(scope="module")
def book(book_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(book_path)


def _header(ws: Worksheet) -> list[object]:
    return [c.value for c in ws[1]]


def _rgb(cell: openpyxl.cell.cell.Cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.fgColor.rgb)[-6:]


def test_path_returned_parent_created_no_temp_left(book_path: Path) -> None:
    assert book_path.name == "bulletin-2026Q4.xlsx"
    assert book_path.is_file()
    assert [p.name for p in book_path.parent.iterdir()] == ["bulletin-2026Q4.xlsx"]


def test_sheet_order_and_headers(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEET_NAMES
    for name, header in HEADERS.items():
        assert _header(book[name]) == header, name


def test_row_counts(book: openpyxl.Workbook) -> None:
    # 3 sites + 1 empty row + 5 totals
    assert book["总体情况"].max_row == 1 + 3 + 1 + 5
    assert book["问题明细"].max_row == 1 + 5  # 3 fails + 2 inconclusive
    assert book["断链明细"].max_row == 1 + 4  # 3 evidence items + 1 WAF link; the homepage-down finding is no link
    assert book["检查项目"].max_row == 1 + len(RULES)


def test_freeze_filter_and_print_setup(book: openpyxl.Workbook) -> None:
    refs = {"总体情况": "A1:M4", "问题明细": "A1:K6", "断链明细": "A1:J5", "检查项目": "A1:J5", "说明": None}
    for name in SHEET_NAMES:
        ws = book[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref == refs[name], name
        assert ws.page_setup.orientation == "landscape", name
        assert int(ws.page_setup.paperSize) == 9, name
        assert ws.print_title_rows in ("1:1", "$1:$1"), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, name
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0, name


def test_header_style(book: openpyxl.Workbook) -> None:
    for name in SHEET_NAMES:
        for cell in book[name][1]:
            assert cell.font.bold, (name, cell.coordinate)
            assert _rgb(cell) == "DDEBF7", (name, cell.coordinate)


def test_summary_values_and_totals(book: openpyxl.Workbook) -> None:
    ws = book["总体情况"]
    assert [c.value for c in ws[3]] == [
        2, "示例县人民政府", "4211220002", "http://www.county.test/", "县级", None, "不合格", "首页无法访问；网站不可用", 2, 1,
        None, None, None,  # no comparison run: the comparison columns are empty
    ]
    assert ws["F3"].number_format == "0.0"
    assert all(ws.cell(row=5, column=c).value is None for c in range(1, 14))  # the empty spacer row
    totals = [(ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value) for r in range(6, 11)]
    assert totals == [("检查网站数", 3), ("合格数", 1), ("不合格数", 1), ("无法判定数", 1), ("合格率", 0.5)]
    assert ws["C10"].number_format == "0.0%"


def test_row_highlights(book: openpyxl.Workbook) -> None:
    ws = book["总体情况"]
    assert {_rgb(c) for c in ws[2]} == {None}  # 合格
    assert {_rgb(c) for c in ws[3]} == {"FFC7CE"}  # 不合格, whole row, hyperlink cell included
    assert {_rgb(c) for c in ws[4]} == {"FFEB9C"}  # 无法判定


def test_hyperlinks(book: openpyxl.Workbook) -> None:
    ws = book["总体情况"]
    for row, (_, site) in enumerate(SITES, start=2):
        cell = ws.cell(row=row, column=4)
        assert cell.hyperlink is not None and cell.hyperlink.target == site.url
        assert cell.style == "Hyperlink"
    assert ws["B2"].hyperlink is None

    links = book["断链明细"]
    assert links["E2"].hyperlink.target == "http://www.county.test/a.html"
    assert links["F2"].hyperlink.target == "http://www.county.test/list.html"
    assert links["E4"].value == "=cmd|' /C calc'!A0"
    assert links["E4"].hyperlink is None  # not a web address: shown, never clickable

    problems = book["问题明细"]
    assert problems["I5"].hyperlink.target == "http://www.county.test/a.html"
    assert problems["J5"].hyperlink.target == "http://www.county.test/list.html"
    assert problems["I2"].value is None and problems["I2"].hyperlink is None


def test_formula_looking_text_stays_text(book: openpyxl.Workbook) -> None:
    expected = set(FORMULA_TEXTS) | {" =2+2 页脚未发现网站标识码", "=cmd|' /C calc'!A0", "=1+2 是一条怪备注"}
    seen: set[str] = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value in expected:
                    assert cell.data_type == "s"
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    seen.add(cell.value)
    assert seen == expected - {FORMULA_TEXTS[5]}  # " =2+2" only appears inside the longer message
    links = book["断链明细"]
    assert [links[f"D{r}"].value for r in (2, 3, 4)] == ["+1", "-2", "@SUM(A1:A2)"]
    assert links["J4"].value == "\t=1+1"  # 技术细节 keeps the raw detail, as text
    assert links["G4"].value == "无法访问"
    assert book["问题明细"]["H5"].value == FORMULA_TEXTS[0]
    assert book["问题明细"]["H5"].data_type == "s"


def test_link_sheet_shows_chinese_labels_and_raw_details(book: openpyxl.Workbook) -> None:
    ws = book["断链明细"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [(r[6], r[9]) for r in rows] == [
        ("页面不存在（HTTP 404）", "http 404"),
        ("域名无法解析", "dns: NXDOMAIN"),
        ("无法访问", "\t=1+1"),
        ("防火墙拦截（无法判定）", "http 412 challenge"),
    ]
    assert all(r[4] for r in rows)  # every row names a link
    assert "http://www.county.test/" not in [r[4] for r in rows]  # the homepage-down finding stays in 问题明细
    problems = book["问题明细"]
    assert "首页无法访问：服务器错误（HTTP 503），无法检查首页链接" in [c.value for c in problems["H"]]


def test_problem_sheet_item_is_the_rule_title(book: openpyxl.Workbook) -> None:
    ws = book["问题明细"]
    titles = {r.id: r.title for r in RULES}
    pairs = [(ws.cell(row=r, column=3).value, ws.cell(row=r, column=4).value) for r in range(2, ws.max_row + 1)]
    assert pairs and all(item == titles[rule_id] for item, rule_id in pairs)


def test_default_generated_time_is_beijing_time(tmp_path: Path) -> None:
    from datetime import timedelta, timezone

    before = datetime.now(timezone(timedelta(hours=8))).replace(tzinfo=None, microsecond=0)
    path = write_bulletin(bulletin_input(), tmp_path / "now.xlsx")
    after = datetime.now(timezone(timedelta(hours=8))).replace(tzinfo=None)
    ws = openpyxl.load_workbook(path)["说明"]
    shown = next(ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)
                 if ws.cell(row=r, column=1).value == "生成时间（北京时间）")
    assert before <= shown <= after


def test_midnight_times_keep_their_time_format(tmp_path: Path) -> None:
    run = replace(RUN, started_at="2026-11-19T16:00:00+00:00")  # 00:00:00 in Beijing
    path = write_bulletin(bulletin_input(run=run), tmp_path / "midnight.xlsx", generated_at=GENERATED)
    ws = openpyxl.load_workbook(path)["说明"]
    cells = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2) for r in range(2, ws.max_row + 1)}
    assert cells["开始时间（北京时间）"].value == datetime(2026, 11, 20, 0, 0, 0)
    assert cells["开始时间（北京时间）"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert cells["基准日期"].number_format == "yyyy-mm-dd"


def test_plain_text_has_no_quote_prefix(book: openpyxl.Workbook) -> None:
    ws = book["总体情况"]
    assert not ws["B2"].quotePrefix
    assert ws["B2"].data_type == "s"


def test_dates_and_notes(book: openpyxl.Workbook) -> None:
    ws = book["说明"]
    items = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2) for r in range(2, ws.max_row + 1)}
    assert items["检查批次"].value == 7
    assert items["季度"].value == "2026Q4"
    assert items["基准日期"].value == datetime(2026, 11, 20)
    assert items["基准日期"].number_format == "yyyy-mm-dd"
    assert items["基准日期"].alignment.horizontal == "left"
    for label, when in (
        ("开始时间（北京时间）", datetime(2026, 11, 20, 8, 0, 0)),
        ("结束时间（北京时间）", datetime(2026, 11, 20, 9, 30, 0)),
        ("生成时间（北京时间）", GENERATED),
    ):
        assert items[label].value == when, label
        assert items[label].data_type == "d", label  # a real Excel date-time, not text
        assert items[label].number_format == "yyyy-mm-dd hh:mm:ss", label
    assert not any(str(k).startswith(("开始时间", "结束时间", "生成时间")) and "北京时间" not in str(k) for k in items)
    rows = range(2, ws.max_row + 1)
    notes = [ws.cell(row=r, column=2).value for r in rows if ws.cell(row=r, column=1).value == "运行说明"]
    assert notes == ["检查端网络自检失败一次，已重试", "=1+2 是一条怪备注"]
    assert "结论：合格" in items and "60" in items["结论：合格"].value


def test_column_widths(book: openpyxl.Workbook) -> None:
    ws = book["总体情况"]
    assert ws.column_dimensions["B"].width == pytest.approx(2 * 7 + 2)  # 示例市人民政府
    assert ws.column_dimensions["A"].width == pytest.approx(6)
    for sheet in book.worksheets:
        for dim in sheet.column_dimensions.values():
            assert 6 <= dim.width <= 90
    assert book["问题明细"]["H2"].alignment.wrap_text


def test_read_excel_round_trip(book_path: Path) -> None:
    labels = dict(SUMMARY.columns)
    want = site_summary(SITES, VERDICTS, FINDINGS).rename(columns=labels)
    got = pd.read_excel(
        book_path, sheet_name="总体情况", nrows=len(SITES), dtype={"网站标识码": str, "上季度结论": str, "变化": str}
    )
    for column in ("单项否决项", "上季度结论", "变化"):
        got[column] = got[column].fillna("")
    assert_frame_equal(got, want, check_dtype=False)
    every = pd.read_excel(book_path, sheet_name=None)
    assert list(every) == SHEET_NAMES


def test_empty_tables_keep_their_header(tmp_path: Path) -> None:
    data = bulletin_input(findings=(), verdicts={})
    path = write_bulletin(data, tmp_path / "empty.xlsx")
    book = openpyxl.load_workbook(path)
    for name in ("问题明细", "断链明细"):
        ws = book[name]
        assert _header(ws) == HEADERS[name]
        assert ws.max_row == 1
        assert ws.auto_filter.ref == f"A1:{'K' if name == '问题明细' else 'J'}1"
    assert book["检查项目"].max_row == 1 + len(RULES)
    assert [c.value for c in book["总体情况"]["G"]][1:4] == ["无法判定"] * 3


def test_overwrites_atomically_and_cleans_up_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    write_bulletin(bulletin_input(), path)
    first = path.read_bytes()

    def boom(_frame: pd.DataFrame) -> pd.DataFrame:
        raise RuntimeError("boom")

    broken = (replace(SUMMARY, totals=boom),) + SHEETS[1:]
    with pytest.raises(RuntimeError, match="boom"):
        write_bulletin(bulletin_input(), path, sheets=broken)
    assert path.read_bytes() == first
    assert [p.name for p in tmp_path.iterdir()] == ["b.xlsx"]

    write_bulletin(bulletin_input(findings=()), path)
    assert openpyxl.load_workbook(path)["问题明细"].max_row == 1


def test_control_characters_and_odd_urls_are_written_safely(tmp_path: Path) -> None:
    nasty = Finding(
        run_id=7, site_id=11, rule_id="links-inner", rule_title="其他页面链接可用", status=Status.FAIL,
        severity=Severity.DEDUCT, deduction=1.0, message="响\x07铃\x00字符\x1b", subject="javascript:alert(1)",
    )
    path = write_bulletin(bulletin_input(findings=(nasty,)), tmp_path / "nasty.xlsx")
    ws = openpyxl.load_workbook(path)["问题明细"]
    assert ws["H2"].value == "响铃字符"
    assert ws["I2"].value == "javascript:alert(1)"
    assert ws["I2"].hyperlink is None


def test_spec_validation() -> None:
    with pytest.raises(ValueError, match="sheet name"):
        replace(SUMMARY, name="总体情况/汇总")
    with pytest.raises(ValueError, match="sheet name"):
        replace(SUMMARY, name="x" * 32)
    with pytest.raises(ValueError, match="unknown columns"):
        replace(SUMMARY, widths={"nope": 10})
    assert all(isinstance(s, SheetSpec) for s in SHEETS)


def test_frame_columns_must_match_spec(tmp_path: Path) -> None:
    wrong = (replace(SUMMARY, build=lambda data, now: pd.DataFrame({"x": [1]})),)
    with pytest.raises(ValueError, match="columns"):
        write_bulletin(bulletin_input(), tmp_path / "w.xlsx", sheets=wrong)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("text", "formula"),
    [("=1+1", True), ("+1", True), ("-2", True), ("@SUM(A1)", True), ("\t=1", True), ("\r+1", True),
     (" \u3000-3", True), ("示例", False), ("1-2", False), ("http://a.test/?q=1", False), ("", False)],
)
def test_looks_like_formula(text: str, formula: bool) -> None:
    assert looks_like_formula(text) is formula


def test_is_link_target_and_display_width() -> None:
    assert is_link_target("https://a.test/x")
    assert is_link_target("HTTP://A.TEST/")
    assert not is_link_target("javascript:alert(1)")
    assert not is_link_target("file:///etc/passwd")
    assert not is_link_target("http://a.test/" + "x" * 3000)
    assert not is_link_target("http://a.test/a b")
    assert not is_link_target(None)
    assert display_width("网站ab") == 6
    assert display_width("短\n长一些的行") == 10


def _notes(ws: Worksheet) -> dict[object, object]:
    return {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)}


def test_no_comparison_run_is_said_in_notes(book: openpyxl.Workbook) -> None:
    assert _notes(book["说明"])["对比批次"] == "无（存储中没有上季度的检查结果）"


def test_comparison_columns(tmp_path: Path) -> None:
    previous = {
        11: PreviousResult(score=97.0, verdict=Verdict.PASS),
        12: PreviousResult(score=90.0, verdict=Verdict.PASS),
    }
    path = write_bulletin(
        bulletin_input(previous=previous, previous_run=(3, "2026Q3")), tmp_path / "cmp.xlsx", generated_at=GENERATED
    )
    book = openpyxl.load_workbook(path)
    ws = book["总体情况"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2, max_row=4, min_col=11)] == [
        [97, "合格", "得分上升3.0分"],
        [90, "合格", "新增不合格"],
        [None, None, "新纳入"],
    ]
    assert ws["K2"].number_format == "0.0"
    assert {_rgb(c) for c in ws[3]} == {"FFC7CE"}  # the 不合格 row is highlighted across the new columns too
    assert {_rgb(c) for c in ws[2]} == {None}
    assert _notes(book["说明"])["对比批次"] == "批次 3（2026Q3）"
