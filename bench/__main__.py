"""``python -m bench``: every benchmark side by side in one run; JSON lines, then a readable table.

    python -m bench                      # municipal scale: import, pages, browser, load, protocol
    python -m bench --national           # also national scale (98 municipalities; slow to generate)
    python -m bench --quick              # a small version of everything, on PostgreSQL (the test suite runs it)
    python -m bench --sections pages,browser
    python -m bench --national --sections kept   # first views after each change, warm step done (PostgreSQL)

PostgreSQL: ``--postgres-url`` (default: the test server); the benchmark works in schemas of its own.
"""

import argparse
import json
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

from bench.browser import browser_timings, load_timings
from bench.databases import DEFAULT_POSTGRES_URL, migrated, postgres_schema, sqlite_url
from bench.import_bench import import_timings
from bench.pages import memory_of_pages, page_timings, warmed_first_views
from bench.protocol import protocol_timings
from data_access.engine import make_engine
from demo.simulation import write_demo

SECTIONS = ("import", "pages", "kept", "browser", "load", "protocol")
NATIONAL_MUNICIPALITY = "Landsdækkende beskæftigelsesprogram – Kommune 07"


def emit(result: dict) -> dict:
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return result


def demo_database(url: str, scale: str) -> tuple[str, float]:
    started = time.perf_counter()
    engine = migrated(url)
    write_demo(engine, scale=scale)
    engine.dispose()
    return url, time.perf_counter() - started


def table(results: list[dict]) -> str:
    lines = ["", f"{'Måling':<34}{'Database':<36}{'Side':<52}{'Sekunder':>9}  Bemærkning"]
    for result in results:
        note = ", ".join(f"{key}={value}" for key, value in result.items()
                         if key not in {"measure", "database", "page", "seconds"})
        seconds = f"{result['seconds']:.3f}" if "seconds" in result else ""
        lines.append(f"{result['measure']:<34}{result.get('database', ''):<36}{result.get('page', ''):<52}"
                     f"{seconds:>9}  {note}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sections", default=",".join(SECTIONS), help="comma-separated: " + ", ".join(SECTIONS))
    parser.add_argument("--quick", action="store_true", help="small sizes and one repeat, to check it runs")
    parser.add_argument("--national", action="store_true", help="also national scale (pages and load)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sections = [section.strip() for section in args.sections.split(",") if section.strip()]
    repeat = 1 if args.quick else args.repeat
    results: list[dict] = [emit({"measure": "run", "started": time.strftime("%Y-%m-%d %H:%M"),
                                 "quick": args.quick, "python": sys.version.split()[0]})]

    if "import" in sections:
        rows = 2_000 if args.quick else 50_000
        for postgres in (None, args.postgres_url):
            results += [emit(result) for result in import_timings(rows, repeat, postgres)]

    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        scales = ["municipal"] + (["national"] if args.national else [])
        databases: dict[str, str] = {}
        for scale in scales:
            # A quick run checks that every measure runs, on PostgreSQL (where a programme is kept); the database
            # tests check both databases' figures.
            for kind in ("postgresql",) if args.quick or sections == ["kept"] else ("sqlite", "postgresql"):
                url = sqlite_url(Path(folder), scale) if kind == "sqlite" else \
                    stack.enter_context(postgres_schema(args.postgres_url))
                databases[f"{kind}-{scale}"], seconds = demo_database(url, scale)
                results.append(emit({"measure": "demo_data", "database": f"{kind}-{scale}",
                                     "seconds": round(seconds, 1)}))
        if "pages" in sections:
            for label, url in databases.items():
                national = label.endswith("national")
                # A quick run measures the programme's figures too (on the municipal demo), to check they run.
                results += [emit(result) for result in page_timings(url, label, repeat,
                                                                    programme=national or args.quick)]
                results += [emit(result) for result in memory_of_pages(url, label)]
                if national:
                    # The usual national reader: one municipality's own figures.
                    results += [emit(result) for result in page_timings(
                        url, f"{label}-one-municipality", repeat, {"sted": NATIONAL_MUNICIPALITY})]
        if "kept" in sections and "pages" not in sections:  # the pages section measures it for a programme
            engine = make_engine(databases[f"postgresql-{scales[-1]}"])
            results += [emit(result) for result in warmed_first_views(
                engine, databases[f"postgresql-{scales[-1]}"], f"postgresql-{scales[-1]}", None)]
            engine.dispose()
        if "browser" in sections:
            results += [emit({**result, "database": "postgresql-municipal"})
                        for result in browser_timings(databases["postgresql-municipal"], repeat)]
        if "load" in sections:
            sessions, waves = (3, 1) if args.quick else (30, 3)
            for label in [name for name in databases if name.startswith("postgresql")]:
                results += [emit({**result, "database": label})
                            for result in load_timings(databases[label], sessions, waves)]
        if "protocol" in sections:
            # Readers at Streamlit's protocol (no browser): the steering group opening the link together.
            readers, within, pause = (3, 2.0, 0.2) if args.quick else (30, 10.0, 5.0)
            results += [emit({**result, "database": "postgresql-municipal"})
                        for result in protocol_timings(databases["postgresql-municipal"], readers, within, pause)]
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
