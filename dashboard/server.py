"""The app as a local server: a free loopback port, the `streamlit run` command, and
waiting for Streamlit's health check (used by the bench's cold start and the browser tests);
and the headless Chromium both look at it with."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from dashboard.pages import SERVED

HOST = "127.0.0.1"
# Debian's package (`make test` installs it); never a browser downloaded at run time.
CHROMIUM = Path("/usr/bin/chromium")
# Headless, and nothing that would reach the internet on its own.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def free_port() -> int:
    """A loopback port nothing listens on now (the system picks one)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def local_url(port: int) -> str:
    """The address of a server on this computer's loopback port."""
    return f"http://{HOST}:{port}"


def app_command(port: int, *options: str) -> list[str]:
    """`streamlit run` of the app, headless on a loopback port, with more `--option value`s."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(SERVED),
        "--server.headless",
        "true",
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        *options,
    ]


def serves(url: str) -> bool:
    """Whether the Streamlit server at `url` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def wait_until_serving(
    process: subprocess.Popen[bytes], url: str, *, timeout_s: float, poll_s: float
) -> bool:
    """Poll the health check until it answers (True), the process ends or time runs out."""
    deadline = time.monotonic() + timeout_s
    while not serves(url):
        if process.poll() is not None or time.monotonic() > deadline:
            return False
        time.sleep(poll_s)
    return True
