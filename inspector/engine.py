"""Engine: run every rule on one site's (or one account's) artifacts, isolate failures, stamp CheckResults into
Findings. Site rules see SiteArtifacts; account rules (`target = "account"`) see AccountArtifacts."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from inspector.model import CheckResult, Finding, Severity, SiteArtifacts, Status
from inspector.rules import Rule

logger = logging.getLogger(__name__)


def evaluate(rules: Sequence[Rule], artifacts: SiteArtifacts, run_id: int) -> list[Finding]:
    """Evaluate the site rules of `rules` on one site; every rule yields at least one Finding and no rule can stop
    the run (account rules are skipped: see evaluate_account)."""
    findings: list[Finding] = []
    for rule in rules:
        if rule.for_accounts:
            continue
        findings.extend(_stamp(rule, result, artifacts.site_id, run_id) for result in _results(rule, artifacts))
    counts = Counter(f.status for f in findings)
    logger.debug(
        "site=%s run=%s findings: %d pass, %d fail, %d inconclusive, %d not applicable",
        artifacts.site_id, run_id, counts[Status.PASS], counts[Status.FAIL],
        counts[Status.INCONCLUSIVE], counts[Status.NOT_APPLICABLE],
    )
    return findings


def evaluate_account(rules: Sequence[Rule], artifacts: Any, run_id: int) -> list[Finding]:
    """Evaluate the account rules of `rules` on one 政务新媒体 account (inspector.media.artifacts.AccountArtifacts).

    The findings carry the account id, and the account's site id (0 when it has none) for grouping."""
    findings: list[Finding] = []
    for rule in rules:
        if not rule.for_accounts:
            continue
        for result in _results(rule, artifacts):
            finding = _stamp(rule, result, artifacts.site_id or 0, run_id)
            findings.append(replace(finding, account_id=artifacts.account_id))
    return findings


def _results(rule: Rule, artifacts: Any) -> list[CheckResult]:
    """The check's results, or one stand-in result when it does not apply, finds nothing or crashes."""
    if rule.for_accounts:
        account = artifacts.account
        if not rule.applies(account):
            return [CheckResult(Status.NOT_APPLICABLE, f"本项不适用于“{account.platform.label}”平台的账号")]
        subject = f"account={artifacts.account_id}"
    else:
        site = artifacts.site
        if not rule.applies(site):
            return [CheckResult(Status.NOT_APPLICABLE, f"本项不适用于{site.level.label}网站")]
        subject = f"site={artifacts.site_id}"
    try:
        results = rule.run(artifacts)
    except Exception as exc:  # isolation: the one place that catches broadly (style.md B6)
        logger.error("check failed rule=%s %s check=%s", rule.id, subject, rule.check, exc_info=True)
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
