"""Adversarial review of the portal cross-check and of links in posts: matrix pages as governments build them
(group headings, county headings, traditional characters, captions with slogans) must not invent accounts, and a
link in a post must not be called broken when the inspector could not tell (a large attachment, a transient 502,
a 412 challenge, rate limiting). Real loopback servers, no mocks."""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections import Counter
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from inspector.media import CST, Post
from inspector.media.accounts import Platform
from inspector.media.artifacts import PortalEntry
from inspector.media.gather import UNNAMED_IMAGES_NOTE, PostLink, probe_post_links, read_matrix
from inspector.media.portal import matrix_entries, read_matrix_page
from inspector.model import Outcome
from inspector.probes.dns import parse_dns_spec

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "crawl"))
from crawl_servers import serving  # noqa: E402

LOOPBACK = parse_dns_spec(None, allowed_networks=("127.0.0.0/8", "::1/128"))


# --- links in posts: checked like any link --------------------------------------------------------------------


class _Links(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: Counter[str] = Counter()
    lock = threading.Lock()

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        with self.lock:
            self.hits[self.path] += 1
            hit = self.hits[self.path]
        page = "<html><head><title>关于做好冬季安全生产的通知</title></head><body><p>正文内容</p></body></html>".encode()
        if self.path == "/big.pdf":  # a 30 MB attachment served slowly: its download takes far longer than the limit
            size = 30 * 1024 * 1024
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"%PDF" + b"0" * 4092)
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass  # the client stopped reading: what a link check should do
            self.close_connection = True
        elif self.path == "/flaky.html":  # a gateway error on the first try only
            self._send(502, b"<html><body>502 Bad Gateway</body></html>") if hit == 1 else self._send(200, page)
        elif self.path == "/challenge.html":  # a 412 JS challenge whose body names no known WAF
            self._send(412, b"<html><head><script src='/x9/a.js'></script></head><body></body></html>")
        elif self.path == "/busy.html":
            self._send(429, b"<html><body>Too Many Requests</body></html>")
        elif self.path == "/down.html":
            self._send(500, b"<html><body>500 Internal Server Error</body></html>")
        elif self.path == "/ok.html":
            self._send(200, page)
        else:
            self._send(404, b"<html><body>404 Not Found</body></html>")

    def log_message(self, *args: object) -> None:
        pass


def test_post_links_are_not_called_broken_when_the_answer_says_nothing_about_the_link() -> None:
    _Links.hits.clear()
    post = Post("文章", "https://mp.weixin.qq.com/s/1", datetime(2026, 11, 25, 10, tzinfo=CST))
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), _Links)) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        names = ("big.pdf", "flaky.html", "challenge.html", "busy.html", "down.html", "gone.html", "ok.html")
        items = [(7, 1, PostLink(f"{base}/{name}", post)) for name in names]
        started = time.monotonic()
        records = asyncio.run(probe_post_links(items, LOOPBACK, timeout=2.0, delay=0.0, retry_delay=0.05))
        took = time.monotonic() - started
    by = {r.target.rsplit("/", 1)[1]: r for r in records}
    assert by["big.pdf"].outcome == Outcome.OK.value  # not a "timeout": the attachment exists
    assert by["big.pdf"].http_status == 200
    assert by["flaky.html"].outcome == Outcome.OK.value and _Links.hits["/flaky.html"] == 2  # retried
    assert by["challenge.html"].outcome == Outcome.WAF.value  # 412: cannot verify, not broken
    assert by["busy.html"].outcome == Outcome.RATE_LIMITED.value and _Links.hits["/busy.html"] == 3
    assert by["down.html"].outcome == Outcome.BROKEN.value and _Links.hits["/down.html"] == 3  # after retries
    assert by["down.html"].error == "http 500"
    assert by["gone.html"].outcome == Outcome.BROKEN.value and _Links.hits["/gone.html"] == 1  # 404: no retry
    assert by["ok.html"].ok and by["ok.html"].outcome == Outcome.OK.value
    assert all(r.kind == "media-link" and r.account_id == 7 for r in records)
    assert took < 8.0  # the slow attachment was not downloaded


# --- matrix pages: what must not become an account, and what must not be lost ----------------------------------

WECHAT, WEIBO, DOUYIN = Platform.WECHAT, Platform.WEIBO, Platform.DOUYIN
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "media"


def _pairs(html: str | bytes) -> list[tuple[str, Platform | None]]:
    return [(e.name, e.platform) for e in matrix_entries(html, "http://www.huanggang.gov.cn.test/zwxmt/")]


def _page(body: str) -> str:
    return f'<html><head><meta charset="utf-8"><title>政务新媒体</title></head><body>{body}</body></html>'


def test_headings_of_a_city_wide_matrix_are_not_accounts() -> None:
    listed = _pairs(_page(
        '<div class="xmt"><ul><li class="title">红安县</li><li><img src="a.png"><p>红安发布</p></li>'
        '<li><img src="b.png"><p>平安红安</p></li></ul><ul><li class="title">麻城市</li><li>麻城发布</li>'
        "<li>麻城融媒</li></ul></div>"))
    assert listed == [("红安发布", None), ("平安红安", None), ("麻城发布", None), ("麻城融媒", None)]
    plain = _pairs(_page(
        '<div class="xmt"><ul><li>市直部门</li><li>黄冈发布</li><li>平安黄冈</li><li>黄州区</li><li>黄州发布</li>'
        "<li>路口镇</li><li>路口发布</li></ul></div>"))
    assert plain == [("黄冈发布", None), ("平安黄冈", None), ("黄州发布", None), ("路口发布", None)]
    unit_first = _pairs(_page(
        '<div class="xmt"><ul><li><span class="dw">红安县</span><img src="a.png"><p>红安发布</p></li>'
        '<li><span class="dw">麻城市</span><img src="b.png"><p>麻城发布</p></li></ul></div>'))
    assert unit_first == [("红安发布", None), ("麻城发布", None)]  # before: ("红安县", None), ("麻城市", None)


def test_group_rows_of_a_table_are_not_accounts() -> None:
    listed = _pairs(_page(
        "<table><tr><td>序号</td><td>账号名称</td><td>平台</td><td>开设单位</td></tr>"
        "<tr><td colspan=4>市直部门</td></tr>"
        "<tr><td>1</td><td>平安黄冈</td><td>微信</td><td>黄冈市公安局</td></tr>"
        "<tr><td colspan=4>红安县</td></tr>"
        "<tr><td>2</td><td rowspan=2>红安发布</td><td>微信</td><td>红安县政府办</td></tr>"
        "<tr><td>3</td><td>微博</td><td>红安县政府办</td></tr>"
        "<tr><td colspan=2>黄冈高新技术产业开发区</td><td colspan=2></td></tr>"
        "<tr><td>4</td><td>黄冈高新区</td><td>抖音</td><td>管委会</td></tr></table>"))
    assert listed == [("平安黄冈", WECHAT), ("红安发布", WECHAT), ("红安发布", WEIBO), ("黄冈高新区", DOUYIN)]


def test_what_is_left_of_a_slogan_or_a_greeting_is_not_an_account() -> None:
    listed = _pairs(_page(
        '<ul class="xmt"><li><img src="a.png"><p>黄冈发布</p></li><li><img src="b.png"><p>欢迎关注我们</p></li>'
        '<li><img src="c.png"><p>权威发布 服务群众</p></li><li><img src="d.png"><p>黄冈市人民政府门户网站</p></li></ul>'))
    assert listed == [("黄冈发布", None)]


def test_notice_titles_in_the_matrix_block_are_not_accounts() -> None:
    listed = _pairs(_page(
        '<div class="xmt"><ul><li><img src="a.png"><p>黄冈发布</p></li><li><img src="b.png"><p>平安黄冈</p></li>'
        '<li><img src="c.png"><p>关于开展政务公开检查工作的通知</p></li><li><img src="d.png"><p>黄冈市政务公开工作实施方案</p>'
        "</li></ul></div>"))
    assert listed == [("黄冈发布", None), ("平安黄冈", None)]


def test_a_traditional_character_page_reads_platform_words_and_names() -> None:
    listed = _pairs(_page('<ul class="xmt"><li><img src="a.png"><p>黃岡發佈（微信公眾號）</p></li>'
                          '<li><img src="b.png"><p>平安黃岡（新浪微博）</p></li></ul>'))
    assert listed == [("黄冈发布", WECHAT), ("平安黄冈", WEIBO)]  # before: ("黃岡發佈", None)


def test_an_account_alone_in_its_tab_or_county_is_kept() -> None:
    tabs = _pairs(_page(
        '<div class="xmt"><ul class="tab-t"><li class="on">微信</li><li>微博</li><li>抖音</li></ul>'
        '<div class="tab-c"><ul><li><img src="a.png"><p>黄冈发布</p></li><li><img src="b.png"><p>平安黄冈</p></li>'
        '</ul></div><div class="tab-c" style="display:none"><ul><li><img src="c.png"><p>黄冈发布</p></li>'
        '<li><img src="d.png"><p>健康黄冈</p></li></ul></div><div class="tab-c" style="display:none"><ul>'
        '<li><img src="e.png"><p>黄冈市人民政府</p></li></ul></div></div>'))
    # the tabs' platforms are not tied to their panels: no platform, so the names match any (never a wrong one)
    assert tabs == [("黄冈发布", None), ("平安黄冈", None), ("健康黄冈", None), ("黄冈市人民政府", None)]
    counties = _pairs(_page(
        '<div class="xmt"><dl><dt>红安县</dt><dd><img src="a.png"><p>红安发布</p></dd><dd><img src="b.png">'
        '<p>平安红安</p></dd></dl><dl><dt>麻城市</dt><dd><img src="c.png"><p>麻城发布</p></dd></dl></div>'))
    assert counties == [("红安发布", None), ("平安红安", None), ("麻城发布", None)]  # before: 麻城发布 was lost


def test_an_account_id_after_the_name_is_no_reason_to_drop_it() -> None:
    listed = _pairs(_page('<ul class="ewm"><li><img src="a.png"><p>黄冈发布 抖音号：hgfb2020</p></li>'
                          '<li><img src="b.png"><p>黄冈发布（官方微博）</p></li><li><img src="c.png"><p>微信号：hgfb</p>'
                          "</li></ul>"))
    assert listed == [("黄冈发布", DOUYIN), ("黄冈发布", WEIBO)]


def test_captions_under_images_and_the_images_without_one() -> None:
    page = read_matrix_page(_page(
        '<div class="content"><p><img src="/u/1.jpg"></p><p>黄冈发布微信公众号</p><p><img src="/u/2.jpg"></p>'
        "<p>黄冈发布新浪微博</p><p><img src=\"/u/3.jpg\"></p><p>平安黄冈</p></div>"), "http://x.test/")
    assert [(e.name, e.platform) for e in page.entries] == [("黄冈发布", WECHAT), ("黄冈发布", WEIBO)]
    assert page.unnamed_images == 1  # 平安黄冈's picture: an account may be on the page without a readable name
    for name in ("portal-xmt-captions.html", "portal-images-gbk.html", "portal-table.html", "portal-sections.html",
                 "portal-labelled.html"):
        assert read_matrix_page((FIXTURES / name).read_bytes(), name, content_type="text/html").unnamed_images == 0


class _Matrix(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        body = _page('<ul class="xmt"><li><img src="/ewm/1.jpg"><p>黄冈发布（微信公众号）</p></li>'
                     '<li><img src="/ewm/2.jpg"><p>平安黄冈（新浪微博）</p></li>'
                     '<li><img src="/ewm/3.jpg" alt=""></li></ul>').encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_matrix_page_with_unnamed_qr_codes_says_so() -> None:
    with serving(ThreadingHTTPServer(("127.0.0.1", 0), _Matrix)) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/zwxmt/"
        listing = asyncio.run(read_matrix(url, LOOPBACK, timeout=5.0))
    assert listing.status == "read"
    assert listing.entries == (PortalEntry("黄冈发布", WECHAT, "黄冈发布（微信公众号）"),
                               PortalEntry("平安黄冈", WEIBO, "平安黄冈（新浪微博）"))
    assert listing.reason == UNNAMED_IMAGES_NOTE.format(count=1)
