"""Who is signed in, checked on the server on every run.

Two ways in: local accounts in the database (user name and password, for an
installation without an identity provider), or OpenID Connect through
Streamlit's ``st.login`` when ``[auth]`` is configured in secrets.toml (e.g.
Microsoft Entra ID). Either way the role comes from the database, and an
identity without an account gets nothing.
"""

from datetime import UTC, datetime, timedelta

import streamlit as st
from sqlalchemy import Engine

from data_access.accounts import (
    Account,
    AccountError,
    account_by_id,
    account_for_identity,
    authenticate,
    has_admin,
    record,
)
from ui.context import current_account, get_engine, require_router

ACCOUNT_KEY = "account_id"
LAST_ACTIVITY_KEY = "last_activity"
SIGNED_OUT_NOTE_KEY = "signed_out_note"
SIGN_IN_REFUSAL_KEY = "sign_in_refusal"
SESSION_TIMEOUT = timedelta(minutes=30)


def identity_provider_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def signed_in_account() -> Account | None:
    """The account behind this session, or None. Roles are read again on every run."""
    engine = get_engine()
    if identity_provider_configured():
        if not st.user.get("is_logged_in"):
            return None
        email = str(st.user.get("email") or "")
        if st.session_state.get("identity") != email:
            account = account_for_identity(engine, email)
            st.session_state["identity"] = email
            st.session_state[ACCOUNT_KEY] = account.id if account else None
        account_id = st.session_state.get(ACCOUNT_KEY)
        return account_by_id(engine, account_id) if account_id else None
    account_id = st.session_state.get(ACCOUNT_KEY)
    if account_id is None:
        return None
    last = st.session_state.get(LAST_ACTIVITY_KEY)
    now = datetime.now(UTC)
    if last is not None and now - last > SESSION_TIMEOUT:
        sign_out("Du er logget ud efter 30 minutter uden aktivitet.")
        return None
    st.session_state[LAST_ACTIVITY_KEY] = now
    return account_by_id(engine, account_id)


def sign_out(note: str | None = None) -> None:
    account = account_by_id(get_engine(), st.session_state.get(ACCOUNT_KEY) or -1)
    if account is not None:
        record(get_engine(), account.username, "signed_out", note or "")
    for key in (ACCOUNT_KEY, LAST_ACTIVITY_KEY, "identity"):
        st.session_state.pop(key, None)
    if note:
        st.session_state[SIGNED_OUT_NOTE_KEY] = note
    if identity_provider_configured() and st.user.get("is_logged_in"):
        st.logout()


def sign_in_page() -> None:
    """The only page for somebody not signed in."""
    st.title("Styregruppens dashboard")
    if note := st.session_state.pop(SIGNED_OUT_NOTE_KEY, None):
        st.info(note)
    if identity_provider_configured():
        if st.user.get("is_logged_in"):
            st.error(
                f"{st.user.get('email')} har ikke adgang til dashboardet. Bed en administrator om at oprette dig "
                "med den rolle, du skal have.", icon=":material/block:",
            )
            st.button("Log ud", on_click=st.logout)
        else:
            st.write("Log ind med din kommunale konto.")
            st.button("Log ind", type="primary", on_click=st.login)
        return
    if not has_admin(get_engine()):
        st.info("Der er endnu ingen brugere. Opret den første administrator på serveren med "
                "`python -m data_access create-admin --username NAVN`.", icon=":material/person_add:")
    with st.form("sign_in"):
        st.write("Log ind for at se projektets tal.")
        st.text_input("Brugernavn", key="sign_in_username")
        st.text_input("Adgangskode", type="password", key="sign_in_password")
        st.form_submit_button("Log ind", type="primary", on_click=_check_sign_in)
    if refusal := st.session_state.pop(SIGN_IN_REFUSAL_KEY, None):
        st.error(refusal, icon=":material/block:")


def _check_sign_in() -> None:
    # A callback runs before the script: the run the button starts already shows the signed-in app,
    # instead of showing the form once more and starting another run.
    username = st.session_state.get("sign_in_username", "")
    password = st.session_state.get("sign_in_password", "")
    st.session_state["sign_in_password"] = ""
    try:
        account = authenticate(get_engine(), username, password)
    except AccountError as refusal:
        st.session_state[SIGN_IN_REFUSAL_KEY] = str(refusal)
        return
    st.session_state[ACCOUNT_KEY] = account.id
    st.session_state[LAST_ACTIVITY_KEY] = datetime.now(UTC)


def require_role(account: Account | None, role: str) -> None:
    """Stop the run unless the account has at least ``role``: every write path calls this again."""
    if account is None or not account.may(role):
        st.error("Du har ikke adgang til at gøre dette.", icon=":material/block:")
        st.stop()


def start_task_page(page_path: str, title: str, role: str) -> tuple[Engine, Account]:
    """Every page that reads or changes more than the figures starts here: router, role (on the server), title."""
    require_router(page_path)
    account = current_account()
    require_role(account, role)
    st.title(title)
    return get_engine(), account
