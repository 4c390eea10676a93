"""`make test` sets up a fresh machine: it installs the Debian packages the tests need when run
as root, and otherwise stops at once with the exact command to run."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "tests" / "system-packages.sh"


@pytest.fixture
def bare_path() -> Iterator[str]:
    """A PATH holding only what the script itself runs: no Chromium, poppler or PostgreSQL
    (in a folder any user can read: pytest's own are the owner's only)."""
    folder = Path(tempfile.mkdtemp(prefix="bare-path-"))
    for tool in ("bash", "id"):
        found = shutil.which(tool)
        assert found is not None
        (folder / tool).symlink_to(found)
    folder.chmod(0o755)
    yield str(folder)
    shutil.rmtree(folder)


def test_a_machine_without_the_packages_stops_with_the_command_to_run(bare_path: str) -> None:
    path = bare_path
    command = [str(SCRIPT)]
    if os.geteuid() == 0:  # the check must run as an ordinary user, who cannot install
        command = [
            "/usr/sbin/runuser",
            "-u",
            "nobody",
            "--",
            "/usr/bin/env",
            f"PATH={path}",
            *command,
        ]
    done = subprocess.run(
        command, env={"PATH": path}, capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 1
    assert "sudo apt-get update && sudo apt-get install -y chromium poppler-utils" in done.stderr


def test_a_machine_with_the_packages_goes_straight_on() -> None:
    done = subprocess.run([str(SCRIPT)], capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 0 and done.stderr == ""


def test_make_test_checks_the_packages_before_anything_else_and_ci_only_calls_it() -> None:
    makefile = (REPO / "Makefile").read_text()
    assert "test: system-packages lint\n" in makefile
    assert "system-packages:\n\ttests/system-packages.sh\n" in makefile
    ci = [
        line
        for line in (REPO / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert ci == ["set -euo pipefail", 'cd "$(dirname "$0")/.."', "make test"]
