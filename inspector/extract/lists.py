"""The main list of a column page (facts["list"]): dated items, stated totals, blank markers, pager URLs.

A list is the largest group of sibling rows (li / tr / dd / dt / div / p / a …) that each carry one content link
whose text looks like a title and, for most rows, a date — in the row's own text or cells (`2020-11-26`,
`2020年11月26日`, `[11-26]` / `11-26` with the year implied), else in the item URL (`t20201126_`,
`/art/2020/11/26/`). Navigation menus, footers, 友情链接 selects and tab headers carry no dates and are never taken
as the list.

A year-less row date takes its year from the full dates in the same list's own rows (pinned rows aside), else
from the reference date, and never falls after the reference date; such items have date_from
"row-implied-year" (DATE_FROM_ROW_IMPLIED), so that a judgement never rests on an implied year alone.

`extract_list` returns None for a page without a list: never an empty list, except when the page SAYS it is
empty, which is a list with no items and `blank=True`. Saying so means: a visible marker ("暂无信息", or a zero
total "共0条" in the list's pager line) in the main content (not in a hidden element, a template, a script, nav,
header, footer or a sidebar-like box), on a page that has no list rows, states no further pages and shows no sign
of a list loaded by a script (a data-loading script, a Hanweb jpage, a client-side template, an iframe). When in
doubt there is no list at all (unknown), never a blank one.

`competing_undated` (in `to_dict` only when true): the page also shows a visible group outside the navigation,
sidebars and footer with MORE title rows (titles of MAIN_ROW_TITLE_CHARS+ characters linking to documents, not to column
directories; at least 3, and at least half its rows) than the chosen list, but
too few readable dates to be chosen — e.g. the column's real list with unreadable dates beside a small dated
"热点推荐" sidebar. The chosen list may then not be the column's list: its dates may prove freshness, never
staleness (the checks treat a stale-looking column with this mark as 无法判定). `undated_rows` (in `to_dict`
only when non-zero): the title rows of the largest such undated group, whatever its size (see `undated_rows`);
on a homepage it keeps a stale-looking dated box from proving that the homepage is not updated.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from inspector.extract._dom import (
    HtmlElement,
    INVISIBLE_TAGS,
    as_tree,
    element_text,
    inline_scripts,
    norm_space,
    parse_html,
    shown_lines,
    tag_name,
    visible_text,
)
from inspector.extract.dates import find_dates, implied_date, scan_dates
from inspector.extract.links import (
    _COUNT_PAGE_NAME_RE,
    _COUNT_PAGE_RE,
    _CREATE_PAGE_RE,
    _CURRENT_PAGE_RE,
    _js_targets,
    document_base,
    resolve_url,
)

logger = logging.getLogger(__name__)

MAX_ITEMS = 200  # items kept per list (page order)
PAGER_EXPAND = 5  # further pages named from a createPageHTML(n, …) call (n may be 1000)
MAX_PAGER = 20  # pager URLs kept per page
MAX_ROW_LINKS = 3  # a row with more links is a container (a menu, a whole block), not one item
MAX_ROW_CHARS = 400  # a row with more text is an article body, not one item
MIN_TITLE_CHARS = 4
MAX_LINE_CHARS = 120  # totals and page counts are read from short lines (pager bars), not from article text
BLANK_LINE_CHARS = 40  # a blank marker is a short message of its own ("暂无信息！")
ARTICLE_PROSE_CHARS = 300  # this much text in link-free <p>s makes a page an article
LIST_CONTAINERS = frozenset({"ul", "ol", "dl", "table", "tbody"})

DATE_FROM_ROW, DATE_FROM_URL, DATE_FROM_NONE = "row", "url", "none"
DATE_FROM_ROW_IMPLIED = "row-implied-year"  # a year-less row date ([11-26], 11-26) given its year by inference
ROW_SOURCES = frozenset({DATE_FROM_ROW, DATE_FROM_ROW_IMPLIED})

# Elements that repeat once per item; td/th are cells of a tr row, never rows themselves.
ROW_TAGS = frozenset(
    {"li", "tr", "dd", "dt", "div", "p", "a", "span", "section", "article", "h2", "h3", "h4", "h5", "h6", "font",
     "td"}
)  # fmt: skip
CELL_TAGS = frozenset({"td", "th"})

# Link texts that are never an item title (pager, "more", navigation words).
NOT_TITLES = frozenset(
    {"更多", "更多>>", "更多>", "more", "more>>", "首页", "上一页", "下一页", "上页", "下页", "尾页", "末页", "前页",
     "后页", "返回", "返回首页", "网站首页", "查看更多", "详细", "详情", "点击查看", "打印", "关闭", "关闭窗口",
     "打印本页", "收藏", "置顶", "top",
     # site utility links (footers, top bars): their URLs may carry dates (…/wzsm/201709/t20170912_719157.html)
     "网站声明", "联系我们", "网站地图", "帮助", "使用帮助", "网站帮助", "关于我们", "隐私声明", "隐私政策", "版权声明",
     "免责声明", "法律声明", "网站导航", "站点地图", "设为首页", "加入收藏", "无障碍", "无障碍浏览", "长者模式", "关怀版",
     "网站纠错", "我要纠错", "返回顶部", "网站介绍", "网站简介", "网站说明", "本站介绍", "english", "繁體", "简体",
     "繁体版", "简体版", "登录", "注册", "搜索", "高级搜索"}
)  # fmt: skip
_NOT_TITLE_RE = re.compile(r"^[\s\d\W_]*$")  # digits / punctuation only ("1", "»", "[2]")
_TITLE_MARKER_RE = re.compile(r"^(?:[·•●◆◇■□▪▶►>\-—*]+\s*)+")
_PIN_MARK_RE = re.compile(r"[\[【(（〔]?\s*置\s*顶\s*[\]】)）〕]?")
_TRUNCATED_RE = re.compile(r"(?:\.{2,}|…+|。{3,})\s*$")
_PIN_CLASS_TOKENS = frozenset({"top", "istop", "is-top", "is_top", "settop", "zhiding", "ding", "pin", "pinned",
                               "sticky"})
_PIN_SRC_RE = re.compile(r"(?:zhiding|置顶|(?:^|[/_\-])(?:top|ding)\d*\.(?:gif|png|jpe?g))", re.IGNORECASE)
_HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HEADER_WORDS = ("标题", "名称", "题目", "主题", "日期", "时间", "发布", "文号", "索引号", "发文")
_TRAILING_DATE_RE = re.compile(
    r"^(?P<title>.*?)\s*(?P<date>[\[【(（]?\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*[\]】)）]?"
    r"|[\[【(（]\s*\d{1,2}\s*[-/.]\s*\d{1,2}\s*[\]】)）])$"
)

# Stated totals and page counts (visible text of short lines).
_TOTAL_RES = (
    re.compile(r"(?:共|总共|总计|合计|共有|共计|总数)\s*[:：]?\s*(\d+)\s*(?:条|篇|项|个记录|份)"),
    re.compile(r"(?:总记录数|记录总数|记录数|总条数|信息总数|总记录)\s*[:：]?\s*(\d+)"),
)
_PAGES_RES = (
    re.compile(r"(?:共|总共|总计|共有)\s*[:：]?\s*(\d+)\s*页"),
    re.compile(r"(?:总页数|页数)\s*[:：]\s*(\d+)"),
    re.compile(r"(?:页次|第)\s*[:：]?\s*\d+\s*/\s*(\d+)\s*页?"),
    re.compile(r"(?<![\d/])\d+\s*/\s*(\d+)\s*页"),
)
# Page-count variables of pager scripts (TRS: var countPage=56), whose pager shows "总共56页". A record count in a
# script (var countnum=6348) is never shown to the reader and is not taken as a stated total.
_SCRIPT_PAGES_RE = re.compile(
    r"\b(?:countPage|pageCount|totalPage|totalPages|page_count|pagecount|totalpage|PageCount)\s*=\s*['\"]?(\d+)"
)
BLANK_PHRASES = (
    "暂无信息", "暂无数据", "暂无内容", "暂无记录", "暂无相关", "暂无文章", "暂无新闻", "暂无公告", "暂无文件", "暂时没有",
    "没有记录", "没有数据", "没有信息", "没有相关", "没有内容", "没有找到相关", "无相关信息", "无相关记录", "无记录",
    "本栏目暂无", "该栏目暂无", "栏目暂无", "尚无信息", "尚无内容", "暂未发布", "no data", "no records",
)  # fmt: skip
_ZERO_TOTAL_RE = re.compile(r"(?:共|共有|总共|总计)\s*[:：]?\s*0\s*(?:条|篇|项|个记录|份)|(?:记录数|总记录数)\s*[:：]?\s*0(?!\d)")

# Pager links.
PAGE_PARAMS = frozenset(
    {"page", "pageno", "pagenum", "pagenumber", "pageindex", "page_no", "page_num", "curpage", "currpage",
     "currentpage", "pn", "pageidx", "pagecurrent", "pagecur", "nowpage", "pg"}
)  # fmt: skip
# A link with one of these texts is the next page whatever its URL; arrows (>, », ›) only when the URL is one of
# the list's own pages (a lone ">>" is often a "more" link to another column).
NEXT_TEXTS = frozenset({"下一页", "下页", "后页", "后一页", "next", "next page", "nextpage"})
LAST_TEXTS = frozenset({"尾页", "末页", "最后一页", "last", ">|", "»|"})
_INDEX_N_RE = re.compile(r"^(?P<stem>[^/]*?)_(?P<n>\d+)\.(?P<ext>[A-Za-z0-9]+)$")
_STEM_RE = re.compile(r"^(?P<stem>[^/]+?)\.(?P<ext>[A-Za-z0-9]+)$")


@dataclass(frozen=True, slots=True)
class ListItem:
    """One row of a list."""

    title: str
    url: str  # absolute
    date: str | None  # YYYY-MM-DD
    date_from: str  # "row" | "row-implied-year" | "url" | "none"
    pinned: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "date": self.date, "date_from": self.date_from,
                "pinned": self.pinned}


@dataclass(frozen=True, slots=True)
class ListFacts:
    """facts["list"] of a page (see the interface spec, section 1)."""

    items: tuple[ListItem, ...]
    total: int | None = None
    pages: int | None = None
    blank: bool = False
    pager: tuple[str, ...] = ()
    competing_undated: bool = False  # a larger visible undated group of title rows stands beside the chosen list
    undated_rows: int = 0  # title rows of the largest visible undated group beside the chosen list (0: none)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"items": [item.to_dict() for item in self.items], "total": self.total,
                               "pages": self.pages, "blank": self.blank, "pager": list(self.pager)}
        if self.competing_undated:
            out["competing_undated"] = True
        if self.undated_rows:
            out["undated_rows"] = self.undated_rows
        return out

    @property
    def latest(self) -> str | None:
        """The latest item date (pinned items included), or None."""
        dates = [item.date for item in self.items if item.date]
        return max(dates) if dates else None


# -- rows -----------------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Anchor:
    """A link of the page usable as an item link."""

    el: HtmlElement
    url: str
    text: str  # visible text (or img alt / title attribute)
    title_attr: str


@dataclass(slots=True)
class Row:
    el: HtmlElement
    link: Anchor
    text: str  # the row's text without the content link's text
    links: int


@dataclass(slots=True)
class Group:
    parent: HtmlElement
    tag: str
    rows: list[Row] = field(default_factory=list)
    order: int = 0
    header: bool = False  # a table whose first row names its columns (标题, 发布日期 …)


def anchors_of(tree: HtmlElement, base: str) -> dict[HtmlElement, Anchor]:
    """Every <a> that leads somewhere (http(s) href, or a javascript: href / onclick naming a URL)."""
    out: dict[HtmlElement, Anchor] = {}
    for a in tree.iter("a"):
        href = (a.get("href") or "").strip()
        target: str | None = None
        if href.lower().startswith("javascript:"):
            found = _js_targets(href[len("javascript:") :], strict=False)
            target = found[0] if found else None
        elif href and not href.startswith("#"):
            target = href
        if target is None and a.get("onclick"):
            found = _js_targets(a.get("onclick") or "", strict=True)
            target = found[0] if found else None
        if not target:
            continue
        url = resolve_url(base, target)
        if url is None:
            continue
        text = element_text(a)
        title_attr = norm_space(a.get("title") or "")
        if not text:
            for img in a.iter("img"):
                text = norm_space(img.get("alt") or img.get("title") or "")
                if text:
                    break
            text = text or title_attr
        out[a] = Anchor(el=a, url=url, text=text, title_attr=title_attr)
    return out


def _text_without(row: HtmlElement, skip: HtmlElement) -> str:
    """Visible text of `row` without the subtree of `skip` (its tail kept)."""
    parts: list[str] = []
    stack: list[tuple[HtmlElement, bool]] = [(row, False)]
    while stack:
        el, closing = stack.pop()
        if closing:
            if el is not row and el.tail:
                parts.append(el.tail)
            continue
        name = tag_name(el)
        if el is skip or not name or name in INVISIBLE_TAGS:
            if el is not row and el.tail:
                parts.append(el.tail)
            continue
        if el.text:
            parts.append(el.text)
        parts.append(" ")
        stack.append((el, True))
        stack.extend((child, False) for child in reversed(el))
    return norm_space(" ".join(parts))


def clean_title(text: str) -> str:
    """Link text as an item title: bullets and 置顶 marks removed, whitespace collapsed."""
    title = _TITLE_MARKER_RE.sub("", norm_space(text))
    title = _PIN_MARK_RE.sub("", title, count=1) if "置" in title else title
    return norm_space(title)


def looks_like_title(text: str) -> bool:
    title = clean_title(text)
    if len(title) < MIN_TITLE_CHARS or title.lower() in NOT_TITLES or _NOT_TITLE_RE.match(title):
        return False
    return not title.lower().startswith(("http://", "https://", "www."))


def _row_links(row: HtmlElement) -> list[HtmlElement]:
    """The <a> elements of a row, stopping early once the row has too many to be one item."""
    if tag_name(row) == "a":
        return [row]
    found: list[HtmlElement] = []
    for a in row.iter("a"):
        found.append(a)
        if len(found) > MAX_ROW_LINKS:
            break
    return found


def _content_link(links: list[HtmlElement], anchors: dict[HtmlElement, Anchor]) -> Anchor | None:
    """The row's item link: the usable link with the longest title-like text."""
    best: Anchor | None = None
    for a in links:
        anchor = anchors.get(a)
        if anchor is None or not looks_like_title(anchor.text or anchor.title_attr):
            continue
        if best is None or len(anchor.text) > len(best.text):
            best = anchor
    return best


def _neighbour_text(el: HtmlElement) -> str:
    """Text right after a row that has no date of its own: its tail and the next sibling of another tag
    (<dt>title</dt><dd>date</dd>, <a>title</a><span>date</span>)."""
    parts = [el.tail or ""]
    sib = el.getnext()
    hops = 0
    while sib is not None and hops < 2:
        if not isinstance(sib.tag, str):
            parts.append(sib.tail or "")
            sib = sib.getnext()
            continue
        if tag_name(sib) == tag_name(el):
            break
        parts.append(element_text(sib))
        parts.append(sib.tail or "")
        hops += 1
        sib = sib.getnext()
    return norm_space(" ".join(parts))


def _is_header_row(row: HtmlElement) -> bool:
    if tag_name(row) != "tr":
        return False
    cells = [c for c in row if tag_name(c) in CELL_TAGS]
    if not cells or any(True for _ in row.iter("a")):
        return False
    if any(tag_name(c) == "th" for c in cells):
        return True
    text = element_text(row)
    return len(text) <= 60 and sum(word in text for word in _HEADER_WORDS) >= 2


def candidate_groups(tree: HtmlElement, anchors: dict[HtmlElement, Anchor]) -> list[Group]:
    """Every group of sibling rows (same parent, same tag) where each row holds one item link."""
    groups: list[Group] = []
    order = 0
    for parent in tree.iter():
        name = tag_name(parent)
        if not name or name in INVISIBLE_TAGS or name == "select":
            continue
        by_tag: dict[str, list[HtmlElement]] = {}
        for child in parent:
            child_tag = tag_name(child)
            if child_tag in ROW_TAGS:
                by_tag.setdefault(child_tag, []).append(child)
        for row_tag, children in by_tag.items():
            if row_tag == "td" and name != "tr":
                continue  # stray cells: rows are the <tr>s
            group = Group(parent=parent, tag=row_tag, order=order)
            order += 1
            for child in children:
                if row_tag == "tr" and not group.rows and _is_header_row(child):
                    group.header = True
                    continue
                links = _row_links(child)
                if not links or len(links) > MAX_ROW_LINKS:
                    continue
                anchor = _content_link(links, anchors)
                if anchor is None:
                    continue
                text = _text_without(child, anchor.el)
                if len(text) > MAX_ROW_CHARS:
                    continue
                group.rows.append(Row(el=child, link=anchor, text=text, links=len(links)))
            if group.rows:
                groups.append(group)
    return groups


def is_hidden(el: HtmlElement) -> bool:
    """display:none / visibility:hidden / hidden on the element or an ancestor (hidden tab panels)."""
    node: HtmlElement | None = el
    while node is not None and isinstance(node.tag, str):
        if node.get("hidden") is not None or _HIDDEN_STYLE_RE.search(node.get("style") or ""):
            return True
        node = node.getparent()
    return False


# -- dates ----------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DateContext:
    year: int  # the reference year (kept for callers; year-less dates use `anchor` / `not_after`)
    not_after: date  # the reference date: a year-less date is never after it
    anchor: date | None = None  # the latest full date of the list's own rows: year-less dates lie nearest it


def date_context(text: str, reference_date: date | None) -> DateContext:
    """The context of year-less dates before a list's own rows are known: the reference date (None = today).
    Dates elsewhere on the page (`text`: sidebars, footers, 改版 notes) never give a year."""
    ref = reference_date or date.today()
    return DateContext(year=ref.year, not_after=ref)


def implied(month: int, day: int, ctx: DateContext) -> date | None:
    return implied_date(month, day, not_after=ctx.not_after, anchor=ctx.anchor)


def pick_date(dates: Iterable[date], not_after: date) -> date | None:
    """The row's date: the latest one not after the reference date, else the earliest."""
    found = list(dates)
    if not found:
        return None
    past = [d for d in found if d <= not_after]
    return max(past) if past else min(found)


def row_date_found(text: str, ctx: DateContext, *, bare: bool = False) -> tuple[date, bool] | None:
    """(date, year implied?) of a row's text: the latest date not after the reference date, else the earliest.
    `bare` also reads a whole-token 11-26 / 11/26 (the row's own cells)."""
    hits: list[tuple[date, bool]] = []
    for found in scan_dates(text, bare_month_day=bare):
        full = found.full()
        if full is not None:
            hits.append((full, False))
        elif found.year is None:
            day = implied(found.month, found.day, ctx)
            if day is not None:
                hits.append((day, True))
    if not hits:
        return None
    past = [h for h in hits if h[0] <= ctx.not_after]
    return max(past, key=lambda h: h[0]) if past else min(hits, key=lambda h: h[0])


def row_date(text: str, ctx: DateContext, *, bare: bool = False) -> date | None:
    found = row_date_found(text, ctx, bare=bare)
    return found[0] if found is not None else None


def url_date(url: str) -> date | None:
    found = find_dates("", url=url)
    return found[0] if found else None


def _is_pinned(row: HtmlElement, title_text: str) -> bool:
    if "置顶" in title_text.replace(" ", ""):
        return True
    for el in row.iter():
        if not isinstance(el.tag, str):
            continue
        tokens = {t.lower() for t in (el.get("class") or "").split()}
        if tokens & _PIN_CLASS_TOKENS:
            return True
        if tag_name(el) == "img" and (_PIN_SRC_RE.search(el.get("src") or "") or "置顶" in (el.get("alt") or "")):
            return True
        if el.text and "置顶" in el.text:
            return True
    return False


def _item(row: Row, ctx: DateContext) -> ListItem:
    text = row.link.text
    title = clean_title(text)
    if _TRUNCATED_RE.search(title) and row.link.title_attr:
        stem = _TRUNCATED_RE.sub("", title)
        full = clean_title(row.link.title_attr)
        if full.startswith(stem) and len(full) > len(stem):
            title = full
    found = row_date_found(row.text, ctx, bare=True)
    if found is None:
        m = _TRAILING_DATE_RE.match(title)
        if m and m.group("title"):
            trailing = row_date_found(m.group("date"), ctx)
            if trailing is not None:
                found, title = trailing, m.group("title").strip()
    if found is None and tag_name(row.el) in ("a", "dt", "span", "h3", "h4", "h5"):
        found = row_date_found(_neighbour_text(row.el), ctx, bare=True)
    if found is not None:
        when, source = found[0].isoformat(), DATE_FROM_ROW_IMPLIED if found[1] else DATE_FROM_ROW
    else:
        from_url = url_date(row.link.url)
        when, source = (from_url.isoformat(), DATE_FROM_URL) if from_url else (None, DATE_FROM_NONE)
    pinned = _is_pinned(row.el, f"{text} {row.text}")
    return ListItem(title=title, url=row.link.url, date=when, date_from=source, pinned=pinned)


# -- choosing the list ----------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Scored:
    group: Group
    items: list[ListItem]
    dated: int  # items with a date (row or URL)
    row_dated: int  # items with a date in the row itself
    visible: bool

    @property
    def weight(self) -> float:
        """Row dates count fully, URL dates half: a footer of article-URL links never outweighs a real list."""
        return self.row_dated + 0.5 * (self.dated - self.row_dated)


def row_anchor(items: Iterable[ListItem], not_after: date) -> date | None:
    """The latest full row date of a list (pinned rows aside: an old pinned item says nothing of the others'
    year), not after the reference date."""
    days = [date.fromisoformat(i.date) for i in items if i.date and i.date_from == DATE_FROM_ROW and not i.pinned]
    days = [d for d in days if d <= not_after]
    return max(days) if days else None


def _score(group: Group, ctx: DateContext) -> _Scored:
    items = [_item(row, ctx) for row in group.rows]
    if any(item.date_from == DATE_FROM_ROW_IMPLIED for item in items):
        anchor = row_anchor(items, ctx.not_after)
        if anchor is not None:
            again = replace(ctx, anchor=anchor)
            items = [_item(row, again) if item.date_from == DATE_FROM_ROW_IMPLIED else item
                     for row, item in zip(group.rows, items, strict=True)]
    dated = sum(1 for item in items if item.date is not None)
    row_dated = sum(1 for item in items if item.date_from in ROW_SOURCES)
    return _Scored(group=group, items=items, dated=dated, row_dated=row_dated, visible=not is_hidden(group.parent))


def _qualifies(s: _Scored, *, paged: bool, fragment: bool, article: bool) -> bool:
    n = len(s.items)
    if fragment:
        return n >= 1
    if n >= 2:
        # most rows dated, and more than a pair of links that merely carry a date in their URLs
        return s.dated >= math.ceil(n / 2) and (s.row_dated >= 2 or s.dated >= 3)
    if n != 1 or s.row_dated != 1:
        return False
    # one dated row: a table with a header row, a page that states its pages / total, or a one-item list
    # (<ul>, <ol>, <dl>, <table>) on a page that is not an article (年报 and 指南 columns often hold one item)
    if s.group.header or paged:
        return True
    return not article and tag_name(s.group.parent) in LIST_CONTAINERS


def looks_like_article(tree: HtmlElement) -> bool:
    """An article page (its related-links box is not a column list): ArticleTitle / PubDate metadata, or
    paragraphs of prose (text in <p> without links)."""
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").strip().lower() in ("articletitle", "pubdate"):
            return True
    prose = 0
    for p in tree.iter("p"):
        if next(p.iter("a"), None) is None and next(p.iterancestors("a"), None) is None:
            prose += len(element_text(p))
            if prose >= ARTICLE_PROSE_CHARS:
                return True
    return False


def _merge_siblings(scored: list[_Scored]) -> list[_Scored]:
    """Lists cut into consecutive sibling blocks (<ul class=list> × N under one parent) are one list."""
    by_key: dict[tuple[Any, ...], list[_Scored]] = {}
    for s in scored:
        parent = s.group.parent
        grand = parent.getparent()
        if grand is None or not s.visible:
            continue
        key = (grand, tag_name(parent), parent.get("class") or "", s.group.tag)
        by_key.setdefault(key, []).append(s)
    merged: list[_Scored] = []
    absorbed: set[int] = set()
    for members in by_key.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda m: m.group.order)
        head = members[0]
        group = Group(parent=head.group.parent, tag=head.group.tag, order=head.group.order,
                      header=any(m.group.header for m in members))
        items: list[ListItem] = []
        for m in members:
            group.rows.extend(m.group.rows)
            items.extend(m.items)
            absorbed.add(id(m))
        merged.append(_Scored(group=group, items=items, dated=sum(m.dated for m in members),
                              row_dated=sum(m.row_dated for m in members), visible=True))
    return [s for s in scored if id(s) not in absorbed] + merged


def _best(scored: list[_Scored], *, paged: bool, fragment: bool, article: bool) -> _Scored | None:
    ok = [s for s in scored if _qualifies(s, paged=paged, fragment=fragment, article=article)]
    if not ok:
        return None
    return max(ok, key=lambda s: (s.visible, s.weight, len(s.items), -s.group.order))


_INDEX_LEAF_RE = re.compile(r"^(?:index|default|main|list)(?:_\d+)?\.[a-z0-9]+$", re.IGNORECASE)


def _article_url(url: str) -> bool:
    """An item URL that names a document (…/t20261120_1.html, show.aspx?id=3), not a column directory (/ztzl/sn/,
    …/index.html)."""
    path = urlsplit(url).path
    leaf = path.rsplit("/", 1)[-1]
    return bool(leaf) and "." in leaf and not _INDEX_LEAF_RE.match(leaf)


def _title_rows(s: _Scored) -> int:
    """Rows that look like article rows: a title of MAIN_ROW_TITLE_CHARS+ characters linking to a document."""
    return sum(1 for item in s.items if len(item.title) >= MAIN_ROW_TITLE_CHARS and _article_url(item.url))


def undated_rows(scored: Iterable[_Scored], best: _Scored | None) -> int:
    """The title rows of the largest visible undated group outside the navigation / sidebars / footer (not the
    chosen list): at least 3 rows with titles of MAIN_ROW_TITLE_CHARS+ characters linking to documents, at least
    half its rows, and most rows without a date. 0 when there is none. Such a group may be the page's real list
    with dates the extractor cannot read (or a list whose dates the page does not show)."""
    chosen = {id(row.el) for row in best.group.rows} if best is not None else set()
    most = 0
    for s in scored:
        if s is best or not s.visible or in_navigation(s.group.parent):
            continue
        if any(id(row.el) in chosen for row in s.group.rows):
            continue
        rows = _title_rows(s)
        if rows >= 3 and 2 * rows >= len(s.items) and s.dated < math.ceil(len(s.items) / 2):
            most = max(most, rows)
    return most


def competing_undated(scored: Iterable[_Scored], best: _Scored) -> bool:
    """An undated group (see undated_rows) with more title rows than the chosen list holds items: the page's real
    list may be that one (its dates unreadable) and the chosen list a smaller dated box beside it."""
    return undated_rows(scored, best) > len(best.items)


def _dedupe(items: Iterable[ListItem]) -> list[ListItem]:
    seen: set[tuple[str, str]] = set()
    out: list[ListItem] = []
    for item in items:
        key = (item.title, item.url)
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


# -- totals, blank markers --------------------------------------------------------------------------------------
def _short_lines(text: str) -> Iterator[str]:
    for line in text.split("\n"):
        line = line.strip()
        if line and len(line) <= MAX_LINE_CHARS:
            yield unicodedata.normalize("NFKC", line)


def _search(patterns: tuple[re.Pattern[str], ...], line: str, titles: Iterable[str]) -> int | None:
    """The number a pattern finds in a line, item titles taken out first (共12条措施 in a title is no total)."""
    if not any(rx.search(line) for rx in patterns):
        return None
    for title in titles:
        if title and title in line:
            line = line.replace(title, " ")
    for rx in patterns:
        m = rx.search(line)
        if m:
            return int(m.group(1))
    return None


def stated_numbers(text: str, scripts: Iterable[str], *, titles: Iterable[str] = ()) -> tuple[int | None, int | None]:
    """(total, pages) stated by the page: 共56条 / 共5页 in short visible lines (`titles` of the list's items
    taken out); the page count also from the pager script (createPageHTML(n, …), countPage=n), which writes it
    into the pager bar."""
    titles = [unicodedata.normalize("NFKC", t) for t in titles]
    total = pages = None
    for line in _short_lines(text):
        if total is None:
            total = _search(_TOTAL_RES, line, titles)
        if pages is None:
            pages = _search(_PAGES_RES, line, titles)
        if total is not None and pages is not None:
            break
    for script in scripts:
        if pages is None:
            m = _CREATE_PAGE_RE.search(script) or _SCRIPT_PAGES_RE.search(script)
            if m:
                pages = int(m.group(1))
    return total, pages


def says_blank(text: str) -> bool:
    """Text only: a short line with 暂无信息 / 没有记录 …, or a stated total of 0, somewhere in `text`. Not enough on
    its own (a hidden empty-state template, a sidebar widget say the same): extract_list decides with
    says_blank_page, which looks at where the marker stands and what else the page shows."""
    for line in text.split("\n"):
        line = line.strip()
        if not line:
            continue
        norm = unicodedata.normalize("NFKC", line)
        if _ZERO_TOTAL_RE.search(norm):
            return True
        if len(norm) <= BLANK_LINE_CHARS:
            low = norm.lower()
            if any(phrase in low for phrase in BLANK_PHRASES):
                return True
    return False


_CHROME_TAGS = frozenset({"nav", "aside", "header", "footer", "menu", "select", "option", "marquee"})
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "menu", "menubar", "search"})
# class / id words of page chrome: navigation bars, sidebars and their widgets, headers, footers, link boxes.
_CHROME_RE = re.compile(
    r"(?:^|[\s_\-])(?:[a-z]*side[a-z]*|[a-z]*nav[a-z]*|[a-z]*menu[a-z]*|header|head|top|topbar|toolbar|footer|foot|"
    r"bottom|banner|widget|login|user|copyright|friendlink|yqlj|links|weather|share|search|crumbs?|breadcrumbs?|"
    r"location|position|dh|daohang|cebian|rmzt|hot|rank|paihang|visit|tongji|collect|fav|favorite)"
    r"(?=$|[\s_\-\d])"
)
# What a pager line says besides its total: 共0条 共1页 首页 上一页 下一页 尾页 第1/1页 …
_PAGER_WORDS_RE = re.compile(r"首页|上一页|下一页|上页|下页|尾页|末页|当前|每页|跳转|转到|找到|确定|go|页|第|共|条|记录|信息|"
                             r"数据|结果|文章|显示|到|\d|[\W_]", re.IGNORECASE)
# Signs that the list is written into the page by a script after loading (the static page then shows only an
# empty container, or a placeholder that the script replaces).
_LOADER_RE = re.compile(
    r"\$\s*\.\s*(?:ajax|get|getJSON|post)\s*\(|jQuery\s*\.\s*(?:ajax|get|getJSON|post)\s*\(|\.load\s*\(\s*['\"]|"
    r"\bfetch\s*\(|XMLHttpRequest|\baxios\b|\bnew\s+Vue\b|\bcreateApp\s*\(|\blaytpl\b|\blaypage\b|"
    r"\btable\s*\.\s*render\b|\bflow\s*\.\s*load\b|\btemplate\s*\(\s*['\"]|\.jpage\s*\(|dataproxy|jpage|\bjsonp\b|"
    r"\$\s*\.\s*getScript\s*\(",
    re.IGNORECASE,
)
_LOADER_SRC_RE = re.compile(r"jpage|dataproxy|vue|react|angular|layui|art-?template|laytpl|handlebars|mustache|"
                            r"jsrender|jquery\.tmpl|ajax", re.IGNORECASE)
_TEMPLATE_TYPES = ("html", "template", "tmpl", "xml", "handlebars", "jsrender", "x-template")
_BINDING_ATTR_RE = re.compile(r"^(?:v-|ng-|x-(?:for|data|html|text)$|:|@)")
MAIN_ROW_TITLE_CHARS = 8  # rows with titles this long outside the chrome are list rows, dated or not


# The narrower chrome that never holds a page's own heading: navigation, sidebars, footers.
_SIDE_TAGS = frozenset({"nav", "aside", "footer", "menu", "select", "option", "marquee"})
_SIDE_ROLES = frozenset({"navigation", "contentinfo", "complementary", "menu", "menubar"})
_SIDE_RE = re.compile(r"(?:^|[\s_\-])(?:[a-z]*side[a-z]*|[a-z]*nav[a-z]*|[a-z]*menu[a-z]*|footer|foot|bottom|"
                      r"copyright|widget|friendlink|yqlj|dh|daohang|cebian)(?=$|[\s_\-\d])")


def _in(el: HtmlElement, tags: frozenset[str], roles: frozenset[str], names_re: re.Pattern[str]) -> bool:
    node: HtmlElement | None = el
    while node is not None and isinstance(node.tag, str):
        if tag_name(node) in tags or (node.get("role") or "").strip().lower() in roles:
            return True
        names = f"{node.get('class') or ''} {node.get('id') or ''}".strip().lower()
        if names and names_re.search(names):
            return True
        node = node.getparent()
    return False


def in_chrome(el: HtmlElement) -> bool:
    """The element is in page chrome: nav / aside / header / footer, a navigation role, or a box whose class or id
    names a sidebar, menu, header, footer or widget."""
    return _in(el, _CHROME_TAGS, _CHROME_ROLES, _CHROME_RE)


def in_navigation(el: HtmlElement) -> bool:
    """The element is in navigation, a sidebar or the footer (never where a page's own heading stands)."""
    return _in(el, _SIDE_TAGS, _SIDE_ROLES, _SIDE_RE)


def script_loaded(tree: HtmlElement, text: str | None = None) -> bool:
    """Some sign that a script fills the page's list after loading: a data-loading call (ajax, fetch, jpage, a
    template engine), a client-side template, template bindings (v-for, {{…}}) or an iframe outside the chrome."""
    for script in tree.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        src = script.get("src") or ""
        body = script.text or ""
        if src and _LOADER_SRC_RE.search(src):
            return True
        if body.strip() and kind and any(kind.endswith(t) for t in _TEMPLATE_TYPES):
            return True
        if body and _LOADER_RE.search(body):
            return True
    for el in tree.iter():
        name = tag_name(el)
        if name == "template":
            return True
        if name == "iframe" and not in_chrome(el):
            return True
        if name and any(_BINDING_ATTR_RE.match(attr) for attr in el.attrib):
            return True
    if text is None:
        text = visible_text(tree)
    return "{{" in text and "}}" in text


def _pager_line(line: str, m: re.Match[str]) -> bool:
    """The zero total stands in the list's own pager line (共0条 共1页 首页 … 尾页), not in other words."""
    rest = line[: m.start()] + line[m.end() :]
    return not _PAGER_WORDS_RE.sub("", rest)


def _main_rows(scored: Iterable[_Scored]) -> bool:
    """Rows of a list outside the chrome, even an unrecognised one: a dated row, or two rows with long titles."""
    for s in scored:
        if not s.visible or in_chrome(s.group.parent):
            continue
        if s.dated or sum(1 for item in s.items if len(item.title) >= MAIN_ROW_TITLE_CHARS) >= 2:
            return True
    return False


def blank_marker(tree: HtmlElement) -> str | None:
    """The line by which the page itself says that its list is empty, or None: a visible short line with 暂无信息
    / 没有记录 …, or a zero total in a pager line (共0条 共1页), outside the chrome."""
    for line, el in shown_lines(tree):
        norm = unicodedata.normalize("NFKC", line)
        if len(norm) > MAX_LINE_CHARS:
            continue
        zero = _ZERO_TOTAL_RE.search(norm)
        phrase = len(norm) <= BLANK_LINE_CHARS and any(p in norm.lower() for p in BLANK_PHRASES)
        if not (phrase or (zero is not None and _pager_line(norm, zero))):
            continue
        if not in_chrome(el):
            return line
    return None


def says_blank_page(tree: HtmlElement, scored: Iterable[_Scored], *, total: int | None, pages: int | None,
                    pager: Iterable[str], text: str | None = None) -> bool:
    """The page (that has no recognised list) says that its list is empty, and nothing says otherwise."""
    if (total or 0) > 0 or (pages or 0) > 1 or any(True for _ in pager):
        return False
    if _main_rows(scored) or script_loaded(tree, text):
        return False
    return blank_marker(tree) is not None


# -- pager ----------------------------------------------------------------------------------------------------
def _page_number(url: str, stem: str | None) -> int | None:
    """1-based page number a URL names within its list: index.shtml → 1, index_3.shtml → 4, ?page=3 → 3."""
    parts = urlsplit(url)
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in PAGE_PARAMS and value.isdigit():
            return int(value)
    name = parts.path.rsplit("/", 1)[-1]
    m = _INDEX_N_RE.match(name)
    if m and (stem is None or m.group("stem") == stem):
        return int(m.group("n")) + 1
    return None


def _list_stem(url: str) -> str:
    """The file-name stem of a list's pages: index for /zwyw/ and /zwyw/index_2.shtml, list for list.html."""
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    m = _INDEX_N_RE.match(name)
    if m:
        return m.group("stem")
    m = _STEM_RE.match(name)
    return m.group("stem") if m else "index"


def _same_list(url: str, page_url: str, stem: str) -> bool:
    """Another page of the list `page_url` shows: stem_N in the same directory, or the same path and query
    but for the page parameter."""
    a, b = urlsplit(url), urlsplit(page_url)
    if a.netloc.lower() != b.netloc.lower():
        return False
    dir_a, _, name_a = a.path.rpartition("/")
    dir_b, _, _ = b.path.rpartition("/")
    if dir_a == dir_b and not a.query:
        m = _INDEX_N_RE.match(name_a)
        if m and m.group("stem") == stem:
            return True
    query = parse_qsl(a.query, keep_blank_values=True)
    if a.path != b.path or not any(k.lower() in PAGE_PARAMS for k, _ in query):
        return False
    others = sorted((k, v) for k, v in query if k.lower() not in PAGE_PARAMS)
    return others == sorted((k, v) for k, v in parse_qsl(b.query, keep_blank_values=True)
                            if k.lower() not in PAGE_PARAMS)


def pager_urls(tree: HtmlElement, page_url: str, base: str, anchors: dict[HtmlElement, Anchor],
               scripts: list[str]) -> list[str]:
    """Absolute URLs of the list's FURTHER pages (numbered after this one), in page order: real pager links
    (index_1.shtml, ?page=2, 下一页, 尾页) and the first PAGER_EXPAND pages a createPageHTML call names."""
    stem = _list_stem(page_url)
    current = _page_number(page_url, stem) or 1
    found: dict[str, float] = {}

    for script in scripts:
        calls = [(int(m.group("n")), int(m.group("cur")), m.group("name"), m.group("ext"))
                 for m in _CREATE_PAGE_RE.finditer(script)]
        if not calls:
            count, cur, named = _COUNT_PAGE_RE.search(script), _CURRENT_PAGE_RE.search(script), \
                _COUNT_PAGE_NAME_RE.search(script)
            if count and cur and named:
                calls = [(int(count.group(1)), int(cur.group(1)), named.group("name"), named.group("ext"))]
        for n, cur, name, ext in calls:
            current = max(current, cur + 1)
            suffix = f".{ext}" if ext else ""
            for i in range(cur + 1, min(n, cur + 1 + PAGER_EXPAND)):
                url = resolve_url(base, f"{name}_{i}{suffix}")
                if url is not None:
                    found.setdefault(url, float(i + 1))

    page_norm = page_url.split("#", 1)[0]
    for anchor in anchors.values():
        url = anchor.url
        if url == page_norm:
            continue
        text = norm_space(anchor.text).lower()
        structural = _same_list(url, page_url, stem)
        number = _page_number(url, stem) if structural else None
        if text in NEXT_TEXTS or text.startswith("下一页"):
            if number is None and urlsplit(url).netloc.lower() == urlsplit(page_url).netloc.lower():
                number = current + 1
        elif text in LAST_TEXTS and number is None and structural:
            number = 10**6
        if number is None or number <= current:
            continue
        found.setdefault(url, float(number))
    ordered = sorted(found.items(), key=lambda kv: kv[1])
    return [url for url, _ in ordered if url != page_norm][:MAX_PAGER]


# -- entry points ---------------------------------------------------------------------------------------------
def extract_list(
    tree_or_html: HtmlElement | str,
    url: str,
    *,
    reference_date: date | None,
    text: str | None = None,
    fragment: bool = False,
) -> ListFacts | None:
    """The page's main list, or None when the page has no list (and does not say its list is empty).

    `url` = the page's final URL (items are resolved against it or <base href>); `reference_date` = the run's
    as-of date (year-less dates never fall after it; None = today); `text` = the page's visible text when the
    caller has it; `fragment` = the input is only list rows (a Hanweb data-proxy answer): every link row is an
    item, dated or not.
    """
    tree = as_tree(tree_or_html)
    base = document_base(tree, url)
    if text is None:
        text = visible_text(tree)
    ctx = date_context(text, reference_date)
    anchors = anchors_of(tree, base)
    scripts = list(inline_scripts(tree))
    groups = candidate_groups(tree, anchors)
    scored = _merge_siblings([_score(g, ctx) for g in groups])
    pager = pager_urls(tree, url, base, anchors, scripts) if not fragment else []
    total, pages = stated_numbers(text, scripts) if not fragment else (None, None)
    paged = bool(pager) or total is not None or (pages or 0) > 1
    best = _best(scored, paged=paged, fragment=fragment, article=not fragment and looks_like_article(tree))
    if best is None:
        if not fragment and says_blank_page(tree, scored, total=total, pages=pages, pager=pager, text=text):
            return ListFacts(items=(), total=total, pages=pages, blank=True, pager=tuple(pager))
        return None
    items = _dedupe(best.items)[:MAX_ITEMS]
    if total is not None or pages is not None:
        total, pages = stated_numbers(text, scripts, titles={row.link.text for row in best.group.rows})
    undated = 0 if fragment else undated_rows(scored, best)
    return ListFacts(items=tuple(items), total=total, pages=pages, blank=False, pager=tuple(pager),
                     competing_undated=undated > len(best.items), undated_rows=undated)


def list_from_rows(
    rows_html: str,
    base_url: str,
    *,
    reference_date: date | None,
    total: int | None = None,
    pages: int | None = None,
) -> ListFacts | None:
    """facts["list"] of a Hanweb data-proxy answer: its <record> rows (joined HTML), resolved against the column
    page, with the answer's <totalrecord> / <totalpage>. None when the answer carries neither rows nor a total."""
    html = rows_html.strip()
    if html[:3].lower() in ("<tr", "<td"):
        html = f"<table>{html}</table>"
    found = extract_list(parse_html(html), base_url, reference_date=reference_date, fragment=True) if html else None
    items = found.items if found is not None else ()
    if not items and total is None:
        return None
    return ListFacts(items=items, total=total, pages=pages, blank=not items and total == 0, pager=())


__all__ = [
    "DATE_FROM_NONE",
    "DATE_FROM_ROW",
    "DATE_FROM_URL",
    "MAX_ITEMS",
    "PAGER_EXPAND",
    "Anchor",
    "DateContext",
    "ListFacts",
    "ListItem",
    "DATE_FROM_ROW_IMPLIED",
    "ROW_SOURCES",
    "anchors_of",
    "blank_marker",
    "candidate_groups",
    "competing_undated",
    "undated_rows",
    "in_chrome",
    "in_navigation",
    "row_anchor",
    "row_date_found",
    "says_blank_page",
    "script_loaded",
    "clean_title",
    "date_context",
    "extract_list",
    "is_hidden",
    "list_from_rows",
    "looks_like_title",
    "pager_urls",
    "pick_date",
    "row_date",
    "says_blank",
    "stated_numbers",
    "url_date",
]
