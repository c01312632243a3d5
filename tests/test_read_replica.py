"""A read replica: the analysis pages read from ``DATABASE_READ_URL``, everything written goes to ``DATABASE_URL``.

Two PostgreSQL databases (schemas) with the same demo data stand in for a primary and its streaming
replica; the replica's connections are read-only (``default_transaction_read_only``), as a hot standby's
are, so any write sent there fails the test. Replication itself is PostgreSQL's and not tested here.
"""

from urllib.parse import quote

import pytest
from sqlalchemy import func, select, update
from streamlit.testing.v1 import AppTest

from bench.databases import postgres_schema
from data_access.engine import make_engine
from data_access.migrate import upgrade
from data_access.models import OutcomeCategory, SiteFigure
from demo.simulation import write_demo
from presentation.page_registry import ANALYSIS_PAGES
from tests.conftest import PROJECT_ROOT, postgres_url, signed_in, url_of

ON_POSTGRES = pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
PAGES = [page.path for page in ANALYSIS_PAGES.values()]


@pytest.fixture
def replica():
    """A second schema with the same demo data: (URL as a hot standby is reached, read-only; a writable engine
    to prepare it)."""
    with postgres_schema(postgres_url()) as url:
        writable = make_engine(url)
        upgrade(writable)
        write_demo(writable)
        try:
            yield url + quote(" -cdefault_transaction_read_only=on", safe=""), writable
        finally:
            writable.dispose()


@ON_POSTGRES
def test_pages_read_the_replica_and_write_only_to_the_primary(demo_engine, replica, monkeypatch):
    engine = demo_engine
    replica_url, replica_writable = replica
    with make_engine(replica_url).connect() as connection, pytest.raises(Exception, match="read-only"):
        connection.execute(update(OutcomeCategory).values(label="x"))
    # What only the replica says: a category's name (as replication would bring an edit made on the primary).
    with replica_writable.begin() as connection:
        connection.execute(update(OutcomeCategory).where(OutcomeCategory.code == "ordinary_job")
                           .values(label="Ordinært job (fra replikaen)"))
    monkeypatch.setenv("DATABASE_URL", url_of(engine))
    monkeypatch.setenv("DATABASE_READ_URL", replica_url)
    monkeypatch.setenv("SITE_FIGURES_FROM", "1")  # the sites' parts are written too

    at = signed_in(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120), url_of(engine),
                   "styregruppe")
    at.run()
    assert not at.exception, at.exception
    assert any("Ordinært job (fra replikaen)" in caption.value for caption in at.caption)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)

    # Written on the primary only: the sites' parts (the replica, read-only, would have refused them).
    assert _count(engine, SiteFigure) > 0
    assert _count(replica_writable, SiteFigure) == 0


def _count(engine, model) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(model)).scalar_one()
