"""Time the IPv6 gatherer's DNS + homepage probes for many farm sites and print sites/s and peak RSS.

    python bench/ipv6.py                     # 1,000 sites, the default concurrency, 1 probe per address
    python bench/ipv6.py --sites 200 --attempts 10

The farm (its HTTP server on 127.0.0.1 and ::1, and its DNS responder) runs in this process, in threads, with
`--sites` small dual-stack mirror sites. Each site costs one uncached A + AAAA lookup, a zone/NS lookup, and
`--attempts` homepage GETs over each family, pinned to each address. Interval 0: the figure is the gatherer's
throughput, not the politeness schedule of a real run. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inspector.farm import build_farm, run_farm  # noqa: E402
from inspector.pipeline import LOOPBACK_NETWORKS  # noqa: E402
from inspector.probes.dns import parse_dns_spec  # noqa: E402
from inspector.probes.ipv6 import probe_sites  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sites", type=int, default=1000, help="mirror sites to probe")
    parser.add_argument("--attempts", type=int, default=1, help="homepage probes per address and family")
    parser.add_argument("--concurrency", type=int, default=20, help="sites probed at once (the pipeline default)")
    args = parser.parse_args()

    farm = build_farm(mirrors=args.sites)
    with run_farm(farm) as running:
        mirrors = running.registry()[-farm.mirrors:]  # the mirrors come after the demo sites
        targets = [(i, s.url) for i, s in enumerate(mirrors, start=1)]
        config = parse_dns_spec(running.dns_spec, allowed_networks=LOOPBACK_NETWORKS)
        started = time.perf_counter()
        records = asyncio.run(
            probe_sites(targets, config, attempts=args.attempts, interval=0.0, timeout=15.0,
                        concurrency=args.concurrency)
        )
        seconds = time.perf_counter() - started
    kinds = Counter(r.kind for r in records)
    ok = Counter(r.kind for r in records if r.ok)
    dns_ms = sorted(float(r.data.get("aaaa_ms") or 0.0) for r in records if r.kind == "ipv6-dns")
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine        {platform.machine()} cores={_cores()} python={platform.python_version()}")
    print(f"sites          {len(targets)} (concurrency {args.concurrency}, attempts {args.attempts} per address)")
    print(f"records        {dict(kinds)}")
    print(f"ok             {dict(ok)}")
    if dns_ms:
        print(f"AAAA lookup    median {dns_ms[len(dns_ms) // 2]:.1f} ms, p95 {dns_ms[int(len(dns_ms) * 0.95)]:.1f} ms")
    print(f"seconds        {seconds:.1f}")
    print(f"sites/s        {len(targets) / seconds:.1f}")
    print(f"requests/s     {(kinds['ipv6-homepage'] + kinds['ipv4-homepage']) / seconds:.1f}")
    print(f"peak RSS       {rss_mb:.0f} MB (this process: farm + gatherer)")


def _cores() -> int:
    import os

    return os.cpu_count() or 0


if __name__ == "__main__":
    main()
