"""Every chart in words and numbers: its finding as its accessible name, and each value it draws in a table."""

import pandas as pd
import plotly.graph_objects as go

from presentation.charts import chart, chart_finding, chart_numbers


def test_a_stacked_bar_chart_reads_as_a_table_of_quarters_by_series():
    figure = chart([{"type": "bar", "name": "Job", "x": ["2026Q2", "2026Q3"], "y": [4, 6]},
                    {"type": "bar", "name": "Uddannelse", "x": ["2026Q2", "2026Q3"], "y": [1, 2.5]}],
                   "10 i job <b>eller</b> uddannelse<br>i 2026 K3")
    assert chart_finding(figure) == "10 i job eller uddannelse i 2026 K3"
    table = chart_numbers(figure)
    assert list(table.columns) == ["Kategori", "Job", "Uddannelse"]
    assert table.values.tolist() == [["2026 K2", "4", "1"], ["2026 K3", "6", "2,5"]]


def test_lying_bars_with_labels_keep_the_label_that_carries_the_n():
    figure = chart([{"type": "bar", "orientation": "h", "x": [57.1, None], "y": ["Gellerup", "Fremskudt"],
                     "text": ["57,1 % (92 af 161)", ""]}], "Andel i job")
    table = chart_numbers(figure)
    assert table.values.tolist() == [["Gellerup", "57,1", "57,1 % (92 af 161)"]]
    assert list(table.columns) == ["Kategori", "Værdi", "Tekst på grafen"]


def test_labels_written_beside_the_bars_join_their_bar_and_their_position_is_no_value():
    labels = pd.Series(["59 af 60 (98 %)", "19 af 15 (127 %)"])
    figure = chart([{"type": "bar", "orientation": "h", "x": [0.983, 1.267], "y": ["Familier", "Job"]},
                    {"type": "scatter", "mode": "text", "x": [1.32, 1.32], "y": ["Familier", "Job"],
                     "text": labels}],
                   "Projektmål", x_axis={"tickformat": ".0%"})
    assert chart_numbers(figure).values.tolist() == [["Familier", "98,3 %", "59 af 60 (98 %)"],
                                                     ["Job", "126,7 %", "19 af 15 (127 %)"]]


def test_a_heatmap_and_a_flow_name_both_ends_of_every_value():
    heatmap = go.Figure(go.Heatmap(x=["Socialrådgiver", "Mentor"], y=["Socialrådgiver"], z=[[3, 7]]),
                        layout={"title": {"text": "Fagligheder sammen"}})
    assert chart_numbers(heatmap).values.tolist() == [["Socialrådgiver", "Mentor", "7"],
                                                      ["Socialrådgiver", "Socialrådgiver", "3"]][::-1]
    flow = go.Figure(go.Sankey(node={"label": ["I forløb", "Job"]}, link={"source": [0], "target": [1],
                                                                            "value": [12]}))
    assert chart_numbers(flow).values.tolist() == [["I forløb → Job", "12"]]
    assert chart_finding(flow) == "Graf"


def test_a_share_reads_as_a_percentage_as_on_its_axis():
    figure = chart([{"type": "bar", "name": "Første måling", "x": ["Lav trivsel"], "y": [0.579]},
                    {"type": "bar", "name": "Seneste måling", "x": ["Lav trivsel"], "y": [0.25]}],
                   "Færre med lav trivsel", y_axis={"tickformat": ".0%"})
    assert chart_numbers(figure).values.tolist() == [["Lav trivsel", "57,9 %", "25,0 %"]]


def test_points_placed_by_a_number_against_names_read_by_name_and_a_value_drawn_twice_once():
    figure = chart([{"type": "scatter", "mode": "markers", "x": [0.571, 0.6], "y": ["A + B", "C + D"]},
                    {"type": "scatter", "mode": "markers", "x": [0.571, 0.6], "y": ["A + B", "C + D"]}],
                   "Ingen kombination skiller sig ud", x_axis={"tickformat": ".0%"})
    assert chart_numbers(figure).values.tolist() == [["A + B", "57,1 %"], ["C + D", "60,0 %"]]
