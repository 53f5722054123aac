"""Scoring: Findings → one SiteVerdict per site (国办秘函〔2019〕19号 scoring, standards.md §1.1).

Any failed veto rule → 不合格; otherwise 100 minus the deductions, each rule capped at its own points;
below PASS_MARK → 不合格; an inconclusive veto fact, or too little established (no conclusive finding, or
more inconclusive than conclusive ones) → 无法判定; else 合格. Inconclusive and not-applicable findings never
count against a site, and a site is never called 合格 on evidence the inspector could not gather.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable

from inspector.model import Finding, Severity, SiteVerdict, Status, Verdict

logger = logging.getLogger(__name__)

FULL_MARKS = 100.0  # the 扣分 part is out of 100 points
PASS_MARK = 60.0  # a site scoring below this (with no veto) is 不合格


def total_deduction(findings: Iterable[Finding]) -> float:
    """Σ over rules of min(cap, Σ deductions of the rule's failed deduct findings); a cap of 0 deducts nothing."""
    per_rule: dict[str, float] = defaultdict(float)
    caps: dict[str, float] = {}
    for f in findings:
        if f.status is Status.FAIL and f.severity is Severity.DEDUCT:
            per_rule[f.rule_id] += f.deduction
            caps[f.rule_id] = f.points_cap
    return sum(min(caps[rule_id], amount) for rule_id, amount in per_rule.items())


def score_site(site_id: int, findings: Iterable[Finding]) -> SiteVerdict:
    """Score one site from its findings (findings of other sites, and account findings, are ignored)."""
    return _score(site_id, [f for f in findings if f.site_id == site_id and f.account_id is None])


def score_accounts(findings: Iterable[Finding]) -> dict[int, SiteVerdict]:
    """Score every 政务新媒体 account that has findings, keyed by account id, by the websites' rule (standards.md
    §1.5: a failed veto or below 60 → 不合格); the verdict's `site_id` holds the account id."""
    by_account: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.account_id is not None:
            by_account[f.account_id].append(f)
    return {account_id: _score(account_id, items) for account_id, items in by_account.items()}


def _score(site_id: int, mine: list[Finding]) -> SiteVerdict:
    vetoes: list[str] = []
    for f in mine:
        if f.status is Status.FAIL and f.severity is Severity.VETO and f.rule_title not in vetoes:
            vetoes.append(f.rule_title)
    score = round(max(0.0, FULL_MARKS - total_deduction(mine)), 2)
    veto_unknown = any(f.status is Status.INCONCLUSIVE and f.severity is Severity.VETO for f in mine)
    if vetoes or score < PASS_MARK:
        verdict = Verdict.FAIL
    elif veto_unknown or not _enough_established(mine):
        verdict = Verdict.INCONCLUSIVE
    else:
        verdict = Verdict.PASS
    return SiteVerdict(
        site_id=site_id,
        score=score,
        verdict=verdict,
        vetoes=tuple(vetoes),
        problems=sum(1 for f in mine if f.status is Status.FAIL),
        inconclusive=sum(1 for f in mine if f.status is Status.INCONCLUSIVE),
    )


def _enough_established(findings: list[Finding]) -> bool:
    """True when the scored findings (veto and deduct) are mostly conclusive: a 合格 needs evidence."""
    scored = [f for f in findings if f.severity is not Severity.NOTICE]
    conclusive = sum(1 for f in scored if f.status in (Status.PASS, Status.FAIL))
    unknown = sum(1 for f in scored if f.status is Status.INCONCLUSIVE)
    return conclusive > 0 and unknown <= conclusive


def score_run(findings: Iterable[Finding]) -> dict[int, SiteVerdict]:
    """Score every site that has findings, keyed by site id (in order of first appearance); account findings are
    left out (score_accounts)."""
    by_site: dict[int, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.account_id is None:
            by_site[f.site_id].append(f)
    verdicts = {site_id: _score(site_id, items) for site_id, items in by_site.items()}
    logger.info(
        "scored %d sites: %d 合格, %d 不合格, %d 无法判定",
        len(verdicts),
        sum(v.verdict is Verdict.PASS for v in verdicts.values()),
        sum(v.verdict is Verdict.FAIL for v in verdicts.values()),
        sum(v.verdict is Verdict.INCONCLUSIVE for v in verdicts.values()),
    )
    return verdicts
