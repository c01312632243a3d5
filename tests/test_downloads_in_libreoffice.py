"""Every spreadsheet the dashboard hands out opens in LibreOffice and calculates: no number or date is text.

Each file is converted by LibreOffice (headless) and the converted file read back with openpyxl: a cell whose
text reads as a number, a share or a date (``data_access.typed_cells``) would be Excel's "number stored as
text", on which a SUM gives nothing.
"""

import io
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

import ui.widgets
from bench.walk import walk_every_page
from data_access.engine import make_engine
from data_access.extract import EXTRACT_WORKBOOK, analysis_extract
from data_access.importer import export_bytes, template_bytes
from data_access.master_data import setup_workbook_bytes
from data_access.personal_data import access_request_workbook, record_workbook
from data_access.table_export import table_xlsx
from data_access.typed_cells import typed_cell
from tests.conftest import PROJECT_ROOT, signed_in

pytestmark = pytest.mark.office
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def page_tables(database_url: str) -> dict:
    """Every table the analysis pages, Historik and Administration show, as the pages hand it to show_table."""
    shown = {}
    real = ui.widgets.show_table

    def keep(frame, name, widths=None):
        shown[name] = frame.copy()
        return real(frame, name, widths)

    ui.widgets.show_table = keep
    try:
        at = signed_in(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120), database_url)
        walk_every_page(at)
        for path in ("pages/historik.py", "pages/administration.py", "pages/stamdata.py", "pages/persondata.py"):
            at.switch_page(path).run()
            assert not at.exception, (path, at.exception)
    finally:
        ui.widgets.show_table = real
    return shown


def opened_by_libreoffice(files: dict[str, bytes], tmp_path) -> dict:
    assert SOFFICE, "LibreOffice (soffice) mangler: scripts/test-services.sh installerer det"
    source, converted = tmp_path / "source", tmp_path / "converted"
    source.mkdir()
    for name, content in files.items():
        (source / name).write_bytes(content)
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to",
                    "xlsx", "--outdir", str(converted), *sorted(str(path) for path in source.iterdir())],
                   check=True, capture_output=True, timeout=300)
    return {name: load_workbook(converted / name) for name in files}


def text_that_is_a_value(workbook) -> list:
    return [(sheet.title, cell.coordinate, cell.value) for sheet in workbook.worksheets
            for row in sheet.iter_rows() for cell in row
            if cell.data_type == "s" and not isinstance(typed_cell(cell.value).value, str)]


def test_every_download_opens_in_libreoffice_with_numbers_and_dates_as_values(demo_database_url, monkeypatch,
                                                                               tmp_path):
    monkeypatch.setenv("DATABASE_URL", demo_database_url)
    engine = make_engine(demo_database_url)
    tables = page_tables(demo_database_url)
    assert {"fagligheder", "trivsel efter gruppe", "importhistorik", "brugere"} <= set(tables)
    files = {f"tabel{number:02d}.xlsx": table_xlsx(frame, name) for number, (name, frame) in
             enumerate(tables.items())}
    extract = zipfile.ZipFile(io.BytesIO(analysis_extract(engine)))
    files |= {"skabelon.xlsx": template_bytes(engine), "gaeldende.xlsx": export_bytes(engine),
              "opsaetning.xlsx": setup_workbook_bytes(engine), "fortegnelse.xlsx": record_workbook(),
              "indsigt.xlsx": access_request_workbook(engine, "P00001", "admin"),
              EXTRACT_WORKBOOK: extract.read(EXTRACT_WORKBOOK)}
    opened = opened_by_libreoffice(files, tmp_path)
    for name, workbook in opened.items():
        assert text_that_is_a_value(workbook) == [], name

    # The shares a steering group sums or charts are numbers with their n beside them.
    titles = {name: table_name for name, table_name in zip(files, tables, strict=False)}
    staff = next(opened[name].active for name, title in titles.items() if title == "fagligheder")
    headers = [cell.value for cell in staff[1]]
    share = headers.index("Med job eller uddannelse") + 1
    assert headers[share:share + 2] == ["Med job eller uddannelse, antal", "Med job eller uddannelse, n"]
    cell = staff.cell(2, share)
    assert cell.data_type == "n" and 0 <= cell.value <= 1 and "%" in cell.number_format
    assert staff.cell(2, share + 2).data_type == "n"
    goals = opened["gaeldende.xlsx"]["Projektmål"]
    deadline = [cell.value for cell in goals[1]].index("Frist") + 1
    assert goals.cell(2, deadline).is_date
    assert goals.cell(2, deadline).number_format.lower().replace("\\", "") == "dd-mm-yyyy"
    people = opened[EXTRACT_WORKBOOK]["borgere"]
    assert [cell.value for cell in people[1]][:3] == ["borger_id", "familie_id", "sted_id"]
    assert people.cell(2, 3).data_type == "n" and people.cell(2, 6).is_date
