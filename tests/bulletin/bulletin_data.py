"""A tiny hand-built run for the bulletin tests (imported by the test modules)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from inspector.bulletin import AccountInfo, BulletinInput, RuleInfo, RunInfo
from inspector.model import Evidence, Finding, Level, Severity, Site, SiteVerdict, Status, Verdict
from inspector.scoring import score_accounts

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


# --- 政务新媒体 accounts (issue 5) ---------------------------------------------------------------------------
# Eight accounts on four platforms; conclusions 合格 ×3 (101, 102, 107), 不合格 ×2 (103, 104), 无法判定 ×3 (105 captcha,
# 106 expired login, 108 no findings at all). Verdicts come from the real scoring of the findings.

CST = timezone(timedelta(hours=8))


def _account_rule(rule_id: str, title: str, failure: str, severity: Severity, points: float) -> RuleInfo:
    return RuleInfo(rule_id, title, failure, severity, points, "国办秘函〔2019〕19号 政务新媒体",
                    f"inspector.checks.media:{rule_id.replace('-', '_')}")


ACCOUNT_RULES: tuple[RuleInfo, ...] = (
    _account_rule("media-update", "两周内有更新", "两周内未更新", Severity.VETO, 0),
    _account_rule("media-quarter-posts", "本季度发文数达标", "本季度发文数不足", Severity.DEDUCT, 10),
    _account_rule("media-longest-gap", "更新间隔正常", "更新间隔过长", Severity.DEDUCT, 5),
    _account_rule("media-zombie", "非僵尸号", "僵尸号", Severity.NOTICE, 0),
    _account_rule("media-name", "账号名称与主办单位相符", "账号名称与主办单位不符", Severity.DEDUCT, 2),
)
MEDIA_UPDATE, MEDIA_POSTS, MEDIA_GAP, MEDIA_ZOMBIE, MEDIA_NAME = ACCOUNT_RULES

ACCOUNTS: tuple[AccountInfo, ...] = (
    AccountInfo(101, "示例市发布", "微信公众号", "示例市人民政府办公室", "示例市人民政府", "正常", True,
                "rss20 feed, 20 posts", "http://bridge.test/wechat/sl", datetime(2026, 11, 18, 10, 30, tzinfo=CST),
                2, 24, False, 9, False),
    AccountInfo(102, "示例市发布", "微博", "示例市人民政府办公室", "示例市人民政府", "正常", True,
                "weibo json, 10 posts", "http://bridge.test/weibo/1", datetime(2026, 11, 19, 1, 0, tzinfo=timezone.utc),
                0, 30, False, 6, False),
    AccountInfo(103, "示例县融媒", "抖音", "示例县融媒体中心", "示例县人民政府", "正常", True,
                "atom feed, 8 posts", "http://bridge.test/douyin/3", datetime(2026, 10, 30, 9, 0, tzinfo=CST),
                21, 4, False, 21, False),
    AccountInfo(104, "示例县教育", "微信公众号", "示例县教育局", "", "正常", True,
                "rss20 feed, 3 posts", "http://bridge.test/wechat/4", datetime(2026, 7, 23, 8, 0, tzinfo=CST),
                120, 0, False, 50, False),
    AccountInfo(105, "示例市教育局", "微博", "示例市教育局", "示例市教育局", "验证码或防火墙拦截", False,
                "http 200 captcha page", "http://bridge.test/weibo/5"),
    AccountInfo(106, "示例县人民政府", "今日头条", "示例县人民政府", "示例县人民政府", "登录失效（Cookie过期）", False,
                "http 403 cookie expired", "http://bridge.test/toutiao/6"),
    AccountInfo(107, "示例市卫健", "微信公众号", "示例市卫生健康委员会", "示例市人民政府", "正常", True,
                "rss20 feed, 12 posts", "http://bridge.test/wechat/7", datetime(2026, 11, 20, 0, 5, tzinfo=CST),
                0, 12, True, 10, True),
    AccountInfo(108, "示例县应急", "抖音", "示例县应急管理局", "示例县人民政府", "无自动数据源", False, "no source"),
)
ACCOUNT_IDS = tuple(a.account_id for a in ACCOUNTS)
ACCOUNT_SITE = {101: 11, 102: 11, 103: 12, 104: 0, 105: 13, 106: 12, 107: 11, 108: 12}


def account_finding(account_id: int, rule: RuleInfo, status: Status, message: str, deduction: float = 0.0) -> Finding:
    """A finding of an account rule (site_id = the account's site, or 0)."""
    return Finding(
        run_id=RUN_ID,
        site_id=ACCOUNT_SITE.get(account_id, 0),
        rule_id=rule.id,
        rule_title=rule.title,
        status=status,
        severity=rule.severity,
        deduction=deduction,
        message=message,
        points_cap=rule.points,
        account_id=account_id,
    )


def _passes(account_id: int, *rules: RuleInfo) -> tuple[Finding, ...]:
    return tuple(account_finding(account_id, rule, Status.PASS, f"{rule.title}") for rule in rules)


CAPTCHA = "数据源被验证码或防火墙拦截（http 200 captcha page），无法判定"
COOKIE = "数据源登录失效（http 403 cookie expired），无法判定"

ACCOUNT_FINDINGS: tuple[Finding, ...] = (
    *_passes(101, MEDIA_UPDATE, MEDIA_POSTS, MEDIA_GAP, MEDIA_ZOMBIE, MEDIA_NAME),
    *_passes(102, MEDIA_UPDATE, MEDIA_POSTS, MEDIA_GAP, MEDIA_ZOMBIE),
    account_finding(102, MEDIA_NAME, Status.FAIL, "账号名称“示例市发布”未体现主办单位", 2.0),
    # 103: stale for 3 weeks — listed here notice-last, deduct-before-veto to prove the sheet sorts by severity
    account_finding(103, MEDIA_GAP, Status.FAIL, "本季度最长21天未更新，超过15天", 5.0),
    account_finding(103, MEDIA_UPDATE, Status.FAIL, "最近更新为2026-10-30，已21天未更新"),
    account_finding(103, MEDIA_POSTS, Status.FAIL, "本季度发文4篇，少于8篇", 10.0),
    *_passes(103, MEDIA_ZOMBIE, MEDIA_NAME),
    # 104: 僵尸号
    account_finding(104, MEDIA_ZOMBIE, Status.FAIL, "已120天未更新，属僵尸号，应关停或整合"),
    account_finding(104, MEDIA_UPDATE, Status.FAIL, "最近更新为2026-07-23，已120天未更新"),
    account_finding(104, MEDIA_POSTS, Status.FAIL, "本季度发文0篇，少于8篇", 10.0),
    account_finding(104, MEDIA_GAP, Status.FAIL, "本季度最长50天未更新，超过15天", 5.0),
    *_passes(104, MEDIA_NAME),
    # 105 / 106: the source could not be read: every activity rule is 无法判定, never 不合格
    *(account_finding(105, rule, Status.INCONCLUSIVE, CAPTCHA) for rule in (MEDIA_UPDATE, MEDIA_POSTS, MEDIA_GAP)),
    *_passes(105, MEDIA_NAME),
    *(account_finding(106, rule, Status.INCONCLUSIVE, COOKIE) for rule in (MEDIA_UPDATE, MEDIA_POSTS, MEDIA_GAP)),
    *_passes(106, MEDIA_NAME),
    # 107: a feed that does not reach the quarter start: the count is a lower bound below the minimum → 无法判定
    *_passes(107, MEDIA_UPDATE, MEDIA_GAP, MEDIA_ZOMBIE, MEDIA_NAME),
    account_finding(107, MEDIA_POSTS, Status.INCONCLUSIVE, "本季度至少发文12篇（数据源未覆盖季度初），无法判定是否达标"),
    # 108: no findings at all
)
ACCOUNT_VERDICTS: dict[int, SiteVerdict] = score_accounts(ACCOUNT_FINDINGS)


def media_input(**changes: object) -> BulletinInput:
    """The standard tiny run plus the eight accounts (account rules in the catalogue), with optional changes."""
    fields: dict[str, object] = {
        "rules": RULES + ACCOUNT_RULES,
        "accounts": ACCOUNTS,
        "account_verdicts": ACCOUNT_VERDICTS,
        "account_findings": ACCOUNT_FINDINGS,
    }
    fields.update(changes)
    return bulletin_input(**fields)
