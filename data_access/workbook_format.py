"""The quarterly workbook: its sheets, columns and the lists behind every dropdown.

The template, the export, the validation, the staging feed and the Vejledning
sheet are all built from ``SHEETS``, so they cannot drift apart.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, select

from data_access.models import OutcomeCategory, Project, Site
from data_access.vocabulary import (
    BENEFIT_TYPES,
    GOAL_AREAS,
    GOAL_STATUSES,
    PROFESSIONS,
    TARGET_GROUPS,
)


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str  # key, text, date, number, integer, choice, site, quarter
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
# Reference data a full export carries, so that it can rebuild an empty database.
REFERENCE_HEADERS = {
    "Projekter": ["Projekt", "Beskrivelse"],
    "Steder": ["Projekt", "Sted", "Kommune"],
    "Kategorier": ["Kode", "Navn", "Gruppe", "Rækkefølge", "Timer relevante", "Aktiv"],
    "Projektmål": ["Projekt", "Indikator", "Tekst", "Målværdi", "Frist", "Kategorier", "Optælling", "Målgrupper",
                   "Heraf (tekst)", "Heraf kategorier"],
    "Benchmarks": ["Indikator", "Tekst", "Værdi", "Periode", "Kilde"],
}
LISTS_SHEET = "Lister"

# Fixed lists: code -> the Danish text shown in the dropdown.
FIXED_CHOICES: dict[str, dict[str, str]] = {
    "target_group": TARGET_GROUPS,
    "benefit_type": BENEFIT_TYPES,
    "profession": PROFESSIONS,
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
}


SITE_SEPARATOR = " – "


def site_label(project_name: str, site_name: str) -> str:
    return f"{project_name}{SITE_SEPARATOR}{site_name}"


def load_choices(connection: Connection) -> dict[str, dict]:
    """Every dropdown list, code -> Danish text; sites and categories come from the database."""
    sites = connection.execute(
        select(Site.id, Project.name, Site.name).join(Project, Site.project_id == Project.id).order_by(Site.id)
    ).all()
    categories = connection.execute(
        select(OutcomeCategory.code, OutcomeCategory.label)
        .where(OutcomeCategory.is_active.is_(True)).order_by(OutcomeCategory.sort_order)
    ).all()
    return {
        **FIXED_CHOICES,
        "site": {site_id: site_label(project, site) for site_id, project, site in sites},
        "category": dict(categories),
    }
