"""Source details read in Chinese: every detail the adapters and readers write has a wording, network failures read
as the link checks say them, and an unknown detail is shown as it came (never guessed into something else)."""

from __future__ import annotations

import pytest

from inspector.media.labels import detail_label


@pytest.mark.parametrize(("detail", "label"), [
    ("no source configured", "登记表未填写数据源"),
    ("source needs a bridge base URL (--bridge)", "数据源需要数据桥地址（--bridge）"),
    ("captcha or verification page (http 200)", "返回验证码或验证页面（HTTP 200）"),
    ("bridge says the cookie or login expired (http 503): ConfigNotFoundError: 微博 Cookie 已过期",
     "数据桥提示Cookie或登录已失效（HTTP 503），需由运维人员更新"),
    ("posts.csv: row 3: 发布时间 '昨天' is not a date",
     "posts.csv：第3行的发布时间“昨天”无法识别（请写成2026-11-05或2026-11-05 10:30）"),
    ("http 429 rate limited after retries", "HTTP 429，重试后仍被限流"),
    ("http 404", "HTTP 404"),
    ("bridge error item in the feed: Bridge returned error 500! (RuntimeException)", "数据桥在订阅中返回了错误条目（没有真实文章）"),
    ("an HTML page instead of the data", "返回的是网页而不是订阅数据"),
    ("valid rss20 feed without items", "订阅源有效，但没有文章"),
    ("rss20 feed, 20 posts", "rss20订阅源，20篇文章"),
    ("atom10 feed, 15 posts, 2 without a date", "atom10订阅源，15篇文章（2篇无发布时间）"),
    ("weibo wants a login (ok=-100)", "微博要求登录（ok=-100）"),
    ("file not found: posts.csv", "文件不存在：posts.csv"),
    ("timeout", "连接超时"),
    ("dns: nxdomain", "域名无法解析"),
    ("refused", "连接被拒绝"),
    ("something new", "something new"),
    ("", ""),
])
def test_detail_label(detail: str, label: str) -> None:
    assert detail_label(detail) == label
