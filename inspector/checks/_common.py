"""Helpers shared by check modules: result constructors, the self-check gate, homepage gates."""

from __future__ import annotations

import re
from collections.abc import Sequence

from inspector.errors import ParamError
from inspector.model import CheckResult, Evidence, Outcome, PageRecord, SiteArtifacts, Status


def passed(message: str, subject: str = "", evidence: Sequence[Evidence] = ()) -> CheckResult:
    return CheckResult(Status.PASS, message, subject, tuple(evidence))


def failed(message: str, subject: str = "", evidence: Sequence[Evidence] = (), count: int = 1) -> CheckResult:
    return CheckResult(Status.FAIL, message, subject, tuple(evidence), count)


def inconclusive(message: str, subject: str = "", evidence: Sequence[Evidence] = ()) -> CheckResult:
    return CheckResult(Status.INCONCLUSIVE, message, subject, tuple(evidence))


def not_applicable(message: str, subject: str = "") -> CheckResult:
    return CheckResult(Status.NOT_APPLICABLE, message, subject)


def self_check_failure(site: SiteArtifacts) -> str | None:
    """The errors of the run's failed self-check probes, or None when the inspector's network was fine.

    No self-check probe at all counts as fine: only a recorded failure makes network facts inconclusive.
    """
    bad = [p for p in site.run_probes if p.kind == "self-check" and not p.ok]
    if not bad:
        return None
    return "；".join(sorted({p.error or p.target or "失败" for p in bad}))


def homepage_unusable(page: PageRecord | None) -> str | None:
    """Why the homepage cannot be examined (Chinese), or None when it was fetched OK."""
    if page is None:
        return "首页未抓取"
    if page.outcome is Outcome.OK and page.facts.get("waf_challenge"):
        return f"首页返回{Outcome.WAF.label}"
    if page.outcome is not Outcome.OK:
        detail = f"，{page.detail}" if page.detail else ""
        return f"首页{page.outcome.label}{detail}"
    return None


_ERROR_WORDS = (
    ("timeout", "超时"),
    ("timed out", "超时"),
    ("nxdomain", "域名不存在"),
    ("dns", "域名解析失败"),
    ("refused", "连接被拒绝"),
    ("reset", "连接被重置"),
    ("ssl", "证书或加密连接错误"),
    ("tls", "证书或加密连接错误"),
)
_HTTP_RE = re.compile(r"^http\s+(\d{3})\b\s*(.*)$", re.IGNORECASE)


def describe_error(error: str) -> str:
    """A short Chinese gloss of a gatherer's English error text, keeping the original in brackets."""
    text = error.strip()
    m = _HTTP_RE.match(text)
    if m:
        return f"HTTP {m.group(1)}" + (f" {m.group(2)}" if m.group(2) else "")
    low = text.lower()
    for word, gloss in _ERROR_WORDS:
        if word in low:
            return f"{gloss}（{text}）"
    return text or "未知错误"


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
