"""read-only views of the published quarters' figures for the municipality's BI team

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from alembic import op

revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

# view -> the topic of published_figure it shows (data_access/bi_views.py documents them)
TOPIC_VIEWS = {
    "bi_overblik": "overblik", "bi_delmaal": "delmaal", "bi_resultater": "resultater", "bi_trivsel": "trivsel",
    "bi_progression": "progression", "bi_medarbejderkombinationer": "medarbejderkombinationer",
    "bi_aktiviteter": "aktiviteter",
}
PUBLICATIONS_VIEW = "bi_offentliggjorte_kvartaler"
# Only the newest publication of a project's quarter: publishing a quarter again replaces what BI reads.
NEWEST = """publication.id = (SELECT max(newer.id) FROM publication AS newer
                     WHERE newer.project_id = publication.project_id AND newer.quarter = publication.quarter)"""
QUARTER = "substr(publication.quarter, 1, 4) || ' K' || substr(publication.quarter, 6, 1)"
FIGURES = f"""
SELECT project.name AS projekt,
       CASE WHEN figure.site_id IS NULL THEN 'Hele projektet' ELSE site.name END AS sted,
       {QUARTER} AS kvartal,
       publication.published_at AS offentliggjort,
       CASE figure.target_group WHEN '' THEN 'Alle målgrupper' WHEN 'adult' THEN 'Voksne'
            WHEN 'young' THEN 'Unge (15-29 år)' WHEN 'child' THEN 'Børn' ELSE figure.target_group END AS maalgruppe,
       figure.figure AS noegletal,
       figure.label AS tekst,
       figure.unit AS enhed,
       figure.decimals AS decimaler,
       figure.value AS vaerdi,
       figure.numerator AS taeller,
       figure.denominator AS naevner,
       figure.goal AS maal,
       figure.met AS naaet,
       figure.hidden AS skjult
FROM published_figure AS figure
JOIN publication ON publication.id = figure.publication_id
JOIN project ON project.id = publication.project_id
LEFT JOIN site ON site.id = figure.site_id
WHERE {NEWEST} AND figure.topic = '{{topic}}'
"""
PUBLICATIONS = f"""
SELECT project.name AS projekt, {QUARTER} AS kvartal, publication.published_at AS offentliggjort,
       (SELECT count(*) FROM published_figure WHERE published_figure.publication_id = publication.id) AS tal
FROM publication JOIN project ON project.id = publication.project_id
WHERE {NEWEST}
"""


def upgrade() -> None:
    for view, topic in TOPIC_VIEWS.items():
        op.execute(f"CREATE VIEW {view} AS {FIGURES.format(topic=topic)}")
    op.execute(f"CREATE VIEW {PUBLICATIONS_VIEW} AS {PUBLICATIONS}")


def downgrade() -> None:
    for view in [*TOPIC_VIEWS, PUBLICATIONS_VIEW]:
        op.execute(f"DROP VIEW {view}")
