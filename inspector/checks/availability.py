"""Availability checks: homepage probes (ProbeRecord kind "homepage") against 站点无法访问 (standards.md §1.2 #2)."""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from inspector.checks._common import describe_error, failed, inconclusive, passed, percent, self_check_failure
from inspector.errors import ParamError
from inspector.model import CheckResult, Evidence, Outcome, ProbeRecord, SiteArtifacts

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AvailabilityParams:
    timeout_s: float = 15.0  # a visit fails if the homepage has not opened after this many seconds
    max_failure_ratio: float = 0.05  # veto when failed visits / all visits reach this share
    min_probes: int = 140  # the national sample (1 week x 20 visits); fewer probes judge only "all failed"
    min_span_s: float = 86400.0  # a short sample vetoes only when every visit failed over at least this long

    def __post_init__(self) -> None:
        if self.timeout_s <= 0:
            raise ParamError("timeout_s", f"must be > 0 (got {self.timeout_s})")
        if not 0 < self.max_failure_ratio <= 1:
            raise ParamError("max_failure_ratio", f"must be in (0, 1] (got {self.max_failure_ratio})")
        if self.min_span_s < 0:
            raise ParamError("min_span_s", f"must be >= 0 (got {self.min_span_s})")
        if self.min_probes < 1:
            raise ParamError("min_probes", f"must be >= 1 (got {self.min_probes})")


def _failure_reason(probe: ProbeRecord, timeout_s: float) -> str | None:
    """Why this probe counts as a failed visit, or None when it succeeded in time."""
    if not probe.ok:
        if probe.error:
            return describe_error(probe.error)
        return f"HTTP {probe.http_status}" if probe.http_status else "无法打开"
    if probe.elapsed_ms is not None and probe.elapsed_ms > timeout_s * 1000:
        return f"超过{timeout_s:g}秒未打开"
    return None


def _span_s(failures: list[tuple[ProbeRecord, str]]) -> float:
    """Seconds between the first and the last failed probe (0 when their times are unknown)."""
    stamps = []
    for probe, _reason in failures:
        try:
            stamps.append(datetime.fromisoformat(probe.at))
        except (TypeError, ValueError):
            continue
    if len(stamps) < 2:
        return 0.0
    return (max(stamps) - min(stamps)).total_seconds()


def _undecidable(probe: ProbeRecord) -> bool:
    """A WAF challenge or rate limiting answered: the probe says nothing about availability."""
    return probe.outcome in (Outcome.WAF.value, Outcome.RATE_LIMITED.value)


def homepage_availability(site: SiteArtifacts, params: AvailabilityParams) -> list[CheckResult]:
    """Judge the share of failed homepage probes (not opened, or slower than the timeout)."""
    url = site.site.url
    reason = self_check_failure(site)
    if reason:
        return [inconclusive(f"检查端网络自检失败，无法判断网站可用性（{reason}）", url)]
    probes = [p for p in site.probes if p.kind == "homepage"]
    if not probes:
        return [inconclusive("未进行首页可用性探测", url)]
    unknown = [p for p in probes if _undecidable(p)]
    failures = [(p, r) for p in probes if not _undecidable(p) and (r := _failure_reason(p, params.timeout_s))]
    total = len(probes)
    ratio = len(failures) / total
    evidence = [Evidence(url=p.target, text=p.at, detail=r, http_status=p.http_status) for p, r in failures]
    summary = "；".join(f"{r}×{n}" if n > 1 else r for r, n in Counter(r for _, r in failures).items())
    decidable = total - len(unknown)
    extra = f"；另有{len(unknown)}次被防火墙拦截或限流" if unknown else ""
    if total >= params.min_probes:
        # A full monitoring sample: the national 5% rule. Undecidable probes count as successes here,
        # so a fail is only reported when it holds whatever they hid.
        if ratio >= params.max_failure_ratio:
            return [failed(
                f"首页{total}次探测中{len(failures)}次失败（{percent(ratio)}，达到{percent(params.max_failure_ratio)}的否决线）：{summary}{extra}",
                url, evidence,
            )]
    elif failures and len(failures) == decidable and _span_s(failures) >= params.min_span_s:
        # A short sample can still show the site down: every decidable visit failed, over a long enough time.
        hours = _span_s(failures) / 3600
        return [failed(f"首页{total}次探测中{len(failures)}次均失败（历时{hours:.1f}小时）：{summary}{extra}", url, evidence)]
    elif failures and len(failures) == decidable:
        # Down while we looked, but a brief outage is not the standard's ≥5% of a week: never a veto on that.
        return [inconclusive(
            f"检查期间首页{total}次探测均失败（{summary}），探测历时{_span_s(failures) / 60:.0f}分钟，"
            f"不足以按标准（1周内失败≥{percent(params.max_failure_ratio)}）判定；请持续监测"
            f"（可定时运行 inspector probe --run 批次号 累积探测）{extra}",
            url, evidence,
        )]
    elif failures:
        # Some visits failed, but too few probes to apply the 5% rule: never a veto on a short sample.
        return [inconclusive(
            f"首页{total}次探测中{len(failures)}次失败（{summary}），探测次数少于标准监测的{params.min_probes}次，"
            f"不足以按{percent(params.max_failure_ratio)}标准判定，请持续监测{extra}",
            url, evidence,
        )]
    if unknown:
        kinds = {p.outcome for p in unknown}
        what = "防火墙验证页面" if Outcome.WAF.value in kinds else "限流响应"
        ev = [Evidence(url=p.target, text=p.at, detail=p.outcome, http_status=p.http_status) for p in unknown]
        return [inconclusive(f"首页{total}次探测中{len(unknown)}次返回{what}，无法判定", url, ev)]
    if failures:
        return [passed(
            f"首页{total}次探测中{len(failures)}次失败（{percent(ratio)}，低于{percent(params.max_failure_ratio)}）：{summary}",
            url, evidence,
        )]
    return [passed(f"首页{total}次探测均在{params.timeout_s:g}秒内打开", url)]
