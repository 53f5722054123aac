"""Decide the text encoding of an HTML body and decode it (tech-notes §6).

Order: BOM → HTTP charset → <meta> charset (first 4 KB) → strict UTF-8 → strict GB18030 → charset_normalizer.
- gb2312 / gbk labels are read as gb18030 (a superset: 镕 喆 堃 are outside GB2312).
- An HTTP "utf-8" that the body does not satisfy falls through to the next source.
- A non-UTF-8 label on a body that is valid, non-ASCII UTF-8 is a lie ("declares gb2312 but is UTF-8"):
  such a body is decoded as UTF-8. Real GBK text essentially never forms valid multi-byte UTF-8.
- iso-8859-1 / us-ascii in the HTTP header are server defaults (Tomcat), not statements about the page:
  they are ignored and the body decides.
"""

from __future__ import annotations

import codecs
import logging
import re

import charset_normalizer

logger = logging.getLogger(__name__)

META_SCAN_BYTES = 4096

GB_ALIASES = frozenset(
    {
        "gb2312", "gb_2312", "gb_2312-80", "gb2312-80", "csgb2312", "iso-ir-58", "chinese", "euc-cn", "euccn",
        "x-euc-cn", "gbk", "x-gbk", "cp936", "ms936", "windows-936", "csgbk", "gb18030", "gb-18030",
    }
)  # fmt: skip
UTF8_ALIASES = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8", "utf-8-sig"})
WEAK_HTTP_LABELS = frozenset({"iso8859-1", "ascii", "cp1252"})  # after codecs.lookup().name

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HTTP_CHARSET_RE = re.compile(r"charset\s*=\s*[\"']?\s*([^\"';,\s]+)", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_\-:.]+)", re.IGNORECASE)


def normalize_encoding(label: str | None) -> str | None:
    """Canonical Python codec name for a charset label; gb2312/gbk → gb18030; None if unknown."""
    if not label:
        return None
    name = label.strip().strip("\"'").lower()
    if name in GB_ALIASES:
        return "gb18030"
    if name in UTF8_ALIASES:
        return "utf-8"
    try:
        name = codecs.lookup(name).name
    except LookupError:
        return None
    if name in ("gb2312", "gbk"):
        return "gb18030"
    if name == "latin-1":
        return "iso8859-1"
    return name


def http_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, normalised (None if absent or unknown)."""
    if not content_type:
        return None
    m = _HTTP_CHARSET_RE.search(content_type)
    return normalize_encoding(m.group(1)) if m else None


def declared_body_encoding(body: bytes) -> str | None:
    """Charset declared by <meta charset> / http-equiv (or an XML declaration) in the first 4 KB."""
    head = body[:META_SCAN_BYTES]
    for pattern in (_META_CHARSET_RE, _XML_ENCODING_RE):
        m = pattern.search(head)
        if m:
            enc = normalize_encoding(m.group(1).decode("ascii", "ignore"))
            if enc is not None and enc.startswith("utf-16"):
                return "utf-8"  # an ASCII-compatible body cannot really be UTF-16 (HTML spec)
            if enc is not None:
                return enc
    return None


def _strict_utf8(body: bytes) -> str | None:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _detect(body: bytes) -> str:
    """Encoding of an undeclared, non-UTF-8 body. On Chinese government sites GB18030 is the prior: bytes that
    decode as strict GB18030 are taken as such (charset_normalizer calls short GBK snippets big5);
    otherwise charset_normalizer decides."""
    try:
        body.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(body).best()
    guess = normalize_encoding(best.encoding) if best is not None else None
    return guess or "gb18030"


def decode_body(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode an HTML body; returns (text, encoding) with encoding a Python codec name (gb18030, utf-8 …)."""
    if not body:
        return "", http_charset(content_type) or "utf-8"
    for bom, enc in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(enc, errors="replace"), enc

    as_utf8 = _strict_utf8(body)
    non_ascii = not body.isascii()

    declared: list[tuple[str, str]] = []
    http = http_charset(content_type)
    if http is not None and http not in WEAK_HTTP_LABELS:
        declared.append(("http", http))
    meta = declared_body_encoding(body)
    if meta is not None:
        declared.append(("meta", meta))

    for source, enc in declared:
        if enc == "utf-8":
            if as_utf8 is not None:
                return as_utf8, "utf-8"
            logger.debug("%s says utf-8 but the body is not valid utf-8; trying the next source", source)
            continue
        if as_utf8 is not None and non_ascii:
            logger.debug("%s says %s but the body is valid utf-8; decoding as utf-8", source, enc)
            return as_utf8, "utf-8"
        return body.decode(enc, errors="replace"), enc

    if as_utf8 is not None:
        return as_utf8, "utf-8"
    enc = _detect(body)
    return body.decode(enc, errors="replace"), enc
