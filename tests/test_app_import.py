"""The upload and history pages in Streamlit's test harness, on a fresh demo database each."""

import os

import pytest
from streamlit.testing.v1 import AppTest

from data_access.accounts.users import create_user
from data_access.engine import make_engine
from data_access.importer import version_history
from data_access.migrate import upgrade
from tests.conftest import signed_in
from tests.test_app import APP, TIMEOUT
from tests.test_import_bad import database_state, set_cells
from tests.workbooks import edited, next_quarter_return, workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def fresh(fresh_demo_url):
    return make_engine(fresh_demo_url)


def open_page(path: str, username: str = "projektleder") -> AppTest:
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), os.environ["DATABASE_URL"], username).run()
    at.switch_page(path).run()
    assert not at.exception
    return at


def upload(at: AppTest, content: bytes, name: str = "k4.xlsx") -> AppTest:
    at.file_uploader(key="upload_file_0").set_value((name, content, XLSX)).run()
    assert not at.exception
    return at


def test_upload_preview_confirm(fresh):
    content = workbook_bytes(fresh, [next_quarter_return(fresh, "2026Q4")])
    at = open_page("pages/data.py")
    assert at.selectbox(key="upload_quarter").value == "2026Q4"
    before = database_state(fresh)
    upload(at, content)
    assert "kontrolleret uden fejl" in at.success[0].value
    assert any("2026 K3" in markdown.value for markdown in at.markdown)
    assert database_state(fresh) == before, "the preview must not store anything"
    save = next(button for button in at.button if button.label == "Bekræft og gem som ny version")
    save.click().run()
    assert not at.exception
    assert "Gemt som version 25" in at.success[0].value
    newest = version_history(fresh).iloc[0]
    assert (newest["version_id"], newest["quarter"], newest["created_by"]) == (25, "2026Q4", "projektleder")
    # The steering group sees 2026 K3 as it was presented to them.
    overview = open_page("pages/overblik.py", "styregruppe")
    assert overview.caption[0].value.endswith("2023 K4–2026 K3")
    assert [box.value for box in overview.info] == [
        "2026 K3 som forelagt styregruppen den 30-10-2026. Tallene er dem, der blev vist dengang."]
    # Only Gellerup has reported 2026 K4: on the latest data the project leader still sees 2026 K3, told that
    # 2026 K4 is on its way ...
    overview = open_page("pages/overblik.py", "projektleder")
    assert overview.caption[0].value.endswith("2023 K4–2026 K3")
    assert [box.value for box in overview.info] == [
        "2026 K4 er indtil videre kun indberettet fra Opgang til Opgang – Gellerup. Tallene vises for 2026 K3, det "
        "seneste kvartal alle har indberettet; vælg perioden til venstre for at se 2026 K4."]
    # ... and whoever chooses 2026 K4 is told why its lower totals are no drop, and gets no arrows.
    overview.session_state["periode"] = ("2023Q4", "2026Q4")
    overview.run()
    assert [box.value for box in overview.warning if "indberettet" in box.value] == [
        "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam har ikke indberettet 2026 K4 endnu; "
        "tallene for 2026 K4 dækker kun Opgang til Opgang – Gellerup. Derfor sammenlignes 2026 K4 ikke med "
        "kvartalet før, og der gives ingen vurdering af projektmålene, før alle har indberettet."]
    assert all(metric.proto.delta == "" for metric in overview.metric)


def test_a_bad_upload_lists_every_problem_and_stores_nothing(fresh):
    content = edited(workbook_bytes(fresh, [next_quarter_return(fresh, "2026Q4")]),
                     set_cells(Status={"D2": "Ordinært arbejde", "E3": 99}))
    at = open_page("pages/data.py")
    before = database_state(fresh)
    upload(at, content, "fejl.xlsx")
    assert "Filen er afvist: 2 fejl. Intet er gemt." in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems["Hvor"]) == ["Arket 'Status', række 2, kolonne D (Kategori)",
                                      "Arket 'Status', række 3, kolonne E (Timer pr. uge)"]
    assert not [button for button in at.button if button.label.startswith("Bekræft")], "nothing can be confirmed"
    assert database_state(fresh) == before


def test_a_file_that_is_not_a_workbook_is_refused_in_danish(fresh):
    at = open_page("pages/data.py")
    upload(at, b"Borger-id;Kategori\n", "data.xlsx")
    assert any("ikke en Excel-projektmappe" in text.value for text in at.markdown)


def test_a_file_stored_before_is_told_in_full_with_the_way_back(fresh):
    # In a table's cell the message was cut at 1280 pixels ("... Vil du t"), so the hint was never read.
    content = workbook_bytes(fresh, [next_quarter_return(fresh, "2026Q4")])
    at = open_page("pages/data.py")
    upload(at, content)
    next(button for button in at.button if button.label == "Bekræft og gem som ny version").click().run()
    at = open_page("pages/data.py")
    upload(at, content, "igen.xlsx")
    told = [text.value for text in at.markdown if "Præcis denne fil er allerede indlæst" in text.value]
    assert len(told) == 1 and told[0].endswith("så brug 'Gendan' i importhistorikken.")
    assert not at.dataframe, "no table cuts a message about the whole file"


def test_history_shows_versions_and_rolls_back(fresh):
    at = open_page("pages/historik.py")
    table = at.dataframe[0].value
    assert len(table) == 24 and set(table["Gældende"]) == {"Ja"}
    # A version's rows read as Danish: dates dd-mm-åååå, an empty cell where nothing is stored.
    people = next(frame.value for frame in at.dataframe if "Slutdato" in frame.value and "Borger-id" in frame.value)
    assert people["Startdato"].str.fullmatch(r"\d\d-\d\d-\d{4}").all()
    assert not people.isin(["None", "nan", "NaT"]).any().any() and (people["Slutdato"] == "").any()
    # Replace 2026 K3 for Gellerup, then roll back to the demo version of it.
    replaced = next_quarter_return(fresh, "2026Q3")
    content = workbook_bytes(fresh, [replaced])
    at = open_page("pages/data.py")
    at.selectbox(key="upload_quarter").set_value("2026Q3").run()
    upload(at, content)
    next(button for button in at.button if button.label == "Bekræft og gem som ny version").click().run()
    assert "Gemt som version 25" in at.success[0].value
    at = open_page("pages/historik.py")
    at.selectbox(key="history_version").set_value(12).run()
    assert "ikke gældende" in at.warning[0].value
    next(button for button in at.button if button.label == "Gendan version 12").click().run()
    assert not at.exception
    assert "Version 12 er gendannet som ny version 26" in at.success[0].value
    history = version_history(fresh)
    assert history.iloc[0]["restores_version_id"] == 12 and bool(history.iloc[0]["in_force"])


@pytest.mark.parametrize("page", ["pages/overblik.py", "pages/delmaal.py", "pages/resultater.py",
                                  "pages/medarbejderkombinationer.py", "pages/trivsel.py"])
def test_every_page_works_on_data_that_came_in_as_a_workbook(tmp_path, monkeypatch, demo_database_url, page):
    from data_access.importer import export_bytes, import_workbook

    url = f"sqlite:///{tmp_path / 'imported.db'}"
    imported = make_engine(url)
    upgrade(imported)
    report = import_workbook(imported, export_bytes(make_engine(demo_database_url)), file_name="alt.xlsx",
                             created_by="test", commit=True)
    assert report.stored
    create_user(imported, "projektleder", "Projektleder", "uploader", password="en-lang-adgangskode")
    monkeypatch.setenv("DATABASE_URL", url)
    at = open_page(page)
    assert at.get("plotly_chart"), "the page draws its charts"
    monkeypatch.setenv("DATABASE_URL", demo_database_url)
    original = open_page(page)
    assert [m.value for m in at.metric] == [m.value for m in original.metric]


def test_the_apps_own_export_goes_back_in_through_the_page(fresh):
    from data_access.importer import export_bytes

    at = open_page("pages/data.py")
    for key in ("upload_site", "upload_quarter"):  # "Som i filen", the last choice of each
        choice = at.selectbox(key=key)
        choice.select_index(len(choice.options) - 1).run()
    upload(at, export_bytes(fresh), "gaeldende-data.xlsx")
    assert not at.error, [error.value for error in at.error]
    assert "kontrolleret uden fejl" in at.success[0].value
    assert "Filen har 24 steder og kvartaler" in " ".join(markdown.value for markdown in at.markdown)
    next(button for button in at.button if button.label == "Bekræft og gem som ny version").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Gemt som versionerne 25-48 for ")
    assert "og 22 andre steder og kvartaler" in at.success[0].value
    assert len(version_history(fresh)) == 48


def test_an_account_for_one_site_cannot_import_other_sites_through_the_file(fresh):
    from data_access.accounts.users import create_user

    create_user(fresh, "pl-gellerup", "Projektleder Gellerup", "uploader", password="Gellerup-kvartal-2026!",
                site_id=1)
    at = open_page("pages/data.py", "pl-gellerup")
    assert None not in at.selectbox(key="upload_site").options
