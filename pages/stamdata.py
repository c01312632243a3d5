"""Stamdata: projects, sites, outcome categories, professions, delmål and benchmarks, with a guide for a new
installation."""

from types import SimpleNamespace

import pandas as pd
import streamlit as st

from data_access.jobindsats import plan_fetch, store_fetched
from data_access.master_data import (
    TARGET_INDICATORS,
    MasterDataRefused,
    add_standard_categories,
    delete_row,
    import_setup,
    save_row,
    setup_state,
    setup_workbook_bytes,
    stored_rows,
)
from data_access.personal_data import purged_projects, retention_end
from data_access.settings import project_retention_months
from data_access.workbook.format import YES_NO
from data_access.workbook.reader import MAX_FILE_BYTES, UnreadableWorkbook, read_workbook
from data_access.workbook.validation import as_number
from metrics.goal_rules import COUNTINGS, NOW, describe_rule, rule_of
from metrics.vocabulary import BENCHMARK_INDICATORS, CATEGORY_GROUPS, STANDARD_CATEGORIES, TARGET_GROUPS
from presentation.format import CHOOSE, format_date, format_local_date, format_number, format_percent, plain_markdown
from ui.auth import flash, jobindsats_settings, require_role, start_task_page
from ui.data_cache import installation_is_set_up, warm_kept_figures_in_background
from ui.server_guard import upload_field
from ui.widgets import XLSX_MIME, download, show_table, show_tabs

engine, account = start_task_page("pages/stamdata.py", "Stamdata og opsætning", "admin")
with engine.connect() as connection:
    stored = stored_rows(connection)
projects = [row["name"] for row in stored["Projekter"]]
categories = {row["code"]: row["label"] for row in stored["Kategorier"]}
NEW = 0  # the "new row" choice in the pickers
ROUND_KEY = "master_data_round"


def form_key(name: str, row_id: int) -> str:
    """A form's key: new after every save, so that "Opret ny" starts empty again."""
    return f"{name}_{row_id}_{st.session_state.get(ROUND_KEY, 0)}"


def save(sheet: str, values: dict, row_id: int | None, message: str) -> None:
    """Store a form's row (checked as a setup workbook's row would be), then show the outcome."""
    require_role("admin")
    try:
        save_row(engine, sheet, values, account.username, row_id=row_id or None)
    except MasterDataRefused as refusal:
        for problem in refusal.problems:
            st.error(plain_markdown(problem.field_text()), icon=":material/block:")
        return
    done(message)


def done(message: str) -> None:
    """Show the outcome after the rerun, with empty forms (their keys change)."""
    warm_kept_figures_in_background()
    flash(message)
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
    st.rerun()


def remove(sheet: str, row_id: int, message: str) -> None:
    require_role("admin")
    try:
        delete_row(engine, sheet, row_id, account.username)
    except MasterDataRefused as refusal:
        st.error(plain_markdown(str(refusal)), icon=":material/block:")
        return
    done(message)


def pick(sheet: str, what: str, describe) -> tuple[int, dict]:
    """Choose a stored row to change, or a new one; returns (id or NEW, the row's values)."""
    rows = {row["id"]: row for row in stored[sheet]}
    chosen = st.selectbox(f"Ret {what} eller opret {'et nyt' if what.startswith('et ') else 'en ny'}",
                          [NEW, *rows], key=f"pick_{sheet}",
                          format_func=lambda row_id: "Opret ny" if row_id == NEW else describe(rows[row_id]),
                          placeholder=CHOOSE)
    return chosen, rows.get(chosen, {})


def yes_no(value: bool) -> str:
    return YES_NO[bool(value)]


# --- The first-run guide --------------------------------------------------------------------------------

counts = setup_state(engine)
steps = [
    ("Projekt", counts["Projekter"], "fanen «Projekter og steder»"),
    ("Steder", counts["Steder"], "fanen «Projekter og steder»"),
    ("Kategorier", counts["Kategorier"], "fanen «Kategorier» (standardlisten er valgt på forhånd)"),
    ("Delmål", counts["Projektmål"], "fanen «Delmål»"),
]
# Shown until the first quarter is in, so that its last step is seen once the four before it are done.
if not installation_is_set_up():
    with st.container(border=True):
        # Four steps of master data, then the first quarter's template: five.
        st.markdown("**Kom i gang**: sæt dashboardet op i fem trin, her eller med opsætningsregnearket.")
        for number, (name, count, where) in enumerate(steps, start=1):
            mark = ":material/check_circle:" if count else ":material/radio_button_unchecked:"
            st.markdown(f"{mark} {number}. {name}: " + (f"{format_number(count)} oprettet" if count else
                                                        f"mangler, se {where}"))
        st.markdown(":material/radio_button_unchecked: 5. Hent skabelonen under **Data og import**: "
                    "dens rullelister har stederne og kategorierne, og det første kvartal kan indlæses.")
        if all(count for _, count, _ in steps):
            st.page_link("pages/data.py", label="Gå til Data og import", icon=":material/upload_file:")


# --- Projects and sites ---------------------------------------------------------------------------------


def show_projects_table() -> None:
    purged = purged_projects(engine).set_index("project_id")["deleted_at"].to_dict()
    show_table(pd.DataFrame({
        "Projekt": [row["name"] for row in stored["Projekter"]],
        "Steder": [", ".join(site["name"] for site in stored["Steder"] if site["project"] == row["name"])
                   for row in stored["Projekter"]],
        "Slutdato": [format_date(row["end_date"]) if row["end_date"] else "–" for row in stored["Projekter"]],
        "Borgerdata slettes": [
            f"slettet {format_local_date(purged[row['id']])}" if row["id"] in purged
            else format_date(end) if (end := retention_end(row["end_date"], row["retention_months"]))
            else "når slutdatoen er sat" for row in stored["Projekter"]],
    }), "projekter")


def projects_and_sites() -> None:
    st.caption("Et projekt har ét eller flere steder. Et sted med indberetninger, brugere eller kommentarer kan "
               "hverken slettes eller flyttes til et andet projekt.")
    if stored["Projekter"]:
        show_projects_table()
    left, right = st.columns(2)
    with left:
        chosen, row = pick("Projekter", "et projekt", lambda row: row["name"])
        with st.form(form_key("project", chosen)):
            name = st.text_input("Projekt", value=row.get("name", ""))
            description = st.text_area("Beskrivelse", value=row.get("description") or "", height=100)
            end_left, end_right = st.columns(2)
            # Written as in the workbook (dd-mm-åååå) and checked by the same rules, with the same messages.
            end_date = end_left.text_input("Slutdato (dd-mm-åååå)", placeholder="Fx 31-12-2027",
                                           value=format_date(row["end_date"]) if row.get("end_date") else "")
            retention = end_right.number_input(
                "Opbevaring (måneder)", min_value=0, max_value=240, step=1, format="%d",
                value=row.get("retention_months"), placeholder=f"Standard: {project_retention_months()}",
                help="Så længe efter slutdatoen gemmes data om borgerne; derefter slettes de, og de "
                     "offentliggjorte tal bevares (siden Persondata).")
            if st.form_submit_button("Gem projekt", type="primary"):
                save("Projekter", {"Projekt": name, "Beskrivelse": description,
                                   "Slutdato": end_date.strip() or None, "Opbevaring (måneder)": retention},
                     chosen, f"Projektet '{name.strip()}' er gemt.")
        if chosen and st.button("Slet projektet", key="delete_project"):
            remove("Projekter", chosen, f"Projektet '{row['name']}' er slettet.")
    with right:
        if not projects:
            st.info("Opret først et projekt; så kan du oprette dets steder.")
            return
        chosen, row = pick("Steder", "et sted", lambda row: f"{row['project']} – {row['name']}")
        with st.form(form_key("site", chosen)):
            project = st.selectbox("Projekt", projects, index=projects.index(row["project"]) if row else 0,
                                   placeholder=CHOOSE)
            name = st.text_input("Sted", value=row.get("name", ""), help="Fx 'Gellerup' eller 'Jobcenter Nord'.")
            municipality = st.text_input("Kommune", value=row.get("municipality", ""))
            if st.form_submit_button("Gem sted", type="primary"):
                save("Steder", {"Projekt": project, "Sted": name, "Kommune": municipality}, chosen,
                     f"Stedet '{name.strip()}' er gemt.")
        if chosen and st.button("Slet stedet", key="delete_site"):
            remove("Steder", chosen, f"Stedet '{row['name']}' er slettet.")


# --- Categories -----------------------------------------------------------------------------------------


def outcome_categories() -> None:
    st.caption("Kategorierne står i skabelonens rullelister. Gruppen bestemmer farven i de stablede grafer; "
               "et delmål kan tælle enhver kombination af kategorier. En kategori i brug slettes ikke, men kan "
               "sættes til inaktiv: så forsvinder den fra nye skabeloner, og data bevares.")
    missing = [entry for entry in STANDARD_CATEGORIES if entry[0] not in categories]
    if missing:
        with st.container(border=True):
            st.markdown("**Standardlisten**" + (" (en ny installation starter her)" if not categories else ""))
            chosen_codes = st.multiselect(
                "Kategorier fra standardlisten", [code for code, *_ in missing],
                default=[code for code, *_ in missing] if not categories else [],
                format_func=lambda code: next(f"{label} ({CATEGORY_GROUPS[group]})"
                                              for c, label, group, _ in missing if c == code),
                placeholder="Vælg kategorier", select_all=False, key="standard_categories")
            if st.button("Opret de valgte kategorier", type="primary", disabled=not chosen_codes):
                require_role("admin")
                added = add_standard_categories(engine, chosen_codes, account.username)
                done(f"{format_number(added)} kategorier er oprettet.")
    if categories:
        show_table(pd.DataFrame({
            "Kategori": [row["label"] for row in stored["Kategorier"]],
            "Gruppe": [CATEGORY_GROUPS.get(row["group_code"], row["group_code"]) for row in stored["Kategorier"]],
            "Timer": [yes_no(row["has_hours"]) for row in stored["Kategorier"]],
            "Jobstart": [yes_no(row["is_job_start"]) for row in stored["Kategorier"]],
            "Aktiv": [yes_no(row["is_active"]) for row in stored["Kategorier"]],
        }), "udfaldskategorier")
    chosen, row = pick("Kategorier", "en kategori", lambda row: row["label"])
    with st.form(form_key("category", chosen)):
        left, middle, right = st.columns(3)
        label = left.text_input("Navn", value=row.get("label", ""),
                                help="Som det skal stå i rullelisten, fx 'Socialøkonomisk virksomhed'.")
        code = middle.text_input("Kode", value=row.get("code", ""), disabled=bool(chosen),
                                 help="Små bogstaver og _, fx social_economy. Kan ikke ændres senere.")
        groups = list(CATEGORY_GROUPS)
        group = right.selectbox("Gruppe", groups, format_func=CATEGORY_GROUPS.get,
                                index=groups.index(row["group_code"]) if row else 0, placeholder=CHOOSE)
        left, middle, right = st.columns(3)
        order = left.number_input("Rækkefølge", min_value=0, max_value=9999, step=1, format="%d",
                                  value=row.get("sort_order"), placeholder="Sidst",
                                  help="Placering i lister og grafer.")
        has_hours = middle.checkbox("Timer pr. uge er relevante", value=bool(row.get("has_hours")))
        active = right.checkbox("Aktiv", value=row.get("is_active", True))
        job_start = middle.checkbox("Jobstart (tæller i fastholdelse)", value=bool(row.get("is_job_start")),
                                    help="Status i kategorien er et job: den første er borgerens jobstart, og "
                                         "fastholdelsen måler, om borgeren er i en sådan kategori 3, 6 og 12 "
                                         "måneder senere.")
        if st.form_submit_button("Gem kategori", type="primary"):
            save("Kategorier", {"Kode": row["code"] if chosen else code, "Navn": label, "Gruppe": group,
                                "Rækkefølge": order, "Timer relevante": has_hours, "Aktiv": active,
                                "Jobstart": job_start},
                 chosen, f"Kategorien '{label.strip()}' er gemt.")
    if chosen and st.button("Slet kategorien", key="delete_category"):
        remove("Kategorier", chosen, f"Kategorien '{row['label']}' er slettet.")


# --- Professions ---------------------------------------------------------------------------------------


def coded_list(sheet: str, singular: str, example: str, code_example: str, caption: str) -> None:
    """A list of codes and names (faggrupper, jobtyper): a table, then a form to add or change one entry."""
    key = sheet.lower()
    st.caption(caption + f" En {singular} i brug slettes ikke, men kan sættes til inaktiv.")
    show_table(pd.DataFrame({
        singular.capitalize(): [row["label"] for row in stored[sheet]],
        "Aktiv": [yes_no(row["is_active"]) for row in stored[sheet]],
    }), key)
    chosen, row = pick(sheet, f"en {singular}", lambda row: row["label"])
    with st.form(form_key(key, chosen)):
        left, middle, right = st.columns(3)
        label = left.text_input("Navn", value=row.get("label", ""), placeholder=f"Fx {example}")
        code = middle.text_input("Kode", value=row.get("code", ""), disabled=bool(chosen),
                                 help=f"Små bogstaver og _, fx {code_example}. Kan ikke ændres senere.")
        active = right.checkbox("Aktiv", value=row.get("is_active", True))
        if st.form_submit_button(f"Gem {singular}", type="primary"):
            save(sheet, {"Kode": row["code"] if chosen else code, "Navn": label,
                         "Rækkefølge": row.get("sort_order"), "Aktiv": active},
                 chosen, f"{singular.capitalize()}n '{label.strip()}' er gemt.")
    if chosen and st.button(f"Slet {singular}n", key=f"delete_{key}"):
        remove(sheet, chosen, f"{singular.capitalize()}n '{row['label']}' er slettet.")


def professions() -> None:
    coded_list("Faggrupper", "faggruppe", "Jobkonsulent", "job_consultant",
               "Medarbejdernes fagligheder i skabelonens rulleliste og i graferne over makkerpar.")


# --- Job types -----------------------------------------------------------------------------------------


def job_types() -> None:
    coded_list("Jobtyper", "jobtype", "Rengøring", "cleaning",
               "Slags småjob i rullelisten i kvartalsarket 'Småjob', fx rengøring, service og lager.")


# --- Progression instruments ----------------------------------------------------------------------------


def progression_instruments() -> None:
    st.caption("Måleredskaber for borgerens afstand til job, fx en skala 1-10 eller BIP-indikatorerne scoret "
               "delområde for delområde. Scorerne indberettes i kvartalsarket 'Progression'; siden «Progression og "
               "fastholdelse» viser, hvor mange der er rykket en betydende ændring tættere på job. Et redskab med "
               "målinger slettes ikke, men kan sættes til inaktiv.")
    rows = stored["Progressionsmål"]
    if rows:
        show_table(pd.DataFrame({
            "Måleredskab": [row["label"] for row in rows],
            "Skala": [f"{_number_text(row['minimum'])}-{_number_text(row['maximum'])}" for row in rows],
            "Tættest på job": ["Høj score" if row["higher_is_closer"] else "Lav score" for row in rows],
            "Betydende ændring": [_number_text(row["meaningful_change"]) for row in rows],
            "Delområder": [row["items"] or "Én samlet score" for row in rows],
            "Aktiv": [yes_no(row["is_active"]) for row in rows],
        }), "progressionsmål")
    chosen, row = pick("Progressionsmål", "et måleredskab", lambda row: row["label"])
    with st.form(form_key("instrument", chosen)):
        left, middle, right = st.columns(3)
        label = left.text_input("Navn", value=row.get("label", ""), placeholder="Fx Afstand til job (1-10)")
        code = middle.text_input("Kode", value=row.get("code", ""), disabled=bool(chosen),
                                 help="Små bogstaver og _, fx afstand_1_10. Kan ikke ændres senere.")
        closer = right.radio("Tættest på job", ["Høj score", "Lav score"], horizontal=True,
                             index=0 if row.get("higher_is_closer", True) else 1)
        left, middle, right = st.columns(3)
        # Written as in the workbook and checked by the same rules, with the same messages.
        minimum = left.text_input("Laveste score", value=_number_text(row.get("minimum")), placeholder="Fx 1")
        maximum = middle.text_input("Højeste score", value=_number_text(row.get("maximum")), placeholder="Fx 10")
        step = right.text_input("Betydende ændring", value=_number_text(row.get("meaningful_change")),
                                placeholder="Fx 2", help="Den mindste ændring, der tæller som et skridt.")
        items = st.text_input("Delområder (tom: én samlet score)", value=row.get("items") or "",
                              placeholder="Fx Helbred, Motivation, Sociale kompetencer",
                              help="Adskilt af komma. Hver måling har da én række pr. delområde.")
        active = st.checkbox("Aktiv", value=row.get("is_active", True))
        if st.form_submit_button("Gem måleredskab", type="primary"):
            save("Progressionsmål", {
                "Kode": row["code"] if chosen else code, "Navn": label, "Laveste score": minimum or None,
                "Højeste score": maximum or None, "Høj score er tættest på job": closer == "Høj score",
                "Betydende ændring": step or None, "Delområder": items, "Aktiv": active,
            }, chosen, f"Måleredskabet '{label.strip()}' er gemt.")
    if chosen and st.button("Slet måleredskabet", key="delete_instrument"):
        remove("Progressionsmål", chosen, f"Måleredskabet '{row['label']}' er slettet.")


def _number_text(value) -> str:
    return "" if value is None else format_number(value, 2).rstrip("0").rstrip(",")


# --- Delmål ---------------------------------------------------------------------------------------------


def codes_text(codes) -> str:
    return ", ".join(sorted(codes)) if codes else ""


def show_targets_list() -> None:
    """Each delmål as a sentence that wraps (a table cut the longer category lists)."""
    for row in stored["Projektmål"]:
        rule = rule_of(SimpleNamespace(**row))
        counts = describe_rule(rule, categories, TARGET_GROUPS) if rule else \
            f"Fast nøgletal: {TARGET_INDICATORS.get(row['indicator_key'], row['indicator_key'])}"
        goal = "uden måltal" if row["target_value"] is None else \
            f"mål {format_number(row['target_value'])} inden {format_date(row['deadline'])}"
        headline = "; hovedtal på Overblik" if row["is_headline"] else ""
        if rule and rule.part_categories:
            # The heraf part's own words and target, right after what it counts.
            part_goal = "" if row.get("part_target_value") is None else \
                f", mål {format_number(row['part_target_value'])}"
            counts += f" («{row.get('part_label') or 'heraf'}»{part_goal})"
        st.markdown(f"**{plain_markdown(row['label'])}** ({plain_markdown(row['project'])}): "
                    f"{plain_markdown(counts)}; {goal}{headline}.")


def project_targets() -> None:
    st.caption("Projektets egne delmål med projektets egne ord: hvilke kategorier der tæller, for hvilke "
               "målgrupper, status nu eller nået på et tidspunkt, og en eventuel heraf-del. Delmål markeret til "
               "Overblik vises som projektets hovedtal.")
    if not projects or not categories:
        st.info("Opret først et projekt og kategorierne; så kan du beskrive delmålene.")
        return
    if stored["Projektmål"]:
        with st.container(border=True):
            show_targets_list()
    chosen, row = pick("Projektmål", "et delmål", lambda row: f"{row['project']}: {row['label']}")
    with st.form(form_key("target", chosen)):
        left, right = st.columns([1, 2])
        project = left.selectbox("Projekt", projects, index=projects.index(row["project"]) if row else 0,
                                 placeholder=CHOOSE)
        label = right.text_input("Delmål (projektets egne ord)", value=row.get("label", ""),
                                 placeholder="Fx Borgere i ordinært arbejde eller uddannelse")
        counted = st.multiselect("Kategorier, der tæller", list(categories), format_func=categories.get,
                                 default=sorted(row.get("rule_categories") or ()), placeholder="Vælg kategorier",
                                 select_all=False)
        left, right = st.columns(2)
        countings = list(COUNTINGS)
        counting = left.radio("Optælling", countings, format_func=lambda code: COUNTINGS[code].capitalize(),
                              index=countings.index(row.get("rule_counting") or NOW))
        groups = right.multiselect("Målgrupper (tom: alle)", list(TARGET_GROUPS), format_func=TARGET_GROUPS.get,
                                   default=sorted(row.get("rule_target_groups") or ()), placeholder="Alle målgrupper",
                                   select_all=False)
        left, right = st.columns(2)
        part_label = left.text_input("Heraf (tekst)", value=row.get("part_label") or "",
                                     placeholder="Fx i fleksjob")
        part = right.multiselect("Heraf kategorier", list(categories), format_func=categories.get,
                                 default=sorted(row.get("part_categories") or ()), placeholder="Ingen heraf-del",
                                 select_all=False)
        left, middle, right = st.columns(3)
        target_value = left.number_input("Målværdi (antal)", min_value=0, step=1, format="%d",
                                         value=None if row.get("target_value") is None else int(row["target_value"]),
                                         placeholder="Intet måltal")
        part_target = left.number_input(
            "Heraf målværdi (antal)", min_value=0, step=1, format="%d", placeholder="Intet måltal for heraf-delen",
            value=None if row.get("part_target_value") is None else int(row["part_target_value"]))
        # Written as in the workbook (dd-mm-åååå) and checked by the same rules, with the same messages.
        deadline = middle.text_input("Frist (dd-mm-åååå)", placeholder="Fx 31-12-2027",
                                     value=format_date(row["deadline"]) if row.get("deadline") else "")
        headline = right.checkbox("Hovedtal på Overblik", value=bool(row.get("is_headline")))
        indicators = [None, *TARGET_INDICATORS]
        indicator = st.selectbox(
            "Eller i stedet for kategorier: et fast nøgletal", indicators,
            index=indicators.index(row.get("indicator_key")) if row.get("indicator_key") in indicators else 0,
            format_func=lambda key: "Intet (delmålet tæller kategorierne ovenfor)" if key is None
            else TARGET_INDICATORS[key], placeholder=CHOOSE)
        if st.form_submit_button("Gem delmål", type="primary"):
            save("Projektmål", {
                "Projekt": project, "Tekst": label, "Kategorier": codes_text(counted),
                "Optælling": counting if counted else None,
                "Målgrupper": codes_text(groups) if counted else None, "Heraf (tekst)": part_label,
                "Heraf kategorier": codes_text(part), "Heraf målværdi": part_target, "Målværdi": target_value,
                "Frist": deadline.strip() or None,
                "Overblik": headline,
                "Indikator": indicator,
            }, chosen, f"Delmålet '{label.strip()}' er gemt.")
    if chosen and st.button("Slet delmålet", key="delete_target"):
        remove("Projektmål", chosen, f"Delmålet '{row['label']}' er slettet.")


# --- Benchmarks -----------------------------------------------------------------------------------------


def benchmarks() -> None:
    st.caption("Landstal og andre sammenligningstal, fx fra jobindsats.dk. De vises som streger på graferne.")
    if stored["Benchmarks"]:
        show_table(pd.DataFrame({
            "Benchmark": [row["label"] for row in stored["Benchmarks"]],
            "Værdi": [format_percent(row["value"]) for row in stored["Benchmarks"]],
            "Periode": [row["period"] for row in stored["Benchmarks"]],
            "Kilde": [row["source"] for row in stored["Benchmarks"]],
        }), "benchmarks")
    chosen, row = pick("Benchmarks", "en benchmark", lambda row: row["label"])
    with st.form(form_key("benchmark", chosen)):
        left, right = st.columns(2)
        keys = list(BENCHMARK_INDICATORS)
        indicator = left.selectbox("Sammenlignes med", keys, format_func=BENCHMARK_INDICATORS.get,
                                   index=keys.index(row["indicator_key"]) if row else 0, placeholder=CHOOSE)
        label = right.text_input("Tekst", value=row.get("label", ""),
                                 placeholder="Fx Andel i job eller uddannelse 6 måneder efter, hele landet")
        left, middle, right = st.columns(3)
        percent = left.text_input("Værdi (%)", value="" if not row else format_number(100 * row["value"], 1),
                                  placeholder="Fx 35 eller 35,5")
        period = middle.text_input("Periode", value=row.get("period", ""), placeholder="Fx 2025")
        source = right.text_input("Kilde", value=row.get("source", ""), placeholder="Fx jobindsats.dk")
        left, middle, right = st.columns(3)
        table = left.text_input("Jobindsats-tabel", value=row.get("jobindsats_table") or "", placeholder="Fx y30r21",
                                help="Tom: værdien tastes. Udfyldt: værdien kan hentes fra jobindsats.dk.")
        measure = middle.text_input("Jobindsats-mål", value=row.get("jobindsats_measure") or "",
                                    placeholder="Målets navn i tabellen")
        area = right.text_input("Jobindsats-område", value=row.get("jobindsats_area") or "",
                                placeholder="Fx Hele landet")
        if st.form_submit_button("Gem benchmark", type="primary"):
            number = as_number(percent) if percent.strip() else None
            save("Benchmarks", {"Indikator": indicator, "Tekst": label, "Periode": period, "Kilde": source,
                                "Værdi": percent if number is None else number / 100, "Jobindsats-tabel": table,
                                "Jobindsats-mål": measure, "Jobindsats-område": area},
                 chosen, f"Benchmarken '{label.strip()}' er gemt.")
    if chosen and st.button("Slet benchmarken", key="delete_benchmark"):
        remove("Benchmarks", chosen, f"Benchmarken '{row['label']}' er slettet.")
    fetch_from_jobindsats()


FETCHED_KEY = "jobindsats_fetched"


def fetch_from_jobindsats() -> None:
    """The benchmarks that name a jobindsats.dk table, fetched: what would change first, stored when confirmed."""
    if not any(row.get("jobindsats_table") for row in stored["Benchmarks"]):
        return
    st.subheader("Hent fra jobindsats.dk")
    settings = jobindsats_settings()
    if settings is None:
        st.caption("Tilføj afsnittet [jobindsats] med nøglen (token) fra jobindsats.dk i secrets.toml for at hente.")
        return
    if st.button("Hent de nyeste værdier", icon=":material/cloud_download:"):
        require_role("admin")
        with st.spinner("Henter fra jobindsats.dk …"):
            st.session_state[FETCHED_KEY] = plan_fetch(engine, settings)
    if FETCHED_KEY not in st.session_state:
        return
    fetched, problems = st.session_state[FETCHED_KEY]
    for label, problem in problems:
        st.error(plain_markdown(f"{label}: {problem}"), icon=":material/error:")
    if not fetched:
        st.info("Intet er hentet; intet er ændret.")
        return
    show_table(pd.DataFrame({
        "Benchmark": [item.label for item in fetched],
        "Nu": [format_percent(item.old_value) for item in fetched],
        "Hentet": [format_percent(item.new_value) for item in fetched],
        "Periode": [item.period for item in fetched],
        "Kilde": [item.source for item in fetched],
        "Hentet den": [format_local_date(item.fetched_at) for item in fetched],
    }), "hentet fra jobindsats")
    if st.button("Gem de hentede værdier", type="primary", icon=":material/save:"):
        require_role("admin")
        changed = store_fetched(engine, fetched, account.username)
        del st.session_state[FETCHED_KEY]
        flash(f"{changed} benchmark(s) er opdateret fra jobindsats.dk.")
        st.rerun()


# --- The setup workbook ---------------------------------------------------------------------------------


def setup_workbook() -> None:
    st.write("Hele opsætningen (projekter, steder, kategorier, faggrupper, jobtyper, progressionsmål, delmål og "
             "benchmarks) "
             "kan også forberedes i Excel: hent regnearket (med de gældende stamdata, eller "
             "standardkategorierne i en ny installation), ret og tilføj rækker, og indlæs det igen. Rækker, der "
             "findes i forvejen, opdateres; nye tilføjes; intet slettes.")
    download(st, "Hent opsætningsregnearket (.xlsx)", lambda: setup_workbook_bytes(engine), "opsætningsregneark",
             role="admin", file_name="opsaetning.xlsx", mime=XLSX_MIME, icon=":material/download:")
    upload = upload_field("Indlæs opsætningsregnearket (.xlsx)", type=["xlsx"], key="setup_upload",
                              max_upload_size=MAX_FILE_BYTES // (1024 * 1024))
    if upload is None:
        return
    try:
        parsed = read_workbook(upload.getvalue())
    except UnreadableWorkbook as refusal:
        st.error(plain_markdown(str(refusal)), icon=":material/block:")
        return
    report = import_setup(engine, parsed, account.username, commit=False)
    if not report.ok:
        st.error(f"Filen er afvist: {format_number(len(report.errors))} fejl. Intet er gemt.", icon=":material/block:")
        show_table(pd.DataFrame({"Hvor": [problem.location or "Filen" for problem in report.errors],
                                 "Fejl": [problem.message for problem in report.errors]}), "fejl i filen")
        return
    for problem in report.warnings:
        st.warning(plain_markdown(problem.text()), icon=":material/warning:")
    if not report.changes:
        st.info(f"Filen er kontrolleret: ingen ændringer ({format_number(report.unchanged)} rækker er uændrede).")
        return
    st.success(f"Filen er kontrolleret uden fejl: {format_number(len(report.changes))} ændringer, "
               f"{format_number(report.unchanged)} rækker uændrede.", icon=":material/check_circle:")
    show_table(pd.DataFrame({"Ændring": [change.text for change in report.changes]}), "ændringer")
    if st.button("Gem ændringerne", type="primary", icon=":material/save:"):
        require_role("admin")
        stored_report = import_setup(engine, parsed, account.username, commit=True)
        if stored_report.stored:
            done(f"{format_number(len(stored_report.changes))} ændringer i stamdata er gemt.")
        for problem in stored_report.errors:
            st.error(plain_markdown(problem.text()))


show_tabs({"Projekter og steder": projects_and_sites, "Kategorier": outcome_categories, "Delmål": project_targets,
           "Faggrupper": professions, "Jobtyper": job_types, "Progressionsmål": progression_instruments,
           "Benchmarks": benchmarks,
           "Opsætningsregneark": setup_workbook})
