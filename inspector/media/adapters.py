"""Source adapters: what a received answer (or a hand-kept CSV) says, as source health plus posts. Pure.

`judge_answer` takes one HTTP answer (status, headers, body) that a source kind asked for and decides:

1. answers that are not data — a captcha / WAF / verification page, a bridge asking for a (new) cookie or login,
   a rate limit, an HTTP error — get their own health state (never "no posts");
2. data is parsed by the kind's adapter: RSS / Atom (feedparser, on the bytes only: it never fetches), JSON Feed
   1.x, the Weibo mobile JSON (``data.cards[].mblog``); a well-formed answer without posts is EMPTY, a malformed
   one PARSE_ERROR.

`read_manual_csv` reads a CSV of posts kept by hand (标题, 链接, 发布时间, optional 文中链接).

Every post also carries the links inside its content (`Post.links`): absolute http(s), fragment-free,
deduplicated in order, never the post's own URL. HTML content gives its <a href>s (images are not links), a
plain-text field (JSON Feed ``content_text``) the URLs written in it; Weibo's wrapped external links
(``weibo.cn/sinaurl?u=…``) are unwrapped and Weibo's own links (mentions, topics, statuses) dropped.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from calendar import timegm
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urldefrag, urljoin, urlsplit

import feedparser  # type: ignore[import-untyped]  # no py.typed marker

from inspector.extract import WAF, classify_body, decode_body, parse_html, resolve_url, visible_text
from inspector.media.posts import (
    CST,
    PINNED_MARK,
    Health,
    Post,
    is_pinned_title,
    parse_time,
    parse_weibo_time,
    plausible,
    short_title,
)

logger = logging.getLogger(__name__)

TEXT_LIMIT = 200_000  # characters of a non-data answer looked at for captcha / login markers
DETAIL_LIMIT = 160

#: Markers of a captcha / verification / anti-bot page on the platforms and bridges (lower-cased; looked for
#: only in answers that are not the expected data, so a post that mentions 验证码 never trips them).
CAPTCHA_MARKERS = (
    "验证码", "captcha", "环境异常", "完成验证", "人机验证", "滑块验证", "安全验证", "请完成验证", "身份验证",
    "sina visitor system", "passport.weibo.com/visitor", "verify.snssdk.com", "verifycenter", "geetest",
    "访问过于频繁", "操作过于频繁", "异常流量", "unusual traffic", "are you a robot", "not a robot",
)  # fmt: skip
#: An RSSHub error page (its template's wording, or its name next to an error message).
RSSHUB_ERROR_RE = re.compile(
    r"looks like something went wrong|rsshub.{0,3000}error\s*message|error\s*message.{0,3000}rsshub", re.I | re.S
)
#: Words that make an RSSHub error page an expired-cookie / login answer.
RSSHUB_AUTH_WORDS = ("cookie", "登录", "登陆", "login", "log in", "sign in", "configurationerror",
                     "confignotfound", "unauthorized", "authorization", "token")
#: Expired-cookie / login-required wording on any other non-data answer.
AUTH_PATTERNS = tuple(
    re.compile(p, re.I | re.S)
    for p in (
        r"cookies?.{0,40}(?:expired|invalid|过期|失效|无效|not (?:set|configured|found|provided)|required|missing)",
        r"(?:expired|invalid|过期|失效|无效|缺少|需要|更新|请(?:设置|配置|提供)).{0,20}cookies?",
        r"(?:需要|请先?|重新)\s*登[录陆]|登[录陆]\s*(?:已|状态)?\s*(?:过期|失效|超时)|未登[录陆]",
        r"login required|please (?:log ?in|sign ?in)|not logged in|session (?:has )?expired|sign in to continue",
    )
)
#: The title of the item a bridge puts in a well-formed feed instead of the posts when its route failed: RSS-Bridge
#: (error output "feed", its default) answers 200 with one item "Bridge returned error 500! (20417)" dated at the
#: moment of the request; an RSSHub error page rendered as a feed item. Such an item is never a post: read as a
#: post it would make a broken source look like an account updated today.
BRIDGE_ERROR_ITEM_RE = re.compile(r"^\s*(?:bridge returned error\b|bridge error\b|looks like something went wrong)", re.I)
LOGIN_URL_RE = re.compile(r"(?:^|[./])(?:passport|login|signin|sso)[./]|/(?:login|signin|sso)\b", re.I)
VISITOR_URL_RE = re.compile(r"/visitor/|visitor\.", re.I)

JSON_FEED_VERSION = "https://jsonfeed.org/version/"
WEIBO_STATUS_URL = "https://m.weibo.cn/status/{id}"
_MORE_LINK_RE = re.compile(r"<a\b[^>]*>\s*(?:全文|\.\.\.全文)\s*</a>", re.I)  # a cut post's "read more" link
#: Weibo's own hosts (the farm's demo copies end in ".test"): links there are mentions, topics, statuses, photos.
_WEIBO_HOST_RE = re.compile(r"(?:^|\.)(?:weibo\.cn|weibo\.com|sinaimg\.cn)(?:\.test)?$", re.I)
#: A URL written in plain text: ASCII only (Chinese text right after it ends it).
_TEXT_URL_RE = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.I)
_TRAILING_PUNCT = ".,;:!?'\"]}>"
#: Separators between the URLs of a manual CSV's 文中链接 cell.
_LINK_CELL_SPLIT_RE = re.compile(r"[\s;；，、]+")


@dataclass(frozen=True, slots=True)
class Parsed:
    """Health of one answer, a short English reason, and the posts (only when the health is OK)."""

    health: Health
    detail: str = ""
    posts: tuple[Post, ...] = ()


def _clip(text: str, limit: int = DETAIL_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return value
    return ""


def sniff(body: bytes) -> str:
    """The shape of an answer from its first bytes: "xml" (a feed), "html", "json", "empty" or "other"."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        return "empty"
    if head[:1] in (b"{", b"["):
        return "json"
    if re.search(rb"<(?:rss|feed|rdf:rdf)[\s>]", head):
        return "xml"
    if re.search(rb"<(?:!doctype\s+html|html|head|body|script|meta|title)[\s>/]", head):
        return "html"
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        return "xml"
    return "other"


# --- publication times -----------------------------------------------------------------------------------------

#: "24:00" (the end of a day, ISO 8601 and some CMSs: the next day's 00:00) and a leap second ":60".
_END_OF_DAY_RE = re.compile(r"(?<![\d:])24\s*([:：时])\s*00(?:\s*[:：分]\s*00(?:\.0+)?\s*秒?|\s*分)?(?![\d:])")
_LEAP_SECOND_RE = re.compile(r"(?<=\d[:：])60(?=(?:\.\d+)?(?:\s|$|[Zz+\-]))")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def read_time(text: str | None) -> datetime | None:
    """parse_time, plus the forms it refuses: "24:00" (the next day's 00:00: read as the same day's midnight it would
    put a post a day early) and a leap second ":60" (taken as :59)."""
    value = parse_time(text)
    if value is not None or not text:
        return value
    raw = str(text)
    if _END_OF_DAY_RE.search(raw):
        midnight = parse_time(_END_OF_DAY_RE.sub(lambda m: f"00{m[1]}00", raw, count=1))
        return midnight + timedelta(days=1) if midnight is not None else None
    if _LEAP_SECOND_RE.search(raw):
        return parse_time(_LEAP_SECOND_RE.sub("59", raw, count=1))
    return None


def _fallback_time(raw: str, parsed: Any) -> datetime | None:
    """feedparser's reading of a time parse_time could not read, when it is plausible: its calendar date (in UTC, as
    feedparser gives it, and in Beijing time) must show in the text as written (the year, the day, the month as a
    number or an English name). feedparser reads a zone-less time as UTC and misreads forms it half knows
    ("2026/11/11 4:00 PM" → 2026-11-01, "2026-11-11 24:00" → 2026-11-11): taken as they come, such times put a post
    days early, a false "not updated"."""
    try:
        value = plausible(datetime.fromtimestamp(timegm(parsed), tz=CST))
    except (OverflowError, OSError, ValueError, TypeError):  # a time at the edge of the calendar: no time
        return None
    if value is None:
        return None
    numbers = {int(n) for n in re.findall(r"\d+", raw)}
    words = raw.lower()
    for day in (datetime(*parsed[:3]).date(), value.date()):
        if day.year not in numbers or day.day not in numbers:
            return None
        if day.month not in numbers and _MONTHS[day.month - 1] not in words:
            return None
    return value


# --- answers that are not data ---------------------------------------------------------------------------------


def blocked_answer(status: int, headers: Mapping[str, str] | None, text: str, *, url: str = "") -> Parsed | None:
    """CAPTCHA or AUTH_EXPIRED when a non-data answer is a verification page or asks for a (new) cookie or login;
    None otherwise. `text` is the decoded body, `url` the final URL (after redirects)."""
    low = text.lower()
    path = urlsplit(url)
    where = f"{path.hostname or ''}{path.path}"
    if url and VISITOR_URL_RE.search(where):
        return Parsed(Health.CAPTCHA, f"redirected to a visitor verification page (http {status})")
    if RSSHUB_ERROR_RE.search(text):
        message = _rsshub_message(text)
        if any(w in low for w in RSSHUB_AUTH_WORDS):
            return Parsed(Health.AUTH_EXPIRED,
                          _clip(f"bridge says the cookie or login expired (http {status}): {message}"))
        if any(m in low for m in CAPTCHA_MARKERS):
            return Parsed(Health.CAPTCHA, _clip(f"bridge met a captcha (http {status}): {message}"))
        return None
    if status == 401:
        return Parsed(Health.AUTH_EXPIRED, "http 401 (login required)")
    if url and LOGIN_URL_RE.search(where):
        return Parsed(Health.AUTH_EXPIRED, f"redirected to a login page (http {status})")
    html = sniff(text[:4096].encode("utf-8", "replace")) == "html"
    if (html and classify_body(status, headers, text, url=url) == WAF) or any(m in low for m in CAPTCHA_MARKERS):
        return Parsed(Health.CAPTCHA, f"captcha or verification page (http {status})")
    shown = visible_text(parse_html(text)) if html else text
    for pattern in AUTH_PATTERNS:
        m = pattern.search(shown)
        if m:
            return Parsed(Health.AUTH_EXPIRED, _clip(f"cookie or login expired (http {status}): {m.group(0)}"))
    return None


def _rsshub_message(text: str) -> str:
    """The error message of an RSSHub error page ("Error: The cookie has expired ..."), or ""."""
    shown = visible_text(parse_html(text)) if "<" in text[:2000] else text
    m = re.search(r"error\s*message\s*[:：]?\s*(.+?)(?:\s+(?:route|full route|path|node version|git hash)\s*:|$)",
                  shown, re.I | re.S)
    return _clip(m.group(1), 100) if m else ""


def judge_answer(
    kind: str, status: int, headers: Mapping[str, str] | None, body: bytes, *, url: str, now: datetime
) -> Parsed:
    """Health and posts of one HTTP answer to a source of `kind` ("rss", "atom", "jsonfeed", "weibo").

    Call it on the last answer, after the retries (a 429 here is RATE_LIMITED). `url` is the final URL (relative
    post links resolve against it); `now` dates Weibo's relative times ("5分钟前").
    """
    content_type = _header(headers, "content-type")
    shape = sniff(body)
    expected = "json" if kind in ("jsonfeed", "weibo") else "xml"
    if status >= 300 or shape not in (expected, "other"):
        text, _encoding = decode_body(body[: TEXT_LIMIT * 4], content_type)
        blocked = blocked_answer(status, headers, text[:TEXT_LIMIT], url=url)
        if blocked is not None:
            return blocked
        if status == 429 or (status == 503 and _header(headers, "retry-after")):
            return Parsed(Health.RATE_LIMITED, f"http {status} rate limited after retries")
        if status >= 300:
            return Parsed(Health.HTTP_ERROR, f"http {status}")
        if shape == "empty":
            return Parsed(Health.PARSE_ERROR, "empty response")
        if shape == "html":
            return Parsed(Health.PARSE_ERROR, "an HTML page instead of the data")
    if kind in ("rss", "atom"):
        return parse_feed(body, url=url, content_type=content_type)
    if kind == "jsonfeed":
        return parse_json_feed(body, url=url)
    if kind == "weibo":
        return parse_weibo(body, url=url, now=now)
    return Parsed(Health.UNSUPPORTED, f"unknown source kind {kind!r}")


# --- links inside posts ---------------------------------------------------------------------------------------


def _absolute(href: str, base: str) -> str | None:
    """`href` made absolute against `base`, fragment dropped; None unless it is an http(s) URL with a host."""
    href = href.strip()
    if not href:
        return None
    resolved = resolve_url(base, href) if base.startswith(("http://", "https://")) else resolve_url("", href)
    if not resolved:
        return None
    resolved = urldefrag(resolved)[0]
    try:
        parts = urlsplit(resolved)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return resolved


def post_base(post_url: str, feed_url: str) -> str:
    """What relative links inside a post resolve against: the post's own URL when absolute, else the feed's."""
    return post_url if post_url.startswith(("http://", "https://")) else feed_url


def html_links(html: str, base: str) -> list[str]:
    """The <a href> / <area href> targets of an HTML fragment, absolute against `base` (http(s) only, in order;
    <img src> and other embedded resources are not links)."""
    if not html or "<" not in html:
        return []
    out: list[str] = []
    for el in parse_html(html).iter("a", "area"):
        link = _absolute(el.get("href") or "", base)
        if link:
            out.append(link)
    return out


def text_links(text: str) -> list[str]:
    """The http(s) URLs written in plain text, trailing punctuation trimmed (a ")" only when unbalanced)."""
    out: list[str] = []
    for m in _TEXT_URL_RE.finditer(text or ""):
        url = m.group(0)
        rest = (text or "")[m.end():m.end() + 3]
        if url.endswith(("…", "...")) or rest.startswith(("…", "...")):
            continue  # cut off by the feed ("http://x.gov.cn/art/2026…"): not an address anyone can open
        while url and (url[-1] in _TRAILING_PUNCT or (url[-1] == ")" and url.count(")") > url.count("("))):
            url = url[:-1]
        link = _absolute(url, "")
        if link:
            out.append(link)
    return out


def unwrap_weibo_link(url: str) -> str | None:
    """A link inside a Weibo post as the reader reaches it: ``weibo.cn/sinaurl?u=<encoded>`` unwrapped to the real
    URL; None for Weibo's own links (@mentions ``/n/…``, topics ``/search?containerid=…``, statuses, photos on
    sinaimg.cn: any weibo.cn / weibo.com host)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if not _WEIBO_HOST_RE.search(host):
        return url
    if parts.path.rstrip("/").endswith("/sinaurl"):
        query = parse_qs(parts.query)
        for key in ("u", "toasturl", "url"):
            for target in query.get(key, ()):
                real = _absolute(target, "")
                if real and not _WEIBO_HOST_RE.search((urlsplit(real).hostname or "").lower()):
                    return real
    return None


def weibo_links(html: str) -> list[str]:
    """Links inside a Weibo post's ``text`` HTML: absolute hrefs only (relative ones are Weibo's own pages:
    ``/n/name`` mentions, ``/status/…``), wrapped external links unwrapped, Weibo's own links dropped."""
    out: list[str] = []
    if not html or "<" not in html:
        return out
    for el in parse_html(html).iter("a"):
        href = (el.get("href") or "").strip()
        if not href.lower().startswith(("http://", "https://", "//")):
            continue
        link = _absolute(href if not href.startswith("//") else "https:" + href, "")
        real = unwrap_weibo_link(link) if link else None
        if real:
            out.append(real)
    return out


def post_links(own_url: str, *groups: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The links of a post: every group in order, deduplicated, the post's own URL left out."""
    own = (_absolute(own_url, "") or urldefrag(own_url)[0]) if own_url else ""  # encoded as the links are
    seen: set[str] = set()
    out: list[str] = []
    for group in groups:
        for link in group:
            if link and link != own and link not in seen:
                seen.add(link)
                out.append(link)
    return tuple(out)


# --- RSS / Atom ------------------------------------------------------------------------------------------------


def parse_feed(body: bytes, *, url: str = "", content_type: str = "") -> Parsed:
    """An RSS (0.9x, 1.0, 2.0) or Atom feed. feedparser gets the bytes (never a URL: it would fetch it); a feed
    that is not well-formed XML is PARSE_ERROR even when feedparser's lax mode recovers some entries."""
    headers = {"content-type": content_type or "application/xml"}
    if url:
        headers["content-location"] = url
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, sanitize_html=False,
                              resolve_relative_uris=False)
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if problem is not None and not isinstance(problem, benign):
        return Parsed(Health.PARSE_ERROR, _clip(f"malformed feed: {type(problem).__name__}: {problem}"))
    version = parsed.get("version") or ""
    if not version:
        return Parsed(Health.PARSE_ERROR, "not an RSS or Atom feed")
    for entry in parsed.entries:
        if BRIDGE_ERROR_ITEM_RE.match(str(entry.get("title") or "")):
            return _bridge_error_item(entry)
    posts = _build_stamped(tuple(_feed_post(entry, url) for entry in parsed.entries), parsed.get("feed") or {})
    if not posts:
        return Parsed(Health.EMPTY, f"valid {version} feed without items")
    return Parsed(Health.OK, _dated_detail(posts, f"{version} feed"), posts)


def _build_stamped(posts: tuple[Post, ...], channel: Mapping[str, Any]) -> tuple[Post, ...]:
    """`posts`, undated when their times are the feed's own build stamp: two or more items that all carry the very
    instant of the channel's lastBuildDate / pubDate / <updated> (a generator that stamps every item with the time
    it wrote the feed). Such a time says nothing of when the posts were published; read as publication times it
    would make a stale account look updated today. The channel's date is never a post's date by itself."""
    if len(posts) < 2 or any(p.published is None for p in posts):
        return posts
    instants = {p.published for p in posts}
    if len(instants) != 1:
        return posts
    stamps = {parse_time(channel.get(key)) for key in ("updated", "published")} - {None}
    if not instants & stamps:
        return posts
    logger.info("feed: all %d items carry the channel's build time %s; taken as undated", len(posts),
                next(iter(instants)))
    return tuple(Post(p.title, p.url, None, p.links) for p in posts)


def _bridge_error_item(entry: Mapping[str, Any]) -> Parsed:
    """The health of a feed whose item is a bridge's error report (see BRIDGE_ERROR_ITEM_RE): an expired cookie or
    login, a captcha, else an error of the source — never posts."""
    title = str(entry.get("title") or "")
    bodies = [str(c.get("value") or "") for c in entry.get("content") or () if isinstance(c, Mapping)]
    bodies.append(str(entry.get("summary") or ""))
    body = " ".join(visible_text(parse_html(b)) if "<" in b else b for b in dict.fromkeys(bodies) if b)
    text = f"{title} {body}"
    blocked = blocked_answer(200, None, text)
    if blocked is not None:
        return blocked
    return Parsed(Health.HTTP_ERROR, _clip(f"bridge error item in the feed: {text}"))


def _feed_post(entry: Mapping[str, Any], base: str) -> Post:
    title = entry.get("title") or ""
    if not title:
        summary = entry.get("summary") or ""
        title = visible_text(parse_html(summary)) if "<" in summary else summary
    link = entry.get("link") or ""
    if not link:
        guid = entry.get("id") or ""
        link = guid if guid.startswith(("http://", "https://")) else ""
    published = None
    # the raw text first: feedparser takes a zone-less time as UTC, a Chinese source means Beijing time
    for raw_key, parsed_key in (("published", "published_parsed"), ("updated", "updated_parsed"),
                                ("created", "created_parsed")):
        if not (dict.__contains__(entry, raw_key) or dict.__contains__(entry, parsed_key)):
            continue  # (feedparser would answer "updated" with the published time, and warn)
        raw = entry.get(raw_key)
        published = read_time(raw)
        if published is None and entry.get(parsed_key):  # a form only feedparser reads (it gives UTC)
            published = _fallback_time(str(raw or ""), entry[parsed_key])
        if published is not None:
            break
    url = urljoin(base, link) if link else ""
    where = post_base(url, base)
    bodies = [str(c.get("value") or "") for c in entry.get("content") or () if isinstance(c, Mapping)]
    bodies.append(str(entry.get("summary") or entry.get("description") or ""))
    links = post_links(url, *(html_links(body, where) for body in bodies))
    return Post(short_title(title), url, published, links)


def _dated_detail(posts: tuple[Post, ...], what: str) -> str:
    undated = sum(1 for p in posts if p.published is None)
    detail = f"{what}, {len(posts)} posts"
    return detail + (f", {undated} without a date" if undated else "")


# --- JSON Feed -------------------------------------------------------------------------------------------------


def _json(body: bytes) -> tuple[Any, str]:
    try:
        return json.loads(body.decode("utf-8-sig")), ""
    except UnicodeDecodeError:
        try:
            return json.loads(body.decode("gb18030")), ""
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            return None, _clip(f"invalid JSON: {exc}")
    except json.JSONDecodeError as exc:
        return None, _clip(f"invalid JSON: {exc}")


def parse_json_feed(body: bytes, *, url: str = "") -> Parsed:
    """A JSON Feed 1.0 / 1.1 (``version``, ``items[]`` with url, title, date_published)."""
    data, error = _json(body)
    if error:
        return Parsed(Health.PARSE_ERROR, error)
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(JSON_FEED_VERSION):
        return Parsed(Health.PARSE_ERROR, "not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        return Parsed(Health.PARSE_ERROR, "JSON Feed without an items list")
    posts: list[Post] = []
    for item in items:
        if not isinstance(item, dict):
            return Parsed(Health.PARSE_ERROR, "JSON Feed item is not an object")
        title = str(item.get("title") or item.get("summary") or item.get("content_text") or "")
        if not title and item.get("content_html"):
            title = visible_text(parse_html(str(item["content_html"])))
        link = str(item.get("url") or item.get("external_url") or "")
        published = read_time(item.get("date_published")) or read_time(item.get("date_modified"))
        own = urljoin(url, link) if link else ""
        where = post_base(own, url)
        external = _absolute(str(item.get("external_url") or ""), where)
        links = post_links(own, html_links(str(item.get("content_html") or ""), where),
                           text_links(str(item.get("content_text") or "")), [external] if external else [])
        posts.append(Post(short_title(title), own, published, links))
    if not posts:
        return Parsed(Health.EMPTY, "valid JSON Feed without items")
    return Parsed(Health.OK, _dated_detail(tuple(posts), "JSON Feed"), tuple(posts))


# --- Weibo mobile JSON -----------------------------------------------------------------------------------------


def _weibo_blogs(cards: list[Any]) -> Iterator[dict[str, Any]]:
    for card in cards:
        if not isinstance(card, dict):
            continue
        if isinstance(card.get("mblog"), dict):
            yield card["mblog"]
        group = card.get("card_group")
        if isinstance(group, list):
            yield from _weibo_blogs(group)


def _weibo_pinned(blog: Mapping[str, Any]) -> bool:
    """True for a pinned post: ``isTop`` set, or the mobile API's label ``"title": {"text": "置顶"}``."""
    label = blog.get("title")
    text = str(label.get("text") or "") if isinstance(label, Mapping) else ""
    return str(blog.get("isTop") or "0") not in ("0", "False", "false") or "置顶" in text


def parse_weibo(body: bytes, *, url: str = "", now: datetime) -> Parsed:
    """The Weibo mobile JSON of ``api/container/getIndex`` (``{"ok": 1, "data": {"cards": [{"mblog": …}]}}``).

    ok = -100 (or a login URL) is AUTH_EXPIRED; another ok != 1 carries no data (its message says why) and is
    never read as "no posts": Weibo answers 这里还没有内容 for a wrong container id as well.
    """
    data, error = _json(body)
    if error:
        return Parsed(Health.PARSE_ERROR, error)
    if not isinstance(data, dict):
        return Parsed(Health.PARSE_ERROR, "not a Weibo API answer (not an object)")
    ok = data.get("ok")
    message = str(data.get("msg") or data.get("message") or "")
    if ok != 1:
        text = f"{message} {data.get('url', '')}".lower()
        if ok == -100 or "login" in text or "登录" in text or "passport" in text:
            return Parsed(Health.AUTH_EXPIRED, _clip(f"weibo wants a login (ok={ok}) {message}".strip()))
        if "频繁" in text or "frequen" in text:
            return Parsed(Health.RATE_LIMITED, _clip(f"weibo says too frequent (ok={ok}) {message}".strip()))
        if any(m in text for m in CAPTCHA_MARKERS):
            return Parsed(Health.CAPTCHA, _clip(f"weibo asks for verification (ok={ok}) {message}".strip()))
        return Parsed(Health.PARSE_ERROR, _clip(f"weibo answered ok={ok} without data {message}".strip()))
    payload = data.get("data")
    cards = payload.get("cards") if isinstance(payload, dict) else None
    if not isinstance(cards, list):
        return Parsed(Health.PARSE_ERROR, "Weibo answer without data.cards")
    posts: list[Post] = []
    for blog in _weibo_blogs(cards):
        post_id = str(blog.get("id") or blog.get("mid") or "").strip()
        raw = _MORE_LINK_RE.sub("", str(blog.get("text") or blog.get("raw_text") or ""))
        text = visible_text(parse_html(raw)) if "<" in raw else raw
        link = WEIBO_STATUS_URL.format(id=post_id) if post_id else ""
        links = post_links(link, weibo_links(raw))
        if _weibo_pinned(blog) and not is_pinned_title(text):
            text = PINNED_MARK + text  # as Weibo shows it: the checks set pinned posts aside for the feed's reach
        posts.append(Post(short_title(text), link, parse_weibo_time(blog.get("created_at"), now), links))
    if not posts:
        return Parsed(Health.EMPTY, "valid Weibo answer without posts")
    return Parsed(Health.OK, _dated_detail(tuple(posts), "Weibo JSON"), tuple(posts))


# --- manual CSV ------------------------------------------------------------------------------------------------

MANUAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "title", "题目"),
    "url": ("链接", "url", "link", "地址"),
    "published": ("发布时间", "published", "date", "时间", "发布日期"),
    "links": ("文中链接", "正文链接", "links"),  # optional: URLs separated by whitespace or ;
}


def read_manual_csv(path: str | Path) -> Parsed:
    """Posts kept by hand: a CSV with 标题, 链接, 发布时间 and optionally 文中链接 (the links inside the post,
    separated by whitespace or ";"; relative ones resolve against the post's 链接) — UTF-8 or GB18030; English
    headers title, url, published, links also work. A missing file is UNREACHABLE, a bad header or time
    PARSE_ERROR naming the row; a 文中链接 entry that is not a URL is skipped with a warning."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Parsed(Health.UNREACHABLE, f"file not found: {path}")
    except OSError as exc:
        return Parsed(Health.UNREACHABLE, _clip(f"cannot read {path}: {exc}"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly any byte string
        return Parsed(Health.PARSE_ERROR, f"{path}: cannot decode (use UTF-8)")
    reader = csv.DictReader(io.StringIO(text))
    headers = {h.strip().lower(): h for h in (reader.fieldnames or []) if h}
    columns: dict[str, str] = {}
    for key, aliases in MANUAL_COLUMNS.items():
        for alias in aliases:
            if alias.lower() in headers:
                columns[key] = headers[alias.lower()]
                break
    if "published" not in columns or ("title" not in columns and "url" not in columns):
        return Parsed(Health.PARSE_ERROR, f"{path}: row 1: needs columns 标题 or 链接, and 发布时间")
    posts: list[Post] = []
    for row in reader:
        values = {key: (row.get(header) or "").strip() for key, header in columns.items()}
        if not any(values.values()):
            continue
        published = read_time(values["published"]) if values["published"] else None
        if values["published"] and published is None:
            return Parsed(Health.PARSE_ERROR,
                          _clip(f"{path}: row {reader.line_num}: 发布时间 {values['published']!r} is not a date"))
        own = values.get("url", "")
        links = post_links(own, _cell_links(values.get("links", ""), own, f"{path}: row {reader.line_num}"))
        posts.append(Post(short_title(values.get("title", "")), own, published, links))
    if not posts:
        return Parsed(Health.EMPTY, "manual list without posts")
    return Parsed(Health.OK, _dated_detail(tuple(posts), "manual list"), tuple(posts))


def _cell_links(cell: str, post_url: str, where: str) -> list[str]:
    """The URLs of a 文中链接 cell: absolute http(s), a path relative to the post's URL, or ``www.…`` (taken as
    http://). Anything else is skipped with a warning naming `where`."""
    out: list[str] = []
    for token in _LINK_CELL_SPLIT_RE.split(cell.strip()):
        if not token:
            continue
        if token.lower().startswith("www."):
            token = "http://" + token
        base = post_url if token.startswith(("/", "./", "../")) else ""
        link = _absolute(token, base) if token.lower().startswith(("http://", "https://")) or base else None
        if link:
            out.append(link)
        else:
            logger.warning("%s: 文中链接 %r is not an http(s) address; skipped", where, token)
    return out
