from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from inspector.model import (
    Evidence,
    Finding,
    Level,
    LinkRecord,
    Outcome,
    PageRecord,
    ProbeRecord,
    Severity,
    Site,
    Status,
)
from inspector.store import SCHEMA_VERSION, Store, StoreError


def _site() -> Site:
    return Site("黄冈市人民政府", "http://www.huanggang.gov.cn.test:8123/", Level.CITY, "4211000001", "黄冈市")


def test_round_trip_of_a_run(tmp_path: Path) -> None:
    db = tmp_path / "sub" / "inspector.db"
    store = Store(db)
    assert store.schema_version() == SCHEMA_VERSION
    run_id = store.create_run(as_of=date(2026, 11, 26), quarter="2026Q4", options={"dns": "127.0.0.1:53"})
    (site_id,) = store.add_sites(run_id, [_site()])
    home = "http://www.huanggang.gov.cn.test:8123/"
    store.add_pages(
        run_id,
        [
            PageRecord(site_id, home, "page", Outcome.OK, 200, facts={"footer": {"site_code": "4211000001"}}),
            PageRecord(site_id, home + "gone.html", "page", Outcome.BROKEN, 404, "http 404", depth=1),
        ],
    )
    # a resumed crawl stores the same URL again: upsert, not a duplicate
    store.add_pages(run_id, [PageRecord(site_id, home + "gone.html", "page", Outcome.BROKEN, 404, "http 404", depth=1)])
    edge = LinkRecord(site_id, home, home + "gone.html", "失效链接", "a", "page", True)
    store.add_links(run_id, [edge, edge])
    store.add_links(run_id, [edge])
    store.add_probes(run_id, [ProbeRecord(site_id, "homepage", home, True, 200, 12.5), ProbeRecord(None, "self-check", "x", True)])
    counts = store.counts(run_id)
    assert counts == {"sites": 1, "pages": 2, "fetched": 2, "links": 1, "findings": 0}

    (artifacts,) = list(store.artifacts(run_id))
    assert artifacts.site == _site() and artifacts.as_of == date(2026, 11, 26)
    assert artifacts.homepage is not None and artifacts.homepage.facts["footer"]["site_code"] == "4211000001"
    assert artifacts.links == (edge,)
    assert len(artifacts.probes) == 1 and len(artifacts.run_probes) == 1

    finding = Finding(run_id, site_id, "broken-links-homepage", "首页存在不可用链接", Status.FAIL, Severity.DEDUCT, 1.0,
                      "=HYPERLINK(\"x\")", home + "gone.html", (Evidence(url=home + "gone.html", referrer=home, text="失效链接"),),
                      "abc", 10.0)
    store.replace_findings(run_id, [finding, finding])
    store.replace_findings(run_id, [finding])  # re-checking replaces, never appends
    assert store.findings(run_id) == [finding]
    store.close()

    # a second process sees the same data; the file is a plain SQLite database
    again = Store(f"sqlite:///{db}")
    assert again.latest_run_id() == run_id and again.run(run_id)["options"] == {"dns": "127.0.0.1:53"}
    with create_engine(f"sqlite:///{db}").connect() as conn:
        assert conn.execute(text("select value from meta where key='schema_version'")).scalar() == str(SCHEMA_VERSION)


def test_missing_run_and_schema_mismatch(tmp_path: Path) -> None:
    store = Store(tmp_path / "a.db")
    with pytest.raises(StoreError, match="批次 42 不存在"):
        store.run(42)
    with store.engine.begin() as conn:
        conn.execute(text("update meta set value='999' where key='schema_version'"))
    store.close()
    with pytest.raises(StoreError, match="schema version 999"):
        Store(tmp_path / "a.db")


def test_probe_measurements_round_trip_and_a_schema_1_store_is_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    store = Store(db)
    run_id = store.create_run(as_of=date(2026, 9, 30), quarter="2026Q3")
    (site_id,) = store.add_sites(run_id, [_site()])
    measured = ProbeRecord(site_id, "ipv6-homepage", "http://x.test/", True, 200, 12.5,
                           data={"family": 6, "address": "::1", "text": "首页"})
    store.add_probes(run_id, [measured, ProbeRecord(site_id, "homepage", "http://x.test/", True, 200, 3.0)])
    assert [p.data for p in next(store.artifacts(run_id)).probes] == [measured.data, {}]
    store.close()

    # make it look like a store written by schema 1 (no probes.data column), as last quarter's file is
    with create_engine(f"sqlite:///{db}").begin() as conn:
        conn.execute(text("alter table probes drop column data"))
        conn.execute(text("update meta set value='1' where key='schema_version'"))
    reopened = Store(db)
    assert reopened.schema_version() == SCHEMA_VERSION
    probes = next(reopened.artifacts(run_id)).probes
    assert [(p.kind, p.data) for p in probes] == [("ipv6-homepage", {}), ("homepage", {})]
    reopened.add_probes(run_id, [measured])
    assert next(reopened.artifacts(run_id)).probes[-1].data == measured.data
