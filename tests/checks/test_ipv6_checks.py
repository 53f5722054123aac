"""IPv6 checks: summarize() on hand-built probes, text similarity, link classes, params, and the rules together."""

from __future__ import annotations

import random
import re
import time
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rule_case_loader import artifacts_from_json, load_case

from inspector.checks._common import LABEL_NO_AAAA, ipv6_problem_label, problem_label
from inspector.checks.ipv6 import (
    AaaaParams,
    AddressFailures,
    ConsistencyParams,
    FailedLink,
    HomepageAttempts,
    HomepageParams,
    Ipv6Summary,
    LatencyParams,
    LinkParams,
    LinkRate,
    NameserverParams,
    aaaa_record,
    address_category,
    classify_link,
    content_consistency,
    homepage_attempts,
    homepage_over_ipv6,
    homepage_texts,
    ipv6_label,
    latency_ratio,
    link_support_rate,
    normalize_text,
    same_site,
    sign_test,
    summarize,
    text_similarity,
    trusted_view,
)
from inspector.engine import evaluate
from inspector.errors import ParamError, RuleError
from inspector.model import Level, ProbeRecord, Site, SiteArtifacts, Status
from inspector.rules import default_rules_dir, load_rule, load_rules

CASES_DIR = Path(__file__).resolve().parents[1] / "cases"
IPV6_CASES = sorted(p for p in CASES_DIR.glob("ipv6-*/*.json"))
SITE = Site(name="演示县人民政府", url="http://www.demo.test/", level=Level.COUNTY)
URL = SITE.url

PORTAL = (
    "演示县人民政府 首页 政务公开 今天是2026年9月30日 要闻动态 县委常委会召开2026年第18次会议 2026-09-29 "
    "通知公告 关于开展2026年度政府网站自查工作的通知 2026-09-26 政策文件 演政办发〔2026〕12号 "
    "办事服务 互动交流 县长信箱 您是第1234567位访客 网站标识码4211000001"
)


def at(second: int, minute: int = 0) -> str:
    return f"2026-09-30T10:{minute:02d}:{second:02d}+08:00"


def site_of(probes: list[ProbeRecord], run_probes: list[ProbeRecord] | None = None) -> SiteArtifacts:
    run = run_probes if run_probes is not None else [ProbeRecord(None, "ipv6-self-check", "http://www.gov.cn.test/", True)]
    return SiteArtifacts(1, SITE, date(2026, 9, 30), (), (), tuple(probes), tuple(run))


def home(family: int, ok: bool, *, connect: float | None = None, ttfb: float | None = None, error: str = "",
         outcome: str = "", when: str = "", text: str | None = None, status: int | None = 200) -> ProbeRecord:
    data: dict[str, Any] = {"family": family, "address": "::1" if family == 6 else "127.0.0.1", "attempt": 0,
                            "connect_ms": connect, "ttfb_ms": ttfb, "final_url": URL}
    if text is not None:
        data["text"] = text
    kind = "ipv6-homepage" if family == 6 else "ipv4-homepage"
    return ProbeRecord(1, kind, URL, ok, status, 10.0, error, outcome or ("ok" if ok else "broken"), when or at(0), data)


def link(url: str, level: int, ok: bool, *, same: bool = True, error: str = "", outcome: str = "",
         ipv4_ok: bool | None = None, ipv4_error: str = "", status: int | None = 200, when: str = "",
         source: str = URL) -> ProbeRecord:
    data = {"level": level, "source": source, "same_site": same, "address": "::1" if ok else "",
            "ipv4_ok": ipv4_ok, "ipv4_error": ipv4_error}
    return ProbeRecord(1, "ipv6-link", url, ok, status, 12.0, error, outcome or ("ok" if ok else "broken"),
                       when or at(30), data)


def dns(*, aaaa: tuple[str, ...] = ("::1",), usable: tuple[str, ...] | None = None, aaaa_error: str = "",
        when: str = "", nameservers: list[dict[str, Any]] | None = None) -> ProbeRecord:
    usable = aaaa if usable is None else usable
    data = {"host": "www.demo.test", "a": ["127.0.0.1"], "a_error": "", "aaaa": list(aaaa), "aaaa_error": aaaa_error,
            "aaaa_usable": list(usable), "a_ms": 1.0, "aaaa_ms": 1.0, "zone": "demo.test",
            "nameservers": nameservers if nameservers is not None else [{"name": "ns1.demo.test", "aaaa": ["::1"],
                                                                         "error": ""}],
            "ns_error": ""}
    return ProbeRecord(1, "ipv6-dns", "www.demo.test", bool(usable), None, None, aaaa_error, "", when or at(1), data)


# --- summarize ------------------------------------------------------------------------------------------


def test_summarize_exact_numbers() -> None:
    probes = [
        dns(aaaa=("::1", "fd00::5"), usable=("::1",), when=at(1, minute=5),
            nameservers=[{"name": "ns1.demo.test", "aaaa": ["::1"], "error": ""},
                         {"name": "ns2.demo.test", "aaaa": [], "error": "timeout"}]),
        dns(aaaa=(), usable=(), aaaa_error="noanswer", when=at(1, minute=1)),  # stored later, measured earlier
        home(6, True, connect=1, ttfb=4, when=at(5), text=PORTAL),
        home(6, True, connect=2, ttfb=8),
        home(6, True, connect=3, ttfb=12),
        home(6, True, connect=10, ttfb=40),
        home(6, True, connect=1, ttfb=None),  # no first-byte time: not a latency sample
        home(6, False, error="refused", status=None),
        home(6, False, error="waf challenge", outcome="waf", status=412),
        home(4, True, connect=1, ttfb=2, when=at(6), text=PORTAL.replace("2026", "2025")),
        home(4, True, connect=1, ttfb=3),
        home(4, True, connect=2, ttfb=3),
        home(4, False, error="timeout", status=None),
        ProbeRecord(1, "ipv6-link-plan", URL, True, data={"level2_found": 8, "level2_probed": 6, "level3_found": 0,
                                                          "level3_probed": 0, "cap2": 500, "cap3": 500}),
        link("http://www.demo.test/a.html", 2, True),
        link("http://www.other.test/", 2, True, same=False),
        link("http://www.demo.test/b.html", 2, True, when=at(10)),  # an earlier probe of the same URL
        link("http://www.demo.test/b.html", 2, False, error="http 502", status=502, ipv4_ok=True),
        link("http://www.far.test/", 2, False, same=False, error="dns: noanswer", status=None),
        link("http://www.demo.test/gone.html", 2, False, error="http 404", status=404, ipv4_ok=False,
             ipv4_error="http 404"),
        link("http://www.demo.test/c.html", 2, False, error="waf challenge", outcome="waf", status=412),
    ]
    summary = summarize(site_of(probes))
    level2 = LinkRate(
        level=2, found=8, probed=6, ok=2, decidable=4, same_site_ok=1, same_site_decidable=2,
        failed=(
            FailedLink(2, "http://www.demo.test/b.html", URL, True, "服务器错误（HTTP 502）", True),
            FailedLink(2, "http://www.far.test/", URL, False, LABEL_NO_AAAA, None),
        ),
        excluded=1, unknown=1,
    )
    level3 = LinkRate(3, 0, 0, 0, 0, 0, 0, (), 0, 0)
    assert summary == Ipv6Summary(
        host="www.demo.test", measured=True, self_check_ok=True, self_check_error="",
        a=("127.0.0.1",), a_error="", aaaa=("::1", "fd00::5"), aaaa_usable=("::1",), aaaa_error="",
        v6_attempts=7, v6_ok=5, v4_attempts=4, v4_ok=3,
        v6_failures=("连接被拒绝×1", "防火墙拦截（无法判定）×1"),
        # medians of DNS + ttfb (the connect is inside ttfb): (4, 8, 12, 40) + 1 and (2, 3, 3) + 1
        similarity=1.0, v6_ms=11.0, v4_ms=4.0, zone="demo.test",
        nameservers=(("ns1.demo.test", ("::1",)), ("ns2.demo.test", ())), ns_error="",
        level2=level2, level3=level3, v6_unknown=1, v4_unknown=0,
        nameserver_errors=(("ns2.demo.test", "timeout"),),
        # every record says attempt 0: the k-th record of each address is the k-th attempt
        homepage=HomepageAttempts(
            attempts=7, v6_ok=5, v6_only_failed=0, v4_only_failed=1, both_failed=0, unpaired_failed=1,
            undecidable=1, v4_attempts=4, v4_ok=3, addresses=("::1",),
            bad_addresses=(AddressFailures("::1", 1, 7, ("连接被拒绝×1",)),),
        ),
        latency_includes_dns=True,
    )
    assert summary.v6_success_rate == pytest.approx(5 / 6)  # the WAF answer is not an attempt that failed
    assert summary.v4_success_rate == pytest.approx(3 / 4)
    assert summary.latency_ratio == pytest.approx(11.0 / 4.0)
    assert summary.homepage_success_rate == pytest.approx(5 / 6)  # 5 successes, 1 unpaired failure
    assert level2.rate == 0.5 and level2.same_site_rate == 0.5


def test_summarize_without_probes() -> None:
    summary = summarize(site_of([], run_probes=[]))
    assert not summary.measured and summary.self_check_ok is None
    assert (summary.host, summary.aaaa, summary.v6_attempts, summary.similarity) == ("www.demo.test", (), 0, None)
    assert summary.level2 is None and summary.level3 is None
    assert summary.v6_success_rate is None and summary.latency_ratio is None


def test_self_check_reason_from_results_and_from_the_error_text() -> None:
    results = [{"url": "http://a.test/", "ok": False, "address": "", "error": "dns: noanswer"},
               {"url": "http://b.test/", "ok": False, "address": "::1", "error": "timeout"}]
    bad = ProbeRecord(None, "ipv6-self-check", "http://a.test/ http://b.test/", False, error="x",
                      data={"results": results})
    summary = summarize(site_of([], run_probes=[bad]))
    assert summary.self_check_ok is False
    assert summary.self_check_error == "http://a.test/ 无AAAA记录；http://b.test/ 连接超时"
    plain = ProbeRecord(None, "ipv6-self-check", "http://a.test/", False, error="http://a.test/: refused")
    assert summarize(site_of([], run_probes=[plain])).self_check_error == "http://a.test/ 连接被拒绝"


def test_latest_dns_probe_by_time_whatever_the_offset() -> None:
    earlier = dns(aaaa=(), aaaa_error="noanswer", when="2026-09-30T03:00:00+00:00")  # 11:00 in +08:00
    later = dns(when="2026-09-30T10:30:00+08:00")  # 02:30 UTC: measured before `earlier`
    assert summarize(site_of([later, earlier])).aaaa_error == "noanswer"
    assert summarize(site_of([earlier, dns(when="2026-09-30T12:00:00+08:00")])).aaaa_usable == ("::1",)


def test_texts_compared_come_from_the_same_round() -> None:
    probes = [
        home(6, True, when=at(0, minute=0), text="第一轮"),
        home(4, True, when=at(0, minute=1), text="第一轮四"),
        home(6, True, when=at(0, minute=30), text="第二轮"),
        home(4, True, when=at(0, minute=31), text="第二轮四"),
        home(4, True, when=at(0, minute=59), text="第三轮四"),
    ]
    six, four = homepage_texts(site_of(probes))
    assert six is not None and four is not None
    assert (six.data["text"], four.data["text"]) == ("第二轮", "第二轮四")


@pytest.mark.parametrize(
    ("probe", "verdict"),
    [
        (link("http://www.demo.test/a", 2, True), "ok"),
        (link("http://www.demo.test/a", 2, False, error="http 502", status=502, ipv4_ok=True), "failed"),
        (link("http://www.demo.test/a", 2, False, error="refused", status=None, ipv4_ok=False,
              ipv4_error="refused"), "excluded"),
        (link("http://www.demo.test/a", 2, False, error="timeout", status=None, ipv4_ok=False,
              ipv4_error="waf challenge"), "unknown"),
        (link("http://www.demo.test/a", 2, False, error="waf challenge", outcome="waf", status=412), "unknown"),
        (link("http://www.demo.test/a", 2, False, error="http 429 rate limited", outcome="rate_limited",
              status=429), "unknown"),
        (link("http://file.demo.test/a.pdf", 3, False, error="dns: noanswer", status=None), "failed"),
        (link("http://www.demo.test/a", 2, False, error="timeout", status=None), "unknown"),  # IPv4 not tried
    ],
)
def test_classify_link(probe: ProbeRecord, verdict: str) -> None:
    assert classify_link(probe) == verdict


@pytest.mark.parametrize(
    ("url", "host", "same"),
    [
        ("http://www.demo.test/a", "www.demo.test", True),
        ("http://file.demo.test/a.pdf", "www.demo.test", True),
        ("http://demo.test/", "www.demo.test", True),
        ("http://www.demo.test.evil.test/", "www.demo.test", False),
        ("http://notdemo.test/", "www.demo.test", False),
        ("http://www.province.test/", "www.demo.test", False),
        ("http://a.gov.cn.test/", "gov.cn.test", True),
    ],
)
def test_same_site(url: str, host: str, same: bool) -> None:
    assert same_site(url, host) is same


# --- text similarity ------------------------------------------------------------------------------------


def test_identical_pages_with_other_dates_and_counters() -> None:
    other_day = PORTAL.replace("2026年9月30日", "2026年10月1日").replace("1234567", "1240001")
    assert text_similarity(PORTAL, other_day) == 1.0


def test_placeholder_page_is_not_the_portal() -> None:
    placeholder = "演示县人民政府 IPv6版 本站IPv6版正在建设中，敬请期待。返回首页"
    assert text_similarity(placeholder, PORTAL) < 0.5
    assert text_similarity(placeholder, PORTAL) == text_similarity(PORTAL, placeholder)


def test_full_width_forms_spacing_and_encodings_do_not_count() -> None:
    full_width = "ＩＰｖ６　门户　　２０２６年  政务公开\n通知公告"
    assert normalize_text(full_width) == normalize_text("IPv6 门户 2026年 政务公开 通知公告")
    assert text_similarity(full_width, "IPv6 门户 2026年 政务公开 通知公告") == 1.0
    gbk = PORTAL.encode("gbk")  # the same page served in GBK over one family and UTF-8 over the other
    assert text_similarity(gbk.decode("gbk"), PORTAL.encode("utf-8").decode("utf-8")) == 1.0


def test_partial_changes_score_in_between() -> None:
    changed = PORTAL.replace("县委常委会召开", "全县安全生产工作会议召开").replace("县长信箱", "书记信箱")
    assert 0.8 < text_similarity(PORTAL, changed) < 1.0
    assert text_similarity("", "") == 1.0
    assert text_similarity("", PORTAL) == 0.0
    assert text_similarity("短", "短") == 1.0 and text_similarity("短", "长") == 0.0


def test_similarity_is_fast_on_50000_characters() -> None:
    rng = random.Random(6)
    alphabet = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)] + [" ", "2", "0"]
    a = "".join(rng.choice(alphabet) for _ in range(50_000))
    b = "".join(rng.choice(alphabet) for _ in range(50_000))
    near = a[:25_000] + b[:25_000]
    for x, y in ((a, b), (a, near), (a, a[::-1])):
        started = time.perf_counter()
        text_similarity(x, y)
        # linear time takes a few tens of ms; a quadratic algorithm would take minutes. The bound is generous so
        # a loaded test machine does not fail it.
        assert time.perf_counter() - started < 2.0
    assert text_similarity(a, b) < 0.05
    assert 0.4 < text_similarity(a, near) < 0.6


# --- params ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: HomepageParams(attempts=0), "attempts"),
        (lambda: HomepageParams(interval_s=-1), "interval_s"),
        (lambda: HomepageParams(timeout_s=0), "timeout_s"),
        (lambda: HomepageParams(min_success_rate=0), "min_success_rate"),
        (lambda: HomepageParams(min_success_rate=1.5), "min_success_rate"),
        (lambda: LinkParams(level=4), "level"),
        (lambda: LinkParams(level=2, min_rate=0), "min_rate"),
        (lambda: LinkParams(level=2, scope="everything"), "scope"),  # type: ignore[arg-type]
        (lambda: LinkParams(level=2, max_links=0), "max_links"),
        (lambda: LinkParams(level=2, max_evidence=0), "max_evidence"),
        (lambda: ConsistencyParams(min_similarity=1.2), "min_similarity"),
        (lambda: NameserverParams(require="most"), "require"),  # type: ignore[arg-type]
        (lambda: LatencyParams(max_ratio=0.9), "max_ratio"),
        (lambda: LatencyParams(min_diff_ms=-5), "min_diff_ms"),
        (lambda: LatencyParams(min_samples=0), "min_samples"),
    ],
)
def test_params_out_of_range(build: Any, field: str) -> None:
    with pytest.raises(ParamError) as caught:
        build()
    assert caught.value.field == field


def test_rule_file_with_bad_params_names_the_key(tmp_path: Path) -> None:
    text = (default_rules_dir() / "ipv6-level3-links.toml").read_text(encoding="utf-8")
    bad = tmp_path / "ipv6-level3-links.toml"
    bad.write_text(re.sub(r"(?m)^level\s*=\s*3", "level = 4", text), encoding="utf-8")
    with pytest.raises(RuleError, match=r"key 'params.level': must be 2 or 3"):
        load_rule(bad)
    bad.write_text(re.sub(r'(?m)^scope\s*=\s*"same-site"', 'scope = "site"', text), encoding="utf-8")
    with pytest.raises(RuleError, match=r"key 'params.scope'"):
        load_rule(bad)


def test_rule_files_carry_the_gatherer_params() -> None:
    rules = {r.id: r for r in load_rules() if r.id.startswith("ipv6-")}
    assert set(rules) == {"ipv6-aaaa", "ipv6-homepage", "ipv6-level2-links", "ipv6-level3-links",
                          "ipv6-consistency", "ipv6-nameservers", "ipv6-latency"}
    home_params = rules["ipv6-homepage"].params
    assert (home_params.attempts, home_params.interval_s, home_params.timeout_s) == (10, 30.0, 15.0)
    assert [(rules[i].params.level, rules[i].params.max_links, rules[i].params.min_rate)
            for i in ("ipv6-level2-links", "ipv6-level3-links")] == [(2, 500, 0.85), (3, 500, 0.85)]
    # only the homepage rule steers probe counts: the pipeline takes the largest value of these names
    for rule_id, rule in rules.items():
        if rule_id != "ipv6-homepage":
            assert not any(hasattr(rule.params, n) for n in ("attempts", "interval_s", "timeout_s")), rule_id
    assert {r.severity.value for i, r in rules.items() if i in ("ipv6-nameservers", "ipv6-latency")} == {"notice"}
    assert isinstance(rules["ipv6-aaaa"].params, AaaaParams)


# --- labels and messages --------------------------------------------------------------------------------


def test_ipv6_problem_labels() -> None:
    assert ipv6_problem_label("dns: noanswer") == LABEL_NO_AAAA
    assert ipv6_problem_label("dns: noanswer (AAAA)") == LABEL_NO_AAAA
    assert ipv6_problem_label("dns: nxdomain") == "域名无法解析"
    assert ipv6_problem_label("refused") == "连接被拒绝"
    assert ipv6_problem_label("http 502", 502) == "服务器错误（HTTP 502）"
    assert problem_label(LABEL_NO_AAAA) == LABEL_NO_AAAA  # the bulletin relabels evidence details: stays as it is
    assert problem_label("dns: noanswer") == "域名无法解析"  # the plain label is unchanged


_URL = re.compile(r"https?://[^\s（）：，；、]+")
_NAME = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")  # host names
_ADDRESS = re.compile(r"[0-9A-Fa-f]*:[0-9A-Fa-f:.]+")  # IPv6 addresses
_ALLOWED = ("IPv6", "IPv4", "AAAA", "HTTP", "DNS", "NAT64")


def _english(message: str) -> list[str]:
    rest = _ADDRESS.sub("", _NAME.sub("", _URL.sub("", message)))
    for word in _ALLOWED:
        rest = rest.replace(word, "")
    return re.findall(r"[A-Za-z]+", rest)


@pytest.mark.parametrize("case", IPV6_CASES, ids=[f"{p.parent.name}/{p.name}" for p in IPV6_CASES])
def test_case_messages_are_chinese_and_about_the_site(case: Path) -> None:
    rule = load_rule(default_rules_dir() / f"{case.parent.name}.toml")
    site = load_case(case)
    for finding in evaluate([rule], site, run_id=1):
        assert not _english(finding.message), finding.message
        assert "(" not in finding.message and ")" not in finding.message, finding.message
        assert finding.subject == site.site.url, finding.message


# --- the seven rules together: one root cause, one failing rule ---------------------------------------------


SELF_OK = {"kind": "ipv6-self-check", "target": "http://www.gov.cn.test/", "ok": True}
DNS_OK = {"kind": "ipv6-dns", "target": "www.demo.test", "ok": True, "at": at(1), "data": {
    "host": "www.demo.test", "a": ["127.0.0.1"], "a_error": "", "aaaa": ["::1"], "aaaa_error": "", "aaaa_usable": ["::1"],
    "zone": "demo.test", "nameservers": [{"name": "ns1.demo.test", "aaaa": ["::1"], "error": ""}], "ns_error": ""}}


def _home(family: int, ok: bool, *, text: str | None = PORTAL, repeat: int = 10, **extra: Any) -> list[dict[str, Any]]:
    kind = f"ipv{family}-homepage"
    data = {"family": family, "address": "::1" if family == 6 else "127.0.0.1", "connect_ms": 1.0 if ok else None,
            "ttfb_ms": 3.0 if ok else None, "final_url": URL}
    base = {"kind": kind, "ok": ok, "http_status": 200 if ok else None, "outcome": "ok" if ok else "broken",
            "error": "" if ok else "refused", "at": at(2), **extra}
    first = {**base, "data": {**data, "text": text}} if ok and text is not None else {**base, "data": data}
    return [first, {**base, "data": data, "repeat": repeat - 1}]


def _links() -> list[dict[str, Any]]:
    plan = {"kind": "ipv6-link-plan", "ok": True, "data": {"level2_found": 2, "level2_probed": 2, "level3_found": 1,
                                                          "level3_probed": 1, "cap2": 500, "cap3": 500}}
    probes = [plan]
    for url, level in (("http://www.demo.test/col/1.html", 2), ("http://www.demo.test/col/2.html", 2),
                       ("http://www.demo.test/art/1.html", 3)):
        probes.append({"kind": "ipv6-link", "target": url, "ok": True, "http_status": 200, "outcome": "ok",
                       "data": {"level": level, "source": URL, "same_site": True, "address": "::1",
                                "ipv4_ok": None, "ipv4_error": ""}})
    return probes


def _statuses(data: dict[str, Any]) -> dict[str, Status]:
    site = artifacts_from_json(data)
    rules = [r for r in load_rules() if r.id.startswith("ipv6-")]
    findings = evaluate(rules, site, run_id=1)
    assert len(findings) == len(rules) == 7
    return {f.rule_id: f.status for f in findings}


def test_dual_stack_site_passes_every_rule() -> None:
    got = _statuses({"probes": [DNS_OK, *_home(6, True), *_home(4, True), *_links()], "run_probes": [SELF_OK]})
    assert set(got.values()) == {Status.PASS}, got


def test_no_aaaa_fails_only_the_aaaa_rule() -> None:
    no_aaaa = {**DNS_OK, "ok": False, "error": "noanswer",
               "data": {**DNS_OK["data"], "aaaa": [], "aaaa_usable": [], "aaaa_error": "noanswer"}}
    got = _statuses({"probes": [no_aaaa, *_home(4, True)], "run_probes": [SELF_OK]})
    assert got.pop("ipv6-aaaa") is Status.FAIL
    assert set(got.values()) == {Status.NOT_APPLICABLE}, got


def test_homepage_refused_over_ipv6_fails_only_the_homepage_rule() -> None:
    got = _statuses({"probes": [DNS_OK, *_home(6, False), *_home(4, True)], "run_probes": [SELF_OK]})
    assert got == {"ipv6-aaaa": Status.PASS, "ipv6-homepage": Status.FAIL, "ipv6-level2-links": Status.NOT_APPLICABLE,
                   "ipv6-level3-links": Status.NOT_APPLICABLE, "ipv6-consistency": Status.NOT_APPLICABLE,
                   "ipv6-nameservers": Status.PASS, "ipv6-latency": Status.NOT_APPLICABLE}


def test_site_down_over_both_families_is_no_ipv6_failure() -> None:
    got = _statuses({"probes": [DNS_OK, *_home(6, False), *_home(4, False)], "run_probes": [SELF_OK]})
    assert Status.FAIL not in got.values(), got
    assert got["ipv6-homepage"] is Status.INCONCLUSIVE


def test_inspector_without_ipv6_judges_nothing() -> None:
    failed_check = {**SELF_OK, "ok": False, "error": "http://www.gov.cn.test/: connect error: Network is unreachable"}
    got = _statuses({"probes": [DNS_OK, *_home(6, False), *_home(4, True)], "run_probes": [failed_check]})
    assert set(got.values()) == {Status.INCONCLUSIVE}, got


# --- attempt-by-attempt homepage judgement ------------------------------------------------------------------


def attempt(family: int, number: int, ok: bool, *, address: str = "", error: str = "refused", round_id: str | None = None,
            ttfb: float | None = 4.0, outcome: str = "", status: int | None = None) -> ProbeRecord:
    data: dict[str, Any] = {"family": family, "address": address or ("::1" if family == 6 else "127.0.0.1"),
                            "attempt": number, "connect_ms": 1.0 if ok else None, "ttfb_ms": ttfb if ok else None,
                            "final_url": URL}
    if round_id is not None:
        data["round"] = round_id
    kind = "ipv6-homepage" if family == 6 else "ipv4-homepage"
    return ProbeRecord(1, kind, URL, ok, 200 if ok else status, 10.0, "" if ok else error,
                       outcome or ("ok" if ok else "broken"), at(number, minute=2), data)


CDN = ("2400:3200::1", "2400:3200::2", "2400:3200::3", "2400:3200::4")


def test_cdn_with_one_bad_address_passes_and_names_it() -> None:
    """The reviewer's E3: every attempt loaded on 3 of 4 AAAA and on IPv4: users are served."""
    probes = [dns(aaaa=CDN)]
    for n in range(10):
        probes += [attempt(6, n, a != CDN[3], address=a) for a in CDN]
        probes.append(attempt(4, n, True))
    site = site_of(probes)
    h = summarize(site).homepage
    assert h is not None and (h.attempts, h.v6_ok, h.decidable, h.rate) == (10, 10, 10, 1.0)
    assert h.bad_addresses == (AddressFailures(CDN[3], 10, 10, ("连接被拒绝×10",)),)
    [result] = homepage_over_ipv6(site, HomepageParams())
    assert result.status is Status.PASS, result.message
    assert f"其中IPv6地址{CDN[3]}访问失败10/10次（连接被拒绝×10），同一次访问中其他IPv6地址可正常访问" in result.message
    assert [e.text for e in result.evidence] == [f"IPv6地址{CDN[3]}，10次"]


def _flaky(v6_failed: set[int], v4_failed: set[int], attempts: int = 10, error: str = "http 502") -> SiteArtifacts:
    probes = [dns()]
    for n in range(attempts):
        probes += [attempt(6, n, n not in v6_failed, error=error, status=502),
                   attempt(4, n, n not in v4_failed, error=error, status=502)]
    return site_of(probes)


def test_equal_flakiness_on_both_families_is_inconclusive() -> None:
    [result] = homepage_over_ipv6(_flaky({1, 4, 7}, {2, 5, 8}), HomepageParams())
    assert result.status is Status.INCONCLUSIVE
    assert "仅IPv6失败3次、仅IPv4失败3次，IPv4同样不稳定，失败与协议无关" in result.message


def test_both_families_failing_together_are_left_out() -> None:
    site = _flaky({1, 4, 7}, {1, 4, 7})  # three outages of the whole site, IPv6 fine otherwise
    h = summarize(site).homepage
    assert h is not None and (h.both_failed, h.decidable, h.rate) == (3, 7, 1.0)
    [result] = homepage_over_ipv6(site, HomepageParams())
    assert result.status is Status.PASS
    assert "另有3次IPv6与IPv4均无法访问，属站点可用性问题，不计入" in result.message


def test_a_real_gap_fails_and_a_small_one_is_not_proof() -> None:
    [gap] = homepage_over_ipv6(_flaky({0, 1, 2, 3, 4, 5}, set()), HomepageParams())
    assert gap.status is Status.FAIL and "同一次探测中仅IPv6失败6次、仅IPv4失败0次" in gap.message
    [small] = homepage_over_ipv6(_flaky({0, 1}, set()), HomepageParams())  # 80% < 90%, but 2 vs 0 is chance
    assert small.status is Status.INCONCLUSIVE
    assert "出现这一差异的概率为25%，高于5%" in small.message
    [literal] = homepage_over_ipv6(_flaky({0, 1}, set()), HomepageParams(max_gap_p=1.0))  # "outnumber" alone
    assert literal.status is Status.FAIL


def test_sign_test() -> None:
    assert sign_test(0, 0) == 1.0
    assert sign_test(3, 0) == pytest.approx(0.125)
    assert sign_test(10, 0) == pytest.approx(1 / 1024)
    assert sign_test(7, 1) == pytest.approx(9 / 256)
    assert sign_test(2, 2) == pytest.approx(11 / 16)


def test_symmetric_flakiness_is_almost_never_failed() -> None:
    """The reviewer's E1 in numbers: both families fail 15% of requests independently, 10 attempts, 2,000 sites."""
    rng = random.Random(15)
    statuses = Counter()
    for _ in range(2000):
        v6 = {n for n in range(10) if rng.random() < 0.15}
        v4 = {n for n in range(10) if rng.random() < 0.15}
        statuses[homepage_over_ipv6(_flaky(v6, v4), HomepageParams())[0].status] += 1
    assert statuses[Status.FAIL] <= 10, statuses  # ≈ 0.2% expected; the literal "outnumber" rule fails ≈ 30%


def test_waf_on_one_family_leaves_the_attempt_open() -> None:
    probes = [dns()]
    for n in range(10):
        probes.append(attempt(6, n, False, error="refused"))
        probes.append(attempt(4, n, False, error="waf challenge", outcome="waf", status=412))
    h = summarize(site_of(probes)).homepage
    assert h is not None and (h.undecidable, h.decidable) == (10, 0)
    assert homepage_over_ipv6(site_of(probes), HomepageParams())[0].status is Status.INCONCLUSIVE


# --- rounds and self-checks ---------------------------------------------------------------------------------


def check_probe(ok: bool, round_id: str, phase: str, error: str = "connect error: Network is unreachable",
                address: str = "::1") -> ProbeRecord:
    result = {"url": "http://www.gov.cn.test/", "ok": ok, "address": address if ok else "", "error": "" if ok else error}
    return ProbeRecord(None, "ipv6-self-check", "http://www.gov.cn.test/", ok, None, 1.0,
                       "" if ok else f"http://www.gov.cn.test/: {error}", "ok" if ok else "broken", at(0),
                       {"results": [result], "round": round_id, "phase": phase})


def _round(round_id: str, v6_ok: bool) -> list[ProbeRecord]:
    d = dns()
    probes = [ProbeRecord(d.site_id, d.kind, d.target, d.ok, d.http_status, d.elapsed_ms, d.error, d.outcome, d.at,
                          {**d.data, "round": round_id})]
    for n in range(10):
        probes += [attempt(6, n, v6_ok, round_id=round_id), attempt(4, n, True, round_id=round_id)]
    return probes


def test_probes_of_a_round_that_lost_ipv6_are_ignored() -> None:
    run = [check_probe(True, "r1", "before"), check_probe(False, "r1", "after"),
           check_probe(True, "r2", "before"), check_probe(True, "r2", "after")]
    site = site_of(_round("r1", False) + _round("r2", True), run)
    s = summarize(site)
    assert s.self_check_ok is True and s.self_check_error == "" and not s.self_check_interrupted
    assert s.ignored_probes == 21 and (s.v6_attempts, s.v6_ok) == (10, 10)
    assert len(trusted_view(site).probes) == 21
    assert homepage_over_ipv6(site, HomepageParams())[0].status is Status.PASS


def test_no_trusted_round_makes_every_rule_inconclusive_with_the_reason() -> None:
    lost = site_of(_round("r1", False), [check_probe(True, "r1", "before"), check_probe(False, "r1", "after")])
    s = summarize(lost)
    assert (s.self_check_ok, s.self_check_interrupted) == (False, True)
    assert s.self_check_error == "http://www.gov.cn.test/ 网络不可达"
    for check, params in ((homepage_over_ipv6, HomepageParams()), (aaaa_record, AaaaParams()),
                          (link_support_rate, LinkParams(level=2)), (latency_ratio, LatencyParams())):
        [result] = check(lost, params)
        assert result.status is Status.INCONCLUSIVE
        assert result.message == "检查期间检查端IPv6连通性中断（http://www.gov.cn.test/ 网络不可达），无法判定"
    never = site_of([], [check_probe(False, "r1", "before")])
    assert summarize(never).self_check_interrupted is False
    assert aaaa_record(never, AaaaParams())[0].message.startswith("检查端无IPv6连通性（")


def test_a_site_measured_only_in_an_untrusted_round() -> None:
    run = [check_probe(True, "r1", "before"), check_probe(False, "r1", "after"), check_probe(True, "r2", "before"),
           check_probe(True, "r2", "after")]
    [result] = aaaa_record(site_of(_round("r1", True), run), AaaaParams())
    assert result.status is Status.INCONCLUSIVE and "测量结果不予采用" in result.message


def test_legacy_records_without_rounds_keep_the_old_gate() -> None:
    bad = ProbeRecord(None, "ipv6-self-check", "http://www.gov.cn.test/", False, error="http://www.gov.cn.test/: refused")
    site = site_of([dns(), *(attempt(6, n, True) for n in range(3))], [bad, check_probe(True, "r9", "before")])
    assert summarize(site).self_check_ok is False  # a failed check without a round still vetoes the run
    assert homepage_over_ipv6(site, HomepageParams())[0].status is Status.INCONCLUSIVE


def test_self_check_on_an_unusable_address_names_the_category() -> None:
    item = {"url": "http://ref.test/", "ok": False, "address": "::1", "error": "dns: unusable"}
    bad = ProbeRecord(None, "ipv6-self-check", "http://ref.test/", False, error="http://ref.test/: dns: unusable",
                      data={"results": [item]})
    assert summarize(site_of([], [bad])).self_check_error == (
        "http://ref.test/ 经由环回地址::1访问，不能证明检查端有公网IPv6连通性")


# --- labels, links, addresses -------------------------------------------------------------------------------


def test_ipv6_labels_for_the_gatherers_own_details() -> None:
    assert ipv6_label("read timeout") == "响应超时"
    assert ipv6_label("timeout") == "连接超时"
    assert ipv6_label("dns: unusable") == "域名解析到非公网地址"
    assert ipv6_label("dns: noanswer") == LABEL_NO_AAAA


@pytest.mark.parametrize(
    ("probe", "verdict", "reason"),
    [
        (link("http://cdn.demo.test/a", 3, False, error="dns: timeout", status=None, ipv4_ok=True), "unknown", ""),
        (link("http://cdn.demo.test/a", 3, False, error="dns: servfail", status=None, ipv4_ok=True), "unknown", ""),
        (link("http://cdn.demo.test/a", 3, False, error="dns: blocked", status=None), "unknown", ""),
        (link("http://www.demo.test/a", 3, False, error="read timeout", status=None, ipv4_ok=True), "failed",
         "响应超时"),
        (link("http://www.demo.test/a", 3, False, error="dns: unusable", status=None, ipv4_ok=True), "failed",
         "域名解析到非公网地址"),
    ],
)
def test_link_dns_failures_and_new_reasons(probe: ProbeRecord, verdict: str, reason: str) -> None:
    assert classify_link(probe) == verdict
    rate = summarize(site_of([dns(), probe])).level3
    assert rate is not None
    assert [f.reason for f in rate.failed] == ([reason] if reason else [])


@pytest.mark.parametrize(
    ("address", "category"),
    [
        ("::1", "环回地址"), ("fd00::1", "唯一本地地址"), ("fe80::1", "链路本地地址"),
        ("::ffff:1.2.3.4", "IPv4映射地址"), ("64:ff9b::808:808", "NAT64转换地址"), ("2001:db8::1", "文档示例地址"),
        ("ff02::1", "组播地址"), ("::", "未指定地址"), ("2400:3200::1", "公网地址"), ("fec0::1", "站点本地地址（已废弃）"),
    ],
)
def test_address_category(address: str, category: str) -> None:
    assert address_category(address) == category


def test_unusable_aaaa_message_names_each_category() -> None:
    [one] = aaaa_record(site_of([dns(aaaa=("::1",), usable=())]), AaaaParams())
    assert one.status is Status.FAIL
    assert one.message == "域名www.demo.test的AAAA记录::1为环回地址，不是可用的公网IPv6地址，公众无法通过IPv6访问"
    [many] = aaaa_record(site_of([dns(aaaa=("::1", "fd00::1", "fd00::2"), usable=())]), AaaaParams())
    assert many.message == ("域名www.demo.test的AAAA记录均不是可用的公网IPv6地址：::1为环回地址，fd00::1、fd00::2为唯一本地地址，"
                            "公众无法通过IPv6访问")
    assert [e.detail for e in many.evidence] == ["不可用的IPv6地址（环回地址）"] + ["不可用的IPv6地址（唯一本地地址）"] * 2


# --- latency with DNS, consistency with stubs ---------------------------------------------------------------


def test_latency_adds_each_rounds_dns_time() -> None:
    def round_dns(round_id: str, a_ms: float, aaaa_ms: float) -> ProbeRecord:
        d = dns()
        return ProbeRecord(1, "ipv6-dns", d.target, True, None, None, "", "", at(1),
                           {**d.data, "a_ms": a_ms, "aaaa_ms": aaaa_ms, "round": round_id})

    probes = [round_dns("r1", 2.0, 100.0), round_dns("r2", 2.0, 300.0)]
    for round_id in ("r1", "r2"):
        probes += [attempt(6, n, True, round_id=round_id, ttfb=10.0) for n in range(3)]
        probes += [attempt(4, n, True, round_id=round_id, ttfb=10.0) for n in range(3)]
    s = summarize(site_of(probes))
    assert (s.v6_ms, s.v4_ms, s.latency_includes_dns) == (pytest.approx(210.0), pytest.approx(12.0), True)
    [result] = latency_ratio(site_of(probes), LatencyParams())
    assert result.status is Status.FAIL
    assert result.message.startswith("首页DNS解析+建立连接+首字节时延中位数：IPv6 210毫秒（6次），IPv4 12毫秒（6次）")
    no_dns = summarize(site_of([*(attempt(f, n, True) for f in (6, 4) for n in range(3))]))
    assert (no_dns.v6_ms, no_dns.latency_includes_dns) == (4.0, False)


def _texts(six: str, four: str, **extra: Any) -> SiteArtifacts:
    v6 = home(6, True, text=six, when=at(3))
    v6 = ProbeRecord(v6.site_id, v6.kind, v6.target, v6.ok, v6.http_status, v6.elapsed_ms, v6.error, v6.outcome, v6.at,
                     {**v6.data, **extra})
    return site_of([dns(), v6, home(4, True, text=four, when=at(3))])


def test_consistency_of_stubs_and_short_texts_is_inconclusive_but_a_placeholder_fails() -> None:
    [stub] = content_consistency(_texts("", PORTAL, redirect_stub=URL + "entry"), ConsistencyParams())
    assert stub.status is Status.INCONCLUSIVE and stub.message.startswith("首页为跳转页面（IPv6首页http://www.demo.test/entry）")
    [short] = content_consistency(_texts("欢迎访问 2026年9月30日", PORTAL), ConsistencyParams())
    assert short.status is Status.INCONCLUSIVE and short.message.startswith("IPv6首页内容过少（仅")
    # 武穴's stale placeholder in the farm: about 66 characters, a different page: still a failure
    placeholder = "武穴市人民政府门户网站（IPv6版） 本网站IPv6版正在建设中，敬请期待。 政务动态 通知公告 政策文件 技术支持：武穴市信息中心"
    assert 60 <= len(normalize_text(placeholder)) <= 70
    [wuxue] = content_consistency(_texts(placeholder, PORTAL), ConsistencyParams())
    assert wuxue.status is Status.FAIL


def test_texts_compared_prefer_the_same_round() -> None:
    def texted(family: int, round_id: str, text: str, second: int) -> ProbeRecord:
        p = home(family, True, text=text, when=at(second))
        return ProbeRecord(1, p.kind, p.target, True, 200, 1.0, "", "ok", p.at, {**p.data, "round": round_id})

    six, four = homepage_texts(site_of([texted(6, "r1", "六一", 10), texted(4, "r1", "四一", 0),
                                        texted(4, "r2", "四二", 11)]))
    assert six is not None and four is not None and (six.data["text"], four.data["text"]) == ("六一", "四一")


def test_sampled_levels_say_so() -> None:
    plan = ProbeRecord(1, "ipv6-link-plan", URL, True, data={"level2_found": 900, "level2_probed": 2, "level3_found": 0,
                                                             "level3_probed": 0, "cap2": 2, "cap3": 500, "sampled": True})
    probes = [dns(), home(6, True), plan, link("http://www.demo.test/a", 2, True), link("http://www.demo.test/b", 2, True)]
    rate = summarize(site_of(probes)).level2
    assert rate is not None and rate.sampled
    assert "共发现900个，按上限均匀抽样探测2个" in link_support_rate(site_of(probes), LinkParams(level=2))[0].message
