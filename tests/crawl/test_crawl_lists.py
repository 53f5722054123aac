"""List facts in a real crawl of a small local site: facts["list"] / ["messages"] / ["comment_period"] stored,
a list's further pages followed at the list's own depth and no further than INSPECTOR_LIST_MAX_PAGES, Hanweb
data-proxy answers stored as PageRecords with list_of, year-less dates read against the run's as-of date."""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from crawl_servers import DnsResponder, serving
from scrapy.settings import Settings
from sqlalchemy import create_engine, text

from inspector.crawl import run_crawl
from inspector.store import Store
from spiders.site import _as_of

HOST = "www.lists.test"
AS_OF = date(2027, 1, 10)  # the run's as-of (not today): [01-05] must become 2027-01-05
MAX_PAGES = 3
NEWS_PAGES = 12  # createPageHTML(12, …): index.html, index_1.html … index_11.html
NOTICE_PAGES = 8
TOTAL_RECORDS = 50  # the Hanweb column: 45 rows in the first answer, 5 in the second


def page(body: str, title: str = "测试站", head: str = "", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{head}</head><body>'
            '<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news/">新闻动态</a></li>'
            '<li><a href="/notice/list.asp?id=3">通知公告</a></li><li><a href="/col/col1/index.html">政务动态</a></li>'
            '<li><a href="/hdjl/">县长信箱</a></li><li><a href="/zqyj/t20261020_1.html">意见征集</a></li>'
            '<li><a href="/gbk/">乡镇动态</a></li></ul></div>'
            f'{body}<div class="footer"><a href="/wzsm/201709/t20170912_1.html">网站声明</a> 网站标识码：4211000001</div>'
            "</body></html>")


def news(n: int) -> str:
    rows = "".join(f'<li><a href="./202611/t202611{20 - n:02d}_{n}{k}.html">第{n + 1}页第{k}条新闻动态标题</a>'
                   f"<span>2026-11-{20 - n:02d}</span></li>" for k in range(1, 4))
    bar = (f'<div class="page"><script>createPageHTML({NEWS_PAGES}, {n}, "index", "html");</script>'
           f'<a href="index_{NEWS_PAGES - 1}.html">尾页</a></div>')
    return page(f'<ul class="list">{rows}</ul>{bar}', title="新闻动态")


def notice(n: int) -> str:
    rows = "".join(f'<tr><td><a href="show.asp?id={n}{k}">第{n}页第{k}条通知公告标题</a></td><td>2026-10-{30 - n:02d}</td></tr>'
                   for k in range(1, 4))
    numbers = " ".join(f'<a href="list.asp?id=3&page={i}">{i}</a>' for i in range(2, 6))
    bar = (f'<div class="page">共24条 {numbers} <a href="list.asp?id=3&page={n + 1}">下一页</a> '
           f'<a href="list.asp?id=3&page={NOTICE_PAGES}">尾页</a></div>')
    return page(f"<table>{rows}</table>{bar}", title="通知公告")


HANWEB = page("""<div id="1" class="list"></div><script type="text/javascript">
var jpageParams = "col=1&webid=1&path=%2F&columnid=1";
$(document).ready(function () {
  $.ajax({ type: "POST", url: "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
           data: jpageParams, dataType: "xml", success: function (xml) {} });
});</script>""", title="政务动态")

MESSAGES = page("""<table class="msg"><tr><th>标题</th><th>留言时间</th><th>答复时间</th><th>状态</th></tr>
<tr><td><a href="/hdjl/show.html?id=2">关于城区道路积水问题的咨询</a></td><td>2026-12-01</td><td>2026-12-03</td><td>已回复</td></tr>
<tr><td><a href="/hdjl/show.html?id=1">关于农村低保申请条件的咨询</a></td><td>2026-08-01</td><td></td><td>未回复</td></tr>
</table>""", title="县长信箱")

NOTICE_ARTICLE = page("""<h1>关于《城市绿化条例（征求意见稿）》公开征求意见的公告</h1>
<p>现将《城市绿化条例（征求意见稿）》全文公布，征求社会各界意见。征求意见时间为2026年10月20日至2026年11月8日。</p>""",
                      title="征求意见", head='<meta name="PubDate" content="2026-10-20 09:00">')

GBK = page("""<ul class="list"><li><a href="/gbk/show.asp?id=2">乡镇召开新春团拜会暨工作部署会</a>[01-05]</li>
<li><a href="/gbk/show.asp?id=1">乡镇开展年末安全生产大检查</a>[12-28]</li>
<li><a href="/gbk/show.asp?id=0">乡镇部署冬季森林防火工作</a>[12-02]</li></ul>""", title="乡镇动态", charset="gbk")

HOME = page("""<div class="block"><ul class="news">
<li><a href="/news/202611/t20261120_01.html">县政府召开常务会议研究部署冬季工作</a><span>2026-11-20</span></li>
<li><a href="/news/202611/t20261119_02.html">县领导调研重点项目建设</a><span>2026-11-19</span></li>
<li><a href="/news/202611/t20261118_03.html">全县政务公开工作推进会召开</a><span>2026-11-18</span></li></ul></div>""")


def answer(start: int, end: int) -> str:
    records = "".join(
        f'<record><![CDATA[<li><a href="/art/2026/11/{1 + i % 28:02d}/art_1_{i}.html">第{i}条红安县政务动态信息</a>'
        f"<span>2026-11-{1 + i % 28:02d}</span></li>]]></record>" for i in range(start, min(end, TOTAL_RECORDS) + 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{TOTAL_RECORDS}</totalrecord>'
            f"<totalpage>4</totalpage><recordset>{records}</recordset></datastore>")


class Handler(BaseHTTPRequestHandler):
    server: ListServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        return

    def _send(self, body: bytes, ctype: str = "text/html; charset=utf-8", status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _count(self) -> tuple[str, dict[str, list[str]]]:
        parts = urlsplit(self.path)
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        with self.server.lock:
            self.server.hits[key] += 1
            if self.headers.get("Range"):
                self.server.ranged.add(key)
        return parts.path, parse_qs(parts.query)

    def do_GET(self) -> None:  # noqa: N802
        path, query = self._count()
        if path == "/":
            body = HOME
        elif path in ("/news/", "/news/index.html"):
            body = news(0)
        elif path.startswith("/news/index_") and path.endswith(".html"):
            n = int(path.removeprefix("/news/index_").removesuffix(".html"))
            if not 0 < n < NEWS_PAGES:
                self._send(b"<html>404</html>", status=404)
                return
            body = news(n)
        elif path == "/notice/list.asp":
            body = notice(int(query.get("page", ["1"])[0]))
        elif path == "/col/col1/index.html":
            body = HANWEB
        elif path == "/hdjl/":
            body = MESSAGES
        elif path == "/zqyj/t20261020_1.html":
            body = NOTICE_ARTICLE
        elif path == "/gbk/":
            self._send(GBK.encode("gb18030"), "text/html")
            return
        else:
            body = page("<h1>文章</h1><p>正文。</p>", title="文章")
        self._send(body.encode())

    def do_POST(self) -> None:  # noqa: N802
        path, query = self._count()
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        if path != "/module/web/jpage/dataproxy.jsp" or form.get("columnid") != ["1"]:
            self._send(b"<html>404</html>", status=404)
            return
        start, end = int(query["startrecord"][0]), int(query["endrecord"][0])
        self._send(answer(start, end).encode(), "text/xml; charset=utf-8")


class ListServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.hits: Counter[str] = Counter()
        self.ranged: set[str] = set()


def list_server() -> Any:
    return serving(ListServer())


@dataclass
class Crawl:
    pages: dict[str, dict[str, Any]]
    links: list[dict[str, Any]]
    server: ListServer
    port: int
    stats: dict[str, Any]

    def url(self, path: str) -> str:
        return f"http://{HOST}:{self.port}{path}"

    def facts(self, path: str) -> dict[str, Any]:
        return json.loads(self.pages[self.url(path)]["facts"])


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    tmp: Path = tmp_path_factory.mktemp("lists")
    with list_server() as server, DnsResponder({HOST: {"A": ["127.0.0.1"]}}) as dns_server:
        port = server.server_address[1]
        store = Store(tmp / "l.db")
        run_id = store.create_run(as_of=AS_OF, quarter="2027Q1")  # INSPECTOR_AS_OF unset: read from the run
        store.close()
        stats = run_crawl([(1, f"http://{HOST}:{port}/")], store_url=str(tmp / "l.db"), run_id=run_id,
                          dns=dns_server.spec, allowed_networks=("127.0.0.0/8",), link_timeout=2.0, polite=False,
                          max_depth=2, extra_settings={"INSPECTOR_LIST_MAX_PAGES": MAX_PAGES})
    engine = create_engine(f"sqlite:///{tmp / 'l.db'}")
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT * FROM pages WHERE run_id = :r"), {"r": run_id}).mappings().all()
        link_rows = conn.execute(text("SELECT * FROM links WHERE run_id = :r"), {"r": run_id}).mappings().all()
    engine.dispose()
    return Crawl({r["url"]: dict(r) for r in rows}, [dict(r) for r in link_rows], server, port, stats)


def test_crawl_finished_and_every_record_counted(crawl: Crawl) -> None:
    assert crawl.stats["finish_reason"] == "finished"
    assert crawl.stats["pages"] == len(crawl.pages) and crawl.stats["links"] == len(crawl.links)
    assert all(p["outcome"] == "ok" for p in crawl.pages.values())


def test_list_facts_are_stored(crawl: Crawl) -> None:
    home = crawl.facts("/")
    assert [(i["title"], i["date"], i["date_from"]) for i in home["list"]["items"]] == [
        ("县政府召开常务会议研究部署冬季工作", "2026-11-20", "row"), ("县领导调研重点项目建设", "2026-11-19", "row"),
        ("全县政务公开工作推进会召开", "2026-11-18", "row")]
    first = crawl.facts("/news/")["list"]
    assert first["pages"] == NEWS_PAGES and first["total"] is None and first["blank"] is False
    assert first["pager"] == [crawl.url(f"/news/index_{i}.html") for i in (1, 2, 3, 4, 5, NEWS_PAGES - 1)]
    assert first["items"][0] == {"title": "第1页第1条新闻动态标题", "url": crawl.url("/news/202611/t20261120_01.html"),
                                 "date": "2026-11-20", "date_from": "row", "pinned": False}
    assert "list_of" not in crawl.facts("/news/")
    assert crawl.facts("/notice/list.asp?id=3")["list"]["total"] == 24
    article = crawl.facts("/news/202611/t20261120_01.html")
    assert article["title"] == "文章" and "list" not in article  # a page without a list has no "list" key


def test_pagination_at_the_same_depth_and_bounded(crawl: Crawl) -> None:
    first = crawl.pages[crawl.url("/news/")]
    assert first["depth"] == 1
    for n in (1, 2):  # MAX_PAGES = 3: the first page and two more
        record = crawl.pages[crawl.url(f"/news/index_{n}.html")]
        facts = json.loads(record["facts"])
        assert record["depth"] == 1, record["url"]
        assert facts["list_of"] == crawl.url("/news/")
        assert facts["list"]["items"][0]["date"] == f"2026-11-{20 - n:02d}"
    for n in range(3, NEWS_PAGES - 1):  # named only by the pager script: never fetched, never linked
        assert crawl.server.hits[f"/news/index_{n}.html"] == 0
        assert crawl.url(f"/news/index_{n}.html") not in crawl.pages
    assert not [lk for lk in crawl.links if lk["target"] == crawl.url("/news/index_4.html")]
    # the pager-script edge to a followed page is recorded once, from the first page
    edges = [(lk["source"], lk["how"]) for lk in crawl.links if lk["target"] == crawl.url("/news/index_1.html")]
    assert edges == [(crawl.url("/news/"), "createPageHTML")]
    # 尾页 is a real link: its target is checked (status only), not parsed
    last = f"/news/index_{NEWS_PAGES - 1}.html"
    assert last in crawl.server.ranged and json.loads(crawl.pages[crawl.url(last)]["facts"]) == {}
    # the article links of the pages followed are one level deeper than the list
    assert crawl.pages[crawl.url("/news/202611/t20261118_21.html")]["depth"] == 2


def test_query_string_pagination(crawl: Crawl) -> None:
    base = "/notice/list.asp?id=3"
    assert crawl.pages[crawl.url(base)]["depth"] == 1
    for n in (2, 3):
        record = crawl.pages[crawl.url(f"{base}&page={n}")]
        assert record["depth"] == 1
        assert json.loads(record["facts"])["list_of"] == crawl.url(base)
    for n in (4, 5, NOTICE_PAGES):  # real links over the bound: checked only
        assert json.loads(crawl.pages[crawl.url(f"{base}&page={n}")]["facts"]) == {}
        assert f"{base}&page={n}" in crawl.server.ranged
    assert crawl.server.hits[f"{base}&page=6"] == 0


def test_data_proxy_answers_are_stored_with_list_of(crawl: Crawl) -> None:
    column = crawl.url("/col/col1/index.html")
    answers = {u: p for u, p in crawl.pages.items() if "dataproxy.jsp" in u}
    assert len(answers) == 2
    first = crawl.url("/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15&col=1&webid=1"
                      "&path=%2F&columnid=1")
    second = crawl.url("/module/web/jpage/dataproxy.jsp?perpage=15&startrecord=46&endrecord=90&col=1&webid=1"
                       "&path=%2F&columnid=1")  # the next group: JpageCall.next moves the range to the end
    assert set(answers) == {first, second}
    for url, count in ((first, 45), (second, 5)):
        record = answers[url]
        facts = json.loads(record["facts"])
        assert (record["kind"], record["outcome"], record["depth"]) == ("page", "ok", 2)
        assert facts["list_of"] == column
        assert (facts["list"]["total"], facts["list"]["pages"], facts["list"]["blank"]) == (TOTAL_RECORDS, 4, False)
        assert len(facts["list"]["items"]) == count
    assert json.loads(answers[first]["facts"])["list"]["items"][0] == {
        "title": "第1条红安县政务动态信息", "url": crawl.url("/art/2026/11/02/art_1_1.html"), "date": "2026-11-02",
        "date_from": "row", "pinned": False}
    assert any(lk["how"] == "jpage" and lk["source"] == column for lk in crawl.links)
    assert crawl.pages[column]["depth"] == 1


def test_messages_and_comment_period_are_stored(crawl: Crawl) -> None:
    messages = crawl.facts("/hdjl/")["messages"]
    assert [(m["asked"], m["answered"], m["status"]) for m in messages] == [
        ("2026-12-01", "2026-12-03", "answered"), ("2026-08-01", None, "pending")]
    assert crawl.facts("/zqyj/t20261020_1.html")["comment_period"] == {
        "start": "2026-10-20", "end": "2026-11-08", "days": 20, "reason": ""}
    assert "messages" not in crawl.facts("/news/") and "comment_period" not in crawl.facts("/news/")


def test_year_less_dates_use_the_runs_as_of_date(crawl: Crawl) -> None:
    items = crawl.facts("/gbk/")["list"]["items"]
    assert [(i["title"], i["date"]) for i in items] == [
        ("乡镇召开新春团拜会暨工作部署会", "2027-01-05"), ("乡镇开展年末安全生产大检查", "2026-12-28"),
        ("乡镇部署冬季森林防火工作", "2026-12-02")]


def test_as_of_setting() -> None:
    assert _as_of(Settings({"INSPECTOR_AS_OF": "2026-03-31"})) == date(2026, 3, 31)
    assert _as_of(Settings({"INSPECTOR_AS_OF": "31/03/2026"})) == date.today()
    assert _as_of(Settings({})) == date.today()
