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
    assert counts == {"sites": 1, "pages": 2, "fetched": 2, "links": 1, "accounts": 0, "findings": 0}

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
        conn.execute(text("alter table probes drop column account_id"))
        conn.execute(text("alter table findings drop column account_id"))
        conn.execute(text("drop table accounts"))
        conn.execute(text("update meta set value='1' where key='schema_version'"))
    reopened = Store(db)
    assert reopened.schema_version() == SCHEMA_VERSION
    probes = next(reopened.artifacts(run_id)).probes
    assert [(p.kind, p.data) for p in probes] == [("ipv6-homepage", {}), ("homepage", {})]
    reopened.add_probes(run_id, [measured])
    assert next(reopened.artifacts(run_id)).probes[-1].data == measured.data


def test_accounts_their_probes_and_findings_are_kept_apart_from_the_sites(tmp_path: Path) -> None:
    from inspector.media import Account, Platform
    from inspector.media.artifacts import PortalEntry, PortalListing
    from inspector.media.gather import matrix_probe, source_probe
    from inspector.media.posts import CST, Health, Post
    from inspector.media.sources import SourceResult
    from datetime import datetime

    store = Store(tmp_path / "media.db")
    run_id = store.create_run(as_of=date(2026, 11, 26), quarter="2026Q4")
    (site_id,) = store.add_sites(run_id, [_site()])
    wechat = Account("黄冈发布", Platform.WECHAT, "黄冈市人民政府新闻办公室", "4211000001", source="rss:http://b.test/x")
    app = Account("掌上黄冈", Platform.APP, "黄冈市人民政府办公室")
    ids = store.add_accounts(run_id, [(wechat, site_id), (app, None)])
    assert [(a, s) for _i, a, s in store.accounts(run_id)] == [(wechat, site_id), (app, None)]
    posted = datetime(2026, 11, 25, 9, 30, tzinfo=CST)
    result = SourceResult("rss:http://b.test/x", Health.OK, "rss20 feed, 1 posts", datetime(2026, 11, 26, 8, 0, tzinfo=CST),
                          (Post("通知", "http://b.test/1", posted, ("http://www.huanggang.gov.cn.test:8123/a.html",)),),
                          200, "http://b.test/x", 1)
    listing = PortalListing("read", "http://www.huanggang.gov.cn.test:8123/zwxmt/", "",
                            (PortalEntry("黄冈发布", Platform.WECHAT, "黄冈发布（微信公众号）"),))
    store.add_probes(run_id, [source_probe(ids[0], site_id, result), matrix_probe(site_id, listing),
                              ProbeRecord(site_id, "homepage", "http://x.test/", True, 200)])

    (site,) = list(store.artifacts(run_id))
    assert [p.kind for p in site.probes] == ["media-matrix", "homepage"]  # no account probe among the site's
    assert site.accounts == (wechat, app) and site.run_probes == ()  # the whole registry
    first, second = list(store.account_artifacts(run_id))
    assert first.account == wechat and first.site == _site() and first.source == result
    assert first.portal == listing and first.registry == (wechat, app)
    assert second.site is None and second.source is None and second.portal is None
    assert first.quarter_start == date(2026, 10, 1) and first.quarter_end == date(2026, 12, 31)

    site_finding = Finding(run_id, site_id, "footer-icp", "有ICP备案号", Status.PASS, Severity.DEDUCT, 0.0, "ok")
    account_finding = Finding(run_id, site_id, "media-update", "两周内未更新", Status.FAIL, Severity.VETO, 0.0,
                              "最近一篇21天前", account_id=ids[0])
    store.replace_findings(run_id, [site_finding, account_finding])
    assert store.findings(run_id) == [site_finding]
    assert store.findings(run_id, accounts=True) == [account_finding]
    assert store.counts(run_id)["accounts"] == 2


def test_a_run_without_accounts_leaves_the_site_artifacts_without_a_registry(tmp_path: Path) -> None:
    store = Store(tmp_path / "plain.db")
    run_id = store.create_run(as_of=date(2026, 11, 26), quarter="2026Q4")
    store.add_sites(run_id, [_site()])
    assert next(store.artifacts(run_id)).accounts is None
    assert list(store.account_artifacts(run_id)) == []
