"""The app in Streamlit's test harness, on the demo data."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from data_access.engine import make_engine
from data_access.queries import load_frames
from metrics.frames import filter_frames
from metrics.overview import FOLLOWED_KEY_FIGURES, key_figures
from presentation.format import format_number
from tests.conftest import PROJECT_ROOT, signed_in

TIMEOUT = 60
APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def app(demo_database_url, monkeypatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", demo_database_url)
    return signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), demo_database_url)


def metric_values(at: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in at.metric}


def test_overview_shows_key_figures_of_the_latest_quarter(app, demo_database_url):
    at = app.run()
    assert not at.exception
    assert at.title[0].value == "Overblik"
    frames = load_frames(make_engine(demo_database_url))
    expected = key_figures(frames, "2026Q3").set_index("key")
    values = metric_values(at)
    assert values["Aktive borgere"] == format_number(expected.loc["active_persons", "value"])
    assert values["Aktive familier"] == format_number(expected.loc["active_families", "value"])
    assert values["I job eller uddannelse"] == format_number(expected.loc["in_job_or_education", "value"])
    assert values["Projektmål nået"].endswith("af 10")
    assert values["Gns. ændring i WHO-5"].endswith("point")
    # The follow-up figures the demo projects keep: progression (outreach team) and retention (both sites).
    followed = key_figures(frames, "2026Q3", FOLLOWED_KEY_FIGURES).set_index("key")
    assert values["Rykket tættere på job"] == format_number(followed.loc["progression_closer", "value"])
    assert values["I job 6 måneder efter jobstart"] == format_number(followed.loc["retained_6_months", "value"])
    assert "2026 K3" in at.caption[0].value


def test_overview_chart_uses_danish_number_format_and_states_the_finding(app):
    at = app.run()
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert figure["layout"]["separators"] == ",."
    title = figure["layout"]["title"]["text"]
    assert "i job eller uddannelse i 2026 K3" in title
    quarters = figure["data"][0]["x"]
    assert quarters[0] == "2023 K4" and quarters[-1] == "2026 K3"
    names = {trace["name"] for trace in figure["data"]}
    assert {"Job", "Uddannelse", "I forløb"} <= names


def test_site_filter_changes_the_figures(app, demo_database_url):
    at = app.run()
    frames = load_frames(make_engine(demo_database_url))
    outreach_id = frames.sites.loc[frames.sites["site_name"] == "Fremskudt jobcenterteam", "site_id"].item()
    at.sidebar.multiselect(key="sted").set_value([outreach_id]).run()
    assert not at.exception
    expected = key_figures(filter_frames(frames, site_ids=[outreach_id]), "2026Q3").set_index("key")
    assert metric_values(at)["Aktive borgere"] == format_number(expected.loc["active_persons", "value"])
    assert metric_values(at)["Projektmål nået"].endswith("af 2")


def test_target_group_and_quarter_filters(app, demo_database_url):
    at = app.run()
    at.sidebar.multiselect(key="maalgruppe").set_value(["child"])
    at.sidebar.select_slider(key="periode").set_range("2024Q1", "2025Q2").run()
    assert not at.exception
    frames = load_frames(make_engine(demo_database_url))
    expected = key_figures(filter_frames(frames, target_groups=["child"]), "2025Q2").set_index("key")
    assert metric_values(at)["Aktive borgere"] == format_number(expected.loc["active_persons", "value"])
    assert "2024 K1–2025 K2" in at.caption[0].value and "Børn" in at.caption[0].value


def test_filters_come_from_the_link(app):
    # The link carries what the user reads: "2024 K4", "Unge (15-29 år)".
    app.query_params["periode"] = ["2024 K1", "2024 K4"]
    app.query_params["maalgruppe"] = "Unge (15-29 år)"
    app.query_params["ekstern"] = "true"
    at = app.run()
    assert not at.exception
    assert at.sidebar.select_slider(key="periode").value == ("2024Q1", "2024Q4")
    assert at.sidebar.toggle(key="ekstern").value is True
    assert at.sidebar.multiselect(key="maalgruppe").value == ["young"]
    assert "2024 K4" in at.caption[0].value


def test_no_site_chosen_gives_a_clear_message(app):
    at = app.run()
    at.sidebar.multiselect(key="sted").set_value([]).run()
    assert not at.exception
    assert "Vælg mindst ét sted" in at.info[0].value


def test_overview_page_is_reachable_by_path(app):
    at = app.run()
    at.switch_page("pages/overblik.py").run()
    assert not at.exception
    assert at.title[0].value == "Overblik"


def test_empty_database_explains_how_to_get_started(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert "create-admin" in at.info[0].value
