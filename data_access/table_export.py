"""Tables as Excel or CSV files that are safe to open: no cell can turn into a formula.

In .xlsx the cells are typed (``data_access.typed_cells``): numbers, shares and dates calculate. The CSV keeps the
text as shown (semicolons, decimal commas, a byte-order mark for Danish Excel).

A text cell starting with ``=``, ``+``, ``-``, ``@``, tab, CR or LF would be run
as a formula by a spreadsheet (formula injection). In .xlsx such a cell is
written as a text cell; in CSV, which has no cell types, it gets a leading
apostrophe. A plain number written as text (e.g. ``-2,5`` or ``+3``) is left
as it is: it cannot hold a formula.
"""

import csv
import io
import re

import pandas as pd
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from data_access.typed_cells import typed_table
from data_access.workbook.writer import FORMULA_TRIGGERS, HEADER_FILL, set_text_safely

_PLAIN_NUMBER = re.compile(r"[+-]?\d{1,3}(?:\.?\d{3})*(?:,\d+)?(?: %)?")
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# Danish Excel reads ';'-separated files with a byte-order mark as UTF-8 columns.
CSV_SEPARATOR = ";"


def neutralised(value):
    """The value as it may stand in a CSV file."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _cells(frame: pd.DataFrame) -> list[list]:
    return [[None if _missing(value) else value for value in row] for row in frame.itertuples(index=False)]


def _missing(value) -> bool:
    return not isinstance(value, str | list | tuple | dict) and bool(pd.isna(value))


def table_csv(frame: pd.DataFrame, separator: str = CSV_SEPARATOR) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")
    writer.writerow([neutralised(str(column)) for column in frame.columns])
    for row in _cells(frame):
        writer.writerow(["" if value is None else neutralised(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(frame: pd.DataFrame, title: str) -> bytes:
    """The table as Excel calculates with it: numbers, shares and dates as values in their Danish look, and a
    compound cell's parts (a share's count and n, a deadline, a "heraf") in columns of their own."""
    headers, rows = typed_table(frame)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _SHEET_TITLE_FORBIDDEN.sub(" ", title)[:31] or "Tabel"
    for number, header in enumerate(headers, start=1):
        set_text_safely(sheet.cell(1, number), header)
        sheet.cell(1, number).fill = HEADER_FILL
        width = max([len(header)] + [len(_shown(row[number - 1].value)) for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(number)].width = min(60, max(10, width + 2))
    for row_number, row in enumerate(rows, start=2):
        for column_number, typed in enumerate(row, start=1):
            value = typed.value
            if _missing(value):
                value = None
            elif isinstance(value, pd.Timestamp):
                value = value.to_pydatetime()
            cell = sheet.cell(row_number, column_number)
            set_text_safely(cell, value)
            cell.number_format = typed.number_format
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _shown(value) -> str:
    return "" if value is None else str(value)
