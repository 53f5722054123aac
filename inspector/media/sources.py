"""Reading an account: one small interface over every source kind, returning posts plus the source's health.

    result = await read_account(account, dns_config, bridge="http://rsshub.internal:1200")
    result.health   # Health: ok, empty, http_error, captcha, auth_expired, rate_limited, parse_error, unreachable,
                    # unsupported
    result.posts    # tuple[Post, ...] (title, url, published: aware datetime or None), only when health is ok

Fetching goes through inspector.probes.http.make_client, so ``--dns`` and the allowed-networks fence apply exactly
as for websites. Timeouts, retries and Retry-After follow the rest of the tool: 429 / 503 (and 408 / 500 / 502 /
504) are retried after what Retry-After asks (capped) or a default pause; what is still 429 (or 503 with
Retry-After) afterwards is RATE_LIMITED. A connection failure or timeout is retried the same way and ends as
UNREACHABLE. A response body is capped in size and the whole request in time.

Health is about the source, never the account: a source that gave no data says nothing about whether the account
posted (the checks turn every state but OK / EMPTY into 无法判定).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import httpx

from inspector.media.accounts import BRIDGE, Account, fill_bridge, split_source
from inspector.media.adapters import Parsed, judge_answer, read_manual_csv
from inspector.media.posts import CST, Health, Post, latest
from inspector.probes.dns import DnsConfig
from inspector.probes.http import describe_error, describe_timeout, make_client
from spiders.outcome import parse_retry_after

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 5_000_000  # a feed larger than this is cut and reported as a parse error
MAX_RETRY_AFTER = 30.0  # seconds: a longer Retry-After is capped (as the spider does)
DEFAULT_RETRY_AFTER = 2.0  # seconds to wait before a retry when the answer names no Retry-After
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
RATE_LIMIT_STATUSES = frozenset({429, 503})
#: Transport failures that a retry cannot mend (the name does not resolve, the fence forbids the address).
_FINAL_ERRORS = ("dns: nxdomain", "dns: blocked", "redirect loop")

_ACCEPT = {
    "rss": "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml;q=0.9, text/xml;q=0.9, "
           "*/*;q=0.5",
    "jsonfeed": "application/feed+json, application/json;q=0.9, */*;q=0.5",
    "weibo": "application/json, text/plain, */*",
}
_ACCEPT["atom"] = _ACCEPT["rss"]
# The mobile site's own XHR headers: getIndex answers them with JSON rather than a page.
_WEIBO_HEADERS = {"X-Requested-With": "XMLHttpRequest", "MWeibo-Pwa": "1", "Referer": "https://m.weibo.cn/"}


@dataclass(frozen=True, slots=True)
class SourceResult:
    """What reading one account's source came to."""

    source: str  # the account's 数据源 as read (bridge filled in)
    health: Health
    detail: str  # short English reason ("http 404", "rss20 feed, 12 posts", "timeout" ...)
    fetched_at: datetime  # aware (CST): when the final answer came (or the file was read)
    posts: tuple[Post, ...] = ()  # only when health is OK
    status: int | None = None  # HTTP status of the final answer, None without one
    url: str = ""  # final URL after redirects ("" for manual and unsupported sources)
    attempts: int = 0  # requests made (retries included); 0 for manual and unsupported sources

    @property
    def healthy(self) -> bool:
        """True when the result says something about the account (health OK or EMPTY)."""
        return self.health.healthy

    @property
    def latest(self) -> datetime | None:
        """The newest post time (None when there is no dated post or the source is not healthy)."""
        return latest(self.posts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (`inspector account --json`, store evidence)."""
        newest = self.latest
        return {
            "source": self.source,
            "health": self.health.value,
            "health_label": self.health.label,
            "detail": self.detail,
            "fetched_at": self.fetched_at.isoformat(timespec="seconds"),
            "status": self.status,
            "url": self.url,
            "attempts": self.attempts,
            "latest": newest.isoformat(timespec="seconds") if newest else None,
            "posts": [
                {"title": p.title, "url": p.url,
                 "published": p.published.isoformat(timespec="seconds") if p.published else None,
                 "links": list(p.links)}
                for p in self.posts
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SourceResult:
        """The inverse of `to_dict` (a stored "media-source" probe read back by the checks)."""
        posts = tuple(
            Post(
                str(p.get("title") or ""),
                str(p.get("url") or ""),
                datetime.fromisoformat(p["published"]) if p.get("published") else None,
                tuple(str(link) for link in p.get("links") or ()),
            )
            for p in data.get("posts") or ()
        )
        return cls(
            source=str(data.get("source") or ""),
            health=Health(data["health"]),
            detail=str(data.get("detail") or ""),
            fetched_at=datetime.fromisoformat(data["fetched_at"]),
            posts=posts,
            status=data.get("status"),
            url=str(data.get("url") or ""),
            attempts=int(data.get("attempts") or 0),
        )


def _now() -> datetime:
    return datetime.now(timezone.utc).astimezone(CST)


def _result(source: str, parsed: Parsed, **extra: Any) -> SourceResult:
    posts = parsed.posts if parsed.health is Health.OK else ()
    return SourceResult(source=source, health=parsed.health, detail=parsed.detail, fetched_at=_now(), posts=posts,
                        **extra)


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    url: str
    cut: bool


async def _get(client: httpx.AsyncClient, url: str, kind: str, *, timeout: float, max_bytes: int) -> _Answer:
    headers = {"Accept": _ACCEPT.get(kind, "*/*")}
    if kind == "weibo":
        headers.update(_WEIBO_HEADERS)
    # httpx's timeout bounds each read; the deadline bounds the whole answer (a server dripping bytes)
    async with asyncio.timeout(timeout * 2 + 1.0):
        async with client.stream("GET", url, headers=headers) as response:
            chunks: list[bytes] = []
            size = 0
            cut = False
            async for chunk in response.aiter_bytes():
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    cut = True
                    break
            body = b"".join(chunks)[:max_bytes]
            return _Answer(response.status_code, dict(response.headers), body, str(response.url), cut)


def _wait(answer: _Answer | None, *, default: float, cap: float) -> float:
    asked = parse_retry_after(answer.headers.get("retry-after")) if answer is not None else None
    return max(0.0, min(default if asked is None else asked, cap))


async def read_account(
    account: Account,
    config: DnsConfig,
    *,
    bridge: str = "",
    timeout: float = 15.0,
    retries: int = 1,
    client: httpx.AsyncClient | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_retry_after: float = MAX_RETRY_AFTER,
    default_retry_after: float = DEFAULT_RETRY_AFTER,
) -> SourceResult:
    """Read one account's source: its posts and the source's health. Never raises for a broken source.

    `bridge` fills a {bridge} placeholder still in the source; `retries` is how many times a retryable failure is
    tried again; `client` (from make_client) lets many reads share connections — without it a client is made
    from `config` for this read.
    """
    source = fill_bridge(account.source, bridge)
    kind, target = split_source(source)
    if not kind:
        return _result(source, Parsed(Health.UNSUPPORTED, "no source configured"))
    if BRIDGE in target:
        return _result(source, Parsed(Health.UNSUPPORTED, "source needs a bridge base URL (--bridge)"))
    if kind == "manual":
        parsed = await asyncio.to_thread(read_manual_csv, target)
        return _result(source, parsed)
    if client is None:
        async with make_client(config, timeout=timeout) as own:
            return await _read_url(own, source, kind, target, timeout=timeout, retries=retries, max_bytes=max_bytes,
                                   max_retry_after=max_retry_after, default_retry_after=default_retry_after)
    return await _read_url(client, source, kind, target, timeout=timeout, retries=retries, max_bytes=max_bytes,
                           max_retry_after=max_retry_after, default_retry_after=default_retry_after)


async def _read_url(
    client: httpx.AsyncClient,
    source: str,
    kind: str,
    url: str,
    *,
    timeout: float,
    retries: int,
    max_bytes: int,
    max_retry_after: float,
    default_retry_after: float,
) -> SourceResult:
    attempts = 0
    while True:
        attempts += 1
        last = attempts > retries
        try:
            answer = await _get(client, url, kind, timeout=timeout, max_bytes=max_bytes)
        except (httpx.TimeoutException, TimeoutError) as exc:
            reason = describe_timeout(exc) if isinstance(exc, httpx.TimeoutException) else "timeout"
            if not last:
                await asyncio.sleep(_wait(None, default=default_retry_after, cap=max_retry_after))
                continue
            return _unreachable(source, url, reason, attempts)
        except httpx.HTTPError as exc:
            reason = describe_error(exc)
            if not last and not reason.lower().startswith(_FINAL_ERRORS):
                await asyncio.sleep(_wait(None, default=default_retry_after, cap=max_retry_after))
                continue
            return _unreachable(source, url, reason, attempts)
        except (httpx.InvalidURL, ValueError) as exc:
            return _unreachable(source, url, f"invalid address: {exc}", attempts)
        if answer.cut:
            parsed = Parsed(Health.PARSE_ERROR, f"response larger than {max_bytes} bytes (cut)")
        else:
            parsed = judge_answer(kind, answer.status, answer.headers, answer.body, url=answer.url, now=_now())
        if (
            not last
            and answer.status in RETRY_STATUSES
            and parsed.health not in (Health.AUTH_EXPIRED, Health.CAPTCHA)
        ):
            wait = _wait(answer, default=default_retry_after, cap=max_retry_after)
            logger.info("%s on %s: waiting %.1fs (Retry-After %r), retry %d/%d", answer.status, url, wait,
                        answer.headers.get("retry-after"), attempts, retries)
            await asyncio.sleep(wait)
            continue
        if not parsed.health.healthy:
            logger.info("source %s: %s (%s)", source, parsed.health.value, parsed.detail)
        return _result(source, parsed, status=answer.status, url=answer.url, attempts=attempts)


def _unreachable(source: str, url: str, reason: str, attempts: int) -> SourceResult:
    logger.info("source %s: unreachable (%s)", source, reason)
    return _result(source, Parsed(Health.UNREACHABLE, reason), url=url, attempts=attempts)


#: Accounts in a row of one source family (a host and the first path segment: a bridge's route namespace such as
#: /weibo) that ended unreachable or rate limited before the rest of that family is given up without a request. A
#: bridge that is down, rate limits every request or hangs would otherwise cost every one of its accounts the full
#: timeouts, retries and Retry-After waits (hours for a city's registry); the given-up accounts are 无法判定 all the
#: same, and the run notes say how many were not requested.
HOST_FAILURE_LIMIT = 3
_HOST_FAILURES = (Health.UNREACHABLE, Health.RATE_LIMITED)


def source_family(source: str, bridge: str = "") -> str:
    """"host:port/first-path-segment" of a URL source ("" for manual and empty sources and unreadable addresses): the
    unit the failure limit of read_accounts counts in (a bridge may rate limit its /weibo routes while its /wechat
    routes work)."""
    return _where(source, bridge)[1]


def _where(source: str, bridge: str) -> tuple[str, str]:
    """(host, family) of a URL source; ("", "") when it has no host."""
    kind, target = split_source(fill_bridge(source, bridge))
    if not kind or kind == "manual":
        return "", ""
    try:
        parts = urlsplit(target)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return "", ""
    if not host:
        return "", ""
    segment = parts.path.lstrip("/").split("/", 1)[0]
    return host, f"{host}:{port or ''}/{segment}"


def _host_failure(result: SourceResult) -> bool:
    """True when a result says the source's host or route family failed (not this account's own address)."""
    return result.health in _HOST_FAILURES and not result.detail.startswith("invalid address")


def given_up(account: Account, bridge: str, last: SourceResult, family: str, count: int) -> SourceResult:
    """The result of an account not requested because `count` accounts in a row of its source family failed like
    `last` did: the same health and detail (the family's state), no status, no attempt."""
    source = fill_bridge(account.source, bridge)
    logger.info("source %s: not requested, %d accounts in a row on %s ended %s (%s)", source, count, family,
                last.health.value, last.detail)
    return SourceResult(source=source, health=last.health, detail=last.detail, fetched_at=_now(),
                        url=split_source(source)[1], attempts=0)


async def read_accounts(
    accounts: Sequence[Account],
    config: DnsConfig,
    *,
    bridge: str = "",
    timeout: float = 15.0,
    retries: int = 1,
    concurrency: int = 8,
    host_delay: float = 0.5,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_retry_after: float = MAX_RETRY_AFTER,
    default_retry_after: float = DEFAULT_RETRY_AFTER,
    failure_limit: int = HOST_FAILURE_LIMIT,
    progress: Callable[[Account, SourceResult], None] | None = None,
) -> list[SourceResult]:
    """Read many accounts (results in the order of `accounts`), politely: at most `concurrency` requests at a
    time, one at a time per host with `host_delay` seconds between them (a bridge serves many accounts).

    After `failure_limit` accounts in a row of one source family (see source_family) ended unreachable or rate
    limited, the family's remaining accounts are not requested: each gets that state with `attempts` 0 (see
    given_up). 0 = always request."""
    semaphore = asyncio.Semaphore(max(1, concurrency))
    host_locks: dict[str, asyncio.Lock] = {}
    failing: dict[str, tuple[int, SourceResult]] = {}  # family -> (accounts in a row that failed, the last result)
    results: list[SourceResult | None] = [None] * len(accounts)

    async with make_client(config, timeout=timeout) as client:

        async def read(account: Account) -> SourceResult:
            async with semaphore:
                try:
                    return await read_account(account, config, bridge=bridge, timeout=timeout, retries=retries,
                                              client=client, max_bytes=max_bytes, max_retry_after=max_retry_after,
                                              default_retry_after=default_retry_after)
                except Exception as exc:  # a bug reading one source must not lose every other account's result
                    logger.exception("reading %s (%s) failed", account.name, account.source)
                    return _result(fill_bridge(account.source, bridge),
                                   Parsed(Health.PARSE_ERROR, f"internal error: {type(exc).__name__}: {exc}"[:160]))

        async def one(index: int, account: Account) -> None:
            host, family = _where(account.source, bridge)
            if not host:
                result = await read(account)
            else:  # the host lock first, so accounts waiting for a busy host hold no concurrency slot
                async with host_locks.setdefault(host, asyncio.Lock()):
                    count, last = failing.get(family, (0, None))
                    if failure_limit > 0 and last is not None and count >= failure_limit:
                        result = given_up(account, bridge, last, family, count)
                    else:
                        result = await read(account)
                        if _host_failure(result):
                            failing[family] = (count + 1, result)
                        else:
                            failing.pop(family, None)
                        await asyncio.sleep(host_delay)
            results[index] = result
            if progress is not None:
                progress(account, result)

        await asyncio.gather(*(one(i, a) for i, a in enumerate(accounts)))
    missing = [accounts[i].name for i, r in enumerate(results) if r is None]
    if missing:  # never hand back a shorter list: callers pair results with accounts by position
        raise RuntimeError(f"no source result for {', '.join(missing)}")
    return [r for r in results if r is not None]
