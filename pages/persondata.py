"""Persondata: the record of processing, an access request, the erasure of one person and the deletion of old
audit and sign-in records (data_access/personal_data.py does the work; this page lays it out)."""

import pandas as pd
import streamlit as st

from data_access.cpr import looks_like_cpr
from data_access.master_data import stored_rows
from data_access.personal_data import (
    NOT_PERSONAL,
    RECORD,
    access_request_workbook,
    erase_person,
    person_rows,
    projects_due,
    purge_old_records,
    purge_project,
    purged_projects,
    record_workbook,
    retention_end,
    title_of,
)
from data_access.settings import audit_retention, project_retention_months
from presentation.format import CHOOSE, format_date, format_local_date, format_number, plain_markdown
from ui.auth import flash, start_task_page
from ui.data_cache import reference_frames
from ui.widgets import XLSX_MIME, download, show_table, show_tabs

engine, account = start_task_page("pages/persondata.py", "Persondata", "admin")

def record_of_processing() -> None:
    st.caption("Fortegnelsen over behandlingsaktiviteter (databeskyttelsesforordningen art. 30), dannet ud fra "
               "dashboardets datamodel: hver tabel med personoplysninger, hvert felt, formålet, hvem der kan se "
               "det, hvor det kommer fra, og hvor længe det gemmes. En test sikrer, at ingen tabel eller kolonne "
               "mangler.")
    # One block per kind of data: a table cut the long purposes and retention texts at 1280 pixels.
    for kind in RECORD:
        with st.container(border=True):
            health = " · **helbredsoplysninger (art. 9)**" if kind.health else ""
            st.markdown(f"**{kind.title}** (tabellen `{kind.table}`){health}  \n"
                        f"*Formål:* {kind.purpose}  \n*Kilde:* {kind.source}  \n"
                        f"*Hvem kan se det:* {kind.seen_by}  \n*Opbevaring:* {kind.retention}  \n"
                        f"*Felter:* " + "; ".join(kind.fields.values()))
    with st.expander("Tabeller uden personoplysninger"):
        show_table(pd.DataFrame({"Tabel": list(NOT_PERSONAL), "Indhold": list(NOT_PERSONAL.values())}),
                   "tabeller uden personoplysninger")
    download(st, "Hent fortegnelsen (.xlsx)", record_workbook, "fortegnelse over personoplysninger", role="admin",
             file_name="fortegnelse-personoplysninger.xlsx", mime=XLSX_MIME, icon=":material/download:")


def _site_choice(key: str) -> int | None:
    sites = reference_frames().sites
    options = [None, *sites["site_id"].tolist()]
    names = dict(zip(sites["site_id"], sites["site_name"], strict=True))
    return st.selectbox("Sted", options, format_func=lambda site_id: "Alle steder" if site_id is None
                        else names[site_id], key=key, placeholder=CHOOSE)


def _person(prefix: str, below=None) -> tuple[str, int | None, dict] | None:
    """A Borger-id and a site asked for, and what is stored under them; None (and a message) when nothing is.
    ``below``: a further field drawn under the two (e.g. the reason for an erasure)."""
    left, right = st.columns(2)
    with left:
        person_key = st.text_input("Borger-id", key=f"{prefix}_key", placeholder="Fx P00012").strip()
    with right:
        site_id = _site_choice(f"{prefix}_site")
    if below:
        below()
    if not person_key:
        return None
    if looks_like_cpr(person_key):
        st.error("Borger-id'et ligner et CPR-nummer. Dashboardet gemmer aldrig CPR-numre; skriv projektets "
                 "pseudonyme Borger-id, fx P00012.", icon=":material/block:")
        return None
    found = person_rows(engine, person_key, site_id)
    if not found:
        st.info(f"Der er intet gemt under Borger-id {plain_markdown(person_key)}.")
        return None
    return person_key, site_id, found


def access_request() -> None:
    st.caption("Alt, hvad der er gemt under ét Borger-id, i alle importversioner, som ét regneark med danske "
               "kolonnenavne og en forklaring. Udleveringen står i auditloggen (uden Borger-id'et).")
    if not (asked := _person("access")):
        return
    person_key, site_id, found = asked
    st.write(f"{format_number(sum(map(len, found.values())))} rækker i {format_number(len(found))} tabeller.")
    download(st, "Hent indsigten (.xlsx)", lambda: access_request_workbook(engine, person_key, account.username,
                                                                          site_id),
             "indsigt i ét Borger-id", role="admin", file_name="indsigt.xlsx", mime=XLSX_MIME,
             icon=":material/download:")


def erasure() -> None:
    st.caption("Slet ét Borger-id fra alle versioner, fx en borger registreret under et forkert id. Tallene regnes "
               "ud igen fra det, der er tilbage; et forelagt kvartal viser, at data bag det er rettet. "
               "Begrundelsen gemmes i auditloggen.")
    if not (asked := _person("erase", below=lambda: st.text_input(
            "Begrundelse", key="erase_reason", placeholder="Fx registreret under forkert Borger-id"))):
        return
    person_key, site_id, found = asked
    reason = st.session_state.get("erase_reason", "")
    sites = sorted({row["site"] for rows in found.values() for row in rows})
    counts = ", ".join(f"{format_number(len(rows))} i «{title_of(table)}»" for table, rows in found.items())
    st.warning(plain_markdown(f"Sletter Borger-id {person_key} på {', '.join(sites)}: {counts}. Det kan ikke "
                              "fortrydes."), icon=":material/warning:")
    confirmed = st.checkbox(f"Ja, slet Borger-id {person_key} fra alle versioner", key="erase_confirm")
    if st.button("Slet", type="primary", disabled=not (confirmed and reason.strip())):
        try:
            erased = erase_person(engine, person_key, reason, account.username, site_id)
        except ValueError as refusal:
            st.error(str(refusal), icon=":material/block:")
            return
        flash(f"Borger-id {person_key} er slettet: {format_number(erased.total)} rækker. Tallene er regnet ud "
              "igen.")
        for key in ("erase_key", "erase_reason", "erase_confirm"):
            st.session_state.pop(key, None)
        st.rerun()


def old_records() -> None:
    years = audit_retention().days / 365
    st.caption(f"Auditlog og log ind-data gemmes i {format_number(years, 1 if years % 1 else 0)} år "
               "(AUDIT_RETENTION_DAYS); ældre slettes her eller med «python -m cli purge». Sletningen står selv i "
               "auditloggen.")
    counted = purge_old_records(engine, account.username, dry_run=True)
    show_table(pd.DataFrame({"Hvad": [title_of(table) for table in counted.rows], "Rækker ældre end perioden": [
        format_number(count) for count in counted.rows.values()]}), "gamle data")
    if st.button("Slet de gamle rækker", disabled=not any(counted.rows.values())):
        deleted = purge_old_records(engine, account.username)
        flash(f"{format_number(sum(deleted.rows.values()))} gamle rækker er slettet.")
        st.rerun()


def ended_projects() -> None:
    st.caption(f"Data om borgerne gemmes til projektets slutdato plus opbevaringsperioden (sat pr. projekt under "
               f"Stamdata; ellers {format_number(project_retention_months())} måneder, PROJECT_RETENTION_MONTHS). "
               "Derefter slettes de i alle versioner, her eller med «python -m cli purge». De offentliggjorte "
               "kvartalers tal bevares, som de blev forelagt, og siderne viser dem med datoen for sletningen.")
    with engine.connect() as connection:
        projects = stored_rows(connection)["Projekter"]
    purged = purged_projects(engine).set_index("project_id")["deleted_at"].to_dict()
    due = {project.project_id: project for project in projects_due(engine)}
    show_table(pd.DataFrame({
        "Projekt": [row["name"] for row in projects],
        "Slutdato": [format_date(row["end_date"]) if row["end_date"] else "ikke sat" for row in projects],
        "Borgerdata slettes": [
            f"slettet {format_local_date(purged[row['id']])}" if row["id"] in purged else
            "nu (udløbet)" if row["id"] in due else
            format_date(end) if (end := retention_end(row["end_date"], row["retention_months"])) else "–"
            for row in projects],
    }), "projekters opbevaring")
    for project in due.values():
        with st.container(border=True):
            kinds = ", ".join(f"{format_number(count)} i «{title_of(table)}»" for table, count in project.rows.items())
            st.warning(plain_markdown(
                f"Opbevaringsperioden for {project.project} udløb {format_date(project.due_on)}. Sletningen fjerner "
                f"{format_number(project.total)} rækker i {format_number(len(project.by_version))} "
                f"{'importversion' if len(project.by_version) == 1 else 'importversioner'}: "
                f"{kinds or 'ingen rækker'}" + (f", og {format_number(project.staging_rows)} i staging-tabellerne"
                                                if project.staging_rows else "") + ". Det kan ikke fortrydes."),
                icon=":material/warning:")
            confirmed = st.checkbox(f"Ja, slet borgerdata for {project.project} ({format_number(project.total)} "
                                    "rækker)", key=f"purge_confirm_{project.project_id}")
            if st.button(f"Slet borgerdata for {project.project}", type="primary", disabled=not confirmed,
                         key=f"purge_{project.project_id}"):
                done = purge_project(engine, project.project_id, account.username)
                flash(f"Borgerdata for {done.project} er slettet: {format_number(done.total)} rækker. De "
                      "offentliggjorte tal er bevaret.")
                st.rerun()


show_tabs({"Fortegnelse": record_of_processing, "Indsigt": access_request, "Sletning af en borger": erasure,
           "Projekter efter slutdato": ended_projects, "Gamle data": old_records})
