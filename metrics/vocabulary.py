"""Fixed code lists of the domain, with their Danish labels, and how a site is named.

A leaf: it imports nothing of ours, so every layer (data access, metrics, pages, report) reads the same words.

Codes are stored in the database and used in code; labels are what users see.
Outcome *categories* are data (a table an admin can extend); the groups they
belong to, the target groups and the instruments are fixed here because the
figures are defined in terms of them.
"""

TARGET_GROUPS: dict[str, str] = {
    "adult": "Voksne",
    "young": "Unge (15-29 år)",
    "child": "Børn",
}

# Order matters: it is the stacking order of outcome charts.
CATEGORY_GROUPS: dict[str, str] = {
    "job": "Job",
    "education": "Uddannelse",
    "company": "Virksomhedsrettet tilbud",
    "clarification": "Afklaring",
    "permanent_benefit": "Varig ydelse",
    "in_progress": "I forløb",
    "other_exit": "Andre afslutninger",
}

# The standard Danish outcome categories a new installation starts with (code, label, group, whether hours
# per week are meaningful): those of the seed projects. A category has one group (its place in the stacked
# charts); a delmål counts any set of categories, so fleksjob can count as a job and as an outcome of the
# rehabilitation team alike.
STANDARD_CATEGORIES: tuple[tuple[str, str, str, bool], ...] = (
    ("ordinary_job", "Ordinært job", "job", False),
    ("small_job", "Småjob / deltidsjob", "job", True),
    ("flex_job", "Fleksjob", "job", True),
    ("leisure_job", "Fritidsjob (13-17 år)", "job", True),
    ("ordinary_education", "Ordinær uddannelse", "education", False),
    ("youth_education_started", "Ungdomsuddannelse påbegyndt", "education", False),
    ("youth_education_completed", "Ungdomsuddannelse gennemført", "education", False),
    ("revalidering", "Revalidering", "education", False),
    ("stu", "STU", "education", False),
    ("company_placement", "Virksomhedspraktik", "company", True),
    ("wage_subsidy", "Løntilskud", "company", True),
    ("rehab_clarified", "Afklaret i rehabiliteringsteam", "clarification", False),
    ("resource_course", "Ressourceforløb", "clarification", False),
    ("disability_pension", "Førtidspension", "permanent_benefit", False),
    ("in_progress", "I forløb", "in_progress", False),
    ("moved", "Fraflyttet", "other_exit", False),
    ("lost_benefit", "Mistet ret til ydelse", "other_exit", False),
    ("prison", "Afsoner dom", "other_exit", False),
    ("died", "Død", "other_exit", False),
    ("dropped_out", "Udtrådt af projektet", "other_exit", False),
)

# The standard categories that are a job start (in retention, "in job"); an administrator changes it per category.
JOB_STARTS: frozenset[str] = frozenset({"ordinary_job", "small_job", "flex_job"})

# External comparison values the charts draw, by key.
BENCHMARK_INDICATORS: dict[str, str] = {
    "job_or_education_6m": "I job eller uddannelse 6 måneder efter afslutning",
}

# Groups that count as "job or education" in every indicator that says so.
JOB_OR_EDUCATION_GROUPS: tuple[str, ...] = ("job", "education")

# The professions a new installation starts with (an administrator edits the list: it is master data).
STANDARD_PROFESSIONS: dict[str, str] = {
    "job_consultant": "Jobkonsulent",
    "family_counsellor": "Familierådgiver",
    "social_worker": "Socialrådgiver",
    "health_consultant": "Sundhedskonsulent",
    "leisure_consultant": "Foreningskonsulent",
    "pedagogue": "Pædagog",
    "psychologist": "Psykolog",
    "business_consultant": "Virksomhedskonsulent",
    "education_consultant": "Uddannelseskonsulent",
}

# The kinds of småjob a new installation starts with (Vejle's småjobs: mostly cleaning, service and warehouse).
STANDARD_JOB_TYPES: dict[str, str] = {
    "cleaning": "Rengøring",
    "service": "Service og kundebetjening",
    "warehouse": "Lager og logistik",
    "kitchen": "Køkken og kantine",
    "retail": "Butik",
    "care": "Pleje og omsorg",
    "outdoor": "Gartneri og udendørs",
    "other": "Andet",
}

# Company size by employees, as Danmarks Statistik bands them.
COMPANY_SIZES: dict[str, str] = {
    "micro": "1-9 ansatte",
    "small": "10-49 ansatte",
    "medium": "50-249 ansatte",
    "large": "250 ansatte eller flere",
}

BENEFIT_TYPES: dict[str, str] = {
    "kontanthjaelp": "Kontanthjælp",
    "uddannelseshjaelp": "Uddannelseshjælp",
    "integrationsydelse": "Integrationsydelse",
    "sygedagpenge": "Sygedagpenge",
    "ressourceforloeb": "Ressourceforløbsydelse",
    "ledighedsydelse": "Ledighedsydelse",
    "none": "Ingen ydelse",
}

INSTRUMENTS: dict[str, str] = {
    "who5": "WHO-5 trivselsindeks (0-100)",
    "school_absence": "Skolefravær (% af skoledage)",
}

GOAL_AREAS: dict[str, str] = {
    "job": "Job",
    "education": "Uddannelse",
    "health": "Helbred",
    "economy": "Økonomi",
    "housing": "Bolig",
    "family": "Familie og børn",
    "leisure": "Fritid og netværk",
    "language": "Dansk sprog",
}

GOAL_STATUSES: dict[str, str] = {
    "set": "Sat",
    "in_progress": "I gang",
    "achieved": "Nået",
    "abandoned": "Opgivet",
}

IMPORT_KINDS: dict[str, str] = {
    "reference": "Stamdata",
    "demo": "Demodata",
    "workbook": "Regneark",
    "staging": "Databaseleverance",
    "rollback": "Tilbagerulning",
}


# A site is shown as "Project – Site" wherever several projects' sites stand together.
SITE_SEPARATOR = " – "


def site_label(project_name: str, site_name: str) -> str:
    return f"{project_name}{SITE_SEPARATOR}{site_name}"
