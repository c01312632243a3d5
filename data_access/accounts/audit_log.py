"""The audit log: who did what and when, never with a CPR number or a control character in it.

Failed sign-ins that are counted per hour instead of one by one (unknown names, attempts while locked) are
read back as one event per hour and reason.
"""

from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Connection, Engine, func, insert, literal, null, select, union_all

from data_access.cpr import redacted, without_control_characters
from data_access.models import AuditEvent, SignInFailureTally

# Reasons of the failures counted per hour instead of logged one by one (SignInFailureTally).
TALLY_REASONS = {"unknown_user": "ukendt brugernavn", "locked": "forsøg mens låst"}


def log_event(connection: Connection, actor: str, action: str, detail: str = "") -> None:
    # Whatever reached this far, the log never holds a CPR number.
    connection.execute(insert(AuditEvent).values(
        occurred_at=datetime.now(UTC), actor=without_control_characters(redacted(actor))[:200], action=action,
        detail=without_control_characters(redacted(detail))))


def record(engine: Engine, actor: str, action: str, detail: str = "") -> None:
    with engine.begin() as connection:
        log_event(connection, actor, action, detail)


AUDIT_COLUMNS = ["occurred_at", "actor", "action", "detail", "attempts"]
TALLY_ACTOR = "(ukendt)"


def audit_page(engine: Engine, actions: list[str] | None = None, actor_contains: str = "", page: int = 0,
               page_size: int = 100) -> tuple[pd.DataFrame, int]:
    """One page of the audit log, newest first, filtered in the database; and how many events match.

    Failed sign-ins counted per hour (unknown names, attempts while locked) come in as one event per hour
    and reason, with ``attempts`` set, so a flood of them is one line and never pushes other events away.
    """
    events = select(AuditEvent.occurred_at, AuditEvent.actor, AuditEvent.action, AuditEvent.detail,
                    null().label("attempts"))
    tallies = select(SignInFailureTally.last_at, literal(TALLY_ACTOR), literal("sign_in_failed"),
                     SignInFailureTally.reason, SignInFailureTally.attempts)
    if actions:
        events = events.where(AuditEvent.action.in_(actions))
        if "sign_in_failed" not in actions:
            tallies = tallies.where(literal(False))
    needle = actor_contains.strip().casefold()
    if needle:
        events = events.where(func.lower(AuditEvent.actor).contains(needle, autoescape=True))
        if needle not in TALLY_ACTOR:
            tallies = tallies.where(literal(False))
    combined = union_all(events, tallies).subquery()
    with engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(combined)).scalar_one()
        rows = connection.execute(select(combined).order_by(combined.c[0].desc())
                                  .limit(page_size).offset(max(page, 0) * page_size)).all()
    frame = pd.DataFrame([tuple(row) for row in rows], columns=AUDIT_COLUMNS)
    tallied = frame["attempts"].notna()
    frame.loc[tallied, "detail"] = [
        f"{int(attempts)} forsøg i timen ({TALLY_REASONS.get(reason, reason)})"
        for attempts, reason in zip(frame.loc[tallied, "attempts"], frame.loc[tallied, "detail"], strict=True)
    ]
    return frame, total


def audit_events(engine: Engine) -> pd.DataFrame:
    """The whole audit log, newest first (tests and exports; the page reads it a page at a time)."""
    frame, _ = audit_page(engine, page_size=10**9)
    return frame
