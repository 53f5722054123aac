"""IPv6 checks (standards.md §4): what the gathered IPv6 probes say, summarised once per site.

`summarize(site)` turns the stored probes (kinds ipv6-self-check, ipv6-dns, ipv6-homepage, ipv4-homepage,
ipv6-link-plan, ipv6-link) into an `Ipv6Summary`; the check functions judge that summary against their rule
parameters, and the bulletin's IPv6支持情况 sheet shows it.

Judgement principles (docs: notes/ipv6-spec.md): never fail when the tool cannot tell (the inspector's own IPv6
connectivity is checked first; WAF / rate-limited probes are undecidable); one root cause gives one failing rule
(no AAAA fails ipv6-aaaa only, a homepage that never loads over IPv6 fails ipv6-homepage only); a site whose IPv4
side is down too has an availability problem, not an IPv6 one.
"""

from __future__ import annotations

import logging
import math
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal
from urllib.parse import urlsplit

from inspector.checks._common import (
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
    reason: str  # Chinese, e.g. 无AAAA记录, 连接被拒绝, 连接超时, HTTP 502
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
    unknown: int  # WAF challenge or rate limited over IPv6

    @property
    def rate(self) -> float | None:
        return self.ok / self.decidable if self.decidable else None

    @property
    def same_site_rate(self) -> float | None:
        return self.same_site_ok / self.same_site_decidable if self.same_site_decidable else None


@dataclass(frozen=True, slots=True)
class Ipv6Summary:
    """Everything the run measured about one site's IPv6 support."""

    host: str
    measured: bool  # any IPv6 probe of this site is stored
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
    v6_ms: float | None  # median time to first byte (connect included) over IPv6
    v4_ms: float | None
    zone: str  # the zone apex found for the host ("" if unknown)
    nameservers: tuple[tuple[str, tuple[str, ...]], ...]  # (NS host name, its AAAA addresses)
    ns_error: str
    level2: LinkRate | None
    level3: LinkRate | None
    v6_unknown: int = 0  # of v6_attempts: WAF challenge or rate limited (undecidable)
    v4_unknown: int = 0
    nameserver_errors: tuple[tuple[str, str], ...] = ()  # (NS host name, its AAAA lookup error) when not ""

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


def _reason(probe: ProbeRecord) -> str:
    """Chinese reason of a failed IPv6 (or IPv4) probe."""
    return ipv6_problem_label(probe.error, probe.http_status, outcome=_outcome(probe))


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


def _self_check(site: SiteArtifacts) -> tuple[bool | None, str]:
    """(the inspector's IPv6 connectivity: True / False / None = not checked, Chinese reason when False)."""
    checks = [p for p in site.run_probes if p.kind == SELF_CHECK_KIND]
    if not checks:
        return None, ""
    bad = [p for p in checks if not p.ok]
    if not bad:
        return True, ""
    reasons: list[str] = []
    for probe in bad:
        results = probe.data.get("results")
        if not isinstance(results, list) or not results:
            reasons = []
            break
        for item in results:
            if isinstance(item, dict) and not item.get("ok"):
                reasons.append(f"{item.get('url', '')} {ipv6_problem_label(str(item.get('error', '')))}".strip())
    if not reasons:
        reasons = [self_check_failure(site, kind=SELF_CHECK_KIND) or ""]
    reason = "；".join(r for r in dict.fromkeys(reasons) if r)
    return False, reason or "参照网站均无法通过IPv6访问"


def _failure_counts(probes: Iterable[ProbeRecord]) -> tuple[str, ...]:
    """("连接被拒绝×10", "防火墙拦截（无法判定）×2") for the probes that did not succeed, in order of appearance."""
    counts = Counter(_reason(p) for p in probes if not p.ok)
    return tuple(f"{label}×{n}" for label, n in counts.items())


def _latencies(probes: Iterable[ProbeRecord]) -> list[float]:
    """Time to first byte (ms) of every successful probe: from the request's start to the response headers, so
    the TCP (and TLS) connect is already inside it (the gatherer's `ttfb_ms`)."""
    samples = []
    for probe in probes:
        if not probe.ok:
            continue
        ttfb = _number(probe.data.get("ttfb_ms"))
        if ttfb is not None:
            samples.append(ttfb)
    return samples


def homepage_texts(site: SiteArtifacts) -> tuple[ProbeRecord | None, ProbeRecord | None]:
    """The IPv6 and IPv4 homepage probes whose texts are compared: the latest successful IPv6 probe carrying the
    page text, and the successful IPv4 one with text nearest to it in time (the same probe round)."""
    six = [p for p in _of_kind(site, HOMEPAGE_KINDS[6]) if p.ok and isinstance(p.data.get("text"), str)]
    four = [p for p in _of_kind(site, HOMEPAGE_KINDS[4]) if p.ok and isinstance(p.data.get("text"), str)]
    chosen6 = _latest(six)
    if chosen6 is None or not four:
        return chosen6, _latest(four)
    t6 = _when(chosen6.at)

    def distance(item: tuple[int, ProbeRecord]) -> tuple[float, int]:
        t4 = _when(item[1].at)
        return (abs(t4 - t6) if math.isfinite(t4) and math.isfinite(t6) else math.inf, item[0])

    return chosen6, min(enumerate(four), key=distance)[1]


def _site_host(site: SiteArtifacts) -> str:
    return site.site.host


def same_site(url: str, site_host: str) -> bool:
    """The spec's rule: host == site host, or host ends with "." + (site host without a leading "www.")."""
    host = (urlsplit(url).hostname or "").lower()
    base = site_host[4:] if site_host.startswith("www.") else site_host
    return bool(host) and (host == site_host or host.endswith("." + base) or host == base)


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
    too: a dead link, not an IPv6 problem); unknown (WAF / rate limited, or IPv4 not tried or undecidable)."""
    if probe.ok:
        return "ok"
    if _undecidable(probe):
        return "unknown"
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
        excluded=excluded, unknown=unknown,
    )


def summarize(site: SiteArtifacts) -> Ipv6Summary:
    """Everything the stored IPv6 probes of `site` say (pure; the checks and the bulletin read this)."""
    self_ok, self_error = _self_check(site)
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
    v6_samples, v4_samples = _latencies(v6), _latencies(v4)
    plan_probe = _latest(_of_kind(site, PLAN_KIND))
    plan = dict(plan_probe.data) if plan_probe else None
    summary = Ipv6Summary(
        host=str(dns.get("host") or _site_host(site)),
        measured=any(p.kind in SITE_KINDS for p in site.probes),
        self_check_ok=self_ok,
        self_check_error=self_error,
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
    )
    logger.debug("ipv6 summary site=%s measured=%s aaaa=%s v6=%d/%d v4=%d/%d", site.site_id, summary.measured,
                 ",".join(usable), summary.v6_ok, summary.v6_attempts, summary.v4_ok, summary.v4_attempts)
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
    min_success_rate: float = 0.9  # IPv6 successes / decidable probes below this, with IPv4 at or above it: fail

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ParamError("attempts", f"must be >= 1 (got {self.attempts})")
        if self.interval_s < 0:
            raise ParamError("interval_s", f"must be >= 0 (got {self.interval_s})")
        if self.timeout_s <= 0:
            raise ParamError("timeout_s", f"must be > 0 (got {self.timeout_s})")
        _rate_in_range("min_success_rate", self.min_success_rate)


@dataclass(frozen=True, slots=True)
class LinkParams:
    level: int  # 2 = linked from the homepage, 3 = linked from level-2 pages
    min_rate: float = 0.85  # IPv6 support rate below this fails
    scope: Literal["same-site", "all"] = "same-site"  # which links the rate is taken over
    max_links: int = 500  # links probed at most on this level (the gatherer's cap)
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

    def __post_init__(self) -> None:
        _rate_in_range("min_similarity", self.min_similarity)


@dataclass(frozen=True, slots=True)
class NameserverParams:
    require: Literal["all", "any"] = "all"  # every authoritative name server needs AAAA, or at least one

    def __post_init__(self) -> None:
        if self.require not in ("all", "any"):
            raise ParamError("require", f"must be 'all' or 'any' (got {self.require!r})")


@dataclass(frozen=True, slots=True)
class LatencyParams:
    max_ratio: float = 1.2  # IPv6 connect + first byte slower than IPv4 × this ...
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


def _run_gate(site: SiteArtifacts, s: Ipv6Summary) -> CheckResult | None:
    """Inconclusive when the inspector's network or IPv6 was down, or nothing was measured for the site."""
    url = site.site.url
    reason = self_check_failure(site)
    if reason:
        return inconclusive(f"检查端网络自检失败，无法判定IPv6支持情况（{reason}）", url)
    if s.self_check_ok is False:
        return inconclusive(f"检查端无IPv6连通性（{s.self_check_error}），无法判定", url)
    if not s.measured:
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


def aaaa_record(site: SiteArtifacts, params: AaaaParams) -> list[CheckResult]:
    """域名IPv6解析: the host resolves to a usable (global unicast) IPv6 address."""
    s = summarize(site)
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
        return [failed(
            f"域名{s.host}的AAAA记录{_addresses(s.aaaa)}均不是可用的公网IPv6地址"
            "（唯一本地、链路本地、IPv4映射或文档地址），公众无法通过IPv6访问", url,
            [Evidence(url=url, text=a, detail="不可用的IPv6地址") for a in s.aaaa[:10]],
        )]
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


def homepage_over_ipv6(site: SiteArtifacts, params: HomepageParams) -> list[CheckResult]:
    """首页IPv6访问: the homepage loads over IPv6 on every AAAA address, judged against IPv4 at the same time."""
    s = summarize(site)
    url = site.site.url
    gate = _first(_run_gate(site, s), _aaaa_gate(site, s))
    if gate:
        return [gate]
    v6 = _of_kind(site, HOMEPAGE_KINDS[6])
    if not v6:
        return [inconclusive("未进行首页IPv6访问探测", url)]
    decidable = s.v6_attempts - s.v6_unknown
    if decidable == 0:
        return [inconclusive(f"首页IPv6访问{s.v6_attempts}次均被防火墙拦截或限流，无法判定", url,
                             _homepage_evidence(v6))]
    rate = s.v6_ok / decidable
    addresses = list(dict.fromkeys(str(p.data.get("address", "")) for p in v6 if p.data.get("address")))
    where = f"，地址{_addresses(addresses)}" if addresses else ""
    v6_text = f"首页IPv6访问成功率{_pct(rate)}（{s.v6_ok}/{decidable}{where}）"
    v4_decidable = s.v4_attempts - s.v4_unknown
    v4_text = f"IPv4访问成功率{_pct(s.v4_ok / v4_decidable)}（{s.v4_ok}/{v4_decidable}）" if v4_decidable else ""
    unknown = f"；另有{s.v6_unknown}次被防火墙拦截或限流，不计入" if s.v6_unknown else ""
    reasons = [r for r in s.v6_failures if not r.startswith((LABEL_WAF, LABEL_RATE_LIMITED))]
    why = f"，IPv6访问失败：{'、'.join(reasons)}" if reasons else ""
    evidence = _homepage_evidence(v6)
    threshold = percent(params.min_success_rate)
    if rate >= params.min_success_rate:
        v4_part = f"；{v4_text}" if v4_text else ""
        return [passed(f"{v6_text}，达到{threshold}{why}{v4_part}{unknown}", url, evidence)]
    if v4_decidable == 0:
        if _no_ipv4(site, s):
            return [inconclusive(
                f"{v6_text}，低于{threshold}{why}；网站无IPv4地址可对照，属站点可用性问题（见“站点无法访问”），"
                f"不作为IPv6问题判定{unknown}", url, evidence,
            )]
        return [inconclusive(
            f"{v6_text}，低于{threshold}{why}；未取得IPv4访问对照结果，无法区分IPv6问题与站点可用性问题{unknown}",
            url, evidence,
        )]
    if s.v4_ok / v4_decidable < params.min_success_rate:
        return [inconclusive(
            f"{v6_text}{why}；{v4_text}，同样低于{threshold}，属站点可用性问题（见“站点无法访问”），"
            f"不作为IPv6问题判定{unknown}", url, evidence,
        )]
    return [_fail(s, f"{v6_text}，低于{threshold}{why}；{v4_text}{unknown}", url, evidence)]


def _link_evidence(failures: Sequence[FailedLink], records: Sequence[ProbeRecord], limit: int) -> list[Evidence]:
    """url = the failing link, referrer = the page linking to it, detail = the Chinese reason."""
    status = {p.target: p.http_status for p in records}
    return [Evidence(url=f.url, referrer=f.source, detail=f.reason, http_status=status.get(f.url)) for f in failures[:limit]]


def link_support_rate(site: SiteArtifacts, params: LinkParams) -> list[CheckResult]:
    """二级/三级链接IPv6支持率: the share of links (same-site by default) that load over IPv6."""
    s = summarize(site)
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
        notes.append(f"{rate.unknown}个被防火墙拦截、限流或未能对照IPv4，无法判定")
    if rate.found > rate.probed:
        notes.append(f"共发现{rate.found}个，按上限探测{rate.probed}个")
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
    """IPv6/IPv4内容一致性: the homepage text over IPv6 matches the one over IPv4."""
    s = summarize(site)
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
    return [failed(f"{message}，低于{threshold}，IPv6首页内容与IPv4首页不一致", url, evidence)]


def nameservers_ipv6(site: SiteArtifacts, params: NameserverParams) -> list[CheckResult]:
    """域名授权体系IPv6: the zone's authoritative name servers have AAAA records."""
    s = summarize(site)
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
    """IPv6访问时延: the median connect + first-byte time over IPv6 against IPv4 (a notice)."""
    s = summarize(site)
    url = site.site.url
    gate = _first(_run_gate(site, s), _aaaa_gate(site, s), _homepage_gate(site, s, "访问时延"))
    if gate:
        return [gate]
    v6 = _latencies(_of_kind(site, HOMEPAGE_KINDS[6]))
    v4 = _latencies(_of_kind(site, HOMEPAGE_KINDS[4]))
    if not v4 and _no_ipv4(site, s):
        return [not_applicable("网站无IPv4地址，无需比较IPv6与IPv4访问时延", url)]
    if len(v6) < params.min_samples or len(v4) < params.min_samples or s.v6_ms is None or s.v4_ms is None:
        return [inconclusive(
            f"首页成功访问的时延样本：IPv6 {len(v6)}次、IPv4 {len(v4)}次，少于比较所需的各{params.min_samples}次，无法比较",
            url,
        )]
    v6_ms, v4_ms = s.v6_ms, s.v4_ms
    ratio = f"{v6_ms / v4_ms:.2f}倍" if v4_ms > 0 else "IPv4时延近于零"
    message = (f"首页建立连接及首字节时延中位数：IPv6 {v6_ms:.0f}毫秒（{len(v6)}次），IPv4 {v4_ms:.0f}毫秒（{len(v4)}次），"
               f"IPv6为IPv4的{ratio}")
    slower = v6_ms - v4_ms >= params.min_diff_ms and (v4_ms <= 0 or v6_ms > v4_ms * params.max_ratio)
    if slower:
        return [_fail(s, f"{message}，超过{params.max_ratio:g}倍且慢{v6_ms - v4_ms:.0f}毫秒", url)]
    why = (f"未超过{params.max_ratio:g}倍" if v4_ms > 0 and v6_ms <= v4_ms * params.max_ratio
           else f"相差不足{params.min_diff_ms:g}毫秒（噪声下限）")
    return [passed(f"{message}，{why}", url)]
