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
    result = runner.invoke(app, ["check", "--run", "7", "--store", str(tmp_path / "s.db")])
    assert result.exit_code == EXIT_STORE and "run 7 not found" in result.output


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
