"""A project set up from an empty installation with only its first quarter loaded, as a new user has it.

Goals due at the end of next year, one quarter of returns (2026 K3), job starts under twelve months old, småjobs
that started this quarter, one WHO-5 measurement per adult and staff whose families have no outcome yet: the
case where verdicts, forecasts and charts have the least to go on. A viewer account, ``laeser``, reads it.
"""

from datetime import date, timedelta

from data_access.accounts.users import create_user
from data_access.importer import import_workbook, template_bytes
from data_access.master_data import import_setup, setup_workbook_bytes
from data_access.workbook.reader import read_workbook
from metrics.quarters import quarter_start
from metrics.vocabulary import STANDARD_CATEGORIES
from tests.test_setup import filled

PROJECT = "Nyt projekt (test)"
SITE = "Nordby"
QUARTER = "2026Q3"
DEADLINE = date(2027, 12, 31)
CATEGORY_LABELS = {code: label for code, label, _, _ in STANDARD_CATEGORIES}


def set_up_new_project(engine, quarters: tuple[str, ...] = (QUARTER,)) -> None:
    """The project, its one site and two delmål with targets, through the setup workbook; then its returns (the
    first quarter only, unless told otherwise)."""
    now = "status ved kvartalets slutning"
    content = filled(setup_workbook_bytes(engine), {
        "Projekter": [{"Projekt": PROJECT, "Beskrivelse": "Nyt projekt (syntetiske testdata)"}],
        "Steder": [{"Projekt": PROJECT, "Sted": SITE, "Kommune": "Nordby"}],
        "Projektmål": [
            {"Projekt": PROJECT, "Tekst": "Borgere i ordinært job", "Kategorier": "ordinary_job",
             "Optælling": now, "Målværdi": 10, "Frist": DEADLINE, "Overblik": "Ja"},
            {"Projekt": PROJECT, "Tekst": "Borgere i småjob", "Kategorier": "small_job", "Optælling": now,
             "Målværdi": 12, "Frist": DEADLINE},
        ],
    })
    report = import_setup(engine, read_workbook(content), "projektleder", commit=True)
    assert report.stored, [problem.text() for problem in report.errors]
    for number, quarter in enumerate(quarters):
        import_quarter(engine, quarter, number)
    create_user(engine, "laeser", "Læser i testprojektet", "viewer", password="Kvartalets-tal-for-styregruppen")


def import_quarter(engine, quarter: str, number: int) -> None:
    """The ``number``th quarter's return (from 0): each quarter after the first, two more in an ordinary job."""
    started = date(2026, 7, 6)
    more = 2 * number
    categories = (["ordinary_job"] * (3 + more) + ["small_job"] * 6 + ["company_placement"] * 4
                  + ["in_progress"] * (12 - more))
    persons = [f"N{number:03d}" for number in range(len(categories))]
    families = [f"NF{number // 2:02d}" for number in range(len(categories))]
    people = [{"Borger-id": key, "Familie-id": family, "Målgruppe": "Voksne", "Ydelse": "Kontanthjælp",
               "Startdato": started} for key, family in zip(persons, families, strict=True)]
    # Every other småjob gains an hour a quarter.
    statuses = [{"Borger-id": key, "Kategori": CATEGORY_LABELS[category],
                 "Timer pr. uge": 10 + number * (index % 2) if category == "small_job" else None}
                for index, (key, category) in enumerate(zip(persons, categories, strict=True))]
    staff = [{"Medarbejder-id": "NM1", "Faggruppe": "Jobkonsulent", "Forvaltning": "Beskæftigelse"},
             {"Medarbejder-id": "NM2", "Faggruppe": "Familierådgiver", "Forvaltning": "Børn og familie"},
             {"Medarbejder-id": "NM3", "Faggruppe": "Psykolog", "Forvaltning": "Sundhed"},
             {"Medarbejder-id": "NM4", "Faggruppe": "Pædagog", "Forvaltning": "Kultur og fritid"}]
    # Four pairs of four professions share 13 families: no combination has the five families a chart needs.
    pairs = [("NM1", "NM2"), ("NM1", "NM3"), ("NM2", "NM4"), ("NM3", "NM4")]
    assignments = [{"Familie-id": family, "Medarbejder-id": staff_key, "Startdato": started}
                   for number, family in enumerate(sorted(set(families))) for staff_key in pairs[number % 4]]
    small_jobs = [{"Borger-id": key, "Jobtype": "Rengøring", "Virksomheds-id": f"NV{number}",
                   "Virksomhedsstørrelse": "1-9 ansatte", "Kontaktperson": "NM1", "Startdato": date(2026, 8, 3)}
                  for number, (key, category) in enumerate(zip(persons, categories, strict=True))
                  if category == "small_job"]
    wellbeing = [{"Borger-id": key, "Måleinstrument": "WHO-5", "Score": 40 + number,
                  "Måledato": quarter_start(quarter) + timedelta(days=14)} for number, key in enumerate(persons)]
    content = filled(template_bytes(engine), {
        "Familier": [{"Familie-id": family} for family in sorted(set(families))],
        "Borgere": people, "Status": statuses, "Medarbejdere": staff, "Tilknytninger": assignments,
        "Småjob": small_jobs, "Trivsel": wellbeing,
    })
    site_id = _site_id(engine)
    report = import_workbook(engine, content, file_name=f"nordby-{quarter}.xlsx", created_by="projektleder",
                             site_id=site_id, quarter=quarter, commit=True)
    assert report.stored, [problem.text() for problem in report.errors][:5]


def _site_id(engine) -> int:
    from sqlalchemy import select

    from data_access.models import Site

    with engine.connect() as connection:
        return connection.execute(select(Site.id).where(Site.name == SITE)).scalar_one()
