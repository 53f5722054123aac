"""留言 / 咨询 lists (facts["messages"]): each message with when it was asked and when (whether) it was answered.

Two shapes are read:

- a table whose header row names the columns (标题 | 留言时间 | 答复时间 | 状态 …), one message per row;
- repeated rows with labelled parts: ``<li><a>标题</a><span>留言时间：2026-08-01</span><span>答复时间：2026-08-03</span>
  </li>`` or ``<span>状态：已回复</span>``.

A page is a message list only when its rows show an asking date AND an answer date or an answered/pending status.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from inspector.extract._dom import HtmlElement, as_tree, element_text, tag_name, visible_text
from inspector.extract.links import document_base
from inspector.extract.lists import (
    MAX_ITEMS,
    CELL_TAGS,
    DateContext,
    anchors_of,
    candidate_groups,
    clean_title,
    date_context,
    row_date,
)

logger = logging.getLogger(__name__)

ANSWERED, PENDING = "answered", "pending"

ASKED_LABELS = ("留言时间", "留言日期", "提问时间", "咨询时间", "咨询日期", "来信时间", "来信日期", "写信时间", "提交时间",
                "提交日期", "发表时间", "投诉时间", "诉求时间", "受理时间", "登记时间", "信件时间")  # fmt: skip
ANSWERED_LABELS = ("答复时间", "答复日期", "回复时间", "回复日期", "办结时间", "办结日期", "处理时间", "反馈时间",
                   "反馈日期", "回应时间", "办理时间")  # fmt: skip
STATUS_LABELS = ("状态", "办理状态", "回复状态", "答复状态", "处理状态", "是否回复", "是否答复", "办理情况", "办理结果")
TITLE_LABELS = ("标题", "主题", "留言标题", "信件标题", "事项", "咨询标题", "留言主题", "内容", "问题")
ANSWERED_WORDS = ("已回复", "已答复", "已办结", "已处理", "已反馈", "已回应", "已解决", "办结", "已完成")
PENDING_WORDS = ("未回复", "未答复", "待回复", "待答复", "未办结", "办理中", "处理中", "待处理", "受理中", "未处理",
                 "未反馈", "待办理", "正在办理", "转办中", "交办中")  # fmt: skip

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
    status: str  # "answered" | "pending" | ""

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "asked": self.asked, "answered": self.answered,
                "status": self.status}


def status_of(text: str) -> str:
    """answered / pending from a status word (未回复 is checked before 回复), else ""."""
    norm = text.replace(" ", "")
    if any(word in norm for word in PENDING_WORDS):
        return PENDING
    if any(word in norm for word in ANSWERED_WORDS):
        return ANSWERED
    return ""


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _status(explicit: str, answered: date | None, has_answer_field: bool) -> str:
    if explicit:
        return explicit
    if answered is not None:
        return ANSWERED
    return PENDING if has_answer_field else ""


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
            asked = row_date(values.get("asked", ""), ctx)
            answered = row_date(values.get("answered", ""), ctx)
            explicit = status_of(values.get("status", "")) or status_of(values.get("answered", ""))
            title = clean_title(values.get("title") or link.text)
            found.append(Message(title=title, url=link.url, asked=_iso(asked), answered=_iso(answered),
                                 status=_status(explicit, answered, "answered" in roles or "status" in roles)))
        if len(found) > len(best):
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
            explicit = status_of(text)
            if asked_m is None or (answered_m is None and not explicit):
                continue
            asked = row_date(asked_m.group("date") or "", ctx)
            answered = row_date(answered_m.group("date") or "", ctx) if answered_m else None
            found.append(Message(title=clean_title(row.link.text), url=row.link.url, asked=_iso(asked),
                                 answered=_iso(answered),
                                 status=_status(explicit, answered, answered_m is not None)))
        if len(found) >= MIN_LABELLED_ROWS and len(found) > len(best):
            best = found
    return best


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
    base = document_base(tree, url)
    ctx = date_context(text, reference_date)
    table = _table_messages(tree, base, ctx)
    labelled = _labelled_messages(tree, base, ctx)
    best = table if len(table) >= len(labelled) else labelled
    return best[:MAX_ITEMS]


__all__ = ["ANSWERED", "PENDING", "Message", "extract_messages", "status_of"]
