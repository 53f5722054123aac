"""Downloader middlewares of the site spider.

- RetryAfterMiddleware: 429 / 503 → wait what Retry-After asks (capped), retry a few times, then let the
  response through so the spider records "rate_limited" instead of "broken".
- StoppedBodyMiddleware: a download cut short on purpose (StopDownload in the spider's signal handlers) may carry
  a truncated compressed body; decode what can be decoded instead of letting decompression fail the request.
"""

from __future__ import annotations

import asyncio
import logging
import zlib
from typing import TYPE_CHECKING

from scrapy.http import Request, Response

from spiders.outcome import parse_retry_after

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

RATE_LIMIT_STATUSES = (429, 503)


class RetryAfterMiddleware:
    """Honour Retry-After on 429 and 503 (seconds or HTTP date), without blocking the reactor.

    Scrapy's RetryMiddleware must not also retry these codes: spiders.settings removes 429 and 503 from
    RETRY_HTTP_CODES. A 429 or 503 without Retry-After waits INSPECTOR_DEFAULT_RETRY_AFTER seconds. After
    INSPECTOR_RATE_LIMIT_RETRIES retries the last response goes to the spider; `meta["inspector_rl_retries"]`
    says how many retries were made.
    """

    def __init__(self, max_wait: float, retries: int, default_wait: float) -> None:
        self.max_wait = max_wait
        self.retries = retries
        self.default_wait = default_wait
        self.crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        s = crawler.settings
        mw = cls(
            max_wait=s.getfloat("INSPECTOR_MAX_RETRY_AFTER", 30.0),
            retries=s.getint("INSPECTOR_RATE_LIMIT_RETRIES", 2),
            default_wait=s.getfloat("INSPECTOR_DEFAULT_RETRY_AFTER", 2.0),
        )
        mw.crawler = crawler
        return mw

    def wait_for(self, response: Response) -> float:
        asked = parse_retry_after(response.headers.get("Retry-After"))
        return min(self.default_wait if asked is None else asked, self.max_wait)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status not in RATE_LIMIT_STATUSES or request.meta.get("dont_retry"):
            return response
        done = int(request.meta.get("inspector_rl_retries", 0))
        if done >= self.retries:
            logger.info("still %s after %d retries: %s", response.status, done, request.url)
            return response
        wait = self.wait_for(response)
        logger.info("%s on %s: waiting %.1fs (Retry-After %r), retry %d/%d", response.status, request.url, wait,
                    response.headers.get("Retry-After"), done + 1, self.retries)
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"inspector/retry_after/{response.status}")
        await asyncio.sleep(wait)
        retry = request.replace(dont_filter=True)
        retry.meta["inspector_rl_retries"] = done + 1
        return retry


def _inflate_partial(body: bytes, encoding: bytes) -> bytes:
    """Decode as much of a truncated gzip / deflate body as possible; b"" when nothing decodes."""
    attempts = {b"gzip": (16 + zlib.MAX_WBITS,), b"x-gzip": (16 + zlib.MAX_WBITS,),
                b"deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS)}.get(encoding, ())
    for wbits in attempts:
        try:
            return zlib.decompressobj(wbits).decompress(body)
        except zlib.error:
            continue
    return b""


class StoppedBodyMiddleware:
    """Sits just outside HttpCompressionMiddleware (runs before it on the response path).

    For responses flagged "download_stopped" with a Content-Encoding, decode the partial body here and drop the
    header, so HttpCompressionMiddleware never raises on a body we cut short ourselves.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        if "download_stopped" not in response.flags:
            return response
        encodings = [e.strip().lower() for v in response.headers.getlist("Content-Encoding") for e in v.split(b",")]
        encodings = [e for e in encodings if e and e != b"identity"]
        if not encodings:
            return response
        body = response.body
        for enc in reversed(encodings):
            body = _inflate_partial(body, enc) if body else b""
        headers = response.headers.copy()
        del headers["Content-Encoding"]
        return response.replace(body=body, headers=headers)
