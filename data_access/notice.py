"""A notice by e-mail when a quarter is published: the steering group hears it from the dashboard itself.

Every active account that may see the project and has an e-mail address gets one message: the quarter, the
headline figures in words, and a link to the published quarter. The figures are the publication's kept figures
(``published_figure``), the disclosure rule already applied, for the whole project and all target groups; a
hidden figure is left out, and nothing about a person is written. The report is attached only where the
administrator has turned that on (``attach_report`` in ``[smtp]``). A failed send never undoes the publication:
it is shown to the project leader and logged, and can be sent again.
"""

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage

from sqlalchemy import Engine, or_, select

from data_access.accounts.audit_log import record
from data_access.accounts.users import EMAIL_ADDRESS
from data_access.models import Project, Publication, PublishedFigure, Site, UserAccount
from data_access.settings import checked_section
from metrics.quarters import quarter_label

SMTP_SETTINGS = ("host", "port", "starttls", "sender", "username", "password", "attach_report", "app_url")
# The headline figures, in this order, where the publication kept them (overblik's key figures and delmål met).
HEADLINE = ("in_job_or_education", "newly_in_job_or_education", "active_persons", "active_families",
            "subgoals_met", "who5_mean_change", "in_job_6_months_after_start")
SEND_SECONDS = 20


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int = 587
    starttls: bool = True
    sender: str = ""
    username: str = ""
    password: str = ""
    attach_report: bool = False
    # The dashboard's address for the link (e.g. https://dashboard.kommune.dk); without it, as the browser has it.
    app_url: str = ""


@dataclass
class NoticeResult:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    problem: str = ""


def smtp_from_settings(section: Mapping | None) -> SmtpSettings | None:
    """The ``[smtp]`` section of secrets.toml; None without one (no notices). A ValueError in Danish for a setting
    that is not understood."""
    if section is None:
        return None
    checked_section("smtp", section, SMTP_SETTINGS)
    host, sender = str(section.get("host", "")).strip(), str(section.get("sender", "")).strip()
    if not host or not EMAIL_ADDRESS.fullmatch(sender):
        raise ValueError("Afsnittet [smtp] i secrets.toml skal have host og en afsender (sender) med en "
                         "e-mailadresse.")
    port = section.get("port", 587)
    if not isinstance(port, int) or not 0 < port < 65536:
        raise ValueError("port i [smtp] skal være et tal, fx 587.")
    for flag in ("starttls", "attach_report"):
        if not isinstance(section.get(flag, False), bool):
            raise ValueError(f"{flag} i [smtp] skal være true eller false.")
    app_url = str(section.get("app_url", "")).strip()
    if app_url and not app_url.startswith(("https://", "http://")):
        raise ValueError("app_url i [smtp] skal være dashboardets adresse, fx https://dashboard.kommune.dk.")
    return SmtpSettings(host, port, section.get("starttls", True), sender, str(section.get("username", "")),
                        str(section.get("password", "")), section.get("attach_report", False), app_url)


def address_of(username: str, email: str | None) -> str | None:
    """The account's e-mail address: the one the identity provider gave, or the user name where it is one."""
    for candidate in (email, username):
        if candidate and EMAIL_ADDRESS.fullmatch(candidate.strip()):
            return candidate.strip()
    return None


def recipients(engine: Engine, publication_id: int) -> list[str]:
    """Every active account that may see the publication's project (every site, or one of its sites)."""
    with engine.connect() as connection:
        project_id = connection.execute(select(Publication.project_id).where(
            Publication.id == publication_id)).scalar_one()
        sites = select(Site.id).where(Site.project_id == project_id)
        rows = connection.execute(select(UserAccount.username, UserAccount.email).where(
            UserAccount.is_active.is_(True), or_(UserAccount.site_id.is_(None), UserAccount.site_id.in_(sites)))
            .order_by(UserAccount.id)).all()
    found = [address_of(username, email) for username, email in rows]
    return list(dict.fromkeys(address for address in found if address))


def _figure_text(row) -> str:
    if row.unit == "points":
        number = f"{row.value:+.1f}".replace(".", ",") + " point"
    elif row.figure == "subgoals_met" and row.denominator:
        number = f"{row.value:.0f} af {row.denominator:.0f}"
    else:
        number = f"{row.value:,.0f}".replace(",", ".")
    return f"- {row.label}: {number}"


def notice_text(engine: Engine, publication_id: int, link: str) -> tuple[str, str]:
    """The subject and the body: safe for e-mail (kept, disclosed figures of the whole project only)."""
    with engine.connect() as connection:
        project, quarter = connection.execute(select(Project.name, Publication.quarter).join(
            Project, Project.id == Publication.project_id).where(Publication.id == publication_id)).one()
        figures = connection.execute(select(PublishedFigure.__table__).where(
            PublishedFigure.publication_id == publication_id, PublishedFigure.site_id.is_(None),
            PublishedFigure.target_group == "", PublishedFigure.figure.in_(HEADLINE),
            PublishedFigure.hidden.is_(False), PublishedFigure.value.is_not(None))).all()
    label = quarter_label(quarter)
    shown = sorted(figures, key=lambda row: HEADLINE.index(row.figure))
    lines = [f"{project}: {label} er offentliggjort for styregruppen.", ""]
    if shown:
        lines += ["Hovedtal for hele projektet (alle målgrupper):", *(_figure_text(row) for row in shown), ""]
    else:
        lines += ["Tallene regnes stadig ud; de står i dashboardet om lidt.", ""]
    lines += [f"Se kvartalet, som det blev forelagt: {link}", "",
              "Tal under 5 personer er ikke med i beskeden. Beskeden er sendt af styregruppens dashboard."]
    return f"{project} – {label} er offentliggjort", "\n".join(lines)


def send_publication_notice(engine: Engine, publication_id: int, smtp: SmtpSettings, link: str, actor: str,
                            only_to: list[str] | None = None,
                            attachment: tuple[str, bytes] | None = None) -> NoticeResult:
    """One message to each recipient (``only_to``: a retry of those that failed). Never raises for a failed
    send: the result says what failed, and the audit log has it."""
    subject, body = notice_text(engine, publication_id, link)
    addresses = only_to if only_to is not None else recipients(engine, publication_id)
    result = NoticeResult()
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=SEND_SECONDS) as server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if smtp.username:
                server.login(smtp.username, smtp.password)
            for address in addresses:
                message = EmailMessage()
                message["Subject"], message["From"], message["To"] = subject, smtp.sender, address
                message.set_content(body)
                if attachment is not None and smtp.attach_report:
                    name, content = attachment
                    message.add_attachment(content, maintype="application", subtype="octet-stream", filename=name)
                try:
                    server.send_message(message)
                    result.sent.append(address)
                except smtplib.SMTPException as problem:
                    result.failed.append(address)
                    result.problem = type(problem).__name__
    except (OSError, smtplib.SMTPException) as problem:
        result.failed = [address for address in addresses if address not in result.sent]
        result.problem = type(problem).__name__
    detail = f"offentliggørelse {publication_id}: {len(result.sent)} sendt"
    if result.failed:
        record(engine, actor, "notice_failed", f"{detail}, {len(result.failed)} fejlede ({result.problem})")
    else:
        record(engine, actor, "notice_sent", detail)
    return result
