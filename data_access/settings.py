"""Every environment variable and every security limit, read in one place (the README lists them), and the check
of a secrets.toml section's settings.

Imports nothing of ours, so every layer may use it.
"""

import os
from collections.abc import Mapping
from datetime import timedelta


def env(name: str) -> str:
    """An environment variable, stripped; '' when unset."""
    return os.environ.get(name, "").strip()


# --- Environment -------------------------------------------------------------------------------------
# DATABASE_URL: the database (data_access/engine.py); unset: the SQLite file under data/.
DATABASE_URL_VARIABLE = "DATABASE_URL"
# DATABASE_READ_URL: a PostgreSQL read replica of DATABASE_URL for the analysis pages' reads (data_access/engine.py);
# unset: everything from DATABASE_URL.
DATABASE_READ_URL_VARIABLE = "DATABASE_READ_URL"
# BROWSER_PATH: the Chromium that draws the report's charts and prints its PDF.
BROWSER_PATH_VARIABLE = "BROWSER_PATH"
# ADMIN_PASSWORD: the password for `create-admin` and `reset-password` without a prompt.
ADMIN_PASSWORD_VARIABLE = "ADMIN_PASSWORD"
# BI_PASSWORD: the password of the BI team's read-only role for `create-bi-role` without a prompt.
BI_PASSWORD_VARIABLE = "BI_PASSWORD"
# PASSWORD_SIGN_IN: "ja" chooses local accounts with passwords, where no identity provider is set up in
# secrets.toml ([auth]); without either choice the app stops rather than guess (the demo's start script chooses).
PASSWORD_SIGN_IN_VARIABLE = "PASSWORD_SIGN_IN"
# SIGN_IN_SOURCE_HEADER: behind a reverse proxy, the header that carries the client's address (e.g.
# X-Real-IP), so that lock-out counts per client instead of counting every user as the proxy.
SIGN_IN_SOURCE_HEADER_VARIABLE = "SIGN_IN_SOURCE_HEADER"

# AUDIT_RETENTION_DAYS: how long audit entries and sign-in records are kept before `python -m cli purge` deletes
# them; unset: three years.
AUDIT_RETENTION_DAYS_VARIABLE = "AUDIT_RETENTION_DAYS"
DEFAULT_AUDIT_RETENTION = timedelta(days=3 * 365)


def audit_retention() -> timedelta:
    days = env(AUDIT_RETENTION_DAYS_VARIABLE)
    return timedelta(days=int(days)) if days.isdigit() and int(days) > 0 else DEFAULT_AUDIT_RETENTION


# PROJECT_RETENTION_MONTHS: how long after a project's end date its person-level data are kept, where the project
# sets no retention of its own (Stamdata); unset: 36 months.
PROJECT_RETENTION_MONTHS_VARIABLE = "PROJECT_RETENTION_MONTHS"
DEFAULT_PROJECT_RETENTION_MONTHS = 36


def project_retention_months() -> int:
    months = env(PROJECT_RETENTION_MONTHS_VARIABLE)
    return int(months) if months.isdigit() else DEFAULT_PROJECT_RETENTION_MONTHS


def password_sign_in_chosen() -> bool:
    return env(PASSWORD_SIGN_IN_VARIABLE).casefold() in ("ja", "1", "true")


def sign_in_source_header() -> str:
    return env(SIGN_IN_SOURCE_HEADER_VARIABLE)


# --- Sign-in and sessions ----------------------------------------------------------------------------
SESSION_TIMEOUT = timedelta(minutes=30)
MIN_PASSWORD_LENGTH = 12
# Longer passwords are refused: hashing and strength checks must stay cheap for any input.
MAX_PASSWORD_LENGTH = 128
# zxcvbn's score 0-4; 4 is "very unguessable: strong protection from offline slow-hash scenario" (10^10 guesses
# or more). 3 let a season, a year and two signs through ("Sommer2026!!").
MIN_PASSWORD_SCORE = 4
# Lock-out, counted in the database within a window that starts at the first failure:
LOCK_OUT_WINDOW = timedelta(minutes=15)
# wrong passwords for one account from one source (client address) before that pair is locked;
MAX_FAILURES_PER_ACCOUNT_AND_SOURCE = 5
# wrong passwords from one source, whichever accounts, before the source is locked (user-name spraying);
MAX_FAILURES_PER_SOURCE = 20
# wrong passwords for one account from all the sources it has never signed in from, together, before it is
# closed to new sources for the rest of the window (guessing from many addresses: 10 per 15 minutes is 40 an
# hour, however many addresses). Sources it has signed in from keep their own limit, so nobody can keep the
# account's own users out; an administrator, or `unlock` on the server, lifts it.
MAX_NEW_SOURCE_FAILURES_PER_ACCOUNT = 10
# how long a source an account has signed in from counts as its own
KNOWN_SOURCE_DAYS = 90


# Seconds a downloaded file's address answers after its first fetch (the browser may fetch twice at once);
# then the file is gone from the server's store, and only a new click, checked against the session, builds it.
DOWNLOAD_ADDRESS_SECONDS = 10


# --- Scale ---------------------------------------------------------------------------------------------
# A view of at least this many sites is worked out site by site, each site's part kept in the database
# (data_access/site_figures/); a smaller one straight from its rows. SITE_FIGURES_FROM overrides it.
SITE_FIGURES_FROM_VARIABLE = "SITE_FIGURES_FROM"
SITE_FIGURES_FROM_DEFAULT = 8


# After an import or a master-data save the app starts `python -m cli warm-figures` in the background, so that
# the next reader of a large programme waits for nothing. WARM_AFTER_CHANGE=nej turns it off (the tests do).
WARM_AFTER_CHANGE_VARIABLE = "WARM_AFTER_CHANGE"


def warm_after_change() -> bool:
    return (env(WARM_AFTER_CHANGE_VARIABLE) or "ja").strip().lower() != "nej"


def site_figures_from() -> int:
    """SITE_FIGURES_FROM, checked: a whole number of at least 1 (unset: 8)."""
    configured = env(SITE_FIGURES_FROM_VARIABLE)
    if not configured:
        return SITE_FIGURES_FROM_DEFAULT
    if not configured.isdigit() or int(configured) < 1:
        raise ValueError(f"Miljøvariablen {SITE_FIGURES_FROM_VARIABLE} skal være et helt tal på mindst 1 (fx "
                         f"{SITE_FIGURES_FROM_DEFAULT}), men er sat til «{configured}». Ret den, og start appen igen.")
    return int(configured)


def checked_section(name: str, section, allowed: tuple[str, ...]) -> None:
    """A section of secrets.toml is a table of settings the app knows; a ValueError in Danish otherwise (a
    misspelt setting must not be ignored in silence)."""
    if not isinstance(section, Mapping):
        raise ValueError(f"I secrets.toml skal {name} være et afsnit, [{name}], ikke en enkelt værdi.")
    unknown = sorted(set(section) - set(allowed))
    if unknown:
        raise ValueError(f"Afsnittet [{name}] i secrets.toml har {', '.join(unknown)}, som appen ikke kender. "
                         f"Det kan have: {', '.join(allowed)}.")
