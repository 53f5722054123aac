"""Pure extraction layer: bytes → text (decode_body), text → PageFacts (extract_page), challenge / soft-404
classification (classify_body), column facts (extract_list, extract_messages, extract_comment_period; all three
from one parse: extract_page_and_facts). No network, no I/O: the spider, `inspector page` and the checks call
these."""

from __future__ import annotations

from inspector.extract._dom import parse_html, visible_text
from inspector.extract.classify import SOFT_404, WAF, classify_body, redirected_to_homepage
from inspector.extract.dates import find_dates, parse_date
from inspector.extract.encoding import decode_body, normalize_encoding
from inspector.extract.footer import extract_footer, footer_from_script, merge_footer, script_sources
from inspector.extract.links import extract_links, looks_like_url, resolve_url
from inspector.extract.lists import ListFacts, ListItem, extract_list, list_from_rows
from inspector.extract.messages import Message, extract_messages
from inspector.extract.meta import extract_meta, meta_lookup
from inspector.extract.page import column_facts, extract_page, extract_page_and_facts, page_facts_to_dict
from inspector.extract.periods import CommentPeriod, article_published, extract_comment_period

__all__ = [
    "SOFT_404",
    "WAF",
    "CommentPeriod",
    "ListFacts",
    "ListItem",
    "Message",
    "article_published",
    "classify_body",
    "column_facts",
    "decode_body",
    "extract_comment_period",
    "extract_footer",
    "extract_links",
    "extract_list",
    "extract_messages",
    "extract_meta",
    "extract_page",
    "extract_page_and_facts",
    "find_dates",
    "footer_from_script",
    "list_from_rows",
    "looks_like_url",
    "merge_footer",
    "meta_lookup",
    "normalize_encoding",
    "page_facts_to_dict",
    "parse_date",
    "parse_html",
    "redirected_to_homepage",
    "resolve_url",
    "script_sources",
    "visible_text",
]
