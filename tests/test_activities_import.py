"""Activities and småjobs through the whole path: job types as master data, the template's sheets, checks with
Danish messages naming sheet, row and column, storage on SQLite and PostgreSQL, the frames and the extract."""

import io
import zipfile
from dataclasses import replace
from datetime import date

import pytest

from data_access.extract import analysis_extract
from data_access.importer import import_workbook, version_history
from data_access.master_data import (
    MasterDataRefused,
    add_standard_categories,
    delete_row,
    save_row,
    stored_rows,
)
from data_access.queries import load_frames
from data_access.site_figures import frames_of_view
from data_access.workbook.format import load_choices
from data_access.workbook.quarterly_return import QuarterlyReturn
from metrics.registry import INDICATORS
from metrics.small_jobs import small_job_people, small_job_summary, small_job_summary_in
from metrics.vocabulary import STANDARD_CATEGORIES
from tests.workbooks import next_quarter_return, workbook_bytes

COUNTS = (120, 10, 14, 35, 4, 12, 3, 2)


def next_quarter(engine):
    """Gellerup's next quarter with its activities and a new citizen in a småjob at a new company."""
    quarterly = next_quarter_return(engine)
    quarterly.persons.append(("P90002", None, "adult", "kontanthjaelp", date(2026, 10, 1), None))
    quarterly.statuses.append(("P90002", "small_job", 9.0))
    contact = quarterly.staff[0][0]
    return replace(quarterly, activities=[COUNTS],
                   small_jobs=[("P90002", "warehouse", "V900", "micro", contact, date(2026, 10, 20))])


def import_(engine, quarterly, commit=True):
    return import_workbook(engine, workbook_bytes(engine, [quarterly]), file_name="gellerup-2026K4.xlsx",
                           created_by="test", commit=commit)


def test_activities_and_a_smaajob_go_in_through_the_template_and_come_out_as_reported(demo_engine):
    report = import_(demo_engine, next_quarter(demo_engine))
    assert report.ok and report.stored, [problem.text() for problem in report.errors]
    assert report.rows_per_sheet["Aktiviteter"] == 1 and report.rows_per_sheet["Småjob"] == 1
    frames = load_frames(demo_engine)
    stored = frames.activities[frames.activities["quarter"] == "2026Q4"]
    assert stored.iloc[0, 2:].tolist() == list(COUNTS)
    person = small_job_people(frames, "2026Q4").set_index("person_key").loc["P90002"]
    assert person[["job_type", "company_size", "now", "latest_hours"]].tolist() == ["warehouse", "micro", True, 9.0]


def test_wrong_activities_and_smaajobs_are_refused_with_sheet_row_and_column_and_nothing_is_stored(demo_engine):
    quarterly = next_quarter(demo_engine)
    quarterly = replace(quarterly, activities=[COUNTS, COUNTS], small_jobs=[
        *quarterly.small_jobs,
        ("P90002", "warehouse", "V900", "micro", quarterly.staff[0][0], None),  # row 3: a second row
        (quarterly.persons[0][0], "warehouse", "V901", "small", "M99", None),  # row 4: no such contact person
    ])
    versions = len(version_history(demo_engine))
    report = import_(demo_engine, quarterly)
    texts = [problem.text() for problem in report.errors]
    assert not report.stored and len(version_history(demo_engine)) == versions
    for expected in (
        "Arket 'Aktiviteter', række 3: Opgang til Opgang – Gellerup, 2026 K4 står også i række 2. Arket har én "
        "række pr. sted og kvartal.",
        "Arket 'Småjob', række 3, kolonne Borger-id: Borger-id 'P90002' har allerede en række for småjob i række "
        "2. Hvert id må kun stå én gang.",
        "Arket 'Småjob', række 4, kolonne Kontaktperson: Kontaktperson 'M99' findes ikke i arket 'Medarbejdere' "
        "for Opgang til Opgang – Gellerup, 2026 K4. Tilføj det der, eller ret id'et.",
    ):
        assert expected in texts, "\n".join(texts)


def test_a_negative_count_and_an_unknown_job_type_are_refused(demo_engine):
    quarterly = next_quarter(demo_engine)
    quarterly = replace(quarterly, activities=[(-1, *COUNTS[1:])], small_jobs=[
        (*quarterly.small_jobs[0][:1], "Astronaut", *quarterly.small_jobs[0][2:])])
    texts = [problem.text() for problem in import_(demo_engine, quarterly, commit=False).errors]
    assert "Arket 'Aktiviteter', række 2, kolonne C (Individuelle samtaler): -1 ligger uden for det tilladte " \
           "0-100000." in texts
    assert any(text.startswith("Arket 'Småjob', række 2, kolonne D (Jobtype): 'Astronaut' er ikke en gyldig "
                               "værdi.") for text in texts), texts


def test_job_types_are_a_list_a_project_extends_and_one_in_use_is_retired_not_deleted(demo_engine):
    save_row(demo_engine, "Jobtyper", {"Kode": "bakery", "Navn": "Bageri", "Aktiv": "Ja"}, "test")
    with demo_engine.connect() as connection:
        assert "Bageri" in load_choices(connection)["job_type"].values()
        cleaning = next(row for row in stored_rows(connection)["Jobtyper"] if row["code"] == "cleaning")
    with pytest.raises(MasterDataRefused, match="Navnet 'Rengøring' bruges allerede"):
        save_row(demo_engine, "Jobtyper", {"Kode": "cleaning_2", "Navn": "Rengøring"}, "test")
    with pytest.raises(MasterDataRefused, match="Jobtypen er brugt i indberetninger og kan ikke slettes"):
        delete_row(demo_engine, "Jobtyper", cleaning["id"], "test")
    save_row(demo_engine, "Jobtyper", {"Kode": "cleaning", "Navn": "Rengøring", "Aktiv": "Nej"}, "test",
             row_id=cleaning["id"])
    with demo_engine.connect() as connection:
        assert "cleaning" not in load_choices(connection)["job_type"]
    assert (load_frames(demo_engine).small_jobs["job_type"] == "cleaning").any()  # stored småjobs keep it


def test_the_extract_carries_activities_and_smaajobs_with_new_company_keys(demo_engine):
    frames = load_frames(demo_engine)
    archive = zipfile.ZipFile(io.BytesIO(analysis_extract(demo_engine, made_on=date(2026, 11, 25))))
    jobs = archive.read("smaajob.csv").decode("utf-8-sig").splitlines()
    assert jobs[0] == ("borger_id,sted_id,kvartal,jobtype,virksomhed_id,virksomhedsstoerrelse,kontaktperson_id,"
                       "startdato")
    assert len(jobs) == 1 + len(frames.small_jobs)
    companies = {line.split(",")[4] for line in jobs[1:]}
    assert all(company.startswith("V") and len(company) == 6 for company in companies)  # V00001, not V017
    staff = {line.split(",")[0] for line in archive.read("medarbejdere.csv").decode("utf-8-sig").splitlines()[1:]}
    assert {line.split(",")[6] for line in jobs[1:]} <= staff
    activities = archive.read("aktiviteter.csv").decode("utf-8-sig").splitlines()
    assert activities[0] == ("sted_id,kvartal,samtaler,holdgange,holddeltagere,virksomhedskontakter,nye_virksomheder,"
                             "virksomheder_med_borgere,jobcentermentorer,virksomhedsmentorer")
    assert len(activities) == 1 + len(frames.activities)
    codebook = archive.read("kodebog.md").decode()
    assert "| `cleaning` | Rengøring |" in codebook and "| `micro` | 1-9 ansatte |" in codebook


def test_a_project_set_up_from_an_empty_database_counts_smaajobs_and_activities_as_by_hand(engine,
                                                                                           monkeypatch):
    """Nordbyen from an empty installation: P1 in a cleaning småjob at 8, then 12 hours, then an ordinary job; P2
    in a småjob at 10 hours throughout; 3, 2 and 0 new companies in the three quarters."""
    save_row(engine, "Projekter", {"Projekt": "Jobløft Nord"}, "test")
    save_row(engine, "Steder", {"Projekt": "Jobløft Nord", "Sted": "Nordbyen", "Kommune": "Testkommune"}, "test")
    add_standard_categories(engine, [code for code, *_ in STANDARD_CATEGORIES], "test")
    plan = {"2026Q1": (("small_job", 8.0), ("small_job", 10.0), 3),
            "2026Q2": (("small_job", 12.0), ("small_job", 10.0), 2),
            "2026Q3": (("ordinary_job", None), ("small_job", 10.0), 0)}
    for quarter, (first, second, new) in plan.items():
        quarterly = QuarterlyReturn(site_id=1, quarter=quarter, staff=[("M1", "job_consultant", "Jobcentret")])
        for key, (category, hours) in (("P1", first), ("P2", second)):
            quarterly.persons.append((key, None, "adult", "kontanthjaelp", date(2026, 1, 5), None))
            quarterly.statuses.append((key, category, hours))
            if category == "small_job":
                quarterly.small_jobs.append((key, "cleaning", f"V{key}", "small", "M1", None))
        quarterly.activities = [(40, 6, 8, 20, new, 2, 1, 1)]
        report = import_workbook(engine, workbook_bytes(engine, [quarterly]), file_name=f"nordbyen-{quarter}.xlsx",
                                 created_by="test", commit=True)
        assert report.stored, [problem.text() for problem in report.errors]
    frames = load_frames(engine)
    values = {key: INDICATORS[key].value_in(frames, "2026Q3") for key in
              ("small_job_more_hours", "small_job_to_ordinary", "new_companies_total")}
    # More hours counts those in a småjob now: P2 (10 -> 10); P1 has moved on to an ordinary job.
    assert (values["small_job_more_hours"].value, values["small_job_more_hours"].denominator) == (0, 1)
    assert (values["small_job_to_ordinary"].value, values["small_job_to_ordinary"].denominator) == (1, 2)
    assert values["new_companies_total"].value == 5
    # The same counts when the project is worked out site by site, with each site's part kept.
    monkeypatch.setenv("SITE_FIGURES_FROM", "1")
    by_site = frames_of_view(engine)
    more = INDICATORS["small_job_more_hours"].value_in(by_site, "2026Q3")
    ordinary = INDICATORS["small_job_to_ordinary"].value_in(by_site, "2026Q3")
    assert (more.value, more.denominator, ordinary.value, ordinary.denominator) == (0, 1, 1, 2)
    assert by_site.once(small_job_summary_in, "2026Q3")["now"] == 1
    assert small_job_summary(small_job_people(frames, "2026Q3"))["now"] == 1
