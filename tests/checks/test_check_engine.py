"""Engine: applicability, isolation of a crashing check, stamping of findings."""

from __future__ import annotations

import dataclasses
import logging

import pytest
from rule_case_loader import artifacts_from_json

from inspector.engine import evaluate
from inspector.model import CheckResult, Evidence, Severity, SiteArtifacts, Status
from inspector.rules import Rule, default_rules_dir, load_rule


def rule(rule_id: str) -> Rule:
    return load_rule(default_rules_dir() / f"{rule_id}.toml")


def artifacts(level: str = "county") -> SiteArtifacts:
    return artifacts_from_json({"site_id": 7, "site": {"level": level}})


def returning(*results: CheckResult):  # type: ignore[no-untyped-def]
    def check(site: SiteArtifacts, params: object) -> list[CheckResult]:
        return list(results)
    return check


def test_crashing_check_is_isolated(caplog: pytest.LogCaptureFixture) -> None:
    def boom(site: SiteArtifacts, params: object) -> list[CheckResult]:
        raise KeyError("footer\nsecond line")

    broken = dataclasses.replace(rule("footer-icp"), function=boom)
    fine = rule("footer-conac-mark")
    with caplog.at_level(logging.ERROR, logger="inspector.engine"):
        findings = evaluate([broken, fine], artifacts(), run_id=3)
    assert [(f.rule_id, f.status) for f in findings] == [
        ("footer-icp", Status.INCONCLUSIVE),
        ("footer-conac-mark", Status.INCONCLUSIVE),  # the run went on (no homepage → inconclusive)
    ]
    first = findings[0]
    assert first.message.startswith("检查程序出错：KeyError")
    assert "\n" not in first.message
    assert first.deduction == 0 and first.rule_title == broken.title
    record = next(r for r in caplog.records if r.name == "inspector.engine")
    assert record.levelno == logging.ERROR and record.exc_info is not None
    assert "footer-icp" in record.getMessage()


def test_wrong_return_type_is_inconclusive() -> None:
    bad = dataclasses.replace(rule("footer-icp"), function=lambda site, params: "oops")
    [finding] = evaluate([bad], artifacts(), run_id=1)
    assert finding.status is Status.INCONCLUSIVE and "TypeError" in finding.message


def test_not_applicable_level_does_not_call_the_check() -> None:
    def never(site: SiteArtifacts, params: object) -> list[CheckResult]:
        raise AssertionError("must not be called")

    r = dataclasses.replace(rule("footer-error-report"), function=never)
    [finding] = evaluate([r], artifacts("township"), run_id=1)
    assert finding.status is Status.NOT_APPLICABLE and "乡镇" in finding.message
    assert (finding.site_id, finding.run_id) == (7, 1)


def test_empty_result_is_not_applicable() -> None:
    r = dataclasses.replace(rule("footer-icp"), function=returning())
    [finding] = evaluate([r], artifacts(), run_id=1)
    assert finding.status is Status.NOT_APPLICABLE


def test_stamping() -> None:
    base = rule("broken-links-other")  # deduct, 0.1 per unit, cap 5
    results = (
        CheckResult(Status.FAIL, "坏链A", "http://a.test/", (Evidence(url="http://a.test/"),), count=3),
        CheckResult(Status.INCONCLUSIVE, "无法判定B", "http://b.test/"),
        CheckResult(Status.PASS, "其余可访问"),
    )
    findings = evaluate([dataclasses.replace(base, function=returning(*results))], artifacts(), run_id=9)
    fail, unknown, ok = findings
    assert fail.deduction == pytest.approx(0.3) and fail.rule_title == base.failure_title
    assert fail.subject == "http://a.test/" and len(fail.evidence) == 1
    assert (fail.points_cap, fail.rule_sha, fail.severity) == (5.0, base.sha, Severity.DEDUCT)
    assert unknown.deduction == ok.deduction == 0
    assert unknown.rule_title == ok.rule_title == base.title
    assert {f.run_id for f in findings} == {9} and {f.site_id for f in findings} == {7}


def test_veto_and_notice_never_deduct() -> None:
    failing = returning(CheckResult(Status.FAIL, "不可用"))
    veto = dataclasses.replace(rule("site-availability"), function=failing)
    notice = dataclasses.replace(rule("footer-icp"), function=failing, severity=Severity.NOTICE)
    for finding in evaluate([veto, notice], artifacts(), run_id=1):
        assert finding.status is Status.FAIL and finding.deduction == 0
