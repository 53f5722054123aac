"""Account registries from real .csv, .xlsx and .toml files: headers in Chinese or English, platform aliases,
sources and the {bridge} placeholder, and every bad row named by its row number and reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from inspector.media import Account, AccountError, Platform, load_accounts, parse_platform, site_for
from inspector.model import Level, Site

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
HEADER = "账号名称,平台,主办单位,所属网站,账号ID,主页地址,数据源\n"


def _csv(tmp_path: Path, body: str, name: str = "accounts.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_example_registries_load() -> None:
    demo = load_accounts(EXAMPLES / "demo-accounts.toml", bridge="http://bridge.test:8123/")
    assert {a.platform for a in demo} == set(Platform)
    assert demo[0].source == "rss:http://bridge.test:8123/wechat/mp/hgfb"
    for account in demo:
        kind, target = account.source_kind, account.source_target
        if kind and kind != "manual":
            assert ".test:" in target  # demo hosts only
    huanggang = load_accounts(EXAMPLES / "huanggang-accounts.csv")
    assert huanggang and all(a.account_id == "" and a.source == "" for a in huanggang)  # nothing invented
    assert "地址待核实后使用" in (EXAMPLES / "huanggang-accounts.csv").read_text(encoding="utf-8").splitlines()[0]


def test_csv_with_chinese_headers_aliases_and_sources(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        HEADER
        + "黄冈发布,公众号,黄冈市人民政府新闻办公室,4211000001,,mp.weixin.qq.com.test/hgfb,rss:{bridge}/wechat/mp/hgfb\n"
        + "黄冈发布,新浪微博,黄冈市人民政府新闻办公室,黄冈市人民政府,1000000001.0,,"
          "WEIBO:http://m.weibo.cn.test/api/container/getIndex?containerid=1076031000000001\n"
        + "红安发布,头条号,红安县人民政府办公室,,,,json:http://bridge.test/toutiao/hazf.json\n"
        + "掌上黄冈,APP,黄冈市人民政府办公室,,,,manual:posts/zshg.csv\n"
        + "团风发布,视频号,团风县人民政府办公室,,,,\n"
        + "麻城发布,Douyin,麻城市人民政府办公室,,,,http://bridge.test/douyin/user/mcfb\n"
        + ",,,,,,\n",  # a blank row is skipped
    )
    accounts = load_accounts(path, bridge="http://bridge.test:8123/")
    assert [a.platform for a in accounts] == [
        Platform.WECHAT, Platform.WEIBO, Platform.TOUTIAO, Platform.APP, Platform.OTHER, Platform.DOUYIN,
    ]
    first = accounts[0]
    assert first.url == "http://mp.weixin.qq.com.test/hgfb" and first.site == "4211000001"
    assert first.source == "rss:http://bridge.test:8123/wechat/mp/hgfb" and not first.needs_bridge
    assert accounts[1].account_id == "1000000001"  # typed as a number
    assert accounts[1].source_kind == "weibo"
    assert accounts[2].source == "jsonfeed:http://bridge.test/toutiao/hazf.json"
    assert accounts[3].source == f"manual:{tmp_path / 'posts' / 'zshg.csv'}"
    assert accounts[4].source == "" and accounts[4].source_kind == ""
    assert accounts[5].source == "rss:http://bridge.test/douyin/user/mcfb"  # a bare address is a feed
    assert Platform.WEIBO.label == "微博" and first.key == ("黄冈发布", Platform.WECHAT)


def test_bridge_placeholder_kept_without_a_bridge(tmp_path: Path) -> None:
    path = _csv(tmp_path, "name,platform,source\n黄冈发布,weibo,rss:{bridge}/weibo/user/1\n")
    (account,) = load_accounts(path)
    assert account.needs_bridge and account.source == "rss:{bridge}/weibo/user/1"


def test_english_headers_comment_lines_and_duplicates(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "# 地址待核实后使用 / verify before use\n# second comment\n"
        "name,platform,owner,site,account_id,url,source\n"
        "黄冈发布,wechat,市政府新闻办,,,,\n"
        "黄冈发布,微信公众号,市政府新闻办,,,,\n"
        "黄冈发布,unknown-one,市政府新闻办,,,,\n",
    )
    with pytest.raises(AccountError) as info:
        load_accounts(path)
    assert f"{path}: row 6:" in str(info.value)  # comment lines count in the row numbers
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:-1]) + "\n", encoding="utf-8")
    accounts = load_accounts(path)
    assert len(accounts) == 2 and accounts[0].key == accounts[1].key  # duplicates are for the checks


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",微博,某单位,,,,", "账号名称 is empty"),
        ("某账号,,某单位,,,,", "平台 is empty"),
        ("某账号,脸书,某单位,,,,", "平台 '脸书' is not one of 微信公众号/微博/抖音/今日头条/客户端/其他"),
        ("某账号,微博,某单位,,,,gopher:http://x.test/feed", "unknown kind 'gopher'"),
        ("某账号,微博,某单位,,,,feed.xml", "has no kind"),
        ("某账号,微博,某单位,,,,rss:ftp://x.test/feed", "is not an http(s) address"),
        ("某账号,微博,某单位,,,,rss:", "nothing after rss:"),
        ("某账号,微博,某单位,,,,rss:{bridge}/weibo/user/{uid}", "unknown placeholder {uid}"),
        ("某账号,微博,某单位,,,,weibo:http://x.test:99999/api", "invalid port"),
        ("某账号,微博,某单位,,,ftp://x.test/,", "主页地址 'ftp://x.test/' is not an http(s) address"),
    ],
)
def test_bad_row_names_row_and_reason(tmp_path: Path, row: str, reason: str) -> None:
    path = _csv(tmp_path, HEADER + "好账号,微信公众号,某单位,,,,\n" + row + "\n")
    with pytest.raises(AccountError) as info:
        load_accounts(path)
    message = str(info.value)
    assert message.startswith(f"{path}: row 3:") and reason in message


def test_file_level_errors(tmp_path: Path) -> None:
    with pytest.raises(AccountError, match="row 1: missing column.*平台"):
        load_accounts(_csv(tmp_path, "账号名称,主办单位\n甲,乙\n"))
    with pytest.raises(AccountError, match="has no accounts"):
        load_accounts(_csv(tmp_path, HEADER, name="empty.csv"))
    with pytest.raises(AccountError, match="unsupported registry format"):
        load_accounts(_csv(tmp_path, HEADER, name="accounts.txt"))
    with pytest.raises(AccountError, match="文件不存在"):
        load_accounts(tmp_path / "nope.csv")
    gbk = tmp_path / "gbk.csv"
    gbk.write_bytes((HEADER + "黄冈发布,微博,黄冈市,,,,\n").encode("gb18030"))
    assert load_accounts(gbk)[0].name == "黄冈发布"


def test_xlsx_registry_with_numbers_and_a_bad_row(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["账号名称", "平台", "主办单位", "所属网站", "账号ID", "主页地址", "数据源"])
    ws.append(["黄冈发布", "微博", "黄冈市人民政府新闻办公室", 4211000001, 1000000001, None,
               "weibo:http://m.weibo.cn.test/api/container/getIndex?containerid=1076031000000001"])
    ws.append([None, None, None, None, None, None, None])
    ws.append(["红安发布", "抖音", "红安县人民政府办公室", "红安县人民政府", None, None, None])
    path = tmp_path / "accounts.xlsx"
    wb.save(path)
    accounts = load_accounts(path)
    assert [a.name for a in accounts] == ["黄冈发布", "红安发布"]
    assert accounts[0].site == "4211000001" and accounts[0].account_id == "1000000001"
    assert accounts[1].platform is Platform.DOUYIN and accounts[1].source == ""

    ws.append(["坏账号", "微博", "某单位", None, None, None, "weibo:not-an-address"])
    wb.save(path)
    with pytest.raises(AccountError) as info:
        load_accounts(path)
    assert str(info.value).startswith(f"{path}: row 5:") and "not an http(s) address" in str(info.value)

    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(AccountError, match="not a readable .xlsx"):
        load_accounts(broken)


def test_toml_registry_and_its_errors(tmp_path: Path) -> None:
    path = tmp_path / "accounts.toml"
    path.write_text(
        '[[account]]\nname = "黄冈发布"\nplatform = "wechat"\nsource = "rss:{bridge}/wechat/mp/hgfb"\n\n'
        '[[account]]\n"账号名称" = "黄冈发布"\n"平台" = "微博"\n"账号ID" = 1000000001\n'
        '"数据源" = "weibo:http://m.weibo.cn.test/api/container/getIndex?containerid=1"\n',
        encoding="utf-8",
    )
    accounts = load_accounts(path, bridge="http://127.0.0.1:8123")
    assert accounts[0].source == "rss:http://127.0.0.1:8123/wechat/mp/hgfb"
    assert accounts[1].platform is Platform.WEIBO and accounts[1].account_id == "1000000001"

    path.write_text('[[account]]\nname = "甲"\nplatform = "微博"\n\n[[account]]\nname = "乙"\nplatform = "论坛"\n',
                    encoding="utf-8")
    with pytest.raises(AccountError) as info:
        load_accounts(path)
    assert str(info.value).startswith(f"{path}: account #2:") and "平台 '论坛'" in str(info.value)
    path.write_text("[[account]\nname=", encoding="utf-8")
    with pytest.raises(AccountError, match="invalid TOML"):
        load_accounts(path)
    path.write_text('[site]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(AccountError, match=r"expected \[\[account\]\] tables"):
        load_accounts(path)


def test_platform_aliases_and_site_lookup() -> None:
    assert parse_platform("WeChat") is Platform.WECHAT and parse_platform(" 微 信 公众号 ") is Platform.WECHAT
    assert parse_platform("今日头条") is Platform.TOUTIAO and parse_platform("mobile-app") is Platform.APP
    assert parse_platform("快手") is Platform.OTHER and parse_platform("myspace") is None
    sites = [Site("黄冈市人民政府", "http://a.test/", Level.CITY, "4211000001"),
             Site("红安县人民政府", "http://b.test/", Level.COUNTY)]
    by_code = Account("黄冈发布", Platform.WEIBO, site="4211000001")
    by_name = Account("红安发布", Platform.WECHAT, site="红安县人民政府")
    assert site_for(by_code, sites) is sites[0] and site_for(by_name, sites) is sites[1]
    assert site_for(Account("甲", Platform.APP, site="不存在"), sites) is None
    assert site_for(Account("乙", Platform.APP), sites) is None
