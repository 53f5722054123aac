"""spiders.settings defaults and how spiders.run layers a run's options over them (no crawling)."""

from __future__ import annotations

from inspector.crawl import crawl_config
from spiders.run import build_settings


def settings_for(**kw):
    return build_settings(crawl_config([(1, "http://a.test/")], store_url="", run_id=3, **kw))


def test_polite_defaults():
    s = settings_for()
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert s.getfloat("DOWNLOAD_DELAY") == 0.5
    assert s.getbool("AUTOTHROTTLE_ENABLED") is True
    assert s.getint("DOWNLOAD_TIMEOUT") == 20 and s.getfloat("INSPECTOR_LINK_TIMEOUT") == 15.0
    assert s.getint("RETRY_TIMES") == 2
    assert 429 not in s.getlist("RETRY_HTTP_CODES") and 503 not in s.getlist("RETRY_HTTP_CODES")
    assert s.get("USER_AGENT").startswith("gov-inspector/0.1.0 (+https://github.com/gov-inspector/gov-inspector")
    assert s.get("USER_AGENT").isascii()  # header values must be Latin-1
    assert s.getbool("COOKIES_ENABLED") is False
    assert s.getbool("TELNETCONSOLE_ENABLED") is False and s.getbool("REMOTE_CONTROL_ENABLED") is False
    assert s.getint("REDIRECT_MAX_TIMES") == 10
    assert s.getint("DEPTH_PRIORITY") == 1
    assert s.get("SCHEDULER_DISK_QUEUE").endswith("FifoDiskQueue")
    assert s.get("SCHEDULER_MEMORY_QUEUE").endswith("FifoMemoryQueue")
    assert s.get("LOG_LEVEL") == "INFO"
    assert s.getlist("SPIDER_MODULES") == ["spiders"]
    assert s.get("TWISTED_REACTOR") == "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
    assert s.getbool("ROBOTSTXT_OBEY") is False and s.get("INSPECTOR_ROBOTS") == "ignore"
    assert s.getint("INSPECTOR_RUN_ID") == 3 and s.get("INSPECTOR_STORE_URL") == ""
    assert "JOBDIR" not in s or not s.get("JOBDIR")


def test_loopback_speed_keeps_two_per_host():
    s = settings_for(polite=False, jobdir="/tmp/job-x", max_depth=1, page_budget=9, link_timeout=0.5,
                     dns="127.0.0.1:5353", allowed_networks=("127.0.0.0/8",))
    assert s.getfloat("DOWNLOAD_DELAY") == 0
    assert s.getfloat("AUTOTHROTTLE_START_DELAY") == 0.05
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 2
    assert s.get("JOBDIR") == "/tmp/job-x"
    assert (s.getint("INSPECTOR_MAX_DEPTH"), s.getint("INSPECTOR_PAGE_BUDGET")) == (1, 9)
    assert s.getfloat("INSPECTOR_LINK_TIMEOUT") == 0.5
    assert s.get("INSPECTOR_DNS") == "127.0.0.1:5353"
    assert s.getlist("INSPECTOR_ALLOWED_NETWORKS") == ["127.0.0.0/8"]


def test_extra_settings_win_and_robots_obey():
    s = settings_for(extra_settings={"INSPECTOR_ROBOTS": "obey", "DOWNLOAD_DELAY": 2, "CONCURRENT_REQUESTS_PER_DOMAIN": 1})
    from spiders.site import SiteSpider

    assert s.getbool("ROBOTSTXT_OBEY") is False  # the spider turns it on (one place, also for `scrapy crawl`)
    SiteSpider.update_settings(s)
    assert s.getbool("ROBOTSTXT_OBEY") is True
    assert s.getfloat("DOWNLOAD_DELAY") == 2 and s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1
