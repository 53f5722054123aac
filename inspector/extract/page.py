"""One decoded HTML page → PageFacts (title, meta, footer marks, links, dates, soft-404 / WAF flags), and the
column facts of issue 4 (facts["list"], ["messages"], ["comment_period"]) from the same parse."""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from inspector.extract._dom import HtmlElement, norm_space, parse_html, visible_text
from inspector.extract.classify import SOFT_404, WAF, classify_tree
from inspector.extract.dates import find_dates, implied_date, scan_dates
from inspector.extract.footer import extract_footer
from inspector.extract.links import document_base, extract_links
from inspector.extract.lists import ListFacts, extract_list, in_navigation, is_hidden, looks_like_article, row_anchor
from inspector.extract.messages import extract_messages
from inspector.extract.meta import extract_meta, meta_lookup
from inspector.extract.periods import article_published, extract_comment_period
from inspector.model import PageFacts

logger = logging.getLogger(__name__)


def page_title(tree: HtmlElement) -> str:
    for el in tree.iter("title"):
        return norm_space(el.text_content())
    return ""


def page_dates(text: str, pub_date: str | None, url: str, *, reference_date: date | None = None,
               anchor: date | None = None) -> tuple[str, ...]:
    """ISO dates from the visible text, then the PubDate meta, then the page URL; deduplicated, in order.

    Year-less dates ([11-26]) are read as the page's list reads them (lists.implied_date): nearest `anchor` (the
    latest full date in the rows of the page's list, see lists.row_anchor), else the latest occurrence not after
    `reference_date` (default: today); never after it. Other dates of the page (a sidebar, a 改版 note in the
    footer) never give the year.
    """
    not_after = reference_date or date.today()
    in_text: list[date] = []
    for found_date in scan_dates(text):
        day = found_date.full() if found_date.year is not None else implied_date(
            found_date.month, found_date.day, not_after=not_after, anchor=anchor)
        if day is not None:
            in_text.append(day)
    found = in_text + find_dates(pub_date or "") + find_dates("", url=url)
    seen: dict[str, None] = {}
    for d in found:
        seen.setdefault(d.isoformat(), None)
    return tuple(seen)


def extract_page(url: str, html: str, encoding: str = "utf-8", *, reference_date: date | None = None) -> PageFacts:
    """Facts of one page. `url` = final URL; `html` = decoded text (see decode_body); never raises on bad HTML."""
    tree = parse_html(html)
    text = visible_text(tree)
    return _page_facts(url, html, tree, text, encoding, reference_date,
                       _safe_list(tree, url, text=text, reference_date=reference_date))


def _safe_list(tree: HtmlElement, url: str, *, text: str, reference_date: date | None) -> ListFacts | None:
    try:
        return extract_list(tree, url, reference_date=reference_date, text=text)
    except Exception:  # the page's other facts must not be lost to a bug in the list extractor
        logger.exception("list of %s not extracted", url)
        return None


def _page_facts(url: str, html: str, tree: HtmlElement, text: str, encoding: str,
                reference_date: date | None, found: ListFacts | None) -> PageFacts:
    links = extract_links(url, tree, encoding=encoding)
    meta = extract_meta(tree)
    verdict = classify_tree(None, None, html, tree, text, url=url)
    anchor = row_anchor(found.items, reference_date or date.today()) if found is not None else None
    return PageFacts(
        url=url,
        encoding=encoding,
        title=page_title(tree),
        meta=meta,
        footer=extract_footer(tree, text, links, base_url=document_base(tree, url)),
        links=tuple(links),
        dates=page_dates(text, meta_lookup(meta, "PubDate"), url, reference_date=reference_date, anchor=anchor),
        soft_404=verdict == SOFT_404,
        waf_challenge=verdict == WAF,
    )


MESSAGE_WORDS = ("留言", "咨询", "来信", "信件", "诉求", "问政", "投诉", "提问")
CONSULTATION_WORDS = ("征求意见", "意见征集", "公开征求")  # in the article's title or main heading


def main_headings(tree: HtmlElement, title: str = "") -> list[str]:
    """What names an article: its <title>, its ArticleTitle meta and its h1 / h2 headings outside the chrome."""
    found = [title] if title else []
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "articletitle" and meta.get("content"):
            found.append(norm_space(meta.get("content") or ""))
    for el in tree.iter("h1", "h2"):
        text = norm_space(el.text_content())
        if text and not is_hidden(el) and not in_navigation(el):
            found.append(text)
    return found


def is_consultation_article(tree: HtmlElement, found: ListFacts | None, title: str = "") -> bool:
    """An article (not a list page) whose title or main heading speaks of 征求意见 / 意见征集 / 公开征求."""
    if found is not None and not looks_like_article(tree):
        return False
    return any(word in heading for heading in main_headings(tree, title) for word in CONSULTATION_WORDS)


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
    found = extract_list(tree, url, reference_date=reference_date, text=text)
    return _column_facts(tree, url, found, text=text, title=title, pub_date=pub_date, reference_date=reference_date)


def _column_facts(tree: HtmlElement, url: str, found: ListFacts | None, *, text: str, title: str,
                  pub_date: str | None, reference_date: date | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if found is not None:
        out["list"] = found.to_dict()
    if any(word in text for word in MESSAGE_WORDS):
        messages = extract_messages(tree, url, reference_date=reference_date, text=text)
        if messages:
            out["messages"] = [m.to_dict() for m in messages]
    if is_consultation_article(tree, found, title):
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
    found = _safe_list(tree, url, text=text, reference_date=reference_date)
    facts = _page_facts(url, html, tree, text, encoding, reference_date, found)
    try:
        extra = _column_facts(tree, url, found, text=text, title=facts.title,
                              pub_date=meta_lookup(facts.meta, "PubDate"), reference_date=reference_date)
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
