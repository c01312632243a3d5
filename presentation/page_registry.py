"""Every page of the app, named once: its file, menu title, address, icon, the lowest role that may use it, its
menu section, its tabs and (for an analysis page) its topic. The app's menu, the warm-up, the benchmarks and the
tests read this table, so a new page is one line here and its file; tests/test_page_registry.py fails when a
page's tabs differ from the tabs named here.

No Streamlit here: the command line and the benchmarks read it too.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    path: str  # pages/<url>.py: a page's file is named after its address
    title: str
    icon: str
    role: str  # the lowest role that may use it: viewer, uploader or admin
    section: str
    tabs: tuple[str, ...] = ()  # none: a page without tabs
    topic: str | None = None  # an analysis page's topic (metrics/registry.TOPICS): its commentary and figures
    needs: str = "persons"  # an analysis page's frame it cannot do without: without rows it says there is no data

    @property
    def url(self) -> str:
        return self.path.removeprefix("pages/").removesuffix(".py")

    @property
    def tabs_or_none(self) -> tuple[str | None, ...]:
        """Its tabs, or (None,) for a page without tabs: what a walk over every page and tab visits."""
        return self.tabs or (None,)


PAGES: tuple[PageEntry, ...] = (
    PageEntry("pages/overblik.py", "Overblik", ":material/dashboard:", "viewer", "Styregruppen", topic="overblik"),
    PageEntry("pages/delmaal.py", "Delmål", ":material/flag:", "viewer", "Styregruppen",
              ("Alle projektmål", "Mål for mål", "Borgernes egne delmål"), "delmaal"),
    PageEntry("pages/resultater.py", "Resultater", ":material/bar_chart:", "viewer", "Styregruppen",
              ("Status pr. kvartal", "Fra start til nu", "Afsluttede forløb", "Småjob: timer pr. uge"), "resultater",
              "statuses"),
    PageEntry("pages/medarbejderkombinationer.py", "Medarbejderkombinationer", ":material/group:", "viewer",
              "Styregruppen", ("Resultater pr. faglighed", "Resultater pr. makkerpar", "Fagligheder sammen",
                               "Familier pr. medarbejder"), "medarbejderkombinationer", "assignments"),
    PageEntry("pages/trivsel.py", "Trivsel", ":material/favorite:", "viewer", "Styregruppen",
              ("WHO-5 for voksne og unge", "Skolefravær for børn"), "trivsel"),
    PageEntry("pages/progression.py", "Progression og fastholdelse", ":material/trending_up:", "viewer",
              "Styregruppen", ("Progression mod job", "Fastholdelse i job", "Efterværn"), "progression"),
    PageEntry("pages/aktiviteter.py", "Aktiviteter og småjob", ":material/handshake:", "viewer", "Styregruppen",
              ("Aktiviteter", "Småjob"), "aktiviteter"),
    PageEntry("pages/praesentation.py", "Præsentation", ":material/slideshow:", "viewer", "Mødet"),
    PageEntry("pages/rapport.py", "Rapport (PowerPoint og PDF)", ":material/picture_as_pdf:", "viewer", "Mødet"),
    PageEntry("pages/data.py", "Data og import", ":material/upload_file:", "uploader", "Data"),
    PageEntry("pages/historik.py", "Importhistorik", ":material/history:", "uploader", "Data"),
    PageEntry("pages/kommentarer.py", "Kommentarer", ":material/edit_note:", "uploader", "Data"),
    PageEntry("pages/forelaeggelse.py", "Forelæg for styregruppen", ":material/verified:", "uploader", "Data"),
    PageEntry("pages/konto.py", "Skift adgangskode", ":material/key:", "viewer", "Din konto"),
    PageEntry("pages/tilgaengelighed.py", "Tilgængelighedserklæring", ":material/accessibility:", "viewer",
              "Din konto"),
    PageEntry("pages/stamdata.py", "Stamdata og opsætning", ":material/tune:", "admin", "Administration",
              ("Projekter og steder", "Kategorier", "Delmål", "Faggrupper", "Jobtyper", "Progressionsmål",
               "Benchmarks", "Opsætningsregneark")),
    PageEntry("pages/administration.py", "Brugere", ":material/manage_accounts:", "admin", "Administration"),
    PageEntry("pages/auditlog.py", "Auditlog", ":material/receipt_long:", "admin", "Administration"),
    PageEntry("pages/persondata.py", "Persondata", ":material/shield_person:", "admin", "Administration",
              ("Fortegnelse", "Indsigt", "Sletning af en borger", "Projekter efter slutdato", "Gamle data")),
)

BY_PATH = {page.path: page for page in PAGES}
# The analysis pages, by address: the steering group's figures, each page one topic.
ANALYSIS_PAGES = {page.url: page for page in PAGES if page.topic}


def sections() -> dict[str, list[PageEntry]]:
    """The pages by menu section, in the menu's order."""
    grouped: dict[str, list[PageEntry]] = {}
    for page in PAGES:
        grouped.setdefault(page.section, []).append(page)
    return grouped
