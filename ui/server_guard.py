"""What the server guards before any page runs: who may send a file, what it answers without a sign-in, and
secrets it cannot start with.

Streamlit accepts a file for any live session, signed in or not, and keeps every file a session sends until
the session ends: an anonymous client could fill the server's memory. Its metrics address also answers
anyone. ``UploadGuard`` (mounted in ``server.py``) lets a session send a file only while its last run showed
an upload field (``upload_field``: the pages that have one are for a signed-in reporter or administrator),
keeps at most one file per session, and answers the metrics address with 404.
"""

import threading
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import streamlit as st
from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

STOPPED = "Appen er stoppet, så login ikke falder tilbage til lokale adgangskoder. Ret det, og genstart appen."
UPLOAD_PATH = "/_stcore/upload_file/"
METRICS_PATH = "/_stcore/metrics"

_permitted: set[str] = set()
# Sessions whose run in progress has shown an upload field.
_shown_in_run: set[str] = set()
_lock = threading.Lock()


def _session_id() -> str | None:
    context = get_script_run_ctx()
    return context.session_id if context is not None else None


def close_uploads() -> None:
    """A session that is not signed in (or must first change its password) may send no file."""
    session_id = _session_id()
    with _lock:
        _permitted.discard(session_id)


@contextmanager
def uploads_follow_the_page() -> Iterator[None]:
    """Around a page's run: when it ends (also by st.stop or st.rerun) without having shown an upload field, the
    session may send no file. The permission is not taken away at the start of a run, so a file chosen while
    the page reruns (after a change of quarter, say) still goes through."""
    session_id = _session_id()
    with _lock:
        _shown_in_run.discard(session_id)
    try:
        yield
    finally:
        with _lock:
            if session_id not in _shown_in_run:
                _permitted.discard(session_id)


def upload_field(label: str, **options):
    """``st.file_uploader``, and the permission for this session to send one file while it is on screen."""
    session_id = _session_id()
    with _lock:
        _permitted.add(session_id)
        _shown_in_run.add(session_id)
    return st.file_uploader(label, **options)


def upload_permitted(session_id: str) -> bool:
    with _lock:
        return session_id in _permitted


def _forget_pending_files(session_id: str) -> None:
    """A session keeps one file: the one it sends now (the upload field reads the newest)."""
    if Runtime.exists():
        Runtime.instance().uploaded_file_mgr.remove_session_files(session_id)


async def _answer(send, status: int) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", b"0")]})
    await send({"type": "http.response.body", "body": b""})


class UploadGuard:
    """ASGI middleware in front of Streamlit's own routes."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            path = scope["path"]
            if path.endswith(METRICS_PATH):
                await _answer(send, 404)
                return
            if UPLOAD_PATH in path and scope["method"] == "PUT":
                session_id = path.split(UPLOAD_PATH, 1)[1].split("/", 1)[0]
                if not upload_permitted(session_id):
                    await _answer(send, 403)
                    return
                _forget_pending_files(session_id)
        await self.app(scope, receive, send)


def secrets_streamlit_cannot_start_with() -> str | None:
    """A Danish message when a secrets file has ``auth`` as a single value (``auth = "x"``): Streamlit's own server
    reads ``[auth]`` as a table while it starts, before any page could say what is wrong. None otherwise."""
    for path in config.get_option("secrets.files"):
        try:
            secrets = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # no file, or one the app itself reports as unreadable
        if "auth" in secrets and not isinstance(secrets["auth"], dict):
            return (f"I {Path(path).name} skal auth være et afsnit, [auth], med indstillingerne på hver sin linje "
                    f"under det, ikke en enkelt værdi (auth = ...). {STOPPED}")
    return None
