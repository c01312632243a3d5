"""A project set up from empty with its first quarter or two: no crash, no false verdict, no empty chart."""

import io

import pandas as pd
import pytest
from pptx import Presentation

from data_access.engine import make_engine
from data_access.migrate import upgrade
from data_access.queries import load_frames
from metrics.registry import INDICATORS
from metrics.selection import make_selection
from presentation.sections import chart_title
from presentation.topics.activities import job_type_chart, small_job_cards, small_job_title
from presentation.topics.outcomes import small_job_chart
from presentation.topics.overview import key_figure_cards
from presentation.topics.progression import retention_chart
from presentation.topics.staff import combination_chart, profession_matrix_chart, staff_cards
from presentation.topics.subgoals import target_chart, target_outlooks, verdict_counts_title
from report import report_files
from report.content import build_report
from tests.new_project import set_up_new_project
from tests.test_app_pages import open_page

NO_COMMENTARY = pd.DataFrame(columns=["site_id", "subject", "text"])


def _database(tmp_path_factory, quarters: tuple[str, ...]) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('new_project') / 'new.db'}"
    engine = make_engine(url)
    upgrade(engine)
    set_up_new_project(engine, quarters)
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def first_quarter_url(tmp_path_factory) -> str:
    return _database(tmp_path_factory, ("2026Q3",))


@pytest.fixture(scope="module")
def two_quarters_url(tmp_path_factory) -> str:
    return _database(tmp_path_factory, ("2026Q3", "2026Q4"))


def selection_of(url: str, **options):
    return make_selection(load_frames(make_engine(url)), **options)


@pytest.mark.drawing
def test_a_young_projects_report_leaves_out_the_retention_point_nobody_is_due_for(two_quarters_url):
    # Job starts in 2026 K3 are due at 3 months in 2026 K4, but nobody is at 6 or 12 months yet.
    selection = selection_of(two_quarters_url)
    figure = retention_chart(selection)
    bars = next(trace for trace in figure.data if trace.type == "bar")
    words = next(trace for trace in figure.data if trace.type == "scatter")
    assert list(bars.x) == ["3 mdr.", "6 mdr.", "12 mdr."]
    assert bars.y[0] == 1.0 and pd.isna(bars.y[1]) and pd.isna(bars.y[2])
    assert list(words.text[1:]) == ["ingen endnu", "ingen endnu"]
    report = build_report(selection, NO_COMMENTARY)
    files = report_files(report)
    deck = Presentation(io.BytesIO(files["pptx"]))
    assert len(deck.slides) == len(report.slides)
    assert files["pdf"].startswith(b"%PDF")


def test_quarters_stand_in_time_order_on_a_new_projects_goal_chart(first_quarter_url):
    # One quarter loaded, goals due 31-12-2027: the straight line to the goal must not put 2027 K4 second.
    figure = target_chart(selection_of(first_quarter_url), 0)
    assert list(figure.layout.xaxis.categoryarray) == ["2026 K3", "2026 K4", "2027 K1", "2027 K2", "2027 K3",
                                                       "2027 K4"]


def test_after_one_quarter_it_is_too_early_to_tell_never_not_reached(first_quarter_url):
    selection = selection_of(first_quarter_url)
    outlooks = target_outlooks(selection)
    assert [item.verdict_text for item in outlooks] == ["For tidligt at sige"] * 2
    assert all(item.outlook.value is None for item in outlooks)
    assert verdict_counts_title(outlooks) == "Projektmål: 2 for tidligt at sige"
    report = build_report(selection, NO_COMMENTARY)
    words = " ".join([slide.title for slide in report.slides] + [fact for slide in report.slides
                                                                 for fact in slide.facts]).lower()
    assert "ikke nået" not in words and "for tidligt at sige" in words


def test_more_hours_in_smaajob_is_one_number_on_one_base_everywhere(two_quarters_url):
    # 2026 K4: six in a småjob; four began it in 2026 K3 (two of them now at 11 hours against 10), two began it
    # this quarter and have no start to compare with.
    selection = selection_of(two_quarters_url)
    more = INDICATORS["small_job_more_hours"].value_in(selection.frames, "2026Q4")
    assert (more.value, more.denominator) == (2, 4)
    sentence = "2 af 4 har fået flere timer end ved start"
    assert sentence in small_job_chart(selection).layout.title.text.replace("<br>", " ")
    assert sentence in small_job_title(selection)
    card = next(card for card in small_job_cards(selection) if card.label == "Har fået flere timer")
    assert (card.value, card.detail) == ("2", "af 4 i småjob nu med timer ved start og nu")


def test_what_cannot_be_drawn_yet_is_said_in_words_not_drawn_empty(first_quarter_url):
    selection = selection_of(first_quarter_url)
    # No combination of professions has five families yet.
    assert combination_chart(selection) is None
    staff = next(slide for slide in build_report(selection, NO_COMMENTARY).slides
                 if slide.kicker == "Medarbejderkombinationer")
    assert staff.figure is None and staff.title == "Ingen kombination af fagligheder skiller sig sikkert ud fra " \
        "gennemsnittet på 38 %"
    assert any("Ingen kombination af fagligheder har 5 familier endnu" in fact for fact in staff.facts)
    # One WHO-5 measurement each: the slide says where the project starts from, not just its title.
    wellbeing = next(slide for slide in build_report(selection, NO_COMMENTARY).slides if slide.kicker == "Trivsel")
    # Scores 40, 41, ..., 64: eleven of 25 at 50 or less.
    assert wellbeing.facts[0] == "25 borgere har en første WHO-5-måling; 11 af dem (44 %) har lav trivsel (WHO-5 ≤ 50)."
    # Counts of a few persons on whole-number ticks, never 0,2 of a person; whole hours, never 9,6 hours.
    figure = job_type_chart(selection)
    assert (figure.layout.xaxis.tickformat, figure.layout.xaxis.dtick) == (",d", 1)
    hours = small_job_chart(selection)
    assert (hours.layout.xaxis.tickformat, hours.layout.xaxis.dtick) == (",d", 1)
    # Nobody has had a småjob for more than a quarter: no "0 af 0".
    card = next(card for card in small_job_cards(selection) if card.label == "Har fået flere timer")
    assert (card.value, card.detail) == ("–", "ingen har haft småjob i mere end ét kvartal endnu")


def test_a_new_projects_pages_say_in_words_what_they_cannot_draw(first_quarter_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", first_quarter_url)
    staff = open_page("pages/medarbejderkombinationer.py", "Resultater pr. faglighed", user="laeser")
    assert not staff.get("plotly_chart")
    assert any("Ingen kombination af fagligheder har 5 familier endnu" in box.value for box in staff.info)
    wellbeing = open_page("pages/trivsel.py", user="laeser")
    assert any("25 borgere har en første WHO-5-måling" in box.value for box in wellbeing.info)


def test_outside_the_project_group_a_mean_of_nobody_is_withheld_in_words_and_zero_is_zero(first_quarter_url):
    # Nobody has two WHO-5 measurements yet: n = 0 is no small count, and the mean is withheld, never "<5".
    selection = selection_of(first_quarter_url, external=True)
    cards = {card.label: card for card in key_figure_cards(selection)}
    who5 = cards["Gns. ændring i WHO-5"]
    assert (who5.value, who5.detail) == ("for få målinger", "n = 0 borgere med to målinger")
    appendix = pd.concat([slide.table for slide in build_report(selection, NO_COMMENTARY).slides
                          if slide.kicker == "Bilag"])
    row = appendix.set_index("Nøgletal").loc["Gns. ændring i WHO-5"]
    assert (row["2026 K3"], row["n"]) == ("for få målinger", "0")
    # Every combination of professions has fewer than 5 families: no "most families" among the hidden and the
    # empty ones (it once named a pair of nobody, "(0)").
    assert chart_title(profession_matrix_chart(selection)) == \
        "Familier pr. kombination af fagligheder: alle tal er skjult uden for projektgruppen"


def test_the_meeting_material_speaks_plainly(first_quarter_url):
    selection = selection_of(first_quarter_url)
    # Families with a pair, as families: not "familie-par" beside the overview's count of families.
    assert staff_cards(selection)[0].detail == "13 familier med makkerpar i 2026 K3"
    title_slide = build_report(selection, NO_COMMENTARY).slides[0]
    assert not [fact for fact in (*title_slide.facts, *title_slide.scope) if "fortæl det videre" in fact]


def test_a_projects_first_quarter_says_what_is_known_and_compares_with_nothing(first_quarter_url, two_quarters_url):
    from presentation.topics.outcomes import flow_chart, no_flow_text
    from presentation.topics.overview import alert_lines, successes_card

    first = selection_of(first_quarter_url)
    assert not first.has_quarter_before
    card, sentence = successes_card(first)
    assert card.value == "–" and sentence is None, "everyone in job in a first quarter is not 'new' in it"
    assert flow_chart(first) is None
    assert no_flow_text(first).startswith("2026 K3 er det første kvartal med tal")
    assert alert_lines(first) == ([], first.first_quarter_note)
    who5 = next(card for card in key_figure_cards(first) if card.label == "Gns. ændring i WHO-5")
    assert who5.value == "–", "a change nobody has two measurements for has no unit"
    report = build_report(first, NO_COMMENTARY)
    every_text = " ".join(" ".join(slide.facts) + slide.title for slide in report.slides)
    assert "er kommet i job eller uddannelse" not in every_text
    assert "Nye i job eller uddannelse" not in every_text, "the first-quarter note says it once"
    tables = [slide.table for slide in report.slides if slide.table is not None]
    assert not [column for table in tables for column in table.columns if str(column).startswith("Ændring")]
    # The second quarter compares with the first.
    second = selection_of(two_quarters_url)
    assert second.has_quarter_before and flow_chart(second) is not None
    assert "Ændring siden 2026 K3" in report_columns(second)


def report_columns(selection) -> list[str]:
    report = build_report(selection, NO_COMMENTARY)
    return [str(column) for slide in report.slides if slide.table is not None for column in slide.table.columns]
