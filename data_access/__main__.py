"""Command line: ``python -m data_access migrate | demo | revision``.

The database is the one ``DATABASE_URL`` names (default: the SQLite file under data/).
"""

import argparse
import sys
import time

from data_access.demo import SCALES, DemoRefused, write_demo
from data_access.engine import make_engine
from data_access.migrate import new_revision, upgrade


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m data_access", description="Styregruppe-dashboardets database.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="opdater databasens skema til nyeste version")
    demo = commands.add_parser("demo", help="fyld databasen med syntetiske demodata")
    demo.add_argument("--replace", action="store_true", help="erstat alt eksisterende indhold")
    demo.add_argument("--scale", choices=sorted(SCALES), default="municipal",
                      help="municipal: ét projekt som Opgang til Opgang; national: 98 kommuner")
    demo.add_argument("--seed", type=int, default=2026, help="samme frø giver samme data")
    demo.add_argument("--if-empty", action="store_true",
                      help="gør ingenting (og afslut uden fejl), hvis databasen allerede har data")
    revision = commands.add_parser("revision", help="skriv en ny migration ud fra modellerne")
    revision.add_argument("-m", "--message", required=True)
    args = parser.parse_args(argv)

    engine = make_engine()
    upgrade(engine)
    if args.command == "migrate":
        print(f"Databasen er opdateret: {engine.url.render_as_string(hide_password=True)}")
    elif args.command == "demo":
        started = time.perf_counter()
        try:
            written = write_demo(engine, scale=args.scale, seed=args.seed, replace=args.replace)
        except DemoRefused as refusal:
            if args.if_empty:
                print("Databasen har allerede data; demodata springes over.")
                return 0
            print(refusal, file=sys.stderr)
            return 2
        rows = ", ".join(f"{table}: {count:,}".replace(",", ".") for table, count in written.items())
        print(f"Demodata skrevet på {time.perf_counter() - started:.1f} s ({rows}).")
    elif args.command == "revision":
        new_revision(engine, args.message)
    return 0


if __name__ == "__main__":
    sys.exit(main())
