"""Import benchmark: a 50,000-row quarterly workbook, three ways, measured in one run.

    python -m bench.import_bench [--rows 50000] [--repeat 3] [--postgres-url URL]

* parse floor: python-calamine reading every sheet in this process (nothing can be faster
  with this parser);
* isolated parse: the same parse in the child process the app uses (memory and time limits), with the
  parsed sheets sent back;
* full import: the real path (package checks, parse in a child process, validation, one
  transaction writing a new version) into an empty, migrated database, with the time of each step;
* on PostgreSQL, the full import again with the foreign keys dropped from the scratch schema: what
  checking each stored row's references costs (the app never runs without them);
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
from sqlalchemy import Engine, create_engine, text

from bench.databases import migrated, postgres_schema, sqlite_url
from data_access.importer import import_workbook
from data_access.workbook.format import load_choices
from data_access.workbook.quarterly_return import QuarterlyReturn
from data_access.workbook.reader import parse_in_this_process, read_workbook
from data_access.workbook.writer import build_workbook
from demo.simulation import write_demo

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


def import_timings(rows: int = 50_000, repeat: int = 3, postgres_url: str | None = None) -> list[dict]:
    """The three ways side by side; the full import into SQLite, or into scratch schemas on ``postgres_url``."""
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        reference = migrated(sqlite_url(folder, "reference"))
        write_demo(reference)
        with reference.connect() as connection:
            choices = load_choices(connection)
        content = build_workbook(choices, [synthetic_return(1, rows)])
        total_rows = sum(len(sheet) - 1 for sheet in parse_in_this_process(content).sheets.values())

        # The parses are timed next to each import, so that the machine's drift affects both sides alike.
        floors: list[float] = []
        isolated_parses: list[float] = []

        def full_import(url: str, foreign_keys: bool = True) -> tuple[float, dict[str, float]]:
            engine = migrated(url)
            write_demo(engine)
            if not foreign_keys:
                drop_foreign_keys(engine)
            steps: dict[str, float] = {}
            started = last = time.perf_counter()

            def on_step(step: str) -> None:
                nonlocal last
                now = time.perf_counter()
                steps[STEP_NAMES[len(steps)]] = now - last
                last = now

            report = import_workbook(engine, content, file_name="bench.xlsx", created_by="bench",
                                     site_id=1, quarter=QUARTER, commit=True, on_step=on_step)
            elapsed = time.perf_counter() - started
            steps[STEP_NAMES[len(steps)]] = time.perf_counter() - last
            assert report.stored, [problem.text() for problem in report.errors][:3]
            engine.dispose()
            return elapsed, steps

        def median_import(foreign_keys: bool = True) -> tuple[float, dict[str, float]]:
            runs = []
            for number in range(repeat):
                floors.append(median_seconds(lambda: parse_in_this_process(content), 1))
                isolated_parses.append(median_seconds(lambda: read_workbook(content), 1))
                if postgres_url:
                    with postgres_schema(postgres_url) as url:
                        runs.append(full_import(url, foreign_keys))
                else:
                    runs.append(full_import(sqlite_url(folder, f"full{number}")))
            return statistics.median(seconds for seconds, _ in runs), {
                step: statistics.median(steps[step] for _, steps in runs) for step in runs[0][1]
            }

        full, steps = median_import()
        without_keys = median_import(foreign_keys=False)[0] if postgres_url else None
        floor, isolated = statistics.median(floors), statistics.median(isolated_parses)

        def naive():
            engine = create_engine(sqlite_url(folder, f"naive{time.monotonic_ns()}"))
            sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, engine="openpyxl")
            for name, frame in sheets.items():
                frame.to_sql(name, engine, index=False)
            engine.dispose()

        naive_seconds = median_seconds(naive, repeat)

    database = "postgresql" if postgres_url else "sqlite"
    results = [
        {"measure": "parse_floor", "seconds": round(floor, 3), "rows": total_rows},
        {"measure": "isolated_parse", "seconds": round(isolated, 3), "rows": total_rows},
        {"measure": "full_import", "seconds": round(full, 3), "rows": total_rows, "database": database},
        *({"measure": "import_step", "step": step, "seconds": round(seconds, 3), "database": database}
          for step, seconds in steps.items()),
        {"measure": "naive_openpyxl_to_sql", "seconds": round(naive_seconds, 3), "rows": total_rows},
        {"measure": "full_vs_floor", "ratio": round(full / floor, 2), "database": database},
        {"measure": "isolated_parse_vs_floor", "ratio": round(isolated / floor, 2)},
        {"measure": "naive_vs_full", "ratio": round(naive_seconds / full, 2), "database": database},
    ]
    if without_keys is not None:
        results += [
            {"measure": "full_import_without_foreign_keys", "seconds": round(without_keys, 3), "database": database},
            {"measure": "without_foreign_keys_vs_floor", "ratio": round(without_keys / floor, 2),
             "database": database},
        ]
    return results


# The import's progress steps in order; each is timed until the next begins.
STEP_NAMES = ("checksum", "package_check_and_isolated_parse", "validation", "store_and_compare")


def drop_foreign_keys(engine: Engine) -> None:
    """Only in a benchmark's scratch schema: to measure what checking the references costs."""
    with engine.begin() as connection:
        constraints = connection.execute(text(
            "SELECT table_name, constraint_name FROM information_schema.table_constraints "
            "WHERE constraint_type = 'FOREIGN KEY' AND table_schema = current_schema()"
        )).all()
        for table_name, constraint_name in constraints:
            connection.execute(text(f'ALTER TABLE "{table_name}" DROP CONSTRAINT "{constraint_name}"'))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres-url", help="a PostgreSQL server; the benchmark works in a schema of its own")
    args = parser.parse_args()
    results = import_timings(args.rows, args.repeat, args.postgres_url)
    for result in results:
        print(json.dumps(result))
    measured = {result["measure"]: result for result in results}
    floor, full = measured["parse_floor"]["seconds"], measured["full_import"]["seconds"]
    print()
    print(f"{'Måling':<48}{'Sekunder':>10}")
    for result in results:
        if "seconds" in result:
            name = result["measure"] + (f": {result['step']}" if "step" in result else "")
            print(f"{name:<48}{result['seconds']:>10.2f}")
    print(f"Fuld import / gulv: {full / floor:.2f}x (mål <= 2x)")


if __name__ == "__main__":
    main()
