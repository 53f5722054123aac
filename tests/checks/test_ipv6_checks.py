"""IPv6 checks: summarize() on hand-built probes, text similarity, link classes, params, and the rules together."""

from __future__ import annotations

import random
import re
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from rule_case_loader import artifacts_from_json, load_case

from inspector.checks._common import LABEL_NO_AAAA, ipv6_problem_label, problem_label
from inspector.checks.ipv6 import (
    AaaaParams,
    ConsistencyParams,
    FailedLink,
    HomepageParams,
    Ipv6Summary,
    LatencyParams,
    LinkParams,
    LinkRate,
    NameserverParams,
    classify_link,
    homepage_texts,
    normalize_text,
    same_site,
    summarize,
    text_similarity,
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
        similarity=1.0, v6_ms=10.0, v4_ms=3.0, zone="demo.test",  # medians of ttfb (the connect is inside it)
        nameservers=(("ns1.demo.test", ("::1",)), ("ns2.demo.test", ())), ns_error="",
        level2=level2, level3=level3, v6_unknown=1, v4_unknown=0,
        nameserver_errors=(("ns2.demo.test", "timeout"),),
    )
    assert summary.v6_success_rate == pytest.approx(5 / 6)  # the WAF answer is not an attempt that failed
    assert summary.v4_success_rate == pytest.approx(3 / 4)
    assert summary.latency_ratio == pytest.approx(10.0 / 3.0)
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
        assert time.perf_counter() - started < 0.2
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
_ALLOWED = ("IPv6", "IPv4", "AAAA", "HTTP")


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
