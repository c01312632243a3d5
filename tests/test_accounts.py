"""Accounts, sign-in, lock-out and the audit log on SQLite and PostgreSQL."""

import os
import subprocess
import sys

import pytest

from data_access.accounts.audit_log import audit_events
from data_access.accounts.identity import IdentityRules, account_for_identity, rules_from_settings
from data_access.accounts.sign_in import authenticate
from data_access.accounts.users import (
    AccountError,
    change_role,
    create_user,
    has_admin,
    set_active,
    users,
)
from data_access.master_data import MasterDataRefused, save_row, stored_rows
from data_access.settings import MAX_FAILURES_PER_ACCOUNT_AND_SOURCE
from data_access.workbook.format import load_choices
from tests.conftest import PROJECT_ROOT

PASSWORD = "korrekt-hest-batteri"


def actions(engine) -> list[str]:
    return audit_events(engine)["action"].tolist()


def test_passwords_are_hashed_with_argon2_at_the_production_cost_and_checked(engine, monkeypatch):
    from data_access.accounts import passwords

    # The other tests hash cheaply (tests/conftest.py); this one checks what the app itself stores.
    monkeypatch.setattr(passwords, "_hasher", passwords.PASSWORD_HASHER)
    assert (passwords.PASSWORD_HASHER.time_cost, passwords.PASSWORD_HASHER.memory_cost) >= (3, 64 * 1024)
    create_user(engine, "PL@Kommune.dk", "Projektleder", "uploader", password=PASSWORD)
    stored = users(engine).iloc[0]
    assert stored["username"] == "pl@kommune.dk" and bool(stored["local"])
    from sqlalchemy import text

    with engine.connect() as connection:
        password_hash = connection.execute(text("SELECT password_hash FROM user_account")).scalar_one()
    assert password_hash.startswith("$argon2id$") and "m=65536,t=3" in password_hash and PASSWORD not in password_hash
    account = authenticate(engine, " pl@kommune.dk ", PASSWORD)
    assert (account.role, account.may("uploader"), account.may("admin")) == ("uploader", True, False)
    with pytest.raises(AccountError, match="Forkert brugernavn eller adgangskode"):
        authenticate(engine, "pl@kommune.dk", "forkert")
    with pytest.raises(AccountError, match="Forkert brugernavn eller adgangskode"):
        authenticate(engine, "ukendt", PASSWORD)
    # The unknown name is counted in the hour's tally, not logged as a row of its own.
    assert actions(engine)[:3] == ["sign_in_failed", "sign_in_failed", "signed_in"]
    assert audit_events(engine)["actor"].iloc[0] == "(ukendt)"


def test_repeated_failures_lock_the_account(engine):
    create_user(engine, "viewer", "Læser", "viewer", password=PASSWORD)
    for _ in range(MAX_FAILURES_PER_ACCOUNT_AND_SOURCE):
        with pytest.raises(AccountError):
            authenticate(engine, "viewer", "gæt")
    with pytest.raises(AccountError, match="For mange forkerte forsøg"):
        authenticate(engine, "viewer", PASSWORD)
    assert "account_locked" in actions(engine)


def test_weak_passwords_unknown_roles_and_duplicates_are_refused(engine):
    with pytest.raises(AccountError, match="mindst 12 tegn"):
        create_user(engine, "a", "A", "viewer", password="kort")
    with pytest.raises(AccountError, match="Ukendt rolle"):
        create_user(engine, "a", "A", "superuser", password=PASSWORD)
    create_user(engine, "a", "A", "viewer", password=PASSWORD)
    with pytest.raises(AccountError, match="findes allerede"):
        create_user(engine, "A", "A", "viewer", password=PASSWORD)


def test_identities_map_to_accounts_and_unknown_ones_get_nothing(engine):
    create_user(engine, "chef@kommune.dk", "Forvaltningschef", "viewer")
    by_email = IdentityRules()
    assert account_for_identity(engine, {"email": "Chef@Kommune.dk"}, by_email).role == "viewer"
    with pytest.raises(AccountError, match="har ikke adgang til dashboardet"):
        account_for_identity(engine, {"email": "fremmed@example.org"}, by_email)
    with pytest.raises(AccountError, match=r"sendte ikke det felt \(email\)"):
        account_for_identity(engine, {"sub": "x"}, by_email)
    assert actions(engine)[:2] == ["sign_in_failed", "sign_in_failed"]


OID = "5f1d3c2a-8e4b-4c6d-9a7f-0123456789ab"
TID = "0a1b2c3d-4e5f-4a6b-8c7d-111111111111"
ENTRA = rules_from_settings({"match_on": "oid", "groups_claim": "groups", "viewer": ["styregruppe-gruppe"],
                             "uploader": ["projektledere"], "admin": ["dashboard-admins"], "create_accounts": True})


def test_entra_ids_object_id_without_an_email_signs_in_and_the_groups_set_the_role(engine):
    claims = {"oid": OID.upper(), "tid": TID, "name": "Forvaltningschef Hansen", "groups": ["styregruppe-gruppe"]}
    account = account_for_identity(engine, claims, ENTRA)
    assert (account.username, account.display_name, account.role) == (f"{OID}@{TID}", "Forvaltningschef Hansen",
                                                                       "viewer")
    assert not account.has_password
    # A group that gives more: the highest role; the same account.
    promoted = account_for_identity(engine, {**claims, "groups": ["styregruppe-gruppe", "dashboard-admins"]}, ENTRA)
    assert (promoted.id, promoted.role) == (account.id, "admin")
    # The group taken away: the next sign-in is refused, in Danish, and the account keeps no rights it had.
    with pytest.raises(AccountError, match="ikke med i en gruppe"):
        account_for_identity(engine, {**claims, "groups": ["andet"]}, ENTRA)
    with pytest.raises(AccountError, match="ikke med i en gruppe"):
        account_for_identity(engine, {key: value for key, value in claims.items() if key != "groups"}, ENTRA)
    assert account_for_identity(engine, {**claims, "groups": ["projektledere"]}, ENTRA).role == "uploader"
    logged = audit_events(engine)
    assert {"user_created", "role_changed", "signed_in", "sign_in_failed"} <= set(logged["action"])
    assert "Hansen" not in " ".join(logged["detail"])  # names are not logged, the account's id is


def test_app_roles_map_like_groups_and_without_create_accounts_nobody_new_gets_in(engine):
    rules = rules_from_settings({"match_on": "preferred_username", "groups_claim": "roles", "admin": ["Admin"]})
    with pytest.raises(AccountError, match="har ikke adgang"):
        account_for_identity(engine, {"preferred_username": "it@kommune.dk", "roles": ["Admin"]}, rules)
    create_user(engine, "it@kommune.dk", "IT", "viewer")
    assert account_for_identity(engine, {"preferred_username": "IT@kommune.dk", "roles": "Admin"}, rules).role \
        == "admin"


def test_an_object_id_shaped_like_a_cpr_number_in_part_is_still_an_object_id(engine):
    oid = "0a0b0c0d-1e2f-4a3b-8c4d-010190123456"  # its last part holds ten digits, like a CPR number
    account = account_for_identity(engine, {"oid": oid, "tid": TID, "name": "010190-1234", "groups": ["projektledere"]},
                                   ENTRA)
    assert account.username == f"{oid}@{TID}" and account.display_name == "Bruger fra identitetsudbyderen"


@pytest.mark.parametrize(("section", "message"), [
    ({"match_on": "upn"}, "match_on i \\[identity\\] skal være oid"),
    ({"viewer": "styregruppe"}, "skal være en liste"),
    ({"vievers": ["x"]}, "vievers, som appen ikke kender"),
    ({"create_accounts": True}, "kræver grupper"),
    ({"create_accounts": "ja", "admin": ["x"]}, "true eller false"),
])
def test_an_identity_set_up_that_is_not_understood_is_refused_in_danish(section, message):
    with pytest.raises(ValueError, match=message):
        rules_from_settings(section)


def test_role_changes_and_deactivation_are_enforced_and_logged(engine):
    account = create_user(engine, "pl", "PL", "uploader", password=PASSWORD)
    change_role(engine, account.id, "viewer", None, "admin")
    assert authenticate(engine, "pl", PASSWORD).role == "viewer"
    set_active(engine, account.id, False, "admin")
    with pytest.raises(AccountError):
        authenticate(engine, "pl", PASSWORD)
    logged = audit_events(engine)
    assert {"role_changed", "user_deactivated"} <= set(logged["action"])
    changed = logged[logged["action"] == "role_changed"].iloc[0]
    assert (changed["actor"], changed["detail"]) == ("admin", "pl: Læser, alle steder")


def test_admin_changes_to_master_data_are_logged(demo_engine):
    with demo_engine.connect() as connection:
        benchmark = stored_rows(connection)["Benchmarks"][0]
    save_row(demo_engine, "Benchmarks", {"Indikator": benchmark["indicator_key"], "Tekst": benchmark["label"],
                                         "Værdi": 0.4, "Periode": "2025", "Kilde": "jobindsats.dk"}, "admin",
             row_id=benchmark["id"])
    with demo_engine.connect() as connection:
        assert stored_rows(connection)["Benchmarks"][0]["value"] == 0.4
    save_row(demo_engine, "Kategorier", {"Kode": "social_economy", "Navn": "Socialøkonomisk virksomhed",
                                         "Gruppe": "Job", "Timer relevante": "Ja"}, "admin")
    with demo_engine.connect() as connection:
        assert "Socialøkonomisk virksomhed" in load_choices(connection)["category"].values()
    with pytest.raises(MasterDataRefused, match="findes allerede"):
        save_row(demo_engine, "Kategorier", {"Kode": "social_economy", "Navn": "Igen", "Gruppe": "Job"}, "admin")
    logged = audit_events(demo_engine)
    assert set(logged.loc[logged["action"] == "master_data_changed", "detail"]) == {
        "Benchmarks: ændret: job_or_education_6m (værdi, kilde)", "Kategorier: ny: social_economy"}


def test_command_line_creates_the_first_admin(tmp_path):
    url = f"sqlite:///{tmp_path / 'admin.db'}"
    environment = {**os.environ, "DATABASE_URL": url, "ADMIN_PASSWORD": PASSWORD}
    finished = subprocess.run([sys.executable, "-m", "cli", "create-admin", "--username", "it-chef"],
                              cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=120)
    assert finished.returncode == 0, finished.stderr
    from data_access.engine import make_engine

    engine = make_engine(url)
    assert has_admin(engine)
    assert authenticate(engine, "it-chef", PASSWORD).role == "admin"


def test_the_audit_log_holds_no_citizen_data(demo_engine):
    from data_access.importer import import_workbook
    from tests.workbooks import next_quarter_return, workbook_bytes

    content = workbook_bytes(demo_engine, [next_quarter_return(demo_engine, "2026Q4")])
    report = import_workbook(demo_engine, content, file_name="k4.xlsx", created_by="projektleder", site_id=1,
                             quarter="2026Q4", commit=True)
    assert report.stored, report.problems
    logged = audit_events(demo_engine)
    imports = logged[logged["action"] == "import"]
    assert len(imports) == 1 and "k4.xlsx" in imports.iloc[0]["detail"]
    text = " ".join(logged["detail"]) + " ".join(logged["actor"])
    assert "P0000" not in text and "F00" not in text, "no person or family keys in the log"
