"""Adversarial review of the 政务新媒体 side of the whole pipeline (gather → store → check): what the bridge, the
portal and the own-site links do in the field must never become a false 不通过 against a unit, and a broken bridge
must not make a run take hours.

Real parts only: start_run / gather / check / bulletin of inspector.pipeline, the real crawl subprocess, a loopback
HTTP server that answers by Host header and a loopback DNS responder (inspector.farm.nameserver) for its `.test`
names. Each test builds the small world it needs.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time as dtime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from sqlalchemy import create_engine, text

from inspector.farm.nameserver import DnsResponder
from inspector.farm.sites import Addresses
from inspector.media.accounts import Account, Platform, load_accounts
from inspector.media.gather import source_probe
from inspector.media.posts import Health, Post
from inspector.media.sources import HOST_FAILURE_LIMIT, SourceResult
from inspector.model import Finding, Level, Site, Status
from inspector.pipeline import LOOPBACK_NETWORKS, GatherOptions, Reporter, bulletin, check, gather, start_run
from inspector.rules import Rule, load_rules
from inspector.store import Store

AS_OF = date(2026, 11, 26)
CST = timezone(timedelta(hours=8))
ACTIVITY = ("media-update", "media-quarter-posts", "media-longest-gap", "media-zombie")


@pytest.fixture(scope="module")
def rules() -> list[Rule]:
    return load_rules()


# --- a small loopback world -----------------------------------------------------------------------------------

Route = tuple[Any, ...] | Callable[["_Handler"], None]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes | str = b"", ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        self._answer()

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer()

    def _answer(self) -> None:
        world = self.server.world
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        if world.down:  # the inspector's network is gone: the connection closes without an answer
            self.close_connection = True
            return
        with world.lock:
            world.hits[(self.command, host, self.path)] += 1
        route = world.routes.get((host, self.path)) or world.routes.get((host, "*"))
        if route is None:
            self.send(404, "<html><head><title>404 Not Found</title></head><body>Not Found</body></html>")
        elif callable(route):
            route(self)
        else:
            self.send(*route)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    world: World

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up on a slow answer: nothing to report


class World:
    """An HTTP server on 127.0.0.1 answering `routes[(host, path)]` (or `(host, "*")`), and a DNS responder that
    knows `names` (everything else is NXDOMAIN). `refused_port` has nothing listening."""

    def __init__(self, names: Sequence[str]) -> None:
        self.routes: dict[tuple[str, str], Route] = {}
        self.hits: Counter[tuple[str, str, str]] = Counter()
        self.lock = threading.Lock()
        self.down = False
        self.server = _Server(("127.0.0.1", 0), _Handler)
        self.server.world = self
        self.port = self.server.server_address[1]
        with socket.socket() as spare:
            spare.bind(("127.0.0.1", 0))
            self.refused_port = spare.getsockname()[1]
        self.dns = DnsResponder({name: Addresses(("127.0.0.1",), ()) for name in (*names, "self.test")})
        self.routes[("self.test", "/")] = (200, "<html><body>ok</body></html>")

    def url(self, host: str, path: str = "/") -> str:
        return f"http://{host}:{self.port}{path}"

    def host_hits(self, host: str) -> int:
        return sum(n for (_method, h, _path), n in self.hits.items() if h == host)

    def options(self, **overrides: Any) -> GatherOptions:
        values: dict[str, Any] = dict(
            dns=f"127.0.0.1:{self.dns.port}", allowed_networks=LOOPBACK_NETWORKS, polite=False, link_timeout=2.0,
            probe_attempts=1, probe_interval=0.0, probe_timeout=3.0, self_check_urls=(self.url("self.test"),),
            ipv6=False, media_timeout=2.0, media_retries=1,
        )
        values.update(overrides)
        return GatherOptions(**values)


@contextmanager
def world(*names: str) -> Iterator[World]:
    w = World(names)
    thread = threading.Thread(target=w.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    w.dns.start()
    try:
        yield w
    finally:
        w.server.shutdown()
        w.server.server_close()
        w.dns.stop()
        w.dns.sock.close()


def page(title: str, body: str) -> str:
    return f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>{body}</body></html>'


def homepage(title: str, *links: tuple[str, str]) -> str:
    anchors = "".join(f'<a href="{href}">{text}</a> ' for href, text in links)
    return page(title, f'<div class="nav">{anchors}<a href="/xwzx/1.html">新闻中心</a></div>')


def matrix(*entries: str) -> str:
    return page("政务新媒体", "<div class='xmt'><ul>" + "".join(f"<li>{e}</li>" for e in entries) + "</ul></div>")


def rss(title: str, key: str, *, newest_days: int = 1, every: int = 2, count: int = 40,
        links: Sequence[str] = ()) -> tuple[int, str, str]:
    """An RSS 2.0 answer: `count` posts `every` days apart, the newest `newest_days` before AS_OF; the newest post's
    content links `links`."""
    items = []
    for i in range(count):
        when = datetime.combine(AS_OF - timedelta(days=newest_days + i * every), dtime(9, 0), CST)
        content = "".join(f'<p><a href="{escape(u)}">相关链接</a></p>' for u in (links if i == 0 else ()))
        items.append(f"<item><title>{escape(title)}通知{i}</title><link>https://mp.weixin.qq.com.test/s/{key}{i}</link>"
                     f"<pubDate>{format_datetime(when)}</pubDate><description>{escape(content)}</description></item>")
    body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://bridge.test/</link><description>feed</description>{''.join(items)}</channel></rss>")
    return 200, body, "application/rss+xml; charset=utf-8"


def redirect(location: str) -> Callable[[_Handler], None]:
    return lambda h: h.send(302, "", headers={"Location": location})


def by_account(store: Store, run_id: int) -> dict[str, dict[str, list[Finding]]]:
    """{account name: {rule id: findings}} of a checked run."""
    names = {aid: account.name for aid, account, _sid in store.accounts(run_id)}
    out: dict[str, dict[str, list[Finding]]] = {}
    for f in store.findings(run_id, accounts=True):
        assert f.account_id is not None
        out.setdefault(names[f.account_id], {}).setdefault(f.rule_id, []).append(f)
    return out


def statuses(found: dict[str, list[Finding]], rule_id: str) -> set[Status]:
    return {f.status for f in found.get(rule_id, ())}


# --- the bridge broken in every way -----------------------------------------------------------------------------

PLACES = ("红安", "麻城", "蕲春", "浠水", "罗田", "英山", "黄梅", "武穴", "团风", "黄州", "龙感湖", "白莲河")


def test_a_broken_bridge_is_inconclusive_for_every_account_and_does_not_take_hours(
    tmp_path: Path, rules: list[Rule]
) -> None:
    """Refused, 429 / 503 with Retry-After on every request, an answer that never comes, a name that does not
    exist: each account behind such a bridge is 无法判定 on every activity rule (never 不合格), the healthy account
    next to them is judged, and after HOST_FAILURE_LIMIT accounts in a row a dead bridge is not asked again for
    each of its other accounts (before: every account paid the retries, Retry-After waits and timeouts)."""
    hang = threading.Event()
    with world("bridge.test", "b429.test", "b503.test", "slow.test") as w:
        w.routes[("bridge.test", "/wechat/mp/hgfb")] = rss("黄冈发布", "hgfb")
        w.routes[("b429.test", "*")] = (429, "Too Many Requests", "text/plain", {"Retry-After": "1"})
        w.routes[("b503.test", "*")] = (503, "Service Unavailable", "text/plain", {"Retry-After": "1"})
        w.routes[("slow.test", "*")] = lambda h: hang.wait(8)  # never answers within the timeout
        bridges = {
            "refused": f"http://bridge.test:{w.refused_port}",
            "429": w.url("b429.test", ""),
            "503": w.url("b503.test", ""),
            "slow": w.url("slow.test", ""),
            "nxdomain": w.url("nobridge.test", ""),
        }
        accounts = [Account("黄冈发布", Platform.WECHAT, "黄冈市人民政府新闻办公室",
                            source=f"rss:{w.url('bridge.test', '/wechat/mp/hgfb')}")]
        per_bridge = HOST_FAILURE_LIMIT + 2
        for kind, base in bridges.items():
            for i in range(per_bridge if kind != "nxdomain" else 2):
                place = PLACES[i]
                accounts.append(Account(f"{place}发布{kind}", Platform.WEIBO, f"{place}县人民政府办公室{kind}",
                                        source=f"rss:{base}/weibo/user/{i}"))
        store = Store(tmp_path / "s.db")
        options = w.options(media_timeout=0.5)
        run_id = start_run(store, [], as_of=AS_OF, options=options, accounts=accounts)
        started = time.monotonic()
        gather(store, run_id, options, rules=rules)
        took = time.monotonic() - started
        hang.set()
        check(store, run_id, rules)
        found = by_account(store, run_id)
        assert statuses(found["黄冈发布"], "media-update") == {Status.PASS}
        for account in accounts[1:]:
            mine = found[account.name]
            for rule_id in ACTIVITY:
                assert statuses(mine, rule_id) == {Status.INCONCLUSIVE}, (account.name, rule_id, mine.get(rule_id))
            assert not [f for f in store.findings(run_id, accounts=True) if f.status is Status.FAIL
                        and f.rule_id not in ("media-name", "media-duplicate")]
        sources = {account.name: result for account, result in _sources(store, run_id)}
        for kind in ("refused", "429", "503", "slow"):
            tried = [n for n, r in sources.items() if n.endswith(kind) and r.attempts > 0]
            skipped = [n for n, r in sources.items() if n.endswith(kind) and r.attempts == 0]
            assert len(tried) == HOST_FAILURE_LIMIT and len(skipped) == per_bridge - HOST_FAILURE_LIMIT, kind
        assert {sources[f"红安发布{kind}"].health for kind in ("429", "503")} == {Health.RATE_LIMITED}
        assert w.host_hits("b429.test") == HOST_FAILURE_LIMIT * 2  # a request and one retry per tried account
        assert any("未再逐一请求" in note for note in store.run(run_id)["notes"])
        path, _verdicts = bulletin(store, run_id, rules, tmp_path / "b.xlsx")
        assert path.is_file()
    # each account tried behind the hanging bridge costs two timeouts and the 2 s pause between them (about 3 s
    # here, 32 s with the default 15 s timeout); before, every one of its accounts did
    assert took < 3.0 * (HOST_FAILURE_LIMIT + 2), took


def _sources(store: Store, run_id: int) -> list[tuple[Account, SourceResult]]:
    return [(a.account, a.source) for a in store.account_artifacts(run_id) if a.source is not None]


# --- own-site links in posts and the portal's matrix page ---------------------------------------------------------

HG = "www.hg.gov.cn.test"
TWO = "www.ha.gov.cn.test"  # two candidate matrix pages, the best-ranked one dead
BLOCKED = "www.mc.gov.cn.test"  # the matrix page answers 403
IMAGES = "www.xs.gov.cn.test"  # the matrix page shows QR codes only
DOWN = "www.qc.gov.cn.test"  # the homepage is not crawled (500)
SPLIT = "www.lt.gov.cn.test"  # no matrix page: a 政务微信 page and a 政务微博 page
GONE = "www.wx.gov.cn.test"  # the matrix link redirects to the homepage, which has a small 新媒体 block of its own


def test_links_in_posts_and_matrix_pages_are_judged_like_the_crawl_judges_them(
    tmp_path: Path, rules: list[Rule]
) -> None:
    with world(HG, TWO, BLOCKED, IMAGES, DOWN, SPLIT, GONE, "bridge.test") as w:
        own = {name: w.url(HG, f"/a/{name}") for name in (
            "gone.html", "busy503.html", "moved.html", "login.html", "headget.html", "file.pdf", "waf.html",
            "slow429.html", "ok.html")}
        w.routes.update({
            (HG, "/"): (200, homepage("黄冈市人民政府", ("/zwxmt/index.html", "政务新媒体"))),
            (HG, "/zwxmt/index.html"): (200, matrix("微信公众号：黄冈发布")),
            (HG, "/a/ok.html"): (200, page("通知", "<p>正文</p>")),
            (HG, "/a/busy503.html"): (503, "busy", "text/plain", {"Retry-After": "1"}),  # rate limited: undecidable
            (HG, "/a/moved.html"): redirect("/"),  # a deleted article sent to the homepage: a soft 404
            (HG, "/a/login.html"): redirect("/login?from=/a/login.html"),  # works after logging in
            (HG, "/login?from=/a/login.html"): (200, page("统一身份认证", "<form><input type='password'></form>")),
            (HG, "/a/file.pdf"): (200, b"%PDF-1.4 " + b"0" * 5000, "application/pdf"),
            (HG, "/a/waf.html"): (403, page("安全验证", "<script>document.cookie='__jsl_clearance=1';"
                                                     "location.reload();</script>请开启JavaScript")),
            (HG, "/a/slow429.html"): (429, "slow down", "text/plain"),
            (TWO, "/"): (200, homepage("红安县人民政府", ("/old/xmt.html", "政务新媒体"),
                                       ("/zwxmt/index.html", "新媒体矩阵"))),
            (TWO, "/zwxmt/index.html"): (200, matrix("微信公众号：红安发布")),
            (BLOCKED, "/"): (200, homepage("麻城市人民政府", ("/zwxmt/index.html", "政务新媒体"))),
            (BLOCKED, "/zwxmt/index.html"): (403, page("403 Forbidden", "Forbidden")),
            (IMAGES, "/"): (200, homepage("浠水县人民政府", ("/zwxmt/index.html", "政务新媒体"))),
            (IMAGES, "/zwxmt/index.html"): (200, page("政务新媒体", "<img src='/q1.png'><img src='/q2.png'>")),
            (DOWN, "/"): (500, page("500", "Internal Server Error")),
            (SPLIT, "/"): (200, homepage("罗田县人民政府", ("/zwwx/index.html", "政务微信"), ("/zwwb/index.html", "政务微博"))),
            (SPLIT, "/zwwx/index.html"): (200, matrix("微信公众号：罗田发布")),
            (SPLIT, "/zwwb/index.html"): (200, matrix("新浪微博：罗田发布", "新浪微博：罗田公安")),
            (GONE, "/"): (200, page("武穴市人民政府", '<a href="/zwxmt/index.html">政务新媒体</a>'
                                    '<a href="/xwzx/1.html">新闻中心</a><div class="xmt"><h3>政务新媒体</h3><ul>'
                                    "<li>微信公众号：武穴发布</li><li>微信公众号：平安武穴</li></ul></div>")),
            (GONE, "/zwxmt/index.html"): redirect("/"),
            ("bridge.test", "/wechat/mp/hgfb"): rss("黄冈发布", "hgfb", links=list(own.values())),
        })
        w.routes[(HG, "/a/headget.html")] = lambda h: (h.send(404, "") if h.command == "HEAD"
                                                       else h.send(200, page("通知", "<p>正文</p>")))
        for host in (TWO, BLOCKED, IMAGES, DOWN, SPLIT, GONE):
            w.routes[(host, "/xwzx/1.html")] = (200, page("新闻", "<p>正文</p>"))
        w.routes[(HG, "/xwzx/1.html")] = (200, page("新闻", "<p>正文</p>"))
        sites = [Site("黄冈市人民政府", w.url(HG), Level.CITY, "4211000001"),
                 Site("红安县人民政府", w.url(TWO), Level.COUNTY, "4211220001"),
                 Site("麻城市人民政府", w.url(BLOCKED), Level.COUNTY, "4211810001"),
                 Site("浠水县人民政府", w.url(IMAGES), Level.COUNTY, "4211250001"),
                 Site("蕲春县人民政府", w.url(DOWN), Level.COUNTY, "4211260001"),
                 Site("罗田县人民政府", w.url(SPLIT), Level.COUNTY, "4211230001"),
                 Site("武穴市人民政府", w.url(GONE), Level.COUNTY, "4211820001")]
        accounts = [Account("黄冈发布", Platform.WECHAT, "黄冈市人民政府新闻办公室", "4211000001",
                            source=f"rss:{w.url('bridge.test', '/wechat/mp/hgfb')}")]
        for place, code in (("红安", "4211220001"), ("麻城", "4211810001"), ("浠水", "4211250001"),
                            ("蕲春", "4211260001")):
            w.routes[("bridge.test", f"/wechat/mp/{code}")] = rss(f"{place}发布", code)
            accounts.append(Account(f"{place}发布", Platform.WECHAT, f"{place}县人民政府办公室", code,
                                    source=f"rss:{w.url('bridge.test', f'/wechat/mp/{code}')}"))
        for place, code in (("罗田", "4211230001"), ("武穴", "4211820001")):
            for platform in (Platform.WECHAT, Platform.WEIBO):
                route = f"/{platform.value}/{code}"
                w.routes[("bridge.test", route)] = rss(f"{place}发布", f"{platform.value}{code}")
                accounts.append(Account(f"{place}发布", platform, f"{place}市人民政府办公室", code,
                                        source=f"rss:{w.url('bridge.test', route)}"))
        store = Store(tmp_path / "s.db")
        options = w.options()
        run_id = start_run(store, sites, as_of=AS_OF, options=options, accounts=accounts)
        gather(store, run_id, options, rules=rules)
        check(store, run_id, rules)
    found = by_account(store, run_id)
    links = {f.subject.rsplit("/", 1)[1]: f.status for f in found["黄冈发布"]["media-post-links"] if f.subject}
    assert links == {
        "gone.html": Status.FAIL,  # 404: a real broken link
        "moved.html": Status.FAIL,  # redirected to the homepage: a soft 404, as the crawl says (was: passed)
        "busy503.html": Status.INCONCLUSIVE,  # 503 with Retry-After after retries: rate limited (was: 不通过)
        "waf.html": Status.INCONCLUSIVE,
        "slow429.html": Status.INCONCLUSIVE,
    }, found["黄冈发布"]["media-post-links"]
    moved = next(f for f in found["黄冈发布"]["media-post-links"] if f.subject.endswith("moved.html"))
    assert "跳转到首页" in moved.message
    assert w.hits[("GET", HG, "/a/busy503.html")] == 3  # retried after what Retry-After asked
    # the working matrix page is read although the best-ranked candidate is dead (was: 无法判定 on the dead one)
    assert statuses(found["红安发布"], "media-portal-listed") == {Status.PASS}, found["红安发布"]["media-portal-listed"]
    for name in ("麻城发布", "浠水发布", "蕲春发布"):  # 403, QR codes only, homepage not crawled
        assert statuses(found[name], "media-portal-listed") == {Status.INCONCLUSIVE}, (name, found[name])
    assert statuses(found["黄冈发布"], "media-portal-listed") == {Status.PASS}
    # a 政务微信 page and a 政务微博 page instead of one matrix page: the Weibo account is on the second one (was:
    # 不通过, "未列出", from reading the first page only); the Weibo page's unregistered account is still reported
    assert statuses(found["罗田发布"], "media-portal-listed") == {Status.PASS}, found["罗田发布"]["media-portal-listed"]
    assert len(found["罗田发布"]["media-portal-listed"]) == 2
    split_site = next(sid for sid, s in store.sites(run_id) if s.name == "罗田县人民政府")
    unregistered = [f for f in store.findings(run_id) if f.site_id == split_site and f.rule_id == "media-portal-unregistered"]
    assert [f.status for f in unregistered] == [Status.FAIL] and "罗田公安" in unregistered[0].message
    # the matrix column now redirects to the homepage: the homepage's own block is not the matrix (was: the Weibo
    # account 不通过 "未列出", and 平安武穴 reported as unregistered, both read off the homepage)
    assert statuses(found["武穴发布"], "media-portal-listed") == {Status.INCONCLUSIVE}, found["武穴发布"]
    gone_site = next(sid for sid, s in store.sites(run_id) if s.name == "武穴市人民政府")
    assert {f.status for f in store.findings(run_id) if f.site_id == gone_site
            and f.rule_id == "media-portal-unregistered"} == {Status.INCONCLUSIVE}


def test_network_lost_during_the_media_round_blames_no_link(tmp_path: Path, rules: list[Rule]) -> None:
    """The self-check before and after the crawl passed; the inspector's network goes away while the media round
    runs: a link in a post that got no answer is 无法判定 (was: 不通过, 连接中断), and the run notes say why."""
    with world(HG, "bridge.test") as w:
        feed = rss("黄冈发布", "hgfb", links=[w.url(HG, "/a/ok.html")])

        def bridge(h: _Handler) -> None:
            h.send(*feed)
            h.server.world.down = True  # right after the feed was read

        w.routes.update({
            (HG, "/"): (200, homepage("黄冈市人民政府", ("/zwxmt/index.html", "政务新媒体"), ("/a/ok.html", "通知"))),
            (HG, "/zwxmt/index.html"): (200, matrix("微信公众号：黄冈发布")),
            (HG, "/a/ok.html"): (200, page("通知", "<p>正文</p>")),
            ("bridge.test", "/wechat/mp/hgfb"): bridge,
        })
        site = Site("黄冈市人民政府", w.url(HG), Level.CITY, "4211000001")
        account = Account("黄冈发布", Platform.WECHAT, "黄冈市人民政府新闻办公室", "4211000001",
                          source=f"rss:{w.url('bridge.test', '/wechat/mp/hgfb')}")
        store = Store(tmp_path / "s.db")
        options = w.options()
        run_id = start_run(store, [site], as_of=AS_OF, options=options, accounts=[account])
        gather(store, run_id, options, rules=rules)
    check(store, run_id, rules)
    found = by_account(store, run_id)["黄冈发布"]
    assert statuses(found, "media-post-links") == {Status.INCONCLUSIVE}, found["media-post-links"]
    assert "检查端网络自检失败" in found["media-post-links"][0].message
    assert statuses(found, "media-update") == {Status.PASS}  # what was read before the outage still counts
    assert any("读取政务新媒体期间检查端网络自检失败" in n for n in store.run(run_id)["notes"])
    assert not [f for f in store.findings(run_id) if f.status is Status.FAIL and f.rule_id.startswith("broken-links")]


# --- resume, re-check, registry files, an older store -------------------------------------------------------------


class _StopAtLinks(Reporter):
    def stage(self, name: str, total: int | None = None) -> None:
        if name == "检查账号文章中的本单位网站链接":
            raise KeyboardInterrupt  # Ctrl-C in the middle of the media round


def _key(f: Finding, port: int) -> tuple[Any, ...]:
    return (f.rule_id, f.status.value, f.message.replace(f":{port}", ""), f.subject.replace(f":{port}", ""))


def test_resume_recheck_registry_files_and_an_older_store(tmp_path: Path, rules: list[Rule]) -> None:
    """A media round interrupted and resumed gives the findings of an uninterrupted one, without duplicate probes;
    `check` again with the network gone gives the same findings; a GBK registry with a relative manual:PATH (read
    from another working directory) and a GBK manual CSV work; a store written before issue 5 (schema 2) is
    re-checked and gets a bulletin, and a new run with accounts in it compares with it."""
    registry = tmp_path / "registry"
    (registry / "posts").mkdir(parents=True)
    with world(HG, "bridge.test") as w:
        rows = ["标题,链接,发布时间"] + [f"掌上黄冈第{i}期,{w.url(HG, f'/app/{i}.html')},"
                                        f"{AS_OF - timedelta(days=1 + 3 * i)} 10:00" for i in range(12)]
        (registry / "posts" / "zshg.csv").write_bytes("\n".join(rows).encode("gbk"))
        (registry / "accounts.csv").write_bytes(
            ("账号名称,平台,主办单位,所属网站,数据源\n"
             "黄冈发布,微信公众号,黄冈市人民政府新闻办公室,4211000001,rss:{bridge}/wechat/mp/hgfb\n"
             "掌上黄冈,客户端,黄冈市人民政府办公室,4211000001,manual:posts/zshg.csv\n").encode("gbk"))
        cwd = Path.cwd()
        os.chdir(tmp_path)
        try:  # the registry named relative to another working directory than the one the run goes on in
            accounts = load_accounts(Path("registry") / "accounts.csv", bridge=w.url("bridge.test", ""))
        finally:
            os.chdir(cwd)
        w.routes.update({
            (HG, "/"): (200, homepage("黄冈市人民政府", ("/zwxmt/index.html", "政务新媒体"))),
            (HG, "/zwxmt/index.html"): (200, matrix("微信公众号：黄冈发布", "客户端：掌上黄冈")),
            ("bridge.test", "/wechat/mp/hgfb"): rss("黄冈发布", "hgfb", links=[w.url(HG, "/a/gone.html")]),
        })
        for i in range(12):
            w.routes[(HG, f"/app/{i}.html")] = (200, page("通知", "<p>正文</p>"))
        site = Site("黄冈市人民政府", w.url(HG), Level.CITY, "4211000001")
        store = Store(tmp_path / "s.db")
        options = w.options()
        straight = start_run(store, [site], as_of=AS_OF, options=options, accounts=accounts)
        gather(store, straight, options, rules=rules)
        resumed = start_run(store, [site], as_of=AS_OF, options=options, accounts=accounts)
        with pytest.raises(KeyboardInterrupt):
            gather(store, resumed, options, _StopAtLinks(), rules=rules)
        gather(store, resumed, options, rules=rules)
        first = sorted(_key(f, w.port) for f in check(store, straight, rules) if f.account_id is not None)
        again = sorted(_key(f, w.port) for f in check(store, resumed, rules) if f.account_id is not None)
        port = w.port
    assert first == again
    with store.engine.connect() as conn:
        kinds = dict(conn.execute(text("select kind, count(*) from probes where run_id = :r and kind like 'media-%' "
                                       "group by kind"), {"r": resumed}).all())
    assert kinds == {"media-source": 2, "media-matrix": 1, "media-link": 1 + 12}
    offline = sorted(_key(f, port) for f in check(store, resumed, rules) if f.account_id is not None)
    assert offline == again  # the farm is gone: check reads only the store
    found = by_account(store, resumed)
    assert statuses(found["掌上黄冈"], "media-update") == {Status.PASS}  # the GBK manual list was read
    assert statuses(found["掌上黄冈"], "media-post-links") == {Status.PASS}
    assert statuses(found["黄冈发布"], "media-post-links") == {Status.FAIL}
    assert statuses(found["黄冈发布"], "media-portal-listed") == {Status.PASS}
    store.close()

    # a store from before issue 5: no accounts table, no account columns
    with create_engine(f"sqlite:///{tmp_path / 's.db'}").begin() as conn:
        conn.execute(text("delete from findings where account_id is not null"))
        conn.execute(text("delete from probes where account_id is not null"))
        conn.execute(text("alter table probes drop column account_id"))
        conn.execute(text("alter table findings drop column account_id"))
        conn.execute(text("drop table accounts"))
        conn.execute(text("update meta set value='2' where key='schema_version'"))
    old = Store(tmp_path / "s.db")
    rechecked = check(old, straight, rules)
    assert rechecked and all(f.account_id is None for f in rechecked)
    unregistered = [f for f in rechecked if f.rule_id == "media-portal-unregistered"]
    assert [f.status for f in unregistered] == [Status.NOT_APPLICABLE]  # no registry in that run
    path, _ = bulletin(old, straight, rules, tmp_path / "old.xlsx")
    assert path.is_file()


# --- registry rows that describe one account ---------------------------------------------------------------------


def test_one_account_listed_twice_with_two_sources_is_not_both_active_and_stale(
    tmp_path: Path, rules: list[Rule]
) -> None:
    """Two registry rows that same_account() calls one account (same name, platform and owner, no differing 账号ID
    or 主页地址) but with two 数据源: the account must not come out both 合格 and 不合格 (media-update veto), and
    media-duplicate must not tell either row 在该平台只有这一个账号."""
    store = Store(tmp_path / "s.db")
    site = Site("黄冈市人民政府", "http://www.hg.gov.cn.test/", Level.CITY, "4211000001")
    first = Account("黄冈发布", Platform.WECHAT, "黄冈市人民政府新闻办公室", "4211000001", source="rss:http://b.test/a")
    second = Account("黄冈发布", Platform.WECHAT, "黄冈市人民政府新闻办公室", "4211000001", source="rss:http://b.test/b")
    run_id = start_run(store, [site], as_of=AS_OF, options=GatherOptions(), accounts=[first, second])
    read = datetime.combine(AS_OF, dtime(8, 0), CST)

    def posts(newest: int) -> tuple[Post, ...]:
        return tuple(Post(f"通知{i}", f"https://mp.weixin.qq.com.test/s/{newest}-{i}",
                          datetime.combine(AS_OF - timedelta(days=newest + 2 * i), dtime(9, 0), CST))
                     for i in range(30))

    ids = [aid for aid, _a, _s in store.accounts(run_id)]
    store.add_probes(run_id, [
        source_probe(ids[0], 1, SourceResult(first.source, Health.OK, "rss20 feed, 30 posts", read, posts(1), 200)),
        source_probe(ids[1], 1, SourceResult(second.source, Health.OK, "rss20 feed, 30 posts", read, posts(40), 200)),
    ])
    check(store, run_id, rules)
    update = [f for f in store.findings(run_id, accounts=True) if f.rule_id == "media-update"]
    assert Status.FAIL not in {f.status for f in update} or Status.PASS not in {f.status for f in update}
    duplicate = [f for f in store.findings(run_id, accounts=True) if f.rule_id == "media-duplicate"]
    assert not any("只有这一个账号" in f.message for f in duplicate)
