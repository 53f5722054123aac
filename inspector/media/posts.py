"""Posts, source health and publication times (pure helpers shared by the source adapters).

Every time a source gives is turned into a timezone-aware datetime in China Standard Time (UTC+8). A time that
carries no zone (a hand-kept CSV, a JSON feed written by a local CMS) is taken as Beijing time, which is what
Chinese government accounts mean by it.
"""

from __future__ import annotations

import email.utils
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum

logger = logging.getLogger(__name__)

CST = timezone(timedelta(hours=8), "CST")
TITLE_LIMIT = 120  # characters kept of a title made from a post's text


class Health(StrEnum):
    """What reading a source came to. Kept apart from the account's activity: only OK and EMPTY say anything
    about the account; every other state means "no data from the source" (the checks: 无法判定), never "no posts".
    """

    OK = "ok"  # a valid answer with posts
    EMPTY = "empty"  # a valid answer (well-formed feed / JSON) without any post
    HTTP_ERROR = "http_error"  # 4xx / 5xx that is neither a captcha nor an expired login
    CAPTCHA = "captcha"  # a WAF, captcha or verification page instead of the data
    AUTH_EXPIRED = "auth_expired"  # the bridge or platform wants a (new) cookie or login
    RATE_LIMITED = "rate_limited"  # still 429 / 503 + Retry-After after the retries
    PARSE_ERROR = "parse_error"  # an answer that is not the expected format (malformed XML, HTML, bad JSON, bad CSV)
    UNREACHABLE = "unreachable"  # DNS failure, refused, timeout, blocked by the network fence, manual file missing
    UNSUPPORTED = "unsupported"  # no source (or a {bridge} source without a bridge): not readable automatically

    @property
    def label(self) -> str:
        return HEALTH_LABELS[self]

    @property
    def healthy(self) -> bool:
        """True when the answer says something about the account (OK or EMPTY)."""
        return self in (Health.OK, Health.EMPTY)


HEALTH_LABELS = {
    Health.OK: "正常",
    Health.EMPTY: "正常（无内容）",
    Health.HTTP_ERROR: "数据源返回错误",
    Health.CAPTCHA: "验证码或防火墙拦截",
    Health.AUTH_EXPIRED: "登录失效（Cookie过期）",
    Health.RATE_LIMITED: "限流",
    Health.PARSE_ERROR: "数据无法解析",
    Health.UNREACHABLE: "数据源无法访问",
    Health.UNSUPPORTED: "无自动数据源",
}


@dataclass(frozen=True, slots=True)
class Post:
    """One post of an account as a source showed it."""

    title: str
    url: str
    published: datetime | None  # timezone-aware (CST), None when the source gave no readable time
    links: tuple[str, ...] = ()  # absolute http(s) links inside the post's content (not its own URL), in order


#: A title the platform or bridge marked as pinned: "【置顶】…", "[置顶]…", "（置顶）…", "置顶｜…" (NFKC first).
PINNED_TITLE_RE = re.compile(r"^\s*(?:[\[【〖(〔<《]\s*置顶\s*[\]】〗)〕>》]|置顶\s*[|丨:\-—/])")
PINNED_MARK = "【置顶】"


def is_pinned_title(title: str) -> bool:
    """True when a post's title starts with a 置顶 mark (the post is pinned: its place in the feed says nothing of
    its age)."""
    return bool(PINNED_TITLE_RE.match(unicodedata.normalize("NFKC", title or "")))


def latest(posts: tuple[Post, ...] | list[Post]) -> datetime | None:
    """The newest publication time among `posts` (pinned posts break source order, so never take the first)."""
    return max((p.published for p in posts if p.published is not None), default=None)


def short_title(text: str, limit: int = TITLE_LIMIT) -> str:
    """Whitespace-collapsed text cut to `limit` characters (with "…" when cut)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def aware(value: datetime, default_tz: timezone = CST) -> datetime:
    """`value` in CST; a naive value is taken to be in `default_tz`."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_tz)
    return value.astimezone(CST)


#: Publication times before this are placeholders of a bridge or CMS that had no time (Unix epoch 0, 1970-01-01;
#: Excel's 1899-12-30; Go's zero time 0001-01-01, which the email module reads as 2001), never a real post of a
#: 政务新媒体 account (government Weibo accounts began in 2009, WeChat official accounts in 2012): unreadable.
EARLIEST_PLAUSIBLE = datetime(2005, 1, 1, tzinfo=CST)


def plausible(value: datetime | None) -> datetime | None:
    """`value`, or None when it is a placeholder time (before EARLIEST_PLAUSIBLE)."""
    if value is None:
        return None
    if aware(value) < EARLIEST_PLAUSIBLE:
        logger.debug("publication time %s taken as a placeholder (no time)", value.isoformat())
        return None
    return value


_WEIBO_FORMAT = "%a %b %d %H:%M:%S %z %Y"  # Thu Nov 26 10:30:00 +0800 2026
#: "CST" in a Chinese source is China Standard Time (the email module would read US Central, 14 hours off): Java's
#: Date.toString() ("Thu Nov 26 10:30:00 CST 2026") and RFC 822 times written by Chinese CMSs.
_CST_WORD_RE = re.compile(r"(?<![A-Za-z])(?:CST|Beijing|BJT)(?![A-Za-z])(?!\s*[+-]\d)")
#: An RFC 822 zone of "-0000" (UTC, local zone unknown): the email module returns it naive, which would read as
#: Beijing time, 8 hours off.
_MINUS_ZERO_RE = re.compile(r"\s-0000\s*$")
#: A trailing UTC / GMT word, alone or with an offset ("2026-11-25 10:00:00 UTC", "… GMT+0800", "… UTC+8").
_ZONE_WORD_RE = re.compile(r"\s*(?:UTC|GMT)\s*(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$", re.I)
_CN_DATETIME_RE = re.compile(
    r"^(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT]*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})\s*分?(?:\s*[:：]?\s*(?P<S>\d{1,2})(?:\.\d+)?\s*秒?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")


def parse_time(text: str | None) -> datetime | None:
    """Read a publication time: RFC 822 (RSS), RFC 3339 / ISO 8601 (Atom, JSON Feed), the Weibo API form
    ("Thu Nov 26 10:30:00 +0800 2026"), Chinese forms ("2026-11-26 10:30", "2026/11/26", "2026年11月26日 10时30分"),
    or Unix epoch seconds / milliseconds. Naive times are Beijing time, and so is the zone "CST"; "-0000" is UTC.
    None when unreadable, impossible or a placeholder (before 2005, see `plausible`)."""
    try:
        return plausible(_parse_time(text))
    except (OverflowError, OSError):  # a sentinel at the edge of the calendar (0001-01-01+09:00, 9999-12-31-05:00)
        return None


def _parse_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", str(text)).strip()
    if not text:
        return None
    text = _CST_WORD_RE.sub("+0800", text)
    if not _EPOCH_RE.match(text) and (m := _ZONE_WORD_RE.search(text)) and m.start() > 0:
        sign, hours, minutes = m.groups()
        zone = f"{sign}{int(hours):02d}{int(minutes or 0):02d}" if sign else "+0000"
        if not re.search(r"[A-Za-z]{3},?\s", text):  # not RFC 822 (the email module reads "GMT" itself)
            text = f"{text[: m.start()]} {zone}"
    if _EPOCH_RE.match(text):
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=CST)
    try:
        return aware(datetime.strptime(text, _WEIBO_FORMAT))
    except ValueError:
        pass
    m = _CN_DATETIME_RE.match(text)
    if m:
        try:
            value = datetime(
                int(m["y"]), int(m["m"]), int(m["d"]), int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0)
            )
        except ValueError:
            return None
        if m["tz"]:
            tz = m["tz"]
            if tz == "Z":
                return aware(value.replace(tzinfo=timezone.utc))
            sign = 1 if tz[0] == "+" else -1
            digits = tz[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
            return aware(value.replace(tzinfo=timezone(sign * offset)))
        return aware(value)
    try:
        return aware(datetime.fromisoformat(text.replace("Z", "+00:00") if text.endswith("Z") else text))
    except ValueError:
        pass
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if value is None:  # pragma: no cover - older Pythons returned None
        return None
    if value.tzinfo is None and _MINUS_ZERO_RE.search(text):
        return aware(value, timezone.utc)
    return aware(value)


_RELATIVE_RE = (
    (re.compile(r"^刚刚$"), lambda m, now: now),
    (re.compile(r"^(\d+)\s*秒(?:钟)?前$"), lambda m, now: now - timedelta(seconds=int(m[1]))),
    (re.compile(r"^(\d+)\s*分钟前$"), lambda m, now: now - timedelta(minutes=int(m[1]))),
    (re.compile(r"^(\d+)\s*小时前$"), lambda m, now: now - timedelta(hours=int(m[1]))),
    (re.compile(r"^(\d+)\s*天前$"), lambda m, now: now - timedelta(days=int(m[1]))),
)
_DAY_WORD_RE = re.compile(r"^(今天|昨天|前天)\s*(\d{1,2}):(\d{2})$")
_MONTH_DAY_RE = re.compile(r"^(\d{1,2})(?:-|月)(\d{1,2})日?(?:\s*(\d{1,2}):(\d{2}))?$")


def parse_weibo_time(text: str | None, now: datetime) -> datetime | None:
    """A Weibo ``created_at``: the full API form, or the mobile site's relative forms ("刚刚", "5分钟前",
    "3小时前", "2天前", "昨天 08:15", "11-26", "11月26日 08:15", "2025-11-26"), relative to `now` (made CST). None
    when unreadable."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", str(text)).strip()
    if not text:
        return None
    now = aware(now)
    for pattern, make in _RELATIVE_RE:
        m = pattern.match(text)
        if m:
            try:
                return plausible(make(m, now))
            except OverflowError:  # "99999999天前"
                return None
    m = _DAY_WORD_RE.match(text)
    if m:
        back = {"今天": 0, "昨天": 1, "前天": 2}[m[1]]
        day = (now - timedelta(days=back)).date()
        try:
            return datetime(day.year, day.month, day.day, int(m[2]), int(m[3]), tzinfo=CST)
        except ValueError:
            return None
    m = _MONTH_DAY_RE.match(text)
    if m:  # this year's month-day; a date more than a day after `now` belongs to last year (within a day it is
        # the platform's clock running ahead of ours: reading it as a year old would invent a stale account)
        try:
            value = datetime(now.year, int(m[1]), int(m[2]), int(m[3] or 0), int(m[4] or 0), tzinfo=CST)
        except ValueError:
            return None
        if value > now + timedelta(days=1):
            try:
                value = value.replace(year=now.year - 1)
            except ValueError:  # 02-29
                return None
        return value
    return parse_time(text)
