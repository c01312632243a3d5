"""How a password is hashed and checked: argon2, and nothing else about a password is kept.

Callers go through this module's functions (never a copy of the hasher), so that the tests can hash cheaply
by replacing ``_hasher`` here.
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from data_access.settings import MAX_PASSWORD_LENGTH

# argon2's recommended cost (RFC 9106's second choice: 3 passes, 64 MiB).
PASSWORD_HASHER = PasswordHasher()
_hasher = PASSWORD_HASHER
# Checked when the user name is unknown, so that an unknown name takes as long as a wrong password. Made at the
# first such check, not on import: a hash costs a tenth of a second, and every command-line run imports this.
_DUMMY_HASH: str | None = None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password[:MAX_PASSWORD_LENGTH])
    except (VerificationError, InvalidHashError):
        return False


def unknown_user_hash() -> str:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = _hasher.hash("ingen-bruger-har-denne-adgangskode")
    return _DUMMY_HASH
