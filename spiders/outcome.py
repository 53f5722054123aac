"""Pure helpers of the site spider: URL identity, link kinds, crawler traps, and what a fetch came to.

Nothing here does I/O, so every judgement the crawl makes about one URL can be unit-tested directly.
"""

from __future__ import annotations

import email.utils
import logging
import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from w3lib.url import safe_url_string

from inspector.model import LinkKind, Outcome

logger = logging.getLogger(__name__)

ATTACHMENT_EXTENSIONS = frozenset(
    {".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".pdf", ".zip", ".rar", ".ofd", ".ppt", ".pptx", ".txt", ".7z"}
)
# Content types that mean "a document to download", not a web page.
ATTACHMENT_TYPES = (
    "application/pdf",
    "application/msword",
    "application/vnd.",  # office formats (openxmlformats, ms-excel, ms-powerpoint...)
    "application/zip",
    "application/x-zip",
    "application/x-rar",
    "application/vnd.rar",
    "application/x-7z",
    "application/octet-stream",
    "application/ofd",
    "application/wps",
    "application/kswps",
    "application/x-download",
    "application/force-download",
)
HTML_TYPES = ("text/html", "application/xhtml+xml")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_JSESSION = re.compile(r";jsessionid=[^?#/]*", re.IGNORECASE)

# Crawler traps (field guide): print views, calendars, search results. Such URLs are checked once (their status
# is recorded) but never parsed, so their endless variants cannot multiply. Session ids are stripped from URLs.
TRAP_QUERY = re.compile(
    r"(?:^|&)(?:print|printable|preview)=(?:1|true|yes)(?:&|$)|(?:^|&)(?:keyword|keywords|searchword|q|wd|query)=",
    re.IGNORECASE,
)
TRAP_PATH = re.compile(r"/(?:calendar|rili|search|so|jsearch|fulltextsearch)(?:[/._]|$)", re.IGNORECASE)


def norm_url(url: str) -> str:
    """The one spelling of a URL used for identity, records and link targets.

    Lower-cases scheme and host, drops the default port, the fragment and any ``;jsessionid=``; percent-encodes
    what must be (safe_url_string keeps existing escapes); an empty path becomes "/".
    """
    url = safe_url_string(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = f"{parts.username or ''}{':' + parts.password if parts.password else ''}@{netloc}"
    path = _JSESSION.sub("", parts.path) or "/"
    return urlunsplit(SplitResult(scheme, netloc, path, parts.query, ""))


def is_http(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


def host_key(url: str) -> tuple[str, int]:
    """(host without a leading "www.", effective port): two URLs with the same key belong to the same site."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    try:
        port = parts.port
    except ValueError:
        port = None
    return host, port or _DEFAULT_PORTS.get(parts.scheme.lower(), 0)


def is_attachment_url(url: str) -> bool:
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot:] in ATTACHMENT_EXTENSIONS


def is_attachment_response(content_type: str, content_disposition: str) -> bool:
    if content_disposition.lower().lstrip().startswith("attachment"):
        return True
    ctype = content_type.split(";", 1)[0].strip().lower()
    return ctype.startswith(ATTACHMENT_TYPES)


def is_html_type(content_type: str) -> bool:
    """True for HTML, and for a missing type (old servers omit it); the body decides then."""
    ctype = content_type.split(";", 1)[0].strip().lower()
    return not ctype or ctype.startswith(HTML_TYPES)


def link_kind(url: str, site_keys: Iterable[tuple[str, int]]) -> LinkKind:
    """attachment (by extension, wherever it is hosted) > page (same site) > external."""
    if is_attachment_url(url):
        return "attachment"
    return "page" if host_key(url) in set(site_keys) else "external"


def is_trap(url: str) -> bool:
    parts = urlsplit(url)
    return bool(TRAP_QUERY.search(parts.query) or TRAP_PATH.search(parts.path))


def is_root_url(url: str) -> bool:
    """A site's front door: "/", "/index.html", "/index.shtml", "/default.aspx"..."""
    parts = urlsplit(url)
    return not parts.query and re.fullmatch(r"/(?:(?:index|default|main|home)\.[a-z]{2,6})?", parts.path or "/", re.I) is not None


def parse_retry_after(value: bytes | str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None when absent or unreadable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: Outcome
    detail: str = ""


def judge_response(
    status: int,
    *,
    body_class: str | None = None,
    headers: Mapping[str, str] | None = None,
    mode: str = "page",
    rate_limit_retries: int = 0,
) -> Judgement:
    """What one final (redirects already followed) HTTP response came to.

    `body_class` is extract.classify_body's verdict on the body ("waf", "soft_404" or None); `mode` is "page" for
    fetched-and-parsed pages and "check" for range-limited link checks.
    """
    headers = headers or {}
    has_retry_after = parse_retry_after(headers.get("retry-after")) is not None
    if status == 429:
        return Judgement(Outcome.RATE_LIMITED, f"http 429 after {rate_limit_retries} retries")
    if status == 503 and has_retry_after:
        return Judgement(Outcome.RATE_LIMITED, f"http 503 (Retry-After) after {rate_limit_retries} retries")
    if body_class == "waf":
        return Judgement(Outcome.WAF, f"http {status} challenge")
    if status == 412:
        # 412 to a plain GET (no conditional headers sent) is what 瑞数-style WAFs answer: cannot verify.
        return Judgement(Outcome.WAF, "http 412")
    if status == 416 and mode == "check":
        return Judgement(Outcome.OK, "http 416 to a range request (resource exists)")
    if status >= 400:
        return Judgement(Outcome.BROKEN, f"http {status}")
    if body_class == "soft_404" and 200 <= status < 300:
        return Judgement(Outcome.SOFT_404, f"http {status} page says not found")
    if 300 <= status < 400:
        return Judgement(Outcome.OK, f"http {status} without Location")
    if status < 200:
        return Judgement(Outcome.BROKEN, f"http {status}")
    return Judgement(Outcome.OK, "")


def redirect_chain_text(chain: Iterable[str], last: str) -> str:
    return " -> ".join([*chain, last])


def failure_detail(exc: BaseException, dns_reason: str | None = None) -> str:
    """Short English reason for a network failure (no HTTP response at all)."""
    from scrapy.exceptions import (
        CannotResolveHostError,
        DownloadCancelledError,
        DownloadConnectionRefusedError,
        DownloadFailedError,
        DownloadTimeoutError,
        IgnoreRequest,
        ResponseDataLossError,
    )
    from twisted.internet import error as txerror
    from twisted.web.client import ResponseFailed, ResponseNeverReceived

    if isinstance(exc, (CannotResolveHostError, txerror.DNSLookupError)):
        return dns_reason or "dns: cannot resolve"
    if isinstance(exc, (DownloadConnectionRefusedError, txerror.ConnectionRefusedError)):
        return "refused"
    if isinstance(exc, (DownloadTimeoutError, txerror.TimeoutError, txerror.TCPTimedOutError, TimeoutError)):
        return "timeout"
    cause = exc.__cause__
    if isinstance(exc, DownloadFailedError) and cause is not None:
        exc = cause
    if isinstance(exc, ResponseNeverReceived):
        return "no response (connection closed)"
    if isinstance(exc, ResponseFailed):
        kinds = sorted({type(getattr(r, "value", r)).__name__ for r in getattr(exc, "reasons", [])})
        return f"connection error: {', '.join(kinds) or 'response failed'}"
    if isinstance(exc, ResponseDataLossError):
        return "connection lost mid-response"
    if isinstance(exc, (DownloadFailedError, txerror.ConnectionLost, txerror.ConnectionDone)):
        return f"connection error: {type(exc).__name__}"
    if isinstance(exc, txerror.ConnectError):
        return f"connect error: {exc}".rstrip(": ")
    if isinstance(exc, DownloadCancelledError):
        return f"cancelled: {exc}".rstrip(": ")
    if isinstance(exc, IgnoreRequest):
        return f"ignored: {exc}".rstrip(": ")
    name = type(exc).__name__
    if "SSL" in name or "TLS" in name or "Certificate" in name:
        return f"tls: {exc}"
    return f"{name}: {exc}".rstrip(": ")


# Footer scripts (field guide: "a footer injected by a .js file"). A same-site external script whose path says
# "footer" (or 公共/版权/底部 in pinyin) is read for footer marks; common libraries never hold a footer.
FOOTER_SCRIPT_PATH = re.compile(
    r"foot|bottom|dibu|copyright|banquan|public|common|(?<![a-z])(?:bq|gb)(?![a-z])", re.IGNORECASE
)
LIBRARY_SCRIPT_NAME = re.compile(
    r"^(?:jquery|bootstrap|swiper|layui|layer|echarts|vue|react|angular|lodash|polyfill|html5shiv|respond|"
    r"superslide|require|seajs|modernizr)\b", re.IGNORECASE
)
HTML_DOCUMENT_START = re.compile(
    r"^\ufeff?\s*(?:<!--.*?-->\s*)*<(?:!doctype|html|head|body|title|meta)\b", re.IGNORECASE | re.DOTALL
)


def footer_script_candidates(
    sources: Iterable[str], site_keys: Iterable[tuple[str, int]], *, any_script: bool, limit: int
) -> tuple[list[str], list[str]]:
    """(scripts to read, candidates left unread over `limit`) among a homepage's external <script src> URLs.

    Candidates are same-site http(s) scripts, libraries (jquery, bootstrap …) excluded, normalised, deduplicated:
    those whose path suggests a footer first, then, when `any_script` (the page shows no footer mark at all),
    every other one; each group in page order.
    """
    keys = set(site_keys)
    named: list[str] = []
    others: list[str] = []
    for src in sources:
        if not is_http(src):
            continue
        url = norm_url(src)
        path = urlsplit(url).path
        if host_key(url) not in keys or url in named or url in others:
            continue
        if LIBRARY_SCRIPT_NAME.match(path.rsplit("/", 1)[-1]):
            continue
        if FOOTER_SCRIPT_PATH.search(path):
            named.append(url)
        elif any_script:
            others.append(url)
    candidates = named + others
    limit = max(0, limit)
    return candidates[:limit], candidates[limit:]


def looks_like_html_document(text: str) -> bool:
    """True when a body fetched as a script is an HTML page (an error page, a WAF challenge, a soft 404)."""
    return HTML_DOCUMENT_START.match(text[:1024]) is not None
