"""One decoded HTML page → PageFacts (title, meta, footer marks, links, dates, soft-404 / WAF flags)."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from inspector.extract._dom import HtmlElement, norm_space, parse_html, visible_text
from inspector.extract.classify import SOFT_404, WAF, classify_tree
from inspector.extract.dates import find_dates
from inspector.extract.footer import extract_footer
from inspector.extract.links import document_base, extract_links
from inspector.extract.meta import extract_meta, meta_lookup
from inspector.model import PageFacts

logger = logging.getLogger(__name__)


def page_title(tree: HtmlElement) -> str:
    for el in tree.iter("title"):
        return norm_space(el.text_content())
    return ""


def page_dates(text: str, pub_date: str | None, url: str, *, reference_date: date | None = None) -> tuple[str, ...]:
    """ISO dates from the visible text, then the PubDate meta, then the page URL; deduplicated, in order.

    Year-less dates ([11-26]) take the year of `reference_date`, else the latest year among the page's full
    dates, else the current year; none may fall after `reference_date` (default: today).
    """
    not_after = reference_date or date.today()
    full = find_dates(text) + find_dates(pub_date or "") + find_dates("", url=url)
    if reference_date is not None:
        year = reference_date.year
    elif full:
        year = max(d.year for d in full)
    else:
        year = not_after.year
    found = (
        find_dates(text, reference_year=year, not_after=not_after)
        + find_dates(pub_date or "")
        + find_dates("", url=url)
    )
    seen: dict[str, None] = {}
    for d in found:
        seen.setdefault(d.isoformat(), None)
    return tuple(seen)


def extract_page(url: str, html: str, encoding: str = "utf-8", *, reference_date: date | None = None) -> PageFacts:
    """Facts of one page. `url` = final URL; `html` = decoded text (see decode_body); never raises on bad HTML."""
    tree = parse_html(html)
    text = visible_text(tree)
    links = extract_links(url, tree, encoding=encoding)
    meta = extract_meta(tree)
    verdict = classify_tree(None, None, html, tree, text, url=url)
    return PageFacts(
        url=url,
        encoding=encoding,
        title=page_title(tree),
        meta=meta,
        footer=extract_footer(tree, text, links, base_url=document_base(tree, url)),
        links=tuple(links),
        dates=page_dates(text, meta_lookup(meta, "PubDate"), url, reference_date=reference_date),
        soft_404=verdict == SOFT_404,
        waf_challenge=verdict == WAF,
    )


def page_facts_to_dict(facts: PageFacts, *, with_links: bool = True) -> dict[str, Any]:
    """JSON-able dict of PageFacts (links omitted when with_links is False, as stored in PageRecord.facts)."""
    out: dict[str, Any] = {
        "url": facts.url,
        "encoding": facts.encoding,
        "title": facts.title,
        "meta": dict(facts.meta),
        "footer": {
            "site_code": facts.footer.site_code,
            "icp": facts.footer.icp,
            "police_record": facts.footer.police_record,
            "conac_mark": facts.footer.conac_mark,
            "error_report_entry": facts.footer.error_report_entry,
        },
    }
    if with_links:
        out["links"] = [{"url": link.url, "text": link.text, "how": link.how} for link in facts.links]
    out["dates"] = list(facts.dates)
    out["soft_404"] = facts.soft_404
    out["waf_challenge"] = facts.waf_challenge
    return out
