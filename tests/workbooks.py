"""Build real quarterly workbooks for the tests, good ones and bad ones."""

import io
import zipfile
from dataclasses import replace

from openpyxl import load_workbook
from sqlalchemy import Engine

from data_access.importer import version_history
from data_access.returns import read_return
from data_access.workbook.format import load_choices
from data_access.workbook.quarterly_return import QuarterlyReturn
from data_access.workbook.writer import build_workbook


def in_force_return(engine: Engine, site_name: str = "Gellerup", quarter: str | None = None) -> QuarterlyReturn:
    """The version in force for a site and quarter (default: the site's latest quarter)."""
    with engine.connect() as connection:
        site_id = next(site for site, label in load_choices(connection)["site"].items() if label.endswith(site_name))
        history = version_history(engine)
        history = history[(history["site_id"] == site_id) & history["in_force"]]
        if quarter is not None:
            history = history[history["quarter"] == quarter]
        version_id = int(history.sort_values("quarter").iloc[-1]["version_id"])
        return read_return(connection, version_id)


def next_quarter_return(engine: Engine, quarter: str = "2026Q4", site_name: str = "Gellerup") -> QuarterlyReturn:
    """Last quarter's return carried forward: what a project leader starts the next one from."""
    last = in_force_return(engine, site_name)
    return replace(last, quarter=quarter, wellbeing=[], exits=[], follow_ups=[], progression=[], aftercare=[])


def workbook_bytes(engine: Engine, returns: list[QuarterlyReturn]) -> bytes:
    with engine.connect() as connection:
        return build_workbook(load_choices(connection), returns)


def edited(content: bytes, edit) -> bytes:
    """The workbook after ``edit(workbook)`` has changed it with openpyxl."""
    workbook = load_workbook(io.BytesIO(content))
    edit(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def repacked(content: bytes, *, add: dict[str, bytes] | None = None, drop: tuple[str, ...] = (),
             replace_members: dict[str, bytes] | None = None) -> bytes:
    """The workbook's zip package with members added, dropped or replaced."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename in drop:
                continue
            data = (replace_members or {}).get(member.filename, source.read(member.filename))
            target.writestr(member.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()
