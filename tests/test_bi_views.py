"""The BI team's read-only views: every published figure as the pages show it, and nothing else readable."""

import pandas as pd
import pytest
from sqlalchemy import create_engine, make_url, select, text
from sqlalchemy.exc import ProgrammingError

from cli.__main__ import main
from data_access.bi_views import BI_VIEWS, FIGURE_COLUMNS, PUBLICATION_COLUMNS, TOPIC_VIEWS
from data_access.models import Base, Project, Publication, Site
from data_access.publication import keep_published_figures
from data_access.queries import load_frames
from metrics.disclosure import THRESHOLD
from metrics.published import published_figures
from metrics.registry import INDICATORS
from metrics.vocabulary import TARGET_GROUPS
from tests.conftest import PROJECT_ROOT, url_of

PASSWORD = "bi-laeser-adgangskode-til-test"


def newest_publications(engine) -> list[tuple[int, int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(select(Publication.id, Publication.project_id, Publication.quarter)
                                  .order_by(Publication.id)).all()
    newest = {}
    for publication_id, project_id, quarter in rows:
        newest[project_id] = (publication_id, project_id, quarter)
    return list(newest.values())


def view(connection, name: str) -> pd.DataFrame:
    result = connection.execute(text(f"SELECT * FROM {name}"))
    return pd.DataFrame(result.all(), columns=list(result.keys()))


@pytest.mark.walk
def test_the_views_show_the_published_figures_as_the_pages_work_them_out(demo_engine):
    published = newest_publications(demo_engine)
    for publication_id, _, _ in published:
        keep_published_figures(demo_engine, publication_id)
    with demo_engine.connect() as connection:
        views = {name: view(connection, name) for name in BI_VIEWS}
        sites = dict(connection.execute(select(Site.id, Site.name)).all())
        projects = dict(connection.execute(select(Project.id, Project.name)).all())
    for name in TOPIC_VIEWS:
        assert list(views[name].columns) == list(FIGURE_COLUMNS), name
    assert list(views["bi_offentliggjorte_kvartaler"].columns) == list(PUBLICATION_COLUMNS)
    shown = pd.concat([views[name] for name in TOPIC_VIEWS], ignore_index=True)
    for publication_id, project_id, quarter in published:
        # Worked out again from the rows (not the kept figures): the same numbers, figure by figure.
        expected = published_figures(load_frames(demo_engine, publication_ids=(publication_id,)), project_id,
                                     quarter)
        label = f"{quarter[:4]} K{quarter[-1]}"
        mine = shown[(shown["kvartal"] == label) & (shown["projekt"] == projects[project_id])]
        assert len(mine) == len(expected) > 0
        keyed = mine.set_index(["sted", "maalgruppe", "noegletal"])
        for row in expected.itertuples():
            site = "Hele projektet" if pd.isna(row.site_id) else sites[int(row.site_id)]
            group = TARGET_GROUPS.get(row.target_group, "Alle målgrupper")
            got = keyed.loc[(site, group, row.figure)]
            for column, wanted in (("vaerdi", row.value), ("taeller", row.numerator), ("naevner", row.denominator)):
                assert (pd.isna(got[column]) and pd.isna(wanted)) or got[column] == pytest.approx(wanted), \
                    (site, group, row.figure, column)
            assert bool(got["skjult"]) == bool(row.hidden)
    # No count of persons under the threshold can be read: hidden figures have no value. (A count of delmål met
    # counts goals, not persons, and is shown as on the pages.)
    not_persons = {indicator.key for indicator in INDICATORS.values() if not indicator.counts_persons}
    counts = shown[(shown["enhed"] == "count") & ~shown["noegletal"].isin(not_persons)]
    for column in ("vaerdi", "taeller"):
        values = counts[column].dropna()
        assert not ((values > 0) & (values < THRESHOLD)).any(), column
    assert shown.loc[shown["skjult"].astype(bool), ["vaerdi", "taeller"]].isna().all().all()


@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_the_bi_role_reads_the_views_and_nothing_else(demo_engine, monkeypatch, capsys):
    keep_published_figures(demo_engine, newest_publications(demo_engine)[0][0])
    url = url_of(demo_engine)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("BI_PASSWORD", PASSWORD)
    name = f"bi_{make_url(url).database}"[:63]
    try:
        assert main(["create-bi-role", name]) == 0
        assert "kan nu kun læse BI-visningerne" in capsys.readouterr().out
        assert main(["create-bi-role", name]) == 0  # again: the same rights, not more
        bi = create_engine(make_url(url).set(username=name, password=PASSWORD))
        with bi.connect() as connection:
            for view_name in BI_VIEWS:
                connection.execute(text(f"SELECT * FROM {view_name}")).all()
            assert connection.execute(text("SELECT count(*) FROM bi_overblik")).scalar_one() > 0
        # Every table: persons, accounts, the audit log, and the kept figures behind the views too.
        for table in Base.metadata.tables:
            with bi.connect() as connection, pytest.raises(ProgrammingError, match="permission denied"):
                connection.execute(text(f"SELECT * FROM {table} LIMIT 1")).all()
        with bi.connect() as connection, pytest.raises(ProgrammingError, match="permission denied"):
            connection.execute(text("CREATE TABLE bi_egen (x int)"))
        bi.dispose()
    finally:
        with demo_engine.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {name}"))
            connection.execute(text(f"DROP ROLE IF EXISTS {name}"))


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_bi_role_needs_postgresql_and_says_so_in_danish(engine, monkeypatch, capsys):
    monkeypatch.setenv("DATABASE_URL", url_of(engine))
    monkeypatch.setenv("BI_PASSWORD", PASSWORD)
    assert main(["create-bi-role", "bi_laeser"]) == 1
    assert "kræver PostgreSQL" in capsys.readouterr().err


def test_the_migration_keeps_the_views_the_readme_documents():
    from importlib import import_module

    migration = import_module("data_access.migrations.versions.0017_bi_views")
    assert migration.TOPIC_VIEWS == TOPIC_VIEWS and BI_VIEWS[-1] == migration.PUBLICATIONS_VIEW
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name in BI_VIEWS:
        assert f"`{name}`" in readme, name
    for column, meaning in {**FIGURE_COLUMNS, **PUBLICATION_COLUMNS}.items():
        assert f"| `{column}` | {meaning} |" in readme, column
