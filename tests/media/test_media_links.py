"""Links inside posts (`Post.links`): every adapter reads them from real feed bytes — RSS / Atom HTML content, JSON
Feed content_html / content_text, the Weibo mobile JSON's text (wrapped links unwrapped, Weibo's own links dropped)
and a hand-kept CSV's 文中链接 column — and a feed read through a real loopback HTTP server keeps them."""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from inspector.media import CST, Account, Health, Platform, SourceResult, read_account
from inspector.media.adapters import (
    html_links,
    parse_feed,
    parse_json_feed,
    parse_weibo,
    post_links,
    read_manual_csv,
    text_links,
    unwrap_weibo_link,
    weibo_links,
)
from inspector.probes.dns import parse_dns_spec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "media"
LOOPBACK = parse_dns_spec(None, allowed_networks=("127.0.0.0/8", "::1/128"))
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=CST)

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>黄冈发布</title>
    <link>https://mp.weixin.qq.com.test/profile/hgfb</link>
    <description>黄冈发布 - Powered by RSSHub</description>
    <item>
      <title>关于开展2026年度政务公开工作考核的通知</title>
      <link>https://mp.weixin.qq.com.test/s/Post0001</link>
      <description><![CDATA[<p>详见<a href="https://www.huanggang.gov.cn.test/xxgk/tzgg/202611/t20261126_1.shtml#fj">通知原文</a>，
        <img src="https://mmbiz.qpic.cn.test/pic/1.jpg" alt="配图"> 附件见
        <a href="/xxgk/fj/2026/kaohe.pdf">考核细则</a>，咨询请发邮件 <a href="mailto:zwgk@hg.gov.cn.test">邮箱</a>，
        <a href="javascript:void(0)">打印</a> <a href="#top">返回顶部</a>
        <a href="https://mp.weixin.qq.com.test/s/Post0001">本文链接</a></p>]]></description>
      <content:encoded><![CDATA[<section><p>全文请点击
        <a href="https://www.huanggang.gov.cn.test/xxgk/tzgg/202611/t20261126_1.shtml">通知原文</a>。
        办事指南：<a href="https://zwfw.hubei.gov.cn.test/guide/123.html">湖北政务服务网</a>
        <a href="https://www.huanggang.gov.cn.test/xxgk/中文路径/说明.html">说明</a></p></section>]]></content:encoded>
      <pubDate>Thu, 26 Nov 2026 01:30:00 GMT</pubDate>
      <guid isPermaLink="false">https://mp.weixin.qq.com.test/s/Post0001</guid>
    </item>
    <item>
      <title>只有文字的推送</title>
      <link>https://mp.weixin.qq.com.test/s/Post0002</link>
      <description><![CDATA[<p>今天天气晴，请访问 www.huanggang.gov.cn.test 了解更多。<img src="/a.png"></p>]]></description>
      <pubDate>Wed, 25 Nov 2026 01:30:00 GMT</pubDate>
    </item>
    <item>
      <title>没有自己链接的推送</title>
      <description><![CDATA[<a href="news/2026/1124.html">相对链接</a>]]></description>
      <pubDate>Tue, 24 Nov 2026 01:30:00 GMT</pubDate>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>http://bridge.test/toutiao/user/token/hazf</id>
  <title>红安发布 - 今日头条</title>
  <updated>2026-11-05T08:00:00+08:00</updated>
  <entry>
    <id>https://www.toutiao.com.test/article/7300000000000000001/</id>
    <title>红安县开展秋冬季森林防火宣传</title>
    <link rel="alternate" href="https://www.toutiao.com.test/article/7300000000000000001/"/>
    <published>2026-11-05T08:00:00+08:00</published>
    <summary type="html">&lt;p&gt;详见&lt;a href="http://www.hazf.gov.cn.test/zwgk/2026/1105.html"&gt;县政府网站&lt;/a&gt;&lt;/p&gt;</summary>
    <content type="html">&lt;p&gt;&lt;a href="/c/related/1/"&gt;相关&lt;/a&gt; &lt;a href="http://www.hazf.gov.cn.test/zwgk/2026/1105.html"&gt;重复&lt;/a&gt;&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>https://www.toutiao.com.test/article/7300000000000000002/</id>
    <title>XHTML 内容</title>
    <link rel="alternate" href="https://www.toutiao.com.test/article/7300000000000000002/"/>
    <updated>2026-11-04T08:00:00+08:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p><a href="https://www.hazf.gov.cn.test/ztzl/">专题</a></p></div></content>
  </entry>
</feed>
"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "麻城发布 - 抖音",
    "home_page_url": "https://www.douyin.com.test/user/mcfb",
    "items": [
        {
            "id": "1",
            "url": "https://www.douyin.com.test/video/1",
            "title": "麻城菊花节开幕",
            "content_html": '<p>活动详情：<a href="https://www.macheng.gov.cn.test/news/2026/1125.html">麻城市政府网</a>'
                            '<img src="https://p3.douyinpic.com.test/1.jpg"></p>',
            "content_text": "活动详情见https://www.macheng.gov.cn.test/news/2026/1125.html。报名：http://bm.macheng.gov.cn.test/"
                            "form?id=7，咨询(https://www.macheng.gov.cn.test/lxwm/)。本视频：https://www.douyin.com.test/video/1",
            "date_published": "2026-11-25T20:15:00+08:00",
        },
        {
            "id": "2",
            "url": "https://www.douyin.com.test/video/2",
            "external_url": "https://www.macheng.gov.cn.test/zt/jhj/",
            "content_text": "没有链接的正文",
            "date_published": "2026-11-20T09:00:00+08:00",
        },
    ],
}

WEIBO_TEXT = (
    '<a href="https://m.weibo.cn/search?containerid=231522type%3D1%26t%3D10%26q%3D%23黄冈%23&extparam=%23黄冈%23">'
    '<span class="surl-text">#黄冈#</span></a> 【寒潮预警】'
    "<a href='/n/黄冈气象'>@黄冈气象</a> 提醒：详情 "
    '<a data-url="http://t.cn/A6Zabcd1" href="https://weibo.cn/sinaurl?u=https%3A%2F%2Fwww.huanggang.gov.cn%2Fxxgk%2F'
    'tzgg%2F202611%2Ft20261126_2.shtml%23p1" data-hide=""><span class="url-icon"><img src="https://h5.sinaimg.cn/'
    'upload/2015/09/25/3/timeline_card_small_web_default.png"></span><span class="surl-text">网页链接</span></a> '
    '<a href="https://m.weibo.cn/p/index?containerid=2304411234">黄冈发布的视频</a> '
    '<a href="https://wx1.sinaimg.cn/large/abc.jpg">查看图片</a> '
    '<a href="https://weibo.cn/sinaurl?u=https%3A%2F%2Fweibo.com%2Fttarticle%2Fp%2Fshow%3Fid%3D1">头条文章</a> '
    '<a href="https://zwfw.hubei.gov.cn/guide/456.html">湖北政务服务网</a> '
    '<a href="/status/5100000000000009">全文</a>'
)
WEIBO = {
    "ok": 1,
    "data": {
        "cards": [
            {"card_type": 9, "mblog": {"id": "5100000000000009", "created_at": "Thu Nov 26 10:30:00 +0800 2026",
                                       "text": WEIBO_TEXT}},
            {"card_type": 9, "mblog": {"id": "5100000000000008", "created_at": "昨天 08:15",
                                       "text": "没有链接的一条微博"}},
        ]
    },
}


# --- RSS / Atom ------------------------------------------------------------------------------------------------


def test_rss_links_come_from_content_and_description_in_order() -> None:
    parsed = parse_feed(RSS.encode("utf-8"), url="http://bridge.test/wechat/mp/hgfb")
    assert parsed.health is Health.OK
    first, text_only, no_link = parsed.posts
    assert first.links == (
        # content:encoded first, then the description; the fragment goes, duplicates go
        "https://www.huanggang.gov.cn.test/xxgk/tzgg/202611/t20261126_1.shtml",
        "https://zwfw.hubei.gov.cn.test/guide/123.html",
        "https://www.huanggang.gov.cn.test/xxgk/%E4%B8%AD%E6%96%87%E8%B7%AF%E5%BE%84/%E8%AF%B4%E6%98%8E.html",
        # a relative href resolves against the post's own URL (not the bridge)
        "https://mp.weixin.qq.com.test/xxgk/fj/2026/kaohe.pdf",
    )  # no <img src>, mailto:, javascript:, #top, nor the post's own URL
    assert text_only.links == ()  # an address written as text in HTML is not a link; an <img> is not one
    assert no_link.url == "" and no_link.links == ("http://bridge.test/wechat/mp/news/2026/1124.html",)


def test_atom_links_from_summary_and_html_or_xhtml_content() -> None:
    parsed = parse_feed(ATOM.encode("utf-8"), url="http://bridge.test/toutiao/user/token/hazf")
    assert parsed.health is Health.OK
    html_entry, xhtml_entry = parsed.posts
    assert html_entry.links == ("https://www.toutiao.com.test/c/related/1/",
                                "http://www.hazf.gov.cn.test/zwgk/2026/1105.html")
    assert xhtml_entry.links == ("https://www.hazf.gov.cn.test/ztzl/",)


def test_existing_fixture_feed_without_anchors_has_no_links() -> None:
    parsed = parse_feed((FIXTURES / "rsshub-wechat.xml").read_bytes(), url="http://bridge.test/wechat/mp/hgfb")
    assert parsed.health is Health.OK and all(p.links == () for p in parsed.posts)


# --- JSON Feed -------------------------------------------------------------------------------------------------


def test_json_feed_links_from_content_html_content_text_and_external_url() -> None:
    body = json.dumps(JSON_FEED, ensure_ascii=False).encode("utf-8")
    parsed = parse_json_feed(body, url="http://bridge.test/douyin/user/mcfb?format=json")
    assert parsed.health is Health.OK
    first, second = parsed.posts
    assert first.links == (
        "https://www.macheng.gov.cn.test/news/2026/1125.html",  # in both: once
        "http://bm.macheng.gov.cn.test/form?id=7",  # ends at the Chinese comma
        "https://www.macheng.gov.cn.test/lxwm/",  # the unbalanced ")" is punctuation
    )  # the video's own URL in the text is left out
    assert second.links == ("https://www.macheng.gov.cn.test/zt/jhj/",)


# --- Weibo -----------------------------------------------------------------------------------------------------


def test_weibo_links_unwrap_sinaurl_and_drop_weibo_links() -> None:
    body = json.dumps(WEIBO, ensure_ascii=False).encode("utf-8")
    parsed = parse_weibo(body, url="https://m.weibo.cn/api/container/getIndex?containerid=1076031", now=NOW)
    assert parsed.health is Health.OK
    first, plain = parsed.posts
    assert first.url == "https://m.weibo.cn/status/5100000000000009"
    assert first.links == (
        "https://www.huanggang.gov.cn/xxgk/tzgg/202611/t20261126_2.shtml",  # unwrapped, fragment dropped
        "https://zwfw.hubei.gov.cn/guide/456.html",
    )  # no topic search, @mention, video page, sinaimg photo, wrapped weibo article, 全文
    assert plain.links == ()
    assert "网页链接" in first.title and "<" not in first.title


def test_weibo_fixture_topic_link_on_the_demo_host_is_dropped() -> None:
    parsed = parse_weibo((FIXTURES / "weibo-getindex.json").read_bytes(), url="", now=NOW)
    assert [p.links for p in parsed.posts] == [(), (), ()]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://weibo.cn/sinaurl?u=http%3A%2F%2Fwww.hm.gov.cn%2Fa.html", "http://www.hm.gov.cn/a.html"),
        ("https://weibo.cn.test/sinaurl?u=http%3A%2F%2Fwww.hm.gov.cn.test%2Fa.html",  # the farm's demo host
         "http://www.hm.gov.cn.test/a.html"),
        ("https://weibo.cn/sinaurl?u=javascript%3Aalert(1)", None),
        ("https://m.weibo.cn/n/黄梅发布", None),
        ("https://s.weibo.com/weibo?q=%23黄梅%23", None),
        ("https://video.weibo.com/show?fid=1034:1", None),
        ("https://notweibo.com/a", "https://notweibo.com/a"),
        ("http://t.cn/A6Zabcd1", "http://t.cn/A6Zabcd1"),
    ],
)
def test_unwrap_weibo_link(url: str, expected: str | None) -> None:
    assert unwrap_weibo_link(url) == expected


def test_link_helpers() -> None:
    assert html_links('<a href="a.html">a</a><area href="/map.html"><img src="b.png">', "https://x.test/d/p.html") == [
        "https://x.test/d/a.html", "https://x.test/map.html"]
    assert html_links('<a href="a.html">a</a>', "") == []  # relative without any base: dropped
    assert html_links("plain text, no markup", "https://x.test/") == []
    assert text_links("见(http://a.test/x_(y))、http://b.test/q?a=1,2, 以及 ftp://c.test/") == [
        "http://a.test/x_(y)", "http://b.test/q?a=1,2"]
    assert weibo_links('<a href="//weibo.cn/sinaurl?u=https%3A%2F%2Fa.test%2F">x</a>') == ["https://a.test/"]
    assert post_links("https://x.test/p#c", ["https://x.test/p", "https://y.test/"], ["https://y.test/"]) == (
        "https://y.test/",)


# --- manual CSV ------------------------------------------------------------------------------------------------


def test_manual_csv_links_column(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(
        "标题,链接,发布时间,文中链接\n"
        "通知,https://www.chinays.gov.cn.test/xxgk/2026/1124.html,2026-11-24 16:20,"
        '"https://www.chinays.gov.cn.test/a.html#x; /xxgk/b.html  www.chinays.gov.cn.test/c.html；见附件"\n'
        "自引用,https://www.chinays.gov.cn.test/d.html,2026-11-20,"
        "https://www.chinays.gov.cn.test/d.html https://www.chinays.gov.cn.test/a.html\n"
        "无链接,,2026-11-10,\n"
        "无本文链接,,2026-11-09,/relative/only.html https://www.hubei.gov.cn.test/\n",
        encoding="utf-8",
    )
    parsed = read_manual_csv(path)
    assert parsed.health is Health.OK
    assert [p.links for p in parsed.posts] == [
        ("https://www.chinays.gov.cn.test/a.html", "https://www.chinays.gov.cn.test/xxgk/b.html",
         "http://www.chinays.gov.cn.test/c.html"),  # "见附件" is not an address: skipped
        ("https://www.chinays.gov.cn.test/a.html",),  # the post's own URL left out
        (),
        ("https://www.hubei.gov.cn.test/",),  # a relative path needs the post's 链接
    ]


def test_manual_csv_without_links_column_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_bytes((FIXTURES / "manual-posts.csv").read_bytes())
    parsed = read_manual_csv(path)
    assert parsed.health is Health.OK and [p.links for p in parsed.posts] == [(), (), ()]


# --- through a real loopback server ----------------------------------------------------------------------------


class _FeedHandler(BaseHTTPRequestHandler):
    routes: dict[str, tuple[str, bytes]] = {
        "/rsshub/wechat/mp/hgfb": ("application/rss+xml; charset=utf-8", RSS.encode("utf-8")),
        "/api/container/getIndex": ("application/json; charset=utf-8",
                                    json.dumps(WEIBO, ensure_ascii=False).encode("utf-8")),
    }

    def do_GET(self) -> None:  # noqa: N802
        ctype, body = self.routes.get(self.path.split("?")[0], ("text/plain", b"no route"))
        self.send_response(200 if self.path.split("?")[0] in self.routes else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def feed_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _FeedHandler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_links_survive_reading_over_http_and_the_store_round_trip(feed_server: str) -> None:
    account = Account(name="黄冈发布", platform=Platform.WECHAT, owner="黄冈市人民政府新闻办公室",
                      source=f"rss:{feed_server}/rsshub/wechat/mp/hgfb")
    result = asyncio.run(read_account(account, LOOPBACK, default_retry_after=0.05))
    assert result.health is Health.OK
    assert result.posts[0].links[0] == "https://www.huanggang.gov.cn.test/xxgk/tzgg/202611/t20261126_1.shtml"
    assert result.posts[2].links == (f"{feed_server}/rsshub/wechat/mp/news/2026/1124.html",)  # against the feed
    again = SourceResult.from_dict(json.loads(json.dumps(result.to_dict(), ensure_ascii=False)))
    assert [p.links for p in again.posts] == [p.links for p in result.posts]


def test_weibo_links_over_http(feed_server: str) -> None:
    account = Account(name="黄冈发布", platform=Platform.WEIBO,
                      source=f"weibo:{feed_server}/api/container/getIndex?containerid=1076031")
    result = asyncio.run(read_account(account, LOOPBACK, default_retry_after=0.05))
    assert result.health is Health.OK
    assert result.posts[0].links == ("https://www.huanggang.gov.cn/xxgk/tzgg/202611/t20261126_2.shtml",
                                     "https://zwfw.hubei.gov.cn/guide/456.html")


def test_a_url_cut_off_by_the_feed_is_not_a_link() -> None:
    from inspector.media.adapters import text_links

    text = "详见 http://www.hg.gov.cn/art/2026/11/t2026… 以及 http://www.hg.gov.cn/a.html 和 http://www.hg.gov.cn/b..."
    assert text_links(text) == ["http://www.hg.gov.cn/a.html"]
