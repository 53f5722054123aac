"""The demo's 政务新媒体: the table of its accounts (the ground truth), their feeds on an RSSHub-like bridge
(`bridge.test`) and the Weibo mobile API (`m.weibo.cn.test`), and what each portal's matrix page lists.

`DEMO_ACCOUNTS` is the one table everything else follows: the registry the demo inspects (`registry_accounts`,
`Farm.accounts`), the routes the feed hosts serve, the 政务新媒体 matrix pages of the portals (`matrix`), and the
manifest's "media" section (`expectations`, `site_entries`). Every post date is relative to the farm's `today`
(the reference day), so an inspection with `--as-of today` sees the same figures whatever the day:

- 黄冈发布 (微信公众号) ``/wechat/mp/hgfb``: an active RSS 2.0 feed, a post every 1–3 days up to yesterday, reaching
  back beyond the quarter start; five of its newest posts link to the city portal: four pages that exist and one
  deleted page (404: media-post-links), plus a link to another WeChat article (not the unit's site: never checked);
- 黄冈发布 (微博) ``m.weibo.cn.test/api/container/getIndex?containerid=1076031000000001``: the mobile JSON
  (``data.cards[].mblog``), active, with an old pinned post first (source order is not date order);
- 掌上黄冈 (客户端): no source (无法判定 on every activity rule), and missing from 黄冈's matrix page;
- 红安发布 (今日头条) ``/toutiao/user/token/hazf``: an Atom feed whose newest entry is 21 days old;
- 麻城市民政 (抖音) ``/douyin/user/mcmz``: a captcha page with HTTP 200 instead of the feed;
- 蕲春发布 (微信公众号) ``/wechat/mp/qcfb``: a 僵尸号, an RSS feed whose newest item is 125 days old;
- 浠水发布 (微信公众号) ``/wechat/mp/xsfb?format=json``: an active JSON Feed 1.1 (RSSHub's ``format=json``; without
  it the route answers RSS), and 浠水政务 (微信公众号) ``/wechat/mp/xszw``, an active RSS feed of the same unit
  (media-duplicate on both); 浠水's matrix page shows its accounts by QR-code images only (alt text);
- 黄梅发布 (微博) ``/weibo/user/1000000002``: RSSHub's error page for an expired cookie, HTTP 503;
- 便民小助手 (微信公众号) ``/wechat/mp/bmxzs``: active, but its name carries neither 武穴 nor its unit (media-name);
- 团风发布 (视频号, platform other): no source.

黄冈's matrix page also lists 黄冈市场监管（微信公众号）, an account not in the registry (media-portal-unregistered,
a site-level finding about the matrix page).
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

from inspector.farm import content
from inspector.farm.base import Ctx, HostApp, Reply, Request, html_reply
from inspector.media.accounts import Account, Platform
from inspector.media.posts import Health

logger = logging.getLogger(__name__)

BRIDGE_HOST = "bridge.test"
WEIBO_HOST = "m.weibo.cn.test"
CST = timezone(timedelta(hours=8))
WEIBO_UID = "1000000001"
WEIBO_CONTAINER = f"107603{WEIBO_UID}"  # the mobile site's "weibo" tab container of a user
WEIBO_PATH = "/api/container/getIndex"
WECHAT_ARTICLE = "https://mp.weixin.qq.com.test/s/"  # post URLs of the WeChat feeds (not a farm host)

HG = "www.huanggang.gov.cn.test"
HONGAN = "www.hazf.gov.cn.test"
MACHENG = "www.macheng.gov.cn.test"
QICHUN = "www.qichun.gov.cn.test"
XISHUI = "www.xishui.gov.cn.test"
HUANGMEI = "www.hm.gov.cn.test"
WUXUE = "www.wuxue.gov.cn.test"
TUANFENG = "www.tuanfeng.gov.cn.test"

ACTIVE_DAYS = 1  # the active feeds' newest post: yesterday
STALE_DAYS = 21  # 3 weeks
ZOMBIE_DAYS = 125  # about 4 months
ACTIVE_REACH = 100  # days: the active feeds reach back further than any quarter is long (≤ 92 days)
PINNED_DAYS = 200  # the Weibo account's pinned post

# The thresholds of the account rules (the params of rules/media-*.toml) the expectations are worked out with.
UPDATE_DAYS = 14  # media-update: a post within this many days before the reference day
QUARTER_MIN_POSTS = 6  # media-quarter-posts: per full quarter, pro-rated to the window (rounded down, at least 1)
QUARTER_MIN_WINDOW = 15  # media-quarter-posts: a shorter window (days of the quarter so far) is not judged
GAP_LIMIT = 14  # media-longest-gap: days without a post inside the window
ZOMBIE_LIMIT = 90  # media-zombie: this many days or more without a post

ACTIVITY_RULES = ("media-update", "media-quarter-posts", "media-longest-gap", "media-zombie")


@dataclass(frozen=True, slots=True)
class FeedPlan:
    """How a feed's posts are laid out: the newest the account's `days_since_latest` days before `today`, then gaps
    of `gaps[0]`..`gaps[1]` days, at least `count` posts and on until a post is more than `reach` days old."""

    key: str  # seeds the dates, hours and titles
    region: str  # the place the titles speak of
    count: int
    gaps: tuple[int, int]
    reach: int = 0
    link_base: str = WECHAT_ARTICLE  # post URLs: this + a stable hex id


@dataclass(frozen=True, slots=True)
class DemoAccount:
    """One account of the demo registry and what inspecting it must give.

    `health` is the inspector.media.posts.Health value reading its source must give ("unsupported" when it has
    none); `days_since_latest` the days from its newest post to `today` (None when the source gives no data).
    `listed`: on its site's 政务新媒体 matrix page; `name_ok`: the name carries its 主办单位 (name_matches_owner).
    `source` is the 数据源 as in examples/demo-accounts.toml (``{bridge}`` for the bridge's origin, ``{weibo}``
    for the Weibo host's, ``http://m.weibo.cn.test:PORT``).
    """

    name: str  # 账号名称
    platform: str  # inspector.media.accounts.Platform value
    owner: str  # 主办单位
    site: str  # the registry host the account belongs to
    host: str = ""  # the host of its source ("" = no source)
    path: str = ""  # path and query string of its source
    kind: str = ""  # rss | atom | jsonfeed | weibo ("" = no source)
    health: str = "unsupported"
    days_since_latest: int | None = None
    plan: FeedPlan | None = None
    listed: bool = True
    name_ok: bool = True
    label: str = ""  # the platform as the matrix page and the example registry write it ("" = Platform.label)
    account_id: str = ""  # 账号ID
    homepage: str = ""  # 主页地址 (a .test address; not served by the farm)
    detail: str = ""  # what the source serves (Chinese, for the manifest)

    @property
    def platform_label(self) -> str:
        return self.label or Platform(self.platform).label

    @property
    def source(self) -> str:
        if not self.kind:
            return ""
        origin = "{bridge}" if self.host == BRIDGE_HOST else "{weibo}"
        return f"{self.kind}:{origin}{self.path}"

    def url(self, ctx: Ctx) -> str:
        """The source's address with the real port ("" when it has none)."""
        return ctx.url(self.host, self.path) if self.kind else ""

    def source_for(self, ctx: Ctx) -> str:
        """The 数据源 with the real port ("" when it has none)."""
        return f"{self.kind}:{self.url(ctx)}" if self.kind else ""

    @property
    def route(self) -> str:
        """The path its source is served at (without the query)."""
        return self.path.partition("?")[0]


def _active(key: str, region: str) -> FeedPlan:
    """An active WeChat account: a post every 1–3 days, reaching back beyond any quarter start."""
    return FeedPlan(key, region, 20, (1, 3), ACTIVE_REACH)


def _wx(key: str) -> str:
    return f"https://mp.weixin.qq.com.test/profile/{key}"


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("黄冈发布", "wechat", "黄冈市人民政府新闻办公室", HG, BRIDGE_HOST, "/wechat/mp/hgfb", "rss", "ok",
                ACTIVE_DAYS, _active("hgfb", "黄冈市"), homepage=_wx("hgfb"),
                detail="微信公众号经数据桥输出的RSS：每1至3天发文一次，最近一篇为昨天，覆盖整个季度（活跃账号）；"
                       "最新几篇文章中含指向本单位网站的链接，其中一个已失效（404）"),
    DemoAccount("黄冈发布", "weibo", "黄冈市人民政府新闻办公室", HG, WEIBO_HOST,
                f"{WEIBO_PATH}?containerid={WEIBO_CONTAINER}", "weibo", "ok", ACTIVE_DAYS,
                FeedPlan("weibo-hgfb", "黄冈市", 12, (1, 2), ACTIVE_REACH), account_id=WEIBO_UID,
                homepage=f"https://m.weibo.cn.test/u/{WEIBO_UID}",
                detail="微博移动端接口（container/getIndex）：每1至2天发文，最近一条为昨天，首条为旧的置顶微博"
                       "（来源顺序不是时间顺序；活跃账号）"),
    DemoAccount("掌上黄冈", "app", "黄冈市人民政府办公室", HG, listed=False,
                detail="政务客户端：没有可自动读取的数据源（活跃度应判无法判定）；黄冈市政府网站的政务新媒体页未列出该账号"),
    DemoAccount("红安发布", "toutiao", "红安县人民政府办公室", HONGAN, BRIDGE_HOST, "/toutiao/user/token/hazf", "atom",
                "ok", STALE_DAYS, FeedPlan("hazf", "红安县", 15, (1, 4), 0, "https://www.toutiao.com.test/article/"),
                homepage="https://www.toutiao.com.test/c/user/token/hazf/",
                detail=f"今日头条号的Atom订阅：最近一篇发布于{STALE_DAYS}天前（超过2周未更新）"),
    DemoAccount("麻城市民政", "douyin", "麻城市民政局", MACHENG, BRIDGE_HOST, "/douyin/user/mcmz", "rss", "captcha",
                detail="数据桥返回验证码页面（HTTP 200），没有数据：应判无法判定，不得判未更新"),
    DemoAccount("蕲春发布", "wechat", "蕲春县人民政府办公室", QICHUN, BRIDGE_HOST, "/wechat/mp/qcfb", "rss", "ok",
                ZOMBIE_DAYS, FeedPlan("qcfb", "蕲春县", 10, (3, 12)), homepage=_wx("qcfb"),
                detail=f"微信公众号RSS：最近一篇发布于{ZOMBIE_DAYS}天前（3个月以上未更新，僵尸号）"),
    DemoAccount("浠水发布", "wechat", "浠水县人民政府办公室", XISHUI, BRIDGE_HOST, "/wechat/mp/xsfb?format=json",
                "jsonfeed", "ok", ACTIVE_DAYS, _active("xsfb", "浠水县"), homepage=_wx("xsfb"),
                detail="数据桥以JSON Feed 1.1输出（format=json）：每1至3天发文，最近一篇为昨天（活跃账号）；"
                       "与“浠水政务”同属浠水县人民政府办公室、同为微信公众号（重复开设）"),
    DemoAccount("浠水政务", "wechat", "浠水县人民政府办公室", XISHUI, BRIDGE_HOST, "/wechat/mp/xszw", "rss", "ok", 2,
                FeedPlan("xszw", "浠水县", 20, (1, 3), ACTIVE_REACH), homepage=_wx("xszw"),
                detail="微信公众号RSS：每1至3天发文，最近一篇为2天前（活跃账号）；与“浠水发布”同属一个单位、同一平台（重复开设）"),
    DemoAccount("黄梅发布", "weibo", "黄梅县人民政府办公室", HUANGMEI, BRIDGE_HOST, "/weibo/user/1000000002", "rss",
                "auth_expired",
                detail="数据桥返回RSSHub错误页：Cookie已过期（HTTP 503），没有数据：应判无法判定，不得判未更新"),
    DemoAccount("便民小助手", "wechat", "武穴市人民政府办公室", WUXUE, BRIDGE_HOST, "/wechat/mp/bmxzs", "rss", "ok",
                ACTIVE_DAYS, _active("bmxzs", "武穴市"), name_ok=False, homepage=_wx("bmxzs"),
                detail="微信公众号RSS：活跃账号；账号名称“便民小助手”既无地名“武穴”也无单位名称，与主办单位不符"),
    DemoAccount("团风发布", "other", "团风县人民政府办公室", TUANFENG, label="视频号",
                detail="微信视频号（平台“其他”）：没有可自动读取的数据源（活跃度应判无法判定）"),
)

MEDIA_FEEDS: tuple[DemoAccount, ...] = tuple(a for a in DEMO_ACCOUNTS if a.kind)
"""The accounts with a source: the routes the feed hosts serve."""

MATRIX_PAGES: Mapping[str, str] = {
    HG: "/zt/zwxmt/index.shtml", HONGAN: "/col/col13650/index.html", MACHENG: "/news/xmt.asp",
    QICHUN: "/zwxmt/index.html", XISHUI: "/zwxmt/index.html", HUANGMEI: "/zwxmt/index.html",
    WUXUE: "/zwxmt/index.html", TUANFENG: "/zwxmt/index.html",
}
"""The 政务新媒体 matrix page of each portal that has one (host → path)."""

IMAGE_ONLY_MATRIX = frozenset({XISHUI})
"""Portals whose matrix page shows the accounts by QR-code images only (the names in the alt text)."""


@dataclass(frozen=True, slots=True)
class MatrixExtra:
    """An account a matrix page lists that is not in the registry."""

    name: str
    label: str  # platform as written on the page
    detail: str


MATRIX_EXTRAS: Mapping[str, tuple[MatrixExtra, ...]] = {
    HG: (MatrixExtra("黄冈市场监管", "微信公众号",
                     "政务新媒体页列出“黄冈市场监管（微信公众号）”，该账号不在政务新媒体账号名录中（未备案或名录缺漏）"),),
}


def matrix(host: str) -> tuple[tuple[str, str], ...]:
    """(name, platform label) of each account `host`'s matrix page lists, in page order: its registry accounts
    (but not those with `listed = False`), then the accounts missing from the registry."""
    rows = [(a.name, a.platform_label) for a in DEMO_ACCOUNTS if a.site == host and a.listed]
    rows += [(e.name, e.label) for e in MATRIX_EXTRAS.get(host, ())]
    return tuple(rows)


def registry_accounts(ctx: Ctx, site_codes: Mapping[str, str]) -> list[Account]:
    """The demo's account registry with every source at its real port (no placeholders); 所属网站 is the site's
    网站标识码 (`site_codes`: host → code)."""
    return [Account(name=a.name, platform=Platform(a.platform), owner=a.owner, site=site_codes.get(a.site, ""),
                    account_id=a.account_id, url=a.homepage, source=a.source_for(ctx))
            for a in DEMO_ACCOUNTS]


def account_of(name: str, platform: str) -> DemoAccount:
    """The table's row for (name, platform value); KeyError when there is none."""
    for account in DEMO_ACCOUNTS:
        if (account.name, account.platform) == (name, platform):
            return account
    raise KeyError(f"no demo account {name}/{platform}")


# --- post schedules and the links inside posts ------------------------------------------------------------------


def schedule(seed: int, key: str, today: date, latest_days: int, count: int, gaps: tuple[int, int],
             reach: int = 0) -> list[datetime]:
    """Publication moments (CST, newest first): the newest `latest_days` days before `today`, then gaps of
    `gaps[0]`..`gaps[1]` days; at least `count` of them, and on until one is more than `reach` days old. The hour
    of each post is seeded."""
    r = content.rng(seed, "media", key)
    out: list[datetime] = []
    day = today - timedelta(days=latest_days)
    while len(out) < count or (today - out[-1].date()).days <= reach:
        moment = datetime.combine(day, time(r.randint(8, 20), r.choice((0, 10, 15, 30, 45))), CST)
        out.append(moment)
        day -= timedelta(days=r.randint(*gaps))
    return out


def _titles(seed: int, key: str, region: str, moments: list[datetime]) -> list[str]:
    out = []
    for i, moment in enumerate(moments):
        r = content.rng(seed, "media", key, i, "title")
        out.append(content.title(r.choice(("news", "notice")), region, r, moment.year))
    return out


def post_url(seed: int, plan: FeedPlan, index: int) -> str:
    return f"{plan.link_base}{content.stable_hex('media', seed, plan.key, index, length=16)}"


@dataclass(frozen=True, slots=True)
class PostLink:
    """A link inside one of an account's posts. `host` + `path` on a farm host (the URL gets the real port), or
    `path` alone when it is an absolute address elsewhere (`host` empty)."""

    post: int  # the post carrying it (0 = the newest)
    text: str
    host: str
    path: str
    works: bool  # the page answers 200

    def url(self, ctx: Ctx) -> str:
        return ctx.url(self.host, self.path) if self.host else self.path


def broken_hg_path(today: date) -> str:
    """The deleted page 黄冈发布 links to: a 政策解读 article URL of the city portal whose id does not exist."""
    from inspector.farm.portals import huanggang as hg  # here: the portal's matrix page imports this module

    day = today - timedelta(days=30)
    return f"{hg.ZCJD.key}{day:%Y%m}/t{day:%Y%m%d}_{hg.ZCJD.id_base + 99_999}.{hg.Huanggang.page_ext}"


def post_links(account: DemoAccount, seed: int, scale: int, today: date) -> tuple[PostLink, ...]:
    """The links inside the account's posts (only 黄冈发布/微信 and 浠水发布 have any)."""
    if (account.name, account.platform) == ("黄冈发布", "wechat"):
        from inspector.farm.portals import huanggang as hg  # here: the portal's matrix page imports this module

        portal = hg.Huanggang(seed, scale, today)
        news, notice = portal.article(hg.ZWYW, 0), portal.article(hg.TZGG, 0)
        other = f"{WECHAT_ARTICLE}{content.stable_hex('media', seed, 'hgfb-related', length=16)}"
        return (
            PostLink(0, "黄冈市人民政府门户网站", HG, hg.HOME, True),
            PostLink(1, news.title, HG, portal.article_path(news), True),
            PostLink(1, "往期回顾", "", other, True),  # another WeChat article: not the unit's site, never checked
            PostLink(2, "点击查看政策解读原文", HG, broken_hg_path(today), False),
            PostLink(3, notice.title, HG, portal.article_path(notice), True),
            PostLink(4, "政府信息公开专栏", HG, hg.XXGK, True),
        )
    if (account.name, account.platform) == ("浠水发布", "wechat"):
        return (PostLink(0, "浠水县人民政府门户网站", XISHUI, "/", True),)
    return ()


@dataclass(frozen=True, slots=True)
class Item:
    """One post of a feed."""

    title: str
    url: str
    when: datetime
    links: tuple[tuple[str, str], ...] = ()  # (text, absolute URL) inside its content

    @property
    def html(self) -> str:
        extra = "".join(f'<p><a href="{escape(u, {chr(34): "&quot;"})}">{escape(t)}</a></p>' for t, u in self.links)
        return f"<p>{escape(self.title)}</p>{extra}"


def feed_items(account: DemoAccount, seed: int, scale: int, today: date, ctx: Ctx) -> list[Item]:
    """The posts of an account's feed, newest first (without the Weibo account's pinned post)."""
    plan = account.plan
    if plan is None or account.days_since_latest is None:
        return []
    moments = schedule(seed, plan.key, today, account.days_since_latest, plan.count, plan.gaps, plan.reach)
    titles = _titles(seed, plan.key, plan.region, moments)
    links: dict[int, list[tuple[str, str]]] = {}
    for link in post_links(account, seed, scale, today):
        links.setdefault(link.post, []).append((link.text, link.url(ctx)))
    return [Item(t, post_url(seed, plan, i), m, tuple(links.get(i, ())))
            for i, (t, m) in enumerate(zip(titles, moments))]


def post_days(account: DemoAccount, seed: int, today: date, *, pinned: bool = True) -> list[date]:
    """The calendar days (CST) of the account's dated posts (with the pinned one unless `pinned` is False); []
    without a healthy source."""
    plan = account.plan
    if plan is None or account.days_since_latest is None:
        return []
    moments = schedule(seed, plan.key, today, account.days_since_latest, plan.count, plan.gaps, plan.reach)
    days = [m.date() for m in moments]
    if account.kind == "weibo" and pinned:
        days.append(today - timedelta(days=PINNED_DAYS))
    return days


# --- what inspecting the accounts must give ---------------------------------------------------------------------


def quarter_of(day: date) -> tuple[date, date]:
    """The first and last day of the quarter `day` is in."""
    first = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first, 1)
    after = date(day.year + 1, 1, 1) if first == 10 else date(day.year, first + 3, 1)
    return start, after - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Expectation:
    """What one account rule must conclude for one account: "fail" (a seeded defect), "pass" or "inconclusive"."""

    rule: str
    outcome: str
    kind: str  # what was seeded, or the trap
    detail: str
    url: str = ""  # the URL the finding is about when it is not the account: the broken link, the matrix page


def _activity(account: DemoAccount, seed: int, today: date) -> list[Expectation]:
    if account.health != "ok":
        why = f"数据源状态“{Health(account.health).label}”，没有数据"
        return [Expectation(rule, "inconclusive", f"media-source-{account.health}",
                            f"{why}：应判无法判定，不得判未更新或不合格") for rule in ACTIVITY_RULES]
    days = sorted(post_days(account, seed, today))
    stream = sorted(post_days(account, seed, today, pinned=False))  # a pinned old post says nothing of the reach
    start, end_of_quarter = quarter_of(today)
    end = min(today, end_of_quarter)
    since = (today - days[-1]).days
    truncated = stream[0] > start  # the feed does not reach back to the quarter start
    out = []
    if since <= UPDATE_DAYS:
        out.append(Expectation("media-update", "pass", "media-active", f"最近一篇发布于{since}天前（2周内有更新）"))
    else:
        out.append(Expectation("media-update", "fail", "media-stale", f"最近一篇发布于{since}天前，超过2周未更新"))
    if since >= ZOMBIE_LIMIT:
        out.append(Expectation("media-zombie", "fail", "media-zombie",
                               f"最近一篇发布于{since}天前，3个月以上未更新（僵尸号，应关停或整合）"))
    else:
        out.append(Expectation("media-zombie", "pass", "media-active", f"最近一篇发布于{since}天前，不足{ZOMBIE_LIMIT}天"))
    posts = sum(1 for d in days if start <= d <= end)
    window = (end - start).days + 1
    quarter = (end_of_quarter - start).days + 1
    need = QUARTER_MIN_POSTS if window >= quarter else max(1, math.floor(QUARTER_MIN_POSTS * window / quarter))
    figure = f"本季度（{start}至{end}）发文{posts}篇，按已过{window}天折算应不少于{need}篇"
    if window < QUARTER_MIN_WINDOW:
        pass  # too short a window: the rule does not judge it (不适用)
    elif posts >= need:
        out.append(Expectation("media-quarter-posts", "pass", "media-active", figure))
    elif truncated:
        out.append(Expectation("media-quarter-posts", "inconclusive", "media-feed-truncated",
                               figure + "；数据源未覆盖季度初，篇数只是下限"))
    else:
        out.append(Expectation("media-quarter-posts", "fail", "media-few-posts", figure + "，不足"))
    gaps: list[int] = []
    previous: date | None = None
    for d in days:
        if d > end:
            continue
        if d >= start and previous is not None:
            gaps.append((d - max(previous, start)).days)
        previous = d
    if previous is not None:
        gaps.append((end - max(previous, start)).days)
    longest = max(gaps, default=(end - start).days)
    unseen = (min(stream[0], end) - start).days  # days before the feed's reach (when it does not reach back)
    if longest > GAP_LIMIT:
        out.append(Expectation("media-longest-gap", "fail", "media-long-gap",
                               f"本季度内最长{longest}天未发文，超过{GAP_LIMIT}天"))
    elif truncated and unseen > GAP_LIMIT:
        out.append(Expectation("media-longest-gap", "inconclusive", "media-feed-truncated",
                               f"已知最长间隔{longest}天，但数据源未覆盖季度初（此前{unseen}天不可知）"))
    else:
        out.append(Expectation("media-longest-gap", "pass", "media-active", f"本季度内最长间隔{longest}天"))
    return out


def duplicate_groups() -> list[tuple[DemoAccount, ...]]:
    """Accounts of one 主办单位 on one platform (more than one each)."""
    groups: dict[tuple[str, str], list[DemoAccount]] = {}
    for account in DEMO_ACCOUNTS:
        groups.setdefault((account.owner, account.platform), []).append(account)
    return [tuple(g) for g in groups.values() if len(g) > 1]


def expectations(account: DemoAccount, seed: int, scale: int, today: date, ctx: Ctx) -> list[Expectation]:
    """Every account rule's expected conclusion for `account` on the farm of (`seed`, `scale`, `today`), in rule
    order; a rule is left out where it does not apply (no own-site links in the posts; a quarter window shorter
    than QUARTER_MIN_WINDOW days, which media-quarter-posts does not judge)."""
    out = _activity(account, seed, today)
    if account.name_ok:
        out.append(Expectation("media-name", "pass", "media-name-ok", f"账号名称“{account.name}”与主办单位{account.owner}相符"))
    else:
        out.append(Expectation("media-name", "fail", "media-name-mismatch",
                               f"账号名称“{account.name}”未体现主办单位{account.owner}的地名或单位名称"))
    twins = next((g for g in duplicate_groups() if account in g), ())
    if twins:
        others = "、".join(f"“{a.name}”" for a in twins if a is not account)
        out.append(Expectation("media-duplicate", "fail", "media-duplicate",
                               f"{account.owner}在{account.platform_label}平台还开设了{others}（同一单位同一平台重复开设）"))
    elif account.platform not in ("app", "other"):  # apps and unnamed 其他 platforms are not compared (不适用)
        out.append(Expectation("media-duplicate", "pass", "media-single", f"{account.owner}在该平台只有这一个账号"))
    if account.site in MATRIX_PAGES:
        if not account.listed:
            out.append(Expectation("media-portal-listed", "fail", "media-not-listed",
                                   "所属网站的政务新媒体页未列出该账号", ctx.url(account.site, MATRIX_PAGES[account.site])))
        elif account.site in IMAGE_ONLY_MATRIX:
            out.append(Expectation("media-portal-listed", "pass", "media-matrix-images",
                                   "所属网站的政务新媒体页只以二维码图片列出该账号（名称在图片替代文字中）"))
        else:
            out.append(Expectation("media-portal-listed", "pass", "media-listed", "所属网站的政务新媒体页列出了该账号"))
    own = [link for link in post_links(account, seed, scale, today) if link.host == account.site]
    broken = [link for link in own if not link.works]
    for link in broken:
        out.append(Expectation("media-post-links", "fail", "media-link-404",
                               f"最新第{link.post + 1}篇文章中指向本单位网站的链接“{link.text}”已失效（404）；"
                               "同一文章中指向其他微信文章的链接不属于本单位网站，不检查", link.url(ctx)))
    if own and not broken:
        out.append(Expectation("media-post-links", "pass", "media-links-ok",
                               f"文章中指向本单位网站的{len(own)}个链接均可访问"))
    return out


@dataclass(frozen=True, slots=True)
class SiteEntry:
    """A site-level 政务新媒体 finding about a portal's matrix page (the manifest's top-level lists)."""

    host: str
    rule: str
    path: str
    kind: str
    detail: str
    expect: str = ""  # "" = a defect; "pass" / "inconclusive" = a benign trap


def site_entries() -> list[SiteEntry]:
    """The matrix pages' seeded problems (an account not in the registry) and traps (names only in images)."""
    out = [SiteEntry(host, "media-portal-unregistered", MATRIX_PAGES[host], "media-unregistered", extra.detail)
           for host, extras in MATRIX_EXTRAS.items() for extra in extras]
    out += [SiteEntry(host, "media-portal-unregistered", MATRIX_PAGES[host], "media-matrix-images",
                      "政务新媒体页只以二维码图片列出账号（名称在图片替代文字“…二维码”中）：所列账号均在名录中，不得报未备案账号",
                      expect="pass") for host in sorted(IMAGE_ONLY_MATRIX)]
    return out


# --- bridge ---------------------------------------------------------------------------------------------------


def rss(title: str, link: str, items: list[Item], built: datetime) -> bytes:
    """An RSSHub-style RSS 2.0 document."""
    rows = "".join(
        f"<item><title><![CDATA[{i.title}]]></title><description><![CDATA[{i.html}]]></description>"
        f"<pubDate>{format_datetime(i.when)}</pubDate><guid isPermaLink=\"false\">{escape(i.url)}</guid>"
        f"<link>{escape(i.url)}</link></item>"
        for i in items
    )
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">'
        f"<channel><title><![CDATA[{title}]]></title><link>{escape(link)}</link>"
        f"<description><![CDATA[{title} - Powered by RSSHub]]></description><generator>RSSHub</generator>"
        f"<webMaster>contact@rsshub.app (RSSHub)</webMaster><language>zh-cn</language>"
        f"<lastBuildDate>{format_datetime(built)}</lastBuildDate><ttl>5</ttl>{rows}</channel></rss>"
    )
    return doc.encode("utf-8")


def atom(title: str, link: str, items: list[Item], feed_id: str) -> bytes:
    """An Atom 1.0 document (`updated` = the newest entry's time)."""
    updated = max((i.when for i in items), default=datetime(2000, 1, 1, tzinfo=CST))
    rows = "".join(
        f"<entry><title>{escape(i.title)}</title><link href=\"{escape(i.url)}\"/><id>{escape(i.url)}</id>"
        f"<published>{i.when.isoformat()}</published><updated>{i.when.isoformat()}</updated>"
        f"<summary type=\"html\">{escape(i.html)}</summary></entry>"
        for i in items
    )
    doc = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><link href=\"{escape(link)}\"/><id>{escape(feed_id)}</id>"
        f"<updated>{updated.isoformat()}</updated><generator>RSSHub</generator>{rows}</feed>"
    )
    return doc.encode("utf-8")


def json_feed(title: str, home: str, feed_url: str, items: list[Item]) -> bytes:
    """A JSON Feed 1.1 as RSSHub writes it (``?format=json``): times in UTC with milliseconds."""

    def utc(moment: datetime) -> str:
        return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.000Z")

    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": home,
        "feed_url": feed_url,
        "description": f"{title} - Powered by RSSHub",
        "language": "zh-cn",
        "items": [{"id": i.url, "url": i.url, "title": i.title, "content_html": i.html,
                   "date_published": utc(i.when), "authors": [{"name": title}]} for i in items],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def captcha_page() -> str:
    """What a bridge passes on when the platform shows its verification page (HTTP 200)."""
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>验证码中间页</title>'
        '<script src="https://verify.snssdk.com.test/static/captcha.js"></script></head><body>'
        '<div id="captcha_container"><p>为保障您的账号安全，请完成下列验证后继续访问</p>'
        '<div class="captcha_verify_bar">按住左边按钮拖动完成上方拼图</div></div></body></html>'
    )


def cookie_expired_page(path: str) -> str:
    """RSSHub's error page for a route whose configured cookie has expired (served with HTTP 503)."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><title>Error - RSSHub</title></head><body>'
        '<div class="container"><h1>Looks like something went wrong in RSSHub</h1>'
        '<p>Help: If you are not sure whether this is a bug, please check the docs.</p>'
        '<p><strong>Error Message:</strong> <code>ConfigNotFoundError: 微博 Cookie 已过期，请更新 WEIBO_COOKIES '
        '(The cookie has expired)</code></p>'
        f'<p><strong>Route:</strong> <code>/weibo/user/:uid/:routeParams?</code></p>'
        f'<p><strong>Full Route:</strong> <code>{escape(path)}</code></p>'
        '<p><strong>Node Version:</strong> <code>v22.12.0</code></p>'
        '<p><strong>Git Hash:</strong> <code>3f1c2a9</code></p></div></body></html>'
    )


class Bridge(HostApp):
    """A self-hosted RSSHub-like bridge: the demo's WeChat / Toutiao / Douyin / Weibo accounts as feeds (see the
    module): RSS, Atom, or JSON Feed for ``?format=json``; a captcha page or an expired-cookie error where the
    table says so."""

    host = BRIDGE_HOST
    robots = None

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        account = next((a for a in MEDIA_FEEDS if a.host == BRIDGE_HOST and a.route == req.path), None)
        if account is None:
            return None
        if account.health == "captcha":
            return html_reply(captcha_page(), 200)
        if account.health == "auth_expired":
            return html_reply(cookie_expired_page(req.path), 503)
        items = feed_items(account, self.seed, self.scale, self.today, ctx)
        home = account.homepage or ctx.url(BRIDGE_HOST, req.path)
        if account.kind == "atom":
            return _xml(atom(f"{account.name} - {account.platform_label}", home, items, home), "atom")
        if req.query.get("format") == "json":
            return _json_reply(json_feed(account.name, home, ctx.url(BRIDGE_HOST, account.path), items),
                               "application/feed+json; charset=utf-8")
        now = datetime.combine(self.today, time(6, 0), CST)
        return _xml(rss(account.name, home, items, now), "rss")


def _xml(body: bytes, kind: str) -> Reply:
    return Reply(body=body, content_type=f"application/{kind}+xml; charset=utf-8")


# --- Weibo mobile API -------------------------------------------------------------------------------------------


def weibo_created_at(moment: datetime) -> str:
    """The API's full time form, "Thu Nov 26 10:30:00 +0800 2026" (English names whatever the locale)."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return (f"{days[moment.weekday()]} {months[moment.month - 1]} {moment.day:02d} "
            f"{moment:%H:%M:%S} +0800 {moment.year}")


class Weibo(HostApp):
    """m.weibo.cn: the user's weibo container (``api/container/getIndex``) of 黄冈发布, every post of the quarter
    and more, an old pinned post first; other containers get the API's "no content" answer (ok = 0)."""

    host = WEIBO_HOST
    robots = None

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        if req.path != WEIBO_PATH:
            return None
        if req.query.get("containerid") != WEIBO_CONTAINER:
            return _json({"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}})
        account = account_of("黄冈发布", "weibo")
        items = feed_items(account, self.seed, self.scale, self.today, ctx)
        pinned_at = datetime.combine(self.today - timedelta(days=PINNED_DAYS), time(10, 0), CST)
        blogs = [(pinned_at, "【置顶】黄冈发布政务微博服务指南", True)] + [(i.when, i.title, False) for i in items]
        cards = []
        for i, (moment, text, top) in enumerate(blogs):
            mid = str(4_900_000_000_000_000 + int(content.stable_hex("weibo", self.seed, i, length=8), 16))
            blog = {"id": mid, "mid": mid, "created_at": weibo_created_at(moment), "text": text,
                    "source": "微博 weibo.com", "user": {"id": int(WEIBO_UID), "screen_name": account.name}}
            if top:
                blog["isTop"] = 1
            cards.append({"card_type": 9, "itemid": f"{WEIBO_CONTAINER}_-_{mid}", "mblog": blog})
        data = {"cardlistInfo": {"containerid": WEIBO_CONTAINER, "v_p": 42, "page": 2}, "cards": cards}
        return _json({"ok": 1, "data": data})


def _json(value: object) -> Reply:
    return _json_reply(json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")


def _json_reply(body: bytes, content_type: str) -> Reply:
    return Reply(body=body, content_type=content_type)


MEDIA_HOSTS: tuple[type[HostApp], ...] = (Bridge, Weibo)
