"""Rapport: the steering-meeting material for the chosen quarter as PowerPoint and PDF, in one click."""

import logging

import streamlit as st

from data_access.accounts.audit_log import record
from data_access.report_template import remove_template, save_template, stored_template
from data_access.workbook.reader import MAX_FILE_BYTES
from metrics.disclosure import THRESHOLD
from presentation.format import DISCLOSURE_RULE, format_local_date, plain_markdown
from report import FORMATS, report_files
from report.content import build_report
from report.images import ReportUnavailable
from report.pptx_writer import TemplateRefused, opened_template
from ui.context import start_page
from ui.data_cache import commentary_of, get_engine
from ui.server_guard import upload_field
from ui.session import current_account, session_guard
from ui.widgets import download

REPORT_KEY = "report_files"

view = start_page("pages/rapport.py", "Rapport til styregruppemødet")
if view.external:
    st.success(f"Rapporten er til brug uden for projektgruppen: {DISCLOSURE_RULE}.", icon=":material/visibility_off:")
else:
    st.warning(f"Rapporten viser alle tal, også antal under {THRESHOLD}. Skal den sendes eller vises uden for "
               "projektgruppen, så slå **Vis til brug uden for projektgruppen** til i venstre side først.",
               icon=":material/group:")

report = build_report(view, commentary_of(view))
st.markdown(f"**{plain_markdown(report.title)}**: ét dias pr. emne med fundet som overskrift, nøglegrafen og "
            "projektlederens kommentar, samt et bilag med definitioner og n. Sted, målgruppe, periode og "
            "diskretionering følger filtrene til venstre.")
for number, slide in enumerate(report.slides, start=1):
    st.markdown(f"{number}\\. *{plain_markdown(slide.kicker)}*: {plain_markdown(slide.title)}")

wanted = (view.data_key, view.site_ids, view.target_groups, tuple(view.quarters), view.external)
if st.button("Lav rapporten", type="primary", icon=":material/description:"):
    try:
        with st.status("Laver rapporten …", expanded=True) as status:
            template = stored_template(get_engine())
            files = report_files(report, on_step=st.write, template=template.content if template else None)
            status.update(label="Rapporten er klar", state="complete", expanded=False)
    except ReportUnavailable as missing:
        st.error(plain_markdown(str(missing)), icon=":material/block:")
    except Exception:
        logging.getLogger(__name__).exception("report failed")
        st.error("Rapporten kunne ikke laves. Prøv igen; sker det igen, så kontakt en administrator.",
                 icon=":material/error:")
    else:
        account = current_account()
        record(get_engine(), account.username, "export",
               f"rapport {report.quarter} ({view.description})")
        st.session_state[REPORT_KEY] = (wanted, files, report.file_stem)

made = st.session_state.get(REPORT_KEY)
if made and made[0] == wanted:
    _, files, stem = made
    with st.container(horizontal=True):
        for kind, (label, mime) in FORMATS.items():
            download(st, f"Hent {label}", lambda content=files[kind]: content, f"rapport {stem}.{kind}",
                     file_name=f"{stem}.{kind}", mime=mime, icon=":material/download:", key=f"download_{kind}")
elif made:
    st.caption("Filtrene eller data er ændret siden sidst: lav rapporten igen.")
st.page_link("pages/praesentation.py", label="Vis materialet som præsentation på skærmen",
             icon=":material/slideshow:")


TEMPLATE_DONE_KEY = "template_done"  # (kind, message) of the last template action, shown in its place


def _use_template() -> None:
    # A callback, so that the lines above the buttons already show the new state in the run it starts.
    admin, upload = session_guard().account("admin"), st.session_state.get("template_upload")
    if admin is None or upload is None:
        st.session_state[TEMPLATE_DONE_KEY] = ("error", "Du har ikke adgang til at gøre dette. Log ind igen.")
        return
    content = upload.getvalue()
    try:
        opened_template(content)
    except TemplateRefused as refusal:
        st.session_state[TEMPLATE_DONE_KEY] = ("error", str(refusal))
        return
    save_template(get_engine(), upload.name, content, admin.username)
    st.session_state[TEMPLATE_DONE_KEY] = ("success", "Skabelonen er lagt ind; næste rapport bruger den.")


def _remove_template() -> None:
    admin = session_guard().account("admin")
    if admin is None:
        st.session_state[TEMPLATE_DONE_KEY] = ("error", "Du har ikke adgang til at gøre dette. Log ind igen.")
        return
    remove_template(get_engine(), admin.username)
    st.session_state[TEMPLATE_DONE_KEY] = ("success", "Skabelonen er fjernet; rapporten bruger dashboardets eget "
                                                      "udseende.")


def municipal_template() -> None:
    """The administrator's upload of the municipality's own PowerPoint template."""
    template = stored_template(get_engine())
    with st.expander("Kommunens PowerPoint-skabelon", expanded=TEMPLATE_DONE_KEY in st.session_state):
        if template:
            st.write(f"Rapporten bruger **{plain_markdown(template.file_name)}** (lagt ind "
                     f"{format_local_date(template.uploaded_at)}): dens master, layout, skrifter, farver og logo.")
        else:
            st.write("Rapporten bruger dashboardets eget udseende. Læg kommunens skabelon (.potx eller .pptx, "
                     "16:9) ind, så bruger PowerPointen dens master, layout, skrifter, farver og logo.")
        if done := st.session_state.pop(TEMPLATE_DONE_KEY, None):
            kind, message = done
            (st.success if kind == "success" else st.error)(plain_markdown(message))
        upload = upload_field("Kommunens skabelon (.potx eller .pptx)", type=["potx", "pptx"],
                              key="template_upload", max_upload_size=MAX_FILE_BYTES // (1024 * 1024))
        with st.container(horizontal=True):
            st.button("Brug skabelonen", type="primary", icon=":material/upload_file:", on_click=_use_template,
                      disabled=upload is None)
            if template:
                st.button("Brug dashboardets eget udseende", icon=":material/restart_alt:", on_click=_remove_template)


if current_account().may("admin"):
    municipal_template()
