"""Rapport: the steering-meeting material for the chosen quarter as PowerPoint and PDF, in one click."""

import logging

import streamlit as st

from data_access.accounts.audit_log import record
from metrics.disclosure import THRESHOLD
from report import FORMATS, report_files
from report.content import build_report
from report.images import ReportUnavailable
from ui.context import start_page
from ui.data_cache import commentary_of, get_engine
from ui.format import DISCLOSURE_RULE, plain_markdown
from ui.session import current_account
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
            files = report_files(report, on_step=st.write)
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
