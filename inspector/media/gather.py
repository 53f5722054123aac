"""The 政务新媒体 gatherer's pieces: account sources as probe records, own-site links in posts, the matrix page.

Nothing here judges: sources, links and the matrix page are recorded as ProbeRecords (kinds in
inspector.media.artifacts) that the account checks read later from the store.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit, urlunsplit

import httpx

from inspector.extract import classify_body, decode_body
from inspector.media.artifacts import LINK_PROBE, MATRIX_PROBE, SOURCE_PROBE, PortalListing, on_own_site
from inspector.media.posts import Post
from inspector.media.sources import SourceResult
from inspector.model import Outcome, ProbeRecord, Site
from inspector.probes.dns import DnsConfig
from inspector.probes.http import describe_error, make_client
from spiders.outcome import is_html_type, judge_response

logger = logging.getLogger(__name__)

LINKS_PER_ACCOUNT = 30  # own-site links checked per account at most (newest posts first)
MATRIX_MAX_BYTES = 2_000_000
LINK_BODY_BYTES = 200_000  # an HTML answer is read this far (soft 404 and WAF pages are told by their text)
#: Answers retried before a link is called broken, as the site spider does (spiders.settings RETRY_HTTP_CODES,
#: plus 503 and 429 without Retry-After, which its RetryAfterMiddleware retries).
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504, 522, 524})
LINK_RETRIES = 2  # a request and two retries, as the spider (RETRY_TIMES = 2)
#: `PortalListing.reason` of a matrix page read with unnamed QR-code images besides its named accounts.
UNNAMED_IMAGES_NOTE = "页面另有{count}个未标注账号名称的二维码图片，未识别出的账号可能以图片形式列出"


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


async def _fetch_once(client: httpx.AsyncClient, url: str, timeout: float) -> tuple[int, str, str, str]:
    """(status, final URL, content type, decoded body) of one GET; the body is read only for HTML answers (at most
    LINK_BODY_BYTES), so a large attachment costs its headers, not its download time."""

    async def go() -> tuple[int, str, str, str]:
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
            return response.status_code, str(response.url), ctype, text

    return await asyncio.wait_for(go(), timeout=timeout + 1.0)


async def fetch_link(
    client: httpx.AsyncClient,
    url: str,
    *,
    site_id: int | None,
    timeout: float,
    retries: int = LINK_RETRIES,
    retry_delay: float = 1.0,
) -> ProbeRecord:
    """Check one link in a post like the site spider checks a link (kind "media-link"; `outcome` an Outcome value).

    - network failures and 408 / 429 / 5xx answers are retried `retries` times, `retry_delay` seconds apart, before
      the link is called broken (a 429, or a 503 with Retry-After, that persists is rate limited: undecidable);
    - an attachment or any non-HTML answer is judged by its status once the headers are in (never downloaded: a
      large PDF on a slow server is not a "timeout");
    - the answer is judged by spiders.outcome.judge_response (412, the 瑞数-style challenge, is a WAF; a WAF page
      is a WAF; a page that says "not found" is a soft 404)."""
    started = time.perf_counter()
    at = datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")
    attempts = max(0, retries) + 1
    detail = ""
    status: int | None = None
    for attempt in range(attempts):
        if attempt and retry_delay:
            await asyncio.sleep(retry_delay)
        try:
            status, final_url, ctype, text = await _fetch_once(client, url, timeout)
        except (httpx.HTTPError, asyncio.TimeoutError) as exc:
            status = None
            detail = "timeout" if isinstance(exc, asyncio.TimeoutError) else describe_error(exc)
            if detail == "redirect loop":
                break  # a loop stays a loop
            continue
        if status in RETRY_STATUSES and attempt + 1 < attempts:
            detail = f"http {status}"
            continue
        body_class = classify_body(status, {}, text, url=final_url, homepage=url) if text else None
        judged = judge_response(status, body_class=body_class, mode="page", rate_limit_retries=attempt)
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        ok = judged.outcome is Outcome.OK
        return ProbeRecord(site_id, LINK_PROBE, url, ok, status, elapsed, "" if ok else judged.detail,
                           judged.outcome.value, at)
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
) -> list[ProbeRecord]:
    """Check each (account id, site id, link) like any link (kind "media-link"; see fetch_link).

    One request at a time per host with `delay` seconds between them; at most `concurrency` in flight."""
    semaphore = asyncio.Semaphore(max(1, concurrency))
    host_locks: dict[str, asyncio.Lock] = {}
    out: list[ProbeRecord | None] = [None] * len(items)

    async with make_client(config, timeout=timeout) as client:

        async def one(index: int, account_id: int, site_id: int | None, link: PostLink) -> None:
            host = (urlsplit(link.url).hostname or "").lower()
            async with host_locks.setdefault(host, asyncio.Lock()), semaphore:
                record = await fetch_link(client, link.url, site_id=site_id, timeout=timeout, retries=retries,
                                          retry_delay=retry_delay)
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


async def read_matrix(url: str, config: DnsConfig, *, timeout: float = 15.0) -> PortalListing:
    """Fetch a site's 政务新媒体 matrix page and read the accounts it lists.

    A page that cannot be fetched, is a WAF challenge or a soft 404, or in which no account can be recognised
    (e.g. accounts shown only as images without text) is "unread" with the reason: the checks then say
    无法判定 instead of reporting every registered account as missing from the portal. A page read with QR-code
    images that gave no name as well is "read" with a `reason` saying so (UNNAMED_IMAGES_NOTE): an account
    missing from its entries may be one of those pictures."""
    from inspector.media.portal import read_matrix_page

    try:
        async with make_client(config, timeout=timeout) as client:
            response = await asyncio.wait_for(client.get(url), timeout=timeout + 1.0)
    except (httpx.HTTPError, asyncio.TimeoutError) as exc:
        reason = "timeout" if isinstance(exc, asyncio.TimeoutError) else describe_error(exc)
        return PortalListing("unread", url, f"政务新媒体页面无法访问（{reason}）")
    body = response.content[:MATRIX_MAX_BYTES]
    if response.status_code >= 400:
        return PortalListing("unread", url, f"政务新媒体页面无法访问（HTTP {response.status_code}）")
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
