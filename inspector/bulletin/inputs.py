"""The bulletin's input: everything one run hands to the workbook writer.

The pipeline (or ``inspector bulletin --run N``) fills these from the store; the bulletin
package only presents them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
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
