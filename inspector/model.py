"""Shared value types: every layer (gather, store, checks, scoring, bulletin) speaks these.

Gatherers produce artifacts (PageRecord, LinkRecord, ProbeRecord); checks turn artifacts plus a Rule
into Outcomes; the engine stamps Outcomes into Findings; scoring turns Findings into SiteVerdicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal


class Level(StrEnum):
    """Administrative level of a site's owner (级别)."""

    CITY = "city"
    COUNTY = "county"
    DEPARTMENT = "department"
    TOWNSHIP = "township"

    @property
    def label(self) -> str:
        return {"city": "市级", "county": "县级", "department": "部门", "township": "乡镇"}[self.value]


class Status(StrEnum):
    """Status of one finding."""

    PASS = "pass"
    FAIL = "fail"
    INCONCLUSIVE = "inconclusive"
    NOT_APPLICABLE = "not_applicable"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.PASS: "通过",
    Status.FAIL: "不通过",
    Status.INCONCLUSIVE: "无法判定",
    Status.NOT_APPLICABLE: "不适用",
}


class Severity(StrEnum):
    """How a failed finding weighs on a site: 单项否决, 扣分 or 提示."""

    VETO = "veto"
    DEDUCT = "deduct"
    NOTICE = "notice"

    @property
    def label(self) -> str:
        return {"veto": "单项否决", "deduct": "扣分", "notice": "提示"}[self.value]


class Verdict(StrEnum):
    """Per-site conclusion."""

    PASS = "合格"
    FAIL = "不合格"
    INCONCLUSIVE = "无法判定"


class Outcome(StrEnum):
    """What fetching one URL came to (links and pages alike)."""

    OK = "ok"
    BROKEN = "broken"  # 4xx, 5xx, DNS failure, refused, timeout
    SOFT_404 = "soft_404"  # 200 that says the page does not exist
    WAF = "waf"  # a WAF / anti-bot challenge: cannot verify
    RATE_LIMITED = "rate_limited"  # still 429/503 after retries honouring Retry-After
    REDIRECT_LOOP = "redirect_loop"

    @property
    def label(self) -> str:
        return OUTCOME_LABELS[self]

    @property
    def conclusive(self) -> bool:
        """False when the tool cannot tell whether the target works."""
        return self not in (Outcome.WAF, Outcome.RATE_LIMITED)


OUTCOME_LABELS = {
    Outcome.OK: "正常",
    Outcome.BROKEN: "无法访问",
    Outcome.SOFT_404: "软404（页面不存在）",
    Outcome.WAF: "防火墙拦截（无法判定）",
    Outcome.RATE_LIMITED: "限流（无法判定）",
    Outcome.REDIRECT_LOOP: "重定向循环",
}

LinkKind = Literal["page", "external", "attachment"]


@dataclass(frozen=True, slots=True)
class Site:
    """One inspection target from the registry (名称, 网址, 级别, 网站标识码, 地区)."""

    name: str
    url: str
    level: Level
    site_code: str = ""
    region: str = ""

    @property
    def host(self) -> str:
        from urllib.parse import urlsplit

        return (urlsplit(self.url).hostname or "").lower()


@dataclass(frozen=True, slots=True)
class FooterMarks:
    """Identifiers found in a page's footer area (or anywhere in its text / scripts)."""

    site_code: str | None = None  # raw token after 网站标识码, not validated
    icp: str | None = None  # raw ICP 备案号 text, e.g. 鄂ICP备05002000号-1
    police_record: str | None = None  # raw 公网安备 text
    conac_mark: str | None = None  # URL of the 党政机关 mark link/image/script, if any
    error_report_entry: str | None = None  # URL of the 我为政府网站找错 entry, if any


@dataclass(frozen=True, slots=True)
class ExtractedLink:
    """One link as found on a page."""

    url: str  # absolute, fragment removed
    text: str
    how: str  # a, area, frame, iframe, onclick, javascript-href, select-option, meta-refresh, location-script, createPageHTML


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What the inspector sees on one HTML page (pure extraction result)."""

    url: str
    encoding: str
    title: str
    meta: dict[str, str]
    footer: FooterMarks
    links: tuple[ExtractedLink, ...]
    dates: tuple[str, ...]  # ISO dates (YYYY-MM-DD) seen on the page, in page order
    soft_404: bool = False
    waf_challenge: bool = False


@dataclass(frozen=True, slots=True)
class PageRecord:
    """One fetched URL of a site (a crawled page, or a checked link / attachment target)."""

    site_id: int
    url: str
    kind: LinkKind
    outcome: Outcome
    http_status: int | None = None
    detail: str = ""  # reason in short English: "http 404", "dns: NXDOMAIN", "timeout", ...
    depth: int = 0
    final_url: str = ""
    ip: str = ""
    elapsed_ms: float | None = None
    content_type: str = ""
    encoding: str = ""
    title: str = ""
    facts: dict[str, Any] = field(default_factory=dict)  # PageFacts without links, as JSON-able dict


@dataclass(frozen=True, slots=True)
class LinkRecord:
    """One link occurrence: page `source` links to `target` with `text`, found `how`."""

    site_id: int
    source: str
    target: str
    text: str
    how: str
    kind: LinkKind
    on_homepage: bool


@dataclass(frozen=True, slots=True)
class ProbeRecord:
    """One probe outside the crawl (availability, DNS, self-check...)."""

    site_id: int | None  # None for run-level probes such as the inspector's self-check
    kind: str  # "homepage", "self-check", "ipv6-dns", "ipv6-homepage", "ipv4-homepage", "ipv6-link", ...
    target: str
    ok: bool
    http_status: int | None = None
    elapsed_ms: float | None = None
    error: str = ""
    outcome: str = ""  # an Outcome value where one applies
    at: str = ""  # ISO timestamp
    data: dict[str, Any] = field(default_factory=dict)  # kind-specific measurements (IPv6: family, address, ...)
    account_id: int | None = None  # a 政务新媒体 account's probe (media-source, media-link); None for site/run probes


@dataclass(frozen=True, slots=True)
class SiteArtifacts:
    """Everything gathered for one site in one run: the only input a check gets."""

    site_id: int
    site: Site
    as_of: date
    pages: tuple[PageRecord, ...]
    links: tuple[LinkRecord, ...]
    probes: tuple[ProbeRecord, ...]
    run_probes: tuple[ProbeRecord, ...] = ()  # run-level probes (self-check)
    # the run's whole 政务新媒体 account registry (inspector.media.Account, every site's: a city portal's matrix page
    # often lists its counties' accounts too); None when the run has no account registry (no portal cross-check)
    accounts: tuple[Any, ...] | None = None

    def page(self, url: str) -> PageRecord | None:
        for p in self.pages:
            if p.url == url:
                return p
        return None

    @property
    def homepage(self) -> PageRecord | None:
        home = [p for p in self.pages if p.depth == 0 and p.kind == "page"]
        return home[0] if home else None


@dataclass(frozen=True, slots=True)
class Evidence:
    """A fact that supports a finding."""

    url: str = ""
    referrer: str = ""
    text: str = ""
    detail: str = ""
    http_status: int | None = None


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What a check function returns for one subject (the site, or one URL of it)."""

    status: Status
    message: str  # Chinese, for the analyst
    subject: str = ""  # URL the finding is about ("" = the site as a whole)
    evidence: tuple[Evidence, ...] = ()
    count: int = 1  # how many deduction units this result carries (e.g. broken links)


@dataclass(frozen=True, slots=True)
class Finding:
    """A stamped check result, as stored and shown in the bulletin."""

    run_id: int
    site_id: int
    rule_id: str
    rule_title: str
    status: Status
    severity: Severity
    deduction: float  # points this finding takes off (before the per-rule cap); 0 unless failed
    message: str
    subject: str = ""
    evidence: tuple[Evidence, ...] = ()
    rule_sha: str = ""
    points_cap: float = 0.0  # the rule's cap, so scoring needs no rule files
    # a 政务新媒体 account's finding: the run's account id (site_id is then the account's site, or 0 without one);
    # None for a website finding. Accounts are scored apart from the websites.
    account_id: int | None = None


@dataclass(frozen=True, slots=True)
class SiteVerdict:
    """Scoring result for one site."""

    site_id: int
    score: float
    verdict: Verdict
    vetoes: tuple[str, ...]  # failure titles of failed veto rules
    problems: int  # failed findings
    inconclusive: int
