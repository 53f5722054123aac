"""Scrapy settings of the gov-inspector spider project (scrapy.cfg: default = spiders.settings).

Polite by default: a government site is inspected, not load-tested. `inspector.crawl.run_crawl` overrides the
INSPECTOR_* values per run; `polite=False` (demo on loopback only) lowers the delays.
"""

from __future__ import annotations

from inspector import USER_AGENT as _USER_AGENT

BOT_NAME = "gov_inspector"
SPIDER_MODULES = ["spiders"]  # the spider lives in spiders/site.py
NEWSPIDER_MODULE = "spiders"  # where `scrapy genspider` would write

# --- identity -------------------------------------------------------------------------------------------------
USER_AGENT = _USER_AGENT  # names the tool and where to read about it (ASCII: header values are Latin-1)

# robots.txt: "ignore" by default. An inspector is mandated to check every public page of a government site,
# including pages robots.txt asks crawlers to skip (a hidden 信息公开 column is exactly what must be found);
# INSPECTOR_ROBOTS = "obey" turns on ROBOTSTXT_OBEY (the spider sets it from this value, see SiteSpider).
INSPECTOR_ROBOTS = "ignore"
ROBOTSTXT_OBEY = False  # follows INSPECTOR_ROBOTS; see above

# --- politeness -----------------------------------------------------------------------------------------------
CONCURRENT_REQUESTS = 32  # across all sites of one crawl (one download slot per host)
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # never more than 2 requests in flight to one host
DOWNLOAD_DELAY = 0.5  # seconds between requests to one host (randomised 0.5x–1.5x)
AUTOTHROTTLE_ENABLED = True  # back off further when a host answers slowly
AUTOTHROTTLE_START_DELAY = 1.0  # initial delay before AutoThrottle has measured the host
AUTOTHROTTLE_MAX_DELAY = 30.0  # never wait longer than this between requests to one host
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0  # aim for one request in flight per host on average
COOKIES_ENABLED = False  # an inspector has no session; cookies only make runs differ
TELNETCONSOLE_ENABLED = False  # no listening console in a CLI tool
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19 would otherwise open an HTTP control server on 127.0.0.1

# --- timeouts, retries, redirects -----------------------------------------------------------------------------
DOWNLOAD_TIMEOUT = 20  # seconds for the homepage (Scrapy's 180 s default is far too long for a checker)
INSPECTOR_LINK_TIMEOUT = 15.0  # seconds for every other URL, parsed page or link check: longer = "timeout"
DNS_TIMEOUT = 5.0  # seconds per host-name lookup (spiders.resolver honours it)
RETRY_ENABLED = True  # retry network errors and 5xx before calling a link broken
RETRY_TIMES = 2  # initial request + 2 retries
RETRY_GIVE_UP_LOG_LEVEL = "INFO"  # a link that stays broken is a finding, not an error of the tool
RETRY_HTTP_CODES = [500, 502, 504, 522, 524, 408]  # 429 and 503 are RetryAfterMiddleware's (honours Retry-After)
INSPECTOR_RATE_LIMIT_RETRIES = 2  # retries of a 429/503 before recording rate_limited
INSPECTOR_MAX_RETRY_AFTER = 30.0  # cap on one Retry-After wait, seconds
INSPECTOR_DEFAULT_RETRY_AFTER = 2.0  # wait after a 429/503 that sends no Retry-After, seconds
REDIRECT_ENABLED = False  # the spider follows redirects itself, to tell loops and redirects-to-homepage apart
REDIRECT_MAX_TIMES = 10  # longer chains are recorded as redirect_loop
METAREFRESH_ENABLED = False  # a meta refresh is a link (extract reports it, how="meta-refresh"), not a redirect
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024  # hard cap per response; pages are cut at INSPECTOR_PAGE_MAX_BYTES first
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024  # log responses larger than this
INSPECTOR_PAGE_MAX_BYTES = 5 * 1024 * 1024  # parse at most this much of one HTML page
INSPECTOR_CHECK_BYTES = 2048  # link checks ask for Range: bytes=0-2047 and stop after the first chunk

# --- crawl shape ----------------------------------------------------------------------------------------------
INSPECTOR_MAX_DEPTH = 3  # homepage = depth 0; pages deeper than this are only checked, not parsed
INSPECTOR_PAGE_BUDGET = 2000  # pages fetched and parsed per site; beyond it, internal links are only checked
INSPECTOR_CHECK_BUDGET = 10000  # link checks per site; beyond it, links are recorded but their targets not fetched
INSPECTOR_JPAGE_MAX_GROUPS = 20  # Hanweb jpage lists: data-proxy requests per column (45 rows each); 0 = off
INSPECTOR_LIST_MAX_PAGES = 5  # pages fetched per list (the first included), its further pages at the list's own depth
INSPECTOR_AS_OF = ""  # YYYY-MM-DD list dates are read against ([11-26]); "" = the run's as-of in the store, else today
INSPECTOR_FOOTER_SCRIPTS = 5  # homepage footer scripts (footer.js …) read for footer marks per site; 0 = off
INSPECTOR_FOOTER_SCRIPT_MAX_BYTES = 256 * 1024  # read at most this much of one footer script
INSPECTOR_MAX_QUERY_VARIANTS = 500  # parsed variants of one path differing only in the query (show.asp?id=N articles are many; calendars are bounded by this)
DEPTH_LIMIT = 0  # depth is the spider's own business (INSPECTOR_MAX_DEPTH)
DEPTH_PRIORITY = 1  # breadth-first: shallower requests first (the spider sets priority = -depth * this) ...
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"  # ... with FIFO queues (BFS), also on resume
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"  # FIFO in memory as well
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"  # fair across many hosts in one crawl

# --- name resolution ------------------------------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"  # asyncio: dnspython and async middlewares
TWISTED_DNS_RESOLVER = "spiders.resolver.DnspythonResolver"  # A+AAAA, timeout, INSPECTOR_DNS, allowed-networks guard
INSPECTOR_DNS = ""  # "127.0.0.1:5353" = that nameserver via dnspython; "" = system resolver (getaddrinfo)
INSPECTOR_ALLOWED_NETWORKS: list[str] = []  # CIDRs; any address outside them fails resolution ("blocked")
INSPECTOR_DNS_RDTYPES = ["A", "AAAA"]  # address types asked for; ["AAAA"] forces IPv6
INSPECTOR_PREFER_IPV4 = True  # crawl over IPv4 when a host has A records (deterministic; IPv6 is measured apart)

# --- components -----------------------------------------------------------------------------------------------
DOWNLOADER_MIDDLEWARES = {
    "spiders.middlewares.RetryAfterMiddleware": 560,  # nearer the downloader than RetryMiddleware (550)
    "spiders.middlewares.StoppedBodyMiddleware": 595,  # runs before HttpCompressionMiddleware (590) on responses
}
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.referer.RefererMiddleware": None,  # an inspector sends no Referer
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,  # would drop long URLs unrecorded
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,  # would count redirect hops as depth; see DEPTH_PRIORITY
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,  # dev aid; costs per item
}
ITEM_PIPELINES = {
    "spiders.pipelines.StorePipeline": 300,  # off (NotConfigured) unless INSPECTOR_STORE_URL is set
}
INSPECTOR_STORE_URL = ""  # SQLAlchemy URL or file path of the store; "" = log only
INSPECTOR_RUN_ID = 0  # run the records belong to
INSPECTOR_STORE_BATCH = 200  # records per store write

# --- misc -----------------------------------------------------------------------------------------------------
LOG_LEVEL = "INFO"  # one line per fault found, Scrapy's periodic stats
FEED_EXPORT_ENCODING = "utf-8"  # `-O out.jsonl` keeps Chinese readable
HTTPCACHE_ENABLED = False  # an inspection must see the site as it is now
