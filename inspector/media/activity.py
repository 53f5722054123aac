"""Account activity and account-level judgements for 政务新媒体 (pure functions; the checks call them).

- `activity` turns one `SourceResult` into an `Activity`: the latest post, days since it, posts in the quarter,
  the longest gap between posts, undated and future-dated posts, and whether a figure is only a lower bound
  because the feed does not reach back to the quarter start (bridges return only the newest ~10–20 items).
  Pinned posts (`pinned_posts`) are set aside for the feed's reach here, so every consumer (the checks, the
  bulletin, `inspector account`) sees the same figures. An unhealthy source gives an Activity with
  `judgeable == False` and no figures — never "no posts".
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
from urllib.parse import urlsplit

from inspector.media.accounts import Account, Platform
from inspector.media.posts import CST, PINNED_TITLE_RE, Health, Post, is_pinned_title
from inspector.media.sources import SourceResult

logger = logging.getLogger(__name__)

#: A post dated up to this many days after `as_of` is taken as posted on `as_of` (clock or time-zone skew of
#: the platform or bridge); a later one is ignored and counted in `Activity.future`. When the source was read after
#: `as_of` (a quarter-end reference date, inspected days later), a post dated within this many days after `as_of`
#: may be a skewed post of `as_of` or a real later one (counted in `future`: unknown), and a post dated after that
#: but not after the reading is a real post made after the reference date (counted in `Activity.later`: ignored).
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
      unknown. None when no dated post tells anything about the window (all undated, all after it, all pinned).

    Pinned posts (`pinned`, see `pinned_posts`): platforms list up to 3 pinned posts first whatever their age, and
    some bridges list them last. They are real posts (they count for `latest` and `posts_in_quarter`) but say
    nothing of how far back the feed reaches: `oldest` is the oldest dated post that is not pinned, and the
    stretch before it is unknown (pinned posts older than it are left out of the gaps). When every dated post is
    pinned, the feed showed nothing of the account's timeline: `latest_uncertain` (a newer post may exist).

    A source read after `as_of` (the quarter's bulletin prepared days after its reference date) shows posts made
    since: they are `later` (not counted, and no doubt on the figures), except those dated within
    FUTURE_TOLERANCE_DAYS of `as_of`, which may be skewed posts of `as_of` (`future`: unknown).
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
    oldest: datetime | None = None  # the feed's reach: its oldest dated post that is not pinned (future ones dropped)
    dated: int = 0  # dated posts used (future ones and exact repeats excluded)
    undated: int = 0  # posts without a readable time
    future: int = 0  # posts whose date lies after as_of and cannot be placed (clock skew, or a day of doubt), ignored
    later: int = 0  # posts made after as_of, seen because the source was read after it: known, not counted
    posts_lower_bound: bool = False
    gap_lower_bound: bool = False
    pinned: int = 0  # posts taken as pinned (see pinned_posts): not used for the feed's reach
    latest_uncertain: bool = False  # every dated post is pinned: a newer post may exist (days_since is an upper bound)
    read_on: date | None = None  # the day (CST) the source was read; before `as_of`, later posts are unseen

    @property
    def unseen_days(self) -> int:
        """Days after the source was read up to `as_of` (a reference date set ahead of the reading): posts made
        then could not be seen, so silence up to `as_of` is not established. 0 when read on or after `as_of`."""
        if self.read_on is None:
            return 0
        return max(0, (self.as_of - self.read_on).days)

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
            "later": self.later,
            "posts_lower_bound": self.posts_lower_bound,
            "gap_lower_bound": self.gap_lower_bound,
            "pinned": self.pinned,
            "latest_uncertain": self.latest_uncertain,
            "read_on": day(self.read_on),
        }


def cst_date(value: datetime) -> date:
    """The calendar date of `value` in Beijing time (a naive value is taken as Beijing time)."""
    if value.tzinfo is None:
        return value.date()
    return value.astimezone(CST).date()


#: Posts an account can pin to the top of its timeline (Weibo and WeChat allow up to 3); bridges list them first.
MAX_PINNED = 3


def pinned_prefix(posts: Sequence[Post]) -> int:
    """How many leading posts (in source order) look pinned: dated, older than every post after them, with the posts
    after them newest first (at least two dated ones). 0 when the feed shows no such prefix.

    A pinned old post would make a truncated feed (the newest 10–20 items) look as if it reached back before the
    quarter, and the stretch between it and the real items would read as a known gap."""
    for k in range(1, min(MAX_PINNED, len(posts) - 2) + 1):
        head, rest = posts[:k], posts[k:]
        times = [p.published for p in rest if p.published is not None]
        if any(p.published is None for p in head) or len(times) < 2:
            continue
        if any(later > earlier for earlier, later in zip(times, times[1:])):
            continue  # the rest is not newest first: no pinned pattern to rely on
        if max(p.published for p in head if p.published is not None) < min(times):
            return k
    return 0


def pinned_posts(posts: Sequence[Post]) -> frozenset[int]:
    """The indexes (in source order) of the posts taken as pinned: every post whose title carries a 置顶 mark
    ("【置顶】…", "[置顶]…"; parse_weibo marks Weibo's isTop posts so), wherever the bridge lists it, and the
    leading old posts of `pinned_prefix` among the others."""
    marked = [i for i, p in enumerate(posts) if is_pinned_title(p.title)]
    others = [i for i in range(len(posts)) if i not in set(marked)]
    head = pinned_prefix([posts[i] for i in others])
    return frozenset(marked) | frozenset(others[:head])


def _post_key(post: Post) -> tuple[str, str, datetime | None, tuple[str, ...]]:
    """What makes two listed posts the same post: URL, title without a 置顶 mark, time, links."""
    title = PINNED_TITLE_RE.sub("", unicodedata.normalize("NFKC", post.title or "")).strip()
    return post.url, title, post.published, post.links


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

    # a post listed twice (pinned on top and again in the timeline, the pinned copy marked 置顶; or an exact repeat of
    # an item with its URL) counts once; it is pinned only when no copy of it is in the timeline
    pinned_at = pinned_posts(result.posts)
    keys = [_post_key(p) for p in result.posts]
    timeline = {k for i, k in enumerate(keys) if i not in pinned_at}
    pinned_set = {k for i, k in enumerate(keys) if i in pinned_at} - timeline
    tolerance = timedelta(days=FUTURE_TOLERANCE_DAYS)
    read_on = cst_date(result.fetched_at)
    horizon = as_of + tolerance
    # read after the reference date: posts up to the reading (and its skew) are real; those clearly after as_of
    # are `later` (known, outside the window), those within the tolerance of as_of cannot be placed (`future`)
    seen_until = max(horizon, read_on + tolerance)
    undated = future = later = 0
    kept: list[tuple[date, datetime, bool]] = []  # (effective date, time, pinned)
    seen: set[tuple[str, str, datetime | None, tuple[str, ...]]] = set()
    # without a URL, two equal rows are two posts (a hand-kept list: "今日要闻" twice on one date) unless one is the
    # 置顶-marked copy of the other
    marked = {k for k, p in zip(keys, result.posts) if is_pinned_title(p.title)}
    for key, post in zip(keys, result.posts):
        if key in seen and (post.url or key in marked):
            continue
        seen.add(key)
        if post.published is None:
            undated += 1
            continue
        day = cst_date(post.published)
        if day > as_of and read_on > as_of:
            if horizon < day <= seen_until:
                later += 1
            else:
                future += 1
            continue
        if day > horizon:
            future += 1
            continue
        kept.append((min(day, as_of), post.published, key in pinned_set))
    if future or later:
        logger.info("source %s: %d post(s) of unknown date after %s and %d made after it ignored", result.source,
                    future, as_of, later)
    kept.sort(key=lambda item: item[0])
    days = [d for d, _, _ in kept]
    window_end = min(as_of, quarter_end)

    latest = max((t for _, t, _ in kept), default=None)
    stream = [(d, t) for d, t, pinned in kept if not pinned]
    oldest = min((t for _, t in stream), default=None)  # the feed's reach
    reach = stream[0][0] if stream else None
    if pinned_set and kept:
        logger.debug("source %s: %d pinned post(s) set aside for the feed's reach", result.source, len(pinned_set))
    days_since = max(0, (as_of - min(cst_date(latest), as_of)).days) if latest is not None else None
    # posts made after as_of show the feed runs on past it: without a (non-pinned) post before it, the feed's reach
    # is after as_of, and nothing before it is known
    truncated = (bool(kept) or later > 0) and (reach is None or reach > quarter_start)
    in_quarter = sum(1 for d in days if quarter_start <= d <= window_end)

    gaps: list[tuple[date, date]] = []
    trailing: int | None = None
    # the gaps the feed shows: from its reach on (pinned posts older than the reach lie in the unknown stretch)
    upto = [d for d in days if reach is not None and reach <= d <= window_end]
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
    elif not days and not undated and not future and not later:  # a valid feed without any post: silent throughout
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
        later=later,
        posts_lower_bound=truncated or undated > 0 or future > 0,
        gap_lower_bound=truncated,
        pinned=len(pinned_set),
        latest_uncertain=bool(kept) and not stream,
        read_on=read_on,
    )


# ---------------------------------------------------------------------------------------------------------------
# Names


_PUNCT_RE = re.compile(r"[\s\W_]+")  # NFKC first: full-width punctuation becomes ASCII or stays \W
_BRACKETS_RE = re.compile(r"[(\[【〔「『《][^)\]】〕」』》]*[)\]】〕」』》]")


def _t2s_table() -> dict[int, str]:
    """Traditional → simplified for names: the column matcher's table (government vocabulary and place names)
    plus a few place-name characters it lacks. A 繁体 matrix page must not turn every account into a stranger."""
    from inspector.checks.columns import _T2S

    return {**_T2S, **str.maketrans("蘄羅嶽濟陝", "蕲罗岳济陕")}


_T2S_NAMES = _t2s_table()

#: Generic endings stripped from account names and owners before matching (longest first).
NAME_SUFFIXES = (
    "人民政府办公室", "人民政府办公厅", "政府办公室", "政府办公厅", "人民政府", "办公室", "办公厅", "办事处",
    "管理委员会", "管委会", "官方微博", "政务微博", "微信公众号", "公众号", "服务号", "订阅号", "头条号", "抖音号",
    "客户端", "微博", "微信", "发布", "政务", "官方", "官微", "在线",
)  # fmt: skip

#: Units whose accounts carry only the place ("黄冈发布" for the 黄冈市人民政府办公室, its 新闻办, the 市委宣传部
#: or 网信办 that run the city's publicity accounts, or the 市委 itself).
GENERIC_UNITS = frozenset({
    "", "人民政府", "政府", "新闻", "新闻办公室", "新闻办", "新闻中心", "融媒体中心", "新闻传媒中心", "广播电视台",
    "宣传", "宣传部", "网信", "网信办", "网络安全和信息化", "网络安全信息化", "委", "委员会", "党委", "常委",
})  # fmt: skip

_PLACE_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "高新技术产业开发区", "经济技术开发区",
                   "新技术开发区", "经济开发区", "开发区", "高新区", "管理区", "新区", "林区", "地区", "街道", "省", "市",
                   "县", "区", "州", "盟", "旗", "镇", "乡")  # fmt: skip
# Two characters before the suffix first (黄州区 is 黄州 + 区, not 黄 + 州), then one (沙县).
_PLACE_RES = tuple(re.compile(r"^(" + chars + r")(" + "|".join(_PLACE_SUFFIXES) + ")") for chars in (".{2,8}?", "."))
#: Names written before the place: vertical agencies, the Party, the Youth League, the CPPCC.
_OWNER_PREFIXES = ("中华人民共和国", "国家税务总局", "中国共产党", "中共", "共青团", "中国人民政治协商会议", "政协")
#: Prefixes that are themselves the unit ("共青团黄冈市委员会" is the Youth League, "政协黄冈市委员会" the CPPCC).
_PREFIX_UNITS = {"共青团": "共青团", "中国人民政治协商会议": "政协", "政协": "政协"}
_NOT_IN_PLACE = set("局委部厅办会所站院处和与及")
_NOT_PLACE_START = ("城市", "城乡", "城镇", "住房", "市场", "市政", "社区", "区域", "县域", "乡村", "乡镇")
_ETHNIC_RE = re.compile(r"^(.{2,}?)(?:[^族]{1,3}族)+$")
_UNIT_ENDINGS = ("委员会", "管理局", "局", "委", "办", "厅", "部", "中心")
#: A unit below a unit (a police station, a branch, a detachment): its name carries a second place.
_SUB_UNIT_RE = re.compile(r"分局|分院|派出所|支队|大队|中队|分中心|分所|管理所|管理站|服务站")

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
#: Short forms that are not drawn from the unit's own characters, looked up by a word of the unit core.
THEMED_FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("公安", ("平安", "警")),
    ("卫生", ("健康",)),
    ("纪", ("清廉", "廉洁", "廉政", "纪检", "监察")),
    ("共青团", ("青春", "青年", "团")),
    ("组织", ("组工", "党建")),
    ("机关工作", ("党建",)),
    ("妇女", ("巾帼",)),
    ("消防", ("119",)),
    ("检察", ("检察",)),
    ("法院", ("法院",)),
    ("税务", ("税",)),
    ("政务服务", ("办", "服", "政务")),  # 一网通办, 鄂汇办, 苏服办
)


def normalize_name(text: str) -> str:
    """NFKC, traditional → simplified, case-folded, without spaces or punctuation: "黄冈 发布", "黃岡發佈" and
    "黄冈发布" compare equal."""
    return _PUNCT_RE.sub("", unicodedata.normalize("NFKC", text or "").translate(_T2S_NAMES)).casefold()


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
    ("红安", "教育"), "黄冈市红安县教育局" → ("红安", "教育"), "中共黄冈市委宣传部" → ("黄冈", ""),
    "共青团黄冈市委员会" → ("黄冈", "共青团"). The place is the most specific one named."""
    text = unicodedata.normalize("NFKC", owner or "")
    text = normalize_name(_BRACKETS_RE.sub("", text))
    text = strip_suffixes(text)
    prefix_unit = ""
    for prefix in _OWNER_PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
            prefix_unit = _PREFIX_UNITS.get(prefix, "")
            break
    place = ""
    rest = text
    while rest and not rest.startswith(_NOT_PLACE_START):
        m = next((m for r in _PLACE_RES
                  if (m := r.match(rest)) and not _NOT_IN_PLACE & set(m[1]) and _CJK_ONLY_RE.fullmatch(m[1])), None)
        if m is None:
            break
        place = _place_core(m[1], m[2])
        rest = rest[m.end():]
    unit = rest
    for generic in ("人民政府", "政府"):
        if unit.startswith(generic):
            unit = unit[len(generic):]
    if place and unit.startswith("委") and unit not in GENERIC_UNITS:  # 市委宣传部, 县委组织部: a Party department
        unit = unit[1:]
    unit = strip_suffixes(unit) if unit not in GENERIC_UNITS else ""
    if unit in GENERIC_UNITS:
        return place, prefix_unit
    for ending in _UNIT_ENDINGS:
        if unit.endswith(ending) and len(unit) > len(ending):
            unit = unit[: -len(ending)]
            break
    return place, unit


#: The one-character names of the provinces ("鄂汇办" is 湖北's, "粤省事" 广东's).
PROVINCE_ABBREVIATIONS = {
    "北京": "京", "天津": "津", "上海": "沪", "重庆": "渝", "河北": "冀", "山西": "晋", "辽宁": "辽", "吉林": "吉",
    "黑龙江": "黑", "江苏": "苏", "浙江": "浙", "安徽": "皖", "福建": "闽", "江西": "赣", "山东": "鲁", "河南": "豫",
    "湖北": "鄂", "湖南": "湘", "广东": "粤", "海南": "琼", "四川": "川", "贵州": "黔", "云南": "滇", "陕西": "陕",
    "甘肃": "陇", "青海": "青", "内蒙古": "蒙", "广西": "桂", "西藏": "藏", "宁夏": "宁", "新疆": "新",
}  # fmt: skip


_MUNICIPALITIES = ("北京", "天津", "上海", "重庆")


def _place_forms(place: str, provincial: bool = True) -> set[str]:
    """How a name may carry a place: the core, a province's one-character name (鄂 for 湖北; only when `provincial`:
    the owner is the province, not a city of the same name such as 吉林市), and for a long core (武汉东湖,
    新疆维吾尔 …) its first or last two characters (东湖发布, 新疆发布)."""
    forms = {place}
    if len(place) >= 4:
        forms.update((place[:2], place[-2:]))
    if not provincial:
        return forms
    if place[:2] in PROVINCE_ABBREVIATIONS or place in PROVINCE_ABBREVIATIONS:
        forms.add(PROVINCE_ABBREVIATIONS.get(place) or PROVINCE_ABBREVIATIONS[place[:2]])
    return forms


def _unit_forms(unit: str) -> set[str]:
    plain = unit.replace("和", "")
    forms = {unit, plain, *UNIT_ABBREVIATIONS.get(plain, ())}
    forms.update(f for word, themed in THEMED_FORMS if word in plain for f in themed)
    if len(plain) > 2:
        forms.add(plain[:2])
    return {f for f in forms if f}


def _in_order(pair: str, text: str) -> bool:
    """Both characters of `pair` occur in `text`, the first before the second (医保 in 医疗保障)."""
    first = text.find(pair[0])
    return first >= 0 and text.find(pair[1], first + 1) > first


def _abbreviates(rest: str, unit: str) -> bool:
    """`rest` (the name without its place) holds a two-character short form of `unit` built the usual way, one
    character from each word (医保 for 医疗保障, 科技 for 科学技术, 经信 for 经济和信息化, 残联 for 残疾人联合会)."""
    plain = unit.replace("和", "")
    return any(
        _CJK_CHAR_RE.match(rest[i]) and _CJK_CHAR_RE.match(rest[i + 1]) and _in_order(rest[i : i + 2], plain)
        for i in range(len(rest) - 1)
    )


_CJK_CHAR_RE = re.compile(r"[\u3400-\u9fff]")
_CJK_ONLY_RE = re.compile(r"[\u3400-\u9fff]+")  # a place is written in Chinese (not 12345 in 12345市民热线)


def name_matches_owner(account_name: str, owner: str) -> bool:
    """True when the account name carries its owner's place and unit core (see missing_from_name)."""
    return not missing_from_name(account_name, owner)


def missing_from_name(account_name: str, owner: str) -> str:
    """What of its owner the account name does not carry ("" when it carries the owner's place and unit core:
    "黄冈发布" for 黄冈市人民政府办公室, "红安教育" for 红安县教育局): 地名“红安” ("某某美食" for 红安县人民政府),
    单位名称或简称“教育” ("红安发布" for 红安县教育局), or the sub-unit's own name ("黄冈发布" for 黄冈市公安局黄州分局).

    Names are compared after NFKC, traditional → simplified and without spaces or punctuation. Short forms of
    units are accepted: the usual one-character-per-word ones (医保, 科技, 人社 …), common ones (卫健, 市场监管, 平安
    for 公安, 清廉 for 纪委 …). Comprehensive units (政府, 办公室, 新闻办, 宣传部, 网信办, 融媒体中心) need only the
    place. False needs evidence: an owner whose place cannot be read (开发区 without a city, a newspaper …) or a
    unit below a unit (分局, 派出所 …) whose name shares something with the name gives True; a slogan without the
    place is still False, a name with the place and no trace of the unit too ("红安发布" for 红安县教育局).
    """
    place, unit = owner_core(owner)
    if not place:
        return ""  # nothing to check the name against with confidence
    name = normalize_name(account_name)
    owner_n = normalize_name(_BRACKETS_RE.sub("", unicodedata.normalize("NFKC", owner or "")))
    provincial = place in _MUNICIPALITIES or f"{place}省" in owner_n or "自治区" in owner_n
    forms = sorted(_place_forms(place, provincial), key=len, reverse=True)
    if _SUB_UNIT_RE.search(owner_n):
        # 黄冈市公安局黄州分局 → "黄州公安": the sub-unit's own place is not parsed; two characters shared with the owner
        # beyond the parent's place do ("黄冈发布" for the 黄州分局 is the city's name, not the branch's), or a short
        # form of the rest ("黄冈交警" for 黄冈市公安局交通警察支队)
        rest, owner_rest = name, owner_n
        for form in forms:
            rest, owner_rest = rest.replace(form, ""), owner_rest.replace(form, "")
        if any(rest[i : i + 2] in owner_rest for i in range(len(rest) - 1)) or _abbreviates(
                strip_suffixes(rest), owner_rest):
            return ""
        return "所在地名或单位简称"
    if not any(form in name for form in forms):
        return f"地名“{place}”"
    if not unit or any(form in name for form in _unit_forms(unit)):
        return ""
    rest = name
    for form in forms:
        rest = rest.replace(form, "")
    return "" if _abbreviates(strip_suffixes(rest), unit) else f"单位名称或简称“{unit}”"


# ---------------------------------------------------------------------------------------------------------------
# Registry-level checks


def _owner_key(owner: str) -> str:
    """An owner as duplicates compare it: normalised, bracketed notes dropped, 人民政府 as 政府, 中国共产党 as 中共
    ("黄冈市人民政府办公室" and "黄冈市政府办公室" are one unit)."""
    text = normalize_name(_BRACKETS_RE.sub("", unicodedata.normalize("NFKC", owner or "")))
    return text.replace("人民政府", "政府").replace("中国共产党", "中共")


def same_account(a: Account, b: Account) -> bool:
    """True when two registry rows describe one account: same platform, same name and owner (normalised), and no
    differing 账号ID or 主页地址 (a row pasted twice, or once with its address and once without)."""
    def differ(x: str, y: str) -> bool:
        return bool(x.strip()) and bool(y.strip()) and x.strip().rstrip("/") != y.strip().rstrip("/")

    return (
        a.platform is b.platform
        and normalize_name(a.name) == normalize_name(b.name)
        and _owner_key(a.owner) == _owner_key(b.owner)
        and not differ(a.account_id, b.account_id)
        and not differ(a.url, b.url)
    )


def other_platform(account: Account) -> str:
    """Which platform a 其他 account is on, as far as the registry says: the site of its 主页地址 ("kuaishou.com",
    "bilibili.com", "weixin.qq.com" …), else the bridge route of its 数据源 ("bridge:kuaishou"); "" when unknown.
    其他 holds 视频号, 快手, 小红书, B站 … alike: two 其他 accounts are on one platform only when this says so."""
    host = (urlsplit(account.url.strip()).hostname or "").lower().rstrip(".") if "//" in account.url else ""
    if host:
        labels = host.split(".")
        keep = 3 if len(labels) >= 3 and labels[-2] in ("qq", "com", "gov", "net", "org", "edu") else 2
        return ".".join(labels[-keep:])
    target = account.source_target
    if target.startswith(("http://", "https://", "{bridge}")):
        path = target.replace("{bridge}", "http://bridge.invalid", 1)
        segments = [seg for seg in urlsplit(path).path.split("/") if seg]
        return f"bridge:{segments[0].lower()}" if segments else ""
    return ""


def duplicates(accounts: Sequence[Account]) -> list[tuple[Account, ...]]:
    """Groups (more than one) of accounts of one owner on one platform, in registry order.

    Owners are compared as `_owner_key` does (normalised, 人民政府 = 政府). A row that repeats an account already in
    the group (`same_account`: the registry lists it twice) is not a second account of the unit and is left out.
    An account without 主办单位 is grouped by its normalised name instead (the same account listed twice, or two
    accounts of one name: the check says "可能重复开设或重复登记").

    Only accounts on one third-party platform are compared: 客户端 (each app is a platform of its own) never, and
    其他 (视频号, 快手, B站 … under one label) only when `other_platform` shows the same platform for both."""
    groups: dict[tuple[str, str, Platform, str], list[Account]] = {}
    for account in accounts:
        if account.platform is Platform.APP:
            continue
        where = other_platform(account) if account.platform is Platform.OTHER else ""
        if account.platform is Platform.OTHER and not where:
            continue  # 其他 without a known platform: cannot tell whether two of them share one
        owner = _owner_key(account.owner)
        if owner:
            key = ("owner", owner, account.platform, where)
            if any(same_account(account, other) for other in groups.get(key, ())):
                continue
        else:
            key = ("name", normalize_name(account.name), account.platform, where)
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
    platform when the entry says which one (a caption without a platform matches an account on any platform).

    A page may list an account by its unit ("黄冈市人民政府新闻办公室官方微博"): an entry naming the account's
    主办单位 (compared as duplicates compare owners) on the account's platform, said explicitly, names it too."""
    key, platform = _entry(entry)
    if not key:
        return False
    if key == portal_key(account.name) and (platform is None or platform is account.platform):
        return True
    return platform is account.platform and bool(account.owner.strip()) and _owner_key(key) == _owner_key(account.owner)


def listed_on_portal(account: Account, entries: Sequence[Any]) -> list[Any]:
    """The portal entries that name `account` (see portal_matches), in page order."""
    return [e for e in entries if portal_matches(account, e)]


#: Accounts of the central government and the provinces that local matrix pages show as "上级" accounts ("国务院客户端",
#: "中国政府网", "湖北发布"): not accounts a local registry is expected to hold.
NATIONAL_WORDS = ("国务院", "中国政府网", "新华社", "人民日报", "央视", "中央纪委", "共产党员网", "学习强国")
PROVINCES = ("北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江", "安徽", "福建",
             "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海",
             "台湾", "内蒙古", "广西", "西藏", "宁夏", "新疆", "香港", "澳门")  # fmt: skip


def higher_level(key: str, registry: Sequence[Account]) -> bool:
    """True when a portal key names a national or provincial account ("国务院客户端", "湖北发布") that the registry is
    not about: no registry account's name or owner carries that word, and the key carries no place of the registry's
    owners ("湖北黄冈发布" is 黄冈's)."""
    head = next((w for w in (*NATIONAL_WORDS, *PROVINCES) if key.startswith(w)), None)
    if head is None:
        return False
    scope = "".join(normalize_name(a.name) + normalize_name(a.owner) for a in registry)
    if head in scope:
        return False
    places = {owner_core(a.owner)[0] for a in registry} - {""}
    return not any(place in key for place in places)


def near_portal_entries(account: Account, entries: Sequence[Any]) -> list[Any]:
    """Entries that do not name `account` (portal_matches) but hold its name inside a longer caption, or are held in
    it ("黄冈市公安局平安黄冈" for 平安黄冈: the page may list the account under a caption the reader did not take
    apart), or differ from it only by 省/市/县/区 ("红安县发布" for 红安发布), both at least three characters long, on
    the account's platform or none named. A page with such an entry does not show that the account is missing."""
    key = portal_key(account.name)
    out: list[Any] = []
    for entry in entries:
        other, platform = _entry(entry)
        if len(key) < 3 or len(other) < 3 or other == key:
            continue
        if platform is not None and platform is not account.platform:
            continue
        if key in other or other in key or _loose(key) == _loose(other):
            out.append(entry)
    return out


def _loose(key: str) -> str:
    """A portal key without the administrative-level characters ("红安县发布" and "红安发布" alike)."""
    return re.sub(r"[省市县区州旗镇乡]", "", key)


def unregistered_entries(registry: Sequence[Account], entries: Sequence[Any]) -> list[Any]:
    """Portal entries (strings or PortalEntry) that name no account of the registry, each (name, platform) once, in
    page order; entries with an empty name are skipped, and so are national or provincial accounts the registry is
    not about (higher_level: a county's page showing "国务院客户端" or "湖北发布" as 上级 accounts)."""
    extra: list[Any] = []
    seen: set[tuple[str, Platform | None]] = set()
    for entry in entries:
        key, platform = _entry(entry)
        if not key or (key, platform) in seen:
            continue
        if any(portal_matches(account, entry) for account in registry):
            continue
        if higher_level(key, registry):
            logger.debug("portal entry %s: a national or provincial account, not the registry's", key)
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
