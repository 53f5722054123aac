"""政务新媒体 (government new-media accounts): the account registry and reading accounts through their sources.

- `load_accounts` reads a registry (.csv / .xlsx / .toml) into `Account`s (accounts.py);
- `read_account` / `read_accounts` read an account's source into a `SourceResult`: posts plus the source's
  `Health` (sources.py), through the pure adapters of adapters.py (RSS / Atom, JSON Feed, Weibo JSON, manual CSV).

Source health is kept apart from account activity: only Health.OK and Health.EMPTY say anything about the account.
"""

from __future__ import annotations

from inspector.media.accounts import (
    PLATFORM_LABELS,
    Account,
    AccountError,
    Platform,
    fill_bridge,
    load_accounts,
    parse_platform,
    parse_source,
    site_for,
    split_source,
)
from inspector.media.adapters import Parsed, judge_answer, parse_feed, parse_json_feed, parse_weibo, read_manual_csv
from inspector.media.posts import CST, HEALTH_LABELS, Health, Post, latest, parse_time, parse_weibo_time
from inspector.media.sources import SourceResult, read_account, read_accounts

__all__ = [
    "CST",
    "HEALTH_LABELS",
    "PLATFORM_LABELS",
    "Account",
    "AccountError",
    "Health",
    "Parsed",
    "Platform",
    "Post",
    "SourceResult",
    "fill_bridge",
    "judge_answer",
    "latest",
    "load_accounts",
    "parse_feed",
    "parse_json_feed",
    "parse_platform",
    "parse_source",
    "parse_time",
    "parse_weibo",
    "parse_weibo_time",
    "read_account",
    "read_accounts",
    "read_manual_csv",
    "site_for",
    "split_source",
]
