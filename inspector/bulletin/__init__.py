"""The quarterly bulletin (季度检查通报): run data → styled Excel workbook.

``frames`` builds one DataFrame per sheet (pure), ``sheets`` declares the layout, ``workbook`` writes
and styles the .xlsx (the only openpyxl user), ``quarters`` does quarter arithmetic, ``compare`` matches
last quarter's sites to this run's.
See docs/style.md B8.
"""

from __future__ import annotations

from inspector.bulletin.compare import homepage_key, match_previous
from inspector.bulletin.inputs import AccountInfo, BulletinInput, PreviousResult, RuleInfo, RunInfo
from inspector.bulletin.quarters import previous_quarter, quarter_bounds, quarter_of
from inspector.bulletin.workbook import write_bulletin

__all__ = [
    "AccountInfo",
    "BulletinInput",
    "PreviousResult",
    "RuleInfo",
    "RunInfo",
    "homepage_key",
    "match_previous",
    "previous_quarter",
    "quarter_bounds",
    "quarter_of",
    "write_bulletin",
]
