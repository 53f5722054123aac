"""The farm's ground truth as data: the JSON manifest of seeded defects and the target registry (CSV).

Manifest shape (URLs carry the real port of their host: `http_port`, or `http_port_ipv4_only` for the hosts
the farm serves on 127.0.0.1 only):
{"seed", "scale", "mirrors", "today", "http_port", "http_port_ipv4_only", "dns", "page_count",
 "sites":   [{"host", "name", "level", "site_code", "url", "region", "pages", "down"}],
 "defects": [{"host", "rule", "url", "detail", "kind", "source"}],
 "benign":  [{"host", "rule", "url", "expect", "detail", "kind", "source"}]}
`today` is the reference day (YYYY-MM-DD) the sites' dates are relative to: run the inspection with it as --as-of.
`host` is the registry site the finding counts against, `url` the URL the finding is about (for footer,
availability, IPv6 and site-level column rules: the site's homepage; for consultation-period: the notice),
`source` the page that carries the faulty link ("" when not a link), `kind` what was seeded (http-404, nxdomain,
timeout, waf, footer-missing, ipv6-no-aaaa, column-missing, column-stale, consultation-short, ...).
"""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from typing import Any

from inspector.farm.base import Ctx, Fault
from inspector.farm.sites import Farm
from inspector.model import Site

logger = logging.getLogger(__name__)

REGISTRY_HEADERS = ("名称", "网址", "级别", "网站标识码", "地区")


def fault_entry(fault: Fault, ctx: Ctx) -> dict[str, Any]:
    entry: dict[str, Any] = {"host": fault.site, "rule": fault.rule, "url": ctx.url(fault.host, fault.path)}
    if fault.expect:
        entry["expect"] = fault.expect
    entry["detail"] = fault.detail
    entry["kind"] = fault.kind
    entry["source"] = ctx.url(fault.site, fault.source) if fault.source else ""
    return entry


def manifest(farm: Farm, http_port: int, dns_spec: str, ipv4_only_port: int | None = None) -> dict[str, Any]:
    """The JSON-able manifest for a farm served on `http_port` (and `ipv4_only_port` for its IPv4-only hosts;
    None = the same port) with its DNS at `dns_spec`."""
    ctx = farm.ctx(http_port, ipv4_only_port)
    faults = farm.faults()
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
        "defects": [fault_entry(f, ctx) for f in faults if not f.expect],
        "benign": [fault_entry(f, ctx) for f in faults if f.expect],
    }


def registry(farm: Farm, http_port: int, ipv4_only_port: int | None = None) -> list[Site]:
    """The registry targets, with the real port in their URLs."""
    ctx = farm.ctx(http_port, ipv4_only_port)
    return [Site(s.name, ctx.url(s.host, "/"), s.level, s.site_code, s.region) for s in farm.sites]


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
