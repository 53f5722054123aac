"""The farm's 政务新媒体 feeds: an RSSHub-like bridge (`bridge.test`) and the Weibo mobile API (`m.weibo.cn.test`).

The demo accounts (examples/demo-accounts.toml) read these routes; every post date is relative to the farm's
`today` (the reference day), so an inspection with `--as-of today` sees the same figures whatever the day:

- ``/wechat/mp/hgfb`` (bridge): 黄冈发布 (微信公众号), an active RSS 2.0 feed, a post every 1–3 days up to yesterday;
- ``/api/container/getIndex?containerid=1076031000000001`` (m.weibo.cn.test): 黄冈发布 (微博), the mobile JSON
  (``data.cards[].mblog``), active, with an old pinned post first (source order is not date order);
- ``/toutiao/user/token/hazf`` (bridge): 红安发布 (今日头条), an Atom feed whose newest entry is 21 days old;
- ``/wechat/mp/qcfb`` (bridge): 蕲春发布 (微信公众号), a 僵尸号: an RSS feed whose newest item is 125 days old;
- ``/douyin/user/mcmz`` (bridge): 麻城市民政 (抖音), a captcha page with HTTP 200 instead of the feed;
- ``/weibo/user/1000000002`` (bridge): 黄梅发布 (微博), RSSHub's error page for an expired cookie, HTTP 503.

`MEDIA_FEEDS` is the ground truth for these routes (expected source health, days since the latest post); the
manifest's defect list does not carry them yet.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from xml.sax.saxutils import escape

from inspector.farm import content
from inspector.farm.base import Ctx, HostApp, Reply, Request, html_reply

logger = logging.getLogger(__name__)

BRIDGE_HOST = "bridge.test"
WEIBO_HOST = "m.weibo.cn.test"
CST = timezone(timedelta(hours=8))
WEIBO_UID = "1000000001"
WEIBO_CONTAINER = f"107603{WEIBO_UID}"  # the mobile site's "weibo" tab container of a user
WEIBO_PATH = "/api/container/getIndex"


@dataclass(frozen=True, slots=True)
class MediaFeed:
    """One route of the farm's new-media hosts and what reading it must give.

    `health` is an inspector.media.posts.Health value; `days_since_latest` is the expected days from the newest
    post to the farm's `today` (None when the source gives no data). `source` is the 数据源 as in the demo registry
    (``{bridge}`` for the bridge; ``{weibo}`` stands for the Weibo host's origin, ``http://m.weibo.cn.test:PORT``).
    """

    name: str  # 账号名称
    platform: str  # inspector.media.accounts.Platform value
    owner: str  # 主办单位
    site: str  # the registry host the account belongs to
    host: str
    path: str  # path and query string
    kind: str  # rss | atom | weibo
    health: str
    days_since_latest: int | None
    detail: str  # what the route serves (Chinese, for the later manifest)

    @property
    def source(self) -> str:
        origin = "{bridge}" if self.host == BRIDGE_HOST else "{weibo}"
        return f"{self.kind}:{origin}{self.path}"

    def url(self, ctx: Ctx) -> str:
        return ctx.url(self.host, self.path)


ACTIVE_DAYS = 1  # the active feeds' newest post: yesterday
STALE_DAYS = 21  # 3 weeks
ZOMBIE_DAYS = 125  # about 4 months

MEDIA_FEEDS: tuple[MediaFeed, ...] = (
    MediaFeed("黄冈发布", "wechat", "黄冈市人民政府新闻办公室", "www.huanggang.gov.cn.test", BRIDGE_HOST,
              "/wechat/mp/hgfb", "rss", "ok", ACTIVE_DAYS,
              "微信公众号经数据桥输出的RSS：每1至3天发文一次，最近一篇为昨天（活跃账号，应合格）"),
    MediaFeed("黄冈发布", "weibo", "黄冈市人民政府新闻办公室", "www.huanggang.gov.cn.test", WEIBO_HOST,
              f"{WEIBO_PATH}?containerid={WEIBO_CONTAINER}", "weibo", "ok", ACTIVE_DAYS,
              "微博移动端接口（container/getIndex）：每1至2天发文，最近一条为昨天，首条为旧的置顶微博（活跃账号，应合格）"),
    MediaFeed("红安发布", "toutiao", "红安县人民政府办公室", "www.hazf.gov.cn.test", BRIDGE_HOST,
              "/toutiao/user/token/hazf", "atom", "ok", STALE_DAYS,
              f"今日头条号的Atom订阅：最近一篇发布于{STALE_DAYS}天前（超过2周未更新）"),
    MediaFeed("蕲春发布", "wechat", "蕲春县人民政府办公室", "www.qichun.gov.cn.test", BRIDGE_HOST,
              "/wechat/mp/qcfb", "rss", "ok", ZOMBIE_DAYS,
              f"微信公众号RSS：最近一篇发布于{ZOMBIE_DAYS}天前（3个月以上未更新，僵尸号）"),
    MediaFeed("麻城市民政", "douyin", "麻城市民政局", "www.macheng.gov.cn.test", BRIDGE_HOST,
              "/douyin/user/mcmz", "rss", "captcha", None,
              "数据桥返回验证码页面（HTTP 200），没有数据：应判无法判定，不得判未更新"),
    MediaFeed("黄梅发布", "weibo", "黄梅县人民政府办公室", "www.hm.gov.cn.test", BRIDGE_HOST,
              "/weibo/user/1000000002", "rss", "auth_expired", None,
              "数据桥返回RSSHub错误页：Cookie已过期（HTTP 503），没有数据：应判无法判定，不得判未更新"),
)


# --- post schedules ---------------------------------------------------------------------------------------------


def schedule(seed: int, key: str, today: date, latest_days: int, count: int, gaps: tuple[int, int]) -> list[datetime]:
    """`count` publication moments (CST, newest first): the newest `latest_days` days before `today`, then gaps of
    `gaps[0]`..`gaps[1]` days; the hour of each post is seeded."""
    r = content.rng(seed, "media", key)
    out: list[datetime] = []
    day = today - timedelta(days=latest_days)
    for _ in range(count):
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


# --- bridge ---------------------------------------------------------------------------------------------------


def rss(title: str, link: str, items: list[tuple[str, str, datetime]], built: datetime) -> bytes:
    """An RSSHub-style RSS 2.0 document."""
    rows = "".join(
        f"<item><title><![CDATA[{t}]]></title><description><![CDATA[<p>{escape(t)}</p>]]></description>"
        f"<pubDate>{format_datetime(when)}</pubDate><guid isPermaLink=\"false\">{escape(url)}</guid>"
        f"<link>{escape(url)}</link></item>"
        for t, url, when in items
    )
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">'
        f"<channel><title><![CDATA[{title}]]></title><link>{escape(link)}</link>"
        f"<description><![CDATA[{title} - Powered by RSSHub]]></description><generator>RSSHub</generator>"
        f"<webMaster>contact@rsshub.app (RSSHub)</webMaster><language>zh-cn</language>"
        f"<lastBuildDate>{format_datetime(built)}</lastBuildDate><ttl>5</ttl>{rows}</channel></rss>"
    )
    return doc.encode("utf-8")


def atom(title: str, link: str, items: list[tuple[str, str, datetime]], feed_id: str) -> bytes:
    """An Atom 1.0 document (`updated` = the newest entry's time)."""
    updated = max((when for _t, _u, when in items), default=datetime(2000, 1, 1, tzinfo=CST))
    rows = "".join(
        f"<entry><title>{escape(t)}</title><link href=\"{escape(url)}\"/><id>{escape(url)}</id>"
        f"<published>{when.isoformat()}</published><updated>{when.isoformat()}</updated>"
        f"<summary>{escape(t)}</summary></entry>"
        for t, url, when in items
    )
    doc = (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><link href=\"{escape(link)}\"/><id>{escape(feed_id)}</id>"
        f"<updated>{updated.isoformat()}</updated><generator>RSSHub</generator>{rows}</feed>"
    )
    return doc.encode("utf-8")


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
    """A self-hosted RSSHub-like bridge: WeChat / Toutiao / Douyin / Weibo accounts as feeds (see the module)."""

    host = BRIDGE_HOST
    robots = None

    def items(self, key: str, region: str, latest_days: int, count: int, gaps: tuple[int, int],
              link_base: str) -> list[tuple[str, str, datetime]]:
        moments = schedule(self.seed, key, self.today, latest_days, count, gaps)
        titles = _titles(self.seed, key, region, moments)
        return [(t, f"{link_base}{content.stable_hex('media', self.seed, key, i, length=16)}", m)
                for i, (t, m) in enumerate(zip(titles, moments))]

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        now = datetime.combine(self.today, time(6, 0), CST)
        if req.path == "/wechat/mp/hgfb":
            items = self.items("hgfb", "黄冈市", ACTIVE_DAYS, 20, (1, 3), "https://mp.weixin.qq.com.test/s/")
            return _xml(rss("黄冈发布", "https://mp.weixin.qq.com.test/profile/hgfb", items, now), "rss")
        if req.path == "/wechat/mp/qcfb":
            items = self.items("qcfb", "蕲春县", ZOMBIE_DAYS, 10, (3, 12), "https://mp.weixin.qq.com.test/s/")
            return _xml(rss("蕲春发布", "https://mp.weixin.qq.com.test/profile/qcfb", items, now), "rss")
        if req.path == "/toutiao/user/token/hazf":
            items = self.items("hazf", "红安县", STALE_DAYS, 15, (1, 4), "https://www.toutiao.com.test/article/")
            return _xml(atom("红安发布 - 今日头条", "https://www.toutiao.com.test/c/user/token/hazf/", items,
                             "https://www.toutiao.com.test/c/user/token/hazf/"), "atom")
        if req.path == "/douyin/user/mcmz":
            return html_reply(captcha_page(), 200)
        if req.path == "/weibo/user/1000000002":
            return html_reply(cookie_expired_page(req.path), 503)
        return None


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
    """m.weibo.cn: the user's weibo container (``api/container/getIndex``) for 黄冈发布; other containers get the
    API's "no content" answer (ok = 0)."""

    host = WEIBO_HOST
    robots = None

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        if req.path != WEIBO_PATH:
            return None
        if req.query.get("containerid") != WEIBO_CONTAINER:
            return _json({"ok": 0, "msg": "这里还没有内容", "data": {"cards": []}})
        moments = schedule(self.seed, "weibo-hgfb", self.today, ACTIVE_DAYS, 12, (1, 2))
        titles = _titles(self.seed, "weibo-hgfb", "黄冈市", moments)
        pinned_at = datetime.combine(self.today - timedelta(days=200), time(10, 0), CST)
        blogs = [(pinned_at, "【置顶】黄冈发布政务微博服务指南", True)] + [(m, t, False) for m, t in zip(moments, titles)]
        cards = []
        for i, (moment, text, top) in enumerate(blogs):
            mid = str(4_900_000_000_000_000 + int(content.stable_hex("weibo", self.seed, i, length=8), 16))
            blog = {"id": mid, "mid": mid, "created_at": weibo_created_at(moment), "text": text,
                    "source": "微博 weibo.com", "user": {"id": int(WEIBO_UID), "screen_name": "黄冈发布"}}
            if top:
                blog["isTop"] = 1
            cards.append({"card_type": 9, "itemid": f"{WEIBO_CONTAINER}_-_{mid}", "mblog": blog})
        data = {"cardlistInfo": {"containerid": WEIBO_CONTAINER, "v_p": 42, "page": 2}, "cards": cards}
        return _json({"ok": 1, "data": data})


def _json(value: object) -> Reply:
    return Reply(body=json.dumps(value, ensure_ascii=False).encode("utf-8"),
                 content_type="application/json; charset=utf-8")


MEDIA_HOSTS: tuple[type[HostApp], ...] = (Bridge, Weibo)
