"""Accounts, roles, sign-in with lock-out, and the audit log.

Roles, lowest first: viewer (reads), uploader (also imports and rolls back),
admin (also manages users, benchmark values and categories). A role may be
limited to one site. Passwords are hashed with argon2; nothing else about a
password is kept.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, func, insert, select, update

from data_access.models import AuditEvent, UserAccount

ROLES: dict[str, str] = {"viewer": "Læser", "uploader": "Indberetter", "admin": "Administrator"}
ROLE_RANK = {"viewer": 1, "uploader": 2, "admin": 3}
MAX_FAILED_ATTEMPTS = 5
LOCK_OUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12

_hasher = PasswordHasher()


class AccountError(Exception):
    """A refused account action; the message is Danish and for the user."""


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    display_name: str
    role: str
    site_id: int | None

    @property
    def role_label(self) -> str:
        return ROLES[self.role].lower()

    def may(self, role: str) -> bool:
        """True when the account's role is at least ``role``."""
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def _account(row) -> Account:
    return Account(row.id, row.username, row.display_name, row.role, row.site_id)


def _now() -> datetime:
    return datetime.now(UTC)


def log_event(connection: Connection, actor: str, action: str, detail: str = "") -> None:
    connection.execute(insert(AuditEvent).values(occurred_at=_now(), actor=actor, action=action, detail=detail))


def record(engine: Engine, actor: str, action: str, detail: str = "") -> None:
    with engine.begin() as connection:
        log_event(connection, actor, action, detail)


def create_user(engine: Engine, username: str, display_name: str, role: str, *, password: str | None = None,
                site_id: int | None = None, actor: str = "system") -> Account:
    with engine.begin() as connection:
        insert_user(connection, username, display_name, role, password=password, site_id=site_id, actor=actor)
        row = connection.execute(
            select(UserAccount).where(UserAccount.username == username.strip().casefold())).one()
    return _account(row)


def insert_user(connection: Connection, username: str, display_name: str, role: str, *,
                password: str | None = None, site_id: int | None = None, actor: str = "system") -> None:
    """Create an account inside the caller's transaction (and log it)."""
    username = username.strip().casefold()
    if role not in ROLES:
        raise AccountError(f"Ukendt rolle '{role}'.")
    if not username:
        raise AccountError("Brugernavnet mangler.")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"Adgangskoden skal have mindst {MIN_PASSWORD_LENGTH} tegn.")
    if connection.execute(select(UserAccount.id).where(UserAccount.username == username)).first():
        raise AccountError(f"Brugeren '{username}' findes allerede.")
    connection.execute(insert(UserAccount).values(
        username=username, display_name=display_name.strip() or username,
        password_hash=_hasher.hash(password) if password else None, role=role, site_id=site_id,
        failed_attempts=0, is_active=True, created_at=_now(),
    ))
    log_event(connection, actor, "user_created", f"{username}: {ROLES[role]}")


def authenticate(engine: Engine, username: str, password: str) -> Account:
    """The account for a correct user name and password; locks the account after repeated failures.

    Failures are written (counted and logged) before the refusal is raised.
    """
    username = username.strip().casefold()
    refusal: AccountError | None = None
    with engine.begin() as connection:
        row = connection.execute(select(UserAccount).where(UserAccount.username == username)).one_or_none()
        locked_until = row.locked_until if row is not None else None
        if locked_until is not None and locked_until.tzinfo is None:
            locked_until = locked_until.replace(tzinfo=UTC)
        if row is None or not row.is_active or row.password_hash is None:
            log_event(connection, username or "(tomt)", "sign_in_failed", "ukendt eller inaktiv bruger")
            refusal = AccountError("Forkert brugernavn eller adgangskode.")
        elif locked_until is not None and locked_until > _now():
            log_event(connection, username, "sign_in_failed", "kontoen er låst")
            refusal = AccountError(f"Kontoen er låst efter {MAX_FAILED_ATTEMPTS} forkerte forsøg. Prøv igen om "
                                   f"{int(LOCK_OUT.total_seconds() // 60)} minutter, eller kontakt en administrator.")
        elif not _password_matches(row.password_hash, password):
            attempts = row.failed_attempts + 1
            values = {"failed_attempts": attempts}
            if attempts >= MAX_FAILED_ATTEMPTS:
                values.update(failed_attempts=0, locked_until=_now() + LOCK_OUT)
                log_event(connection, username, "account_locked", f"{attempts} forkerte forsøg")
            connection.execute(update(UserAccount).where(UserAccount.id == row.id).values(**values))
            log_event(connection, username, "sign_in_failed", "forkert adgangskode")
            refusal = AccountError("Forkert brugernavn eller adgangskode.")
        else:
            connection.execute(update(UserAccount).where(UserAccount.id == row.id)
                               .values(failed_attempts=0, locked_until=None))
            log_event(connection, username, "signed_in", "lokal konto")
    if refusal is not None:
        raise refusal
    return _account(row)


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def account_for_identity(engine: Engine, email: str) -> Account | None:
    """The active account for an e-mail address from the identity provider, if there is one."""
    with engine.begin() as connection:
        row = connection.execute(select(UserAccount).where(
            UserAccount.username == email.strip().casefold(), UserAccount.is_active.is_(True))).one_or_none()
        log_event(connection, email, "signed_in" if row else "sign_in_failed",
                  "identitetsudbyder" if row else "ukendt identitet hos identitetsudbyderen")
    return _account(row) if row else None


def account_by_id(engine: Engine, account_id: int) -> Account | None:
    with engine.connect() as connection:
        row = connection.execute(select(UserAccount).where(
            UserAccount.id == account_id, UserAccount.is_active.is_(True))).one_or_none()
    return _account(row) if row else None


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


def audit_events(engine: Engine, limit: int = 5000) -> pd.DataFrame:
    with engine.connect() as connection:
        rows = connection.execute(select(AuditEvent.occurred_at, AuditEvent.actor, AuditEvent.action,
                                         AuditEvent.detail).order_by(AuditEvent.id.desc()).limit(limit)).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=["occurred_at", "actor", "action", "detail"])
