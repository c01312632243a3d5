"""Tilgængelighedserklæring: what of WCAG 2.1 AA the dashboard meets, what it does not and why.

Public bodies' web solutions must publish one. It shows no data, so it is open before sign-in too.
"""

from html import escape

import streamlit as st

from ui.widgets import FRAMEWORK_ENGLISH

st.title("Tilgængelighedserklæring")
st.markdown(
    "Styregruppens dashboard skal kunne bruges af alle i styregruppen og projektgrupperne, også med skærmlæser, "
    "forstørrelse eller tastatur alene. Offentlige organers websteder skal efter lov om tilgængelighed af "
    "offentlige organers websteder og mobilapplikationer overholde standarden WCAG 2.1 på niveau AA, og det "
    "gælder også intranet- og ekstranetløsninger som denne."
)

st.header("Overholdelse")
st.markdown(
    "Dashboardet er **delvist i overensstemmelse** med WCAG 2.1 AA. Det, der ikke er opfyldt, står nedenfor, "
    "med begrundelsen."
)

st.header("Sådan er det testet")
st.markdown(
    "- Hver side og hver fane, også log ind, testes automatisk med axe-core (reglerne for WCAG 2.1 A og AA) i "
    "en rigtig browser, hver gang dashboardet ændres. Ingen side eller fane må have en fejl.\n"
    "- Et styregruppemøde gennemføres i testen med tastaturet alene: menuen, filtrene, fanerne og "
    "præsentationens Forrige og Næste.\n"
    "- Rapportens PowerPoint testes for, at hvert billede og hver graf har en alternativ tekst, og PDF'en for, "
    "at den er tagget med dansk sprog.\n"
    "- Siderne gennemses i de tre skærmstørrelser, styregruppen mødes med (1920 × 1080, 1440 × 900 og "
    "1280 × 720)."
)

st.header("Det, der er opfyldt")
st.markdown(
    "- **Grafer i ord og tal.** Hver graf har sit fund som overskrift og som alternativ tekst, og under grafen "
    "ligger tallene i en tabel (*Tallene i grafen*), som en skærmlæser kan læse. Andele står med deres antal "
    "(fx 57,1 % (92 af 161)). I præsentationen, hvor diaset skal passe til skærmen, står tallene i grafens "
    "alternative tekst i stedet for i en tabel.\n"
    "- **Farver.** Tekst har mindst kontrasten 4,5:1, også de små forklaringer under tallene. Graferne bruger "
    "farver, der kan skelnes ved de almindelige former for farveblindhed, og farve står aldrig alene: tallene "
    "står også som tekst.\n"
    "- **Tastatur.** Alt kan nås og bruges med tastaturet. Præsentationen kan også styres med Page Up og "
    "Page Down.\n"
    "- **Struktur.** Menuen er links under overskrifter for hver del af dashboardet. Hver side har én "
    "hovedoverskrift, og faner og felter har danske navne.\n"
    "- **Sprog.** Siden er markeret som dansk, så en skærmlæser læser med dansk udtale.\n"
    "- **Rapporten.** PowerPoint-diasenes billeder og grafer har alternativ tekst. PDF'en er tagget, har dansk "
    "som sprog og alternativ tekst på graferne."
)

st.header("Det, der ikke er opfyldt, og hvorfor")
st.markdown(
    "- **Enkelte engelske tekster fra Streamlit**, som dashboardet er bygget med, og som ingen app kan nå (listen "
    "herunder). Streamlits egne knapper og felter (fx sidepanelet, tabellernes værktøjslinje og hjælpeikonerne) "
    "får danske navne af dashboardet, lige efter Streamlit har tegnet dem: et øjeblik, mens en side tegnes, kan en "
    "skærmlæser møde det engelske navn. (WCAG 3.1.2, sprog i dele af siden.)"
)
# Each English text marked as English (lang="en"), so a screen reader reads it with English pronunciation.
st.html("<ul>" + "".join(f'<li><span lang="en">{escape(english)}</span> ({escape(when)})</li>'
                         for english, when in FRAMEWORK_ENGLISH.items()) + "</ul>")
st.markdown(
    "- **De store datatabeller** (fx importhistorikken) tegnes af Streamlit på et lærred. En skærmlæser får "
    "ikke altid cellerne læst op i den rigtige sammenhæng. Samme tal kan hentes som Excel eller CSV under "
    "hver tabel. (WCAG 1.3.1.)\n"
    "- **Grafernes enkelte punkter** kan ikke nås med tastaturet. Alle tallene står i tabellen under hver graf. "
    "(WCAG 2.1.1 er opfyldt gennem tabellen, men ikke i selve grafen.)\n"
    "- **Sidens sprog** sættes af dashboardet, efter Streamlit har tegnet siden. Et øjeblik, mens siden "
    "indlæses, er den markeret som engelsk."
)

st.header("Feedback og kontakt")
st.markdown(
    "Møder du noget i dashboardet, du ikke kan bruge, så kontakt kommunens administrator af dashboardet. "
    "Beskriv gerne siden og det, der ikke virkede. Du kan også klage til Digitaliseringsstyrelsen, der fører "
    "tilsyn med offentlige organers tilgængelighed."
)
st.caption("Erklæringen er opdateret 7. december 2026 og opdateres, når dashboardet ændres.")
