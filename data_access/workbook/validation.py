"""Check a parsed quarterly workbook and turn it into ``QuarterlyReturn``s.

Every problem is collected (not just the first), in Danish, naming sheet, Excel
row, column, the value and how to fix it. Errors stop the import; warnings do
not. A value shaped like a CPR number is never repeated in any message.
"""

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import itemgetter

from openpyxl.utils import get_column_letter

from data_access.cpr import any_looks_like_cpr, has_control_character, looks_like_cpr, redacted
from data_access.workbook.format import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    MASTER_SHEETS,
    RECORD_SHEETS,
    SHEETS,
    SHEETS_BY_NAME,
    Column,
    SheetSpec,
)
from data_access.workbook.quarterly_return import QuarterlyReturn
from data_access.workbook.reader import ParsedWorkbook
from metrics.progression import ProgressionScale
from metrics.quarters import parse_quarter, quarter_end, quarter_label, quarter_of, quarter_start
from metrics.vocabulary import SITE_SEPARATOR

ERROR, WARNING = "fejl", "advarsel"
EARLIEST_DATE, LATEST_DATE = date(1990, 1, 1), date(2100, 12, 31)
EXCEL_EPOCH = date(1899, 12, 30)
MAX_KEY_LENGTH, MAX_TEXT_LENGTH = 32, 200
# Errors listed one by one; past this many a file is wrong throughout, and the rest are counted, not listed (a
# million-row sheet of errors took 27 s and 2,6 GB to list).
ERRORS_LISTED = 1000
DATE_FORMATS = ("%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d")
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


@dataclass(frozen=True)
class Problem:
    severity: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __post_init__(self):
        # Whatever rule found the problem, its message never repeats something shaped like a CPR number.
        object.__setattr__(self, "message", redacted(self.message))
        object.__setattr__(self, "sheet", redacted(self.sheet))

    @property
    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"Arket '{self.sheet}'")
        if self.row:
            parts.append(f"række {self.row}")
        if self.column:
            parts.append(f"kolonne {self.column}")
        return ", ".join(parts)

    def text(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message

    def field_text(self) -> str:
        """The problem as a form shows it: the column's header, not its letter ('Sted: ...')."""
        header = self.column.split(" (", 1)[1][:-1] if self.column and " (" in self.column else self.column
        return f"{header}: {self.message}" if header else self.message


class HasProblems:
    """Errors stop an import; warnings do not."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class CheckResult(HasProblems):
    problems: list[Problem] = field(default_factory=list)
    returns: list[QuarterlyReturn] = field(default_factory=list)


def _shown(value) -> str:
    text = value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    text = redacted(text)
    return text if len(text) <= 40 else text[:37] + "..."


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


@dataclass
class SheetRow:
    number: int
    values: dict
    scope: tuple[int, str] | None


class SheetChecker:
    def __init__(self, parsed: ParsedWorkbook, choices: dict[str, dict], site_id: int | None, quarter: str | None,
                 today: date | None = None):
        self.parsed = parsed
        self.choices = choices
        self.site_id = site_id
        self.quarter = quarter
        self.today = today or date.today()
        self.problems: list[Problem] = []
        # A file of another site or quarter than the chosen one is told once, not row by row: (kind, what the
        # file says) -> the first place it says so.
        self.other_scope: dict[tuple[str, str], tuple[str, int, str]] = {}
        # Every date of the quarterly sheets with its quarter, and those after their quarter's end.
        self.dates: list[tuple[date, str]] = []
        self.dates_after_the_quarter: list[tuple[date, date, str, int, str]] = []
        self.errors_listed = self.errors_not_listed = 0
        self.lookup = {
            name: {fold(label): code for code, label in values.items()} | {fold(code): code for code in values}
            for name, values in choices.items()
        }
        # A site may also be written by its own name, where that name is unique.
        site_names = [fold(label.split(SITE_SEPARATOR, 1)[-1]) for label in choices["site"].values()]
        for site_id, name in zip(choices["site"], site_names, strict=True):
            if site_names.count(name) == 1:
                self.lookup["site"].setdefault(name, site_id)

    def extend_choices(self, name: str, values: dict) -> None:
        """Add values to a dropdown list, e.g. the projects a setup workbook creates in an earlier sheet."""
        self.choices[name] = {**self.choices.get(name, {}), **values}
        self.lookup[name] = {fold(label): code for code, label in self.choices[name].items()} | \
            {fold(code): code for code in self.choices[name]}

    def add(self, severity: str, message: str, sheet=None, row=None, column=None) -> None:
        if severity == ERROR:
            if self.errors_listed >= ERRORS_LISTED:
                self.errors_not_listed += 1
                return
            self.errors_listed += 1
        self.problems.append(Problem(severity, message, sheet, row, column))

    @property
    def problems_found(self) -> int:
        """Every problem so far, listed or only counted."""
        return len(self.problems) + self.errors_not_listed

    def note_errors_not_listed(self) -> None:
        if self.errors_not_listed:
            self.problems.append(Problem(ERROR, f"Der er {format_whole(self.errors_not_listed)} fejl mere end de "
                                                f"{format_whole(ERRORS_LISTED)} viste. Ret de viste, og indlæs "
                                                "filen igen."))

    # -- whole-file checks ------------------------------------------------

    def find_cpr_numbers(self) -> bool:
        found = False
        for sheet_name, rows in self.parsed.sheets.items():
            if looks_like_cpr(sheet_name):
                self.add(ERROR, "Arkets navn ligner et CPR-nummer.", sheet="(navn skjult)")
                found = True
            if not any_looks_like_cpr(value for row in rows for value in row):
                continue
            for row_index, row in enumerate(rows):
                for column_index, value in enumerate(row):
                    if looks_like_cpr(value):
                        found = True
                        self.add(
                            ERROR,
                            "Cellen indeholder noget, der ligner et CPR-nummer. Hele filen er afvist, og intet er "
                            "gemt. Fjern CPR-numre og brug kun pseudonyme id'er (fx P0001).",
                            sheet_name, row_index + 1, f"{get_column_letter(column_index + 1)}",
                        )
        return found

    def find_control_characters(self) -> None:
        """Control characters (a NUL read from Excel's _x0000_, a form feed) are never stored in any text."""
        for sheet_name, rows in self.parsed.sheets.items():
            texts = [value for row in rows for value in row if type(value) is str]
            if not has_control_character("\ue000".join(texts)):
                continue
            for row_index, row in enumerate(rows):
                for column_index, value in enumerate(row):
                    if isinstance(value, str) and has_control_character(value):
                        self.add(ERROR, "Cellen indeholder et usynligt styretegn (fx et linjeskift eller et tegn "
                                        "kopieret fra et andet system). Skriv værdien igen; intet er gemt.",
                                 sheet_name, row_index + 1, get_column_letter(column_index + 1))

    def check_formulas(self) -> None:
        for sheet_name, reference in self.parsed.formulas_without_value:
            self.add(
                ERROR,
                f"Cellen {reference} har en formel uden gemt resultat. Åbn filen i Excel, lad den regne, "
                "og gem igen (eller erstat formlen med værdien).",
                sheet_name,
            )

    def check_sheet_names(self) -> None:
        # Reference sheets come with a full export; they are read by the importer.
        known = {sheet.name for sheet in (*SHEETS, *MASTER_SHEETS)} | {INSTRUCTIONS_SHEET, LISTS_SHEET}
        for name in self.parsed.sheets:
            if name not in known:
                self.add(WARNING, "Ukendt ark; det bliver ikke læst.", name)
        for sheet in SHEETS:
            if sheet.name not in self.parsed.sheets and not sheet.optional:
                guess = difflib.get_close_matches(sheet.name, list(self.parsed.sheets), n=1, cutoff=0.6)
                hint = f" Der er et ark, der hedder '{guess[0]}': ret navnet til '{sheet.name}'." if guess else ""
                self.add(ERROR, f"Arket '{sheet.name}' mangler.{hint} Brug skabelonen fra dashboardet.")

    # -- one sheet ------------------------------------------------------------

    def read_sheet(self, sheet: SheetSpec) -> list[SheetRow] | None:
        rows = self.parsed.sheets.get(sheet.name)
        if rows is None:
            return None
        if not rows or all(_is_empty(value) for value in rows[0]):
            self.add(ERROR, "Første række skal være overskrifterne fra skabelonen, men den er tom.", sheet.name, 1)
            return None
        positions = self.map_headers(sheet, rows[0])
        if positions is None:
            return None
        readers = [
            (column.field, positions[column.field],
             self.column_reader(column, sheet.name, f"{get_column_letter(positions[column.field] + 1)} "
                                                   f"({column.header})"))
            for column in sheet.columns if column.field in positions
        ]
        # A quarterly return reports what has happened by the quarter's end: none of its dates lies later.
        dates = [(column.field, f"{get_column_letter(positions[column.field] + 1)} ({column.header})")
                 for column in sheet.columns
                 if column.kind == "date" and column.field in positions and sheet.name in SHEETS_BY_NAME]
        result = []
        for index, raw in enumerate(rows[1:], start=2):
            blank = raw.count("") + raw.count(None)
            # Only a row that is mostly blank can be blank but for stray spaces.
            if blank == len(raw) or (blank * 2 >= len(raw) and all(_is_empty(value) for value in raw)):
                continue
            values = {
                field_name: read(raw[position] if position < len(raw) else None, index)
                for field_name, position, read in readers
            }
            result.append(SheetRow(index, values, self.scope_of(values)))
            if dates and values.get("quarter"):
                self.check_not_after_the_quarter(values, dates, sheet.name, index)
        if sheet.must_have_rows and not result:
            self.add(ERROR, "Arket er tomt. Det skal have mindst én række under overskrifterne.", sheet.name)
        return result

    def check_not_after_the_quarter(self, values: dict, dates: list[tuple[str, str]], sheet: str, row: int) -> None:
        last = quarter_end(values["quarter"])
        for field_name, label in dates:
            day = values.get(field_name)
            if isinstance(day, date):
                self.dates.append((day, values["quarter"]))
                if day > last:
                    self.dates_after_the_quarter.append((day, last, sheet, row, label))

    def check_scope(self) -> bool:
        """The file against the chosen site and quarter and against today, told once for the whole file; True
        when the file is for another site or quarter than it would be stored as (nothing else is then told: the
        rows would all fail for the same reason)."""
        errors_before = self.errors_listed + self.errors_not_listed
        for kind in ("site", "quarter"):
            places = sorted((said, place) for (other, said), place in self.other_scope.items() if other == kind)
            if not places:
                continue
            sheet, row, label = places[0][1]
            if kind == "site":
                said = " og ".join(said for said, _ in places)
                self.add(ERROR, f"Filen er for {'stedet' if len(places) == 1 else 'stederne'} {said}, men det valgte "
                                f"sted er {self.choices['site'][self.site_id]}. Vælg det rigtige sted, eller brug "
                                "filen for det valgte sted; intet er gemt.", sheet, row, label)
            else:
                said = ", ".join(quarter_label(said) for said, _ in places)
                self.add(ERROR, f"Filen er for {said}, men det valgte kvartal er {quarter_label(self.quarter)}. Vælg "
                                "det rigtige kvartal (eller 'Som i filen'); intet er gemt.", sheet, row, label)
        for quarter in sorted({quarter for _, quarter in self.dates} | ({self.quarter} if self.quarter else set())):
            if quarter_start(quarter) > self.today:
                self.add(ERROR, f"{quarter_label(quarter)} er ikke begyndt endnu (det begynder "
                                f"{quarter_start(quarter):%d-%m-%Y}). Et kvartal kan først indberettes, når det er "
                                "begyndt; vælg kvartalet, datoerne hører til.")
        pointed_at = {quarter_of(day) for day, _ in self.dates}
        scopes = {quarter for _, quarter in self.dates}
        if len(pointed_at) == 1 and len(scopes) == 1 and pointed_at != scopes:
            # Every date says another quarter than the one the file is stored as: one message naming it. Later
            # dates cannot be in a quarter's return; earlier ones can (a quarter with no new events), so those
            # are a warning the preview shows before anything is stored.
            dated, stored_as = quarter_label(next(iter(pointed_at))), quarter_label(next(iter(scopes)))
            later = next(iter(pointed_at)) > next(iter(scopes))
            self.add(ERROR if later else WARNING,
                     f"Alle datoer i filen ligger i {dated}, men filen indlæses som {stored_as}. "
                     + (f"Vælg {dated} som kvartal, eller ret datoerne; intet er gemt." if later else
                        f"Er {stored_as} det rigtige kvartal? Hører filen til {dated}, så vælg det ovenfor."))
            if later:
                return True
        wrong_scope = self.errors_listed + self.errors_not_listed > errors_before
        for day, last, sheet, row, label in self.dates_after_the_quarter:
            self.add(ERROR, f"Datoen {day:%d-%m-%Y} ligger efter kvartalets slutning ({last:%d-%m-%Y}). En "
                            "indberetning kan kun have datoer til og med kvartalets sidste dag.", sheet, row, label)
        return wrong_scope

    def map_headers(self, sheet: SheetSpec, header_row: list) -> dict[str, int] | None:
        found: dict[str, int] = {}
        ok = True
        for position, value in enumerate(header_row):
            if _is_empty(value):
                continue
            text = str(value).strip()
            if fold(text) in found:
                self.add(ERROR, f"Overskriften '{text}' står to gange.", sheet.name, 1,
                         get_column_letter(position + 1))
                ok = False
            found[fold(text)] = position
        positions = {}
        expected = {fold(column.header) for column in sheet.columns}
        unmatched = [str(header_row[position]).strip() for key, position in found.items() if key not in expected]
        for column in sheet.columns:
            position = found.get(fold(column.header))
            if position is None and sheet.optional_columns_may_be_missing and not column.required:
                continue
            if position is None:
                guess = difflib.get_close_matches(column.header, unmatched, n=1, cutoff=0.6)
                hint = f" Der står '{guess[0]}': ret overskriften til '{column.header}'." if guess else ""
                self.add(ERROR, f"Kolonnen '{column.header}' mangler.{hint}", sheet.name, 1)
                ok = False
            else:
                positions[column.field] = position
        for key, position in found.items():
            if key not in expected:
                self.add(WARNING, f"Ukendt kolonne '{header_row[position]}' bliver ikke læst.", sheet.name, 1,
                         get_column_letter(position + 1))
        return positions if ok else None

    def column_reader(self, column: Column, sheet: str, label: str):
        """A function (value, Excel row) -> parsed value that reports problems as it goes.

        Results for values that gave no problem are remembered: a quarterly return
        repeats the same site, quarter, categories and dates thousands of times.
        """
        reader = getattr(self, f"_read_{column.kind}")
        default = {"site": self.site_id, "quarter": self.quarter}.get(column.kind)
        remembered: dict | None = None if column.kind in ("key", "text") else {}

        def read(value, row: int):
            if value is None or value == "" or (value.__class__ is str and value.isspace()):
                if default is not None:
                    return default
                if column.required:
                    self.add(ERROR, "Cellen er tom, men skal udfyldes.", sheet, row, label)
                return None
            if remembered is None:
                return reader(column, value, sheet, row, label)
            key = (type(value), value)
            if key in remembered:
                return remembered[key]
            problems_before = self.problems_found
            result = reader(column, value, sheet, row, label)
            if self.problems_found == problems_before:
                remembered[key] = result
            return result

        return read

    def _read_key(self, column, value, sheet, row, label):
        text = _shown(value) if isinstance(value, float) else str(value).strip()
        if len(text) > MAX_KEY_LENGTH:
            self.add(ERROR, f"Id'et '{_shown(value)}' er for langt (højst {MAX_KEY_LENGTH} tegn).", sheet, row, label)
        return text

    def _read_text(self, column, value, sheet, row, label):
        text = _shown(value) if isinstance(value, float) else str(value).strip()
        longest = int(column.maximum) if column.maximum else MAX_TEXT_LENGTH
        if len(text) > longest:
            self.add(ERROR, f"Teksten er for lang (højst {longest} tegn).", sheet, row, label)
        return text

    def _read_code(self, column, value, sheet, row, label):
        text = str(value).strip()
        if not CODE_PATTERN.match(text):
            self.add(ERROR, f"Koden '{_shown(value)}' skal være 2-40 små bogstaver (a-z), tal og _, og begynde med "
                            "et bogstav, fx social_economy.", sheet, row, label)
        return text

    def _read_choices(self, column, value, sheet, row, label):
        """Several values from a list, separated by commas ("ordinary_job, ordinary_education")."""
        found, unknown = set(), []
        for item in str(value).split(","):
            if not item.strip():
                continue
            code = self.lookup[column.choices].get(fold(item))
            if code is None:
                unknown.append(item.strip())
            else:
                found.add(code)
        if unknown:
            hint = "Brug navnene (eller koderne) fra arket 'Kategorier'" if column.choices == "category" else \
                "Gyldige værdier: " + ", ".join(str(label) for label in self.choices[column.choices].values())
            self.add(ERROR, f"Ukendt{'e' if len(unknown) > 1 else ''} værdi{'er' if len(unknown) > 1 else ''}: "
                            f"{', '.join(_shown(item) for item in unknown)}. {hint}, adskilt af komma.",
                     sheet, row, label)
        return frozenset(found) if found else None

    def _read_choice(self, column, value, sheet, row, label):
        code = self.lookup[column.choices].get(fold(str(value)))
        if code is None:
            allowed = list(self.choices[column.choices].values())
            guess = difflib.get_close_matches(str(value), [str(item) for item in allowed], n=1, cutoff=0.6)
            hint = f" Mente du '{guess[0]}'?" if guess else ""
            self.add(ERROR, f"'{_shown(value)}' er ikke en gyldig værdi.{hint} Vælg fra rullelisten.",
                     sheet, row, label)
        return code

    def _read_site(self, column, value, sheet, row, label):
        site_id = self._read_choice(column, value, sheet, row, label)
        if site_id is not None and self.site_id is not None and site_id != self.site_id:
            self.other_scope.setdefault(("site", self.choices["site"][site_id]), (sheet, row, label))
        return site_id

    def _read_quarter(self, column, value, sheet, row, label):
        try:
            quarter = parse_quarter(str(value))
        except ValueError:
            self.add(ERROR, f"'{_shown(value)}' er ikke et kvartal. Skriv fx 2024 K1.", sheet, row, label)
            return None
        if self.quarter is not None and quarter != self.quarter:
            self.other_scope.setdefault(("quarter", quarter), (sheet, row, label))
        return quarter

    def _read_date(self, column, value, sheet, row, label):
        day = _as_date(value)
        if day is None:
            self.add(ERROR, f"'{_shown(value)}' er ikke en gyldig dato. Skriv datoen som dd-mm-åååå, fx 15-03-2024.",
                     sheet, row, label)
        elif not EARLIEST_DATE <= day <= LATEST_DATE:
            self.add(ERROR, f"Datoen {day:%d-%m-%Y} er ikke mulig her (skal ligge mellem 1990 og 2100).",
                     sheet, row, label)
            return None
        return day

    def _read_number(self, column, value, sheet, row, label):
        number = as_number(value)
        if number is None:
            self.add(ERROR, f"'{_shown(value)}' er ikke et tal.", sheet, row, label)
        elif column.minimum is not None and not column.minimum <= number <= column.maximum:
            self.add(ERROR, f"{_shown(value)} ligger uden for det tilladte {column.minimum:g}-{column.maximum:g}.",
                     sheet, row, label)
            return None
        return number

    def _read_integer(self, column, value, sheet, row, label):
        number = self._read_number(column, value, sheet, row, label)
        if number is not None and not float(number).is_integer():
            self.add(ERROR, f"{_shown(value)} skal være et helt tal.", sheet, row, label)
            return None
        return int(number) if number is not None else None

    def scope_of(self, values: dict) -> tuple[int, str] | None:
        if values.get("site") is None or values.get("quarter") is None:
            return None
        return values["site"], values["quarter"]


def format_whole(number: int) -> str:
    """A whole number with the Danish thousands dot (1.000)."""
    return f"{number:,}".replace(",", ".")


def fold(text) -> str:
    return " ".join(str(text).split()).casefold()


def _as_date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An Excel date that lost its date format is a day count.
        return EXCEL_EPOCH + timedelta(days=int(value)) if 20_000 <= value <= 80_000 else None
    text = str(value).strip()
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def as_number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


# --- Rows that refer to each other ------------------------------------------------


def _cross_check(checker: SheetChecker, rows: dict[str, list[SheetRow]]) -> None:
    by_scope: dict[tuple, dict[str, list[SheetRow]]] = defaultdict(lambda: defaultdict(list))
    for sheet_name, sheet_rows in rows.items():
        for row in sheet_rows:
            if row.scope is not None:
                by_scope[row.scope][sheet_name].append(row)
    for scope, sheets in by_scope.items():
        families = _unique_keys(checker, "Familier", sheets["Familier"], "family_key", "Familie-id")
        persons = _unique_keys(checker, "Borgere", sheets["Borgere"], "person_key", "Borger-id")
        staff = _unique_keys(checker, "Medarbejdere", sheets["Medarbejdere"], "staff_key", "Medarbejder-id")
        place = f"{checker.choices['site'][scope[0]]}, {quarter_label(scope[1])}"
        _must_exist(checker, "Borgere", sheets["Borgere"], "family_key", families, "Familier", place)
        _must_exist(checker, "Tilknytninger", sheets["Tilknytninger"], "family_key", families, "Familier", place)
        _must_exist(checker, "Tilknytninger", sheets["Tilknytninger"], "staff_key", staff, "Medarbejdere", place)
        keys = {"Borgere": persons, "Medarbejdere": staff, "Familier": families}
        for sheet in RECORD_SHEETS:
            if not sheet.per_person:
                for row in sheets[sheet.name][1:]:
                    checker.add(ERROR, f"{place} står også i række {sheets[sheet.name][0].number}. Arket har én "
                                       "række pr. sted og kvartal.", sheet.name, row.number)
                continue
            if sheet.one_per_person:
                _unique_keys(checker, sheet.name, sheets[sheet.name], "person_key", "Borger-id",
                             what=sheet.one_per_person)
            _must_exist(checker, sheet.name, sheets[sheet.name], "person_key", persons, "Borgere", place)
            for column in sheet.fields:
                if column.refers_to:
                    _must_exist(checker, sheet.name, sheets[sheet.name], column.field, keys[column.refers_to],
                                column.refers_to, place)
    for sheet_name, start, end in (("Borgere", "start_date", "end_date"),
                                   ("Tilknytninger", "start_date", "end_date"),
                                   ("Delmål", "set_on", "closed_on")):
        spec = SHEETS_BY_NAME[sheet_name]
        for row in rows.get(sheet_name, []):
            first, last = row.values.get(start), row.values.get(end)
            if first and last and last < first:
                checker.add(ERROR, f"{spec.column(end).header} {last:%d-%m-%Y} ligger før "
                                   f"{spec.column(start).header.lower()} {first:%d-%m-%Y}.",
                            sheet_name, row.number, spec.column(end).header)


def _check_progression(checker: SheetChecker, rows: list[SheetRow], scales: dict[str, ProgressionScale]) -> None:
    """A score within its instrument's range, on one of its items where it has items, each item once a day."""
    sheet = SHEETS_BY_NAME["Progression"]
    item_header, score_header = sheet.column("item").header, sheet.column("score").header
    seen: dict[tuple, int] = {}
    for row in rows:
        scale = scales.get(row.values.get("instrument"))
        if scale is None:
            continue
        item, score = row.values.get("item"), row.values.get("score")
        if scale.items and item is None:
            checker.add(ERROR, f"'{scale.label}' scores pr. delområde. Vælg delområdet: "
                               f"{', '.join(scale.items)}.", sheet.name, row.number, item_header)
        elif item is not None and item not in scale.items:
            allowed = f"Gyldige delområder: {', '.join(scale.items)}." if scale.items else \
                "Redskabet har ingen delområder: lad cellen stå tom."
            checker.add(ERROR, f"'{_shown(item)}' er ikke et delområde i '{scale.label}'. {allowed}",
                        sheet.name, row.number, item_header)
        if score is not None and not scale.minimum <= score <= scale.maximum:
            checker.add(ERROR, f"{_shown(score)} ligger uden for skalaen for '{scale.label}' "
                               f"({scale.minimum:g}-{scale.maximum:g}).", sheet.name, row.number, score_header)
        key = (row.scope, row.values.get("person_key"), scale.code, item, row.values.get("measured_on"))
        if key in seen:
            checker.add(ERROR, f"Samme måling står også i række {seen[key]} (borger, redskab, delområde og dato). "
                               "Hver måling må kun stå én gang.", sheet.name, row.number, item_header)
        seen.setdefault(key, row.number)


def _unique_keys(checker, sheet_name, rows, field_name, header, what=None) -> set:
    seen: dict[str, int] = {}
    for row in rows:
        key = row.values.get(field_name)
        if key is None:
            continue
        if key in seen:
            thing = f"har allerede en {what} i række {seen[key]}" if what else f"står også i række {seen[key]}"
            checker.add(ERROR, f"{header} '{key}' {thing}. Hvert id må kun stå én gang.", sheet_name, row.number,
                        header)
        else:
            seen[key] = row.number
    return set(seen)


def _must_exist(checker, sheet_name, rows, field_name, known: set, other_sheet: str, place: str) -> None:
    for row in rows:
        key = row.values.get(field_name)
        if key is not None and key not in known:
            header = SHEETS_BY_NAME[sheet_name].column(field_name).header
            checker.add(ERROR, f"{header} '{key}' findes ikke i arket '{other_sheet}' for {place}. "
                               f"Tilføj det der, eller ret id'et.", sheet_name, row.number, header)


def _returns(rows: dict[str, list[SheetRow]]) -> list[QuarterlyReturn]:
    returns: dict[tuple, QuarterlyReturn] = {}
    for sheet in SHEETS:
        # A single field gives the value itself (families are plain keys), several give a tuple.
        pick = itemgetter(*(column.field for column in sheet.columns[2:]))
        for row in rows.get(sheet.name, []):
            quarterly = returns.get(row.scope)
            if quarterly is None:
                quarterly = returns[row.scope] = QuarterlyReturn(site_id=row.scope[0], quarter=row.scope[1])
            getattr(quarterly, sheet.part).append(pick(row.values))
    return [returns[scope] for scope in sorted(returns)]


def validate(parsed: ParsedWorkbook, choices: dict[str, dict], site_id: int | None = None,
             quarter: str | None = None, scales: dict[str, ProgressionScale] | None = None,
             today: date | None = None) -> CheckResult:
    """All problems in the workbook, and the returns it holds when there are no errors; ``scales``: the
    progression instruments by code (their range and items); ``today`` (default: today) decides which quarters
    have begun."""
    checker = SheetChecker(parsed, choices, site_id, quarter, today)
    if checker.find_cpr_numbers():
        # Nothing else is reported: another message could repeat the number.
        checker.note_errors_not_listed()
        return CheckResult(checker.problems)
    for sheet_name, header, type_name in parsed.unreadable_columns:
        checker.add(ERROR, f"Kolonnen '{header}' har databasetypen {type_name}, som importen ikke kan læse. Brug "
                           "tekst (VARCHAR), tal eller dato som i skabelonens CREATE TABLE.", sheet_name, 1, header)
    checker.find_control_characters()
    checker.check_formulas()
    checker.check_sheet_names()
    rows = {}
    for sheet in SHEETS:
        sheet_rows = checker.read_sheet(sheet)
        if sheet_rows is not None:
            rows[sheet.name] = sheet_rows
    if checker.check_scope():
        checker.note_errors_not_listed()
        return CheckResult(checker.problems)
    _cross_check(checker, rows)
    _check_progression(checker, rows.get("Progression", []), scales or {})
    checker.note_errors_not_listed()
    result = CheckResult(checker.problems)
    if result.ok:
        result.returns = _returns(rows)
        if not result.returns:
            result.problems.append(Problem(ERROR, "Filen indeholder ingen data. Udfyld skabelonens ark."))
    return result

