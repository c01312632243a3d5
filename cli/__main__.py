"""Command line: ``python -m cli <command>``; ``--help`` lists the commands.

The database is the one ``DATABASE_URL`` names (default: the SQLite file under data/).
"""

import argparse
import getpass
import sys
import time
import tomllib
from pathlib import Path

from data_access.accounts import audit_log
from data_access.accounts.sign_in import unlock
from data_access.accounts.users import AccountError, account_by_username, create_user, set_password
from data_access.bi_views import BI_VIEWS, BiRoleRefused, create_bi_role
from data_access.commentary import commentary_in_force
from data_access.cpr import looks_like_cpr
from data_access.engine import make_engine
from data_access.extract import analysis_extract
from data_access.importer import (
    ImportRefused,
    ImportReport,
    export_bytes,
    import_parsed,
    import_workbook,
    resolve_site,
    rollback_to,
    template_bytes,
)
from data_access.jobindsats import plan_fetch, settings_from, store_fetched
from data_access.master_data import import_setup, setup_workbook_bytes
from data_access.migrate import new_revision, upgrade
from data_access.personal_data import (
    access_request_workbook,
    describe_purge,
    erase_person,
    projects_due,
    purge_old_records,
    purge_project,
    purged_projects,
    record_workbook,
    title_of,
)
from data_access.publication import (
    commentary_as_published,
    keep_every_published_figure,
    publications,
    shown_publications,
)
from data_access.queries import load_frames
from data_access.report_template import stored_template
from data_access.settings import ADMIN_PASSWORD_VARIABLE, BI_PASSWORD_VARIABLE, env
from data_access.staging import read_staging, staging_table_sql
from data_access.workbook.format import SHEETS
from data_access.workbook.reader import UnreadableWorkbook, read_workbook
from data_access.workbook.validation import ERROR
from demo.simulation import SCALES, DemoRefused, write_demo
from metrics.overview import key_figures_before_after
from metrics.quarters import parse_quarter, quarter_label
from metrics.selection import make_selection
from metrics.vocabulary import TARGET_GROUPS
from presentation.format import format_number, format_percent, versions_phrase

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class DanishHelp(argparse.HelpFormatter):
    """argparse's help in Danish: its own words ("usage", "options") come from gettext, which has no Danish."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="brug: " if prefix is None else prefix)


ARGPARSE_WORDS = {
    "the following arguments are required": "disse argumenter mangler",
    "unrecognized arguments": "ukendte argumenter",
    "invalid choice": "ugyldigt valg",
    "choose from": "vælg mellem",
    "expected one argument": "mangler en værdi",
    "invalid int value": "ugyldigt heltal",
    "argument ": "argumentet ",
}


class DanishParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=DanishHelp, add_help=False, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "tilvalg"
        self.add_argument("-h", "--help", action="help", help="vis denne hjælp og afslut")

    def error(self, message: str):
        for english, danish in ARGPARSE_WORDS.items():
            message = message.replace(english, danish)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fejl: {message}\n")


def _parser() -> argparse.ArgumentParser:
    parser = DanishParser(prog="python -m cli", description="Styregruppe-dashboardets database.")
    commands = parser.add_subparsers(dest="command", required=True, title="kommandoer", parser_class=DanishParser)
    commands.add_parser("migrate", help="opdater databasens skema til nyeste version")
    warm = commands.add_parser("warm-figures", help="regn et stort programs tal for hvert sted ud på forhånd (efter "
                                                    "migrate ved en ny version; appen gør det selv efter import og "
                                                    "stamdata)")
    warm.add_argument("--before-release", action="store_true",
                      help="ved udrulning, før den nye version tager imod læsere: slet intet, som den kørende version "
                           "stadig læser")
    demo = commands.add_parser("demo", help="fyld databasen med syntetiske demodata")
    demo.add_argument("--replace", action="store_true", help="erstat alt eksisterende indhold")
    demo.add_argument("--scale", choices=sorted(SCALES), default="municipal",
                      help="municipal: ét projekt som Opgang til Opgang; national: 98 kommuner")
    demo.add_argument("--seed", type=int, default=2026, help="samme frø giver samme data")
    demo.add_argument("--if-empty", action="store_true",
                      help="gør ingenting (og afslut uden fejl), hvis databasen allerede har data")
    template = commands.add_parser("export-template", help="skriv en tom kvartalsskabelon (.xlsx)")
    template.add_argument("path", type=Path)
    export = commands.add_parser("export-data", help="skriv alle gældende data i skabelonens format (.xlsx)")
    export.add_argument("path", type=Path)
    setup_export = commands.add_parser("export-setup", help="skriv opsætningsregnearket med de gældende stamdata "
                                                            "(projekter, steder, kategorier, delmål, benchmarks)")
    setup_export.add_argument("path", type=Path)
    setup_import = commands.add_parser("import-setup", help="indlæs et opsætningsregneark: nye rækker tilføjes, "
                                                            "ændrede opdateres, intet slettes (alt eller intet)")
    setup_import.add_argument("path", type=Path)
    setup_import.add_argument("--user", default=None, help="hvem indlæser (standard: brugernavnet)")
    setup_import.add_argument("--dry-run", action="store_true", help="kontroller og vis ændringerne uden at gemme")
    extract = commands.add_parser("extract", help="skriv et pseudonymiseret analyseudtræk med kodebog (.zip)")
    extract.add_argument("path", type=Path)
    importing = commands.add_parser("import", help="indlæs en kvartalsindberetning (alt eller intet)")
    importing.add_argument("path", type=Path, nargs="?", help="regnearket (.xlsx)")
    importing.add_argument("--from-staging", action="store_true", help="læs fra staging-tabellerne i databasen")
    importing.add_argument("--site", help="stedets navn, 'Projekt – Sted' eller id")
    importing.add_argument("--quarter", help="kvartalet, fx 2024K1")
    importing.add_argument("--user", default=None, help="hvem indlæser (standard: brugernavnet)")
    importing.add_argument("--dry-run", action="store_true", help="kontroller og vis forhåndsvisning uden at gemme")
    bi_role = commands.add_parser("create-bi-role", help="opret en PostgreSQL-rolle til kommunens BI (Power BI, "
                                                         "Excel), der kun kan læse BI-visningerne (adgangskode fra "
                                                         "BI_PASSWORD, eller der spørges)")
    bi_role.add_argument("name", help="rollens navn, fx bi_laeser")
    fetching = commands.add_parser("fetch-benchmarks", help="hent benchmarkværdier fra jobindsats.dk, vis hvad der "
                                                            "ændres, og gem efter bekræftelse")
    fetching.add_argument("--secrets", type=Path, default=PROJECT_ROOT / ".streamlit" / "secrets.toml",
                          help="filen med afsnittet [jobindsats] (token)")
    fetching.add_argument("--yes", action="store_true", help="gem uden at spørge")
    admin = commands.add_parser("create-admin", help="opret en administrator (adgangskode fra ADMIN_PASSWORD "
                                                     "eller spørges der om)")
    admin.add_argument("--username", required=True)
    admin.add_argument("--name", default="", help="navn, der vises i appen")
    reset = commands.add_parser("reset-password", help="ny adgangskode til en bruger, som skifter den ved næste "
                                                       "login (fra ADMIN_PASSWORD eller spørges der om)")
    reset.add_argument("--username", required=True)
    unlocking = commands.add_parser("unlock", help="ophæv låsningen af en konto efter for mange forkerte forsøg")
    unlocking.add_argument("--username", required=True)
    commands.add_parser("staging-sql", help="vis CREATE TABLE for staging-tabellerne (databaseleverance)")
    report = commands.add_parser("report", help="lav materialet til styregruppemødet (PowerPoint eller PDF)")
    report.add_argument("--quarter", help="kvartalet, fx 2024K1, med de gældende data (standard: det senest "
                                          "offentliggjorte kvartal, som forelagt styregruppen)")
    report.add_argument("--format", choices=["pptx", "pdf"], required=True)
    report.add_argument("--out", type=Path, required=True, help="filen, der skrives")
    report.add_argument("--site", action="append", help="sted (navn, 'Projekt – Sted' eller id); kan gentages. "
                                                        "Standard: alle steder")
    report.add_argument("--target-group", action="append", choices=sorted(TARGET_GROUPS),
                        help="målgruppe; kan gentages. Standard: alle")
    report.add_argument("--from-quarter", help="periodens første kvartal (standard: det første med data)")
    report.add_argument("--external", action="store_true",
                        help="til brug uden for projektgruppen: antal under 5 skjules")
    rollback = commands.add_parser("rollback", help="gør en tidligere version gældende igen (som ny version)")
    rollback.add_argument("version", type=int)
    rollback.add_argument("--user", default=None)
    record = commands.add_parser("record-of-processing", help="skriv fortegnelsen over personoplysninger "
                                                              "(art. 30) ud fra datamodellen (.xlsx)")
    record.add_argument("--out", type=Path, required=True)
    access = commands.add_parser("access-request", help="skriv alt, der er gemt under ét Borger-id, i alle "
                                                        "versioner (indsigt, .xlsx)")
    access.add_argument("person_key", help="Borger-id, fx P00012")
    access.add_argument("--out", type=Path, required=True)
    access.add_argument("--site", help="kun dette sted (navn, 'Projekt – Sted' eller id)")
    access.add_argument("--user", default=None, help="hvem, der udleverer (til auditloggen)")
    erase = commands.add_parser("erase-person", help="slet ét Borger-id fra alle versioner (fx registreret ved en "
                                                     "fejl); tallene regnes ud igen")
    erase.add_argument("person_key", help="Borger-id, fx P00012")
    erase.add_argument("--reason", default="", help="begrundelsen, der gemmes i auditloggen (skal udfyldes)")
    erase.add_argument("--site", help="kun dette sted (navn, 'Projekt – Sted' eller id)")
    erase.add_argument("--user", default=None)
    purge = commands.add_parser("purge", help="slet borgerdata for projekter, hvis opbevaringsperiode er udløbet "
                                              "(de offentliggjorte tal bevares), og auditlog og log ind-data ældre "
                                              "end AUDIT_RETENTION_DAYS")
    purge.add_argument("--dry-run", action="store_true", help="vis kun, hvad der ville blive slettet")
    purge.add_argument("--user", default=None)
    revision = commands.add_parser("revision", help="skriv en ny migration ud fra modellerne")
    revision.add_argument("-m", "--message", required=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    for name, value in vars(args).items():
        # A CPR number given on the command line would land in a version, the audit log or a file name.
        if any(looks_like_cpr(str(item)) for item in (value if isinstance(value, list) else [value])):
            print(f"Argumentet {name} ligner et CPR-nummer. Skriv aldrig CPR-numre; intet er gjort.", file=sys.stderr)
            return 2
    engine = make_engine()
    upgrade(engine)
    if args.command == "warm-figures":
        from cli.warm import warm_figures  # the pages' sections (plotly, every topic): only for this command
        from data_access.warm_up import warm_up_once

        try:
            warmed = warm_up_once(engine, lambda: warm_figures(engine.url.render_as_string(hide_password=False),
                                                                before_release=args.before_release),
                                  wait=args.before_release)
        except ValueError as misconfigured:  # a setting that is not a number: its Danish message, no traceback
            print(misconfigured, file=sys.stderr)
            return 2
        if warmed is None:
            print("En opvarmning kører allerede for denne database; den regner også denne ændring med.")
            return 0
        shown = ", ".join(warmed["views"]) or "ingen (programmet regnes direkte fra rækkerne)"
        print(f"Tal regnet på forhånd for: {shown}. {warmed['deleted']} gemte dele, som ingen visning kan nå, er "
              f"slettet. Tid: {str(warmed['seconds']).replace('.', ',')} s.")
        return 0
    if args.command == "migrate":
        print(f"Databasen er opdateret: {engine.url.render_as_string(hide_password=True)}")
    elif args.command == "demo":
        return _demo(engine, args)
    elif args.command == "export-template":
        args.path.write_bytes(template_bytes(engine))
        print(f"Skabelon skrevet: {args.path}")
    elif args.command == "export-data":
        args.path.write_bytes(export_bytes(engine))
        print(f"Data skrevet: {args.path}")
    elif args.command == "export-setup":
        args.path.write_bytes(setup_workbook_bytes(engine))
        print(f"Opsætningsregneark skrevet: {args.path}")
    elif args.command == "import-setup":
        return _import_setup(engine, args)
    elif args.command == "extract":
        args.path.write_bytes(analysis_extract(engine))
        print(f"Analyseudtræk skrevet: {args.path}")
    elif args.command == "import":
        if bool(args.path) == args.from_staging:
            parser.error("angiv enten en fil eller --from-staging")
        return _import(engine, args)
    elif args.command == "report":
        return _report(engine, args)
    elif args.command == "rollback":
        try:
            new_id = rollback_to(engine, args.version, args.user or getpass.getuser())
        except ImportRefused as refusal:
            print(refusal, file=sys.stderr)
            return 1
        print(f"Version {args.version} er gendannet som ny version {new_id}.")
    elif args.command == "create-bi-role":
        try:
            create_bi_role(engine, args.name,
                           env(BI_PASSWORD_VARIABLE) or getpass.getpass("BI-rollens adgangskode: "))
        except BiRoleRefused as refusal:
            print(refusal, file=sys.stderr)
            return 1
        audit_log.record(engine, getpass.getuser(), "bi_role_created", args.name)
        print(f"Rollen '{args.name}' kan nu kun læse BI-visningerne: {', '.join(BI_VIEWS)}.")
    elif args.command == "fetch-benchmarks":
        return _fetch_benchmarks(engine, args)
    elif args.command == "create-admin":
        try:
            account = create_user(engine, args.username, args.name or args.username, "admin",
                                  password=_password_from_environment(), actor="kommandolinje")
        except AccountError as refusal:
            print(refusal, file=sys.stderr)
            return 1
        print(f"Administratoren '{account.username}' er oprettet.")
    elif args.command == "reset-password":
        account = account_by_username(engine, args.username)
        if account is None:
            print(f"Brugeren '{args.username}' findes ikke.", file=sys.stderr)
            return 1
        try:
            set_password(engine, account.id, _password_from_environment(), actor="kommandolinje")
        except AccountError as refusal:
            print(refusal, file=sys.stderr)
            return 1
        print(f"Ny adgangskode sat for '{account.username}'; den skal skiftes ved næste login.")
    elif args.command == "unlock":
        unlock(engine, args.username, actor="kommandolinje")
        print(f"'{args.username.strip().casefold()}' er låst op.")
    elif args.command == "staging-sql":
        print(";\n\n".join(staging_table_sql()) + ";")
    elif args.command == "revision":
        new_revision(engine, args.message)
    elif args.command in ("record-of-processing", "access-request", "erase-person", "purge"):
        return _personal_data(engine, args)
    return 0


def _personal_data(engine, args) -> int:
    actor = getattr(args, "user", None) or getpass.getuser()
    site_id = resolve_site(engine, args.site) if getattr(args, "site", None) else None
    if args.command == "record-of-processing":
        args.out.write_bytes(record_workbook())
        print(f"Fortegnelsen er skrevet til {args.out}.")
    elif args.command == "access-request":
        args.out.write_bytes(access_request_workbook(engine, args.person_key, actor, site_id))
        print(f"Alt gemt under Borger-id {args.person_key} er skrevet til {args.out}; udleveringen står i "
              "auditloggen.")
    elif args.command == "erase-person":
        if not args.reason.strip():
            print("Skriv en begrundelse med --reason; den gemmes i auditloggen. Intet er slettet.", file=sys.stderr)
            return 2
        erased = erase_person(engine, args.person_key, args.reason, actor, site_id)
        print(f"Borger-id {args.person_key} er slettet fra alle versioner: {format_number(erased.total)} rækker ("
              + ", ".join(f"{title_of(table)} {format_number(count)}" for table, count in erased.rows.items()) + ").")
    else:
        due = projects_due(engine)
        verb = "Ville slette" if args.dry_run else "Slettet"
        if not due:
            print("Intet projekt har en udløbet opbevaringsperiode.")
        for project in due:
            print(f"{verb} borgerdata for " + "\n".join(describe_purge(project)))
            if not args.dry_run:
                purge_project(engine, project.project_id, actor)
        old = purge_old_records(engine, actor, dry_run=args.dry_run)
        print(f"Auditlog og log ind-data ældre end AUDIT_RETENTION_DAYS, {verb.lower()}: "
              + ", ".join(f"{title_of(table)} {format_number(count)}" for table, count in old.rows.items()) + ".")
    return 0


def _password_from_environment() -> str:
    return env(ADMIN_PASSWORD_VARIABLE) or getpass.getpass("Adgangskode: ")


def _demo(engine, args) -> int:
    started = time.perf_counter()
    try:
        written = write_demo(engine, scale=args.scale, seed=args.seed, replace=args.replace)
    except DemoRefused as refusal:
        if args.if_empty:
            print("Databasen har allerede data; demodata springes over.")
            return 0
        print(refusal, file=sys.stderr)
        return 2
    # Each part by its sheet's Danish name, as the template has it.
    sheet_names = {sheet.part: sheet.name for sheet in SHEETS}
    rows = ", ".join(f"{sheet_names.get(part, part)}: {count:,}".replace(",", ".") for part, count in written.items())
    print(f"Demodata skrevet på {time.perf_counter() - started:.1f} s ({rows}).")
    if engine.dialect.name == "postgresql":
        # The BI views (PostgreSQL's) show the published quarters' kept figures: the demo's quarters were
        # published as the simulation went, so they are kept now, as publishing keeps them (about 1 s each).
        started = time.perf_counter()
        publications, _ = keep_every_published_figure(engine)
        print(f"Tallene fra {publications} offentliggjorte kvartaler gemt til BI-visningerne på "
              f"{time.perf_counter() - started:.0f} s.")
    return 0


def _fetch_benchmarks(engine, args) -> int:
    try:
        section = tomllib.loads(args.secrets.read_text(encoding="utf-8")).get("jobindsats") \
            if args.secrets.is_file() else None
        settings = settings_from(section)
    except (tomllib.TOMLDecodeError, ValueError) as problem:
        print(f"{args.secrets.name}: {problem}", file=sys.stderr)
        return 2
    if settings is None:
        print(f"{args.secrets} har intet afsnit [jobindsats] med nøglen (token) fra jobindsats.dk.", file=sys.stderr)
        return 2
    fetched, problems = plan_fetch(engine, settings)
    for label, problem in problems:
        print(f"{label}: {problem}", file=sys.stderr)
    if not fetched:
        print("Ingen benchmark er hentet; intet er ændret.")
        return 1 if problems else 0
    for item in fetched:
        print(f"{item.label}: {format_percent(item.old_value)} -> {format_percent(item.new_value)} "
              f"({item.period}, {item.source}, hentet {item.fetched_at:%d-%m-%Y %H:%M})")
    if not args.yes and input("Gem de nye værdier? [j/N] ").strip().casefold() not in ("j", "ja"):
        print("Intet er gemt.")
        return 0
    print(f"{store_fetched(engine, fetched, getpass.getuser())} benchmark(s) gemt.")
    return 1 if problems else 0


def _report(engine, args) -> int:
    from report import report_files
    from report.content import build_report
    from report.images import ReportUnavailable

    publication_ids = None
    if args.quarter is None:
        published = publications(engine)
        if published.empty:
            print("Intet kvartal er offentliggjort endnu; angiv --quarter.", file=sys.stderr)
            return 1
        args.quarter = published["quarter"].max()
        shown = shown_publications(published, published["project_id"].unique(), args.quarter)
        publication_ids = tuple(sorted(shown.values()))
    frames = load_frames(engine, publication_ids=publication_ids)
    try:
        quarter = parse_quarter(args.quarter)
        first = parse_quarter(args.from_quarter) if args.from_quarter else None
        site_ids = [resolve_site(engine, site) for site in args.site] if args.site else None
    except (ImportRefused, ValueError) as refusal:
        print(refusal, file=sys.stderr)
        return 1
    purged = frames.sites.loc[frames.sites["project_id"].isin(purged_projects(engine)["project_id"]), "site_id"]
    if site_ids is None:  # a purged project's sites have no rows: the rest are reported on
        site_ids = [site for site in frames.sites["site_id"] if site not in set(purged)]
    elif refused := [site for site in site_ids if site in set(purged)]:
        print(f"Borgerdata for {len(refused)} af de valgte steder er slettet efter opbevaringsperioden; deres "
              "offentliggjorte tal ses i appen.", file=sys.stderr)
        return 1
    quarters = make_selection(frames, site_ids).frames_all_groups.quarters()
    if quarter not in quarters:
        known = f"{quarter_label(quarters[0])}–{quarter_label(quarters[-1])}" if quarters else "ingen"
        print(f"Der er ingen data for {quarter_label(quarter)}. Kvartaler med data: {known}.", file=sys.stderr)
        return 1
    selection = make_selection(frames, site_ids, args.target_group, (first or quarters[0], quarter), args.external)
    commentary = commentary_in_force(engine, list(selection.site_ids), quarter) if publication_ids is None else \
        commentary_as_published(engine, publication_ids, selection.site_ids, quarter)
    report = build_report(selection, commentary)
    try:
        template = stored_template(engine)
        files = report_files(report, formats=(args.format,), template=template.content if template else None)
    except ReportUnavailable as missing:
        print(missing, file=sys.stderr)
        return 1
    args.out.write_bytes(files[args.format])
    print(f"Rapport skrevet: {args.out} ({len(report.slides)} dias, {selection.description}).")
    return 0


def _import(engine, args) -> int:
    try:
        site_id = resolve_site(engine, args.site) if args.site else None
        quarter = parse_quarter(args.quarter) if args.quarter else None
    except (ImportRefused, ValueError) as refusal:
        print(refusal, file=sys.stderr)
        return 1
    user = args.user or getpass.getuser()
    if args.from_staging:
        parsed, digest = read_staging(engine)
        report = import_parsed(engine, parsed, source_name="staging-tabeller", sha256=digest, kind="staging",
                               created_by=user, site_id=site_id, quarter=quarter, commit=not args.dry_run)
    else:
        report = import_workbook(engine, args.path.read_bytes(), file_name=args.path.name, created_by=user,
                                 site_id=site_id, quarter=quarter, commit=not args.dry_run)
    _print_report(report)
    return 0 if report.ok else 1


def _import_setup(engine, args) -> int:
    try:
        parsed = read_workbook(args.path.read_bytes())
    except UnreadableWorkbook as refusal:
        print(refusal, file=sys.stderr)
        return 1
    report = import_setup(engine, parsed, args.user or getpass.getuser(), commit=not args.dry_run)
    for problem in report.problems:
        stream = sys.stderr if problem.severity == ERROR else sys.stdout
        print(f"{problem.severity.capitalize()}: {problem.text()}", file=stream)
    if not report.ok:
        print(f"Filen er afvist ({len(report.errors)} fejl). Intet er gemt.", file=sys.stderr)
        return 1
    for change in report.changes:
        print(change.text)
    done = "gemt" if report.stored else "ikke gemt (prøvekørsel)" if report.changes else "intet at gemme"
    print(f"{len(report.changes)} ændringer, {report.unchanged} rækker uændrede: {done}.")
    return 0


def _print_report(report: ImportReport) -> None:
    for problem in report.problems:
        stream = sys.stderr if problem.severity == ERROR else sys.stdout
        print(f"{problem.severity.capitalize()}: {problem.text()}", file=stream)
    if not report.ok:
        print(f"Filen er afvist ({len(report.errors)} fejl). Intet er gemt.", file=sys.stderr)
        return
    rows = ", ".join(f"{sheet}: {count}" for sheet, count in report.rows_per_sheet.items())
    for changes in report.person_changes:
        print(f"{changes.scope}: {len(changes.new)} nye, {len(changes.changed)} ændrede, "
              f"{len(changes.gone)} udgåede borgere.")
    if report.stored:
        print(f"Gemt som {versions_phrase(report.version_ids)} ({rows}).")
    else:
        print(f"Kontrolleret uden fejl; intet gemt (prøvekørsel). Rækker: {rows}.")
    if preview := report.preview:
        print(f"Nøgletal, {preview.compared_text} → med filen:")
        figures = key_figures_before_after(preview.before, preview.after, preview.quarter, preview.compared)
        for figure in figures.itertuples():
            print(f"  {figure.label}: {format_number(figure.before, figure.decimals)} → "
                  f"{format_number(figure.after, figure.decimals)}")


if __name__ == "__main__":
    sys.exit(main())
