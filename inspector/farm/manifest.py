"""The farm's ground truth as data: the JSON manifest of seeded defects, the target registry (CSV) and the
政务新媒体 account registry (CSV).

Manifest shape (URLs carry the real port of their host: `http_port`, or `http_port_ipv4_only` for the hosts
the farm serves on 127.0.0.1 only):
{"seed", "scale", "mirrors", "today", "http_port", "http_port_ipv4_only", "dns", "page_count",
 "sites":   [{"host", "name", "level", "site_code", "url", "region", "pages", "down"}],
 "defects": [{"host", "rule", "url", "detail", "kind", "source"}],
 "benign":  [{"host", "rule", "url", "expect", "detail", "kind", "source"}],
 "media":   {"accounts": [{"name", "platform", "owner", "host", "site_code", "source", "url", "health",
                           "days_since_latest", "listed", "detail"}],
             "matrix_pages": [{"host", "url", "entries"}],
             "defects": [{"account", "platform", "rule", "kind", "detail", "url"}],
             "benign":  [{"account", "platform", "rule", "expect", "detail", "kind"}]}}
`today` is the reference day (YYYY-MM-DD) the sites' dates are relative to: run the inspection with it as --as-of.
`host` is the registry site the finding counts against, `url` the URL the finding is about (for footer,
availability, IPv6 and site-level column rules: the site's homepage; for consultation-period: the notice; for
media-portal-unregistered: the site's 政务新媒体 matrix page, one entry per listed account missing from the
account registry), `source` the page that carries the faulty link ("" when not a link), `kind` what was seeded
(http-404, nxdomain, timeout, waf, footer-missing, ipv6-no-aaaa, column-missing, column-stale, consultation-short,
media-unregistered, ...).

"media" holds the account-level truth (inspector/farm/portals/media.py, DEMO_ACCOUNTS). `accounts` is the demo's
account registry in table order: `platform` an inspector.media.Platform value, `host` / `site_code` the site it
belongs to, `source` its 数据源 with the real port ("" = none), `health` what reading the source gives (a Health
value; "unsupported" without a source), `days_since_latest` the days from its newest post to `today` (null when
the source gives no data), `listed` whether its site's matrix page lists it, `detail` what its source serves.
`matrix_pages` are the portals' 政务新媒体 pages and the entries they show (“名称（平台）”). An account is named by
(`account`, `platform`) in `defects` (a failed finding must come out: rule, what was seeded, why; `url` is the
finding's subject when it is not the account itself: the broken link for media-post-links, the site's matrix page
for media-portal-listed; "" otherwise) and `benign` (`expect` "pass": the rule passes; "inconclusive": 无法判定).
Every account has a media-update entry in one of them; rules that do not apply are left out.
"""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from typing import Any

from inspector.farm.base import Ctx, Fault
from inspector.farm.portals import media
from inspector.farm.sites import Farm
from inspector.media.accounts import Account
from inspector.model import Site

logger = logging.getLogger(__name__)

REGISTRY_HEADERS = ("名称", "网址", "级别", "网站标识码", "地区")
ACCOUNT_HEADERS = ("账号名称", "平台", "主办单位", "所属网站", "账号ID", "主页地址", "数据源")


def fault_entry(fault: Fault, ctx: Ctx) -> dict[str, Any]:
    entry: dict[str, Any] = {"host": fault.site, "rule": fault.rule, "url": ctx.url(fault.host, fault.path)}
    if fault.expect:
        entry["expect"] = fault.expect
    entry["detail"] = fault.detail
    entry["kind"] = fault.kind
    entry["source"] = ctx.url(fault.site, fault.source) if fault.source else ""
    return entry


def site_media_entry(entry: media.SiteEntry, ctx: Ctx) -> dict[str, Any]:
    out: dict[str, Any] = {"host": entry.host, "rule": entry.rule, "url": ctx.url(entry.host, entry.path)}
    if entry.expect:
        out["expect"] = entry.expect
    out.update(detail=entry.detail, kind=entry.kind, source="")
    return out


def media_section(farm: Farm, ctx: Ctx) -> dict[str, Any]:
    """The manifest's "media" part (see the module docstring)."""
    codes = {s.host: s.site_code for s in farm.sites}
    accounts = [
        {"name": a.name, "platform": a.platform, "owner": a.owner, "host": a.site, "site_code": codes.get(a.site, ""),
         "source": a.source_for(ctx), "url": a.homepage, "health": a.health, "days_since_latest": a.days_since_latest,
         "listed": a.listed, "detail": a.detail}
        for a in media.DEMO_ACCOUNTS
    ]
    pages = [{"host": host, "url": ctx.url(host, path), "entries": [f"{n}（{p}）" for n, p in media.matrix(host)]}
             for host, path in media.MATRIX_PAGES.items() if farm.site(host) is not None]
    defects: list[dict[str, Any]] = []
    benign: list[dict[str, Any]] = []
    for account in media.DEMO_ACCOUNTS:
        for e in media.expectations(account, farm.seed, farm.scale, farm.today, ctx):
            who = {"account": account.name, "platform": account.platform, "rule": e.rule}
            if e.outcome == "fail":
                defects.append({**who, "kind": e.kind, "detail": e.detail, "url": e.url})
            else:
                benign.append({**who, "expect": e.outcome, "detail": e.detail, "kind": e.kind})
    return {"accounts": accounts, "matrix_pages": pages, "defects": defects, "benign": benign}


def manifest(farm: Farm, http_port: int, dns_spec: str, ipv4_only_port: int | None = None) -> dict[str, Any]:
    """The JSON-able manifest for a farm served on `http_port` (and `ipv4_only_port` for its IPv4-only hosts;
    None = the same port) with its DNS at `dns_spec`."""
    ctx = farm.ctx(http_port, ipv4_only_port)
    faults = farm.faults()
    site_media = media.site_entries()
    return {
        "seed": farm.seed,
        "scale": farm.scale,
        "mirrors": farm.mirrors,
        "today": farm.today.isoformat(),
        "http_port": http_port,
        "http_port_ipv4_only": http_port if ipv4_only_port is None else ipv4_only_port,
        "dns": dns_spec,
        "page_count": farm.page_count(),
        "sites": [
            {"host": s.host, "name": s.name, "level": s.level.value, "site_code": s.site_code,
             "url": ctx.url(s.host, "/"), "region": s.region, "pages": s.pages, "down": s.down}
            for s in farm.sites
        ],
        "defects": [fault_entry(f, ctx) for f in faults if not f.expect]
        + [site_media_entry(e, ctx) for e in site_media if not e.expect],
        "benign": [fault_entry(f, ctx) for f in faults if f.expect]
        + [site_media_entry(e, ctx) for e in site_media if e.expect],
        "media": media_section(farm, ctx),
    }


def registry(farm: Farm, http_port: int, ipv4_only_port: int | None = None) -> list[Site]:
    """The registry targets, with the real port in their URLs."""
    ctx = farm.ctx(http_port, ipv4_only_port)
    return [Site(s.name, ctx.url(s.host, "/"), s.level, s.site_code, s.region) for s in farm.sites]


def accounts(farm: Farm, http_port: int, ipv4_only_port: int | None = None) -> list[Account]:
    """The demo's 政务新媒体 account registry, with the real port in every 数据源 (no placeholders)."""
    return farm.accounts(http_port, ipv4_only_port)


def write_manifest(data: dict[str, Any], path: str | Path) -> Path:
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    logger.info("farm manifest written path=%s defects=%d", target, len(data["defects"]))
    return target


def write_registry_csv(sites: list[Site], path: str | Path) -> Path:
    """名称,网址,级别,网站标识码,地区 in UTF-8 with a BOM (so Excel opens it correctly)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(REGISTRY_HEADERS)
        for site in sites:
            writer.writerow((site.name, site.url, site.level.value, site.site_code, site.region))
    logger.info("farm registry written path=%s sites=%d", target, len(sites))
    return target


def write_accounts_csv(accounts: list[Account], path: str | Path) -> Path:
    """账号名称,平台,主办单位,所属网站,账号ID,主页地址,数据源 in UTF-8 with a BOM; 平台 is written in Chinese
    (微信公众号, 微博, ...) and 所属网站 as the account has it (the demo's: the site's 网站标识码).
    inspector.media.load_accounts reads the file back into the same accounts."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACCOUNT_HEADERS)
        for a in accounts:
            writer.writerow((a.name, a.platform.label, a.owner, a.site, a.account_id, a.url, a.source))
    logger.info("farm account registry written path=%s accounts=%d", target, len(accounts))
    return target
