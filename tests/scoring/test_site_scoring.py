"""Scoring table: veto, capped deductions, inconclusive facts, the pass mark."""

from __future__ import annotations

import pytest

from inspector.model import Finding, Severity, Status, Verdict
from inspector.scoring import PASS_MARK, score_run, score_site

V, D, N = Severity.VETO, Severity.DEDUCT, Severity.NOTICE
P, F, I, NA = Status.PASS, Status.FAIL, Status.INCONCLUSIVE, Status.NOT_APPLICABLE


def f(rule: str, status: Status, severity: Severity, deduction: float = 0.0, cap: float = 0.0, site: int = 1) -> Finding:
    title = f"{rule}不通过" if status is F else rule
    return Finding(run_id=1, site_id=site, rule_id=rule, rule_title=title, status=status, severity=severity,
                   deduction=deduction, message="…", points_cap=cap)


CASES = [
    pytest.param([f("avail", P, V), f("icp", P, D, cap=1)], 100.0, Verdict.PASS, (), 0, 0, id="all-pass"),
    pytest.param([f("avail", F, V), f("icp", P, D, cap=1)], 100.0, Verdict.FAIL, ("avail不通过",), 1, 0, id="veto-fail"),
    pytest.param([f("avail", F, V), f("avail", F, V), f("other", F, V)], 100.0, Verdict.FAIL,
                 ("avail不通过", "other不通过"), 3, 0, id="distinct-veto-titles"),
    pytest.param([f("home", F, D, 1, cap=10)] * 14, 90.0, Verdict.PASS, (), 14, 0, id="deduction-capped-per-rule"),
    pytest.param([f("home", F, D, 1, cap=10)] * 3 + [f("other", F, D, 0.1, cap=5)] * 7, 96.3, Verdict.PASS, (), 10, 0,
                 id="deductions-summed-over-rules"),
    pytest.param([f("x", F, D, 5, cap=0)], 100.0, Verdict.PASS, (), 1, 0, id="cap-zero-deducts-nothing"),
    pytest.param([f("avail", P, V), f("notice", F, N, 0, cap=0)], 100.0, Verdict.PASS, (), 1, 0,
                 id="notice-counts-as-problem-only"),
    pytest.param([f("notice", F, N, 0, cap=0)], 100.0, Verdict.INCONCLUSIVE, (), 1, 0, id="notice-alone-establishes-nothing"),
    pytest.param([f("avail", I, V), f("icp", F, D, 1, cap=1)], 99.0, Verdict.INCONCLUSIVE, (), 1, 1,
                 id="inconclusive-veto"),
    pytest.param([f("avail", P, V), f("home", I, D, 0, cap=10), f("icp", NA, D, cap=1)], 100.0, Verdict.PASS, (), 0, 1,
                 id="inconclusive-deduct-never-counts"),
    pytest.param([f(f"r{i}", F, D, 10, cap=10) for i in range(5)], 50.0, Verdict.FAIL, (), 5, 0, id="below-pass-mark"),
    pytest.param([f(f"r{i}", F, D, 10, cap=10) for i in range(4)], 60.0, Verdict.PASS, (), 4, 0, id="exactly-pass-mark"),
    pytest.param([f(f"r{i}", F, D, 10, cap=10) for i in range(5)] + [f("avail", I, V)], 50.0, Verdict.FAIL, (), 5, 1,
                 id="below-mark-beats-inconclusive"),
    pytest.param([f(f"r{i}", F, D, 30, cap=30) for i in range(4)], 0.0, Verdict.FAIL, (), 4, 0, id="score-floor-zero"),
    pytest.param([], 100.0, Verdict.INCONCLUSIVE, (), 0, 0, id="no-findings-is-no-pass"),
    pytest.param([f("avail", P, V), f("home", I, D, cap=10), f("other", I, D, cap=5), f("icp", I, D, cap=1)], 100.0,
                 Verdict.INCONCLUSIVE, (), 0, 3, id="mostly-inconclusive-is-no-pass"),
    pytest.param([f("avail", P, V), f("home", P, D, cap=10), f("icp", I, D, cap=1)], 100.0, Verdict.PASS, (), 0, 1,
                 id="few-inconclusive-still-pass"),
]


@pytest.mark.parametrize(("findings", "score", "verdict", "vetoes", "problems", "inconclusive"), CASES)
def test_score_site(findings: list[Finding], score: float, verdict: Verdict, vetoes: tuple[str, ...],
                    problems: int, inconclusive: int) -> None:
    result = score_site(1, findings)
    assert result.site_id == 1
    assert result.score == pytest.approx(score)
    assert result.verdict is verdict
    assert result.vetoes == vetoes
    assert (result.problems, result.inconclusive) == (problems, inconclusive)


def test_pass_mark() -> None:
    assert PASS_MARK == 60


def test_point_one_deductions_do_not_drift() -> None:
    result = score_site(1, [f("other", F, D, 0.1, cap=5)] * 3)
    assert result.score == 99.7


def test_score_run_splits_sites_and_ignores_foreign_findings() -> None:
    findings = [f("avail", F, V, site=1), f("icp", F, D, 1, cap=1, site=2), f("avail", P, V, site=2)]
    verdicts = score_run(findings)
    assert list(verdicts) == [1, 2]
    assert verdicts[1].verdict is Verdict.FAIL and verdicts[1].vetoes == ("avail不通过",)
    assert verdicts[2].verdict is Verdict.PASS and verdicts[2].score == 99.0
    assert score_site(2, findings) == verdicts[2]


def test_accounts_are_scored_apart_and_never_count_against_their_site() -> None:
    from dataclasses import replace

    from inspector.scoring import score_accounts

    site = [f("avail", P, V, site=1), f("icp", P, D, cap=1, site=1)]
    stale = [replace(f("media-update", F, V, site=1), account_id=7), replace(f("media-name", F, D, 5, cap=5, site=1), account_id=7)]
    active = [replace(f("media-update", P, V, site=1), account_id=8), replace(f("media-name", P, D, cap=5, site=1), account_id=8)]
    broken_source = [replace(f("media-update", I, V, site=0), account_id=9)]
    findings = site + stale + active + broken_source
    assert score_run(findings)[1].verdict is Verdict.PASS  # the stale account does not fail its site
    assert score_site(1, findings).verdict is Verdict.PASS
    accounts = score_accounts(findings)
    assert list(accounts) == [7, 8, 9]
    assert accounts[7].verdict is Verdict.FAIL and accounts[7].vetoes == ("media-update不通过",)
    assert accounts[8].verdict is Verdict.PASS and accounts[8].score == 100.0
    assert accounts[9].verdict is Verdict.INCONCLUSIVE  # an unreadable source is never 不合格
    assert 0 not in score_run(findings)  # an account without a site adds no site 0
