"""Streamlit widgets every page draws the same way: a key figure, and a table with safe downloads."""

import re
from collections.abc import Callable

import pandas as pd
import streamlit as st

from data_access.accounts import record
from data_access.table_export import table_csv, table_xlsx
from ui.context import TABS_KEY, current_account, get_engine
from ui.topics import Card

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show_card(card: Card) -> None:
    st.metric(card.label, card.value, delta=card.delta, delta_color=card.delta_colour,
              delta_description=card.delta_description if card.delta else None, help=card.help, border=True)
    if card.detail:
        st.caption(card.detail)


def _logged(what: str, build):
    def data() -> bytes:
        account = current_account()
        record(get_engine(), account.username if account else "ukendt", "export", what)
        return build()
    return data


def show_table(frame: pd.DataFrame, name: str) -> None:
    """The table as shown, and the same table as Excel and CSV (Streamlit's own CSV export is switched off:
    it does not guard against formula injection)."""
    st.dataframe(frame, hide_index=True)
    file_name = re.sub(r"[^a-z0-9_-]+", "-", name.lower()).strip("-") or "tabel"
    buttons = st.container(horizontal=True)
    buttons.download_button("Excel", data=_logged(f"tabel {name} (.xlsx)", lambda: table_xlsx(frame, name)),
                          file_name=f"{file_name}.xlsx", mime=XLSX_MIME, icon=":material/download:",
                          on_click="ignore", key=f"table_xlsx_{file_name}", type="tertiary")
    buttons.download_button("CSV", data=_logged(f"tabel {name} (.csv)", lambda: table_csv(frame)),
                         file_name=f"{file_name}.csv", mime="text/csv", icon=":material/download:",
                         on_click="ignore", key=f"table_csv_{file_name}", type="tertiary")


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
