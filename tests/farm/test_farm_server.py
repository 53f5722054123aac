"""The running farm over real loopback sockets: virtual hosts on 127.0.0.1 and ::1, HEAD, ranges,
the GBK site's bytes, the Hanweb data proxy, and every manifest entry (IPv6 ones included) behaving as described."""

from __future__ import annotations

import csv
import http.client
import json
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import dns.message
import dns.query
import dns.rcode
import pytest

from inspector.farm import FarmRunning, build_farm, run_farm

pytestmark = pytest.mark.farm

SLOW = 5.0


@pytest.fixture(scope="module")
def running() -> Iterator[FarmRunning]:
    with run_farm(build_farm(2020, 1), slow_seconds=SLOW) as farm:
        yield farm


def request(running: FarmRunning, host: str, path: str = "/", *, method: str = "GET", ip: str = "127.0.0.1",
            headers: dict[str, str] | None = None, body: bytes | None = None,
            timeout: float = 5.0, port: int | None = None) -> tuple[http.client.HTTPResponse, bytes]:
    port = port or running.port_for(host)
    conn = http.client.HTTPConnection(ip, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Host": f"{host}:{port}", **(headers or {})})
        response = conn.getresponse()
        return response, response.read()
    finally:
        conn.close()


def request_url(running: FarmRunning, url: str, **kwargs: object) -> tuple[http.client.HTTPResponse, bytes]:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return request(running, parts.hostname or "", path, port=parts.port, **kwargs)  # type: ignore[arg-type]


def resolve(running: FarmRunning, name: str, rdtype: str) -> dns.message.Message:
    return dns.query.udp(dns.message.make_query(name, rdtype), "127.0.0.1", port=running.dns_port, timeout=2)


def addresses(running: FarmRunning, name: str, rdtype: str) -> list[str]:
    reply = resolve(running, name, rdtype)
    return [r.to_text() for rrset in reply.answer for r in rrset]


@pytest.mark.parametrize("ip", ["127.0.0.1", "::1"])
def test_virtual_hosts_on_both_loopbacks(running: FarmRunning, ip: str) -> None:
    for site in running.farm.sites[:5]:
        response, body = request(running, site.host, ip=ip)
        assert response.status == 200
        text = body.decode("gb18030" if "macheng" in site.host else "utf-8")
        assert f"<title>{site.name}</title>" in text
    response, _ = request(running, "unknown.example.test", ip=ip)
    assert response.status == 404


def test_head_has_length_and_no_body(running: FarmRunning) -> None:
    _, full = request(running, "www.huanggang.gov.cn.test", "/xxgk/index.shtml")
    response, body = request(running, "www.huanggang.gov.cn.test", "/xxgk/index.shtml", method="HEAD")
    assert response.status == 200 and body == b""
    assert int(response.headers["Content-Length"]) == len(full) > 1000
    assert response.version == 11


def test_keep_alive_serves_several_requests_on_one_connection(running: FarmRunning) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", running.http_port, timeout=5)
    try:
        for path in ("/", "/zwdt/zwyw/index.shtml", "/zwdt/zwyw/index_1.shtml"):
            conn.request("GET", path, headers={"Host": "www.huanggang.gov.cn.test"})
            response = conn.getresponse()
            assert response.status == 200 and len(response.read()) > 0
    finally:
        conn.close()


def test_trs_paging_pages_exist_without_links(running: FarmRunning) -> None:
    response, body = request(running, "www.huanggang.gov.cn.test", "/zwdt/zwyw/index.shtml")
    text = body.decode()
    assert 'createPageHTML(5, 0, "index", "shtml")' in text and 'href="index_1.shtml"' not in text
    for page in range(1, 5):
        assert request(running, "www.huanggang.gov.cn.test", f"/zwdt/zwyw/index_{page}.shtml")[0].status == 200
    assert request(running, "www.huanggang.gov.cn.test", "/zwdt/zwyw/index_5.shtml")[0].status == 404


def test_gbk_site_bytes(running: FarmRunning) -> None:
    response, body = request(running, "www.macheng.gov.cn.test", "/")
    assert response.headers["Content-Type"] == "text/html"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    text = body.decode("gb18030")
    assert "<meta charset=gb2312>" in text
    assert all(ch in text for ch in "镕喆堃")
    _, listing = request(running, "www.macheng.gov.cn.test", "/news/list.asp?id=3&page=2")
    assert "show.asp?id=" in listing.decode("gb18030") and 'page=3"' in listing.decode("gb18030")
    assert request(running, "www.macheng.gov.cn.test", "/news/show.asp?id=812")[0].status == 200


def test_hanweb_dataproxy_answers_post_with_cdata_records(running: FarmRunning) -> None:
    _, column = request(running, "www.hazf.gov.cn.test", "/col/col13617/index.html")
    assert b"/art/" not in column and b"dataproxy.jsp?startrecord=1&endrecord=45&perpage=15" in column
    response, body = request(
        running, "www.hazf.gov.cn.test", "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15",
        method="POST", body=b"col=1&appid=1&webid=2&path=%2F&columnid=13617&permissiontype=0",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 200 and response.headers["Content-Type"].startswith("text/xml")
    text = body.decode()
    assert text.count("<record><![CDATA[") == 40 and "<totalrecord>40</totalrecord>" in text
    first = text.split('<a href="', 1)[1].split('"', 1)[0]
    assert first.startswith("/art/2026/") and request(running, "www.hazf.gov.cn.test", first)[0].status == 200


def test_attachment_ranges(running: FarmRunning) -> None:
    nb = running.farm.apps["www.huanggang.gov.cn.test"].files  # type: ignore[attr-defined]
    path = next(p for p in nb if p.endswith(".doc"))
    response, whole = request(running, "www.huanggang.gov.cn.test", path)
    assert response.status == 200 and response.headers["Content-Type"] == "application/msword"
    assert whole[:8] == bytes.fromhex("D0CF11E0A1B11AE1") and response.headers["Accept-Ranges"] == "bytes"
    response, part = request(running, "www.huanggang.gov.cn.test", path, headers={"Range": "bytes=0-9"})
    assert response.status == 206 and part == whole[:10]
    assert response.headers["Content-Range"] == f"bytes 0-9/{len(whole)}"
    response, tail = request(running, "www.huanggang.gov.cn.test", path, headers={"Range": "bytes=-5"})
    assert response.status == 206 and tail == whole[-5:]
    response, _ = request(running, "www.huanggang.gov.cn.test", path, headers={"Range": f"bytes={len(whole)}-"})
    assert response.status == 416


def test_chinese_attachment_names_raw_and_encoded(running: FarmRunning) -> None:
    name = "黄冈市人民政府2024年政府信息公开工作年度报告.pdf"
    response, body = request(running, "www.huanggang.gov.cn.test", "/xxgk/xxgknb/202501/" + quote(name))
    assert response.status == 200 and body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF")
    assert response.headers["Content-Type"] == "application/pdf"


def test_large_attachment_is_streamed(running: FarmRunning) -> None:
    entry = next(e for e in running.manifest()["benign"] if e["kind"] == "large-attachment")
    parts = urlsplit(entry["url"])
    response, _ = request(running, parts.hostname or "", parts.path, method="HEAD")
    assert int(response.headers["Content-Length"]) == 5 * 1024 * 1024
    response, chunk = request(running, parts.hostname or "", parts.path, headers={"Range": "bytes=0-1023"})
    assert response.status == 206 and len(chunk) == 1024 and chunk.startswith(b"PK\x03\x04")
    # read a little of the full body, then hang up: the server must cope
    conn = http.client.HTTPConnection("127.0.0.1", running.http_port, timeout=5)
    conn.request("GET", parts.path, headers={"Host": parts.hostname or ""})
    streamed = conn.getresponse()
    assert streamed.status == 200 and len(streamed.read(65536)) == 65536
    conn.close()
    assert request(running, "www.huanggang.gov.cn.test", "/")[0].status == 200


def same_site_scripts(running: FarmRunning, page_url: str, html: str) -> dict[str, str]:
    """Path → text of every same-site external script a page includes (`<script src="/…">`)."""
    out = {}
    for src in re.findall(r"<script\b[^>]*\ssrc=\"(/[^\"]*)\"", html):
        response, body = request_url(running, urlsplit(page_url)._replace(path=src, query="").geturl())
        assert response.status == 200, src
        out[src] = body.decode("utf-8")
    return out


def check_entry(running: FarmRunning, entry: dict) -> None:
    """Assert that one manifest entry behaves as its kind says."""
    kind, url = entry["kind"], entry["url"]
    host = urlsplit(url).hostname or ""
    if kind in ("http-404", "attachment-404"):
        assert request_url(running, url)[0].status == 404
    elif kind == "http-500":
        assert request_url(running, url)[0].status == 500
    elif kind == "soft-404":
        response, body = request_url(running, url)
        assert response.status == 200 and "页面不存在" in body.decode()
    elif kind == "redirect-loop":
        first, _ = request_url(running, url)
        assert first.status in (301, 302)
        second, _ = request_url(running, urlsplit(url)._replace(path=first.headers["Location"]).geturl())
        assert second.status in (301, 302) and second.headers["Location"] == urlsplit(url).path
    elif kind == "timeout":
        started = time.perf_counter()
        with pytest.raises(TimeoutError):
            request_url(running, url, timeout=1.0)
        assert time.perf_counter() - started < SLOW
    elif kind == "waf":
        response, body = request_url(running, url)
        assert response.status == 412 and b"$_ts" in body and entry["expect"] == "inconclusive"
    elif kind == "rate-limit":
        first, _ = request_url(running, url)
        assert first.status == 429 and first.headers["Retry-After"] == "1"
        assert request_url(running, url)[0].status == 200 and entry["expect"] == "pass"
    elif kind == "large-attachment":
        response, _ = request_url(running, url, method="HEAD")
        assert response.status == 200 and response.headers["Accept-Ranges"] == "bytes"
    elif kind == "nxdomain":
        assert resolve(running, host, "A").rcode() == dns.rcode.NXDOMAIN
    elif kind in ("refused", "site-down"):
        ips = addresses(running, host, "A")
        assert ips and ips[0] != "127.0.0.1" and addresses(running, host, "AAAA") == []
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((ips[0], running.http_port), timeout=2).close()
    elif kind.startswith("ipv6-") or kind == "aaaa-only":
        check_ipv6_entry(running, entry)
    elif kind in COLUMN_KINDS:
        check_column_entry(running, entry)
    elif kind in ("footer-missing", "footer-format", "footer-script", "footer-script-file"):
        response, body = request_url(running, url)
        assert response.status == 200
        text = body.decode("gb18030" if "charset" not in response.headers["Content-Type"] else "utf-8")
        scripts = same_site_scripts(running, url, text)  # what a browser would also run to build the footer
        probes = {
            "footer-site-code": "网站标识码", "footer-icp": "鄂ICP备", "footer-police-record": "公网安备",
            "footer-conac-mark": "conac", "footer-error-report": "jiucuo",
        }
        token = probes[entry["rule"]]
        if kind == "footer-script":
            assert token in text and token in text.split("document.write(", 1)[1] and entry["expect"] == "pass"
        elif kind == "footer-script-file":
            footer_js = scripts.get("/js/footer.js", "")
            assert token not in text and token in footer_js.split("document.write(", 1)[1], entry
            assert entry["expect"] == "pass"
        else:
            assert token not in text and not any(token in js for js in scripts.values()), entry
    elif kind in ("media-unregistered", "media-matrix-images"):  # a 政务新媒体 matrix page
        response, body = request_url(running, url)
        text = body.decode("utf-8")
        assert response.status == 200 and 'class="xmt"' in text
        registered = {a.name for a in running.accounts()}
        captions = re.findall(r"<span>([^<（]+)（[^<）]+）</span>", text)
        if kind == "media-unregistered":  # one listed account is not in the account registry
            assert [n for n in captions if n not in registered] and not entry.get("expect"), entry
        else:  # the accounts only as QR-code images, every one of them registered
            alts = re.findall(r'alt="([^"]+)二维码"', text)
            assert not captions and alts and all(any(a.startswith(n) for n in registered) for a in alts)
            assert entry["expect"] == "pass"
    else:
        raise AssertionError(f"unchecked manifest kind {kind!r}")


COLUMN_KINDS = {"column-missing", "column-stale", "column-blank", "annual-report-late", "consultation-short",
                "message-unanswered", "jpage-only-list", "gbk-bracket-dates", "pinned-old-item",
                "consultation-short-reason", "message-pending-recent"}


def check_column_entry(running: FarmRunning, entry: dict) -> None:
    """The column entries: site-level ones are about the homepage, the 征求意见 ones about one notice, which states
    its period (tests/farm/test_farm_columns.py checks each defect in depth)."""
    kind, url = entry["kind"], entry["url"]
    response, body = request_url(running, url)
    assert response.status == 200 and entry["source"] == "" and re.search(r"[\u4e00-\u9fff]", entry["detail"])
    if kind.startswith("consultation-"):
        assert entry["rule"] == "consultation-period" and urlsplit(url).path != "/"
        assert "征求意见时间为" in body.decode() and ("缩短" in body.decode()) is (kind == "consultation-short-reason")
    else:
        assert url == running.url(entry["host"])
    assert bool(entry.get("expect")) is (kind in {"jpage-only-list", "gbk-bracket-dates", "pinned-old-item",
                                                  "consultation-short-reason", "message-pending-recent"})


def check_ipv6_entry(running: FarmRunning, entry: dict) -> None:
    """The IPv6 entries: site-level facts of DNS and of the two address families."""
    kind, url = entry["kind"], entry["url"]
    host = urlsplit(url).hostname or ""
    assert urlsplit(url).path == "/" and entry["source"] == "" and entry["url"] == running.url(entry["host"])
    a, aaaa = addresses(running, host, "A"), addresses(running, host, "AAAA")
    live = host != "www.yingshan.gov.cn.test"
    if kind == "ipv6-no-aaaa":
        assert a and aaaa == [] and resolve(running, host, "AAAA").rcode() == dns.rcode.NOERROR
        if live:
            assert request_url(running, url)[0].status == 200
            with pytest.raises(ConnectionRefusedError):
                request_url(running, url, ip="::1")
    elif kind == "ipv6-refused":
        assert a == ["127.0.0.1"] and aaaa == ["::1"]
        assert request_url(running, url)[0].status == 200
        with pytest.raises(ConnectionRefusedError):
            request_url(running, url, ip="::1")
    elif kind == "ipv6-deep-v4-only":
        assert a == ["127.0.0.1"] and aaaa == ["::1"]
        _, home = request_url(running, url, ip="::1")
        article = re.search(r'href="(/[a-z/]+/\d{6}/t\d{8}_\d+\.html)"', home.decode()).group(1)  # the headline
        assert request(running, host, article, ip="::1")[0].status == 502
        assert request(running, host, article)[0].status == 200
    elif kind == "ipv6-content-differs":
        one, v4 = request_url(running, url)
        six, v6 = request_url(running, url, ip="::1")
        assert one.status == six.status == 200
        assert "IPv6版正在建设中" in v6.decode() and "IPv6版正在建设中" not in v4.decode() and len(v4) > 3 * len(v6)
    elif kind == "ipv6-ns-no-aaaa":
        apex = host.removeprefix("www.")
        servers = sorted(addresses(running, apex, "NS"))
        assert servers == [f"ns1.{apex}.", f"ns2.{apex}."]
        for server in servers:
            assert addresses(running, server, "A") == ["127.0.0.1"] and addresses(running, server, "AAAA") == []
    elif kind == "aaaa-only":
        assert a == [] and aaaa == ["::1"] and entry["expect"] == "pass"
        assert request_url(running, url, ip="::1")[0].status == 200
    else:
        raise AssertionError(f"unchecked manifest kind {kind!r}")


def test_every_manifest_entry_behaves_as_described(running: FarmRunning) -> None:
    truth = running.manifest()
    entries = truth["defects"] + truth["benign"]
    assert len(entries) >= 15
    for entry in entries:
        check_entry(running, entry)


def test_sources_link_to_their_targets(running: FarmRunning) -> None:
    truth = running.manifest()
    for entry in truth["defects"] + truth["benign"]:
        if not entry["source"]:
            continue
        response, body = request_url(running, entry["source"])
        assert response.status == 200
        target = urlsplit(entry["url"])
        last = target.path.rsplit("/", 1)[-1]
        needle = (last + (f"?{target.query}" if target.query else "")).replace("&", "&amp;") if last \
            else target.netloc + target.path
        assert needle.encode() in body, entry


def test_manifest_and_registry_files(running: FarmRunning, tmp_path: Path) -> None:
    manifest_path = running.write_manifest(tmp_path / "farm.json")
    data = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert data["http_port"] == running.http_port and data["dns"] == running.dns_spec
    assert data["http_port_ipv4_only"] == running.ipv4_only_port != running.http_port
    assert data["sites"][0]["url"] == f"http://www.huanggang.gov.cn.test:{running.http_port}/"
    csv_path = running.write_registry_csv(tmp_path / "sites.csv")
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["名称", "网址", "级别", "网站标识码", "地区"]
    assert len(rows) == 12 and {r[2] for r in rows[1:]} == {"city", "county", "department"}
    registry = running.registry()
    assert [s.url for s in registry] == [r[1] for r in rows[1:]]
    assert registry[0].host == "www.huanggang.gov.cn.test" and registry[0].site_code == "4211000001"
    assert running.url("www.gov.cn.test", "/a") == f"http://www.gov.cn.test:{running.http_port}/a"


def test_stop_releases_the_port_and_hangs_up() -> None:
    farm = run_farm(build_farm(), slow_seconds=0.5)
    port = farm.http_port
    assert request(farm, "www.xishui.gov.cn.test")[0].status == 200
    kept = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    kept.request("GET", "/", headers={"Host": "www.xishui.gov.cn.test"})
    assert kept.getresponse().read()
    farm.stop()
    with pytest.raises((http.client.HTTPException, ConnectionError)):
        kept.request("GET", "/", headers={"Host": "www.xishui.gov.cn.test"})
        kept.getresponse()
    kept.close()
    assert farm.wait(0)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
