"""Import a quarterly return: check, preview, store as a new version, roll back.

An import is one transaction. The preview runs the very same steps and rolls
back at the end, so the figures it shows are the figures a confirmed import
gives. Nothing is ever deleted: a rollback is a new version.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Connection, Engine, func, select

from data_access.accounts.audit_log import log_event
from data_access.cpr import UserRefusal, looks_like_cpr, redacted, without_control_characters
from data_access.master_data import apply_changes, export_sheets, has_master_data, plan_setup
from data_access.models import ImportVersion, Project, Site
from data_access.queries import load_frames, versions_in_force_query
from data_access.returns import VersionMeta, read_return, take_import_lock, write_returns
from data_access.workbook.format import MASTER_SHEETS, SHEETS, load_choices, load_progression_scales
from data_access.workbook.quarterly_return import QuarterlyReturn
from data_access.workbook.reader import ParsedWorkbook, UnreadableWorkbook, read_workbook
from data_access.workbook.validation import ERROR, WARNING, HasProblems, Problem, validate
from data_access.workbook.writer import build_workbook
from metrics.frames import ProgrammeFrames, filter_frames
from metrics.quarters import quarter_label

SHEET_OF_PART = {sheet.part: sheet.name for sheet in SHEETS}


class ImportRefused(UserRefusal):
    """An action on versions that cannot be done; the message is Danish and for the user."""


@dataclass
class PersonChanges:
    scope: str
    compared_with: str = "ingen tidligere data"
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)


@dataclass
class ImportReport(HasProblems):
    source_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    scopes: list[str] = field(default_factory=list)
    rows_per_sheet: dict[str, int] = field(default_factory=dict)
    person_changes: list[PersonChanges] = field(default_factory=list)
    # A preview of one site and quarter: the site's data in force and with the file, for its key figures
    # (worked out above this layer, by ``metrics.overview.key_figures_before_after``).
    preview: "Preview | None" = None
    # The parsed workbook, so that confirming what was previewed does not parse the same file again.
    parsed: ParsedWorkbook | None = field(default=None, repr=False)
    version_ids: list[int] = field(default_factory=list)
    stored: bool = False


@dataclass(frozen=True)
class Preview:
    site_id: int
    quarter: str
    before: ProgrammeFrames  # the site's data in force
    after: ProgrammeFrames  # the same with the file
    compared: str | None  # the quarter the file is compared with (None: no earlier data)
    compared_text: str  # the same in Danish, for headings


def _no_progress(step: str) -> None:
    return None


def import_workbook(engine: Engine, content: bytes, *, file_name: str, created_by: str,
                    site_id: int | None = None, quarter: str | None = None, commit: bool = False,
                    on_step: Callable[[str], None] = _no_progress) -> ImportReport:
    """Check a workbook and preview it (``commit=False``) or store it (``commit=True``).

    ``on_step`` is told, in Danish, what is happening, for a progress display.
    """
    digest = hashlib.sha256(content).hexdigest()
    refused = _refused_names(file_name, created_by, digest)
    if refused:
        return refused
    on_step("Kontrollerer filens opbygning og læser arkene")
    try:
        parsed = read_workbook(content)
    except UnreadableWorkbook as refusal:
        return ImportReport(without_control_characters(file_name), digest, problems=[Problem(ERROR, str(refusal))])
    report = import_parsed(engine, parsed, source_name=file_name, sha256=digest, kind="workbook",
                           created_by=created_by, site_id=site_id, quarter=quarter, commit=commit, on_step=on_step)
    report.parsed = None if commit else parsed
    return report


def confirm_preview(engine: Engine, preview: ImportReport, *, created_by: str, site_id: int | None = None,
                    quarter: str | None = None, on_step: Callable[[str], None] = _no_progress) -> ImportReport:
    """Store the workbook a preview (``import_workbook(commit=False)``) was made of, with the same choices,
    from the preview's parse: the file is not read a second time. Every check runs again on the data as it is
    now, in the storing transaction."""
    return import_parsed(engine, preview.parsed, source_name=preview.source_name, sha256=preview.sha256,
                         kind="workbook", created_by=created_by, site_id=site_id, quarter=quarter, commit=True,
                         on_step=on_step)


def _refused_names(source_name: str, created_by: str, sha256: str) -> ImportReport | None:
    """A report refusing the import when the file's or the user's name looks like a CPR number: both are stored
    with the version and written to the audit log. Checked before the file is read, so no report names it."""
    if not (looks_like_cpr(source_name) or looks_like_cpr(created_by)):
        return None
    place = "Filnavnet" if looks_like_cpr(source_name) else "Brugernavnet"
    return ImportReport(redacted(source_name), sha256, problems=[Problem(
        ERROR, f"{place} ligner et CPR-nummer. Omdøb filen (fx 'gellerup-2026K4.xlsx'); intet er gemt.")])


def import_parsed(engine: Engine, parsed: ParsedWorkbook, *, source_name: str, sha256: str, kind: str,
                  created_by: str, site_id: int | None = None, quarter: str | None = None,
                  commit: bool = False, on_step: Callable[[str], None] = _no_progress) -> ImportReport:
    refused = _refused_names(source_name, created_by, sha256)
    if refused:
        return refused
    source_name, created_by = without_control_characters(source_name), without_control_characters(created_by)
    report = ImportReport(source_name, sha256)
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            take_import_lock(connection)
            report.problems.extend(_apply_reference_sheets(connection, parsed, created_by))
            if not report.ok:
                # Without its master data every row of the file would be refused too: name only the cause.
                transaction.rollback()
                return report
            choices = load_choices(connection)
            on_step("Kontrollerer hver række og kolonne")
            check = validate(parsed, choices, site_id, quarter, load_progression_scales(connection))
            report.problems.extend(check.problems)
            if check.ok:
                report.problems.extend(_already_imported(connection, check.returns, sha256))
                report.problems.extend(_purged(connection, {quarterly.site_id for quarterly in check.returns}))
            if not report.ok:
                transaction.rollback()
                return report
            report.scopes = [f"{choices['site'][r.site_id]}, {quarter_label(r.quarter)}" for r in check.returns]
            for quarterly in check.returns:
                for part, count in quarterly.row_counts().items():
                    sheet = SHEET_OF_PART[part]
                    report.rows_per_sheet[sheet] = report.rows_per_sheet.get(sheet, 0) + count
            on_step("Gemmer versionen" if commit else "Beregner forhåndsvisning")
            # Only the sites in the file can change; the preview needs no other data.
            sites = sorted({quarterly.site_id for quarterly in check.returns})
            before = load_frames(connection, sites)
            report.version_ids = write_returns(connection, check.returns, VersionMeta(
                kind=kind, created_by=created_by, file_name=source_name, sha256=sha256,
            ))
            report.person_changes = [
                _person_changes(before, quarterly, scope) for quarterly, scope in zip(check.returns, report.scopes,
                                                                                      strict=True)
            ]
            if len(check.returns) == 1 and not commit:
                # The data before and after are for the preview; a confirmed import was previewed already.
                report.preview = _preview(before, load_frames(connection, sites), check.returns[0])
            if commit:
                log_event(connection, created_by, "import",
                          f"version {', '.join(map(str, report.version_ids))} fra {source_name} ({kind})")
                transaction.commit()
                report.stored = True
            else:
                transaction.rollback()
                report.version_ids = []
        except BaseException:
            transaction.rollback()
            raise
    return report


def _purged(connection: Connection, site_ids: set[int]) -> list[Problem]:
    """A project whose person data were deleted after its retention takes no rows again."""
    rows = connection.execute(select(Project.name, Project.person_data_deleted_at).join(Site, Site.project_id ==
                                                                                        Project.id)
                              .where(Site.id.in_(site_ids), Project.person_data_deleted_at.is_not(None))
                              .distinct()).all()
    return [Problem(ERROR, f"Borgerdata for {name} blev slettet den {deleted:%d-%m-%Y}, da opbevaringsperioden var "
                           "udløbet. Projektet tager ikke imod nye indberetninger eller gendannelser.")
            for name, deleted in rows]


def _already_imported(connection: Connection, returns: list[QuarterlyReturn], sha256: str) -> list[Problem]:
    earlier = connection.execute(
        select(ImportVersion.id, ImportVersion.quarter, ImportVersion.created_at).where(
            ImportVersion.sha256 == sha256,
            ImportVersion.site_id.in_({quarterly.site_id for quarterly in returns}),
            ImportVersion.quarter.in_({quarterly.quarter for quarterly in returns}),
        ).order_by(ImportVersion.id)
    ).all()
    if not earlier:
        return []
    versions = ", ".join(f"{row.id} ({quarter_label(row.quarter)})" for row in earlier)
    return [Problem(
        ERROR,
        f"Præcis denne fil er allerede indlæst {earlier[-1].created_at:%d-%m-%Y %H:%M} som version {versions}. "
        "Den gemmes ikke igen. Vil du tilbage til en tidligere version, så brug 'Gendan' i importhistorikken.",
    )]


def _comparison_quarter(before, quarterly: QuarterlyReturn) -> str | None:
    """What a new version is compared with: the version in force for its quarter, else the latest before it."""
    quarters = before.persons.loc[before.persons["site_id"] == quarterly.site_id, "quarter"].unique()
    earlier = sorted(quarter for quarter in quarters if quarter <= quarterly.quarter)
    return earlier[-1] if earlier else None


def _comparison_text(compared: str | None, quarterly: QuarterlyReturn) -> str:
    if compared is None:
        return "ingen tidligere data"
    if compared == quarterly.quarter:
        return f"den gældende version for {quarter_label(compared)}"
    return quarter_label(compared)


def _person_changes(before, quarterly: QuarterlyReturn, scope: str) -> PersonChanges:
    """Persons new, changed and gone compared with the version in force (or the quarter before it)."""
    compared = _comparison_quarter(before, quarterly)
    changes = PersonChanges(scope, _comparison_text(compared, quarterly))
    new_rows = {row[0]: row for row in quarterly.persons}
    if compared is None:
        changes.new = sorted(new_rows)
        return changes
    old = before.persons[(before.persons["site_id"] == quarterly.site_id) & (before.persons["quarter"] == compared)]
    old_rows = {
        row.person_key: (row.person_key, row.family_key, row.target_group, row.benefit_type,
                         row.start_date.date(), None if pd.isna(row.end_date) else row.end_date.date())
        for row in old.itertuples()
    }
    changes.new = sorted(set(new_rows) - set(old_rows))
    changes.gone = sorted(set(old_rows) - set(new_rows))
    changes.changed = sorted(key for key in set(new_rows) & set(old_rows) if new_rows[key] != old_rows[key])
    return changes


def _preview(before: ProgrammeFrames, after: ProgrammeFrames, quarterly: QuarterlyReturn) -> Preview:
    compared = _comparison_quarter(before, quarterly)
    site = [quarterly.site_id]
    return Preview(quarterly.site_id, quarterly.quarter, filter_frames(before, site_ids=site),
                   filter_frames(after, site_ids=site), compared, _comparison_text(compared, quarterly))


# --- Master data: only into an empty database (a full export's round trip) ----------


def _apply_reference_sheets(connection: Connection, parsed: ParsedWorkbook, actor: str) -> list[Problem]:
    if not any(sheet.name in parsed.sheets for sheet in MASTER_SHEETS):
        return []
    if has_master_data(connection):
        return [Problem(WARNING, "Filens stamdata (projekter, steder, kategorier, mål, benchmarks) er ikke "
                                 "indlæst: de vedligeholdes under Administration > Stamdata.")]
    plan = plan_setup(connection, parsed)
    if plan.ok:
        apply_changes(connection, plan.changes, actor)
    return plan.problems


# --- Export, history and rollback --------------------------------------------------


def template_bytes(engine: Engine) -> bytes:
    with engine.connect() as connection:
        return build_workbook(load_choices(connection))


def export_bytes(engine: Engine) -> bytes:
    """All data in force, every site and quarter, plus reference data: enough to rebuild the database."""
    with engine.connect() as connection:
        in_force = versions_in_force_query()
        version_ids = connection.execute(select(in_force.c.id).order_by(in_force.c.id)).scalars().all()
        returns = [read_return(connection, version_id) for version_id in version_ids]
        return build_workbook(load_choices(connection), returns, export_sheets(connection))


def version_history(engine: Engine) -> pd.DataFrame:
    """Every version, newest first, with whether it is the one in force for its site and quarter."""
    in_force = versions_in_force_query()
    with engine.connect() as connection:
        rows = connection.execute(
            select(ImportVersion.id, ImportVersion.site_id, ImportVersion.quarter, ImportVersion.kind,
                   ImportVersion.created_at, ImportVersion.created_by, ImportVersion.file_name,
                   ImportVersion.sha256, ImportVersion.rows_per_sheet, ImportVersion.restores_version_id,
                   in_force.c.id.is_not(None).label("in_force"))
            .outerjoin(in_force, in_force.c.id == ImportVersion.id)
            .order_by(ImportVersion.id.desc())
        ).all()
    columns = ["version_id", "site_id", "quarter", "kind", "created_at", "created_by", "file_name", "sha256",
               "rows_per_sheet", "restores_version_id", "in_force"]
    return pd.DataFrame([tuple(row) for row in rows], columns=columns)


def version_content(engine: Engine, version_id: int) -> QuarterlyReturn:
    with engine.connect() as connection:
        return read_return(connection, version_id)


def rollback_to(engine: Engine, version_id: int, created_by: str) -> int:
    """Make an earlier version the one in force again, by storing its rows as a new version."""
    with engine.begin() as connection:
        take_import_lock(connection)
        version = connection.execute(
            select(ImportVersion.site_id, ImportVersion.quarter, ImportVersion.file_name)
            .where(ImportVersion.id == version_id)
        ).first()
        if version is None:
            raise ImportRefused(f"Version {version_id} findes ikke.")
        if refused := _purged(connection, {version.site_id}):
            raise ImportRefused(refused[0].message)
        newest = connection.execute(
            select(func.max(ImportVersion.id)).where(
                ImportVersion.site_id == version.site_id, ImportVersion.quarter == version.quarter,
            )
        ).scalar_one()
        if newest == version_id:
            raise ImportRefused(f"Version {version_id} er allerede den gældende for "
                                f"{quarter_label(version.quarter)}; der er intet at gendanne.")
        [new_id] = write_returns(connection, [read_return(connection, version_id)], VersionMeta(
            kind="rollback", created_by=created_by, file_name=version.file_name,
            restores_version_id=version_id,
        ))
        log_event(connection, created_by, "rollback", f"version {version_id} gendannet som version {new_id}")
    return new_id


def resolve_site(engine: Engine, text: str) -> int:
    """A site given on the command line: its id, its name, or 'Projekt – Sted'."""
    with engine.connect() as connection:
        choices = load_choices(connection)["site"]
        names = dict(connection.execute(select(Site.id, Site.name)).all())
    wanted = " ".join(text.split()).casefold()
    matches = [site_id for site_id, label in choices.items()
               if wanted in (str(site_id), label.casefold(), names[site_id].casefold())]
    if len(matches) != 1:
        known = "; ".join(choices.values())
        raise ImportRefused(f"Stedet '{text}' findes ikke (eller er ikke entydigt). Kendte steder: {known}.")
    return matches[0]

