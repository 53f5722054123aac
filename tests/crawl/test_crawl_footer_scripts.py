"""Homepage footers written by external scripts (footer.js): which scripts are read, and a real crawl that reads
them, merges their marks into the homepage's facts, and records the scripts it could not read."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from crawl_servers import DnsResponder, serving
from sqlalchemy import create_engine, text

from inspector.crawl import run_crawl
from inspector.store import Store
from spiders.outcome import footer_script_candidates, looks_like_html_document

KEYS = [("qichun.gov.cn.test", 80)]
HOME = "http://www.qichun.gov.cn.test/"


# -- which scripts ----------------------------------------------------------------------------------------------
def test_named_scripts_first_and_only_same_site() -> None:
    sources = [
        HOME + "js/jquery-1.8.3.min.js",
        HOME + "js/menu.js",
        HOME + "js/footer.js?v=2",
        "http://cdn.other.test/js/footer.js",
        HOME + "include/dibu.js",
        HOME + "js/footer.js?v=2#x",
        "http://qichun.gov.cn.test/common/js/nav.js",  # without www.: the same site
        HOME + "js/gb.js",
        HOME + "js/gbk_tools.js",  # "gb" only as a word of its own
    ]
    fetch, skipped = footer_script_candidates(sources, KEYS, any_script=False, limit=5)
    assert fetch == [HOME + "js/footer.js?v=2", HOME + "include/dibu.js", "http://qichun.gov.cn.test/common/js/nav.js",
                     HOME + "js/gb.js"]
    assert skipped == []


def test_any_script_when_the_page_shows_no_mark_and_the_cap() -> None:
    sources = [HOME + "js/a.js", HOME + "js/bottom.js", HOME + "js/b.js", HOME + "js/jquery.js", "javascript:void(0)"]
    fetch, skipped = footer_script_candidates(sources, KEYS, any_script=True, limit=2)
    assert fetch == [HOME + "js/bottom.js", HOME + "js/a.js"]
    assert skipped == [HOME + "js/b.js"]
    assert footer_script_candidates(sources, KEYS, any_script=True, limit=0) == ([], [HOME + "js/bottom.js",
                                                                                    HOME + "js/a.js", HOME + "js/b.js"])


@pytest.mark.parametrize(
    ("body", "html"),
    [
        ("<!DOCTYPE html><html><body>404</body></html>", True),
        ("\ufeff  <html>\n<head><title>安全验证</title>", True),
        ("<!-- nginx -->\n<HTML><BODY>error</BODY></HTML>", True),
        ("document.write('<html><body>');", False),
        ("<!--\ndocument.write('<p>网站标识码：4211260001</p>');\n//-->", False),
        ("", False),
    ],
)
def test_html_page_served_for_a_script(body: str, html: bool) -> None:
    assert looks_like_html_document(body) is html


# -- a real crawl -----------------------------------------------------------------------------------------------
FOOTER_JS = (
    "/* 页脚 */\n"
    "document.write('<div class=\"footer\"><p>网站标识码：4211260001　鄂ICP备05002001号-1</p>');\n"
    "document.write('<p><span id=\"_ideConac\"></span>"
    "<script src=\"http://dcs.conac.cn.test/js/CA1.js\"><\\/script>');\n"
    "document.write('<a href=\"/jiucuo/\">我为政府网站找错</a></p></div>');\n"
)
POLICE_JS = 'var ga = "鄂公网安备 42112602000089号";\ndocument.getElementById("ga").innerHTML = ga;\n'
BIG_JS_HEAD = "document.write('<p>鄂公网安备 42112602000089号</p>');\n/*".encode()
BIG_SIZE = 24 * 1024 * 1024  # far over the cap, under DOWNLOAD_MAXSIZE (which would fail the request instead)


def page(body: str, charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>测试</title></head><body>\n'
            f'<div class="nav"><a href="/a.html">新闻</a></div>\n{body}\n</body></html>')


# (host, path) -> (status, content type, body, extra headers); hosts without www. are not used
ROUTES: dict[tuple[str, str], tuple[int, str, bytes, dict[str, str]]] = {
    # A: nothing inline; the footer comes from a GBK footer.js (no charset sent) and a redirected common.js
    ("www.a.test", "/"): (200, "text/html", page(
        '<script src="/js/jquery.min.js"></script><script src="/js/footer.js"></script>'
        '<script src="/js/common.js"></script><script src="http://cdn.test/js/footer.js"></script>',
        "gbk").encode("gb18030"), {}),
    ("www.a.test", "/js/footer.js"): (200, "application/javascript", FOOTER_JS.encode("gb18030"), {}),
    ("www.a.test", "/js/common.js"): (302, "text/html", b"", {"Location": "/static/common.js"}),
    ("www.a.test", "/static/common.js"): (200, "application/javascript; charset=utf-8", POLICE_JS.encode(), {}),
    ("www.a.test", "/js/jquery.min.js"): (200, "application/javascript", b"/* jQuery */", {}),
    # B: the page shows the ICP itself; its footer script is gone (404) and its public.js is an HTML error page
    ("www.b.test", "/"): (200, "text/html; charset=utf-8", page(
        '<div class="footer">鄂ICP备05002009号</div><script src="/js/bottom.js"></script>'
        '<script src="/js/public.js"></script><script src="/js/app.js"></script>').encode(), {}),
    ("www.b.test", "/js/public.js"): (200, "text/html", b"<html><body>\xe9\x94\x99\xe8\xaf\xaf</body></html>", {}),
    # C: every mark on the page: its footer script is never fetched
    ("www.c.test", "/"): (200, "text/html; charset=utf-8", page(
        '<div class="footer">网站标识码：4211000001 鄂ICP备05002000号 鄂公网安备 42110202000123号'
        '<a href="http://bszs.conac.cn.test/x"><img src="/red.png"></a><a href="/jiucuo/">我为政府网站找错</a></div>'
        '<script src="/js/footer.js"></script>').encode(), {}),
    ("www.c.test", "/js/footer.js"): (200, "application/javascript", FOOTER_JS.encode(), {}),
    # D: a footer script far over the size cap: read up to the cap only
    ("www.d.test", "/"): (200, "text/html; charset=utf-8", page(
        '<div class="footer">鄂ICP备05002000号</div><script src="/js/foot.js"></script>').encode(), {}),
    ("www.d.test", "/js/foot.js"): (200, "application/javascript", b"", {}),  # streamed: see Handler
}


class Handler(BaseHTTPRequestHandler):
    server: SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        return

    def do_GET(self) -> None:  # noqa: N802
        host = (self.headers.get("Host") or "").split(":")[0]
        path = self.path.split("?")[0]
        with self.server.lock:
            self.server.hits[(host, path)] += 1
            self.server.referers[(host, path)] = self.headers.get("Referer", "")
        status, ctype, body, extra = ROUTES.get((host, path), (404, "text/html", b"<html>404</html>", {}))
        if path == "/a.html":
            status, ctype, body = 200, "text/html; charset=utf-8", page("<p>新闻</p>").encode()
        big = (host, path) == ("www.d.test", "/js/foot.js")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(BIG_SIZE if big else len(body)))
        for k, v in extra.items():
            self.send_header(k, v)
        self.end_headers()
        chunks = [BIG_JS_HEAD.ljust(65536, b"x")] + [b"x" * 65536] * (BIG_SIZE // 65536 - 1) if big else [body]
        try:
            for chunk in chunks:
                self.wfile.write(chunk)
                with self.server.lock:
                    self.server.sent[(host, path)] += len(chunk)
        except OSError:
            self.close_connection = True


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.hits: Counter[tuple[str, str]] = Counter()
        self.sent: Counter[tuple[str, str]] = Counter()
        self.referers: dict[tuple[str, str], str] = {}

    def handle_error(self, request: object, client_address: object) -> None:
        return  # the crawler hangs up on purpose (size cap)


def site_server() -> Any:
    return serving(SiteServer())


@dataclass
class Crawl:
    pages: dict[str, dict[str, Any]]
    links: list[dict[str, Any]]
    feed: list[dict[str, Any]]
    events: list[dict[str, Any]]
    server: SiteServer
    port: int

    def home(self, letter: str) -> dict[str, Any]:
        return self.pages[f"http://www.{letter}.test:{self.port}/"]

    def facts(self, letter: str) -> dict[str, Any]:
        return json.loads(self.home(letter)["facts"])

    def url(self, letter: str, path: str) -> str:
        return f"http://www.{letter}.test:{self.port}{path}"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    tmp: Path = tmp_path_factory.mktemp("footjs")
    zone = {f"www.{x}.test": {"A": ["127.0.0.1"]} for x in "abcd"} | {"cdn.test": {"A": ["127.0.0.1"]}}
    with site_server() as server, DnsResponder(zone) as dns_server:
        port = server.server_address[1]
        store = Store(tmp / "c.db")
        run_id = store.create_run(as_of=date(2026, 11, 26), quarter="2026Q4")
        store.close()
        feed = tmp / "items.jsonl"
        events: list[dict[str, Any]] = []
        targets = [(i + 1, f"http://www.{x}.test:{port}/") for i, x in enumerate("abcd")]
        stats = run_crawl(targets, store_url=str(tmp / "c.db"), run_id=run_id, dns=dns_server.spec,
                          allowed_networks=("127.0.0.0/8",), link_timeout=2.0, polite=False, max_depth=1,
                          extra_settings={"FEEDS": {str(feed): {"format": "jsonlines"}},
                                          "INSPECTOR_FOOTER_SCRIPT_MAX_BYTES": 64 * 1024},
                          progress=events.append)
        time.sleep(0.2)  # let the server threads count the last bytes
    assert stats["finish_reason"] == "finished"
    engine = create_engine(f"sqlite:///{tmp / 'c.db'}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM pages WHERE run_id = :r"), {"r": run_id}).mappings().all()
        link_rows = conn.execute(text("SELECT * FROM links WHERE run_id = :r"), {"r": run_id}).mappings().all()
    engine.dispose()
    items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    return Crawl({r["url"]: dict(r) for r in rows}, [dict(r) for r in link_rows],
                 [i for i in items if "outcome" in i], events, server, port)


def test_footer_only_in_external_scripts_is_found(crawl: Crawl) -> None:
    facts = crawl.facts("a")
    footer_js, common_js = crawl.url("a", "/js/footer.js"), crawl.url("a", "/js/common.js")
    assert facts["footer"] == {
        "site_code": "4211260001",
        "icp": "鄂ICP备05002001号-1",  # GBK script without a charset: decoded as its page (gbk → gb18030)
        "police_record": "鄂公网安备 42112602000089号",
        "conac_mark": "http://dcs.conac.cn.test/js/CA1.js",
        "error_report_entry": crawl.url("a", "/jiucuo/"),  # relative to the page, not the script
    }
    assert facts["footer_sources"] == {"site_code": footer_js, "icp": footer_js, "police_record": common_js,
                                       "conac_mark": footer_js, "error_report_entry": footer_js}
    # footer-like names first, then (nothing shown inline) any other same-site script; libraries never
    assert facts["footer_scripts"] == {footer_js: "ok", common_js: "ok"}
    assert facts["footer_scripts_failed"] == []
    assert crawl.server.hits[("www.a.test", "/js/jquery.min.js")] == 0
    assert crawl.server.hits[("cdn.test", "/js/footer.js")] == 0  # off-site: not read
    assert crawl.server.hits[("www.a.test", "/static/common.js")] == 1  # redirect followed
    assert crawl.server.referers[("www.a.test", "/js/footer.js")] == crawl.url("a", "/")


def test_unreadable_footer_scripts_are_recorded(crawl: Crawl) -> None:
    facts = crawl.facts("b")
    bottom, public = crawl.url("b", "/js/bottom.js"), crawl.url("b", "/js/public.js")
    assert facts["footer"]["icp"] == "鄂ICP备05002009号" and facts["footer"]["site_code"] is None
    assert facts["footer_sources"] == {"icp": "page"}
    assert facts["footer_scripts"] == {bottom: "http 404", public: "http 200: an html page, not a script"}
    assert facts["footer_scripts_failed"] == [bottom, public]
    assert crawl.server.hits[("www.b.test", "/js/app.js")] == 0  # the page shows a mark: named scripts only
    assert crawl.home("b")["outcome"] == "ok"


def test_all_marks_on_the_page_no_script_read(crawl: Crawl) -> None:
    facts = crawl.facts("c")
    assert crawl.server.hits[("www.c.test", "/js/footer.js")] == 0
    assert set(facts["footer_sources"].values()) == {"page"} and len(facts["footer_sources"]) == 5
    assert "footer_scripts" not in facts


def test_big_footer_script_read_up_to_the_cap(crawl: Crawl) -> None:
    facts = crawl.facts("d")
    foot = crawl.url("d", "/js/foot.js")
    assert facts["footer"]["police_record"] == "鄂公网安备 42112602000089号"
    assert facts["footer_sources"]["police_record"] == foot and facts["footer_scripts"] == {foot: "ok"}
    assert 0 < crawl.server.sent[("www.d.test", "/js/foot.js")] < BIG_SIZE // 3


def test_scripts_are_neither_pages_nor_links_and_homepages_recorded_once(crawl: Crawl) -> None:
    assert not [u for u in crawl.pages if "/js/" in u or u.endswith(".js")]
    assert not [lk for lk in crawl.links if lk["target"].endswith(".js")]
    homes = Counter(p["url"] for p in crawl.feed if p["depth"] == 0)
    assert len(homes) == 4 and set(homes.values()) == {1}
    assert {e["site_id"] for e in crawl.events if e["done"]} == {1, 2, 3, 4}
    assert all(crawl.home(x)["outcome"] == "ok" for x in "abcd")
