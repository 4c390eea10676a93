"""`make phone`: the app for the home network, over HTTPS, behind a pairing key.

    python -m dashboard.phone.server [--port 8501] [--new-key] [--host 192.168.1.20]

Makes the certificate and the key the first time (dashboard.phone.pairing), prints the
pairing address once, then becomes `streamlit run` listening on every network
interface. The key is printed only here, on the terminal of the person who
started it; the server's own output never holds it.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from pathlib import Path

from core.access import address_with_key
from dashboard.pages import SERVED
from dashboard.phone.pairing import (
    PAIRING_FOLDER_ENV,
    PHONE_ADDRESS_ENV,
    ensure_certificate,
    pairing_folder,
    read_key_hash,
    replace_key,
)

DEFAULT_PORT = 8501
# A phone asleep since the evening keeps its page (and what it had typed) until morning.
SESSION_KEPT_S = 12 * 60 * 60
# Any address outside this network: connecting a UDP socket sends nothing, it only picks the
# interface (and so the address) the computer would use to reach the home router and beyond.
_PROBE = ("192.0.2.1", 9)


def home_network_address() -> str:
    """This computer's address on the home network (127.0.0.1 when it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(_PROBE)
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def other_addresses() -> set[str]:
    """The computer's other IPv4 addresses (Wi-Fi and cable both, say), plus loopback."""
    found = {"127.0.0.1"}
    try:
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.add(str(address[0]))
    except OSError:
        pass  # no name for this computer: the address the probe found is enough
    return found


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make phone",
        description="Serve Cramp Diary to your phone on the home network, over HTTPS, with a key.",
    )
    parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help="port (default 8501)")
    parser.add_argument(
        "--new-key",
        action="store_true",
        help="replace the key: every phone paired before must scan the new code",
    )
    parser.add_argument(
        "--host",
        type=_ip_address,
        default=None,
        help="the address phones use (default: this computer's home network address)",
    )
    return parser.parse_args(argv)


def pairing_message(*, folder: Path, address: str, new_key: bool) -> str:
    """What the launcher prints: the pairing address when a key is made, else how to pair.

    A key is made when asked for or when there is none yet; an existing one
    cannot be shown again (only its hash is kept), and phones paired with it
    keep working.
    """
    if new_key or read_key_hash(folder=folder) is None:
        key = replace_key(folder=folder)
        lines = [
            "Cramp Diary for your phone. Open this address on the phone (or scan the code in "
            "Settings → Use on your phone), then add it to the home screen:",
            "",
            f"    {address_with_key(address, key)}",
            "",
            "The key is shown only now. Replace it with `make phone NEW_KEY=1`.",
        ]
    else:
        lines = [
            f"Cramp Diary for your phone at {address}. Phones paired before keep working.",
            "To pair another one, scan the code under Settings → Use on your phone on a paired "
            "device, or run `make phone NEW_KEY=1` (this unpairs every phone).",
        ]
    lines.append(
        "The phone warns about the certificate the first time: it is this computer's own, "
        "see README → Using it from a phone."
    )
    return "\n".join(lines) + "\n"


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port (a number from 1 to 65535)")
    return int(text)


def _ip_address(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an IP address such as 192.168.1.20"
        ) from None


def main(argv: list[str] | None = None) -> None:
    """Make what phone mode needs, print the pairing address, and start the server."""
    args = _arguments(argv)
    host = args.host or home_network_address()
    folder = pairing_folder()
    addresses = sorted({host} | other_addresses())
    # The certificate and the Host check both name every address a phone may use.
    files = ensure_certificate(folder=folder, addresses=addresses)
    address = f"https://{host}:{args.port}"
    sys.stdout.write(pairing_message(folder=folder, address=address, new_key=args.new_key))
    sys.stdout.flush()
    env = {**os.environ, PHONE_ADDRESS_ENV: address, PAIRING_FOLDER_ENV: str(folder)}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(SERVED),
        "--server.address",
        "0.0.0.0",
        "--server.port",
        str(args.port),
        "--server.sslCertFile",
        str(files.certificate),
        "--server.sslKeyFile",
        str(files.private_key),
        *[
            option
            for name in [*addresses, "localhost"]
            for option in ("--server.allowedHosts", name)
        ],
        "--server.disconnectedSessionTTL",
        str(SESSION_KEPT_S),
        "--browser.serverAddress",
        host,
    ]
    # Become the server (same process id), so stopping `make phone` stops it.
    os.execve(sys.executable, command, env)


if __name__ == "__main__":
    main()
