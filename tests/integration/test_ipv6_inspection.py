"""IPv6 inspection end to end on the farm: the gatherer, the rules, the bulletin sheet, `inspector probe` and
`inspector ipv6`, with the inspector's own IPv6 connectivity working and then switched off.

The full demo (tests/integration/test_demo_end_to_end.py) compares every IPv6 finding with the defect manifest;
these tests cover what the demo alone cannot: the self-check switch, accumulation, and the one-site command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from inspector.demo import demo_options
from inspector.farm import build_farm, run_farm
from inspector.model import Status
from inspector.pipeline import bulletin, check, gather, start_run
from inspector.rules import load_rules
from inspector.store import Store

pytestmark = pytest.mark.farm

LOOPBACK = ("--allow-network", "127.0.0.0/8", "--allow-network", "::1/128")
HOSTS = ("www.xishui.gov.cn.test", "www.hgrs.gov.cn.test", "www.hm.gov.cn.test", "www.hgjy.gov.cn.test")


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="200", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "inspector.cli", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def running() -> Iterator[object]:
    with run_farm(build_farm(), slow_seconds=4.0) as farm:
        yield farm


def _subset(running: object) -> list:
    return [s for s in running.registry() if s.host in HOSTS]


def _ipv6(findings: list) -> list:
    return [f for f in findings if f.rule_id.startswith("ipv6-")]


def test_without_ipv6_on_the_inspector_every_ipv6_finding_is_inconclusive(running: object, tmp_path: Path) -> None:
    rules = load_rules()
    store = Store(tmp_path / "s.db")
    # the test switch: the IPv6 reference target is an IPv4-only farm host, so the self-check cannot pass
    options = demo_options(running, ipv6_self_check_urls=(running.url("www.hgjy.gov.cn.test"),))
    run_id = start_run(store, _subset(running), as_of=date(2026, 11, 26), options=options)
    gather(store, run_id, options, rules=rules)
    found = check(store, run_id, rules)

    ipv6 = _ipv6(found)
    assert len(ipv6) == len(HOSTS) * 7
    assert all(f.status is Status.INCONCLUSIVE for f in ipv6), [(f.rule_id, f.status, f.message) for f in ipv6]
    assert all("检查端无IPv6连通性" in f.message for f in ipv6)
    # the rest of the inspection went on: footers were read from the crawl
    assert any(f.rule_id == "footer-site-code" and f.status is Status.PASS for f in found)
    kinds = {p.kind for a in store.probe_artifacts(run_id) for p in (*a.probes, *a.run_probes)}
    assert "ipv6-self-check" in kinds and not kinds & {"ipv6-dns", "ipv6-homepage", "ipv6-link"}

    notes = store.run(run_id)["notes"]
    assert any("检查端无IPv6连通性" in n and "无法判定" in n for n in notes), notes
    path, _verdicts = bulletin(store, run_id, rules, tmp_path / "b.xlsx")
    wb = load_workbook(path)
    sheet = wb["IPv6支持情况"]
    headers = [c.value for c in sheet[1]]
    col = headers.index("结论") + 1
    problems = headers.index("问题") + 1
    rows = range(2, 2 + len(HOSTS))
    assert [sheet.cell(row=r, column=col).value for r in rows] == ["无法判定"] * len(HOSTS)
    assert all("检查端无IPv6连通性" in sheet.cell(row=r, column=problems).value for r in rows)
    assert any("检查端无IPv6连通性" in str(c.value) for row in wb["说明"].iter_rows() for c in row)


def test_ipv6_findings_and_probe_rounds_accumulate(running: object, tmp_path: Path) -> None:
    rules = load_rules()
    db = tmp_path / "s.db"
    store = Store(db)
    options = demo_options(running)
    run_id = start_run(store, _subset(running), as_of=date(2026, 11, 26), options=options)
    gather(store, run_id, options, rules=rules)
    found = check(store, run_id, rules)
    hosts = {site_id: site.host for site_id, site in store.sites(run_id)}
    failed = sorted((hosts[f.site_id], f.rule_id) for f in _ipv6(found) if f.status is Status.FAIL)
    assert failed == [
        ("www.hgjy.gov.cn.test", "ipv6-aaaa"),
        ("www.hgrs.gov.cn.test", "ipv6-homepage"),
        ("www.hm.gov.cn.test", "ipv6-level3-links"),
    ]
    xishui = [f for f in _ipv6(found) if hosts[f.site_id] == "www.xishui.gov.cn.test"]
    assert {f.status for f in xishui} == {Status.PASS}

    def homepage_probes() -> int:
        return sum(1 for a in Store(db).probe_artifacts(run_id) for p in a.probes if p.kind == "ipv6-homepage")

    before = homepage_probes()
    assert before == 3 * 10  # three sites with AAAA, the rule's 10 attempts, one address each
    # a scheduled `inspector probe` adds a round of IPv6 homepage probes (not the links) to the same run
    result = cli("probe", "--run", str(run_id), "--store", str(db), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert homepage_probes() == 2 * before
    result = cli("check", "--run", str(run_id), "--store", str(db), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    again = Store(db).findings(run_id)
    assert sorted((hosts[f.site_id], f.rule_id) for f in _ipv6(again) if f.status is Status.FAIL) == failed
    homepage = next(f for f in again if f.rule_id == "ipv6-homepage" and hosts[f.site_id] == "www.hgrs.gov.cn.test")
    assert "0/20" in homepage.message


def test_ipv6_command_measures_one_site(running: object, tmp_path: Path) -> None:
    common = ("--dns", running.dns_spec, "--ipv6-self-check", running.url("www.gov.cn.test"), "--interval", "0",
              "--no-polite", *LOOPBACK)
    result = cli("ipv6", running.url("www.hm.gov.cn.test"), "--json", *common, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    summary = data["summary"]
    assert summary["aaaa_usable"] == ["::1"] and summary["v6_ok"] == summary["v6_attempts"] == 10
    assert summary["level2"]["same_site_rate"] >= 0.85 > summary["level3"]["same_site_rate"]
    assert any(f["reason"] == "服务器错误（HTTP 502）" for f in summary["level3"]["failed"])
    status = {f["rule_id"]: f["status"] for f in data["findings"]}
    assert status["ipv6-level3-links"] == "fail" and status["ipv6-level2-links"] == "pass"
    assert status["ipv6-homepage"] == status["ipv6-aaaa"] == status["ipv6-consistency"] == "pass"
    assert all("<" in p["data"]["text"] for p in data["probes"] if "text" in p["data"])  # page text not dumped

    table = cli("ipv6", "www.hgjy.gov.cn.test", *common, cwd=tmp_path)  # a bare host name, IPv4-only
    assert table.returncode == 0, table.stderr
    assert "不通过" in table.stdout and "无AAAA记录" in table.stdout

    # without IPv6 on the inspecting host: every item 无法判定, nothing failed
    offline = cli("ipv6", running.url("www.hm.gov.cn.test"), "--json", "--dns", running.dns_spec,
                  "--ipv6-self-check", running.url("www.hgjy.gov.cn.test"), *LOOPBACK, cwd=tmp_path)
    assert offline.returncode == 0, offline.stderr
    data = json.loads(offline.stdout)
    assert {f["status"] for f in data["findings"]} == {"inconclusive"}
    assert data["summary"]["self_check_ok"] is False


def test_no_ipv6_leaves_the_ipv6_items_out(running: object, tmp_path: Path) -> None:
    rules = load_rules()
    store = Store(tmp_path / "s.db")
    options = demo_options(running, ipv6=False)
    sites = [s for s in running.registry() if s.host == "www.xishui.gov.cn.test"]
    run_id = start_run(store, sites, as_of=date(2026, 11, 26), options=options)
    gather(store, run_id, options, rules=rules)
    found = check(store, run_id, rules)
    assert found and not _ipv6(found)
    assert not [p for a in store.probe_artifacts(run_id) for p in (*a.probes, *a.run_probes) if "ipv6" in p.kind]
    assert any("--no-ipv6" in n for n in store.run(run_id)["notes"])
    path, _ = bulletin(store, run_id, rules, tmp_path / "b.xlsx")
    assert "IPv6支持情况" not in load_workbook(path).sheetnames
