"""Forelæg for styregruppen: publish a prepared quarter, and see what was presented and corrected since."""

import pandas as pd
import streamlit as st

from data_access.publication import (
    PublicationRefused,
    corrections,
    publications,
    publish,
    publishable_quarters,
)
from metrics.quarters import quarter_label
from ui.auth import flash, require_role, start_task_page
from ui.data_cache import LATEST_DATA, reference_frames, warm_kept_figures_in_background
from ui.format import CHOOSE, format_local_date, format_number, plain_markdown
from ui.widgets import show_table

engine, account = start_task_page("pages/forelaeggelse.py", "Forelæg for styregruppen", "uploader")
st.write("Når kvartalets indberetninger er rettet, og kommentarerne er skrevet, offentliggør du kvartalet. "
         "Styregruppen ser derefter kvartalet, som det var på det tidspunkt, også selv om data rettes senere: "
         f"en rettelse vises med dato ved siden af tallene (og under «{LATEST_DATA}»).")
sites = reference_frames().sites
if account.site_id is not None:
    sites = sites[sites["project_id"] == sites.loc[sites["site_id"] == account.site_id, "project_id"].iloc[0]]
projects = dict(zip(sites["project_id"], sites["project_name"], strict=False))
if not projects:
    st.info("Der er endnu ingen projekter.")
    st.stop()

left, right = st.columns(2)
project_id = left.selectbox("Projekt", list(projects), format_func=projects.get, key="publish_project",
                            placeholder=CHOOSE)
quarters = publishable_quarters(engine, project_id)
if not quarters:
    st.info("Projektet har intet kvartal, som alle dets steder har indberettet.")
    st.stop()
quarter = right.selectbox("Kvartal", quarters, format_func=quarter_label, key="publish_quarter",
                          help="Kun kvartaler, som alle projektets steder har indberettet.", placeholder=CHOOSE)
if st.button(f"Offentliggør {quarter_label(quarter)} for styregruppen", type="primary", icon=":material/verified:"):
    require_role("uploader")
    try:
        publish(engine, project_id, quarter, account.username)
    except PublicationRefused as refusal:
        st.error(plain_markdown(str(refusal)), icon=":material/block:")
    else:
        warm_kept_figures_in_background()  # a large programme's published figures are kept there
        flash(f"{projects[project_id]} {quarter_label(quarter)} er offentliggjort for styregruppen.")
        st.rerun()

published = publications(engine)
published = published[published["project_id"].isin(projects)]
if published.empty:
    st.caption("Intet kvartal er offentliggjort endnu.")
    st.stop()
st.subheader("Offentliggjorte kvartaler")
show_table(pd.DataFrame({
    "Projekt": published["project_name"],
    "Kvartal": published["quarter"].map(quarter_label),
    "Offentliggjort": published["published_at"].map(format_local_date),
    "Af": published["published_by"],
    "Rettet siden": [format_number(len(corrections(engine, [publication_id])))
                     for publication_id in published["publication_id"]],
}), "offentliggjorte kvartaler")
