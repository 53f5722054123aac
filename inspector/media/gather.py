"""The 政务新媒体 gatherer's pieces: account sources as probe records, own-site links in posts, the matrix page.

Nothing here judges: sources, links and the matrix page are recorded as ProbeRecords (kinds in
inspector.media.artifacts) that the account checks read later from the store.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit, urlunsplit

import httpx

from inspector.extract import classify_body, decode_body
from inspector.media.artifacts import LINK_PROBE, MATRIX_PROBE, SOURCE_PROBE, PortalListing
from inspector.media.posts import Post
from inspector.media.sources import SourceResult
from inspector.model import ProbeRecord, Site
from inspector.probes.availability import fetch_probe
from inspector.probes.dns import DnsConfig
from inspector.probes.http import describe_error, make_client

logger = logging.getLogger(__name__)

LINKS_PER_ACCOUNT = 30  # own-site links checked per account at most (newest posts first)
MATRIX_MAX_BYTES = 2_000_000


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


def _site_domain(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def on_own_site(url: str, site: Site) -> bool:
    """True when `url` is on the site's host, or on its domain without "www." and that domain's sub-hosts
    (www.huanggang.gov.cn → huanggang.gov.cn, xxgk.huanggang.gov.cn)."""
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    if not host or urlsplit(url).scheme not in ("http", "https"):
        return False
    site_host = site.host.rstrip(".")
    if host == site_host:
        return True
    domain = _site_domain(site_host)
    return host == domain or host.endswith("." + domain)


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


async def probe_post_links(
    items: Sequence[tuple[int, int | None, PostLink]],
    config: DnsConfig,
    *,
    timeout: float = 15.0,
    concurrency: int = 4,
    delay: float = 0.5,
    progress: Callable[[], None] | None = None,
) -> list[ProbeRecord]:
    """Fetch each (account id, site id, link) once like any link: status, soft 404, WAF (kind "media-link").

    One request at a time per host with `delay` seconds between them; at most `concurrency` in flight."""
    semaphore = asyncio.Semaphore(max(1, concurrency))
    host_locks: dict[str, asyncio.Lock] = {}
    out: list[ProbeRecord | None] = [None] * len(items)

    async with make_client(config, timeout=timeout) as client:

        async def one(index: int, account_id: int, site_id: int | None, link: PostLink) -> None:
            host = (urlsplit(link.url).hostname or "").lower()
            async with host_locks.setdefault(host, asyncio.Lock()), semaphore:
                record = await fetch_probe(client, link.url, site_id=site_id, kind=LINK_PROBE, timeout=timeout)
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
    无法判定 instead of reporting every registered account as missing from the portal."""
    from inspector.media.portal import matrix_entries

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
    entries = matrix_entries(body, str(response.url), content_type=content_type)
    if not entries:
        return PortalListing("unread", url, "政务新媒体页面中未识别出账号名称（可能仅以图片展示），请人工核对")
    return PortalListing("read", url, "", tuple(entries))
