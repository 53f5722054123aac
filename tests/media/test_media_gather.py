"""The 政务新媒体 gatherer's pieces: which links in posts are the unit's own, and fetching them like any link
(a real loopback server answers 200, 404, a soft 404 and a WAF challenge)."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from inspector.media import CST, Health, Post, SourceResult
from inspector.media.artifacts import on_own_site
from inspector.media.gather import PostLink, own_site_links, probe_post_links, source_probe
from inspector.model import Level, Outcome, Site
from inspector.probes.dns import parse_dns_spec

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crawl"))
from crawl_servers import serving  # noqa: E402

LOOPBACK = parse_dns_spec(None, allowed_networks=("127.0.0.0/8", "::1/128"))
SITE = Site("黄冈市人民政府", "http://www.huanggang.gov.cn/", Level.CITY, "4211000001")


def _post(day: int, url: str, *links: str) -> Post:
    return Post(f"文章{day}", url, datetime(2026, 11, day, 10, 0, tzinfo=CST), tuple(links))


def _result(*posts: Post) -> SourceResult:
    return SourceResult("rss:http://bridge.test/x", Health.OK, "rss20 feed", datetime(2026, 11, 26, tzinfo=CST), posts)


def test_own_site_means_the_site_host_with_or_without_www() -> None:
    assert on_own_site("http://www.huanggang.gov.cn/art/1.html", SITE)
    assert on_own_site("https://huanggang.gov.cn/", SITE)
    assert on_own_site("http://www.huanggang.gov.cn:8080/a", SITE)
    assert not on_own_site("http://jyj.huanggang.gov.cn/a", SITE)  # often another unit's site
    assert not on_own_site("http://www.hubei.gov.cn/", SITE)
    assert not on_own_site("http://nothuanggang.gov.cn/", SITE)  # a suffix that is not a sub-host
    assert not on_own_site("https://mp.weixin.qq.com/s/abc", SITE)
    assert not on_own_site("mailto:x@huanggang.gov.cn", SITE)
    assert not on_own_site("http://[::1/", SITE)  # an unparsable URL is simply not the site's


def test_own_site_links_newest_post_first_each_link_once_and_capped() -> None:
    older = _post(20, "https://mp.weixin.qq.com/s/1", "http://www.huanggang.gov.cn/a.html#top",
                  "http://www.hubei.gov.cn/x.html")
    newer = _post(25, "http://www.huanggang.gov.cn/art/2.html", "http://www.huanggang.gov.cn/a.html")
    links = own_site_links(_result(older, newer), SITE)
    assert [(link.url, link.post.title) for link in links] == [
        ("http://www.huanggang.gov.cn/art/2.html", "文章25"),  # the post itself lives on the site
        ("http://www.huanggang.gov.cn/a.html", "文章25"),
    ]
    many = _result(*(_post(1 + i % 25, f"https://mp.weixin.qq.com/s/{i}", f"http://www.huanggang.gov.cn/{i}.html")
                     for i in range(50)))
    assert len(own_site_links(many, SITE, cap=7)) == 7


def test_source_probe_keeps_the_result_for_the_checks() -> None:
    result = _result(_post(25, "https://mp.weixin.qq.com/s/1", "http://www.huanggang.gov.cn/a.html"))
    probe = source_probe(3, 1, result)
    assert probe.kind == "media-source" and probe.account_id == 3 and probe.ok and probe.outcome == "ok"
    assert SourceResult.from_dict(probe.data) == result
    broken = SourceResult("rss:http://bridge.test/y", Health.CAPTCHA, "captcha page", datetime(2026, 11, 26, tzinfo=CST))
    stored = source_probe(4, None, broken)
    assert not stored.ok and stored.error == "captcha page" and stored.outcome == "captcha"


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        answers = {
            "/ok.html": (200, "<html><head><title>关于做好冬季安全生产的通知</title></head><body><p>正文</p></body></html>"),
            "/gone.html": (404, "<html><body>404 Not Found</body></html>"),
            "/soft.html": (200, "<html><head><title>页面不存在</title></head><body><p>对不起，您访问的页面不存在或已被删除！</p></body></html>"),
            "/waf.html": (200, "<html><head><title>安全验证</title></head><body><p>当前访问疑似黑客攻击，已被网站管理员设置为拦截</p>"
                               "<p>创宇盾 知道创宇 云防御</p></body></html>"),
        }
        status, body = answers.get(self.path, (404, "not found"))
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


def test_post_links_are_fetched_like_any_link() -> None:
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), _Pages)) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        post = _post(25, "https://mp.weixin.qq.com/s/1")
        items = [(7, 1, PostLink(f"{base}/{name}.html", post)) for name in ("ok", "gone", "soft", "waf")]
        records = asyncio.run(probe_post_links(items, LOOPBACK, timeout=5.0, delay=0.0))
    by_url = {r.target.rsplit("/", 1)[1]: r for r in records}
    assert by_url["ok.html"].outcome == Outcome.OK.value and by_url["ok.html"].ok
    assert by_url["gone.html"].outcome == Outcome.BROKEN.value and by_url["gone.html"].http_status == 404
    assert by_url["soft.html"].outcome == Outcome.SOFT_404.value
    assert by_url["waf.html"].outcome == Outcome.WAF.value
    assert all(r.kind == "media-link" and r.account_id == 7 and r.site_id == 1 for r in records)
    assert by_url["gone.html"].data == {"post": post.url, "post_title": "文章25",
                                        "published": "2026-11-25T10:00:00+08:00"}

