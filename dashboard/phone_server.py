"""`make phone`: the app for the home network, over HTTPS, behind a pairing key.

    python -m dashboard.phone_server [--port 8501] [--new-key] [--host 192.168.1.20]

Makes the certificate and the key the first time (db.pairing), prints the
pairing address once, then becomes `streamlit run` listening on every network
interface. The key is printed only here, on the terminal of the person who
started it; the server's own output never holds it.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from pathlib import Path

from core.access import address_with_key
from db.pairing import (
    PAIRING_FOLDER_ENV,
    PHONE_ADDRESS_ENV,
    ensure_certificate,
    pairing_folder,
    read_key_hash,
    replace_key,
)

ENTRY = Path(__file__).with_name("app.py")
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


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="make phone",
        description="Serve Cramp Diary to your phone on the home network, over HTTPS, with a key.",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (default 8501)")
    parser.add_argument(
        "--new-key",
        action="store_true",
        help="replace the key: every phone paired before must scan the new code",
    )
    parser.add_argument(
        "--host",
        default=None,
        help="the address phones use (default: this computer's home network address)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    """Make what phone mode needs, print the pairing address, and start the server."""
    args = _arguments(argv)
    host = args.host or home_network_address()
    folder = pairing_folder()
    files = ensure_certificate(folder=folder, addresses=sorted({host, "127.0.0.1"}))
    address = f"https://{host}:{args.port}"
    out = sys.stdout
    if args.new_key or read_key_hash(folder=folder) is None:
        key = replace_key(folder=folder)
        out.write(
            "Cramp Diary for your phone. Open this address on the phone (or scan the code in "
            "Settings → Use on your phone), then add it to the home screen:\n\n"
        )
        out.write(f"    {address_with_key(address, key)}\n\n")
        out.write("The key is shown only now. Replace it with `make phone NEW_KEY=1`.\n")
    else:
        out.write(
            f"Cramp Diary for your phone at {address}. Phones paired before keep working.\n"
            "To pair another one, scan the code under Settings → Use on your phone on a paired "
            "device, or run `make phone NEW_KEY=1` (this unpairs every phone).\n"
        )
    out.write(
        "The phone warns about the certificate the first time: it is this computer's own, "
        "see README → Using it from a phone.\n"
    )
    out.flush()
    env = {**os.environ, PHONE_ADDRESS_ENV: address, PAIRING_FOLDER_ENV: str(folder)}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ENTRY),
        "--server.address",
        "0.0.0.0",
        "--server.port",
        str(args.port),
        "--server.sslCertFile",
        str(files.certificate),
        "--server.sslKeyFile",
        str(files.private_key),
        "--server.allowedHosts",
        host,
        "--server.allowedHosts",
        "localhost",
        "--server.allowedHosts",
        "127.0.0.1",
        "--server.disconnectedSessionTTL",
        str(SESSION_KEPT_S),
        "--browser.serverAddress",
        host,
    ]
    # Become the server (same process id), so stopping `make phone` stops it.
    os.execve(sys.executable, command, env)


if __name__ == "__main__":
    main()
