"""The project leader's commentary: a summary per site and quarter, and an explanation per indicator.

Every save is a new row, so the history (who wrote what, when) is kept; the
newest row per (site, quarter, subject) is the one in force. An empty text
in force means the comment was taken back.
"""

import re
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Engine, func, insert, select

from data_access.accounts.audit_log import log_event
from data_access.cpr import UserRefusal, looks_like_cpr
from data_access.models import Commentary
from data_access.returns import take_import_lock

MAX_LENGTH = 3000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
SUMMARY = None  # the subject of the quarter's summary


class CommentaryRefused(UserRefusal):
    """A comment that cannot be stored; the message is Danish and for the user."""


def check_text(text: str, subject_label: str) -> str:
    """The text as it will be stored, or a refusal naming the field."""
    # Control characters cannot stand in a report's XML; line breaks and tabs are kept.
    text = _CONTROL.sub("", text.replace("\r\n", "\n")).strip()
    if len(text) > MAX_LENGTH:
        raise CommentaryRefused(f"{subject_label}: teksten er {len(text)} tegn; højst {MAX_LENGTH} tegn er tilladt.")
    if looks_like_cpr(text):
        raise CommentaryRefused(f"{subject_label}: teksten ligner et CPR-nummer. Skriv aldrig CPR-numre; "
                                "intet er gemt.")
    return text


def save_commentary(engine: Engine, site_id: int, quarter: str, texts: dict[str | None, str], author: str,
                    labels: dict[str | None, str]) -> int:
    """Store every changed text as a new row, all or nothing; returns how many changed.

    ``texts`` maps a subject (None for the summary, else an indicator key) to its text;
    ``labels`` names the subjects in Danish for error messages.
    """
    checked = {subject: check_text(text, labels.get(subject, str(subject))) for subject, text in texts.items()}
    with engine.begin() as connection:
        # The lock counter moves the data fingerprint, and saves for one scope run one at a time.
        take_import_lock(connection)
        current = _in_force(connection, [site_id], quarter)
        before = dict(zip(current["subject"], current["text"], strict=True))
        changed = {subject: text for subject, text in checked.items() if before.get(subject, "") != text}
        now = datetime.now(UTC)
        for subject, text in changed.items():
            connection.execute(insert(Commentary).values(
                site_id=site_id, quarter=quarter, indicator_key=subject, text=text, author=author, created_at=now,
            ))
        if changed:
            log_event(connection, author, "commentary", f"sted {site_id}, {quarter}: {len(changed)} tekster")
    return len(changed)


def _in_force(connection, site_ids: list[int], quarter: str, as_of: datetime | None = None) -> pd.DataFrame:
    newest = (
        select(func.max(Commentary.id))
        .where(Commentary.site_id.in_(site_ids), Commentary.quarter == quarter)
        .group_by(Commentary.site_id, Commentary.indicator_key)
    )
    if as_of is not None:
        newest = newest.where(Commentary.created_at <= as_of)
    rows = connection.execute(
        select(Commentary.site_id, Commentary.indicator_key, Commentary.text, Commentary.author,
               Commentary.created_at)
        .where(Commentary.id.in_(newest)).order_by(Commentary.site_id, Commentary.id)
    ).all()
    return _with_summary_as_none(pd.DataFrame(rows, columns=["site_id", "subject", "text", "author", "created_at"]))


def _with_summary_as_none(frame: pd.DataFrame) -> pd.DataFrame:
    # pandas reads the summary's NULL subject as NaN; keep it None so that it matches SUMMARY as a key.
    frame["subject"] = frame["subject"].astype(object).where(frame["subject"].notna(), None)
    return frame


def commentary_in_force(engine: Engine, site_ids: list[int], quarter: str, as_of: datetime | None = None
                        ) -> pd.DataFrame:
    """The texts in force for these sites and the quarter (taken-back ones left out); ``as_of``: as they stood
    then, e.g. when the quarter was published for the steering group."""
    with engine.connect() as connection:
        current = _in_force(connection, list(site_ids), quarter, as_of)
    return current[current["text"] != ""].reset_index(drop=True)


def commentary_history(engine: Engine, site_id: int, quarter: str) -> pd.DataFrame:
    """Every saved text for the site and quarter, newest first."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(Commentary.id, Commentary.indicator_key, Commentary.text, Commentary.author, Commentary.created_at)
            .where(Commentary.site_id == site_id, Commentary.quarter == quarter)
            .order_by(Commentary.id.desc())
        ).all()
    return _with_summary_as_none(pd.DataFrame(rows, columns=["id", "subject", "text", "author", "created_at"]))
