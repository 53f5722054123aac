"""留言 / 咨询 lists (facts["messages"]): each message with when it was asked and when (whether) it was answered.

Two shapes are read:

- a table whose header row names the columns (标题 | 留言时间 | 答复时间 | 状态 …), one message per row;
- repeated rows with labelled parts: ``<li><a>标题</a><span>留言时间：2026-08-01</span><span>答复时间：2026-08-03</span>
  </li>`` or ``<span>状态：已回复</span>``.

A page is a message list only when its rows show an asking date AND an answer date or an answered/pending status,
and only a 咨询 / 建言 list: a page whose title or headings are about 信访, 投诉举报, 纪检, 在线访谈 or 调查征集 (which
the 互动回应 indicator leaves out) has no messages.

Status: only explicit words count (ANSWERED_WORDS → answered, e.g. 已回复 / 已办结 / 待评价 / 已评价 / 已结案;
PENDING_WORDS → pending; INVALID_WORDS (不予受理, 无效, 重复留言) → "invalid": not a valid message, the checks skip it;
是 / 否 only as the whole value of a 是否回复 column or label); any other wording (已受理, 已转办, 查看, 详见内页) is unknown
(""). An empty answer date field means pending only when the row has no status value at all (no status column /
label, or an empty one): "已转办" with an empty 答复时间 is unknown, not pending. An answer date field that holds
something other than a date ("答复时间：详见内页") is no answer date and no pending mark either.

Each message also carries `status_text`: the row's own status wording ("" when the row shows none). Its presence
tells the checks that the extractor already judged the status (they infer nothing more from an empty "status").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from inspector.extract._dom import HtmlElement, as_tree, element_text, norm_space, tag_name, visible_text
from inspector.extract.links import document_base
from inspector.extract.lists import (
    MAX_ITEMS,
    CELL_TAGS,
    DateContext,
    anchors_of,
    candidate_groups,
    clean_title,
    date_context,
    in_navigation,
    is_hidden,
    row_date,
)

logger = logging.getLogger(__name__)

ANSWERED, PENDING, INVALID = "answered", "pending", "invalid"

ASKED_LABELS = ("留言时间", "留言日期", "提问时间", "咨询时间", "咨询日期", "来信时间", "来信日期", "写信时间", "提交时间",
                "提交日期", "发表时间", "投诉时间", "诉求时间", "受理时间", "登记时间", "信件时间")  # fmt: skip
ANSWERED_LABELS = ("答复时间", "答复日期", "回复时间", "回复日期", "办结时间", "办结日期", "处理时间", "反馈时间",
                   "反馈日期", "回应时间", "办理时间")  # fmt: skip
STATUS_LABELS = ("状态", "办理状态", "回复状态", "答复状态", "处理状态", "是否回复", "是否答复", "办理情况", "办理结果")
TITLE_LABELS = ("标题", "主题", "留言标题", "信件标题", "事项", "咨询标题", "留言主题", "内容", "问题")
ANSWERED_WORDS = ("已受理并答复", "已回复", "已答复", "已办结", "已办理", "已处理", "已公开", "已反馈", "待评价", "已评价",
                  "已完成", "已结案")  # fmt: skip
INVALID_WORDS = ("不予受理", "无效", "重复留言")  # not a valid message: the indicator counts only 有效留言
PENDING_WORDS = ("未回复", "未答复", "待回复", "待答复", "办理中", "处理中", "受理中")
YES_NO = {"是": "answered", "否": "pending"}  # the whole value of a 是否回复 / 是否答复 column or label
# Channels the 互动回应 indicator leaves out (standards §1.2 veto 5): their lists are not 咨询 message lists.
EXCLUDED_CHANNELS = ("信访", "投诉举报", "纪检", "纪委", "监察", "在线访谈", "访谈", "调查征集", "网上调查", "民意调查",
                     "问卷调查")  # fmt: skip
WEAK_EXCLUDED = ("举报",)  # excluded unless the same name also says 咨询 / 建言 / 留言 / 问政
CONSULTATION_CHANNELS = ("咨询", "建言", "留言", "问政")
MAX_HEADING_CHARS = 30
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5"})
_HEADING_NAME_RE = re.compile(r"(?:^|[\s_\-])(?:[a-z]*tit[a-z]*|hd|head|header|caption|lanmu|lm)(?=$|[\s_\-\d])")

MIN_LABELLED_ROWS = 2  # one labelled row is a message's own detail page (its breadcrumb link is no title)
_LABEL_DATE = (r"\s*[:：]?\s*(?P<date>(?:\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)"
               r"|[\[【(]?\d{1,2}\s*[-/.]\s*\d{1,2}[\]】)]?)?")
_ASKED_RE = re.compile("(?:" + "|".join(ASKED_LABELS) + ")" + _LABEL_DATE)
_ANSWERED_RE = re.compile("(?:" + "|".join(ANSWERED_LABELS) + ")" + _LABEL_DATE)


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    url: str
    asked: str | None
    answered: str | None
    status: str  # "answered" | "pending" | "invalid" | ""
    status_text: str = ""  # the row's own status wording, "" when it shows none

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "asked": self.asked, "answered": self.answered,
                "status": self.status, "status_text": self.status_text}


def status_of(text: str, *, yes_no: bool = False, invalid: bool = True) -> str:
    """answered / pending / invalid from an explicit status word, else "" (unknown). With `yes_no` (the value of a
    是否回复 column), a bare 是 / 否 counts too; `invalid=False` ignores the invalid words (a whole row's text, whose
    title may say 无效)."""
    norm = "".join(unicodedata.normalize("NFKC", text).split())
    if invalid and any(word in norm for word in INVALID_WORDS):
        return INVALID
    pending = any(word in norm for word in PENDING_WORDS)
    answered = any(word in norm for word in ANSWERED_WORDS)
    if pending != answered:
        return PENDING if pending else ANSWERED
    if pending:
        return ""  # both kinds of word: unknown
    if yes_no:
        return YES_NO.get(norm.strip("。.:："), "")
    return ""


_STATUS_VALUE_RE = re.compile(r"是否(?:回复|答复|办结|处理|反馈)\s*[:：]\s*(?P<v>[是否])(?![\u4e00-\u9fff])")


def labelled_status(text: str) -> str:
    """The status a row's text states: an explicit answered / pending word anywhere, or 是否回复：是 / 否."""
    found = status_of(text, invalid=False)
    if found:
        return found
    m = _STATUS_VALUE_RE.search(unicodedata.normalize("NFKC", text))
    return YES_NO[m.group("v")] if m else ""


def excluded_channel(names: list[str]) -> bool:
    """A name (page title, column name, the list's heading) of a channel the indicator leaves out: 信访, 投诉举报,
    纪检, 在线访谈, 调查征集 (举报 alone only without 咨询 / 建言 / 留言 / 问政 in the same name)."""
    for name in names:
        if any(w in name for w in EXCLUDED_CHANNELS):
            return True
        if any(w in name for w in WEAK_EXCLUDED) and not any(w in name for w in CONSULTATION_CHANNELS):
            return True
    return False


def page_names(tree: HtmlElement) -> list[str]:
    """What names the page itself: its <title>, its ColumnName meta and its h1 headings outside the navigation."""
    names: list[str] = []
    for el in tree.iter("title"):
        names.append(norm_space(el.text_content()))
        break
    for meta in tree.iter("meta"):
        if (meta.get("name") or "").strip().lower() == "columnname" and meta.get("content"):
            names.append(norm_space(meta.get("content") or ""))
    for el in tree.iter("h1"):
        text = norm_space(el.text_content())
        if text and len(text) <= 40 and not is_hidden(el) and not in_navigation(el):
            names.append(text)
    return [n for n in names if n]


def _is_heading(el: HtmlElement) -> bool:
    if tag_name(el) in _HEADING_TAGS:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}".strip().lower()
    return bool(names) and _HEADING_NAME_RE.search(names) is not None


def list_heading(el: HtmlElement, levels: int = 5) -> str:
    """The heading of the section holding a list: the nearest heading-like sibling before the list or before one
    of its ancestors (<div class="hd"><h3>网上信访</h3></div><div class="bd"><table>…), "" if none."""
    node: HtmlElement | None = el
    for _ in range(levels):
        if node is None:
            break
        sib = node.getprevious()
        hops = 0
        while sib is not None and hops < 3:
            if isinstance(sib.tag, str):
                hops += 1
                if _is_heading(sib):
                    text = element_text(sib)
                    if text and len(text) <= MAX_HEADING_CHARS:
                        return text
            sib = sib.getprevious()
        node = node.getparent()
    return ""


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _status(explicit: str, answered: date | None, empty_answer_field: bool, status_text: str = "") -> str:
    """The explicit status word wins; else an answer date means answered, and an answer date field left empty
    means pending only when the row shows no status wording at all (a status it does not know, 已转办 / 已受理,
    stays unknown); anything else (no field, a field saying 详见内页) is unknown."""
    if explicit:
        return explicit
    if answered is not None:
        return ANSWERED
    return PENDING if empty_answer_field and not status_text else ""


def _status_words(value: str) -> str:
    """A status cell's / label's own wording, whitespace removed and cut to 20 characters ("" when empty)."""
    return "".join(unicodedata.normalize("NFKC", value).split()).strip("-—/:：")[:20]


def _empty(value: str) -> bool:
    return not "".join(value.split()).strip("-—/:：")


# -- tables with a header row ---------------------------------------------------------------------------------
def _role(header: str) -> str:
    h = header.replace(" ", "")
    if any(label in h for label in ANSWERED_LABELS):
        return "answered"
    if any(label in h for label in ASKED_LABELS):
        return "asked"
    if any(label in h for label in STATUS_LABELS):
        return "status"
    if h in ("时间", "日期"):
        return "asked"
    if any(label in h for label in TITLE_LABELS):
        return "title"
    return ""


def _table_messages(tree: HtmlElement, base: str, ctx: DateContext) -> list[Message]:
    anchors = anchors_of(tree, base)
    best: list[Message] = []
    for table in tree.iter("table"):
        rows = [r for r in table.iter("tr") if _own_table(r, table)]
        header_at = next((i for i, r in enumerate(rows[:3]) if not any(True for _ in r.iter("a"))), None)
        if header_at is None:
            continue
        cells = [c for c in rows[header_at] if tag_name(c) in CELL_TAGS]
        roles = [_role(element_text(c)) for c in cells]
        if "asked" not in roles or not ({"answered", "status"} & set(roles)):
            continue
        found: list[Message] = []
        for row in rows[header_at + 1 :]:
            row_cells = [c for c in row if tag_name(c) in CELL_TAGS]
            link = next((anchors[a] for a in row.iter("a") if a in anchors), None)
            if link is None or len(row_cells) < len(roles):
                continue
            values = {role: element_text(cell) for role, cell in zip(roles, row_cells, strict=False) if role}
            asked = row_date(values.get("asked", ""), ctx, bare=True)
            answered = row_date(values.get("answered", ""), ctx, bare=True)
            explicit = status_of(values.get("status", ""), yes_no=True) or status_of(values.get("answered", ""))
            title = clean_title(values.get("title") or link.text)
            empty_answer = "answered" in roles and _empty(values.get("answered", ""))
            words = _status_words(values.get("status", ""))
            found.append(Message(title=title, url=link.url, asked=_iso(asked), answered=_iso(answered),
                                 status=_status(explicit, answered, empty_answer, words), status_text=words))
        if len(found) > len(best) and not excluded_channel([list_heading(table)]):
            best = found
    return best


def _own_table(row: HtmlElement, table: HtmlElement) -> bool:
    """The row belongs to `table` itself, not to a table nested in one of its cells."""
    node = row.getparent()
    while node is not None and tag_name(node) != "table":
        node = node.getparent()
    return node is table


# -- rows with labelled parts ---------------------------------------------------------------------------------
def _labelled_messages(tree: HtmlElement, base: str, ctx: DateContext) -> list[Message]:
    anchors = anchors_of(tree, base)
    best: list[Message] = []
    for group in candidate_groups(tree, anchors):
        found: list[Message] = []
        for row in group.rows:
            text = unicodedata.normalize("NFKC", row.text)
            asked_m = _ASKED_RE.search(text)
            answered_m = _ANSWERED_RE.search(text)
            words = _labelled_status_words(text)
            explicit = (status_of(words) if words else "") or labelled_status(text)
            if asked_m is None or (answered_m is None and not explicit):
                continue
            asked = row_date(asked_m.group("date") or "", ctx, bare=True)
            answered = row_date(answered_m.group("date") or "", ctx, bare=True) if answered_m else None
            empty_answer = answered_m is not None and not answered_m.group("date") and _label_left_empty(
                text, answered_m.end())
            found.append(Message(title=clean_title(row.link.text), url=row.link.url, asked=_iso(asked),
                                 answered=_iso(answered), status=_status(explicit, answered, empty_answer, words),
                                 status_text=words))
        if len(found) >= MIN_LABELLED_ROWS and len(found) > len(best) and \
                not excluded_channel([list_heading(group.parent)]):
            best = found
    return best


_NEXT_LABEL_RE = re.compile("|".join((*ASKED_LABELS, *ANSWERED_LABELS, *STATUS_LABELS)))


_STATUS_LABEL_RE = re.compile("(?:" + "|".join(sorted(STATUS_LABELS, key=len, reverse=True)) + r")\s*[:：]")


def _labelled_status_words(text: str) -> str:
    """The wording after a status label (状态：已转办) up to the next label, "" when the row has none."""
    m = _STATUS_LABEL_RE.search(text)
    if m is None:
        return ""
    rest = text[m.end():]
    nxt = _NEXT_LABEL_RE.search(rest)
    return _status_words(rest[: nxt.start()] if nxt else rest)


def _label_left_empty(text: str, at: int) -> bool:
    """Nothing follows an answer-date label up to the next label (or the row's end): "答复时间：" left empty, not
    "答复时间：详见内页"."""
    rest = text[at:]
    m = _NEXT_LABEL_RE.search(rest)
    return _empty(rest[: m.start()] if m else rest)


def extract_messages(
    tree_or_html: HtmlElement | str,
    url: str,
    *,
    reference_date: date | None,
    text: str | None = None,
) -> list[Message]:
    """The messages of a 留言 / 咨询 list page in page order (at most MAX_ITEMS), or [] for any other page."""
    tree = as_tree(tree_or_html)
    if text is None:
        text = visible_text(tree)
    if not any(label in text for label in (*ASKED_LABELS, *STATUS_LABELS, "时间", "日期")):
        return []
    if excluded_channel(page_names(tree)):
        return []
    base = document_base(tree, url)
    ctx = date_context(text, reference_date)
    table = _table_messages(tree, base, ctx)
    labelled = _labelled_messages(tree, base, ctx)
    best = table if len(table) >= len(labelled) else labelled
    return best[:MAX_ITEMS]


__all__ = ["ANSWERED", "ANSWERED_WORDS", "EXCLUDED_CHANNELS", "INVALID", "INVALID_WORDS", "PENDING", "PENDING_WORDS",
           "Message", "excluded_channel", "extract_messages", "labelled_status", "list_heading", "page_names", "status_of"]
