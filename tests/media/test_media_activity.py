"""Account activity from hand-made source results (exact day counts, Beijing dates, quarter boundaries, truncated
feeds, undated and future posts, unhealthy sources), the account-name matcher, duplicates and the portal
cross-check."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta, timezone

import pytest

from inspector.media import CST, Account, Health, Platform, Post, SourceResult
from inspector.media.activity import (
    Activity,
    activity,
    compare_with_portal,
    duplicates,
    listed_on_portal,
    name_matches_owner,
    owner_core,
    portal_key,
    portal_platform,
    unregistered_entries,
)
from inspector.media.artifacts import PortalEntry

Q_START, Q_END = date(2026, 1, 1), date(2026, 3, 31)
AS_OF = date(2026, 3, 15)


def at(y: int, m: int, d: int, hh: int = 10, mm: int = 0, tz: timezone = CST) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=tz)


def result(posts: Iterable[Post] = (), health: Health = Health.OK, detail: str = "rss20 feed"
           ) -> SourceResult:
    return SourceResult(source="rss:http://bridge.test/wechat/mp/x", health=health, detail=detail,
                        fetched_at=at(2026, 3, 15, 9), posts=tuple(posts))


def post(when: datetime | None, n: int = 0) -> Post:
    return Post(title=f"第{n}条", url=f"http://mp.test/s/{n}", published=when)


def run(r: SourceResult, as_of: date = AS_OF) -> Activity:
    return activity(r, as_of=as_of, quarter_start=Q_START, quarter_end=Q_END)


def test_full_feed_exact_figures_and_a_post_exactly_14_days_ago() -> None:
    posts = [post(at(2026, 3, 1, 8), 4), post(at(2025, 12, 20), 1), post(at(2026, 2, 25), 3), post(at(2026, 1, 10), 2)]
    a = run(result(posts))
    assert a.judgeable and a.reason == ""
    assert a.latest == at(2026, 3, 1, 8)
    assert a.days_since_latest == 14
    assert a.posts_in_quarter == 3  # 12-20 is last quarter
    assert a.longest_gap_days == 46
    assert (a.longest_gap_from, a.longest_gap_to) == (date(2026, 1, 10), date(2026, 2, 25))
    assert a.trailing_gap_days == 14
    assert a.oldest == at(2025, 12, 20)
    assert (a.dated, a.undated, a.future) == (4, 0, 0)
    assert not a.posts_lower_bound and not a.gap_lower_bound and not a.lower_bound


def test_days_are_beijing_calendar_days() -> None:
    # 2026-02-28 16:30 UTC is 2026-03-01 00:30 in Beijing: 14 days, not 15
    a = run(result([post(at(2026, 2, 28, 16, 30, tz=timezone.utc)), post(at(2025, 12, 1))]))
    assert a.days_since_latest == 14
    # 2026-03-01 23:59 Beijing is still 03-01
    assert run(result([post(at(2026, 3, 1, 23, 59)), post(at(2025, 12, 1))])).days_since_latest == 14
    # 15:59 UTC on 03-01 is 23:59 Beijing on 03-01; 16:00 UTC is 03-02
    assert run(result([post(at(2026, 3, 1, 16, 0, tz=timezone.utc)), post(at(2025, 12, 1))])).days_since_latest == 13
    # a post today
    assert run(result([post(at(2026, 3, 15, 0, 1)), post(at(2025, 12, 1))])).days_since_latest == 0


def test_gap_before_the_quarter_is_clipped_to_its_start() -> None:
    # last quarter's post on 11-01, then nothing until 02-20: the gap inside the quarter is 01-01 → 02-20
    a = run(result([post(at(2025, 11, 1)), post(at(2026, 2, 20))]))
    assert a.posts_in_quarter == 1
    assert a.longest_gap_days == 50
    assert (a.longest_gap_from, a.longest_gap_to) == (Q_START, date(2026, 2, 20))
    assert a.trailing_gap_days == 23
    assert not a.lower_bound


def test_only_posts_before_the_quarter() -> None:
    a = run(result([post(at(2025, 10, 5)), post(at(2025, 12, 30))]))
    assert a.posts_in_quarter == 0
    assert a.days_since_latest == 75  # 12-30 → 03-15: 1 + 31 + 28 + 15
    assert a.longest_gap_days == a.trailing_gap_days == 73  # the whole window 01-01 → 03-15
    assert not a.lower_bound


def test_quarter_boundaries_with_as_of_after_the_quarter() -> None:
    posts = [
        post(at(2025, 12, 31, 23, 59), 1),  # last quarter
        post(at(2026, 1, 1, 0, 0), 2),  # first minute of the quarter
        post(at(2026, 3, 31, 23, 59), 3),  # last minute of the quarter
        post(at(2026, 4, 1, 0, 0), 4),  # next quarter
    ]
    a = run(result(posts), as_of=date(2026, 4, 5))
    assert a.posts_in_quarter == 2
    assert a.days_since_latest == 4
    assert a.window_end == Q_END
    assert a.longest_gap_days == 89  # 01-01 → 03-31
    assert a.trailing_gap_days == 0
    assert not a.lower_bound


def test_truncated_feed_gives_lower_bounds() -> None:
    # a bridge returning the 12 newest items, one every two days from 02-20: nothing about January
    posts = [post(datetime(2026, 2, 20, 9, tzinfo=CST) + timedelta(days=2 * i), i) for i in range(12)]
    assert posts[-1].published is not None and posts[-1].published.date() == date(2026, 3, 14)
    a = run(result(reversed(posts)))
    assert a.posts_in_quarter == 12
    assert a.posts_lower_bound and a.gap_lower_bound and a.lower_bound
    assert a.longest_gap_days == 2  # the unknown stretch 01-01 → 02-20 is not counted
    assert (a.longest_gap_from, a.longest_gap_to) == (date(2026, 2, 20), date(2026, 2, 22))
    assert a.days_since_latest == 1  # the newest item is always in the feed: exact
    assert a.oldest == posts[0].published


def test_oldest_item_on_the_quarter_start_is_not_a_lower_bound() -> None:
    a = run(result([post(at(2026, 1, 1, 0, 0)), post(at(2026, 3, 10))]))
    assert not a.posts_lower_bound and not a.gap_lower_bound
    assert a.longest_gap_days == 68  # 01-01 → 03-10
    a = run(result([post(at(2026, 1, 2, 0, 0)), post(at(2026, 3, 10))]))
    assert a.posts_lower_bound and a.gap_lower_bound


def test_undated_posts_are_counted_and_make_the_count_a_lower_bound() -> None:
    posts = [post(at(2025, 12, 25), 1), post(at(2026, 3, 5), 2), post(None, 3), post(at(2026, 3, 12), 4), post(None, 5)]
    a = run(result(posts))
    assert (a.dated, a.undated) == (3, 2)
    assert a.posts_in_quarter == 2
    assert a.posts_lower_bound and not a.gap_lower_bound
    assert a.days_since_latest == 3
    assert a.longest_gap_days == 63  # 01-01 → 03-05

    only_undated = run(result([post(None, 1), post(None, 2)]))
    assert only_undated.judgeable
    assert only_undated.latest is None and only_undated.days_since_latest is None
    assert only_undated.posts_in_quarter == 0 and only_undated.posts_lower_bound
    assert only_undated.longest_gap_days is None and only_undated.trailing_gap_days is None
    assert only_undated.undated == 2


def test_future_posts_are_ignored_and_counted_one_day_of_skew_is_tolerated() -> None:
    posts = [
        post(at(2025, 12, 1), 1),
        post(at(2026, 3, 10), 2),
        post(at(2026, 3, 16, 23, 0), 3),  # as_of + 1 day: clock skew, taken as posted today
        post(at(2026, 3, 17, 0, 0), 4),  # as_of + 2 days: ignored
        post(at(2027, 1, 1), 5),  # a year ahead: ignored
    ]
    a = run(result(posts))
    assert a.future == 2
    assert a.dated == 3
    assert a.latest == at(2026, 3, 16, 23, 0)
    assert a.days_since_latest == 0
    assert a.posts_in_quarter == 2
    assert a.longest_gap_days == 68  # 01-01 → 03-10
    assert a.trailing_gap_days == 0

    only_future = run(result([post(at(2026, 6, 1), 1)]))
    assert only_future.future == 1 and only_future.dated == 0
    assert only_future.latest is None and only_future.days_since_latest is None
    assert only_future.posts_in_quarter == 0


def test_a_post_listed_twice_counts_once() -> None:
    pinned = post(at(2026, 2, 1), 1)
    a = run(result([pinned, post(at(2026, 3, 14), 2), pinned, post(at(2025, 12, 1), 3)]))
    assert a.dated == 3 and a.posts_in_quarter == 2


def test_empty_feed_is_silent_for_the_whole_window() -> None:
    a = run(result([], health=Health.EMPTY, detail="rss20 feed, 0 posts"))
    assert a.judgeable
    assert a.posts_in_quarter == 0
    assert a.latest is None and a.days_since_latest is None
    assert a.longest_gap_days == a.trailing_gap_days == 73
    assert (a.longest_gap_from, a.longest_gap_to) == (Q_START, AS_OF)
    assert not a.lower_bound


@pytest.mark.parametrize("health", [h for h in Health if not h.healthy])
def test_unhealthy_source_is_not_judgeable_never_no_posts(health: Health) -> None:
    a = run(result([], health=health, detail="http 403"))
    assert not a.judgeable
    assert a.posts_in_quarter is None and a.days_since_latest is None and a.latest is None
    assert a.longest_gap_days is None and a.trailing_gap_days is None
    assert a.reason == f"{health.label}（HTTP 403）"  # the detail in Chinese wording (inspector.media.labels)
    assert a.to_dict()["judgeable"] is False and a.to_dict()["posts_in_quarter"] is None


def test_to_dict_and_bad_arguments() -> None:
    a = run(result([post(at(2026, 3, 1), 1), post(at(2025, 12, 1), 2)]))
    d = a.to_dict()
    assert d["days_since_latest"] == 14 and d["posts_in_quarter"] == 1 and d["health"] == "ok"
    assert d["longest_gap_from"] == "2026-01-01" and d["latest"] == "2026-03-01T10:00:00+08:00"
    with pytest.raises(ValueError, match="before quarter_start"):
        activity(result(), as_of=date(2025, 12, 31), quarter_start=Q_START, quarter_end=Q_END)
    with pytest.raises(ValueError, match="after quarter_end"):
        activity(result(), as_of=AS_OF, quarter_start=Q_END, quarter_end=Q_START)


@pytest.mark.parametrize(
    ("name", "owner", "expected"),
    [
        ("黄冈发布", "黄冈市人民政府办公室", True),
        ("红安县教育局", "红安县教育局", True),
        ("某某美食", "红安县人民政府", False),
        ("红安教育", "红安县教育局", True),
        ("红安县教育局微信公众号", "红安县教育局", True),
        ("红安 发布", "红安县人民政府", True),  # spaces
        ("红安发布", "红安县人民政府 ", True),
        ("红安发布", "红安县教育局", False),  # the unit is missing
        ("黄冈教育", "红安县教育局", False),  # the city, not the county
        ("黄冈教育", "黄冈市红安县教育局", False),  # the most specific place counts
        ("红安教育", "湖北省黄冈市红安县教育局", True),
        ("麻城发布", "黄冈市人民政府办公室", False),  # another place
        ("健康黄冈", "黄冈市卫生健康委员会", True),  # a common short form
        ("黄冈卫健", "黄冈市卫生健康委员会", True),
        ("黄冈住建", "黄冈市住房和城乡建设局", True),
        ("黄冈市场监管", "黄冈市市场监督管理局", True),
        ("黄州发布", "黄州区人民政府办公室", True),  # 黄州 + 区, not 黄 + 州
        ("恩施州发布", "恩施土家族苗族自治州人民政府", True),
        ("黄冈发布", "黄冈市人民政府新闻办公室", True),
        ("红安税务", "国家税务总局红安县税务局", True),
        ("红安教育", "红安县教育局（红安县语言文字工作委员会）", True),  # a bracketed second name
        ("ＨＧ红安发布", "红安县人民政府", True),  # full-width letters (NFKC)
        ("任何名称", "", True),  # nothing to compare: no evidence of a mismatch
        ("发布", "红安县人民政府", False),
    ],
)
def test_name_matches_owner(name: str, owner: str, expected: bool) -> None:
    assert name_matches_owner(name, owner) is expected


def test_owner_core() -> None:
    assert owner_core("黄冈市人民政府办公室") == ("黄冈", "")
    assert owner_core("黄冈市红安县教育局") == ("红安", "教育")
    assert owner_core("黄冈市城市管理执法局") == ("黄冈", "城市管理执法")  # 城市 is not a place
    assert owner_core("沙县人民政府") == ("沙县", "")  # a one-character name keeps its suffix


def test_duplicates() -> None:
    a1 = Account("黄冈发布", Platform.WECHAT, owner="黄冈市人民政府办公室")
    a2 = Account("黄冈政务", Platform.WECHAT, owner="黄冈市 人民政府办公室")  # same owner, spaced
    a3 = Account("黄冈发布", Platform.WEIBO, owner="黄冈市人民政府办公室")  # other platform: fine
    a4 = Account("红安教育", Platform.WECHAT, owner="红安县教育局")
    a5 = Account("黄冈在线", Platform.WECHAT, owner="黄冈市人民政府办公室")
    b1 = Account("麻城发布", Platform.DOUYIN)
    b2 = Account("麻城 发布", Platform.DOUYIN)  # no owner: same name listed twice
    b3 = Account("麻城发布", Platform.TOUTIAO)
    assert duplicates([a1, a2, a3, a4, a5, b1, b2, b3]) == [(a1, a2, a5), (b1, b2)]
    assert duplicates([a1, a3, a4, b1, b3]) == []
    assert duplicates([]) == []


def test_compare_with_portal() -> None:
    registry = [
        Account("黄冈发布", Platform.WECHAT),
        Account("黄冈发布", Platform.WEIBO),
        Account("红安教育", Platform.WECHAT),
        Account("麻城发布", Platform.DOUYIN),
    ]
    portal = ["微信公众号：黄冈发布", "黄冈发布（微博）", "红安 教育", " 浠水发布 ", "浠水发布", "", "   "]
    missing, extra = compare_with_portal(registry, portal)
    assert missing == [registry[3]]
    assert extra == ["浠水发布"]
    assert compare_with_portal(registry, []) == (registry, [])
    assert compare_with_portal([], ["黄冈发布"]) == ([], ["黄冈发布"])


@pytest.mark.parametrize(
    ("caption", "key", "platform"),
    [
        ("微信公众号：黄冈发布", "黄冈发布", Platform.WECHAT),
        ("黄冈发布（微博）", "黄冈发布", Platform.WEIBO),
        ("黄冈发布(抖音号)", "黄冈发布", Platform.DOUYIN),
        ("今日头条 黄冈发布", "黄冈发布", Platform.TOUTIAO),
        ("掌上黄冈APP", "掌上黄冈", Platform.APP),
        ("黄冈发布视频号", "黄冈发布", Platform.OTHER),
        ("黄冈 发布", "黄冈发布", None),
        ("黄冈发布（官方账号）", "黄冈发布", None),  # a bracketed note that names no platform
        ("微信 黄冈发布（微博）", "黄冈发布", None),  # two platforms named: none is trusted
        ("微博", "微博", None),  # a platform word alone is the name, not a platform
    ],
)
def test_portal_key_and_platform(caption: str, key: str, platform: Platform | None) -> None:
    assert portal_key(caption) == key
    assert portal_platform(caption) is platform


def test_portal_comparison_compares_platforms_when_the_page_names_them() -> None:
    wechat = Account("黄冈发布", Platform.WECHAT)
    weibo = Account("黄冈发布", Platform.WEIBO)
    douyin = Account("红安教育", Platform.DOUYIN)
    registry = [wechat, weibo, douyin]
    entries = [
        PortalEntry("黄冈发布", Platform.WECHAT, "微信公众号 黄冈发布"),
        PortalEntry("红安教育"),  # no platform on the page: matches the account on any platform
        PortalEntry("黄冈发布", Platform.TOUTIAO),  # same name, a platform the registry does not have
        PortalEntry("黄冈发布", Platform.TOUTIAO),  # listed twice: reported once
        PortalEntry("浠水发布（抖音）"),  # the caption names the platform
    ]
    assert listed_on_portal(wechat, entries) == [entries[0]]
    assert listed_on_portal(weibo, entries) == []  # the page shows 黄冈发布 only on WeChat and Toutiao
    assert listed_on_portal(douyin, entries) == [entries[1]]
    assert unregistered_entries(registry, entries) == [entries[2], entries[4]]
    missing, extra = compare_with_portal(registry, entries)
    assert missing == [weibo]
    assert extra == ["黄冈发布", "浠水发布（抖音）"]
    # an entry's own platform wins over a caption word
    assert listed_on_portal(weibo, [PortalEntry("黄冈发布（微信）", Platform.WEIBO)])
    # captions as strings: a platform word in the caption is compared too
    assert compare_with_portal([wechat], ["黄冈发布（微博）"]) == ([wechat], ["黄冈发布（微博）"])
    assert compare_with_portal([wechat], ["黄冈发布"]) == ([], [])
