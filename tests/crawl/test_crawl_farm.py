"""Integration: crawl the whole demo farm and compare the outcomes with the farm's ground-truth manifest."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import create_engine, text

from inspector.crawl import run_crawl
from inspector.farm import build_farm, run_farm
from inspector.store import Store

pytestmark = pytest.mark.farm

LINK_TIMEOUT = 1.0
SLOW_SECONDS = 2.0  # a bit above the link timeout: the farm's "timeout" defect must come out as a timeout


@pytest.fixture(scope="module")
def farm_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    tmp: Path = tmp_path_factory.mktemp("farm")
    db = tmp / "farm.db"
    store = Store(db)
    run_id = store.create_run(as_of=date(2026, 11, 26), quarter="2026Q4")
    store.close()
    events: list[dict[str, Any]] = []
    with run_farm(build_farm(seed=2020, scale=1), slow_seconds=SLOW_SECONDS) as farm:
        manifest = farm.manifest()
        registry = farm.registry()
        targets = [(i + 1, site.url) for i, site in enumerate(registry)]
        started = time.monotonic()
        stats = run_crawl(targets, store_url=str(db), run_id=run_id, dns=farm.dns_spec,
                          allowed_networks=("127.0.0.0/8", "::1/128"), polite=False, link_timeout=LINK_TIMEOUT,
                          progress=events.append)
        elapsed = time.monotonic() - started
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        pages = [dict(r) for r in conn.execute(text("SELECT * FROM pages WHERE run_id = :r"), {"r": run_id}).mappings()]
        links = [dict(r) for r in conn.execute(text("SELECT * FROM links WHERE run_id = :r"), {"r": run_id}).mappings()]
    engine.dispose()
    site_ids = {site.host: sid for (sid, _), site in zip(targets, registry, strict=True)}
    return {"manifest": manifest, "stats": stats, "pages": pages, "links": links, "site_ids": site_ids,
            "events": events, "elapsed": elapsed}


def _record(crawl: dict[str, Any], host: str, url: str) -> dict[str, Any]:
    sid = crawl["site_ids"][host]
    found = [p for p in crawl["pages"] if p["site_id"] == sid and p["url"] == url]
    assert len(found) == 1, f"expected one record of {url} for site {host}, got {found}"
    return found[0]


def test_every_broken_link_defect_is_found(farm_crawl: dict[str, Any]):
    defects = [d for d in farm_crawl["manifest"]["defects"] if d["rule"].startswith("broken-links-")]
    assert len(defects) >= 8
    for defect in defects:
        page = _record(farm_crawl, defect["host"], defect["url"])
        assert page["outcome"] in ("broken", "soft_404", "redirect_loop"), (defect, page)
    kinds = {d["kind"]: _record(farm_crawl, d["host"], d["url"]) for d in defects}
    assert kinds["nxdomain"]["detail"] == "dns: NXDOMAIN"
    assert kinds["refused"]["detail"] == "refused"
    assert kinds["timeout"]["detail"] == "timeout"
    assert kinds["soft-404"]["outcome"] == "soft_404"
    assert kinds["redirect-loop"]["outcome"] == "redirect_loop"
    assert kinds["attachment-404"]["kind"] == "attachment"


def test_every_broken_link_is_linked_from_its_source(farm_crawl: dict[str, Any]):
    edges = {(link["site_id"], link["source"], link["target"]) for link in farm_crawl["links"]}
    for defect in farm_crawl["manifest"]["defects"]:
        if defect["rule"].startswith("broken-links-"):
            sid = farm_crawl["site_ids"][defect["host"]]
            assert (sid, defect["source"], defect["url"]) in edges, defect
            on_home = [lk for lk in farm_crawl["links"] if lk["site_id"] == sid and lk["target"] == defect["url"]
                       and lk["on_homepage"]]
            assert bool(on_home) is (defect["rule"] == "broken-links-homepage"), defect


def test_benign_traps_are_not_broken(farm_crawl: dict[str, Any]):
    benign = {b["kind"]: b for b in farm_crawl["manifest"]["benign"]}
    waf = _record(farm_crawl, benign["waf"]["host"], benign["waf"]["url"])
    assert waf["outcome"] == "waf"
    limited = _record(farm_crawl, benign["rate-limit"]["host"], benign["rate-limit"]["url"])
    assert (limited["outcome"], limited["http_status"]) == ("ok", 200)
    large = _record(farm_crawl, benign["large-attachment"]["host"], benign["large-attachment"]["url"])
    assert (large["outcome"], large["kind"]) == ("ok", "attachment")


def test_sites_are_covered(farm_crawl: dict[str, Any]):
    """Nearly every page the farm serves is reached, Hanweb jpage article lists (POSTed for) included."""
    for site in farm_crawl["manifest"]["sites"]:
        sid = farm_crawl["site_ids"][site["host"]]
        internal = {p["url"] for p in farm_crawl["pages"] if p["site_id"] == sid and p["outcome"] == "ok"
                    and urlsplit(p["url"]).hostname == site["host"]}
        assert len(internal) >= 0.95 * site["pages"], (site["host"], len(internal), site["pages"])
    assert any(link["how"] == "jpage" for link in farm_crawl["links"])


def test_down_site_homepage_is_broken(farm_crawl: dict[str, Any]):
    for defect in farm_crawl["manifest"]["defects"]:
        if defect["kind"] == "site-down":
            home = _record(farm_crawl, defect["host"], defect["url"])
            assert (home["outcome"], home["depth"], home["detail"]) == ("broken", 0, "refused")


def test_no_unexpected_failures(farm_crawl: dict[str, Any]):
    """Everything non-ok on the farm is a seeded defect or a benign trap (no false alarms)."""
    manifest = farm_crawl["manifest"]
    expected = {d["url"] for d in manifest["defects"]} | {b["url"] for b in manifest["benign"]}
    unexpected = [(p["url"], p["outcome"], p["detail"]) for p in farm_crawl["pages"]
                  if p["outcome"] != "ok" and p["url"] not in expected]
    assert not unexpected


def test_homepages_parsed_and_crawl_finished(farm_crawl: dict[str, Any]):
    stats = farm_crawl["stats"]
    assert stats["finish_reason"] == "finished"
    assert stats["pages"] == len(farm_crawl["pages"]) and stats["links"] == len(farm_crawl["links"])
    for site in farm_crawl["manifest"]["sites"]:
        home = _record(farm_crawl, site["host"], site["url"])
        assert home["depth"] == 0
        if not site["down"]:
            assert home["outcome"] == "ok" and json.loads(home["facts"])["title"], site
            parsed = [p for p in farm_crawl["pages"] if p["site_id"] == farm_crawl["site_ids"][site["host"]]
                      and p["kind"] == "page" and p["facts"] != "{}"]
            assert len(parsed) >= 10, site["host"]
    assert {e["site_id"] for e in farm_crawl["events"] if e["done"]} == set(farm_crawl["site_ids"].values())
    hosts = {urlsplit(p["url"]).hostname for p in farm_crawl["pages"]}
    assert all(h.endswith(".test") for h in hosts if h)


def test_footer_written_by_an_external_script_is_read(farm_crawl: dict[str, Any]):
    """蕲春's footer lives only in /js/footer.js: its marks reach the homepage's facts, with their source."""
    benign = [b for b in farm_crawl["manifest"]["benign"] if b["kind"] == "footer-script-file"]
    assert benign
    host = benign[0]["host"]
    site = next(s for s in farm_crawl["manifest"]["sites"] if s["host"] == host)
    facts = json.loads(_record(farm_crawl, host, site["url"])["facts"])
    footer_js = site["url"] + "js/footer.js"
    assert facts["footer"]["site_code"] == site["site_code"]
    assert facts["footer"]["icp"] == "ICP备05002001号"  # the seeded defect, now read from the script
    assert set(facts["footer_sources"].values()) == {footer_js}
    assert facts["footer_scripts"][footer_js] == "ok" and facts["footer_scripts_failed"] == []
    assert not [p for p in farm_crawl["pages"] if p["url"].endswith(".js")]
