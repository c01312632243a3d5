"""The quarterly workbook: its sheets, columns and the lists behind every dropdown.

The template, the export, the validation, the staging feed, the Vejledning
sheet, and for a person's records also the stored table, the frames read back
and the evaluators' extract, are all built from ``SHEETS``, so they cannot drift
apart: a new sheet of person records is a declaration here, a model and a frame.
"""

from dataclasses import dataclass

from sqlalchemy import Connection, select

from data_access.models import (
    AftercareContact,
    FollowUp,
    JobType,
    OutcomeCategory,
    PersonExit,
    PersonGoal,
    PersonStatus,
    Profession,
    ProgressionInstrument,
    ProgressionMeasurement,
    Project,
    Site,
    SiteActivity,
    SmallJob,
    WellbeingMeasurement,
)
from metrics.activities import ACTIVITY_MEASURES
from metrics.progression import ProgressionScale
from metrics.vocabulary import (
    BENEFIT_TYPES,
    COMPANY_SIZES,
    GOAL_AREAS,
    GOAL_STATUSES,
    TARGET_GROUPS,
    site_label,
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
    # In the evaluators' extract: (the CSV column, what it means in the codebook); None: left out.
    extract: tuple[str, str] | None = None
    # A key that must be in another sheet of the same site and quarter, e.g. a contact person in Medarbejdere.
    refers_to: str | None = None


@dataclass(frozen=True)
class SheetSpec:
    name: str
    part: str  # the attribute of QuarterlyReturn the rows become
    description: str
    columns: tuple[Column, ...]
    must_have_rows: bool = False
    # Optional columns may be left out: files written before the column was added stay readable.
    optional_columns_may_be_missing: bool = False
    # Records stored in ``model`` and read back as the frame ``frame``: a person's (the sheet's third column is
    # Borger-id; the model's columns after id, version_id and person_id are the sheet's fields, a category as
    # category_id) or the site's for the quarter (one row; the model's columns after id and version_id).
    model: type | None = None
    frame: str | None = None
    # What a person may have only one of per quarter ("status"), named in the message; None: any number.
    one_per_person: str | None = None
    # A sheet added after the first template: a workbook without it is still whole.
    optional: bool = False
    # The extract's file and what one row is; ``extract_latest`` keeps each site's latest quarter only.
    extract_file: str | None = None
    extract_row: str | None = None
    extract_latest: bool = False

    def column(self, field: str) -> Column:
        return next(column for column in self.columns if column.field == field)

    @property
    def per_person(self) -> bool:
        return self.columns[2] is PERSON_KEY

    @property
    def fields(self) -> tuple[Column, ...]:
        """The record's own columns: after site and quarter, and the person where it is a person's."""
        return self.columns[3:] if self.per_person else self.columns[2:]


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


def _person_sheet(name: str, part: str, description: str, *columns: Column, **declared) -> SheetSpec:
    return SheetSpec(name, part, description, (SITE, QUARTER, PERSON_KEY, *columns), **declared)


# The extract's column for each activity (Danish, as its other columns).
ACTIVITY_EXTRACT_NAMES = {
    "individual_conversations": "samtaler", "group_sessions": "holdgange", "group_participants": "holddeltagere",
    "company_contacts": "virksomhedskontakter", "new_companies": "nye_virksomheder",
    "companies_with_citizens": "virksomheder_med_borgere", "job_centre_mentors": "jobcentermentorer",
    "company_mentors": "virksomhedsmentorer",
}
CATEGORY_EXTRACT = ("kategori", "Udfaldskategori (kategorier.csv); kategorigruppe: kategoriens gruppe")


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
    _person_sheet(
        "Status", "statuses", "Hver voksen og ung borgers status ved kvartalets udgang (én række pr. borger).",
        Column("Kategori", "category", "choice", True, "Udfaldskategori, som i listen.", choices="category",
               extract=CATEGORY_EXTRACT),
        Column("Timer pr. uge", "hours_per_week", "number", False,
               "Arbejdstimer pr. uge ved job, småjob, fleksjob, praktik og løntilskud (0-80).",
               minimum=0, maximum=80, extract=("timer_pr_uge", "Timer pr. uge, hvor det er relevant (fx småjob)")),
        must_have_rows=True, model=PersonStatus, frame="statuses", one_per_person="status",
        extract_file="status.csv", extract_row="En borgers status ved et kvartals udgang.",
    ),
    _person_sheet(
        "Delmål", "goals", "Delmål aftalt med borgerne og deres status ved kvartalets udgang.",
        Column("Område", "area", "choice", True, "Delmålets område.", choices="goal_area",
               extract=("omraade", "Delmålets område (se nedenfor)")),
        Column("Status", "status", "choice", True, "Sat, i gang, nået eller opgivet.", choices="goal_status",
               extract=("status", "Status (se nedenfor)")),
        Column("Sat dato", "set_on", "date", True, "Hvornår delmålet blev aftalt.",
               extract=("sat", "Dato, delmålet blev sat")),
        Column("Afsluttet dato", "closed_on", "date", False, "Hvornår delmålet blev nået eller opgivet.",
               extract=("afsluttet", "Dato, det blev nået eller opgivet (tom: ikke afsluttet)")),
        model=PersonGoal, frame="person_goals", extract_file="delmaal.csv", extract_latest=True,
        extract_row="Et delmål sat med en borger, som det står i stedets seneste indberetning.",
    ),
    _person_sheet(
        "Trivsel", "wellbeing", "Trivselsmålinger foretaget i kvartalet.",
        Column("Måleinstrument", "instrument", "choice", True, "WHO-5 (voksne og unge) eller skolefravær (børn).",
               choices="instrument", extract=("instrument", "Måleredskab (se nedenfor)")),
        Column("Score", "score", "number", True, "WHO-5: 0-100 (råscore x 4). Skolefravær: procent af skoledage.",
               minimum=0, maximum=100, extract=("score", "WHO-5: 0-100 (rå score x 4); skolefravær: % af skoledage")),
        Column("Måledato", "measured_on", "date", True, "Hvornår målingen blev foretaget.",
               extract=("maalt", "Måledato")),
        model=WellbeingMeasurement, frame="wellbeing", extract_file="trivsel.csv", extract_row="En trivselsmåling.",
    ),
    _person_sheet(
        "Afslutninger", "exits", "Borgere hvis forløb sluttede i kvartalet, og hvad de gik til.",
        Column("Kategori", "category", "choice", True, "Udfald ved afslutning, som i listen.", choices="category",
               extract=CATEGORY_EXTRACT),
        Column("Afslutningsdato", "exit_on", "date", True, "Dato for afslutning.",
               extract=("afsluttet", "Afslutningsdato")),
        model=PersonExit, frame="exits", one_per_person="afslutning", extract_file="afslutninger.csv",
        extract_row="Et afsluttet forløb.",
    ),
    _person_sheet(
        "Opfølgning", "follow_ups",
        "Status et antal måneder efter afslutning (typisk 3, 6 eller 12), registreret i kvartalet.",
        Column("Måneder efter afslutning", "months_after", "integer", True, "Typisk 3, 6 eller 12.",
               minimum=1, maximum=36, extract=("maaneder_efter", "Måneder efter afslutning")),
        Column("Kategori", "category", "choice", True, "Status ved opfølgningen, som i listen.", choices="category",
               extract=CATEGORY_EXTRACT),
        Column("Opfølgningsdato", "observed_on", "date", True, "Hvornår status blev registreret.",
               extract=("observeret", "Dato")),
        model=FollowUp, frame="follow_ups", extract_file="opfoelgning.csv",
        extract_row="En opfølgning et antal måneder efter afslutning.",
    ),
    _person_sheet(
        "Progression", "progression",
        "Progressionsmålinger foretaget i kvartalet: borgerens afstand til job på projektets eget måleredskab "
        "(arket 'Progressionsmål' i opsætningen). Et redskab med delområder har én række pr. delområde.",
        Column("Måleredskab", "instrument", "choice", True, "Projektets måleredskab, som i listen.",
               choices="progression_instrument", extract=("maaleredskab", "Måleredskabets kode (se nedenfor)")),
        Column("Delområde", "item", "choice", False,
               "Delområdet, hvis redskabet har delområder (fx BIP-indikatorerne); ellers tom.",
               choices="progression_item", extract=("delomraade", "Delområde (tom: samlet score)")),
        # The range is the instrument's own (checked against its definition).
        Column("Score", "score", "number", True, "Scoren på redskabets skala, fx 1-10.",
               extract=("score", "Score på redskabets skala (se nedenfor)")),
        Column("Måledato", "measured_on", "date", True, "Hvornår målingen blev foretaget.",
               extract=("maalt", "Måledato")),
        model=ProgressionMeasurement, frame="progression", optional=True, extract_file="progression.csv",
        extract_row="En progressionsmåling (ét delområde, hvor redskabet har delområder).",
    ),
    _person_sheet(
        "Efterværn", "aftercare",
        "Efterværn efter jobstart: antal kontakter med borgeren i kvartalet (samtaler, besøg, opkald).",
        Column("Kontakter", "contacts", "integer", True, "Antal kontakter i kvartalet (1-200).",
               minimum=1, maximum=200, extract=("kontakter", "Antal efterværnskontakter i kvartalet")),
        model=AftercareContact, frame="aftercare", one_per_person="række for efterværn", optional=True,
        extract_file="eftervaern.csv", extract_row="En borgers efterværn i et kvartal.",
    ),
    _person_sheet(
        "Småjob", "small_jobs",
        "Borgere i småjob ved kvartalets udgang: jobbet, virksomheden og den faste kontaktperson. Timerne står i "
        "arket Status (Timer pr. uge).",
        Column("Jobtype", "job_type", "choice", True, "Hvilken slags job, som i listen.", choices="job_type",
               extract=("jobtype", "Jobtype (se nedenfor)")),
        Column("Virksomheds-id", "company_key", "key", True,
               "Projektets eget id for virksomheden, fx V017 (samme id hvert kvartal). Ikke navn eller CVR-nummer.",
               extract=("virksomhed_id", "Ny pseudonym for virksomheden, kun gyldig i dette udtræk")),
        Column("Virksomhedsstørrelse", "company_size", "choice", True, "Antal ansatte i virksomheden.",
               choices="company_size", extract=("virksomhedsstoerrelse", "Antal ansatte (se nedenfor)")),
        Column("Kontaktperson", "contact_staff_key", "key", True,
               "Den faste kontaktperson: medarbejderens id, som i arket Medarbejdere, fx M03.",
               refers_to="Medarbejdere", extract=("kontaktperson_id", "Medarbejderens pseudonym (som i "
                                                                       "medarbejdere.csv)")),
        Column("Startdato", "start_date", "date", False, "Hvornår småjobbet begyndte.",
               extract=("startdato", "Småjobbets start (tom: ikke oplyst)")),
        model=SmallJob, frame="small_jobs", one_per_person="række for småjob", optional=True,
        extract_file="smaajob.csv", extract_row="En borgers småjob, som det står ved et kvartals udgang.",
    ),
    SheetSpec(
        "Aktiviteter", "activities",
        "Teamets eget arbejde i kvartalet: én række for stedet. Tom celle: ikke opgjort.",
        (SITE, QUARTER, *(Column(label, measure, "integer", False, meaning, minimum=0, maximum=100_000,
                                 extract=(ACTIVITY_EXTRACT_NAMES[measure], meaning))
                          for measure, (label, meaning) in ACTIVITY_MEASURES.items())),
        model=SiteActivity, frame="activities", optional=True, extract_file="aktiviteter.csv",
        extract_row="Et steds aktiviteter i et kvartal.",
    ),
)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
# The sheets whose rows are stored as they are declared (a person's records, a site's quarterly counts).
RECORD_SHEETS: tuple[SheetSpec, ...] = tuple(sheet for sheet in SHEETS if sheet.model is not None)
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
    Column("Slutdato", "end_date", "date", False,
           "Projektets slutdato (dd-mm-åååå). Borgernes data slettes, når opbevaringsperioden efter den er udløbet."),
    Column("Opbevaring (måneder)", "retention_months", "integer", False,
           "Måneder efter slutdatoen, data om borgerne gemmes (tom: installationens standard, 36 måneder).",
           minimum=0, maximum=240),
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
    Column("Jobstart", "is_job_start", "choice", False,
           "Ja, hvis status i kategorien er et job, der tæller i fastholdelse (fx ordinært job, småjob, fleksjob).",
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
JOB_TYPES = _master_sheet(
    "Jobtyper", "job_type", "Slags småjob i skabelonens rulleliste (arket Småjob), fx rengøring og lager.",
    Column("Kode", "code", "code", True, "Fast kode, små bogstaver og _, fx cleaning. Kan ikke ændres senere."),
    Column("Navn", "label", "text", True, "Som det skal stå i rullelisten, fx 'Rengøring'.", maximum=200),
    Column("Rækkefølge", "sort_order", "integer", False, "Placering i listen (tom: sidst).", minimum=0, maximum=9999),
    Column("Aktiv", "is_active", "choice", False, "Nej fjerner jobtypen fra nye skabeloner; data bevares.",
           choices="yes_no"),
)
PROGRESSION_INSTRUMENTS = _master_sheet(
    "Progressionsmål", "progression_instrument",
    "Måleredskaber for borgerens afstand til job, fx en skala 1-10 eller BIP-indikatorerne. Scorerne indberettes "
    "i kvartalsarket 'Progression'.",
    Column("Kode", "code", "code", True, "Fast kode, små bogstaver og _, fx afstand_1_10. Kan ikke ændres senere."),
    Column("Navn", "label", "text", True, "Som det skal stå i rullelisten, fx 'Afstand til job (1-10)'.",
           maximum=200),
    Column("Laveste score", "minimum", "number", True, "Skalaens laveste mulige score, fx 1.",
           minimum=-1000, maximum=1000),
    Column("Højeste score", "maximum", "number", True, "Skalaens højeste mulige score, fx 10.",
           minimum=-1000, maximum=1000),
    Column("Høj score er tættest på job", "higher_is_closer", "choice", True,
           "Ja, hvis en højere score betyder tættere på job; Nej, hvis lavere er tættere på.", choices="yes_no"),
    Column("Betydende ændring", "meaningful_change", "number", True,
           "Den mindste ændring, der tæller som et skridt, fx 2 point på en skala 1-10.", minimum=0, maximum=1000),
    Column("Delområder", "items", "text", False,
           "Delområder, der scores hver for sig, adskilt af komma (fx 'Helbred, Motivation'); tom: én samlet score.",
           maximum=1000),
    Column("Aktiv", "is_active", "choice", False, "Nej fjerner redskabet fra nye skabeloner; data bevares.",
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
           "Kategorier, der tæller (navn eller kode), adskilt af komma, fx Ordinært job, Ordinær uddannelse.",
           choices="category"),
    Column("Optælling", "rule_counting", "choice", False,
           "Status ved kvartalets slutning, eller nået på et tidspunkt siden projektets start (tom: status).",
           choices="counting"),
    Column("Målgrupper", "rule_target_groups", "choices", False,
           "Målgrupper, der tæller, adskilt af komma (tom: alle), fx Unge (15-29 år).", choices="target_group"),
    Column("Heraf (tekst)", "part_label", "text", False, "Teksten efter 'heraf', fx 'i fleksjob'.", maximum=200),
    Column("Heraf kategorier", "part_categories", "choices", False,
           "Kategorier for heraf-delen (navn eller kode), fx Fleksjob.", choices="category"),
    Column("Heraf målværdi", "part_target_value", "number", False,
           "Antal, heraf-delen skal nå inden samme frist (tom: intet måltal for heraf-delen).",
           minimum=0, maximum=1_000_000),
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
    Column("Jobindsats-tabel", "jobindsats_table", "text", False,
           "Tabellen på jobindsats.dk, værdien hentes fra, fx y30r21 (tom: værdien tastes).", maximum=40),
    Column("Jobindsats-mål", "jobindsats_measure", "text", False,
           "Målets navn, som tabellen skriver det, fx 'Andel i job (pct.)'.", maximum=300),
    Column("Jobindsats-område", "jobindsats_area", "text", False, "Området, fx 'Hele landet'.", maximum=100),
)
MASTER_SHEETS: tuple[SheetSpec, ...] = (PROJECTS, SITES, CATEGORIES, PROFESSION_SHEET, JOB_TYPES,
                                        PROGRESSION_INSTRUMENTS, TARGETS, BENCHMARKS)
MASTER_SHEETS_BY_NAME = {sheet.name: sheet for sheet in MASTER_SHEETS}
LISTS_SHEET = "Lister"

# Fixed lists: code -> the Danish text shown in the dropdown.
FIXED_CHOICES: dict[str, dict[str, str]] = {
    "target_group": TARGET_GROUPS,
    "benefit_type": BENEFIT_TYPES,
    "goal_area": GOAL_AREAS,
    "goal_status": GOAL_STATUSES,
    "instrument": {"who5": "WHO-5", "school_absence": "Skolefravær"},
    "company_size": COMPANY_SIZES,
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
    "progression_instrument": "Måleredskab (progression)",
    "progression_item": "Delområde (progression)",
    "job_type": "Jobtype",
    "company_size": "Virksomhedsstørrelse",
    "project": "Projekt",
    "category_group": "Kategorigruppe",
    "counting": "Optælling",
    "indicator": "Fast nøgletal",
    "benchmark": "Benchmark",
    "yes_no": "Ja/Nej",
}
SETUP_TITLE = "Opsætning af dashboardet: projekter, steder, kategorier, delmål og benchmarks"


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
    instruments = connection.execute(
        select(ProgressionInstrument.code, ProgressionInstrument.label, ProgressionInstrument.items)
        .where(ProgressionInstrument.is_active.is_(True)).order_by(ProgressionInstrument.id)
    ).all()
    items = {item: item for _, _, text in instruments for item in split_items(text)}
    job_types = connection.execute(
        select(JobType.code, JobType.label).where(JobType.is_active.is_(True)).order_by(JobType.sort_order)).all()
    return {
        **FIXED_CHOICES,
        "site": {site_id: site_label(project, site) for site_id, project, site in sites},
        "category": dict(categories),
        "profession": dict(professions),
        "progression_instrument": {code: label for code, label, _ in instruments},
        "progression_item": items,
        "job_type": dict(job_types),
    }


def load_progression_scales(connection: Connection) -> dict[str, ProgressionScale]:
    """Every progression instrument by code, with its range, direction, meaningful change and items."""
    return {row.code: ProgressionScale(row.code, row.label, row.minimum, row.maximum, row.higher_is_closer,
                                       row.meaningful_change, split_items(row.items))
            for row in connection.execute(select(ProgressionInstrument)).all()}


def split_items(text: str | None) -> tuple[str, ...]:
    """A progression instrument's items as stored ("Helbred, Motivation"); none: one overall score."""
    if not isinstance(text, str):  # None, or NaN from an empty cell in a frame
        return ()
    return tuple(dict.fromkeys(item.strip() for item in text.split(",") if item.strip()))
