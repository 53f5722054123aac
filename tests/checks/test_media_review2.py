"""Adversarial review, round 2, of the 政务新媒体 activity checks: what the round-1 fixes left open. A quarter's bulletin
prepared days after its reference date (the source read after `as_of`), a registry row whose 数据源 is another
platform's or a keyword route (an account judged on another account's posts), a one-day window, a post a little ahead
of our clock, names of sub-units. Feeds go through the real adapters (judge_answer on the bytes a bridge answers) where
it matters; every test here failed before its fix."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from inspector.checks.media import (
    LongestGapParams,
    NameParams,
    PostLinksParams,
    QuarterPostsParams,
    UpdateParams,
    ZombieParams,
    media_longest_gap,
    media_name,
    media_post_links,
    media_quarter_posts,
    media_update,
    media_zombie,
    source_scope,
)
from inspector.media import CST, Account, Health, Platform, SourceResult
from inspector.media.activity import activity
from inspector.media.adapters import judge_answer
from inspector.media.artifacts import AccountArtifacts
from inspector.model import CheckResult, ProbeRecord, Status

Q_START, Q_END = date(2026, 10, 1), date(2026, 12, 31)
BRIDGE = "http://bridge.test"
WECHAT_FEED = f"{BRIDGE}/wechat/mp/hafb"
ACCOUNT = Account("红安发布", Platform.WECHAT, owner="红安县人民政府办公室", source=f"rss:{WECHAT_FEED}")
UPDATE, POSTS, GAP, ZOMBIE = UpdateParams(), QuarterPostsParams(), LongestGapParams(), ZombieParams()


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CST)


def rss(items: Sequence[tuple[str, datetime]]) -> bytes:
    """An RSSHub-style RSS 2.0 feed (times in GMT, as RSSHub writes them)."""
    body = "".join(
        f"<item><title><![CDATA[{title}]]></title><link>https://mp.weixin.qq.com.test/s/{i}</link>"
        f"<pubDate>{format_datetime(when.astimezone(timezone.utc), usegmt=True)}</pubDate></item>"
        for i, (title, when) in enumerate(items)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>红安发布</title>'
            f"<link>https://mp.weixin.qq.com.test/</link>{body}</channel></rss>").encode()


def read(body: bytes, *, read_at: datetime, url: str = WECHAT_FEED) -> SourceResult:
    """What read_account makes of one answer read at `read_at`: judge_answer on the bytes, as a SourceResult."""
    parsed = judge_answer("rss", 200, {"Content-Type": "application/rss+xml; charset=utf-8"}, body, url=url,
                          now=read_at)
    return SourceResult(source=f"rss:{url}", health=parsed.health, detail=parsed.detail, fetched_at=read_at,
                        posts=parsed.posts if parsed.health is Health.OK else (), status=200, url=url, attempts=1)


def artifacts(src: SourceResult, *, as_of: date, account: Account = ACCOUNT) -> AccountArtifacts:
    return AccountArtifacts(account_id=7, account=account, as_of=as_of, quarter_start=Q_START, quarter_end=Q_END,
                            source=src, registry=(account,))


def one(results: list[CheckResult]) -> CheckResult:
    assert len(results) == 1, results
    return results[0]


def judged(src: SourceResult, *, as_of: date, account: Account = ACCOUNT) -> dict[str, CheckResult]:
    art = artifacts(src, as_of=as_of, account=account)
    return {"update": one(media_update(art, UPDATE)), "posts": one(media_quarter_posts(art, POSTS)),
            "gap": one(media_longest_gap(art, GAP)), "zombie": one(media_zombie(art, ZOMBIE))}


def statuses(results: dict[str, CheckResult]) -> dict[str, Status]:
    return {k: r.status for k, r in results.items()}


# --- the quarter's bulletin, prepared after its reference date ------------------------------------------------------

AFTER = datetime(2027, 1, 5, 9, 0, tzinfo=CST)  # `inspector run --as-of 2026-12-31` on 2027-01-05


def test_stale_account_read_after_the_quarter_end_fails_not_inconclusive() -> None:
    # the account posted again on 01-02 and 01-03: posts made after the reference date, seen because the source was
    # read after it. They were "dated after the reference date, may be newer" — every stale account of a quarter-end
    # bulletin came out 无法判定
    src = read(rss([("新年第一条", at(date(2027, 1, 3))), ("元旦", at(date(2027, 1, 2))),
                    ("红安县12月工作会", at(date(2026, 12, 1))), ("红安县11月消息", at(date(2026, 11, 20))),
                    ("红安县9月消息", at(date(2026, 9, 20)))]), read_at=AFTER)
    a = activity(src, as_of=Q_END, quarter_start=Q_START, quarter_end=Q_END)
    assert (a.later, a.future, a.days_since_latest, a.posts_in_quarter) == (2, 0, 30, 2)
    assert not a.lower_bound
    results = judged(src, as_of=Q_END)
    assert statuses(results) == {"update": Status.FAIL, "posts": Status.FAIL, "gap": Status.FAIL,
                                 "zombie": Status.PASS}, {k: r.message for k, r in results.items()}
    assert results["update"].message == "最近一篇发布于2026-12-01，距基准日期30天（超过14天）"
    assert results["gap"].message.startswith("本季度（2026-10-01至2026-12-31）最长间隔50天（2026-10-01至2026-11-20")
    assert a.to_dict()["later"] == 2


def test_a_post_the_day_after_the_reference_date_no_longer_passes_the_veto() -> None:
    # a post dated 01-01 read on 01-05 was taken as posted on 12-31 (the clock-skew tolerance): a false 通过 of the
    # 单项否决. It may be a skewed post of 12-31 or a real one of 01-01: 无法判定
    src = read(rss([("元旦祝福", at(date(2027, 1, 1))), ("红安县12月工作会", at(date(2026, 12, 1))),
                    ("红安县9月消息", at(date(2026, 9, 20)))]), read_at=AFTER)
    a = activity(src, as_of=Q_END, quarter_start=Q_START, quarter_end=Q_END)
    assert a.future == 1 and a.later == 0 and a.days_since_latest == 30
    update = one(media_update(artifacts(src, as_of=Q_END), UPDATE))
    assert update.status is Status.INCONCLUSIVE, update.message
    assert "1篇文章的发布时间晚于基准日期" in update.message
    # read on the reference date itself, the same post a day ahead of our clock is the platform's skew: it counts
    same_day = read(rss([("元旦祝福", at(date(2027, 1, 1), 1)), ("红安县12月工作会", at(date(2026, 12, 1)))]),
                    read_at=datetime(2026, 12, 31, 23, 30, tzinfo=CST))
    result = one(media_update(artifacts(same_day, as_of=Q_END), UPDATE))
    assert result.status is Status.PASS
    assert result.message == "最近一篇的发布时间为2027-01-01（略晚于基准日期2026-12-31，按基准日期当天计），距基准日期0天（未超过14天）"


def test_a_feed_read_long_after_the_reference_date_that_no_longer_reaches_it_is_inconclusive() -> None:
    # the newest items are all after the reference date: nothing is known of the quarter (they were "future" posts;
    # now that they are known to be later, the quarter must not read as silent)
    src = read(rss([("二月消息", at(date(2027, 2, 3))), ("一月消息", at(date(2027, 1, 20))),
                    ("一月初消息", at(date(2027, 1, 10)))]), read_at=datetime(2027, 2, 20, 9, tzinfo=CST))
    a = activity(src, as_of=Q_END, quarter_start=Q_START, quarter_end=Q_END)
    assert a.later == 3 and a.posts_lower_bound and a.gap_lower_bound and a.longest_gap_days is None
    results = judged(src, as_of=Q_END)
    assert set(statuses(results).values()) == {Status.INCONCLUSIVE}, {k: r.message for k, r in results.items()}
    assert results["update"].message == ("数据源读取于2027-02-20，只返回了基准日期2026-12-31之后发布的3篇文章，"
                                         "不包含基准日期前的文章，无法判定是否更新")
    assert "只返回了基准日期之后发布的文章" in results["posts"].message
    assert "置顶" not in results["gap"].message


# --- the registry's source says it is not this account's ---------------------------------------------------------


def _stale_feed(url: str) -> SourceResult:
    return read(rss([("红安县消息", at(date(2026, 10, 20))), ("红安县旧闻", at(date(2026, 9, 20)))]),
                read_at=datetime(2026, 11, 26, 9, tzinfo=CST), url=url)


def test_a_weibo_account_read_from_a_wechat_route_is_never_judged_on_it() -> None:
    # a registry mistake: the 微博 row points at the unit's WeChat feed. Its posts say nothing of the Weibo account —
    # it was a false 单项否决 when the WeChat account is the stale one (and a false 通过 the other way round)
    weibo = Account("红安发布", Platform.WEIBO, owner="红安县人民政府办公室", source=f"rss:{WECHAT_FEED}")
    results = judged(_stale_feed(WECHAT_FEED), as_of=date(2026, 11, 26), account=weibo)
    assert set(statuses(results).values()) == {Status.INCONCLUSIVE}, {k: r.message for k, r in results.items()}
    assert results["update"].message == (f"登记的平台为微博，但数据源（{WECHAT_FEED}）读取的是微信公众号的内容，读到的可能"
                                         "不是该账号的文章，请核对登记表，无法判定是否更新")
    # the same feed for the WeChat account is judged as before
    assert one(media_update(artifacts(_stale_feed(WECHAT_FEED), as_of=date(2026, 11, 26)), UPDATE)).status is Status.FAIL


@pytest.mark.parametrize(("platform", "source", "problem"), [
    (Platform.WEIBO, "rss:{bridge}/weibo/keyword/红安", "多个账号"),
    (Platform.WEIBO, "rss:http://bridge.test/rsshub/weibo/timeline/1000000001", "多个账号"),
    (Platform.WEIBO, "weibo:https://m.weibo.cn/api/container/getIndex?containerid=100103type%3D1%26q%3D红安", "多个账号"),
    (Platform.DOUYIN, "rss:{bridge}/douyin/hashtag/1592824105719812", "多个账号"),
    (Platform.DOUYIN, "rss:{bridge}/weibo/user/1000000001", "读取的是微博的内容"),
    (Platform.WECHAT, "weibo:https://m.weibo.cn/api/container/getIndex?containerid=1076031000000001", "读取的是微博"),
    (Platform.TOUTIAO, "atom:https://mp.weixin.qq.com.test/feed", "读取的是微信公众号"),
])
def test_sources_that_are_not_the_account_own(platform: Platform, source: str, problem: str) -> None:
    assert problem in source_scope(Account("红安发布", platform, source=source), source)


@pytest.mark.parametrize(("platform", "source"), [
    (Platform.WEIBO, "rss:{bridge}/weibo/user/1000000001"),
    (Platform.WEIBO, "weibo:https://m.weibo.cn/api/container/getIndex?containerid=1076031000000001"),
    (Platform.WECHAT, "rss:{bridge}/wechat/mp/hafb"),
    (Platform.WECHAT, "atom:http://wewe-rss.test/feeds/MP_WXS_3941633310.atom"),  # a route that names no platform
    (Platform.TOUTIAO, "atom:{bridge}/toutiao/user/token/hazf"),
    (Platform.DOUYIN, "rss:{bridge}/douyin/user/MS4wLjABAAAA"),
    (Platform.OTHER, "rss:{bridge}/wechat/channels/hafb"),  # 其他 holds many platforms: nothing to contradict
    (Platform.APP, "manual:posts.csv"),
    (Platform.WECHAT, ""),
])
def test_sources_of_the_account_itself_are_judged(platform: Platform, source: str) -> None:
    assert source_scope(Account("红安发布", platform, source=source), source) == ""


def test_an_account_judged_on_a_keyword_route_passes_on_nobody_elses_posts() -> None:
    # RSSHub's /weibo/keyword/红安 returns every account's posts mentioning 红安: a dead account passed on them
    keyword = f"{BRIDGE}/weibo/keyword/红安"
    account = Account("红安发布", Platform.WEIBO, owner="红安县人民政府办公室", source=f"rss:{keyword}")
    src = read(rss([(f"网友{i}：红安的秋天", at(date(2026, 11, 26) - timedelta(days=i))) for i in range(20)]),
               read_at=datetime(2026, 11, 26, 9, tzinfo=CST), url=keyword)
    results = judged(src, as_of=date(2026, 11, 26), account=account)
    assert set(statuses(results).values()) == {Status.INCONCLUSIVE}, {k: r.message for k, r in results.items()}
    assert "多个账号的内容" in results["update"].message
    # nor are links in those posts the account's
    link = ProbeRecord(1, "media-link", "http://www.hazf.gov.cn.test/art/1.html", False, 404, error="http 404",
                       outcome="broken", data={"post": "https://x.test/1", "post_title": "网友1"}, account_id=7)
    art = AccountArtifacts(account_id=7, account=account, as_of=date(2026, 11, 26), quarter_start=Q_START,
                           quarter_end=Q_END, source=src, links=(link,), registry=(account,))
    assert [r.status for r in media_post_links(art, PostLinksParams())] == [Status.INCONCLUSIVE]


# --- messages ------------------------------------------------------------------------------------------------------


def test_a_one_day_window_does_not_say_there_was_no_post_on_a_day_with_one() -> None:
    # as_of = the quarter's first day, with a post that day: "最长间隔0天（2026-10-01至基准日期2026-10-01无新发文）"
    src = read(rss([("国庆", at(date(2026, 10, 1))), ("九月", at(date(2026, 9, 25))), ("九月初", at(date(2026, 9, 20)))]),
               read_at=datetime(2026, 10, 1, 18, tzinfo=CST))
    gap = one(media_longest_gap(artifacts(src, as_of=Q_START), GAP))
    assert gap.status is Status.PASS
    assert gap.message == "本季度（2026-10-01至2026-10-01）仅1天，最长间隔0天，未超过14天"
    assert "无新发文" not in gap.message


@pytest.mark.parametrize(("name", "owner", "status", "missing"), [
    # a branch named after its city: the city's own account name, not the branch's
    ("黄冈发布", "黄冈市公安局黄州分局", Status.FAIL, "所在地名或单位简称"),
    ("黄冈发布", "黄冈市生态环境局红安分局", Status.FAIL, "所在地名或单位简称"),
    ("黄州公安", "黄冈市公安局黄州分局", Status.PASS, ""),
    ("黄冈交警", "黄冈市公安局交通警察支队", Status.PASS, ""),
    # 吉林市 is a city: 吉 (the province's short name) is not its name
    ("吉安教育", "吉林市教育局", Status.FAIL, "地名“吉林”"),
    ("吉林教育", "吉林省教育厅", Status.PASS, ""),
    # a province's short name is its place: the missing part is the unit, not the place
    ("鄂美食", "湖北省教育厅", Status.FAIL, "单位名称或简称“教育”"),
])
def test_names_of_sub_units_and_short_forms(name: str, owner: str, status: Status, missing: str) -> None:
    account = Account(name, Platform.WECHAT, owner=owner)
    art = AccountArtifacts(account_id=1, account=account, as_of=date(2026, 11, 26), quarter_start=Q_START,
                           quarter_end=Q_END, registry=(account,))
    result = one(media_name(art, NameParams()))
    assert result.status is status, result.message
    if missing:
        assert result.message == f"账号名称“{name}”未体现主办单位“{owner}”的{missing}，公众难以辨识账号归属"


def test_two_equal_rows_of_a_hand_kept_list_are_two_posts() -> None:
    # a manual list (no links) of an app with two "今日要闻" on one date: the dedup meant for a pinned copy of a post
    # merged them, 4 posts of the quarter read as 2 — below the 3 required by 11-26: a false 不通过
    from inspector.media import Post

    rows = [("今日要闻", date(2026, 11, 20)), ("今日要闻", date(2026, 11, 20)), ("今日要闻", date(2026, 10, 25)),
            ("今日要闻", date(2026, 10, 25)), ("九月要闻", date(2026, 9, 28))]
    posts = tuple(Post(title, "", at(day, 0)) for title, day in rows)
    src = SourceResult("manual:posts.csv", Health.OK, "manual list, 5 posts", at(date(2026, 11, 26), 9), posts)
    account = Account("掌上红安", Platform.APP, owner="红安县人民政府办公室", source="manual:posts.csv")
    a = activity(src, as_of=date(2026, 11, 26), quarter_start=Q_START, quarter_end=Q_END)
    assert a.posts_in_quarter == 4 and a.dated == 5 and not a.lower_bound
    result = one(media_quarter_posts(artifacts(src, as_of=date(2026, 11, 26), account=account), POSTS))
    assert result.status is Status.PASS, result.message
    # a 置顶-marked copy of a post without a URL is still the same post
    pinned = (Post("【置顶】今日要闻", "", at(date(2026, 11, 20), 0)), *posts[:1])
    twice = SourceResult("manual:posts.csv", Health.OK, "manual list, 2 posts", at(date(2026, 11, 26), 9), pinned)
    assert activity(twice, as_of=date(2026, 11, 26), quarter_start=Q_START, quarter_end=Q_END).dated == 1


# --- one account, two registry rows ---------------------------------------------------------------------------------


def test_one_account_listed_twice_with_two_sources_is_not_judged_on_either() -> None:
    # same name, platform and owner, no 账号ID or 主页地址 to tell them apart (same_account): one account with two
    # feeds, one active and one stale. Judged on each, the account was both 合格 and 不合格 (单项否决)
    from inspector.checks.media import DuplicateParams, media_duplicate

    first = Account("黄冈发布", Platform.WECHAT, owner="黄冈市人民政府新闻办公室", source=f"rss:{BRIDGE}/wechat/mp/a")
    second = Account("黄冈发布", Platform.WECHAT, owner="黄冈市人民政府新闻办公室", source=f"rss:{BRIDGE}/wechat/mp/b")
    stale = _stale_feed(f"{BRIDGE}/wechat/mp/b")
    art = AccountArtifacts(account_id=2, account=second, as_of=date(2026, 11, 26), quarter_start=Q_START,
                           quarter_end=Q_END, source=stale, registry=(first, second))
    update = one(media_update(art, UPDATE))
    assert update.status is Status.INCONCLUSIVE, update.message
    assert update.message.startswith("登记表中该账号登记了2次（账号名称、平台、主办单位相同），数据源各不相同")
    duplicate = one(media_duplicate(art, DuplicateParams()))
    assert duplicate.status is Status.INCONCLUSIVE and "只有这一个账号" not in duplicate.message
    assert "登记了2次，各行的数据源不同" in duplicate.message
    # the same row pasted twice (one source) is one account: judged, and named as listed twice
    again = AccountArtifacts(account_id=2, account=first, as_of=date(2026, 11, 26), quarter_start=Q_START,
                             quarter_end=Q_END, source=_stale_feed(f"{BRIDGE}/wechat/mp/a"), registry=(first, first))
    assert one(media_update(again, UPDATE)).status is Status.FAIL
    listed = one(media_duplicate(again, DuplicateParams()))
    assert listed.status is Status.PASS and "登记了2次（同一账号重复登记，按一个账号计）" in listed.message


def test_the_second_row_of_an_account_still_sees_its_unit_other_account() -> None:
    # the group of the unit's accounts held only the first of the two rows: the second was told "只有这一个账号"
    from inspector.checks.media import DuplicateParams, media_duplicate

    owner = "黄冈市人民政府新闻办公室"
    first = Account("黄冈发布", Platform.WECHAT, owner=owner, source=f"rss:{BRIDGE}/wechat/mp/a")
    second = Account("黄冈发布", Platform.WECHAT, owner=owner, source=f"rss:{BRIDGE}/wechat/mp/b")
    other = Account("黄冈政务", Platform.WECHAT, owner=owner, source=f"rss:{BRIDGE}/wechat/mp/c")
    art = AccountArtifacts(account_id=2, account=second, as_of=date(2026, 11, 26), quarter_start=Q_START,
                           quarter_end=Q_END, registry=(first, second, other))
    result = one(media_duplicate(art, DuplicateParams()))
    assert result.status is Status.FAIL, result.message
    assert result.message.startswith("主办单位“黄冈市人民政府新闻办公室”在微信公众号平台另有1个账号：“黄冈政务”")
