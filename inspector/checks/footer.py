"""Footer checks: the homepage's footer marks (PageRecord.facts["footer"]) and SiteIDCode meta (standards.md §2.2).

The marks include those written by the homepage's footer scripts (footer.js), merged by the spider. A missing
mark is inconclusive, not a failure, while some footer script the homepage includes could not be read
(facts["footer_scripts_failed"]) or was left unread over the crawler's cap (facts["footer_scripts_skipped"]):
the mark may be in it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any, Literal

from inspector.checks._common import compile_pattern, failed, homepage_unusable, inconclusive, passed
from inspector.model import CheckResult, Evidence, PageRecord, SiteArtifacts

logger = logging.getLogger(__name__)

Mark = Literal["site_code", "icp", "police_record", "conac_mark", "error_report_entry"]

MARK_LABELS: dict[str, str] = {
    "site_code": "网站标识码",
    "icp": "ICP备案编号",
    "police_record": "公安机关备案标识（公网安备号）",
    "conac_mark": "党政机关网站标识",
    "error_report_entry": "“我为政府网站找错”入口",
}


@dataclass(frozen=True, slots=True)
class SiteCodeParams:
    pattern: str = r"^(\d{10}|bm\d{8})$"  # 6-digit division code + 4 digits, or bm + 8 digits

    def __post_init__(self) -> None:
        compile_pattern("pattern", self.pattern)  # fail at load time on a bad regex


@dataclass(frozen=True, slots=True)
class FooterMarkParams:
    mark: Mark  # which FooterMarks field to look at
    pattern: str = ""  # regex the raw text must contain; "" = presence is enough

    def __post_init__(self) -> None:
        compile_pattern("pattern", self.pattern)  # fail at load time on a bad regex


def _homepage_footer(site: SiteArtifacts) -> tuple[PageRecord, dict[str, Any]] | CheckResult:
    """The homepage and its footer facts, or an inconclusive result saying why they are unavailable."""
    home = site.homepage
    problem = homepage_unusable(home)
    if problem or home is None:
        return inconclusive(f"{problem}，无法检查页脚", site.site.url)
    footer = home.facts.get("footer")
    if not isinstance(footer, dict):
        return inconclusive("首页未提取到页脚信息，无法检查页脚", home.url)
    return home, footer


def _unread_scripts(home: PageRecord, label: str) -> CheckResult | None:
    """Inconclusive for a missing mark when footer scripts of the homepage went unread; None when all were read."""
    facts = home.facts
    failed_urls = [str(u) for u in facts.get("footer_scripts_failed") or []]
    skipped_urls = [str(u) for u in facts.get("footer_scripts_skipped") or []]
    if not failed_urls and not skipped_urls:
        return None
    results = facts.get("footer_scripts") or {}
    evidence = [Evidence(url=u, referrer=home.url, detail=str(results.get(u, ""))) for u in failed_urls]
    evidence += [Evidence(url=u, referrer=home.url, detail="超出读取上限，未读取") for u in skipped_urls]
    why = []
    if failed_urls:
        why.append(f"{len(failed_urls)}个脚本未能读取")
    if skipped_urls:
        why.append(f"{len(skipped_urls)}个脚本超出读取上限未读取")
    return inconclusive(f"首页页脚未发现{label}；页脚可能由脚本生成，脚本未能读取，无法判定（{'，'.join(why)}）",
                        home.url, evidence)


def _written_by(home: PageRecord, mark: str) -> str:
    """"（由页脚脚本…写出）" when the spider read this mark from a footer script, "" when the page shows it."""
    source = (home.facts.get("footer_sources") or {}).get(mark)
    return f"（由页脚脚本{source}写出）" if source and source != "page" else ""


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def _meta(facts: dict[str, Any], name: str) -> str:
    meta = facts.get("meta") or {}
    for key, value in meta.items():
        if key.lower() == name.lower():
            return _text(value)
    return ""


def site_code(site: SiteArtifacts, params: SiteCodeParams) -> list[CheckResult]:
    """The footer's 网站标识码: present, well formed, equal to the registry code and the SiteIDCode meta."""
    found = _homepage_footer(site)
    if isinstance(found, CheckResult):
        return [found]
    home, footer = found
    code = _text(footer.get("site_code"))
    meta_code = _meta(home.facts, "SiteIDCode")
    registry = site.site.site_code.strip()
    via = _written_by(home, "site_code")
    detail = "；".join(d for d in (f"SiteIDCode={meta_code}" if meta_code else "", via.strip("（）")) if d)
    evidence = [Evidence(url=home.url, text=code, detail=detail)]
    if not code:
        unread = _unread_scripts(home, MARK_LABELS["site_code"])
        if unread is not None:
            return [unread]
        hint = f"（页面元数据SiteIDCode为{meta_code}）" if meta_code else ""
        return [failed(f"首页页脚未标注网站标识码{hint}", home.url, evidence)]
    problems: list[str] = []
    if params.pattern and not re.search(params.pattern, code):
        problems.append(f"网站标识码“{code}”格式不正确（应为10位：6位行政区划代码加4位序号，或bm加8位数字）")
    if registry and code.lower() != registry.lower():
        problems.append(f"页脚网站标识码{code}与登记的标识码{registry}不一致")
    if meta_code and code.lower() != meta_code.lower():
        problems.append(f"页脚网站标识码{code}与页面元数据SiteIDCode（{meta_code}）不一致")
    if problems:
        return [failed("；".join(problems) + via, home.url, evidence)]
    agreed = "，与登记信息一致" if registry else "（名录中无登记的标识码，未比对）"
    return [passed(f"首页页脚标注网站标识码{code}{agreed}{via}", home.url, evidence)]


def footer_mark(site: SiteArtifacts, params: FooterMarkParams) -> list[CheckResult]:
    """One footer mark of the homepage: present and, when a pattern is set, well formed."""
    found = _homepage_footer(site)
    if isinstance(found, CheckResult):
        return [found]
    home, footer = found
    label = MARK_LABELS[params.mark]
    value = _text(footer.get(params.mark))
    via = _written_by(home, params.mark)
    evidence = [Evidence(url=home.url, text=value, detail=via.strip("（）"))]
    if not value:
        unread = _unread_scripts(home, label)
        return [unread or failed(f"首页页脚未发现{label}", home.url, evidence)]
    if params.pattern and not re.search(params.pattern, value):
        return [failed(f"首页页脚{label}“{value}”格式不正确{via}", home.url, evidence)]
    return [passed(f"首页页脚有{label}：{value}{via}", home.url, evidence)]
