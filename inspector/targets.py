"""Target registries: the sites to inspect, from .csv, .xlsx or .toml.

Columns (Chinese headers, English aliases accepted): 名称 (name), 网址 (url), 级别 (level: city/county/department/
township or 市级/县级/部门/乡镇), 网站标识码 (site_code, optional), 地区 (region, optional). A bad row stops loading
with its row number and the reason; nothing is half-loaded.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from inspector.model import Level, Site
from inspector.tables import read_table

COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("名称", "网站名称", "name"),
    "url": ("网址", "url", "首页", "网站地址"),
    "level": ("级别", "level"),
    "site_code": ("网站标识码", "site_code", "标识码"),
    "region": ("地区", "region"),
}
LEVEL_ALIASES: dict[str, Level] = {
    "city": Level.CITY,
    "市级": Level.CITY,
    "市": Level.CITY,
    "county": Level.COUNTY,
    "县级": Level.COUNTY,
    "县": Level.COUNTY,
    "区县": Level.COUNTY,
    "department": Level.DEPARTMENT,
    "部门": Level.DEPARTMENT,
    "township": Level.TOWNSHIP,
    "乡镇": Level.TOWNSHIP,
}
SITE_CODE_RE = re.compile(r"^(\d{10}|bm\d{8})$")


class TargetError(ValueError):
    """Raised when a registry file or one of its rows is invalid; the message names the file and the row."""


def load_sites(path: str | Path) -> list[Site]:
    """Load a site registry; raise TargetError naming the file, the row number and the reason."""
    path = Path(path)
    if not path.is_file():
        raise TargetError(f"{path}: 文件不存在 (registry file not found)")
    suffix = path.suffix.lower()
    rows = read_table(path, error=TargetError, check_headers=lambda headers, row_no: _check_headers(path, headers, row_no),
                      table="site", noun="site")
    if not rows:
        raise TargetError(f"{path}: the registry has no sites")
    sites: list[Site] = []
    seen: dict[str, int] = {}
    for row_no, raw in rows:
        where = f"{path}: row {row_no}" if suffix != ".toml" else f"{path}: site #{row_no}"
        site = parse_row(raw, where)
        key = site.url.rstrip("/")
        if key in seen:
            raise TargetError(f"{where}: duplicate 网址 {site.url} (first seen at row {seen[key]})")
        seen[key] = row_no
        sites.append(site)
    return sites


def parse_row(raw: Mapping[str, Any], where: str) -> Site:
    """Validate one registry row (already keyed by header)."""
    values = _canonical(raw)
    name = values.get("name", "").strip()
    url = values.get("url", "").strip()
    level_text = values.get("level", "").strip()
    code = values.get("site_code", "").strip()
    region = values.get("region", "").strip()
    if not name:
        raise TargetError(f"{where}: 名称 is empty")
    if not url:
        raise TargetError(f"{where}: 网址 is empty")
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetError(f"{where}: 网址 {url!r} is not an http(s) address")
    try:
        parts.port  # noqa: B018 - validates the port
    except ValueError:
        raise TargetError(f"{where}: 网址 {url!r} has an invalid port") from None
    if not parts.path:
        url = url + "/"
    level = LEVEL_ALIASES.get(level_text.lower()) or LEVEL_ALIASES.get(level_text)
    if level is None:
        raise TargetError(
            f"{where}: 级别 {level_text!r} is not one of city, county, department, township (市级/县级/部门/乡镇)"
        )
    if code.endswith(".0") and code[:-2].isdigit():  # a code typed as a number in Excel
        code = code[:-2]
    if code and not SITE_CODE_RE.match(code):
        raise TargetError(f"{where}: 网站标识码 {code!r} must be 10 digits or 'bm' + 8 digits")
    return Site(name=name, url=url, level=level, site_code=code, region=region)


def _canonical(raw: Mapping[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    lowered = {str(k).strip().lower(): v for k, v in raw.items() if k is not None}
    for key, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias.lower() in lowered and lowered[alias.lower()] not in (None, ""):
                out[key] = str(lowered[alias.lower()])
                break
    return out


def _check_headers(path: Path, headers: Sequence[str], row_no: int = 1) -> None:
    present = {h.strip().lower() for h in headers if h}
    missing = [
        aliases[0] for key, aliases in COLUMN_ALIASES.items() if key in ("name", "url", "level")
        and not any(a.lower() in present for a in aliases)
    ]
    if missing:
        raise TargetError(f"{path}: row {row_no}: missing column(s) {', '.join(missing)} (headers: {', '.join(headers)})")




def write_sites_csv(sites: Sequence[Site], path: str | Path) -> Path:
    """Write a registry CSV (UTF-8 with BOM so Excel opens it correctly)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["名称", "网址", "级别", "网站标识码", "地区"])
        for s in sites:
            writer.writerow([s.name, s.url, s.level.value, s.site_code, s.region])
    return path
