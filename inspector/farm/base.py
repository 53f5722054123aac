"""Building blocks of the demo web farm: requests, replies, columns, articles, host apps, seeded faults.

A host app turns a `Request` into a `Reply` without I/O; the HTTP server (server.py) does the sockets,
the slow paths, rate limiting and byte ranges. Pages are never stored: each one is a pure function of
(seed, scale, host, path), so a farm of 100,000 pages costs nothing until a page is asked for.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from functools import cached_property
from urllib.parse import quote
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import ClassVar, Literal

from inspector.farm import content
from inspector.farm.files import LazyBody, content_type, document, large_zip, png
from inspector.model import Level

logger = logging.getLogger(__name__)

ROBOTS_TXT = "User-agent: *\nDisallow: /search/\nDisallow: /manage/\n"

FaultKind = Literal[
    "http-404", "http-500", "nxdomain", "refused", "timeout", "soft-404", "redirect-loop",
    "attachment-404", "waf", "rate-limit", "large-attachment", "footer-missing", "footer-format",
    "footer-script", "footer-script-file", "site-down",
    # IPv6 (site-level): no AAAA, AAAA but IPv6 connections refused, deep pages IPv4-only, a different IPv6
    # homepage, name servers without AAAA, and the benign AAAA-only site
    "ipv6-no-aaaa", "ipv6-refused", "ipv6-deep-v4-only", "ipv6-content-differs", "ipv6-ns-no-aaaa", "aaaa-only",
    # required columns and their content (site-level unless said): a required column missing, ≥ 5 stale 动态/通知
    # columns, ≥ 5 blank columns, a late annual report, a short 征求意见 period (per notice), an unanswered message;
    # benign: lists only in a Hanweb data answer, a GBK list with [MM-DD] dates, a pinned old row on a fresh list,
    # a short 征求意见 period with its reason (per notice), a recent message not yet answered
    "column-missing", "column-stale", "column-blank", "annual-report-late", "consultation-short",
    "message-unanswered", "jpage-only-list", "gbk-bracket-dates", "pinned-old-item", "consultation-short-reason",
    "message-pending-recent",
]


@dataclass(frozen=True, slots=True)
class Ctx:
    """What page generation needs from the running farm: the HTTP ports that go into absolute URLs.

    `port` is the main listener's (127.0.0.1 and ::1); `ports` maps the hosts served elsewhere (the
    127.0.0.1-only listener) to their port. `Ctx(port)` puts every host on one port.
    """

    port: int
    ports: Mapping[str, int] = field(default_factory=dict, hash=False)

    def port_for(self, host: str) -> int:
        return self.ports.get(host.lower(), self.port)

    def origin(self, host: str) -> str:
        port = self.port_for(host)
        return f"http://{host}" if port == 80 else f"http://{host}:{port}"

    def url(self, host: str, path: str = "/") -> str:
        return self.origin(host) + (path if path.startswith("/") else "/" + path)


@dataclass(frozen=True, slots=True)
class Request:
    """One HTTP request as the farm sees it (host without port, path percent-decoded)."""

    method: str
    host: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    form: Mapping[str, str] = field(default_factory=dict)
    raw_query: str = ""
    family: int = 4  # address family of the socket the request arrived on: 4 (127.0.0.1) or 6 (::1)


@dataclass(frozen=True, slots=True)
class Reply:
    """What to answer. `slow`, `rate_limited` and `ranges` are carried out by the server."""

    status: int = 200
    body: bytes | LazyBody = b""
    content_type: str = "text/html; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()
    slow: bool = False  # sleep slow_seconds before answering
    rate_limited: bool = False  # 429 + Retry-After unless asked again within the window
    ranges: bool = False  # honour Range: bytes=... (attachments)


@dataclass(frozen=True, slots=True)
class FarmSite:
    """A registry site of the farm (an inspection target)."""

    host: str
    name: str
    level: Level
    site_code: str
    region: str
    pages: int = 0  # HTML pages + attachments served for it at this farm's scale
    down: bool = False  # in DNS, but nothing listens at its address


@dataclass(frozen=True, slots=True)
class Fault:
    """One seeded defect (or benign trap) and where it is placed.

    `site` is the registry host the finding counts against; (`host`, `path`) is the URL the finding is
    about; `source` is the path on `site` of the only page that links to it ("" for site-level faults).
    `expect` is "" for a defect, or "pass" / "inconclusive" for a benign trap.
    """

    site: str
    rule: str
    host: str
    path: str
    kind: FaultKind
    detail: str
    source: str = ""
    expect: str = ""


@dataclass(frozen=True, slots=True)
class Entry:
    """One item of a column with fixed content (title, moment) instead of generated ones.

    `text` is extra HTML for its article page (e.g. the 征求意见 period); `pinned` marks a 置顶 row."""

    title: str
    when: datetime
    text: str = ""
    pinned: bool = False


@dataclass(frozen=True, slots=True)
class Column:
    """A list column of a portal. Article i (0 = newest) has id `id_base + i`.

    A column with `entries` lists exactly those items (in that order, whatever the scale); a `blank` column has
    none and its list page says so (暂无信息)."""

    key: str  # what identifies the column in URLs: a directory, a column id, a catId, a list id
    name: str
    kind: str  # news | notice | policy | interpretation (picks title templates)
    id_base: int
    base_articles: int  # articles at scale 1
    per_page: int
    gap_hours: int = 30
    offset_hours: int = 0
    date_style: str = "iso"
    attachments: int = 0  # the first N articles (all on the first list page) carry an attachment
    entries: tuple[Entry, ...] = ()
    blank: bool = False


@dataclass(frozen=True, slots=True)
class Article:
    column: Column
    index: int
    id: int
    when: datetime
    title: str


@dataclass(frozen=True, slots=True)
class FileEntry:
    """An attachment served by a portal. `path` is the decoded absolute path."""

    path: str
    title: str
    size: int = 0  # > 0: a large body streamed on demand

    @property
    def ext(self) -> str:
        return self.path.rsplit(".", 1)[-1].lower() if "." in self.path.rsplit("/", 1)[-1] else ""

    def reply(self) -> Reply:
        body: bytes | LazyBody = large_zip(self.size) if self.size > 0 else document(self.ext, self.title)
        name = quote(self.path.rsplit("/", 1)[-1])
        disposition = f"attachment; filename*=UTF-8''{name}"
        return Reply(body=body, content_type=content_type(self.ext), ranges=True,
                     headers=(("Content-Disposition", disposition),))


def html_reply(text: str, status: int = 200, *, encoding: str = "utf-8", header_charset: bool = True,
               headers: tuple[tuple[str, str], ...] = ()) -> Reply:
    """An HTML reply; `header_charset=False` leaves the charset out of the Content-Type header."""
    ctype = f"text/html; charset={encoding}" if header_charset else "text/html"
    return Reply(status=status, body=text.encode(encoding), content_type=ctype, headers=headers)


def redirect(location: str, status: int = 302) -> Reply:
    body = f'<html><body>Moved: <a href="{location}">{location}</a></body></html>'
    return Reply(status=status, body=body.encode(), headers=(("Location", location),))


def not_found_page() -> str:
    return (
        "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
        "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )


class HostApp:
    """A virtual host: robots.txt, a few static assets, then `route()`; anything else is a 404.

    Its DNS and listeners: `has_a` / `has_aaaa` say whether the farm's DNS gives it an A (127.0.0.1) / AAAA
    (::1) record. A host with `ipv6_listening = False` is served only by the 127.0.0.1-only listener (its own
    port; connections to ::1 on that port are refused); a host without an A record is answered only on ::1.
    """

    host: str = ""
    robots: str | None = ROBOTS_TXT
    has_a: bool = True
    has_aaaa: bool = True
    ipv6_listening: bool = True

    def __init__(self, seed: int, scale: int, today: date = content.DEFAULT_TODAY) -> None:
        self.seed = seed
        self.scale = max(1, int(scale))
        self.today = today  # the farm's reference day: every date the host shows is relative to it

    def assets(self) -> Mapping[str, tuple[str, bytes]]:
        """Static assets the pages reference (stylesheet, script, logo): served, never counted."""
        return {
            "/css/style.css": ("text/css; charset=utf-8", b"body{font:14px/1.6 sans-serif;margin:0}\n"),
            "/js/common.js": ("application/javascript; charset=utf-8", b"function openUrl(u){window.open(u);}\n"),
            "/images/logo.png": ("image/png", png(20, 80, 160)),
        }

    def respond(self, req: Request, ctx: Ctx) -> Reply:
        if req.path == "/robots.txt" and self.robots is not None:
            return Reply(body=self.robots.encode(), content_type="text/plain; charset=utf-8")
        asset = self.assets().get(req.path)
        if asset is not None:
            return Reply(body=asset[1], content_type=asset[0])
        reply = self.route(req, ctx)
        return reply if reply is not None else self.not_found(req, ctx)

    def route(self, req: Request, ctx: Ctx) -> Reply | None:
        return None

    def not_found(self, req: Request, ctx: Ctx) -> Reply:
        return html_reply(not_found_page(), 404)


class Portal(HostApp):
    """A registry site: columns of articles, page count, seeded faults and its FarmSite record."""

    name: str = ""
    region: str = ""
    level: Level = Level.COUNTY
    site_code: str = ""  # the registry's code (the site may fail to show it)
    columns: tuple[Column, ...] = ()  # the class's generated columns; an instance adds its `disclosure_columns()`
    ns_aaaa: bool = True  # the name servers of the site's zone have AAAA records
    retitle: ClassVar[Mapping[tuple[str, int], str]] = {}  # (column key, index) → a fixed title (keyword traps)

    def __init__(self, seed: int, scale: int, today: date = content.DEFAULT_TODAY) -> None:
        super().__init__(seed, scale, today)
        self.columns: tuple[Column, ...] = (*type(self).columns, *self.disclosure_columns())

    def disclosure_columns(self) -> tuple[Column, ...]:
        """The fixed-content columns of the required disclosure (built from `today`; none by default)."""
        return ()

    @property
    def apex(self) -> str:
        """The site's DNS zone apex: the host without a leading "www."."""
        return self.host.removeprefix("www.")

    # -- dates ----------------------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """The farm's "now" (`today` − 6 days, 17:30): the newest generated article is published just before."""
        return content.farm_now(self.today)

    def ago(self, days: int, hour: int = 9, minute: int = 30) -> datetime:
        """A moment `days` days before the reference day."""
        return datetime.combine(self.today - timedelta(days=days), time(hour, minute))

    # -- articles -------------------------------------------------------------------------------
    def n_articles(self, col: Column) -> int:
        if col.entries or col.blank:
            return len(col.entries)
        return col.base_articles * self.scale

    def n_pages(self, col: Column) -> int:
        return max(1, math.ceil(self.n_articles(col) / col.per_page))

    def article(self, col: Column, index: int) -> Article:
        if col.entries:
            entry = col.entries[index]
            return Article(col, index, col.id_base + index, entry.when, entry.title)
        # at larger scales the same columns publish more often, so dates stay within a few years
        gap = max(1, round(col.gap_hours / self.scale))
        when = content.published_at(self.seed, self.host, col.key, index, gap, col.offset_hours, self.now)
        r = content.rng(self.seed, self.host, col.key, index, "title")
        title = self.retitle.get((col.key, index)) or content.title(col.kind, self.region, r, when.year)
        return Article(col, index, col.id_base + index, when, title)

    def locate(self, col: Column, article_id: int) -> Article | None:
        index = article_id - col.id_base
        if 0 <= index < self.n_articles(col):
            return self.article(col, index)
        return None

    def page_items(self, col: Column, page: int) -> list[Article]:
        start = page * col.per_page
        stop = min(start + col.per_page, self.n_articles(col))
        return [self.article(col, i) for i in range(start, stop)]

    def entry_text(self, art: Article) -> str:
        """The extra HTML of a fixed-content article ("" for a generated one)."""
        entries = art.column.entries
        return entries[art.index].text if art.index < len(entries) else ""

    def body_text(self, count: int, *key: object) -> str:
        """`count` paragraphs of text, `<p>` each, seeded by the site and `key`."""
        r = content.rng(self.seed, self.host, *key)
        return "".join(f"<p>{p}</p>" for p in content.paragraphs(self.region, r, count))

    def column(self, key: str) -> Column | None:
        for col in self.columns:
            if col.key == key:
                return col
        return None

    # -- attachments ----------------------------------------------------------------------------
    def attached(self, col: Column) -> list[Article]:
        """The articles of `col` that carry an attachment (the newest `col.attachments`)."""
        return self.page_items(col, 0)[: col.attachments]

    def build_files(self) -> list[FileEntry]:
        """The portal's attachments (a handful, independent of scale)."""
        return []

    @cached_property
    def files(self) -> dict[str, FileEntry]:
        return {entry.path: entry for entry in self.build_files()}

    def respond(self, req: Request, ctx: Ctx) -> Reply:
        entry = self.files.get(req.path)
        if entry is not None:
            return entry.reply()
        return super().respond(req, ctx)

    # -- what the farm reports ------------------------------------------------------------------
    def fixed_pages(self) -> int:
        """HTML pages that do not depend on scale (homepage, landing pages, ...)."""
        return 1

    def attachment_count(self) -> int:
        return len(self.files)

    def page_count(self) -> int:
        listed = sum(self.n_articles(c) + self.n_pages(c) for c in self.columns)
        return self.fixed_pages() + listed + self.attachment_count()

    def faults(self) -> list[Fault]:
        return []

    def site(self) -> FarmSite:
        return FarmSite(self.host, self.name, self.level, self.site_code, self.region, self.page_count())
