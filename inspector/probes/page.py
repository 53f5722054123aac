"""`inspector page URL`: fetch one page the way the crawl sees it, footer scripts included.

A gatherer like the spider: it fetches (the page, then the same-site scripts that may write its footer),
extracts with the spider's own functions and reports what it found; it judges nothing.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from inspector.extract import decode_body, extract_page, footer_from_script, merge_footer, page_facts_to_dict, script_sources
from inspector.extract._dom import parse_html
from inspector.extract.links import document_base
from inspector.extract.footer import MARKS
from inspector.model import FooterMarks
from inspector.probes.dns import DnsConfig
from inspector.probes.http import describe_error, make_client
from spiders.outcome import footer_script_candidates, host_key

logger = logging.getLogger(__name__)

SCRIPT_LIMIT = 5  # as the spider's INSPECTOR_FOOTER_SCRIPTS default
SCRIPT_MAX_BYTES = 256 * 1024


def page_from_bytes(url: str, body: bytes, content_type: str | None) -> dict[str, Any]:
    """Facts of a saved or fetched page (no footer scripts read), as the JSON `inspector page` prints."""
    from inspector.extract import extract_page_and_facts

    text, encoding = decode_body(body, content_type)
    facts, extra = extract_page_and_facts(url, text, encoding)
    data = page_facts_to_dict(facts, with_links=True)
    data["footer_sources"] = {mark: "page" for mark in MARKS if data["footer"].get(mark)}
    listed = extra.get("list") or {}
    data["list_items"] = list(listed.get("items", []))  # the page's list as the spider stores it (title, url, date)
    data["list"] = {k: v for k, v in listed.items() if k != "items"} if listed else None
    for key in ("messages", "comment_period"):
        if key in extra:
            data[key] = extra[key]
    return data


async def inspect_url(url: str, config: DnsConfig, *, timeout: float = 15.0) -> dict[str, Any]:
    """Fetch `url`, extract its facts, and complete missing footer marks from its footer scripts."""
    async with make_client(config, timeout=timeout) as client:
        response = await client.get(url)
        final = str(response.url)
        data = page_from_bytes(final, response.content, response.headers.get("content-type"))
        data["http_status"] = response.status_code
        missing = [mark for mark in MARKS if not data["footer"].get(mark)]
        if not missing:
            return data
        text, _ = decode_body(response.content, response.headers.get("content-type"))
        tree = parse_html(text)
        base = document_base(tree, final)
        fetch, _skipped = footer_script_candidates(
            script_sources(tree, base), [host_key(final)], any_script=len(missing) == len(MARKS), limit=SCRIPT_LIMIT
        )
        read: list[tuple[str, Any]] = []
        outcomes: dict[str, str] = {}
        for script in fetch:
            try:
                answer = await client.get(script, headers={"Referer": final})
            except httpx.HTTPError as exc:
                outcomes[script] = describe_error(exc)
                continue
            if answer.status_code >= 400:
                outcomes[script] = f"http {answer.status_code}"
                continue
            js, _enc = decode_body(answer.content[:SCRIPT_MAX_BYTES], answer.headers.get("content-type"))
            read.append((script, footer_from_script(js, base)))
            outcomes[script] = "ok"
    if read:
        page_marks = FooterMarks(**{mark: data["footer"].get(mark) for mark in MARKS})
        merged, sources = merge_footer(page_marks, read)
        data["footer"] = {mark: getattr(merged, mark) for mark in MARKS}
        data["footer_sources"] = sources
    data["footer_scripts"] = outcomes
    return data


def inspect_url_sync(url: str, config: DnsConfig, *, timeout: float = 15.0) -> dict[str, Any]:
    return asyncio.run(inspect_url(url, config, timeout=timeout))
