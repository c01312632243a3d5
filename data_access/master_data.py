"""Master data (stamdata): projects, sites, outcome categories, project targets (delmål) and benchmarks.

``MASTER_SHEETS`` declares each kind once: the setup workbook's sheet and columns, its dropdowns and
guidance, the export, and the checks. Every change goes through the same path, whether it comes from
a form in Administration, a setup workbook or the command line: the rows are read and checked like
the sheets of a quarterly workbook (same Danish messages, naming sheet, row and column), compared with
what is stored, and written in one transaction under the import lock, each change in the audit log.

A row is identified by its key (a project by its name, a site by project and name, a category by its
code, a delmål by project and wording, a benchmark by its indicator). A setup workbook adds what is new
and updates what changed; it never deletes. Deleting is done one row at a time in Administration, and
is refused for anything stored data depends on (a category in use is retired instead).
"""

from dataclasses import dataclass, field, replace

from openpyxl.utils import column_index_from_string
from sqlalchemy import Connection, Engine, delete, exists, func, insert, or_, select, update

from data_access.accounts.audit_log import log_event
from data_access.models import (
    Benchmark,
    Commentary,
    FollowUp,
    ImportVersion,
    JobType,
    OutcomeCategory,
    PersonExit,
    PersonStatus,
    Profession,
    ProgressionInstrument,
    ProgressionMeasurement,
    Project,
    ProjectTarget,
    Site,
    SmallJob,
    StaffMember,
    UserAccount,
)
from data_access.returns import take_import_lock
from data_access.workbook.format import (
    CATEGORIES,
    JOB_TYPES,
    MASTER_SHEETS,
    MASTER_SHEETS_BY_NAME,
    PROFESSION_SHEET,
    PROGRESSION_INSTRUMENTS,
    PROJECTS,
    TARGETS,
    YES_NO,
    SheetSpec,
    split_items,
)
from data_access.workbook.reader import ParsedWorkbook
from data_access.workbook.validation import ERROR, HasProblems, Problem, SheetChecker, fold
from data_access.workbook.writer import build_setup_workbook
from metrics.goal_rules import COUNTINGS, NOW
from metrics.registry import INDICATORS
from metrics.vocabulary import (
    BENCHMARK_INDICATORS,
    CATEGORY_GROUPS,
    JOB_STARTS,
    STANDARD_CATEGORIES,
    TARGET_GROUPS,
)

# Fixed indicators a delmål may follow instead of a counting rule (the count of met delmål cannot be one).
TARGET_INDICATORS = {key: indicator.label for key, indicator in INDICATORS.items() if key != "subgoals_met"}


KEYS: dict[str, tuple[str, ...]] = {
    "Projekter": ("name",), "Steder": ("project", "name"), "Kategorier": ("code",), "Faggrupper": ("code",),
    "Jobtyper": ("code",), "Progressionsmål": ("code",), "Projektmål": ("project", "label"),
    "Benchmarks": ("indicator_key",),
}
MODELS = {"Projekter": Project, "Steder": Site, "Kategorier": OutcomeCategory, "Faggrupper": Profession,
          "Jobtyper": JobType, "Progressionsmål": ProgressionInstrument, "Projektmål": ProjectTarget,
          "Benchmarks": Benchmark}
# What a row is called in messages and the audit log.
NOUNS = {"Projekter": "projektet", "Steder": "stedet", "Kategorier": "kategorien", "Faggrupper": "faggruppen",
         "Jobtyper": "jobtypen", "Progressionsmål": "måleredskabet", "Projektmål": "delmålet",
         "Benchmarks": "benchmarkværdien"}
# Sheets of coded lists: a row in use is retired (Aktiv: Nej), never deleted, and its code never changes.
CODED_LISTS = ("Kategorier", "Faggrupper", "Jobtyper", "Progressionsmål")
# Of those, the ones placed by a sort order (empty: last).
ORDERED_LISTS = ("Kategorier", "Faggrupper", "Jobtyper")


class MasterDataRefused(Exception):
    """A change to master data that is not made; ``problems`` say where and why, in Danish."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(problem.field_text() for problem in problems))
        self.problems = problems


@dataclass
class Change:
    sheet: str
    row_id: int | None  # None: a new row
    values: dict  # column values as stored
    text: str  # Danish, for the preview and the audit log


@dataclass
class SetupReport(HasProblems):
    problems: list[Problem] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    stored: bool = False


def fixed_choices() -> dict[str, dict]:
    """The dropdown lists of master data that are not themselves master data."""
    return {
        "category_group": CATEGORY_GROUPS,
        "counting": COUNTINGS,
        "target_group": TARGET_GROUPS,
        "indicator": TARGET_INDICATORS,
        "benchmark": BENCHMARK_INDICATORS,
        "yes_no": YES_NO,
    }


def master_choices(connection: Connection) -> dict[str, dict]:
    """Every list the setup sheets choose from: projects and categories from the database."""
    projects = connection.execute(select(Project.name).order_by(Project.id)).scalars().all()
    categories = connection.execute(
        select(OutcomeCategory.code, OutcomeCategory.label).order_by(OutcomeCategory.sort_order)).all()
    return {**fixed_choices(), "site": {}, "project": {name: name for name in projects},
            "category": {code: label for code, label in categories}}


# --- What is stored, as sheet rows --------------------------------------------------------------------


def _joined(values) -> str | None:
    return ", ".join(sorted(values)) if values else None


def stored_rows(connection: Connection) -> dict[str, list[dict]]:
    """Every master-data row by sheet: ``id`` and the sheet's fields as checked rows carry them."""
    project_names = dict(connection.execute(select(Project.id, Project.name)).all())
    rows: dict[str, list[dict]] = {}
    rows["Projekter"] = [{"id": row.id, "name": row.name, "description": row.description or None,
                          "end_date": row.end_date, "retention_months": row.retention_months}
                         for row in connection.execute(select(Project).order_by(Project.id)).all()]
    rows["Steder"] = [{"id": row.id, "project": project_names[row.project_id], "name": row.name,
                       "municipality": row.municipality}
                      for row in connection.execute(select(Site).order_by(Site.id)).all()]
    rows["Kategorier"] = [{"id": row.id, "code": row.code, "label": row.label, "group_code": row.group_code,
                           "sort_order": row.sort_order, "has_hours": row.has_hours, "is_active": row.is_active,
                           "is_job_start": row.is_job_start}
                          for row in connection.execute(
                              select(OutcomeCategory).order_by(OutcomeCategory.sort_order)).all()]
    rows["Faggrupper"] = [{"id": row.id, "code": row.code, "label": row.label, "sort_order": row.sort_order,
                           "is_active": row.is_active}
                          for row in connection.execute(select(Profession).order_by(Profession.sort_order)).all()]
    rows["Jobtyper"] = [{"id": row.id, "code": row.code, "label": row.label, "sort_order": row.sort_order,
                         "is_active": row.is_active}
                        for row in connection.execute(select(JobType).order_by(JobType.sort_order)).all()]
    rows["Progressionsmål"] = [{
        "id": row.id, "code": row.code, "label": row.label, "minimum": row.minimum, "maximum": row.maximum,
        "higher_is_closer": row.higher_is_closer, "meaningful_change": row.meaningful_change, "items": row.items,
        "is_active": row.is_active,
    } for row in connection.execute(select(ProgressionInstrument).order_by(ProgressionInstrument.id)).all()]
    rows["Projektmål"] = [{
        "id": row.id, "project": project_names[row.project_id], "label": row.label,
        "rule_categories": _codes(row.rule_categories), "rule_counting": row.rule_counting,
        "rule_target_groups": _codes(row.rule_target_groups), "part_label": row.part_label,
        "part_categories": _codes(row.part_categories), "part_target_value": row.part_target_value,
        "target_value": row.target_value,
        "deadline": row.deadline, "is_headline": row.is_headline, "indicator_key": row.indicator_key,
    } for row in connection.execute(select(ProjectTarget).order_by(ProjectTarget.id)).all()]
    rows["Benchmarks"] = [{"id": row.id, "indicator_key": row.indicator_key, "label": row.label,
                           "value": row.value, "period": row.period, "source": row.source,
                           "jobindsats_table": row.jobindsats_table, "jobindsats_measure": row.jobindsats_measure,
                           "jobindsats_area": row.jobindsats_area}
                          for row in connection.execute(select(Benchmark).order_by(Benchmark.id)).all()]
    return rows


def _codes(text: str | None) -> frozenset[str] | None:
    found = frozenset(code.strip() for code in (text or "").split(",") if code.strip())
    return found or None


def sheet_values(sheet: SheetSpec, row: dict, choices: dict[str, dict]) -> list:
    """A stored row as the setup workbook shows it: Danish labels for lists, single values and sets alike (a
    category whose name holds a comma by its code, since the names in a set are separated by commas)."""
    def shown(code: str, labels: dict) -> str:
        label = labels.get(code, code)
        return code if "," in label else label

    values = []
    for column in sheet.columns:
        value = row.get(column.field)
        if column.kind == "choices" and value:
            value = ", ".join(shown(code, choices[column.choices]) for code in sorted(value))
        elif column.kind == "choice" and value is not None and column.choices != "project":
            value = choices[column.choices].get(value, value)
        values.append(value)
    return values


def export_sheets(connection: Connection) -> dict[str, tuple[list[str], list[list]]]:
    """The master data as setup sheets: name -> (headers, rows)."""
    choices = master_choices(connection)
    rows = stored_rows(connection)
    return {sheet.name: ([column.header for column in sheet.columns],
                         [sheet_values(sheet, row, choices) for row in rows[sheet.name]])
            for sheet in MASTER_SHEETS}


def setup_workbook_bytes(engine: Engine) -> bytes:
    """The setup workbook with the master data as stored; an installation without categories gets the
    standard list filled in, ready to adjust."""
    with engine.connect() as connection:
        sheets = export_sheets(connection)
        choices = master_choices(connection)
    if not sheets[CATEGORIES.name][1]:
        sheets[CATEGORIES.name][1].extend(
            [code, label, CATEGORY_GROUPS[group], order, YES_NO[hours], YES_NO[True], YES_NO[code in JOB_STARTS]]
            for order, (code, label, group, hours) in enumerate(STANDARD_CATEGORIES, start=1))
    return build_setup_workbook(sheets, choices)


# --- Checking and planning ----------------------------------------------------------------------------


def plan_setup(connection: Connection, parsed: ParsedWorkbook, row_ids: dict[tuple[str, int], int] | None = None,
               only_new: bool = False) -> SetupReport:
    """Check the setup sheets in ``parsed`` against what is stored and list the changes they make.

    ``row_ids`` maps (sheet, Excel row) to the stored row a form edits, so that its key may change;
    ``only_new`` refuses a row whose key is taken (a form creating a row must not change another).
    """
    report = SetupReport()
    names = {sheet.name for sheet in MASTER_SHEETS}
    parsed = ParsedWorkbook({name: rows for name, rows in parsed.sheets.items() if name in names},
                            [formula for formula in parsed.formulas_without_value if formula[0] in names])
    checker = SheetChecker(parsed, master_choices(connection), None, None)
    if not checker.find_cpr_numbers():
        checker.find_control_characters()
    checker.check_formulas()
    if checker.problems:
        report.problems = checker.problems
        return report
    stored = stored_rows(connection)
    read: dict[str, list] = {}
    for sheet in MASTER_SHEETS:
        read[sheet.name] = checker.read_sheet(sheet) or []
        if sheet is PROJECTS:
            checker.extend_choices("project", {row.values["name"]: row.values["name"] for row in read[sheet.name]
                                               if row.values["name"]})
        elif sheet is CATEGORIES:
            checker.extend_choices("category", {row.values["code"]: row.values["label"]
                                                for row in read[sheet.name] if row.values["code"]})
    report.problems.extend(checker.problems)
    # The rules across a row's columns too, so that every problem of the file is told at once.
    for sheet in MASTER_SHEETS:
        report.problems.extend(_row_rules(sheet, read[sheet.name], stored))
        report.problems.extend(_duplicate_keys(sheet, read[sheet.name]))
    if not report.ok:
        return report
    for sheet in MASTER_SHEETS:
        by_key = {_key(sheet.name, row): row for row in stored[sheet.name]}
        by_id = {row["id"]: row for row in stored[sheet.name]}
        for row in read[sheet.name]:
            values = _with_defaults(sheet.name, row.values, stored)
            edited_id = (row_ids or {}).get((sheet.name, row.number))
            existing = by_id.get(edited_id) if edited_id is not None else by_key.get(_key(sheet.name, values))
            other = by_key.get(_key(sheet.name, values))
            if other is not None and (only_new or existing is not None and other["id"] != existing["id"]):
                report.problems.append(Problem(ERROR, f"Der findes allerede {NOUNS[sheet.name]} "
                                                      f"'{_describe(sheet.name, values)}'.", sheet.name, row.number))
                continue
            if existing is None:
                report.changes.append(Change(sheet.name, None, values,
                                             f"{sheet.name}: ny: {_describe(sheet.name, values)}"))
                continue
            changed = [column.header for column in sheet.columns if _differs(values.get(column.field),
                                                                            existing.get(column.field))]
            if not changed:
                report.unchanged += 1
                continue
            if problem := _breaking(connection, sheet.name, existing, values):
                report.problems.append(Problem(ERROR, problem, sheet.name, row.number))
                continue
            report.changes.append(Change(sheet.name, existing["id"], values,
                                         f"{sheet.name}: ændret: {_describe(sheet.name, existing)} "
                                         f"({', '.join(changed).lower()})"))
    return report


def _key(sheet_name: str, row: dict) -> tuple:
    return tuple(fold(row.get(name)) for name in KEYS[sheet_name])


def _describe(sheet_name: str, row: dict) -> str:
    return " – ".join(str(row.get(name)) for name in KEYS[sheet_name])


def _differs(new, old) -> bool:
    if isinstance(new, frozenset) or isinstance(old, frozenset):
        return (new or frozenset()) != (old or frozenset())
    if isinstance(new, float) or isinstance(old, float):
        return (new is None) != (old is None) or (new is not None and abs(new - old) > 1e-9)
    return (new if new != "" else None) != (old if old != "" else None)


def _with_defaults(sheet_name: str, values: dict, stored: dict[str, list[dict]]) -> dict:
    """A checked row as it is stored: an empty optional cell takes its default."""
    values = dict(values)
    if sheet_name in CODED_LISTS:
        values["is_active"] = values.get("is_active") is not False
    if sheet_name in ORDERED_LISTS and values.get("sort_order") is None:
        existing = [row for row in stored[sheet_name] if row["code"] == values["code"]]
        values["sort_order"] = existing[0]["sort_order"] if existing else \
                max((row["sort_order"] for row in stored[sheet_name]), default=0) + 1
    if sheet_name == "Kategorier":
        values["has_hours"] = bool(values.get("has_hours"))
        values["is_job_start"] = bool(values.get("is_job_start"))
    elif sheet_name == "Progressionsmål":
        # Stored as written once, so that a list read back compares equal.
        values["items"] = ", ".join(split_items(values.get("items"))) or None
    elif sheet_name == "Projektmål":
        values["is_headline"] = bool(values.get("is_headline"))
        if values.get("rule_categories") and not values.get("rule_counting"):
            values["rule_counting"] = NOW
    return values


def _row_rules(sheet: SheetSpec, rows: list, stored: dict[str, list[dict]]) -> list[Problem]:
    """Rules within a row that no single column can check."""
    problems = []

    def problem(row, header: str, message: str) -> None:
        problems.append(Problem(ERROR, message, sheet.name, row.number, header))

    if sheet in (CATEGORIES, PROFESSION_SHEET, JOB_TYPES, PROGRESSION_INSTRUMENTS):
        # Two entries of one dropdown with the same name could not be told apart.
        labels: dict[str, str] = {fold(row["label"]): row["code"] for row in stored[sheet.name]}
        for row in rows:
            taken_by = labels.get(fold(row.values["label"]))
            if taken_by is not None and taken_by != row.values["code"]:
                problem(row, "Navn", f"Navnet '{row.values['label']}' bruges allerede af "
                                     f"{NOUNS[sheet.name]} '{taken_by}'.")
            labels.setdefault(fold(row.values["label"]), row.values["code"])
    if sheet is PROGRESSION_INSTRUMENTS:
        for row in rows:
            low, high, step = (row.values.get(name) for name in ("minimum", "maximum", "meaningful_change"))
            if low is not None and high is not None and low >= high:
                problem(row, "Højeste score", f"Højeste score ({high:g}) skal være større end laveste ({low:g}).")
            elif low is not None and high is not None and step is not None and not 0 < step <= high - low:
                problem(row, "Betydende ændring", f"En betydende ændring skal være over 0 og højst skalaens "
                                                  f"spænd ({high - low:g}).")
    if sheet is TARGETS:
        for row in rows:
            values = row.values
            categories, indicator = values.get("rule_categories"), values.get("indicator_key")
            if not categories and not indicator:
                problem(row, "Kategorier", "Delmålet tæller ingenting. Angiv mindst én kategorikode (fx "
                                           "ordinary_job) eller et fast nøgletal i kolonnen Indikator.")
            if categories and indicator:
                problem(row, "Indikator", "Angiv enten kategorier eller en indikator, ikke begge.")
            if not categories and any(values.get(name) for name in ("rule_counting", "rule_target_groups",
                                                                    "part_categories")):
                problem(row, "Kategorier", "Optælling, målgrupper og heraf gælder kun et delmål, der tæller "
                                           "kategorier. Angiv kategorierne.")
            if bool(values.get("part_label")) != bool(values.get("part_categories")):
                problem(row, "Heraf kategorier" if values.get("part_label") else "Heraf (tekst)",
                        "Heraf-delen skal have både en tekst (fx 'i fleksjob') og kategorier (fx flex_job).")
            part_target = values.get("part_target_value")
            if part_target is not None and not values.get("part_categories"):
                problem(row, "Heraf målværdi", "Et måltal for heraf-delen kræver heraf-kategorier.")
            elif part_target is not None and values.get("target_value") is None:
                problem(row, "Heraf målværdi", "Et måltal for heraf-delen kræver en målværdi for delmålet.")
            elif part_target is not None and part_target > values["target_value"]:
                problem(row, "Heraf målværdi", f"Heraf-delens måltal ({part_target:g}) kan ikke være større end "
                                               f"delmålets ({values['target_value']:g}).")
            if values.get("target_value") is not None and values.get("deadline") is None:
                problem(row, "Frist", "Et måltal skal have en frist (dd-mm-åååå).")
    return problems


def _duplicate_keys(sheet: SheetSpec, rows: list) -> list[Problem]:
    first_row: dict[tuple, int] = {}
    problems = []
    for row in rows:
        key = _key(sheet.name, row.values)
        if key in first_row:
            problems.append(Problem(ERROR, f"'{_describe(sheet.name, row.values)}' står også i række "
                                           f"{first_row[key]}. Hver række skal være unik.", sheet.name, row.number))
        first_row.setdefault(key, row.number)
    return problems


def _breaking(connection: Connection, sheet_name: str, existing: dict, values: dict) -> str | None:
    """Why changing a stored row this way would break stored data, or None."""
    if sheet_name == "Steder" and fold(values["project"]) != fold(existing["project"]) and \
            _site_in_use(connection, existing["id"]):
        return (f"Stedet '{existing['name']}' har indberetninger, brugere eller kommentarer og kan ikke flyttes "
                "til et andet projekt. Opret i stedet et nyt sted.")
    if sheet_name == "Kategorier" and values["code"] != existing["code"] and \
            _category_in_use(connection, existing["id"], existing["code"]):
        return f"Kategorien '{existing['code']}' er i brug; dens kode kan ikke ændres."
    if sheet_name == "Faggrupper" and values["code"] != existing["code"] and \
            _profession_in_use(connection, existing["code"]):
        return f"Faggruppen '{existing['code']}' er i brug; dens kode kan ikke ændres."
    if sheet_name == "Jobtyper" and values["code"] != existing["code"] and \
            _job_type_in_use(connection, existing["code"]):
        return f"Jobtypen '{existing['code']}' er i brug; dens kode kan ikke ændres."
    if sheet_name == "Progressionsmål" and _instrument_in_use(connection, existing["code"]):
        if values["code"] != existing["code"]:
            return f"Måleredskabet '{existing['code']}' er i brug; dens kode kan ikke ændres."
        narrower = values["minimum"] > existing["minimum"] or values["maximum"] < existing["maximum"]
        fewer = set(split_items(existing["items"])) - set(split_items(values["items"]))
        if narrower or fewer or bool(split_items(existing["items"])) != bool(split_items(values["items"])):
            return (f"Måleredskabet '{existing['code']}' har målinger: skalaen kan udvides og delområder tilføjes, "
                    "men ikke indsnævres eller fjernes, ellers passer de gemte målinger ikke længere.")
    return None


def _job_type_in_use(connection: Connection, code: str) -> bool:
    return bool(connection.execute(select(exists().where(SmallJob.job_type == code))).scalar())


def _instrument_in_use(connection: Connection, code: str) -> bool:
    return bool(connection.execute(select(exists().where(ProgressionMeasurement.instrument == code))).scalar())


def _site_in_use(connection: Connection, site_id: int) -> bool:
    return any(connection.execute(select(exists().where(column == site_id))).scalar()
               for column in (ImportVersion.site_id, UserAccount.site_id, Commentary.site_id))


def _profession_in_use(connection: Connection, code: str) -> bool:
    return bool(connection.execute(select(exists().where(StaffMember.profession == code))).scalar())


def _category_in_use(connection: Connection, category_id: int, code: str) -> bool:
    if any(connection.execute(select(exists().where(column == category_id))).scalar()
           for column in (PersonStatus.category_id, PersonExit.category_id, FollowUp.category_id)):
        return True
    rules = connection.execute(select(ProjectTarget.rule_categories, ProjectTarget.part_categories)).all()
    return any(code in (_codes(text) or ()) for row in rules for text in row)


# --- Writing ------------------------------------------------------------------------------------------


def _stored_values(connection: Connection, sheet_name: str, values: dict) -> dict:
    """A planned row as the model's columns."""
    model_values = {name: value for name, value in values.items() if name not in ("project", "id")}
    if "project" in values:
        model_values["project_id"] = connection.execute(
            select(Project.id).where(Project.name == values["project"])).scalar_one()
    for name in ("rule_categories", "rule_target_groups", "part_categories"):
        if name in model_values:
            model_values[name] = _joined(model_values[name])
    if sheet_name == "Projekter":
        model_values["description"] = model_values.get("description") or ""
    return model_values


def apply_changes(connection: Connection, changes: list[Change], actor: str) -> None:
    """Write planned changes inside the caller's transaction (which holds the import lock), in sheet order."""
    for change in changes:
        model = MODELS[change.sheet]
        values = _stored_values(connection, change.sheet, change.values)
        if change.row_id is None:
            connection.execute(insert(model).values(**values))
        else:
            connection.execute(update(model).where(model.id == change.row_id).values(**values))
        log_event(connection, actor, "master_data_changed", change.text)


def import_setup(engine: Engine, parsed: ParsedWorkbook, actor: str, commit: bool = False) -> SetupReport:
    """Check a setup workbook and list its changes (``commit=False``), or store them (``commit=True``)."""
    with engine.connect() as connection, connection.begin() as transaction:
        take_import_lock(connection)
        report = plan_setup(connection, parsed)
        if not any(sheet.name in parsed.sheets for sheet in MASTER_SHEETS):
            report.problems.append(Problem(ERROR, "Filen har ingen af arkene " + ", ".join(
                f"'{sheet.name}'" for sheet in MASTER_SHEETS) + ". Brug opsætningsregnearket fra dashboardet."))
        if report.ok and commit and report.changes:
            apply_changes(connection, report.changes, actor)
            report.stored = True
        else:
            transaction.rollback()
    return report


def save_row(engine: Engine, sheet_name: str, values: dict[str, object], actor: str,
             row_id: int | None = None) -> Change | None:
    """Add one row (``row_id`` None) or change a stored one, from a form: ``values`` by column header.

    Checked exactly as a setup workbook's row; raises ``MasterDataRefused`` with the reasons.
    """
    sheet = MASTER_SHEETS_BY_NAME[sheet_name]
    headers = [column.header for column in sheet.columns]
    parsed = ParsedWorkbook({sheet_name: [headers, [values.get(header) for header in headers]]})
    with engine.connect() as connection, connection.begin() as transaction:
        take_import_lock(connection)
        report = plan_setup(connection, parsed, row_ids={(sheet_name, 2): row_id} if row_id else None,
                            only_new=row_id is None)
        if not report.ok:
            transaction.rollback()
            raise MasterDataRefused([_named_column(problem, headers) for problem in report.errors])
        apply_changes(connection, report.changes, actor)
    return report.changes[0] if report.changes else None


def _named_column(problem: Problem, headers: list[str]) -> Problem:
    """A form has fields, not column letters: 'B' becomes 'B (Sted)' so the message names the field."""
    if problem.column and problem.column.isalpha() and problem.column.isupper():
        index = column_index_from_string(problem.column) - 1
        if index < len(headers):
            return replace(problem, column=f"{problem.column} ({headers[index]})")
    return problem


def delete_row(engine: Engine, sheet_name: str, row_id: int, actor: str) -> None:
    """Delete one stored row, unless stored data depend on it (then ``MasterDataRefused`` says what to do)."""
    with engine.begin() as connection:
        take_import_lock(connection)
        row = next((row for row in stored_rows(connection)[sheet_name] if row["id"] == row_id), None)
        if row is None:
            raise MasterDataRefused([Problem(ERROR, "Rækken findes ikke længere.")])
        reason = None
        if sheet_name == "Projekter" and connection.execute(
                select(exists().where(Site.project_id == row_id))).scalar():
            reason = "Projektet har steder. Slet først stederne (kun muligt uden indberetninger)."
        elif sheet_name == "Projekter" and connection.execute(
                select(exists().where(ProjectTarget.project_id == row_id))).scalar():
            reason = "Projektet har delmål. Slet først delmålene."
        elif sheet_name == "Steder" and _site_in_use(connection, row_id):
            reason = ("Stedet har indberetninger, brugere eller kommentarer og kan ikke slettes: data slettes "
                      "aldrig.")
        elif sheet_name == "Kategorier" and _category_in_use(connection, row_id, row["code"]):
            reason = ("Kategorien er brugt i indberetninger eller delmål og kan ikke slettes. Sæt den til "
                      "inaktiv i stedet: så forsvinder den fra nye skabeloner, og data bevares.")
        elif sheet_name == "Jobtyper" and _job_type_in_use(connection, row["code"]):
            reason = ("Jobtypen er brugt i indberetninger og kan ikke slettes. Sæt den til inaktiv i stedet: så "
                      "forsvinder den fra nye skabeloner, og data bevares.")
        elif sheet_name == "Progressionsmål" and _instrument_in_use(connection, row["code"]):
            reason = ("Måleredskabet har målinger og kan ikke slettes. Sæt det til inaktiv i stedet: så forsvinder "
                      "det fra nye skabeloner, og data bevares.")
        elif sheet_name == "Faggrupper" and _profession_in_use(connection, row["code"]):
            reason = ("Faggruppen er brugt i indberetninger og kan ikke slettes. Sæt den til inaktiv i stedet: så "
                      "forsvinder den fra nye skabeloner, og data bevares.")
        if reason:
            raise MasterDataRefused([Problem(ERROR, reason)])
        model = MODELS[sheet_name]
        connection.execute(delete(model).where(model.id == row_id))
        log_event(connection, actor, "master_data_changed", f"{sheet_name}: slettet: {_describe(sheet_name, row)}")


def add_standard_categories(engine: Engine, codes: list[str], actor: str) -> int:
    """Add the chosen categories of the standard list that are not there yet; returns how many were added."""
    with engine.begin() as connection:
        take_import_lock(connection)
        present = set(connection.execute(select(OutcomeCategory.code)).scalars())
        labels = {label.casefold() for label in connection.execute(select(OutcomeCategory.label)).scalars()}
        order = connection.execute(select(func.max(OutcomeCategory.sort_order))).scalar() or 0
        added = 0
        for code, label, group, has_hours in STANDARD_CATEGORIES:
            if code in codes and code not in present and label.casefold() not in labels:
                order += 1
                connection.execute(insert(OutcomeCategory).values(
                    code=code, label=label, group_code=group, sort_order=order, has_hours=has_hours, is_active=True,
                    is_job_start=code in JOB_STARTS))
                log_event(connection, actor, "master_data_changed", f"Kategorier: ny: {code} (standardlisten)")
                added += 1
    return added


def setup_state(engine: Engine) -> dict[str, int]:
    """How much master data there is, for the first-run guide: sheet name -> rows."""
    with engine.connect() as connection:
        return {sheet.name: connection.execute(select(func.count()).select_from(MODELS[sheet.name])).scalar_one()
                for sheet in MASTER_SHEETS}


def has_master_data(connection: Connection) -> bool:
    return bool(connection.execute(select(or_(exists().where(Project.id.is_not(None)),
                                              exists().where(OutcomeCategory.id.is_not(None))))).scalar())
