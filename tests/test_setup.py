"""Setting up a project from an empty installation: master data from Administration's forms, the setup
workbook and the command line, checked like a workbook, audited, and never breaking stored data."""

import io
from datetime import date

import openpyxl
import pandas as pd
import pytest

from cli.__main__ import main
from data_access.accounts.audit_log import audit_events
from data_access.importer import import_workbook, template_bytes
from data_access.master_data import (
    MasterDataRefused,
    add_standard_categories,
    delete_row,
    import_setup,
    save_row,
    setup_workbook_bytes,
    stored_rows,
)
from data_access.queries import load_frames
from data_access.workbook.reader import read_workbook
from metrics.registry import project_target_status
from metrics.vocabulary import STANDARD_CATEGORIES
from tests.conftest import url_of

PROJECT = "Opgang til Opgang (test)"


def master_state(engine) -> tuple:
    with engine.connect() as connection:
        return stored_rows(connection), len(audit_events(engine))


def filled(content: bytes, rows: dict[str, list[dict]]) -> bytes:
    """The workbook with rows appended under its headers, as a project leader fills it: {sheet: [{header: value}]}."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    for sheet, new_rows in rows.items():
        worksheet = workbook[sheet]
        headers = [cell.value for cell in worksheet[1]]
        first = next(number for number in range(2, worksheet.max_row + 2)
                     if all(worksheet.cell(number, column).value is None for column in range(1, len(headers) + 1)))
        for offset, row in enumerate(new_rows):
            for header, value in row.items():
                worksheet.cell(first + offset, headers.index(header) + 1, value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def gellerup_setup(engine) -> None:
    """Opgang til Opgang's delmål in its own words, set up through the setup workbook (standard categories)."""
    now, ever = "status ved kvartalets slutning", "nået på et tidspunkt siden projektets start"
    deadline = date(2021, 12, 31)

    def target(label, categories, counting, goal, groups=None, part_label=None, part=None, headline=None):
        return {"Projekt": PROJECT, "Tekst": label, "Kategorier": categories, "Optælling": counting,
                "Målgrupper": groups, "Heraf (tekst)": part_label, "Heraf kategorier": part, "Målværdi": goal,
                "Frist": deadline, "Overblik": headline}

    content = filled(setup_workbook_bytes(engine), {
        "Projekter": [{"Projekt": PROJECT, "Beskrivelse": "Helhedsorienteret indsats (syntetiske testdata)"}],
        "Steder": [{"Projekt": PROJECT, "Sted": "Gellerup", "Kommune": "Aarhus"}],
        "Projektmål": [
            target("Borgere i ordinært arbejde eller uddannelse", "ordinary_job, ordinary_education", now, 25,
                   headline="Ja"),
            target("Borgere i deltidsjob eller småjob", "small_job", now, 30),
            target("Borgere afklaret i rehabiliteringsteamet", "rehab_clarified, flex_job, disability_pension", ever,
                   15, part_label="i fleksjob", part="flex_job", headline="Ja"),
            target("Borgere i virksomhedspraktik", "company_placement", now, 12),
            target("Unge i fritidsjob", "leisure_job", now, 10, groups="Unge (15-29 år)"),
            target("Unge, der er startet på en ungdomsuddannelse", "youth_education_started, "
                   "youth_education_completed", ever, 25, groups="Unge (15-29 år)", part_label="gennemført",
                   part="youth_education_completed"),
        ],
    })
    report = import_setup(engine, read_workbook(content), "projektleder", commit=True)
    assert report.stored, [problem.text() for problem in report.errors]


def gellerup_quarters() -> dict[str, tuple[list, list, list]]:
    """Individual-level data behind the project's end-of-2020 figures: (persons, statuses, exits) per quarter.

    8 in ordinary work or education; 18 in småjob; 10 clarified at the rehabilitation team, of whom 9 in
    fleksjob (7 via the team in 2020 K3, 2 directly, 1 to førtidspension through an exit); 10 in company
    placement; 10 young people in leisure jobs; 15 young people who started a youth education, of whom 5
    completed (one started in K3 and dropped out again: still counted as having started; an adult who started
    is not counted).
    """
    final = ([("adult", "ordinary_job")] * 5 + [("adult", "ordinary_education")] * 3
             + [("adult", "small_job")] * 18 + [("adult", "flex_job")] * 9
             + [("adult", "company_placement")] * 10 + [("young", "leisure_job")] * 10
             + [("young", "youth_education_started")] * 9 + [("young", "youth_education_completed")] * 5
             + [("young", "in_progress"), ("adult", "youth_education_started"), ("adult", "in_progress")])
    earlier = {26: "rehab_clarified", 27: "rehab_clarified", 28: "rehab_clarified", 29: "rehab_clarified",
               30: "rehab_clarified", 31: "rehab_clarified", 32: "rehab_clarified",
               64: "youth_education_started", 65: "youth_education_started", 66: "youth_education_started",
               69: "youth_education_started"}
    persons = [(f"P{number:03d}", group) for number, (group, _) in enumerate(final)]
    quarters = {}
    for quarter, statuses in (("2020Q3", [earlier.get(number, "in_progress") for number in range(len(final))]),
                              ("2020Q4", [category for _, category in final])):
        people = [{"Borger-id": key, "Målgruppe": group, "Startdato": date(2020, 1, 6)} for key, group in persons]
        rows = [{"Borger-id": key, "Kategori": category} for (key, _), category in zip(persons, statuses, strict=True)]
        exits = []
        if quarter == "2020Q3":
            people.append({"Borger-id": "P999", "Målgruppe": "adult", "Startdato": date(2020, 1, 6)})
            rows.append({"Borger-id": "P999", "Kategori": "rehab_clarified"})
        else:
            people.append({"Borger-id": "P999", "Målgruppe": "adult", "Startdato": date(2020, 1, 6),
                           "Slutdato": date(2020, 11, 2)})
            exits.append({"Borger-id": "P999", "Kategori": "disability_pension", "Afslutningsdato": date(2020, 11, 2)})
        quarters[quarter] = (people, rows, exits)
    return quarters


GROUP_LABELS = {"adult": "Voksne", "young": "Unge (15-29 år)"}


def test_gellerup_set_up_through_the_setup_workbook_and_the_template_shows_the_projects_own_figures(engine):
    gellerup_setup(engine)
    labels = {code: label for code, label, _, _ in STANDARD_CATEGORIES}
    for quarter, (people, statuses, exits) in gellerup_quarters().items():
        content = filled(template_bytes(engine), {
            "Borgere": [{**person, "Målgruppe": GROUP_LABELS[person["Målgruppe"]], "Ydelse": "Kontanthjælp"}
                        for person in people],
            "Status": [{**row, "Kategori": labels[row["Kategori"]]} for row in statuses],
            "Afslutninger": [{**row, "Kategori": labels[row["Kategori"]]} for row in exits],
        })
        report = import_workbook(engine, content, file_name=f"gellerup-{quarter}.xlsx", created_by="projektleder",
                                 site_id=1, quarter=quarter, commit=True)
        assert report.stored, [problem.text() for problem in report.errors][:5]
    status = project_target_status(load_frames(engine), "2020Q4").set_index("label")
    figures = {label: (int(row.actual), None if pd.isna(row.part) else int(row.part))
               for label, row in status.iterrows()}
    assert figures == {
        "Borgere i ordinært arbejde eller uddannelse": (8, None),
        "Borgere i deltidsjob eller småjob": (18, None),
        "Borgere afklaret i rehabiliteringsteamet": (10, 9),
        "Borgere i virksomhedspraktik": (10, None),
        "Unge i fritidsjob": (10, None),
        "Unge, der er startet på en ungdomsuddannelse": (15, 5),
    }
    assert status["is_headline"].tolist() == [True, False, True, False, False, False]


def test_the_setup_workbook_of_a_new_installation_has_the_standard_categories_and_round_trips_unchanged(engine):
    content = setup_workbook_bytes(engine)
    report = import_setup(engine, read_workbook(content), "admin", commit=True)
    assert report.stored and len(report.changes) == len(STANDARD_CATEGORIES)
    gellerup_setup(engine)
    before = master_state(engine)
    again = import_setup(engine, read_workbook(setup_workbook_bytes(engine)), "admin", commit=True)
    assert again.ok and not again.changes and not again.stored
    assert master_state(engine) == before


def test_a_setup_workbook_updates_what_changed_and_deletes_nothing(engine):
    gellerup_setup(engine)
    workbook = openpyxl.load_workbook(io.BytesIO(setup_workbook_bytes(engine)))
    targets = workbook["Projektmål"]
    headers = [cell.value for cell in targets[1]]
    targets.cell(2, headers.index("Målværdi") + 1, 30)
    targets.delete_rows(3)  # a row left out is not a row deleted
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = import_setup(engine, read_workbook(buffer.getvalue()), "admin", commit=True)
    assert [change.text for change in report.changes] == [
        f"Projektmål: ændret: {PROJECT} – Borgere i ordinært arbejde eller uddannelse (målværdi)"]
    with engine.connect() as connection:
        targets = stored_rows(connection)["Projektmål"]
    assert len(targets) == 6 and targets[0]["target_value"] == 30


@pytest.mark.parametrize(("sheet", "row", "message"), [
    ("Kategorier", {"Kode": "Fleks Job", "Navn": "Fleksjob 2", "Gruppe": "Job"},
     "Kode: Koden 'Fleks Job' skal være 2-40 små bogstaver"),
    ("Kategorier", {"Kode": "flex_job_2", "Navn": "fleksjob", "Gruppe": "Job"},
     "Navn: Navnet 'fleksjob' bruges allerede af kategorien 'flex_job'."),
    ("Kategorier", {"Kode": "flex_job", "Navn": "Fleksjob igen", "Gruppe": "Job"},
     "Der findes allerede kategorien 'flex_job'."),
    ("Kategorier", {"Kode": "cpr", "Navn": "Kategori 0101901234", "Gruppe": "Job"},
     "Navn: Cellen indeholder noget, der ligner et CPR-nummer"),
    ("Projektmål", {"Projekt": PROJECT, "Tekst": "Borgere i noget"},
     "Kategorier: Delmålet tæller ingenting."),
    ("Projektmål", {"Projekt": PROJECT, "Tekst": "Borgere i job", "Kategorier": "ordinary_job, no_such_job"},
     "Kategorier: Ukendt værdi: no_such_job."),
    ("Projektmål", {"Projekt": PROJECT, "Tekst": "Borgere i job", "Kategorier": "ordinary_job",
                    "Heraf (tekst)": "i fleksjob"},
     "Heraf kategorier: Heraf-delen skal have både en tekst"),
    ("Projektmål", {"Projekt": PROJECT, "Tekst": "Borgere i job", "Kategorier": "ordinary_job", "Målværdi": 10},
     "Frist: Et måltal skal have en frist"),
    ("Projektmål", {"Projekt": PROJECT, "Tekst": "Unge i uddannelse", "Kategorier": "Ungdomsuddannelse påbegyndt",
                    "Heraf (tekst)": "gennemført", "Heraf kategorier": "Ungdomsuddannelse gennemført",
                    "Målværdi": 15, "Heraf målværdi": 20, "Frist": date(2027, 12, 31)},
     "Heraf målværdi: Heraf-delens måltal (20) kan ikke være større end delmålets (15)."),
    ("Projektmål", {"Projekt": "Ukendt projekt", "Tekst": "Borgere i job", "Kategorier": "ordinary_job"},
     "Projekt: 'Ukendt projekt' er ikke en gyldig værdi."),
    ("Steder", {"Projekt": PROJECT, "Sted": "gellerup", "Kommune": "Aarhus"},
     "Der findes allerede stedet"),
    ("Benchmarks", {"Indikator": "job_or_education_6m", "Tekst": "Landstal", "Værdi": 35, "Periode": "2025",
                    "Kilde": "jobindsats.dk"}, "Værdi: 35 ligger uden for det tilladte 0-1."),
])
def test_bad_master_data_from_a_form_gets_a_danish_message_and_changes_nothing(engine, sheet, row, message):
    gellerup_setup(engine)
    before = master_state(engine)
    with pytest.raises(MasterDataRefused) as refusal:
        save_row(engine, sheet, row, "admin")
    assert message in str(refusal.value)
    assert master_state(engine) == before


def test_what_stored_data_depend_on_is_neither_deleted_nor_moved(engine):
    gellerup_setup(engine)
    save_row(engine, "Projekter", {"Projekt": "Andet projekt"}, "admin")
    quarter = gellerup_quarters()["2020Q3"]
    labels = {code: label for code, label, _, _ in STANDARD_CATEGORIES}
    content = filled(template_bytes(engine), {
        "Borgere": [{**person, "Målgruppe": GROUP_LABELS[person["Målgruppe"]], "Ydelse": "Kontanthjælp"}
                    for person in quarter[0]],
        "Status": [{**row, "Kategori": labels[row["Kategori"]]} for row in quarter[1]],
    })
    assert import_workbook(engine, content, file_name="k3.xlsx", created_by="pl", site_id=1, quarter="2020Q3",
                           commit=True).stored
    before = master_state(engine)
    with engine.connect() as connection:
        rows = stored_rows(connection)
    ids = {sheet: {row.get("code") or row.get("name") or row.get("label"): row["id"] for row in sheet_rows}
           for sheet, sheet_rows in rows.items()}
    with pytest.raises(MasterDataRefused, match="Sæt den til inaktiv i stedet"):
        delete_row(engine, "Kategorier", ids["Kategorier"]["small_job"], "admin")
    with pytest.raises(MasterDataRefused, match="Sæt den til inaktiv i stedet"):
        delete_row(engine, "Kategorier", ids["Kategorier"]["leisure_job"], "admin")  # used by a delmål only
    with pytest.raises(MasterDataRefused, match="kan ikke slettes"):
        delete_row(engine, "Steder", ids["Steder"]["Gellerup"], "admin")
    with pytest.raises(MasterDataRefused, match="Projektet har steder"):
        delete_row(engine, "Projekter", ids["Projekter"][PROJECT], "admin")
    with pytest.raises(MasterDataRefused, match="kan ikke flyttes til et andet projekt"):
        save_row(engine, "Steder", {"Projekt": "Andet projekt", "Sted": "Gellerup", "Kommune": "Aarhus"}, "admin",
                 row_id=ids["Steder"]["Gellerup"])
    assert master_state(engine) == before
    # Retiring is allowed: the category leaves new templates, the stored rows keep it.
    save_row(engine, "Kategorier", {"Kode": "stu", "Navn": "STU", "Gruppe": "Uddannelse", "Aktiv": "Nej"}, "admin",
             row_id=ids["Kategorier"]["stu"])
    delete_row(engine, "Kategorier", ids["Kategorier"]["died"], "admin")
    delete_row(engine, "Projekter", ids["Projekter"]["Andet projekt"], "admin")
    logged = audit_events(engine)
    assert {"Kategorier: ændret: stu (aktiv)", "Kategorier: slettet: died", "Projekter: slettet: Andet projekt"} <= \
        set(logged.loc[logged["action"] == "master_data_changed", "detail"])


def test_standard_categories_are_added_once(engine):
    assert add_standard_categories(engine, ["flex_job", "rehab_clarified"], "admin") == 2
    assert add_standard_categories(engine, [code for code, *_ in STANDARD_CATEGORIES], "admin") == \
        len(STANDARD_CATEGORIES) - 2


def test_the_command_line_exports_and_imports_the_setup_workbook(engine, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", url_of(engine))
    path = tmp_path / "opsaetning.xlsx"
    assert main(["export-setup", str(path)]) == 0
    path.write_bytes(filled(path.read_bytes(), {
        "Projekter": [{"Projekt": PROJECT}], "Steder": [{"Projekt": PROJECT, "Sted": "Gellerup", "Kommune": "Aarhus"}],
        "Projektmål": [{"Projekt": PROJECT, "Tekst": "Borgere i job", "Kategorier": "ordinary_job, hemmeligt_job"}]}))
    assert main(["import-setup", str(path)]) == 1
    assert "Arket 'Projektmål', række 2, kolonne C (Kategorier): Ukendt værdi: hemmeligt_job" in capsys.readouterr().err
    assert master_state(engine)[0]["Projekter"] == []
    workbook = openpyxl.load_workbook(path)
    workbook["Projektmål"]["C2"] = "ordinary_job"
    workbook.save(path)
    assert main(["import-setup", str(path), "--dry-run"]) == 0
    assert "ikke gemt (prøvekørsel)" in capsys.readouterr().out
    assert main(["import-setup", str(path)]) == 0
    assert f"Steder: ny: {PROJECT} – Gellerup" in capsys.readouterr().out
    assert [row["label"] for row in master_state(engine)[0]["Projektmål"]] == ["Borgere i job"]


def test_professions_are_master_data_for_the_template_and_the_staff_charts(demo_engine):
    from data_access.workbook.format import load_choices

    with demo_engine.connect() as connection:
        ids = {row["code"]: row["id"] for row in stored_rows(connection)["Faggrupper"]}
    save_row(demo_engine, "Faggrupper", {"Kode": "company_mentor", "Navn": "Virksomhedsmentor"}, "admin")
    save_row(demo_engine, "Faggrupper", {"Kode": "psychologist", "Navn": "Psykolog", "Aktiv": "Nej"}, "admin",
             row_id=ids["psychologist"])
    with demo_engine.connect() as connection:
        listed = load_choices(connection)["profession"]
    assert listed["company_mentor"] == "Virksomhedsmentor" and "psychologist" not in listed
    assert load_frames(demo_engine).profession_labels()["psychologist"] == "Psykolog"  # stored rows keep their name
    with pytest.raises(MasterDataRefused, match="Faggruppen er brugt i indberetninger"):
        delete_row(demo_engine, "Faggrupper", ids["job_consultant"], "admin")
    with pytest.raises(MasterDataRefused, match="Navnet 'jobkonsulent' bruges allerede af faggruppen 'job_consultant'"):
        save_row(demo_engine, "Faggrupper", {"Kode": "job_consultant_2", "Navn": "jobkonsulent"}, "admin")


def test_the_stamdata_page_shows_a_refusal_in_danish_and_stores_nothing(fresh_demo_url):
    from streamlit.testing.v1 import AppTest

    from data_access.engine import make_engine
    from tests.conftest import signed_in
    from tests.test_app import APP, TIMEOUT
    from ui.routing import TABS_KEY

    engine = make_engine(fresh_demo_url)
    before = master_state(engine)
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), fresh_demo_url)
    at.run()
    at.switch_page("pages/stamdata.py").run()
    at.session_state[TABS_KEY] = "Kategorier"
    at.run()
    fields = {field.label: field for field in at.text_input}
    fields["Navn"].input("Fleksjob")
    fields["Kode"].input("flex_job_copy")
    next(button for button in at.button if button.label == "Gem kategori").click()
    at.run()
    assert not at.exception
    assert [error.value for error in at.error] == [
        "Navn: Navnet 'Fleksjob' bruges allerede af kategorien 'flex\\_job'."]
    assert master_state(engine) == before


def test_a_delmaal_followed_without_a_target_value_shows_on_every_page_without_a_verdict(fresh_demo_url):
    from streamlit.testing.v1 import AppTest

    from data_access.engine import make_engine
    from tests.conftest import signed_in
    from tests.test_app import APP, TIMEOUT
    from ui.routing import TABS_KEY

    engine = make_engine(fresh_demo_url)
    with engine.connect() as connection:
        target = next(row for row in stored_rows(connection)["Projektmål"] if row["label"] == "Unge i fritidsjob")
    save_row(engine, "Projektmål", {"Projekt": target["project"], "Tekst": "Unge i fritidsjob",
                                    "Kategorier": "leisure_job", "Overblik": "Ja"}, "admin", row_id=target["id"])
    status = project_target_status(load_frames(engine), "2026Q3").set_index("label").loc["Unge i fritidsjob"]
    assert pd.isna(status["target_value"]) and status["met"] is None and status["is_headline"]
    for page, tabs in (("pages/overblik.py", [None]), ("pages/delmaal.py", ["Alle projektmål", "Mål for mål"]),
                       ("pages/praesentation.py", [None])):
        for tab in tabs:
            at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), fresh_demo_url)
            at.run()
            at.switch_page(page).run()
            if tab:
                at.session_state[TABS_KEY] = tab
                at.run()
            assert not at.exception, (page, tab)
            texts = " ".join(str(element.value) for element in (*at.caption, *at.markdown, *at.info))
            if page == "pages/overblik.py":
                assert "Unge i fritidsjob" in [metric.label for metric in at.metric]
                assert "Opgang til Opgang: uden måltal" in texts
            if tab == "Mål for mål":
                assert "Delmålet følges uden måltal." in texts


def test_a_setup_workbook_is_told_every_problem_at_once(engine):
    gellerup_setup(engine)
    before = master_state(engine)
    content = filled(setup_workbook_bytes(engine), {"Projektmål": [
        {"Projekt": PROJECT, "Tekst": "Borgere i arbejde", "Kategorier": "ordinary_job, hemmeligt_job",
         "Målværdi": 10}]})
    report = import_setup(engine, read_workbook(content), "admin", commit=True)
    assert {problem.message.split(".")[0] for problem in report.errors} == {
        "Ukendt værdi: hemmeligt_job", "Et måltal skal have en frist (dd-mm-åååå)"}
    assert master_state(engine) == before


def test_delmaal_take_category_names_like_every_other_list_and_a_heraf_part_has_its_own_target(engine):
    """Kategorier and Heraf kategorier take the names from the dropdown (as Målgrupper and Optælling do), and the
    setup workbook writes names back; the heraf part's target is stored and shown beside the delmål's."""
    gellerup_setup(engine)
    content = filled(setup_workbook_bytes(engine), {"Projektmål": [{
        "Projekt": PROJECT, "Tekst": "Unge i gang med en ungdomsuddannelse", "Kategorier":
        "Ungdomsuddannelse påbegyndt, Ungdomsuddannelse gennemført", "Optælling": "nået på et tidspunkt siden "
        "projektets start", "Målgrupper": "Unge (15-29 år)", "Heraf (tekst)": "gennemført",
        "Heraf kategorier": "Ungdomsuddannelse gennemført", "Målværdi": 15, "Heraf målværdi": 5,
        "Frist": date(2021, 12, 31)}]})
    report = import_setup(engine, read_workbook(content), "admin", commit=True)
    assert report.stored, [problem.text() for problem in report.errors]
    with engine.connect() as connection:
        stored = next(row for row in stored_rows(connection)["Projektmål"]
                      if row["label"] == "Unge i gang med en ungdomsuddannelse")
    assert stored["rule_categories"] == {"youth_education_started", "youth_education_completed"}
    assert (stored["part_categories"], stored["part_target_value"]) == ({"youth_education_completed"}, 5)
    workbook = openpyxl.load_workbook(io.BytesIO(setup_workbook_bytes(engine)))
    sheet = workbook["Projektmål"]
    headers = [cell.value for cell in sheet[1]]
    written = next(row for row in sheet.iter_rows(min_row=2, values_only=True)
                   if row[headers.index("Tekst")] == "Unge i gang med en ungdomsuddannelse")
    assert written[headers.index("Kategorier")] == "Ungdomsuddannelse gennemført, Ungdomsuddannelse påbegyndt"
    assert written[headers.index("Heraf målværdi")] == 5
    # Every list column has a dropdown, the comma-separated ones too.
    letters = {openpyxl.utils.get_column_letter(headers.index(name) + 1) for name in
               ("Kategorier", "Heraf kategorier", "Målgrupper", "Optælling")}
    validated = {str(cells).split(":")[0].rstrip("0123456789") for validation in sheet.data_validations.dataValidation
                 for cells in validation.sqref.ranges}
    assert letters <= validated


def test_stamdata_names_each_delmaals_heraf_part_and_its_target(fresh_demo_url):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import signed_in
    from tests.test_app import APP, TIMEOUT
    from ui.routing import TABS_KEY

    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), fresh_demo_url)
    at.run()
    at.switch_page("pages/stamdata.py").run()
    at.session_state[TABS_KEY] = "Delmål"
    at.run()
    assert not at.exception
    summary = next(text.value for text in at.markdown if "Unge, der er startet" in text.value)
    assert "heraf Ungdomsuddannelse gennemført («gennemført», mål 10); mål 25 inden" in summary


def test_an_administrator_signing_in_again_in_the_middle_of_the_setup_returns_to_the_guide(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from data_access.accounts.users import create_user
    from data_access.engine import make_engine
    from data_access.master_data import add_standard_categories
    from data_access.migrate import upgrade
    from tests.conftest import signed_in
    from tests.test_app import APP, TIMEOUT

    url = f"sqlite:///{tmp_path / 'ny.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    engine = make_engine(url)
    upgrade(engine)
    create_user(engine, "admin", "Administrator", "admin", password="en-lang-adgangskode-til-test", actor="test")
    save_row(engine, "Projekter", {"Projekt": PROJECT}, "admin")
    save_row(engine, "Steder", {"Projekt": PROJECT, "Sted": "Nordbyen", "Kommune": "Testkommune"}, "admin")

    def guide() -> str:
        at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), url).run()
        assert not at.exception
        # Landed on the set-up page (Overblik said "Vælg mindst ét sted"), with the guide.
        assert at.title[0].value == "Stamdata og opsætning" if at.title else any(
            "Stamdata og opsætning" in header.value for header in at.header)
        return "\n".join(text.value for text in at.markdown)

    assert "Kom i gang" in guide()
    add_standard_categories(engine, [code for code, *_ in STANDARD_CATEGORIES], "admin")
    save_row(engine, "Projektmål", {"Projekt": PROJECT, "Tekst": "Borgere i job", "Kategorier": "ordinary_job",
                                    "Målværdi": 5, "Frist": date(2027, 12, 31)}, "admin")
    # The four steps done, the last one (the template for the first quarter) is still shown.
    shown = guide()
    assert "Kom i gang" in shown and "4. Delmål: 1 oprettet" in shown and "5. Hent skabelonen" in shown


def test_stamdata_shows_danish_names_not_the_codes_a_workbook_reads(fresh_demo_url):
    import re

    from streamlit.testing.v1 import AppTest

    from tests.conftest import signed_in
    from tests.test_app import APP, TIMEOUT
    from ui.routing import TABS_KEY

    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), fresh_demo_url)
    at.run()
    at.switch_page("pages/stamdata.py").run()
    for tab in ("Kategorier", "Faggrupper", "Jobtyper", "Progressionsmål"):
        at.session_state[TABS_KEY] = tab
        at.run()
        assert not at.exception
        shown = [str(cell) for frame in at.dataframe for cell in frame.value.to_numpy().ravel()]
        shown += [str(option) for box in at.selectbox for option in box.options]
        assert shown, tab
        codes = [text for text in shown if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", text) or "(" in text and "_" in text]
        assert codes == [], f"{tab}: {codes[:5]}"
