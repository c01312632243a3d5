"""Benchmarks fetched from jobindsats.dk, against a local server that answers in the API's format: the value as a
share, retries where they help, a Danish message where they do not, and nothing stored unless confirmed."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import select

from data_access import jobindsats
from data_access.accounts.audit_log import audit_events
from data_access.jobindsats import JobindsatsSettings, plan_fetch, store_fetched
from data_access.master_data import save_row
from data_access.models import Benchmark

TOKEN = "token-til-test"
# A recorded answer's shape (synthetic numbers): the columns, then the rows.
ANSWER = [{"Variables": [{"Label": "Area"}, {"Label": "Periode"}, {"Label": "Andel i job (pct.)"},
                         {"Label": "Antal personer"}],
           "Data": [["Hele landet", "2025", 35.2, 120000], ["Aarhus", "2025", 31.0, 3000]]}]


class Recorded:
    """The answers the server gives, in order (the last one repeats), and the requests it got."""

    def __init__(self):
        self.answers: list[tuple[int, dict, object, float]] = [(200, {}, ANSWER, 0)]
        self.requests: list[tuple[str, dict, dict]] = []


@pytest.fixture
def api():
    recorded = Recorded()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the name http.server calls
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            recorded.requests.append((self.path, dict(self.headers), body))
            status, headers, answer, delay = recorded.answers.pop(0) if len(recorded.answers) > 1 \
                else recorded.answers[0]
            time.sleep(delay)
            payload = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
            try:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except OSError:
                pass  # the client gave up waiting

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield recorded, JobindsatsSettings(TOKEN, f"http://127.0.0.1:{server.server_port}/v2")
    server.shutdown()


@pytest.fixture
def benchmark(engine):
    save_row(engine, "Benchmarks", {"Indikator": "job_or_education_6m", "Tekst": "I job 6 måneder efter, hele landet",
                                    "Værdi": 0.3, "Periode": "2025", "Kilde": "tastet", "Jobindsats-tabel": "y30r21",
                                    "Jobindsats-mål": "Andel i job (pct.)", "Jobindsats-område": "Hele landet"},
             "admin")
    return engine


def stored(engine) -> tuple[float, str]:
    with engine.connect() as connection:
        return tuple(connection.execute(select(Benchmark.value, Benchmark.source)).one())


def test_a_value_is_fetched_shown_and_stored_only_when_confirmed(benchmark, api):
    recorded, settings = api
    fetched, problems = plan_fetch(benchmark, settings)
    assert problems == [] and len(fetched) == 1
    item = fetched[0]
    assert (item.old_value, item.new_value, item.period, item.source) == (0.3, pytest.approx(0.352), "2025",
                                                                          "jobindsats.dk (y30r21)")
    path, headers, body = recorded.requests[0]
    assert path == "/v2/data/y30r21/json" and headers["Authorization"] == TOKEN
    assert body == {"area": "Hele landet", "period": ["2025"]}
    assert stored(benchmark) == (0.3, "tastet"), "nothing stored before it is confirmed"
    assert store_fetched(benchmark, fetched, "admin") == 1
    assert stored(benchmark) == (pytest.approx(0.352), "jobindsats.dk (y30r21)")
    assert audit_events(benchmark)["action"].iloc[0] == "benchmark_changed"


def test_a_limit_and_a_server_error_are_waited_out(benchmark, api):
    recorded, settings = api
    waits = []
    recorded.answers = [(429, {"Retry-After": "2"}, {"fejl": "for mange"}, 0), (503, {}, "{}", 0),
                        (200, {}, ANSWER, 0)]
    fetched, problems = plan_fetch(benchmark, settings, sleep=waits.append)
    assert problems == [] and fetched[0].new_value == pytest.approx(0.352)
    assert waits == [2.0, 2] and len(recorded.requests) == 3


@pytest.mark.parametrize(("answers", "message", "requests"), [
    ([(401, {}, {"message": "Unauthorized"}, 0)], "afviste nøglen", 1),
    ([(500, {}, "{}", 0)], "svarer med en fejl \\(500\\)", 3),
    ([(429, {"Retry-After": "3600"}, "{}", 0)], "beder os vente", 1),
    ([(200, {}, {"data": [], "columns": []}, 0)], "formatet kan være ændret", 1),
    ([(200, {}, "<html>vedligehold</html>", 0)], "ikke JSON", 1),
    ([(200, {}, [{**ANSWER[0], "Variables": [{"Label": "Area"}, {"Label": "Periode"}, {"Label": "Andel"}]}], 0)],
     "har ikke målet", 1),
], ids=["401", "500", "429-long", "changed-format", "not-json", "measure-gone"])
def test_a_failed_fetch_says_why_in_danish_and_changes_nothing(benchmark, api, answers, message, requests):
    recorded, settings = api
    recorded.answers = answers
    fetched, problems = plan_fetch(benchmark, settings, sleep=lambda seconds: None)
    assert fetched == [] and len(problems) == 1
    assert problems[0][0] == "I job 6 måneder efter, hele landet"
    assert pytest.importorskip("re").search(message, problems[0][1])
    assert len(recorded.requests) == requests
    assert stored(benchmark) == (0.3, "tastet")


def test_a_server_that_does_not_answer_in_time_is_tried_again_then_reported(benchmark, api, monkeypatch):
    recorded, settings = api
    monkeypatch.setattr(jobindsats, "TIMEOUT_SECONDS", 0.3)
    recorded.answers = [(200, {}, ANSWER, 1.0)]
    fetched, problems = plan_fetch(benchmark, settings, sleep=lambda seconds: None)
    assert fetched == [] and "svarer ikke" in problems[0][1] and len(recorded.requests) == 3
    assert stored(benchmark) == (0.3, "tastet")


def test_the_command_line_shows_the_change_and_stores_only_when_confirmed(benchmark, api, tmp_path, monkeypatch,
                                                                         capsys):
    from cli.__main__ import main
    from tests.conftest import url_of

    _, settings = api
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[jobindsats]\ntoken = "{TOKEN}"\nbase_url = "{settings.base_url}"\n')
    monkeypatch.setenv("DATABASE_URL", url_of(benchmark))
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["fetch-benchmarks", "--secrets", str(secrets)]) == 0
    out = capsys.readouterr().out
    assert "30,0 % -> 35,2 %" in out and "Intet er gemt" in out
    assert stored(benchmark)[0] == 0.3
    assert main(["fetch-benchmarks", "--secrets", str(secrets), "--yes"]) == 0
    assert stored(benchmark)[0] == pytest.approx(0.352)
    secrets.write_text("[jobindsats]\n")
    assert main(["fetch-benchmarks", "--secrets", str(secrets)]) == 2
    assert "token" in capsys.readouterr().err


def test_stamdata_fetches_shows_the_change_and_stores_on_confirmation(fresh_demo_url, api):
    from streamlit.testing.v1 import AppTest

    from data_access.engine import make_engine
    from tests.conftest import PROJECT_ROOT, signed_in
    from ui.routing import TABS_KEY

    _, settings = api
    engine = make_engine(fresh_demo_url)
    with engine.begin() as connection:
        connection.execute(Benchmark.__table__.update().values(
            jobindsats_table="y30r21", jobindsats_measure="Andel i job (pct.)", jobindsats_area="Hele landet",
            period="2025"))
        before = connection.execute(select(Benchmark.value)).scalars().first()
    at = signed_in(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120), fresh_demo_url)
    at.secrets["jobindsats"] = {"token": TOKEN, "base_url": settings.base_url}
    at.run()
    at.switch_page("pages/stamdata.py").run()
    at.session_state[TABS_KEY] = "Benchmarks"
    at.run()
    next(button for button in at.button if button.label == "Hent de nyeste værdier").click().run()
    assert not at.exception and not at.error
    with engine.connect() as connection:
        assert connection.execute(select(Benchmark.value)).scalars().first() == before, "shown, not stored"
    next(button for button in at.button if button.label == "Gem de hentede værdier").click().run()
    assert not at.exception
    assert any("opdateret fra jobindsats.dk" in block.value for block in at.success)
    with engine.connect() as connection:
        assert connection.execute(select(Benchmark.value)).scalars().first() == pytest.approx(0.352)
