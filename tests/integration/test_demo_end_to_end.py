"""The whole pipeline, for real: `inspector demo` starts the farm, crawls it, checks, scores, writes the workbook.

The farm's defect manifest is the ground truth: every seeded defect must be found, and no failed finding
may appear where none was seeded. Then the stored run is re-checked with the farm stopped (no network).
"""

from __future__ import annotations

import json
import re
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.media import Platform
from inspector.model import Finding, Status
from inspector.store import Store

pytestmark = pytest.mark.farm

AS_OF = "2026-11-26"
# A dead loopback DNS server and self-check: a run that got past validation could still send nothing off this host.
FENCE = ("--dns", "127.0.0.1:9", "--self-check", "http://127.0.0.1:9/")


@dataclass(frozen=True)
class DemoRun:
    root: Path
    store: Path
    reports: Path
    result: subprocess.CompletedProcess[str]
    manifest: dict

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(self.root, *args)


def run_cli(cwd: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200", PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "inspector.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoRun]:
    root = tmp_path_factory.mktemp("demo")
    store = root / "inspector.db"
    reports = root / "reports"
    result = run_cli(root, "demo", "--store", str(store), "--out", str(reports), "--as-of", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = json.loads((reports / "demo-manifest.json").read_text(encoding="utf-8"))
    yield DemoRun(root, store, reports, result, manifest)


def _findings(store_path: Path) -> tuple[int, list[Finding], dict[int, str]]:
    store = Store(store_path)
    run_id = store.latest_run_id()
    assert run_id is not None
    hosts = {site_id: site.host for site_id, site in store.sites(run_id)}
    found = store.findings(run_id)
    store.close()
    return run_id, found, hosts


def _key(host: str, rule: str, url: str) -> tuple[str, str, str]:
    return (host, rule, url.rstrip("/"))


def test_demo_writes_the_quarter_workbook_and_a_summary(demo: DemoRun) -> None:
    workbook = demo.reports / "2026Q4-bulletin.xlsx"
    assert workbook.is_file()
    out = demo.result.stdout
    for word in ("合格", "不合格", "检查通报", str(workbook.name)):
        assert word in out, out
    wb = load_workbook(workbook)
    assert wb.sheetnames[:3] == ["总体情况", "问题明细", "断链明细"]
    summary = wb["总体情况"]
    headers = [c.value for c in summary[1]]
    assert headers[1:9] == ["网站名称", "网站标识码", "网址", "级别", "得分", "结论", "单项否决项", "问题数"]
    names = [summary.cell(row=r, column=2).value for r in range(2, 2 + len(demo.manifest["sites"]))]
    assert set(names) == {s["name"] for s in demo.manifest["sites"]}


def test_every_seeded_defect_is_found_and_nothing_else_fails(demo: DemoRun) -> None:
    _run_id, found, hosts = _findings(demo.store)
    failed = {_key(hosts[f.site_id], f.rule_id, f.subject) for f in found if f.status is Status.FAIL}
    seeded = {_key(d["host"], d["rule"], d["url"]) for d in demo.manifest["defects"]}
    assert seeded, "the manifest seeds no defects"
    assert sorted(seeded - failed) == [], "seeded defects not found"
    assert sorted(failed - seeded) == [], "failed findings where none was seeded"


def test_benign_traps_are_never_failures(demo: DemoRun) -> None:
    _run_id, found, hosts = _findings(demo.store)
    by_key = {}
    for f in found:
        by_key.setdefault(_key(hosts[f.site_id], f.rule_id, f.subject), []).append(f.status)
    for trap in demo.manifest["benign"]:
        statuses = by_key.get(_key(trap["host"], trap["rule"], trap["url"]), [])
        assert Status.FAIL not in statuses, trap
        if trap["expect"] == "inconclusive":
            assert Status.INCONCLUSIVE in statuses, trap


def test_sites_are_crawled_over_ipv4_and_aaaa_only_sites_over_ipv6(demo: DemoRun) -> None:
    """Deterministic family: a dual-stack site whose IPv6 side differs (武穴) is crawled over IPv4, always."""
    store = Store(demo.store)
    run_id = store.latest_run_id()
    for site in store.artifacts(run_id):
        own = {p.ip for p in site.pages if p.kind == "page" and p.outcome.value == "ok" and p.url.startswith(site.site.url)}
        if site.site.host == "www.yingshan.gov.cn.test":
            assert not own  # down
        elif site.site.host == "www.tuanfeng.gov.cn.test":  # AAAA only
            assert own == {"::1"} and len([p for p in site.pages if p.kind == "page"]) >= 10
        else:
            assert own == {"127.0.0.1"}, (site.site.host, own)


def test_ipv6_sheet_agrees_with_the_findings(demo: DemoRun) -> None:
    _run_id, found, hosts = _findings(demo.store)
    worst: dict[str, str] = {}
    for f in found:
        if f.rule_id.startswith("ipv6-") and f.severity.value != "notice":
            label = {"fail": "不通过", "inconclusive": "无法判定"}.get(f.status.value)
            if label and worst.get(hosts[f.site_id]) != "不通过":
                worst[hosts[f.site_id]] = label
    sheet = load_workbook(demo.reports / "2026Q4-bulletin.xlsx")["IPv6支持情况"]
    headers = [c.value for c in sheet[1]]
    shown = {}
    for r in range(2, 2 + len(demo.manifest["sites"])):
        shown[sheet.cell(row=r, column=headers.index("域名") + 1).value] = sheet.cell(
            row=r, column=headers.index("结论") + 1
        ).value
    assert set(shown) == {s["host"] for s in demo.manifest["sites"]}
    for host, conclusion in shown.items():
        assert conclusion.startswith(worst.get(host, "通过")), (host, conclusion, worst.get(host))
    assert shown["www.xishui.gov.cn.test"] == "通过" and shown["www.hm.gov.cn.test"] == "不通过"
    assert sheet._charts, "the support-rate chart is missing"


def test_check_reruns_offline_with_the_same_findings(demo: DemoRun) -> None:
    run_id, before, _ = _findings(demo.store)
    # the farm lived inside the demo process, so the network side is gone now
    result = demo.cli("check", "--run", str(run_id), "--store", str(demo.store))
    assert result.returncode == 0, result.stderr
    _, after, _ = _findings(demo.store)
    assert sorted((f.site_id, f.rule_id, f.subject, f.status) for f in after) == sorted(
        (f.site_id, f.rule_id, f.subject, f.status) for f in before
    )
    out = demo.root / "rebuilt.xlsx"
    result = demo.cli("bulletin", "--run", str(run_id), "--store", str(demo.store), "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).sheetnames[:3] == ["总体情况", "问题明细", "断链明细"]


def test_malformed_rule_file_stops_before_crawling(demo: DemoRun, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    src = Path(__file__).resolve().parents[2] / "rules"
    for path in src.glob("*.toml"):
        (rules / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    bad = rules / "footer-icp.toml"
    text, changed = re.subn(r'(?m)^severity\s*=\s*"deduct"', 'severity = "major"', bad.read_text(encoding="utf-8"))
    assert changed == 1  # otherwise this test would start a real run
    bad.write_text(text, encoding="utf-8")
    sites = demo.reports / "demo-sites.csv"
    result = run_cli(tmp_path, "run", "--sites", str(sites), "--rules", str(rules), "--store", str(tmp_path / "x.db"), *FENCE)
    assert result.returncode == 3
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and "footer-icp.toml" in lines[0] and "severity" in lines[0], result.stderr
    assert not (tmp_path / "x.db").exists() or Store(tmp_path / "x.db").latest_run_id() is None


def test_malformed_registry_row_gives_one_clear_line(tmp_path: Path) -> None:
    sites = tmp_path / "sites.csv"
    sites.write_text("名称,网址,级别\n黄冈市人民政府,http://www.hg.gov.cn.test/,city\n某县,http://x.gov.cn.test/,province\n", encoding="utf-8")
    result = run_cli(tmp_path, "run", "--sites", str(sites), "--store", str(tmp_path / "x.db"), *FENCE)
    assert result.returncode == 3
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1 and "row 3" in lines[0] and "级别" in lines[0], result.stderr


# --- 政务新媒体 -------------------------------------------------------------------------------------------------


def _accounts(store_path: Path) -> tuple[list[Finding], dict[int, tuple[str, str]], dict[int, str]]:
    """(account findings, account id → (name, platform), account id → verdict) of the latest run."""
    from inspector.scoring import score_accounts

    store = Store(store_path)
    run_id = store.latest_run_id()
    names = {aid: (account.name, account.platform.value) for aid, account, _sid in store.accounts(run_id)}
    found = store.findings(run_id, accounts=True)
    store.close()
    verdicts = {aid: v.verdict.value for aid, v in score_accounts(found).items()}
    return found, names, verdicts


def test_every_seeded_media_defect_is_found_and_nothing_else_fails(demo: DemoRun) -> None:
    found, names, _verdicts = _accounts(demo.store)
    assert len(names) == len(demo.manifest["media"]["accounts"])
    failed = {(*names[f.account_id], f.rule_id, f.subject.rstrip("/")) for f in found if f.status is Status.FAIL}
    seeded = {(d["account"], d["platform"], d["rule"], d["url"].rstrip("/")) for d in demo.manifest["media"]["defects"]}
    assert seeded
    assert sorted(seeded - failed) == [], "seeded new-media defects not found"
    assert sorted(failed - seeded) == [], "failed account findings where none was seeded"


def test_media_benign_cases_hold(demo: DemoRun) -> None:
    found, names, _verdicts = _accounts(demo.store)
    by_key: dict[tuple[str, str, str], list[Status]] = {}
    for f in found:
        by_key.setdefault((*names[f.account_id], f.rule_id), []).append(f.status)
    for case in demo.manifest["media"]["benign"]:
        statuses = by_key.get((case["account"], case["platform"], case["rule"]), [])
        assert statuses and Status.FAIL not in statuses, case
        if case["expect"] == "inconclusive":
            assert Status.INCONCLUSIVE in statuses, case
        else:
            assert set(statuses) == {Status.PASS}, case


def test_broken_sources_are_inconclusive_and_active_accounts_pass(demo: DemoRun) -> None:
    _found, names, verdicts = _accounts(demo.store)
    by_name = {key: verdicts[aid] for aid, key in names.items()}
    vetoed = {(d["account"], d["platform"]) for d in demo.manifest["media"]["defects"] if d["rule"] == "media-update"}
    for account in demo.manifest["media"]["accounts"]:
        key = (account["name"], account["platform"])
        if account["health"] != "ok":  # captcha, expired cookie, no source: never 不合格
            assert by_name[key] == "无法判定", key
        elif key in vetoed:
            assert by_name[key] == "不合格", key
        else:
            assert by_name[key] == "合格", key


def test_media_sheet_and_platform_table_agree_with_the_findings(demo: DemoRun) -> None:
    _found, names, verdicts = _accounts(demo.store)
    sheet = load_workbook(demo.reports / "2026Q4-bulletin.xlsx")["政务新媒体"]
    rows = list(sheet.iter_rows(values_only=True))
    headers = list(rows[0])
    assert headers[:13] == ["序号", "账号名称", "平台", "主办单位", "所属网站", "最近更新", "距今天数", "本季度发文数",
                            "最长间隔(天)", "数据源状态", "得分", "结论", "问题"]
    shown = [(r[1], r[2], r[11]) for r in rows[1:1 + len(names)]]
    labels = {p.value: p.label for p in Platform}
    assert shown == [(name, labels[platform], verdicts[aid]) for aid, (name, platform) in names.items()]
    table = next(i for i, r in enumerate(rows) if r[:6] == ("平台", "检查数", "合格数", "不合格数", "无法判定数", "合格率"))
    per_platform = {r[0]: r[1:5] for r in rows[table + 1:] if r[0] in set(labels.values())}
    expected: dict[str, list[int]] = {}
    for aid, (_name, platform) in names.items():
        counts = expected.setdefault(labels[platform], [0, 0, 0, 0])
        counts[0] += 1
        counts[1 + ["合格", "不合格", "无法判定"].index(verdicts[aid])] += 1
    assert {k: list(v) for k, v in per_platform.items()} == expected
    assert sheet._charts, "the per-platform chart is missing"
    # the portal's account that is not in the registry is listed under the accounts
    unregistered = [d for d in demo.manifest["defects"] if d["rule"] == "media-portal-unregistered"]
    caption = next(i for i, r in enumerate(rows) if str(r[0] or "").startswith("门户网站政务新媒体页面列出"))
    listed = [r for r in rows[caption + 2:] if r[0]]
    assert len(listed) == len(unregistered) and all(r[3].rstrip("/") == unregistered[0]["url"].rstrip("/") for r in listed)
