"""`make venv` compiles every dependency's bytecode at install (issue 20), so no start
compiles anything, even where PYTHONDONTWRITEBYTECODE=1 forbids writing it at import."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

# The libraries the first page and the statistics load: the costliest to compile.
PACKAGES = ("pandas", "numpy", "streamlit", "plotly", "sqlalchemy", "scipy", "statsmodels")


def _uncompiled(package: str) -> tuple[int, list[str]]:
    """How many of the package's sources there are, and those without a .pyc for this
    interpreter (cache_from_source names the file for the running version's tag)."""
    spec = importlib.util.find_spec(package)
    assert spec is not None and spec.origin is not None, package
    sources = list(Path(spec.origin).parent.rglob("*.py"))
    missing = [
        str(source)
        for source in sources
        if not Path(importlib.util.cache_from_source(str(source))).is_file()
    ]
    return len(sources), missing


@pytest.mark.parametrize("package", PACKAGES)
def test_the_dependencies_are_installed_compiled(package: str) -> None:
    count, missing = _uncompiled(package)
    assert count > 10  # the package's sources were found, so a missing .pyc would show
    assert missing == [], f"{len(missing)} of {count} not compiled, e.g. {missing[:3]}"
