"""Pure extraction layer: bytes → text (decode_body), text → PageFacts (extract_page), challenge / soft-404
classification (classify_body). No network, no I/O: the spider, `inspector page` and the checks call these."""

from __future__ import annotations

from inspector.extract._dom import parse_html, visible_text
from inspector.extract.classify import SOFT_404, WAF, classify_body, redirected_to_homepage
from inspector.extract.dates import find_dates, parse_date
from inspector.extract.encoding import decode_body, normalize_encoding
from inspector.extract.footer import extract_footer, footer_from_script, merge_footer, script_sources
from inspector.extract.links import extract_links, looks_like_url, resolve_url
from inspector.extract.meta import extract_meta, meta_lookup
from inspector.extract.page import extract_page, page_facts_to_dict

__all__ = [
    "SOFT_404",
    "WAF",
    "classify_body",
    "decode_body",
    "extract_footer",
    "extract_links",
    "extract_meta",
    "extract_page",
    "find_dates",
    "footer_from_script",
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
