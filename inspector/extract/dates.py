"""Find calendar dates in page text and URLs (list rows, 发布时间, article URLs).

Forms: 2020-11-26, 2020/11/26, 2020.11.26, 2020年11月26日 (also 2020年11月26 without 日), 20-11-26, [11-26]
(year from reference_year), t20201126_…, /art/2020/11/26/, /2020-11/26/; full-width digits and brackets (NFKC).
Impossible dates (2020-02-30, month 13) are rejected.

`scan_dates` gives the raw finds (year None for a year-less one) in page order; `implied_date` gives a year-less
month-day its year (nearest an anchor date, never after the reference date). A bare month-day (`11-26`, `11/26`
as a whole token) is read only on request (`bare_month_day`, for list rows): in running text it is too often
something else. The same request reads the other common list-row forms: `11月20日` (year-less), and a day box
split from its year-month box (`<b>20</b><p>2026.11</p>` → row text "20 2026.11", also "2026-11 20"). A time
(`10:20`) or a two-digit-year dotted form (`26.11.20`, ambiguous) is never a date.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

logger = logging.getLogger(__name__)

MIN_YEAR = 1900
MAX_YEAR = 2100

# One alternation, so that finditer yields dates in page order.
_DATE_RE = re.compile(
    r"""
    (?<![0-9A-Za-z])t(?P<ty>(?:19|20)\d{2})(?P<tm>\d{2})(?P<td>\d{2})(?=_)         # TRS article: t20201126_
    | (?<!\d)(?P<y>\d{4})\s*(?P<s1>[-/.])\s*(?P<m>\d{1,2})\s*(?P=s1)\s*(?P<d>\d{1,2})(?![\d])
    | (?<!\d)(?P<cy>\d{4})\s*年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})                # 2020年11月26日;
      (?:\s*[日号]|(?![\d.]|\s*[余多万千百亿个家人件项次天条名户所台辆元%份批期届]))        # 日 left out, not a count
    | /(?P<uy>(?:19|20)\d{2})-(?P<um>\d{2})/(?P<ud>\d{2})/                          # /2018-06/22/content_…
    | (?<![\d.\-/:])(?P<sy>\d{2})-(?P<sm>\d{1,2})-(?P<sd>\d{1,2})(?![\d\-/.:])        # 20-11-26
    | [\[【(〔](?P<bm>\d{1,2})\s*[-/.]\s*(?P<bd>\d{1,2})[\]】)〕]                      # [11-26]
    """,
    re.VERBOSE,
)


def _make(year: int, month: int, day: int) -> date | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _from_match(m: re.Match[str], reference_year: int | None, not_after: date | None) -> date | None:
    g = m.groupdict()
    for y, mo, d in (("ty", "tm", "td"), ("y", "m", "d"), ("cy", "cm", "cd"), ("uy", "um", "ud")):
        if g[y] is not None:
            return _make(int(g[y]), int(g[mo]), int(g[d]))
    if g["sy"] is not None:
        return _make(2000 + int(g["sy"]), int(g["sm"]), int(g["sd"]))
    if g["bm"] is not None and reference_year is not None:
        found = _make(reference_year, int(g["bm"]), int(g["bd"]))
        if found is not None and not_after is not None and found > not_after:
            found = _make(reference_year - 1, int(g["bm"]), int(g["bd"]))  # [12-28] seen in January
        return found
    return None


# A month-day written as a whole token (`11-26`, `11/26`, two digits each), read only in list rows.
_BARE_MD_RE = re.compile(r"(?:(?<=\s)|^)(?P<m>\d{2})[-/](?P<d>\d{2})(?=\s|$)")


# List-row forms read with bare_month_day: 11月20日 (year-less); a day box beside a year-month box, in either order.
_CN_MD_RE = re.compile(r"(?<![\d年.\-/])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]")
_SPLIT_DAY_FIRST_RE = re.compile(
    r"(?:(?<=\s)|^)(?P<d>\d{1,2})\s+(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?(?=\s|$)")
_SPLIT_DAY_LAST_RE = re.compile(
    r"(?:(?<=\s)|^)(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*月?\s+(?P<d>\d{1,2})\s*日?(?=\s|$)")


@dataclass(frozen=True, slots=True)
class FoundDate:
    """One date found by scan_dates: `year` None for a year-less month-day ([11-26])."""

    year: int | None
    month: int
    day: int
    at: int  # position in its source (page order)

    def full(self) -> date | None:
        return _make(self.year, self.month, self.day) if self.year is not None else None


def _found(m: re.Match[str]) -> FoundDate | None:
    g = m.groupdict()
    for y, mo, d in (("ty", "tm", "td"), ("y", "m", "d"), ("cy", "cm", "cd"), ("uy", "um", "ud")):
        if g[y] is not None:
            found = FoundDate(int(g[y]), int(g[mo]), int(g[d]), m.start())
            return found if found.full() is not None else None
    if g["sy"] is not None:
        found = FoundDate(2000 + int(g["sy"]), int(g["sm"]), int(g["sd"]), m.start())
        return found if found.full() is not None else None
    if g["bm"] is not None:
        return _month_day(int(g["bm"]), int(g["bd"]), m.start())
    return None


def _month_day(month: int, day: int, at: int) -> FoundDate | None:
    return FoundDate(None, month, day, at) if _make(2000, month, day) is not None else None  # 2000: 02-29 valid


def scan_dates(text: str, *, bare_month_day: bool = False) -> list[FoundDate]:
    """Every date form in `text` (NFKC-normalised: full-width digits read), in page order; year-less ones with
    year None. `bare_month_day` also reads a whole-token `11-26` / `11/26` (list rows only)."""
    if not text:
        return []
    normalised = unicodedata.normalize("NFKC", text)
    found: list[FoundDate] = []
    spans: list[tuple[int, int]] = []
    for m in _DATE_RE.finditer(normalised):
        spans.append(m.span())
        hit = _found(m)
        if hit is not None:
            found.append(hit)
    if bare_month_day:
        for rx in (_SPLIT_DAY_FIRST_RE, _SPLIT_DAY_LAST_RE, _CN_MD_RE, _BARE_MD_RE):
            for m in rx.finditer(normalised):
                if any(a < m.end() and m.start() < b for a, b in spans):
                    continue
                if "y" in rx.groupindex:
                    full = FoundDate(int(m.group("y")), int(m.group("m")), int(m.group("d")), m.start())
                    hit: FoundDate | None = full if full.full() is not None else None
                else:
                    hit = _month_day(int(m.group("m")), int(m.group("d")), m.start())
                if hit is not None:
                    found.append(hit)
                    spans.append(m.span())
        found.sort(key=lambda f: f.at)
    return found


def implied_date(month: int, day: int, *, not_after: date, anchor: date | None = None) -> date | None:
    """The date of a year-less month-day: the occurrence nearest `anchor` (a full date of the same list), else
    the latest one not after `not_after` (the reference date); never after `not_after`."""
    target = anchor if anchor is not None and anchor <= not_after else not_after
    best: date | None = None
    for year in range(target.year + 1, target.year - 5, -1):
        d = _make(year, month, day)
        if d is None or d > not_after:
            continue
        if best is None or abs((d - target).days) < abs((best - target).days):
            best = d
    return best


def find_dates(
    text: str,
    *,
    url: str = "",
    reference_year: int | None = None,
    not_after: date | None = None,
) -> list[date]:
    """Dates in `text` (page order), then in `url`; duplicates kept (callers deduplicate if they wish).

    Year-less forms such as [11-26] need `reference_year` and are skipped without it. With `not_after`,
    a year-less date that would fall after it is put in the previous year.
    """
    found: list[date] = []
    for source in (text, url):
        if not source:
            continue
        normalised = unicodedata.normalize("NFKC", source)
        for m in _DATE_RE.finditer(normalised):
            d = _from_match(m, reference_year, not_after)
            if d is not None:
                found.append(d)
    return found


def parse_date(value: str) -> date | None:
    """The first full date in a string such as a PubDate meta value ('2020-11-26 10:30'), or None."""
    dates = find_dates(value)
    return dates[0] if dates else None
