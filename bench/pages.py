"""Server time per page: each analysis page run through Streamlit's test harness, as a signed-in reader.

Three figures per page and database:

* ``first_view``: the first page after the server started or the data changed (loads the data in force);
* ``page``: the page's own preparation, the data in force already loaded (its figures not yet cached);
* ``warm``: the page again, as when somebody else opens the same view (everything cached).
"""

import os
import statistics
import time

import streamlit as st
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from bench.serving import PROJECT_ROOT
from data_access.engine import make_engine
from data_access.models import UserAccount

PAGES = {
    "overblik": "pages/overblik.py",
    "delmaal": "pages/delmaal.py",
    "resultater": "pages/resultater.py",
    "medarbejderkombinationer": "pages/medarbejderkombinationer.py",
    "trivsel": "pages/trivsel.py",
}
TIMEOUT = 900  # seconds; a cold national load is slow


def _signed_in_app(database_url: str, query: dict[str, str]) -> AppTest:
    with make_engine(database_url).connect() as connection:
        account = connection.execute(select(UserAccount.id).where(UserAccount.username == "styregruppe")).scalar_one()
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["account_id"] = account
    for key, value in query.items():
        at.query_params[key] = value
    return at


def _timed(run) -> float:
    started = time.perf_counter()
    at = run()
    elapsed = time.perf_counter() - started
    if at.exception:
        raise RuntimeError(at.exception[0].message)
    return elapsed


def page_timings(database_url: str, label: str, repeat: int = 3, query: dict[str, str] | None = None) -> list[dict]:
    """Timings for every analysis page on one database; ``label`` names it in the results."""
    from ui.context import _memo, _view_frames  # a view's figures and work, cleared to time a page's own work

    os.environ["DATABASE_URL"] = database_url
    st.cache_data.clear()
    st.cache_resource.clear()
    at = _signed_in_app(database_url, query or {})
    results = [{"measure": "first_view", "database": label, "page": "overblik", "seconds": round(_timed(at.run), 3)}]
    for name, path in PAGES.items():
        own, warm = [], []
        for _ in range(repeat):
            _view_frames.clear()
            _memo.clear()
            own.append(_timed(lambda path=path: at.switch_page(path).run()))
            warm.append(_timed(at.run))
        results.append({"measure": "page", "database": label, "page": name,
                        "seconds": round(statistics.median(own), 3)})
        results.append({"measure": "warm", "database": label, "page": name,
                        "seconds": round(statistics.median(warm), 3)})
    return results
