"""The municipality's PowerPoint template, which the report's deck takes its master, layouts, fonts, colours and
logo from. One at a time; an administrator uploads it (checked by ``report.pptx_writer.opened_template``) or
removes it, and the audit log says who and when."""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select

from data_access.accounts.audit_log import log_event
from data_access.cpr import looks_like_cpr
from data_access.models import ReportTemplate


@dataclass(frozen=True)
class StoredTemplate:
    file_name: str
    content: bytes
    uploaded_at: datetime


def stored_template(engine: Engine) -> StoredTemplate | None:
    with engine.connect() as connection:
        row = connection.execute(select(ReportTemplate.file_name, ReportTemplate.content, ReportTemplate.uploaded_at)
                                 .order_by(ReportTemplate.id.desc()).limit(1)).first()
    return StoredTemplate(*row) if row else None


def save_template(engine: Engine, file_name: str, content: bytes, actor: str) -> None:
    """Replace the template (the caller has checked that the report can use it). A file name shaped like a CPR
    number is not kept: the template is then known by a name of its own."""
    if looks_like_cpr(file_name):
        file_name = "skabelon.pptx"
    with engine.begin() as connection:
        connection.execute(delete(ReportTemplate))
        connection.execute(insert(ReportTemplate).values(file_name=file_name[:200], content=content,
                                                         uploaded_at=datetime.now(UTC)))
        log_event(connection, actor, "report_template", f"skabelon {file_name[:200]}")


def remove_template(engine: Engine, actor: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(ReportTemplate))
        log_event(connection, actor, "report_template", "skabelon fjernet")
