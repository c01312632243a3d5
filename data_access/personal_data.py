"""Personal data: what is stored about citizens and staff, why, who may see it and for how long (the record of
processing, GDPR art. 30), and what an administrator does with it: answer an access request, erase one person
registered by mistake, and delete old audit and sign-in records, so that deleted rows do not linger in the file.

Every table of the data model is named here once: in ``RECORD`` with every column described in Danish, or in
``NOT_PERSONAL`` with the reason. tests/test_personal_data.py fails when a model gains a table or a column that
this record does not describe.
"""

import contextlib
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime

import openpyxl
import pandas as pd
from sqlalchemy import Connection, Engine, delete, func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from data_access.accounts.audit_log import log_event
from data_access.cpr import looks_like_cpr
from data_access.models import (
    AuditEvent,
    Base,
    Family,
    ImportVersion,
    Person,
    Project,
    Publication,
    SignInFailureTally,
    SignInKnownSource,
    SignInThrottle,
    Site,
    SiteFigure,
    StaffAssignment,
)
from data_access.publication import keep_published_figures
from data_access.returns import take_import_lock
from data_access.settings import audit_retention, project_retention_months
from data_access.staging import staging_table
from data_access.workbook.format import PERSON_KEY, SHEETS
from metrics.quarters import quarter_label
from metrics.vocabulary import site_label

PERSON_LEVEL_ROLES = ("Ingen side viser rækker om den enkelte borger; sider, rapport og præsentation viser kun tal. "
                      "Rækkerne kan hentes af projektledere med adgang til alle steder og af administratorer "
                      "(«Hent gældende data», analyseudtræk, indsigt).")
IN_FORCE = ("I alle importversioner (en rettelse gemmes som ny version) til projektets slutdato plus "
            "opbevaringsperioden (sat pr. projekt under Stamdata; ellers PROJECT_RETENTION_MONTHS, standard 36 "
            "måneder). Derefter sletter «python -m cli purge» eller siden «Persondata» projektets rækker i alle "
            "versioner; de offentliggjorte tal bevares. En borger registreret ved en fejl slettes af en "
            "administrator (side «Persondata»).")


@dataclass(frozen=True)
class PersonalData:
    """One table that holds personal data, as the record of processing describes it."""

    table: str
    title: str
    fields: dict[str, str]  # every column of the table, in Danish
    purpose: str
    source: str
    seen_by: str
    retention: str
    health: bool = False  # special category (art. 9): health data


VERSION = {"id": "Rækkens nummer", "version_id": "Importversionen (sted og kvartal), rækken kom med"}
PERSON_ROW = {**VERSION, "person_id": "Borgeren (pseudonymt Borger-id)"}

RECORD: tuple[PersonalData, ...] = (
    PersonalData("person", "Borgere", {
        **VERSION, "person_key": "Borger-id (pseudonymt, fx B001; aldrig CPR-nummer)",
        "family_id": "Familien, borgeren hører til", "target_group": "Målgruppe (voksen, ung, barn)",
        "benefit_type": "Forsørgelsesydelse ved start", "start_date": "Startdato i projektet",
        "end_date": "Slutdato i projektet"},
        "At tælle deltagere og følge dem fra start til afslutning.", "Kvartalsarket «Borgere» / staging_persons",
        PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("family", "Familier", {**VERSION, "family_key": "Familie-id (pseudonymt)"},
                 "At tælle familier og koble medarbejdere til dem.", "Kvartalsarket «Familier» / staging_families",
                 PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("staff_member", "Medarbejdere", {
        **VERSION, "staff_key": "Medarbejder-id (pseudonymt, fx M01)", "profession": "Faggruppe",
        "department": "Forvaltning"},
        "At vise hvilke kombinationer af fagligheder, der arbejder med familierne.",
        "Kvartalsarket «Medarbejdere» / staging_staff", PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("staff_assignment", "Medarbejdernes tilknytning til familier", {
        **VERSION, "family_id": "Familien", "staff_id": "Medarbejderen", "start_date": "Tilknyttet fra",
        "end_date": "Tilknyttet til"},
        "Som medarbejdere.", "Kvartalsarket «Tilknytninger» / staging_assignments", PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("person_status", "Status ved kvartalets udgang", {
        **PERSON_ROW, "category_id": "Udfaldskategori (fx ordinært job)", "hours_per_week": "Timer pr. uge"},
        "Projektets resultater: hvor borgerne står.", "Kvartalsarket «Status» / staging_statuses",
        PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("person_goal", "Borgernes delmål", {
        **PERSON_ROW, "area": "Område", "status": "Status", "set_on": "Sat dato", "closed_on": "Afsluttet dato"},
        "At følge de delmål, der er aftalt med borgeren.", "Kvartalsarket «Delmål» / staging_goals",
        PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("wellbeing_measurement", "Trivsel og skolefravær", {
        **PERSON_ROW, "instrument": "Måleinstrument (WHO-5 eller skolefravær)", "score": "Score",
        "measured_on": "Måledato"},
        "At følge borgernes trivsel (WHO-5) og børnenes skolefravær.", "Kvartalsarket «Trivsel» / "
        "staging_wellbeing", PERSON_LEVEL_ROLES, IN_FORCE, health=True),
    PersonalData("person_exit", "Afslutninger", {
        **PERSON_ROW, "category_id": "Udfald ved afslutning", "exit_on": "Afslutningsdato"},
        "Projektets resultater ved afslutning.", "Kvartalsarket «Afslutninger» / staging_exits",
        PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("follow_up", "Opfølgninger", {
        **PERSON_ROW, "months_after": "Måneder efter afslutning", "category_id": "Status ved opfølgningen",
        "observed_on": "Opfølgningsdato"},
        "Om resultaterne holder efter afslutningen.", "Kvartalsarket «Opfølgning» / staging_follow_ups",
        PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("progression_measurement", "Progression (afstand til job)", {
        **PERSON_ROW, "instrument": "Måleredskab", "item": "Delområde", "score": "Score",
        "measured_on": "Måledato"},
        "At vise om borgerne rykker tættere på job.", "Kvartalsarket «Progression» / staging_progression",
        PERSON_LEVEL_ROLES, IN_FORCE, health=True),
    PersonalData("aftercare_contact", "Efterværn", {**PERSON_ROW, "contacts": "Antal kontakter i kvartalet"},
                 "At vise efterværn efter jobstart.", "Kvartalsarket «Efterværn» / staging_aftercare",
                 PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("small_job", "Småjob", {
        **PERSON_ROW, "job_type": "Jobtype", "company_key": "Virksomheds-id (pseudonymt)",
        "company_size": "Virksomhedsstørrelse", "contact_staff_key": "Kontaktperson (Medarbejder-id)",
        "start_date": "Startdato"},
        "At følge småjob og overgangen til ordinært job.", "Kvartalsarket «Småjob» / staging_small_jobs",
        PERSON_LEVEL_ROLES, IN_FORCE),
    PersonalData("user_account", "Brugerkonti", {
        "id": "Kontoens nummer", "username": "Brugernavn eller e-mailadresse", "display_name": "Navn",
        "password_hash": "Adgangskodens hash (aldrig adgangskoden)", "role": "Rolle", "site_id": "Sted",
        "is_active": "Aktiv", "must_change_password": "Skal skifte adgangskode", "is_demo": "Demokonto",
        "created_at": "Oprettet", "email": "E-mailadresse fra identitetsudbyderen (til besked om offentliggørelse)"},
        "Adgangsstyring: hvem må se og indlæse hvad.", "Administrationssiden / create-admin",
        "Administratorer.", "Så længe kontoen findes; en administrator deaktiverer eller sletter den."),
    PersonalData("audit_event", "Auditlog", {
        "id": "Hændelsens nummer", "occurred_at": "Tidspunkt", "actor": "Hvem (brugernavn)",
        "action": "Handling", "detail": "Detaljer (aldrig borgerdata)"},
        "Sporbarhed: hvem gjorde hvad og hvornår.", "Appen selv", "Administratorer.",
        "Slettes af «python -m cli purge», når den er ældre end AUDIT_RETENTION_DAYS (standard 3 år)."),
    PersonalData("sign_in_throttle", "Tællere for forkerte adgangskoder", {
        "key": "Nøglet hash af brugernavn og klientadresse (aldrig teksten)", "failures": "Antal forkerte",
        "window_started_at": "Vinduets start"},
        "Beskyttelse mod gæt af adgangskoder.", "Log ind", "Ingen (kun appen selv).",
        "Ryddes af «purge», når vinduet er udløbet."),
    PersonalData("sign_in_known_source", "Kendte klientadresser", {
        "key": "Nøglet hash af brugernavn og klientadresse", "last_signed_in_at": "Seneste log ind"},
        "At en konto under angreb stadig kan bruges fra sine egne adresser.", "Log ind",
        "Ingen (kun appen selv).", "90 dage efter seneste log ind fra adressen."),
    PersonalData("sign_in_failure_tally", "Mislykkede log ind uden konto, pr. time", {
        "hour_start": "Timen", "reason": "Årsag", "attempts": "Antal", "last_at": "Seneste"},
        "Overblik over angreb uden at fylde auditloggen.", "Log ind", "Administratorer (auditloggen).",
        "Slettes af «purge» som auditloggen."),
    PersonalData("commentary", "Projektlederens kommentarer", {
        "id": "Nummer", "site_id": "Sted", "quarter": "Kvartal", "indicator_key": "Nøgletallet, teksten forklarer",
        "text": "Teksten", "author": "Skrevet af (brugernavn)", "created_at": "Tidspunkt"},
        "Projektlederens forklaring til styregruppen. Teksten afvises, hvis den ligner et CPR-nummer.",
        "Siderne (projektleder)", "Alle med adgang til stedet.", "Så længe projektet kører."),
    PersonalData("import_version", "Importversioner", {
        "id": "Versionens nummer", "site_id": "Sted", "quarter": "Kvartal", "kind": "Slags",
        "created_at": "Indlæst", "created_by": "Indlæst af (brugernavn)", "file_name": "Filnavn",
        "sha256": "Filens fingeraftryk", "rows_per_sheet": "Rækker pr. ark",
        "restores_version_id": "Version, der gendannes"},
        "Hvilke tal der kom ind hvornår og af hvem; gendannelse.", "Data og import", "Projektledere og "
        "administratorer (Historik).", "Så længe projektet kører."),
    PersonalData("publication", "Offentliggjorte kvartaler", {
        "id": "Nummer", "project_id": "Projekt", "quarter": "Kvartal", "published_at": "Tidspunkt",
        "published_by": "Offentliggjort af (brugernavn)"},
        "Hvilke tal styregruppen fik forelagt.", "Forelæggelse", "Alle.", "Så længe projektet kører."),
)

NOT_PERSONAL: dict[str, str] = {
    "project": "Stamdata om projekter.",
    "site": "Stamdata om steder.",
    "outcome_category": "Stamdata: udfaldskategorier.",
    "profession": "Stamdata: faggrupper.",
    "job_type": "Stamdata: jobtyper.",
    "progression_instrument": "Stamdata: måleredskaber.",
    "benchmark": "Landstal.",
    "report_template": "Kommunens PowerPoint-skabelon til rapporten.",
    "project_target": "Projektets delmål (tekst og måltal).",
    "installation_setting": "Fakta om installationen (fx at demoen lavede databasen).",
    "publication_version": "Hvilke versioner en offentliggørelse viser (numre).",
    "published_figure": "Et offentliggjort kvartals tal, som de blev forelagt: optællinger pr. projekt, sted og "
                        "målgruppe med diskretionering (antal under 5 gemmes ikke). Bevares efter projektets "
                        "sletning.",
    "import_lock": "En tæller, der lader én import skrive ad gangen.",
    "site_figure": "Tal regnet ud pr. sted (optællinger, ingen rækker om den enkelte); slettes, når rækkerne "
                   "bag dem slettes.",
    "site_activity": "Teamets egne aktiviteter pr. kvartal (antal samtaler, kontakter), ingen personer.",
}

# Tables whose rows name a person through ``person_id``, in the order they are deleted.
PERSON_TABLES = tuple(table for table in Base.metadata.sorted_tables if "person_id" in table.c)
# Every table of reported rows (each row belongs to an import version), children before their parents: what a
# project's purge deletes. A publication's list of versions is not reported data and stays.
REPORTED_TABLES = tuple(table for table in reversed(Base.metadata.sorted_tables)
                        if "version_id" in table.c and table.name != "publication_version")


def title_of(table: str) -> str:
    """A table's name in Danish, for messages ('Borgere', 'Trivsel og skolefravær')."""
    return next((kind.title for kind in RECORD if kind.table == table),
                {"site_figure": "Gemte steds-tal", "staging": "Staging-tabeller",
                 "site_activity": "Teamets aktiviteter"}.get(table, table))


def record_rows() -> list[dict]:
    """The record of processing as rows: one per field of every table that holds personal data."""
    return [{"Tabel": kind.table, "Indhold": kind.title, "Felt": column, "Beskrivelse": description,
             "Helbredsoplysning (art. 9)": "Ja" if kind.health else "Nej", "Formål": kind.purpose,
             "Kilde": kind.source, "Hvem kan se det": kind.seen_by, "Opbevaring": kind.retention}
            for kind in RECORD for column, description in kind.fields.items()]


def record_workbook() -> bytes:
    """The record of processing as a workbook for the data protection officer."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Fortegnelse"
    rows = record_rows()
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    about = workbook.create_sheet("Om fortegnelsen")
    about.append(["Fortegnelse over behandlingsaktiviteter (databeskyttelsesforordningen art. 30), dannet ud fra "
                  "dashboardets datamodel. Tabeller uden personoplysninger:"])
    for table, reason in NOT_PERSONAL.items():
        about.append([table, reason])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- One person -----------------------------------------------------------------------------------------


def _persons(person_key: str, site_id: int | None):
    """The person rows of this key in every version (of one site)."""
    statement = select(Person.id).join(ImportVersion, ImportVersion.id == Person.version_id) \
        .where(Person.person_key == person_key)
    return statement.where(ImportVersion.site_id == site_id) if site_id is not None else statement


def key_digest(person_key: str) -> str:
    """What the audit log says instead of the key: the log holds no citizen's data."""
    return hashlib.sha256(person_key.encode()).hexdigest()[:12]


def person_rows(engine: Engine, person_key: str, site_id: int | None = None) -> dict[str, list[dict]]:
    """Everything stored under one person key, table by table, with the version's site and quarter."""
    found: dict[str, list[dict]] = {}
    with engine.connect() as connection:
        ids = select(_persons(person_key, site_id).subquery().c.id)
        for table in (Person.__table__, *PERSON_TABLES):
            key = table.c.id if table is Person.__table__ else table.c.person_id
            rows = connection.execute(
                select(Site.name.label("site"), ImportVersion.quarter, table)
                .join(ImportVersion, ImportVersion.id == table.c.version_id)
                .join(Site, Site.id == ImportVersion.site_id)
                .where(key.in_(ids)).order_by(table.c.version_id, table.c.id)).mappings().all()
            if rows:
                found[table.name] = [dict(row) for row in rows]
    return found


def access_request_workbook(engine: Engine, person_key: str, actor: str, site_id: int | None = None) -> bytes:
    """An access request answered: one sheet per kind of data with Danish column names, and what it means."""
    found = person_rows(engine, person_key, site_id)
    kinds = {kind.table: kind for kind in RECORD}
    workbook = openpyxl.Workbook()
    about = workbook.active
    about.title = "Forklaring"
    about.append([f"Alt, hvad dashboardet har gemt under Borger-id {person_key}, i alle importversioner."])
    about.append(["Hver række kom med en kvartalsindberetning (sted og kvartal står på rækken). En rettelse gemmes "
                  "som en ny version, derfor kan samme oplysning stå flere gange."])
    about.append(["Oplysningerne bruges kun til at regne projektets tal ud; ingen side viser den enkelte."])
    if not found:
        about.append(["Der er intet gemt under dette Borger-id."])
    for table, rows in found.items():
        kind = kinds[table]
        sheet = workbook.create_sheet(kind.title[:31])
        columns = [column for column in rows[0] if column not in ("id", "version_id", "person_id")]
        names = {"site": "Sted", "quarter": "Kvartal", **kind.fields}
        sheet.append([names.get(column, column) for column in columns])
        for row in rows:
            sheet.append([row[column] for column in columns])
        about.append([f"{kind.title}: {len(rows)} rækker. Formål: {kind.purpose}"
                      + (" Helbredsoplysninger." if kind.health else "")])
    with engine.begin() as connection:
        log_event(connection, actor, "access_request",
                  f"Indsigt: {sum(map(len, found.values()))} rækker udleveret (Borger-id med fingeraftryk "
                  f"{key_digest(person_key)})")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Erasure:
    rows: dict[str, int]  # table -> rows deleted
    site_ids: list[int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def erase_person(engine: Engine, person_key: str, reason: str, actor: str, site_id: int | None = None) -> Erasure:
    """Delete one person key from every version (of one site): the person's rows, their family where they were
    its only member, and the figures kept per site, which are worked out again from what is left. The reason
    goes in the audit log; the freed pages are cleared."""
    if not reason.strip():
        raise ValueError("Skriv en begrundelse; den gemmes i auditloggen.")
    if looks_like_cpr(reason):
        raise ValueError("Begrundelsen ligner et CPR-nummer. Skriv aldrig CPR-numre; intet er slettet.")
    deleted: dict[str, int] = {}
    with engine.begin() as connection:
        take_import_lock(connection)  # one writer at a time, and every cached figure sees a change
        persons = connection.execute(
            select(Person.id, Person.family_id, ImportVersion.site_id)
            .join(ImportVersion, ImportVersion.id == Person.version_id)
            .where(Person.id.in_(_persons(person_key, site_id)))).all()
        ids = [row.id for row in persons]
        sites = sorted({row.site_id for row in persons})
        for table in PERSON_TABLES:
            deleted[table.name] = connection.execute(delete(table).where(table.c.person_id.in_(ids))).rowcount
        deleted["person"] = connection.execute(delete(Person).where(Person.id.in_(ids))).rowcount
        families = {row.family_id for row in persons if row.family_id is not None}
        alone = [family for family in families
                 if not connection.execute(select(func.count()).where(Person.family_id == family)).scalar()]
        deleted["staff_assignment"] = connection.execute(
            delete(StaffAssignment).where(StaffAssignment.family_id.in_(alone))).rowcount
        deleted["family"] = connection.execute(delete(Family).where(Family.id.in_(alone))).rowcount
        deleted["site_figure"] = connection.execute(delete(SiteFigure).where(SiteFigure.site_id.in_(sites))).rowcount
        deleted["staging"] = _erase_from_staging(connection, person_key)
        log_event(connection, actor, "erasure",
                  f"Borger-id med fingeraftryk {key_digest(person_key)} slettet fra alle versioner "
                  f"({sum(deleted.values())} rækker). Begrundelse: {reason.strip()}")
    erasure = Erasure({table: count for table, count in deleted.items() if count}, sites)
    clear_freed_space(engine, [Person.__tablename__, *(table.name for table in PERSON_TABLES), "family",
                               "staff_assignment", "site_figure"])
    return erasure


def _erase_from_staging(connection: Connection, person_key: str) -> int:
    """The IT department's staging tables (data_access/staging.py), where they exist, hold the rows too."""
    deleted = 0
    for table, sheet in _staging_tables(connection):
        if PERSON_KEY in sheet.columns:
            deleted += connection.execute(text(f"DELETE FROM {table} WHERE person_key = :key"),  # noqa: S608
                                          {"key": person_key}).rowcount
    return deleted


def _staging_tables(connection: Connection) -> list[tuple[str, object]]:
    """(table, sheet) of each staging table the IT department has created."""
    present = set(inspect(connection).get_table_names())
    return [(staging_table(sheet), sheet) for sheet in SHEETS if staging_table(sheet) in present]


def clear_freed_space(engine: Engine, tables: list[str]) -> None:
    """Deleted rows must not stay readable in the database file: SQLite rewrites the file (VACUUM; the engine
    also sets secure_delete), PostgreSQL vacuums the touched tables so that their dead rows are reused."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if engine.dialect.name == "sqlite":
            connection.execute(text("VACUUM"))
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))  # nor in the write-ahead log
            return
        for table in tables:
            # A table the IT department has not created (staging) or that this role may not vacuum is left.
            with contextlib.suppress(DBAPIError):
                connection.execute(text(f'VACUUM "{table}"'))


# --- Old records ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OldRecords:
    rows: dict[str, int]  # table -> rows older than the retention


def purge_old_records(engine: Engine, actor: str, dry_run: bool = False,
                      now: datetime | None = None) -> OldRecords:
    """Audit entries and sign-in records older than the retention (AUDIT_RETENTION_DAYS) are deleted; the purge
    itself goes in the audit log. ``dry_run`` counts what would go."""
    cutoff = (now or datetime.now(UTC)) - audit_retention()
    old = {
        AuditEvent.__table__: AuditEvent.occurred_at < cutoff,
        SignInFailureTally.__table__: SignInFailureTally.last_at < cutoff,
        SignInThrottle.__table__: SignInThrottle.window_started_at < cutoff,
        SignInKnownSource.__table__: SignInKnownSource.last_signed_in_at < cutoff,
    }
    with engine.begin() as connection:
        if dry_run:
            return OldRecords({table.name: connection.execute(select(func.count()).select_from(table)
                                                              .where(condition)).scalar_one()
                               for table, condition in old.items()})
        rows = {table.name: connection.execute(delete(table).where(condition)).rowcount
                for table, condition in old.items()}
        log_event(connection, actor, "purge",
                  f"Slettet ældre end {cutoff:%d-%m-%Y}: " + ", ".join(f"{table} {count}"
                                                                       for table, count in rows.items()))
    clear_freed_space(engine, list(rows))
    return OldRecords(rows)



# --- A whole project after its retention ----------------------------------------------------------------


@dataclass(frozen=True)
class ProjectPurge:
    project_id: int
    project: str
    due_on: date | None  # the end date plus the retention; None: no end date set
    rows: dict[str, int]  # table -> rows of reported data (deleted, or to be)
    by_version: list[tuple[str, str, int, int]]  # (site, quarter, version, rows)
    staging_rows: int

    @property
    def total(self) -> int:
        return sum(self.rows.values()) + self.staging_rows


def retention_end(end_date: date | None, retention_months: int | None) -> date | None:
    """The day a project's person-level data may no longer be kept: its end date plus the retention."""
    if end_date is None:
        return None
    months = project_retention_months() if retention_months is None else retention_months
    month = end_date.month - 1 + months
    year, month = end_date.year + month // 12, month % 12 + 1
    # The same day of the month, or the month's last day (31 January + 1 month is 28/29 February).
    for day in range(end_date.day, 27, -1):
        with contextlib.suppress(ValueError):
            return date(year, month, day)
    return date(year, month, end_date.day)


def projects_due(engine: Engine, today: date | None = None) -> list[ProjectPurge]:
    """The projects whose retention has passed and whose person data are still kept, with what would go."""
    today = today or datetime.now(UTC).date()
    with engine.connect() as connection:
        projects = connection.execute(select(Project.id, Project.end_date, Project.retention_months)
                                      .where(Project.person_data_deleted_at.is_(None)).order_by(Project.id)).all()
        due = [row.id for row in projects
               if (end := retention_end(row.end_date, row.retention_months)) is not None and end <= today]
        return [_project_rows(connection, project_id) for project_id in due]


def project_rows(engine: Engine, project_id: int) -> ProjectPurge:
    """What a purge of the project would delete, table by table and version by version."""
    with engine.connect() as connection:
        return _project_rows(connection, project_id)


def _project_rows(connection: Connection, project_id: int) -> ProjectPurge:
    project = connection.execute(select(Project.name, Project.end_date, Project.retention_months)
                                 .where(Project.id == project_id)).one()
    sites = connection.execute(select(Site.id, Site.name).where(Site.project_id == project_id)).all()
    versions = select(ImportVersion.id).where(ImportVersion.site_id.in_([site.id for site in sites]))
    rows, per_version = {}, {}
    for table in REPORTED_TABLES:
        counted = connection.execute(select(table.c.version_id, func.count()).where(
            table.c.version_id.in_(versions)).group_by(table.c.version_id)).all()
        if counted:
            rows[table.name] = sum(count for _, count in counted)
        for version_id, count in counted:
            per_version[version_id] = per_version.get(version_id, 0) + count
    names = {row.id: (row.name, row.quarter) for row in connection.execute(
        select(ImportVersion.id, Site.name, ImportVersion.quarter).join(Site, Site.id == ImportVersion.site_id)
        .where(ImportVersion.id.in_(list(per_version))))}
    by_version = [(names[version][0], names[version][1], version, count)
                  for version, count in sorted(per_version.items())]
    staging = _staging_rows(connection, project.name, sites, delete_them=False)
    return ProjectPurge(project_id, project.name, retention_end(project.end_date, project.retention_months),
                        rows, by_version, staging)


def _staging_rows(connection: Connection, project: str, sites, delete_them: bool) -> int:
    """The IT department's staging rows of the project's sites (by the site's name or 'Projekt – Sted')."""
    names = [name for site in sites for name in (site.name, site_label(project, site.name))]
    total = 0
    for table, _ in _staging_tables(connection) if names else []:
        where = " OR ".join(f"site = :site{index}" for index in range(len(names)))
        values = {f"site{index}": name for index, name in enumerate(names)}
        verb = "DELETE" if delete_them else "SELECT count(*)"
        result = connection.execute(text(f"{verb} FROM {table} WHERE {where}"), values)  # noqa: S608
        total += result.rowcount if delete_them else result.scalar_one()
    return total


def purge_project(engine: Engine, project_id: int, actor: str, now: datetime | None = None) -> ProjectPurge:
    """Delete every person-level row of the project, in every version, with the staging rows and the figures
    kept per site; the published quarters' figures are kept first (for a publication from before figures were
    kept, worked out now from its versions) and stay, with the master data and the audit log entry of the
    purge. The project is marked with the date, and the freed pages are cleared."""
    with engine.connect() as connection:
        publication_ids = connection.execute(select(Publication.id).where(
            Publication.project_id == project_id)).scalars().all()
    for publication_id in publication_ids:
        keep_published_figures(engine, publication_id)
    with engine.begin() as connection:
        take_import_lock(connection)
        planned = _project_rows(connection, project_id)
        sites = connection.execute(select(Site.id, Site.name).where(Site.project_id == project_id)).all()
        versions = select(ImportVersion.id).where(ImportVersion.site_id.in_([site.id for site in sites]))
        for table in REPORTED_TABLES:
            connection.execute(delete(table).where(table.c.version_id.in_(versions)))
        connection.execute(delete(SiteFigure).where(SiteFigure.site_id.in_([site.id for site in sites])))
        _staging_rows(connection, planned.project, sites, delete_them=True)
        connection.execute(Project.__table__.update().where(Project.id == project_id)
                           .values(person_data_deleted_at=now or datetime.now(UTC)))
        log_event(connection, actor, "purge",
                  f"Persondata for projektet {planned.project} slettet efter opbevaringsperioden "
                  f"({planned.total} rækker i {len(planned.by_version)} versioner); de offentliggjorte tal "
                  f"for {len(publication_ids)} kvartaler er bevaret")
    clear_freed_space(engine, [table.name for table in REPORTED_TABLES] + ["site_figure"])
    return planned


def purged_projects(engine: Engine) -> pd.DataFrame:
    """The projects whose person data have been deleted: project_id, project_name, deleted_at."""
    with engine.connect() as connection:
        rows = connection.execute(select(Project.id, Project.name, Project.person_data_deleted_at)
                                  .where(Project.person_data_deleted_at.is_not(None))).all()
    return pd.DataFrame([tuple(row) for row in rows], columns=["project_id", "project_name", "deleted_at"])


def describe_purge(purge: ProjectPurge) -> list[str]:
    """What a project's purge deletes, table by table and version by version, in Danish lines."""
    lines = [f"{purge.project}: {purge.total} rækker"
             + (f" (opbevaringsperioden udløb {purge.due_on:%d-%m-%Y})" if purge.due_on else "")]
    lines += [f"  {title_of(table)}: {count}" for table, count in purge.rows.items()]
    if purge.staging_rows:
        lines.append(f"  Staging-tabeller: {purge.staging_rows}")
    lines += [f"  {site} {quarter_label(quarter)}, version {version}: {count} rækker"
              for site, quarter, version, count in purge.by_version]
    return lines
