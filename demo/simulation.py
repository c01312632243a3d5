"""Realistic, synthetic demo data, the same for the same seed.

The municipal scale is modelled on "Opgang til Opgang" in Gellerup: 62
families, about 290 persons, 10 staff from five departments working two by two
in 37 distinct pairs, 12 quarters; plus a smaller outreach team (fremskudt
jobcenterteam) so that filtering by site is real. The national scale has 98
municipalities with about 100,000 persons over 20 quarters, for benchmarks.

Each quarter of each site becomes one import version, as if the project leader
had uploaded a quarterly return: the roster of everybody who has taken part so
far, the quarter's statuses, measurements, exits and follow-ups. Nothing here
is about real people.
"""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import combinations

from sqlalchemy import Engine, delete, insert, select

from data_access.accounts.users import DEMO_PASSWORD, insert_user, is_demo_database, mark_demo_database
from data_access.models import (
    Base,
    Benchmark,
    ImportLock,
    JobType,
    OutcomeCategory,
    Profession,
    ProgressionInstrument,
    Project,
    ProjectTarget,
    Site,
)
from data_access.publication import publish_in
from data_access.queries import is_empty
from data_access.returns import VersionMeta, take_import_lock, write_returns
from data_access.workbook.quarterly_return import QuarterlyReturn
from metrics.goal_rules import EVER, NOW
from metrics.quarters import quarter_end, quarter_of, quarter_range, quarter_start
from metrics.vocabulary import (
    JOB_STARTS,
    STANDARD_CATEGORIES,
    STANDARD_JOB_TYPES,
    STANDARD_PROFESSIONS,
)

GROUP_OF = {code: group for code, _, group, _ in STANDARD_CATEGORIES}

# Quarterly transitions between statuses; what is left over is "stay".
ADULT_TRANSITIONS: dict[str, list[tuple[str, float]]] = {
    "in_progress": [
        ("company_placement", 0.06), ("small_job", 0.035), ("rehab_clarified", 0.025),
        ("wage_subsidy", 0.015), ("ordinary_job", 0.007), ("ordinary_education", 0.006),
        ("revalidering", 0.004),
    ],
    "company_placement": [
        ("small_job", 0.14), ("wage_subsidy", 0.08), ("ordinary_job", 0.03), ("in_progress", 0.2),
    ],
    "small_job": [("ordinary_job", 0.03), ("in_progress", 0.06)],
    "wage_subsidy": [("ordinary_job", 0.15), ("in_progress", 0.10)],
    "rehab_clarified": [("flex_job", 0.35), ("disability_pension", 0.10)],
    "ordinary_job": [("small_job", 0.03), ("in_progress", 0.02)],
    "ordinary_education": [("ordinary_job", 0.05), ("in_progress", 0.04)],
    "revalidering": [("ordinary_job", 0.10), ("in_progress", 0.04)],
}
YOUNG_TRANSITIONS: dict[str, list[tuple[str, float]]] = {
    "in_progress": [
        ("youth_education_started", 0.07), ("leisure_job", 0.05), ("company_placement", 0.03),
        ("small_job", 0.03), ("ordinary_education", 0.01), ("stu", 0.01),
    ],
    "leisure_job": [("youth_education_started", 0.08), ("small_job", 0.05), ("in_progress", 0.08)],
    "youth_education_started": [("youth_education_completed", 0.10), ("in_progress", 0.06)],
    "youth_education_completed": [("ordinary_job", 0.10), ("ordinary_education", 0.10)],
    "company_placement": [("small_job", 0.15), ("youth_education_started", 0.08), ("in_progress", 0.15)],
    "small_job": [("ordinary_job", 0.05), ("youth_education_started", 0.04), ("in_progress", 0.05)],
    "ordinary_job": [("in_progress", 0.03)],
    "ordinary_education": [("ordinary_job", 0.05), ("in_progress", 0.04)],
    "stu": [("in_progress", 0.02)],
}
# Statuses from which a course may end as completed, and how often per quarter.
COMPLETING_STATUSES = {
    "ordinary_job", "flex_job", "disability_pension", "ordinary_education",
    "youth_education_completed", "revalidering", "stu",
}
COMPLETION_RATE = 0.12
OTHER_EXIT_RATE = 0.008
OTHER_EXITS = [("moved", 0.45), ("dropped_out", 0.25), ("lost_benefit", 0.2), ("prison", 0.07), ("died", 0.03)]
FOLLOW_UP_MONTHS = 6
FOLLOW_UP_KEEPS_OUTCOME = 0.65
# A course that ends in a job is followed up 3 and 12 months on too (retention); the 6 months stay as before.
JOB_FOLLOW_UP_MONTHS = (3, 12)
JOB_KEPT_PER_QUARTER = 0.93

# Småjobs as in Vejle: mostly cleaning, service and warehouse, in small and medium companies.
SMALL_JOB_TYPES = [("cleaning", 0.35), ("service", 0.25), ("warehouse", 0.2), ("kitchen", 0.1), ("retail", 0.05),
                   ("other", 0.05)]
COMPANY_SIZE_WEIGHTS = [("micro", 0.4), ("small", 0.35), ("medium", 0.18), ("large", 0.07)]
COMPANIES_PER_SITE = 30
# Professions that follow a citizen in a småjob as the fixed contact person.
CONTACT_PROFESSIONS = ("job_consultant", "business_consultant")

# The outreach team's progression instrument: distance to job on a 1-10 scale, scored every half year.
DISTANCE_SCALE = ("afstand_1_10", "Afstand til job (1-10)", 1.0, 10.0, True, 2.0, None)

HOURS_RANGE = {
    "small_job": (5, 12), "flex_job": (10, 25), "leisure_job": (4, 10),
    "company_placement": (10, 25), "wage_subsidy": (20, 37),
}
SMALL_JOB_MAX_HOURS = 25

ADULT_BENEFITS = [
    ("kontanthjaelp", 0.5), ("integrationsydelse", 0.15), ("ressourceforloeb", 0.15),
    ("sygedagpenge", 0.1), ("ledighedsydelse", 0.05), ("none", 0.05),
]
YOUNG_BENEFITS = [("uddannelseshjaelp", 0.7), ("kontanthjaelp", 0.2), ("none", 0.1)]
GOAL_AREAS = [
    ("job", 0.3), ("education", 0.15), ("health", 0.15), ("economy", 0.1), ("family", 0.1),
    ("leisure", 0.08), ("language", 0.07), ("housing", 0.05),
]
GOAL_ACHIEVED_RATE = 0.10
GOAL_ABANDONED_RATE = 0.025
NEW_GOAL_RATE = 0.08

OPGANG_STAFF = [
    ("job_consultant", "Beskæftigelse (Jobcenter)"),
    ("job_consultant", "Beskæftigelse (Jobcenter)"),
    ("job_consultant", "Beskæftigelse (Jobcenter)"),
    ("family_counsellor", "Børn og Unge"),
    ("family_counsellor", "Børn og Unge"),
    ("social_worker", "Sociale Forhold (socialpsykiatri og udsatte voksne)"),
    ("leisure_consultant", "Kultur og Borgerservice"),
    ("health_consultant", "Sundhed og Omsorg"),
    ("pedagogue", "Børn og Unge"),
    ("psychologist", "Børn og Unge (PPR)"),
]
OUTREACH_STAFF = [
    ("job_consultant", "Beskæftigelse (Jobcenter)"),
    ("job_consultant", "Beskæftigelse (Jobcenter)"),
    ("business_consultant", "Beskæftigelse (Virksomhedsservice)"),
    ("social_worker", "Sociale Forhold (udsatte voksne)"),
    ("education_consultant", "Børn og Unge (Ungeindsats)"),
]
NATIONAL_STAFF = OPGANG_STAFF + [
    ("business_consultant", "Beskæftigelse (Virksomhedsservice)"),
    ("education_consultant", "Børn og Unge (Ungeindsats)"),
]


@dataclass(frozen=True)
class Household:
    """How many adults, young people and children a family has: (values, weights)."""

    adults: tuple[tuple[int, ...], tuple[float, ...]]
    young: tuple[tuple[int, ...], tuple[float, ...]]
    children: tuple[tuple[int, ...], tuple[float, ...]]


WHOLE_FAMILIES = Household(
    adults=((1, 2), (0.35, 0.65)),
    young=((0, 1, 2), (0.45, 0.35, 0.2)),
    children=((0, 1, 2, 3, 4, 5), (0.1, 0.2, 0.25, 0.25, 0.12, 0.08)),
)
OUTREACH_HOUSEHOLDS = Household(
    adults=((1, 2), (0.7, 0.3)),
    young=((0, 1), (0.7, 0.3)),
    children=((0,), (1.0,)),
)


@dataclass(frozen=True)
class SiteSpec:
    project: str
    name: str
    municipality: str
    families: int
    staff: list[tuple[str, str]]
    distinct_pairs: int
    household: Household
    measures_progression: bool = False
    gives_aftercare: bool = False


@dataclass(frozen=True)
class DemoRule:
    """A demo project's own counting rule for a delmål (see metrics.goal_rules)."""

    categories: set[str]
    counting: str
    target_groups: set[str] = field(default_factory=set)
    part_label: str | None = None
    part_categories: set[str] = field(default_factory=set)
    part_target: float | None = None  # the "heraf" part's own target value
    headline: bool = False  # shown as a key figure on Overblik


@dataclass(frozen=True)
class Scale:
    quarters: list[str]
    projects: dict[str, str]
    sites: list[SiteSpec]
    # (project, a fixed indicator's key or the project's own rule, wording, target value, deadline)
    targets: list[tuple[str, str | DemoRule, str, float, date]] = field(default_factory=list)
    # Each quarter published for the steering group a month after it ended (the municipal case's meetings).
    published: bool = False
    progression_instruments: list[tuple] = field(default_factory=list)


def municipal_scale() -> Scale:
    return Scale(
        quarters=quarter_range("2023Q4", "2026Q3"),
        projects={
            "Opgang til Opgang": "Helhedsorienteret beskæftigelsesindsats for familier i Gellerup, "
            "med medarbejdere udlånt fra fem forvaltninger.",
            "Fremskudt beskæftigelsesindsats": "Jobcentermedarbejdere placeret i boligområdet.",
        },
        sites=[
            SiteSpec("Opgang til Opgang", "Gellerup", "Aarhus", 62, OPGANG_STAFF, 37, WHOLE_FAMILIES,
                     gives_aftercare=True),
            SiteSpec(
                "Fremskudt beskæftigelsesindsats", "Fremskudt jobcenterteam", "Roskilde",
                28, OUTREACH_STAFF, 10, OUTREACH_HOUSEHOLDS, measures_progression=True,
            ),
        ],
        # Opgang til Opgang's delmål in its own words (its reports count these figures), as counting rules.
        targets=[
            ("Opgang til Opgang", DemoRule({"ordinary_job", "ordinary_education"}, NOW, headline=True),
             "Borgere i ordinært arbejde eller uddannelse", 25, date(2026, 12, 31)),
            ("Opgang til Opgang", DemoRule({"small_job"}, NOW), "Borgere i deltidsjob eller småjob", 30,
             date(2026, 12, 31)),
            ("Opgang til Opgang", DemoRule({"rehab_clarified", "flex_job", "disability_pension"}, EVER,
                                           part_label="i fleksjob", part_categories={"flex_job"}, headline=True),
             "Borgere afklaret i rehabiliteringsteamet", 15, date(2026, 12, 31)),
            ("Opgang til Opgang", DemoRule({"company_placement"}, NOW), "Borgere i virksomhedspraktik", 12,
             date(2026, 6, 30)),
            ("Opgang til Opgang", DemoRule({"leisure_job"}, NOW), "Unge i fritidsjob", 10, date(2026, 12, 31)),
            ("Opgang til Opgang", DemoRule({"youth_education_started", "youth_education_completed"}, EVER,
                                           part_label="gennemført", part_categories={"youth_education_completed"},
                                           part_target=10),
             "Unge, der er startet på en ungdomsuddannelse", 25, date(2026, 12, 31)),
            ("Opgang til Opgang", "active_families", "60 familier i forløb", 60, date(2024, 12, 31)),
            ("Fremskudt beskæftigelsesindsats", "in_job_or_education", "15 borgere i job eller uddannelse",
             15, date(2026, 12, 31)),
            ("Fremskudt beskæftigelsesindsats", "progression_closer", "Borgere rykket tættere på job",
             30, date(2026, 12, 31)),
            ("Opgang til Opgang", "retained_6_months", "Borgere i job 6 måneder efter jobstart",
             50, date(2026, 12, 31)),
        ],
        published=True,
        progression_instruments=[DISTANCE_SCALE],
    )


def national_scale() -> Scale:
    project = "Landsdækkende beskæftigelsesprogram"
    return Scale(
        quarters=quarter_range("2021Q4", "2026Q3"),
        projects={project: "Programmet i alle 98 kommuner (syntetiske data til belastningstest)."},
        sites=[
            SiteSpec(project, f"Kommune {number:02d}", f"Kommune {number:02d}", 217, NATIONAL_STAFF, 40,
                     WHOLE_FAMILIES)
            for number in range(1, 99)
        ],
        targets=[
            (project, "in_job_or_education", "15.000 borgere i job eller uddannelse", 15000,
             date(2026, 12, 31)),
            (project, "in_company_based", "5.000 borgere i virksomhedsrettet tilbud", 5000,
             date(2026, 12, 31)),
        ],
    )


SCALES = {"municipal": municipal_scale, "national": national_scale}
BENCHMARKS = [
    ("job_or_education_6m", "Andel i job eller uddannelse 6 måneder efter afslutning, hele landet",
     0.35, "2025", "jobindsats.dk (syntetisk demoværdi)"),
]


# Demo accounts, one per role. The password is public: for demo data only.
DEMO_ACCOUNTS = [
    ("admin", "Demo-administrator", "admin"),
    ("projektleder", "Demo-projektleder", "uploader"),
    ("styregruppe", "Demo-forvaltningschef", "viewer"),
]


class DemoRefused(Exception):
    """The database already holds data and ``replace`` was not asked for."""


# --- Simulation of one site -------------------------------------------------


@dataclass
class SimPerson:
    key: str
    family_key: str
    target_group: str
    benefit_type: str
    start_index: int
    start_date: date
    exit_index: int | None = None
    exit_date: date | None = None
    exit_category: str | None = None
    statuses: dict[int, tuple[str, float | None]] = field(default_factory=dict)
    measurements: list[tuple[int, str, float, date]] = field(default_factory=list)
    goals: list[dict] = field(default_factory=list)
    follow_up: tuple[int, str, date] | None = None
    # (quarter index, months after the exit, category, observed on)
    job_follow_ups: list[tuple[int, int, str, date]] = field(default_factory=list)
    progression: list[tuple[int, float, date]] = field(default_factory=list)
    aftercare: dict[int, int] = field(default_factory=dict)
    # quarter index -> (job type, company key, company size, contact person, start date)
    small_jobs: dict[int, tuple] = field(default_factory=dict)


@dataclass
class SimSite:
    quarters: list[str]
    families: list[tuple[str, int]]
    persons: list[SimPerson]
    staff: list[tuple[str, str, str]]
    assignments: list[tuple[str, str, date, date | None]]
    # quarter index -> the team's counts (as the sheet Aktiviteter has them)
    activities: dict[int, tuple] = field(default_factory=dict)


def _pick(rng: random.Random, weighted: list[tuple[str, float]] | tuple) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _day_in(rng: random.Random, quarter: str) -> date:
    return quarter_start(quarter) + timedelta(days=rng.randint(0, 85))


def _transition(rng: random.Random, table: dict, state: str) -> str:
    draw = rng.random()
    for next_state, probability in table.get(state, []):
        if draw < probability:
            return next_state
        draw -= probability
    return state


def simulate_site(spec: SiteSpec, quarters: list[str], rng: random.Random) -> SimSite:
    # Enrolment is front-loaded, as in a project that recruits in its first year.
    enrol_weights = [0.72**index for index in range(max(1, len(quarters) * 2 // 3))]
    families: list[tuple[str, int]] = []
    persons: list[SimPerson] = []
    for number in range(1, spec.families + 1):
        family_key = f"F{number:03d}"
        start_index = rng.choices(range(len(enrol_weights)), enrol_weights)[0]
        families.append((family_key, start_index))
        start_day = _day_in(rng, quarters[start_index])
        household = spec.household
        members = (
            ["adult"] * rng.choices(*household.adults)[0]
            + ["young"] * rng.choices(*household.young)[0]
            + ["child"] * rng.choices(*household.children)[0]
        )
        for target_group in members:
            benefit = {"adult": ADULT_BENEFITS, "young": YOUNG_BENEFITS}.get(target_group)
            persons.append(SimPerson(
                key=f"P{len(persons) + 1:05d}",
                family_key=family_key,
                target_group=target_group,
                benefit_type=_pick(rng, benefit) if benefit else "none",
                start_index=start_index,
                start_date=start_day,
            ))
    by_family: dict[str, list[SimPerson]] = {}
    for person in persons:
        by_family.setdefault(person.family_key, []).append(person)
    for person in persons:
        if person.target_group != "child":
            _simulate_course(person, by_family[person.family_key], quarters, rng)
    for person in persons:
        if person.target_group == "child":
            _simulate_school_absence(person, quarters, rng)
    staff = [
        (f"M{number:02d}", profession, department)
        for number, (profession, department) in enumerate(spec.staff, start=1)
    ]
    assignments = _assign_pairs(spec, families, staff, quarters, rng)
    # Drawn from a stream of their own, so that adding them left every other figure of the demo as it was.
    extra = random.Random(f"{rng.random()}-follow-up")
    for person in persons:
        if person.target_group != "child":
            _follow_up_job(person, quarters, extra)
            if spec.measures_progression:
                _simulate_progression(person, quarters, extra)
            if spec.gives_aftercare:
                _simulate_aftercare(person, quarters, extra)
    companies = [(f"V{number:03d}", _pick(extra, COMPANY_SIZE_WEIGHTS)) for number in range(1, COMPANIES_PER_SITE + 1)]
    contacts = [key for key, profession, _ in staff if profession in CONTACT_PROFESSIONS]
    for person in persons:
        _simulate_small_job_details(person, quarters, companies, contacts, extra)
    site = SimSite(quarters, families, persons, staff, assignments)
    site.activities = _simulate_activities(persons, quarters, extra)
    return site


def _simulate_small_job_details(person: SimPerson, quarters: list[str], companies: list[tuple[str, str]],
                                contacts: list[str], rng: random.Random) -> None:
    """Each spell in a småjob: one job type, one company and one fixed contact person for as long as it lasts."""
    spell = None
    for index in sorted(person.statuses):
        if person.statuses[index][0] != "small_job":
            spell = None
            continue
        if spell is None:
            company, size = rng.choice(companies)
            spell = (_pick(rng, SMALL_JOB_TYPES), company, size, rng.choice(contacts), _day_in(rng, quarters[index]))
        person.small_jobs[index] = spell


def _simulate_activities(persons: list[SimPerson], quarters: list[str], rng: random.Random) -> dict[int, tuple]:
    """The team's counts each quarter, following how many take part and how many are in company-based activity."""
    activities = {}
    for index in range(len(quarters)):
        taking_part = [person for person in persons if person.target_group != "child"
                       and person.start_index <= index and (person.exit_index is None or person.exit_index >= index)]
        at_companies = [person for person in taking_part if person.statuses.get(index, ("",))[0]
                        in ("small_job", "company_placement", "wage_subsidy")]
        companies = len({person.small_jobs[index][1] for person in taking_part if index in person.small_jobs})
        sessions = rng.randint(8, 14) if index else rng.randint(2, 5)
        activities[index] = (
            round(len(taking_part) * rng.uniform(1.8, 2.6)), sessions,
            min(len(taking_part), round(len(taking_part) * rng.uniform(0.25, 0.4))),
            round(len(at_companies) * rng.uniform(1.2, 2.0)) + rng.randint(4, 10), rng.randint(1, 6),
            companies + round(len(at_companies) * 0.4), round(len(taking_part) * rng.uniform(0.06, 0.1)),
            round(len(at_companies) * rng.uniform(0.2, 0.35)),
        )
    return activities


def _follow_up_job(person: SimPerson, quarters: list[str], rng: random.Random) -> None:
    """A course that ended in a job: is the person still in a job 3 and 12 months on?"""
    if person.exit_category not in JOB_STARTS:
        return
    for months in JOB_FOLLOW_UP_MONTHS:
        observed = person.exit_date + timedelta(days=round(months * 30.4))
        if quarter_of(observed) not in quarters:
            continue
        kept = rng.random() < JOB_KEPT_PER_QUARTER ** (months / 3)
        person.job_follow_ups.append((quarters.index(quarter_of(observed)), months,
                                      person.exit_category if kept else "in_progress", observed))


def _simulate_progression(person: SimPerson, quarters: list[str], rng: random.Random) -> None:
    """Distance to job (1-10, higher is closer) at the start and about every half year while in the project:
    slowly closer for most, faster in a job, education or company-based activity."""
    score = min(9.0, max(1.0, rng.gauss(3.4, 1.4)))
    last = max(person.statuses) if person.statuses else person.start_index
    for index in range(person.start_index, last + 1):
        state = person.statuses.get(index, ("in_progress", None))[0]
        # Most move slowly closer, faster in an activity; a setback (illness, a crisis at home) now and then.
        setback = -2.0 if rng.random() < 0.06 else 0.0
        score = min(10.0, max(1.0, score + rng.gauss(0.15, 0.9) + setback
                              + (0.4 if GROUP_OF[state] != "in_progress" else 0)))
        if (index - person.start_index) % 2 == 0 and rng.random() < 0.9:
            person.progression.append((index, float(round(score)), _day_in(rng, quarters[index])))


def _simulate_aftercare(person: SimPerson, quarters: list[str], rng: random.Random) -> None:
    """Aftercare (efterværn) for most who start a job: a few contacts a quarter for up to a year; more often
    where the job lasts (a synthetic pattern, not an effect)."""
    start = next((index for index, (state, _) in sorted(person.statuses.items()) if state in JOB_STARTS), None)
    if start is None:
        return
    lasts = person.statuses.get(start + 2, ("", None))[0] in JOB_STARTS
    if rng.random() > (0.75 if lasts else 0.45):
        return
    for index in range(start, min(start + rng.randint(2, 4), len(quarters))):
        person.aftercare[index] = rng.randint(1, 6)


def _simulate_course(person: SimPerson, family: list[SimPerson], quarters: list[str], rng: random.Random) -> None:
    transitions = ADULT_TRANSITIONS if person.target_group == "adult" else YOUNG_TRANSITIONS
    state, hours, quarters_in_state = "in_progress", None, 0
    wellbeing = min(100.0, max(0.0, rng.gauss(42, 16)))
    first_goals = 1 + (rng.random() < 0.6) + (rng.random() < 0.3)
    _add_goals(person, person.start_index, person.start_date, rng, count=first_goals)
    for index in range(person.start_index, len(quarters)):
        if person.exit_index is not None and index > person.exit_index:
            break
        quarter = quarters[index]
        person.statuses[index] = (state, hours)
        in_activity = GROUP_OF[state] in ("job", "education", "company")
        wellbeing = min(100.0, max(0.0, wellbeing + 0.8 + (2.5 if in_activity else 0) + rng.gauss(0, 4)))
        if (index - person.start_index) % 2 == 0 and (index == person.start_index or rng.random() < 0.85):
            score = float(min(100, max(0, round(wellbeing / 4) * 4)))
            person.measurements.append((index, "who5", score, _day_in(rng, quarter)))
        _progress_goals(person, index, quarter, rng)
        if person.exit_index is not None:
            break
        if state in COMPLETING_STATUSES and quarters_in_state >= 1 and rng.random() < COMPLETION_RATE:
            _exit(person, index, quarter, state, rng)
            _schedule_follow_up(person, quarters, rng)
            break
        if rng.random() < OTHER_EXIT_RATE:
            reason = _pick(rng, OTHER_EXITS)
            # A move takes the whole family out of the project.
            leaving = [member for member in family if member.exit_index is None] if reason == "moved" else [person]
            exit_day = _day_in(rng, quarter)
            for member in leaving:
                _exit(member, index, quarter, reason, rng, exit_day)
            break
        next_state = _transition(rng, transitions, state)
        if next_state != state:
            state, quarters_in_state = next_state, 0
            hours = float(rng.randint(*HOURS_RANGE[state])) if state in HOURS_RANGE else None
        else:
            quarters_in_state += 1
            if state == "small_job" and rng.random() < 0.4:
                hours = min(SMALL_JOB_MAX_HOURS, hours + rng.randint(1, 3))
        if rng.random() < NEW_GOAL_RATE:
            _add_goals(person, index, _day_in(rng, quarter), rng, count=1)


def _exit(person: SimPerson, index: int, quarter: str, category: str, rng: random.Random,
          exit_day: date | None = None) -> None:
    person.exit_index = index
    person.exit_date = max(exit_day or _day_in(rng, quarter), person.start_date)
    person.exit_category = category
    # A family member whose course was simulated earlier may have a future that is now cut short.
    person.statuses = {i: status for i, status in person.statuses.items() if i <= index}
    person.measurements = [m for m in person.measurements if m[0] <= index]
    for goal in person.goals:
        if goal["closed_index"] is not None and goal["closed_index"] > index:
            goal.update(closed_index=None, closed_on=None, result=None)


def _schedule_follow_up(person: SimPerson, quarters: list[str], rng: random.Random) -> None:
    observed = person.exit_date + timedelta(days=182)
    quarter = quarter_of(observed)
    if quarter not in quarters:
        return
    kept = person.exit_category if rng.random() < FOLLOW_UP_KEEPS_OUTCOME else "in_progress"
    person.follow_up = (quarters.index(quarter), kept, observed)


def _add_goals(person: SimPerson, index: int, day: date, rng: random.Random, count: int) -> None:
    taken = {goal["area"] for goal in person.goals}
    for _ in range(count):
        free = [(area, weight) for area, weight in GOAL_AREAS if area not in taken]
        if not free:
            return
        area = _pick(rng, free)
        taken.add(area)
        person.goals.append({"area": area, "set_index": index, "set_on": day,
                             "closed_index": None, "closed_on": None, "result": None})


def _progress_goals(person: SimPerson, index: int, quarter: str, rng: random.Random) -> None:
    for goal in person.goals:
        if goal["result"] is not None or goal["set_index"] >= index:
            continue
        draw = rng.random()
        if draw < GOAL_ACHIEVED_RATE + GOAL_ABANDONED_RATE:
            goal["result"] = "achieved" if draw < GOAL_ACHIEVED_RATE else "abandoned"
            goal["closed_index"] = index
            goal["closed_on"] = max(_day_in(rng, quarter), goal["set_on"])


def _goal_status_in(goal: dict, index: int) -> tuple[str, date | None]:
    if goal["closed_index"] is not None and goal["closed_index"] <= index:
        return goal["result"], goal["closed_on"]
    return ("set" if goal["set_index"] == index else "in_progress"), None


def _simulate_school_absence(person: SimPerson, quarters: list[str], rng: random.Random) -> None:
    absence = max(0.0, rng.gauss(11, 6))
    for index in range(person.start_index, len(quarters)):
        if person.exit_index is not None and index > person.exit_index:
            break
        absence = max(0.0, absence - 0.3 + rng.gauss(0, 2))
        if rng.random() < 0.9:
            person.measurements.append(
                (index, "school_absence", round(min(absence, 100.0), 1), _day_in(rng, quarters[index]))
            )


def _family_exit(persons: list[SimPerson]) -> tuple[int, date] | None:
    """A family's course ends when its last member's does."""
    if any(person.exit_index is None for person in persons):
        return None
    last = max(persons, key=lambda person: person.exit_date)
    return last.exit_index, last.exit_date


def _assign_pairs(spec: SiteSpec, families: list[tuple[str, int]], staff: list[tuple[str, str, str]],
                  quarters: list[str], rng: random.Random) -> list[tuple[str, str, date, date | None]]:
    """Two staff per family; pairs vary, and exactly ``distinct_pairs`` pairs are ever used."""
    keys = [key for key, _, _ in staff]
    possible = list(combinations(keys, 2))
    rng.shuffle(possible)
    allowed = possible[: spec.distinct_pairs]
    # The first families get one allowed pair each, so that every allowed pair is used.
    order = list(range(len(families)))
    rng.shuffle(order)
    first_pair = {family_index: allowed[rank] for rank, family_index in enumerate(order[: len(allowed)])}
    assignments = []
    for family_index, (family_key, start_index) in enumerate(families):
        pair = first_pair.get(family_index) or rng.choice(allowed)
        since = quarter_start(quarters[start_index]) + timedelta(days=rng.randint(0, 20))
        for index in range(start_index + 1, len(quarters)):
            if rng.random() < 0.04:
                changed_on = _day_in(rng, quarters[index])
                new_pair = rng.choice(allowed)
                for staff_key in pair:
                    if staff_key not in new_pair:
                        assignments.append((family_key, staff_key, since, changed_on))
                for staff_key in new_pair:
                    if staff_key not in pair:
                        assignments.append((family_key, staff_key, changed_on, None))
                kept = [(family_key, key, since, None) for key in pair if key in new_pair]
                assignments.extend(kept)
                pair, since = new_pair, changed_on
                break
        else:
            assignments.extend((family_key, key, since, None) for key in pair)
    return assignments


# --- Writing ------------------------------------------------------------------


def write_demo(engine: Engine, scale: str = "municipal", seed: int = 2026, replace: bool = False) -> dict[str, int]:
    """Fill the database with demo data in one transaction; returns rows written per part."""
    if not is_empty(engine):
        if not replace:
            raise DemoRefused(
                "Databasen indeholder allerede data. Demodata skrives kun i en tom database; "
                "brug --replace for at erstatte en demodatabases indhold."
            )
        with engine.connect() as connection:
            if not is_demo_database(connection):
                # Accounts, master data or imports of its own: demo data (and their public password) never
                # enter such a database, and --replace never wipes it.
                raise DemoRefused("Databasen har egne brugere, stamdata eller indberetninger og er ikke lavet af "
                                  "demoen. Demodata skrives kun i en tom database eller en demodatabase.")
    plan = SCALES[scale]()
    written: dict[str, int] = {}
    with engine.begin() as connection:
        if replace:
            for table in reversed(Base.metadata.sorted_tables):
                if table.name != ImportLock.__tablename__:
                    connection.execute(delete(table))
        take_import_lock(connection)
        mark_demo_database(connection)
        site_ids = _write_reference(connection, plan)
        for username, display_name, role in DEMO_ACCOUNTS:
            insert_user(connection, username, display_name, role, password=DEMO_PASSWORD, actor="demodata",
                        demo=True)
        for site_number, spec in enumerate(plan.sites, start=1):
            simulated = simulate_site(spec, plan.quarters, random.Random(f"{seed}-{site_number}"))
            returns = site_returns(simulated, site_ids[spec.name])
            for quarter, quarterly in zip(plan.quarters, returns, strict=True):
                imported_at = datetime.combine(quarter_end(quarter) + timedelta(days=12), time(9, 30), tzinfo=UTC)
                write_returns(connection, [quarterly], VersionMeta("demo", "demodata", created_at=imported_at))
                for part, count in quarterly.row_counts().items():
                    written[part] = written.get(part, 0) + count
        if plan.published:
            project_ids = connection.execute(select(Project.id).order_by(Project.id)).scalars().all()
            for quarter in plan.quarters:
                meeting = datetime.combine(quarter_end(quarter) + timedelta(days=30), time(14, 0), tzinfo=UTC)
                for project_id in project_ids:
                    publish_in(connection, project_id, quarter, "demodata", at=meeting)
    return written


def _write_reference(connection, plan: Scale) -> dict[str, int]:
    if not connection.execute(select(Profession.id)).first():  # gone after --replace; a migration adds them
        for order, (code, label) in enumerate(STANDARD_PROFESSIONS.items(), start=1):
            connection.execute(insert(Profession).values(code=code, label=label, sort_order=order, is_active=True))
    if not connection.execute(select(JobType.id)).first():  # as the professions
        for order, (code, label) in enumerate(STANDARD_JOB_TYPES.items(), start=1):
            connection.execute(insert(JobType).values(code=code, label=label, sort_order=order, is_active=True))
    for order, (code, label, group, has_hours) in enumerate(STANDARD_CATEGORIES, start=1):
        connection.execute(insert(OutcomeCategory).values(
            code=code, label=label, group_code=group, sort_order=order, has_hours=has_hours, is_active=True,
            is_job_start=code in JOB_STARTS,
        ))
    for name, description in plan.projects.items():
        connection.execute(insert(Project).values(name=name, description=description))
    project_ids = dict(connection.execute(select(Project.name, Project.id)).all())
    for spec in plan.sites:
        connection.execute(insert(Site).values(
            project_id=project_ids[spec.project], name=spec.name, municipality=spec.municipality,
        ))
    for project, what, label, target_value, deadline in plan.targets:
        # A target counts either a fixed indicator (its key) or the project's own rule.
        counts = {"indicator_key": what} if isinstance(what, str) else {
            "rule_categories": ", ".join(sorted(what.categories)), "rule_counting": what.counting,
            "rule_target_groups": ", ".join(sorted(what.target_groups)) or None,
            "part_label": what.part_label, "part_categories": ", ".join(sorted(what.part_categories)) or None,
            "part_target_value": what.part_target, "is_headline": what.headline,
        }
        connection.execute(insert(ProjectTarget).values(
            project_id=project_ids[project], label=label, target_value=target_value, deadline=deadline, **counts,
        ))
    for code, label, minimum, maximum, higher_is_closer, step, items in plan.progression_instruments:
        connection.execute(insert(ProgressionInstrument).values(
            code=code, label=label, minimum=minimum, maximum=maximum, higher_is_closer=higher_is_closer,
            meaningful_change=step, items=items, is_active=True))
    for indicator_key, label, value, period, source in BENCHMARKS:
        connection.execute(insert(Benchmark).values(
            indicator_key=indicator_key, label=label, value=value, period=period, source=source,
        ))
    return dict(connection.execute(select(Site.name, Site.id)).all())


def _known(day: date | None, index: int, day_index: int | None) -> date | None:
    """A date is reported from the quarter it falls in; before that it is not known yet."""
    return day if day is not None and day_index is not None and day_index <= index else None


def site_returns(site: SimSite, site_id: int) -> list[QuarterlyReturn]:
    """The quarterly returns a project leader would have uploaded for the simulated site."""
    members: dict[str, list[SimPerson]] = {}
    for person in site.persons:
        members.setdefault(person.family_key, []).append(person)
    returns = []
    for index, quarter in enumerate(site.quarters):
        quarterly = QuarterlyReturn(site_id=site_id, quarter=quarter)
        quarterly.families = [key for key, start_index in site.families if start_index <= index]
        for person in site.persons:
            if person.start_index > index:
                continue
            quarterly.persons.append((
                person.key, person.family_key, person.target_group, person.benefit_type,
                person.start_date, _known(person.exit_date, index, person.exit_index),
            ))
            if index in person.statuses:
                quarterly.statuses.append((person.key, *person.statuses[index]))
            for goal in person.goals:
                if goal["set_index"] <= index:
                    status, closed_on = _goal_status_in(goal, index)
                    quarterly.goals.append((person.key, goal["area"], status, goal["set_on"], closed_on))
            quarterly.wellbeing.extend(
                (person.key, instrument, score, measured_on)
                for measured_index, instrument, score, measured_on in person.measurements
                if measured_index == index
            )
            if person.exit_index == index:
                quarterly.exits.append((person.key, person.exit_category, person.exit_date))
            if person.follow_up and person.follow_up[0] == index:
                _, category, observed_on = person.follow_up
                quarterly.follow_ups.append((person.key, FOLLOW_UP_MONTHS, category, observed_on))
            quarterly.follow_ups.extend((person.key, months, category, observed_on)
                                        for at, months, category, observed_on in person.job_follow_ups if at == index)
            quarterly.progression.extend((person.key, DISTANCE_SCALE[0], None, score, measured_on)
                                         for at, score, measured_on in person.progression if at == index)
            if index in person.aftercare:
                quarterly.aftercare.append((person.key, person.aftercare[index]))
            if index in person.small_jobs:
                quarterly.small_jobs.append((person.key, *person.small_jobs[index]))
        quarterly.staff = list(site.staff)
        quarterly.activities = [site.activities[index]]
        end = quarter_end(quarter)
        for family_key, staff_key, start_date, end_date in site.assignments:
            if family_key not in quarterly.families or start_date > end:
                continue
            family_end = _family_exit(members[family_key])
            if family_end and family_end[1] <= end:
                if start_date > family_end[1]:
                    continue  # a change of pair planned after the family had left
                end_date = min(end_date or family_end[1], family_end[1])
            quarterly.assignments.append((
                family_key, staff_key, start_date, end_date if end_date and end_date <= end else None,
            ))
        returns.append(quarterly)
    return returns
