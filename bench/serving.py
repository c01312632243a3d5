"""Serve a Streamlit script with ``streamlit run`` on a free port, and find Debian's Chromium.

Used by the benchmarks and by the end-to-end tests, so both measure and test
the app as it is really served.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
LOADED = "[data-testid='stApp'][data-test-script-state='notRunning']"


def chromium_executable() -> str | None:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).exists() else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(database_url: str, script: str = "server.py", environment: dict[str, str] | None = None,
          arguments: tuple[str, ...] = (), port: int | None = None):
    """``streamlit run script`` on a (free) port until the block ends; yields (url, process).

    ``arguments`` are further options for ``streamlit run``, e.g. ``("--secrets.files", path)``.
    """
    port = port or free_port()
    # Local accounts, as the demo's start script chooses, unless the caller says otherwise.
    env = {"PASSWORD_SIGN_IN": "ja", **os.environ, "DATABASE_URL": database_url, **(environment or {})}
    server = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none", *arguments,
        ],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    server.terminate()  # reading a live server's output would wait for ever
                    raise RuntimeError(f"Appen startede ikke:\n{server.communicate(timeout=20)[0]}") from None
                time.sleep(0.3)
        yield url, server
    finally:
        server.terminate()
        server.wait(timeout=20)


def resident_memory_mb(pid: int) -> float:
    """The process's resident memory (Linux), in megabytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time the process has used so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
