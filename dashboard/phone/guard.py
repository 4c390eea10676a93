"""What reaches a browser before the app's own pages do: an ASGI middleware around Streamlit.

`dashboard/serve.py` (what `make run` and `make phone` start) puts this in front
of Streamlit's routes. Always:

- a websocket from another origin (a page on some other site or port) is refused
  here, before Streamlit sees it; Streamlit would otherwise look up this
  computer's public address on the internet to decide (streamlit.net_util);
- `/_stcore/metrics` (sessions, cache names and sizes) answers 404;
- the page shell tells the browser that the server is at the root (`shell_at_root`).

In phone mode a browser is *paired* once it has opened any address with the
key (`?key=…`): that answer sets an HttpOnly, Secure, SameSite=Strict cookie
holding an HMAC of the stored key hash (never the key), so a new key unpairs
every browser here too. An unpaired browser gets the locked page and nothing
else: the page shell and its static files, the health check, and a websocket
that passes only what the locked page needs (rerun, heartbeat, stop); file
uploads, media files, component files, sign-in routes and every other
`/_stcore/` address answer 403, and the cache-clearing, git, file-address and
download messages are dropped.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlparse

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from streamlit.logger import get_logger
from streamlit.proto.BackMsg_pb2 import BackMsg

from core.access import KEY_PARAM, key_matches
from dashboard.phone.pairing import phone_mode, read_key_hash

PAIRED_COOKIE = "cramp_diary_paired"
# Browsers keep a cookie at most 400 days; the home-screen link sets it again on each start.
PAIRED_COOKIE_S = 400 * 24 * 60 * 60
METRICS_PATH = "/_stcore/metrics"
# What the locked page itself needs from the server.
LOCKED_PAGE_PATHS = frozenset({"/_stcore/health", "/_stcore/host-config", "/_stcore/stream"})
# First path segments that are Streamlit's own routes rather than the page shell.
SERVER_ROUTES = frozenset({"_stcore", "media", "component", "auth", "oauth2callback", "app"})
# Said in the page shell before Streamlit's own script: the server is at the root. Without
# it a browser opening a page by its address (`/diary`) first looks for the server under
# that address (`/diary/_stcore/health`), and only after a 404 and a pause at the root:
# about 0.1 s lost on every such first view. A constant: never user text.
SHELL_SCRIPT = b"<script>window.__streamlit={BACKEND_BASE_URL:window.location.origin}</script>"
# Messages from an unpaired browser that reach Streamlit: enough to run the locked page.
LOCKED_MESSAGES = frozenset({"rerun_script", "app_heartbeat", "stop_script"})
_LOG = get_logger(__name__)


def paired_token(key_hash: str) -> str:
    """The cookie value of a paired browser: it proves the key was shown, and is not the key."""
    return hmac.new(key_hash.encode("ascii"), b"paired browser", hashlib.sha256).hexdigest()


def is_cross_origin(headers: Headers) -> bool:
    """Whether a browser says the request comes from a page of another origin."""
    origin = headers.get("origin")
    return origin is not None and urlparse(origin).netloc != headers.get("host")


def reaches_locked_page(path: str) -> bool:
    """Whether an unpaired browser may fetch `path`: the page shell, its files, the health
    check and the websocket, nothing of Streamlit's other routes."""
    first = path.lstrip("/").split("/", 1)[0]
    return path in LOCKED_PAGE_PATHS or first not in SERVER_ROUTES


def is_page_shell(scope: Scope) -> bool:
    """Whether a request asks for a page's address (the page shell), not a file or route."""
    path = scope["path"]
    first, last = path.lstrip("/").split("/", 1)[0], path.rsplit("/", 1)[-1]
    return (
        scope["type"] == "http"
        and scope["method"] == "GET"
        and first not in SERVER_ROUTES | {"static"}
        and "." not in last
    )


def shell_at_root(scope: Scope, send: Send) -> tuple[Scope, Send]:
    """The request asked uncompressed, and a sender that puts SHELL_SCRIPT into an HTML
    answer (the page shell) before its first script; any other answer passes unchanged."""
    asked = [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"]
    start: list[Message] = []  # an HTML answer's start, held until its body is whole
    body: list[bytes] = []

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            content_type = Headers(raw=message["headers"]).get("content-type", "")
            if content_type.startswith("text/html"):
                start.append(message)
                return
        if not start:
            await send(message)
            return
        body.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        shell = b"".join(body).replace(b"<script", SHELL_SCRIPT + b"<script", 1)
        headers = MutableHeaders(raw=list(start[0]["headers"]))
        headers["content-length"] = str(len(shell))
        for name in ("etag", "last-modified"):  # the shell is no longer the file on disk
            del headers[name]
        await send({**start[0], "headers": headers.raw})
        await send({"type": "http.response.body", "body": shell, "more_body": False})

    return {**scope, "headers": asked}, sending


class Guard:
    """The ASGI middleware described above."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if is_page_shell(scope):
            scope, send = shell_at_root(scope, send)
        headers = Headers(scope=scope)
        if scope["type"] == "websocket" and is_cross_origin(headers):
            await send({"type": "websocket.close", "code": 1008})  # before accepting: a 403
            return
        if scope["path"] == METRICS_PATH:
            await PlainTextResponse("Not found", status_code=404)(scope, receive, send)
            return
        mode = phone_mode()
        if mode is None:
            await self.app(scope, receive, send)
            return
        await self._locked_unless_paired(scope, receive, send, read_key_hash(folder=mode.folder))

    async def _locked_unless_paired(
        self, scope: Scope, receive: Receive, send: Send, key_hash: str | None
    ) -> None:
        """The phone server's lock: a paired browser, or one bringing the key, gets the
        app; any other gets the locked page only."""
        headers = Headers(scope=scope)
        token = paired_token(key_hash) if key_hash else None
        cookie = SimpleCookie(headers.get("cookie", "")).get(PAIRED_COOKIE)
        paired = bool(token and cookie and hmac.compare_digest(cookie.value, token))
        if scope["type"] == "websocket":
            await self.app(scope, receive if paired else _locked_messages(receive), send)
            return
        offered = parse_qs(scope.get("query_string", b"").decode("latin-1")).get(KEY_PARAM)
        if token is not None and offered and key_matches(offered[-1], key_hash):
            await self.app(scope, receive, _setting_cookie(send, token))
            return
        if not paired and not reaches_locked_page(scope["path"]):
            await PlainTextResponse("This diary is locked.", status_code=403)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _setting_cookie(send: Send, token: str) -> Send:
    cookie = (
        f"{PAIRED_COOKIE}={token}; Path=/; Max-Age={PAIRED_COOKIE_S}; Secure; HttpOnly; "
        "SameSite=Strict"
    )

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            MutableHeaders(scope=message).append("set-cookie", cookie)
        await send(message)

    return sending


def _locked_messages(receive: Receive) -> Callable[[], Awaitable[Message]]:
    async def receiving() -> Message:
        while True:
            message = await receive()
            data = message.get("bytes")
            if message["type"] != "websocket.receive" or not data:
                return message
            back = BackMsg()
            try:
                back.ParseFromString(data)
            except Exception:  # not a message at all: Streamlit closes the connection
                return message
            kind = back.WhichOneof("type")
            if kind in LOCKED_MESSAGES:
                return message
            _LOG.warning("Dropped a %r message from a browser without the key.", kind)

    return receiving
