"""Sign-in through the municipality's identity provider (e.g. Microsoft Entra ID), as its IT department sets it up.

Who the person is comes from one claim of the ID token: Entra ID's object id ``oid`` with the tenant ``tid``
(stable, and sent without any optional claim), ``preferred_username`` or ``email``. Where IT maps the
provider's groups or app roles to the dashboard's three roles, the role follows the groups at every sign-in: a
new group gives its role, a removed one takes it away, and somebody in no mapped group is refused. An account
can then also be made at the first sign-in. Without a mapping, an administrator makes each account by hand and
gives it its role, as before.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update

from data_access.accounts.audit_log import log_event
from data_access.accounts.users import EMAIL_ADDRESS, ROLE_RANK, ROLES, Account, AccountError, account_from_row
from data_access.cpr import looks_like_cpr, without_control_characters
from data_access.models import UserAccount
from data_access.settings import checked_section

MATCH_CLAIMS = ("oid", "preferred_username", "email")
# Entra ID's ids are GUIDs: an account named by one is "<oid>@<tid>".
_GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PROVIDER = "identitetsudbyder"
NO_GROUP = ("Du er ikke med i en gruppe, der giver adgang til styregruppens dashboard. Bed kommunens IT om at "
            "give dig den gruppe, der svarer til din rolle.")
NO_ACCOUNT = ("Din konto hos identitetsudbyderen har ikke adgang til dashboardet. Bed en administrator om at "
              "oprette dig med den rolle, du skal have.")


@dataclass(frozen=True)
class IdentityRules:
    """How the provider's ID token is read: which claim names the person, and which groups give which role."""

    match_on: str = "email"
    groups_claim: str = "groups"
    role_groups: Mapping[str, frozenset[str]] = field(default_factory=dict)
    create_accounts: bool = False

    @property
    def roles_from_groups(self) -> bool:
        return any(self.role_groups.values())


def identity_key(claims: Mapping, rules: IdentityRules) -> str | None:
    """The account name the claims give, or None when the provider did not send the claim."""
    if rules.match_on == "oid":
        oid, tid = (str(claims.get(name) or "").strip().casefold() for name in ("oid", "tid"))
        return f"{oid}@{tid}" if _GUID.fullmatch(oid) and _GUID.fullmatch(tid) else None
    value = str(claims.get(rules.match_on) or "").strip().casefold()
    return value[:200] or None


def role_from_groups(claims: Mapping, rules: IdentityRules) -> str | None:
    """The highest role one of the person's groups (or app roles) gives; None for no mapped group."""
    found = claims.get(rules.groups_claim) or []
    groups = {found} if isinstance(found, str) else {str(group) for group in found}
    roles = [role for role, mapped in rules.role_groups.items() if groups & set(mapped)]
    return max(roles, key=ROLE_RANK.__getitem__, default=None)


def _display_name(claims: Mapping, key: str) -> str:
    for name in ("name", "preferred_username", "email"):
        value = without_control_characters(str(claims.get(name) or "")).strip()[:200]
        if value and not looks_like_cpr(value):
            return value
    return "Bruger fra identitetsudbyderen" if _GUID.match(key) else key


def account_for_identity(engine: Engine, claims: Mapping, rules: IdentityRules) -> Account:
    """The active account for the signed-in identity, its role brought in line with its groups where IT maps
    them; an AccountError with a Danish message otherwise. Every outcome is in the audit log."""
    key = identity_key(claims, rules)
    with engine.begin() as connection:
        refusal = _check_and_sync(connection, key, claims, rules)
        if not refusal:
            # The address the provider gives, for the notice when a quarter is published.
            # Never an address that holds something shaped like a CPR number.
            address = next((str(claims[name]).strip() for name in ("email", "preferred_username")
                            if EMAIL_ADDRESS.fullmatch(str(claims.get(name) or "").strip())
                            and not looks_like_cpr(claims[name])), None)
            connection.execute(update(UserAccount).where(UserAccount.username == key).values(email=address))
        row = None if refusal else connection.execute(
            select(UserAccount).where(UserAccount.username == key)).one()
        log_event(connection, key or PROVIDER, "sign_in_failed" if refusal else "signed_in",
                  refusal[1] if refusal else PROVIDER)
    if refusal:
        raise AccountError(refusal[0])
    return account_from_row(row)


def _check_and_sync(connection, key: str | None, claims: Mapping, rules: IdentityRules) -> tuple[str, str] | None:
    """None when the identity may sign in (its account made or its role changed where the groups say so);
    else the refusal, for the person and for the audit log."""
    if key is None or (looks_like_cpr(key) and not _GUID.match(key)):
        return (f"Identitetsudbyderen sendte ikke det felt ({rules.match_on}), dashboardet kender brugere på. "
                "Bed kommunens IT om at tjekke opsætningen.", f"identitetsudbyderen sendte ikke {rules.match_on}")
    row = connection.execute(select(UserAccount).where(UserAccount.username == key)).one_or_none()
    if rules.roles_from_groups:
        role = role_from_groups(claims, rules)
        if role is None:
            return NO_GROUP, "ingen gruppe, der giver adgang"
        if row is None and rules.create_accounts:
            connection.execute(insert(UserAccount).values(
                username=key, display_name=_display_name(claims, key), password_hash=None, role=role, site_id=None,
                is_active=True, must_change_password=False, is_demo=False, created_at=datetime.now(UTC)))
            log_event(connection, PROVIDER, "user_created", f"{key}: {ROLES[role]} (første login)")
            return None
        if row is not None and row.is_active and row.role != role:
            connection.execute(update(UserAccount).where(UserAccount.id == row.id).values(role=role))
            log_event(connection, PROVIDER, "role_changed", f"{key}: {ROLES[role]} (efter grupperne)")
    if row is None or not row.is_active:
        return NO_ACCOUNT, "ukendt eller deaktiveret identitet hos identitetsudbyderen"
    return None


IDENTITY_SETTINGS = ("match_on", "groups_claim", *ROLES, "create_accounts")


def rules_from_settings(section: Mapping | None) -> IdentityRules:
    """The ``[identity]`` section of secrets.toml as rules; a ValueError with a Danish message for a setting that
    is not understood (a misspelt key must not silently give everybody the wrong role)."""
    if section is None:
        return IdentityRules()
    checked_section("identity", section, IDENTITY_SETTINGS)
    match_on = str(section.get("match_on", "email"))
    if match_on not in MATCH_CLAIMS:
        raise ValueError(f"match_on i [identity] skal være {', '.join(MATCH_CLAIMS)}, ikke '{match_on}'.")
    role_groups = {}
    for role in ROLES:
        groups = section.get(role, [])
        if isinstance(groups, str) or not all(isinstance(group, str) and group.strip() for group in groups):
            raise ValueError(f"{role} i [identity] skal være en liste af gruppe-id'er eller app-roller i "
                             f'anførselstegn, fx {role} = ["..."].')
        role_groups[role] = frozenset(group.strip() for group in groups)
    create_accounts = section.get("create_accounts", False)
    if not isinstance(create_accounts, bool):
        raise ValueError("create_accounts i [identity] skal være true eller false.")
    if create_accounts and not any(role_groups.values()):
        raise ValueError("create_accounts = true i [identity] kræver grupper for mindst én rolle: ellers ville "
                         "alle i kommunen få en konto.")
    return IdentityRules(match_on, str(section.get("groups_claim", "groups")), role_groups, create_accounts)
