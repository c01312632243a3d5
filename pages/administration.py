"""Administration: users, their roles and sites, passwords and locked accounts."""

import pandas as pd
import streamlit as st

from data_access.accounts.sign_in import lock_states, unlock
from data_access.accounts.users import ROLES, AccountError, change_role, create_user, set_active, set_password, users
from data_access.workbook.format import load_choices
from presentation.format import CHOOSE, plain_markdown
from ui.auth import flash, identity_provider_configured, require_role, start_task_page
from ui.widgets import show_table

engine, account = start_task_page("pages/administration.py", "Brugere", "admin")

def act(action, message: str, *args, **kwargs) -> None:
    """Run an admin action (checking the role again), then show its outcome."""
    require_role("admin")
    try:
        action(engine, *args, **kwargs)
    except AccountError as refusal:
        st.error(plain_markdown(str(refusal)))
        return
    flash(message)
    st.rerun()


with engine.connect() as connection:
    sites = load_choices(connection)["site"]
site_options = [None, *sites]


def site_name(site_id) -> str:
    return "Alle steder" if site_id is None or pd.isna(site_id) else sites.get(int(site_id), str(site_id))


st.subheader("Brugere")
accounts = users(engine)
locked = lock_states(engine)
show_table(pd.DataFrame({
    "Brugernavn": accounts["username"],
    "Navn": accounts["display_name"],
    "Rolle": accounts["role"].map(ROLES),
    "Sted": accounts["site_id"].map(site_name),
    "Aktiv": accounts["is_active"].map({True: "Ja", False: "Nej"}),
    "Login": accounts["local"].map({True: "Lokal adgangskode", False: "Identitetsudbyder"}),
    # A lock for one source is that source's own; "for nye afsendere" leaves the user's own addresses open.
    "Låst": accounts["username"].map(lambda name: f"Ja, {locked[name]}" if name in locked else "Nej"),
}), "brugere")

with st.form("new_user", clear_on_submit=True):
    st.markdown("**Opret bruger**")
    left, right = st.columns(2)
    username = left.text_input("Brugernavn eller e-mail",
                               help="Med identitetsudbyder: e-mailadressen, som den kommer fra udbyderen.")
    display_name = right.text_input("Navn")
    role = left.selectbox("Rolle", list(ROLES), format_func=ROLES.get, index=0, placeholder=CHOOSE)
    site = right.selectbox("Sted", site_options, format_func=site_name, placeholder=CHOOSE)
    password = st.text_input(
        "Adgangskode (mindst 12 tegn, svær at gætte)" + (" – tom for login via identitetsudbyder"
                                           if identity_provider_configured() else ""), type="password")
    if st.form_submit_button("Opret", type="primary"):
        if not password and not identity_provider_configured():
            st.error("Uden identitetsudbyder skal brugeren have en adgangskode.")
        else:
            act(create_user, f"Brugeren '{username.strip().casefold()}' er oprettet.", username, display_name, role,
                password=password or None, site_id=site, actor=account.username)

if len(accounts):
    with st.form("change_user"):
        st.markdown("**Skift rolle eller sted**")
        left, middle, right = st.columns(3)
        chosen = left.selectbox("Bruger", accounts["id"].tolist(),
                                format_func=dict(zip(accounts["id"], accounts["username"], strict=True)).get,
                                placeholder=CHOOSE)
        new_role = middle.selectbox("Ny rolle", list(ROLES), format_func=ROLES.get, placeholder=CHOOSE)
        new_site = right.selectbox("Sted", site_options, format_func=site_name, key="new_site", placeholder=CHOOSE)
        change, toggle = st.columns(2)
        if change.form_submit_button("Gem rolle"):
            act(change_role, "Rollen er ændret.", chosen, new_role, new_site, account.username)
        if toggle.form_submit_button("Deaktivér / genaktivér"):
            active = bool(accounts.set_index("id").loc[chosen, "is_active"])
            if chosen == account.id and active:
                st.error("Du kan ikke deaktivere dig selv.")
            else:
                act(set_active, "Brugeren er " + ("deaktiveret." if active else "genaktiveret."), chosen,
                    not active, account.username)

    local_accounts = accounts[accounts["local"]]
    if len(local_accounts):
        with st.form("reset_password", clear_on_submit=True):
            st.markdown("**Ny adgangskode**")
            st.caption("Brugeren skal selv vælge en ny adgangskode ved næste login. Giv den midlertidige "
                       "adgangskode videre ad en anden vej end brugernavnet.")
            left, right = st.columns(2)
            chosen = left.selectbox("Bruger", local_accounts["id"].tolist(), key="reset_user",
                                    format_func=dict(zip(local_accounts["id"], local_accounts["username"],
                                                         strict=True)).get, placeholder=CHOOSE)
            new_password = right.text_input("Midlertidig adgangskode", type="password")
            if st.form_submit_button("Sæt adgangskode"):
                act(set_password, "Adgangskoden er sat; brugeren skifter den ved næste login.", chosen,
                    new_password, account.username)

if locked:
    with st.form("unlock"):
        st.markdown("**Lås op**")
        st.caption("En konto låses i 15 minutter for en afsender efter 5 forkerte adgangskoder derfra, og for nye "
                   "afsendere (som kontoen ikke har logget ind fra) efter 10 forkerte fra dem tilsammen; brugerens "
                   "egne afsendere kan stadig logge ind. Lås kun op, når du ved, at det var brugeren selv.")
        name = st.selectbox("Låst bruger", sorted(locked), placeholder=CHOOSE)
        if st.form_submit_button("Lås op"):
            act(unlock, f"'{name}' er låst op.", name, account.username)
