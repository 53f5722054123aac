"""Crawl the demo farm at a given scale and print pages/s, links checked/s and peak RSS.

    python bench/crawl.py --scale 1            # ≈ the demo (600 pages)
    python bench/crawl.py --scale 200 --budget 200000   # 100,000+ pages

The farm runs in this process (stdlib threaded HTTP server); the crawler runs in its own process, as in
production. Peak RSS is the crawler process's (ru_maxrss of the children). Figures, not assertions.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.crawl import run_crawl  # noqa: E402
from inspector.farm import build_farm, run_farm  # noqa: E402
from inspector.pipeline import LOOPBACK_NETWORKS  # noqa: E402
from inspector.store import Store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--budget", type=int, default=0, help="page budget per site (default: no practical limit)")
    parser.add_argument("--depth", type=int, default=1000, help="crawl depth (default: the whole farm)")
    parser.add_argument("--concurrency", type=int, default=2, help="concurrent requests per host")
    args = parser.parse_args()

    farm = build_farm(scale=args.scale)
    budget = args.budget or max(2000, farm.page_count())
    with tempfile.TemporaryDirectory() as tmp, run_farm(farm, slow_seconds=4.0) as running:
        store = Store(Path(tmp) / "bench.db")
        sites = running.registry()
        from datetime import date

        run_id = store.create_run(as_of=date.today(), quarter="bench")
        ids = store.add_sites(run_id, sites)
        started = time.perf_counter()
        stats = run_crawl(
            list(zip(ids, [s.url for s in sites])),
            store_url=store.url,
            run_id=run_id,
            dns=running.dns_spec,
            allowed_networks=LOOPBACK_NETWORKS,
            max_depth=args.depth,
            page_budget=budget,
            link_timeout=2.0,
            polite=False,
            extra_settings={
                "CONCURRENT_REQUESTS_PER_DOMAIN": args.concurrency,
                # crawl the whole farm: lift the per-site trap and list bounds that protect real crawls
                "INSPECTOR_MAX_QUERY_VARIANTS": 10**9,
                "INSPECTOR_JPAGE_MAX_GROUPS": 10**6,
                "INSPECTOR_CHECK_BUDGET": 10**9,
            },
        )
        seconds = time.perf_counter() - started
        counts = store.counts(run_id)
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pages = counts["pages"]
    checked = counts["fetched"] - counts["pages"]
    print(f"machine        {platform.machine()} {platform.processor() or ''} cores={_cores()} python={platform.python_version()}")
    print(f"scale          {args.scale} (farm pages {farm.page_count()}, depth {args.depth}, budget/site {budget})")
    print(f"pages crawled  {pages}")
    print(f"links checked  {checked} (off-site links and attachments, fetched once each)")
    print(f"link edges     {counts['links']} ({counts['links'] / seconds:.0f}/s extracted and stored)")
    print(f"seconds        {seconds:.1f}")
    print(f"pages/s        {pages / seconds:.1f}")
    print(f"links checked/s {checked / seconds:.1f}")
    print(f"fetches/s      {counts['fetched'] / seconds:.1f}")
    print(f"peak RSS       {rss_mb:.0f} MB (crawler process)")
    print(f"crawler stats  {stats}")


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
