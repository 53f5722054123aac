"""The accounts a portal's 政务新媒体 matrix page lists (pure: HTML in, `PortalEntry`s out).

A wrong name here becomes a "portal lists an account not in the registry" notice, so the reader prefers missing an
entry to inventing one. Only the page's main content is read (nav, header, footer, breadcrumbs, sidebars, share
bars removed), and an entry needs one of:

- a table whose header names the account column (账号名称 / 公众号名称 …; a bare 名称 only with a 平台 / 类型
  column that names platforms);
- a platform heading (``<h3>政务微博</h3>``, ``<dt>微信公众号</dt>``) over a list of names (a list whose items are
  mostly not names, or carry dates, is a list of posts, not of accounts);
- an item with an image (li / td / dd / figure, or sibling blocks each holding an image: a QR-code grid) whose
  caption or alt text names the account and that is labelled with a platform (caption, alt, heading, a link to
  weibo.com / mp.weixin.qq.com …), or shows a QR code and is repeated or inside the matrix block, or is repeated
  inside the matrix block (class / id xmt, xinmeiti, newmedia, matrix, ewm, qrcode …);
- a plain repeated list item inside the matrix block;
- anywhere in the main content, an explicitly labelled line: "微信公众号：黄冈发布", "黄冈发布 | 新浪微博",
  "黄冈发布（微信公众号）", "“黄冈发布”微信公众号".

Names are cleaned: the platform words, brackets and QR noise ("二维码", "扫码关注", "扫一扫") go, the platform goes
into `PortalEntry.platform` (via inspector.media.accounts.parse_platform and a few more words: 官方微博, 政务微信 …),
the raw caption or row text into `text`. A name must contain a Chinese character, be 2–30 characters long, carry
no sentence punctuation, and not be a site menu word (首页, 政务公开, 网站地图 …) or page furniture (版权, 备案 …).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

from inspector.extract import decode_body, parse_html
from inspector.extract._dom import (
    BLOCK_TAGS,
    HtmlElement,
    element_text,
    norm_space,
    shown_lines,
    tag_name,
    visible_text,
)
from inspector.media.accounts import Platform, parse_platform
from inspector.media.artifacts import PortalEntry

logger = logging.getLogger(__name__)

NAME_MIN, NAME_MAX = 2, 30


def _t2s_table() -> dict[int, str]:
    from inspector.media.activity import _T2S_NAMES  # the column matcher's table plus a few place-name characters

    return _T2S_NAMES


_T2S_PAGE = _t2s_table()

# --- platform words ---------------------------------------------------------------------------------------------

#: Platform words parse_platform does not know; everything else maps through parse_platform.
_EXTRA_PLATFORM_WORDS: dict[str, Platform] = {
    "官方微博": Platform.WEIBO, "腾讯微博": Platform.WEIBO, "人民微博": Platform.WEIBO, "微博号": Platform.WEIBO,
    "政务微信": Platform.WECHAT, "官方微信": Platform.WECHAT, "微信服务号": Platform.WECHAT,
    "微信订阅号": Platform.WECHAT, "政务微信公众号": Platform.WECHAT, "官方微信公众号": Platform.WECHAT,
    "官方抖音": Platform.DOUYIN, "政务抖音号": Platform.DOUYIN, "官方抖音号": Platform.DOUYIN,
    "今日头条号": Platform.TOUTIAO, "官方头条号": Platform.TOUTIAO,
    "官方客户端": Platform.APP, "政务APP": Platform.APP, "APP客户端": Platform.APP,
    "快手号": Platform.OTHER, "政务快手号": Platform.OTHER, "学习强国号": Platform.OTHER,
}  # fmt: skip
_PLATFORM_WORD_LIST = (
    "微信公众号", "微信公众平台", "微信服务号", "微信订阅号", "政务微信公众号", "官方微信公众号", "政务微信",
    "官方微信", "微信号", "公众号", "服务号", "订阅号", "微信视频号", "视频号", "微信小程序", "小程序", "微信",
    "新浪微博", "政务微博", "官方微博", "腾讯微博", "人民微博", "微博号", "微博",
    "政务抖音号", "官方抖音号", "政务抖音", "官方抖音", "抖音号", "抖音",
    "今日头条号", "今日头条", "政务头条号", "官方头条号", "头条号", "头条",
    "移动客户端", "手机客户端", "政务客户端", "官方客户端", "政务APP", "APP客户端", "客户端", "移动端", "APP",
    "政务快手号", "快手号", "快手", "小红书", "哔哩哔哩", "B站", "百家号", "人民号", "澎湃号", "企鹅号", "网易号",
    "学习强国号",
)  # fmt: skip


def _word_platform(word: str) -> Platform | None:
    return parse_platform(word) or _EXTRA_PLATFORM_WORDS.get(word)


PLATFORM_WORDS: dict[str, Platform] = {
    w: p for w in sorted(set(_PLATFORM_WORD_LIST), key=len, reverse=True) if (p := _word_platform(w)) is not None
}
_WORDS_ALT = "|".join(re.escape(w) for w in PLATFORM_WORDS)  # longest first
#: Platform words that may end a caption without a separator ("浠水发布微信公众号"); a bare 头条 / 移动端 may be part
#: of a name (黄冈头条), so they need a separator.
_SUFFIX_WORDS = tuple(w for w in PLATFORM_WORDS if w not in ("头条", "移动端", "服务号", "订阅号", "小程序"))
#: Platform words that may start a caption without a separator ("新浪微博黄冈发布").
_PREFIX_WORDS = ("微信公众号", "政务微信公众号", "官方微信公众号", "新浪微博", "政务微博", "官方微博", "今日头条号",
                 "今日头条", "政务抖音号", "官方抖音号", "政务抖音", "抖音号", "微信视频号")  # fmt: skip
#: Decorations around a heading's platform word ("政务微博矩阵", "微信公众号账号").
_HEADING_DECOR_RE = re.compile(r"^(?:政务|官方)?|(?:矩阵|账号|平台|一览|列表|名单|名录)+$")

# --- noise and names --------------------------------------------------------------------------------------------

_NOISE_RE = re.compile(
    r"长按识别二维码|长按二维码|扫描二维码关注|扫描二维码|扫一扫关注|扫码关注|扫一扫|微信扫码|扫码|长按识别|识别二维码|"
    r"二维码|欢迎关注|敬请关注|请关注|点击关注|长按关注|^\s*请?\s*关注|^\s*请\s+"
)


def _drop_noise(text: str) -> str:
    """`text` without QR noise, repeatedly: "长按识别关注黄冈发布" loses 长按识别, then the 关注 it leaves at the start
    (one pass left "关注黄冈发布", a name no registry holds); "请扫码关注黄冈发布" its 请."""
    for _ in range(4):
        cleaned = _NOISE_RE.sub(" ", text).strip()
        if cleaned == text:
            break
        text = cleaned
    return text
_QUOTES = "\"'“”‘’「」『』《》〈〉"
_EDGE_PUNCT = " \t:：-—–|｜/／·•●◆◇■□▶►>＞、，,。.;；!！?？~～*＊" + _QUOTES
_BRACKET_TAIL_RE = re.compile(r"^(?P<name>.+?)\s*[(\[【〔]\s*(?P<inner>[^()\[\]【】〔〕]+?)\s*[)\]】〕]$")
_BRACKET_HEAD_RE = re.compile(r"^[(\[【〔]\s*(?P<inner>[^()\[\]【】〔〕]+?)\s*[)\]】〕]\s*(?P<name>.+)$")
_SEPARATOR_RE = re.compile(r"\s*[:|/]\s*|\s+[-—–]+\s+|\s*—+\s*|\s+")
_QUOTED_SUFFIX_RE = re.compile(r"^[“\"「『](?P<name>[^“”\"「」『』]+)[”\"」』]\s*(?P<word>.+)$")
#: "LABEL：value" labels whose value is an account name.
_NAME_LABELS = frozenset({"账号名称", "名称", "账号", "账号昵称", "昵称", "新媒体名称", "媒体名称", "政务新媒体名称"})
_NAME_LABEL_SUFFIX_RE = re.compile(rf"^(?P<word>{_WORDS_ALT})(?:名称|账号|昵称|名)$")
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_DOCUMENT_TITLE_RE = re.compile(r"^关于.{2,}|.{2,}(?:的通知|通知|公告|公示|通报|实施意见|管理办法|实施方案|工作方案|工作报告|决定|规定|实施细则|批复|的函)$")
_ID_TAIL_RE = re.compile(r"(?P<word>微信号|抖音号|微博号|快手号|头条号|视频号|账号|帐号|ID|id)\s*[:：]\s*@?[A-Za-z0-9_\-.]{2,40}$")
#: Characters that never appear in an account name (sentence punctuation, separators, brackets).
_BAD_NAME_CHAR_RE = re.compile(r"[，。；！？、,;!?:：|｜/\\()\[\]【】〔〕{}<>《》\"“”…]")

#: A site's menu and furniture words: never accounts.
MENU_WORDS = frozenset({
    "首页", "网站首页", "返回首页", "政务公开", "信息公开", "政府信息公开", "网站地图", "联系我们", "互动交流", "政务服务",
    "办事服务", "网上办事", "新闻中心", "新闻动态", "要闻动态", "政务动态", "走进", "政务新媒体", "新媒体", "新媒体矩阵",
    "政务新媒体矩阵", "无障碍", "无障碍浏览", "长者模式", "关怀版", "适老化", "登录", "注册", "搜索", "站内搜索",
    "返回顶部", "打印", "打印本页", "关闭", "关闭窗口", "分享", "分享到", "上一篇", "下一篇", "当前位置", "您的位置",
    "更多", "查看更多", "主办单位", "承办单位", "版权所有", "网站标识码", "专题专栏", "公众参与", "政策文件", "政策解读",
    "领导之窗", "机构职能", "关注我们", "手机版", "移动版", "简体", "繁体", "简体版", "繁体版", "我要纠错", "纠错",
    "隐私声明", "使用帮助", "网站声明", "友情链接", "相关链接", "政府网站", "二维码", "扫一扫", "数据开放", "在线访谈",
    "意见征集", "政民互动", "便民服务", "公共服务", "投资服务", "县长信箱", "市长信箱", "领导信箱", "书记信箱",
})  # fmt: skip
_BAD_NAME_PARTS = ("版权", "备案", "ICP", "公网安备", "网站标识码", "主办", "承办", "协办", "技术支持", "电话",
                   "传真", "邮编", "地址", "邮箱", "email", "http", "www", ".gov", ".cn", ".com", "点击", "下载",
                   "当前位置", "您的位置", "浏览次数", "发布时间", "发布日期", "来源", "字号", "矩阵", "二维码",
                   "新媒体", "上一篇", "下一篇", "图片", "图标", "照片", "logo", "放大", "查看",
                   "网站", "门户网", "手机版", "移动版")  # fmt: skip
#: What is left of "欢迎关注我们", "扫码关注本网", and the group headings of a city-wide matrix: never accounts.
_NOT_NAMES = frozenset({
    "我们", "我们的", "本网", "本站", "本平台", "我市", "我县", "我区", "我镇", "我乡", "大家", "您",
    "市直部门", "市直单位", "市直机关", "县直部门", "县直单位", "区直部门", "区直单位", "省直部门", "省直单位",
    "市直", "县直", "区直", "直属单位", "政府部门", "部门", "县市区", "各县市区", "县区", "市县", "市州", "乡镇",
    "乡镇街道", "镇街", "街道", "市级", "县级", "区级", "省级", "乡镇级", "市级部门", "县级部门", "中央", "上级",
    "中央部委", "国家部委", "上级政务新媒体", "其他", "其它",
})  # fmt: skip
#: A bare place: a county heading of a city-wide matrix ("红安县", "麻城市", "黄州区", "路口镇", "东湖街道",
#: "黄冈市红安县"), never an account (accounts are "红安发布", "红安县人民政府", "黄冈高新区" …).
_BARE_PLACE_RE = re.compile(
    r"^(?:[\u3400-\u9fff]{2,4}(?:省|市|州|盟|自治区))?"
    r"(?:[\u3400-\u9fff]{1,3}(?:市|县|区|旗|镇|乡)|[\u3400-\u9fff]{2,4}街道|[\u3400-\u9fff]{2,8}(?:自治县|自治州|自治旗))$"
)

# --- page structure ---------------------------------------------------------------------------------------------

ITEM_TAGS = frozenset({"li", "td", "dd", "figure"})
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SECTION_TAGS = frozenset({"article", "section", "main"})
#: class / id words of page furniture (compared with the parts of a class or id split on "-", "_", spaces).
_NOISE_PARTS = frozenset({
    "nav", "navbar", "navigation", "menu", "menus", "header", "top", "topbar", "topnav", "footer", "foot", "bottom",
    "crumb", "crumbs", "breadcrumb", "breadcrumbs", "bread", "location", "position", "curpos", "dqwz", "weizhi",
    "sidebar", "copyright", "banner", "search", "login", "friend", "friendlink", "yqlj", "share", "bdshare",
    "toolbar", "skip", "wza", "mianbaoxie",
})  # fmt: skip
_NOISE_PREFIXES = ("nav", "menu", "footer", "header", "crumb", "breadcrumb", "sidebar", "copyright", "yqlj",
                   "search", "friendlink", "bdshare")  # fmt: skip
# (not <form>: ASP.NET pages wrap the whole page in one)
_NOISE_TAGS = frozenset({"nav", "aside", "script", "style", "noscript", "template", "select", "iframe"})
#: class / id of a matrix block (新媒体 / 矩阵 / QR-code lists).
_BLOCK_MARK_RE = re.compile(r"xmt|xinmeiti|new[-_]?media|matrix|juzhen|ewm|erweima|qr[-_]?code", re.I)
_QR_TEXT_RE = re.compile(r"二维码|扫码|扫一扫|长按识别")
_QR_ATTR_RE = re.compile(r"qr[-_]?code|erweima|ewm|(?:^|[/_\-.])qr(?:[/_\-.]|$)", re.I)
#: Hosts whose links tell an item's platform (the farm's demo copies end in ".test").
_PLATFORM_HOSTS: tuple[tuple[re.Pattern[str], Platform], ...] = tuple(
    (re.compile(rf"(?:^|\.){h}(?:\.test)?$", re.I), p)
    for h, p in (
        (r"weibo\.com", Platform.WEIBO), (r"weibo\.cn", Platform.WEIBO), (r"mp\.weixin\.qq\.com", Platform.WECHAT),
        (r"douyin\.com", Platform.DOUYIN), (r"iesdouyin\.com", Platform.DOUYIN), (r"toutiao\.com", Platform.TOUTIAO),
    )
)  # fmt: skip
_NAME_HEADERS = frozenset({"账号名称", "账号", "名称", "新媒体名称", "政务新媒体名称", "媒体名称", "公众号名称",
                           "微博名称", "账号昵称", "昵称", "新媒体账号", "政务新媒体账号", "账号名"})  # fmt: skip
_PLATFORM_HEADERS = frozenset({"平台", "平台类型", "类型", "账号类型", "所属平台", "媒体类型", "平台名称", "新媒体类型",
                               "类别", "媒体平台", "账号平台", "发布平台", "开设平台", "渠道"})  # fmt: skip
_OWNER_WORDS = ("单位", "主体", "机构", "部门", "网站", "主办", "运营", "主管")
_DATE_RE = re.compile(r"\d{4}\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2})?|\b\d{1,2}-\d{1,2}\b")


@dataclass(frozen=True, slots=True)
class Caption:
    """What one caption says: an account name (None when it names none) and a platform (None when it says none)."""

    name: str | None
    platform: Platform | None


# --- captions ---------------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = _drop_noise(text)
    return norm_space(text).strip(_EDGE_PUNCT)


def heading_platform(text: str) -> Platform | None:
    """The platform a section heading names ("政务微博", "微信公众号矩阵", "抖音号："), or None."""
    text = _normalise(text).replace(" ", "")
    if not text or len(text) > 14:
        return None
    if text in PLATFORM_WORDS:
        return PLATFORM_WORDS[text]
    bare = _HEADING_DECOR_RE.sub("", text)
    return PLATFORM_WORDS.get(bare) if bare else None


def _platform_only(text: str) -> Platform | None:
    text = text.replace(" ", "")
    return PLATFORM_WORDS.get(text) or PLATFORM_WORDS.get(re.sub(r"(?:账号|平台)$", "", text))


def clean_name(text: str) -> str | None:
    """`text` as an account name (quotes, "@", edge punctuation trimmed), or None when it cannot be one."""
    name = norm_space(unicodedata.normalize("NFKC", text)).strip(_EDGE_PUNCT).lstrip("@").strip(_EDGE_PUNCT)
    if not (NAME_MIN <= len(name) <= NAME_MAX) or not _CJK_RE.search(name):
        return None
    if _BAD_NAME_CHAR_RE.search(name) or name in MENU_WORDS or _platform_only(name) is not None:
        return None
    if name.replace(" ", "") in _NOT_NAMES or _BARE_PLACE_RE.match(name.replace(" ", "")):
        return None
    parts = name.split(" ")
    if len(parts) > 1 and all(len(part) >= 4 for part in parts):
        return None  # a slogan in two halves ("权威发布 服务群众"), not a name
    if _DOCUMENT_TITLE_RE.search(name.replace(" ", "")):
        return None  # the title of a notice in a list ("关于规范政务新媒体管理的通知")
    low = name.lower()
    if any(part.lower() in low for part in _BAD_NAME_PARTS):
        return None
    return name


#: How the name of a unit (not of an account) ends: "黄冈市公安局", "红安县人民政府", "黄冈市卫生健康委员会".
_UNIT_END_RE = re.compile(r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|局|委|厅|部|院|中心)$")


def _unit_like(name: str) -> bool:
    """True for a unit's full name (at least five characters, a unit ending); "鄂汇办" or "平安黄冈" are not."""
    compact = name.replace(" ", "")
    return len(compact) >= 5 and bool(_UNIT_END_RE.search(compact))


def parse_caption(text: str, *, strict: bool = False) -> Caption | None:
    """Name and platform of one caption ("黄冈发布（微信公众号）", "微信公众号：黄冈发布", "黄冈发布 | 新浪微博",
    "浠水发布微信公众号二维码", "政务微博：浠水发布", "黄冈发布"). QR noise is dropped first.

    `strict` (a free line of the page, not an item's caption) accepts only an explicit platform label with a
    separator, brackets or a quoted name. None when the caption names no account and no platform.
    """
    s = _normalise(text)
    # an account id after its label ("黄冈发布 抖音号：hgfb2020", "微信号：hgfb"): the label may say the platform, the
    # id is no name
    s = _ID_TAIL_RE.sub(lambda m: m["word"] if m["word"] in PLATFORM_WORDS else "", s).strip(_EDGE_PUNCT)
    if not s:
        return None
    only = _platform_only(s)
    if only is not None:
        return Caption(None, only)
    # bracket forms: 黄冈发布（微信公众号） / 【微信公众号】黄冈发布
    m = _BRACKET_TAIL_RE.match(s) or _BRACKET_HEAD_RE.match(s)
    if m:
        platform = _platform_only(m["inner"])
        if platform is not None:
            return Caption(clean_name(m["name"]), platform)
        if strict:
            return None
        if _BRACKET_TAIL_RE.match(s):  # 黄冈发布（黄冈市人民政府新闻办公室）: the owner, not part of the name
            return Caption(clean_name(m["name"]), None)
    # a separator: 微信公众号：黄冈发布 / 黄冈发布 | 新浪微博 / 新浪微博 黄冈发布 / 账号名称：黄冈发布
    parts = [p for p in _SEPARATOR_RE.split(s, maxsplit=1) if p]
    if len(parts) == 2:
        left, right = parts
        lp, rp = _platform_only(left), _platform_only(right)
        if lp is not None and rp is None:
            return Caption(clean_name(right), lp)
        if rp is not None and lp is None:
            return Caption(clean_name(left), rp)
        label = left.replace(" ", "")
        labelled = _NAME_LABEL_SUFFIX_RE.match(label)
        if labelled:  # 微信公众号名称：黄冈发布, 微博账号：黄冈发布
            return Caption(clean_name(right), PLATFORM_WORDS[labelled["word"]])
        if label in _NAME_LABELS and re.search(r"[:|/]", s):
            return None if strict else Caption(clean_name(right), None)
        if not strict and lp is None and rp is None and _unit_like(left) != _unit_like(right):
            # the unit and its account on one line ("黄冈市公安局 平安黄冈", "平安黄冈 黄冈市公安局"): the account
            name = clean_name(right if _unit_like(left) else left)
            if name:
                return Caption(name, None)
        if re.match(r"^[^\s:|/]+\s*[:：]", s):  # 主办单位：…, 简介：…: a label that is not a name
            return None
    # a quoted name before a platform word: “黄冈发布”微信公众号
    m = _QUOTED_SUFFIX_RE.match(norm_space(_drop_noise(unicodedata.normalize("NFKC", text))).strip(" :："))
    if m:
        platform = _platform_only(_normalise(m["word"]))
        if platform is not None:
            return Caption(clean_name(m["name"]), platform)
    if strict:
        return None
    compact = s.replace(" ", "")
    for word in _SUFFIX_WORDS:  # 浠水发布微信公众号, 黄冈发布官方微博, 浠水政务微信公众号
        if compact.endswith(word) and len(compact) > len(word):
            name = compact[: -len(word)]
            if word.startswith("政务") and not name.endswith("发布"):
                name += "政务"  # 浠水政务 is a name (XX政务 accounts are common); 浠水发布政务微博 is 浠水发布
            return Caption(clean_name(name), PLATFORM_WORDS[word])
    for word in _PREFIX_WORDS:  # 新浪微博黄冈发布
        if compact.startswith(word) and len(compact) > len(word):
            return Caption(clean_name(compact[len(word) :]), PLATFORM_WORDS[word])
    name = clean_name(s)
    return Caption(name, None) if name else None


# --- the page ---------------------------------------------------------------------------------------------------


def _attr_words(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _is_noise(el: HtmlElement) -> bool:
    name = tag_name(el)
    if name in _NOISE_TAGS:
        return True
    if name in ("header", "footer"):  # a page's header / footer, not an article's
        return not any(tag_name(a) in _SECTION_TAGS for a in el.iterancestors())
    parts = [p for p in re.split(r"[\s_\-]+", _attr_words(el).lower()) if p]
    return any(p in _NOISE_PARTS or p.startswith(_NOISE_PREFIXES) for p in parts)


def _has_block_mark(el: HtmlElement) -> bool:
    return bool(_BLOCK_MARK_RE.search(_attr_words(el)))


def _holds_matrix(el: HtmlElement) -> bool:
    """`el` is marked as the matrix block, or holds a marked block with three or more images or items (a header's
    QR-code pop-ups, one image each, do not count)."""
    if _has_block_mark(el):
        return True
    for d in el.iterdescendants():
        if isinstance(d.tag, str) and _has_block_mark(d):
            if len(d.findall(".//img")) >= 3 or sum(1 for i in d.iter(*ITEM_TAGS)) >= 3:
                return True
    return False


def _strip_noise(body: HtmlElement) -> None:
    """Remove page furniture (nav, header, footer, breadcrumbs, sidebars, share bars, forms, scripts) in place;
    an element holding the matrix block, or most of the page's text, stays (a wrapper with an unlucky class)."""
    total = len(visible_text(body))
    doomed: list[HtmlElement] = []
    doomed_ids: set[int] = set()
    for el in body.iterdescendants():
        if not isinstance(el.tag, str) or not _is_noise(el):
            continue
        if any(id(a) in doomed_ids for a in el.iterancestors()):
            continue
        if tag_name(el) not in _NOISE_TAGS:
            if _holds_matrix(el):
                continue
            if total > 200 and len(visible_text(el)) > 0.6 * total:
                continue
        doomed.append(el)
        doomed_ids.add(id(el))
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()  # keeps the text that follows it


def _inside(el: HtmlElement, root_ids: set[int]) -> bool:
    """`el` is one of the roots (by id) or inside one."""
    return id(el) in root_ids or any(id(a) in root_ids for a in el.iterancestors())


def _text_lines(el: HtmlElement) -> list[str]:
    return [line for line in visible_text(el).split("\n") if line.strip()]


def _heading_like(el: HtmlElement) -> bool:
    name = tag_name(el)
    return name in HEADING_TAGS or name == "dt"


def _section_start(el: HtmlElement) -> HtmlElement:
    """The node whose following siblings a heading governs: the heading, or its title wrapper
    (``<div class="tit"><h3>政务微博</h3></div><ul>…``) when the heading is its wrapper's last child."""
    node = el
    while node.getnext() is None:
        parent = node.getparent()
        if parent is None or tag_name(parent) in ITEM_TAGS or tag_name(parent) in ("body", "html", "table", "tr"):
            break
        if len(_text_lines(parent)) > 2 or parent.find(".//img") is not None:
            break
        node = parent
    return node


def _section_siblings(start: HtmlElement, is_heading: Callable[[HtmlElement], object]) -> Iterator[HtmlElement]:
    for sib in start.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if is_heading(sib) or any(is_heading(d) for d in sib.iterdescendants() if isinstance(d.tag, str)):
            return
        yield sib


def _platform_heading(el: HtmlElement) -> Platform | None:
    """The platform `el` announces when it is a section heading (h1–h6, dt, or a short bold / title line)."""
    name = tag_name(el)
    if name not in HEADING_TAGS and name not in ("dt", "strong", "b", "p", "div", "span", "caption"):
        return None
    if name not in HEADING_TAGS and name != "dt":
        words = _attr_words(el).lower()
        if name in ("div", "span", "p") and not re.search(r"tit|head|hd|name|lm|lanmu", words):
            return None
        if el.find(".//img") is not None or len(el) > 2:
            return None
    if any(tag_name(a) in ITEM_TAGS or tag_name(a) == "a" for a in el.iterancestors()):
        return None
    text = element_text(el)
    if not text:
        return None
    if name in ("strong", "b", "span"):  # inline: it must stand alone in its block ("<p><b>微博</b></p>"), not
        block = next((a for a in el.iterancestors() if tag_name(a) in BLOCK_TAGS), None)  # label a line
        if block is None or element_text(block) != text:
            return None
    return heading_platform(text)


def _block_roots(body: HtmlElement) -> list[HtmlElement]:
    """The matrix blocks: elements whose class / id marks them (xmt, xinmeiti, newmedia, matrix, ewm, qrcode …).
    A 政务新媒体 heading alone does not make one: it is the page's title, over banners and notes as well."""
    return [el for el in body.iter() if isinstance(el.tag, str) and _has_block_mark(el)]


def _repeated(el: HtmlElement, with_img: bool) -> bool:
    """`el` has a sibling of its own tag (that also holds an image, when `with_img`)."""
    parent = el.getparent()
    if parent is None:
        return False
    count = 0
    for c in parent:
        if c.tag == el.tag and (not with_img or c.tag == "img" or c.find(".//img") is not None):
            count += 1
            if count >= 2:
                return True
    return False


def _img_item(img: HtmlElement, body: HtmlElement) -> HtmlElement:
    """The item an image belongs to: its li / td / dd / figure, or the nearest block repeated among its siblings
    (a grid of ``<div><img><p>name</p></div>``), at most four levels up; else the image alone (its alt text)."""
    node = img
    for _ in range(5):
        if node is body:
            break
        if node is not img and tag_name(node) in ITEM_TAGS:
            return node
        if _repeated(node, with_img=True) and (node is img or len(node.findall(".//img")) <= 2):
            return node
        parent = node.getparent()
        if parent is None:
            break
        node = parent
    return img


def _href_platform(el: HtmlElement) -> Platform | None:
    anchors = [el] if tag_name(el) == "a" else []
    anchors += [a for a in el.iterancestors("a")][:1] + list(el.iter("a"))
    for a in anchors:
        host = (urlsplit((a.get("href") or "").strip()).hostname or "").lower()
        for pattern, platform in _PLATFORM_HOSTS:
            if host and pattern.search(host):
                return platform
    return None


def _alts(el: HtmlElement) -> list[str]:
    imgs = [el] if tag_name(el) == "img" else list(el.iter("img"))
    out = []
    for img in imgs:
        alt = norm_space(img.get("alt") or img.get("title") or "")
        if not alt:
            parent = img.getparent()
            if parent is not None and tag_name(parent) == "a":
                alt = norm_space(parent.get("title") or "")
        if alt:
            out.append(alt)
    return out


@dataclass(frozen=True, slots=True)
class _Read:
    name: str
    platform: Platform | None
    text: str
    own_platform: bool  # the item itself says the platform (caption, alt or a platform link)
    qr: bool  # the item shows a QR code


def _read_item(el: HtmlElement, context: Platform | None) -> _Read | None:
    """Name and platform of one item from its text lines, then its images' alt texts."""
    lines = _text_lines(el)
    alts = _alts(el)
    name: str | None = None
    name_platform: Platform | None = None
    others: set[Platform] = set()
    for text in (*lines, *alts):
        caption = parse_caption(text)
        if caption is None:
            continue
        if caption.name and (name is None or (_unit_like(name) and not _unit_like(caption.name))):
            # the unit's name over the account's ("黄冈市公安局" / "平安黄冈"): the account's name is the entry
            if name is not None and name_platform is not None:
                others.add(name_platform)
            name, name_platform = caption.name, caption.platform
        elif caption.platform is not None:
            others.add(caption.platform)
    if name is None:
        return None
    href = _href_platform(el)
    if href is not None:
        others.add(href)
    own = name_platform or (next(iter(others)) if len(others) == 1 else None)
    imgs = [el] if tag_name(el) == "img" else list(el.iter("img"))
    qr = any(_QR_TEXT_RE.search(t) for t in (*lines, *alts)) or any(
        _QR_ATTR_RE.search(f"{i.get('src') or ''} {_attr_words(i)}") for i in imgs
    )
    text = " ".join(lines) or " ".join(alts)
    return _Read(name, own or context, text, own is not None, qr)


def _header_columns(cells: list[str]) -> tuple[int | None, int | None, bool]:
    """The account-name column, the platform column, and whether the name header is specific to accounts
    (账号名称, 公众号名称 …) rather than a bare 名称."""
    name_col = platform_col = None
    specific = False
    for i, raw in enumerate(cells):
        cell = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw)).strip(_EDGE_PUNCT)
        if name_col is None and (cell in _NAME_HEADERS or ("账号名" in cell) or (
                cell.endswith("名称") and not any(w in cell for w in (*_OWNER_WORDS, "平台")))):
            name_col = i
            specific = bool(re.search(r"账号|公众号|微博|新媒体|昵称|抖音|头条", cell))
        elif platform_col is None and (cell in _PLATFORM_HEADERS or (
                ("平台" in cell or "类型" in cell) and not any(w in cell for w in _OWNER_WORDS))):
            platform_col = i
    return name_col, platform_col, specific


def _grid(table: HtmlElement) -> list[tuple[HtmlElement, list[HtmlElement | None]]]:
    """The table's rows (own rows only, not nested tables') with cells placed by rowspan / colspan."""
    rows = [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table]
    spans: dict[int, tuple[HtmlElement, int]] = {}  # column -> (cell, rows still covered)
    out: list[tuple[HtmlElement, list[HtmlElement | None]]] = []
    for tr in rows:
        cells: list[HtmlElement | None] = []
        own = [c for c in tr if tag_name(c) in ("td", "th")]
        col = 0

        def fill_spans() -> None:
            nonlocal col
            while col in spans:
                cell, left = spans[col]
                cells.append(cell)
                if left <= 1:
                    del spans[col]
                else:
                    spans[col] = (cell, left - 1)
                col += 1

        for cell in own:
            fill_spans()
            try:
                rowspan = max(1, min(int(cell.get("rowspan") or 1), 200))
                colspan = max(1, min(int(cell.get("colspan") or 1), 50))
            except ValueError:
                rowspan = colspan = 1
            for _ in range(colspan):
                cells.append(cell)
                if rowspan > 1:
                    spans[col] = (cell, rowspan - 1)
                col += 1
        fill_spans()
        out.append((tr, cells))
    return out


def _table_entries(table: HtmlElement, context: Platform | None) -> list[tuple[HtmlElement, _Read]] | None:
    """Rows of a table whose header names the account column; None when it has no such header."""
    grid = _grid(table)
    for index, (_tr, cells) in enumerate(grid[:3]):
        texts = [element_text(c) if c is not None else "" for c in cells]
        name_col, platform_col, specific = _header_columns(texts)
        if name_col is not None:
            break
    else:
        return None
    if not specific and platform_col is None and context is None:
        return None  # a bare 名称 column without any platform: any list of places or units
    # the columns under the name header: one, or several when the header spans them ("账号名称" over an icon column and
    # a name column, or over one merged cell per row)
    header = grid[index][1]
    name_cols = [i for i, c in enumerate(header) if c is not None and c is header[name_col]]
    out: list[tuple[HtmlElement, _Read]] = []
    for tr, cells in grid[index + 1 :]:
        if name_col >= len(cells) or cells[name_col] is None:
            continue
        cell = cells[name_col]
        if tag_name(cell) == "th" and all(tag_name(c) == "th" for c in cells if c is not None):
            continue  # a repeated header row
        candidates = list(dict.fromkeys(cells[i] for i in name_cols if i < len(cells) and cells[i] is not None))
        spans_out = any(c is cand for cand in candidates for i, c in enumerate(cells) if i not in name_cols)
        if spans_out or len({id(c) for c in cells if c is not None}) == 1 < len(cells):
            continue  # a group row across the columns ("红安县", "市直部门"), not an account
        caption = None
        for cand in candidates:
            caption = parse_caption(element_text(cand)) if element_text(cand) else None
            if caption is not None and caption.name:
                cell = cand
                break
        if caption is None or not caption.name:
            continue
        platform = caption.platform
        kind = cells[platform_col] if platform_col is not None and platform_col < len(cells) else None
        if platform is None and kind is not None:
            platform = heading_platform(element_text(kind))
        if platform is None:
            platform = _href_platform(cell)
        row_text = " ".join(t for t in (element_text(c) for c in dict.fromkeys(c for c in cells if c is not None)) if t)
        out.append((tr, _Read(caption.name, platform or context, row_text, platform is not None, False)))
    if not specific and context is None and 2 * sum(1 for _tr, r in out if r.platform) < len(out):
        return None  # a bare 名称 column whose 类型 column mostly names no platform: not an account table
    return out


def _consistent(
    items: list[HtmlElement], context_of: Callable[[HtmlElement], Platform | None]
) -> list[tuple[HtmlElement, _Read]]:
    """The items that read as accounts, list by list: a list (the items of one parent) counts only when at least
    half of its items are account names and none looks like a dated news line — a list of articles under a
    "官方微博" heading is not a list of accounts."""
    groups: dict[int, list[HtmlElement]] = {}
    for el in items:
        parent = el.getparent()
        groups.setdefault(id(parent) if parent is not None else id(el), []).append(el)
    out: list[tuple[HtmlElement, _Read]] = []
    for members in groups.values():
        if any(_DATE_RE.search(element_text(el)) for el in members):
            continue
        reads = [(el, _read_item(el, context_of(el))) for el in members]
        good = [(el, r) for el, r in reads if r is not None]
        if good and 2 * len(good) >= len(members):
            out.extend(good)
    return out


class _Page:
    """One matrix page being read: the cleaned body, what has been used, what was found (with page positions)."""

    def __init__(self, body: HtmlElement) -> None:
        self.body = body
        self.elements = [el for el in body.iter() if isinstance(el.tag, str)]  # keeps proxies (and ids) alive
        self.order = {id(el): i for i, el in enumerate(self.elements)}
        self.used: set[int] = set()
        self.found: list[tuple[int, _Read]] = []
        self.taken: list[HtmlElement] = []  # the elements that gave an entry
        self.context: dict[int, Platform] = {}
        self.blocks = _block_roots(body)  # kept alive, so the ids below stay theirs
        self.block_ids = {id(b) for b in self.blocks}

    def use(self, el: HtmlElement) -> None:
        self.used.add(id(el))
        self.used.update(id(d) for d in el.iterdescendants())

    def take(self, el: HtmlElement, read: _Read) -> None:
        self.found.append((self.order.get(id(el), 0), read))
        self.taken.append(el)
        self.use(el)

    def unnamed_images(self) -> int:
        """Images that look like an account's QR code but gave no entry: in the matrix block, named as a QR code
        (src / class / alt / title), or in an item of the tag and class of one that gave an entry; icons (width or
        height under 50) are not counted. Accounts shown this way may be missing from the entries."""
        taken_ids = {id(d) for el in self.taken for d in (el, *el.iterdescendants())}
        kinds = {(el.tag, (el.get("class") or "").strip()) for el in self.taken}
        count = 0
        for img in self.body.iter("img"):
            if id(img) in taken_ids:
                continue
            sizes = [img.get("width") or "", img.get("height") or ""]
            if any(v.strip().isdigit() and int(v.strip()) < 50 for v in sizes):
                continue
            item = _img_item(img, self.body)
            qr_like = bool(_QR_ATTR_RE.search(f"{img.get('src') or ''} {_attr_words(img)}")) or bool(
                _QR_TEXT_RE.search(f"{img.get('alt') or ''} {img.get('title') or ''}"))
            if qr_like or _inside(img, self.block_ids) or (item.tag, (item.get("class") or "").strip()) in kinds:
                count += 1
        return count

    def context_of(self, el: HtmlElement) -> Platform | None:
        for node in (el, *el.iterancestors()):
            if id(node) in self.context:
                return self.context[id(node)]
        return None

    def free_items(self, *, in_block: bool) -> list[HtmlElement]:
        """Unused innermost li / td / dd / figure: in a platform section, or (in_block) repeated in a matrix block."""
        out = []
        for el in self.elements:
            if id(el) in self.used or tag_name(el) not in ITEM_TAGS:
                continue
            if any(tag_name(d) in ITEM_TAGS for d in el.iterdescendants()):
                continue
            if in_block and _inside(el, self.block_ids) and _repeated(el, with_img=False):
                out.append(el)
            elif not in_block and self.context_of(el) is not None:
                out.append(el)
        return out

    def similar_in_block(self, item: HtmlElement) -> bool:
        """Another element of `item`'s tag and class, holding an image, in the same matrix block."""
        root = next((n for n in (item, *item.iterancestors()) if id(n) in self.block_ids), None)
        if root is None or tag_name(item) == "img":
            return False
        cls = (item.get("class") or "").strip()
        return any(
            el is not item and el.tag == item.tag and (el.get("class") or "").strip() == cls
            and el.find(".//img") is not None
            for el in root.iter(item.tag)
        )

    def read_sections(self) -> None:
        """A platform heading governs its following siblings (until the next heading)."""
        for el in self.elements:
            platform = _platform_heading(el)
            if platform is None:
                continue
            for sib in _section_siblings(_section_start(el), lambda e: _heading_like(e) or _platform_heading(e)):
                self.context[id(sib)] = platform
            self.use(el)

    def read_tables(self) -> None:
        for table in self.body.iter("table"):
            if id(table) in self.used or table.find(".//table") is not None:
                continue
            rows = _table_entries(table, self.context_of(table))
            if rows is None:
                continue
            for tr, read in rows:
                self.take(tr, read)
            self.use(table)

    def read_lists(self, *, in_block: bool) -> None:
        for el, read in _consistent(self.free_items(in_block=in_block), self.context_of):
            self.take(el, read)

    def read_images(self) -> None:
        """Items with an image: accepted when labelled with a platform, showing a QR code in a repeated structure
        or the matrix block, or repeated inside the matrix block."""
        for img in list(self.body.iter("img")):
            if id(img) in self.used:
                continue
            item = _img_item(img, self.body)
            if id(item) in self.used:
                continue
            read = _read_item(item, self.context_of(item))
            self.use(item)
            if read is None and tag_name(item) not in ITEM_TAGS:
                read = self.caption_after(item)
            if read is None:
                continue
            in_block = _inside(item, self.block_ids)
            # an item alone in its list (the one 抖音 account of a tab, the one account of a county) is still one of
            # the block's items when the block holds others of its kind
            repeated = _repeated(item, with_img=True) or (in_block and self.similar_in_block(item))
            labelled = read.own_platform or (read.platform is not None and (repeated or read.qr))
            if labelled or (read.qr and (repeated or in_block)) or (in_block and repeated):
                self.take(item, read)

    def caption_after(self, item: HtmlElement) -> _Read | None:
        """The caption of an image that has none of its own, in the block right after it (an article body of
        ``<p><img></p><p>黄冈发布微信公众号</p>`` pairs): a short line without an image. The image's alt text may say
        the platform or a QR code."""
        caption = item.getnext()
        if caption is None or not isinstance(caption.tag, str) or id(caption) in self.used:
            return None
        if tag_name(caption) not in ("p", "div", "span", "figcaption") or caption.find(".//img") is not None:
            return None
        text = element_text(caption)
        if not text or len(text) > 40 or len(_text_lines(caption)) > 1:
            return None
        read = _read_item(caption, self.context_of(item))
        if read is None:
            return None
        self.use(caption)
        alts = [c for c in (parse_caption(a) for a in _alts(item)) if c is not None and c.platform is not None]
        platform = read.platform if read.own_platform else (alts[0].platform if len(alts) == 1 else read.platform)
        qr = read.qr or any(_QR_TEXT_RE.search(a) for a in _alts(item)) or any(
            _QR_ATTR_RE.search(f"{i.get('src') or ''} {_attr_words(i)}") for i in item.iter("img"))
        return _Read(read.name, platform, read.text, read.own_platform or len(alts) == 1, qr)

    def read_lines(self) -> None:
        """Explicitly labelled lines anywhere in what is left: "微信公众号：黄冈发布", "黄冈发布 | 新浪微博"."""
        for line, owner in shown_lines(self.body):
            if len(line) > 60 or any(id(n) in self.used for n in (owner, *owner.iterancestors())):
                continue
            caption = parse_caption(line, strict=True)
            if caption is not None and caption.name and caption.platform is not None:
                self.take(owner, _Read(caption.name, caption.platform, line, True, False))

    def entries(self) -> tuple[PortalEntry, ...]:
        out: list[PortalEntry] = []
        seen: set[tuple[str, Platform | None]] = set()
        for _pos, read in sorted(self.found, key=lambda pair: pair[0]):
            if (read.name, read.platform) not in seen:
                seen.add((read.name, read.platform))
                out.append(PortalEntry(read.name, read.platform, read.text))
        return tuple(out)


@dataclass(frozen=True, slots=True)
class MatrixPage:
    """What a matrix page shows: its entries, and how many QR-code-like images gave no entry (accounts shown only as
    a picture: when there are any, an account missing from `entries` may still be on the page)."""

    entries: tuple[PortalEntry, ...]
    unnamed_images: int = 0


def read_matrix_page(html: str | bytes, url: str, *, content_type: str | None = None) -> MatrixPage:
    """The accounts a 政务新媒体 matrix page lists (see matrix_entries) and its unnamed QR-code images."""
    text = decode_body(html, content_type)[0] if isinstance(html, bytes) else html
    text = text.translate(_T2S_PAGE)  # a 繁体 page: 微信公眾號 is a platform word, 黃岡發佈 the registry's 黄冈发布
    tree = parse_html(text)
    body = tree.find(".//body")
    _strip_noise(body if body is not None else tree)
    page = _Page(body if body is not None else tree)
    page.read_sections()
    page.read_tables()
    page.read_lists(in_block=False)  # list items under a platform heading
    page.read_images()
    page.read_lists(in_block=True)  # plain list items inside the matrix block
    page.read_lines()
    entries = page.entries()
    unnamed = page.unnamed_images()
    logger.debug("%s: %d matrix entries, %d unnamed QR images", url, len(entries), unnamed)
    return MatrixPage(entries, unnamed)


def matrix_entries(html: str | bytes, url: str, *, content_type: str | None = None) -> tuple[PortalEntry, ...]:
    """The accounts a 政务新媒体 matrix page lists, in page order, each (name, platform) once; () when the page
    shows nothing recognisable. `html` may be bytes (decoded with decode_body: GBK pages work; 繁体 is read as
    简体); `url` is the page's address (for logging). Never raises on odd markup."""
    return read_matrix_page(html, url, content_type=content_type).entries
