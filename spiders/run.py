"""Child process of inspector.crawl.run_crawl:  python -m spiders.run '<json config>'.

Twisted's reactor cannot be restarted in one process, so every crawl runs here. stdout carries one JSON object
per line (the protocol below); Scrapy's log goes to stderr.

    {"event": "progress", "site_id": 3, "pages": 120, "links": 800, "responses": 450, "done": false}
    {"event": "stats", "pages": …, "links": …, "outcomes": {"ok": …}, "elapsed": …, "finish_reason": "finished", …}

Config keys (all but `targets` optional): targets [[site_id, url], …], store_url, run_id, dns, allowed_networks,
max_depth, page_budget, link_timeout, jobdir, polite, settings (extra Scrapy settings, applied last).
Exit status: 0 finished, 2 interrupted (resume with the same jobdir), 1 failed.
"""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

from scrapy.settings import Settings

logger = logging.getLogger(__name__)

EXIT_OK, EXIT_FAILED, EXIT_INTERRUPTED = 0, 1, 2


def build_settings(config: dict[str, Any]) -> Settings:
    """spiders.settings, then the run's values, then `config["settings"]` (extra, wins)."""
    settings = Settings()
    settings.setmodule("spiders.settings", priority="project")
    run: dict[str, Any] = {
        "INSPECTOR_STORE_URL": config.get("store_url") or "",
        "INSPECTOR_RUN_ID": int(config.get("run_id") or 0),
        "INSPECTOR_DNS": config.get("dns") or "",
        "INSPECTOR_ALLOWED_NETWORKS": list(config.get("allowed_networks") or []),
        "INSPECTOR_MAX_DEPTH": int(config.get("max_depth", 3)),
        "INSPECTOR_PAGE_BUDGET": int(config.get("page_budget", 2000)),
        "INSPECTOR_LINK_TIMEOUT": float(config.get("link_timeout", 15.0)),
    }
    if config.get("jobdir"):
        run["JOBDIR"] = config["jobdir"]
    if config.get("allowed_networks"):
        # A fenced run (demo, tests) never goes through an environment proxy: traffic stays on the allowed networks.
        run["HTTPPROXY_ENABLED"] = False
    if not config.get("polite", True):
        # Loopback demo only: no fixed delay, AutoThrottle starts near zero; still 2 requests per host.
        run.update({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_START_DELAY": 0.05, "AUTOTHROTTLE_MAX_DELAY": 2.0,
                    "INSPECTOR_DEFAULT_RETRY_AFTER": 0.5})
    settings.setdict(run, priority="cmdline")
    settings.setdict(dict(config.get("settings") or {}), priority="cmdline")
    return settings


def emit(event: dict[str, Any]) -> None:
    """One protocol line on stdout (the parent reads these)."""
    sys.stdout.write(json.dumps(event, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m spiders.run '<json config>' | -   (- reads the JSON from stdin)\n")
        return EXIT_FAILED
    # "-": the parent sends the config on stdin, so a store URL's password never shows in `ps`
    config = json.loads(sys.stdin.read() if args[0] == "-" else args[0])

    from scrapy.crawler import AsyncCrawlerProcess

    from spiders.site import SiteSpider, progress_signal

    settings = build_settings(config)
    process = AsyncCrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    crawler.signals.connect(lambda event, **_: emit(event), signal=progress_signal, weak=False)
    process.crawl(crawler, targets=json.dumps(config.get("targets") or []))
    process.start()

    stats = crawler.stats.get_stats() if crawler.stats is not None else {}
    spider = crawler.spider
    if not isinstance(spider, SiteSpider) or "finish_reason" not in stats:
        logger.error("the crawl did not run (see the log above)")
        return EXIT_FAILED
    summary = spider.summary()
    reason = str(stats.get("finish_reason"))
    emit({
        "event": "stats",
        **summary,
        "finish_reason": reason,
        "responses": int(stats.get("response_received_count", 0)),
        "requests": int(stats.get("downloader/request_count", 0)),
        "bytes": int(stats.get("downloader/response_bytes", 0)),
        "errors": int(stats.get("log_count/ERROR", 0)),
        "stored_pages": int(stats.get("inspector/stored_pages", 0)),
        "stored_links": int(stats.get("inspector/stored_links", 0)),
    })
    if reason == "shutdown":
        return EXIT_INTERRUPTED
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
