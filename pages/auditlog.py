"""Auditlog: who did what, when. Holds no personal data about citizens.

Filters are applied in the database and the log is read a page at a time, so no volume of events (e.g.
thousands of failed sign-ins, which are counted per hour anyway) can hide the ones asked for.
"""

import math

import pandas as pd
import streamlit as st

from data_access.accounts.audit_log import audit_page
from presentation.format import DANISH_TIME, format_number
from ui.auth import start_task_page
from ui.widgets import show_table

PAGE_SIZE = 100
ACTIONS = {
    "signed_in": "Logget ind", "sign_in_failed": "Mislykket login", "account_locked": "Konto låst",
    "account_unlocked": "Konto låst op", "signed_out": "Logget ud", "password_changed": "Adgangskode skiftet",
    "password_change_failed": "Forkert adgangskode ved skift", "password_reset": "Adgangskode sat af administrator",
    "import": "Import", "rollback": "Gendannelse", "export": "Eksport", "export_refused": "Eksport afvist",
    "user_created": "Bruger oprettet", "role_changed": "Rolle ændret", "user_activated": "Bruger genaktiveret",
    "user_deactivated": "Bruger deaktiveret", "benchmark_changed": "Benchmark ændret",
    "category_added": "Kategori tilføjet", "master_data_changed": "Stamdata ændret", "commentary": "Kommentar gemt",
    "published": "Kvartal offentliggjort", "erasure": "Borger slettet", "access_request": "Indsigt udleveret",
    "purge": "Gamle data slettet", "bi_role_created": "BI-rolle oprettet", "notice_sent": "Besked sendt",
    "notice_failed": "Besked ikke sendt", "report_template": "Rapportskabelon ændret",
}

engine, _ = start_task_page("pages/auditlog.py", "Auditlog", "admin")
left, right = st.columns(2)
chosen = left.multiselect("Handling", list(ACTIONS), format_func=ACTIONS.get, placeholder="Alle handlinger",
                          select_all=False, key="audit_actions")
who = right.text_input("Bruger indeholder", key="audit_actor")
page_number = st.session_state.get("audit_page", 1)
events, total = audit_page(engine, chosen or None, who, page_number - 1, PAGE_SIZE)
pages = max(1, math.ceil(total / PAGE_SIZE))
if page_number > pages:
    page_number = st.session_state["audit_page"] = pages
    events, total = audit_page(engine, chosen or None, who, page_number - 1, PAGE_SIZE)
first = (page_number - 1) * PAGE_SIZE
st.caption(f"{format_number(total)} hændelser (nyeste først)"
           + (f"; viser {format_number(first + 1)}–{format_number(first + len(events))}" if total else "")
           + ". Mislykkede login med ukendt brugernavn og forsøg på låste konti er talt sammen pr. time.")
show_table(pd.DataFrame({
    "Tidspunkt": pd.to_datetime(events["occurred_at"], utc=True).dt.tz_convert(DANISH_TIME)
    .dt.strftime("%d-%m-%Y %H:%M:%S"),
    "Bruger": events["actor"],
    "Handling": events["action"].map(ACTIONS).fillna(events["action"]),
    "Detaljer": events["detail"],
}), "auditlog")
if pages > 1:
    st.number_input(f"Side (af {format_number(pages)})", min_value=1, max_value=pages, step=1, key="audit_page")
