"""The benchmark still runs (on a small workbook), and the documentation matches the code."""

import json
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

from data_access.staging import staging_table
from data_access.workbook.format import SHEETS
from presentation.page_registry import ANALYSIS_PAGES
from tests.conftest import PROJECT_ROOT


@pytest.mark.bench
def test_import_benchmark_runs_and_prints_its_figures():
    finished = subprocess.run(
        [sys.executable, "-m", "bench.import_bench", "--rows", "2000", "--repeat", "1"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert finished.returncode == 0, finished.stderr
    figures = [json.loads(line) for line in finished.stdout.splitlines() if line.startswith("{")]
    measures = {figure["measure"]: figure for figure in figures}
    assert {"parse_floor", "isolated_parse", "full_import", "naive_openpyxl_to_sql"} <= set(measures)
    assert measures["full_import"]["rows"] >= 2000
    assert all(measures[name]["seconds"] > 0 for name in ("parse_floor", "isolated_parse", "full_import",
                                                          "naive_openpyxl_to_sql"))
    # Each step of the import is timed, and with one run the steps add up to the whole.
    steps = {figure["step"]: figure["seconds"] for figure in figures if figure["measure"] == "import_step"}
    assert list(steps) == ["checksum", "package_check_and_isolated_parse", "validation", "store_and_compare"]
    assert sum(steps.values()) == pytest.approx(measures["full_import"]["seconds"], rel=0.05, abs=0.01)


def test_readme_documents_every_staging_table_and_field():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        line = next(line for line in readme.splitlines() if f"`{staging_table(sheet)}`" in line)
        assert line.startswith(f"| {sheet.name} |")
        for column in sheet.columns[2:]:
            assert f"`{column.field}`" in line, (sheet.name, column.field)


@pytest.mark.bench
def test_the_whole_benchmark_runs_small_and_reports_every_measure():
    from tests.conftest import postgres_url

    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--postgres-url", postgres_url()],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=900,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    figures = [json.loads(line) for line in finished.stdout.splitlines() if line.startswith("{")]
    measures = {figure["measure"] for figure in figures}
    assert {"parse_floor", "full_import", "full_import_without_foreign_keys", "first_view", "page", "warm",
            "browser_floor", "browser_page",
            "load_single", "load_concurrent", "cold_first_view", "cold", "after_import_first_view", "after_import",
            "memory", "warm_figures", "release_warmed_first_view", "import_warmed_first_view",
            "benchmark_edit_warmed_first_view", "category_edit_warmed_first_view",
            "protocol_alone", "protocol_page_alone", "protocol_together"} <= measures
    # Every tab of every analysis page is timed.
    timed = {figure["page"] for figure in figures if figure["measure"] == "page"}
    assert timed == {url if tab is None else f"{url}: {tab}" for url, page in ANALYSIS_PAGES.items()
                     for tab in page.tabs_or_none}
    assert all(figure["resident_mb"] > 0 for figure in figures if figure["measure"] == "memory")
    pages = {figure["page"] for figure in figures if figure["measure"] == "browser_page"}
    assert pages == set(ANALYSIS_PAGES), "all seven pages against the floor, in one run"
    assert {figure["database"] for figure in figures if figure["measure"] == "page"} == {"postgresql-municipal"}
    assert all(figure["errors"] == 0 for figure in figures if figure["measure"] in
               ("load_concurrent", "protocol_alone", "protocol_together"))
    assert {figure["page"] for figure in figures if figure["measure"] == "protocol_page_alone"} == set(ANALYSIS_PAGES)
    assert "Måling" in finished.stdout  # the readable table follows the JSON lines


@pytest.mark.fast
def test_the_readme_drawing_of_the_house_names_every_folder_and_room():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    drawing = readme[readme.index("## Opbygning"):]
    folders = [path.parent for path in PROJECT_ROOT.glob("*/__init__.py")]
    rooms = [path.parent for path in PROJECT_ROOT.glob("*/*/__init__.py")
             if path.parent.name != "migrations"]
    assert folders and rooms
    for folder in folders + rooms:
        assert f"`{folder.relative_to(PROJECT_ROOT).as_posix()}/`" in drawing, folder
    named = {part.split("/")[0] for part in drawing.split("`") if part.endswith("/") and "/" in part}
    assert named <= {path.name for path in PROJECT_ROOT.iterdir() if path.is_dir()}, named


@pytest.mark.fast
def test_the_readme_and_the_accessibility_statement_list_every_english_text_left():
    from ui.widgets import FRAMEWORK_ENGLISH

    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for english, when in FRAMEWORK_ENGLISH.items():
        assert f"| {english} | {when} |" in readme, english
    statement = AppTest.from_file(str(PROJECT_ROOT / "pages" / "tilgaengelighed.py")).run()
    shown = " ".join(block.proto.body for block in statement.get("html"))
    for english in FRAMEWORK_ENGLISH:
        assert f'<span lang="en">{english}</span>' in shown, english
