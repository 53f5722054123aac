"""The bulletin's 栏目检查 and 栏目更新 sheets: hand-built findings and ColumnStates → workbook → openpyxl."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bulletin_data import RULES, RUN
from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet
from pandas.testing import assert_frame_equal

from inspector.bulletin import BulletinInput, RuleInfo, write_bulletin
from inspector.bulletin.frames import (
    COLUMN_UPDATE_SCHEMA,
    column_check_schema,
    column_label,
    column_presence,
    column_presence_totals,
    column_rule_headers,
    column_updates,
    run_notes,
)
from inspector.bulletin.sheets import COLUMN_CHECK, COLUMN_UPDATE, SHEETS, CellLook, SheetSpec
from inspector.checks.columns import ColumnState
from inspector.model import Evidence, Finding, Level, Severity, Site, SiteVerdict, Status, Verdict

GENERATED = datetime(2026, 11, 21, 10, 30, 5)
CHECK, UPDATE = "栏目检查", "栏目更新"
BASE_SHEETS = ["总体情况", "问题明细", "断链明细", "检查项目", "说明"]
RED, YELLOW, GREY = "FFC7CE", "FFEB9C", "808080"
DASH = "—"
FORMULA_NAME = '=HYPERLINK("http://evil.test/","点我")'
FORMULA_NOTE = "@SUM(A1:A2) 最近更新2026-11-10"
FORMULA_SITE = "+浠水县人民政府"
BAD_URL = "=cmd|' /C calc'!A0"

# --- sites, rules, findings, column states ------------------------------------------------------------


def _site(name: str, host: str, level: Level, code: str) -> Site:
    return Site(name, f"http://{host}/", level, code, "黄冈市")


SITES: tuple[tuple[int, Site], ...] = (
    (31, _site("黄冈市人民政府", "www.hg.gov.cn.test", Level.CITY, "4211000001")),
    (32, _site("红安县人民政府", "www.hongan.gov.cn.test", Level.COUNTY, "4211220001")),
    (33, _site("麻城市人民政府", "www.macheng.gov.cn.test", Level.COUNTY, "4211810001")),
    (34, _site("黄冈市教育局", "www.hgjy.gov.cn.test", Level.DEPARTMENT, "4211000021")),
)
URL = {site_id: site.url for site_id, site in SITES}
REQUIRED = "inspector.checks.columns:required_column"


def _rule(rule_id: str, title: str, short_name: str = "") -> RuleInfo:
    return RuleInfo(rule_id, title, title.replace("设有", "未设").replace("设置", "未设置"), Severity.DEDUCT, 2.0,
                    "《2020年黄冈市政务公开工作实施方案》", REQUIRED, short_name=short_name)


# Catalogue order (by id, as the loader sorts) is the sheet's order; each header comes out another way.
GAZETTE = _rule("column-gazette", "政府公报：市级门户网站设有政府公报栏目")  # the part before the colon
LIUBAO = _rule("column-liubao", "设有“六保”专题")  # the leading verb removed
NORMATIVE = _rule("column-normative-docs", "设置规范性文件栏目")  # verb and trailing 栏目 removed
PLATFORM = _rule("column-xxgk-platform", "设有统一的政府信息公开平台", short_name="政府信息公开平台")
COLUMN_RULES = (GAZETTE, LIUBAO, NORMATIVE, PLATFORM)
COLUMN_RULE_IDS = frozenset(r.id for r in COLUMN_RULES)
HEADERS = ["政府公报", "“六保”专题", "规范性文件", "政府信息公开平台"]
CHECK_HEADER = ["序号", "网站名称", "网站标识码", "级别", *HEADERS, "缺少栏目数"]


def _f(site_id: int, rule: RuleInfo, status: Status, message: str = "", url: str = "") -> Finding:
    evidence = (Evidence(url=url, text="链接文字", detail="how matched: link text"),) if url else ()
    return Finding(run_id=RUN.run_id, site_id=site_id, rule_id=rule.id, rule_title=rule.title, status=status,
                   severity=rule.severity, deduction=2.0 if status is Status.FAIL else 0.0,
                   message=message or rule.title, subject=URL.get(site_id, ""), evidence=evidence,
                   points_cap=rule.points)


HG, HA, MC = URL[31], URL[32], URL[33]
FINDINGS: tuple[Finding, ...] = (
    # 31 (city): everything but 规范性文件
    _f(31, GAZETTE, Status.PASS, url=HG + "zfgb/"),
    _f(31, LIUBAO, Status.PASS, url=HG + "ztzl/lb/"),
    _f(31, NORMATIVE, Status.FAIL, "未找到规范性文件栏目"),
    _f(31, PLATFORM, Status.PASS, url=HG + "zfxxgk/"),
    # 32 (county, 红安): no 六保 topic; 政府公报 is for cities; a column found behind a script link
    _f(32, GAZETTE, Status.NOT_APPLICABLE, "本项不适用于县级网站"),
    _f(32, LIUBAO, Status.FAIL, "未找到“六保”专题栏目"),
    _f(32, NORMATIVE, Status.PASS, url="javascript:void(0)"),
    _f(32, PLATFORM, Status.PASS, url=HA + "zfxxgk/"),
    # 33 (county, 麻城): platform page unreadable; 六保 found without evidence; 规范性文件 found twice, missed once
    _f(33, GAZETTE, Status.NOT_APPLICABLE, "本项不适用于县级网站"),
    _f(33, LIUBAO, Status.PASS),
    _f(33, NORMATIVE, Status.PASS, url=MC + "gfxwj/"),
    _f(33, NORMATIVE, Status.FAIL, "未找到规范性文件栏目"),
    _f(33, NORMATIVE, Status.PASS, url=MC + "zcwj/"),
    _f(33, PLATFORM, Status.INCONCLUSIVE, "首页被防火墙拦截，无法判定"),
    # 34 (department): no finding of these rules at all; another rule's finding must not count
    _f(34, RULES[0], Status.PASS),
    # a site that is not in the registry
    _f(99, LIUBAO, Status.FAIL),
)


def _state(name: str, path: str, kind: str, label: str, latest: date | None, days: int | None, window: int | None,
           items: int, status: str, note: str, host: str = HG) -> ColumnState:
    return ColumnState(name=name, url=host + path, kind=kind, kind_label=label, latest=latest, days_since=days,
                       window_days=window, items=items, status=status, note=note)


HG_STATES = (  # in discovery order; the sheet sorts them
    _state("要闻动态", "ywdt/", "news", "动态要闻", date(2026, 11, 14), 6, 14, 20, "fresh", "最近更新2026-11-14，距今6天"),
    _state("图片新闻", "tpxw/", "", "", date(2026, 9, 25), 56, None, 8, "untyped", "未归入有更新要求的栏目类型"),
    _state("通知公告", "tzgg/", "notice", "通知公告", date(2026, 2, 24), 269, 180, 15, "stale",
           "最近更新2026-02-24，距今269天，超过180天"),
    _state("人事信息", "rsxx/", "personnel", "人事信息", None, None, 365, 0, "blank", "页面显示“暂无信息”"),
    _state("政策文件", "zcwj/", "policy", "政策文件", None, None, 180, 0, "unreadable", "列表无法读取（防火墙拦截）"),
    _state("工作动态", "gzdt/", "news", "动态要闻", date(2026, 10, 21), 30, 14, 12, "stale",
           "最近更新2026-10-21，距今30天，超过14天"),
)
HA_STATES = (
    ColumnState(name=FORMULA_NAME, url=BAD_URL, kind="news", kind_label="动态要闻", latest=date(2026, 11, 10),
                days_since=10, window_days=14, items=3, status="fresh", note=FORMULA_NOTE),
)
JY_STATES = (
    _state("教育动态", "jydt/", "news", "动态要闻", date(2026, 8, 1), 111, 14, 30, "stale",
           "最近更新2026-08-01，距今111天，超过14天", host=URL[34]),
)
# the mapping's order is not the registry's; site 99 is not registered; 麻城 summarised no column
COLUMNS: dict[int, tuple[ColumnState, ...]] = {34: JY_STATES, 99: HG_STATES, 31: HG_STATES, 32: HA_STATES}
UPDATE_HEADER = ["序号", "网站名称", "栏目", "类型", "最近更新", "距今天数", "更新要求（天）", "结论", "说明", "栏目地址"]


def columns_input(**changes: object) -> BulletinInput:
    fields: dict[str, object] = {
        "run": RUN,
        "sites": SITES,
        "verdicts": {site_id: SiteVerdict(site_id, 96.0, Verdict.PASS, (), 1, 0) for site_id, _ in SITES},
        "findings": FINDINGS,
        "rules": RULES + COLUMN_RULES,
        "link_rule_ids": frozenset(),
        "columns": COLUMNS,
        "column_rule_ids": COLUMN_RULE_IDS,
    }
    fields.update(changes)
    return BulletinInput(**fields)  # type: ignore[arg-type]


# --- helpers ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = write_bulletin(columns_input(), tmp_path_factory.mktemp("columns") / "b.xlsx", generated_at=GENERATED)
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def check_ws(book: openpyxl.Workbook) -> Worksheet:
    return book[CHECK]


@pytest.fixture(scope="module")
def update_ws(book: openpyxl.Workbook) -> Worksheet:
    return book[UPDATE]


def _row(ws: Worksheet, row: int, width: int) -> list[object]:
    return [ws.cell(row=row, column=c).value for c in range(1, width + 1)]


def _rgb(cell: Cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.fgColor.rgb)[-6:]


def _font_rgb(cell: Cell) -> str | None:
    color = cell.font.color
    return None if color is None or color.rgb is None else str(color.rgb)[-6:]


def _notes(book: openpyxl.Workbook) -> dict[object, object]:
    ws = book["说明"]
    return {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)}


# --- sheets present or absent -------------------------------------------------------------------------


def test_both_sheets_follow_ipv6_and_precede_the_catalogue(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["总体情况", "问题明细", "断链明细", CHECK, UPDATE, "检查项目", "说明"]
    names = [s.name for s in SHEETS]
    assert names.index(CHECK) == names.index("IPv6支持情况") + 1 and names.index(UPDATE) == names.index(CHECK) + 1


@pytest.mark.parametrize(
    ("changes", "present"),
    [
        ({"columns": {}}, [CHECK]),
        ({"column_rule_ids": frozenset()}, [UPDATE]),
        ({"columns": {}, "column_rule_ids": frozenset()}, []),
        ({"findings": ()}, [CHECK, UPDATE]),  # rules without findings: the sheet says 未检查 (—) everywhere
    ],
)
def test_sheets_written_only_with_their_data(tmp_path: Path, changes: dict[str, object], present: list[str]) -> None:
    book = openpyxl.load_workbook(write_bulletin(columns_input(**changes), tmp_path / "b.xlsx"))
    assert [n for n in book.sheetnames if n not in BASE_SHEETS] == present
    notes = _notes(book)
    assert (CHECK in notes, UPDATE in notes) == (CHECK in present, UPDATE in present)


def test_default_input_has_no_column_sheets() -> None:
    from bulletin_data import bulletin_input

    data = bulletin_input()
    assert dict(data.columns) == {} and data.column_rule_ids == frozenset()
    assert not COLUMN_CHECK.wanted(data) and not COLUMN_UPDATE.wanted(data)
    assert RULES[0].short_name == ""


def test_rules_only_run_shows_dashes(tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(write_bulletin(columns_input(findings=()), tmp_path / "b.xlsx"))[CHECK]
    assert _row(ws, 2, 9) == [1, "黄冈市人民政府", "4211000001", "市级", DASH, DASH, DASH, DASH, None]
    assert _row(ws, 7, 9)[1:] == ["有/适用（网站数）", None, None, DASH, DASH, DASH, DASH, 0]


# --- 栏目检查 ----------------------------------------------------------------------------------------


def test_check_header_and_cells(check_ws: Worksheet) -> None:
    ws = check_ws
    assert _row(ws, 1, 10) == [*CHECK_HEADER, None]  # the hidden link columns are not written
    assert [_row(ws, r, 9) for r in range(2, 6)] == [
        [1, "黄冈市人民政府", "4211000001", "市级", "有", "有", "无", "有", 1],
        [2, "红安县人民政府", "4211220001", "县级", "不适用", "无", "有", "有", 1],
        [3, "麻城市人民政府", "4211810001", "县级", "不适用", "有", "无", "无法判定", 1],  # worst of two findings
        [4, "黄冈市教育局", "4211000021", "部门", DASH, DASH, DASH, DASH, None],  # nothing checked: no count
    ]
    assert ws.cell(row=6, column=1).value is None  # site 99 is not shown; then the empty row
    assert ws["I2"].data_type == "n" and ws["I2"].number_format == "0"


def test_check_totals_row(check_ws: Worksheet) -> None:
    ws = check_ws
    assert all(ws.cell(row=6, column=c).value is None for c in range(1, 10))
    assert _row(ws, 7, 9) == [None, "有/适用（网站数）", None, None, "1/1", "2/3", "1/3", "2/3", 3]
    assert ws["E7"].data_type == "s"  # text, never a date or a fraction
    for cell in ws[7][1:9]:
        assert cell.font.bold and _rgb(cell) == "F2F2F2", cell.coordinate
    assert ws.max_row == 7


def test_check_hyperlinks(check_ws: Worksheet) -> None:
    ws = check_ws
    links = {c.coordinate: c.hyperlink.target for row in ws.iter_rows() for c in row if c.hyperlink is not None}
    assert links == {"E2": HG + "zfgb/", "F2": HG + "ztzl/lb/", "H2": HG + "zfxxgk/", "H3": HA + "zfxxgk/"}
    assert ws["E2"].style == "Hyperlink" and ws["E2"].value == "有"
    assert ws["G3"].value == "有" and ws["G3"].hyperlink is None  # javascript: is never clickable
    assert ws["F4"].value == "有" and ws["F4"].hyperlink is None  # found, but the finding names no URL
    assert ws["G4"].hyperlink is None  # the failed one of two findings wins: no link to the passed one


def test_check_fills_and_fonts(check_ws: Worksheet) -> None:
    ws = check_ws
    looks = {
        (r, c): (ws.cell(row=r, column=c).value, _rgb(ws.cell(row=r, column=c)), _font_rgb(ws.cell(row=r, column=c)))
        for r in range(2, 6)
        for c in range(5, 9)
    }
    for (r, c), (value, fill, font) in looks.items():
        if value == "无":
            assert fill == RED, (r, c)
        elif value == "无法判定":
            assert fill == YELLOW, (r, c)
        elif value in ("不适用", DASH):
            assert fill is None and font == GREY, (r, c)
        else:
            assert value == "有" and fill is None and font != GREY, (r, c)
    assert [v for v, _fill, _font in looks.values()].count("无") == 3
    assert _rgb(ws["B2"]) is None and _rgb(ws["I2"]) is None  # only the column cells are coloured
    assert ws["E2"].alignment.horizontal == "center" and ws["G2"].alignment.horizontal == "center"


def test_check_layout(check_ws: Worksheet) -> None:
    ws = check_ws
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:I5"
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
    for letter in "EFGH":
        assert ws.column_dimensions[letter].width == 10, letter  # long names wrap in the header
    assert ws["E1"].alignment.wrap_text and ws["E1"].font.bold


def test_check_sheet_keeps_registry_order_and_formula_text(tmp_path: Path) -> None:
    sites = ((32, replace(SITES[1][1], name=FORMULA_SITE)), SITES[0])
    rules = RULES + (replace(LIUBAO, short_name="=六保"),) + COLUMN_RULES[2:]
    data = columns_input(sites=sites, rules=rules, columns={})
    ws = openpyxl.load_workbook(write_bulletin(data, tmp_path / "b.xlsx"))[CHECK]
    assert _row(ws, 1, 8) == ["序号", "网站名称", "网站标识码", "级别", "=六保", "规范性文件", "政府信息公开平台",
                              "政府公报"]  # 政府公报 is in no catalogue entry here: appended with its findings' title
    assert [ws.cell(row=r, column=2).value for r in (2, 3)] == [FORMULA_SITE, "黄冈市人民政府"]
    for cell in (ws["E1"], ws["B2"]):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate


# --- 栏目更新 ----------------------------------------------------------------------------------------


def test_update_header_and_order(update_ws: Worksheet) -> None:
    ws = update_ws
    assert _row(ws, 1, 11) == [*UPDATE_HEADER, None]
    rows = [_row(ws, r, 10) for r in range(2, ws.max_row + 1)]
    assert [(r[0], r[1], r[2], r[7]) for r in rows] == [
        (1, "黄冈市人民政府", "通知公告", "超期未更新"),
        (2, "黄冈市人民政府", "工作动态", "超期未更新"),
        (3, "黄冈市人民政府", "人事信息", "空白栏目"),
        (4, "黄冈市人民政府", "政策文件", "无法读取"),
        (5, "黄冈市人民政府", "图片新闻", "未分类"),
        (6, "黄冈市人民政府", "要闻动态", "正常"),
        (7, "红安县人民政府", FORMULA_NAME, "正常"),
        (8, "黄冈市教育局", "教育动态", "超期未更新"),
    ]


def test_update_cells(update_ws: Worksheet) -> None:
    ws = update_ws
    assert _row(ws, 2, 10) == [1, "黄冈市人民政府", "通知公告", "通知公告", datetime(2026, 2, 24), 269, 180,
                               "超期未更新", "最近更新2026-02-24，距今269天，超过180天", HG + "tzgg/"]
    assert _row(ws, 4, 10)[3:] == ["人事信息", None, None, 365, "空白栏目", "页面显示“暂无信息”", HG + "rsxx/"]
    assert _row(ws, 6, 10)[3:7] == [None, datetime(2026, 9, 25), 56, None]  # untyped: no type, no window


def test_update_dates_and_numbers_are_real(update_ws: Worksheet) -> None:
    ws = update_ws
    latest = ws["E2"]
    assert latest.data_type == "d" and latest.number_format == "yyyy-mm-dd"
    assert latest.value == datetime(2026, 2, 24)
    for coordinate in ("F2", "G2", "F3"):
        cell = ws[coordinate]
        assert cell.data_type == "n" and isinstance(cell.value, int) and cell.number_format == "0", coordinate
    assert ws["E4"].value is None and ws["F4"].value is None  # no date: empty, not 0 or 1900-01-00


def test_update_fills(update_ws: Worksheet) -> None:
    ws = update_ws
    fills = [{_rgb(c) for c in ws[r][:10]} for r in range(2, ws.max_row + 1)]
    assert fills == [{RED}, {RED}, {RED}, {YELLOW}, {None}, {None}, {None}, {RED}]


def test_update_links_filter_freeze(update_ws: Worksheet) -> None:
    ws = update_ws
    assert ws["J2"].hyperlink.target == HG + "tzgg/" and ws["J2"].style == "Hyperlink"
    assert ws["J8"].value == BAD_URL and ws["J8"].hyperlink is None
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:J9"
    assert ws["I2"].alignment.wrap_text


def test_formula_looking_text_stays_text(book: openpyxl.Workbook) -> None:
    seen = set()
    for name in (CHECK, UPDATE):
        for row in book[name].iter_rows():
            for cell in row:
                assert cell.data_type != "f", (name, cell.coordinate)
                if isinstance(cell.value, str) and cell.value.startswith(("=", "@", "+")):
                    assert cell.data_type == "s" and cell.quotePrefix, (name, cell.coordinate)
                    seen.add(cell.value)
    assert seen == {FORMULA_NAME, FORMULA_NOTE, BAD_URL}


def test_notes_explain_both_sheets(book: openpyxl.Workbook) -> None:
    notes = _notes(book)
    assert "缺少栏目数" in str(notes[CHECK]) and "无法读取" in str(notes[UPDATE])
    ws = book["说明"]
    items = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
    assert items.count(CHECK) == 1 and items.count(UPDATE) == 1


# --- frames and specs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "short_name", "label"),
    [
        ("设有“六保”专题", "", "“六保”专题"),
        ("设置规范性文件栏目", "", "规范性文件"),
        ("政府信息公开指南：政府信息公开专栏中设有公开指南", "", "政府信息公开指南"),
        ("站内搜索可用", "", "站内搜索可用"),
        ("设有“六保”专题", " 六保专题 ", "六保专题"),
        ("栏目", "", "栏目"),
    ],
)
def test_column_label(title: str, short_name: str, label: str) -> None:
    assert column_label(replace(LIUBAO, title=title, short_name=short_name)) == label


def test_column_rule_headers_are_unique_and_ordered(caplog: pytest.LogCaptureFixture) -> None:
    twin = replace(NORMATIVE, id="column-normative-review", title="设有规范性文件栏目")
    findings = (_f(31, replace(LIUBAO, id="column-stray", title="设有“三保”专题"), Status.PASS),)
    got = column_rule_headers(RULES + (NORMATIVE, twin, LIUBAO), {NORMATIVE.id, twin.id, LIUBAO.id, "column-stray",
                                                                  "column-unknown"}, findings)
    assert got == (
        ("column-normative-docs", "规范性文件（column-normative-docs）"),
        ("column-normative-review", "规范性文件（column-normative-review）"),
        ("column-liubao", "“六保”专题"),
        ("column-stray", "“三保”专题"),
        ("column-unknown", "column-unknown"),
    )
    assert "column-stray" in caplog.text


def test_column_presence_frame() -> None:
    ids = (LIUBAO.id, PLATFORM.id)
    got = column_presence(SITES[:2], FINDINGS, ids)
    schema = column_check_schema(ids)
    assert list(schema) == ["seq", "site_name", "site_code", "level", "rule:column-liubao", "rule:column-xxgk-platform",
                            "missing", "link:column-liubao", "link:column-xxgk-platform"]
    want = pd.DataFrame(
        [
            [1, "黄冈市人民政府", "4211000001", "市级", "有", "有", 0, HG + "ztzl/lb/", HG + "zfxxgk/"],
            [2, "红安县人民政府", "4211220001", "县级", "无", "有", 1, "", HA + "zfxxgk/"],
        ],
        columns=list(schema),
    ).astype(schema)
    assert_frame_equal(got, want)
    assert column_presence_totals(got, ids) == {"site_name": "有/适用（网站数）", "rule:column-liubao": "1/2",
                                                "rule:column-xxgk-platform": "2/2", "missing": 1}


def test_column_updates_frame() -> None:
    got = column_updates(SITES[1:2], {32: HA_STATES})
    want = pd.DataFrame(
        [[1, "红安县人民政府", FORMULA_NAME, "动态要闻", date(2026, 11, 10), 10, 14, "正常", FORMULA_NOTE, BAD_URL]],
        columns=list(COLUMN_UPDATE_SCHEMA),
    ).astype(COLUMN_UPDATE_SCHEMA)
    assert_frame_equal(got, want)


def test_empty_frames_keep_their_schema() -> None:
    assert_frame_equal(column_updates((), {}),
                       pd.DataFrame(columns=list(COLUMN_UPDATE_SCHEMA)).astype(COLUMN_UPDATE_SCHEMA))
    empty = column_presence((), FINDINGS, (LIUBAO.id,))
    assert list(empty.columns) == list(column_check_schema((LIUBAO.id,))) and empty.empty


def test_unregistered_sites_are_logged_not_shown(caplog: pytest.LogCaptureFixture) -> None:
    assert len(column_updates(SITES[:1], {99: HG_STATES})) == 0
    assert len(column_presence(SITES[:1], FINDINGS, (LIUBAO.id,))) == 1
    assert caplog.text.count("99") >= 2


def test_unknown_status_is_shown_as_it_is(caplog: pytest.LogCaptureFixture) -> None:
    odd = replace(HA_STATES[0], status="weird")
    assert column_updates(SITES[1:2], {32: (odd,)})["conclusion"].tolist() == ["weird"]
    assert "weird" in caplog.text


def test_frames_do_not_mutate_inputs() -> None:
    columns = {k: tuple(v) for k, v in COLUMNS.items()}
    findings = list(FINDINGS)
    column_updates(SITES, columns)
    column_presence(SITES, findings, tuple(COLUMN_RULE_IDS))
    assert columns == COLUMNS and tuple(findings) == FINDINGS


def test_run_notes_lines() -> None:
    plain = run_notes(RUN, GENERATED)["item"].tolist()
    both = run_notes(RUN, GENERATED, column_check=True, column_update=True)["item"].tolist()
    assert CHECK not in plain and UPDATE not in plain
    assert both == plain + [CHECK, UPDATE]


def test_spec_validation() -> None:
    with pytest.raises(ValueError, match="link_targets must name columns that are not shown"):
        replace(COLUMN_UPDATE, link_targets={"column": "url"})
    with pytest.raises(ValueError, match="cell_looks names unknown columns"):
        replace(COLUMN_UPDATE, cell_looks={"nope": {"无": CellLook(fill=RED)}})
    with pytest.raises(ValueError, match="link_targets names unknown columns"):
        replace(COLUMN_UPDATE, link_targets={"nope": "hidden"})
    spec = replace(COLUMN_UPDATE, link_targets={"column": "hidden", "kind": "hidden"})
    assert spec.frame_columns == (*COLUMN_UPDATE.columns, "hidden")
    wrong = replace(COLUMN_CHECK, resolve=lambda data: COLUMN_UPDATE)
    with pytest.raises(ValueError, match="resolve"):
        wrong.for_data(columns_input())
    assert COLUMN_UPDATE.for_data(columns_input()) is COLUMN_UPDATE
    resolved = COLUMN_CHECK.for_data(columns_input())
    assert isinstance(resolved, SheetSpec) and resolved.resolve is None
    assert list(resolved.columns.values()) == CHECK_HEADER


def test_frame_must_carry_the_hidden_link_columns(tmp_path: Path) -> None:
    data = columns_input()
    shown_only = replace(
        COLUMN_CHECK.for_data(data),
        build=lambda d, _now: column_presence(d.sites, d.findings, (GAZETTE.id,)).iloc[:, :6],
        columns={k: v for k, v in COLUMN_CHECK.for_data(data).columns.items()},
    )
    with pytest.raises(ValueError, match="frame columns"):
        write_bulletin(data, tmp_path / "w.xlsx", sheets=(shown_only,))
    assert not list(tmp_path.iterdir())


# --- row heights (wrapped text must not spill over the next row) -------------------------------------


def test_wrapped_text_gets_row_height(check_ws: Worksheet, update_ws: Worksheet) -> None:
    assert check_ws.row_dimensions[1].height == 30  # 政府信息公开平台 wraps in a 10-wide column: two lines
    assert check_ws.row_dimensions[2].height is None  # one line: the default height
    by_name = {update_ws.cell(row=r, column=3).value: r for r in range(2, update_ws.max_row + 1)}
    assert update_ws.row_dimensions[by_name[FORMULA_NAME]].height >= 30  # a long name in a 20-wide column
    assert update_ws.row_dimensions[by_name["图片新闻"]].height is None


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [("", 10, 1), ("有", 10, 1), ("政府信息公开平台", 10, 2), ("政府信息公开平台", 18, 1), ("短\n短", 10, 2),
     ("x" * 100, 11.5, 10)],
)
def test_text_lines(text: str, width: float, lines: int) -> None:
    from inspector.bulletin.workbook import text_lines

    assert text_lines(text, width) == lines
