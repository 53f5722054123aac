"""The demo and test web farm: government-like sites with seeded defects, served on loopback.

    from inspector.farm import build_farm, run_farm
    farm = build_farm(seed=2020, scale=1, today=date(2026, 11, 26))  # pure, instant; pages generated on demand
    with run_farm(farm, http_port=0, dns_port=0, slow_seconds=30.0) as running:
        running.url("www.huanggang.gov.cn.test")  # http://www.huanggang.gov.cn.test:PORT/
        running.url("www.hgrs.gov.cn.test")       # http://www.hgrs.gov.cn.test:PORT2/ (127.0.0.1 only)
        running.dns_spec                          # "127.0.0.1:PORT" for the crawler's resolver
        running.manifest()                        # ground truth: sites, defects, benign traps

`run_farm` starts serving at once; without `with`, call `running.wait()` / `running.stop()`.
Hosts end in `.test`; DNS listens on 127.0.0.1 only. HTTP listens on 127.0.0.1 and ::1 (`http_port`), and on
127.0.0.1 only (`ipv4_only_port`) for `farm.ipv4_only_hosts` (IPv6 connections to that port are refused);
hosts without an A record are answered on ::1 only. Host apps see the family in `Request.family` (4 or 6).
`build_farm(mirrors=N)` adds N tiny dual-stack registry sites for benchmarks.
Every date on the sites is relative to `today` (default 2026-11-26; the manifest records it as "today"): run an
inspection of the farm with `--as-of` that day. Each registry site carries the required disclosure columns of its
level (政府信息公开 platform and its sections, 规范性文件, 六保, 征求意见, 互动交流 messages, …), with the column
defects listed in the manifest (inspector/farm/disclosure.py has their content).
"""

from __future__ import annotations

from inspector.farm.base import FarmSite
from inspector.farm.manifest import write_manifest, write_registry_csv
from inspector.farm.server import FarmRunning, run_farm
from inspector.farm.sites import Farm, build_farm

__all__ = ["Farm", "FarmRunning", "FarmSite", "build_farm", "run_farm", "write_manifest", "write_registry_csv"]
