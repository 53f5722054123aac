"""`scrapy crawl site` from the repository root, and a crawl interrupted then resumed through JOBDIR."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from crawl_servers import DnsResponder, closed_port, fault_server
from sqlalchemy import create_engine, text

from inspector.crawl import run_crawl
from inspector.store import Store

REPO = Path(__file__).resolve().parents[2]


def test_scrapy_crawl_command_from_repo_root(tmp_path: Path):
    with fault_server() as site:
        out = tmp_path / "out.jsonl"
        cmd = [sys.executable, "-m", "scrapy", "crawl", "site", "-a", f"url=http://127.0.0.1:{site.port}/d1.html",
               "-s", "INSPECTOR_MAX_DEPTH=1", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
               "-s", "INSPECTOR_ALLOWED_NETWORKS=127.0.0.0/8", "-O", str(out)]
        env = dict(os.environ, PYTHONPATH=str(REPO))
        proc = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    items = [json.loads(line) for line in out.read_text().splitlines()]
    pages = {i["url"].rsplit("/", 1)[1]: i for i in items if "outcome" in i}
    assert set(pages) == {"d1.html", "d2.html", "d3.html"}
    assert pages["d1.html"]["depth"] == 0 and pages["d1.html"]["title"] == "深层一"
    assert pages["d2.html"]["title"] == "深层二"  # depth 1 = max: parsed
    assert pages["d3.html"]["depth"] == 2 and pages["d3.html"]["title"] == ""  # max + 1: checked only
    assert "crawl finished (finished)" in proc.stderr  # the spider logs what it saw
    assert "Disabled spiders.pipelines.StorePipeline" in proc.stderr  # no store configured


def test_interrupted_crawl_resumes_from_jobdir(tmp_path: Path):
    db = tmp_path / "resume.db"
    store = Store(db)
    run_id = store.create_run(as_of=date(2026, 11, 26), quarter="2026Q4")
    store.close()
    jobdir = tmp_path / "job"
    with fault_server() as site, DnsResponder({}) as dns_server:  # every name NXDOMAIN, nothing leaves the host
        site.replacements = {"EXT_HOST": f"127.0.0.1:{closed_port()}", "REFUSED_HOST": f"127.0.0.1:{closed_port()}"}
        common = dict(store_url=str(db), run_id=run_id, dns=dns_server.spec, allowed_networks=("127.0.0.0/8",),
                      link_timeout=1.0, polite=False, jobdir=str(jobdir), max_depth=2)
        first = run_crawl([(7, f"http://127.0.0.1:{site.port}/")], **common,
                          extra_settings={"CLOSESPIDER_PAGECOUNT": 4, "CONCURRENT_REQUESTS": 2})
        assert first["finish_reason"] == "closespider_pagecount"
        hits_after_first = sum(site.stats.hits.values())
        second = run_crawl([(7, f"http://127.0.0.1:{site.port}/")], **common)
        assert second["finish_reason"] == "finished"
        # pages fetched by the first run were not fetched again
        assert site.stats.hits["/xxgk/index.html"] == 1 and site.stats.hits["/gbk.html"] == 1
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        urls = [r[0] for r in conn.execute(text("SELECT url FROM pages WHERE run_id = :r AND site_id = 7"),
                                            {"r": run_id})]
        targets = {r[0] for r in conn.execute(text("SELECT target FROM links WHERE run_id = :r"), {"r": run_id})}
    engine.dispose()
    assert first["pages"] < len(urls)  # the first run stopped early ...
    assert hits_after_first < sum(site.stats.hits.values())
    assert targets <= set(urls)  # ... and the second finished the job: every link target judged
    assert len(urls) == len(set(urls))
    assert any(u.endswith("/d3.html") for u in urls)  # depth 3 = max + 1, checked


def test_robots_obey_is_optional(tmp_path: Path):
    from scrapy.settings import Settings

    from spiders.site import SiteSpider

    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    assert settings.getbool("ROBOTSTXT_OBEY") is False  # default: an inspector checks every public page
    settings.set("INSPECTOR_ROBOTS", "obey", priority="cmdline")
    SiteSpider.update_settings(settings)
    assert settings.getbool("ROBOTSTXT_OBEY") is True

    feed = tmp_path / "obey.jsonl"
    with fault_server() as site:
        stats = run_crawl([(1, f"http://127.0.0.1:{site.port}/d1.html")], store_url="", run_id=1,
                          allowed_networks=("127.0.0.0/8",), polite=False, max_depth=2,
                          extra_settings={"INSPECTOR_ROBOTS": "obey", "FEEDS": {str(feed): {"format": "jsonlines"}}})
        assert site.stats.hits["/robots.txt"] == 1
        assert site.stats.hits["/d2.html"] == 0  # Disallow: /d2.html
    urls = [json.loads(line).get("url", "") for line in feed.read_text().splitlines()]
    assert any(u.endswith("/d1.html") for u in urls) and not any(u.endswith("/d2.html") for u in urls)
    assert stats["finish_reason"] == "finished"
