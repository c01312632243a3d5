"""Kommentarer: the project leader's summary of the quarter and explanations of the figures."""

import pandas as pd
import streamlit as st

from data_access.commentary import (
    MAX_LENGTH,
    SUMMARY,
    CommentaryRefused,
    commentary_history,
    commentary_in_force,
    save_commentary,
)
from data_access.publication import publications
from metrics.quarters import quarter_label, shift_quarter
from metrics.registry import INDICATORS, TOPICS
from presentation.format import CHOOSE, DANISH_TIME, format_local_date, plain_markdown
from presentation.topics import SUMMARY_LABEL
from ui.auth import flash, require_role, start_task_page
from ui.filters import current_view
from ui.widgets import show_table

engine, account = start_task_page("pages/kommentarer.py", "Kommentarer", "uploader")
st.write(
    "Skriv kvartalets sammenfatning og forklar de tal, styregruppen bør forstå, fx hvorfor antallet i "
    "virksomhedspraktik faldt. Teksterne står ved tallene på siderne, i præsentationen og i rapporten. "
    "Skriv aldrig navne eller CPR-numre."
)
view = current_view()
sites = view.site_names_by_id
if not sites or view.quarter is None:
    st.info("Vælg mindst ét sted med data i filtrene til venstre.")
    st.stop()
site_column, quarter_column = st.columns(2)
site_id = site_column.selectbox("Sted", list(sites), format_func=sites.get, key="commentary_site", placeholder=CHOOSE)
quarters = view.frames.quarters() + [shift_quarter(view.frames.quarters()[-1], 1)]
quarter = quarter_column.selectbox("Kvartal", quarters, index=quarters.index(view.quarter), format_func=quarter_label,
                                   key="commentary_quarter", placeholder=CHOOSE)

published = publications(engine)
project_id = int(view.frames.sites.set_index("site_id").loc[site_id, "project_id"])
published = published[(published["project_id"] == project_id) & (published["quarter"] == quarter)]
if len(published):
    st.info(plain_markdown(
        f"{quarter_label(quarter)} er forelagt styregruppen den "
        f"{format_local_date(published['published_at'].iloc[0])}. "
        "Styregruppen ser teksterne, som de var da; nye tekster kommer med, når kvartalet offentliggøres igen under "
        "Forelæg for styregruppen."), icon=":material/verified:")
current = commentary_in_force(engine, [site_id], quarter)
texts = dict(zip(current["subject"], current["text"], strict=True))
labels = {SUMMARY: SUMMARY_LABEL} | {key: indicator.label for key, indicator in INDICATORS.items()}
with st.form(f"commentary_{site_id}_{quarter}"):
    written = {SUMMARY: st.text_area(SUMMARY_LABEL, texts.get(SUMMARY, ""), max_chars=MAX_LENGTH, height=140,
                                     help="Står øverst på Overblik og på rapportens første side.",
                                     key=f"comment_{site_id}_{quarter}_summary")}
    for topic, title in TOPICS.items():
        st.markdown(f"**{plain_markdown(title)}**")
        for key, indicator in INDICATORS.items():
            if indicator.topic == topic:
                written[key] = st.text_area(indicator.label, texts.get(key, ""), max_chars=MAX_LENGTH, height=80,
                                            help=indicator.definition, key=f"comment_{site_id}_{quarter}_{key}")
    submitted = st.form_submit_button("Gem kommentarer", type="primary", icon=":material/save:")
if submitted:
    require_role("uploader")
    try:
        changed = save_commentary(engine, site_id, quarter, written, account.username, labels)
    except CommentaryRefused as refusal:
        st.error(plain_markdown(str(refusal)), icon=":material/block:")
    else:
        flash(f"{changed} {'tekst' if changed == 1 else 'tekster'} gemt for {sites[site_id]}, "
              f"{quarter_label(quarter)}." if changed else "Ingen ændringer at gemme.")
        st.rerun()

with st.expander("Historik: alle gemte udgaver"):
    history = commentary_history(engine, site_id, quarter)
    if history.empty:
        st.caption("Intet gemt endnu for dette sted og kvartal.")
    else:
        show_table(pd.DataFrame({
            "Gemt": pd.to_datetime(history["created_at"], utc=True).dt.tz_convert(DANISH_TIME)
            .dt.strftime("%d-%m-%Y %H:%M"),
            "Af": history["author"],
            "Emne": [labels.get(None if pd.isna(subject) else subject, subject) for subject in history["subject"]],
            "Tekst": history["text"].where(history["text"] != "", "(slettet)"),
        }), "kommentarhistorik")
