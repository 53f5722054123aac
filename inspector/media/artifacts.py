"""What the account checks read: one account's gathered artifacts, and a portal's 政务新媒体 matrix listing.

The gatherer (inspector.pipeline.gather_accounts) stores, per run:

- one probe of kind ``media-source`` per account: the `SourceResult` of reading its 数据源 (`SourceResult.to_dict`
  in `data`), keyed by the probe's `account_id`;
- probes of kind ``media-link`` per account: links inside its posts that point at its own site, fetched like any
  link (`outcome` an Outcome value; `data`: {"post": post URL, "post_title": ..., "published": ...});
- one probe of kind ``media-matrix`` per site (when the run has an account registry): the `PortalListing` of the
  site's 政务新媒体 matrix page (`PortalListing.to_data` in `data`).

The store turns them back into `AccountArtifacts` (for account rules, `target = "account"`) and puts the
registry's accounts of a site into `SiteArtifacts.accounts` (for the site-level portal cross-check).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal
from urllib.parse import urlsplit

from inspector.media.accounts import Account, Platform
from inspector.media.sources import SourceResult
from inspector.model import ProbeRecord, Site

logger = logging.getLogger(__name__)

SOURCE_PROBE = "media-source"
LINK_PROBE = "media-link"
MATRIX_PROBE = "media-matrix"

ListingStatus = Literal["read", "not_found", "unread"]


@dataclass(frozen=True, slots=True)
class PortalEntry:
    """One account as a portal's matrix page lists it."""

    name: str  # the account name as the page shows it, without platform words, brackets or “二维码”
    platform: Platform | None = None  # when the page says which platform (a caption, a heading, an icon's alt)
    text: str = ""  # the raw caption or row text it came from

    def to_data(self) -> dict[str, Any]:
        return {"name": self.name, "platform": self.platform.value if self.platform else None, "text": self.text}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PortalEntry:
        platform = data.get("platform")
        return cls(str(data.get("name") or ""), Platform(platform) if platform else None, str(data.get("text") or ""))


@dataclass(frozen=True, slots=True)
class PortalListing:
    """A site's 政务新媒体 matrix page as the gatherer read it.

    status: "read" (the page was fetched and its accounts extracted; `entries` may be empty), "not_found" (the
    column rules found no matrix page in the stored crawl: `reason` says why, e.g. the homepage was not crawled),
    "unread" (found, but fetching or reading it failed: `reason`).
    """

    status: ListingStatus
    url: str = ""  # the matrix page ("" when not found)
    reason: str = ""  # Chinese, for not_found / unread
    entries: tuple[PortalEntry, ...] = ()
    conclusive_absence: bool = False  # not_found only: the homepage was crawled, so "no matrix page" is known

    def to_data(self) -> dict[str, Any]:
        return {"status": self.status, "url": self.url, "reason": self.reason,
                "entries": [e.to_data() for e in self.entries], "conclusive_absence": self.conclusive_absence}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> PortalListing:
        return cls(
            status=data.get("status", "unread"),
            url=str(data.get("url") or ""),
            reason=str(data.get("reason") or ""),
            entries=tuple(PortalEntry.from_data(e) for e in data.get("entries") or ()),
            conclusive_absence=bool(data.get("conclusive_absence")),
        )

    @classmethod
    def from_probe(cls, probe: ProbeRecord) -> PortalListing:
        return cls.from_data(probe.data)


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def on_own_site(url: str, site: Site) -> bool:
    """True when `url` is on the account's own site: the site's host, with or without "www." (any port).

    Other hosts under the same domain (jyj.huanggang.gov.cn under www.huanggang.gov.cn) are often other units' sites:
    a broken link there is not the unit's own site failing, so it is not checked as one."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    own = _bare_host(site.host)
    return bool(own) and _bare_host(host) == own


def listing_of(probes: tuple[ProbeRecord, ...] | list[ProbeRecord]) -> PortalListing | None:
    """The latest matrix listing among a site's probes (None when the run gathered none)."""
    found = [p for p in probes if p.kind == MATRIX_PROBE]
    return PortalListing.from_probe(found[-1]) if found else None


@dataclass(frozen=True, slots=True)
class AccountArtifacts:
    """Everything gathered for one account in one run: the only input an account check gets."""

    account_id: int
    account: Account
    as_of: date
    quarter_start: date
    quarter_end: date
    site_id: int | None = None  # the registry site the account belongs to (None: no 所属网站 or no match)
    site: Site | None = None
    source: SourceResult | None = None  # None: the account was not read in this run (no media-source probe)
    links: tuple[ProbeRecord, ...] = ()  # media-link probes: own-site links inside its posts
    portal: PortalListing | None = None  # the owning site's matrix listing (None: not gathered or no site)
    registry: tuple[Account, ...] = ()  # every account of the run's registry, this one included (duplicates)
    run_probes: tuple[ProbeRecord, ...] = ()  # run-level probes (the inspector's self-check)
