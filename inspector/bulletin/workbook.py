"""Write the bulletin workbook (.xlsx): pandas writes the frames, openpyxl styles them.

The only module of the package that imports openpyxl. Output is written to a temporary file in the
target folder and moved into place with ``os.replace``, so a reader never sees half a workbook.
See docs/style.md B8 and docs/tech-notes.md §7.
"""

from __future__ import annotations

import logging
import math
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from copy import copy
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import NumFmt
from openpyxl.chart.label import DataLabelList
from openpyxl.descriptors import Typed
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from inspector.bulletin.frames import BEIJING
from inspector.bulletin.inputs import BulletinInput
from inspector.bulletin.sheets import DEFAULT_MAX_WIDTH, SHEETS, BarChartSpec, BlockSpec, CellLook, SheetSpec

logger = logging.getLogger(__name__)

EXCEL_MAX_CELL_CHARS = 32767
EXCEL_MAX_LINK_CHARS = 2000  # Excel refuses longer hyperlink targets (limit 2079/2083)
FORMULA_TRIGGERS = ("=", "+", "-", "@")
_TRIGGER_LEADERS = " \t\r\n\u3000"
MIN_WIDTH = 6.0

HEADER_FILL = PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7")
TOTALS_FILL = PatternFill(fill_type="solid", start_color="F2F2F2", end_color="F2F2F2")
HEADER_FONT = Font(bold=True)
CAPTION_FONT = Font(bold=True, size=12)
BLOCK_GAP = 2  # empty rows between a sheet's tables
_THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
LINE_HEIGHT = 15.0  # points per text line (11-point text; CJK fallback fonts included)
MAX_ROW_LINES = 12  # a very long cell is cut off in print rather than making a page-high row
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


class _DataLabels(DataLabelList):
    """Chart data labels whose number format is used as given.

    openpyxl writes a label format without ``sourceLinked``, which LibreOffice reads as "use the cells' format";
    this one writes ``sourceLinked="0"``.
    """

    numFmt = Typed(expected_type=NumFmt, allow_none=True)
    __elements__ = DataLabelList.__elements__
    __nested__ = tuple(name for name in DataLabelList.__nested__ if name != "numFmt")


def _label_format(code: str) -> NumFmt:
    return NumFmt(formatCode=code, sourceLinked=False)


def write_bulletin(
    data: BulletinInput,
    path: Path,
    *,
    sheets: Sequence[SheetSpec] = SHEETS,
    generated_at: datetime | None = None,
) -> Path:
    """Write the quarterly bulletin workbook.

    Args:
        data: the run to present.
        path: the .xlsx file to (over)write; its folder is created if needed.
        sheets: the sheet layout (default: the bulletin's sheets; a sheet whose ``include`` says no is left out).
        generated_at: time shown as 生成时间（北京时间） (default: now; a naive time is taken as Beijing time).

    Returns:
        ``path``, once the complete workbook is in place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    now = generated_at if generated_at is not None else datetime.now(BEIJING).replace(microsecond=0)
    built = [
        (
            spec,
            _checked(spec.name, spec.frame_columns, spec.build(data, now)),
            [(block, _checked(block.caption, block.frame_columns, block.build(data, now))) for block in spec.blocks],
        )
        for spec in (s.for_data(data) for s in sheets if s.wanted(data))
    ]

    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp.xlsx", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with pd.ExcelWriter(tmp, engine="openpyxl") as xw:
            for spec, frame, blocks in built:
                _shown_part(spec, frame).to_excel(xw, sheet_name=spec.name, index=False)
                ws = xw.sheets[spec.name]
                _style_table(ws, spec, frame)
                ws.freeze_panes = spec.freeze
                if spec.autofilter:
                    ws.auto_filter.ref = f"A1:{get_column_letter(len(spec.columns))}{len(frame) + 1}"
                totals_at = len(frame) + 3
                if spec.totals_row is not None:
                    _write_totals_row(ws, spec, spec.totals_row(frame), row=totals_at)
                    totals_at += 2
                if spec.totals is not None:
                    _write_totals(ws, spec, spec.totals(frame), first_row=totals_at)
                for block, block_frame in blocks:
                    _write_block(xw, ws, spec.name, block, block_frame, sheet_columns=len(spec.columns))
                _set_date_formats(ws)
                _guard_text(ws)
                _page_setup(ws)
            book = xw.book
            book.properties.creator = "gov-inspector"
            subject = "政府网站和政务新媒体" if data.accounts else "政府网站"
            book.properties.title = f"{data.run.quarter} {subject}检查情况通报"
        tmp.chmod(0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    logger.info("bulletin written: %s (%s)", path, ", ".join(f"{s.name} {len(f)}" for s, f, _b in built))
    return path


def _checked(where: str, columns: Sequence[str], frame: pd.DataFrame) -> pd.DataFrame:
    if list(frame.columns) != list(columns):
        raise ValueError(f"sheet {where}: frame columns {list(frame.columns)} != spec {list(columns)}")
    return frame


def _shown_part(spec: SheetSpec | BlockSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """What is written: the spec's columns (hidden link targets left out), Excel-safe, with the Chinese headers."""
    return _excel_safe(frame[list(spec.columns)]).rename(columns=dict(spec.columns))


# --- values ---------------------------------------------------------------------------------------


def excel_text(value: str) -> str:
    """A string Excel can store: no XML-illegal control characters, no lone surrogates, ≤32767 chars."""
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) > EXCEL_MAX_CELL_CHARS:
        text = text[: EXCEL_MAX_CELL_CHARS - 1] + "…"
    return text


def _excel_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose strings pass :func:`excel_text` (the input is not modified)."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if pd.api.types.is_string_dtype(series) or pd.api.types.is_object_dtype(series):
            out[column] = series.map(lambda v: excel_text(v) if isinstance(v, str) else v)
    return out


def looks_like_formula(value: str) -> bool:
    """True when Excel (or a later edit of the cell) could read the text as a formula."""
    return value.lstrip(_TRIGGER_LEADERS).startswith(FORMULA_TRIGGERS)


def _guard_text(ws: Worksheet) -> None:
    """Keep every string a string: crawled text must never become a formula.

    pandas + openpyxl store a value starting with ``=`` as a formula; we write no formulas, so any
    such cell is turned back into text. Formula-looking text also gets Excel's quote prefix (the
    stored form of a leading apostrophe), so editing the cell in Excel does not turn it into one.
    """
    for row in ws.iter_rows():
        for cell in row:
            value = cell.value
            if isinstance(value, str) and (cell.data_type == "f" or looks_like_formula(value)):
                cell.data_type = "s"
                cell.quotePrefix = True


def _set_date_formats(ws: Worksheet) -> None:
    """ExcelWriter's date formats are not applied (tech-notes §7): set them per cell.

    A datetime always shows its time (a run started at 00:00:00 still reads as a time); a date shows the day.
    """
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = DATETIME_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT


def is_link_target(value: Any) -> bool:
    """Only plain web addresses become clickable; never javascript:, file: or over-long targets."""
    if not isinstance(value, str) or len(value) > EXCEL_MAX_LINK_CHARS:
        return False
    lowered = value.lower()
    return lowered.startswith(("http://", "https://")) and not any(c.isspace() for c in value)


# --- layout -----------------------------------------------------------------------------------------


def display_width(text: str) -> float:
    """Column-width units of a text: 2 per wide (CJK) character, 1 otherwise (longest line)."""
    return max(
        (sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line) for line in text.split("\n")),
        default=0,
    )


def _shown(value: Any) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def column_width(label: str, values: Iterable[Any], cap: float) -> float:
    """Auto-fit width: the widest of header and values, plus padding, between MIN_WIDTH and ``cap``."""
    widest = max([display_width(label)] + [display_width(_shown(v)) for v in values])
    return float(min(cap, max(MIN_WIDTH, widest + 2)))


def _style_table(ws: Worksheet, spec: SheetSpec | BlockSpec, frame: pd.DataFrame, header_row: int = 1) -> None:
    """Style a table whose header is on ``header_row``: header, widths, formats, links, borders, row fills.

    A table under another one (``header_row`` > 1) only ever widens the columns it shares with those above.
    """
    names = list(spec.columns)
    rows = len(frame)

    header_align = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for col in range(1, len(names) + 1):
        cell = ws.cell(row=header_row, column=col)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = header_align
        cell.border = BORDER

    fills: list[PatternFill | None] = [None] * rows
    if spec.row_fill is not None:
        for i, key in enumerate(frame[spec.row_fill.column].tolist()):
            color = spec.row_fill.fills.get(key) if isinstance(key, str) else None
            if color:
                fills[i] = PatternFill(fill_type="solid", start_color=color, end_color=color)

    for col, name in enumerate(names, start=1):
        letter = get_column_letter(col)
        values = frame[name].tolist()
        width = column_width(spec.columns[name], values, spec.widths.get(name, DEFAULT_MAX_WIDTH))
        if header_row > 1 and letter in ws.column_dimensions and ws.column_dimensions[letter].width:
            width = max(width, float(ws.column_dimensions[letter].width))
        ws.column_dimensions[letter].width = width
        align = Alignment(horizontal=spec.align.get(name), vertical="top", wrap_text=name in spec.wrap)
        number_format = spec.formats.get(name)
        row_formats = frame[spec.cell_formats[name]].tolist() if name in spec.cell_formats else None
        targets = frame[spec.link_targets[name]].tolist() if name in spec.link_targets else None
        looks = spec.cell_looks.get(name, {})
        for i in range(rows):
            cell: Cell = ws.cell(row=header_row + 1 + i, column=col)
            target = targets[i] if targets is not None else cell.value if name in spec.hyperlinks else None
            if (targets is not None or name in spec.hyperlinks) and is_link_target(target):
                cell.hyperlink = str(target)
                cell.style = "Hyperlink"  # named style first: it resets fill and alignment
            own_format = row_formats[i] if row_formats is not None else None
            if isinstance(own_format, str) and own_format:
                cell.number_format = own_format
            elif number_format:
                cell.number_format = number_format
            cell.alignment = align
            cell.border = BORDER
            fill = fills[i]
            if fill is not None:
                cell.fill = fill
            look = looks.get(values[i]) if isinstance(values[i], str) else None
            if look is not None:
                _apply_look(cell, look)
    _fit_row_heights(ws, spec, frame, header_row)


def _apply_look(cell: Cell, look: CellLook) -> None:
    if look.fill:
        cell.fill = PatternFill(fill_type="solid", start_color=look.fill, end_color=look.fill)
    if look.font_color:
        font = copy(cell.font)  # keep the workbook's font: a bare Font() makes viewers pick their own
        font.color = look.font_color
        cell.font = font


def text_lines(text: str, width: float) -> int:
    """How many lines a wrapped text takes in a column ``width`` units wide (estimate, at least 1)."""
    usable = max(1.0, width - 1.5)  # the cell's inner padding
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n")) if text else 1


def _fit_row_heights(ws: Worksheet, spec: SheetSpec | BlockSpec, frame: pd.DataFrame, header_row: int) -> None:
    """Give rows whose wrapped text needs several lines the height for them.

    Rows are written without a height; LibreOffice does not grow them to fit wrapped text, which then spills over
    the rows below. The header wraps in every column, table cells in the spec's ``wrap`` columns.
    """
    names = list(spec.columns)
    widths = [float(ws.column_dimensions[get_column_letter(col)].width or DEFAULT_MAX_WIDTH)
              for col in range(1, len(names) + 1)]

    def fit(row: int, texts: Iterable[tuple[str, float]]) -> None:
        lines = min(MAX_ROW_LINES, max((text_lines(text, width) for text, width in texts), default=1))
        if lines > 1:
            ws.row_dimensions[row].height = max(float(ws.row_dimensions[row].height or 0), LINE_HEIGHT * lines)

    fit(header_row, ((spec.columns[name], widths[i]) for i, name in enumerate(names)))
    wrapped = [(i, name) for i, name in enumerate(names) if name in spec.wrap]
    if not wrapped:
        return
    for offset in range(len(frame)):
        row = header_row + 1 + offset
        fit(row, ((_shown(ws.cell(row=row, column=i + 1).value), widths[i]) for i, _name in wrapped))


def _write_block(
    xw: pd.ExcelWriter, ws: Worksheet, sheet: str, block: BlockSpec, frame: pd.DataFrame, *, sheet_columns: int = 0
) -> None:
    """Write a further table under everything on the sheet: caption, header, rows, and its chart if any.

    ``sheet_columns`` is the width of the sheet's main table (where a chart anchored to the sheet goes).
    """
    if frame.empty and block.skip_when_empty:
        return
    caption_row = ws.max_row + BLOCK_GAP + 1
    caption = ws.cell(row=caption_row, column=1, value=excel_text(block.caption))
    caption.font = CAPTION_FONT
    header_row = caption_row + 1
    _shown_part(block, frame).to_excel(xw, sheet_name=sheet, index=False, startrow=header_row - 1)
    _style_table(ws, block, frame, header_row=header_row)
    if frame.empty and block.empty_text:
        ws.cell(row=header_row + 1, column=1, value=excel_text(block.empty_text))
    if block.totals_row is not None and not frame.empty:
        _write_totals_row(ws, block, block.totals_row(frame), row=header_row + len(frame) + 2)
    if block.chart is not None and not frame.empty:
        if block.chart.anchor == "sheet":  # right of the main table, at the top: one empty column between
            _add_bar_chart(ws, block, block.chart, header_row, len(frame), anchor_row=1,
                           anchor_col=max(sheet_columns, len(block.columns)) + 2)
        else:
            _add_bar_chart(ws, block, block.chart, header_row, len(frame), anchor_row=caption_row)


def _add_bar_chart(
    ws: Worksheet,
    block: BlockSpec,
    chart_spec: BarChartSpec,
    header_row: int,
    rows: int,
    anchor_row: int,
    anchor_col: int | None = None,
) -> BarChart:
    """A clustered bar chart of the block's ``series`` columns by its ``categories``, its top-left corner at
    (``anchor_row``, ``anchor_col``); by default right of the block (one empty column between)."""
    names = list(block.columns)
    chart = BarChart()
    chart.type = "bar" if chart_spec.horizontal else "col"
    chart.grouping = "stacked" if chart_spec.stacked else "clustered"
    if chart_spec.stacked:
        chart.overlap = 100  # the series of a category make one bar
    chart.title = chart_spec.title
    for name in chart_spec.series:
        col = names.index(name) + 1
        chart.add_data(
            Reference(ws, min_col=col, min_row=header_row, max_row=header_row + rows), titles_from_data=True
        )
    for series, color in zip(chart.series, chart_spec.colors, strict=False):
        if color:
            series.graphicalProperties.solidFill = color
            series.graphicalProperties.line.solidFill = color
    cat_col = names.index(chart_spec.categories) + 1
    chart.set_categories(Reference(ws, min_col=cat_col, min_row=header_row + 1, max_row=header_row + rows))
    chart.display_blanks = "gap"  # no data is no bar, never a 0% bar
    value_axis, category_axis = chart.y_axis, chart.x_axis
    value_axis.delete = False  # openpyxl 3.1 defaults can hide the axes in newer Excel (tech-notes §7)
    category_axis.delete = False
    if chart_spec.value_title:
        value_axis.title = chart_spec.value_title
    # the value only: some viewers (LibreOffice) add the category and series names unless told not to
    labels = _DataLabels(
        showVal=True, showCatName=False, showSerName=False, showLegendKey=False, showPercent=False
    )
    # Excel refuses a label outside the end of a stacked bar; there the label sits in the middle of its segment
    labels.position = "ctr" if chart_spec.stacked else "outEnd"
    if chart_spec.stacked:
        labels.numFmt = _label_format("0;-0;;@")  # an empty segment (0) gets no label
    if chart_spec.whole_numbers:
        value_axis.number_format = "0"
        most = _largest_bar(ws, block, chart_spec, header_row, rows)
        value_axis.scaling.min = 0
        if most <= 10:  # few: one gridline per unit, never 0.5 steps; more: the viewer's choice of whole steps
            value_axis.majorUnit = 1
            value_axis.scaling.max = max(1, most)
    if chart_spec.percent:
        value_axis.scaling.min = 0
        value_axis.scaling.max = 1
        value_axis.majorUnit = 0.2
        value_axis.number_format = "0%"
        labels.numFmt = _label_format("0%")
    chart.dataLabels = labels
    if chart_spec.horizontal:
        category_axis.scaling.orientation = "maxMin"  # first site on top, as in the table
        value_axis.crosses = "max"  # ...and the value axis stays at the bottom
    chart.legend.position = "b"
    chart.width = 18.0  # cm
    per_category = 0.5 * (1 if chart_spec.stacked else len(chart_spec.series)) + 0.3
    chart.height = max(7.5, 3.5 + per_category * rows) if chart_spec.horizontal else 9.0
    if anchor_col is None:
        anchor_col = len(names) + 2  # one empty column between the data and the chart
    ws.add_chart(chart, f"{get_column_letter(anchor_col)}{anchor_row}")
    return chart


def _largest_bar(ws: Worksheet, block: BlockSpec, chart_spec: BarChartSpec, header_row: int, rows: int) -> float:
    """The longest bar of a chart: the largest value, or the largest row sum when stacked (non-numbers are 0)."""
    names = list(block.columns)
    cols = [names.index(name) + 1 for name in chart_spec.series]
    best = 0.0
    for row in range(header_row + 1, header_row + rows + 1):
        values = [ws.cell(row=row, column=col).value for col in cols]
        numbers = [float(v) for v in values if isinstance(v, int | float) and not isinstance(v, bool) and v == v]
        best = max(best, sum(numbers) if chart_spec.stacked else max(numbers, default=0.0))
    return best


def _write_totals(ws: Worksheet, spec: SheetSpec, totals: pd.DataFrame, first_row: int) -> None:
    """Write an ``item, value`` block from ``first_row`` down, in the 2nd and 3rd columns when there are."""
    label_col = 2 if len(spec.columns) >= 3 else 1
    for offset, (item, value) in enumerate(zip(totals["item"].tolist(), totals["value"].tolist(), strict=True)):
        row = first_row + offset
        label = ws.cell(row=row, column=label_col, value=excel_text(str(item)))
        label.font = HEADER_FONT
        label.fill = TOTALS_FILL
        label.border = BORDER
        shown = None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value
        cell = ws.cell(row=row, column=label_col + 1, value=shown)
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="right")
        number_format = spec.totals_formats.get(str(item))
        if number_format:
            cell.number_format = number_format


def _write_totals_row(ws: Worksheet, spec: SheetSpec | BlockSpec, values: Mapping[str, Any], row: int) -> None:
    """Write one totals row aligned with the table's columns: bold, grey, bordered; numbers keep their format."""
    for col, name in enumerate(spec.columns, start=1):
        value = values.get(name)
        shown = None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value
        cell = ws.cell(row=row, column=col, value=excel_text(shown) if isinstance(shown, str) else shown)
        font = copy(cell.font)  # bold in the workbook's font (a bare Font() makes viewers pick their own)
        font.bold = True
        cell.font = font
        cell.fill = TOTALS_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal=spec.align.get(name), vertical="top", wrap_text=name in spec.wrap)
        number_format = spec.formats.get(name)
        if number_format:
            cell.number_format = number_format


def _page_setup(ws: Worksheet) -> None:
    """A4 landscape, fit to one page wide, header row repeated, page numbers in the footer."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.oddHeader.center.text = "&A"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
