"""Engine: run every rule on one site's artifacts, isolate failures, stamp CheckResults into Findings."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from inspector.model import CheckResult, Finding, Severity, SiteArtifacts, Status
from inspector.rules import Rule

logger = logging.getLogger(__name__)


def evaluate(rules: Sequence[Rule], artifacts: SiteArtifacts, run_id: int) -> list[Finding]:
    """Evaluate `rules` on one site; every rule yields at least one Finding and no rule can stop the run."""
    findings: list[Finding] = []
    for rule in rules:
        findings.extend(_stamp(rule, result, artifacts.site_id, run_id) for result in _results(rule, artifacts))
    counts = Counter(f.status for f in findings)
    logger.debug(
        "site=%s run=%s findings: %d pass, %d fail, %d inconclusive, %d not applicable",
        artifacts.site_id, run_id, counts[Status.PASS], counts[Status.FAIL],
        counts[Status.INCONCLUSIVE], counts[Status.NOT_APPLICABLE],
    )
    return findings


def _results(rule: Rule, artifacts: SiteArtifacts) -> list[CheckResult]:
    """The check's results, or one stand-in result when it does not apply, finds nothing or crashes."""
    site = artifacts.site
    if not rule.applies(site):
        return [CheckResult(Status.NOT_APPLICABLE, f"本项不适用于{site.level.label}网站")]
    try:
        results = rule.run(artifacts)
    except Exception as exc:  # isolation: the one place that catches broadly (style.md B6)
        logger.error("check failed rule=%s site=%s check=%s", rule.id, artifacts.site_id, rule.check, exc_info=True)
        return [CheckResult(Status.INCONCLUSIVE, f"检查程序出错：{_one_line(exc)}")]
    if not results:
        return [CheckResult(Status.NOT_APPLICABLE, "没有可供检查的对象")]
    return results


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    summary = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return summary if len(summary) <= 200 else summary[:197] + "..."


def _stamp(rule: Rule, result: CheckResult, site_id: int, run_id: int) -> Finding:
    failed = result.status is Status.FAIL
    deduction = rule.deduction * result.count if failed and rule.severity is Severity.DEDUCT else 0.0
    return Finding(
        run_id=run_id,
        site_id=site_id,
        rule_id=rule.id,
        rule_title=rule.failure_title if failed else rule.title,
        status=result.status,
        severity=rule.severity,
        deduction=deduction,
        message=result.message,
        subject=result.subject,
        evidence=result.evidence,
        rule_sha=rule.sha,
        points_cap=rule.points,
    )
