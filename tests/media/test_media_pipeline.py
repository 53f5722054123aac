"""The bulletin's account figures come from the stored sources, through the same activity() the checks use: an
empty feed shows no figures (it proves no silence), a feed of pinned posts only marks its latest date uncertain."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from inspector.media import CST, Account, Health, Platform, Post, SourceResult
from inspector.media.gather import source_probe
from inspector.model import Level, Site
from inspector.pipeline import account_infos
from inspector.store import Store

AS_OF = date(2026, 11, 26)
READ = datetime(2026, 11, 26, 8, 0, tzinfo=CST)


def _posts(*days: int, pinned: str = "") -> tuple[Post, ...]:
    return tuple(Post(f"{pinned}通知{d}", f"http://b.test/{d}", datetime(2026, 11, d, 9, 0, tzinfo=CST)) for d in days)


def test_account_figures_for_the_bulletin(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    run_id = store.create_run(as_of=AS_OF, quarter="2026Q4")
    (site_id,) = store.add_sites(run_id, [Site("甲县人民政府", "http://www.jia.gov.cn.test/", Level.COUNTY, "4211000009")])
    accounts = [Account(f"甲县发布{i}", Platform.WECHAT, "甲县人民政府办公室", "4211000009", source=f"rss:http://b.test/{i}")
                for i in range(3)]
    ids = store.add_accounts(run_id, [(a, site_id) for a in accounts])
    active = SourceResult("rss:http://b.test/0", Health.OK, "rss20 feed, 3 posts", READ, _posts(25, 20, 3))
    empty = SourceResult("rss:http://b.test/1", Health.EMPTY, "valid rss20 feed without items", READ)
    pinned = SourceResult("rss:http://b.test/2", Health.OK, "rss20 feed, 1 posts", READ,
                          (Post("【置顶】服务指南", "http://b.test/p", datetime(2026, 5, 1, 9, 0, tzinfo=CST)),))
    store.add_probes(run_id, [source_probe(i, site_id, r) for i, r in zip(ids, (active, empty, pinned))])
    first, second, third = account_infos(store, run_id)
    assert (first.days_since, first.health, first.site_name) == (1, "正常", "甲县人民政府")
    assert first.latest == datetime(2026, 11, 25, 9, 0, tzinfo=CST) and not first.latest_uncertain
    assert second.healthy and second.posts_in_quarter is None and second.longest_gap is None and second.latest is None
    assert third.latest_uncertain and third.latest is not None
