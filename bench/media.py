"""Time reading 政务新媒体 accounts through the farm's bridge and Weibo host; print accounts/s, posts/s and peak RSS.

    python bench/media.py                    # 1,000 accounts, no politeness delay
    python bench/media.py --accounts 200 --host-delay 0.5

The farm runs in this process (threads). The accounts cycle through the farm's healthy sources (RSS, Atom, JSON
Feed, Weibo getIndex JSON), so every read fetches and parses a real feed of 15–60 posts. The reader keeps one
request at a time per host (a bridge serves many accounts), so the figure is per-host throughput: a real run with
`--host-delay 0.5` (the polite default) spends at least accounts × 0.5 s per bridge. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import resource
import sys
import time
from collections import Counter
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.farm import build_farm, run_farm  # noqa: E402
from inspector.media import read_accounts  # noqa: E402
from inspector.media.activity import activity  # noqa: E402
from inspector.pipeline import LOOPBACK_NETWORKS  # noqa: E402
from inspector.probes.dns import parse_dns_spec  # noqa: E402

TODAY = date(2026, 11, 26)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--accounts", type=int, default=1000, help="accounts to read")
    parser.add_argument("--concurrency", type=int, default=8, help="reads in flight (the pipeline default)")
    parser.add_argument("--host-delay", type=float, default=0.0, help="seconds a host rests after each read")
    args = parser.parse_args()

    with run_farm(build_farm(today=TODAY)) as running:
        healthy = [a for a in running.accounts() if a.source and "douyin" not in a.source and "1000000002" not in a.source]
        accounts = [replace(healthy[i % len(healthy)], name=f"账号{i}") for i in range(args.accounts)]
        config = parse_dns_spec(running.dns_spec, allowed_networks=LOOPBACK_NETWORKS)
        started = time.perf_counter()
        results = asyncio.run(read_accounts(accounts, config, concurrency=args.concurrency, host_delay=args.host_delay))
        seconds = time.perf_counter() - started
    figures_started = time.perf_counter()
    for result in results:
        activity(result, as_of=TODAY, quarter_start=date(2026, 10, 1), quarter_end=date(2026, 12, 31))
    figures_seconds = time.perf_counter() - figures_started
    health = Counter(r.health.value for r in results)
    posts = sum(len(r.posts) for r in results)
    hosts = Counter(r.url.split("/")[2] for r in results if r.url)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine        {platform.machine()} cores={_cores()} python={platform.python_version()}")
    print(f"accounts       {len(results)} (concurrency {args.concurrency}, host delay {args.host_delay} s, "
          f"{len(hosts)} hosts: {dict(hosts)})")
    print(f"health         {dict(health)}")
    print(f"posts parsed   {posts}")
    print(f"seconds        {seconds:.1f}")
    print(f"accounts/s     {len(results) / seconds:.1f}")
    print(f"posts/s        {posts / seconds:.0f}")
    print(f"activity()     {figures_seconds * 1000 / max(1, len(results)):.2f} ms per account")
    print(f"peak RSS       {rss_mb:.0f} MB (this process: farm + reader)")


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
