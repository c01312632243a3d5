"""Importhistorik: every version, what it holds, and rolling back to an earlier one."""

import pandas as pd
import streamlit as st

from data_access.importer import ImportRefused, rollback_to, version_content, version_history
from data_access.workbook.format import SHEETS, load_choices
from data_access.workbook.writer import sheet_rows
from metrics.quarters import quarter_label
from metrics.vocabulary import IMPORT_KINDS, SITE_SEPARATOR
from presentation.format import CHOOSE, DANISH_TIME, as_shown, format_number, plain_markdown
from ui.auth import flash, require_role, start_task_page
from ui.data_cache import warm_kept_figures_in_background
from ui.filters import SITE_KEY
from ui.widgets import show_table

engine, account = start_task_page("pages/historik.py", "Importhistorik", "uploader")
st.write(
    "Hver bekræftet indlæsning er en version. Den nyeste version for et sted og kvartal er den gældende. "
    "Intet slettes: gendanner du en ældre version, gemmes den som en ny version."
)
with engine.connect() as connection:
    choices = load_choices(connection)
history = version_history(engine)
chosen_sites = st.session_state.get(SITE_KEY)
if chosen_sites is not None:
    history = history[history["site_id"].isin(chosen_sites)]
if account.site_id is not None:
    history = history[history["site_id"] == account.site_id]
if history.empty:
    st.info("Der er ingen versioner for de valgte steder.")
    st.stop()

# Fits the main area of a 1280 px screen beside the sidebar: the site by its own name (the project's name is in
# the filter), and where a version came from in one column.
site_names = {site_id: label.split(SITE_SEPARATOR, 1)[-1] for site_id, label in choices["site"].items()}
if len(set(site_names.values())) < len(site_names):  # two projects' sites of one name: say whose
    site_names = choices["site"]
sources = [
    f"Gendanner version {int(restores)}" if not pd.isna(restores) else
    file_name if isinstance(file_name, str) and file_name else IMPORT_KINDS.get(kind, kind)
    for restores, file_name, kind in zip(history["restores_version_id"], history["file_name"], history["kind"],
                                         strict=True)]
table = pd.DataFrame({
    "Version": history["version_id"],
    "Sted": history["site_id"].map(site_names),
    "Kvartal": history["quarter"].map(quarter_label),
    "Gemt": pd.to_datetime(history["created_at"], utc=True).dt.tz_convert(DANISH_TIME).dt.strftime("%d-%m-%Y %H:%M"),
    "Af": history["created_by"],
    "Kilde": sources,
    "Rækker": history["rows_per_sheet"].map(lambda counts: format_number(sum((counts or {}).values()))),
    "Gældende": history["in_force"].map({True: "Ja", False: "Nej"}),
})
show_table(table, "importhistorik", widths={"Sted": 165, "Gemt": 125, "Af": 90, "Kilde": 150})

st.subheader("Se en version")
version_id = st.selectbox(
    "Version", history["version_id"].tolist(), key="history_version",
    format_func=lambda v: f"Version {v}: " + table.loc[history["version_id"] == v, ["Sted", "Kvartal", "Gemt"]]
    .iloc[0].str.cat(sep=", "),
    placeholder=CHOOSE)
chosen = history[history["version_id"] == version_id].iloc[0]
content = version_content(engine, int(version_id))
tabs = st.tabs([f"{sheet.name} ({format_number(len(getattr(content, sheet.part)))})" for sheet in SHEETS])
for tab, sheet in zip(tabs, SHEETS, strict=True):
    with tab:
        rows = sheet_rows(sheet, [content], choices)
        if not rows:
            st.caption("Arket har ingen rækker i denne version.")
            continue
        frame = pd.DataFrame(rows, columns=[column.header for column in sheet.columns])
        show_table(as_shown(frame.drop(columns=["Sted", "Kvartal"])), f"version {version_id} {sheet.name}")

if bool(chosen["in_force"]):
    st.caption("Denne version er den gældende for sit sted og kvartal.")
else:
    st.warning(
        f"Version {version_id} er ikke gældende. Gendanner du den, bliver dens indhold den gældende version for "
        f"{choices['site'][chosen['site_id']]}, {quarter_label(chosen['quarter'])}.",
        icon=":material/history:",
    )
    if st.button(f"Gendan version {version_id}", type="primary"):
        require_role("uploader")
        try:
            new_id = rollback_to(engine, int(version_id), account.username)
        except ImportRefused as refusal:
            st.error(plain_markdown(str(refusal)))
        else:
            warm_kept_figures_in_background()
            flash(f"Version {version_id} er gendannet som ny version {new_id}.")
            st.rerun()
