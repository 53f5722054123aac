"""Reading registry tables (.csv, .xlsx, .toml) into numbered rows, for the site and the account registries.

Each registry checks its own headers and rows; this module only turns a file into `(row number, values)` pairs,
numbered as the user sees them (CSV/XLSX: the spreadsheet row; TOML: the table's position), and raises the
registry's own error class with the file name in the message.
"""

from __future__ import annotations

import csv
import io
import logging
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

Rows = list[tuple[int, dict[str, Any]]]  # (row number as the user sees it, values by header)
HeaderCheck = Callable[[Sequence[str], int], None]  # (headers, row number of the header row) -> raise if wrong


def read_table(path: Path, *, error: type[Exception], check_headers: HeaderCheck, table: str, noun: str) -> Rows:
    """The rows of a .csv, .xlsx/.xlsm or .toml registry (`[[table]]` entries; `noun` names an entry in errors).

    Raises `error` for an unknown format, an unreadable file, or a TOML entry that is not a table.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv(path, error, check_headers)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, error, check_headers)
    if suffix == ".toml":
        return _read_toml(path, error, table, noun)
    raise error(f"{path}: unsupported registry format {suffix!r} (use .csv, .xlsx or .toml)")


def _read_csv(path: Path, error: type[Exception], check_headers: HeaderCheck) -> Rows:
    """UTF-8 (with or without BOM) or GB18030; leading blank and "#" comment lines are skipped (and counted)."""
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes nearly any byte string
        raise error(f"{path}: cannot decode (use UTF-8)")
    lines = text.splitlines(keepends=True)
    skipped = 0
    while skipped < len(lines) and (not lines[skipped].strip() or lines[skipped].lstrip().startswith("#")):
        skipped += 1
    reader = csv.DictReader(io.StringIO("".join(lines[skipped:])))
    check_headers(reader.fieldnames or [], skipped + 1)
    return [
        (reader.line_num + skipped, row)
        for row in reader
        if any((v or "").strip() for v in row.values() if isinstance(v, str))
    ]


def _read_xlsx(path: Path, error: type[Exception], check_headers: HeaderCheck) -> Rows:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise error(f"{path}: not a readable .xlsx workbook ({exc})") from None
    ws = wb.worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    wb.close()
    if not rows:
        return []
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    check_headers(headers, 1)
    out: Rows = []
    for row_no, values in enumerate(rows[1:], start=2):
        if all(v in (None, "") for v in values):
            continue
        out.append((row_no, {h: ("" if v is None else v) for h, v in zip(headers, values) if h}))
    return out


def _read_toml(path: Path, error: type[Exception], table: str, noun: str) -> Rows:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: invalid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise error(f"{path}: cannot decode (use UTF-8)") from None
    items = data.get(table) or data.get(table + "s")
    if not isinstance(items, list):
        raise error(f"{path}: expected [[{table}]] tables")
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise error(f"{path}: {noun} #{i}: expected a table")
    return list(enumerate(items, start=1))
