"""Text from data is shown as plain text, never as Markdown: a name holding an image or a link must not make
every reader's browser fetch a URL. Every page and tab, with hostile names in every kind of master data."""

import re

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from data_access.engine import make_engine
from presentation.page_registry import PAGES as REGISTERED
from tests.conftest import signed_in
from tests.test_app import APP, TIMEOUT
from ui.routing import TABS_KEY
from ui.widgets import NUMBERS_SUFFIX

HOSTILE = "![x](http://127.0.0.1:9/beacon.png)"
# Every page a signed-in account sees, except the accessibility statement (fixed text).
PAGES = [page.path for page in REGISTERED if page.path != "pages/tilgaengelighed.py"]
# Elements that show their text as it is, never through Markdown.
PLAIN_ELEMENTS = {"text", "code", "plotly_chart", "arrow_data_frame", "dataframe", "json", "html"}


@pytest.fixture(scope="module")
def hostile_database_url(tmp_path_factory, templates) -> str:
    url = templates.sqlite_copy(tmp_path_factory.mktemp("hostile") / "hostile.db", demo=True)
    engine = make_engine(url)
    with engine.begin() as connection:
        for table, column in (("project", "name"), ("site", "name"), ("outcome_category", "label"),
                              ("benchmark", "label"), ("benchmark", "source"), ("project_target", "label"),
                              ("progression_instrument", "label"),
                              ("user_account", "display_name")):
            connection.execute(text(f"UPDATE {table} SET {column} = {column} || :hostile"), {"hostile": HOSTILE})
        connection.execute(text("UPDATE import_version SET file_name = :name"), {"name": f"{HOSTILE}.xlsx"})
    engine.dispose()
    return url


def markdown_texts(node) -> list[str]:
    """Every string of every element below ``node`` that Streamlit renders through Markdown."""
    found = []
    proto = getattr(node, "proto", None)
    if proto is not None and getattr(node, "type", "") not in PLAIN_ELEMENTS:
        for descriptor, value in proto.ListFields():
            if descriptor.name in ("body", "label", "help", "caption", "placeholder") and isinstance(value, str):
                found.append(value)
    for child in getattr(node, "children", {}).values():
        found.extend(markdown_texts(child))
    return found


# An image or link that Markdown would render: "![" or "](" whose bracket is not escaped.
_ACTIVE = re.compile(r"(?<!\\)!(?<!\\)\[|(?<!\\)\]\(")


def unescaped(texts: list[str]) -> list[str]:
    return [text for text in texts if _ACTIVE.search(text)]


@pytest.mark.walk
@pytest.mark.parametrize("external", [False, True])
def test_no_page_or_tab_renders_a_name_as_markdown(hostile_database_url, monkeypatch, external):
    monkeypatch.setenv("DATABASE_URL", hostile_database_url)
    offending = {}
    seen = set()
    for page in PAGES:
        at = signed_in(AppTest.from_file(APP, default_timeout=TIMEOUT), hostile_database_url)
        if external:
            at.query_params["ekstern"] = "true"
        at.run()
        at.switch_page(page).run()
        assert not at.exception, page
        tabs = [tab.label for tab in at.tabs]
        for tab in tabs or [None]:
            if tab is not None:
                at.session_state[TABS_KEY] = tab
                at.run()
                assert not at.exception, (page, tab)
            # Every chart's numbers, as a reader who opens them sees them (they are built only then).
            for key in [key for key in at.session_state if key.endswith(NUMBERS_SUFFIX)]:
                at.session_state[key] = True
            at.run()
            assert not at.exception, (page, tab, "Tallene i grafen")
            texts = markdown_texts(at._tree)
            if any("beacon" in text for text in texts):
                seen.add(page)
            if bad := unescaped(texts):
                offending[(page, tab)] = bad[:3]
    # The scan does see the names (escaped) where pages show them in text.
    assert {"pages/overblik.py", "pages/delmaal.py"} <= seen, seen
    assert not offending, offending


def test_every_select_box_has_a_danish_placeholder():
    """Without one, an empty select box says "Choose an option" (or "Choose options")."""
    import ast

    from tests.conftest import PROJECT_ROOT

    missing = []
    for path in sorted([*(PROJECT_ROOT / "pages").glob("*.py"), *(PROJECT_ROOT / "ui").glob("*.py")]):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("selectbox", "multiselect") \
                    and "placeholder" not in {keyword.arg for keyword in node.keywords}:
                missing.append(f"{path.name}:{node.lineno}")
    assert not missing
