from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from inspector.model import Level
from inspector.targets import TargetError, load_sites, write_sites_csv

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _csv(tmp_path: Path, body: str, name: str = "sites.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_example_registry_loads() -> None:
    sites = load_sites(EXAMPLES / "huanggang-sites.csv")
    assert sites[0].name == "黄冈市人民政府" and sites[0].level is Level.CITY
    assert {s.level for s in sites[1:]} == {Level.COUNTY}
    assert any(s.site_code == "4211240002" for s in sites)


def test_demo_toml_registry_loads() -> None:
    sites = load_sites(EXAMPLES / "demo-sites.toml")
    assert sites[0].url == "http://www.huanggang.gov.cn.test:8123/" and sites[0].host == "www.huanggang.gov.cn.test"


def test_csv_with_chinese_levels_and_port(tmp_path: Path) -> None:
    path = _csv(tmp_path, "名称,网址,级别,网站标识码,地区\n某局,http://a.gov.cn.test:8080,部门,4211000002,黄冈\n某镇,b.gov.cn,乡镇,,\n")
    sites = load_sites(path)
    assert sites[0].url == "http://a.gov.cn.test:8080/" and sites[0].level is Level.DEPARTMENT
    assert sites[1].url == "http://b.gov.cn/" and sites[1].level is Level.TOWNSHIP


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("黄冈,http://x.gov.cn/,province,,", "级别 'province'"),
        (",http://x.gov.cn/,city,,", "名称 is empty"),
        ("黄冈,ftp://x.gov.cn/,city,,", "not an http(s) address"),
        ("黄冈,http://x.gov.cn/,city,42110,", "网站标识码 '42110'"),
        ("黄冈,http://x.gov.cn:99999/,city,,", "invalid port"),
    ],
)
def test_bad_row_names_row_and_reason(tmp_path: Path, row: str, reason: str) -> None:
    path = _csv(tmp_path, "名称,网址,级别,网站标识码,地区\n好,http://ok.gov.cn/,city,,\n" + row + "\n")
    with pytest.raises(TargetError) as info:
        load_sites(path)
    message = str(info.value)
    assert f"{path}: row 3:" in message and reason in message


def test_missing_column_and_duplicates(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match="missing column"):
        load_sites(_csv(tmp_path, "名称,级别\n甲,city\n"))
    with pytest.raises(TargetError, match="row 3: duplicate"):
        load_sites(_csv(tmp_path, "名称,网址,级别\n甲,http://a.gov.cn/,city\n乙,http://a.gov.cn,county\n", "d.csv"))


def test_xlsx_registry_and_numeric_code(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["名称", "网址", "级别", "网站标识码", "地区"])
    ws.append(["黄冈市人民政府", "http://www.hg.gov.cn/", "市级", 4211000001, "黄冈市"])
    ws.append([None, None, None, None, None])
    ws.append(["坏行", "http://bad.gov.cn/", "省级", None, None])
    path = tmp_path / "sites.xlsx"
    wb.save(path)
    with pytest.raises(TargetError, match=r"row 4: 级别 '省级'"):
        load_sites(path)
    ws.delete_rows(4)
    wb.save(path)
    sites = load_sites(path)
    assert sites[0].site_code == "4211000001" and sites[0].level is Level.CITY


def test_round_trip_csv(tmp_path: Path) -> None:
    sites = load_sites(EXAMPLES / "huanggang-sites.csv")
    again = load_sites(write_sites_csv(sites, tmp_path / "out.csv"))
    assert again == sites


def test_unsupported_and_missing(tmp_path: Path) -> None:
    with pytest.raises(TargetError, match="not found"):
        load_sites(tmp_path / "none.csv")
    (tmp_path / "x.json").write_text("{}")
    with pytest.raises(TargetError, match="unsupported"):
        load_sites(tmp_path / "x.json")
