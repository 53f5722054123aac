"""征求意见 periods stated by a notice (facts["comment_period"]): start, end, length in calendar days, and the
sentence that explains a period shorter than 30 days.

Forms read: "征求意见时间为2026年10月1日至2026年10月20日", "自2026年10月1日起至10月20日止", "2026-10-01至2026-10-20",
"截止日期为2026年10月20日", "意见反馈截止时间：2026年10月20日", "请于2026年10月20日前反馈", "征求意见期限为15天".
Without a stated start the period starts on the notice's publication date (`published`; one after the reference
date is a later update of the page, not the start: the start is then unknown).

Only a sentence that itself speaks of comments (意见 / 征求) states the period; a 公示 (任前公示, 公示期) is no
comment period. Which pages are 征求意见 notices at all is decided by the caller (page.is_consultation_article:
the article's title or main heading says 征求意见 / 意见征集 / 公开征求).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from inspector.extract.dates import find_dates, parse_date

logger = logging.getLogger(__name__)

MIN_DAYS = 30  # a shorter period needs a stated reason
REASON_WINDOW = 3  # sentences before / after the period statement searched for the reason
MAX_REASON_CHARS = 300

# One date: 2026年10月1日 / 10月20日 (year implied) / 2026-10-01 / 2026.10.1 / 2026/10/01.
_D = r"(?:(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2})"
_CLOCK = r"(?:\s*(?:上午|下午|晚上)?\s*\d{1,2}\s*[:：时点]\s*(?:\d{1,2}\s*分?)?)?"
_RANGE_RE = re.compile(
    rf"(?:自|从|于)?\s*(?P<start>{_D}){_CLOCK}\s*(?:起|开始)?\s*[,，]?\s*(?:至|到|—+|－|-|~|～|–)\s*"
    rf"(?P<end>{_D}){_CLOCK}\s*(?:止|结束|截止)?"
)
_DEADLINE_RE = re.compile(
    rf"(?:截止|截至|截止日期|截止时间|截止时间为|截止日期为)\s*(?:日期|时间)?\s*(?:为|是|到|至)?\s*[:：]?\s*(?P<end>{_D})"
    rf"|(?:请于|请在|于|在)\s*(?P<end2>{_D}){_CLOCK}\s*(?:前|之前|以前)"
    rf"|(?P<end3>{_D}){_CLOCK}\s*(?:前|之前|以前)\s*(?:反馈|提出|报送|发送|提交|寄送|通过)"
)
_DAYS_RE = re.compile(r"(?:期限|时间|期)\s*(?:为|是)?\s*(?P<n>\d{1,3})\s*(?:个)?\s*(?P<unit>工作日|天|日)")
_CONTEXT_WORDS = ("意见", "征求")  # the period sentence itself speaks of comments
_REASON_WORDS = ("缩短", "紧急", "紧迫", "急需", "急迫", "时间紧", "时间较紧", "时间仓促", "时限紧", "时限要求", "尽快出台",
                 "尽快实施", "特殊情况", "确有必要", "迫切", "少于30日", "少于三十日", "不足30日", "不足三十日", "少于30天",
                 "不足30天", "少于三十天")  # fmt: skip
_REASON_CONTEXT = ("征求意见", "期限", "时间", "天", "日", "出台", "实施", "印发", "发布")
# "…须于12月1日前报送审议，故征求意见时间为20天": a consequence drawn about the comment period itself
_CAUSAL_PERIOD_RE = re.compile(r"(?:故|因此|因而|为此|鉴于|由于|根据[^。；;]{0,20}要求)[^。；;]{0,60}?征求意见(?:时间|期限|期)")
_SENTENCE_RE = re.compile(r"[^。；;！!？?\n]+[。；;！!？?]?")
_MD_RE = re.compile(r"(?:(?P<y>\d{4})\s*年\s*)?(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_PUBLISHED_RE = re.compile(r"(?:发布时间|发布日期|发文日期|成文日期|时间|日期)\s*[:：]\s*(?P<d>[^\n]{6,30})")


@dataclass(frozen=True, slots=True)
class CommentPeriod:
    start: str | None
    end: str | None
    days: int | None
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "days": self.days, "reason": self.reason}


def _parse(token: str, year: int | None) -> date | None:
    """A date token; a month-day form takes `year` (None → unusable)."""
    token = token.strip()
    m = _MD_RE.fullmatch(token)
    if m:
        y = int(m.group("y")) if m.group("y") else year
        if y is None:
            return None
        try:
            return date(y, int(m.group("m")), int(m.group("d")))
        except ValueError:
            return None
    return parse_date(token)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_RE.findall(text) if s.strip()]


def _has_context(sentence: str) -> bool:
    """The sentence speaks of comments (意见, 征求) and is not about a 公示 (任前公示, 公示期 …)."""
    if "公示" in sentence and "征求意见" not in sentence:
        return False
    return any(word in sentence for word in _CONTEXT_WORDS)


def find_reason(sentences: list[str], at: int | None, originals: list[str] | None = None) -> str:
    """The sentence explaining a short period: a reason word (缩短, 紧急, 时间紧 …) with a word of time or
    purpose, near the period statement (or anywhere when it speaks of 缩短 / 征求意见 itself). `originals` =
    the same sentences as written (returned instead of their NFKC form)."""
    best: tuple[int, str] | None = None
    for i, sentence in enumerate(sentences):
        causal = _CAUSAL_PERIOD_RE.search(sentence) is not None
        if not causal and not any(word in sentence for word in _REASON_WORDS):
            continue
        if not causal and not any(word in sentence for word in _REASON_CONTEXT):
            continue
        distance = abs(i - at) if at is not None else 0
        strong = causal or "缩短" in sentence or ("征求意见" in sentence and ("期限" in sentence or "时间" in sentence))
        if distance > REASON_WINDOW and not strong:
            continue
        if best is None or distance < best[0]:
            best = (distance, originals[i] if originals is not None else sentence)
    return best[1][:MAX_REASON_CHARS] if best else ""


def extract_comment_period(
    text: str,
    *,
    reference_date: date | None,
    published: date | None = None,
) -> CommentPeriod | None:
    """The 征求意见 period a notice states, or None when it states none.

    `published` = the notice's publication date (PubDate meta, 发布时间): the start of a period given only by
    its deadline or its length. `reference_date` gives the year of dates written without one when nothing else
    does. days = end − start + 1 (calendar days); a period of N 工作日 without dates has days None.
    """
    if "意见" not in text and "征求" not in text:
        return None
    if published is not None and reference_date is not None and published > reference_date:
        published = None  # a page date after the reference date is an update, not the notice's publication
    originals = _sentences(text)
    sentences = [unicodedata.normalize("NFKC", sentence) for sentence in originals]
    default_year = (published or reference_date or date.today()).year
    start = end = None
    days: int | None = None
    at: int | None = None
    found = _stated_range(sentences, default_year) or _stated_deadline(sentences, default_year)
    if found is not None:
        start, end, at = found
        if start is None:
            start = published
    else:
        length = _stated_length(sentences)
        if length is None:
            return None
        n, unit, at = length
        start = published
        if unit != "工作日":
            days = n
            end = published + timedelta(days=n - 1) if published is not None else None
    if start is not None and end is not None:
        days = (end - start).days + 1
        if days < 1:
            start, days = None, None  # published after the deadline: the start is unknown
    reason = find_reason(sentences, at, originals) if days is None or days < MIN_DAYS else ""
    return CommentPeriod(start=start.isoformat() if start else None, end=end.isoformat() if end else None,
                         days=days, reason=reason)


def _stated_range(sentences: list[str], default_year: int) -> tuple[date | None, date, int] | None:
    """(start, end, sentence index) of an explicit range; a 征求意见 sentence wins over other comment wording."""
    candidates: list[tuple[date | None, date, int]] = []
    for i, sentence in enumerate(sentences):
        if not _has_context(sentence):
            continue
        for m in _RANGE_RE.finditer(sentence):
            s = _parse(m.group("start"), default_year)
            if s is None:
                continue
            end_token = m.group("end")
            e = _parse(end_token, s.year)
            if e is not None and e < s and not _has_year(end_token):
                e = _parse(end_token, s.year + 1)  # 2026年12月20日至1月10日
            if e is None or e < s:
                continue
            if "征求意见" in sentence:
                return s, e, i
            candidates.append((s, e, i))
    return candidates[0] if candidates else None


def _stated_deadline(sentences: list[str], default_year: int) -> tuple[date | None, date, int] | None:
    for i, sentence in enumerate(sentences):
        m = _DEADLINE_RE.search(sentence)
        if m is None or not _has_context(sentence):
            continue
        e = _parse(m.group("end") or m.group("end2") or m.group("end3"), default_year)
        if e is not None:
            return None, e, i
    return None


def _stated_length(sentences: list[str]) -> tuple[int, str, int] | None:
    for i, sentence in enumerate(sentences):
        if not _has_context(sentence) or ("征求意见" not in sentence and "期限" not in sentence):
            continue
        m = _DAYS_RE.search(sentence)
        if m is not None:
            return int(m.group("n")), m.group("unit"), i
    return None


def _has_year(token: str) -> bool:
    return "年" in token or bool(re.match(r"\s*\d{4}", token))


def article_published(text: str, pub_date: str | None, url: str) -> date | None:
    """An article's publication date: its PubDate meta, else a labelled 发布时间 / 日期 in its text, else its URL."""
    if pub_date:
        found = parse_date(pub_date)
        if found is not None:
            return found
    m = _PUBLISHED_RE.search(unicodedata.normalize("NFKC", text))
    if m:
        found = parse_date(m.group("d"))
        if found is not None:
            return found
    in_url = find_dates("", url=url)
    return in_url[0] if in_url else None


__all__ = ["MIN_DAYS", "CommentPeriod", "article_published", "extract_comment_period", "find_reason"]
