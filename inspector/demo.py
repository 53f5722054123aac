"""Settings for the offline demo inspection on the bundled web farm (loopback only)."""

from __future__ import annotations

from typing import Any

from inspector.pipeline import LOOPBACK_NETWORKS, GatherOptions


def demo_options(running: Any, **overrides: Any) -> GatherOptions:
    """Gather options for a running farm: its DNS, loopback-only traffic, quick timeouts, no politeness delay.

    Politeness delays are lowered only because every site is on this machine; concurrency stays at two
    requests per host, as on real sites.
    """
    values: dict[str, Any] = {
        "dns": running.dns_spec,
        "allowed_networks": LOOPBACK_NETWORKS,
        "polite": False,
        "link_timeout": 3.0,
        "probe_attempts": 3,
        "probe_interval": 0.2,
        "probe_timeout": 15.0,
        "self_check_urls": (running.url("www.gov.cn.test"),),
        "ipv6_self_check_urls": (running.url("www.gov.cn.test"),),  # dual-stack in the farm's DNS
        "ipv6_interval": 0.2,  # the rule's spacing is for real sites; the farm is on this machine
    }
    values.update(overrides)
    return GatherOptions(**values)
