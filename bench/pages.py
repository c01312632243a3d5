"""Server time per page and tab: each analysis page run through Streamlit's test harness, as a signed-in reader.

Figures per page (each tab) and database:

* ``first_view``: the first page after the server started (the figures of a programme's sites kept in the
  database, nothing worked out in this process yet);
* ``page``: the page's own work in a running server, the view's figures not yet worked out;
* ``warm``: the page again, as when somebody else opens the same view (everything cached);

and for a programme of many sites (worked out site by site, see ``data_access/site_figures/``):

* ``after_import_first_view`` and ``after_import``: the first view and each page's first computation after one
  municipality's quarter was imported again (that site's figures are worked out anew, the others' read);
* ``cold_first_view`` and ``cold``: with no site's figures kept yet (a new installation, or a release that
  changes how figures are worked out): every site is worked out from its rows;
* ``release_warmed_first_view``, ``import_warmed_first_view``, ``benchmark_edit_warmed_first_view`` and
  ``category_edit_warmed_first_view``: the first view after each change once ``python -m cli warm-figures``
  has run (``warm_figures``: how long that took); first, the demo's publications keep their figures
  (``keep_published_figures``), which a real installation did when it published them.

``python -m bench.pages --memory URL`` walks every page and tab in a process of its own and prints its resident
memory (VmRSS) and peak (VmHWM) in MB.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import streamlit as st
from sqlalchemy import delete, func, select, update
from streamlit.testing.v1 import AppTest

from bench.serving import PROJECT_ROOT
from bench.walk import walk_every_page
from data_access.engine import make_engine
from data_access.models import Benchmark, ImportVersion, OutcomeCategory, SiteFigure, UserAccount
from data_access.publication import keep_every_published_figure
from data_access.returns import VersionMeta, read_return, write_returns
from data_access.site_figures import forget_combined
from presentation.page_registry import ANALYSIS_PAGES

TIMEOUT = 900  # seconds; a programme worked out from its rows for the first time is slow


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


def _open(at: AppTest, path: str, tab: str | None) -> AppTest:
    if tab:
        at.query_params["visning"] = tab
    return at.switch_page(path).run()


def _forget_work() -> None:
    """Drop what this process has worked out (as after an import), but not what the database keeps."""
    from ui.data_cache import memo_of_view, view_frames

    view_frames.clear()
    memo_of_view.clear()
    forget_combined()


def _page_name(name: str, tab: str | None) -> str:
    return name if tab is None else f"{name}: {tab}"


def _first_computations(at: AppTest, measure: str, label: str) -> list[dict]:
    """Each page and tab once, as the first reader of it computes it."""
    results = []
    for name, page in ANALYSIS_PAGES.items():
        path = page.path
        for tab in page.tabs_or_none:
            _forget_work()
            results.append({"measure": measure, "database": label, "page": _page_name(name, tab),
                            "seconds": round(_timed(lambda path=path, tab=tab: _open(at, path, tab)), 3)})
    return results


def page_timings(database_url: str, label: str, repeat: int = 3, query: dict[str, str] | None = None,
                 programme: bool = False) -> list[dict]:
    """Timings for every analysis page and tab on one database; ``label`` names it in the results.
    ``programme``: also the first views after an import and with nothing kept."""
    os.environ["DATABASE_URL"] = database_url
    engine = make_engine(database_url)
    results = []
    if programme:
        with engine.begin() as connection:
            connection.execute(delete(SiteFigure))
        results += _first_view("cold_first_view", database_url, label, query)
        results += _first_computations(_signed_in_app(database_url, query or {}), "cold", label)
    results += _first_view("first_view", database_url, label, query)
    at = _signed_in_app(database_url, query or {})
    at.run()
    for name, page in ANALYSIS_PAGES.items():
        path = page.path
        for tab in page.tabs_or_none:
            own, warm = [], []
            for _ in range(repeat):
                _forget_work()
                own.append(_timed(lambda path=path, tab=tab: _open(at, path, tab)))
                warm.append(_timed(at.run))
            results.append({"measure": "page", "database": label, "page": _page_name(name, tab),
                            "seconds": round(statistics.median(own), 3)})
            results.append({"measure": "warm", "database": label, "page": _page_name(name, tab),
                            "seconds": round(statistics.median(warm), 3)})
    if programme:
        reimport_one_quarter(engine)
        results += _first_view("after_import_first_view", database_url, label, query)
        reimport_one_quarter(engine)
        results += _first_computations(_signed_in_app(database_url, query or {}), "after_import", label)
        results += warmed_first_views(engine, database_url, label, query)
    engine.dispose()
    return results


def warmed_first_views(engine, database_url: str, label: str, query: dict[str, str] | None) -> list[dict]:
    """The first view after each kind of change, with the warm step done as the app and a deploy do it
    (``python -m cli warm-figures`` in a process of its own): after a release that changes how every figure is
    worked out (no kept part reachable), after an import, and after a master-data edit (a benchmark value,
    which no kept figure reads, and a category's name, which every figure carrying categories declares)."""
    changes = {
        "release": lambda connection: connection.execute(delete(SiteFigure)),
        "import": None,
        "benchmark_edit": lambda connection: connection.execute(update(Benchmark).values(value=Benchmark.value + 1)),
        "category_edit": lambda connection: connection.execute(
            update(OutcomeCategory).values(label=OutcomeCategory.label + " ")),
    }
    # The demo writes its publications as they were made, without the figures a publication keeps: the first
    # warm-up would keep them all (about 1 s each), a cost a release does not pay again. Kept first, on its own.
    started = time.perf_counter()
    publications, _ = keep_every_published_figure(engine)
    results = [{"measure": "keep_published_figures", "database": label, "publications": publications,
                "seconds": round(time.perf_counter() - started, 1)}]
    for change, make in changes.items():
        if make is None:
            reimport_one_quarter(engine)
        else:
            with engine.begin() as connection:
                make(connection)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cli", "warm-figures"], cwd=PROJECT_ROOT, check=True,
                       env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, timeout=TIMEOUT * 4)
        results.append({"measure": "warm_figures", "database": label, "after": change,
                        "seconds": round(time.perf_counter() - started, 1)})
        results += _first_view(f"{change}_warmed_first_view", database_url, label, query)
    return results


def _first_view(measure: str, database_url: str, label: str, query: dict[str, str] | None) -> list[dict]:
    """The first page after a start: every cache of the process empty."""
    from ui.data_cache import forget_memos

    st.cache_data.clear()
    st.cache_resource.clear()
    forget_memos()
    forget_combined()
    at = _signed_in_app(database_url, query or {})
    return [{"measure": measure, "database": label, "page": "overblik", "seconds": round(_timed(at.run), 3)}]


def reimport_one_quarter(engine) -> None:
    """One municipality's latest quarter stored again as a new version, as its import would store it."""
    with engine.begin() as connection:
        newest = connection.execute(select(func.max(ImportVersion.id))).scalar_one()
        quarterly = read_return(connection, newest)
        write_returns(connection, [quarterly], VersionMeta("import", "benchmark", file_name="genindlæst.xlsx"))


def memory_after_every_page(database_url: str) -> dict:
    """Every page and tab once, in this process; then its memory."""
    os.environ["DATABASE_URL"] = database_url
    walk_every_page(_signed_in_app(database_url, {}))
    lines = Path("/proc/self/status").read_text().splitlines()
    status = dict(line.split(":", 1) for line in lines if ":" in line)
    return {"resident_mb": round(int(status["VmRSS"].split()[0]) / 1024), "peak_mb": round(
        int(status["VmHWM"].split()[0]) / 1024)}


def memory_of_pages(database_url: str, label: str) -> list[dict]:
    """The resident memory of a process that has shown every page and tab of the whole view."""
    finished = subprocess.run([sys.executable, "-m", "bench.pages", "--memory", database_url], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=TIMEOUT * 4, check=True)
    measured = json.loads(finished.stdout.strip().splitlines()[-1])
    return [{"measure": "memory", "database": label, **measured}]


if __name__ == "__main__" and sys.argv[1:2] == ["--memory"]:
    print(json.dumps(memory_after_every_page(sys.argv[2])))
