"""Read-only figures for the municipality's BI team (Power BI, Excel): views over the published quarters' kept
figures, and a PostgreSQL login role that can read those views and nothing else.

The views (migration 0017) show ``published_figure``: each figure as the steering group saw it in the newest
publication of each project's quarter, per site and for the whole project, per target group, with its n and
with the disclosure rule already applied (a hidden figure has no value, ``skjult`` says so). They never show a
person, an account or the audit log, and they are worked out by the pages' own functions
(``metrics/published.py``), not by a second definition in SQL.
"""

import re

from sqlalchemy import Engine, text

TOPIC_VIEWS = {
    "bi_overblik": "overblik", "bi_delmaal": "delmaal", "bi_resultater": "resultater", "bi_trivsel": "trivsel",
    "bi_progression": "progression", "bi_medarbejderkombinationer": "medarbejderkombinationer",
    "bi_aktiviteter": "aktiviteter",
}
PUBLICATIONS_VIEW = "bi_offentliggjorte_kvartaler"
BI_VIEWS = (*TOPIC_VIEWS, PUBLICATIONS_VIEW)
# Every column of the figure views, with its meaning (the README's table is checked against this).
FIGURE_COLUMNS = {
    "projekt": "Projektets navn",
    "sted": "Stedets navn, eller 'Hele projektet'",
    "kvartal": "Det offentliggjorte kvartal, fx '2026 K3'",
    "offentliggjort": "Hvornår kvartalet blev offentliggjort (den nyeste offentliggørelse af kvartalet)",
    "maalgruppe": "Målgruppen, eller 'Alle målgrupper'",
    "noegletal": "Nøgletallets faste navn (fx in_job_or_education, delmaal:3 for projektets 3. delmål)",
    "tekst": "Nøgletallets danske tekst, som på siderne",
    "enhed": "count (antal), share (andel), points (point) m.fl.",
    "decimaler": "Decimaler, tallet vises med",
    "vaerdi": "Tallet (tom, hvor det er skjult)",
    "taeller": "Tælleren bag en andel (tom, hvor den er skjult)",
    "naevner": "Nævneren, n, bag en andel eller et gennemsnit",
    "maal": "Et delmåls målværdi",
    "naaet": "Om delmålet er nået (tom: ingen vurdering)",
    "skjult": "Sand, hvor tallet er skjult efter diskretionsreglen (under 5)",
}
PUBLICATION_COLUMNS = {
    "projekt": "Projektets navn",
    "kvartal": "Det offentliggjorte kvartal",
    "offentliggjort": "Hvornår",
    "tal": "Antal gemte tal for kvartalet (0: de regnes endnu)",
}
_ROLE_NAME = re.compile(r"[a-z][a-z0-9_]{2,62}")


class BiRoleRefused(ValueError):
    """The role cannot be made; the message is Danish."""


def create_bi_role(engine: Engine, name: str, password: str) -> None:
    """A PostgreSQL login role that can read the BI views and nothing else (made again if it exists: its
    rights are then exactly these)."""
    if engine.dialect.name != "postgresql":
        raise BiRoleRefused("En BI-rolle kræver PostgreSQL: SQLite har ingen brugere eller rettigheder.")
    if not _ROLE_NAME.fullmatch(name):
        raise BiRoleRefused("Rollens navn skal være 3-63 små bogstaver (a-z), tal og _, og begynde med et bogstav.")
    if len(password) < 16:
        raise BiRoleRefused("BI-rollens adgangskode skal have mindst 16 tegn.")
    with engine.begin() as connection:
        database = connection.execute(text("SELECT current_database()")).scalar_one()
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :name"), {"name": name}).first()
        quoted = connection.dialect.identifier_preparer.quote(name)
        # The password goes as a literal: a role's password cannot be a bound parameter in PostgreSQL.
        literal = "'" + password.replace("'", "''") + "'"
        if exists:
            connection.execute(text(f"ALTER ROLE {quoted} LOGIN PASSWORD {literal}"))
            connection.execute(text(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {quoted}"))
            connection.execute(text(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {quoted}"))
        else:
            connection.execute(text(f"CREATE ROLE {quoted} LOGIN NOINHERIT PASSWORD {literal}"))
        connection.execute(text(f"GRANT CONNECT ON DATABASE {connection.dialect.identifier_preparer.quote(database)} "
                                f"TO {quoted}"))
        connection.execute(text(f"GRANT USAGE ON SCHEMA public TO {quoted}"))
        connection.execute(text(f"GRANT SELECT ON {', '.join(BI_VIEWS)} TO {quoted}"))
        # The views read published_figure with their owner's rights; the role itself reads no table.
        connection.execute(text(f"REVOKE CREATE ON SCHEMA public FROM {quoted}"))
