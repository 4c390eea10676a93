"""`make phone` on a phone: HTTPS, the lock, the printed key, and a one-tap quick log.

The module starts the real launcher (`python -m dashboard.phone.server`, what
`make phone` runs) on a free port with a throwaway diary and pairing folder,
and reads the pairing address from what it prints.
"""

from __future__ import annotations

import os
import re
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from dashboard.phone.pairing import PAIRING_FOLDER_ENV, replace_key
from db.engine import create_diary_engine
from db.repository import load_frames
from tests.browser.conftest import (
    PHONE_CONTEXT,
    STARTUP_TIMEOUT_S,
    RunningApp,
    patient,
    save_screenshot,
    settle,
)
from tests.conftest import REPO

pytestmark = pytest.mark.browser
LOCKED = "This diary is locked"
PAIRING_LINE = re.compile(r"^\s+(https://\S+/\?key=(\S+))$", re.MULTILINE)


@dataclass(frozen=True)
class PhoneServer:
    """The launcher's server, what it printed, and the files it uses."""

    base: str
    pairing_address: str
    key: str
    database_url: str
    folder: Path
    output: Path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serves_https(base: str) -> bool:
    # The certificate is self-signed: this only asks whether the server answers yet.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2, context=context) as r:
            return bool(r.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.fixture(scope="module")
def phone_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PhoneServer]:
    folder = tmp_path_factory.mktemp("phone_mode")
    port = _free_port()
    database_url = f"sqlite:///{folder / 'diary.sqlite'}"
    output = folder / "launcher-output.log"
    env = {**os.environ, "DATABASE_URL": database_url, PAIRING_FOLDER_ENV: str(folder / "phone")}
    with output.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "dashboard.phone.server", "--port", str(port)]
            + ["--host", "127.0.0.1"],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    base = f"https://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not _serves_https(base):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"`make phone` did not serve {base}:\n{output.read_text()}")
        time.sleep(0.3)
    found = PAIRING_LINE.search(output.read_text())
    assert found, output.read_text()
    yield PhoneServer(
        base=base,
        pairing_address=found.group(1),
        key=found.group(2),
        database_url=database_url,
        folder=folder / "phone",
        output=output,
    )
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A fresh phone (no remembered session) that accepts the self-signed certificate."""
    context = patient(browser.new_context(**PHONE_CONTEXT, ignore_https_errors=True))
    yield context.new_page()
    context.close()


def heading(page: Page) -> str:
    return page.locator("h1").first.inner_text()


def test_the_printed_address_is_https_on_the_port_with_a_long_key(
    phone_server: PhoneServer,
) -> None:
    assert phone_server.pairing_address == f"{phone_server.base}/?key={phone_server.key}"
    assert len(phone_server.key) >= 43


@pytest.mark.parametrize("path", ["/", "/diary", "/patterns", "/settings", "/data?x=1"])
def test_without_the_key_every_address_is_locked(
    phone: Page, phone_server: PhoneServer, path: str
) -> None:
    phone.goto(phone_server.base + path)
    settle(phone)
    assert heading(phone) == LOCKED
    expect(phone.get_by_test_id("stSidebarNavLink")).to_have_count(0)
    expect(phone.get_by_role("button", name="Save cramp")).to_have_count(0)


@pytest.mark.parametrize("key", ["wrong", "x" * 43])
def test_a_wrong_key_is_locked(phone: Page, phone_server: PhoneServer, key: str) -> None:
    phone.goto(f"{phone_server.base}/diary?key={key}")
    settle(phone)
    assert heading(phone) == LOCKED


def test_the_printed_address_opens_the_diary_and_stays_open_between_pages(
    phone: Page, phone_server: PhoneServer
) -> None:
    phone.goto(phone_server.pairing_address)
    settle(phone)
    assert heading(phone) == "Log"
    save_screenshot(phone, "phone-mode-log")
    phone.get_by_test_id("stExpandSidebarButton").tap()
    phone.get_by_test_id("stSidebarNavLink").filter(has_text="Settings").tap()
    settle(phone)
    assert heading(phone) == "Settings"
    expect(phone.get_by_role("heading", name="Use on your phone")).to_be_visible()
    expect(phone.get_by_test_id("stImage")).to_have_count(1)  # the pairing code
    assert f"key={phone_server.key}" in phone.url  # a reload or a bookmark stays paired
    save_screenshot(phone, "phone-mode-settings")
    phone.reload()
    settle(phone)
    assert heading(phone) == "Settings"


def test_a_quick_log_link_saves_a_cramp_with_one_tap(
    phone: Page, phone_server: PhoneServer
) -> None:
    phone.goto(f"{phone_server.pairing_address}&log=thigh_back&side=left")
    settle(phone)
    save = phone.get_by_role("button", name="Save cramp")
    box = save.bounding_box()
    assert box is not None
    viewport = phone.viewport_size
    assert viewport is not None
    # On screen without scrolling, whole.
    assert 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], box
    assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], box
    save_screenshot(phone, "phone-mode-quick-log")
    save.tap()
    settle(phone)
    expect(phone.get_by_test_id("stAlertContentSuccess")).to_contain_text(
        "Thigh (back) left, 1 min"
    )
    engine = create_diary_engine(phone_server.database_url)
    try:
        _, episodes = load_frames(engine=engine)
    finally:
        engine.dispose()
    assert episodes[["muscle", "side", "duration_s"]].values.tolist() == [
        ["thigh_back", "left", 60]
    ]


def test_the_key_is_never_in_the_server_output(phone: Page, phone_server: PhoneServer) -> None:
    phone.goto(f"{phone_server.pairing_address}&log=calff")  # a request with the key, an error
    settle(phone)
    expect(phone.get_by_test_id("stAlertContentError")).to_contain_text("quick-log link")
    output = phone_server.output.read_text()
    assert output.count(phone_server.key) == 1  # the pairing line the person asked for
    rest = PAIRING_LINE.sub("", output)
    assert phone_server.key not in rest
    assert "Uvicorn server started" in rest  # the server's own output is in there


def test_a_replaced_key_locks_a_paired_phone(phone: Page, phone_server: PhoneServer) -> None:
    phone.goto(phone_server.pairing_address)
    settle(phone)
    assert heading(phone) == "Log"
    new_key = replace_key(folder=phone_server.folder)  # what `make phone NEW_KEY=1` does
    phone.reload()
    settle(phone)
    assert heading(phone) == LOCKED
    phone.goto(f"{phone_server.base}/?key={new_key}")
    settle(phone)
    assert heading(phone) == "Log"


def test_make_run_refuses_other_host_names(empty_app: RunningApp) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 cannot open the app."""
    port = int(empty_app.url.rsplit(":", 1)[1])

    def handshake(host: str) -> bytes:
        with socket.create_connection(("127.0.0.1", port), timeout=STARTUP_TIMEOUT_S) as sock:
            sock.sendall(
                (
                    f"GET /_stcore/stream HTTP/1.1\r\nHost: {host}\r\n"
                    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
                ).encode()
            )
            return sock.recv(100).split(b"\r\n")[0]

    assert b" 101 " in handshake(f"127.0.0.1:{port}")
    assert b" 101 " in handshake(f"localhost:{port}")
    assert b" 403 " in handshake(f"evil.example:{port}")
