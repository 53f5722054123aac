from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from inspector.bulletin import previous_quarter, quarter_bounds, quarter_of


@pytest.mark.parametrize(
    ("day", "label"),
    [
        (date(2026, 1, 1), "2026Q1"),
        (date(2026, 3, 31), "2026Q1"),
        (date(2026, 4, 1), "2026Q2"),
        (date(2026, 6, 30), "2026Q2"),
        (date(2026, 7, 1), "2026Q3"),
        (date(2026, 9, 30), "2026Q3"),
        (date(2026, 10, 1), "2026Q4"),
        (date(2026, 11, 20), "2026Q4"),
        (date(2026, 12, 31), "2026Q4"),
        (datetime(2027, 2, 28, 23, 59), "2027Q1"),
    ],
)
def test_quarter_of(day: date, label: str) -> None:
    assert quarter_of(day) == label


@pytest.mark.parametrize(
    ("label", "bounds"),
    [
        ("2026Q1", (date(2026, 1, 1), date(2026, 3, 31))),
        ("2026Q2", (date(2026, 4, 1), date(2026, 6, 30))),
        ("2026Q3", (date(2026, 7, 1), date(2026, 9, 30))),
        ("2026Q4", (date(2026, 10, 1), date(2026, 12, 31))),
        (" 2028q1 ", (date(2028, 1, 1), date(2028, 3, 31))),
    ],
)
def test_quarter_bounds(label: str, bounds: tuple[date, date]) -> None:
    assert quarter_bounds(label) == bounds


@pytest.mark.parametrize("label", ["2026Q5", "2026Q0", "2026-Q4", "26Q4", "Q4 2026", ""])
def test_quarter_bounds_rejects_bad_labels(label: str) -> None:
    with pytest.raises(ValueError, match="quarter"):
        quarter_bounds(label)


def test_every_day_lies_within_its_quarter_and_quarters_tile_the_year() -> None:
    day = date(2024, 1, 1)  # a leap year
    while day.year == 2024:
        first, last = quarter_bounds(quarter_of(day))
        assert first <= day <= last
        assert quarter_of(first) == quarter_of(last) == quarter_of(day)
        assert quarter_of(first - timedelta(days=1)) != quarter_of(day)
        assert quarter_of(last + timedelta(days=1)) != quarter_of(day)
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("label", "previous"),
    [("2026Q4", "2026Q3"), ("2026Q2", "2026Q1"), ("2026Q1", "2025Q4"), (" 2000q1 ", "1999Q4")],
)
def test_previous_quarter(label: str, previous: str) -> None:
    assert previous_quarter(label) == previous


def test_previous_quarter_rejects_bad_labels() -> None:
    with pytest.raises(ValueError, match="quarter"):
        previous_quarter("第四季度")
