"""Footer identifiers (网站标识码, ICP 备案, 公网安备, 党政机关标识, 我为政府网站找错), raw and unvalidated.

Sources, in order: the page's visible text and elements; then the strings of inline scripts (footers written by
document.write("…") or document.write(unescape("%3C…"))), escapes decoded and the markup parsed again.
A footer written by an external script (`<script src="/js/footer.js">`) is read the same way from the script's
text (footer_from_script) and merged into the page's marks by the spider (merge_footer: the page's own values win).
Checks validate the raw values against the patterns in their rule files.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import fields, replace
from urllib.parse import urlsplit

from inspector.extract._dom import (
    HtmlElement,
    inline_scripts,
    js_unescape_literal,
    parse_html,
    script_strings,
    visible_text,
)
from inspector.extract.links import extract_links, resolve_url
from inspector.model import ExtractedLink, FooterMarks

logger = logging.getLogger(__name__)

SITE_CODE_LABELS = ("网站标识码", "网站识别码")
CONAC_HOST_SUFFIXES = ("conac.cn", "conac.cn.test")
ERROR_REPORT_HOSTS = ("zfwzgl.www.gov.cn", "zfwzgl.www.gov.cn.test")
ERROR_REPORT_TEXT = "找错"
ERROR_REPORT_PATH_MARK = "jiucuo"

SITE_CODE_RE = re.compile(r"网站(?:标识|识别)码\s*[:：]?\s*(?P<code>[A-Za-z0-9０-９Ａ-Ｚａ-ｚ]*)")
ICP_RE = re.compile(
    r"[\u4e00-\u9fa5]?ICP\s*[备证]?\s*(?:字\s*)?(?:第\s*)?[:：]?\s*[0-9]{4,}[0-9\-－号]*", re.IGNORECASE
)
POLICE_RE = re.compile(r"[\u4e00-\u9fa5]?公网安备(?:\s*[:：]?\s*[0-9]+\s*号?)?")
_TRAILING_ICP_RE = re.compile(r"(?i)icp.*$")
_TEMPLATE_RE = re.compile(r"`((?:[^`\\]|\\.)*)`", re.DOTALL)
_TEMPLATE_EXPR_RE = re.compile(r"\$\{[^}]*\}")

MARKS: tuple[str, ...] = tuple(f.name for f in fields(FooterMarks))  # site_code, icp, police_record, ...


def _last(pattern: re.Pattern[str], texts: Iterable[str]) -> str | None:
    """Last match of pattern in the first text that has one."""
    for text in texts:
        matches = [m.group(0).strip() for m in pattern.finditer(text)]
        if matches:
            return matches[-1]
    return None


def find_site_code(texts: Iterable[str]) -> str | None:
    """Token after 网站标识码/网站识别码 (last occurrence); '' if the label has no token; None without label."""
    for text in texts:
        codes = [_TRAILING_ICP_RE.sub("", m.group("code")) for m in SITE_CODE_RE.finditer(text)]
        if codes:
            non_empty = [c for c in codes if c]
            return non_empty[-1] if non_empty else ""
    return None


def find_icp(texts: Iterable[str]) -> str | None:
    return _last(ICP_RE, texts)


def find_police_record(texts: Iterable[str]) -> str | None:
    return _last(POLICE_RE, texts)


def host_matches(url: str, suffixes: Sequence[str]) -> bool:
    """True when the URL's host is one of suffixes or a subdomain of one."""
    lowered = url.lower()
    if not any(s in lowered for s in suffixes):  # cheap pre-filter: most links name none of them
        return False
    try:
        host = (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return False
    return any(host == s or host.endswith("." + s) for s in suffixes)


RESOURCE_TAGS = ("img", "script", "iframe", "embed")


def _resource_urls(tree: HtmlElement, base_url: str, tags: tuple[str, ...] = RESOURCE_TAGS) -> list[str]:
    """src of <img>, <script>, <iframe>, <embed> (or of `tags`) in document order, resolved."""
    urls: list[str] = []
    for el in tree.iter(*tags):
        src = el.get("src")
        if src:
            url = resolve_url(base_url, src)
            if url:
                urls.append(url)
    return urls


def _is_error_report_url(url: str) -> bool:
    if host_matches(url, ERROR_REPORT_HOSTS):
        return True
    return ERROR_REPORT_PATH_MARK in url.lower() and ERROR_REPORT_PATH_MARK in urlsplit(url).path.lower()


def _conac(links: Sequence[ExtractedLink], resources: Sequence[str]) -> str | None:
    for link in links:
        if host_matches(link.url, CONAC_HOST_SUFFIXES):
            return link.url
    for url in resources:
        if host_matches(url, CONAC_HOST_SUFFIXES):
            return url
    return None


def _error_report(links: Sequence[ExtractedLink], resources: Sequence[str]) -> str | None:
    for link in links:
        if host_matches(link.url, ERROR_REPORT_HOSTS):
            return link.url
    for link in links:
        if ERROR_REPORT_TEXT in link.text:
            return link.url
    for link in links:
        if _is_error_report_url(link.url):
            return link.url
    for url in resources:
        if _is_error_report_url(url):
            return url
    return None


def script_sources(tree: HtmlElement, base_url: str) -> list[str]:
    """src of every external <script> of a parsed page, resolved against `base_url`, in document order."""
    return _resource_urls(tree, base_url, ("script",))


def _written(scripted: str, base_url: str) -> tuple[str, list[ExtractedLink], list[str]]:
    """Visible text, links and resources of the markup that script strings write (all empty when none)."""
    if not scripted.strip():
        return "", [], []
    tree = parse_html(scripted)
    return visible_text(tree), extract_links(base_url, tree), _resource_urls(tree, base_url)


def extract_footer(
    tree: HtmlElement,
    text: str | None = None,
    links: Sequence[ExtractedLink] | None = None,
    *,
    base_url: str = "",
) -> FooterMarks:
    """Footer marks of a parsed page. `text` = its visible text and `links` = its extracted links (computed when
    None); `base_url` resolves relative script/image sources."""
    if text is None:
        text = visible_text(tree)
    if links is None:
        links = extract_links(base_url, tree)

    scripted = "\n".join(s for s in (script_strings(src) for src in inline_scripts(tree)) if s.strip())
    script_text, script_links, script_resources = _written(scripted, base_url)
    texts = (text, script_text)
    resources = _resource_urls(tree, base_url)

    return FooterMarks(
        site_code=find_site_code(texts),
        icp=find_icp(texts),
        police_record=find_police_record(texts),
        conac_mark=_conac(links, resources) or _conac(script_links, script_resources),
        error_report_entry=_error_report(links, resources) or _error_report(script_links, script_resources),
    )


def _template_strings(js_text: str) -> str:
    """Bodies of template literals (`<p>…${x}…</p>`), escapes decoded, ${…} expressions dropped."""
    if "`" not in js_text:
        return ""
    return "".join(js_unescape_literal(_TEMPLATE_EXPR_RE.sub("", m.group(1))) for m in _TEMPLATE_RE.finditer(js_text))


def footer_from_script(js_text: str, base_url: str = "") -> FooterMarks:
    """Footer marks written by an external script (footer.js: `document.write('<div>网站标识码：…</div>')`).

    Only what the script's string literals write counts (escapes, unescape("%3C…") and template literals
    decoded), never its comments or code. `base_url` is the base of the page that includes the script (relative
    URLs in written markup resolve against the page, not the script).
    """
    scripted = "\n".join(s for s in (script_strings(js_text), _template_strings(js_text)) if s.strip())
    text, links, resources = _written(scripted, base_url)
    return FooterMarks(
        site_code=find_site_code((text,)),
        icp=find_icp((text,)),
        police_record=find_police_record((text,)),
        conac_mark=_conac(links, resources),
        error_report_entry=_error_report(links, resources),
    )


def merge_footer(page: FooterMarks, scripts: Sequence[tuple[str, FooterMarks]]) -> tuple[FooterMarks, dict[str, str]]:
    """The page's marks completed from its scripts' marks, and where each mark was found.

    A mark the page shows (a non-empty value) stays the page's; a missing one is taken from the first script in
    `scripts` ([(script URL, marks)]) that has it. Sources: {mark: "page" | script URL} for every mark found.
    A label without a token on the page (site_code == "") is replaced by a script's token when there is one.
    """
    merged = page
    sources = {mark: "page" for mark in MARKS if getattr(page, mark)}
    for url, marks in scripts:
        for mark in MARKS:
            value = getattr(marks, mark)
            if value and not getattr(merged, mark):
                merged = replace(merged, **{mark: value})
                sources[mark] = url
    return merged, {mark: sources[mark] for mark in MARKS if mark in sources}
