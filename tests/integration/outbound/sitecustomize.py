"""Records every attempt to reach another computer, for test_outbound.

Put this folder on PYTHONPATH and name a file in CRAMP_DIARY_OUTBOUND_LOG: each
Python process started then (the launcher and the server it becomes) appends a
line there for each connect or sendto to an address that is not loopback, and
for each name lookup of a host other than this computer and localhost (a lookup
is the first step of any request, and happens even without a network).
"""

import ipaddress
import os
import socket
import sys

LOG = os.environ.get("CRAMP_DIARY_OUTBOUND_LOG", "")
LOCAL_NAMES = {"localhost", socket.gethostname()}


def _is_local(host: object) -> bool:
    if host is None or host in LOCAL_NAMES or host == "":
        return True
    try:
        address = ipaddress.ip_address(str(host).split("%")[0])
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _record(event: str, args: tuple[object, ...]) -> None:
    if event in ("socket.connect", "socket.sendto"):
        address = args[1]
        if isinstance(address, tuple) and not _is_local(address[0]):
            _write(f"{event} {address!r}")
    elif event == "socket.getaddrinfo" and not _is_local(args[0]):
        _write(f"{event} {args[0]!r}")


def _write(line: str) -> None:
    with open(LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {line}\n")


if LOG:
    sys.addaudithook(_record)
