"""The 政务新媒体 checks on hand-built accounts (real SourceResult / Post / Account / AccountArtifacts, no mocks):
activity (update veto, quarter posts, longest gap, 僵尸号) with every accuracy rule of the design (unhealthy and
empty sources, undated and future posts, lower bounds, self-check, pro-rating), names, duplicates, the portal
cross-check and links in posts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta, timezone

import pytest

from inspector.checks.media import (
    DuplicateParams,
    LongestGapParams,
    NameParams,
    PortalParams,
    PostLinksParams,
    QuarterPostsParams,
    UpdateParams,
    ZombieParams,
    media_duplicate,
    media_longest_gap,
    media_name,
    media_portal_listed,
    media_portal_unregistered,
    media_post_links,
    media_quarter_posts,
    media_update,
    media_zombie,
    pinned_prefix,
    required_posts,
)
from inspector.errors import ParamError
from inspector.media import CST, Account, Health, Platform, Post, SourceResult
from inspector.media.artifacts import AccountArtifacts, PortalEntry, PortalListing
from inspector.model import CheckResult, Level, ProbeRecord, Site, SiteArtifacts, Status

Q_START, Q_END = date(2026, 10, 1), date(2026, 12, 31)
AS_OF = date(2026, 11, 26)
SITE = Site("红安县人民政府", "http://www.hazf.gov.cn.test/", Level.COUNTY, "4211220001")
FEED = "http://bridge.test/wechat/mp/hafb"
MATRIX = "http://www.hazf.gov.cn.test/zwxmt/"
ACCOUNT = Account("红安发布", Platform.WECHAT, owner="红安县人民政府办公室", site="4211220001",
                  url="http://mp.weixin.qq.com.test/profile/hafb", source=f"rss:{FEED}")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CST)


def post(day: date | None, n: int = 0, links: tuple[str, ...] = ()) -> Post:
    return Post(f"红安县第{n}条消息", f"http://mp.weixin.qq.com.test/s/{n}", at(day) if day else None, links)


def every(days: int, *, last: date, first: date) -> list[Post]:
    """A post every `days` days from `last` back to `first` (newest first)."""
    out: list[Post] = []
    day, n = last, 0
    while day >= first:
        out.append(post(day, n))
        day -= timedelta(days=days)
        n += 1
    return out


def source(posts: Iterable[Post] = (), health: Health = Health.OK, detail: str = "rss20 feed", status: int | None = 200
           ) -> SourceResult:
    return SourceResult(source=f"rss:{FEED}", health=health, detail=detail, fetched_at=at(AS_OF, 6),
                        posts=tuple(posts), status=status, url=FEED, attempts=1)


def artifacts(
    src: SourceResult | None = None,
    *,
    as_of: date = AS_OF,
    account: Account = ACCOUNT,
    site: Site | None = SITE,
    links: Sequence[ProbeRecord] = (),
    portal: PortalListing | None = None,
    registry: Sequence[Account] = (),
    run_probes: Sequence[ProbeRecord] = (),
    quarter: tuple[date, date] = (Q_START, Q_END),
) -> AccountArtifacts:
    return AccountArtifacts(
        account_id=7, account=account, as_of=as_of, quarter_start=quarter[0], quarter_end=quarter[1],
        site_id=3 if site else None, site=site, source=src, links=tuple(links), portal=portal,
        registry=tuple(registry) or (account,), run_probes=tuple(run_probes),
    )


def one(results: list[CheckResult]) -> CheckResult:
    assert len(results) == 1, results
    return results[0]


ACTIVE = every(2, last=AS_OF - timedelta(days=1), first=date(2026, 9, 20))  # reaches back before the quarter
UPDATE, POSTS, GAP, ZOMBIE = UpdateParams(), QuarterPostsParams(), LongestGapParams(), ZombieParams()
NETWORK_DOWN = ProbeRecord(None, "self-check", "http://www.baidu.com.test/", False, error="http://www.baidu.com.test/: "
                           "connect error: All connection attempts failed")


def activity_results(art: AccountArtifacts) -> dict[str, CheckResult]:
    return {
        "update": one(media_update(art, UPDATE)),
        "posts": one(media_quarter_posts(art, POSTS)),
        "gap": one(media_longest_gap(art, GAP)),
        "zombie": one(media_zombie(art, ZOMBIE)),
    }


# --- activity: healthy sources ----------------------------------------------------------------------------------


def test_an_active_account_passes_every_activity_rule() -> None:
    results = activity_results(artifacts(source(ACTIVE)))
    assert {k: r.status for k, r in results.items()} == dict.fromkeys(results, Status.PASS)
    assert results["update"].message == "最近一篇发布于2026-11-25，距基准日期1天（未超过14天）"
    assert results["update"].evidence[0].url == "http://mp.weixin.qq.com.test/s/0"
    assert results["update"].evidence[-1].url == FEED
    in_quarter = sum(1 for p in ACTIVE if p.published and p.published.date() >= Q_START)
    assert in_quarter == 28
    assert f"本季度（2026-10-01至2026-11-26）发文{in_quarter}篇，不少于应有的3篇" in results["posts"].message
    assert "按已过57天折算" in results["posts"].message
    assert "最长间隔2天" in results["gap"].message and "至少" not in results["posts"].message


def test_stale_for_21_days_fails_the_update_veto_with_the_latest_post_as_evidence() -> None:
    posts = every(3, last=date(2026, 11, 5), first=date(2026, 9, 1))
    results = activity_results(artifacts(source(posts)))
    update = results["update"]
    assert update.status is Status.FAIL
    assert update.message == "最近一篇发布于2026-11-05，距基准日期21天（超过14天）"
    assert update.evidence[0].url == posts[0].url and update.evidence[0].text == posts[0].title
    assert update.evidence[-1].url == FEED and "正常" in update.evidence[-1].detail
    gap = results["gap"]
    assert gap.status is Status.FAIL
    assert "最长间隔21天（2026-11-05至基准日期2026-11-26无新发文），超过14天" in gap.message
    assert results["zombie"].status is Status.PASS
    assert results["posts"].status is Status.PASS  # 12 posts before the silence


@pytest.mark.parametrize(("days", "want"), [(0, Status.PASS), (13, Status.PASS), (14, Status.PASS),
                                            (15, Status.FAIL), (16, Status.FAIL)])
def test_exactly_14_days_passes_15_fails(days: int, want: Status) -> None:
    result = one(media_update(artifacts(source([post(AS_OF - timedelta(days=days)), post(date(2026, 9, 1), 1)])),
                              UPDATE))
    assert result.status is want, result.message
    assert f"距基准日期{days}天" in result.message


def test_beijing_day_counts_a_late_evening_utc_post_on_the_next_day() -> None:
    # 2026-11-11 16:30 UTC is 2026-11-12 00:30 in Beijing: 14 days before 11-26, not 15
    late = Post("夜间推送", "http://mp.weixin.qq.com.test/s/n", datetime(2026, 11, 11, 16, 30, tzinfo=timezone.utc))
    result = one(media_update(artifacts(source([late, post(date(2026, 9, 1), 1)])), UPDATE))
    assert result.status is Status.PASS and "距基准日期14天" in result.message


@pytest.mark.parametrize(("days", "want"), [(89, Status.PASS), (90, Status.FAIL), (125, Status.FAIL)])
def test_zombie_from_90_days(days: int, want: Status) -> None:
    latest = AS_OF - timedelta(days=days)
    art = artifacts(source(every(7, last=latest, first=latest - timedelta(days=60))))
    result = one(media_zombie(art, ZOMBIE))
    assert result.status is want, result.message
    if want is Status.FAIL:
        assert f"距基准日期{days}天（90天以上未更新），属于“僵尸号”，应关停或整合" in result.message
        assert result.evidence[0].url.startswith("http://mp.weixin.qq.com.test/s/")
    results = activity_results(art)
    assert results["update"].status is Status.FAIL
    assert results["posts"].status is Status.FAIL  # nothing this quarter
    assert results["gap"].status is Status.FAIL  # the whole window: 56 days


def test_quarter_posts_below_the_minimum_fail_with_an_exact_count() -> None:
    posts = [post(date(2026, 11, 20), 1), post(date(2026, 11, 6), 2), post(date(2026, 10, 25), 3),
             post(date(2026, 9, 28), 4)]  # the feed reaches back before the quarter: the count is exact
    result = one(media_quarter_posts(artifacts(source(posts)), QuarterPostsParams(per_quarter=12)))
    assert result.status is Status.FAIL
    assert result.message == "本季度（2026-10-01至2026-11-26）发文3篇，少于应有的7篇（每季度12篇，按已过57天折算）"
    assert "数据源最早一篇发布于2026-09-28" in result.evidence[0].detail


def test_a_full_quarter_is_judged_against_the_full_minimum_after_the_quarter_end() -> None:
    posts = every(14, last=date(2026, 12, 20), first=date(2026, 9, 10))  # 12-20, 12-06, ... 09-13: 7 in Q4
    in_quarter = [p for p in posts if p.published and Q_START <= p.published.date() <= Q_END]
    art = artifacts(source(posts[:len(in_quarter) - 1] + posts[len(in_quarter):]), as_of=date(2027, 1, 5))
    result = one(media_quarter_posts(art, POSTS))
    assert result.status is Status.FAIL
    assert result.message == f"本季度（2026-10-01至2026-12-31）发文{len(in_quarter) - 1}篇，少于应有的6篇"
    assert one(media_quarter_posts(artifacts(source(posts), as_of=date(2027, 1, 5)), POSTS)).status is Status.PASS


def test_pro_rating_at_the_start_of_a_quarter_never_fails_a_normal_account() -> None:
    weekly = every(7, last=Q_START - timedelta(days=5), first=date(2026, 8, 1))  # the last post 5 days before
    for offset in range(0, 5):  # as_of = quarter start + a few days
        art = artifacts(source(weekly), as_of=Q_START + timedelta(days=offset))
        results = activity_results(art)
        assert results["update"].status is Status.PASS
        assert results["posts"].status is Status.NOT_APPLICABLE
        assert "不足15天" in results["posts"].message
        assert results["gap"].status is Status.PASS
        assert results["zombie"].status is Status.PASS
    # three weeks in, a weekly account has 3 posts and needs 1
    weekly = every(7, last=Q_START + timedelta(days=19), first=date(2026, 8, 1))
    art = artifacts(source(weekly), as_of=Q_START + timedelta(days=20))
    assert required_posts(art, POSTS) == (1, 21, 92)
    assert one(media_quarter_posts(art, POSTS)).status is Status.PASS
    # 15 days in: a post on the first day of the window still counts
    art = artifacts(source([post(Q_START, 1), post(date(2026, 9, 20), 2)]), as_of=Q_START + timedelta(days=14))
    assert one(media_update(art, UPDATE)).status is Status.PASS
    assert one(media_quarter_posts(art, POSTS)).status is Status.PASS


def test_required_posts_rounds_down_and_is_at_least_one() -> None:
    def req(as_of: date, per: int = 6) -> int:
        return required_posts(artifacts(source(), as_of=as_of), QuarterPostsParams(per_quarter=per))[0]

    assert req(Q_START + timedelta(days=14)) == 1  # 6 × 15 / 92 = 0.98 → at least 1
    assert req(Q_START + timedelta(days=45)) == 3  # 6 × 46 / 92 = 3
    assert req(Q_END) == 6 and req(date(2027, 2, 1)) == 6
    assert req(AS_OF, per=12) == 7  # 12 × 57 / 92 = 7.4


# --- activity: accuracy rules -----------------------------------------------------------------------------------


@pytest.mark.parametrize("health", [h for h in Health if not h.healthy])
def test_an_unhealthy_source_is_inconclusive_for_every_activity_rule(health: Health) -> None:
    art = artifacts(source([], health=health, detail="http 200 captcha page"))
    for name, result in activity_results(art).items():
        assert result.status is Status.INCONCLUSIVE, (name, result.message)
        assert f"数据源状态：{health.label}（http 200 captcha page）" in result.message
        assert result.evidence and result.evidence[0].url == FEED


def test_captcha_message_reads_as_the_design_says() -> None:
    result = one(media_update(artifacts(source([], Health.CAPTCHA, "http 200 captcha page")), UPDATE))
    assert result.message == "数据源状态：验证码或防火墙拦截（http 200 captcha page），无法判定是否更新"
    expired = one(media_update(artifacts(source([], Health.AUTH_EXPIRED, "http 503 cookie expired", 503)), UPDATE))
    assert expired.status is Status.INCONCLUSIVE and "登录失效（Cookie过期）" in expired.message
    assert expired.evidence[0].http_status == 503


def test_an_empty_feed_is_not_proof_of_silence() -> None:
    art = artifacts(source([], Health.EMPTY, "rss20 feed, 0 posts"))
    for name, result in activity_results(art).items():
        assert result.status is Status.INCONCLUSIVE, (name, result.message)
        assert "数据源未返回任何文章，请人工核实" in result.message


def test_an_account_not_read_in_this_run_is_inconclusive() -> None:
    for name, result in activity_results(artifacts(None)).items():
        assert result.status is Status.INCONCLUSIVE, name
        assert result.message.startswith("本批次未读取该账号数据源")


def test_self_check_failure_is_named_for_an_unhealthy_source_and_ignored_for_a_healthy_one() -> None:
    down = artifacts(source([], Health.UNREACHABLE, "connect error"), run_probes=[NETWORK_DOWN])
    result = one(media_update(down, UPDATE))
    assert result.status is Status.INCONCLUSIVE
    assert result.message.startswith("检查端网络自检失败（") and "连接失败" in result.message
    assert "数据源无法访问" in result.message
    # the source answered: its posts are facts whatever the self-check said
    stale = artifacts(source([post(date(2026, 11, 5)), post(date(2026, 9, 1), 1)]), run_probes=[NETWORK_DOWN])
    assert one(media_update(stale, UPDATE)).status is Status.FAIL


def test_undated_posts_make_a_stale_account_inconclusive_never_fail() -> None:
    posts = [post(date(2026, 11, 5), 1), post(None, 2), post(date(2026, 9, 1), 3)]
    results = activity_results(artifacts(source(posts)))
    update = results["update"]
    assert update.status is Status.INCONCLUSIVE
    assert "带发布时间的文章中最近一篇发布于2026-11-05，距基准日期21天（超过14天），但另有1篇文章没有发布时间" in update.message
    assert results["gap"].status is Status.INCONCLUSIVE  # the undated post may fall inside the 21 days
    # a fresh dated post passes whatever the undated ones
    fresh = [post(date(2026, 11, 20), 1), post(None, 2), post(date(2026, 9, 1), 3)]
    assert one(media_update(artifacts(source(fresh)), UPDATE)).status is Status.PASS
    # only undated posts: nothing to judge
    only = activity_results(artifacts(source([post(None, 1), post(None, 2)])))
    for name in ("update", "zombie", "gap"):
        assert only[name].status is Status.INCONCLUSIVE, name
        assert "2篇文章没有发布时间" in only[name].message
    assert only["posts"].status is Status.INCONCLUSIVE and "已知发文0篇" in only["posts"].message


def test_undated_posts_make_a_zombie_inconclusive() -> None:
    result = one(media_zombie(artifacts(source([post(date(2026, 6, 1), 1), post(None, 2)])), ZOMBIE))
    assert result.status is Status.INCONCLUSIVE and "无法判定是否为僵尸号" in result.message


def test_future_dated_posts_are_ignored() -> None:
    future = post(date(2027, 3, 1), 9)
    # all posts in the future: inconclusive
    only = activity_results(artifacts(source([future])))
    assert only["update"].status is Status.INCONCLUSIVE
    assert "1篇文章的发布时间晚于基准日期" in only["update"].message
    # a future post does not make a stale account fresh, and (its real date being unknown) does not let it fail
    stale = one(media_update(artifacts(source([future, post(date(2026, 11, 1), 1), post(date(2026, 9, 1), 2)])),
                             UPDATE))
    assert stale.status is Status.INCONCLUSIVE and "距基准日期25天" in stale.message
    # a fresh account is judged on its dated posts: the future one is not its latest
    fresh = one(media_update(artifacts(source([future, post(date(2026, 11, 20), 1), post(date(2026, 9, 1), 2)])),
                             UPDATE))
    assert fresh.status is Status.PASS and "2026-11-20" in fresh.message
    # one day of clock skew is taken as posted on the reference day
    skew = one(media_update(artifacts(source([post(AS_OF + timedelta(days=1), 1)])), UPDATE))
    assert skew.status is Status.PASS and "距基准日期0天" in skew.message


def test_truncated_feed_count_above_the_minimum_passes_as_a_lower_bound() -> None:
    recent = every(2, last=AS_OF - timedelta(days=1), first=date(2026, 11, 1))  # the bridge's 13 newest items
    result = one(media_quarter_posts(artifacts(source(recent)), POSTS))
    assert result.status is Status.PASS
    assert "至少发文13篇，不少于应有的3篇" in result.message


def test_truncated_feed_count_below_the_minimum_is_inconclusive() -> None:
    few = [post(date(2026, 11, 20), 1), post(date(2026, 11, 18), 2)]  # oldest 11-18: October unknown
    result = one(media_quarter_posts(artifacts(source(few)), POSTS))
    assert result.status is Status.INCONCLUSIVE
    assert "已知发文2篇，少于应有的3篇" in result.message and "数据源只返回了2026-11-18以来的文章" in result.message


def test_truncated_feed_known_gap_above_the_limit_fails() -> None:
    posts = [post(date(2026, 11, 25), 1), post(date(2026, 11, 2), 2), post(date(2026, 10, 30), 3)]
    result = one(media_longest_gap(artifacts(source(posts)), GAP))
    assert result.status is Status.FAIL
    assert "最长间隔23天（2026-11-02至2026-11-25无新发文），超过14天" in result.message
    assert "数据源只返回了2026-10-30以来的文章，此前的间隔未计入" in result.message


def test_truncated_feed_gap_within_the_limit() -> None:
    # the feed reaches 11-01: 31 unknown days after the quarter start → inconclusive
    recent = every(2, last=AS_OF - timedelta(days=1), first=date(2026, 11, 1))
    result = one(media_longest_gap(artifacts(source(recent)), GAP))
    assert result.status is Status.INCONCLUSIVE
    assert "数据源只返回了2026-11-01以来的文章" in result.message and "2026-10-01至2026-11-01的31天" in result.message
    # the feed reaches 10-10: even no post in those 9 days stays within 14 → a real pass
    longer = every(2, last=AS_OF - timedelta(days=1), first=date(2026, 10, 9))
    assert longer[-1].published is not None and longer[-1].published.date() == date(2026, 10, 10)
    result = one(media_longest_gap(artifacts(source(longer)), GAP))
    assert result.status is Status.PASS
    assert "数据源只返回了2026-10-10以来的文章；此前只有9天" in result.message
    # 15 unseen days: inconclusive (the stretch 10-01 → 10-16 may have had no post)
    shorter = every(2, last=AS_OF - timedelta(days=1), first=date(2026, 10, 16))
    assert one(media_longest_gap(artifacts(source(shorter)), GAP)).status is Status.INCONCLUSIVE


def test_an_old_pinned_post_does_not_hide_a_truncated_feed() -> None:
    # Weibo and bridges list pinned posts first: an old pinned post must not read as "the feed reaches back to May"
    pinned = post(date(2026, 5, 10), 99)
    recent = every(2, last=AS_OF - timedelta(days=1), first=date(2026, 11, 3))  # the newest 12 items
    assert pinned_prefix([pinned, *recent]) == 1
    results = activity_results(artifacts(source([pinned, *recent])))
    assert results["gap"].status is Status.INCONCLUSIVE  # not a 33-day gap from the quarter start
    assert "数据源只返回了2026-11-03以来的文章" in results["gap"].message
    assert "疑似置顶" in results["gap"].evidence[0].detail
    assert results["posts"].status is Status.PASS and "至少发文12篇" in results["posts"].message
    assert results["update"].status is Status.PASS and results["zombie"].status is Status.PASS
    # a stale account with a pinned post still fails on its known gap
    stale = every(2, last=date(2026, 11, 5), first=date(2026, 10, 20))
    results = activity_results(artifacts(source([pinned, *stale])))
    assert results["update"].status is Status.FAIL and results["gap"].status is Status.FAIL
    # without the pinned post nothing changes
    assert one(media_longest_gap(artifacts(source(recent)), GAP)).status is Status.INCONCLUSIVE


def test_pinned_prefix_only_for_leading_old_posts_before_a_newest_first_feed() -> None:
    newest_first = every(3, last=date(2026, 11, 20), first=date(2026, 10, 20))
    assert pinned_prefix(newest_first) == 0
    assert pinned_prefix(list(reversed(newest_first))) == 0  # oldest first: not a pinned pattern
    two = [post(date(2026, 3, 1), 90), post(date(2026, 4, 1), 91), *newest_first]
    assert pinned_prefix(two) == 2
    assert pinned_prefix([post(date(2026, 11, 1), 90), *newest_first]) == 0  # not older than every later post
    assert pinned_prefix([post(None, 90), *newest_first]) == 0
    assert pinned_prefix([post(date(2026, 3, 1), 90), post(date(2026, 11, 20), 1)]) == 0  # too few to tell


def test_longest_gap_exactly_14_days_passes() -> None:
    posts = [post(date(2026, 11, 20), 1), post(date(2026, 11, 6), 2), post(date(2026, 10, 23), 3),
             post(date(2026, 10, 9), 4), post(date(2026, 9, 25), 5)]
    result = one(media_longest_gap(artifacts(source(posts)), GAP))
    assert result.status is Status.PASS and "最长间隔14天" in result.message
    shifted = [post(date(2026, 11, 21), 1), *posts[1:]]  # 11-06 → 11-21: 15 days
    assert one(media_longest_gap(artifacts(source(shifted)), GAP)).status is Status.FAIL


def test_an_as_of_outside_the_quarter_is_inconclusive_not_a_crash() -> None:
    art = artifacts(source(ACTIVE), as_of=date(2026, 9, 30))
    for name in ("update", "gap", "zombie"):
        assert activity_results(art)[name].status is Status.INCONCLUSIVE


def test_params_are_validated() -> None:
    for make in (lambda: UpdateParams(max_days=0), lambda: QuarterPostsParams(per_quarter=0),
                 lambda: QuarterPostsParams(min_window_days=0), lambda: LongestGapParams(max_days=-1),
                 lambda: ZombieParams(days=0), lambda: PostLinksParams(max_evidence=0)):
        with pytest.raises(ParamError):
            make()


# --- name and duplicates ----------------------------------------------------------------------------------------


def test_media_name() -> None:
    assert one(media_name(artifacts(source()), NameParams())).status is Status.PASS
    slogan = Account("某某美食", Platform.WECHAT, owner="红安县人民政府")
    result = one(media_name(artifacts(source(), account=slogan), NameParams()))
    assert result.status is Status.FAIL
    assert result.message == "账号名称“某某美食”未体现主办单位“红安县人民政府”的地名“红安”，公众难以辨识账号归属"
    unit = Account("红安发布", Platform.WECHAT, owner="红安县教育局")
    result = one(media_name(artifacts(source(), account=unit), NameParams()))
    assert result.status is Status.FAIL and "单位名称或简称“教育”" in result.message
    short = Account("健康红安", Platform.WEIBO, owner="红安县卫生健康局")  # a common short form is accepted
    assert one(media_name(artifacts(source(), account=short), NameParams())).status is Status.PASS
    no_owner = Account("红安发布", Platform.WECHAT)
    result = one(media_name(artifacts(source(), account=no_owner), NameParams()))
    assert result.status is Status.NOT_APPLICABLE and "未填写主办单位" in result.message


def test_media_duplicate() -> None:
    a1 = Account("红安发布", Platform.WECHAT, owner="红安县人民政府办公室")
    a2 = Account("红安政务", Platform.WECHAT, owner="红安县 人民政府办公室", url="http://mp.test/hazw")
    a3 = Account("红安发布", Platform.WEIBO, owner="红安县人民政府办公室")
    a4 = Account("红安在线", Platform.WECHAT, owner="红安县人民政府办公室")
    registry = [a1, a2, a3, a4]
    result = one(media_duplicate(artifacts(source(), account=a1, registry=registry), DuplicateParams()))
    assert result.status is Status.FAIL
    assert "主办单位“红安县人民政府办公室”在微信公众号平台另有2个账号：“红安政务”、“红安在线”" in result.message
    assert [e.text for e in result.evidence] == ["红安政务", "红安在线"]
    assert result.evidence[0].url == "http://mp.test/hazw"
    alone = one(media_duplicate(artifacts(source(), account=a3, registry=registry), DuplicateParams()))
    assert alone.status is Status.PASS and "微博平台只有这一个账号" in alone.message
    b1, b2 = Account("麻城发布", Platform.DOUYIN), Account("麻城 发布", Platform.DOUYIN)
    result = one(media_duplicate(artifacts(source(), account=b2, registry=[b1, b2]), DuplicateParams()))
    assert result.status is Status.FAIL and "另有1个同名的抖音账号：“麻城发布”" in result.message
    assert one(media_duplicate(artifacts(source(), account=b1), DuplicateParams())).status is Status.PASS


# --- portal cross-check -----------------------------------------------------------------------------------------


def listing(*entries: PortalEntry, status: str = "read", reason: str = "", conclusive: bool = False) -> PortalListing:
    return PortalListing(status, MATRIX if status != "not_found" else "", reason, tuple(entries),  # type: ignore[arg-type]
                         conclusive_absence=conclusive)


def test_portal_listed() -> None:
    params = PortalParams()

    def run(portal: PortalListing | None, account: Account = ACCOUNT, site: Site | None = SITE) -> CheckResult:
        return one(media_portal_listed(artifacts(source(), account=account, site=site, portal=portal), params))

    listed = run(listing(PortalEntry("红安发布", Platform.WECHAT, "微信公众号：红安发布"), PortalEntry("红安教育")))
    assert listed.status is Status.PASS and MATRIX in listed.message
    assert listed.evidence[0].text == "微信公众号：红安发布"
    assert run(listing(PortalEntry("红安 发布"))).status is Status.PASS  # the page names no platform
    missing = run(listing(PortalEntry("红安教育"), PortalEntry("红安融媒")))
    assert missing.status is Status.FAIL and missing.subject == MATRIX
    assert missing.message == f"所属网站的政务新媒体页面（{MATRIX}）未列出微信公众号账号“红安发布”"
    other_platform = run(listing(PortalEntry("红安发布", Platform.WEIBO)))
    assert other_platform.status is Status.FAIL and "页面列出的同名账号为微博账号" in other_platform.message
    caption = run(listing(PortalEntry("红安发布（微博）")))  # the platform written in the caption counts too
    assert caption.status is Status.FAIL and "微博" in caption.message
    assert run(None, site=None).status is Status.NOT_APPLICABLE
    assert run(None).status is Status.NOT_APPLICABLE
    absent = run(listing(status="not_found", reason="首页及其下两层未找到政务新媒体栏目", conclusive=True))
    assert absent.status is Status.NOT_APPLICABLE and absent.message.startswith("未找到所属网站的政务新媒体页面")
    unknown = run(listing(status="not_found", reason="首页未抓取"))
    assert unknown.status is Status.INCONCLUSIVE and "首页未抓取" in unknown.message
    unread = run(listing(status="unread", reason="页面无法访问（HTTP 503）"))
    assert unread.status is Status.INCONCLUSIVE and "未能读取：页面无法访问（HTTP 503）" in unread.message
    blank = run(listing())
    assert blank.status is Status.INCONCLUSIVE and "未识别出账号名称" in blank.message


def site_artifacts(portal: PortalListing | None, accounts: Sequence[Account] | None) -> SiteArtifacts:
    probes = () if portal is None else (
        ProbeRecord(3, "media-matrix", MATRIX, portal.status == "read", 200, data=portal.to_data()),)
    return SiteArtifacts(3, SITE, AS_OF, (), (), probes, accounts=None if accounts is None else tuple(accounts))


def test_portal_unregistered() -> None:
    params = PortalParams()
    registry = [ACCOUNT, Account("红安发布", Platform.WEIBO)]
    page = listing(PortalEntry("红安发布", Platform.WECHAT), PortalEntry("红安发布（微博）"),
                   PortalEntry("红安教育", Platform.DOUYIN, "抖音 红安教育"), PortalEntry("红安融媒"),
                   PortalEntry("红安融媒"), PortalEntry("红安发布", Platform.TOUTIAO))
    results = media_portal_unregistered(site_artifacts(page, registry), params)
    assert [r.status for r in results] == [Status.FAIL] * 3
    assert all(r.subject == MATRIX for r in results)
    assert "抖音账号“红安教育”未在账号登记表中登记" in results[0].message
    assert results[0].evidence[0].text == "抖音 红安教育"
    assert "平台未注明账号“红安融媒”" in results[1].message
    assert "今日头条账号“红安发布”" in results[2].message
    ok = one(media_portal_unregistered(site_artifacts(listing(PortalEntry("红安发布")), registry), params))
    assert ok.status is Status.PASS and "1个账号均已在账号登记表中登记" in ok.message
    no_registry = one(media_portal_unregistered(site_artifacts(page, None), params))
    assert no_registry.status is Status.NOT_APPLICABLE and "未提供账号登记表" in no_registry.message
    assert one(media_portal_unregistered(site_artifacts(None, registry), params)).status is Status.NOT_APPLICABLE
    absent = listing(status="not_found", reason="未找到政务新媒体栏目", conclusive=True)
    assert one(media_portal_unregistered(site_artifacts(absent, registry), params)).status is Status.NOT_APPLICABLE
    unknown = listing(status="not_found", reason="首页未抓取")
    assert one(media_portal_unregistered(site_artifacts(unknown, registry), params)).status is Status.INCONCLUSIVE
    unread = listing(status="unread", reason="防火墙拦截（无法判定）")
    assert one(media_portal_unregistered(site_artifacts(unread, registry), params)).status is Status.INCONCLUSIVE


# --- links in posts ---------------------------------------------------------------------------------------------

OWN = "http://www.hazf.gov.cn.test"


def link(target: str, outcome: str, n: int = 1, status: int | None = None, error: str = "") -> ProbeRecord:
    return ProbeRecord(3, "media-link", target, outcome == "ok", status, error=error, outcome=outcome,
                       data={"post": f"http://mp.weixin.qq.com.test/s/{n}", "post_title": f"红安县第{n}条消息",
                             "published": "2026-11-20T10:00:00+08:00"})


def test_post_links() -> None:
    params = PostLinksParams()
    probes = [
        link(f"{OWN}/zwgk/ok.html", "ok", 1, 200),
        link(f"{OWN}/zwgk/gone.html", "broken", 1, 404, "http 404"),
        link(f"{OWN}/zwgk/gone.html", "broken", 2, 404, "http 404"),
        link(f"{OWN}/zwgk/soft.html", "soft_404", 2, 200, "http 200 page says not found"),
        link(f"{OWN}/loop.html", "redirect_loop", 3, 302, "redirect loop: a -> b"),
        link(f"{OWN}/waf.html", "waf", 3, 412, "http 412 challenge"),
        link(f"{OWN}/file.pdf", "rate_limited", 4, 429, "http 429 after 2 retries"),
    ]
    results = media_post_links(artifacts(source(ACTIVE), links=probes), params)
    fails = [r for r in results if r.status is Status.FAIL]
    assert [r.subject for r in fails] == [f"{OWN}/zwgk/gone.html", f"{OWN}/zwgk/soft.html", f"{OWN}/loop.html"]
    assert all(r.count == 1 for r in fails)
    gone = fails[0]
    assert gone.message == (f"文章“红安县第1条消息”中指向本单位网站的链接（{OWN}/zwgk/gone.html）：页面不存在（HTTP 404），"
                            "出现在2篇文章中")
    assert [e.referrer for e in gone.evidence] == ["http://mp.weixin.qq.com.test/s/1", "http://mp.weixin.qq.com.test/s/2"]
    assert gone.evidence[0].text == "红安县第1条消息" and gone.evidence[0].http_status == 404
    assert "软404" in fails[1].message and "重定向循环" in fails[2].message
    unknown = [r for r in results if r.status is Status.INCONCLUSIVE]
    assert [r.subject for r in unknown] == [f"{OWN}/waf.html", f"{OWN}/file.pdf"]
    assert "防火墙拦截（无法判定）" in unknown[0].message and "限流（无法判定）" in unknown[1].message
    assert not [r for r in results if r.status is Status.PASS]


def test_post_links_pass_na_and_inconclusive() -> None:
    params = PostLinksParams()
    ok = media_post_links(artifacts(source(ACTIVE), links=[link(f"{OWN}/a.html", "ok"), link(f"{OWN}/b.html", "ok")]),
                          params)
    assert [r.status for r in ok] == [Status.PASS] and "2个指向本单位网站的链接均可访问" in ok[0].message
    waf_only = media_post_links(artifacts(source(ACTIVE), links=[link(f"{OWN}/w.html", "waf", error="waf")]), params)
    assert [r.status for r in waf_only] == [Status.INCONCLUSIVE]
    none = one(media_post_links(artifacts(source(ACTIVE)), params))
    assert none.status is Status.NOT_APPLICABLE and none.message == "文章中没有指向本单位网站的链接"
    captcha = one(media_post_links(artifacts(source([], Health.CAPTCHA, "http 200 captcha page")), params))
    assert captcha.status is Status.INCONCLUSIVE and "验证码或防火墙拦截" in captcha.message
    assert one(media_post_links(artifacts(None), params)).status is Status.INCONCLUSIVE
    assert one(media_post_links(artifacts(source(), site=None), params)).status is Status.NOT_APPLICABLE
    # the inspector's own network was down: a broken link is not a finding
    down = media_post_links(artifacts(source(ACTIVE), links=[link(f"{OWN}/x.html", "broken", error="timeout")],
                                      run_probes=[NETWORK_DOWN]), params)
    assert [r.status for r in down] == [Status.INCONCLUSIVE] and "检查端网络自检失败" in down[0].message
    # a link to another host is not the unit's own site
    other = media_post_links(artifacts(source(ACTIVE), links=[link("http://www.other.test/x", "broken")]), params)
    assert [r.status for r in other] == [Status.NOT_APPLICABLE]
    # a link fetched twice: one success proves it works
    twice = media_post_links(artifacts(source(ACTIVE), links=[link(f"{OWN}/t.html", "broken", 1, error="timeout"),
                                                              link(f"{OWN}/t.html", "ok", 2)]), params)
    assert [r.status for r in twice] == [Status.PASS]
