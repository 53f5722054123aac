"""Chinese wording of a source's short English detail ("http 503", "captcha or verification page (http 200)" ...):
what the analyst reads in findings, the 政务新媒体 sheet and `inspector account`; the English stays in the store."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

logger = logging.getLogger(__name__)

_RULES: tuple[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE | re.DOTALL), template)
    for pattern, template in (
        (r"^no source configured$", "登记表未填写数据源"),
        (r"^source needs a bridge base URL.*$", "数据源需要数据桥地址（--bridge）"),
        (r"^redirected to a visitor verification page \(http (\d+)\)$", r"被重定向到访客验证页面（HTTP \1）"),
        # the bridge's own words (often English) stay in the store and in `inspector account --json`
        (r"^bridge says the cookie or login expired \(http (\d+)\):.*$", r"数据桥提示Cookie或登录已失效（HTTP \1），需由运维人员更新"),
        (r"^bridge met a captcha \(http (\d+)\):.*$", r"数据桥遇到验证码（HTTP \1）"),
        (r"^bridge error item in the feed:.*$", "数据桥在订阅中返回了错误条目（没有真实文章）"),
        (r"^http 401 \(login required\)$", "HTTP 401（需要登录）"),
        (r"^redirected to a login page \(http (\d+)\)$", r"被重定向到登录页面（HTTP \1）"),
        (r"^captcha or verification page \(http (\d+)\)$", r"返回验证码或验证页面（HTTP \1）"),
        (r"^cookie or login expired \(http (\d+)\):.*$", r"Cookie或登录已失效（HTTP \1）"),
        (r"^http (\d+) rate limited after retries$", r"HTTP \1，重试后仍被限流"),
        (r"^http (\d+)$", r"HTTP \1"),
        (r"^empty response$", "返回内容为空"),
        (r"^an HTML page instead of the data$", "返回的是网页而不是订阅数据"),
        (r"^unknown source kind (.*)$", r"未知的数据源类型 \1"),
        (r"^malformed feed:\s*(.*)$", r"订阅源格式错误：\1"),
        (r"^not an RSS or Atom feed$", "不是RSS或Atom订阅源"),
        (r"^valid \S+ feed without items$", "订阅源有效，但没有文章"),
        (r"^(\S+) feed, (\d+) posts, (\d+) without a date$", r"\1订阅源，\2篇文章（\3篇无发布时间）"),
        (r"^(\S+) feed, (\d+) posts$", r"\1订阅源，\2篇文章"),
        (r"^(.+), (\d+) posts, (\d+) without a date$", r"\1，\2篇文章（\3篇无发布时间）"),
        (r"^(.+), (\d+) posts$", r"\1，\2篇文章"),
        (r"^invalid JSON:\s*(.*)$", r"JSON格式错误：\1"),
        (r"^not a JSON Feed.*$", "不是JSON Feed（缺少jsonfeed.org版本号）"),
        (r"^JSON Feed without an items list$", "JSON Feed缺少items列表"),
        (r"^JSON Feed item is not an object$", "JSON Feed条目格式错误"),
        (r"^valid JSON Feed without items$", "JSON Feed有效，但没有文章"),
        (r"^not a Weibo API answer.*$", "不是微博接口的返回格式"),
        (r"^weibo wants a login \(ok=([^)]*)\)\s*(.*)$", r"微博要求登录（ok=\1）\2"),
        (r"^weibo says too frequent \(ok=([^)]*)\)\s*(.*)$", r"微博提示访问过于频繁（ok=\1）\2"),
        (r"^weibo asks for verification \(ok=([^)]*)\)\s*(.*)$", r"微博要求验证（ok=\1）\2"),
        (r"^weibo answered ok=(\S+) without data\s*(.*)$", r"微博接口返回ok=\1但没有数据\2"),
        (r"^Weibo answer without data\.cards$", "微博接口返回缺少data.cards"),
        (r"^valid Weibo answer without posts$", "微博接口返回有效，但没有微博"),
        (r"^file not found:\s*(.*)$", r"文件不存在：\1"),
        (r"^cannot read (.*?):\s*(.*)$", r"无法读取文件\1：\2"),
        (r"^(.*): cannot decode \(use UTF-8\)$", r"\1：无法解码（请使用UTF-8编码）"),
        (r"^(.*): row 1: needs columns .*$", r"\1：第1行缺少“标题”或“链接”列及“发布时间”列"),
        (r"^(.*): row (\d+): 发布时间 '(.*)' is not a date$", r"\1：第\2行的发布时间“\3”无法识别（请写成2026-11-05或2026-11-05 10:30）"),
        (r"^manual list without posts$", "人工登记的文章列表为空"),
        (r"^invalid address:\s*(.*)$", r"地址无效：\1"),
        (r"^response larger than (\d+) bytes \(cut\)$", r"返回内容超过\1字节（已截断）"),
    )
)


def detail_label(detail: str) -> str:
    """The Chinese wording of a source detail; network failures read as the link checks say them (连接超时,
    域名无法解析, 连接被拒绝 ...). Quoted answers of the bridge or platform (after a colon) are kept as they came, and
    so is a detail this table does not know."""
    text = " ".join((detail or "").split())
    if not text:
        return ""
    for pattern, template in _RULES:
        m = pattern.match(text)
        if m:
            return m.expand(template) if isinstance(template, str) else template(m)
    if _NETWORK.match(text):
        from inspector.checks._common import problem_label

        return problem_label(text)
    return text  # an unforeseen detail: shown as it came rather than guessed at


_NETWORK = re.compile(r"^(?:timeout|.*timed out|refused|dns:|connect error|redirect loop|ssl|tls|remote protocol|read error)",
                      re.IGNORECASE)
