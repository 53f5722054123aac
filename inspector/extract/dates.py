"""Find calendar dates in page text and URLs (list rows, 发布时间, article URLs).

Forms: 2020-11-26, 2020/11/26, 2020.11.26, 2020年11月26日, 20-11-26, [11-26] (year from reference_year),
t20201126_…, /art/2020/11/26/, /2020-11/26/. Impossible dates (2020-02-30, month 13) are rejected.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date

logger = logging.getLogger(__name__)

MIN_YEAR = 1900
MAX_YEAR = 2100

# One alternation, so that finditer yields dates in page order.
_DATE_RE = re.compile(
    r"""
    (?<![0-9A-Za-z])t(?P<ty>(?:19|20)\d{2})(?P<tm>\d{2})(?P<td>\d{2})(?=_)         # TRS article: t20201126_
    | (?<!\d)(?P<y>\d{4})\s*(?P<s1>[-/.])\s*(?P<m>\d{1,2})\s*(?P=s1)\s*(?P<d>\d{1,2})(?![\d])
    | (?<!\d)(?P<cy>\d{4})\s*年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*[日号]
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
