"""Adversarial review of the 政务新媒体 activity checks: inputs that used to give a false 不通过 (above all a false
单项否决 media-update) or a 通过 the evidence does not support, built through the real adapters (judge_answer on the
bytes a bridge or platform answers, read_account against a loopback server) and judged by activity() and the
checks. Every test here failed before its fix."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from inspector.checks.media import (
    LongestGapParams,
    QuarterPostsParams,
    UpdateParams,
    ZombieParams,
    media_longest_gap,
    media_quarter_posts,
    media_update,
    media_zombie,
    pinned_prefix,
)
from inspector.media import CST, Account, Health, Platform, Post, SourceResult, read_account
from inspector.media.activity import Activity, activity, pinned_posts
from inspector.media.adapters import judge_answer
from inspector.media.artifacts import AccountArtifacts
from inspector.media.posts import is_pinned_title, parse_time, parse_weibo_time
from inspector.model import CheckResult, ProbeRecord, Status
from inspector.probes.dns import parse_dns_spec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "media"
LOOPBACK = parse_dns_spec(None, allowed_networks=("127.0.0.0/8", "::1/128"))
Q_START, Q_END = date(2026, 10, 1), date(2026, 12, 31)
AS_OF = date(2026, 11, 26)
FEED = "http://bridge.test/wechat/mp/hafb"
WEIBO = "https://m.weibo.cn/api/container/getIndex?containerid=1076031000000001"
ACCOUNT = Account("红安发布", Platform.WECHAT, owner="红安县人民政府办公室", source=f"rss:{FEED}")
UPDATE, POSTS, GAP, ZOMBIE = UpdateParams(), QuarterPostsParams(), LongestGapParams(), ZombieParams()


def noon(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=CST)


def answer(kind: str, body: bytes | str, *, url: str = FEED, now: datetime | None = None, status: int = 200,
           content_type: str = "") -> SourceResult:
    """What read_account makes of one answer: judge_answer on the real bytes, as a SourceResult."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    ctype = content_type or {"rss": "application/rss+xml; charset=utf-8", "atom": "application/atom+xml",
                             "jsonfeed": "application/feed+json", "weibo": "application/json"}[kind]
    when = now or noon(AS_OF, 8)
    parsed = judge_answer(kind, status, {"Content-Type": ctype}, data, url=url, now=when)
    posts = parsed.posts if parsed.health is Health.OK else ()
    return SourceResult(source=f"{kind}:{url}", health=parsed.health, detail=parsed.detail, fetched_at=when,
                        posts=posts, status=status, url=url, attempts=1)


def artifacts(src: SourceResult, *, as_of: date = AS_OF, quarter: tuple[date, date] = (Q_START, Q_END)
              ) -> AccountArtifacts:
    return AccountArtifacts(account_id=7, account=ACCOUNT, as_of=as_of, quarter_start=quarter[0],
                            quarter_end=quarter[1], source=src, registry=(ACCOUNT,))


def one(results: list[CheckResult]) -> CheckResult:
    assert len(results) == 1, results
    return results[0]


def judged(src: SourceResult, **kwargs: object) -> dict[str, CheckResult]:
    art = artifacts(src, **kwargs)  # type: ignore[arg-type]
    return {"update": one(media_update(art, UPDATE)), "posts": one(media_quarter_posts(art, POSTS)),
            "gap": one(media_longest_gap(art, GAP)), "zombie": one(media_zombie(art, ZOMBIE))}


def figures(src: SourceResult, as_of: date = AS_OF) -> Activity:
    """The figures the bulletin shows (inspector.pipeline.account_infos calls activity() the same way)."""
    return activity(src, as_of=as_of, quarter_start=Q_START, quarter_end=Q_END)


def statuses(results: dict[str, CheckResult]) -> dict[str, Status]:
    return {k: r.status for k, r in results.items()}


def rss(items: Sequence[tuple[str, str | None]], *, build: str = "Thu, 26 Nov 2026 02:40:11 GMT",
        extra: str = "") -> str:
    """An RSSHub-style RSS 2.0 feed; items are (title, pubDate or None)."""
    body = "".join(
        f"<item><title><![CDATA[{t}]]></title><link>https://mp.weixin.qq.com.test/s/{i}</link>"
        + (f"<pubDate>{d}</pubDate>" if d is not None else "") + "</item>"
        for i, (t, d) in enumerate(items)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>红安发布</title>'
            f"<link>https://mp.weixin.qq.com.test/</link><generator>RSSHub</generator>"
            f"<lastBuildDate>{build}</lastBuildDate>{extra}{body}</channel></rss>")


def rfc822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(timezone.utc), usegmt=True)


def every(days: int, *, last: date, first: date) -> list[date]:
    out, day = [], last
    while day >= first:
        out.append(day)
        day -= timedelta(days=days)
    return out


def weibo_json(blogs: Sequence[dict[str, object]]) -> str:
    cards = [{"card_type": 9, "mblog": {"id": str(5_000_000_000_000_000 + i), **b}} for i, b in enumerate(blogs)]
    return json.dumps({"ok": 1, "data": {"cardlistInfo": {"containerid": "1076031000000001"}, "cards": cards}},
                      ensure_ascii=False)


def weibo_time(moment: datetime) -> str:
    return moment.strftime("%a %b %d %H:%M:%S +0800 %Y")


# --- pinned posts: handled by activity() itself -------------------------------------------------------------------


def test_activity_itself_sets_an_old_pinned_post_aside_so_the_bulletin_agrees_with_the_checks() -> None:
    # a truncated feed (the newest 12 items) with an old pinned post first: the bulletin's figures come from activity()
    recent = every(2, last=AS_OF - timedelta(days=1), first=date(2026, 11, 3))
    src = answer("rss", rss([("置顶：红安县政务服务指南", rfc822(noon(date(2026, 5, 10))))]
                            + [(f"红安县第{i}条消息", rfc822(noon(d))) for i, d in enumerate(recent)]))
    a = figures(src)
    assert a.pinned == 1
    assert a.gap_lower_bound and a.posts_lower_bound  # the feed reaches only 11-03, not the May post
    assert a.oldest == noon(date(2026, 11, 3))
    assert a.longest_gap_days == 2 and a.posts_in_quarter == 12
    results = judged(src)
    assert results["gap"].status is Status.INCONCLUSIVE and "2026-11-03以来" in results["gap"].message
    assert a.to_dict()["pinned"] == 1 and a.to_dict()["latest_uncertain"] is False


def test_a_pinned_post_inside_the_quarter_is_not_a_known_gap() -> None:
    # pinned post of 10-05, then the newest 12 items from 11-03 on: the 29 days 10-05 → 11-03 are not known silence
    recent = every(2, last=AS_OF - timedelta(days=1), first=date(2026, 11, 3))
    src = answer("rss", rss([("国庆假期办事指南", rfc822(noon(date(2026, 10, 5))))]
                            + [(f"红安县第{i}条消息", rfc822(noon(d))) for i, d in enumerate(recent)]))
    assert pinned_prefix(src.posts) == 1
    results = judged(src)
    assert results["gap"].status is Status.INCONCLUSIVE, results["gap"].message  # was 不通过 (29-day "gap")
    assert "2026-10-01至2026-11-03的33天内是否发文无法得知" in results["gap"].message
    assert statuses(results) == {"update": Status.PASS, "posts": Status.PASS, "gap": Status.INCONCLUSIVE,
                                 "zombie": Status.PASS}
    a = figures(src)
    assert a.longest_gap_days == 2 and a.gap_lower_bound and a.posts_in_quarter == 13


def test_pinned_post_listed_last_by_the_bridge_does_not_extend_the_feed_reach() -> None:
    # the RSSHub fixture lists its 【置顶】 February post last: the feed really reaches only 11-24
    src = answer("rss", (FIXTURES / "rsshub-wechat.xml").read_bytes())
    assert src.health is Health.OK and is_pinned_title(src.posts[-1].title)
    a = figures(src)
    assert a.pinned == 1 and a.oldest is not None and a.oldest.date() == date(2026, 11, 24)
    assert a.posts_lower_bound and a.gap_lower_bound
    results = judged(src)
    # were 不通过: "2 posts, fewer than 3" and "54 days 10-01 → 11-24" as if the feed covered the whole quarter
    assert results["posts"].status is Status.INCONCLUSIVE, results["posts"].message
    assert results["gap"].status is Status.INCONCLUSIVE, results["gap"].message
    assert results["update"].status is Status.PASS and results["zombie"].status is Status.PASS
    assert "置顶" in results["gap"].evidence[-1].detail


def test_weibo_is_top_post_is_marked_and_set_aside() -> None:
    # Weibo's own flag (isTop / "title": {"text": "置顶"}): with one timeline post the order heuristic cannot tell
    body = weibo_json([
        {"created_at": weibo_time(noon(date(2026, 3, 6), 9)), "text": "红安县政务服务热线12345全天候为您服务",
         "isTop": 1, "title": {"text": "置顶", "base_color": 1}},
        {"created_at": weibo_time(noon(date(2026, 11, 20))), "text": "红安县召开安全生产工作会议"},
    ])
    src = answer("weibo", body, url=WEIBO)
    assert [is_pinned_title(p.title) for p in src.posts] == [True, False]
    assert src.posts[0].title == "【置顶】红安县政务服务热线12345全天候为您服务"
    assert pinned_posts(src.posts) == {0}
    results = judged(src)
    # were 不通过: the March post made the feed look complete (1 post in the quarter, a 50-day gap from 10-01)
    assert results["posts"].status is Status.INCONCLUSIVE and results["gap"].status is Status.INCONCLUSIVE
    assert results["update"].status is Status.PASS


def test_a_feed_with_only_its_pinned_post_is_never_not_updated() -> None:
    # the bridge got only the pinned card (the timeline failed): the 200-day-old pinned post is not the latest post
    body = weibo_json([{"created_at": weibo_time(noon(AS_OF - timedelta(days=200))), "text": "红安县政务微博服务指南",
                        "isTop": 1}])
    src = answer("weibo", body, url=WEIBO)
    a = figures(src)
    assert a.latest_uncertain and a.days_since_latest == 200 and a.longest_gap_days is None
    results = judged(src)
    assert results["update"].status is Status.INCONCLUSIVE, results["update"].message  # was a false 单项否决
    assert "只返回了置顶文章" in results["update"].message
    assert results["zombie"].status is Status.INCONCLUSIVE  # was 僵尸号
    assert results["gap"].status is Status.INCONCLUSIVE and results["posts"].status is Status.INCONCLUSIVE
    # a pinned post within 14 days is a real post: that still passes
    fresh = weibo_json([{"created_at": weibo_time(noon(AS_OF - timedelta(days=3))), "text": "红安发布", "isTop": 1}])
    assert one(media_update(artifacts(answer("weibo", fresh, url=WEIBO)), UPDATE)).status is Status.PASS


def test_a_pinned_post_also_listed_in_the_timeline_counts_once_and_is_not_pinned() -> None:
    recent = noon(date(2026, 11, 20))
    body = weibo_json([
        {"id": "1", "created_at": weibo_time(recent), "text": "红安县冬季供暖通知", "isTop": 1},
        {"id": "1", "created_at": weibo_time(recent), "text": "红安县冬季供暖通知"},
        {"id": "2", "created_at": weibo_time(noon(date(2026, 11, 10))), "text": "红安县第二条"},
    ])
    a = figures(answer("weibo", body, url=WEIBO))
    assert a.dated == 2 and a.posts_in_quarter == 2 and a.pinned == 0


# --- bridge error items, placeholder and build-stamp times: never a post --------------------------------------------


RSS_BRIDGE_ERROR = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">WeChat Bridge</title>
  <id>http://bridge.test/?action=display&amp;bridge=WeChat&amp;format=Atom</id>
  <updated>2026-11-26T00:05:11+00:00</updated>
  <entry>
    <title type="html">Bridge returned error 0! (20418)</title>
    <updated>2026-11-26T00:05:11+00:00</updated>
    <id>http://bridge.test/?action=display&amp;bridge=WeChat&amp;format=Atom&amp;_error_time=20418</id>
    <link rel="alternate" type="text/html" href="http://bridge.test/?action=display&amp;bridge=WeChat"/>
    <content type="html">&lt;p&gt;Exception: Unable to find the account timeline&lt;/p&gt;</content>
  </entry>
</feed>"""


def test_rss_bridge_error_item_is_a_source_error_not_a_post_of_today() -> None:
    src = answer("atom", RSS_BRIDGE_ERROR)
    assert src.health is Health.HTTP_ERROR and not src.posts  # was OK with one post "updated today"
    assert "Bridge returned error" in src.detail
    results = judged(src)
    assert set(statuses(results).values()) == {Status.INCONCLUSIVE}
    assert "数据源返回错误" in results["update"].message


def test_rsshub_error_rendered_as_a_feed_item_names_the_expired_cookie() -> None:
    body = rss([("Looks like something went wrong", "Thu, 26 Nov 2026 00:00:00 GMT")],
               extra="").replace("</title><link>https://mp.weixin.qq.com.test/s/0</link>",
                                 "</title><description>Error message: weibo Cookie 已过期，请更新"
                                 "</description><link>https://mp.weixin.qq.com.test/s/0</link>")
    src = answer("rss", body)
    assert src.health is Health.AUTH_EXPIRED and not src.posts
    assert one(media_update(artifacts(src), UPDATE)).status is Status.INCONCLUSIVE


@pytest.mark.parametrize("placeholder", ["Thu, 01 Jan 1970 00:00:00 GMT", "Mon, 01 Jan 0001 00:00:00 +0000"])
def test_placeholder_times_are_no_date_not_a_post_of_1970(placeholder: str) -> None:
    src = answer("rss", rss([("红安县第0条消息", placeholder), ("红安县第1条消息", placeholder)]))
    assert src.health is Health.OK and all(p.published is None for p in src.posts)
    update = one(media_update(artifacts(src), UPDATE))
    assert update.status is Status.INCONCLUSIVE, update.message  # was a false 单项否决 ("56 years without a post")
    assert one(media_zombie(artifacts(src), ZOMBIE)).status is Status.INCONCLUSIVE


def test_go_zero_time_in_a_json_feed_is_no_date() -> None:
    body = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "红安发布", "items": [
        {"id": "1", "url": "https://www.douyin.com.test/video/1", "title": "红安县秋收", "date_published":
         "0001-01-01T00:00:00Z"}]}, ensure_ascii=False)
    src = answer("jsonfeed", body)
    assert src.posts[0].published is None
    assert one(media_update(artifacts(src), UPDATE)).status is Status.INCONCLUSIVE


def test_items_stamped_with_the_feed_build_time_are_undated() -> None:
    # a generator that writes its own build time into every item: lastBuildDate must never pass for a post's date
    stamp = "Thu, 26 Nov 2026 00:40:11 GMT"
    src = answer("rss", rss([("红安县第0条消息", stamp), ("红安县第1条消息", stamp), ("红安县第2条消息", stamp)],
                            build=stamp))
    assert all(p.published is None for p in src.posts)
    assert one(media_update(artifacts(src), UPDATE)).status is Status.INCONCLUSIVE  # was 通过 ("updated today")
    # the same instant on only one item is an ordinary feed (its newest item set the build time)
    single = answer("rss", rss([("红安县第0条消息", stamp), ("红安县第1条消息", "Tue, 24 Nov 2026 09:05:00 GMT")],
                               build=stamp))
    assert all(p.published is not None for p in single.posts)


# --- time zones ---------------------------------------------------------------------------------------------------


def test_rfc822_minus_zero_zone_is_utc_not_beijing_time() -> None:
    # Python's email.utils.formatdate() writes "-0000": 20:00 UTC on 11-11 is 04:00 on 11-12 in Beijing, 14 days
    # before 11-26 — within the 2 weeks. Read as Beijing time it was 11-11, 15 days: a false 单项否决.
    src = answer("rss", rss([("红安县第0条消息", "Wed, 11 Nov 2026 20:00:00 -0000"),
                             ("红安县第1条消息", "Mon, 28 Sep 2026 20:00:00 -0000")]))
    assert src.posts[0].published == datetime(2026, 11, 12, 4, 0, tzinfo=CST)
    result = one(media_update(artifacts(src), UPDATE))
    assert result.status is Status.PASS, result.message
    assert "距基准日期14天" in result.message


def test_cst_zone_is_china_standard_time() -> None:
    # "CST" from a Chinese CMS or Java's Date.toString() is UTC+8; the email module read it as US Central (−6h), which
    # moved 10-01 09:00 to 23:00 and 10-15 11:00 to 10-16 01:00: a 15-day "gap" where there are 14
    feed = rss([("红安县第0条消息", "Thu, 15 Oct 2026 11:00:00 CST"), ("红安县第1条消息", "Thu, 01 Oct 2026 09:00:00 CST"),
                ("红安县第2条消息", "Sun, 20 Sep 2026 09:00:00 CST")])
    src = answer("rss", feed)
    assert src.posts[0].published == datetime(2026, 10, 15, 11, 0, tzinfo=CST)
    gap = one(media_longest_gap(artifacts(src, as_of=date(2026, 10, 20)), GAP))
    assert gap.status is Status.PASS, gap.message  # was 不通过
    assert "最长间隔14天" in gap.message
    java = json.dumps({"version": "https://jsonfeed.org/version/1", "title": "x", "items": [
        {"id": "1", "url": "https://x.test/1", "title": "a", "date_published": "Thu Nov 26 10:30:00 CST 2026"}]})
    assert answer("jsonfeed", java).posts[0].published == datetime(2026, 11, 26, 10, 30, tzinfo=CST)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-25 23:00:00 UTC", datetime(2026, 11, 26, 7, 0, tzinfo=CST)),
        ("2026-11-25 10:00:00 GMT+0800", datetime(2026, 11, 25, 10, 0, tzinfo=CST)),
        ("2026-11-25 10:00 UTC+8", datetime(2026, 11, 25, 10, 0, tzinfo=CST)),
        ("Wed, 25 Nov 2026 23:00:00 -0000", datetime(2026, 11, 26, 7, 0, tzinfo=CST)),
        ("Wed, 25 Nov 2026 10:00:00 CST", datetime(2026, 11, 25, 10, 0, tzinfo=CST)),
        ("1970-01-01T00:00:00Z", None),
        ("0", None),
    ],
)
def test_parse_time_zones_and_placeholders(text: str, expected: datetime | None) -> None:
    assert parse_time(text) == expected


def test_weibo_month_day_a_little_ahead_of_our_clock_is_today_not_last_year() -> None:
    # the platform's clock runs a few minutes ahead: "11-26 08:00" read at 07:55 is today, not 2025-11-26
    now = datetime(2026, 11, 26, 7, 55, tzinfo=CST)
    assert parse_weibo_time("11-26 08:00", now) == datetime(2026, 11, 26, 8, 0, tzinfo=CST)
    assert parse_weibo_time("12-01", now) == datetime(2025, 12, 1, tzinfo=CST)  # days ahead: last year
    body = weibo_json([{"created_at": "11-26 08:00", "text": "红安县今日要闻"},
                       {"created_at": "10-20", "text": "红安县旧闻"}])
    result = one(media_update(artifacts(answer("weibo", body, url=WEIBO, now=now)), UPDATE))
    assert result.status is Status.PASS, result.message  # was a false 单项否决 (latest 10-20)


@pytest.mark.parametrize(("text", "expected"), [
    ("3天前", datetime(2026, 11, 23, 7, 55, tzinfo=CST)),
    ("11月20日 12:00", datetime(2026, 11, 20, 12, 0, tzinfo=CST)),
    ("11月20日", datetime(2026, 11, 20, tzinfo=CST)),
])
def test_weibo_relative_day_forms(text: str, expected: datetime) -> None:
    assert parse_weibo_time(text, datetime(2026, 11, 26, 7, 55, tzinfo=CST)) == expected


def test_utc_feed_at_23_is_the_next_day_in_beijing_across_the_14_day_line() -> None:
    # guards: 2026-11-11 16:00 UTC is 11-12 00:00 in Beijing (14 days: pass); a second earlier is 11-11 (15: fail)
    on_line = answer("atom", _atom([("a", "2026-11-11T16:00:00Z"), ("b", "2026-09-20T16:00:00Z")]))
    assert one(media_update(artifacts(on_line), UPDATE)).status is Status.PASS
    over = answer("atom", _atom([("a", "2026-11-11T15:59:59Z"), ("b", "2026-09-20T16:00:00Z")]))
    assert one(media_update(artifacts(over), UPDATE)).status is Status.FAIL


def _atom(entries: Sequence[tuple[str, str]]) -> str:
    body = "".join(f"<entry><title>{t}</title><id>urn:x:{i}</id><link href='https://x.test/{i}'/>"
                   f"<published>{d}</published><updated>{d}</updated></entry>" for i, (t, d) in enumerate(entries))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>'
            f"<id>urn:x</id><updated>2026-11-26T00:00:00Z</updated>{body}</feed>")


# --- figures the bulletin shows ----------------------------------------------------------------------------------


def test_only_future_posts_give_no_gap_figure_and_a_lower_bound_count() -> None:
    # a bridge clock a week ahead: the posts' real dates are unknown, the window is not "silent for 57 days"
    src = answer("rss", rss([("红安县第0条消息", rfc822(noon(AS_OF + timedelta(days=7)))),
                             ("红安县第1条消息", rfc822(noon(AS_OF + timedelta(days=6))))]))
    a = figures(src)
    assert a.future == 2 and a.longest_gap_days is None and a.trailing_gap_days is None
    assert a.posts_lower_bound
    assert set(statuses(judged(src)).values()) == {Status.INCONCLUSIVE}


# --- through the real reader ---------------------------------------------------------------------------------------


class _Bridge(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        routes = {"/rss-bridge/wechat": ("application/atom+xml; charset=UTF-8", RSS_BRIDGE_ERROR.encode()),
                  "/rsshub/wechat/mp/hafb": ("application/rss+xml; charset=utf-8",
                                             (FIXTURES / "rsshub-wechat.xml").read_bytes())}
        ctype, data = routes.get(self.path, ("text/plain", b"no route"))
        self.send_response(200 if self.path in routes else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def bridge() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Bridge)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_read_account_rss_bridge_error_feed_and_pinned_last_feed(bridge: str) -> None:
    def read(path: str, kind: str) -> SourceResult:
        account = Account("红安发布", Platform.WECHAT, owner="红安县人民政府办公室", source=f"{kind}:{bridge}{path}")
        return asyncio.run(read_account(account, LOOPBACK, timeout=5.0, retries=0))

    broken = read("/rss-bridge/wechat", "atom")
    assert broken.health is Health.HTTP_ERROR and broken.status == 200 and not broken.posts
    assert one(media_update(artifacts(broken), UPDATE)).status is Status.INCONCLUSIVE
    pinned_last = read("/rsshub/wechat/mp/hafb", "rss")
    assert pinned_last.health is Health.OK
    results = judged(pinned_last)
    assert results["posts"].status is Status.INCONCLUSIVE and results["gap"].status is Status.INCONCLUSIVE
    assert results["update"].status is Status.PASS


def test_pinned_title_marks() -> None:
    assert all(is_pinned_title(t) for t in ("【置顶】红安发布", "[置顶] 红安发布", "（置顶）红安发布", "置顶｜红安发布",
                                            " 【置顶】红安发布"))
    assert not any(is_pinned_title(t) for t in ("红安发布【置顶】", "关于置顶文章的说明", "置顶帖管理办法", ""))
    # a post whose title is only pinned-marked is one post with its timeline copy
    posts = [Post("【置顶】通知", "https://x.test/1", noon(date(2026, 11, 20))),
             Post("通知", "https://x.test/1", noon(date(2026, 11, 20)))]
    a = figures(SourceResult("rss:x", Health.OK, "rss20 feed", noon(AS_OF), tuple(posts)))
    assert a.dated == 1 and a.pinned == 0


def test_account_not_read_while_the_inspector_is_offline_names_the_self_check() -> None:
    # the gatherer reads no source when the run's own network check failed: say so, not only "未读取"
    down = ProbeRecord(None, "self-check", "http://www.baidu.com.test/", False,
                       error="http://www.baidu.com.test/: connect error: All connection attempts failed")
    art = AccountArtifacts(account_id=7, account=ACCOUNT, as_of=AS_OF, quarter_start=Q_START, quarter_end=Q_END,
                           source=None, registry=(ACCOUNT,), run_probes=(down,))
    for check, params in ((media_update, UPDATE), (media_quarter_posts, POSTS), (media_longest_gap, GAP),
                          (media_zombie, ZOMBIE)):
        result = one(check(art, params))  # type: ignore[operator]
        assert result.status is Status.INCONCLUSIVE
        assert result.message.startswith("检查端网络自检失败（") and "本批次未读取该账号数据源" in result.message


@pytest.mark.parametrize("sentinel", ["0001-01-01T00:00:00+09:00", "9999-12-31T23:00:00-05:00"])
def test_a_time_at_the_edge_of_the_calendar_is_no_date_not_a_crash(sentinel: str) -> None:
    # it raised OverflowError out of the adapter (and out of read_account)
    body = _atom([("a", sentinel), ("b", "2026-11-20T02:00:00Z")])
    src = answer("atom", body)
    assert src.health is Health.OK and src.posts[0].published is None
    assert parse_time(sentinel) is None


def test_reference_date_set_after_the_source_was_read_is_no_proof_of_silence() -> None:
    # `inspector run --as-of 2026-12-31` on 12-20 (a quarter-end bulletin prepared early): a post of 12-10 is 21 days
    # before the reference date, but 12-21..12-31 were never seen — the account may have posted then
    read_at = datetime(2026, 12, 20, 9, 0, tzinfo=CST)
    body = rss([("红安县第0条消息", rfc822(noon(date(2026, 12, 10)))), ("红安县第1条消息", rfc822(noon(date(2026, 9, 1))))])
    early = answer("rss", body, now=read_at)
    a = figures(early, as_of=Q_END)
    assert a.read_on == date(2026, 12, 20) and a.unseen_days == 11 and a.days_since_latest == 21
    result = one(media_update(artifacts(early, as_of=Q_END), UPDATE))
    assert result.status is Status.INCONCLUSIVE, result.message  # was a false 单项否决
    assert "数据源读取于2026-12-20，早于基准日期2026-12-31，此后11天内是否发文无从得知" in result.message
    # read on the reference date itself: the same silence is a real failure
    on_time = answer("rss", body, now=datetime(2026, 12, 31, 9, 0, tzinfo=CST))
    assert one(media_update(artifacts(on_time, as_of=Q_END), UPDATE)).status is Status.FAIL
    # and a post within the 14 days seen before the reference date still passes
    fresh = answer("rss", rss([("红安县第0条消息", rfc822(noon(date(2026, 12, 19))))]), now=read_at)
    assert one(media_update(artifacts(fresh, as_of=Q_END), UPDATE)).status is Status.PASS
    stale = answer("rss", rss([("红安县第0条消息", rfc822(noon(date(2026, 8, 1))))]), now=read_at)
    assert one(media_zombie(artifacts(stale, as_of=Q_END), ZOMBIE)).status is Status.INCONCLUSIVE


# --- guards: answers that already gave no false verdict, kept so ------------------------------------------------


def test_guard_answers_without_posts_are_never_not_updated(tmp_path: Path) -> None:
    # item without pubDate in a feed that has a lastBuildDate of today: no date, not "updated today"
    undated = answer("rss", rss([("红安县第0条消息", None), ("红安县第1条消息", None)]))
    assert all(p.published is None for p in undated.posts)
    assert one(media_update(artifacts(undated), UPDATE)).status is Status.INCONCLUSIVE
    # dc:date on the item is its time
    dc = answer("rss", rss([("a", None)]).replace('<rss version="2.0">',
                '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">').replace(
                "<link>https://mp.weixin.qq.com.test/s/0</link>",
                "<link>https://mp.weixin.qq.com.test/s/0</link><dc:date>2026-11-25T23:00:00Z</dc:date>"))
    assert dc.posts[0].published == datetime(2026, 11, 26, 7, 0, tzinfo=CST)
    # a WAF page served as text/xml, a Weibo ok:0, a Weibo answer of notice cards only
    waf = answer("rss", '<?xml version="1.0"?><html><head><title>安全验证</title></head><body>请完成验证</body></html>',
                 content_type="text/xml")
    ok0 = answer("weibo", '{"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}}', url=WEIBO)
    notices = answer("weibo", json.dumps({"ok": 1, "data": {"cards": [{"card_type": 58, "desc": "还没有发过微博"},
                                                                      {"card_type": 11, "card_group": []}]}}),
                     url=WEIBO)
    assert (waf.health, ok0.health, notices.health) == (Health.CAPTCHA, Health.PARSE_ERROR, Health.EMPTY)
    for src in (waf, ok0, notices):
        assert set(statuses(judged(src)).values()) == {Status.INCONCLUSIVE}
    # a manual list in the forms people type
    csv = tmp_path / "posts.csv"
    csv.write_text("标题,链接,发布时间\n冬季供暖通知,,2026/11/20\n秋收,,2026年11月5日\n国庆,,20261001\n旧闻,,2026.09.20\n",
                   encoding="utf-8")
    manual = asyncio.run(read_account(Account("红安发布", Platform.OTHER, owner="红安县人民政府办公室",
                                              source=f"manual:{csv}"), LOOPBACK))
    assert [p.published.date() for p in manual.posts if p.published] == [
        date(2026, 11, 20), date(2026, 11, 5), date(2026, 10, 1), date(2026, 9, 20)]
    assert one(media_update(artifacts(manual), UPDATE)).status is Status.PASS
