"""Tell WAF / anti-bot challenges and soft-404 pages from real content (field-guide: hostile responses).

A WAF answer means "cannot verify" (Outcome.WAF, inconclusive), never "broken". A soft 404 is a 2xx page that
says the page does not exist. A normal article that merely mentions 404 or 页面不存在 is neither.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from inspector.extract._dom import (
    HtmlElement,
    element_text,
    hides,
    norm_space,
    parse_html,
    shown_lines,
    tag_name,
    visible_text,
)

logger = logging.getLogger(__name__)

WAF = "waf"
SOFT_404 = "soft_404"

# --- WAF / anti-bot -----------------------------------------------------------------------------------------
WAF_STATUSES = frozenset({412})  # 瑞数 answers its first challenge with 412
CHALLENGE_STATUSES = frozenset({200, 202, 403, 405, 406, 501, 503, 520, 521})  # 429: rate limiting, not ours
# Script-level markers of JS challenges: 瑞数 ($_ts), 加速乐 / 创宇 (__jsl_clearance).
WAF_SCRIPT_MARKERS: tuple[re.Pattern[str], ...] = (
    re.compile(r"\$_ts\s*=\s*window\["),
    re.compile(r"\$_ts\s*\.\s*(?:nsd|cd|lcd)\b"),
    re.compile(r"window\s*\[\s*['\"]\$_ts['\"]\s*\]"),
    re.compile(r"__jsl_clearance"),
    # set a cookie, then reload: 加速乐-style first stage with an obfuscated cookie name
    re.compile(r"document\.cookie\s*=.{0,4000}?location(?:\.href\s*=\s*location\.pathname|\.reload\s*\()", re.S),
)
WAF_VENDOR_MARKERS = (
    "创宇盾", "知道创宇", "安全狗", "safedog", "云锁", "yunsuo", "加速乐", "jiasule", "网站防火墙", "web应用防火墙",
    "yunaq.com", "360网站卫士", "玄武盾", "云盾", "anquanbao",
)  # fmt: skip
WAF_BLOCK_WORDS = ("拦截", "阻断", "阻止", "验证", "安全检测", "非法", "不合法", "威胁", "blocked", "forbidden")
CHALLENGE_PHRASES = (
    "请开启javascript", "请启用javascript", "请打开javascript", "启用浏览器javascript", "开启浏览器javascript",
    "浏览器不支持javascript", "enable javascript", "访问验证", "滑动验证", "拖动滑块", "人机验证", "安全验证",
    "请完成验证", "正在进行安全检测", "安全检查中", "checking your browser", "captcha",
)  # fmt: skip
WAF_HEADER_MARKERS = ("safedog", "yunsuo", "jiasule", "yundun", "anquanbao", "knownsec", "waf")
# A challenge page carries little visible text; a page with more is real content that mentions a marker.
# and few links (real pages link their columns).
SCRIPT_MARKER_MAX_TEXT = 1500
VENDOR_MAX_TEXT = 1500
CHALLENGE_MAX_TEXT = 300
EMPTY_202_MAX_TEXT = 50
CHALLENGE_MAX_LINKS = 10
CHALLENGE_PHRASE_MAX_LINKS = 5

# --- soft 404 ------------------------------------------------------------------------------------------------
SOFT_404_PHRASES = (
    "页面不存在", "您访问的页面不存在", "您要访问的页面不存在", "您所访问的页面不存在", "找不到该页面", "找不到页面",
    "页面找不到", "页面未找到", "没有找到您要访问的页面", "页面已删除", "页面已被删除", "信息不存在", "信息已删除",
    "文章不存在", "内容不存在", "稿件不存在", "栏目不存在", "404 not found", "page not found", "file not found",
    "http 404", "error 404", "404错误", "错误404",
)  # fmt: skip
# Whole title segment ("404", "404 Not Found", "Not Found", "错误页面") — not a title that merely starts with 404.
SOFT_404_TITLE_RE = re.compile(
    r"(?:http\s*)?(?:error\s*)?404(?:\s*(?:not\s*found|error|错误|页面|page|提示))*[!！。.]*"
    r"|(?:page\s*|file\s*)?not\s*found[!！。.]*|错误页面?|出错了|出错啦|访问出错",
    re.IGNORECASE,
)
_TITLE_SPLIT_RE = re.compile(r"\s*[-_|｜—–:：·•,，]\s*")
# A short standalone message element ("抱歉，您访问的页面不存在！") where the phrase is most of the text.
SOFT_404_MESSAGE_MAX_CHARS = 40
SOFT_404_MESSAGE_MIN_SHARE = 0.5
SOFT_404_MESSAGE_MAX_LEVELS = 3  # the phrase's own element and two ancestors
SOFT_404_SHORT_PAGE = 600  # visible chars: on a page this small any soft-404 phrase decides
SOFT_404_PATH_RE = re.compile(
    r"/(?:404|error|err|notfound|not[-_]found|nofound|pagenotfound)(?:\.\w+|/)?$", re.IGNORECASE
)
_MESSAGE_TAGS = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "p", "div", "span", "td", "li", "strong", "b", "font", "center"}
)


def _compact_len(text: str) -> int:
    return sum(1 for ch in text if not ch.isspace())


def _title(tree: HtmlElement) -> str:
    for el in tree.iter("title"):
        return norm_space(el.text_content())
    return ""


def _is_waf(status: int | None, headers: Mapping[str, str] | None, raw: str, tree: HtmlElement, text: str) -> bool:
    if status in WAF_STATUSES:
        return True
    if status is not None and status not in CHALLENGE_STATUSES:
        return False
    size = _compact_len(text)
    n_links = sum(1 for a in tree.iter("a") if a.get("href"))
    low_raw, low_text = raw.lower(), text.lower()
    few_links = n_links <= CHALLENGE_MAX_LINKS
    if few_links and size <= SCRIPT_MARKER_MAX_TEXT and any(p.search(raw) for p in WAF_SCRIPT_MARKERS):
        return True
    if (
        few_links
        and size <= VENDOR_MAX_TEXT
        and any(m in low_raw for m in WAF_VENDOR_MARKERS)
        and any(w in low_text for w in WAF_BLOCK_WORDS)
    ):
        return True
    if (
        n_links <= CHALLENGE_PHRASE_MAX_LINKS
        and size <= CHALLENGE_MAX_TEXT
        and any(p in low_text for p in CHALLENGE_PHRASES)
    ):
        return True
    if status == 202 and size <= EMPTY_202_MAX_TEXT and any(True for _ in tree.iter("script")):
        return True
    if status is not None and status != 200 and headers:
        values = " ".join(f"{k}: {v}" for k, v in headers.items()).lower()
        if any(m in values for m in WAF_HEADER_MARKERS):
            return True
    return False


def _title_says_404(title: str) -> bool:
    low = title.lower()
    if any(p in low for p in SOFT_404_PHRASES):
        return True
    return any(SOFT_404_TITLE_RE.fullmatch(seg) for seg in _TITLE_SPLIT_RE.split(title.strip()) if seg)


_CONDITIONAL_ATTRS = ("v-if", "v-else", "v-else-if", "v-show", "ng-if", "ng-show", "x-show", ":class")


def _concealed(el: HtmlElement | None) -> bool:
    """The element is not what a reader sees: hidden (style, class, attribute), inside <template>/<script>/<noscript>,
    or a client-side template branch (v-if / v-else / ng-if …) that a script may never show."""
    while el is not None:
        if tag_name(el) in ("template", "script", "noscript", "textarea") or hides(el):
            return True
        if any(el.get(attr) is not None for attr in _CONDITIONAL_ATTRS):
            return True
        el = el.getparent()
    return False


def _message_element_says_404(tree: HtmlElement) -> bool:
    """A short, visible element (or one of its near ancestors) whose text is mostly a soft-404 phrase.

    Hidden hints and client-side template branches ("信息不存在" kept for a script to show) do not count."""
    for el in tree.iter():
        for chunk, holder in ((el.text, el), (el.tail, el.getparent())):
            if not chunk or holder is None or not any(p in chunk.lower() for p in SOFT_404_PHRASES):
                continue
            if _concealed(holder):
                continue
            candidate: HtmlElement | None = holder
            for _ in range(SOFT_404_MESSAGE_MAX_LEVELS):
                if candidate is None:
                    break
                if tag_name(candidate) in _MESSAGE_TAGS and _is_message(element_text(candidate)):
                    return True
                candidate = candidate.getparent()
    return False


def _is_message(text: str) -> bool:
    n = _compact_len(text)
    if not n or n > SOFT_404_MESSAGE_MAX_CHARS:
        return False
    low = text.lower()
    return any(p in low and _compact_len(p) / n >= SOFT_404_MESSAGE_MIN_SHARE for p in SOFT_404_PHRASES)


def _is_soft_404(tree: HtmlElement, text: str, url: str, homepage: str) -> bool:
    if url and url != homepage and SOFT_404_PATH_RE.search(urlsplit(url).path or ""):
        return True
    if _title_says_404(_title(tree)):
        return True
    low = text.lower()
    if _compact_len(text) <= SOFT_404_SHORT_PAGE and any(p in low for p in SOFT_404_PHRASES):
        # only what a reader sees: a hidden hint or a client-side template branch is not the page's message
        shown = " ".join(line for line, el in shown_lines(tree) if not _concealed(el)).lower()
        if any(p in shown for p in SOFT_404_PHRASES):
            return True
    return _message_element_says_404(tree)


def _is_html(headers: Mapping[str, str] | None) -> bool:
    if not headers:
        return True
    for key, value in headers.items():
        if key.lower() == "content-type":
            ctype = value.split(";")[0].strip().lower()
            return not ctype or "html" in ctype or ctype.startswith("text/") or ctype.endswith("xml")
    return True


def classify_tree(
    status: int | None,
    headers: Mapping[str, str] | None,
    raw: str,
    tree: HtmlElement,
    text: str,
    *,
    url: str = "",
    homepage: str = "",
) -> str | None:
    """classify_body on an already parsed page (tree = parse of raw, text = its visible text)."""
    if status in WAF_STATUSES:
        return WAF
    if not _is_html(headers):
        return None
    if _is_waf(status, headers, raw, tree, text):
        return WAF
    if (status is None or 200 <= status < 300) and _is_soft_404(tree, text, url, homepage):
        return SOFT_404
    return None


def classify_body(
    status: int | None,
    headers: Mapping[str, str] | None,
    text: str,
    *,
    url: str = "",
    homepage: str = "",
) -> str | None:
    """'waf', 'soft_404' or None for a response (status None = unknown, judged like a 200).

    `text` is the decoded body; `url` the final URL (an error path such as /404.html after a redirect is a
    soft 404); `homepage` the site's homepage (never called a soft 404 for its URL shape). A redirect of a deep
    link to the homepage is for the caller to judge: see redirected_to_homepage().
    """
    tree = parse_html(text)
    return classify_tree(status, headers, text, tree, visible_text(tree), url=url, homepage=homepage)


def _comparable(url: str) -> str:
    parts = urlsplit(url)
    path = re.sub(r"/(?:index|default)\.(?:s?html?|jsp|aspx?|php)$", "/", parts.path or "/", flags=re.I)
    return f"{(parts.hostname or '').lower()}:{parts.port or ''}{path.rstrip('/') or '/'}?{parts.query}"


def redirected_to_homepage(requested_url: str, final_url: str, homepage: str) -> bool:
    """True when a request for a deeper URL ended on the homepage (a soft 404 by redirect)."""
    if not (requested_url and final_url and homepage):
        return False
    home = _comparable(homepage)
    return _comparable(requested_url) != home and _comparable(final_url) == home
