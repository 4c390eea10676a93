"""The diary and phone mode's files are readable by their owner only (0600 in 0700 folders)."""

from __future__ import annotations

import ipaddress
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from sqlalchemy import text

from core.access import hash_key, key_matches
from dashboard.phone.pairing import (
    KEY_HASH_FILE,
    PAIRING_FOLDER_ENV,
    ensure_certificate,
    pairing_folder,
    read_key_hash,
    replace_key,
)
from db.config import get_database_url
from db.engine import create_diary_engine


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def loose_umask() -> object:
    """The common default umask, under which files come out world-readable."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_diary_file_and_its_wal_files_are_owner_only(
    tmp_path: Path, loose_umask: object
) -> None:
    path = tmp_path / "new" / "folder" / "diary.sqlite"
    engine = create_diary_engine(f"sqlite:///{path}")
    try:
        with engine.begin() as connection:
            connection.execute(text("SELECT count(*) FROM diary_state"))
            for companion in ("-wal", "-shm"):
                assert mode(Path(f"{path}{companion}")) == 0o600, companion
    finally:
        engine.dispose()
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(path.parent.parent) == 0o700


def test_an_existing_shared_folder_is_left_alone(tmp_path: Path, loose_umask: object) -> None:
    tmp_path.chmod(0o755)
    create_diary_engine(f"sqlite:///{tmp_path / 'diary.sqlite'}").dispose()
    assert mode(tmp_path) == 0o755
    assert mode(tmp_path / "diary.sqlite") == 0o600


def test_a_world_readable_diary_from_before_is_tightened(
    tmp_path: Path, loose_umask: object
) -> None:
    path = tmp_path / "diary.sqlite"
    create_diary_engine(f"sqlite:///{path}").dispose()
    path.chmod(0o644)
    create_diary_engine(f"sqlite:///{path}").dispose()
    assert mode(path) == 0o600


def test_the_default_data_folder_is_owner_only_even_if_it_was_open(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loose_umask: object
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "data" / "cramp-diary"
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    url = get_database_url()
    assert url == f"sqlite:///{folder / 'diary.sqlite'}"
    assert mode(folder) == 0o700
    create_diary_engine(url).dispose()
    assert mode(folder / "diary.sqlite") == 0o600


def test_phone_mode_files_sit_beside_the_diary_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loose_umask: object
) -> None:
    monkeypatch.delenv(PAIRING_FOLDER_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = pairing_folder()
    assert folder == tmp_path / "data" / "cramp-diary" / "phone"
    files = ensure_certificate(folder=folder, addresses=["192.168.1.20", "127.0.0.1"])
    key = replace_key(folder=folder)
    assert mode(folder) == 0o700
    assert mode(folder.parent) == 0o700
    for path in (files.certificate, files.private_key, folder / KEY_HASH_FILE):
        assert mode(path) == 0o600, path.name
    # Only the hash is stored, nowhere the key itself.
    assert read_key_hash(folder=folder) == hash_key(key)
    assert all(key not in p.read_text() for p in folder.iterdir())


def test_the_certificate_names_the_home_network_address_and_uses_an_ec_key(
    tmp_path: Path,
) -> None:
    files = ensure_certificate(folder=tmp_path, addresses=["192.168.1.20", "127.0.0.1"])
    certificate = x509.load_pem_x509_certificate(files.certificate.read_bytes())
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(names.get_values_for_type(x509.IPAddress)) == {
        ipaddress.ip_address("192.168.1.20"),
        ipaddress.ip_address("127.0.0.1"),
    }
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    private_key = load_pem_private_key(files.private_key.read_bytes(), password=None)
    assert isinstance(private_key, ec.EllipticCurvePrivateKey)
    assert certificate.public_key() == private_key.public_key()
    lifetime = certificate.not_valid_after_utc - certificate.not_valid_before_utc
    assert lifetime <= timedelta(days=826)


def test_the_certificate_is_made_once_and_again_only_when_the_address_changes(
    tmp_path: Path,
) -> None:
    first = ensure_certificate(folder=tmp_path, addresses=["192.168.1.20"])
    made = first.certificate.read_bytes()
    ensure_certificate(folder=tmp_path, addresses=["192.168.1.20"])
    assert first.certificate.read_bytes() == made
    ensure_certificate(folder=tmp_path, addresses=["10.0.0.7"])
    assert first.certificate.read_bytes() != made
    renewed = first.certificate.read_bytes()
    soon_expired = datetime.now(UTC) + timedelta(days=820)
    ensure_certificate(folder=tmp_path, addresses=["10.0.0.7"], now=soon_expired)
    assert first.certificate.read_bytes() != renewed


def test_a_replaced_key_unpairs_the_old_one(tmp_path: Path) -> None:
    old = replace_key(folder=tmp_path)
    new = replace_key(folder=tmp_path)
    stored = read_key_hash(folder=tmp_path)
    assert key_matches(new, stored)
    assert not key_matches(old, stored)
    assert read_key_hash(folder=tmp_path / "elsewhere") is None
