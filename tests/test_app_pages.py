"""The analysis pages in Streamlit's test harness: figures equal the registry's, filters and
the disclosure switch work."""

import base64
import json
import os
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from data_access.engine import make_engine
from data_access.queries import load_frames
from metrics.frames import filter_frames
from metrics.registry import INDICATORS
from metrics.wellbeing import who5_pairs, who5_summary
from presentation.format import format_number, format_signed
from tests.conftest import signed_in
from tests.test_app import APP, TIMEOUT
from ui.routing import TABS_KEY
from ui.widgets import NUMBERS_SUFFIX


@pytest.fixture
def frames(demo_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_database_url)
    return load_frames(make_engine(demo_database_url))


def open_page(path: str, tab: str | None = None, user: str = "admin", **query) -> AppTest:
    """The page as a signed-in ``user`` sees it, with the filters in ``query``; ``tab``: the tab to open."""
    at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), os.environ["DATABASE_URL"], user)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(path).run()
    if tab is not None:
        at.session_state[TABS_KEY] = tab
        at.run()
    assert not at.exception
    return at


def metrics_of(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def _decoded(value):
    # Plotly sends numeric arrays as base64 typed arrays.
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return value


def figure_of(at: AppTest, index: int = 0) -> SimpleNamespace:
    """A chart's figure: ``.layout`` and ``.data``, each trace with decoded arrays."""
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    traces = [SimpleNamespace(**{key: _decoded(value) for key, value in trace.items()}) for trace in spec["data"]]
    return SimpleNamespace(layout=spec["layout"], data=traces)


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(chart.proto.spec)["layout"]["title"]["text"] for chart in at.get("plotly_chart")]


def test_wellbeing_page_shows_the_registry_figures(frames):
    at = open_page("pages/trivsel.py")
    change = INDICATORS["who5_mean_change"].compute(frames, "2026Q3")
    improved = INDICATORS["who5_improved"].compute(frames, "2026Q3")
    values = metrics_of(at)
    assert values["Gns. ændring fra første til seneste måling"] == f"{format_signed(change.value, 1)} point"
    assert values["Forbedret 10 point eller mere"] == format_number(improved.value)
    overview = open_page("pages/overblik.py")
    assert metrics_of(overview)["Gns. ændring i WHO-5"] == f"{format_signed(change.value, 1)} point"
    assert chart_titles(at)[0].startswith("Lav trivsel:")
    absence = open_page("pages/trivsel.py", tab="Skolefravær for børn")
    assert ["Gns. skolefravær 2026 K3" in title for title in chart_titles(absence)] == [True]
    for chart in [*at.get("plotly_chart"), *absence.get("plotly_chart")]:
        assert json.loads(chart.proto.spec)["layout"]["separators"] == ",."


def test_wellbeing_follows_the_target_group_filter(frames):
    at = open_page("pages/trivsel.py", maalgruppe="Unge (15-29 år)")
    young = filter_frames(frames, target_groups=["young"])
    expected = who5_summary(who5_pairs(young, "2026Q3"))
    assert metrics_of(at)["Forbedret 10 point eller mere"] == format_number(expected["improved"])


def test_disclosure_switch_hides_small_counts_on_the_wellbeing_page(frames):
    outreach_young = filter_frames(frames, site_ids=[2], target_groups=["young"])
    summary = who5_summary(who5_pairs(outreach_young, "2026Q3"))
    assert summary["n"] >= 5 and 0 < summary["improved"] < 5, "the demo data should give a small count here"
    query = {"sted": "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam", "maalgruppe": "Unge (15-29 år)"}
    inside = open_page("pages/trivsel.py", **query)
    assert metrics_of(inside)["Forbedret 10 point eller mere"] == format_number(summary["improved"])
    outside = open_page("pages/trivsel.py", ekstern="true", **query)
    assert metrics_of(outside)["Forbedret 10 point eller mere"] == "<5"
    captions = " ".join(caption.value for caption in outside.caption)
    assert f"({summary['improved']} af" not in captions and "skjult" in captions
    assert "til brug uden for projektgruppen" in outside.caption[0].value
    # With the period ending 2024 K3 fewer than five have two measurements: even the mean is withheld, in words
    # (a mean is no count, so never "<5").
    early = open_page("pages/trivsel.py", ekstern="true", periode=["2023 K4", "2024 K3"], **query)
    assert metrics_of(early)["Gns. ændring fra første til seneste måling"] == "for få målinger"


def test_disclosure_switch_hides_small_cells_in_the_overview_chart(frames):
    query = {"sted": "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam"}
    inside = figure_of(open_page("pages/overblik.py", **query))
    shown_inside = [value for trace in inside.data for value in trace.y]
    assert any(0 < value < 5 for value in shown_inside), "the outreach site has small groups"
    outside = figure_of(open_page("pages/overblik.py", ekstern="true", **query))
    shown_outside = [value for trace in outside.data for value in trace.y]
    assert not any(0 < value < 5 for value in shown_outside)
    hover = [text for trace in outside.data for (text,) in trace.customdata]
    assert any(text.startswith("skjult") for text in hover)
    # Secondary suppression: no quarter has exactly one hidden group.
    by_quarter: dict[str, int] = {}
    for trace in outside.data:
        for quarter, (text,) in zip(trace.x, trace.customdata, strict=True):
            by_quarter[quarter] = by_quarter.get(quarter, 0) + text.startswith("skjult")
    assert 1 not in by_quarter.values()


def test_staff_combinations_page_counts_37_pairs_at_gellerup(frames):
    at = open_page("pages/medarbejderkombinationer.py", sted="Opgang til Opgang – Gellerup")
    values = metrics_of(at)
    assert values["Forskellige makkerpar i alt"] == "37"
    assert values["Medarbejdere"] == "10"
    assert ["gennemsnittet på" in title for title in chart_titles(at)] == [True]  # only the open tab is drawn
    # The pairs pooled by their two professions first: each combination once, its pairs adding up to 37.
    combinations = at.dataframe[0].value
    assert combinations["Fagligheder"].is_unique
    assert combinations["Makkerpar"].astype(int).sum() == 37
    at = open_page("pages/medarbejderkombinationer.py", tab="Resultater pr. makkerpar",
                   sted="Opgang til Opgang – Gellerup")
    table = at.dataframe[0].value
    assert len(table) == 37
    assert all(interval.endswith("%") for interval in table["95 %-interval"])
    assert "Små tal afgør intet" in at.warning[0].value
    professions = open_page("pages/medarbejderkombinationer.py", tab="Fagligheder sammen",
                            sted="Opgang til Opgang – Gellerup")
    assert [title.startswith("Flest familier:") for title in chart_titles(professions)] == [True]
    assert metrics_of(professions) == values


def test_staff_combinations_hide_small_pairs_outside_the_project_group(frames):
    at = open_page("pages/medarbejderkombinationer.py", tab="Resultater pr. makkerpar",
                   sted="Opgang til Opgang – Gellerup", ekstern="true")
    table = at.dataframe[0].value
    assert set(table["Familier (n)"]) <= {"<5"} | {str(n) for n in range(5, 100)}
    assert "skjult" in set(table["95 %-interval"])
    heatmap = figure_of(open_page("pages/medarbejderkombinationer.py", tab="Fagligheder sammen",
                                  sted="Opgang til Opgang – Gellerup", ekstern="true"), 0)
    assert "<5" in {text for row in heatmap.data[0].text for text in row}


def test_too_many_staff_or_pairs_to_read_one_by_one_are_drawn_as_a_reader_can_read_them(demo_database_url,
                                                                                       monkeypatch):
    """At a programme's scale (here: the demo with the limit lowered) the caseload chart counts staff by
    caseload, and the pairs chart draws those that stand out first, then those with most families."""
    from metrics.selection import make_selection
    from metrics.staff import caseload
    from presentation.topics import staff as topic

    selection = make_selection(load_frames(make_engine(demo_database_url)))
    everyone = caseload(selection.frames, selection.quarter)
    one_by_one = topic.caseload_chart(selection)
    assert len(one_by_one.data[0].y) == len(everyone) and topic.pairs_drawn_note(selection) is None

    monkeypatch.setattr(topic, "DRAWN_ONE_BY_ONE", 6)
    assert topic.caseload_in_bands(selection)
    banded = topic.caseload_chart(selection)
    active = everyone["families"][everyone["families"] > 0]
    assert list(banded.data[0].x)[0] == "1–4"
    assert sum(banded.data[0].y) == len(active)
    assert banded.data[0].y[0] == int((active < 5).sum())
    assert f"{len(active)} medarbejdere med familier" in banded.layout.title.text

    outcomes, _, overall = topic.pair_results(selection)
    drawn = topic.pairs_drawn(selection)
    assert len(drawn) == 6
    low_high = outcomes[~outcomes["hidden"]]
    standing_out = low_high[(low_high["low"] > overall) | (low_high["high"] < overall)]
    first = standing_out.sort_values("families", ascending=False, kind="stable").head(6)
    rest = low_high.drop(standing_out.index).sort_values("families", ascending=False, kind="stable")
    expected = pd.concat([first, rest]).head(6)
    assert list(drawn.index) == list(expected.index)
    assert len(topic.pair_results_chart(selection).data[0].y) == 6
    note = topic.pairs_drawn_note(selection)
    assert note.startswith(f"Grafen viser 6 af de {len(low_high)} makkerpar") and "Tabellen viser dem alle" in note


def test_outcomes_page_figures_and_drill_down(frames):
    from metrics.outcomes import completed_courses

    courses = completed_courses(frames, "2026Q3")
    total = int(courses["total"].iloc[0])
    titles = chart_titles(open_page("pages/resultater.py", tab="Afsluttede forløb"))
    assert titles[0].startswith(f"{total} afsluttede forløb:")
    assert "6 mdr. efter" in titles[1]
    assert "i småjob: median" in chart_titles(open_page("pages/resultater.py", tab="Småjob: timer pr. uge"))[0]
    at = open_page("pages/resultater.py")
    assert chart_titles(at)[1] == "Job: kategorier pr. kvartal"
    at.selectbox(key="outcome_group").set_value("education").run()
    assert not at.exception
    assert "Uddannelse: kategorier pr. kvartal" in chart_titles(at)


def test_outcomes_page_hides_small_flows_outside_the_project_group(frames):
    def flow_values(at):
        charts = (figure_of(at, i) for i in range(len(at.get("plotly_chart"))))
        sankey = next(chart for chart in charts if chart.data[0].type == "sankey")
        return list(_decoded(sankey.data[0].link["value"]))

    outreach = "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam"
    assert any(value < 5 for value in flow_values(open_page("pages/resultater.py", "Fra start til nu", sted=outreach)))
    outside = open_page("pages/resultater.py", "Fra start til nu", ekstern="true", sted=outreach)
    assert all(value >= 5 for value in flow_values(outside))
    assert any("skjult" in caption.value for caption in outside.caption)


def test_subgoals_page_gives_each_target_a_verdict(frames):
    at = open_page("pages/delmaal.py", tab="Mål for mål")
    titles = [title.replace("<br>", " ") for title in chart_titles(at)]  # long titles wrap
    targets = frames.project_targets
    assert sum(1 for title in titles if title.split(":")[0] in {"Nået", "På sporet", "I risiko", "Ikke nået"}) \
        == len(targets)
    # The project's own wording, with the "heraf" part of its counting rule.
    rehabilitation = next(title for title in titles if "Borgere afklaret i rehabiliteringsteamet" in title)
    assert rehabilitation.endswith("(nu 12, heraf 8 i fleksjob)")
    verdicts = [box.value for box in [*at.success, *at.warning, *at.error]]
    assert len(verdicts) == len(targets)
    overview = open_page("pages/delmaal.py")
    assert len(chart_titles(overview)) == 1
    # One table per project (each fits a 1280 px screen), together every target.
    table = pd.concat([frame.value for frame in overview.dataframe])
    assert len(table) == len(targets)
    assert sorted(table["Vurdering"]) == sorted(title.split(":")[0] for title in titles[:len(targets)])
    assert "Delmål i alt" in metrics_of(open_page("pages/delmaal.py", tab="Borgernes egne delmål"))


def test_subgoals_ignore_the_target_group_filter_like_the_overview(frames):
    page = open_page("pages/delmaal.py", "Mål for mål", maalgruppe="Børn")
    overview = open_page("pages/overblik.py", maalgruppe="Børn")
    met = INDICATORS["subgoals_met"].compute(frames, "2026Q3")
    assert metrics_of(overview)["Projektmål nået"] == f"{int(met.numerator)} af {met.denominator}"
    reached = sum(1 for title in chart_titles(page) if title.startswith("Nået:"))
    assert reached == met.numerator


def test_overview_names_what_moved_and_the_quarters_successes(frames):
    from metrics.overview import category_alerts

    at = open_page("pages/overblik.py")
    new = INDICATORS["newly_in_job_or_education"].compute(frames, "2026Q3").value
    assert metrics_of(at)["Nye i job eller uddannelse"] == format_number(new)
    alerts = category_alerts(frames, "2026Q3")
    shown = [box.value for box in [*at.success, *at.warning]]
    for alert in alerts.head(4).itertuples():
        assert any(text.startswith(alert.label) and f"til {alert.now}" in text for text in shown), shown


def test_a_hidden_group_cannot_be_worked_out_from_the_others(frames):
    at = open_page("pages/trivsel.py", ekstern="true",
                   sted="Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam")
    table = at.dataframe[0].value.set_index("Gruppe")
    improved = table["Forbedret 10+ point"]
    hidden_groups = [group for group in ("Voksne", "Unge (15-29 år)") if improved[group].startswith("skjult")]
    assert len(hidden_groups) != 1, "one hidden target group could be found as the site's total minus the other"


def test_subgoals_hide_small_actuals_outside_the_project_group(frames):
    query = {"sted": "Opgang til Opgang – Gellerup"}
    inside = [m.value for m in open_page("pages/delmaal.py", "Mål for mål", **query).metric if m.label == "Nu"]
    assert any(value in {"1", "2", "3", "4"} for value in inside), inside
    outside = [m.value for m in open_page("pages/delmaal.py", "Mål for mål", ekstern="true", **query).metric
               if m.label == "Nu"]
    assert "<5" in outside and not any(value in {"1", "2", "3", "4"} for value in outside)


def test_progression_page_shows_the_registrys_figures_with_their_n(frames):
    at = open_page("pages/progression.py", sted="Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam")
    closer = INDICATORS["progression_closer"].value_in(filter_frames(frames, site_ids=[2]), "2026Q3")
    shown = metrics_of(at)
    assert shown["Rykket tættere på job (2+ point)"] == format_number(closer.value)
    # Closer, unchanged and further, each out of the same n, add up to it.
    moves = [int(shown[label]) for label in ("Rykket tættere på job (2+ point)", "Uændret (under 2 point)",
                                             "Rykket længere fra job (2+ point)")]
    assert sum(moves) == closer.denominator
    n = format_number(closer.denominator)
    assert sum(caption.value.endswith(f"af {n} med to målinger") for caption in at.caption) == 3
    assert chart_titles(at) == [f"{moves[0]} af {n} borgere er rykket tættere på job siden første måling; "
                                f"{moves[1]} uændret, {moves[2]} længere fra"]
    table = at.dataframe[0].value.set_index("Gruppe")
    assert table.loc["Fremskudt jobcenterteam", "Borgere (n)"] == format_number(closer.denominator)


def test_retention_and_aftercare_tabs(frames):
    retained = INDICATORS["retained_6_months"].value_in(filter_frames(frames, site_ids=[1]), "2026Q3")
    at = open_page("pages/progression.py", "Fastholdelse i job", sted="Opgang til Opgang – Gellerup")
    card = next(metric for metric in at.metric if metric.label == "I job 6 måneder efter jobstart")
    assert card.value == f"{format_number(100 * retained.value / retained.denominator)} %"
    assert any(caption.value.startswith(f"{format_number(retained.value)} af {format_number(retained.denominator)}"
                                        " med kendt status") for caption in at.caption)
    assert chart_titles(at)[0] == (f"{format_number(retained.value)} af {format_number(retained.denominator)} er i "
                                   "job 6 måneder efter jobstart")
    aftercare = open_page("pages/progression.py", "Efterværn", sted="Opgang til Opgang – Gellerup")
    assert {"Jobstartede med efterværn", "Efterværnskontakter", "I job efter 6 måneder, med efterværn",
            "I job efter 6 måneder, uden efterværn"} <= set(metrics_of(aftercare))
    assert not aftercare.exception


def test_a_project_without_progression_says_so(frames):
    at = open_page("pages/progression.py", sted="Opgang til Opgang – Gellerup")
    assert any("Ingen progressionsmålinger" in text.value for text in at.info)
    assert not at.get("plotly_chart")


def test_progression_outside_the_project_group_hides_small_counts(frames):
    at = open_page("pages/progression.py", ekstern="true",
                   sted="Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam")
    table = at.dataframe[0].value
    for column in ("Borgere (n)", "Tættere på job", "Længere fra job"):
        assert not any(value in {"1", "2", "3", "4"} or "(1 af" in value or "(2 af" in value or "(3 af" in value
                       or "(4 af" in value for value in table[column]), (column, table[column].tolist())
    figure = figure_of(at)
    for trace in figure.data:
        assert not any(value in (1, 2, 3, 4) for value in trace.y), trace.y


def test_activities_page_shows_the_sites_counts_and_the_smaajob_line(frames):
    at = open_page("pages/aktiviteter.py", sted="Opgang til Opgang – Gellerup")
    gellerup = filter_frames(frames, site_ids=[1])
    latest = gellerup.activities.set_index("quarter").loc["2026Q3"]
    contacts = format_number(latest["company_contacts"])
    assert chart_titles(at)[0].startswith(f"Virksomhedskontakter i 2026 K3: {contacts}")
    table = at.dataframe[0].value.set_index("Aktivitet")
    assert table.loc["Nye virksomheder", "2026 K3"] == format_number(latest["new_companies"])
    jobs = open_page("pages/aktiviteter.py", "Småjob", sted="Opgang til Opgang – Gellerup")
    more = INDICATORS["small_job_more_hours"].value_in(gellerup, "2026Q3")
    ordinary = INDICATORS["small_job_to_ordinary"].value_in(gellerup, "2026Q3")
    shown = metrics_of(jobs)
    assert shown["Har fået flere timer"] == format_number(more.value)
    assert shown["Gået til ordinært job"] == format_number(ordinary.value)
    assert any(f"{format_number(more.value)} af {format_number(more.denominator)} har fået flere timer end ved start; "
               f"{format_number(ordinary.value)} er gået til ordinært job" in text.value for text in jobs.markdown)


def test_smaajobs_outside_the_project_group_hide_small_counts(frames):
    at = open_page("pages/aktiviteter.py", "Småjob", ekstern="true",
                   sted="Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam")
    assert all(metric.value not in {"1", "2", "3", "4"} for metric in at.metric), [m.value for m in at.metric]
    for index in range(2):  # job types and company sizes
        for trace in figure_of(at, index).data:
            assert not any(value in (1, 2, 3, 4) for value in trace.x), trace.x


def test_a_marked_fall_in_the_teams_activities_is_an_alert_on_overblik(frames):
    from dataclasses import replace

    from metrics.selection import make_selection
    from presentation.topics.overview import alert_lines

    activities = frames.activities.copy()
    latest = (activities["site_id"] == 1) & (activities["quarter"] == "2026Q3")
    before = int(activities.loc[(activities["site_id"] == 1) & (activities["quarter"] == "2026Q2"),
                                "company_contacts"].iloc[0])
    activities.loc[latest, "company_contacts"] = before // 2
    lines, _ = alert_lines(make_selection(replace(frames, activities=activities), [1]))
    assert (f"Virksomhedskontakter faldt fra {format_number(before)} til {format_number(before // 2)}", False) in lines


def test_a_charts_numbers_are_built_when_the_reader_opens_them(frames):
    at = open_page("pages/resultater.py")
    folded = [expander for expander in at.expander if expander.label == "Tallene i grafen"]
    assert len(folded) == len(at.get("plotly_chart")) == 2
    assert not any(expander.table for expander in folded)  # not built for a reader who does not open them
    at.session_state["groups" + NUMBERS_SUFFIX] = True  # the reader opens the first chart's numbers
    at.run()
    opened = [expander for expander in at.expander if expander.label == "Tallene i grafen"]
    assert [len(expander.table) for expander in opened] == [1, 0]
    # A row per value the chart draws: every series, every category.
    drawn = {(trace.name, value) for trace in figure_of(at, 0).data for value in trace.y if value is not None}
    assert len(opened[0].table[0].value) * (len(opened[0].table[0].value.columns) - 1) >= len(drawn) > 0


def test_the_overview_of_children_outside_the_project_group_hides_nothing_and_breaks_nothing(frames):
    """Children have no status: the overview's outcome chart has no line to hide for them, and shows no error."""
    at = open_page("pages/overblik.py", maalgruppe="Børn", ekstern="true")
    assert any("til brug uden for projektgruppen" in caption.value for caption in at.caption) and not at.error
