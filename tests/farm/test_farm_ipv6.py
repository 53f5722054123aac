"""The farm's IPv6 ground truth over real loopback sockets: what each address family gets, the 127.0.0.1-only
listener, the DNS data (A, AAAA, NS at zone apexes), the manifest's IPv6 entries, the registry's ports, the
link-level IPv6 rates of 黄梅 as the pages really are, and the benchmark mirrors."""

from __future__ import annotations

import asyncio
import difflib
import http.client
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import dns.asyncresolver
import dns.message
import dns.name
import dns.query
import dns.rcode
import pytest

from inspector.extract._dom import parse_html, visible_text
from inspector.extract.links import extract_links
from inspector.extract.page import extract_page
from inspector.farm import FarmRunning, build_farm, run_farm
from inspector.farm.base import Ctx, Request
from inspector.farm.manifest import manifest, registry
from inspector.farm.portals import Huangmei

pytestmark = pytest.mark.farm

HM, WUXUE, TUANFENG = "www.hm.gov.cn.test", "www.wuxue.gov.cn.test", "www.tuanfeng.gov.cn.test"
HGJY, HGRS, XISHUI = "www.hgjy.gov.cn.test", "www.hgrs.gov.cn.test", "www.xishui.gov.cn.test"
FILE_HM = "file.hm.gov.cn.test"
NEW_SITES = (HGJY, HGRS, HM, WUXUE, TUANFENG)
MIN_RATE = 0.85  # the rule's threshold (2022 national work arrangement)


@pytest.fixture(scope="module")
def running() -> Iterator[FarmRunning]:
    with run_farm(build_farm(2020, 1), slow_seconds=2.0) as farm:
        yield farm


# -- sockets ------------------------------------------------------------------------------------------
def ask(running: FarmRunning, name: str, rdtype: str) -> dns.message.Message:
    return dns.query.udp(dns.message.make_query(name, rdtype), "127.0.0.1", port=running.dns_port, timeout=2)


def records(running: FarmRunning, name: str, rdtype: str) -> list[str]:
    return sorted(r.to_text() for rrset in ask(running, name, rdtype).answer for r in rrset)


def get(ip: str, port: int, host: str, path: str = "/", timeout: float = 3.0) -> tuple[int, bytes, dict[str, str]]:
    conn = http.client.HTTPConnection(ip, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": f"{host}:{port}"})
        response = conn.getresponse()
        return response.status, response.read(), dict(response.headers)
    finally:
        conn.close()


def get_url(ip: str, url: str) -> tuple[int, bytes, dict[str, str]]:
    parts = urlsplit(url)
    return get(ip, parts.port or 80, parts.hostname or "", parts.path + (f"?{parts.query}" if parts.query else ""))


@dataclass
class Fetcher:
    """Fetches a URL over one address family the way an IPv6 / IPv4-only probe does: resolve that family's
    records at the farm's DNS, connect to the address, no redirects followed (the sites here have none)."""

    running: FarmRunning
    cache: dict[tuple[str, int], str | int] = field(default_factory=dict)

    def outcome(self, url: str, family: int) -> str | int:
        """HTTP status, or "no AAAA" / "no A" / "nxdomain" / "refused" / "timeout"."""
        key = (url, family)
        if key not in self.cache:
            self.cache[key] = self._fetch(url, family)
        return self.cache[key]

    def _fetch(self, url: str, family: int) -> str | int:
        host = urlsplit(url).hostname or ""
        reply = ask(self.running, host, "AAAA" if family == 6 else "A")
        if reply.rcode() == dns.rcode.NXDOMAIN:
            return "nxdomain"
        ips = [r.to_text() for rrset in reply.answer for r in rrset]
        if not ips:
            return "no AAAA" if family == 6 else "no A"
        try:
            return get_url(ips[0], url)[0]
        except ConnectionRefusedError:
            return "refused"
        except TimeoutError:
            return "timeout"

    def html(self, url: str) -> str:
        """The page as the crawler sees it (IPv4 first, IPv6 when the name has no A record)."""
        host = urlsplit(url).hostname or ""
        ip = "127.0.0.1" if records(self.running, host, "A") else "::1"
        status, body, headers = get_url(ip, url)
        return body.decode("utf-8") if status == 200 and headers["Content-Type"].startswith("text/html") else ""


def web_links(base: str, html: str) -> list[str]:
    """Distinct http(s) link targets of a page, in page order (the inspector's own extractor)."""
    out: list[str] = []
    for link in extract_links(base, html):
        if link.url.startswith(("http://", "https://")) and link.url not in out:
            out.append(link.url)
    return out


def link_levels(fetcher: Fetcher, home: str) -> tuple[list[str], list[str], dict[str, str]]:
    """(level-2 URLs, level-3 URLs, url → referring page), as the spec defines the levels: level 2 = distinct
    targets linked from the homepage minus the homepage; level 3 = distinct targets linked from the level-2
    pages of the site (the pages the spider parses) minus the homepage and level 2."""
    site_host = urlsplit(home).hostname
    source: dict[str, str] = {}
    level2 = [u for u in web_links(home, fetcher.html(home)) if u != home]
    source.update(dict.fromkeys(level2, home))
    level3: list[str] = []
    for page in level2:
        if urlsplit(page).hostname != site_host:
            continue
        for url in web_links(page, fetcher.html(page)):
            if url != home and url not in level2 and url not in level3:
                level3.append(url)
                source[url] = page
    return level2, level3, source


def same_site(url: str, site_host: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host == site_host or host.endswith("." + site_host.removeprefix("www."))


@dataclass(frozen=True)
class Rate:
    ok: int
    decidable: int
    failed: tuple[tuple[str, str | int], ...]  # (url, IPv6 outcome) of IPv6-specific failures

    @property
    def value(self) -> float:
        return self.ok / self.decidable if self.decidable else 1.0


def ipv6_rate(fetcher: Fetcher, urls: list[str], site_host: str, *, scope: str = "same-site") -> Rate:
    """Share of the links that load over IPv6; links that fail over IPv4 too are broken links, not counted."""
    ok = decidable = 0
    failed: list[tuple[str, str | int]] = []
    for url in urls:
        if scope == "same-site" and not same_site(url, site_host):
            continue
        six = fetcher.outcome(url, 6)
        if isinstance(six, int) and six < 400:
            ok += 1
            decidable += 1
            continue
        if six in (412, 429):  # WAF / rate limited: undecidable
            continue
        four = fetcher.outcome(url, 4)
        if isinstance(four, int) and four < 400:
            decidable += 1
            failed.append((url, six))
    return Rate(ok, decidable, tuple(failed))


# -- address families -----------------------------------------------------------------------------------
def test_request_family_defaults_to_4_and_apps_see_it() -> None:
    farm = build_farm()
    assert Request("GET", HM, "/").family == 4
    huangmei = farm.apps[HM]
    assert isinstance(huangmei, Huangmei)
    article = huangmei.article_path(huangmei.article(huangmei.columns[0], 3))
    ctx = Ctx(8123)
    assert farm.respond(Request("GET", HM, article), ctx).status == 200
    assert farm.respond(Request("GET", HM, article, family=6), ctx).status == 502
    assert farm.respond(Request("GET", XISHUI, "/", family=6), ctx).body == farm.respond(Request("GET", XISHUI, "/"), ctx).body


def test_huangmei_gateway_fails_articles_over_ipv6_only(running: FarmRunning) -> None:
    port = running.port_for(HM)
    assert port == running.http_port
    status, home4, _ = get("127.0.0.1", port, HM)
    status6, home6, _ = get("::1", port, HM)
    assert status == status6 == 200 and home4 == home6
    lists = re.findall(r'href="(/[a-z/]+/index\.html)"', home4.decode())
    assert len(set(lists)) >= 8
    for path in set(lists):
        assert get("::1", port, HM, path)[0] == 200, path
    articles = re.findall(r'href="(/[a-z/]+/\d{6}/t\d{8}_\d+\.html)"', get("127.0.0.1", port, HM, "/xwzx/hmyw/index.html")[1].decode())
    assert len(articles) == 10
    for path in articles[:3]:
        assert get("127.0.0.1", port, HM, path)[0] == 200
        status, body, headers = get("::1", port, HM, path)
        assert status == 502 and b"502 Bad Gateway" in body and headers["Via"] == "1.1 ipv6-gateway"


def test_huangmei_attachments_live_on_an_ipv4_only_host(running: FarmRunning) -> None:
    _, nb, _ = get("127.0.0.1", running.port_for(HM), HM, "/zwgk/xxgknb/index.html")
    reports = re.findall(r'href="(http://file\.hm\.gov\.cn\.test:\d+/[^"]+\.pdf)"', nb.decode())
    assert len(reports) == 3
    assert all(urlsplit(u).port == running.ipv4_only_port for u in reports)
    status, body, headers = get_url("127.0.0.1", reports[0])
    assert status == 200 and body.startswith(b"%PDF-") and headers["Content-Type"] == "application/pdf"
    with pytest.raises(ConnectionRefusedError):
        get_url("::1", reports[0])
    assert records(running, FILE_HM, "A") == ["127.0.0.1"] and records(running, FILE_HM, "AAAA") == []


def visible(html: bytes) -> str:
    return visible_text(parse_html(html.decode("utf-8")))


def bigrams(text: str) -> set[str]:
    compact = "".join(text.split())
    return {compact[i:i + 2] for i in range(len(compact) - 1)}


def test_wuxue_ipv6_homepage_is_a_different_page(running: FarmRunning) -> None:
    port = running.port_for(WUXUE)
    _, v4, _ = get("127.0.0.1", port, WUXUE)
    _, v6, _ = get("::1", port, WUXUE)
    four, six = visible(v4), visible(v6)
    assert "本网站IPv6版正在建设中" in six and "本网站IPv6版正在建设中" not in four
    assert len(re.findall(r"<a href=", v6.decode())) >= 3  # a placeholder with a few links
    assert difflib.SequenceMatcher(None, four, six, autojunk=False).ratio() < 0.4
    assert len(bigrams(four) & bigrams(six)) / len(bigrams(four) | bigrams(six)) < 0.4
    # only the homepage differs
    for path in ("/xwzx/wxyw/index.html", "/zwgk/xxgkzn/index.html"):
        assert get("127.0.0.1", port, WUXUE, path)[1] == get("::1", port, WUXUE, path)[1]
    # the other dual-stack sites serve the same homepage on both families
    for host in (HM, XISHUI, "www.huanggang.gov.cn.test"):
        assert get("127.0.0.1", running.port_for(host), host)[1] == get("::1", running.port_for(host), host)[1]


# -- listeners ------------------------------------------------------------------------------------------
def test_ipv4_only_listener_refuses_ipv6_and_serves_ipv4(running: FarmRunning) -> None:
    v4_port = running.ipv4_only_port
    assert v4_port and v4_port != running.http_port
    assert running.farm.ipv4_only_hosts == {HGJY, HGRS, FILE_HM}
    for host in (HGRS, HGJY):
        assert running.port_for(host) == v4_port
        status, body, _ = get("127.0.0.1", v4_port, host)
        assert status == 200 and f"<title>{running.farm.site(host).name}</title>".encode() in body
        with pytest.raises(ConnectionRefusedError):
            get("::1", v4_port, host)
        # the main listener does not have these virtual hosts, on either family
        assert get("127.0.0.1", running.http_port, host)[0] == 404
        assert get("::1", running.http_port, host)[0] == 404
    # ... and the IPv4-only listener has no other host
    assert get("127.0.0.1", v4_port, XISHUI)[0] == 404
    with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        with pytest.raises(ConnectionRefusedError):
            sock.connect(("::1", v4_port))


def test_aaaa_only_site_is_answered_on_ipv6_only(running: FarmRunning) -> None:
    port = running.port_for(TUANFENG)
    assert port == running.http_port
    status, body, _ = get("::1", port, TUANFENG)
    assert status == 200 and "<title>团风县人民政府</title>" in body.decode()
    assert get("127.0.0.1", port, TUANFENG)[0] == 404
    assert running.farm.ipv6_only_hosts == {TUANFENG}


# -- DNS ------------------------------------------------------------------------------------------------
def test_dns_addresses_of_the_new_names(running: FarmRunning) -> None:
    expected = {
        HGJY: (["127.0.0.1"], []), HGRS: (["127.0.0.1"], ["::1"]), HM: (["127.0.0.1"], ["::1"]),
        FILE_HM: (["127.0.0.1"], []), WUXUE: (["127.0.0.1"], ["::1"]), TUANFENG: ([], ["::1"]),
        "www.yingshan.gov.cn.test": (["127.0.0.3"], []), XISHUI: (["127.0.0.1"], ["::1"]),
    }
    for name, (a, aaaa) in expected.items():
        assert (records(running, name, "A"), records(running, name, "AAAA")) == (a, aaaa), name
        for rdtype, values in (("A", a), ("AAAA", aaaa)):
            if not values:  # no such record: NOERROR, empty, and the zone's SOA in the authority section
                empty = ask(running, name, rdtype)
                assert empty.rcode() == dns.rcode.NOERROR and not empty.answer
                assert [r.name.to_text() for r in empty.authority] == [f"{name.split('.', 1)[1]}."]


def test_every_registry_zone_has_an_apex_with_name_servers(running: FarmRunning) -> None:
    res = dns.asyncresolver.Resolver(configure=False)
    res.nameservers = ["127.0.0.1"]
    res.port = running.dns_port
    res.lifetime = 2
    assert len(running.farm.sites) == 11
    for site in running.farm.sites:
        apex = site.host.removeprefix("www.")
        found = asyncio.run(dns.asyncresolver.zone_for_name(site.host, resolver=res))
        assert found == dns.name.from_text(apex), site.host
        servers = records(running, apex, "NS")
        assert servers == [f"ns1.{apex}.", f"ns2.{apex}."]
        assert records(running, apex, "SOA")[0].startswith(f"ns1.{apex}. hostmaster.")
        for server in servers:
            assert records(running, server, "A") == ["127.0.0.1"]
            assert records(running, server, "AAAA") == ([] if site.host == WUXUE else ["::1"]), server
    assert asyncio.run(dns.asyncresolver.zone_for_name(FILE_HM, resolver=res)) == dns.name.from_text("hm.gov.cn.test")


def test_existing_names_answer_as_before(running: FarmRunning) -> None:
    assert records(running, "www.huanggang.gov.cn.test", "A") == ["127.0.0.1"]
    assert records(running, "bszs.conac.cn.test", "AAAA") == ["::1"]
    assert records(running, "zwfw.hazf.gov.cn.test", "A") == ["127.0.0.2"]
    assert records(running, "zwfw.hazf.gov.cn.test", "AAAA") == []
    assert ask(running, "www.old-dept.huanggang.gov.cn.test", "A").rcode() == dns.rcode.NXDOMAIN
    assert ask(running, "gov.cn.test", "A").rcode() == dns.rcode.NOERROR
    assert not ask(running, "www.gov.cn.test", "NS").answer  # not a registry zone: no apex


# -- manifest and registry ------------------------------------------------------------------------------
def test_manifest_ipv6_entries(running: FarmRunning) -> None:
    truth = running.manifest()
    entries = [(e["host"], e["rule"], e["kind"], e.get("expect", "")) for e in truth["defects"] + truth["benign"]
               if e["rule"].startswith("ipv6-")]
    assert sorted(entries) == sorted([
        ("www.yingshan.gov.cn.test", "ipv6-aaaa", "ipv6-no-aaaa", ""),
        (HGJY, "ipv6-aaaa", "ipv6-no-aaaa", ""),
        (HGRS, "ipv6-homepage", "ipv6-refused", ""),
        (HM, "ipv6-level3-links", "ipv6-deep-v4-only", ""),
        (HM, "ipv6-level2-links", "ipv6-deep-v4-only", "pass"),
        (WUXUE, "ipv6-consistency", "ipv6-content-differs", ""),
        (WUXUE, "ipv6-nameservers", "ipv6-ns-no-aaaa", ""),
        (TUANFENG, "ipv6-aaaa", "aaaa-only", "pass"),
    ])
    urls = {s["host"]: s["url"] for s in truth["sites"]}
    for entry in truth["defects"] + truth["benign"]:
        if entry["rule"].startswith("ipv6-"):
            assert entry["url"] == urls[entry["host"]] and entry["source"] == "" and entry["detail"], entry
            assert re.search(r"[\u4e00-\u9fff]", entry["detail"])
    # the new sites carry no other seeded problem, except the column defects of 黄梅 and 武穴
    others = [(e["host"], e["rule"]) for e in truth["defects"] + truth["benign"] if e["host"] in NEW_SITES
              and not e["rule"].startswith("ipv6-")]
    assert sorted(others) == [(HM, "interaction-response"), (WUXUE, "annual-report-deadline")]


def test_registry_and_urls_carry_each_hosts_port(running: FarmRunning) -> None:
    sites = {s.host: s for s in running.registry()}
    truth = {s["host"]: s for s in running.manifest()["sites"]}
    for host, site in sites.items():
        port = running.ipv4_only_port if host in (HGJY, HGRS) else running.http_port
        assert site.url == f"http://{host}:{port}/" == truth[host]["url"] == running.url(host)
    assert running.url(FILE_HM, "/a.pdf") == f"http://{FILE_HM}:{running.ipv4_only_port}/a.pdf"
    # absolute URLs inside the pages too: 人社局's own links (from its 找错 entry) and its links to other hosts
    _, body, _ = get("127.0.0.1", running.ipv4_only_port, HGRS)
    text = body.decode()
    assert f"www.hgrs.gov.cn.test%3A{running.ipv4_only_port}%2F" in text
    assert f"http://bszs.conac.cn.test:{running.http_port}/" in text
    # without a running farm: one port for all unless told otherwise
    farm = build_farm()
    assert {urlsplit(s.url).port for s in registry(farm, 8123)} == {8123}
    assert urlsplit(next(s.url for s in registry(farm, 8123, 8124) if s.host == HGRS)).port == 8124
    assert manifest(farm, 8123, "x", 8124)["http_port_ipv4_only"] == 8124


def test_new_sites_footers_pass_the_footer_rules(running: FarmRunning) -> None:
    icp = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]ICP备\s*\d+\s*号?(-\d+)?")
    police = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]公网安备\s*[:：]?\s*\d{14}\s*号?")
    for site in running.registry():
        if site.host not in NEW_SITES:
            continue
        ip = "::1" if site.host == TUANFENG else "127.0.0.1"
        status, body, _ = get_url(ip, site.url)
        facts = extract_page(site.url, body.decode("utf-8"))
        footer = facts.footer
        assert status == 200 and footer.site_code == site.site_code and re.fullmatch(r"\d{10}", site.site_code)
        assert footer.icp and icp.search(footer.icp) and footer.police_record and police.search(footer.police_record)
        assert footer.conac_mark and "conac" in footer.conac_mark
        assert footer.error_report_entry and f"site_code={site.site_code}" in footer.error_report_entry
        assert facts.meta.get("SiteIDCode") == site.site_code


# -- link levels: 黄梅 fails level 3 and keeps level 2; the other dual-stack sites pass both -------------
@pytest.fixture(scope="module")
def fetcher(running: FarmRunning) -> Fetcher:
    return Fetcher(running)


def test_huangmei_level2_rate_stays_above_and_level3_falls_well_below(running: FarmRunning, fetcher: Fetcher) -> None:
    home = running.url(HM)
    level2, level3, source = link_levels(fetcher, home)
    two = ipv6_rate(fetcher, level2, HM)
    three = ipv6_rate(fetcher, level3, HM)
    assert two.decidable >= 8 and three.decidable >= 30
    assert MIN_RATE <= two.value < 1.0, two
    assert [source[u] for u, _ in two.failed] == [home] and {why for _, why in two.failed} == {502}
    assert three.value < 0.5, three
    reasons = {why for _, why in three.failed}
    assert reasons == {502, "no AAAA"}  # article pages through the gateway, files on the A-only host
    assert any(urlsplit(u).hostname == FILE_HM for u, _ in three.failed)
    # counting every link (other sites' links too) leaves level 2 passing as well
    assert ipv6_rate(fetcher, level2, HM, scope="all").value >= MIN_RATE


@pytest.mark.parametrize("host", [XISHUI, WUXUE, TUANFENG])
def test_other_dual_stack_sites_load_every_link_over_ipv6(running: FarmRunning, fetcher: Fetcher, host: str) -> None:
    level2, level3, _ = link_levels(fetcher, running.url(host))
    assert len(level2) >= 8 and len(level3) >= 10
    for urls in (level2, level3):
        for scope in ("same-site", "all"):
            rate = ipv6_rate(fetcher, urls, host, scope=scope)
            assert rate.decidable and rate.value == 1.0, (host, scope, rate.failed)


# -- mirrors ----------------------------------------------------------------------------------------------
def test_mirrors_are_small_clean_dual_stack_departments() -> None:
    plain, mirrored = build_farm(2020, 1), build_farm(2020, 1, mirrors=3)
    assert [s.host for s in mirrored.sites[:11]] == [s.host for s in plain.sites]
    extra = mirrored.sites[11:]
    assert [s.host for s in extra] == ["www.m0001.gov.cn.test", "www.m0002.gov.cn.test", "www.m0003.gov.cn.test"]
    assert all(s.level.value == "department" and 3 <= s.pages <= 5 and not s.down for s in extra)
    assert len({s.site_code for s in mirrored.sites}) == len(mirrored.sites)
    assert mirrored.faults() == plain.faults()
    assert manifest(plain, 8123, "x")["sites"] == manifest(build_farm(2020, 1, mirrors=0), 8123, "x")["sites"]
    zone = mirrored.zone()
    assert zone["www.m0002.gov.cn.test"].aaaa == ("::1",) and zone["www.m0002.gov.cn.test"].a == ("127.0.0.1",)
    assert zone["m0002.gov.cn.test"].ns == ("ns1.m0002.gov.cn.test", "ns2.m0002.gov.cn.test")
    assert zone["ns1.m0002.gov.cn.test"].aaaa == ("::1",)
    with pytest.raises(ValueError):
        build_farm(mirrors=-1)


def test_a_thousand_mirrors_are_instant() -> None:
    started = time.perf_counter()
    farm = build_farm(2020, 1, mirrors=1000)
    zone = farm.zone()
    assert time.perf_counter() - started < 2.0
    assert len(farm.sites) == 1011 and farm.sites[-1].host == "www.m1000.gov.cn.test"
    assert len(zone) == len(build_farm().zone()) + 4 * 1000


def test_mirrors_are_served_on_both_families_with_correct_footers() -> None:
    with run_farm(build_farm(2020, 1, mirrors=2), slow_seconds=1.0) as farm:
        site = farm.registry()[-1]
        assert site.host == "www.m0002.gov.cn.test" and site.name == "演示单位0002"
        fetcher = Fetcher(farm)
        level2, level3, _ = link_levels(fetcher, site.url)
        pages = [u for u in [site.url, *level2, *level3] if urlsplit(u).hostname == site.host]
        assert len(pages) == farm.farm.site(site.host).pages == 4  # homepage, column list, two articles
        for url in pages:
            assert fetcher.outcome(url, 6) == fetcher.outcome(url, 4) == 200, url
        footer = extract_page(site.url, get_url("::1", site.url)[1].decode()).footer
        assert footer.site_code == site.site_code == "4211900002" and footer.icp and footer.police_record
        assert footer.conac_mark and footer.error_report_entry
