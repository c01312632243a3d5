"""Accounts and roles: who may do what, and how an administrator and a user change that.

Roles, lowest first: viewer (reads), uploader (also imports and rolls back), admin (also manages users,
benchmark values and categories). A role may be limited to one site.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, select, update
from zxcvbn import zxcvbn

from data_access.accounts import passwords
from data_access.accounts.audit_log import log_event, record
from data_access.cpr import CprRefused, UserRefusal, refuse_cpr
from data_access.models import InstallationSetting, UserAccount
from data_access.settings import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE

ROLES: dict[str, str] = {"viewer": "Læser", "uploader": "Indberetter", "admin": "Administrator"}
ROLE_RANK = {"viewer": 1, "uploader": 2, "admin": 3}
# The demo's public password (README): never accepted for an account of a real installation.
DEMO_PASSWORD = "demo-adgangskode-2026"
DEMO_DATABASE_KEY = "demo_database"
# An e-mail address: one @ and a dot in the domain (an Entra account's name "<oid>@<tid>" has none after the @).
EMAIL_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


class AccountError(UserRefusal):
    """A refused account action; the message is Danish and for the user."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    site_id: int | None
    must_change_password: bool = False
    has_password: bool = True

    @property
    def role_label(self) -> str:
        return ROLES[self.role].lower()

    def may(self, role: str) -> bool:
        """True when the account's role is at least ``role``."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def account_from_row(row) -> Account:
    return Account(row.id, row.username, row.display_name, row.role, row.site_id, row.must_change_password,
                   row.password_hash is not None)



# --- Passwords and names -------------------------------------------------------------------------------


# Danish words people build passwords from (NIST SP 800-63B: refuse dictionary and context-specific words),
# given to zxcvbn, whose own lists are English: "Sommer2026!!" is a season and a year.
DANISH_WORDS = (
    "sommer", "vinter", "forår", "efterår", "januar", "februar", "marts", "april", "maj", "juni", "juli",
    "august", "september", "oktober", "november", "december", "mandag", "tirsdag", "onsdag", "torsdag",
    "fredag", "lørdag", "søndag", "jul", "julen", "påske", "sommerfugl", "solskin", "kærlighed", "elsker",
    "hemmelig", "hemmeligt", "kodeord", "adgangskode", "adgang", "velkommen", "hej", "hejsa", "danmark",
    "dansk", "københavn", "aarhus", "odense", "aalborg", "esbjerg", "randers", "kolding", "vejle", "horsens",
    "roskilde", "viborg", "hedensted", "fredericia", "gellerup", "jylland", "fyn", "sjælland", "fodbold",
    "brøndby", "hund", "kat", "hest", "bil", "hus", "mor", "far", "familie", "skole", "arbejde", "job",
    "kommune", "forvaltning", "jobcenter", "borger", "projekt", "styregruppe", "dashboard", "kvartal",
    "rapport", "demo", "admin", "administrator", "bruger", "login", "password", "qwerty", "asdfgh",
)


ZXCVBN_LENGTH = 72  # the most zxcvbn reads


def check_password(password: str, username: str, display_name: str = "") -> None:
    """Refuse a password that is short, the user's own name, holds the demo's, is one character repeated, common
    or otherwise easy to guess: zxcvbn (lists of common passwords, names and patterns, with the Danish words and
    this dashboard's own words added) must put it at 10^10 guesses or more, out of reach of an offline guess."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Adgangskoden skal have mindst {MIN_PASSWORD_LENGTH} tegn.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError(f"Adgangskoden må højst have {MAX_PASSWORD_LENGTH} tegn.")
    folded = password.strip().casefold()
    names = [name.strip().casefold() for name in (username, display_name) if name.strip()]
    # Names of one or two letters would refuse half of all passwords; zxcvbn still weighs them.
    if any(len(name) >= 3 and (name in folded or folded in name) for name in names):
        raise AccountError("Adgangskoden må ikke indeholde brugernavnet eller navnet.")
    if DEMO_PASSWORD in folded:
        raise AccountError("Demodataenes adgangskode står i vejledningen og må ikke bruges, heller ikke som en del "
                           "af en anden.")
    if len(set(password)) == 1:
        raise AccountError("Adgangskoden må ikke være ét tegn gentaget.")
    # zxcvbn reads at most 72 characters (it raises beyond); a longer passphrase is judged on its first 72.
    if zxcvbn(password[:ZXCVBN_LENGTH], user_inputs=[*names, *DANISH_WORDS])["score"] < MIN_PASSWORD_SCORE:
        raise AccountError("Adgangskoden er for let at gætte (fx et almindeligt ord, et navn, en dato eller en "
                           "række tal). Brug fx tre-fire tilfældige ord med bindestreg imellem.")


def _checked_name(username: str, display_name: str) -> tuple[str, str]:
    username = username.strip().casefold()
    display_name = display_name.strip() or username
    if not username:
        raise AccountError("Brugernavnet mangler.")
    try:
        refuse_cpr(username, "Brugernavnet")
        refuse_cpr(display_name, "Navnet")
    except CprRefused as refusal:
        raise AccountError(str(refusal)) from None
    # Control and format characters (line breaks, tabs, zero-width) have no place in a name; a tab would
    # also split the lock-out counters' keys.
    if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in username + display_name):
        raise AccountError("Brugernavn og navn må ikke indeholde linjeskift, tabulatorer eller usynlige tegn.")
    return username, display_name


def create_user(engine: Engine, username: str, display_name: str, role: str, *, password: str | None = None,
                site_id: int | None = None, actor: str = "system") -> Account:
    with engine.begin() as connection:
        insert_user(connection, username, display_name, role, password=password, site_id=site_id, actor=actor)
        row = connection.execute(
            select(UserAccount).where(UserAccount.username == username.strip().casefold())).one()
    return account_from_row(row)


def insert_user(connection: Connection, username: str, display_name: str, role: str, *,
                password: str | None = None, site_id: int | None = None, actor: str = "system",
                demo: bool = False) -> None:
    """Create an account inside the caller's transaction (and log it). ``demo``: one of the demo's accounts,
    whose public password is allowed because such an account signs in only in the demo's own database."""
    username, display_name = _checked_name(username, display_name)
    if role not in ROLES:
        raise AccountError(f"Ukendt rolle '{role}'.")
    if password is not None and not demo:
        check_password(password, username, display_name)
    if connection.execute(select(UserAccount.id).where(UserAccount.username == username)).first():
        raise AccountError(f"Brugeren '{username}' findes allerede.")
    connection.execute(insert(UserAccount).values(
        username=username, display_name=display_name,
        password_hash=passwords.hash_password(password) if password else None, role=role, site_id=site_id,
        is_active=True, must_change_password=False, is_demo=demo, created_at=datetime.now(UTC),
    ))
    log_event(connection, actor, "user_created", f"{username}: {ROLES[role]}")


# --- The demo's own database ---------------------------------------------------------------------------


def mark_demo_database(connection: Connection) -> None:
    """Called by the demo inside the transaction that fills an empty database."""
    connection.execute(insert(InstallationSetting).values(key=DEMO_DATABASE_KEY, value="ja"))


def is_demo_database(connection: Connection) -> bool:
    return connection.execute(select(InstallationSetting.value).where(
        InstallationSetting.key == DEMO_DATABASE_KEY)).first() is not None


def change_own_password(engine: Engine, account_id: int, current: str, new: str) -> None:
    """The signed-in user's own change: the current password first, then the rule for the new one."""
    with engine.connect() as connection:
        row = connection.execute(select(UserAccount).where(UserAccount.id == account_id)).one()
    if row.password_hash is None:
        raise AccountError("Kontoen logger ind via identitetsudbyderen; adgangskoden skiftes dér.")
    if not passwords.password_matches(row.password_hash, current):
        record(engine, row.username, "password_change_failed", "forkert nuværende adgangskode")
        raise AccountError("Den nuværende adgangskode er forkert.")
    if current == new:
        raise AccountError("Den nye adgangskode skal være en anden end den nuværende.")
    check_password(new, row.username, row.display_name)
    with engine.begin() as connection:
        connection.execute(update(UserAccount).where(UserAccount.id == account_id).values(
            password_hash=passwords.hash_password(new), must_change_password=False, is_demo=False))
        log_event(connection, row.username, "password_changed", "egen adgangskode")


def set_password(engine: Engine, account_id: int, new: str, actor: str) -> None:
    """An administrator's reset: the user must choose a new password at the next sign-in."""
    with engine.begin() as connection:
        row = connection.execute(select(UserAccount).where(UserAccount.id == account_id)).one()
        check_password(new, row.username, row.display_name)
        connection.execute(update(UserAccount).where(UserAccount.id == account_id).values(
            password_hash=passwords.hash_password(new), must_change_password=True, is_demo=False))
        log_event(connection, actor, "password_reset", row.username)


def account_by_username(engine: Engine, username: str) -> Account | None:
    with engine.connect() as connection:
        row = connection.execute(select(UserAccount).where(
            UserAccount.username == username.strip().casefold())).one_or_none()
    return account_from_row(row) if row else None


def account_by_id(engine: Engine, account_id: int) -> Account | None:
    with engine.connect() as connection:
        row = connection.execute(select(UserAccount).where(
            UserAccount.id == account_id, UserAccount.is_active.is_(True))).one_or_none()
    return account_from_row(row) if row else None


def change_role(engine: Engine, account_id: int, role: str, site_id: int | None, actor: str) -> None:
    if role not in ROLES:
        raise AccountError(f"Ukendt rolle '{role}'.")
    with engine.begin() as connection:
        username = connection.execute(select(UserAccount.username).where(UserAccount.id == account_id)).scalar_one()
        connection.execute(update(UserAccount).where(UserAccount.id == account_id).values(role=role, site_id=site_id))
        log_event(connection, actor, "role_changed", f"{username}: {ROLES[role]}"
                                                     + (f", sted {site_id}" if site_id else ", alle steder"))


def set_active(engine: Engine, account_id: int, active: bool, actor: str) -> None:
    with engine.begin() as connection:
        username = connection.execute(select(UserAccount.username).where(UserAccount.id == account_id)).scalar_one()
        connection.execute(update(UserAccount).where(UserAccount.id == account_id).values(is_active=active))
        log_event(connection, actor, "user_activated" if active else "user_deactivated", username)


def users(engine: Engine) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = connection.execute(select(
            UserAccount.id, UserAccount.username, UserAccount.display_name, UserAccount.role, UserAccount.site_id,
            UserAccount.is_active, UserAccount.password_hash.is_not(None).label("local"),
        ).order_by(UserAccount.username)).all()
    return pd.DataFrame([tuple(row) for row in rows],
                        columns=["id", "username", "display_name", "role", "site_id", "is_active", "local"])


def has_admin(engine: Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(UserAccount).where(
            UserAccount.role == "admin", UserAccount.is_active.is_(True))).scalar_one() > 0
