"""Access enforced on the server: sign-in, roles in the navigation and by URL, OIDC identities,
time-out, site limits, administration and the audit log."""

from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from data_access.accounts.audit_log import audit_events
from data_access.accounts.users import create_user, users
from data_access.engine import make_engine
from demo.simulation import DEMO_PASSWORD
from presentation.format import plain_markdown
from tests.conftest import signed_in
from tests.test_app import APP, TIMEOUT


@pytest.fixture
def fresh(fresh_demo_url):
    return make_engine(fresh_demo_url), fresh_demo_url


def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=TIMEOUT)


def sign_in_with_form(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="sign_in_username").set_value(username)
    at.text_input(key="sign_in_password").set_value(password)
    next(button for button in at.button if button.label == "Log ind").click().run()
    assert not at.exception
    return at


def reachable(at: AppTest, page: str) -> bool:
    try:
        at.switch_page(page).run()
    except ValueError:
        return False
    return not at.exception and bool(at.title) and at.title[0].value != "Styregruppens dashboard"


def test_nobody_signed_in_sees_only_the_sign_in_form(fresh):
    at = app().run()
    assert at.title[0].value == "Styregruppens dashboard"
    assert not at.metric and not at.get("plotly_chart")
    for page in ("pages/overblik.py", "pages/data.py", "pages/administration.py"):
        assert not reachable(at, page)


def test_the_accessibility_statement_is_public_and_shows_no_data(fresh):
    at = app().run()
    assert reachable(at, "pages/tilgaengelighed.py")
    assert at.title[0].value == "Tilgængelighedserklæring"
    assert [header.value for header in at.header] == ["Overholdelse", "Sådan er det testet", "Det, der er opfyldt",
                                                      "Det, der ikke er opfyldt, og hvorfor", "Feedback og kontakt"]
    assert not at.metric and not at.get("plotly_chart") and not at.sidebar.multiselect


def test_sign_in_with_the_form_and_out_again(fresh):
    engine, _ = fresh
    at = sign_in_with_form(app().run(), "styregruppe", DEMO_PASSWORD)
    assert at.title[0].value == "Overblik"
    assert plain_markdown("Demo-forvaltningschef") in at.sidebar.caption[0].value
    next(button for button in at.sidebar.button if button.label == "Log ud").click().run()
    # (What the browser then shows is checked in the Chromium tests.)
    assert "account_id" not in at.session_state
    assert {"signed_in", "signed_out"} <= set(audit_events(engine)["action"])


def test_wrong_password_and_lock_out_in_danish(fresh):
    engine, _ = fresh
    at = app().run()
    for _ in range(5):
        sign_in_with_form(at, "projektleder", "forkert-forkert")
    assert "Forkert brugernavn eller adgangskode" in at.error[0].value
    sign_in_with_form(at, "projektleder", DEMO_PASSWORD)
    assert "For mange forkerte forsøg" in at.error[0].value
    assert at.title[0].value == "Styregruppens dashboard"
    assert "account_locked" in set(audit_events(engine)["action"])


@pytest.mark.parametrize(("username", "allowed", "refused"), [
    ("styregruppe", ["pages/overblik.py", "pages/trivsel.py"],
     ["pages/data.py", "pages/historik.py", "pages/administration.py", "pages/auditlog.py", "pages/persondata.py"]),
    ("projektleder", ["pages/overblik.py", "pages/data.py", "pages/historik.py"],
     ["pages/administration.py", "pages/auditlog.py", "pages/persondata.py"]),
    ("admin", ["pages/data.py", "pages/administration.py", "pages/auditlog.py", "pages/persondata.py"], []),
])
def test_each_role_reaches_exactly_its_pages(fresh, username, allowed, refused):
    _, url = fresh
    for page in allowed:
        assert reachable(signed_in(app(), url, username).run(), page), page
    for page in refused:
        assert not reachable(signed_in(app(), url, username).run(), page), page


def test_a_viewer_cannot_trigger_an_import_even_by_running_the_page(fresh):
    # The page re-checks the role itself, so running its script directly is refused too.
    _, url = fresh
    at = signed_in(AppTest.from_file("../pages/data.py", default_timeout=TIMEOUT), url, "styregruppe")
    at.session_state["router_has_run"] = True
    at.run()
    assert not at.file_uploader and not at.download_button


def test_an_unknown_identity_from_the_identity_provider_gets_nothing(fresh):
    engine, _ = fresh
    create_user(engine, "chef@kommune.dk", "Chef", "viewer", actor="admin")
    at = app()
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "dashboard", "client_secret": "hemmelig",
                          "server_metadata_url": "https://login.example/.well-known/openid-configuration"}
    at.user = {"is_logged_in": True, "email": "fremmed@example.org"}
    at.run()
    assert "har ikke adgang til dashboardet" in at.error[0].value
    assert not reachable(at, "pages/overblik.py")
    known = app()
    known.secrets["auth"] = at.secrets["auth"]
    known.user = {"is_logged_in": True, "email": "chef@kommune.dk"}
    known.run()
    assert known.title[0].value == "Overblik"
    assert not reachable(known, "pages/data.py")


def test_an_idle_session_is_signed_out(fresh):
    _, url = fresh
    at = signed_in(app(), url)
    at.session_state["last_activity"] = datetime.now(UTC) - timedelta(hours=2)
    at.run()
    assert at.title[0].value == "Styregruppens dashboard"
    assert "30 minutter uden aktivitet" in at.info[0].value


def test_an_account_limited_to_one_site_sees_only_that_site(fresh):
    engine, url = fresh
    create_user(engine, "pl-roskilde", "PL Roskilde", "uploader", password="en-lang-adgangskode", site_id=2)
    at = signed_in(app(), url, "pl-roskilde")
    at.query_params["sted"] = ["Opgang til Opgang – Gellerup", "Fremskudt beskæftigelsesindsats – Fremskudt "
                                                                "jobcenterteam"]
    at.run()
    assert at.sidebar.multiselect(key="sted").options == ["Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam"]
    assert at.caption[0].value.startswith("Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam ·")
    at.switch_page("pages/data.py").run()
    assert at.selectbox(key="upload_site").options == ["Fremskudt beskæftigelsesindsats – Fremskudt jobcenterteam"]


def test_an_admin_creates_a_user_and_the_audit_log_shows_it(fresh):
    engine, url = fresh
    at = signed_in(app(), url).run()
    at.switch_page("pages/administration.py").run()
    form = at.get("form")[0]
    assert form is not None
    at.text_input[0].set_value("ny@kommune.dk")
    at.text_input[1].set_value("Ny Indberetter")
    at.selectbox[0].set_value("uploader")
    at.text_input[2].set_value("en-lang-adgangskode")
    next(button for button in at.button if button.label == "Opret").click().run()
    assert not at.exception
    assert "ny@kommune.dk" in users(engine)["username"].tolist()
    at.switch_page("pages/auditlog.py").run()
    log = at.dataframe[0].value
    assert "Bruger oprettet" in set(log["Handling"])
    assert "ny@kommune.dk: Indberetter" in set(log["Detaljer"])


def test_an_admin_resets_a_password_and_the_user_must_choose_a_new_one_first(fresh):
    engine, url = fresh
    at = signed_in(app(), url).run()
    at.switch_page("pages/administration.py").run()
    at.selectbox(key="reset_user").set_value(next(
        account for account, name in zip(users(engine)["id"], users(engine)["username"], strict=True)
        if name == "projektleder"))
    form_field = next(field for field in at.text_input if field.label == "Midlertidig adgangskode")
    form_field.set_value("midlertidig-gul-ballon-7")
    next(button for button in at.button if button.label == "Sæt adgangskode").click().run()
    assert not at.exception and "skifter den ved næste login" in at.success[0].value

    user = sign_in_with_form(app().run(), "projektleder", "midlertidig-gul-ballon-7")
    assert user.title[0].value == "Din konto" and "har sat en ny adgangskode" in user.warning[0].value
    assert not reachable(user, "pages/overblik.py")
    fields = {field.label: field for field in user.text_input}
    fields["Nuværende adgangskode"].set_value("midlertidig-gul-ballon-7")
    fields["Ny adgangskode"].set_value("egen-blaa-cykel-hjelm-9")
    fields["Gentag den nye adgangskode"].set_value("egen-blaa-cykel-hjelm-9")
    next(button for button in user.button if button.label == "Skift adgangskode").click().run()
    assert not user.exception
    assert reachable(user, "pages/data.py")


def test_an_admin_sees_a_locked_account_and_unlocks_it(fresh):
    engine, url = fresh
    at = app().run()
    for _ in range(6):
        sign_in_with_form(at, "projektleder", "forkert-forkert")
    admin = signed_in(app(), url).run()
    admin.switch_page("pages/administration.py").run()
    # The lock is that one source's own.
    assert admin.dataframe[0].value.set_index("Brugernavn").loc["projektleder", "Låst"] == "Ja, for 1 afsender"
    next(button for button in admin.button if button.label == "Lås op").click().run()
    assert "låst op" in admin.success[0].value
    sign_in_with_form(at, "projektleder", DEMO_PASSWORD)
    assert at.title[0].value == "Overblik"
    assert "account_unlocked" in set(audit_events(engine)["action"])
