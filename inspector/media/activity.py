"""Account activity and account-level judgements for 政务新媒体 (pure functions; the checks call them).

- `activity` turns one `SourceResult` into an `Activity`: the latest post, days since it, posts in the quarter,
  the longest gap between posts, undated and future-dated posts, and whether a figure is only a lower bound
  because the feed does not reach back to the quarter start (bridges return only the newest ~10–20 items).
  An unhealthy source gives an Activity with `judgeable == False` and no figures — never "no posts".
- `name_matches_owner`: does the account name carry its 主办单位's place (and unit)?
- `duplicates`: more than one account of one unit on one platform (国办发〔2018〕123号: one per platform).
- `compare_with_portal` / `listed_on_portal` / `unregistered_entries`: the registry against the accounts on the
  portal's 政务新媒体 matrix page (names, and platforms where the page says them).

There is no clock here: the reference date `as_of` is an argument, and every post time is reduced to its calendar
date in Beijing time (CST). Day counts are calendar days.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from inspector.media.accounts import Account, Platform
from inspector.media.posts import CST, Health
from inspector.media.sources import SourceResult

logger = logging.getLogger(__name__)

#: A post dated up to this many days after `as_of` is taken as posted on `as_of` (clock or time-zone skew of
#: the platform or bridge); a later one is ignored and counted in `Activity.future`.
FUTURE_TOLERANCE_DAYS = 1


@dataclass(frozen=True, slots=True)
class Activity:
    """What one account's source shows about its activity, as of a reference date.

    Only meaningful when `judgeable` (the source health is OK or EMPTY); otherwise every figure is None and the
    checks must say 无法判定 with `reason`.

    Figures (calendar days, Beijing time; the window is `quarter_start` .. `window_end` = min(as_of, quarter_end)):

    - `latest` / `days_since_latest`: the newest dated post and the days from its date to `as_of` (0 = today).
      Exact even for a truncated feed (feeds carry the newest items), but `undated` posts could be newer.
    - `posts_in_quarter`: dated posts in the window. `posts_lower_bound` when the feed's oldest dated post is
      after `quarter_start` (older posts may have been cut) or some posts have no date (they may be in it).
    - `longest_gap_days` (`longest_gap_from` .. `longest_gap_to`): the longest run of days without a post inside
      the window: between consecutive posts (a gap that began before the quarter counts from `quarter_start`) and
      from the last post to `window_end` (`trailing_gap_days`). With no post at all (an empty feed) it is the whole
      window. `gap_lower_bound` when the feed does not reach `quarter_start`: the gap before its oldest item is
      unknown. None when no dated post tells anything about the window (all undated, or all after it).
    """

    health: Health
    detail: str  # the source's detail ("rss20 feed, 12 posts", "http 403" ...)
    as_of: date
    quarter_start: date
    quarter_end: date
    latest: datetime | None = None
    days_since_latest: int | None = None
    posts_in_quarter: int | None = None
    longest_gap_days: int | None = None
    longest_gap_from: date | None = None
    longest_gap_to: date | None = None
    trailing_gap_days: int | None = None
    oldest: datetime | None = None  # the oldest dated post the feed showed (after dropping future ones)
    dated: int = 0  # dated posts used (future ones and exact repeats excluded)
    undated: int = 0  # posts without a readable time
    future: int = 0  # posts dated after as_of + FUTURE_TOLERANCE_DAYS, ignored
    posts_lower_bound: bool = False
    gap_lower_bound: bool = False

    @property
    def judgeable(self) -> bool:
        """True when the source said something about the account (health OK or EMPTY)."""
        return self.health.healthy

    @property
    def window_end(self) -> date:
        return min(self.as_of, self.quarter_end)

    @property
    def lower_bound(self) -> bool:
        """True when any figure is only a lower bound."""
        return self.posts_lower_bound or self.gap_lower_bound

    @property
    def reason(self) -> str:
        """Why the account cannot be judged ("" when it can), for 无法判定 messages."""
        if self.judgeable:
            return ""
        from inspector.media.labels import detail_label

        detail = detail_label(self.detail)
        return f"{self.health.label}（{detail}）" if detail else self.health.label

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (evidence, `inspector account --json`)."""

        def day(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "health": self.health.value,
            "judgeable": self.judgeable,
            "reason": self.reason,
            "as_of": self.as_of.isoformat(),
            "quarter_start": self.quarter_start.isoformat(),
            "quarter_end": self.quarter_end.isoformat(),
            "latest": self.latest.isoformat(timespec="seconds") if self.latest else None,
            "days_since_latest": self.days_since_latest,
            "posts_in_quarter": self.posts_in_quarter,
            "longest_gap_days": self.longest_gap_days,
            "longest_gap_from": day(self.longest_gap_from),
            "longest_gap_to": day(self.longest_gap_to),
            "trailing_gap_days": self.trailing_gap_days,
            "oldest": self.oldest.isoformat(timespec="seconds") if self.oldest else None,
            "dated": self.dated,
            "undated": self.undated,
            "future": self.future,
            "posts_lower_bound": self.posts_lower_bound,
            "gap_lower_bound": self.gap_lower_bound,
        }


def cst_date(value: datetime) -> date:
    """The calendar date of `value` in Beijing time (a naive value is taken as Beijing time)."""
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(CST).date()


def activity(result: SourceResult, *, as_of: date, quarter_start: date, quarter_end: date) -> Activity:
    """The activity an account's source shows as of `as_of` for the quarter `quarter_start` .. `quarter_end`
    (both inclusive). See `Activity` for every figure. Raises ValueError for an inverted quarter or an `as_of`
    before the quarter starts."""
    if quarter_start > quarter_end:
        raise ValueError(f"quarter_start {quarter_start} is after quarter_end {quarter_end}")
    if as_of < quarter_start:
        raise ValueError(f"as_of {as_of} is before quarter_start {quarter_start}")
    base = {"health": result.health, "detail": result.detail, "as_of": as_of, "quarter_start": quarter_start,
            "quarter_end": quarter_end}
    if not result.healthy:
        return Activity(**base)

    horizon = as_of + timedelta(days=FUTURE_TOLERANCE_DAYS)
    undated = future = 0
    kept: list[tuple[date, datetime]] = []  # (effective date, time)
    for post in dict.fromkeys(result.posts):  # exact repeats (a pinned post listed twice) count once
        if post.published is None:
            undated += 1
            continue
        day = cst_date(post.published)
        if day > horizon:
            future += 1
            continue
        kept.append((min(day, as_of), post.published))
    if future:
        logger.info("source %s: %d post(s) dated after %s ignored", result.source, future, horizon)
    kept.sort(key=lambda item: item[0])
    days = [d for d, _ in kept]
    window_end = min(as_of, quarter_end)

    latest = max((t for _, t in kept), default=None)
    oldest = min((t for _, t in kept), default=None)
    days_since = max(0, (as_of - min(cst_date(latest), as_of)).days) if latest is not None else None
    truncated = bool(days) and days[0] > quarter_start
    in_quarter = sum(1 for d in days if quarter_start <= d <= window_end)

    gaps: list[tuple[date, date]] = []
    trailing: int | None = None
    upto = [d for d in days if d <= window_end]
    if upto:
        previous: date | None = None
        for d in upto:
            if d >= quarter_start and previous is not None:
                gaps.append((max(previous, quarter_start), d))
            previous = d
        assert previous is not None
        tail = (max(previous, quarter_start), window_end)
        gaps.append(tail)
        trailing = (tail[1] - tail[0]).days
    elif not days and not undated:  # a valid feed without any post: silent for the whole window
        gaps.append((quarter_start, window_end))
        trailing = (window_end - quarter_start).days
    longest = max(gaps, key=lambda g: (g[1] - g[0]).days, default=None)  # first of equal gaps wins

    return Activity(
        **base,
        latest=latest,
        days_since_latest=days_since,
        posts_in_quarter=in_quarter,
        longest_gap_days=(longest[1] - longest[0]).days if longest else None,
        longest_gap_from=longest[0] if longest else None,
        longest_gap_to=longest[1] if longest else None,
        trailing_gap_days=trailing,
        oldest=oldest,
        dated=len(kept),
        undated=undated,
        future=future,
        posts_lower_bound=truncated or undated > 0,
        gap_lower_bound=truncated,
    )


# ---------------------------------------------------------------------------------------------------------------
# Names


_PUNCT_RE = re.compile(r"[\s\W_]+")  # NFKC first: full-width punctuation becomes ASCII or stays \W
_BRACKETS_RE = re.compile(r"[(\[【〔「『《][^)\]】〕」』》]*[)\]】〕」』》]")

#: Generic endings stripped from account names and owners before matching (longest first).
NAME_SUFFIXES = (
    "人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "人民政府", "办公室", "办公厅", "办事处",
    "管理委员会", "管委会", "官方微博", "政务微博", "微信公众号", "公众号", "服务号", "订阅号", "头条号", "抖音号",
    "客户端", "微博", "微信", "发布", "政务", "官方", "官微", "在线",
)  # fmt: skip

#: Units whose accounts carry only the place ("黄冈发布" for the 黄冈市人民政府办公室 or its 新闻办).
GENERIC_UNITS = frozenset({
    "", "人民政府", "政府", "新闻", "新闻办公室", "新闻办", "新闻中心", "融媒体中心", "新闻传媒中心", "广播电视台",
})  # fmt: skip

_PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "街道", "省", "市", "县", "区", "州",
                   "盟", "旗", "镇", "乡")  # fmt: skip
# Two characters before the suffix first (黄州区 is 黄州 + 区, not 黄 + 州), then one (沙县).
_PLACE_RES = tuple(re.compile(r"^(" + chars + r")(" + "|".join(_PLACE_SUFFIXES) + ")") for chars in (".{2,8}?", "."))
_OWNER_PREFIXES = ("国家税务总局",)  # vertical agencies named before the place
_NOT_IN_PLACE = set("局委部厅办会所站院处和与及")
_NOT_PLACE_START = ("城市", "城乡", "城镇", "住房", "市场", "市政", "社区", "区域", "县域", "乡村", "乡镇")
_ETHNIC_RE = re.compile(r"^(.{2,}?)(?:[^族]{1,3}族)+$")
_UNIT_ENDINGS = ("委员会", "管理局", "局", "委", "办", "厅", "中心")

#: Common short forms of unit names (keys: the unit core without "和").
UNIT_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "卫生健康": ("卫健", "健康"),
    "市场监督": ("市场监管", "市监"),
    "人力资源社会保障": ("人社",),
    "住房城乡建设": ("住建",),
    "自然资源规划": ("自然资源", "自规"),
    "发展改革": ("发改",),
    "文化旅游": ("文旅",),
    "文化旅游体育": ("文旅",),
    "生态环境": ("环境", "环保"),
    "公安": ("平安", "警"),
    "应急管理": ("应急",),
    "退役军人事务": ("退役军人",),
    "政务服务大数据管理": ("政务服务", "政数"),
    "农业农村": ("农业", "三农"),
    "交通运输": ("交通",),
}


def normalize_name(text: str) -> str:
    """NFKC, without spaces or punctuation: "黄冈 发布" and "黄冈发布" compare equal."""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text or ""))


def strip_suffixes(name: str) -> str:
    """A normalised name without its generic endings (人民政府, 办公室, 发布, 微博, 公众号, 政务 ...), repeatedly."""
    changed = True
    while changed and name:
        changed = False
        for suffix in NAME_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                name = name[: -len(suffix)]
                changed = True
                break
    return name


def _place_core(token: str, suffix: str) -> str:
    core = token
    if suffix.startswith("自治"):
        m = _ETHNIC_RE.match(core)
        if m:
            core = m[1]
    return core if len(core) >= 2 else token + suffix  # 沙县 stays 沙县


def owner_core(owner: str) -> tuple[str, str]:
    """The place core and unit core of a 主办单位: "黄冈市人民政府办公室" → ("黄冈", ""), "红安县教育局" →
    ("红安", "教育"), "黄冈市红安县教育局" → ("红安", "教育"). The place is the most specific one named."""
    text = unicodedata.normalize("NFKC", owner or "")
    text = normalize_name(_BRACKETS_RE.sub("", text))
    text = strip_suffixes(text)
    for prefix in _OWNER_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
    place = ""
    rest = text
    while rest and not rest.startswith(_NOT_PLACE_START):
        m = next((m for r in _PLACE_RES if (m := r.match(rest)) and not _NOT_IN_PLACE & set(m[1])), None)
        if m is None:
            break
        place = _place_core(m[1], m[2])
        rest = rest[m.end():]
    unit = rest
    for generic in ("人民政府", "政府"):
        if unit.startswith(generic):
            unit = unit[len(generic):]
    unit = strip_suffixes(unit) if unit not in GENERIC_UNITS else ""
    if unit in GENERIC_UNITS:
        return place, ""
    for ending in _UNIT_ENDINGS:
        if unit.endswith(ending) and len(unit) > len(ending):
            unit = unit[: -len(ending)]
            break
    return place, unit


def _unit_forms(unit: str) -> set[str]:
    plain = unit.replace("和", "")
    forms = {unit, plain, *UNIT_ABBREVIATIONS.get(plain, ())}
    if len(plain) > 2:
        forms.add(plain[:2])
    return {f for f in forms if f}


def name_matches_owner(account_name: str, owner: str) -> bool:
    """True when the account name carries its owner's place and unit core ("黄冈发布" for 黄冈市人民政府办公室,
    "红安教育" for 红安县教育局); False when it does not ("某某美食" for 红安县人民政府).

    Names are compared after NFKC and without spaces or punctuation. Common short forms of units are accepted
    (卫健, 市场监管, 人社, 平安 for 公安 ...). An owner with nothing to compare (empty, or only generic words) gives
    True: no evidence of a mismatch. Names of an entirely different style ("健康红安" matches, but a slogan
    without the place does not) are left to the analyst.
    """
    place, unit = owner_core(owner)
    if not place and not unit:
        return True
    name = normalize_name(account_name)
    if place and place not in name:
        return False
    if unit and not any(form in name for form in _unit_forms(unit)):
        return False
    return True


# ---------------------------------------------------------------------------------------------------------------
# Registry-level checks


def duplicates(accounts: Sequence[Account]) -> list[tuple[Account, ...]]:
    """Groups (more than one) of accounts of one owner on one platform, in registry order.

    Owners are compared normalised (NFKC, no spaces or punctuation); an account without 主办单位 is grouped by
    its normalised name instead (the same account listed twice)."""
    groups: dict[tuple[str, str, Platform], list[Account]] = {}
    for account in accounts:
        owner = normalize_name(account.owner)
        key = ("owner", owner, account.platform) if owner else ("name", normalize_name(account.name),
                                                                 account.platform)
        groups.setdefault(key, []).append(account)
    return [tuple(group) for group in groups.values() if len(group) > 1]


#: Platform words a portal caption may put before or after an account name (or in brackets), and the platform each
#: names. 视频号 is a WeChat channel but a platform of its own in the registry (其他).
PLATFORM_WORDS: dict[str, Platform] = {
    **dict.fromkeys(("微信公众号", "微信公众平台", "公众号", "微信", "服务号", "订阅号"), Platform.WECHAT),
    **dict.fromkeys(("官方微博", "新浪微博", "政务微博", "微博"), Platform.WEIBO),
    **dict.fromkeys(("抖音号", "抖音", "政务抖音"), Platform.DOUYIN),
    **dict.fromkeys(("今日头条", "头条号"), Platform.TOUTIAO),
    **dict.fromkeys(("客户端", "移动客户端", "app", "APP", "App"), Platform.APP),
    **dict.fromkeys(("视频号",), Platform.OTHER),
}  # fmt: skip
_PLATFORM_WORDS = tuple(sorted(PLATFORM_WORDS, key=len, reverse=True))


def _strip_platform_words(text: str) -> tuple[str, list[str]]:
    """A normalised name without the platform words before or after it, and the words removed (outermost first)."""
    removed: list[str] = []
    changed = True
    while changed:
        changed = False
        for word in _PLATFORM_WORDS:
            if text.startswith(word) and len(text) > len(word):
                text, changed = text[len(word):], True
            elif text.endswith(word) and len(text) > len(word):
                text, changed = text[: -len(word)], True
            else:
                continue
            removed.append(word)
    return text, removed


def portal_key(name: str) -> str:
    """A name for portal comparison: normalised, without a platform word before or after it
    ("微信公众号：黄冈发布", "黄冈发布（微博）" and "黄冈 发布" all become "黄冈发布")."""
    text = normalize_name(_BRACKETS_RE.sub("", unicodedata.normalize("NFKC", name or "")))
    return _strip_platform_words(text)[0]


def portal_platform(name: str) -> Platform | None:
    """The platform a portal caption names with a platform word before or after the account name, or in brackets
    ("微信公众号：黄冈发布" → wechat, "黄冈发布（微博）" → weibo); None when it names none, or more than one."""
    text = unicodedata.normalize("NFKC", name or "")
    found: set[Platform] = set()
    for m in _BRACKETS_RE.finditer(text):
        inner = normalize_name(m.group())
        if inner in PLATFORM_WORDS:
            found.add(PLATFORM_WORDS[inner])
    _, words = _strip_platform_words(normalize_name(_BRACKETS_RE.sub("", text)))
    found.update(PLATFORM_WORDS[w] for w in words)
    return found.pop() if len(found) == 1 else None


def _entry(entry: Any) -> tuple[str, Platform | None]:
    """(portal_key, platform) of a portal entry: a caption string, or an object with `name` and `platform`
    (inspector.media.artifacts.PortalEntry). The platform is the entry's own, else the one its caption names."""
    if isinstance(entry, str):
        name, platform = entry, None
    else:
        name, platform = str(getattr(entry, "name", "") or ""), getattr(entry, "platform", None)
    return portal_key(name), platform or portal_platform(name)


def portal_matches(account: Account, entry: Any) -> bool:
    """True when a portal entry (caption string or PortalEntry) names `account`: equal `portal_key`s, and the same
    platform when the entry says which one (a caption without a platform matches an account on any platform)."""
    key, platform = _entry(entry)
    return bool(key) and key == portal_key(account.name) and (platform is None or platform is account.platform)


def listed_on_portal(account: Account, entries: Sequence[Any]) -> list[Any]:
    """The portal entries that name `account` (see portal_matches), in page order."""
    return [e for e in entries if portal_matches(account, e)]


def unregistered_entries(registry: Sequence[Account], entries: Sequence[Any]) -> list[Any]:
    """Portal entries (strings or PortalEntry) that name no account of the registry, each (name, platform) once, in
    page order; entries with an empty name are skipped."""
    extra: list[Any] = []
    seen: set[tuple[str, Platform | None]] = set()
    for entry in entries:
        key, platform = _entry(entry)
        if not key or (key, platform) in seen:
            continue
        if any(portal_matches(account, entry) for account in registry):
            continue
        seen.add((key, platform))
        extra.append(entry)
    return extra


def compare_with_portal(
    registry: Sequence[Account], portal_names: Sequence[Any]
) -> tuple[list[Account], list[str]]:
    """(accounts of the registry missing on the portal page, portal names missing from the registry).

    `portal_names` are captions (strings) or PortalEntry objects. Names match when equal after `portal_key` (NFKC,
    spaces, punctuation, platform words and bracketed notes ignored); when an entry says its platform (PortalEntry.
    platform, else a platform word in its caption such as "黄冈发布（微博）"), the platform must match too. Portal
    names are returned as written (stripped), each (name, platform) once, in page order; empty ones are skipped."""
    missing = [a for a in registry if not listed_on_portal(a, portal_names)]
    extra = [(e if isinstance(e, str) else str(getattr(e, "name", "") or "")).strip()
             for e in unregistered_entries(registry, portal_names)]
    return missing, extra
