"""Forelæg for styregruppen: publish a prepared quarter, and see what was presented and corrected since."""

from urllib.parse import quote, urlsplit

import pandas as pd
import streamlit as st

from data_access.notice import send_publication_notice
from data_access.publication import (
    PublicationRefused,
    corrections,
    publications,
    publish,
    publishable_quarters,
)
from metrics.quarters import quarter_label
from presentation.format import CHOOSE, format_local_date, format_number, plain_markdown
from report import publication_deck
from report.images import ReportUnavailable
from ui.auth import flash, require_role, smtp_settings, start_task_page
from ui.data_cache import LATEST_DATA, MEETING_KEY, reference_frames, warm_kept_figures_in_background
from ui.filters import SITE_KEY
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
NOTICE_KEY = "publication_notice"  # (publication, link, addresses that failed, why) of the last notice


def send_notice(smtp, publication_id: int, link: str, only_to: list[str] | None = None) -> str:
    """Send the notice (never stopping the publication); what happened, in Danish."""
    attachment = None
    if smtp.attach_report:
        try:
            attachment = publication_deck(engine, publication_id)
        except ReportUnavailable:
            attachment = None  # the notice goes without the report; the report page says why
    result = send_publication_notice(engine, publication_id, smtp, link, account.username, only_to, attachment)
    st.session_state[NOTICE_KEY] = (publication_id, link, result.failed, result.problem)
    if result.failed:
        return f"Beskeden kunne ikke sendes til {len(result.failed)} af {len(result.sent) + len(result.failed)}."
    return f"Styregruppen har fået besked (e-mail til {len(result.sent)})." if result.sent else \
        "Ingen med adgang til projektet har en e-mailadresse; ingen besked er sendt."


if st.button(f"Offentliggør {quarter_label(quarter)} for styregruppen", type="primary", icon=":material/verified:"):
    require_role("uploader")
    try:
        publication_id = publish(engine, project_id, quarter, account.username)
    except PublicationRefused as refusal:
        st.error(plain_markdown(str(refusal)), icon=":material/block:")
    else:
        warm_kept_figures_in_background()  # a large programme's published figures are kept there
        message = f"{projects[project_id]} {quarter_label(quarter)} er offentliggjort for styregruppen."
        smtp = smtp_settings()
        if smtp is not None:
            chosen = "&".join(f"{SITE_KEY}={site}" for site in sites.loc[sites["project_id"] == project_id, "site_id"])
            # The dashboard's address as configured (behind a proxy), else as this browser reaches it.
            base = urlsplit(smtp.app_url or st.context.url or "")
            path = base.path.rstrip("/") if smtp.app_url else base.path.rsplit("/", 1)[0]
            link = (f"{base.scheme}://{base.netloc}{path}/overblik?{chosen}"
                    f"&{MEETING_KEY}={quote(quarter_label(quarter))}")
            message += " " + send_notice(smtp, publication_id, link)
        flash(message)
        st.rerun()

notice = st.session_state.get(NOTICE_KEY)
if notice and notice[2]:
    publication_id, link, failed, problem = notice
    st.warning(f"Beskeden om offentliggørelsen kunne ikke sendes til {len(failed)} modtager"
               f"{'e' if len(failed) > 1 else ''} ({problem}). Kvartalet er offentliggjort; beskeden kan sendes "
               "igen, og fejlen står i auditloggen.", icon=":material/mail:")
    if st.button("Send beskeden igen", icon=":material/send:"):
        require_role("uploader")
        flash(send_notice(smtp_settings(), publication_id, link, failed))
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
