"""Bulletin frames: one pure function per sheet, run data in, ``DataFrame`` out.

No styling here and no I/O; inputs are never mutated. Columns are snake_case; ``sheets.py`` maps them
to the Chinese headers. See docs/style.md B8.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import pandas as pd

from inspector.bulletin.inputs import AccountInfo, PreviousResult, RuleInfo, RunInfo
from inspector.bulletin.quarters import quarter_bounds
from inspector.checks._common import is_attachment_url, problem_label, technical_detail
from inspector.checks.ipv6 import Ipv6Summary, LinkRate
from inspector.model import Evidence, Finding, Severity, Site, SiteVerdict, Status, Verdict

if TYPE_CHECKING:
    from inspector.checks.columns import ColumnState

logger = logging.getLogger(__name__)

VETO_SEPARATOR = "；"
HOMEPAGE_SUFFIX = "-homepage"
PASS_SCORE = 60
#: Times in the bulletin are shown as Beijing wall-clock time (the analysts' time), whatever the server's zone.
BEIJING = timezone(timedelta(hours=8), "北京时间")
TIME_SUFFIX = "（北京时间）"

SUMMARY_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "site_name": "str",
    "site_code": "str",
    "url": "str",
    "level": "str",
    "score": "float64",
    "verdict": "str",
    "vetoes": "str",
    "problems": "int64",
    "inconclusive": "int64",
    "prev_score": "float64",
    "prev_verdict": "str",
    "change": "str",
}
TOTALS_SCHEMA: dict[str, str] = {"item": "str", "value": "object"}
PROBLEM_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "site_name": "str",
    "item": "str",
    "rule_id": "str",
    "status": "str",
    "severity": "str",
    "deduction": "float64",
    "message": "str",
    "url": "str",
    "referrer": "str",
    "reference": "str",
}
LINK_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "site_name": "str",
    "location": "str",
    "link_text": "str",
    "link_url": "str",
    "page": "str",
    "problem": "str",
    "http_status": "Int64",
    "status": "str",
    "technical": "str",
}
RULE_SCHEMA: dict[str, str] = {
    "rule_id": "str",
    "title": "str",
    "severity": "str",
    "points": "float64",
    "reference": "str",
    "passed": "int64",
    "failed": "int64",
    "inconclusive": "int64",
    "not_applicable": "int64",
    "target": "str",
}
NOTES_SCHEMA: dict[str, str] = {"item": "str", "content": "object"}
TARGET_LABELS = {"site": "网站", "account": "政务新媒体账号"}  # 检查项目's 检查对象: what a rule's counts count
# Measured figures are numbers (fractions, ratios) or NO_VALUE when there is nothing to show: "object" columns.
IPV6_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "site_name": "str",
    "site_code": "str",
    "host": "str",
    "aaaa": "str",
    "homepage": "str",
    "v6_rate": "object",
    "homepage_note": "str",
    "level2_rate": "object",
    "level2_all_rate": "object",
    "level2_note": "str",
    "level3_rate": "object",
    "level3_all_rate": "object",
    "level3_note": "str",
    "similarity": "object",
    "latency_ratio": "object",
    "latency_note": "str",
    "nameservers": "str",
    "conclusion": "str",
    "problems": "str",
}
IPV6_LINK_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "site_name": "str",
    "level": "str",
    "url": "str",
    "scope": "str",
    "reason": "str",
    "ipv4": "str",
    "source": "str",
}
IPV6_CHART_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "site_name": "str",
    "level2_rate": "float64",
    "level3_rate": "float64",
}
NO_COMPARISON = "无（存储中没有上季度的检查结果）"

# Worst first: the status a site gets for a rule when the rule produced several findings there.
_STATUS_RANK = {Status.FAIL: 0, Status.INCONCLUSIVE: 1, Status.PASS: 2, Status.NOT_APPLICABLE: 3}
_REPORTED = (Status.FAIL, Status.INCONCLUSIVE)

LEGEND: tuple[tuple[str, str], ...] = (
    ("结论：合格", f"无单项否决项，且得分≥{PASS_SCORE}分。"),
    ("结论：不合格", f"存在单项否决项，或得分低于{PASS_SCORE}分。"),
    (
        "结论：无法判定",
        "关键检查项因防火墙拦截、访问限流或检查端网络异常等原因无法得出可靠结论，暂不给出合格与否的结论，需人工核查。",
    ),
    (
        "判定：无法判定",
        "检查工具无法可靠判断该项（如被防火墙拦截、被限流），不计为不通过，不扣分，需人工核查。",
    ),
    ("性质：单项否决", "该项不通过，网站即为不合格。"),
    ("性质：扣分", "该项不通过按规则扣分；同一检查项多处问题累计扣分，以该检查项分值为上限。"),
    ("性质：提示", "仅作提示，不扣分。"),
    ("得分", "满分100分，减去各检查项扣分（每个检查项的扣分不超过该项分值）。"),
    (
        "问题明细",
        "列出判定为“不通过”或“无法判定”的检查结果；检查项为规则名称（同一规则名称固定，便于筛选），"
        "问题描述为该项的具体情况；扣分为封顶前的扣分。",
    ),
    (
        "断链明细",
        "列出链接类检查项中不通过或无法判定的链接；位置分首页与其他页面。问题类型为归类后的原因，"
        "技术细节为检查工具记录的原始信息（供技术人员核查）。",
    ),
    ("检查项目", "通过/不通过/无法判定/不适用为各检查项结论的计数，按“检查对象”列计：网站检查项为网站数，"
                 "政务新媒体账号检查项为账号数。"),
    (
        "变化",
        "与上季度同一网站（按首页网址对应）相比：新增不合格、整改合格、持续不合格；两季度均合格时为得分上升、"
        "得分下降或无变化；新纳入为上季度未检查该网站；任一季度无法判定时为无法比较。",
    ),
)


def _frame(rows: Sequence[Mapping[str, Any]], schema: Mapping[str, str]) -> pd.DataFrame:
    """Build a frame with exactly the schema's columns and dtypes (also when ``rows`` is empty)."""
    columns = {name: pd.Series([row[name] for row in rows], dtype=dtype) for name, dtype in schema.items()}
    return pd.DataFrame(columns, columns=list(schema))


def _site_names(sites: Iterable[tuple[int, Site]]) -> dict[int, str]:
    return {site_id: site.name for site_id, site in sites}


def _site_name(names: Mapping[int, str], site_id: int) -> str:
    name = names.get(site_id)
    if name is None:
        return f"（未登记网站 {site_id}）"
    return name


def _ordered(
    findings: Iterable[Finding], sites: Sequence[tuple[int, Site]], rules: Sequence[RuleInfo]
) -> list[Finding]:
    """Findings sorted by registry order of the site, then catalogue order of the rule (stable)."""
    site_rank = {site_id: i for i, (site_id, _) in enumerate(sites)}
    rule_rank = {rule.id: i for i, rule in enumerate(rules)}
    return sorted(
        findings,
        key=lambda f: (site_rank.get(f.site_id, len(site_rank)), rule_rank.get(f.rule_id, len(rule_rank))),
    )


def _shown_score(score: float, verdict: Verdict, vetoes: Sequence[str]) -> float:
    """The score as the bulletin shows it: one decimal, none for a vetoed site or a site without a conclusion.

    A vetoed site is 不合格 without further scoring (国办秘函〔2019〕19号).
    """
    if vetoes or verdict is Verdict.INCONCLUSIVE:
        return math.nan
    return round(float(score), 1)


def quarter_change(current: Verdict, current_score: float, previous: PreviousResult | None) -> str:
    """变化: how a site's conclusion moved since last quarter.

    Args:
        current: this quarter's conclusion.
        current_score: this quarter's shown score (see :func:`site_summary`).
        previous: last quarter's result, or ``None`` when the site was not inspected then.

    Returns:
        新纳入, 新增不合格, 整改合格, 持续不合格, 得分上升N.N分 / 得分下降N.N分 / 无变化 (both 合格), or
        无法比较（…） when either quarter has no conclusion (an unknown is never reported as a change).
    """
    if previous is None:
        return "新纳入"
    before = Verdict(previous.verdict)
    if current is Verdict.INCONCLUSIVE:
        return "无法比较（本季度无法判定）"
    if before is Verdict.INCONCLUSIVE:
        return "无法比较（上季度无法判定）"
    if before is Verdict.PASS and current is Verdict.FAIL:
        return "新增不合格"
    if before is Verdict.FAIL and current is Verdict.PASS:
        return "整改合格"
    if before is Verdict.FAIL:
        return "持续不合格"
    delta = round(current_score - _shown_score(previous.score, before, previous.vetoes), 1)
    if delta > 0:
        return f"得分上升{delta:.1f}分"
    if delta < 0:
        return f"得分下降{-delta:.1f}分"
    return "无变化"


def site_summary(
    sites: Sequence[tuple[int, Site]],
    verdicts: Mapping[int, SiteVerdict],
    findings: Iterable[Finding] = (),
    previous: Mapping[int, PreviousResult] | None = None,
) -> pd.DataFrame:
    """One row per site, in registry order (总体情况).

    Args:
        sites: ``(site_id, Site)`` pairs in registry order.
        verdicts: the scoring result per site id. A site without a verdict is shown as 无法判定
            with an empty score, and its counts are taken from ``findings``.
        findings: every finding of the run; only used for sites without a verdict.
        previous: last quarter's results keyed by this run's site ids, or ``None`` when there is no
            comparison run (the comparison columns stay empty). A site missing from it is 新纳入.

    Returns:
        Columns ``seq, site_name, site_code, url, level, score, verdict, vetoes, problems, inconclusive,
        prev_score, prev_verdict, change``; scores are rounded to one decimal (see :func:`quarter_change`).
    """
    all_findings = tuple(findings)
    rows: list[dict[str, Any]] = []
    for seq, (site_id, site) in enumerate(sites, start=1):
        verdict = verdicts.get(site_id)
        if verdict is None:
            logger.warning("site %s (%s) has no verdict; shown as %s", site_id, site.name, Verdict.INCONCLUSIVE)
            mine = [f for f in all_findings if f.site_id == site_id]
            score = math.nan
            current = Verdict.INCONCLUSIVE
            vetoes = ""
            problems = sum(1 for f in mine if f.status is Status.FAIL)
            inconclusive = sum(1 for f in mine if f.status is Status.INCONCLUSIVE)
        else:
            current = Verdict(verdict.verdict)
            score = _shown_score(verdict.score, current, verdict.vetoes)
            vetoes = VETO_SEPARATOR.join(verdict.vetoes)
            problems = verdict.problems
            inconclusive = verdict.inconclusive
        prev_score, prev_verdict, change = math.nan, "", ""
        if previous is not None:
            before = previous.get(site_id)
            if before is not None:
                prev_score = _shown_score(before.score, Verdict(before.verdict), before.vetoes)
                prev_verdict = Verdict(before.verdict).value
            change = quarter_change(current, score, before)
        rows.append(
            {
                "seq": seq,
                "site_name": site.name,
                "site_code": site.site_code,
                "url": site.url,
                "level": site.level.label,
                "score": score,
                "verdict": current.value,
                "vetoes": vetoes,
                "problems": problems,
                "inconclusive": inconclusive,
                "prev_score": prev_score,
                "prev_verdict": prev_verdict,
                "change": change,
            }
        )
    return _frame(rows, SUMMARY_SCHEMA)


def summary_totals(summary: pd.DataFrame) -> pd.DataFrame:
    """The totals block under 总体情况.

    Args:
        summary: the frame returned by :func:`site_summary`.

    Returns:
        Columns ``item, value``; rows 检查网站数, 合格数, 不合格数, 无法判定数, 合格率. 合格率 is a
        fraction (0.5 = 50%) of 合格 among the sites with a conclusion (合格 or 不合格), or ``None``
        when no site has one.
    """
    verdicts = summary["verdict"]
    passed = int((verdicts == Verdict.PASS.value).sum())
    failed = int((verdicts == Verdict.FAIL.value).sum())
    unknown = int((verdicts == Verdict.INCONCLUSIVE.value).sum())
    rate = passed / (passed + failed) if passed + failed else None
    rows = [
        {"item": "检查网站数", "value": len(summary)},
        {"item": "合格数", "value": passed},
        {"item": "不合格数", "value": failed},
        {"item": "无法判定数", "value": unknown},
        {"item": "合格率", "value": rate},
    ]
    return _frame(rows, TOTALS_SCHEMA)


def _rule_index(rules: Iterable[RuleInfo]) -> dict[str, RuleInfo]:
    return {rule.id: rule for rule in rules}


def _finding_item(finding: Finding, rule: RuleInfo | None) -> str:
    """The check item: one fixed name per rule (the catalogue's title), whatever the finding's status.

    The finding's own wording is in its message, so filtering 检查项 never splits one rule in two.
    """
    if rule is not None and rule.title:
        return rule.title
    return finding.rule_title


def _problem_location(finding: Finding) -> tuple[str, str]:
    """``(url, referrer)`` for a finding: its subject (or first evidence URL) and the matching referrer."""
    evidence = finding.evidence
    if finding.subject:
        matching = [e for e in evidence if e.url == finding.subject]
        source = matching[0] if matching else (evidence[0] if evidence else None)
        return finding.subject, source.referrer if source else ""
    if evidence:
        return evidence[0].url, evidence[0].referrer
    return "", ""


def problem_details(
    sites: Sequence[tuple[int, Site]],
    findings: Iterable[Finding],
    rules: Sequence[RuleInfo],
) -> pd.DataFrame:
    """One row per failed or inconclusive finding (问题明细).

    Args:
        sites: ``(site_id, Site)`` pairs in registry order (for names and ordering).
        findings: every finding of the run; pass and not-applicable ones are skipped.
        rules: the rule catalogue (for wording, reference and ordering).

    Returns:
        Columns ``seq, site_name, item, rule_id, status, severity, deduction, message, url, referrer,
        reference``, ordered by site (registry order) then rule (catalogue order). ``item`` is the rule's
        catalogue title for every status; ``message`` is the finding's own wording.
    """
    names = _site_names(sites)
    by_id = _rule_index(rules)
    rows: list[dict[str, Any]] = []
    reported = [f for f in findings if f.status in _REPORTED]
    for seq, finding in enumerate(_ordered(reported, sites, rules), start=1):
        rows.append(
            {"seq": seq, "site_name": _site_name(names, finding.site_id), **_problem_fields(finding, by_id)}
        )
    return _frame(rows, PROBLEM_SCHEMA)


def _problem_fields(finding: Finding, by_id: Mapping[str, RuleInfo]) -> dict[str, Any]:
    """What 问题明细 and 新媒体问题明细 say of one finding: 检查项 … 依据 (item, rule_id, status, severity, deduction,
    message, url, referrer, reference)."""
    rule = by_id.get(finding.rule_id)
    url, referrer = _problem_location(finding)
    return {
        "item": _finding_item(finding, rule),
        "rule_id": finding.rule_id,
        "status": finding.status.label,
        "severity": (rule.severity if rule else finding.severity).label,
        "deduction": float(finding.deduction),
        "message": finding.message,
        "url": url,
        "referrer": referrer,
        "reference": rule.reference if rule else "",
    }


def link_location(rule_id: str) -> str:
    """首页 for rules whose id ends in ``-homepage``, else 其他页面."""
    return "首页" if rule_id.endswith(HOMEPAGE_SUFFIX) else "其他页面"


def link_details(
    sites: Sequence[tuple[int, Site]],
    findings: Iterable[Finding],
    link_rule_ids: frozenset[str] | set[str],
    rules: Sequence[RuleInfo] = (),
) -> pd.DataFrame:
    """One row per link of failed or inconclusive link findings (断链明细).

    Args:
        sites: ``(site_id, Site)`` pairs in registry order.
        findings: every finding of the run; only those of ``link_rule_ids`` with status fail or
            inconclusive are used, one row per evidence item naming a link. Site-level findings without
            evidence (the homepage is down, the self-check failed) are not about a link: they are listed
            in 问题明细 only.
        link_rule_ids: ids of the rules whose findings are about links.
        rules: the rule catalogue, only for ordering.

    Returns:
        Columns ``seq, site_name, location, link_text, link_url, page, problem, http_status, status,
        technical``; ``problem`` is the Chinese problem label (``problem_label`` of the evidence),
        ``technical`` the gatherer's raw detail, ``http_status`` a nullable integer.
    """
    names = _site_names(sites)
    chosen = [f for f in findings if f.rule_id in link_rule_ids and f.status in _REPORTED]
    rows: list[dict[str, Any]] = []
    for finding in _ordered(chosen, sites, rules):
        for ev in _link_evidence(finding):
            rows.append(
                {
                    "seq": len(rows) + 1,
                    "site_name": _site_name(names, finding.site_id),
                    "location": link_location(finding.rule_id),
                    "link_text": ev.text,
                    "link_url": ev.url,
                    "page": ev.referrer,
                    "problem": problem_label(ev.detail, ev.http_status, attachment=is_attachment_url(ev.url)),
                    "http_status": ev.http_status if ev.http_status is not None else pd.NA,
                    "status": finding.status.label,
                    "technical": technical_detail(ev.detail),
                }
            )
    return _frame(rows, LINK_SCHEMA)


def _link_evidence(finding: Finding) -> tuple[Evidence, ...]:
    """The evidence items of a link finding that name a link (a site-level finding has none)."""
    return tuple(ev for ev in finding.evidence if ev.url)


def rule_catalogue(
    rules: Sequence[RuleInfo], findings: Iterable[Finding], account_findings: Iterable[Finding] = ()
) -> pd.DataFrame:
    """The rule catalogue with per-rule site counts (检查项目).

    A site counts once per rule, under the worst status the rule gave it there
    (不通过 > 无法判定 > 通过 > 不适用). Rules that produced findings but are missing from the
    catalogue are appended after it, described from their findings.

    Args:
        rules: the rule catalogue, in display order.
        findings: every finding of the run.
        account_findings: the 政务新媒体 account findings: an account rule counts accounts (once per account, several
            accounts of one site each count), never sites.

    Returns:
        Columns ``rule_id, title, severity, points, reference, passed, failed, inconclusive, not_applicable, target``
        (检查对象: 网站 or 政务新媒体账号, what the counts count).
    """
    worst: dict[tuple[str, str, int], Status] = {}
    first_seen: dict[str, Finding] = {}
    tagged = [(f, "site", f.site_id) for f in findings]
    tagged += [(f, "account", f.account_id if f.account_id is not None else f.site_id) for f in account_findings]
    for f, kind, subject in tagged:
        first_seen.setdefault(f.rule_id, f)
        key = (f.rule_id, kind, subject)
        if key not in worst or _STATUS_RANK[f.status] < _STATUS_RANK[worst[key]]:
            worst[key] = f.status
    entries: list[tuple[str, str, Severity, float, str, str]] = [
        (r.id, r.title, r.severity, float(r.points), r.reference, r.target) for r in rules
    ]
    known = {r.id for r in rules}
    for rule_id, f in first_seen.items():
        if rule_id not in known:
            logger.warning("findings of rule %s, which is not in the catalogue", rule_id)
            entries.append((rule_id, f.rule_title, f.severity, float(f.points_cap), "",
                            "account" if f.account_id is not None else "site"))
    rows: list[dict[str, Any]] = []
    for rule_id, title, severity, points, reference, target in entries:
        statuses = [s for (rid, _kind, _subject), s in worst.items() if rid == rule_id]
        rows.append(
            {
                "rule_id": rule_id,
                "title": title,
                "severity": severity.label,
                "points": points,
                "reference": reference,
                "passed": statuses.count(Status.PASS),
                "failed": statuses.count(Status.FAIL),
                "inconclusive": statuses.count(Status.INCONCLUSIVE),
                "not_applicable": statuses.count(Status.NOT_APPLICABLE),
                "target": TARGET_LABELS.get(target, target),
            }
        )
    return _frame(rows, RULE_SCHEMA)


def beijing_time(moment: datetime) -> datetime:
    """Excel has no time zones: an aware time as naive Beijing wall-clock time, to the second.

    A naive time is taken to be Beijing time already.
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone(BEIJING).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _display_time(stamp: str) -> datetime | str:
    """An ISO timestamp ("2026-11-26T07:50:17+00:00") as a Beijing-time datetime; other text as is."""
    try:
        moment = datetime.fromisoformat(stamp.strip())
    except ValueError:
        return stamp
    return beijing_time(moment)


def _comparison_text(previous_run: tuple[int, str] | None) -> str:
    if previous_run is None:
        return NO_COMPARISON
    run_id, quarter = previous_run
    return f"批次 {run_id}（{quarter}）"


def run_notes(
    run: RunInfo,
    generated_at: datetime,
    previous_run: tuple[int, str] | None = None,
    *,
    ipv6: bool = False,
    column_check: bool = False,
    column_update: bool = False,
    accounts: bool = False,
) -> pd.DataFrame:
    """Run information, run remarks and the legend (说明).

    Args:
        run: the run.
        generated_at: when the workbook is produced (a naive time is taken as Beijing time).
        previous_run: ``(run id, quarter)`` of the run compared with (对比批次), or ``None`` when there is none.
        ipv6: the workbook has the IPv6支持情况 sheet: its legend line is added.
        column_check: the workbook has the 栏目检查 sheet: its legend line is added.
        column_update: the workbook has the 栏目更新 sheet: its legend line is added.
        accounts: the workbook has the 政务新媒体 sheet: its legend lines are added.

    Returns:
        Columns ``item, content``; ``content`` holds mixed values (int, str, date, datetime).
        开始时间, 结束时间 and 生成时间 are naive datetimes in Beijing time (their labels say so);
        a start or end stamp that is not an ISO timestamp is shown as the text it is.
    """
    rows: list[dict[str, Any]] = [
        {"item": "检查批次", "content": run.run_id},
        {"item": "季度", "content": run.quarter},
    ]
    try:
        first, last = quarter_bounds(run.quarter)
    except ValueError:
        logger.warning("run %s has an unusual quarter label %r", run.run_id, run.quarter)
    else:
        rows.append({"item": "季度起止", "content": f"{first.isoformat()} 至 {last.isoformat()}"})
    as_of: date = run.as_of
    rows += [
        {"item": "基准日期", "content": as_of},
        {"item": f"开始时间{TIME_SUFFIX}", "content": _display_time(run.started_at)},
        {"item": f"结束时间{TIME_SUFFIX}", "content": _display_time(run.finished_at)},
        {"item": f"生成时间{TIME_SUFFIX}", "content": beijing_time(generated_at)},
        {"item": "对比批次", "content": _comparison_text(previous_run)},
    ]
    notes = run.notes or ("无",)
    rows += [{"item": "运行说明", "content": note} for note in notes]
    rows += [{"item": item, "content": text} for item, text in LEGEND]
    if ipv6:
        rows += [{"item": item, "content": text} for item, text in IPV6_LEGEND]
    if column_check:
        rows.append({"item": COLUMN_CHECK_LEGEND[0], "content": COLUMN_CHECK_LEGEND[1]})
    if column_update:
        rows.append({"item": COLUMN_UPDATE_LEGEND[0], "content": COLUMN_UPDATE_LEGEND[1]})
    if accounts:
        rows += [{"item": item, "content": text} for item, text in MEDIA_LEGEND]
    return _frame(rows, NOTES_SCHEMA)


# --- IPv6支持情况 ---------------------------------------------------------------------------------------

NO_VALUE = "—"
IPV6_NOT_CHECKED = "未检查"
IPV6_PASS_WITH_NOTICE = "通过（有提示）"
IPV6_NOT_APPLICABLE = "不适用"
IPV6_SELF_CHECK_PROBLEM = "检查端无IPv6连通性"
IPV6_SELF_CHECK_LOST = "检查期间检查端IPv6连通性中断"
IPV6_MAX_FAILED_LINKS = 30  # failing links listed per site in the sheet; the rest are counted in one row
_UNDECIDABLE_MARK = "无法判定"  # in the labels of WAF / rate-limited fetches: "防火墙拦截（无法判定）"
_LEVEL_LABELS = {2: "二级", 3: "三级"}

IPV6_LEGEND: tuple[tuple[str, str], ...] = (
    (
        "IPv6支持情况",
        "IPv6访问成功率按次计：同一次探测中任一IPv6地址打开首页即算成功，IPv6与IPv4同时打不开的一次不计。"
        "链接支持率按本站链接计（IPv6可访问数/可判定数），“含站外”为全部链接；IPv4也无法访问的链接不计，"
        "被防火墙拦截、限流或域名解析超时的链接为无法判定；失败链接每个网站最多列出"
        f"{IPV6_MAX_FAILED_LINKS}个（其余见检查结果）。检查端无IPv6连通性或检查期间连通性中断时各项为无法判定。"
        "结论只看扣分项，提示项不通过时为“通过（有提示）”。",
    ),
)

_DNS_ERROR_LABELS = {
    "nxdomain": "域名不存在",
    "noanswer": "无",
    "timeout": "解析超时",
    "servfail": "解析失败（SERVFAIL）",
    "blocked": "解析地址不在允许范围",
}


def aaaa_text(summary: Ipv6Summary) -> str:
    """AAAA记录 as the bulletin shows it: 有（N个）, 无, 解析超时, 域名不存在, …"""
    total, usable = len(summary.aaaa), len(summary.aaaa_usable)
    if total:
        if usable == total:
            return f"有（{total}个）"
        if usable:
            return f"有（{usable}个，另有{total - usable}个非公网地址）"
        return f"无可用地址（{total}个均非公网地址）"
    if summary.aaaa_error:
        return _DNS_ERROR_LABELS.get(summary.aaaa_error, f"解析失败（{summary.aaaa_error}）")
    return "无"


def _homepage_reachable(summary: Ipv6Summary) -> str:
    """是 when the homepage loaded over IPv6 at least once; 否; 无法判定 when every failure was a WAF/rate limit."""
    if not summary.v6_attempts:
        return NO_VALUE
    if summary.v6_ok:
        return "是"
    if summary.v6_failures and all(_UNDECIDABLE_MARK in reason for reason in summary.v6_failures):
        return _UNDECIDABLE_MARK
    return "否"


def _homepage_note(summary: Ipv6Summary) -> str:
    """首页访问情况: the counts behind IPv6访问成功率 (attempts when the summary judged them, else probes)."""
    h = summary.homepage
    if h is None:
        parts = [f"IPv6成功{summary.v6_ok}/{summary.v6_attempts}次" if summary.v6_attempts else "IPv6未探测"]
        if summary.v4_attempts:
            parts.append(f"IPv4成功{summary.v4_ok}/{summary.v4_attempts}次")
    else:
        parts = [f"IPv6成功{h.v6_ok}/{h.decidable}次" if h.attempts else "IPv6未探测"]
        if len(h.addresses) > 1:
            parts[0] += f"（{len(h.addresses)}个地址，任一地址成功即算）"
        if h.v4_attempts:
            parts.append(f"IPv4成功{h.v4_ok}/{h.v4_attempts}次")
        if h.both_failed:
            parts.append(f"双栈均失败{h.both_failed}次（不计）")
        if h.undecidable:
            parts.append(f"无法判定{h.undecidable}次")
        if len(h.addresses) > 1:
            parts += [f"地址{b.address}失败{b.failed}/{b.probed}次" for b in h.bad_addresses]
    if summary.v6_failures:
        parts.append("IPv6失败：" + "、".join(summary.v6_failures))
    return "；".join(parts)


def _number(value: float | None) -> float | str:
    return NO_VALUE if value is None else float(value)


def link_rate_note(rate: LinkRate | None) -> str:
    """The counts behind a level's rates: 本站成功8/10；全部成功9/12；IPv4也无法访问1个（不计）；…"""
    if rate is None:
        return NO_VALUE
    if rate.found == 0:
        return "无链接"
    if rate.probed == 0:
        return f"共{rate.found}个，未检测（无可用的IPv6地址）"
    parts = [
        f"本站成功{rate.same_site_ok}/{rate.same_site_decidable}",
        f"全部成功{rate.ok}/{rate.decidable}",
    ]
    if rate.excluded:
        parts.append(f"IPv4也无法访问{rate.excluded}个（不计）")
    if rate.unknown:
        parts.append(f"无法判定{rate.unknown}个")
    if rate.found > rate.probed:
        how = "均匀抽样检查" if rate.sampled else "检查前"
        parts.append(f"共{rate.found}个，{how}{rate.probed}个")
    return "；".join(parts)


def _ms(value: float | None) -> str:
    if value is None:
        return NO_VALUE
    return f"{value:.1f}毫秒" if value < 10 else f"{value:.0f}毫秒"


def _latency_note(summary: Ipv6Summary) -> str:
    if summary.v6_ms is None and summary.v4_ms is None:
        return NO_VALUE
    what = "DNS解析+建立连接+首字节：" if summary.latency_includes_dns else ""
    return f"{what}IPv6 {_ms(summary.v6_ms)}，IPv4 {_ms(summary.v4_ms)}"


def _nameservers_text(summary: Ipv6Summary) -> str:
    """权威DNS支持IPv6: 是 (every NS has AAAA), 否 (none), 部分（k/n）, 无法查询, or —."""
    servers = summary.nameservers
    if not servers:
        return "无法查询" if summary.ns_error else NO_VALUE
    with_v6 = sum(1 for _name, addresses in servers if addresses)
    if with_v6 == len(servers):
        return "是"
    if with_v6 == 0:
        return "否"
    return f"部分（{with_v6}/{len(servers)}）"


def _self_check_failed(summary: Ipv6Summary | None) -> bool:
    return summary is not None and summary.self_check_ok is False


def _self_check_problem(summary: Ipv6Summary) -> str:
    head = IPV6_SELF_CHECK_LOST if summary.self_check_interrupted else IPV6_SELF_CHECK_PROBLEM
    reason = summary.self_check_error.strip()
    return f"{head}（{reason}）" if reason else head


def ipv6_conclusion(findings: Sequence[Finding], rules: Sequence[RuleInfo] = ()) -> str:
    """A site's IPv6 conclusion from its IPv6 findings.

    Deduction (and veto) rules decide: 不通过 if any failed, else 无法判定 if any is inconclusive, else 通过
    (不适用 when all were not applicable). A failed notice rule (提示, no deduction) gives 通过（有提示）; notice
    rules only decide when a site has no other IPv6 finding.

    Args:
        findings: the site's findings of the IPv6 rules.
        rules: the rule catalogue (a rule's severity there wins over the finding's).

    Returns:
        不通过, 无法判定, 通过, 通过（有提示）, 不适用, or 未检查 when there are no findings.
    """
    if not findings:
        return IPV6_NOT_CHECKED
    by_id = _rule_index(rules)

    def severity(f: Finding) -> Severity:
        rule = by_id.get(f.rule_id)
        return rule.severity if rule else f.severity

    core = [f for f in findings if severity(f) is not Severity.NOTICE] or list(findings)
    statuses = {f.status for f in core}
    if Status.FAIL in statuses:
        return Status.FAIL.label
    if Status.INCONCLUSIVE in statuses:
        return Status.INCONCLUSIVE.label
    if statuses == {Status.NOT_APPLICABLE}:
        return IPV6_NOT_APPLICABLE
    if any(f.status is Status.FAIL for f in findings):
        return IPV6_PASS_WITH_NOTICE
    return Status.PASS.label


def ipv6_problems(findings: Sequence[Finding], rules: Sequence[RuleInfo] = ()) -> str:
    """问题: the messages of failed and inconclusive IPv6 findings, one per line, in catalogue order, deduplicated.

    An inconclusive message that does not say so is prefixed 无法判定：; a failed notice rule 提示：.
    """
    by_id = _rule_index(rules)
    lines: list[str] = []
    for f in findings:
        if f.status not in _REPORTED:
            continue
        rule = by_id.get(f.rule_id)
        text = f.message.strip() or (rule.failure_title if rule else f.rule_title)
        severity = rule.severity if rule else f.severity
        if f.status is Status.INCONCLUSIVE and _UNDECIDABLE_MARK not in text:
            text = f"{_UNDECIDABLE_MARK}：{text}"
        elif f.status is Status.FAIL and severity is Severity.NOTICE:
            text = f"提示：{text}"
        if text not in lines:
            lines.append(text)
    return "\n".join(lines)


def _ipv6_findings(
    findings: Iterable[Finding], rule_ids: frozenset[str] | set[str], sites: Sequence[tuple[int, Site]],
    rules: Sequence[RuleInfo],
) -> dict[int, list[Finding]]:
    mine: dict[int, list[Finding]] = {}
    for f in _ordered((f for f in findings if f.rule_id in rule_ids), sites, rules):
        mine.setdefault(f.site_id, []).append(f)
    return mine


def _warn_unregistered(summaries: Mapping[int, Ipv6Summary], sites: Sequence[tuple[int, Site]]) -> None:
    stray = sorted(set(summaries) - {site_id for site_id, _ in sites})
    if stray:
        logger.warning("IPv6 summaries of sites not in the registry are not shown: %s", stray)


def ipv6_support(
    sites: Sequence[tuple[int, Site]],
    summaries: Mapping[int, Ipv6Summary],
    findings: Iterable[Finding] = (),
    rule_ids: frozenset[str] | set[str] = frozenset(),
    rules: Sequence[RuleInfo] = (),
) -> pd.DataFrame:
    """One row per site, in registry order (IPv6支持情况).

    Args:
        sites: ``(site_id, Site)`` pairs in registry order.
        summaries: the run's IPv6 measurements per site id; a site without one (or one with no IPv6 probe)
            shows ``NO_VALUE`` for every measurement.
        findings: every finding of the run; those of ``rule_ids`` give the conclusion and the problems.
        rule_ids: ids of the IPv6 rules.
        rules: the rule catalogue (ordering, severities, failure titles).

    Returns:
        Columns ``seq, site_name, site_code, host, aaaa, homepage, v6_rate, homepage_note, level2_rate,
        level2_all_rate, level2_note, level3_rate, level3_all_rate, level3_note, similarity, latency_ratio,
        latency_note, nameservers, conclusion, problems``. Rates and similarity are fractions (0.85 = 85%),
        ``latency_ratio`` is IPv6/IPv4; each is a float or ``NO_VALUE``. ``level*_rate`` is the same-site rate
        (the judged figure), ``level*_all_rate`` counts off-site links too. When the inspector's own IPv6
        self-check failed, every figure that needs IPv6 connectivity is ``NO_VALUE`` (DNS facts stay), the
        conclusion is 无法判定 and the problem says 检查端无IPv6连通性.
    """
    _warn_unregistered(summaries, sites)
    by_site = _ipv6_findings(findings, rule_ids, sites, rules)
    rows: list[dict[str, Any]] = []
    for seq, (site_id, site) in enumerate(sites, start=1):
        summary = summaries.get(site_id)
        mine = by_site.get(site_id, [])
        row: dict[str, Any] = {
            "seq": seq,
            "site_name": site.name,
            "site_code": site.site_code,
            "host": (summary.host if summary is not None and summary.host else site.host),
            "conclusion": ipv6_conclusion(mine, rules),
            "problems": ipv6_problems(mine, rules),
        }
        row |= {name: NO_VALUE for name in IPV6_SCHEMA if name not in row}
        if summary is not None and summary.self_check_ok is False:
            row["conclusion"] = Status.INCONCLUSIVE.label
            row["problems"] = _self_check_problem(summary)
        if summary is not None and summary.measured:
            row["aaaa"] = aaaa_text(summary)
            row["nameservers"] = _nameservers_text(summary)
            if summary.self_check_ok is not False:
                row |= _ipv6_measurements(summary)
        rows.append(row)
    return _frame(rows, IPV6_SCHEMA)


def _ipv6_measurements(summary: Ipv6Summary) -> dict[str, Any]:
    """The columns that need the inspector's IPv6 connectivity."""
    level2, level3 = summary.level2, summary.level3
    return {
        "homepage": _homepage_reachable(summary),
        "v6_rate": _number(summary.homepage_success_rate),
        "homepage_note": _homepage_note(summary),
        "level2_rate": _number(level2.same_site_rate if level2 else None),
        "level2_all_rate": _number(level2.rate if level2 else None),
        "level2_note": link_rate_note(level2),
        "level3_rate": _number(level3.same_site_rate if level3 else None),
        "level3_all_rate": _number(level3.rate if level3 else None),
        "level3_note": link_rate_note(level3),
        "similarity": _number(summary.similarity),
        "latency_ratio": _number(summary.latency_ratio),
        "latency_note": _latency_note(summary),
    }


def _ipv4_text(ok: bool | None) -> str:
    return "未检测" if ok is None else ("是" if ok else "否")


def ipv6_failed_links(
    sites: Sequence[tuple[int, Site]],
    summaries: Mapping[int, Ipv6Summary],
    *,
    max_per_site: int = IPV6_MAX_FAILED_LINKS,
) -> pd.DataFrame:
    """The links that did not load over IPv6 (IPv6访问失败的链接), by site (registry order), level-2 first.

    Sites whose run had no IPv6 connectivity (self-check failed) list none: their failures say nothing. At most
    ``max_per_site`` links are listed per site; a site with more gets one further row whose ``url`` says
    另有N个（见检查结果） (its other columns empty), so one site cannot bury the others.

    Returns:
        Columns ``seq, site_name, level, url, scope, reason, ipv4, source``; ``level`` 二级/三级, ``scope``
        站内/站外, ``ipv4`` 是/否/未检测 (the same URL over IPv4 at probe time).
    """
    rows: list[dict[str, Any]] = []
    for _site_id, site in sites:
        summary = summaries.get(_site_id)
        if summary is None or _self_check_failed(summary):
            continue
        links = [link for rate in (summary.level2, summary.level3) if rate is not None for link in rate.failed]
        for link in links[:max_per_site]:
            rows.append(
                {
                    "seq": len(rows) + 1,
                    "site_name": site.name,
                    "level": _LEVEL_LABELS.get(link.level, f"{link.level}级"),
                    "url": link.url,
                    "scope": "站内" if link.same_site else "站外",
                    "reason": link.reason,
                    "ipv4": _ipv4_text(link.ipv4_ok),
                    "source": link.source,
                }
            )
        if len(links) > max_per_site:
            rows.append(
                {
                    "seq": len(rows) + 1,
                    "site_name": site.name,
                    "level": "",
                    "url": f"另有{len(links) - max_per_site}个（见检查结果）",
                    "scope": "",
                    "reason": "",
                    "ipv4": "",
                    "source": "",
                }
            )
    return _frame(rows, IPV6_LINK_SCHEMA)


def ipv6_chart_data(sites: Sequence[tuple[int, Site]], summaries: Mapping[int, Ipv6Summary]) -> pd.DataFrame:
    """Same-site level-2 and level-3 IPv6 support rates of the sites that have one (data of the chart).

    Returns:
        Columns ``seq, site_name, level2_rate, level3_rate`` (fractions; NaN where a level has no rate), for
        the sites in registry order that have at least one rate; sites whose self-check failed are left out.
    """
    rows: list[dict[str, Any]] = []
    for site_id, site in sites:
        summary = summaries.get(site_id)
        if summary is None or not summary.measured or _self_check_failed(summary):
            continue
        level2 = summary.level2.same_site_rate if summary.level2 else None
        level3 = summary.level3.same_site_rate if summary.level3 else None
        if level2 is None and level3 is None:
            continue
        rows.append(
            {
                "seq": len(rows) + 1,
                "site_name": site.name,
                "level2_rate": math.nan if level2 is None else float(level2),
                "level3_rate": math.nan if level3 is None else float(level3),
            }
        )
    return _frame(rows, IPV6_CHART_SCHEMA)


# --- 栏目检查 / 栏目更新 -----------------------------------------------------------------------------

COLUMN_PRESENT = "有"
COLUMN_ABSENT = "无"
COLUMN_UNKNOWN = Status.INCONCLUSIVE.label  # 无法判定
COLUMN_NOT_APPLICABLE = Status.NOT_APPLICABLE.label  # 不适用
COLUMN_CELL_LABELS = {
    Status.PASS: COLUMN_PRESENT,
    Status.FAIL: COLUMN_ABSENT,
    Status.INCONCLUSIVE: COLUMN_UNKNOWN,
    Status.NOT_APPLICABLE: COLUMN_NOT_APPLICABLE,
}
#: Frame column names of one required-column rule: its cell (有/无/…) and the cell's hyperlink target (not shown).
COLUMN_RULE_PREFIX = "rule:"
COLUMN_LINK_PREFIX = "link:"
COLUMN_TOTALS_LABEL = "有/适用（网站数）"
COLUMN_CHECK_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "site_name": "str",
    "site_code": "str",
    "level": "str",
    # one "rule:<id>" column per required-column rule goes here (str)
    "missing": "Int64",
    # then one "link:<id>" column per rule (str, "" when there is no link)
}
COLUMN_UPDATE_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "site_name": "str",
    "column": "str",
    "kind": "str",
    "latest": "object",  # a date, or None
    "days_since": "Int64",
    "window_days": "Int64",
    "conclusion": "str",
    "note": "str",
    "url": "str",
}
#: ColumnState.status → 结论, worst first (the sheet's order within a site).
COLUMN_UPDATE_LABELS: dict[str, str] = {
    "stale": "超期未更新",
    "blank": "空白栏目",
    "unreadable": "无法读取",
    "untyped": "未分类",
    "fresh": "正常",
}
_UPDATE_RANK = {status: rank for rank, status in enumerate(COLUMN_UPDATE_LABELS)}

COLUMN_CHECK_LEGEND = (
    "栏目检查",
    "有：找到该栏目（单元格链接到栏目页面）；无：未找到；无法判定：首页或上级栏目页面无法读取，需人工核查；"
    "不适用：不要求该级别网站设置；—：未检查。缺少栏目数为“无”的个数，末行为各栏目“有”的网站数/适用的网站数。",
)
COLUMN_UPDATE_LEGEND = (
    "栏目更新",
    "最近更新为栏目列表中条目日期的最大值（含置顶条目），距今天数按基准日期计；超期未更新为超过该类栏目的更新要求，"
    "空白栏目为页面明示无内容；无法读取的栏目不计为空白，需人工核查；未分类的栏目无更新要求，不作判定。",
)

# Verbs and nouns around a column's name in a rule title: 设有“六保”专题 → “六保”专题, 设置规范性文件栏目 → 规范性文件.
_TITLE_PREFIXES = ("设有", "设置", "开设", "建有", "开通", "具有", "提供", "有")
_TITLE_SUFFIXES = ("栏目",)
_TITLE_SEPARATORS = ("：", ":")
_MAX_DERIVED_NAME = 16


def column_label(rule: RuleInfo) -> str:
    """The 栏目检查 header of a required-column rule: its ``short_name``, else a short name from its title.

    From the title: the part before a colon (``政府信息公开指南：专栏中设有…`` → 政府信息公开指南), else the title
    without a leading verb (设有, 设置, 开设, …) and a trailing 栏目 (``设有“六保”专题`` → “六保”专题).
    """
    if rule.short_name.strip():
        return rule.short_name.strip()
    title = rule.title.strip()
    for separator in _TITLE_SEPARATORS:
        head = title.split(separator, 1)[0].strip()
        if head != title and 0 < len(head) <= _MAX_DERIVED_NAME:
            return head
    name = title
    for prefix in _TITLE_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            name = name[len(prefix) :]
            break
    for suffix in _TITLE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return name.strip() or rule.id


def column_rule_headers(
    rules: Sequence[RuleInfo], rule_ids: frozenset[str] | set[str], findings: Iterable[Finding] = ()
) -> tuple[tuple[str, str], ...]:
    """The required-column rules in the sheet's order, with their headers.

    Args:
        rules: the rule catalogue; its order is the sheet's order.
        rule_ids: ids of the required-column rules.
        findings: every finding of the run; a rule of ``rule_ids`` missing from the catalogue is appended (by id)
            with the title its findings carry (or its id).

    Returns:
        ``((rule_id, header), ...)``; headers are unique (a repeated one gets the rule id appended).
    """
    chosen = [(rule.id, column_label(rule)) for rule in rules if rule.id in rule_ids]
    known = {rule_id for rule_id, _ in chosen}
    titles: dict[str, str] = {}
    for f in findings:
        if f.rule_id in rule_ids and f.rule_id not in known:
            titles.setdefault(f.rule_id, f.rule_title)
    for rule_id in sorted(set(rule_ids) - known):
        logger.warning("required-column rule %s is not in the catalogue", rule_id)
        stray = RuleInfo(rule_id, titles.get(rule_id, ""), "", Severity.DEDUCT, 0.0, "", "")
        chosen.append((rule_id, column_label(stray) if stray.title else rule_id))
    seen: dict[str, int] = {}
    for _rule_id, header in chosen:
        seen[header] = seen.get(header, 0) + 1
    return tuple((rule_id, f"{header}（{rule_id}）" if seen[header] > 1 else header) for rule_id, header in chosen)


def column_cell_name(rule_id: str) -> str:
    """Frame column of a rule's 有/无 cells."""
    return COLUMN_RULE_PREFIX + rule_id


def column_link_name(rule_id: str) -> str:
    """Frame column of a rule's hyperlink targets (not written to the sheet)."""
    return COLUMN_LINK_PREFIX + rule_id


def column_check_schema(rule_ids: Sequence[str]) -> dict[str, str]:
    """The 栏目检查 frame's columns for the given rules, in order (see :data:`COLUMN_CHECK_SCHEMA`)."""
    schema = {name: COLUMN_CHECK_SCHEMA[name] for name in ("seq", "site_name", "site_code", "level")}
    schema |= {column_cell_name(rule_id): "str" for rule_id in rule_ids}
    schema["missing"] = COLUMN_CHECK_SCHEMA["missing"]
    schema |= {column_link_name(rule_id): "str" for rule_id in rule_ids}
    return schema


def _column_link(finding: Finding) -> str:
    """The column's address: the first evidence URL of a passed finding."""
    return finding.evidence[0].url if finding.evidence else ""


def column_presence(
    sites: Sequence[tuple[int, Site]], findings: Iterable[Finding], rule_ids: Sequence[str]
) -> pd.DataFrame:
    """One row per site, one cell per required-column rule (栏目检查).

    Args:
        sites: ``(site_id, Site)`` pairs in registry order.
        findings: every finding of the run; those of ``rule_ids`` fill the cells. When a rule gave a site several
            findings the worst status counts (不通过 > 无法判定 > 通过 > 不适用).
        rule_ids: the required-column rules, in the sheet's order (see :func:`column_rule_headers`).

    Returns:
        Columns per :func:`column_check_schema`: ``seq, site_name, site_code, level``, a ``rule:<id>`` cell per
        rule (有, 无, 无法判定, 不适用, or ``NO_VALUE`` when the rule has no finding for the site), ``missing``
        (the number of 无; empty when the site has no finding of these rules), then a ``link:<id>`` column per
        rule: the column's URL behind a 有 (its finding's first evidence URL), "" otherwise.
    """
    wanted = set(rule_ids)
    worst: dict[tuple[int, str], Finding] = {}
    for f in findings:
        if f.rule_id not in wanted:
            continue
        key = (f.site_id, f.rule_id)
        if key not in worst or _STATUS_RANK[f.status] < _STATUS_RANK[worst[key].status]:
            worst[key] = f
    stray = sorted({site_id for site_id, _ in worst} - {site_id for site_id, _ in sites})
    if stray:
        logger.warning("required-column findings of sites not in the registry are not shown: %s", stray)
    rows: list[dict[str, Any]] = []
    for seq, (site_id, site) in enumerate(sites, start=1):
        row: dict[str, Any] = {
            "seq": seq,
            "site_name": site.name,
            "site_code": site.site_code,
            "level": site.level.label,
        }
        links: dict[str, str] = {}
        checked = 0
        for rule_id in rule_ids:
            finding = worst.get((site_id, rule_id))
            if finding is None:
                row[column_cell_name(rule_id)] = NO_VALUE
                links[column_link_name(rule_id)] = ""
                continue
            checked += 1
            row[column_cell_name(rule_id)] = COLUMN_CELL_LABELS[finding.status]
            links[column_link_name(rule_id)] = _column_link(finding) if finding.status is Status.PASS else ""
        absent = sum(1 for rule_id in rule_ids if row[column_cell_name(rule_id)] == COLUMN_ABSENT)
        row["missing"] = absent if checked else pd.NA
        rows.append(row | links)
    return _frame(rows, column_check_schema(rule_ids))


def column_presence_totals(frame: pd.DataFrame, rule_ids: Sequence[str]) -> dict[str, Any]:
    """The totals row under 栏目检查: per rule ``有数/适用数`` (适用 = 有, 无 or 无法判定), and the 无 in all.

    Args:
        frame: the frame returned by :func:`column_presence`.
        rule_ids: the same rules.

    Returns:
        ``{frame column: value}``: ``site_name`` holds the row's label, each ``rule:<id>`` a text such as
        ``"5/7"`` (``NO_VALUE`` when no site is applicable), ``missing`` the number of 无 on the sheet.
    """
    applicable = (COLUMN_PRESENT, COLUMN_ABSENT, COLUMN_UNKNOWN)
    totals: dict[str, Any] = {"site_name": COLUMN_TOTALS_LABEL}
    for rule_id in rule_ids:
        cells = frame[column_cell_name(rule_id)]
        present = int((cells == COLUMN_PRESENT).sum())
        counted = int(cells.isin(applicable).sum())
        totals[column_cell_name(rule_id)] = f"{present}/{counted}" if counted else NO_VALUE
    totals["missing"] = int(frame["missing"].fillna(0).sum())
    return totals


def column_updates(
    sites: Sequence[tuple[int, Site]], columns: Mapping[int, Sequence[ColumnState]]
) -> pd.DataFrame:
    """One row per column of each site (栏目更新).

    Args:
        sites: ``(site_id, Site)`` pairs in registry order; states of other sites are not shown.
        columns: the run's column states per site id (``ColumnState`` of ``inspector.checks.columns``).

    Returns:
        Columns ``seq, site_name, column, kind, latest, days_since, window_days, conclusion, note, url``, ordered
        by site (registry order), then 结论 (超期未更新, 空白栏目, 无法读取, 未分类, 正常), then days since the
        latest update (most first; none last). ``latest`` is a ``date`` or ``None``; ``days_since`` and
        ``window_days`` are nullable integers; ``kind`` is the type's label ("" when untyped).
    """
    registered = {site_id for site_id, _ in sites}
    stray = sorted(set(columns) - registered)
    if stray:
        logger.warning("column states of sites not in the registry are not shown: %s", stray)
    rows: list[dict[str, Any]] = []
    for site_id, site in sites:
        states = sorted(
            columns.get(site_id, ()),
            key=lambda s: (
                _UPDATE_RANK.get(s.status, _UPDATE_RANK["untyped"]),
                -s.days_since if s.days_since is not None else math.inf,
            ),
        )
        for state in states:
            conclusion = COLUMN_UPDATE_LABELS.get(state.status)
            if conclusion is None:
                logger.warning("column %s of %s has an unknown status %r", state.url, site.name, state.status)
                conclusion = state.status
            rows.append(
                {
                    "seq": len(rows) + 1,
                    "site_name": site.name,
                    "column": state.name,
                    "kind": state.kind_label,
                    "latest": state.latest,
                    "days_since": pd.NA if state.days_since is None else int(state.days_since),
                    "window_days": pd.NA if state.window_days is None else int(state.window_days),
                    "conclusion": conclusion,
                    "note": state.note,
                    "url": state.url,
                }
            )
    return _frame(rows, COLUMN_UPDATE_SCHEMA)


# --- 政务新媒体 ------------------------------------------------------------------------------------------

MEDIA_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "name": "str",
    "platform": "str",
    "owner": "str",
    "site_name": "str",
    "latest": "object",  # a naive Beijing-time datetime, or None
    "days_since": "Int64",
    "posts": "Int64",
    "longest_gap": "Int64",
    "health": "str",
    "score": "float64",
    "verdict": "str",
    "problems": "str",
    "note": "str",
    # hidden: each row's number format of `posts` / `longest_gap` (LOWER_BOUND_FORMAT for a lower bound, else "")
    "posts_format": "str",
    "gap_format": "str",
}
MEDIA_PLATFORM_SCHEMA: dict[str, str] = {
    "platform": "str",
    "checked": "int64",
    "passed": "int64",
    "failed": "int64",
    "inconclusive": "int64",
    "rate": "object",  # a fraction, or NO_VALUE when no account of the platform has a conclusion
}
MEDIA_SUMMARY_SCHEMA: dict[str, str] = {
    "accounts": "int64",
    "passed": "int64",
    "failed": "int64",
    "inconclusive": "int64",
    "rate": "object",
}
#: Excel number format of a figure that is only a lower bound: the cell stays a number and reads ≥12.
LOWER_BOUND_FORMAT = '"≥"0'
MEDIA_TOTALS_LABEL = "合计"
MEDIA_POSTS_LOWER_BOUND = "发文数为下限（数据源未覆盖季度初或部分文章无发布日期）"
MEDIA_GAP_LOWER_BOUND = "最长间隔为下限（数据源未覆盖季度初）"
MEDIA_SOURCE_DETAIL = "数据源详情："
MEDIA_NO_FINDINGS = "【无法判定】无检查结果，需人工核查"
MEDIA_TOO_LITTLE = "【无法判定】可判定的检查项不足，需人工核查"
_SEVERITY_RANK = {Severity.VETO: 0, Severity.DEDUCT: 1, Severity.NOTICE: 2}
_PROBLEM_MARK_INCONCLUSIVE = "【无法判定】"
MEDIA_LATEST_UNCERTAIN = "数据源只返回了置顶文章，最近更新为置顶文章的时间，实际可能更晚"

MEDIA_LEGEND: tuple[tuple[str, str], ...] = (
    (
        "政务新媒体",
        "每个账号一行（登记顺序）。账号按其数据源所显示的内容判定：数据源无法读取（验证码或防火墙拦截、登录失效、限流、"
        "返回错误、无法访问、数据无法解析、无自动数据源等）时，不视为未更新，更新类检查项和账号结论为无法判定（不判为不合格），"
        "需人工核查；数据源正常但未返回任何文章也不视为未更新。结论规则与网站相同：单项否决项不通过或得分低于"
        f"{PASS_SCORE}分为不合格。最近更新为北京时间，距今天数按基准日期计；本季度发文数、最长间隔前的“≥”表示该数为下限"
        "（见备注）。问题先列不通过项（按单项否决、扣分、提示排列），再列无法判定项（同一原因只列一次）；"
        "每条问题的检查项、规则编号、扣分和依据见“新媒体问题明细”。门户网站政务新媒体页面列出但未登记的账号列在本表下方。",
    ),
    (
        "政务新媒体合格率",
        "合格率＝合格数÷（合格数＋不合格数）：无法判定的账号未能实际检查，不计入分母，另列无法判定数；"
        "没有可判定的账号时为“—”。政务新媒体单独统计，不计入网站的检查网站数和合格率。",
    ),
)


def _account_findings(
    findings: Iterable[Finding], accounts: Sequence[AccountInfo]
) -> dict[int, list[Finding]]:
    """The account findings per account id (input order); findings of unknown accounts are logged, not shown."""
    mine: dict[int, list[Finding]] = {}
    for f in findings:
        if f.account_id is None:
            logger.warning("finding of rule %s without an account id among the account findings", f.rule_id)
            continue
        mine.setdefault(f.account_id, []).append(f)
    stray = sorted(set(mine) - {a.account_id for a in accounts})
    if stray:
        logger.warning("findings of accounts not in the run's accounts are not shown: %s", stray)
    return mine


def account_conclusions(
    accounts: Sequence[AccountInfo], verdicts: Mapping[int, SiteVerdict], findings: Iterable[Finding]
) -> dict[int, Verdict]:
    """Each account's 结论: its verdict, or 无法判定 when it has no findings (nothing was established) or no verdict.

    Args:
        accounts: the run's accounts.
        verdicts: the scoring result per account id.
        findings: the account findings (``Finding.account_id`` set).

    Returns:
        ``{account_id: Verdict}`` for every account, in the accounts' order.
    """
    return _conclusions(accounts, verdicts, _account_findings(findings, accounts))


def _conclusions(
    accounts: Sequence[AccountInfo], verdicts: Mapping[int, SiteVerdict], by_account: Mapping[int, list[Finding]]
) -> dict[int, Verdict]:
    out: dict[int, Verdict] = {}
    for account in accounts:
        verdict = verdicts.get(account.account_id)
        if not by_account.get(account.account_id):
            out[account.account_id] = Verdict.INCONCLUSIVE
        elif verdict is None:
            logger.warning("account %s (%s) has no verdict; shown as %s", account.account_id, account.name,
                           Verdict.INCONCLUSIVE)
            out[account.account_id] = Verdict.INCONCLUSIVE
        else:
            out[account.account_id] = Verdict(verdict.verdict)
    return out


def account_problems(findings: Iterable[Finding], rules: Sequence[RuleInfo] = ()) -> str:
    """问题 of one account: its failed and inconclusive findings, one per line, most serious first.

    Lines are ordered by severity (单项否决, 扣分, 提示), failures before inconclusive ones of the same severity,
    then catalogue order; each is prefixed 【单项否决】, 【扣分】 or 【提示】 (failed) or 【无法判定】; repeats are
    dropped.

    Args:
        findings: the account's findings (pass and not-applicable ones are skipped).
        rules: the rule catalogue (a rule's severity there wins over the finding's; ordering; failure titles).
    """
    by_id = _rule_index(rules)
    rank = {rule.id: i for i, rule in enumerate(rules)}
    reported: list[tuple[tuple[int, int, int, int], str]] = []
    unknown: list[tuple[tuple[int, int, int, int], str]] = []
    for order, f in enumerate(findings):
        if f.status not in _REPORTED:
            continue
        rule = by_id.get(f.rule_id)
        severity = rule.severity if rule else f.severity
        text = f.message.strip() or (rule.failure_title if rule else f.rule_title)
        key = (_STATUS_RANK[f.status], _SEVERITY_RANK[severity], rank.get(f.rule_id, len(rank)), order)
        if f.status is Status.INCONCLUSIVE:
            unknown.append((key, text))
        else:
            reported.append((key, f"【{severity.label}】" + text))
    lines: list[str] = []
    for _key, line in sorted(reported, key=lambda item: item[0]):
        if line not in lines:
            lines.append(line)
    for line in _merged_unknowns([text for _key, text in sorted(unknown, key=lambda item: item[0])]):
        if line not in lines:
            lines.append(line)
    return "\n".join(lines)


# "数据源状态：…，无法判定是否更新" / "…，未能读取文章，无法检查文章中的链接": the reason, then what it leaves open
_UNKNOWN_SPLIT = re.compile(r"^(?P<reason>.+?)，(?:未能[^，]*，)?无法(?:判定|检查)(?P<what>.+)$")


def _merged_unknowns(texts: Sequence[str]) -> list[str]:
    """【无法判定】 lines, one per reason: the items a shared reason (a source that could not be read) leaves open are
    listed on one line instead of repeating the reason for each rule."""
    groups: dict[str, list[str]] = {}
    alone: dict[str, None] = {}
    order: list[str] = []
    for text in texts:
        m = _UNKNOWN_SPLIT.match(text)
        if m is None:
            order.append(text)
            alone[text] = None
            continue
        reason = m.group("reason")
        if reason not in groups:
            groups[reason] = []
            order.append(reason)
        what = m.group("what").strip("，。 ")
        if what not in groups[reason]:
            groups[reason].append(what)
    lines = []
    for key in order:
        if key in alone:
            lines.append(_PROBLEM_MARK_INCONCLUSIVE + key)
        elif len(groups[key]) == 1:
            lines.append(f"{_PROBLEM_MARK_INCONCLUSIVE}{key}，无法判定{groups[key][0]}")
        else:
            lines.append(f"{_PROBLEM_MARK_INCONCLUSIVE}{key}；无法判定：{'、'.join(groups[key])}")
    return lines


def _account_note(account: AccountInfo) -> str:
    notes: list[str] = []
    if not account.healthy and account.health_detail.strip():
        notes.append(MEDIA_SOURCE_DETAIL + account.health_detail.strip())
    if account.posts_lower_bound and account.posts_in_quarter is not None:
        notes.append(MEDIA_POSTS_LOWER_BOUND)
    if account.gap_lower_bound and account.longest_gap is not None:
        notes.append(MEDIA_GAP_LOWER_BOUND)
    if account.latest_uncertain and account.latest is not None:
        notes.append(MEDIA_LATEST_UNCERTAIN)
    return "\n".join(notes)


def _count(value: int | None) -> Any:
    return pd.NA if value is None else int(value)


def media_accounts(
    accounts: Sequence[AccountInfo],
    verdicts: Mapping[int, SiteVerdict],
    findings: Iterable[Finding] = (),
    rules: Sequence[RuleInfo] = (),
) -> pd.DataFrame:
    """One row per 政务新媒体 account, in registry order (政务新媒体).

    Args:
        accounts: the run's accounts in registry order, with their figures.
        verdicts: the scoring result per account id.
        findings: the account findings (``Finding.account_id`` set); the failed and inconclusive ones are the
            account's 问题.
        rules: the rule catalogue (severities, ordering).

    Returns:
        Columns per :data:`MEDIA_SCHEMA`. ``latest`` is a naive Beijing-time datetime (None when unknown),
        ``days_since``, ``posts`` and ``longest_gap`` nullable integers; ``verdict`` per
        :func:`account_conclusions`; ``problems`` per :func:`account_problems` (for a 无法判定 account without
        any such line: why there is no conclusion); ``note`` (备注) says when a figure is only a lower bound and gives the
        source's detail when it is not healthy; ``posts_format`` / ``gap_format`` hold
        :data:`LOWER_BOUND_FORMAT` for a lower-bound figure, else "".
    """
    by_account = _account_findings(findings, accounts)
    conclusions = _conclusions(accounts, verdicts, by_account)
    rows: list[dict[str, Any]] = []
    for seq, account in enumerate(accounts, start=1):
        mine = by_account.get(account.account_id, [])
        conclusion = conclusions[account.account_id]
        problems = account_problems(mine, rules)
        if not problems and conclusion is Verdict.INCONCLUSIVE:  # say why there is no conclusion
            problems = MEDIA_TOO_LITTLE if mine else MEDIA_NO_FINDINGS
        rows.append(
            {
                "seq": seq,
                "name": account.name,
                "platform": account.platform,
                "owner": account.owner,
                "site_name": account.site_name,
                "latest": None if account.latest is None else beijing_time(account.latest),
                "days_since": _count(account.days_since),
                "posts": _count(account.posts_in_quarter),
                "longest_gap": _count(account.longest_gap),
                "health": account.health or NO_VALUE,
                "score": _account_score(verdicts.get(account.account_id), conclusion),
                "verdict": conclusion.value,
                "problems": problems,
                "note": _account_note(account),
                "posts_format": LOWER_BOUND_FORMAT if account.posts_lower_bound else "",
                "gap_format": LOWER_BOUND_FORMAT if account.gap_lower_bound else "",
            }
        )
    return _frame(rows, MEDIA_SCHEMA)


def _account_score(verdict: SiteVerdict | None, conclusion: Verdict) -> float:
    """得分 as for a site: none for a vetoed account or one without a conclusion."""
    if verdict is None:
        return math.nan
    return _shown_score(verdict.score, conclusion, verdict.vetoes)


# 新媒体问题明细: the account, then the same columns as 问题明细
MEDIA_PROBLEM_SCHEMA: dict[str, str] = {
    "seq": "int64",
    "name": "str",
    "platform": "str",
    "owner": "str",
    **{k: v for k, v in PROBLEM_SCHEMA.items() if k not in ("seq", "site_name")},
}
UNREGISTERED_SCHEMA: dict[str, str] = {"site_name": "str", "account": "str", "platform": "str", "url": "str"}
PORTAL_UNREGISTERED_CHECK = "inspector.checks.media:media_portal_unregistered"


def media_problem_details(
    accounts: Sequence[AccountInfo], findings: Iterable[Finding], rules: Sequence[RuleInfo]
) -> pd.DataFrame:
    """新媒体问题明细: one row per failed or inconclusive account finding, accounts in registry order, then failures
    before inconclusive ones, by severity and catalogue order; columns per :data:`MEDIA_PROBLEM_SCHEMA` (the
    account's name, platform and owner, then as 问题明细: 检查项, 规则编号, 判定, 性质, 扣分, 问题描述, 问题地址,
    来源页面 (the post a link was found in), 依据)."""
    by_id = _rule_index(rules)
    rank = {rule.id: i for i, rule in enumerate(rules)}
    position = {a.account_id: i for i, a in enumerate(accounts)}
    known = {a.account_id: a for a in accounts}
    reported = [f for f in findings if f.status in _REPORTED and f.account_id in known]

    def key(f: Finding) -> tuple[int, int, int, int]:
        rule = by_id.get(f.rule_id)
        severity = rule.severity if rule else f.severity
        return (position[f.account_id], _STATUS_RANK[f.status], _SEVERITY_RANK[severity], rank.get(f.rule_id, len(rank)))

    rows: list[dict[str, Any]] = []
    for seq, finding in enumerate(sorted(reported, key=key), start=1):
        account = known[finding.account_id]
        rows.append({"seq": seq, "name": account.name, "platform": account.platform, "owner": account.owner,
                     **_problem_fields(finding, by_id)})
    return _frame(rows, MEDIA_PROBLEM_SCHEMA)


def portal_unregistered(
    sites: Sequence[tuple[int, Site]], findings: Iterable[Finding], rules: Sequence[RuleInfo]
) -> pd.DataFrame:
    """Accounts a portal's 政务新媒体 page lists that are not in the account registry (the failed findings of the
    media_portal_unregistered rule): 网站名称, 页面列出的账号, 平台, 政务新媒体页面."""
    wanted = {r.id for r in rules if r.check == PORTAL_UNREGISTERED_CHECK}
    names = _site_names(sites)
    rows = []
    for f in _ordered([f for f in findings if f.rule_id in wanted and f.status is Status.FAIL], sites, rules):
        evidence = f.evidence[0] if f.evidence else None
        rows.append({
            "site_name": _site_name(names, f.site_id),
            "account": evidence.text if evidence else f.message,
            "platform": evidence.detail if evidence else "",
            "url": f.subject or (evidence.url if evidence else ""),
        })
    return _frame(rows, UNREGISTERED_SCHEMA)


def pass_rate(passed: int, failed: int) -> float | str:
    """合格率: 合格 among the accounts (or sites) with a conclusion, as a fraction; ``NO_VALUE`` when none has one."""
    judged = passed + failed
    return passed / judged if judged else NO_VALUE


def _tally(conclusions: Iterable[Verdict]) -> dict[str, Any]:
    values = list(conclusions)
    passed = values.count(Verdict.PASS)
    failed = values.count(Verdict.FAIL)
    return {
        "passed": passed,
        "failed": failed,
        "inconclusive": values.count(Verdict.INCONCLUSIVE),
        "rate": pass_rate(passed, failed),
    }


def media_platforms(
    accounts: Sequence[AccountInfo], verdicts: Mapping[int, SiteVerdict], findings: Iterable[Finding] = ()
) -> pd.DataFrame:
    """Pass rates per platform (各平台检查情况), from the same conclusions as the 政务新媒体 sheet.

    Args:
        accounts: the run's accounts in registry order.
        verdicts: the scoring result per account id.
        findings: the account findings.

    Returns:
        Columns ``platform, checked, passed, failed, inconclusive, rate``: one row per platform present, in order
        of its first account in the registry. ``checked`` counts every account of the platform; ``rate`` is
        :func:`pass_rate` (无法判定 accounts are not in it).
    """
    conclusions = account_conclusions(accounts, verdicts, findings)
    per_platform: dict[str, list[Verdict]] = {}
    for account in accounts:
        per_platform.setdefault(account.platform, []).append(conclusions[account.account_id])
    rows = [
        {"platform": platform, "checked": len(values)} | _tally(values) for platform, values in per_platform.items()
    ]
    return _frame(rows, MEDIA_PLATFORM_SCHEMA)


def media_platform_totals(frame: pd.DataFrame) -> dict[str, Any]:
    """The 合计 row under the per-platform table (the frame of :func:`media_platforms`)."""
    passed, failed = int(frame["passed"].sum()), int(frame["failed"].sum())
    return {
        "platform": MEDIA_TOTALS_LABEL,
        "checked": int(frame["checked"].sum()),
        "passed": passed,
        "failed": failed,
        "inconclusive": int(frame["inconclusive"].sum()),
        "rate": pass_rate(passed, failed),
    }


def media_summary(
    accounts: Sequence[AccountInfo], verdicts: Mapping[int, SiteVerdict], findings: Iterable[Finding] = ()
) -> pd.DataFrame:
    """The 政务新媒体 block of 总体情况: one row of account totals, none when the run has no accounts.

    Returns:
        Columns ``accounts, passed, failed, inconclusive, rate`` (see :func:`pass_rate`).
    """
    if not accounts:
        return _frame([], MEDIA_SUMMARY_SCHEMA)
    conclusions = account_conclusions(accounts, verdicts, findings)
    return _frame([{"accounts": len(accounts)} | _tally(conclusions.values())], MEDIA_SUMMARY_SCHEMA)
