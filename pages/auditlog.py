"""Auditlog: who did what, when. Holds no personal data about citizens."""

import pandas as pd
import streamlit as st

from data_access.accounts import audit_events
from ui.auth import require_role
from ui.context import current_account, get_engine, require_router
from ui.format import DANISH_TIME
from ui.widgets import show_table

require_router("pages/auditlog.py")

ACTIONS = {
    "signed_in": "Logget ind", "sign_in_failed": "Mislykket login", "account_locked": "Konto låst",
    "signed_out": "Logget ud", "import": "Import", "rollback": "Gendannelse", "export": "Eksport",
    "user_created": "Bruger oprettet", "role_changed": "Rolle ændret", "user_activated": "Bruger genaktiveret",
    "user_deactivated": "Bruger deaktiveret", "benchmark_changed": "Benchmark ændret",
    "category_added": "Kategori tilføjet", "commentary": "Kommentar gemt",
}

require_role(current_account(), "admin")
st.title("Auditlog")
events = audit_events(get_engine())
left, right = st.columns(2)
chosen = left.multiselect("Handling", list(ACTIONS), format_func=ACTIONS.get, placeholder="Alle handlinger",
                          key="audit_actions")
who = right.text_input("Bruger indeholder", key="audit_actor")
if chosen:
    events = events[events["action"].isin(chosen)]
if who.strip():
    events = events[events["actor"].str.contains(who.strip(), case=False, regex=False)]
st.caption(f"{len(events)} hændelser (nyeste først).")
show_table(pd.DataFrame({
    "Tidspunkt": pd.to_datetime(events["occurred_at"], utc=True).dt.tz_convert(DANISH_TIME)
    .dt.strftime("%d-%m-%Y %H:%M:%S"),
    "Bruger": events["actor"],
    "Handling": events["action"].map(ACTIONS).fillna(events["action"]),
    "Detaljer": events["detail"],
}), "auditlog")
