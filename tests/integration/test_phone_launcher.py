"""`make phone`'s launcher: what it prints, and its refusals, without starting a server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from core.access import key_matches
from dashboard.phone.pairing import read_key_hash
from dashboard.phone.server import pairing_message
from tests.conftest import REPO

ADDRESS = "https://192.168.1.20:8501"
PAIRING = re.compile(r"^    https://192\.168\.1\.20:8501/\?key=(\S+)$", re.MULTILINE)


def printed_key(message: str) -> str | None:
    found = PAIRING.search(message)
    return found.group(1) if found else None


def test_the_first_start_prints_the_key_and_later_starts_keep_it(tmp_path: Path) -> None:
    first = pairing_message(folder=tmp_path, address=ADDRESS, new_key=False)
    key = printed_key(first)
    assert key and key_matches(key, read_key_hash(folder=tmp_path))
    again = pairing_message(folder=tmp_path, address=ADDRESS, new_key=False)
    assert printed_key(again) is None and key not in again
    assert "Phones paired before keep working" in again
    assert key_matches(key, read_key_hash(folder=tmp_path))


def test_new_key_replaces_the_key_and_unpairs_the_old_one(tmp_path: Path) -> None:
    old = printed_key(pairing_message(folder=tmp_path, address=ADDRESS, new_key=False))
    new = printed_key(pairing_message(folder=tmp_path, address=ADDRESS, new_key=True))
    assert old and new and old != new
    stored = read_key_hash(folder=tmp_path)
    assert key_matches(new, stored) and not key_matches(old, stored)


def launcher(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard.phone.server", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_help_explains_the_options() -> None:
    result = launcher("--help")
    assert result.returncode == 0
    for option in ("--port", "--new-key", "--host"):
        assert option in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "70000"], "is not a port"),
        (["--port", "http"], "is not a port"),
        (["--host", "my-laptop"], "is not an IP address"),
    ],
)
def test_a_bad_option_is_refused_with_a_clear_message(args: list[str], message: str) -> None:
    result = launcher(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
