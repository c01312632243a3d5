"""A pseudonymised analysis extract for evaluators: CSV files, the same tables as one Excel workbook, and a
codebook, in one zip.

The project's own pseudonyms (P0001, F001, M01) are replaced by new ones drawn
at random for each extract, so an extract cannot be joined back to the
project's workbooks or to another extract. No names, CPR numbers or free text
are in the data to begin with; dates are kept because durations are what
evaluators study. It is still personal data under GDPR: the codebook says so.
"""

import io
import re
import secrets
import zipfile
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import Engine

from data_access.queries import load_frames
from data_access.table_export import table_csv
from data_access.workbook.format import RECORD_SHEETS, SheetSpec
from data_access.workbook.writer import set_text_safely
from metrics.frames import ProgrammeFrames, filter_frames
from metrics.vocabulary import (
    BENEFIT_TYPES,
    CATEGORY_GROUPS,
    COMPANY_SIZES,
    GOAL_AREAS,
    GOAL_STATUSES,
    INSTRUMENTS,
    TARGET_GROUPS,
)

PERSON = "Ny pseudonym for borgeren, kun gyldig i dette udtræk"
SITE = "Stedets nummer (se steder.csv)"
QUARTER = "Kvartalet, rækken blev indberettet for (fx 2024Q1)"



def _record_file(sheet: SheetSpec) -> tuple[str, dict[str, str]]:
    """A sheet of records as its extract file declares it: person (where it is a person's), site, quarter, the
    sheet's columns."""
    columns = {"borger_id": PERSON} if sheet.per_person else {}
    columns["sted_id"] = SITE
    if not sheet.extract_latest:
        columns["kvartal"] = QUARTER
    for column in sheet.fields:
        name, meaning = column.extract
        columns[name] = meaning
        if column.choices == "category":
            columns["kategorigruppe"] = "Kategoriens gruppe"
    return sheet.extract_row, columns


# file -> (what one row is, {column: meaning}); the codebook is written from this, and every column is in it.
FILES: dict[str, tuple[str, dict[str, str]]] = {
    "steder.csv": ("Et projektsted.", {
        "sted_id": "Stedets nummer", "projekt": "Projektets navn", "sted": "Stedets navn",
        "kommune": "Kommunen"}),
    "kategorier.csv": ("En udfaldskategori.", {
        "kategori": "Kode, som bruges i status.csv, afslutninger.csv og opfoelgning.csv",
        "navn": "Kategoriens danske navn", "kategorigruppe": "Gruppen, kategorien hører til (se nedenfor)",
        "jobstart": "1, hvis status i kategorien er et job, der tæller som jobstart og i fastholdelse; ellers 0"}),
    "borgere.csv": ("En borger, som borgeren står i den seneste indberetning.", {
        "borger_id": PERSON, "familie_id": "Ny pseudonym for familien (tom: ingen familie)", "sted_id": SITE,
        "maalgruppe": "Målgruppe (se nedenfor)", "ydelse": "Ydelse ved start (se nedenfor)",
        "startdato": "Forløbets start (ÅÅÅÅ-MM-DD)", "slutdato": "Forløbets afslutning (tom: i gang)"}),
    "medarbejdere.csv": ("En medarbejder, som i stedets seneste indberetning.", {
        "medarbejder_id": "Ny pseudonym for medarbejderen", "sted_id": SITE,
        "faggruppe": "Faglighed (se nedenfor)", "forvaltning": "Forvaltningen, medarbejderen er udlånt fra"}),
    "tilknytninger.csv": ("En medarbejders arbejde med en familie (to ad gangen pr. familie).", {
        "familie_id": "Familiens pseudonym (som i borgere.csv)", "medarbejder_id": "Medarbejderens pseudonym",
        "sted_id": SITE, "start": "Start", "slut": "Slut (tom: i gang)"}),
    **{sheet.extract_file: _record_file(sheet) for sheet in RECORD_SHEETS},
}
CODE_LISTS = {"Målgruppe": TARGET_GROUPS, "Ydelse": BENEFIT_TYPES, "Kategorigruppe": CATEGORY_GROUPS,
              "Måleredskab": INSTRUMENTS, "Delmålets område": GOAL_AREAS, "Delmålets status": GOAL_STATUSES,
              "Antal ansatte": COMPANY_SIZES}


def _new_keys(pairs: pd.DataFrame, prefix: str, width: int) -> dict[tuple, str]:
    """(site_id, key) -> a fresh pseudonym, in an order that says nothing about the old ones."""
    unique = list(dict.fromkeys(zip(pairs.iloc[:, 0], pairs.iloc[:, 1], strict=True)))
    order = secrets.SystemRandom().sample(range(1, len(unique) + 1), len(unique))
    return {key: f"{prefix}{number:0{width}d}" for key, number in zip(unique, order, strict=True)}


def _latest_per_site(frame: pd.DataFrame) -> pd.DataFrame:
    latest = frame.groupby("site_id")["quarter"].transform("max")
    return frame[frame["quarter"] == latest]


def _dates(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    for column in columns:
        frame[column] = pd.to_datetime(frame[column]).dt.strftime("%Y-%m-%d")
    return frame


def extract_tables(frames: ProgrammeFrames) -> dict[str, pd.DataFrame]:
    """The extract's tables, with new pseudonyms and Danish column names."""
    persons = frames.persons.sort_values("quarter").groupby(["site_id", "person_key"], as_index=False).last()
    person_ids = _new_keys(persons[["site_id", "person_key"]], "B", 6)
    families = pd.concat([persons[["site_id", "family_key"]].dropna(),
                          frames.assignments[["site_id", "family_key"]]])
    family_ids = _new_keys(families, "F", 5)
    staff_ids = _new_keys(frames.staff[["site_id", "staff_key"]], "M", 4)

    def person(frame: pd.DataFrame) -> pd.Series:
        return pd.Series([person_ids.get(key) for key in zip(frame["site_id"], frame["person_key"], strict=True)],
                         index=frame.index)

    def keyed(frame: pd.DataFrame, column: str, ids: dict) -> list:
        return [ids.get((site, key)) for site, key in zip(frame["site_id"], frame[column], strict=True)]

    staff = _latest_per_site(frames.staff)
    assignments = _latest_per_site(frames.assignments)
    tables = {
        "steder.csv": frames.sites.rename(columns={"site_name": "sted", "project_name": "projekt",
                                                   "municipality": "kommune", "site_id": "sted_id"})
        [["sted_id", "projekt", "sted", "kommune"]],
        "kategorier.csv": frames.categories.rename(columns={"category_code": "kategori", "category_label": "navn",
                                                            "group_code": "kategorigruppe"})
        .assign(jobstart=frames.categories["is_job_start"].astype(int))
        [["kategori", "navn", "kategorigruppe", "jobstart"]],
        "borgere.csv": _dates(pd.DataFrame({
            "borger_id": person(persons), "familie_id": keyed(persons, "family_key", family_ids),
            "sted_id": persons["site_id"], "maalgruppe": persons["target_group"], "ydelse": persons["benefit_type"],
            "startdato": persons["start_date"], "slutdato": persons["end_date"]}), ["startdato", "slutdato"]),
        "medarbejdere.csv": pd.DataFrame({
            "medarbejder_id": keyed(staff, "staff_key", staff_ids), "sted_id": staff["site_id"],
            "faggruppe": staff["profession"], "forvaltning": staff["department"]}),
        "tilknytninger.csv": _dates(pd.DataFrame({
            "familie_id": keyed(assignments, "family_key", family_ids),
            "medarbejder_id": keyed(assignments, "staff_key", staff_ids), "sted_id": assignments["site_id"],
            "start": assignments["start_date"], "slut": assignments["end_date"]}), ["start", "slut"]),
    }
    company_ids = _new_keys(frames.small_jobs[["site_id", "company_key"]], "V", 5)
    # Keys of other things than persons get the extract's own pseudonyms too.
    rekeyed = {"company_key": company_ids, "contact_staff_key": staff_ids}
    for sheet in RECORD_SHEETS:
        frame = getattr(frames, sheet.frame)
        if sheet.extract_latest:
            frame = _latest_per_site(frame)
        table = {"borger_id": person(frame)} if sheet.per_person else {}
        table["sted_id"] = frame["site_id"]
        if not sheet.extract_latest:
            table["kvartal"] = frame["quarter"]
        dates = []
        for column in sheet.fields:
            name = column.extract[0]
            table[name] = keyed(frame, column.field, rekeyed[column.field]) if column.field in rekeyed else \
                frame["category_code" if column.choices == "category" else column.field]
            if column.choices == "category":
                table["kategorigruppe"] = frame["group_code"]
            if column.kind == "date":
                dates.append(name)
        tables[sheet.extract_file] = _dates(pd.DataFrame(table), dates)
    # Rows in a random order too: the stored order would hint at the old keys.
    return {name: table.sample(frac=1, random_state=secrets.randbits(32)).reset_index(drop=True)
            if "borger_id" in table or "medarbejder_id" in table else table for name, table in tables.items()}


def codebook(tables: dict[str, pd.DataFrame], made_on: date, professions: dict[str, str],
             instruments: dict[str, str], job_types: dict[str, str]) -> str:
    lines = [
        "# Kodebog: analyseudtræk fra styregruppens dashboard",
        "",
        f"Dannet {made_on:%d-%m-%Y}. Filerne er kommaseparerede (UTF-8 med BOM), datoer ÅÅÅÅ-MM-DD, decimaler med "
        f"punktum. De samme tabeller står i {EXTRACT_WORKBOOK} (ét ark pr. fil, med de samme kolonnenavne, tal som "
        "tal og datoer som datoer), som åbner direkte i dansk Excel.",
        "",
        "**Personoplysninger.** Udtrækket er pseudonymiseret, men stadig personoplysninger efter GDPR: det må kun "
        "bruges efter databehandleraftalen og må ikke forsøges koblet med andre data. Id'erne (B…, F…, M…, V…) er "
        "trukket tilfældigt til netop dette udtræk og findes ikke i projektets egne regneark.",
        "",
        "**Fortolkning.** Før/efter-tal uden kontrolgruppe beskriver forløb; de viser ikke i sig selv en effekt.",
        "",
    ]
    for name, (row, columns) in FILES.items():
        lines += [f"## {name} ({len(tables[name])} rækker)", "", f"Én række: {row}", "",
                  "| Kolonne | Betydning |", "| --- | --- |"]
        lines += [f"| `{column}` | {meaning} |" for column, meaning in columns.items()]
        lines.append("")
    lines += ["## Koder", ""]
    lists = {**CODE_LISTS, "Faglighed": professions, "Måleredskab (progression)": instruments, "Jobtype": job_types}
    for title, codes in lists.items():
        lines += [f"### {title}", "", "| Kode | Betydning |", "| --- | --- |"]
        lines += [f"| `{code}` | {label} |" for code, label in codes.items()]
        lines.append("")
    lines += ["Udfaldskategorierne og deres grupper står i `kategorier.csv`.", ""]
    return "\n".join(lines)


def instrument_descriptions(frames: ProgrammeFrames) -> dict[str, str]:
    """Each progression instrument's name, scale, direction and meaningful step, for the codebook."""
    descriptions = {}
    for row in frames.progression_scales.itertuples():
        items = f"; delområder: {', '.join(row.items)}" if row.items else ""
        descriptions[row.instrument] = (
            f"{row.label}: skala {row.minimum:g}-{row.maximum:g}, {'høj' if row.higher_is_closer else 'lav'} score "
            f"er tættest på job, betydende ændring {row.meaningful_change:g}{items}")
    return descriptions


EXTRACT_WORKBOOK = "udtraek.xlsx"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def extract_workbook(tables: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per file (named as the file, with the codebook's column names), numbers as numbers and dates as
    dates, and a sheet "Kodebog" with every column's meaning."""
    workbook = Workbook()
    guide = workbook.active
    guide.title = "Kodebog"
    guide.append(["Ark (fil)", "Kolonne", "Betydning"])
    for name, (_, columns) in FILES.items():
        for column, meaning in columns.items():
            guide.append([name.removesuffix(".csv"), column, meaning])  # our own text
    for name, table in tables.items():
        sheet = workbook.create_sheet(name.removesuffix(".csv")[:31])
        sheet.append([str(column) for column in table.columns])
        for row_number, row in enumerate(table.itertuples(index=False), start=2):
            for column_number, value in enumerate(row, start=1):
                cell = sheet.cell(row_number, column_number)
                # A project's or site's name is the administrator's text: it never runs as a formula.
                set_text_safely(cell, _extract_cell(value))
                if isinstance(cell.value, date):
                    cell.number_format = "dd-mm-yyyy"
        sheet.freeze_panes = "A2"
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            sheet.column_dimensions[cell.column_letter].width = max(12, len(str(cell.value)) + 4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _extract_cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
        return value
    return value.item() if hasattr(value, "item") else value


def analysis_extract(engine: Engine, site_ids: list[int] | None = None, made_on: date | None = None) -> bytes:
    """The zip for evaluators; ``site_ids`` limits it to those sites (None: all)."""
    frames = load_frames(engine)
    if site_ids is not None:
        frames = filter_frames(frames, site_ids=site_ids)
    tables = extract_tables(frames)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in tables.items():
            archive.writestr(name, table_csv(table, separator=","))
        # Danish Excel opens a comma-separated file as one column: the workbook opens as tables.
        archive.writestr(EXTRACT_WORKBOOK, extract_workbook(tables))
        job_types = dict(zip(frames.job_types["job_type"], frames.job_types["job_type_label"], strict=True))
        archive.writestr("kodebog.md", codebook(tables, made_on or date.today(), frames.profession_labels(),
                                                instrument_descriptions(frames), job_types))
    return buffer.getvalue()
