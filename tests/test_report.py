"""The steering-meeting report: same numbers as the pages, a real PowerPoint and a real PDF, the CLI."""

import io
import json
import re
import subprocess
import zlib

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.oxml.ns import qn

from cli.__main__ import main
from data_access.commentary import commentary_in_force, save_commentary
from data_access.engine import make_engine
from data_access.queries import load_frames
from metrics.registry import INDICATORS
from metrics.selection import make_selection
from presentation.charts import chart_alt_text, chart_finding
from report import report_files
from report.content import build_report
from report.native_charts import PLOT_LYING
from tests.test_app_pages import chart_titles, metrics_of, open_page

NO_COMMENTARY = pd.DataFrame(columns=["site_id", "subject", "text"])
OUTREACH = "Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam"


@pytest.fixture(scope="module")
def demo_frames(demo_database_url):
    return load_frames(make_engine(demo_database_url))


@pytest.fixture(scope="module")
def report_with_commentary(tmp_path_factory, templates):
    # A database of its own: the commentary must not show up in other tests' pages.
    engine = make_engine(templates.sqlite_copy(tmp_path_factory.mktemp('report') / 'report.db', demo=True))
    save_commentary(engine, 1, "2026Q3", {
        None: "Et godt kvartal: flere i småjob.",
        "in_company_based": "=Færre i praktik, fordi to virksomheder lukkede afdelingen.",
        "who5_mean_change": "Næsten alle voksne er målt.",
    }, "projektleder", {})
    selection = make_selection(load_frames(engine))
    report = build_report(selection, commentary_in_force(engine, list(selection.site_ids), "2026Q3"))
    return report, report_files(report)


@pytest.fixture
def app_database(demo_database_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", demo_database_url)


def slide_titles(report) -> dict[str, str]:
    return {slide.kicker: slide.title for slide in report.slides}


def one_line_titles(at) -> list[str]:
    return [" ".join(title.replace("<br>", " ").split()) for title in chart_titles(at)]


@pytest.mark.parametrize("external", [False, True])
def test_every_slide_title_is_the_finding_on_its_page(app_database, demo_frames, external):
    query = {"sted": OUTREACH, "ekstern": "true"} if external else {}
    report = build_report(make_selection(demo_frames, [2] if external else None, external=external), NO_COMMENTARY)
    titles = slide_titles(report)
    # Each page's first tab, but the staff slide shows the professions working together.
    tabs = {"medarbejderkombinationer": "Resultater pr. faglighed"}
    page = {path: one_line_titles(open_page(f"pages/{path}.py", tabs.get(path), **query))
            for path in ("overblik", "delmaal", "resultater", "medarbejderkombinationer", "trivsel")}
    # A finding wrapped over lines on the page is one line on the slide, never plotly's markup.
    assert not [text for slide in report.slides for text in (slide.title, *slide.facts) if "<br>" in text]
    assert titles["Overblik"] == page["overblik"][0]
    assert titles["Delmål"] == page["delmaal"][0]
    assert titles["Resultater"] == page["resultater"][0]
    assert titles["Medarbejderkombinationer"] == page["medarbejderkombinationer"][0]
    assert titles["Trivsel"] in page["trivsel"]
    assert titles["Progression: Afstand til job (1-10)"] == \
        one_line_titles(open_page("pages/progression.py", **query))[0]
    assert titles["Fastholdelse i job"] == \
        one_line_titles(open_page("pages/progression.py", "Fastholdelse i job", **query))[0]
    assert titles["Aktiviteter"] == one_line_titles(open_page("pages/aktiviteter.py", **query))[0]
    assert titles["Småjob"] in [text.value.strip("*").replace("\\<", "<") for text in
                                open_page("pages/aktiviteter.py", "Småjob", **query).markdown]


def test_overview_slide_shows_the_overview_pages_key_figures(app_database, demo_frames):
    report = build_report(make_selection(demo_frames), NO_COMMENTARY)
    table = report.slides[1].table.set_index("Nøgletal")
    shown = metrics_of(open_page("pages/overblik.py"))
    for label in table.index:
        assert table.loc[label, "2026 K3"] == shown[label], label


def test_outside_the_project_group_no_small_count_reaches_the_report(demo_frames):
    inside = build_report(make_selection(demo_frames, [2], ["young"]), NO_COMMENTARY)
    outside = build_report(make_selection(demo_frames, [2], ["young"], external=True), NO_COMMENTARY)
    text_inside = " ".join(fact for slide in inside.slides for fact in slide.facts)
    text_outside = " ".join(fact for slide in outside.slides for fact in slide.facts)
    assert "<5" not in text_inside and "<5" in text_outside
    # Every count the external version still shows is 0 or 5 and more.
    for number in re.findall(r"(?<![\d,.])(\d+) af (\d+)", text_outside):
        assert all(int(n) == 0 or int(n) >= 5 for n in number), number
    assert "under 5 er skjult" in outside.slides[0].scope[-1]


def test_the_powerpoint_has_the_slides_titles_numbers_and_commentary(report_with_commentary, artifacts_dir):
    report, files = report_with_commentary
    (artifacts_dir / "rapport.pptx").write_bytes(files["pptx"])
    deck = Presentation(io.BytesIO(files["pptx"]))
    # Title, key figures, the overview's chart, one slide per page, school absence, progression, retention,
    # activities, småjob, and the appendix over three slides (every definition, at most six to a slide, so that
    # none runs off the slide).
    assert len(deck.slides) == len(report.slides) == 14
    appendix = [slide for slide in deck.slides if slide.shapes.title.text_frame.text.startswith("Definitioner og n")]
    rows = [len(shape.table.rows) - 1 for slide in appendix for shape in slide.shapes if shape.has_table]
    assert len(rows) == 3 and max(rows) <= 6 and sum(rows) == len(INDICATORS)
    texts = ["\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
             for slide in deck.slides]
    for slide, content in zip(deck.slides, report.slides, strict=True):
        # In the title placeholder, where PowerPoint's outline and screen readers look for it.
        assert slide.shapes.title is not None and slide.shapes.title.text_frame.text == content.title
        # Speaker notes on every slide: the finding and what lies behind it.
        notes = slide.notes_slide.notes_text_frame.text
        assert notes.startswith(f"Fund: {content.title}"), content.kicker
    key_figures = deck.slides[1].notes_slide.notes_text_frame.text
    assert "Tallene:" in key_figures and "Ændring" in key_figures and "Definitioner:" in key_figures
    assert INDICATORS["in_job_or_education"].definition in key_figures
    pictures = [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == 13]
    charts = [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]
    assert len(pictures) + len(charts) == sum(slide.figure is not None for slide in report.slides) == 9
    # Bar and line charts are PowerPoint's own, editable, with the page's series and numbers; a share's axis
    # reads "45 %", as on the pages.
    assert len(charts) >= 3
    lines = [(chart, content.figure) for slide, content in zip(deck.slides, report.slides, strict=True)
             for chart in (shape.chart for shape in slide.shapes if shape.has_chart)
             if chart.chart_type == XL_CHART_TYPE.LINE_MARKERS]
    assert lines, "the lines over quarters are native charts"
    for chart, figure in lines:
        assert [series.name for series in chart.plots[0].series] == [trace.name for trace in figure.data
                                                                      if trace.mode != "text"]
    assert {chart.value_axis.tick_labels.number_format for chart in charts} & {"0 %"}
    assert "0%" not in {chart.value_axis.tick_labels.number_format for chart in charts}
    # Every chart, picture or PowerPoint's own, says in its alternative text what it shows and its numbers.
    for slide, content in zip(deck.slides, report.slides, strict=True):
        for shape in slide.shapes:
            if shape.shape_type == 13 or shape.has_chart:
                described = shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")
                assert described == chart_alt_text(content.figure), content.kicker
                assert described.startswith(chart_finding(content.figure)) and re.search(r"\. .*: .*\d", described)
    # The persons by category group over quarters, drawn once (on the Resultater slide; the overview's slide has
    # the key figures beside its finding).
    assert report.slides[1].figure is None and report.slides[1].table is not None
    overview = next(shape.chart for shape in deck.slides[3].shapes if shape.has_chart)
    figure = report.slides[3].figure
    assert [series.name for series in overview.plots[0].series] == [trace.name for trace in figure.data]
    assert list(overview.plots[0].series[0].values) == [float(value) for value in figure.data[0].y]
    # The delmål chart keeps the page's words at each bar, so a hidden count is never labelled 0 %.
    delmaal = next(shape.chart for shape in deck.slides[2].shapes if shape.has_chart)
    # (Read before the texts: python-pptx's text_frame rewrites a label's XML.)
    grounds = [point.data_label._dLbl.xpath("./c:spPr/a:solidFill/a:srgbClr/@val")
               for point in delmaal.plots[0].series[0].points]
    written = report.slides[2].figure.data[1].text
    assert [point.data_label.text_frame.text for point in delmaal.plots[0].series[0].points] == list(written)
    # Every goal named (LibreOffice named every second), and the goal drawn as a line at 100 % with its label.
    assert delmaal.category_axis._element.find(qn("c:tickLblSkip")).get("val") == "1"
    lines = [shape for shape in deck.slides[2].shapes if shape.shape_type == MSO_SHAPE_TYPE.LINE]
    assert len(lines) == 1 and lines[0].begin_x == lines[0].end_x
    frame = next(shape for shape in deck.slides[2].shapes if shape.has_chart)
    left, width = PLOT_LYING[0], PLOT_LYING[2]
    at_100 = frame.left + frame.width * (left + width / delmaal.value_axis.maximum_scale)
    assert abs(lines[0].begin_x - at_100) < frame.width * 0.01
    # Behind the chart, whose labels stand on white: the line no longer runs through "22 af 25 (88 %)".
    shapes = list(deck.slides[2].shapes)
    assert shapes.index(lines[0]) < shapes.index(frame)
    assert grounds == [["FFFFFF"]] * len(grounds), grounds
    assert any(shape.has_text_frame and shape.text_frame.text == "Målet" for shape in deck.slides[2].shapes)
    # So does the retention chart: every point with its share and n.
    retention = next(shape.chart for shape in deck.slides[8].shapes if shape.has_chart)
    assert [point.data_label.text_frame.text for point in retention.plots[0].series[0].points] == \
        [text.replace("<br>", "\n") for text in report.slides[8].figure.data[1].text]
    # Shares from 0 to 100 %, as on the page: PowerPoint's own axis began at 82 % and made 87 % look a fall.
    assert (retention.value_axis.minimum_scale, retention.value_axis.maximum_scale) == (0, 1)
    overview_table = next(shape.table for shape in deck.slides[1].shapes if shape.has_table)
    cells = [[cell.text for cell in row.cells] for row in overview_table.rows]
    expected = report.slides[1].table
    assert cells[0] == list(expected.columns)
    assert cells[1:] == expected.astype(str).to_numpy().tolist()
    slide_of = {content.kicker: number for number, content in enumerate(report.slides)}
    assert "Et godt kvartal: flere i småjob." in texts[0]
    assert "=Færre i praktik" in texts[slide_of["Resultater"]], "the leader's words stand as written"
    assert "Næsten alle voksne er målt." in texts[slide_of["Trivsel"]]


STREAM_START = re.compile(rb"<<((?:[^<>]|<<(?:[^<>]|<<[^<>]*>>)*>>)*)>>\s*stream(?:\r\n|\n)", re.S)


def flate_streams(content: bytes) -> list[bytes]:
    """Each FlateDecode stream's bytes, read by the /Length its dictionary gives.

    A stream's data may itself end in CR or LF, so the bytes before "endstream" cannot mark its end.
    """
    streams = []
    for match in STREAM_START.finditer(content):
        dictionary = match.group(1)
        if b"/FlateDecode" not in dictionary:
            continue
        length = re.search(rb"/Length\s+(\d+)(\s+(\d+)\s+R)?", dictionary)
        size = int(length.group(1))
        if length.group(2):  # an indirect object: "/Length 12 0 R"
            size = int(re.search(rb"\b%d\s+%d\s+obj\s*(\d+)\s*endobj" % (size, int(length.group(3))),
                                 content).group(1))
        data = content[match.end():match.end() + size]
        assert re.match(rb"\s*endstream", content[match.end() + size:]), "a stream's /Length ends at endstream"
        streams.append(data)
    return streams


def test_pdf_streams_are_read_by_their_length():
    # Compressed bytes that end in LF and in CR LF: the data's own last bytes must be kept.
    for tail in (b"\n", b"\r\n", b"\r"):
        data = b"x\x9c" + b"A" * 7 + tail
        direct = b"1 0 obj\n<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(data) + data + b"\nendstream\n"
        indirect = (b"2 0 obj\n<</Length 3 0 R /Filter /FlateDecode>> stream\r\n" + data + b"\r\nendstream\n"
                    b"3 0 obj\n%d\nendobj\n" % len(data))
        assert flate_streams(direct + indirect) == [data, data]
    plain = b"<< /Length 3 >>\nstream\nabc\nendstream"
    assert flate_streams(plain) == []


def test_the_pdf_has_the_same_pages(report_with_commentary, artifacts_dir, tmp_path):
    report, files = report_with_commentary
    pdf = artifacts_dir / "rapport.pdf"
    pdf.write_bytes(files["pdf"])
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"Pages:\s+{len(report.slides)}\b", info)
    assert "960 x 540 pts" in info  # 16:9, like the slides
    # Tagged, in Danish, and each chart picture with its finding and numbers as alternative text.
    assert re.search(r"Tagged:\s+yes", info)
    content = pdf.read_bytes()
    streams = b" ".join([content] + [zlib.decompress(stream) for stream in flate_streams(content)])
    assert b"/Lang (da)" in streams and b"/StructTreeRoot" in streams
    assert streams.count(b"/Alt") >= sum(slide.figure is not None for slide in report.slides)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    for slide in report.slides:
        assert " ".join(slide.title.split()) in flat
    for old in artifacts_dir.glob("rapport-pdf-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(artifacts_dir / "rapport-pdf")], check=True)
    assert len(list(artifacts_dir.glob("rapport-pdf-*.png"))) == len(report.slides)


@pytest.mark.drawing
def test_report_command_writes_a_deck_and_refuses_a_quarter_without_data(demo_database_url, monkeypatch, tmp_path,
                                                                          capsys):
    monkeypatch.setenv("DATABASE_URL", demo_database_url)
    out = tmp_path / "k2.pptx"
    assert main(["report", "--quarter", "2025K2", "--format", "pptx", "--out", str(out), "--site", "Gellerup",
                 "--external"]) == 0
    deck = Presentation(str(out))
    first = deck.slides[0].shapes[0].text_frame.text
    assert first == "Styregruppemøde 2025 K2"
    assert "Gellerup" in capsys.readouterr().out
    assert main(["report", "--quarter", "2019K1", "--format", "pdf", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "Der er ingen data for 2019 K1" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_without_chromium_the_report_says_what_is_missing(demo_frames, monkeypatch):
    from report.images import ReportUnavailable

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    report = build_report(make_selection(demo_frames), NO_COMMENTARY)
    with pytest.raises(ReportUnavailable, match="kræver Chromium"):
        report_files(report)


def test_report_charts_use_danish_numbers(demo_frames):
    report = build_report(make_selection(demo_frames), NO_COMMENTARY)
    for slide in report.slides:
        if slide.figure is not None:
            assert json.loads(slide.figure.to_json())["layout"]["separators"] == ",."



def test_a_native_count_chart_counts_whole_persons():
    from pptx.util import Inches

    from presentation.charts import bars
    from report.native_charts import add_native_chart

    few = bars(pd.DataFrame({"label": ["Job", "Uddannelse"], "n": [3, 1], "hover": ["", ""]}), x="label", y="n",
               hover="hover", title="Få", x_title="", y_title="Borgere")
    many = bars(pd.DataFrame({"label": ["Job", "Uddannelse"], "n": [1200, 40], "hover": ["", ""]}), x="label",
                y="n", hover="hover", title="Mange", x_title="", y_title="Borgere")
    deck = Presentation()
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    small = add_native_chart(slide, few, Inches(1), Inches(1), Inches(6), Inches(4)).chart
    large = add_native_chart(slide, many, Inches(1), Inches(1), Inches(6), Inches(4)).chart
    # PowerPoint put ticks at 0,5 and 1,5 persons; a reader's own locale writes the thousands separator.
    assert small.value_axis.major_unit == 1 and small.value_axis.tick_labels.number_format == "#,##0"
    assert large.value_axis.major_unit is None and large.value_axis.tick_labels.number_format == "#,##0"


def test_no_table_column_of_the_powerpoint_breaks_a_word(report_with_commentary):
    from pptx.util import Pt

    _, files = report_with_commentary
    deck = Presentation(io.BytesIO(files["pptx"]))
    for slide in deck.slides:
        for shape in slide.shapes:
            if not shape.has_table:
                continue
            for column_number, column in enumerate(shape.table.columns):
                cells = [row.cells[column_number] for row in shape.table.rows]
                size = next((run.font.size for cell in cells for paragraph in cell.text_frame.paragraphs
                             for run in paragraph.runs if run.font.size), Pt(13))
                longest = max(len(word) for cell in cells for word in (cell.text.split() or [""]))
                # Half an em a letter is about a proportional font's average: the word must fit on one line.
                assert column.width >= longest * size * 0.5, (slide.shapes.title.text_frame.text, cells[0].text)
