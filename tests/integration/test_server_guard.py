"""The real server (`make run`, `make phone`) against a client without the key, and with
every attempt to reach another computer recorded (tests/integration/outbound).

A locked visitor here is a raw HTTP and websocket client that does what a
browser would, and more: it takes the XSRF cookie, opens a session, then tries
to upload, clear the caches, ask for upload addresses, read the metrics and
fetch media files.
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
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from dashboard.phone.guard import PAIRED_COOKIE, SHELL_SCRIPT
from dashboard.phone.pairing import PAIRING_FOLDER_ENV
from dashboard.server import app_command, free_port
from tests.conftest import REPO

OUTBOUND_HOOK = Path(__file__).with_name("outbound")
STARTUP_S = 120.0
PAIRING_LINE = re.compile(r"^\s+(https://\S+/\?key=(\S+))$", re.MULTILINE)
NO_CHECK = ssl.create_default_context()
NO_CHECK.check_hostname = False
NO_CHECK.verify_mode = ssl.CERT_NONE  # the certificate is the computer's own, self-signed


@dataclass
class Server:
    base: str
    log: Path
    outbound: Path
    process: subprocess.Popen[bytes]
    key: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def ws(self) -> str:
        return self.base.replace("http", "ws", 1) + "/_stcore/stream"

    @property
    def host(self) -> str:
        return self.base.split("://", 1)[1]

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def fetch(
    url: str, method: str = "GET", headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, list[str]], bytes]:
    """Status, headers and body of one request (an error status is an answer too)."""
    made = urllib.request.Request(url, data=body or None, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(made, timeout=30, context=NO_CHECK) as answer:
            return answer.status, _headers(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, _headers(error.headers), error.read()


def _headers(message: object) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in message.items():  # type: ignore[attr-defined]
        found.setdefault(name.lower(), []).append(value)
    return found


def _start(command: list[str], env: dict[str, str], folder: Path, base: str) -> Server:
    log, outbound = folder / "server.log", folder / "outbound.log"
    env = {
        **env,
        "PYTHONPATH": os.pathsep.join([str(OUTBOUND_HOOK), str(REPO)]),
        "CRAMP_DIARY_OUTBOUND_LOG": str(outbound),
        "DATABASE_URL": f"sqlite:///{folder / 'diary.sqlite'}",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + STARTUP_S
    while True:
        try:
            if fetch(f"{base}/_stcore/health")[0] == 200:
                break
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the server did not start:\n{log.read_text()}")
        time.sleep(0.3)
    return Server(base=base, log=log, outbound=outbound, process=process)


def _stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("plain")
    port = free_port()
    server = _start(app_command(port), dict(os.environ), folder, f"http://127.0.0.1:{port}")
    yield server
    _stop(server)


@pytest.fixture(scope="module")
def phone(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("phone")
    port = free_port()
    env = {**os.environ, PAIRING_FOLDER_ENV: str(folder / "pairing")}
    # --host: the address phones use, given, so the launcher need not look for its own.
    command = [sys.executable, "-m", "dashboard.phone.server", "--port", str(port)]
    server = _start([*command, "--host", "127.0.0.1"], env, folder, f"https://127.0.0.1:{port}")
    found = PAIRING_LINE.search(server.output())
    assert found, server.output()
    server.key = found.group(2)
    yield server
    _stop(server)


# --- a client ----------------------------------------------------------------------


def xsrf_cookie(server: Server) -> str:
    _, headers, _ = fetch(f"{server.base}/_stcore/health")
    for line in headers.get("set-cookie", []):
        if line.startswith("_streamlit_xsrf="):
            return line.split(";", 1)[0].split("=", 1)[1]
    raise AssertionError(f"no XSRF cookie in {headers}")


def open_session(
    server: Server, xsrf: str, cookie: str = "", query: str = ""
) -> tuple[ClientConnection, str]:
    """A websocket session that has run the app once; returns it and its session id."""
    headers = {"Cookie": f"_streamlit_xsrf={xsrf}" + (f"; {cookie}" if cookie else "")}
    socket_ = connect(
        server.ws,
        subprotocols=[Subprotocol("streamlit"), Subprotocol(xsrf)],
        additional_headers=headers,
        ssl=NO_CHECK if server.base.startswith("https") else None,
        open_timeout=30,
        max_size=None,
        legacy=True,
    )
    start = BackMsg()
    start.rerun_script.query_string = query
    socket_.send(start.SerializeToString())
    session_id = ""
    while True:
        message = ForwardMsg()
        message.ParseFromString(socket_.recv(timeout=60))
        kind = message.WhichOneof("type")
        if kind == "new_session":
            session_id = message.new_session.initialize.session_id
        if kind == "script_finished":
            replies_until_heartbeat(socket_, None)  # what the end of the run still sends
            return socket_, session_id


def replies_until_heartbeat(socket_: ClientConnection, sent: BackMsg | None) -> list[str]:
    """Send `sent`, then a heartbeat; the kinds of message that came back before its ack
    (the server answers in order, so anything `sent` caused comes first)."""
    if sent is not None:
        socket_.send(sent.SerializeToString())
    beat = BackMsg()
    beat.app_heartbeat = True
    socket_.send(beat.SerializeToString())
    kinds: list[str] = []
    while True:
        message = ForwardMsg()
        message.ParseFromString(socket_.recv(timeout=60))
        kind = str(message.WhichOneof("type"))
        if kind == "heartbeat_ack":
            return kinds
        kinds.append(kind)


def upload(server: Server, xsrf: str, session_id: str, cookie: str = "") -> int:
    boundary = "cramp"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n{'x' * 1000}\r\n--{boundary}--\r\n"
    ).encode()
    status, _, _ = fetch(
        f"{server.base}/_stcore/upload_file/{session_id}/file-1",
        "PUT",
        {
            "Cookie": f"_streamlit_xsrf={xsrf}" + (f"; {cookie}" if cookie else ""),
            "X-Xsrftoken": xsrf,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
        body,
    )
    return status


def paired_cookie(server: Server) -> str:
    """What a browser keeps after opening the pairing address."""
    _, headers, _ = fetch(f"{server.base}/?key={server.key}")
    (line,) = [c for c in headers.get("set-cookie", []) if c.startswith(PAIRED_COOKIE)]
    assert server.key not in line
    for attribute in ("Secure", "HttpOnly", "SameSite=Strict"):
        assert attribute in line
    return line.split(";", 1)[0]


# --- phone mode: a locked visitor ------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/_stcore/metrics"),
        ("GET", "/media/0123456789abcdef0123456789abcdef01234567.png"),
        ("GET", "/component/some.component/index.html"),
        ("GET", "/auth/login"),
        ("GET", "/_stcore/agent/openapi.json"),
        ("GET", "/app/static/x.png"),
        ("DELETE", "/_stcore/upload_file/a-session/a-file"),
    ],
)
def test_a_locked_visitor_is_refused_every_server_route(
    phone: Server, method: str, path: str
) -> None:
    status, _, body = fetch(f"{phone.base}{path}", method)
    assert status == (404 if path == "/_stcore/metrics" else 403), (path, status)
    assert phone.key not in body.decode("utf-8", "replace")


@pytest.mark.parametrize("path", ["/", "/settings", "/_stcore/health", "/_stcore/host-config"])
def test_a_locked_visitor_gets_the_page_shell(phone: Server, path: str) -> None:
    status, headers, _ = fetch(f"{phone.base}{path}")
    assert status == 200
    assert not [c for c in headers.get("set-cookie", []) if c.startswith(PAIRED_COOKIE)]


def test_a_locked_session_cannot_upload_or_ask_for_anything_but_its_page(
    phone: Server,
) -> None:
    xsrf = xsrf_cookie(phone)
    socket_, session_id = open_session(phone, xsrf)
    try:
        assert session_id
        assert upload(phone, xsrf, session_id) == 403
        for kind in ("clear_cache", "load_git_info", "file_urls_request", "set_run_on_save"):
            message = BackMsg()
            if kind == "file_urls_request":
                message.file_urls_request.request_id = "r1"
                message.file_urls_request.session_id = session_id
                message.file_urls_request.file_names.append("a.csv")
            else:
                setattr(message, kind, True)
            assert replies_until_heartbeat(socket_, message) == [], kind
    finally:
        socket_.close()
    assert "Dropped a 'clear_cache' message" in phone.output()


def test_a_paired_browser_may_upload_and_fetch_media(phone: Server) -> None:
    cookie = paired_cookie(phone)
    xsrf = xsrf_cookie(phone)
    socket_, session_id = open_session(phone, xsrf, cookie, query=f"key={phone.key}")
    try:
        assert upload(phone, xsrf, session_id, cookie) == 204
        request_urls = BackMsg()
        request_urls.file_urls_request.request_id = "r1"
        request_urls.file_urls_request.session_id = session_id
        request_urls.file_urls_request.file_names.append("a.csv")
        assert replies_until_heartbeat(socket_, request_urls) == ["file_urls_response"]
    finally:
        socket_.close()
    status, _, _ = fetch(f"{phone.base}/media/nothing-here.png", headers={"Cookie": cookie})
    assert status == 404  # past the guard: Streamlit itself has no such file


def test_the_key_is_in_no_line_the_server_wrote(phone: Server) -> None:
    paired_cookie(phone)
    rest = PAIRING_LINE.sub("", phone.output())
    assert phone.key not in rest


# --- both modes: no request to another computer -----------------------------------------


def handshake(server: Server, origin: str | None) -> bytes:
    """The status line of a websocket handshake with this Origin (None: none sent)."""
    host, port = server.host.rsplit(":", 1)
    raw = socket.create_connection((host, int(port)), timeout=30)
    if server.base.startswith("https"):
        raw = NO_CHECK.wrap_socket(raw, server_hostname=host)
    with raw:
        raw.sendall(
            (
                f"GET /_stcore/stream HTTP/1.1\r\nHost: {server.host}\r\n"
                + (f"Origin: {origin}\r\n" if origin else "")
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n"
            ).encode()
        )
        return raw.recv(100).split(b"\r\n")[0]


@pytest.mark.parametrize("mode", ["plain", "phone"])
@pytest.mark.parametrize("path", ["/", "/diary", "/settings?key=x"])
def test_the_page_shell_says_the_server_is_at_the_root(
    request: pytest.FixtureRequest, mode: str, path: str
) -> None:
    # Else a browser opening /diary looks for the server under /diary first (a 404, a pause).
    server: Server = request.getfixturevalue(mode)
    status, headers, body = fetch(f"{server.base}{path}", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert body.count(SHELL_SCRIPT) == 1
    assert body.index(SHELL_SCRIPT) < body.index(b"<script type=")  # before Streamlit's own
    assert headers["content-length"] == [str(len(body))]
    assert "etag" not in headers


def test_files_and_routes_pass_unchanged(plain: Server) -> None:
    for path in ("/favicon.png", "/_stcore/health", "/_stcore/host-config"):
        status, _, body = fetch(f"{plain.base}{path}")
        assert status == 200
        assert SHELL_SCRIPT not in body, path


@pytest.mark.parametrize("mode", ["plain", "phone"])
def test_a_refused_cross_origin_attempt_reaches_no_other_computer(
    request: pytest.FixtureRequest, mode: str
) -> None:
    server: Server = request.getfixturevalue(mode)
    scheme = server.base.split(":", 1)[0]
    assert b" 101 " in handshake(server, f"{scheme}://{server.host}")  # the app's own page
    for origin in ("https://evil.example", f"{scheme}://localhost:1", "null"):
        assert b" 403 " in handshake(server, origin), origin
    fetch(f"{server.base}/_stcore/metrics")
    recorded = server.outbound.read_text() if server.outbound.exists() else ""
    assert recorded == "", recorded
