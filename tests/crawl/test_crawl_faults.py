"""run_crawl against a fault-seeded site on loopback: one crawl, every fault kind, records read back from SQLite."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from crawl_servers import BIG_SIZE, DnsResponder, FaultServer, closed_port, fault_server
from sqlalchemy import create_engine, text

from inspector.crawl import CrawlError, run_crawl
from inspector.store import Store

LOOPBACK = ("127.0.0.0/8", "::1/128")
SITE_ID = 1


@dataclass
class Crawl:
    stats: dict[str, Any]
    pages: dict[str, dict[str, Any]]
    links: list[dict[str, Any]]
    feed_pages: list[dict[str, Any]]
    events: list[dict[str, Any]]
    site: FaultServer
    ext: FaultServer
    base: str
    ext_base: str
    v6_base: str

    def page(self, path: str, *, ext: bool = False) -> dict[str, Any]:
        url = (self.ext_base if ext else self.base) + path
        assert url in self.pages, f"no PageRecord for {url}; have {sorted(self.pages)}"
        return self.pages[url]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    tmp = tmp_path_factory.mktemp("crawl")
    with fault_server() as site, fault_server(slow_seconds=3.0) as ext, fault_server(host="::1") as v6:
        zone = {
            "site.test": {"A": ["127.0.0.1"]},
            "ext.test": {"A": ["127.0.0.1"]},
            "v6only.test": {"AAAA": ["::1"]},
            "blocked.test": {"A": ["10.20.30.40"]},
        }
        with DnsResponder(zone, blackhole={"blackhole.test"}) as dns_server:
            site.replacements = {"EXT_HOST": f"ext.test:{ext.port}", "REFUSED_HOST": f"127.0.0.1:{closed_port()}",
                                 "V6_HOST": f"v6only.test:{v6.port}"}
            store = Store(tmp / "crawl.db")
            run_id = store.create_run(as_of=date(2026, 11, 26), quarter="2026Q4")
            store.close()
            feed = tmp / "items.jsonl"
            events: list[dict[str, Any]] = []
            base = f"http://site.test:{site.port}"
            stats = run_crawl(
                [(SITE_ID, base + "/")],
                store_url=str(tmp / "crawl.db"),
                run_id=run_id,
                dns=dns_server.spec,
                allowed_networks=LOOPBACK,
                link_timeout=1.0,
                polite=False,
                extra_settings={"FEEDS": {str(feed): {"format": "jsonlines"}}, "INSPECTOR_PROGRESS_EVERY": 5,
                                "DNS_TIMEOUT": 0.5},
                progress=events.append,
            )
        engine = create_engine(f"sqlite:///{tmp / 'crawl.db'}")
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT * FROM pages WHERE run_id = :r"), {"r": run_id}).mappings().all()
            link_rows = conn.execute(text("SELECT * FROM links WHERE run_id = :r"), {"r": run_id}).mappings().all()
        engine.dispose()
        feed_pages = [item for item in map(json.loads, feed.read_text().splitlines()) if "outcome" in item]
        return Crawl(
            stats=stats,
            pages={r["url"]: dict(r) for r in rows},
            links=[dict(r) for r in link_rows],
            feed_pages=feed_pages,
            events=events,
            site=site,
            ext=ext,
            v6_base=f"http://v6only.test:{v6.port}",
            base=base,
            ext_base=f"http://ext.test:{ext.port}",
        )


def test_homepage_parsed_and_stored(crawl: Crawl):
    home = crawl.page("/")
    assert (home["outcome"], home["http_status"], home["depth"], home["kind"]) == ("ok", 200, 0, "page")
    assert home["title"] == "测试县人民政府"
    assert home["ip"] == "127.0.0.1"
    facts = json.loads(home["facts"])
    assert facts["footer"]["site_code"] == "4211000001"
    assert "links" not in facts


def test_every_url_has_exactly_one_record(crawl: Crawl):
    keys = [(p["site_id"], p["url"]) for p in crawl.feed_pages]
    assert len(keys) == len(set(keys))
    assert set(crawl.pages) == {p["url"] for p in crawl.feed_pages}
    targets = {link["target"] for link in crawl.links}
    assert targets <= set(crawl.pages)  # every link target was fetched and judged
    assert crawl.stats["pages"] == len(crawl.pages)
    assert crawl.stats["links"] == len(crawl.links)
    assert crawl.stats["finish_reason"] == "finished"


@pytest.mark.parametrize(
    ("path", "outcome", "detail"),
    [
        ("/status/404", "broken", "http 404"),
        ("/status/500", "broken", "http 500"),
        ("/soft404.html", "soft_404", "not found"),
        ("/gone.html", "soft_404", "redirected to homepage"),
        ("/waf412", "waf", "412"),
        ("/waf200", "waf", "challenge"),
        ("/rl-once", "ok", ""),
        ("/rl-forever", "rate_limited", "http 429 after 2 retries"),
        ("/busy503", "rate_limited", "503"),
        ("/loop/a", "redirect_loop", "/loop/b -> "),
        ("/chain/0", "redirect_loop", "more than 10 redirects"),
        ("/moved", "ok", ""),
    ],
)
def test_fault_outcomes(crawl: Crawl, path: str, outcome: str, detail: str):
    page = crawl.page(path)
    assert page["outcome"] == outcome, page
    assert detail in page["detail"], page


def test_retry_after_is_honoured(crawl: Crawl):
    hits, times = crawl.site.stats.hits, crawl.site.stats.times
    # 429 + Retry-After: 1, waited, then 200 (Twisted may repeat a request whose connection dropped: allow +1)
    assert 2 <= hits["/rl-once"] <= 3
    assert times["/rl-once"][-1] - times["/rl-once"][0] >= 0.9
    for path in ("/rl-forever", "/busy503"):  # initial + INSPECTOR_RATE_LIMIT_RETRIES, each after a 1 s wait
        assert 3 <= hits[path] <= 4, path
        assert times[path][-1] - times[path][0] >= 1.8, path
    assert 3 <= hits["/status/500"] <= 4  # RetryMiddleware: 5xx retried twice before "broken"
    assert hits["/status/404"] == 1


def test_redirect_records(crawl: Crawl):
    moved = crawl.page("/moved")
    assert moved["final_url"] == crawl.base + "/d1.html" and moved["http_status"] == 200
    assert crawl.page("/gone.html")["final_url"] == crawl.base + "/"


def test_network_failures(crawl: Crawl):
    assert crawl.pages["http://nx.test/"]["detail"] == "dns: NXDOMAIN"
    assert crawl.pages["http://blackhole.test/"]["detail"].startswith("dns: timeout")
    for url in ("http://blocked.test/", "http://10.9.8.7/"):
        page = crawl.pages[url]
        assert page["outcome"] == "broken" and page["http_status"] is None
        assert page["detail"].startswith("dns: blocked"), page
    refused = [p for u, p in crawl.pages.items() if p["detail"] == "refused"]
    assert len(refused) == 1 and refused[0]["kind"] == "external"
    slow = crawl.page("/slow", ext=True)
    assert (slow["outcome"], slow["detail"], slow["kind"]) == ("broken", "timeout", "external")


def test_ipv6_only_host_reached_over_ipv6(crawl: Crawl):
    page = crawl.pages[crawl.v6_base + "/ok.html"]
    assert (page["outcome"], page["ip"], page["kind"]) == ("ok", "::1", "external")


def test_external_links_checked_not_parsed(crawl: Crawl):
    ok = crawl.page("/ok.html", ext=True)
    assert (ok["outcome"], ok["kind"], ok["title"], ok["facts"]) == ("ok", "external", "", "{}")
    assert crawl.page("/missing.html", ext=True)["detail"] == "http 404"
    assert ("/ok.html", "bytes=0-2047") in crawl.ext.stats.ranges
    assert not any(link["source"].startswith(crawl.ext_base) for link in crawl.links)


def test_large_attachments_not_downloaded(crawl: Crawl):
    for server, path, kind in ((crawl.site, "/files/big.zip", "attachment"), (crawl.ext, "/files/big.zip", "attachment"),
                               (crawl.site, "/download", "attachment")):
        sent = server.stats.bytes_sent[path]
        assert 0 < sent < BIG_SIZE // 8, (path, sent)
    assert crawl.page("/files/big.zip")["kind"] == "attachment"
    assert crawl.page("/files/big.zip", ext=True)["kind"] == "attachment"
    download = crawl.page("/download?id=7")  # no extension: an attachment by Content-Disposition
    assert (download["outcome"], download["kind"]) == ("ok", "attachment")
    assert crawl.page("/files/report.pdf")["kind"] == "attachment"


def test_gbk_page_decoded_as_gb18030(crawl: Crawl):
    page = crawl.page("/gbk.html")
    assert page["title"] == "朱镕基同志视察湖北（旧版）"
    assert page["encoding"] == "gb18030"


def test_depth_limit_and_deepest_links_checked(crawl: Crawl):
    assert [crawl.page(f"/d{i}.html")["depth"] for i in range(1, 5)] == [1, 2, 3, 4]
    assert json.loads(crawl.page("/d3.html")["facts"])  # depth 3: parsed
    d4 = crawl.page("/d4.html")
    assert (d4["outcome"], d4["facts"], d4["title"]) == ("ok", "{}", "")  # depth 4: checked only
    missing = crawl.page("/d4-missing.html")
    assert (missing["outcome"], missing["depth"]) == ("broken", 4)
    assert crawl.base + "/d5.html" not in crawl.pages
    assert crawl.site.stats.hits["/d5.html"] == 0


def test_traps_checked_but_not_parsed(crawl: Crawl):
    assert crawl.page("/search/?keyword=abc")["facts"] == "{}"
    assert crawl.page("/print.html?print=1")["facts"] == "{}"
    assert crawl.site.stats.hits["/print-only-link.html"] == 0
    assert crawl.site.stats.hits["/search-only-link.html"] == 0
    assert crawl.base + "/page" in crawl.pages  # ;jsessionid= stripped
    assert not any("jsessionid" in u for u in crawl.pages)


def test_link_records(crawl: Crawl):
    home = crawl.base + "/"
    from_home = [link for link in crawl.links if link["source"] == home]
    assert from_home and all(link["on_homepage"] for link in from_home)
    assert not any(link["on_homepage"] for link in crawl.links if link["source"] != home)
    by_target = {link["target"]: link for link in from_home}
    assert by_target["http://nx.test/"]["kind"] == "external"
    assert by_target["http://nx.test/"]["text"] == "已撤销的部门网站"
    assert by_target[crawl.base + "/files/report.pdf"]["kind"] == "attachment"
    assert by_target[crawl.base + "/xxgk/index.html"]["kind"] == "page"
    deep = [link for link in crawl.links if link["source"] == crawl.base + "/d3.html"]
    assert {link["target"] for link in deep} == {crawl.base + "/d4.html", crawl.base + "/d4-missing.html"}


def test_progress_events(crawl: Crawl):
    assert crawl.events, "no progress events"
    assert all(set(e) >= {"site_id", "pages", "links", "done"} for e in crawl.events)
    done = [e for e in crawl.events if e["done"]]
    assert len(done) == 1 and done[0]["site_id"] == SITE_ID
    assert done[0]["pages"] == len(crawl.pages)
    assert crawl.stats["outcomes"]["ok"] == sum(p["outcome"] == "ok" for p in crawl.pages.values())


def test_child_failure_raises_with_log_tail(tmp_path: Path):
    with pytest.raises(CrawlError) as err:
        run_crawl([(1, "http://127.0.0.1:9/")], store_url="", run_id=1, dns="not-a-server", polite=False)
    assert err.value.returncode == 1
    assert "DNS server must be an IP address" in str(err.value)
