"""Accounts, roles, sign-in with lock-out, passwords, and the audit log.

Roles, lowest first: viewer (reads), uploader (also imports and rolls back),
admin (also manages users, benchmark values and categories). A role may be
limited to one site. Passwords are hashed with argon2; nothing else about a
password is kept.

Lock-out (limits in ``data_access.settings``): every attempt is counted before its password is checked,
with one atomic statement per counter, so parallel attempts check no more passwords than the limit. The
counters run over a window that starts at their first failure, one after the other, and an attempt refused
by one adds to none after it:

* an account from one source (client address): 5 wrong passwords lock the account *for that source*, so
  an anonymous client can lock nobody out but itself, however often it tries;
* one source, whichever accounts: 20 wrong passwords lock the source (spraying user names);
* one account from many sources: more than 10 sources failing lock the account everywhere (guessing from
  many addresses).
The counters hold keyed hashes of the user name and the source (the installation's own random key), never
their text. Locks end with the window (15 minutes); an administrator, or ``python -m cli unlock`` on
the server, lifts them at once.
"""

import hashlib
import hmac
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, Engine, case, delete, func, insert, literal, null, or_, select, union_all, update
from sqlalchemy.dialects import postgresql, sqlite
from zxcvbn import zxcvbn

from data_access.cpr import CprRefused, UserRefusal, looks_like_cpr, redacted, refuse_cpr, without_control_characters
from data_access.models import (
    AuditEvent,
    InstallationSetting,
    SignInFailureTally,
    SignInKnownSource,
    SignInThrottle,
    UserAccount,
)
from data_access.settings import (
    KNOWN_SOURCE_DAYS,
    LOCK_OUT_WINDOW,
    MAX_FAILURES_PER_ACCOUNT_AND_SOURCE,
    MAX_FAILURES_PER_SOURCE,
    MAX_NEW_SOURCE_FAILURES_PER_ACCOUNT,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    MIN_PASSWORD_SCORE,
)

ROLES: dict[str, str] = {"viewer": "Læser", "uploader": "Indberetter", "admin": "Administrator"}
ROLE_RANK = {"viewer": 1, "uploader": 2, "admin": 3}
# The demo's public password (README): never accepted for an account of a real installation.
DEMO_PASSWORD = "demo-adgangskode-2026"
DEMO_DATABASE_KEY = "demo_database"
# Where a sign-in came from when the server cannot tell (a local connection).
LOCAL_SOURCE = "lokal"
SIGN_IN_HASH_KEY = "sign_in_hash_key"
WRONG_CREDENTIALS = "Forkert brugernavn eller adgangskode."
LOCKED = (f"For mange forkerte forsøg. Prøv igen om {int(LOCK_OUT_WINDOW.total_seconds() // 60)} minutter, "
          "eller bed en administrator om at låse op.")
# Reasons of the failures counted per hour instead of logged one by one (SignInFailureTally).
TALLY_REASONS = {"unknown_user": "ukendt brugernavn", "locked": "forsøg mens låst"}

# argon2's recommended cost (RFC 9106's second choice: 3 passes, 64 MiB).
PASSWORD_HASHER = PasswordHasher()
_hasher = PASSWORD_HASHER
# Checked when the user name is unknown, so that an unknown name takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("ingen-bruger-har-denne-adgangskode")


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


def _account(row) -> Account:
    return Account(row.id, row.username, row.display_name, row.role, row.site_id, row.must_change_password,
                   row.password_hash is not None)


def _now() -> datetime:
    return datetime.now(UTC)


def log_event(connection: Connection, actor: str, action: str, detail: str = "") -> None:
    # Whatever reached this far, the log never holds a CPR number.
    connection.execute(insert(AuditEvent).values(
        occurred_at=_now(), actor=without_control_characters(redacted(actor))[:200], action=action,
        detail=without_control_characters(redacted(detail))))


def record(engine: Engine, actor: str, action: str, detail: str = "") -> None:
    with engine.begin() as connection:
        log_event(connection, actor, action, detail)


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
    return _account(row)


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
        password_hash=_hasher.hash(password) if password else None, role=role, site_id=site_id,
        is_active=True, must_change_password=False, is_demo=demo, created_at=_now(),
    ))
    log_event(connection, actor, "user_created", f"{username}: {ROLES[role]}")


# --- The demo's own database ---------------------------------------------------------------------------


def mark_demo_database(connection: Connection) -> None:
    """Called by the demo inside the transaction that fills an empty database."""
    connection.execute(insert(InstallationSetting).values(key=DEMO_DATABASE_KEY, value="ja"))


def is_demo_database(connection: Connection) -> bool:
    return connection.execute(select(InstallationSetting.value).where(
        InstallationSetting.key == DEMO_DATABASE_KEY)).first() is not None


# --- Sign-in and lock-out ------------------------------------------------------------------------------


def _hash_key(connection: Connection) -> bytes:
    """The installation's random key for the sign-in counters, made the first time it is needed (every app process
    of the installation shares it through the database)."""
    statement = _dialect_insert(connection)(InstallationSetting).values(key=SIGN_IN_HASH_KEY,
                                                                       value=secrets.token_hex(32))
    connection.execute(statement.on_conflict_do_nothing(index_elements=[InstallationSetting.key]))
    return bytes.fromhex(connection.execute(select(InstallationSetting.value).where(
        InstallationSetting.key == SIGN_IN_HASH_KEY)).scalar_one())


# Hex digits written as letters: a run of ten hex digits can happen to have a CPR number's shape.
_LETTERS_FOR_DIGITS = str.maketrans("0123456789", "ghijklmnop")


def _hashed(key: bytes, text: str) -> str:
    """A keyed hash of a user name or a source: the counters never hold what was typed (it may be anything), and
    the hash holds no digit."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:40].translate(_LETTERS_FOR_DIGITS)


def _pair_prefix(key: bytes, username: str) -> str:
    return f"konto+kilde\t{_hashed(key, username)}\t"


def _throttle_keys(key: bytes, username: str, source: str) -> dict[str, int]:
    """The counters of a wrong password, with their limits: the account from this source, the source, and the
    account from new sources (counted only for a source the account has not signed in from)."""
    return {_pair_prefix(key, username) + _hashed(key, source): MAX_FAILURES_PER_ACCOUNT_AND_SOURCE,
            f"kilde\t{_hashed(key, source)}": MAX_FAILURES_PER_SOURCE,
            f"nye-kilder\t{_hashed(key, username)}": MAX_NEW_SOURCE_FAILURES_PER_ACCOUNT}


def _known_source_key(key: bytes, username: str, source: str) -> str:
    return f"{_hashed(key, username)}\t{_hashed(key, source)}"


def _dialect_insert(connection: Connection):
    return postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert


def _delete_expired_counters(connection: Connection, now: datetime) -> None:
    expired = select(SignInThrottle.key).where(SignInThrottle.window_started_at < now - LOCK_OUT_WINDOW)
    if connection.dialect.name == "postgresql":
        # Counters another attempt holds are left for a later sweep: waiting for them could deadlock.
        expired = expired.with_for_update(skip_locked=True)
    connection.execute(delete(SignInThrottle).where(SignInThrottle.key.in_(expired.scalar_subquery())))
    # A source is an account's own for KNOWN_SOURCE_DAYS after its last sign-in; then the hashes go too.
    connection.execute(delete(SignInKnownSource).where(
        SignInKnownSource.last_signed_in_at < now - timedelta(days=KNOWN_SOURCE_DAYS)))


def _hold_counters(connection: Connection, keys: list[str], now: datetime) -> dict[str, int]:
    """Each counter's wrong passwords within the window, its row locked until the attempt's transaction ends.

    Locked in key order, so that attempts sharing counters queue instead of deadlocking; on SQLite the first
    write takes the database's one write lock.
    """
    counts = {}
    expired = SignInThrottle.window_started_at < now - LOCK_OUT_WINDOW
    for key in sorted(keys):
        statement = _dialect_insert(connection)(SignInThrottle).values(key=key, failures=0, window_started_at=now)
        statement = statement.on_conflict_do_update(index_elements=[SignInThrottle.key], set_={
            "failures": case((expired, 0), else_=SignInThrottle.failures),
            "window_started_at": case((expired, now), else_=SignInThrottle.window_started_at),
        }).returning(SignInThrottle.failures)
        counts[key] = connection.execute(statement).scalar_one()
    return counts


def _count_wrong_password(connection: Connection, key: str, now: datetime) -> None:
    # The window starts at the first wrong password.
    first = SignInThrottle.failures == 0
    connection.execute(update(SignInThrottle).where(SignInThrottle.key == key).values(
        failures=SignInThrottle.failures + 1,
        window_started_at=case((first, now), else_=SignInThrottle.window_started_at)))


def _is_known_source(connection: Connection, key: str, now: datetime) -> bool:
    return connection.execute(select(SignInKnownSource.key).where(
        SignInKnownSource.key == key,
        SignInKnownSource.last_signed_in_at >= now - timedelta(days=KNOWN_SOURCE_DAYS))).first() is not None


def _remember_source(connection: Connection, key: str, now: datetime) -> None:
    statement = _dialect_insert(connection)(SignInKnownSource).values(key=key, last_signed_in_at=now)
    connection.execute(statement.on_conflict_do_update(index_elements=[SignInKnownSource.key],
                                                       set_={"last_signed_in_at": now}))


def _tally(connection: Connection, reason: str, now: datetime) -> None:
    hour = now.replace(minute=0, second=0, microsecond=0)
    statement = _dialect_insert(connection)(SignInFailureTally).values(
        hour_start=hour, reason=reason, attempts=1, last_at=now)
    connection.execute(statement.on_conflict_do_update(
        index_elements=[SignInFailureTally.hour_start, SignInFailureTally.reason],
        set_={"attempts": SignInFailureTally.attempts + 1, "last_at": now}))


def authenticate(engine: Engine, username: str, password: str, source: str | None = None) -> Account:
    """The account for a correct user name and password, else a Danish refusal.

    ``source`` is the client's address (None: a local connection). Only a wrong password counts, against three
    limits: the account from this source, the source (whichever accounts), and the account from every source it
    has never signed in from, together. The attempt's counters stay locked while its password is checked, so
    that parallel attempts queue rather than check more passwords than a limit allows, and a correct password
    is never refused because others signed in at the same moment. An attempt a lock refuses counts no further.
    Unknown names cost the same password check as known ones and are counted per hour, not logged one by one.
    """
    source = source or LOCAL_SOURCE
    username = username.strip().casefold()[:200]
    if looks_like_cpr(username):
        username = ""  # never looked up, logged or counted under that name
    now = _now()
    with engine.begin() as connection:
        _delete_expired_counters(connection, now)
    with engine.begin() as connection:
        hash_key = _hash_key(connection)
        limits = _throttle_keys(hash_key, username, source)
        pair, per_source, new_sources = limits
        known = _is_known_source(connection, _known_source_key(hash_key, username, source), now)
        counted = [pair, per_source] if known else [pair, per_source, new_sources]
        failures = _hold_counters(connection, counted, now)
        full = [key for key in counted if failures[key] >= limits[key]]
        row = connection.execute(select(UserAccount).where(UserAccount.username == username)).one_or_none()
        usable = (row is not None and row.is_active and row.password_hash is not None
                  and (not row.is_demo or is_demo_database(connection)))
        if full:
            _tally(connection, "locked", now)
            if row is not None and any(failures[key] == limits[key] for key in full):
                log_event(connection, username, "account_locked", f"for mange forkerte forsøg (kilde {source})")
            # Marked as past its limit, so that the lock is logged once.
            for key in full:
                if failures[key] == limits[key]:
                    _count_wrong_password(connection, key, now)
        else:
            matches = _password_matches(row.password_hash if usable else _DUMMY_HASH, password)
            if usable and matches:
                connection.execute(update(SignInThrottle).where(SignInThrottle.key == pair).values(failures=0))
                _remember_source(connection, _known_source_key(hash_key, username, source), now)
                log_event(connection, username, "signed_in", "lokal konto")
            else:
                for key in counted:
                    _count_wrong_password(connection, key, now)
                if row is None:
                    _tally(connection, "unknown_user", now)
                else:
                    reason = "forkert adgangskode" if usable else "inaktiv konto, uden adgangskode eller demokonto"
                    log_event(connection, username, "sign_in_failed", f"{reason} (kilde {source})")
    if full:
        raise AccountError(LOCKED)
    if not (usable and matches):
        raise AccountError(WRONG_CREDENTIALS)
    return _account(row)


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password[:MAX_PASSWORD_LENGTH])
    except (VerificationError, InvalidHashError):
        return False


def unlock(engine: Engine, username: str, actor: str) -> int:
    """Lift every lock that names the account (from any source); returns how many counters were cleared."""
    username = username.strip().casefold()
    with engine.begin() as connection:
        hash_key = _hash_key(connection)
        prefix = _pair_prefix(hash_key, username)
        lifted = connection.execute(delete(SignInThrottle).where(or_(
            SignInThrottle.key.like(_like(prefix) + "%", escape="\\"),
            SignInThrottle.key == f"nye-kilder\t{_hashed(hash_key, username)}"))).rowcount
        log_event(connection, actor, "account_unlocked", username)
    return lifted


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def lock_states(engine: Engine) -> dict[str, str]:
    """The accounts some sources cannot sign in to right now, with how, in Danish: 'for 1 afsender', 'for nye
    afsendere (10 forkerte forsøg)' or both. The counters hold hashes: each account's is worked out."""
    now = _now()
    with engine.begin() as connection:
        key = _hash_key(connection)
        rows = connection.execute(select(SignInThrottle.key, SignInThrottle.failures).where(
            SignInThrottle.window_started_at >= now - LOCK_OUT_WINDOW, SignInThrottle.failures > 0)).all()
        names = connection.execute(select(UserAccount.username)).scalars().all()
    locked_pairs: dict[str, int] = {}
    new_sources: dict[str, int] = {}
    for counter, failures in rows:
        kind, account_hash, *_ = counter.split("\t")
        if kind == "konto+kilde" and failures >= MAX_FAILURES_PER_ACCOUNT_AND_SOURCE:
            locked_pairs[account_hash] = locked_pairs.get(account_hash, 0) + 1
        elif kind == "nye-kilder" and failures >= MAX_NEW_SOURCE_FAILURES_PER_ACCOUNT:
            new_sources[account_hash] = failures
    states = {}
    for name in names:
        account_hash = _hashed(key, name)
        parts = []
        if account_hash in locked_pairs:
            parts.append(f"for {locked_pairs[account_hash]} "
                         f"{'afsender' if locked_pairs[account_hash] == 1 else 'afsendere'}")
        if account_hash in new_sources:
            parts.append(f"for nye afsendere ({min(new_sources[account_hash], MAX_NEW_SOURCE_FAILURES_PER_ACCOUNT)} "
                         "forkerte forsøg fra afsendere, kontoen ikke har logget ind fra)")
        if parts:
            states[name] = " og ".join(parts)
    return states


def locked_accounts(engine: Engine) -> list[str]:
    """The accounts that some source (or every source) cannot sign in to right now."""
    return sorted(lock_states(engine))


def change_own_password(engine: Engine, account_id: int, current: str, new: str) -> None:
    """The signed-in user's own change: the current password first, then the rule for the new one."""
    with engine.connect() as connection:
        row = connection.execute(select(UserAccount).where(UserAccount.id == account_id)).one()
    if row.password_hash is None:
        raise AccountError("Kontoen logger ind via identitetsudbyderen; adgangskoden skiftes dér.")
    if not _password_matches(row.password_hash, current):
        record(engine, row.username, "password_change_failed", "forkert nuværende adgangskode")
        raise AccountError("Den nuværende adgangskode er forkert.")
    if current == new:
        raise AccountError("Den nye adgangskode skal være en anden end den nuværende.")
    check_password(new, row.username, row.display_name)
    with engine.begin() as connection:
        connection.execute(update(UserAccount).where(UserAccount.id == account_id).values(
            password_hash=_hasher.hash(new), must_change_password=False, is_demo=False))
        log_event(connection, row.username, "password_changed", "egen adgangskode")


def set_password(engine: Engine, account_id: int, new: str, actor: str) -> None:
    """An administrator's reset: the user must choose a new password at the next sign-in."""
    with engine.begin() as connection:
        row = connection.execute(select(UserAccount).where(UserAccount.id == account_id)).one()
        check_password(new, row.username, row.display_name)
        connection.execute(update(UserAccount).where(UserAccount.id == account_id).values(
            password_hash=_hasher.hash(new), must_change_password=True, is_demo=False))
        log_event(connection, actor, "password_reset", row.username)


def account_for_identity(engine: Engine, email: str) -> Account | None:
    """The active account for an e-mail address from the identity provider, if there is one."""
    with engine.begin() as connection:
        row = connection.execute(select(UserAccount).where(
            UserAccount.username == email.strip().casefold(), UserAccount.is_active.is_(True))).one_or_none()
        log_event(connection, email, "signed_in" if row else "sign_in_failed",
                  "identitetsudbyder" if row else "ukendt identitet hos identitetsudbyderen")
    return _account(row) if row else None


def account_by_username(engine: Engine, username: str) -> Account | None:
    with engine.connect() as connection:
        row = connection.execute(select(UserAccount).where(
            UserAccount.username == username.strip().casefold())).one_or_none()
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


AUDIT_COLUMNS = ["occurred_at", "actor", "action", "detail", "attempts"]
TALLY_ACTOR = "(ukendt)"


def audit_page(engine: Engine, actions: list[str] | None = None, actor_contains: str = "", page: int = 0,
               page_size: int = 100) -> tuple[pd.DataFrame, int]:
    """One page of the audit log, newest first, filtered in the database; and how many events match.

    Failed sign-ins counted per hour (unknown names, attempts while locked) come in as one event per hour
    and reason, with ``attempts`` set, so a flood of them is one line and never pushes other events away.
    """
    events = select(AuditEvent.occurred_at, AuditEvent.actor, AuditEvent.action, AuditEvent.detail,
                    null().label("attempts"))
    tallies = select(SignInFailureTally.last_at, literal(TALLY_ACTOR), literal("sign_in_failed"),
                     SignInFailureTally.reason, SignInFailureTally.attempts)
    if actions:
        events = events.where(AuditEvent.action.in_(actions))
        if "sign_in_failed" not in actions:
            tallies = tallies.where(literal(False))
    needle = actor_contains.strip().casefold()
    if needle:
        events = events.where(func.lower(AuditEvent.actor).contains(needle, autoescape=True))
        if needle not in TALLY_ACTOR:
            tallies = tallies.where(literal(False))
    combined = union_all(events, tallies).subquery()
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(combined)).scalar_one()
        rows = connection.execute(select(combined).order_by(combined.c[0].desc())
                                  .limit(page_size).offset(max(page, 0) * page_size)).all()
    frame = pd.DataFrame([tuple(row) for row in rows], columns=AUDIT_COLUMNS)
    tallied = frame["attempts"].notna()
    frame.loc[tallied, "detail"] = [
        f"{int(attempts)} forsøg i timen ({TALLY_REASONS.get(reason, reason)})"
        for attempts, reason in zip(frame.loc[tallied, "attempts"], frame.loc[tallied, "detail"], strict=True)
    ]
    return frame, total


def audit_events(engine: Engine) -> pd.DataFrame:
    """The whole audit log, newest first (tests and exports; the page reads it a page at a time)."""
    frame, _ = audit_page(engine, page_size=10**9)
    return frame
