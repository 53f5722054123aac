"""Helpers shared by check modules: result constructors, the self-check gate, homepage gates, and the one
translation of gatherer details into Chinese problem labels (problem_label), which the bulletin uses too."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from inspector.errors import ParamError
from inspector.model import OUTCOME_LABELS, CheckResult, Evidence, Outcome, PageRecord, SiteArtifacts, Status


def passed(message: str, subject: str = "", evidence: Sequence[Evidence] = ()) -> CheckResult:
    return CheckResult(Status.PASS, message, subject, tuple(evidence))


def failed(message: str, subject: str = "", evidence: Sequence[Evidence] = (), count: int = 1) -> CheckResult:
    return CheckResult(Status.FAIL, message, subject, tuple(evidence), count)


def inconclusive(message: str, subject: str = "", evidence: Sequence[Evidence] = ()) -> CheckResult:
    return CheckResult(Status.INCONCLUSIVE, message, subject, tuple(evidence))


def not_applicable(message: str, subject: str = "") -> CheckResult:
    return CheckResult(Status.NOT_APPLICABLE, message, subject)


def self_check_failure(site: SiteArtifacts, kind: str = "self-check") -> str | None:
    """Why the run's self-check failed (Chinese), or None when the inspector's network was fine.

    No self-check probe at all counts as fine: only a recorded failure makes network facts inconclusive.
    `kind` picks the run-level probe: "self-check" (the network) or "ipv6-self-check" (IPv6 connectivity).
    """
    bad = [p for p in site.run_probes if p.kind == kind and not p.ok]
    if not bad:
        return None
    return "；".join(sorted({_self_check_reason(p.error, p.target) for p in bad}))


_TARGET_ERROR = re.compile(r"^(https?://\S+?):\s+(.+)$", re.IGNORECASE)


def _self_check_reason(error: str, target: str) -> str:
    """A self-check probe's error ("URL: detail; URL: detail" or a bare detail) in Chinese."""
    if not error.strip():
        return f"{target} {LABEL_BROKEN}" if target else "失败"
    parts: list[str] = []
    for part in (p.strip() for p in error.split(";")):
        if not part:
            continue
        m = _TARGET_ERROR.match(part)
        parts.append(f"{m.group(1)} {problem_label(m.group(2))}" if m else problem_label(part))
    return "；".join(parts)


_HOMEPAGE_PROBLEM = {
    Outcome.WAF: "首页被防火墙拦截（无法判定）",
    Outcome.RATE_LIMITED: "首页被限流（无法判定）",
    Outcome.SOFT_404: "首页显示页面不存在（软404）",
}


def homepage_unusable(page: PageRecord | None) -> str | None:
    """Why the homepage cannot be examined (Chinese), or None when it was fetched OK."""
    if page is None:
        return "首页未抓取"
    if page.outcome is Outcome.OK and page.facts.get("waf_challenge"):
        return "首页返回防火墙验证页面（无法判定）"
    if page.outcome is Outcome.OK:
        return None
    if page.outcome in _HOMEPAGE_PROBLEM:
        return _HOMEPAGE_PROBLEM[page.outcome]
    reason = problem_label(page.detail, page.http_status, outcome=page.outcome)
    if page.outcome is Outcome.REDIRECT_LOOP:
        return "首页重定向循环" if reason == Outcome.REDIRECT_LOOP.label else f"首页{reason}"
    return f"首页{LABEL_BROKEN}" if reason == LABEL_BROKEN else f"首页{LABEL_BROKEN}：{reason}"


# --- problem labels -----------------------------------------------------------------------------------
# Gatherers record why a fetch failed as short English text (PageRecord.detail, ProbeRecord.error): the
# spider's judge_response / failure_detail ("http 404", "dns: NXDOMAIN", "timeout", "redirect loop: a -> b",
# "http 412 challenge", "http 200 page says not found", ...) and the probes ("refused", "waf challenge",
# "connect error: ...", "slower than the limit", ...). problem_label is the one place that turns such a
# detail into the Chinese an analyst reads; the raw detail is kept for a technical column.

LABEL_BROKEN = Outcome.BROKEN.label  # 无法访问: the fallback when the detail says nothing more precise
LABEL_WAF = Outcome.WAF.label
LABEL_RATE_LIMITED = Outcome.RATE_LIMITED.label
LABEL_NO_AAAA = "无AAAA记录"  # a fetch forced onto IPv6 found no AAAA for the host (IPv6 checks)

#: File extensions of downloadable documents (as the spider's link kinds use them).
ATTACHMENT_EXTENSIONS = frozenset(
    {".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".pdf", ".zip", ".rar", ".ofd", ".ppt", ".pptx", ".txt", ".7z"}
)

_URL = re.compile(r"(?:https?|ftp)://\S+", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_HTTP_CODE = re.compile(r"^https?\s+(\d{3})\b", re.IGNORECASE)
_DNS_KIND = re.compile(r"^dns\b:?\s*([a-z_ ]*)", re.IGNORECASE)

# (pattern searched in the lower-cased detail with URLs removed, label, reason inside 附件无法下载（…） or None
# when the label is not a failed download). First match wins, so the order matters.
_Entry = tuple[re.Pattern[str], str, "str | None"]
_PATTERNS: tuple[_Entry, ...] = tuple(
    (re.compile(pattern), label, download)
    for pattern, label, download in (
        (r"^http (?:429|503)\b.*(?:retry-after|after \d+ retr)|^rate.?limited\b", LABEL_RATE_LIMITED, None),
        (r"challenge|^http 412\b|^waf\b", LABEL_WAF, None),
        (r"^无aaaa记录", LABEL_NO_AAAA, LABEL_NO_AAAA),  # an IPv6 reason already in Chinese stays as it is
        (r"^redirected to homepage", "软404（跳转到首页）", "跳转到首页"),
        (r"page says not found|^soft.?404", "软404（页面显示不存在）", "页面显示不存在"),
        (r"^redirect[ _]loop", "重定向循环", "重定向循环"),
        (r"^more than \d+ redirects|too many redirects", "重定向次数过多", "重定向次数过多"),
        (r"resource exists|^ok$", "正常", None),
        (r"^ignored\b", "未访问（请求被跳过）", None),
        (r"^redirect to non-http", "跳转到非网页地址", None),
        (r"^http 3\d\d without location", "跳转地址缺失", "跳转地址缺失"),
        (r"^not html", "非网页内容", None),
        (r"^page cut", "页面过大（已截断）", None),
        (r"^broken$", LABEL_BROKEN, LABEL_BROKEN),
        (r"slower than", "打开过慢（超过时限）", "打开过慢"),
        (r"name or service not known|name resolution|getaddrinfo|nodename nor servname", "域名无法解析", "域名无法解析"),
        (r"refused", "连接被拒绝", "连接被拒绝"),
        (r"\breset\b|connectionreset", "连接被重置", "连接被重置"),
        (r"unreachable|no route", "网络不可达", "网络不可达"),
        (r"^read timeout", "响应超时", "响应超时"),  # connected, then no answer in time (IPv6 probes tell them apart)
        (r"timeout|timed out", "连接超时", "连接超时"),
        (r"\b(?:tls|ssl)\b|certificate|sslerror", "证书或加密连接错误", "证书或加密连接错误"),
        (
            r"no response|connection (?:closed|lost|error|done)|disconnected|connectionlost|connectiondone"
            r"|responsefailed|remoteprotocolerror|readerror|writeerror|incomplete",
            "连接中断",
            "连接中断",
        ),
        (r"connect error|connection attempts failed|connecterror|network error", "连接失败", "连接失败"),
        (r"^cancelled", "下载被中止", "下载被中止"),
    )
)

_DNS_LABELS = {
    "timeout": "域名解析超时",
    "blocked": "域名解析地址不在允许范围",
    "unusable": "域名解析到非公网地址",
}


def _http_label(code: int) -> tuple[str, str | None] | None:
    """Label and download reason of an HTTP status code; None for a 2xx (which says nothing wrong)."""
    tag = f"HTTP {code}"
    if code == 412:  # what 瑞数-style WAFs answer a plain GET: cannot verify
        return LABEL_WAF, None
    if code == 429:  # Too Many Requests: the spider records it as rate limited whatever the retries
        return LABEL_RATE_LIMITED, None
    if 200 <= code < 300:
        return None
    if code in (404, 410):
        label = "页面不存在"
    elif code == 403:
        label = "禁止访问"
    elif code in (401, 407):
        label = "需要身份验证"
    elif code >= 500:
        label = "服务器错误"
    elif code >= 400:
        label = "请求错误"
    elif code >= 300:
        label = "跳转异常"
    else:
        label = "响应异常"
    return f"{label}（{tag}）", tag


def _outcome_prefix(text: str) -> tuple[Outcome | None, str]:
    """Split an older evidence detail "无法访问 dns: NXDOMAIN" into (BROKEN, "dns: NXDOMAIN")."""
    for outcome, label in OUTCOME_LABELS.items():
        for spelling in (label, label.replace("（", "(").replace("）", ")")):
            if text == spelling or text.startswith(spelling + " "):
                return outcome, text[len(spelling):].strip()
    return None, text


def technical_detail(detail: str) -> str:
    """The raw gatherer detail of an evidence item, without the outcome label older runs put in front."""
    outcome, rest = _outcome_prefix(detail.strip())
    return detail if outcome is None else rest


def _classify(text: str, http_status: int | None, outcome: Outcome | None) -> tuple[str, str | None]:
    """(label, download reason) from the detail, else the outcome (when it says more than 无法访问), else the status."""
    if outcome is not None and not outcome.conclusive:
        return outcome.label, None  # an inconclusive fetch never reads as a failure, whatever the detail says
    low = _URL.sub(" ", text).strip().lower()
    if low:
        m = _DNS_KIND.match(low)
        if m:  # before the keywords: "dns: timeout (5s)" is about DNS, not the connection
            kind = m.group(1).split()
            label = _DNS_LABELS.get(kind[0] if kind else "", "域名无法解析")
            return label, label
        for pattern, label, download in _PATTERNS:
            if pattern.search(low):
                return label, download
        m = _HTTP_CODE.match(low)
        if m:
            found = _http_label(int(m.group(1)))
            if found:
                return found
        if _CJK.search(text) and not _LATIN.search(_URL.sub("", text).replace("HTTP", "")):
            return text, text  # already Chinese (e.g. "超过15秒未打开")
    if outcome is not None and outcome is not Outcome.BROKEN:
        return _classify(outcome.value, None, None)  # "waf", "soft_404", "redirect_loop", "ok" ...
    if http_status is not None:
        found = _http_label(http_status)
        if found:
            return found
    return LABEL_BROKEN, LABEL_BROKEN


def problem_label(
    detail: str,
    http_status: int | None = None,
    *,
    attachment: bool = False,
    outcome: Outcome | None = None,
) -> str:
    """One Chinese problem label for a gatherer's English failure detail (the analyst never sees the English).

    Args:
        detail: the raw detail ("http 404", "dns: NXDOMAIN", "timeout", "redirect loop: a -> b", "waf challenge",
            ...); an older "<outcome label> <detail>" form and a bare Outcome value ("waf") are understood too.
        http_status: the HTTP status, used when the detail does not name one.
        attachment: the target is a document to download: failures read 附件无法下载（reason）.
        outcome: what the fetch came to, used when the detail says nothing (e.g. an empty detail).

    Returns:
        e.g. 页面不存在（HTTP 404）, 域名无法解析, 连接超时, 连接被拒绝, 服务器错误（HTTP 500）,
        软404（页面显示不存在）, 防火墙拦截（无法判定）, 限流（无法判定）, 重定向循环, 附件无法下载（HTTP 404）;
        无法访问 when nothing more precise can be said.
    """
    prefix, text = _outcome_prefix(detail.strip())
    label, download = _classify(text, http_status, outcome or prefix)
    if attachment and download is not None:
        return "附件无法下载" if download == LABEL_BROKEN else f"附件无法下载（{download}）"
    return label


def ipv6_problem_label(detail: str, http_status: int | None = None, *, outcome: Outcome | None = None) -> str:
    """problem_label for a fetch forced onto IPv6: "dns: noanswer" means the name has no AAAA (无AAAA记录), not
    that it cannot be resolved at all; everything else reads as problem_label says."""
    m = _DNS_KIND.match(detail.strip().lower())
    if m and (outcome is None or outcome.conclusive):
        kind = m.group(1).split()
        if kind and kind[0] == "noanswer":
            return LABEL_NO_AAAA
    return problem_label(detail, http_status, outcome=outcome)


def is_attachment_url(url: str) -> bool:
    """True when the URL's path ends in a document extension (.pdf, .doc, .xls ...)."""
    path = urlsplit(url).path.lower()
    dot = path.rfind(".")
    return dot > path.rfind("/") and path[dot:] in ATTACHMENT_EXTENSIONS


def describe_error(error: str) -> str:
    """A gatherer's English error text as the Chinese problem label messages use (see problem_label)."""
    return problem_label(error)


def percent(value: float) -> str:
    """0.05 → "5%", 0.0417 → "4.2%"."""
    return f"{value * 100:.1f}".rstrip("0").rstrip(".") + "%"


def compile_pattern(field: str, pattern: str) -> re.Pattern[str] | None:
    """Compile a params regex (None for ""); raise ParamError naming the field when it is invalid."""
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ParamError(field, f"invalid regular expression {pattern!r} ({exc})") from exc
