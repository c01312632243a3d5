"""Sign-in with a user name and password, and the lock-out that limits guessing.

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
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from data_access.accounts import passwords
from data_access.accounts.audit_log import log_event
from data_access.accounts.users import Account, AccountError, account_from_row, is_demo_database
from data_access.cpr import looks_like_cpr
from data_access.models import InstallationSetting, SignInFailureTally, SignInKnownSource, SignInThrottle, UserAccount
from data_access.settings import (
    KNOWN_SOURCE_DAYS,
    LOCK_OUT_WINDOW,
    MAX_FAILURES_PER_ACCOUNT_AND_SOURCE,
    MAX_FAILURES_PER_SOURCE,
    MAX_NEW_SOURCE_FAILURES_PER_ACCOUNT,
)


def _now() -> datetime:
    return datetime.now(UTC)

# Where a sign-in came from when the server cannot tell (a local connection).
LOCAL_SOURCE = "lokal"
SIGN_IN_HASH_KEY = "sign_in_hash_key"
WRONG_CREDENTIALS = "Forkert brugernavn eller adgangskode."
LOCKED = (f"For mange forkerte forsøg. Prøv igen om {int(LOCK_OUT_WINDOW.total_seconds() // 60)} minutter, "
          "eller bed en administrator om at låse op.")


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
            checked_hash = row.password_hash if usable else passwords.unknown_user_hash()
            matches = passwords.password_matches(checked_hash, password)
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
    return account_from_row(row)


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
