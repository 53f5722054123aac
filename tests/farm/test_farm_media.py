"""The farm's 政务新媒体 feeds read for real: the demo registry, the farm's DNS, the loopback fence, real sockets.

Every demo account with a source must come out of inspector.media.sources with the health MEDIA_FEEDS says, and
the healthy ones with the expected days since their latest post — for the default `today` and another one.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from inspector.farm import FarmRunning, build_farm, run_farm
from inspector.farm.content import DEFAULT_TODAY
from inspector.farm.portals.media import BRIDGE_HOST, MEDIA_FEEDS, WEIBO_HOST, MediaFeed
from inspector.farm.sites import Addresses
from inspector.media.accounts import Account, load_accounts
from inspector.media.activity import activity
from inspector.media.posts import Health
from inspector.media.sources import SourceResult, read_accounts
from inspector.probes.dns import parse_dns_spec

pytestmark = pytest.mark.farm

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LOOPBACK = ("127.0.0.0/8", "::1/128")
EXAMPLE_WEIBO = f"{WEIBO_HOST}:8123"  # the port written in examples/demo-accounts.toml
OTHER_TODAY = date(2025, 3, 5)  # early in a quarter, a month-end crossed by the 3-week window


@dataclasses.dataclass(frozen=True)
class Read:
    today: date
    running: FarmRunning
    accounts: list[Account]
    results: list[SourceResult]


def quarter(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    end = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def feed_of(account: Account) -> MediaFeed | None:
    matches = [f for f in MEDIA_FEEDS if (f.name, f.platform) == (account.name, account.platform.value)]
    assert len(matches) <= 1
    return matches[0] if matches else None


@pytest.fixture(scope="module", params=[DEFAULT_TODAY, OTHER_TODAY], ids=str)
def read(request: pytest.FixtureRequest) -> Iterator[Read]:
    today: date = request.param
    with run_farm(build_farm(today=today), slow_seconds=2.0) as running:
        bridge = running.url(BRIDGE_HOST).rstrip("/")
        weibo = f"{WEIBO_HOST}:{running.port_for(WEIBO_HOST)}"
        accounts = [dataclasses.replace(a, source=a.source.replace(EXAMPLE_WEIBO, weibo))
                    for a in load_accounts(EXAMPLES / "demo-accounts.toml", bridge=bridge)]
        config = parse_dns_spec(running.dns_spec, allowed_networks=LOOPBACK)
        results = asyncio.run(read_accounts(accounts, config, timeout=10.0, retries=1, host_delay=0.0,
                                            default_retry_after=0.2, max_retry_after=1.0))
        yield Read(today, running, accounts, results)


def test_media_hosts_are_dual_stack_loopback_names() -> None:
    zone = build_farm().zone()
    for host in (BRIDGE_HOST, WEIBO_HOST):
        assert zone[host] == Addresses(("127.0.0.1",), ("::1",))


def test_registry_points_at_exactly_the_farm_routes(read: Read) -> None:
    sourced = [a for a in read.accounts if a.source]
    feeds = [feed_of(a) for a in sourced]
    assert None not in feeds
    assert sorted(f.source for f in feeds if f) == sorted(f.source for f in MEDIA_FEEDS)  # each route once
    for account in sourced:
        feed = feed_of(account)
        assert feed is not None
        assert account.source == f"{feed.kind}:{feed.url(read.running.ctx)}"


def test_every_account_reads_as_expected(read: Read) -> None:
    start, end = quarter(read.today)
    seen = set()
    for account, result in zip(read.accounts, read.results, strict=True):
        feed = feed_of(account)
        if feed is None:  # no source in the registry: not readable automatically
            assert not account.source and result.health is Health.UNSUPPORTED
            continue
        seen.add(feed)
        label = f"{account.name}/{account.platform.value}: {result.detail}"
        assert result.health.value == feed.health, label
        figures = activity(result, as_of=read.today, quarter_start=start, quarter_end=end)
        if feed.days_since_latest is None:
            assert not result.healthy and not figures.judgeable and figures.days_since_latest is None, label
            assert figures.reason, label
            continue
        assert figures.judgeable and figures.dated == len(result.posts), label
        assert figures.days_since_latest == feed.days_since_latest, label
        assert figures.future == 0 and figures.undated == 0, label
    assert seen == set(MEDIA_FEEDS)


def test_activity_bands(read: Read) -> None:
    start, end = quarter(read.today)
    days = {}
    for account, result in zip(read.accounts, read.results, strict=True):
        if account.source and result.healthy:
            days[(account.name, account.platform.value)] = activity(
                result, as_of=read.today, quarter_start=start, quarter_end=end).days_since_latest
    assert days[("黄冈发布", "wechat")] is not None and days[("黄冈发布", "wechat")] <= 3
    assert days[("黄冈发布", "weibo")] is not None and days[("黄冈发布", "weibo")] <= 3
    assert days[("红安发布", "toutiao")] is not None and abs(days[("红安发布", "toutiao")] - 21) <= 1
    assert days[("蕲春发布", "wechat")] is not None and days[("蕲春发布", "wechat")] >= 120
    assert set(days) == {(f.name, f.platform) for f in MEDIA_FEEDS if f.days_since_latest is not None}


def test_active_wechat_posts_every_one_to_three_days(read: Read) -> None:
    result = next(r for a, r in zip(read.accounts, read.results) if a.source.endswith("/wechat/mp/hgfb"))
    days = sorted({p.published.date() for p in result.posts if p.published}, reverse=True)
    assert len(days) >= 10 and (read.today - days[0]).days == 1
    assert all(1 <= (a - b).days <= 3 for a, b in zip(days, days[1:]))


def test_weibo_source_order_is_not_date_order(read: Read) -> None:
    result = next(r for a, r in zip(read.accounts, read.results) if a.source_kind == "weibo")
    first = result.posts[0].published
    assert first is not None and result.latest is not None and first < result.latest  # the pinned post leads
    assert all(p.url.startswith("https://m.weibo.cn/status/") for p in result.posts)


def test_broken_sources_answer_as_a_bridge_does(read: Read) -> None:
    by_path = {a.source.rsplit("/", 1)[-1]: r for a, r in zip(read.accounts, read.results) if a.source}
    assert by_path["mcmz"].status == 200 and by_path["mcmz"].health is Health.CAPTCHA
    assert by_path["1000000002"].status == 503 and by_path["1000000002"].health is Health.AUTH_EXPIRED
    assert by_path["1000000002"].attempts == 1  # an expired cookie is not retried
