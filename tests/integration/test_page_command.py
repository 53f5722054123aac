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
