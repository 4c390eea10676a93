"""Phone mode's files, kept beside the diary: the HTTPS certificate and the access key's hash.

`make phone` (dashboard.phone.server) makes them and tells the app where they
are through the environment; the app reads the key's hash on every run, so a
replaced key locks out every phone at once. Every file is owner-only (0600) in
an owner-only folder (0700): the private key and the hash are nobody else's.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from core.access import hash_key, new_key
from db.config import PRIVATE_FOLDER_MODE, app_data_folder, private_folder, write_private

# Set by the phone-mode launcher: the address phones use (no key), and where the files are.
PHONE_ADDRESS_ENV = "CRAMP_DIARY_PHONE_ADDRESS"
PAIRING_FOLDER_ENV = "CRAMP_DIARY_PAIRING_FOLDER"
CERTIFICATE_FILE = "certificate.pem"
PRIVATE_KEY_FILE = "private-key.pem"
KEY_HASH_FILE = "access-key.sha256"
# Apple devices refuse server certificates valid for longer than 825 days.
CERTIFICATE_DAYS = 825
# Made again this long before it runs out, so a phone never meets an expired one at night.
RENEW_BEFORE = timedelta(days=30)


@dataclass(frozen=True)
class PhoneMode:
    """How the running app is reached from a phone: its address and its pairing files."""

    address: str
    folder: Path


@dataclass(frozen=True)
class CertificateFiles:
    """The PEM files Streamlit serves HTTPS with."""

    certificate: Path
    private_key: Path


def pairing_folder() -> Path:
    """The folder of phone mode's files: `CRAMP_DIARY_PAIRING_FOLDER`, else beside the diary."""
    configured = os.environ.get(PAIRING_FOLDER_ENV, "").strip()
    folder = Path(configured) if configured else app_data_folder() / "phone"
    private_folder(folder)
    folder.chmod(PRIVATE_FOLDER_MODE)
    return folder


def phone_mode() -> PhoneMode | None:
    """Phone mode's settings when the app was started by `make phone`, else None."""
    address = os.environ.get(PHONE_ADDRESS_ENV, "").strip()
    if not address:
        return None
    return PhoneMode(address=address.rstrip("/"), folder=pairing_folder())


def read_key_hash(*, folder: Path) -> str | None:
    """The stored hash of the access key, or None when no key has been made."""
    try:
        return (folder / KEY_HASH_FILE).read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None


def replace_key(*, folder: Path) -> str:
    """Make a new access key and store its hash (every phone paired before is locked out).

    The key itself is returned to be shown once and is never written anywhere.
    """
    key = new_key()
    write_private(folder / KEY_HASH_FILE, f"{hash_key(key)}\n".encode("ascii"))
    return key


def _covers(certificate: x509.Certificate, addresses: Sequence[str], now: datetime) -> bool:
    try:
        names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return False
    ips = {str(ip) for ip in names.value.get_values_for_type(x509.IPAddress)}
    fresh = certificate.not_valid_after_utc - RENEW_BEFORE > now
    return fresh and set(addresses) <= ips


def ensure_certificate(
    *, folder: Path, addresses: Sequence[str], now: datetime | None = None
) -> CertificateFiles:
    """A self-signed certificate for these IP addresses, made once and reused.

    It is made again when the computer's address changed (a phone checks the
    address against the certificate) or when it is about to run out.
    """
    files = CertificateFiles(folder / CERTIFICATE_FILE, folder / PRIVATE_KEY_FILE)
    now = now or datetime.now(UTC)
    if files.certificate.exists() and files.private_key.exists():
        existing = x509.load_pem_x509_certificate(files.certificate.read_bytes())
        if _covers(existing, addresses, now):
            return files
    private_key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Cramp Diary on this computer")])
    alternative_names = [x509.IPAddress(ipaddress.ip_address(a)) for a in addresses]
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=CERTIFICATE_DAYS))
        .add_extension(
            x509.SubjectAlternativeName([*alternative_names, x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(private_key, hashes.SHA256())
    )
    write_private(
        files.private_key,
        private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )
    write_private(files.certificate, certificate.public_bytes(serialization.Encoding.PEM))
    return files
