"""The data model (SQLAlchemy 2, typed).

Two kinds of tables:

* Reference data that an administrator maintains: projects, sites, outcome
  categories, benchmark values, project targets (projektmål) and commentary.
* Reported data that arrives with a quarterly return (kvartalsindberetning):
  families, persons, staff, assignments, statuses, person sub-goals, wellbeing
  measurements, exits and follow-ups. Every such row belongs to exactly one
  ``ImportVersion``, and a version covers one site and one quarter. The
  version in force for a (site, quarter) is the newest one; older versions are
  never deleted, so any of them can be shown or restored (a restore is itself
  a new version).

Persons, families and staff carry only pseudonymous keys: no names, no CPR.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names keep Alembic migrations (and SQLite batch mode) predictable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

KEY_LENGTH = 32
CODE_LENGTH = 40


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# --- Reference data -------------------------------------------------------


class Project(Base):
    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # Person-level data are kept until the end date plus the retention (months; None: the installation's
    # default, PROJECT_RETENTION_MONTHS); then `purge` deletes them and keeps the published figures.
    end_date: Mapped[date | None] = mapped_column(Date)
    retention_months: Mapped[int | None] = mapped_column(Integer)
    person_data_deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Site(Base):
    __tablename__ = "site"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    municipality: Mapped[str] = mapped_column(String(100))


class OutcomeCategory(Base):
    __tablename__ = "outcome_category"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    group_code: Mapped[str] = mapped_column(String(CODE_LENGTH))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Whether hours per week are meaningful for this category (e.g. småjob).
    has_hours: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A status, exit or follow-up in this category is a job start and counts as "in job" in retention.
    is_job_start: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Profession(Base):
    """A staff profession (faggruppe), as the template's dropdown and the staff charts name it."""

    __tablename__ = "profession"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class JobType(Base):
    """The kinds of småjob (cleaning, service, warehouse, ...): a list a project extends."""

    __tablename__ = "job_type"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class ProgressionInstrument(Base):
    """A measure of distance to the labour market a project chooses (e.g. a 1-10 scale, the BIP
    indicators): its range, which way is closer to job, and the smallest change that means something."""

    __tablename__ = "progression_instrument"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    label: Mapped[str] = mapped_column(String(200))
    minimum: Mapped[float] = mapped_column(Float)
    maximum: Mapped[float] = mapped_column(Float)
    higher_is_closer: Mapped[bool] = mapped_column(Boolean, default=True)
    meaningful_change: Mapped[float] = mapped_column(Float)
    # The items (delområder) scored one by one, comma-separated; none: one overall score.
    items: Mapped[str | None] = mapped_column(String(1000))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Benchmark(Base):
    """An external comparison value, e.g. the national share in job 6 months after."""

    __tablename__ = "benchmark"

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_key: Mapped[str] = mapped_column(String(CODE_LENGTH), index=True)
    label: Mapped[str] = mapped_column(String(200))
    value: Mapped[float] = mapped_column(Float)
    period: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(200))
    # Where jobindsats.dk has the value (data_access/jobindsats.py): its table, the measure's name as the table
    # writes it, and the area; the period is ``period``. None: the value is typed in.
    jobindsats_table: Mapped[str | None] = mapped_column(String(40))
    jobindsats_measure: Mapped[str | None] = mapped_column(String(300))
    jobindsats_area: Mapped[str | None] = mapped_column(String(100))
    fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ProjectTarget(Base):
    """A project-level sub-goal (projektmål, delmål): what it counts, a target value and a deadline.

    What it counts is either one of the fixed indicators (``indicator_key``) or the project's own counting
    rule (``rule_categories`` and the rest; see ``metrics.goal_rules``). Code lists are stored as the
    setup workbook writes them: codes separated by commas.
    """

    __tablename__ = "project_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    indicator_key: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    rule_categories: Mapped[str | None] = mapped_column(String(500))
    rule_counting: Mapped[str | None] = mapped_column(String(10))
    rule_target_groups: Mapped[str | None] = mapped_column(String(100))
    part_label: Mapped[str | None] = mapped_column(String(200))
    part_categories: Mapped[str | None] = mapped_column(String(500))
    label: Mapped[str] = mapped_column(String(300))
    # Both optional: a delmål may be followed without a number to reach or a date to reach it by.
    target_value: Mapped[float | None] = mapped_column(Float)
    # The "heraf" part's own number to reach by the same deadline, e.g. "15 i gang med ungdomsuddannelse, heraf 5
    # gennemført"; optional.
    part_target_value: Mapped[float | None] = mapped_column(Float)
    deadline: Mapped[date | None] = mapped_column(Date)
    # One of the project's headline figures, shown as a key figure on Overblik.
    is_headline: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Commentary(Base):
    """The project leader's words for a quarter; a new row per edit keeps the history."""

    __tablename__ = "commentary"
    __table_args__ = (Index("ix_commentary_site_quarter", "site_id", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    quarter: Mapped[str] = mapped_column(String(6))
    # None: the quarter's summary; otherwise the indicator the text explains.
    indicator_key: Mapped[str | None] = mapped_column(String(CODE_LENGTH))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


# --- Access ------------------------------------------------------------------


class UserAccount(Base):
    """Someone who may use the dashboard: a local account or an identity from the sign-in provider."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    # E-mail address (matched against the identity provider) or a local user name.
    username: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    # None for accounts that only sign in through the identity provider.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    # None: every site; otherwise the one site the account may see.
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when an administrator sets the password: the user chooses a new one at the next sign-in.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # The demo's accounts (public password): they sign in only in a database the demo created.
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The e-mail address the identity provider gives, for notices (a local account's user name may be one).
    email: Mapped[str | None] = mapped_column(String(200))


class SignInThrottle(Base):
    """Wrong passwords counted per key (an account and a source, a source, an account from new sources) within a
    window; the key holds keyed hashes of the user name and the source (the installation's own random key), never
    their text.

    An attempt locks its counters' rows while the password is checked, so that parallel attempts cannot check
    more passwords than the limit allows, and only a wrong password counts.
    """

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(500), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SignInKnownSource(Base):
    """A source (client address) an account has signed in from, as keyed hashes: its attempts are not held back
    when the account is under attack from new sources. Kept ``KNOWN_SOURCE_DAYS`` after the last sign-in."""

    __tablename__ = "sign_in_known_source"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    last_signed_in_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SignInFailureTally(Base):
    """Failed sign-ins that name no account (or a locked one), counted per hour instead of one row each,
    so that a flood of them cannot fill the audit log or push other events out of view."""

    __tablename__ = "sign_in_failure_tally"

    hour_start: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    reason: Mapped[str] = mapped_column(String(40), primary_key=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReportTemplate(Base):
    """The municipality's PowerPoint template (.potx or .pptx) for the report's deck; at most one."""

    __tablename__ = "report_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class InstallationSetting(Base):
    """Facts about the installation itself, e.g. that the demo created this database."""

    __tablename__ = "installation_setting"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))


class AuditEvent(Base):
    """Who did what, when: sign-ins, imports, rollbacks, exports, changes of roles and reference data.

    Never holds personal data about citizens: targets are versions, files, accounts and settings.
    """

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_time", "occurred_at"),
                      Index("ix_audit_event_action_time", "action", "occurred_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")


# --- Import versions --------------------------------------------------------


class ImportVersion(Base):
    __tablename__ = "import_version"
    __table_args__ = (Index("ix_import_version_scope", "site_id", "quarter", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    quarter: Mapped[str] = mapped_column(String(6))
    kind: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    created_by: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str | None] = mapped_column(String(300))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    rows_per_sheet: Mapped[dict] = mapped_column(JSON, default=dict)
    # For a rollback: the earlier version whose rows this one restores.
    restores_version_id: Mapped[int | None] = mapped_column(ForeignKey("import_version.id"))


class Publication(Base):
    """A quarter the project leader has published for the steering group, with the versions in force then.

    Readers see a published quarter as it was presented, however the data are corrected afterwards; a
    correction shows as a dated change. Publishing a quarter again makes a new publication.
    """

    __tablename__ = "publication"
    __table_args__ = (Index("ix_publication_project_quarter", "project_id", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"))
    quarter: Mapped[str] = mapped_column(String(6))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[str] = mapped_column(String(200))


class PublishedFigure(Base):
    """A published quarter's figure as it was presented, kept as a figure: per project or site and target group,
    with its n and the disclosure rule applied (a hidden count is stored as no value). It outlives the rows it was
    worked out from (a project's purge) and is what the BI views read."""

    __tablename__ = "published_figure"
    __table_args__ = (Index("ix_published_figure_publication", "publication_id", "topic"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"))
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id"))  # None: the whole project
    target_group: Mapped[str] = mapped_column(String(20), default="")  # "": every target group
    topic: Mapped[str] = mapped_column(String(40))
    figure: Mapped[str] = mapped_column(String(80))
    label: Mapped[str] = mapped_column(String(300))
    unit: Mapped[str] = mapped_column(String(20))
    decimals: Mapped[int] = mapped_column(Integer, default=0)
    value: Mapped[float | None] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    goal: Mapped[float | None] = mapped_column(Float)  # a delmål's target value
    met: Mapped[bool | None] = mapped_column(Boolean)  # a delmål reached (None: no verdict)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class PublicationVersion(Base):
    """One import version a publication shows: for each site of the project and quarter up to the published one."""

    __tablename__ = "publication_version"

    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"), primary_key=True)


class ImportLock(Base):
    """A single row that every import updates first, so that imports run one at a time."""

    __tablename__ = "import_lock"

    id: Mapped[int] = mapped_column(primary_key=True)
    counter: Mapped[int] = mapped_column(Integer, default=0)


# --- Reported data (each row belongs to one import version) ------------------


class Family(Base):
    __tablename__ = "family"
    __table_args__ = (UniqueConstraint("version_id", "family_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"))
    family_key: Mapped[str] = mapped_column(String(KEY_LENGTH))


class Person(Base):
    __tablename__ = "person"
    __table_args__ = (UniqueConstraint("version_id", "person_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"))
    person_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), index=True)
    target_group: Mapped[str] = mapped_column(String(CODE_LENGTH))
    benefit_type: Mapped[str] = mapped_column(String(CODE_LENGTH))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class StaffMember(Base):
    __tablename__ = "staff_member"
    __table_args__ = (UniqueConstraint("version_id", "staff_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"))
    staff_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    profession: Mapped[str] = mapped_column(String(CODE_LENGTH))
    department: Mapped[str] = mapped_column(String(200))


class StaffAssignment(Base):
    """One staff member's work with one family; two run side by side per family."""

    __tablename__ = "staff_assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"), index=True)
    family_id: Mapped[int] = mapped_column(ForeignKey("family.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_member.id"), index=True)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)


class PersonStatus(Base):
    """Where a person stands at the end of the version's quarter."""

    __tablename__ = "person_status"
    __table_args__ = (UniqueConstraint("version_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("outcome_category.id"), index=True)
    hours_per_week: Mapped[float | None] = mapped_column(Float)


class PersonGoal(Base):
    """A sub-goal (delmål) agreed with one person."""

    __tablename__ = "person_goal"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    area: Mapped[str] = mapped_column(String(CODE_LENGTH))
    status: Mapped[str] = mapped_column(String(CODE_LENGTH))
    set_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)


class WellbeingMeasurement(Base):
    __tablename__ = "wellbeing_measurement"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    instrument: Mapped[str] = mapped_column(String(CODE_LENGTH))
    score: Mapped[float] = mapped_column(Float)
    measured_on: Mapped[date] = mapped_column(Date)


class PersonExit(Base):
    """The end of a person's course (afslutning) and the outcome at that point."""

    __tablename__ = "person_exit"
    __table_args__ = (UniqueConstraint("version_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("outcome_category.id"))
    exit_on: Mapped[date] = mapped_column(Date)


class FollowUp(Base):
    """A person's status some months after the exit (typically 6)."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    months_after: Mapped[int] = mapped_column(Integer)
    category_id: Mapped[int] = mapped_column(ForeignKey("outcome_category.id"))
    observed_on: Mapped[date] = mapped_column(Date)


class ProgressionMeasurement(Base):
    """One score on a progression instrument (one item of it, where it has items)."""

    __tablename__ = "progression_measurement"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    instrument: Mapped[str] = mapped_column(String(CODE_LENGTH))
    item: Mapped[str | None] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    measured_on: Mapped[date] = mapped_column(Date)


class AftercareContact(Base):
    """Aftercare (efterværn) after a job start: the contacts with one person in the version's quarter."""

    __tablename__ = "aftercare_contact"
    __table_args__ = (UniqueConstraint("version_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    contacts: Mapped[int] = mapped_column(Integer)


class SiteActivity(Base):
    """The team's own work at the version's site in its quarter: conversations, group sessions, company
    contacts, mentors (None: not counted)."""

    __tablename__ = "site_activity"
    __table_args__ = (UniqueConstraint("version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"))
    individual_conversations: Mapped[int | None] = mapped_column(Integer)
    group_sessions: Mapped[int | None] = mapped_column(Integer)
    group_participants: Mapped[int | None] = mapped_column(Integer)
    company_contacts: Mapped[int | None] = mapped_column(Integer)
    new_companies: Mapped[int | None] = mapped_column(Integer)
    companies_with_citizens: Mapped[int | None] = mapped_column(Integer)
    job_centre_mentors: Mapped[int | None] = mapped_column(Integer)
    company_mentors: Mapped[int | None] = mapped_column(Integer)


class SmallJob(Base):
    """A person's småjob as it stands in the version's quarter: the job, the company and the contact person."""

    __tablename__ = "small_job"
    __table_args__ = (UniqueConstraint("version_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("import_version.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    job_type: Mapped[str] = mapped_column(String(CODE_LENGTH))
    company_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    company_size: Mapped[str] = mapped_column(String(CODE_LENGTH))
    contact_staff_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    start_date: Mapped[date | None] = mapped_column(Date)


# --- Figures kept per site ---------------------------------------------------


class SiteFigure(Base):
    """A figure worked out for one site's rows, kept so that a programme's many sites need not be worked out
    again (``data_access.site_figures``). The key names everything the figure was worked out from, so a kept
    figure can never disagree with the rows: a new import, other master data or other code give a new key."""

    __tablename__ = "site_figure"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    figure: Mapped[str] = mapped_column(String(200))
    # What the part was worked out by and from besides the rows: the figure's version, code and master data.
    basis: Mapped[str] = mapped_column(String(64), index=True, server_default="")
    versions: Mapped[str] = mapped_column(Text, server_default="")  # the site's versions, as "3,17,42"
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
