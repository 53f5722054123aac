"""Quarter-on-quarter comparison: match last quarter's sites to this run's (pure).

Site ids differ between runs. A site is recognised by its 网站标识码 (the national identifier, which survives a
change of domain after 机构改革) when both runs record one, otherwise by its normalised homepage address.
See docs/style.md B8.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from inspector.bulletin.inputs import PreviousResult
from inspector.model import Site, SiteVerdict

logger = logging.getLogger(__name__)

_DEFAULT_PORTS = {"http": 80, "https": 443}


def homepage_key(url: str) -> str:
    """A site's identity across runs: host (any case), non-default port, path without trailing slash, query.

    The scheme is ignored, so a site that moved from http to https is still the same site.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is not None and port != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    key = host + parts.path.rstrip("/")
    return f"{key}?{parts.query}" if parts.query else key


def match_previous(
    sites: Sequence[tuple[int, Site]],
    previous_sites: Sequence[tuple[int, Site]],
    previous_verdicts: Mapping[int, SiteVerdict],
) -> dict[int, PreviousResult]:
    """Last quarter's results keyed by this run's site ids.

    Args:
        sites: this run's ``(site_id, Site)`` pairs.
        previous_sites: the comparison run's ``(site_id, Site)`` pairs, in registry order.
        previous_verdicts: the comparison run's verdicts by its own site ids; a previous site without one is
            skipped (the caller decides what a site without findings scored).

    Returns:
        ``{site_id: PreviousResult}`` for every site of this run found in the comparison run (same 网站标识码,
        else same homepage); when two previous sites share a code or a homepage, the first in registry order
        is used.
    """
    by_code: dict[str, int] = {}
    by_key: dict[str, int] = {}
    codes = {prev_id: site.site_code.strip().lower() for prev_id, site in previous_sites}
    for prev_id, site in previous_sites:
        code = site.site_code.strip().lower()
        if code and code not in by_code:
            by_code[code] = prev_id
        key = homepage_key(site.url)
        if key in by_key:
            logger.warning("comparison run lists %s twice; using the first entry", site.url)
            continue
        by_key[key] = prev_id
    matched: dict[int, PreviousResult] = {}
    for site_id, site in sites:
        code = site.site_code.strip().lower()
        prev_id = by_code.get(code) if code else None
        if prev_id is None:
            prev_id = by_key.get(homepage_key(site.url))
            if prev_id is not None and code and codes.get(prev_id) and codes[prev_id] != code:
                prev_id = None  # same address, different 网站标识码: another site now lives there
        if prev_id is not None and prev_id in previous_verdicts:
            matched[site_id] = PreviousResult.of(previous_verdicts[prev_id])
    return matched
