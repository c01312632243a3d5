"""Data: template, upload of a quarterly return with check and preview, and confirmation."""

import hashlib
from datetime import date

import pandas as pd
import streamlit as st

from data_access.extract import analysis_extract
from data_access.importer import confirm_preview, export_bytes, import_workbook, template_bytes
from data_access.workbook.format import load_choices
from data_access.workbook.reader import MAX_FILE_BYTES
from metrics.overview import key_figures_before_after
from metrics.quarters import quarter_label, quarter_of, quarter_range, shift_quarter
from presentation.format import CHOOSE, format_number, format_signed, plain_markdown, versions_phrase
from ui.auth import flash, require_role, start_task_page
from ui.data_cache import quarters_with_data, warm_kept_figures_in_background
from ui.server_guard import upload_field
from ui.widgets import XLSX_MIME, download, show_table

PREVIEW_KEY = "import_preview"
UPLOAD_ROUND_KEY = "upload_round"

engine, account = start_task_page("pages/data.py", "Data og import", "uploader")
st.subheader("1. Hent skabelonen")
st.write(
    "Skabelonen har ét ark pr. emne, rullelister med dashboardets egne kategorier og en vejledning. "
    "Vil du bygge videre på sidste kvartal, så hent de gældende data i samme format og ret kvartalet."
)
left, right = st.columns(2)

download(left, "Hent tom skabelon (.xlsx)", lambda: template_bytes(engine), "tom skabelon", role="uploader",
         file_name="kvartalsindberetning.xlsx", mime=XLSX_MIME, icon=":material/download:")
download(right, "Hent gældende data (.xlsx)", lambda: export_bytes(engine),
         "gældende data (alle steder og kvartaler)", role="uploader",
         file_name="gaeldende-data.xlsx", mime=XLSX_MIME, icon=":material/download:",
         disabled=account.site_id is not None, help="Kun for konti med adgang til alle steder."
         if account.site_id is not None else None)
download(
    st, "Hent analyseudtræk til evaluatorer (.zip)",
    lambda: analysis_extract(engine, None if account.site_id is None else [account.site_id]),
    "analyseudtræk til evaluatorer", role="uploader",
    file_name="analyseudtraek.zip", mime="application/zip", icon=":material/folder_zip:",
    help="Pseudonymiseret: nye id'er i hvert udtræk, CSV-filer, de samme tabeller i ét Excel-regneark og en "
         "kodebog, der forklarer hver kolonne og kode. Stadig personoplysninger: må kun gives videre efter en "
         "databehandleraftale.",
)

st.subheader("2. Indlæs kvartalsindberetningen")
with engine.connect() as connection:
    sites = {site_id: label for site_id, label in load_choices(connection)["site"].items()
             if account.site_id in (None, site_id)}
if not sites:
    st.info("Der er endnu ingen projekter og steder. En administrator opretter dem under Stamdata og opsætning; "
            "hent derefter skabelonen her igen, så har rullelisterne stederne og kategorierne.")
    if account.may("admin"):
        st.page_link("pages/stamdata.py", label="Gå til Stamdata og opsætning", icon=":material/tune:")
    st.stop()
# Offered: the quarters up to the one running now, never one that has not begun (the import refuses it too); the
# one after the latest with data is preselected (in a new installation the one that ended last).
current = quarter_of(date.today())
latest = (quarters_with_data(list(sites)) or [shift_quarter(current, -2)])[-1]
proposed = min(shift_quarter(latest, 1), current)
quarters = quarter_range(shift_quarter(proposed, -8), current)
# "Som i filen": the file's own Sted and Kvartal columns decide, so a file with several sites or quarters (such
# as the export of the data in force) goes in whole. An account for one site always imports that site only.
AS_IN_FILE = None
site_column, quarter_column = st.columns(2)
site_id = site_column.selectbox(
    "Sted", [*sites] if account.site_id is not None else [*sites, AS_IN_FILE], key="upload_site",
    format_func=lambda site: "Som i filen (kolonnen Sted)" if site is AS_IN_FILE else sites[site], placeholder=CHOOSE)
quarter = quarter_column.selectbox(
    "Kvartal", [*quarters, AS_IN_FILE], index=quarters.index(proposed), key="upload_quarter",
    format_func=lambda chosen: "Som i filen (kolonnen Kvartal)" if chosen is AS_IN_FILE else quarter_label(chosen),
    placeholder=CHOOSE)
upload = upload_field(
    "Vælg regnearket (.xlsx)", type=["xlsx"], max_upload_size=MAX_FILE_BYTES // (1024 * 1024),
    key=f"upload_file_{st.session_state.get(UPLOAD_ROUND_KEY, 0)}",
    help="Filen kontrolleres, før noget gemmes. Alle fejl vises på én gang.",
)
if upload is None:
    st.caption("Intet gemmes, før du har set forhåndsvisningen og bekræftet.")
    st.stop()

content = upload.getvalue()
request = (hashlib.sha256(content).hexdigest(), site_id, quarter)
preview = st.session_state.get(PREVIEW_KEY)
if preview is None or preview[0] != request:
    with st.status("Kontrollerer filen …", expanded=True) as status:
        report = import_workbook(engine, content, file_name=upload.name, created_by=account.username,
                                 site_id=site_id, quarter=quarter, commit=False, on_step=st.write)
        status.update(label="Kontrol færdig", state="complete" if report.ok else "error", expanded=False)
    st.session_state[PREVIEW_KEY] = (request, report)
report = st.session_state[PREVIEW_KEY][1]

if report.errors:
    st.error(
        f"Filen er afvist: {format_number(len(report.errors))} fejl. Intet er gemt. Ret fejlene i regnearket og "
        "indlæs det igen.", icon=":material/block:",
    )
    # A problem with the whole file is said in full (a table's cell cut "... Vil du t" at 1280 pixels); the
    # rows' problems, which may be many, go in a table naming sheet, row and column.
    for problem in (p for p in report.errors if not p.location):
        st.markdown(plain_markdown(problem.message))
    if located := [p for p in report.errors if p.location]:
        show_table(pd.DataFrame({"Hvor": [p.location for p in located], "Fejl": [p.message for p in located]}),
                   "fejl i filen")
for problem in report.warnings:
    st.warning(plain_markdown(problem.text()), icon=":material/warning:")
if not report.ok:
    st.stop()

st.success("Filen er kontrolleret uden fejl. Se hvad der ændres, og bekræft.", icon=":material/check_circle:")
st.subheader("3. Forhåndsvisning")
rows_column, people_column = st.columns(2)
with rows_column:
    st.markdown("**Rækker pr. ark**")
    show_table(pd.DataFrame({"Ark": list(report.rows_per_sheet),
                             "Rækker": [format_number(n) for n in report.rows_per_sheet.values()]}), "rækker pr. ark")
with people_column:
    if len(report.person_changes) > 1:
        st.markdown(f"**Filen har {format_number(len(report.person_changes))} steder og kvartaler; borgere "
                    "sammenlignet med det gældende**")
        show_table(pd.DataFrame({
            "Sted og kvartal": [changes.scope for changes in report.person_changes],
            "Nye": [format_number(len(changes.new)) for changes in report.person_changes],
            "Ændrede": [format_number(len(changes.changed)) for changes in report.person_changes],
            "Udgået": [format_number(len(changes.gone)) for changes in report.person_changes],
        }), "borgere pr. sted og kvartal")
    else:
        changes = report.person_changes[0]
        st.markdown(f"**Borgere i filen sammenlignet med {plain_markdown(changes.compared_with)}**")
        new, changed, gone = st.columns(3)
        new.metric("Nye", format_number(len(changes.new)))
        changed.metric("Ændrede", format_number(len(changes.changed)))
        gone.metric("Udgået", format_number(len(changes.gone)))
        if changes.gone:
            st.caption(plain_markdown("Udgået (står ikke længere i filen): " + ", ".join(changes.gone[:30])
                                      + (" …" if len(changes.gone) > 30 else "")))
if preview := report.preview:
    st.markdown(f"**Nøgletal: {plain_markdown(preview.compared_text)} og efter indlæsning af filen**")
    figures = key_figures_before_after(preview.before, preview.after, preview.quarter, preview.compared)
    show_table(
        pd.DataFrame({
            "Nøgletal": figures["label"],
            f"Nu ({preview.compared_text})": [
                format_number(v, d) for v, d in zip(figures["before"], figures["decimals"], strict=True)
            ],
            f"Med filen ({report.scopes[0].rsplit(', ', 1)[-1]})": [
                format_number(v, d) for v, d in zip(figures["after"], figures["decimals"], strict=True)
            ],
            "Ændring": [
                format_signed(a - b, d) if pd.notna(a) and pd.notna(b) else "–"
                for a, b, d in zip(figures["after"], figures["before"], figures["decimals"], strict=True)
            ],
        }),
        "nøgletal før og efter",
    )

if st.button("Bekræft og gem som ny version", type="primary", icon=":material/save:"):
    require_role("uploader")
    with st.status("Gemmer …", expanded=True) as status:
        # The preview is of this very file (its sha256 is in the preview's key) and these choices.
        stored = confirm_preview(engine, report, created_by=account.username, site_id=site_id, quarter=quarter,
                                 on_step=st.write)
        status.update(label="Færdig", state="complete" if stored.stored else "error", expanded=False)
    if stored.stored:
        warm_kept_figures_in_background()
        st.session_state.pop(PREVIEW_KEY, None)
        st.session_state[UPLOAD_ROUND_KEY] = st.session_state.get(UPLOAD_ROUND_KEY, 0) + 1
        scopes = stored.scopes if len(stored.scopes) <= 3 else [
            *stored.scopes[:2], f"og {format_number(len(stored.scopes) - 2)} andre steder og kvartaler"]
        flash(
            f"Gemt som {versions_phrase(stored.version_ids)} for {'; '.join(scopes)}. "
            "Dashboardet viser de nye tal med det samme."
        )
        st.rerun()
    else:
        for problem in stored.errors:
            st.error(plain_markdown(problem.text()))
