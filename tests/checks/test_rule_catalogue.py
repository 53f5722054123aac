"""The rules/ folder is the registry: every rule file must load, be documented, and have a case folder."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from inspector.model import Severity
from rule_case_loader import CASE_SUFFIXES
from inspector.rules import Rule, default_rules_dir, load_rule, load_rules

RULES_DIR = default_rules_dir()
RULE_FILES = sorted(RULES_DIR.glob("*.toml"))
CASES_DIR = Path(__file__).resolve().parents[1] / "cases"


def test_rules_folder_is_the_repo_one() -> None:
    assert RULES_DIR == Path(__file__).resolve().parents[2] / "rules"
    assert len(RULE_FILES) >= 8


def test_catalogue_loads_sorted_with_unique_ids() -> None:
    rules = load_rules(include_retired=True)
    ids = [r.id for r in rules]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids)) == len(RULE_FILES)
    active = load_rules()
    assert {r.id for r in active} == {r.id for r in rules if r.retired is None}


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_rule_file(path: Path) -> None:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    rule = load_rule(path)
    assert isinstance(rule, Rule)
    assert rule.id == raw["id"] == path.stem
    assert callable(rule.function) and rule.check == raw["check"]
    assert dataclasses.is_dataclass(rule.params)
    assert set(raw.get("params", {})) <= {f.name for f in dataclasses.fields(rule.params)}
    for text in (rule.title, rule.failure_title, rule.reference, rule.description):
        assert text.strip()
    assert rule.title != rule.failure_title
    assert rule.confidence_mark in ("C", "V", "S", "U") and len(rule.confidence) > 2
    assert rule.applies_to
    assert len(rule.sha) == 12
    if rule.severity is Severity.DEDUCT:
        assert rule.points > 0 and rule.deduction > 0


@pytest.mark.parametrize("path", RULE_FILES, ids=[p.stem for p in RULE_FILES])
def test_rule_has_case_folder(path: Path) -> None:
    folder = CASES_DIR / path.stem
    assert folder.is_dir(), f"missing case folder tests/cases/{path.stem}/"
    names = [p.name for p in folder.iterdir()]
    assert any(n.startswith("pass-") for n in names), "needs at least one pass-* case"
    assert any(n.startswith("fail-") for n in names), "needs at least one fail-* case"


def test_every_case_folder_has_a_rule() -> None:
    orphans = sorted(d.name for d in CASES_DIR.iterdir() if d.is_dir() and not (RULES_DIR / f"{d.name}.toml").exists())
    assert not orphans, f"case folders without a rule file: {orphans}"


def test_case_files_are_named_by_status() -> None:
    allowed_prefixes = ("pass-", "fail-", "inconclusive-", "na-")
    for case in CASES_DIR.glob("*/*"):
        if case.name == "expect.toml":
            continue
        assert case.suffix in CASE_SUFFIXES, case
        assert case.name.startswith(allowed_prefixes), case
