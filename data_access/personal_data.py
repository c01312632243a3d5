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
from datetime import UTC, datetime

import openpyxl
from sqlalchemy import Connection, Engine, delete, func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from data_access.accounts import log_event
from data_access.cpr import looks_like_cpr
from data_access.models import (
    AuditEvent,
    Base,
    Family,
    ImportVersion,
    Person,
    SignInFailureTally,
    SignInKnownSource,
    SignInThrottle,
    Site,
    SiteFigure,
    StaffAssignment,
)
from data_access.returns import take_import_lock
from data_access.settings import audit_retention
from data_access.workbook_format import PERSON_KEY, SHEETS

PERSON_LEVEL_ROLES = ("Ingen side viser rækker om den enkelte borger; sider, rapport og præsentation viser kun tal. "
                      "Rækkerne kan hentes af projektledere med adgang til alle steder og af administratorer "
                      "(«Hent gældende data», analyseudtræk, indsigt).")
IN_FORCE = ("Så længe projektet kører, i alle importversioner (en rettelse gemmes som ny version). En borger "
            "registreret ved en fejl slettes af en administrator (side «Persondata»). Et helt projekts rækker "
            "slettes endnu ikke af dashboardet efter projektets slutdato.")


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
        "created_at": "Oprettet"},
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
    "project_target": "Projektets delmål (tekst og måltal).",
    "installation_setting": "Fakta om installationen (fx at demoen lavede databasen).",
    "publication_version": "Hvilke versioner en offentliggørelse viser (numre).",
    "import_lock": "En tæller, der lader én import skrive ad gangen.",
    "site_figure": "Tal regnet ud pr. sted (optællinger, ingen rækker om den enkelte); slettes, når rækkerne "
                   "bag dem slettes.",
    "site_activity": "Teamets egne aktiviteter pr. kvartal (antal samtaler, kontakter), ingen personer.",
}

# Tables whose rows name a person through ``person_id``, in the order they are deleted.
PERSON_TABLES = tuple(table for table in Base.metadata.sorted_tables if "person_id" in table.c)


def title_of(table: str) -> str:
    """A table's name in Danish, for messages ('Borgere', 'Trivsel og skolefravær')."""
    return next((kind.title for kind in RECORD if kind.table == table),
                {"site_figure": "Gemte steds-tal", "staging": "Staging-tabeller"}.get(table, table))


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
    present = set(inspect(connection).get_table_names())
    deleted = 0
    for sheet in SHEETS:
        table = f"staging_{sheet.part}"
        if table in present and PERSON_KEY in sheet.columns:
            deleted += connection.execute(text(f"DELETE FROM {table} WHERE person_key = :key"),  # noqa: S608
                                          {"key": person_key}).rowcount
    return deleted


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

