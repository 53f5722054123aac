"""政务新媒体 account checks (standards.md §1.5): activity, name, duplicates, the portal cross-check, links in posts.

Account rules (`target = "account"`) get one account's `AccountArtifacts`; `media_portal_unregistered` is a site
rule (the site's matrix page against the registry's accounts of that site). Everything is judged from what the
gatherer stored; there is no clock here (the reference date is `as_of`).

Accuracy first (a false 不合格 against a government unit is the worst bug):

- a source that gave no data (captcha, expired cookie, HTTP error, rate limited, unparsable, unreachable, no
  source) makes every activity rule 无法判定 with the source's state, never "not updated"; so does an account not
  read in this run, and a valid feed without any item (bridges answer empty feeds when scraping fails);
- posts without a readable time, and posts dated after the reference date (beyond the tolerance of
  `FUTURE_TOLERANCE_DAYS`), have an unknown real date: they never prove activity, but they make a failure that
  they could undo 无法判定 (they may be newer than the latest dated post, or fall inside a gap);
- figures that are only lower bounds (a bridge returns the newest 10–20 items) fail only when the known part
  already fails: a count below the minimum from a truncated feed is 无法判定; a known gap above the limit fails;
  a gap within the limit passes only when the unknown stretch before the feed's oldest item is within it too;
  pinned posts (listed first or last whatever their age) never stand for the feed's reach, and a feed showing only
  pinned posts proves no silence (inspector.media.activity sets them aside, so the bulletin's figures agree);
- silence up to the reference date needs the source read on or after it: a reference date set after the reading
  (`--as-of` ahead of the gathering) leaves the days between unseen, and "not updated" is then 无法判定; a source
  read after the reference date (a quarter's bulletin prepared days later) shows posts made since, which neither
  prove activity nor cast doubt (inspector.media.activity counts them in `Activity.later`);
- a source that may not be the account's own says nothing about it (`source_scope`): another platform's route or
  address (a 微博 row pointing at a WeChat feed: a registry mistake) or a route of many accounts' posts (RSSHub's
  /weibo/keyword/…): every activity rule is 无法判定, and so are the links in its posts;
- the portal checks say 无法判定 when the matrix page or the homepage was not read, 不适用 when the site has no
  matrix page (column-new-media deducts for that) or the account has no site;
- links in posts: WAF / rate limited → 无法判定; broken / soft 404 / redirect loop → 不通过 (one per link), unless
  the inspector's own network self-check failed (then 无法判定).
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast
from urllib.parse import parse_qs, unquote, urlsplit

from inspector.checks._common import (
    failed,
    inconclusive,
    is_attachment_url,
    not_applicable,
    passed,
    problem_label,
    self_check_failure,
)
from inspector.errors import ParamError
from inspector.media.accounts import Account, Platform, split_source
from inspector.media.activity import (
    MAX_PINNED,  # noqa: F401  # re-exported: the pinned-post rule moved to inspector.media.activity
    Activity,
    activity,
    cst_date,
    duplicates,
    listed_on_portal,
    missing_from_name,
    near_portal_entries,
    other_platform,
    pinned_posts,  # noqa: F401  # re-exported (see MAX_PINNED)
    pinned_prefix,  # noqa: F401  # re-exported (see MAX_PINNED)
    portal_key,
    portal_platform,
    same_account,
    unregistered_entries,
)
from inspector.media.labels import detail_label
from inspector.media.artifacts import LINK_PROBE, AccountArtifacts, PortalEntry, PortalListing, listing_of, on_own_site
from inspector.media.posts import Health, Post
from inspector.model import CheckResult, Evidence, Outcome, ProbeRecord, Site, SiteArtifacts

logger = logging.getLogger(__name__)

BROKEN = (Outcome.BROKEN, Outcome.SOFT_404, Outcome.REDIRECT_LOOP)


def _at_least_one(field: str, value: int) -> None:
    if value < 1:
        raise ParamError(field, f"must be ≥ 1 (got {value})")


# --- params ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UpdateParams:
    """media-update: a post in the `max_days` days before the reference date."""

    max_days: int = 14

    def __post_init__(self) -> None:
        _at_least_one("max_days", self.max_days)


@dataclass(frozen=True, slots=True)
class QuarterPostsParams:
    """media-quarter-posts: at least `per_quarter` posts in a full quarter, pro-rated (rounded down, at least 1) to
    the days of the quarter up to the reference date; a window shorter than `min_window_days` is not judged."""

    per_quarter: int = 6
    min_window_days: int = 15

    def __post_init__(self) -> None:
        _at_least_one("per_quarter", self.per_quarter)
        _at_least_one("min_window_days", self.min_window_days)


@dataclass(frozen=True, slots=True)
class LongestGapParams:
    """media-longest-gap: no stretch of more than `max_days` days without a post inside the quarter's window."""

    max_days: int = 14

    def __post_init__(self) -> None:
        _at_least_one("max_days", self.max_days)


@dataclass(frozen=True, slots=True)
class ZombieParams:
    """media-zombie: `days` days or more since the latest post make a 僵尸号."""

    days: int = 90

    def __post_init__(self) -> None:
        _at_least_one("days", self.days)


@dataclass(frozen=True, slots=True)
class NameParams:
    """media-name: no parameters (the matcher is inspector.media.activity.name_matches_owner)."""


@dataclass(frozen=True, slots=True)
class DuplicateParams:
    """media-duplicate: no parameters (grouping is inspector.media.activity.duplicates)."""


@dataclass(frozen=True, slots=True)
class PortalParams:
    """media-portal-listed / media-portal-unregistered: no parameters."""


@dataclass(frozen=True, slots=True)
class PostLinksParams:
    """media-post-links: `max_evidence` posts listed per broken link (the message gives the full count)."""

    max_evidence: int = 10

    def __post_init__(self) -> None:
        _at_least_one("max_evidence", self.max_evidence)


# --- shared helpers -------------------------------------------------------------------------------------------


def _source_url(account: AccountArtifacts) -> str:
    """Where the account was read: the final URL, else the 数据源 target, else the account's homepage."""
    source = account.source
    if source is not None and source.url:
        return source.url
    if source is not None and source.source:
        return split_source(source.source)[1] or source.source
    return account.account.source_target or account.account.url


def _pinned_count(account: AccountArtifacts) -> int:
    """How many posts of the account's feed `activity` set aside as pinned (0 without a judgeable source)."""
    source = account.source
    if (source is None or not source.healthy or not source.posts or account.as_of < account.quarter_start
            or account.quarter_start > account.quarter_end):
        return 0
    return activity(source, as_of=account.as_of, quarter_start=account.quarter_start,
                    quarter_end=account.quarter_end).pinned


def _source_evidence(account: AccountArtifacts, detail: str = "") -> Evidence:
    source = account.source
    state = f"{source.health.label}：{detail_label(source.detail)}" if source is not None else "未读取"
    pinned = _pinned_count(account)
    if pinned:
        state += f"；其中{pinned}篇为置顶或疑似置顶的文章，不作为数据源覆盖范围的依据"
    return Evidence(url=_source_url(account), text=account.account.name,
                    detail=f"{state}；{detail}" if detail else state,
                    http_status=source.status if source is not None else None)


def _post_evidence(post: Post | None) -> list[Evidence]:
    if post is None:
        return []
    when = post.published.isoformat(timespec="minutes") if post.published else "无发布时间"
    return [Evidence(url=post.url, text=post.title, detail=f"发布时间：{when}")]


def _latest_post(account: AccountArtifacts, a: Activity) -> Post | None:
    if account.source is None or a.latest is None:
        return None
    return next((p for p in account.source.posts if p.published == a.latest), None)


#: Platforms a source's address names: the platform's own hosts (the farm's demo copies end in ".test"), and the
#: first segment of a bridge route (RSSHub: /weibo/user/…, /wechat/mp/…, /douyin/user/…, /toutiao/user/…).
_SOURCE_HOSTS: tuple[tuple[re.Pattern[str], Platform], ...] = tuple(
    (re.compile(rf"(?:^|\.){h}(?:\.test)?$", re.I), p)
    for h, p in ((r"weibo\.(?:cn|com)", Platform.WEIBO), (r"mp\.weixin\.qq\.com", Platform.WECHAT),
                 (r"(?:ies)?douyin\.com", Platform.DOUYIN), (r"toutiao\.com", Platform.TOUTIAO))
)
_ROUTE_PLATFORMS = {"weibo": Platform.WEIBO, "wechat": Platform.WECHAT, "douyin": Platform.DOUYIN,
                    "toutiao": Platform.TOUTIAO}
#: Bridge routes that return the posts of many accounts (a keyword search, a topic, someone's home timeline).
_MULTI_ROUTES = {
    "weibo": frozenset({"keyword", "search", "super_index", "timeline", "friends", "group", "topic"}),
    "douyin": frozenset({"hashtag", "music", "search", "keyword"}),
    "toutiao": frozenset({"search", "keyword"}),
}
#: Weibo containerid prefixes of a search (100103), a topic (231522) and a super topic (100808): many accounts.
_MULTI_CONTAINERS = ("100103", "231522", "100808")
#: Registry platforms a source can contradict (其他 and 客户端 hold many platforms, or none with a feed).
_CHECKED_PLATFORMS = (Platform.WECHAT, Platform.WEIBO, Platform.DOUYIN, Platform.TOUTIAO)


def source_scope(account: Account, source: str) -> str:
    """Why a source's posts may not be `account`'s own ("" when nothing says so): the source is another platform's
    (a 微博 account read from a WeChat route: a registry mistake), or a route that returns the posts of many accounts
    (RSSHub's /weibo/keyword/…, a Weibo search container). Judged on such posts, an account would pass or fail on
    another account's activity."""
    kind, target = split_source(source)
    if not kind or kind == "manual" or not target:
        return ""
    try:
        parts = urlsplit(target)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    segments = [unquote(seg).lower() for seg in parts.path.split("/") if seg]
    said: Platform | None = Platform.WEIBO if kind == "weibo" else None
    multi = ""
    for pattern, platform in _SOURCE_HOSTS:
        if host and pattern.search(host):
            said = said or platform
    # the route's platform: its first segment, or the second behind a mount prefix (/rsshub/weibo/…)
    for i, seg in enumerate(segments[:2]):
        if seg in _ROUTE_PLATFORMS:
            said = said or _ROUTE_PLATFORMS[seg]
            if len(segments) > i + 1 and segments[i + 1] in _MULTI_ROUTES.get(seg, ()):
                multi = f"/{seg}/{segments[i + 1]}/"
            break
    containers = [c for values in parse_qs(parts.query).values() for c in values] if "containerid" in parts.query else []
    if said is Platform.WEIBO and any(c.startswith(_MULTI_CONTAINERS) for c in containers):
        multi = "containerid"
    shown = target if len(target) <= 120 else target[:119] + "…"
    if multi:
        return (f"数据源（{shown}）是关键词、话题或关注流一类的路由，返回的是多个账号的内容，不能据此判断该账号，"
                "请改用该账号自己的数据源")
    if said is not None and account.platform in _CHECKED_PLATFORMS and said is not account.platform:
        return (f"登记的平台为{account.platform.label}，但数据源（{shown}）读取的是{said.label}的内容，读到的可能不是"
                "该账号的文章，请核对登记表")
    return ""


def _twins(account: AccountArtifacts) -> list[Account]:
    """The registry rows that describe this account (same_account: same platform, name and owner, no differing
    账号ID or 主页地址), this one included; [the account] when the registry has no other."""
    acct = account.account
    return [o for o in account.registry if same_account(acct, o)] or [acct]


def _source_conflict(account: AccountArtifacts) -> list[str]:
    """The other 数据源 the registry gives this account (rows describing it twice with different sources): the rows
    cannot both be the account's, and nothing tells which is ([] when there is no such row)."""
    own = account.account.source.strip()
    if not own:
        return []
    return list(dict.fromkeys(o.source.strip() for o in _twins(account) if o.source.strip() not in ("", own)))


def _activity(account: AccountArtifacts, what: str) -> Activity | CheckResult:
    """The account's Activity when its source said something about it, else the 无法判定 result to return.

    `what` completes 无法判定…: 是否更新, 本季度发文数量 ... Pinned posts are set aside for the feed's reach by
    `activity` itself (see inspector.media.activity.pinned_posts), so the bulletin's figures agree with the checks."""
    source = account.source
    if source is None:
        network = self_check_failure(cast(Any, account))
        prefix = f"检查端网络自检失败（{network}）；" if network else ""
        return inconclusive(f"{prefix}本批次未读取该账号数据源，无法判定{what}")
    if account.as_of < account.quarter_start or account.quarter_start > account.quarter_end:
        return inconclusive(f"基准日期{account.as_of}不在检查季度（{account.quarter_start}至{account.quarter_end}）"
                            f"之内，无法判定{what}")
    conflict = _source_conflict(account)
    if conflict:  # one account, two feeds: judged on each, it would be both active and stale
        sources = "、".join((account.account.source.strip(), *conflict))
        return inconclusive(f"登记表中该账号登记了{len(conflict) + 1}次（账号名称、平台、主办单位相同），数据源各不相同"
                            f"（{sources}），无法确定哪一个是该账号的数据源，请核对登记表，无法判定{what}",
                            evidence=[_source_evidence(account)])
    a = activity(source, as_of=account.as_of, quarter_start=account.quarter_start, quarter_end=account.quarter_end)
    if not a.judgeable:
        message = f"数据源状态：{a.reason}，无法判定{what}"
        network = self_check_failure(cast(Any, account))
        if network:
            message = f"检查端网络自检失败（{network}）；{message}"
        return inconclusive(message, evidence=[_source_evidence(account)])
    scope = source_scope(account.account, account.account.source or source.source)
    if scope:
        return inconclusive(f"{scope}，无法判定{what}", evidence=[_source_evidence(account)])
    if a.health is Health.EMPTY:
        return inconclusive(f"数据源未返回任何文章，请人工核实（数据桥抓取失败时也会返回空订阅），无法判定{what}",
                            evidence=[_source_evidence(account)])
    return a


def _unknown_dates(a: Activity) -> str:
    """"2篇文章没有发布时间、1篇文章的发布时间晚于基准日期" ("" when every post has a usable date)."""
    parts = []
    if a.undated:
        parts.append(f"{a.undated}篇文章没有发布时间")
    if a.future:
        parts.append(f"{a.future}篇文章的发布时间晚于基准日期")
    return "、".join(parts)


def _no_dated_post(account: AccountArtifacts, a: Activity, what: str) -> CheckResult:
    if a.later and not a.undated and not a.future:
        return inconclusive(f"数据源读取于{a.read_on}，只返回了基准日期{a.as_of}之后发布的{a.later}篇文章，"
                            f"不包含基准日期前的文章，无法判定{what}", evidence=[_source_evidence(account)])
    unknown = "、".join(x for x in (_unknown_dates(a), _later_text(a)) if x) or "没有文章"
    return inconclusive(f"数据源返回的文章均无可用的发布时间（{unknown}），无法判定{what}",
                        evidence=[_source_evidence(account)])


def _later_text(a: Activity) -> str:
    """"3篇文章发布于基准日期之后" ("" when none)."""
    return f"{a.later}篇文章发布于基准日期之后" if a.later else ""


#: Why a latest post older than a limit proves nothing when every dated post of the feed is pinned.
ONLY_PINNED = "数据源只返回了置顶文章，未返回账号的其他文章"


def _no_timeline(a: Activity) -> str:
    """Why the feed shows nothing of the account's timeline up to the reference date (no dated post before it
    that is not pinned): ONLY_PINNED, or posts made after the reference date only (a source read after it)."""
    if a.later:
        return ("数据源只返回了置顶文章和基准日期之后发布的文章" if a.dated else "数据源只返回了基准日期之后发布的文章") \
            + "，未返回基准日期前的其他文章"
    return ONLY_PINNED


def _unseen_text(a: Activity) -> str:
    """"数据源读取于2026-12-20，早于基准日期2026-12-31，此后11天内是否发文无从得知"."""
    return f"数据源读取于{a.read_on}，早于基准日期{a.as_of}，此后{a.unseen_days}天内是否发文无从得知"


def _reach_text(a: Activity) -> str:
    """"数据源只返回了2026-11-03以来的文章" for a feed that does not reach back to the quarter start."""
    oldest = _oldest_day(a)
    return f"数据源只返回了{oldest}以来的文章" if oldest else _no_timeline(a)


def _latest_text(a: Activity) -> str:
    assert a.latest is not None and a.days_since_latest is not None
    day = cst_date(a.latest)
    if day > a.as_of:  # within FUTURE_TOLERANCE_DAYS: the platform's or bridge's clock ahead of ours
        return f"最近一篇的发布时间为{day}（略晚于基准日期{a.as_of}，按基准日期当天计），距基准日期0天"
    return f"最近一篇发布于{day}，距基准日期{a.days_since_latest}天"


def _oldest_day(a: Activity) -> date | None:
    return cst_date(a.oldest) if a.oldest is not None else None


def _period(account: AccountArtifacts) -> str:
    end = min(account.as_of, account.quarter_end)
    return f"本季度（{account.quarter_start}至{end}）"


# --- activity -------------------------------------------------------------------------------------------------


def media_update(account: AccountArtifacts, params: UpdateParams) -> list[CheckResult]:
    """Veto: a post in the `max_days` days before the reference date (exactly `max_days` days ago passes)."""
    judged = _activity(account, "是否更新")
    if isinstance(judged, CheckResult):
        return [judged]
    a = judged
    if a.days_since_latest is None:
        return [_no_dated_post(account, a, "是否更新")]
    limit = params.max_days
    post = _latest_post(account, a)
    evidence = [*_post_evidence(post), _source_evidence(account)]
    if a.days_since_latest <= limit:
        return [passed(f"{_latest_text(a)}（未超过{limit}天）", evidence=evidence)]
    unknown = _unknown_dates(a)
    if unknown:
        return [inconclusive(f"带发布时间的文章中{_latest_text(a)}（超过{limit}天），但另有{unknown}，可能有更新的"
                             "文章，无法判定是否更新，请人工核实", evidence=evidence)]
    if a.latest_uncertain:
        return [inconclusive(f"{_latest_text(a)}（超过{limit}天），但{_no_timeline(a)}，可能有更新的文章，无法判定是否更新，"
                             "请人工核实", evidence=evidence)]
    if a.unseen_days:
        return [inconclusive(f"{_latest_text(a)}（超过{limit}天），但{_unseen_text(a)}，无法判定是否更新",
                             evidence=evidence)]
    return [failed(f"{_latest_text(a)}（超过{limit}天）", evidence=evidence)]


def required_posts(account: AccountArtifacts, params: QuarterPostsParams) -> tuple[int, int, int]:
    """(posts required, days of the window, days of the quarter): `per_quarter` pro-rated to the window
    quarter_start .. min(as_of, quarter_end) (calendar days, both ends counted), rounded down, at least 1."""
    window_end = min(account.as_of, account.quarter_end)
    window_days = (window_end - account.quarter_start).days + 1
    quarter_days = (account.quarter_end - account.quarter_start).days + 1
    if window_days >= quarter_days:
        return params.per_quarter, window_days, quarter_days
    return max(1, math.floor(params.per_quarter * window_days / quarter_days)), window_days, quarter_days


def media_quarter_posts(account: AccountArtifacts, params: QuarterPostsParams) -> list[CheckResult]:
    """Deduct: posts in the quarter's window at least the pro-rated minimum (see required_posts)."""
    period = _period(account)
    required, window_days, quarter_days = required_posts(account, params)
    if 0 < window_days < params.min_window_days:
        return [not_applicable(f"{period}仅{window_days}天，不足{params.min_window_days}天，不检查季度发文数量"
                               "（近期是否更新见“2周内更新”检查项）")]
    judged = _activity(account, "本季度发文数量")
    if isinstance(judged, CheckResult):
        return [judged]
    a = judged
    count = a.posts_in_quarter or 0
    basis = "" if window_days >= quarter_days else f"（每季度{params.per_quarter}篇，按已过{window_days}天折算）"
    oldest = _oldest_day(a)
    reach = (f"数据源最早一篇发布于{oldest}" if oldest else _no_timeline(a) if a.latest_uncertain or a.later
             else "数据源没有带日期的文章")
    evidence = [_source_evidence(account, f"本季度发文{count}篇；{reach}")]
    truncated = a.gap_lower_bound
    unknown = _unknown_dates(a)
    if count >= required:
        bound = "至少" if truncated or unknown else ""
        return [passed(f"{period}{bound}发文{count}篇，不少于应有的{required}篇{basis}", evidence=evidence)]
    if truncated or unknown:
        why = "、".join(
            part for part in (_reach_text(a) if truncated else "", f"另有{unknown}" if unknown else "") if part
        )
        return [inconclusive(f"{period}已知发文{count}篇，少于应有的{required}篇{basis}，但{why}，实际篇数可能更多，"
                             "无法判定", evidence=evidence)]
    return [failed(f"{period}发文{count}篇，少于应有的{required}篇{basis}", evidence=evidence)]


def media_longest_gap(account: AccountArtifacts, params: LongestGapParams) -> list[CheckResult]:
    """Deduct: the longest stretch without a post inside the quarter's window is at most `max_days` days."""
    judged = _activity(account, "最长更新间隔")
    if isinstance(judged, CheckResult):
        return [judged]
    a = judged
    period = _period(account)
    limit = params.max_days
    if a.longest_gap_days is None or a.longest_gap_from is None or a.longest_gap_to is None:
        unknown = "、".join(x for x in (_unknown_dates(a), _no_timeline(a) if a.latest_uncertain or a.later else "")
                           if x)
        return [inconclusive(f"数据源没有可用于计算{period}更新间隔的带日期文章（{unknown or '没有本季度内的文章'}），"
                             "无法判定",
                             evidence=[_source_evidence(account)])]
    gap = a.longest_gap_days
    end = ""
    if a.longest_gap_to == a.window_end and a.trailing_gap_days == gap:
        end = "基准日期" if a.window_end == account.as_of else "季度末"
    span = f"{a.longest_gap_from}至{end}{a.longest_gap_to}"
    text = f"{period}最长间隔{gap}天（{span}无新发文）"
    if gap == 0:  # a window of one day (the reference date is the quarter's first day): no stretch to speak of
        span = f"{a.longest_gap_from}"
        text = f"{period}仅1天，最长间隔0天"
    oldest = _oldest_day(a)
    evidence = [_source_evidence(account, f"最长间隔{span}；数据源最早一篇发布于{oldest}" if oldest else span)]
    if gap > limit:
        unknown = _unknown_dates(a)
        if unknown:
            return [inconclusive(f"{text}，超过{limit}天，但另有{unknown}，可能位于该间隔内，无法判定，请人工核实",
                                 evidence=evidence)]
        note = f"（数据源只返回了{oldest}以来的文章，此前的间隔未计入）" if a.gap_lower_bound else ""
        return [failed(f"{text}，超过{limit}天{note}", evidence=evidence)]
    if not a.gap_lower_bound:
        return [passed(f"{text}，未超过{limit}天", evidence=evidence)]
    assert oldest is not None  # gap_lower_bound: the feed's oldest dated post is after the quarter start
    unseen = (min(oldest, a.window_end) - account.quarter_start).days
    if unseen <= limit:
        return [passed(f"{text}，未超过{limit}天（数据源只返回了{oldest}以来的文章；此前只有{unseen}天，"
                       f"即使其间没有发文也不超过{limit}天）", evidence=evidence)]
    return [inconclusive(f"数据源只返回了{oldest}以来的文章，其中最长间隔{gap}天（{span}），未超过{limit}天；"
                         f"{account.quarter_start}至{oldest}的{unseen}天内是否发文无法得知，无法判定",
                         evidence=evidence)]


def media_zombie(account: AccountArtifacts, params: ZombieParams) -> list[CheckResult]:
    """Notice: `days` days or more since the latest post → 僵尸号, to be closed or merged."""
    judged = _activity(account, "是否为僵尸号")
    if isinstance(judged, CheckResult):
        return [judged]
    a = judged
    if a.days_since_latest is None:
        return [_no_dated_post(account, a, "是否为僵尸号")]
    limit = params.days
    post = _latest_post(account, a)
    evidence = [*_post_evidence(post), _source_evidence(account)]
    if a.days_since_latest < limit:
        return [passed(f"{_latest_text(a)}（不足{limit}天）", evidence=evidence)]
    unknown = _unknown_dates(a)
    if unknown:
        return [inconclusive(f"带发布时间的文章中{_latest_text(a)}（达到{limit}天），但另有{unknown}，可能有更新的"
                             "文章，无法判定是否为僵尸号，请人工核实", evidence=evidence)]
    if a.latest_uncertain:
        return [inconclusive(f"{_latest_text(a)}（达到{limit}天），但{_no_timeline(a)}，可能有更新的文章，无法判定是否为"
                             "僵尸号，请人工核实", evidence=evidence)]
    if a.unseen_days:
        return [inconclusive(f"{_latest_text(a)}（达到{limit}天），但{_unseen_text(a)}，无法判定是否为僵尸号",
                             evidence=evidence)]
    return [failed(f"{_latest_text(a)}（{limit}天以上未更新），属于“僵尸号”，应关停或整合", evidence=evidence)]


# --- registry -------------------------------------------------------------------------------------------------


def media_name(account: AccountArtifacts, params: NameParams) -> list[CheckResult]:
    """Deduct: the account name carries its 主办单位's place and unit (name_matches_owner); no owner → 不适用."""
    acct = account.account
    owner = acct.owner.strip()
    if not owner:
        return [not_applicable("登记表未填写主办单位，不检查账号名称")]
    evidence = [Evidence(url=acct.url, text=acct.name, detail=f"主办单位：{owner}")]
    missing = missing_from_name(acct.name, owner)
    if not missing:
        return [passed(f"账号名称“{acct.name}”体现了主办单位“{owner}”", evidence=evidence)]
    return [failed(f"账号名称“{acct.name}”未体现主办单位“{owner}”的{missing}，公众难以辨识账号归属",
                   evidence=evidence)]


def media_duplicate(account: AccountArtifacts, params: DuplicateParams) -> list[CheckResult]:
    """Notice: another account of the registry with the same 主办单位 (else the same name) on the same platform."""
    acct = account.account
    if acct.platform is Platform.APP:
        return [not_applicable("客户端各自独立，不属于在同一第三方平台开设多个账号，不检查")]
    if acct.platform is Platform.OTHER and not other_platform(acct):
        return [not_applicable("“其他”平台账号未登记主页地址或数据源，无法确定具体平台，不检查重复开设")]
    registry = account.registry or (acct,)
    platform = acct.platform.label
    owner = acct.owner.strip()
    # a row describing this account again (same_account) is not a second account; the group of the unit's accounts
    # holds only the first of such rows, which may be the other one
    twins = _twins(account) if owner else [acct]
    group = next((g for g in duplicates(registry) if acct in g or any(o in twins for o in g)), None)
    if group is None:
        if len(twins) > 1:
            return [_listed_twice(acct, twins)]
        if owner:
            return [passed(f"登记表中主办单位“{owner}”在{platform}平台只有这一个账号")]
        return [passed(f"登记表中没有与“{acct.name}”同名的{platform}账号")]
    others = list(group)
    if owner:
        others = [o for o in others if o not in twins]
    else:
        others.remove(acct)  # the first equal one: this account
    names = "、".join(f"“{o.name}”" for o in others)
    evidence = [Evidence(url=o.url, text=o.name, detail=f"{o.platform.label}；主办单位：{o.owner or '未填写'}")
                for o in others]
    if owner:
        return [failed(f"主办单位“{owner}”在{platform}平台另有{len(others)}个账号：{names}"
                       "（同一单位在同一平台原则上只开设一个账号，应整合）", evidence=evidence)]
    return [failed(f"登记表中另有{len(others)}个同名的{platform}账号：{names}，可能重复开设或重复登记",
                   evidence=evidence)]


def _listed_twice(acct: Account, twins: list[Account]) -> CheckResult:
    """media-duplicate for an account the registry lists more than once (and no other account of its unit)."""
    platform = acct.platform.label
    evidence = [Evidence(url=o.url, text=o.name, detail=f"{o.where or '登记表'}；数据源：{o.source or '未填写'}")
                for o in twins]
    head = f"登记表中{platform}账号“{acct.name}”（主办单位“{acct.owner.strip()}”）登记了{len(twins)}次"
    if len({o.source.strip() for o in twins} - {""}) > 1:
        return inconclusive(f"{head}，各行的数据源不同，可能是同一账号重复登记，也可能是重复开设的同名账号，请核对登记表",
                            evidence=evidence)
    return passed(f"{head}（同一账号重复登记，按一个账号计），该单位在{platform}平台没有开设其他账号", evidence=evidence)


# --- portal cross-check ---------------------------------------------------------------------------------------


def _listing_gate(listing: PortalListing, whose: str) -> CheckResult | None:
    """The result when the matrix listing cannot be compared (None when it was read and lists accounts)."""
    if listing.status == "not_found":
        reason = f"（{listing.reason}）" if listing.reason else ""
        if listing.conclusive_absence:
            return not_applicable(f"未找到{whose}的政务新媒体页面{reason}")
        return inconclusive(f"无法确定{whose}是否设有政务新媒体页面{reason or '（首页未抓取）'}，无法判定")
    if listing.status != "read":
        reason = f"：{listing.reason}" if listing.reason else ""
        return inconclusive(f"{whose}的政务新媒体页面（{listing.url}）未能读取{reason}，无法判定", listing.url,
                            [Evidence(url=listing.url, detail=listing.reason)])
    if not listing.entries:
        return inconclusive(f"{whose}的政务新媒体页面（{listing.url}）中未识别出账号名称，请人工核对", listing.url,
                            [Evidence(url=listing.url, detail="未识别出账号")])
    return None


def _platform_of(entry: PortalEntry) -> str:
    platform = entry.platform or portal_platform(entry.name)
    return platform.label if platform else "平台未注明"


def media_portal_listed(account: AccountArtifacts, params: PortalParams) -> list[CheckResult]:
    """Notice: the account is listed on its site's 政务新媒体 matrix page (name, and platform where the page says)."""
    acct = account.account
    if account.site is None:
        return [not_applicable("账号未关联本批次的网站（登记表“所属网站”为空或未匹配），不核对门户网站政务新媒体页面")]
    listing = account.portal
    if listing is None:
        return [not_applicable("本批次未采集所属网站的政务新媒体页面")]
    gate = _listing_gate(listing, "所属网站")
    if gate is not None:
        return [gate]
    label = f"{acct.platform.label}账号“{acct.name}”"
    matches = listed_on_portal(acct, listing.entries)
    if matches:
        entry = matches[0]
        return [passed(f"所属网站的政务新媒体页面（{listing.url}）列有{label}", listing.url,
                       [Evidence(url=listing.url, text=entry.text or entry.name, detail=_platform_of(entry))])]
    near = near_portal_entries(acct, listing.entries)
    if near:  # the name inside a longer caption: the page may list the account under it
        names = "、".join(dict.fromkeys(f"“{e.name}”" for e in near))
        return [inconclusive(f"所属网站的政务新媒体页面（{listing.url}）未单独列出{label}，但列有相近的名称{names}，"
                             "无法确定是否为该账号，请人工核对", listing.url,
                             [Evidence(url=listing.url, text=e.text or e.name, detail=_platform_of(e)) for e in near])]
    if listing.reason:  # read, with QR-code images that gave no name (inspector.media.gather.UNNAMED_IMAGES_NOTE)
        return [inconclusive(f"所属网站的政务新媒体页面（{listing.url}）中未识别出{label}，但{listing.reason}，"
                             "无法判定，请人工核对", listing.url, [Evidence(url=listing.url, detail=listing.reason)])]
    key = portal_key(acct.name)
    namesakes = [e for e in listing.entries if portal_key(e.name) == key]
    note = ""
    if namesakes:
        note = f"（页面列出的同名账号为{'、'.join(dict.fromkeys(_platform_of(e) for e in namesakes))}账号）"
    evidence = [Evidence(url=listing.url, text=e.text or e.name, detail=_platform_of(e)) for e in namesakes]
    evidence = evidence or [Evidence(url=listing.url, detail=f"页面列出{len(listing.entries)}个账号")]
    return [failed(f"所属网站的政务新媒体页面（{listing.url}）未列出{label}{note}", listing.url, evidence)]


def media_portal_unregistered(site: SiteArtifacts, params: PortalParams) -> list[CheckResult]:
    """Notice (site rule): one failure per account on the site's matrix page that is not in the account registry
    (any site's: a city portal may list its counties' accounts)."""
    if site.accounts is None:
        return [not_applicable("本批次未提供账号登记表，不核对政务新媒体页面")]
    listing = listing_of(site.probes)
    if listing is None:
        return [not_applicable("本批次未采集该网站的政务新媒体页面")]
    gate = _listing_gate(listing, "本网站")
    if gate is not None:
        return [gate]
    registry: Sequence[Account] = site.accounts
    extra = unregistered_entries(registry, listing.entries)
    if not extra:
        return [passed(f"政务新媒体页面（{listing.url}）列出的{len(listing.entries)}个账号均已在账号登记表中登记",
                       listing.url)]
    return [
        failed(f"政务新媒体页面（{listing.url}）列出的{_platform_of(e)}账号“{e.name.strip()}”未在账号登记表中登记，"
               "请核实是否已备案、已关停或漏登", listing.url,
               [Evidence(url=listing.url, text=e.text or e.name, detail=_platform_of(e))])
        for e in extra
    ]


# --- links in posts -------------------------------------------------------------------------------------------


def _own_site(url: str, site: Site | None) -> bool:
    """True when `url` is on the account's own site (its host, "www." ignored; see artifacts.on_own_site)."""
    if site is None:
        return True  # the gatherer decided; nothing to compare with
    return on_own_site(url, site)


def _outcome(probe: ProbeRecord) -> Outcome | None:
    try:
        return Outcome(probe.outcome)
    except ValueError:
        return Outcome.OK if probe.ok else None


def _link_outcome(probes: list[ProbeRecord]) -> Outcome | None:
    """One outcome for a link fetched (maybe) more than once: any success wins, then any unknown, else broken."""
    outcomes = [_outcome(p) for p in probes]
    if Outcome.OK in outcomes:
        return Outcome.OK
    if None in outcomes:
        return None
    inconclusive_ones = [o for o in outcomes if o is not None and not o.conclusive]
    if inconclusive_ones:
        return inconclusive_ones[0]
    return next(o for o in outcomes if o is not None)


def _link_evidence(target: str, probes: list[ProbeRecord], limit: int) -> list[Evidence]:
    items: list[Evidence] = []
    seen: set[str] = set()
    for p in probes:
        post = str(p.data.get("post") or "")
        if post in seen:
            continue
        seen.add(post)
        items.append(Evidence(url=target, referrer=post, text=str(p.data.get("post_title") or ""),
                              detail=p.error or p.outcome, http_status=p.http_status))
    return items[:limit]


def _link_message(target: str, probes: list[ProbeRecord], outcome: Outcome | None) -> str:
    first = probes[0]
    title = str(first.data.get("post_title") or "").strip()
    where = f"文章“{title}”中" if title else "文章中"
    if outcome is None:
        problem = "检查结果不明（无法判定）"
    else:
        problem = problem_label(first.error, first.http_status, attachment=is_attachment_url(target), outcome=outcome)
    posts = len({str(p.data.get("post") or "") for p in probes})
    more = f"，出现在{posts}篇文章中" if posts > 1 else ""
    return f"{where}指向本单位网站的链接（{target}）：{problem}{more}"


def media_post_links(account: AccountArtifacts, params: PostLinksParams) -> list[CheckResult]:
    """Deduct: links inside posts that point at the account's own site work (one failure per broken link)."""
    if account.site is None and not account.links:
        return [not_applicable("账号未关联所属网站，不检查文章中指向本单位网站的链接")]
    by_target: dict[str, list[ProbeRecord]] = {}
    for probe in account.links:
        if probe.kind != LINK_PROBE:
            continue
        if not _own_site(probe.target, account.site):
            logger.debug("account=%s link %s is not on its site, skipped", account.account_id, probe.target)
            continue
        by_target.setdefault(probe.target, []).append(probe)
    source = account.source
    scope = source_scope(account.account, account.account.source or source.source) if source is not None else ""
    if scope and source is not None and source.healthy:
        return [inconclusive(f"{scope}，无法检查文章中的链接", evidence=[_source_evidence(account)])]
    if not by_target:
        if source is None:
            return [inconclusive("本批次未读取该账号数据源，无法检查文章中的链接")]
        if not source.healthy:
            reason = f"{source.health.label}（{detail_label(source.detail)}）" if source.detail else source.health.label
            return [inconclusive(f"数据源状态：{reason}，未能读取文章，无法检查文章中的链接",
                                 evidence=[_source_evidence(account)])]
        if source.health is Health.EMPTY:
            return [not_applicable("数据源未返回文章，没有可检查的链接")]
        return [not_applicable("文章中没有指向本单位网站的链接")]
    network = self_check_failure(cast(Any, account))
    results: list[CheckResult] = []
    fails = checked = 0
    for target, probes in by_target.items():
        outcome = _link_outcome(probes)
        message = _link_message(target, probes, outcome)
        evidence = _link_evidence(target, probes, params.max_evidence)
        if outcome in BROKEN:
            if network:
                results.append(inconclusive(f"{message}；检查端网络自检失败（{network}），无法判定", target, evidence))
            else:
                fails += 1
                results.append(failed(message, target, evidence))
        elif outcome is None or not outcome.conclusive:
            results.append(inconclusive(message, target, evidence))
        else:
            checked += 1
    logger.debug("media links account=%s ok=%d broken=%d", account.account_id, checked, fails)
    if fails or not checked:
        return results
    unknown = f"（另有{len(results)}个无法判定）" if results else ""
    return [passed(f"文章中{checked}个指向本单位网站的链接均可访问{unknown}"), *results]
