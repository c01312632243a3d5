"""The charts each analysis page draws on the municipal demo, tab by tab (only the open tab is drawn): what the
browser tests expect to see drawn, and what the benchmark waits for before it stops a page's clock.
``tests/test_page_registry.py`` checks the pages and tabs against the page registry."""

# Page address -> its tabs in order (None: a page without tabs) -> the charts the tab draws.
DEMO_TAB_CHARTS = {
    "overblik": {None: 1},
    "delmaal": {"Alle projektmål": 1, "Mål for mål": 10, "Borgernes egne delmål": 1},
    "resultater": {"Status pr. kvartal": 2, "Fra start til nu": 1, "Afsluttede forløb": 2, "Småjob: timer pr. uge": 1},
    "medarbejderkombinationer": {"Resultater pr. faglighed": 1, "Resultater pr. makkerpar": 1, "Fagligheder sammen": 1,
                                 "Familier pr. medarbejder": 1},
    "trivsel": {"WHO-5 for voksne og unge": 2, "Skolefravær for børn": 1},
    "progression": {"Progression mod job": 1, "Fastholdelse i job": 1, "Efterværn": 0},
    "aktiviteter": {"Aktiviteter": 2, "Småjob": 3},
}
