"""Readers opening the link together, measured at Streamlit's own protocol: no browser.

A browser's work (loading Streamlit's and plotly's JavaScript, drawing charts) happens on each reader's own
machine; what readers share is the one app process. So each reader here is a websocket speaking Streamlit's
protocol as the browser does (``BackMsg`` with the page and the widgets' values; ``ForwardMsg`` back until the
script has finished): it signs in with the form, then opens each analysis page of the registry with a pause
between clicks. Measured: seconds from a reader's message to the end of the script's answer, and the app
process's CPU time per page view (from ``/proc``), alone and with many readers at once.
"""

import asyncio
import random
import time
from dataclasses import dataclass, field
from urllib.parse import urlparse

import websockets
from sqlalchemy import select
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.serving import cpu_seconds, resident_memory_mb, serve
from data_access.accounts.users import create_user
from data_access.engine import make_engine
from data_access.models import UserAccount
from presentation.page_registry import ANALYSIS_PAGES

# Each reader signs in with an account of its own, as a steering group's members do (all from one address, as
# behind a municipality's proxy).
READER_PASSWORD = "styregruppens-egen-loeber-ved-aaen-4711"
TIMEOUT_S = 300


@dataclass
class Answer:
    """What the server sent for one script run."""

    seconds: float
    charts: int = 0
    errors: list[str] = field(default_factory=list)
    widgets: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, label) -> widget id


class Reader:
    """One browser tab, as the server sees it."""

    def __init__(self, url: str):
        parsed = urlparse(url)
        self._address = f"ws://{parsed.netloc}/_stcore/stream"
        self._origin = url
        self._socket = None
        self.pages: dict[str, str] = {}  # menu text -> the page's script hash, from the app's navigation

    async def __aenter__(self) -> "Reader":
        self._socket = await websockets.connect(self._address, subprotocols=["streamlit"], max_size=None,
                                                origin=self._origin, open_timeout=TIMEOUT_S)
        return self

    async def __aexit__(self, *exc) -> None:
        await self._socket.close()

    async def run(self, page: str | None = None, widgets: dict[str, object] | None = None) -> Answer:
        """Ask for a script run (the start page, or ``page`` by its menu text, as a click on the menu link does)
        and read the answer to its end."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = ""
        state.page_script_hash = self.pages.get(page, "") if page else ""
        state.context_info.timezone = "Europe/Copenhagen"
        state.context_info.locale = "da-DK"
        state.context_info.url = self._origin
        for widget_id, value in (widgets or {}).items():
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            if value is True:
                widget.trigger_value = True
            else:
                widget.string_value = str(value)
        started = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        answer = Answer(seconds=0.0)
        while True:
            received = ForwardMsg()
            received.ParseFromString(await asyncio.wait_for(self._socket.recv(), TIMEOUT_S))
            kind = received.WhichOneof("type")
            if kind == "navigation":
                self.pages = {app_page.page_name: app_page.page_script_hash
                              for app_page in received.navigation.app_pages}
            elif kind == "delta" and received.delta.WhichOneof("type") == "new_element":
                self._read_element(received.delta.new_element, answer)
            elif kind == "script_finished":
                if received.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    answer = Answer(seconds=0.0)  # the script started again (a rerun it asked for itself)
                    continue
                answer.seconds = time.perf_counter() - started
                if received.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                    answer.errors.append(f"script ended with status {received.script_finished}")
                return answer

    @staticmethod
    def _read_element(element, answer: Answer) -> None:
        kind = element.WhichOneof("type")
        if kind == "plotly_chart":
            answer.charts += 1
        elif kind == "exception":
            answer.errors.append(element.exception.message)
        elif kind in ("text_input", "button"):
            widget = getattr(element, kind)
            answer.widgets[(kind, widget.label)] = widget.id

    async def sign_in(self, user: str, password: str) -> Answer:
        """Fill in and send the sign-in form of the start page (which must have been run)."""
        form = await self.run()
        try:
            widgets = {form.widgets[("text_input", "Brugernavn")]: user,
                       form.widgets[("text_input", "Adgangskode")]: password,
                       form.widgets[("button", "Log ind")]: True}
        except KeyError as missing:
            raise RuntimeError(f"the start page shows no sign-in form ({missing})") from None
        answer = await self.run(widgets=widgets)
        if not self.pages.keys() >= {page.title for page in ANALYSIS_PAGES.values()}:
            answer.errors.append("signed in, but the menu lacks analysis pages")
        return answer


def reader_accounts(database_url: str, count: int) -> list[str]:
    """``count`` steering-group accounts (made the first time), by user name."""
    names = [f"laeser-{number:02d}" for number in range(1, count + 1)]
    engine = make_engine(database_url)
    with engine.connect() as connection:
        existing = set(connection.execute(select(UserAccount.username)).scalars())
    for name in names:
        if name not in existing:
            create_user(engine, name, f"Styregruppemedlem {name[-2:]}", "viewer", password=READER_PASSWORD,
                        actor="benchmark")
    engine.dispose()
    return names


async def _reader(url: str, user: str, start_after: float, pause: float, rounds: int = 1,
                  server_pid: int | None = None) -> dict:
    """A reader who signs in after ``start_after`` seconds and opens every analysis page ``rounds`` times.
    With ``server_pid``: the server's CPU seconds over the page views alone (a reader alone with the server)."""
    await asyncio.sleep(start_after)
    result = {"sign_in": None, "pages": [], "errors": [], "pages_cpu": None}
    try:
        async with Reader(url) as reader:
            signed_in = await reader.sign_in(user, READER_PASSWORD)
            result["sign_in"] = signed_in.seconds
            result["errors"] += signed_in.errors
            cpu = cpu_seconds(server_pid) if server_pid else 0.0
            for _ in range(rounds):
                for page, entry in ANALYSIS_PAGES.items():
                    await asyncio.sleep(pause)
                    answer = await reader.run(entry.title)
                    result["pages"].append((page, answer.seconds, answer.charts))
                    result["errors"] += [f"{page}: {error}" for error in answer.errors]
                    if not answer.charts:
                        result["errors"].append(f"{page}: no chart")
            if server_pid:
                result["pages_cpu"] = cpu_seconds(server_pid) - cpu
    except (OSError, TimeoutError, websockets.WebSocketException, RuntimeError) as error:
        result["errors"].append(f"{type(error).__name__}: {error}")
    return result


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


async def _measure(url: str, pid: int, users: list[str], within: float, pause: float) -> list[dict]:
    results = []
    # The first reader after a start reads the data and compiles the pages: not counted.
    first = await _reader(url, users[0], 0, 0)
    if first["errors"]:
        raise RuntimeError(f"a single reader failed: {first['errors'][:3]}")
    # One reader alone, warm: seconds per page and the server's CPU per page view.
    alone = await _reader(url, users[0], 0, 0, rounds=3, server_pid=pid)
    views = len(alone["pages"])
    results.append({"measure": "protocol_alone", "views": views,
                    "sign_in_s": round(alone["sign_in"], 3),
                    "page_p50_s": round(_percentile([seconds for _, seconds, _ in alone["pages"]], 0.5), 3),
                    "server_cpu_ms_per_view": round(1000 * alone["pages_cpu"] / views, 1),
                    "errors": len(alone["errors"])})
    for page in ANALYSIS_PAGES:
        seconds = [taken for name, taken, _ in alone["pages"] if name == page]
        results.append({"measure": "protocol_page_alone", "page": page,
                        "seconds": round(_percentile(seconds, 0.5), 3)})
    # Many readers signing in within ``within`` seconds, each clicking through the pages.
    cpu = cpu_seconds(pid)
    started = time.perf_counter()
    starts = sorted(random.Random(len(users)).uniform(0, within) for _ in users)
    runs = await asyncio.gather(*(_reader(url, user, start, pause) for user, start in zip(users, starts, strict=True)))
    sign_ins = [run["sign_in"] for run in runs if run["sign_in"] is not None]
    pages = [seconds for run in runs for _, seconds, _ in run["pages"]]
    errors = [error for run in runs for error in run["errors"]]
    results.append({"measure": "protocol_together", "readers": len(users), "within_s": within, "pause_s": pause,
                    "errors": len(errors), "first_errors": errors[:3],
                    "sign_in_p50_s": round(_percentile(sign_ins, 0.5), 3),
                    "sign_in_p95_s": round(_percentile(sign_ins, 0.95), 3),
                    "page_p50_s": round(_percentile(pages, 0.5), 3),
                    "page_p95_s": round(_percentile(pages, 0.95), 3),
                    # Sign-ins included (the password hash is most of a sign-in's work).
                    "server_cpu_ms_per_request": round(
                        1000 * (cpu_seconds(pid) - cpu) / max(1, len(pages) + len(users)), 1),
                    "server_busy_share": round((cpu_seconds(pid) - cpu) / (time.perf_counter() - started), 2),
                    "memory_mb": round(resident_memory_mb(pid))})
    return results


def protocol_timings(database_url: str, readers: int = 30, within: float = 10.0, pause: float = 5.0) -> list[dict]:
    """One app process: a reader alone, then ``readers`` signing in within ``within`` seconds, each opening the
    analysis pages with ``pause`` seconds between clicks."""
    users = reader_accounts(database_url, readers)
    with serve(database_url) as (url, server):
        return asyncio.run(_measure(url, server.pid, users, within, pause))
