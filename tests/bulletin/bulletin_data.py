"""A tiny hand-built run for the bulletin tests (imported by the test modules)."""

from __future__ import annotations

from datetime import date

from inspector.bulletin import BulletinInput, RuleInfo, RunInfo
from inspector.model import Evidence, Finding, Level, Severity, Site, SiteVerdict, Status, Verdict

RUN_ID = 7

SITES: tuple[tuple[int, Site], ...] = (
    (11, Site("示例市人民政府", "http://www.city.test/", Level.CITY, "4211000001", "示例市")),
    (12, Site("示例县人民政府", "http://www.county.test/", Level.COUNTY, "4211220002", "示例县")),
    (13, Site("示例市教育局", "https://edu.city.test/", Level.DEPARTMENT, "4211000003", "示例市")),
)

RULES: tuple[RuleInfo, ...] = (
    RuleInfo(
        id="site-reachable",
        title="首页可以访问",
        failure_title="首页无法访问",
        severity=Severity.VETO,
        points=0,
        reference="国办秘函〔2019〕19号 单项否决 1",
        check="inspector.checks.availability:homepage",
    ),
    RuleInfo(
        id="links-homepage",
        title="首页链接可用",
        failure_title="首页存在不可用链接",
        severity=Severity.DEDUCT,
        points=5,
        reference="国办秘函〔2019〕19号 扣分指标 互动回应",
        check="inspector.checks.links:broken",
    ),
    RuleInfo(
        id="links-inner",
        title="其他页面链接可用",
        failure_title="其他页面存在不可用链接",
        severity=Severity.DEDUCT,
        points=5,
        reference="国办秘函〔2019〕19号 扣分指标",
        check="inspector.checks.links:broken",
    ),
    RuleInfo(
        id="footer-site-code",
        title="页脚展示网站标识码",
        failure_title="页脚缺少网站标识码",
        severity=Severity.NOTICE,
        points=0,
        reference="国办发〔2017〕47号",
        check="inspector.checks.footer:footer_identifiers",
    ),
)

LINK_RULES = frozenset({"links-homepage", "links-inner"})

FORMULA_TEXTS = ('=HYPERLINK("http://evil.test/","点我")', "+1", "-2", "@SUM(A1:A2)", "\t=1+1", " =2+2")


def _finding(site_id: int, rule: RuleInfo, status: Status, message: str, **kw: object) -> Finding:
    return Finding(
        run_id=RUN_ID,
        site_id=site_id,
        rule_id=rule.id,
        rule_title=rule.title,
        status=status,
        severity=rule.severity,
        deduction=kw.pop("deduction", 0.0),  # type: ignore[arg-type]
        message=message,
        points_cap=rule.points,
        **kw,  # type: ignore[arg-type]
    )


REACH, HOME_LINKS, INNER_LINKS, FOOTER = RULES

FINDINGS: tuple[Finding, ...] = (
    # site 11: everything passes except a footer notice
    _finding(11, REACH, Status.PASS, "首页可以访问"),
    _finding(11, HOME_LINKS, Status.PASS, "首页链接均可用"),
    _finding(11, INNER_LINKS, Status.PASS, "其他页面链接均可用"),
    _finding(11, FOOTER, Status.FAIL, FORMULA_TEXTS[5] + " 页脚未发现网站标识码"),
    # site 12: veto fail, a broken inner link whose text looks like a formula
    _finding(
        12,
        REACH,
        Status.FAIL,
        "首页无法访问：http 503",
        subject="http://www.county.test/",
        evidence=(Evidence(url="http://www.county.test/", detail="http 503", http_status=503),),
    ),
    _finding(
        12,
        INNER_LINKS,
        Status.FAIL,
        FORMULA_TEXTS[0],
        deduction=2.0,
        evidence=(
            Evidence(
                url="http://www.county.test/a.html",
                referrer="http://www.county.test/list.html",
                text=FORMULA_TEXTS[1],
                detail="http 404",
                http_status=404,
            ),
            Evidence(
                url="http://www.county.test/b.html",
                referrer="http://www.county.test/list.html",
                text=FORMULA_TEXTS[2],
                detail="dns: NXDOMAIN",
            ),
            Evidence(
                url="=cmd|' /C calc'!A0",
                referrer="http://www.county.test/list.html",
                text=FORMULA_TEXTS[3],
                detail=FORMULA_TEXTS[4],
            ),
        ),
    ),
    # a site-level link finding (no link, no evidence): listed in 问题明细, never in 断链明细
    _finding(
        12,
        HOME_LINKS,
        Status.INCONCLUSIVE,
        "首页无法访问：服务器错误（HTTP 503），无法检查首页链接",
        subject="http://www.county.test/",
    ),
    _finding(12, FOOTER, Status.NOT_APPLICABLE, "首页无法访问，不适用"),
    # site 13: a homepage link behind a WAF (inconclusive), the rest passes
    _finding(13, REACH, Status.PASS, "首页可以访问"),
    _finding(
        13,
        HOME_LINKS,
        Status.INCONCLUSIVE,
        "链接被防火墙拦截，无法判定",
        subject="https://edu.city.test/notice.html",
        evidence=(
            Evidence(
                url="https://edu.city.test/notice.html",
                referrer="https://edu.city.test/",
                text="通知公告",
                detail="http 412 challenge",
                http_status=412,
            ),
        ),
    ),
    _finding(13, FOOTER, Status.PASS, "页脚有网站标识码"),
)

VERDICTS: dict[int, SiteVerdict] = {
    11: SiteVerdict(11, 100.0, Verdict.PASS, (), 1, 0),
    12: SiteVerdict(12, 97.96, Verdict.FAIL, ("首页无法访问", "网站不可用"), 2, 1),
    13: SiteVerdict(13, 100.0, Verdict.INCONCLUSIVE, (), 0, 1),
}

RUN = RunInfo(
    run_id=RUN_ID,
    as_of=date(2026, 11, 20),
    started_at="2026-11-20T08:00:00+08:00",
    finished_at="2026-11-20T09:30:00+08:00",
    quarter="2026Q4",
    notes=("检查端网络自检失败一次，已重试", "=1+2 是一条怪备注"),
)


def bulletin_input(**changes: object) -> BulletinInput:
    """The standard tiny run, with optional field replacements."""
    fields: dict[str, object] = {
        "run": RUN,
        "sites": SITES,
        "verdicts": VERDICTS,
        "findings": FINDINGS,
        "rules": RULES,
        "link_rule_ids": LINK_RULES,
    }
    fields.update(changes)
    return BulletinInput(**fields)  # type: ignore[arg-type]
