"""Chinese wording of a source's short English detail ("http 503", "captcha or verification page (http 200)" ...):
what the analyst reads in findings, the 政务新媒体 sheet and `inspector account`; the English stays in the store."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

logger = logging.getLogger(__name__)


def _posts(m: re.Match[str], what: str) -> str:
    undated = f"（{m['undated']}篇无发布时间）" if m["undated"] else ""
    return f"{what}，{m['count']}篇文章{undated}"


_POSTS = r", (?P<count>\d+) posts(?:, (?P<undated>\d+) without a date)?$"
#: Operating-system errors of reading a manual file, as the analyst reads them.
_OS_ERRORS = (("permission denied", "没有读取权限"), ("is a directory", "是文件夹而不是文件"),
              ("no such file", "文件不存在"), ("not a directory", "路径不正确"))


def _os_error(m: re.Match[str]) -> str:
    why = next((label for word, label in _OS_ERRORS if word in m[2].lower()), "读取出错")
    return f"无法读取文件{m[1]}（{why}）"


def _bad_row_time(m: re.Match[str]) -> str:
    """"…: row 3: 发布时间 '2026-13-45' is not a date" (perhaps cut short by the adapter's length limit)."""
    value = m[3].strip()
    cut = value.endswith("…")
    value = value.rstrip("…")
    tail = "' is not a date"
    ending = next((tail[:k] for k in range(len(tail), 0, -1) if value.endswith(tail[:k])), "")
    value = value[: len(value) - len(ending)].lstrip("'") + ("…" if cut and not ending else "")
    return f"{m[1]}：第{m[2]}行的发布时间“{value}”无法识别（请写成2026-11-05或2026-11-05 10:30）"


def _platform_said(m: re.Match[str], what: str) -> str:
    said = m["said"].strip()
    return f"{what}（ok={m['ok']}）" + (f"：{said}" if said else "")


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
        (r"^malformed feed:.*$", "订阅源格式错误，无法解析"),
        (r"^not an RSS or Atom feed$", "不是RSS或Atom订阅源"),
        (r"^valid \S+ feed without items$", "订阅源有效，但没有文章"),
        (r"^Weibo JSON" + _POSTS, lambda m: _posts(m, "微博接口数据")),
        (r"^manual list" + _POSTS, lambda m: _posts(m, "人工登记的文章列表")),
        (r"^(?P<version>\S+) feed" + _POSTS, lambda m: _posts(m, f"{m['version']}订阅源")),
        (r"^(?P<what>.+?)" + _POSTS, lambda m: _posts(m, m["what"])),
        (r"^invalid JSON:.*$", "返回内容不是有效的JSON"),
        (r"^not a JSON Feed.*$", "不是JSON Feed（缺少jsonfeed.org版本号）"),
        (r"^JSON Feed without an items list$", "JSON Feed缺少items列表"),
        (r"^JSON Feed item is not an object$", "JSON Feed条目格式错误"),
        (r"^valid JSON Feed without items$", "JSON Feed有效，但没有文章"),
        (r"^not a Weibo API answer.*$", "不是微博接口的返回格式"),
        (r"^weibo wants a login \(ok=(?P<ok>[^)]*)\)\s*(?P<said>.*)$", lambda m: _platform_said(m, "微博要求登录")),
        (r"^weibo says too frequent \(ok=(?P<ok>[^)]*)\)\s*(?P<said>.*)$",
         lambda m: _platform_said(m, "微博提示访问过于频繁")),
        (r"^weibo asks for verification \(ok=(?P<ok>[^)]*)\)\s*(?P<said>.*)$", lambda m: _platform_said(m, "微博要求验证")),
        (r"^weibo answered ok=(?P<ok>\S+) without data\s*(?P<said>.*)$",
         lambda m: _platform_said(m, "微博接口没有返回数据")),
        (r"^Weibo answer without data\.cards$", "微博接口返回缺少data.cards"),
        (r"^valid Weibo answer without posts$", "微博接口返回有效，但没有微博"),
        (r"^file not found:\s*(.*)$", r"文件不存在：\1"),
        (r"^cannot read (.*?):\s*(.*)$", _os_error),
        (r"^(.*): cannot decode \(use UTF-8\)$", r"\1：无法解码（请使用UTF-8编码）"),
        (r"^(.*): row 1: needs columns .*$", r"\1：第1行缺少“标题”或“链接”列及“发布时间”列"),
        (r"^(.*): row (\d+): 发布时间 (.*)$", _bad_row_time),
        (r"^manual list without posts$", "人工登记的文章列表为空"),
        (r"^invalid address:.*$", "数据源地址无效"),
        (r"^internal error:.*$", "读取数据源时检查工具内部出错（详见运行日志）"),
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


#: Network failures (inspector.probes.http.describe_error / describe_timeout): "read timeout", "refused", "dns: …",
#: "connect error: …", and an httpx exception named by its class ("RemoteProtocolError: Server disconnected …").
_NETWORK = re.compile(r"^(?:(?:read )?timeout|.*timed out|refused|dns:|connect error|redirect loop|ssl|tls|remote protocol|"
                      r"read error)|^[A-Z][A-Za-z]*(?:Error|Timeout|Protocol|Exception)\b", re.IGNORECASE)
