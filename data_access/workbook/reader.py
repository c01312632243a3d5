"""Read an uploaded workbook safely: check the package first, then parse in a child process.

The checks look at the content, never the file name. Parsing runs in a
separate process with a memory and time limit, because a native parser that
fails on hostile input may abort its whole process; the app must survive that.
"""

import io
import pickle
import re
import resource
import subprocess
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
MAX_COMPRESSION_RATIO = 150
PARSE_MEMORY_BYTES = 2 * 1024 * 1024 * 1024
PARSE_SECONDS = 120
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# Cells with content (not self-closing), tolerant of namespace prefixes such as <x:c>.
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
# A saved result: a <v> element with content (openpyxl writes an empty <v /> for none).
_VALUE = re.compile(rb"<(?:\w+:)?v\b[^>/]*>[^<]+<")
_CELL_REF = re.compile(rb'\br="([A-Z]+\d+)"')


class UnreadableWorkbook(Exception):
    """The file is refused before or while reading it; the message is Danish and for the user."""


@dataclass
class ParsedWorkbook:
    # sheet name -> rows of cell values, row 0 being Excel row 1
    sheets: dict[str, list[list]] = field(default_factory=dict)
    # (sheet name, cell reference) of formulas whose result was never saved
    formulas_without_value: list[tuple[str, str]] = field(default_factory=list)
    # (sheet name, column header, type name) of database columns of a type the import cannot read
    unreadable_columns: list[tuple[str, str, str]] = field(default_factory=list)


def check_package(content: bytes) -> None:
    """Refuse anything that is not a plain .xlsx workbook, before any XML is parsed."""
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableWorkbook(
            f"Filen fylder {len(content) / 1024 / 1024:.1f} MB; grænsen er {MAX_FILE_BYTES // 1024 // 1024} MB."
        )
    if content.startswith(OLE_SIGNATURE):
        raise UnreadableWorkbook(
            "Filen er krypteret (beskyttet med adgangskode) eller i det gamle .xls-format. "
            "Gem den som almindelig Excel-projektmappe (.xlsx) uden adgangskode."
        )
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise UnreadableWorkbook("Filen er ikke en Excel-projektmappe (.xlsx). Brug skabelonen fra dashboardet.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as error:
        raise UnreadableWorkbook("Filen er beskadiget og kan ikke åbnes som .xlsx.") from error
    names = {member.filename for member in members}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnreadableWorkbook("Filen er ikke en Excel-projektmappe (.xlsx). Brug skabelonen fra dashboardet.")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise UnreadableWorkbook(
            "Filen indeholder makroer. Gem den som almindelig Excel-projektmappe (.xlsx) uden makroer."
        )
    if any(name.lower().startswith("xl/externallinks/") for name in names):
        raise UnreadableWorkbook(
            "Filen har eksterne links til andre filer. Fjern dem (Data > Rediger links > Bryd link) og prøv igen."
        )
    total = sum(member.file_size for member in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableWorkbook("Filen er for stor, når den pakkes ud. Del den op eller fjern tomme rækker.")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
            raise UnreadableWorkbook("Filen er pakket på en mistænkelig måde (zip-bombe) og er afvist.")


def read_workbook(content: bytes) -> ParsedWorkbook:
    """Check the package, then parse it in a child process with limits."""
    check_package(content)
    try:
        finished = subprocess.run(
            [sys.executable, "-m", "data_access.workbook.reader"],
            input=content, capture_output=True, timeout=PARSE_SECONDS, check=False, cwd=PROJECT_ROOT,
        )
    except subprocess.TimeoutExpired as error:
        raise UnreadableWorkbook("Filen tog for lang tid at læse og er afvist. Fjern tomme rækker og prøv igen.") \
            from error
    if finished.returncode < 0 or b"MemoryError" in finished.stderr:
        # Killed or aborted: typically the memory limit, e.g. a cell far out at XFD1048576.
        raise UnreadableWorkbook(
            "Filen kræver for meget hukommelse at læse og er afvist. Det skyldes oftest indhold eller formatering "
            "langt ude i arket: slet tomme rækker og kolonner efter dataene, gem og prøv igen."
        )
    if finished.returncode != 0:
        raise UnreadableWorkbook(
            "Filen kunne ikke læses som Excel-projektmappe. Åbn den i Excel, gem den som .xlsx og prøv igen."
        )
    return pickle.loads(finished.stdout)


def parse_in_this_process(content: bytes) -> ParsedWorkbook:
    """The parse itself (python-calamine); call ``read_workbook`` instead, except in the child."""
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    parsed = ParsedWorkbook()
    for name in workbook.sheet_names:
        parsed.sheets[name] = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    parsed.formulas_without_value = _formulas_without_value(content, workbook.sheet_names)
    return parsed


def _formulas_without_value(content: bytes, sheet_names: list[str]) -> list[tuple[str, str]]:
    """Formula cells with no saved result: calamine would read them as empty, which must not pass."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    sheet_files = _sheet_files(archive)
    found = []
    for name in sheet_names:
        path = sheet_files.get(name)
        if path is None:
            continue
        xml = archive.read(path)
        if not _FORMULA.search(xml):
            continue
        for attributes, body in _CELL.findall(xml):
            if _FORMULA.search(body) and not _VALUE.search(body):
                reference = _CELL_REF.search(attributes)
                found.append((name, reference.group(1).decode() if reference else "?"))
    return found


def _sheet_files(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> path of its XML inside the package (via the workbook's relationships)."""
    workbook = archive.read("xl/workbook.xml")
    relations = archive.read("xl/_rels/workbook.xml.rels")
    targets = {}
    for element in re.findall(rb"<(?:\w+:)?Relationship\b[^>]*>", relations):
        rel_id, target = re.search(rb'\bId="([^"]+)"', element), re.search(rb'\bTarget="([^"]+)"', element)
        if rel_id and target:
            targets[rel_id.group(1).decode()] = target.group(1).decode()
    files = {}
    for sheet in re.findall(rb"<(?:\w+:)?sheet\b[^>]*>", workbook):
        name = re.search(rb'name="([^"]*)"', sheet)
        rel_id = re.search(rb'r:id="([^"]*)"', sheet)
        if name and rel_id and rel_id.group(1).decode() in targets:
            target = targets[rel_id.group(1).decode()].lstrip("/")
            path = target if target.startswith("xl/") else f"xl/{target}"
            files[_xml_unescape(name.group(1).decode())] = path
    return files


def _xml_unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def _child() -> None:
    # Imported by its module name so that the parent can unpickle the result.
    from data_access.workbook.reader import parse_in_this_process

    resource.setrlimit(resource.RLIMIT_AS, (PARSE_MEMORY_BYTES, PARSE_MEMORY_BYTES))
    parsed = parse_in_this_process(sys.stdin.buffer.read())
    pickler = pickle.Pickler(sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)
    # Without the memo: the sheets are plain lists of cell values with no shared or circular parts, and
    # writing and reading them back takes half the time.
    pickler.fast = True
    pickler.dump(parsed)


if __name__ == "__main__":
    _child()
