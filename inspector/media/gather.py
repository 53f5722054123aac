"""The 政务新媒体 gatherer's pieces: account sources as probe records, own-site links in posts, the matrix page.

Nothing here judges: sources, links and the matrix page are recorded as ProbeRecords (kinds in
inspector.media.artifacts) that the account checks read later from the store.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit, urlunsplit

import httpx

from inspector.extract import classify_body, decode_body
from inspector.media.accounts import Platform
from inspector.media.artifacts import (
    LINK_PROBE,
    MATRIX_PROBE,
    SOURCE_PROBE,
    PortalEntry,
    PortalListing,
    on_own_site,
)
from inspector.media.posts import Post
from inspector.media.sources import SourceResult
from inspector.model import Outcome, ProbeRecord, Site
from inspector.probes.dns import DnsConfig
from inspector.probes.http import describe_error, make_client
from spiders.outcome import host_key, is_html_type, is_root_url, judge_response, parse_retry_after

logger = logging.getLogger(__name__)

LINKS_PER_ACCOUNT = 30  # own-site links checked per account at most (newest posts first)
MATRIX_MAX_BYTES = 2_000_000
LINK_BODY_BYTES = 200_000  # an HTML answer is read this far (soft 404 and WAF pages are told by their text)
#: Answers retried before a link is called broken, as the site spider does (spiders.settings RETRY_HTTP_CODES,
#: plus 503 and 429 without Retry-After, which its RetryAfterMiddleware retries).
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
LINK_RETRIES = 2  # a request and two retries, as the spider (RETRY_TIMES = 2)
MAX_RETRY_AFTER = 30.0  # seconds: a longer Retry-After is capped (as the spider's INSPECTOR_MAX_RETRY_AFTER)
#: `PortalListing.reason` of a matrix page read with unnamed QR-code images besides its named accounts.
UNNAMED_IMAGES_NOTE = "页面另有{count}个未标注账号名称的二维码图片，未识别出的账号可能以图片形式列出"
#: `PortalListing.reason` of a listing put together from per-platform column pages (政务微博, 政务微信 ...).
PLATFORM_PAGES_NOTE = "门户网站未设统一的政务新媒体页面，只找到分平台的栏目页（{pages}），其中未列出的账号可能列在未找到的其他页面上"
PLATFORM_PAGES_MAX = 4  # per-platform column pages read for one site at most


def source_probe(account_id: int, site_id: int | None, result: SourceResult) -> ProbeRecord:
    """The stored form of reading one account's source (kind "media-source")."""
    return ProbeRecord(
        site_id=site_id,
        kind=SOURCE_PROBE,
        target=result.url or result.source,
        ok=result.healthy,
        http_status=result.status,
        error="" if result.healthy else result.detail,
        outcome=result.health.value,
        at=result.fetched_at.isoformat(timespec="seconds"),
        data=result.to_dict(),
        account_id=account_id,
    )


def _defragment(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


@dataclass(frozen=True, slots=True)
class PostLink:
    """A link on the account's own site found in one post."""

    url: str
    post: Post


def own_site_links(result: SourceResult, site: Site, cap: int = LINKS_PER_ACCOUNT) -> list[PostLink]:
    """Links to the account's own site in its posts (each link once, newest posts first, at most `cap`): the
    links inside a post's content, and the post's own URL when the post lives on the site."""
    newest_first = sorted(result.posts, key=lambda p: p.published or datetime.min.replace(tzinfo=timezone.utc),
                          reverse=True)
    seen: set[str] = set()
    out: list[PostLink] = []
    for post in newest_first:
        for link in (post.url, *post.links):
            if not link or not on_own_site(link, site):
                continue
            key = _defragment(link)
            if key in seen:
                continue
            seen.add(key)
            out.append(PostLink(key, post))
            if len(out) >= cap:
                return out
    return out


@dataclass(frozen=True, slots=True)
class _LinkAnswer:
    status: int
    url: str  # the final URL (after redirects)
    headers: dict[str, str]
    text: str  # the decoded body of an HTML answer ("" otherwise)
    redirected: bool


async def _fetch_once(client: httpx.AsyncClient, url: str, timeout: float) -> _LinkAnswer:
    """One GET (redirects followed); the body is read only for HTML answers (at most LINK_BODY_BYTES), so a large
    attachment costs its headers, not its download time."""

    async def go() -> _LinkAnswer:
        async with client.stream("GET", url) as response:
            ctype = response.headers.get("content-type") or ""
            disposition = response.headers.get("content-disposition") or ""
            body = b""
            if is_html_type(ctype) and not disposition.lower().lstrip().startswith("attachment"):
                async for chunk in response.aiter_bytes():
                    body += chunk
                    if len(body) >= LINK_BODY_BYTES:
                        break
            text = decode_body(body[:LINK_BODY_BYTES], ctype or None)[0] if body else ""
            return _LinkAnswer(response.status_code, str(response.url), dict(response.headers), text,
                               bool(response.history))

    return await asyncio.wait_for(go(), timeout=timeout + 1.0)


def redirected_home(requested: str, final: str, homepage: str = "") -> bool:
    """A deeper URL whose redirects ended on a front page of its own host or of the site's homepage host: a soft
    404, as the site spider judges it (a deleted article sent to the homepage)."""
    if is_root_url(requested) or not is_root_url(final):
        return False
    return host_key(final) == host_key(requested) or bool(homepage) and host_key(final) == host_key(homepage)


async def fetch_link(
    client: httpx.AsyncClient,
    url: str,
    *,
    site_id: int | None,
    timeout: float,
    retries: int = LINK_RETRIES,
    retry_delay: float = 1.0,
    max_retry_after: float = MAX_RETRY_AFTER,
    homepage: str = "",
) -> ProbeRecord:
    """Check one link in a post like the site spider checks a link (kind "media-link"; `outcome` an Outcome value).

    - network failures and 408 / 429 / 5xx answers are retried `retries` times before the link is called broken,
      `retry_delay` seconds apart or what a 429 / 503's Retry-After asks (at most `max_retry_after`); a 429, or a
      503 with Retry-After, that persists is rate limited: undecidable;
    - an attachment or any non-HTML answer is judged by its status once the headers are in (never downloaded: a
      large PDF on a slow server is not a "timeout");
    - the answer is judged by spiders.outcome.judge_response (412, the 瑞数-style challenge, is a WAF; a WAF page
      is a WAF; a page that says "not found" is a soft 404), with its headers;
    - a deeper link that redirects to a front page (its host's, or `homepage`'s) is a soft 404, as in the crawl."""
    started = time.perf_counter()
    at = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
    attempts = max(0, retries) + 1
    detail = ""
    status: int | None = None
    wait = retry_delay
    for attempt in range(attempts):
        if attempt and wait:
            await asyncio.sleep(wait)
        wait = retry_delay
        try:
            answer = await _fetch_once(client, url, timeout)
        except (httpx.HTTPError, asyncio.TimeoutError) as exc:
            status = None
            detail = "timeout" if isinstance(exc, asyncio.TimeoutError) else describe_error(exc)
            if detail == "redirect loop" or detail.lower().startswith(("dns: nxdomain", "dns: blocked")):
                break  # a loop stays a loop; a name that does not exist stays so
            continue
        status = answer.status
        if status in RETRY_STATUSES and attempt + 1 < attempts:
            detail = f"http {status}"
            asked = parse_retry_after(answer.headers.get("retry-after")) if status in (429, 503) else None
            if asked is not None:
                wait = max(0.0, min(asked, max_retry_after))
            continue
        final_url = answer.url
        body_class = (classify_body(status, answer.headers, answer.text, url=final_url, homepage=url)
                      if answer.text else None)
        judged = judge_response(status, body_class=body_class, headers=answer.headers, mode="page",
                                rate_limit_retries=attempt)
        outcome, why = judged.outcome, judged.detail
        if outcome is Outcome.OK and answer.redirected and redirected_home(url, final_url, homepage):
            outcome, why = Outcome.SOFT_404, f"redirected to homepage: {final_url}"
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        ok = outcome is Outcome.OK
        return ProbeRecord(site_id, LINK_PROBE, url, ok, status, elapsed, "" if ok else why, outcome.value, at)
    elapsed = round((time.perf_counter() - started) * 1000, 1)
    outcome = Outcome.REDIRECT_LOOP if detail == "redirect loop" else Outcome.BROKEN
    return ProbeRecord(site_id, LINK_PROBE, url, False, status, elapsed, detail, outcome.value, at)


async def probe_post_links(
    items: Sequence[tuple[int, int | None, PostLink]],
    config: DnsConfig,
    *,
    timeout: float = 15.0,
    concurrency: int = 4,
    delay: float = 0.5,
    retries: int = LINK_RETRIES,
    retry_delay: float = 1.0,
    progress: Callable[[], None] | None = None,
    homepages: Mapping[int, str] | None = None,
) -> list[ProbeRecord]:
    """Check each (account id, site id, link) like any link (kind "media-link"; see fetch_link).

    One request at a time per host with `delay` seconds between them; at most `concurrency` in flight.
    `homepages` (site id → homepage URL) lets a link that redirects to its site's homepage count as a soft 404."""
    semaphore = asyncio.Semaphore(max(1, concurrency))
    host_locks: dict[str, asyncio.Lock] = {}
    out: list[ProbeRecord | None] = [None] * len(items)

    async with make_client(config, timeout=timeout) as client:

        async def one(index: int, account_id: int, site_id: int | None, link: PostLink) -> None:
            host = (urlsplit(link.url).hostname or "").lower()
            async with host_locks.setdefault(host, asyncio.Lock()), semaphore:
                homepage = (homepages or {}).get(site_id, "") if site_id is not None else ""
                record = await fetch_link(client, link.url, site_id=site_id, timeout=timeout, retries=retries,
                                          retry_delay=retry_delay, homepage=homepage)
                if delay:
                    await asyncio.sleep(delay)
            post = link.post
            out[index] = ProbeRecord(
                **{**_fields(record), "account_id": account_id, "data": {
                    "post": post.url, "post_title": post.title,
                    "published": post.published.isoformat(timespec="seconds") if post.published else None,
                }}
            )
            if progress is not None:
                progress()

        await asyncio.gather(*(one(i, aid, sid, link) for i, (aid, sid, link) in enumerate(items)))
    return [r for r in out if r is not None]


def _fields(record: ProbeRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def matrix_probe(site_id: int, listing: PortalListing) -> ProbeRecord:
    """The stored form of a site's matrix listing (kind "media-matrix")."""
    return ProbeRecord(
        site_id=site_id,
        kind=MATRIX_PROBE,
        target=listing.url,
        ok=listing.status == "read",
        error=listing.reason,
        outcome=listing.status,
        at=datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds"),
        data=listing.to_data(),
    )


async def read_matrix(url: str, config: DnsConfig, *, timeout: float = 15.0, homepage: str = "") -> PortalListing:
    """Fetch a site's 政务新媒体 matrix page and read the accounts it lists.

    A page that cannot be fetched, is a WAF challenge or a soft 404, or in which no account can be recognised
    (e.g. accounts shown only as images without text), or that redirects to a front page (its host's or
    `homepage`'s: a removed column, as the crawl judges it; the homepage's own 新媒体 block is not the matrix) is
    "unread" with the reason: the checks then say 无法判定 instead of reporting every registered account as missing
    from the portal. A page read with QR-code
    images that gave no name as well is "read" with a `reason` saying so (UNNAMED_IMAGES_NOTE): an account
    missing from its entries may be one of those pictures."""
    from inspector.media.portal import read_matrix_page

    try:
        async with make_client(config, timeout=timeout) as client:
            response = await asyncio.wait_for(client.get(url), timeout=timeout + 1.0)
    except (httpx.HTTPError, asyncio.TimeoutError) as exc:
        from inspector.checks._common import problem_label

        reason = "timeout" if isinstance(exc, asyncio.TimeoutError) else describe_error(exc)
        return PortalListing("unread", url, f"政务新媒体页面无法访问（{problem_label(reason)}）")
    body = response.content[:MATRIX_MAX_BYTES]
    if response.status_code >= 400:
        return PortalListing("unread", url, f"政务新媒体页面无法访问（HTTP {response.status_code}）")
    if response.history and redirected_home(url, str(response.url), homepage):
        return PortalListing("unread", url, f"政务新媒体页面跳转到首页（{response.url}），该页面可能已不存在")
    content_type = response.headers.get("content-type")
    text, _encoding = decode_body(body, content_type)
    flagged = classify_body(response.status_code, dict(response.headers), text, url=str(response.url), homepage=url)
    if flagged == "waf":
        return PortalListing("unread", url, "政务新媒体页面被防火墙拦截")
    if flagged == "soft_404":
        return PortalListing("unread", url, "政务新媒体页面显示页面不存在")
    page = read_matrix_page(body, str(response.url), content_type=content_type)
    if not page.entries:
        return PortalListing("unread", url, "政务新媒体页面中未识别出账号名称（可能仅以图片展示），请人工核对")
    note = UNNAMED_IMAGES_NOTE.format(count=page.unnamed_images) if page.unnamed_images else ""
    return PortalListing("read", url, note, tuple(page.entries))


def platform_page(link_text: str) -> Platform | None:
    """The one platform a column link names on its own ("政务微博" → weibo, "官方微信" → wechat); None for a link
    to the whole matrix ("政务新媒体", "新媒体矩阵") or one that names several platforms or none."""
    from inspector.media.activity import PLATFORM_WORDS

    text = "".join(link_text.split()).lower()
    if not text or "新媒体" in text or "矩阵" in text:
        return None
    named = {platform for word, platform in PLATFORM_WORDS.items() if word.lower() in text}
    return named.pop() if len(named) == 1 else None


async def read_matrix_pages(
    candidates: Sequence[tuple[str, str]], config: DnsConfig, *, timeout: float = 15.0, homepage: str = ""
) -> PortalListing:
    """A site's matrix listing from the column rule's candidates ((URL, link text), best first).

    The first candidate is read (read_matrix). When it is a per-platform column page (its link says 政务微博,
    政务微信 ... alone: platform_page), the site may have no single matrix page but one page per platform: the other
    per-platform candidates (PLATFORM_PAGES_MAX in all) are read too and their accounts put together, and the
    listing's `reason` says that an account not found may be on a page that was not found (the checks then say
    无法判定, not "not listed", for it)."""
    if not candidates:
        raise ValueError("no matrix page candidate")
    url, text = candidates[0]
    first = await read_matrix(url, config, timeout=timeout, homepage=homepage)
    if platform_page(text) is None:
        return first
    pages = [(url, text, first)]
    seen = {platform_page(text)}
    for other_url, other_text in candidates[1:]:
        if len(pages) >= PLATFORM_PAGES_MAX:
            break
        platform = platform_page(other_text)
        if platform is None or platform in seen or other_url == url:
            continue
        seen.add(platform)
        pages.append((other_url, other_text, await read_matrix(other_url, config, timeout=timeout,
                                                               homepage=homepage)))
    read = [(u, t, listing) for u, t, listing in pages if listing.status == "read"]
    if not read:
        return first
    primary = read[0][2]
    entries: dict[tuple[str, Platform | None], PortalEntry] = {}
    for _u, _t, listing in read:
        for entry in listing.entries:
            entries.setdefault((entry.name, entry.platform), entry)
    names = "、".join(" ".join(t.split()) for _u, t, _l in pages)
    notes = [PLATFORM_PAGES_NOTE.format(pages=names), *(listing.reason for _u, _t, listing in pages if listing.reason)]
    logger.info("matrix of per-platform pages: %s", ", ".join(f"{u} ({listing.status})" for u, _t, listing in pages))
    return PortalListing("read", primary.url, "；".join(dict.fromkeys(notes)), tuple(entries.values()))
