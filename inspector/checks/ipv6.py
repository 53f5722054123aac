"""IPv6 checks (standards.md §4): what the gathered IPv6 probes say, summarised once per site.

`summarize(site)` turns the stored probes (kinds ipv6-self-check, ipv6-dns, ipv6-homepage, ipv4-homepage,
ipv6-link-plan, ipv6-link) into an `Ipv6Summary`; the check functions judge that summary against their rule
parameters, and the bulletin's IPv6支持情况 sheet shows it.

Judgement principles (docs: notes/ipv6-spec.md): never fail when the tool cannot tell (the inspector's own IPv6
connectivity is checked first; WAF / rate-limited probes are undecidable); one root cause gives one failing rule
(no AAAA fails ipv6-aaaa only, a homepage that never loads over IPv6 fails ipv6-homepage only); a site whose IPv4
side is down too has an availability problem, not an IPv6 one.

Rounds: the pipeline measures IPv6 in rounds. Every site record of a round carries data["round"], and the round
has an ipv6-self-check before (data["phase"] "before") and after ("after") its probes. A round is trusted when all
its self-checks passed; the probes of other rounds are ignored (`trusted_view`), and without any trusted round every
IPv6 rule is inconclusive (检查端无IPv6连通性 / 检查期间检查端IPv6连通性中断). Records without a round (older data,
hand-built cases) are judged as before: any failed ipv6-self-check makes every IPv6 rule inconclusive.

The homepage is judged attempt by attempt (`homepage_attempts`): an attempt is one (round, attempt) of the
gatherer, in which every address of both families was probed at about the same time.
"""

from __future__ import annotations

import ipaddress
import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from typing import Any, Literal
from urllib.parse import urlsplit

from inspector.checks._common import (
    LABEL_BROKEN,
    LABEL_NO_AAAA,
    LABEL_RATE_LIMITED,
    LABEL_WAF,
    failed,
    inconclusive,
    ipv6_problem_label,
    not_applicable,
    passed,
    percent,
    problem_label,
    self_check_failure,
)
from inspector.errors import ParamError
from inspector.model import CheckResult, Evidence, Outcome, ProbeRecord, SiteArtifacts, Status

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class FailedLink:
    """A link that did not load over IPv6 (shown in the bulletin's failing-links block)."""

    level: int  # 2 or 3
    url: str
    source: str  # the page that links to it
    same_site: bool
    reason: str  # Chinese, e.g. 无AAAA记录, 连接被拒绝, 连接超时, 响应超时, HTTP 502
    ipv4_ok: bool | None  # the same URL over IPv4 at probe time (None = not tried)


@dataclass(frozen=True, slots=True)
class LinkRate:
    """IPv6 support of one link level (2 = linked from the homepage, 3 = linked from level-2 pages)."""

    level: int
    found: int  # distinct URLs at this level (before the cap)
    probed: int  # URLs fetched over IPv6
    ok: int  # of the decidable ones, loaded over IPv6
    decidable: int  # probed minus unknown (WAF, rate limited) minus excluded (broken over IPv4 too)
    same_site_ok: int
    same_site_decidable: int
    failed: tuple[FailedLink, ...]  # IPv6-specific failures, in probe order
    excluded: int  # failed over IPv6 and IPv4 alike: a broken link, not an IPv6 problem
    unknown: int  # WAF challenge or rate limited over IPv6, DNS timeout / servfail, IPv4 not comparable
    sampled: bool = False  # more URLs than the cap: an evenly spaced sample was probed

    @property
    def rate(self) -> float | None:
        return self.ok / self.decidable if self.decidable else None

    @property
    def same_site_rate(self) -> float | None:
        return self.same_site_ok / self.same_site_decidable if self.same_site_decidable else None


@dataclass(frozen=True, slots=True)
class AddressFailures:
    """One IPv6 address of the homepage that failed at least once (conclusively)."""

    address: str
    failed: int  # probes of this address that failed (WAF / rate limited not counted)
    probed: int  # probes of this address
    reasons: tuple[str, ...]  # Chinese reasons with counts, e.g. ("连接被拒绝×10",)


@dataclass(frozen=True, slots=True)
class HomepageAttempts:
    """The homepage probes judged attempt by attempt.

    One attempt = one (round, attempt) of the gatherer. IPv6 succeeded in an attempt when ANY of the site's IPv6
    addresses loaded the homepage (a CDN with one bad address among several still serves its users); IPv4
    likewise. An attempt in which neither family loaded is an availability problem and is left out; one with a WAF
    challenge or rate limiting (and no success) is undecidable.
    """

    attempts: int  # attempts with at least one IPv6 probe
    v6_ok: int  # IPv6 loaded on some address
    v6_only_failed: int  # IPv6 failed on every address while IPv4 loaded: an IPv6-specific failure
    v4_only_failed: int  # IPv6 loaded while IPv4 failed on every address
    both_failed: int  # neither family loaded: availability problem, left out of the rate
    unpaired_failed: int  # IPv6 failed and the attempt had no IPv4 probe to compare with
    undecidable: int  # no success, and a WAF challenge or rate limiting answered
    v4_attempts: int  # attempts with a conclusive IPv4 result
    v4_ok: int  # of those, IPv4 loaded on some address
    addresses: tuple[str, ...] = ()  # the IPv6 addresses probed
    bad_addresses: tuple[AddressFailures, ...] = ()  # those that failed at least once

    @property
    def decidable(self) -> int:
        """Attempts that say something about IPv6: successes, IPv6-only failures, failures without IPv4 to compare."""
        return self.v6_ok + self.v6_only_failed + self.unpaired_failed

    @property
    def rate(self) -> float | None:
        return self.v6_ok / self.decidable if self.decidable else None

    @property
    def v4_rate(self) -> float | None:
        return self.v4_ok / self.v4_attempts if self.v4_attempts else None

    @property
    def gap_p_value(self) -> float:
        """One-sided exact sign test on the attempts where exactly one family failed: the probability of at least
        this many IPv6-only failures among them if a failure did not depend on the family (1.0 when none)."""
        return sign_test(self.v6_only_failed, self.v4_only_failed)


@dataclass(frozen=True, slots=True)
class Ipv6Summary:
    """Everything the run measured about one site's IPv6 support (from the trusted rounds only)."""

    host: str
    measured: bool  # any IPv6 probe of this site is stored (and usable: its round was trusted)
    self_check_ok: bool | None  # the inspector's own IPv6 connectivity (None = not checked in this run)
    self_check_error: str  # Chinese reason when the self-check failed
    a: tuple[str, ...]
    a_error: str  # "" or nxdomain | noanswer | timeout | servfail | blocked
    aaaa: tuple[str, ...]
    aaaa_usable: tuple[str, ...]  # global unicast (or inside the fenced networks in demo/tests)
    aaaa_error: str
    v6_attempts: int  # homepage probes over IPv6 (every AAAA address, every attempt)
    v6_ok: int
    v4_attempts: int
    v4_ok: int
    v6_failures: tuple[str, ...]  # Chinese reasons with counts, e.g. ("连接被拒绝×10",)
    similarity: float | None  # IPv6 vs IPv4 homepage text similarity, 0..1 (None = not comparable)
    v6_ms: float | None  # median DNS (when measured) + connect + time to first byte over IPv6
    v4_ms: float | None
    zone: str  # the zone apex found for the host ("" if unknown)
    nameservers: tuple[tuple[str, tuple[str, ...]], ...]  # (NS host name, its AAAA addresses)
    ns_error: str
    level2: LinkRate | None
    level3: LinkRate | None
    v6_unknown: int = 0  # of v6_attempts: WAF challenge or rate limited (undecidable)
    v4_unknown: int = 0
    nameserver_errors: tuple[tuple[str, str], ...] = ()  # (NS host name, its AAAA lookup error) when not ""
    homepage: HomepageAttempts | None = None  # the homepage judged attempt by attempt (None: not computed)
    self_check_interrupted: bool = False  # the failed rounds lost IPv6 during the round (their "before" passed)
    ignored_probes: int = 0  # site probes of rounds whose self-check failed: not used
    latency_includes_dns: bool = False  # v6_ms and v4_ms include the DNS lookup time

    @property
    def v6_success_rate(self) -> float | None:
        """Successes over the decidable IPv6 homepage probes (WAF / rate-limited ones say nothing)."""
        decidable = self.v6_attempts - self.v6_unknown
        return self.v6_ok / decidable if decidable > 0 else None

    @property
    def v4_success_rate(self) -> float | None:
        decidable = self.v4_attempts - self.v4_unknown
        return self.v4_ok / decidable if decidable > 0 else None

    @property
    def homepage_success_rate(self) -> float | None:
        """The judged figure: IPv6 successes over the decidable attempts (probe-level rate when not computed)."""
        if self.homepage is not None:
            return self.homepage.rate
        return self.v6_success_rate

    @property
    def latency_ratio(self) -> float | None:
        if self.v6_ms is None or self.v4_ms is None or self.v4_ms <= 0:
            return None
        return self.v6_ms / self.v4_ms


# --- probe kinds and wording ----------------------------------------------------------------------------

SELF_CHECK_KIND = "ipv6-self-check"
DNS_KIND = "ipv6-dns"
HOMEPAGE_KINDS = {6: "ipv6-homepage", 4: "ipv4-homepage"}
PLAN_KIND = "ipv6-link-plan"
LINK_KIND = "ipv6-link"
SITE_KINDS = frozenset({DNS_KIND, *HOMEPAGE_KINDS.values(), PLAN_KIND, LINK_KIND})

LEVEL_LABELS = {2: "二级链接", 3: "三级链接"}
RULE_AAAA = "“域名IPv6解析”"
RULE_HOMEPAGE = "“首页IPv6访问”"
DNS_ERROR_LABELS = {  # what a failed lookup came to, after "查询"
    "nxdomain": "结果为域名不存在",
    "noanswer": "无结果",
    "timeout": "超时",
    "servfail": "失败（域名服务器返回错误）",
    "blocked": "失败（解析出的地址不在允许探测的网络范围内）",
}
NO_RECORD = ("", "noanswer")  # DNS answers that mean "the name has no such record"
UNDECIDABLE_DNS = ("timeout", "servfail", "blocked")  # a link host's lookup that says nothing about its AAAA

READ_TIMEOUT = "read timeout"  # the gatherer's error for a timeout after the TCP connection was made
LABEL_READ_TIMEOUT = "响应超时"
LABEL_UNUSABLE = "域名解析到非公网地址"  # the connection went to a NAT64 / ULA / loopback address ("dns: unusable")
SELF_CHECK_NO_IPV6 = "检查端无IPv6连通性"
SELF_CHECK_LOST = "检查期间检查端IPv6连通性中断"
_SELF_CHECK_DEFAULT = "参照网站均无法通过IPv6访问"

_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_ULA = ipaddress.ip_network("fc00::/7")
_DOCUMENTATION = (ipaddress.ip_network("2001:db8::/32"), ipaddress.ip_network("3fff::/20"))


def address_category(address: str) -> str:
    """What kind of IPv6 address this is, in Chinese: 环回地址, 唯一本地地址, 链路本地地址, IPv4映射地址,
    NAT64转换地址, 文档示例地址, 组播地址, 未指定地址, 站点本地地址, 保留地址, or 公网地址."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0].strip().strip("[]"))
    except ValueError:
        return "无效地址"
    if ip.version == 4:
        return "IPv4地址"
    assert isinstance(ip, ipaddress.IPv6Address)
    if ip.ipv4_mapped is not None:
        return "IPv4映射地址"
    if ip.is_unspecified:
        return "未指定地址"
    if ip.is_loopback:
        return "环回地址"
    if ip.is_multicast:
        return "组播地址"
    if ip.is_link_local:
        return "链路本地地址"
    if ip.is_site_local:
        return "站点本地地址（已废弃）"
    if ip in _ULA:
        return "唯一本地地址"
    if any(ip in net for net in _NAT64):
        return "NAT64转换地址"
    if any(ip in net for net in _DOCUMENTATION):
        return "文档示例地址"
    if ip.is_global:
        return "公网地址"
    return "保留地址"


def sign_test(more: int, fewer: int) -> float:
    """P(X ≥ more) for X ~ Binomial(more + fewer, 1/2): the one-sided exact sign (McNemar) test (1.0 when both 0)."""
    n = more + fewer
    if n <= 0:
        return 1.0
    return sum(math.comb(n, i) for i in range(max(0, more), n + 1)) / 2**n


# --- text similarity ------------------------------------------------------------------------------------

SHINGLE = 5  # characters per shingle: about two Chinese words, or one Latin word
_DIGIT_RUN = re.compile(r"\d+")
_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width), digit runs → one placeholder (dates, counters), whitespace collapsed, casefolded."""
    text = unicodedata.normalize("NFKC", text)
    text = _DIGIT_RUN.sub("#", text)
    return _WHITESPACE.sub(" ", text).strip().casefold()


def _shingles(text: str) -> Counter[str]:
    if len(text) <= SHINGLE:
        return Counter([text])
    return Counter(text[i:i + SHINGLE] for i in range(len(text) - SHINGLE + 1))


def text_similarity(a: str, b: str) -> float:
    """Similarity of two page texts, 0..1: the Dice coefficient of their character 5-shingle multisets.

    Linear in the text length (a 50,000-character page takes a few tens of milliseconds). Like difflib's
    ratio (2·matches / total) but order-insensitive beyond five characters, so a moved block costs little and a
    different page (a placeholder instead of the portal) scores near 0. Texts are normalised first
    (normalize_text), so dates, counters and full-width forms do not count as differences.
    """
    x, y = normalize_text(a), normalize_text(b)
    if x == y:
        return 1.0
    if not x or not y:
        return 0.0
    sa, sb = _shingles(x), _shingles(y)
    common = sum((sa & sb).values())
    return 2 * common / (sum(sa.values()) + sum(sb.values()))


# --- reading the probes ---------------------------------------------------------------------------------


def _when(at: str) -> float:
    """POSIX time of an ISO timestamp; -inf when missing or unreadable (naive times taken as UTC)."""
    try:
        stamp = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return -math.inf
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.timestamp()


def _latest(probes: Sequence[ProbeRecord]) -> ProbeRecord | None:
    """The probe with the latest `at` (the later one in storage order on a tie)."""
    if not probes:
        return None
    return max(enumerate(probes), key=lambda item: (_when(item[1].at), item[0]))[1]


def _of_kind(site: SiteArtifacts, kind: str) -> list[ProbeRecord]:
    return [p for p in site.probes if p.kind == kind]


def _outcome(probe: ProbeRecord) -> Outcome | None:
    try:
        return Outcome(probe.outcome) if probe.outcome else None
    except ValueError:
        return None


def _undecidable(probe: ProbeRecord) -> bool:
    """A WAF challenge or rate limiting answered: the probe says nothing about IPv6 support."""
    if probe.ok:
        return False
    outcome = _outcome(probe)
    if outcome is not None:
        return not outcome.conclusive
    return problem_label(probe.error, probe.http_status) in (LABEL_WAF, LABEL_RATE_LIMITED)


def ipv6_label(detail: str, http_status: int | None = None, *, outcome: Outcome | None = None) -> str:
    """The Chinese reason of a failed IPv6 (or IPv4) fetch: ipv6_problem_label, plus the IPv6 gatherer's own
    details: "read timeout" (connected, no answer in time) → 响应超时, "dns: unusable" → 域名解析到非公网地址."""
    if outcome is None or outcome.conclusive:
        text = detail.strip().lower()
        if text.startswith(READ_TIMEOUT):
            return LABEL_READ_TIMEOUT
        if text.startswith("dns") and _dns_kind(text) == "unusable":
            return LABEL_UNUSABLE
    return ipv6_problem_label(detail, http_status, outcome=outcome)


def _reason(probe: ProbeRecord) -> str:
    """Chinese reason of a failed IPv6 (or IPv4) probe."""
    return ipv6_label(probe.error, probe.http_status, outcome=_outcome(probe))


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)):
        return ()
    return tuple(str(v) for v in value if v)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)


def _dns_kind(value: Any) -> str:
    """"" or the DNS error kind (nxdomain, noanswer, timeout, servfail, blocked), also from "dns: noanswer (AAAA)"."""
    text = str(value or "").strip().lower()
    if text.startswith("dns"):
        text = text[3:].lstrip(":").strip()
    return text.split()[0].rstrip(":") if text else ""


# --- rounds and the self-check ----------------------------------------------------------------------------


def round_of(probe: ProbeRecord) -> str | None:
    """The IPv6 round a record belongs to (data["round"]), or None for records without one."""
    value = probe.data.get("round") if isinstance(probe.data, dict) else None
    return None if value is None or value == "" else str(value)


def _attempt_of(probe: ProbeRecord) -> int | None:
    value = probe.data.get("attempt")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


@dataclass(frozen=True, slots=True)
class _SelfCheck:
    ok: bool | None  # True: a trusted round (or only passing checks without rounds); None: no check recorded
    error: str  # Chinese reason when not ok
    interrupted: bool  # every failed round passed its "before" check: connectivity was lost during the round
    failed_rounds: frozenset[str]  # rounds whose probes are not used


_TARGET_ERROR = re.compile(r"^(https?://\S+?):\s+(.+)$", re.IGNORECASE)


def _result_reason(item: dict[str, Any]) -> str:
    """One failed reference of a self-check ({"url", "ok", "address", "error"}) in Chinese."""
    url = str(item.get("url", "")).strip()
    error = str(item.get("error", ""))
    address = str(item.get("address") or "")
    if error.strip().lower().startswith("dns") and _dns_kind(error) == "unusable" and address:
        return f"{url} 经由{address_category(address)}{address}访问，不能证明检查端有公网IPv6连通性".strip()
    return f"{url} {ipv6_label(error)}".strip()


def _error_reason(probe: ProbeRecord) -> str:
    """A self-check's error text ("URL: detail; URL: detail" or a bare detail) in Chinese."""
    if not probe.error.strip():
        return f"{probe.target} {LABEL_BROKEN}".strip()
    parts: list[str] = []
    for part in (p.strip() for p in probe.error.split(";")):
        if part:
            m = _TARGET_ERROR.match(part)
            parts.append(f"{m.group(1)} {ipv6_label(m.group(2))}" if m else ipv6_label(part))
    return "；".join(parts)


def _check_reasons(probes: Iterable[ProbeRecord]) -> str:
    reasons: list[str] = []
    for probe in probes:
        if probe.ok:
            continue
        results = probe.data.get("results")
        items = [i for i in results if isinstance(i, dict) and not i.get("ok")] if isinstance(results, list) else []
        if items:
            reasons.extend(_result_reason(item) for item in items)
        else:
            reasons.append(_error_reason(probe))
    return "；".join(r for r in dict.fromkeys(reasons) if r) or _SELF_CHECK_DEFAULT


def _self_check(site: SiteArtifacts) -> _SelfCheck:
    """The inspector's IPv6 connectivity as the run's ipv6-self-check records say (see the module docstring)."""
    checks = [p for p in site.run_probes if p.kind == SELF_CHECK_KIND]
    if not checks:
        return _SelfCheck(None, "", False, frozenset())
    legacy = [p for p in checks if round_of(p) is None]
    rounds: dict[str, list[ProbeRecord]] = {}
    for probe in checks:
        key = round_of(probe)
        if key is not None:
            rounds.setdefault(key, []).append(probe)
    failed_rounds = frozenset(key for key, probes in rounds.items() if any(not p.ok for p in probes))
    if any(not p.ok for p in legacy):  # records without rounds: any failure makes the run inconclusive
        return _SelfCheck(False, _check_reasons(legacy), False, failed_rounds)
    if legacy or len(failed_rounds) < len(rounds):
        return _SelfCheck(True, "", False, failed_rounds)
    failing = [p for key in sorted(failed_rounds) for p in rounds[key] if not p.ok]
    interrupted = all(p.data.get("phase") == "after" for p in failing)
    return _SelfCheck(False, _check_reasons(failing), interrupted, failed_rounds)


def _without_rounds(site: SiteArtifacts, rounds: frozenset[str]) -> SiteArtifacts:
    if not rounds:
        return site
    kept = tuple(p for p in site.probes if round_of(p) not in rounds)
    return site if len(kept) == len(site.probes) else replace(site, probes=kept)


def trusted_view(site: SiteArtifacts) -> SiteArtifacts:
    """`site` without the probes of rounds whose self-check failed (the inspector's IPv6 was not there)."""
    return _without_rounds(site, _self_check(site).failed_rounds)


def _failure_counts(probes: Iterable[ProbeRecord]) -> tuple[str, ...]:
    """("连接被拒绝×10", "防火墙拦截（无法判定）×2") for the probes that did not succeed, in order of appearance."""
    counts = Counter(_reason(p) for p in probes if not p.ok)
    return tuple(f"{label}×{n}" for label, n in counts.items())


# --- latency --------------------------------------------------------------------------------------------


def _dns_times(site: SiteArtifacts) -> dict[str | None, dict[str, float | None]]:
    """a_ms / aaaa_ms of the latest ipv6-dns record of each round; key None = the latest record overall."""
    by_round: dict[str | None, list[ProbeRecord]] = {}
    dns = _of_kind(site, DNS_KIND)
    for probe in dns:
        by_round.setdefault(round_of(probe), []).append(probe)
    out: dict[str | None, dict[str, float | None]] = {}
    for key, probes in (*by_round.items(), (None, dns)):
        latest = _latest(probes)
        if latest is not None:
            out[key] = {"a_ms": _number(latest.data.get("a_ms")), "aaaa_ms": _number(latest.data.get("aaaa_ms"))}
    return out


def latency_samples(site: SiteArtifacts, family: int) -> tuple[list[float], bool]:
    """(samples in ms, whether every sample includes the DNS time) of the successful homepage probes of `family`.

    A sample is the probe's time to first byte (from the request's start to the response headers, so the TCP and
    TLS connect are inside it) plus the DNS lookup time of the family's record type (a_ms / aaaa_ms) from the
    probe's round's ipv6-dns record (the latest one when the probe has no round), when that was measured.
    """
    times = _dns_times(site)
    key = "aaaa_ms" if family == 6 else "a_ms"
    samples: list[float] = []
    with_dns = True
    for probe in _of_kind(site, HOMEPAGE_KINDS[family]):
        if not probe.ok:
            continue
        ttfb = _number(probe.data.get("ttfb_ms"))
        if ttfb is None:
            continue
        lookup = times.get(round_of(probe), times.get(None, {})).get(key)
        with_dns = with_dns and lookup is not None
        samples.append(ttfb + (lookup or 0.0))
    return samples, with_dns and bool(samples)


def homepage_texts(site: SiteArtifacts) -> tuple[ProbeRecord | None, ProbeRecord | None]:
    """The IPv6 and IPv4 homepage probes whose texts are compared: the latest successful IPv6 probe carrying the
    page text, and the successful IPv4 one with text from the same round (nearest to it in time)."""
    site = trusted_view(site)
    six = [p for p in _of_kind(site, HOMEPAGE_KINDS[6]) if p.ok and isinstance(p.data.get("text"), str)]
    four = [p for p in _of_kind(site, HOMEPAGE_KINDS[4]) if p.ok and isinstance(p.data.get("text"), str)]
    chosen6 = _latest(six)
    if chosen6 is None or not four:
        return chosen6, _latest(four)
    key = round_of(chosen6)
    pool = [p for p in four if key is not None and round_of(p) == key] or four
    t6 = _when(chosen6.at)

    def distance(item: tuple[int, ProbeRecord]) -> tuple[float, int]:
        t4 = _when(item[1].at)
        return (abs(t4 - t6) if math.isfinite(t4) and math.isfinite(t6) else math.inf, item[0])

    return chosen6, min(enumerate(pool), key=distance)[1]


def _site_host(site: SiteArtifacts) -> str:
    return site.site.host


def same_site(url: str, site_host: str) -> bool:
    """The spec's rule: host == site host, or host ends with "." + (site host without a leading "www.")."""
    host = (urlsplit(url).hostname or "").lower()
    base = site_host[4:] if site_host.startswith("www.") else site_host
    return bool(host) and (host == site_host or host.endswith("." + base) or host == base)


# --- links ----------------------------------------------------------------------------------------------


def link_records(site: SiteArtifacts, level: int) -> list[ProbeRecord]:
    """The ipv6-link probes of one level, one per URL (the latest when a URL was probed more than once)."""
    latest: dict[str, ProbeRecord] = {}
    for probe in _of_kind(site, LINK_KIND):
        if probe.data.get("level") != level:
            continue
        kept = latest.get(probe.target)
        if kept is None or _when(probe.at) >= _when(kept.at):
            latest.pop(probe.target, None)
            latest[probe.target] = probe
    return list(latest.values())


LinkClass = Literal["ok", "failed", "excluded", "unknown"]


def classify_link(probe: ProbeRecord) -> LinkClass:
    """ok; failed (an IPv6-specific failure: IPv4 worked, or the name has no AAAA); excluded (broken over IPv4
    too: a dead link, not an IPv6 problem); unknown (WAF / rate limited, a DNS lookup that timed out or failed,
    or IPv4 not tried or undecidable)."""
    if probe.ok:
        return "ok"
    if _undecidable(probe):
        return "unknown"
    error = probe.error.strip().lower()
    if error.startswith("dns") and _dns_kind(error) in UNDECIDABLE_DNS:
        return "unknown"  # the resolver did not answer: nothing is known about the host's AAAA
    ipv4_ok = probe.data.get("ipv4_ok")
    if ipv4_ok is True:
        return "failed"
    if ipv4_ok is False:
        v4_label = problem_label(str(probe.data.get("ipv4_error", "")))
        return "unknown" if v4_label in (LABEL_WAF, LABEL_RATE_LIMITED) else "excluded"
    # IPv4 not tried: only a name without AAAA is an IPv6 failure whatever IPv4 would say
    return "failed" if _reason(probe) == LABEL_NO_AAAA else "unknown"


def _is_same_site(probe: ProbeRecord, site_host: str) -> bool:
    flag = probe.data.get("same_site")
    return flag if isinstance(flag, bool) else same_site(probe.target, site_host)


def _link_rate(site: SiteArtifacts, level: int, plan: dict[str, Any] | None) -> LinkRate | None:
    records = link_records(site, level)
    found_value = _number(plan.get(f"level{level}_found")) if plan else None
    if not records and found_value is None:
        return None
    host = _site_host(site)
    ok = decidable = same_ok = same_decidable = excluded = unknown = 0
    failures: list[FailedLink] = []
    for probe in records:
        verdict = classify_link(probe)
        local = _is_same_site(probe, host)
        if verdict == "excluded":
            excluded += 1
            continue
        if verdict == "unknown":
            unknown += 1
            continue
        decidable += 1
        same_decidable += local
        if verdict == "ok":
            ok += 1
            same_ok += local
            continue
        ipv4_ok = probe.data.get("ipv4_ok")
        failures.append(FailedLink(
            level=level, url=probe.target, source=str(probe.data.get("source", "")), same_site=local,
            reason=_reason(probe), ipv4_ok=ipv4_ok if isinstance(ipv4_ok, bool) else None,
        ))
    found = int(found_value) if found_value is not None else len(records)
    return LinkRate(
        level=level, found=max(found, len(records)), probed=len(records), ok=ok, decidable=decidable,
        same_site_ok=same_ok, same_site_decidable=same_decidable, failed=tuple(failures),
        excluded=excluded, unknown=unknown, sampled=bool(plan and plan.get("sampled")) and found > len(records),
    )


# --- the homepage, attempt by attempt -------------------------------------------------------------------


def _family_state(probes: Sequence[ProbeRecord]) -> str:
    """"ok" (some address loaded), "undecidable" (none did, a WAF / rate limit answered), "failed", "" (no probe)."""
    if not probes:
        return ""
    if any(p.ok for p in probes):
        return "ok"
    if any(_undecidable(p) for p in probes):
        return "undecidable"
    return "failed"


def _attempt_groups(
    v6: Sequence[ProbeRecord], v4: Sequence[ProbeRecord]
) -> list[tuple[list[ProbeRecord], list[ProbeRecord]]]:
    """The homepage probes grouped by (round, attempt): (IPv6 probes, IPv4 probes) of each, in first-seen order.

    A record repeating the (round, attempt, family, address) of an earlier one belongs to a further attempt
    (data without rounds, or without attempt numbers): the k-th repeat of each address is paired with the k-th
    repeat of the others.
    """
    groups: dict[tuple[str | None, int | None, int], tuple[list[ProbeRecord], list[ProbeRecord]]] = {}
    seen: Counter[tuple[str | None, int | None, int, str]] = Counter()
    for family, probes in ((6, v6), (4, v4)):
        for probe in probes:
            key = (round_of(probe), _attempt_of(probe))
            slot = (*key, family, str(probe.data.get("address", "")))
            occurrence = seen[slot]
            seen[slot] += 1
            six, four = groups.setdefault((*key, occurrence), ([], []))
            (six if family == 6 else four).append(probe)
    return list(groups.values())


def homepage_attempts(site: SiteArtifacts) -> HomepageAttempts:
    """The site's homepage probes (all of `site.probes`: pass a trusted_view) judged attempt by attempt."""
    v6 = _of_kind(site, HOMEPAGE_KINDS[6])
    v4 = _of_kind(site, HOMEPAGE_KINDS[4])
    n: Counter[str] = Counter()
    for six, four in _attempt_groups(v6, v4):
        s6, s4 = _family_state(six), _family_state(four)
        if s4 in ("ok", "failed"):
            n["v4_attempts"] += 1
            n["v4_ok"] += s4 == "ok"
        if not s6:
            continue
        n["attempts"] += 1
        if s6 == "ok":
            n["v6_ok"] += 1
            n["v4_only_failed"] += s4 == "failed"
        elif s6 == "undecidable" or s4 == "undecidable":
            n["undecidable"] += 1
        elif s4 == "ok":
            n["v6_only_failed"] += 1
        elif s4 == "failed":
            n["both_failed"] += 1
        else:
            n["unpaired_failed"] += 1
    addresses = tuple(dict.fromkeys(str(p.data.get("address")) for p in v6 if p.data.get("address")))
    bad: list[AddressFailures] = []
    for address in addresses:
        mine = [p for p in v6 if str(p.data.get("address")) == address]
        failures = [p for p in mine if not p.ok and not _undecidable(p)]
        if failures:
            bad.append(AddressFailures(address, len(failures), len(mine), _failure_counts(failures)))
    return HomepageAttempts(
        attempts=n["attempts"], v6_ok=n["v6_ok"], v6_only_failed=n["v6_only_failed"],
        v4_only_failed=n["v4_only_failed"], both_failed=n["both_failed"], unpaired_failed=n["unpaired_failed"],
        undecidable=n["undecidable"], v4_attempts=n["v4_attempts"], v4_ok=n["v4_ok"], addresses=addresses,
        bad_addresses=tuple(bad),
    )


# --- the summary ----------------------------------------------------------------------------------------


def summarize(site: SiteArtifacts) -> Ipv6Summary:
    """Everything the stored IPv6 probes of `site` say (pure; the checks and the bulletin read this).

    Only the probes of trusted rounds count (see the module docstring); `ignored_probes` says how many others
    there were.
    """
    check = _self_check(site)
    trusted = _without_rounds(site, check.failed_rounds)
    ignored = sum(p.kind in SITE_KINDS for p in site.probes) - sum(p.kind in SITE_KINDS for p in trusted.probes)
    site = trusted
    dns_probe = _latest(_of_kind(site, DNS_KIND))
    dns: dict[str, Any] = dict(dns_probe.data) if dns_probe else {}
    aaaa = _strings(dns.get("aaaa"))
    aaaa_error = _dns_kind(dns.get("aaaa_error", "" if dns_probe is None or dns_probe.ok else dns_probe.error))
    usable = _strings(dns.get("aaaa_usable")) if "aaaa_usable" in dns else (aaaa if dns_probe and dns_probe.ok else ())
    nameservers: list[tuple[str, tuple[str, ...]]] = []
    ns_errors: list[tuple[str, str]] = []
    for item in dns.get("nameservers") or []:
        if not isinstance(item, dict) or not item.get("name"):
            continue
        name = str(item["name"])
        nameservers.append((name, _strings(item.get("aaaa"))))
        if _dns_kind(item.get("error")):
            ns_errors.append((name, _dns_kind(item.get("error"))))

    v6 = _of_kind(site, HOMEPAGE_KINDS[6])
    v4 = _of_kind(site, HOMEPAGE_KINDS[4])
    six, four = homepage_texts(site)
    similarity = (
        text_similarity(str(six.data["text"]), str(four.data["text"])) if six is not None and four is not None else None
    )
    (v6_samples, v6_dns), (v4_samples, v4_dns) = latency_samples(site, 6), latency_samples(site, 4)
    plan_probe = _latest(_of_kind(site, PLAN_KIND))
    plan = dict(plan_probe.data) if plan_probe else None
    summary = Ipv6Summary(
        host=str(dns.get("host") or _site_host(site)),
        measured=any(p.kind in SITE_KINDS for p in site.probes),
        self_check_ok=check.ok,
        self_check_error=check.error if check.ok is False else "",
        a=_strings(dns.get("a")),
        a_error=_dns_kind(dns.get("a_error")),
        aaaa=aaaa,
        aaaa_usable=usable,
        aaaa_error=aaaa_error,
        v6_attempts=len(v6),
        v6_ok=sum(p.ok for p in v6),
        v4_attempts=len(v4),
        v4_ok=sum(p.ok for p in v4),
        v6_failures=_failure_counts(v6),
        similarity=similarity,
        v6_ms=statistics.median(v6_samples) if v6_samples else None,
        v4_ms=statistics.median(v4_samples) if v4_samples else None,
        zone=str(dns.get("zone") or ""),
        nameservers=tuple(nameservers),
        ns_error=_dns_kind(dns.get("ns_error")),
        level2=_link_rate(site, 2, plan),
        level3=_link_rate(site, 3, plan),
        v6_unknown=sum(_undecidable(p) for p in v6),
        v4_unknown=sum(_undecidable(p) for p in v4),
        nameserver_errors=tuple(ns_errors),
        homepage=homepage_attempts(site),
        self_check_interrupted=check.ok is False and check.interrupted,
        ignored_probes=ignored,
        latency_includes_dns=v6_dns and v4_dns,
    )
    logger.debug("ipv6 summary site=%s measured=%s aaaa=%s v6=%d/%d v4=%d/%d ignored=%d", site.site_id,
                 summary.measured, ",".join(usable), summary.v6_ok, summary.v6_attempts, summary.v4_ok,
                 summary.v4_attempts, ignored)
    return summary


# --- params ---------------------------------------------------------------------------------------------


def _rate_in_range(field: str, value: float) -> None:
    if not 0 < value <= 1:
        raise ParamError(field, f"must be in (0, 1] (got {value})")


@dataclass(frozen=True, slots=True)
class AaaaParams:
    usable_only: bool = True  # only global unicast AAAA counts (not ULA, link-local, v4-mapped, documentation)


@dataclass(frozen=True, slots=True)
class HomepageParams:
    attempts: int = 10  # homepage probes per address and family (the gatherer reads it)
    interval_s: float = 30.0  # seconds between attempts (the gatherer reads it; the standard: ≤ 300 s)
    timeout_s: float = 15.0  # a probe fails after this many seconds (the gatherer reads it)
    min_success_rate: float = 0.9  # IPv6 successes / decidable attempts below this (with a real gap to IPv4): fail
    # the gap: IPv6-only failures must outnumber IPv4-only ones beyond chance (one-sided exact sign test p ≤ this);
    # 1.0 = "outnumber" alone
    max_gap_p: float = 0.05

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ParamError("attempts", f"must be >= 1 (got {self.attempts})")
        if self.interval_s < 0:
            raise ParamError("interval_s", f"must be >= 0 (got {self.interval_s})")
        if self.timeout_s <= 0:
            raise ParamError("timeout_s", f"must be > 0 (got {self.timeout_s})")
        _rate_in_range("min_success_rate", self.min_success_rate)
        _rate_in_range("max_gap_p", self.max_gap_p)


@dataclass(frozen=True, slots=True)
class LinkParams:
    level: int  # 2 = linked from the homepage, 3 = linked from level-2 pages
    min_rate: float = 0.85  # IPv6 support rate below this fails
    scope: Literal["same-site", "all"] = "same-site"  # which links the rate is taken over
    max_links: int = 500  # links probed at most on this level (the gatherer's cap; beyond it an even sample)
    max_evidence: int = 20  # failing links listed (the message gives the full count)

    def __post_init__(self) -> None:
        if self.level not in (2, 3):
            raise ParamError("level", f"must be 2 or 3 (got {self.level})")
        _rate_in_range("min_rate", self.min_rate)
        if self.scope not in ("same-site", "all"):
            raise ParamError("scope", f"must be 'same-site' or 'all' (got {self.scope!r})")
        if self.max_links < 1:
            raise ParamError("max_links", f"must be >= 1 (got {self.max_links})")
        if self.max_evidence < 1:
            raise ParamError("max_evidence", f"must be >= 1 (got {self.max_evidence})")


@dataclass(frozen=True, slots=True)
class ConsistencyParams:
    min_similarity: float = 0.8  # text similarity of the IPv6 and IPv4 homepages below this fails
    min_text_chars: int = 30  # a homepage text shorter than this (normalised) cannot be compared reliably

    def __post_init__(self) -> None:
        _rate_in_range("min_similarity", self.min_similarity)
        if self.min_text_chars < 0:
            raise ParamError("min_text_chars", f"must be >= 0 (got {self.min_text_chars})")


@dataclass(frozen=True, slots=True)
class NameserverParams:
    require: Literal["all", "any"] = "all"  # every authoritative name server needs AAAA, or at least one

    def __post_init__(self) -> None:
        if self.require not in ("all", "any"):
            raise ParamError("require", f"must be 'all' or 'any' (got {self.require!r})")


@dataclass(frozen=True, slots=True)
class LatencyParams:
    max_ratio: float = 1.2  # IPv6 DNS + connect + first byte slower than IPv4 × this ...
    min_diff_ms: float = 50.0  # ... and by at least this many ms (noise floor) is flagged
    min_samples: int = 3  # successful probes needed per family to compare medians

    def __post_init__(self) -> None:
        if not (math.isfinite(self.max_ratio) and self.max_ratio >= 1):
            raise ParamError("max_ratio", f"must be >= 1 (got {self.max_ratio})")
        if not (math.isfinite(self.min_diff_ms) and self.min_diff_ms >= 0):
            raise ParamError("min_diff_ms", f"must be >= 0 (got {self.min_diff_ms})")
        if self.min_samples < 1:
            raise ParamError("min_samples", f"must be >= 1 (got {self.min_samples})")


# --- gates and wording ----------------------------------------------------------------------------------


def _pct(value: float) -> str:
    """A measured share with one decimal: 0.92 → "92.0%"."""
    return f"{value * 100:.1f}%"


def _addresses(addresses: Sequence[str], limit: int = 4) -> str:
    more = f"等{len(addresses)}个" if len(addresses) > limit else ""
    return "、".join(addresses[:limit]) + more


def _dns_problem(host: str, kind: str) -> str:
    """Why the AAAA lookup of `host` says nothing about IPv6 (Chinese)."""
    if kind == "nxdomain":
        return f"域名{host}不存在，属站点可用性问题（见“站点无法访问”），不作为IPv6问题判定"
    return f"域名{host}的AAAA记录查询{DNS_ERROR_LABELS.get(kind, '失败')}，无法判定"


def _prepared(site: SiteArtifacts) -> tuple[SiteArtifacts, Ipv6Summary]:
    """The summary of `site`, and `site` reduced to its trusted rounds (what the checks read)."""
    summary = summarize(site)
    return trusted_view(site), summary


def self_check_problem(s: Ipv6Summary) -> str:
    """检查端无IPv6连通性 or 检查期间检查端IPv6连通性中断, with the reason in brackets."""
    head = SELF_CHECK_LOST if s.self_check_interrupted else SELF_CHECK_NO_IPV6
    return f"{head}（{s.self_check_error}）" if s.self_check_error else head


def _run_gate(site: SiteArtifacts, s: Ipv6Summary) -> CheckResult | None:
    """Inconclusive when the inspector's network or IPv6 was down, or nothing usable was measured for the site."""
    url = site.site.url
    reason = self_check_failure(site)
    if reason:
        return inconclusive(f"检查端网络自检失败，无法判定IPv6支持情况（{reason}）", url)
    if s.self_check_ok is False:
        return inconclusive(f"{self_check_problem(s)}，无法判定", url)
    if not s.measured:
        if s.ignored_probes:
            return inconclusive(f"本站的IPv6测量所在轮次中{SELF_CHECK_LOST}，测量结果不予采用，无法判定", url)
        return inconclusive("未进行IPv6探测", url)
    return None


def _aaaa_gate(site: SiteArtifacts, s: Ipv6Summary) -> CheckResult | None:
    """For the reachability rules: not applicable without a usable AAAA (ipv6-aaaa counts it), inconclusive when
    the lookup failed; None when there is a usable AAAA or no DNS probe (the rule then reads its own probes)."""
    if s.aaaa_usable or not _of_kind(site, DNS_KIND):
        return None
    url = site.site.url
    if s.aaaa_error in NO_RECORD:
        what = "无AAAA记录" if not s.aaaa else "无可用的IPv6地址"
        return not_applicable(f"{what}，已在{RULE_AAAA}中计", url)
    return inconclusive(_dns_problem(s.host, s.aaaa_error), url)


def _homepage_gate(site: SiteArtifacts, s: Ipv6Summary, what: str) -> CheckResult | None:
    """Not applicable when the homepage never loaded over IPv6 (ipv6-homepage judges that root cause)."""
    if s.v6_attempts and s.v6_ok == 0 and s.v6_attempts > s.v6_unknown:
        return not_applicable(f"首页未能通过IPv6访问（见{RULE_HOMEPAGE}一项），不再检查{what}", site.site.url)
    return None


def _ipv6_proven(s: Ipv6Summary) -> bool:
    """The inspector demonstrably had IPv6 connectivity: the self-check passed, or something loaded over IPv6."""
    links_ok = any(rate is not None and rate.ok > 0 for rate in (s.level2, s.level3))
    return s.self_check_ok is True or s.v6_ok > 0 or links_ok


def _fail(s: Ipv6Summary, message: str, subject: str, evidence: Sequence[Evidence] = ()) -> CheckResult:
    """A failure, unless nothing shows the inspector had IPv6 connectivity (no self-check recorded)."""
    if _ipv6_proven(s):
        return failed(message, subject, evidence)
    return inconclusive(f"{message}；本次未记录检查端IPv6连通性自检，无法排除检查端网络原因，暂不判定", subject, evidence)


def _first(*gates: CheckResult | None) -> CheckResult | None:
    """The first gate that stops the check (gates are cheap, so all are evaluated)."""
    return next((g for g in gates if g is not None), None)


def _no_ipv4(site: SiteArtifacts, s: Ipv6Summary) -> bool:
    """The host has no A record at all (an IPv6-only site): nothing to compare IPv6 with."""
    return bool(_of_kind(site, DNS_KIND)) and not s.a and s.a_error in NO_RECORD and s.v4_attempts == 0


# --- checks ---------------------------------------------------------------------------------------------


def _unusable_addresses(addresses: Sequence[str]) -> str:
    """"::1为环回地址，fd00::1、fd00::2为唯一本地地址": the addresses grouped by their category."""
    groups: dict[str, list[str]] = {}
    for address in addresses:
        groups.setdefault(address_category(address), []).append(address)
    return "，".join(f"{_addresses(group)}为{category}" for category, group in groups.items())


def aaaa_record(site: SiteArtifacts, params: AaaaParams) -> list[CheckResult]:
    """域名IPv6解析: the host resolves to a usable (global unicast) IPv6 address."""
    site, s = _prepared(site)
    url = site.site.url
    gate = _run_gate(site, s)
    if gate:
        return [gate]
    if not _of_kind(site, DNS_KIND):
        return [inconclusive("未进行IPv6域名解析探测", url)]
    usable = s.aaaa_usable if params.usable_only else s.aaaa
    if usable:
        return [passed(f"域名{s.host}解析到IPv6地址{_addresses(usable)}", url)]
    if s.aaaa and s.aaaa_error in NO_RECORD:
        evidence = [Evidence(url=url, text=a, detail=f"不可用的IPv6地址（{address_category(a)}）") for a in s.aaaa[:10]]
        if len(s.aaaa) == 1:
            what = f"的AAAA记录{_unusable_addresses(s.aaaa)}，不是可用的公网IPv6地址"
        else:
            what = f"的AAAA记录均不是可用的公网IPv6地址：{_unusable_addresses(s.aaaa)}"
        return [failed(f"域名{s.host}{what}，公众无法通过IPv6访问", url, evidence)]
    if s.aaaa_error in NO_RECORD:
        if not s.a and s.a_error == "noanswer" and s.v4_attempts == 0:
            return [inconclusive(f"域名{s.host}未解析到任何地址（既无IPv4也无IPv6地址），属站点可用性问题，不作为IPv6问题判定", url)]
        only = f"（仅有IPv4地址{_addresses(s.a)}）" if s.a else ""
        return [failed(f"域名{s.host}无AAAA记录{only}，不支持IPv6访问", url,
                       [Evidence(url=url, text=s.host, detail=LABEL_NO_AAAA)])]
    return [inconclusive(_dns_problem(s.host, s.aaaa_error), url)]


def _homepage_evidence(probes: Sequence[ProbeRecord]) -> list[Evidence]:
    """One item per (address, reason) of the failed probes, with the count."""
    groups: Counter[tuple[str, str, str, int | None]] = Counter()
    for p in probes:
        if not p.ok:
            groups[(p.target, str(p.data.get("address", "")), _reason(p), p.http_status)] += 1
    return [
        Evidence(url=target, text=f"IPv6地址{address or '未知'}，{n}次", detail=reason, http_status=status)
        for (target, address, reason, status), n in groups.items()
    ]


def _homepage_failures(s: Ipv6Summary, h: HomepageAttempts) -> str:
    """"，IPv6访问失败：连接被拒绝×10" (one address) or "，其中IPv6地址::2访问失败10/10次（连接被拒绝×10）"."""
    if len(h.addresses) > 1:
        if not h.bad_addresses:
            return ""
        each = "、".join(f"IPv6地址{b.address}访问失败{b.failed}/{b.probed}次（{'、'.join(b.reasons)}）"
                        for b in h.bad_addresses)
        return f"，其中{each}"
    reasons = [r for r in s.v6_failures if not r.startswith((LABEL_WAF, LABEL_RATE_LIMITED))]
    return f"，IPv6访问失败：{'、'.join(reasons)}" if reasons else ""


def homepage_over_ipv6(site: SiteArtifacts, params: HomepageParams) -> list[CheckResult]:
    """首页IPv6访问: the homepage loads over IPv6, judged attempt by attempt against IPv4 in the same attempt.

    An attempt succeeded over IPv6 when any IPv6 address loaded the homepage. Attempts where both families
    failed (availability) are left out, WAF / rate-limited ones are undecidable. The rule fails only when the
    IPv6 success rate over the decidable attempts is below `min_success_rate` AND the attempts show a real gap:
    more IPv6-only failures than IPv4-only failures, beyond chance (sign test, `max_gap_p`). Equal flakiness on
    both families is inconclusive.
    """
    site, s = _prepared(site)
    url = site.site.url
    gate = _first(_run_gate(site, s), _aaaa_gate(site, s))
    if gate:
        return [gate]
    v6 = _of_kind(site, HOMEPAGE_KINDS[6])
    if not v6:
        return [inconclusive("未进行首页IPv6访问探测", url)]
    h = s.homepage if s.homepage is not None else homepage_attempts(site)
    evidence = _homepage_evidence(v6)
    threshold = percent(params.min_success_rate)
    why = _homepage_failures(s, h)
    v4_text = f"IPv4访问成功率{_pct(h.v4_ok / h.v4_attempts)}（{h.v4_ok}/{h.v4_attempts}）" if h.v4_attempts else ""
    v4_part = f"；{v4_text}" if v4_text else ""
    unknown = f"；另有{h.undecidable}次被防火墙拦截或限流，不计入" if h.undecidable else ""
    both = f"；另有{h.both_failed}次IPv6与IPv4均无法访问，属站点可用性问题，不计入" if h.both_failed else ""
    if h.decidable == 0:
        if h.both_failed:
            return [inconclusive(
                f"首页IPv6访问均未成功{why}{v4_part}；每次IPv6访问失败时IPv4同样无法访问，属站点可用性问题"
                f"（见“站点无法访问”），不作为IPv6问题判定{unknown}", url, evidence,
            )]
        return [inconclusive(f"首页IPv6访问{h.undecidable}次均被防火墙拦截或限流，无法判定", url, evidence)]
    rate = h.v6_ok / h.decidable
    where = f"，地址{_addresses(h.addresses)}" if h.addresses else ""
    v6_text = f"首页IPv6访问成功率{_pct(rate)}（{h.v6_ok}/{h.decidable}{where}）"
    if rate >= params.min_success_rate:
        served = "，同一次访问中其他IPv6地址可正常访问" if len(h.addresses) > 1 and h.bad_addresses else ""
        return [passed(f"{v6_text}，达到{threshold}{why}{served}{v4_part}{both}{unknown}", url, evidence)]
    below = f"{v6_text}，低于{threshold}{why}"
    more, fewer = h.v6_only_failed, h.v4_only_failed
    if more == 0 and fewer == 0:  # IPv6 failed only where there was no IPv4 probe to compare with
        if _no_ipv4(site, s):
            return [inconclusive(
                f"{below}；网站无IPv4地址可对照，属站点可用性问题（见“站点无法访问”），不作为IPv6问题判定{unknown}",
                url, evidence,
            )]
        return [inconclusive(
            f"{below}；未取得IPv4访问对照结果，无法区分IPv6问题与站点可用性问题{both}{unknown}", url, evidence,
        )]
    gap = f"同一次探测中仅IPv6失败{more}次、仅IPv4失败{fewer}次"
    if more <= fewer:
        return [inconclusive(
            f"{below}{v4_part}；但{gap}，IPv4同样不稳定，失败与协议无关，属站点访问不稳定，"
            f"不作为IPv6问题判定，无法判定{both}{unknown}", url, evidence,
        )]
    chance = h.gap_p_value
    if chance > params.max_gap_p:
        return [inconclusive(
            f"{below}{v4_part}；{gap}，若失败与协议无关，出现这一差异的概率为{percent(chance)}，"
            f"高于{percent(params.max_gap_p)}，探测次数不足以认定为IPv6问题，无法判定{both}{unknown}", url, evidence,
        )]
    return [_fail(s, f"{below}{v4_part}；{gap}{both}{unknown}", url, evidence)]


def _link_evidence(failures: Sequence[FailedLink], records: Sequence[ProbeRecord], limit: int) -> list[Evidence]:
    """url = the failing link, referrer = the page linking to it, detail = the Chinese reason."""
    status = {p.target: p.http_status for p in records}
    return [Evidence(url=f.url, referrer=f.source, detail=f.reason, http_status=status.get(f.url)) for f in failures[:limit]]


def link_support_rate(site: SiteArtifacts, params: LinkParams) -> list[CheckResult]:
    """二级/三级链接IPv6支持率: the share of links (same-site by default) that load over IPv6."""
    site, s = _prepared(site)
    url = site.site.url
    label = LEVEL_LABELS[params.level]
    gate = _first(_run_gate(site, s), _aaaa_gate(site, s), _homepage_gate(site, s, label))
    if gate:
        return [gate]
    rate = s.level2 if params.level == 2 else s.level3
    if rate is None:
        return [inconclusive(f"未进行{label}IPv6探测", url)]
    if rate.found == 0:
        where = "首页没有" if params.level == 2 else "二级链接页面中没有"
        return [not_applicable(f"{where}{label}", url)]
    if rate.probed == 0:
        return [inconclusive(f"发现{rate.found}个{label}，但未进行IPv6探测", url)]
    local = params.scope == "same-site"
    records = link_records(site, params.level)
    if local and not any(_is_same_site(p, _site_host(site)) for p in records):
        return [not_applicable(f"{label}中没有站内链接（共{rate.probed}个均为外部链接）", url)]
    ok_n, dec_n = (rate.same_site_ok, rate.same_site_decidable) if local else (rate.ok, rate.decidable)
    notes = []
    if rate.excluded:
        notes.append(f"{rate.excluded}个链接在IPv4下同样无法访问，属链接本身失效，不计入")
    if rate.unknown:
        notes.append(f"{rate.unknown}个被防火墙拦截、限流、域名解析超时或未能对照IPv4，无法判定")
    if rate.found > rate.probed:
        how = "均匀抽样探测" if rate.sampled else "探测"
        notes.append(f"共发现{rate.found}个，按上限{how}{rate.probed}个")
    note = "".join(f"；{n}" for n in notes)
    scope = "站内" if local else "全部"
    if dec_n == 0:
        every = "均" if rate.probed > 1 else ""
        return [inconclusive(f"{label}共{rate.probed}个，{every}无法判定IPv6支持情况{note}", url)]
    share = ok_n / dec_n
    message = f"{label}IPv6支持率{_pct(share)}（{scope}{ok_n}/{dec_n}）"
    if local and rate.rate is not None and rate.decidable != dec_n:
        message += f"，含外部链接{_pct(rate.rate)}（{rate.ok}/{rate.decidable}）"
    in_scope = [f for f in rate.failed if f.same_site or not local]
    evidence = _link_evidence(in_scope, records, params.max_evidence)
    threshold = percent(params.min_rate)
    if share >= params.min_rate:
        return [passed(f"{message}，达到{threshold}{note}", url, evidence)]
    reasons = "、".join(f"{r}×{n}" for r, n in Counter(f.reason for f in in_scope).items())
    listed = f"（列出前{len(evidence)}个，另有{len(in_scope) - len(evidence)}个）" if len(in_scope) > len(evidence) else ""
    failing = f"；{len(in_scope)}个链接无法通过IPv6访问{listed}：{reasons}" if in_scope else ""
    return [_fail(s, f"{message}，低于{threshold}{failing}{note}", url, evidence)]


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def content_consistency(site: SiteArtifacts, params: ConsistencyParams) -> list[CheckResult]:
    """IPv6/IPv4内容一致性: the homepage text over IPv6 matches the one over IPv4.

    Texts that differ fail, unless one side is a redirect stub (data["redirect_stub"]: the gatherer followed a
    meta refresh / location script) or too short to compare (< min_text_chars after normalisation): then the
    difference may be the page mechanics, not the content, and the rule is inconclusive.
    """
    site, s = _prepared(site)
    url = site.site.url
    gate = _first(_run_gate(site, s), _aaaa_gate(site, s), _homepage_gate(site, s, "内容一致性"))
    if gate:
        return [gate]
    six, four = homepage_texts(site)
    if six is None:
        return [inconclusive("未取得IPv6首页文本，无法比较内容一致性", url)]
    if four is None:
        if _no_ipv4(site, s):
            return [not_applicable("网站无IPv4地址，无需比较IPv6与IPv4首页内容", url)]
        return [inconclusive("未取得IPv4首页文本（IPv4访问未成功），无法比较内容一致性", url)]
    similarity = s.similarity if s.similarity is not None else 0.0
    message = f"IPv6首页与IPv4首页文本相似度{_pct(similarity)}"
    threshold = percent(params.min_similarity)
    if similarity >= params.min_similarity:
        return [passed(f"{message}，达到{threshold}", url)]
    evidence = [
        Evidence(url=str(six.data.get("final_url") or six.target), text=f"IPv6首页：{_excerpt(str(six.data['text']))}"),
        Evidence(url=str(four.data.get("final_url") or four.target), text=f"IPv4首页：{_excerpt(str(four.data['text']))}"),
    ]
    sides = (("IPv6", six), ("IPv4", four))
    stubs = [(family, p) for family, p in sides if p.data.get("redirect_stub")]
    if stubs:
        which = "、".join(
            f"{family}首页{p.data['redirect_stub']}" + ("，跳转目标未能打开" if p.data.get("stub_error") else "")
            for family, p in stubs
        )
        return [inconclusive(
            f"首页为跳转页面（{which}），{message}，低于{threshold}；跳转页与实际首页的内容无法可靠比较，无法判定",
            url, evidence,
        )]
    lengths = [(family, len(normalize_text(str(p.data["text"])))) for family, p in sides]
    short = [(family, n) for family, n in lengths if n < params.min_text_chars]
    if short:
        which = "、".join(f"{family}首页内容过少（仅{n}个字符）" for family, n in short)
        return [inconclusive(f"{which}，{message}，低于{threshold}，无法可靠比较内容一致性，无法判定", url, evidence)]
    return [failed(f"{message}，低于{threshold}，IPv6首页内容与IPv4首页不一致", url, evidence)]


def nameservers_ipv6(site: SiteArtifacts, params: NameserverParams) -> list[CheckResult]:
    """域名授权体系IPv6: the zone's authoritative name servers have AAAA records."""
    site, s = _prepared(site)
    url = site.site.url
    gate = _run_gate(site, s)
    if gate:
        return [gate]
    if not _of_kind(site, DNS_KIND):
        return [inconclusive("未进行IPv6域名解析探测", url)]
    no_aaaa = _aaaa_gate(site, s)
    if no_aaaa is not None and (no_aaaa.status is Status.NOT_APPLICABLE or s.aaaa_error == "nxdomain"):
        return [no_aaaa]  # an IPv4-only host: one root cause, counted by ipv6-aaaa
    zone = s.zone or s.host
    if s.ns_error:
        return [inconclusive(f"{zone}的权威域名服务器查询{DNS_ERROR_LABELS.get(s.ns_error, '失败')}，无法判定", url)]
    if not s.nameservers:
        return [inconclusive(f"未查到{zone}的权威域名服务器，无法判定", url)]
    errors = dict(s.nameserver_errors)
    with_v6 = [(n, a) for n, a in s.nameservers if a]
    lacking = [n for n, a in s.nameservers if not a and errors.get(n, "") in (*NO_RECORD, "nxdomain")]
    unknown = [n for n, a in s.nameservers if not a and n not in lacking]
    total = len(s.nameservers)
    have = "、".join(f"{n}（{_addresses(a, 2)}）" for n, a in with_v6)
    evidence = [Evidence(text=n, detail=LABEL_NO_AAAA) for n in lacking]
    undecided = f"；{len(unknown)}个查询失败：{'、'.join(unknown)}" if unknown else ""
    if params.require == "any" and with_v6:
        return [passed(f"{zone}的{total}个权威域名服务器中{len(with_v6)}个有IPv6地址：{have}", url)]
    if params.require == "all" and not lacking and not unknown:
        return [passed(f"{zone}的{total}个权威域名服务器均有IPv6地址：{have}", url)]
    if lacking and (params.require == "all" or not unknown):
        return [failed(
            f"{zone}的{total}个权威域名服务器中{len(lacking)}个无IPv6地址（无AAAA记录）：{'、'.join(lacking)}{undecided}",
            url, evidence,
        )]
    return [inconclusive(f"{zone}的权威域名服务器中{len(unknown)}个的AAAA记录查询失败：{'、'.join(unknown)}，无法判定", url)]


def latency_ratio(site: SiteArtifacts, params: LatencyParams) -> list[CheckResult]:
    """IPv6访问时延: the median DNS + connect + first-byte time over IPv6 against IPv4 (a notice)."""
    site, s = _prepared(site)
    url = site.site.url
    gate = _first(_run_gate(site, s), _aaaa_gate(site, s), _homepage_gate(site, s, "访问时延"))
    if gate:
        return [gate]
    v6, _v6_dns = latency_samples(site, 6)
    v4, _v4_dns = latency_samples(site, 4)
    if not v4 and _no_ipv4(site, s):
        return [not_applicable("网站无IPv4地址，无需比较IPv6与IPv4访问时延", url)]
    if len(v6) < params.min_samples or len(v4) < params.min_samples or s.v6_ms is None or s.v4_ms is None:
        return [inconclusive(
            f"首页成功访问的时延样本：IPv6 {len(v6)}次、IPv4 {len(v4)}次，少于比较所需的各{params.min_samples}次，无法比较",
            url,
        )]
    v6_ms, v4_ms = s.v6_ms, s.v4_ms
    ratio = f"{v6_ms / v4_ms:.2f}倍" if v4_ms > 0 else "IPv4时延近于零"
    what = "DNS解析+建立连接+首字节" if s.latency_includes_dns else "建立连接+首字节"
    message = (f"首页{what}时延中位数：IPv6 {v6_ms:.0f}毫秒（{len(v6)}次），IPv4 {v4_ms:.0f}毫秒（{len(v4)}次），"
               f"IPv6为IPv4的{ratio}")
    slower = v6_ms - v4_ms >= params.min_diff_ms and (v4_ms <= 0 or v6_ms > v4_ms * params.max_ratio)
    if slower:
        return [_fail(s, f"{message}，超过{params.max_ratio:g}倍且慢{v6_ms - v4_ms:.0f}毫秒", url)]
    why = (f"未超过{params.max_ratio:g}倍" if v4_ms > 0 and v6_ms <= v4_ms * params.max_ratio
           else f"相差不足{params.min_diff_ms:g}毫秒（噪声下限）")
    return [passed(f"{message}，{why}", url)]
