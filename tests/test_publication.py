"""A published quarter: the steering group sees it as presented, a later correction is shown as a dated change,
and an incomplete quarter cannot be published."""

from dataclasses import replace

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from cli.__main__ import main
from data_access.accounts.audit_log import audit_events
from data_access.engine import make_engine
from data_access.importer import import_workbook
from data_access.master_data import save_row
from data_access.publication import (
    PublicationRefused,
    corrections,
    publications,
    publish,
    publishable_quarters,
    shown_publications,
)
from data_access.queries import load_frames
from metrics.overview import key_figures
from metrics.selection import make_selection
from tests.conftest import signed_in, url_of
from tests.test_app import APP, TIMEOUT
from tests.workbooks import in_force_return, next_quarter_return, workbook_bytes

GELLERUP, OPGANG = 1, 1  # the demo's first site and project


def correct_gellerup(engine, quarter: str = "2026Q3") -> None:
    """A corrected return for Gellerup's quarter, imported after the meeting."""
    corrected = next_quarter_return(engine, quarter)
    content = workbook_bytes(engine, [corrected])
    assert import_workbook(engine, content, file_name="rettelse.xlsx", created_by="pl", site_id=GELLERUP,
                           quarter=quarter, commit=True).stored


def published_ids(engine, quarter: str) -> tuple[int, ...]:
    published = publications(engine)
    return tuple(sorted(shown_publications(published, published["project_id"].unique(), quarter).values()))


def test_a_published_quarter_is_shown_unchanged_after_a_correction_which_is_listed(demo_engine):
    ids = published_ids(demo_engine, "2026Q3")
    before = key_figures(load_frames(demo_engine, publication_ids=ids), "2026Q3")
    correct_gellerup(demo_engine)
    as_presented = key_figures(load_frames(demo_engine, publication_ids=ids), "2026Q3")
    in_force = key_figures(load_frames(demo_engine), "2026Q3")
    pd.testing.assert_frame_equal(as_presented, before)
    assert not in_force["value"].equals(before["value"])
    [correction] = corrections(demo_engine, ids)
    assert (correction.site_name, correction.quarter, correction.version_id) == ("Gellerup", "2026Q3", 25)
    # Publishing again shows the correction, and it is no longer a correction of what is shown.
    again = publish(demo_engine, OPGANG, "2026Q3", "pl")
    assert again in published_ids(demo_engine, "2026Q3")
    assert corrections(demo_engine, published_ids(demo_engine, "2026Q3")) == []
    assert key_figures(load_frames(demo_engine, publication_ids=published_ids(demo_engine, "2026Q3")),
                       "2026Q3")["value"].equals(in_force["value"])
    assert "published" in set(audit_events(demo_engine)["action"])


def test_an_incomplete_quarter_cannot_be_published(demo_engine):
    # Opgang til Opgang gets a second site, which reports from 2026 K3; then Gellerup alone reports 2026 K4.
    save_row(demo_engine, "Steder", {"Projekt": "Opgang til Opgang", "Sted": "Bispehaven", "Kommune": "Aarhus"},
             "admin")
    bispehaven = replace(in_force_return(demo_engine, "Gellerup", "2026Q3"), site_id=3)
    for site_id, quarterly in ((3, bispehaven), (GELLERUP, next_quarter_return(demo_engine, "2026Q4"))):
        assert import_workbook(demo_engine, workbook_bytes(demo_engine, [quarterly]), file_name="k.xlsx",
                               created_by="pl", site_id=site_id, quarter=quarterly.quarter, commit=True).stored
    before = publications(demo_engine)
    with pytest.raises(PublicationRefused, match="2026 K4 kan ikke offentliggøres: Bispehaven har ikke indberettet"):
        publish(demo_engine, OPGANG, "2026Q4", "pl")
    with pytest.raises(PublicationRefused, match="Fremskudt beskæftigelsesindsats har ingen indberetninger for 2026"):
        publish(demo_engine, 2, "2026Q4", "pl")
    assert publications(demo_engine).equals(before)
    # 2026 K3 is complete (Bispehaven began then; it was not expected before).
    assert publishable_quarters(demo_engine, OPGANG)[:2] == ["2026Q3", "2026Q2"]
    publish(demo_engine, OPGANG, "2026Q3", "pl")


def test_the_steering_group_reads_the_published_quarter_and_sees_the_dated_correction(fresh_demo_url):
    engine = make_engine(fresh_demo_url)
    correct_gellerup(engine)
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), fresh_demo_url, "styregruppe").run()
    assert not at.exception
    assert at.selectbox(key="forelagt").value == "2026 K3"
    assert at.info[0].value.startswith("2026 K3 som forelagt styregruppen den 30-10-2026")
    [warning] = [box.value for box in at.warning if "Rettet" in box.value]
    assert warning.startswith("Rettet siden forelæggelsen: Gellerup 2026 K3 (version 25, ")
    # The project leader starts on the latest data, with the correction in the figures.
    leader = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), fresh_demo_url, "projektleder").run()
    assert leader.selectbox(key="forelagt").value == "Seneste data"
    assert not [box for box in leader.warning if "Rettet" in box.value]
    shown = {metric.label: metric.value for metric in at.metric}
    latest = {metric.label: metric.value for metric in leader.metric}
    in_force = make_selection(load_frames(engine))
    assert latest["Aktive borgere"] == str(int(key_figures(in_force.frames, "2026Q3").set_index("key")
                                              .loc["active_persons", "value"]))
    assert shown != latest


@pytest.mark.drawing
def test_the_report_command_uses_the_latest_published_quarter_as_presented(demo_engine, tmp_path, monkeypatch,
                                                                            capsys):
    monkeypatch.setenv("DATABASE_URL", url_of(demo_engine))
    out = tmp_path / "moede.pptx"
    assert main(["report", "--format", "pptx", "--out", str(out)]) == 0
    assert "2026 K3" in capsys.readouterr().out and out.read_bytes()[:2] == b"PK"
