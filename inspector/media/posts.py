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


_WEIBO_FORMAT = "%a %b %d %H:%M:%S %z %Y"  # Thu Nov 26 10:30:00 +0800 2026
_CN_DATETIME_RE = re.compile(
    r"^(?P<y>\d{4})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})\s*日?"
    r"(?:[\sT]*(?P<H>\d{1,2})\s*[:：时]\s*(?P<M>\d{1,2})\s*分?(?:\s*[:：]?\s*(?P<S>\d{1,2})(?:\.\d+)?\s*秒?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}:?\d{2})?$"
)
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?$")


def parse_time(text: str | None) -> datetime | None:
    """Read a publication time: RFC 822 (RSS), RFC 3339 / ISO 8601 (Atom, JSON Feed), the Weibo API form
    ("Thu Nov 26 10:30:00 +0800 2026"), Chinese forms ("2026-11-26 10:30", "2026/11/26", "2026年11月26日 10时30分"),
    or Unix epoch seconds / milliseconds. Naive times are Beijing time. None when unreadable or impossible."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", str(text)).strip()
    if not text:
        return None
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
    return aware(value)


_RELATIVE_RE = (
    (re.compile(r"^刚刚$"), lambda m, now: now),
    (re.compile(r"^(\d+)\s*秒(?:钟)?前$"), lambda m, now: now - timedelta(seconds=int(m[1]))),
    (re.compile(r"^(\d+)\s*分钟前$"), lambda m, now: now - timedelta(minutes=int(m[1]))),
    (re.compile(r"^(\d+)\s*小时前$"), lambda m, now: now - timedelta(hours=int(m[1]))),
)
_DAY_WORD_RE = re.compile(r"^(今天|昨天|前天)\s*(\d{1,2}):(\d{2})$")
_MONTH_DAY_RE = re.compile(r"^(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$")


def parse_weibo_time(text: str | None, now: datetime) -> datetime | None:
    """A Weibo ``created_at``: the full API form, or the mobile site's relative forms ("刚刚", "5分钟前",
    "3小时前", "昨天 08:15", "11-26", "2025-11-26"), relative to `now` (made CST). None when unreadable."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKC", str(text)).strip()
    if not text:
        return None
    now = aware(now)
    for pattern, make in _RELATIVE_RE:
        m = pattern.match(text)
        if m:
            return make(m, now)
    m = _DAY_WORD_RE.match(text)
    if m:
        back = {"今天": 0, "昨天": 1, "前天": 2}[m[1]]
        day = (now - timedelta(days=back)).date()
        try:
            return datetime(day.year, day.month, day.day, int(m[2]), int(m[3]), tzinfo=CST)
        except ValueError:
            return None
    m = _MONTH_DAY_RE.match(text)
    if m:  # this year's month-day; a date after `now` belongs to last year
        try:
            value = datetime(now.year, int(m[1]), int(m[2]), int(m[3] or 0), int(m[4] or 0), tzinfo=CST)
        except ValueError:
            return None
        if value > now:
            try:
                value = value.replace(year=now.year - 1)
            except ValueError:  # 02-29
                return None
        return value
    return parse_time(text)
