"""Quarter arithmetic for the quarterly bulletin (季度): ``"2026Q4"`` ⇄ dates.

See docs/style.md B8: quarter arithmetic lives in this one helper.
"""

from __future__ import annotations

import calendar
import logging
import re
from datetime import date, timedelta

logger = logging.getLogger(__name__)

_QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")


def quarter_of(d: date) -> str:
    """Return the quarter label of a date.

    Args:
        d: any date (a ``datetime`` works too).

    Returns:
        The label ``"YYYYQn"``, e.g. ``"2026Q4"`` for 2026-11-20.
    """
    return f"{d.year:04d}Q{(d.month - 1) // 3 + 1}"


def quarter_bounds(quarter: str) -> tuple[date, date]:
    """Return the first and the last day of a quarter.

    Args:
        quarter: a label such as ``"2026Q4"`` (surrounding spaces and a lower-case ``q`` are accepted).

    Returns:
        ``(first_day, last_day)``, both inclusive, e.g. ``(date(2026, 10, 1), date(2026, 12, 31))``.

    Raises:
        ValueError: when the label is not of the form ``YYYYQn`` with n in 1..4.
    """
    match = _QUARTER_RE.match(quarter.strip().upper())
    if match is None:
        raise ValueError(f"not a quarter label (expected e.g. 2026Q4): {quarter!r}")
    year, q = int(match.group(1)), int(match.group(2))
    first_month = 3 * (q - 1) + 1
    last_month = first_month + 2
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def previous_quarter(quarter: str) -> str:
    """Return the label of the quarter before ``quarter``.

    Args:
        quarter: a label such as ``"2026Q4"`` (same forms as :func:`quarter_bounds` accepts).

    Returns:
        The previous quarter's label, e.g. ``"2026Q3"`` for ``"2026Q4"`` and ``"2025Q4"`` for ``"2026Q1"``.

    Raises:
        ValueError: when the label is not a quarter label.
    """
    first, _last = quarter_bounds(quarter)
    return quarter_of(first - timedelta(days=1))
