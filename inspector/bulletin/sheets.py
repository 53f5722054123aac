"""The bulletin's sheets, declared: name, frame builder, Chinese headers, widths, formats, links.

This list is the bulletin's layout; ``workbook.py`` renders whatever it says. See docs/style.md B8.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd

from inspector.bulletin import frames
from inspector.bulletin.inputs import BulletinInput

logger = logging.getLogger(__name__)

Builder = Callable[[BulletinInput, datetime], pd.DataFrame]

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

# Light fills (Excel's own "bad" and "neutral" palette).
FILL_FAIL = "FFC7CE"
FILL_UNKNOWN = "FFEB9C"


@dataclass(frozen=True)
class RowFill:
    """Fill a whole table row when ``column`` holds one of the keys of ``fills`` (RGB hex)."""

    column: str
    fills: Mapping[str, str]


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the bulletin.

    ``columns`` maps the frame's internal column names to the Chinese headers, in sheet order.
    ``widths`` caps the auto-fitted width of a column (default ``DEFAULT_MAX_WIDTH``).
    ``formats`` are Excel number formats per column. ``hyperlinks`` are URL columns, ``wrap`` are long
    text columns, ``align`` sets a column's horizontal alignment. ``totals`` builds a two-column
    ``item, value`` block written under the table (one empty row between), with ``totals_formats`` per item.
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

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > 31 or _BAD_SHEET_CHARS.search(self.name):
            raise ValueError(f"invalid sheet name {self.name!r}: 1-31 characters, none of []:*?/\\")
        for group, names in (
            ("widths", self.widths),
            ("formats", self.formats),
            ("hyperlinks", self.hyperlinks),
            ("wrap", self.wrap),
            ("align", self.align),
        ):
            unknown = set(names) - set(self.columns)
            if unknown:
                raise ValueError(f"sheet {self.name}: {group} names unknown columns {sorted(unknown)}")
        if self.row_fill is not None and self.row_fill.column not in self.columns:
            raise ValueError(f"sheet {self.name}: row_fill column {self.row_fill.column!r} unknown")


DEFAULT_MAX_WIDTH = 40.0

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
)

PROBLEMS = SheetSpec(
    name="问题明细",
    build=lambda data, _now: frames.problem_details(data.sites, data.findings, data.rules),
    columns={
        "seq": "序号",
        "site_name": "网站名称",
        "item": "检查项",
        "rule_id": "规则编号",
        "status": "判定",
        "severity": "性质",
        "deduction": "扣分",
        "message": "问题描述",
        "url": "问题地址",
        "referrer": "来源页面",
        "reference": "依据",
    },
    # narrow, wrapped columns so the sheet stays legible when printed on A4 landscape
    widths={"site_name": 16, "item": 18, "rule_id": 16, "message": 40, "url": 28, "referrer": 28, "reference": 24},
    formats={"seq": "0", "deduction": "0.0"},
    hyperlinks=frozenset({"url", "referrer"}),
    wrap=frozenset({"site_name", "item", "rule_id", "message", "url", "referrer", "reference"}),
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
    build=lambda data, _now: frames.rule_catalogue(data.rules, data.findings),
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
    },
    widths={"rule_id": 26, "title": 36, "reference": 50},
    formats={"passed": "0", "failed": "0", "inconclusive": "0", "not_applicable": "0"},
    wrap=frozenset({"title", "reference"}),
)

NOTES = SheetSpec(
    name="说明",
    build=lambda data, now: frames.run_notes(data.run, now, data.previous_run),
    columns={"item": "项目", "content": "内容"},
    widths={"item": 18, "content": 90},
    wrap=frozenset({"content"}),
    align={"content": "left"},
    autofilter=False,
)

SHEETS: tuple[SheetSpec, ...] = (SUMMARY, PROBLEMS, LINKS, RULES, NOTES)
