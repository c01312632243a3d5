"""The analysis pages and their tabs, for what walks them all: the warm-up of kept figures and the benchmark."""

# Each analysis page and its tabs (None: a page without tabs).
PAGES: dict[str, tuple[str, list[str | None]]] = {
    "overblik": ("pages/overblik.py", [None]),
    "delmaal": ("pages/delmaal.py", ["Alle projektmål", "Mål for mål", "Borgernes egne delmål"]),
    "resultater": ("pages/resultater.py", ["Status pr. kvartal", "Fra start til nu", "Afsluttede forløb",
                                           "Småjob: timer pr. uge"]),
    "medarbejderkombinationer": ("pages/medarbejderkombinationer.py", [
        "Resultater pr. faglighed", "Resultater pr. makkerpar", "Fagligheder sammen", "Familier pr. medarbejder"]),
    "trivsel": ("pages/trivsel.py", ["WHO-5 for voksne og unge", "Skolefravær for børn"]),
    "progression": ("pages/progression.py", ["Progression mod job", "Fastholdelse i job", "Efterværn"]),
    "aktiviteter": ("pages/aktiviteter.py", ["Aktiviteter", "Småjob"]),
}
