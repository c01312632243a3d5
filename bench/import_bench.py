"""Import benchmark: a 50,000-row quarterly workbook, three ways, measured in one run.

    python -m bench.import_bench [--rows 50000] [--repeat 3] [--database-url URL]

* parse floor: python-calamine reading every sheet in this process (nothing can be faster
  with this parser);
* full import: the real path (package checks, parse in a child process, validation, one
  transaction writing a new version) into an empty, migrated database;
* naive path: pandas.read_excel with openpyxl and DataFrame.to_sql, no checks at all.

Prints one JSON line per measurement and a readable table. Figures are the median of the runs.
"""

import argparse
import io
import json
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
from sqlalchemy import create_engine, text

from data_access.demo import write_demo
from data_access.engine import make_engine
from data_access.importer import import_workbook
from data_access.migrate import upgrade
from data_access.returns import QuarterlyReturn
from data_access.workbook_format import load_choices
from data_access.workbook_reader import parse_in_this_process
from data_access.workbook_writer import build_workbook

QUARTER = "2026Q4"


def synthetic_return(site_id: int, rows: int) -> QuarterlyReturn:
    """About ``rows`` rows over the sheets, shaped like a big municipality's quarter."""
    persons = rows * 2 // 5
    families = persons // 4
    start = date(2024, 1, 1)
    quarterly = QuarterlyReturn(site_id=site_id, quarter=QUARTER)
    quarterly.families = [f"F{number:06d}" for number in range(families)]
    quarterly.staff = [(f"M{number:03d}", "job_consultant", "Jobcenter") for number in range(20)]
    for number in range(persons):
        key = f"P{number:07d}"
        quarterly.persons.append((key, f"F{number // 4:06d}", "adult", "kontanthjaelp",
                                  start + timedelta(days=number % 900), None))
        quarterly.statuses.append((key, "small_job" if number % 3 else "in_progress", 10.0 if number % 3 else None))
    remaining = rows - len(quarterly.families) - len(quarterly.staff) - 2 * persons
    quarterly.wellbeing = [
        (f"P{number % persons:07d}", "who5", float(4 * (number % 26)), date(2026, 10, 1) + timedelta(days=number % 60))
        for number in range(max(remaining, 0))
    ]
    return quarterly


def median_seconds(action, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def fresh_database(url: str | None, folder: Path, name: str):
    if url is None:
        engine = make_engine(f"sqlite:///{folder / name}.db")
    else:
        engine = make_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    upgrade(engine)
    return engine


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database-url", help="an EMPTY PostgreSQL database it may wipe (default: SQLite files)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        reference = fresh_database(None, folder, "reference")
        write_demo(reference)
        with reference.connect() as connection:
            choices = load_choices(connection)
        content = build_workbook(choices, [synthetic_return(1, args.rows)])
        total_rows = sum(len(rows) - 1 for rows in parse_in_this_process(content).sheets.values())

        floor = median_seconds(lambda: parse_in_this_process(content), args.repeat)

        def full_import():
            engine = fresh_database(args.database_url, folder, f"full{time.monotonic_ns()}")
            write_demo(engine)
            started = time.perf_counter()
            report = import_workbook(engine, content, file_name="bench.xlsx", created_by="bench",
                                     site_id=1, quarter=QUARTER, commit=True)
            elapsed = time.perf_counter() - started
            assert report.stored, [problem.text() for problem in report.errors][:3]
            engine.dispose()
            return elapsed

        full = statistics.median(full_import() for _ in range(args.repeat))

        def naive():
            engine = create_engine(f"sqlite:///{folder / f'naive{time.monotonic_ns()}'}.db")
            sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, engine="openpyxl")
            for name, frame in sheets.items():
                frame.to_sql(name, engine, index=False)
            engine.dispose()

        naive_seconds = median_seconds(naive, args.repeat)

    database = "postgresql" if args.database_url else "sqlite"
    results = [
        {"measure": "parse_floor", "seconds": round(floor, 3), "rows": total_rows},
        {"measure": "full_import", "seconds": round(full, 3), "rows": total_rows, "database": database},
        {"measure": "naive_openpyxl_to_sql", "seconds": round(naive_seconds, 3), "rows": total_rows},
        {"measure": "full_vs_floor", "ratio": round(full / floor, 2)},
        {"measure": "naive_vs_full", "ratio": round(naive_seconds / full, 2)},
    ]
    for result in results:
        print(json.dumps(result))
    print()
    print(f"{'Måling':<26}{'Sekunder':>10}")
    print(f"{'Parse (gulv)':<26}{floor:>10.2f}")
    print(f"{'Fuld import (' + database + ')':<26}{full:>10.2f}")
    print(f"{'Naiv openpyxl + to_sql':<26}{naive_seconds:>10.2f}")
    print(f"Fuld import / gulv: {full / floor:.2f}x (mål <= 1,5x); "
          f"naiv / fuld: {naive_seconds / full:.1f}x (mål >= 4x)")


if __name__ == "__main__":
    main()
