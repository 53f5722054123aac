"""The bulletin's sheets, declared: name, frame builder, Chinese headers, widths, formats, links.

This list is the bulletin's layout; ``workbook.py`` renders whatever it says. See docs/style.md B8.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

import pandas as pd

from inspector.bulletin import frames
from inspector.bulletin.inputs import BulletinInput

logger = logging.getLogger(__name__)

Builder = Callable[[BulletinInput, datetime], pd.DataFrame]

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

# Light fills (Excel's own "bad" and "neutral" palette).
FILL_FAIL = "FFC7CE"
FILL_UNKNOWN = "FFEB9C"
FONT_MUTED = "808080"


@dataclass(frozen=True)
class RowFill:
    """Fill a whole table row when ``column`` holds one of the keys of ``fills`` (RGB hex)."""

    column: str
    fills: Mapping[str, str]


@dataclass(frozen=True)
class CellLook:
    """How one cell looks when it holds a given value: a fill and/or a font colour (RGB hex, "" = unchanged)."""

    fill: str = ""
    font_color: str = ""


def _check_columns(
    where: str,
    columns: Mapping[str, str],
    widths: Mapping[str, float],
    formats: Mapping[str, str],
    hyperlinks: frozenset[str],
    wrap: frozenset[str],
    align: Mapping[str, str],
    row_fill: RowFill | None,
    cell_looks: Mapping[str, Mapping[str, CellLook]] | None = None,
    link_targets: Mapping[str, str] | None = None,
    cell_formats: Mapping[str, str] | None = None,
) -> None:
    for group, names in (
        ("widths", widths),
        ("formats", formats),
        ("hyperlinks", hyperlinks),
        ("wrap", wrap),
        ("align", align),
        ("cell_looks", cell_looks or {}),
        ("link_targets", link_targets or {}),
        ("cell_formats", cell_formats or {}),
    ):
        unknown = set(names) - set(columns)
        if unknown:
            raise ValueError(f"{where}: {group} names unknown columns {sorted(unknown)}")
    if row_fill is not None and row_fill.column not in columns:
        raise ValueError(f"{where}: row_fill column {row_fill.column!r} unknown")
    for group, hidden in (("link_targets", link_targets or {}), ("cell_formats", cell_formats or {})):
        shown_targets = set(hidden.values()) & set(columns)
        if shown_targets:
            raise ValueError(f"{where}: {group} must name columns that are not shown, got {sorted(shown_targets)}")


def _frame_columns(
    columns: Mapping[str, str], link_targets: Mapping[str, str], cell_formats: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """The frame's columns: the shown ones, then the hidden link-target columns, then the hidden number-format
    columns (first use order)."""
    hidden = tuple(dict.fromkeys((*link_targets.values(), *(cell_formats or {}).values())))
    return (*columns, *hidden)


@dataclass(frozen=True)
class BarChartSpec:
    """A native bar chart of a block's figures, placed to the right of the block (one empty column between).

    ``categories`` is the block column with the bar labels, ``series`` the numeric columns (one bar series
    each, named by its header). ``percent`` values are fractions: the value axis runs from 0 to 100%.
    Empty cells are gaps, never zero bars.
    """

    title: str
    categories: str
    series: tuple[str, ...]
    value_title: str = ""
    percent: bool = False
    horizontal: bool = True  # bars across, one row of labels per category: long site names stay legible
    # "block": right of the block, level with its caption; "sheet": right of the sheet's main table, at its top
    # (where it is seen first, and never under a long block)
    anchor: str = "block"
    # stacked: the series of a category make one bar (counts that add up, e.g. 合格/不合格/无法判定 accounts);
    # zero values get no label
    stacked: bool = False
    # bar colours per series (RGB hex, "" = the viewer's default), as many as `series` or none
    colors: tuple[str, ...] = ()
    # the values are counts: the value axis shows whole numbers
    whole_numbers: bool = False

    def __post_init__(self) -> None:
        if self.anchor not in ("block", "sheet"):
            raise ValueError(f"chart {self.title}: anchor must be 'block' or 'sheet' (got {self.anchor!r})")
        if self.colors and len(self.colors) != len(self.series):
            raise ValueError(f"chart {self.title}: one colour per series or none ({len(self.series)} series)")


@dataclass(frozen=True)
class BlockSpec:
    """A further table written under a sheet's main table: a bold caption row, then header and rows.

    Same column options as :class:`SheetSpec`; no autofilter (a sheet has one, on its main table).
    ``empty_text`` is written under the header when the block has no rows; with ``skip_when_empty`` an empty
    block is not written at all (nor its chart). ``totals_row`` builds one row under the block's rows (one empty
    row between; not written for an empty block), styled as a sheet's totals row; the chart leaves it out.
    """

    caption: str
    build: Builder
    columns: Mapping[str, str]
    widths: Mapping[str, float] = field(default_factory=dict)
    formats: Mapping[str, str] = field(default_factory=dict)
    hyperlinks: frozenset[str] = frozenset()
    wrap: frozenset[str] = frozenset()
    align: Mapping[str, str] = field(default_factory=dict)
    row_fill: RowFill | None = None
    empty_text: str = "无"
    skip_when_empty: bool = False
    chart: BarChartSpec | None = None
    cell_looks: Mapping[str, Mapping[str, CellLook]] = field(default_factory=dict)
    link_targets: Mapping[str, str] = field(default_factory=dict)
    cell_formats: Mapping[str, str] = field(default_factory=dict)
    totals_row: Callable[[pd.DataFrame], Mapping[str, Any]] | None = None

    @property
    def frame_columns(self) -> tuple[str, ...]:
        """The columns the builder's frame must have: the shown ones, then the hidden link targets and formats."""
        return _frame_columns(self.columns, self.link_targets, self.cell_formats)

    def __post_init__(self) -> None:
        where = f"block {self.caption}"
        _check_columns(
            where, self.columns, self.widths, self.formats, self.hyperlinks, self.wrap, self.align, self.row_fill,
            self.cell_looks, self.link_targets, self.cell_formats,
        )
        if self.chart is not None:
            unknown = {self.chart.categories, *self.chart.series} - set(self.columns)
            if unknown or not self.chart.series:
                raise ValueError(f"{where}: chart needs series and known columns, unknown {sorted(unknown)}")


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the bulletin.

    ``columns`` maps the frame's internal column names to the Chinese headers, in sheet order.
    ``widths`` caps the auto-fitted width of a column (default ``DEFAULT_MAX_WIDTH``).
    ``formats`` are Excel number formats per column. ``hyperlinks`` are URL columns, ``wrap`` are long
    text columns, ``align`` sets a column's horizontal alignment. ``totals`` builds a two-column
    ``item, value`` block written under the table (one empty row between), with ``totals_formats`` per item.
    ``blocks`` are further tables written under everything above (two empty rows before each).
    ``include`` decides whether the sheet is written for a run (default: always).
    ``cell_looks`` colours single cells by their value (column → value → :class:`CellLook`), over any row fill.
    ``link_targets`` makes a column's cells hyperlinks to the URLs of another frame column, which is not written
    (the frame has those hidden columns after the shown ones; an empty or non-web target gives no link).
    ``cell_formats`` gives a column's cells their own number format, read from another (hidden) frame column
    ("" keeps the column's format from ``formats``), e.g. ``"≥"0`` for a figure that is only a lower bound:
    the cell stays a number. Hidden format columns come after the hidden link targets.
    ``freeze`` is the top-left cell of the scrolling area (``"C2"`` keeps the header and two columns in view).
    ``totals_row`` builds one row under the table (one empty row between), ``{column: value}``, styled like the
    totals block (which, when there is one too, follows it).
    ``resolve`` gives the sheet's layout for a run when its columns depend on the run (e.g. one column per rule):
    the writer uses ``spec.for_data(data)``.
    """

    name: str
    build: Builder
    columns: Mapping[str, str]
    widths: Mapping[str, float] = field(default_factory=dict)
    formats: Mapping[str, str] = field(default_factory=dict)
    hyperlinks: frozenset[str] = frozenset()
    wrap: frozenset[str] = frozenset()
    align: Mapping[str, str] = field(default_factory=dict)  # horizontal alignment per column
    row_fill: RowFill | None = None
    totals: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    totals_formats: Mapping[str, str] = field(default_factory=dict)
    autofilter: bool = True
    blocks: tuple[BlockSpec, ...] = ()
    include: Callable[[BulletinInput], bool] | None = None
    cell_looks: Mapping[str, Mapping[str, CellLook]] = field(default_factory=dict)
    link_targets: Mapping[str, str] = field(default_factory=dict)
    freeze: str = "A2"
    totals_row: Callable[[pd.DataFrame], Mapping[str, Any]] | None = None
    resolve: Callable[[BulletinInput], SheetSpec] | None = None
    cell_formats: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 31 or _BAD_SHEET_CHARS.search(self.name):
            raise ValueError(f"invalid sheet name {self.name!r}: 1-31 characters, none of []:*?/\\")
        _check_columns(
            f"sheet {self.name}",
            self.columns,
            self.widths,
            self.formats,
            self.hyperlinks,
            self.wrap,
            self.align,
            self.row_fill,
            self.cell_looks,
            self.link_targets,
            self.cell_formats,
        )

    @property
    def frame_columns(self) -> tuple[str, ...]:
        """The columns the builder's frame must have: the shown ones, then the hidden link targets and formats."""
        return _frame_columns(self.columns, self.link_targets, self.cell_formats)

    def for_data(self, data: BulletinInput) -> SheetSpec:
        """The layout for ``data``: this spec, or what ``resolve`` makes of it (same name, nothing left to resolve)."""
        if self.resolve is None:
            return self
        spec = self.resolve(data)
        if spec.name != self.name or spec.resolve is not None:
            raise ValueError(f"sheet {self.name}: resolve must return a resolved spec of the same name")
        return spec

    def wanted(self, data: BulletinInput) -> bool:
        """Whether this sheet is written for ``data``."""
        return self.include is None or bool(self.include(data))


DEFAULT_MAX_WIDTH = 40.0
_PERCENT = "0.0%"


def has_accounts(data: BulletinInput) -> bool:
    """The run inspected 政务新媒体 accounts: the 政务新媒体 sheet and the 总体情况 account block are written."""
    return bool(data.accounts)


# 总体情况's account block: the accounts' own totals, apart from the websites' (which never count an account)
SUMMARY_MEDIA = BlockSpec(
    caption="政务新媒体检查情况（单独统计，不计入上方网站合计）",
    build=lambda data, _now: frames.media_summary(data.accounts, data.account_verdicts, data.account_findings),
    columns={"accounts": "账号数", "passed": "合格数", "failed": "不合格数", "inconclusive": "无法判定数", "rate": "合格率"},
    formats={"accounts": "0", "passed": "0", "failed": "0", "inconclusive": "0", "rate": _PERCENT},
    align={"accounts": "right", "passed": "right", "failed": "right", "inconclusive": "right", "rate": "right"},
    skip_when_empty=True,  # a run without accounts: 总体情况 as it always was
)

SUMMARY = SheetSpec(
    name="总体情况",
    build=lambda data, _now: frames.site_summary(
        data.sites, data.verdicts, data.findings, data.previous if data.previous_run is not None else None
    ),
    columns={
        "seq": "序号",
        "site_name": "网站名称",
        "site_code": "网站标识码",
        "url": "网址",
        "level": "级别",
        "score": "得分",
        "verdict": "结论",
        "vetoes": "单项否决项",
        "problems": "问题数",
        "inconclusive": "无法判定项数",
        "prev_score": "上季度得分",
        "prev_verdict": "上季度结论",
        "change": "变化",
    },
    widths={"site_name": 36, "url": 40, "vetoes": 50, "change": 28},
    formats={"seq": "0", "score": "0.0", "problems": "0", "inconclusive": "0", "prev_score": "0.0"},
    hyperlinks=frozenset({"url"}),
    wrap=frozenset({"site_name", "vetoes", "change"}),
    row_fill=RowFill(column="verdict", fills={"不合格": FILL_FAIL, "无法判定": FILL_UNKNOWN}),
    totals=frames.summary_totals,
    totals_formats={"合格率": "0.0%"},
    blocks=(SUMMARY_MEDIA,),
)

# what 问题明细 and 新媒体问题明细 say of each finding, after the site or account columns
PROBLEM_COLUMNS: dict[str, str] = {
    "item": "检查项",
    "rule_id": "规则编号",
    "status": "判定",
    "severity": "性质",
    "deduction": "扣分",
    "message": "问题描述",
    "url": "问题地址",
    "referrer": "来源页面",
    "reference": "依据",
}
# narrow, wrapped columns so the sheets stay legible when printed on A4 landscape
PROBLEM_WIDTHS: dict[str, float] = {"item": 18, "rule_id": 16, "message": 40, "url": 28, "referrer": 28, "reference": 24}
PROBLEM_WRAP = frozenset({"item", "rule_id", "message", "url", "referrer", "reference"})

PROBLEMS = SheetSpec(
    name="问题明细",
    build=lambda data, _now: frames.problem_details(data.sites, data.findings, data.rules),
    columns={"seq": "序号", "site_name": "网站名称", **PROBLEM_COLUMNS},
    widths={"site_name": 16, **PROBLEM_WIDTHS},
    formats={"seq": "0", "deduction": "0.0"},
    hyperlinks=frozenset({"url", "referrer"}),
    wrap=PROBLEM_WRAP | {"site_name"},
)

LINKS = SheetSpec(
    name="断链明细",
    build=lambda data, _now: frames.link_details(data.sites, data.findings, data.link_rule_ids, data.rules),
    columns={
        "seq": "序号",
        "site_name": "网站名称",
        "location": "位置",
        "link_text": "链接文字",
        "link_url": "链接地址",
        "page": "所在页面",
        "problem": "问题类型",
        "http_status": "HTTP状态",
        "status": "判定",
        "technical": "技术细节",
    },
    widths={"site_name": 16, "link_text": 20, "link_url": 34, "page": 34, "problem": 24, "technical": 30},
    formats={"seq": "0", "http_status": "0"},
    hyperlinks=frozenset({"link_url", "page"}),
    wrap=frozenset({"site_name", "link_text", "link_url", "page", "problem", "technical"}),
)

RULES = SheetSpec(
    name="检查项目",
    build=lambda data, _now: frames.rule_catalogue(data.rules, data.findings, data.account_findings),
    columns={
        "rule_id": "规则编号",
        "title": "检查项",
        "severity": "性质",
        "points": "分值",
        "reference": "依据",
        "passed": "通过",
        "failed": "不通过",
        "inconclusive": "无法判定",
        "not_applicable": "不适用",
        "target": "检查对象",
    },
    widths={"rule_id": 26, "title": 36, "reference": 50, "target": 14},
    formats={"passed": "0", "failed": "0", "inconclusive": "0", "not_applicable": "0"},
    wrap=frozenset({"title", "reference"}),
)

def has_ipv6(data: BulletinInput) -> bool:
    """The run measured IPv6 or has IPv6 rules: the IPv6支持情况 sheet is written."""
    return bool(data.ipv6) or bool(data.ipv6_rule_ids)


IPV6_FAILED_LINKS = BlockSpec(
    caption="IPv6访问失败的链接",
    build=lambda data, _now: frames.ipv6_failed_links(data.sites, data.ipv6),
    columns={
        "seq": "序号",
        "site_name": "网站名称",
        "level": "层级",
        "url": "链接",
        "scope": "站内/站外",
        "reason": "原因",
        "ipv4": "IPv4可访问",
        "source": "来源页面",
    },
    widths={"site_name": 16, "url": 34, "reason": 24, "source": 34},
    formats={"seq": "0"},
    hyperlinks=frozenset({"url", "source"}),
    wrap=frozenset({"site_name", "url", "reason", "source"}),
    align={"level": "center", "scope": "center", "ipv4": "center"},
)

IPV6_CHART_DATA = BlockSpec(
    caption="图表数据：本站链接IPv6支持率（仅列有数据的网站，空白为无数据）",
    build=lambda data, _now: frames.ipv6_chart_data(data.sites, data.ipv6),
    columns={"seq": "序号", "site_name": "网站名称", "level2_rate": "二级链接支持率", "level3_rate": "三级链接支持率"},
    widths={"site_name": 16},
    formats={"seq": "0", "level2_rate": _PERCENT, "level3_rate": _PERCENT},
    wrap=frozenset({"site_name"}),
    skip_when_empty=True,
    chart=BarChartSpec(
        title="本站链接IPv6支持率（达标线85%）",  # the 85% of ipv6-level2/3-links.toml (2022 work arrangement)
        categories="site_name",
        series=("level2_rate", "level3_rate"),
        value_title="支持率",
        percent=True,
        anchor="sheet",
    ),
)

IPV6 = SheetSpec(
    name="IPv6支持情况",
    build=lambda data, _now: frames.ipv6_support(
        data.sites, data.ipv6, data.findings, data.ipv6_rule_ids, data.rules
    ),
    columns={
        "seq": "序号",
        "site_name": "网站名称",
        "site_code": "网站标识码",
        "host": "域名",
        "aaaa": "AAAA记录",
        "homepage": "首页IPv6可访问",
        "v6_rate": "IPv6访问成功率",
        "homepage_note": "首页访问情况",
        "level2_rate": "二级链接支持率",
        "level2_all_rate": "二级链接支持率（含站外）",
        "level2_note": "二级链接说明",
        "level3_rate": "三级链接支持率",
        "level3_all_rate": "三级链接支持率（含站外）",
        "level3_note": "三级链接说明",
        "similarity": "内容一致性",
        "latency_ratio": "时延比（IPv6/IPv4）",
        "latency_note": "首页时延",
        "nameservers": "权威DNS支持IPv6",
        "conclusion": "结论",
        "problems": "问题",
    },
    # figures are numbers (sortable, filterable) with number formats; "—" where there is nothing to show
    widths={
        "site_name": 16,
        "host": 22,
        "aaaa": 14,
        "homepage": 10,
        "v6_rate": 10,
        "homepage_note": 24,
        "level2_rate": 10,
        "level2_all_rate": 12,
        "level2_note": 24,
        "level3_rate": 10,
        "level3_all_rate": 12,
        "level3_note": 24,
        "similarity": 10,
        "latency_ratio": 12,
        "latency_note": 26,
        "nameservers": 10,
        "conclusion": 12,
        "problems": 40,
    },
    formats={
        "seq": "0",
        "v6_rate": _PERCENT,
        "level2_rate": _PERCENT,
        "level2_all_rate": _PERCENT,
        "level3_rate": _PERCENT,
        "level3_all_rate": _PERCENT,
        "similarity": _PERCENT,
        "latency_ratio": "0.00",
    },
    wrap=frozenset(
        {"site_name", "host", "aaaa", "homepage_note", "level2_note", "level3_note", "latency_note", "problems"}
    ),
    align={
        "homepage": "center",
        "v6_rate": "right",
        "level2_rate": "right",
        "level2_all_rate": "right",
        "level3_rate": "right",
        "level3_all_rate": "right",
        "similarity": "right",
        "latency_ratio": "right",
        "nameservers": "center",
        "conclusion": "center",
    },
    row_fill=RowFill(column="conclusion", fills={"不通过": FILL_FAIL, "无法判定": FILL_UNKNOWN}),
    blocks=(IPV6_FAILED_LINKS, IPV6_CHART_DATA),
    include=has_ipv6,
)

def has_column_rules(data: BulletinInput) -> bool:
    """The run has required-column rules: the 栏目检查 sheet is written."""
    return bool(data.column_rule_ids)


def has_column_states(data: BulletinInput) -> bool:
    """The run summarised its sites' columns: the 栏目更新 sheet is written."""
    return bool(data.columns)


def _column_rules(data: BulletinInput) -> tuple[tuple[str, str], ...]:
    return frames.column_rule_headers(data.rules, data.column_rule_ids, data.findings)


COLUMN_CELL_WIDTH = 10.0  # 5 CJK characters a line: long column names wrap in the header, 无法判定 fits
COLUMN_CELL_LOOKS: Mapping[str, CellLook] = {
    frames.COLUMN_ABSENT: CellLook(fill=FILL_FAIL),
    frames.COLUMN_UNKNOWN: CellLook(fill=FILL_UNKNOWN),
    frames.COLUMN_NOT_APPLICABLE: CellLook(font_color=FONT_MUTED),
    frames.NO_VALUE: CellLook(font_color=FONT_MUTED),
}


def _column_check_layout(data: BulletinInput) -> SheetSpec:
    """栏目检查 for a run: the site columns, one column per required-column rule, then 缺少栏目数."""
    rules = _column_rules(data)
    ids = tuple(rule_id for rule_id, _ in rules)
    cells = {frames.column_cell_name(rule_id): header for rule_id, header in rules}
    columns = dict(list(COLUMN_CHECK.columns.items())[:4]) | cells | {"missing": COLUMN_CHECK.columns["missing"]}
    return replace(
        COLUMN_CHECK,
        build=lambda d, _now: frames.column_presence(d.sites, d.findings, ids),
        columns=columns,
        widths=dict(COLUMN_CHECK.widths) | {name: COLUMN_CELL_WIDTH for name in cells},
        align=dict(COLUMN_CHECK.align) | {name: "center" for name in cells},
        cell_looks={name: COLUMN_CELL_LOOKS for name in cells},
        link_targets={frames.column_cell_name(rule_id): frames.column_link_name(rule_id) for rule_id in ids},
        totals_row=lambda frame: frames.column_presence_totals(frame, ids),
        resolve=None,
    )


COLUMN_CHECK = SheetSpec(
    name="栏目检查",
    build=lambda data, _now: frames.column_presence(
        data.sites, data.findings, tuple(rule_id for rule_id, _ in _column_rules(data))
    ),
    # the base columns; `resolve` inserts one column per required-column rule before 缺少栏目数
    columns={"seq": "序号", "site_name": "网站名称", "site_code": "网站标识码", "level": "级别", "missing": "缺少栏目数"},
    widths={"site_name": 16, "site_code": 12, "missing": 8},
    formats={"seq": "0", "missing": "0"},
    wrap=frozenset({"site_name"}),
    align={"level": "center", "missing": "center"},
    freeze="C2",  # the header and 序号, 网站名称 stay in view on a wide sheet
    include=has_column_rules,
    resolve=_column_check_layout,
)

COLUMN_UPDATE = SheetSpec(
    name="栏目更新",
    build=lambda data, _now: frames.column_updates(data.sites, data.columns),
    columns={
        "seq": "序号",
        "site_name": "网站名称",
        "column": "栏目",
        "kind": "类型",
        "latest": "最近更新",
        "days_since": "距今天数",
        "window_days": "更新要求（天）",
        "conclusion": "结论",
        "note": "说明",
        "url": "栏目地址",
    },
    widths={"site_name": 16, "column": 20, "kind": 10, "latest": 12, "days_since": 8, "window_days": 9,
            "conclusion": 12, "note": 36, "url": 34},
    formats={"seq": "0", "days_since": "0", "window_days": "0"},
    hyperlinks=frozenset({"url"}),
    wrap=frozenset({"site_name", "column", "note", "url"}),
    align={"kind": "center", "latest": "center", "conclusion": "center"},
    row_fill=RowFill(
        column="conclusion",
        fills={
            frames.COLUMN_UPDATE_LABELS["stale"]: FILL_FAIL,
            frames.COLUMN_UPDATE_LABELS["blank"]: FILL_FAIL,
            frames.COLUMN_UPDATE_LABELS["unreadable"]: FILL_UNKNOWN,
        },
    ),
    include=has_column_states,
)

MEDIA_PLATFORMS = BlockSpec(
    caption="各平台检查情况（合格率＝合格数÷（合格数＋不合格数），无法判定的账号不计入）",
    build=lambda data, _now: frames.media_platforms(data.accounts, data.account_verdicts, data.account_findings),
    columns={
        "platform": "平台",
        "checked": "检查数",
        "passed": "合格数",
        "failed": "不合格数",
        "inconclusive": "无法判定数",
        "rate": "合格率",
    },
    formats={"checked": "0", "passed": "0", "failed": "0", "inconclusive": "0", "rate": _PERCENT},
    align={"rate": "right"},
    cell_looks={"rate": {frames.NO_VALUE: CellLook(font_color=FONT_MUTED)}},
    totals_row=frames.media_platform_totals,
    skip_when_empty=True,
    # counts, never rates: a platform without any judged account shows no bar rather than a 0% one
    chart=BarChartSpec(
        title="各平台政务新媒体检查结论（个）",
        categories="platform",
        series=("passed", "failed", "inconclusive"),
        value_title="账号数",
        stacked=True,
        colors=("70AD47", "E06666", "FFC000"),
        whole_numbers=True,
    ),
)

MEDIA_UNREGISTERED = BlockSpec(
    caption="门户网站政务新媒体页面列出、但未在账号登记表中的账号（请核实是否已备案、已关停或漏登）",
    build=lambda data, _now: frames.portal_unregistered(data.sites, data.findings, data.rules),
    columns={"site_name": "网站名称", "account": "页面列出的账号", "platform": "平台", "url": "政务新媒体页面"},
    widths={"site_name": 18, "account": 24, "platform": 12, "url": 40},
    hyperlinks=frozenset({"url"}),
    wrap=frozenset({"site_name", "account", "url"}),
    skip_when_empty=True,
)

MEDIA_PROBLEMS = SheetSpec(
    name="新媒体问题明细",
    build=lambda data, _now: frames.media_problem_details(data.accounts, data.account_findings, data.rules),
    columns={"seq": "序号", "name": "账号名称", "platform": "平台", "owner": "主办单位",
             **PROBLEM_COLUMNS, "referrer": "来源文章"},  # a link's referrer is the post it was found in
    widths={"name": 14, "platform": 10, "owner": 16, **PROBLEM_WIDTHS},
    formats={"seq": "0", "deduction": "0.0"},
    hyperlinks=frozenset({"url", "referrer"}),
    wrap=PROBLEM_WRAP | {"name", "owner"},
    row_fill=RowFill(column="status", fills={"无法判定": FILL_UNKNOWN}),
    include=has_accounts,
)

MEDIA = SheetSpec(
    name="政务新媒体",
    build=lambda data, _now: frames.media_accounts(
        data.accounts, data.account_verdicts, data.account_findings, data.rules
    ),
    columns={
        "seq": "序号",
        "name": "账号名称",
        "platform": "平台",
        "owner": "主办单位",
        "site_name": "所属网站",
        "latest": "最近更新",
        "days_since": "距今天数",
        "posts": "本季度发文数",
        "longest_gap": "最长间隔(天)",
        "health": "数据源状态",
        "score": "得分",
        "verdict": "结论",
        "problems": "问题",
        "note": "备注",
    },
    widths={"name": 18, "platform": 10, "owner": 18, "site_name": 16, "latest": 17, "days_since": 8, "posts": 10,
            "longest_gap": 13, "health": 14, "score": 8, "verdict": 10, "problems": 50, "note": 28},
    formats={"seq": "0", "days_since": "0", "posts": "0", "longest_gap": "0", "score": "0.0"},
    wrap=frozenset({"name", "owner", "site_name", "health", "problems", "note"}),
    align={"platform": "center", "latest": "center", "days_since": "right", "posts": "right",
           "longest_gap": "right", "score": "right", "verdict": "center"},
    row_fill=RowFill(column="verdict", fills={"不合格": FILL_FAIL, "无法判定": FILL_UNKNOWN}),
    # a figure that is only a lower bound stays a number but reads ≥N (and 备注 says why)
    cell_formats={"posts": "posts_format", "longest_gap": "gap_format"},
    blocks=(MEDIA_PLATFORMS, MEDIA_UNREGISTERED),
    include=has_accounts,
    freeze="C2",  # the header and 序号, 账号名称 stay in view on a wide sheet
)

NOTES = SheetSpec(
    name="说明",
    build=lambda data, now: frames.run_notes(
        data.run,
        now,
        data.previous_run,
        ipv6=has_ipv6(data),
        column_check=has_column_rules(data),
        column_update=has_column_states(data),
        accounts=has_accounts(data),
    ),
    columns={"item": "项目", "content": "内容"},
    widths={"item": 18, "content": 90},
    wrap=frozenset({"content"}),
    align={"content": "left"},
    autofilter=False,
)

SHEETS: tuple[SheetSpec, ...] = (
    SUMMARY, PROBLEMS, LINKS, IPV6, COLUMN_CHECK, COLUMN_UPDATE, MEDIA, MEDIA_PROBLEMS, RULES, NOTES,
)
