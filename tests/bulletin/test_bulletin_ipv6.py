"""The bulletin's IPv6支持情况 sheet: hand-built Ipv6Summary objects → workbook → read back with openpyxl."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from bulletin_data import RULES, RUN
from openpyxl.worksheet.worksheet import Worksheet
from pandas.testing import assert_frame_equal

from inspector.bulletin import BulletinInput, RuleInfo, write_bulletin
from inspector.bulletin.frames import (
    IPV6_CHART_SCHEMA,
    IPV6_LINK_SCHEMA,
    IPV6_SCHEMA,
    aaaa_text,
    ipv6_chart_data,
    ipv6_conclusion,
    ipv6_failed_links,
    ipv6_problems,
    ipv6_support,
    link_rate_note,
)
from inspector.bulletin.sheets import IPV6, SHEETS, BarChartSpec, BlockSpec
from inspector.checks.ipv6 import AddressFailures, FailedLink, HomepageAttempts, Ipv6Summary, LinkRate
from inspector.model import Finding, Level, Severity, Site, SiteVerdict, Status, Verdict

GENERATED = datetime(2026, 11, 21, 10, 30, 5)
SHEET = "IPv6支持情况"
DASH = "—"
ALL_SHEETS = ["总体情况", "问题明细", "断链明细", SHEET, "检查项目", "说明"]
HEADER = [
    "序号", "网站名称", "网站标识码", "域名", "AAAA记录", "首页IPv6可访问", "IPv6访问成功率", "首页访问情况",
    "二级链接支持率", "二级链接支持率（含站外）", "二级链接说明", "三级链接支持率", "三级链接支持率（含站外）",
    "三级链接说明", "内容一致性", "时延比（IPv6/IPv4）", "首页时延", "权威DNS支持IPv6", "结论", "问题",
]
LINK_HEADER = ["序号", "网站名称", "层级", "链接", "站内/站外", "原因", "IPv4可访问", "来源页面"]
CHART_HEADER = ["序号", "网站名称", "二级链接支持率", "三级链接支持率"]
RED, YELLOW = "FFC7CE", "FFEB9C"

# --- sites, rules, summaries, findings ----------------------------------------------------------------


def _site(name: str, host: str, level: Level, code: str) -> Site:
    return Site(name, f"http://{host}/", level, code, "黄冈市")


SITES: tuple[tuple[int, Site], ...] = (
    (21, _site("浠水县人民政府", "www.xishui.gov.cn.test", Level.COUNTY, "4211250001")),
    (22, _site("黄冈市教育局", "www.hgjy.gov.cn.test", Level.DEPARTMENT, "4211000021")),
    (23, _site("黄冈市人力资源和社会保障局", "www.hgrs.gov.cn.test", Level.DEPARTMENT, "4211000022")),
    (24, _site("黄梅县人民政府", "www.hm.gov.cn.test", Level.COUNTY, "4211270001")),
    (25, _site("武穴市人民政府", "www.wuxue.gov.cn.test", Level.COUNTY, "4211820001")),
    (26, _site("蕲春县人民政府", "www.qichun.gov.cn.test", Level.COUNTY, "4211260001")),
    (27, _site("麻城市人民政府", "www.macheng.gov.cn.test", Level.COUNTY, "4211810001")),
    (28, _site("红安县人民政府", "www.hongan.gov.cn.test", Level.COUNTY, "4211220001")),
)
URL = {site_id: site.url for site_id, site in SITES}


def _rule(rule_id: str, title: str, failure: str, severity: Severity = Severity.DEDUCT) -> RuleInfo:
    return RuleInfo(rule_id, title, failure, severity, 5.0 if severity is Severity.DEDUCT else 0.0,
                    "《深入推进IPv6规模部署和应用2022年工作安排》", f"inspector.checks.ipv6:{rule_id}")


IPV6_RULES: tuple[RuleInfo, ...] = (
    _rule("ipv6-aaaa", "域名支持IPv6解析", "域名无IPv6解析"),
    _rule("ipv6-homepage", "首页支持IPv6访问", "首页IPv6访问成功率不足"),
    _rule("ipv6-level2-links", "二级链接支持IPv6", "二级链接IPv6支持率不足"),
    _rule("ipv6-level3-links", "三级链接支持IPv6", "三级链接IPv6支持率不足"),
    _rule("ipv6-consistency", "IPv6与IPv4内容一致", "IPv6与IPv4内容不一致"),
    _rule("ipv6-nameservers", "权威DNS支持IPv6", "权威DNS不支持IPv6", Severity.NOTICE),
    _rule("ipv6-latency", "IPv6访问时延正常", "IPv6访问时延偏高", Severity.NOTICE),
)
RULE_IDS = frozenset(r.id for r in IPV6_RULES)
AAAA, HOME, L2, L3, SAME, NS, LAT = IPV6_RULES


def _rate(level: int, found: int, ok: int, decidable: int, same_ok: int, same_dec: int,
          failed: tuple[FailedLink, ...] = (), excluded: int = 0, unknown: int = 0, probed: int | None = None) -> LinkRate:
    return LinkRate(level=level, found=found, probed=found if probed is None else probed, ok=ok, decidable=decidable,
                    same_site_ok=same_ok, same_site_decidable=same_dec, failed=failed, excluded=excluded,
                    unknown=unknown)


def _summary(host: str, **changes: object) -> Ipv6Summary:
    """A dual-stack site that passes everything, with changes."""
    zone = host.removeprefix("www.")
    base = Ipv6Summary(
        host=host, measured=True, self_check_ok=True, self_check_error="",
        a=("127.0.0.1",), a_error="", aaaa=("::1",), aaaa_usable=("::1",), aaaa_error="",
        v6_attempts=10, v6_ok=10, v4_attempts=10, v4_ok=10, v6_failures=(),
        similarity=0.987, v6_ms=1.24, v4_ms=1.1, zone=zone,
        nameservers=((f"ns1.{zone}", ("::1",)), (f"ns2.{zone}", ("::1",))), ns_error="",
        level2=_rate(2, 12, 12, 12, 10, 10), level3=_rate(3, 40, 40, 40, 38, 38),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


HM = "http://www.hm.gov.cn.test/"
HM_LEVEL2_FAILED = FailedLink(2, HM + "zwgk/a1.html", HM, True, "服务器错误（HTTP 502）", True)
HM_LEVEL3_FAILED = (
    FailedLink(3, HM + "zwgk/art1.html", HM + "zwgk/", True, "服务器错误（HTTP 502）", True),
    FailedLink(3, HM + "zwgk/art2.html", HM + "zwgk/", True, "服务器错误（HTTP 502）", True),
    FailedLink(3, "http://file.hm.gov.cn.test/f/plan.pdf", HM + "tzgg/", True, "无AAAA记录", True),
    FailedLink(3, "http://www.elsewhere.test/x.html", HM + "tzgg/", False, "@SUM(A1:A2)", None),
)
FORMULA_MESSAGE = '=HYPERLINK("http://evil.test/","点我") 首页内容与IPv4不一致'

SUMMARIES: dict[int, Ipv6Summary] = {
    21: _summary("www.xishui.gov.cn.test"),
    22: _summary("www.hgjy.gov.cn.test", aaaa=(), aaaa_usable=(), aaaa_error="noanswer", v6_attempts=0, v6_ok=0,
                 similarity=None, v6_ms=None, v4_ms=1.0, level2=None, level3=None),
    23: _summary("www.hgrs.gov.cn.test", v6_ok=0, v6_failures=("连接被拒绝×10",), similarity=None, v6_ms=None,
                 v4_ms=1.0, level2=None, level3=None),
    24: _summary(
        "www.hm.gov.cn.test", similarity=0.99, v6_ms=2.0, v4_ms=2.0,
        level2=_rate(2, 10, 9, 10, 9, 10, failed=(HM_LEVEL2_FAILED,)),
        level3=_rate(3, 15, 7, 11, 6, 9, failed=HM_LEVEL3_FAILED, excluded=1, probed=12),
    ),
    25: _summary("www.wuxue.gov.cn.test", similarity=0.21,
                 nameservers=(("ns1.wuxue.gov.cn.test", ()), ("ns2.wuxue.gov.cn.test", ())),
                 level3=_rate(3, 0, 0, 0, 0, 0)),
    26: _summary("www.qichun.gov.cn.test", v6_ms=30.0, v4_ms=10.0),
    27: _summary("www.macheng.gov.cn.test", v6_ok=0, v6_failures=("防火墙拦截（无法判定）×10",), similarity=None,
                 level2=None, level3=None),
}


def _f(site_id: int, rule: RuleInfo, status: Status, message: str) -> Finding:
    return Finding(run_id=RUN.run_id, site_id=site_id, rule_id=rule.id, rule_title=rule.title, status=status,
                   severity=rule.severity, deduction=5.0 if status is Status.FAIL and rule.points else 0.0,
                   message=message, subject=URL[site_id], points_cap=rule.points)


def _all_pass(site_id: int, **other: tuple[Status, str]) -> tuple[Finding, ...]:
    out = []
    for rule in IPV6_RULES:
        status, message = other.get(rule.id.removeprefix("ipv6-").replace("-", "_"), (Status.PASS, rule.title))
        out.append(_f(site_id, rule, status, message))
    return tuple(out)


NOT_APPLICABLE = (Status.NOT_APPLICABLE, "无AAAA记录，已在“域名IPv6解析”中计")
HOME_DOWN = (Status.NOT_APPLICABLE, "首页未能通过IPv6访问，已在“首页IPv6访问”中计")
FINDINGS: tuple[Finding, ...] = (
    *_all_pass(21),
    *_all_pass(22, aaaa=(Status.FAIL, "域名未配置AAAA记录，不支持IPv6访问"), homepage=NOT_APPLICABLE,
               level2_links=NOT_APPLICABLE, level3_links=NOT_APPLICABLE, consistency=NOT_APPLICABLE,
               latency=NOT_APPLICABLE),
    *_all_pass(23, homepage=(Status.FAIL, "首页IPv6访问成功率0.0%（0/10，连接被拒绝），IPv4访问正常"),
               level2_links=HOME_DOWN, level3_links=HOME_DOWN, consistency=HOME_DOWN, latency=HOME_DOWN),
    *_all_pass(24, level3_links=(Status.FAIL, "本站三级链接IPv6支持率66.7%（6/9），低于85%")),
    *_all_pass(25, consistency=(Status.FAIL, FORMULA_MESSAGE),
               nameservers=(Status.FAIL, "权威DNS服务器ns1.wuxue.gov.cn.test、ns2.wuxue.gov.cn.test均无AAAA记录"),
               level3_links=(Status.NOT_APPLICABLE, "无三级链接")),
    *_all_pass(26, latency=(Status.FAIL, "IPv6首页时延为IPv4的3.00倍")),
    *_all_pass(27, homepage=(Status.INCONCLUSIVE, "首页IPv6访问被防火墙拦截，无法判定"),
               level2_links=HOME_DOWN, level3_links=HOME_DOWN, consistency=HOME_DOWN, latency=HOME_DOWN),
)


def ipv6_input(**changes: object) -> BulletinInput:
    fields: dict[str, object] = {
        "run": RUN,
        "sites": SITES,
        "verdicts": {site_id: SiteVerdict(site_id, 100.0, Verdict.PASS, (), 0, 0) for site_id, _ in SITES},
        "findings": FINDINGS,
        "rules": RULES + IPV6_RULES,
        "link_rule_ids": frozenset(),
        "ipv6": SUMMARIES,
        "ipv6_rule_ids": RULE_IDS,
    }
    fields.update(changes)
    return BulletinInput(**fields)  # type: ignore[arg-type]


SELF_CHECK_ERROR = "http://www.gov.cn.test/ 连接超时"
NO_V6_SUMMARIES = {k: replace(v, self_check_ok=False, self_check_error=SELF_CHECK_ERROR) for k, v in SUMMARIES.items()}
NO_V6_FINDINGS = tuple(
    replace(f, status=Status.INCONCLUSIVE, deduction=0.0, message=f"检查端无IPv6连通性，无法判定（{SELF_CHECK_ERROR}）")
    for f in FINDINGS
)

# --- helpers ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bulletin(ipv6_input(), tmp_path_factory.mktemp("ipv6") / "b.xlsx", generated_at=GENERATED)


@pytest.fixture(scope="module")
def book(book_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(book_path)


@pytest.fixture(scope="module")
def ws(book: openpyxl.Workbook) -> Worksheet:
    return book[SHEET]


def _rgb(cell: openpyxl.cell.cell.Cell) -> str | None:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return None
    return str(cell.fill.fgColor.rgb)[-6:]


def _row(ws: Worksheet, row: int, width: int = len(HEADER)) -> list[object]:
    return [ws.cell(row=row, column=c).value for c in range(1, width + 1)]


def _find(ws: Worksheet, text: str) -> int:
    rows = [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == text]
    assert len(rows) == 1, (text, rows)
    return rows[0]


LINK_CAPTION = "IPv6访问失败的链接"
CHART_CAPTION = "图表数据：本站链接IPv6支持率（仅列有数据的网站，空白为无数据）"

# --- the workbook -------------------------------------------------------------------------------------


def test_sheet_is_placed_after_the_link_sheet(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ALL_SHEETS


def test_header_style_freeze_filter_print(ws: Worksheet) -> None:
    assert _row(ws, 1) == HEADER
    assert all(c.font.bold and _rgb(c) == "DDEBF7" for c in ws[1][: len(HEADER)])
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:T{1 + len(SITES)}"  # the main table only
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True


def test_site_rows(ws: Worksheet) -> None:
    rows = {ws.cell(row=r, column=2).value: _row(ws, r) for r in range(2, 2 + len(SITES))}
    assert list(rows) == [site.name for _, site in SITES]  # registry order
    assert rows["浠水县人民政府"] == [
        1, "浠水县人民政府", "4211250001", "www.xishui.gov.cn.test", "有（1个）", "是", 1,
        "IPv6成功10/10次；IPv4成功10/10次", 1, 1, "本站成功10/10；全部成功12/12", 1, 1, "本站成功38/38；全部成功40/40",
        0.987, pytest.approx(1.24 / 1.1), "IPv6 1.2毫秒，IPv4 1.1毫秒", "是", "通过", None,
    ]
    assert rows["黄冈市教育局"] == [
        2, "黄冈市教育局", "4211000021", "www.hgjy.gov.cn.test", "无", DASH, DASH, "IPv6未探测；IPv4成功10/10次",
        DASH, DASH, DASH, DASH, DASH, DASH, DASH, DASH, "IPv6 —，IPv4 1.0毫秒", "是", "不通过",
        "域名未配置AAAA记录，不支持IPv6访问",
    ]
    assert rows["黄冈市人力资源和社会保障局"][4:8] == [
        "有（1个）", "否", 0, "IPv6成功0/10次；IPv4成功10/10次；IPv6失败：连接被拒绝×10",
    ]
    assert rows["黄冈市人力资源和社会保障局"][18:] == ["不通过", "首页IPv6访问成功率0.0%（0/10，连接被拒绝），IPv4访问正常"]
    hm = rows["黄梅县人民政府"]
    assert hm[8:14] == [
        0.9, 0.9, "本站成功9/10；全部成功9/10",
        pytest.approx(6 / 9), pytest.approx(7 / 11), "本站成功6/9；全部成功7/11；IPv4也无法访问1个（不计）；共15个，检查前12个",
    ]
    assert hm[15] == 1 and hm[18:] == ["不通过", "本站三级链接IPv6支持率66.7%（6/9），低于85%"]
    wuxue = rows["武穴市人民政府"]
    assert wuxue[11:15] == [DASH, DASH, "无链接", 0.21]
    assert wuxue[17:] == [
        "否", "不通过", FORMULA_MESSAGE + "\n提示：权威DNS服务器ns1.wuxue.gov.cn.test、ns2.wuxue.gov.cn.test均无AAAA记录",
    ]
    assert rows["蕲春县人民政府"][15:] == [3, "IPv6 30毫秒，IPv4 10毫秒", "是", "通过（有提示）", "提示：IPv6首页时延为IPv4的3.00倍"]
    assert rows["麻城市人民政府"][5:7] == ["无法判定", 0]
    assert rows["麻城市人民政府"][18:] == ["无法判定", "首页IPv6访问被防火墙拦截，无法判定"]
    assert rows["红安县人民政府"] == [8, "红安县人民政府", "4211220001", "www.hongan.gov.cn.test"] + [DASH] * 14 + [
        "未检查", None,
    ]


def test_figures_are_numbers_with_formats(ws: Worksheet) -> None:
    percent_columns = "GIJLMO"
    for letter in percent_columns:
        cell = ws[f"{letter}5"]  # 黄梅
        assert cell.data_type == "n", letter
        assert cell.number_format == "0.0%", letter
        assert ws[f"{letter}3"].value == DASH and ws[f"{letter}3"].data_type == "s"  # IPv4-only: text dash
    assert ws["P2"].number_format == "0.00" and isinstance(ws["P2"].value, float)
    assert ws["A2"].number_format == "0"
    assert ws["G2"].alignment.horizontal == "right" and ws["G3"].alignment.horizontal == "right"
    assert ws["T6"].alignment.wrap_text


def test_row_fills(ws: Worksheet) -> None:
    fills = {ws.cell(row=r, column=2).value: {_rgb(c) for c in ws[r][: len(HEADER)]} for r in range(2, 10)}
    assert fills == {
        "浠水县人民政府": {None},
        "黄冈市教育局": {RED},
        "黄冈市人力资源和社会保障局": {RED},
        "黄梅县人民政府": {RED},
        "武穴市人民政府": {RED},
        "蕲春县人民政府": {None},  # a notice is no failure
        "麻城市人民政府": {YELLOW},
        "红安县人民政府": {None},
    }


def test_failed_links_block(ws: Worksheet) -> None:
    caption = _find(ws, LINK_CAPTION)
    last_site_row = 1 + len(SITES)
    assert caption >= last_site_row + 3  # a clear gap: at least two empty rows
    assert all(ws.cell(row=r, column=c).value is None for r in range(last_site_row + 1, caption) for c in range(1, 21))
    assert ws.cell(row=caption, column=1).font.bold
    assert _row(ws, caption + 1, len(LINK_HEADER)) == LINK_HEADER
    assert all(c.font.bold for c in ws[caption + 1][: len(LINK_HEADER)])
    rows = [_row(ws, r, len(LINK_HEADER)) for r in range(caption + 2, caption + 7)]
    assert rows == [
        [1, "黄梅县人民政府", "二级", HM + "zwgk/a1.html", "站内", "服务器错误（HTTP 502）", "是", HM],
        [2, "黄梅县人民政府", "三级", HM + "zwgk/art1.html", "站内", "服务器错误（HTTP 502）", "是", HM + "zwgk/"],
        [3, "黄梅县人民政府", "三级", HM + "zwgk/art2.html", "站内", "服务器错误（HTTP 502）", "是", HM + "zwgk/"],
        [4, "黄梅县人民政府", "三级", "http://file.hm.gov.cn.test/f/plan.pdf", "站内", "无AAAA记录", "是", HM + "tzgg/"],
        [5, "黄梅县人民政府", "三级", "http://www.elsewhere.test/x.html", "站外", "@SUM(A1:A2)", "未检测", HM + "tzgg/"],
    ]
    assert ws.cell(row=caption + 7, column=1).value is None  # nothing more in the block
    first = caption + 2
    assert ws.cell(row=first, column=4).hyperlink.target == HM + "zwgk/a1.html"
    assert ws.cell(row=first, column=4).style == "Hyperlink"
    assert ws.cell(row=first, column=8).hyperlink.target == HM
    assert ws.cell(row=first, column=2).hyperlink is None


def test_chart_data_block_and_chart(ws: Worksheet) -> None:
    caption = _find(ws, CHART_CAPTION)
    assert caption > _find(ws, LINK_CAPTION) + 7
    header = caption + 1
    assert _row(ws, header, 4) == CHART_HEADER
    rows = [_row(ws, r, 4) for r in range(header + 1, header + 5)]
    assert rows == [
        [1, "浠水县人民政府", 1, 1],
        [2, "黄梅县人民政府", 0.9, pytest.approx(6 / 9)],
        [3, "武穴市人民政府", 1, None],  # no level-3 link: a gap, not a zero bar
        [4, "蕲春县人民政府", 1, 1],
    ]
    assert ws.cell(row=header + 5, column=1).value is None
    assert ws.cell(row=header + 1, column=3).number_format == "0.0%"

    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert chart.tagname == "barChart" and chart.type == "bar" and chart.grouping == "clustered"
    first, last = header + 1, header + 4
    quoted = f"'{SHEET}'"
    assert [s.val.numRef.f for s in chart.series] == [f"{quoted}!$C${first}:$C${last}", f"{quoted}!$D${first}:$D${last}"]
    assert [s.tx.strRef.f.replace("$", "") for s in chart.series] == [f"{quoted}!C{header}", f"{quoted}!D{header}"]
    cats = {(s.cat.numRef or s.cat.strRef).f for s in chart.series}
    assert cats == {f"{quoted}!$B${first}:$B${last}"}
    assert (chart.y_axis.scaling.min, chart.y_axis.scaling.max) == (0, 1)
    assert chart.y_axis.numFmt.formatCode == "0%"
    assert chart.y_axis.delete is False and chart.x_axis.delete is False
    # anchored right of the main table (one empty column between) at the top of the sheet, where it is seen
    # first and never sits under the (possibly long) failing-links block: it covers no cell
    anchor = chart.anchor._from
    assert (anchor.col, anchor.row) == (len(HEADER) + 1, 0)  # 0-based: column V, row 1
    assert all(
        ws.cell(row=r, column=c).value is None for r in range(1, ws.max_row + 40) for c in range(anchor.col + 1, 40)
    )
    title = "".join(run.t for para in chart.title.tx.rich.p for run in (para.r or []))
    assert title == "本站链接IPv6支持率（达标线85%）"


def test_formula_looking_text_stays_text(ws: Worksheet) -> None:
    seen = []
    for row in ws.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
            if isinstance(cell.value, str) and cell.value.startswith(("=", "@")):
                assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
                seen.append(cell.value)
    assert sorted(seen) == sorted([FORMULA_MESSAGE + "\n提示：权威DNS服务器ns1.wuxue.gov.cn.test、ns2.wuxue.gov.cn.test均无AAAA记录",
                                   "@SUM(A1:A2)"])


def test_notes_explain_the_sheet(book: openpyxl.Workbook) -> None:
    notes = book["说明"]
    items = [notes.cell(row=r, column=1).value for r in range(2, notes.max_row + 1)]
    assert items.count("IPv6支持情况") == 1


def test_widths_stay_in_bounds(ws: Worksheet) -> None:
    for letter in "ABCDEFGHIJKLMNOPQRST":
        assert 6 <= ws.column_dimensions[letter].width <= 40, letter
    assert ws.column_dimensions["D"].width >= 34  # widened for the failing links' URLs below


def test_self_check_failed_makes_everything_inconclusive(tmp_path: Path) -> None:
    data = ipv6_input(ipv6=NO_V6_SUMMARIES, findings=NO_V6_FINDINGS)
    ws = openpyxl.load_workbook(write_bulletin(data, tmp_path / "nov6.xlsx", generated_at=GENERATED))[SHEET]
    rows = [_row(ws, r) for r in range(2, 2 + len(SITES))]
    problem = f"检查端无IPv6连通性（{SELF_CHECK_ERROR}）"
    for row in rows[:-1]:
        assert row[18:] == ["无法判定", problem], row[1]
        assert row[5:17] == [DASH] * 12, row[1]  # nothing measured over IPv6 is shown
    assert [row[4] for row in rows] == ["有（1个）", "无", "有（1个）", "有（1个）", "有（1个）", "有（1个）", "有（1个）", DASH]
    assert rows[4][17] == "否"  # DNS facts stay: 武穴's name servers have no AAAA
    assert rows[-1][18:] == ["未检查", None]
    assert {_rgb(c) for c in ws[2][: len(HEADER)]} == {YELLOW}
    link_caption = _find(ws, LINK_CAPTION)
    assert ws.cell(row=link_caption + 2, column=1).value == "无"  # the failures say nothing without IPv6
    assert ws.cell(row=link_caption + 3, column=1).value is None
    assert not [r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=1).value == CHART_CAPTION]
    assert ws._charts == []


def test_self_check_failed_wins_over_a_stray_failure() -> None:
    """A failure recorded while the inspector had no IPv6 is never shown as a site's failure."""
    findings = (_f(21, HOME, Status.FAIL, "首页IPv6访问成功率0.0%"),)
    got = ipv6_support(SITES[:1], {21: NO_V6_SUMMARIES[21]}, findings, RULE_IDS, IPV6_RULES)
    assert got.loc[0, ["conclusion", "problems"]].tolist() == ["无法判定", f"检查端无IPv6连通性（{SELF_CHECK_ERROR}）"]


def test_sheet_absent_without_ipv6_data_or_rules(tmp_path: Path) -> None:
    data = ipv6_input(ipv6={}, ipv6_rule_ids=frozenset(), findings=())
    book = openpyxl.load_workbook(write_bulletin(data, tmp_path / "none.xlsx", generated_at=GENERATED))
    assert book.sheetnames == [n for n in ALL_SHEETS if n != SHEET]
    notes = book["说明"]
    assert "IPv6支持情况" not in [notes.cell(row=r, column=1).value for r in range(1, notes.max_row + 1)]


@pytest.mark.parametrize(
    ("changes", "present"),
    [({"ipv6": {}}, True), ({"ipv6_rule_ids": frozenset(), "findings": ()}, True)],
)
def test_sheet_present_with_either_data_or_rules(tmp_path: Path, changes: dict[str, object], present: bool) -> None:
    book = openpyxl.load_workbook(write_bulletin(ipv6_input(**changes), tmp_path / "one.xlsx"))
    assert (SHEET in book.sheetnames) is present
    assert book.sheetnames.index(SHEET) == 3


def test_rules_only_run_shows_conclusions_from_findings(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_bulletin(ipv6_input(ipv6={}), tmp_path / "rules-only.xlsx"))
    ws = book[SHEET]
    assert [ws.cell(row=r, column=19).value for r in range(2, 10)] == [
        "通过", "不通过", "不通过", "不通过", "不通过", "通过（有提示）", "无法判定", "未检查",
    ]
    assert [ws.cell(row=2, column=c).value for c in range(5, 19)] == [DASH] * 14
    assert _row(ws, _find(ws, LINK_CAPTION) + 2, 1) == ["无"]
    assert ws._charts == []


def test_default_input_has_no_ipv6() -> None:
    from bulletin_data import bulletin_input

    data = bulletin_input()
    assert dict(data.ipv6) == {} and data.ipv6_rule_ids == frozenset()
    assert not IPV6.wanted(data)
    assert IPV6 in SHEETS and [s.name for s in SHEETS].index(SHEET) == 3


# --- frames -------------------------------------------------------------------------------------------


def test_ipv6_frames_have_their_schema() -> None:
    got = ipv6_support(SITES, SUMMARIES, FINDINGS, RULE_IDS, IPV6_RULES)
    assert list(got.columns) == list(IPV6_SCHEMA) and len(got) == len(SITES)
    assert [type(v) for v in got["v6_rate"]] == [float, str, float, float, float, float, float, str]
    for build, schema in (
        (lambda: ipv6_support((), {}), IPV6_SCHEMA),
        (lambda: ipv6_failed_links((), {}), IPV6_LINK_SCHEMA),
        (lambda: ipv6_chart_data((), {}), IPV6_CHART_SCHEMA),
    ):
        frame = build()
        assert_frame_equal(frame, pd.DataFrame(columns=list(schema)).astype(schema))


def test_chart_data_frame() -> None:
    got = ipv6_chart_data(SITES, SUMMARIES)
    assert got["site_name"].tolist() == ["浠水县人民政府", "黄梅县人民政府", "武穴市人民政府", "蕲春县人民政府"]
    assert got["level2_rate"].tolist() == [1.0, 0.9, 1.0, 1.0]
    assert math.isnan(got.loc[2, "level3_rate"])


def test_frames_do_not_mutate_inputs() -> None:
    summaries = dict(SUMMARIES)
    findings = list(FINDINGS)
    ipv6_support(SITES, summaries, findings, RULE_IDS, IPV6_RULES)
    ipv6_failed_links(SITES, summaries)
    assert summaries == SUMMARIES and tuple(findings) == FINDINGS


def test_unregistered_summary_is_not_shown(caplog: pytest.LogCaptureFixture) -> None:
    got = ipv6_support(SITES[:1], {21: SUMMARIES[21], 99: SUMMARIES[24]})
    assert len(got) == 1
    assert "99" in caplog.text
    assert len(ipv6_failed_links(SITES[:1], {99: SUMMARIES[24]})) == 0


def test_summary_without_probes_shows_dashes() -> None:
    unmeasured = replace(SUMMARIES[21], measured=False)
    row = ipv6_support(SITES[:1], {21: unmeasured}).iloc[0]
    assert row["aaaa"] == DASH and row["v6_rate"] == DASH and row["conclusion"] == "未检查"


@pytest.mark.parametrize(
    ("changes", "text"),
    [
        ({}, "有（1个）"),
        ({"aaaa": ("::1", "fd00::1"), "aaaa_usable": ("::1",)}, "有（1个，另有1个非公网地址）"),
        ({"aaaa": ("fd00::1",), "aaaa_usable": ()}, "无可用地址（1个均非公网地址）"),
        ({"aaaa": (), "aaaa_usable": (), "aaaa_error": "noanswer"}, "无"),
        ({"aaaa": (), "aaaa_usable": (), "aaaa_error": ""}, "无"),
        ({"aaaa": (), "aaaa_usable": (), "aaaa_error": "timeout"}, "解析超时"),
        ({"aaaa": (), "aaaa_usable": (), "aaaa_error": "nxdomain"}, "域名不存在"),
        ({"aaaa": (), "aaaa_usable": (), "aaaa_error": "servfail"}, "解析失败（SERVFAIL）"),
        ({"aaaa": (), "aaaa_usable": (), "aaaa_error": "weird"}, "解析失败（weird）"),
    ],
)
def test_aaaa_text(changes: dict[str, object], text: str) -> None:
    assert aaaa_text(replace(SUMMARIES[21], **changes)) == text  # type: ignore[arg-type]


def test_link_rate_note() -> None:
    assert link_rate_note(None) == DASH
    assert link_rate_note(_rate(2, 0, 0, 0, 0, 0)) == "无链接"
    assert link_rate_note(_rate(2, 5, 2, 3, 2, 3, unknown=2)) == "本站成功2/3；全部成功2/3；无法判定2个"


def _one(rule: RuleInfo, status: Status, message: str = "m") -> Finding:
    return _f(21, rule, status, message)


@pytest.mark.parametrize(
    ("statuses", "conclusion"),
    [
        ((), "未检查"),
        (((AAAA, Status.PASS), (HOME, Status.PASS)), "通过"),
        (((AAAA, Status.PASS), (HOME, Status.FAIL), (L2, Status.INCONCLUSIVE)), "不通过"),
        (((AAAA, Status.PASS), (L3, Status.INCONCLUSIVE), (NS, Status.FAIL)), "无法判定"),
        (((AAAA, Status.PASS), (LAT, Status.FAIL)), "通过（有提示）"),
        (((AAAA, Status.PASS), (NS, Status.INCONCLUSIVE)), "通过"),
        (((AAAA, Status.NOT_APPLICABLE), (HOME, Status.NOT_APPLICABLE)), "不适用"),
        (((NS, Status.FAIL),), "不通过"),  # only notice findings: they decide
    ],
)
def test_ipv6_conclusion(statuses: tuple[tuple[RuleInfo, Status], ...], conclusion: str) -> None:
    findings = [_one(rule, status) for rule, status in statuses]
    assert ipv6_conclusion(findings, IPV6_RULES) == conclusion


def test_ipv6_problems_marks_and_deduplicates() -> None:
    findings = [
        _one(AAAA, Status.PASS, "ok"),
        _one(HOME, Status.INCONCLUSIVE, "首页IPv6访问被限流"),
        _one(L2, Status.INCONCLUSIVE, "首页IPv6访问被限流"),
        _one(L3, Status.INCONCLUSIVE, "未进行IPv6探测，无法判定"),
        _one(NS, Status.FAIL, "权威DNS无AAAA记录"),
        _one(SAME, Status.FAIL, ""),
    ]
    assert ipv6_problems(findings, IPV6_RULES).split("\n") == [
        "无法判定：首页IPv6访问被限流", "未进行IPv6探测，无法判定", "提示：权威DNS无AAAA记录", "IPv6与IPv4内容不一致",
    ]


def test_block_and_chart_specs_are_validated() -> None:
    with pytest.raises(ValueError, match="unknown columns"):
        BlockSpec(caption="x", build=lambda d, n: pd.DataFrame(), columns={"a": "A"}, widths={"b": 3})
    with pytest.raises(ValueError, match="chart"):
        BlockSpec(caption="x", build=lambda d, n: pd.DataFrame(), columns={"a": "A"},
                  chart=BarChartSpec(title="t", categories="a", series=("b",)))
    with pytest.raises(ValueError, match="chart"):
        BlockSpec(caption="x", build=lambda d, n: pd.DataFrame(), columns={"a": "A"},
                  chart=BarChartSpec(title="t", categories="a", series=()))


# --- review fixes: capped failing links, attempt-level homepage figures, interrupted self-check ---------------


def _many_failures(n: int, host: str = "www.hm.gov.cn.test") -> LinkRate:
    base = f"http://{host}/"
    failed = tuple(FailedLink(3, f"{base}art/{i}.html", base + "zwgk/", True, "服务器错误（HTTP 502）", True)
                   for i in range(n))
    return _rate(3, n, 0, n, 0, n, failed=failed)


def test_failing_links_are_capped_per_site_with_a_count_row() -> None:
    summaries = {24: replace(SUMMARIES[24], level2=None, level3=_many_failures(45)),
                 25: replace(SUMMARIES[25], level3=_many_failures(2, "www.wuxue.gov.cn.test"))}
    got = ipv6_failed_links(SITES, summaries)
    hm = got[got["site_name"] == "黄梅县人民政府"]
    assert len(hm) == 31 and hm["url"].tolist()[:2] == [HM + "art/0.html", HM + "art/1.html"]
    assert hm.iloc[-1][["level", "url", "scope", "reason", "ipv4", "source"]].tolist() == [
        "", "另有15个（见检查结果）", "", "", "", ""]
    assert got["site_name"].tolist()[31:] == ["武穴市人民政府"] * 2  # the next site is not buried
    assert got["seq"].tolist() == list(range(1, 34))
    assert len(ipv6_failed_links(SITES, {24: summaries[24]}, max_per_site=45)) == 45


def test_capped_block_in_the_workbook(tmp_path: Path) -> None:
    summaries = {**SUMMARIES, 24: replace(SUMMARIES[24], level2=None, level3=_many_failures(40))}
    ws = openpyxl.load_workbook(write_bulletin(ipv6_input(ipv6=summaries), tmp_path / "cap.xlsx"))[SHEET]
    first = _find(ws, LINK_CAPTION) + 2
    assert ws.cell(row=first + 30, column=4).value == "另有10个（见检查结果）"
    assert ws.cell(row=first + 30, column=4).hyperlink is None
    assert ws.cell(row=first + 31, column=1).value is None
    anchor = ws._charts[0].anchor._from
    assert anchor.row == 0 and anchor.col == len(HEADER) + 1  # still at the top, not under the long block


CDN_ATTEMPTS = HomepageAttempts(
    attempts=10, v6_ok=10, v6_only_failed=0, v4_only_failed=0, both_failed=1, unpaired_failed=0, undecidable=0,
    v4_attempts=10, v4_ok=9, addresses=("2400:3200::1", "2400:3200::2"),
    bad_addresses=(AddressFailures("2400:3200::2", 10, 11, ("连接被拒绝×10",)),),
)


def test_homepage_figures_are_attempt_level_when_judged_so() -> None:
    summary = replace(SUMMARIES[21], v6_attempts=22, v6_ok=11, v6_failures=("连接被拒绝×10", "连接超时×1"),
                      homepage=CDN_ATTEMPTS, latency_includes_dns=True)
    row = ipv6_support(SITES[:1], {21: summary}).iloc[0]
    assert row["v6_rate"] == 1.0  # 10 of 10 attempts, not 11 of 22 probes
    assert row["homepage_note"] == (
        "IPv6成功10/10次（2个地址，任一地址成功即算）；IPv4成功9/10次；双栈均失败1次（不计）；"
        "地址2400:3200::2失败10/11次；IPv6失败：连接被拒绝×10、连接超时×1")
    assert row["latency_note"] == "DNS解析+建立连接+首字节：IPv6 1.2毫秒，IPv4 1.1毫秒"


def test_connectivity_lost_during_the_round_is_said_so() -> None:
    lost = replace(NO_V6_SUMMARIES[21], self_check_interrupted=True)
    row = ipv6_support(SITES[:1], {21: lost}, FINDINGS[:7], RULE_IDS, IPV6_RULES).iloc[0]
    assert row["conclusion"] == "无法判定"
    assert row["problems"] == f"检查期间检查端IPv6连通性中断（{SELF_CHECK_ERROR}）"


def test_sampled_level_note() -> None:
    sampled = replace(_rate(3, 900, 500, 500, 500, 500, probed=500), sampled=True)
    assert link_rate_note(sampled) == "本站成功500/500；全部成功500/500；共900个，均匀抽样检查500个"
