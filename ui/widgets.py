"""Streamlit widgets every page draws the same way: a key figure, and a table with safe downloads."""

import json
import threading
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.media_file_storage import MediaFileKind

from data_access.accounts.audit_log import record
from data_access.settings import DOWNLOAD_ADDRESS_SECONDS
from data_access.table_export import table_csv, table_xlsx
from data_access.workbook.reader import MAX_FILE_BYTES
from presentation.charts import chart_alt_text, chart_finding, chart_numbers
from presentation.format import CHOOSE, file_name_of, plain_markdown
from presentation.sections import (
    FINDING,
    Box,
    Cards,
    Chart,
    Line,
    Metric,
    Page,
    Pick,
    Section,
    Side,
    Stack,
    Table,
    shown_blocks,
)
from presentation.topics import Card
from ui.routing import TABS_KEY
from ui.session import session_guard

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# The app's few style rules. Captions dark enough to read; the menu's section names small. A key figure's
# label, value and change wrap instead of ending in "…" (a project's own delmål are worded in full sentences).
# On a tablet (a narrow screen or no mouse) a button's keyboard hint gives its room to the button's word. The file
# uploader's own texts are English ("Upload", "20MB per file • XLSX") and cannot be set: they are drawn in Danish.
UPLOADER = "[data-testid='stFileUploaderDropzone']"
# Captions carry the n of every share: Streamlit fades its grey to #797f85, 4.0:1 on white; this is 6.9:1 on white
# and 6.2:1 on the sidebar (WCAG 1.4.3 asks 4.5:1). A button's keyboard shortcut is drawn in the same grey.
CAPTION_COLOUR = "#4F5B66"
MENU_KEY = "menu"  # its container's class is st-key-menu
# Narrower than this (a tablet, a small laptop window) the menu folds away after use and key hints are not drawn.
NARROW_SCREEN = 1100
# A row of key figures (no chart beside them): on a tablet, or beside an open menu, two to a row rather than three
# squeezed ones.
CARD_ROW = ("[data-testid='stHorizontalBlock']:has(> [data-testid='stColumn'] [data-testid='stMetric'])"
            ":not(:has([data-testid='stPlotlyChart']))")
APP_STYLE = f"""<style>
[data-testid='stCaptionContainer'], button:enabled kbd {{color: {CAPTION_COLOUR}; opacity: 1 !important}}
.st-key-{MENU_KEY} h5 {{font-size: 0.875rem; font-weight: 600; padding: 0.75rem 0 0.25rem; margin: 0}}
[data-testid='stMetricLabel'] div, [data-testid='stMetricLabel'] p, [data-testid='stMetricValue'] p,
[data-testid='stMetricDelta'] p, [data-testid='stMetricDeltaDescription'], [data-testid='stMetricDeltaDescription'] p
  {{white-space: normal !important; overflow: visible !important; text-overflow: clip !important}}
[data-testid='stMainBlockContainer'] {{container-type: inline-size}}
@container (max-width: 760px) {{
  {CARD_ROW} {{flex-wrap: wrap}}
  {CARD_ROW} > [data-testid='stColumn']
    {{min-width: calc(50% - 0.5rem) !important; flex: 0 1 calc(50% - 0.5rem) !important}}
}}
@container (max-width: 760px) {{
  [data-testid='stHorizontalBlock']:has([data-testid='stPlotlyChart']) > [data-testid='stColumn']
    {{min-width: 100% !important}}
}}
@media (max-width: {NARROW_SCREEN - 1}px), (hover: none) {{button kbd {{display: none !important}}}}
{UPLOADER} button p, [data-testid='stFileUploaderDropzoneInstructions'] span {{font-size: 0}}
{UPLOADER} button p::after {{content: "Vælg fil"; font-size: 0.875rem}}
[data-testid='stFileUploaderDropzoneInstructions'] span::after
  {{content: "eller træk den hertil · højst {MAX_FILE_BYTES // (1024 * 1024)} MB"; font-size: 0.875rem}}
</style>"""


def show_menu(sections: dict[str, list]) -> None:
    """The page menu in the sidebar: each section's name as a heading, then its pages as links."""
    with st.sidebar, st.container(key=MENU_KEY):
        for section, pages in sections.items():
            st.markdown(f"##### {section}")
            for page in pages:
                st.page_link(page, label=page.title)


NUMBERS_SUFFIX = "_numbers"  # the key of a chart's numbers table: the chart's key and this


def show_chart(figure, key: str, where=st, numbers_table: bool = True, finding: str | None = None,
               **options) -> None:
    """A chart with its text alternative: its finding (its title, or ``finding`` where the title stands above
    it, as on a slide) as the chart's accessible name, and every value it draws in a table under it (folded
    away) that a screen reader reaches. Without the table (a slide that must fit the screen), the accessible
    name says the values too.

    The table is built when the reader opens it (the expander reruns the page): built for every chart on
    every page view, it was a fifth of the server's work per view."""
    where.plotly_chart(figure, key=key, alt=chart_alt_text(figure, finding) if not numbers_table
                       else finding or chart_finding(figure), **options)
    if numbers_table and figure.data:
        numbers = where.expander("Tallene i grafen", key=f"{key}{NUMBERS_SUFFIX}", on_change="rerun")
        if numbers.open:
            with numbers:
                values = chart_numbers(figure)
                if values.empty:
                    st.caption("Grafen viser ingen tal for dette udsnit.")
                else:
                    st.table(values.map(plain_markdown), hide_index=True,
                             alt=f"Tallene i grafen: {chart_finding(figure)}")


# The English names Streamlit and plotly give their own controls (a screen reader reads them, a tooltip shows
# them), in Danish. The page's observer (DANISH_PAGE) renames them as Streamlit draws them on every run.
DANISH_NAMES = {
    "Sidebar": "Sidepanel", "Collapse sidebar": "Skjul sidepanelet", "Expand sidebar": "Vis sidepanelet",
    "Skip to main content": "Gå til hovedindholdet", "Link to heading": "Link til overskriften",
    "Open": "Åbn listen", "Close": "Luk", "Clear all": "Ryd alle", "Clear": "Ryd", "Remove": "Fjern",
    "Show password": "Vis adgangskode", "Hide password": "Skjul adgangskode",
    "Fullscreen": "Fuld skærm", "Close fullscreen": "Luk fuld skærm", "Exit fullscreen": "Luk fuld skærm",
    "Search": "Søg", "Show/hide columns": "Vis eller skjul kolonner", "Download as CSV": "Hent som CSV",
    "file upload": "Vælg fil", "Upload": "Vælg fil", "No results": "Ingen resultater",
    "Reset view": "Nulstil visningen", "Reset axes": "Nulstil akserne", "Autoscale": "Tilpas akserne",
    "Download plot as a png": "Hent grafen som billede", "Zoom in": "Zoom ind", "Zoom out": "Zoom ud",
    "Pan": "Panorer", "Box Select": "Vælg med rektangel", "Lasso Select": "Vælg frit",
    "Sort ascending": "Sortér stigende", "Sort descending": "Sortér faldende", "Pin column": "Fastgør kolonnen",
    "Unpin column": "Frigør kolonnen", "Hide column": "Skjul kolonnen", "Autosize": "Tilpas bredden",
}
DANISH_PREFIXES = {"Help for ": "Hjælp til ", "Remove ": "Fjern "}
# What stays English because no app reaches it; the README and the accessibility statement list it, and a browser
# test finds nothing else on any page or tab.
FRAMEWORK_ENGLISH = {
    "You need to enable JavaScript to run this app.": "kun når browseren har slået JavaScript fra",
    "Connection error": "Streamlits besked, når forbindelsen til serveren er afbrudt",
    "Please wait...": "mens forbindelsen til serveren genoprettes",
}
DANISH_PAGE = f"""
const names = {json.dumps(DANISH_NAMES, ensure_ascii=False)};
const prefixes = {json.dumps(DANISH_PREFIXES, ensure_ascii=False)};
const upload = "Vælg fil (.xlsx, højst {MAX_FILE_BYTES // (1024 * 1024)} MB)";
const danish = text => {{
  const key = (text || "").trim();
  if (Object.hasOwn(names, key)) return names[key];
  for (const [english, own] of Object.entries(prefixes))
    if (key.startsWith(english)) return own + key.slice(english.length);
  return null;
}};
const rename = () => {{
  for (const element of document.querySelectorAll("[aria-label], [title], [data-title]"))
    for (const attribute of ["aria-label", "title", "data-title"]) {{
      const own = danish(element.getAttribute(attribute));
      if (own) element.setAttribute(attribute, own);
    }}
  // Framework text on screen (the skip link, tooltips), never the pages' own text.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {{
    const node = walker.currentNode, own = danish(node.textContent);
    if (own && !node.parentElement.closest("[data-testid='stMarkdownContainer']")) node.textContent = own;
  }}
  // A Material icon is a word drawn as a picture ("visibility", "arrow_back"): not read out.
  for (const icon of document.querySelectorAll("[data-testid='stIconMaterial']:not([aria-hidden])"))
    icon.setAttribute("aria-hidden", "true");
  // The uploader's button and hint are drawn in Danish by APP_STYLE; their names say the same.
  for (const button of document.querySelectorAll("{UPLOADER} button"))
    if (button.getAttribute("aria-label") !== upload) button.setAttribute("aria-label", upload);
  for (const hint of document.querySelectorAll("[data-testid='stFileUploaderDropzoneInstructions']"))
    hint.setAttribute("aria-hidden", "true");
}};
// A tablet (or a narrow window) keeps the menu out of the way, as a phone does: folded after a page is chosen
// from it, and on Præsentation, the meeting-room screen, once each time the page is opened.
const narrow = () => window.innerWidth < {NARROW_SCREEN};
const foldMenu = () => {{
  const fold = document.querySelector("[data-testid='stSidebarCollapseButton'] button[aria-expanded='true']");
  if (fold) fold.click();
  return Boolean(document.querySelector("[data-testid='stSidebarCollapseButton'] button"));
}};
document.addEventListener("click", event => {{
  if (narrow() && event.target.closest(".st-key-{MENU_KEY} a")) setTimeout(foldMenu, 300);
}}, true);
let foldedPath = null;
const foldOnPresentation = () => {{
  // Until the menu is there (after signing in) and folded once on this visit of the page.
  if (location.pathname === foldedPath) return;
  if (!location.pathname.endsWith("/praesentation")) {{ foldedPath = location.pathname; return; }}
  if (!narrow() || foldMenu()) foldedPath = location.pathname;
}};
let pending = false;
new MutationObserver(() => {{
  if (pending) return;
  pending = true;
  requestAnimationFrame(() => {{ pending = false; rename(); foldOnPresentation(); }});
}}).observe(document.body, {{childList: true, subtree: true, characterData: true, attributes: true,
                            attributeFilter: ["aria-label", "title", "data-title"]}});
rename();
foldOnPresentation();
"""
LANGUAGE_AND_NAMES = f"""<script>
parent.document.documentElement.lang = "da";
if (!parent.document.getElementById("danish-page")) {{
  const script = parent.document.createElement("script");
  script.id = "danish-page";
  script.textContent = {json.dumps(DANISH_PAGE)};
  parent.document.head.appendChild(script);
}}
</script>"""


def use_app_style() -> None:
    st.html(APP_STYLE)
    # The page is Danish, but Streamlit's page says lang="en", so a screen reader would read Danish with English
    # pronunciation (WCAG 3.1.1). The app cannot set it otherwise: a script in a frame of the app's own origin does,
    # and puts the observer that gives Streamlit's own controls Danish names (DANISH_PAGE) in the page once.
    st.iframe(LANGUAGE_AND_NAMES, height=1, tab_index=-1, alt="Sætter sidens sprog til dansk")


def show_card(card: Card) -> None:
    st.metric(plain_markdown(card.label), card.value, delta=card.delta, delta_color=card.delta_colour,
              delta_description=card.delta_description if card.delta else None,
              help=plain_markdown(card.help) if card.help else None, border=True)
    if card.detail:
        st.caption(plain_markdown(card.detail))


def show_cards(cards: list[Card], per_row: int = 3) -> None:
    """Cards side by side, at most ``per_row`` to a row: three stay readable on a 1280 px projector."""
    if per_row == 1:  # one under the other, in the column they are in
        for card in cards:
            show_card(card)
        return
    for start in range(0, len(cards), per_row):
        row = cards[start:start + per_row]
        for column, card in zip(st.columns(per_row if len(cards) > per_row else len(row)), row, strict=False):
            with column:
                show_card(card)


class DownloadRefused(Exception):
    """A download clicked after the session ended, the account was deactivated or lost the role."""


def one_time_download_links() -> None:
    """A downloaded file's address dies with the download: Streamlit keeps a built download in its media store for
    as long as a session refers to it, and serves it to anybody with the address, session or not. Files here hold
    person-level or current data, so a file leaves the store a few seconds after it was first fetched (the
    browser's download manager may fetch it again at once); every click builds the file anew.

    Streamlit has no setting for this; the process's media store is wrapped once (it is private API, checked by a
    browser test against the pinned Streamlit version)."""
    if not Runtime.exists():
        return  # AppTest: no server, nothing served
    storage = Runtime.instance().media_file_mgr._storage
    if getattr(storage, "_serves_downloads_once", False):
        return
    serve, address_of = storage.get_file, storage.get_url
    # Making the address reads the file too (for its type): only a read for the /media route serves it.
    making_address = threading.local()

    def get_url(file_id: str) -> str:
        making_address.now = True
        try:
            return address_of(file_id)
        finally:
            making_address.now = False

    fetched: set[str] = set()
    fetched_lock = threading.Lock()

    def forget(file_id: str) -> None:
        with fetched_lock:
            fetched.discard(file_id)
        storage.delete_file(file_id)  # nothing happens if Streamlit's own clean-up removed it already

    def get_file_once(filename: str):
        media_file = serve(filename)
        file_id = Path(filename).stem
        if media_file.kind == MediaFileKind.DOWNLOADABLE and not getattr(making_address, "now", False):
            with fetched_lock:
                first = file_id not in fetched
                fetched.add(file_id)
            if first:
                timer = threading.Timer(DOWNLOAD_ADDRESS_SECONDS, forget, (file_id,))
                timer.daemon = True
                timer.start()
        return media_file

    storage.get_file, storage.get_url = get_file_once, get_url
    storage._serves_downloads_once = True


def download(container, label: str, build: Callable[[], bytes], what: str, role: str = "viewer", **options) -> None:
    """A download button whose file is built when clicked, and only while the session is valid at that moment.

    The click also reruns the page, so a session that has timed out or an account that was deactivated
    meanwhile lands on the sign-in page with the reason, and no file. An account that must choose a new password
    (an administrator set one) gets no file either. ``what`` goes to the audit log. The file's address serves it
    once (``one_time_download_links``).
    """
    guard = session_guard()

    def data() -> bytes:
        account = guard.account(role)
        # A password set by an administrator: no file until the user has chosen their own (the open session may
        # be an intruder's, which is why the password was reset).
        if account is None or account.must_change_password:
            record(guard.engine, "(udløbet eller deaktiveret session)", "export_refused", what)
            raise DownloadRefused(what)
        guard.touch()
        record(guard.engine, account.username, "export", what)
        return build()

    container.download_button(label, data=data, on_click="rerun", **options)


def show_table(frame: pd.DataFrame, name: str, widths: dict[str, int] | None = None) -> None:
    """The table as shown, and the same table as Excel and CSV (Streamlit's own CSV export is switched off:
    it does not guard against formula injection). ``widths``: pixels for columns Streamlit would size by
    their short header and so cut their values."""
    st.dataframe(frame, hide_index=True, column_config={
        column: st.column_config.TextColumn(width=width) for column, width in (widths or {}).items()
        if column in frame})
    file_name = file_name_of(name)
    buttons = st.container(horizontal=True)
    download(buttons, "Excel", lambda: table_xlsx(frame, name), f"tabel {name} (.xlsx)",
             file_name=f"{file_name}.xlsx", mime=XLSX_MIME, icon=":material/download:",
             key=f"table_xlsx_{file_name}", type="tertiary")
    download(buttons, "CSV", lambda: table_csv(frame), f"tabel {name} (.csv)",
             file_name=f"{file_name}.csv", mime="text/csv", icon=":material/download:",
             key=f"table_csv_{file_name}", type="tertiary")


def show_table_per_project(frame: pd.DataFrame, name: str, widths: dict[str, int] | None = None) -> None:
    """A table with a "Projekt" column as one table per project under its name: without the column the
    table fits a 1280 px screen."""
    if frame["Projekt"].nunique() <= 1:
        show_table(frame.drop(columns="Projekt"), name, widths)
        return
    for project, part in frame.groupby("Projekt", sort=False):
        st.markdown(f"**{plain_markdown(project)}**")
        show_table(part.drop(columns="Projekt"), f"{name} {project}", widths)


def show_tabs(sections: dict[str, Callable[[], None]]) -> None:
    """One tab per section, of which only the open one is drawn; the open tab is part of the link.

    Each chart costs the browser about 0.1 s to draw: a page drawing all of its charts at once took two to
    four times as long to appear as a page with one chart.
    """
    tabs = st.tabs(list(sections), key=TABS_KEY, on_change="rerun", bind="query-params")
    for tab, draw in zip(tabs, sections.values(), strict=True):
        with tab:
            if tab.open:
                draw()


def _bold(text: str, icon: str | None) -> None:
    st.markdown(f"**{text}**")


# Each kind of line: how it is drawn, and a box's icon unless the line names its own.
LINES = {FINDING: (_bold, None), "subheading": (_bold, None),
         "caption": (lambda text, icon: st.caption(text), None), "text": (lambda text, icon: st.markdown(text), None),
         "heading": (lambda text, icon: st.subheader(text), None),
         "info": (st.info, ":material/info:"), "hidden": (st.info, ":material/visibility_off:"),
         "warning": (st.warning, ":material/warning:"), "good": (st.success, ":material/trending_up:"),
         "worrying": (st.warning, ":material/trending_down:"), "success": (st.success, ":material/check_circle:"),
         "error": (st.error, ":material/cancel:")}


def show_blocks(blocks) -> None:
    for block in blocks:
        if isinstance(block, Side):
            for column, inner in zip(st.columns(block.widths or len(block.blocks)), block.blocks, strict=True):
                with column:
                    show_blocks((inner,))
        elif isinstance(block, Stack):
            show_blocks(block.blocks)
        elif isinstance(block, Cards):
            show_cards(block.cards, block.per_row)
        elif isinstance(block, Chart):
            show_chart(block.figure, key=block.key)
        elif isinstance(block, Table):
            if not block.on_page:
                continue
            if block.heading:
                st.markdown(f"**{plain_markdown(block.heading)}**")
            (show_table_per_project if block.per_project else show_table)(block.frame, block.name, block.widths)
        elif isinstance(block, Line):
            if block.on_page:
                draw, icon = LINES[block.kind]
                draw(plain_markdown(block.text), icon=block.icon or icon)
        elif isinstance(block, Box):
            with st.container(border=True):
                st.markdown(f"**{plain_markdown(block.heading)}**")
                show_blocks(block.blocks)
        elif isinstance(block, Metric):
            st.metric(plain_markdown(block.label), block.value, help=block.help)
        elif isinstance(block, Pick):
            chosen = st.selectbox(block.label, list(block.options), format_func=block.options.get, key=block.key,
                                  placeholder=CHOOSE)
            if chosen is not None:
                show_blocks(block.blocks(chosen))
        else:
            raise TypeError(f"no way to show {type(block).__name__}")


def show_section(section: Section) -> None:
    """A topic's section as its slide says it: its blocks, or why there is nothing to show."""
    show_blocks(shown_blocks(section))


def show_page(view, page: Page) -> None:
    """An analysis page as its topic describes it: the sections above its tabs, then its tabs, each section built
    only when its tab is open."""
    for build in page.above:
        show_section(build(view))
    if page.tabs:
        show_tabs({tab: lambda build=build: show_section(build(view)) for tab, build in page.tabs.items()})
