"""Every link a page exposes, including the ones that are not a plain <a href> (field-guide: links).

`how` values: a, area, frame, iframe, onclick, javascript-href, select-option, meta-refresh, location-script,
createPageHTML. URLs are absolute (against <base href> or the page URL), fragment-free, percent-encoded with
w3lib.url.safe_url_string (existing escapes kept, raw Chinese encoded, ports kept). Only http(s) URLs are kept.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urldefrag, urljoin, urlsplit

from w3lib.url import safe_url_string

from inspector.extract._dom import HtmlElement, as_tree, element_text, norm_space, tag_name
from inspector.model import ExtractedLink

logger = logging.getLogger(__name__)

HOW_A = "a"
HOW_AREA = "area"
HOW_FRAME = "frame"
HOW_IFRAME = "iframe"
HOW_ONCLICK = "onclick"
HOW_JAVASCRIPT_HREF = "javascript-href"
HOW_SELECT_OPTION = "select-option"
HOW_META_REFRESH = "meta-refresh"
HOW_LOCATION_SCRIPT = "location-script"
HOW_CREATE_PAGE_HTML = "createPageHTML"
HOW_FORM = "form"  # a search box: <form> with a text input; recorded as a link, never fetched (it needs a query)

_SEARCH_WORDS = ("搜索", "检索", "查询", "search")

DROPPED_SCHEMES = ("javascript:", "mailto:", "tel:", "data:", "about:", "vbscript:", "sms:", "callto:")
KEPT_SCHEMES = ("http", "https")
PAGER_MAX_PAGES = 1000  # createPageHTML(N, …) with absurd N: link at most this many pages

# Quoted string literal (single or double quotes) — used inside onclick / javascript: code.
_QUOTED = r"""(?P<q>["'])(?P<u>(?:(?!(?P=q)).)*)(?P=q)"""
_JS_OPEN_RE = re.compile(r"\bopen\s*\(\s*" + _QUOTED)
_JS_LOCATION_ASSIGN_RE = re.compile(r"\blocation(?:\.href)?\s*=\s*" + _QUOTED + r"(?!\s*\+)")
_JS_LOCATION_CALL_RE = re.compile(r"\blocation\.(?:replace|assign)\s*\(\s*" + _QUOTED + r"\s*\)")
_JS_ANY_STRING_RE = re.compile(_QUOTED)
_META_REFRESH_RE = re.compile(r"^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?[\"']?(?P<u>[^\"']*)", re.IGNORECASE)
_CREATE_PAGE_RE = re.compile(
    r"createPageHTML\s*\(\s*(?P<n>\d+)\s*,\s*(?P<cur>\d+)\s*,"
    r"\s*[\"'](?P<name>[^\"']*)[\"']\s*,\s*[\"'](?P<ext>[^\"']*)[\"']"
)
# A TRS template variant without createPageHTML: `var countPage=56; var currentPage=0;` and
# document.write("<a href=\"index"+"_"+i+"."+"html\"…") (seen on hdzfxxgk.hd.gov.cn).
_COUNT_PAGE_RE = re.compile(r"\bcountPage\s*=\s*(\d+)")
_CURRENT_PAGE_RE = re.compile(r"\bcurrentPage\s*=\s*(\d+)")
_COUNT_PAGE_NAME_RE = re.compile(
    r"""href=\\?["'](?P<name>\w+)["']\s*\+\s*["']_["']\s*\+\s*\w+\s*\+\s*["']\.["']\s*\+\s*["'](?P<ext>\w+)"""
)
_URLISH_EXT_RE = re.compile(
    r"\.(?:s?html?|jsp|jspx|aspx?|php|do|action|cgi|xml|pdf|docx?|wps|xlsx?|et|pptx?|zip|rar|7z|ofd|txt"
    r"|jpe?g|png|gif)(?:[?#].*)?$",
    re.IGNORECASE,
)
_WHITESPACE_IN_URL_RE = re.compile(r"[\t\r\n]")
# An absolute http(s) URL with a plain lower-case host, a path and only these characters is already what
# safe_url_string returns: skip the costly re-encoding for it (measured: half of the link extraction time).
_SAFE_NETLOC_RE = re.compile(r"^[a-z0-9.\-]+(:[0-9]{1,5})?$")
_SAFE_REST_RE = re.compile(r"^/[A-Za-z0-9\-._~/?&=+,:]*[A-Za-z0-9\-._~/&=+,:]$|^/$")


def looks_like_url(value: str, *, strict: bool = False) -> bool:
    """True for strings that are plausibly a URL or a site path (not '_blank', 'all', '国家部委网站链接').

    Non-strict also accepts any relative path containing a slash ('col/col123/'); strict does not.
    """
    v = value.strip()
    if not v or v.startswith("#") or any(ch.isspace() for ch in v):
        return False
    low = v.lower()
    if low.startswith(("http://", "https://", "//")):
        return True
    if low.startswith(DROPPED_SCHEMES):
        return False
    if v.startswith(("/", "./", "../", "?")):
        return True
    if _URLISH_EXT_RE.search(v):
        return True
    return not strict and "/" in v and not v.startswith("<")


def resolve_url(base: str, href: str, *, encoding: str = "utf-8") -> str | None:
    """Absolute, fragment-free, safely encoded URL for an href; None for javascript:/mailto:/#/non-http."""
    href = _WHITESPACE_IN_URL_RE.sub("", href).strip()
    if not href or href.startswith("#"):
        return None
    if href.lower().startswith(DROPPED_SCHEMES):
        return None
    try:
        absolute = urljoin(base, href) if base else href
        absolute = urldefrag(absolute)[0]
        scheme = urlsplit(absolute).scheme.lower()
        if base and scheme not in KEPT_SCHEMES:
            return None
        parts = urlsplit(absolute)
        if _SAFE_NETLOC_RE.match(parts.netloc):
            rest = absolute[len(parts.scheme) + 3 + len(parts.netloc) :]
            if _SAFE_REST_RE.match(rest):
                return absolute
        return safe_url_string(absolute, encoding=encoding if encoding else "utf-8")
    except ValueError as exc:  # bad port, bad IPv6 literal …
        logger.debug("unusable href %r: %s", href, exc)
        return None


def _link_text(el: HtmlElement) -> str:
    text = element_text(el)
    if text:
        return text
    for img in el.iter("img"):
        alt = norm_space(img.get("alt") or img.get("title") or "")
        if alt:
            return alt
    return norm_space(el.get("title") or "")


def location_targets(code: str) -> list[str]:
    """String targets of `location = "…"`, `location.href = "…"`, `location.replace("…")` in code order."""
    matches = [*_JS_LOCATION_ASSIGN_RE.finditer(code), *_JS_LOCATION_CALL_RE.finditer(code)]
    matches.sort(key=lambda m: m.start())
    return [m.group("u") for m in matches if m.group("u").strip()]


def _js_targets(code: str, *, strict: bool) -> list[str]:
    """URLs named by open(...) / location… in a piece of code, else any URL-like string literal in it."""
    found = [m.group("u") for m in _JS_OPEN_RE.finditer(code)] + location_targets(code)
    if not found:
        found = [m.group("u") for m in _JS_ANY_STRING_RE.finditer(code)]
    return [u for u in found if looks_like_url(u, strict=strict)]


def _pager_urls(script: str) -> list[str]:
    """Relative URLs of the pages of a TRS pager called from this script."""
    urls: list[str] = []
    for m in _CREATE_PAGE_RE.finditer(script):
        n, cur, name, ext = int(m.group("n")), int(m.group("cur")), m.group("name"), m.group("ext")
        urls.extend(_pages(n, cur, name, ext))
    if not urls:
        count, current, named = (
            _COUNT_PAGE_RE.search(script),
            _CURRENT_PAGE_RE.search(script),
            _COUNT_PAGE_NAME_RE.search(script),
        )
        if count and current and named:
            urls.extend(_pages(int(count.group(1)), int(current.group(1)), named.group("name"), named.group("ext")))
    return urls


def _pages(count: int, current: int, name: str, ext: str) -> list[str]:
    if count > PAGER_MAX_PAGES:
        logger.debug("pager claims %d pages; linking the first %d", count, PAGER_MAX_PAGES)
        count = PAGER_MAX_PAGES
    suffix = f".{ext}" if ext else ""
    urls = [f"{name}{suffix}"] if current != 0 else []
    urls.extend(f"{name}_{i}{suffix}" for i in range(1, count))
    return urls


def document_base(tree: HtmlElement, page_url: str) -> str:
    """The base for relative URLs: <base href> resolved against the page URL, else the page URL."""
    for base in tree.iter("base"):
        href = (base.get("href") or "").strip()
        if href and not href.lower().startswith(DROPPED_SCHEMES):
            return urljoin(page_url, href) if page_url else href
    return page_url


def extract_links(base_url: str, tree_or_html: HtmlElement | str, *, encoding: str = "utf-8") -> list[ExtractedLink]:
    """All links of a page in document order, deduplicated on (url, how) keeping the first (non-empty) text.

    `base_url` is the page's final URL; a <base href> in the document takes precedence for resolution.
    """
    tree = as_tree(tree_or_html)
    base = document_base(tree, base_url)
    raw: list[tuple[str, str, str]] = []  # (href, text, how)

    for el in tree.iter():
        name = tag_name(el)
        if not name:
            continue
        if name == "a" or name == "area":
            href = (el.get("href") or "").strip()
            if href.lower().startswith("javascript:"):
                for target in _js_targets(href[len("javascript:") :], strict=False):
                    raw.append((target, _link_text(el), HOW_JAVASCRIPT_HREF))
            elif href:
                text = _link_text(el) if name == "a" else norm_space(el.get("alt") or el.get("title") or "")
                raw.append((href, text, name))
        elif name in ("frame", "iframe"):
            src = (el.get("src") or "").strip()
            if src:
                raw.append((src, norm_space(el.get("title") or el.get("name") or ""), name))
        elif name == "select":
            has_handler = bool((el.get("onchange") or "").strip())
            for option in el.iter("option"):
                value = option.get("value")
                if value is None:
                    continue
                value = value.strip()
                urlish = value.lower().startswith(("http://", "https://"))
                if urlish or (has_handler and looks_like_url(value)):
                    raw.append((value, element_text(option), HOW_SELECT_OPTION))
        elif name == "form":
            form = _search_form(el)
            if form is not None:
                raw.append(form)
        elif name == "meta":
            if (el.get("http-equiv") or "").strip().lower() == "refresh":
                m = _META_REFRESH_RE.match(el.get("content") or "")
                if m and m.group("u").strip():
                    raw.append((m.group("u").strip(), "", HOW_META_REFRESH))
        elif name == "script" and el.get("src") is None and el.text:
            for target in _pager_urls(el.text):
                raw.append((target, "", HOW_CREATE_PAGE_HTML))
            for target in location_targets(el.text):
                if looks_like_url(target):
                    raw.append((target, "", HOW_LOCATION_SCRIPT))

        onclick = el.get("onclick")
        if onclick:
            for target in _js_targets(onclick, strict=True):
                raw.append((target, _link_text(el), HOW_ONCLICK))

    return _dedupe(raw, base, encoding)


def _search_form(form: HtmlElement) -> tuple[str, str, str] | None:
    """(action, text, "form") for a form a visitor types into (a text or search input), else None.

    The text names what the form is for: a 搜索/检索/查询 word from its button, placeholder or title, else the
    placeholder, so the column rules can recognise a site search box.
    """
    typed = [i for i in form.iter("input") if (i.get("type") or "text").strip().lower() in ("text", "search")]
    if not typed:
        return None
    labels = [
        norm_space(v)
        for el in (*typed, *form.iter("input", "button"))
        if (el.get("type") or "").strip().lower() != "hidden"
        for v in (el.get("placeholder"), el.get("value"), el.get("title"), el.get("alt"),
                  el.text if tag_name(el) == "button" else None)
        if v and norm_space(v)
    ]
    squeezed = [label.replace(" ", "") for label in labels]  # "搜 索" on a button is 搜索
    word = next((w for label in squeezed for w in _SEARCH_WORDS if w in label.lower()), "")
    text = "站内搜索" if word == "search" else (word and next(lab for lab in squeezed if word in lab.lower()))
    action = (form.get("action") or "").strip() or "."
    if action.lower().startswith("javascript:"):
        return None
    return action, (text or (labels[0] if labels else ""))[:60], HOW_FORM


def _dedupe(raw: list[tuple[str, str, str]], base: str, encoding: str) -> list[ExtractedLink]:
    order: list[tuple[str, str]] = []
    texts: dict[tuple[str, str], str] = {}
    resolved: dict[str, str | None] = {}  # a page repeats hrefs (nav bar, "更多>>"): resolve each once
    for href, text, how in raw:
        if href in resolved:
            url = resolved[href]
        else:
            url = resolved[href] = resolve_url(base, href, encoding=encoding)
        if url is None:
            continue
        key = (url, how)
        if key not in texts:
            order.append(key)
            texts[key] = text
        elif not texts[key] and text:
            texts[key] = text
    return [ExtractedLink(url=url, text=texts[(url, how)], how=how) for url, how in order]


__all__ = [
    "HOW_A",
    "HOW_AREA",
    "HOW_CREATE_PAGE_HTML",
    "HOW_FRAME",
    "HOW_IFRAME",
    "HOW_JAVASCRIPT_HREF",
    "HOW_LOCATION_SCRIPT",
    "HOW_META_REFRESH",
    "HOW_ONCLICK",
    "HOW_SELECT_OPTION",
    "document_base",
    "extract_links",
    "location_targets",
    "looks_like_url",
    "resolve_url",
]
