"""Who is signed in, checked on the server on every run and at the moment of every download and write.

Two ways in: local accounts in the database (user name and password, for an
installation without an identity provider), or OpenID Connect through
Streamlit's ``st.login`` when ``[auth]`` is configured in secrets.toml (e.g.
Microsoft Entra ID). Either way the role comes from the database, and an
identity without an account gets nothing; with an ``[identity]`` section, the
provider's groups set the role at each sign-in (``data_access.accounts.identity``). Passwords are a choice of their own
(``PASSWORD_SIGN_IN=ja``): a secrets.toml that cannot be read, is empty, has a
section the app does not know (``[Auth]``, ``[auht]``) or an incomplete
``[auth]``, or no choice at all, stops the app: it never falls back to passwords
because of a typo.
"""

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine
from streamlit import config

from data_access.accounts.audit_log import record
from data_access.accounts.identity import NO_ACCOUNT, IdentityRules, account_for_identity, rules_from_settings
from data_access.accounts.sign_in import authenticate
from data_access.accounts.users import (
    Account,
    AccountError,
    account_by_id,
    change_own_password,
    has_admin,
)
from data_access.jobindsats import JobindsatsSettings
from data_access.jobindsats import settings_from as jobindsats_from
from data_access.notice import SmtpSettings, smtp_from_settings
from data_access.settings import (
    PASSWORD_SIGN_IN_VARIABLE,
    SESSION_TIMEOUT,
    password_sign_in_chosen,
    sign_in_source_header,
    site_figures_from,
)
from presentation.format import plain_markdown
from ui.data_cache import get_engine
from ui.routing import require_router
from ui.server_guard import STOPPED
from ui.session import ACCOUNT_KEY, LAST_ACTIVITY_KEY, SessionGuard, session_guard

SIGNED_OUT_NOTE_KEY = "signed_out_note"
SIGN_IN_REFUSAL_KEY = "sign_in_refusal"
TIMED_OUT = f"Du er logget ud efter {int(SESSION_TIMEOUT.total_seconds() // 60)} minutter uden aktivitet."
# What st.login needs in [auth] for the one provider the sign-in button uses.
AUTH_SETTINGS = ("redirect_uri", "cookie_secret", "client_id", "client_secret", "server_metadata_url")


class SignInMisconfigured(Exception):
    """secrets.toml is there but unreadable, or its [auth] is incomplete; the message is Danish."""


NO_CHOICE = ("Der er ikke valgt, hvordan man logger ind. Udfyld afsnittet [auth] i secrets.toml for kommunens "
             f"identitetsudbyder, eller start appen med {PASSWORD_SIGN_IN_VARIABLE}=ja for lokale konti med "
             "adgangskode.")


def identity_provider_configured() -> bool:
    """True with a complete ``[auth]``; False where passwords are chosen and no secrets file says otherwise;
    SignInMisconfigured for anything else (unreadable, empty or unknown secrets, no choice)."""
    present = [path for path in config.get_option("secrets.files") if Path(path).is_file()]
    try:
        secrets = {name: st.secrets[name] for name in st.secrets}
    except FileNotFoundError:  # Streamlit's error for both "no file" and "cannot parse"
        if present:
            raise SignInMisconfigured(f"Filen {Path(present[0]).name} med appens hemmeligheder kan ikke læses (den er "
                                      f"ikke gyldig TOML). {STOPPED}") from None
        secrets = {}
    unknown = sorted(name for name in secrets if name not in ("auth", "identity", "smtp", "jobindsats"))
    if unknown:
        raise SignInMisconfigured("secrets.toml har noget, appen ikke kender: " + ", ".join(f"[{name}]" for name in
                                                                                           unknown)
                                  + ". Appen læser kun afsnittene [auth], [identity], [smtp] og [jobindsats] (med små "
                                  "bogstaver). "
                                  + STOPPED)
    if present and not secrets:
        raise SignInMisconfigured(f"secrets.toml er tom. Udfyld [auth], eller fjern filen. {STOPPED}")
    smtp_settings()
    jobindsats_settings()
    auth = secrets.get("auth")
    if auth is None:
        if password_sign_in_chosen():
            return False
        raise SignInMisconfigured(NO_CHOICE)
    if not isinstance(auth, Mapping):
        raise SignInMisconfigured("I secrets.toml skal auth være et afsnit, [auth], med indstillingerne på hver sin "
                                  "linje under det, ikke en enkelt værdi (auth = ...). " + STOPPED)
    missing_settings = [name for name in AUTH_SETTINGS if not str(auth.get(name, "")).strip()]
    if missing_settings:
        raise SignInMisconfigured("Afsnittet [auth] i secrets.toml mangler " + ", ".join(missing_settings) + ". "
                                  + STOPPED)
    identity_rules()
    return True


def smtp_settings() -> SmtpSettings | None:
    """Where the notice of a published quarter is sent from: secrets.toml's [smtp]; None without one."""
    try:
        section = st.secrets.get("smtp")
    except FileNotFoundError:  # no secrets file: no notices
        section = None
    try:
        return smtp_from_settings(section)
    except ValueError as problem:
        raise SignInMisconfigured(f"{problem} {STOPPED}") from None


def jobindsats_settings() -> JobindsatsSettings | None:
    """The token for jobindsats.dk's API: secrets.toml's [jobindsats]; None without one."""
    try:
        section = st.secrets.get("jobindsats")
    except FileNotFoundError:
        section = None
    try:
        return jobindsats_from(section)
    except ValueError as problem:
        raise SignInMisconfigured(f"{problem} {STOPPED}") from None


def identity_rules() -> IdentityRules:
    """How the provider's ID token names the person and gives the role: secrets.toml's [identity]."""
    try:
        return rules_from_settings(st.secrets.get("identity"))
    except ValueError as problem:
        raise SignInMisconfigured(f"{problem} {STOPPED}") from None


def stop_if_misconfigured() -> None:
    """app.py's first check: a broken sign-in set-up shows one clear message and nothing else."""
    try:
        identity_provider_configured()
        site_figures_from()
    except (SignInMisconfigured, ValueError) as problem:
        message = str(problem)

        def misconfigured() -> None:
            st.title("Styregruppens dashboard")
            st.error(message, icon=":material/error:")

        # The only page, so that no page file is offered in the menu either.
        st.navigation([st.Page(misconfigured, title="Fejl i opsætningen", url_path="fejl", default=True)],
                      position="hidden").run()
        st.stop()


def signed_in_account() -> Account | None:
    """The account behind this session, or None. Roles and deactivation are read again on every run; the
    result is kept for this run (``ui.session.current_account``)."""
    guard = session_guard()
    guard.checked = _checked_account(guard)
    return guard.checked


def _checked_account(guard: SessionGuard) -> Account | None:
    engine = get_engine()
    if identity_provider_configured():
        if not st.user.get("is_logged_in"):
            guard.account_id = None
            return None
        claims = st.user.to_dict()
        # Checked once per sign-in (the provider's token does not change while the session lasts).
        token = (claims.get("iss"), claims.get("sub"))
        if st.session_state.get("identity") != token:
            try:
                account = account_for_identity(engine, claims, identity_rules())
            except AccountError as refusal:
                account = None
                st.session_state[SIGN_IN_REFUSAL_KEY] = str(refusal)
            st.session_state["identity"] = token
            st.session_state[ACCOUNT_KEY] = account.id if account else None
        guard.account_id, guard.last_activity = st.session_state.get(ACCOUNT_KEY), None
        return account_by_id(engine, guard.account_id) if guard.account_id else None
    account_id = st.session_state.get(ACCOUNT_KEY)
    if account_id is None:
        guard.account_id = None
        return None
    now = datetime.now(UTC)
    # A download (which runs no script) counts as activity too.
    last = max(filter(None, (st.session_state.get(LAST_ACTIVITY_KEY), guard.last_activity)), default=None)
    guard.account_id, guard.last_activity = account_id, last
    if guard.timed_out(now):
        sign_out(TIMED_OUT)
        return None
    st.session_state[LAST_ACTIVITY_KEY] = guard.last_activity = now
    account = account_by_id(engine, account_id)
    if account is None:
        sign_out("Din konto er deaktiveret. Kontakt en administrator.")
    return account


def sign_out(note: str | None = None) -> None:
    account = account_by_id(get_engine(), st.session_state.get(ACCOUNT_KEY) or -1)
    if account is not None:
        record(get_engine(), account.username, "signed_out", note or "")
    for key in (ACCOUNT_KEY, LAST_ACTIVITY_KEY, "identity"):
        st.session_state.pop(key, None)
    guard = session_guard()
    guard.account_id = guard.last_activity = guard.checked = None
    if note:
        st.session_state[SIGNED_OUT_NOTE_KEY] = note
    if identity_provider_configured() and st.user.get("is_logged_in"):
        st.logout()


def sign_in_page() -> None:
    """The only page for somebody not signed in."""
    st.title("Styregruppens dashboard")
    if note := st.session_state.pop(SIGNED_OUT_NOTE_KEY, None):
        st.info(plain_markdown(note))
    if identity_provider_configured():
        if st.user.get("is_logged_in"):
            st.error(plain_markdown(st.session_state.get(SIGN_IN_REFUSAL_KEY) or NO_ACCOUNT), icon=":material/block:")
            shown = st.user.get("preferred_username") or st.user.get("email") or st.user.get("name")
            if shown:
                st.text(f"Konto: {shown}")
            st.button("Log ud", on_click=st.logout)
        else:
            st.write("Log ind med din kommunale konto.")
            st.button("Log ind", type="primary", on_click=st.login)
        _accessibility_statement_link()
        return
    if not has_admin(get_engine()):
        st.info("Der er endnu ingen brugere. Opret den første administrator på serveren med "
                "`python -m cli create-admin --username NAVN`.", icon=":material/person_add:")
    with st.form("sign_in"):
        st.write("Log ind for at se projektets tal.")
        st.text_input("Brugernavn", key="sign_in_username")
        st.text_input("Adgangskode", type="password", key="sign_in_password")
        st.form_submit_button("Log ind", type="primary", on_click=_check_sign_in)
    st.caption("Med lokale konti varer et login, til fanen lukkes eller siden genindlæses, og højst "
               f"{int(SESSION_TIMEOUT.total_seconds() // 60)} minutter uden aktivitet.")
    if refusal := st.session_state.pop(SIGN_IN_REFUSAL_KEY, None):
        st.error(plain_markdown(refusal), icon=":material/block:")
    _accessibility_statement_link()


ACCESSIBILITY_STATEMENT = "pages/tilgaengelighed.py"


def _accessibility_statement_link() -> None:
    # The statement is public: it must be found without an account.
    st.page_link(ACCESSIBILITY_STATEMENT, label="Tilgængelighedserklæring", icon=":material/accessibility:")


def sign_in_source() -> str | None:
    """The client's address: from the reverse proxy's header where one is configured, else the connection."""
    header = sign_in_source_header()
    if header:
        forwarded = (st.context.headers.get(header) or "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    address = st.context.ip_address
    return address if isinstance(address, str) else None  # None: a local connection (or the test harness)


def _check_sign_in() -> None:
    # A callback runs before the script: the run the button starts already shows the signed-in app,
    # instead of showing the form once more and starting another run.
    username = st.session_state.get("sign_in_username", "")
    password = st.session_state.get("sign_in_password", "")
    st.session_state["sign_in_password"] = ""
    try:
        account = authenticate(get_engine(), username, password, sign_in_source())
    except AccountError as refusal:
        st.session_state[SIGN_IN_REFUSAL_KEY] = str(refusal)
        return
    st.session_state[ACCOUNT_KEY] = account.id
    st.session_state[LAST_ACTIVITY_KEY] = datetime.now(UTC)


def change_password_form(account: Account, required: bool = False) -> None:
    """The signed-in user's own password change (local accounts)."""
    if not account.has_password:
        st.info("Du logger ind via identitetsudbyderen; adgangskoden skiftes dér.")
        return
    if required:
        st.warning("En administrator har sat en ny adgangskode for dig. Vælg din egen, før du går videre.",
                   icon=":material/key:")
    with st.form("change_password", clear_on_submit=True):
        current = st.text_input("Nuværende adgangskode", type="password")
        new = st.text_input("Ny adgangskode", type="password",
                            help="Mindst 12 tegn og svær at gætte: fx tre-fire tilfældige ord med bindestreg imellem. "
                                 "Ikke dit brugernavn eller navn.")
        repeated = st.text_input("Gentag den nye adgangskode", type="password")
        if st.form_submit_button("Skift adgangskode", type="primary"):
            if new != repeated:
                st.error("De to nye adgangskoder er ikke ens.")
                return
            try:
                change_own_password(get_engine(), account.id, current, new)
            except AccountError as refusal:
                st.error(plain_markdown(str(refusal)))
                return
            st.session_state["password_changed"] = True
            st.rerun()
    if st.session_state.pop("password_changed", False):
        st.success("Adgangskoden er skiftet.", icon=":material/check_circle:")


def require_role(role: str) -> Account:
    """Stop the run unless the session is valid now (not timed out, account active) with at least ``role``.

    Every write path calls this at the moment it writes; it reads the account from the database again.
    """
    account = session_guard().account(role)
    if account is None:
        st.error("Du har ikke adgang til at gøre dette. Log ind igen.", icon=":material/block:")
        st.stop()
    return account


def start_task_page(page_path: str, title: str, role: str) -> tuple[Engine, Account]:
    """Every page that reads or changes more than the figures starts here: router, role (on the server), title,
    and what the last action on it did (``flash``)."""
    require_router(page_path)
    account = require_role(role)
    st.title(title)
    if done := st.session_state.pop(FLASH_KEY, None):
        st.success(plain_markdown(done), icon=":material/check_circle:")
    return get_engine(), account


FLASH_KEY = "task_done"


def flash(message: str) -> None:
    """Say what an action did, on the task page after its rerun (with empty forms)."""
    st.session_state[FLASH_KEY] = message
