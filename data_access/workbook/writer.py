"""Write the quarterly workbook: an empty template, or the data in force in the same format.

openpyxl is used for writing only (dropdowns and date formats need it); reading
goes through python-calamine.
"""

import io
import re
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from data_access.workbook.format import (
    CATEGORIES,
    CHOICE_TITLES,
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    MASTER_SHEETS,
    SETUP_TITLE,
    SHEETS,
    Column,
    SheetSpec,
)
from data_access.workbook.quarterly_return import QuarterlyReturn
from metrics.quarters import quarter_label

TEMPLATE_ROWS = 500  # rows pre-formatted in an empty template (dropdowns and checks reach every row)
EXCEL_ROWS = 1_048_576
DATE_FORMAT = "DD-MM-YYYY"
# A number of at most 15 digits (Excel's precision) without a leading zero: a leading zero is part of a code.
_DIGITS = re.compile(r"[1-9]\d{0,14}")
HEADER_FILL = PatternFill("solid", fgColor="DCE6F2")
# Text starting with these would become a formula (or be read as one by a spreadsheet).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def set_text_safely(cell, value) -> None:
    """Write a value; text that looks like a formula stays text."""
    cell.value = value
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"


def part_rows(quarterly: QuarterlyReturn, part: str) -> list[tuple]:
    rows = getattr(quarterly, part)
    return [(key,) for key in rows] if part == "families" else rows


def build_workbook(
    choices: dict[str, dict],
    returns: list[QuarterlyReturn] = (),
    reference: dict[str, tuple[list[str], list[tuple]]] | None = None,
) -> bytes:
    """The workbook as .xlsx bytes.

    ``returns`` fill the data sheets (an export); without them it is a template.
    ``reference`` adds sheets of reference data (name -> (headers, rows)) for a full export.
    """
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_instructions(instructions, choices)
    list_ranges = _write_lists(workbook.create_sheet(LISTS_SHEET), choices)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        _write_header(worksheet, [column.header for column in sheet.columns])
        rows = sheet_rows(sheet, returns, choices)
        _write_rows(worksheet, rows, sheet.columns)
        _format_columns(worksheet, sheet, list_ranges, last_row=max(TEMPLATE_ROWS, len(rows) + 1))
    for name, (headers, rows) in (reference or {}).items():
        worksheet = workbook.create_sheet(name)
        _write_header(worksheet, headers)
        master = next((sheet for sheet in MASTER_SHEETS if sheet.name == name), None)
        _write_rows(worksheet, rows, master.columns if master else None)
    workbook[LISTS_SHEET].sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_rows(worksheet: Worksheet, rows: list, columns: tuple[Column, ...] | None) -> None:
    """Rows as Excel calculates with them: a date column's dates in Danish form, and a text of digits only (a
    benchmark's year "2025") as the number it is, so that no cell is a "number stored as text"."""
    for row_number, row in enumerate(rows, start=2):
        for column_number, value in enumerate(row, start=1):
            column = columns[column_number - 1] if columns and column_number <= len(columns) else None
            if column is not None and column.kind == "text" and isinstance(value, str) and _DIGITS.fullmatch(value):
                value = int(value)
            cell = worksheet.cell(row_number, column_number)
            set_text_safely(cell, value)
            if column is not None and column.kind == "date":
                cell.number_format = DATE_FORMAT


def sheet_rows(sheet: SheetSpec, returns, choices: dict[str, dict]) -> list[list]:
    """The sheet's rows for these returns, as the workbook shows them (Danish labels)."""
    rows = []
    for quarterly in returns:
        site = choices["site"][quarterly.site_id]
        for values in part_rows(quarterly, sheet.part):
            row = [site, quarter_label(quarterly.quarter)]
            for column, value in zip(sheet.columns[2:], values, strict=True):
                if column.choices and value is not None:
                    value = choices[column.choices].get(value, value)
                row.append(value)
            rows.append(row)
    return rows


def _write_header(worksheet: Worksheet, headers: list[str]) -> None:
    for number, header in enumerate(headers, start=1):
        cell = worksheet.cell(1, number, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        worksheet.column_dimensions[get_column_letter(number)].width = max(14, len(header) + 4)
    worksheet.freeze_panes = "A2"


def _format_columns(worksheet: Worksheet, sheet: SheetSpec, list_ranges: dict[str, str], last_row: int) -> None:
    """Dropdowns and checks for every row a sheet can have (a site may report hundreds of delmål a quarter);
    date formats on the rows written and as the column's style for rows typed in later."""
    for number, column in enumerate(sheet.columns, start=1):
        letter = get_column_letter(number)
        cells = f"{letter}2:{letter}{last_row}"
        every_row = f"{letter}2:{letter}{EXCEL_ROWS}"
        validation = None
        if column.choices and column.kind == "choices" and column.choices in list_ranges:
            # Several values separated by commas: the dropdown offers one, and typing more is allowed (Excel
            # checks a cell against a list only as a whole); the upload checks each value.
            validation = DataValidation(type="list", formula1=list_ranges[column.choices], allow_blank=True,
                                        showErrorMessage=False)
            validation.prompt = "Vælg fra listen, eller skriv flere adskilt af komma."
            validation.showInputMessage = True
            worksheet.add_data_validation(validation)
            validation.add(every_row)
            validation = None
        elif column.choices and column.kind != "choices":
            validation = DataValidation(type="list", formula1=list_ranges[column.choices], allow_blank=True)
            validation.error = f"Vælg en værdi fra listen ({CHOICE_TITLES[column.choices]})."
        elif column.kind == "date":
            validation = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                                        formula2="DATE(2100,12,31)", allow_blank=True)
            validation.error = "Skriv en dato som dd-mm-åååå."
            for (cell,) in worksheet[cells]:
                cell.number_format = DATE_FORMAT
            worksheet.column_dimensions[letter].number_format = DATE_FORMAT
        elif column.kind in ("number", "integer") and column.minimum is not None:
            validation = DataValidation(type="whole" if column.kind == "integer" else "decimal",
                                        operator="between", formula1=str(column.minimum),
                                        formula2=str(column.maximum), allow_blank=True)
            validation.error = f"Skriv et tal mellem {column.minimum:g} og {column.maximum:g}."
        if validation is not None:
            validation.errorTitle = column.header
            validation.showErrorMessage = True
            worksheet.add_data_validation(validation)
            validation.add(every_row)
        if column.kind == "date":
            worksheet.column_dimensions[letter].width = 14


def _write_lists(worksheet: Worksheet, choices: dict[str, dict]) -> dict[str, str]:
    ranges = {}
    for number, (name, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(number)
        worksheet.cell(1, number, CHOICE_TITLES[name])
        for row, label in enumerate(values.values(), start=2):
            set_text_safely(worksheet.cell(row, number), label)
        last = max(2, len(values) + 1)
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${last}"
    return ranges


def _write_instructions(worksheet: Worksheet, choices: dict[str, dict]) -> None:
    _write_guidance(worksheet, "Kvartalsindberetning til styregruppens dashboard", [
        f"Skabelonen er dannet {date.today():%d-%m-%Y} ud fra dashboardets egne lister.",
        "Udfyld ét ark pr. emne. Første række er overskrifter og må ikke ændres.",
        "Vælg værdier fra rullelisterne. Datoer skrives dd-mm-åååå. Decimaltal med komma.",
        "Sted og Kvartal må stå tomme, når du vælger sted og kvartal ved upload.",
        "Arkene Progression og Efterværn udfyldes kun, hvis projektet følger dem; ellers må de stå tomme.",
        "Skriv ALDRIG CPR-numre eller navne: brug kun pseudonyme id'er (fx P0001, F001, M01).",
        "Filer med CPR-numre, makroer eller eksterne links afvises, og intet gemmes.",
        "Ved upload kontrolleres hele filen; alle fejl vises på én gang med ark, række og kolonne.",
    ], SHEETS, choices)


def _write_guidance(worksheet: Worksheet, title: str, lines: list[str], sheets, choices: dict[str, dict]) -> None:
    """The Vejledning sheet: a title, general lines, then every sheet's columns with help and valid values."""
    worksheet.column_dimensions["A"].width = 22
    worksheet.column_dimensions["B"].width = 26
    worksheet.column_dimensions["C"].width = 11
    worksheet.column_dimensions["D"].width = 70
    worksheet.column_dimensions["E"].width = 50
    worksheet["A1"] = title
    worksheet["A1"].font = Font(bold=True, size=16)
    for row, line in enumerate(lines, start=3):
        worksheet.cell(row, 1, line)
    row = len(lines) + 4
    for number, header in enumerate(["Ark", "Kolonne", "Påkrævet", "Forklaring", "Gyldige værdier"], start=1):
        cell = worksheet.cell(row, number, header)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for sheet in sheets:
        row += 1
        worksheet.cell(row, 1, sheet.name).font = Font(bold=True)
        worksheet.cell(row, 4, sheet.description).alignment = Alignment(wrap_text=True)
        for column in sheet.columns:
            row += 1
            worksheet.cell(row, 2, column.header)
            worksheet.cell(row, 3, "Ja" if column.required else "Nej")
            worksheet.cell(row, 4, column.help).alignment = Alignment(wrap_text=True)
            if column.choices and column.choices in choices:
                values = choices[column.choices]
                allowed = ", ".join(str(code) for code in values) if column.kind == "choices" and \
                    column.choices == "category" else ", ".join(str(label) for label in values.values())
                set_text_safely(worksheet.cell(row, 5), allowed)
                worksheet.cell(row, 5).alignment = Alignment(wrap_text=True)

SETUP_GUIDANCE = [
    "Udfyld arkene fra venstre mod højre: projekter, steder, kategorier, faggrupper, progressionsmål, delmål og "
    "benchmarks.",
    "Første række er overskrifter og må ikke ændres. Kolonner kan stå i vilkårlig rækkefølge.",
    "En række, der findes i forvejen (samme nøgle), opdateres; nye rækker tilføjes; intet slettes.",
    "Nøgler: et projekt ved sit navn, et sted ved projekt og navn, en kategori ved sin kode, et delmål ved "
    "projekt og tekst, en benchmark ved sin indikator, en faggruppe og et måleredskab ved sin kode.",
    "Kategorier og målgrupper i et delmål skrives adskilt af komma, fx 'ordinary_job, ordinary_education'.",
    "Skriv ALDRIG CPR-numre eller navne på borgere.",
    "Ved upload kontrolleres hele filen; alle fejl vises på én gang med ark, række og kolonne, og intet gemmes.",
]


def build_setup_workbook(sheets: dict[str, tuple[list[str], list[list]]], choices: dict[str, dict]) -> bytes:
    """The setup workbook: one sheet per kind of master data (``sheets``: name -> (headers, rows)), with
    dropdowns and a Vejledning sheet, all from ``MASTER_SHEETS``."""
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = INSTRUCTIONS_SHEET
    _write_guidance(instructions, SETUP_TITLE, SETUP_GUIDANCE, MASTER_SHEETS, choices)
    fixed = {name: values for name, values in choices.items() if name not in ("project", "category", "site")}
    list_ranges = _write_lists(workbook.create_sheet(LISTS_SHEET), fixed)
    # Projects and categories may be added in the workbook itself: their dropdowns read those sheets.
    list_ranges["project"] = f"{quote_sheetname(MASTER_SHEETS[0].name)}!$A$2:$A${TEMPLATE_ROWS}"
    names = next(number for number, column in enumerate(CATEGORIES.columns) if column.field == "label")
    list_ranges["category"] = (f"{quote_sheetname(CATEGORIES.name)}!${get_column_letter(names + 1)}$2:"
                               f"${get_column_letter(names + 1)}${TEMPLATE_ROWS}")
    for sheet in MASTER_SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        headers, rows = sheets[sheet.name]
        _write_header(worksheet, headers)
        _write_rows(worksheet, rows, sheet.columns)
        _format_columns(worksheet, sheet, list_ranges, last_row=max(TEMPLATE_ROWS, len(rows) + 1))
    workbook[LISTS_SHEET].sheet_state = "hidden"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
