"""The bulletin's input: everything one run hands to the workbook writer.

The pipeline (or ``inspector bulletin --run N``) fills these from the store; the bulletin
package only presents them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from inspector.checks.ipv6 import Ipv6Summary
from inspector.model import Finding, Severity, Site, SiteVerdict, Verdict

if TYPE_CHECKING:  # only a type here: the bulletin reads ColumnState's fields, it never builds one
    from inspector.checks.columns import ColumnState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RuleInfo:
    """One rule of the catalogue, as the bulletin shows it."""

    id: str
    title: str  # the rule's name (its passing wording): the bulletin's 检查项 for every status
    failure_title: str  # failing wording (findings carry their own wording in their messages)
    severity: Severity
    points: float
    reference: str
    check: str  # import path of the check function (not shown to analysts)
    # the short name of what the rule looks for, e.g. “六保”专题 (a required-column rule's params `name`): the
    # 栏目检查 sheet's column header; "" = derived from the title
    short_name: str = ""
    target: str = "site"  # what the rule judges: "site" (websites) or "account" (政务新媒体 accounts)


@dataclass(frozen=True)
class RunInfo:
    """One inspection run."""

    run_id: int
    as_of: date  # 基准日期
    started_at: str
    finished_at: str
    quarter: str  # "2026Q4"
    notes: tuple[str, ...] = ()  # run-level remarks, e.g. "检查端网络自检失败…"


@dataclass(frozen=True)
class PreviousResult:
    """Last quarter's result for a site, matched to this run's site by its homepage URL."""

    score: float
    verdict: Verdict
    vetoes: tuple[str, ...] = ()

    @classmethod
    def of(cls, verdict: SiteVerdict) -> PreviousResult:
        return cls(score=verdict.score, verdict=verdict.verdict, vetoes=verdict.vetoes)


@dataclass(frozen=True)
class AccountInfo:
    """One 政务新媒体 account of the run, with what its source showed (the 政务新媒体 sheet's figures).

    Activity figures are None when the source said nothing about the account (health not OK/EMPTY) or gave no
    dated post; `*_lower_bound` marks a figure that is only a lower bound (the feed did not reach back to the
    quarter start)."""

    account_id: int
    name: str  # 账号名称
    platform: str  # 平台, Chinese label (微信公众号, 微博, 抖音, 今日头条, 客户端, 其他)
    owner: str  # 主办单位
    site_name: str = ""  # the registry site it belongs to ("" when none)
    health: str = ""  # 数据源状态, Chinese label (正常, 验证码或防火墙拦截, 无自动数据源 ...)
    healthy: bool = False
    health_detail: str = ""  # the source's short English detail ("rss20 feed, 20 posts", "http 503" ...)
    source_url: str = ""  # the address read ("" for manual / no source)
    latest: datetime | None = None  # 最近更新 (aware, Beijing time)
    days_since: int | None = None  # 距今天数 (calendar days to the reference date)
    posts_in_quarter: int | None = None  # 本季度发文数
    posts_lower_bound: bool = False
    longest_gap: int | None = None  # 最长间隔(天)
    gap_lower_bound: bool = False
    latest_uncertain: bool = False  # every dated post the source showed is pinned: a newer one may exist


@dataclass(frozen=True)
class BulletinInput:
    """Everything the workbook shows for one run."""

    run: RunInfo
    sites: tuple[tuple[int, Site], ...]  # (site_id, Site) in registry order
    verdicts: Mapping[int, SiteVerdict]  # per site_id
    findings: tuple[Finding, ...]  # every finding of the run (pass ones included)
    rules: tuple[RuleInfo, ...]
    link_rule_ids: frozenset[str]  # rules whose findings are link findings (断链明细)
    # last quarter's results keyed by THIS run's site_id (sites matched by homepage URL); empty when none
    previous: Mapping[int, PreviousResult] = field(default_factory=dict)
    previous_run: tuple[int, str] | None = None  # (run id, quarter) compared with; None: no comparison run
    # IPv6 (issue 3): what the run measured per site_id, and the ids of the IPv6 rules (IPv6支持情况 sheet).
    # The sheet is written when either is non-empty; a site missing from `ipv6` shows "—" for every measurement.
    ipv6: Mapping[int, Ipv6Summary] = field(default_factory=dict)
    ipv6_rule_ids: frozenset[str] = frozenset()
    # Required columns (issue 4): per site_id the site's columns as the freshness rules saw them (栏目更新 sheet,
    # written when non-empty), and the ids of the required-column rules (栏目检查 sheet, written when non-empty).
    columns: Mapping[int, tuple[ColumnState, ...]] = field(default_factory=dict)
    column_rule_ids: frozenset[str] = frozenset()
    # 政务新媒体 (issue 5): the run's accounts in registry order, their verdicts (keyed by account_id, scored like
    # sites) and their findings (Finding.account_id set; NOT in `findings`, which holds the websites' findings).
    # The 政务新媒体 sheet and the 总体情况 account block are written when `accounts` is non-empty.
    accounts: tuple[AccountInfo, ...] = ()
    account_verdicts: Mapping[int, SiteVerdict] = field(default_factory=dict)
    account_findings: tuple[Finding, ...] = ()
