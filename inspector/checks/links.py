"""Link checks: LinkRecords joined with the PageRecord of each target (broken, soft 404, redirect loop)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from inspector.checks._common import (
    failed,
    homepage_unusable,
    inconclusive,
    not_applicable,
    passed,
    problem_label,
    self_check_failure,
)
from inspector.errors import ParamError
from inspector.model import CheckResult, Evidence, LinkRecord, Outcome, PageRecord, SiteArtifacts

logger = logging.getLogger(__name__)

BROKEN = (Outcome.BROKEN, Outcome.SOFT_404, Outcome.REDIRECT_LOOP)
SCOPE_LABELS = {"homepage": "首页", "other": "其他页面"}


@dataclass(frozen=True, slots=True)
class BrokenLinkParams:
    scope: Literal["homepage", "other"]  # links on the homepage, or links only on other pages
    max_evidence: int = 20  # occurrences listed per broken target (the message gives the full count)

    def __post_init__(self) -> None:
        if self.max_evidence < 1:
            raise ParamError("max_evidence", f"must be ≥ 1 (got {self.max_evidence})")


def _targets_in_scope(site: SiteArtifacts, home: PageRecord, scope: str) -> dict[str, list[LinkRecord]]:
    """Distinct targets in scope (in order of first occurrence) with every occurrence of each."""
    home_urls = {home.url, home.final_url} - {""}
    occurrences: dict[str, list[LinkRecord]] = {}
    on_home: set[str] = set()
    for link in site.links:
        occurrences.setdefault(link.target, []).append(link)
        if link.on_homepage or link.source in home_urls:
            on_home.add(link.target)
    if scope == "homepage":
        return {t: links for t, links in occurrences.items() if t in on_home}
    return {t: links for t, links in occurrences.items() if t not in on_home}


def _evidence(links: list[LinkRecord], page: PageRecord, limit: int) -> list[Evidence]:
    """One item per (referring page, link text); `detail` is the gatherer's raw detail (the bulletin labels it)."""
    seen: set[tuple[str, str]] = set()
    items: list[Evidence] = []
    detail = page.detail or page.outcome.value
    for link in sorted(links, key=lambda lk: not lk.on_homepage):
        if (link.source, link.text) in seen:
            continue
        seen.add((link.source, link.text))
        items.append(Evidence(url=page.url, referrer=link.source, text=link.text, detail=detail,
                              http_status=page.http_status))
    return items[:limit]


def _describe(page: PageRecord, links: list[LinkRecord]) -> str:
    """链接“text”（url）：problem label[，出现在N个页面] — Chinese only, the raw detail stays in the evidence."""
    text = next((lk.text for lk in links if lk.text.strip()), "")
    label = f"“{text.strip()}”" if text else ""
    problem = problem_label(page.detail, page.http_status, attachment=page.kind == "attachment", outcome=page.outcome)
    sources = len({lk.source for lk in links})
    where = f"，出现在{sources}个页面" if sources > 1 else ""
    return f"链接{label}（{page.url}）：{problem}{where}"


def broken_links(site: SiteArtifacts, params: BrokenLinkParams) -> list[CheckResult]:
    """One fail per broken target linked in scope; WAF / rate-limited targets are inconclusive."""
    scope = SCOPE_LABELS[params.scope]
    reason = self_check_failure(site)
    if reason:
        return [inconclusive(f"检查端网络自检失败，无法检查{scope}链接（{reason}）")]
    home = site.homepage
    problem = homepage_unusable(home)
    if problem or home is None:
        return [inconclusive(f"{problem}，无法检查{scope}链接", site.site.url)]
    records = {p.url: p for p in site.pages}
    results: list[CheckResult] = []
    checked = fails = 0
    for target, links in _targets_in_scope(site, home, params.scope).items():
        page = records.get(target)
        if page is None:  # not fetched (e.g. beyond the page budget): not judged
            continue
        if page.outcome in BROKEN:
            fails += 1
            evidence = _evidence(links, page, params.max_evidence)
            results.append(failed(f"{scope}{_describe(page, links)}", target, evidence))
        elif not page.outcome.conclusive:
            evidence = _evidence(links, page, params.max_evidence)
            results.append(inconclusive(f"{scope}{_describe(page, links)}", target, evidence))
        else:
            checked += 1
    logger.debug("broken links site=%s scope=%s ok=%d broken=%d", site.site_id, params.scope, checked, fails)
    if fails:
        return results
    if not results and not checked:
        return [not_applicable(f"{scope}没有已检查的链接")]
    if not checked:
        return results  # only inconclusive targets
    unknown = f"（另有{len(results)}个无法判定）" if results else ""
    return [passed(f"{scope}{checked}个链接均可访问{unknown}", home.url), *results]
