"""One decoded HTML page → PageFacts (title, meta, footer marks, links, dates, soft-404 / WAF flags), and the
column facts of issue 4 (facts["list"], ["messages"], ["comment_period"]) from the same parse."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from inspector.extract._dom import HtmlElement, norm_space, parse_html, visible_text
from inspector.extract.classify import SOFT_404, WAF, classify_tree
from inspector.extract.dates import find_dates
from inspector.extract.footer import extract_footer
from inspector.extract.links import document_base, extract_links
from inspector.extract.lists import extract_list
from inspector.extract.messages import extract_messages
from inspector.extract.meta import extract_meta, meta_lookup
from inspector.extract.periods import article_published, extract_comment_period
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
    return _page_facts(url, html, tree, visible_text(tree), encoding, reference_date)


def _page_facts(url: str, html: str, tree: HtmlElement, text: str, encoding: str,
                reference_date: date | None) -> PageFacts:
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


MESSAGE_WORDS = ("留言", "咨询", "来信", "信件", "诉求", "问政", "投诉", "提问")
CONSULTATION_WORDS = ("征求意见", "意见征集", "公开征求", "意见反馈")


def column_facts(
    tree: HtmlElement,
    url: str,
    *,
    text: str,
    title: str = "",
    pub_date: str | None = None,
    reference_date: date | None = None,
) -> dict[str, Any]:
    """The issue-4 facts of a parsed page, each key present only when found: "list" (ListFacts.to_dict()),
    "messages" ([Message.to_dict()]), "comment_period" (CommentPeriod.to_dict())."""
    out: dict[str, Any] = {}
    found = extract_list(tree, url, reference_date=reference_date, text=text)
    if found is not None:
        out["list"] = found.to_dict()
    if any(word in text for word in MESSAGE_WORDS):
        messages = extract_messages(tree, url, reference_date=reference_date, text=text)
        if messages:
            out["messages"] = [m.to_dict() for m in messages]
    if any(word in text or word in title for word in CONSULTATION_WORDS):
        body = text
        for item in found.items if found is not None else ():
            if len(item.title) >= 6:
                body = body.replace(item.title, "")  # a period quoted in a list row is not this page's
        period = extract_comment_period(body, reference_date=reference_date,
                                        published=article_published(text, pub_date, url))
        if period is not None:
            out["comment_period"] = period.to_dict()
    return out


def extract_page_and_facts(
    url: str, html: str, encoding: str = "utf-8", *, reference_date: date | None = None
) -> tuple[PageFacts, dict[str, Any]]:
    """extract_page plus column_facts from one parse (what the spider stores: page_facts_to_dict(facts) updated
    with the second value)."""
    tree = parse_html(html)
    text = visible_text(tree)
    facts = _page_facts(url, html, tree, text, encoding, reference_date)
    try:
        extra = column_facts(tree, url, text=text, title=facts.title, pub_date=meta_lookup(facts.meta, "PubDate"),
                             reference_date=reference_date)
    except Exception:  # the page's other facts must not be lost to a bug in the list extractors
        logger.exception("column facts of %s not extracted", url)
        extra = {}
    return facts, extra


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
