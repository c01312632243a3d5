"""The notice of a published quarter, sent to a local SMTP server that keeps every message."""

import re
import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from sqlalchemy import select, update

from bench.serving import free_port
from data_access.accounts.audit_log import audit_events
from data_access.accounts.users import create_user
from data_access.models import Project, Publication, UserAccount
from data_access.notice import SmtpSettings, notice_text, recipients, send_publication_notice, smtp_from_settings
from data_access.publication import keep_published_figures, publish, publishable_quarters
from metrics.disclosure import THRESHOLD

LINK = "https://dashboard.kommune.dk/overblik?forelagt=2026%20K3"


class Inbox(Message):
    def __init__(self):
        super().__init__()
        self.messages = []

    def handle_message(self, message):
        self.messages.append(message)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, SmtpSettings("127.0.0.1", controller.port, starttls=False, sender="dashboard@kommune.dk")
    controller.stop()


def published_quarter(engine) -> tuple[int, int]:
    """A new publication of the demo's first project (its newest reported quarter), its figures kept."""
    with engine.connect() as connection:
        project_id = connection.execute(select(Project.id).order_by(Project.id)).scalars().first()
    publication_id = publish(engine, project_id, publishable_quarters(engine, project_id)[-1], "projektleder")
    keep_published_figures(engine, publication_id)
    return project_id, publication_id


def test_the_steering_group_gets_the_quarter_its_figures_in_words_and_the_link(demo_engine, smtp_server):
    inbox, smtp = smtp_server
    create_user(demo_engine, "chef@kommune.dk", "Forvaltningschef", "viewer")
    create_user(demo_engine, "it-drift", "Uden adresse", "viewer")
    _, publication_id = published_quarter(demo_engine)
    addresses = recipients(demo_engine, publication_id)
    assert "chef@kommune.dk" in addresses and "it-drift" not in addresses
    result = send_publication_notice(demo_engine, publication_id, smtp, LINK, "projektleder")
    assert result.sent == addresses and not result.failed
    assert sorted(message["To"] for message in inbox.messages) == sorted(addresses)
    message = inbox.messages[0]
    body = message.get_payload(decode=True).decode()
    assert "er offentliggjort" in message["Subject"] and LINK in body
    assert "I job eller uddannelse:" in body and not message.is_multipart(), "no report unless turned on"
    # Safe for e-mail: no count of persons under the threshold, no person key, no name.
    for number in re.findall(r"- [^:]+: (\d+)\b(?! af)", body):
        assert int(number) == 0 or int(number) >= THRESHOLD
    assert not re.search(r"\bP\d{3,}\b", body) and "Forvaltningschef" not in body
    assert audit_events(demo_engine)["action"].iloc[0] == "notice_sent"


def test_a_hidden_figure_is_left_out_of_the_notice(demo_engine):
    _, publication_id = published_quarter(demo_engine)
    with demo_engine.begin() as connection:
        from data_access.models import PublishedFigure

        connection.execute(update(PublishedFigure).where(
            PublishedFigure.publication_id == publication_id, PublishedFigure.figure == "active_families")
            .values(hidden=True, value=None))
    _, body = notice_text(demo_engine, publication_id, LINK)
    assert "Aktive familier" not in body and "Aktive borgere" in body


def test_a_failed_send_keeps_the_publication_is_logged_and_can_be_sent_again(demo_engine, smtp_server):
    inbox, smtp = smtp_server
    create_user(demo_engine, "chef@kommune.dk", "Forvaltningschef", "viewer")
    _, publication_id = published_quarter(demo_engine)
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        nobody = SmtpSettings("127.0.0.1", closed.getsockname()[1], starttls=False, sender=smtp.sender)
    failed = send_publication_notice(demo_engine, publication_id, nobody, LINK, "projektleder")
    assert failed.failed and not failed.sent and failed.problem
    with demo_engine.connect() as connection:
        assert connection.execute(select(Publication.id).where(Publication.id == publication_id)).first()
    logged = audit_events(demo_engine)
    assert logged["action"].iloc[0] == "notice_failed" and failed.problem in logged["detail"].iloc[0]
    retried = send_publication_notice(demo_engine, publication_id, smtp, LINK, "projektleder", failed.failed)
    assert retried.sent == failed.failed and len(inbox.messages) == len(failed.failed)


def test_the_report_is_attached_only_where_the_administrator_turned_it_on(demo_engine, smtp_server):
    inbox, smtp = smtp_server
    create_user(demo_engine, "chef@kommune.dk", "Forvaltningschef", "viewer")
    _, publication_id = published_quarter(demo_engine)
    deck = ("rapport.pptx", b"PK-deck")
    send_publication_notice(demo_engine, publication_id, smtp, LINK, "pl", ["chef@kommune.dk"], deck)
    assert not inbox.messages[-1].is_multipart()
    on = SmtpSettings(smtp.host, smtp.port, starttls=False, sender=smtp.sender, attach_report=True)
    send_publication_notice(demo_engine, publication_id, on, LINK, "pl", ["chef@kommune.dk"], deck)
    attached = [part for part in inbox.messages[-1].walk() if part.get_filename()]
    assert [part.get_filename() for part in attached] == ["rapport.pptx"]


def test_an_identity_providers_address_is_kept_for_the_notice(engine):
    from data_access.accounts.identity import account_for_identity, rules_from_settings

    rules = rules_from_settings({"match_on": "oid", "viewer": ["g"], "create_accounts": True})
    claims = {"oid": "5f1d3c2a-8e4b-4c6d-9a7f-0123456789ab", "tid": "0a1b2c3d-4e5f-4a6b-8c7d-111111111111",
              "preferred_username": "Chef@Kommune.dk", "groups": ["g"]}
    account = account_for_identity(engine, claims, rules)
    with engine.connect() as connection:
        assert connection.execute(select(UserAccount.email).where(UserAccount.id == account.id)).scalar_one() \
            == "Chef@Kommune.dk"
    account_for_identity(engine, {**claims, "preferred_username": "0101901234@kommune.dk"}, rules)
    with engine.connect() as connection:
        assert connection.execute(select(UserAccount.email).where(UserAccount.id == account.id)).scalar_one() \
            is None, "an address shaped like a CPR number is not kept"


@pytest.mark.parametrize(("section", "message"), [
    ({"host": "smtp.kommune.dk"}, "afsender"),
    ({"host": "smtp.kommune.dk", "sender": "dashboard@kommune.dk", "port": "587"}, "port"),
    ({"host": "smtp.kommune.dk", "sender": "dashboard@kommune.dk", "starttls": "ja"}, "true eller false"),
    ({"host": "smtp.kommune.dk", "sender": "dashboard@kommune.dk", "tls": True}, "tls, som appen ikke kender"),
])
def test_smtp_settings_that_are_not_understood_are_refused_in_danish(section, message):
    with pytest.raises(ValueError, match=message):
        smtp_from_settings(section)
    assert smtp_from_settings(None) is None


def test_publishing_on_the_page_tells_the_steering_group_and_offers_a_retry(fresh_demo_url, smtp_server):
    from streamlit.testing.v1 import AppTest

    from data_access.engine import make_engine
    from tests.conftest import PROJECT_ROOT, signed_in

    inbox, smtp = smtp_server
    create_user(make_engine(fresh_demo_url), "chef@kommune.dk", "Forvaltningschef", "viewer")
    at = signed_in(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120), fresh_demo_url,
                   "projektleder")
    at.secrets["smtp"] = {"host": smtp.host, "port": smtp.port, "starttls": False, "sender": smtp.sender,
                          "app_url": "https://dashboard.kommune.dk"}
    at.run()
    at.switch_page("pages/forelaeggelse.py").run()
    publish_button = next(button for button in at.button if button.label.startswith("Offentliggør"))
    publish_button.click().run()
    assert not at.exception
    assert any("Styregruppen har fået besked" in block.value for block in at.success), [b.value for b in at.success]
    message = next(message for message in inbox.messages if message["To"] == "chef@kommune.dk")
    body = message.get_payload(decode=True).decode()
    assert "https://dashboard.kommune.dk/overblik?sted=" in body and "forelagt=" in body
    # The mail server down: the quarter is published all the same, and the page offers to send again.
    at.secrets["smtp"] = {"host": smtp.host, "port": free_port(), "starttls": False, "sender": smtp.sender,
                          "app_url": "https://dashboard.kommune.dk"}
    next(button for button in at.button if button.label.startswith("Offentliggør")).click().run()
    assert any("kunne ikke sendes" in block.value for block in at.warning)
    at.secrets["smtp"] = {"host": smtp.host, "port": smtp.port, "starttls": False, "sender": smtp.sender,
                          "app_url": "https://dashboard.kommune.dk"}
    before = len(inbox.messages)
    next(button for button in at.button if button.label == "Send beskeden igen").click().run()
    assert len(inbox.messages) > before and not at.warning
