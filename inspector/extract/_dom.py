"""Shared HTML helpers for the extraction layer: tolerant parsing of decoded text, visible text, script strings.

Everything here works on `str` (already decoded) and never on bytes: lxml decoding bytes itself silently
truncates GBK pages (tech-notes §6).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from urllib.parse import unquote

import lxml.etree
import lxml.html

logger = logging.getLogger(__name__)

# Server-side template junk that saved or mis-served pages carry before (or inside) the markup.
_JSP_COMMENT_RE = re.compile(r"<%--.*?--%>", re.DOTALL)
_JSP_TAG_RE = re.compile(r"<%.*?%>", re.DOTALL)
_JSP_ACTION_RE = re.compile(r"</?jsp:[^>]*>", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

# Elements whose content is not visible page text.
INVISIBLE_TAGS = frozenset({"script", "style", "template", "title", "head", "meta", "link", "object", "embed"})
# Elements that separate lines of text (everything else is inline and joins without a separator).
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "frame", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "html", "iframe", "li", "main", "nav", "noscript", "ol", "option", "p", "pre", "section", "select",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

HtmlElement = lxml.html.HtmlElement
# huge_tree lifts libxml2's nesting limit (256), which silently drops the rest of pages with many unclosed <font>s.
_PARSER = lxml.html.HTMLParser(huge_tree=True)


def clean_markup(html: str) -> str:
    """Remove JSP directives/comments/actions, an XML declaration and control characters before parsing."""
    text = _XML_DECL_RE.sub("", html, count=1)
    if "<%" in text:
        text = _JSP_COMMENT_RE.sub("", text)
        text = _JSP_TAG_RE.sub("", text)
    if "jsp:" in text:
        text = _JSP_ACTION_RE.sub("", text)
    return _CONTROL_RE.sub("", text)


def parse_html(html: str) -> HtmlElement:
    """Parse decoded HTML text into an lxml document, tolerating junk, fragments and empty input."""
    text = clean_markup(html)
    if not text.strip():
        return lxml.html.document_fromstring("<html><body></body></html>")
    try:
        return lxml.html.document_fromstring(text, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        logger.debug("document_fromstring failed (%s); retrying as fragment", exc)
        try:
            root = lxml.html.fragment_fromstring(text, create_parent="html", parser=_PARSER)
        except (lxml.etree.ParserError, ValueError):
            return lxml.html.document_fromstring("<html><body></body></html>")
        return root


def as_tree(tree_or_html: HtmlElement | str) -> HtmlElement:
    return parse_html(tree_or_html) if isinstance(tree_or_html, str) else tree_or_html


def tag_name(el: lxml.etree._Element) -> str:
    """Lower-case tag name, or '' for comments / processing instructions."""
    tag = el.tag
    return tag.lower() if isinstance(tag, str) else ""


def norm_space(text: str) -> str:
    """Collapse all whitespace (including nbsp and ideographic space) to single spaces."""
    return " ".join(text.split())


def _collect(root: lxml.etree._Element, parts: list[str]) -> None:
    """Append the visible text under root (not its tail) to parts; iterative, so deep nesting is fine."""
    stack: list[tuple[lxml.etree._Element, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        name = tag_name(el)
        if closing:
            if name in BLOCK_TAGS:
                parts.append("\n")
            if el is not root and el.tail:
                parts.append(el.tail)
            continue
        if name and name not in INVISIBLE_TAGS:
            if name in BLOCK_TAGS:
                parts.append("\n")
            if el.text:
                parts.append(el.text)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))
        elif el is not root and el.tail:
            parts.append(el.tail)


def visible_text(tree: HtmlElement) -> str:
    """Visible text of a document: scripts/styles/title skipped, block elements on their own lines."""
    parts: list[str] = []
    _collect(tree, parts)
    lines = (norm_space(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def element_text(el: HtmlElement) -> str:
    """Normalised text inside one element (scripts and styles skipped), on one line."""
    parts: list[str] = []
    _collect(el, parts)
    return norm_space(" ".join("".join(parts).split("\n")))


def inline_scripts(tree: HtmlElement) -> Iterator[str]:
    """Source text of every inline <script> (those with content)."""
    for script in tree.iter("script"):
        if script.text and script.text.strip():
            yield script.text


_JS_STRING_RE = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""")
_JS_ESCAPE_RE = re.compile(r"\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": "", "0": ""}
_PERCENT_RE = re.compile(r"%(?:[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4})")
_PERCENT_U_RE = re.compile(r"%u([0-9A-Fa-f]{4})")


def js_unescape_literal(body: str) -> str:
    """Decode the escapes of a JavaScript string literal body (\\", \\u4e2d, \\x41, \\n, \\/ …)."""

    def repl(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc.startswith("u{"):
            return chr(int(esc[2:-1], 16))
        if esc[0] == "u" and len(esc) == 5:
            return chr(int(esc[1:], 16))
        if esc[0] == "x" and len(esc) == 3:
            return chr(int(esc[1:], 16))
        return _SIMPLE_ESCAPES.get(esc, esc)

    return _JS_ESCAPE_RE.sub(repl, body) if "\\" in body else body


def js_percent_unescape(text: str) -> str:
    """What JavaScript's unescape() does: %XX (Latin-1 / UTF-8 here) and %uXXXX."""
    text = _PERCENT_U_RE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return unquote(text)


def script_strings(script: str) -> str:
    """All string literals of one script, escapes decoded, concatenated (document.write("a"+"b") → "ab").

    Literals that look percent-encoded (document.write(unescape("%3Cspan…"))) are also percent-decoded.
    """
    out: list[str] = []
    for m in _JS_STRING_RE.finditer(script):
        lit = js_unescape_literal(m.group(1) if m.group(1) is not None else m.group(2))
        if _PERCENT_RE.search(lit):
            lit = js_percent_unescape(lit)
        out.append(lit)
    return "".join(out)




# Elements a reader never sees: hidden by attribute, inline style or a utility class (for blank markers).
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
HIDDEN_CLASSES = frozenset({"hide", "hidden", "d-none", "is-hidden", "invisible", "display-none", "none", "dn",
                            "hid", "sr-only", "visually-hidden", "layui-hide"})
UNSHOWN_TAGS = INVISIBLE_TAGS | {"noscript"}  # <noscript> is not shown to a browser running scripts


def hides(el: lxml.etree._Element) -> bool:
    """The element itself is hidden: `hidden`, aria-hidden="true", display:none / visibility:hidden in its style,
    or a hiding class (hide, hidden, d-none …). Ancestors are not looked at."""
    if not isinstance(el.tag, str):
        return False
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").strip().lower() == "true":
        return True
    if _HIDDEN_STYLE_RE.search(el.get("style") or ""):
        return True
    classes = (el.get("class") or "").lower().split()
    return any(c in HIDDEN_CLASSES for c in classes)


def shown_lines(root: HtmlElement) -> list[tuple[str, HtmlElement]]:
    """The lines of text a reader sees (as visible_text splits them), each with the element whose own text starts
    it; hidden subtrees (see `hides`), scripts, templates and <noscript> skipped."""
    lines: list[tuple[str, HtmlElement]] = []
    buf: list[str] = []
    owner: list[HtmlElement | None] = [None]

    def flush() -> None:
        line = norm_space("".join(buf))
        if line and owner[0] is not None:
            lines.append((line, owner[0]))
        buf.clear()
        owner[0] = None

    def add(text: str | None, el: HtmlElement | None) -> None:
        if not text:
            return
        if owner[0] is None and text.strip() and el is not None:
            owner[0] = el
        buf.append(text)

    stack: list[tuple[HtmlElement, bool]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        name = tag_name(el)
        if closing:
            if name in BLOCK_TAGS:
                flush()
            if el is not root:
                add(el.tail, el.getparent())
            continue
        if name and name not in UNSHOWN_TAGS and not hides(el):
            if name in BLOCK_TAGS:
                flush()
            add(el.text, el)
            stack.append((el, True))
            stack.extend((child, False) for child in reversed(el))
        elif el is not root:
            add(el.tail, el.getparent())
    flush()
    return lines
