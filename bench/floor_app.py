"""The framework's floor: a bare Streamlit app whose second page draws one plotly chart.

Served and opened exactly like the dashboard, it shows what Streamlit, the
websocket and plotly.js cost by themselves, so the dashboard's own cost can be
told apart.
"""

import plotly.graph_objects as go
import streamlit as st


def start() -> None:
    st.title("Start")


def chart() -> None:
    st.title("Graf")
    figure = go.Figure()
    for series in range(7):
        figure.add_bar(x=[f"202{year} K{quarter}" for year in range(3, 6) for quarter in range(1, 5)],
                       y=[series + year for year in range(12)], name=f"Gruppe {series}")
    figure.update_layout(barmode="stack", separators=",.")
    st.plotly_chart(figure)


# A menu of page links, as the dashboard's own menu.
pages = [st.Page(start, title="Start", url_path="start", default=True), st.Page(chart, title="Graf", url_path="graf")]
navigation = st.navigation(pages, position="hidden")
with st.sidebar, st.container(key="menu"):
    for page in pages:
        st.page_link(page, label=page.title)
navigation.run()
