"""Build SiteArtifacts from rule case files (tests/cases/<rule-id>/<status>-<slug>.json|.html).

A .json case is a SiteArtifacts fragment; everything left out takes a default:

    {
      "site":  {"name": "…", "url": "http://www.demo.test/", "level": "county", "site_code": "4211000001"},
      "as_of": "2026-09-30",
      "pages": [{"url": "http://www.demo.test/", "depth": 0, "outcome": "ok", "facts": {...}}, ...],
      "links": [{"source": "…", "target": "…", "text": "…"}],          # on_homepage defaults to source == homepage
      "probes": [{"ok": true, "elapsed_ms": 300, "repeat": 19}],        # kind "homepage", target = site url
      "run_probes": [{"ok": false, "error": "timeout"}],                # kind "self-check"
      "accounts": [{"name": "…", "platform": "wechat", "owner": "…"}]   # SiteArtifacts.accounts (absent: None)
    }

A .json case with a top-level "account" is an AccountArtifacts fragment (for `target = "account"` rules):

    {
      "account": {"name": "黄冈发布", "platform": "wechat", "owner": "…", "source": "rss:http://bridge.test/x"},
      "as_of": "2026-11-26",                          # the quarter follows from it
      "site": {...} | null,                           # default: the default site (null: no site)
      "source": {"health": "ok", "detail": "…", "posts": [{"title", "url", "published", "links"}]} | null,
      "links": [{"target": "…", "ok": false, "outcome": "broken", "http_status": 404, "data": {...}}],
      "portal": {"status": "read", "url": "…", "entries": [{"name": "…", "platform": "wechat"}]} | null,
      "registry": [{"name": …}, ...],                 # default: just this account
      "run_probes": [...]
    }

A .html case is the homepage's HTML: it goes through inspector.extract (the spider's own extraction) and
becomes the facts of the one homepage PageRecord of the default site. A .ref case names (relative to itself, on
its last non-comment line) a shared HTML fixture used the same way, so real saved pages are stored once.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

from inspector.model import LinkRecord, Level, Outcome, PageRecord, ProbeRecord, Site, SiteArtifacts

SITE_ID = 1
SITE_URL = "http://www.demo.test/"
AS_OF = date(2026, 9, 30)
DEFAULT_SITE = {"name": "演示县人民政府", "url": SITE_URL, "level": "county", "site_code": "", "region": "演示县"}
STATUS_PREFIXES = {"pass": "pass", "fail": "fail", "inconclusive": "inconclusive", "na": "not_applicable"}


def expected_status(path: Path) -> str:
    """The Status value a case file expects, from its file-name prefix (pass-, fail-, inconclusive-, na-)."""
    prefix = path.name.split("-", 1)[0]
    if prefix not in STATUS_PREFIXES or "-" not in path.name:
        raise ValueError(f"{path}: case files are named <pass|fail|inconclusive|na>-<slug>.<json|html>")
    return STATUS_PREFIXES[prefix]


CASE_SUFFIXES = (".json", ".html", ".ref")


def referenced(path: Path) -> Path:
    """The fixture a .ref case names (its last line that is not a # comment), resolved against the case's folder."""
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    if not lines:
        raise ValueError(f"{path}: a .ref case names a fixture file")
    target = (path.parent / lines[-1]).resolve()
    if not target.is_file():
        raise ValueError(f"{path}: fixture {lines[-1]} not found")
    return target


def load_case(path: Path) -> Any:
    """SiteArtifacts, or AccountArtifacts for a .json case with a top-level "account"."""
    if path.suffix == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        if "account" in data:
            return account_from_json(data, where=str(path))
        return artifacts_from_json(data, where=str(path))
    if path.suffix == ".html":
        return artifacts_from_html(path.read_bytes())
    if path.suffix == ".ref":
        return artifacts_from_html(referenced(path).read_bytes())
    raise ValueError(f"{path}: unknown case file type")


def _build(cls: type[Any], data: dict[str, Any], defaults: dict[str, Any], where: str) -> Any:
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"{where}: unknown {cls.__name__} keys {sorted(unknown)}")
    return cls(**{**defaults, **data})


def artifacts_from_json(data: dict[str, Any], where: str = "case") -> SiteArtifacts:
    allowed = {"site_id", "site", "as_of", "pages", "links", "probes", "run_probes", "accounts"}
    if set(data) - allowed:
        raise ValueError(f"{where}: unknown top-level keys {sorted(set(data) - allowed)}")
    site_id = data.get("site_id", SITE_ID)
    site_data = {**DEFAULT_SITE, **data.get("site", {})}
    site_data["level"] = Level(site_data["level"])
    site: Site = _build(Site, site_data, {}, where)

    pages: list[PageRecord] = []
    for item in data.get("pages", []):
        item = dict(item)
        item["outcome"] = Outcome(item.get("outcome", "ok"))
        pages.append(_build(PageRecord, item, {"site_id": site_id, "kind": "page"}, where))
    home = next((p.url for p in pages if p.depth == 0 and p.kind == "page"), site.url)

    links = []
    for item in data.get("links", []):
        defaults = {"site_id": site_id, "text": "", "how": "a", "kind": "page",
                    "on_homepage": item.get("source") == home}
        links.append(_build(LinkRecord, item, defaults, where))

    def probes(items: list[dict[str, Any]], defaults: dict[str, Any]) -> list[ProbeRecord]:
        out = []
        for item in items:
            item = dict(item)
            repeat = item.pop("repeat", 1)
            out.extend(_build(ProbeRecord, item, defaults, where) for _ in range(repeat))
        return out

    return SiteArtifacts(
        site_id=site_id,
        site=site,
        as_of=date.fromisoformat(data.get("as_of", AS_OF.isoformat())),
        pages=tuple(pages),
        links=tuple(links),
        probes=tuple(probes(data.get("probes", []), {"site_id": site_id, "kind": "homepage", "target": site.url})),
        run_probes=tuple(probes(data.get("run_probes", []),
                                {"site_id": None, "kind": "self-check", "target": "http://selfcheck.test/"})),
        accounts=tuple(_account(a, where) for a in data["accounts"]) if "accounts" in data else None,
    )


def _account(data: dict[str, Any], where: str) -> Any:
    from inspector.media import Account, Platform

    item = dict(data)
    item["platform"] = Platform(item.get("platform", "wechat"))
    return _build(Account, item, {}, where)


def account_from_json(data: dict[str, Any], where: str = "case") -> Any:
    """AccountArtifacts from an account case (see the module docstring)."""
    from datetime import datetime

    from inspector.bulletin import quarter_bounds, quarter_of
    from inspector.media import CST, SourceResult
    from inspector.media.artifacts import AccountArtifacts, PortalListing

    allowed = {"account", "as_of", "site", "source", "links", "portal", "registry", "run_probes"}
    if set(data) - allowed:
        raise ValueError(f"{where}: unknown top-level keys {sorted(set(data) - allowed)}")
    account = _account(data["account"], where)
    as_of = date.fromisoformat(data.get("as_of", AS_OF.isoformat()))
    start, end = quarter_bounds(quarter_of(as_of))
    site = None
    if data.get("site", {}) is not None:
        site_data = {**DEFAULT_SITE, **data.get("site", {})}
        site_data["level"] = Level(site_data["level"])
        site = _build(Site, site_data, {}, where)
    source = None
    if data.get("source") is not None:
        raw = {"source": account.source, "detail": "", "fetched_at": datetime.combine(as_of, datetime.min.time(), CST)
               .replace(hour=8).isoformat(), **data["source"]}
        source = SourceResult.from_dict(raw)
    links = tuple(
        _build(ProbeRecord, dict(item), {"site_id": SITE_ID, "kind": "media-link", "target": "", "ok": False,
                                         "account_id": 1}, where)
        for item in data.get("links", [])
    )
    portal = PortalListing.from_data(data["portal"]) if data.get("portal") is not None else None
    registry = tuple(_account(a, where) for a in data["registry"]) if "registry" in data else (account,)
    run_probes = tuple(
        _build(ProbeRecord, dict(item), {"site_id": None, "kind": "self-check", "target": "http://selfcheck.test/"}, where)
        for item in data.get("run_probes", [])
    )
    return AccountArtifacts(
        account_id=1, account=account, as_of=as_of, quarter_start=start, quarter_end=end,
        site_id=SITE_ID if site is not None else None, site=site, source=source, links=links, portal=portal,
        registry=registry, run_probes=run_probes,
    )


def artifacts_from_html(html: bytes, url: str = SITE_URL) -> SiteArtifacts:
    """The default site whose only page is this homepage, its facts extracted as the spider would."""
    from inspector.extract import decode_body, extract_page, page_facts_to_dict

    text, encoding = decode_body(html, "text/html")
    facts = page_facts_to_dict(extract_page(url, text, encoding, reference_date=AS_OF), with_links=False)
    outcome = Outcome.WAF if facts.get("waf_challenge") else Outcome.SOFT_404 if facts.get("soft_404") else Outcome.OK
    home = PageRecord(site_id=SITE_ID, url=url, kind="page", outcome=outcome, http_status=200, depth=0,
                      final_url=url, content_type="text/html", encoding=str(facts.get("encoding", "")),
                      title=str(facts.get("title", "")), facts=facts)
    site = Site(**{**DEFAULT_SITE, "url": url, "level": Level.COUNTY})
    return SiteArtifacts(site_id=SITE_ID, site=site, as_of=AS_OF, pages=(home,), links=(), probes=())
