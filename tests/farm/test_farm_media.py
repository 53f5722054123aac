"""The farm's 政务新媒体 side read for real: the demo registry, the farm's DNS, the loopback fence, real sockets.

The table of demo accounts (inspector/farm/portals/media.py, DEMO_ACCOUNTS) is the ground truth. Every account is
read through inspector.media.sources and must come out with the health and the days since its latest post the
table says — for the default `today`, a day early in a quarter, and the last day of a quarter (active feeds must
then cover the whole quarter). The portals' 政务新媒体 pages list what the table says, the links inside 黄冈发布's
posts hold exactly one broken link to its own site, and the manifest's media section agrees with all of it.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import json
import re
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import lxml.etree
import lxml.html
import pytest

from inspector.farm import Farm, FarmRunning, build_farm, run_farm
from inspector.farm.base import Ctx, Request
from inspector.farm.content import DEFAULT_TODAY
from inspector.farm.manifest import ACCOUNT_HEADERS, manifest, write_accounts_csv
from inspector.farm.portals.media import (
    ACTIVITY_RULES,
    BRIDGE_HOST,
    DEMO_ACCOUNTS,
    GAP_LIMIT,
    HG,
    MATRIX_EXTRAS,
    MATRIX_PAGES,
    MEDIA_FEEDS,
    QUARTER_MIN_POSTS,
    QUARTER_MIN_WINDOW,
    UPDATE_DAYS,
    WEIBO_HOST,
    XISHUI,
    ZOMBIE_LIMIT,
    DemoAccount,
    expectations,
    matrix,
    quarter_of,
)
from inspector.farm.sites import Addresses
from inspector.media.accounts import Account, Platform, load_accounts, parse_platform, site_for
from inspector.media.activity import activity, compare_with_portal, duplicates, name_matches_owner
from inspector.media.adapters import judge_answer, parse_feed, parse_json_feed
from inspector.media.posts import CST, Health
from inspector.media.sources import SourceResult, read_accounts
from inspector.probes.dns import DnsConfig, parse_dns_spec
from inspector.probes.http import make_client

pytestmark = pytest.mark.farm

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
LOOPBACK = ("127.0.0.0/8", "::1/128")
EXAMPLE_WEIBO = f"{WEIBO_HOST}:8123"  # the port written in examples/demo-accounts.toml
OTHER_TODAY = date(2025, 3, 5)  # early in a quarter, a month-end crossed by the 3-week window
QUARTER_END = date(2026, 9, 30)  # the last day of a quarter: the window is the whole quarter
HGFB = ("黄冈发布", "wechat")

# The seeded account defects of the default demo day (2026-11-26), written out by hand.
SEEDED = sorted([
    ("黄冈发布", "wechat", "media-post-links"),
    ("掌上黄冈", "app", "media-portal-listed"),
    ("红安发布", "toutiao", "media-update"),
    ("红安发布", "toutiao", "media-longest-gap"),
    ("蕲春发布", "wechat", "media-update"),
    ("蕲春发布", "wechat", "media-zombie"),
    ("蕲春发布", "wechat", "media-quarter-posts"),
    ("蕲春发布", "wechat", "media-longest-gap"),
    ("浠水发布", "wechat", "media-duplicate"),
    ("浠水政务", "wechat", "media-duplicate"),
    ("便民小助手", "wechat", "media-name"),
])
NO_DATA = [("掌上黄冈", "app"), ("麻城市民政", "douyin"), ("黄梅发布", "weibo"), ("团风发布", "other")]


@dataclasses.dataclass(frozen=True)
class Read:
    today: date
    running: FarmRunning
    accounts: list[Account]
    results: list[SourceResult]

    def of(self, name: str, platform: str) -> tuple[DemoAccount, Account, SourceResult]:
        for row, account, result in zip(DEMO_ACCOUNTS, self.accounts, self.results, strict=True):
            if (row.name, row.platform) == (name, platform):
                return row, account, result
        raise KeyError((name, platform))


def dns(running: FarmRunning) -> DnsConfig:
    return parse_dns_spec(running.dns_spec, allowed_networks=LOOPBACK)


def fetch_all(running: FarmRunning, urls: list[str]) -> dict[str, httpx.Response]:
    """GET every URL through the farm's DNS (no redirects followed)."""

    async def run() -> dict[str, httpx.Response]:
        async with make_client(dns(running), timeout=10.0, follow_redirects=False) as client:
            answers = [await client.get(u) for u in urls]
            for answer in answers:
                await answer.aread()
        return dict(zip(urls, answers, strict=True))

    return asyncio.run(run())


@pytest.fixture(scope="module", params=[DEFAULT_TODAY, OTHER_TODAY, QUARTER_END], ids=str)
def read(request: pytest.FixtureRequest) -> Iterator[Read]:
    today: date = request.param
    with run_farm(build_farm(today=today), slow_seconds=2.0) as running:
        accounts = running.accounts()
        results = asyncio.run(read_accounts(accounts, dns(running), timeout=10.0, retries=1, host_delay=0.0,
                                            default_retry_after=0.2, max_retry_after=1.0))
        yield Read(today, running, accounts, results)


@pytest.fixture(scope="module")
def running() -> Iterator[FarmRunning]:
    with run_farm(build_farm(), slow_seconds=2.0) as farm:
        yield farm


# -- the table and the registry ---------------------------------------------------------------------------------
def test_media_hosts_are_dual_stack_loopback_names() -> None:
    zone = build_farm().zone()
    for host in (BRIDGE_HOST, WEIBO_HOST):
        assert zone[host] == Addresses(("127.0.0.1",), ("::1",))


def test_table_covers_every_platform_and_government_portal() -> None:
    assert len({(a.name, a.platform) for a in DEMO_ACCOUNTS}) == len(DEMO_ACCOUNTS)
    assert {Platform(a.platform) for a in DEMO_ACCOUNTS} == set(Platform)
    farm = build_farm()
    sites = {s.host for s in farm.sites}
    assert {a.site for a in DEMO_ACCOUNTS} <= sites and set(MATRIX_PAGES) <= sites
    assert set(MATRIX_PAGES) == {a.site for a in DEMO_ACCOUNTS}  # every matrix page has a registry account
    assert [a for a in DEMO_ACCOUNTS if a.kind] == list(MEDIA_FEEDS)
    for account in DEMO_ACCOUNTS:
        assert bool(account.kind) == bool(account.host) == bool(account.path) == (account.health != "unsupported")
        assert (account.days_since_latest is not None) == (account.health == "ok") == (account.plan is not None)


def test_names_and_duplicates_follow_the_table() -> None:
    for account in DEMO_ACCOUNTS:
        assert name_matches_owner(account.name, account.owner) is account.name_ok, account.name
    assert [a.name for a in DEMO_ACCOUNTS if not a.name_ok] == ["便民小助手"]
    registry = build_farm().accounts(8123)
    groups = [sorted((a.name, a.platform.value) for a in g) for g in duplicates(registry)]
    assert groups == [[("浠水发布", "wechat"), ("浠水政务", "wechat")]]


def test_registry_is_the_table_with_real_ports(running: FarmRunning) -> None:
    accounts = running.accounts()
    codes = {s.host: s.site_code for s in running.farm.sites}
    registry = running.registry()
    assert len(accounts) == len(DEMO_ACCOUNTS)
    for row, account in zip(DEMO_ACCOUNTS, accounts, strict=True):
        assert (account.name, account.platform.value, account.owner) == (row.name, row.platform, row.owner)
        assert account.site == codes[row.site] and site_for(account, registry).host == row.site
        assert account.url == row.homepage
        if not row.kind:
            assert account.source == ""
            continue
        assert "{" not in account.source and not account.needs_bridge
        assert account.source == f"{row.kind}:{running.url(row.host, row.path)}"
        assert urlsplit(account.source_target).port == running.port_for(row.host)


def test_example_registry_matches_the_table(running: FarmRunning) -> None:
    bridge = running.url(BRIDGE_HOST).rstrip("/")
    weibo = f"{WEIBO_HOST}:{running.port_for(WEIBO_HOST)}"
    example = [dataclasses.replace(a, source=a.source.replace(EXAMPLE_WEIBO, weibo))
               for a in load_accounts(EXAMPLES / "demo-accounts.toml", bridge=bridge)]
    registry = running.registry()
    actual = running.accounts()

    def key(a: Account) -> tuple:
        site = site_for(a, registry)
        return (a.name, a.platform, a.owner, site.host if site else None, a.account_id, a.url, a.source)

    assert [key(a) for a in example] == [key(a) for a in actual]


def test_accounts_csv_reads_back_identically(running: FarmRunning, tmp_path: Path) -> None:
    accounts = running.accounts()
    path = write_accounts_csv(accounts, tmp_path / "demo-accounts.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == ACCOUNT_HEADERS == ("账号名称", "平台", "主办单位", "所属网站", "账号ID", "主页地址", "数据源")
    assert [r[1] for r in rows[1:]] == [a.platform.label for a in accounts]
    assert load_accounts(path) == accounts
    again = running.write_accounts_csv(tmp_path / "again.csv")
    assert load_accounts(again) == accounts


# -- reading every account ----------------------------------------------------------------------------------------
def test_every_account_reads_as_the_table_says(read: Read) -> None:
    start, end = quarter_of(read.today)
    for row, account, result in zip(DEMO_ACCOUNTS, read.accounts, read.results, strict=True):
        label = f"{row.name}/{row.platform}: {result.detail}"
        assert result.health.value == row.health, label
        figures = activity(result, as_of=read.today, quarter_start=start, quarter_end=end)
        if row.days_since_latest is None:
            assert not result.healthy and not figures.judgeable and figures.days_since_latest is None, label
            assert figures.reason, label
            continue
        assert figures.judgeable and figures.dated == len(result.posts), label
        assert figures.days_since_latest == row.days_since_latest, label
        assert figures.future == 0 and figures.undated == 0, label


def test_active_feeds_pass_every_activity_rule_whatever_the_day(read: Read) -> None:
    start, end = quarter_of(read.today)
    window = (min(read.today, end) - start).days + 1
    need = max(1, QUARTER_MIN_POSTS * window // ((end - start).days + 1))
    active = [r for r in DEMO_ACCOUNTS if r.days_since_latest is not None and r.days_since_latest <= UPDATE_DAYS]
    assert sorted((r.name, r.platform) for r in active) == sorted(
        [HGFB, ("黄冈发布", "weibo"), ("浠水发布", "wechat"), ("浠水政务", "wechat"), ("便民小助手", "wechat")])
    for row in active:
        _, _, result = read.of(row.name, row.platform)
        figures = activity(result, as_of=read.today, quarter_start=start, quarter_end=end)
        label = f"{row.name}/{row.platform}: {figures.to_dict()}"
        assert figures.oldest is not None and figures.oldest.date() < start, label  # the feed reaches back
        assert not figures.posts_lower_bound and not figures.gap_lower_bound, label
        assert figures.longest_gap_days is not None and figures.longest_gap_days <= 3 < GAP_LIMIT, label
        assert figures.posts_in_quarter is not None and figures.posts_in_quarter >= need, label
        assert figures.days_since_latest is not None and figures.days_since_latest < ZOMBIE_LIMIT, label


def test_expectations_agree_with_the_figures(read: Read) -> None:
    """The manifest's activity expectations (worked out from the schedules) against what the real reader saw."""
    start, end = quarter_of(read.today)
    media = read.running.manifest()["media"]
    entries = {(e["account"], e["platform"], e["rule"]): e.get("expect", "fail")
               for e in media["defects"] + media["benign"]}
    for row, _account, result in zip(DEMO_ACCOUNTS, read.accounts, read.results, strict=True):
        got = {rule: entries.get((row.name, row.platform, rule)) for rule in ACTIVITY_RULES}
        if not result.healthy:
            assert set(got.values()) == {"inconclusive"}, (row.name, got)
            continue
        f = activity(result, as_of=read.today, quarter_start=start, quarter_end=end)
        assert f.days_since_latest is not None and f.longest_gap_days is not None and f.posts_in_quarter is not None
        assert got["media-update"] == ("pass" if f.days_since_latest <= UPDATE_DAYS else "fail"), row.name
        assert got["media-zombie"] == ("fail" if f.days_since_latest >= ZOMBIE_LIMIT else "pass"), row.name
        if f.longest_gap_days > GAP_LIMIT:
            assert got["media-longest-gap"] == "fail", row.name
        elif f.gap_lower_bound:
            assert f.oldest is not None
            unseen = (min(f.oldest.date(), f.window_end) - start).days
            assert got["media-longest-gap"] == ("pass" if unseen <= GAP_LIMIT else "inconclusive"), row.name
        else:
            assert got["media-longest-gap"] == "pass", row.name
        window = (f.window_end - start).days + 1
        quarter = (end - start).days + 1
        need = QUARTER_MIN_POSTS if window >= quarter else max(1, QUARTER_MIN_POSTS * window // quarter)
        if window < QUARTER_MIN_WINDOW:
            assert got["media-quarter-posts"] is None, row.name
        elif f.posts_in_quarter >= need:
            assert got["media-quarter-posts"] == "pass", row.name
        else:
            assert got["media-quarter-posts"] == ("inconclusive" if f.posts_lower_bound else "fail"), row.name


def _pure_read(farm: Farm, row: DemoAccount) -> SourceResult:
    """What reading the account's source gives, from the farm's answer without sockets."""
    path, _, query = row.path.partition("?")
    ctx = Ctx(8123)
    reply = farm.respond(Request("GET", row.host, path, query=dict(parse_qsl(query)), raw_query=query), ctx)
    body = bytes(reply.body) if isinstance(reply.body, bytes) else b""
    parsed = judge_answer(row.kind, reply.status, {"content-type": reply.content_type}, body,
                          url=ctx.url(row.host, row.path), now=datetime.now(CST))
    return SourceResult(row.source_for(ctx), parsed.health, parsed.detail, datetime.now(CST), parsed.posts,
                        reply.status)


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_active_feeds_cover_every_quarter_whatever_the_day(year: int) -> None:
    """Every seventh day of a year and every quarter's first, 15th and last days: the active feeds reach back before
    the quarter start and pass, and the expectations stay decided (no rounding left open for the stale ones)."""
    days = {d for n in range(0, 366, 7) if (d := date(year, 1, 1) + timedelta(days=n)).year == year}
    for month in (1, 4, 7, 10):
        first = date(year, month, 1)
        days |= {first, first + timedelta(days=14), quarter_of(first)[1]}
    active = [r for r in DEMO_ACCOUNTS if r.days_since_latest is not None and r.days_since_latest <= UPDATE_DAYS]
    for today in sorted(days):
        farm = build_farm(today=today)
        start, end = quarter_of(today)
        for row in active:
            f = activity(_pure_read(farm, row), as_of=today, quarter_start=start, quarter_end=end)
            label = f"{today} {row.name}/{row.platform}: {f.to_dict()}"
            assert not f.posts_lower_bound and not f.gap_lower_bound, label
            assert f.longest_gap_days is not None and f.longest_gap_days <= 3, label
            outcomes = {e.rule: e.outcome for e in expectations(row, farm.seed, farm.scale, today, Ctx(8123))
                        if e.rule in ACTIVITY_RULES}
            assert set(outcomes.values()) == {"pass"}, (today, row.name, outcomes)
            assert set(ACTIVITY_RULES) - set(outcomes) <= {"media-quarter-posts"}
        stale = {r.name: {e.rule: e.outcome for e in expectations(r, farm.seed, farm.scale, today, Ctx(8123))}
                 for r in DEMO_ACCOUNTS if r.name in ("红安发布", "蕲春发布")}
        assert stale["红安发布"]["media-update"] == stale["蕲春发布"]["media-update"] == "fail"
        assert stale["蕲春发布"]["media-zombie"] == "fail" and stale["红安发布"]["media-zombie"] == "pass"


def test_thresholds_are_the_rules_params() -> None:
    """The manifest's expectations are worked out with the rule files' thresholds."""
    rules = Path(__file__).resolve().parents[2] / "rules"

    def params(rule: str) -> dict:
        return tomllib.loads((rules / f"{rule}.toml").read_text(encoding="utf-8"))["params"]

    assert params("media-update")["max_days"] == UPDATE_DAYS
    assert params("media-quarter-posts")["per_quarter"] == QUARTER_MIN_POSTS
    assert params("media-quarter-posts")["min_window_days"] == QUARTER_MIN_WINDOW
    assert params("media-longest-gap")["max_days"] == GAP_LIMIT
    assert params("media-zombie")["days"] == ZOMBIE_LIMIT


def test_active_wechat_posts_every_one_to_three_days(read: Read) -> None:
    _, _, result = read.of(*HGFB)
    days = sorted({p.published.date() for p in result.posts if p.published}, reverse=True)
    assert len(days) >= 40 and (read.today - days[0]).days == 1
    assert all(1 <= (a - b).days <= 3 for a, b in zip(days, days[1:]))


def test_weibo_source_order_is_not_date_order(read: Read) -> None:
    _, _, result = read.of("黄冈发布", "weibo")
    first = result.posts[0].published
    assert first is not None and result.latest is not None and first < result.latest  # the pinned post leads
    assert (read.today - first.date()).days == 200
    assert all(p.url.startswith("https://m.weibo.cn/status/") for p in result.posts)


def test_broken_sources_answer_as_a_bridge_does(read: Read) -> None:
    _, _, captcha = read.of("麻城市民政", "douyin")
    _, _, cookie = read.of("黄梅发布", "weibo")
    assert captcha.status == 200 and captcha.health is Health.CAPTCHA
    assert cookie.status == 503 and cookie.health is Health.AUTH_EXPIRED
    assert cookie.attempts == 1  # an expired cookie is not retried
    for name, platform in NO_DATA:
        _, account, result = read.of(name, platform)
        assert (result.health is Health.UNSUPPORTED) is (account.source == "")


def test_json_feed_route_answers_json_feed_or_rss(running: FarmRunning) -> None:
    row = next(a for a in DEMO_ACCOUNTS if a.kind == "jsonfeed")
    url = running.url(row.host, row.path)
    assert url.endswith("?format=json")
    plain = url.removesuffix("?format=json")
    answers = fetch_all(running, [url, plain])
    answer = answers[url]
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/feed+json")
    doc = json.loads(answer.content)
    assert doc["version"] == "https://jsonfeed.org/version/1.1" and doc["title"] == row.name
    assert len(doc["items"]) >= 40
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z", i["date_published"]) for i in doc["items"])
    parsed = parse_json_feed(answer.content, url=url)
    assert parsed.health is Health.OK and len(parsed.posts) == len(doc["items"])
    rss = answers[plain]
    assert rss.status_code == 200 and rss.headers["content-type"].startswith("application/rss+xml")
    as_rss = parse_feed(rss.content, url=plain, content_type=rss.headers["content-type"])
    assert [(p.title, p.url, p.published) for p in as_rss.posts] == [(p.title, p.url, p.published)
                                                                      for p in parsed.posts]


# -- the links inside 黄冈发布's posts --------------------------------------------------------------------------
def _content_links(running: FarmRunning, row: DemoAccount) -> list[tuple[int, str]]:
    """(post index, href) of every <a> inside the raw feed's item descriptions."""
    body = fetch_all(running, [running.url(row.host, row.path)])[running.url(row.host, row.path)].content
    feed = lxml.etree.fromstring(body)
    out = []
    for index, item in enumerate(feed.iter("item")):
        html = item.findtext("description") or ""
        if html.strip():
            out += [(index, a.get("href")) for a in lxml.html.fragment_fromstring(html, create_parent="div").iter("a")]
    return out


def test_own_site_links_hold_exactly_one_broken_page(running: FarmRunning) -> None:
    row = next(a for a in DEMO_ACCOUNTS if (a.name, a.platform) == HGFB)
    links = _content_links(running, row)
    own = [href for _, href in links if urlsplit(href).hostname == HG]
    foreign = [href for _, href in links if urlsplit(href).hostname != HG]
    assert len(own) == 5 and all(urlsplit(u).port == running.port_for(HG) for u in own)
    assert len(foreign) == 1 and foreign[0].startswith("https://mp.weixin.qq.com.test/s/")
    assert {i for i, _ in links} == {0, 1, 2, 3, 4}  # the newest posts carry them
    statuses = {u: a.status_code for u, a in fetch_all(running, own).items()}
    broken = [u for u, status in statuses.items() if status == 404]
    assert len(broken) == 1 and all(s == 200 for u, s in statuses.items() if u not in broken), statuses
    assert running.url(HG, "/") in own
    media = running.manifest()["media"]
    link_defects = [d for d in media["defects"] if d["rule"] == "media-post-links"]
    assert [(d["account"], d["platform"], d["url"]) for d in link_defects] == [(*HGFB, broken[0])]


def test_the_reader_sees_the_same_links(running: FarmRunning) -> None:
    """Post.links (inspector.media.adapters) carries the content links of each post."""
    row = next(a for a in DEMO_ACCOUNTS if (a.name, a.platform) == HGFB)
    (result,) = asyncio.run(read_accounts([running.accounts()[0]], dns(running), host_delay=0.0))
    assert result.health is Health.OK and running.accounts()[0].name == row.name
    expected: dict[int, list[str]] = {}
    for index, href in _content_links(running, row):
        expected.setdefault(index, []).append(href)
    assert {i: list(p.links) for i, p in enumerate(result.posts) if p.links} == expected


# -- the portals' 政务新媒体 pages ----------------------------------------------------------------------------------
def _pages(running: FarmRunning) -> dict[str, httpx.Response]:
    urls = {host: running.url(host, path) for host, path in MATRIX_PAGES.items()}
    answers = fetch_all(running, list(urls.values()))
    return {host: answers[url] for host, url in urls.items()}


def _visible(answer: httpx.Response) -> str:
    return lxml.html.fromstring(answer.content).text_content()


def test_matrix_pages_list_exactly_the_table(running: FarmRunning) -> None:
    pages = _pages(running)
    registry = running.accounts()
    codes = {s.host: s.site_code for s in running.farm.sites}
    for host, answer in pages.items():
        assert answer.status_code == 200, host
        tree = lxml.html.fromstring(answer.content)
        captions = [s.text_content() for s in tree.xpath('//ul[@class="xmt"]/li/span')]
        alts = [i.get("alt") for i in tree.xpath('//ul[@class="xmt"]/li/img')]
        shown = [f"{n}（{p}）" for n, p in matrix(host)]
        own = [a for a in registry if a.site == codes[host]]
        if host == XISHUI:  # QR codes only: the names are in the alt text, not on the page
            assert captions == [] and alts == [f"{n}{p}二维码" for n, p in matrix(host)]
            assert not any(a.name in _visible(answer) for a in own)
            names = [n for n, _ in matrix(host)]
        else:
            assert captions == shown, host
            names = [re.sub(r"（.*）$", "", c) for c in captions]
        missing, extra = compare_with_portal(own, names)
        unlisted = [a.name for a in DEMO_ACCOUNTS if a.site == host and not a.listed]
        assert sorted(a.name for a in missing) == sorted(unlisted)
        assert extra == [e.name for e in MATRIX_EXTRAS.get(host, ())]
        assert "暂无" not in _visible(answer)
    hg = _visible(pages[HG])
    assert "黄冈发布（微信公众号）" in hg and "黄冈发布（微博）" in hg and "黄冈市场监管（微信公众号）" in hg
    assert "掌上黄冈" not in hg
    assert "团风发布（视频号）" in _visible(pages["www.tuanfeng.gov.cn.test"])


def test_matrix_pages_as_the_extractor_reads_them(running: FarmRunning) -> None:
    portal = pytest.importorskip("inspector.media.portal")
    for host, answer in _pages(running).items():
        entries = portal.matrix_entries(answer.content, str(answer.url), content_type=answer.headers["content-type"])
        got = sorted((e.name, e.platform) for e in entries)
        want = sorted([(a.name, Platform(a.platform)) for a in DEMO_ACCOUNTS if a.site == host and a.listed]
                      + [(e.name, parse_platform(e.label)) for e in MATRIX_EXTRAS.get(host, ())])
        assert got == want, host


# -- the manifest -----------------------------------------------------------------------------------------------
def test_manifest_media_section(running: FarmRunning) -> None:
    truth = running.manifest()
    media = truth["media"]
    accounts = running.accounts()
    assert [(a["name"], a["platform"], a["owner"], a["source"], a["site_code"]) for a in media["accounts"]] == [
        (a.name, a.platform.value, a.owner, a.source, a.site) for a in accounts]
    assert [(a["host"], a["health"], a["days_since_latest"], a["listed"]) for a in media["accounts"]] == [
        (r.site, r.health, r.days_since_latest, r.listed) for r in DEMO_ACCOUNTS]
    assert sorted((d["account"], d["platform"], d["rule"]) for d in media["defects"]) == SEEDED
    for entry in media["defects"]:
        assert entry["detail"] and entry["kind"]
        assert (entry["url"] != "") is (entry["rule"] in ("media-post-links", "media-portal-listed")), entry
    listed = next(d for d in media["defects"] if d["rule"] == "media-portal-listed")
    assert (listed["account"], listed["url"]) == ("掌上黄冈", running.url(HG, MATRIX_PAGES[HG]))
    for entry in media["benign"]:
        assert entry["expect"] in ("pass", "inconclusive") and entry["detail"]
    keys = [(e["account"], e["platform"], e["rule"]) for e in media["defects"] + media["benign"]]
    assert len(keys) == len(set(keys))  # one expectation per account and rule
    for row in DEMO_ACCOUNTS:
        assert sum(1 for k in keys if k == (row.name, row.platform, "media-update")) == 1, row.name
    inconclusive = {(e["account"], e["platform"]) for e in media["benign"] if e["expect"] == "inconclusive"}
    assert sorted(inconclusive) == sorted(NO_DATA)
    for name, platform in NO_DATA:
        got = {e["rule"] for e in media["benign"] if (e["account"], e["platform"]) == (name, platform)
               and e["expect"] == "inconclusive"}
        assert got == set(ACTIVITY_RULES)
    assert {e["rule"] for e in media["defects"] + media["benign"]} == {
        "media-update", "media-quarter-posts", "media-longest-gap", "media-zombie", "media-name", "media-duplicate",
        "media-portal-listed", "media-post-links"}
    pages = {p["host"]: p for p in media["matrix_pages"]}
    assert set(pages) == set(MATRIX_PAGES)
    assert pages[HG]["url"] == running.url(HG, MATRIX_PAGES[HG])
    assert pages[HG]["entries"] == ["黄冈发布（微信公众号）", "黄冈发布（微博）", "黄冈市场监管（微信公众号）"]


def test_manifest_site_level_matrix_entries(running: FarmRunning) -> None:
    truth = running.manifest()
    defects = [d for d in truth["defects"] if d["rule"].startswith("media-")]
    benign = [b for b in truth["benign"] if b["rule"].startswith("media-")]
    assert defects == [{"host": HG, "rule": "media-portal-unregistered", "url": running.url(HG, MATRIX_PAGES[HG]),
                        "detail": MATRIX_EXTRAS[HG][0].detail, "kind": "media-unregistered", "source": ""}]
    assert [(b["host"], b["rule"], b["url"], b["expect"], b["kind"]) for b in benign] == [
        (XISHUI, "media-portal-unregistered", running.url(XISHUI, MATRIX_PAGES[XISHUI]), "pass", "media-matrix-images")]


def test_manifest_follows_the_reference_day() -> None:
    """On the first day of a quarter nothing is known of the quarter yet: no quarter-posts defect is seeded."""
    first = build_farm(today=date(2026, 10, 1))
    media = manifest(first, 8123, "x")["media"]
    rules = sorted((d["account"], d["rule"]) for d in media["defects"])
    assert ("蕲春发布", "media-quarter-posts") not in rules and ("蕲春发布", "media-update") in rules
    assert ("红安发布", "media-update") in rules and ("红安发布", "media-longest-gap") not in rules
    link = next(d["url"] for d in media["defects"] if d["rule"] == "media-post-links")
    assert "/202609/t20260901_" in link  # the deleted page is dated a month before the reference day
    reply = first.respond(Request("GET", HG, urlsplit(link).path), Ctx(8123))
    assert reply.status == 404
