"""Who is signed in, in this browser session, and which sites that account may see.

One key holds the signed-in account's id from run to run; the guard beside it holds the same sign-in as plain
data, and the account as checked in this run, for pages and for downloads clicked between runs.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import streamlit as st
from sqlalchemy import Engine

from data_access.accounts.users import Account, account_by_id
from data_access.settings import SESSION_TIMEOUT
from ui.data_cache import get_engine

ACCOUNT_KEY = "account_id"
LAST_ACTIVITY_KEY = "last_activity"
GUARD_KEY = "session_guard"


@dataclass
class SessionGuard:
    """The session's sign-in as plain data, which a download's callable can check when it is clicked.

    Streamlit runs those callables outside any script run (no session state there), so the guard is
    updated on every run and read at the moment of the click.
    """

    engine: Engine
    account_id: int | None = None
    # None for an identity-provider sign-in, whose session the provider keeps.
    last_activity: datetime | None = None
    # The account as signed_in_account checked it at the start of this run (roles and deactivation read again).
    checked: Account | None = None

    def timed_out(self, now: datetime) -> bool:
        return self.last_activity is not None and now - self.last_activity > SESSION_TIMEOUT

    def account(self, role: str = "viewer") -> Account | None:
        """The account, checked now: signed in, not timed out, active, with at least ``role``."""
        if self.account_id is None or self.timed_out(datetime.now(UTC)):
            return None
        account = account_by_id(self.engine, self.account_id)
        if account is None or not account.may(role):
            return None
        return account

    def touch(self) -> None:
        if self.last_activity is not None:
            self.last_activity = datetime.now(UTC)


def session_guard() -> SessionGuard:
    guard = st.session_state.get(GUARD_KEY)
    if guard is None:
        guard = st.session_state[GUARD_KEY] = SessionGuard(get_engine())
    return guard


def current_account() -> Account | None:
    """The account checked at the start of this run, for pages that check roles or sites again."""
    return session_guard().checked


def allowed_sites(site_ids: list[int]) -> list[int]:
    account = current_account()
    if account is None or account.site_id is None:
        return site_ids
    return [site_id for site_id in site_ids if site_id == account.site_id]
