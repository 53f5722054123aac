"""Reading accounts against a real loopback HTTP server that serves the fixture feeds: every kind of answer a
bridge or platform gives becomes the right source health, and only healthy answers carry posts."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from inspector import USER_AGENT
from inspector.media import (
    CST,
    Account,
    Health,
    Platform,
    SourceResult,
    load_accounts,
    parse_time,
    parse_weibo_time,
    read_account,
    read_accounts,
)
from inspector.media.adapters import judge_answer, sniff
from inspector.probes.dns import parse_dns_spec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "media"
LOOPBACK = parse_dns_spec(None, allowed_networks=("127.0.0.0/8", "::1/128"))
RSS = "application/rss+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"

# path -> (status, content type, fixture file or literal bytes, extra headers)
ROUTES: dict[str, tuple[int, str, str | bytes, dict[str, str]]] = {
    "/rsshub/wechat/mp/hgfb": (200, RSS, "rsshub-wechat.xml", {}),
    "/rsshub/toutiao/user/token/hazf": (200, "application/atom+xml; charset=utf-8", "atom-toutiao.xml", {}),
    "/rsshub/douyin/user/mcfb": (200, "application/feed+json; charset=utf-8", "jsonfeed-douyin.json", {}),
    "/api/container/getIndex?containerid=1076030000000001": (200, JSON, "weibo-getindex.json", {}),
    "/api/container/getIndex?containerid=login": (200, JSON, "weibo-login.json", {}),
    "/rsshub/wechat/mp/qcfb": (200, RSS, "empty-rss.xml", {}),
    "/rsshub/wechat/mp/captcha": (200, HTML, "captcha-wechat.html", {}),
    "/rsshub/weibo/user/1000000001": (503, HTML, "rsshub-cookie-expired.html", {}),
    "/waf": (412, HTML, "waf-ruishu.html", {}),
    "/missing": (404, HTML, b"<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>",
                 {}),
    "/rsshub/wechat/mp/xsfb": (200, RSS, "malformed.xml", {}),
    "/limited": (429, "text/plain", b"Too Many Requests", {"Retry-After": "0"}),
    "/down": (503, "text/plain", b"Service Unavailable", {}),
    "/passport/login": (200, HTML, "<html><head><title>登录</title></head><body><p>请先登录后访问</p></body></html>"
                        .encode(), {}),
    "/goto-login": (302, "text/plain", b"", {"Location": "/passport/login?r=feed"}),
    "/html-page": (200, HTML, "<html><head><title>黄冈发布</title></head><body><p>欢迎访问</p></body></html>".encode(), {}),
    "/huge": (200, RSS, b"<rss version=\"2.0\"><channel>" + b"<!-- padding -->" * 2000 + b"</channel></rss>", {}),
    "/canary": (200, RSS, "rsshub-wechat.xml", {}),
}
SLOW_SECONDS = 3.0


class _Handler(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()
    agents: list[str] = []
    flaky_seen: set[str] = set()

    def do_GET(self) -> None:  # noqa: N802
        type(self).hits[self.path] += 1
        type(self).agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            return self._send(200, RSS, (FIXTURES / "rsshub-wechat.xml").read_bytes(), {})
        if self.path == "/drip":  # headers at once, then a byte every 0.2 s: each read is in time, the whole is not
            self.send_response(200)
            self.send_header("Content-Type", RSS)
            self.end_headers()
            try:
                for _ in range(int(SLOW_SECONDS / 0.2)):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.2)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if self.path.startswith("/flaky"):  # first 429 with Retry-After: 1, then the feed
            if self.path not in type(self).flaky_seen:
                type(self).flaky_seen.add(self.path)
                return self._send(429, "text/plain", b"slow down", {"Retry-After": "1"})
            return self._send(200, RSS, (FIXTURES / "rsshub-wechat.xml").read_bytes(), {})
        if self.path == "/url-body":  # a body that is just an address: feedparser must not fetch it
            port = self.server.server_address[1]
            return self._send(200, RSS, f"http://127.0.0.1:{port}/canary".encode(), {})
        if self.path not in ROUTES:
            return self._send(404, HTML, b"<html><body>no route</body></html>", {})
        status, ctype, body, headers = ROUTES[self.path]
        data = body if isinstance(body, bytes) else (FIXTURES / body).read_bytes()
        return self._send(status, ctype, data, headers)

    def _send(self, status: int, ctype: str, data: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _account(source: str, platform: Platform = Platform.WECHAT, name: str = "测试账号") -> Account:
    return Account(name=name, platform=platform, owner="测试单位", source=source)


def _read(source: str, **kwargs: Any) -> SourceResult:
    kwargs.setdefault("default_retry_after", 0.05)
    return asyncio.run(read_account(_account(source), LOOPBACK, **kwargs))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cst(*args: int) -> datetime:
    return datetime(*args, tzinfo=CST)


# --- healthy sources -------------------------------------------------------------------------------------------


def test_rsshub_rss_feed_gives_posts_with_beijing_times(server: str) -> None:
    result = _read(f"rss:{server}/rsshub/wechat/mp/hgfb")
    assert result.health is Health.OK and result.healthy and result.status == 200 and result.attempts == 1
    assert [p.title for p in result.posts] == [
        "黄冈市召开全市政务公开工作推进会",
        "提醒！办理社保业务请先登录“鄂汇办”，注意防范验证码诈骗",  # 登录 / 验证码 in a post is not a captcha
        "【置顶】黄冈市2026年政府工作报告全文",
    ]
    assert result.posts[0].url == "https://mp.weixin.qq.com.test/s/AbCdEf0001"
    assert result.posts[0].published == _cst(2026, 11, 26, 9, 30)  # pubDate 01:30 GMT
    assert result.posts[2].url == f"{server}/s/AbCdEf0000"  # a relative link resolves against the feed
    assert result.latest == _cst(2026, 11, 26, 9, 30)
    assert result.fetched_at.tzinfo is not None
    assert _Handler.agents[-1] == USER_AGENT  # fetched through make_client


def test_atom_feed_falls_back_to_updated(server: str) -> None:
    result = _read(f"atom:{server}/rsshub/toutiao/user/token/hazf")
    assert result.health is Health.OK
    assert [p.published for p in result.posts] == [_cst(2026, 11, 5, 8, 0), _cst(2026, 10, 21, 0, 45)]
    assert result.posts[1].url == "https://www.toutiao.com.test/article/7300000000000000000/"


def test_json_feed_reads_zone_less_time_as_beijing_time(server: str) -> None:
    result = _read(f"jsonfeed:{server}/rsshub/douyin/user/mcfb")
    assert result.health is Health.OK
    assert [(p.title, p.published) for p in result.posts] == [
        ("麻城菊花节开幕", _cst(2026, 11, 25, 20, 15)),
        ("秋收时节，麻城田间地头一片繁忙", _cst(2026, 11, 20, 9, 0)),
    ]


def test_weibo_json_cards_become_status_links(server: str) -> None:
    result = _read(f"weibo:{server}/api/container/getIndex?containerid=1076030000000001")
    assert result.health is Health.OK
    by_url = {p.url: p for p in result.posts}
    assert set(by_url) == {
        "https://m.weibo.cn/status/5100000000000003",
        "https://m.weibo.cn/status/5000000000000001",  # pinned
        "https://m.weibo.cn/status/5100000000000002",  # inside a card_group
    }
    first = by_url["https://m.weibo.cn/status/5100000000000003"]
    assert first.published == _cst(2026, 11, 26, 10, 30)
    assert first.title.startswith("#黄冈# 【今冬首场寒潮来袭】") and "<a" not in first.title
    assert not first.title.endswith("全文")
    assert result.latest == _cst(2026, 11, 26, 10, 30)  # the pinned March post does not hide it


def test_empty_valid_feed_is_empty_not_an_error(server: str) -> None:
    result = _read(f"rss:{server}/rsshub/wechat/mp/qcfb")
    assert result.health is Health.EMPTY and result.healthy
    assert result.posts == () and result.latest is None


# --- sources that give no data ---------------------------------------------------------------------------------


def test_captcha_page_with_200_is_captcha_and_not_retried(server: str) -> None:
    path = "/rsshub/wechat/mp/captcha"
    before = _Handler.hits[path]
    result = _read(f"rss:{server}{path}", retries=2)
    assert result.health is Health.CAPTCHA and not result.healthy and result.status == 200
    assert result.posts == ()
    assert _Handler.hits[path] - before == 1


def test_rsshub_cookie_expired_page_is_auth_expired(server: str) -> None:
    path = "/rsshub/weibo/user/1000000001"
    before = _Handler.hits[path]
    result = _read(f"rss:{server}{path}", retries=2)
    assert result.health is Health.AUTH_EXPIRED and result.status == 503
    assert "Cookie 已过期" in result.detail
    assert _Handler.hits[path] - before == 1  # a 503 that asks for a cookie is not retried


def test_weibo_login_answer_is_auth_expired(server: str) -> None:
    result = _read(f"weibo:{server}/api/container/getIndex?containerid=login")
    assert result.health is Health.AUTH_EXPIRED and "ok=-100" in result.detail


def test_redirect_to_a_login_page_is_auth_expired(server: str) -> None:
    result = _read(f"rss:{server}/goto-login")
    assert result.health is Health.AUTH_EXPIRED and result.url.endswith("/passport/login?r=feed")


def test_waf_challenge_on_a_json_source_is_captcha(server: str) -> None:
    result = _read(f"weibo:{server}/waf")
    assert result.health is Health.CAPTCHA and result.status == 412


def test_404_is_http_error_without_retry(server: str) -> None:
    before = _Handler.hits["/missing"]
    result = _read(f"rss:{server}/missing", retries=2)
    assert result.health is Health.HTTP_ERROR and result.detail == "http 404" and result.status == 404
    assert _Handler.hits["/missing"] - before == 1


def test_slow_server_is_unreachable_by_timeout(server: str) -> None:
    started = time.perf_counter()
    result = _read(f"rss:{server}/slow", timeout=0.5, retries=0)
    assert time.perf_counter() - started < SLOW_SECONDS
    assert result.health is Health.UNREACHABLE and result.detail == "read timeout" and result.status is None


def test_a_dripping_answer_is_bounded_by_the_total_deadline(server: str) -> None:
    started = time.perf_counter()
    result = _read(f"rss:{server}/drip", timeout=0.4, retries=0)
    assert time.perf_counter() - started < SLOW_SECONDS - 0.5
    assert result.health is Health.UNREACHABLE and result.detail == "timeout"


def test_malformed_xml_is_parse_error_even_if_partly_readable(server: str) -> None:
    result = _read(f"rss:{server}/rsshub/wechat/mp/xsfb")
    assert result.health is Health.PARSE_ERROR and "malformed feed" in result.detail
    assert result.posts == ()


def test_html_page_instead_of_a_feed_is_parse_error(server: str) -> None:
    result = _read(f"rss:{server}/html-page")
    assert result.health is Health.PARSE_ERROR and "HTML" in result.detail


def test_feedparser_never_fetches_an_address_in_the_body(server: str) -> None:
    before = _Handler.hits["/canary"]
    result = _read(f"rss:{server}/url-body")
    assert result.health is Health.PARSE_ERROR
    assert _Handler.hits["/canary"] == before


def test_oversized_answer_is_cut(server: str) -> None:
    result = _read(f"rss:{server}/huge", max_bytes=1000)
    assert result.health is Health.PARSE_ERROR and "cut" in result.detail


def test_refused_and_fenced_addresses_are_unreachable() -> None:
    refused = _read(f"rss:http://127.0.0.1:{_closed_port()}/feed", retries=1)
    assert refused.health is Health.UNREACHABLE and refused.detail == "refused" and refused.attempts == 2
    fenced = parse_dns_spec(None, allowed_networks=("127.0.0.0/8",))
    blocked = asyncio.run(read_account(_account("rss:http://[::1]:9/feed"), fenced, retries=3))
    assert blocked.health is Health.UNREACHABLE and blocked.detail == "dns: blocked"
    assert blocked.attempts == 1  # the fence is final: no retry


# --- retries and Retry-After -----------------------------------------------------------------------------------


def test_persistent_429_is_rate_limited_after_the_retries(server: str) -> None:
    before = _Handler.hits["/limited"]
    result = _read(f"rss:{server}/limited", retries=2)
    assert result.health is Health.RATE_LIMITED and result.status == 429 and result.attempts == 3
    assert _Handler.hits["/limited"] - before == 3


def test_retry_after_is_honoured_then_the_feed_is_read(server: str) -> None:
    started = time.perf_counter()
    result = _read(f"rss:{server}/flaky-1", retries=1)
    elapsed = time.perf_counter() - started
    assert result.health is Health.OK and result.attempts == 2 and len(result.posts) == 3
    assert elapsed >= 0.9  # waited what Retry-After: 1 asked


def test_retry_after_is_capped(server: str) -> None:
    started = time.perf_counter()
    result = _read(f"rss:{server}/flaky-2", retries=1, max_retry_after=0.1)
    assert result.health is Health.OK and time.perf_counter() - started < 0.9


def test_plain_503_is_retried_then_http_error(server: str) -> None:
    before = _Handler.hits["/down"]
    result = _read(f"rss:{server}/down", retries=1)
    assert result.health is Health.HTTP_ERROR and result.detail == "http 503" and result.attempts == 2
    assert _Handler.hits["/down"] - before == 2


# --- sources without a fetch -----------------------------------------------------------------------------------


def test_bridge_placeholder_is_filled_at_read_time(server: str) -> None:
    account = _account("rss:{bridge}/rsshub/wechat/mp/hgfb")
    result = asyncio.run(read_account(account, LOOPBACK, bridge=server + "/"))
    assert result.health is Health.OK and result.source == f"rss:{server}/rsshub/wechat/mp/hgfb"
    unfilled = asyncio.run(read_account(account, LOOPBACK))
    assert unfilled.health is Health.UNSUPPORTED and "bridge" in unfilled.detail and unfilled.attempts == 0


def test_account_without_source_is_unsupported() -> None:
    result = asyncio.run(read_account(_account(""), LOOPBACK))
    assert result.health is Health.UNSUPPORTED and result.source == "" and not result.healthy


def test_manual_csv_through_the_registry(tmp_path: Path) -> None:
    (tmp_path / "posts").mkdir()
    shutil.copy(FIXTURES / "manual-posts.csv", tmp_path / "posts" / "ys.csv")
    (tmp_path / "bad.csv").write_text("标题,链接,发布时间\n甲,,2026-11-01\n乙,,上周三\n", encoding="utf-8")
    (tmp_path / "none.csv").write_text("标题,链接,发布时间\n", encoding="utf-8")
    registry = tmp_path / "accounts.csv"
    registry.write_text(
        "账号名称,平台,数据源\n英山发布,客户端,manual:posts/ys.csv\n缺失,其他,manual:posts/missing.csv\n"
        "坏表,其他,manual:bad.csv\n空表,其他,manual:none.csv\n",
        encoding="utf-8",
    )
    accounts = load_accounts(registry)
    assert accounts[0].source == f"manual:{tmp_path / 'posts' / 'ys.csv'}"  # relative to the registry
    results = [asyncio.run(read_account(a, LOOPBACK)) for a in accounts]
    ok, missing, bad, empty = results
    assert ok.health is Health.OK
    assert [(p.title, p.published) for p in ok.posts] == [
        ("英山县政务服务中心延时服务公告", _cst(2026, 11, 24, 16, 20)),
        ("英山云雾茶采摘季开启", _cst(2026, 11, 10)),
        ("英山县第三季度政务公开工作通报", _cst(2026, 10, 8)),
    ]
    assert ok.posts[0].url == "https://www.chinays.gov.cn.test/xxgk/2026/1124.html" and ok.posts[2].url == ""
    assert missing.health is Health.UNREACHABLE and "not found" in missing.detail
    assert bad.health is Health.PARSE_ERROR and "row 3" in bad.detail and "上周三" in bad.detail
    assert empty.health is Health.EMPTY


# --- many accounts ---------------------------------------------------------------------------------------------


def test_read_accounts_keeps_order_and_spaces_requests_per_host(server: str, tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "manual-posts.csv", tmp_path / "m.csv")
    accounts = [
        _account(f"rss:{server}/rsshub/wechat/mp/hgfb", name="甲"),
        _account(f"rss:{server}/rsshub/wechat/mp/qcfb", name="乙"),
        _account(f"manual:{tmp_path / 'm.csv'}", Platform.APP, name="丙"),
        _account(f"weibo:{server}/api/container/getIndex?containerid=1076030000000001", Platform.WEIBO, name="丁"),
        _account("", Platform.OTHER, name="戊"),
    ]
    seen: list[str] = []
    started = time.perf_counter()
    results = asyncio.run(read_accounts(accounts, LOOPBACK, host_delay=0.3, concurrency=4,
                                        progress=lambda a, r: seen.append(a.name)))
    elapsed = time.perf_counter() - started
    assert [r.health for r in results] == [Health.OK, Health.EMPTY, Health.OK, Health.OK, Health.UNSUPPORTED]
    assert sorted(seen) == sorted(a.name for a in accounts)
    assert elapsed >= 0.85  # three requests to one host, 0.3 s apart (and after the last)
    payload = json.loads(json.dumps(results[0].to_dict(), ensure_ascii=False))
    assert payload["health"] == "ok" and payload["health_label"] == "正常"
    assert payload["latest"] == "2026-11-26T09:30:00+08:00" and len(payload["posts"]) == 3


# --- pure helpers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu, 26 Nov 2026 02:30:00 GMT", _cst(2026, 11, 26, 10, 30)),
        ("Thu Nov 26 10:30:00 +0800 2026", _cst(2026, 11, 26, 10, 30)),
        ("2026-11-26T10:30:00Z", _cst(2026, 11, 26, 18, 30)),
        ("2026-11-26 10:30", _cst(2026, 11, 26, 10, 30)),
        ("2026年11月26日 10时30分", _cst(2026, 11, 26, 10, 30)),
        ("２０２６／１１／２６", _cst(2026, 11, 26)),
        ("2026-02-30", None),
        ("上周三", None),
        ("", None),
    ],
)
def test_parse_time_forms(text: str, expected: datetime | None) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("刚刚", _cst(2026, 11, 26, 10, 0)),
        ("5分钟前", _cst(2026, 11, 26, 9, 55)),
        ("3小时前", _cst(2026, 11, 26, 7, 0)),
        ("昨天 08:15", _cst(2026, 11, 25, 8, 15)),
        ("11-20", _cst(2026, 11, 20)),
        ("12-01", _cst(2025, 12, 1)),  # a month-day after today is last year's
        ("2025-11-26", _cst(2025, 11, 26)),
        ("Thu Nov 26 10:30:00 +0800 2026", _cst(2026, 11, 26, 10, 30)),
    ],
)
def test_weibo_relative_times(text: str, expected: datetime) -> None:
    assert parse_weibo_time(text, _cst(2026, 11, 26, 10, 0)) == expected


def test_sniff_and_weibo_ok_zero_is_not_empty() -> None:
    assert sniff(b"\xef\xbb\xbf  <?xml version='1.0'?><rss version='2.0'>") == "xml"
    assert sniff(b"<!DOCTYPE html><html>") == "html"
    assert sniff(b' {"ok": 1}') == "json" and sniff(b"") == "empty"
    # Weibo says 这里还没有内容 for a wrong container id too: no data, never "no posts"
    answer = json.dumps({"ok": 0, "msg": "这里还没有内容"}, ensure_ascii=False).encode()
    parsed = judge_answer("weibo", 200, {"Content-Type": JSON}, answer, url="http://x.test/", now=_cst(2026, 11, 26))
    assert parsed.health is Health.PARSE_ERROR and not parsed.health.healthy
