"""The accounts a portal's 政务新媒体 matrix page lists: hand-written but realistic pages (header, nav, breadcrumbs,
sidebars, footers, share bars around the matrix; one page in GBK) for each layout, with the exact entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.media.accounts import Platform
from inspector.media.artifacts import PortalEntry
from inspector.media.portal import Caption, clean_name, heading_platform, matrix_entries, parse_caption

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "media"
WECHAT, WEIBO, DOUYIN, TOUTIAO, APP, OTHER = (Platform.WECHAT, Platform.WEIBO, Platform.DOUYIN, Platform.TOUTIAO,
                                             Platform.APP, Platform.OTHER)
MENU = {"首页", "政务公开", "网站地图", "政务服务", "互动交流", "政务新媒体", "联系我们", "我要纠错", "办事服务", "搜索"}


def _read(name: str, content_type: str | None = "text/html") -> tuple[PortalEntry, ...]:
    return matrix_entries((FIXTURES / name).read_bytes(), f"http://www.example.gov.cn.test/{name}",
                          content_type=content_type)


def _pairs(entries: tuple[PortalEntry, ...]) -> list[tuple[str, Platform | None]]:
    return [(e.name, e.platform) for e in entries]


def _no_menu_words(entries: tuple[PortalEntry, ...]) -> None:
    assert not {e.name for e in entries} & MENU


# --- the layouts -----------------------------------------------------------------------------------------------


def test_captioned_qr_list_like_the_farm() -> None:
    entries = _read("portal-xmt-captions.html")
    assert _pairs(entries) == [
        ("黄冈发布", WECHAT), ("黄冈发布", WEIBO), ("黄冈市人民政府", DOUYIN), ("黄冈发布", TOUTIAO),
        ("云上黄冈", APP), ("平安黄冈", None),  # a caption without platform words: listed, platform unknown
    ]  # not the top bar's or the footer's QR codes, not the nav
    assert entries[0].text == "黄冈发布（微信公众号）"
    _no_menu_words(entries)


def test_image_only_entries_in_a_gbk_page() -> None:
    raw = (FIXTURES / "portal-images-gbk.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really GBK
    entries = _read("portal-images-gbk.html", content_type="text/html")  # no charset in the header: the meta says
    assert _pairs(entries) == [
        ("浠水发布", WECHAT), ("浠水发布", WEIBO), ("浠水县人民政府", DOUYIN), ("浠水融媒", None),
        ("浠水文旅", OTHER),  # 视频号: its own image, labelled, outside the grid
    ]
    assert entries[1].text == "政务微博：浠水发布"
    _no_menu_words(entries)
    assert matrix_entries(raw, "http://x.test/", content_type="text/html; charset=gbk") == entries


def test_table_with_headers_and_a_rowspan_platform() -> None:
    entries = _read("portal-table.html")
    assert _pairs(entries) == [
        ("红安发布", WECHAT), ("红安县市场监管", WECHAT),  # the platform cell spans both rows
        ("红安发布", WEIBO), ("红安发布", TOUTIAO), ("红安县公安局", DOUYIN),
    ]  # the row without a name is skipped; the layout table's 栏目导航 is not a listing
    assert entries[1].text == "2 红安县市场监管 微信公众号 红安县市场监督管理局"
    _no_menu_words(entries)


def test_sections_under_platform_headings() -> None:
    entries = _read("portal-sections.html")
    assert _pairs(entries) == [
        ("麻城发布", WEIBO), ("平安麻城", WEIBO),
        ("麻城发布", WECHAT), ("麻城市民政", WECHAT), ("麻城文旅", WECHAT),
        ("麻城市民政", DOUYIN), ("麻城融媒", DOUYIN),  # <dl><dt>政务抖音号</dt><dd>…
    ]  # not the dated posts under 官方微博, not 相关链接, not the sidebar's 政策文件 / 政策解读
    _no_menu_words(entries)


def test_explicitly_labelled_lines() -> None:
    entries = _read("portal-labelled.html")
    assert _pairs(entries) == [
        ("英山发布", WECHAT), ("英山发布", WEIBO), ("英山县人民政府", DOUYIN), ("英山融媒", APP),
        ("英山发布", TOUTIAO), ("英山县政务服务", WECHAT),
    ]  # not the introduction ("欢迎通过微信、微博等平台搜索关注"), the phone line or the share bar
    assert [e.text for e in entries][:3] == ["微信公众号：英山发布", "新浪微博：英山发布", "英山县人民政府 | 抖音"]


def test_a_page_without_a_matrix_gives_nothing() -> None:
    assert _read("portal-nothing.html") == ()  # icons beside menu words, banners, a note: no account


def test_same_account_twice_is_listed_once() -> None:
    page = ('<html><body><ul class="xmt"><li><img src="1.png" alt="黄冈发布二维码"><p>黄冈发布（微博）</p></li>'
            '<li><img src="2.png" alt="黄冈发布二维码"><p>黄冈发布（微博）</p></li></ul>'
            "<p>新浪微博：黄冈发布</p></body></html>")
    assert _pairs(matrix_entries(page, "http://x.test/")) == [("黄冈发布", WEIBO)]


# --- layouts the reader must not invent accounts from ----------------------------------------------------------


@pytest.mark.parametrize(
    "page",
    [
        # a list of places under a bare 名称 / 类型 header
        '<html><body><div class="main"><table><tr><th>序号</th><th>名称</th><th>类型</th><th>地址</th></tr>'
        "<tr><td>1</td><td>城东便民服务点</td><td>服务中心</td><td>东门路1号</td></tr>"
        "<tr><td>2</td><td>城西便民服务点</td><td>服务中心</td><td>西门路2号</td></tr></table></div></body></html>",
        # QR images without any name
        '<html><body><ul class="ewm"><li><img src="a.png" alt="二维码图片"></li><li><img src="b.png" alt="图片">'
        "</li></ul></body></html>",
        # a nav without any class, and a share bar
        '<html><body><div><ul><li><a href="/">首页</a></li><li><a>政务公开</a></li><li><a>网站地图</a></li></ul></div>'
        "<div><p>分享到：微信 微博</p></div></body></html>",
        # an article about new media
        '<html><body><div class="article"><h1>关于加强政务新媒体管理的通知</h1><p>各乡镇人民政府，县政府各部门：</p>'
        "<p>为进一步规范政务新媒体（微信公众号、政务微博等）管理，现就有关事项通知如下。</p>"
        "<p>附件：政务新媒体名录</p><p>联系人：张三 电话：0713-1234567</p></div></body></html>",
        # a 新媒体 heading over picture links (slogans), no QR code, no platform
        '<html><body><h1>政务新媒体</h1><div class="pics"><a href="/zt/1/"><img src="/zt1.jpg" alt="优化营商环境"></a>'
        '<a href="/zt/2/"><img src="/zt2.jpg" alt="学习贯彻党的二十大精神"></a></div></body></html>',
        # a header's QR pop-ups (platform only) in a top bar without a furniture class
        '<html><body><div class="tb"><a>微信<span class="ewm"><img src="/wx.jpg" alt="微信二维码"></span></a>'
        '<a>微博<span class="ewm"><img src="/wb.jpg" alt="微博二维码"></span></a></div></body></html>',
        "",
        b"",
        "not html at all",
    ],
)
def test_nothing_recognisable(page: str | bytes) -> None:
    assert matrix_entries(page, "http://x.test/") == ()


def test_a_bold_label_inside_a_line_is_not_a_section_heading() -> None:
    page = ("<html><body><div class=\"content\"><p><strong>微信公众号：</strong>黄冈发布</p><p>其他说明文字</p>"
            "<p><b>新浪微博</b>：黄冈发布</p><p>更新频率较高</p></div></body></html>")
    assert _pairs(matrix_entries(page, "http://x.test/")) == [("黄冈发布", WECHAT), ("黄冈发布", WEIBO)]


def test_images_under_a_platform_heading() -> None:
    page = ('<html><body><div class="content"><h3>微信公众号</h3><p><img src="/a.jpg" alt="黄冈发布"></p>'
            '<p><img src="/b.jpg" alt="黄冈政务服务"></p><h3>政务抖音</h3><p><img src="/c.jpg" alt="黄冈融媒"></p>'
            "<p>说明文字</p></div></body></html>")
    assert _pairs(matrix_entries(page, "http://x.test/")) == [
        ("黄冈发布", WECHAT), ("黄冈政务服务", WECHAT), ("黄冈融媒", DOUYIN)]  # not the note under the images


def test_grid_of_divs_with_qr_images_and_detail_lines() -> None:
    page = ('<html><body><form id="form1"><div class="list">'
            '<div class="item"><img src="/qr/1.jpg"><p>黄冈发布</p><p>微信号：hgfb2016</p></div>'
            '<div class="item"><img src="/qr/2.jpg"><p>平安黄冈</p><p>主办单位：黄冈市公安局</p></div>'
            "</div></form></body></html>")  # inside an ASP.NET page-wide <form>
    entries = matrix_entries(page, "http://x.test/")
    assert _pairs(entries) == [("黄冈发布", WECHAT), ("平安黄冈", None)]


def test_platform_from_a_profile_link() -> None:
    page = ('<html><body><ul class="accounts"><li><img src="/i/1.png" alt="扫码关注"><a href="https://weibo.com/u/1">'
            "黄梅发布</a></li><li><img src=\"/i/2.png\" alt=\"扫码关注\"><a href=\"https://www.douyin.com/user/x\">"
            "黄梅县融媒体中心</a></li></ul></body></html>")
    assert _pairs(matrix_entries(page, "http://x.test/")) == [("黄梅发布", WEIBO), ("黄梅县融媒体中心", DOUYIN)]


# --- captions --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "caption"),
    [
        ("黄冈发布（微信公众号）", Caption("黄冈发布", WECHAT)),
        ("黄冈发布(新浪微博)", Caption("黄冈发布", WEIBO)),
        ("【今日头条】黄冈发布", Caption("黄冈发布", TOUTIAO)),
        ("浠水发布微信公众号二维码", Caption("浠水发布", WECHAT)),
        ("政务微博：浠水发布", Caption("浠水发布", WEIBO)),
        ("微信公众号：黄冈发布", Caption("黄冈发布", WECHAT)),
        ("黄冈发布 | 新浪微博", Caption("黄冈发布", WEIBO)),
        ("新浪微博 黄冈发布", Caption("黄冈发布", WEIBO)),
        ("黄冈发布官方微博", Caption("黄冈发布", WEIBO)),
        ("浠水政务微信公众号二维码", Caption("浠水政务", WECHAT)),  # XX政务 is a name, not 政务微信公众号
        ("黄冈政务微博", Caption("黄冈政务", WEIBO)),
        ("浠水发布政务微博", Caption("浠水发布", WEIBO)),
        ("微博账号：黄冈发布", Caption("黄冈发布", WEIBO)),
        ("扫码关注“黄冈发布”微信公众号", Caption("黄冈发布", WECHAT)),
        ("扫一扫关注黄冈发布", Caption("黄冈发布", None)),
        ("黄冈发布（黄冈市人民政府新闻办公室）", Caption("黄冈发布", None)),
        ("账号名称：黄冈发布", Caption("黄冈发布", None)),
        ("@黄冈发布", Caption("黄冈发布", None)),
        ("黄冈头条", Caption("黄冈头条", None)),  # a bare 头条 ending is part of the name
        ("微信公众号", Caption(None, WECHAT)),
        ("微信号：hgfb2016", Caption(None, WECHAT)),  # an id, not a name
        ("首页", None),
        ("主办单位：黄冈市人民政府办公室", None),
        ("分享到：微信 微博", None),
        ("欢迎通过微信、微博等平台搜索关注。", None),
        ("二维码", None),
    ],
)
def test_parse_caption(text: str, caption: Caption | None) -> None:
    assert parse_caption(text) == caption


def test_strict_captions_need_an_explicit_label() -> None:
    assert parse_caption("微信公众号：黄冈发布", strict=True) == Caption("黄冈发布", WECHAT)
    assert parse_caption("“黄冈发布”微信公众号", strict=True) == Caption("黄冈发布", WECHAT)
    assert parse_caption("黄冈发布微信公众号", strict=True) is None  # no separator: only for an item's caption
    assert parse_caption("黄冈发布", strict=True) is None
    assert parse_caption("账号名称：黄冈发布", strict=True) is None


@pytest.mark.parametrize(
    ("text", "platform"),
    [("政务微博", WEIBO), ("微信公众号", WECHAT), ("政务抖音号", DOUYIN), ("微信公众号矩阵", WECHAT),
     ("今日头条：", TOUTIAO), ("移动客户端", APP), ("政务新媒体", None), ("相关链接", None), ("黄冈发布", None)],
)
def test_heading_platform(text: str, platform: Platform | None) -> None:
    assert heading_platform(text) is platform


@pytest.mark.parametrize("text", ["首页", "网站地图", "版权所有：黄冈市人民政府", "hgfb2016", "黄", "图片", "政务新媒体矩阵",
                                  "黄冈发布，欢迎关注", "www.hg.gov.cn", "微博"])
def test_clean_name_rejects(text: str) -> None:
    assert clean_name(text) is None
