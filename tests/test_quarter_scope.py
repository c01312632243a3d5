"""Nothing stored under the wrong quarter or site: a quarter that has not begun is neither offered nor accepted,
a file whose dates all point at another quarter says which, and a file of another site or quarter is told once."""

from datetime import date

import pytest
from openpyxl.utils import get_column_letter
from streamlit.testing.v1 import AppTest

from data_access.importer import import_workbook
from data_access.master_data import add_standard_categories, save_row
from data_access.workbook.format import SHEETS, load_choices
from data_access.workbook.quarterly_return import QuarterlyReturn
from data_access.workbook.reader import read_workbook
from data_access.workbook.validation import ERROR, WARNING, validate
from metrics.quarters import quarter_of, quarter_start
from metrics.vocabulary import STANDARD_CATEGORIES
from tests.conftest import signed_in
from tests.test_app import APP, TIMEOUT
from tests.workbooks import edited, workbook_bytes

TODAY = date(2026, 12, 6)


@pytest.fixture
def two_sites(engine):
    save_row(engine, "Projekter", {"Projekt": "Jobløft Nord"}, "test")
    for name in ("Nordbyen", "Sydbyen"):
        save_row(engine, "Steder", {"Projekt": "Jobløft Nord", "Sted": name, "Kommune": "Testkommune"}, "test")
    add_standard_categories(engine, [code for code, *_ in STANDARD_CATEGORIES], "test")
    return engine


def first_quarter(site_id: int = 1, quarter: str = "2026Q4", started: date = date(2026, 11, 2)) -> QuarterlyReturn:
    """A project's first return: 30 citizens who all began in November 2026."""
    quarterly = QuarterlyReturn(site_id=site_id, quarter=quarter, staff=[("M1", "job_consultant", "Jobcentret")])
    for number in range(1, 31):
        quarterly.persons.append((f"P{number:02d}", None, "adult", "kontanthjaelp", started, None))
        quarterly.statuses.append((f"P{number:02d}", "ordinary_job" if number % 3 == 0 else "small_job",
                                   None if number % 3 == 0 else 8.0))
    return quarterly


def without_site_and_quarter(content: bytes) -> bytes:
    """The template allows Sted and Kvartal to be left blank: the choices on the page decide."""
    def blank(workbook):
        for sheet in SHEETS:
            if sheet.name not in workbook.sheetnames:
                continue
            rows = workbook[sheet.name]
            for position, header in enumerate(next(rows.iter_rows(max_row=1, values_only=True)), start=1):
                if header in ("Sted", "Kvartal"):
                    for row in range(2, rows.max_row + 1):
                        rows[f"{get_column_letter(position)}{row}"] = None
    return edited(content, blank)


def checked(engine, content: bytes, site_id, quarter, today=TODAY):
    with engine.connect() as connection:
        return validate(read_workbook(content), load_choices(connection), site_id, quarter, today=today)


def test_a_quarter_that_has_not_begun_is_refused_with_one_message(two_sites):
    content = without_site_and_quarter(workbook_bytes(two_sites, [first_quarter()]))
    result = checked(two_sites, content, 1, "2027Q1")
    assert not result.ok and not result.returns
    errors = [problem.text() for problem in result.problems if problem.severity == ERROR]
    assert errors == ["2027 K1 er ikke begyndt endnu (det begynder 01-01-2027). Et kvartal kan først indberettes, "
                      "når det er begyndt; vælg kvartalet, datoerne hører til."]
    # The same file once 2027 K1 has begun: its dates all lie in 2026 K4, and the preview says so before storing.
    later = checked(two_sites, content, 1, "2027Q1", today=date(2027, 1, 10))
    warnings = [problem.message for problem in later.problems if problem.severity == WARNING]
    assert "Alle datoer i filen ligger i 2026 K4, men filen indlæses som 2027 K1." in " ".join(warnings)
    # Stored as what it is, it is a clean first quarter.
    assert checked(two_sites, content, 1, "2026Q4").ok


def test_the_import_refuses_a_quarter_after_today(two_sites):
    future = quarter_of(date.today().replace(year=date.today().year + 2))
    report = import_workbook(two_sites, workbook_bytes(two_sites, [first_quarter(
        quarter=future, started=quarter_start(future))]), file_name="senere.xlsx", created_by="pl", commit=True)
    assert not report.stored
    assert any("er ikke begyndt endnu" in problem.message for problem in report.errors)


def test_dates_after_the_quarter_in_every_row_are_one_message_naming_the_quarter(two_sites):
    content = without_site_and_quarter(workbook_bytes(two_sites, [first_quarter()]))
    result = checked(two_sites, content, 1, "2026Q3")
    errors = [problem.message for problem in result.problems if problem.severity == ERROR]
    assert errors == ["Alle datoer i filen ligger i 2026 K4, men filen indlæses som 2026 K3. Vælg 2026 K4 som "
                      "kvartal, eller ret datoerne; intet er gemt."]


@pytest.mark.parametrize(("site_id", "quarter", "expected"), [
    (2, "2026Q4", "Filen er for stedet Jobløft Nord – Nordbyen, men det valgte sted er Jobløft Nord – Sydbyen."),
    (1, "2026Q3", "Filen er for 2026 K4, men det valgte kvartal er 2026 K3."),
], ids=["other-site", "other-quarter"])
def test_a_file_of_another_site_or_quarter_is_one_message(two_sites, site_id, quarter, expected):
    result = checked(two_sites, workbook_bytes(two_sites, [first_quarter()]), site_id, quarter)
    errors = [problem for problem in result.problems if problem.severity == ERROR]
    assert len(errors) == 1 and errors[0].message.startswith(expected), [problem.text() for problem in errors]


def test_the_page_never_offers_a_quarter_that_has_not_begun(demo_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_database_url)
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), demo_database_url, "projektleder").run()
    at.switch_page("pages/data.py").run()
    picker = at.selectbox(key="upload_quarter")
    offered = [option for option in picker.options if option != "Som i filen (kolonnen Kvartal)"]
    assert offered and quarter_start(picker.value) <= date.today()
    assert all("K" in option for option in offered)
    assert offered[-1] == f"{quarter_of(date.today())[:4]} K{quarter_of(date.today())[-1]}"
