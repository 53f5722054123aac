"""The rules/media-*.toml files: every one loads with inspector.rules.load_rule, runs through the engine
(evaluate_account for account rules, evaluate for the site rule), and the engine stamps account ids, titles and
deductions; the whole rules/ folder still loads."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from inspector.engine import evaluate, evaluate_account
from inspector.errors import RuleError
from inspector.media import CST, Account, Health, Platform, Post, SourceResult
from inspector.media.artifacts import AccountArtifacts, PortalEntry, PortalListing
from inspector.model import Level, ProbeRecord, Severity, Site, SiteArtifacts, Status
from inspector.rules import Rule, default_rules_dir, load_rule, load_rules

RULES_DIR = default_rules_dir()
MEDIA_IDS = (
    "media-update", "media-quarter-posts", "media-longest-gap", "media-zombie", "media-name", "media-duplicate",
    "media-portal-listed", "media-portal-unregistered", "media-post-links",
)  # fmt: skip
ACCOUNT_IDS = tuple(i for i in MEDIA_IDS if i != "media-portal-unregistered")
AS_OF, Q_START, Q_END = date(2026, 11, 26), date(2026, 10, 1), date(2026, 12, 31)
SITE = Site("红安县人民政府", "http://www.hazf.gov.cn.test/", Level.COUNTY, "4211220001")
MATRIX = "http://www.hazf.gov.cn.test/zwxmt/"


def media_rules() -> list[Rule]:
    return [load_rule(RULES_DIR / f"{rule_id}.toml") for rule_id in MEDIA_IDS]


def posts(last_days_ago: int, count: int, step: int) -> tuple[Post, ...]:
    out = []
    for i in range(count):
        day = AS_OF - timedelta(days=last_days_ago + i * step)
        links = ("http://www.hazf.gov.cn.test/zwgk/gone.html",) if i == 0 else ()
        out.append(Post(f"第{i}条", f"http://mp.weixin.qq.com.test/s/{i}",
                        datetime(day.year, day.month, day.day, 10, tzinfo=CST), links))
    return tuple(out)


def account_artifacts(account: Account, src: SourceResult | None, **extra: object) -> AccountArtifacts:
    fields: dict[str, object] = {
        "account_id": 42, "account": account, "as_of": AS_OF, "quarter_start": Q_START, "quarter_end": Q_END,
        "site_id": 3, "site": SITE, "source": src, "registry": (account,), **extra,
    }
    return AccountArtifacts(**fields)  # type: ignore[arg-type]


def feed(items: tuple[Post, ...], health: Health = Health.OK, detail: str = "rss20 feed") -> SourceResult:
    return SourceResult("rss:http://bridge.test/x", health, detail, datetime(2026, 11, 26, 6, tzinfo=CST), items,
                        200, "http://bridge.test/x", 1)


def test_every_media_rule_file_loads() -> None:
    files = sorted(p.stem for p in RULES_DIR.glob("media-*.toml"))
    assert files == sorted(MEDIA_IDS)
    for rule in media_rules():
        assert rule.for_accounts is (rule.id != "media-portal-unregistered")
        assert rule.check.startswith("inspector.checks.media:")
        assert rule.title != rule.failure_title and rule.reference and rule.description
        assert rule.confidence_mark in ("C", "V", "S", "U") and len(rule.confidence) > 2
        if rule.for_accounts:
            assert set(rule.applies_to) == set(Platform)
        else:
            assert set(rule.applies_to) == set(Level)
    by_id = {r.id: r for r in media_rules()}
    assert by_id["media-update"].severity is Severity.VETO and by_id["media-update"].params.max_days == 14
    assert by_id["media-zombie"].params.days == 90 and by_id["media-zombie"].severity is Severity.NOTICE
    assert by_id["media-quarter-posts"].params.per_quarter == 6
    assert by_id["media-longest-gap"].params.max_days == 14
    assert (by_id["media-post-links"].deduction, by_id["media-post-links"].points) == (2.0, 10.0)
    for rule_id in ("media-quarter-posts", "media-longest-gap", "media-name", "media-post-links"):
        assert by_id[rule_id].severity is Severity.DEDUCT and by_id[rule_id].confidence_mark == "U"


def test_the_whole_rules_folder_still_loads() -> None:
    rules = load_rules()
    ids = {r.id for r in rules}
    assert set(MEDIA_IDS) <= ids
    assert "site-availability" in ids and "column-update" in ids
    assert sum(r.for_accounts for r in rules) == len(ACCOUNT_IDS)


def test_evaluate_account_stamps_the_account_and_deducts() -> None:
    account = Account("某某美食", Platform.WECHAT, owner="红安县人民政府办公室", url="http://mp.test/x")
    twin = Account("红安政务", Platform.WECHAT, owner="红安县人民政府办公室")
    stale = posts(21, 12, 3)  # the latest 21 days ago, 3-day steps back to mid-September
    link = ProbeRecord(3, "media-link", "http://www.hazf.gov.cn.test/zwgk/gone.html", False, 404, error="http 404",
                       outcome="broken", data={"post": stale[0].url, "post_title": stale[0].title,
                                               "published": stale[0].published.isoformat() if stale[0].published
                                               else None})
    portal = PortalListing("read", MATRIX, entries=(PortalEntry("红安发布", Platform.WECHAT),))
    art = account_artifacts(account, feed(stale), links=(link,), portal=portal, registry=(account, twin))
    rules = media_rules()
    findings = evaluate_account(rules, art, run_id=5)
    assert {f.rule_id for f in findings} == set(ACCOUNT_IDS)  # the site rule is skipped
    assert all(f.account_id == 42 and f.site_id == 3 and f.run_id == 5 for f in findings)
    status = {f.rule_id: f.status for f in findings}
    assert status == {
        "media-update": Status.FAIL, "media-quarter-posts": Status.PASS, "media-longest-gap": Status.FAIL,
        "media-zombie": Status.PASS, "media-name": Status.FAIL, "media-duplicate": Status.FAIL,
        "media-portal-listed": Status.FAIL, "media-post-links": Status.FAIL,
    }  # fmt: skip
    by_id = {f.rule_id: f for f in findings}
    rule_of = {r.id: r for r in rules}
    for rule_id, f in by_id.items():
        rule = rule_of[rule_id]
        assert f.rule_title == (rule.failure_title if f.status is Status.FAIL else rule.title)
        assert f.rule_sha == rule.sha and f.points_cap == rule.points
    assert by_id["media-update"].deduction == 0 and by_id["media-update"].severity is Severity.VETO
    assert by_id["media-longest-gap"].deduction == 10
    assert by_id["media-name"].deduction == 5
    assert by_id["media-post-links"].deduction == 2 and by_id["media-post-links"].subject == link.target
    assert by_id["media-duplicate"].deduction == 0  # a notice


def test_broken_sources_are_never_a_failure_through_the_engine() -> None:
    account = Account("红安发布", Platform.DOUYIN, owner="红安县人民政府办公室")
    for health in (Health.CAPTCHA, Health.AUTH_EXPIRED, Health.EMPTY, Health.HTTP_ERROR, Health.UNSUPPORTED):
        findings = evaluate_account(media_rules(), account_artifacts(account, feed((), health, "x")), run_id=1)
        activity = [f for f in findings if f.rule_id in ("media-update", "media-quarter-posts", "media-longest-gap",
                                                          "media-zombie")]
        assert [f.status for f in activity] == [Status.INCONCLUSIVE] * 4, health
        assert not [f for f in findings if f.status is Status.FAIL], health
    findings = evaluate_account(media_rules(), account_artifacts(account, None), run_id=1)
    assert not [f for f in findings if f.status is Status.FAIL]
    assert {f.status for f in findings if f.rule_id == "media-update"} == {Status.INCONCLUSIVE}


def test_an_active_account_passes_through_the_engine() -> None:
    account = Account("红安发布", Platform.WECHAT, owner="红安县人民政府办公室")
    art = account_artifacts(account, feed(posts(1, 40, 2)),
                            portal=PortalListing("read", MATRIX, entries=(PortalEntry("微信公众号：红安发布"),)))
    findings = evaluate_account(media_rules(), art, run_id=1)
    status = {f.rule_id: f.status for f in findings}
    assert status.pop("media-post-links") is Status.NOT_APPLICABLE  # the post's own-site link was not probed
    assert set(status.values()) == {Status.PASS}, {k: v for k, v in status.items() if v is not Status.PASS}


def test_account_rules_skip_platforms_outside_applies_to(tmp_path: Path) -> None:
    text = (RULES_DIR / "media-update.toml").read_text(encoding="utf-8")
    text = text.replace('target        = "account"', 'target        = "account"\napplies_to    = ["weibo"]')
    path = tmp_path / "media-update.toml"
    path.write_text(text, encoding="utf-8")
    rule = load_rule(path)
    assert rule.applies_to == (Platform.WEIBO,)
    account = Account("红安发布", Platform.WECHAT)
    [finding] = evaluate_account([rule], account_artifacts(account, feed(posts(30, 3, 5))), run_id=1)
    assert finding.status is Status.NOT_APPLICABLE and "微信公众号" in finding.message


@pytest.mark.parametrize(
    ("rule_id", "line", "key"),
    [
        ("media-update", "max_days = 14", "params.max_days"),
        ("media-zombie", "days = 90", "params.days"),
        ("media-quarter-posts", "per_quarter     = 6", "params.per_quarter"),
    ],
)
def test_out_of_range_params_fail_at_load(tmp_path: Path, rule_id: str, line: str, key: str) -> None:
    text = (RULES_DIR / f"{rule_id}.toml").read_text(encoding="utf-8")
    assert line in text
    path = tmp_path / f"{rule_id}.toml"
    path.write_text(text.replace(line, line.split("=")[0] + "= 0"), encoding="utf-8")
    with pytest.raises(RuleError, match=key.replace(".", r"\.")):
        load_rule(path)


def test_the_site_rule_runs_through_evaluate() -> None:
    rules = media_rules()
    registry = (Account("红安发布", Platform.WECHAT),)
    listing = PortalListing("read", MATRIX, entries=(PortalEntry("红安发布"), PortalEntry("红安融媒", Platform.DOUYIN)))
    probe = ProbeRecord(3, "media-matrix", MATRIX, True, 200, data=listing.to_data())
    site = SiteArtifacts(3, SITE, AS_OF, (), (), (probe,), accounts=registry)
    [finding] = evaluate(rules, site, run_id=9)  # account rules are skipped by evaluate
    assert finding.rule_id == "media-portal-unregistered" and finding.status is Status.FAIL
    assert finding.account_id is None and finding.site_id == 3 and finding.subject == MATRIX
    assert "抖音账号“红安融媒”" in finding.message and finding.deduction == 0
    [none] = evaluate(rules, SiteArtifacts(3, SITE, AS_OF, (), (), ()), run_id=9)
    assert none.status is Status.NOT_APPLICABLE
