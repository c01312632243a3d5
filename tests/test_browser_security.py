"""End to end in headless Chromium: sign-in through an OpenID Connect provider on loopback (and a reload that
keeps it), a broken secrets.toml that stops the app, and a download clicked after the account was deactivated."""

import json
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect, sync_playwright

from bench import serving
from bench.serving import CHROMIUM_ARGS, LOADED, free_port
from data_access.accounts.users import account_by_username, create_user, set_active, set_password
from data_access.engine import make_engine
from data_access.settings import DOWNLOAD_ADDRESS_SECONDS
from demo.simulation import DEMO_PASSWORD
from tests.test_browser import chromium_path

pytestmark = pytest.mark.browser
SIGNED_IN = "[data-testid='stSidebar'] >> text=Logget ind som"


@pytest.fixture
def demo_url(tmp_path, templates) -> str:
    return templates.sqlite_copy(tmp_path / "demo.db", demo=True)


@pytest.fixture
def page():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="da-DK", accept_downloads=True)
        yield context.new_page()
        browser.close()


def provider_secrets(folder, app_port: int, issuer: str, more: str = ""):
    """secrets.toml for the local OpenID provider at ``issuer``, with ``more`` sections after [auth]."""
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://localhost:{app_port}/oauth2callback"\n'
        'cookie_secret = "en-lang-tilfaeldig-hemmelighed-kun-til-test"\n'
        'client_id = "styregruppe-dashboard"\n'
        'client_secret = "hemmelig-til-test"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n' + more)
    return secrets


def test_identity_provider_sign_in_works_and_survives_a_reload(demo_url, tmp_path, page, artifacts_dir):
    from oidc_provider_mock import run_server_in_thread

    create_user(make_engine(demo_url), "chef@kommune.dk", "Forvaltningschef", "viewer")
    app_port = free_port()
    with run_server_in_thread() as provider:
        secrets = provider_secrets(tmp_path, app_port, f"http://localhost:{provider.server_port}")
        with serving.serve(demo_url, arguments=("--secrets.files", str(secrets)), port=app_port):
            app = f"http://localhost:{app_port}"
            page.goto(app)
            page.wait_for_selector(LOADED, timeout=60_000)
            assert page.get_by_label("Adgangskode", exact=True).count() == 0, \
                "no password form with an identity provider"
            page.get_by_role("button", name="Log ind").click()
            page.locator("input[name='sub']").fill("chef@kommune.dk")
            page.get_by_role("button", name="Authorize").click()
            page.wait_for_selector(SIGNED_IN, timeout=60_000)
            expect(page.locator("[data-testid='stSidebar']")).to_contain_text("Forvaltningschef")
            page.reload()
            page.wait_for_selector(LOADED, timeout=60_000)
            page.wait_for_selector(SIGNED_IN, timeout=60_000)
            page.screenshot(path=artifacts_dir / "identitetsudbyder-efter-genindlaesning.png")
            # An identity without an account gets nothing, also through the provider.
            page.context.clear_cookies()
            page.goto(app)
            page.get_by_role("button", name="Log ind").click()
            page.locator("input[name='sub']").fill("fremmed@example.org")
            page.get_by_role("button", name="Authorize").click()
            expect(page.get_by_text("har ikke adgang til dashboardet")).to_be_visible(timeout=60_000)
            assert page.locator(SIGNED_IN).count() == 0


GROUPS = {"viewer": "6a1f0c1e-0000-4000-8000-00000000aaaa", "uploader": "6a1f0c1e-0000-4000-8000-00000000bbbb",
          "admin": "6a1f0c1e-0000-4000-8000-00000000cccc"}
TENANT = "9b2e4d6f-1111-4222-8333-444455556666"


def test_entra_id_as_it_sets_it_up_object_ids_groups_to_roles_and_sign_out_at_the_provider(demo_url, tmp_path, page,
                                                                                          artifacts_dir):
    """No e-mail claim: the person is the object id (oid with tid); the groups give the role, an account is made at
    the first sign-in, a removed group takes the role away, and signing out also ends the provider's session."""
    from oidc_provider_mock import run_server_in_thread

    app_port = free_port()
    with run_server_in_thread() as provider:
        issuer = f"http://localhost:{provider.server_port}"

        def person(sub: str, oid: str, name: str, groups: list[str]) -> None:
            claims = json.dumps({"oid": oid, "tid": TENANT, "name": name, "groups": groups}).encode()
            request = urllib.request.Request(f"{issuer}/users/{sub}", data=claims, method="PUT",
                                             headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=10).close()

        secrets = provider_secrets(
            tmp_path, app_port, issuer,
            "[identity]\n"
            'match_on = "oid"\n'
            'groups_claim = "groups"\n'
            + "".join(f'{role} = ["{group}"]\n' for role, group in GROUPS.items())
            + "create_accounts = true\n")
        with serving.serve(demo_url, arguments=("--secrets.files", str(secrets)), port=app_port):
            app = f"http://localhost:{app_port}"

            def sign_in(sub: str) -> None:
                page.context.clear_cookies()
                page.goto(app)
                page.wait_for_selector(LOADED, timeout=60_000)
                page.get_by_role("button", name="Log ind").click()
                page.locator("input[name='sub']").fill(sub)
                page.get_by_role("button", name="Authorize").click()

            for number, (role, label) in enumerate([("viewer", "læser"), ("uploader", "indberetter"),
                                                    ("admin", "administrator")]):
                oid = f"0c0ffee0-0000-4000-8000-00000000000{number}"
                person(f"person-{role}", oid, f"Testperson {label}", [GROUPS[role], "en-anden-gruppe"])
                sign_in(f"person-{role}")
                page.wait_for_selector(SIGNED_IN, timeout=60_000)
                expect(page.locator("[data-testid='stSidebar']")).to_contain_text(f"Testperson {label} ({label})")
            page.wait_for_selector(LOADED, timeout=60_000)
            page.wait_for_function("() => !document.querySelector(\"[data-testid='stSkeleton']\")", timeout=60_000)
            page.screenshot(path=artifacts_dir / "entra-id-administrator.png")
            # In no mapped group: refused, in Danish.
            person("udenfor", "0c0ffee0-0000-4000-8000-0000000000ff", "Udenfor", ["en-anden-gruppe"])
            sign_in("udenfor")
            expect(page.get_by_text("ikke med i en gruppe")).to_be_visible(timeout=60_000)
            assert page.locator(SIGNED_IN).count() == 0
            # The group removed at the provider: the role is gone at the next sign-in.
            person("person-viewer", "0c0ffee0-0000-4000-8000-000000000000", "Testperson læser", [])
            sign_in("person-viewer")
            expect(page.get_by_text("ikke med i en gruppe")).to_be_visible(timeout=60_000)
            assert page.locator(SIGNED_IN).count() == 0
            # Signing out ends the session at the provider too (its end-session endpoint).
            sign_in("person-admin")
            page.wait_for_selector(SIGNED_IN, timeout=60_000)
            page.locator("[data-testid='stSidebar']").get_by_role("button", name="Log ud").click()
            page.wait_for_url(f"{issuer}/oauth2/end_session**", timeout=60_000)


AUTH = ('redirect_uri = "http://localhost/oauth2callback"\ncookie_secret = "x"\nclient_id = "x"\n'
        'client_secret = "x"\nserver_metadata_url = "http://localhost/.well-known/openid-configuration"\n')


@pytest.mark.parametrize(("secrets_text", "environment", "message"), [
    ('[auth\nredirect_uri = "http://localhost/oauth2callback"\n', {}, "kan ikke læses"),
    ("[Auth]\n" + AUTH, {}, "secrets.toml har noget, appen ikke kender: [Auth]"),
    ("[auht]\n" + AUTH, {}, "secrets.toml har noget, appen ikke kender: [auht]"),
    ("", {}, "secrets.toml er tom"),
    (None, {"PASSWORD_SIGN_IN": ""}, "Der er ikke valgt, hvordan man logger ind"),
], ids=["unreadable", "capital-Auth", "misspelled-auht", "empty", "no-choice"])
def test_a_sign_in_set_up_that_is_not_clear_stops_the_app_instead_of_falling_back_to_passwords(
        demo_url, tmp_path, page, artifacts_dir, secrets_text, environment, message):
    arguments = ()
    if secrets_text is not None:
        secrets = tmp_path / "secrets.toml"
        secrets.write_text(secrets_text)
        arguments = ("--secrets.files", str(secrets))
    with serving.serve(demo_url, arguments=arguments, environment=environment) as (app, _):
        page.goto(app)
        page.wait_for_selector(LOADED, timeout=60_000)
        expect(page.get_by_text(message)).to_be_visible(timeout=30_000)
        assert page.get_by_label("Adgangskode", exact=True).count() == 0
        page.screenshot(path=artifacts_dir / f"login-opsaetning-{len(message)}.png")


def downloaded_as_project_leader(page, app: str):
    """Sign in on Data og import as the project leader and download the data in force, as a person would."""
    page.goto(f"{app}/data")
    page.wait_for_selector(LOADED, timeout=60_000)
    page.get_by_label("Brugernavn").fill("projektleder")
    page.get_by_label("Adgangskode", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_selector(SIGNED_IN, timeout=60_000)
    # The link's page opens after sign-in (a new page load would sign a local account out).
    button = page.get_by_role("button", name="Hent gældende data (.xlsx)")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    assert download.value.suggested_filename == "gaeldende-data.xlsx"
    return download.value


def test_a_download_address_dies_with_the_download_and_a_reset_password_gets_no_file(demo_url, page, artifacts_dir):
    """The address of a downloaded file serves nobody afterwards (no session is asked for at that address), and an
    open session whose password an administrator has reset gets no file before the user has chosen a new one."""
    engine = make_engine(demo_url)
    with serving.serve(demo_url) as (app, _):
        first = downloaded_as_project_leader(page, app)
        # Fetched again without the session: gone a few seconds after the download.
        assert first.path().stat().st_size > 0
        deadline = time.monotonic() + DOWNLOAD_ADDRESS_SECONDS + 20
        status = None
        while status != 404:
            assert time.monotonic() < deadline, "the downloaded file's address still answers"
            try:
                status = urllib.request.urlopen(first.url, timeout=30).status
            except urllib.error.HTTPError as refusal:
                status = refusal.code
            page.wait_for_timeout(500)
        page.wait_for_selector(LOADED, timeout=60_000)
        set_password(engine, account_by_username(engine, "projektleder").id, "Ny-adgangskode-fra-it-chefen-7",
                     actor="admin")
        with pytest.raises(PlaywrightTimeout), page.expect_download(timeout=8_000):
            page.get_by_role("button", name="Hent gældende data (.xlsx)").click()
        page.screenshot(path=artifacts_dir / "download-efter-nulstilling.png")


def test_a_download_clicked_after_deactivation_gives_no_file(demo_url, page, artifacts_dir):
    engine = make_engine(demo_url)
    with serving.serve(demo_url) as (app, _):
        downloaded_as_project_leader(page, app)
        page.wait_for_selector(LOADED, timeout=60_000)
        set_active(engine, account_by_username(engine, "projektleder").id, False, "admin")
        clicked_at = datetime.now(UTC)
        with pytest.raises(PlaywrightTimeout), page.expect_download(timeout=8_000):
            page.get_by_role("button", name="Hent gældende data (.xlsx)").click()
        expect(page.get_by_text("Din konto er deaktiveret")).to_be_visible(timeout=30_000)
        page.screenshot(path=artifacts_dir / "download-efter-deaktivering.png")
    from data_access.accounts.audit_log import audit_events

    logged = audit_events(engine)
    later = logged[logged["occurred_at"].map(lambda when: when.replace(tzinfo=UTC) >= clicked_at
                                             if when.tzinfo is None else when >= clicked_at)]
    assert "export" not in set(later["action"])
