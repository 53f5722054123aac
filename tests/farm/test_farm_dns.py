"""The farm's DNS responder over real UDP: A, AAAA, NXDOMAIN and empty answers."""

from __future__ import annotations

from collections.abc import Iterator

import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.resolver
import pytest

from inspector.farm import build_farm
from inspector.farm.nameserver import DnsResponder

pytestmark = pytest.mark.farm


@pytest.fixture(scope="module")
def responder() -> Iterator[DnsResponder]:
    server = DnsResponder(build_farm().zone(), "127.0.0.1", 0).start()
    yield server
    server.stop()


def ask(responder: DnsResponder, name: str, rdtype: str) -> dns.message.Message:
    return dns.query.udp(dns.message.make_query(name, rdtype), "127.0.0.1", port=responder.port, timeout=2)


def values(reply: dns.message.Message) -> list[str]:
    return sorted(r.to_text() for rrset in reply.answer for r in rrset)


def test_live_hosts_have_a_and_aaaa(responder: DnsResponder) -> None:
    for name in ("www.huanggang.gov.cn.test", "WWW.Macheng.gov.cn.test.", "bszs.conac.cn.test", "zwfw.hubei.gov.cn.test"):
        a, aaaa = ask(responder, name, "A"), ask(responder, name, "AAAA")
        assert a.rcode() == dns.rcode.NOERROR and values(a) == ["127.0.0.1"]
        assert values(aaaa) == ["::1"]
        assert a.answer[0].ttl == 60 and a.flags & dns.flags.AA


def test_refused_and_down_hosts_are_ipv4_only(responder: DnsResponder) -> None:
    assert values(ask(responder, "zwfw.hazf.gov.cn.test", "A")) == ["127.0.0.2"]
    assert values(ask(responder, "www.yingshan.gov.cn.test", "A")) == ["127.0.0.3"]
    for name in ("zwfw.hazf.gov.cn.test", "www.yingshan.gov.cn.test"):
        empty = ask(responder, name, "AAAA")
        assert empty.rcode() == dns.rcode.NOERROR and empty.answer == []


def test_other_types_and_parent_names_are_empty(responder: DnsResponder) -> None:
    mx = ask(responder, "www.huanggang.gov.cn.test", "MX")
    assert mx.rcode() == dns.rcode.NOERROR and mx.answer == []
    parent = ask(responder, "gov.cn.test", "A")
    assert parent.rcode() == dns.rcode.NOERROR and parent.answer == []


def test_unknown_names_are_nxdomain(responder: DnsResponder) -> None:
    for name in ("www.old-dept.huanggang.gov.cn.test", "nothing.test", "x.www.huanggang.gov.cn.test"):
        assert ask(responder, name, "A").rcode() == dns.rcode.NXDOMAIN


def test_a_resolver_pointed_at_the_port(responder: DnsResponder) -> None:
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = ["127.0.0.1"]
    resolver.port = responder.port
    resolver.lifetime = 2
    assert [r.to_text() for r in resolver.resolve("www.xishui.gov.cn.test", "AAAA")] == ["::1"]
    with pytest.raises(dns.resolver.NXDOMAIN):
        resolver.resolve("www.old-dept.huanggang.gov.cn.test", "A")
    with pytest.raises(dns.resolver.NoAnswer):
        resolver.resolve("www.yingshan.gov.cn.test", "AAAA")


def test_garbage_is_ignored(responder: DnsResponder) -> None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(0.3)
        sock.sendto(b"\x00\x01garbage", ("127.0.0.1", responder.port))
        with pytest.raises(TimeoutError):
            sock.recvfrom(512)
    assert values(ask(responder, "www.gov.cn.test", "A")) == ["127.0.0.1"]


def test_zone_apexes_answer_soa_and_ns_and_resolvers_find_the_zone() -> None:
    import asyncio

    import dns.asyncresolver
    import dns.name

    from inspector.farm.sites import Addresses

    zone = {
        "example.gov.cn.test": Addresses((), (), ns=("ns1.example.gov.cn.test", "ns2.example.gov.cn.test")),
        "www.example.gov.cn.test": Addresses(("127.0.0.1",), ("::1",)),
        "ns1.example.gov.cn.test": Addresses(("127.0.0.1",), ("::1",)),
        "ns2.example.gov.cn.test": Addresses(("127.0.0.1",), ()),
    }
    server = DnsResponder(zone, "127.0.0.1", 0).start()
    try:
        ns = ask(server, "example.gov.cn.test", "NS")
        assert values(ns) == ["ns1.example.gov.cn.test.", "ns2.example.gov.cn.test."]
        soa = ask(server, "example.gov.cn.test", "SOA")
        assert values(soa)[0].startswith("ns1.example.gov.cn.test. hostmaster.")
        # a name inside the zone has no SOA of its own; the negative answer names the zone in its authority
        below = ask(server, "www.example.gov.cn.test", "SOA")
        assert below.rcode() == dns.rcode.NOERROR and not below.answer
        assert [r.name.to_text() for r in below.authority] == ["example.gov.cn.test."]
        # outside every apex: no authority section
        assert not ask(server, "other.test", "SOA").authority

        res = dns.asyncresolver.Resolver(configure=False)
        res.nameservers = ["127.0.0.1"]
        res.port = server.port
        found = asyncio.run(dns.asyncresolver.zone_for_name("www.example.gov.cn.test", resolver=res))
        assert found == dns.name.from_text("example.gov.cn.test")
    finally:
        server.stop()
