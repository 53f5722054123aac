"""`inspector account` and `--accounts` on the farm: one account read and judged now, registry errors named by row,
{bridge} sources refused without --bridge, and accounts left 无法判定 when the inspector's own network is down."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.farm import build_farm, run_farm
from inspector.farm.manifest import write_accounts_csv

pytestmark = pytest.mark.farm

TODAY = date(2026, 11, 26)


def _statuses(report: dict) -> dict[str, str]:
    return {c["rule_id"]: c["status"] for c in report["checks"]}


def test_account_by_name_reads_every_platform_of_that_name(tmp_path: Path) -> None:
    runner = CliRunner()
    with run_farm(build_farm(today=TODAY), slow_seconds=2.0) as running:
        registry = write_accounts_csv(running.accounts(), tmp_path / "accounts.csv")
        result = runner.invoke(app, ["account", "黄冈发布", "--accounts", str(registry), "--dns", running.dns_spec,
                                     "--as-of", TODAY.isoformat(), "--json"])
        weibo = runner.invoke(app, ["account", "黄冈发布", "--platform", "微博", "--accounts", str(registry),
                                    "--dns", running.dns_spec, "--as-of", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    assert [r["account"]["platform"] for r in reports] == ["wechat", "weibo"]
    for report in reports:
        assert report["source"]["health"] == "ok" and report["activity"]["days_since_latest"] == 1
        assert _statuses(report)["media-update"] == "pass"
        assert report["source"]["posts"] and all(p["published"] for p in report["source"]["posts"])
    assert weibo.exit_code == 0, weibo.output
    assert "黄冈发布" in weibo.stdout and "微博" in weibo.stdout and "数据源状态" in weibo.stdout
    assert "微信公众号" not in weibo.stdout  # --platform picked one account


def test_account_by_source_address_judges_what_the_source_shows() -> None:
    runner = CliRunner()
    with run_farm(build_farm(today=TODAY), slow_seconds=2.0) as running:
        stale = runner.invoke(app, ["account", "atom:" + running.url("bridge.test", "/toutiao/user/token/hazf"),
                                    "--dns", running.dns_spec, "--as-of", TODAY.isoformat(), "--json"])
        captcha = runner.invoke(app, ["account", running.url("bridge.test", "/douyin/user/mcmz"),
                                      "--dns", running.dns_spec, "--as-of", TODAY.isoformat(), "--json"])
    assert stale.exit_code == 0 and captcha.exit_code == 0, stale.output + captcha.output
    stale_report = json.loads(stale.stdout)
    assert stale_report["activity"]["days_since_latest"] == 21
    assert _statuses(stale_report)["media-update"] == "fail"
    captcha_report = json.loads(captcha.stdout)
    assert captcha_report["source"]["health"] == "captcha"
    assert _statuses(captcha_report)["media-update"] == "inconclusive"  # no data is never "not updated"
    assert "验证码" in next(c["message"] for c in captcha_report["checks"] if c["rule_id"] == "media-update")


def test_unknown_account_name_and_bad_registry_rows_are_clear_errors(tmp_path: Path) -> None:
    runner = CliRunner()
    registry = tmp_path / "accounts.csv"
    registry.write_text("账号名称,平台,主办单位\n黄冈发布,微信公众号,黄冈市人民政府新闻办公室\n", encoding="utf-8")
    missing = runner.invoke(app, ["account", "黄冈日报", "--accounts", str(registry)])
    assert missing.exit_code == 2 and "黄冈日报" in missing.output
    bad = tmp_path / "bad.csv"
    bad.write_text("账号名称,平台\n黄冈发布,微信公众号\n黄冈发布,广播电台\n", encoding="utf-8")
    result = runner.invoke(app, ["account", "黄冈发布", "--accounts", str(bad)])
    assert result.exit_code == 3 and "row 3" in result.output and "广播电台" in result.output, result.output


def test_run_refuses_bridge_sources_without_a_bridge(tmp_path: Path) -> None:
    runner = CliRunner()
    sites = tmp_path / "sites.csv"
    sites.write_text("名称,网址,级别\n黄冈市人民政府,http://www.huanggang.gov.cn.test/,city\n", encoding="utf-8")
    accounts = tmp_path / "accounts.toml"
    accounts.write_text('[[account]]\nname = "黄冈发布"\nplatform = "wechat"\nsource = "rss:{bridge}/wechat/mp/hgfb"\n',
                        encoding="utf-8")
    result = runner.invoke(app, ["run", "--sites", str(sites), "--accounts", str(accounts), "--store",
                                 str(tmp_path / "x.db"), "--dns", "127.0.0.1:9"])
    assert result.exit_code == 2 and "--bridge" in result.output and "黄冈发布" in result.output, result.output
    assert not (tmp_path / "x.db").exists()  # stopped before anything was stored


def test_run_refuses_an_account_whose_site_is_not_in_the_site_registry(tmp_path: Path) -> None:
    runner = CliRunner()
    sites = tmp_path / "sites.csv"
    sites.write_text("名称,网址,级别,网站标识码\n黄冈市人民政府,http://www.huanggang.gov.cn.test/,city,4211000001\n",
                     encoding="utf-8")
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("账号名称,平台,所属网站\n黄冈发布,微信公众号,4211000001\n红安发布,微博,9999999999\n",
                        encoding="utf-8")
    result = runner.invoke(app, ["run", "--sites", str(sites), "--accounts", str(accounts), "--store",
                                 str(tmp_path / "x.db"), "--dns", "127.0.0.1:9"])
    assert result.exit_code == 3, result.output
    assert "row 3" in result.output and "9999999999" in result.output and "所属网站" in result.output
    assert not (tmp_path / "x.db").exists()


def test_account_report_leaves_out_what_needs_a_run_and_gives_a_verdict(tmp_path: Path) -> None:
    runner = CliRunner()
    with run_farm(build_farm(today=TODAY), slow_seconds=2.0) as running:
        registry = write_accounts_csv(running.accounts(), tmp_path / "accounts.csv")
        stale = runner.invoke(app, ["account", "红安发布", "--accounts", str(registry), "--dns", running.dns_spec,
                                    "--as-of", TODAY.isoformat(), "--json"])
        text = runner.invoke(app, ["account", "红安发布", "--accounts", str(registry), "--dns", running.dns_spec,
                                   "--as-of", TODAY.isoformat()])
        wrong_platform = runner.invoke(app, ["account", "红安发布", "--platform", "抖音", "--accounts", str(registry)])
    report = json.loads(stale.stdout)
    assert report["verdict"] == "不合格" and report["vetoes"]
    assert report["checks"][0]["rule_id"] == "media-update"  # 单项否决 first
    assert not {"media-portal-listed", "media-post-links"} & set(_statuses(report))
    assert "结论" in text.stdout and "不合格" in text.stdout and "需 inspector run" in text.stdout
    assert wrong_platform.exit_code == 2 and "今日头条" in wrong_platform.output  # the platforms it does have
