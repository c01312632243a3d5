"""The quarterly workbook: its sheets, columns and the lists behind every dropdown.

The template, the export, the validation, the staging feed and the Vejledning
sheet are all built from ``SHEETS``, so they cannot drift apart.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, select

from data_access.models import OutcomeCategory, Profession, Project, Site
from data_access.vocabulary import (
    BENEFIT_TYPES,
    GOAL_AREAS,
    GOAL_STATUSES,
    TARGET_GROUPS,
)


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str  # key, text, code, date, number, integer, choice, choices, site, quarter
    required: bool
    help: str
    choices: str | None = None
    minimum: float | None = None
    maximum: float | None = None


@dataclass(frozen=True)
class SheetSpec:
    name: str
    part: str  # the attribute of QuarterlyReturn the rows become
    description: str
    columns: tuple[Column, ...]
    must_have_rows: bool = False
    # Optional columns may be left out: files written before the column was added stay readable.
    optional_columns_may_be_missing: bool = False

    def column(self, field: str) -> Column:
        return next(column for column in self.columns if column.field == field)


SITE = Column("Sted", "site", "site", True,
              "Projekt og sted, som i listen. Må stå tomt, når sted vælges ved upload.", choices="site")
QUARTER = Column("Kvartal", "quarter", "quarter", True,
                 "Indberetningens kvartal, fx 2024 K1. Må stå tomt, når kvartal vælges ved upload.")
PERSON_KEY = Column("Borger-id", "person_key", "key", True,
                    "Borgerens pseudonyme id, fx P0001. Aldrig CPR-nummer eller navn.")
FAMILY_KEY = Column("Familie-id", "family_key", "key", True, "Familiens pseudonyme id, fx F001.")
STAFF_KEY = Column("Medarbejder-id", "staff_key", "key", True, "Medarbejderens id i projektet, fx M01.")


def _sheet(name: str, part: str, description: str, *columns: Column, must_have_rows: bool = False) -> SheetSpec:
    return SheetSpec(name, part, description, (SITE, QUARTER, *columns), must_have_rows)


SHEETS: tuple[SheetSpec, ...] = (
    _sheet("Familier", "families", "Alle familier, der deltager eller har deltaget.", FAMILY_KEY),
    _sheet(
        "Borgere", "persons",
        "Alle borgere, der deltager eller har deltaget, med start- og eventuel slutdato.",
        PERSON_KEY,
        Column("Familie-id", "family_key", "key", False, "Familien borgeren hører til (tom for enlige uden familie)."),
        Column("Målgruppe", "target_group", "choice", True, "Voksne, unge (15-29 år) eller børn.",
               choices="target_group"),
        Column("Ydelse", "benefit_type", "choice", True, "Borgerens forsørgelsesydelse ved start.",
               choices="benefit_type"),
        Column("Startdato", "start_date", "date", True, "Dato for start i projektet (dd-mm-åååå)."),
        Column("Slutdato", "end_date", "date", False, "Dato for afslutning; tom hvis borgeren stadig deltager."),
        must_have_rows=True,
    ),
    _sheet(
        "Medarbejdere", "staff", "Projektets medarbejdere og den forvaltning, de er udlånt fra.",
        STAFF_KEY,
        Column("Faggruppe", "profession", "choice", True, "Medarbejderens faglighed.", choices="profession"),
        Column("Forvaltning", "department", "text", True, "Den forvaltning, medarbejderen kommer fra."),
    ),
    _sheet(
        "Tilknytninger", "assignments",
        "Hvilke medarbejdere der arbejder med hvilke familier (to pr. familie), med datoer.",
        FAMILY_KEY, STAFF_KEY,
        Column("Startdato", "start_date", "date", True, "Hvornår medarbejderen blev tilknyttet familien."),
        Column("Slutdato", "end_date", "date", False, "Hvornår tilknytningen sluttede; tom hvis den fortsætter."),
    ),
    _sheet(
        "Status", "statuses", "Hver voksen og ung borgers status ved kvartalets udgang (én række pr. borger).",
        PERSON_KEY,
        Column("Kategori", "category", "choice", True, "Udfaldskategori, som i listen.", choices="category"),
        Column("Timer pr. uge", "hours_per_week", "number", False,
               "Arbejdstimer pr. uge ved job, småjob, fleksjob, praktik og løntilskud (0-80).",
               minimum=0, maximum=80),
        must_have_rows=True,
    ),
    _sheet(
        "Delmål", "goals", "Delmål aftalt med borgerne og deres status ved kvartalets udgang.",
        PERSON_KEY,
        Column("Område", "area", "choice", True, "Delmålets område.", choices="goal_area"),
        Column("Status", "status", "choice", True, "Sat, i gang, nået eller opgivet.", choices="goal_status"),
        Column("Sat dato", "set_on", "date", True, "Hvornår delmålet blev aftalt."),
        Column("Afsluttet dato", "closed_on", "date", False, "Hvornår delmålet blev nået eller opgivet."),
    ),
    _sheet(
        "Trivsel", "wellbeing", "Trivselsmålinger foretaget i kvartalet.",
        PERSON_KEY,
        Column("Måleinstrument", "instrument", "choice", True, "WHO-5 (voksne og unge) eller skolefravær (børn).",
               choices="instrument"),
        Column("Score", "score", "number", True, "WHO-5: 0-100 (råscore x 4). Skolefravær: procent af skoledage.",
               minimum=0, maximum=100),
        Column("Måledato", "measured_on", "date", True, "Hvornår målingen blev foretaget."),
    ),
    _sheet(
        "Afslutninger", "exits", "Borgere hvis forløb sluttede i kvartalet, og hvad de gik til.",
        PERSON_KEY,
        Column("Kategori", "category", "choice", True, "Udfald ved afslutning, som i listen.", choices="category"),
        Column("Afslutningsdato", "exit_on", "date", True, "Dato for afslutning."),
    ),
    _sheet(
        "Opfølgning", "follow_ups", "Status et antal måneder efter afslutning (typisk 6), registreret i kvartalet.",
        PERSON_KEY,
        Column("Måneder efter afslutning", "months_after", "integer", True, "Typisk 6.", minimum=1, maximum=36),
        Column("Kategori", "category", "choice", True, "Status ved opfølgningen, som i listen.", choices="category"),
        Column("Opfølgningsdato", "observed_on", "date", True, "Hvornår status blev registreret."),
    ),
)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
INSTRUCTIONS_SHEET = "Vejledning"
# Master data (stamdata): the setup workbook's sheets, also carried by a full export so that it can rebuild
# an empty database. Checked and stored by ``data_access.master_data``.
YES_NO = {True: "Ja", False: "Nej"}


def _master_sheet(name: str, entity: str, description: str, *columns: Column) -> SheetSpec:
    return SheetSpec(name, entity, description, columns, optional_columns_may_be_missing=True)


PROJECTS = _master_sheet(
    "Projekter", "project", "Projekterne. Et projekt har ét eller flere steder og sine egne delmål.",
    Column("Projekt", "name", "text", True, "Projektets navn, som styregruppen kender det.", maximum=200),
    Column("Beskrivelse", "description", "text", False, "Kort beskrivelse af indsatsen.", maximum=2000),
)
SITES = _master_sheet(
    "Steder", "site", "Projektets steder (teams, boligområder, jobcentre). Indberetninger gælder ét sted.",
    Column("Projekt", "project", "choice", True, "Projektet, som det står i arket 'Projekter'.", choices="project"),
    Column("Sted", "name", "text", True, "Stedets navn, fx 'Gellerup'.", maximum=200),
    Column("Kommune", "municipality", "text", True, "Kommunen stedet ligger i.", maximum=100),
)
CATEGORIES = _master_sheet(
    "Kategorier", "category",
    "Udfaldskategorierne i skabelonens rullelister. Gruppen bestemmer farven i de stablede grafer; et delmål "
    "kan tælle enhver kombination af kategorier.",
    Column("Kode", "code", "code", True, "Fast kode, små bogstaver og _, fx flex_job. Kan ikke ændres senere."),
    Column("Navn", "label", "text", True, "Som det skal stå i rullelisten, fx 'Fleksjob'.", maximum=200),
    Column("Gruppe", "group_code", "choice", True, "Kategorigruppe i graferne.", choices="category_group"),
    Column("Rækkefølge", "sort_order", "integer", False, "Placering i lister og grafer (tom: sidst).",
           minimum=0, maximum=9999),
    Column("Timer relevante", "has_hours", "choice", False, "Ja, hvis timer pr. uge giver mening (fx småjob).",
           choices="yes_no"),
    Column("Aktiv", "is_active", "choice", False, "Nej fjerner kategorien fra nye skabeloner; data bevares.",
           choices="yes_no"),
)
PROFESSION_SHEET = _master_sheet(
    "Faggrupper", "profession", "Medarbejdernes fagligheder i skabelonens rulleliste og i graferne over makkerpar.",
    Column("Kode", "code", "code", True, "Fast kode, små bogstaver og _, fx job_consultant. Kan ikke ændres senere."),
    Column("Navn", "label", "text", True, "Som det skal stå i rullelisten, fx 'Jobkonsulent'.", maximum=200),
    Column("Rækkefølge", "sort_order", "integer", False, "Placering i listen (tom: sidst).", minimum=0, maximum=9999),
    Column("Aktiv", "is_active", "choice", False, "Nej fjerner faggruppen fra nye skabeloner; data bevares.",
           choices="yes_no"),
)
TARGETS = _master_sheet(
    "Projektmål", "target",
    "Projektets delmål med projektets egne ord og optælling. Et delmål tæller enten kategorier eller et fast "
    "nøgletal (Indikator).",
    Column("Projekt", "project", "choice", True, "Projektet, som det står i arket 'Projekter'.", choices="project"),
    Column("Tekst", "label", "text", True, "Delmålet med projektets egne ord, fx 'Borgere i ordinært arbejde "
                                           "eller uddannelse'.", maximum=300),
    Column("Kategorier", "rule_categories", "choices", False,
           "Kategorikoder, der tæller, adskilt af komma, fx ordinary_job, ordinary_education.", choices="category"),
    Column("Optælling", "rule_counting", "choice", False,
           "Status ved kvartalets slutning, eller nået på et tidspunkt siden projektets start (tom: status).",
           choices="counting"),
    Column("Målgrupper", "rule_target_groups", "choices", False,
           "Målgrupper, der tæller, adskilt af komma (tom: alle), fx Unge (15-29 år).", choices="target_group"),
    Column("Heraf (tekst)", "part_label", "text", False, "Teksten efter 'heraf', fx 'i fleksjob'.", maximum=200),
    Column("Heraf kategorier", "part_categories", "choices", False,
           "Kategorikoder for heraf-delen, fx flex_job.", choices="category"),
    Column("Målværdi", "target_value", "number", False, "Antal, der skal nås (tom: intet måltal).",
           minimum=0, maximum=1_000_000),
    Column("Frist", "deadline", "date", False, "Dato målet skal være nået (dd-mm-åååå; tom: ingen frist)."),
    Column("Overblik", "is_headline", "choice", False, "Ja: vises som hovedtal på Overblik.", choices="yes_no"),
    Column("Indikator", "indicator_key", "choice", False,
           "I stedet for kategorier: et fast nøgletal, fx Aktive familier.", choices="indicator"),
)
BENCHMARKS = _master_sheet(
    "Benchmarks", "benchmark", "Landstal og andre sammenligningstal; de vises som streger på graferne.",
    Column("Indikator", "indicator_key", "choice", True, "Hvad tallet sammenlignes med.", choices="benchmark"),
    Column("Tekst", "label", "text", True, "Fx 'Andel i job eller uddannelse 6 måneder efter, hele landet'.",
           maximum=200),
    Column("Værdi", "value", "number", True, "Andel mellem 0 og 1, fx 0,35 for 35 %.", minimum=0, maximum=1),
    Column("Periode", "period", "text", True, "Fx 2025.", maximum=20),
    Column("Kilde", "source", "text", True, "Fx jobindsats.dk.", maximum=200),
)
MASTER_SHEETS: tuple[SheetSpec, ...] = (PROJECTS, SITES, CATEGORIES, PROFESSION_SHEET, TARGETS, BENCHMARKS)
MASTER_SHEETS_BY_NAME = {sheet.name: sheet for sheet in MASTER_SHEETS}
LISTS_SHEET = "Lister"

# Fixed lists: code -> the Danish text shown in the dropdown.
FIXED_CHOICES: dict[str, dict[str, str]] = {
    "target_group": TARGET_GROUPS,
    "benefit_type": BENEFIT_TYPES,
    "goal_area": GOAL_AREAS,
    "goal_status": GOAL_STATUSES,
    "instrument": {"who5": "WHO-5", "school_absence": "Skolefravær"},
}

CHOICE_TITLES = {
    "site": "Sted",
    "target_group": "Målgruppe",
    "benefit_type": "Ydelse",
    "profession": "Faggruppe",
    "category": "Kategori",
    "goal_area": "Område",
    "goal_status": "Status (delmål)",
    "instrument": "Måleinstrument",
    "project": "Projekt",
    "category_group": "Kategorigruppe",
    "counting": "Optælling",
    "indicator": "Fast nøgletal",
    "benchmark": "Benchmark",
    "yes_no": "Ja/Nej",
}
SETUP_TITLE = "Opsætning af dashboardet: projekter, steder, kategorier, delmål og benchmarks"


SITE_SEPARATOR = " – "


def site_label(project_name: str, site_name: str) -> str:
    return f"{project_name}{SITE_SEPARATOR}{site_name}"


def load_choices(connection: Connection) -> dict[str, dict]:
    """Every dropdown list, code -> Danish text; sites, categories and professions come from the database."""
    sites = connection.execute(
        select(Site.id, Project.name, Site.name).join(Project, Site.project_id == Project.id).order_by(Site.id)
    ).all()
    categories = connection.execute(
        select(OutcomeCategory.code, OutcomeCategory.label)
        .where(OutcomeCategory.is_active.is_(True)).order_by(OutcomeCategory.sort_order)
    ).all()
    professions = connection.execute(
        select(Profession.code, Profession.label).where(Profession.is_active.is_(True)).order_by(Profession.sort_order)
    ).all()
    return {
        **FIXED_CHOICES,
        "site": {site_id: site_label(project, site) for site_id, project, site in sites},
        "category": dict(categories),
        "profession": dict(professions),
    }
