"""The server in front of the dashboard: no file from a session without an upload field on screen, one file per
session, no metrics without sign-in. Spoken to as an attacker would: Streamlit's own protocol, no browser."""

import asyncio
import contextlib
import http.client
import http.cookiejar
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.serving import free_port, serve
from tests.conftest import PROJECT_ROOT
from ui import server_guard

XSRF_COOKIE = "_streamlit_xsrf"


def with_anonymous_session(url: str, action):
    """``action(session_id, xsrf)`` while a session opened without signing in, as any client can, is live."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{url}/_stcore/health", timeout=20).read()  # where Streamlit sets its XSRF cookie
    xsrf = next(cookie.value for cookie in jar if cookie.name == XSRF_COOKIE)

    async def in_session():
        address = url.replace("http://", "ws://") + "/_stcore/stream"
        async with websockets.connect(address, subprotocols=["streamlit", xsrf],
                                      additional_headers={"Cookie": f"{XSRF_COOKIE}={xsrf}"}) as socket:
            rerun = BackMsg()
            rerun.rerun_script.query_string = ""
            await socket.send(rerun.SerializeToString())
            while True:
                message = ForwardMsg()
                message.ParseFromString(await asyncio.wait_for(socket.recv(), 60))
                if message.WhichOneof("type") == "new_session":
                    session_id = message.new_session.initialize.session_id
                    break
            # The session lives while its socket is open.
            return await asyncio.to_thread(action, session_id, xsrf)

    return asyncio.run(in_session())


def put_file(url: str, session_id: str, xsrf: str, size: int) -> int:
    boundary = "graense"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.xlsx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n")
    body = head.encode() + b"x" * size + f"\r\n--{boundary}--\r\n".encode()
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=30)
    connection.putrequest("PUT", f"/_stcore/upload_file/{session_id}/fil-1")
    for name, value in (("X-Xsrftoken", xsrf), ("Cookie", f"{XSRF_COOKIE}={xsrf}"), ("Content-Length", len(body)),
                        ("Content-Type", f"multipart/form-data; boundary={boundary}")):
        connection.putheader(name, value)
    connection.endheaders()
    # A refusal answers before the body is read, and closes: the answer is still there to read.
    with contextlib.suppress(BrokenPipeError, ConnectionResetError):
        connection.send(body)
    try:
        return connection.getresponse().status
    finally:
        connection.close()


def test_an_anonymous_session_cannot_send_a_file_and_metrics_do_not_answer(demo_database_url):
    with serve(demo_database_url) as (url, _):
        answers = with_anonymous_session(
            url, lambda session_id, xsrf: [put_file(url, session_id, xsrf, 1024 * 1024) for _ in range(3)])
        assert answers == [403, 403, 403]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10)
        assert refused.value.code == 404


class FakeFiles:
    def __init__(self):
        self.removed = []

    def remove_session_files(self, session_id):
        self.removed.append(session_id)


def test_the_guard_lets_a_session_with_an_upload_field_send_one_file_at_a_time(monkeypatch):
    files = FakeFiles()
    monkeypatch.setattr(server_guard, "_forget_pending_files", files.remove_session_files)
    passed, answers = [], []

    async def streamlit_routes(scope, receive, send):
        passed.append(scope["path"])

    async def send(message):
        if message["type"] == "http.response.start":
            answers.append(message["status"])

    guard = server_guard.UploadGuard(streamlit_routes)

    def put(session_id):
        scope = {"type": "http", "method": "PUT", "path": f"/_stcore/upload_file/{session_id}/fil"}
        asyncio.run(guard(scope, None, send))

    put("uden-felt")
    assert answers == [403] and passed == []
    with server_guard._lock:
        server_guard._permitted.add("med-felt")
    try:
        put("med-felt")
        assert passed == ["/_stcore/upload_file/med-felt/fil"] and files.removed == ["med-felt"]
    finally:
        with server_guard._lock:
            server_guard._permitted.discard("med-felt")
    put("med-felt")
    assert answers == [403, 403], "the permission ends with the run that showed the field"


def test_a_secrets_file_with_auth_as_a_value_stops_the_server_with_a_danish_message(tmp_path, demo_database_url):
    """Streamlit's server reads [auth] as a table while it starts: a value there gave its own traceback."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('auth = "x"\n')
    finished = subprocess.run(
        [sys.executable, "-m", "streamlit", "run", "server.py", "--server.headless", "true", "--server.port",
         str(free_port()), "--secrets.files", str(secrets)],
        cwd=PROJECT_ROOT, env={**os.environ, "DATABASE_URL": demo_database_url, "PASSWORD_SIGN_IN": "ja"},
        capture_output=True, text=True, timeout=120)
    assert finished.returncode != 0
    assert "skal auth være et afsnit, [auth]" in finished.stderr and "Traceback" not in finished.stderr


def test_a_file_chosen_while_the_page_reruns_still_goes_through_and_a_page_without_a_field_ends_it(monkeypatch):
    monkeypatch.setattr(server_guard, "_session_id", lambda: "sessionen")
    monkeypatch.setattr(server_guard.st, "file_uploader", lambda label, **options: None)
    with server_guard.uploads_follow_the_page():
        server_guard.upload_field("Vælg regnearket")
    with server_guard.uploads_follow_the_page():
        # The next run (after a change of quarter) has begun but not yet reached the field: still permitted.
        assert server_guard.upload_permitted("sessionen")
        server_guard.upload_field("Vælg regnearket")
    assert server_guard.upload_permitted("sessionen")
    with server_guard.uploads_follow_the_page():
        pass  # another page, without an upload field
    assert not server_guard.upload_permitted("sessionen")
    server_guard.upload_field("Vælg regnearket")
    server_guard.close_uploads()  # signed out
    assert not server_guard.upload_permitted("sessionen")
