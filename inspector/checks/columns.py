"""Required disclosure columns and their freshness (standards.md §1.2 vetoes 3–5, §3, §5; plan tasks 1–26).

Columns are discovered from the stored crawl (links, pages and their list facts) with rule-file keywords and URL
slugs; their lists are read from `PageRecord.facts["list"]`. `column_states(site, params)` summarises every column
of a site for the column-update rule and the bulletin's 栏目更新 sheet.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ColumnState:
    """One column of a site as the freshness rules see it."""

    name: str
    url: str
    kind: str  # type key from the column-update rule (news, notice, policy, personnel, plan), "" when untyped
    kind_label: str  # 动态要闻, 通知公告, … ("" when untyped)
    latest: date | None
    days_since: int | None
    window_days: int | None
    items: int
    status: str  # "fresh" | "stale" | "blank" | "unreadable" | "untyped"
    note: str  # Chinese: why, e.g. 最近更新2026-03-02，距今269天，超过180天
