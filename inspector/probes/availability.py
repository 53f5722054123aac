"""Availability probes: the inspector's own network self-check, then each homepage fetched N times.

Gatherers record failures as data: a probe that times out is a ProbeRecord with ok=False and error="timeout".
The site-availability check judges them later; nothing here decides pass or fail.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone

import httpx

from inspector.extract import classify_body, decode_body
from inspector.model import Outcome, ProbeRecord
from inspector.probes.dns import DnsConfig
from inspector.probes.http import describe_error, make_client

logger = logging.getLogger(__name__)

#: Reference targets for the self-check on a real network (override with --self-check URL).
DEFAULT_SELF_CHECK_URLS = ("https://www.gov.cn/", "https://www.baidu.com/")


def _stamp() -> str:
    return datetime.now(timezone.utc).astimezone().isoformat(timespec="seconds")


async def fetch_probe(
    client: httpx.AsyncClient, url: str, *, site_id: int | None, kind: str, timeout: float
) -> ProbeRecord:
    """GET `url` once; record status, time and outcome (ok / broken / waf / soft_404)."""
    started = time.perf_counter()
    at = _stamp()
    try:
        response = await asyncio.wait_for(client.get(url), timeout=timeout + 1.0)
        body = response.content[:200_000]
    except (httpx.HTTPError, asyncio.TimeoutError) as exc:
        elapsed = (time.perf_counter() - started) * 1000
        reason = "timeout" if isinstance(exc, asyncio.TimeoutError) else describe_error(exc)
        return ProbeRecord(site_id, kind, url, False, None, round(elapsed, 1), reason, Outcome.BROKEN.value, at)
    elapsed = (time.perf_counter() - started) * 1000
    text, _encoding = decode_body(body, response.headers.get("content-type"))
    flagged = classify_body(response.status_code, dict(response.headers), text, url=str(response.url), homepage=url)
    if flagged == "waf":
        return ProbeRecord(site_id, kind, url, False, response.status_code, round(elapsed, 1), "waf challenge", Outcome.WAF.value, at)
    if response.status_code == 429 or (response.status_code == 503 and response.headers.get("retry-after")):
        # rate limited: says nothing about availability (the check treats it as undecidable)
        return ProbeRecord(
            site_id, kind, url, False, response.status_code, round(elapsed, 1), f"http {response.status_code} rate limited",
            Outcome.RATE_LIMITED.value, at,
        )
    if response.status_code >= 400:
        return ProbeRecord(
            site_id, kind, url, False, response.status_code, round(elapsed, 1), f"http {response.status_code}", Outcome.BROKEN.value, at
        )
    if elapsed > timeout * 1000:
        return ProbeRecord(site_id, kind, url, False, response.status_code, round(elapsed, 1), "slower than the limit", Outcome.BROKEN.value, at)
    if flagged == "soft_404":
        return ProbeRecord(site_id, kind, url, False, response.status_code, round(elapsed, 1), "soft 404", Outcome.SOFT_404.value, at)
    return ProbeRecord(site_id, kind, url, True, response.status_code, round(elapsed, 1), "", Outcome.OK.value, at)


async def self_check(urls: Sequence[str], config: DnsConfig, *, timeout: float = 10.0) -> ProbeRecord:
    """Probe the reference targets; one summary record, ok when any of them answered.

    A failed self-check means the inspector itself cannot reach the network, so the checks turn every
    network-based finding into 无法判定 instead of blaming the sites.
    """
    async with make_client(config, timeout=timeout) as client:
        results = await asyncio.gather(
            *(fetch_probe(client, url, site_id=None, kind="self-check", timeout=timeout) for url in urls)
        )
    ok = any(p.ok for p in results)
    if not ok:
        logger.warning("self-check failed: none of %s answered", ", ".join(urls))
    errors = "; ".join(f"{p.target}: {p.error}" for p in results if not p.ok)
    elapsed = min((p.elapsed_ms for p in results if p.elapsed_ms is not None), default=None)
    return ProbeRecord(None, "self-check", " ".join(urls), ok, None, elapsed, errors, "ok" if ok else "broken", _stamp())


async def probe_homepages(
    targets: Sequence[tuple[int, str]],
    config: DnsConfig,
    *,
    attempts: int = 3,
    interval: float = 1.0,
    timeout: float = 15.0,
    concurrency: int = 20,
    progress: Callable[[int], None] | None = None,
) -> list[ProbeRecord]:
    """Fetch every homepage `attempts` times, `interval` seconds apart; one ProbeRecord per attempt."""
    semaphore = asyncio.Semaphore(concurrency)
    out: list[ProbeRecord] = []

    async with make_client(config, timeout=timeout) as client:

        async def one_site(site_id: int, url: str) -> None:
            for attempt in range(attempts):
                if attempt:
                    await asyncio.sleep(interval)
                async with semaphore:
                    out.append(await fetch_probe(client, url, site_id=site_id, kind="homepage", timeout=timeout))
            if progress:
                progress(site_id)

        await asyncio.gather(*(one_site(sid, url) for sid, url in targets))
    return sorted(out, key=lambda p: (p.site_id or 0, p.at))
