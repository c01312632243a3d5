"""A quarter that only some sites have reported is never compared with the one before: no arrow, alert or
verdict speaks about it, and the default view stays on the latest quarter every site has reported."""

from data_access.importer import import_workbook
from data_access.queries import load_frames
from metrics.registry import project_target_status
from metrics.selection import make_selection
from presentation.topics.overview import (
    alert_lines,
    job_or_education_title,
    key_figure_cards,
    project_targets_table,
    successes_card,
)
from presentation.topics.subgoals import WAITING, target_outlooks, verdict_counts_title
from tests.workbooks import next_quarter_return, workbook_bytes


def test_one_site_reporting_first_changes_no_verdict_and_no_default_view(demo_engine):
    content = workbook_bytes(demo_engine, [next_quarter_return(demo_engine, "2026Q4")])
    assert import_workbook(demo_engine, content, file_name="gellerup-2026K4.xlsx", created_by="pl", site_id=1,
                           quarter="2026Q4", commit=True).stored
    frames = load_frames(demo_engine)
    assert make_selection(frames).quarter == "2026Q3"  # the view a reader opens

    half = make_selection(frames, period=("2023Q4", "2026Q4"))
    assert not half.comparable and "Fremskudt jobcenterteam har ikke indberettet 2026 K4" in half.missing_returns_note
    assert [card.delta for card in key_figure_cards(half)] == [None] * len(key_figure_cards(half))
    assert alert_lines(half) == ([], "Ingen sammenligning med 2026 K3: 2026 K4 er ikke indberettet fra alle "
                                     "steder endnu.")
    assert successes_card(half)[0].value == "–"
    assert "siden" not in job_or_education_title(half)

    # Gellerup's own delmål are judged (all of its project's sites reported); Fremskudt's waits.
    status = project_target_status(half.frames_all_groups, "2026Q4").set_index("project_name")
    assert status.loc["Fremskudt beskæftigelsesindsats", "met"].isna().all()
    assert status.loc["Fremskudt beskæftigelsesindsats", "waiting"].all()
    assert not status.loc["Opgang til Opgang", "waiting"].any()
    table = project_targets_table(half).set_index("Projekt")
    assert (table.loc["Fremskudt beskæftigelsesindsats", "Vurdering"] == "Afventer indberetning").all()
    assert "Afventer indberetning" not in set(table.loc["Opgang til Opgang", "Vurdering"])
    outlooks = {item.project: item for item in target_outlooks(half)}
    waiting = outlooks["Fremskudt beskæftigelsesindsats"]
    assert waiting.verdict_text == WAITING and waiting.outlook is None
    assert waiting.trajectory["quarter"].iloc[-1] == "2026Q3"  # no half-reported quarter in the trend
    assert outlooks["Opgang til Opgang"].outlook is not None
    assert "2 afventer indberetning" in verdict_counts_title(target_outlooks(half))  # the outreach team's two
