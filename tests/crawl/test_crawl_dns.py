"""inspector.probes.dns against a real UDP DNS responder on loopback."""

from __future__ import annotations

import asyncio
import time

import pytest
from crawl_servers import DnsResponder

from inspector.probes.dns import DnsConfig, DnsError, address_allowed, parse_dns_spec, resolve_host, resolve_host_sync

LOOPBACK = ("127.0.0.0/8", "::1/128")
ZONE = {
    "v4only.test": {"A": ["127.0.0.1"]},
    "v6only.test": {"AAAA": ["::1"]},
    "dual.test": {"A": ["127.0.0.2"], "AAAA": ["::1"]},
    "outside.test": {"A": ["10.20.30.40"]},
    "mixed.test": {"A": ["127.0.0.1", "192.0.2.7"]},
}


@pytest.fixture(scope="module")
def responder():
    with DnsResponder(ZONE, blackhole={"blackhole.test"}) as r:
        yield r


def cfg(responder: DnsResponder, **kw) -> DnsConfig:
    return parse_dns_spec(responder.spec, allowed_networks=kw.pop("allowed", ()), **kw)


@pytest.mark.parametrize(
    ("spec", "servers", "port"),
    [
        ("127.0.0.1:5353", ("127.0.0.1",), 5353),
        ("[::1]:53", ("::1",), 53),
        ("::1", ("::1",), 53),
        ("223.5.5.5", ("223.5.5.5",), 53),
        ("223.5.5.5,119.29.29.29", ("223.5.5.5", "119.29.29.29"), 53),
        (None, (), 53),
        ("", (), 53),
        ("system", (), 53),
    ],
)
def test_parse_dns_spec(spec, servers, port):
    config = parse_dns_spec(spec, allowed_networks=["127.0.0.1/8"])
    assert config.nameservers == servers
    assert config.port == port
    assert config.allowed_networks == ("127.0.0.0/8",)
    assert config.system is (not servers)


@pytest.mark.parametrize("spec", ["dns.example.org", "127.0.0.1:99999", "127.0.0.1:53,10.0.0.1:54"])
def test_parse_dns_spec_rejects(spec):
    with pytest.raises(ValueError):
        parse_dns_spec(spec)


def test_address_allowed():
    assert address_allowed("127.9.9.9", LOOPBACK)
    assert address_allowed("::1", LOOPBACK)
    assert address_allowed("::ffff:127.0.0.1", LOOPBACK)  # v4-mapped loopback
    assert not address_allowed("10.0.0.1", LOOPBACK)
    assert not address_allowed("::2", LOOPBACK)
    assert address_allowed("8.8.8.8", ())  # no guard configured


def test_a_aaaa_and_dual(responder):
    config = cfg(responder)
    assert resolve_host_sync("v4only.test", config) == ["127.0.0.1"]
    assert resolve_host_sync("v6only.test", config) == ["::1"]
    assert resolve_host_sync("DUAL.test.", config) == ["127.0.0.2", "::1"]
    assert resolve_host_sync("dual.test", config, rdtypes=("AAAA",)) == ["::1"]


def test_failures_have_kinds(responder):
    config = cfg(responder, timeout=0.6)
    with pytest.raises(DnsError) as nx:
        resolve_host_sync("retired-department.test", config)
    assert nx.value.kind == "nxdomain" and nx.value.reason == "dns: NXDOMAIN"
    with pytest.raises(DnsError) as noanswer:
        resolve_host_sync("v4only.test", config, rdtypes=("AAAA",))
    assert noanswer.value.kind == "noanswer"
    started = time.monotonic()
    with pytest.raises(DnsError) as slow:
        resolve_host_sync("blackhole.test", config)
    assert slow.value.kind == "timeout"
    assert time.monotonic() - started < 3.0


def test_allowed_networks_block_names_and_literals(responder):
    config = cfg(responder, allowed=LOOPBACK)
    assert resolve_host_sync("v4only.test", config) == ["127.0.0.1"]
    for host in ("outside.test", "mixed.test", "10.1.2.3", "[2001:db8::1]"):
        with pytest.raises(DnsError) as blocked:
            resolve_host_sync(host, config)
        assert blocked.value.kind == "blocked", host
        assert "not in allowed networks" in blocked.value.reason
    assert resolve_host_sync("127.0.0.9", config) == ["127.0.0.9"]
    assert resolve_host_sync("[::1]", config) == ["::1"]
    # localhost is loopback even though the named server does not know it
    assert resolve_host_sync("localhost", config) == ["127.0.0.1", "::1"]
    assert responder.queries[("localhost", "A")] == 0


def test_literal_of_unwanted_family_is_noanswer(responder):
    with pytest.raises(DnsError) as err:
        resolve_host_sync("127.0.0.1", cfg(responder), rdtypes=("AAAA",))
    assert err.value.kind == "noanswer"


def test_answers_are_cached_including_negative(responder):
    config = cfg(responder)

    async def many() -> list[list[str] | BaseException]:
        names = ["dual.test", "nothing-here.test"] * 50
        return await asyncio.gather(*(resolve_host(n, config) for n in names), return_exceptions=True)

    asyncio.run(many())
    before = sum(responder.queries.values())
    results = asyncio.run(many())
    assert sum(responder.queries.values()) == before  # all 100 answered from the cache
    assert results[0] == ["127.0.0.2", "::1"]
    assert isinstance(results[1], DnsError) and results[1].kind == "nxdomain"


def test_sync_wrapper_inside_running_loop(responder):
    config = cfg(responder)

    async def inner() -> list[str]:
        return resolve_host_sync("v6only.test", config)

    assert asyncio.run(inner()) == ["::1"]


def test_system_resolver_path_guards_literals_and_localhost():
    config = parse_dns_spec(None, allowed_networks=LOOPBACK, timeout=2.0)
    assert resolve_host_sync("localhost", config) == ["127.0.0.1", "::1"]
    with pytest.raises(DnsError) as blocked:
        resolve_host_sync("192.0.2.1", config)
    assert blocked.value.kind == "blocked"
