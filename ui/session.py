"""Who is signed in, in this browser session, and which sites that account may see."""

import streamlit as st

ACCOUNT_KEY = "signed_in_account"


def remember_account(account) -> None:
    """app.py stores the account checked in this run, for pages to check roles again."""
    st.session_state[ACCOUNT_KEY] = account


def current_account():
    return st.session_state.get(ACCOUNT_KEY)


def allowed_sites(site_ids: list[int]) -> list[int]:
    account = current_account()
    if account is None or account.site_id is None:
        return site_ids
    return [site_id for site_id in site_ids if site_id == account.site_id]
