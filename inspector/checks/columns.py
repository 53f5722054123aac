"""Required disclosure columns and their freshness (standards.md §1.2 vetoes 3–5, §3, §5; the 2020 黄冈 plan tasks).

Everything here judges the stored crawl, never the network: columns are discovered from LinkRecords (link text,
target) and PageRecords (ColumnName meta, title, URL slug) after normalising text (NFKC, traditional → simplified,
whitespace and punctuation removed); their lists are read from `PageRecord.facts["list"]` (plus the list's pager
pages and the Hanweb data answers whose `facts["list_of"]` names the column). A rule file added later therefore
runs on a stored crawl without crawling again.

Accuracy first: a homepage, parent page or list that could not be read makes the answer 无法判定 (with the reason);
a list that could not be read is never "blank"; a column whose date cannot be determined is not stale; dates after
the reference date (`site.as_of`) are ignored as evidence of freshness; vetoes only on clear evidence. In particular:
dates whose year the extractor implied (date_from "row-implied-year"), URL dates and page-text dates may prove
freshness, never staleness; article pages are never columns; topics, archives and sub-sites are exempted before a
column is typed; a list that is cut off and not newest first, or whose dated rows are all pinned, is not stale; a
message is unanswered only on an explicit pending status (or an empty 答复时间 among answered rows, with no status
wording such as 已转办 in the row); messages marked "invalid" (不予受理, 无效, 重复留言) are not counted; a required
column whose link failed is missing only when its own host said 404.

`column_states(site, params)` summarises every column of a site for the column-update rule and for the bulletin's
栏目更新 sheet.

Traditional → simplified conversion: no converter (zhconv, OpenCC) is installed, so a built-in table of the
characters that occur in column names and government vocabulary is used (`_T2S_PAIRS`, about 580 characters).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextvars import ContextVar
import dataclasses
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from inspector.checks._common import (
    compile_pattern,
    failed,
    homepage_unusable,
    inconclusive,
    not_applicable,
    passed,
    problem_label,
    self_check_failure,
)
from inspector.errors import ParamError, RuleError
from inspector.model import CheckResult, Evidence, Level, LinkRecord, Outcome, PageRecord, Site, SiteArtifacts, Status

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ColumnState:
    """One column of a site as the freshness rules see it."""

    name: str
    url: str
    kind: str  # type key from the column-update rule (news, notice, policy, personnel, plan), "" when untyped
    kind_label: str  # 动态要闻, 通知公告, … ("" when untyped)
    latest: date | None
    days_since: int | None
    window_days: int | None
    items: int
    status: str  # "fresh" | "stale" | "blank" | "unreadable" | "untyped"
    note: str  # Chinese: why, e.g. 最近更新2026-03-02，距今269天，超过180天


# --- text normalisation ---------------------------------------------------------------------------------

#: Traditional → simplified, one pair of characters after the other (column names, government vocabulary).
#: Characters that are also valid simplified characters with another meaning (覆, 乾, 著, 隻 …) are left out.
_T2S_PAIRS = (
    "開开關关資资訊讯規规範范檔档報报應应預预權权責责單单機机構构職职層层務务標标準准錄录動动諮咨詢询體体專专題题見见徵征讀读決决項项則则與与為为這这個个們们來来時时間间電电話话網网頁页內内於于會会"
    "議议發发髮发書书長长門门戶户縣县區区鄉乡鎮镇線线學学業业農农產产經经濟济財财稅税統统計计劃划畫画導导幹干廣广東东樂乐歷历曆历選选舉举論论證证據据療疗衛卫醫医藥药環环護护災灾氣气車车運运輸输鐵铁"
    "態态狀状況况熱热點点圖图類类處处辦办審审備备級级數数結结餘余種种術术團团黨党員员紀纪檢检訪访談谈調调問问聞闻視视頻频陣阵號号眾众尋寻獲获實实際际歲岁觀观嚴严總总擊击戰战險险臨临組组織织領领簡简"
    "續续雙双優优補补貼贴費费價价質质監监測测勢势驗验擾扰鬥斗繼继盡尽擬拟辭辞傳传達达遞递對对將将從从後后當当無无義义藝艺兒儿歡欢齊齐齡龄勞劳漢汉華华國国廳厅樓楼屬属設设礎础銷销買买賣卖廠厂礦矿紡纺"
    "採采購购認认識识許许罰罚強强償偿擔担養养殘残貧贫脫脱穩稳億亿萬万雜杂誌志訂订閱阅覽览獻献廢废現现彙汇匯汇編编綜综條条稱称謝谢請请訴诉饋馈滿满評评亞亚歸归紹绍緊紧難难鄰邻黃黄岡冈紅红龍龙鳳凤陽阳"
    "陰阴雲云風风漁渔糧粮倉仓庫库貨货幣币銀银錢钱聯联絡络繫系係系簽签約约詳详細细連连鏈链說说響响衝冲讓让讚赞頒颁佈布協协課课講讲勵励獎奖懲惩額额試试績绩週周臺台裡里裏里製制頭头腦脑聽听覺觉親亲愛爱"
    "興兴隊队軍军邊边遠远確确蘭兰歐欧陸陆島岛灣湾滬沪粵粤贛赣閩闽蘇苏遼辽納纳貿贸創创轉转換换載载極极積积蹤踪跡迹遺遗溫温濕湿燈灯煙烟爐炉燒烧搶抢傷伤殺杀盜盗竊窃獄狱訟讼執执邏逻輯辑譯译註注釋释樣样"
    "屆届階阶兩两複复復复舊旧慶庆節节館馆園园場场遊游戲戏劇剧攝摄紙纸碼码郵邮輛辆駕驾駛驶貸贷債债賬账帳帐儲储幫帮婦妇寵宠飼饲獸兽魚鱼蝦虾鳥鸟雞鸡鴨鸭豬猪馬马驢驴裝装維维違违誡诫習习訓训練练寫写陳陈"
    "詞词語语給给奪夺負负欄栏別别隸隶轄辖圍围僑侨誼谊誠诚譽誉綱纲冊册記记變变終终暫暂啟启營营離离診诊斷断癒愈鍾钟鐘钟勳勋幾几壓压驅驱櫃柜臟脏燦灿爛烂麗丽壯壮釐厘廬庐碩硕濱滨瀋沈礙碍鹽盐麥麦豐丰湯汤"
    "滅灭淨净澤泽潔洁瀏浏鎖锁鑰钥錯错誤误適适擇择鬆松聖圣競竞賽赛籌筹畢毕薦荐徑径獨独順顺韓韩滯滞懸悬賴赖爭争纖纤灑洒閘闸閉闭閑闲闊阔闡阐闢辟闖闯閣阁閥阀閒闲闆板紛纷紐纽純纯紗纱絕绝絲丝緒绪緝缉緣缘"
    "締缔緩缓緯纬縮缩繳缴繞绕纜缆託托諾诺謀谋謠谣謹谨譜谱讒谗貝贝貢贡販贩貫贯貯贮貴贵賀贺賊贼賓宾賠赔賞赏賢贤賦赋賺赚贈赠贊赞軌轨軟软較较輔辅輕轻輪轮輝辉轟轰鄭郑鄧邓鄒邹針针釣钓鈣钙鈴铃鉛铅銅铜銘铭"
    "銳锐鋼钢錦锦鍵键鍛锻鏡镜鑒鉴鑑鉴閃闪閏闰閻阎闌阑闕阙闔阖隨随隱隐隴陇雖虽霧雾靈灵靜静韋韦頂顶須须頑顽頓顿顏颜願愿顧顾顯显飛飞飯饭飲饮飽饱飾饰駐驻騎骑驚惊鬧闹魯鲁鮮鲜鳴鸣鴻鸿鵬鹏鶴鹤鷹鹰齒齿龜龟"
)
_T2S = str.maketrans(_T2S_PAIRS[0::2], _T2S_PAIRS[1::2])
_DROPPED_CATEGORIES = frozenset("PZSC")  # punctuation, separators (spaces), symbols, controls


def normalize(text: str) -> str:
    """Text as column matching compares it: NFKC (full-width → half-width), traditional → simplified, whitespace,
    punctuation and symbols removed, case-folded. "政府信息公開 指南" and "政府信息公开指南" normalise alike."""
    text = unicodedata.normalize("NFKC", text or "").translate(_T2S)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] not in _DROPPED_CATEGORIES).casefold()


@lru_cache(maxsize=512)
def _normalized(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n for n in (normalize(w) for w in words) if n)


def _quoted(name: str) -> str:
    """“name”, unless the name already carries its own quotation marks (“六保”专题)."""
    return name if "“" in name or "\"" in name else f"“{name}”"


#: Link texts that say nothing about the column they lead to (normalised).
_GENERIC_TEXTS = frozenset(normalize(t) for t in (
    "更多", "more", "更多信息", "更多内容", "查看更多", "详细", "详情", "进入", "点击进入", "首页", "网站首页", "返回",
    "返回首页", "返回列表", "下一页", "上一页", "尾页", "末页", "第一页", "最后一页", "当前位置", "打印", "关闭",
    "查看", "点击查看", "查看详情", "进入栏目", "全部",
))


def _generic(text_n: str) -> bool:
    return not text_n or text_n in _GENERIC_TEXTS or text_n.isdigit()


# --- URLs -----------------------------------------------------------------------------------------------

_INDEX_FILE = re.compile(r"^(?:index|default|list|main|more)(?:_\d+)?\.(?:s?html?|jsp|aspx?|php|do)$", re.IGNORECASE)
_ARTICLE_URL = re.compile(
    r"""
    /t\d{8}_\d+                       # TRS article: ./202011/t20201126_1234567.shtml
    | /art/\d{4}/ | /art_\d+_\d+      # Hanweb article: /art/2020/11/26/art_13617_456789.html
    | /\d{6}/[^/]+\.\w+$              # a file in a year-month folder: /202011/abc.html
    | /\d{8}/[^/]+$                   # a file in a date folder: /20201126/abc.html
    | /(?:19|20)\d{2}-\d{2}/\d{2}/    # /2018-06/22/content_…
    | /(?:19|20)\d{2}/\d{1,2}/\d{1,2}/
    | content_\d+
    | /\d{5,}\.s?html?$               # numeric article file: /zwgk/public/6636765/1416680.html
    | [?&](?:articleid|infoid|newsid|contentid|docid|aid)=
    | /(?:show|detail|view|article)\w*\.(?:asp|aspx|php|jsp|do)\?
    """,
    re.IGNORECASE | re.VERBOSE,
)
_URL_DATES = (
    re.compile(r"(?<![0-9A-Za-z])t((?:19|20)\d{2})(\d{2})(\d{2})_"),
    re.compile(r"/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/"),
    re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/"),
)


def column_segment(url: str) -> str:
    """The URL path segment that names a column (lower case, extension dropped): /zfxxgk/fdzdgknr/index.shtml →
    fdzdgknr, /zwgk/tzgg/ → tzgg, /xxgknb.html → xxgknb; "" for the site root."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    while segments and _INDEX_FILE.match(segments[-1]):
        segments.pop()
    if not segments:
        return ""
    last = segments[-1]
    return (last.rsplit(".", 1)[0] if "." in last else last).lower()


def is_article_url(url: str) -> bool:
    """True for URL shapes of single articles (t20261120_123.html, /art/2026/…, /202611/x.html, content_123 …)."""
    parts = urlsplit(url)
    return bool(_ARTICLE_URL.search(parts.path + ("?" + parts.query if parts.query else "")))


def url_date(url: str) -> date | None:
    """The publication date an article URL carries (t20201126_, /art/2020/11/26/, /2020-11/26/), else None."""
    for pattern in _URL_DATES:
        m = pattern.search(url)
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def _iso(value: Any) -> date | None:
    """A date from "YYYY-MM-DD" (a longer timestamp is cut), else None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- params ---------------------------------------------------------------------------------------------

_RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_RESOLVING: ContextVar[tuple[str, ...]] = ContextVar("inspector_column_rules_resolving", default=())
_P = TypeVar("_P")


def _sibling_params(rule_id: str, field_name: str, want: type[_P]) -> _P:
    """The params of another rule file, found next to the rule file being loaded (else in the bundled rules/).

    Used by `within` (a column searched inside its parent column) and by rules that reuse a column rule's
    definition. Raises ParamError (→ RuleError naming the key) when the rule is missing, invalid, of another
    check, or the references go round in a circle.
    """
    from inspector.rules import default_rules_dir, load_rule, loading_rule_file

    if not _RULE_ID.match(rule_id):
        raise ParamError(field_name, f"must be a rule id such as 'column-xxgk-platform' (got {rule_id!r})")
    current = loading_rule_file()
    chain = _RESOLVING.get() or ((current.stem,) if current is not None else ())
    if rule_id in chain:
        raise ParamError(field_name, f"circular reference between rules: {' -> '.join((*chain, rule_id))}")
    folders = ([current.parent] if current is not None else []) + [default_rules_dir()]
    path = next((f / f"{rule_id}.toml" for f in folders if (f / f"{rule_id}.toml").is_file()), None)
    if path is None:
        raise ParamError(field_name, f"no rule file {rule_id}.toml next to this rule file")
    token = _RESOLVING.set((*chain, rule_id))
    try:
        rule = load_rule(path)
    except RuleError as exc:
        raise ParamError(field_name, f"rule {rule_id} cannot be loaded ({exc})") from exc
    finally:
        _RESOLVING.reset(token)
    if not isinstance(rule.params, want):
        raise ParamError(field_name, f"rule {rule_id} does not take {want.__name__} params (its check is {rule.check})")
    return rule.params


def _positive(name: str, value: int) -> None:
    if value < 1:
        raise ParamError(name, f"must be ≥ 1 (got {value})")


def _month_day(name: str, value: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{2})-(\d{2})", value)
    if m:
        try:
            date(2000, int(m.group(1)), int(m.group(2)))
            return int(m.group(1)), int(m.group(2))
        except ValueError:
            pass
    raise ParamError(name, f"must be a month and day 'MM-DD' such as '03-31' (got {value!r})")


@dataclass(frozen=True, slots=True)
class ColumnParams:
    """One required column: how to recognise it and where to look for it."""

    name: str  # Chinese name shown to the analyst (and as the bulletin's 栏目检查 header)
    keywords: tuple[str, ...]  # link texts / ColumnName / title parts that identify it (substring, normalised)
    slugs: tuple[str, ...] = ()  # URL path segments naming it (pinyin initials such as fdzdgknr)
    url_patterns: tuple[str, ...] = ()  # regexes on the whole target URL (e.g. search pages)
    exclude: tuple[str, ...] = ()  # texts that disqualify a link or page (信访, 举报 …)
    within: str = ""  # "" = from the homepage; or the id of a parent column rule searched as well
    parent_required: bool = True  # False: a missing parent column does not make this one 不适用 (it is its own duty)
    depth: int = 2  # link levels below the homepage (and below the parent column) to search
    max_text: int = 12  # a longer (normalised) link text is an article title, not a column name
    missing: Literal["fail", "inconclusive"] = "fail"  # answer when nothing matched and every page was read
    parent: ColumnParams | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise ParamError("name", "must not be empty")
        if not _normalized(self.keywords) and not self.slugs and not self.url_patterns:
            raise ParamError("keywords", "needs at least one keyword, slug or URL pattern")
        _positive("depth", self.depth)
        _positive("max_text", self.max_text)
        for i, pattern in enumerate(self.url_patterns):
            compile_pattern(f"url_patterns[{i}]", pattern)
        if self.within:
            object.__setattr__(self, "parent", _sibling_params(self.within, "within", ColumnParams))


@dataclass(frozen=True, slots=True)
class ColumnType:
    """A column type of the column-update rule: how to recognise it and how often it must be updated."""

    label: str  # 动态要闻, 通知公告 …
    keywords: tuple[str, ...]  # in the column's name (longest match over all types wins)
    window_days: int  # stale when the latest item is older than this many days
    slugs: tuple[str, ...] = ()  # URL segments naming columns of this type (tzgg, gzdt …)

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise ParamError("label", "must not be empty")
        _positive("window_days", self.window_days)


EXEMPT = "exempt"


@dataclass(frozen=True, slots=True)
class ColumnUpdateParams:
    """Column discovery for the freshness rules and the 栏目更新 sheet, the column types and the veto lines."""

    types: dict[str, ColumnType]  # type key → type, in order of preference on a tie
    # host or 网站标识码 → {column name or URL: type key | "exempt"}
    overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    # words that exempt a column from the freshness checks (historical topics, archives …): matched, before the
    # column is typed, against its names, its full ColumnName path (首页>专题专栏>…) and the link texts leading to it
    exempt_keywords: tuple[str, ...] = ()
    exempt_url_patterns: tuple[str, ...] = ()  # regexes on the column URL (topic, archive and sub-site folders)
    # regexes on the (normalised) names of the pages leading to a column that mark a sub-site (a department's or a
    # township's pages hosted on the portal): such columns are not 一级栏目 and do not count in the combined clause
    subsite_name_patterns: tuple[str, ...] = ()
    ignore_url_patterns: tuple[str, ...] = ()  # list pages that are not columns (search results, print views …)
    depth: int = 3  # link levels below the homepage where columns are looked for
    max_text: int = 12  # longest link text used as a column name
    combined_kinds: tuple[str, ...] = ("news", "notice", "policy")  # veto (1): these stale columns together …
    combined_threshold: int = 5  # … reach this count
    total_threshold: int = 10  # veto (2): stale typed columns of any type reach this count
    max_evidence: int = 30

    def __post_init__(self) -> None:
        for key in self.types:
            if key == EXEMPT or not key:
                raise ParamError(f"types.{key}", f"'{EXEMPT}' and '' cannot be type keys")
        for kind in self.combined_kinds:
            if kind not in self.types:
                raise ParamError("combined_kinds", f"unknown type {kind!r} (types: {', '.join(self.types)})")
        for where, mapping in self.overrides.items():
            for name, kind in mapping.items():
                if kind != EXEMPT and kind not in self.types:
                    raise ParamError(f"overrides.{where}.{name}",
                                     f"must be a type ({', '.join(self.types)}) or '{EXEMPT}' (got {kind!r})")
        for key in ("ignore_url_patterns", "exempt_url_patterns", "subsite_name_patterns"):
            for i, pattern in enumerate(getattr(self, key)):
                compile_pattern(f"{key}[{i}]", pattern)
        for name in ("depth", "max_text", "combined_threshold", "total_threshold", "max_evidence"):
            _positive(name, getattr(self, name))


@dataclass(frozen=True, slots=True)
class HomepageUpdateParams:
    window_days: int = 14  # veto when nothing on the homepage is dated within this many days
    navigation_fallback: bool = True  # a homepage without any date is judged by its level-2 pages

    def __post_init__(self) -> None:
        _positive("window_days", self.window_days)


@dataclass(frozen=True, slots=True)
class ColumnBlankParams:
    threshold: int = 5  # veto when this many columns say they are empty
    columns: str = "column-update"  # the rule whose column discovery (depth, exemptions) is used
    update: ColumnUpdateParams | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _positive("threshold", self.threshold)
        object.__setattr__(self, "update", _sibling_params(self.columns, "columns", ColumnUpdateParams))


@dataclass(frozen=True, slots=True)
class AnnualReportParams:
    column: str = "column-xxgk-annual-report"  # the rule that finds the 年报 column
    department_deadline: str = "01-31"  # MM-DD: 县级以上人民政府部门 (条例 Art. 49)
    government_deadline: str = "03-31"  # MM-DD: 县级以上人民政府 (条例 Art. 49)
    title_keywords: tuple[str, ...] = ("年度报告", "年报")  # one of them, plus the year, in the item title …
    # … or every word of one of these groups (年度工作报告, 2025年度政府信息公开工作报告 …)
    title_word_groups: tuple[tuple[str, ...], ...] = (("年度", "报告"),)
    topic_keywords: tuple[str, ...] = ("信息公开",)  # also required for items found outside the 年报 column
    exclude: tuple[str, ...] = ("报表",)  # 政府网站工作年度报表 is another report
    resolved: ColumnParams | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _month_day("department_deadline", self.department_deadline)
        _month_day("government_deadline", self.government_deadline)
        if not _normalized(self.title_keywords) and not any(_normalized(g) for g in self.title_word_groups):
            raise ParamError("title_keywords", "needs at least one keyword (or a group in title_word_groups)")
        for i, group in enumerate(self.title_word_groups):
            if not _normalized(group):
                raise ParamError(f"title_word_groups[{i}]", "must hold at least one word")
        object.__setattr__(self, "resolved", _sibling_params(self.column, "column", ColumnParams))

    def deadline(self, level: Level, year: int) -> date:
        month, day = _month_day("", self.department_deadline if level is Level.DEPARTMENT else self.government_deadline)
        return date(year, month, day)


@dataclass(frozen=True, slots=True)
class ConsultationParams:
    min_days: int = 30  # a shorter comment period needs a stated reason
    lookback_days: int = 365  # notices whose period ended (or began) longer ago are not judged
    max_evidence: int = 10
    # a page counts as a 征求意见 notice only when its title (or ArticleTitle, or a link text naming it) says so
    notice_keywords: tuple[str, ...] = ("征求意见", "意见征集", "征集意见", "公开征求", "征求公众意见", "征求社会")

    def __post_init__(self) -> None:
        for name in ("min_days", "lookback_days", "max_evidence"):
            _positive(name, getattr(self, name))


@dataclass(frozen=True, slots=True)
class NormativeReviewParams:
    column: ColumnParams  # the 规范性文件备案审查 column
    title_keywords: tuple[str, ...] = ("备案审查",)  # items elsewhere on the site that count as such publications
    grace_days: int = 0  # a quarter is judged only when it ended more than this many days before the reference date

    def __post_init__(self) -> None:
        if self.grace_days < 0:
            raise ParamError("grace_days", f"must be ≥ 0 (got {self.grace_days})")


#: message lists whose page (title, ColumnName, link texts naming it) says one of these are not 政务咨询 columns
NOT_CONSULTATION_LISTS = ("信访", "举报", "纪检", "访谈", "调查", "投票")


@dataclass(frozen=True, slots=True)
class MessageParams:
    window_days: int = 365  # messages asked within this many days before the reference date are judged
    max_days: int = 90  # veto when one of them is still unanswered after more than this many days
    count_late_answers: bool = False  # also veto a message answered after more than max_days
    max_evidence: int = 20
    exclude: tuple[str, ...] = NOT_CONSULTATION_LISTS

    def __post_init__(self) -> None:
        for name in ("window_days", "max_days", "max_evidence"):
            _positive(name, getattr(self, name))


@dataclass(frozen=True, slots=True)
class ReplyRecencyParams:
    max_days: int = 60  # deduct when the latest published reply is older than this
    exclude: tuple[str, ...] = NOT_CONSULTATION_LISTS

    def __post_init__(self) -> None:
        _positive("max_days", self.max_days)


# --- the stored crawl as a graph ------------------------------------------------------------------------


def _same_site(url: str, site_host: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    base = site_host[4:] if site_host.startswith("www.") else site_host
    return bool(host) and (host == site_host or host == base or host.endswith("." + base))


@dataclass(slots=True)
class _Crawl:
    """Pages by URL (and final URL), links by source page, data answers by the column they belong to."""

    site: SiteArtifacts
    pages: dict[str, PageRecord]
    out: dict[str, list[LinkRecord]]
    answers: dict[str, list[PageRecord]]
    home: PageRecord | None
    _dated_rows: dict[str, frozenset[str]] = field(default_factory=dict)
    _all_rows: frozenset[str] | None = None

    @classmethod
    def of(cls, site: SiteArtifacts) -> _Crawl:
        pages: dict[str, PageRecord] = {}
        for page in site.pages:
            pages.setdefault(page.url, page)
        for page in site.pages:
            if page.final_url:
                pages.setdefault(page.final_url, page)
        out: dict[str, list[LinkRecord]] = {}
        for link in site.links:
            out.setdefault(link.source, []).append(link)
        answers: dict[str, list[PageRecord]] = {}
        for page in site.pages:
            owner = _facts(page).get("list_of")
            if isinstance(owner, str) and owner and _list(page) is not None:
                answers.setdefault(owner, []).append(page)
        return cls(site, pages, out, answers, site.homepage)

    def page(self, url: str) -> PageRecord | None:
        return self.pages.get(url)

    def roots(self) -> list[str]:
        """The homepage's URL (the links found on it are stored under it)."""
        return [self.home.url] if self.home is not None else []

    def dated_rows(self, source: str) -> frozenset[str]:
        """Targets that are rows of a dated list (or published messages) on the source page: articles."""
        if source not in self._dated_rows:
            facts = _facts(self.page(source))
            rows: set[str] = set()
            lst = facts.get("list")
            if isinstance(lst, dict):
                rows.update(str(i.get("url")) for i in _items(lst) if i.get("date") and i.get("url"))
            for message in facts.get("messages") or []:
                if isinstance(message, dict) and message.get("url"):
                    rows.add(str(message["url"]))
            self._dated_rows[source] = frozenset(rows)
        return self._dated_rows[source]

    def row_anywhere(self, url: str) -> bool:
        """The URL is a dated row of some stored list (or a published message): an article, whatever its URL."""
        if self._all_rows is None:
            self._all_rows = frozenset(u for page in self.site.pages for u in self.dated_rows(page.url))
        return url in self._all_rows

    def same_site(self, url: str) -> bool:
        return _same_site(url, self.site.site.host)

    def answers_for(self, page_urls: Iterable[str]) -> list[PageRecord]:
        seen: dict[str, PageRecord] = {}
        for url in page_urls:
            page = self.page(url)
            for key in {url, page.final_url if page is not None else ""} - {""}:
                for answer in self.answers.get(key, ()):
                    seen.setdefault(answer.url, answer)
        return list(seen.values())


def _facts(page: PageRecord | None) -> dict[str, Any]:
    """The facts of a page that was fetched OK (empty otherwise)."""
    if page is None or page.outcome is not Outcome.OK or not isinstance(page.facts, dict):
        return {}
    return page.facts


def _list(page: PageRecord | None) -> dict[str, Any] | None:
    lst = _facts(page).get("list")
    return lst if isinstance(lst, dict) else None


def _items(lst: dict[str, Any]) -> list[dict[str, Any]]:
    items = lst.get("items")
    return [i for i in items if isinstance(i, dict)] if isinstance(items, list) else []


def _meta(page: PageRecord | None, name: str) -> str:
    meta = _facts(page).get("meta")
    if not isinstance(meta, dict):
        return ""
    for key, value in meta.items():
        if str(key).lower() == name.lower() and value:
            return " ".join(str(value).split())
    return ""


def _title(page: PageRecord | None) -> str:
    if page is None:
        return ""
    return " ".join((page.title or str(_facts(page).get("title") or "")).split())


def _unread_reason(page: PageRecord | None) -> str | None:
    """Why a page's content is not available (Chinese), or None when it was fetched OK and parsed."""
    if page is None:
        return "未抓取"
    if page.outcome is Outcome.OK:
        facts = page.facts if isinstance(page.facts, dict) else {}
        if facts.get("waf_challenge"):
            return "返回防火墙验证页面（无法判定）"
        if not facts:
            if page.detail.lower().startswith("not html"):
                return "不是网页"
            return "未解析（超出抓取深度或页面数上限）"
        return None
    return problem_label(page.detail, page.http_status, outcome=page.outcome)


def _broken(page: PageRecord | None) -> bool:
    return page is not None and page.outcome in (Outcome.BROKEN, Outcome.SOFT_404, Outcome.REDIRECT_LOOP)


def _gone(crawl: _Crawl, page: PageRecord) -> bool:
    """The page clearly does not exist: HTTP 404/410 on the site's own host. Other failures (403, 5xx, timeouts,
    refused connections, anything on another host) may be the crawler being turned away, and a soft 404 is a
    heuristic reading of a page's text (a script-filled page can look empty): not proof."""
    if not crawl.same_site(page.url):
        return False
    return page.outcome is Outcome.BROKEN and page.http_status in (404, 410)


#: URLs the spider never parses on purpose (search results, print views, calendars: spiders/outcome.py is_trap); they
#: hold no column links, so not reading them leaves nothing unknown.
_TRAP_QUERY = re.compile(
    r"(?:^|&)(?:print|printable|preview)=(?:1|true|yes)(?:&|$)|(?:^|&)(?:keyword|keywords|searchword|q|wd|query)=",
    re.IGNORECASE,
)
_TRAP_PATH = re.compile(r"/(?:calendar|rili|search|so|jsearch|fulltextsearch)(?:[/._]|$)", re.IGNORECASE)


def _trap(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_TRAP_QUERY.search(parts.query) or _TRAP_PATH.search(parts.path))


def _unknowable(crawl: _Crawl, url: str) -> str | None:
    """Why a same-site HTML page that could hold links or a list was not read (None: read, broken, not a page, or a
    crawler trap the spider skips on purpose)."""
    page = crawl.page(url)
    if page is None or page.kind != "page" or _broken(page) or not crawl.same_site(url) or _trap(url):
        return None
    reason = _unread_reason(page)
    return None if reason == "不是网页" else reason


def _reach(crawl: _Crawl, roots: Sequence[str], depth: int) -> dict[str, int]:
    """Link distance from the roots (breadth first), up to `depth`; insertion order = discovery order."""
    return _reach_tree(crawl, roots, depth)[0]


def _reach_tree(crawl: _Crawl, roots: Sequence[str], depth: int) -> tuple[dict[str, int], dict[str, LinkRecord]]:
    """Link distance from the roots (breadth first, up to `depth`) and, for every page reached, the link that first
    reached it (a shortest path back to a root)."""
    dist = {root: 0 for root in roots}
    via: dict[str, LinkRecord] = {}
    frontier = list(dict.fromkeys(roots))
    for level in range(1, depth + 1):
        nxt: list[str] = []
        for source in frontier:
            for link in crawl.out.get(source, ()):
                if link.target not in dist:
                    dist[link.target] = level
                    via[link.target] = link
                    nxt.append(link.target)
        frontier = nxt
    return dist, via


_TITLE_SPLIT = re.compile(r"\s*[_|｜\-—–·•:：>»/\\]+\s*|\s{2,}")


def _title_parts(title: str, site: Site) -> list[str]:
    """The parts of a page title that may name a column (the site's own name dropped)."""
    site_n = normalize(site.name)
    parts: list[str] = []
    for part in _TITLE_SPLIT.split(title):
        n = normalize(part)
        if not n or (site_n and (site_n in n or n in site_n)):
            continue
        if "人民政府" in n or "门户" in n or n.endswith("网") or n.endswith("网站"):
            continue
        parts.append(part.strip())
    return parts


def _column_name_meta(page: PageRecord | None) -> str:
    """The ColumnName meta of a page, last part of a path such as 首页>政务公开>通知公告."""
    value = _meta(page, "ColumnName")
    parts = [p.strip() for p in re.split(r"[>»/\\|]+", value) if p.strip()]
    return parts[-1] if parts else ""


def _article_page(page: PageRecord | None) -> bool:
    """A stored page that is a single article, never a column: ArticleTitle or PubDate meta, a 征求意见 period, or an
    article-shaped URL (a 相关阅读 box of dated links on an article does not make it a list column)."""
    if page is None:
        return False
    if is_article_url(page.url) or (page.final_url and is_article_url(page.final_url)):
        return True
    return bool(_meta(page, "ArticleTitle") or _meta(page, "PubDate") or _facts(page).get("comment_period"))


def _column_shaped(page: PageRecord | None) -> bool:
    """A page that may be a column page: fetched and parsed, not a data answer, not an article."""
    facts = _facts(page)
    if not facts or facts.get("list_of"):
        return False
    return not _article_page(page)


# --- column discovery -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Match:
    """A link or page recognised as the column."""

    url: str  # the column URL (link target)
    source: str  # the page that links to it
    text: str  # the link text
    how: str  # Chinese: what matched
    rank: tuple[int, int, int, int]  # (how: text < meta < slug < title, keyword order, link level, page order)


@dataclass(slots=True)
class _Search:
    """What a column search found and how far it could look."""

    params: ColumnParams
    roots: list[str]
    matches: list[_Match]  # best first, one per URL
    sources: int  # pages whose links were examined
    unread: list[tuple[str, str]]  # in-scope pages whose links could not be read: (url, reason)
    parent: _Search | None = None


def _first_keyword(text_n: str, keywords: tuple[str, ...]) -> int | None:
    for i, keyword in enumerate(keywords):
        if keyword in text_n:
            return i
    return None


def _excluded(text_n: str, params: ColumnParams) -> bool:
    return any(word in text_n for word in _normalized(params.exclude))


def _match_link(crawl: _Crawl, params: ColumnParams, link: LinkRecord, level: int, order: int) -> _Match | None:
    """How this link is the column, or None (excluded words, article-shaped URL or a dated list row)."""
    target = link.target
    keywords = _normalized(params.keywords)
    text_n = normalize(link.text)
    if _excluded(text_n, params) or is_article_url(target) or target in crawl.dated_rows(link.source):
        return None
    text = " ".join(link.text.split())
    if text_n and len(text_n) <= params.max_text:
        k = _first_keyword(text_n, keywords)
        if k is not None:
            return _Match(target, link.source, text, f"链接文字“{text}”（关键词“{params.keywords[k]}”）", (0, k, level, order))
    page = crawl.page(target)
    if _column_shaped(page):
        name = _column_name_meta(page)
        name_n = normalize(name)
        if name_n and len(name_n) <= params.max_text and not _excluded(name_n, params):
            k = _first_keyword(name_n, keywords)
            if k is not None:
                return _Match(target, link.source, text, f"栏目页元数据ColumnName“{name}”", (1, k, level, order))
    segment = column_segment(target)
    if segment and segment in {s.lower() for s in params.slugs}:
        return _Match(target, link.source, text, f"网址栏目目录“{segment}”", (2, 0, level, order))
    for pattern in params.url_patterns:
        if re.search(pattern, target):
            return _Match(target, link.source, text, f"网址“{target}”符合特征“{pattern}”", (2, 1, level, order))
    if _column_shaped(page):
        for part in _title_parts(_title(page), crawl.site.site):
            part_n = normalize(part)
            if len(part_n) <= params.max_text and not _excluded(part_n, params):
                k = _first_keyword(part_n, keywords)
                if k is not None:
                    return _Match(target, link.source, text, f"栏目页标题“{_title(page)}”", (3, k, level, order))
    return None


def _search(crawl: _Crawl, params: ColumnParams, max_roots: int = 5) -> _Search:
    """Find the column from the homepage (and, for `within`, from the parent column's pages)."""
    roots = crawl.roots()
    parent: _Search | None = None
    unread: list[tuple[str, str]] = []
    if params.parent is not None:
        parent = _search(crawl, params.parent, max_roots)
        for m in parent.matches[:max_roots]:
            reason = _unread_reason(crawl.page(m.url))
            if reason is None:
                roots.append(m.url)
            elif crawl.same_site(m.url) and not _broken(crawl.page(m.url)):
                unread.append((m.url, reason))
    dist = _reach(crawl, roots, params.depth)
    best: dict[str, _Match] = {}
    sources = 0
    order = 0
    for source, level in dist.items():
        if level >= params.depth:
            continue
        reason = _unknowable(crawl, source)
        if reason is not None and source not in roots:
            unread.append((source, reason))
        links = crawl.out.get(source, ())
        sources += bool(links)
        for link in links:
            order += 1
            if dist.get(link.target) == 0:  # the homepage or a parent column page itself
                continue
            m = _match_link(crawl, params, link, level + 1, order)
            if m is not None and (link.target not in best or m.rank < best[link.target].rank):
                best[link.target] = m
    matches = sorted(best.values(), key=lambda m: m.rank)
    logger.debug("column search name=%s roots=%d sources=%d matches=%d unread=%d",
                 params.name, len(roots), sources, len(matches), len(unread))
    return _Search(params, roots, matches, sources, list(dict.fromkeys(unread)), parent)


def _where(crawl: _Crawl, url: str) -> str:
    home = crawl.home
    return "首页" if home is not None and url in (home.url, home.final_url) else url


def _scope(crawl: _Crawl, search: _Search) -> str:
    """Chinese: where the search looked."""
    params = search.params
    extra = ""
    if params.parent is not None and len(search.roots) > 1:
        extra = f"及{_quoted(params.parent.name)}栏目页（{'、'.join(search.roots[1:])}）"
    return f"首页{extra}以下{params.depth}层链接共{search.sources}个页面"


def _gate(site: SiteArtifacts, what: str) -> CheckResult | None:
    """Inconclusive when the inspector's network failed or the homepage could not be read."""
    reason = self_check_failure(site)
    if reason:
        return inconclusive(f"检查端网络自检失败，{what}（{reason}）", site.site.url)
    problem = homepage_unusable(site.homepage)
    if problem:
        return inconclusive(f"{problem}，{what}", site.site.url)
    return None


def _unread_text(unread: Sequence[tuple[str, str]], limit: int = 3) -> str:
    shown = "；".join(f"{url} {reason}" for url, reason in unread[:limit])
    more = f"等{len(unread)}个" if len(unread) > limit else ""
    return f"{shown}{more}"


@dataclass(frozen=True, slots=True)
class ColumnMatch:
    """A link recognised as a required column (for `inspector page URL --json` and other reports)."""

    url: str  # the column URL (link target)
    source: str  # the page carrying the link
    text: str  # the link text
    how: str  # Chinese: what matched (链接文字“…”（关键词“…”）, 网址栏目目录“…”, 栏目页元数据ColumnName“…”, 栏目页标题“…”)


def find_column(site: SiteArtifacts, params: ColumnParams) -> tuple[ColumnMatch, ...]:
    """Every link of the stored crawl recognised as this column, best first (empty when the homepage is unusable).

    Works on a one-page "site" too: a SiteArtifacts whose homepage is the page and whose links are its links."""
    if homepage_unusable(site.homepage) is not None:
        return ()
    search = _search(_Crawl.of(site), params)
    return tuple(ColumnMatch(m.url, m.source, m.text, m.how) for m in search.matches)


def one_page_site(url: str, links: Iterable[tuple[str, str, str]], *, title: str = "", meta: dict[str, str] | None = None,
                  as_of: date | None = None) -> SiteArtifacts:
    """A "site" made of one fetched page (the homepage) and its links ((url, text, how) triples), for looking at a
    single page with the column rules (`inspector page URL --json`)."""
    home = PageRecord(0, url, "page", Outcome.OK, 200, depth=0, final_url=url, title=title,
                      facts={"meta": dict(meta or {})})
    edges = tuple(LinkRecord(0, url, target, text, how, "page", True) for target, text, how in links)
    return SiteArtifacts(0, Site(url, url, Level.CITY), as_of or date.today(), (home,), edges, ())


def columns_on_page(site: SiteArtifacts, rules: Iterable[Any]) -> list[dict[str, str]]:
    """The required columns a one-page site links, one entry per column rule that matched (best match):
    {"rule_id", "name", "text", "url", "how"}. Section rules (`within` the platform) search the page itself."""
    out: list[dict[str, str]] = []
    for rule in rules:
        if rule.check != "inspector.checks.columns:required_column":
            continue
        params = rule.params
        if getattr(params, "within", ""):
            params = dataclasses.replace(params, within="")  # the page may be the platform itself
        matches = find_column(site, params)
        if matches:
            best = matches[0]
            out.append({"rule_id": rule.id, "name": params.name, "text": best.text, "url": best.url, "how": best.how})
    return out


def required_column(site: SiteArtifacts, params: ColumnParams) -> list[CheckResult]:
    """栏目检查: the site links the required column (found by link text, ColumnName meta, URL slug or page title)."""
    name = _quoted(params.name)
    gate = _gate(site, f"无法查找{name}栏目")
    if gate is not None:
        return [gate]
    crawl = _Crawl.of(site)
    search = _search(crawl, params)
    return [_judge_presence(crawl, search)]


def _judge_presence(crawl: _Crawl, search: _Search) -> CheckResult:
    params = search.params
    name = _quoted(params.name)
    url = crawl.site.site.url
    usable: list[_Match] = []
    unknown: list[tuple[_Match, str]] = []
    broken: list[tuple[_Match, PageRecord]] = []
    for m in search.matches:
        page = crawl.page(m.url)
        if page is None or (page.outcome is Outcome.OK and not page.facts.get("waf_challenge")):
            usable.append(m)
        elif page is not None and _gone(crawl, page):
            broken.append((m, page))
        elif page is not None and page.outcome is Outcome.SOFT_404:
            unknown.append((m, "显示“页面不存在”类提示（可能由脚本加载内容），需人工核实"))
        elif page is not None and _broken(page):  # 403, 5xx, timeouts, another host: the crawler may be the problem
            label = problem_label(page.detail, page.http_status, outcome=page.outcome)
            where = "（其他网站的平台）" if not crawl.same_site(m.url) else ""
            unknown.append((m, f"访问{where}返回{label}，可能是对检查工具的拦截"))
        else:
            unknown.append((m, _unread_reason(page) or ""))
    if usable:
        m = usable[0]
        page = crawl.page(m.url)
        note = "；栏目页未抓取" if page is None else ""
        detail = f"匹配方式：{m.how}；链接所在页面：{_where(crawl, m.source)}{note}"
        return passed(f"找到{name}栏目：{m.url}，{m.how}", url,
                      [Evidence(url=m.url, referrer=m.source, text=m.text, detail=detail)])
    if unknown:
        m, reason = unknown[0]
        return inconclusive(f"找到{name}栏目链接：{m.url}，{m.how}；但栏目页{reason}，无法确认", url,
                            [Evidence(url=m.url, referrer=m.source, text=m.text, detail=f"匹配方式：{m.how}；{reason}")])
    if broken:
        m, page = broken[0]
        label = problem_label(page.detail, page.http_status, attachment=page.kind == "attachment", outcome=page.outcome)
        evidence = [Evidence(url=b.url, referrer=b.source, text=b.text, detail=f"匹配方式：{b.how}",
                             http_status=p.http_status) for b, p in broken[:5]]
        return failed(f"{name}栏目链接无法访问：{m.url}，{label}；{m.how}", url, evidence)
    return _not_found(crawl, search)


def _not_found(crawl: _Crawl, search: _Search) -> CheckResult:
    params = search.params
    name = _quoted(params.name)
    url = crawl.site.site.url
    scope = _scope(crawl, search)
    parent = search.parent
    if params.parent is not None and parent is not None:
        parent_name = _quoted(params.parent.name)
        if not parent.matches and params.parent_required:
            if parent.unread:
                return inconclusive(f"未找到{parent_name}栏目，且有页面无法读取（{_unread_text(parent.unread)}），"
                                    f"无法查找{name}", url, _unread_evidence(parent.unread))
            return not_applicable(f"未找到上级栏目{parent_name}（已在该项中计），{scope}中也未找到{name}，不再单独判定", url)
        if parent.matches and len(search.roots) == 1:  # no parent page could be read
            return inconclusive(f"{parent_name}栏目页无法读取（{_unread_text(search.unread)}），无法查找{name}", url,
                                _unread_evidence(search.unread))
    if search.unread:
        return inconclusive(f"在{scope}中未找到{name}栏目，但有{len(search.unread)}个页面无法读取"
                            f"（{_unread_text(search.unread)}），无法确认", url, _unread_evidence(search.unread))
    if params.missing == "inconclusive":
        return inconclusive(f"在{scope}中未找到{name}链接；该功能可能以表单等形式提供（表单不在采集的链接中），需人工核实", url)
    return failed(f"未找到{name}栏目（已查找{scope}）", url)


def _unread_evidence(unread: Sequence[tuple[str, str]], limit: int = 10) -> list[Evidence]:
    return [Evidence(url=u, detail=reason) for u, reason in unread[:limit]]


# --- reading lists --------------------------------------------------------------------------------------


#: `date_from` of a list item whose year the extractor supplied ([11-26] rows): it may prove freshness, never
#: staleness on its own (a wrongly implied year makes a fresh row look years old).
IMPLIED_YEAR = "row-implied-year"


@dataclass(frozen=True, slots=True)
class _Item:
    title: str
    url: str
    date: date | None
    pinned: bool
    date_from: str = "row"  # "row" | "row-implied-year" | "url" | "none"

    @property
    def weak(self) -> bool:
        """The date's year was implied, not read."""
        return self.date_from == IMPLIED_YEAR


def _item(raw: dict[str, Any]) -> _Item:
    day = _iso(raw.get("date"))
    source = str(raw.get("date_from") or ("row" if day else "none"))
    return _Item(" ".join(str(raw.get("title") or "").split()), str(raw.get("url") or ""), day,
                 bool(raw.get("pinned")), source)


def _newest_first(items: Sequence[_Item]) -> bool:
    """The dated, unpinned items of one list page run from newest to oldest (pinned rows break no order)."""
    dated = [i.date for i in items if i.date is not None and not i.pinned]
    return all(a >= b for a, b in zip(dated, dated[1:]))


@dataclass(frozen=True, slots=True)
class _ListView:
    """The union of a column's list, its pager pages' lists and its data answers."""

    readable: bool  # at least one list was read
    blank: bool  # some list says it is empty
    items: tuple[_Item, ...]
    reason: str  # why nothing could be read ("" when readable)
    truncated: bool  # the list states more pages / items than were read
    ordered: bool = True  # every list page read runs newest first
    stated: str = ""  # Chinese: what the list says of its size (共56条 / 共3页), "" when it says nothing
    competing: bool = False  # a page of it shows a larger undated group of title rows beside the chosen list

    def dates(self, as_of: date) -> tuple[list[date], int]:
        """(item dates not after `as_of`, number of items dated after it)."""
        dated = [i.date for i in self.items if i.date is not None]
        return [d for d in dated if d <= as_of], sum(d > as_of for d in dated)


def _pager_group(crawl: _Crawl, url: str, limit: int = 50) -> list[str]:
    """The page and its stored pager pages (followed from page to page), in order of discovery."""
    group = [url]
    index = 0
    while index < len(group) and len(group) < limit:
        lst = _list(crawl.page(group[index]))
        index += 1
        for nxt in (lst or {}).get("pager") or []:
            if isinstance(nxt, str) and nxt not in group and _list(crawl.page(nxt)) is not None:
                group.append(nxt)
    return group


def _read(crawl: _Crawl, members: Sequence[str]) -> _ListView:
    lists: list[dict[str, Any]] = []
    reason = ""
    for url in members:
        page = crawl.page(url)
        lst = _list(page)
        if lst is not None:
            lists.append(lst)
        elif not reason:
            why = _unread_reason(page)
            reason = f"栏目页{why}" if why else "栏目页未识别到信息列表（可能由脚本加载）"
    answers = crawl.answers_for(members)
    lists.extend(lst for lst in (_list(a) for a in answers) if lst is not None)
    seen: dict[tuple[str, date | None], _Item] = {}
    ordered = True
    for lst in lists:
        page_items = [_item(raw) for raw in _items(lst)]
        ordered = ordered and _newest_first(page_items)
        for item in page_items:
            seen.setdefault((item.url or item.title, item.date), item)
    items = tuple(seen.values())
    stated_pages = max((int(lst["pages"]) for lst in lists
                        if isinstance(lst.get("pages"), int) and not isinstance(lst.get("pages"), bool)), default=0)
    stated_total = max((int(lst["total"]) for lst in lists
                        if isinstance(lst.get("total"), int) and not isinstance(lst.get("total"), bool)), default=0)
    read_pages = sum(1 for url in members if _list(crawl.page(url)) is not None) + len(answers)
    truncated = stated_pages > read_pages or stated_total > len(items)
    said = (f"共{stated_total}条" if stated_total else "", f"共{stated_pages}页" if stated_pages else "")
    stated = "、".join(x for x in said if x)
    blank = any(bool(lst.get("blank")) for lst in lists)
    competing = any(lst.get("competing_undated") is True for lst in lists)
    return _ListView(bool(lists), blank, items, "" if lists else reason or "栏目页未识别到信息列表", truncated,
                     ordered, stated, competing)


# --- column states --------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Column:
    url: str
    members: list[str]
    dist: int
    names: list[str]  # best first: ColumnName meta, link texts, title parts
    trail: list[tuple[str, list[str]]] = field(default_factory=list)  # pages leading to it: (url, names), top first
    path: str = ""  # the full ColumnName meta (首页>专题专栏>脱贫攻坚>工作动态), "" when none


@dataclass(frozen=True, slots=True)
class _Kind:
    """How the column-update rule sees a column: its type, or why it is exempt, and whether it is a 一级栏目."""

    key: str  # type key, EXEMPT or "" (untyped)
    exempt_why: str = ""  # Chinese, when exempt by a keyword, URL pattern or override
    subsite: str = ""  # Chinese: the sub-site it belongs to ("" for the portal's own columns)


_PAGING_PARAM = re.compile(r"^(?:page(?:no|num|index|size)?|curpage|currentpage|pn|p)$", re.IGNORECASE)


def _canonical(url: str) -> str:
    """The URL without an index file, trailing slash or paging parameters (/tzgg/ ≡ /tzgg/index.shtml, and
    list.jsp?page=2 is the same column as list.jsp: a "更多>>" link to page 2 must not become a column of older
    items of its own)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if segments and _INDEX_FILE.match(segments[-1]) and not re.search(r"_\d+\.", segments[-1]):
        segments.pop()
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _PAGING_PARAM.match(pair.split("=", 1)[0])
    )
    return f"{parts.netloc.lower()}/{'/'.join(segments)}?{query}"


class _UnionFind:
    def __init__(self) -> None:
        self.up: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.up.setdefault(x, x)
        while self.up[x] != x:
            self.up[x] = self.up[self.up[x]]
            x = self.up[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.up[rb] = ra


def _link_names(crawl: _Crawl, dist: dict[str, int], depth: int, max_text: int) -> dict[str, list[str]]:
    """target → its non-generic short link texts from in-scope pages, nearest first."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    order = 0
    for source, level in dist.items():
        if level >= depth:
            continue
        for link in crawl.out.get(source, ()):
            order += 1
            text = " ".join(link.text.split())
            text_n = normalize(text)
            if _generic(text_n) or len(text_n) > max_text:
                continue
            found.setdefault(link.target, []).append((level, order, text))
    return {t: list(dict.fromkeys(x[2] for x in sorted(v))) for t, v in found.items()}


def _trail(crawl: _Crawl, url: str, via: dict[str, LinkRecord], roots: set[str]) -> list[tuple[str, list[str]]]:
    """The pages on the shortest link path from the homepage to `url` (both left out), top first, each with the
    names it goes by there: the link text that led to it, its full ColumnName path, its title parts."""
    chain: list[tuple[str, list[str]]] = []
    link = via.get(url)
    seen = {url}
    while link is not None and link.source not in roots and link.source not in seen:
        source = link.source
        seen.add(source)
        up = via.get(source)
        page = crawl.page(source)
        names = [" ".join(up.text.split())] if up is not None else []
        names += [_meta(page, "ColumnName")] + _title_parts(_title(page), crawl.site.site)
        chain.append((source, [n for n in dict.fromkeys(names) if n and not _generic(normalize(n))]))
        link = up
    return chain[::-1]


def _discover_columns(crawl: _Crawl, params: ColumnUpdateParams,
                      typed: Callable[[_Column], bool]) -> list[_Column]:
    """Columns reachable within `depth` of the homepage: list pages (pager pages and duplicates merged) and pages a
    typed link text names whose list could not be read. Article pages (ArticleTitle / PubDate meta, a 征求意见
    period, an article-shaped URL, a dated row of some list) are never columns, whatever list of related links
    they carry."""
    roots = crawl.roots()
    dist, via = _reach_tree(crawl, roots, params.depth)
    names_by_target = _link_names(crawl, dist, params.depth, params.max_text)
    ignored = [re.compile(p) for p in params.ignore_url_patterns]

    def eligible(url: str) -> bool:
        page = crawl.page(url)
        return not (is_article_url(url) or any(p.search(url) for p in ignored)
                    or (page is not None and page.kind != "page") or _facts(page).get("list_of")
                    or _article_page(page) or crawl.row_anywhere(url))

    def column(url: str, members: list[str], level: int) -> _Column:
        return _Column(url, members, level, _names(crawl, members, names_by_target),
                       _trail(crawl, url, via, set(roots)), _meta(crawl.page(url), "ColumnName"))

    uf = _UnionFind()
    listed: list[str] = []
    for url, level in dist.items():
        if level == 0 or not eligible(url):
            continue
        if _list(crawl.page(url)) is not None or crawl.answers_for([url]):
            listed.append(url)
            uf.find(url)
            for member in _pager_group(crawl, url):
                uf.union(url, member)
    by_canonical: dict[str, str] = {}
    for url in listed:
        key = _canonical(url)
        if key in by_canonical:
            uf.union(by_canonical[key], url)
        else:
            by_canonical[key] = url
    groups: dict[str, list[str]] = {}
    for url in list(uf.up):
        groups.setdefault(uf.find(url), []).append(url)
    columns: list[_Column] = []
    grouped: set[str] = set()
    for members in groups.values():
        in_scope = [m for m in members if m in dist]
        rep = min(in_scope or members, key=lambda u: (dist.get(u, params.depth + 1), len(u), u))
        ordered = [rep] + sorted((m for m in members if m != rep), key=lambda u: (len(u), u))
        grouped.update(ordered)
        columns.append(column(rep, ordered, dist.get(rep, params.depth)))
    for url, level in dist.items():  # typed link texts whose page carries no readable list
        if level == 0 or url in grouped or not eligible(url) or not crawl.same_site(url):
            continue
        candidate = column(url, [url], level)
        if candidate.names and typed(candidate):
            columns.append(candidate)
    order = {url: i for i, url in enumerate(dist)}
    return sorted(columns, key=lambda c: (c.dist, order.get(c.url, len(order))))


def _names(crawl: _Crawl, members: Sequence[str], names_by_target: dict[str, list[str]]) -> list[str]:
    names: list[str] = []
    for url in members[:1]:
        meta = _column_name_meta(crawl.page(url))
        if meta and not _generic(normalize(meta)):
            names.append(meta)
    for url in members:
        names.extend(names_by_target.get(url, ()))
    if crawl.page(members[0]) is not None:
        names.extend(_title_parts(_title(crawl.page(members[0])), crawl.site.site))
    return list(dict.fromkeys(n for n in names if n))


def _classify(params: ColumnUpdateParams, names: Sequence[str], url: str) -> str:
    """The column's type key, "" when untyped (the name of the first name that matches decides)."""
    keys = list(params.types)
    for name in names:
        name_n = normalize(name)
        best: tuple[int, int] | None = None
        best_key = ""
        for index, (key, kind) in enumerate(params.types.items()):
            for keyword in _normalized(kind.keywords):
                if keyword in name_n and (best is None or (len(keyword), -index) > best):
                    best, best_key = (len(keyword), -index), key
        if best_key:
            return best_key
    segment = column_segment(url)
    for key in keys:
        if segment and segment in {s.lower() for s in params.types[key].slugs}:
            return key
    return ""


def _override(params: ColumnUpdateParams, site: Site, names: Sequence[str], url: str) -> str:
    """The per-site override for this column ("" when none): a type key or "exempt"."""
    for where in (site.host, site.site_code):
        mapping = params.overrides.get(where) if where else None
        if not mapping:
            continue
        wanted = {normalize(n) for n in names}
        for key, kind in mapping.items():
            if key == url or (normalize(key) and normalize(key) in wanted):
                return kind
    return ""


def _path_parts(path: str) -> list[str]:
    return [p.strip() for p in re.split(r"[>»/\\|]+", path) if p.strip()]


def _exempt_why(params: ColumnUpdateParams, column: _Column) -> str:
    """Why the column needs no update (Chinese), "" when it is not exempt: an exempt keyword in its names, its full
    ColumnName path or the names of the pages leading to it; or its URL (or a leading page's) matching a pattern."""
    words = _normalized(params.exempt_keywords)
    if words:
        for name in [*column.names, column.path]:
            word = next((w for w in words if w in normalize(name)), None)
            if word:
                return f"栏目名称{_quoted(name)}含“{word}”"
        for _url, names in reversed(column.trail):
            for name in names:
                word = next((w for w in words if w in normalize(name)), None)
                if word:
                    return f"位于{_quoted(name)}之下（含“{word}”）"
    for url in [column.url, *(u for u, _ in reversed(column.trail))]:
        path = urlsplit(url).path or "/"
        for pattern in params.exempt_url_patterns:
            m = re.search(pattern, path)
            if m:
                return f"网址{'' if url == column.url else '上级页面'}含“{m.group(0)}”（专题、历史或子站目录）"
    return ""


def _subsite(params: ColumnUpdateParams, column: _Column) -> str:
    """The sub-site (a department's or township's pages on the portal) the column sits in, "" when none."""
    patterns = [re.compile(p) for p in params.subsite_name_patterns]
    if not patterns:
        return ""
    leading = [n for _u, names in column.trail for n in names] + _path_parts(column.path)[:-1]
    for name in leading:
        name_n = normalize(name)
        if name_n and name_n not in ("首页", "网站首页") and any(p.search(name_n) for p in patterns):
            return name
    return ""


def _kind(params: ColumnUpdateParams, site: Site, column: _Column) -> _Kind:
    """Override first; then the exemptions (before any typing: an archived 工作动态 is not a 动态 column to keep
    fresh); then the type by name or slug."""
    override = _override(params, site, column.names, column.url)
    if override == EXEMPT:
        return _Kind(EXEMPT, "按网站配置（overrides）")
    if override:
        return _Kind(override, "", _subsite(params, column))
    why = _exempt_why(params, column)
    if why:
        return _Kind(EXEMPT, why)
    return _Kind(_classify(params, column.names, column.url), "", _subsite(params, column))


def column_states(site: SiteArtifacts, params: ColumnUpdateParams) -> tuple[ColumnState, ...]:
    """Every column of the site with its type, latest date and status (empty when the homepage was not read).

    A column = a stored page with facts["list"] (or Hanweb data answers naming it) within `params.depth` links of
    the homepage (the 政府信息公开 platform included), named by its ColumnName meta, else the link text that led to
    it, else its title; pager pages and data answers are merged into it. A page a typed link text names whose list
    could not be read is a column too, status "unreadable". Article pages are never columns. Columns exempt by
    keyword or URL (topics, archives, sub-sites) are "untyped" with the reason in the note.
    """
    return tuple(state for state, _kind in _column_states(site, params))


def _column_states(site: SiteArtifacts, params: ColumnUpdateParams) -> list[tuple[ColumnState, _Kind]]:
    if homepage_unusable(site.homepage) is not None:
        return []
    crawl = _Crawl.of(site)

    def typed(column: _Column) -> bool:
        kind = _kind(params, site.site, column).key
        return bool(kind) and kind != EXEMPT

    out: list[tuple[ColumnState, _Kind]] = []
    for column in _discover_columns(crawl, params, typed):
        kind = _kind(params, site.site, column)
        out.append((_state(crawl, params, column, kind), kind))
    return out


def _state(crawl: _Crawl, params: ColumnUpdateParams, column: _Column, how: _Kind) -> ColumnState:
    site = crawl.site
    as_of = site.as_of
    name = column.names[0] if column.names else (column_segment(column.url) or column.url)
    kind = how.key
    ctype = params.types.get(kind)
    label = ctype.label if ctype is not None else ""
    window = ctype.window_days if ctype is not None else None
    view = _read(crawl, column.members)
    dates, future = view.dates(as_of)
    ignored = f"（另有{future}条日期晚于检查基准日{as_of}，已忽略）" if future else ""
    latest = max(dates) if dates else None
    days = (as_of - latest).days if latest is not None else None
    count = len(view.items)
    kind_key = kind if ctype is not None else ""
    where = f"（{how.subsite}的栏目，不属于一级栏目）" if how.subsite and ctype is not None else ""

    def state(status: str, note: str) -> ColumnState:
        return ColumnState(name, column.url, kind_key, label, latest, days, window, count, status, note)

    if kind == EXEMPT:
        topic = "专题" in normalize(" ".join([*column.names, column.path])) or "专题" in how.exempt_why
        extra = "；专题是否开设由栏目检查项另行检查，不受此豁免影响" if topic else ""
        return state("untyped", f"按配置不计入更新检查（豁免：{how.exempt_why}）{extra}")
    if not view.readable:
        return state("unreadable", view.reason if "无法判定" in view.reason else f"{view.reason}，无法判定")
    if not view.items:
        if view.blank:
            return state("blank", "栏目无任何信息，页面注明暂无信息")
        return state("unreadable", "未读取到列表条目，无法判定")
    if latest is None or days is None:
        return state("unreadable", f"列表条目均无可用日期，无法判断更新时间{ignored}")
    when = f"最近更新{latest.isoformat()}，距今{days}天"
    if ctype is None or window is None:
        return state("untyped", f"未归类，不计入更新检查；{when}{ignored}")
    if days <= window:
        return state("fresh", f"{when}，未超过{window}天{ignored}{where}")
    doubt = _stale_doubt(view, as_of)
    if doubt:
        return state("unreadable", f"{when}，{doubt}，无法判定是否超过{window}天{ignored}")
    return state("stale", f"{when}，超过{window}天{ignored}{where}")


def _stale_doubt(view: _ListView, as_of: date) -> str:
    """Why a list that looks stale may not be (Chinese), "" when its dates can be trusted: every dated row is
    pinned; the list is cut off (it states more pages or items than were read) and not in newest-first order; or
    some dates carry a year the extractor implied ([11-26]); or the page shows a larger list of undated title rows
    beside the dated one (facts["list"]["competing_undated"]: the dated one may be a sidebar box)."""
    dated = [i for i in view.items if i.date is not None and i.date <= as_of]
    if view.competing:
        return "但栏目页另有条目更多、日期无法识别的列表，已读取的带日期列表可能不是栏目本身的列表"
    if dated and all(i.pinned for i in dated):
        return "但带日期的条目均为置顶条目，栏目最近的信息可能未显示在已读取的列表中"
    if view.truncated and not view.ordered:
        said = f"（列表注明{view.stated}）" if view.stated else ""
        return f"但列表未读完{said}且不是按日期从新到旧排列，最新信息可能在未读取的分页中"
    weak = [i for i in dated if i.weak]
    if weak:
        return f"但其中{len(weak)}条的日期未标年份（年份为推断），不能据此认定超期"
    return ""


# --- freshness and emptiness ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Dated:
    day: date
    title: str
    url: str
    kind: str  # "row": a dated row of a list (may prove staleness); "implied": a row whose year was implied;
    #            "link": a link whose URL carries a date; "text": a date somewhere in the page text
    pinned: bool = False

    @property
    def content(self) -> bool:
        return self.kind != "text"


_DATED_RANK = {"row": 3, "implied": 2, "link": 1, "text": 0}


def _page_dated(crawl: _Crawl, page: PageRecord) -> list[_Dated]:
    """Dated things on one page: its list rows (and data answers), its links to dated article URLs, its text dates."""
    found: list[_Dated] = []
    view = _read(crawl, [page.url])
    for item in view.items:
        if item.date is not None:
            kind = "row" if item.date_from == "row" else "implied" if item.weak else "link"
            found.append(_Dated(item.date, item.title, item.url or page.url, kind, item.pinned))
    for link in crawl.out.get(page.url, ()):
        day = url_date(link.target)
        if day is not None:
            found.append(_Dated(day, " ".join(link.text.split()), link.target, "link"))
    for value in _facts(page).get("dates") or []:
        day = _iso(value)
        if day is not None:
            found.append(_Dated(day, "", page.url, "text"))
    return found


_FRAME_HOWS = frozenset({"iframe", "frame"})


def _homepage_parts(crawl: _Crawl, home: PageRecord) -> tuple[list[PageRecord], list[tuple[str, str]]]:
    """The homepage and the pages it shows in frames / iframes (a news block is often an iframe), and the framed
    pages that could not be read (url, reason)."""
    parts = [home]
    unread: list[tuple[str, str]] = []
    for link in crawl.out.get(home.url, ()):
        if link.how not in _FRAME_HOWS or link.target in {p.url for p in parts}:
            continue
        page = crawl.page(link.target)
        reason = _unread_reason(page)
        if reason is None and page is not None:
            parts.append(page)
        elif page is not None and not _gone(crawl, page) and reason != "不是网页":
            unread.append((link.target, reason or ""))
    return parts, unread


def homepage_update(site: SiteArtifacts, params: HomepageUpdateParams) -> list[CheckResult]:
    """首页不更新 (veto). The homepage (with the pages it frames) passes with anything dated within `window_days`;
    it fails only when its own dated list rows are all older than that. Dates from URLs, page text or rows whose
    year was implied can prove freshness, never staleness; a homepage without dated rows is 无法判定 (its news may
    be loaded by a script), and so is one that also shows a list-like group of 3+ title rows whose dates could not
    be read (facts["list"]["undated_rows"]); a navigation-only homepage passes on fresh level-2 pages."""
    gate = _gate(site, "无法判断首页更新情况")
    if gate is not None:
        return [gate]
    crawl = _Crawl.of(site)
    home = crawl.home
    assert home is not None  # the gate checked it
    as_of, window, url = site.as_of, params.window_days, site.site.url
    parts, unread = _homepage_parts(crawl, home)
    dated = [d for page in parts for d in _page_dated(crawl, page)]
    usable = [d for d in dated if d.day <= as_of]
    future = len(dated) - len(usable)
    ignored = f"（另有{future}处日期晚于检查基准日，已忽略）" if future else ""
    framed = f"（含首页内嵌框架页面{len(parts) - 1}个）" if len(parts) > 1 else ""
    if usable:
        undated = max((_undated_rows(_list(page)) for page in parts), default=0)
        return [_judge_homepage(usable, as_of, window, url, f"首页{framed}", ignored, unread, undated)]
    if unread:
        return [inconclusive(f"首页未发现日期信息，首页内嵌的框架页面无法读取（{_unread_text(unread)}），"
                             "无法判断首页更新情况", url, _unread_evidence(unread))]
    if not params.navigation_fallback:
        return [inconclusive(f"首页未发现日期信息{ignored}，无法判断首页更新情况", url)]
    level2: list[_Dated] = []
    pages = 0
    for target in dict.fromkeys(link.target for link in crawl.out.get(home.url, ())):
        page = crawl.page(target)
        if page is None or page.kind != "page" or not crawl.same_site(target) or is_article_url(target):
            continue
        reason = _unknowable(crawl, target)
        if reason is not None:
            unread.append((target, reason))
            continue
        if _facts(page):
            pages += 1
            level2.extend(d for d in _page_dated(crawl, page) if d.day <= as_of)
    if level2:
        latest = max(level2, key=lambda d: (d.day, _DATED_RANK[d.kind]))
        days = (as_of - latest.day).days
        title = f"（“{latest.title}”）" if latest.title else ""
        evidence = [Evidence(url=latest.url, text=latest.title, detail=f"最近日期{latest.day.isoformat()}")]
        message = f"首页为导航页（无日期信息），其{pages}个二级页面最近更新日期为{latest.day.isoformat()}{title}，距今{days}天"
        if days <= window:
            return [passed(f"{message}，未超过{window}天{ignored}", url, evidence)]
        more = f"；另有{len(unread)}个二级页面无法读取（{_unread_text(unread)}）" if unread else ""
        return [inconclusive(f"{message}，超过{window}天{more}；但首页本身没有带日期的信息，也可能是首页信息由脚本加载而未被"
                             f"识别，不能据此认定首页不更新，需人工核实{ignored}", url, evidence)]
    if unread:
        return [inconclusive(f"首页未发现日期信息，二级页面中有{len(unread)}个无法读取（{_unread_text(unread)}），"
                             "无法判断首页更新情况", url, _unread_evidence(unread))]
    return [inconclusive(f"首页及其二级页面均未发现日期信息{ignored}，无法判断首页更新情况（首页信息可能由脚本加载）", url)]


def _undated_rows(lst: dict[str, Any] | None) -> int:
    """facts["list"]["undated_rows"]: the title rows of a visible list-like group beside the list whose dates the
    extractor could not read (0 when none)."""
    value = (lst or {}).get("undated_rows")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _judge_homepage(dated: list[_Dated], as_of: date, window: int, url: str, what: str, ignored: str,
                    unread: Sequence[tuple[str, str]] = (), undated: int = 0) -> CheckResult:
    latest = max(dated, key=lambda d: (d.day, _DATED_RANK[d.kind]))
    days = (as_of - latest.day).days
    title = f"（“{latest.title}”）" if latest.title else ""
    evidence = [Evidence(url=latest.url, text=latest.title, detail=f"最近日期{latest.day.isoformat()}")]
    message = f"{what}最近更新日期为{latest.day.isoformat()}{title}，距今{days}天"
    if days <= window:
        return passed(f"{message}，未超过{window}天{ignored}", url, evidence)
    rows = [d for d in dated if d.kind == "row"]
    if not rows:
        seen = "页面文字" if not any(d.content for d in dated) else "文章链接网址或页面文字"
        return inconclusive(f"{what}未识别到带日期的信息列表，{seen}中最近的日期为{latest.day.isoformat()}"
                            f"（距今{days}天）；这类日期不能证明首页未更新（首页信息可能由脚本加载），无法判断是否更新{ignored}",
                            url, evidence)
    newest = max(rows, key=lambda d: d.day)
    doubts: list[str] = []
    if unread:
        doubts.append(f"首页内嵌的框架页面无法读取（{_unread_text(unread)}）")
    implied = [d for d in dated if d.kind == "implied"]
    if implied:
        doubts.append(f"首页有{len(implied)}条信息的日期未标年份（年份为推断）")
    if all(d.pinned for d in rows):
        doubts.append("带日期的信息均为置顶条目")
    if undated >= 3:
        doubts.append(f"首页另有{undated}条信息的列表未能识别日期（其日期可能较新）")
    row_evidence = [Evidence(url=newest.url, text=newest.title, detail=f"首页信息列表最近日期{newest.day.isoformat()}")]
    row_title = f"（“{newest.title}”）" if newest.title else ""
    row_message = (f"{what}信息列表最近一条日期为{newest.day.isoformat()}{row_title}，"
                   f"距今{(as_of - newest.day).days}天")
    if doubts:
        return inconclusive(f"{row_message}，超过{window}天；但{'；'.join(doubts)}，无法确认首页未更新{ignored}", url,
                            row_evidence + _unread_evidence(unread))
    return failed(f"{row_message}，超过{window}天未更新{ignored}", url, row_evidence)


def _kind_counts(states: Sequence[ColumnState], params: ColumnUpdateParams, kinds: Iterable[str]) -> str:
    parts = []
    for kind in kinds:
        n = sum(s.kind == kind for s in states)
        if n:
            t = params.types[kind]
            parts.append(f"{t.label}类{n}个（超过{t.window_days}天）")
    return "、".join(parts)


def _column_evidence(states: Sequence[ColumnState], limit: int) -> list[Evidence]:
    return [Evidence(url=s.url, text=s.name, detail=f"{s.kind_label + '：' if s.kind_label else ''}{s.note}")
            for s in states[:limit]]


def _listing(states: Sequence[ColumnState], limit: int = 10) -> str:
    shown = "、".join(f"“{s.name}”（{s.note}）" for s in states[:limit])
    return shown + (f"等{len(states)}个" if len(states) > limit else "")


def column_update(site: SiteArtifacts, params: ColumnUpdateParams) -> list[CheckResult]:
    """栏目不更新 (veto): stale 动态要闻 + 通知公告/政策文件 columns ≥ combined_threshold, or stale typed columns ≥
    total_threshold. Columns that could not be read are never stale; they make a near miss inconclusive."""
    gate = _gate(site, "无法检查栏目更新情况")
    if gate is not None:
        return [gate]
    url = site.site.url
    pairs = _column_states(site, params)
    states = [state for state, _kind in pairs]
    typed = [s for s in states if s.kind]
    if not states:
        return [inconclusive("未识别到任何栏目列表，无法检查栏目更新情况", url)]
    if not typed:
        exempt = sum(kind.key == EXEMPT for _state, kind in pairs)
        also = f"（其中{exempt}个为专题、历史或子站栏目，按配置豁免）" if exempt else ""
        return [not_applicable(f"已识别{len(states)}个栏目{also}，均不属于{'、'.join(t.label for t in params.types.values())}"
                               "等需定期更新的类型", url)]
    # clause (1) counts the portal's own (一级) columns: not those of a department's or township's sub-site
    first_level = {id(state) for state, kind in pairs if not kind.subsite}
    stale = [s for s in typed if s.status == "stale"]
    unknown = [s for s in typed if s.status == "unreadable"]
    combined = [s for s in stale if s.kind in params.combined_kinds and id(s) in first_level]
    combined_unknown = [s for s in unknown if s.kind in params.combined_kinds and id(s) in first_level]
    subsite_stale = sum(s.kind in params.combined_kinds and id(s) not in first_level for s in stale)
    ct, tt = params.combined_threshold, params.total_threshold
    kinds = list(params.types)
    combined_kinds = [k for k in kinds if k in params.combined_kinds]
    ordered = combined + [s for s in stale if s not in combined]
    evidence = _column_evidence(ordered, params.max_evidence)
    if len(combined) >= ct:
        extra = f"；超期未更新栏目共{len(stale)}个，亦达到{tt}个" if len(stale) >= tt else ""
        return [failed(f"{_kind_counts(combined, params, combined_kinds)}，合计{len(combined)}个，达到{ct}个的否决线"
                       f"{extra}：{_listing(combined)}", url, evidence)]
    if len(stale) >= tt:
        return [failed(f"应更新而超期未更新的栏目共{len(stale)}个（{_kind_counts(stale, params, kinds)}），"
                       f"达到{tt}个的否决线：{_listing(ordered)}", url, evidence)]
    fresh = sum(s.status == "fresh" for s in typed)
    summary = (f"已识别需定期更新的栏目{len(typed)}个：按时更新{fresh}个，超期未更新{len(stale)}个"
               + (f"（{_kind_counts(stale, params, kinds)}）" if stale else "")
               + (f"，无法读取或无法判定{len(unknown)}个" if unknown else "")
               + (f"；其中{subsite_stale}个超期栏目属于部门、乡镇等子站，不是一级栏目，不计入第（1）款" if subsite_stale else ""))
    if len(combined) + len(combined_unknown) >= ct or len(stale) + len(unknown) >= tt:
        return [inconclusive(f"{summary}；无法读取或无法判定的栏目可能使超期栏目达到否决线（{ct}个/{tt}个），无法判定："
                             f"{_listing(unknown)}", url, _column_evidence(unknown + ordered, params.max_evidence))]
    return [passed(f"{summary}，未达到否决线（{'、'.join(params.types[k].label for k in combined_kinds)}类合计{ct}个，"
                   f"或全部{tt}个）" + (f"：{_listing(ordered)}" if stale else ""), url, evidence)]


def column_blank(site: SiteArtifacts, params: ColumnBlankParams) -> list[CheckResult]:
    """空白栏目 (veto): at least `threshold` columns whose list says it is empty. An unreadable list is never blank."""
    gate = _gate(site, "无法检查空白栏目")
    if gate is not None:
        return [gate]
    assert params.update is not None
    url = site.site.url
    states = column_states(site, params.update)
    if not states:
        return [inconclusive("未识别到任何栏目列表，无法检查空白栏目", url)]
    blank = [s for s in states if s.status == "blank"]
    unknown = [s for s in states if s.status == "unreadable"]
    limit = params.update.max_evidence
    if len(blank) >= params.threshold:
        return [failed(f"空白栏目{len(blank)}个，达到{params.threshold}个的否决线：{_listing(blank, 20)}", url,
                       _column_evidence(blank, limit))]
    summary = f"已识别栏目{len(states)}个，空白栏目{len(blank)}个" + (f"，无法读取{len(unknown)}个" if unknown else "")
    if len(blank) + len(unknown) >= params.threshold:
        return [inconclusive(f"{summary}；无法读取的栏目可能使空白栏目达到{params.threshold}个，无法判定：{_listing(unknown)}",
                             url, _column_evidence(unknown + blank, limit))]
    shown = f"：{_listing(blank)}" if blank else ""
    return [passed(f"{summary}，未达到{params.threshold}个{shown}", url, _column_evidence(blank, limit))]


# --- checks from the plan and the law -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    """A published item found anywhere on the site: a list row or a link."""

    title: str
    url: str
    date: date | None
    where: str  # the page it was found on
    in_column: bool
    weak: bool = False  # the date's year was implied ([03-14] rows), not read


def _entry(item: _Item, where: str, in_column: bool) -> _Entry:
    return _Entry(item.title, item.url, item.date, where, in_column, item.weak)


def _column_entries(crawl: _Crawl, search: _Search, limit: int = 5) -> tuple[list[_Entry], _ListView | None, str]:
    """Rows of the column the search found (its pager pages and data answers included), the view, its URL."""
    for m in search.matches[:limit]:
        page = crawl.page(m.url)
        if page is not None and page.outcome is not Outcome.OK:
            continue
        members = _pager_group(crawl, m.url)
        view = _read(crawl, members)
        if view.readable:
            return [_entry(i, m.url, True) for i in view.items], view, m.url
    if search.matches:
        m = search.matches[0]
        return [], _read(crawl, [m.url]), m.url
    return [], None, ""


def _site_entries(crawl: _Crawl) -> Iterator[_Entry]:
    """Every list row and every link text stored for the site (dates from the row, else from the URL, else the
    target page's PubDate meta)."""
    for page in crawl.site.pages:
        for item in _items(_list(page) or {}):
            yield _entry(_item(item), page.url, False)
    for link in crawl.site.links:
        target = crawl.page(link.target)
        day = url_date(link.target) or _iso(_meta(target, "PubDate"))
        yield _Entry(" ".join(link.text.split()), link.target, day, link.source, False)


def annual_report_deadline(site: SiteArtifacts, params: AnnualReportParams) -> list[CheckResult]:
    """政府信息公开工作年度报告: last year's report published by 31 Jan (departments) / 31 Mar (governments)."""
    gate = _gate(site, "无法检查政府信息公开工作年度报告")
    if gate is not None:
        return [gate]
    assert params.resolved is not None
    url, as_of = site.site.url, site.as_of
    year = as_of.year - 1
    deadline = params.deadline(site.site.level, as_of.year)
    who = "县级以上人民政府部门" if site.site.level is Level.DEPARTMENT else "县级以上人民政府"
    limit = f"法定期限{_cn(deadline)}（{who}）"
    if as_of <= deadline:
        return [not_applicable(f"{year}年度报告的{limit}尚未届满（检查基准日{as_of.isoformat()}），不检查", url)]
    crawl = _Crawl.of(site)
    search = _search(crawl, params.resolved)
    column_rows, view, column_url = _column_entries(crawl, search)
    reports = [e for e in [*column_rows, *_site_entries(crawl)] if _is_report(e, year, params)]
    unique: dict[str, _Entry] = {}
    for entry in sorted(reports, key=lambda e: e.date is None):  # a dated sighting of a report wins
        unique.setdefault(entry.url or entry.title, entry)
    reports = list(unique.values())
    dated = sorted((e for e in reports if e.date is not None and e.date <= as_of),
                   key=lambda e: (e.date or as_of, e.weak))
    if dated:
        first = dated[0]
        evidence = [Evidence(url=first.url, referrer=first.where, text=first.title, detail=f"发布日期{first.date}")]
        assert first.date is not None
        if first.date <= deadline:
            return [passed(f"{year}年度政府信息公开工作年度报告已于{first.date.isoformat()}发布（“{first.title}”），"
                           f"未超过{limit}", url, evidence)]
        if first.weak:
            return [inconclusive(f"{year}年度政府信息公开工作年度报告（“{first.title}”）所在列表的日期未标年份，推断为"
                                 f"{first.date.isoformat()}，晚于{limit}；年份为推断，无法确认", url, evidence)]
        return [failed(f"{year}年度政府信息公开工作年度报告发布于{first.date.isoformat()}（“{first.title}”），"
                       f"晚于{limit}", url, evidence)]
    if reports:
        e = reports[0]
        return [inconclusive(f"找到{year}年度报告“{e.title}”，但无法确定其发布日期", url,
                             [Evidence(url=e.url, referrer=e.where, text=e.title)])]
    name = _quoted(params.resolved.name)
    if view is not None and view.readable:
        return [_no_report_in_column(view, column_rows, column_url, name, year, deadline, limit, url, as_of, params)]
    if view is not None:
        return [inconclusive(f"{name}栏目（{column_url}）的列表无法读取（{view.reason}），"
                             f"已抓取的页面中也未发现{year}年度报告，无法判定", url)]
    return [inconclusive(f"未找到{name}栏目（见该项），已抓取的页面中也未发现{year}年度政府信息公开工作年度报告，无法判定", url)]


def _no_report_in_column(view: _ListView, rows: Sequence[_Entry], column_url: str, name: str, year: int, deadline: date,
                         limit: str, url: str, as_of: date, params: AnnualReportParams) -> CheckResult:
    """The 年报 column was read and no title names last year's report. A fail needs clear evidence: the list is
    dated, read far enough (complete, or newest first) and carries items published after the deadline, none of them
    the report (a late report would fail anyway). Otherwise the report may be there under a title the tool does not
    recognise: 无法判定, naming the newest title seen."""
    after = sorted((e for e in rows if e.date is not None and not e.weak and deadline < e.date <= as_of),
                   key=lambda e: e.date or as_of, reverse=True)
    if after and (view.ordered or not view.truncated):
        e = after[0]
        assert e.date is not None
        return failed(f"{name}栏目（{column_url}）中未找到{year}年度政府信息公开工作年度报告；已过{limit}，栏目在期限后已发布"
                      f"{len(after)}条信息（最新一条为“{e.title}”，{e.date.isoformat()}），其中没有该年度报告", url,
                      [Evidence(url=column_url, text=e.title, detail=f"未找到{year}年度报告；期限后发布{len(after)}条")])
    newest = _newest_report(rows, params)
    seen = max((e for e in rows if e.date is not None and e.date <= as_of), key=lambda e: e.date or as_of, default=None)
    if seen is None and rows:
        seen = rows[0]
    parts = []
    if newest is not None:
        parts.append(f"识别到的最新一份年度报告为“{newest.title}”" + (f"（{newest.date.isoformat()}）" if newest.date else ""))
    if seen is not None and seen is not newest:
        parts.append(f"栏目中最新的一条为“{seen.title}”" + (f"（{seen.date.isoformat()}）" if seen.date else ""))
    if not rows:
        parts.append("栏目列表中没有条目")
    hint = "；".join(parts)
    shown = newest or seen
    return inconclusive(f"{name}栏目（{column_url}）中未识别到标题含“{year}”的政府信息公开工作年度报告（已过{limit}）"
                        + (f"；{hint}" if hint else "") + "；栏目中没有期限之后发布的信息，报告可能以其他标题发布，需人工核实",
                        url, [Evidence(url=column_url, text=shown.title if shown else "", detail=f"未识别到{year}年度报告")])


_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "◯": "0", "O": "0", "o": "0", "0": "0", "一": "1", "二": "2", "三": "3",
              "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_CN_YEAR = re.compile(r"([〇零○◯Oo0一二三四五六七八九]{4})(?=\s*年)")


def _title_years(title: str) -> set[int]:
    """The years a title names: 2025, ２０２５, 二〇二五年, 二○二五年."""
    text = unicodedata.normalize("NFKC", title or "")
    text = _CN_YEAR.sub(lambda m: "".join(_CN_DIGITS[c] for c in m.group(1)), text)
    return {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)}


def _report_titled(title_n: str, params: AnnualReportParams) -> bool:
    """The (normalised) title reads as an annual report: one of the keywords, or every word of one group."""
    if any(w in title_n for w in _normalized(params.exclude)):
        return False
    if any(k in title_n for k in _normalized(params.title_keywords)):
        return True
    return any(words and all(w in title_n for w in words) for words in map(_normalized, params.title_word_groups))


def _is_report(entry: _Entry, year: int, params: AnnualReportParams) -> bool:
    title_n = normalize(entry.title)
    if year not in _title_years(entry.title) or not _report_titled(title_n, params):
        return False
    return entry.in_column or any(t in title_n for t in _normalized(params.topic_keywords))


def _newest_report(entries: Sequence[_Entry], params: AnnualReportParams) -> _Entry | None:
    best: tuple[int, _Entry] | None = None
    for entry in entries:
        if not _report_titled(normalize(entry.title), params):
            continue
        years = _title_years(entry.title)
        if years and (best is None or max(years) > best[0]):
            best = (max(years), entry)
    return best[1] if best else None


def consultation_period(site: SiteArtifacts, params: ConsultationParams) -> list[CheckResult]:
    """征求意见期限: each 征求意见 notice of the last `lookback_days` gives at least `min_days` calendar days, or
    says why it is shorter. One failing result (one deduction) per notice."""
    gate = _gate(site, "无法检查征求意见期限")
    if gate is not None:
        return [gate]
    url, as_of = site.site.url, site.as_of
    since = as_of - timedelta(days=params.lookback_days)
    judged: list[tuple[PageRecord, int, str, str]] = []  # (page, days, period text, reason)
    undated = old = not_notice = 0
    seen: set[str] = set()
    inbound: dict[str, list[str]] = {}
    for link in site.links:
        inbound.setdefault(link.target, []).append(link.text)
    words = _normalized(params.notice_keywords)
    for page in site.pages:
        period = _facts(page).get("comment_period")
        if not isinstance(period, dict) or page.url in seen:
            continue
        seen.add(page.url)
        names = [_title(page), _meta(page, "ArticleTitle"), *inbound.get(page.url, ()),
                 *inbound.get(page.final_url, ())]
        if words and not any(w in normalize(n) for n in names for w in words):
            not_notice += 1  # a 公示 or an article quoting a period: not a 征求意见 notice
            continue
        start, end = _iso(period.get("start")), _iso(period.get("end"))
        days = (end - start).days + 1 if start and end else period.get("days")
        if isinstance(days, bool) or not isinstance(days, int) or days < 1:
            undated += 1
            continue
        ref = end or start
        if ref is not None and ref < since:
            old += 1
            continue
        span = f"{start.isoformat()}至{end.isoformat()}" if start and end else "起止日期不全"
        judged.append((page, days, span, " ".join(str(period.get("reason") or "").split())))
    if not judged:
        extra = []
        if old:
            extra.append(f"{old}条在近{params.lookback_days}天之前")
        if undated:
            extra.append(f"{undated}条未能识别起止日期")
        notes = [f"另有征求意见通知{'、'.join(extra)}"] if extra else []
        if not_notice:
            notes.append(f"另有{not_notice}个页面载有期限但标题不是征求意见通知（如公示），未计入")
        note = f"（{'；'.join(notes)}）" if notes else ""
        return [not_applicable(f"近{params.lookback_days}天内未发现载明起止日期的征求意见通知{note}", url)]
    results: list[CheckResult] = []
    short_with_reason = 0
    for page, days, span, reason in judged:
        title = _title(page) or page.url
        if days >= params.min_days:
            continue
        if reason:
            short_with_reason += 1
            continue
        results.append(failed(f"征求意见通知“{title}”的征求意见期为{span}，共{days}天，少于{params.min_days}天且未说明理由",
                              page.url, [Evidence(url=page.url, text=title, detail=f"征求意见期{span}，共{days}天")]))
    if results:
        return results
    note = f"（其中{short_with_reason}条少于{params.min_days}天，已说明理由）" if short_with_reason else ""
    evidence = [Evidence(url=p.url, text=_title(p),
                         detail=f"{span}，共{d}天" + (f"；理由：{r}" if r and d < params.min_days else ""))
                for p, d, span, r in judged[:params.max_evidence]]
    return [passed(f"近{params.lookback_days}天内征求意见通知{len(judged)}条，征求意见期均不少于{params.min_days}天"
                   f"或已说明理由{note}", url, evidence)]


_QUARTER_NAMES = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_RE = re.compile(r"(?:(20\d{2})年度?)?第?([一二三四1-4])季度")
_QUARTER_LABELS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}


def _quarter_end(year: int, quarter: int) -> date:
    return date(year, 12, 31) if quarter == 4 else date(year, 3 * quarter + 1, 1) - timedelta(days=1)


def _quarter_of(entry: _Entry, year: int) -> int | None:
    """The quarter of `year` an entry publishes: the quarter its title names, else the quarter of its date."""
    m = _QUARTER_RE.search(normalize(entry.title))
    if m:
        named_year = int(m.group(1)) if m.group(1) else (entry.date.year if entry.date else year)
        return _QUARTER_NAMES[m.group(2)] if named_year == year else None
    if entry.date is not None and entry.date.year == year:
        return (entry.date.month - 1) // 3 + 1
    return None


def normative_review_quarterly(site: SiteArtifacts, params: NormativeReviewParams) -> list[CheckResult]:
    """规范性文件备案审查结果按季度公开 (plan task 7): at least one publication in each completed quarter of the year."""
    gate = _gate(site, "无法检查规范性文件备案审查结果公开情况")
    if gate is not None:
        return [gate]
    url, as_of = site.site.url, site.as_of
    year = as_of.year
    quarters = [q for q in range(1, 5) if _quarter_end(year, q) + timedelta(days=params.grace_days) < as_of]
    if not quarters:
        return [not_applicable(f"{year}年尚无已结束的季度（检查基准日{as_of.isoformat()}），不检查", url)]
    crawl = _Crawl.of(site)
    search = _search(crawl, params.column)
    column_rows, view, column_url = _column_entries(crawl, search)
    keywords = _normalized(params.title_keywords)
    others = [e for e in _site_entries(crawl) if any(k in normalize(e.title) for k in keywords)]
    found: dict[int, _Entry] = {}
    for entry in [*column_rows, *others]:
        if entry.date is not None and entry.date > as_of:
            continue
        q = _quarter_of(entry, year)
        if q is not None and q not in found:
            found[q] = entry
    missing = [q for q in quarters if q not in found]
    name = _quoted(params.column.name)
    listed = "、".join(f"{_QUARTER_LABELS[q]}（“{e.title}”{'，' + e.date.isoformat() if e.date else ''}）"
                      for q, e in sorted(found.items()) if q in quarters)
    evidence = [Evidence(url=e.url, referrer=e.where, text=e.title, detail=_QUARTER_LABELS[q])
                for q, e in sorted(found.items()) if q in quarters]
    if not missing:
        return [passed(f"{year}年已结束的{len(quarters)}个季度均有规范性文件备案审查结果公开：{listed}", url, evidence)]
    labels = "、".join(_QUARTER_LABELS[q] for q in missing)
    if view is not None and view.readable and view.truncated:
        oldest = min((i.date for i in view.items if i.date is not None), default=None)
        if not view.ordered or oldest is None or oldest > _quarter_end(year, missing[0]):
            return [inconclusive(f"{name}栏目（{column_url}）未读完（列表还有未抓取的分页），{year}年{labels}的公开情况无法确认"
                                 + (f"；已找到：{listed}" if listed else ""), url, evidence)]
    # a row dated [05-20] (year implied) might belong to this year although its implied year says otherwise
    unsure = [e for e in [*column_rows, *others]
              if e.weak and e.date is not None and not _QUARTER_RE.search(normalize(e.title))
              and (e.date.month - 1) // 3 + 1 in missing]
    if unsure:
        e = unsure[0]
        return [inconclusive(f"{year}年{labels}未见规范性文件备案审查结果；但“{e.title}”等{len(unsure)}条的日期未标年份"
                             f"（推断为{e.date.isoformat() if e.date else ''}），可能属于这些季度，无法确认"
                             + (f"；已找到：{listed}" if listed else ""), url, evidence)]
    if not found and view is not None and not view.readable:
        return [inconclusive(f"{name}栏目（{column_url}）的列表无法读取（{view.reason}），无法判定", url)]
    if not found and view is None and search.unread:
        return [inconclusive(f"未找到{name}栏目，且有{len(search.unread)}个页面无法读取（{_unread_text(search.unread)}），无法判定",
                             url, _unread_evidence(search.unread))]
    where = f"{name}栏目（{column_url}）" if column_url else f"网站（未找到{name}栏目）"
    have = f"；已公开：{listed}" if listed else ""
    result = failed(f"{where}{year}年{labels}未公开规范性文件备案审查结果{have}", url, evidence, count=len(missing))
    return [result]


# --- 互动交流: published messages -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Message:
    title: str
    url: str
    page: str
    asked: date | None
    answered: date | None
    status: str
    pending: bool = False  # explicitly unanswered: a 未回复/办理中 status, or an empty 答复时间 where other rows have one

    @property
    def is_answered(self) -> bool:
        return self.answered is not None or self.status == "answered"

    @property
    def unknown(self) -> bool:
        """Neither answered nor explicitly pending (no status, no answer date: the answer may be on the detail page)."""
        return not self.is_answered and not self.pending


def _page_names(site: SiteArtifacts, page: PageRecord, inbound: dict[str, list[str]]) -> list[str]:
    """What a page calls itself and what links call it: its title, its ColumnName path, the texts linking to it."""
    return [n for n in (_meta(page, "ColumnName"), *inbound.get(page.url, ()), *inbound.get(page.final_url, ()),
                        *_title_parts(_title(page), site.site)) if n]


def _messages(site: SiteArtifacts, exclude: Sequence[str] = ()) -> tuple[list[_Message], list[tuple[str, str, str]]]:
    """The published messages of the site (each once) and the message lists left out because they are not 政务咨询
    columns (网上信访, 举报, 在线访谈, 调查 …): (page url, name, word)."""
    inbound: dict[str, list[str]] = {}
    for link in site.links:
        inbound.setdefault(link.target, []).append(" ".join(link.text.split()))
    words = _normalized(tuple(exclude))
    found: dict[tuple[str, date | None], _Message] = {}
    skipped: list[tuple[str, str, str]] = []
    for page in site.pages:
        raws = [r for r in _facts(page).get("messages") or [] if isinstance(r, dict)]
        if not raws:
            continue
        hit = next(((n, w) for n in _page_names(site, page, inbound) for w in words if w in normalize(n)), None)
        if hit is not None:
            skipped.append((page.url, hit[0], hit[1]))
            continue
        shows_answer_dates = any(_iso(r.get("answered")) for r in raws)
        for raw in raws:
            asked, answered, status = _iso(raw.get("asked")), _iso(raw.get("answered")), str(raw.get("status") or "")
            if status == "invalid":  # 不予受理 / 无效 / 重复留言: not a valid message, the indicator does not count it
                continue
            # Facts that carry "status_text" were judged by the extractor (pending only from an empty answer cell
            # with no status wording); older / hand-made facts: an empty 答复时间 among answered rows is pending.
            judged = "status_text" in raw
            pending = status == "pending" or (not judged and status == "" and answered is None and shows_answer_dates)
            message = _Message(" ".join(str(raw.get("title") or "").split()), str(raw.get("url") or ""), page.url,
                               asked, answered, status, pending and answered is None)
            found.setdefault((message.url or message.title, message.asked), message)
    return list(found.values()), skipped


def _skipped_note(skipped: Sequence[tuple[str, str, str]]) -> str:
    if not skipped:
        return ""
    shown = "、".join(dict.fromkeys(f"“{name}”" for _u, name, _w in skipped[:3]))
    return f"（另有{len(skipped)}个留言列表属于网上信访、举报、访谈、调查等栏目（{shown}），按指标不计入）"


def interaction_response(site: SiteArtifacts, params: MessageParams) -> list[CheckResult]:
    """互动回应差 (veto, clause 2): a message of the last year still unanswered after more than `max_days` days.

    Unanswered = an explicit pending status (未回复, 办理中) or an empty 答复时间 in a list that shows answer dates for
    other rows; a message without status or answer date may have its answer on the detail page and is not counted.
    Lists of 网上信访, 举报, 在线访谈, 调查 columns are left out (the indicator excludes them)."""
    gate = _gate(site, "无法检查留言答复情况")
    if gate is not None:
        return [gate]
    url, as_of = site.site.url, site.as_of
    messages, skipped = _messages(site, params.exclude)
    skipped_note = _skipped_note(skipped)
    if not messages:
        return [not_applicable("网站未公开带留言时间和答复时间（或办理状态）的政务咨询留言，无法检查留言答复情况"
                               + skipped_note, url)]
    since = as_of - timedelta(days=params.window_days)
    recent = [m for m in messages if m.asked is not None and since <= m.asked <= as_of]
    if not recent:
        return [passed(f"近{params.window_days}天内没有公开的留言（共读取留言{len(messages)}条）{skipped_note}", url)]
    overdue = [m for m in recent if m.pending and m.asked is not None and (as_of - m.asked).days > params.max_days]
    late: list[_Message] = []
    if params.count_late_answers:
        late = [m for m in recent if m.answered is not None and m.asked is not None
                and (m.answered - m.asked).days > params.max_days]
    if overdue or late:
        evidence = [Evidence(url=m.url or m.page, referrer=m.page, text=m.title,
                             detail=f"留言时间{m.asked}，未答复，已{(as_of - m.asked).days}天" if m in overdue and m.asked
                             else f"留言时间{m.asked}，答复时间{m.answered}")
                    for m in (overdue + late)[:params.max_evidence]]
        parts = []
        if overdue:
            shown = "、".join(f"“{m.title}”（留言时间{m.asked}，已{(as_of - m.asked).days}天）" for m in overdue[:5] if m.asked)
            parts.append(f"{len(overdue)}条留言超过{params.max_days}天未答复：{shown}")
        if late:
            parts.append(f"{len(late)}条留言超过{params.max_days}天才答复")
        return [failed(f"近{params.window_days}天内" + "；".join(parts), url, evidence)]
    pending = sum(m.pending for m in recent)
    unknown = sum(m.unknown for m in recent)
    extra = f"，{pending}条待答复（均未超过{params.max_days}天）" if pending else ""
    if unknown:
        extra += f"；{unknown}条列表中未标注答复时间或办理状态（答复可能在详情页），不计为未答复"
    return [passed(f"近{params.window_days}天内公开留言{len(recent)}条，无超过{params.max_days}天未答复的留言{extra}"
                   f"{skipped_note}", url)]


def interaction_reply_recency(site: SiteArtifacts, params: ReplyRecencyParams) -> list[CheckResult]:
    """留言答复更新 (deduct): a reply published within the last `max_days` days."""
    gate = _gate(site, "无法检查留言答复情况")
    if gate is not None:
        return [gate]
    url, as_of = site.site.url, site.as_of
    messages, skipped = _messages(site, params.exclude)
    skipped_note = _skipped_note(skipped)
    if not messages:
        return [not_applicable("网站未公开带答复时间的政务咨询留言，无法检查留言答复更新情况" + skipped_note, url)]
    replies = [m for m in messages if m.answered is not None and m.answered <= as_of]
    if not replies:
        if any(m.status == "answered" for m in messages):
            return [inconclusive(f"公开的{len(messages)}条留言显示已答复，但未标注答复时间，无法判断答复是否及时", url)]
        unknown = [m for m in messages if m.unknown]
        if unknown:
            return [inconclusive(f"公开的{len(messages)}条留言中{len(unknown)}条在列表中未标注答复时间或办理状态（答复可能在"
                                 f"详情页），无法判断最近一次答复的时间{skipped_note}", url,
                                 [Evidence(url=m.url or m.page, referrer=m.page, text=m.title, detail=f"留言时间{m.asked}")
                                  for m in unknown[:5]])]
        return [failed(f"公开的{len(messages)}条留言均标为未答复，未见公开的答复{skipped_note}", url,
                       [Evidence(url=m.url or m.page, referrer=m.page, text=m.title, detail=f"留言时间{m.asked}，未答复")
                        for m in messages[:5]])]
    latest = max(replies, key=lambda m: m.answered or as_of)
    assert latest.answered is not None
    days = (as_of - latest.answered).days
    evidence = [Evidence(url=latest.url or latest.page, referrer=latest.page, text=latest.title,
                         detail=f"答复时间{latest.answered}")]
    message = f"最近一次公开答复为{latest.answered.isoformat()}（“{latest.title}”），距今{days}天"
    if days <= params.max_days:
        return [passed(f"{message}，未超过{params.max_days}天{skipped_note}", url, evidence)]
    return [failed(f"{message}，超过{params.max_days}天未公开留言答复{skipped_note}", url, evidence)]
