"""National benchmark values fetched from jobindsats.dk's API instead of typed in.

A benchmark names where jobindsats.dk has its value: the table (e.g. ``y30r21``), the measure as the table
names its column, the area (e.g. "Hele landet") and the period. ``plan_fetch`` asks the API (version 2:
``POST {base}/data/{table}/json`` with the token in the ``Authorization`` header; the answer is a list whose
first element has ``Variables``, the columns, and ``Data``, the rows) and says what would change; nothing is
stored until ``store_fetched`` is called with what the administrator confirmed. A refused token, a limit
(429, after its Retry-After), a server error or a timeout gives a Danish message, with retries where another
try can help; a benchmark whose answer is not as expected is reported and left as it is.
"""

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine, select, update

from data_access.accounts.audit_log import log_event
from data_access.models import Benchmark
from data_access.settings import checked_section

API = "https://api.jobindsats.dk/v2"
ATTEMPTS = 3
TIMEOUT_SECONDS = 15
LONGEST_WAIT = 30  # seconds of a Retry-After the fetch waits for; a longer limit is reported instead
AREA_COLUMNS = ("Area", "Område", "Omraade")
PERIOD_COLUMNS = ("Periode", "Period")


class JobindsatsError(Exception):
    """The fetch failed; the message is Danish and for the administrator."""


@dataclass(frozen=True)
class JobindsatsSettings:
    token: str
    base_url: str = API


@dataclass(frozen=True)
class Fetched:
    benchmark_id: int
    label: str
    old_value: float
    new_value: float
    period: str
    source: str
    fetched_at: datetime


def settings_from(section: Mapping | None) -> JobindsatsSettings | None:
    """``[jobindsats]`` of secrets.toml (``token``, optionally ``base_url``); None without one."""
    if section is None:
        return None
    checked_section("jobindsats", section, ("token", "base_url"))
    if not str(section.get("token", "")).strip():
        raise ValueError("Afsnittet [jobindsats] i secrets.toml skal have token (nøglen fra jobindsats.dk).")
    return JobindsatsSettings(str(section["token"]).strip(), str(section.get("base_url", API)).rstrip("/"))


def _post(url: str, token: str, body: dict) -> object:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": token, "Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
        return json.loads(response.read().decode("utf-8"))


def ask(settings: JobindsatsSettings, table: str, area: str, period: str,
        sleep: Callable[[float], None] = time.sleep) -> object:
    """The API's answer for one table, area and period, with retries where another try can help."""
    url = f"{settings.base_url}/data/{table}/json"
    for attempt in range(1, ATTEMPTS + 1):
        last = attempt == ATTEMPTS
        try:
            return _post(url, settings.token, {"area": area, "period": [period]})
        except urllib.error.HTTPError as error:
            if error.code in (401, 403):
                raise JobindsatsError("jobindsats.dk afviste nøglen (token). Tjek [jobindsats] i secrets.toml, "
                                      "eller bestil en ny nøgle hos jobindsats.dk.") from None
            if error.code == 404:
                raise JobindsatsError(f"jobindsats.dk kender ikke tabellen '{table}'.") from None
            if error.code == 429:
                wait = _retry_after(error.headers.get("Retry-After"))
                if last or wait > LONGEST_WAIT:
                    raise JobindsatsError("jobindsats.dk beder os vente (for mange forespørgsler). Prøv igen om "
                                          f"{max(1, round(wait / 60))} minut(ter).") from None
                sleep(wait)
            elif error.code >= 500:
                if last:
                    raise JobindsatsError(f"jobindsats.dk svarer med en fejl ({error.code}). Prøv igen senere; "
                                          "intet er ændret.") from None
                sleep(attempt)
            else:
                raise JobindsatsError(f"jobindsats.dk afviste forespørgslen ({error.code}).") from None
        except (TimeoutError, urllib.error.URLError) as error:
            if last:
                raise JobindsatsError("jobindsats.dk svarer ikke (ingen forbindelse eller for langsomt svar). "
                                      "Prøv igen senere; intet er ændret.") from error
            sleep(attempt)
        except (ValueError, UnicodeDecodeError):
            raise JobindsatsError("Svaret fra jobindsats.dk er ikke JSON; formatet kan være ændret.") from None
    raise AssertionError("unreachable")


def _retry_after(header: str | None) -> float:
    try:
        return max(0.0, float(header or 1))
    except ValueError:
        return float(LONGEST_WAIT + 1)


def value_in(answer: object, table: str, measure: str, area: str, period: str) -> float:
    """The measure's value for the area and period, as a share between 0 and 1 (a percentage is divided by 100)."""
    try:
        first = answer[0]
        labels = [str(variable["Label"]) for variable in first["Variables"]]
        rows = first["Data"]
    except (KeyError, IndexError, TypeError):
        raise JobindsatsError(f"Svaret fra jobindsats.dk for {table} har ikke kolonner og rækker, som appen "
                              "kender (formatet kan være ændret). Intet er ændret.") from None
    area_at = next((labels.index(name) for name in AREA_COLUMNS if name in labels), None)
    period_at = next((labels.index(name) for name in PERIOD_COLUMNS if name in labels), None)
    if measure not in labels or area_at is None or period_at is None:
        raise JobindsatsError(f"Tabellen {table} har ikke målet '{measure}' (eller område og periode). Tjek "
                              "benchmarkens jobindsats-mål.")
    found = [row for row in rows if str(row[area_at]) == area and str(row[period_at]) == period]
    if len(found) != 1:
        raise JobindsatsError(f"Tabellen {table} har {len(found)} rækker for {area}, {period}; der skal være én.")
    raw = found[0][labels.index(measure)]
    try:
        number = float(str(raw).replace(",", "."))
    except ValueError:
        raise JobindsatsError(f"Værdien for '{measure}' er ikke et tal ('{raw}').") from None
    share = number / 100 if "pct" in measure.lower() or "procent" in measure.lower() else number
    if not 0 <= share <= 1:
        raise JobindsatsError(f"Værdien for '{measure}' ({raw}) er ikke en andel; benchmarks er andele.")
    return share


def plan_fetch(engine: Engine, settings: JobindsatsSettings,
               sleep: Callable[[float], None] = time.sleep) -> tuple[list[Fetched], list[tuple[str, str]]]:
    """What fetching would change, benchmark by benchmark, and the benchmarks that could not be fetched (label,
    Danish message). Nothing is stored."""
    with engine.connect() as connection:
        rows = connection.execute(select(Benchmark).where(Benchmark.jobindsats_table.is_not(None))
                                  .order_by(Benchmark.id)).all()
    fetched, problems = [], []
    for row in rows:
        try:
            answer = ask(settings, row.jobindsats_table, row.jobindsats_area or "Hele landet", row.period, sleep)
            value = value_in(answer, row.jobindsats_table, row.jobindsats_measure or "",
                             row.jobindsats_area or "Hele landet", row.period)
        except JobindsatsError as problem:
            problems.append((row.label, str(problem)))
            continue
        fetched.append(Fetched(row.id, row.label, row.value, value, row.period,
                               f"jobindsats.dk ({row.jobindsats_table})", datetime.now(UTC)))
    return fetched, problems


def store_fetched(engine: Engine, fetched: list[Fetched], actor: str) -> int:
    """Store what the administrator confirmed; returns how many benchmarks changed."""
    with engine.begin() as connection:
        for item in fetched:
            connection.execute(update(Benchmark).where(Benchmark.id == item.benchmark_id).values(
                value=item.new_value, source=item.source, fetched_at=item.fetched_at))
            log_event(connection, actor, "benchmark_changed",
                      f"{item.label}: {item.old_value:.3f} -> {item.new_value:.3f} ({item.source}, {item.period})")
    return len(fetched)
