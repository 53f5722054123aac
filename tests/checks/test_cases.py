"""Every case file under tests/cases/<rule-id>/ runs its rule through the engine; the file-name prefix is the expected status."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from rule_case_loader import CASE_SUFFIXES, expected_status, load_case

from inspector.engine import evaluate, evaluate_account
from inspector.model import Finding, Status
from inspector.rules import default_rules_dir, load_rule

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
CASE_FILES = sorted(p for p in CASES_DIR.glob("*/*") if p.suffix in CASE_SUFFIXES)
EXPECT_KEYS = {"message", "findings", "evidence", "deduction"}


def overall_status(findings: list[Finding]) -> Status:
    """fail if any finding failed, else inconclusive if any was, else pass if any passed, else not applicable."""
    statuses = {f.status for f in findings}
    for status in (Status.FAIL, Status.INCONCLUSIVE, Status.PASS):
        if status in statuses:
            return status
    return Status.NOT_APPLICABLE


def expectations(case: Path) -> dict[str, object]:
    expect_file = case.parent / "expect.toml"
    if not expect_file.exists():
        return {}
    table = tomllib.loads(expect_file.read_text(encoding="utf-8"))
    unknown_cases = set(table) - {p.name for p in case.parent.iterdir()}
    assert not unknown_cases, f"{expect_file}: entries for missing case files {sorted(unknown_cases)}"
    entry = table.get(case.name, {})
    assert set(entry) <= EXPECT_KEYS, f"{expect_file} [{case.name}]: unknown keys {sorted(set(entry) - EXPECT_KEYS)}"
    return entry


def test_cases_exist() -> None:
    assert len(CASE_FILES) >= 18


@pytest.mark.parametrize("case", CASE_FILES, ids=[f"{p.parent.name}/{p.name}" for p in CASE_FILES])
def test_case(case: Path) -> None:
    rule = load_rule(default_rules_dir() / f"{case.parent.name}.toml")
    want = Status(expected_status(case))
    artifacts = load_case(case)
    findings = evaluate_account([rule], artifacts, run_id=1) if rule.for_accounts else evaluate([rule], artifacts, run_id=1)

    assert findings, "the engine returns at least one finding per rule"
    assert all(f.rule_id == rule.id and f.rule_sha == rule.sha for f in findings)
    got = overall_status(findings)
    assert got is want, f"expected {want}, got {got}: " + " | ".join(f"{f.status}: {f.message}" for f in findings)
    for f in findings:
        assert f.message.strip(), "every finding explains itself"
        assert f.rule_title == (rule.failure_title if f.status is Status.FAIL else rule.title)
        if f.status is not Status.FAIL:
            assert f.deduction == 0

    expect = expectations(case)
    chosen = [f for f in findings if f.status is want]
    text = "\n".join(f.message for f in chosen)
    for fragment in expect.get("message", []):  # type: ignore[union-attr]
        assert fragment in text, f"{fragment!r} not in messages:\n{text}"
    if "findings" in expect:
        assert len(chosen) == expect["findings"]
    if "evidence" in expect:
        assert sum(len(f.evidence) for f in chosen) == expect["evidence"]
    if "deduction" in expect:
        assert sum(f.deduction for f in findings) == pytest.approx(expect["deduction"])
