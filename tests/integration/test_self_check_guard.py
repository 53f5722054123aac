"""When the inspector's own network check fails, nothing network-based may fail: every such finding is 无法判定.

Runs the real pipeline stages (self-check, probes, crawl subprocess, checks, scoring) against the farm, with
the self-check pointed at a farm host that refuses connections, as if the inspecting host were offline.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspector.demo import demo_options
from inspector.farm import build_farm, run_farm
from inspector.model import Status, Verdict
from inspector.pipeline import bulletin, check, gather, start_run
from inspector.rules import load_rules
from inspector.store import Store

pytestmark = pytest.mark.farm

NETWORK_RULES = {"site-availability", "broken-links-homepage", "broken-links-other"}


def test_failed_self_check_makes_network_findings_inconclusive(tmp_path: Path) -> None:
    rules = load_rules()
    store = Store(tmp_path / "s.db")
    with run_farm(build_farm(), slow_seconds=4.0) as running:
        options = demo_options(
            running,
            self_check_urls=(running.url("www.yingshan.gov.cn.test"),),  # refuses connections
            link_timeout=2.0,
        )
        run_id = start_run(store, running.registry(), as_of=date(2026, 11, 26), options=options,
                           accounts=running.accounts())
        gather(store, run_id, options, rules=rules)
    found = check(store, run_id, rules)
    network = [f for f in found if f.rule_id in NETWORK_RULES]
    ipv6 = [f for f in found if f.rule_id.startswith("ipv6-")]
    assert ipv6 and all(f.status is Status.INCONCLUSIVE for f in ipv6), [
        (f.rule_id, f.status, f.message) for f in ipv6 if f.status is not Status.INCONCLUSIVE
    ]
    assert network and all(f.status is Status.INCONCLUSIVE for f in network), [
        (f.rule_id, f.status, f.message) for f in network if f.status is not Status.INCONCLUSIVE
    ]
    assert all("检查端网络自检失败" in f.message for f in network)
    # 政务新媒体: no source is read while the inspector is offline, and no account is judged on that
    media = store.findings(run_id, accounts=True)
    update = [f for f in media if f.rule_id == "media-update"]
    assert len(update) == len(running.accounts()) and all(f.status is Status.INCONCLUSIVE for f in update)
    assert all("检查端网络自检失败" in f.message for f in update), [f.message for f in update]
    assert not [f for f in media if f.status is Status.FAIL and f.rule_id != "media-name" and f.rule_id != "media-duplicate"]
    path, verdicts = bulletin(store, run_id, rules, tmp_path / "b.xlsx")
    assert path.is_file()
    # no site is vetoed on evidence the inspector could not trust
    assert all(not v.vetoes for v in verdicts.values())
    assert Verdict.INCONCLUSIVE in {v.verdict for v in verdicts.values()}
    notes = store.run(run_id)["notes"]
    assert notes and "检查端网络自检失败" in notes[0]
    assert any("政务新媒体" in n for n in notes)
