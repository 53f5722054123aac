from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from inspector.cli import EXIT_CONFIG, EXIT_STORE, EXIT_USAGE, app

runner = CliRunner()
RULES = Path(__file__).resolve().parents[2] / "rules"


def test_every_command_has_help() -> None:
    for args in (["--help"], ["run", "--help"], ["crawl", "--help"], ["check", "--help"], ["bulletin", "--help"],
                 ["demo", "--help"], ["rules", "list", "--help"], ["rules", "show", "--help"], ["page", "--help"],
                 ["farm", "serve", "--help"], ["runs", "--help"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (args, result.output)
        assert "Usage" in result.output


def test_rules_list_and_show() -> None:
    result = runner.invoke(app, ["rules", "list", "--markdown"])
    assert result.exit_code == 0
    ids = sorted(p.stem for p in RULES.glob("*.toml"))
    for rule_id in ids:
        assert f"`{rule_id}`" in result.output
    shown = runner.invoke(app, ["rules", "show", "site-availability"])
    assert shown.exit_code == 0 and "单项否决" in shown.output and "max_failure_ratio" in shown.output
    missing = runner.invoke(app, ["rules", "show", "no-such-rule"])
    assert missing.exit_code == EXIT_USAGE


def test_malformed_rule_folder_exits_3_naming_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "footer-x.toml").write_text('id = "footer-x"\ntitle = "x"\n', encoding="utf-8")
    result = runner.invoke(app, ["rules", "list", "--rules", str(tmp_path)])
    assert result.exit_code == EXIT_CONFIG
    assert "footer-x.toml" in result.output and "key" in result.output


def test_check_unknown_run_exits_4(tmp_path: Path) -> None:
    from inspector.store import Store

    Store(tmp_path / "s.db").close()
    result = runner.invoke(app, ["check", "--run", "7", "--store", str(tmp_path / "s.db")])
    assert result.exit_code == EXIT_STORE and "批次 7 不存在" in result.output


def test_read_only_commands_never_create_a_store(tmp_path: Path) -> None:
    for args in (["check"], ["bulletin"], ["runs"], ["probe"]):
        result = runner.invoke(app, [*args, "--store", str(tmp_path / "typo.db")])
        assert result.exit_code == EXIT_STORE and "存储文件不存在" in result.output, (args, result.output)
    assert not (tmp_path / "typo.db").exists()


def test_unusable_store_url_and_file_exit_4(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    for spec in ("bogus://x", str(junk)):
        result = runner.invoke(app, ["runs", "--store", spec])
        assert result.exit_code == EXIT_STORE, (spec, result.output)
        assert "Traceback" not in result.output


def test_bad_option_values_are_usage_errors(tmp_path: Path) -> None:
    sites = tmp_path / "s.csv"
    sites.write_text("名称,网址,级别\n甲,http://a.gov.cn.test/,city\n", encoding="utf-8")
    # a dead loopback DNS and self-check: even if validation regressed, no traffic could leave the machine
    fence = ["--self-check", "http://127.0.0.1:9/", "--store", str(tmp_path / "x.db")]
    for extra in (["--dns", "not a server:xx"], ["--robots", "maybe", "--dns", "127.0.0.1:9"]):
        result = runner.invoke(app, ["run", "--sites", str(sites), *fence, *extra])
        assert result.exit_code == EXIT_USAGE, (extra, result.output)
    result = runner.invoke(app, ["run", "--sites", str(sites), "--depth", "-1"])
    assert result.exit_code == EXIT_USAGE


def test_empty_rules_folder_is_a_configuration_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["rules", "list", "--rules", str(tmp_path)])
    assert result.exit_code == EXIT_CONFIG and "no rule files" in result.output


def test_page_on_a_saved_gbk_file(tmp_path: Path) -> None:
    html = (
        '<html><head><meta charset="gb2312"><meta name="SiteIDCode" content="4211000001"><title>麻城市人民政府</title></head>'
        '<body><a href="/news/list.asp?id=3">朱镕基 喆 堃</a>'
        '<div class="footer">网站标识码：4211000001 鄂ICP备05002000号-1 鄂公网安备 42118102000123号 发布时间：2026-11-20</div>'
        "</body></html>"
    )
    page = tmp_path / "index.html"
    page.write_bytes(html.encode("gb18030"))
    result = runner.invoke(app, ["page", str(page), "--json", "--url", "http://www.macheng.gov.cn.test/"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"url", "encoding", "meta", "footer", "links", "dates"} <= set(data)
    assert data["encoding"] == "gb18030"
    assert data["meta"]["SiteIDCode"] == "4211000001"
    assert data["footer"]["site_code"] == "4211000001" and data["footer"]["icp"].startswith("鄂ICP备05002000号")
    assert data["links"][0] == {"url": "http://www.macheng.gov.cn.test/news/list.asp?id=3", "text": "朱镕基 喆 堃", "how": "a"}
    assert "2026-11-20" in data["dates"]


def test_page_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["page", str(tmp_path / "nope.html")])
    assert result.exit_code == EXIT_USAGE
