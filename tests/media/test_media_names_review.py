"""Adversarial review of the registry-level judgements: account names against their 主办单位 (a deduction: real
政务新媒体 names must pass), duplicates (one account listed twice is not two accounts of a unit), and the
portal comparison (traditional characters, national and provincial accounts, near misses)."""

from __future__ import annotations

import pytest

from inspector.media.accounts import Account, Platform
from inspector.media.activity import (
    duplicates,
    higher_level,
    name_matches_owner,
    near_portal_entries,
    normalize_name,
    owner_core,
    portal_matches,
    unregistered_entries,
)
from inspector.media.artifacts import PortalEntry

WECHAT, WEIBO, DOUYIN = Platform.WECHAT, Platform.WEIBO, Platform.DOUYIN


@pytest.mark.parametrize(
    ("name", "owner"),
    [
        # the unit's usual short form, one character per word
        ("黄冈医保", "黄冈市医疗保障局"),
        ("黄冈科技", "黄冈市科学技术局"),
        ("黄冈经信", "黄冈市经济和信息化局"),
        ("黄冈城管", "黄冈市城市管理执法委员会"),
        ("黄冈妇联", "黄冈市妇女联合会"),
        ("黄冈残联", "黄冈市残疾人联合会"),
        ("黄冈侨联", "黄冈市归国华侨联合会"),
        ("黄冈民宗", "黄冈市民族宗教事务委员会"),
        ("黄冈国资", "黄冈市人民政府国有资产监督管理委员会"),
        ("黄冈社保", "黄冈市社会保险管理中心"),
        ("黄冈公积金", "黄冈市住房公积金中心"),
        ("红安教体", "红安县教育体育局"),
        ("黄冈检察", "黄冈市人民检察院"),
        ("黄冈中院", "黄冈市中级人民法院"),
        # Party and mass organisations: the name before the place
        ("黄冈发布", "中共黄冈市委宣传部"),
        ("黄冈组工", "中共黄冈市委组织部"),
        ("黄冈统战", "中共黄冈市委统战部"),
        ("清廉黄冈", "中共黄冈市纪律检查委员会"),
        ("青春黄冈", "共青团黄冈市委员会"),
        ("黄冈政协", "政协黄冈市委员会"),
        ("黄冈发布", "黄冈市委网信办"),
        # places the owner writes in a longer form
        ("龙感湖发布", "黄冈市龙感湖管理区管理委员会"),
        ("东湖发布", "武汉东湖新技术开发区管理委员会"),
        ("黄冈高新区发布", "黄冈高新技术产业开发区管理委员会"),
        ("浦东发布", "上海市浦东新区人民政府"),
        ("新疆发布", "新疆维吾尔自治区人民政府"),
        ("鄂汇办", "湖北省政务服务和大数据管理局"),
        ("黄冈12345", "黄冈市12345市民服务热线"),
        # a unit below a unit: its own place
        ("黄州公安", "黄冈市公安局黄州分局"),
        ("黄冈交警", "黄冈市公安局交通警察支队"),
        # traditional characters
        ("黃岡發佈", "黄冈市人民政府办公室"),
        ("紅安教育", "紅安縣教育局"),
        # what the brief names
        ("平安黄冈", "黄冈市公安局"),
        ("黄冈教育发布", "黄冈市教育局"),
        ("健康黄冈", "黄冈市卫生健康委员会"),
        ("黄冈人社", "黄冈市人力资源和社会保障局"),
        ("黄冈税务", "国家税务总局黄冈市税务局"),
        ("中国黄冈", "黄冈市人民政府"),
        ("红安发布", "红安县人民政府办公室"),
        ("掌上黄冈", "黄冈市人民政府办公室"),
        ("黄冈市场监管", "黄冈市市场监督管理局"),
        ("麻城发布", "麻城市人民政府"),
        ("黄州发布", "黄冈市黄州区人民政府"),
        ("路口发布", "路口镇人民政府"),
        ("长阳发布", "长阳土家族自治县人民政府"),
        ("鄂东晨报", "黄冈日报社"),  # no place in the owner to compare with: no evidence of a mismatch
    ],
)
def test_real_account_names_carry_their_owner(name: str, owner: str) -> None:
    assert name_matches_owner(name, owner) is True


@pytest.mark.parametrize(
    ("name", "owner"),
    [
        ("红安发布", "红安县教育局"),  # a department with a government's name
        ("黄冈发布", "黄冈市公安局"),
        ("黄冈美食", "黄冈市文化和旅游局"),
        ("黄冈发布", "共青团黄冈市委员会"),
        ("清廉黄冈", "黄冈市卫生健康委员会"),
        ("麻城发布", "黄冈市人民政府办公室"),  # another place
        ("黄冈教育", "红安县教育局"),
        ("东坡赤壁", "黄冈市文化和旅游局"),  # a nickname without the place
        ("美食天地", "黄冈市公安局黄州分局"),
    ],
)
def test_names_that_do_not_carry_their_owner_still_fail(name: str, owner: str) -> None:
    assert name_matches_owner(name, owner) is False


def test_owner_core_of_party_and_prefixed_owners() -> None:
    assert owner_core("中共黄冈市委宣传部") == ("黄冈", "")  # a comprehensive publicity unit: the place is enough
    assert owner_core("中共黄冈市委组织部") == ("黄冈", "组织")
    assert owner_core("共青团黄冈市委员会") == ("黄冈", "共青团")
    assert owner_core("黄冈市龙感湖管理区管理委员会") == ("龙感湖", "")
    assert owner_core("黄冈市12345市民服务热线")[0] == "黄冈"  # digits are not a place


def test_normalize_name_reads_traditional_characters() -> None:
    assert normalize_name("黃岡 發佈") == normalize_name("黄冈发布") == "黄冈发布"


# --- duplicates -------------------------------------------------------------------------------------------------


def test_an_account_listed_twice_is_not_two_accounts_of_its_unit() -> None:
    a = Account("黄冈发布", WECHAT, owner="黄冈市人民政府办公室")
    again = Account("黄冈发布", WECHAT, owner="黄冈市人民政府办公室")
    with_url = Account("黄冈发布", WECHAT, owner="黄冈市人民政府办公室", url="https://mp.weixin.qq.com/hgfb")
    assert duplicates([a, again]) == []
    assert duplicates([a, with_url]) == []
    other_id = Account("黄冈发布", WECHAT, owner="黄冈市人民政府办公室", account_id="hgfb2")
    first_id = Account("黄冈发布", WECHAT, owner="黄冈市人民政府办公室", account_id="hgfb")
    assert duplicates([first_id, other_id]) == [(first_id, other_id)]  # two accounts of one name: a real pair


def test_one_unit_written_two_ways_is_one_unit() -> None:
    a = Account("黄冈发布", WECHAT, owner="黄冈市人民政府办公室")
    b = Account("黄冈政务", WECHAT, owner="黄冈市政府办公室")
    assert duplicates([a, b]) == [(a, b)]
    no_owner = [Account("麻城发布", DOUYIN), Account("麻城 发布", DOUYIN)]
    assert duplicates(no_owner) == [tuple(no_owner)]  # no owner: the same name twice is still shown


# --- the portal comparison --------------------------------------------------------------------------------------


def test_traditional_characters_on_the_portal_match_the_registry() -> None:
    account = Account("黄冈发布", WECHAT)
    assert portal_matches(account, PortalEntry("黃岡發佈", WECHAT))
    assert portal_matches(account, "黃岡發佈（微信公眾號）")
    assert unregistered_entries([account], [PortalEntry("黃岡發佈", WECHAT)]) == []


def test_national_and_provincial_accounts_are_not_the_registrys() -> None:
    registry = [Account("黄冈发布", WECHAT, owner="黄冈市人民政府办公室"),
                Account("红安发布", WECHAT, owner="红安县人民政府办公室")]
    entries = [PortalEntry("国务院客户端"), PortalEntry("中国政府网", WECHAT), PortalEntry("湖北发布", WEIBO),
               PortalEntry("湖北黄冈发布", WEIBO), PortalEntry("团风发布", WECHAT), PortalEntry("中国黄冈", WECHAT)]
    assert [e.name for e in unregistered_entries(registry, entries)] == ["湖北黄冈发布", "团风发布", "中国黄冈"]
    provincial = [Account("湖北发布", WEIBO, owner="湖北省人民政府新闻办公室")]
    assert not higher_level("湖北教育", provincial)  # a provincial registry: 湖北's accounts are its own
    assert higher_level("湖北教育", registry)


def test_a_name_inside_a_longer_caption_is_a_near_miss() -> None:
    account = Account("平安黄冈", WEIBO)
    entries = [PortalEntry("黄冈市公安局平安黄冈"), PortalEntry("平安黄冈", DOUYIN), PortalEntry("黄冈发布", WEIBO)]
    assert near_portal_entries(account, entries) == [entries[0]]  # another platform or another name is no near miss
    assert near_portal_entries(Account("平安黄冈", WEIBO), [PortalEntry("平安黄冈", WEIBO)]) == []


def test_a_page_listing_the_unit_on_the_accounts_platform_lists_the_account() -> None:
    weibo = Account("黄冈发布", WEIBO, owner="黄冈市人民政府新闻办公室")
    assert portal_matches(weibo, PortalEntry("黄冈市人民政府新闻办公室", WEIBO))
    assert portal_matches(weibo, PortalEntry("黄冈市政府新闻办公室", WEIBO))  # 人民政府 written 政府
    assert not portal_matches(weibo, PortalEntry("黄冈市人民政府新闻办公室", WECHAT))  # another platform
    assert not portal_matches(weibo, PortalEntry("黄冈市人民政府新闻办公室"))  # no platform: not enough
    assert unregistered_entries([weibo], [PortalEntry("黄冈市人民政府新闻办公室", WEIBO)]) == []


def test_other_and_app_accounts_are_not_on_one_platform_unless_the_registry_says_so() -> None:
    owner = "黄冈市人民政府办公室"
    channels = Account("黄冈发布", Platform.OTHER, owner=owner, url="https://channels.weixin.qq.com/hgfb")
    kuaishou = Account("黄冈发布", Platform.OTHER, owner=owner, url="https://www.kuaishou.com/profile/hgfb")
    bilibili = Account("黄冈发布", Platform.OTHER, owner=owner, source="rss:{bridge}/bilibili/user/video/123")
    unknown = Account("黄冈融媒", Platform.OTHER, owner=owner)
    assert duplicates([channels, kuaishou, bilibili, unknown]) == []  # 视频号, 快手, B站: one account each
    second = Account("黄冈政务", Platform.OTHER, owner=owner, url="https://www.kuaishou.com/profile/hgzw")
    assert duplicates([channels, kuaishou, second]) == [(kuaishou, second)]
    apps = [Account("云上黄冈", Platform.APP, owner=owner), Account("黄冈政务服务", Platform.APP, owner=owner)]
    assert duplicates(apps) == []  # two apps are two platforms, not two accounts on one
    assert duplicates([Account("黄冈发布", Platform.OTHER), Account("黄冈发布", Platform.OTHER)]) == []


def test_names_compare_without_case() -> None:
    assert portal_matches(Account("Hello黄冈", WECHAT), PortalEntry("HELLO黄冈", WECHAT))


def test_a_name_written_with_its_county_is_a_near_miss() -> None:
    account = Account("红安发布", WECHAT)
    entries = [PortalEntry("红安县发布", WECHAT), PortalEntry("麻城发布", WECHAT)]
    assert near_portal_entries(account, entries) == [entries[0]]
