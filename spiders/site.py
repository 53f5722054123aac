"""The site spider: crawl inspection targets breadth-first and record what every linked URL came to.

    scrapy crawl site -a url=http://www.example.gov.cn/
    scrapy crawl site -a targets='[[1, "http://a.test/"], [2, "http://b.test/"]]' -s INSPECTOR_DNS=127.0.0.1:5353

For each target the homepage (depth 0) and internal HTML pages down to INSPECTOR_MAX_DEPTH are fetched, decoded
(inspector.extract.decode_body: gb2312/gbk → GB18030) and parsed (extract_page); every link on a parsed page
becomes a LinkRecord, and every distinct target URL gets exactly one PageRecord with an Outcome:

- internal pages at depth ≤ max (within INSPECTOR_PAGE_BUDGET): fetched in full and parsed ("page mode");
- off-site links, attachments, internal links one level deeper than max, trap URLs and pages over budget:
  checked once ("check mode"): GET with ``Range: bytes=0-2047``, download stopped after the first chunk (or at
  the headers when the body is not HTML), never parsed. An off-site URL linked by several sites is fetched once.

A homepage that lacks some footer marks has its same-site footer scripts read (`<script src="/js/footer.js">`
writing the footer by document.write; at most INSPECTOR_FOOTER_SCRIPTS, each cut at
INSPECTOR_FOOTER_SCRIPT_MAX_BYTES): the homepage's PageRecord is held back until they are in, then emitted once
with the marks they write merged into facts["footer"] (the page's own values win). facts["footer_sources"] says
where each mark was found ("page" or a script URL); facts["footer_scripts"] what reading each script came to,
facts["footer_scripts_failed"] / ["footer_scripts_skipped"] the scripts that could not be read / were over the
cap. Scripts are neither pages nor links: they get no PageRecord or LinkRecord.

Every parsed page also gets the column facts of inspector.extract.column_facts: facts["list"] (its main list),
facts["messages"] (a 留言 list), facts["comment_period"] (a 征求意见 notice), each only when found; dates without a
year are read against INSPECTOR_AS_OF (the run's as-of date). The further pages of a list (createPageHTML,
index_N, ?page=N, 下一页) are followed at the SAME depth as the list page (depth 1 for the homepage's), at most
INSPECTOR_LIST_MAX_PAGES pages per list counting the first, and carry facts["list_of"] = the first page's URL; the
list's pager pages beyond that are link-checked when a real <a> points at them, and not fetched at all when only a
pager script names them. Hanweb data-proxy answers are stored as PageRecords of their own (kind "page", depth of
the column + 1, url = spiders.jpage.answer_url, facts {"list": …, "list_of": the column page's URL}).

Redirects are followed here, not by RedirectMiddleware, so that a loop, an over-long chain and a redirect of a
deep URL to the homepage (a soft 404) can be told apart. Network failures come to `on_error`; the DNS reason
(NXDOMAIN, timeout, blocked by the allowed-networks guard) comes from spiders.resolver.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy import signals
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest, StopDownload
from scrapy.http import Request, Response
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from inspector.extract import (
    classify_body,
    decode_body,
    extract_links,
    extract_page_and_facts,
    footer_from_script,
    list_from_rows,
    merge_footer,
    page_facts_to_dict,
    parse_html,
    script_sources,
)
from inspector.extract.encoding import http_charset
from inspector.extract.footer import MARKS
from inspector.extract.links import HOW_FORM, document_base
from inspector.model import FooterMarks, LinkKind, LinkRecord, Outcome, PageRecord
from spiders.outcome import (
    footer_script_candidates,
    host_key,
    is_attachment_response,
    is_html_type,
    is_http,
    is_root_url,
    is_trap,
    judge_response,
    link_kind,
    looks_like_html_document,
    norm_url,
    redirect_chain_text,
    failure_detail,
)
from spiders.jpage import JpageCall, answer_pages, answer_url, find_jpage_calls, parse_jpage_answer
from spiders.resolver import last_failure

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

logger = logging.getLogger(__name__)

# Sent as `event=dict` every INSPECTOR_PROGRESS_EVERY responses and when a site has nothing left in flight;
# spiders.run turns these into JSON lines for inspector.crawl.
progress_signal = object()

PAGE, CHECK = "page", "check"
PAGER_HOW = "createPageHTML"  # links synthesised from a TRS pager script (inspector.extract.links)
SMALL_BODY = 64 * 1024  # a response announcing at most this many bytes is read whole, whatever it is
SCRIPT_MAX_REDIRECTS = 3  # redirects a footer script may take before it counts as unreadable


@dataclass
class SiteState:
    """Crawl state of one target (pickled into JOBDIR/spider.state, so plain data only)."""

    site_id: int
    homepage: str
    keys: set[tuple[str, int]] = field(default_factory=set)  # (host without www., port) of the site
    home_urls: set[str] = field(default_factory=set)  # the homepage URL and every URL its redirects went through
    seen: set[str] = field(default_factory=set)  # target URLs already planned (one PageRecord each)
    parsed: int = 0  # page-mode requests issued (INSPECTOR_PAGE_BUDGET)
    checks: int = 0  # check-mode targets (INSPECTOR_CHECK_BUDGET)
    pending: int = 0  # logical requests in flight, shared checks waited on included
    query_variants: Counter[str] = field(default_factory=Counter)
    pages: int = 0  # PageRecords emitted
    links: int = 0  # LinkRecords emitted
    responses: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    unchecked: int = 0  # targets over the check budget: linked, never fetched
    jpage_seen: set[str] = field(default_factory=set)  # data-proxy calls already made
    list_pages: dict[str, int] = field(default_factory=dict)  # first page of a list → pages planned (itself included)
    footer: dict[str, Any] | None = None  # the homepage held back while its footer scripts are read
    done: bool = False
    problems: list[str] = field(default_factory=list)  # first few non-ok URLs, for the log summary


@dataclass
class CrawlState:
    sites: dict[int, SiteState] = field(default_factory=dict)
    shared_results: dict[str, dict[str, Any]] = field(default_factory=dict)  # off-site check results by URL
    shared_waiters: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)  # url → [(site, depth, kind)]
    inflight: dict[str, dict[str, Any]] = field(default_factory=dict)  # request key → info (re-issued on resume)
    responses: int = 0


def _parse_targets(url: str | None, targets: str | list[Any] | None) -> list[tuple[int, str]]:
    if targets:
        raw = json.loads(targets) if isinstance(targets, str) else targets
        out = [(int(sid), str(u)) for sid, u in raw]
    elif url:
        out = [(0, url)]
    else:
        raise ValueError("give -a url=http://… or -a targets='[[site_id, url], …]'")
    fixed = []
    for sid, u in out:
        u = u.strip()
        if "://" not in u:
            u = "http://" + u
        fixed.append((sid, norm_url(u)))
    return fixed


def _header(response: Response, name: str) -> str:
    value = response.headers.get(name)
    return value.decode("latin-1").strip() if value else ""


def _headers_dict(response: Response) -> dict[str, str]:
    return {k.decode("latin-1").lower(): b", ".join(v).decode("latin-1") for k, v in response.headers.items()}


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, url: str | None = None, targets: str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = _parse_targets(url, targets)
        self.max_depth = 3
        self.page_budget = 2000
        self.check_budget = 10000
        self.link_timeout = 15.0
        self.max_redirects = 10
        self.check_bytes = 2048
        self.page_max_bytes = 5 * 1024 * 1024
        self.max_query_variants = 500
        self.progress_every = 25
        self.depth_priority = 1
        self.jpage_groups = 20
        self.footer_scripts = 5
        self.footer_script_bytes = 256 * 1024
        self.list_max_pages = 5
        self.as_of = date.today()
        self.st = CrawlState()
        self.started = time.monotonic()

    # -- wiring ----------------------------------------------------------------------------------------------
    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        if str(settings.get("INSPECTOR_ROBOTS", "ignore")).lower() == "obey":
            settings.set("ROBOTSTXT_OBEY", True, priority="spider")

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SiteSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_depth = s.getint("INSPECTOR_MAX_DEPTH", 3)
        spider.page_budget = s.getint("INSPECTOR_PAGE_BUDGET", 2000)
        spider.check_budget = s.getint("INSPECTOR_CHECK_BUDGET", 10000)
        spider.link_timeout = s.getfloat("INSPECTOR_LINK_TIMEOUT", 15.0)
        spider.max_redirects = s.getint("REDIRECT_MAX_TIMES", 10)
        spider.check_bytes = max(1, s.getint("INSPECTOR_CHECK_BYTES", 2048))
        spider.page_max_bytes = s.getint("INSPECTOR_PAGE_MAX_BYTES", 5 * 1024 * 1024)
        spider.max_query_variants = s.getint("INSPECTOR_MAX_QUERY_VARIANTS", 500)
        spider.progress_every = max(1, s.getint("INSPECTOR_PROGRESS_EVERY", 25))
        spider.depth_priority = s.getint("DEPTH_PRIORITY", 1)
        spider.jpage_groups = s.getint("INSPECTOR_JPAGE_MAX_GROUPS", 20)
        spider.footer_scripts = max(0, s.getint("INSPECTOR_FOOTER_SCRIPTS", 5))
        spider.footer_script_bytes = max(1, s.getint("INSPECTOR_FOOTER_SCRIPT_MAX_BYTES", 256 * 1024))
        spider.list_max_pages = max(1, s.getint("INSPECTOR_LIST_MAX_PAGES", 5))
        spider.as_of = _as_of(s)
        crawler.signals.connect(spider.on_headers, signal=signals.headers_received)
        crawler.signals.connect(spider.on_bytes, signal=signals.bytes_received)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        crawler.signals.connect(spider.on_downloading, signal=signals.request_reached_downloader)
        return spider

    # -- start / resume --------------------------------------------------------------------------------------
    def _restore(self) -> bool:
        state = getattr(self, "state", None)  # set by Scrapy's SpiderState extension when JOBDIR is on
        if state is None:
            return False
        saved = state.get("inspector")
        state["inspector"] = self.st if saved is None else saved
        self.st = state["inspector"]
        return saved is not None

    async def start(self) -> AsyncIterator[Request]:
        resumed = self._restore()
        if resumed:
            # Requests still queued come back from JOBDIR by themselves; those that were being downloaded when
            # the crawl stopped may be lost, so they are issued again (a duplicate result is harmless).
            lost = [info for info in self.st.inflight.values() if info.get("downloading")]
            logger.info("resuming crawl: %d sites, %d unfinished requests, %d re-issued", len(self.st.sites),
                        len(self.st.inflight), len(lost))
            for info in lost:
                yield self._request(info["fetch"], info, track=False)
        for sid, url in self.targets:
            if sid in self.st.sites:
                continue
            site = SiteState(site_id=sid, homepage=url, keys={host_key(url)}, home_urls={url})
            site.seen.add(url)
            site.parsed += 1
            self.st.sites[sid] = site
            yield self._new_request(site, url, depth=0, mode=PAGE, kind="page")

    # -- requests --------------------------------------------------------------------------------------------
    def _new_request(self, site: SiteState, url: str, *, depth: int, mode: str, kind: str, shared: bool = False,
                     list_of: str = "") -> Request:
        info = {"site": site.site_id, "url": url, "fetch": url, "depth": depth, "mode": mode, "kind": kind,
                "chain": [], "shared": shared}
        if list_of:
            info["list_of"] = list_of  # a further page of the list whose first page is list_of
        site.pending += 1
        return self._request(url, info)

    def _key(self, info: dict[str, Any]) -> str:
        return f"shared|{info['url']}" if info["shared"] else f"{info['site']}|{info['url']}"

    def _request(self, url: str, info: dict[str, Any], *, track: bool = True) -> Request:
        """A Request carrying `info`; track=True registers it as in flight (re-issued if a resumed crawl
        finds it unfinished)."""
        if track:
            info = dict(info, fetch=url)
            self.st.inflight[self._key(info)] = info
        meta: dict[str, Any] = {"insp": info, "handle_httpstatus_all": True, "dont_redirect": True}
        headers: dict[str, str] = {}
        if info["depth"] > 0:
            # Every URL but the homepage is judged by the link timeout, parsed or only checked alike, so a
            # verdict never depends on the depth it was found at. The homepage gets DOWNLOAD_TIMEOUT: a slow
            # homepage should still be crawled (its availability is judged by the homepage probes).
            meta["download_timeout"] = self.link_timeout
        if info["mode"] == CHECK:
            headers["Range"] = f"bytes=0-{self.check_bytes - 1}"
            headers["Accept-Encoding"] = "identity"  # a cut-short body stays readable
        return Request(url, callback=self.parse, errback=self.on_error, meta=meta, headers=headers,
                       priority=-info["depth"] * self.depth_priority,  # breadth-first with FIFO queues
                       dont_filter=True)  # the spider deduplicates by normalised URL itself (st.sites[*].seen)

    # -- download control (signals) --------------------------------------------------------------------------
    def on_downloading(self, request: Request, **_: Any) -> None:
        info = request.meta.get("insp")
        if info is not None:
            entry = self.st.inflight.get(self._key(info))
            if entry is not None:
                entry["downloading"] = True

    def on_headers(self, headers: Any, body_length: Any, request: Request, **_: Any) -> None:
        if "footjs" in request.meta:
            request.meta["insp_bytes"] = 0  # per attempt; see on_bytes
            return
        info = request.meta.get("insp")
        if info is None:
            return
        # per attempt: a retried request may get a different answer
        request.meta["insp_bytes"] = 0
        request.meta["insp_small"] = isinstance(body_length, int) and 0 <= body_length <= SMALL_BODY
        if request.meta["insp_small"]:
            return  # read it whole: cheap, and the connection stays reusable
        ctype = (headers.get(b"Content-Type") or b"").decode("latin-1")
        disposition = (headers.get(b"Content-Disposition") or b"").decode("latin-1")
        if headers.get(b"Location"):
            raise StopDownload(fail=False)  # a redirect: the body is irrelevant
        if info["mode"] == CHECK and not is_html_type(ctype):
            raise StopDownload(fail=False)  # the status is all a link check needs from a file
        if info["mode"] == PAGE and (is_attachment_response(ctype, disposition) or not is_html_type(ctype)):
            raise StopDownload(fail=False)  # not a page after all: never download a document in full

    def on_bytes(self, data: bytes, request: Request, **_: Any) -> None:
        if "footjs" in request.meta:
            got = request.meta.get("insp_bytes", 0) + len(data)
            request.meta["insp_bytes"] = got
            if got > self.footer_script_bytes:
                raise StopDownload(fail=False)  # a footer is near the top; read what came
            return
        info = request.meta.get("insp")
        if info is None or request.meta.get("insp_small"):
            return
        if info["mode"] == CHECK:
            raise StopDownload(fail=False)  # first chunk is enough to classify (WAF, soft 404)
        got = request.meta.get("insp_bytes", 0) + len(data)
        request.meta["insp_bytes"] = got
        if got > self.page_max_bytes:
            logger.warning("page cut at %d bytes: %s", got, request.url)
            raise StopDownload(fail=False)

    # -- responses -------------------------------------------------------------------------------------------
    def parse(self, response: Response, **_: Any) -> Iterator[Any]:
        info = response.meta["insp"]
        location = response.headers.get("Location")
        if 300 <= response.status < 400 and location:
            yield from self._follow_redirect(response, info, location.decode("latin-1"))
            return
        site = self.st.sites[info["site"]]
        fields, facts, text = self._judge(response, info, site)
        if info.get("list_of") and fields.get("facts"):
            fields["facts"]["list_of"] = info["list_of"]
        if facts is not None:
            on_home = info["depth"] == 0 or info["url"] in site.home_urls
            pages, followed, unfollowed = self._paginate(site, info, fields["facts"], facts.links)
            yield from pages
            yield from self._follow_links(site, info["url"], info["depth"] + 1, on_home, facts.links,
                                          followed=followed, unfollowed=unfollowed)
            yield from self._jpage_requests(site, info, fields["final_url"], text)
            if info["depth"] == 0 and not info["shared"]:
                scripts = self._footer_scripts(site, info, fields, text)
                if scripts:
                    yield from scripts
                    return  # concluded once its footer scripts are in (_footer_script_done)
        yield from self._conclude(info, fields)

    def _judge(self, response: Response, info: dict[str, Any], site: SiteState) -> tuple[dict[str, Any], Any, str]:
        """Outcome and recorded fields of a final response; PageFacts (and the text) of an ok parsed page."""
        status = response.status
        ctype = _header(response, "Content-Type")
        disposition = _header(response, "Content-Disposition")
        headers = _headers_dict(response)
        kind: str = info["kind"]
        if kind != "attachment" and is_attachment_response(ctype, disposition):
            kind = "attachment"
        html = kind != "attachment" and is_html_type(ctype)
        text, encoding = ("", "")
        if html and response.body:
            text, encoding = decode_body(response.body, ctype or None)
        final_url = norm_url(response.url)
        homepage = site.homepage if info["site"] in self.st.sites and not info["shared"] else ""
        facts = None
        body_class: str | None = None
        parse = info["mode"] == PAGE and kind == "page" and html and 200 <= status < 300 and bool(text)
        extra: dict[str, Any] = {}
        if parse:
            try:
                facts, extra = extract_page_and_facts(final_url, text, encoding, reference_date=self.as_of)
            except Exception:  # extract_page promises not to raise; a bug there must not lose the record
                logger.exception("extract_page failed on %s", final_url)
            if status == 200 and facts is not None:
                body_class = "waf" if facts.waf_challenge else "soft_404" if facts.soft_404 else None
            else:
                body_class = classify_body(status, headers, text, url=final_url, homepage=homepage)
        elif text:
            body_class = classify_body(status, headers, text, url=final_url, homepage=homepage)
        verdict = judge_response(status, body_class=body_class, headers=headers, mode=info["mode"],
                                 rate_limit_retries=int(response.meta.get("inspector_rl_retries", 0)))
        outcome, detail = verdict.outcome, verdict.detail
        if outcome is Outcome.OK and info["chain"] and self._redirected_home(info, final_url, site):
            outcome, detail = Outcome.SOFT_404, "redirected to homepage: " + redirect_chain_text(info["chain"], final_url)
        elif info["chain"] and detail:
            detail = f"{detail} (via {len(info['chain'])} redirects)"
        if kind == "page" and info["mode"] == PAGE and not html and outcome is Outcome.OK:
            detail = detail or f"not html ({ctype.split(';')[0] or 'no content type'})"
        if "download_stopped" in response.flags and info["mode"] == PAGE and html and facts is not None:
            detail = detail or f"page cut at {self.page_max_bytes} bytes"
        latency = response.meta.get("download_latency")
        fields = {
            "kind": kind,
            "outcome": outcome,
            "http_status": status,
            "detail": detail,
            "final_url": final_url,
            "ip": str(response.ip_address) if response.ip_address is not None else "",
            "elapsed_ms": round(latency * 1000, 1) if latency is not None else None,
            "content_type": ctype[:128],
            "encoding": encoding,
            "title": facts.title if facts is not None else "",
            "facts": {**page_facts_to_dict(facts, with_links=False), **extra} if facts is not None else {},
        }
        return fields, (facts if outcome is Outcome.OK else None), text

    def _redirected_home(self, info: dict[str, Any], final_url: str, site: SiteState) -> bool:
        """A deeper URL that ended on a front page (its own host's or the site's homepage): a soft 404."""
        requested = info["url"]
        if info["depth"] == 0 or requested in site.home_urls or is_root_url(requested) or not is_root_url(final_url):
            return False
        same_host = host_key(final_url) == host_key(requested)
        return same_host or (not info["shared"] and (final_url in site.home_urls or host_key(final_url) in site.keys))

    def _follow_redirect(self, response: Response, info: dict[str, Any], location: str) -> Iterator[Any]:
        target = norm_url(urljoin(response.url, location.strip()))
        chain = [*info["chain"], norm_url(response.url)]
        site = self.st.sites[info["site"]]
        if info["depth"] == 0 and not info["shared"]:
            site.home_urls.add(chain[-1])
        base = {"http_status": response.status, "final_url": target, "ip": str(response.ip_address or ""),
                "content_type": _header(response, "Content-Type")[:128]}
        if target in chain or len(chain) > self.max_redirects:
            why = "redirect loop" if target in chain else f"more than {self.max_redirects} redirects"
            yield from self._conclude(info, dict(base, kind=info["kind"], outcome=Outcome.REDIRECT_LOOP,
                                                 detail=f"{why}: {redirect_chain_text(chain, target)}"))
            return
        if not is_http(target):
            yield from self._conclude(info, dict(base, kind=info["kind"], outcome=Outcome.OK,
                                                 detail=f"redirect to non-http {target[:80]}"))
            return
        nxt = dict(info, chain=chain, fetch=target)
        if info["depth"] == 0 and not info["shared"]:
            site.keys.add(host_key(target))  # the homepage moved (www., https, port): the site goes with it
            site.home_urls.add(target)
        elif info["mode"] == PAGE and (host_key(target) not in site.keys or target in site.seen):
            nxt["mode"] = CHECK  # off-site, or a page crawled on its own: only the status matters here
        self.st.inflight[self._key(info)] = nxt
        yield self._request(target, nxt, track=False)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        info = request.meta.get("insp")
        if info is None:
            return
        exc = failure.value
        if isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
            logger.info("robots.txt forbids %s: not recorded", request.url)
            self.crawler.stats.inc_value("inspector/robots_forbidden")
            entry = self.st.inflight.pop(self._key(info), None)
            if entry is not None:
                for sid in [w[0] for w in self.st.shared_waiters.pop(info["url"], [])] or [info["site"]]:
                    self._settle(self.st.sites[sid])
            return
        dns_reason = None
        if isinstance(exc, (CannotResolveHostError, DNSLookupError)):
            err = last_failure(urlsplit(request.url).hostname or "")
            dns_reason = err.reason if err is not None else None
        detail = failure_detail(exc, dns_reason)
        if info["chain"]:
            detail = f"{detail} at {request.url} (via {len(info['chain'])} redirects)"
        fields = {"kind": info["kind"], "outcome": Outcome.BROKEN, "http_status": None, "detail": detail,
                  "final_url": norm_url(request.url)}
        yield from self._conclude(info, fields)

    # -- records ---------------------------------------------------------------------------------------------
    def _conclude(self, info: dict[str, Any], fields: dict[str, Any]) -> Iterator[PageRecord]:
        """A logical request is over: emit its PageRecord(s) (every waiting site for a shared check), then do the
        progress accounting. Call it after the page's own links were scheduled, so a site is never 'done' early."""
        entry = self.st.inflight.pop(self._key(info), None)
        fresh = entry is not None  # False for a duplicate (a request re-issued on resume that also ran)
        self.st.responses += 1
        if info["shared"]:
            self.st.shared_results[info["url"]] = fields
            waiters = self.st.shared_waiters.pop(info["url"], None) or []
            if not waiters and not fresh:  # a duplicate: the same record again (the store upserts)
                site = self.st.sites[info["site"]]
                yield self._record(site, info["url"], info["depth"], dict(fields, kind=_kind(fields, info["kind"])),
                                   count=False)
            for sid, depth, kind in waiters:
                yield self._record(self.st.sites[sid], info["url"], depth, dict(fields, kind=_kind(fields, kind)))
            sites = [sid for sid, _, _ in waiters]
        else:
            site = self.st.sites[info["site"]]
            yield self._record(site, info["url"], info["depth"], fields, count=fresh)
            sites = [info["site"]] if fresh else []
        for sid in sites:
            self._settle(self.st.sites[sid])
        if self.st.responses % self.progress_every == 0:
            self._emit(self.st.sites[info["site"]], done=False)

    def _settle(self, site: SiteState) -> None:
        site.pending = max(0, site.pending - 1)
        if site.pending == 0 and not site.done:
            site.done = True
            self._emit(site, done=True)

    def _record(self, site: SiteState, url: str, depth: int, fields: dict[str, Any], *, count: bool = True) -> PageRecord:
        record = PageRecord(site_id=site.site_id, url=url, depth=depth, **fields)
        if not count:
            return record
        site.pages += 1
        site.responses += 1
        site.outcomes[record.outcome.value] += 1
        self.crawler.stats.inc_value(f"inspector/outcome/{record.outcome.value}")
        if record.outcome is not Outcome.OK:
            logger.info("site %s %s %s %s", site.site_id, record.outcome.value, url, record.detail)
            if len(site.problems) < 50:
                site.problems.append(f"{record.outcome.value} {url} {record.detail}")
        return record

    def _emit(self, site: SiteState, *, done: bool) -> None:
        event = {"event": "progress", "site_id": site.site_id, "pages": site.pages, "links": site.links,
                 "responses": self.st.responses, "done": done}
        self.crawler.signals.send_catch_log(progress_signal, event=event)

    # -- links -----------------------------------------------------------------------------------------------
    def _follow_links(self, site: SiteState, source: str, depth: int, on_home: bool, links: Iterable[Any],
                      how: str | None = None, followed: set[str] | None = None,
                      unfollowed: set[str] | None = None) -> Iterator[Any]:
        """LinkRecords for the links found on `source`, and their targets planned at `depth`.

        `followed` = pager pages of the source's list just planned by _paginate (their pager-script edges are
        recorded here); `unfollowed` = its pager pages over INSPECTOR_LIST_MAX_PAGES: a real link to one is only
        checked, a pager-script one is neither recorded nor fetched."""
        emitted: set[tuple[str, str]] = set()
        for link in links:
            if not is_http(link.url):
                continue
            target = norm_url(link.url)
            kind = link_kind(target, site.keys)
            link_how = how or link.how
            if (target, link_how) in emitted:
                continue
            emitted.add((target, link_how))
            if link_how == HOW_FORM and not on_home:
                continue  # the same search box is on every page: the homepage's is the one the rules look at
            over = unfollowed is not None and target in unfollowed
            if link_how == PAGER_HOW and (over or (target in site.seen and not (followed and target in followed))):
                # Pager pages are derived from a script call that every list page repeats: record the edge once,
                # or a list of N pages stores N x N edges; pages over the list's bound are not links at all.
                continue
            site.links += 1
            yield LinkRecord(site_id=site.site_id, source=source, target=target, text=link.text[:500],
                             how=link_how, kind=kind, on_homepage=on_home)
            if link_how == HOW_FORM:
                continue  # a search form's action needs a query: recorded (site search), never fetched or judged
            yield from self._discover(site, target, depth, kind, check_only=over)

    # -- pagination of lists (same depth, INSPECTOR_LIST_MAX_PAGES per list) -------------------------------------
    def _paginate(self, site: SiteState, info: dict[str, Any], facts: dict[str, Any], links: Iterable[Any]
                  ) -> tuple[list[Request], set[str], set[str]]:
        """Requests for the further pages of this page's list, at this page's depth (1 for the homepage), until
        the list has INSPECTOR_LIST_MAX_PAGES pages; and the pager URLs (list pager + pager-script links) planned
        here and left over."""
        listed = (facts.get("list") or {}).get("pager") or []
        family = list(dict.fromkeys(
            norm_url(u) for u in [*listed, *(link.url for link in links if link.how == PAGER_HOW)] if is_http(u)))
        if not family:
            return [], set(), set()
        root = info.get("list_of") or info["url"]
        counts = _list_pages(site)
        planned = counts.get(root, 1)
        depth = max(info["depth"], 1)
        requests: list[Request] = []
        followed: set[str] = set()
        for url in family:
            if planned >= self.list_max_pages:
                break
            if url in site.seen or host_key(url) not in site.keys:
                continue
            if not self._parse_allowed(site, url, depth):
                break  # page budget spent (or a trap): the rest is only checked
            site.seen.add(url)
            site.parsed += 1
            planned += 1
            followed.add(url)
            requests.append(self._new_request(site, url, depth=depth, mode=PAGE, kind="page", list_of=root))
        counts[root] = planned
        unfollowed = {url for url in family if url not in followed and url not in site.seen}
        return requests, followed, unfollowed

    # -- Hanweb jpage lists (rows POSTed for by a script; see spiders.jpage) ------------------------------------
    def _jpage_requests(self, site: SiteState, info: dict[str, Any], page_url: str, text: str) -> Iterator[Request]:
        if not self.jpage_groups:
            return
        for call in find_jpage_calls(text, page_url):
            key = f"{norm_url(call.url)} {call.body}"
            if host_key(call.url) not in site.keys or key in site.jpage_seen:
                continue
            site.jpage_seen.add(key)
            yield self._jpage_request(site, {"site": site.site_id, "source": info["url"], "base": page_url,
                                             "depth": info["depth"], "group_no": 1}, call)

    def _jpage_request(self, site: SiteState, job: dict[str, Any], call: JpageCall) -> Request:
        site.pending += 1
        meta = {"jpage": dict(job, call=[call.url, call.body, call.start, call.group]), "handle_httpstatus_all": True,
                "dont_redirect": True, "download_timeout": self.link_timeout}
        return Request(call.url, method="POST", body=call.body, meta=meta, callback=self.parse_jpage,
                       errback=self.on_jpage_error, priority=-(job["depth"] + 1) * self.depth_priority,
                       headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8",
                                "X-Requested-With": "XMLHttpRequest"}, dont_filter=True)

    def parse_jpage(self, response: Response, **_: Any) -> Iterator[Any]:
        job = response.meta["jpage"]
        site = self.st.sites[job["site"]]
        try:
            if not 200 <= response.status < 300:
                logger.info("jpage data proxy answered %s: %s", response.status, response.url)
                return
            text, enc = decode_body(response.body, _header(response, "Content-Type") or None)
            rows, total = parse_jpage_answer(text)
            record = self._data_answer(site, job, response, text, enc, rows, total)
            if record is not None:
                yield record
            if rows:
                links = extract_links(job["base"], rows)
                on_home = job["depth"] == 0 or job["source"] in site.home_urls
                yield from self._follow_links(site, job["source"], job["depth"] + 1, on_home, links, how="jpage")
            call = JpageCall(*job["call"])
            nxt = call.next(total) if total and rows else None
            if nxt is not None and job["group_no"] < self.jpage_groups:
                yield self._jpage_request(site, dict(job, group_no=job["group_no"] + 1), nxt)
        finally:
            self._settle(site)

    def _data_answer(self, site: SiteState, job: dict[str, Any], response: Response, text: str, encoding: str,
                     rows: str, total: int | None) -> PageRecord | None:
        """The PageRecord of a successful data-proxy answer: its rows as facts["list"], list_of = the column."""
        try:
            found = list_from_rows(rows, job["base"], reference_date=self.as_of, total=total,
                                   pages=answer_pages(text))
        except Exception:  # a bug in the list extractor must not stop the column's paging
            logger.exception("rows of the data-proxy answer %s not read", response.url)
            return None
        if found is None:
            return None  # no rows and no <totalrecord>: not a data answer
        url = norm_url(answer_url(JpageCall(*job["call"])))
        if url in site.seen:
            return None  # the same answer again (a resumed crawl)
        site.seen.add(url)
        latency = response.meta.get("download_latency")
        fields = {"kind": "page", "outcome": Outcome.OK, "http_status": response.status, "detail": "",
                  "final_url": norm_url(response.url),
                  "ip": str(response.ip_address) if response.ip_address is not None else "",
                  "elapsed_ms": round(latency * 1000, 1) if latency is not None else None,
                  "content_type": _header(response, "Content-Type")[:128], "encoding": encoding, "title": "",
                  "facts": {"list": found.to_dict(), "list_of": job["source"]}}
        return self._record(site, url, job["depth"] + 1, fields)

    def on_jpage_error(self, failure: Failure) -> None:
        job = failure.request.meta["jpage"]  # type: ignore[attr-defined]
        logger.info("jpage data proxy failed (%s): %s", failure_detail(failure.value), failure.request.url)  # type: ignore[attr-defined]
        self._settle(self.st.sites[job["site"]])

    # -- homepage footer scripts (a footer written by footer.js; scripts are not links) ------------------------
    def _footer_scripts(self, site: SiteState, info: dict[str, Any], fields: dict[str, Any], text: str
                        ) -> list[Request]:
        """Requests for the homepage's footer scripts, the homepage held in site.footer until they are in; [] when
        nothing is to be read (every mark is on the page, or no candidate script): conclude the homepage now."""
        facts = fields["facts"]
        footer = facts.get("footer") or {}
        facts["footer_sources"] = {mark: "page" for mark in MARKS if footer.get(mark)}
        missing = [mark for mark in MARKS if not footer.get(mark)]
        if not missing or not self.footer_scripts:
            return []
        try:
            tree = parse_html(text)
            base = document_base(tree, fields["final_url"])
            fetch, skipped = footer_script_candidates(script_sources(tree, base), site.keys, limit=self.footer_scripts,
                                                      any_script=len(missing) == len(MARKS))
        except Exception:  # a bug here must not lose the homepage record
            logger.exception("footer scripts of %s not looked for", fields["final_url"])
            return []
        if skipped:
            facts["footer_scripts_skipped"] = skipped
        if not fetch:
            return []
        site.footer = {"info": info, "fields": fields, "base": base, "encoding": fields["encoding"],
                       "referer": fields["final_url"], "order": list(fetch), "waiting": list(fetch), "results": {},
                       "marks": {}}
        return [self._script_request(site, url, url) for url in fetch]

    def _script_request(self, site: SiteState, url: str, fetch: str, hops: int = 0) -> Request:
        assert site.footer is not None
        meta = {"footjs": {"site": site.site_id, "url": url, "hops": hops}, "handle_httpstatus_all": True,
                "dont_redirect": True, "download_timeout": self.link_timeout}
        # A browser sends the page as Referer for the scripts it includes; sites that guard their scripts
        # against hot-linking answer 403 without it.
        return Request(fetch, callback=self.parse_footer_script, errback=self.on_footer_script_error, meta=meta,
                       headers={"Referer": site.footer["referer"]}, dont_filter=True)

    def _footer_job(self, meta: dict[str, Any]) -> SiteState | None:
        """The site whose held homepage waits for this script, or None for a stale answer (resumed crawl)."""
        site = self.st.sites.get(meta["site"])
        if site is None or site.footer is None or meta["url"] not in site.footer["waiting"]:
            return None
        return site

    def parse_footer_script(self, response: Response, **_: Any) -> Iterator[Any]:
        meta = response.meta["footjs"]
        site = self._footer_job(meta)
        if site is None or site.footer is None:
            return
        marks: dict[str, Any] | None = None
        try:
            location = response.headers.get("Location")
            if 300 <= response.status < 400 and location and meta["hops"] < SCRIPT_MAX_REDIRECTS:
                target = norm_url(urljoin(response.url, location.decode("latin-1").strip()))
                if is_http(target):
                    yield self._script_request(site, meta["url"], target, meta["hops"] + 1)
                    return
            if 200 <= response.status < 300:
                ctype = _header(response, "Content-Type")
                if http_charset(ctype) is None and site.footer["encoding"]:
                    ctype = f"text/javascript; charset={site.footer['encoding']}"  # as a browser: the page's
                text, _enc = decode_body(response.body, ctype or None)
                if looks_like_html_document(text):
                    result = f"http {response.status}: an html page, not a script"
                else:
                    found = footer_from_script(text, site.footer["base"])
                    marks = {mark: getattr(found, mark) for mark in MARKS}
                    result = "ok"
            else:
                result = f"http {response.status}"
        except Exception:  # a bug here must not lose the homepage record
            logger.exception("footer script %s not read", response.url)
            result = "error reading the script"
        yield from self._footer_script_done(site, meta["url"], result, marks)

    def on_footer_script_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        meta = request.meta["footjs"]
        site = self._footer_job(meta)
        if site is None:
            return
        exc = failure.value
        dns_reason = None
        if isinstance(exc, (CannotResolveHostError, DNSLookupError)):
            err = last_failure(urlsplit(request.url).hostname or "")
            dns_reason = err.reason if err is not None else None
        yield from self._footer_script_done(site, meta["url"], failure_detail(exc, dns_reason), None)

    def _footer_script_done(self, site: SiteState, url: str, result: str, marks: dict[str, Any] | None
                            ) -> Iterator[PageRecord]:
        """One footer script is settled; after the last one, the held homepage is emitted with merged facts."""
        job = site.footer
        assert job is not None
        job["waiting"].remove(url)
        job["results"][url] = result
        if marks is not None:
            job["marks"][url] = marks
        if result != "ok":
            logger.info("site %s footer script not read: %s %s", site.site_id, url, result)
        if job["waiting"]:
            return
        site.footer = None
        fields = job["fields"]
        facts = fields["facts"]
        results = {u: job["results"][u] for u in job["order"]}
        facts["footer_scripts"] = results
        facts["footer_scripts_failed"] = [u for u, r in results.items() if r != "ok"]
        try:
            page = FooterMarks(**{mark: facts["footer"].get(mark) for mark in MARKS})
            scripts = [(u, FooterMarks(**job["marks"][u])) for u in job["order"] if u in job["marks"]]
            merged, sources = merge_footer(page, scripts)
            facts["footer"] = {mark: getattr(merged, mark) for mark in MARKS}
            facts["footer_sources"] = sources
        except Exception:  # the homepage is still recorded; its scripts count as unread
            logger.exception("footer scripts of %s not merged", fields["final_url"])
            facts["footer_scripts_failed"] = list(job["order"])
        yield from self._conclude(job["info"], fields)

    def _discover(self, site: SiteState, url: str, depth: int, kind: LinkKind, *, check_only: bool = False
                  ) -> Iterator[Any]:
        if url in site.seen:
            return
        site.seen.add(url)
        if kind == "page" and not check_only and self._parse_allowed(site, url, depth):
            site.parsed += 1
            yield self._new_request(site, url, depth=depth, mode=PAGE, kind=kind)
            return
        if site.checks >= self.check_budget:
            site.unchecked += 1
            self.crawler.stats.inc_value("inspector/unchecked_over_budget")
            return
        site.checks += 1
        if kind == "page":
            yield self._new_request(site, url, depth=depth, mode=CHECK, kind=kind)
            return
        done = self.st.shared_results.get(url)
        if done is not None:  # another site's link to the same URL was checked already
            yield self._record(site, url, depth, dict(done, kind=_kind(done, kind)))
            return
        site.pending += 1
        waiters = self.st.shared_waiters.get(url)
        if waiters is not None:
            waiters.append((site.site_id, depth, kind))
            return
        self.st.shared_waiters[url] = [(site.site_id, depth, kind)]
        info = {"site": site.site_id, "url": url, "fetch": url, "depth": depth, "mode": CHECK, "kind": kind,
                "chain": [], "shared": True}
        yield self._request(url, info)

    def _parse_allowed(self, site: SiteState, url: str, depth: int) -> bool:
        if depth > self.max_depth or site.parsed >= self.page_budget or is_trap(url):
            return False
        parts = urlsplit(url)
        if parts.query:
            site.query_variants[parts.path] += 1
            if site.query_variants[parts.path] > self.max_query_variants:
                return False
        return True

    # -- end -------------------------------------------------------------------------------------------------
    def summary(self) -> dict[str, Any]:
        outcomes: Counter[str] = Counter()
        for site in self.st.sites.values():
            outcomes.update(site.outcomes)
        return {
            "sites": len(self.st.sites),
            "pages": sum(s.pages for s in self.st.sites.values()),
            "links": sum(s.links for s in self.st.sites.values()),
            "outcomes": dict(outcomes),
            "unchecked": sum(s.unchecked for s in self.st.sites.values()),
            "elapsed": round(time.monotonic() - self.started, 2),
        }

    def on_closed(self, spider: scrapy.Spider, reason: str) -> None:
        for site in self.st.sites.values():
            if site.footer is not None:
                logger.warning("site %s: homepage held for footer scripts %s not recorded (%s)", site.site_id,
                               site.footer["waiting"], reason)
            logger.info("site %s %s: %d URLs recorded, %d links; %s", site.site_id, site.homepage, site.pages,
                        site.links, dict(site.outcomes))
            for line in site.problems[:20]:
                logger.info("  %s", line)
        logger.info("crawl finished (%s): %s", reason, self.summary())


def _list_pages(site: SiteState) -> dict[str, int]:
    """site.list_pages, also on a SiteState pickled (JOBDIR) before the field existed."""
    pages = site.__dict__.get("list_pages")
    if pages is None:
        pages = site.__dict__["list_pages"] = {}
    return pages


def _as_of(settings: BaseSettings) -> date:
    """The run's as-of date: INSPECTOR_AS_OF (YYYY-MM-DD), else the as-of of run INSPECTOR_RUN_ID in the store at
    INSPECTOR_STORE_URL, else today."""
    value = str(settings.get("INSPECTOR_AS_OF") or "").strip()
    if value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            logger.warning("INSPECTOR_AS_OF %r is not a YYYY-MM-DD date; using today", value)
            return date.today()
    store_url, run_id = settings.get("INSPECTOR_STORE_URL") or "", settings.getint("INSPECTOR_RUN_ID", 0)
    if store_url and run_id:
        try:
            from inspector.store import Store

            store = Store(store_url)
            try:
                found = store.run(run_id)["as_of"]
            finally:
                store.close()
            if isinstance(found, date):
                return found
        except Exception as exc:  # no such run yet, unreadable store: the crawl still runs
            logger.info("as-of date of run %s not read from the store (%s); using today", run_id, exc)
    return date.today()


def _kind(fields: dict[str, Any], wanted: str) -> str:
    """A shared check's kind for one site: an attachment by response stays one, otherwise the site's view."""
    return "attachment" if fields.get("kind") == "attachment" else wanted
