"""Account registries: the 政务新媒体 accounts to inspect, from .csv, .xlsx or .toml.

Columns (Chinese headers, English aliases accepted): 账号名称 (name), 平台 (platform: 微信公众号/微博/抖音/今日头条/
客户端/其他 or wechat/weibo/douyin/toutiao/app/other), 主办单位 (owner), 所属网站 (site: 网站标识码 or site name),
账号ID (account_id), 主页地址 (url), 数据源 (source). Only 账号名称 and 平台 are required. A bad row stops loading
with its row number and the reason; nothing is half-loaded. Two accounts of one unit on one platform are NOT an
error here: the checks report duplicates.

数据源 says how the account is read (inspector.media.sources):

- ``rss:URL`` / ``atom:URL``: an RSS or Atom feed (a self-hosted RSSHub bridge for WeChat, Weibo, Douyin, Toutiao);
- ``jsonfeed:URL``: a JSON Feed 1.x;
- ``weibo:URL``: the Weibo mobile JSON (``container/getIndex`` shape: ``data.cards[].mblog``);
- ``manual:PATH``: a CSV of posts kept by hand (标题, 链接, 发布时间); a relative path is relative to the registry;
- empty: not readable automatically (the checks say 无法判定).

A bare ``http(s)://`` address is read as ``rss:``. ``{bridge}`` in a source (``rss:{bridge}/weibo/user/123``) is
replaced by the bridge base URL given to load_accounts (or later to read_account).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from inspector.model import Site
from inspector.tables import read_table

logger = logging.getLogger(__name__)


class Platform(StrEnum):
    """The platform an account lives on (平台)."""

    WECHAT = "wechat"
    WEIBO = "weibo"
    DOUYIN = "douyin"
    TOUTIAO = "toutiao"
    APP = "app"
    OTHER = "other"

    @property
    def label(self) -> str:
        return PLATFORM_LABELS[self]


PLATFORM_LABELS = {
    Platform.WECHAT: "微信公众号",
    Platform.WEIBO: "微博",
    Platform.DOUYIN: "抖音",
    Platform.TOUTIAO: "今日头条",
    Platform.APP: "客户端",
    Platform.OTHER: "其他",
}

# Keys are compared lower-cased with spaces, "-" and "_" removed.
PLATFORM_ALIASES: dict[str, Platform] = {
    **{alias: Platform.WECHAT for alias in (
        "wechat", "weixin", "wx", "wechatofficialaccount", "officialaccount", "微信公众号", "微信公众平台", "公众号",
        "微信", "微信号", "服务号", "订阅号",
    )},
    **{alias: Platform.WEIBO for alias in ("weibo", "sinaweibo", "微博", "新浪微博", "政务微博")},
    **{alias: Platform.DOUYIN for alias in ("douyin", "抖音", "抖音号", "政务抖音")},
    **{alias: Platform.TOUTIAO for alias in ("toutiao", "今日头条", "头条", "头条号", "政务头条号")},
    **{alias: Platform.APP for alias in (
        "app", "apps", "client", "mobileapp", "客户端", "移动客户端", "政务客户端", "移动端", "手机客户端",
    )},
    # platforms without a column of their own (视频号, 快手, 小红书, B站, 百家号 ...) count as 其他
    **{alias: Platform.OTHER for alias in (
        "other", "others", "其他", "其它", "视频号", "微信视频号", "快手", "kuaishou", "小红书", "xiaohongshu",
        "bilibili", "b站", "哔哩哔哩", "百家号", "人民号", "澎湃号", "企鹅号", "网易号", "小程序", "微信小程序",
    )},
}  # fmt: skip

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("账号名称", "账号", "名称", "name", "account"),
    "platform": ("平台", "平台类型", "账号类型", "platform"),
    "owner": ("主办单位", "开办主体", "运营单位", "主管单位", "owner"),
    "site": ("所属网站", "网站", "网站名称", "网站标识码", "site"),
    "account_id": ("账号ID", "账号id", "账号编号", "微信号", "account_id", "id"),
    "url": ("主页地址", "主页", "地址", "链接", "url", "homepage"),
    "source": ("数据源", "数据来源", "source", "feed"),
}
REQUIRED_COLUMNS = ("name", "platform")

#: Source kinds (the part before the first ":"); "json" is an alias of "jsonfeed".
URL_KINDS = ("rss", "atom", "jsonfeed", "weibo")
SOURCE_KINDS = (*URL_KINDS, "manual")
_KIND_ALIASES = {"json": "jsonfeed", "json-feed": "jsonfeed", "feed": "rss"}
BRIDGE = "{bridge}"
_PLACEHOLDER_RE = re.compile(r"\{[^{}]*\}")


class AccountError(ValueError):
    """Raised when an account registry or one of its rows is invalid; the message names the file and the row."""


@dataclass(frozen=True, slots=True)
class Account:
    """One 政务新媒体 account from the registry."""

    name: str  # 账号名称
    platform: Platform  # 平台
    owner: str = ""  # 主办单位
    site: str = ""  # 所属网站: 网站标识码 or the site's name (see site_for)
    account_id: str = ""  # 账号ID
    url: str = ""  # 主页地址
    source: str = ""  # 数据源, normalised "kind:target"; "" = not readable automatically
    where: str = field(default="", compare=False)  # "FILE: row N" it was loaded from ("" when built in code)

    @property
    def source_kind(self) -> str:
        """"rss", "atom", "jsonfeed", "weibo", "manual", or "" when the account has no source."""
        return split_source(self.source)[0]

    @property
    def source_target(self) -> str:
        """The URL (or, for manual, the file path) after the kind."""
        return split_source(self.source)[1]

    @property
    def needs_bridge(self) -> bool:
        """True when the source still has a {bridge} placeholder to fill."""
        return BRIDGE in self.source

    @property
    def key(self) -> tuple[str, Platform]:
        """Name and platform: how the checks spot duplicate accounts."""
        return (self.name, self.platform)


def split_source(source: str) -> tuple[str, str]:
    """"rss:http://x/feed" → ("rss", "http://x/feed"); "" → ("", ""). Assumes a normalised source."""
    if not source:
        return "", ""
    kind, _, target = source.partition(":")
    return kind, target


def fill_bridge(source: str, bridge: str) -> str:
    """Replace {bridge} with the bridge base URL (without a trailing slash); no-op when `bridge` is empty."""
    if not bridge or BRIDGE not in source:
        return source
    return source.replace(BRIDGE, bridge.strip().rstrip("/"))


def parse_platform(text: str) -> Platform | None:
    """A platform from a registry cell (Chinese or English, case and spacing ignored); None when unknown."""
    key = re.sub(r"[\s_\-]+", "", text).lower()
    return PLATFORM_ALIASES.get(key)


def parse_source(text: str, *, base_dir: Path | None = None, bridge: str = "") -> str:
    """Validate and normalise a 数据源 cell; raise ValueError with the reason.

    Returns "kind:target" with the kind lower-cased and aliases resolved, {bridge} filled when `bridge` is given,
    and a relative manual path made absolute against `base_dir`.
    """
    text = text.strip()
    if not text:
        return ""
    if re.match(r"^https?://", text, re.IGNORECASE) or text.lower().startswith(BRIDGE):
        kind, target = "rss", text
    else:
        kind, sep, target = text.partition(":")
        if not sep:
            raise ValueError(f"数据源 {text!r} has no kind (write rss:URL, atom:URL, jsonfeed:URL, weibo:URL or "
                             "manual:PATH, or leave it empty)")
        kind = kind.strip().lower()
        kind = _KIND_ALIASES.get(kind, kind)
        target = target.strip()
    if kind not in SOURCE_KINDS:
        raise ValueError(f"数据源 {text!r}: unknown kind {kind!r} (use {', '.join(k + ':' for k in SOURCE_KINDS)} "
                         "or leave it empty)")
    if not target:
        raise ValueError(f"数据源 {text!r}: nothing after {kind}:")
    if kind == "manual":
        path = Path(target).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        return f"manual:{path}"
    target = fill_bridge(target, bridge)
    unknown = [p for p in _PLACEHOLDER_RE.findall(target) if p != BRIDGE]
    if unknown:
        raise ValueError(f"数据源 {text!r}: unknown placeholder {unknown[0]} (only {BRIDGE} is filled in)")
    probe = target.replace(BRIDGE, "http://bridge.invalid")
    parts = urlsplit(probe)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"数据源 {text!r}: {target!r} is not an http(s) address")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise ValueError(f"数据源 {text!r}: {target!r} has an invalid port") from None
    return f"{kind}:{target}"


def load_accounts(path: str | Path, *, bridge: str = "") -> list[Account]:
    """Load an account registry; raise AccountError naming the file, the row number and the reason.

    `bridge` fills {bridge} placeholders in 数据源 (left in place when empty: read_account can fill them later).
    CSV files may start with comment lines beginning with "#" (row numbers still count them).
    """
    path = Path(path)
    if not path.is_file():
        raise AccountError(f"{path}: 文件不存在 (registry file not found)")
    suffix = path.suffix.lower()
    rows = read_table(path, error=AccountError, check_headers=lambda headers, row_no: _check_headers(path, headers, row_no),
                      table="account", noun="account")
    if not rows:
        raise AccountError(f"{path}: the registry has no accounts")
    base_dir = path.resolve().parent
    accounts: list[Account] = []
    for row_no, raw in rows:
        where = f"{path}: row {row_no}" if suffix != ".toml" else f"{path}: account #{row_no}"
        accounts.append(parse_account_row(raw, where, base_dir=base_dir, bridge=bridge))
    logger.debug("loaded %d accounts from %s", len(accounts), path)
    return accounts


def parse_account_row(
    raw: Mapping[str, Any], where: str, *, base_dir: Path | None = None, bridge: str = ""
) -> Account:
    """Validate one registry row (already keyed by header); `where` prefixes every error message."""
    values = _canonical(raw)
    name = values.get("name", "")
    platform_text = values.get("platform", "")
    if not name:
        raise AccountError(f"{where}: 账号名称 is empty")
    if not platform_text:
        raise AccountError(f"{where}: 平台 is empty (use {'/'.join(PLATFORM_LABELS.values())})")
    platform = parse_platform(platform_text)
    if platform is None:
        raise AccountError(
            f"{where}: 平台 {platform_text!r} is not one of {'/'.join(PLATFORM_LABELS.values())} "
            f"({'/'.join(p.value for p in Platform)})"
        )
    url = values.get("url", "")
    if url:
        if "://" not in url:
            url = "http://" + url
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise AccountError(f"{where}: 主页地址 {url!r} is not an http(s) address")
    account_id = values.get("account_id", "")
    if account_id.endswith(".0") and account_id[:-2].isdigit():  # a numeric ID typed as a number in Excel
        account_id = account_id[:-2]
    site = values.get("site", "")
    if site.endswith(".0") and site[:-2].isdigit():  # a 网站标识码 typed as a number
        site = site[:-2]
    try:
        source = parse_source(values.get("source", ""), base_dir=base_dir, bridge=bridge)
    except ValueError as exc:
        raise AccountError(f"{where}: {exc}") from None
    return Account(
        name=name, platform=platform, owner=values.get("owner", ""), site=site, account_id=account_id, url=url,
        source=source, where=where,
    )


def site_for(account: Account, sites: Iterable[Site]) -> Site | None:
    """The registry site an account belongs to: by 网站标识码 first, then by exact site name; None if no match."""
    wanted = account.site.strip()
    if not wanted:
        return None
    sites = list(sites)
    for site in sites:
        if site.site_code and site.site_code == wanted:
            return site
    for site in sites:
        if site.name == wanted:
            return site
    return None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _canonical(raw: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    lowered = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
    for key, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            value = _cell(lowered.get(alias.lower()))
            if value:
                out[key] = value
                break
    return out


def _check_headers(path: Path, headers: Sequence[str], row_no: int = 1) -> None:
    present = {h.strip().lower() for h in headers if h}
    missing = [
        COLUMN_ALIASES[key][0] for key in REQUIRED_COLUMNS
        if not any(a.lower() in present for a in COLUMN_ALIASES[key])
    ]
    if missing:
        raise AccountError(
            f"{path}: row {row_no}: missing column(s) {', '.join(missing)} "
            f"(headers: {', '.join(h for h in headers if h)})"
        )


