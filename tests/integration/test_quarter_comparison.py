"""The bulletin compares each quarter with the last one, read from the store (never from an old workbook).

No network: runs, sites and findings are written to a real SQLite store directly, then the real
`pipeline.bulletin` stage scores them and writes the workbook, which is read back with openpyxl.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from inspector.bulletin import quarter_of
from inspector.model import Finding, Level, Site, Status
from inspector.pipeline import bulletin
from inspector.rules import Rule, load_rules
from inspector.store import Store

SITE_A = Site("甲市人民政府", "http://www.a.gov.cn.test/", Level.CITY, "4200000001")
SITE_B = Site("乙县人民政府", "http://www.b.gov.cn.test/", Level.COUNTY, "4200000002")
SITE_C = Site("丙县人民政府", "http://www.c.gov.cn.test/", Level.COUNTY, "4200000003")
# the registry was edited between the quarters: same homepages, different spelling
SITE_A_Q4 = Site("甲市人民政府", "http://WWW.A.gov.cn.test", Level.CITY, "4200000001")

HEADER = ["上季度得分", "上季度结论", "变化"]
FIRST_COMPARISON_COLUMN = 11  # K: after 问题数 (I) and 无法判定项数 (J)


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    return load_rules()


def _findings(run_id: int, site_id: int, rules: list[Rule], failed: dict[str, float]) -> list[Finding]:
    """One finding per rule for a site: the rules named in `failed` fail (with that deduction), the rest pass."""
    out: list[Finding] = []
    for rule in rules:
        fails = rule.id in failed
        out.append(
            Finding(
                run_id=run_id,
                site_id=site_id,
                rule_id=rule.id,
                rule_title=rule.failure_title if fails else rule.title,
                status=Status.FAIL if fails else Status.PASS,
                severity=rule.severity,
                deduction=failed.get(rule.id, 0.0),
                message=rule.failure_title if fails else rule.title,
                points_cap=rule.points,
            )
        )
    return out


def _run(
    store: Store, as_of: date, sites: list[Site], results: list[dict[str, float] | None], rules: list[Rule]
) -> int:
    """A checked run: `results[i]` lists the failed rules of `sites[i]` (None: the site has no findings)."""
    run_id = store.create_run(as_of=as_of, quarter=quarter_of(as_of))
    ids = store.add_sites(run_id, sites)
    found: list[Finding] = []
    for site_id, failed in zip(ids, results, strict=True):
        if failed is not None:
            found += _findings(run_id, site_id, rules, failed)
    store.replace_findings(run_id, found)
    store.set_run_status(run_id, "checked")
    return run_id


def _summary(path: Path) -> list[list[object]]:
    ws = openpyxl.load_workbook(path)["总体情况"]
    assert [c.value for c in ws[1]][FIRST_COMPARISON_COLUMN - 1 :] == HEADER
    return [
        [c.value for c in row]
        for row in ws.iter_rows(min_row=2, max_row=4, min_col=FIRST_COMPARISON_COLUMN, max_col=13)
    ]


def _comparison_note(path: Path) -> object:
    ws = openpyxl.load_workbook(path)["说明"]
    rows = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)}
    return rows["对比批次"]


def test_q4_bulletin_compares_with_the_latest_q3_run_with_findings(tmp_path: Path, rules: list[Rule]) -> None:
    store = Store(tmp_path / "s.db")
    q3 = _run(
        store,
        date(2026, 9, 30),
        [SITE_A, SITE_B],
        [{"site-availability": 0.0}, {"broken-links-other": 1.0}],  # A vetoed; B 99 分
        rules,
    )
    # a later Q3 run that never got checked (e.g. an interrupted crawl): not a comparison run
    _run(store, date(2026, 9, 30), [SITE_A, SITE_B], [None, None], rules)
    q4 = _run(
        store,
        date(2026, 11, 26),
        [SITE_A_Q4, SITE_B, SITE_C],
        [{}, {"broken-links-homepage": 3.5, "broken-links-other": 1.0}, {}],  # A 100 分; B 95.5 分; C new
        rules,
    )

    path, verdicts = bulletin(store, q4, rules, tmp_path / "2026Q4-bulletin.xlsx")

    assert [v.score for v in verdicts.values()] == [100.0, 95.5, 100.0]
    assert _summary(path) == [
        [None, "不合格", "整改合格"],  # a vetoed site shows no score
        [99, "合格", "得分下降3.5分"],
        [None, None, "新纳入"],
    ]
    assert _comparison_note(path) == f"批次 {q3}（2026Q3）"


def test_a_quarter_that_was_all_passes_then_fails(tmp_path: Path, rules: list[Rule]) -> None:
    store = Store(tmp_path / "s.db")
    q4 = _run(store, date(2026, 12, 31), [SITE_A, SITE_B], [{}, {}], rules)
    q1 = _run(store, date(2027, 1, 5), [SITE_A, SITE_B], [{"site-availability": 0.0}, {}], rules)  # 2026Q4 → 2027Q1

    path, _ = bulletin(store, q1, rules, tmp_path / "2027Q1-bulletin.xlsx")

    assert _summary(path)[:2] == [[100, "合格", "新增不合格"], [100, "合格", "无变化"]]
    assert _comparison_note(path) == f"批次 {q4}（2026Q4）"


@pytest.mark.parametrize("older", [None, date(2026, 6, 30)], ids=["only-run", "two-quarters-back"])
def test_without_last_quarter_the_comparison_columns_are_empty(
    tmp_path: Path, rules: list[Rule], older: date | None
) -> None:
    store = Store(tmp_path / "s.db")
    if older is not None:
        _run(store, older, [SITE_A, SITE_B], [{"site-availability": 0.0}, {}], rules)  # 2026Q2: not last quarter
    q4 = _run(store, date(2026, 11, 26), [SITE_A, SITE_B], [{}, {}], rules)

    path, _ = bulletin(store, q4, rules, tmp_path / "2026Q4-bulletin.xlsx")

    assert _summary(path)[:2] == [[None, None, None], [None, None, None]]
    assert _comparison_note(path) == "无（存储中没有上季度的检查结果）"
