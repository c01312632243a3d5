"""The meeting pages in Streamlit's test harness: commentary, report, presentation, and who may use them."""

import pytest
from streamlit.testing.v1 import AppTest

from data_access.accounts.audit_log import audit_events
from data_access.commentary import commentary_history
from data_access.engine import make_engine
from data_access.publication import publish
from tests.conftest import signed_in
from tests.test_access import reachable
from tests.test_app import APP, TIMEOUT
from tests.test_app_pages import chart_titles


@pytest.fixture
def fresh(fresh_demo_url):
    return make_engine(fresh_demo_url), fresh_demo_url


def as_user(url: str, username: str, page: str | None = None, **query) -> AppTest:
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), url, username)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception
    return at


def test_only_uploaders_write_commentary_but_everybody_sees_the_report_and_presentation(fresh):
    _, url = fresh
    viewer = as_user(url, "styregruppe")
    assert not reachable(viewer, "pages/kommentarer.py")
    assert reachable(as_user(url, "styregruppe"), "pages/rapport.py")
    # The presentation has the slide's finding as its only heading.
    assert as_user(url, "styregruppe", "pages/praesentation.py").header[0].value == "Styregruppemøde 2026 K3"
    assert reachable(as_user(url, "projektleder"), "pages/kommentarer.py")


def test_commentary_written_once_appears_on_the_page_and_in_the_presentation(fresh):
    engine, url = fresh
    at = as_user(url, "projektleder", "pages/kommentarer.py")
    at.text_area(key="comment_1_2026Q3_summary").set_value("Et kvartal med fremgang i småjob.")
    at.text_area(key="comment_1_2026Q3_in_company_based").set_value("To virksomheder lukkede deres afdeling.")
    next(button for button in at.button if button.label == "Gem kommentarer").click().run()
    assert not at.exception
    assert at.success[0].value == "2 tekster gemt for Opgang til Opgang – Gellerup, 2026 K3."
    assert len(commentary_history(engine, 1, "2026Q3")) == 2
    at.text_area(key="comment_1_2026Q3_summary").set_value("Et kvartal med fremgang i småjob, især for de unge.")
    next(button for button in at.button if button.label == "Gem kommentarer").click().run()
    assert at.success[0].value == "1 tekst gemt for Opgang til Opgang – Gellerup, 2026 K3."
    # 2026 K3 was presented before the words were written: the steering group sees it as presented until the
    # project leader publishes it again, and the leader sees the words at once.
    assert "forelagt styregruppen den 30-10-2026" in at.info[0].value
    assert "Et kvartal med fremgang i småjob" not in " ".join(block.value for block in as_user(url, "styregruppe")
                                                             .markdown)
    assert "Et kvartal med fremgang i småjob" in " ".join(block.value for block in as_user(url, "projektleder")
                                                         .markdown)
    publish(engine, 1, "2026Q3", "projektleder")

    overview = as_user(url, "styregruppe")
    shown = " ".join(block.value for block in overview.markdown)
    assert "Et kvartal med fremgang i småjob" in shown
    outcomes = " ".join(block.value for block in as_user(url, "styregruppe", "pages/resultater.py").markdown)
    assert "To virksomheder lukkede deres afdeling" in outcomes
    # Markdown in the leader's text is shown as written, not as formatting.
    assert "Projektlederens kommentar til 2026 K3" in outcomes

    presentation = as_user(url, "styregruppe", "pages/praesentation.py", dias="4")  # title, overblik, delmål
    assert "To virksomheder lukkede deres afdeling" in " ".join(block.value for block in presentation.get("html"))


def test_a_comment_with_a_cpr_number_is_refused_on_the_page(fresh):
    engine, url = fresh
    at = as_user(url, "projektleder", "pages/kommentarer.py")
    at.text_area(key="comment_1_2026Q3_summary").set_value("Borger 0101901234 er startet i job.")
    next(button for button in at.button if button.label == "Gem kommentarer").click().run()
    assert "Kvartalets sammenfatning: teksten ligner et CPR-nummer" in at.error[0].value
    assert commentary_history(engine, 1, "2026Q3").empty


def test_the_presentation_steps_through_the_reports_slides(fresh):
    _, url = fresh
    at = as_user(url, "styregruppe", "pages/praesentation.py")
    assert at.header[0].value == "Styregruppemøde 2026 K3"
    next(button for button in at.button if button.label == "Næste").click().run()
    assert at.query_params["dias"] == "2"
    # The overview's finding over its key figures (the chart it names is on the Resultater slide).
    overview_title = chart_titles(as_user(url, "styregruppe"))[0]
    assert at.header[0].value == overview_title and at.table
    next(button for button in at.button if button.label == "Næste").click().run()
    assert at.query_params["dias"] == "3"
    assert [button.disabled for button in at.button if button.label == "Forrige"] == [False]
    last = as_user(url, "styregruppe", "pages/praesentation.py", dias="99")
    assert last.header[0].value == "Definitioner og n (3 af 3)"  # the appendix, over slides that fit the screen
    assert [button.disabled for button in last.button if button.label == "Næste"] == [True]


@pytest.mark.walk
def test_the_report_page_makes_both_files_in_one_click(fresh):
    engine, url = fresh
    at = as_user(url, "styregruppe", "pages/rapport.py", ekstern="true")
    assert "til brug uden for projektgruppen" in at.success[0].value
    next(button for button in at.button if button.label == "Lav rapporten").click().run(timeout=180)
    assert not at.exception and not at.error
    downloads = at.get("download_button")
    labels = [download.proto.label for download in downloads]
    assert "Hent PowerPoint" in labels and "Hent PDF" in labels
    assert any(detail.startswith("rapport 2026Q3") for detail in audit_events(engine)["detail"])


def test_every_table_has_excel_and_csv_downloads(fresh):
    _, url = fresh
    at = as_user(url, "styregruppe", "pages/medarbejderkombinationer.py")
    labels = [download.proto.label for download in at.get("download_button")]
    assert labels.count("Excel") == labels.count("CSV") == len(at.dataframe) == 1
