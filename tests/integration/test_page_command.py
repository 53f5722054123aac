"""`inspector page URL --json` on the farm: what the checks see, footer scripts included."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from inspector.cli import app
from inspector.farm import build_farm, run_farm

pytestmark = pytest.mark.farm


def test_page_reads_the_footer_script_like_the_crawl() -> None:
    runner = CliRunner()
    with run_farm(build_farm(), slow_seconds=2.0) as running:
        url = running.url("www.qichun.gov.cn.test")
        result = runner.invoke(app, ["page", url, "--json", "--dns", running.dns_spec])
        gbk = runner.invoke(app, ["page", running.url("www.macheng.gov.cn.test"), "--json", "--dns", running.dns_spec])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["http_status"] == 200
    # 蕲春 writes its whole footer from /js/footer.js, with the seeded wrong ICP (no province abbreviation)
    assert data["footer"]["icp"] == "ICP备05002001号"
    assert data["footer"]["site_code"] == "4211260001"
    assert data["footer_sources"]["site_code"].endswith("/js/footer.js")
    assert any(v == "ok" for v in data["footer_scripts"].values())
    # the GBK site (declares gb2312): decoded as GB18030, and its missing 网站标识码 stays missing
    page = json.loads(gbk.stdout)
    assert page["encoding"] == "gb18030" and not page["footer"]["site_code"]


def test_page_lists_the_required_columns_and_list_items() -> None:
    """Columns by the column rules (rule id, text, URL, how matched) and the list as the spider stores it."""
    runner = CliRunner()
    with run_farm(build_farm(), slow_seconds=2.0) as running:
        home = runner.invoke(app, ["page", running.url("www.xishui.gov.cn.test"), "--json", "--dns", running.dns_spec])
        listing = runner.invoke(app, ["page", running.url("www.macheng.gov.cn.test", "/news/list.asp?id=3"), "--json",
                                      "--dns", running.dns_spec])
    assert home.exit_code == 0 and listing.exit_code == 0, home.output + listing.output
    columns = {c["rule_id"]: c for c in json.loads(home.stdout)["columns"]}
    assert {"column-xxgk-platform", "column-site-search", "column-liubao", "column-interaction"} <= set(columns)
    assert columns["column-xxgk-platform"]["url"].endswith("/zfxxgk/index.html")
    assert all(c["text"] or c["how"] for c in columns.values())
    items = json.loads(listing.stdout)["list_items"]
    assert items and all(i["title"] and i["url"].startswith("http") for i in items)
    assert sum(1 for i in items if i["date"]) >= len(items) - 1  # the GBK list's dates are read


def test_page_on_a_saved_real_list_page(tmp_path) -> None:  # noqa: ANN001
    from pathlib import Path

    page = Path(__file__).resolve().parents[1] / "fixtures" / "extract" / "realpages" / "yichun-zwyw-list.html"
    expect = json.loads(page.with_suffix("").with_suffix(".expect.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(app, ["page", str(page), "--json", "--url", expect["url"]])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(i["title"], i["url"], i["date"]) for i in data["list_items"]] == [
        (i["title"], i["url"], i["date"]) for i in expect["list"]["items"]
    ]
